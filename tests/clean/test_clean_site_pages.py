"""A run without a stored site memory leaves out of it the pages of sites too small to repeat
anything: the result is the same as learning them."""

from __future__ import annotations

from wiredesk.clean import CleanStage
from wiredesk.clean.repetition import SiteMemory, SiteRules, sites_that_can_repeat
from wiredesk.records import Document
from wiredesk.stage import StageStats

ARTICLES = [
    [
        "The harbour authority raised mooring fees by a tenth on Monday.",
        "Fishermen gathered outside its office to protest against the increase.",
    ],
    [
        "Parents packed the gymnasium of Northside Primary for Wednesday's meeting.",
        "Teachers described leaking roofs and classrooms without working heaters.",
    ],
    [
        "Engineers closed the old railway bridge after finding cracks in a pier.",
        "Trains between the two valleys will be replaced by buses for a month.",
    ],
]
# Each site's appeal, worded two ways: only the site memory's loose fingerprints match them.
APPEALS = {
    "Harbour Gazette": [
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
    ],
    "Valley Post": [
        [
            "About the Post: the Valley Post is owned by its 800 readers.",
            "Our reporters depend on readers and their gifts to keep covering the valley "
            "every single week. Gifts start at $3 a month.",
        ],
        [
            "About the Post: the Valley Post is owned by its 950 readers. Our reporters "
            "depend on readers and the gifts they send to keep covering the valley every "
            "single week.",
            "Gifts start at $2 a month.",
        ],
    ],
}
SITES = ["Harbour Gazette"] * 3 + ["Valley Post"] * 2


def pages() -> list[Document]:
    """Three pages of one site and two of another, each with its site's appeal."""
    articles = [*ARTICLES, *ARTICLES[:2]]
    return [
        Document(
            id=f"d{number}",
            raw="\n".join([*text, *APPEALS[site][number % 2]]),
            publisher=site,
        )
        for number, (site, text) in enumerate(zip(SITES, articles, strict=True))
    ]


def cleaned(site_memory: SiteMemory | None) -> list[Document]:
    docs = pages()
    CleanStage(site_memory=site_memory).run(docs, StageStats(name="clean"))
    return docs


def test_only_sites_with_enough_pages_can_repeat() -> None:
    sites = ["a", "b", "a", "c", "a", "b", ""]
    assert sites_that_can_repeat(sites, SiteRules(min_articles=3)) == [
        "a",
        "",
        "a",
        "",
        "a",
        "",
        "",
    ]
    assert sites_that_can_repeat(sites, SiteRules(min_articles=2)) == [
        "a",
        "b",
        "a",
        "",
        "a",
        "b",
        "",
    ]


def test_a_run_without_memory_cleans_as_one_that_learns_every_page() -> None:
    memory = SiteMemory()
    learning, throwaway = cleaned(memory), cleaned(None)
    assert [(doc.text, doc.removed) for doc in throwaway] == [
        (doc.text, doc.removed) for doc in learning
    ]
    # The appeal goes under the site with three pages, stays under the one with two ...
    assert [doc.text for doc in throwaway[:3]] == ["\n".join(text) for text in ARTICLES]
    assert all("Valley Post is owned" in doc.text for doc in throwaway[3:])
    # ... whose pages a kept memory still learns, for the runs to come.
    assert {page.site for page in memory.pages.values()} == {"Harbour Gazette", "Valley Post"}
