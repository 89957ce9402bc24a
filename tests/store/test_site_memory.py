"""Repetition across a site, remembered in the store between runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from wiredesk.clean import CleanStage
from wiredesk.clean.repetition import SiteMemory, site_fingerprints, site_of
from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import run_corpus
from wiredesk.records import Document
from wiredesk.stage import StageStats
from wiredesk.store import connect, load_documents, load_site_memory, save_corpus
from wiredesk.store.database import site_pages, site_segments

SITE = "Millbrook Ledger"

# The Ledger's appeal as its pages carry it: re-dated, re-worded in the middle, and broken
# into paragraphs differently from page to page.
APPEALS = [
    [
        "About the Ledger: the Millbrook Ledger is owned by nobody but its 2,100 members.",
        "Independent local reporting costs money, and our small newsroom depends on members "
        "and their dues every single week. Membership starts at $5 a month.",
    ],
    [
        "About the Ledger: the Millbrook Ledger is owned by nobody but its 2,350 members. "
        "Independent local reporting costs money, and our tiny newsroom depends on members "
        "and their dues every single week.",
        "Membership starts at $4 a month.",
    ],
    [
        "About the Ledger: the Millbrook Ledger is owned by nobody but its 2,400 members.",
        "Independent local reporting costs money, and our volunteer-run newsroom depends on "
        "members and their dues every single week.",
        "Membership starts at $6 a month.",
    ],
]

ARTICLES = {
    "ferry": [
        "The river ferry resumed service on Tuesday after a three-week repair of its engine.",
        "Commuters had been driving a forty-minute detour over the county bridge.",
        "The operator said the old engine will be kept as a spare part donor.",
    ],
    "library": [
        "The town library will open on Sundays from next month, the council decided.",
        "Volunteers from the reading club offered to staff the desk in the afternoons.",
        "Opening hours on weekdays stay as they are.",
    ],
    "orchard": [
        "Late frost destroyed most of the cherry blossom in the valley's orchards.",
        "Growers expect a harvest of less than a third of last year's.",
        "Some farms are asking the region for emergency help with seasonal wages.",
    ],
    "rink": [
        "The ice rink on Mill Street will close for good at the end of the season.",
        "Its owners say the cost of cooling the hall has doubled in two years.",
        "A hockey club that trains there is looking for a new home.",
    ],
    "market": [
        "The Saturday market moves to the station square while the old hall is rebuilt.",
        "Stallholders were promised the same rents for the two years of the works.",
        "A shuttle bus will run from the town centre on market days.",
    ],
    "school": [
        "Parents packed the gymnasium of Northside Primary for Wednesday's meeting.",
        "Teachers described leaking roofs and classrooms without working heaters.",
        "The education board promised to publish a repair schedule before summer.",
    ],
}

# A wire story the Ledger printed three times (first edition, update, late edition).
WIRE = [
    "The national rail operator will cut night trains on four lines from January.",
    "The operator blamed falling ticket sales and the rising price of electricity.",
    "Unions said the cuts would leave shift workers without a way home.",
    "The transport ministry said it had not been consulted on the decision.",
]


def page(topic: str, appeal: int) -> str:
    return "\n".join([*ARTICLES[topic], *APPEALS[appeal % len(APPEALS)]])


def ledger_page(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, raw=text, publisher=SITE)


def clean(docs: list[Document], memory: SiteMemory) -> list[Document]:
    CleanStage(site_memory=memory).run(docs, StageStats(name="clean"))
    return docs


def first_run_pages() -> list[Document]:
    topics = ["ferry", "library", "orchard", "rink", "market"]
    return [ledger_page(topic, page(topic, number)) for number, topic in enumerate(topics)]


def test_site_is_the_publisher_else_the_host_of_the_original_url() -> None:
    assert site_of(" Millbrook  Ledger ", "https://example.org/a") == SITE
    archived = "http://web.archive.org/web/20161206154049/http://www.ksla.com/story/33864421/x"
    assert site_of("", archived) == "ksla.com"
    assert site_of("", "https://WWW.Example.org:80/news") == "example.org"
    assert site_of("", "") == ""


def test_fingerprints_ignore_case_numbers_addresses_and_a_word_changed_in_the_middle() -> None:
    first = site_fingerprints("Read or share this story: http://usat.ly/1bqrXLy")
    assert first == site_fingerprints("READ or share this story -- https://usat.ly/29ZfhQs")
    assert site_fingerprints("Copyright 2015 WAVE 3 News.") == site_fingerprints(
        "Copyright 2017 WAVE 12 News"
    )
    small, tiny = (APPEALS[0][1].split(".")[0], APPEALS[1][0].split(". ")[1])
    assert set(site_fingerprints(small)) & set(site_fingerprints(tiny))
    assert not set(site_fingerprints(ARTICLES["ferry"][0])) & set(
        site_fingerprints(ARTICLES["rink"][0])
    )


def test_a_page_alone_loses_the_appeal_its_site_taught_earlier_runs(db_url: str) -> None:
    engine = connect(db_url)
    first = clean(first_run_pages(), load_site_memory(engine))
    memory = load_site_memory(engine)
    clean(first, memory)  # the same pages again: nothing new to learn
    save_corpus(engine, first, [], [], inputs=["first"], summary={}, site_memory=memory)
    for doc in first:
        assert doc.text == "\n".join(ARTICLES[doc.id])

    untaught = clean([ledger_page("school", page("school", 2))], SiteMemory())[0]
    assert "About the Ledger" in untaught.text
    alone = clean([ledger_page("school", page("school", 2))], load_site_memory(engine))[0]
    assert alone.text == "\n".join(ARTICLES["school"])
    assert {removal.reason for removal in alone.removed} == {f"repeated on 6 pages of {SITE}"}
    assert "About the Ledger" in alone.removed[0].text


def test_memory_is_written_once_and_relearning_changes_nothing(db_url: str) -> None:
    engine = connect(db_url)
    memory = load_site_memory(engine)
    pages = clean(first_run_pages(), memory)
    save_corpus(engine, pages, [], [], inputs=["first"], summary={}, site_memory=memory)
    reloaded = load_site_memory(engine)
    clean(first_run_pages(), reloaded)
    assert not [s for segments in reloaded.sites.values() for s in segments.values() if s.changed]
    assert not [p for p in reloaded.pages.values() if p.changed]
    with engine.connect() as conn:
        opening = conn.execute(
            select(site_segments).where(site_segments.c.sample_text.like("About the Ledger%"))
        ).first()
        assert conn.execute(select(func.count()).select_from(site_pages)).scalar() == 5
    assert opening.site == SITE and opening.articles == 5 and opening.first_seen_run == 1
    assert sorted(opening.article_ids) == ["ferry", "library", "market", "orchard", "rink"]


def test_copies_of_one_story_count_once_and_keep_their_text(db_url: str) -> None:
    engine = connect(db_url)
    memory = load_site_memory(engine)
    wire = "\n".join(WIRE)
    docs = clean(
        [
            *first_run_pages(),
            ledger_page("wire-1", wire + "\n" + "\n".join(APPEALS[0])),
            ledger_page("wire-2", wire),
        ],
        memory,
    )
    save_corpus(engine, docs, [], [], inputs=["first"], summary={}, site_memory=memory)
    assert docs[-2].text == docs[-1].text == wire
    assert memory.pages["wire-2"].article == "wire-1"

    late = clean([ledger_page("wire-3", wire)], load_site_memory(engine))[0]
    assert late.text == wire and not late.removed


def test_a_failed_write_leaves_the_memory_as_the_last_run_stored_it(db_url: str) -> None:
    engine = connect(db_url)
    memory = load_site_memory(engine)
    first = clean(first_run_pages()[:3], memory)
    save_corpus(engine, first, [], [], inputs=["first"], summary={}, site_memory=memory)
    later = clean(first_run_pages()[3:], memory)
    same_id_twice = Document(id="ferry", raw="x")
    with pytest.raises(Exception):  # noqa: B017 - any database error will do
        save_corpus(
            engine,
            [*first, *later, same_id_twice],
            [],
            [],
            inputs=[],
            summary={},
            site_memory=memory,
        )
    assert sorted(load_site_memory(engine).pages) == ["ferry", "library", "orchard"]
    assert memory.pages["rink"].changed  # still to be written by the next successful save


def write_jsonl(path: Path, docs: list[Document]) -> Path:
    with path.open("w") as out:
        for doc in docs:
            out.write(json.dumps({"id": doc.id, "text": doc.raw, "publisher": doc.publisher}))
            out.write("\n")
    return path


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, new_db_url) -> tuple:
    folder = tmp_path_factory.mktemp("site-memory")
    engine = connect(new_db_url())
    first = write_jsonl(folder / "first.jsonl", first_run_pages())
    run_corpus([str(first)], engine, IngestOptions())
    second = write_jsonl(folder / "second.jsonl", [ledger_page("school", page("school", 1))])
    run_corpus([str(second)], engine, IngestOptions())
    return engine, second


def test_runs_into_one_database_remember_the_site(two_runs) -> None:
    engine, _ = two_runs
    stored = {doc.id: doc for doc in load_documents(engine)}
    assert stored["school"].text == "\n".join(ARTICLES["school"])
    assert {r.reason for r in stored["school"].removed} == {f"repeated on 6 pages of {SITE}"}
    memory = load_site_memory(engine)
    assert memory.articles_per_site()[SITE] == 6


def test_rerun_on_the_same_input_changes_nothing(two_runs) -> None:
    engine, second = two_runs

    def snapshot() -> tuple:
        with engine.connect() as conn:
            segments = conn.execute(
                select(site_segments).order_by(site_segments.c.fingerprint)
            ).all()
            pages = conn.execute(select(site_pages).order_by(site_pages.c.document_id)).all()
        return segments, pages, [(d.id, d.text) for d in load_documents(engine)]

    before = snapshot()
    report = run_corpus([str(second)], engine, IngestOptions())
    assert not report.changed
    assert snapshot() == before
