"""Combined mode: which source and content a rule attribution keeps when the span model read
its cue."""

from dataclasses import replace

import spacy

from wiredesk.claims.attribution import Attribution, contains, nesting_scope
from wiredesk.claims.extract import (
    reported_by_cue,
    seen_or_model_blind,
    with_model_spans,
    within_cue_sentence,
    without,
)


def parsed(text: str):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(text)


def attribution(kind="verb", cue=(0, 1), content=(), source=()) -> Attribution:
    return Attribution(
        kind=kind,
        cue_head=cue[0],
        cue_lemma="say",
        cue=[cue],
        content=[content] if content else [],
        source=[source] if source else [],
    )


# "The mayor said the bridge would reopen in May after repairs ."
#   0    1     2    3    4      5     6     7  8    9     10    11
PLAIN = "The mayor said the bridge would reopen in May after repairs."


def test_the_models_content_replaces_the_rules_for_the_same_cue():
    doc = parsed(PLAIN)
    rule = attribution(cue=(2, 3), content=(3, 7), source=(0, 2))
    model = attribution(cue=(2, 3), content=(3, 11), source=(0, 2))
    chosen = with_model_spans(doc, rule, [model], [rule])
    assert chosen.content == [(3, 11)]
    assert chosen.content_heads
    assert rule.content == [(3, 7)]  # the rule attribution itself is not changed


def test_a_content_holding_another_cue_takes_the_models_reading_too():
    doc = parsed(PLAIN)
    rule = attribution(cue=(2, 3), content=(3, 11), source=(0, 2))
    inner = attribution(cue=(5, 6), content=(6, 11))
    model = attribution(cue=(2, 3), content=(3, 9), source=(0, 2))
    assert with_model_spans(doc, rule, [model], [rule, inner]).content == [(3, 9)]


def test_the_models_source_replaces_the_rules_where_it_reads_one():
    doc = parsed(PLAIN)
    rule = replace(attribution(cue=(2, 3), content=(3, 11), source=(1, 2)), recipient=[(8, 9)])
    model = attribution(cue=(2, 3), content=(3, 11), source=(0, 2))
    chosen = with_model_spans(doc, rule, [model], [rule])
    assert chosen.source == [(0, 2)]
    assert chosen.recipient == [(8, 9)]  # who was told stays the rules' reading
    sourceless = attribution(cue=(2, 3), content=(3, 11))
    assert with_model_spans(doc, rule, [sourceless], [rule]).source == [(1, 2)]


def test_continuations_and_contents_over_the_source_keep_the_rules_reading():
    doc = parsed(PLAIN)
    continuation = attribution(kind="continuation", cue=(2, 3), content=(3, 7))
    model = attribution(cue=(2, 3), content=(3, 11))
    assert with_model_spans(doc, continuation, [model], [continuation]) is continuation
    rule = attribution(cue=(2, 3), content=(3, 7), source=(0, 2))
    over_source = attribution(cue=(2, 3), content=(1, 2))
    assert with_model_spans(doc, rule, [over_source], [rule]) is rule


def test_a_content_around_its_own_cue_loses_the_cue_and_the_source():
    # '" The port is shut , " he said . " It may reopen . "'
    #  0  1   2   3  4   5 6 7  8    9 10 11 12  13    14 15
    doc = parsed('"The port is shut," he said. "It may reopen."')
    rule = attribution(cue=(8, 9), content=(1, 5), source=(7, 8))
    model = attribution(cue=(8, 9), content=(0, 16), source=(7, 8))
    chosen = with_model_spans(doc, rule, [model], [rule])
    assert chosen.content == [(0, 7), (9, 16)]
    # Hedge and polarity are read in the cue's sentence: "may" is the next claim's.
    assert all(head < 10 for head in chosen.content_heads)
    # Where the rules read the next quote as a claim going on from this cue, it is that
    # claim's content only.
    going_on = attribution(kind="continuation", cue=(8, 9), content=(11, 14), source=(7, 8))
    chosen = with_model_spans(doc, rule, [model], [rule, going_on])
    assert chosen.content == [(0, 7)]


# "Troops have left the front , the agency told AFP on Tuesday , after heavy losses ."
#    0     1    2    3    4   5  6    7     8   9  10    11    12  13    14     15   16
HEADED = "Troops have left the front, the agency told AFP on Tuesday, after heavy losses."


def headed_by(doc, cue: int, dep: str):
    doc[cue].dep_ = dep
    return doc


