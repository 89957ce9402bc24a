"""The stories stage: articles about the same event form one story."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from wiredesk.distributed import Mapper, flattened, in_process
from wiredesk.records import Document
from wiredesk.stage import StageStats
from wiredesk.stories.entities import FACT_KINDS, LeadFacts, people_named, shared_people
from wiredesk.stories.features import (
    SiteTerms,
    TermCounts,
    article_embeddings,
    article_entities,
    combined_from_counts,
    compared_date,
    counted_text,
    lead_facts_of,
    term_counts,
    top_entities,
)
from wiredesk.stories.ids import assign_story_ids, story_id
from wiredesk.stories.incremental import (
    ArticleProfile,
    Assignment,
    NewArticle,
    StoryIndex,
    assign,
    facts_factor,
    rare_limit_of,
    time_factor,
)
from wiredesk.stories.linkage import (
    average_linkage,
    nearest_neighbours,
    neighbourhood_fullness,
    neighbourhood_weight,
    row_key_columns,
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
    name_idf_power: names and numbers are weighed by their IDF raised to this power
        (:func:`~wiredesk.stories.features.weighted_counts`). Above 1, rare names (a victim,
        a suspect) count far more than common ones (a city, a police force), which keeps
        twin events apart when both are in the corpus; but in a run over a short stretch of
        time an ongoing story's own names are common too and its articles split (ECB+ date
        windows and incremental runs lose more than the whole sets gain:
        benchmarks/results/bench_cluster.md), so plain IDF (1) is the default.
    lead_chars: the words of the lead (the title and this many first characters) count
        twice (:func:`~wiredesk.stories.features.counted_text`); 0 counts every word once.
    neighbours: how many nearest neighbours each article keeps; pairs outside them count as 0.
    floor: similarity below which a neighbour is not kept at all.
    keys_per_article: how many of an article's heaviest terms find its candidate neighbours.
    max_postings: a term more articles than this have among their heaviest is no key (it
        names a kind of story, not one story); bounds the candidates per article.
    rare_keys_per_article: how many more of an article's terms are keys (the heaviest after
        those above) among the terms rare in the corpus: a name two reports share may rank
        below the long one's most repeated words (GVA dev: gold pairs that are candidates
        96% -> 98%).
    rare_term_share, rare_term_articles: a term is rare when no more than this share of the
        articles carry it, and no more than this many (postings stay short in any corpus):
        :func:`~wiredesk.stories.linkage.rare_term_limit`. A share rather than a number
        alone: in a run over a short stretch of time, 20 articles are a whole story's worth,
        and its common terms would bring in its kind's other stories (a limit of 20 alone:
        ECB+ date windows 0.932 -> 0.931).
    profile_neighbours: how many nearest neighbours of other sites than its own describe an
        article's neighbourhood (:func:`~wiredesk.stories.linkage.shared_neighbour_similarity`).
    profile_weight: share of the similarity that comes from shared neighbourhoods
        (:func:`~wiredesk.stories.linkage.shared_neighbour_similarity`) rather than from the
        two articles' own words and names, when both have ``profile_neighbours`` neighbours
        (less in proportion when they have fewer, as in a small run; none between two
        articles of one site: :func:`~wiredesk.stories.linkage.neighbourhood_weight`).
    embedding_weight: share of each neighbour's similarity that comes from static word
        embeddings (:func:`~wiredesk.stories.features.article_embeddings`, needs the
        ``wordllama`` package); 0 leaves them out: on ECB+ and GVA they did not help
        (benchmarks/results/bench_cluster.md).
    max_day_gap: articles published further apart than this (both dated) have their
        similarity discounted (None: dates are ignored):
        :func:`~wiredesk.stories.incremental.time_factor`.
    day_gap_decay: how fast the discount grows with the gap: the similarity is divided by
        1 + day_gap_decay * ln(gap / max_day_gap) (guessed or crawl dates are not always
        publication dates, and follow-ups come weeks later, so no gap keeps articles apart).
    stated_date_chars: an article without a publication date is compared by the date its
        first this many characters state, title included (a page's dateline:
        :func:`~wiredesk.stories.features.compared_date`); 0 leaves it undated. Of ECB+'s
        dated pages, 244 state a date there: their publication day for 234, within 3 days
        for 7 more.
    undated_day_gap: an undated article counts as this many days from a dated one (its date
        is unknown: neither the same days nor months apart); two undated articles are not
        discounted; None: an undated article is never discounted.
    people_outlast_dates: each person two articles of different sites both name in full
        takes a root of the date discount (the square root for one):
        :func:`~wiredesk.stories.incremental.time_factor`.
    lead_fact_kinds: what the leads are compared by
        (:class:`~wiredesk.stories.entities.LeadFacts`): "ages" ("a 12-year-old boy"),
        "streets" ("the 3400 block of Lamar Street"), "casualties" ("2 killed, 3 wounded").
    conflict_factor: two articles keep this share of their similarity for each of those
        kinds that both leads give and that disagree
        (:func:`~wiredesk.stories.entities.facts_differ`); 1 leaves the leads' facts out.
    entities_kept: how many entities are kept on each document for the UI.
    site_terms: when a term is a site's own (menus, footers) and left out of comparisons.
    stored_join_factor: in an incremental run, a new article's similarity to a stored story is
        multiplied by this before the threshold: a story is compared with the members it has
        so far, fewer than a batch run over the whole corpus would average over, so joining
        it early is easier than it should be (tuned on ECB+ train+dev and GVA dev, 5 and 20
        date-ordered runs: benchmarks/results/bench_cluster.md).
    """

    threshold: float = 0.125
    entity_weight: float = 0.3
    use_numbers: bool = True
    name_idf_power: float = 1.0
    lead_chars: int = 1000
    neighbours: int = 30
    floor: float = 0.05
    keys_per_article: int = 30
    max_postings: int = 200
    rare_keys_per_article: int = 30
    rare_term_share: float = 0.01
    rare_term_articles: int = 20
    profile_neighbours: int = 5
    profile_weight: float = 0.8
    embedding_weight: float = 0.0
    max_day_gap: int | None = 3
    day_gap_decay: float = 0.75
    stated_date_chars: int = 200
    undated_day_gap: int | None = 7
    people_outlast_dates: bool = True
    lead_fact_kinds: tuple[str, ...] = FACT_KINDS
    conflict_factor: float = 0.5
    entities_kept: int = 12
    stored_join_factor: float = 0.9
    site_terms: SiteTerms = field(default_factory=SiteTerms)


