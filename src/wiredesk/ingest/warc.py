"""WARC input (``.warc``, ``.warc.gz``, as Common Crawl News publishes it), read by warcio.

The file is streamed record by record: memory holds one HTTP body at most, whatever the
size of the file. Every HTML page response with status 200 becomes a document; every other
record is skipped with a one-line reason, and so is a truncated record. A ``.warc.gz`` is
decompressed here, member by member, rather than by warcio: a damaged gzip member then costs
only the records inside it, because reading resumes at the next member that starts a WARC
record (warcio alone stops at the first damaged member). In an uncompressed file, reading
resumes after a record whose headers cannot be parsed at the next record boundary.

warcio rather than fastwarc: fastwarc parses records several times faster, but this reader
already outpaces the clean stage after it by a few times, and warcio is pure Python, so how it
fails on broken input is plain to read and pinned by the tests.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import zlib
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from wiredesk.ingest.decode import GZIP_MAGIC, RejectedInput, decode_text, looks_binary
from wiredesk.ingest.readers import IngestOptions, IngestProblem, Report, fill_defaults
from wiredesk.records import Document

HTML_TYPES = {"text/html", "application/xhtml+xml"}
# A gzip member header: magic number, then the deflate method byte.
MEMBER_HEADER = GZIP_MAGIC + b"\x08"
# Where one record of an uncompressed WARC ends and the next begins.
RECORD_BOUNDARY = b"\r\n\r\nWARC/1."
READ_STEP = 1 << 16
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard), and so do pages.
WINDOWS_1252_LABELS = {"latin_1", "iso8859_1", "ascii", "cp1252"}


class DamagedGzip(Exception):
    """A gzip member that cannot be decompressed; ``offset`` is where it starts in the file."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


class GzipMembers:
    """The concatenated gzip members of a seekable file, read as one decompressed stream.

    Damage raises :class:`DamagedGzip` (after the bytes decompressed before it have been
    returned); :meth:`resync` then moves to the next member that starts a WARC record.
    """

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self.pending = b""  # compressed bytes read from the file, not yet inflated
        self.pending_at = 0  # file offset of pending[0]
        self.member_at = 0  # file offset of the member being inflated
        self.member_begun = False
        self.out = bytearray()
        self.returned = 0
        self.damage: DamagedGzip | None = None

    def tell(self) -> int:
        return self.returned

    def read(self, size: int = -1) -> bytes:
        if self.damage is not None:
            damage, self.damage = self.damage, None
            raise damage
        try:
            while (size < 0 or len(self.out) < size) and self._inflate_some():
                pass
        except DamagedGzip as exc:
            if not self.out:
                raise
            self.damage = exc
        size = len(self.out) if size < 0 else min(size, len(self.out))
        chunk = bytes(self.out[:size])
        del self.out[:size]
        self.returned += size
        return chunk

    def _inflate_some(self) -> bool:
        if not self.pending:
            self.pending = self.fh.read(READ_STEP)
            if not self.pending:
                if self.member_begun:
                    raise DamagedGzip(
                        self.member_at, "gzip member cut short (the file ends inside it)"
                    )
                return False
        try:
            data = self.inflater.decompress(self.pending, READ_STEP)
        except zlib.error as exc:
            raise DamagedGzip(self.member_at, f"corrupt gzip member ({exc})") from None
        self.member_begun = True
        rest = self.inflater.unused_data if self.inflater.eof else self.inflater.unconsumed_tail
        self.pending_at += len(self.pending) - len(rest)
        self.pending = rest
        if self.inflater.eof:
            self._start_member_at(self.pending_at, keep_pending=True)
        self.out += data
        return True

    def _start_member_at(self, offset: int, *, keep_pending: bool) -> None:
        self.inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        self.member_at = offset
        self.member_begun = False
        if not keep_pending:
            self.fh.seek(offset)
            self.pending, self.pending_at = b"", offset
            self.out.clear()
            self.damage = None

    def resync(self) -> int | None:
        """Skip the damaged member: move to the next member that decompresses to the start
        of a WARC record and return its offset, or None when there is none."""
        position = self.member_at + 1
        while (candidate := find_in_file(self.fh, position, MEMBER_HEADER)) is not None:
            if self._starts_warc_record(candidate):
                self._start_member_at(candidate, keep_pending=False)
                return candidate
            position = candidate + 1
        self.fh.seek(0, 2)
        self._start_member_at(self.fh.tell(), keep_pending=False)
        return None

    def _starts_warc_record(self, offset: int) -> bool:
        self.fh.seek(offset)
        try:
            head = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(self.fh.read(4096), 16)
        except zlib.error:
            return False
        return head.startswith(b"WARC/")


