"""Properties that hold for any input: every reader and the clean stage give a result or a
clean rejection with a reason, and never let an exception escape the stage."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wiredesk.clean import CleanStage
from wiredesk.ingest import IngestOptions, IngestProblem, read_documents
from wiredesk.ingest.decode import RejectedInput, decode_text, gunzip_limited
from wiredesk.records import Document
from wiredesk.stage import StageStats

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Small limits so that generated input also crosses them.
OPTIONS = IngestOptions(max_document_bytes=4_000, max_file_bytes=20_000)

TAGS = (
    "html",
    "body",
    "head",
    "title",
    "script",
    "style",
    "p",
    "div",
    "article",
    "a",
    "br",
    "li",
    "ul",
    "table",
    "td",
    "h1",
    "nav",
    "footer",
    "span",
    "!--",
    "![CDATA[",
    "?xml",
)
WORDS = (
    "The",
    "council",
    "said",
    "on",
    "Monday",
    "that",
    "U.S.",
    "officials",
    "Ukraines",
    "govern-",
    "ment",
    "Subscribe",
    "now",
    "Read",
    "more",
    "Dear",
    "readers",
    "café",
    "Ã©",
    "“quoted”",
    "3.5%",
    "\u200b",
    "\ufffd",
    "\x00",
    "&amp;",
    "&#0;",
    "&nbsp;",
)

plain_text = st.text(max_size=600)
words = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
tag = st.builds(
    lambda name, closing, attribute: f"<{'/' if closing else ''}{name}{attribute}>",
    st.sampled_from(TAGS),
    st.booleans(),
    st.sampled_from(("", ' class="nav"', ' href="/x"', " lang=ru", ' charset="latin-1"')),
)
markup = st.lists(st.one_of(tag, words, plain_text, st.just("\n")), max_size=40).map("".join)
# Past libxml2's 255 levels, and pages of many short repeated lines (menus, link lists).
nested = st.builds(
    lambda depth, inner, element: f"<{element}>" * depth + inner + f"</{element}>" * depth,
    st.integers(min_value=200, max_value=1_500),
    st.one_of(words, markup),
    st.sampled_from(("div", "span", "b", "table")),
)
many_lines = st.builds(
    lambda lines, repeat: "\n".join(lines * repeat),
    st.lists(st.one_of(words, plain_text), min_size=1, max_size=10),
    st.integers(min_value=1, max_value=30),
)
any_text = st.one_of(plain_text, words, markup, nested, many_lines)
encoded = st.builds(
    lambda text, encoding: text.encode(encoding, errors="replace"),
    any_text,
    st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252")),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = ("id", "text", "html", "title", "url", "publisher", "published")
records = st.dictionaries(st.sampled_from(FIELDS), json_values | any_text, max_size=len(FIELDS))
json_line = st.one_of(
    records.map(lambda r: json.dumps(r).encode()),
    json_values.map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "replace")),
    st.binary(max_size=200),
)
jsonl_payload = st.lists(json_line, max_size=8).map(b"\n".join)
payload = st.one_of(st.binary(max_size=3_000), encoded)


def gzipped(data: bytes, cut: int | None) -> bytes:
    """``data`` gzipped, cut short when ``cut`` is given (a truncated download)."""
    packed = gzip.compress(data)
    return packed if cut is None else packed[: cut % (len(packed) + 1)]


maybe_cut = st.none() | st.integers(min_value=0)


def assert_read_cleanly(path: Path) -> list[Document]:
    """Reading never raises; every document has content and every problem a one-line reason."""
    problems: list[IngestProblem] = []
    docs = list(read_documents([str(path)], OPTIONS, problems.append))
    for doc in docs:
        assert isinstance(doc.raw, str) and doc.raw.strip()
        assert doc.raw_format in ("text", "html")
        assert doc.id
    for problem in problems:
        assert problem.reason.strip() and "\n" not in problem.reason
    event("read a document" if docs else "rejected")
    return docs


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


@PROPERTY_SETTINGS
@given(data=payload, name=st.sampled_from(("doc.txt", "page.html", "unnamed")))
def test_text_and_html_readers_take_any_bytes(scratch: Path, data: bytes, name: str) -> None:
    path = scratch / name
    path.write_bytes(data)
    docs = assert_read_cleanly(path)
    assert len(docs) <= 1


@PROPERTY_SETTINGS
@given(data=payload, cut=maybe_cut, name=st.sampled_from(("doc.txt.gz", "page.html.gz")))
def test_gzip_readers_take_any_bytes(scratch: Path, data: bytes, cut: int | None, name: str):
    path = scratch / name
    path.write_bytes(gzipped(data, cut))
    docs = assert_read_cleanly(path)
    if cut is not None:
        assert docs == [] or docs[0].raw.strip()


@PROPERTY_SETTINGS
@given(lines=jsonl_payload, cut=maybe_cut, packed=st.booleans())
def test_jsonl_reader_takes_any_lines(scratch: Path, lines: bytes, cut: int | None, packed: bool):
    path = scratch / ("batch.jsonl.gz" if packed else "batch.jsonl")
    path.write_bytes(gzipped(lines, cut) if packed else lines)
    docs = assert_read_cleanly(path)
    assert len(docs) <= lines.count(b"\n") + 1


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=3_000))
def test_reader_takes_any_bytes_under_a_gzip_name(scratch: Path, data: bytes) -> None:
    path = scratch / "not_gzip.jsonl.gz"
    path.write_bytes(data)
    assert_read_cleanly(path)


@PROPERTY_SETTINGS
@given(texts=st.lists(st.tuples(any_text, st.sampled_from(("text", "html"))), max_size=3))
def test_clean_stage_keeps_text_or_drops_with_a_reason(texts: list[tuple[str, str]]) -> None:
    docs = [
        Document(id=f"d{i}", raw=raw, raw_format=raw_format, origin="hypothesis")
        for i, (raw, raw_format) in enumerate(texts)
    ]
    stats = StageStats(name="clean")
    CleanStage().run(docs, stats)
    for doc in docs:
        event("dropped" if doc.skip_reason else "kept")
        if doc.skip_reason:
            assert doc.skip_reason.startswith("clean: ") and "\n" not in doc.skip_reason
        else:
            assert doc.text.strip(), f"kept with no text: {doc.raw!r}"
    assert sum(stats.dropped.values()) == sum(1 for doc in docs if doc.skip_reason)


@PROPERTY_SETTINGS
@given(chunks=st.lists(st.binary(max_size=500), min_size=1, max_size=4), limit=st.integers(0, 3000))
def test_gunzip_reads_every_member_up_to_the_limit(chunks: list[bytes], limit: int) -> None:
    members = b"".join(gzip.compress(chunk) for chunk in chunks)
    whole = b"".join(chunks)
    assert gzip.decompress(members) == whole
    if len(whole) <= limit:
        assert gunzip_limited(members, limit) == whole
    else:
        with pytest.raises(RejectedInput, match="inflates past"):
            gunzip_limited(members, limit)


@PROPERTY_SETTINGS
@given(
    text=st.text(st.characters(min_codepoint=32, max_codepoint=255), min_size=8, max_size=400),
    codec=st.sampled_from(("utf-16-le", "utf-16-be")),
)
def test_latin_text_in_utf16_without_bom_is_decoded(text: str, codec: str) -> None:
    # Every high byte is NUL and no low byte is, so nothing here can read as a byte-order mark.
    assert decode_text(text.encode(codec)) == (text, f"{codec} without a byte-order mark")
