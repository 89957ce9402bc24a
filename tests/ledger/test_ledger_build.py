from datetime import date

import numpy as np

from wiredesk.ledger import LedgerOptions, build_ledger
from wiredesk.ledger.build import StoryClaim, negation_left_out, one_passage
from wiredesk.ledger.verdicts import compare_entries
from wiredesk.ledger.words import counted_thing
from wiredesk.records import Claim, Document, LedgerEntry, Quantity, Span, Story, Time


def span_of(text: str, fragment: str) -> Span:
    start = text.index(fragment)
    return Span(start, start + len(fragment), fragment)


def claim(text, content, *, source="", via=(), hedge="asserted", polarity="positive", qty=()):
    return Claim(
        source=[span_of(text, source)] if source and source in text else [],
        cue=[],
        content=[span_of(text, content)],
        hedge=hedge,
        polarity=polarity,
        quantities=list(qty),
        via=list(via),
        source_name=source,
    )


def document(doc_id, publisher, sentences, *, day=1, group="", canonical=True):
    """A document whose text is the sentences; ``sentences`` are (content, claim options)."""
    text = " ".join(content for content, _ in sentences)
    doc = Document(
        id=doc_id,
        raw=text,
        text=text,
        publisher=publisher,
        published=date(2026, 3, day),
        dedup_group=group or doc_id,
        canonical=canonical,
    )
    doc.claims = [claim(text, content, **options) for content, options in sentences]
    return doc


def count(value=None, *, lower=None, counted="dead", text=""):
    return Quantity(text=text, value=value, lower=lower, upper=None, counted=counted)


def ledger(docs, options=None):
    story = Story(id="s1", title="", document_ids=[d.id for d in docs])
    return build_ledger(docs, [story], options)


def row_with(rows, document_id, phrase):
    for row in rows:
        for entry in row.entries:
            if entry.document_id == document_id and phrase in entry.content:
                return row
    raise AssertionError(f"no row holds {document_id}: {phrase!r}")


DEATHS_A = "at least 40 people died when the Varna dam collapsed"
DEATHS_B = "120 people died when the Varna dam collapsed"
BRIDGE = "the old railway bridge over the river reopened to freight traffic"


def test_same_numbers_from_two_origins_agree():
    rows = ledger(
        [
            document(
                "a", "Daily Ledger", [(DEATHS_B, {"source": "the police", "qty": [count(120)]})]
            ),
            document(
                "b", "Evening Star", [(DEATHS_B, {"source": "the mayor", "qty": [count(120)]})]
            ),
        ]
    )
    assert len(rows) == 1
    assert rows[0].verdict == "agree"
    assert rows[0].independent_sources == 2


def at_least_40_against(deaths: int):
    """The police's "at least 40 dead" beside the mayor's count of ``deaths``."""
    return ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [(DEATHS_A, {"source": "the police", "qty": [count(40, lower=40)]})],
            ),
            document(
                "b", "Evening Star", [(DEATHS_B, {"source": "the mayor", "qty": [count(deaths)]})]
            ),
        ]
    )


def test_incompatible_numbers_conflict():
    rows = at_least_40_against(20)
    assert rows[0].verdict == "conflict"
    assert any("incompatible numbers (dead)" in note for note in rows[0].notes)


def test_lower_bound_and_a_value_above_it_are_consistent():
    rows = at_least_40_against(120)
    assert rows[0].verdict == "consistent"
    assert any(note.startswith("compatible numbers (dead)") for note in rows[0].notes)


def test_numbers_of_different_things_are_not_compared():
    troops = count(120, counted="soldiers")
    rows = ledger(
        [
            document(
                "a", "Daily Ledger", [(DEATHS_A, {"source": "the police", "qty": [count(40)]})]
            ),
            document("b", "Evening Star", [(DEATHS_B, {"source": "the mayor", "qty": [troops]})]),
        ]
    )
    assert rows[0].verdict == "agree"


def test_part_and_whole_in_one_claim_do_not_conflict_with_the_whole():
    part_whole = "around 4,000 of the 11,000 soldiers sent to Brask were wounded"
    whole = "more than 10,000 soldiers were sent to Brask"
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [
                    (
                        part_whole,
                        {
                            "source": "officials",
                            "qty": [
                                Quantity(
                                    "around 4,000",
                                    4000,
                                    None,
                                    None,
                                    approximate=True,
                                    counted="soldiers",
                                ),
                                Quantity("11,000", 11000, None, None, counted="soldiers"),
                            ],
                        },
                    )
                ],
            ),
            document(
                "b",
                "Evening Star",
                [
                    (
                        whole,
                        {
                            "source": "intelligence agencies",
                            "qty": [count(10000, lower=10000, counted="soldiers")],
                        },
                    )
                ],
            ),
        ],
        LedgerOptions(same_thing_similarity=0.1),
    )
    assert len(rows) == 1
    assert rows[0].verdict == "consistent"


def test_denial_of_the_same_statement_conflicts():
    inspected = "the Varna dam was inspected last spring"
    rows = ledger(
        [
            document("a", "Daily Ledger", [(inspected, {"source": "the water ministry"})]),
            document(
                "b",
                "Evening Star",
                [
                    (
                        inspected,
                        {
                            "source": "the engineers' union",
                            "hedge": "denied",
                            "polarity": "negative",
                        },
                    )
                ],
            ),
        ]
    )
    assert len(rows) == 1
    assert rows[0].verdict == "conflict"
    assert "denied by the engineers' union" in rows[0].notes


def test_a_denial_joins_the_claim_that_holds_what_it_denies():
    accusation = "the rebels of shelling the village of Durn hours after the ceasefire took effect"
    other = "aid convoys reached the town of Marrow Ford on Saturday after the ceasefire"
    denial = {"source": "the rebels", "hedge": "denied", "polarity": "negative"}
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [(accusation, {"source": "the ministry"}), (other, {"source": "aid agencies"})],
            ),
            document("b", "Evening Star", [("shelling Durn", denial)]),
            document("c", "Night Owl", [("it", denial)]),  # names too little to place
        ]
    )
    row = row_with(rows, "b", "shelling Durn")
    assert {e.document_id for e in row.entries} == {"a", "b"}
    assert row.verdict == "conflict"
    assert row_with(rows, "a", "aid convoys") is not row


def test_a_part_of_a_group_is_not_compared_with_the_groups_size():
    def victims(value: int, text: str) -> Quantity:
        return count(value, counted="victims", text=text)

    five = "police said five victims were taken to hospital"
    two = "two of the victims were taken to hospital in critical condition"
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [(five, {"source": "police", "qty": [victims(5, "five victims")]})],
            ),
            document(
                "b",
                "Evening Star",
                [(two, {"source": "the hospital", "qty": [victims(2, "two of the victims")]})],
            ),
        ]
    )
    assert row_with(rows, "a", "five victims") is row_with(rows, "b", "two of the victims")
    assert row_with(rows, "a", "five victims").verdict != "conflict"


