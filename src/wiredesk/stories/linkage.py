"""Candidate search, nearest neighbours, shared-neighbour similarity and average linkage.

Comparing every pair of articles costs O(n^2). Here each article is compared only with the
articles that share one of its heaviest terms, through an inverted index whose lists are
capped: a term that more than ``max_postings`` articles carry is too common to pick out a
story and is no key at all. That bounds the candidates at n * keys * max_postings, linear in
the corpus; the exact similarity is then computed for those pairs only.

The heaviest terms of a long article are its most repeated ones; a name or a place two
reports share may rank just below them in one of the two, and two reports of one event then
never meet. So an article also takes as keys a few more of its terms that are rare in the
corpus (:func:`rare_term_limit`): their postings are short by definition, so they add little
work, and a rare term two articles share is strong evidence of one event.

Each article keeps its ``k`` most similar candidates above a floor, and pairs outside that
graph count as similarity 0, which leaves the merges above a useful threshold unchanged
whenever an article has fewer than ``k`` strong neighbours.
"""

from __future__ import annotations

import heapq

import numpy as np


def rare_term_limit(articles: int, share: float, most: int) -> float:
    """How many articles may carry a term for it to be rare: ``share`` of the corpus, but at
    most ``most`` (its postings stay short however large the corpus, so the candidates stay
    linear in it) and at least 2 (a term only links articles that share it)."""
    return min(float(most), max(2.0, share * articles))


def key_columns(
    columns: np.ndarray,
    weights: np.ndarray,
    document_frequency: np.ndarray,
    keys: int,
    rare_keys: int = 0,
    rare_limit: float = 0.0,
) -> np.ndarray:
    """An article's keys among its ``columns``: its ``keys`` heaviest, then up to
    ``rare_keys`` of the next heaviest that no more than ``rare_limit`` articles carry."""
    ranked = columns[np.argsort(-weights, kind="stable")]
    rest = ranked[keys:]
    rare = rest[document_frequency[rest] <= rare_limit][:rare_keys]
    return np.concatenate([ranked[:keys], rare])


def row_key_columns(
    matrix, row: int, document_frequency: np.ndarray, keys: int, rare_keys: int, rare_limit: float
) -> np.ndarray:
    """:func:`key_columns` of one row of a CSR matrix of term weights."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return key_columns(
        matrix.indices[start:end],
        matrix.data[start:end],
        document_frequency,
        keys,
        rare_keys,
        rare_limit,
    )


def candidate_pairs(
    vectors, keys_per_row: int, max_postings: int, rare_keys: int = 0, rare_limit: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (i < j) that share at least one key (:func:`key_columns`, document
    frequencies counted over ``vectors``), among the columns no more than ``max_postings``
    rows have as a key."""
    from scipy.sparse import csr_matrix

    vectors = vectors.tocsr()
    n = vectors.shape[0]
    frequency = np.bincount(vectors.indices, minlength=vectors.shape[1])
    key_rows, key_cols = [], []
    for row in range(n):
        found = row_key_columns(vectors, row, frequency, keys_per_row, rare_keys, rare_limit)
        key_cols.append(found)
        key_rows.append(np.full(len(found), row))
    rows = np.concatenate(key_rows) if key_rows else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(key_cols) if key_cols else np.zeros(0, dtype=np.int64)
    postings = np.bincount(cols, minlength=vectors.shape[1]) if len(cols) else np.zeros(0)
    usable = postings[cols] <= max_postings if len(cols) else np.zeros(0, dtype=bool)
    keys = csr_matrix(
        (np.ones(int(usable.sum())), (rows[usable], cols[usable])), shape=(n, vectors.shape[1])
    )
    shared = (keys @ keys.T).tocoo()
    above = shared.row < shared.col
    return shared.row[above].astype(np.int64), shared.col[above].astype(np.int64)


