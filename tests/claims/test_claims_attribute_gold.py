"""The hedging, quantity and time gold set that bench_claim_attributes scores is well formed."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

from wiredesk.records import Quantity, Time

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold" / "claim_attributes.jsonl"
HEDGES = {"asserted", "probable", "possible", "alleged", "denied"}


def cases() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


def test_enough_cases_of_each_kind_with_unique_ids():
    found = cases()
    kinds = Counter(case["kind"] for case in found if case.get("split", "tune") == "tune")
    assert kinds["hedge"] >= 60 and kinds["quantity"] >= 50 and kinds["time"] >= 45
    assert len({case["id"] for case in found}) == len(found)


def test_every_answer_fits_its_record_and_its_sentence():
    for case in cases():
        assert case.get("split", "tune") in ("tune", "held"), case["id"]
        if case["kind"] == "hedge":
            assert case["hedge"] in HEDGES and case["polarity"] in ("positive", "negative")
            assert case["cue"].lower() in case["text"].lower(), case["id"]
        elif case["kind"] == "quantity":
            assert case["anchor"] in case["text"], case["id"]
            if case["quantity"] is not None:
                Quantity(text=case["anchor"], **case["quantity"])
        else:
            time = Time(**case["time"])
            assert case["anchor"] in time.text and time.text in case["text"], case["id"]
            if case["published"]:
                date.fromisoformat(case["published"])
            if time.resolved:
                assert date.fromisoformat(time.start) <= date.fromisoformat(time.end)
            else:
                assert time.start is None and time.end is None