def version(
    document_id: str,
    content: str,
    polarity: str = "positive",
    *,
    origin: str = "the spy agency",
    hedge: str = "asserted",
    quantities: list[Quantity] | None = None,
) -> LedgerEntry:
    """One claim of a row, as the verdicts see it."""
    return LedgerEntry(
        document_id=document_id,
        claim_index=0,
        publisher="Daily Ledger",
        source_name=origin,
        origin=origin,
        hedge=hedge,
        polarity=polarity,
        quantities=quantities or [],
        content=content,
    )


def compared(entries: list[LedgerEntry], similarity=None, wording=None, **options):
    """``compare_entries`` of two versions, by default worded as one statement."""
    similarity = np.ones((2, 2)) if similarity is None else similarity
    wording = similarity if wording is None else wording
    return compare_entries(
        entries, similarity, wording, same_statement_similarity=0.5, tolerance=0.1, **options
    )


def test_one_sources_numbers_in_one_article_do_not_conflict_with_each_other():
    by_ambulance = "10 victims were taken to hospitals by ambulance"
    by_car = "6 victims reached hospitals in private cars"

    def entry(document_id: str, origin: str, content: str, victims: int) -> LedgerEntry:
        counted = count(victims, counted="victims", text=f"{victims} victims")
        return version(document_id, content, origin=origin, quantities=[counted])

    one_voice = [
        entry("a", "Daily Ledger", by_ambulance, 10),
        entry("a", "Daily Ledger", by_car, 6),
    ]
    assert not compared(one_voice).incompatible
    two_sources = [entry("a", "the police", by_ambulance, 10), entry("a", "the mayor", by_car, 6)]
    # two sources in one report can still disagree...
    assert "people" in compared(two_sources).incompatible
    # ... on one statement, not by counting different groups
    worded_apart = np.array([[1.0, 0.2], [0.2, 1.0]])
    assert not compared(two_sources, np.ones((2, 2)), worded_apart).incompatible
    two_reports = [
        entry("a", "Daily Ledger", by_ambulance, 10),
        entry("b", "Daily Ledger", by_car, 6),
    ]
    assert "people" in compared(two_reports, np.ones((2, 2)), worded_apart).incompatible


def test_the_outlets_own_figure_beside_a_sources_in_one_article_does_not_conflict():
    def rigs(origin: str, content: str, value: int) -> LedgerEntry:
        counted = count(value, counted="rigs", text=f"{value} working rigs")
        return version("a", content, origin=origin, quantities=[counted])

    source = rigs("the tool company", "the rig count fell to 748 against 1,034 working rigs", 1034)
    outlet = rigs("Daily Ledger", "the rig count in the north fell to 131 working rigs", 131)
    assert not compared([source, outlet]).incompatible
    # in two reports, the outlet's figure is a version like any other
    other_report = rigs("Daily Ledger", outlet.content, 131)
    other_report.document_id = "b"
    assert compared([source, other_report]).incompatible


def test_the_same_words_parsed_two_ways_do_not_oppose():
    said = "she was at the shop while her lawyer was in court, and she never entered the clinic"
    negative = version("a", said, "negative", origin="the gossip site")
    positive = version("b", said.replace(", and", " and"), origin="the gossip site")
    assert not compared([negative, positive]).opposite
    denied = version("a", said, "negative", origin="her lawyer", hedge="denied")
    assert compared([denied, positive]).opposite


def test_only_propositions_oppose():
    withheld = version("a", "the captain's name", "negative", origin="the harbour master")
    given = version("b", "the captain's name was Ilse Varn", origin="the ferry company")
    withheld.proposition = False
    assert not compared([withheld, given]).opposite
    question = version("a", "why the ferry left early", "negative", origin="the harbour master")
    question.proposition = False
    assert not compared([question, version("b", "the ferry left early")]).opposite
    said = version("a", "the ferry did not leave early", "negative", origin="the harbour master")
    assert compared([said, version("b", "the ferry left early")]).opposite


def test_an_additional_group_is_not_the_group_counted_before():
    sold = version(
        "a",
        "the agency sold 8,000 tonnes of barley to the island",
        quantities=[count(8000, counted="tonnes", text="8,000 tonnes of barley")],
    )
    still = version(
        "b",
        "an additional 42,000 tonnes of barley are still available to the island",
        quantities=[count(42000, counted="tonnes", text="42,000 tonnes of barley")],
    )
    assert not compared([sold, still]).incompatible
    again = version(
        "b",
        "the agency sold 42,000 tonnes of barley to the island",
        quantities=[count(42000, counted="tonnes", text="42,000 tonnes of barley")],
    )
    assert compared([sold, again]).incompatible


def test_a_coordination_of_counts_is_one_group_in_parts():
    def caught(document_id: str, *counted: tuple[int, str]) -> LedgerEntry:
        content = f"marines caught {counted[0][1]} at the dock"
        smugglers = [count(value, counted="smugglers", text=text) for value, text in counted]
        return version(document_id, content, quantities=smugglers)

    parts = caught(
        "a", (12, "12 northern and 11 southern smugglers"), (11, "11 southern smugglers")
    )
    assert not compared([parts, caught("b", (23, "23 northern smugglers"))]).incompatible
    assert compared([parts, caught("b", (30, "30 northern smugglers"))]).incompatible


def test_two_sources_each_telling_of_itself_count_different_things():
    def stake(origin: str, content: str, shares: int) -> LedgerEntry:
        counted = count(shares, counted="shares", text=f"{shares:,} shares")
        return version(origin[0], content, origin=origin, quantities=[counted])

    first = stake("Orvel Holdings", "it has acquired 137,900 shares of the brewer", 137_900)
    second = stake("Brix Capital", "it raised its holding in the brewer to 260,000 shares", 260_000)
    assert not compared([first, second]).incompatible
    # a source telling of someone else is a version like any other
    told = stake(
        "Brix Capital", "Orvel raised its holding in the brewer to 260,000 shares", 260_000
    )
    assert compared([first, told]).incompatible
    # a company's progressive "it is offering" tells of itself too
    offering = stake("Brix Capital", "it is offering 260,000 shares of preferred stock", 260_000)
    assert not compared([first, offering]).incompatible
    # two residents' "I" are two people
    likes = version("a", '"I like living by the river,"', origin="Ines Varga")
    dislikes = version("b", '"I do not like living by the river,"', "negative", origin="Tom Hale")
    assert not compared([likes, dislikes]).opposite
    about_her = version("b", "she does not like living by the river", "negative", origin="Tom Hale")
    assert compared([likes, about_her]).opposite


