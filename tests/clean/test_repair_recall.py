"""The evidence that restores more possessives and splits more run-together words (issue 3):
names of several words, acronyms after "the", the corpus writing two words apart, a function
word opening a sentence, a name run into a word, tokens no word list knows; and what each
leaves alone."""

from __future__ import annotations

import pytest

from wiredesk.clean.repairs import (
    Vocabulary,
    apostrophes_by_line,
    best_split,
    restore_possessives,
    split_run_together,
)


def restored(line: str, vocabulary: Vocabulary) -> str:
    return restore_possessives(line, vocabulary, apostrophes_lost=True)[0]


def test_the_paragraph_quotation_marks_go_before_the_article_apostrophes() -> None:
    # A quoted tweet in straight quotes inside an article that curls its apostrophes.
    assert apostrophes_by_line(['He wrote "no way" twice.'], default="’") == ["'"]
    assert apostrophes_by_line(["He wrote “no way” twice."], default="'") == ["’"]
    assert apostrophes_by_line(["No marks at all."], default="’") == ["’"]


# "States" alone is a word the intact paragraphs use; "Islamic State" is a name.
ISLAMIC_STATE = Vocabulary.from_documents(
    [
        ["The Islamic State's leaders fled, the United States said."],
        ["The Islamic State said so.", "Islamic State fighters left."],
        ["Senate Democrats voted, and the Senate Democrat's aide said so."],
        ["The United States voted.", "The United States left."],
    ]
)


def test_a_name_of_several_words_takes_the_possessive() -> None:
    line = "He was radicalized by the Islamic States calls for jihad."
    assert restored(line, ISLAMIC_STATE) == (
        "He was radicalized by the Islamic State's calls for jihad."
    )
    # Before a name too, where "States" alone would read as a first word of its own.
    assert restored("He read the Islamic States Dabiq magazine.", ISLAMIC_STATE) == (
        "He read the Islamic State's Dabiq magazine."
    )
    # A plural the intact paragraphs write, and a name that ends in "s" itself.
    assert restored("Many Senate Democrats hoped so.", ISLAMIC_STATE) == (
        "Many Senate Democrats hoped so."
    )
    assert restored("It hurt United States exports.", ISLAMIC_STATE) == (
        "It hurt United States exports."
    )


def test_an_acronym_after_the_is_restored_only_where_its_plural_is_rare() -> None:
    vocabulary = Vocabulary.from_texts(["The FBI said so.", "FBI agents and CEO pay.", "CEO"])
    assert restored("It questioned the FBIs decisions.", vocabulary) == (
        "It questioned the FBI's decisions."
    )
    # wordfreq knows "CEOs" nearly as well as "CEO": a plural.
    assert restored("It questioned the CEOs decisions.", vocabulary) == (
        "It questioned the CEOs decisions."
    )


def test_the_word_after_two_spaces_or_a_doubled_quotation_mark_is_read() -> None:
    vocabulary = Vocabulary.from_texts(["Talks in Ruritania.", "Ruritania said so."])
    assert restored("It was Ruritanias  largest port.", vocabulary) == (
        "It was Ruritania's  largest port."
    )
    assert restored("It was Ruritanias ''quiet'' navy.", vocabulary) == (
        "It was Ruritania's ''quiet'' navy."
    )


def test_a_sentence_start_after_a_title_is_no_sentence_start() -> None:
    vocabulary = Vocabulary.from_documents(
        [["Mr. Ban's term ends.", "Mr. Ban's record."], ["The bans stay, and bans go."]]
    )
    # "bans" is a lowercase word in the corpus, which would leave "Bans" at a sentence start.
    assert restored("It was under Mr. Bans watch.", vocabulary) == "It was under Mr. Ban's watch."
    assert restored("Bans watch.", vocabulary) == "Bans watch."


CAMPAIGN = Vocabulary.from_texts(
    [
        "Hillary Clinton spoke. " * 10,
        "Follow HillaryClinton and HillaryClinton online.",
        "NowThis and NowThis again. Now This is rare.",
        "It was late. It was over. Bernie Sanders said so. Bernie Sanders again.",
        "The case went on. Two summaries. Rather than that, rather than this, rather than so.",
        "Beruff won. Beruff lost. Sanders spoke. She left.",
    ]
)


@pytest.mark.parametrize(
    ("token", "mid_sentence", "words"),
    [
        # The corpus writes the two names apart far more often than run together.
        ("HillaryClinton", True, ("Hillary", "Clinton")),
        # A function word opens a sentence, and the rest is a word wordfreq knows well.
        ("Itwas", False, ("It", "was")),
        # A name run into a word, inside a sentence.
        ("Sandersclaims", True, ("Sanders", "claims")),
        # No word list knows the token; both parts are common words.
        ("casesummaries", True, ("case", "summaries")),
        # A hashtag wordfreq knows a little; the corpus uses both words, never the token.
        ("ratherthan", True, ("rather", "than")),
    ],
)
def test_more_run_together_words_are_split(
    token: str, mid_sentence: bool, words: tuple[str, str]
) -> None:
    assert best_split(token, CAMPAIGN, mid_sentence=mid_sentence) == words


@pytest.mark.parametrize(
    ("token", "mid_sentence"),
    [
        ("NowThis", True),  # a brand: recurs, and the corpus rarely writes "Now This"
        ("Beruff", False),  # a name that recurs, not "Be ruff"
        ("Herzik", True),  # inside a sentence a capital marks a name, not "Her zik"
        ("Penwell", True),  # a name ending in a short word, not "Pen well"
    ],
)
def test_names_and_brands_are_not_split(token: str, mid_sentence: bool) -> None:
    assert best_split(token, CAMPAIGN, mid_sentence=mid_sentence) is None


def test_the_place_of_a_token_decides_how_a_capital_reads() -> None:
    # "She took" is too rare a pair to split a capitalised token inside a sentence.
    line, repairs = split_run_together("Shetook it. The Shetook band played.", CAMPAIGN)
    assert line == "She took it. The Shetook band played."
    assert [repair.reason for repair in repairs] == [
        'words run together (wordfreq knows "She took" better than "Shetook")'
    ]
