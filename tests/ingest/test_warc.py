"""WARC input: page responses become documents; every other record, a truncated record and a
damaged gzip member are skipped with a one-line reason while the rest of the file is read."""

from __future__ import annotations

import io
import json
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wiredesk.clean import CleanStage
from wiredesk.cli import app
from wiredesk.ingest import IngestOptions, IngestProblem, read_documents
from wiredesk.ingest.decode import GZIP_MAGIC
from wiredesk.stage import run_stages

FETCHED = "2025-04-09T08:15:00Z"
FLOOD = (
    "The river authority in Varnholt said on Monday that the new flood barrier had held "
    "through the night, and that about 1,200 residents could return to their homes."
)


def page(n: int, paragraph: str = FLOOD) -> bytes:
    return (
        f"<!doctype html><html><head><title>Barrier {n} holds</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>Barrier {n} holds</h1>"
        f"<p>{paragraph}</p><p>Engineers will inspect barrier {n} again on Thursday "
        f"before the next high tide, the authority said.</p></article></body></html>"
    ).encode()


class Archive:
    """A WARC file written record by record with warcio's writer."""

    def __init__(self, gzip: bool) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gzip)
        self.member_starts: list[int] = []

    def add(self, record) -> Archive:
        self.member_starts.append(self.buffer.tell())
        self.writer.write_record(record)
        return self

    def response(
        self, url: str, body: bytes, content_type="text/html; charset=utf-8", status="200 OK"
    ):
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        return self.add(
            self.writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": FETCHED},
            )
        )

    def request(self, url: str):
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        record = self.writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), http_headers=http
        )
        return self.add(record)

    def other(self, url: str, record_type: str, payload: bytes = b"via: feed\r\n"):
        record = self.writer.create_warc_record(url, record_type, payload=io.BytesIO(payload))
        return self.add(record)

    def bytes(self) -> bytes:
        return self.buffer.getvalue()


def news_archive(gzip: bool) -> Archive:
    """A crawl as Common Crawl News writes it: warcinfo, then request, response, metadata."""
    archive = Archive(gzip)
    archive.add(archive.writer.create_warcinfo_record("news.warc", {"software": "test"}))
    for n in (1, 2, 3):
        url = f"https://varnholt-courier.example/barrier-{n}"
        archive.request(url).response(url, page(n)).other(url, "metadata")
    return archive


def read(path: Path, **options) -> tuple[list, list[IngestProblem]]:
    problems: list[IngestProblem] = []
    docs = list(read_documents([str(path)], IngestOptions(**options), problems.append))
    return docs, problems


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def skipped_reasons(problems: list[IngestProblem]) -> list[str]:
    assert all(p.skipped for p in problems)
    return [p.reason.split(" (")[0] for p in problems]


@pytest.mark.parametrize("name, gzip", [("news.warc", False), ("news.warc.gz", True)])
def test_page_responses_become_documents(tmp_path: Path, name: str, gzip: bool) -> None:
    path = write(tmp_path, name, news_archive(gzip).bytes())
    docs, problems = read(path)
    assert [d.url for d in docs] == [
        f"https://varnholt-courier.example/barrier-{n}" for n in (1, 2, 3)
    ]
    assert all(d.raw_format == "html" and "Barrier" in d.raw and FLOOD in d.raw for d in docs)
    assert {(d.fetched, d.published) for d in docs} == {(date(2025, 4, 9), None)}
    assert len({d.id for d in docs}) == 3
    assert docs[0].origin == f"{path}#3"
    assert sorted(skipped_reasons(problems)) == [
        "WARC metadata record",
        "WARC metadata record",
        "WARC metadata record",
        "WARC request record",
        "WARC request record",
        "WARC request record",
        "WARC warcinfo record",
    ]


def test_ids_are_stable_across_reads(tmp_path: Path) -> None:
    path = write(tmp_path, "news.warc.gz", news_archive(True).bytes())
    assert [d.id for d in read(path)[0]] == [d.id for d in read(path)[0]]


def test_given_date_wins_over_the_fetch_date(tmp_path: Path) -> None:
    path = write(tmp_path, "news.warc", news_archive(False).bytes())
    docs, _ = read(path, published=date(2025, 4, 1), publisher="Varnholt Courier")
    assert {(d.published, d.publisher) for d in docs} == {(date(2025, 4, 1), "Varnholt Courier")}


