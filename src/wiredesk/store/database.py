"""Tables and the two operations the pipeline needs: load the corpus, save it atomically.

Every run writes its corpus in one transaction: a crash leaves the corpus as it was before
the run.  Only the work cache is written as a run goes (committed batches of claims that a
re-run after a crash reuses, ``checkpoint.py``); the corpus transaction empties it.
``connect`` brings a database made by an older version up to this schema (``migrations.py``).
Stories and ledger rows are derived from the documents, so a run replaces them whole.  The
site memory (segments repeated across the articles of a site, ``site_segments`` and
``site_pages``) only grows: a run adds what it learnt in the same transaction.

SQLite and PostgreSQL behave alike here: every connection works inside one transaction that
sees a single committed state, so a reader (the web server) that runs several queries while a
run writes sees the previous run or the new one whole, never a mix; keys compare and sort by
code point on both.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    bindparam,
    create_engine,
    delete,
    event,
    insert,
    make_url,
    select,
    text,
    update,
)

from wiredesk.ingest.keys import content_key
from wiredesk.records import Document, LedgerRow, Story
from wiredesk.serialize import (
    claim_from_dict,
    claim_to_dict,
    ledger_row_from_dict,
    ledger_row_to_dict,
    plain,
    removals_from,
    repairs_from,
    version_from_dict,
)
from wiredesk.store.checkpoint import crash_point
from wiredesk.store.migrations import upgrade_schema

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from wiredesk.clean.repetition import SiteMemory

DEFAULT_DB_URL = "sqlite:///wiredesk.db"

# Keys sort and compare by code point, as SQLite's default BINARY collation does, whatever the
# locale a PostgreSQL database was created with.
Key = String().with_variant(String(collation="C"), "postgresql")

# Stands for NUL in PostgreSQL text (and for itself, doubled); a private-use character, so
# ordinary text is stored unchanged.
_NUL_ESCAPE = "\ue000"
_ESCAPED = re.compile(_NUL_ESCAPE + "(.)", re.DOTALL)


class StoredText(TypeDecorator):
    """Text kept exactly as given, NUL characters included: SQLite stores them, PostgreSQL's
    text type refuses them, so there they are escaped on the way in and restored on the way
    out."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if value is None or dialect.name != "postgresql":
            return value
        if "\x00" not in value and _NUL_ESCAPE not in value:
            return value
        return value.replace(_NUL_ESCAPE, _NUL_ESCAPE * 2).replace("\x00", _NUL_ESCAPE + "0")

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        if value is None or dialect.name != "postgresql" or _NUL_ESCAPE not in value:
            return value
        return _ESCAPED.sub(lambda m: "\x00" if m.group(1) == "0" else m.group(1), value)


metadata = MetaData()

documents = Table(
    "documents",
    metadata,
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
    # Schema version 2.  Columns added after version 1 carry a server default, so that
    # ``upgrade_schema`` can add them to the documents a version 1 database holds.
    Column("language", String(16), nullable=False, server_default=""),
    Column("language_confidence", Float, nullable=False, server_default="0"),
    Column("versions", JSON, nullable=False, server_default=text("'[]'")),
    Column("dedup_evidence", JSON, nullable=False, server_default=text("'{}'")),
    Column("story_evidence", JSON, nullable=False, server_default=text("'{}'")),
    # What the claims were extracted from (``checkpoint.claims_key``); "" when none were, or
    # when they come from a database older than the key: such claims are never reused.
    Column("claims_key", String(64), nullable=False, server_default=""),
    # Schema version 3: what an incremental stories run compares a new article with
    # (``stories.incremental.ArticleProfile``); {} for copies and for databases older than
    # it, which their next run groups in batch once.
    Column("story_profile", JSON, nullable=False, server_default=text("'{}'")),
)

