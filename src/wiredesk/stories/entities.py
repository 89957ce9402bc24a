"""Cheap entity spotting for story grouping: capitalised word runs and numbers; and the
facts a lead states of its event (ages, streets, casualty counts).

spaCy's NER reads about 4.5 articles/s per core, too slow for grouping a large corpus; names of
people, places and organisations are nearly always capitalised runs in news text, and the
TF-IDF weighting downstream discounts the runs that every article has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A capitalised word (McDonald, O'Neil, U.S., St.) followed by more of them; lowercase
# connectors inside names ("Bank of America") are kept when a capitalised word follows.
_NAME_RUN = re.compile(
    r"\b[A-Z][\w'’.&-]*(?:[ \t]+(?:(?:of|de|la|van|von|al|bin|the)[ \t]+)?[A-Z][\w'’.&-]*)*"
)
_NUMBER = re.compile(r"\b\d[\d,.:]*\d\b|\b\d\b")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")
# "a 12-year-old boy", "the man, 45 years old"
_AGE = re.compile(r"\b(\d{1,3})[- ](?:year|yr)s?[- ]old\b", re.IGNORECASE)
# "the 3400 block of Lamar Street", "1500 W. Elm Avenue"
_ADDRESSES = (
    re.compile(r"\b\d{2,5} block of ([A-Z][\w.]*(?: [A-Z][\w.]*)*)"),
    re.compile(
        r"\b\d{2,5} ((?:[NSEW]\.? |North |South |East |West )?[A-Z][a-z]+(?: [A-Z][a-z]+)* "
        r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Court|Ct|Place|Pl"
        r"|Way|Parkway|Highway))\b"
    ),
)
# Words before a street's own name: directions ("W.", "Northeast", "S.E."), "U.S. Highway".
_NOT_STREET_NAME = re.compile(r"(?:north|south)?(?:east|west)?|[nsew]{1,2}|[ns]\.[ew]|u\.s|highway")
_COUNT_WORDS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
_CASUALTY_KIND = {
    "killed": "dead",
    "dead": "dead",
    "died": "dead",
    "slain": "dead",
    "wounded": "hurt",
    "injured": "hurt",
    "hurt": "hurt",
    "shot": "shot",
}
# "3 people were killed", "Four shot", "two others wounded"
_CASUALTIES = re.compile(
    rf"\b(\d{{1,3}}|{'|'.join(_COUNT_WORDS)})\s+"
    r"(?:(?:people|persons|men|women|others|other people|more|teens|children)\s+)?"
    r"(?:(?:were|are|have been|has been|was)\s+)?"
    rf"({'|'.join(_CASUALTY_KIND)})\b"
)
_SENTENCE_END = frozenset('.!?…"“”:;\n')


def name_runs(text: str, stop_words: frozenset[str]) -> list[str]:
    """Capitalised word runs, casefolded, with leading function words and possessives cut.

    A lone capitalised word that starts a sentence is kept only when the article never uses
    it in lower case: "Officers said" in an article that also says "officers" is no name,
    "Gainesville" is.
    """
    lower_words = set(_LOWER_WORD.findall(text))
    found = []
    for match in _NAME_RUN.finditer(text):
        for run_words, at_sentence_start in _sentence_pieces(
            match.group().replace("’", "'").split(), _starts_sentence(text, match.start())
        ):
            name = _name(run_words, at_sentence_start, lower_words, stop_words)
            if name:
                found.append(name)
    return found


def _sentence_pieces(run_words: list[str], at_sentence_start: bool):
    """Split a run where a sentence ends inside it ("O'Neil. The"), not after an
    abbreviation ("U.S. Army", "St. Louis")."""
    piece: list[str] = []
    for word in run_words:
        piece.append(word)
        if word.endswith(".") and not _is_abbreviation(word):
            yield piece, at_sentence_start
            piece, at_sentence_start = [], True
    if piece:
        yield piece, at_sentence_start


def _is_abbreviation(word: str) -> bool:
    stem = word[:-1]
    return "." in stem or len(stem) <= 3


def _name(
    run_words: list[str], at_sentence_start: bool, lower_words: set[str], stop_words: frozenset[str]
) -> str:
    while run_words and run_words[0].casefold() in stop_words:
        run_words = run_words[1:]
        at_sentence_start = False
    if not run_words:
        return ""
    if len(run_words) == 1 and at_sentence_start and run_words[0].casefold() in lower_words:
        return ""
    name = " ".join(run_words).removesuffix("'s").strip(".'-&").casefold()
    return name if len(name) > 1 and name not in stop_words else ""


def numbers(text: str) -> list[str]:
    """Numbers as written, without thousands separators ("11,000" -> "11000")."""
    return [n.replace(",", "") for n in _NUMBER.findall(text)]


def ages(text: str) -> frozenset[str]:
    """The ages ``text`` gives ("a 12-year-old boy": "12")."""
    return frozenset(_AGE.findall(text))


def ages_differ(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two leads both give ages and none is the same: a person's age does not change
    from one report of an event to the next, and a lead gives the age of the person the
    event is about (the victim, the suspect); two one-day shootings of one city differ in
    little else."""
    return bool(first and second and not first & second)


