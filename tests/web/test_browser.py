"""The pages in a real browser (Debian's chromium through Playwright) against a live server.

Screenshots of each page type are saved under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import run_corpus
from wiredesk.store import connect, load_ledger

from .conftest import EVENT_HANDLER, HOSTILE_ID, HOSTILE_STORY, SCRIPT_TAG, live_server


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, seeds_dir: Path) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('web-seeds') / 'seeds.db'}"
    run_corpus([str(seeds_dir)], connect(url), IngestOptions(published=date(2025, 2, 11)))
    return url


def matrix_rows(page) -> list[dict]:
    """What the ledger matrix shows: per row its claim, verdict, and the sources with a cell."""
    shown = []
    for row in page.locator("table.matrix tr.ledger-row").all():
        cells = row.locator("td.cell[data-source]").all()
        shown.append(
            {
                "topic": row.locator("th.row-head").inner_text().strip(),
                "verdict": row.locator(".verdict").inner_text().split()[-1],
                "sources": {c.get_attribute("data-source") for c in cells},
                "text": " ".join(c.inner_text() for c in cells),
            }
        )
    return shown


@pytest.mark.model
def test_seed_story_page_shows_the_expected_ledger(seeds_db: str, page, artifacts: Path) -> None:
    stored = load_ledger(connect(seeds_db))
    with live_server(seeds_db) as base:
        page.goto(base + "/")
        page.screenshot(path=artifacts / "stories.png", full_page=True)
        page.locator("table.stories a").first.click()
        page.wait_for_selector("table.matrix")
        page.screenshot(path=artifacts / "story.png", full_page=True)

        shown = matrix_rows(page)
        cross_checked = [r for r in stored if r.verdict != "single-source"]
        assert [r["topic"] for r in shown] == [r.topic for r in cross_checked]
        for row, on_page in zip(cross_checked, shown, strict=True):
            assert on_page["verdict"] == row.verdict
            assert on_page["sources"] == {e.source_name or "(unattributed)" for e in row.entries}
        single = page.locator("#single-source tr.ledger-row").count()
        assert single == sum(len(r.entries) for r in stored if r.verdict == "single-source")

        # ../shared/seeds/EXPECTED.md: the combat-status row (Ukraine's military and the
        # officials behind the NYT agree) and the size row (more than 10,000 and 11,000 are
        # consistent).
        combat = [
            r
            for r in shown
            if {"Ukraine's military", "anonymous Ukrainian and U.S. officials"} <= r["sources"]
        ]
        assert [r["verdict"] for r in combat] == ["agree"]
        size = [r for r in shown if "more than 10,000" in r["text"] and "11,000" in r["text"]]
        assert [r["verdict"] for r in size] == ["consistent"]

        # Each version links to its claim's sentence in the article.
        combat_row = page.locator("table.matrix tr.ledger-row", has_text=combat[0]["topic"])
        combat_row.locator('td[data-source="Ukraine\'s military"] a.claim-link').first.click()
        page.wait_for_selector(".article-text")
        assert "#claim-" in page.url
        sentence = page.locator("span.sentence:target, span.sentence:has(> .anchor:target)")
        assert "withdrawn" in sentence.inner_text()
        page.screenshot(path=artifacts / "article-claim.png")

        page.locator("details.removed summary").first.click()
        assert page.locator("details.removed .removed-text").first.is_visible()
        assert "Dear readers" in page.locator("details.removed[open]").inner_text()
        page.screenshot(path=artifacts / "article.png", full_page=True)


def test_hostile_text_is_shown_as_text_and_never_runs(hostile_db: str, page, artifacts) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = {
        "stories": "/",
        "story": "/stories/" + quote(HOSTILE_STORY, safe=""),
        "article": "/articles/" + quote(HOSTILE_ID, safe=""),
    }
    with live_server(hostile_db) as base:
        for name, url in urls.items():
            response = page.goto(base + url)
            assert response is not None and response.status == 200
            assert "default-src 'none'" in response.headers["content-security-policy"]
            assert page.locator("script").count() == 0
            assert page.locator("[onerror], img").count() == 0
            assert page.locator('a[href^="javascript:"]').count() == 0
            assert SCRIPT_TAG in page.locator("main").inner_text()
            # A 20,000-character token wraps instead of widening the page.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.screenshot(path=artifacts / f"hostile-{name}.png")
        page.locator("details.removed summary").first.click()
        assert EVENT_HANDLER in page.locator("details.removed[open]").inner_text()
        assert page.evaluate("window.__pwned === undefined")
    assert dialogs == []


def test_copies_versions_and_story_evidence_in_the_browser(
    versions_db: str, page, artifacts: Path
) -> None:
    with live_server(versions_db) as base:
        page.goto(base + "/stories/s-flood")
        row = page.locator("table.story-articles tr#article-flood-agency")
        assert "nearest article flood-update" in row.locator("td.story-evidence").inner_text()
        assert "40 → 46" in row.locator("td.versions-of").inner_text()
        page.locator("#articles").screenshot(path=artifacts / "story-articles.png")

        row.locator("td.versions-of a").first.click()
        page.wait_for_selector("#provenance")
        assert page.url.endswith("/articles/flood-update")
        versions = page.locator("table.versions-of")
        assert versions.is_visible()
        assert "flood-agency" in versions.inner_text() and "46 → 40" in versions.inner_text()
        evidence = page.locator("p.story-evidence").inner_text()
        assert "nearest article flood-agency" in evidence and "similarity 0.74" in evidence
        page.screenshot(path=artifacts / "article-versions.png", full_page=True)

        page.goto(base + "/articles/flood-reprint")
        assert "(near match)" in page.locator("p.copy-of").inner_text()
