import math

import pytest

from wiredesk.ledger.intervals import Interval, quantity_interval, same_number
from wiredesk.ledger.words import content_stems, counted_class, counted_thing, stem
from wiredesk.records import Quantity


def quantity(text="", value=None, lower=None, upper=None, approximate=False, counted=""):
    return Quantity(
        text=text,
        value=value,
        lower=lower,
        upper=upper,
        approximate=approximate,
        counted=counted,
    )


def test_exact_value_is_a_point():
    assert quantity_interval(quantity(value=11000)) == Interval(11000, 11000)


def test_lower_bound_is_open_above():
    interval = quantity_interval(quantity(value=10000, lower=10000))
    assert interval == Interval(10000, math.inf)


def test_upper_bound_is_open_below():
    assert quantity_interval(quantity(value=50, upper=50)) == Interval(-math.inf, 50)


def test_range_keeps_both_bounds():
    assert quantity_interval(quantity(lower=300, upper=400)) == Interval(300, 400)


def test_approximate_value_gets_the_stated_tolerance():
    assert quantity_interval(quantity(value=4000, approximate=True)) == Interval(3600, 4400)
    narrow = quantity_interval(quantity(value=4000, approximate=True), tolerance=0.05)
    assert narrow == Interval(3800, 4200)


def test_a_vague_amount_reaches_below_its_least():
    several = quantity_interval(quantity(text="several", lower=3, approximate=True))
    assert several.overlaps(quantity_interval(quantity(value=2)))
    dozens = quantity_interval(quantity(text="dozens", lower=24, approximate=True))
    assert not dozens.overlaps(quantity_interval(quantity(value=3)))


def test_quantity_without_numbers_has_no_interval():
    assert quantity_interval(quantity(text="several")) is None


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        (quantity(lower=10000), quantity(value=11000), True),
        (quantity(lower=40), quantity(value=120), True),
        (quantity(value=40), quantity(value=120), False),
        (quantity(value=350, approximate=True), quantity(value=362), True),
        (quantity(upper=30), quantity(lower=40), False),
    ],
)
def test_overlap(first, second, overlap):
    assert quantity_interval(first).overlaps(quantity_interval(second)) is overlap


def test_same_number_ignores_the_approximate_flag_of_equal_values():
    assert same_number(quantity(value=350, approximate=True), quantity(value=350))
    assert not same_number(quantity(lower=300), quantity(value=350))
    assert same_number(quantity(lower=300), quantity(value=300, lower=300))


def test_stems_meet_across_inflections():
    assert stem("losses") == stem("loss")
    assert stem("engaged") == stem("engage")
    assert stem("Ukraine's") == stem("Ukraine")
    assert stem("casualties") == stem("casualty")


def test_content_stems_drop_function_and_reporting_words():
    assert content_stems("The spokesman said the dam had failed") == ["spokesman", "dam", "fail"]


@pytest.mark.parametrize(
    ("counted", "unit", "thing"),
    [
        ("people killed", "", "dead"),
        ("soldiers killed", "", "dead"),
        ("North Korean soldiers", "", "troops"),
        ("troops", "", "troops"),
        ("dead", "", "dead"),
        ("deaths", "", "dead"),
        ("dockworkers", "", "dockworker"),
        ("", "%", "%"),
        ("", "", ""),
    ],
)
def test_counted_class(counted, unit, thing):
    assert counted_class(counted, unit) == thing


@pytest.mark.parametrize(
    ("counted", "before", "after", "thing"),
    [
        ("people", "that ", " had died", "dead"),
        ("people", "sending water through the villages and killing ", "", "dead"),
        ("", "the agency put the death toll at ", "", "dead"),
        ("people", "about ", " were sleeping in schools", "people"),
        ("people", "more than ", " have fled the fighting", "displaced"),
        ("", "the number of ships waiting had risen to ", "", "vessels"),
        ("", "the minister said the figure was ", "", ""),
        ("dockworkers", "", " were killed", "dockworker"),
        ("block", "a man was shot in the ", " of State Street", ""),  # an address
        # an event word after a coordination is the next count's
        ("persons", "killing ", " and wounding 70 others", "dead"),
    ],
)
def test_counted_thing_reads_the_words_around_a_generic_number(counted, before, after, thing):
    assert counted_thing(counted, "", before, after) == thing
