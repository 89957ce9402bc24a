"""Copies with their similarity, versions with what differs, and why an article joined its
story: in the API and on the article and story pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from wiredesk.web.app import create_app


@pytest.fixture
def client(versions_db: str) -> TestClient:
    return TestClient(create_app(versions_db))


def visible_text(html: str) -> str:
    """The words a reader sees: block tags part them, inline tags do not."""
    spaced = re.sub(r"</?(?:td|th|tr|div|p|li|h\d)\b[^>]*>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", "", spaced).split())


def test_api_article_carries_copies_versions_and_story_evidence(client: TestClient) -> None:
    article = client.get("/api/articles/flood-agency").json()["article"]
    assert article["copies"] == ["flood-reprint"]
    assert article["copy_evidence"]["copies"] == {"flood-reprint": 0.97}
    assert article["versions"] == [
        {
            "id": "flood-update",
            "similarity": 0.82,
            "differences": [{"kind": "figure", "this": "40", "other": "46"}],
        }
    ]
    evidence = article["story_evidence"]
    assert evidence["nearest"] == "flood-update" and evidence["similarity"] == 0.74
    assert evidence["shared_names"] == ["Orvel"] and evidence["day_gap"] == 1

    reprint = client.get("/api/articles/flood-reprint").json()["article"]
    assert reprint["copy_of"] == "flood-agency"
    assert reprint["copy_evidence"]["canonical"] == "flood-agency"
    assert reprint["copy_evidence"]["similarity"] == 0.97
    assert reprint["copy_evidence"]["match"] == "near"
    assert reprint["story_evidence"]["copy_of"] == "flood-agency"


def test_api_story_lists_each_article_with_its_evidence(client: TestClient) -> None:
    story = client.get("/api/stories/s-flood").json()
    by_id = {a["id"]: a for a in story["articles"]}
    assert set(by_id) == {"flood-agency", "flood-reprint", "flood-update"}
    assert by_id["flood-update"]["versions"][0]["differences"][0]["this"] == "46"
    assert by_id["flood-update"]["story_evidence"]["nearest"] == "flood-agency"
    listed = {a["id"]: a for a in client.get("/api/articles", params={"story": "s-flood"}).json()}
    assert listed["flood-agency"]["versions"][0]["id"] == "flood-update"


def test_article_page_shows_copies_versions_and_why_it_is_in_the_story(
    client: TestClient,
) -> None:
    page = client.get("/articles/flood-agency")
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "flood-reprint Sarnside Herald 0.97" in text
    assert "flood-update Veldorian Wire 0.82 40 → 46" in text
    assert "nearest article flood-update Veldorian Wire, similarity 0.74" in text
    assert "shared names: Orvel" in text and "1 day apart" in text
    assert 'href="/articles/flood-update"' in page.text

    reprint = visible_text(client.get("/articles/flood-reprint").text)
    assert "A copy of flood-agency Veldorian Wire, similarity 0.97 (near match)" in reprint
    assert "joined with the article it copies, flood-agency" in reprint


def test_article_without_copies_or_evidence_says_so(desk_db: str) -> None:
    # the desk corpus records no versions and no evidence
    text = visible_text(TestClient(create_app(desk_db)).get("/articles/dam").text)
    assert "No copies and no versions." in text
    assert "no other article of the story is linked to it" in text


def test_story_page_tables_every_article_with_its_evidence(client: TestClient) -> None:
    page = client.get("/stories/s-flood")
    assert page.status_code == 200
    rows = re.findall(r'<tr id="article-([^"]+)">(.*?)</tr>', page.text, flags=re.S)
    shown = {doc_id: visible_text(row) for doc_id, row in rows}
    assert set(shown) == {"flood-agency", "flood-reprint", "flood-update"}
    assert "nearest article flood-update, similarity 0.74" in shown["flood-agency"]
    assert "flood-reprint 0.97" in shown["flood-agency"]
    assert "flood-update 0.82: 40 → 46" in shown["flood-agency"]
    assert "copy of flood-agency 0.97" in shown["flood-reprint"]
    assert "flood-agency 0.82: 46 → 40" in shown["flood-update"]
