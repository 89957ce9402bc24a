"""The stories stage: articles about the same event form one story."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from wiredesk.distributed import Mapper, flattened, in_process
from wiredesk.records import Document
from wiredesk.stage import StageStats
from wiredesk.stories.features import (
    SiteTerms,
    article_embeddings,
    article_entities,
    combined_vectors,
    top_entities,
)
from wiredesk.stories.ids import assign_story_ids, story_id
from wiredesk.stories.linkage import (
    average_linkage,
    nearest_neighbours,
    shared_neighbour_similarity,
)


@dataclass(kw_only=True, slots=True)
class StoriesOptions:
    """How articles are grouped into stories.

    threshold: mean pairwise similarity two groups need to merge (average linkage); tuned on
        ECB+ train+dev and GVA dev.
    entity_weight: share of the similarity that comes from shared names and numbers rather than
        shared words (articles of the same kind share words; different events rarely share names).
    use_numbers: count numbers (ages, counts, times) as entities.
    neighbours: how many nearest neighbours each article keeps; pairs outside them count as 0.
    floor: similarity below which a neighbour is not kept at all.
    keys_per_article: how many of an article's heaviest terms find its candidate neighbours.
    max_postings: a term more articles than this have among their heaviest is no key (it
        names a kind of story, not one story); bounds the candidates per article.
    profile_neighbours: how many nearest neighbours describe an article's neighbourhood.
    profile_weight: share of the similarity that comes from shared neighbourhoods
        (:func:`~wiredesk.stories.linkage.shared_neighbour_similarity`) rather than from the
        two articles' own words and names.
    embedding_weight: share of each neighbour's similarity that comes from static word
        embeddings (:func:`~wiredesk.stories.features.article_embeddings`, needs the
        ``wordllama`` package); 0 leaves them out: on ECB+ and GVA they did not help
        (benchmarks/results/bench_cluster.md).
    max_day_gap: articles published further apart than this (both dated) have their
        similarity multiplied by ``distant_factor`` (None: dates are ignored).
    distant_factor: 0 keeps such articles apart; between 0 and 1 makes them harder to join
        (guessed or crawl dates are not always publication dates).
    entities_kept: how many entities are kept on each document for the UI.
    site_terms: when a term is a site's own (menus, footers) and left out of comparisons.
    """

    threshold: float = 0.3
    entity_weight: float = 0.3
    use_numbers: bool = True
    neighbours: int = 30
    floor: float = 0.05
    keys_per_article: int = 30
    max_postings: int = 200
    profile_neighbours: int = 10
    profile_weight: float = 0.7
    embedding_weight: float = 0.0
    max_day_gap: int | None = 7
    distant_factor: float = 0.7
    entities_kept: int = 12
    site_terms: SiteTerms = field(default_factory=SiteTerms)


class StoriesStage:
    """Sets ``story``, ``entities`` and ``story_evidence`` on every document; copies join their
    canonical's story."""

    name = "stories"

    def __init__(
        self,
        options: StoriesOptions | None = None,
        existing: Mapping[str, str] | None = None,
        mapper: Mapper | None = None,
    ) -> None:
        """``mapper``: where each article's names and numbers are found
        (``wiredesk.distributed``; default here); the vectors and the linkage are made here."""
        self.options = options or StoriesOptions()
        self.existing = dict(existing or {})
        self.mapper = mapper

    def run(self, docs: list[Document], stats: StageStats) -> None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        options = self.options
        leaders = [d for d in docs if d.canonical]
        mapper = self.mapper or in_process
        stop_words = frozenset(ENGLISH_STOP_WORDS)
        titled_texts = [(d.title, d.text) for d in leaders]
        mentions = flattened(mapper(entity_mentions, titled_texts, stop_words, options.use_numbers))
        for doc, found in zip(leaders, mentions, strict=True):
            names = [m for m in found if not m.startswith("#")]
            doc.entities = top_entities(names, options.entities_kept)
        labels, edges = link_articles(leaders, mentions, options)
        _record_evidence(leaders, mentions, labels, edges)
        groups = _by_label(leaders, labels)
        leader_of: dict[str, Document] = {}
        for members, story in zip(groups, assign_story_ids(groups, self.existing), strict=True):
            for doc in members:
                doc.story = story
                leader_of[_copy_group(doc)] = doc
        for doc in docs:
            if doc.canonical:
                continue
            leader = leader_of.get(_copy_group(doc))
            # A copy whose canonical is not in this run (a partial re-run) stands for itself.
            doc.story = leader.story if leader else self.existing.get(doc.id, story_id(doc.id))
            doc.entities = list(leader.entities) if leader else []
            doc.story_evidence = {"copy_of": leader.id} if leader else {"nearest": None}
        stories = {d.story for d in docs}
        stats.count("stories", len(stories))
        stats.count("stories kept from earlier runs", len(set(self.existing.values()) & stories))


