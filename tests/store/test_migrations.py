"""A database made by the first version of the schema is upgraded in place by ``connect``: its
documents and claims stay, the columns added since come with their defaults, and claims of
unknown provenance are never taken for current ones."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Engine,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    insert,
    make_url,
    select,
)

from wiredesk.records import Difference, Document, Version
from wiredesk.store import connect, load_documents, save_corpus, stored_claims_keys
from wiredesk.store.database import (
    SCHEMA_VERSION,
    Key,
    StoredText,
    claims,
    ledger_rows,
    runs,
    schema_version,
    site_pages,
    site_segments,
    stories,
    work_cache,
)
from wiredesk.store.migrations import SchemaTooNew


def version_1_schema() -> MetaData:
    """The tables as the first release made them: ``documents`` without the fields added
    since, no work cache, no schema version; the other tables as they still are."""
    old = MetaData()
    Table(
        "documents",
        old,
        Column("id", Key, primary_key=True),
        Column("content_key", String(64), nullable=False),
        Column("origin", StoredText, nullable=False, default=""),
        Column("title", StoredText, nullable=False, default=""),
        Column("url", StoredText, nullable=False, default=""),
        Column("publisher", StoredText, nullable=False, default=""),
        Column("publisher_inferred", Boolean, nullable=False, default=False),
        Column("published", Date, nullable=True),
        Column("raw", StoredText, nullable=False),
        Column("raw_format", String(8), nullable=False),
        Column("text", StoredText, nullable=False, default=""),
        Column("removed", JSON, nullable=False),
        Column("repairs", JSON, nullable=False),
        Column("dedup_group", Key, nullable=False, default=""),
        Column("canonical", Boolean, nullable=False, default=True),
        Column("copies", JSON, nullable=False),
        Column("story", Key, nullable=False, default="", index=True),
        Column("entities", JSON, nullable=False),
        Column("skip_reason", StoredText, nullable=False, default=""),
    )
    for table in (claims, stories, ledger_rows, site_segments, site_pages, runs):
        table.to_metadata(old)
    return old


def plain_engine(url: str) -> Engine:
    """An engine that leaves the schema alone (``connect`` would upgrade it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed)


def version_1_database(url: str) -> None:
    """A database as version 1 left it: one document with one claim, one run."""
    old = version_1_schema()
    engine = plain_engine(url)
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(old.tables["documents"]),
            {
                "id": "a1",
                "content_key": "key-of-a1",
                "published": date(2026, 3, 3),
                "raw": "Officials said 40 people were hurt.",
                "raw_format": "text",
                "text": "Officials said 40 people were hurt.",
                "removed": [],
                "repairs": [],
                "dedup_group": "dup-a1",
                "copies": [],
                "story": "story-a1",
                "entities": ["Officials"],
            },
        )
        conn.execute(
            insert(claims),
            {
                "document_id": "a1",
                "idx": 0,
                "source_name": "officials",
                "source_type": "officials",
                "hedge": "asserted",
                "polarity": "positive",
                "data": {"source": [], "cue": [], "content": [], "via": ["Officials"]},
            },
        )
    engine.dispose()


def test_connect_upgrades_a_version_1_database_keeping_its_rows(db_url: str) -> None:
    version_1_database(db_url)
    engine = connect(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(schema_version.c.version)).scalars().all() == [SCHEMA_VERSION]
        assert conn.execute(select(work_cache)).all() == []
    [doc] = load_documents(engine)
    assert (doc.id, doc.text, doc.story, doc.input_key) == (
        "a1",
        "Officials said 40 people were hurt.",
        "story-a1",
        "key-of-a1",
    )
    assert [c.via for c in doc.claims] == [["Officials"]]
    assert (doc.language, doc.language_confidence) == ("", 0.0)
    assert (doc.versions, doc.dedup_evidence, doc.story_evidence) == ([], {}, {})
    # Which span finder and code made the old claims is unknown: no run may reuse them.
    assert stored_claims_keys(engine) == {"a1": ""}


def test_upgraded_database_stores_the_new_fields(db_url: str) -> None:
    version_1_database(db_url)
    engine = connect(db_url)
    [doc] = load_documents(engine)
    doc.language, doc.language_confidence = "en", 0.97
    doc.versions = [Version("a2", 0.91, [Difference("figure", "40", "50")])]
    doc.dedup_evidence = {"copies": {"a3": 1.0}}
    doc.story_evidence = {"nearest": "a2", "similarity": 0.4, "day_gap": 1}
    save_corpus(engine, [doc], [], [], inputs=[], summary={}, claims_keys={"a1": "k" * 64})
    engine.dispose()
    engine = connect(db_url)  # a second connect finds the schema current and changes nothing
    assert load_documents(engine) == [doc]
    assert stored_claims_keys(engine) == {"a1": "k" * 64}


def test_connect_refuses_a_database_from_a_newer_version(db_url: str) -> None:
    engine = connect(db_url)
    with engine.begin() as conn:
        conn.execute(delete(schema_version))
        conn.execute(insert(schema_version), {"version": SCHEMA_VERSION + 1})
    engine.dispose()
    with pytest.raises(SchemaTooNew):
        connect(db_url)


def test_new_database_starts_at_the_current_version(db_url: str) -> None:
    engine = connect(db_url)
    save_corpus(engine, [Document(id="b1", raw="x")], [], [], inputs=[], summary={})
    with engine.connect() as conn:
        assert conn.execute(select(schema_version.c.version)).scalars().all() == [SCHEMA_VERSION]
