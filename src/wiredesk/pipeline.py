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

from wiredesk.ingest import IngestOptions, IngestProblem, read_documents
from wiredesk.records import Claim, Document, LedgerRow, Story
from wiredesk.stage import Stage, StageStats, run_stages

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from wiredesk.clean.repetition import SiteMemory
    from wiredesk.distributed import Mapper

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
    from wiredesk.ingest.keys import content_key

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


def clean_stage(
    site_memory: SiteMemory | None = None,
    mapper: Mapper | None = None,
    *,
    page_dates: bool = True,
) -> Stage:
    from wiredesk.clean import CleanOptions, CleanStage

    options = CleanOptions(page_dates=page_dates)
    return CleanStage(options, site_memory=site_memory, mapper=mapper)


def dedup_stage(mapper: Mapper | None = None) -> Stage:
    from wiredesk.dedup import DedupStage

    return DedupStage(mapper=mapper)


def stories_stage(
    existing: dict[str, str] | None = None,
    mapper: Mapper | None = None,
    profiles: dict[str, dict] | None = None,
) -> Stage:
    """``profiles``: the stored articles' story profiles; given (and not empty), new articles
    join the stored stories incrementally instead of the whole corpus being regrouped."""
    from wiredesk.stories import StoriesOptions, StoriesStage
    from wiredesk.stories.incremental import stored_index

    options = StoriesOptions()
    index = stored_index(profiles, options.max_postings) if profiles else None
    return StoriesStage(options, existing=existing, mapper=mapper, index=index)


def claims_stage(spans: str = "combined", mapper: Mapper | None = None) -> Stage:
    from wiredesk.claims import ClaimsOptions, ClaimsStage

    return ClaimsStage(ClaimsOptions(spans=spans), mapper=mapper)


def task_stages(
    task: str, *, clean: bool = True, spans: str = "combined", mapper: Mapper | None = None
) -> list[Stage]:
    """The stages a task command runs, in order; ``mapper``: where their per-document work
    runs (``wiredesk.distributed``; default here)."""
    # the extract contract has no date: a page's is not looked for
    page_dates = task != "extract"
    first = clean_stage(mapper=mapper, page_dates=page_dates) if clean else UseRawText()
    return {
        "extract": lambda: [first],
        "claims": lambda: [first, claims_stage(spans, mapper)],
        "dedup": lambda: [first, dedup_stage(mapper)],
        "cluster": lambda: [first, dedup_stage(mapper), stories_stage(mapper=mapper)],
    }[task]()


def run_task(
    task: str,
    paths: Iterable[str],
    options: IngestOptions,
    *,
    clean: bool = True,
    spans: str = "combined",
    on_stage: StageCallback | None = None,
    mapper: Mapper | None = None,
) -> RunReport:
    """Run one task command's stages over the inputs, without touching any database."""
    docs, problems, ingest_stats = read_inputs(paths, options)
    stages = task_stages(task, clean=clean, spans=spans, mapper=mapper)
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
        # An incremental stories stage leaves stored articles as they were grouped.
        entities=list(stored.entities),
        story_evidence=dict(stored.story_evidence),
    )


def run_corpus(
    paths: Iterable[str],
    engine: Engine,
    options: IngestOptions,
    *,
    spans: str = "combined",
    on_stage: StageCallback | None = None,
    checkpoint_every: int = 64,
    mapper: Mapper | None = None,
    recluster: bool = False,
) -> RunReport:
    """``wiredesk run``: add the inputs to the stored corpus and rebuild what depends on it.

    Input already stored under the same id with the same content adds nothing and leaves
    the database untouched.  New input joins the stored corpus: cleaning (with the site
    memory of earlier runs, which learns the new pages), copies, stories and the ledger are
    recomputed over all of it; stored claims are reused where what they were extracted from
    did not change.  Claims are committed to the work cache ``checkpoint_every`` documents at
    a time, so a killed run re-run on the same input redoes only the claims it had not
    committed.  The corpus is written in one transaction.  ``mapper``: where the stages'
    per-document work runs (a Dask cluster, ``wiredesk.distributed``; default here).
    Stories are incremental on a database whose articles have story profiles: stored
    articles keep their story and new ones join one or open their own; the first run, a
    database older than the profiles, and ``recluster`` group the whole corpus anew (story
    ids kept where their groups survive).
    """
    from wiredesk.distributed import ForkedMapper
    from wiredesk.ledger import build_ledger
    from wiredesk.store import (
        load_documents,
        load_site_memory,
        load_story_profiles,
        save_corpus,
        stored_claims_keys,
        stored_keys,
    )
    from wiredesk.store.checkpoint import crash_point
    from wiredesk.stories import build_stories

    def stage_starts(name: str, n_documents: int) -> None:
        crash_point(name)
        if on_stage is not None:
            on_stage(name, n_documents)

    new_docs, problems, ingest_stats = read_inputs(paths, options)
    crash_point("ingest")
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
    previous_claims_keys = stored_claims_keys(engine)
    docs = [fresh_copy(d) for d in stored] + fresh
    existing_stories = {d.id: d.story for d in stored if d.story}

    site_memory = load_site_memory(engine)
    stored_ids = {d.id for d in stored}
    profiles = {
        doc_id: profile
        for doc_id, profile in ({} if recluster else load_story_profiles(engine)).items()
        if doc_id in stored_ids
    }
    stories = stories_stage(existing_stories, mapper, profiles)
    # On one machine the clean stage and the ledger, the costliest after claims (which forks
    # its own workers), take every core too; on a cluster the ledger stays here, as its input
    # is the whole corpus.
    forked = ForkedMapper() if mapper is None else None
    report.stages += run_stages(
        docs,
        [clean_stage(site_memory, mapper or forked), dedup_stage(mapper), stories],
        on_stage=stage_starts,
    )
    stage_starts("claims", sum(1 for d in docs if not d.skip_reason))
    claims_keys, claims_stats = checkpointed_claims(
        docs,
        {d.id: (previous_claims_keys.get(d.id, ""), d.claims) for d in stored},
        engine,
        spans=spans,
        batch_size=checkpoint_every,
        mapper=mapper,
    )
    report.stages.append(claims_stats)

    live = [d for d in docs if not d.skip_reason]
    stage_starts("ledger", len(live))
    started = time.perf_counter()
    report.stories = build_stories(live)
    report.ledger = build_ledger(live, report.stories, mapper=forked)
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
        claims_keys=claims_keys,
        story_profiles={i: p.to_json() for i, p in stories.profiles.items()},
    )
    return report


