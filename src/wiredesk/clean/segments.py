"""Cut a paragraph into segments: sentences, plus the pieces that extraction glued together.

A segment is the unit the clean stage keeps or removes.  Besides ordinary sentence ends
("said. The"), scrapers glue paragraphs without any space ("said.A Message from ...:Dear
readers,We are ..."); those glued joints are boundaries too, so boilerplate glued to an
article's last sentence can be cut at the sentence, not the line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

MONTH_ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
# Words that end in a period without ending the sentence ("Gen. Syrskyi", "Jan. 5").
TITLE_ABBREVIATIONS = (
    frozenset(
        [
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "gen",
            "lt",
            "col",
            "maj",
            "capt",
            "sgt",
            "adm",
            "cmdr",
            "gov",
            "sen",
            "rep",
            "rev",
            "sr",
            "jr",
            "st",
            "mt",
            "ft",
            "ave",
            "blvd",
            "inc",
            "corp",
            "ltd",
            "co",
            "no",
            "nos",
            "vs",
            "etc",
            "approx",
            "est",
            "dept",
            "univ",
            "fig",
        ]
    )
    | MONTH_ABBREVIATIONS
)

SPACED_END = re.compile(r"[.!?]+[\"”’')\]]*(\s+)(?=[\"“‘(\[]?[A-Z0-9])")
# A sentence end glued to the next sentence: two lowercase letters, the stop, maybe a quote,
# then a capital ("officials.The", "agent.\"These", "said.\"I").  A straight quote there may
# close the sentence or open the next one; ``opens_quotation`` tells which.  The stop is
# matched before the letters are looked back at, so that the search skips to the stops.
GLUED_END = re.compile(r"[.!?](?<=[a-z]{2}[.!?])[\"”’]?(?=[\"“]?[A-Z])")
# A paragraph break lost inside a line: "Times:Dear readers,We are".
GLUED_CLAUSE = re.compile(r"[:;,](?<=[a-z]{2}[:;,])(?=[A-Z][a-z])")
WORD = re.compile(r"\w+")
# Chinese and Japanese are written without spaces: counted as one word, a paragraph of them
# is "a very short line".  Each of their characters counts as a word, about what it carries.
UNSPACED_SCRIPTS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
COUNTED_WORD = re.compile(f"[{UNSPACED_SCRIPTS}]|[^\\W{UNSPACED_SCRIPTS}]+")
DOUBLE_QUOTE = re.compile(r"[\"“”]")
ADDRESS = re.compile(r"www\.|://|@|\.(com|org|net|gov|edu|co|uk|de|ru|io)\b", re.IGNORECASE)
ACRONYM = re.compile(r"(?<![A-Za-z])(?:[A-Za-z]\.){2,}$")
# An abbreviation with what extraction glued before it ("theU.S.") is never this long.
MAX_ABBREVIATION_TOKEN = 64


@dataclass(frozen=True, slots=True)
class Segment:
    """``line[start:end]``; ``joint`` says how it meets the previous segment of its line.

    joint is "start" (first of its line), "space" (ordinary sentence end), "glued" (a sentence
    end with no space after it) or "glued-clause" (a lost paragraph break after ":" or ",").
    """

    start: int
    end: int
    text: str
    joint: str


def last_word(text: str, end: int) -> str:
    """The last word of ``text[:end]``, found without copying the text before it (a line can
    be megabytes long); "" when it is longer than any abbreviation, or there is none."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
        if end - start > MAX_ABBREVIATION_TOKEN:
            return ""
    return text[start:end]


def ends_with_abbreviation(text: str, end: int | None = None) -> bool:
    """True when ``text`` (up to ``end``) ends in a word whose period is not a sentence end
    ("U.S.", "Gen.")."""
    word = last_word(text, len(text) if end is None else end)
    if not word.endswith("."):
        return False
    word = word.lstrip('"“‘(')
    stem = word[:-1]
    if ACRONYM.search(word):
        return True
    if len(stem) == 1 and stem.isalpha() and stem.isupper():
        return True  # an initial: "J. K. Rowling"
    return stem.lower() in TITLE_ABBREVIATIONS


