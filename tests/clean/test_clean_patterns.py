"""The shape patterns built with a first-letter lookahead find what the plain alternations
they replaced found."""

from __future__ import annotations

import re

import pytest

from wiredesk.clean.shape import CALL_TO_ACTION, READER_VOICE, any_case_words

PLAIN_CALL_TO_ACTION = re.compile(
    r"\b(subscribe|subscription|sign up|sign in|log in|newsletters?|donat(e|ion)|"
    r"support (us|our|independent)|become a (member|patron|subscriber)|follow us|"
    r"share (this|on)|click here|tap here|download (the |our )?app|get the app|"
    r"app store|google play|playstore|read more|continue reading|remind me|"
    r"(leave|post) a comment|recommended for you|related (articles|stories))\b",
    re.IGNORECASE,
)
PLAIN_READER_VOICE = re.compile(
    r"\b(you|your|yours|you're|yourself|please|we|our|us)\b|\bit's\b", re.IGNORECASE
)
TEXTS = [
    "Subscribe to our newsletter",
    "SIGN UP NOW",
    "The subscribers were angry.",
    "Leave a comment below",
    "POST A COMMENT",
    "Download our app, or get the app from the App Store or Google Play.",
    "Donations rose; the donation was large.",
    "Support independent journalism.",
    "Become a patron",
    "Read more: the report",
    "Continue reading the main story",
    "Recommended for you",
    "Related stories",
    "He said the rebels would share on Tuesday.",
    "It's what you're owed; yours, yourself, please.",
    "We told them our plans.",
    "The USA and US officials; usual routes; itself.",
    "Owing to the weather, the road was closed.",
    "ſubscribe",  # the long s is an s to a case-insensitive pattern
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_lookahead_patterns_find_what_the_plain_ones_found(text: str) -> None:
    assert bool(CALL_TO_ACTION.search(text)) == bool(PLAIN_CALL_TO_ACTION.search(text))
    assert bool(READER_VOICE.search(text)) == bool(PLAIN_READER_VOICE.search(text))


def test_any_case_words_needs_alternatives_that_start_with_a_letter() -> None:
    with pytest.raises(ValueError, match="start with a letter"):
        any_case_words("(leave|post) a comment")


def test_any_case_words_matches_whole_words_only() -> None:
    pattern = any_case_words("tap here", "news")
    assert pattern.search("TAP HERE to open")
    assert pattern.search("the news, today")
    assert not pattern.search("newsletter")
