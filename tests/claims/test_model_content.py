"""Combined mode: which content a rule attribution keeps when the span model read its cue."""

import spacy

from wiredesk.claims.attribution import Attribution
from wiredesk.claims.extract import with_model_content, without


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
    chosen = with_model_content(doc, rule, [model], [rule])
    assert chosen.content == [(3, 11)]
    assert chosen.content_heads
    assert rule.content == [(3, 7)]  # the rule attribution itself is not changed


def test_a_content_holding_another_cue_keeps_the_rules_reading():
    doc = parsed(PLAIN)
    rule = attribution(cue=(2, 3), content=(3, 11), source=(0, 2))
    inner = attribution(cue=(5, 6), content=(6, 11))
    model = attribution(cue=(2, 3), content=(3, 9), source=(0, 2))
    assert with_model_content(doc, rule, [model], [rule, inner]).content == [(3, 11)]


def test_continuations_and_contents_over_the_source_keep_the_rules_reading():
    doc = parsed(PLAIN)
    continuation = attribution(kind="continuation", cue=(2, 3), content=(3, 7))
    model = attribution(cue=(2, 3), content=(3, 11))
    assert with_model_content(doc, continuation, [model], [continuation]) is continuation
    rule = attribution(cue=(2, 3), content=(3, 7), source=(0, 2))
    over_source = attribution(cue=(2, 3), content=(1, 2))
    assert with_model_content(doc, rule, [over_source], [rule]) is rule


def test_a_content_around_its_own_cue_loses_the_cue_and_the_source():
    # '" The port is shut , " he said . " It may reopen . "'
    #  0  1   2   3  4   5 6 7  8    9 10 11 12  13    14 15
    doc = parsed('"The port is shut," he said. "It may reopen."')
    rule = attribution(cue=(8, 9), content=(1, 5), source=(7, 8))
    model = attribution(cue=(8, 9), content=(0, 16), source=(7, 8))
    chosen = with_model_content(doc, rule, [model], [rule])
    assert chosen.content == [(0, 7), (9, 16)]
    # Hedge and polarity are read in the cue's sentence: "may" is the next claim's.
    assert all(head < 10 for head in chosen.content_heads)


def test_without_takes_tokens_out_of_ranges():
    assert without([(0, 10)], [(3, 5), (7, 8)]) == [(0, 3), (5, 7), (8, 10)]
    assert without([(0, 2)], [(0, 2)]) == []
