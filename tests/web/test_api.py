"""The JSON API and the server-rendered pages through FastAPI's test client."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from wiredesk.web.app import CONTENT_SECURITY_POLICY, create_app

from .conftest import HOSTILE_ID, HOSTILE_STORY, SCRIPT_TAG


@pytest.fixture
def client(desk_db: str) -> TestClient:
    return TestClient(create_app(desk_db))


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()]


def test_stories_most_recent_first_with_counts(client: TestClient) -> None:
    stories = client.get("/api/stories").json()
    assert [s["id"] for s in stories] == ["s-dam", "s-strike"]
    strike = stories[1]
    assert strike["articles"] == 2
    assert strike["publishers"] == ["Eastgate Observer", "Portwatch"]
    assert strike["origins"] == 2 and strike["conflicts"] == 1 and strike["ledger_rows"] == 1
    assert (strike["first_published"], strike["last_published"]) == ("2025-03-03", "2025-03-04")


def test_stories_search_and_filters(client: TestClient) -> None:
    assert ids(client.get("/api/stories", params={"q": "dockworkers"})) == ["s-strike"]
    assert ids(client.get("/api/stories", params={"entity": "kessarn"})) == ["s-dam"]
    assert ids(client.get("/api/stories", params={"publisher": "Eastgate Observer"})) == [
        "s-strike"
    ]
    assert ids(client.get("/api/stories", params={"date_from": "2025-03-04"})) == [
        "s-dam",
        "s-strike",
    ]
    assert ids(client.get("/api/stories", params={"date_to": "2025-03-02"})) == []
    assert ids(client.get("/api/stories", params={"limit": 1, "offset": 1})) == ["s-strike"]
    assert client.get("/api/stories", params={"date_from": "March"}).status_code == 422


def test_story_article_claims_and_ledger(client: TestClient) -> None:
    story = client.get("/api/stories/s-strike").json()
    assert story["summary"]["title"] == "Dockworkers strike in Saltreach"
    assert [a["id"] for a in story["articles"]] == ["strike", "strike-copy"]
    assert story["articles"][1]["copy_of"] == "strike"
    assert [r["verdict"] for r in story["ledger"]] == ["conflict"]
    article = client.get("/api/articles/strike").json()
    assert article["article"]["publisher"] == "Portwatch"
    assert article["text"].startswith("The union said")
    assert article["removed"] == [
        {"text": "Subscribe to our newsletter!", "reason": "call to action"}
    ]
    assert [c["source_name"] for c in article["claims"]] == ["the union", "the port authority"]
    claims = client.get("/api/claims", params={"story": "s-dam"}).json()
    assert [(c["document_id"], c["claim_index"]) for c in claims] == [("dam", 0)]
    assert claims[0]["claim"]["source_name"] == "civil protection agency"
    ledger = client.get("/api/ledger", params={"story": "s-strike"}).json()
    assert [e["source_name"] for e in ledger[0]["entries"]] == ["the union", "the port authority"]
    assert client.get("/api/articles", params={"story": "s-dam"}).json()[0]["id"] == "dam"
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/articles/nope").json() == {"detail": "no such article"}


def test_exports_in_three_formats_with_formulas_neutralised(client: TestClient) -> None:
    jsonl = client.get("/api/export/claims", params={"format": "jsonl", "story": "s-strike"})
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [r["source_name"] for r in rows] == ["the union", "the port authority"]
    table = client.get("/api/export/articles", params={"format": "csv"})
    assert "attachment" in table.headers["content-disposition"]
    by_id = {r["id"]: r for r in csv.DictReader(io.StringIO(table.text))}
    assert by_id["dam"]["text"].startswith("'=HYPERLINK")
    parquet = client.get("/api/export/ledger", params={"format": "parquet"})
    ledger = pq.read_table(io.BytesIO(parquet.content)).to_pylist()
    assert sorted(r["verdict"] for r in ledger) == ["conflict", "single-source"]
    assert client.get("/api/export/runs").status_code == 422
    assert client.get("/api/export/claims", params={"format": "xlsx"}).status_code == 422


def test_openapi_schema_lists_the_api(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/claims", "/api/ledger", "/api/export/{what}"} <= set(
        schema["paths"]
    )
    assert not any(path.startswith("/stories") for path in schema["paths"])
    # The records are described, not left as free-form objects.
    assert {"StorySummary", "LedgerRow", "Claim", "ArticleSummary"} <= set(
        schema["components"]["schemas"]
    )


def test_pages_render_and_share_the_api_queries(client: TestClient) -> None:
    listing = client.get("/", params={"publisher": "Portwatch"})
    assert listing.status_code == 200
    assert "Dockworkers strike in Saltreach" in listing.text
    assert "Kessarn Dam gives way" not in listing.text
    story = client.get("/stories/s-strike").text
    assert "workers joined strike" in story and "the port authority" in story
    assert 'href="/articles/strike#claim-1"' in story
    article = client.get("/articles/strike").text
    assert 'id="claim-0"' in article and 'id="claim-1"' in article
    assert "call to action" in article and "space after sentence end" in article
    missing = client.get("/stories/nope")
    assert missing.status_code == 404 and "no such story" in missing.text


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/", "/stories/s-strike", "/articles/strike", "/api/stories", "/nope"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert headers["x-content-type-options"] == "nosniff"
    assert "script-src" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in (
        CONTENT_SECURITY_POLICY
    )


def test_hostile_text_is_escaped_in_every_page(hostile_db: str) -> None:
    client = TestClient(create_app(hostile_db))
    pages = [
        client.get("/"),
        client.get("/stories/" + HOSTILE_STORY.replace("<", "%3C").replace(">", "%3E")),
        client.get("/articles/evil-%3Cb%3E%221%22%3C/b%3E"),
    ]
    for page in pages:
        assert page.status_code == 200, page.text
        html = page.text
        assert "<script" not in html and "<img" not in html and 'href="javascript:' not in html
        assert "&lt;script&gt;" in html
    assert client.get("/api/articles", params={}).json()[0]["id"] == HOSTILE_ID
    assert SCRIPT_TAG in client.get("/api/claims").text.replace("\\u003c", "<")


def test_stories_page_pages_through_older_stories(desk_db: str, monkeypatch) -> None:
    monkeypatch.setattr("wiredesk.web.app.STORIES_PER_PAGE", 1)
    client = TestClient(create_app(desk_db))
    first = client.get("/", params={"q": "a"}).text
    assert "Kessarn Dam gives way" in first and "Dockworkers strike" not in first
    assert 'href="/?q=a&amp;offset=1">older stories' in first and "newer stories" not in first
    second = client.get("/", params={"q": "a", "offset": 1}).text
    assert "Dockworkers strike" in second and "older stories" not in second
    assert 'href="/?q=a&amp;offset=0">← newer stories' in second


def test_stories_list_leaves_documents_to_the_database(desk_db: str) -> None:
    """The list reads no document row by row and no story's member list: at scale (millions
    of articles) each page costs the stories and a grouped count, not the corpus."""
    from sqlalchemy import event

    from wiredesk.store import connect
    from wiredesk.web.queries import StoryFilter, list_stories

    engine = connect(desk_db)
    statements: list[str] = []
    event.listen(
        engine, "before_cursor_execute", lambda *args: statements.append(" ".join(args[2].split()))
    )
    listed = list_stories(engine, StoryFilter(publisher="Eastgate Observer"))
    assert [s.id for s in listed] == ["s-strike"] and listed[0].articles == 2
    reading_documents = [s for s in statements if "FROM documents" in s]
    assert reading_documents
    assert all("GROUP BY" in s or "DISTINCT" in s for s in reading_documents), reading_documents
    assert not any("document_ids" in s for s in statements)
    engine.dispose()
