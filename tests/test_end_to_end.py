"""The whole pipeline on the two real seed reports, as ../shared/seeds/EXPECTED.md describes."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wiredesk.cli import app
from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import run_corpus
from wiredesk.store import connect, load_documents, load_ledger, load_stories

pytestmark = pytest.mark.model

SEED_000 = "000_b130127629c9816c"
SEED_003 = "003_ff3219c0ff1ccca0"


@pytest.fixture(scope="module")
def seeded(new_db_url, seeds_dir: Path):
    engine = connect(new_db_url())
    report = run_corpus([str(seeds_dir)], engine, IngestOptions(published=date(2025, 2, 11)))
    return engine, report


def by_id(engine) -> dict:
    return {d.id: d for d in load_documents(engine)}


def test_both_seeds_form_one_story_and_are_not_copies(seeded) -> None:
    engine, _ = seeded
    docs = by_id(engine)
    assert docs[SEED_000].story == docs[SEED_003].story
    assert docs[SEED_000].dedup_group != docs[SEED_003].dedup_group
    assert [len(s.document_ids) for s in load_stories(engine)] == [2]


def test_appeal_and_menu_are_removed_with_reasons(seeded) -> None:
    docs = by_id(seeded[0])
    first, second = docs[SEED_000], docs[SEED_003]
    for doc in (first, second):
        assert "Dear readers" not in doc.text
        assert "Remind me later" not in doc.text
        assert all(r.reason for r in doc.removed)
    assert first.text.rstrip().endswith("to support Russia's war effort.")
    assert second.text.rstrip().endswith(
        "provide diplomatic backing at the UN, U.S. officials said."
    )
    removed_003 = " ".join(r.text for r in second.removed)
    assert "A Message from The Moscow Times" in removed_003
    assert "Best Collections" in removed_003 and "Music" in removed_003
    assert "Best Collections" not in second.text


def test_seed_003_is_repaired(seeded) -> None:
    doc = by_id(seeded[0])[SEED_003]
    for repaired in ("U.S. officials. The report", "Kyiv. Russia expects", "Times reported"):
        assert repaired in doc.text
    assert "U.S.\n" not in doc.text
    assert {r.reason for r in doc.repairs}


def claims_of(engine) -> list:
    return [c for d in load_documents(engine) for c in d.claims]


def test_claims_include_the_main_sources_and_chains(seeded) -> None:
    claims = claims_of(seeded[0])
    chains = [" <- ".join(c.via).lower() for c in claims]
    assert any(
        "afp" in ch and ("intelligence service" in ch or "spy agency" in ch) for ch in chains
    )
    assert any("ukraine's military" in ch for ch in chains)
    assert any("new york times" in ch and "ukrainian and u.s. officials" in ch for ch in chains)


def test_ledger_has_the_expected_rows(seeded) -> None:
    rows = load_ledger(seeded[0])
    assert rows

    def row_with(*phrases: str):
        for row in rows:
            contents = " ".join(e.content.lower() for e in row.entries)
            if all(p in contents for p in phrases):
                return row
        return None

    size = next(
        r
        for r in rows
        if {q.lower for e in r.entries for q in e.quantities} >= {10000}
        and any(q.value == 11000 for e in r.entries for q in e.quantities)
    )
    assert size.verdict == "consistent"
    assert row_with("combat") is not None
    losses = [
        r
        for r in rows
        if any(w in e.content.lower() for e in r.entries for w in ("losses", "casualties"))
    ]
    assert losses


def test_rerun_adds_nothing_and_new_input_extends_the_story(seeded, seeds_dir, tmp_path) -> None:
    engine, _ = seeded
    before = (load_documents(engine), load_stories(engine), load_ledger(engine))
    again = run_corpus([str(seeds_dir)], engine, IngestOptions(published=date(2025, 2, 11)))
    assert again.new_documents == 0 and not again.changed
    assert (load_documents(engine), load_stories(engine), load_ledger(engine)) == before

    follow_up = tmp_path / "followup.jsonl"
    follow_up.write_text(
        json.dumps(
            {
                "id": "followup",
                "publisher": "Desk Test Wire",
                "published": "2025-02-12",
                "text": (
                    "North Korean troops deployed to Russia's Kursk region have not engaged "
                    "in combat since mid-January after heavy losses, South Korea's National "
                    "Intelligence Service said on Wednesday. Pyongyang sent about 11,000 "
                    "soldiers to Russia last year, officials said."
                ),
            }
        )
        + "\n"
    )
    run_corpus([str(follow_up)], engine, IngestOptions())
    stories = load_stories(engine)
    assert len(stories) == 1 and len(stories[0].document_ids) == 3
    assert stories[0].id == before[1][0].id


def test_cli_run_prints_summary_and_ledger_and_survives_bad_input(
    seeds_dir, tmp_path, db_url
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in seeds_dir.glob("*.txt"):
        shutil.copy(seed, corpus / seed.name)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "cut.txt.gz").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03abc")
    (corpus / "nothing.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    (corpus / "bad.jsonl").write_text('{"id": "x", "text": \n')
    result = CliRunner().invoke(app, ["run", str(corpus), "--date", "2025-02-11", "--db", db_url])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "run summary" in out
    for reason in ("empty input", "binary content", "truncated gzip", "malformed JSON"):
        assert reason in out
    stored = by_id(connect(db_url))
    assert stored["nothing"].skip_reason.startswith("clean:")
    assert {SEED_000, SEED_003} <= set(stored)
    assert "consistent" in out
