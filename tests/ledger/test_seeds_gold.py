"""The seeds' hand-written gold ledger (benchmarks/gold/seeds_ledger.json) is well formed, names
the seed files, and identifies every member claim by words the seed text really holds."""

import json
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold" / "seeds_ledger.json"
VERDICTS = {"agree", "consistent", "conflict", "single-source"}


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def normalised(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


def test_gold_names_the_seed_files(gold, seeds_dir: Path):
    for doc in gold["documents"]:
        assert (seeds_dir / f"{doc}.txt").is_file(), doc


def test_gold_rows_are_well_formed(gold):
    assert gold["rows"]
    for row in gold["rows"]:
        assert row["topic"] and row["why"]
        assert set(row["verdicts"]) <= VERDICTS and row["verdicts"]
        assert row["independent_sources"] and all(n >= 1 for n in row["independent_sources"])
        for member in row["members"]:
            assert member["doc"] in gold["documents"]
            assert member["source"] and member["words"]
            # identifiers, not article text
            assert all(len(w.split()) <= 3 for w in member["words"]), member


def test_every_member_names_words_of_its_seed(gold, seeds_dir: Path):
    texts = {
        doc: normalised((seeds_dir / f"{doc}.txt").read_text(encoding="utf-8"))
        for doc in gold["documents"]
    }
    for row in gold["rows"]:
        for member in row["members"]:
            text = texts[member["doc"]]
            for word in member["words"]:
                assert normalised(word) in text, (row["topic"], word)
