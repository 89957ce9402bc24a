"""Grouping verified copy pairs and choosing the copy that stands for each group."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date


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
    members_with = Counter(word for tokens in token_lists for word in set(tokens))
    return [len(tokens) - 2 * _isolated_unique(tokens, members_with) for tokens in token_lists]


def _isolated_unique(tokens: list[str], members_with: Counter) -> int:
    # Before the first and after the last word counts as unique, so edges are never "isolated".
    unique = [True, *(members_with[t] == 1 for t in tokens), True]
    return sum(
        1
        for i in range(1, len(unique) - 1)
        if unique[i] and not unique[i - 1] and not unique[i + 1]
    )


def earliest_key(doc_id: str, published: date | None) -> tuple[date, str]:
    """Order by publication date (undated last), then id: the rule for ids derived from a member."""
    return (published or date.max, doc_id)


def group_id(member_id: str, prefix: str = "dup") -> str:
    """A short stable id derived from one member's document id."""
    return f"{prefix}-{hashlib.sha1(member_id.encode()).hexdigest()[:12]}"
