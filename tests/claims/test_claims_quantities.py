"""Quantities with bounds, units and what they count, from sentences written for these tests."""

from __future__ import annotations

import math

import pytest

from wiredesk.claims.quantities import number_value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["three", "dozen"], 36),
        (["a", "dozen"], 12),
        (["two", "hundred", "and", "five"], 205),
        (["1.2", "bn"], 1_200_000_000),
        (["seventy", "-", "five", "thousand"], 75_000),
    ],
)
def test_number_values(words, value):
    assert number_value(words) == value


def the_quantity(text: str, anchor: str):
    """The one quantity of ``text``'s claims whose text holds ``anchor`` first."""
    from wiredesk.claims import extract_claims

    found = [q for c in extract_claims(text) for q in c.quantities if anchor in q.text]
    assert found, [q for c in extract_claims(text) for q in c.quantities]
    return min(found, key=lambda q: q.text.index(anchor))


def bounds(quantity) -> tuple:
    return (quantity.value, quantity.lower, quantity.upper, quantity.approximate)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Organisers said more than 5,000 runners took part.", "5,000", (5000, 5000, None, False)),
        ("The clinic said it treats no fewer than 80 patients a day.", "80", (80, 80, None, False)),
        ("The museum said up to 900 visitors came.", "900", (900, None, 900, False)),
        ("The fire service said almost 70 homes burned.", "70", (70, None, 70, True)),
        ("The club said about 2,500 fans travelled.", "2,500", (2500, None, None, True)),
        ("Aid groups said as many as 600 families were stranded.", "600", (600, None, 600, False)),
        ("The port said 312 ships docked in May.", "312", (312, 312, 312, False)),
    ],
)
def test_bound_words(text, anchor, expected):
    assert bounds(the_quantity(text, anchor)) == expected


@pytest.mark.model
def test_ranges_have_both_bounds_and_no_single_value():
    between = the_quantity("The ministry said between 40 and 60 trucks were seized.", "40")
    assert bounds(between) == (None, 40, 60, False)
    assert between.counted == "trucks" and between.text.startswith("between")
    to = the_quantity("Officials said 200 to 300 workers were laid off.", "200")
    assert (to.lower, to.upper, to.counted) == (200, 300, "workers")
    scaled = the_quantity("The bank said 3 to 4 million accounts were affected.", "3")
    assert (scaled.lower, scaled.upper) == (3_000_000, 4_000_000)


@pytest.mark.model
def test_written_and_vague_amounts():
    dozen = the_quantity("The school said three dozen pupils fell ill.", "dozen")
    assert (dozen.value, dozen.counted) == (36, "pupils")
    half_million = the_quantity("The agency said half a million people lacked water.", "million")
    assert half_million.value == 500_000
    tens = the_quantity("The union said tens of thousands of nurses went on strike.", "tens")
    assert (tens.lower, tens.upper, tens.value, tens.counted) == (20_000, None, None, "nurses")
    hundreds = the_quantity("Rescuers said hundreds of millions of fish died.", "hundreds")
    assert hundreds.lower == 200_000_000 and hundreds.counted == "fish"


@pytest.mark.model
def test_several_with_a_scale_word_is_one_amount():
    from wiredesk.claims import extract_claims

    (claim,) = extract_claims("Officials said several thousand troops crossed the Varn river.")
    (troops,) = claim.quantities
    assert troops.text == "several thousand troops"
    assert (troops.lower, troops.upper, troops.value, troops.approximate) == (
        3000,
        None,
        None,
        True,
    )
    assert troops.counted == "troops"
    dozen = the_quantity("The school said several dozen pupils fell ill.", "several")
    assert (dozen.lower, dozen.counted) == (36, "pupils")


@pytest.mark.model
def test_dots_in_a_count_of_things_separate_thousands():
    trucks = the_quantity("The plant said it built 96.058 trucks last year.", "96")
    assert (trucks.value, trucks.counted) == (96_058, "trucks")
    # A measure or a scaled amount keeps its decimals.
    assert the_quantity("The farm said it sold 2.125 tonnes of wheat.", "2.125").value == 2.125
    assert the_quantity("The firm said 1.250 million cars were sold.", "1.250").value == 1_250_000


