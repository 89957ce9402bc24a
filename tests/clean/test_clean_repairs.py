"""Repairs of extraction damage, and the unsafe ones that must not be made."""

from __future__ import annotations

from wiredesk.clean import CleanStage
from wiredesk.clean.repairs import (
    Vocabulary,
    fix_mojibake,
    join_abbreviation_breaks,
    restore_possessives,
    split_run_together,
    unwrap_lines,
)
from wiredesk.records import Document, Repair
from wiredesk.stage import StageStats


def clean(*texts: str) -> list[Document]:
    docs = [Document(id=f"d{i}", raw=text) for i, text in enumerate(texts)]
    CleanStage().run(docs, StageStats(name="clean"))
    return docs


def test_space_after_glued_sentence_end() -> None:
    (doc,) = clean("The mayor resigned on Monday.The council will elect a successor in June.")
    assert doc.text == "The mayor resigned on Monday. The council will elect a successor in June."
    assert doc.repairs == [Repair("Monday.The", "Monday. The", "space after sentence end")]


def test_no_space_inserted_inside_abbreviations_or_addresses() -> None:
    text = "Officials in the U.S.A. said so.\nSee www.Example.com for the U.N. report."
    (doc,) = clean(text)
    assert doc.text == text
    assert doc.repairs == []


def test_line_break_after_abbreviation_is_joined() -> None:
    lines, repairs = join_abbreviation_breaks(["Talks with U.S.", "officials ended.", "Next."])
    assert lines == ["Talks with U.S. officials ended.", "Next."]
    assert repairs == [
        Repair("U.S.\nofficials", "U.S. officials", "line break after abbreviation 'U.S.'")
    ]


def test_line_break_before_a_capital_is_a_paragraph() -> None:
    lines, repairs = join_abbreviation_breaks(["He moved to the U.S.", "Then he wrote a book."])
    assert lines == ["He moved to the U.S.", "Then he wrote a book."]
    assert repairs == []


WIRE_COPY = [
    "HARBOUR FEES TO RISE IN APRIL",
    "The county council approved the new",
    "harbour budget on Tuesday after a",
    "debate that lasted well into the",
    "night. Fees for berths will rise by",
    "a tenth in April, the treasurer said.",
    "Fishing crews will pay the old rate.",
]


def test_text_wrapped_at_a_fixed_width_is_joined_into_paragraphs() -> None:
    lines, repairs = unwrap_lines(WIRE_COPY, 0.5)
    assert lines == [
        "HARBOUR FEES TO RISE IN APRIL",
        " ".join(WIRE_COPY[1:6]),
        "Fishing crews will pay the old rate.",
    ]
    assert repairs[0] == Repair(
        "new\nharbour", "new harbour", "line break of text wrapped at a fixed width"
    )
    assert len(repairs) == 4


def test_lines_that_stop_mid_sentence_in_unwrapped_text_stay_apart() -> None:
    page = [
        "Harbour fees to rise in April",
        "The county council approved the new harbour budget on Tuesday after a long debate.",
        "Photo: the harbour at dawn, seen from the old",
        "Fees for berths will rise by a tenth in April, the treasurer said on Wednesday.",
        "Fishing crews will pay the old rate until the end of the season, she added.",
    ]
    assert unwrap_lines(page, 0.5) == (page, [])


def test_mojibake_is_fixed_and_listed() -> None:
    text, repairs = fix_mojibake("The minister didnâ€™t comment.")
    assert text == "The minister didn’t comment."
    assert repairs == [Repair("didnâ€™t", "didn’t", "mojibake (ftfy)")]


def test_clean_text_is_left_alone_by_ftfy() -> None:
    text = "“Curly quotes” and a café stay as written."
    assert fix_mojibake(text) == (text, [])


def test_run_together_split_when_the_name_is_attested() -> None:
    vocabulary = Vocabulary.from_texts(
        ["The Harbour Times is a weekly.", "Read The Harbour Times.", "Gazettereported it."]
    )
    line, repairs = split_run_together("The Gazettereported it.", vocabulary)
    assert line == "The Gazettereported it."  # "Gazette" never occurs on its own
    line, repairs = split_run_together("The Harbour Timesreported it.", vocabulary)
    assert line == "The Harbour Times reported it."
    reason = 'words run together ("Times" is a name in the corpus and "reported" a word)'
    assert repairs == [Repair("Timesreported", "Times reported", reason)]


def test_ordinary_names_are_not_split() -> None:
    vocabulary = Vocabulary.from_texts(["New man well Max son Dan. Newman, Maxwell and Danson."])
    for name in ("Newman", "Maxwell", "Danson"):
        assert split_run_together(f"They met {name} today.", vocabulary)[1] == []


def test_lost_possessive_restored_before_a_noun() -> None:
    vocabulary = Vocabulary.from_texts(["Talks in Ruritania.", "Ruritania said so."])
    line, repairs = restore_possessives(
        "It was Ruritanias largest harbour.", vocabulary, apostrophes_lost=True
    )
    assert line == "It was Ruritania's largest harbour."
    reason = (
        'apostrophe lost before possessive s ("Ruritanias" is no word (wordfreq, intact '
        'paragraphs) and "Ruritania" is)'
    )
    assert repairs == [Repair("Ruritanias", "Ruritania's", reason)]


def test_unsafe_possessives_are_not_made() -> None:
    vocabulary = Vocabulary.from_texts(["Ruritania said so.", "Ruritania again.", "content"])
    cases = [
        "Both Ruritanias signed the treaty.",  # a plural, then a verb
        "The Ruritanias agreed.",  # plural marker
        "The Contents page is long.",  # "content" is a common word, not a name
        "It was Elbonias harbour.",  # the base name is not in the corpus
    ]
    for sentence in cases:
        assert restore_possessives(sentence, vocabulary, apostrophes_lost=True)[1] == []
    kept = restore_possessives(
        "It was Ruritanias largest harbour.", vocabulary, apostrophes_lost=False
    )
    assert kept[1] == []


def test_possessives_only_where_the_article_lost_its_apostrophes() -> None:
    text = "Ruritania's port reopened. Ruritania said Ruritanias harbour fees would rise."
    (doc,) = clean(text)
    assert doc.text == text


def test_paragraph_lines_that_run_into_a_quotation_are_not_unwrapped() -> None:
    quote = (
        "“The harbour needs the new berths before the winter storms, and the council knows it"
        " has waited far too long to pay for them,” she said."
    )
    lines = [
        line
        for name in ("Ana Lind", "Piet Varn", "Lise Dorr")
        for line in (
            f"Three questions for the harbour master of the year, {name}",
            quote,
        )
    ]
    assert unwrap_lines(lines, 0.4) == (lines, [])
