"""Story ids that survive re-runs: old groups keep their id, new ones take it from a member."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping

from wiredesk.dedup.groups import earliest_key
from wiredesk.records import Document


def story_id(member_id: str) -> str:
    """The id a new story takes from its earliest member."""
    return f"story-{hashlib.sha1(member_id.encode()).hexdigest()[:12]}"


def assign_story_ids(groups: list[list[Document]], existing: Mapping[str, str]) -> list[str]:
    """One id per group.

    A group with members from earlier runs keeps the old story most of them belong to; when
    an old story has been split, the part with most of its members keeps the id and the other
    parts take new ids, so no two groups share one.
    """
    claims = []
    for index, members in enumerate(groups):
        old = Counter(existing[d.id] for d in members if d.id in existing)
        for old_id, n in old.items():
            claims.append((-n, old_id, index))
    ids: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    for _, old_id, index in sorted(claims):
        if ids[index] is None and old_id not in taken:
            ids[index] = old_id
            taken.add(old_id)
    for index, members in enumerate(groups):
        if ids[index] is None:
            ids[index] = _fresh_id(members, taken)
            taken.add(ids[index])
    return ids


def _fresh_id(members: list[Document], taken: set[str]) -> str:
    # The earliest member's id, unless an old story split off from this one already uses it.
    for doc in sorted(members, key=lambda d: earliest_key(d.id, d.published)):
        candidate = story_id(doc.id)
        if candidate not in taken:
            return candidate
    return story_id("+".join(sorted(d.id for d in members)))
