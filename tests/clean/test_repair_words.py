"""Run-together words, abbreviation line breaks before names and numbers, possessives judged
against the paragraphs that kept their apostrophes, and mojibake of a whole paragraph."""

from __future__ import annotations

import pytest

from wiredesk.clean.repairs import (
    Vocabulary,
    apostrophes_by_line,
    best_split,
    fix_mojibake,
    join_abbreviation_breaks,
    restore_possessives,
    split_run_together,
)
from wiredesk.records import Repair

CORPUS = Vocabulary.from_texts(
    [
        "Donald Trump met Bernie Sanders. Donald Trump and Bernie Sanders spoke.",
        "The Harbour Times reported it. The Times said so.",
        "NowThis posted a video. NowThis is a site.",
    ]
)


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("ofthe", ("of", "the")),  # wordfreq knows "ofthe" as a typo, far rarer than the pair
        ("thebutton", ("the", "button")),
        ("DonaldTrump", ("Donald", "Trump")),  # a capital inside, before a name
        ("Timesreported", ("Times", "reported")),
        ("andBernie", ("and", "Bernie")),
    ],
)
def test_two_words_run_together_are_split(token: str, words: tuple[str, str]) -> None:
    assert best_split(token, CORPUS) == words


@pytest.mark.parametrize(
    "token",
    [
        "together",  # a word, though "to get her" is three
        "into",  # a word likelier than "in to"
        "atone",  # "at one" is not likely enough beside it
        "nonprison",  # a prefix, not a word run into another
        "NowThis",  # a brand: the corpus holds it elsewhere
        "Orin",  # a name, not "Or in"
        "mistep",  # a typo: "mi" is no word
        "Quaxtorbl",  # nothing to split into
    ],
)
def test_words_and_names_are_not_split(token: str) -> None:
    assert best_split(token, CORPUS) is None


def test_split_run_together_leaves_addresses_and_handles() -> None:
    line = "See www.ofthe.com or @ofthebutton and #thebutton, not thebutton."
    repaired, repairs = split_run_together(line, CORPUS)
    assert repaired == "See www.ofthe.com or @ofthebutton and #thebutton, not the button."
    reason = 'words run together (wordfreq knows "the button" better than "thebutton")'
    assert repairs == [Repair("thebutton", "the button", reason)]


def test_title_before_a_name_and_month_before_a_day_are_joined() -> None:
    lines, repairs = join_abbreviation_breaks(["He thanked Sen.", "Bernie Sanders on Nov.", "9."])
    assert lines == ["He thanked Sen. Bernie Sanders on Nov. 9."]
    assert [repair.after for repair in repairs] == ["Sen. Bernie", "Nov. 9"]


def test_acronym_before_a_capital_may_end_a_sentence() -> None:
    lines = ["He moved to the U.S.", "Clinton won the state.", "He met Mr.", "9 people."]
    assert join_abbreviation_breaks(lines) == (lines, [])


def test_possessive_restored_where_intact_paragraphs_write_it_so() -> None:
    vocabulary = Vocabulary.from_documents(
        [["Ruritania's port is busy.", "Ruritania's harbour too."], ["Ruritanias fleet sailed."]]
    )
    line, repairs = restore_possessives(
        "Ruritanias fleet sailed.", vocabulary, apostrophes_lost=True, apostrophe="’"
    )
    assert line == "Ruritania’s fleet sailed."
    reason = "apostrophe lost before possessive s (the paragraphs that kept their apostrophes"
    assert repairs == [Repair("Ruritanias", "Ruritania’s", f'{reason} write "Ruritania\'s")')]


def test_a_plural_the_intact_paragraphs_use_is_not_made_possessive() -> None:
    vocabulary = Vocabulary.from_documents(
        [
            ["The Ruritanias are two, and Ruritania's king rules one.", "Ruritanias vote."],
            ["Ruritanias elections are close."],
        ]
    )
    assert vocabulary.bare_form_is_a_word("Ruritania")
    line = "Ruritanias elections are close."
    assert restore_possessives(line, vocabulary, apostrophes_lost=True) == (line, [])


def test_the_lost_apostrophe_follows_the_article_typography() -> None:
    assert apostrophes_by_line(["He said “no” twice."]) == ["’"]
    assert apostrophes_by_line(['He said "no" twice.']) == ["'"]
    assert apostrophes_by_line(["He said “no.”", "They aren't sure, it's 'odd'."]) == ["'", "'"]


def test_a_paragraph_read_as_windows_1252_is_restored() -> None:
    # No closing curly quote: its last UTF-8 byte is one Windows-1252 leaves undefined.
    original = "Clinton’s remark — made in São Paulo — drew «boos» and “jeers."
    damaged = original.encode("utf-8").decode("cp1252")
    assert damaged != original
    assert fix_mojibake(damaged)[0] == original


def test_word_frequencies_are_read_from_the_copy_the_first_process_leaves(tmp_path, monkeypatch):
    from wiredesk.clean import wordlist

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    decoded = wordlist._frequencies.__wrapped__()
    assert list(tmp_path.glob("wiredesk/wordfreq-en-large-*.marshal"))
    assert not list(tmp_path.glob("wiredesk/*.partial"))
    assert wordlist._frequencies.__wrapped__() == decoded
    assert decoded["the"] > decoded["harbour"] > 0
