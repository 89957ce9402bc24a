"""A sentence end glued to a straight quote: does the quote close the sentence or open the next?"""

from __future__ import annotations

import pytest

from wiredesk.clean import CleanStage
from wiredesk.clean.segments import opens_quotation, split_segments
from wiredesk.records import Document, Repair
from wiredesk.stage import StageStats


def clean_text(text: str) -> Document:
    doc = Document(id="d0", raw=text)
    CleanStage().run([doc], StageStats(name="clean"))
    return doc


def texts(line: str) -> list[str]:
    return [segment.text for segment in split_segments(line)]


@pytest.mark.parametrize(
    ("line", "index", "opens"),
    [
        ('He said."I will go."', 8, True),
        ('"I will go."He left.', 11, False),
        ('"Go," he said."Now."', 14, True),
        ('“Go," he said."Now.”', 14, True),
        ('He said “go” and left."Now."', 22, True),
    ],
)
def test_quote_parity_tells_opening_from_closing(line: str, index: int, opens: bool) -> None:
    assert line[index] == '"'
    assert opens_quotation(line, index) is opens


def test_opening_quote_after_a_glued_stop_starts_the_next_segment() -> None:
    assert texts('The crowd cheered.The mayor said."I will stay."') == [
        "The crowd cheered.",
        "The mayor said.",
        '"I will stay."',
    ]


def test_closing_quote_after_a_glued_stop_ends_the_segment() -> None:
    assert texts('"We will stay," she said. "The town needs us."Then she left.') == [
        '"We will stay," she said.',
        '"The town needs us."',
        "Then she left.",
    ]


def test_curly_opening_quote_counts_toward_the_parity() -> None:
    line = '“Our roads are crumbling," she said."Families endure blackouts.”'
    assert texts(line) == ['“Our roads are crumbling," she said.', '"Families endure blackouts.”']


def test_clean_puts_the_space_before_an_opening_quote() -> None:
    doc = clean_text('The senator paused and said."I will not run again," to loud applause.')
    assert doc.text == 'The senator paused and said. "I will not run again," to loud applause.'
    assert doc.repairs == [Repair('said."I', 'said. "I', "space after sentence end")]


def test_clean_puts_the_space_after_a_closing_quote() -> None:
    doc = clean_text('"We are ready," the coach said. "The team is strong."Fans cheered loudly.')
    assert doc.text == '"We are ready," the coach said. "The team is strong." Fans cheered loudly.'
    assert doc.repairs == [Repair('strong."Fans', 'strong." Fans', "space after sentence end")]
