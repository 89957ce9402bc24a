"""A ``wiredesk run`` killed with SIGKILL anywhere and then re-run ends with exactly the database
an uninterrupted run makes: the kill leaves the stored corpus as it was, nothing half-written,
no document twice, and the re-run reuses the claims the killed run had committed.

The killed runs and the uninterrupted one are real ``wiredesk run`` processes over examples/
plus the reports written below, with ``--spans rules`` (the span finder does not matter here,
and the rules are fast); re-runs after a kill call the same ``run_corpus`` in the test's own
process, where the spaCy model is loaded already, but for one that is a process again.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import run_corpus
from wiredesk.store import connect
from wiredesk.store.checkpoint import CRASH_ENV
from wiredesk.store.database import metadata, runs, site_segments, work_cache

pytestmark = pytest.mark.model

RUN_DATE = "2026-03-09"
BATCH = 3  # documents per committed batch of claims: several batches in this corpus

# Where a run kills itself: as a stage starts, after a committed batch of claims, and inside
# the corpus transaction once every row is written; one more kill comes from outside.
CRASH_POINTS = ["ingest:1", "dedup:1", "claims-batch:2", "ledger:1", "save:1"]

# Fictional reports in the examples' world (examples/README.md): (id, publisher, date, text).
_BRIDGE = (
    "The Vessen Bridge in Halvik was closed to traffic on {day} after engineers found cracks "
    "in two of its supports, the city council said. About {cars} vehicles cross the bridge "
    'every day. "We cannot take any risk with people\'s lives," council engineer {engineer} '
    "told reporters. Buses will be diverted over the Orm Street crossing, the transport "
    "authority said."
)
_WATER = (
    "Households in Brenhollow will pay {rise} per cent more for water from April, the "
    "regional water board announced on {day}. The board said the rise was needed to repair "
    "pipes damaged in the dam collapse. Consumer group Fair Tap said the increase was "
    '"unjustified" and accused the board of hiding the real cost of the repairs.'
)
_HOSPITAL = (
    "A new children's wing of Saltreach General Hospital opened on {day} with {beds} beds, "
    "health minister {minister} said. The wing cost {cost} million crowns and took three "
    "years to build. Doctors at the hospital said the wing would cut waiting times, but the "
    "nurses' union warned that there were not enough staff to run it."
)
_QUOTA = (
    "Corvanian fishermen blocked the harbour at Tamsk on {day} in protest against new catch "
    "quotas, the coast guard said. The fisheries ministry said the quotas would cut the cod "
    "catch by {cut} per cent this year. Union leader {leader} said more than {boats} boats "
    "had joined the blockade and denied that the protest was illegal."
)
_APPEAL = "Support independent journalism in Halvik: become a member of the Courier today."
_NOT_ENGLISH = (
    "Le pont de Vessen à Halvik a été fermé à la circulation mardi après la découverte de "
    "fissures dans deux de ses piliers, a indiqué le conseil municipal. Environ douze mille "
    "véhicules empruntent le pont chaque jour, selon les autorités de la ville."
)


def written_reports() -> list[dict[str, Any]]:
    """Four more stories over the examples' week: copies, near-copies that differ in a figure
    (versions), a site with a repeated appeal, and a report in French."""
    bridge = [
        ("courier", "The Halvik Courier", "2026-03-03", "Tuesday", "12,000", "Mira Solden"),
        ("npa", "Norland Press Agency", "2026-03-03", "Tuesday", "12,000", "Mira Solden"),
        ("sarnside", "Sarnside Herald", "2026-03-04", "Tuesday", "14,000", "Mira Solden"),
        ("eastgate", "The Eastgate Observer", "2026-03-04", "Tuesday", "12,000", "Mira Soldan"),
        ("portwatch", "Portwatch News", "2026-03-05", "Tuesday", "12,000", "Ivo Brandt"),
    ]
    water = [
        ("vws", "Veldorian Wire Service", "2026-03-05", "Thursday", "18"),
        ("courier", "The Halvik Courier", "2026-03-05", "Thursday", "18"),
        ("tarsova", "The Tarsova Times", "2026-03-06", "Thursday", "20"),
        ("npa", "Norland Press Agency", "2026-03-06", "Thursday", "18"),
    ]
    hospital = [
        ("portwatch", "Portwatch News", "2026-03-06", "Friday", "80", "Lena Varro", "240"),
        ("eastgate", "The Eastgate Observer", "2026-03-06", "Friday", "80", "Lena Varro", "240"),
        ("sarnside", "Sarnside Herald", "2026-03-07", "Friday", "86", "Lena Varro", "260"),
        ("courier", "The Halvik Courier", "2026-03-07", "Friday", "80", "Lena Varro", "240"),
    ]
    quota = [
        ("npa", "Norland Press Agency", "2026-03-07", "Saturday", "25", "Oskar Thane", "150"),
        ("vws", "Veldorian Wire Service", "2026-03-07", "Saturday", "25", "Oskar Thane", "150"),
        ("tarsova", "The Tarsova Times", "2026-03-08", "Saturday", "30", "Oskar Thane", "150"),
        ("courier", "The Halvik Courier", "2026-03-08", "Saturday", "25", "Oskar Thane", "200"),
    ]
    reports = []

    def add(id_: str, publisher: str, published: str, text: str) -> None:
        if publisher == "The Halvik Courier":
            text = f"{text}\n\n{_APPEAL}"
        reports.append({"id": id_, "publisher": publisher, "published": published, "text": text})

    for site, publisher, published, day, cars, engineer in bridge:
        text = _BRIDGE.format(day=day, cars=cars, engineer=engineer)
        add(f"{site}-bridge", publisher, published, text)
    for site, publisher, published, day, rise in water:
        add(f"{site}-water", publisher, published, _WATER.format(day=day, rise=rise))
    for site, publisher, published, day, beds, minister, cost in hospital:
        text = _HOSPITAL.format(day=day, beds=beds, minister=minister, cost=cost)
        add(f"{site}-hospital", publisher, published, text)
    for site, publisher, published, day, cut, leader, boats in quota:
        text = _QUOTA.format(day=day, cut=cut, leader=leader, boats=boats)
        add(f"{site}-quota", publisher, published, text)
    # A reprint under another outlet's id: an exact copy of the wire report.
    wire = next(r for r in reports if r["id"] == "vws-water")
    add("sarnside-water", "Sarnside Herald", "2026-03-06", wire["text"])
    add("courier-bridge-fr", "The Halvik Courier", "2026-03-04", _NOT_ENGLISH)
    return reports


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, examples_dir: Path) -> list[str]:
    written = tmp_path_factory.mktemp("resume") / "written.jsonl"
    written.write_text("".join(json.dumps(r) + "\n" for r in written_reports()))
    return [str(examples_dir), str(written)]


def wiredesk_run(paths: list[str], db_url: str, crash_at: str | None = None) -> subprocess.Popen:
    environment = dict(os.environ)
    environment.pop(CRASH_ENV, None)
    if crash_at is not None:
        environment[CRASH_ENV] = crash_at
    command = [sys.executable, "-m", "wiredesk", "run", *paths, "--db", db_url]
    command += ["--date", RUN_DATE, "--spans", "rules", "--checkpoint-every", str(BATCH)]
    return subprocess.Popen(
        command,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a kill from outside takes the workers
    )


def finish(process: subprocess.Popen, timeout: float = 300) -> int:
    _, errors = process.communicate(timeout=timeout)
    if process.returncode not in (0, -signal.SIGKILL):
        pytest.fail(f"wiredesk run failed ({process.returncode}):\n{errors[-3000:]}")
    return process.returncode


def run_in_process(paths: list[str], db_url: str) -> None:
    """What ``wiredesk run`` does with the options above, in this process (whose spaCy model
    is loaded already): for the state a crashed run starts from, and for most re-runs."""
    engine = connect(db_url)
    run_corpus(
        paths,
        engine,
        IngestOptions(published=date.fromisoformat(RUN_DATE)),
        spans="rules",
        checkpoint_every=BATCH,
    )
    engine.dispose()


def dump(db_url: str) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in key order, runs by their order rather than their ids (a
    PostgreSQL sequence does not roll back), without run times and summaries (timings)."""
    engine = connect(db_url)
    tables = {}
    with engine.connect() as conn:
        run_ids = list(conn.execute(select(runs.c.id).order_by(runs.c.id)).scalars())
        run_order = {run_id: order for order, run_id in enumerate(run_ids)}
        for table in metadata.sorted_tables:
            rows = [
                dict(row._mapping)
                for row in conn.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for row in rows:
                if table is runs:
                    row["id"] = run_order[row["id"]]
                    del row["finished"], row["summary"]
                if table is site_segments and row["first_seen_run"] is not None:
                    row["first_seen_run"] = run_order[row["first_seen_run"]]
            tables[table.name] = rows
    engine.dispose()
    return tables


def assert_same_database(actual: dict, expected: dict) -> None:
    """``actual == expected``, or a failure that names the tables, rows and fields differing."""
    if actual == expected:
        return
    differences = []
    for table, expected_rows in expected.items():
        actual_rows = actual[table]
        if len(actual_rows) != len(expected_rows):
            differences.append(f"{table}: {len(actual_rows)} rows, expected {len(expected_rows)}")
        for got, wanted in zip(actual_rows, expected_rows, strict=False):
            fields = [k for k in wanted if got.get(k) != wanted[k]]
            if fields:
                key = [got.get(c.name) for c in metadata.tables[table].primary_key.columns]
                differences += [
                    f"{table} {key} {k}: {got.get(k)!r} != {wanted[k]!r}" for k in fields
                ]
    pytest.fail("databases differ:\n" + "\n".join(d[:600] for d in differences[:20]))


def claims_counts(db_url: str) -> dict[str, int]:
    """The claims stage's counters in the summary of the last run."""
    engine = connect(db_url)
    with engine.connect() as conn:
        summary = conn.execute(select(runs.c.summary).order_by(runs.c.id.desc())).first()[0]
    engine.dispose()
    counts = next(s["counts"] for s in summary["stages"] if s["stage"] == "claims")
    return {"reused from an interrupted run": 0} | counts


def cached_claims(db_url: str) -> int:
    engine = connect(db_url)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(work_cache)).scalar()
    engine.dispose()
    return count


