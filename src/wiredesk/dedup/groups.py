"""Grouping verified copy pairs and choosing the copy that stands for each group."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from itertools import chain, compress, count


class DisjointSets:
    """Union-find over indices 0..n-1 with path halving."""

    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        """Join the sets of ``i`` and ``j``; return whether they were apart."""
        root_i, root_j = self.find(i), self.find(j)
        if root_i == root_j:
            return False
        # The smaller root index wins so the result does not depend on pair order.
        if root_j < root_i:
            root_i, root_j = root_j, root_i
        self.parent[root_j] = root_i
        return True

    def groups(self) -> list[list[int]]:
        by_root: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            by_root.setdefault(self.find(i), []).append(i)
        return list(by_root.values())


def copy_quality(token_lists: list[list[str]]) -> list[int]:
    """Per member of a copy group, its length less a penalty for each word that looks damaged.

    A word looks damaged (OCR noise, a typo, a garbled character) when no other member has it
    but its neighbours on both sides are words other members have: the copy says the same
    thing there with one word spoilt. Runs of words only one copy has are its own content (a
    headline, a sentence the others cut), not noise.
    """
    if len(token_lists) == 1:
        return [len(token_lists[0])]
    members_with = Counter(chain.from_iterable(map(set, token_lists)))
    only_one_has = {word for word, members in members_with.items() if members == 1}
    return [len(tokens) - 2 * _isolated_unique(tokens, only_one_has) for tokens in token_lists]


def _isolated_unique(tokens: list[str], only_one_has: set[str]) -> int:
    unique = list(map(only_one_has.__contains__, tokens))
    # Before the first and after the last word counts as unique, so edges are never "isolated";
    # only the (few) unique positions are walked.
    return sum(
        1
        for i in compress(count(), unique)
        if 0 < i < len(tokens) - 1 and not unique[i - 1] and not unique[i + 1]
    )


def earliest_key(doc_id: str, published: date | None) -> tuple[date, str]:
    """Order by publication date (undated last), then id: the rule for ids derived from a member."""
    return (published or date.max, doc_id)


def group_id(member_id: str, prefix: str = "dup") -> str:
    """A short stable id derived from one member's document id."""
    return f"{prefix}-{hashlib.sha1(member_id.encode()).hexdigest()[:12]}"
