"""Numbers in a claim with their bounds: "more than 10,000 troops" -> lower 10000, "troops".

A quantity is read from the claim's tokens in three parts: the amount ("10,000", "two dozen",
"half a million", "two-thirds", "tens of thousands"), the words that bound it before ("more
than", "up to", "around") or a second amount that makes it a range ("between 3,000 and 5,000",
"3,000 to 4,000"), and what it measures after: a unit ("percent", "$", "hectares") and the noun
counted ("troops", or the noun after "of the": "4,000 of the 11,000 soldiers").

Conventions, shared with the ledger's intervals (``ledger/intervals.py``):
- exact: value = lower = upper; "more than"/"at least": lower = value; "up to"/"fewer than":
  upper = value; "nearly"/"almost": upper = value, approximate; "around"/"some": value only,
  approximate; a range: lower and upper, no single value;
- vague amounts carry only the least they can mean: "several" 3, "dozens" 24, "thousands"
  2,000, "tens of thousands" 20,000, "several thousand" 3,000, "millions" 2,000,000;
- fractions have unit "fraction" and a value below one ("about half of the territory": 0.5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiredesk.records import Quantity

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# "dozen" multiplies what comes before it ("two dozen" = 24) but, unlike "thousand", does not
# close a group: "three hundred" is followed by more ("three hundred and five").
_SCALES = {
    "dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000,
    "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
}  # fmt: skip
_SCALE_ABBREVIATIONS = {"k": 1_000, "m": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000}
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
# Vague amounts: the least they can mean.
_VAGUE_LOWER = {
    "several": 3, "tens": 20, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000,
    "millions": 2_000_000, "billions": 2_000_000_000,
}  # fmt: skip
# What one of a vague plural's units is worth: "tens of thousands" = 20 x 1,000 at least.
_VAGUE_SCALE = {"thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}
_LOWER_BOUND = (
    "more than", "over", "at least", "upwards of", "in excess of", "above", "no fewer than",
    "no less than", "as few as", "as little as", "well over", "a minimum of",
)  # fmt: skip
_UPPER_BOUND = (
    "fewer than", "less than", "under", "up to", "at most", "no more than", "below",
    "as many as", "as much as", "a maximum of",
)  # fmt: skip
_APPROXIMATE = (
    "around", "about", "approximately", "roughly", "some", "an estimated", "estimated",
    "close to", "nearly", "almost", "more or less", "circa", "just under", "just over",
)  # fmt: skip
# Approximations that also bound the value from above: "nearly 300" is not more than 300.
_APPROACHING = ("nearly", "almost", "close to", "just under")
_RANGE_WORDS = ("to", "-", "–", "—")
_RANGE_OPENERS = ("between", "from")
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
# Dollars of other countries, as the tokenizer leaves them: "A$2 billion", "NZ$ 40".
_DOLLAR_PREFIXES = {
    "US$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "NZ$": "NZD",
    "HK$": "HKD", "S$": "SGD",
}  # fmt: skip
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "dlr": "USD", "dlrs": "USD", "euro": "EUR",
    "euros": "EUR", "pound": "GBP", "pounds": "GBP", "stg": "GBP", "yen": "JPY",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "hryvnia": "UAH",
    "hryvnias": "UAH", "yuan": "CNY",
}  # fmt: skip
# "dlr", "dlrs" and "stg" are the wire services' abbreviations: "a 19.4 mln dlr secured loan"
# is an amount of dollars, not 19.4 million loans.
_PERCENT = {"%": "percent", "percent": "percent", "pct": "percent"}
# Units of measure, as written -> one name: "hectares" and "ha" are both "hectare".
_MEASURES = {
    "kilometre": "kilometre", "kilometres": "kilometre", "kilometer": "kilometre",
    "kilometers": "kilometre", "km": "kilometre", "metre": "metre", "metres": "metre",
    "meter": "metre", "meters": "metre", "mile": "mile", "miles": "mile",
    "hectare": "hectare", "hectares": "hectare", "ha": "hectare", "acre": "acre",
    "acres": "acre", "tonne": "tonne", "tonnes": "tonne", "ton": "tonne", "tons": "tonne",
    "kilogram": "kilogram", "kilograms": "kilogram", "kg": "kilogram", "litre": "litre",
    "litres": "litre", "liter": "litre", "liters": "litre", "barrel": "barrel",
    "barrels": "barrel", "megawatt": "megawatt", "megawatts": "megawatt", "mw": "megawatt",
}  # fmt: skip
_NUMBER = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
_ARTICLES = ("a", "an")


@dataclass(slots=True)
class _Amount:
    """An amount read at tokens ``start:end``: a number, a fraction or a vague least."""

    start: int
    end: int
    value: float | None
    least: float | None = None  # for vague amounts: the least they mean
    unit: str = ""
    scaled: bool = False  # ends with a scale word: "4 million"


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
        elif word in ("-", "and", *_ARTICLES):
            continue
        else:
            return None
    if current is None and total == 0:
        return None
    return total + (current or 0)


def _is_date(token) -> bool:
    return token.ent_type_ in ("DATE", "TIME", "ORDINAL") and not _lone_small_number(token)


def _lone_small_number(token) -> bool:
    """ "had risen to 46", which the entity recogniser may take for a date: a date or a time
    that is nothing but one to three digits is a count (a year has four, a day its month)."""
    alone = token.ent_iob_ == "B" and (
        token.i + 1 == len(token.doc) or token.nbor(1).ent_iob_ != "I"
    )
    return alone and token.ent_type_ != "ORDINAL" and token.text.isdigit() and len(token.text) <= 3


def _is_number_token(token) -> bool:
    if _is_date(token):
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


def _numerator(token) -> float | None:
    word = token.lower_
    if word in _ARTICLES:
        return 1.0
    if _NUMBER.match(word):
        return float(word.replace(",", ""))
    return float(_UNITS_WORDS[word]) if word in _UNITS_WORDS else None


def _fraction(doc, i: int, limit: int) -> _Amount | None:
    """ "half", "a third", "two-thirds", "three quarters" at ``i`` (not "half a million")."""
    word = doc[i].lower_
    if word in ("half", "halves") and not _followed_by_scale(doc, i + 1, limit):
        return _Amount(i, i + 1, 0.5, unit="fraction")
    numerator = _numerator(doc[i])
    if numerator is None:
        return None
    denominator_at = i + 2 if i + 2 < limit and doc[i + 1].text == "-" else i + 1
    if denominator_at >= limit:
        return None
    denominator = _DENOMINATORS.get(doc[denominator_at].lower_)
    if denominator is None or (denominator == 4 and not _next_is(doc, denominator_at + 1, "of")):
        return None  # "two quarters" of a year is a time, "a quarter of the budget" a share
    return _Amount(i, denominator_at + 1, numerator / denominator, unit="fraction")


def _next_is(doc, index: int, word: str) -> bool:
    return index < len(doc) and doc[index].lower_ == word


def _followed_by_scale(doc, index: int, limit: int) -> bool:
    """An article then a scale word at ``index``: "(half) a million"."""
    return index + 1 < limit and doc[index].lower_ in _ARTICLES and doc[index + 1].lower_ in _SCALES


def _number(doc, i: int, limit: int) -> _Amount | None:
    """Digits and number words from ``i``: "10,000", "2.5 million", "a dozen", "half a million"."""
    start, multiplier = i, 1.0
    if doc[i].lower_ == "half" and _followed_by_scale(doc, i + 1, limit):
        multiplier, i = 0.5, i + 1
    if doc[i].lower_ in _ARTICLES and i + 1 < limit and doc[i + 1].lower_ in _SCALES:
        i += 1
    if not _is_number_token(doc[i]):
        return None
    end = i + 1
    while end < limit and (
        _is_number_token(doc[end])
        or (doc[end].text == "-" and end + 1 < limit and doc[end + 1].lower_ in _UNITS_WORDS)
    ):
        end += 1
    value = number_value([t.text for t in doc[i:end]])
    if value is None:
        return None
    scaled = doc[end - 1].lower_ in _SCALES or doc[end - 1].lower_ in _SCALE_ABBREVIATIONS
    return _Amount(start, end, value * multiplier, scaled=scaled)


def _vague(doc, i: int, limit: int) -> _Amount | None:
    """ "several", "dozens", "thousands", and "tens of thousands", "hundreds of millions"."""
    word = doc[i].lower_
    if word not in _VAGUE_LOWER:
        return None
    if i + 2 < limit and doc[i + 1].lower_ == "of" and doc[i + 2].lower_ in _VAGUE_SCALE:
        least = _VAGUE_LOWER[word] * _VAGUE_SCALE[doc[i + 2].lower_]
        return _Amount(i, i + 3, None, least=float(least))
    if word == "tens":
        return None  # "tens" alone counts nothing
    if word == "several" and i + 1 < limit and doc[i + 1].lower_ in _SCALES:
        # "several thousand" is one amount, at least three thousand, not "several" and "1,000"
        least = _VAGUE_LOWER[word] * _SCALES[doc[i + 1].lower_]
        return _Amount(i, i + 2, None, least=float(least), scaled=True)
    return _Amount(i, i + 1, None, least=float(_VAGUE_LOWER[word]))


def _amount_at(doc, i: int, limit: int) -> _Amount | None:
    fraction = _fraction(doc, i, limit)
    if fraction is not None or _is_date(doc[i]):
        return fraction
    return _number(doc, i, limit) or _vague(doc, i, limit)


def _modifier_before(doc, start: int, floor: int) -> tuple[str, int]:
    """The bound word(s) right before an amount, and where they start."""
    for length in (3, 2, 1):
        begin = start - length
        if begin < floor:
            continue
        phrase = " ".join(t.lower_ for t in doc[begin:start])
        if phrase in _LOWER_BOUND or phrase in _UPPER_BOUND or phrase in _APPROXIMATE:
            return phrase, begin
    return "", start


def _range_end(doc, amount: _Amount, begin: int, limit: int) -> _Amount | None:
    """The second amount of "between A and B", "from A to B", "A to B", "A-B"."""
    joint = amount.end
    if joint + 1 >= limit or amount.value is None or amount.unit:
        return None
    word = doc[joint].lower_
    opener = doc[begin - 1].lower_ if begin > 0 else ""
    if not (word in _RANGE_WORDS or (word == "and" and opener == _RANGE_OPENERS[0])):
        return None
    second = _number(doc, joint + 1, limit)
    if second is None or second.value is None:
        return None
    return second


def _measure(doc, index: int, limit: int) -> tuple[str, int]:
    """A unit written after the amount ("percent", "hectares", "euros"), and where it ends."""
    if index >= limit:
        return "", index
    word = doc[index].lower_
    if word == "square" and index + 1 < limit and doc[index + 1].lower_ in _MEASURES:
        return "square " + _MEASURES[doc[index + 1].lower_], index + 2
    if word == "per" and _next_is(doc, index + 1, "cent"):
        return "percent", index + 2
    if word == "percentage" and index + 1 < limit and doc[index + 1].lower_.startswith("point"):
        return "percentage point", index + 2
    for table in (_PERCENT, _CURRENCY_WORDS, _MEASURES):
        if word in table:
            return table[word], index + 1
    return "", index


def _counted(doc, amount: _Amount, after: int, limit: int, measured: bool) -> tuple[str, int]:
    """What an amount counts: its head noun after it, or the noun after "of (the)"."""
    token = doc[amount.end - 1]
    while token.head.i != token.i and amount.start <= token.head.i < amount.end:
        token = token.head  # "three dozen": "dozen" hangs on "three", which holds the noun
    if token.dep_ == "conj":  # "3,000 and 5,000 people": the first number holds the noun
        token = token.head
    head = token.head
    if not measured and (
        token.dep_ in ("nummod", "quantmod", "amod", "compound")
        and head.pos_ in ("NOUN", "PROPN")
        and after <= head.i < limit
        and head.lower_ not in _MEASURES
        and head.lower_ not in _PERCENT
    ):
        return head.text, head.i
    if after < limit and doc[after].lower_ == "of":
        objects = [c for c in doc[after].children if c.dep_ == "pobj"]
        if objects and objects[0].i < limit:
            return objects[0].text, objects[0].i
        probe = after + 1
        while probe < limit and doc[probe].pos_ in ("DET", "ADJ", "NUM", "PUNCT"):
            probe += 1
        if probe < limit and doc[probe].pos_ in ("NOUN", "PROPN"):
            return doc[probe].text, probe
    return "", after - 1


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


def quantities_in(doc, indices: list[int]) -> list[Quantity]:
    """Quantities among the tokens ``indices`` (sorted, usually a claim's content).

    The words that bound an amount may lie just before the content ("between" that a span
    edge left out), as long as they are in the same sentence.
    """
    if not indices:
        return []
    allowed = set(indices)
    limit = indices[-1] + 1
    found: list[Quantity] = []
    i = indices[0]
    while i < limit:
        amount = _amount_at(doc, i, limit) if i in allowed else None
        if amount is None:
            i += 1
            continue
        quantity, i = _quantity(doc, amount, doc[amount.start].sent.start, limit)
        found.append(quantity)
        i = _after_conversion(doc, i, limit)
    return found


def _after_conversion(doc, i: int, limit: int) -> int:
    """Past an amount in brackets right after another ("$1 million ($1.52 million)", "10
    miles (16 km)"): the same amount in another currency or unit, not a second figure."""
    if i + 1 >= limit or doc[i].text != "(":
        return i
    start = i + 1
    if doc[start].text in _CURRENCIES or doc[start].text in _DOLLAR_PREFIXES:
        start += 1
    amount = _amount_at(doc, start, limit) if start < limit else None
    if amount is None:
        return i
    _, end = _quantity(doc, amount, i + 1, limit)
    return end + 1 if end < len(doc) and doc[end].text == ")" else i


def _quantity(doc, amount: _Amount, floor: int, limit: int) -> tuple[Quantity, int]:
    """The quantity an amount starts, and the token after the last one it used."""
    unit, start = amount.unit, amount.start
    currency = _CURRENCIES.get(doc[start - 1].text) or _DOLLAR_PREFIXES.get(doc[start - 1].text)
    if start > floor and currency:
        unit, start = currency, start - 1
    modifier, begin = _modifier_before(doc, start, floor)  # "more than $3 million"
    second = _range_end(doc, amount, begin, limit)
    last_amount = second or amount
    if not unit:
        unit, after = _measure(doc, last_amount.end, limit)
    else:
        after = last_amount.end
    counted, last = _counted(doc, last_amount, after, limit, unit != "")
    if second is not None:
        lower, upper, value = _shared_scale(doc, amount, second), second.value, None
        approximate = modifier in _APPROXIMATE
        if begin == start and begin > floor and doc[begin - 1].lower_ in _RANGE_OPENERS:
            begin -= 1
    elif amount.value is None:
        lower, upper, approximate, value = amount.least, None, True, None
    else:
        value = amount.value
        if counted and not unit and not amount.scaled:
            value = whole_count(doc[amount.start : amount.end].text, value)
        lower, upper, approximate = _bounds(value, modifier)
    end = max(last, after - 1, last_amount.end - 1)
    return (
        Quantity(
            text=doc[begin : end + 1].text,
            value=value,
            lower=lower,
            upper=upper,
            approximate=approximate,
            unit=unit,
            counted=counted,
        ),
        after,
    )


# "96.058 trucks": three decimals on a count of whole things are a thousands separator,
# as typed in much of Europe or misread from a comma.
DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def whole_count(written: str, value: float) -> float:
    """The value of a number that counts things, its dots read as thousands separators
    where it cannot be a fraction of one."""
    if DOTTED_THOUSANDS.fullmatch(written):
        return float(written.replace(".", ""))
    return value


def _shared_scale(doc, first: _Amount, second: _Amount) -> float | None:
    """The first value of a range, with the scale the second one names for both: "3 to 4
    million" -> 3 million (but "300,000 to 4 million" keeps 300,000)."""
    if first.value is None or first.scaled or not second.scaled or first.value >= 1000:
        return first.value
    scale = doc[second.end - 1].lower_
    return first.value * (_SCALES.get(scale) or _SCALE_ABBREVIATIONS[scale])
