"""The terminal report of a run: cross-checked rows in full, single-source claims capped."""

from rich.console import Console

from wiredesk.records import LedgerEntry, LedgerRow, Story
from wiredesk.report import SINGLE_SOURCE_SHOWN, print_ledger, print_story_ledger


def single_source_rows(story: str, count: int) -> list[LedgerRow]:
    def entry(n: int) -> LedgerEntry:
        return LedgerEntry(
            document_id="a",
            claim_index=n,
            publisher="Dover Post",
            source_name="Dover Post",
            origin="Dover Post",
            hedge="asserted",
            polarity="positive",
            quantities=[],
            content=f"statement number {n}",
        )

    return [LedgerRow(story, f"topic {n}", [entry(n)], "single-source", 1) for n in range(count)]


def printed(draw) -> str:
    console = Console(record=True, width=120)
    draw(console)
    return console.export_text()


def test_the_run_overview_caps_single_source_claims_and_says_where_the_rest_are():
    story = Story(id="s-1", title="Flood", document_ids=["a"])
    rows = single_source_rows("s-1", SINGLE_SOURCE_SHOWN + 3)
    text = printed(lambda console: print_ledger(console, [story], rows))
    assert f"statement number {SINGLE_SOURCE_SHOWN - 1}" in text
    assert f"statement number {SINGLE_SOURCE_SHOWN}" not in text
    assert "... and 3 more single-source claims: wiredesk show s-1" in text


def test_one_storys_ledger_lists_every_single_source_claim():
    rows = single_source_rows("s-1", SINGLE_SOURCE_SHOWN + 3)
    text = printed(lambda console: print_story_ledger(console, rows))
    assert f"statement number {SINGLE_SOURCE_SHOWN + 2}" in text
    assert "more single-source" not in text


def test_the_run_overview_of_a_large_corpus_prints_its_most_reported_stories_in_order():
    stories = [
        Story(id=f"s-{n}", title=f"Event {n}", document_ids=[f"d{n}-{k}" for k in range(n % 7)])
        for n in range(40)
    ]
    rows = [row for story in stories for row in single_source_rows(story.id, 1)]
    text = printed(lambda console: print_ledger(console, stories, rows, stories_shown=5))
    shown = [story.id for story in stories if f"story {story.id} " in text]
    # the five stories with six articles, the most, in the stored order
    assert shown == ["s-6", "s-13", "s-20", "s-27", "s-34"]
    assert "5 of 40 stories shown" in text
    assert "wiredesk stories" in text


def test_the_run_overview_prints_every_story_of_a_small_corpus():
    stories = [Story(id=f"s-{n}", title=f"Event {n}", document_ids=["a"]) for n in range(3)]
    rows = [row for story in stories for row in single_source_rows(story.id, 1)]
    text = printed(lambda console: print_ledger(console, stories, rows, stories_shown=5))
    assert all(f"story s-{n} " in text for n in range(3))
    assert "stories shown" not in text
