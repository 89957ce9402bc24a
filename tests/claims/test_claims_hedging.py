"""Hedging and polarity of claims, from sentences written for these tests (loads the model)."""

from __future__ import annotations

import pytest

from wiredesk.claims import extract_claims
from wiredesk.claims.hedging import stronger

pytestmark = pytest.mark.model


def hedge_and_polarity(text: str, cue: str) -> tuple[str, str]:
    found = [c for c in extract_claims(text) if any(s.text.endswith(cue) for s in c.cue)]
    assert found, [[s.text for s in c.cue] for c in extract_claims(text)]
    return found[0].hedge, found[0].polarity


def test_the_stronger_hedge_wins_in_either_order():
    assert stronger("probable", "possible") == stronger("possible", "probable") == "possible"
    assert stronger("alleged", "denied") == "denied"


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        ("The planners said the road opened in June.", "said", ("asserted", "positive")),
        ("The guide said the trail is probably closed.", "said", ("probable", "positive")),
        ("Geologists think the volcano is waking up.", "think", ("probable", "positive")),
        ("The pilot said the engine might have stalled.", "said", ("possible", "positive")),
        ("The club claimed its keeper was fouled.", "claimed", ("alleged", "positive")),
        ("The bakery denied that its bread was stale.", "denied", ("denied", "negative")),
    ],
)
def test_hedge_levels(text, cue, expected):
    assert hedge_and_polarity(text, cue) == expected


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The hospital has not confirmed the death of the patient.", "confirmed"),
        ("The court was unable to confirm that the files were lost.", "confirm"),
        ("The league refused to confirm that the match was fixed.", "confirm"),
    ],
)
def test_withheld_confirmation_is_denied_and_negative(text, cue):
    assert hedge_and_polarity(text, cue) == ("denied", "negative")


def test_not_confirmed_inside_another_claim_is_denied():
    text = "The inspectors said they could not confirm the leak."
    assert hedge_and_polarity(text, "said") == ("denied", "negative")


def test_a_negated_denial_leaves_the_content_open():
    text = "The minister did not deny that the tax would rise."
    assert hedge_and_polarity(text, "deny") == ("possible", "positive")


def test_inability_is_not_a_possibility_hedge():
    cannot = "The engineers said the tunnel could not be finished this year."
    assert hedge_and_polarity(cannot, "said") == ("asserted", "negative")
    may_not = "The engineers said the tunnel may not be finished this year."
    assert hedge_and_polarity(may_not, "said") == ("possible", "negative")


def test_softened_certainty_is_probable():
    text = "The forecaster said the storm will almost certainly reach the coast."
    assert hedge_and_polarity(text, "said") == ("probable", "positive")
    plain = "The forecaster said the storm will certainly reach the coast."
    assert hedge_and_polarity(plain, "said") == ("asserted", "positive")


def test_unlikely_is_probable_and_negative():
    text = "The referee said it seemed unlikely that the game would resume."
    assert hedge_and_polarity(text, "said") == ("probable", "negative")


@pytest.mark.parametrize(
    "text",
    [
        "The ranger said there were no bears in the valley.",
        "The ranger said no hikers were missing.",
        "The ranger said nobody had seen the fire.",
        "The ranger said the hikers never reached the hut.",
    ],
)
def test_negative_arguments_and_adverbs_make_the_claim_negative(text):
    assert hedge_and_polarity(text, "said") == ("asserted", "negative")


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("No charges are expected to be filed against the driver.", "negative"),
        ("Nobody is believed to have survived the landslide.", "negative"),
        ("The harbour master is expected to resign on Friday.", "positive"),
    ],
)
def test_a_raised_subject_carries_its_negation_into_the_clause(text, polarity):
    (claim,) = extract_claims(text)
    assert (claim.hedge, claim.polarity) == ("probable", polarity)


def test_double_hedges_keep_the_stronger():
    text = "Doctors believe the virus may have come from bats."
    assert hedge_and_polarity(text, "believe") == ("possible", "positive")
    reported = "The newspaper said the senator was allegedly bribed."
    assert hedge_and_polarity(reported, "said") == ("alleged", "positive")


@pytest.mark.parametrize(
    ("text", "proposition"),
    [
        ("The harbour master said the ferry left early.", True),
        ("The harbour master said the ferry could leave on Friday.", True),
        ("The harbour master would not say why the ferry left early.", False),
        ("The harbour master would not confirm the name of the captain.", False),
        ("The harbour master declined to discuss the collision.", False),
        ("The harbour master told reporters to stay away from the pier.", False),
        ("The ferry company denied any role in the collision.", True),
        ("The ferry company denied that the captain had been drinking.", True),
    ],
)
def test_only_a_content_that_says_something_is_so_is_a_proposition(text, proposition):
    (claim,) = extract_claims(text)
    assert claim.proposition is proposition