@pytest.fixture(scope="module")
def examples_only(new_db_url: Callable[[], str], examples_dir: Path) -> dict:
    url = new_db_url()
    run_in_process([str(examples_dir)], url)
    return dump(url)


@pytest.fixture(scope="module")
def uninterrupted_db(new_db_url: Callable[[], str], examples_dir: Path, inputs: list[str]) -> str:
    url = new_db_url()
    run_in_process([str(examples_dir)], url)
    assert finish(wiredesk_run(inputs, url)) == 0
    return url


@pytest.fixture(scope="module")
def uninterrupted(uninterrupted_db: str) -> dict:
    return dump(uninterrupted_db)


def test_uninterrupted_run_stores_every_document_once(uninterrupted: dict) -> None:
    ids = [row["id"] for row in uninterrupted["documents"]]
    assert len(ids) == len(set(ids)) == 12 + len(written_reports())
    assert uninterrupted["work_cache"] == []
    with_claims = {row["document_id"] for row in uninterrupted["claims"]}
    assert {"courier-bridge", "sarnside-bridge", "tarsova-quota"} <= with_claims
    by_id = {row["id"]: row for row in uninterrupted["documents"]}
    assert by_id["courier-bridge-fr"]["language"] == "fr"
    assert not by_id["sarnside-water"]["canonical"]
    assert by_id["sarnside-water"]["dedup_evidence"]["match"] == "exact"
    assert any(v["id"] == "sarnside-bridge" for v in by_id["courier-bridge"]["versions"])
    assert by_id["sarnside-bridge"]["story_evidence"]["nearest"].endswith("-bridge")


