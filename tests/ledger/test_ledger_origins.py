from wiredesk.ledger.origins import (
    chain_of,
    circular_chain,
    names_overlap,
    normalise_origin,
    resolve_origins,
)
from wiredesk.records import Claim


def test_normalise_drops_case_articles_possessives_and_conjunct_order():
    assert normalise_origin("The NIS") == normalise_origin("NIS")
    assert normalise_origin("Kestonia’s military") == "kestonia military"
    assert normalise_origin("the dockers' union") == "dockers union"
    assert normalise_origin("Vorna and Tallis") == normalise_origin("Tallis and Vorna")


def test_short_forms_resolve_to_the_one_fuller_name():
    resolved = resolve_origins(
        [
            "Rafael Odum",
            "Odum",
            "U.N. special envoy Rafael Odum",
            "the union",
            "the Saltreach Dockers' Union",
            "union leader Marta Kovanen",
        ]
    )
    assert resolved["odum"] == resolved["rafael odum"] == "un special envoy rafael odum"
    assert resolved["union"] == "saltreach dockers union"


def test_a_short_form_of_two_unrelated_names_stays_apart():
    resolved = resolve_origins(["officials", "U.N. officials", "anonymous Kestonian officials"])
    assert resolved["officials"] == "officials"
    resolved = resolve_origins(["Saltreach", "Saltreach Port Authority", "Saltreach Pilots"])
    assert resolved["saltreach"] == "saltreach"


def test_demonym_and_place_suggest_one_origin_but_generic_words_do_not():
    assert names_overlap("Kestonia's military", "anonymous Kestonian officials")
    assert not names_overlap("the National Guard", "the National Weather Service")
    assert not names_overlap("South Vardia's army", "South Kestonia's navy")


def test_chain_starts_at_the_publisher():
    claim = Claim(source=[], cue=[], content=[], via=["Harbour Gazette", "the governor"])
    assert chain_of(claim, "Daily Ledger") == ["Daily Ledger", "Harbour Gazette", "the governor"]
    own = Claim(source=[], cue=[], content=[], source_name="the mayor")
    assert chain_of(own, "Daily Ledger") == ["Daily Ledger", "the mayor"]


def test_circular_chain_names_where_it_returns():
    assert (
        circular_chain(["Daily Ledger", "Meridian Wire", "the Daily Ledger"]) == "the Daily Ledger"
    )
    assert circular_chain(["Daily Ledger", "Daily Ledger", "the mayor"]) == ""
    assert circular_chain(["Daily Ledger", "Meridian Wire", "the mayor"]) == ""


def test_two_bodies_in_one_town_are_not_flagged():
    assert not names_overlap("Halden General Hospital", "The Halden Courier")
    assert names_overlap("Western and Kestonian intelligence agencies", "some Western officials")