def test_the_page_date_wins_over_the_fetch_date_which_stands_in_without_one(
    tmp_path: Path,
) -> None:
    dated = page(1).replace(
        b"<head>", b'<head><meta property="article:published_time" content="2019-06-02">'
    )
    archive = Archive(gzip=False)
    archive.response("https://a.example/old", dated).response("https://a.example/new", page(2))
    docs, _ = read(write(tmp_path, "news.warc", archive.bytes()))
    run_stages(docs, [CleanStage()])
    assert {d.url: d.published for d in docs} == {
        "https://a.example/old": date(2019, 6, 2),
        "https://a.example/new": date(2025, 4, 9),
    }


def test_non_html_and_failed_responses_are_skipped_with_reasons(tmp_path: Path) -> None:
    archive = Archive(gzip=True)
    archive.response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    archive.response("https://a.example/report.pdf", b"%PDF-1.7 ...", "application/pdf")
    archive.response("https://a.example/gone", page(9), status="404 Not Found")
    archive.add(
        archive.writer.create_revisit_record(
            "https://a.example/again", "sha1:AAAA", "https://a.example/story", FETCHED
        )
    )
    archive.response("https://a.example/story", page(1))
    docs, problems = read(write(tmp_path, "mixed.warc.gz", archive.bytes()))
    assert [d.url for d in docs] == ["https://a.example/story"]
    assert skipped_reasons(problems) == [
        "WARC response not HTML",
        "WARC response not HTML",
        "HTTP status 404",
        "WARC revisit record",
    ]
    assert "image/png: https://a.example/logo.png" in problems[0].reason


def test_charset_from_http_header_then_meta(tmp_path: Path) -> None:
    latin = "Le maire de Sainte-Anne a déclaré que la digue tiendrait."
    archive = Archive(gzip=False)
    archive.response(
        "https://a.example/h",
        page(1, latin).decode().encode("cp1252"),
        "text/html; charset=ISO-8859-1",
    )
    meta_page = page(2, latin).replace(b"<head>", b'<head><meta charset="windows-1252">')
    archive.response("https://a.example/m", meta_page.decode().encode("cp1252"), "text/html")
    docs, problems = read(write(tmp_path, "charsets.warc", archive.bytes()))
    assert [latin in d.raw for d in docs] == [True, True]
    assert problems == []


@pytest.mark.parametrize(
    "cut_after, reason",
    [
        (b"\r\n\r\n", "truncated WARC record (the file ends "),
        (b"WARC-Target-URI: ", "WARC record without Content-Length (cut short or malformed"),
    ],
)
def test_file_cut_inside_the_headers_of_a_record(tmp_path: Path, cut_after: bytes, reason: str):
    data = news_archive(False).bytes()
    last_response = data.rfind(b"WARC-Type: response")
    marker = data.find(cut_after, last_response)
    assert marker > 0, "the writer's header layout changed"
    docs, problems = read(write(tmp_path, "cut.warc", data[: marker + len(cut_after)]))
    assert len(docs) == 2
    assert problems[-1].skipped and problems[-1].reason.startswith(reason)
    assert problems[-1].origin.endswith("cut.warc#9")  # warcinfo, then 3 records a page


def test_record_cut_inside_its_body(tmp_path: Path) -> None:
    data = news_archive(False).bytes()
    last_body = data.rfind(b"Engineers will inspect")
    docs, problems = read(write(tmp_path, "cut.warc", data[:last_body]))
    assert len(docs) == 2
    assert problems[-1].reason.startswith("truncated WARC record (")
    assert "bytes missing: https://varnholt-courier.example/barrier-3" in problems[-1].reason


def test_truncated_gzip_file(tmp_path: Path) -> None:
    data = news_archive(True).bytes()
    docs, problems = read(write(tmp_path, "cut.warc.gz", data[: len(data) - 200]))
    assert len(docs) == 3  # the cut falls inside the last member, a metadata record
    assert problems[-1].reason.startswith("gzip member cut short")
    assert problems[-1].reason.endswith("no readable record after it")


