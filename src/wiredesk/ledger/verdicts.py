"""How the versions in one ledger row relate: agree, consistent, conflict, single-source."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations
from types import MappingProxyType

import numpy as np

from wiredesk.ledger.intervals import describe_quantity, quantity_interval, same_number
from wiredesk.ledger.related import predicate_class_of, predicate_classes
from wiredesk.ledger.words import (
    CLAUSE_BREAK,
    EVENT_CLASSES,
    WORD,
    content_stems,
    counted_class,
    counted_thing,
    stem,
    stop_stems,
)
from wiredesk.records import LedgerEntry, Quantity, Time


@dataclass(slots=True)
class Comparison:
    """What comparing the versions of a row found.

    ``incompatible`` and ``compatible`` map each counted thing to the numbers given for it
    that clash, or that differ but fit together.
    """

    incompatible: dict[str, list[str]] = field(default_factory=dict)
    compatible: dict[str, list[str]] = field(default_factory=dict)
    opposite: list[str] = field(default_factory=list)
    other_dates: list[str] = field(default_factory=list)
    mixed_polarity: bool = False

    @property
    def conflict(self) -> bool:
        return bool(self.incompatible or self.opposite or self.other_dates)

    def notes(self) -> list[str]:
        notes = [
            *(
                f"incompatible numbers ({t}): {' vs '.join(v)}"
                for t, v in self.incompatible.items()
            ),
            *self.opposite,
            *self.other_dates,
            *(f"compatible numbers ({t}): {', '.join(v)}" for t, v in self.compatible.items()),
        ]
        if self.mixed_polarity and not self.opposite:
            # not a conflict, but a reader should not take "agree" for "all say yes"
            notes.append("negative and positive versions of different statements")
        return notes


_MEASURE_WORDS = """dollars dlrs cents pct percent points miles kilometers kilometres feet yards
metres meters acres hectares tonnes tons barrels bushels ounces pounds kilograms francs marks yen
euros lire pesos rupees stg sterling pence cts guilders crowns kronor rand hours minutes"""
MEASURES = frozenset(map(counted_class, _MEASURE_WORDS.split()))
"""Units a number measures in, which say how much but not of what: "36 percent" (support in
a poll) and "100 percent" (agreement) are no versions of one figure."""


def is_measure(quantity: Quantity, thing: str) -> bool:
    return (bool(quantity.unit) and not quantity.counted) or thing in MEASURES


def quantities_by_thing(quantities: Sequence[Quantity], content: str) -> dict[str, list[Quantity]]:
    """A claim's quantities keyed by what they count; quantities of unknown things are left out."""
    keyed: dict[str, list[Quantity]] = {}
    for quantity in quantities:
        before, after = text_around(quantity, content)
        thing = counted_thing(quantity.counted, quantity.unit, before, after)
        if thing and quantity_interval(quantity) is not None:
            keyed.setdefault(thing, []).append(quantity)
    return keyed


def counted_things(quantities: Sequence[Quantity], content: str) -> frozenset[str]:
    return frozenset(quantities_by_thing(quantities, content))


def negative(entry: LedgerEntry) -> bool:
    """A denial reads as a negative statement even when the claims stage kept it positive."""
    return entry.polarity == "negative" or entry.hedge == "denied"


def fits(first: Quantity, second: Quantity, tolerance: float) -> bool:
    if same_digits(first, second):
        return True
    a = quantity_interval(first, tolerance=tolerance)
    b = quantity_interval(second, tolerance=tolerance)
    return a is not None and b is not None and a.overlaps(b)


SAME_DIGITS_LEAST = 4


def same_digits(first: Quantity, second: Quantity) -> bool:
    """ "7,659.000 dlrs" and "7,659,000 dlrs": one figure, one copy's separator misread; a
    long enough run of the same digits is no chance."""
    mine = "".join(c for c in first.text if c.isdigit())
    return len(mine) >= SAME_DIGITS_LEAST and mine == "".join(c for c in second.text if c.isdigit())


# "a 2-for-1 split", "three-for-one", "one for five": a ratio between two numbers.
_RATIO_TERM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
_RATIO = re.compile(rf"\b{_RATIO_TERM}\s?-?\s?for\s?-?\s?{_RATIO_TERM}\b", re.IGNORECASE)


def is_score_or_ratio(quantity: Quantity) -> bool:
    """ "a 14-0 lead", "a 20-13 win", "a 2-for-1 stock split": two numbers set against each
    other, not how many there were (a range rises: "10-15 people")."""
    lower, upper = quantity.lower, quantity.upper
    backwards = lower is not None and upper is not None and lower > upper
    return backwards or _RATIO.search(quantity.text) is not None


_RATE_WORDS = frozenset({"per", "each", "apiece", "a", "an"})
_NOT_A_RATE_AFTER = frozenset({"ago", "earlier", "later", "before", "after", "since"})


def is_rate(quantity: Quantity, content: str) -> bool:
    """ "eight rebounds a game", "69 dlrs per share", "two trips each": how many for each of
    something, whose count two reports need not share ("10 people a year ago" is a count)."""
    after = [word.casefold() for word in WORD.findall(text_around(quantity, content)[1])[:3]]
    if not after or after[0] not in _RATE_WORDS:
        return False
    return after[0] not in {"a", "an"} or not _NOT_A_RATE_AFTER.intersection(after[1:])


