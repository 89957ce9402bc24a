"""Expand inputs (files, folders, globs, ``-``) and read each into documents.

Every problem is reported as an :class:`IngestProblem` with a one-line reason and the
run goes on with the next document.
"""

from __future__ import annotations

import glob
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wiredesk.ingest.decode import (
    RejectedInput,
    decode_text,
    looks_binary,
    open_lines,
    read_bytes,
)
from wiredesk.records import Document

TEXT_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
JSONL_SUFFIX = ".jsonl"
WARC_SUFFIX = ".warc"
SUPPORTED = (*TEXT_SUFFIXES, JSONL_SUFFIX, WARC_SUFFIX)


@dataclass(kw_only=True, slots=True)
class IngestOptions:
    """How inputs are read.

    ``published`` and ``publisher`` fill in what an input lacks (``--date``, ``--publisher``);
    ``max_document_bytes`` bounds one document after decompression (default 20 MB);
    ``max_file_bytes`` bounds a JSONL file after decompression (default 2 GB).
    """

    published: date | None = None
    publisher: str = ""
    max_document_bytes: int = 20_000_000
    max_file_bytes: int = 2_000_000_000


@dataclass(slots=True, frozen=True)
class IngestProblem:
    """An input that was skipped or read with a caveat."""

    origin: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


Report = Callable[[IngestProblem], None]


def split_suffixes(name: str) -> tuple[str, str, bool]:
    """``a.jsonl.gz`` -> (stem ``a``, kind suffix ``.jsonl``, gzipped True)."""
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    if gzipped:
        name, lower = name[:-3], lower[:-3]
    for suffix in SUPPORTED:
        if lower.endswith(suffix):
            return name[: -len(suffix)], suffix, gzipped
    return Path(name).stem if "." in name else name, "", gzipped


def expand_inputs(inputs: Iterable[str], report: Report) -> Iterator[str]:
    """Files, folders (recursive, sorted, symlinked folders not followed) and globs.

    ``-`` stands for stdin.  Inside folders only supported file types are read; a file
    named explicitly is read whatever its name (as text when the type is unknown).
    """
    for item in inputs:
        if item == "-":
            yield item
        elif os.path.isdir(item):
            yield from walk_folder(item, report)
        elif os.path.exists(item):
            yield item
        else:
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                report(IngestProblem(item, "no such file, folder or matching glob"))
            files = (
                path
                for match in unique_real_paths(matches)
                for path in (walk_folder(match, report) if os.path.isdir(match) else [match])
            )
            # ``**`` matches nested folders and follows symlinked ones (a link loop matches
            # each file once per lap): each file is read once.
            yield from unique_real_paths(files)


