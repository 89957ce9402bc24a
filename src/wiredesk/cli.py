"""The command line: a thin layer over :mod:`wiredesk.pipeline` and :mod:`wiredesk.store`.

Task commands (extract, claims, dedup, cluster) write JSON lines to stdout and nothing
else; progress, problems and the run summary go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from wiredesk.ingest import IngestOptions

app = typer.Typer(
    name="wiredesk",
    help="Scraped news in, a cross-checked story ledger out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DB_ENV = "WIREDESK_DB"

Paths = Annotated[
    list[str], typer.Argument(help="Files, folders (recursive), globs, or - for stdin.")
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", help="Publication date (YYYY-MM-DD) for inputs that lack one."),
]
PublisherOption = Annotated[
    str | None, typer.Option("--publisher", help="Publisher for inputs that lack one.")
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help=f"SQLAlchemy database URL \\[default: ${DB_ENV} or sqlite:///wiredesk.db]."
    ),
]


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Run the per-document work on a local Dask cluster of N worker processes "
        "(one thread each); the results are the same as without.",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="Run the per-document work on the Dask cluster of this scheduler (its workers "
        "need wiredesk installed); the results are the same as without.",
    ),
]


def cluster_mapper(workers: int | None, scheduler: str | None):
    """Where the per-document work runs: a Dask cluster when asked for, else this process."""
    from wiredesk.distributed import mapper_for

    if workers is not None and scheduler is not None:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--workers")
    return mapper_for(scheduler=scheduler, workers=workers)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class SpanFinder(StrEnum):
    combined = "combined"
    model = "model"
    rules = "rules"


SpansOption = Annotated[
    SpanFinder,
    typer.Option(
        help="Who finds source, cue and content: the parse rules where they know the "
        "construction and the trained span model elsewhere (combined), the model alone, "
        "or the rules alone (several times faster, less accurate; BENCHMARKS.md).",
    ),
]


class ExportTable(StrEnum):
    articles = "articles"
    claims = "claims"
    ledger = "ledger"
    stories = "stories"


def ingest_options(when: str | None, publisher: str | None) -> IngestOptions:
    published = None
    if when:
        try:
            published = date.fromisoformat(when)
        except ValueError:
            raise typer.BadParameter(
                f"{when!r} is not a YYYY-MM-DD date", param_hint="--date"
            ) from None
    return IngestOptions(published=published, publisher=publisher or "")


def database_url(db: str | None) -> str:
    from wiredesk.store import DEFAULT_DB_URL

    return db or os.environ.get(DB_ENV) or DEFAULT_DB_URL


def engine_for(db: str | None):
    from wiredesk.store import connect

    return connect(database_url(db))


def run_task_command(
    task: str,
    paths: list[str],
    when: str | None,
    publisher: str | None,
    render,
    *,
    clean: bool = True,
    spans: str = "combined",
    explain: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> None:
    from wiredesk import report
    from wiredesk.pipeline import run_task

    console = report.error_console()
    with cluster_mapper(workers, scheduler) as mapper, report.StageProgress(console) as progress:
        result = run_task(
            task,
            paths,
            ingest_options(when, publisher),
            clean=clean,
            spans=spans,
            on_stage=progress.stage,
            mapper=mapper,
        )
    if explain is not None:
        chosen = [d for d in result.documents if d.id == explain]
        if not chosen:
            console.print(Text(f"no document with id {explain!r} in the input"))
            raise typer.Exit(1)
        report.print_cleaning(report.output_console(), chosen[0])
        return
    out = sys.stdout
    for doc in result.documents:
        out.write(json.dumps(render(doc), ensure_ascii=False) + "\n")
    out.flush()
    report.print_summary(console, result)


@app.command()
def extract(
    paths: Paths,
    when: DateOption = None,
    publisher: PublisherOption = None,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="ID",
            help="Show document ID for a person to check instead: the kept text with its "
            "repairs marked, then every removed piece with its reason.",
        ),
    ] = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Clean each document: the article text, what was removed and repaired, and why.

    Writes one JSON object per document: {"id", "text", "publisher", "removed", "repairs"}.

    Example: wiredesk extract examples/ > clean.jsonl
    """
    from wiredesk.serialize import extract_output

    run_task_command(
        "extract",
        paths,
        when,
        publisher,
        extract_output,
        explain=explain,
        workers=workers,
        scheduler=scheduler,
    )