def test_corrupt_gzip_member_costs_only_its_own_record(tmp_path: Path) -> None:
    archive = news_archive(True)
    data = bytearray(archive.bytes())
    # Member 3 is the first page response; damage the middle of its deflate data.
    start, end = archive.member_starts[2], archive.member_starts[3]
    for i in range(start + 20, start + 60):
        data[i] ^= 0x5A
    assert data[start : start + 3] == GZIP_MAGIC + b"\x08"
    docs, problems = read(write(tmp_path, "bad.warc.gz", bytes(data)))
    assert [d.url[-9:] for d in docs] == ["barrier-2", "barrier-3"]
    damage = [p for p in problems if "gzip" in p.reason]
    assert len(damage) == 1 and damage[0].skipped
    assert damage[0].reason.startswith("corrupt gzip member (")
    assert damage[0].reason.endswith(f"resumed at the member at byte {end:,}")


def test_garbage_instead_of_a_member_header(tmp_path: Path) -> None:
    archive = news_archive(True)
    data = bytearray(archive.bytes())
    start = archive.member_starts[2]
    data[start : start + 2] = b"XX"  # no longer a gzip member at all
    docs, problems = read(write(tmp_path, "bad.warc.gz", bytes(data)))
    assert [d.url[-9:] for d in docs] == ["barrier-2", "barrier-3"]
    assert any(p.reason.startswith("corrupt gzip member") for p in problems)


def test_garbled_record_in_a_plain_file_costs_only_that_record(tmp_path: Path) -> None:
    data = news_archive(False).bytes()
    first_response = data.rfind(b"WARC/1.", 0, data.find(b"WARC-Type: response"))
    garbled = data[:first_response] + b"XARC" + data[first_response + 4 :]
    docs, problems = read(write(tmp_path, "garbled.warc", garbled))
    assert [d.url[-9:] for d in docs] == ["barrier-2", "barrier-3"]
    unreadable = [p for p in problems if p.reason.startswith("unreadable WARC record")]
    assert len(unreadable) == 1 and "first line: XARC/1.0" in unreadable[0].reason
    assert unreadable[0].origin.endswith("garbled.warc#3")
    assert "; resumed at byte " in unreadable[0].reason


def test_empty_and_non_warc_files(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.warc", b"")
    text = write(tmp_path, "notes.warc", b"just some notes, not an archive\n")
    docs, problems = read(empty)
    assert docs == [] and [p.reason for p in problems] == ["empty input"]
    docs, problems = read(text)
    assert docs == [] and problems[0].reason.startswith("unreadable WARC record")


def test_oversized_body_is_skipped(tmp_path: Path) -> None:
    archive = Archive(gzip=True)
    archive.response("https://a.example/big", page(1, FLOOD * 200))
    archive.response("https://a.example/small", page(2))
    docs, problems = read(write(tmp_path, "big.warc.gz", archive.bytes()), max_document_bytes=5_000)
    assert [d.url for d in docs] == ["https://a.example/small"]
    assert problems[0].reason.startswith("HTTP body over the 5,000-byte limit")


def test_gzip_content_encoding_is_undone(tmp_path: Path) -> None:
    archive = Archive(gzip=False)
    compressor = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
    body = compressor.compress(page(1)) + compressor.flush()
    http = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        protocol="HTTP/1.1",
    )
    archive.add(
        archive.writer.create_warc_record(
            "https://a.example/z", "response", payload=io.BytesIO(body), http_headers=http
        )
    )
    docs, problems = read(write(tmp_path, "z.warc", archive.bytes()))
    assert FLOOD in docs[0].raw and problems == []


def test_uncompressed_warc_on_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(news_archive(False).bytes()))
    monkeypatch.setattr(sys, "stdin", stdin)
    problems: list[IngestProblem] = []
    docs = list(read_documents(["-"], IngestOptions(), problems.append))
    assert [d.origin for d in docs] == ["-#3", "-#6", "-#9"]


def test_folder_walk_picks_up_warc_files(tmp_path: Path) -> None:
    write(tmp_path, "crawl.warc.gz", news_archive(True).bytes())
    docs, _ = read(tmp_path)
    assert len(docs) == 3


def test_extract_command_gives_the_article_text(tmp_path: Path) -> None:
    archive = news_archive(True)
    archive.response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
    path = write(tmp_path, "news.warc.gz", archive.bytes())
    result = CliRunner().invoke(app, ["extract", str(path)], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 3
    assert all(FLOOD in row["text"] and "Home" not in row["text"] for row in rows)
    assert "not HTML" in result.stderr
