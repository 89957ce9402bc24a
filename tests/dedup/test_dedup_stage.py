from __future__ import annotations

from datetime import date

from wiredesk.dedup import DedupOptions, DedupStage
from wiredesk.records import Document
from wiredesk.stage import StageStats

HARBOUR = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs after "
    "engineers found cracks in two of its steel supports. The bridge carries about 14,000 "
    "cars a day between the northern suburbs and the port district. Council member Ana Ruiz "
    "said the closure would last at least six weeks and that a ferry service would run every "
    "twenty minutes while the work goes on. Local shop owners said they feared losing trade "
    "during the busiest months of the year. The engineering firm that inspected the bridge "
    "said the cracks were caused by corrosion and did not put drivers at immediate risk, but "
    "recommended that heavy lorries be kept off the span until new supports are fitted. The "
    "council will publish a detailed timetable for the repairs next week."
)

# A local paper's reprint: new headline and byline, lines wrapped with hyphens, a few typos,
# the last sentence cut.
HARBOUR_REPRINT = "Harbour bridge to shut for repairs\nBy Staff Writer\n" + HARBOUR.replace(
    "engineers found", "engi-\nneers found"
).replace("suburbs", "suburhs").replace("ferry service", "ferry servlce").removesuffix(
    " The council will publish a detailed timetable for the repairs next week."
)


def earnings(company: str, *figures: int) -> str:
    """A templated quarterly earnings report: only the company and the figures differ."""
    a, b, c, d, e, f, g, h = figures
    return (
        f"{company} qtr shr {a} cts vs {b} cts net {c} mln vs {d} mln revs {e} mln vs {f} mln "
        f"nine mths shr {g} dlrs vs {h} dlrs"
    )


def run(docs: list[Document], options: DedupOptions | None = None) -> StageStats:
    stats = StageStats(name="dedup")
    DedupStage(options).run(docs, stats)
    return stats


def doc(doc_id: str, text: str, published: date | None = None) -> Document:
    return Document(id=doc_id, raw=text, text=text, published=published)


def test_exact_copies_differing_in_case_spacing_and_punctuation_are_one_group():
    variant = "  " + HARBOUR.replace("Tuesday", "Tuesday,").replace(". ", " . ").upper() + "\n"
    docs = [doc("a", HARBOUR), doc("b", variant)]
    stats = run(docs)
    assert docs[0].dedup_group == docs[1].dedup_group
    assert stats.counts["exact copies"] == 1
    assert stats.counts["near copies"] == 0


def test_a_reprint_is_a_near_copy_and_the_fuller_cleaner_text_is_canonical():
    docs = [doc("reprint", HARBOUR_REPRINT), doc("wire", HARBOUR)]
    stats = run(docs)
    reprint, wire = docs
    assert reprint.dedup_group == wire.dedup_group
    assert wire.canonical and not reprint.canonical
    assert wire.copies == ["reprint"] and reprint.copies == []
    assert stats.counts["near copies"] == 1


def test_a_reprint_that_lost_a_digit_of_a_figure_is_still_a_copy():
    # "14,000" printed as "4,000" leaves the digits of one inside the other: a garble.
    docs = [doc("a", HARBOUR), doc("b", HARBOUR.replace("14,000", "4,000"))]
    run(docs)
    assert docs[0].dedup_group == docs[1].dedup_group
    assert docs[0].versions == [] and docs[1].versions == []


def test_templated_earnings_reports_of_different_companies_are_not_copies():
    docs = [
        doc("acme", earnings("Acme Tools Inc", 15, 12, 14, 11, 213, 190, 4, 3)),
        doc("borel", earnings("Borel Foods Corp", 9, 7, 8, 6, 117, 104, 2, 1)),
        doc("cato", earnings("Cato Mining Ltd", 22, 25, 26, 31, 302, 288, 7, 8)),
    ]
    stats = run(docs)
    assert len({d.dedup_group for d in docs}) == 3
    assert all(d.canonical and not d.copies for d in docs)
    assert stats.counts["near copies"] == 0


def test_different_articles_on_one_story_are_not_copies(seeds_dir):
    # The two seeds without the donation appeal and menu that the clean stage removes.
    texts = [
        path.read_text().split("A Message from The Moscow Times")[0]
        for path in sorted(seeds_dir.glob("*.txt"))
    ]
    docs = [doc(f"seed{i}", text) for i, text in enumerate(texts)]
    run(docs)
    assert docs[0].dedup_group != docs[1].dedup_group
    assert all(d.canonical for d in docs)


def test_group_ids_do_not_depend_on_input_order():
    def groups(order: list[int]) -> dict[str, str]:
        report = earnings("Acme Tools Inc", 15, 12, 14, 11, 213, 190, 4, 3)
        texts = [HARBOUR, HARBOUR_REPRINT, report]
        docs = [doc(str(i), texts[i]) for i in order]
        run(docs)
        return {d.id: d.dedup_group for d in docs}

    assert groups([0, 1, 2]) == groups([2, 1, 0])


def test_the_group_id_comes_from_the_earliest_member():
    docs = [doc("late", HARBOUR, date(2025, 2, 3)), doc("early", HARBOUR, date(2025, 2, 1))]
    run(docs)
    single = [doc("early", HARBOUR)]
    run(single)
    assert docs[0].dedup_group == single[0].dedup_group


def test_empty_and_tiny_texts_stand_alone_without_errors():
    docs = [doc("empty", ""), doc("word", "Hello"), doc("other", "Goodbye"), doc("dots", "...")]
    run(docs)
    assert len({d.dedup_group for d in docs}) == 4
    assert all(d.canonical for d in docs)