def entity_mentions(
    titled_texts: list[tuple[str, str]], stop_words: frozenset[str], with_numbers: bool
) -> list[list[str]]:
    """The names and (when asked) numbers each (title, text) mentions."""
    return [
        article_entities(Document(id="", raw="", title=title, text=text), stop_words, with_numbers)
        for title, text in titled_texts
    ]


def link_articles(
    docs: list[Document], mentions: list[list[str]], options: StoriesOptions
) -> tuple[list[int], dict[tuple[int, int], float]]:
    """A cluster label per document (labels are arbitrary ints) and the similarities the
    clustering used (i<j pairs, dates already weighed in)."""
    if len(docs) < 2:
        return list(range(len(docs))), {}
    texts = [f"{d.title}\n{d.text}" if d.title else d.text for d in docs]
    publishers = [d.publisher for d in docs]
    vectors = combined_vectors(
        texts, mentions, publishers, options.entity_weight, options.site_terms
    )
    edges = nearest_neighbours(
        vectors, options.neighbours, options.floor, options.keys_per_article, options.max_postings
    )
    if options.embedding_weight > 0 and edges:
        dense = article_embeddings(texts)
        pairs = np.array(list(edges))
        cosines = np.einsum("ij,ij->i", dense[pairs[:, 0]], dense[pairs[:, 1]])
        edges = _blend(
            edges, dict(zip(edges, cosines.tolist(), strict=True)), options.embedding_weight
        )
    if options.profile_weight > 0:
        shared = shared_neighbour_similarity(len(docs), edges, options.profile_neighbours)
        edges = _blend(edges, shared, options.profile_weight)
    if options.max_day_gap is not None:
        edges = {pair: sim * _time_factor(docs, pair, options) for pair, sim in edges.items()}
    weights = [1.0 + len(d.copies) for d in docs]
    return average_linkage(len(docs), edges, options.threshold, weights), edges


def _blend(
    edges: dict[tuple[int, int], float], other: dict[tuple[int, int], float], weight: float
) -> dict[tuple[int, int], float]:
    """Each edge's similarity with ``weight`` of it taken from ``other`` instead."""
    return {pair: (1.0 - weight) * sim + weight * other[pair] for pair, sim in edges.items()}


def _record_evidence(
    docs: list[Document],
    mentions: list[list[str]],
    labels: list[int],
    edges: dict[tuple[int, int], float],
) -> None:
    """Set ``story_evidence``: each article's most similar member of its own story, how
    similar, the names and numbers both mention, and the days between them.

    Every member of a story of several has such a neighbour: average linkage only merges
    groups with a similarity between them.
    """
    nearest: dict[int, tuple[float, int]] = {}
    for (i, j), similarity in edges.items():
        if labels[i] != labels[j]:
            continue
        for this, other in ((i, j), (j, i)):
            best = nearest.get(this)
            # Ties go to the smaller index so the record does not depend on edge order.
            if best is None or (similarity, -other) > (best[0], -best[1]):
                nearest[this] = (similarity, other)
    for i, doc in enumerate(docs):
        if i not in nearest:
            doc.story_evidence = {"nearest": None}
            continue
        similarity, j = nearest[i]
        shared = set(mentions[j])
        in_both = [m for m in dict.fromkeys(mentions[i]) if m in shared]
        doc.story_evidence = {
            "nearest": docs[j].id,
            "similarity": round(similarity, 3),
            "shared_names": [m for m in in_both if not m.startswith("#")][:_SHARED_KEPT],
            "shared_numbers": [m[1:] for m in in_both if m.startswith("#")][:_SHARED_KEPT],
            "day_gap": _day_gap(doc, docs[j]),
        }


# How many shared names (and numbers) a story record lists: enough to see why, short to read.
_SHARED_KEPT = 10


def _day_gap(first: Document, second: Document) -> int | None:
    if first.published is None or second.published is None:
        return None
    return abs((first.published - second.published).days)


def _time_factor(docs: list[Document], pair: tuple[int, int], options: StoriesOptions) -> float:
    first, second = docs[pair[0]].published, docs[pair[1]].published
    if first is None or second is None or abs((first - second).days) <= options.max_day_gap:
        return 1.0
    return options.distant_factor


def _by_label(docs: list[Document], labels: list[int]) -> list[list[Document]]:
    by_label: dict[int, list[Document]] = {}
    for doc, label in zip(docs, labels, strict=True):
        by_label.setdefault(label, []).append(doc)
    return list(by_label.values())


def _copy_group(doc: Document) -> str:
    return doc.dedup_group or doc.id
