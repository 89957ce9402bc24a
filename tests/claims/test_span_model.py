"""The trained attribution span model: how it cuts text, reads labels, and what it finds."""

import numpy as np
import pytest

from wiredesk.claims import extract_claims
from wiredesk.claims.span_model import (
    DISTANCE_BUCKETS,
    MAX_UNIT_CHARS,
    MODEL_DIR,
    Heads,
    PredictedAttribution,
    SpanModel,
    cue_token_spans,
    distance_buckets,
    gelu,
    load_span_model,
    load_tokenizer,
    nearest_run,
    role_span,
    shifted,
    single_threaded_blas,
    text_units,
)


def test_units_are_trimmed_paragraphs():
    text = "  First paragraph.  \n\nSecond one.\n"
    units = text_units(text)
    assert [text[s:e] for s, e in units] == ["First paragraph.", "Second one."]


def test_long_paragraphs_are_cut_after_a_sentence():
    sentence = "The council said the bridge would reopen in May after repairs. "
    text = sentence * 40
    units = text_units(text)
    assert len(units) > 1
    assert all(end - start <= MAX_UNIT_CHARS for start, end in units)
    assert all(text[start:end].endswith(".") for start, end in units)
    assert "".join(text[s:e] for s, e in units).replace(" ", "") == text.replace(" ", "")


def test_a_paragraph_with_no_sentence_end_is_cut_at_a_space():
    text = "word " * 600
    units = text_units(text)
    assert all(end - start <= MAX_UNIT_CHARS for start, end in units)
    assert all(not text[start:end].startswith(" ") for start, end in units)


def test_distance_buckets_grow_away_from_the_cue_on_each_side():
    buckets = distance_buckets(40, 10, 11)
    assert buckets[10] == buckets[11] == 0
    before, after = buckets[:10][::-1], buckets[12:]
    assert list(before) == sorted(before) and list(after) == sorted(after)
    assert set(before).isdisjoint(after)
    assert buckets.max() < DISTANCE_BUCKETS


def test_gelu_is_the_tanh_form_and_leaves_its_input_alone():
    values = np.linspace(-6, 6, 101, dtype=np.float32)
    before = values.copy()
    expected = 0.5 * values * (1 + np.tanh(np.sqrt(2 / np.pi) * (values + 0.044715 * values**3)))
    result = gelu(values)
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, expected, rtol=1e-6, atol=1e-6)
    assert np.array_equal(values, before)
    assert gelu(np.zeros(1, dtype=np.float32))[0] == 0


def test_cue_spans_from_labels():
    o, b, i = 0, 1, 2
    labels = np.array([o, b, i, o, i, i, b, b])
    real = np.array([True] * 7 + [False])
    assert cue_token_spans(labels, real) == [(1, 2), (4, 5), (6, 6)]


def test_a_role_runs_from_its_first_to_its_last_token():
    roles = np.array([0, 2, 2, 0, 2, 1, 0])
    real = np.array([True] * 6 + [False])
    assert role_span(roles, 2, real) == (1, 4)
    assert role_span(roles, 1, real) == (5, 5)
    assert role_span(np.zeros(7, dtype=int), 1, real) is None


def test_a_source_is_the_run_of_source_tokens_nearest_the_cue():
    #        0  1  2  3  4  5  6  7  8  9
    roles = np.array([1, 0, 0, 0, 1, 1, 0, 1, 0, 0])
    real = np.ones(10, dtype=bool)
    # Cue at 8: the run 4..7 (one token skipped) touches it; the stray 0 is left out.
    assert nearest_run(roles, 1, real, 8, 8) == (4, 7)
    # Cue at 1: the lone 0 beside it is nearer than the run after it.
    assert nearest_run(roles, 1, real, 1, 1) == (0, 0)
    assert nearest_run(np.zeros(10, dtype=int), 1, real, 1, 1) is None


def test_shifted_moves_every_span():
    found = [PredictedAttribution((3, 7), None, (8, 20))]
    assert shifted(found, 100) == [PredictedAttribution((103, 107), None, (108, 120))]


def test_units_share_batches_by_length_and_are_padded_only_to_the_longest():
    batches = []  # (width of the batch, word pieces of each of its units)

    def encoder(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batches.append((ids.shape[1], mask.sum(1).tolist()))
        return np.zeros((*ids.shape, 384), dtype=np.float32)

    texts = [
        "A long paragraph that goes on and on about the bridge, the council and the repairs.\n"
        "Short.",
        "Mid-sized paragraph about the port.\nTiny.\nAnother paragraph of a middling size here.",
    ]
    model = SpanModel(load_tokenizer(), encoder, Heads.load(MODEL_DIR / "heads.npz"), 2)
    assert model.predict(texts) == [[], []]
    assert sum(len(lengths) for _, lengths in batches) == 5
    assert all(width == max(lengths) for width, lengths in batches)
    in_order = [length for _, lengths in batches for length in lengths]
    assert in_order == sorted(in_order)


@pytest.mark.model
def test_the_shipped_model_reads_a_plain_attribution():
    text = "The fire brigade said the blaze started in a shed behind the school."
    (found,) = load_span_model().predict([text])
    assert len(found) == 1
    attribution = found[0]
    assert text[slice(*attribution.cue)] == "said"
    assert text[slice(*attribution.source)] == "The fire brigade"
    assert text[slice(*attribution.content)].startswith("the blaze started")


@pytest.mark.model
def test_the_model_adds_cues_the_rules_do_not_know():
    text = "The defence ministry accused the rebels of shelling the village on Saturday."
    # The rules know no cue here: the sentence is the outlet's own statement.
    (statement,) = extract_claims(text, spans="rules")
    assert statement.source_type == "outlet" and not statement.cue
    (claim,) = extract_claims(text, spans="combined")
    assert claim.cue[0].text == "accused"
    assert claim.source[0].text == "The defence ministry"


@pytest.mark.model
def test_a_misread_outer_attribution_does_not_join_the_rules_reading():
    text = "Citing officials, the agency said on Monday that the port would reopen."
    claims = extract_claims(text, spans="combined")
    assert [c.cue[0].text for c in claims if c.cue] == ["said"]


@pytest.mark.model
def test_a_citing_cue_outside_a_chain_and_a_headline_colon_stand_on_their_own():
    (cited,) = extract_claims("In her speech the senator cited a report on rising rents.")
    assert cited.cue[0].text == "cited" and cited.source[0].text == "the senator"
    (headline,) = extract_claims("Poll: Most voters want a new bridge over the river")
    assert headline.cue[0].text == ":" and headline.source[0].text == "Poll"


def test_blas_is_held_to_one_thread_inside_the_block_only():
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = blas_threads()
    for _ in range(2):  # the second time with the libraries already found
        with single_threaded_blas():
            assert blas_threads() and set(blas_threads()) == {1}
        assert blas_threads() == before


def test_unknown_span_finder_is_refused():
    with pytest.raises(ValueError, match="spans must be one of"):
        extract_claims("The mayor said so.", spans="guess")
