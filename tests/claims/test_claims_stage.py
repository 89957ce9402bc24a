"""The stage over documents: canonical documents only, counts for the run summary."""

import pytest

from wiredesk.claims import ClaimsOptions, ClaimsStage
from wiredesk.records import Document
from wiredesk.stage import StageStats

pytestmark = pytest.mark.model


def document(doc_id: str, text: str, canonical: bool = True) -> Document:
    return Document(id=doc_id, raw=text, text=text, publisher="Valley Post", canonical=canonical)


def test_stage_sets_claims_on_canonical_documents_only():
    text = "The fire brigade said the blaze may have started in a shed."
    docs = [document("a", text), document("b", text, canonical=False), document("c", " ")]
    stats = StageStats(name="claims")
    ClaimsStage(ClaimsOptions(batch_size=2)).run(docs, stats)
    assert len(docs[0].claims) == 1
    assert docs[0].claims[0].via == ["Valley Post", "The fire brigade"]
    assert docs[1].claims == []
    assert stats.counts["copies_skipped"] == 1
    assert stats.counts["empty_text"] == 1
    assert stats.counts["claims"] == 1
    assert stats.counts["hedge_possible"] == 1


def test_a_document_whose_extraction_fails_does_not_end_the_run(monkeypatch):
    from wiredesk.claims import runner

    real = runner.claims_from_doc

    def fail_on_poison(parse, publisher, *model_spans, **how):
        if "poison" in parse.text:
            raise IndexError("parser edge case")
        return real(parse, publisher, *model_spans, **how)

    monkeypatch.setattr(runner, "claims_from_doc", fail_on_poison)
    docs = [
        document("bad", "The poison sentence, officials said."),
        document("good", "The fire brigade said the blaze started in a shed."),
    ]
    stats = StageStats(name="claims")
    ClaimsStage().run(docs, stats)
    assert docs[0].claims == [] and not docs[0].skip_reason
    assert len(docs[1].claims) == 1
    assert stats.counts["claim extraction failed (IndexError)"] == 1


def test_forked_workers_give_the_claims_of_one_process():
    texts = [
        f"The fire brigade said on day {i} that the blaze may have started in a shed."
        for i in range(6)
    ]
    results = []
    for processes in (1, 2):
        docs = [document(str(i), text) for i, text in enumerate(texts)]
        options = ClaimsOptions(n_process=processes, min_per_process=1, chunk_size=2)
        ClaimsStage(options).run(docs, StageStats(name="claims"))
        results.append([d.claims for d in docs])
    assert results[0] == results[1]
    assert all(len(claims) == 1 for claims in results[1])


def test_forked_workers_return_claims_in_input_order_whatever_the_lengths():
    # Workers take the longest texts first; each document must still get its own claims.
    texts = [
        " ".join(
            f"The {place} fire brigade said on day {i} that the blaze may have started."
            for place in ("north", "south", "east", "west")[: 1 + i % 4]
        )
        for i in range(7)
    ]
    results = []
    for processes in (1, 2):
        docs = [document(str(i), text) for i, text in enumerate(texts)]
        options = ClaimsOptions(n_process=processes, min_per_process=1, chunk_size=2)
        ClaimsStage(options).run(docs, StageStats(name="claims"))
        results.append([d.claims for d in docs])
    assert results[0] == results[1]
    assert all(len(claims) >= 1 + i % 4 for i, claims in enumerate(results[1]))
    assert all(
        f"day {i} " in c.sentence.text for i, claims in enumerate(results[1]) for c in claims
    )
