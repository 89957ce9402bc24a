"""The trained line model on page text that a scraper flattened (sentences written for these
tests; the model itself is trained on the WCXB dev lines by scripts/train_line_model.py)."""

from __future__ import annotations

import numpy as np
import pytest

from wiredesk.clean import CleanOptions, CleanStage
from wiredesk.clean.line_model import (
    OWN_FEATURES,
    LineModel,
    PageWords,
    context_features,
    context_names,
    load_line_model,
    main_block,
    page_features,
    shared_word_share,
)
from wiredesk.clean.runner import LINE_MODEL_REASON
from wiredesk.records import Document
from wiredesk.stage import StageStats

HEAD = [
    "Harbour Gazette",
    "Latest",
    "Local",
    "Business",
    "Tuesday 14 May",
]
ARTICLE = [
    "Council approves harbour budget after long debate",
    "The county council approved the new harbour budget on Tuesday after a debate that "
    "lasted more than four hours and ended shortly before midnight.",
    "Councillors voted eleven to four in favour of the plan, which raises mooring fees by "
    "a fifth and pays for a new breakwater at the northern entrance.",
    "The fishing association said the increase would hurt its smallest members the most, "
    "and asked the council to phase it in over three years instead of one.",
    "The harbour master, who has run the port for twelve years, told the meeting that the "
    "old breakwater had been patched so often that it no longer held in winter storms.",
    "Work on the breakwater is due to start in September, and the council expects it to "
    "take two summers, since nothing can be built at sea between November and March.",
    "Opposition councillors said the budget left too little for dredging, which they "
    "called the harbour's most urgent need after two boats ran aground last year.",
]
TEASERS = [
    "Most read",
    "Ferry timetable changes for the summer season announced by operator",
    "Lifeboat crew rescues two walkers cut off by the tide near the point",
    "New bakery opens on the quay in former chandlery building",
    "School sports day moved to the recreation ground after field flooding",
    "Planning inquiry into wind farm extension to reopen next month",
    "Photos: the regatta in pictures",
    "Tuesday 14 May",
]
PAGE = [*HEAD, *ARTICLE, *TEASERS]


def clean_one(text: str, options: CleanOptions | None = None, raw_format: str = "text"):
    doc = Document(id="page", raw=text, raw_format=raw_format)
    CleanStage(options).run([doc], StageStats(name="clean"))
    return doc


def test_teaser_headlines_of_a_flattened_page_go_with_the_model_reason() -> None:
    doc = clean_one("\n".join(PAGE))
    for paragraph in ARTICLE[1:]:
        assert paragraph in doc.text
    removed = "\n".join(r.text for r in doc.removed if r.reason == LINE_MODEL_REASON)
    for teaser in TEASERS[1:6]:
        assert teaser not in doc.text
        assert teaser in removed


def test_without_the_model_the_teasers_stay() -> None:
    doc = clean_one("\n".join(PAGE), CleanOptions(line_model=False))
    assert all(r.reason != LINE_MODEL_REASON for r in doc.removed)
    assert TEASERS[2] in doc.text


def test_a_short_text_is_not_scored() -> None:
    text = "\n".join([*ARTICLE[1:3], *TEASERS[1:4]])
    assert len(text.split("\n")) < CleanOptions().min_model_lines
    doc = clean_one(text)
    assert all(r.reason != LINE_MODEL_REASON for r in doc.removed)


def test_agency_copy_wrapped_over_narrow_lines_is_not_scored() -> None:
    words = " ".join(ARTICLE[1:]).split()
    narrow = [" ".join(words[i : i + 6]) for i in range(0, len(words), 6)]
    assert len(narrow) >= CleanOptions().min_model_lines
    doc = clean_one("\n".join(narrow))
    assert all(r.reason != LINE_MODEL_REASON for r in doc.removed)
    assert doc.text.split() == words


def test_html_is_not_scored() -> None:
    body = "".join(f"<p>{line}</p>" for line in PAGE)
    doc = clean_one(f"<html><body><article>{body}</article></body></html>", raw_format="html")
    assert all(r.reason != LINE_MODEL_REASON for r in doc.removed)


def test_the_shipped_model_round_trips_through_json() -> None:
    model = load_line_model()
    again = LineModel.from_json(model.to_json())
    assert 0.0 < model.threshold < 1.0
    assert "wcxb" in model.trained_on
    np.testing.assert_allclose(
        model.article_probabilities(PAGE), again.article_probabilities(PAGE), atol=1e-6
    )


def test_a_model_of_other_features_is_refused() -> None:
    text = load_line_model().to_json().replace('"p_self"', '"p_other"')
    with pytest.raises(ValueError, match="other features"):
        LineModel.from_json(text)


def test_article_lines_score_above_teasers() -> None:
    probabilities = load_line_model().article_probabilities(PAGE)
    article = probabilities[len(HEAD) + 1 : len(HEAD) + len(ARTICLE)]
    teasers = probabilities[len(HEAD) + len(ARTICLE) + 1 : len(HEAD) + len(ARTICLE) + 6]
    assert article.min() > teasers.max()


