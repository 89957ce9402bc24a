"""A live server on loopback and Debian's chromium driven by Playwright, for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@contextmanager
def live_server(db_url: str) -> Iterator[str]:
    """Serve the app over ``db_url`` on a free loopback port; yield its base URL."""
    import uvicorn

    from wiredesk.web.app import create_app

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(create_app(db_url), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`; "
            ".ci/run does) to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# Article text written to attack a page that would treat it as markup.
SCRIPT_TAG = "<script>window.__pwned = 'script'; alert('script')</script>"
EVENT_HANDLER = "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">"
JAVASCRIPT_LINK = "<a href=\"javascript:window.__pwned = 'link'; alert('link')\">read more</a>"
HUGE_TOKEN = "W" * 20_000
HOSTILE = f"{SCRIPT_TAG} {EVENT_HANDLER} {JAVASCRIPT_LINK}"
HOSTILE_ID = 'evil-<b>"1"</b>'
HOSTILE_STORY = "story-<script>"
HOSTILE_VERSION_ID = "evil-<i>2</i>"


def hostile_corpus():
    """A stored corpus whose every text field carries markup and script."""
    from wiredesk.records import (
        Claim,
        Difference,
        Document,
        LedgerEntry,
        LedgerRow,
        Removal,
        Repair,
        Span,
        Story,
        Version,
    )

    lead = f"Officials said {HOSTILE} was found."
    text = f"{lead}\n{HUGE_TOKEN}\nThe ministry said {JAVASCRIPT_LINK} is fake."
    second_start = text.index("The ministry")
    claims = [
        Claim(
            source=[Span(0, 9, "Officials")],
            cue=[Span(10, 14, "said")],
            content=[Span(15, len(lead) - 1, lead[15:-1])],
            via=[f"Publisher {SCRIPT_TAG}", "Officials"],
            source_name="officials",
            sentence=Span(0, len(lead), lead),
        ),
        Claim(
            source=[Span(second_start, second_start + 12, "The ministry")],
            cue=[Span(second_start + 13, second_start + 17, "said")],
            content=[Span(second_start + 18, len(text) - 1, text[second_start + 18 : -1])],
            hedge="denied",
            polarity="negative",
            source_name=f"ministry {EVENT_HANDLER}",
            sentence=Span(second_start, len(text), text[second_start:]),
        ),
    ]
    doc = Document(
        id=HOSTILE_ID,
        raw=text,
        title=f"Title {SCRIPT_TAG}",
        url="javascript:alert('url')",
        publisher=f"Publisher {SCRIPT_TAG}",
        published=None,
        text=text,
        removed=[Removal(f"Donate {EVENT_HANDLER} {HUGE_TOKEN}", f"reason {SCRIPT_TAG}")],
        repairs=[Repair(f"x{SCRIPT_TAG}", "Officials said", f"why {EVENT_HANDLER}")],
        dedup_group="g-evil",
        story=HOSTILE_STORY,
        entities=[JAVASCRIPT_LINK],
        claims=claims,
        versions=[
            Version(HOSTILE_VERSION_ID, 0.9, [Difference("name", SCRIPT_TAG, EVENT_HANDLER)])
        ],
        dedup_evidence={"copies": {HOSTILE_VERSION_ID: 0.8}},
        story_evidence={
            "nearest": HOSTILE_VERSION_ID,
            "similarity": 0.5,
            "shared_names": [SCRIPT_TAG],
            "shared_numbers": [EVENT_HANDLER],
            "day_gap": None,
        },
    )
    story = Story(HOSTILE_STORY, f"Story {HOSTILE}", [HOSTILE_ID], entities=[SCRIPT_TAG])
    entries = [
        LedgerEntry(
            HOSTILE_ID,
            i,
            doc.publisher,
            c.source_name,
            c.origin,
            c.hedge,
            c.polarity,
            [],
            " ".join(s.text for s in c.content),
            via=c.via,
        )
        for i, c in enumerate(claims)
    ]
    row = LedgerRow(
        HOSTILE_STORY,
        f"topic {SCRIPT_TAG}",
        entries,
        "conflict",
        2,
        notes=[f"note {EVENT_HANDLER}"],
    )
    return [doc], [story], [row]


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    from wiredesk.store import connect, save_corpus

    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    docs, stories, ledger = hostile_corpus()
    save_corpus(connect(url), docs, stories, ledger, inputs=["hostile"], summary={})
    return url


STRIKE_TEXT = (
    "The union said more than 3,000 dockworkers joined the strike. "
    "The port authority said only 1,200 workers stayed away."
)
DAM_TEXT = '=HYPERLINK("http://example.invalid") The civil protection agency said 40 people died.'


def desk_corpus():
    """Two stories from three publishers: a strike with a conflict and a copy, and a dam."""
    from datetime import date

    from wiredesk.records import (
        Claim,
        Document,
        LedgerEntry,
        LedgerRow,
        Quantity,
        Removal,
        Repair,
        Span,
        Story,
    )

    union_at = STRIKE_TEXT.index("The union")
    authority_at = STRIKE_TEXT.index("The port authority")
    union = Claim(
        source=[Span(union_at, union_at + 9, "The union")],
        cue=[Span(union_at + 10, union_at + 14, "said")],
        content=[
            Span(union_at + 15, authority_at - 2, STRIKE_TEXT[union_at + 15 : authority_at - 2])
        ],
        quantities=[
            Quantity("more than 3,000 dockworkers", 3000, 3000, None, False, "", "workers")
        ],
        via=["Portwatch", "the union"],
        source_name="the union",
        sentence=Span(union_at, authority_at - 1, STRIKE_TEXT[union_at : authority_at - 1]),
    )
    authority = Claim(
        source=[Span(authority_at, authority_at + 18, "The port authority")],
        cue=[Span(authority_at + 19, authority_at + 23, "said")],
        content=[
            Span(authority_at + 24, len(STRIKE_TEXT) - 1, STRIKE_TEXT[authority_at + 24 : -1])
        ],
        hedge="probable",
        quantities=[Quantity("only 1,200 workers", 1200, 1200, 1200, False, "", "workers")],
        via=["Portwatch", "the port authority"],
        source_name="the port authority",
        sentence=Span(authority_at, len(STRIKE_TEXT), STRIKE_TEXT[authority_at:]),
    )
    agency_at = DAM_TEXT.index("The civil")
    agency = Claim(
        source=[Span(agency_at, agency_at + 27, DAM_TEXT[agency_at : agency_at + 27])],
        cue=[Span(agency_at + 28, agency_at + 32, "said")],
        content=[Span(agency_at + 33, len(DAM_TEXT) - 1, DAM_TEXT[agency_at + 33 : -1])],
        source_name="civil protection agency",
        sentence=Span(agency_at, len(DAM_TEXT), DAM_TEXT[agency_at:]),
    )
    strike = Document(
        id="strike",
        raw=STRIKE_TEXT,
        title="Dockworkers strike in Saltreach",
        publisher="Portwatch",
        published=date(2025, 3, 3),
        text=STRIKE_TEXT,
        removed=[Removal("Subscribe to our newsletter!", "call to action")],
        repairs=[Repair("strike.The", "strike. The", "space after sentence end")],
        dedup_group="g-strike",
        copies=["strike-copy"],
        story="s-strike",
        entities=["Saltreach"],
        claims=[union, authority],
    )
    strike_copy = Document(
        id="strike-copy",
        raw=STRIKE_TEXT,
        title="Dockworkers strike in Saltreach",
        publisher="Eastgate Observer",
        published=date(2025, 3, 4),
        text=STRIKE_TEXT,
        dedup_group="g-strike",
        canonical=False,
        story="s-strike",
        entities=["Saltreach"],
    )
    dam = Document(
        id="dam",
        raw=DAM_TEXT,
        title="Kessarn Dam gives way",
        publisher="Halvik Courier",
        published=date(2025, 6, 1),
        text=DAM_TEXT,
        dedup_group="g-dam",
        story="s-dam",
        entities=["Kessarn Dam"],
        claims=[agency],
    )
    stories = [
        Story(
            "s-strike",
            "Dockworkers strike in Saltreach",
            ["strike", "strike-copy"],
            date(2025, 3, 3),
            date(2025, 3, 4),
            ["Saltreach", "Portwatch"],
        ),
        Story(
            "s-dam",
            "Kessarn Dam gives way",
            ["dam"],
            date(2025, 6, 1),
            date(2025, 6, 1),
            ["Kessarn Dam"],
        ),
    ]

    def entry(doc, index, claim):
        return LedgerEntry(
            doc.id,
            index,
            doc.publisher,
            claim.source_name,
            claim.origin,
            claim.hedge,
            claim.polarity,
            claim.quantities,
            " ".join(s.text for s in claim.content),
            doc.published,
            claim.via,
        )

    ledger = [
        LedgerRow(
            "s-strike",
            "workers joined strike",
            [entry(strike, 0, union), entry(strike, 1, authority)],
            "conflict",
            2,
            notes=["incompatible numbers (workers)"],
        ),
        LedgerRow("s-dam", "people died", [entry(dam, 0, agency)], "single-source", 1),
    ]
    return [strike, strike_copy, dam], stories, ledger


@pytest.fixture
def desk_db(tmp_path: Path) -> str:
    from wiredesk.store import connect, save_corpus

    url = f"sqlite:///{tmp_path / 'desk.db'}"
    docs, stories, ledger = desk_corpus()
    save_corpus(connect(url), docs, stories, ledger, inputs=["desk"], summary={})
    return url


FLOOD_TEXT = "The agency said 40 people died in the flood at Orvel."
FLOOD_VERSION_TEXT = "The agency said 46 people died in the flood at Orvel."


def versions_corpus():
    """One story of three reports: an agency's, a reprint of it, and a later version whose
    death toll differs, with the evidence the dedup and stories stages record."""
    from datetime import date

    from wiredesk.records import Difference, Document, Story, Version

    def report(doc_id, text, publisher, day, **fields):
        return Document(
            id=doc_id,
            raw=text,
            text=text,
            publisher=publisher,
            published=date(2025, 3, day),
            story="s-flood",
            entities=["Orvel"],
            **fields,
        )

    agency = report(
        "flood-agency",
        FLOOD_TEXT,
        "Veldorian Wire",
        3,
        dedup_group="g-flood",
        copies=["flood-reprint"],
        versions=[Version("flood-update", 0.82, [Difference("figure", "40", "46")])],
        dedup_evidence={"copies": {"flood-reprint": 0.97}},
        story_evidence={
            "nearest": "flood-update",
            "similarity": 0.74,
            "shared_names": ["Orvel"],
            "shared_numbers": [],
            "day_gap": 1,
        },
    )
    reprint = report(
        "flood-reprint",
        FLOOD_TEXT,
        "Sarnside Herald",
        3,
        dedup_group="g-flood",
        canonical=False,
        dedup_evidence={"canonical": "flood-agency", "similarity": 0.97, "match": "near"},
        story_evidence={"copy_of": "flood-agency"},
    )
    update = report(
        "flood-update",
        FLOOD_VERSION_TEXT,
        "Veldorian Wire",
        4,
        dedup_group="g-flood-update",
        versions=[Version("flood-agency", 0.82, [Difference("figure", "46", "40")])],
        story_evidence={
            "nearest": "flood-agency",
            "similarity": 0.74,
            "shared_names": ["Orvel"],
            "shared_numbers": [],
            "day_gap": 1,
        },
    )
    story = Story(
        "s-flood",
        "Flood at Orvel",
        [agency.id, reprint.id, update.id],
        date(2025, 3, 3),
        date(2025, 3, 4),
        ["Orvel"],
    )
    return [agency, reprint, update], [story], []


@pytest.fixture
def versions_db(tmp_path: Path) -> str:
    from wiredesk.store import connect, save_corpus

    url = f"sqlite:///{tmp_path / 'versions.db'}"
    docs, stories, ledger = versions_corpus()
    save_corpus(connect(url), docs, stories, ledger, inputs=["versions"], summary={})
    return url