# "two of the victims", "three of those officers": a part of a group, not a count of it.
PARTITIVE = re.compile(r"\bof\s+(?:the|those|these|them|its|their|our|his|her)\b", re.IGNORECASE)


def part_of_unstated_whole(quantity: Quantity) -> bool:
    """ "two of the victims": a part of a group whose size the claim does not give ("4,000 of
    the 11,000 soldiers" gives it, and its part may be what another source counts)."""
    found = PARTITIVE.search(quantity.text)
    return found is not None and not any(c.isdigit() for c in quantity.text[found.end() :])


# "a six-game losing streak", "a four-candidate top tier": the number describes one thing.
COMPOUND_MODIFIER = re.compile(r"(?:\d|\b[a-z]+)\s?-\s?[A-Za-z]+$", re.IGNORECASE)


# A capitalised word inside a sentence, then a space, at the end of the text before a number.
_NAME_BEFORE = re.compile(r"(?<=\s)[A-Z][\w&.-]*\s$")


def part_of_a_name(quantity: Quantity, content: str) -> bool:
    """ "the FTSE 100 index", "a Boeing 737", "Fortune 500 companies": digits that follow a
    name belong to it, and count nothing."""
    name = _NAME_BEFORE.search(text_before(quantity, content))
    return (
        quantity.text[:1].isdigit()
        and name is not None
        and not is_calendar_word(name.group().strip())
    )


_WINDOW_OPENERS = frozenset({"last", "next", "past", "previous", "first", "final", "coming"})


def opens_a_window(quantity: Quantity, content: str) -> bool:
    """ "eight losses in their last 10 games", "in the past 24 hours": the number says over
    what stretch something else is counted, and two reports' stretches are their own choice."""
    before = WORD.findall(text_before(quantity, content))
    return bool(before) and before[-1].casefold() in _WINDOW_OPENERS


_CHANGE_WORD_LIST = """lead leads leading led ahead trail trails trailing trailed behind beat
beats won wins rise rises rose risen fall falls fell fallen increase increased increases decrease
decreased decreases grow grew grown grows cut cuts widen widened narrow narrowed climb climbed drop
dropped declined gain gained lost outnumber outnumbered exceed exceeded up down more fewer less
higher lower"""
_CHANGE_WORDS = frozenset(_CHANGE_WORD_LIST.split())
MARGIN_REACH = 3
"""Words before "by" in which a verb of change or comparison makes the number a margin."""


def is_margin(quantity: Quantity, content: str) -> bool:
    """ "leads Sanders by roughly 270 delegates", "the toll rose by 12": a difference between
    two counts, not a count (while "shot by two men" counts the men)."""
    before = [word.casefold() for word in WORD.findall(text_before(quantity, content))]
    return (
        len(before) > 1
        and before[-1] == "by"
        and not _CHANGE_WORDS.isdisjoint(before[-1 - MARGIN_REACH : -1])
    )


_BASE_BEFORE = re.compile(r"\b(?:from|versus|vs\.?|compared\s+(?:with|to))\s*$", re.IGNORECASE)
_BASE_AFTER = re.compile(
    r"\s*(?:previously|a\s+year\s+(?:ago|earlier)|the\s+(?:year|month|week)\s+before)\b",
    re.IGNORECASE,
)


def is_comparison_base(quantity: Quantity, content: str) -> bool:
    """ "averaged 660 mln dlrs versus 675 mln dlrs previously", "fell to 15.73 mln bpd from
    16.16 mln": the figure a change is measured from belongs to an earlier time, not to the
    moment another version's count describes."""
    before, after = text_around(quantity, content)
    return _BASE_BEFORE.search(before) is not None or _BASE_AFTER.match(after) is not None


def is_average(quantity: Quantity, thing: str) -> bool:
    """ "averaged 7.2 rebounds", "2.4 children per family": a fraction of a count of whole
    things is a mean or a rate, not how many there were."""
    value = quantity.value
    return value is not None and not float(value).is_integer() and not is_measure(quantity, thing)


def counts(entry: LedgerEntry) -> dict[str, list[Quantity]]:
    """The entry's quantities that can be compared with another version's, by thing counted.

    A number joined to its noun by a hyphen makes a modifier ("a six-game losing streak"),
    not a count, nor do digits after a name ("the FTSE 100 index"), a stretch of time or play
    (``opens_a_window``), a margin (``is_margin``) or a mean (``is_average``); and where a
    claim gives several different amounts in one unit ("28 percent backed Trump, 23 percent
    Cruz"), which of them answers another version's is not known. The figure a change is
    measured from (``is_comparison_base``) is no count of the moment either.
    """
    comparable = [
        q
        for q in with_coordinated_totals(entry.quantities)
        if not part_of_unstated_whole(q)
        and not COMPOUND_MODIFIER.search(q.text)
        and not part_of_a_name(q, entry.content)
        and not opens_a_window(q, entry.content)
        and not is_margin(q, entry.content)
        and not is_score_or_ratio(q)
        and not is_rate(q, entry.content)
    ]
    keyed = quantities_by_thing(comparable, entry.content)
    whole = {
        thing: [q for q in found if not is_average(q, thing)] for thing, found in keyed.items()
    }
    # the figure a change is measured from still makes a claim's amounts several
    single = {
        thing: found
        for thing, found in whole.items()
        if found and not (is_measure(found[0], thing) and len({q.value for q in found}) > 1)
    }
    current = {
        thing: [q for q in found if not is_comparison_base(q, entry.content)]
        for thing, found in single.items()
    }
    return {thing: found for thing, found in current.items() if found}


