"""Incremental stories: new articles join stored stories through the index or open new ones,
and stored assignments never change."""

from __future__ import annotations

from datetime import date

import pytest

from wiredesk.dedup import DedupStage
from wiredesk.records import Document
from wiredesk.stage import StageStats
from wiredesk.stories import StoriesOptions, StoriesStage
from wiredesk.stories.incremental import ArticleProfile, StoryIndex, _Weigher, stored_index
from wiredesk.stories.linkage import average_linkage

# Short articles written for these tests (no third-party text).
SHOOTING_MILLBROOK = (
    "Two men were shot outside a convenience store on Alder Street in Millbrook late Saturday, "
    "police said. Officers found Darnell Hayes, 24, and a 31-year-old man with gunshot wounds "
    "shortly after 11 p.m. Hayes died at Millbrook General Hospital. Millbrook police Chief "
    "Laura Brandt said the shooting followed an argument in the parking lot."
)
SHOOTING_MILLBROOK_FOLLOW_UP = (
    "Millbrook police on Monday arrested a 19-year-old man in connection with the fatal "
    "shooting of Darnell Hayes outside an Alder Street convenience store. Chief Laura Brandt "
    "said store video showed the suspect firing after an argument in the parking lot. Hayes, "
    "24, died at Millbrook General Hospital."
)
SHOOTING_CARVER = (
    "A woman was wounded in a shooting at an apartment complex on Ridge Road in Carver City on "
    "Thursday afternoon, the Carver County Sheriff's Office said. Deputies found Maria Okafor, "
    "42, with a gunshot wound to the leg. Sheriff Tom Reilly said a neighbour fired through a "
    "wall during a dispute over noise. The neighbour, a 55-year-old man, was taken into custody."
)
BRIDGE = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs after "
    "engineers found cracks in two of its steel supports. Council member Ana Ruiz said the "
    "closure would last at least six weeks and that a ferry service would run every twenty "
    "minutes. Shop owners in the port district said they feared losing trade."
)
HARBOUR_FERRY = (
    "Ferries began crossing the port on Wednesday while the old harbour bridge stays closed for "
    "repairs to its cracked steel supports. Council member Ana Ruiz said the ferry would run "
    "every twenty minutes until the bridge reopens in at least six weeks; port district shop "
    "owners said trade had already fallen."
)


def doc(doc_id: str, text: str, published: date | None = None) -> Document:
    return Document(id=doc_id, raw=text, text=text, published=published)


def first_run() -> tuple[list[Document], StoriesStage]:
    docs = [
        doc("millbrook", SHOOTING_MILLBROOK, date(2024, 5, 4)),
        doc("carver", SHOOTING_CARVER, date(2024, 5, 2)),
        doc("bridge", BRIDGE, date(2024, 5, 3)),
    ]
    DedupStage().run(docs, StageStats(name="dedup"))
    stage = StoriesStage()
    stage.run(docs, StageStats(name="stories"))
    return docs, stage


def second_run(
    stored: list[Document], profiles: dict[str, ArticleProfile], new: list[Document]
) -> tuple[list[Document], StageStats, StoriesStage]:
    """As ``wiredesk run`` does it: the stored profiles through JSON, the stored articles
    with their stories as ``existing``."""
    options = StoriesOptions()
    index = stored_index({i: p.to_json() for i, p in profiles.items()}, options.max_postings)
    docs = [doc(d.id, d.text, d.published) for d in stored] + new
    DedupStage().run(docs, StageStats(name="dedup"))
    stats = StageStats(name="stories")
    stage = StoriesStage(options, existing={d.id: d.story for d in stored}, index=index)
    stage.run(docs, stats)
    return docs, stats, stage


def test_a_follow_up_joins_its_stored_story_and_an_unrelated_article_opens_one():
    stored, stage = first_run()
    follow_up = doc("millbrook-2", SHOOTING_MILLBROOK_FOLLOW_UP, date(2024, 5, 6))
    unrelated = doc(
        "vote",
        "Voters in Linden approved a school budget of 14 million dollars on Tuesday after a "
        "recount; turnout was the lowest in a decade, the county clerk said.",
        date(2024, 5, 7),
    )
    docs, stats, second = second_run(stored, stage.profiles, [follow_up, unrelated])
    story = {d.id: d.story for d in docs}
    assert all(story[d.id] == d.story for d in stored)
    assert story["millbrook-2"] == story["millbrook"]
    assert story["vote"] not in {d.story for d in stored}
    assert follow_up.story_evidence["nearest"] == "millbrook"
    assert "darnell hayes" in follow_up.story_evidence["shared_names"]
    assert stats.counts["articles assigned incrementally"] == 2
    assert stats.counts["joined stored stories"] == 1
    # The new articles are indexed for the next run, with their story and neighbours.
    assert second.profiles["millbrook-2"].story == story["millbrook"]
    assert second.profiles["millbrook-2"].neighbours[0][0] == "millbrook"


