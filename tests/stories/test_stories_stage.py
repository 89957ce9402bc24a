from __future__ import annotations

from datetime import date

from wiredesk.dedup import DedupStage
from wiredesk.records import Document
from wiredesk.stage import StageStats
from wiredesk.stories import StoriesOptions, StoriesStage
from wiredesk.stories.ids import story_id

# Short articles written for these tests (no third-party text).
SHOOTING_MILLBROOK = (
    "Two men were shot outside a convenience store on Alder Street in Millbrook late Saturday, "
    "police said. Officers found Darnell Hayes, 24, and a 31-year-old man with gunshot wounds "
    "shortly after 11 p.m. Hayes died at Millbrook General Hospital; the other man is in "
    "stable condition. Millbrook police Chief Laura Brandt said the shooting followed an "
    "argument in the parking lot and that investigators were reviewing video from the store. "
    "No arrests have been made."
)

SHOOTING_MILLBROOK_FOLLOW_UP = (
    "Millbrook police on Monday arrested a 19-year-old man in connection with the fatal "
    "shooting of Darnell Hayes outside an Alder Street convenience store. Chief Laura Brandt "
    "said store video showed the suspect firing after an argument in the parking lot. Hayes, "
    "24, died at Millbrook General Hospital; a second man who was wounded is recovering. The "
    "suspect faces a murder charge."
)

SHOOTING_CARVER = (
    "A woman was wounded in a shooting at an apartment complex on Ridge Road in Carver City on "
    "Thursday afternoon, the Carver County Sheriff's Office said. Deputies found Maria Okafor, "
    "42, with a gunshot wound to the leg and took her to St. Jude Medical Center. Sheriff Tom "
    "Reilly said a neighbour fired through a wall during a dispute over noise. The neighbour, "
    "a 55-year-old man, was taken into custody."
)

BRIDGE = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs after "
    "engineers found cracks in two of its steel supports. Council member Ana Ruiz said the "
    "closure would last at least six weeks and that a ferry service would run every twenty "
    "minutes. Shop owners in the port district said they feared losing trade."
)


def seed_articles(seeds_dir) -> list[str]:
    """The two seed reports without the donation appeal and menu that the clean stage removes."""
    return [
        path.read_text().split("A Message from The Moscow Times")[0]
        for path in sorted(seeds_dir.glob("*.txt"))
    ]


def doc(doc_id: str, text: str, published: date | None = None, publisher: str = "") -> Document:
    return Document(id=doc_id, raw=text, text=text, published=published, publisher=publisher)


def run(docs: list[Document], existing: dict[str, str] | None = None) -> StageStats:
    DedupStage().run(docs, StageStats(name="dedup"))
    stats = StageStats(name="stories")
    StoriesStage(existing=existing).run(docs, stats)
    return stats


def corpus() -> list[Document]:
    return [
        doc("millbrook", SHOOTING_MILLBROOK, date(2024, 5, 4)),
        doc("carver", SHOOTING_CARVER, date(2024, 5, 2)),
        doc("millbrook-2", SHOOTING_MILLBROOK_FOLLOW_UP, date(2024, 5, 6)),
        doc("bridge", BRIDGE, date(2024, 5, 3)),
    ]


def story_of(docs: list[Document]) -> dict[str, str]:
    return {d.id: d.story for d in docs}


def test_the_two_seed_reports_are_one_story_and_not_copies(seeds_dir):
    seeds = [doc(f"seed{i}", text) for i, text in enumerate(seed_articles(seeds_dir))]
    docs = seeds + corpus()
    run(docs)
    assert seeds[0].story == seeds[1].story
    assert seeds[0].dedup_group != seeds[1].dedup_group
    assert all(d.canonical for d in seeds)
    assert seeds[0].story not in {d.story for d in docs[2:]}
    assert "kursk" in seeds[0].entities and "north korean" in seeds[0].entities


def test_two_shootings_in_different_towns_stay_apart_and_a_follow_up_joins_its_own():
    docs = corpus()
    stats = run(docs)
    stories = story_of(docs)
    assert stories["millbrook"] == stories["millbrook-2"]
    assert stories["carver"] != stories["millbrook"]
    assert stories["bridge"] not in {stories["carver"], stories["millbrook"]}
    assert stats.counts["stories"] == 3


def test_a_copy_takes_its_canonicals_story_and_entities():
    reprint_text = SHOOTING_CARVER.removesuffix(
        " The neighbour, a 55-year-old man, was taken into custody."
    )
    docs = [*corpus(), doc("reprint", "Crime desk\n" + reprint_text)]
    run(docs)
    reprint, carver = docs[-1], docs[1]
    assert not reprint.canonical and carver.copies == ["reprint"]
    assert reprint.story == carver.story
    assert reprint.entities == carver.entities


def test_a_new_story_takes_its_id_from_its_earliest_member():
    docs = corpus()
    run(docs)
    assert docs[0].story == story_id("millbrook")  # published before millbrook-2


def test_rerunning_with_new_articles_keeps_the_old_story_ids():
    first = corpus()
    run(first)
    before = story_of(first)
    # The old story's id was derived from another article: it must survive regardless.
    existing = {doc_id: f"kept-{story}" for doc_id, story in before.items()}
    second = [*corpus(), doc("carver-2", SHOOTING_CARVER.replace("Thursday", "Thursday night"))]
    stats = run(second, existing)
    after = story_of(second)
    assert all(after[doc_id] == existing[doc_id] for doc_id in before)
    assert after["carver-2"] == after["carver"]
    assert stats.counts["stories kept from earlier runs"] == 3


def test_running_twice_gives_the_same_ids():
    assert story_of(_ran(corpus())) == story_of(_ran(corpus()[::-1]))


def test_articles_weeks_apart_need_more_in_common():
    near = StoriesOptions(max_day_gap=None)
    apart = StoriesOptions(max_day_gap=7, day_gap_decay=100.0)

    def stories(options: StoriesOptions) -> dict[str, str]:
        docs = corpus()
        docs[2].published = date(2024, 9, 1)
        DedupStage().run(docs, StageStats(name="dedup"))
        StoriesStage(options).run(docs, StageStats(name="stories"))
        return story_of(docs)

    assert stories(near)["millbrook"] == stories(near)["millbrook-2"]
    assert stories(apart)["millbrook"] != stories(apart)["millbrook-2"]


def test_empty_input_and_texts_without_words_do_not_fail():
    StoriesStage().run([], StageStats(name="stories"))
    docs = [doc("a", ""), doc("b", "the and of"), doc("c", "")]
    run(docs)
    assert all(d.story for d in docs)


def _ran(docs: list[Document]) -> list[Document]:
    run(docs)
    return docs


def test_with_embeddings_blended_in_the_events_still_separate():
    docs = corpus()
    DedupStage().run(docs, StageStats(name="dedup"))
    StoriesStage(StoriesOptions(embedding_weight=0.2)).run(docs, StageStats(name="stories"))
    stories = story_of(docs)
    assert stories["millbrook"] == stories["millbrook-2"]
    assert len({stories["millbrook"], stories["carver"], stories["bridge"]}) == 3