def with_coordinated_totals(quantities: Sequence[Quantity]) -> list[Quantity]:
    """ "12 Somali and 11 Yemeni pirates" counts one group of 23 in two parts (the claims
    stage gives the first number the whole coordination as its text, the second its own):
    the total stands in its first part's place, and the second part is left out, so that
    "23 Somali pirates" elsewhere is the same group, not a clash with 12."""
    totals: list[Quantity] = []
    parts: list[Quantity] = []
    for quantity in quantities:
        part = next(
            (
                other
                for other in quantities
                if other is not quantity
                and quantity.counted
                and other.counted == quantity.counted
                and quantity.text.endswith(f" and {other.text}")
            ),
            None,
        )
        if part is None:
            totals.append(quantity)
            continue
        parts.append(part)
        totals.append(
            replace(
                quantity,
                value=added(quantity.value, part.value),
                lower=added(quantity.lower, part.lower),
                upper=added(quantity.upper, part.upper),
                approximate=quantity.approximate or part.approximate,
            )
        )
    return [q for q in totals if not any(q is part for part in parts)]


def added(first: float | None, second: float | None) -> float | None:
    return None if first is None or second is None else first + second


def without_measures(counted: dict[str, list[Quantity]]) -> dict[str, list[Quantity]]:
    """``counts`` less the amounts in units, which only versions of one statement compare."""
    kept = {
        thing: [q for q in found if not is_measure(q, thing)] for thing, found in counted.items()
    }
    return {thing: found for thing, found in kept.items() if found}


# How a number is given ("more than", "about"), not what it counts.
_APPROXIMATION = re.compile(
    r"\b(?:(?:more|fewer|less|greater|higher|lower|other)\s+than|at\s+(?:least|most)|up\s+to"
    r"|or\s+so|about|around|nearly|almost|roughly|approximately|some|over|under|just|only|an?"
    r"|estimated|the|all|of|and|or|per|a\s+total|total)\b",
    re.IGNORECASE,
)
# fmt: off
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "hundreds", "thousand", "thousands", "million", "millions", "mln", "billion", "billions",
    "bln", "dozen", "dozens", "half", "quarter", "third", "several", "few", "many",
})
# fmt: on


_ANOTHER_GROUP = frozenset(
    map(stem, ["other", "more", "additional", "further", "another", "extra", "remaining"])
)
"""Qualifiers that set a group apart from one counted before: "two other victims", "four
more people", "his two remaining games"."""


def same_group(
    first: Quantity, second: Quantity, *, around: tuple[tuple[str, str], ...] = (("", ""),) * 2
) -> bool:
    """Whether two numbers may count one group: their qualifiers do not tell two groups apart.
    "11,000 North Korean soldiers" may be the "more than 10,000 troops" (one only says more
    of them), "likely Republican caucusgoers" are not "likely Democratic caucusgoers", nor are
    "two other victims" the "four victims", nor "an additional 42,000 tonnes" the "8,000
    tonnes" sold, nor "four officers also died" the five killed (``around``: each claim's text
    before and after its number, where "additional", "another" and "a further" stand before
    it and "also" after)."""
    mine = qualifiers(first.text, first.counted)
    theirs = qualifiers(second.text, second.counted)
    if another_group(mine, around[0]) != another_group(theirs, around[1]):
        return False
    return mine <= theirs or theirs <= mine


def another_group(qualifying: frozenset[str], around: tuple[str, str]) -> frozenset[str]:
    """The words that set a number's group apart from one counted before: in its
    qualifiers, as the word before it, or an "also" after it."""
    before, after = around
    previous = {stem(word) for word in WORD.findall(before)[-1:]}
    also = {"also"} if [w.casefold() for w in WORD.findall(after)[:1]] == ["also"] else set()
    return ((qualifying | previous) & _ANOTHER_GROUP) | also


def text_around(quantity: Quantity | Time, content: str) -> tuple[str, str]:
    """The claim's text before and after its quantity or time (both empty when it is not
    found)."""
    at = content.find(quantity.text) if quantity.text else -1
    return (content[:at], content[at + len(quantity.text) :]) if at >= 0 else ("", "")


def text_before(quantity: Quantity, content: str) -> str:
    return text_around(quantity, content)[0]


@lru_cache(maxsize=1 << 14)
def qualifiers(text: str, counted_noun: str) -> frozenset[str]:
    """The words of a quantity's ``text`` that say which group it counts, besides its
    ``counted_noun`` and the number: "likely Democratic" in "45 percent of likely Democratic
    caucusgoers", "other" in "two other victims", "more" in "four more people" (cached: every
    pair of a row's versions asks for them)."""
    words = WORD.findall(_APPROXIMATION.sub(" ", text.replace("-", " ")))
    counted = {stem(w) for w in WORD.findall(counted_noun)}
    return frozenset(
        stem(w)
        for w in words
        if w.casefold() not in _NUMBER_WORDS and stem(w) not in counted and len(w) > 1
    )


