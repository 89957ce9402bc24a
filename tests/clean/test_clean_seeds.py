"""The acceptance checks on the two real seed reports (read from ../shared/seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wiredesk.clean import CleanStage
from wiredesk.clean.segments import segment_key
from wiredesk.records import Document
from wiredesk.stage import StageStats

pytestmark = pytest.mark.model  # the possessive repairs consult spaCy's tagger

# The repairs EXPECTED.md lists for seed 003, as (damaged, repaired) fragments of its text.
EXPECTED_003_REPAIRS = [
    ("officials.The report", "officials. The report"),
    ("missing.U.S. officials", "missing. U.S. officials"),
    ("reported.Despite", "reported. Despite"),
    ("region.Neither", "region. Neither"),
    ("Kyiv.Russia expects", "Kyiv. Russia expects"),
    ("official.U.S. intelligence", "official. U.S. intelligence"),
    ("newspaper.North Korea", "newspaper. North Korea"),
    ("daily.Kim", "daily. Kim"),
    ("Timesreported", "Times reported"),
    ("Pyongyangs best-trained", "Pyongyang's best-trained"),
    ("Ukraines surprise", "Ukraine's surprise"),
    ("North Koreas missile", "North Korea's missile"),
]
ARTICLE_END_003 = "U.S.\nofficials said."


def _seed(seeds_dir: Path, prefix: str) -> Path:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="module")
def cleaned(seeds_dir: Path) -> dict[str, Document]:
    docs = [
        Document(id=prefix, raw=_seed(seeds_dir, prefix).read_text(encoding="utf-8"))
        for prefix in ("000", "003")
    ]
    CleanStage().run(docs, StageStats(name="clean"))
    return {doc.id: doc for doc in docs}


def expected_003(raw: str) -> str:
    """The article of seed 003: cut after its last sentence, then the listed repairs."""
    article = raw[: raw.index(ARTICLE_END_003) + len(ARTICLE_END_003)]
    article = article.replace("U.S.\n", "U.S. ")
    for damaged, repaired in EXPECTED_003_REPAIRS:
        assert article.count(damaged) == 1, damaged
        article = article.replace(damaged, repaired)
    return article


def test_seed_000_is_its_first_eight_paragraphs(cleaned: dict[str, Document]) -> None:
    doc = cleaned["000"]
    assert not doc.skip_reason
    assert doc.text == "\n".join(doc.raw.split("\n")[:8])
    assert doc.repairs == []


def test_seed_000_appeal_removed_with_reason(cleaned: dict[str, Document]) -> None:
    doc = cleaned["000"]
    tail = "\n".join(doc.raw.split("\n")[8:])
    assert tail.startswith("A Message from The Moscow Times:")
    assert tail.endswith("Remind me later.")
    removed_words = segment_key(" ".join(removal.text for removal in doc.removed))
    assert removed_words == segment_key(tail)
    assert all(removal.reason for removal in doc.removed)


def test_seed_003_ends_at_the_last_sentence_with_repairs(cleaned: dict[str, Document]) -> None:
    doc = cleaned["003"]
    assert not doc.skip_reason
    assert doc.text.endswith("provide diplomatic backing at the UN, U.S. officials said.")
    assert doc.text == expected_003(doc.raw)


def test_seed_003_lists_each_repair(cleaned: dict[str, Document]) -> None:
    doc = cleaned["003"]
    made = [(repair.before, repair.after) for repair in doc.repairs]
    for damaged, repaired in EXPECTED_003_REPAIRS:
        assert any(
            before in damaged and after in repaired and before != after for before, after in made
        ), damaged
    joins = [r for r in doc.repairs if r.reason == "line break after abbreviation 'U.S.'"]
    assert len(joins) == doc.raw.count("U.S.\n")
    assert all(repair.reason for repair in doc.repairs)


def test_seed_003_boilerplate_removed_each_with_reason(cleaned: dict[str, Document]) -> None:
    doc = cleaned["003"]
    tail = doc.raw[doc.raw.index(ARTICLE_END_003) + len(ARTICLE_END_003) :]
    assert tail.startswith("A Message from The Moscow Times:Dear readers,")
    assert segment_key(" ".join(removal.text for removal in doc.removed)) == segment_key(tail)
    by_piece = {
        "appeal": "We, the journalists of The Moscow Times, refuse to be silenced.",
        "reminder widget": "Your reminder is set.",
        "privacy line": "please see our Privacy Policy.",
        "menu start": "Music",
        "menu end": "Best Collections",
    }
    for piece in by_piece.values():
        (removal,) = [r for r in doc.removed if piece in r.text]
        assert removal.reason
    (menu,) = [r for r in doc.removed if r.text.startswith("Music")]
    assert menu.text.endswith("Best Collections")
    assert menu.reason == "menu: run of short link-like lines"


def test_appeal_is_recognised_by_repetition(cleaned: dict[str, Document]) -> None:
    for doc in cleaned.values():
        (appeal,) = [r for r in doc.removed if r.text.startswith("A Message from")]
        assert appeal.reason == "repeated across 2 articles of The Moscow Times"


def test_publisher_inferred_from_appeal_signature(cleaned: dict[str, Document]) -> None:
    for doc in cleaned.values():
        assert doc.publisher == "The Moscow Times"
        assert doc.publisher_inferred


def test_raw_input_is_kept(cleaned: dict[str, Document], seeds_dir: Path) -> None:
    for prefix, doc in cleaned.items():
        assert doc.raw == _seed(seeds_dir, prefix).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_each_seed_alone_loses_its_signed_appeal(seeds_dir: Path, prefix: str) -> None:
    doc = Document(id=prefix, raw=_seed(seeds_dir, prefix).read_text(encoding="utf-8"))
    CleanStage().run([doc], StageStats(name="clean"))
    assert "Message from" not in doc.text
    assert "Dear readers" not in doc.text
    assert "Prosecutor General" not in doc.text
    assert doc.text.endswith(("war effort.", "U.S. officials said."))
