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
