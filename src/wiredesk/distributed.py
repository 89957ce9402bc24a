"""Running the stages on a Dask cluster: per-document work maps over batches on the workers,
the corpus-wide decisions reduce on the client.

Every stage writes its per-document work as a *batch function* (a module-level function
taking a list of items and returning a list or a partial result) and hands it to a
:data:`Mapper`.  Without a cluster the mapper is :func:`in_process`: one batch, the whole list,
called right here, so the plain run is the same code with no copying.  With a cluster it is a
:class:`DaskMapper`: the list is cut into batches, each batch is pickled to a worker process,
and the results come back in input order.  Objects a worker changed come back as copies;
:func:`adopt` writes their state into the client's originals, so a stage's documents are
the same objects however they were processed.

A worker loads spaCy and the span model once (their caches live per process) and runs the
claims stage in that one process: a Dask worker is daemonic, so the claims stage never forks
inside it.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import fields
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from wiredesk.records import Document
from wiredesk.stage import StageStats

if TYPE_CHECKING:
    from dask.distributed import Client

Item = TypeVar("Item")
Result = TypeVar("Result")

# Batches are small enough that every worker gets several (the load evens out) and large
# enough that pickling and scheduling stay a small share of each task.
MAX_BATCH = 250
BATCHES_PER_WORKER = 4


class Mapper(Protocol):
    """Calls ``batch_fn(batch, *shared)`` on batches that together are ``items``, in order;
    returns each batch's result."""

    def __call__(
        self, batch_fn: Callable[..., Result], items: Sequence[Any], *shared: Any
    ) -> list[Result]: ...


def in_process(batch_fn: Callable[..., Result], items: Sequence[Any], *shared: Any) -> list[Result]:
    """The plain run: the whole list is one batch, processed here."""
    return [batch_fn(list(items), *shared)]


def flattened(batches: list[list[Item]]) -> list[Item]:
    """Per-item results of every batch, in input order."""
    return [item for batch in batches for item in batch]


def adopt(original: Document, returned: Document) -> None:
    """Make ``original`` what a worker made of its copy (nothing to do for the same object)."""
    if returned is original:
        return
    for record_field in fields(Document):
        setattr(original, record_field.name, getattr(returned, record_field.name))


def absorb_counts(stats: StageStats, part: StageStats) -> None:
    """Add a batch's drops and counters to the stage's (zero counts kept, as the stage keeps
    them, and in the order a single pass would have met them)."""
    stats.dropped.update(part.dropped)
    stats.counts.update(part.counts)


class ForkedMapper:
    """A :data:`Mapper` over worker processes forked from this one, for a run on one machine.

    The workers inherit the items, the shared inputs and the loaded models through the fork:
    a task names only its batch, and only its result is pickled back.  Below ``min_items``
    items, or where fork is unavailable, the batch function runs here, as :func:`in_process`
    would run it.
    """

    def __init__(self, processes: int = 0, min_items: int = 64) -> None:
        self.processes = processes or available_cores()
        self.min_items = min_items

    def __call__(
        self, batch_fn: Callable[..., Result], items: Sequence[Any], *shared: Any
    ) -> list[Result]:
        if self.processes < 2 or len(items) < self.min_items or not fork_available():
            return [batch_fn(list(items), *shared)]
        size = math.ceil(len(items) / (self.processes * BATCHES_PER_WORKER))
        batches = [list(items[start : start + size]) for start in range(0, len(items), size)]
        global _inherited
        _inherited = (batch_fn, batches, shared)
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(self.processes, mp_context=context, initializer=quiet) as pool:
                return list(pool.map(_run_inherited_batch, range(len(batches))))
        finally:
            _inherited = None


# What a :class:`ForkedMapper`'s workers find in their copy of this module's memory.
_inherited: tuple[Callable[..., Any], list[list[Any]], tuple[Any, ...]] | None = None


def _run_inherited_batch(number: int) -> Any:
    from threadpoolctl import threadpool_limits

    batch_fn, batches, shared = _inherited
    with threadpool_limits(limits=1, user_api="blas"):  # each worker takes one core
        return batch_fn(batches[number], *shared)


def shares_this_process(mapper: Mapper) -> bool:
    """Whether ``mapper``'s work sees what this process has loaded (here, or forked from it)."""
    return mapper is in_process or isinstance(mapper, ForkedMapper)


def quiet() -> None:
    """A forked worker writes nothing: a lock the parent's progress thread held on the
    terminal at fork time would never be released in the child.  It also dies with its
    parent: kept between batches, it would otherwise outlive a run that was killed (its
    siblings hold the task queue open, so it would wait for work forever)."""
    import warnings

    warnings.simplefilter("ignore")
    die_with_parent()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (elsewhere nothing to do)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the request was in place
        os._exit(1)


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_available() -> bool:
    """Whether workers can be forked here: not on platforms without fork, nor inside a
    daemonic process (a Dask or multiprocessing worker may not have children)."""
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return forkable and not multiprocessing.current_process().daemon


class DaskMapper:
    """A :data:`Mapper` over a Dask client: batches become tasks on the cluster's workers."""

    def __init__(self, client: Client, max_batch: int = MAX_BATCH) -> None:
        self.client = client
        self.max_batch = max_batch

    def batch_size(self, n_items: int) -> int:
        workers = max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))
        return max(1, min(self.max_batch, math.ceil(n_items / (workers * BATCHES_PER_WORKER))))

    def __call__(
        self, batch_fn: Callable[..., Result], items: Sequence[Any], *shared: Any
    ) -> list[Result]:
        if not items:
            return []
        # Shared inputs (options, the run's vocabulary, the repetition index) go to each
        # worker once, not once per task; each in a list of one, because Dask scatters the
        # elements of a collection (a set of stop words) one by one.
        shared_data = [
            self.client.scatter([value], broadcast=True, hash=False)[0] for value in shared
        ]
        size = self.batch_size(len(items))
        batches = [list(items[start : start + size]) for start in range(0, len(items), size)]
        futures = [
            self.client.submit(batch_fn, batch, *shared_data, pure=False) for batch in batches
        ]
        return self.client.gather(futures)


@contextmanager
def dask_mapper(
    *, scheduler: str | None = None, workers: int | None = None
) -> Iterator[DaskMapper]:
    """A mapper on the cluster whose scheduler listens at ``scheduler`` (tcp://HOST:PORT; its
    workers must have wiredesk installed), or on a local cluster of ``workers`` processes of
    one thread each, started here and shut down on exit."""
    from dask.distributed import Client, LocalCluster

    if (scheduler is None) == (workers is None):
        raise ValueError("give either a scheduler address or a number of local workers")
    if scheduler is not None:
        with Client(scheduler) as client:
            yield DaskMapper(client)
        return
    if workers < 1:
        raise ValueError(f"a local cluster needs at least one worker, not {workers}")
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield DaskMapper(client)


@contextmanager
def mapper_for(*, scheduler: str | None = None, workers: int | None = None) -> Iterator[Mapper]:
    """:func:`dask_mapper` when a scheduler or a worker count is given, else :func:`in_process`."""
    if scheduler is None and workers is None:
        yield in_process
        return
    with dask_mapper(scheduler=scheduler, workers=workers) as mapper:
        yield mapper
