"""Possessives judged by what follows them and by the corpus's own evidence, the apostrophe a
paragraph would use, two words run together in more shapes, and lines ftfy need not read."""

from __future__ import annotations

import pytest

from wiredesk.clean.html import HtmlOptions, extract_html
from wiredesk.clean.repairs import (
    NOTHING_FOR_FTFY,
    Vocabulary,
    apostrophes_by_line,
    best_split,
    fix_mojibake,
    restore_possessives,
)

RURITANIA = Vocabulary.from_texts(["Talks in Ruritania.", "Ruritania said so."])


def restored(line: str, vocabulary: Vocabulary = RURITANIA) -> str:
    return restore_possessives(line, vocabulary, apostrophes_lost=True)[0]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("It was Ruritanias largest harbour.", "It was Ruritania's largest harbour."),
        ("It hit Ruritanias 12 ports.", "It hit Ruritania's 12 ports."),
        ("It praised Ruritanias “quiet” navy.", "It praised Ruritania's “quiet” navy."),
        ("He backed Ruritanias Foreign Office.", "He backed Ruritania's Foreign Office."),
        # What follows a plural or a name, never a possessive's noun.
        ("Talks with Ruritanias of old.", "Talks with Ruritanias of old."),
        ("All Ruritanias were there.", "All Ruritanias were there."),
        ("It is Ruritanias.", "It is Ruritanias."),
    ],
)
def test_possessive_judged_by_the_word_after_it(line: str, expected: str) -> None:
    assert restored(line) == expected


def test_a_first_name_ending_in_s_before_a_surname_is_left() -> None:
    vocabulary = Vocabulary.from_texts(["Jen Psaki spoke.", "Jen Psaki said."])
    # wordfreq knows "Jens" nearly as well as "Jen": before a name it is a name of its own.
    assert restored("Said Jens Stoltenberg.", vocabulary) == "Said Jens Stoltenberg."
    assert restored("Said Jens aide.", vocabulary) == "Said Jen's aide."


def test_intact_paragraphs_vouch_for_a_common_word_in_a_name() -> None:
    vocabulary = Vocabulary.from_documents(
        [
            ["The Democratic Party's nominee spoke.", "The party's rules and the Party's chair."],
            ["The Democratic Partys nominee spoke."],
        ]
    )
    assert restored("The Democratic Partys nominee spoke.", vocabulary) == (
        "The Democratic Party's nominee spoke."
    )
    # At a sentence's start too, where capitals say nothing of a name.
    assert restored("Partys nominee spoke.", vocabulary) == "Party's nominee spoke."


def test_at_a_sentence_start_contractions_and_lowercase_plurals_are_left() -> None:
    vocabulary = Vocabulary.from_documents(
        [
            ["Here's the plan, said the Reporter's editor.", "The Reporter's desk."],
            ["Reporters know it, and reporters say so."],
        ]
    )
    # "Here's" is a contraction; "reporters" a plural the corpus writes in lowercase.
    assert restored("Heres the plan.", vocabulary) == "Heres the plan."
    assert restored("Reporters know it.", vocabulary) == "Reporters know it."
    assert restored("It was the Reporters desk.", vocabulary) == "It was the Reporter's desk."


def test_a_bare_form_no_dictionary_knows_is_a_lost_possessive() -> None:
    vocabulary = Vocabulary.from_texts(["The Associated Press said.", "Associated Press ran it."])
    assert restored("By the Associated Presss tally, he won.", vocabulary) == (
        "By the Associated Press's tally, he won."
    )


def test_the_paragraph_apostrophe_goes_before_the_article() -> None:
    article = ["They don’t know.", "It isn’t so.", "He said “no.”"]
    assert apostrophes_by_line(article) == ["’", "’", "’"]
    assert apostrophes_by_line(["The candidates' debate, they didn't say."], default="’") == ["'"]
    assert apostrophes_by_line(["No apostrophe here."], default="’") == ["’"]


CORPUS = Vocabulary.from_texts(
    [
        "Puerto Rico voted. Rico and Puerto again. The State Department said so.",
        "The Department said. Officials from the Department left. NowThis and NowThis.",
        "Obama spoke. Obama left. Country Club members. The Country Club. PuertoRico.",
        "PuertoRico again.",
    ]
)


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("Departmentis", ("Department", "is")),  # a long head before a short word
        ("outof", ("out", "of")),  # "out" is a prefix, but not before a function word
        ("itlike", ("it", "like")),  # "like" is a suffix, but not after a function word
        ("CountryClub", ("Country", "Club")),  # two capitalised words, each on its own
    ],
)
def test_more_run_together_shapes_are_split(token: str, words: tuple[str, str]) -> None:
    assert best_split(token, CORPUS) == words


@pytest.mark.parametrize(
    "token",
    [
        "NowThis",  # a brand: the corpus holds it twice
        "PuertoRico",  # also held twice: the site writes it so
        "Orin",  # a short head before a short word: a name
        "outrun",  # a prefix before a content word: one word
    ],
)
def test_recurring_and_bound_forms_are_not_split(token: str) -> None:
    assert best_split(token, CORPUS) is None


def test_lines_with_only_typographic_punctuation_skip_ftfy() -> None:
    assert NOTHING_FOR_FTFY.fullmatch("He’s “here” — and… gone.")
    assert not NOTHING_FOR_FTFY.fullmatch("didnâ€™t")
    assert not NOTHING_FOR_FTFY.fullmatch("a café")
    # A control character among typographic punctuation still goes to ftfy, which drops it.
    assert fix_mojibake("a father\x1b — then")[0] == "a father — then"


def test_a_date_only_in_the_text_is_still_found() -> None:
    paragraph = "<p>" + "The council met to vote on the budget for the coming year. " * 4 + "</p>"
    page = (
        "<html><head><title>Council vote</title></head><body><article>"
        "<h1>Council vote</h1><p>Published on March 14, 2024 by staff.</p>"
        f"{paragraph * 3}</article></body></html>"
    )
    article = extract_html(page, HtmlOptions())
    assert article is not None
    assert str(article.published) == "2024-03-14"


def test_a_function_word_run_into_a_capitalised_word_is_split() -> None:
    vocabulary = Vocabulary.from_texts(["Super Tuesday came.", "They voted on Tuesday."])
    assert best_split("onSuper", vocabulary) == ("on", "Super")
    assert best_split("theSkimm", vocabulary) is None  # "Skimm" is nowhere on its own


def test_the_language_model_preloaded_in_the_background_is_the_one_used() -> None:
    from wiredesk.clean.language import identify_language, load_identifier, preload_identifier

    preload_identifier().join()
    assert load_identifier() is load_identifier()
    english = "The council met on Monday to vote on the budget for the coming year. " * 3
    assert identify_language(english).code == "en"