def test_new_articles_of_one_story_group_among_themselves():
    stored, stage = first_run()
    follow_up = doc("millbrook-2", SHOOTING_MILLBROOK_FOLLOW_UP, date(2024, 5, 6))
    ferry = doc("ferry", HARBOUR_FERRY, date(2024, 5, 8))
    carver_2 = doc("carver-2", SHOOTING_CARVER.replace("Thursday", "Thursday night"))
    docs, _, _ = second_run(stored, stage.profiles, [follow_up, ferry, carver_2])
    story = {d.id: d.story for d in docs}
    assert story["ferry"] == story["bridge"]
    assert story["carver-2"] == story["carver"]
    assert len(set(story.values())) == 3


def test_a_copy_of_a_stored_article_takes_its_story():
    stored, stage = first_run()
    reprint = doc("reprint", "Crime desk\n" + SHOOTING_CARVER)
    docs, _, _ = second_run(stored, stage.profiles, [reprint])
    carver = next(d for d in docs if d.id == "carver")
    # Whichever of the two dedup keeps as the canonical, the story is the stored one.
    assert reprint.story == carver.story
    assert {reprint.canonical, carver.canonical} == {True, False}
    assert "maria okafor" in reprint.entities


def test_profiles_survive_json_and_rebuild_the_same_index():
    _, stage = first_run()
    profiles = stage.profiles
    assert set(profiles) == {"millbrook", "carver", "bridge"}
    again = {i: ArticleProfile.from_json(p.to_json()) for i, p in profiles.items()}
    assert again == profiles
    assert profiles["millbrook"].facts.ages == {"31"}
    index = StoryIndex.from_profiles(again, max_postings=200)
    assert index.articles == 3
    assert index.document_frequency[index.term_number["w:millbrook"]] == 1
    assert index.story_weight[profiles["carver"].story] == 1.0
    assert all(p.keys for p in profiles.values())


def test_the_index_weighs_stored_articles_as_the_batch_run_did():
    # Same corpus, same frequencies: the index's rows give the batch cosines (which the
    # profiles' neighbours hold), names weighed with the same IDF power.
    texts = {
        "millbrook": SHOOTING_MILLBROOK,
        "follow-up": SHOOTING_MILLBROOK_FOLLOW_UP,
        "carver": SHOOTING_CARVER,
        "ferry": HARBOUR_FERRY,
    }
    docs = [doc(i, text) for i, text in texts.items()]
    DedupStage().run(docs, StageStats(name="dedup"))
    options = StoriesOptions()
    stage = StoriesStage(options)
    stage.run(docs, StageStats(name="stories"))
    index = StoryIndex.from_profiles(stage.profiles, options.max_postings)
    ids = list(stage.profiles)  # the canonical articles
    rows = _Weigher(index, options).rows(ids, ["" for _ in ids])
    stored = (rows @ rows.T).toarray()
    compared = 0
    for i, article in enumerate(ids):
        for other, cosine in stage.profiles[article].neighbours:
            assert stored[i, ids.index(other)] == pytest.approx(cosine)
            compared += 1
    assert compared >= 2


def test_a_new_article_also_takes_rare_terms_as_keys():
    options = StoriesOptions(keys_per_article=2, rare_keys_per_article=2)
    stored = [doc("millbrook", SHOOTING_MILLBROOK), doc("carver", SHOOTING_CARVER)]
    DedupStage().run(stored, StageStats(name="dedup"))
    batch = StoriesStage(options)
    batch.run(stored, StageStats(name="stories"))
    index = StoryIndex.from_profiles(batch.profiles, options.max_postings)
    docs = [*stored, doc("follow-up", SHOOTING_MILLBROOK_FOLLOW_UP)]
    existing = {d.id: d.story for d in stored}
    stage = StoriesStage(options, existing=existing, index=index)
    stage.run(docs, StageStats(name="stories"))
    keys = stage.profiles["follow-up"].keys
    assert len(keys) == 4  # the two heaviest, then two rare ones
    # Three articles: a rare term is in at most two of them.
    assert all(index.document_frequency[index.term_number[k]] <= 2 for k in keys[2:])


def test_a_key_held_by_too_many_articles_is_dropped_from_the_postings():
    profile = ArticleProfile(
        story="s", words={"storm": 2}, names={}, keys=["w:storm"], neighbours=[]
    )
    index = StoryIndex(max_postings=2)
    for n in range(3):
        index.add(f"a{n}", profile)
    assert "w:storm" not in index.postings and index.key_count["w:storm"] == 3


def test_linkage_never_joins_two_anchored_items():
    # 0 and 1 are stored stories; 2 is a new article close to both, 3 close to 2.
    edges = {(0, 2): 0.9, (1, 2): 0.8, (0, 1): 0.95, (2, 3): 0.7}
    labels = average_linkage(4, edges, 0.3, anchored=[True, True, False, False])
    assert labels[0] != labels[1]
    assert labels[2] == labels[0] and labels[3] == labels[0]
    assert average_linkage(4, edges, 0.3)[1] == average_linkage(4, edges, 0.3)[0]
