"""Content words of claim text, reduced to crude stems, and the classes of counted things.

The ledger compares claims that the claims stage already cut out of sentences, so a cheap
tokenizer and suffix stripper are enough: they run without a model and make "losses" meet
"loss" and "killed" meet "kill".
"""

from __future__ import annotations

import functools
import re

WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*[A-Za-z]|[A-Za-z]")

# fmt: off
REPORTING_WORDS = frozenset({
    "said", "say", "says", "saying", "told", "tell", "tells", "report", "reported", "reports",
    "reporting", "according", "claim", "claimed", "claims", "statement", "added", "stated",
    "announced", "believe", "believed", "believes", "estimate", "estimated", "estimates",
    "confirm", "confirmed", "confirms", "deny", "denied", "denies", "reportedly", "allegedly",
    "apparently", "likely", "possibly", "probably", "appear", "appears", "appeared"
})
# fmt: on
"""Cue and hedge words: they say how a thing is claimed, not what is claimed."""

# fmt: off
COUNTED_CLASSES = (
    ("dead", frozenset({"dead", "killed", "death", "fatality", "toll", "body", "lives", "died"})),
    ("injured", frozenset({"injured", "injury", "wounded", "wound", "hurt"})),
    ("missing", frozenset({"missing", "unaccounted"})),
    ("casualties", frozenset({"casualty"})),
    ("displaced", frozenset({"displaced", "evacuated", "evacuee", "homeless", "refugee", "fled"})),
    ("vessels", frozenset({"ship", "vessel", "freighter", "tanker", "boat"})),
    ("troops", frozenset({"troop", "soldier", "force", "personnel", "serviceman", "fighter"})),
    ("people", frozenset({
        "people", "person", "resident", "civilian", "villager", "man", "men", "woman", "women",
        "victim", "adult", "child", "children", "teen", "teenager", "boy", "girl",
    })),
)
# fmt: on
"""Counted nouns that name the same thing, most specific first ("soldiers killed" counts dead)."""

EVENT_CLASSES = frozenset({"dead", "injured", "missing", "casualties", "displaced"})
"""What happened to the people counted: "120 people had died" counts the dead."""

GENERIC_CLASSES = frozenset({"", "people", "troops"})
"""Counted things too broad to compare on their own: "120 people" and "3,000 people" may be
the dead and the displaced."""

KNOWN_CLASSES = frozenset(name for name, _ in COUNTED_CLASSES)

NOT_COUNTS = frozenset(
    {"block", "am", "pm", "m", "caliber", "story", "in", "on", "at", "from", "to", "by", "for"}
)
"""Words after a number that make it no count: a place ("in the 5800 block of State
Street"), a time of day ("8 p.m."), a size (".38 caliber", "three-story"), a preposition a
scan ran into the next word ("from 30.2 billion in1985")."""

EVENT_WINDOW = (3, 5)
"""Content words looked at before and after a number for what happened to those counted."""

CLAUSE_BREAK = re.compile(r"[,;:—]|\b(?:and|but|while|whereas)\b", re.IGNORECASE)
COORDINATION = re.compile(r"[;—]|\b(?:and|but|while|whereas)\b", re.IGNORECASE)
"""Where the clause before a number starts, as far as a claim's plain text shows it."""

UNCOUNTED_WINDOW = 12
"""Words of its clause looked at before a bare number for the thing it counts."""


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude English stem: lower case, no possessive, common inflections stripped (cached:
    a story's claims repeat their words, and each is stemmed for several measures)."""
    word = word.casefold().replace("’", "'").strip(".'-")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace(".", "")
    for suffix, replacement, shortest in (
        ("ies", "y", 5),
        ("sses", "ss", 5),
        ("ing", "", 6),
        ("ed", "", 5),
        ("es", "e", 5),
        ("s", "", 4),
    ):
        if word.endswith(suffix) and len(word) >= shortest and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    # "engaged" -> "engag" must meet "engage"
    return word[:-1] if len(word) > 3 and word.endswith("e") else word


@functools.cache
def stop_stems() -> frozenset[str]:
    """Stems of function words and reporting words, which say nothing about the topic."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(stem(w) for w in ENGLISH_STOP_WORDS | REPORTING_WORDS)


def content_stems(text: str) -> list[str]:
    """The content words of ``text`` as stems, in order, repeats kept."""
    stops = stop_stems()
    stems = (stem(match.group()) for match in WORD.finditer(text))
    return [s for s in stems if len(s) > 1 and s not in stops]


def surface_words(text: str) -> dict[str, str]:
    """Each content stem of ``text`` with the first word form it came from (for topic labels)."""
    stops = stop_stems()
    forms: dict[str, str] = {}
    for match in WORD.finditer(text):
        word = match.group().strip(".'’-")
        key = stem(word)
        if len(key) > 1 and key not in stops:
            forms.setdefault(key, word.removesuffix("'s").removesuffix("’s"))
    return forms


def counted_class(counted: str, unit: str = "") -> str:
    """What a quantity counts, as a comparable key; "" when unknown.

    The class of the most specific counted word wins; an unknown counted noun is its own
    class (its last word's stem); a bare unit ("%", "km") is compared by unit.
    """
    words = [stem(w) for w in WORD.findall(counted)]
    for name, members in counted_class_stems():
        if any(w in members for w in words):
            return name
    if words:
        return words[-1]
    return unit.strip().casefold()


@functools.cache
def counted_class_stems() -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((name, frozenset(map(stem, members))) for name, members in COUNTED_CLASSES)


def is_label(counted: str, after: str) -> bool:
    """ "revenue 167.7 mln Note: ...": a capitalised word and a colon after a figure are a
    table's label, not what the figure counts ("three ferries: two left port" still counts)."""
    return counted[:1].isupper() and after.lstrip().startswith(":")


def counted_thing(counted: str, unit: str, before: str, after: str) -> str:
    """What a quantity counts, made specific by an event word near it when it is generic.

    ``before`` and ``after`` are the claim's text either side of the number: "killing at least
    40 people" and "40 people had died" count the dead, "40 people" alone counts people.
    """
    if WORD.findall(counted.casefold())[-1:] == ["wounds"]:
        return "wounds"  # "three gunshot wounds": one victim's, not three injured people
    thing = counted_class(counted, unit)
    if thing in NOT_COUNTS or is_label(counted, after):
        return ""
    if thing not in GENERIC_CLASSES:
        return thing
    words_before, words_after = EVENT_WINDOW
    # "a receptionist died and two men underwent surgery": an event word of the clause
    # before belongs to its own subject
    own_clause = CLAUSE_BREAK.split(before)[-1]
    # "killing 10 persons and wounding 70 others": an event word after a coordination is the
    # next count's
    own_after = COORDINATION.split(after)[0]
    nearby = [
        *WORD.findall(own_after)[:words_after],
        *reversed(WORD.findall(own_clause)[-words_before:]),
    ]
    for word in nearby:
        event = counted_class(word)
        if event in EVENT_CLASSES:
            return event
    if not thing:
        # a bare number names its thing before it: "the number of ships waiting had risen to
        # 31", "the number of people killed by the dam's collapse had risen to 46"
        for word in reversed(WORD.findall(own_clause)[-UNCOUNTED_WINDOW:]):
            if counted_class(word) in KNOWN_CLASSES:
                return counted_class(word)
    return thing
