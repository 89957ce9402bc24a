"""The dedup stage: exact and near-duplicate copies collapse into one canonical article."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from wiredesk.dedup.groups import DisjointSets, copy_quality, earliest_key, group_id
from wiredesk.dedup.minhash import band_candidates, equal_rows, fewest_equal_rows, signatures
from wiredesk.dedup.text import (
    distinct_sorted,
    exact_key,
    figures,
    hashed_words,
    jaccard,
    jaccards_to,
    same_figures,
    shingles_of,
)
from wiredesk.dedup.versions import (
    Wording,
    figure_differences,
    substitutions,
    swapped,
    wording,
)
from wiredesk.distributed import Mapper, flattened, in_process
from wiredesk.records import Difference, Document, Version
from wiredesk.stage import StageStats


@dataclass(kw_only=True, slots=True)
class DedupOptions:
    """How copies are found (thresholds chosen on half of the Reuters reprint set's groups).

    shingle_size: words per shingle (2: reprints are noisy, longer shingles break on every typo).
    num_perm: MinHash permutations (more: better candidate recall, slower).
    band_rows: MinHash rows per LSH band, ``num_perm // band_rows`` bands; a pair is proposed
        when its signatures agree in every row of one band. Two rows: recall first (a pair of
        Jaccard 0.2 is proposed with probability 1 - (1 - 0.2**2)**64 = 0.93, one of 0.3 with
        0.998); the checks below decide.
    estimate_miss_rate: a proposed pair goes on to the exact check only when its signatures
        agree in enough rows that a pair of exactly ``min_jaccard`` would have fewer with at
        most this probability (most proposed pairs agree in a few rows by chance).
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
    band_rows: int = 2
    estimate_miss_rate: float = 1e-4
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

    def __init__(self, options: DedupOptions | None = None, mapper: Mapper | None = None) -> None:
        """``mapper``: where each text's words, shingles and signature are computed
        (``wiredesk.distributed``; default here); candidates and groups are decided here."""
        self.options = options or DedupOptions()
        self.mapper = mapper

    def run(self, docs: list[Document], stats: StageStats) -> None:
        with _collector_paused():
            self._find_copies(docs, stats)

    def _find_copies(self, docs: list[Document], stats: StageStats) -> None:
        options = self.options
        mapper = self.mapper or in_process
        features = flattened(mapper(copy_features, [doc.text for doc in docs], options))
        word_hash_lists = [hashes for hashes, _, _, _ in features]
        shingle_sets = distinct_sorted([hashes for _, hashes, _, _ in features])
        number_sets = [number_set for _, _, number_set, _ in features]
        signature_matrix = np.array(
            [signature for _, _, _, signature in features], dtype=np.uint32
        ).reshape(len(docs), options.num_perm)
        copies = DisjointSets(len(docs))
        exact_classes = _exact_copy_classes(word_hash_lists)
        exact_pairs = [(members[0], k) for members in exact_classes for k in members[1:]]
        exact = sum(copies.union(i, j) for i, j in exact_pairs)
        near = 0
        wordings: dict[int, Wording] = {}
        version_pairs: list[tuple[int, int, float, list[Difference]]] = []
        for i, j in _near_copy_candidates(signature_matrix, shingle_sets, exact_classes, options):
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
                [word_hash_lists[i] for i in members],
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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the stage, as it was afterwards.

    The stage builds millions of small lists, tuples and sets and no reference cycles, so the
    collector's passes over them free nothing; on the Reuters set they took 15% of its time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _exact_copy_classes(word_hash_lists: list[np.ndarray]) -> list[list[int]]:
    """Texts with equal normalised words, each class in input order, classes by their first
    member; texts without words are in none (they are not copies of each other)."""
    classes: dict[bytes, list[int]] = {}
    for i, hashes in enumerate(word_hash_lists):
        if len(hashes):
            classes.setdefault(exact_key(hashes), []).append(i)
    return list(classes.values())


TextFeatures = tuple[np.ndarray, np.ndarray, set[int], np.ndarray]


def copy_features(texts: list[str], options: DedupOptions) -> list[TextFeatures]:
    """Per text: the hashes of its words, its shingle hashes, figures and MinHash signature."""
    word_hash_lists, number_lists = hashed_words(texts)
    hashes = shingles_of(word_hash_lists, options.shingle_size)
    signature_matrix = signatures(hashes, options.num_perm, options.seed)
    return list(
        zip(
            word_hash_lists,
            hashes,
            map(figures, word_hash_lists, number_lists),
            signature_matrix,
            strict=True,
        )
    )


def _near_copy_candidates(
    signature_matrix: np.ndarray,
    shingle_sets: list[np.ndarray],
    exact_classes: list[list[int]],
    options: DedupOptions,
) -> Iterator[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, that MinHash LSH proposes and that may reach
    ``min_jaccard``: their signatures agree in enough rows, and neither set of shingles is too
    small beside the other (Jaccard is at most the smaller size over the larger). Likeliest
    first, so that most later pairs are already joined and need no check.

    Exact copies have one signature, so each class is banded once and a proposed pair of
    classes stands for every pair of their members.
    """
    first_members = [members[0] for members in exact_classes]
    class_signatures = signature_matrix[first_members]
    pairs = band_candidates(class_signatures, options.band_rows)
    sizes = np.array([len(shingle_sets[i]) for i in first_members], dtype=np.int64)
    smaller = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    larger = np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    # Sizes first: they are cheap, and the rows of a pair they rule out need no comparing.
    pairs = pairs[smaller >= options.min_jaccard * larger]
    agreeing = equal_rows(class_signatures, pairs)
    fewest = fewest_equal_rows(options.num_perm, options.min_jaccard, options.estimate_miss_rate)
    possible = agreeing >= fewest
    likeliest_first = np.argsort(-agreeing[possible], kind="stable")
    for first_class, second_class in pairs[possible][likeliest_first].tolist():
        for i in exact_classes[first_class]:
            for j in exact_classes[second_class]:
                yield (i, j) if i < j else (j, i)


def _mark_group(
    members: list[Document], word_hash_lists: list[np.ndarray], shingle_sets: list[np.ndarray]
) -> None:
    scores = copy_quality(word_hash_lists)
    # Ties go to the smallest id so the choice does not depend on input order.
    best = min(range(len(members)), key=lambda k: (-scores[k], members[k].id))
    canonical = members[best]
    others = [k for k in range(len(members)) if k != best]
    similarities = dict(
        zip(others, jaccards_to(shingle_sets[best], [shingle_sets[k] for k in others]), strict=True)
    )
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
            similarity = round(similarities[k], 3)
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
