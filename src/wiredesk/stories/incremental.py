"""Incremental story assignment: new articles join stored stories or open new ones.

What is kept per article (:class:`ArticleProfile`, stored with the document) is enough to
compare new articles with it without reading the corpus again: its word and name counts (not
weights), the terms that were its keys in the inverted index, its nearest neighbours, its
story and weight. The index (:class:`StoryIndex`) is rebuilt from the profiles: document
frequencies, each site's own terms, postings of the keys, each story's weight.

IDF drift: counts, not TF-IDF weights, are stored, and every comparison weighs both articles
with the document frequencies of the whole corpus at that moment (the stored articles and the
new ones), as a batch run over the same corpus would. What is not re-weighed is what earlier
runs decided from the weights of their time: each stored article's keys and neighbour list.
Stored assignments never change; new articles are compared with stored articles through the
keys' postings (capped, as in the batch linkage), so the work per new article is bounded by
``keys_per_article * max_postings`` candidates (and ``rare_keys_per_article *
rare_term_articles`` more through its rare keys), whatever the size of the corpus.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from wiredesk.stories.entities import (
    FACT_KINDS,
    LeadFacts,
    PeopleNamed,
    facts_differ,
    people_named,
    shared_people,
)
from wiredesk.stories.linkage import (
    average_linkage,
    neighbourhood_weight,
    rare_term_limit,
    row_key_columns,
)

if TYPE_CHECKING:
    from wiredesk.stories.stage import StoriesOptions


@dataclass(slots=True)
class ArticleProfile:
    """What a later run needs of one stored (canonical) article."""

    story: str
    words: dict[str, int]
    names: dict[str, int]  # names, and numbers as "#n"; in order of first mention
    keys: list[str]  # "w:word" / "n:name": its heaviest terms when it was indexed
    neighbours: list[tuple[str, float]]  # most similar articles first (plain cosine)
    weight: float = 1.0
    publisher: str = ""
    published: date | None = None  # the date compared (stories.features.compared_date)
    facts: LeadFacts = field(default_factory=LeadFacts)  # what its lead gives

    def to_json(self) -> dict:
        return {
            "story": self.story,
            "words": self.words,
            "names": self.names,
            "keys": self.keys,
            "neighbours": [[other, sim] for other, sim in self.neighbours],
            "weight": self.weight,
            "publisher": self.publisher,
            "published": self.published.isoformat() if self.published else None,
            **{kind: sorted(getattr(self.facts, kind)) for kind in FACT_KINDS},
        }

    @classmethod
    def from_json(cls, data: dict) -> ArticleProfile:
        published = data.get("published")
        return cls(
            story=data["story"],
            words=dict(data["words"]),
            names=dict(data["names"]),
            keys=list(data["keys"]),
            neighbours=[(other, float(sim)) for other, sim in data["neighbours"]],
            weight=float(data.get("weight", 1.0)),
            publisher=data.get("publisher", ""),
            published=date.fromisoformat(published) if published else None,
            facts=LeadFacts(*(frozenset(data.get(kind, [])) for kind in FACT_KINDS)),
        )


@dataclass(slots=True)
class NewArticle:
    """A canonical article of this run that no stored profile describes yet."""

    id: str
    words: dict[str, int]
    names: dict[str, int]
    weight: float = 1.0
    publisher: str = ""
    published: date | None = None
    facts: LeadFacts = field(default_factory=LeadFacts)


@dataclass(slots=True)
class StoryIndex:
    """The stored articles' profiles and what comparisons need from all of them at once.

    Terms ("w:word", "n:name") are numbered as first met; each counted article keeps its term
    numbers and sublinear term frequencies as arrays, so that weighing a few thousand
    candidates is a handful of array operations.
    """

    max_postings: int
    profiles: dict[str, ArticleProfile] = field(default_factory=dict)
    articles: int = 0
    term_number: dict[str, int] = field(default_factory=dict)
    document_frequency: list[int] = field(default_factory=list)  # by term number
    site_pages: Counter = field(default_factory=Counter)  # publisher -> articles
    site_terms: dict[str, Counter] = field(default_factory=dict)  # publisher -> term -> articles
    key_count: Counter = field(default_factory=Counter)  # key -> articles it is a key of
    postings: dict[str, list[str]] = field(default_factory=dict)  # key -> those articles
    story_weight: Counter = field(default_factory=Counter)
    terms_of: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    @classmethod
    def from_profiles(cls, profiles: dict[str, ArticleProfile], max_postings: int) -> StoryIndex:
        index = cls(max_postings=max_postings)
        for article_id in sorted(profiles):
            index.add(article_id, profiles[article_id])
        return index

    def count(self, article_id: str, words: dict[str, int], names: dict[str, int], publisher: str):
        """Count an article's terms in the document frequencies and its site's terms."""
        terms = [f"w:{w}" for w in words] + [f"n:{n}" for n in names]
        number_of = self.term_number
        numbers = np.array([number_of.setdefault(t, len(number_of)) for t in terms], dtype=np.int64)
        self.document_frequency.extend([0] * (len(number_of) - len(self.document_frequency)))
        frequency = self.document_frequency
        for number in numbers.tolist():
            frequency[number] += 1
        counts = [*words.values(), *names.values()]
        frequencies = 1.0 + np.log(np.array(counts, dtype=np.float64))
        self.terms_of[article_id] = (numbers, frequencies)
        self.articles += 1
        if publisher:
            self.site_pages[publisher] += 1
            self.site_terms.setdefault(publisher, Counter()).update(numbers.tolist())

    def add(self, article_id: str, profile: ArticleProfile, counted: bool = False) -> None:
        """Index a profile (``counted``: its terms are already in the frequencies)."""
        if not counted:
            self.count(article_id, profile.words, profile.names, profile.publisher)
        self.profiles[article_id] = profile
        self.story_weight[profile.story] += profile.weight
        for key in profile.keys:
            self.key_count[key] += 1
            if self.key_count[key] > self.max_postings:
                # Too common to pick out a story, now and later: no key at all.
                self.postings.pop(key, None)
            else:
                self.postings.setdefault(key, []).append(article_id)

    def own_terms(self, publisher: str, min_pages: int, share: float) -> list[int]:
        """The numbers of the terms that are ``publisher``'s own vocabulary (menus, footers)."""
        pages = self.site_pages[publisher] if publisher else 0
        if pages < min_pages:
            return []
        return [t for t, n in self.site_terms[publisher].items() if n >= share * pages]


@dataclass(slots=True)
class Assignment:
    """The story of each new article and the similarities that decided it."""

    stories: dict[str, str]
    edges: dict[tuple[str, str], float]  # (new id, other id) -> similarity, dates weighed in


def assign(
    index: StoryIndex,
    new: list[NewArticle],
    options: StoriesOptions,
    fresh_story_id: Callable[[list[str]], str],
) -> Assignment:
    """Join each new article to a stored story or to new stories, and index it.

    The new articles are counted into the frequencies first (a batch run would weigh them
    with the whole corpus too), compared with their candidates (stored articles sharing a
    usable key, and each other), and grouped by average linkage in which each stored story
    touched is one anchored item: a new article joins at most one, two stored stories are
    never merged. ``fresh_story_id(member ids)`` names a new story.
    """
    if not new:
        return Assignment({}, {})
    for article in new:
        index.count(article.id, article.words, article.names, article.publisher)
    weigher = _Weigher(index, options)
    new_rows = weigher.rows([a.id for a in new], [a.publisher for a in new])
    term_names = list(index.term_number)
    frequency = np.array(index.document_frequency, dtype=np.int64)
    limit = rare_limit_of(index.articles, options)
    keys = [_keys(new_rows, i, frequency, options, limit, term_names) for i in range(len(new))]
    in_batch = Counter(key for row_keys in keys for key in row_keys)
    usable = [
        [k for k in row_keys if index.key_count[k] + in_batch[k] <= options.max_postings]
        for row_keys in keys
    ]
    stored_ids, pairs = _candidates(index, usable)
    ids = [a.id for a in new] + stored_ids
    stored_rows = weigher.rows(stored_ids, [index.profiles[s].publisher for s in stored_ids])
    similarity = _similarities(new_rows, stored_rows, pairs, options.floor)
    neighbours = _update_neighbours(index, ids, len(new), similarity, options.neighbours)
    listed = {article: {other for other, _ in found} for article, found in neighbours.items()}
    raw = {
        (ids[i], ids[j]): sim
        for (i, j), sim in similarity.items()
        if ids[j] in listed[ids[i]] or ids[i] in listed[ids[j]]
    }
    arriving = {a.id: a for a in new}

    def about(article: str) -> NewArticle | ArticleProfile:
        """What the pairs need of an article (site, date, lead facts), new or stored alike."""
        return arriving[article] if article in arriving else index.profiles[article]

    def site(article: str) -> str:
        return about(article).publisher

    people = _People(index, new)
    neighbourhoods = _Neighbourhoods(neighbours, options.profile_neighbours, site)
    edges = {}
    for (first, second), sim in raw.items():
        mine, theirs = about(first), about(second)
        shared = neighbourhoods.similarity(first, second)
        weight = neighbourhood_weight(
            options.profile_weight,
            neighbourhoods.fullness(first, second),
            mine.publisher,
            theirs.publisher,
        )
        blended = (1.0 - weight) * sim + weight * shared
        both_named = shared_people(people[first], people[second], mine.publisher, theirs.publisher)
        edges[(first, second)] = (
            blended
            * time_factor(mine.published, theirs.published, options, both_named)
            * facts_factor(mine.facts, theirs.facts, options)
        )
    stories = _grouped(index, new, edges, options, fresh_story_id)
    for article, row_keys in zip(new, keys, strict=True):
        profile = ArticleProfile(
            story=stories[article.id],
            words=article.words,
            names=article.names,
            keys=row_keys,
            neighbours=neighbours[article.id],
            weight=article.weight,
            publisher=article.publisher,
            published=article.published,
            facts=article.facts,
        )
        index.add(article.id, profile, counted=True)
    return Assignment(stories, edges)


