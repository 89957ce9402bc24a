"""The stages on a local Dask cluster of two worker processes give exactly the plain run's
results: the same text, removals, repairs, copy groups, stories, claims and ledger."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from wiredesk.clean.repairs import Vocabulary
from wiredesk.clean.runner import summed_vocabulary
from wiredesk.distributed import DaskMapper, ForkedMapper, dask_mapper, flattened, in_process
from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import RunReport, run_corpus, run_task
from wiredesk.store import connect

pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskMapper]:
    with dask_mapper(workers=2) as mapper:
        yield mapper


def stage_results(report: RunReport) -> list[tuple]:
    """What each stage did, without its timing."""
    return [(s.name, s.seen, s.kept, dict(s.dropped), dict(s.counts)) for s in report.stages]


def test_batches_come_back_in_input_order_from_both_workers(cluster: DaskMapper) -> None:
    items = [f"doc-{i}" for i in range(40)]
    marks = frozenset("!?")  # a shared collection reaches the workers whole
    # A lambda travels by value: the workers cannot import this test module.
    results = flattened(
        cluster(
            lambda batch, shared: [(i + "".join(sorted(shared)), os.getpid()) for i in batch],
            items,
            marks,
        )
    )
    assert [item for item, _ in results] == [f"doc-{i}!?" for i in range(40)]
    assert len({pid for _, pid in results}) == 2  # both worker processes took batches


def test_forked_workers_inherit_what_they_need_and_return_batches_in_input_order() -> None:
    items = [f"doc-{i}" for i in range(100)]
    unpicklable = {"lock": threading.Lock(), "mark": "!"}  # reaches the workers by the fork
    results = flattened(
        ForkedMapper(2, min_items=10)(
            lambda batch, shared: [(i + shared["mark"], os.getpid()) for i in batch],
            items,
            unpicklable,
        )
    )
    assert [item for item, _ in results] == [f"doc-{i}!" for i in range(100)]
    assert os.getpid() not in {pid for _, pid in results}


def test_forked_mapper_runs_a_small_list_here() -> None:
    results = flattened(ForkedMapper(2, min_items=10)(lambda b: [os.getpid() for _ in b], [1, 2]))
    assert results == [os.getpid()] * 2


def test_in_process_is_one_batch_of_the_same_objects() -> None:
    items = [[1], [2]]
    (batch,) = in_process(lambda batch: batch, items)
    assert all(a is b for a, b in zip(batch, items, strict=True))


def test_summed_batch_vocabularies_are_the_whole_runs() -> None:
    documents = [
        ["The Kessarn Dam's wall gave way.", "Officials said the well-known dam held."],
        ["Veldoria's Orvel valley flooded.", "The dam's operator denied a warning."],
        ["Rescuers reached the valley.", "The Kessarn Dam had been inspected in 2024."],
    ]
    whole = Vocabulary.from_documents(documents)
    parts = [Vocabulary.from_documents(documents[:1]), Vocabulary.from_documents(documents[1:])]
    for part in parts:
        part.attested("")
    summed = summed_vocabulary(parts)
    whole.attested("")
    counts = [
        f.name for f in dataclasses.fields(Vocabulary) if f.name not in ("documents", "splits")
    ]
    assert "counted" in counts and "intact_possessives" in counts
    for name in counts:
        assert isinstance(getattr(whole, name), Counter), name
        assert getattr(summed, name) == getattr(whole, name), name


def test_cluster_needs_a_scheduler_or_a_worker_count() -> None:
    with pytest.raises(ValueError), dask_mapper():
        pass
    with pytest.raises(ValueError), dask_mapper(workers=0):
        pass


@pytest.mark.model
def test_run_on_the_cluster_equals_the_plain_run(
    cluster: DaskMapper, examples_dir: Path, tmp_path: Path
) -> None:
    # The parse rules alone keep the test fast; the span model has its own test below.
    plain = run_corpus(
        [str(examples_dir)],
        connect(f"sqlite:///{tmp_path / 'plain.db'}"),
        IngestOptions(),
        spans="rules",
    )
    on_cluster = run_corpus(
        [str(examples_dir)],
        connect(f"sqlite:///{tmp_path / 'cluster.db'}"),
        IngestOptions(),
        spans="rules",
        mapper=cluster,
    )
    assert len(plain.documents) == 12
    # The corpus gives every stage something to do, so equality says something.
    assert sum(len(d.claims) for d in plain.documents) > 10
    assert any(d.copies for d in plain.documents)
    assert any(d.removed for d in plain.documents)
    assert len(plain.stories) == 3
    assert plain.ledger
    for ours, theirs in zip(plain.documents, on_cluster.documents, strict=True):
        for record_field in dataclasses.fields(ours):
            name = record_field.name
            assert getattr(ours, name) == getattr(theirs, name), (ours.id, name)
    assert on_cluster.stories == plain.stories
    assert on_cluster.ledger == plain.ledger
    assert stage_results(on_cluster) == stage_results(plain)


def test_cluster_task_on_the_cluster_equals_the_plain_task(
    cluster: DaskMapper, examples_dir: Path
) -> None:
    plain = run_task("cluster", [str(examples_dir)], IngestOptions())
    on_cluster = run_task("cluster", [str(examples_dir)], IngestOptions(), mapper=cluster)
    assert on_cluster.documents == plain.documents
    assert stage_results(on_cluster) == stage_results(plain)


@pytest.mark.model
def test_span_model_claims_on_the_cluster_equal_the_plain_ones(
    cluster: DaskMapper, examples_dir: Path
) -> None:
    # Three documents: one batch of three here, three batches of one on the workers.
    paths = [
        str(examples_dir / name)
        for name in ("courier-dam-0303.txt", "courier-dam-0305.txt", "eastgate-strike-0304.html")
    ]
    plain = run_task("claims", paths, IngestOptions(), spans="combined")
    on_cluster = run_task("claims", paths, IngestOptions(), spans="combined", mapper=cluster)
    assert all(doc.claims for doc in plain.documents)
    assert [d.claims for d in on_cluster.documents] == [d.claims for d in plain.documents]


@pytest.fixture(scope="module")
def remote_scheduler(tmp_path_factory) -> Iterator[str]:
    """A scheduler and two single-thread worker processes started as separate programs, the
    way a user's cluster runs; yields the scheduler's tcp:// address."""
    folder = tmp_path_factory.mktemp("cluster")
    scheduler_file = folder / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    scheduler = subprocess.Popen(
        [
            *dask,
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(scheduler_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = subprocess.Popen(
        [
            *dask,
            "worker",
            "--scheduler-file",
            str(scheduler_file),
            "--nworkers",
            "2",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--local-directory",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        address = started_cluster_address(scheduler_file, expected_workers=2)
        yield address
    finally:
        for process in (workers, scheduler):
            process.terminate()
        for process in (workers, scheduler):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def started_cluster_address(scheduler_file: Path, expected_workers: int) -> str:
    from dask.distributed import Client

    deadline = time.monotonic() + 120
    while not scheduler_file.exists():
        if time.monotonic() > deadline:
            pytest.fail("the dask scheduler did not start within 120 s")
        time.sleep(0.2)
    address = json.loads(scheduler_file.read_text())["address"]
    with Client(address, timeout=60) as client:
        client.wait_for_workers(expected_workers, timeout=120)
    return address


def finished_task_kinds(address: str) -> set[str]:
    """The functions whose tasks the scheduler has seen finish."""
    from dask.distributed import Client

    def kinds(dask_scheduler) -> set[str]:
        return {
            name
            for name, prefix in dask_scheduler.task_prefixes.items()
            if prefix.state_counts["memory"] or prefix.state_counts["released"]
        }

    with Client(address, timeout=60) as client:
        return client.run_on_scheduler(kinds)


def exported(db_url: str, what: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "wiredesk", "export", "--db", db_url, "--what", what],
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@pytest.mark.model
def test_wiredesk_run_on_a_separately_started_scheduler_equals_the_plain_run(
    remote_scheduler: str, examples_dir: Path, tmp_path: Path
) -> None:
    databases = {}
    for name, extra in (("plain", []), ("remote", ["--scheduler", remote_scheduler])):
        databases[name] = f"sqlite:///{tmp_path / name}.db"
        command = [sys.executable, "-m", "wiredesk", "run", str(examples_dir)]
        command += ["--db", databases[name], "--spans", "rules", *extra]
        finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
        assert finished.returncode == 0, finished.stderr[-3000:]
    # Every stage's per-document work ran as tasks of that scheduler.
    assert {
        "prepare_batch",
        "finish_batch",
        "copy_features",
        "entity_mentions",
        "extract_batch",
    } <= finished_task_kinds(remote_scheduler)
    for what in ("articles", "claims", "ledger", "stories"):
        plain = exported(databases["plain"], what)
        assert plain, what
        assert exported(databases["remote"], what) == plain, what
