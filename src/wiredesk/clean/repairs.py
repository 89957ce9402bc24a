"""Repairs of extraction damage: each returns the new text and the :class:`Repair` records.

A repair is made only where it is safe: mojibake through ftfy; lines broken after an
abbreviation; words run together and possessives that lost their apostrophe only when the
corpus attests the parts (see :class:`Vocabulary`).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from wiredesk.clean.segments import ends_with_abbreviation, trailing_abbreviation
from wiredesk.records import Repair

TOKEN = re.compile(r"[A-Za-z]+")
LEADING_WORD = re.compile(r"[\w'’-]*")
# Linked names lose the space before the verb that follows the link: "New York Timesreported".
# Only these verbs are split off: a name ending in one of them is practically unknown, while
# open-ended splitting turns "Newman" into "New man".
REPORTING_VERBS = [
    "reported",
    "reports",
    "said",
    "says",
    "told",
    "tells",
    "wrote",
    "writes",
    "added",
    "adds",
    "noted",
    "notes",
    "stated",
    "states",
    "claimed",
    "claims",
    "announced",
    "announces",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "estimated",
    "estimates",
    "quoted",
    "quotes",
    "cited",
    "cites",
    "according",
]
RUN_TOGETHER = re.compile(rf"\b([A-Z][A-Za-z]{{2,}}?)({'|'.join(REPORTING_VERBS)})\b")
# Share of these words among an article's words: English prose has well over a tenth.
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "was",
        "as",
        "by",
        "at",
        "from",
        "it",
        "has",
        "have",
        "were",
        "said",
    ]
)
MIN_ENGLISH_SHARE = 0.12
POSSESSIVE_CANDIDATE = re.compile(r"\b([A-Z][a-z]{2,})s\b(?= [a-z])")
APOSTROPHE_S = re.compile(r"\w['’]s\b")
# Before these a bare plural is a plural ("the Americas", "both Koreas"), not a lost possessive.
PLURAL_MARKERS = frozenset({"the", "two", "both", "all", "three", "these", "those"})


@dataclass(kw_only=True, slots=True)
class Vocabulary:
    """Word counts over the whole corpus of the run, case kept: what counts as attested.

    Built from every document's text before removal, so a name that occurs only in a
    document's boilerplate ("The Moscow Times") still attests a word.  Counted on the first
    question: most runs have no repair candidate at all.
    """

    texts: list[str] = field(default_factory=list)
    counted: Counter | None = None

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        return cls(texts=list(texts))

    @property
    def counts(self) -> Counter:
        if self.counted is None:
            self.counted = Counter()
            for text in self.texts:
                self.counted.update(TOKEN.findall(text))
        return self.counted

    def attested(self, word: str, *, elsewhere: int = 0) -> bool:
        """True when ``word`` occurs more than ``elsewhere`` times (those being judged)."""
        return self.counts[word] > elsewhere

    def is_name(self, word: str) -> bool:
        """Capitalised at least twice and never written in lowercase: a proper name."""
        return self.counts[word] >= 2 and not self.counts[word.lower()]


@functools.cache
def _text_fixer_config():
    import ftfy

    # Curly quotes and full-width characters are not damage; leave them as written.
    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False)


def _changed_window(before: str, after: str) -> tuple[str, str]:
    """The differing middle of two strings, widened to whole words."""
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(before), len(after)) - prefix
        and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]
    ):
        suffix += 1
    while prefix > 0 and not before[prefix - 1].isspace():
        prefix -= 1
    while suffix > 0 and not before[len(before) - suffix].isspace():
        suffix -= 1
    return before[prefix : len(before) - suffix], after[prefix : len(after) - suffix]


def fix_mojibake(text: str) -> tuple[str, list[Repair]]:
    """ftfy per line; one repair per changed line, showing the changed words."""
    import ftfy

    config = _text_fixer_config()
    lines, repairs = [], []
    for line in text.split("\n"):
        # ASCII without entities has no mojibake to fix; skipping it keeps ftfy off most lines.
        fixed = line if line.isascii() and "&" not in line else ftfy.fix_text(line, config)
        if fixed != line:
            before, after = _changed_window(line, fixed)
            repairs.append(Repair(before, after, "mojibake (ftfy)"))
        lines.append(fixed)
    return "\n".join(lines), repairs


def join_abbreviation_breaks(lines: list[str]) -> tuple[list[str], list[Repair]]:
    """Join a line that ends in an abbreviation with a next line that starts in lowercase."""
    joined: list[str] = []
    repairs = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if previous and line[:1].islower() and ends_with_abbreviation(previous):
            abbreviation = trailing_abbreviation(previous)
            next_word = LEADING_WORD.match(line).group(0)
            repairs.append(
                Repair(
                    f"{abbreviation}\n{next_word}",
                    f"{abbreviation} {next_word}",
                    f"line break after abbreviation '{abbreviation}'",
                )
            )
            joined[-1] = f"{previous.rstrip()} {line.lstrip()}"
        else:
            joined.append(line)
    return joined, repairs


def split_run_together(line: str, vocabulary: Vocabulary) -> tuple[str, list[Repair]]:
    """ "New York Timesreported" -> "New York Times reported".

    Only a reporting verb is split off a capitalised word, only when the name occurs on its own
    in the corpus and the glued form occurs nowhere else.
    """
    repairs = []

    def repair(match: re.Match) -> str:
        name, verb = match.groups()
        if not vocabulary.attested(name) or vocabulary.attested(match.group(0), elsewhere=1):
            return match.group(0)
        repairs.append(Repair(match.group(0), f"{name} {verb}", "words run together"))
        return f"{name} {verb}"

    return RUN_TOGETHER.sub(repair, line), repairs


def _is_possessive_phrase(repaired: str, possessive_start: int) -> bool:
    """Whether spaCy reads the repaired "Name's" at ``possessive_start`` as a possessive that
    opens a noun phrase: adjectives, adverbs and hyphenated parts, then a noun."""
    from wiredesk.nlp import load_english

    nlp = load_english(disable=("parser", "ner", "lemmatizer"))
    tokens = [t for t in nlp(repaired) if t.idx >= possessive_start]
    if not tokens or tokens[0].tag_ != "POS":
        return False
    for index, token in enumerate(tokens[1:], start=1):
        in_compound = token.text == "-" or tokens[index - 1].text == "-"
        if token.pos_ in {"NOUN", "PROPN"}:
            return True
        if not (in_compound or token.pos_ in {"ADJ", "NUM", "ADV"}):
            return False
    return False


def restore_possessives(
    line: str, vocabulary: Vocabulary, *, apostrophes_lost: bool
) -> tuple[str, list[Repair]]:
    """ "Ukraines surprise incursion" -> "Ukraine's surprise incursion".

    Only in an English article that has no "'s" at all (its extractor dropped apostrophes),
    when the base is a name (in the corpus at least twice, never in lowercase), the bare "-s"
    form occurs nowhere else, no plural marker precedes it ("the Americas") and a noun phrase
    follows.
    """
    if not apostrophes_lost:
        return line, []
    repairs = []
    pieces, last = [], 0
    for match in POSSESSIVE_CANDIDATE.finditer(line):
        base, word = match.group(1), match.group(0)
        before = line[: match.start()].split()
        if before and before[-1].lower() in PLURAL_MARKERS:
            continue
        if not vocabulary.is_name(base) or vocabulary.attested(word, elsewhere=1):
            continue
        repaired = f"{line[: match.start()]}{base}'s{line[match.end() :]}"
        if not _is_possessive_phrase(repaired, match.start() + len(base)):
            continue
        pieces.append(line[last : match.start()] + f"{base}'s")
        last = match.end()
        repairs.append(Repair(word, f"{base}'s", "apostrophe lost before possessive s"))
    pieces.append(line[last:])
    return "".join(pieces), repairs


def has_possessive_candidate(lines: list[str]) -> bool:
    return any(POSSESSIVE_CANDIDATE.search(line) for line in lines)


def article_lost_apostrophes(lines: list[str]) -> bool:
    """True for English prose in which no word carries "'s": the extractor dropped apostrophes."""
    if any(APOSTROPHE_S.search(line) for line in lines):
        return False
    words = [word.lower() for line in lines for word in TOKEN.findall(line)]
    english = sum(1 for word in words if word in ENGLISH_FUNCTION_WORDS)
    return bool(words) and english >= MIN_ENGLISH_SHARE * len(words)
