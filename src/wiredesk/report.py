"""Terminal output with Rich: progress, the run summary, stories and the ledger.

Article text is untrusted: it is always wrapped in ``Text`` (never parsed as Rich markup,
control characters stripped).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from wiredesk.records import Document, LedgerEntry, LedgerRow, Story

VERDICT_STYLE = {
    "agree": "green",
    "consistent": "cyan",
    "conflict": "bold red",
    "single-source": "yellow",
}


def error_console() -> Console:
    return Console(stderr=True)


def output_console() -> Console:
    return Console()


class StageProgress:
    """A spinner naming the running stage (shown on terminals only)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.status = None

    def __enter__(self) -> StageProgress:
        if self.console.is_terminal:
            self.status = self.console.status("reading input")
            self.status.start()
        return self

    def stage(self, name: str, n_documents: int) -> None:
        if self.status is not None:
            self.status.update(f"{name}: {n_documents:,} documents")

    def __exit__(self, *exc_info: object) -> None:
        if self.status is not None:
            self.status.stop()


def print_summary(console: Console, report) -> None:
    """Per stage: documents seen, kept, dropped with reasons, what it counted, time."""
    table = Table(title="run summary", title_justify="left")
    for column in ("stage", "in", "kept", "dropped", "counted", "seconds"):
        table.add_column(column, justify="right" if column in ("in", "kept", "seconds") else "left")
    for stats in report.stages:
        table.add_row(
            stats.name,
            f"{stats.seen:,}",
            f"{stats.kept:,}",
            Text("; ".join(f"{n} {reason}" for reason, n in stats.dropped.most_common())),
            Text("; ".join(f"{n} {what}" for what, n in stats.counts.most_common() if n)),
            f"{stats.seconds:.2f}",
        )
    console.print(table)
    for problem in report.problems:
        console.print(Text(("skipped " if problem.skipped else "note ") + str(problem)))
    if not report.changed:
        console.print("nothing new: every input is already stored; the database is unchanged")


def entry_text(entry: LedgerEntry) -> Text:
    chain = " <- ".join(entry.via) if entry.via else entry.publisher
    text = Text()
    text.append(entry.source_name or "(unattributed)", style="bold")
    text.append(f" [{entry.hedge}{', negated' if entry.polarity == 'negative' else ''}]")
    if entry.quantities:
        text.append(" " + ", ".join(q.text for q in entry.quantities), style="cyan")
    text.append(f"\n  {entry.content}")
    if chain:
        text.append(f"\n  via {chain}", style="dim")
    return text


def ledger_table(rows: list[LedgerRow]) -> Table:
    table = Table(show_lines=True, expand=True)
    table.add_column("claim", ratio=1)
    table.add_column("verdict", no_wrap=True)
    table.add_column("indep.", justify="right", no_wrap=True)
    table.add_column("sources and versions", ratio=3)
    for row in rows:
        versions = Text("\n").join(entry_text(e) for e in row.entries)
        if row.notes:
            versions.append("\n" + "; ".join(row.notes), style="italic")
        table.add_row(
            Text(row.topic),
            Text(row.verdict, style=VERDICT_STYLE.get(row.verdict, "")),
            str(row.independent_sources),
            versions,
        )
    return table


def story_heading(story: Story) -> Text:
    span = " .. ".join(
        d.isoformat() for d in dict.fromkeys([story.first_published, story.last_published]) if d
    )
    heading = Text(f"story {story.id}", style="bold")
    heading.append(f"  {len(story.document_ids)} article(s)  {span}\n")
    heading.append(story.title, style="bold underline")
    return heading


def single_source_table(rows: list[LedgerRow], shown: int | None = None) -> Table:
    """Claims that no other source in the story speaks to: one line each, the first ``shown``
    of them when given."""
    table = Table(title=f"{len(rows)} single-source claims", title_justify="left", expand=True)
    table.add_column("source [hedging]", ratio=1)
    table.add_column("claim", ratio=3)
    for row in rows[:shown]:
        entry = row.entries[0]
        label = Text(entry.source_name or "(unattributed)", style="bold")
        label.append(f" [{entry.hedge}{', negated' if entry.polarity == 'negative' else ''}]")
        content = entry.content if len(entry.content) <= 160 else entry.content[:159] + "…"
        table.add_row(label, Text(content))
    return table


SINGLE_SOURCE_SHOWN = 10
"""Single-source claims the overview of a run prints per story; `wiredesk show` prints all."""

STORIES_SHOWN = 25
"""Stories whose ledger the overview of a run prints: a terminal is no place for thousands
of them; `wiredesk stories` lists all, `wiredesk show` and `wiredesk serve` open each."""


def rows_by_story(ledger: list[LedgerRow]) -> dict[str, list[LedgerRow]]:
    grouped: dict[str, list[LedgerRow]] = {}
    for row in ledger:
        grouped.setdefault(row.story, []).append(row)
    return grouped