class StoriesStage:
    """Sets ``story``, ``entities`` and ``story_evidence`` on every document; copies join their
    canonical's story.

    Batch (no ``index``): every canonical article is grouped anew; groups with members from
    earlier runs keep their ``existing`` story id. Incremental (``index``: the stored
    articles' profiles, :class:`~wiredesk.stories.incremental.StoryIndex`): the articles the
    index holds keep their ``existing`` story, entities and evidence as they come; only the
    others are compared, through the index, and join a stored story or open new ones.
    Either way ``profiles`` holds afterwards what a later incremental run needs of every
    canonical article.
    """

    name = "stories"

    def __init__(
        self,
        options: StoriesOptions | None = None,
        existing: Mapping[str, str] | None = None,
        mapper: Mapper | None = None,
        index: StoryIndex | None = None,
    ) -> None:
        """``mapper``: where each article's names and numbers are found
        (``wiredesk.distributed``; default here); the vectors and the linkage are made here."""
        self.options = options or StoriesOptions()
        self.existing = dict(existing or {})
        self.mapper = mapper
        self.index = index
        self.profiles: dict[str, ArticleProfile] = {}

    def run(self, docs: list[Document], stats: StageStats) -> None:
        leaders = [d for d in docs if d.canonical]
        if self.index is None:
            self._batch(leaders)
        else:
            self._incremental(leaders, self.index, stats)
        leader_of = {_copy_group(d): d for d in leaders}
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

    def _mentions(self, leaders: list[Document]) -> list[list[str]]:
        """Each article's names and numbers (``entities`` set from them)."""
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        mapper = self.mapper or in_process
        titled_texts = [(d.title, d.text) for d in leaders]
        stop_words = frozenset(ENGLISH_STOP_WORDS)
        options = self.options
        mentions = flattened(
            mapper(
                entity_mentions, titled_texts, stop_words, options.use_numbers, options.lead_chars
            )
        )
        for doc, found in zip(leaders, mentions, strict=True):
            names = [m for m in found if not m.startswith("#")]
            doc.entities = top_entities(names, options.entities_kept)
        return mentions

    def _batch(self, leaders: list[Document]) -> None:
        mentions = self._mentions(leaders)
        linked = link_articles(leaders, mentions, self.options)
        _record_evidence(leaders, mentions, linked.labels, linked.edges)
        groups = _by_label(leaders, linked.labels)
        for members, story in zip(groups, assign_story_ids(groups, self.existing), strict=True):
            for doc in members:
                doc.story = story
        self.profiles = batch_profiles(leaders, mentions, linked, self.options)

    def _incremental(self, leaders: list[Document], index: StoryIndex, stats: StageStats) -> None:
        # Stored articles keep their story (one without a profile too: it is just not a
        # candidate for the new ones).
        stored = [d for d in leaders if d.id in index.profiles or d.id in self.existing]
        for doc in stored:
            doc.story = self.existing.get(doc.id) or index.profiles[doc.id].story
        story_of_group = {_copy_group(d): d.story for d in stored}
        # A new article that a stored article's copy group holds is that story's already.
        joined = [d for d in leaders if d.id not in index.profiles and d.id not in self.existing]
        mentions_of = dict(zip((d.id for d in joined), self._mentions(joined), strict=True))
        new = []
        for doc in joined:
            group_story = story_of_group.get(_copy_group(doc)) or _stored_copy_story(
                doc, self.existing
            )
            if group_story:
                doc.story = group_story
                doc.story_evidence = {"nearest": None}
            else:
                new.append(doc)
        mentions = [mentions_of[d.id] for d in new]
        texts = [counted_text(d, self.options.lead_chars) for d in new]
        counts = term_counts(texts, [[]] * len(new), 0.0)
        articles = [
            NewArticle(
                id=doc.id,
                words=_row_counts(counts.words, counts.word_names, row),
                names=dict(Counter(found)),
                weight=1.0 + len(doc.copies),
                publisher=doc.publisher,
                published=compared_date(doc, self.options.stated_date_chars),
                facts=lead_facts_of(doc, self.options.lead_chars, self.options.lead_fact_kinds),
            )
            for row, (doc, found) in enumerate(zip(new, mentions, strict=True))
        ]
        by_id = {d.id: d for d in new}

        def fresh_id(member_ids: list[str]) -> str:
            return assign_story_ids([[by_id[i] for i in member_ids]], {})[0]

        stored_stories = {story for story, weight in index.story_weight.items() if weight}
        assignment = assign(index, articles, self.options, fresh_id)
        for doc in new:
            doc.story = assignment.stories[doc.id]
        _record_incremental_evidence(new, articles, index, assignment)
        self.profiles = index.profiles
        stats.count("articles assigned incrementally", len(new))
        stats.count("joined stored stories", sum(1 for d in new if d.story in stored_stories))


