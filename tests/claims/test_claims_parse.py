"""Parse only what needs parsing: the surface pre-filter and the joined document."""

import pytest

from wiredesk.claims.parse import (
    cue_forms,
    may_assert,
    may_attribute,
    paragraphs,
    runs_of_paragraphs,
)


def test_paragraphs_join_to_exactly_the_text():
    text = '  Lead.\n\nHe said:\n\n"We go."\n \n\nHeadline without stop\n\nEnd.”\n\n'
    pieces = paragraphs(text)
    assert "".join(pieces) == text
    assert pieces[0] == "  Lead.\n\n"


def test_a_paragraph_ending_in_a_colon_or_without_a_stop_stays_with_the_next():
    pieces = paragraphs('He said:\n\n"We go."\n\nHeadline\n\nBody.')
    assert pieces == ['He said:\n\n"We go."\n\n', "Headline\n\nBody."]


def test_cue_forms_cover_inflections_and_irregular_forms():
    forms = cue_forms()
    for form in ("said", "admitted", "denies", "replied", "noting", "spoke", "reportedly"):
        assert form in forms
    assert "visited" not in forms


@pytest.mark.parametrize(
    "paragraph",
    [
        "The minister denied it.",
        "Prices rose, according to the bureau.",
        "Troops reportedly crossed the river.",
        "“We will stay.”",
        "Governor: the bridge is safe.",
        "'We will stay.'",
    ],
)
def test_paragraphs_that_may_hold_an_attribution(paragraph):
    assert may_attribute(paragraph)


@pytest.mark.parametrize(
    "paragraph", ["The bridge opened in May.", "Clinton’s team left the building at noon."]
)
def test_paragraphs_that_cannot_hold_one(paragraph):
    assert not may_attribute(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The bridge opened in 1990.",
        "Rain fell on Dover all night.",
        "Ms. Lopez toured the old plant.",
        "New York froze.",
    ],
)
def test_paragraphs_that_may_state_something_checkable(paragraph):
    assert may_assert(paragraph)


@pytest.mark.parametrize("paragraph", ["The plan failed.", "Rain fell. It was cold all night."])
def test_paragraphs_with_no_name_and_no_figure(paragraph):
    assert not may_assert(paragraph)


def test_runs_join_neighbouring_paragraphs_of_the_same_kind():
    text = "The plan failed.\n\nRain fell.\n\nHe said so.\n\nShe denied it.\n\n"
    assert runs_of_paragraphs(text) == [
        ("The plan failed.\n\nRain fell.\n\n", False),
        ("He said so.\n\nShe denied it.\n\n", True),
    ]


@pytest.mark.model
def test_unparsed_paragraphs_keep_their_names_and_offsets():
    from wiredesk.claims.parse import parse_texts
    from wiredesk.nlp import load_english

    text = (
        "Obama toured the old plant.\n\n"
        "She said the line would reopen in June.\n\nThe plant opened in 1990."
    )
    doc = next(parse_texts(load_english(), [text], batch_size=4))
    assert doc.text == text
    assert ("Obama", "PERSON") in [(e.text, e.label_) for e in doc.ents]
    said = next(t for t in doc if t.text == "said")
    assert said.pos_ == "VERB" and said.dep_ == "ROOT"
    toured = next(t for t in doc if t.text == "toured")
    assert toured.pos_ == "" and toured.dep_ == "dep"  # the entity recogniser alone
    opened = next(t for t in doc if t.text == "opened")  # a figure: it may state something
    assert opened.pos_ == "VERB"
    assert [s.text.split()[0] for s in doc.sents] == ["Obama", "She", "The"]


@pytest.mark.model
def test_a_pronoun_resolves_to_a_person_named_in_an_unparsed_paragraph():
    from wiredesk.claims import extract_claims

    text = (
        "Maria Lopez visited the plant in Dover on Monday.\n\n"
        "She said the line would reopen in June."
    )
    claims = [c for c in extract_claims(text, publisher="Dover Post") if c.source_type != "outlet"]
    assert len(claims) == 1
    assert claims[0].source[0].text == "She"
    assert claims[0].via == ["Dover Post", "Maria Lopez"]


@pytest.mark.model
def test_attribute_rules_annotate_exactly_as_the_models_ruler():
    import numpy
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    from wiredesk.nlp import AttributeRules, load_english

    nlp = load_english()
    text = (
        "I ain't gonna say it, y'all know.  There are 3 reasons we did it: it is late, "
        "and you've got to go.\n\nShe doesn't think that the U.S. would've let's see."
    )
    stock = nlp(text)
    rules = AttributeRules(nlp.get_pipe("attribute_ruler"))
    doc = nlp(text, disable=["attribute_ruler", "lemmatizer", "ner"])
    doc = nlp.get_pipe("lemmatizer")(rules(doc))
    columns = [TAG, POS, MORPH, LEMMA, DEP]
    assert numpy.array_equal(doc.to_array(columns), stock.to_array(columns))
    assert any(t.pos_ == "SPACE" for t in doc)  # a pattern left to the Matcher applied


@pytest.mark.model
def test_numpy_matrix_products_annotate_as_blis_does():
    import numpy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

    from wiredesk.claims.parse import use_numpy_matmul
    from wiredesk.claims.span_model import single_threaded_blas
    from wiredesk.nlp import load_english

    stock, ours = load_english.__wrapped__(), load_english.__wrapped__()  # two fresh copies
    use_numpy_matmul(ours)
    assert all(not node.ops.use_blis for node in ours.get_pipe("ner").model.walk())
    assert all(node.ops.use_blis for node in stock.get_pipe("ner").model.walk())
    text = (
        "South Korea's spy agency told AFP on Friday that more than 10,000 North Korean "
        "troops had been sent to Russia's Kursk region since mid-January.\n\n"
        '"We cannot confirm it," a Pentagon spokesman said, citing U.S. officials.'
    )
    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
    with single_threaded_blas():
        assert numpy.array_equal(ours(text).to_array(columns), stock(text).to_array(columns))
