"""The commands as a user runs them: task-command contracts, and the database commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from wiredesk.cli import app
from wiredesk.records import Document, Story
from wiredesk.store import connect, save_corpus

PORT_STRIKE = (
    "Dockworkers at the port of Saltreach walked out on Monday. The union said more than "
    "3,000 members had joined the strike, and the port authority said it may hire "
    "replacement crews."
)
DAM_REPORT = (
    "The Kessarn Dam gave way early on Tuesday. The civil protection agency said at least "
    "40 people had been killed in three villages."
)


def invoke(*args: str):
    # Wide enough that Rich does not wrap ids inside table cells.
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    return result


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    path = tmp_path / "batch.jsonl"
    rows = [
        {"id": "strike", "text": PORT_STRIKE, "publisher": "Portwatch"},
        {"id": "dam", "text": DAM_REPORT, "publisher": "Halvik Courier"},
        {"id": "strike-copy", "text": PORT_STRIKE, "publisher": "Eastgate Observer"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_extract_contract_in_input_order(batch: Path) -> None:
    rows = json_lines(invoke("extract", str(batch)).stdout)
    assert [r["id"] for r in rows] == ["strike", "dam", "strike-copy"]
    assert set(rows[0]) == {"id", "text", "publisher", "removed", "repairs"}
    assert rows[1]["text"] == DAM_REPORT and rows[1]["publisher"] == "Halvik Courier"


def test_dedup_and_cluster_contracts(batch: Path) -> None:
    groups = {r["id"]: r["group"] for r in json_lines(invoke("dedup", str(batch)).stdout)}
    assert groups["strike"] == groups["strike-copy"] != groups["dam"]
    stories = {r["id"]: r["story"] for r in json_lines(invoke("cluster", str(batch)).stdout)}
    assert stories["strike"] == stories["strike-copy"] != stories["dam"]


@pytest.mark.model
def test_claims_no_clean_offsets_point_into_the_given_text(tmp_path: Path) -> None:
    text = "  Header line\nThe union said more than 3,000 members had joined the strike."
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text, "publisher": "Portwatch"}) + "\n")
    (row,) = json_lines(invoke("claims", "--no-clean", str(path)).stdout)
    assert row["text"] == text
    (claim,) = row["claims"]
    for part in ("source", "cue", "content"):
        for span in claim[part]:
            assert text[span["start"] : span["end"]] == span["text"]
    assert claim["source"][0]["text"] == "The union"
    assert claim["quantities"][0]["lower"] == 3000


@pytest.fixture
def stored(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'stored.db'}"
    doc = Document(
        id="a1",
        raw='=HYPERLINK("http://x") Dockworkers walked out.',
        text='=HYPERLINK("http://x") Dockworkers walked out.',
        title="[bold]Strike[/bold] at Saltreach",
        publisher="Portwatch",
        dedup_group="g-a1",
        story="story-abc123",
    )
    story = Story("story-abc123", "[bold]Strike[/bold] at Saltreach", ["a1"])
    save_corpus(connect(url), [doc], [story], [], inputs=[], summary={})
    return url


def test_stories_and_show_print_untrusted_text_literally(stored: str) -> None:
    listing = invoke("stories", "--db", stored).stdout
    assert "story-abc123" in listing and "[bold]Strike[/bold]" in listing
    shown = invoke("show", "story-abc", "--db", stored).stdout
    assert "a1" in shown and "Portwatch" in shown
    missing = CliRunner().invoke(app, ["show", "nope", "--db", stored])
    assert missing.exit_code == 1 and "no story matching" in missing.output


def test_export_formats_and_csv_formula_neutralised(stored: str, tmp_path: Path) -> None:
    rows = json_lines(invoke("export", "--what", "articles", "--db", stored).stdout)
    assert rows[0]["id"] == "a1" and rows[0]["text"].startswith("=HYPERLINK")
    table = list(
        csv.DictReader(io.StringIO(invoke("export", "--format", "csv", "--db", stored).stdout))
    )
    assert table[0]["text"].startswith("'=HYPERLINK")
    out = tmp_path / "stories.parquet"
    invoke("export", "--what", "stories", "--format", "parquet", "-o", str(out), "--db", stored)
    assert pq.read_table(out).to_pylist()[0]["id"] == "story-abc123"


def test_extract_explain_shows_kept_text_repairs_and_removals(tmp_path: Path) -> None:
    page = tmp_path / "harbour.txt"
    page.write_text(
        "The harbour master said the port would reopen on Monday.Ferries were expected to "
        "sail again by noon, the port authority said.\n"
        "Subscribe to our newsletter for daily updates!\n"
    )
    shown = " ".join(invoke("extract", str(page), "--explain", "harbour").stdout.split())
    assert "Monday. Ferries" in shown
    assert "'Monday.Ferries' -> 'Monday. Ferries' space after sentence end" in shown
    assert "Subscribe to our newsletter" in shown.split("removed", 1)[1]
    missing = CliRunner().invoke(app, ["extract", str(page), "--explain", "other"])
    assert missing.exit_code == 1 and "no document with id 'other'" in missing.output