@pytest.mark.parametrize("crash_at", CRASH_POINTS)
def test_killed_run_then_rerun_gives_the_uninterrupted_database(
    crash_at: str,
    db_url: str,
    examples_dir: Path,
    inputs: list[str],
    examples_only: dict,
    uninterrupted: dict,
) -> None:
    run_in_process([str(examples_dir)], db_url)
    assert finish(wiredesk_run(inputs, db_url, crash_at=crash_at)) == -signal.SIGKILL
    after_kill = dump(db_url)
    committed = after_kill.pop("work_cache")
    assert_same_database(after_kill, {k: v for k, v in examples_only.items() if k != "work_cache"})
    claims_started = crash_at in ("claims-batch:2", "ledger:1", "save:1")
    assert bool(committed) == claims_started
    run_in_process(inputs, db_url)
    assert_same_database(dump(db_url), uninterrupted)
    assert claims_counts(db_url)["reused from an interrupted run"] == len(committed)


def test_run_killed_from_outside_at_a_random_moment_resumes(
    db_url: str, examples_dir: Path, inputs: list[str], uninterrupted: dict
) -> None:
    run_in_process([str(examples_dir)], db_url)
    seed = random.randrange(1 << 30)
    delay = random.Random(seed).uniform(0.0, 0.5)
    process = wiredesk_run(inputs, db_url)
    # Once the first batch of claims is committed, the kill lands within the claims stage.
    while process.poll() is None and cached_claims(db_url) == 0:
        time.sleep(0.05)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)
    assert finish(process) == -signal.SIGKILL, f"the run ended before the kill (seed {seed})"
    assert finish(wiredesk_run(inputs, db_url)) == 0
    assert_same_database(dump(db_url), uninterrupted)


def test_second_run_on_the_same_input_changes_nothing(
    uninterrupted_db: str, inputs: list[str], uninterrupted: dict
) -> None:
    assert finish(wiredesk_run(inputs, uninterrupted_db)) == 0
    assert_same_database(dump(uninterrupted_db), uninterrupted)
