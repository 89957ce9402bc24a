import pytest

from wiredesk.claims.hedging import denies_a_statement
from wiredesk.nlp import load_english


@pytest.fixture(scope="module")
def nlp():
    return load_english()


def denied_phrase(nlp, sentence: str, phrase: str) -> bool:
    doc = nlp(sentence)
    start = sentence.index(phrase)
    span = doc.char_span(start, start + len(phrase))
    return denies_a_statement(doc, [(span.start, span.end)])


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("The mayor denied the fraud claims on Monday.", "the fraud claims"),
        ("The militia denied any role in the attack.", "any role in the attack"),
        ("The rebels denied shelling the village.", "shelling the village"),
        ("The ministry rejected that claim.", "that claim"),
    ],
)
def test_a_denied_statement_or_act_says_something_is_not_so(nlp, sentence, phrase):
    assert denied_phrase(nlp, sentence, phrase)


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("The judge denied bail for the driver.", "bail for the driver"),
        ("The union rejected the offers.", "the offers"),
        ("The senator dismissed the concerns of farmers.", "the concerns of farmers"),
    ],
)
def test_a_thing_refused_or_waved_away_is_no_statement(nlp, sentence, phrase):
    assert not denied_phrase(nlp, sentence, phrase)
