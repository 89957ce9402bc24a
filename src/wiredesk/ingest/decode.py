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
    """Decompress every member of a gzip stream, refusing to inflate past ``max_bytes``
    (gzip bombs); zero padding after the last member is ignored, as gzip(1) does."""
    out = bytearray()
    remaining = data
    try:
        while remaining:
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            pending = remaining
            while pending and not inflater.eof:
                out += inflater.decompress(pending, max_bytes + 1 - len(out))
                if len(out) > max_bytes:
                    raise RejectedInput(f"gzip inflates past the {max_bytes:,}-byte limit")
                pending = inflater.unconsumed_tail
            if not inflater.eof:
                raise RejectedInput("truncated gzip stream")
            remaining = inflater.unused_data.lstrip(b"\x00")
    except zlib.error as exc:
        raise RejectedInput(f"corrupt gzip data ({exc})") from None
    return bytes(out)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters in the first 8 KiB."""
    head = data[:8192]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if utf16_without_bom(head) is not None:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.05


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the first 8 KiB read as UTF-16 of mostly Latin text
    with no byte-order mark: nearly every high byte NUL, nearly no low byte NUL."""
    head = data[: 8192 & ~1]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even_nul = head[0::2].count(0) / pairs
    odd_nul = head[1::2].count(0) / pairs
    if odd_nul >= 0.9 and even_nul <= 0.05:
        return "utf-16-le"
    if even_nul >= 0.9 and odd_nul <= 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; return the text and the encoding used.

    UTF-8 (with or without BOM) and UTF-16 (BOM-marked, or by its NUL bytes) first; anything
    else goes to charset_normalizer, and an undecidable input is rejected rather than guessed.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise RejectedInput("invalid UTF-16 after a UTF-16 byte-order mark") from None
    if (utf16 := utf16_without_bom(data)) is not None:
        try:
            return data.decode(utf16), f"{utf16} without a byte-order mark"
        except UnicodeDecodeError:
            raise RejectedInput(f"invalid {utf16} (no byte-order mark)") from None
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


def open_lines(data: bytes, *, gzipped: bool, max_bytes: int, max_line_bytes: int):
    """Yield raw lines of a (possibly gzipped) JSONL input; a truncated gzip ends the stream
    with :class:`RejectedInput` after the lines that could be read.

    A line longer than ``max_line_bytes`` is read past in chunks, never held whole (a gzip
    bomb may be one endless line), and yielded cut to ``max_line_bytes + 1`` bytes.
    """
    gzipped = gzipped or data.startswith(GZIP_MAGIC)
    stream = gzip.GzipFile(fileobj=io.BytesIO(data)) if gzipped else io.BytesIO(data)
    total = 0
    try:
        while line := stream.readline(max_line_bytes + 1):
            total += len(line)
            if len(line) > max_line_bytes and not line.endswith(b"\n"):
                total += skip_line(stream, max_bytes + 1 - total)
            if total > max_bytes:
                grows = "gzip inflates" if gzipped else "file is"
                raise RejectedInput(f"{grows} past the {max_bytes:,}-byte limit")
            yield line
    except (EOFError, OSError, zlib.error) as exc:
        raise RejectedInput(f"truncated or corrupt gzip stream ({exc})") from None


def skip_line(stream: io.BufferedIOBase, budget: int) -> int:
    """Read to the end of the current line, or ``budget`` bytes; return how many were read."""
    skipped = 0
    while skipped < budget and (chunk := stream.readline(min(1 << 20, budget - skipped))):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped
