"""Boilerplate by repetition across documents, and what repetition must not remove."""

from __future__ import annotations

from wiredesk.clean import CleanOptions, CleanStage
from wiredesk.records import Document
from wiredesk.stage import StageStats

APPEAL = [
    "Support the Harbour Gazette.",
    "Independent local reporting costs money to produce every single day.",
    "Readers like you keep our newsroom open and our reporters in the field.",
    "Every contribution, however small, helps us cover the stories that matter.",
]
BACKGROUND = "Russia invaded Ukraine in February 2022."


ARTICLES = {
    "harbour": [
        "The harbour authority raised mooring fees by a tenth on Monday.",
        "Fishermen gathered outside its office to protest against the increase.",
        "A spokeswoman said the money would pay for dredging the inner basin.",
        "The last dredging work there was finished almost twenty years ago.",
        "Boat owners have until April to renew their annual permits.",
        "Several yacht clubs said they would appeal to the county court.",
    ],
    "school": [
        "Parents packed the gymnasium of Northside Primary for Wednesday's meeting.",
        "Teachers described leaking roofs and classrooms without working heaters.",
        "The education board promised to publish a repair schedule before summer.",
        "Enrolment has grown steadily since two new housing estates opened nearby.",
    ],
    "bridge": [
        "Engineers closed the old railway bridge after finding cracks in a pier.",
        "Trains between the two valleys will be replaced by buses for a month.",
        "Commuters complained about long queues at the temporary bus stops.",
        "Divers will inspect the foundations once the spring floods recede.",
    ],
    "budget": [
        "The finance minister unveiled a leaner budget that trims defence spending.",
        "Opposition leaders called the plan a gamble with pensioners' savings.",
        "Economists expect the deficit to shrink to three percent by next year.",
        "Parliament is due to vote on the proposal before the Easter recess.",
        "Unions threatened strikes if public sector wages stay frozen.",
        "Markets barely moved after the speech, with bond yields flat.",
    ],
    "weather": [
        "Heavy snow cut power to thousands of homes across the northern hills.",
        "Crews worked through the night to clear fallen trees from the main road.",
        "Forecasters warned that temperatures could drop below minus fifteen.",
        "Schools in three districts stayed closed for a second day.",
        "Farmers struggled to reach livestock stranded in remote pastures.",
    ],
}


def article(topic: str, n: int = 4) -> list[str]:
    """The first ``n`` sentences of a hand-written article about ``topic``."""
    return ARTICLES[topic][:n]


def clean(*texts: str, publisher: str = "", options: CleanOptions | None = None):
    docs = [Document(id=f"d{i}", raw=text, publisher=publisher) for i, text in enumerate(texts)]
    stats = StageStats(name="clean")
    CleanStage(options).run(docs, stats)
    return docs, stats


def test_appeal_block_at_the_tail_is_removed_in_every_article() -> None:
    docs, stats = clean(
        "\n".join([*article("harbour"), *APPEAL]),
        "\n".join([*article("school"), *APPEAL]),
        publisher="Harbour Gazette",
    )
    for doc, topic in zip(docs, ["harbour", "school"], strict=True):
        assert doc.text == "\n".join(article(topic))
        reasons = {removal.reason for removal in doc.removed}
        assert "repeated across 2 articles of Harbour Gazette" in reasons
    assert stats.counts["boilerplate pieces removed"] >= 2


def test_appeal_glued_to_the_last_sentence_is_cut_at_the_sentence() -> None:
    body = article("harbour")
    glued = "\n".join([*body[:-1], body[-1] + "".join(APPEAL)])
    docs, _ = clean(glued, "\n".join([*article("school"), *APPEAL]))
    assert docs[0].text == "\n".join(body)
    assert docs[0].repairs == []


def test_appeal_broken_differently_still_matches() -> None:
    spaced = "\n".join([*article("harbour"), " ".join(APPEAL)])
    docs, _ = clean(spaced, "\n".join([*article("school"), *APPEAL]))
    assert docs[0].text == "\n".join(article("harbour"))