def compare_quantities(
    first: LedgerEntry,
    second: LedgerEntry,
    mine: dict[str, list[Quantity]],
    theirs: dict[str, list[Quantity]],
    found: Comparison,
    *,
    tolerance: float,
    frame_needed: bool = False,
) -> None:
    """Record how two versions' numbers for the same things relate; ``mine`` and ``theirs``
    are their ``counts``.

    A claim may hold a part and its whole ("4,000 of the 11,000 soldiers"), so two claims
    conflict on a thing only when none of one's numbers for it fits any of the other's; a
    part of a group of unstated size ("two of the victims") is not compared, nor are numbers
    of different groups (``same_group``), nor a plan, target or forecast with a count of what
    is (``looks_ahead``), nor a running total ("so far this year") with one event's count
    (``running_total``). With ``frame_needed`` (versions worded apart), two claims are
    compared only when they tell the same of what they count (``told_alike``).
    """
    for thing in sorted(mine.keys() & theirs.keys()):
        my_texts = [text_around(a, first.content) for a in mine[thing]]
        their_texts = [text_around(b, second.content) for b in theirs[thing]]
        # a plan or forecast, and a running total, each count something of their own kind
        my_kinds = [
            (looks_ahead(a, first.content), running_total(around))
            for a, around in zip(mine[thing], my_texts, strict=True)
        ]
        their_kinds = [
            (looks_ahead(b, second.content), running_total(around))
            for b, around in zip(theirs[thing], their_texts, strict=True)
        ]
        pairs = [
            (a, b)
            for a, a_around, a_kind in zip(mine[thing], my_texts, my_kinds, strict=True)
            for b, b_around, b_kind in zip(theirs[thing], their_texts, their_kinds, strict=True)
            if a_kind == b_kind and same_group(a, b, around=(a_around, b_around))
        ]
        if not pairs or (frame_needed and not told_alike(thing, my_texts, their_texts)):
            continue
        fitting = [(a, b) for a, b in pairs if fits(a, b, tolerance)]
        if not fitting:
            a, b = pairs[0]
            add_labels(found.incompatible.setdefault(thing, []), a, first, b, second)
        elif not any(same_number(a, b, tolerance=tolerance) for a, b in pairs):
            a, b = fitting[0]
            add_labels(found.compatible.setdefault(thing, []), a, first, b, second)


_RUNNING_TOTAL = re.compile(
    r"\b(?:so\s+far\s+(?:this|in)\s+(?:year|month|\d{4})|this\s+year|year[\s-]+to[\s-]+date"
    r"|since\s+the\s+(?:start|beginning)\s+of\s+the\s+year|since\s+jan(?:uary)?\s+1)\b",
    re.IGNORECASE,
)
RUNNING_REACH = 8
"""Words either side of a number in which a running period ("so far this year") is its own."""


def running_total(around: tuple[str, str]) -> bool:
    """Whether a number counts over a running period ("more than 750 people have been killed
    so far this year"): a total of many events, not a version of one event's count."""
    before, after = around
    near = WORD.findall(before)[-RUNNING_REACH:] + WORD.findall(after)[:RUNNING_REACH]
    return _RUNNING_TOTAL.search(" ".join(near)) is not None


FRAME_WINDOW = 4
"""Content words either side of a number that say what is told of the things counted."""


@lru_cache(maxsize=1 << 14)
def frame(thing: str, around: tuple[str, str]) -> frozenset[str]:
    """What a claim tells of the things it counts: the stems of the content words next to
    the number ("were injured in", "set off from the vigil"), an event word standing for its
    class and a predicate for its class (``predicates.json``), so that "killed" meets "died",
    "hurt" meets "injured" and "deployed" meets "sent"; a count of the dead or the injured
    tells what happened to them by what it counts ("51 bodies"). Cached: every pair of a
    row's versions asks for them."""
    before, after = around
    nearby = common_stems(CLAUSE_BREAK.split(before)[-1])[-FRAME_WINDOW:]
    nearby += common_stems(after)[:FRAME_WINDOW]
    words = [word for word in nearby if word and word not in _NUMBER_WORDS]
    told = {
        counted_class(word) if counted_class(word) in EVENT_CLASSES else predicate or word
        for word, predicate in zip(words, predicate_class_of(words), strict=True)
    }
    return frozenset(told | ({thing} if thing in EVENT_CLASSES else set()))


def common_stems(text: str) -> list[str]:
    """``content_stems`` with each capitalised word as "": a name says who, not what is told
    of them ("Metex" in "sold 78,375 shares of Metex" and "acquired 278,709 shares of
    Metex"), but it still stands between a number and the words farther off."""
    return [
        "" if word[:1].isupper() else stem_of
        for word in text.split()
        for stem_of in content_stems(word)
    ]


def told_alike(
    thing: str, mine: Sequence[tuple[str, str]], theirs: Sequence[tuple[str, str]]
) -> bool:
    """Whether two claims tell the same of what they count ("three boats were closing in"
    and "the pirates, in two boats, were attempting", where "pirates" is shared): counting the
    same kind of thing in one story is no evidence that two reports count the same things
    ("two touchdowns on 106 carries" and "716 yards rushing and five touchdowns")."""
    my_frames = [frame(thing, around) for around in mine]
    return any(told & frame(thing, around) for around in theirs for told in my_frames)