class _Weigher:
    """TF-IDF rows with the index's current frequencies (sklearn's smoothed IDF, as the batch
    TF-IDF uses, raised to ``name_idf_power`` for names and numbers), each block (words; names
    and numbers) of unit length scaled by the square root of its share, a site's own terms
    left out, as ``features.combined_from_counts``."""

    def __init__(self, index: StoryIndex, options: StoriesOptions) -> None:
        self.index = index
        self.options = options
        frequency = np.array(index.document_frequency, dtype=np.float64)
        self.is_name = np.zeros(len(frequency), dtype=bool)
        self.is_name[[n for t, n in index.term_number.items() if t.startswith("n:")]] = True
        idf = np.log((1.0 + index.articles) / (1.0 + frequency)) + 1.0
        self.idf = np.where(self.is_name, idf**options.name_idf_power, idf)
        self.site_number: dict[str, int] = {}
        self.own_keys: list[int] = []  # site number * terms + term number

    def rows(self, article_ids: list[str], publishers: list[str]):
        """A CSR matrix (articles x term numbers) of the articles' weighted rows."""
        from scipy.sparse import csr_matrix

        terms = len(self.idf)
        pieces = [self.index.terms_of[a] for a in article_ids]
        lengths = np.array([len(numbers) for numbers, _ in pieces], dtype=np.int64)
        row = np.repeat(np.arange(len(pieces)), lengths)
        if not len(row):
            return csr_matrix((len(pieces), terms))
        column = np.concatenate([numbers for numbers, _ in pieces])
        weight = np.concatenate([tf for _, tf in pieces]) * self.idf[column]
        sites = np.array([self._site(p) for p in publishers], dtype=np.int64)
        keep = ~np.isin(sites[row] * terms + column, np.array(self.own_keys, dtype=np.int64))
        name = self.is_name[column]
        share = self.options.entity_weight
        if share <= 0:
            keep &= ~name
        row, column, weight, name = row[keep], column[keep], weight[keep], name[keep]
        block = row * 2 + name
        norms = np.sqrt(np.bincount(block, weights=weight * weight, minlength=2 * len(pieces)))
        scale = np.where(name, np.sqrt(share), np.sqrt(1.0 - share)) / norms[block]
        return csr_matrix((weight * scale, (row, column)), shape=(len(pieces), terms))

    def _site(self, publisher: str) -> int:
        if publisher not in self.site_number:
            number = self.site_number[publisher] = len(self.site_number)
            sites = self.options.site_terms
            own = self.index.own_terms(publisher, sites.min_pages, sites.share)
            self.own_keys += [number * len(self.idf) + t for t in own]
        return self.site_number[publisher]


