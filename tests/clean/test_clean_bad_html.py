"""Bad HTML never ends a run: one test per case, each through ingest and clean beside a good
page that must come through the same run untouched.

Small pages live in ``tests/data/bad_html``; the large ones are written per test.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wiredesk.clean.html import PARSER_MAX_DEPTH, HtmlOptions
from wiredesk.cli import app
from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import RunReport, run_task

PAGES = Path(__file__).resolve().parents[1] / "data" / "bad_html"
GOOD_SENTENCE = "The island ferry resumed its regular timetable on Friday"
ARTICLE = (
    "<article><h1>Dam inspection finds cracks</h1>"
    + "<p>Engineers found three new cracks in the spillway of the Harlow dam on Monday, the "
    "water authority said, and the reservoir will be lowered by a metre as a precaution.</p>"
    * 3
    + "</article>"
)


def extract(bad: Path) -> RunReport:
    return run_task("extract", [str(bad), str(PAGES / "good.html")], IngestOptions())


def outcome(report: RunReport, doc_id: str):
    """The document of that id, after checking the good page of the run came through."""
    docs = {doc.id: doc for doc in report.documents}
    assert not docs["good"].skip_reason
    assert docs["good"].text.splitlines()[1].startswith(GOOD_SENTENCE)
    return docs.get(doc_id)


def page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Test page</title></head><body>{body}</body></html>"


def test_truncated_mid_tag_keeps_the_text_before_the_cut() -> None:
    doc = outcome(extract(PAGES / "truncated.html"), "truncated")
    assert not doc.skip_reason
    assert doc.text.splitlines()[1].startswith(GOOD_SENTENCE)
    assert "About 400 residents" in doc.text and "mainl" not in doc.text


def test_deeply_nested_divs_do_not_hide_the_article(tmp_path: Path) -> None:
    nested = tmp_path / "nested.html"
    nested.write_text(page("<div>" * 100_000 + ARTICLE + "</div>" * 100_000))
    doc = outcome(extract(nested), "nested")
    assert not doc.skip_reason
    assert doc.text.startswith("Dam inspection finds cracks\nEngineers found three new cracks")


def test_a_deep_widget_before_the_article_does_not_swallow_it(tmp_path: Path) -> None:
    # libxml2 drops everything after an element nested past its limit, silently.
    widget = tmp_path / "widget.html"
    widget.write_text(page("<div>" * 1_000 + "ad" + "</div>" * 1_000 + ARTICLE))
    doc = outcome(extract(widget), "widget")
    assert "Engineers found three new cracks" in doc.text


def test_nesting_that_cannot_be_flattened_is_dropped_with_its_reason(tmp_path: Path) -> None:
    quotes = tmp_path / "quotes.html"
    quotes.write_text(page("<blockquote>" * 100_000 + ARTICLE + "</blockquote>" * 100_000))
    doc = outcome(extract(quotes), "quotes")
    assert doc.skip_reason == (
        f"clean: no article text (HTML nested deeper than the parser's {PARSER_MAX_DEPTH} levels)"
    )


def test_huge_page_is_dropped_in_bounded_time(tmp_path: Path) -> None:
    paragraph = "<p>The council met again on Tuesday to discuss the budget, members said.</p>\n"
    huge = tmp_path / "huge.html"
    huge.write_text(page(paragraph * (19_000_000 // len(paragraph))))
    started = time.perf_counter()
    doc = outcome(extract(huge), "huge")
    # trafilatura alone takes about three minutes over this page on the 2-core machine.
    assert time.perf_counter() - started < 60
    limit = HtmlOptions().max_html_chars
    assert doc.skip_reason.startswith("clean: no article text (HTML of 19,")
    assert doc.skip_reason.endswith(f"over the {limit:,}-character limit)")


def test_huge_page_of_scripts_and_styles_keeps_its_article(tmp_path: Path) -> None:
    script = "<script>var tracking = " + json.dumps(["x" * 1000] * 4_000) + ";</script>"
    style = "<style>" + ".promo { color: red; }\n" * 100_000 + "</style>"
    ballast = tmp_path / "ballast.html"
    ballast.write_text(page(script + style + ARTICLE + script))
    assert ballast.stat().st_size > HtmlOptions().max_html_chars * 5
    doc = outcome(extract(ballast), "ballast")
    assert not doc.skip_reason
    assert doc.text.startswith("Dam inspection finds cracks")


def test_page_without_text_is_dropped_with_its_reason() -> None:
    doc = outcome(extract(PAGES / "no_text.html"), "no_text")
    assert doc.skip_reason == "clean: no article text in the HTML"


@pytest.mark.parametrize(
    "name",
    [
        "declared_latin1_utf8_bytes",  # <meta charset="iso-8859-1">, bytes in UTF-8
        "xml_declared_latin1_utf8_bytes",  # the same declared in an XML declaration
        "declared_utf8_latin1_bytes",  # <meta charset="utf-8">, bytes in ISO-8859-1
    ],
)
def test_wrong_charset_declaration_reads_the_bytes_as_they_are(name: str) -> None:
    report = extract(PAGES / f"{name}.html")
    doc = outcome(report, name)
    assert not doc.skip_reason
    assert "the harbour master, Søren Müller, said at the café," in doc.text
    notes = [problem.reason for problem in report.problems]
    assert notes == (["not valid UTF-8: decoded as cp1252"] if "latin1_bytes" in name else [])


def test_binary_junk_named_html_is_skipped_with_its_reason(tmp_path: Path) -> None:
    junk = tmp_path / "junk.html"
    junk.write_bytes(random.Random(7).randbytes(50_000))
    report = extract(junk)
    assert outcome(report, "junk") is None
    assert [str(problem) for problem in report.problems] == [f"{junk}: binary content, not text"]


def test_one_command_over_every_case_keeps_the_good_page(tmp_path: Path) -> None:
    for source in PAGES.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "nested.html").write_text(page("<div>" * 100_000 + ARTICLE + "</div>" * 100_000))
    (tmp_path / "junk.html").write_bytes(random.Random(7).randbytes(50_000))
    result = CliRunner().invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert rows["good"]["text"].splitlines()[1].startswith(GOOD_SENTENCE)
    assert rows["nested"]["text"].startswith("Dam inspection finds cracks")
    assert rows["no_text"]["text"] == ""
    assert "junk" not in rows
