"""The seeds as a user runs them: ``wiredesk cluster`` (clean -> dedup -> stories)."""

from __future__ import annotations

from wiredesk.ingest import IngestOptions
from wiredesk.pipeline import run_task


def test_the_seed_reports_cleaned_are_one_story_of_two_articles(seeds_dir):
    paths = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    report = run_task("cluster", paths, IngestOptions())
    docs = [d for d in report.documents if not d.skip_reason]
    assert len(docs) == 2
    assert docs[0].story and docs[0].story == docs[1].story
    assert docs[0].dedup_group != docs[1].dedup_group
    assert all(d.canonical and not d.copies for d in docs)
