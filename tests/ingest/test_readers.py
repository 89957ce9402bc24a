"""Ingest: every input kind, and every bad input reported with a reason while the run goes on."""

from __future__ import annotations

import gzip
import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from wiredesk.ingest import IngestOptions, IngestProblem, read_documents

ARTICLE = "The harbour authority said on Monday that the strike had ended after talks."


def read(paths, **options) -> tuple[list, list[IngestProblem]]:
    problems: list[IngestProblem] = []
    docs = list(read_documents([str(p) for p in paths], IngestOptions(**options), problems.append))
    return docs, problems


def test_text_file_id_is_name_without_extensions(tmp_path: Path) -> None:
    path = tmp_path / "report_001.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode()))
    docs, problems = read([path])
    assert [d.id for d in docs] == ["report_001"]
    assert docs[0].raw == ARTICLE and docs[0].raw_format == "text"
    assert problems == []


def test_html_file_is_marked_html(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    docs, _ = read([tmp_path / "page.htm"])
    assert docs[0].raw_format == "html"


def test_jsonl_fields_and_defaults(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a",
            "text": ARTICLE,
            "title": "Strike ends",
            "publisher": "Harbour Post",
            "published": "2025-03-02",
            "url": "https://example.org/a",
        },
        {"id": "b", "html": f"<p>{ARTICLE}</p>"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    docs, problems = read([path], published=date(2025, 1, 1), publisher="Given Publisher")
    a, b = docs
    assert (a.id, a.title, a.publisher, a.published) == (
        "a",
        "Strike ends",
        "Harbour Post",
        date(2025, 3, 2),
    )
    assert (b.raw_format, b.publisher, b.published) == ("html", "Given Publisher", date(2025, 1, 1))
    assert problems == []


def test_folder_is_recursive_sorted_and_skips_unsupported(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text(ARTICLE)
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE)
    (tmp_path / "notes.md").write_text("not an input")
    docs, problems = read([tmp_path])
    assert [d.id for d in docs] == ["b", "a"]
    assert any("unsupported type" in p.reason and not p.skipped for p in problems)


def test_glob_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE)
    (tmp_path / "two.txt").write_text(ARTICLE)
    docs, problems = read([tmp_path / "*.txt", tmp_path / "absent.txt"])
    assert [d.id for d in docs] == ["one", "two"]
    assert [p.reason for p in problems] == ["no such file, folder or matching glob"]


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    docs, _ = read(["-"])
    assert docs[0].id == "stdin" and docs[0].raw == ARTICLE


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b" \n\t\n", "empty input"),
        ("binary.txt", bytes(range(256)) * 20, "binary content, not text"),
        ("truncated.txt.gz", gzip.compress(ARTICLE.encode() * 50)[:40], "truncated gzip stream"),
    ],
)
def test_bad_file_is_reported_and_run_goes_on(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "zz_good.txt").write_text(ARTICLE)
    docs, problems = read([tmp_path])
    assert [d.id for d in docs] == ["zz_good"]
    assert [(Path(p.origin).name, p.reason) for p in problems] == [(name, reason)]


def test_invalid_utf8_is_decoded_by_detection_not_crashed(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes(
        "Le port de Sète a rouvert après la grève.".encode("cp1252")
    )
    docs, problems = read([tmp_path / "latin.txt"])
    assert docs[0].raw == "Le port de Sète a rouvert après la grève."
    assert [(p.reason, p.skipped) for p in problems] == [
        ("not valid UTF-8: decoded as cp1252", False)
    ]


def test_stray_invalid_bytes_in_utf8_are_replaced_and_noted(tmp_path: Path) -> None:
    (tmp_path / "damaged.txt").write_bytes(ARTICLE.encode() * 5 + b"\xff" + ARTICLE.encode())
    docs, problems = read([tmp_path / "damaged.txt"])
    assert docs[0].raw.count("\ufffd") == 1
    assert problems[0].reason == "utf-8 with invalid bytes replaced"


def test_utf16_with_bom(tmp_path: Path) -> None:
    (tmp_path / "wide.txt").write_bytes(ARTICLE.encode("utf-16"))
    docs, _ = read([tmp_path / "wide.txt"])
    assert docs[0].raw == ARTICLE


def test_gzip_bomb_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 5_000_000))
    docs, problems = read([tmp_path / "bomb.txt.gz"], max_document_bytes=1_000_000)
    assert docs == []
    assert "inflates past" in problems[0].reason


def test_malformed_jsonl_lines_are_skipped_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok1", "text": ARTICLE}),
                '{"id": "broken", "text": ',
                json.dumps(["not", "an", "object"]),
                json.dumps({"id": "notext"}),
                json.dumps({"id": "ok2", "text": ARTICLE, "published": "yesterday"}),
            ]
        )
    )
    docs, problems = read([path])
    assert [d.id for d in docs] == ["ok1", "ok2"]
    reasons = {p.origin.rsplit(":", 1)[1]: p.reason for p in problems}
    assert reasons["2"].startswith("malformed JSON")
    assert reasons["3"] == "JSON line is not an object"
    assert reasons["4"] == "no 'text' or 'html' field with content"
    assert reasons["5"] == "unreadable published date 'yesterday'"
    assert docs[1].published is None


def test_truncated_gzipped_jsonl_keeps_lines_before_the_cut(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": f"d{i}", "text": ARTICLE * 20}) + "\n" for i in range(200))
    packed = gzip.compress(lines.encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    docs, problems = read([tmp_path / "cut.jsonl.gz"])
    assert 0 < len(docs) < 200
    assert "truncated or corrupt gzip" in problems[-1].reason


def test_duplicate_ids_are_renamed_not_lost(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(ARTICLE)
    docs, problems = read([tmp_path])
    assert [d.id for d in docs] == ["same", "same#2"]
    assert "duplicate id" in problems[0].reason


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "doc.txt").write_text(ARTICLE)
    docs, _ = read([tmp_path])
    assert [d.id for d in docs] == ["doc"]