def trailing_abbreviation(text: str) -> str:
    """The abbreviation ``text`` ends with, without what extraction glued before it."""
    word = text.rstrip().split()[-1]
    acronym = ACRONYM.search(word)
    return acronym.group(0) if acronym else word.rsplit(".", 2)[-2] + "."


def _word_around(line: str, index: int) -> str:
    start = line.rfind(" ", 0, index) + 1
    end = line.find(" ", index)
    return line[start : end if end >= 0 else len(line)]


def is_address(word: str) -> bool:
    """A URL, domain or e-mail address, whose dots are not sentence ends."""
    return bool(ADDRESS.search(word))


def opens_quotation(line: str, quote_index: int) -> bool:
    """True when the straight quote at ``quote_index`` opens a quotation rather than closing one.

    Straight quotes look alike either way; in a paragraph double quotes alternate, opening and
    closing, so an even number of them before this one leaves it opening a new quotation.  Curly
    ones count too: extraction mixes the kinds ('“Our roads ...," she said."Families').
    """
    return len(DOUBLE_QUOTE.findall(line, 0, quote_index)) % 2 == 0


def _cuts(line: str) -> list[tuple[int, int, str]]:
    """Boundaries as (end of previous segment, start of next segment, joint kind)."""
    cuts = []
    for match in SPACED_END.finditer(line):
        space_start = match.start(1)
        if line[space_start - 1] == "." and ends_with_abbreviation(line, space_start):
            continue
        cuts.append((space_start, match.end(1), "space"))
    for match in GLUED_END.finditer(line):
        if line[match.start()] == "." and ends_with_abbreviation(line, match.start() + 1):
            continue
        if is_address(_word_around(line, match.start())):
            continue
        end = match.end()
        if line[end - 1] == '"' and opens_quotation(line, end - 1):
            end -= 1  # 'said."I' is 'said. "I': the quote starts the next sentence
        cuts.append((end, end, "glued"))
    for match in GLUED_CLAUSE.finditer(line):
        cuts.append((match.end(), match.end(), "glued-clause"))
    return sorted(cuts)


def split_segments(line: str) -> list[Segment]:
    """Cut one paragraph into segments; empty pieces are dropped, spans index into ``line``."""
    segments = []
    start, joint = 0, "start"
    for end, next_start, kind in _cuts(line):
        if end <= start:
            continue
        piece = line[start:end].strip()
        if piece:
            lead = len(line[start:end]) - len(line[start:end].lstrip())
            segments.append(Segment(start + lead, start + lead + len(piece), piece, joint))
        start, joint = next_start, kind
    piece = line[start:].strip()
    if piece:
        lead = len(line[start:]) - len(line[start:].lstrip())
        segments.append(Segment(start + lead, start + lead + len(piece), piece, joint))
    return segments


def segment_key(text: str) -> str:
    """What two copies of a segment share however they were broken or spaced: its words."""
    return " ".join(WORD.findall(text.lower()))


def word_count(text: str) -> int:
    """Words, each Chinese or Japanese character counting as one (``COUNTED_WORD``)."""
    return len(COUNTED_WORD.findall(text))


def counted_words_of_key(text: str, key: str) -> int:
    """``word_count(text)`` where ``key`` is ``segment_key(text)``: in ASCII text the key holds
    the same words (lowercasing changes no letter into another kind, and no character is
    Chinese or Japanese), and counting its spaces saves a scan of the text."""
    if not text.isascii():
        return word_count(text)
    return key.count(" ") + 1 if key else 0


def has_words(text: str, count: int) -> bool:
    """``word_count(text) >= count`` (``count`` >= 1), reading no further than the words
    needed: a line can be a whole paragraph."""
    return next(itertools.islice(COUNTED_WORD.finditer(text), count - 1, None), None) is not None
