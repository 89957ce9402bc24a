"""``wiredesk run`` on a database with stories adds new articles to them incrementally:
stored articles keep their story, story profiles are stored for the next run, a story's title
and names follow its members, and a database from before the profiles is upgraded and grouped
in batch once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select

from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import run_corpus
from wiredesk.store import connect, load_documents, load_stories, load_story_profiles
from wiredesk.store.database import SCHEMA_VERSION, schema_version

pytestmark = pytest.mark.model

# Short reports written for these tests (no third-party text).
QUAKE = (
    "An earthquake of magnitude 6.1 struck near Vellmar on Sunday, the Vellmar seismic "
    "office said. Rescue teams searched collapsed houses in the old town of Vellmar and "
    "Mayor Ilse Brandvik said 12 people were hurt."
)
QUAKE_FOLLOW_UP = (
    "Hundreds of families from Vellmar slept in tents on Monday night as aftershocks kept "
    "rattling the region, a day after the magnitude 6.1 earthquake. Ilse Brandvik, the "
    "mayor, asked the government for field kitchens and blankets; engineers from the Vellmar "
    "seismic office inspected the bridge over the Aldra river and closed it to lorries."
)
STRIKE = (
    "Dock workers at the Saltreach harbour went on strike on Monday. More than 300 workers "
    "joined the strike, union officials said. The port authority warned that ships would be "
    "diverted to Eastport until the dispute is settled."
)


def batch(folder: Path, name: str, reports: list[tuple[str, str, str]]) -> str:
    path = folder / f"{name}.jsonl"
    lines = [
        json.dumps({"id": id_, "text": text, "title": title, "published": "2026-03-09"})
        for id_, title, text in reports
    ]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def run(url: str, path: str, recluster: bool = False):
    engine = connect(url)
    report = run_corpus([path], engine, IngestOptions(), spans="rules", recluster=recluster)
    return engine, next(s for s in report.stages if s.name == "stories")


def test_new_articles_join_stored_stories_without_moving_stored_ones(db_url, tmp_path):
    first = batch(tmp_path, "first", [("quake", "", QUAKE), ("strike", "", STRIKE)])
    engine, stats = run(db_url, first)
    assert "articles assigned incrementally" not in stats.counts  # first run: batch
    before = {d.id: d.story for d in load_documents(engine)}
    assert set(load_story_profiles(engine)) == {"quake", "strike"}
    [quake_story] = [s for s in load_stories(engine) if s.id == before["quake"]]
    second = batch(
        tmp_path, "second", [("aftershocks", "Aftershocks shake Vellmar", QUAKE_FOLLOW_UP)]
    )
    engine, stats = run(db_url, second)
    assert stats.counts["articles assigned incrementally"] == 1
    assert stats.counts["joined stored stories"] == 1
    after = {d.id: d.story for d in load_documents(engine)}
    assert {i: after[i] for i in before} == before
    assert after["aftershocks"] == before["quake"]
    assert set(load_story_profiles(engine)) == {"quake", "strike", "aftershocks"}
    # The story's record follows its members: the new article's headline names it now.
    [grown] = [s for s in load_stories(engine) if s.id == before["quake"]]
    assert set(grown.document_ids) == {"quake", "aftershocks"}
    assert grown.title == "Aftershocks shake Vellmar" and quake_story.title != grown.title
    assert "vellmar" in grown.entities


def test_recluster_groups_the_whole_corpus_again_keeping_ids(db_url, tmp_path):
    run(db_url, batch(tmp_path, "first", [("quake", "", QUAKE), ("strike", "", STRIKE)]))
    engine, stats = run(
        db_url,
        batch(tmp_path, "second", [("aftershocks", "", QUAKE_FOLLOW_UP)]),
        recluster=True,
    )
    assert "articles assigned incrementally" not in stats.counts
    stories = {d.id: d.story for d in load_documents(engine)}
    assert stories["aftershocks"] == stories["quake"] != stories["strike"]


def test_a_database_from_before_the_profiles_is_upgraded_and_grouped_in_batch(db_url, tmp_path):
    engine, _ = run(
        db_url, batch(tmp_path, "first", [("quake", "", QUAKE), ("strike", "", STRIKE)])
    )
    with engine.begin() as conn:  # as a version 2 database left it: no profile column
        conn.exec_driver_sql("ALTER TABLE documents DROP COLUMN story_profile")
        conn.execute(delete(schema_version))
        conn.execute(insert(schema_version), {"version": 2})
    engine.dispose()
    engine = connect(db_url)
    with engine.connect() as conn:
        assert conn.execute(select(schema_version.c.version)).scalar() == SCHEMA_VERSION
    assert load_story_profiles(engine) == {}
    stored = {d.id: d.story for d in load_documents(engine)}
    engine, stats = run(db_url, batch(tmp_path, "second", [("aftershocks", "", QUAKE_FOLLOW_UP)]))
    assert "articles assigned incrementally" not in stats.counts
    after = {d.id: d.story for d in load_documents(engine)}
    assert {i: after[i] for i in stored} == stored
    assert set(load_story_profiles(engine)) == {"quake", "strike", "aftershocks"}
