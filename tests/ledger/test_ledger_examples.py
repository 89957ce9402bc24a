"""The example corpus and its gold fit together; the ledger behaves on real extracted claims."""

import difflib
import json
from pathlib import Path

import pytest

from wiredesk.ledger import build_ledger
from wiredesk.records import Document, Story

JSONL_FIELDS = {"id", "text", "title", "url", "publisher", "published"}
VERDICTS = {"agree", "consistent", "conflict", "single-source"}


def normalised(text: str) -> str:
    return " ".join(text.replace("’", "'").casefold().split())


@pytest.fixture(scope="module")
def gold(examples_dir: Path) -> dict:
    return json.loads((examples_dir / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def raw_texts(examples_dir: Path) -> dict[str, str]:
    """Each example document's raw text by the id ingest gives it."""
    texts = {}
    for line in (examples_dir / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts[record["id"]] = record["text"]
    for path in [*examples_dir.glob("*.txt"), *examples_dir.glob("*.html")]:
        texts[path.stem] = path.read_text(encoding="utf-8")
    return texts


def test_jsonl_records_carry_their_metadata(examples_dir):
    for line in (examples_dir / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert set(record) == JSONL_FIELDS, record["id"]
        assert len(record["published"]) == 10 and record["published"].startswith("2026-03-")


def test_every_story_document_exists_once(gold, raw_texts):
    ids = [doc_id for story in gold["stories"] for doc_id in story["documents"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(raw_texts)
    assert 10 <= len(ids) <= 14


def test_every_gold_member_phrase_is_in_its_document(gold, raw_texts):
    story_of = {d: s["id"] for s in gold["stories"] for d in s["documents"]}
    for story, rows in gold["ledger"].items():
        for row in rows:
            assert row["verdict"] in VERDICTS
            assert row["independent_sources"] >= 1
            for member in row["members"]:
                assert story_of[member["doc"]] == story
                raw = normalised(raw_texts[member["doc"]])
                assert normalised(member["phrase"]) in raw, (member["doc"], member["phrase"])


def test_the_copy_is_nearly_the_wire_story(gold, raw_texts):
    for group in gold["copies"]:
        original = raw_texts[group["canonical"]]
        for copy in group["copies"]:
            matcher = difflib.SequenceMatcher(None, original, raw_texts[copy], autojunk=False)
            assert matcher.ratio() > 0.9
            assert raw_texts[copy] != original


def test_the_courier_appeal_repeats_under_each_courier_article(raw_texts):
    courier = [doc_id for doc_id in raw_texts if doc_id.startswith("courier-")]
    assert len(courier) == 3
    for doc_id in courier:
        assert "message from the halvik courier" in raw_texts[doc_id].casefold()
    assert "said.A Message from The Halvik Courier:Dear readers," in raw_texts["courier-dam-0305"]


def test_the_html_page_has_a_real_page_structure(examples_dir):
    page = (examples_dir / "eastgate-strike-0304.html").read_text(encoding="utf-8")
    for marker in (
        "<nav",
        "<footer",
        'property="og:site_name"',
        'property="article:published_time"',
    ):
        assert marker in page


def pipeline_documents(paths: list[Path]) -> list[Document]:
    """Documents through ingest, clean, dedup and claims, as the pipeline runs them."""
    from wiredesk.ingest import IngestOptions
    from wiredesk.pipeline import claims_stage, clean_stage, dedup_stage, read_inputs
    from wiredesk.stage import run_stages

    docs, _, _ = read_inputs([str(p) for p in paths], IngestOptions())
    run_stages(docs, [clean_stage(), dedup_stage(), claims_stage()])
    return docs


def row_with_quantities(rows, test):
    found = [r for r in rows if any(test(q) for e in r.entries for q in e.quantities)]
    assert found, "no row holds such a quantity"
    return found[0]


@pytest.mark.model
def test_seed_deployment_sizes_are_one_consistent_row(seeds_dir):
    docs = pipeline_documents(sorted(seeds_dir.glob("*.txt")))
    rows = build_ledger(docs, [Story(id="s", title="", document_ids=[d.id for d in docs])])
    at_least = row_with_quantities(rows, lambda q: q.lower == 10000 and q.upper is None)
    exact = row_with_quantities(rows, lambda q: q.value == 11000)
    assert at_least is exact
    assert at_least.verdict == "consistent"


@pytest.mark.model
def test_example_ledger_on_extracted_claims(examples_dir, gold):
    docs = pipeline_documents([examples_dir])
    stories = [Story(id=s["id"], title="", document_ids=s["documents"]) for s in gold["stories"]]
    rows = build_ledger(docs, stories)
    strikers = row_with_quantities(rows, lambda q: q.value == 3200)
    assert strikers.verdict == "consistent"
    assert {e.document_id for e in strikers.entries} >= {"npa-strike-0305", "portwatch-strike-0305"}
    prisoners = row_with_quantities(rows, lambda q: q.value == 212)
    assert prisoners.verdict == "consistent"
    fled = row_with_quantities(rows, lambda q: q.lower == 90000)
    assert fled.verdict == "single-source"
    assert len(fled.entries) == 2