def rare_limit_of(articles: int, options: StoriesOptions) -> float:
    """How many of ``articles`` may carry a rare term (a key beyond the heaviest), in batch
    and incremental runs alike."""
    return rare_term_limit(articles, options.rare_term_share, options.rare_term_articles)


def _keys(
    matrix,
    row: int,
    frequency: np.ndarray,
    options: StoriesOptions,
    rare_limit: float,
    names: list[str],
) -> list[str]:
    """A new article's keys, as the batch linkage picks them
    (:func:`~wiredesk.stories.linkage.row_key_columns`), with the corpus's frequencies now."""
    found = row_key_columns(
        matrix, row, frequency, options.keys_per_article, options.rare_keys_per_article, rare_limit
    )
    return [names[t] for t in found.tolist()]


def _candidates(index: StoryIndex, usable: list[list[str]]):
    """The stored articles that share a usable key with a new one (sorted ids; numbered after
    the new articles), and which pairs (new i, other j) share one, as a sparse matrix of the
    new articles against the new ones and then those stored."""
    from scipy.sparse import csr_matrix, vstack

    key_number: dict[str, int] = {}
    new_rows, new_keys = [], []
    for i, row_keys in enumerate(usable):
        for key in row_keys:
            new_rows.append(i)
            new_keys.append(key_number.setdefault(key, len(key_number)))
    holders = [index.postings.get(key, []) for key in key_number]
    stored_ids = sorted({s for held in holders for s in held})
    stored_number = {s: n for n, s in enumerate(stored_ids)}
    held_by = [stored_number[s] for held in holders for s in held]
    held_key = np.repeat(np.arange(len(holders)), [len(held) for held in holders])
    shape = len(key_number)
    keys_new = csr_matrix(
        (np.ones(len(new_rows)), (new_rows, new_keys)), shape=(len(usable), shape)
    )
    keys_stored = csr_matrix(
        (np.ones(len(held_by)), (held_by, held_key)), shape=(len(stored_ids), shape)
    )
    shared = (keys_new @ vstack([keys_new, keys_stored]).T).tocoo()
    # Each new pair once (i < j); every new-stored pair.
    kept = (shared.col >= len(usable)) | (shared.col > shared.row)
    pairs = csr_matrix(
        (np.ones(int(kept.sum())), (shared.row[kept], shared.col[kept])), shape=shared.shape
    )
    return stored_ids, pairs


def _similarities(new_rows, stored_rows, pairs, floor: float) -> dict[tuple[int, int], float]:
    """Cosine of each pair marked in ``pairs`` (new i, other j; others numbered new first,
    then stored), kept where it reaches ``floor``."""
    from scipy.sparse import vstack

    if not pairs.nnz:
        return {}
    sims = (new_rows @ vstack([new_rows, stored_rows]).T).multiply(pairs).tocoo()
    strong = sims.data >= floor
    return dict(
        zip(
            zip(sims.row[strong].tolist(), sims.col[strong].tolist(), strict=True),
            sims.data[strong].tolist(),
            strict=True,
        )
    )