def streets(text: str) -> frozenset[str]:
    """The streets of the addresses ``text`` gives ("the 3400 block of W. Lamar St.",
    "1500 Elm Avenue"), each as its first word that is no direction ("lamar", "elm"): one
    report writes "Lamar St.", the next "Lamar Street", a third "West Lamar"."""
    found = (_street_key(match[1]) for pattern in _ADDRESSES for match in pattern.finditer(text))
    return frozenset(key for key in found if key)


def streets_differ(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two leads both give addresses and no street is the same: one report gives
    the block, the next the house number or a cross street, but they keep a street; two
    shootings of one day in one city are rarely on one street."""
    return bool(first and second and not first & second)


def _street_key(street: str) -> str:
    words = (word.strip(".").casefold() for word in street.split())
    return next((word for word in words if not _NOT_STREET_NAME.fullmatch(word)), "")


def casualties(text: str) -> frozenset[str]:
    """The casualty counts ``text`` gives, as "kind:count" ("3 people were killed",
    "Four shot, two dead": "dead:3", "shot:4", "dead:2"); kinds: dead, hurt, shot."""
    # Matched in lower case: a case-blind pattern reads a lead 2.5 times slower.
    return frozenset(
        f"{_CASUALTY_KIND[match[2]]}:{_as_digits(match[1])}"
        for match in _CASUALTIES.finditer(text.casefold())
    )


def casualties_differ(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two leads count casualties of one kind (both say how many died, say) and
    give no count that is the same: one report of a shooting says "2 killed", a later one
    may say "3 killed" or "2 killed, 1 hurt", but it keeps one of the counts; two shootings
    of one night in one city differ in their tolls. Counts of different kinds ("4 shot",
    "1 dead, 3 hurt") say nothing against one event."""
    kinds = {fact.partition(":")[0] for fact in first} & {fact.partition(":")[0] for fact in second}
    return bool(kinds and not first & second)


def _as_digits(count: str) -> str:
    return count if count.isdigit() else str(_COUNT_WORDS.index(count) + 1)


@dataclass(frozen=True, slots=True)
class LeadFacts:
    """What a lead says of its event that another report of the same event would repeat:
    the ages of its people, the streets of its addresses, its casualty counts."""

    ages: frozenset[str] = frozenset()
    streets: frozenset[str] = frozenset()
    casualties: frozenset[str] = frozenset()


FACT_KINDS = ("ages", "streets", "casualties")


def lead_facts(lead: str, kinds: Iterable[str] = FACT_KINDS) -> LeadFacts:
    """The facts of ``kinds`` the lead gives (the others left empty)."""
    finders = {"ages": ages, "streets": streets, "casualties": casualties}
    return LeadFacts(**{kind: finders[kind](lead) for kind in kinds})


def facts_differ(first: LeadFacts, second: LeadFacts) -> int:
    """How many kinds of fact two leads both give and disagree on."""
    return (
        ages_differ(first.ages, second.ages)
        + streets_differ(first.streets, second.streets)
        + casualties_differ(first.casualties, second.casualties)
    )


def _starts_sentence(text: str, position: int) -> bool:
    before = text[max(0, position - 8) : position].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


@dataclass(frozen=True, slots=True)
class PeopleNamed:
    """The names of people an article may give: ``full``, every run of two to four words
    (a person named in full, or a place or organisation); ``cut``, those of them whose
    last word the article also uses alone. News names a person in full once and by
    surname after ("Jane Roe ... Roe said"); places and organisations ("North Side",
    "Police Department") are rarely cut down that way."""

    full: frozenset[str]
    cut: frozenset[str]


def people_named(names: Iterable[str]) -> PeopleNamed:
    names = set(names)
    full = frozenset(name for name in names if 2 <= len(name.split()) <= _MOST_NAME_WORDS)
    return PeopleNamed(full, frozenset(name for name in full if name.split()[-1] in names))


def shared_people(
    first: PeopleNamed, second: PeopleNamed, first_site: str, second_site: str
) -> int:
    """How many people two articles both name in full, a full name counting as a person's
    when either article cuts it to the surname: a follow-up weeks later often names the
    suspect or the victim once in full and never again, where the first report cut the
    name. Counted only across sites: a site's articles share its own recurring people
    (its reporters, the police spokesman of its city) whatever the event. Unknown sites
    ("") count as different."""
    if first_site and first_site == second_site:
        return 0
    return sum(1 for name in first.full & second.full if name in first.cut or name in second.cut)


# "Martin Luther King Jr" is four words; longer runs are titles and organisations.
_MOST_NAME_WORDS = 4
