"""Numbers in a claim with their bounds: "more than 10,000 troops" -> lower 10000, "troops"."""

from __future__ import annotations

import re

from wiredesk.records import Quantity

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALE_ABBREVIATIONS = {"k": 1_000, "m": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "two-thirds": 2 / 3}
# Vague amounts: the least they can mean.
_VAGUE_LOWER = {
    "several": 3, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000,
    "millions": 2_000_000, "billions": 2_000_000_000,
}  # fmt: skip
_LOWER_BOUND = (
    "more than",
    "over",
    "at least",
    "upwards of",
    "in excess of",
    "above",
    "no fewer than",
)
_UPPER_BOUND = ("fewer than", "less than", "under", "up to", "at most", "no more than", "below")
_APPROXIMATE = (
    "around", "about", "approximately", "roughly", "some", "an estimated", "estimated",
    "close to", "nearly", "almost", "more or less", "circa",
)  # fmt: skip
_APPROACHING = ("nearly", "almost", "close to")
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_PERCENT = {"%", "percent", "per cent", "percentage"}
_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


def number_value(words: list[str]) -> float | None:
    """The value of number words or digits: "10,000", "2.5 million", "four thousand"."""
    total, current = 0.0, None
    for word in (w.lower() for w in words):
        if _NUMBER.match(word):
            current = float(word.replace(",", ""))
        elif word in _UNITS_WORDS:
            current = (current or 0) + _UNITS_WORDS[word]
        elif word in _SCALES or word in _SCALE_ABBREVIATIONS:
            scale = _SCALES.get(word) or _SCALE_ABBREVIATIONS[word]
            current = (current if current is not None else 1) * scale
            if scale >= 1000:
                total, current = total + current, None
        elif word in ("-", "and"):
            continue
        else:
            return None
    if current is None and total == 0:
        return None
    return total + (current or 0)


def _is_number_token(token) -> bool:
    if token.ent_type_ in ("DATE", "TIME", "ORDINAL"):
        return False
    word = token.lower_
    if word == "one" and not (token.i + 1 < len(token.doc) and token.nbor(1).lower_ in _SCALES):
        return False  # "one reason", "one of them": a determiner more often than a count
    return bool(
        _NUMBER.match(word)
        or word in _UNITS_WORDS
        or word in _SCALES
        or (word in _SCALE_ABBREVIATIONS and token.i > 0 and token.nbor(-1).like_num)
    )


def _modifier_before(doc, start: int, floor: int) -> tuple[str, int]:
    """The bound word(s) right before a number, and where they start."""
    for length in (3, 2, 1):
        begin = start - length
        if begin < floor:
            continue
        phrase = " ".join(t.lower_ for t in doc[begin:start])
        if phrase in _LOWER_BOUND or phrase in _UPPER_BOUND or phrase in _APPROXIMATE:
            return phrase, begin
    return "", start


def _counted(doc, last: int, limit: int) -> tuple[str, int]:
    """What a number counts: its head noun, or the noun after "of (the)"."""
    token = doc[last]
    head = token.head
    if (
        token.dep_ in ("nummod", "quantmod", "amod")
        and head.pos_ in ("NOUN", "PROPN")
        and head.i > last
    ):
        return head.text, head.i
    probe = last + 1
    if probe < limit and doc[probe].lower_ == "of":
        objects = [c for c in doc[probe].children if c.dep_ == "pobj"]
        if objects and objects[0].i < limit:
            return objects[0].text, objects[0].i
    return "", last


def _bounds(value: float, modifier: str) -> tuple[float | None, float | None, bool]:
    if modifier in _LOWER_BOUND:
        return value, None, False
    if modifier in _UPPER_BOUND:
        return None, value, False
    if modifier in _APPROACHING:
        return None, value, True
    if modifier in _APPROXIMATE:
        return None, None, True
    return value, value, False


def _unit(doc, first: int, after: int, limit: int) -> str:
    if first > 0 and doc[first - 1].text in _CURRENCIES:
        return _CURRENCIES[doc[first - 1].text]
    if after < limit and doc[after].lower_ in _PERCENT:
        return "percent"
    return ""


def quantities_in(doc, indices: list[int]) -> list[Quantity]:
    """Quantities among the tokens ``indices`` (sorted, usually a claim's content)."""
    if not indices:
        return []
    allowed = set(indices)
    floor, limit = indices[0], indices[-1] + 1
    found: list[Quantity] = []
    i = floor
    while i < limit:
        token = doc[i]
        if i not in allowed:
            i += 1
            continue
        word = token.lower_
        if _is_number_token(token):
            end = i + 1
            while end < limit and (_is_number_token(doc[end]) or doc[end].text == "-"):
                end += 1
            value = number_value([t.text for t in doc[i:end]])
            if value is None:
                i = end
                continue
            found.append(_exact_or_bounded(doc, i, end, value, floor, limit))
            i = end
        elif word in _VAGUE_LOWER or word in _FRACTIONS:
            found.append(_vague(doc, i, floor, limit))
            i += 1
        else:
            i += 1
    return found


def _exact_or_bounded(doc, first: int, end: int, value: float, floor: int, limit: int) -> Quantity:
    modifier, begin = _modifier_before(doc, first, floor)
    lower, upper, approximate = _bounds(value, modifier)
    unit = _unit(doc, first, end, limit)
    counted, last = _counted(doc, end - 1, limit)
    if unit == "USD" or unit in _CURRENCIES.values():
        begin = min(begin, first - 1)
    return Quantity(
        text=doc[begin : max(last, end - 1) + 1].text,
        value=value,
        lower=lower,
        upper=upper,
        approximate=approximate,
        unit=unit,
        counted=counted,
    )


def _vague(doc, index: int, floor: int, limit: int) -> Quantity:
    word = doc[index].lower_
    modifier, begin = _modifier_before(doc, index, floor)
    counted, last = _counted(doc, index, limit)
    if word in _FRACTIONS:
        value = _FRACTIONS[word]
        lower, upper, approximate = _bounds(value, modifier)
        return Quantity(
            text=doc[begin : max(last, index) + 1].text,
            value=value,
            lower=lower,
            upper=upper,
            approximate=approximate,
            unit="fraction",
            counted=counted,
        )
    lower = float(_VAGUE_LOWER[word])
    if index > floor and doc[index - 1].lower_ in ("tens", "hundreds") and word != "several":
        lower *= 10 if doc[index - 1].lower_ == "tens" else 100
    return Quantity(
        text=doc[begin : max(last, index) + 1].text,
        value=None,
        lower=lower,
        upper=None,
        approximate=True,
        counted=counted,
    )
