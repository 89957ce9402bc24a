"""A reader (the web server) while ``wiredesk run`` writes sees the previous run or the new one
whole: every query of one connection agrees with the others, on every backend."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select

from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import run_corpus
from wiredesk.store import connect
from wiredesk.store.database import documents, ledger_rows, runs, stories

pytestmark = pytest.mark.model

HARBOUR = [
    (
        "harbour-post",
        "Harbour Post",
        "Dock workers at the Millbrook harbour went on strike on Monday. More than 300 "
        "workers joined the strike, union officials said. The port authority said ships "
        "would be diverted to Eastport until the dispute is settled.",
    ),
    (
        "valley-times",
        "Valley Times",
        "About 300 dock workers stopped work at Millbrook harbour on Monday, the union said. "
        "The port authority said it expects ships to be diverted to Eastport.",
    ),
]

ORCHARD = [
    (
        "county-herald",
        "County Herald",
        "Late frost destroyed most of the cherry blossom in the Millbrook valley orchards, "
        "growers said on Tuesday. The growers' association said the harvest would be less "
        "than a third of last year's.",
    ),
    (
        "farm-weekly",
        "Farm Weekly",
        "Cherry growers in the Millbrook valley expect to lose two thirds of their harvest "
        "after a late frost, the growers' association said.",
    ),
    (
        "harbour-follow-up",
        "Harbour Post",
        "The Millbrook dock strike entered its second day on Tuesday. Union officials said "
        "400 workers had now joined the strike.",
    ),
]


def write_jsonl(path: Path, articles: list[tuple[str, str, str]]) -> Path:
    with path.open("w") as out:
        for doc_id, publisher, text in articles:
            record = {"id": doc_id, "publisher": publisher, "published": "2025-03-03"}
            out.write(json.dumps(record | {"text": text}) + "\n")
    return path


def read_corpus_state(conn: Connection) -> tuple:
    """What a page of the web UI shows, read by several queries of one connection."""
    doc_stories = conn.execute(
        select(documents.c.id, documents.c.story).order_by(documents.c.id)
    ).all()
    story_members = conn.execute(
        select(stories.c.id, stories.c.document_ids).order_by(stories.c.id)
    ).all()
    ledger = conn.execute(
        select(ledger_rows.c.story, ledger_rows.c.idx, ledger_rows.c.topic).order_by(
            ledger_rows.c.story, ledger_rows.c.idx
        )
    ).all()
    run_count = conn.execute(select(func.count()).select_from(runs)).scalar_one()
    return (
        tuple(tuple(r) for r in doc_stories),
        tuple((r.id, tuple(r.document_ids)) for r in story_members),
        tuple(tuple(r) for r in ledger),
        run_count,
    )


def test_readers_see_the_old_or_the_new_run_never_a_mix(db_url: str, tmp_path: Path) -> None:
    engine = connect(db_url)
    first = write_jsonl(tmp_path / "harbour.jsonl", HARBOUR)
    run_corpus([str(first)], engine, IngestOptions(published=date(2025, 3, 3)))
    with engine.connect() as conn:
        old_state = read_corpus_state(conn)
    assert old_state[1] and old_state[2], "the first run should store a story and its ledger"

    second = write_jsonl(tmp_path / "orchard.jsonl", ORCHARD)
    # One connection starts reading before the run and finishes after it has committed.
    long_reader = engine.connect()
    long_reader.execute(select(func.count()).select_from(documents)).scalar_one()
    writer = subprocess.Popen(
        [sys.executable, "-m", "wiredesk", "run", str(second), "--db", db_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen_while_writing = []
    while writer.poll() is None:
        with engine.connect() as conn:
            seen_while_writing.append(read_corpus_state(conn))
        time.sleep(0.01)
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    if writer.stderr:
        writer.stderr.close()
    state_across_the_commit = read_corpus_state(long_reader)
    long_reader.close()

    with engine.connect() as conn:
        new_state = read_corpus_state(conn)
    assert new_state != old_state
    assert new_state[3] == old_state[3] + 1
    assert state_across_the_commit == old_state
    assert seen_while_writing, "the reader never got to read while the run was going"
    mixed = [state for state in seen_while_writing if state not in (old_state, new_state)]
    assert not mixed, f"{len(mixed)} of {len(seen_while_writing)} reads saw a half-written run"
