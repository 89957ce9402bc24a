"""Exports of the stored corpus: articles, claims, ledger rows and stories as JSONL, CSV, Parquet.

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or
carriage return) are prefixed with a quote: article text is data, never code.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def export_table(engine: Engine, what: str, fmt: str, output: Path | None) -> int:
    """Write table ``what`` in format ``fmt`` to ``output`` (stdout when None); return rows."""
    rows = list(TABLES[what](engine))
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        if output is None:
            raise ValueError("Parquet output needs a file")
        pq.write_table(pa.Table.from_pylist([flat_for_table(r) for r in rows]), output)
        return len(rows)
    with open(output, "w", newline="", encoding="utf-8") if output else _stdout() as stream:
        if fmt == "jsonl":
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            fields = list(rows[0]) if rows else []
            writer = csv.DictWriter(stream, fieldnames=fields)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: neutralise_cell(v) for k, v in row.items()})
    return len(rows)


class _stdout:
    """stdout as a context manager that is not closed on exit."""

    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc_info: object) -> None:
        sys.stdout.flush()
