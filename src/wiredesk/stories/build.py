"""Story records from documents that carry a story id."""

from __future__ import annotations

import re
from collections import Counter

from wiredesk.dedup.groups import earliest_key
from wiredesk.records import Document, Story

# A full stop after a capital letter ("U.N.", "J. Smith") does not end the title sentence.
_FIRST_SENTENCE = re.compile(r"\S.*?(?:(?<![A-Z])[.!?](?=\s|$)|$)", re.DOTALL)


def build_stories(docs: list[Document], entities_kept: int = 8) -> list[Story]:
    """One :class:`Story` per story id, ordered by first publication (undated last), then id."""
    members_of: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.story and not doc.skip_reason:
            members_of.setdefault(doc.story, []).append(doc)
    stories = [_story(story_id, members, entities_kept) for story_id, members in members_of.items()]
    return sorted(stories, key=lambda s: earliest_key(s.id, s.first_published))


def first_sentence(text: str, limit: int = 200) -> str:
    match = _FIRST_SENTENCE.search(text)
    sentence = " ".join(match.group().split()) if match else ""
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def central_member(members: list[Document]) -> Document:
    """The article whose entities the rest of the story shares most; the earliest on a tie."""
    readers = [d for d in members if d.canonical] or members
    spread = _spread(readers)
    return min(
        readers,
        key=lambda d: (
            -sum(spread[name] - 1 for name in set(d.entities)),
            *earliest_key(d.id, d.published),
        ),
    )


def _spread(members: list[Document]) -> Counter:
    """In how many articles each entity occurs, counted in reading order, so ties keep the
    order of the earliest article's own ranking."""
    return Counter(name for d in members for name in dict.fromkeys(d.entities))


def _story(story_id: str, members: list[Document], entities_kept: int) -> Story:
    members = sorted(members, key=lambda d: earliest_key(d.id, d.published))
    # A story is named after a real headline when any member has one.
    center = central_member([d for d in members if d.title] or members)
    dates = [d.published for d in members if d.published]
    spread = _spread([d for d in members if d.canonical])
    return Story(
        id=story_id,
        title=center.title or first_sentence(center.text),
        document_ids=[d.id for d in members],
        first_published=min(dates, default=None),
        last_published=max(dates, default=None),
        entities=[name for name, _ in spread.most_common(entities_kept)],
    )