def find_in_file(fh: BinaryIO, position: int, needle: bytes) -> int | None:
    """Offset of the first ``needle`` at or after ``position``, read in steps."""
    fh.seek(position)
    carried = b""
    while block := fh.read(READ_STEP):
        window = carried + block
        found = window.find(needle)
        if found >= 0:
            return position - len(carried) + found
        carried = window[-(len(needle) - 1) :]
        position += len(block)
    return None


def read_warc(path: str, options: IngestOptions, report: Report) -> Iterator[Document]:
    """Yield a document for each HTML page response of the WARC file at ``path``."""
    try:
        with open(path, "rb") as fh:
            if not fh.read(1):
                report(IngestProblem(path, "empty input"))
                return
            fh.seek(0)
            yield from read_warc_stream(path, fh, options, report)
    except OSError as exc:
        report(IngestProblem(path, f"cannot read: {exc.strerror or exc}"))


def read_warc_stream(
    path: str, fh: BinaryIO, options: IngestOptions, report: Report
) -> Iterator[Document]:
    """Documents from an open, seekable WARC stream, gzipped per member or not at all.

    Origins are ``path#N``, N counting the records read (records lost in a damaged gzip
    member are not counted)."""
    gzipped = fh.read(len(GZIP_MAGIC)) == GZIP_MAGIC
    fh.seek(0)
    stream: BinaryIO | GzipMembers = GzipMembers(fh) if gzipped else fh
    ordinal = 0
    while True:
        records = WARCIterator(stream)
        try:
            while True:
                # Counted before next(): a failure there is the failure of this record.
                ordinal += 1
                record = next_record(records)
                if record is None:
                    break
                origin = f"{path}#{ordinal}"
                try:
                    doc = record_document(record, origin, options)
                except RejectedInput as exc:
                    report(IngestProblem(origin, str(exc)))
                    continue
                doc.published = options.published
                yield fill_defaults(doc, options)
            left_over = stream.tell() - records.offset
            if left_over > 0:
                # warcio ends quietly where the file ends inside a record's headers.
                report(
                    IngestProblem(
                        f"{path}#{ordinal}",
                        f"truncated WARC record (the file ends {left_over:,} bytes into it)",
                    )
                )
            return
        except DamagedGzip as exc:
            reason = f"{exc.reason} at byte {exc.offset:,}"
        except UnreadableRecord as exc:
            reason = str(exc)
        where = f"{path}#{ordinal}"
        if isinstance(stream, GzipMembers):
            resumed, resumed_at = stream.resync(), "the member at byte"
        else:
            resumed, resumed_at = next_plain_record(fh, records.offset + 1), "byte"
        if resumed is None:
            report(IngestProblem(where, f"{reason}; no readable record after it"))
            return
        report(IngestProblem(where, f"{reason}; resumed at {resumed_at} {resumed:,}"))


def next_plain_record(fh: BinaryIO, position: int) -> int | None:
    """Move an uncompressed WARC to the next record start after ``position``: a version
    line after the blank lines that end a record."""
    found = find_in_file(fh, position, RECORD_BOUNDARY)
    if found is None:
        return None
    fh.seek(found + len(b"\r\n\r\n"))
    return fh.tell()


class UnreadableRecord(Exception):
    """warcio cannot parse the next record's headers; ``str(exc)`` is the reason."""


def next_record(records: WARCIterator) -> ArcWarcRecord | None:
    try:
        return next(records, None)
    # warcio raises AttributeError on some malformed header blocks.
    except (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, AttributeError) as exc:
        detail = " ".join(str(exc).split())[:160]
        raise UnreadableRecord(f"unreadable WARC record ({detail})") from None