def test_a_negative_sentence_relayed_by_both_versions_is_not_unsaid():
    quoted = version("a", "'I don't want any trouble. I lost my keys.'", "negative", origin="Ivo")
    relayed = version("b", "Ivo told the clerk: 'I don't want any trouble", origin="the police")
    assert not compared([quoted, relayed]).opposite
    # a version that unsays it differs at the negation
    said = version("b", "Ivo said he wanted trouble at the shop", origin="the police")
    assert compared([quoted, said]).opposite


def test_a_count_that_also_happened_is_another_group():
    def dead(content: str, value: int, text: str) -> LedgerEntry:
        counted = count(value, counted="officers", text=text)
        return version(content[:4], content, quantities=[counted])

    five = dead("five officers were killed in the ambush", 5, "five officers")
    also = dead("four city officers also died of their wounds", 4, "four city officers")
    assert not compared([five, also]).incompatible
    died = dead("four city officers died of their wounds", 4, "four city officers")
    assert compared([five, died]).incompatible


def test_a_target_is_no_version_of_a_count():
    def output(content: str, value: float, text: str, origin: str) -> LedgerEntry:
        counted = count(value, counted="tonnes", text=text)
        return version("a", content, origin=origin, quantities=[counted])

    target = output(
        "the island will try to raise sugar output to 2.4 mln tonnes next year",
        2_400_000,
        "2.4 mln tonnes",
        "the farm minister",
    )
    actual = output("sugar output was 1.8 mln tonnes", 1_800_000, "1.8 mln tonnes", "the embassy")
    assert not compared([target, actual]).incompatible
    forecast = output(
        "sugar output is expected to reach 2.0 mln tonnes next year",
        2_000_000,
        "2.0 mln tonnes",
        "the embassy",
    )
    assert compared([target, forecast]).incompatible
    # what a source expects or aims to do, as its claim's infinitive, looks ahead too
    expected = output(
        "to raise sugar output to 2.4 mln tonnes", 2_400_000, "2.4 mln tonnes", "the mill"
    )
    assert not compared([expected, actual]).incompatible
    claimed = output(
        "to have raised output to 2.4 mln tonnes", 2_400_000, "2.4 mln tonnes", "the mill"
    )
    assert compared([claimed, actual]).incompatible


def test_reports_that_name_nothing_in_common_are_not_compared():
    def report(doc_id: str, entities: list[str], toll: int) -> Document:
        doc = document(doc_id, "Daily Ledger", [(DEATHS_B, {"qty": [count(toll)]})])
        doc.entities = entities
        return doc

    apart = ledger([report("a", ["varna", "march"], 120), report("b", ["osterby", "march"], 40)])
    assert all(row.verdict != "conflict" for row in apart)
    shared = ledger([report("a", ["varna", "march"], 120), report("b", ["varna"], 40)])
    assert any(row.verdict == "conflict" for row in shared)
    unnamed = ledger([report("a", ["varna"], 120), report("b", [], 40)])
    assert any(row.verdict == "conflict" for row in unnamed)


def test_a_name_common_in_the_run_is_not_shared_by_two_reports():
    def report(doc_id: str, entities: list[str], toll: int) -> Document:
        doc = document(doc_id, "Daily Ledger", [(DEATHS_B, {"qty": [count(toll)]})])
        doc.entities = entities
        return doc

    pair = [report("a", ["treasury", "varna"], 120), report("b", ["treasury", "osterby"], 40)]
    # "treasury" is named in five other stories of the run as well
    others = [report(f"o{n}", ["treasury"], 7) for n in range(5)]
    stories = [Story(id="s1", title="", document_ids=["a", "b"])] + [
        Story(id=f"s{n + 2}", title="", document_ids=[f"o{n}"]) for n in range(5)
    ]
    rows = build_ledger(pair + others, stories)
    assert all(row.verdict != "conflict" for row in rows)
    rare = build_ledger(pair + others, stories, LedgerOptions(common_name_least=7))
    assert any(row.verdict == "conflict" for row in rare)


def test_undated_reports_whose_datelines_are_years_apart_are_not_compared():
    def report(doc_id: str, dateline: str, toll: int) -> Document:
        doc = document(doc_id, "Daily Ledger", [(DEATHS_B, {"qty": [count(toll)]})])
        doc.title, doc.published, doc.entities = dateline, None, ["varna"]
        return doc

    years_apart = ledger(
        [report("a", "November 27, 2005", 120), report("b", "September 10, 2008", 40)]
    )
    assert all(row.verdict != "conflict" for row in years_apart)
    same_week = ledger(
        [report("a", "November 27, 2005", 120), report("b", "November 28, 2005", 40)]
    )
    assert any(row.verdict == "conflict" for row in same_week)


def test_a_claim_nested_in_another_of_its_document_does_not_oppose_it():
    inner = "one reason may be the many casualties"
    outer = f"the brigade has not engaged in combat since January, and {inner}"
    # the texts count as one statement: only nesting may tell
    assert not compared([version("a", outer, "negative"), version("a", inner)]).opposite
    # in another report, the negation falls on the combat, which the inner claim leaves alone
    assert not compared([version("a", outer, "negative"), version("b", inner)]).opposite
    fought = version("b", "the brigade has engaged in combat since January")
    assert compared([version("a", outer, "negative"), fought]).opposite


def test_a_negative_quote_reported_inside_another_report_does_not_oppose_it():
    quoted = "I don’t want to hurt you"  # typographic apostrophe in one report only
    reported = version("b", "the gunman told the driver: 'I don't want to hurt you'")
    assert not compared([version("a", quoted, "negative"), reported]).opposite
    denial = version("a", "the gunman told the driver", "negative", hedge="denied")
    assert compared([denial, reported]).opposite  # a denial's negation is its cue's


def test_one_sources_negative_and_positive_sentences_in_one_article_do_not_oppose():
    monday = version("a", "he deserved what happened on Monday", origin="the pastor")
    deserved = "no one deserved what happened"
    assert not compared([monday, version("a", deserved, "negative", origin="the pastor")]).opposite
    assert compared([monday, version("b", deserved, "negative", origin="the pastor")]).opposite


