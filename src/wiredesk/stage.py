"""Stages and the runner that counts what each stage kept, dropped and why."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from wiredesk.records import Document


@dataclass(slots=True)
class StageStats:
    """What one stage did: documents in, kept, dropped per reason, other counters."""

    name: str
    seen: int = 0
    kept: int = 0
    dropped: Counter = field(default_factory=Counter)
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def drop(self, doc: Document, reason: str) -> None:
        doc.skip_reason = f"{self.name}: {reason}"
        self.dropped[reason] += 1

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def __add__(self, other: StageStats) -> StageStats:
        return StageStats(
            name=self.name,
            seen=self.seen + other.seen,
            kept=self.kept + other.kept,
            dropped=self.dropped + other.dropped,
            counts=self.counts + other.counts,
            seconds=self.seconds + other.seconds,
        )


class Stage(Protocol):
    """A step over the live documents of a run.

    Per-document stages loop over ``docs``; corpus-wide stages (repetition, copies,
    stories) look at all of them at once.  A stage drops a document with
    ``stats.drop(doc, reason)``; it never removes it from the list itself.
    """

    name: str

    def run(self, docs: list[Document], stats: StageStats) -> None: ...


def run_stages(
    docs: list[Document],
    stages: Sequence[Stage],
    *,
    on_stage: Callable[[str, int], None] | None = None,
) -> list[StageStats]:
    """Run ``stages`` in order over the documents not yet dropped; return their stats.

    ``on_stage(name, n_documents)`` is called as each stage starts (progress display).
    """
    all_stats = []
    for stage in stages:
        live = [d for d in docs if not d.skip_reason]
        if on_stage is not None:
            on_stage(stage.name, len(live))
        stats = StageStats(name=stage.name, seen=len(live))
        started = time.perf_counter()
        stage.run(live, stats)
        stats.seconds = time.perf_counter() - started
        stats.kept = sum(1 for d in live if not d.skip_reason)
        all_stats.append(stats)
    return all_stats
