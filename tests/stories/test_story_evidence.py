"""Why each article joined its story: the nearest member, the similarity, what both mention."""

from __future__ import annotations

from datetime import date

from wiredesk.dedup import DedupStage
from wiredesk.records import Document
from wiredesk.stage import StageStats
from wiredesk.stories import StoriesStage

# Short fictional articles written for these tests (no third-party text).
FIRE = (
    "A fire destroyed a grain warehouse on Quarry Lane in Halden late Friday, the Halden fire "
    "service said. Crews from three stations fought the blaze for six hours. Fire chief Ingrid "
    "Solberg said 14 firefighters were on the scene and that the cause was not yet known. The "
    "warehouse belonged to Nordvik Grain, which said about 900 tonnes of barley were lost."
)

FIRE_FOLLOW_UP = (
    "Investigators said on Sunday that faulty wiring caused the fire that destroyed the Nordvik "
    "Grain warehouse on Quarry Lane in Halden. Fire chief Ingrid Solberg said the 14 "
    "firefighters who fought the blaze had kept it from spreading to nearby homes. Nordvik "
    "Grain said the 900 tonnes of barley it lost were insured."
)

ELECTION = (
    "Voters in Brightwater elected Samuel Okoye as mayor on Tuesday, ending twelve years of "
    "rule by the Harbour Party. Okoye, a former schoolteacher, won 54 percent of the vote and "
    "promised to rebuild the town's tram line and cut waiting times at the clinic."
)


def doc(doc_id: str, text: str, published: date | None = None) -> Document:
    return Document(id=doc_id, raw=text, text=text, published=published)


def run(docs: list[Document]) -> None:
    DedupStage().run(docs, StageStats(name="dedup"))
    StoriesStage().run(docs, StageStats(name="stories"))


def test_a_story_member_lists_its_nearest_member_and_the_names_they_share():
    docs = [
        doc("first", FIRE, date(2025, 3, 1)),
        doc("follow-up", FIRE_FOLLOW_UP, date(2025, 3, 3)),
        doc("election", ELECTION, date(2025, 3, 2)),
    ]
    run(docs)
    first, follow_up, election = docs
    assert first.story == follow_up.story != election.story
    evidence = follow_up.story_evidence
    assert evidence["nearest"] == "first"
    assert evidence["similarity"] >= 0.2
    assert {"ingrid solberg", "nordvik grain", "quarry lane", "halden"} <= set(
        evidence["shared_names"]
    )
    assert {"14", "900"} <= set(evidence["shared_numbers"])
    assert evidence["day_gap"] == 2
    assert first.story_evidence["nearest"] == "follow-up"
    assert election.story_evidence == {"nearest": None}


def test_a_copy_points_at_the_canonical_whose_story_it_joined():
    docs = [doc("wire", FIRE), doc("reprint", FIRE), doc("other", ELECTION)]
    run(docs)
    # Identical texts: the smaller id stands for the group.
    canonical, copy = docs[1], docs[0]
    assert canonical.canonical and not copy.canonical
    assert copy.story_evidence == {"copy_of": "reprint"}
    assert copy.story == canonical.story
    assert canonical.story_evidence["nearest"] is None  # the only article of its story


def test_undated_articles_have_no_day_gap():
    docs = [doc("a", FIRE), doc("b", FIRE_FOLLOW_UP)]
    run(docs)
    assert docs[0].story_evidence["day_gap"] is None
