"""Quantities as intervals, so that "more than 10,000" and "11,000" can be compared.

An open side is unbounded.  An approximate point value ("around 4,000") is widened by a
relative tolerance: news rounds, and "about 350" does not contradict "362".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from wiredesk.records import Quantity

APPROXIMATE_TOLERANCE = 0.1
"""Default relative width of an approximate value: "about 350" covers 315 to 385."""

VAGUE_SLACK = 0.5
"""How far below its least a vague amount may reach: "several" (3 at least) covers two,
"dozens" (24) covers 12 and more; writers use them loosely."""


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval ``[low, high]``; either end may be infinite."""

    low: float
    high: float

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def same_as(self, other: Interval) -> bool:
        return math.isclose(self.low, other.low) and math.isclose(self.high, other.high)


def quantity_interval(
    quantity: Quantity, *, tolerance: float = APPROXIMATE_TOLERANCE
) -> Interval | None:
    """The values ``quantity`` allows, or None when it carries no number at all.

    Bounds win over the point value: "at least 40" (value 40, lower 40) allows 40 and more.
    """
    lower, upper, value = quantity.lower, quantity.upper, quantity.value
    if value is None and upper is None and lower is not None and quantity.approximate:
        return Interval(lower * (1 - VAGUE_SLACK), math.inf)  # "several", "dozens"
    if lower is not None or upper is not None:
        return Interval(
            lower if lower is not None else -math.inf,
            upper if upper is not None else math.inf,
        )
    if value is None:
        return None
    if quantity.approximate:
        spread = abs(value) * tolerance
        return Interval(value - spread, value + spread)
    return Interval(value, value)


def same_number(a: Quantity, b: Quantity, *, tolerance: float = APPROXIMATE_TOLERANCE) -> bool:
    """Whether two quantities state the same number ("about 350" and "350" do)."""
    if a.lower is None and a.upper is None and b.lower is None and b.upper is None:
        return a.value is not None and b.value is not None and math.isclose(a.value, b.value)
    first = quantity_interval(a, tolerance=tolerance)
    second = quantity_interval(b, tolerance=tolerance)
    return first is not None and second is not None and first.same_as(second)


def describe_quantity(quantity: Quantity) -> str:
    """A short label for notes: the quantity's own text, or its numbers."""
    if quantity.text:
        return quantity.text
    interval = quantity_interval(quantity)
    if interval is None:
        return "?"
    if interval.low == interval.high:
        return f"{interval.low:g}"
    return f"{interval.low:g} to {interval.high:g}"