def test_a_report_heading_its_sentence_keeps_what_comes_before_its_cue():
    doc = headed_by(parsed(HEADED), 8, "ROOT")
    rule = replace(attribution(cue=(8, 9), content=(0, 5), source=(6, 8)), recipient=[(9, 10)])
    # "on Tuesday, after heavy losses" is when and why the agency spoke, not what it said.
    assert reported_by_cue(doc, [(0, 16)], rule) == [(0, 6)]


def test_a_cue_set_inside_the_statement_leaves_the_statement_whole():
    doc = headed_by(parsed(HEADED), 8, "parataxis")
    rule = replace(attribution(cue=(8, 9), content=(0, 5), source=(6, 8)), recipient=[(9, 10)])
    assert reported_by_cue(doc, [(0, 16)], rule) == [(0, 6), (10, 16)]


def test_a_quotation_taken_up_again_or_going_on_stays():
    # '" We will win , " she said on Monday , " and soon . " " It is certain . "'
    #  0  1  2    3  4 5  6   7   8   9     10 11 12  13  14 15 16 17  18    19 20
    doc = parsed('"We will win," she said on Monday, "and soon." "It is certain."')
    rule = attribution(cue=(7, 8), content=(1, 4), source=(6, 7))
    assert reported_by_cue(headed_by(doc, 7, "ROOT"), [(0, 21)], rule) == [(0, 6), (8, 21)]
    # '" The port is shut , " he said in a statement . " It may reopen . "'
    #  0  1   2   3  4   5 6 7  8    9  10 11      12 13 14  15  16    17 18
    doc = parsed('"The port is shut," he said in a statement. "It may reopen."')
    rule = attribution(cue=(8, 9), content=(1, 5), source=(7, 8))
    kept = reported_by_cue(headed_by(doc, 8, "ROOT"), [(0, 19)], rule)
    # The sentencizer ends the first sentence after the next quote's opening mark (13): a
    # quote left open is no quotation taken up again.
    assert kept == [(0, 7), (14, 19)]


def test_without_takes_tokens_out_of_ranges():
    assert without([(0, 10)], [(3, 5), (7, 8)]) == [(0, 3), (5, 7), (8, 10)]
    assert without([(0, 2)], [(0, 2)]) == []


def test_claims_nested_in_the_rules_clause_stay_nested():
    doc = parsed(PLAIN)
    rule = attribution(cue=(2, 3), content=(3, 11), source=(0, 2))
    inner = attribution(cue=(5, 6), content=(6, 11))
    model = attribution(cue=(2, 3), content=(3, 5), source=(0, 2))
    chosen = with_model_spans(doc, rule, [model], [rule, inner])
    assert chosen.content == [(3, 5)]
    assert contains(nesting_scope(chosen), 5)  # "would" still reads as nested in the report


def test_a_quote_goes_on_as_far_as_the_models_content_of_its_cue():
    # '" The port is shut , " he said . " It may reopen . "'
    #  0  1   2   3  4   5 6 7  8    9 10 11 12  13    14 15
    doc = parsed('"The port is shut," he said. "It may reopen."')
    going_on = attribution(kind="continuation", cue=(8, 9), content=(11, 14), source=(7, 8))
    whole_quote = attribution(cue=(8, 9), content=(0, 16), source=(7, 8))
    first_sentence = attribution(cue=(8, 9), content=(1, 5), source=(7, 8))
    assert seen_or_model_blind(doc, going_on, [whole_quote], [going_on])
    assert not seen_or_model_blind(doc, going_on, [first_sentence], [going_on])
    assert seen_or_model_blind(doc, going_on, [], [going_on])  # no reading of the cue


def test_a_content_read_before_its_cue_stops_at_the_outlets_own_hedged_statement():
    # "Troops could be training , the Times reported . Despite that , they reportedly fought ."
    #    0      1    2     3     4  5    6      7     8    9      10  11  12      13       14   15
    doc = parsed(
        "Troops could be training, the Times reported. Despite that, they reportedly fought."
    )
    cue = [(7, 8)]
    hedge = attribution(kind="implicit", cue=(13, 14), content=(9, 15))
    assert within_cue_sentence(doc, [(0, 15)], cue, [hedge]) == [(0, 7)]
    assert within_cue_sentence(doc, [(0, 15)], cue, []) == [(0, 15)]
    said = attribution(kind="verb", cue=(13, 14), content=(9, 15))
    assert within_cue_sentence(doc, [(0, 15)], cue, [said]) == [(0, 15)]
    assert within_cue_sentence(doc, [(0, 4)], cue, [hedge]) == [(0, 4)]