def _stored_copy_story(doc: Document, existing: Mapping[str, str]) -> str:
    """The stored story of one of ``doc``'s copies, if one of them is stored ("" if none)."""
    return next((existing[c] for c in doc.copies if c in existing), "")


def _row_counts(matrix, names: list[str], row: int) -> dict[str, int]:
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return {
        names[column]: int(count)
        for column, count in zip(
            matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True
        )
    }


def entity_mentions(
    titled_texts: list[tuple[str, str]],
    stop_words: frozenset[str],
    with_numbers: bool,
    lead_chars: int = 0,
) -> list[list[str]]:
    """The names and (when asked) numbers each (title, text) mentions, those of the lead
    (its first ``lead_chars`` characters, title included) twice."""
    return [
        article_entities(
            Document(id="", raw="", title=title, text=text), stop_words, with_numbers, lead_chars
        )
        for title, text in titled_texts
    ]


@dataclass(slots=True)
class Linked:
    """What the batch linkage decided, and what it compared."""

    labels: list[int]  # a cluster label per document (arbitrary ints)
    edges: dict[tuple[int, int], float]  # what the clustering used (i<j, dates weighed in)
    cosines: dict[tuple[int, int], float] = field(default_factory=dict)  # before blending
    counts: TermCounts | None = None
    vectors: object | None = None  # the combined TF-IDF rows
    columns: list[str] = field(default_factory=list)
    facts: list[LeadFacts] = field(default_factory=list)  # each lead's, when compared
    dates: list[date | None] = field(default_factory=list)  # each article's compared date