def test_shared_background_sentence_is_article_text() -> None:
    first = "\n".join([*article("harbour"), BACKGROUND])
    second = "\n".join([BACKGROUND, *article("school")])
    docs, _ = clean(first, second, publisher="Harbour Gazette")
    assert docs[0].text == first
    assert docs[1].text == second
    assert all(not doc.removed for doc in docs)


def test_two_shared_sentences_inside_articles_are_kept() -> None:
    shared = [BACKGROUND, "Kyiv has received air defence systems from its allies since then."]
    first = "\n".join([*article("harbour", 2), *shared, *article("harbour", 4)[2:]])
    second = "\n".join([*article("school", 2), *shared, *article("school", 4)[2:]])
    docs, _ = clean(first, second)
    assert docs[0].text == first
    assert docs[1].text == second


def test_syndicated_copies_survive_intact() -> None:
    story = "\n".join(article("budget", 6))
    other = "\n".join(article("weather", 5))
    docs, _ = clean(story, story, story, other)
    assert [doc.text for doc in docs] == [story, story, story, other]
    assert all(not doc.removed for doc in docs)


def test_copies_lose_the_appeal_that_other_articles_carry() -> None:
    story = article("budget", 6)
    copy = "\n".join([*story, *APPEAL])
    docs, _ = clean(copy, copy, "\n".join([*article("school"), *APPEAL]))
    assert docs[0].text == docs[1].text == "\n".join(story)
    assert docs[2].text == "\n".join(article("school"))


def test_repeated_header_block_at_the_head_is_removed() -> None:
    header = [
        "Harbour Gazette: news for the north shore since 1901.",
        "Our reporters cover the council, the courts and the schools.",
        "Read by more than forty thousand households every week.",
    ]
    docs, _ = clean(
        "\n".join([*header, *article("harbour")]),
        "\n".join([*header, *article("school")]),
        "\n".join([*header, *article("bridge")]),
    )
    assert docs[2].text == "\n".join(article("bridge"))


def test_block_size_is_an_option() -> None:
    shared = [BACKGROUND, "Kyiv has received air defence systems from its allies since then."]
    first = "\n".join([*article("harbour"), *shared])
    second = "\n".join([*article("school"), *shared])
    strict = CleanOptions(min_repeated_block=2)
    docs, _ = clean(first, second, options=strict)
    assert docs[0].text == "\n".join(article("harbour"))
    docs, _ = clean(first, second)
    assert docs[0].text == first


REWORDED_APPEALS = [
    [
        "About the Gazette: the Harbour Gazette is owned by its 1,200 members.",
        "Our newsroom depends on members and their dues to keep reporting on the harbour "
        "every single week. Membership starts at $5 a month.",
    ],
    [
        "About the Gazette: the Harbour Gazette is owned by its 1,350 members. Our newsroom "
        "depends on members and the dues they pay to keep reporting on the harbour every "
        "single week.",
        "Membership starts at $4 a month.",
    ],
]


def test_reworded_appeal_under_three_articles_of_a_site_is_removed() -> None:
    pages = [
        "\n".join([*article(topic), *REWORDED_APPEALS[number % 2]])
        for number, topic in enumerate(["harbour", "school", "bridge"])
    ]
    docs, _ = clean(*pages, publisher="Harbour Gazette")
    for doc, topic in zip(docs, ["harbour", "school", "bridge"], strict=True):
        assert doc.text == "\n".join(article(topic))
        assert {r.reason for r in doc.removed} == {"repeated on 3 pages of Harbour Gazette"}


def test_reworded_appeal_under_two_articles_is_kept() -> None:
    pages = [
        "\n".join([*article(topic), *REWORDED_APPEALS[n]])
        for n, topic in enumerate(["harbour", "school"])
    ]
    docs, _ = clean(*pages, publisher="Harbour Gazette")
    assert [doc.text for doc in docs] == pages


