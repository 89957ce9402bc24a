"""Bytes to text: gzip, size limits, binary detection and character encodings."""

from __future__ import annotations

import codecs
import gzip
import io
import zlib

GZIP_MAGIC = b"\x1f\x8b"


class RejectedInput(Exception):
    """The input cannot become a document; ``str(exc)`` is the one-line reason."""


def gunzip_limited(data: bytes, max_bytes: int) -> bytes:
    """Decompress a gzip stream, refusing to inflate past ``max_bytes`` (gzip bombs)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = io.BytesIO()
    view = memoryview(data)
    step = 1 << 16
    pos = 0
    try:
        while pos < len(view) or inflater.unconsumed_tail:
            chunk = inflater.unconsumed_tail or view[pos : pos + step]
            if not inflater.unconsumed_tail:
                pos += step
            out.write(inflater.decompress(chunk, max_bytes + 1 - out.tell()))
            if out.tell() > max_bytes:
                raise RejectedInput(f"gzip inflates past the {max_bytes:,}-byte limit")
            if inflater.eof:
                break
    except zlib.error as exc:
        raise RejectedInput(f"corrupt gzip data ({exc})") from None
    if not inflater.eof:
        raise RejectedInput("truncated gzip stream")
    return out.getvalue()


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters in the first 8 KiB."""
    head = data[:8192]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.05


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; return the text and the encoding used.

    UTF-8 (with or without BOM) and BOM-marked UTF-16 first; anything else goes to
    charset_normalizer, and an undecidable input is rejected rather than guessed.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise RejectedInput("invalid UTF-16 after a UTF-16 byte-order mark") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # A few stray bytes in otherwise valid UTF-8 are damage, not another encoding.
    mostly_utf8 = data.decode("utf-8", errors="replace")
    if mostly_utf8.count("\ufffd") <= max(1, len(data) // 1000) and first_bad > 0:
        return mostly_utf8, "utf-8 with invalid bytes replaced"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise RejectedInput("not valid UTF-8 and no other text encoding fits")
    # Browsers read the whole single-byte Latin family as windows-1252 (WHATWG); short
    # texts make the detector pick a sibling code page whose accents come out wrong.
    if best.encoding.startswith(("cp125", "iso8859", "latin")):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), best.encoding


def read_bytes(data: bytes, *, gzipped: bool, max_bytes: int) -> bytes:
    """Apply gzip (by name or by magic number) and the size limit."""
    if gzipped or data.startswith(GZIP_MAGIC):
        data = gunzip_limited(data, max_bytes)
    if len(data) > max_bytes:
        raise RejectedInput(f"{len(data):,} bytes is over the {max_bytes:,}-byte limit")
    return data


def open_lines(data: bytes, *, gzipped: bool, max_bytes: int):
    """Yield raw lines of a (possibly gzipped) JSONL input; a truncated gzip ends the stream
    with :class:`RejectedInput` after the lines that could be read."""
    if not (gzipped or data.startswith(GZIP_MAGIC)):
        yield from io.BytesIO(data)
        return
    total = 0
    stream = gzip.GzipFile(fileobj=io.BytesIO(data))
    try:
        for line in stream:
            total += len(line)
            if total > max_bytes:
                raise RejectedInput(f"gzip inflates past the {max_bytes:,}-byte limit")
            yield line
    except (EOFError, OSError, zlib.error) as exc:
        raise RejectedInput(f"truncated or corrupt gzip stream ({exc})") from None
