"""Grouping verified copy pairs and choosing the copy that stands for each group."""

from __future__ import annotations

import hashlib
from datetime import date

import numpy as np


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


def copy_quality(word_hash_lists: list[np.ndarray]) -> list[int]:
    """Per member of a copy group, its length less a penalty for each word that looks damaged.

    A word looks damaged (OCR noise, a typo, a garbled character) when no other member has it
    but its neighbours on both sides are words other members have: the copy says the same
    thing there with one word spoilt. Runs of words only one copy has are its own content (a
    headline, a sentence the others cut), not noise.

    Members are given as their :func:`~wiredesk.dedup.text.word_hashes` (64 bits: two words
    of a group share one by negligible chance), so the whole group is counted in numpy.
    """
    lengths = np.fromiter(map(len, word_hash_lists), dtype=np.int64, count=len(word_hash_lists))
    if len(word_hash_lists) == 1 or not lengths.any():
        return lengths.tolist()
    members = len(word_hash_lists)
    member_of = np.repeat(np.arange(members), lengths)
    hashes = np.concatenate(word_hash_lists)
    # Occurrences of one word side by side: one member has it when its first and last
    # occurrence, in member order, are in the same member.
    by_word = np.argsort(hashes, kind="stable")
    sorted_hashes, members_by_word = hashes[by_word], member_of[by_word]
    bounds = np.flatnonzero(np.concatenate(([True], sorted_hashes[1:] != sorted_hashes[:-1])))
    bounds = np.append(bounds, len(hashes))
    one_member = members_by_word[bounds[:-1]] == members_by_word[bounds[1:] - 1]
    only_one_has = np.empty(len(hashes), dtype=bool)
    only_one_has[by_word] = np.repeat(one_member, np.diff(bounds))
    # Before a member's first word and after its last counts as unique, so edges are never
    # "isolated".
    filled = lengths > 0
    ends = np.cumsum(lengths)
    unique_before = np.ones_like(only_one_has)
    unique_before[1:] = only_one_has[:-1]
    unique_before[(ends - lengths)[filled]] = True
    unique_after = np.ones_like(only_one_has)
    unique_after[:-1] = only_one_has[1:]
    unique_after[ends[filled] - 1] = True
    isolated = only_one_has & ~unique_before & ~unique_after
    damaged = np.bincount(member_of[isolated], minlength=members)
    return (lengths - 2 * damaged).tolist()


def earliest_key(doc_id: str, published: date | None) -> tuple[date, str]:
    """Order by publication date (undated last), then id: the rule for ids derived from a member."""
    return (published or date.max, doc_id)


def group_id(member_id: str, prefix: str = "dup") -> str:
    """A short stable id derived from one member's document id."""
    return f"{prefix}-{hashlib.sha1(member_id.encode()).hexdigest()[:12]}"