def _update_neighbours(
    index: StoryIndex,
    ids: list[str],
    n_new: int,
    similarity: dict[tuple[int, int], float],
    k: int,
) -> dict[str, list[tuple[str, float]]]:
    """Each new article's ``k`` nearest among its candidates, and the stored articles' lists
    with the new articles that now belong in them (stored in their profiles)."""
    found: dict[str, list[tuple[str, float]]] = {ids[i]: [] for i in range(n_new)}
    for (i, j), sim in similarity.items():
        found.setdefault(ids[i], []).append((ids[j], sim))
        found.setdefault(ids[j], []).append((ids[i], sim))
    lists = {}
    for article_id, met in found.items():
        stored = index.profiles.get(article_id)
        if stored is None:
            lists[article_id] = sorted(met, key=_closest_first)[:k]
            continue
        # Most stored articles meet no new article close enough to enter their list.
        last = stored.neighbours[-1][1] if len(stored.neighbours) >= k else -1.0
        entering = [pair for pair in met if pair[1] >= last]
        if entering:
            stored.neighbours = sorted(stored.neighbours + entering, key=_closest_first)[:k]
        lists[article_id] = stored.neighbours
    return lists


def _closest_first(pair: tuple[str, float]) -> tuple[float, str]:
    return -pair[1], pair[0]


class _People:
    """The people each new or stored article names in full
    (:func:`~wiredesk.stories.entities.people_named`), found when first asked."""

    def __init__(self, index: StoryIndex, new: list[NewArticle]) -> None:
        self.names = {a.id: a.names for a in new}
        self.index = index
        self.found: dict[str, PeopleNamed] = {}

    def __getitem__(self, article: str) -> PeopleNamed:
        if article not in self.found:
            names = self.names.get(article) or self.index.profiles[article].names
            self.found[article] = people_named(names)
        return self.found[article]


class _Neighbourhoods:
    """Each article as a unit vector over itself (1) and its ``k`` nearest of other sites
    (their similarity); the cosine of two is their shared-neighbour similarity, as
    :func:`~wiredesk.stories.linkage.shared_neighbour_similarity` makes it in a batch."""

    def __init__(
        self,
        neighbours: dict[str, list[tuple[str, float]]],
        k: int,
        site: Callable[[str], str],
    ) -> None:
        self.neighbours = neighbours
        self.k = k
        self.site = site
        self.vectors: dict[str, dict[str, float]] = {}

    def similarity(self, first: str, second: str) -> float:
        one, two = self._vector(first), self._vector(second)
        if len(two) < len(one):
            one, two = two, one
        return sum(value * two[key] for key, value in one.items() if key in two)

    def fullness(self, first: str, second: str) -> float:
        """As :func:`~wiredesk.stories.linkage.neighbourhood_fullness`."""
        held = [min(len(self.neighbours.get(a, [])), self.k) for a in (first, second)]
        return sum(held) / (2 * self.k)

    def _vector(self, article: str) -> dict[str, float]:
        if article not in self.vectors:
            own = self.site(article)
            # Lists are most similar first: the first k of other sites are all it takes.
            across = (
                (other, sim)
                for other, sim in self.neighbours.get(article, [])
                if not (own and self.site(other) == own)
            )
            vector = {article: 1.0, **dict(itertools.islice(across, self.k))}
            norm = math.sqrt(sum(v * v for v in vector.values()))
            self.vectors[article] = {key: value / norm for key, value in vector.items()}
        return self.vectors[article]


