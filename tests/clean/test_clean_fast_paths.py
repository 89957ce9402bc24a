"""Shortcuts taken for speed give what the plain computation gives."""

from __future__ import annotations

import pytest

from wiredesk.clean.html import _body_text_head, _stated_date, load_page, text_bound
from wiredesk.clean.segments import counted_words_of_key, segment_key, word_count
from wiredesk.clean.shape import NOTICE, segment_shape

SEGMENTS = [
    "",
    "...",
    "The council met on Monday.",
    "Read the full report here",
    "Numbers like 3.5 and 2024 count as words",
    "snake_case_names stay one word",
    "“Curly quotes” and an em dash — both non-ASCII.",
    "İstanbul'un yollarında bir gün",
    "東京で会議が開かれた",
    "Mixed 東京 and Tokyo",
]


@pytest.mark.parametrize("text", SEGMENTS)
def test_the_words_counted_from_a_key_are_the_words_of_the_text(text: str) -> None:
    assert counted_words_of_key(text, segment_key(text)) == word_count(text)


@pytest.mark.parametrize("text", SEGMENTS)
def test_a_shape_given_its_word_count_is_the_shape_found_without_it(text: str) -> None:
    assert segment_shape(text, word_count(text)) == segment_shape(text)


@pytest.mark.parametrize(
    "text",
    [
        "Read our privacy policy.",
        "We use cookies on this site",
        "© 2025 The Daily Example",
        "Terms and Conditions apply.",
        "All Rights Reserved",
        "How we handle personal data",
    ],
)
def test_each_kind_of_notice_is_found_in_any_case(text: str) -> None:
    assert NOTICE.search(text)
    assert NOTICE.search(text.upper())


def test_words_that_only_contain_a_notice_are_not_one() -> None:
    assert not NOTICE.search("the nonprivacy policymakers met")


def _pieces_page(pieces: list[str]) -> str:
    body = "".join(f"<p>{piece}</p>" for piece in pieces)
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


@pytest.mark.parametrize("limit", [1, 5, 11, 12, 13, 40, 1000])
def test_the_head_of_the_body_text_is_the_head_of_all_of_it_joined(limit: int) -> None:
    pieces = ["alpha", "beta gamma", "delta", "epsilon zeta eta", "theta"]
    tree = load_page(_pieces_page(pieces), 1_000_000)
    assert _body_text_head(tree, limit) == " ".join(pieces)[:limit]


def test_a_date_stated_past_the_first_characters_of_the_text_is_not_read() -> None:
    filler = ["A paragraph of filler text that says nothing about dates."] * 400
    late = _pieces_page([*filler, "Published on March 14, 2024"])
    early = _pieces_page(["Published on March 14, 2024", *filler])
    assert _stated_date(load_page(late, 10_000_000)) is None
    assert str(_stated_date(load_page(early, 10_000_000))) == "2024-03-14"


def test_the_text_bound_is_each_visible_piece_with_a_space() -> None:
    html = (
        "<html><body><p>  one two </p><div>three<span>four</span></div>"
        "<script>var hidden = 1;</script><style>p {}</style></body></html>"
    )
    # "one two", "three", "four": 7 + 5 + 4 characters and a space after each.
    assert text_bound(load_page(html, 1_000_000)) == 7 + 5 + 4 + 3


def test_the_language_model_scores_as_py3langid_restricted_to_the_same_languages() -> None:
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from wiredesk.clean.language import iso_639_1_columns, load_identifier

    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages([c for c in reference.labels if len(c) == 2])
    ours = load_identifier()
    assert ours.nb_classes == reference.nb_classes
    assert iso_639_1_columns(["en", "pcm", "de", "ext"]) == [0, 2]
    for text in [
        "The regional council approved the new budget on Monday after a long debate.",
        "Der Stadtrat hat am Montag nach langer Debatte den neuen Haushalt beschlossen.",
        "Le conseil régional a approuvé lundi le nouveau budget après un long débat.",
        "THE COUNCIL MET ON MONDAY AND APPROVED THE BUDGET",
    ]:
        assert np.array_equal(ours._decide(text), reference._decide(text))


def test_only_the_pages_of_sites_with_enough_titled_pages_are_compared() -> None:
    from wiredesk.clean.repetition import one_text_under_many_headlines
    from wiredesk.clean.runner import pages_of_busy_sites

    form = "Sign in to get daily email alerts."
    pages = [
        *((f"busy-{n}", "busy.example", f"Headline {n}", form) for n in range(3)),
        ("busy-untitled", "busy.example", " ", form),
        ("quiet-1", "quiet.example", "Headline A", form),
        ("quiet-2", "quiet.example", "Headline B", form),
        ("quiet-untitled", "quiet.example", "", form),
        ("no-site", "", "Headline C", form),
    ]
    busy = pages_of_busy_sites(pages, 3)
    assert {page[0] for page in busy} == {"busy-0", "busy-1", "busy-2", "busy-untitled"}
    assert one_text_under_many_headlines(busy, 3) == one_text_under_many_headlines(pages, 3)
    assert one_text_under_many_headlines(busy, 3) == {"busy-0", "busy-1", "busy-2"}