def test_amounts_in_units_conflict_only_between_versions_of_one_statement():
    def share(document_id: str, content: str, percent: int) -> LedgerEntry:
        amount = Quantity(f"{percent} percent", percent, None, None, unit="percent", counted="")
        return version(document_id, content, origin=f"Paper {document_id}", quantities=[amount])

    bonus_only = np.array([[1.0, 0.6], [0.6, 1.0]])  # close only by the shared unit's bonus
    worded_apart = np.array([[1.0, 0.1], [0.1, 1.0]])
    poll = share("a", "the mayor leads with 36 percent support", 36)
    turnout = share("b", "turnout reached 48 percent in the east", 48)
    assert not compared([poll, turnout], bonus_only, worded_apart).incompatible
    other_poll = share("b", "the mayor leads with 48 percent support", 48)
    assert "percent" in compared([poll, other_poll]).incompatible


def combat_status_rows():
    """A negated statement and a positive one about a related event (the seeds' combat status)."""
    return ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [
                    (
                        "the brigade has not engaged in combat on the Brask front since January",
                        {"source": "the spy agency", "polarity": "negative"},
                    )
                ],
            ),
            document(
                "b",
                "Evening Star",
                [
                    (
                        "the brigade was withdrawn from the Brask front after heavy losses",
                        {"source": "the army"},
                    )
                ],
            ),
        ],
        LedgerOptions(same_thing_similarity=0.1),
    )


def test_negative_and_positive_versions_of_a_related_event_do_not_conflict():
    rows = combat_status_rows()
    assert len(rows) == 1
    assert rows[0].verdict == "agree"


def test_one_origin_is_single_source():
    rows = ledger(
        [
            document(
                "a", "Daily Ledger", [(DEATHS_B, {"source": "the police", "qty": [count(120)]})]
            ),
            document(
                "b", "Evening Star", [(DEATHS_B, {"source": "The Police", "qty": [count(120)]})]
            ),
        ]
    )
    assert rows[0].verdict == "single-source"
    assert rows[0].independent_sources == 1


def test_copies_are_listed_but_counted_once():
    wire = document(
        "w", "Meridian Wire", [(DEATHS_B, {"source": "the police", "qty": [count(120)]})], group="g"
    )
    reprint = document("r", "Coastal Times", [], group="g", canonical=False, day=2)
    other = document(
        "o", "Evening Star", [(DEATHS_B, {"source": "the mayor", "qty": [count(120)]})]
    )
    rows = ledger([wire, reprint, other])
    row = rows[0]
    assert {e.publisher for e in row.entries} == {"Meridian Wire", "Coastal Times", "Evening Star"}
    copy = next(e for e in row.entries if e.document_id == "r")
    assert copy.copy_of == "w"
    assert copy.via[:2] == ["Coastal Times", "Meridian Wire"]
    assert row.independent_sources == 2
    assert any("Coastal Times" in note and "counted once" in note for note in row.notes)


def test_a_copy_alone_in_the_story_brings_its_canonical_claims():
    wire = document("w", "Meridian Wire", [(BRIDGE, {})], group="g")
    reprint = document("r", "Coastal Times", [], group="g", canonical=False)
    story = Story(id="s1", title="", document_ids=["r"])
    rows = build_ledger([wire, reprint], [story])
    assert [(e.document_id, e.publisher) for e in rows[0].entries] == [
        ("w", "Meridian Wire"),
        ("r", "Coastal Times"),
    ]


def test_chains_ending_in_one_origin_count_once():
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [
                    (
                        DEATHS_B,
                        {
                            "source": "the Harbour Gazette",
                            "via": ["Daily Ledger", "Harbour Gazette", "the regional governor"],
                            "qty": [count(120)],
                        },
                    )
                ],
            ),
            document(
                "b",
                "Evening Star",
                [
                    (
                        DEATHS_B,
                        {
                            "source": "the governor's office",
                            "via": ["Evening Star", "Regional Governor"],
                            "qty": [count(120)],
                        },
                    )
                ],
            ),
            document(
                "c",
                "Morning Post",
                [(DEATHS_B, {"source": "a hospital doctor", "qty": [count(120)]})],
            ),
        ]
    )
    assert rows[0].independent_sources == 2
    assert rows[0].verdict == "agree"


def test_unattributed_claims_come_from_the_outlet():
    rows = ledger(
        [
            document("a", "Daily Ledger", [(BRIDGE, {})]),
            document("b", "Daily Ledger", [(BRIDGE, {})], day=2),
        ]
    )
    assert rows[0].independent_sources == 1
    assert rows[0].entries[0].origin == "Daily Ledger"
    assert rows[0].verdict == "single-source"


def test_origins_sharing_a_country_word_are_flagged():
    withdrawn = "the brigade was withdrawn from the Brask front after heavy losses"
    rows = ledger(
        [
            document("a", "Daily Ledger", [(withdrawn, {"source": "Kestonia's military"})]),
            document(
                "b", "Evening Star", [(withdrawn, {"source": "anonymous Kestonian officials"})]
            ),
        ]
    )
    assert rows[0].independent_sources == 2
    assert (
        "possibly one origin: Kestonia's military, anonymous Kestonian officials" in rows[0].notes
    )


def test_circular_reporting_is_flagged():
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [
                    (
                        BRIDGE,
                        {
                            "source": "Harbour Gazette",
                            "via": ["Daily Ledger", "Harbour Gazette", "Daily Ledger"],
                        },
                    )
                ],
            ),
        ]
    )
    assert any(note.startswith("circular reporting") for note in rows[0].notes)


def bridge_reports(second_publisher: str, second_via: list[str]):
    """The Daily Ledger citing the Harbour Gazette, and a second report of the same claim."""
    gazette = {"source": "Harbour Gazette", "via": ["Daily Ledger", "Harbour Gazette"]}
    second = {"source": second_via[-1], "via": second_via}
    return ledger(
        [
            document("a", "Daily Ledger", [(BRIDGE, gazette)]),
            document("b", second_publisher, [(BRIDGE, second)]),
        ]
    )


def test_reports_citing_each_other_are_flagged_as_circular():
    rows = bridge_reports("Harbour Gazette", ["Harbour Gazette", "Daily Ledger"])
    assert len(rows) == 1
    note = "circular reporting: Daily Ledger <- Harbour Gazette <- Daily Ledger across reports"
    assert note in rows[0].notes


def test_a_chain_that_only_passes_a_claim_on_is_not_circular():
    rows = bridge_reports("Evening Star", ["Evening Star", "Daily Ledger"])
    assert not any(note.startswith("circular") for note in rows[0].notes)


def test_first_report_is_noted():
    rows = ledger(
        [
            document("b", "Evening Star", [(BRIDGE, {"source": "the port"})], day=4),
            document("a", "Daily Ledger", [(BRIDGE, {"source": "the rail operator"})], day=2),
        ]
    )
    assert "first reported by Daily Ledger on 2026-03-02" in rows[0].notes
    assert [e.document_id for e in rows[0].entries] == ["a", "b"]