def add_labels(
    labels: list[str], a: Quantity, first: LedgerEntry, b: Quantity, second: LedgerEntry
) -> None:
    for quantity, entry in ((a, first), (b, second)):
        label = f"{describe_quantity(quantity)} ({entry.origin})"
        if label not in labels:
            labels.append(label)


def dated_in_content(entry: LedgerEntry) -> list[Time]:
    """The entry's resolved times that its content states: a time in the reporting clause
    ("said on Tuesday") dates the report, not what it reports."""
    return [t for t in entry.times if t.resolved and t.start and t.text in entry.content]


MOMENT_DAYS = 30
"""How far apart two reports' publication makes their undated counts two moments of a story
("13 major candidates" in December, "11 candidates" in February). A claim's own date is no
such sign: "11,000 soldiers sent late last year" is the deployment a report six weeks later
still counts, "last year, four men were wounded on the same block" an earlier shooting."""


def published_apart(first: LedgerEntry, second: LedgerEntry) -> bool:
    """Two reports published over ``MOMENT_DAYS`` apart, not both dating what they count:
    "13 major candidates" in December and "11 candidates" in February count the race at two
    moments."""
    if first.published is None or second.published is None:
        return False
    if dated_in_content(first) and dated_in_content(second):
        return False
    return abs((first.published - second.published).days) > MOMENT_DAYS


def days_overlap(first: Time, second: Time) -> bool:
    first_end, second_end = first.end or "9999-12-31", second.end or "9999-12-31"
    return first.start <= second_end and second.start <= first_end


# A capitalised word inside a sentence (not its first, nor one after a stop): a name.
_INNER_NAME = re.compile(r"(?<![.!?]\s)(?<!^)(?<=\s)[A-Z][\w.'’-]*")
NAME_PREFIX = 4
"""Letters of a name compared: "Russia" and "Russian", "U.S." and "US" meet."""


# fmt: off
_CALENDAR = frozenset(map(stem, [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
]))
# fmt: on
"""Day and month names: when a claim is, which the dates compare, not whom it is about."""


def is_calendar_word(name: str) -> bool:
    return stem(name) in _CALENDAR


@lru_cache(maxsize=1 << 14)
def names_in(content: str) -> frozenset[str]:
    """The names a claim's content holds, by their first letters; none for a headline in
    title case, where every word is capitalised."""
    words = WORD.findall(content)
    if len(words) > 2 and sum(w[0].isupper() for w in words) > len(words) / 2:
        return frozenset()
    skipped = stop_stems() | _CALENDAR
    found = (match.group() for match in _INNER_NAME.finditer(content))
    return frozenset(
        name.replace(".", "")[:NAME_PREFIX].casefold()
        for name in found
        if "." in name.rstrip(".") or stem(name) not in skipped  # "U.S." is no "us"
    )


_LOWER_WORD = re.compile(r"\b[a-z][\w'’-]*")
# a capitalised word that opens the text or a sentence in it
_SENTENCE_OPENER = re.compile(r"(?:^|(?<=[.!?]\s))[A-Z][\w.'’&-]*")
# an organisation's legal form names no one in particular
_LEGAL_FORMS = frozenset({"inc", "corp", "co", "ltd", "plc", "llc", "ag", "sa", "nv"})


def lower_case_words(text: str) -> frozenset[str]:
    return frozenset(_LOWER_WORD.findall(text))


def name_key(word: str, lower_case: frozenset[str]) -> str:
    """A capitalised word's key as ``names_in`` gives it, when it names someone or something:
    "" for a word the report also writes in lower case ("Police said", a headline's "Current
    Account"), a function word, a day or month, or a legal form ("Inc")."""
    word = word.rstrip(".'’-").removesuffix("'s").removesuffix("’s")
    key = word.replace(".", "").casefold()
    if (
        len(key) < 2
        or word.casefold() in lower_case
        or key in _LEGAL_FORMS
        or is_calendar_word(word)
        or stem(word) in stop_stems()
    ):
        return ""
    return key[:NAME_PREFIX]


def sentence_opening_names(content: str, lower_case: frozenset[str]) -> frozenset[str]:
    """The names that open a sentence of a claim, which ``names_in`` cannot tell from any
    capitalised first word: "Hansbrough finished with nine rebounds" names him where the
    report never writes "hansbrough"."""
    keys = (name_key(word, lower_case) for word in _SENTENCE_OPENER.findall(content))
    return frozenset(key for key in keys if key)