claims = Table(
    "claims",
    metadata,
    Column("document_id", Key, ForeignKey("documents.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("source_name", StoredText, nullable=False),
    Column("source_type", String, nullable=False),
    Column("hedge", String, nullable=False),
    Column("polarity", String, nullable=False),
    Column("data", JSON, nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Key, primary_key=True),
    Column("title", StoredText, nullable=False),
    Column("first_published", Date, nullable=True),
    Column("last_published", Date, nullable=True),
    Column("entities", JSON, nullable=False),
    Column("document_ids", JSON, nullable=False),
)

ledger_rows = Table(
    "ledger_rows",
    metadata,
    Column("story", Key, primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("topic", StoredText, nullable=False),
    Column("verdict", String, nullable=False),
    Column("independent_sources", Integer, nullable=False),
    Column("data", JSON, nullable=False),
)

site_segments = Table(
    "site_segments",
    metadata,
    Column("site", Key, primary_key=True),
    Column("fingerprint", Key, primary_key=True),
    Column("articles", Integer, nullable=False),
    Column("article_ids", JSON, nullable=False),
    Column("first_seen_run", Integer, nullable=True),
    Column("sample_text", StoredText, nullable=False),
)

site_pages = Table(
    "site_pages",
    metadata,
    Column("document_id", Key, primary_key=True),
    Column("site", String, nullable=False),
    Column("article", String, nullable=False),
    Column("article_chars", Integer, nullable=False),
)

# Results a run committed as it went, keyed by everything they depend on, so that a run killed
# before its final transaction can be resumed without redoing them (``checkpoint.py``).  The
# corpus transaction empties it: by then every result is in the corpus tables.
work_cache = Table(
    "work_cache",
    metadata,
    Column("kind", Key, primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("data", JSON, nullable=False),
)

# One row: the version of the schema the database has (``SCHEMA_VERSION`` after ``connect``).
schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
)
SCHEMA_VERSION = 3

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("finished", DateTime, nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("summary", JSON, nullable=False),
)


def connect(url: str = DEFAULT_DB_URL) -> Engine:
    """An engine with the schema in place (created on first use).  A plain ``postgresql://``
    URL gets the psycopg (version 3) driver, the one the project depends on."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "postgresql":
        # One snapshot per transaction: the loaders' several queries agree with each other.
        engine = create_engine(parsed, isolation_level="REPEATABLE READ")
    else:
        engine = create_engine(parsed)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    metadata.create_all(engine)
    upgrade_schema(engine, metadata, schema_version, SCHEMA_VERSION)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module's own transaction handling starts a transaction only before a write,
    # so consecutive reads would each see a different committed state; SQLAlchemy's BEGIN
    # (``_sqlite_begin``) takes over instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the web UI) see the last committed run while a new one writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN")


def document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "content_key": doc.input_key or content_key(doc),
        "origin": doc.origin,
        "title": doc.title,
        "url": doc.url,
        "publisher": doc.publisher,
        "publisher_inferred": doc.publisher_inferred,
        "published": doc.published,
        "raw": doc.raw,
        "raw_format": doc.raw_format,
        "text": doc.text,
        "removed": plain(doc.removed),
        "repairs": plain(doc.repairs),
        "dedup_group": doc.dedup_group,
        "canonical": doc.canonical,
        "copies": list(doc.copies),
        "story": doc.story,
        "entities": list(doc.entities),
        "skip_reason": doc.skip_reason,
        "language": doc.language,
        "language_confidence": doc.language_confidence,
        "versions": plain(doc.versions),
        "dedup_evidence": doc.dedup_evidence,
        "story_evidence": doc.story_evidence,
    }


def save_corpus(
    engine: Engine,
    docs: list[Document],
    story_records: list[Story],
    ledger: list[LedgerRow],
    *,
    inputs: list[str],
    summary: dict[str, Any],
    site_memory: SiteMemory | None = None,
    claims_keys: dict[str, str] | None = None,
    story_profiles: dict[str, dict] | None = None,
) -> None:
    """Replace the stored corpus with ``docs`` and what was derived from them, and add what
    ``site_memory`` learnt, atomically.  ``claims_keys``: document id -> what its claims were
    extracted from, so that a later run can reuse them; ``story_profiles``: document id -> what
    a later run's stories stage compares new articles with.  The work cache is emptied in the
    same transaction: the run it served is complete."""
    claims_keys = claims_keys or {}
    story_profiles = story_profiles or {}
    with engine.begin() as conn:
        run_id = _insert_run(conn, inputs, summary)
        if site_memory is not None:
            save_site_memory(conn, site_memory, run_id)
        conn.execute(delete(ledger_rows))
        conn.execute(delete(stories))
        conn.execute(delete(claims))
        conn.execute(delete(documents))
        conn.execute(delete(work_cache))
        if docs:
            conn.execute(
                insert(documents),
                [
                    document_row(d)
                    | {
                        "claims_key": claims_keys.get(d.id, ""),
                        "story_profile": story_profiles.get(d.id, {}),
                    }
                    for d in docs
                ],
            )
        claim_rows = [
            {
                "document_id": d.id,
                "idx": i,
                "source_name": c.source_name,
                "source_type": c.source_type,
                "hedge": c.hedge,
                "polarity": c.polarity,
                "data": claim_to_dict(c),
            }
            for d in docs
            for i, c in enumerate(d.claims)
        ]
        if claim_rows:
            conn.execute(insert(claims), claim_rows)
        if story_records:
            conn.execute(
                insert(stories),
                [
                    {
                        "id": s.id,
                        "title": s.title,
                        "first_published": s.first_published,
                        "last_published": s.last_published,
                        "entities": list(s.entities),
                        "document_ids": list(s.document_ids),
                    }
                    for s in story_records
                ],
            )
        row_counters: dict[str, int] = {}
        ledger_records = []
        for row in ledger:
            idx = row_counters.get(row.story, 0)
            row_counters[row.story] = idx + 1
            ledger_records.append(
                {
                    "story": row.story,
                    "idx": idx,
                    "topic": row.topic,
                    "verdict": row.verdict,
                    "independent_sources": row.independent_sources,
                    "data": ledger_row_to_dict(row),
                }
            )
        if ledger_records:
            conn.execute(insert(ledger_rows), ledger_records)
        crash_point("save")
    if site_memory is not None:
        site_memory.saved()


def _insert_run(conn: Connection, inputs: list[str], summary: dict[str, Any]) -> int:
    result = conn.execute(
        insert(runs),
        {
            "finished": datetime.now(UTC).replace(tzinfo=None),
            "inputs": inputs,
            "summary": json.loads(json.dumps(summary, default=str)),
        },
    )
    return result.inserted_primary_key[0]


def save_site_memory(conn: Connection, memory: SiteMemory, run_id: int | None) -> None:
    """Write what ``memory`` learnt since it was loaded (new rows first seen in ``run_id``);
    the caller's transaction commits it, and then calls ``memory.saved()``."""
    new_segments, grown_segments = [], []
    for site, segments in memory.sites.items():
        for fingerprint, segment in segments.items():
            if not segment.changed:
                continue
            row = {
                "site": site,
                "fingerprint": fingerprint,
                "articles": len(segment.articles),
                "article_ids": list(segment.articles),
            }
            if segment.stored:
                grown_segments.append(row)
            else:
                new_segments.append(
                    row | {"first_seen_run": run_id, "sample_text": segment.sample_text}
                )
    if new_segments:
        conn.execute(insert(site_segments), new_segments)
    if grown_segments:
        conn.execute(
            update(site_segments)
            .where(site_segments.c.site == bindparam("key_site"))
            .where(site_segments.c.fingerprint == bindparam("key_fingerprint"))
            .values(articles=bindparam("articles"), article_ids=bindparam("article_ids")),
            [
                {
                    "key_site": row["site"],
                    "key_fingerprint": row["fingerprint"],
                    "articles": row["articles"],
                    "article_ids": row["article_ids"],
                }
                for row in grown_segments
            ],
        )
    changed_pages = [page_id for page_id, page in memory.pages.items() if page.changed]
    for chunk in _chunks(changed_pages, 500):
        conn.execute(delete(site_pages).where(site_pages.c.document_id.in_(chunk)))
    if changed_pages:
        conn.execute(
            insert(site_pages),
            [
                {
                    "document_id": page_id,
                    "site": memory.pages[page_id].site,
                    "article": memory.pages[page_id].article,
                    "article_chars": memory.pages[page_id].article_chars,
                }
                for page_id in changed_pages
            ],
        )


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def load_site_memory(engine: Engine) -> SiteMemory:
    """Everything earlier runs learnt about each site's repeated segments."""
    from wiredesk.clean.repetition import SiteMemory, SitePage, SiteSegment

    memory = SiteMemory()
    with engine.connect() as conn:
        # The sample wordings stay in the store: only a new segment's own is ever written.
        remembered = select(
            site_segments.c.site,
            site_segments.c.fingerprint,
            site_segments.c.article_ids,
            site_segments.c.first_seen_run,
        )
        for row in conn.execute(remembered):
            memory.sites.setdefault(row.site, {})[row.fingerprint] = SiteSegment(
                articles=list(row.article_ids),
                sample_text="",
                first_seen_run=row.first_seen_run,
                stored=True,
                changed=False,
            )
        for row in conn.execute(select(site_pages)):
            memory.pages[row.document_id] = SitePage(
                row.site, row.article, row.article_chars, changed=False
            )
    return memory


def load_documents(engine: Engine) -> list[Document]:
    """Every stored document with its claims, in insertion order of ids."""
    with engine.connect() as conn:
        claim_map: dict[str, list] = {}
        for row in conn.execute(select(claims).order_by(claims.c.document_id, claims.c.idx)):
            claim_map.setdefault(row.document_id, []).append(claim_from_dict(row.data))
        docs = []
        for row in conn.execute(select(documents).order_by(documents.c.id)):
            docs.append(
                Document(
                    id=row.id,
                    raw=row.raw,
                    raw_format=row.raw_format,
                    origin=row.origin,
                    title=row.title,
                    url=row.url,
                    publisher=row.publisher,
                    publisher_inferred=row.publisher_inferred,
                    published=row.published,
                    text=row.text,
                    removed=removals_from(row.removed),
                    repairs=repairs_from(row.repairs),
                    dedup_group=row.dedup_group,
                    canonical=row.canonical,
                    copies=list(row.copies),
                    story=row.story,
                    entities=list(row.entities),
                    claims=claim_map.get(row.id, []),
                    skip_reason=row.skip_reason,
                    input_key=row.content_key,
                    language=row.language,
                    language_confidence=row.language_confidence,
                    versions=[version_from_dict(v) for v in row.versions],
                    dedup_evidence=dict(row.dedup_evidence),
                    story_evidence=dict(row.story_evidence),
                )
            )
    return docs


def stored_keys(engine: Engine) -> dict[str, str]:
    """Document id -> content key, to tell new input from input already stored."""
    with engine.connect() as conn:
        return dict(conn.execute(select(documents.c.id, documents.c.content_key)).all())


def stored_claims_keys(engine: Engine) -> dict[str, str]:
    """Document id -> what its stored claims were extracted from ("" where that is unknown)."""
    with engine.connect() as conn:
        return dict(conn.execute(select(documents.c.id, documents.c.claims_key)).all())


def load_story_profiles(engine: Engine) -> dict[str, dict]:
    """Document id -> its stored story profile, for the documents that have one."""
    with engine.connect() as conn:
        rows = conn.execute(select(documents.c.id, documents.c.story_profile)).all()
    return {row.id: row.story_profile for row in rows if row.story_profile}


def load_work_cache(engine: Engine, kind: str, keys: list[str]) -> dict[str, Any]:
    """The cached results of ``kind`` among ``keys``: key -> data."""
    found: dict[str, Any] = {}
    with engine.connect() as conn:
        for chunk in _chunks(sorted(set(keys)), 500):
            query = select(work_cache.c.key, work_cache.c.data).where(
                work_cache.c.kind == kind, work_cache.c.key.in_(chunk)
            )
            found.update((row.key, row.data) for row in conn.execute(query))
    return found


def save_work_cache(engine: Engine, kind: str, results: dict[str, Any]) -> None:
    """Commit ``results`` (key -> data) of ``kind`` at once; keys already cached keep their
    data, which equal keys make equal."""
    with engine.begin() as conn:
        cached = set()
        for chunk in _chunks(sorted(results), 500):
            query = select(work_cache.c.key).where(
                work_cache.c.kind == kind, work_cache.c.key.in_(chunk)
            )
            cached.update(conn.execute(query).scalars())
        rows = [
            {"kind": kind, "key": key, "data": data}
            for key, data in results.items()
            if key not in cached
        ]
        if rows:
            conn.execute(insert(work_cache), rows)


def load_stories(engine: Engine) -> list[Story]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(stories).order_by(stories.c.first_published.asc().nulls_first(), stories.c.id)
        ).all()
    return [
        Story(
            id=r.id,
            title=r.title,
            document_ids=list(r.document_ids),
            first_published=r.first_published,
            last_published=r.last_published,
            entities=list(r.entities),
        )
        for r in rows
    ]


def load_ledger(engine: Engine, story: str | None = None) -> list[LedgerRow]:
    query = select(ledger_rows).order_by(ledger_rows.c.story, ledger_rows.c.idx)
    if story is not None:
        query = query.where(ledger_rows.c.story == story)
    with engine.connect() as conn:
        return [ledger_row_from_dict(r.data) for r in conn.execute(query)]