def checkpointed_claims(
    docs: list[Document],
    stored: dict[str, tuple[str, list[Claim]]],
    engine: Engine,
    *,
    spans: str,
    batch_size: int,
    mapper: Mapper | None = None,
) -> tuple[dict[str, str], StageStats]:
    """The claims stage of ``run``, resumable: claims are reused where a document's claims key
    (``checkpoint.claims_key``) is that of its stored claims (``stored``: id -> key, claims)
    or of claims an interrupted run left in the work cache; the others are extracted in
    batches of ``batch_size`` documents, each committed to the work cache as it is done.
    Returns each document's claims key (for those extraction succeeded on) and the stats.
    """
    from wiredesk.claims import ClaimsOptions, ClaimsStage
    from wiredesk.clean.language import is_english, not_english_reason
    from wiredesk.serialize import claim_from_dict, claim_to_dict
    from wiredesk.store import load_work_cache, save_work_cache
    from wiredesk.store.checkpoint import claims_key, crash_point

    started = time.perf_counter()
    stage = ClaimsStage(ClaimsOptions(spans=spans), mapper=mapper)
    live = [d for d in docs if not d.skip_reason]
    stats = StageStats(name="claims", seen=len(live), kept=len(live))
    # The documents the stage extracts from, and its counts of those it leaves alone.
    todo = []
    for doc in live:
        if not doc.canonical:
            stats.count("copies_skipped")
        elif not doc.text.strip():
            stats.count("empty_text")
        elif not is_english(doc.language):
            stats.count(not_english_reason(doc.language))
        else:
            todo.append(doc)
    keys = {d.id: claims_key(d, spans, stage.options.max_chars) for d in todo}
    cached = load_work_cache(engine, "claims", list(keys.values()))
    to_extract = []
    for doc in todo:
        stored_key, stored_claims = stored.get(doc.id, ("", []))
        if stored_key == keys[doc.id]:
            doc.claims = stored_claims
            stats.count("reused from earlier runs")
        elif keys[doc.id] in cached:
            doc.claims = [claim_from_dict(c) for c in cached[keys[doc.id]]]
            stats.count("reused from an interrupted run")
        else:
            to_extract.append(doc)
    failed = set()
    with stage.kept_workers():
        for start in range(0, len(to_extract), batch_size):
            batch = to_extract[start : start + batch_size]
            # The stage sets new lists where extraction succeeds; a placeholder left in place
            # marks a failure, which is neither cached nor keyed (a later run tries again).
            placeholders = {d.id: [] for d in batch}
            for doc in batch:
                doc.claims = placeholders[doc.id]
            batch_stats = StageStats(name="claims")
            stage.run(batch, batch_stats)
            stats.counts.update(batch_stats.counts)
            done = {d.id for d in batch if d.claims is not placeholders[d.id]}
            failed |= {d.id for d in batch} - done
            save_work_cache(
                engine,
                "claims",
                {keys[d.id]: [claim_to_dict(c) for c in d.claims] for d in batch if d.id in done},
            )
            crash_point("claims-batch")
    stats.seconds = time.perf_counter() - started
    return {i: key for i, key in keys.items() if i not in failed}, stats


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
