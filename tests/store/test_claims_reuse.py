"""Stored claims are reused only when they were made from the same text by the same span finder
(and code): a run with another ``--spans`` re-extracts them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import run_corpus
from wiredesk.records import Document
from wiredesk.store import connect, load_documents

pytestmark = pytest.mark.model

# The rules read "Engineers believe"; only the span model also reads "Residents fear".
DAM = (
    "Residents of Low Orvel fear the repaired dam could fail again before the summer. "
    "Engineers believe the new cracks in the embankment are recent, the water ministry said "
    "on Monday. The reservoir was lowered by two metres last week."
)
HARBOUR = (
    "Dock workers at the Saltreach harbour went on strike on Monday. More than 300 workers "
    "joined the strike, union officials said. The port authority warned that ships would be "
    "diverted to Eastport until the dispute is settled."
)
ORCHARD = (
    "Late frost destroyed most of the cherry blossom in the Orvel valley orchards, growers "
    "said on Tuesday. The growers' association said the harvest would be less than a third "
    "of last year's."
)


def batch(folder: Path, name: str, reports: list[tuple[str, str]]) -> str:
    path = folder / f"{name}.jsonl"
    lines = [
        json.dumps({"id": id_, "text": text, "publisher": "Halvik Courier"})
        for id_, text in reports
    ]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def run(paths: list[str], url: str, spans: str) -> tuple[list[Document], Counter]:
    engine = connect(url)
    report = run_corpus(paths, engine, IngestOptions(published=date(2026, 3, 9)), spans=spans)
    claims_counts = next(s.counts for s in report.stages if s.name == "claims")
    docs = load_documents(engine)
    engine.dispose()
    return docs, claims_counts


def claims_of(docs: list[Document], id_: str) -> list:
    return next(d.claims for d in docs if d.id == id_)


def test_stored_claims_are_reused_only_under_the_same_span_finder(
    db_url: str, new_db_url, tmp_path: Path
) -> None:
    first = batch(tmp_path, "first", [("dam", DAM)])
    second = batch(tmp_path, "second", [("harbour", HARBOUR)])
    third = batch(tmp_path, "third", [("orchard", ORCHARD)])

    by_rules, _ = run([first], db_url, "rules")
    by_model, counts = run([first, second], db_url, "model")
    assert counts["reused from earlier runs"] == 0
    fresh_url = new_db_url()
    from_scratch, _ = run([first, second], fresh_url, "model")
    assert claims_of(by_model, "dam") == claims_of(from_scratch, "dam")
    assert claims_of(by_model, "dam") != claims_of(by_rules, "dam")

    extended, counts = run([first, second, third], db_url, "model")
    assert counts["reused from earlier runs"] == 2
    assert claims_of(extended, "dam") == claims_of(from_scratch, "dam")
    assert claims_of(extended, "harbour") == claims_of(from_scratch, "harbour")
