"""Boilerplate by line and sentence shape, within a single document."""

from __future__ import annotations

from wiredesk.clean import CleanStage
from wiredesk.clean.segments import has_words, split_segments, word_count
from wiredesk.clean.shape import menu_runs, segment_shape, signature_outlet
from wiredesk.records import Document
from wiredesk.stage import StageStats

ARTICLE = [
    "The county council approved the new harbour budget on Tuesday after a four-hour debate.",
    "Councillors voted eleven to four in favour of the plan, which raises the mooring fees.",
    "The fishing association said the increase would hurt its smallest members the most.",
]


def clean_one(text: str) -> Document:
    doc = Document(id="d", raw=text)
    CleanStage().run([doc], StageStats(name="clean"))
    return doc


def test_menu_run_at_the_tail_is_removed() -> None:
    menu = ["Home", "Politics", "Sport", "Weather", "Contact us"]
    doc = clean_one("\n".join([*ARTICLE, *menu]))
    assert doc.text == "\n".join(ARTICLE)
    assert [(r.text, r.reason) for r in doc.removed] == [
        ("\n".join(menu), "menu: run of short link-like lines")
    ]


def test_call_to_action_is_removed_anywhere() -> None:
    text = "\n".join([ARTICLE[0], "Sign up for our newsletter.", *ARTICLE[1:]])
    doc = clean_one(text)
    assert doc.text == "\n".join(ARTICLE)
    assert doc.removed[0].reason == "call to action"


def test_reported_sign_up_is_article_text() -> None:
    sentence = "The ministry said residents could sign up for the evacuation scheme at town halls."
    doc = clean_one("\n".join([*ARTICLE, sentence]))
    assert doc.text.endswith(sentence)
    assert not doc.removed


def test_question_inside_the_article_is_kept() -> None:
    question = "What does the vote mean for the harbour's future?"
    text = "\n".join([ARTICLE[0], question, *ARTICLE[1:]])
    assert clean_one(text).text == text


def test_weak_lines_at_the_tail_go_only_beside_boilerplate() -> None:
    quote_at_end = "\n".join([*ARTICLE, "Can the harbour afford to wait?"])
    assert clean_one(quote_at_end).text == quote_at_end
    with_notice = "\n".join(
        [*ARTICLE, "Thank you for reading.", "Read our privacy policy for details."]
    )
    doc = clean_one(with_notice)
    assert doc.text == "\n".join(ARTICLE)
    assert {r.reason for r in doc.removed} == {
        "addresses the reader, at the tail beside boilerplate",
        "privacy or legal notice",
    }


def test_signature_names_the_outlet() -> None:
    assert signature_outlet("A Message from The Harbour Gazette:") == "The Harbour Gazette"
    assert signature_outlet("The harbour reopened on Tuesday.") == ""
    assert segment_shape("A Message from The Harbour Gazette:").strong


def test_article_sentences_have_no_boilerplate_shape() -> None:
    for sentence in ARTICLE:
        assert segment_shape(sentence).reason == ""


def test_menu_needs_a_run_of_short_lines() -> None:
    lines = ["News", "Sport", *ARTICLE, "Weather", "Travel", "Contact"]
    assert menu_runs(lines, min_lines=3) == [range(5, 8)]


def test_segments_keep_abbreviations_and_cut_glued_sentences() -> None:
    line = "U.S. officials met Gen. Smith on Jan. 5 in the U.S. capital.Talks went on."
    texts = [segment.text for segment in split_segments(line)]
    assert texts == [
        "U.S. officials met Gen. Smith on Jan. 5 in the U.S. capital.",
        "Talks went on.",
    ]
    assert split_segments("Visit www.Example.com today.")[0].text == "Visit www.Example.com today."


def test_navigation_lines_at_the_head_of_page_text_go() -> None:
    nav = ["Skip to content", "Local news", "Subscribe now"]
    doc = clean_one("\n".join([*nav, *ARTICLE]))
    assert doc.text == "\n".join(ARTICLE)
    assert "\n".join(r.text for r in doc.removed) == "\n".join(nav)
    assert [r.reason for r in doc.removed] == [
        "page label",
        "very short line, at the head beside boilerplate",
        "call to action",
    ]


def test_narrow_columns_of_prose_are_not_a_menu() -> None:
    column = [
        "The county council approved",
        "the new harbour budget on",
        "Tuesday after a debate that",
        "lasted well into the night.",
        "Fees will rise in April.",
    ]
    doc = clean_one("\n".join(column))
    assert not doc.removed
    # kept, and joined back into the paragraphs the narrow lines were wrapped from
    assert doc.text == " ".join(column[:4]) + "\n" + column[4]


def test_html_keeps_a_short_closing_line() -> None:
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in ARTICLE)
    html = f"<html><body><article>{paragraphs}<p>More to follow</p></article></body></html>"
    doc = Document(id="h", raw=html, raw_format="html")
    CleanStage().run([doc], StageStats(name="clean"))
    assert doc.text.endswith("More to follow")


def test_has_words_agrees_with_the_word_count() -> None:
    texts = [
        "",
        "   ",
        "Home",
        "Read more -- here",
        "Kyiv, Kharkiv; Odesa: Lviv",
        "U.S.-led talks",
        "snake_case words count once",
        "élan naïve façade",
        "2024 12 31 99",
        *ARTICLE,
    ]
    for text in texts:
        for count in (1, 3, 4, 9):
            assert has_words(text, count) == (word_count(text) >= count), (text, count)