def record_document(record: ArcWarcRecord, origin: str, options: IngestOptions) -> Document:
    """The document of one WARC record, or :class:`RejectedInput` with the reason it has none."""
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    if not isinstance(record.raw_stream, LimitReader):
        raise RejectedInput(
            f"WARC record without Content-Length (cut short or malformed{note(url)})"
        )
    not_a_page = not_a_page_reason(record, url)
    if not_a_page:
        ensure_complete(record, url)
        raise RejectedInput(not_a_page)
    content_type = record.http_headers.get_header("Content-Type") or ""
    body = read_body(record, url, options.max_document_bytes)
    return Document(
        id=record_id(headers.get_header("WARC-Record-ID") or "", url, headers),
        raw=decode_body(body, content_type, url),
        raw_format="html",
        origin=origin,
        url=url,
        fetched=warc_date(headers.get_header("WARC-Date") or ""),
    )


def not_a_page_reason(record: ArcWarcRecord, url: str) -> str:
    """Why a record is not an HTML page fetched with status 200 ("" when it is one)."""
    if record.rec_type != "response":
        return f"WARC {record.rec_type or 'untyped'} record (not a page response{note(url)})"
    http = record.http_headers
    if http is None or not http.statusline:
        return f"WARC response without HTTP headers ({url})"
    status = http.get_statuscode()
    if status != "200":
        return f"HTTP status {status} ({url})"
    mime = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if mime not in HTML_TYPES:
        return f"WARC response not HTML ({mime or 'no content type'}: {url})"
    return ""


def note(url: str) -> str:
    return f": {url}" if url else ""


def read_body(record: ArcWarcRecord, url: str, max_bytes: int) -> bytes:
    """The HTTP body (content and transfer encodings undone), bounded by ``max_bytes``."""
    body = bytearray()
    problem = ""
    try:
        stream = record.content_stream()
        while chunk := stream.read(READ_STEP):
            body += chunk
            if len(body) > max_bytes:
                problem = f"HTTP body over the {max_bytes:,}-byte limit ({url})"
                break
    except (zlib.error, OSError, EOFError, ValueError) as exc:
        problem = f"undecodable HTTP body ({exc.__class__.__name__}: {url})"
    # A body cut short fails to decode too; the cut is the reason to report.
    ensure_complete(record, url)
    if problem:
        raise RejectedInput(problem)
    return bytes(body)


def ensure_complete(record: ArcWarcRecord, url: str) -> None:
    """Read the rest of the record; :class:`RejectedInput` when the file ends before the
    length its header declares."""
    while record.raw_stream.read(READ_STEP):
        pass
    if record.raw_stream.limit > 0:
        missing = record.raw_stream.limit
        raise RejectedInput(f"truncated WARC record ({missing:,} bytes missing{note(url)})")


def decode_body(body: bytes, content_type: str, url: str) -> str:
    """Text of an HTML body: the charset of the HTTP header, else of a <meta> tag, else
    UTF-8 or detection by :func:`decode_text`."""
    if not body.strip():
        raise RejectedInput(f"empty HTTP body ({url})")
    if looks_binary(body):
        raise RejectedInput(f"binary content, not text ({url})")
    header = HEADER_CHARSET.search(content_type)
    meta = META_CHARSET.search(body[:4096])
    label = header.group(1) if header else meta.group(1).decode("ascii") if meta else ""
    if label:
        try:
            encoding = codecs.lookup(label).name
            if encoding.replace("-", "_") in WINDOWS_1252_LABELS:
                encoding = "cp1252"
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: fall through to detection
    return decode_text(body)[0]


def record_id(warc_record_id: str, url: str, headers) -> str:
    """The record's UUID; without one, a hash of URL and fetch time (stable across runs)."""
    record_uuid = warc_record_id.strip("<>").removeprefix("urn:uuid:")
    if record_uuid:
        return record_uuid
    key = f"{url}\n{headers.get_header('WARC-Date') or ''}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def warc_date(value: str) -> date | None:
    """The fetch day of ``WARC-Date`` (``2025-03-02T10:00:00Z``)."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
