"""Boilerplate by repetition: segments that recur across the articles of a run.

Each segment is hashed by its words, so the index is linear in the corpus.  Repetition alone
does not make boilerplate: copies of one article (a syndicated wire story, a reprint) share
their text too.  A segment *recurs* when a document that is not a copy of this one has it:
two documents are copies when what they do not share word for word still overlaps (noisy or
re-wrapped copies), or when one holds nothing beyond the other.  An appeal under two different
articles recurs; the body shared by two copies does not (dedup handles copies).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wiredesk.clean.units import Unit

MIN_KEY_CHARS = 20  # shorter segments ("Share", "European Community") are left to shape
SHINGLE_WORDS = 3
CONTAINED = 0.5  # a document with this share of its text in another is (part of) a copy
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Repetition:
    """For each segment key in two or more documents: those documents (indices into the
    run's documents) and the publishers they name ("" where unknown)."""

    postings: dict[str, list[int]]
    publishers: dict[str, frozenset[str]]

    def is_repeated(self, key: str) -> bool:
        return key in self.postings

    def documents(self, key: str) -> int:
        return len(self.postings[key])


def index_repetition(doc_keys: Sequence[Iterable[str]], publishers: Sequence[str]) -> Repetition:
    """Index the segment keys that occur in more than one document."""
    postings: dict[str, list[int]] = defaultdict(list)
    for doc_index, keys in enumerate(doc_keys):
        for key in dict.fromkeys(keys):
            if len(key) >= MIN_KEY_CHARS:
                postings[key].append(doc_index)
    shared = {key: docs for key, docs in postings.items() if len(docs) >= 2}
    return Repetition(
        postings=shared,
        publishers={
            key: frozenset(publishers[doc] for doc in docs) for key, docs in shared.items()
        },
    )


def shingles(texts: Iterable[str]) -> set[int]:
    """Hashed word 3-grams of some texts (lowercased): the overlap measure for relatedness."""
    found = set()
    for text in texts:
        words = WORD.findall(text.lower())
        found.update(hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - 2))
    return found


def sample(items: Sequence[int], size: int) -> list[int]:
    """Up to ``size`` items spread evenly over ``items`` (deterministic)."""
    step = max(1, len(items) // size)
    return list(items[::step][:size])


@dataclass(frozen=True, slots=True)
class Profile:
    """A document's article-like units (not shaped like boilerplate) as (key, shingles)."""

    units: list[tuple[str, set[int]]]
    keys: set[str]
    chars: int


@dataclass(slots=True)
class Relatedness:
    """Which pairs of documents are copies of one article; pairs are judged once."""

    documents: Sequence[list[Unit]]
    min_share: float
    profiles: dict[int, Profile] = field(default_factory=dict)
    judged: dict[tuple[int, int], bool] = field(default_factory=dict)

    def _profile(self, doc: int) -> Profile:
        if doc not in self.profiles:
            article = [u for u in self.documents[doc] if not u.shape.reason]
            self.profiles[doc] = Profile(
                units=[(u.key, shingles([u.segment.text])) for u in article],
                keys={u.key for u in self.documents[doc]},
                chars=sum(len(u.key) for u in article),
            )
        return self.profiles[doc]

    def copies(self, first: int, second: int) -> bool:
        """One mostly inside the other, or what they do not share still overlaps."""
        pair = (min(first, second), max(first, second))
        if pair not in self.judged:
            profiles = [self._profile(doc) for doc in pair]
            shared = profiles[0].keys & profiles[1].keys
            self.judged[pair] = any(
                _shared_share(profile, shared) >= CONTAINED for profile in profiles
            ) or self._unshared_overlap(profiles, shared)
        return self.judged[pair]

    def _unshared_overlap(self, profiles: list[Profile], shared: set[str]) -> bool:
        own = [
            set().union(*(grams for key, grams in profile.units if key not in shared))
            for profile in profiles
        ]
        smaller = min(len(own[0]), len(own[1]))
        return not smaller or len(own[0] & own[1]) >= self.min_share * smaller


def _shared_share(profile: Profile, shared: set[str]) -> float:
    """Share of a document's article-like text in segments the other also has."""
    if not profile.chars:
        return 1.0
    return sum(len(key) for key, _ in profile.units if key in shared) / profile.chars


def mark_recurring(
    documents: Sequence[list[Unit]],
    repetition: Repetition,
    *,
    related_share: float,
    max_partners: int,
) -> None:
    """Set ``repeated`` and ``recurring`` on every unit of every document.

    Each document is compared with at most ``max_partners`` of the documents it shares
    segments with (spread over all of them), so the work stays linear in the corpus.
    """
    relatedness = Relatedness(documents=documents, min_share=related_share)
    for doc, units in enumerate(documents):
        for unit in units:
            unit.repeated = not unit.fragment and repetition.is_repeated(unit.key)
        partners = sorted(
            {other for u in units if u.repeated for other in repetition.postings[u.key]} - {doc}
        )
        unrelated = {
            other for other in sample(partners, max_partners) if not relatedness.copies(doc, other)
        }
        for unit in units:
            unit.recurring = unit.repeated and not unrelated.isdisjoint(
                repetition.postings[unit.key]
            )
