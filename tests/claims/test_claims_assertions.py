"""The outlet's own statements: checkable sentences no attribution covers."""

import pytest

from wiredesk.claims import extract_claims

pytestmark = pytest.mark.model

PUBLISHER = "Dover Post"


def statements(text: str) -> list:
    return [c for c in extract_claims(text, publisher=PUBLISHER) if c.source_type == "outlet"]


def test_a_checkable_sentence_is_the_outlets_claim():
    (claim,) = statements("Flood water closed 14 roads in Dover on Tuesday.")
    assert claim.content[0].text == "Flood water closed 14 roads in Dover on Tuesday"
    assert (claim.source, claim.cue) == ([], [])
    assert claim.source_name == PUBLISHER and claim.via == [PUBLISHER]
    assert (claim.hedge, claim.polarity) == ("asserted", "positive")
    assert [(q.value, q.counted) for q in claim.quantities] == [(14.0, "roads")]
    assert claim.times == ["on Tuesday"]


def test_hedge_and_polarity_come_from_the_statement_itself():
    (possible,) = statements("The bridge in Dover may reopen in May.")
    assert possible.hedge == "possible"
    (negated,) = statements("The bridge in Dover did not reopen in May.")
    assert negated.polarity == "negative"


def test_attributed_sentences_are_not_the_outlets_own():
    text = (
        "Police in Dover said 14 roads were closed. The mayor denied that the dam in Dover broke."
    )
    claims = extract_claims(text, publisher=PUBLISHER)
    assert claims and all(c.source_type != "outlet" for c in claims)


@pytest.mark.parametrize(
    "text",
    [
        "Did the dam in Dover break on Tuesday?",  # a question
        "Sign up for the Dover Post newsletter today.",  # an imperative
        "You can read more about Dover in our archive.",  # addressed to the reader
        "We visited Dover on Tuesday.",  # the writer's aside
        "Anyone with information should call Dover police.",  # an appeal
        "“The dam in Dover broke on Tuesday.”",  # a quotation with no cue
        "Dover police, fire crews and the Red Cross",  # no verb, no full stop
        "The water was cold and the night was long.",  # nothing a reader could check
    ],
)
def test_sentences_that_are_not_checkable_statements(text):
    assert statements(text) == []


def test_a_heading_run_into_the_sentence_is_left_out():
    text = "See more videos\nThe three entrances to the Dover alley were blocked.\n\n"
    (claim,) = statements(text)
    assert claim.content[0].text == "The three entrances to the Dover alley were blocked"


def test_an_age_is_not_a_time():
    (claim,) = statements("A 19-year-old man was shot in Dover on Sunday.")
    assert claim.times == ["on Sunday"]


def test_claims_stay_in_text_order():
    text = (
        "Flood water closed 14 roads in Dover on Tuesday. Police said the water was falling. "
        "The Dover bridge reopened on Wednesday."
    )
    claims = extract_claims(text, publisher=PUBLISHER)
    kinds = [c.source_type for c in claims]
    assert kinds[0] == kinds[-1] == "outlet" and len(kinds) == 3
    starts = [(c.cue or c.content)[0].start for c in claims]
    assert starts == sorted(starts)
