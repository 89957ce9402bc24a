"""HTML through trafilatura with page metadata, and bad input: a drop reason or a result."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wiredesk.clean import CleanStage
from wiredesk.records import Document
from wiredesk.stage import StageStats

DATA = Path(__file__).resolve().parents[1] / "data" / "clean"
PARAGRAPH = (
    "<p>The regional council approved the new budget on Monday after a long debate "
    "about school funding, road repairs and the future of the ferry service.</p>"
)


def clean(doc: Document) -> tuple[Document, StageStats]:
    stats = StageStats(name="clean")
    CleanStage().run([doc], stats)
    return doc, stats


def test_html_article_with_metadata() -> None:
    raw = (DATA / "article.html").read_text(encoding="utf-8")
    doc, _ = clean(Document(id="a", raw=raw, raw_format="html"))
    headline, first = doc.text.splitlines()[:2]
    assert headline == "Harbour bridge reopens after repairs"
    assert first.startswith("The harbour bridge reopened to traffic")
    assert "weight limit of 20 tonnes" in doc.text
    for boilerplate in ("Subscribe", "newsletter", "All rights reserved", "Sport"):
        assert boilerplate not in doc.text
    assert doc.title == "Harbour bridge reopens after repairs"
    assert doc.publisher == "The Valley Courier"
    assert doc.publisher_inferred
    assert doc.published == date(2024, 3, 14)
    assert doc.raw == raw


def test_given_metadata_wins_over_the_page() -> None:
    raw = (DATA / "article.html").read_text(encoding="utf-8")
    given = Document(id="a", raw=raw, raw_format="html", publisher="Courier", title="Given")
    doc, _ = clean(given)
    assert (doc.publisher, doc.title, doc.publisher_inferred) == ("Courier", "Given", False)


@pytest.mark.parametrize(
    ("raw", "raw_format", "reason"),
    [
        ("", "text", "no article text (empty input)"),
        (" \n\t \n", "text", "no article text (empty input)"),
        (
            "<html><head><title>t</title></head><body><div></div></body></html>",
            "html",
            "no article text in the HTML",
        ),
        (
            "\x00\x01\x02\x03 binary \x04\x05\x06" * 40,
            "text",
            "no article text (binary or undecodable input)",
        ),
        ("Home\nNews\nSport\nContact", "text", "no article text (only boilerplate)"),
        (
            "Breaking news\nMore soon",
            "text",
            "no article text (only short lines, labels and calls to action)",
        ),
        (
            "Get email notifications on Ansel Brook daily!\n\nYour notification has been saved."
            "\n\nWhenever Ansel Brook posts new content, you'll get an email in your inbox."
            "\n\nEmail notifications are only sent once a day, and only if there are new items.",
            "text",
            "no article text (only short lines, labels and calls to action)",
        ),
        # characters that leave no line once read: a lone byte-order mark, separators
        ("\ufeff", "text", "no article text (only boilerplate)"),
        ("\x1d\x1e", "text", "no article text (empty input)"),
    ],
)
def test_bad_input_is_dropped_with_a_reason(raw: str, raw_format: str, reason: str) -> None:
    doc, stats = clean(Document(id="bad", raw=raw, raw_format=raw_format))
    assert doc.skip_reason == f"clean: {reason}"
    assert stats.dropped[reason] == 1


def test_truncated_html_keeps_what_arrived() -> None:
    raw = f"<html><body><article><h1>Budget</h1>{PARAGRAPH * 3}<p>The mayor said the vote"
    doc, _ = clean(Document(id="t", raw=raw, raw_format="html"))
    assert not doc.skip_reason
    assert "approved the new budget on Monday" in doc.text


@pytest.mark.parametrize("closed", [True, False])
def test_deeply_nested_html_does_not_raise(closed: bool) -> None:
    raw = "<html><body>" + "<div>" * 5000 + PARAGRAPH + ("</div>" * 5000 if closed else "")
    doc, _ = clean(Document(id="n", raw=raw, raw_format="html"))
    assert doc.skip_reason or "regional council" in doc.text


def test_wrong_charset_is_repaired() -> None:
    raw = "The minister didnâ€™t comment on the cafÃ© closures in the capital on Friday."
    doc, _ = clean(Document(id="w", raw=raw))
    assert doc.text == "The minister didn’t comment on the café closures in the capital on Friday."
    assert [repair.reason for repair in doc.repairs] == ["mojibake (ftfy)"]


def test_windows_line_endings_make_paragraphs() -> None:
    raw = "First paragraph of the story.\r\nSecond paragraph of the story.\r\n"
    doc, _ = clean(Document(id="crlf", raw=raw))
    assert doc.text == "First paragraph of the story.\nSecond paragraph of the story."


def test_mixed_batch_keeps_going() -> None:
    docs = [
        Document(id="empty", raw=""),
        Document(id="ok", raw="The ferry service resumed on Sunday after the storm passed."),
        Document(id="html", raw="<html><body></body></html>", raw_format="html"),
    ]
    stats = StageStats(name="clean")
    CleanStage().run(docs, stats)
    assert [bool(doc.skip_reason) for doc in docs] == [True, False, True]
    assert docs[1].text == "The ferry service resumed on Sunday after the storm passed."


def test_the_control_share_counts_controls_and_replacement_characters_not_whitespace():
    from wiredesk.clean.runner import control_share

    assert control_share("") == 0.0
    assert control_share("Plain words,\ttabs\nand lines.\x0c") == 0.0
    assert control_share("ab\x00\x1f") == 0.5
    assert control_share("caf\u00e9 \u2019\ufffd\x0b") == 2 / 8