@pytest.mark.model
def test_fractions_and_shares():
    two_thirds = the_quantity("The survey said two-thirds of the farms had no insurance.", "two")
    assert two_thirds.unit == "fraction" and math.isclose(two_thirds.value, 2 / 3)
    assert two_thirds.counted == "farms"
    quarter = the_quantity("The council said a quarter of the streets were flooded.", "quarter")
    assert (quarter.value, quarter.lower, quarter.counted) == (0.25, 0.25, "streets")
    share = the_quantity("The poll said 35 percent of the voters were undecided.", "35")
    assert (share.value, share.unit, share.counted) == (35, "percent", "voters")


@pytest.mark.model
def test_units_of_money_and_measure():
    money = the_quantity("The city said the repairs cost €12 million.", "12")
    assert (money.value, money.unit, money.counted) == (12_000_000, "EUR", "")
    spelled = the_quantity("The insurer said it paid 800 dollars per claim.", "800")
    assert (spelled.unit, spelled.counted) == ("USD", "")
    area = the_quantity("Rangers said the blaze destroyed 250 hectares of pine forest.", "250")
    assert (area.unit, area.counted) == ("hectare", "forest")
    distance = the_quantity("The army said the column moved 30 km overnight.", "30")
    assert (distance.unit, distance.counted) == ("kilometre", "")
    # the wire services' abbreviations: an amount of dollars, not 19.4 million loans
    wire = the_quantity("The trust said it will fund a 19.4 mln dlr secured loan.", "19.4")
    assert (wire.value, wire.unit, wire.counted) == (19_400_000, "USD", "")
    sterling = the_quantity("The group said profit rose to 12 mln stg.", "12")
    assert (sterling.unit, sterling.counted) == ("GBP", "")


@pytest.mark.model
def test_words_that_are_not_counts():
    from wiredesk.claims import extract_claims

    claims = extract_claims("The coach said one of the players was injured in 2021.")
    assert [q for c in claims for q in c.quantities] == []


@pytest.mark.model
def test_two_quantities_of_one_noun_phrase():
    text = "The ministry said about 300 of the 1,000 wells were dry."
    part = the_quantity(text, "300")
    whole = the_quantity(text, "1,000")
    assert (part.value, part.approximate, part.counted) == (300, True, "wells")
    assert bounds(whole) == (1000, 1000, 1000, False)


@pytest.mark.model
def test_another_countrys_dollars_and_an_amount_converted_in_brackets():
    from wiredesk.claims import extract_claims

    (deal,) = extract_claims("The board said the deal was worth A$2 billion (US$1.3 billion).")
    assert [(q.text, q.value, q.unit) for q in deal.quantities] == [
        ("A$2 billion", 2_000_000_000, "AUD")
    ]
    (road,) = extract_claims("Engineers said the road is 10 miles (16 km) long.")
    assert [q.text for q in road.quantities] == ["10 miles"]
    # brackets that hold more than an amount are no conversion
    (hurt,) = extract_claims("Medics said 40 people (of 300 guests) were hurt.")
    assert "300 guests" in [q.text for q in hurt.quantities]


def test_a_lone_small_number_taken_for_a_date_is_a_count():
    from spacy.tokens import Span

    from wiredesk.claims.quantities import quantities_in
    from wiredesk.nlp import load_english

    doc = load_english()("The number of people killed had risen to 46 by Friday.")
    at = [t.text for t in doc].index("46")
    friday = [t.text for t in doc].index("Friday")
    # the entity recogniser of some models reads "46" here as a date
    doc.ents = [Span(doc, at, at + 1, label="DATE"), Span(doc, friday, friday + 1, label="DATE")]
    found = quantities_in(doc, list(range(len(doc))))
    assert [q.value for q in found] == [46]
    doc.ents = [Span(doc, at - 1, at + 1, label="DATE")]  # "to 46": more than a lone number
    assert not quantities_in(doc, list(range(len(doc))))
