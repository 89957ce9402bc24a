"""How the versions in one ledger row relate: agree, consistent, conflict, single-source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np

from wiredesk.ledger.intervals import describe_quantity, quantity_interval, same_number
from wiredesk.ledger.related import predicate_class_of, predicate_classes
from wiredesk.ledger.words import content_stems, counted_class, counted_thing
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
euros lire pesos rupees hours minutes"""
MEASURES = frozenset(map(counted_class, _MEASURE_WORDS.split()))
"""Units a number measures in, which say how much but not of what: "36 percent" (support in
a poll) and "100 percent" (agreement) are no versions of one figure."""


def is_measure(quantity: Quantity, thing: str) -> bool:
    return (bool(quantity.unit) and not quantity.counted) or thing in MEASURES


def quantities_by_thing(quantities: Sequence[Quantity], content: str) -> dict[str, list[Quantity]]:
    """A claim's quantities keyed by what they count; quantities of unknown things are left out."""
    keyed: dict[str, list[Quantity]] = {}
    for quantity in quantities:
        at = content.find(quantity.text) if quantity.text else -1
        before, after = (content[:at], content[at + len(quantity.text) :]) if at >= 0 else ("", "")
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
    a = quantity_interval(first, tolerance=tolerance)
    b = quantity_interval(second, tolerance=tolerance)
    return a is not None and b is not None and a.overlaps(b)


# "two of the victims", "three of those officers": a part of a group, not a count of it.
PARTITIVE = re.compile(r"\bof\s+(?:the|those|these|them|its|their|our|his|her)\b", re.IGNORECASE)


def part_of_unstated_whole(quantity: Quantity) -> bool:
    """ "two of the victims": a part of a group whose size the claim does not give ("4,000 of
    the 11,000 soldiers" gives it, and its part may be what another source counts)."""
    found = PARTITIVE.search(quantity.text)
    return found is not None and not any(c.isdigit() for c in quantity.text[found.end() :])


def counts(entry: LedgerEntry) -> dict[str, list[Quantity]]:
    """The entry's quantities that can be compared with another version's, by thing counted."""
    comparable = [q for q in entry.quantities if not part_of_unstated_whole(q)]
    return quantities_by_thing(comparable, entry.content)


def without_measures(counted: dict[str, list[Quantity]]) -> dict[str, list[Quantity]]:
    """``counts`` less the amounts in units, which only versions of one statement compare."""
    kept = {
        thing: [q for q in found if not is_measure(q, thing)] for thing, found in counted.items()
    }
    return {thing: found for thing, found in kept.items() if found}


def compare_quantities(
    first: LedgerEntry,
    second: LedgerEntry,
    mine: dict[str, list[Quantity]],
    theirs: dict[str, list[Quantity]],
    found: Comparison,
    *,
    tolerance: float,
) -> None:
    """Record how two versions' numbers for the same things relate; ``mine`` and ``theirs``
    are their ``counts``.

    A claim may hold a part and its whole ("4,000 of the 11,000 soldiers"), so two claims
    conflict on a thing only when none of one's numbers for it fits any of the other's; a
    part of a group of unstated size ("two of the victims") is not compared.
    """
    for thing in sorted(mine.keys() & theirs.keys()):
        pairs = [(a, b) for a in mine[thing] for b in theirs[thing]]
        fitting = [(a, b) for a, b in pairs if fits(a, b, tolerance)]
        if not fitting:
            clash = found.incompatible.setdefault(thing, [])
            add_labels(clash, mine[thing][0], first, theirs[thing][0], second)
        elif not any(same_number(a, b, tolerance=tolerance) for a, b in pairs):
            a, b = fitting[0]
            add_labels(found.compatible.setdefault(thing, []), a, first, b, second)


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


def days_overlap(first: Time, second: Time) -> bool:
    first_end, second_end = first.end or "9999-12-31", second.end or "9999-12-31"
    return first.start <= second_end and second.start <= first_end


def incompatible_dates(first: LedgerEntry, second: LedgerEntry) -> str:
    """A note when two versions of one statement put it on days that do not meet."""
    mine, theirs = dated_in_content(first), dated_in_content(second)
    if not mine or not theirs or any(days_overlap(a, b) for a in mine for b in theirs):
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
    contradict itself, or its source, in one voice."""
    return first.document_id == second.document_id and first.origin == second.origin


_TYPOGRAPHIC = str.maketrans("‘’“”", "''\"\"")


@lru_cache(maxsize=1 << 14)
def bare_words(text: str) -> str:
    """``text`` without its case, its quotation marks' typography and its outer punctuation
    ("“They don’t care,”" reads as "they don't care")."""
    return text.translate(_TYPOGRAPHIC).strip(" \"'.,;:!?").lower()


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
) -> Comparison:
    """Compare every pair of versions; ``similarity`` (with the bonus for counting the same
    thing) and ``wording`` (without it) are indexed like ``entries``.

    Within one article, two sources' numbers are compared only where they are versions of
    the same statement ("police said three died", "the hospital said four died"): a report
    that puts "two men dead" beside "three men opened fire" or "96 ecstasy pills" beside "four
    Percocet pills" is telling different facts, not contradicting itself unremarked.
    Opposite polarities conflict only between versions of the same statement: "the troops
    have not engaged in combat" and "the troops were withdrawn" tell the same story, and so
    do "the troops have not engaged in combat" and "the troops suspended combat": a negation
    of one predicate beside its opposite (``predicates.json``) says the same thing. Dates
    conflict on the same terms: two versions of one statement whose contents put it on days
    that do not meet.
    """
    found = Comparison()
    counted = [counts(entry) for entry in entries]
    things_only = [without_measures(found) for found in counted]
    for i, j in combinations(range(len(entries)), 2):
        a, b = entries[i], entries[j]
        same_statement = similarity[i, j] >= same_statement_similarity and not nested(a, b)
        same_wording = wording[i, j] >= same_statement_similarity
        if not one_voice(a, b) and (a.document_id != b.document_id or same_wording):
            mine, theirs = (
                (counted[i], counted[j]) if same_wording else (things_only[i], things_only[j])
            )
            compare_quantities(a, b, mine, theirs, found, tolerance=tolerance)
            dates = incompatible_dates(a, b) if same_statement else ""
            if dates and dates not in found.other_dates:
                found.other_dates.append(dates)
        if negative(a) != negative(b):
            found.mixed_polarity = True
        if (
            negative(a) != negative(b)
            and same_statement
            and not one_voice(a, b)
            and not opposite_predicates(a.content, b.content)
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