def test_main_block_is_the_best_run_of_article_evidence() -> None:
    first = np.array([0.1, 0.9, 0.8, 0.2, 0.9, 0.1, 0.1, 0.9])
    words = np.array([2.0, 30.0, 25.0, 3.0, 40.0, 5.0, 5.0, 10.0])
    assert main_block(first, words) == (1, 5)


def test_features_of_an_empty_page() -> None:
    assert page_features([]).shape[0] == 0
    assert load_line_model().article_probabilities([]).shape == (0,)
    assert "repeated_in_page" in context_names()


COMMENT_THREAD = [
    "3 Comments",
    "harbourwatcher says:",
    "May 14, 2024 at 9:12 pm",
    "The breakwater has needed work for years and I am glad the council finally agreed to it.",
    "old_skipper says:",
    "May 14, 2024 at 10:40 pm",
    "Mooring fees were already too high before this, and now the smallest boats will leave.",
    "Reply",
]


def test_comment_bylines_are_marked_and_counted_for_the_lines_below() -> None:
    page = [*HEAD, *ARTICLE, *COMMENT_THREAD]
    own = page_features(page)
    mark = own[:, OWN_FEATURES.index("comment_mark")]
    assert mark[len(HEAD) : len(HEAD) + len(ARTICLE)].sum() == 0
    thread = mark[len(HEAD) + len(ARTICLE) :]
    np.testing.assert_array_equal(thread, [1, 1, 1, 0, 1, 1, 0, 1])
    context = context_features(own, np.full(len(page), 0.5), PageWords.of(page))
    before = context[:, len(OWN_FEATURES) + context_names().index("comment_marks_before")]
    assert before[len(HEAD) + len(ARTICLE) - 1] == 0.0
    assert before[-2] > before[len(HEAD) + len(ARTICLE) + 3] > 0.0


def test_reader_comments_score_below_the_article_they_follow() -> None:
    page = [*HEAD, *ARTICLE, *COMMENT_THREAD]
    probabilities = load_line_model().article_probabilities(page)
    article = probabilities[len(HEAD) + 1 : len(HEAD) + len(ARTICLE)]
    comments = probabilities[len(HEAD) + len(ARTICLE) :]
    assert comments.max() < article.min()


def test_calendar_and_repeated_word_shares() -> None:
    archive, link_list, prose = page_features(
        [
            "Archives October 2019 September 2019 January 2019 December 2018",
            "Rep. Ilhan Omar Ilhan Omar Rep. Ilhan Omar",
            ARTICLE[1],
        ]
    )
    calendar = OWN_FEATURES.index("calendar_share")
    distinct = OWN_FEATURES.index("distinct_share")
    assert archive[calendar] > 0.8 and prose[calendar] == 0.0
    assert link_list[distinct] < 0.5 < prose[distinct]


RELATED = [
    "Related stories",
    "Bakery owners say rising flour prices will push the cost of a loaf past two pounds.",
    "A new cycle path along the old railway line will open to walkers and riders in June.",
    "Tennis club members voted to replace the grass courts with an all-weather surface.",
]


def test_section_headings_are_marked_and_counted_after_the_main_block() -> None:
    page = [*HEAD, *ARTICLE, *RELATED]
    own = page_features(page)
    mark = own[:, OWN_FEATURES.index("section_mark")]
    headings = [page.index("Latest"), len(HEAD) + len(ARTICLE)]
    np.testing.assert_array_equal(mark.nonzero()[0], headings)
    assert (
        page_features(["Related to the harbour budget, the council said fees would rise."])[
            0, OWN_FEATURES.index("section_mark")
        ]
        == 0.0
    )
    likely = np.array([0.1] * len(HEAD) + [0.9] * len(ARTICLE) + [0.1] * len(RELATED))
    context = context_features(own, likely, PageWords.of(page))
    after = context[:, len(OWN_FEATURES) + context_names().index("section_marks_after_block")]
    assert after[: len(HEAD) + len(ARTICLE) + 1].sum() == 0.0
    assert (after[len(HEAD) + len(ARTICLE) + 1 :] > 0.0).all()


def test_shared_words_set_an_article_apart_from_teasers_on_other_topics() -> None:
    page = [*ARTICLE[1:], *RELATED[1:]]
    likely = np.ones(len(page), dtype=bool)
    shares = shared_word_share(PageWords.of(page).content, likely)
    article, teasers = shares[: len(ARTICLE) - 1], shares[len(ARTICLE) - 1 :]
    # Common words ("new", "voted") reach the teasers too, but far less of them.
    assert article.mean() > 1.5 * teasers.mean()


def test_a_line_does_not_share_words_with_itself() -> None:
    page = ["Breakwater repairs delayed again", "Menu"]
    shares = shared_word_share(PageWords.of(page).content, np.array([True, False]))
    np.testing.assert_array_equal(shares, [0.0, 0.0])


def test_prose_teasers_after_a_related_heading_score_below_the_article() -> None:
    page = [*HEAD, *ARTICLE, *RELATED]
    probabilities = load_line_model().article_probabilities(page)
    article = probabilities[len(HEAD) + 1 : len(HEAD) + len(ARTICLE)]
    teasers = probabilities[len(HEAD) + len(ARTICLE) + 1 :]
    assert teasers.max() < article.min()
