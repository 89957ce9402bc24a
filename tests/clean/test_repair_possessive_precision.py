"""Lost possessives restored with the article's own typography and from more kinds of
evidence (issue 3): quotation marks in markup say nothing, typeset dashes are a weak hint."""

from __future__ import annotations

from wiredesk.clean.repairs import (
    Vocabulary,
    apostrophes_by_line,
    restore_possessives,
)


def restored(line: str, vocabulary: Vocabulary) -> str:
    return restore_possessives(line, vocabulary, apostrophes_lost=True)[0]


def test_quotation_marks_inside_markup_are_not_the_writers() -> None:
    tweet = '<tweet id="12" author="@someone">Great day at the fair — see you there</tweet>'
    assert apostrophes_by_line([tweet], default="’") == ["’"]
    assert apostrophes_by_line(['<a href="x">He wrote "no"</a>'], default="’") == ["'"]


def test_typeset_dashes_decide_only_where_no_quotation_mark_does() -> None:
    assert apostrophes_by_line(["Four towns — all small — voted."]) == ["’"]
    assert apostrophes_by_line(["Four towns -- all small -- voted."], default="’") == ["'"]
    # One straight quotation mark outweighs a line of typeset dashes.
    assert apostrophes_by_line(['Two — three — four — "five".']) == ["'"]


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


# "Ruritania's" is written in three intact paragraphs; the "Smiths" are a family.
ALONE = Vocabulary.from_documents(
    [
        ["Ruritania's fleet sailed.", "Ruritania's port.", "We saw Ruritania's coast."],
        ["Ruritania voted.", "The Smiths came and Smith's dog too."],
    ]
)


def test_a_possessive_standing_alone_needs_a_name_written_so_often() -> None:
    assert restored("Its navy is larger than Ruritanias.", ALONE) == (
        "Its navy is larger than Ruritania's."
    )
    assert restored("Like Ruritanias in 1990, it failed.", ALONE) == (
        "Like Ruritania's in 1990, it failed."
    )
    # After a plural marker, or for a name written in the possessive only once: a plural.
    assert restored("We met all Ruritanias.", ALONE) == "We met all Ruritanias."
    assert restored("We met the Smiths.", ALONE) == "We met the Smiths."
    assert restored("It was larger than Smiths.", ALONE) == "It was larger than Smiths."


NAMES = Vocabulary.from_documents(
    [
        ["Acme Valley grew.", "In Acme Valley, rain.", "The valley's rivers are low."],
        ["Ohio Republican voters.", "Ohio Republican leaders.", "Republicans say it's late."],
    ]
)


def test_a_name_of_several_words_needs_no_intact_possessive_where_its_plural_is_never_written() -> (
    None
):
    assert restored("Acme Valleys growth slowed.", NAMES) == "Acme Valley's growth slowed."
    # The intact paragraphs write "Republicans": a plural after the state's name.
    assert restored("Ohio Republicans favour it.", NAMES) == "Ohio Republicans favour it."


def test_after_a_title_a_name_the_corpus_writes_after_one_takes_the_possessive() -> None:
    # "Bans" and "Jones" are words of their own; "Mr. Ban" is a name, "Mr. Jones" no "Mr. Jone".
    vocabulary = Vocabulary.from_documents(
        [["Mr. Ban spoke.", "Mr. Jones left.", "The bans stand."], ["Jones said so."]]
    )
    assert restored("It was under Mr. Bans watch.", vocabulary) == "It was under Mr. Ban's watch."
    assert restored("It was under Mr. Jones watch.", vocabulary) == "It was under Mr. Jones watch."
    assert restored("It was under Bans watch.", vocabulary) == "It was under Bans watch."


def test_a_closing_parenthesis_after_the_possessive_is_read_past() -> None:
    vocabulary = Vocabulary.from_texts(["Ruritania voted.", "Ruritania's fleet sailed."])
    assert restored("He saw (Ruritanias) fleet.", vocabulary) == "He saw (Ruritania's) fleet."


def test_a_name_ending_in_a_plural_is_left_whatever_other_possessives_say() -> None:
    vocabulary = Vocabulary.from_documents(
        [["The network's reach grew.", "Each Network's show aired."], ["Acme River spoke."]]
    )
    # The corpus never writes "River Network": "Networks" ends the company's name.
    assert restored("Jo Smith, a River Networks engineer, left.", vocabulary) == (
        "Jo Smith, a River Networks engineer, left."
    )
    assert restored("Jo Smith praised Networks engineers.", vocabulary) == (
        "Jo Smith praised Network's engineers."
    )


def test_at_a_sentence_start_a_bare_form_no_list_knows_is_restored() -> None:
    vocabulary = Vocabulary.from_texts(["Talks began."])
    assert restored("He left. Erdoğans rise began.", vocabulary) == "He left. Erdoğan's rise began."
    # "Heres" stays a contraction, whatever the lists know.
    assert restored("He left. Heres the plan.", vocabulary) == "He left. Heres the plan."


def test_inside_a_name_a_common_word_with_a_rare_bare_form_takes_the_possessive() -> None:
    vocabulary = Vocabulary.from_texts(["The people voted.", "Harbour City is big."])
    assert restored("He joined the Acme Peoples Party last year.", vocabulary) == (
        "He joined the Acme People's Party last year."
    )
    assert restored("The Harbour Citys stage is new.", vocabulary) == (
        "The Harbour City's stage is new."
    )
    # "Records" is a word wordfreq knows nearly as well as "Record".
    assert restored("He joined the Acme Records staff.", vocabulary) == (
        "He joined the Acme Records staff."
    )


def test_each_line_takes_the_apostrophe_of_the_marks_nearest_it() -> None:
    lines = [
        "“We won,” she said.",
        "The mayor’s aide agreed.",
        "Nobody spoke.",
        "Nobody left.",
        "Nobody cried.",
        "He said 'no' and 'never'.",
        "It's late, isn't it?",
    ]
    chosen = apostrophes_by_line(lines, default="’")
    assert chosen[:2] == ["’", "’"]
    assert chosen[-2:] == ["'", "'"]
    assert apostrophes_by_line(["No marks here."], default="’") == ["’"]
