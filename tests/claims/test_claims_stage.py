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
