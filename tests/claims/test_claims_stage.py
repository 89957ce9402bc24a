"""The stage over documents: canonical documents only, counts for the run summary."""

import pytest

from wiredesk.claims import ClaimsOptions, ClaimsStage
from wiredesk.records import Document
from wiredesk.stage import StageStats

pytestmark = pytest.mark.model


def document(doc_id: str, text: str, canonical: bool = True) -> Document:
    return Document(id=doc_id, raw=text, text=text, publisher="Valley Post", canonical=canonical)


def test_stage_sets_claims_on_canonical_documents_only():
    text = (
        "The fire brigade said the blaze may have started in a shed. "
        "Flames reached the Dover library by noon."
    )
    docs = [document("a", text), document("b", text, canonical=False), document("c", " ")]
    stats = StageStats(name="claims")
    ClaimsStage(ClaimsOptions(batch_size=2)).run(docs, stats)
    assert len(docs[0].claims) == 2
    assert docs[0].claims[0].via == ["Valley Post", "The fire brigade"]
    assert docs[0].claims[1].source_type == "outlet"
    assert docs[1].claims == []
    assert stats.counts["copies_skipped"] == 1
    assert stats.counts["empty_text"] == 1
    assert stats.counts["claims"] == 2
    assert stats.counts["hedge_possible"] == 1
    assert stats.counts["outlet_statements"] == 1


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


def test_kept_workers_serve_every_batch_and_end_with_the_block():
    import multiprocessing

    texts = [
        f"The fire brigade said on day {i} that the blaze started in a shed." for i in range(8)
    ]
    options = ClaimsOptions(n_process=2, min_per_process=1, chunk_size=2)
    alone = [document(str(i), text) for i, text in enumerate(texts)]
    ClaimsStage(ClaimsOptions(n_process=1)).run(alone, StageStats(name="claims"))
    stage = ClaimsStage(options)
    batches = [[document(str(i), text) for i, text in enumerate(texts)][s : s + 4] for s in (0, 4)]
    workers = []
    with stage.kept_workers():
        for batch in batches:
            stage.run(batch, StageStats(name="claims"))
            workers.append({p.pid for p in multiprocessing.active_children()})
    assert len(workers[0]) == 2 and workers[0] == workers[1]
    assert not workers[0] & {p.pid for p in multiprocessing.active_children()}
    assert [d.claims for batch in batches for d in batch] == [d.claims for d in alone]


def test_kept_workers_die_with_a_killed_run(tmp_path):
    import os
    import subprocess
    import sys
    import time

    script = tmp_path / "killed.py"
    script.write_text(
        "import multiprocessing, os, signal\n"
        "from wiredesk.claims import ClaimsOptions, ClaimsStage\n"
        "from wiredesk.records import Document\n"
        "from wiredesk.stage import StageStats\n"
        "text = 'The fire brigade said the blaze started in a shed.'\n"
        "docs = [Document(id=str(i), raw=text, text=text) for i in range(4)]\n"
        "stage = ClaimsStage(ClaimsOptions(n_process=2, min_per_process=1, chunk_size=1))\n"
        "with stage.kept_workers():\n"
        "    stage.run(docs, StageStats(name='claims'))\n"
        "    print(' '.join(str(p.pid) for p in multiprocessing.active_children()), flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    finished = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300
    )
    pids = [int(pid) for pid in finished.stdout.split()]
    assert len(pids) == 2, finished.stderr[-2000:]
    deadline = time.monotonic() + 30
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in pids if os.path.exists(f"/proc/{pid}")]
    assert not alive  # the workers did not outlive the run
