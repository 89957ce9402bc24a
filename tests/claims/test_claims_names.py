"""Names, types, acronyms and numbers: pure functions, no model."""

from wiredesk.claims.chain import (
    NameBook,
    acronym_definitions,
    acronym_of,
    dedupe_consecutive,
    normalise_name,
    type_of,
)
from wiredesk.claims.quantities import number_value


def test_normalise_name_strips_articles_and_possessive():
    assert normalise_name("the New York Times") == "New York Times"
    assert normalise_name("the agency's") == "agency"
    assert normalise_name("Pyongyang nor Moscow") == "Pyongyang and Moscow"


def test_a_relative_clause_is_no_part_of_a_name():
    name = "Prime Minister Anneke Rossvall, who flew over the valley by helicopter"
    assert normalise_name(name) == "Prime Minister Anneke Rossvall"
    assert normalise_name("officials who spoke on condition of anonymity") == "officials"
    assert normalise_name("the dockers' union, whose members walked out") == "dockers' union"
    assert normalise_name("Whole Foods") == "Whole Foods"


def test_acronym_leaves_out_the_possessor():
    assert acronym_of("South Korea's National Intelligence Service") == "NIS"
    assert acronym_of("the New York Times") == "NYT"
    assert acronym_of("Joint Chiefs of Staff") == "JCS"


def test_acronym_definitions_in_parentheses():
    text = "The Federal Statistics Office (FSO) said on Monday that the FSO had revised it."
    assert acronym_definitions(text) == {"FSO": "The Federal Statistics Office"}


def test_source_types():
    assert type_of("AFP") == "media"
    assert type_of("the newspaper") == "media"
    assert type_of("South Korea's spy agency") == "agency"
    assert type_of("Ukraine's military") == "military"
    assert type_of("anonymous Ukrainian and U.S. officials") == "officials"
    assert type_of("a senior U.S. defense official") == "officials"
    assert type_of("Pentagon spokesman John Kirby", "PERSON") == "named official"
    assert type_of("Ukraine", "GPE") == "government"
    assert type_of("Maria Lopez", "PERSON") == "person"


def test_a_definite_description_refers_to_the_body_named_before():
    book = NameBook("", people=[])
    book.add("The Saltreach Port Authority", 0, "ORG")
    book.add("the Veldorian Finance Ministry", 100, "ORG")
    assert book.resolve("The ministry", 200).text == "the Veldorian Finance Ministry"
    assert book.resolve("the authority", 300).text == "The Saltreach Port Authority"
    book.add("the Coastal Survey Agency", 400, "ORG")
    assert book.resolve("the spy agency", 500).text == "the Coastal Survey Agency"
    # a plural may be any of several bodies; a description nothing named before fits stays
    assert book.resolve("the authorities", 600).text == "the authorities"
    assert book.resolve("the union", 700).text == "the union"


def test_chain_never_repeats_a_link():
    chain = dedupe_consecutive(["Daily Ledger", "the Daily Ledger", "Reuters", "", "reuters"])
    assert chain == ["Daily Ledger", "Reuters"]


def test_number_values():
    assert number_value(["10,000"]) == 10_000
    assert number_value(["2.5", "million"]) == 2_500_000
    assert number_value(["four", "thousand"]) == 4_000
    assert number_value(["forty", "-", "two"]) == 42
    assert number_value(["soldiers"]) is None
