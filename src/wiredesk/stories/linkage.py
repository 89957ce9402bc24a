"""Sparse nearest neighbours and average-linkage clustering over them.

Average linkage over the full distance matrix costs O(n^2) memory and at least O(n^2) time;
here each article keeps only its ``k`` most similar neighbours above a floor, and pairs outside
that graph count as similarity 0, which leaves the merges above a useful threshold unchanged
whenever an article has fewer than ``k`` strong neighbours.
"""

from __future__ import annotations

import heapq

import numpy as np


def nearest_neighbours(vectors, k: int, floor: float) -> dict[tuple[int, int], float]:
    """Cosine similarity of each row's ``k`` most similar other rows (>= ``floor``), as i<j pairs.

    ``vectors`` is a scipy sparse matrix with unit (or zero) rows; rows are compared a block at
    a time so the dense similarities in memory stay under ``_BLOCK_CELLS`` numbers.
    """
    n = vectors.shape[0]
    block = max(1, _BLOCK_CELLS // max(n, 1))
    edges: dict[tuple[int, int], float] = {}
    transposed = vectors.T.tocsc()
    for start in range(0, n, block):
        sims = (vectors[start : start + block] @ transposed).toarray()
        for offset, row in enumerate(sims):
            i = start + offset
            row[i] = -1.0
            top = _top_indices(row, k)
            for j in top[row[top] >= floor]:
                edges[(min(i, int(j)), max(i, int(j)))] = float(row[j])
    return edges


# 16 million float64 similarities: 128 MB per block, whatever the corpus size.
_BLOCK_CELLS = 16_000_000


def average_linkage(
    n: int,
    edges: dict[tuple[int, int], float],
    threshold: float,
    weights: list[float] | None = None,
) -> list[int]:
    """Merge clusters while their mean pairwise similarity is >= ``threshold``; labels per item.

    ``weights`` (default 1 each) count an item as that many identical items: an article with
    copies weighs as much as the copies would. Deterministic: ties merge the pair with the
    smallest cluster ids first.
    """
    size = list(weights) if weights is not None else [1.0] * n
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


def _top_indices(row: np.ndarray, k: int) -> np.ndarray:
    if k >= len(row):
        return np.arange(len(row))
    return np.argpartition(-row, k)[:k]


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        i = parent[i]
    return i