def unique_real_paths(paths: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for path in paths:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            yield path


def walk_folder(folder: str, report: Report) -> Iterator[str]:
    ignored = 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            if split_suffixes(name)[1]:
                yield os.path.join(root, name)
            else:
                ignored += 1
    if ignored:
        report(
            IngestProblem(folder, f"ignored {ignored} file(s) of unsupported type", skipped=False)
        )


def read_documents(
    inputs: Iterable[str], options: IngestOptions, report: Report
) -> Iterator[Document]:
    """Yield documents from ``inputs`` in order; problems go to ``report``."""
    seen_ids: set[str] = set()
    for path in expand_inputs(inputs, report):
        for doc in read_path(path, options, report):
            if doc.id in seen_ids:
                original = doc.id
                n = 2
                while f"{original}#{n}" in seen_ids:
                    n += 1
                doc.id = f"{original}#{n}"
                report(
                    IngestProblem(
                        doc.origin,
                        f"duplicate id {original!r} renamed to {doc.id!r}",
                        skipped=False,
                    )
                )
            seen_ids.add(doc.id)
            yield doc


def read_path(path: str, options: IngestOptions, report: Report) -> Iterator[Document]:
    name = "stdin" if path == "-" else os.path.basename(path)
    stem, suffix, gzipped = split_suffixes(name)
    if suffix == WARC_SUFFIX and path != "-":
        # Imported here so that warcio loads only when a WARC file is read.
        from wiredesk.ingest.warc import read_warc

        yield from read_warc(path, options, report)
        return
    try:
        if path != "-" and (too_big := over_size_limit(path, suffix, gzipped, options)):
            report(IngestProblem(path, too_big))
            return
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        report(IngestProblem(path, f"cannot read: {exc.strerror or exc}"))
        return
    if suffix == JSONL_SUFFIX or (path == "-" and data.lstrip()[:1] == b"{"):
        yield from read_jsonl(path, stem, data, gzipped, options, report)
        return
    if path == "-" and data.startswith(b"WARC/"):
        from wiredesk.ingest.warc import read_warc_stream

        yield from read_warc_stream(path, io.BytesIO(data), options, report)
        return
    try:
        data = read_bytes(data, gzipped=gzipped, max_bytes=options.max_document_bytes)
        text, encoding = bytes_to_text(data)
    except RejectedInput as exc:
        report(IngestProblem(path, str(exc)))
        return
    if not encoding.startswith("utf-"):
        report(IngestProblem(path, f"not valid UTF-8: decoded as {encoding}", skipped=False))
    elif encoding not in ("utf-8", "utf-8-sig", "utf-16"):
        report(IngestProblem(path, encoding, skipped=False))
    raw_format = TEXT_SUFFIXES.get(suffix) or ("html" if looks_like_html(text) else "text")
    yield fill_defaults(Document(id=stem, raw=text, raw_format=raw_format, origin=path), options)


def over_size_limit(path: str, suffix: str, gzipped: bool, options: IngestOptions) -> str:
    """Why a plain file is too big to read into memory at all ("" when it is not)."""
    if gzipped:
        return ""
    limit = options.max_file_bytes if suffix == JSONL_SUFFIX else options.max_document_bytes
    size = os.path.getsize(path)
    return f"{size:,} bytes is over the {limit:,}-byte limit" if size > limit else ""


def bytes_to_text(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise RejectedInput("empty input")
    if looks_binary(data):
        raise RejectedInput("binary content, not text")
    text, encoding = decode_text(data)
    if not text.strip():
        raise RejectedInput("empty input")
    return text, encoding


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def read_jsonl(
    path: str, stem: str, data: bytes, gzipped: bool, options: IngestOptions, report: Report
) -> Iterator[Document]:
    line_no = 0
    try:
        for line_no, line in enumerate(
            open_lines(
                data,
                gzipped=gzipped,
                max_bytes=options.max_file_bytes,
                max_line_bytes=options.max_document_bytes,
            ),
            start=1,
        ):
            if not line.strip():
                continue
            origin = f"{path}:{line_no}"
            try:
                doc = jsonl_document(line, stem, line_no, origin, options, report)
            except RejectedInput as exc:
                report(IngestProblem(origin, str(exc)))
                continue
            yield fill_defaults(doc, options)
    except RejectedInput as exc:
        report(IngestProblem(path, f"{exc}; stopped after line {line_no}"))


def jsonl_document(
    line: bytes, stem: str, line_no: int, origin: str, options: IngestOptions, report: Report
) -> Document:
    if len(line) > options.max_document_bytes:
        limit = options.max_document_bytes
        raise RejectedInput(f"line over the {limit:,}-byte document size limit")
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RejectedInput(f"malformed JSON ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(record, dict):
        raise RejectedInput("JSON line is not an object")
    html, text = record.get("html"), record.get("text")
    body, raw_format = (html, "html") if isinstance(html, str) and html.strip() else (text, "text")
    if not isinstance(body, str) or not body.strip():
        raise RejectedInput("no 'text' or 'html' field with content")
    doc_id = record.get("id")
    if doc_id is None or str(doc_id).strip() == "":
        doc_id = f"{stem}-{line_no}"
        report(IngestProblem(origin, f"no id; using {doc_id!r}", skipped=False))
    published = None
    if record.get("published"):
        published = parse_date(str(record["published"]))
        if published is None:
            report(
                IngestProblem(
                    origin, f"unreadable published date {record['published']!r}", skipped=False
                )
            )
    return Document(
        id=str(doc_id),
        raw=body,
        raw_format=raw_format,
        origin=origin,
        title=str(record.get("title") or ""),
        url=str(record.get("url") or ""),
        publisher=str(record.get("publisher") or ""),
        published=published,
    )


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def fill_defaults(doc: Document, options: IngestOptions) -> Document:
    if doc.published is None:
        doc.published = options.published
    if not doc.publisher and options.publisher:
        doc.publisher = options.publisher
    return doc
