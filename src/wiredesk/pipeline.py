"""The pipeline: which stages run for each command, and the one full run into the store.

ingest -> clean -> dedup -> stories -> claims -> ledger -> store.  Stage modules are
imported when a run needs them, so the CLI starts fast.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from wiredesk.ingest import IngestOptions, IngestProblem, read_documents
from wiredesk.records import Document, LedgerRow, Story
from wiredesk.stage import Stage, StageStats, run_stages

if TYPE_CHECKING:
    from wiredesk.clean.repetition import SiteMemory

TASKS = ("extract", "claims", "dedup", "cluster")

StageCallback = Callable[[str, int], None]


@dataclass(slots=True)
class RunReport:
    """Everything a run did, for the summary and the tests."""

    documents: list[Document]
    problems: list[IngestProblem] = field(default_factory=list)
    stages: list[StageStats] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    ledger: list[LedgerRow] = field(default_factory=list)
    new_documents: int = 0
    already_stored: int = 0
    changed: bool = True


class UseRawText:
    """For ``claims --no-clean``: the input text exactly as given is the article."""

    name = "raw text"

    def run(self, docs: list[Document], stats: StageStats) -> None:
        for doc in docs:
            doc.text = doc.raw


def read_inputs(
    paths: Iterable[str], options: IngestOptions
) -> tuple[list[Document], list[IngestProblem], StageStats]:
    from wiredesk.store.database import content_key

    started = time.perf_counter()
    problems: list[IngestProblem] = []
    docs = list(read_documents(paths, options, problems.append))
    for doc in docs:
        doc.input_key = content_key(doc)
    stats = StageStats(name="ingest", seen=len(docs), kept=len(docs))
    stats.seconds = time.perf_counter() - started
    for problem in problems:
        if problem.skipped:
            stats.dropped[problem.reason.split(" (")[0]] += 1
    stats.seen += sum(stats.dropped.values())
    return docs, problems, stats


def clean_stage(site_memory: SiteMemory | None = None) -> Stage:
    from wiredesk.clean import CleanStage

    return CleanStage(site_memory=site_memory)


def dedup_stage() -> Stage:
    from wiredesk.dedup import DedupStage

    return DedupStage()


def stories_stage(existing: dict[str, str] | None = None) -> Stage:
    from wiredesk.stories import StoriesStage

    return StoriesStage(existing=existing)


def claims_stage(spans: str = "combined") -> Stage:
    from wiredesk.claims import ClaimsOptions, ClaimsStage

    return ClaimsStage(ClaimsOptions(spans=spans))


def task_stages(task: str, *, clean: bool = True, spans: str = "combined") -> list[Stage]:
    """The stages a task command runs, in order."""
    first = clean_stage() if clean else UseRawText()
    return {
        "extract": lambda: [first],
        "claims": lambda: [first, claims_stage(spans)],
        "dedup": lambda: [first, dedup_stage()],
        "cluster": lambda: [first, dedup_stage(), stories_stage()],
    }[task]()


def run_task(
    task: str,
    paths: Iterable[str],
    options: IngestOptions,
    *,
    clean: bool = True,
    spans: str = "combined",
    on_stage: StageCallback | None = None,
) -> RunReport:
    """Run one task command's stages over the inputs, without touching any database."""
    docs, problems, ingest_stats = read_inputs(paths, options)
    stages = task_stages(task, clean=clean, spans=spans)
    stats = run_stages(docs, stages, on_stage=on_stage)
    return RunReport(documents=docs, problems=problems, stages=[ingest_stats, *stats])


def fresh_copy(stored: Document) -> Document:
    """A stored document as ingest would have made it, for the corpus-wide stages to redo."""
    return Document(
        id=stored.id,
        raw=stored.raw,
        raw_format=stored.raw_format,
        origin=stored.origin,
        title=stored.title,
        url=stored.url,
        publisher="" if stored.publisher_inferred else stored.publisher,
        published=stored.published,
        input_key=stored.input_key,
    )


def run_corpus(
    paths: Iterable[str],
    engine: Engine,
    options: IngestOptions,
    *,
    spans: str = "combined",
    on_stage: StageCallback | None = None,
) -> RunReport:
    """``wiredesk run``: add the inputs to the stored corpus and rebuild what depends on it.

    Input already stored under the same id with the same content adds nothing and leaves
    the database untouched.  New input joins the stored corpus: cleaning (with the site
    memory of earlier runs, which learns the new pages), copies, stories and the ledger are
    recomputed over all of it; stored claims are reused where a document's clean text did
    not change.  Everything is written in one transaction.
    """
    from wiredesk.ledger import build_ledger
    from wiredesk.store import load_documents, load_site_memory, save_corpus, stored_keys
    from wiredesk.stories import build_stories

    new_docs, problems, ingest_stats = read_inputs(paths, options)
    known = stored_keys(engine)
    fresh = [d for d in new_docs if known.get(d.id) != d.input_key]
    report = RunReport(
        documents=[],
        problems=problems,
        stages=[ingest_stats],
        new_documents=len(fresh),
        already_stored=len(new_docs) - len(fresh),
    )
    ingest_stats.count("already stored", report.already_stored)
    if not fresh:
        report.changed = False
        return report

    replaced = {d.id for d in fresh}
    stored = [d for d in load_documents(engine) if d.id not in replaced]
    previous = {d.id: d for d in stored}
    docs = [fresh_copy(d) for d in stored] + fresh
    existing_stories = {d.id: d.story for d in stored if d.story}

    site_memory = load_site_memory(engine)
    report.stages += run_stages(
        docs,
        [clean_stage(site_memory), dedup_stage(), stories_stage(existing_stories)],
        on_stage=on_stage,
    )
    needs_claims = []
    for doc in docs:
        old = previous.get(doc.id)
        if old is not None and old.text == doc.text and not old.skip_reason and old.canonical:
            doc.claims = old.claims
        else:
            needs_claims.append(doc)
    claims_stats = run_stages(needs_claims, [claims_stage(spans)], on_stage=on_stage)
    claims_stats[0].count("reused from earlier runs", len(docs) - len(needs_claims))
    report.stages += claims_stats

    live = [d for d in docs if not d.skip_reason]
    if on_stage is not None:
        on_stage("ledger", len(live))
    started = time.perf_counter()
    report.stories = build_stories(live)
    report.ledger = build_ledger(live, report.stories)
    ledger_stats = StageStats(name="ledger", seen=len(live), kept=len(live))
    ledger_stats.seconds = time.perf_counter() - started
    ledger_stats.count("stories", len(report.stories))
    ledger_stats.count("rows", len(report.ledger))
    ledger_stats.counts.update(Counter(row.verdict for row in report.ledger))
    report.stages.append(ledger_stats)
    report.documents = docs
    save_corpus(
        engine,
        docs,
        report.stories,
        report.ledger,
        inputs=[str(p) for p in paths],
        summary=summary_dict(report),
        site_memory=site_memory,
    )
    return report


def summary_dict(report: RunReport) -> dict:
    """The run summary as plain data (stored with the run, printed by the CLI)."""
    return {
        "new_documents": report.new_documents,
        "already_stored": report.already_stored,
        "problems": [str(p) for p in report.problems],
        "stages": [
            {
                "stage": s.name,
                "seen": s.seen,
                "kept": s.kept,
                "dropped": dict(s.dropped),
                "counts": dict(s.counts),
                "seconds": round(s.seconds, 3),
            }
            for s in report.stages
        ],
        "stories": len(report.stories),
        "ledger_rows": len(report.ledger),
    }