def time_factor(
    first: date | None, second: date | None, options: StoriesOptions, shared_people: int = 0
) -> float:
    """What the publication dates leave of two articles' similarity: all of it within
    ``max_day_gap`` days, then less and less as the gap grows,
    1 / (1 + day_gap_decay * ln(gap / max_day_gap)). A gradual discount rather than a step:
    follow-ups weeks later (an arrest, a trial) still join on strong evidence, while two
    events of one kind in one place a year apart rarely do.

    An undated article and a dated one are ``undated_day_gap`` days apart: the gap is
    unknown, neither the same days nor months. Two undated articles keep all of their
    similarity: nothing tells them apart by time (a corpus without dates at all).

    Each person both articles name in full (``shared_people``,
    :func:`~wiredesk.stories.entities.shared_people`) takes a root of the discount (the
    square root for one, the cube root for two): the victim or the suspect named weeks
    later is the follow-up's strongest tie to the event, and it does not fade with time as
    shared words do."""
    if options.max_day_gap is None:
        return 1.0
    gap = _day_gap(first, second, options.undated_day_gap)
    if gap is None or gap <= options.max_day_gap:
        return 1.0
    discount = 1.0 / (1.0 + options.day_gap_decay * math.log(gap / max(options.max_day_gap, 1)))
    if not options.people_outlast_dates:
        return discount
    return discount ** (1.0 / (1.0 + shared_people))


def facts_factor(first: LeadFacts, second: LeadFacts, options: StoriesOptions) -> float:
    """What two leads' facts (:class:`~wiredesk.stories.entities.LeadFacts`) leave of their
    articles' similarity: ``conflict_factor`` of it for each kind of fact both give and
    disagree on (:func:`~wiredesk.stories.entities.facts_differ`), all of it otherwise."""
    return options.conflict_factor ** facts_differ(first, second)


def _day_gap(first: date | None, second: date | None, undated_gap: int | None) -> int | None:
    """Days between two publication dates; ``undated_gap`` when one of them is unknown,
    None when both are (or when ``undated_gap`` is None and one is)."""
    if first is not None and second is not None:
        return abs((first - second).days)
    if first is None and second is None:
        return None
    return undated_gap


def _grouped(
    index: StoryIndex,
    new: list[NewArticle],
    edges: dict[tuple[str, str], float],
    options: StoriesOptions,
    fresh_story_id: Callable[[list[str]], str],
) -> dict[str, str]:
    """Average linkage over the new articles and the stored stories they touch, each stored
    story one anchored item weighing as much as its members."""
    number = {a.id: i for i, a in enumerate(new)}
    weights = [a.weight for a in new]
    stories: list[str] = []
    story_number: dict[str, int] = {}
    totals: dict[tuple[int, int], float] = {}
    for (first, second), sim in edges.items():
        i = number[first]
        if second in number:
            pair = (min(i, number[second]), max(i, number[second]))
            totals[pair] = totals.get(pair, 0.0) + sim
            continue
        member = index.profiles[second]
        if member.story not in story_number:
            story_number[member.story] = len(new) + len(stories)
            stories.append(member.story)
            weights.append(index.story_weight[member.story])
        node = story_number[member.story]
        # linkage scales each similarity by both sizes; a story's links are the sum over its
        # members, each at its own weight, discounted for the members it does not have yet.
        link = sim * member.weight / weights[node] * options.stored_join_factor
        totals[(i, node)] = totals.get((i, node), 0.0) + link
    anchored = [False] * len(new) + [True] * len(stories)
    labels = average_linkage(len(weights), totals, options.threshold, weights, anchored)
    members: dict[int, list[int]] = {}
    for node, label in enumerate(labels):
        members.setdefault(label, []).append(node)
    assigned = {}
    for nodes in members.values():
        anchors = [stories[node - len(new)] for node in nodes if node >= len(new)]
        articles = [new[node].id for node in nodes if node < len(new)]
        if articles:
            story = anchors[0] if anchors else fresh_story_id(articles)
            assigned.update(dict.fromkeys(articles, story))
    return assigned


def stored_index(profiles: dict[str, dict], max_postings: int) -> StoryIndex:
    """The index over stored profiles (as ``ArticleProfile.to_json`` wrote them)."""
    return StoryIndex.from_profiles(
        {doc_id: ArticleProfile.from_json(data) for doc_id, data in profiles.items()},
        max_postings,
    )
