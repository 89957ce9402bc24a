"""The stages on a local Dask cluster of two worker processes give exactly the plain run's
results: the same text, removals, repairs, copy groups, stories, claims and ledger."""

from __future__ import annotations

import dataclasses
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from wiredesk.clean.repairs import Vocabulary
from wiredesk.clean.runner import summed_vocabulary
from wiredesk.distributed import DaskMapper, dask_mapper, flattened, in_process
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
