"""The store keeps every field of every record, and a failed write leaves it as it was."""

from __future__ import annotations

from datetime import date

import pytest

from wiredesk.records import (
    Claim,
    Difference,
    Document,
    LedgerEntry,
    LedgerRow,
    Quantity,
    Removal,
    Repair,
    Span,
    Story,
    Version,
)
from wiredesk.store import connect, load_documents, load_ledger, load_stories, save_corpus


def sample_corpus() -> tuple[list[Document], list[Story], list[LedgerRow]]:
    text = "Officials said more than 300 workers joined the strike."
    claim = Claim(
        source=[Span(0, 9, "Officials")],
        cue=[Span(10, 14, "said")],
        content=[Span(15, 55, text[15:55])],
        hedge="asserted",
        quantities=[Quantity("more than 300 workers", 300, 300, None, False, "", "workers")],
        via=["Harbour Post", "Officials"],
        source_name="officials",
        source_type="officials",
        times=["Monday"],
        sentence=Span(0, len(text), text),
    )
    doc = Document(
        id="a1",
        raw=text + "\nSubscribe now!",
        origin="batch.jsonl:1",
        title="Strike",
        publisher="Harbour Post",
        published=date(2025, 3, 2),
        text=text,
        removed=[Removal("Subscribe now!", "call to action")],
        repairs=[Repair("said.More", "said. More", "space after sentence end")],
        dedup_group="g-a1",
        copies=["a2"],
        story="s-a1",
        entities=["Harbour Post"],
        claims=[claim],
        input_key="key-of-a1",
        language="en",
        language_confidence=0.99,
        versions=[Version("a3", 0.88, [Difference("figure", "300", "400")])],
        dedup_evidence={"copies": {"a2": 1.0}},
        story_evidence={
            "nearest": "b7",
            "similarity": 0.41,
            "shared_names": ["Harbour Post"],
            "shared_numbers": ["300"],
            "day_gap": None,
        },
    )
    story = Story("s-a1", "Strike", ["a1"], date(2025, 3, 2), date(2025, 3, 2), ["Harbour"])
    entry = LedgerEntry(
        "a1",
        0,
        "Harbour Post",
        "officials",
        "officials",
        "asserted",
        "positive",
        claim.quantities,
        text[15:55],
        date(2025, 3, 2),
        via=claim.via,
    )
    row = LedgerRow("s-a1", "strike workers", [entry], "single-source", 1, ["a note"])
    return [doc], [story], [row]


def test_round_trip_keeps_every_field(db_url: str) -> None:
    engine = connect(db_url)
    docs, stories, ledger = sample_corpus()
    save_corpus(engine, docs, stories, ledger, inputs=["batch.jsonl"], summary={"ok": 1})
    assert load_documents(engine) == docs
    assert load_stories(engine) == stories
    assert load_ledger(engine) == ledger
    assert load_ledger(engine, "other") == []


def test_failed_write_leaves_previous_run_intact(db_url: str) -> None:
    engine = connect(db_url)
    docs, stories, ledger = sample_corpus()
    save_corpus(engine, docs, stories, ledger, inputs=[], summary={})
    broken = Document(id="a1", raw="x")  # same primary key twice: the insert fails
    with pytest.raises(Exception):  # noqa: B017 - any database error will do
        save_corpus(engine, [*docs, broken], stories, ledger, inputs=[], summary={})
    assert load_documents(engine) == docs
    assert load_ledger(engine) == ledger


def test_text_with_nul_and_private_use_characters_comes_back_unchanged(db_url: str) -> None:
    engine = connect(db_url)
    awkward = "Officials said\x00 40\ue000 hurt\ue0000 \ue000\ue000\x00\x00 end"
    doc = Document(id="nul", raw=awkward, title=awkward, text=awkward, publisher="Post\x00")
    save_corpus(engine, [doc], [], [], inputs=[], summary={})
    stored = load_documents(engine)
    assert [(d.raw, d.title, d.text, d.publisher) for d in stored] == [
        (awkward, awkward, awkward, "Post\x00")
    ]
