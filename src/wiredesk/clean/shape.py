"""Boilerplate by the shape of a line or sentence: menus, calls to action, notices.

Shape gives two strengths of evidence.  A *strong* shape (a call to action addressed to the
reader, a privacy notice, a run of short link-like lines) is removed wherever it stands.  A
*weak* shape (a short line without a sentence end, a question, a sentence addressed to the
reader) is removed only next to other boilerplate at the head or tail of a document, or inside
a repeated block: an article may well ask a question or quote someone saying "you".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiredesk.clean.segments import has_words, word_count


def any_case_words(*alternatives: str) -> re.Pattern:
    """Any of ``alternatives`` (each starting with a letter) as whole words, in any case.  A
    lookahead for their first letters rejects most word starts at once, where the engine
    would otherwise try every alternative at every word: on the WCXB article dev segments
    the search takes half the time, and finds the same."""
    letters = "".join(sorted({alternative[0].lower() for alternative in alternatives}))
    if not letters.isalpha():
        raise ValueError(f"an alternative does not start with a letter: {alternatives}")
    return re.compile(rf"\b(?=[{letters}])(?:{'|'.join(alternatives)})\b", re.IGNORECASE)


CALL_TO_ACTION = any_case_words(
    "subscribe",
    "subscription",
    "sign up",
    "sign in",
    "log in",
    "newsletters?",
    "donat(e|ion)",
    "support (us|our|independent)",
    "become a (member|patron|subscriber)",
    "follow us",
    "share (this|on)",
    "click here",
    "tap here",
    "download (the |our )?app",
    "get the app",
    "app store",
    "google play",
    "playstore",
    "read more",
    "continue reading",
    "remind me",
    "leave a comment",
    "post a comment",
    "recommended for you",
    "related (articles|stories)",
    "e-?mail notifications?",
    "your notifications?",
    "your inbox",
)
# The lookahead for the phrases' first letters: see ``any_case_words``.
NOTICE = re.compile(
    r"\b(?=[acptw])(privacy (policy|notice)|cookie (policy|settings|preferences)|we use cookies|"
    r"terms (of|and) (use|service|conditions)|all rights reserved|personal data)\b|©",
    re.IGNORECASE,
)
LONE_LABEL = re.compile(
    r"^(advertisement|advert|sponsored( content)?|ad|share|print|email|comments?|"
    r"skip to (main )?content|back to top|home|menu|search|close|loading\.*)$",
    re.IGNORECASE,
)
SIGNATURE = re.compile(r"^A (?:Message|Note|Letter) from (?P<outlet>[A-Z][\w.&' -]{1,60}?):?$")
READER_VOICE = any_case_words(
    "you", "your", "yours", "you're", "yourself", "please", "we", "our", "us", "it's"
)
QUOTE = re.compile(r"[\"“”]")
TITLE_WORD = re.compile(r"\b(?!(?:a|an|the|of|in|on|at|to|for|and|or|by|with|from)\b)\w+")
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
SIGNATURE_REASON = "appeal signature"
NOTICE_REASON = "privacy or legal notice"
CALL_TO_ACTION_REASON = "call to action"
READER_REASON = "addresses the reader"
SHORT_WORDS = 4
VERY_SHORT_WORDS = 3  # "Welcome!", "Loading comments...": too short for a sentence of news
FRAGMENT_WORDS = 8  # no sentence end and at most this many words: a link, a heading, a label
TITLE_MAX_WORDS = 16
WRAPPED_MIN_WORDS = 4
STRONG_MAX_WORDS = 40


@dataclass(frozen=True, slots=True)
class Shape:
    """The shape verdict for one segment: ``reason`` is set for strong or weak shapes."""

    reason: str = ""
    strong: bool = False


ARTICLE = Shape()


def signature_outlet(text: str) -> str:
    """The outlet an appeal names in its opening ("A Message from The Moscow Times:")."""
    match = SIGNATURE.match(text.strip())
    return match.group("outlet").strip() if match else ""


def addresses_reader(text: str) -> bool:
    """Second person or the outlet's "we", outside any quotation."""
    return bool(READER_VOICE.search(text)) and not QUOTE.search(text)