def test_claims_about_different_things_form_different_rows():
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [
                    (DEATHS_A, {"source": "the police", "qty": [count(40, lower=40)]}),
                    (BRIDGE, {"source": "the rail operator"}),
                    (
                        "rescuers searched flooded villages downstream of Varna through the night",
                        {},
                    ),
                ],
            ),
            document(
                "b",
                "Evening Star",
                [
                    ("the freight bridge over the river has reopened", {"source": "the port"}),
                    (DEATHS_B, {"source": "the mayor", "qty": [count(120)]}),
                ],
            ),
        ]
    )
    assert row_with(rows, "a", "40 people") is row_with(rows, "b", "120 people")
    assert row_with(rows, "a", "railway bridge") is row_with(rows, "b", "freight bridge")
    assert row_with(rows, "a", "railway bridge") is not row_with(rows, "a", "40 people")
    assert row_with(rows, "a", "rescuers") is not row_with(rows, "a", "40 people")
    assert len(rows) == 3


def test_topic_names_the_shared_distinctive_words():
    rows = ledger(
        [
            document("a", "Daily Ledger", [(DEATHS_A, {"source": "the police"}), (BRIDGE, {})]),
            document("b", "Evening Star", [(DEATHS_B, {"source": "the mayor"})]),
        ]
    )
    deaths = row_with(rows, "b", "120 people")
    assert set(deaths.topic.split()) <= {"people", "died", "Varna", "dam", "collapsed"}
    assert len(deaths.topic.split()) == 3


def test_dropped_documents_and_empty_stories_give_no_rows():
    doc = document("a", "Daily Ledger", [(BRIDGE, {})])
    doc.skip_reason = "clean: empty"
    assert ledger([doc]) == []
    assert build_ledger([], []) == []


def test_counts_of_people_alone_do_not_pull_claims_into_one_row():
    sheltered = "about 2,000 people were sleeping in schools and sports halls in Halden"
    searching = "rescuers were still looking for more than 50 people near the quarry"
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [
                    (
                        sheltered,
                        {"source": "the relief society", "qty": [count(2000, counted="people")]},
                    )
                ],
            ),
            document(
                "b",
                "Evening Star",
                [
                    (
                        searching,
                        {"source": "the minister", "qty": [count(50, lower=50, counted="people")]},
                    )
                ],
            ),
        ]
    )
    assert len(rows) == 2


def test_counts_of_the_same_dead_share_a_row_despite_different_words():
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [
                    (
                        "51 bodies had been recovered from the mud",
                        {
                            "source": "the agency",
                            "qty": [count(51, counted="bodies", text="51 bodies")],
                        },
                    )
                ],
            ),
            document(
                "b",
                "Evening Star",
                [
                    (
                        "that 120 people had died",
                        {
                            "source": "a hospital director",
                            "qty": [count(120, counted="people", text="120 people")],
                        },
                    )
                ],
            ),
        ]
    )
    assert len(rows) == 1
    assert rows[0].verdict == "conflict"


def test_short_and_full_names_of_one_origin_count_once():
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [(DEATHS_B, {"source": "U.N. envoy Rafael Odum", "qty": [count(120)]})],
            ),
            document("b", "Evening Star", [(DEATHS_B, {"source": "Odum", "qty": [count(120)]})]),
        ]
    )
    assert rows[0].independent_sources == 1


def test_negative_and_positive_versions_that_do_not_clash_are_noted():
    rows = combat_status_rows()
    assert "negative and positive versions of different statements" in rows[0].notes


def test_a_relay_of_another_versions_origin_is_not_a_further_origin():
    relayed = "the brigade was withdrawn from the Brask front after heavy losses"
    rows = ledger(
        [
            document(
                "a",
                "Daily Ledger",
                [
                    (
                        relayed,
                        {
                            "source": "the Harbour Gazette",
                            "via": ["Daily Ledger", "Harbour Gazette"],
                        },
                    ),
                    (
                        relayed,
                        {
                            "source": "army officers",
                            "via": ["Daily Ledger", "Harbour Gazette", "army officers"],
                        },
                    ),
                ],
            ),
        ]
    )
    assert len(rows) == 1
    assert rows[0].independent_sources == 1
    assert rows[0].verdict == "single-source"


def test_one_statement_on_days_that_do_not_meet_conflicts():
    def entry(document_id: str, origin: str, content: str, time: Time) -> LedgerEntry:
        return LedgerEntry(
            document_id=document_id,
            claim_index=0,
            publisher=origin,
            source_name=origin,
            origin=origin,
            hedge="asserted",
            polarity="positive",
            quantities=[],
            content=content,
            times=[time],
        )

    tuesday = Time("on Tuesday", "2026-03-03", "2026-03-03", resolved=True)
    thursday = Time("on Thursday", "2026-03-05", "2026-03-05", resolved=True)
    this_week = Time("this week", "2026-03-02", "2026-03-08", resolved=True)
    said_monday = Time("on Monday", "2026-03-02", "2026-03-02", resolved=True)
    dam = "the Varna dam gave way {}"
    similar = np.ones((2, 2))

    def compared(first: LedgerEntry, second: LedgerEntry):
        return compare_entries(
            [first, second], similar, similar, same_statement_similarity=0.5, tolerance=0.1
        )

    clash = compared(
        entry("a", "Daily Ledger", dam.format("on Tuesday"), tuesday),
        entry("b", "Evening Star", dam.format("on Thursday"), thursday),
    )
    assert clash.conflict and clash.other_dates[0].startswith("incompatible dates: on Tuesday")
    within = compared(
        entry("a", "Daily Ledger", dam.format("on Tuesday"), tuesday),
        entry("b", "Evening Star", dam.format("this week"), this_week),
    )
    assert not within.conflict
    # a time of the report ("the ministry said on Monday") is not the statement's
    reported = compared(
        entry("a", "Daily Ledger", dam.format("on Tuesday"), tuesday),
        entry("b", "Evening Star", dam.format(""), said_monday),
    )
    assert not reported.conflict


def test_counting_the_same_thing_does_not_make_opposite_sentences_one_statement():
    delegates = [count(2383, counted="delegates", text="2,383 delegates")]
    neither = version(
        "a",
        "neither candidate will reach the 2,383 delegates needed at the convention",
        "negative",
        origin="the senator",
        quantities=delegates,
    )
    needs = version(
        "b",
        "a candidate needs 2,383 delegates to win",
        origin="Daily Ledger",
        quantities=delegates,
    )
    bonus_only = np.array([[1.0, 0.6], [0.6, 1.0]])  # close only by the shared count's bonus
    worded_apart = np.array([[1.0, 0.2], [0.2, 1.0]])
    assert not compared([neither, needs], bonus_only, worded_apart).opposite
    # worded as one statement, a negation still opposes
    assert compared([neither, needs]).opposite