def link_articles(
    docs: list[Document], mentions: list[list[str]], options: StoriesOptions
) -> Linked:
    if len(docs) < 2:
        return Linked(list(range(len(docs))), {})
    texts = [counted_text(d, options.lead_chars) for d in docs]
    publishers = [d.publisher for d in docs]
    counts = term_counts(texts, mentions, options.entity_weight)
    vectors, columns = combined_from_counts(
        counts, publishers, options.entity_weight, options.site_terms, options.name_idf_power
    )
    cosines = nearest_neighbours(
        vectors,
        options.neighbours,
        options.floor,
        options.keys_per_article,
        options.max_postings,
        options.rare_keys_per_article,
        rare_limit_of(len(docs), options),
    )
    edges = cosines
    if options.embedding_weight > 0 and edges:
        dense = article_embeddings([counted_text(d, 0) for d in docs])
        pairs = np.array(list(edges))
        similar = np.einsum("ij,ij->i", dense[pairs[:, 0]], dense[pairs[:, 1]])
        edges = _blend(
            edges, dict(zip(edges, similar.tolist(), strict=True)), options.embedding_weight
        )
    if options.profile_weight > 0:
        shared = shared_neighbour_similarity(
            len(docs), edges, options.profile_neighbours, [d.publisher for d in docs]
        )
        fullness = neighbourhood_fullness(len(docs), edges, options.profile_neighbours)
        edges = {
            (i, j): sim
            + neighbourhood_weight(
                options.profile_weight, fullness[(i, j)], docs[i].publisher, docs[j].publisher
            )
            * (shared[(i, j)] - sim)
            for (i, j), sim in edges.items()
        }
    dates = [compared_date(d, options.stated_date_chars) for d in docs]
    if options.max_day_gap is not None:
        people = [people_named(found) for found in mentions]
        edges = {
            (i, j): sim
            * time_factor(
                dates[i],
                dates[j],
                options,
                shared_people(people[i], people[j], docs[i].publisher, docs[j].publisher),
            )
            for (i, j), sim in edges.items()
        }
    facts = [lead_facts_of(d, options.lead_chars, options.lead_fact_kinds) for d in docs]
    if options.conflict_factor < 1.0:
        edges = {
            (i, j): sim * facts_factor(facts[i], facts[j], options) for (i, j), sim in edges.items()
        }
    weights = [1.0 + len(d.copies) for d in docs]
    labels = average_linkage(len(docs), edges, options.threshold, weights)
    return Linked(labels, edges, cosines, counts, vectors, columns, facts, dates)


