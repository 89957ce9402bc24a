"""Words hyphenated at a line end: joined as one word, or as a compound, or left apart."""

from __future__ import annotations

from wiredesk.clean import CleanStage
from wiredesk.clean.repairs import Vocabulary, join_hyphenated_breaks
from wiredesk.records import Document, Repair
from wiredesk.stage import StageStats

EMPTY = Vocabulary.from_texts([])


def test_a_word_broken_over_a_line_is_joined() -> None:
    lines, repairs = join_hyphenated_breaks(["The federal gov-", "ernment shut down."], EMPTY)
    assert lines == ["The federal government shut down."]
    assert repairs == [Repair("gov-\nernment", "government", "word hyphenated at a line end")]


def test_a_compound_keeps_its_hyphen() -> None:
    lines, repairs = join_hyphenated_breaks(["She is a well-", "known senator."], EMPTY)
    assert lines == ["She is a well-known senator."]
    assert repairs == [Repair("well-\nknown", "well-known", "compound broken at a line end")]


def test_a_capital_after_the_break_keeps_the_hyphen() -> None:
    lines, _ = join_hyphenated_breaks(["The Clinton-", "Kaine ticket won."], EMPTY)
    assert lines == ["The Clinton-Kaine ticket won."]


def test_the_corpus_outvotes_the_word_list() -> None:
    # wordfreq knows "coworkers"; this corpus writes "co-workers".
    vocabulary = Vocabulary.from_texts(["Her co-workers agreed.", "Two co-workers left."])
    lines, _ = join_hyphenated_breaks(["His co-", "workers stayed."], vocabulary)
    assert lines == ["His co-workers stayed."]


def test_unknown_pieces_and_other_line_ends_are_left_apart() -> None:
    for lines in (
        ["It was a zorbl-", "quaxt moment."],  # neither list knows the word or its halves
        ["Scores: 3-", "2 at the half."],  # no word before the hyphen
        ["He paused -", "then went on."],  # a dash, not a hyphen
        ["The vote was close.", "Turnout was high."],
    ):
        assert join_hyphenated_breaks(lines, EMPTY) == (lines, [])


def test_clean_stage_joins_before_cutting_the_text() -> None:
    docs = [Document(id="d0", raw="The federal gov-\nernment shut down on Monday.")]
    CleanStage().run(docs, StageStats(name="clean"))
    assert docs[0].text == "The federal government shut down on Monday."
    assert docs[0].repairs == [
        Repair("gov-\nernment", "government", "word hyphenated at a line end")
    ]