def most_reported(
    stories: list[Story], rows: dict[str, list[LedgerRow]], shown: int
) -> list[Story]:
    """The ``shown`` stories with the most articles (then the most cross-checked rows), in
    their given order."""

    def weight(story: Story) -> tuple[int, int]:
        checked = sum(r.verdict != "single-source" for r in rows.get(story.id, []))
        return len(story.document_ids), checked

    chosen = {s.id for s in sorted(stories, key=weight, reverse=True)[:shown]}
    return [s for s in stories if s.id in chosen]


def print_ledger(
    console: Console,
    stories: list[Story],
    ledger: list[LedgerRow],
    stories_shown: int | None = STORIES_SHOWN,
) -> None:
    """Per story: rows that several sources speak to in full, then the first single-source
    claims (with the outlets' own statements a story has many); of a large corpus, the
    ``stories_shown`` most reported stories."""
    if not stories:
        console.print("no stories stored yet: run `wiredesk run PATH...` first")
        return
    rows = rows_by_story(ledger)
    shown = stories
    if stories_shown is not None and len(stories) > stories_shown:
        shown = most_reported(stories, rows, stories_shown)
    for story in shown:
        console.print(story_heading(story))
        story_rows = rows.get(story.id, [])
        print_story_ledger(console, story_rows, single_source_shown=SINGLE_SOURCE_SHOWN)
        hidden = sum(r.verdict == "single-source" for r in story_rows) - SINGLE_SOURCE_SHOWN
        if hidden > 0:
            console.print(f"  ... and {hidden} more single-source claims: wiredesk show {story.id}")
        console.print()
    if len(shown) < len(stories):
        console.print(
            f"{len(shown)} of {len(stories)} stories shown, those with the most articles: "
            "`wiredesk stories` lists all, `wiredesk show STORY` prints one, "
            "`wiredesk serve` opens them in a browser"
        )


def print_story_ledger(
    console: Console, rows: list[LedgerRow], single_source_shown: int | None = None
) -> None:
    if not rows:
        console.print("  no claims in this story")
        return
    cross_checked = [r for r in rows if r.verdict != "single-source"]
    single = [r for r in rows if r.verdict == "single-source"]
    if cross_checked:
        console.print(ledger_table(cross_checked))
    if single:
        console.print(single_source_table(single, shown=single_source_shown))


def print_stories(console: Console, stories: list[Story], ledger: list[LedgerRow]) -> None:
    table = Table(title=f"{len(stories)} stories", title_justify="left")
    for column in ("story", "articles", "first", "last", "ledger rows", "conflicts", "title"):
        table.add_column(column)
    by_story = rows_by_story(ledger)
    for story in stories:
        rows = by_story.get(story.id, [])
        table.add_row(
            story.id,
            str(len(story.document_ids)),
            str(story.first_published or ""),
            str(story.last_published or ""),
            str(len(rows)),
            str(sum(r.verdict == "conflict" for r in rows)),
            Text(story.title),
        )
    console.print(table)


def print_story(
    console: Console, story: Story, docs: list[Document], ledger: list[LedgerRow]
) -> None:
    console.print(story_heading(story))
    table = Table(title="articles", title_justify="left")
    for column in ("id", "publisher", "published", "copy of", "claims", "title"):
        table.add_column(column)
    by_id = {d.id: d for d in docs}
    for doc in sorted(docs, key=lambda d: (d.published is None, d.published, d.id)):
        canonical = next((d.id for d in by_id.values() if d.canonical and doc.id in d.copies), "")
        table.add_row(
            Text(doc.id),
            Text(doc.publisher + (" (inferred)" if doc.publisher_inferred else "")),
            str(doc.published or ""),
            Text(canonical),
            str(len(doc.claims)),
            Text(doc.title or doc.text[:80]),
        )
    console.print(table)
    print_story_ledger(console, ledger)


def print_cleaning(console: Console, doc: Document) -> None:
    """One document's cleaning for a person to check: the kept text with each repair's
    result underlined, then each removed piece with its reason."""
    heading = Text(f"{doc.id}", style="bold")
    publisher = doc.publisher + (" (inferred)" if doc.publisher_inferred else "")
    heading.append(f"  {publisher}  {doc.published or ''}  {doc.raw_format} input")
    console.print(heading)
    if doc.skip_reason:
        console.print(Text(f"dropped: {doc.skip_reason}", style="bold red"))
    text = Text(doc.text)
    for repair in doc.repairs:
        text.highlight_words([repair.after], style="underline green")
    console.rule("kept")
    console.print(text)
    console.rule(f"{len(doc.repairs)} repairs")
    for repair in doc.repairs:
        line = Text(f"{repair.before!r} -> ", style="green")
        line.append(f"{repair.after!r}", style="bold green")
        line.append(f"  {repair.reason}", style="dim")
        console.print(line)
    console.rule(f"{len(doc.removed)} removed")
    for removal in doc.removed:
        console.print(Text(f"[{removal.reason}]", style="yellow"))
        console.print(Text(removal.text, style="dim"))