def is_title_case(text: str) -> bool:
    """Most words capitalised: a headline or a link to another article."""
    words = TITLE_WORD.findall(text)
    capitalised = sum(1 for word in words if word[0].isupper() or word[0].isdigit())
    return bool(words) and capitalised >= 0.7 * len(words)


def is_short_label(text: str) -> bool:
    """A few words without a sentence end: a link, a button, a heading.  Asked of every line
    of a page: the words past the fifth are never read."""
    return not has_words(text, SHORT_WORDS + 1) and not SENTENCE_END.search(text)


def segment_shape(text: str, words: int | None = None) -> Shape:
    """Classify one segment by its own wording (cheapest tests first: this runs on every one).
    ``words``: its ``word_count`` where the caller has it."""
    words = word_count(text) if words is None else words
    if words == 0:
        return Shape("no words", strong=True)
    if words <= SHORT_WORDS:
        if text[:1].isupper() and LONE_LABEL.match(text.strip(" .:|»›>-")):
            return Shape("page label", strong=True)
        if signature_outlet(text):
            return Shape(SIGNATURE_REASON, strong=True)
    elif text.startswith("A ") and signature_outlet(text):
        return Shape(SIGNATURE_REASON, strong=True)
    addressed = addresses_reader(text)
    if words <= STRONG_MAX_WORDS and (words <= 8 or addressed):
        if NOTICE.search(text):
            return Shape(NOTICE_REASON, strong=True)
        if CALL_TO_ACTION.search(text):
            return Shape(CALL_TO_ACTION_REASON, strong=True)
    if words <= VERY_SHORT_WORDS:
        return Shape("very short line")
    if not SENTENCE_END.search(text):
        if words <= FRAGMENT_WORDS:
            return Shape("short line without a sentence end")
        if words <= TITLE_MAX_WORDS and is_title_case(text):
            return Shape("title-like line")
    if text.rstrip("\"”’') ").endswith("?"):
        return Shape("question to the reader")
    if addressed:
        return Shape(READER_REASON)
    return ARTICLE


def is_wrapped(line: str, next_line: str) -> bool:
    """Prose wrapped over narrow lines: a line of several words that ends mid-word, that the
    next line continues in lowercase, or that stops mid-sentence before another line of
    prose.  Headlines and lists of link titles (title case) are not prose; a trailing comma
    is no sign ("Dear readers," stands on its own line)."""
    if not has_words(line, WRAPPED_MIN_WORDS):
        return False
    if line.rstrip().endswith("-") or next_line.lstrip()[:1].islower():
        return True
    return (
        not SENTENCE_END.search(line.rstrip())
        and has_words(next_line, WRAPPED_MIN_WORDS)
        and not is_title_case(line)
        and not is_title_case(next_line)
    )


def is_menu_item(line: str, next_line: str) -> bool:
    """A short label that is not a piece of wrapped prose: it starts with a capital or digit,
    does not end mid-word or mid-clause, and the next line does not continue it."""
    text = line.strip()
    return is_short_label(text) and not text[:1].islower() and not is_wrapped(text, next_line)


def menu_runs(lines: list[str], *, min_lines: int) -> list[range]:
    """Runs of at least ``min_lines`` consecutive menu-item lines (a menu, a tag list)."""
    runs, start = [], None
    padded = [*lines, "A full sentence ends here."]
    for index, line in enumerate(padded):
        if index < len(lines) and is_menu_item(line, padded[index + 1]):
            start = index if start is None else start
            continue
        if start is not None and index - start >= min_lines:
            runs.append(range(start, index))
        start = None
    return runs