def test_one_passage_read_twice_does_not_contradict_itself():
    text = (
        "No charges are expected to be filed in the shooting, the police department said."
        " Ward is a careful driver."
    )
    quoted = claim(
        text,
        "No charges are expected to be filed in the shooting",
        source="the police department",
        polarity="negative",
    )
    hedged = claim(
        text, "charges are expected to be filed in the shooting, the police", hedge="probable"
    )
    doc = Document(
        id="d", raw=text, text=text, publisher="Daily Ledger", published=date(2026, 3, 1)
    )
    doc.claims = [quoted, hedged]
    rows = ledger([doc], LedgerOptions(same_thing_similarity=0.0))
    assert all(row.verdict != "conflict" for row in rows)
    assert one_passage([StoryClaim(doc, 0, quoted), StoryClaim(doc, 1, hedged)])[0, 1]


def test_a_quote_from_a_copy_damaged_in_scanning_is_the_same_quote():
    said = '"There was no demand from holders, so the managers made no approach to us,"'
    damaged = '"There was ne demand from holders, so the managers made n approach to ns,"'
    clean = version("a", said, "negative", origin="the official")
    scanned = version("b", damaged, origin="the official")
    assert not compared([clean, scanned]).opposite
    unsaid = version("b", '"There was demand from holders, so the managers made an approach,"')
    assert compared([clean, unsaid]).opposite


def test_numbers_of_different_groups_do_not_clash():
    def poll(document_id: str, text: str, value: int, counted: str) -> LedgerEntry:
        share = Quantity(text, value, None, None, unit="percent", counted=counted)
        return version(document_id, f"{text} backed the governor", quantities=[share])

    republicans = poll("a", "28 percent of likely Republican caucusgoers", 28, "caucusgoers")
    democrats = poll("b", "45 percent of likely Democratic caucusgoers", 45, "caucusgoers")
    assert not compared([republicans, democrats]).incompatible
    more = version(
        "b",
        "four more people were shot",
        quantities=[count(4, text="four more people", counted="people")],
    )
    five = version(
        "a", "five people were shot", quantities=[count(5, text="five people", counted="people")]
    )
    assert not compared([five, more]).incompatible
    # a group named more closely may still be the same group, and its number still counts
    soldiers = count(11000, counted="soldiers", text="11,000 North Korean soldiers")
    troops = count(None, lower=10000, counted="troops", text="more than 10,000 troops")
    fits = compared(
        [
            version("a", "sent soldiers", quantities=[soldiers]),
            version("b", "sent troops", quantities=[troops]),
        ]
    )
    assert not fits.incompatible and "troops" in fits.compatible
    fewer = count(9000, counted="soldiers", text="9,000 soldiers")
    assert (
        "troops"
        in compared(
            [
                version("a", "sent soldiers", quantities=[fewer]),
                version("b", "sent troops", quantities=[troops]),
            ]
        ).incompatible
    )


def test_numbers_of_days_that_do_not_meet_count_different_things():
    def wounded(document_id: str, value: int, day: Time) -> LedgerEntry:
        counted = count(value, counted="people", text=f"{value} people")
        entry = version(
            document_id, f"{value} people were wounded {day.text}", quantities=[counted]
        )
        entry.times = [day]
        return entry

    sunday = Time("on Sunday", "2026-03-01", "2026-03-01", resolved=True)
    tuesday = Time("on Tuesday", "2026-03-03", "2026-03-03", resolved=True)
    apart = np.array([[1.0, 0.3], [0.3, 1.0]])
    assert not compared([wounded("a", 4, sunday), wounded("b", 6, tuesday)], apart).conflict
    assert compared([wounded("a", 4, sunday), wounded("b", 6, sunday)], apart).incompatible


def test_undated_counts_of_reports_weeks_apart_are_different_moments():
    def candidates(document_id: str, value: int, published: date) -> LedgerEntry:
        counted = count(value, counted="candidates", text=f"{value} candidates")
        entry = version(document_id, f"{value} candidates remain in the race", quantities=[counted])
        entry.published = published
        return entry

    december = candidates("a", 13, date(2025, 12, 15))
    assert not compared([december, candidates("b", 11, date(2026, 2, 3))]).conflict
    assert compared([december, candidates("b", 11, date(2025, 12, 18))]).incompatible
    # a report's own date for what it counts is no sign of another moment: the troops sent
    # "late last year" are the troops an undated report of the same week counts
    sent = version(
        "b",
        "9,000 soldiers were sent late last year",
        quantities=[count(9000, counted="soldiers", text="9,000 soldiers")],
    )
    sent.published = date(2026, 2, 11)
    sent.times = [Time("late last year", "2025-09-01", "2025-12-31", resolved=True)]
    undated = version(
        "a",
        "more than 10,000 soldiers were sent",
        quantities=[count(None, lower=10000, counted="soldiers", text="more than 10,000 soldiers")],
    )
    undated.published = date(2026, 2, 11)
    assert compared([undated, sent]).incompatible


def test_a_number_that_modifies_a_noun_and_a_list_of_shares_are_not_counts():
    def streak(document_id: str, games: int) -> LedgerEntry:
        modifier = count(games, counted="game", text=f"{games}-game")
        return version(document_id, f"the team's {games}-game losing streak", quantities=[modifier])

    assert not compared([streak("a", 6), streak("b", 3)]).incompatible
    shares = [Quantity(f"{p} percent", p, None, None, unit="percent") for p in (28, 23)]
    listed = version("a", "28 percent backed Ward and 23 percent backed Lind", quantities=shares)
    single = version(
        "b",
        "42 percent backed Lind",
        quantities=[Quantity("42 percent", 42, None, None, unit="percent")],
    )
    assert not compared([listed, single]).incompatible


def test_digits_after_a_name_count_nothing():
    def index(document_id: str, content: str, text: str, value: int) -> LedgerEntry:
        number = Quantity(text, value, None, None, counted="index")
        return version(document_id, content, quantities=[number])

    hundred = index("a", "at noon the FTSE 100 index was down 8 points", "100 index", 100)
    ten = index("b", "at noon the fhe FTSE 10.0 index was down", "10.0 index", 10)
    assert not compared([hundred, ten]).incompatible
    # a month before a count is no name
    march = version(
        "a", "In March 12 people died", quantities=[count(12, counted="people", text="12 people")]
    )
    more = version(
        "b", "In March 15 people died", quantities=[count(15, counted="people", text="15 people")]
    )
    assert compared([march, more]).incompatible