def pair_similarities(vectors, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Dot products of the rows ``first[p]`` and ``second[p]``, a chunk of pairs at a time."""
    vectors = vectors.tocsr()
    out = np.empty(len(first))
    for start in range(0, len(first), _PAIR_CHUNK):
        chunk = slice(start, start + _PAIR_CHUNK)
        products = vectors[first[chunk]].multiply(vectors[second[chunk]])
        out[chunk] = np.asarray(products.sum(axis=1)).ravel()
    return out


# Pairs whose row products are held at once: a few hundred MB at most for long articles.
_PAIR_CHUNK = 200_000


def nearest_neighbours(
    vectors,
    k: int,
    floor: float,
    keys_per_row: int = 30,
    max_postings: int = 200,
    rare_keys: int = 0,
    rare_limit: float = 0.0,
) -> dict[tuple[int, int], float]:
    """Cosine similarity of each row's ``k`` most similar candidate rows (>= ``floor``,
    :func:`candidate_pairs`), as i<j pairs. ``vectors`` is a scipy sparse matrix with unit
    (or zero) rows."""
    first, second = candidate_pairs(vectors, keys_per_row, max_postings, rare_keys, rare_limit)
    similarity = pair_similarities(vectors, first, second)
    strong = similarity >= floor
    first, second = first[strong], second[strong]
    rows, others, sims = _best_per_row(first, second, similarity[strong], k)
    edges: dict[tuple[int, int], float] = {}
    for i, j, sim in zip(rows.tolist(), others.tolist(), sims.tolist(), strict=True):
        edges[(min(i, j), max(i, j))] = sim
    return edges


def shared_neighbour_similarity(
    n: int, edges: dict[tuple[int, int], float], k: int, sites: list[str] | None = None
) -> dict[tuple[int, int], float]:
    """For each edge, the cosine of the two articles' neighbourhoods: each article as a vector
    over articles holding itself (1) and its ``k`` nearest neighbours (their similarity) of
    other sites than its own (``sites``: each article's; None: any site).

    Two reports of one event have the same neighbours even when their own wording differs;
    two events of the same kind share the kind's vocabulary but each has its own neighbours.
    An article's nearest of its own site are often its site's other stories of the kind
    (its beat, its house vocabulary): two articles near one site's stories of the kind
    look like one event through them whatever their events, so they are no neighbours here.
    """
    from scipy.sparse import csr_matrix
    from sklearn.preprocessing import normalize

    if not edges:
        return {}
    pairs = np.array(list(edges), dtype=np.int64)
    sims = np.fromiter(edges.values(), dtype=np.float64, count=len(edges))
    if sites is not None:
        across = ~one_site(np.asarray(sites, dtype=object), pairs[:, 0], pairs[:, 1])
        rows, others, both = _best_per_row(pairs[across, 0], pairs[across, 1], sims[across], k)
    else:
        rows, others, both = _best_per_row(pairs[:, 0], pairs[:, 1], sims, k)
    profile = csr_matrix(
        (
            np.concatenate([np.ones(n), both]),
            (
                np.concatenate([np.arange(n), rows]),
                np.concatenate([np.arange(n), others]),
            ),
        ),
        shape=(n, n),
    )
    profile = normalize(profile)
    shared = pair_similarities(profile, pairs[:, 0], pairs[:, 1])
    return {pair: float(s) for pair, s in zip(edges, shared.tolist(), strict=True)}


def neighbourhood_fullness(
    n: int, edges: dict[tuple[int, int], float], k: int
) -> dict[tuple[int, int], float]:
    """For each edge, how full the two articles' neighbourhoods are: the mean of their
    neighbour counts (at most ``k`` each) over ``k``. Two articles whose only neighbour is
    each other (a small run) have a shared-neighbour similarity of about twice their own,
    which says nothing about shared neighbours; it should count only as far as there are
    neighbourhoods to compare."""
    counts = np.zeros(n)
    if edges:
        pairs = np.array(list(edges), dtype=np.int64)
        np.add.at(counts, pairs.ravel(), 1.0)
    counts = np.minimum(counts, k)
    return {(i, j): float(counts[i] + counts[j]) / (2 * k) for i, j in edges}


def neighbourhood_weight(
    profile_weight: float, fullness: float, first_site: str, second_site: str
) -> float:
    """How much of two articles' similarity their shared neighbourhoods make:
    ``profile_weight`` as far as the neighbourhoods are full (:func:`neighbourhood_fullness`),
    and none between two articles of one site. A site's articles share its beat and its
    house vocabulary (the neighbourhoods it covers, its police spokesman, its bylines), so
    they have the same neighbours whatever the event: shared neighbours are evidence of one
    event only across sites. Unknown sites ("") count as different."""
    if first_site and first_site == second_site:
        return 0.0
    return profile_weight * fullness


def one_site(sites: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Which pairs of rows are articles of one known site (unknown sites, "", differ)."""
    return (sites[first] == sites[second]) & (sites[first] != "")


def average_linkage(
    n: int,
    edges: dict[tuple[int, int], float],
    threshold: float,
    weights: list[float] | None = None,
    anchored: list[bool] | None = None,
) -> list[int]:
    """Merge clusters while their mean pairwise similarity is >= ``threshold``; labels per item.

    ``weights`` (default 1 each) count an item as that many identical items: an article with
    copies weighs as much as the copies would. ``anchored`` items (stored stories, in an
    incremental run) never end up in one cluster: a merge that would join two is not made.
    Deterministic: ties merge the pair with the smallest cluster ids first.
    """
    size = list(weights) if weights is not None else [1.0] * n
    anchored = list(anchored) if anchored is not None else [False] * n
    # links[a][b]: weighted sum of similarities between the members of clusters a and b
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), sim in edges.items():
        links[i][j] = links[j][i] = sim * size[i] * size[j]
    heap = []
    for i, j in edges:
        # The same expression as after a merge, so the staleness check below compares equals.
        mean = links[i][j] / (size[i] * size[j])
        if mean >= threshold:
            heap.append((-mean, i, j))
    heapq.heapify(heap)
    alive = [True] * n
    parent = list(range(n))
    while heap:
        neg_mean, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or b not in links[a]:
            continue
        if -neg_mean != links[a][b] / (size[a] * size[b]):
            continue  # a stale entry: the pair's mean changed after a merge
        if anchored[a] and anchored[b]:
            continue
        anchored[a] = anchored[a] or anchored[b]
        alive[b] = False
        parent[b] = a
        merged_links = links[a]
        del merged_links[b]
        for c, total in links[b].items():
            if c == a:
                continue
            merged_links[c] = merged_links.get(c, 0.0) + total
            links[c][a] = merged_links[c]
            del links[c][b]
        links[b] = {}
        size[a] += size[b]
        for c, total in merged_links.items():
            mean = total / (size[a] * size[c])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(a, c), max(a, c)))
    return [_root(parent, i) for i in range(n)]


def _best_per_row(first: np.ndarray, second: np.ndarray, sims: np.ndarray, k: int):
    """Each pair is a neighbour of both its rows: (row, other, similarity) for the ``k`` most
    similar others of every row, ties to the smaller index."""
    rows = np.concatenate([first, second])
    others = np.concatenate([second, first])
    both = np.concatenate([sims, sims])
    order = np.lexsort((others, -both, rows))
    rows, others, both = rows[order], others[order], both[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows, side="left")
    kept = rank < k
    return rows[kept], others[kept], both[kept]


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        i = parent[i]
    return i
