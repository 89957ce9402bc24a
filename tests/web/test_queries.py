"""The read queries behind the pages and the API: text pieces, story filters, the matrix."""

from __future__ import annotations

from datetime import date

from wiredesk.records import Claim, LedgerEntry, LedgerRow, Repair, Span, Story
from wiredesk.web.queries import StoryFilter, ledger_matrix, repair_ranges, text_segments

TEXT = "Intro line.\nPolice said two men were held. Witnesses said shots were fired.\nEnd."


def span(fragment: str, start: int = 0) -> Span:
    at = TEXT.index(fragment, start)
    return Span(at, at + len(fragment), fragment)


def claim(source: str, content: str, sentence: str | None) -> Claim:
    source_span = span(source)
    cue = span("said", source_span.end)
    return Claim(
        source=[source_span],
        cue=[cue],
        content=[span(content)],
        sentence=span(sentence) if sentence else None,
    )


def test_segments_cover_the_text_exactly_and_mark_roles() -> None:
    police = claim("Police", "two men were held", "Police said two men were held.")
    witnesses = claim("Witnesses", "shots were fired", None)
    segments = text_segments(TEXT, [police, witnesses], [])
    assert "".join(p.text for s in segments for p in s.pieces) == TEXT
    assert [s.claims for s in segments if s.claims] == [[0], [1]]
    roles = {p.text: p.roles for s in segments for p in s.pieces}
    assert roles["Police"] == ["source"]
    assert roles["two men were held"] == ["content"]
    # Without a stored sentence a claim covers the hull of its spans.
    assert roles["Witnesses"] == ["source"] and roles["shots were fired"] == ["content"]
    assert roles["Intro line.\n"] == []


def test_claims_in_one_sentence_share_a_segment() -> None:
    sentence = "Police said two men were held."
    first = claim("Police", "two men were held", sentence)
    second = claim("Police", "two men", sentence)
    segments = [s for s in text_segments(TEXT, [first, second], []) if s.claims]
    assert [s.claims for s in segments] == [[0, 1]]


def test_repairs_mark_the_kth_occurrence_of_their_result() -> None:
    text = "U.S. officials met. Later U.S. officials left. U.S. officials"
    repairs = [Repair("U.S.\nofficials", "U.S. officials", "line break")] * 2
    assert [start for start, _, _ in repair_ranges(text, repairs)] == [0, 26]
    assert repair_ranges(text, [Repair("a", "missing", "r")]) == []
    segments = text_segments(text, [], repairs)
    marked = [p.text for s in segments for p in s.pieces if p.repair]
    assert marked == ["U.S. officials", "U.S. officials"]


def test_story_filter_by_text_entity_and_overlapping_dates() -> None:
    story = Story("s-1", "Harbour strike", ["a"], date(2025, 3, 1), date(2025, 3, 5), ["Saltreach"])
    undated = Story("s-2", "Undated", ["b"])
    assert StoryFilter(text="STRIKE").matches_text(story)
    assert not StoryFilter(text="flood").matches_text(story)
    assert StoryFilter(entity="saltr").matches_entity(story)
    assert not StoryFilter(entity="Kessarn").matches_entity(story)
    assert StoryFilter(date_from=date(2025, 3, 5)).matches_dates(story)
    assert StoryFilter(date_to=date(2025, 3, 1)).matches_dates(story)
    assert not StoryFilter(date_from=date(2025, 3, 6)).matches_dates(story)
    assert not StoryFilter(date_to=date(2025, 2, 28)).matches_dates(story)
    assert StoryFilter().matches_dates(undated)
    assert not StoryFilter(date_from=date(2025, 1, 1)).matches_dates(undated)


def entry(source: str, hedge: str = "asserted") -> LedgerEntry:
    return LedgerEntry("d", 0, "Pub", source, source, hedge, "positive", [], "content")


def test_matrix_columns_by_rows_spoken_to_and_single_source_apart() -> None:
    rows = [
        LedgerRow("s", "toll", [entry("police"), entry("mayor", "probable")], "agree", 2),
        LedgerRow("s", "cause", [entry("mayor"), entry("")], "conflict", 2),
        LedgerRow("s", "weather", [entry("police")], "single-source", 1),
    ]
    matrix = ledger_matrix(rows)
    assert matrix.sources == ["mayor", "police", "(unattributed)"]
    assert [r.number for r in matrix.rows] == [1, 2]
    assert [r.number for r in matrix.single_source] == [3]
    toll = matrix.rows[0]
    assert [c.hedges if c else None for c in toll.cells] == [["probable"], ["asserted"], None]


def test_a_sentence_ends_before_its_line_break() -> None:
    sentence = "Police said two men were held. "
    police = claim("Police", "two men were held", sentence)
    segments = text_segments(TEXT, [police], [])
    marked = next(s for s in segments if s.claims)
    assert "".join(p.text for p in marked.pieces) == sentence.rstrip()
    assert "".join(p.text for s in segments for p in s.pieces) == TEXT