def test_what_a_count_of_people_counts():
    assert counted_thing("men", "", "", "were killed in the attack") == "dead"
    assert counted_thing("men", "", "", "were wounded in the attack") == "injured"
    assert counted_thing("gunshot wounds", "", "the younger man suffered", "") == "wounds"
    assert counted_thing("m.", "", "at about", "") == ""
    # what happened to another subject, in the clause before, is not what these men suffered
    assert counted_thing("men", "", "a receptionist died and", "underwent surgery") == "people"
    assert counted_thing("people", "", "the storm killed", "in the valley") == "dead"
    # a table's label after a figure is not what the figure counts
    assert counted_thing("Note", "", "revenue 167.7 mln vs", ": figures restated") == ""
    assert counted_thing("ferries", "", "", ": two left port") == "ferry"


def test_counts_about_different_places_or_parties_do_not_clash():
    def rigs(document_id: str, content: str, value: int) -> LedgerEntry:
        counted = count(value, counted="rigs", text=f"{value} working rigs")
        return version(document_id, content, origin=f"Paper {document_id}", quantities=[counted])

    canada = rigs("a", "in Canada the count fell to 131 working rigs", 131)
    texas = rigs("b", "the count in Texas fell to 748 working rigs", 748)
    assert not compared([canada, texas]).incompatible
    # a version that names no place may be about either, and still clashes
    unnamed = rigs("b", "the count fell to 748 working rigs", 748)
    assert "rig" in compared([canada, unnamed]).incompatible
    # "Russia" and "Russian" name one party
    russian = rigs("b", "the Russian count fell to 748 working rigs", 748)
    in_russia = rigs("a", "the count in Russia fell to 131 working rigs", 131)
    assert "rig" in compared([in_russia, russian]).incompatible


def test_dates_conflict_only_between_versions_worded_as_one_statement():
    def amount(document_id: str, content: str, time: Time) -> LedgerEntry:
        entry = version(document_id, content, origin=f"Paper {document_id}")
        entry.times = [time]
        return entry

    in_1985 = Time("in 1985", "1985-01-01", "1985-12-31", resolved=True)
    in_1986 = Time("since early 1986", "1986-01-01", None, resolved=True)
    record = amount("a", "the deficit reached a record 13.6 billion dollars in 1985", in_1985)
    inflow = amount("b", "almost 10 billion dollars had entered since early 1986", in_1986)
    bonus_only = np.array([[1.0, 0.6], [0.6, 1.0]])
    worded_apart = np.array([[1.0, 0.2], [0.2, 1.0]])
    assert not compared([record, inflow], bonus_only, worded_apart).other_dates


def test_reports_whose_leads_name_nothing_in_common_are_not_compared():
    def report(doc_id: str, lead: str, toll: int) -> Document:
        deaths = f"{toll} people died when the dam collapsed"
        doc = document(doc_id, "Daily Ledger", [(deaths, {"qty": [count(toll)]})])
        doc.title, doc.entities = lead, ["harbour"]
        return doc

    apart = ledger(
        [
            report("a", "OSLO - Varna Shipping said its trade surplus narrowed", 120),
            report("b", "OSLO - Kettle Mills said its trade surplus widened", 40),
        ]
    )
    assert all(row.verdict != "conflict" for row in apart)  # the dateline names neither
    shared = ledger(
        [
            report("a", "Storm floods Varna harbour", 120),
            report("b", "Varna counts its dead", 40),
        ]
    )
    assert any(row.verdict == "conflict" for row in shared)


def test_a_window_a_margin_and_a_mean_are_no_counts():
    def games(content: str, value: float, text: str) -> LedgerEntry:
        counted = count(value, counted="games", text=text)
        return version(content, content, quantities=[counted])

    played = games("the Otters have played 23 games this season", 23, "23 games")
    for content, value, text in [
        ("the Otters lost eight of their last 10 games", 10, "10 games"),
        ("the Otters have averaged 12.5 games a season", 12.5, "12.5 games"),
        ("the Otters lead the Herons by 4 games", 4, "4 games"),
    ]:
        assert not compared([played, games(content, value, text)]).incompatible, content
    assert compared([played, games("the Otters have played 20 games", 20, "20 games")]).incompatible
    # "by" without a verb of change or comparison before it counts what it names
    shot = version("a", "the guard was shot by two men", quantities=[count(2, text="two men")])
    three = version("b", "the guard was shot by three men", quantities=[count(3, text="three men")])
    assert compared([shot, three]).incompatible


def test_a_name_that_opens_a_sentence_is_a_subject():
    def rebounds(document_id: str, content: str, value: int) -> LedgerEntry:
        counted = count(value, counted="rebounds", text=f"{value} rebounds")
        return version(document_id, content, quantities=[counted])

    first = rebounds("a", "Okafor finished with 9 rebounds for the Otters", 9)
    second = rebounds("b", "Brandvold had 12 rebounds for the Herons", 12)
    words = {"a": frozenset({"finished", "with", "for"}), "b": frozenset({"had", "for"})}
    assert not compared([first, second], report_words=words).incompatible
    # a capitalised first word the report also writes in lower case names no one
    police = rebounds("b", "Officials counted 12 rebounds for the Otters", 12)
    lower = {"a": words["a"], "b": frozenset({"officials", "counted", "for"})}
    assert compared([first, police], report_words=lower).incompatible


def test_a_content_that_left_its_negation_out_opposes_nothing():
    cut = "No one was hurt in the fire on Friday while two children were inside, he said."
    whole = "No one was hurt in the fire, set on Friday while two children were inside."
    docs = [
        document("a", "Daily Ledger", [(cut, {"source": "the fire chief"})]),
        document("b", "Evening Post", [(whole, {"source": "a neighbour", "polarity": "negative"})]),
    ]
    # the parse of "a" kept only what follows the negation
    kept = "in the fire on Friday while two children were inside"
    docs[0].claims[0].content = [span_of(cut, kept)]
    docs[1].claims[0].content = [span_of(whole, whole[:-1])]
    assert not negation_left_out(docs[0].claims[0], docs[0].text)  # no sentence to read
    for doc in docs:
        doc.claims[0].sentence = Span(0, len(doc.text), doc.text)
    assert negation_left_out(docs[0].claims[0], docs[0].text)
    assert all(row.verdict != "conflict" for row in ledger(docs))


