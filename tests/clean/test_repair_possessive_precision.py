"""Lost possessives restored with the article's own typography and from more kinds of
evidence (issue 3): quotation marks in markup say nothing, typeset dashes are a weak hint."""

from __future__ import annotations

from wiredesk.clean.repairs import Vocabulary, apostrophe_for, restore_possessives


def restored(line: str, vocabulary: Vocabulary) -> str:
    return restore_possessives(line, vocabulary, apostrophes_lost=True)[0]


def test_quotation_marks_inside_markup_are_not_the_writers() -> None:
    tweet = '<tweet id="12" author="@someone">Great day at the fair — see you there</tweet>'
    assert apostrophe_for([tweet], default="’") == "’"
    assert apostrophe_for(['<a href="x">He wrote "no"</a>'], default="’") == "'"


def test_typeset_dashes_decide_only_where_no_quotation_mark_does() -> None:
    assert apostrophe_for(["Four towns — all small — voted."]) == "’"
    assert apostrophe_for(["Four towns -- all small -- voted."], default="’") == "'"
    # One straight quotation mark outweighs a line of typeset dashes.
    assert apostrophe_for(['Two — three — four — "five".']) == "'"


def test_an_editors_bracket_after_the_possessive_is_read_past() -> None:
    vocabulary = Vocabulary.from_texts(["Ruritania voted.", "Ruritania's fleet sailed."])
    assert restored('He said "[Ruritanias] fleet is old."', vocabulary) == (
        'He said "[Ruritania\'s] fleet is old."'
    )
    assert restored('He said "[Ruritanias] were there."', vocabulary) == (
        'He said "[Ruritanias] were there."'
    )


def test_a_rare_base_that_wordfreq_knows_takes_the_possessive_when_its_bare_form_is_unknown() -> (
    None
):
    vocabulary = Vocabulary.from_texts(["Talks began."])
    # "Erdoğan" is in wordfreq's list, "Erdoğans" is not; "Jens" is a word of its own.
    assert restored("It was Erdoğans rise to power.", vocabulary) == (
        "It was Erdoğan's rise to power."
    )
    assert restored("It was Jens first visit.", vocabulary) == "It was Jens first visit."
