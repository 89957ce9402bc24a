"""Exports of the stored corpus: articles, claims, ledger rows and stories as JSONL, CSV, Parquet.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or
carriage return) are prefixed with a quote: article text is data, never code.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine

from wiredesk.serialize import claim_to_dict, iso, ledger_row_to_dict, story_to_dict

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# The stored document columns an article export carries (the raw input stays in the database).
ARTICLE_FIELDS = (
    "id",
    "story",
    "publisher",
    "publisher_inferred",
    "published",
    "title",
    "url",
    "dedup_group",
    "canonical",
    "copies",
    "text",
    "removed",
    "repairs",
    "skip_reason",
)


def article_rows(engine: Engine) -> Iterator[dict[str, Any]]:
    from wiredesk.store import load_documents
    from wiredesk.store.database import document_row

    for doc in load_documents(engine):
        row = document_row(doc)
        yield {field: row[field] for field in ARTICLE_FIELDS} | {"published": iso(doc.published)}


def claim_rows(engine: Engine) -> Iterator[dict[str, Any]]:
    from wiredesk.store import load_documents

    for doc in load_documents(engine):
        for index, claim in enumerate(doc.claims):
            data = claim_to_dict(claim)
            yield {
                "document_id": doc.id,
                "claim_index": index,
                "story": doc.story,
                "publisher": doc.publisher,
                "source_text": " ".join(s["text"] for s in data["source"]),
                "cue_text": " ".join(s["text"] for s in data["cue"]),
                "content_text": " ".join(s["text"] for s in data["content"]),
                **data,
            }


def ledger_rows(engine: Engine) -> Iterator[dict[str, Any]]:
    from wiredesk.store import load_ledger

    yield from (ledger_row_to_dict(row) for row in load_ledger(engine))


def story_rows(engine: Engine) -> Iterator[dict[str, Any]]:
    from wiredesk.store import load_stories

    yield from (story_to_dict(story) for story in load_stories(engine))


TABLES = {
    "articles": article_rows,
    "claims": claim_rows,
    "ledger": ledger_rows,
    "stories": story_rows,
}


def neutralise_cell(value: Any) -> Any:
    """A flat CSV cell: nested values as JSON, formula-like strings defused."""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def flat_for_table(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        for k, v in row.items()
    }


EXPORT_MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def table_rows(engine: Engine, what: str, story: str | None = None) -> list[dict[str, Any]]:
    """The rows of table ``what``, only those of ``story`` when given."""
    rows = TABLES[what](engine)
    if story is None:
        return list(rows)
    story_key = "id" if what == "stories" else "story"
    return [row for row in rows if row[story_key] == story]


def write_text(rows: list[dict[str, Any]], fmt: str, stream: IO[str]) -> None:
    """JSONL or CSV (formula-like cells neutralised) to a text stream."""
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    fields = list(rows[0]) if rows else []
    writer = csv.DictWriter(stream, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise_cell(v) for k, v in row.items()})


def write_parquet(rows: list[dict[str, Any]], sink: Path | IO[bytes]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([flat_for_table(r) for r in rows]), sink)


def export_bytes(engine: Engine, what: str, fmt: str, story: str | None = None) -> bytes:
    """Table ``what`` in format ``fmt`` as the bytes of a file (for the HTTP API)."""
    rows = table_rows(engine, what, story)
    if fmt == "parquet":
        sink = io.BytesIO()
        write_parquet(rows, sink)
        return sink.getvalue()
    text = io.StringIO(newline="")
    write_text(rows, fmt, text)
    return text.getvalue().encode("utf-8")


def export_table(engine: Engine, what: str, fmt: str, output: Path | None) -> int:
    """Write table ``what`` in format ``fmt`` to ``output`` (stdout when None); return rows."""
    rows = table_rows(engine, what)
    if fmt == "parquet":
        if output is None:
            raise ValueError("Parquet output needs a file")
        write_parquet(rows, output)
        return len(rows)
    with open(output, "w", newline="", encoding="utf-8") if output else _stdout() as stream:
        write_text(rows, fmt, stream)
    return len(rows)


class _stdout:
    """stdout as a context manager that is not closed on exit."""

    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc_info: object) -> None:
        sys.stdout.flush()