def test_a_line_under_most_of_a_sites_pages_goes_alone_and_takes_no_article_text() -> None:
    closing = "Nobody has been arrested so far, police said."
    topics = ["harbour", "school", "bridge", "budget", "weather"]
    pages = [
        "\n".join(
            [
                "Watch the Harbour Gazette evening bulletin live on our website",
                *article(topic),
                *([closing] if number < 3 else []),
                f"Read or share this story: https://hg.example/{number}x{number * 7}",
            ]
        )
        for number, topic in enumerate(topics)
    ]
    docs, _ = clean(*pages, publisher="Harbour Gazette")
    for number, (doc, topic) in enumerate(zip(docs, topics, strict=True)):
        assert doc.text == "\n".join([*article(topic), *([closing] if number < 3 else [])])
        assert [r.reason for r in doc.removed] == ["repeated on 5 pages of Harbour Gazette"] * 2


# A teaser of another story that a scraper took for the article on every page of its site.
SIDEBAR_TEASER = (
    "The city is targeting a problem bar on what has become the harbour's busiest street after "
    "three fights there since June, the mayor's office said on Tuesday.\n\n"
    "Owners of the bar have until the end of the month to answer the council's letter."
)


def pages_of(*titled_texts: tuple[str, str], site: str = "harbourgazette.example"):
    docs = [
        Document(
            id=f"p{n}",
            raw=text,
            raw_format="text",
            title=title,
            url=f"https://{site}/news/{n}",
        )
        for n, (title, text) in enumerate(titled_texts)
    ]
    stats = StageStats(name="clean")
    CleanStage().run(docs, stats)
    return docs, stats


def test_one_text_a_site_prints_under_three_headlines_is_no_article():
    headlines = ["Ferry fares rise in May", "Storm closes the pier", "Council backs new marina"]
    docs, stats = pages_of(*((title, SIDEBAR_TEASER) for title in headlines))
    reason = "no article text (its site prints the same text under other headlines)"
    assert [d.skip_reason for d in docs] == [f"clean: {reason}"] * 3
    assert stats.dropped[reason] == 3


def test_one_text_under_two_headlines_copies_or_other_sites_stays():
    two, _ = pages_of(("Ferry fares rise in May", SIDEBAR_TEASER), ("Storm", SIDEBAR_TEASER))
    copies, _ = pages_of(*(("Ferry fares rise in May", SIDEBAR_TEASER),) * 3)
    elsewhere = [
        pages_of((title, SIDEBAR_TEASER), site=site)[0][0]
        for title, site in (("A", "one.example"), ("B", "two.example"), ("C", "three.example"))
    ]
    assert not any(d.skip_reason for d in [*two, *copies, *elsewhere])


def test_one_form_with_other_names_filled_in_under_three_headlines_is_no_article():
    form = (
        "Get email alerts on {} every morning!\n\n"
        "Your alert has been saved.\n\n"
        "Whenever {} writes a new story, you will get an email with a link to it."
    )
    pages = [
        ("Ferry fares rise in May", form.format("Ann Holm", "Ann Holm")),
        ("Storm closes the pier", form.format("Piet Varn", "Piet Varn")),
        ("Council backs new marina", form.format("Lise Dorr", "Lise Dorr")),
    ]
    docs, _ = pages_of(*pages)
    assert all(d.skip_reason for d in docs)
    # articles of one site that share their wording but not their story are no form
    reports = [
        (title, f"The council met on {day} and approved the budget for the {place}.")
        for title, day, place in (
            ("Budget passed", "Monday", "harbour"),
            ("Marina plan", "Tuesday", "marina"),
            ("Pier repairs", "Friday", "pier"),
        )
    ]
    kept, _ = pages_of(*reports)
    assert not any(d.skip_reason for d in kept)
