"""The dedup stage: exact and near-duplicate copies collapse into one canonical article."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from wiredesk.dedup.groups import DisjointSets, copy_quality, earliest_key, group_id
from wiredesk.dedup.text import exact_key, figures, jaccard, same_figures, shingles, words
from wiredesk.dedup.versions import (
    Wording,
    figure_differences,
    substitutions,
    swapped,
    wording,
)
from wiredesk.records import Difference, Document, Version
from wiredesk.stage import StageStats


@dataclass(kw_only=True, slots=True)
class DedupOptions:
    """How copies are found (thresholds chosen on half of the Reuters reprint set's groups).

    shingle_size: words per shingle (2: reprints are noisy, longer shingles break on every typo).
    num_perm: MinHash permutations (more: better candidate recall, slower).
    lsh_threshold: Jaccard estimate above which LSH proposes a pair (low: recall first; the
        exact check below decides).
    min_jaccard: exact shingle Jaccard a proposed pair needs to count as copies. Low, because
        reprints are cut, re-headlined and garbled; not lower, because a follow-up article that
        reuses the first report's phrases reaches 0.15 (0.15 would score higher on the
        reprint set).
    min_shared_figures: share of the numbers of the text with fewer numbers that the other
        must have too (templated reports share words but not figures).
    seed: MinHash seed; fixed so a re-run finds the same groups.
    """

    shingle_size: int = 2
    num_perm: int = 128
    lsh_threshold: float = 0.15
    min_jaccard: float = 0.2
    min_shared_figures: float = 0.5
    seed: int = 1


class DedupStage:
    """Sets ``dedup_group``, ``canonical``, ``copies``, ``versions`` and ``dedup_evidence`` on
    every document; drops none.

    A candidate pair similar enough to be copies stays apart, as versions of each other, when
    one text puts a figure or a name where the other has another, or when their figures
    disagree as a whole.
    """

    name = "dedup"

    def __init__(self, options: DedupOptions | None = None) -> None:
        self.options = options or DedupOptions()

    def run(self, docs: list[Document], stats: StageStats) -> None:
        options = self.options
        token_lists = [words(doc.text) for doc in docs]
        shingle_sets = [shingles(tokens, options.shingle_size) for tokens in token_lists]
        number_sets = [figures(tokens) for tokens in token_lists]
        copies = DisjointSets(len(docs))
        exact_pairs = list(_exact_copy_pairs(token_lists))
        exact = sum(copies.union(i, j) for i, j in exact_pairs)
        near = 0
        wordings: dict[int, Wording] = {}
        version_pairs: list[tuple[int, int, float, list[Difference]]] = []
        for i, j in _near_copy_candidates(shingle_sets, options):
            # A pair already joined through other copies needs no check.
            if copies.find(i) == copies.find(j):
                continue
            similarity = jaccard(shingle_sets[i], shingle_sets[j])
            if similarity < options.min_jaccard:
                continue
            for k in (i, j):
                if k not in wordings:
                    wordings[k] = wording(docs[k].text)
            differences = substitutions(wordings[i], wordings[j])
            if not same_figures(number_sets[i], number_sets[j], options.min_shared_figures):
                differences = differences or figure_differences(wordings[i], wordings[j])
            if differences:
                version_pairs.append((i, j, similarity, differences))
            else:
                near += copies.union(i, j)
        for members in copies.groups():
            _mark_group(
                [docs[i] for i in members],
                [token_lists[i] for i in members],
                [shingle_sets[i] for i in members],
            )
        for i in {k for pair in exact_pairs for k in pair}:
            if not docs[i].canonical:
                docs[i].dedup_evidence["match"] = "exact"
        kept_apart = _mark_versions(docs, copies, version_pairs)
        stats.count("exact copies", exact)
        stats.count("near copies", near)
        stats.count("copy groups", sum(1 for d in docs if d.canonical and d.copies))
        stats.count("versions kept apart", kept_apart)


def _exact_copy_pairs(token_lists: list[list[str]]) -> Iterator[tuple[int, int]]:
    first_with_key: dict[str, int] = {}
    for i, tokens in enumerate(token_lists):
        if not tokens:
            continue  # texts without words are not copies of each other
        key = exact_key(tokens)
        if key in first_with_key:
            yield first_with_key[key], i
        else:
            first_with_key[key] = i


def _near_copy_candidates(
    shingle_sets: list[set[str]], options: DedupOptions
) -> Iterator[tuple[int, int]]:
    """Pairs whose MinHash signatures share an LSH band: likely above ``lsh_threshold``."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=options.lsh_threshold, num_perm=options.num_perm)
    signatures = MinHash.generator(
        ([s.encode() for s in shingle_set] for shingle_set in shingle_sets),
        num_perm=options.num_perm,
        seed=options.seed,
        # crc32 is a deterministic 32-bit hash in C, several times faster than the default sha1.
        hashfunc=zlib.crc32,
    )
    for i, signature in enumerate(signatures):
        if not shingle_sets[i]:
            continue
        # Query before inserting: each pair is proposed once, from its later member.
        for j in lsh.query(signature):
            yield j, i
        lsh.insert(i, signature, check_duplication=False)


def _mark_group(
    members: list[Document], token_lists: list[list[str]], shingle_sets: list[set[str]]
) -> None:
    scores = copy_quality(token_lists)
    # Ties go to the smallest id so the choice does not depend on input order.
    best = min(range(len(members)), key=lambda k: (-scores[k], members[k].id))
    canonical = members[best]
    earliest = min(members, key=lambda d: earliest_key(d.id, d.published))
    dedup_group = group_id(earliest.id)
    merged: dict[str, float] = {}
    for k, doc in enumerate(members):
        doc.dedup_group = dedup_group
        doc.canonical = doc is canonical
        doc.copies = []
        doc.dedup_evidence = {}
        if doc is not canonical:
            # Measured against the canonical even when the copy was matched through another
            # member: it is the text the copy stands in for.
            similarity = round(jaccard(shingle_sets[k], shingle_sets[best]), 3)
            doc.dedup_evidence = {
                "canonical": canonical.id,
                "similarity": similarity,
                "match": "near",
            }
            merged[doc.id] = similarity
    canonical.copies = sorted(merged)
    if merged:
        canonical.dedup_evidence = {"copies": dict(sorted(merged.items()))}


def _mark_versions(
    docs: list[Document],
    copies: DisjointSets,
    version_pairs: list[tuple[int, int, float, list[Difference]]],
) -> int:
    """Record each pair on both documents; return how many pairs stayed in different groups.

    A pair that other copies joined after all (A copies B, B copies C, A and C differ) is left
    out: both texts are in one group, and its members are not versions of each other.
    """
    for doc in docs:
        doc.versions = []
    kept_apart = 0
    for i, j, similarity, differences in version_pairs:
        if copies.find(i) == copies.find(j):
            continue
        kept_apart += 1
        similarity = round(similarity, 3)
        docs[i].versions.append(Version(docs[j].id, similarity, differences))
        docs[j].versions.append(Version(docs[i].id, similarity, swapped(differences)))
    for doc in docs:
        doc.versions.sort(key=lambda version: version.id)
    return kept_apart