def other_subjects(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether two claims name only different places, people or parties: "the rig count in
    Canada" and "the U.S. rig count", "five men shot in Englewood" and "two men shot in
    Lawndale" count different things even when they count the same kind of thing."""
    return bool(mine) and bool(theirs) and not mine & theirs


def dated_apart(first: LedgerEntry, second: LedgerEntry) -> bool:
    """Whether both contents are dated and on days that do not meet."""
    mine, theirs = dated_in_content(first), dated_in_content(second)
    return bool(mine and theirs) and not any(days_overlap(a, b) for a in mine for b in theirs)


def incompatible_dates(first: LedgerEntry, second: LedgerEntry) -> str:
    """A note when two reports, dated apart, tell the same next to their dates ("the attack
    on Tuesday" and "the attack on Wednesday"); "" otherwise. One report's claims on
    different days are different events or periods (a round-up of the night's shootings, a
    deficit "in March" against one "in April"), never a slip left unremarked."""
    if first.document_id == second.document_id:
        return ""
    mine, theirs = dated_in_content(first), dated_in_content(second)
    if not told_alike(
        "",
        [text_around(time, first.content) for time in mine],
        [text_around(time, second.content) for time in theirs],
    ):
        return ""
    return (
        f"incompatible dates: {mine[0].text} ({mine[0].start}, {first.origin}) vs"
        f" {theirs[0].text} ({theirs[0].start}, {second.origin})"
    )


def opposite_predicates(first: str, second: str) -> bool:
    """Whether one text has a predicate class the other lacks, whose opposite the other has.

    "not engaged in combat" beside "suspended combat": the second alone says "suspend", the
    opposite of the first's "engage".  "did not withdraw from combat" beside "withdrew from
    combat" use the same classes and stay a conflict.
    """
    _, opposites = predicate_classes()
    mine = set(predicate_class_of(content_stems(first))) - {""}
    theirs = set(predicate_class_of(content_stems(second))) - {""}
    return any((a, b) in opposites for a in mine - theirs for b in theirs) or any(
        (a, b) in opposites for a in theirs - mine for b in mine
    )


def one_voice(first: LedgerEntry, second: LedgerEntry) -> bool:
    """Two claims of one source in one article. Its different numbers for one kind of thing
    count different groups or moments ("ten victims were taken by ambulance", "six more
    arrived in private cars"; "15 arrests that weekend", "two arrests after the shooting"),
    not two versions of one figure, and its negative and positive sentences say different
    things ("what happened Monday", "no one deserved what happened"): a report does not
    contradict itself, or its source, in one voice. A report names its source in full once
    and then in short: "Maria Garcia" and "Garcia", "Officer Ron Gaines" and "Gaines" are one
    voice."""
    return first.document_id == second.document_id and one_name(first.origin, second.origin)


def one_name(first: str, second: str) -> bool:
    """Whether two names of one report's sources name one source: equal, or the shorter the
    end of the longer ("Garcia" of "Maria Garcia", "police" of "the police")."""
    mine, theirs = WORD.findall(first.casefold()), WORD.findall(second.casefold())
    shorter, longer = sorted((mine, theirs), key=len)
    return first == second or (bool(shorter) and longer[-len(shorter) :] == shorter)


# A claim whose subject is its own source: a company's "it" ("Acme said it bought 5,000
# shares", "it is offering 1.6 mln shares") or a speaker's "I" and "we" ('"I don't like it
# here," she said'). "It is" and "it was" (save as a progressive), "it appears" and "it
# seems" open statements about something else; "he", "she" and "they" may be anyone
# ("police said he was shot twice").
_OF_ITSELF = re.compile(
    r"(?:that\s+)?[\"“‘']?(?:(?:I|we)\b"
    r"|it\b(?!\s+(?:is|was)\s+(?!\w+ing\b))(?!\s+(?:appears|seems)\b))",
    re.IGNORECASE,
)


_MEASURING_SOURCES = frozenset(
    map(stem, ["poll", "survey", "study", "census", "average", "analysis"])
)
"""Sources that are measurements: what a poll finds is its own figure, and another poll's
differs without contradicting it."""


def speaks_of_itself(entry: LedgerEntry) -> bool:
    """A source telling what it did, has or found: its numbers are its own, not a count of
    one fact that another source also gives ("the Ipsos poll shows Clinton at 43 percent"
    and "the tracking poll has her at 41.7 percent")."""
    if outlet_voice(entry):
        return False
    last_word = WORD.findall(entry.origin)[-1:]
    measured = bool(last_word) and stem(last_word[0]) in _MEASURING_SOURCES
    return measured or _OF_ITSELF.match(entry.content) is not None


def each_of_itself(first: LedgerEntry, second: LedgerEntry) -> bool:
    """Two sources each telling of itself: two companies' stakes, two residents' "I"."""
    return first.origin != second.origin and speaks_of_itself(first) and speaks_of_itself(second)


# Words that put a figure ahead of the facts: a plan, a target, a forecast.
_AHEAD = re.compile(
    r"\b(?:will|shall|expects?\s+to|expected\s+to|forecasts?|forecast\s+to|projected|"
    r"plans?\s+to|aims?\s+to|targets?|seeks?\s+to|try\s+to|tries\s+to)\b",
    re.IGNORECASE,
)


# A content that is an infinitive ("[the company expects] to report a profit of ...",
# "[the government aims] to narrow the deficit to ..."), not a perfect one ("[he claimed]
# to have captured ...") nor a state ("[it is believed] to be ...").
_INTENDED = re.compile(r"(?:that\s+)?to\s+(?!have\b|be\b|had\b)\w", re.IGNORECASE)


def looks_ahead(quantity: Quantity, content: str) -> bool:
    """Whether the claim gives ``quantity`` as a plan, a target or a forecast ("will try to
    raise output to 2.4 mln tonnes", "[expects] to report a profit of 38 billion yen"): no
    count of what is, which another source's figure ("output was 1.8 mln tonnes") could
    contradict."""
    return (
        _INTENDED.match(content) is not None
        or _AHEAD.search(text_before(quantity, content)) is not None
    )


def outlet_voice(entry: LedgerEntry) -> bool:
    """The publisher's own statement, attributed to no one else."""
    return not entry.origin or entry.origin == entry.publisher


_TYPOGRAPHIC = str.maketrans("‘’“”", "''\"\"")


@lru_cache(maxsize=1 << 14)
def bare_words(text: str) -> str:
    """``text`` without its case, its quotation marks' typography and its outer punctuation
    ("“They don’t care,”" reads as "they don't care")."""
    return text.translate(_TYPOGRAPHIC).strip(" \"'.,;:!?").lower()


def same_words_read_twice(first: LedgerEntry, second: LedgerEntry) -> bool:
    """The very words of one claim, neither denied, in two reports: what one reads as negative
    and the other as positive differs in how it was parsed, not in what was said. A copy
    damaged in scanning still holds the words ("There was ne demand", "made n approach"):
    word for word, with a few words a letter apart (``misread_alike``)."""
    return (
        first.hedge != "denied"
        and second.hedge != "denied"
        and misread_alike(
            WORD.findall(bare_words(first.content)), WORD.findall(bare_words(second.content))
        )
    )


MISREAD_SHARE = 0.2
"""The share of a passage's words a damaged copy may have misread."""
MISREAD_LEAST_WORDS = 6
"""Shorter passages must match word for word: a misread word there may be another word."""


def misread_alike(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """Two word sequences of one passage, the same but for a few words each one letter off."""
    if len(mine) != len(theirs):
        return False
    differing = [(a, b) for a, b in zip(mine, theirs, strict=True) if a != b]
    allowed = math.ceil(len(mine) * MISREAD_SHARE) if len(mine) >= MISREAD_LEAST_WORDS else 0
    return len(differing) <= allowed and all(one_letter_apart(a, b) for a, b in differing)


def one_letter_apart(first: str, second: str) -> bool:
    """One letter changed, added or dropped ("no" and "ne", "no" and "n")."""
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) == 1
    short, long = sorted((first, second), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_NEGATION = re.compile(r"(?:not|no|never|nor|neither|none|nobody|nothing|\w+n['’]t)")
RELAYED_WORDS = 4
"""Words around a negation that another version must carry in the same order to relay it."""


def negation_relayed(first: LedgerEntry, second: LedgerEntry) -> bool:
    """Whether the negative version's negation stands in words the other version carries in
    the same order ("Syed told one of the men: 'I don't want to hurt you'" and "'I don't want
    to hurt you. Give me your keys,'"): both relay one negative sentence, and neither unsays
    the other. A version that unsays a statement differs from it at its negation; a denial's
    negation is its cue's ("her lawyer denied that ..."), not its words'."""
    negated, other = (first, second) if negative(first) else (second, first)
    if negated.hedge == "denied":
        return False
    words = WORD.findall(bare_words(negated.content))
    carried = f" {' '.join(WORD.findall(bare_words(other.content)))} "
    for i, word in enumerate(words):
        if _NEGATION.fullmatch(word):
            window = words[max(0, i - 2) : i + 3]
            if len(window) >= RELAYED_WORDS and f" {' '.join(window)} " in carried:
                return True
    return False


NEGATED_REACH = 3
"""Words after a negation that say what it unsays ("was not | working for Yanukovych's")."""


def unsays_the_other(first: LedgerEntry, second: LedgerEntry) -> bool:
    """Whether the negative version's negation falls on what the other says: "Gates was not
    working for the party" unsays "both were working for the party", while "no one is in
    custody for the shooting, which appears gang related" leaves "the shooting appears gang
    related" standing, and "it is not clear how the Republicans will act" unsays nothing a
    version about the Republicans' budget says. A denial negates its whole content, and a
    negation outside the content's words (a negated cue) is taken to as well."""
    negated, other = (first, second) if negative(first) else (second, first)
    if negated.hedge == "denied":
        return True
    words = WORD.findall(bare_words(negated.content))
    scopes = [
        content_stems(" ".join(words[i + 1 : i + 1 + NEGATED_REACH]))
        for i, word in enumerate(words)
        if _NEGATION.fullmatch(word.casefold())
    ]
    if not scopes:
        return True
    said = set(content_stems(other.content))
    return any(said.intersection(scope) for scope in scopes)


def nested(first: LedgerEntry, second: LedgerEntry) -> bool:
    """One claim quoted inside another: one statement read at two levels, not two statements
    to oppose.  In one document, either way round ("it appears the troops have not engaged in
    combat; one reason may be casualties" and "one reason may be casualties"); across
    documents, a negative claim inside a positive one, whose polarity is its reporting verb's
    ("Syed told one of the men: 'I don't want to hurt you'" and "I don't want to hurt you").
    A positive claim inside a negative one may be its denial ("it is not true that the
    troops withdrew") and stays opposed, as does a denial, whose negation is its cue's."""
    mine, theirs = bare_words(first.content), bare_words(second.content)
    if first.document_id == second.document_id:
        return mine in theirs or theirs in mine
    if negative(first) == negative(second):
        return False
    negated, inner, outer = (first, mine, theirs) if negative(first) else (second, theirs, mine)
    return negated.hedge != "denied" and inner != outer and inner in outer


def compare_entries(
    entries: Sequence[LedgerEntry],
    similarity: np.ndarray,
    wording: np.ndarray,
    *,
    same_statement_similarity: float,
    tolerance: float,
    opposite_statement_wording: float | None = None,
    never_compared: np.ndarray | None = None,
    report_words: Mapping[str, frozenset[str]] = MappingProxyType({}),
) -> Comparison:
    """Compare every pair of versions; ``similarity`` (with the bonus for counting the same
    thing) and ``wording`` (without it) are indexed like ``entries``; ``never_compared``
    marks the pairs that cannot contradict each other (``build.never_compared``);
    ``report_words``, the lower-case words of each entry's report by document id, tells the
    names that open a sentence (``sentence_opening_names``).

    Within one article, two sources' numbers are compared only where they are versions of
    the same statement ("police said three died", "the hospital said four died"): a report
    that puts "two men dead" beside "three men opened fire" or "96 ecstasy pills" beside "four
    Percocet pills" is telling different facts, not contradicting itself unremarked. The
    outlet's own figure beside a source's ("the rig count fell to 131 in Canada" beside the
    tool company's "1,034 working rigs a year ago") is one of them: a writer who gave a
    number against a source's would say so, and is then quoting a source. Nor do two
    sources each telling of itself ("Acme said it holds 5.9 pct", "Brix said it raised its
    stake to 35 pct") count one thing or oppose each other ('"I don't like it here"' and '"I
    like it here"' from two residents: ``each_of_itself``).
    A negative and a positive version oppose only when both are propositions: "police would
    not release his identity" withholds a name, it does not unsay "a spokesman gave his name".
    Opposite polarities conflict only between versions worded as the same statement (by
    ``opposite_statement_wording``, the same-statement similarity when None; counting the
    same thing is not enough: "neither candidate will reach the 2,383 delegates needed" and
    "a candidate needs 2,383 delegates" do not oppose): "the troops
    have not engaged in combat" and "the troops were withdrawn" tell the same story, and so
    do "the troops have not engaged in combat" and "the troops suspended combat": a negation
    of one predicate beside its opposite (``predicates.json``) says the same thing. Dates
    conflict on the same terms: two reports' versions worded as one statement whose contents
    put it on days that do not meet ("a record 13.6 billion dollars in 1985" and "almost 10
    billion dollars since early 1986" share only the kind of amount), and that tell the same
    next to their dates (``incompatible_dates``).
    Two reports worded apart compare their counts of things only where they tell the same of
    them (``told_alike``): "two touchdowns on 106 carries" and "716 yards rushing and five
    touchdowns" count one kind of thing, not one thing.
    """
    found = Comparison()
    if opposite_statement_wording is None:
        opposite_statement_wording = same_statement_similarity
    counted = [counts(entry) for entry in entries]
    names = [
        names_in(entry.content)
        | sentence_opening_names(entry.content, report_words.get(entry.document_id, frozenset()))
        for entry in entries
    ]
    things_only = [without_measures(found) for found in counted]
    for i, j in combinations(range(len(entries)), 2):
        if never_compared is not None and never_compared[i, j]:
            continue
        a, b = entries[i], entries[j]
        same_statement = similarity[i, j] >= same_statement_similarity and not nested(a, b)
        same_wording = wording[i, j] >= same_statement_similarity
        if not one_voice(a, b) and (
            a.document_id != b.document_id
            or (same_wording and not outlet_voice(a) and not outlet_voice(b))
        ):
            if dated_apart(a, b):
                dates = incompatible_dates(a, b) if same_statement and same_wording else ""
                if dates and dates not in found.other_dates:
                    found.other_dates.append(dates)
            elif not (
                other_subjects(names[i], names[j]) or published_apart(a, b) or each_of_itself(a, b)
            ):
                # numbers of different days, moments, places or parties count different things
                mine, theirs = (
                    (counted[i], counted[j]) if same_wording else (things_only[i], things_only[j])
                )
                compare_quantities(
                    a, b, mine, theirs, found, tolerance=tolerance, frame_needed=not same_wording
                )
        if negative(a) != negative(b):
            found.mixed_polarity = True
        if (
            negative(a) != negative(b)
            and a.proposition
            and b.proposition
            and same_statement
            and wording[i, j] >= opposite_statement_wording
            and not one_voice(a, b)
            and not opposite_predicates(a.content, b.content)
            and not same_words_read_twice(a, b)
            and not each_of_itself(a, b)
            and not negation_relayed(a, b)
            and unsays_the_other(a, b)
        ):
            denier, asserter = (a, b) if negative(a) else (b, a)
            note = (
                f"opposite statements: {denier.origin} ({denier.hedge}) against {asserter.origin}"
            )
            if note not in found.opposite:
                found.opposite.append(note)
    for thing in found.incompatible:
        found.compatible.pop(thing, None)
    return found


def verdict(comparison: Comparison, independent_sources: int) -> str:
    """Conflict first (even one origin relayed with different numbers is worth a flag)."""
    if comparison.conflict:
        return "conflict"
    if independent_sources <= 1:
        return "single-source"
    if comparison.compatible:
        return "consistent"
    return "agree"
