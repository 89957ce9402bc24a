"""Text keys for copy detection: a normalised form for exact copies, word shingles for near ones."""

from __future__ import annotations

import hashlib
import re
from itertools import chain

import numpy as np

# A word broken across a line by column wrapping ("yeste-\nrday"): reprints differ in where
# they wrap, so the halves would make shingles that no other copy has. Written to start with
# the hyphen, which the regex engine finds by a fast scan (8 times faster than a leading \w).
WRAP_HYPHEN = re.compile(r"-(?<=\w-)\s*\n\s*(?=\w)")
_WORD = re.compile(r"\w+")
# Characters that are never part of a word: ASCII punctuation and controls, and the typographic
# punctuation of news text. Turned into spaces, they leave most texts pure ASCII, which
# str.split cuts into words three times faster than the regex (same words: \w in ASCII is
# letters, digits and the underscore).
_NOT_WORD = str.maketrans(
    dict.fromkeys(
        [chr(c) for c in range(128) if not _WORD.match(chr(c))]
        + list("\u00a0\u00ab\u00bb\u2010\u2011\u2012\u2013\u2014\u2018\u2019\u201c\u201d\u2026"),
        " ",
    )
)
# FNV-1a, 64-bit, over code points: the hash of each word, all words at once.
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
# A word's first code points that enter its hash (with its length): words in real text are
# far shorter, and the limit keeps the length a 16-bit number that numpy sorts in linear time.
_HASHED_CODE_POINTS = 0xFFFF
# Odd, so multiplying by it loses no bits of the hash so far before the next word is added.
_FOLD_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def words(text: str) -> list[str]:
    """Casefolded word tokens, punctuation and whitespace folded away, wrap hyphens joined."""
    spaced = WRAP_HYPHEN.sub("", text).casefold().translate(_NOT_WORD)
    return spaced.split() if spaced.isascii() else _WORD.findall(spaced)


def exact_key(tokens: list[str]) -> str:
    """A hash that two documents share exactly when their normalised :func:`words` are equal."""
    return hashlib.sha1(" ".join(tokens).encode()).hexdigest()


def shingle_hashes(token_lists: list[list[str]], size: int) -> list[np.ndarray]:
    """Per text, the 64-bit hashes of its word n-grams of ``size`` (a shorter text is one
    n-gram of all its words; a text without words has none), in text order, repeats kept.

    A hash depends on the words alone, so an n-gram hashes alike in every text, run and input
    order; at 64 bits two different n-grams of one corpus share a hash with negligible
    probability, so sets of hashes measure overlap as sets of n-grams do.
    """
    all_tokens = list(chain.from_iterable(token_lists))
    total = len(all_tokens)
    token_hashes = _word_hashes(all_tokens)
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    starts = np.cumsum(lengths) - lengths
    # Every n-gram of the flat token stream at once; those that run past their text's end are
    # never read below.
    grams = (
        _fold([token_hashes[offset : total - size + 1 + offset] for offset in range(size)])
        if total >= size
        else token_hashes[:0]
    )
    result = []
    for start, length in zip(starts.tolist(), lengths.tolist(), strict=True):
        if length >= size:
            result.append(grams[start : start + length - size + 1])
        else:
            result.append(_fold([token_hashes[start + k : start + k + 1] for k in range(length)]))
    return result


def _word_hashes(tokens: list[str]) -> np.ndarray:
    """A 64-bit hash of each word: FNV-1a over its code points and its length, then mixed.

    All words advance one code point per step, longest first, so that the words still going
    are a prefix of the array.
    """
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    code_points = np.frombuffer(
        "".join(tokens).encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32
    )
    hashed_lengths = np.minimum(lengths, _HASHED_CODE_POINTS).astype(np.uint16)
    order = np.argsort(np.uint16(_HASHED_CODE_POINTS) - hashed_lengths, kind="stable")
    descending = hashed_lengths[order].astype(np.int64)
    starts = (np.cumsum(lengths) - lengths)[order]
    hashes = np.full(len(tokens), _FNV_OFFSET, dtype=np.uint64)
    for position in range(int(descending.max(initial=0))):
        going = int(np.searchsorted(-descending, -position, side="left"))
        live = hashes[:going]
        live ^= code_points[starts[:going] + position]
        live *= _FNV_PRIME
    hashes ^= lengths[order].astype(np.uint64)
    result = np.empty_like(hashes)
    result[order] = _mix(hashes)
    return result


def _fold(columns: list[np.ndarray]) -> np.ndarray:
    """Hash sequences of word hashes given column by column (empty for no columns)."""
    if not columns:
        return np.empty(0, dtype=np.uint64)
    hashes = columns[0].copy()
    for column in columns[1:]:
        hashes *= _FOLD_MULTIPLIER
        hashes += column
        hashes = _mix(hashes)
    return hashes


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit reaches every output bit."""
    values ^= values >> np.uint64(30)
    values *= np.uint64(0xBF58476D1CE4E5B9)
    values ^= values >> np.uint64(27)
    values *= np.uint64(0x94D049BB133111EB)
    values ^= values >> np.uint64(31)
    return values


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def figures(tokens: list[str]) -> set[str]:
    """The numbers in a text (the words made of digits)."""
    return set(filter(str.isdigit, tokens))


def same_figures(a: set[str], b: set[str], min_shared: float) -> bool:
    """Whether two texts share at least ``min_shared`` of the smaller one's numbers.

    Templated reports (earnings, bond issues, crop weather) share most of their words and
    differ in their figures; copies of one report keep most of them, even when a reprint
    corrects or garbles one.  Texts with fewer than two numbers pass.
    """
    smaller = min(len(a), len(b))
    return smaller < 2 or len(a & b) >= min_shared * smaller