@app.command()
def claims(
    paths: Paths,
    when: DateOption = None,
    publisher: PublisherOption = None,
    no_clean: Annotated[
        bool, typer.Option("--no-clean", help="Use the input text exactly as given.")
    ] = False,
    spans: SpansOption = SpanFinder.combined,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Extract attributed claims with hedging, polarity, quantities and reporting chain.

    Writes one JSON object per document: {"id", "text", "claims"}; each claim's source,
    cue and content are lists of {"start", "end", "text"} with offsets into "text".

    Example: wiredesk claims --no-clean articles.jsonl
    """
    from wiredesk.serialize import claims_output

    run_task_command(
        "claims",
        paths,
        when,
        publisher,
        claims_output,
        clean=not no_clean,
        spans=spans.value,
        workers=workers,
        scheduler=scheduler,
    )


@app.command()
def dedup(
    paths: Paths,
    when: DateOption = None,
    publisher: PublisherOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Find copies: one {"id", "group"} per document; copies share a group.

    Each line also says why: "evidence" (on a copy its canonical and their similarity) and
    "versions" (near-copies kept apart because a figure or a name differs, and what differs).

    Example: wiredesk dedup reprints.jsonl
    """
    from wiredesk.serialize import dedup_output

    run_task_command(
        "dedup", paths, when, publisher, dedup_output, workers=workers, scheduler=scheduler
    )


@app.command()
def cluster(
    paths: Paths,
    when: DateOption = None,
    publisher: PublisherOption = None,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Group articles into stories: one {"id", "story"} per document.

    Each line also says why, in "evidence": the nearest article of the story, their
    similarity, the names and numbers both mention and the days between them.

    Example: wiredesk cluster articles.jsonl
    """
    from wiredesk.serialize import cluster_output

    run_task_command(
        "cluster", paths, when, publisher, cluster_output, workers=workers, scheduler=scheduler
    )


@app.command()
def run(
    paths: Paths,
    when: DateOption = None,
    publisher: PublisherOption = None,
    db: DbOption = None,
    spans: SpansOption = SpanFinder.combined,
    checkpoint_every: Annotated[
        int,
        typer.Option(
            min=1,
            help="Documents per batch of claims committed as the run goes: a killed run "
            "re-run on the same input redoes only the batch it was in.",
        ),
    ] = 64,
    workers: WorkersOption = None,
    scheduler: SchedulerOption = None,
    recluster: Annotated[
        bool,
        typer.Option(
            help="Group the whole corpus into stories anew (ids kept where groups survive) "
            "instead of adding the new articles to the stored stories.",
        ),
    ] = False,
) -> None:
    """Run the whole pipeline into the database, then print the ledger.

    Re-running on the same input adds nothing; new input extends the stored stories: each
    new article joins a stored story or opens a new one (--recluster regroups everything).
    A killed run re-run on the same input resumes: the claims it had committed are reused.

    Example: wiredesk run ../shared/seeds --date 2025-02-11
    """
    from wiredesk import report
    from wiredesk.pipeline import run_corpus
    from wiredesk.store import load_ledger, load_stories

    engine = engine_for(db)
    console = report.error_console()
    with cluster_mapper(workers, scheduler) as mapper, report.StageProgress(console) as progress:
        result = run_corpus(
            paths,
            engine,
            ingest_options(when, publisher),
            spans=spans.value,
            on_stage=progress.stage,
            checkpoint_every=checkpoint_every,
            mapper=mapper,
            recluster=recluster,
        )
    report.print_summary(console, result)
    out = report.output_console()
    report.print_ledger(out, load_stories(engine), load_ledger(engine))


@app.command()
def stories(db: DbOption = None) -> None:
    """List the stored stories.

    Example: wiredesk stories --db sqlite:///wiredesk.db
    """
    from wiredesk import report
    from wiredesk.store import load_ledger, load_stories

    engine = engine_for(db)
    report.print_stories(report.output_console(), load_stories(engine), load_ledger(engine))


@app.command()
def show(
    story: Annotated[str, typer.Argument(help="A story id (or a unique prefix of one).")],
    db: DbOption = None,
) -> None:
    """Show one story: its articles and its ledger.

    Example: wiredesk show s-1a2b3c
    """
    from wiredesk import report
    from wiredesk.store import load_documents, load_ledger, load_stories

    engine = engine_for(db)
    matches = [s for s in load_stories(engine) if s.id.startswith(story)]
    if len(matches) != 1:
        reason = "no story" if not matches else f"{len(matches)} stories"
        report.error_console().print(f"{reason} matching {story!r}; see `wiredesk stories`")
        raise typer.Exit(1)
    chosen = matches[0]
    docs = [d for d in load_documents(engine) if d.story == chosen.id]
    report.print_story(report.output_console(), chosen, docs, load_ledger(engine, chosen.id))


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = (
        ExportFormat.jsonl
    ),
    what: Annotated[ExportTable, typer.Option("--what", help="What to export.")] = (
        ExportTable.articles
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file \\[default: stdout].")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export articles, claims, ledger rows or stories as JSONL, CSV or Parquet.

    Example: wiredesk export --what claims --format csv -o claims.csv
    """
    from wiredesk.export import export_table

    if format is ExportFormat.parquet and output is None:
        raise typer.BadParameter("Parquet needs --output FILE", param_hint="--output")
    export_table(engine_for(db), what.value, format.value, output)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback unless you say so).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the JSON API (under /api) over the stored corpus.

    Example: wiredesk serve --db sqlite:///wiredesk.db --port 8000
    """
    import uvicorn

    from wiredesk.web.app import create_app

    uvicorn.run(create_app(database_url(db)), host=host, port=port)