def batch_profiles(
    docs: list[Document], mentions: list[list[str]], linked: Linked, options: StoriesOptions
) -> dict[str, ArticleProfile]:
    """What a later incremental run needs of each article a batch run grouped: its counts, its
    index keys (the heaviest terms, as the batch candidate search took them) and its nearest
    neighbours by plain cosine."""
    if linked.counts is None:  # fewer than two articles: nothing was weighed
        texts = [counted_text(d, options.lead_chars) for d in docs]
        linked.counts = term_counts(texts, mentions, options.entity_weight)
        linked.vectors, linked.columns = combined_from_counts(
            linked.counts,
            [d.publisher for d in docs],
            options.entity_weight,
            options.site_terms,
            options.name_idf_power,
        )
    neighbours: dict[int, list[tuple[str, float]]] = {}
    for (i, j), sim in linked.cosines.items():
        neighbours.setdefault(i, []).append((docs[j].id, sim))
        neighbours.setdefault(j, []).append((docs[i].id, sim))
    facts = linked.facts or [
        lead_facts_of(d, options.lead_chars, options.lead_fact_kinds) for d in docs
    ]
    dates = linked.dates or [compared_date(d, options.stated_date_chars) for d in docs]
    vectors = linked.vectors
    frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
    limit = rare_limit_of(len(docs), options)
    profiles = {}
    for row, doc in enumerate(docs):
        keys = row_key_columns(
            vectors, row, frequency, options.keys_per_article, options.rare_keys_per_article, limit
        )
        profiles[doc.id] = ArticleProfile(
            story=doc.story,
            words=_row_counts(linked.counts.words, linked.counts.word_names, row),
            names=dict(Counter(mentions[row])),
            keys=[linked.columns[c] for c in keys.tolist()],
            neighbours=sorted(neighbours.get(row, []), key=lambda p: (-p[1], p[0]))[
                : options.neighbours
            ],
            weight=1.0 + len(doc.copies),
            publisher=doc.publisher,
            published=dates[row],
            facts=facts[row],
        )
    return profiles


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


def _record_incremental_evidence(
    docs: list[Document],
    articles: list[NewArticle],
    index: StoryIndex,
    assignment: Assignment,
) -> None:
    """``story_evidence`` of the new articles, as :func:`_record_evidence` makes it: the most
    similar member of its story among those compared, stored or new."""
    names = {a.id: a.names for a in articles}
    dates = {d.id: d.published for d in docs}
    nearest: dict[str, tuple[float, str]] = {}
    for (first, second), similarity in assignment.edges.items():
        if index.profiles[first].story != index.profiles[second].story:
            continue
        for this, other in ((first, second), (second, first)):
            if this not in assignment.stories:
                continue
            best = nearest.get(this)
            # Ties go to the smaller id, so the record does not depend on edge order.
            if best is None or (similarity, best[1]) > (best[0], other):
                nearest[this] = (similarity, other)
    for doc in docs:
        if doc.id not in nearest:
            doc.story_evidence = {"nearest": None}
            continue
        similarity, other = nearest[doc.id]
        other_names = names.get(other) or index.profiles[other].names
        in_both = [m for m in names[doc.id] if m in other_names]
        other_date = dates[other] if other in dates else index.profiles[other].published
        doc.story_evidence = {
            "nearest": other,
            "similarity": round(similarity, 3),
            "shared_names": [m for m in in_both if not m.startswith("#")][:_SHARED_KEPT],
            "shared_numbers": [m[1:] for m in in_both if m.startswith("#")][:_SHARED_KEPT],
            "day_gap": abs((doc.published - other_date).days)
            if doc.published and other_date
            else None,
        }


# How many shared names (and numbers) a story record lists: enough to see why, short to read.
_SHARED_KEPT = 10


def _day_gap(first: Document, second: Document) -> int | None:
    if first.published is None or second.published is None:
        return None
    return abs((first.published - second.published).days)


def _by_label(docs: list[Document], labels: list[int]) -> list[list[Document]]:
    by_label: dict[int, list[Document]] = {}
    for doc, label in zip(docs, labels, strict=True):
        by_label.setdefault(label, []).append(doc)
    return list(by_label.values())


def _copy_group(doc: Document) -> str:
    return doc.dedup_group or doc.id