def test_reports_counting_one_kind_of_thing_conflict_only_when_they_tell_the_same_of_it():
    def touchdowns(document_id: str, content: str, value: int, text: str) -> LedgerEntry:
        counted = count(value, counted="touchdowns", text=text)
        return version(document_id, content, origin=f"Paper {document_id}", quantities=[counted])

    worded_apart = np.array([[1.0, 0.2], [0.2, 1.0]])
    bonus_only = np.array([[1.0, 0.6], [0.6, 1.0]])
    season = touchdowns(
        "a", "he ended with 404 yards and two touchdowns on 106 carries", 2, "two touchdowns"
    )
    rookie = touchdowns(
        "b", "the rookie had 716 yards rushing and five touchdowns", 5, "five touchdowns"
    )
    assert not compared([season, rookie], bonus_only, worded_apart).incompatible
    # "scored" next to both numbers: the reports tell one thing of what they count
    scored = touchdowns("a", "the receiver scored two touchdowns in the final", 2, "two touchdowns")
    scored_too = touchdowns("b", "he scored five touchdowns in the final", 5, "five touchdowns")
    assert "touchdown" in compared([scored, scored_too], bonus_only, worded_apart).incompatible
    # a predicate class joins synonyms ("sent" and "deployed"), a name joins nothing
    sent = touchdowns("a", "the team sent two touchdowns of Acme", 2, "two touchdowns")
    deployed = touchdowns("b", "the club deployed five touchdowns", 5, "five touchdowns")
    assert compared([sent, deployed], bonus_only, worded_apart).incompatible
    by_acme = touchdowns("b", "five touchdowns of Acme", 5, "five touchdowns")
    assert not compared([sent, by_acme], bonus_only, worded_apart).incompatible


def test_scores_ratios_and_rates_are_no_counts():
    def quantity(document_id: str, content: str, text: str, value, lower=None, upper=None):
        found = Quantity(text=text, value=value, lower=lower, upper=upper, counted="wins")
        return version(document_id, content, origin=f"Paper {document_id}", quantities=[found])

    score = quantity("a", "the team took a 20-13 win", "20-13 win", None, 20, 13)
    season = quantity("b", "the team took 7 wins", "7 wins", 7, 7, 7)
    assert not compared([score, season]).incompatible
    ratio = quantity("a", "the team took a 2-for-1 win", "2-for-1 win", 2, 2, 2)
    assert not compared([ratio, season]).incompatible
    per_game = quantity("a", "the team took 3 wins a week", "3 wins", 3, 3, 3)
    assert not compared([per_game, season]).incompatible
    for_the_club = quantity(
        "a", "the team took 3 wins for the club", "3 wins for the club", 3, 3, 3
    )
    assert compared([for_the_club, season]).incompatible
    a_year_later = quantity("a", "the team took 3 wins a year later", "3 wins", 3, 3, 3)
    assert compared([a_year_later, season]).incompatible


def test_a_running_total_is_no_version_of_one_events_count():
    def killed(document_id: str, content: str, value: int, text: str) -> LedgerEntry:
        found = count(value, counted="people", text=text)
        return version(document_id, content, origin=f"Paper {document_id}", quantities=[found])

    shooting = killed("a", "four people were killed in the shooting", 4, "four people")
    year = killed("b", "more than 750 people have been killed so far this year", 750, "750 people")
    assert not compared([shooting, year]).incompatible
    other_toll = killed("b", "seven people were killed in the shooting", 7, "seven people")
    assert compared([shooting, other_toll]).incompatible


def test_the_figure_a_change_is_measured_from_is_no_count_of_the_moment():
    def reserves(document_id: str, content: str, *texts: str) -> LedgerEntry:
        found = [
            Quantity(text=t, value=float(t.split()[0]) * 1e6, lower=None, upper=None, unit="USD")
            for t in texts
        ]
        return version(document_id, content, origin=f"Paper {document_id}", quantities=found)

    latest = reserves("a", "net free reserves averaged 447 mln dlrs", "447 mln dlrs")
    for content in (
        "net free reserves averaged 660 mln dlrs versus 675 mln dlrs previously",
        "net free reserves rose to 660 mln dlrs from 675 mln dlrs",
    ):
        earlier = reserves("b", content, "675 mln dlrs")
        assert not compared([latest, earlier]).incompatible
    same_moment = reserves("b", "net free reserves averaged 675 mln dlrs", "675 mln dlrs")
    assert compared([latest, same_moment]).incompatible


def test_one_figure_with_a_misread_separator_is_no_conflict():
    def stake(document_id: str, text: str, value: float) -> LedgerEntry:
        found = Quantity(text=text, value=value, lower=value, upper=value, counted="dlrs")
        content = f"the fund bought the stake for {text}"
        return version(document_id, content, origin=f"Paper {document_id}", quantities=[found])

    assert not compared(
        [stake("a", "7,659.000 dlrs", 7659), stake("b", "7,659,000 dlrs", 7659000)]
    ).incompatible
    assert compared([stake("a", "7,659 dlrs", 7659), stake("b", "5,000 dlrs", 5000)]).incompatible


def test_one_reports_claims_on_different_days_are_different_events():
    def shooting(document_id: str, time: Time) -> LedgerEntry:
        entry = version(
            document_id, f"{time.text} a man was wounded in a shooting", origin="the police"
        )
        entry.times = [time]
        return entry

    wednesday = Time("Wednesday", "2026-03-04", "2026-03-04", resolved=True)
    thursday = Time("Thursday", "2026-03-05", "2026-03-05", resolved=True)
    assert not compared([shooting("a", wednesday), shooting("a", thursday)]).other_dates
    assert compared([shooting("a", wednesday), shooting("b", thursday)]).other_dates


def test_a_negation_opposes_only_what_the_other_version_says():
    shooting = "the shooting appears to be gang related"
    in_custody = version("a", f"no one is in custody for {shooting}", "negative")
    assert not compared([in_custody, version("b", shooting)]).opposite
    warrants = version("a", "there were no outstanding warrants against the father", "negative")
    had_warrants = version("b", "the father had outstanding warrants")
    assert compared([warrants, had_warrants]).opposite
    # a denial negates all it holds
    denied = version("a", f"{shooting}", "negative", hedge="denied")
    assert compared([denied, version("b", shooting)]).opposite


def test_a_source_named_in_full_then_in_short_is_one_voice():
    full = version("a", "the elementary school has no officers on campus", "negative")
    full.origin = "Maria Garcia"
    short = version("a", "all of our high schools have officers on campus")
    short.origin = "Garcia"
    assert not compared([full, short]).opposite
    other = version("a", "all of our high schools have officers on campus")
    other.origin = "Ana Torres"
    assert compared([full, other]).opposite


def test_each_polls_figure_is_its_own():
    def poll(origin: str, value: float) -> LedgerEntry:
        found = Quantity(f"{value} percent", value, None, None, unit="percent", counted="")
        entry = version("a", f"Clinton has {value} percent", quantities=[found])
        entry.origin = origin
        return entry

    assert not compared([poll("the Ipsos poll", 43), poll("the tracking poll", 41.7)]).incompatible
    assert compared([poll("the campaign", 43), poll("the party", 38)]).incompatible
