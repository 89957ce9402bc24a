"""Text keys for copy detection: a normalised form for exact copies, word shingles for near ones."""

from __future__ import annotations

import hashlib
import re

# A word broken across a line by column wrapping ("yeste-\nrday"): reprints differ in where
# they wrap, so the halves would make shingles that no other copy has.
WRAP_HYPHEN = re.compile(r"(\w)-\s*\n\s*(\w)")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Casefolded word tokens, punctuation and whitespace folded away, wrap hyphens joined."""
    return _WORD.findall(WRAP_HYPHEN.sub(r"\1\2", text).casefold())


def exact_key(tokens: list[str]) -> str:
    """A hash that two documents share exactly when their normalised :func:`words` are equal."""
    return hashlib.sha1(" ".join(tokens).encode()).hexdigest()


def shingles(tokens: list[str], size: int) -> set[str]:
    """Word n-grams of ``size`` (a shorter text is one shingle, so it still has a key)."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def figures(tokens: list[str]) -> set[str]:
    """The numbers in a text (the words made of digits)."""
    return {token for token in tokens if token.isdigit()}


def same_figures(a: set[str], b: set[str], min_shared: float) -> bool:
    """Whether two texts share at least ``min_shared`` of the smaller one's numbers.

    Templated reports (earnings, bond issues, crop weather) share most of their words and
    differ in their figures; copies of one report keep most of them, even when a reprint
    corrects or garbles one.  Texts with fewer than two numbers pass.
    """
    smaller = min(len(a), len(b))
    return smaller < 2 or len(a & b) >= min_shared * smaller
