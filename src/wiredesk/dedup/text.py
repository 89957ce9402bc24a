"""Text keys for copy detection: a normalised form for exact copies, word shingles for near ones."""

from __future__ import annotations

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
# ASCII texts cut into words and hashed together: a batch's arrays (about a megabyte of text)
# stay in the processor's cache (measured: all 10,000 reprints at once take 1.5 times as long).
_ASCII_TEXTS_PER_BATCH = 1_024
# Odd, so multiplying by it loses no bits of the hash so far before the next word is added.
_FOLD_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def words(text: str) -> list[str]:
    """Casefolded word tokens, punctuation and whitespace folded away, wrap hyphens joined."""
    spaced = _spaced(text)
    return spaced.split() if spaced.isascii() else _WORD.findall(spaced)


def _spaced(text: str) -> str:
    return WRAP_HYPHEN.sub("", text).casefold().translate(_NOT_WORD)


def hashed_words(texts: list[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per text, the :func:`word_hashes` of its :func:`words`, and which of its words are
    numbers (all digits).

    A text that is ASCII once punctuation is spaced (nearly every one) is cut into words and
    hashed as bytes, a batch of such texts at once, without a string for each word: making,
    joining and freeing those strings took most of the time of the words and their hashes.
    """
    spaced = list(map(_spaced, texts))
    plain = [k for k, text in enumerate(spaced) if text.isascii()]
    other = [k for k, text in enumerate(spaced) if not text.isascii()]
    hashes: list[np.ndarray] = [np.empty(0, dtype=np.uint64)] * len(texts)
    numbers: list[np.ndarray] = [np.empty(0, dtype=bool)] * len(texts)
    batches = [
        plain[start : start + _ASCII_TEXTS_PER_BATCH]
        for start in range(0, len(plain), _ASCII_TEXTS_PER_BATCH)
    ]
    parts = [(batch, _hashed_ascii_words([spaced[k] for k in batch])) for batch in batches]
    parts.append((other, _hashed_unicode_words([spaced[k] for k in other])))
    for indices, (text_hashes, text_numbers) in parts:
        for k, word_hash, number in zip(indices, text_hashes, text_numbers, strict=True):
            hashes[k], numbers[k] = word_hash, number
    return hashes, numbers


def _hashed_ascii_words(spaced: list[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    if not spaced:
        return [], []
    # In ASCII text with punctuation spaced, a word is a run of bytes other than the space.
    joined = np.frombuffer(" ".join(spaced).encode("ascii"), dtype=np.uint8)
    in_word = joined != ord(" ")
    edges = np.flatnonzero(np.diff(np.concatenate(([False], in_word, [False])).view(np.int8)))
    starts, lengths = edges[0::2], edges[1::2] - edges[0::2]
    code_points = joined[in_word]
    is_digit = (code_points >= ord("0")) & (code_points <= ord("9"))
    numbers = np.logical_and.reduceat(is_digit, np.cumsum(lengths) - lengths)
    # Each text ends one byte (the joining space) past its last character.
    text_ends = np.cumsum(np.fromiter(map(len, spaced), dtype=np.int64, count=len(spaced)) + 1)
    cuts = np.searchsorted(starts, text_ends[:-1])
    return np.split(_hash_words(code_points, lengths), cuts), np.split(numbers, cuts)


def _hashed_unicode_words(spaced: list[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    token_lists = [_WORD.findall(text) for text in spaced]
    numbers = [np.fromiter(map(str.isdigit, tokens), dtype=bool) for tokens in token_lists]
    return word_hashes(token_lists), numbers


def exact_key(word_hashes: np.ndarray) -> bytes:
    """A key that two documents share exactly when their normalised :func:`words` are equal,
    from their :func:`word_hashes` (64 bits: two different words of a corpus share a hash by
    negligible chance)."""
    return word_hashes.tobytes()


def shingle_hashes(token_lists: list[list[str]], size: int) -> list[np.ndarray]:
    """Per text, the 64-bit hashes of its word n-grams of ``size`` (a shorter text is one
    n-gram of all its words; a text without words has none), in text order, repeats kept.

    A hash depends on the words alone, so an n-gram hashes alike in every text, run and input
    order; at 64 bits two different n-grams of one corpus share a hash with negligible
    probability, so sets of hashes measure overlap as sets of n-grams do.
    """
    return shingles_of(word_hashes(token_lists), size)


def word_hashes(token_lists: list[list[str]]) -> list[np.ndarray]:
    """Per text, a 64-bit hash of each of its words, in text order (a word hashes alike in
    every text and run)."""
    if not token_lists:
        return []
    counts = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    tokens = list(chain.from_iterable(token_lists))
    code_points = np.frombuffer(
        "".join(tokens).encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32
    )
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    return np.split(_hash_words(code_points, lengths), np.cumsum(counts)[:-1])


def shingles_of(word_hash_lists: list[np.ndarray], size: int) -> list[np.ndarray]:
    """:func:`shingle_hashes` from the texts' :func:`word_hashes`."""
    lengths = np.fromiter(map(len, word_hash_lists), dtype=np.int64, count=len(word_hash_lists))
    token_hashes = np.concatenate([np.empty(0, dtype=np.uint64), *word_hash_lists])
    total = len(token_hashes)
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


def _hash_words(code_points: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each word, given as the code points of all words one after another
    and each word's length: FNV-1a over its code points and its length, then mixed.

    All words advance one code point per step, longest first, so that the words still going
    are a prefix of the array.
    """
    hashed_lengths = np.minimum(lengths, _HASHED_CODE_POINTS).astype(np.uint16)
    order = np.argsort(np.uint16(_HASHED_CODE_POINTS) - hashed_lengths, kind="stable")
    starts = (np.cumsum(lengths) - lengths)[order]
    # going[p]: how many words are longer than p code points (the first of ``order``).
    longest = int(hashed_lengths.max(initial=0))
    going = len(lengths) - np.cumsum(np.bincount(hashed_lengths, minlength=longest + 1))
    hashes = np.full(len(lengths), _FNV_OFFSET, dtype=np.uint64)
    for position, still_going in enumerate(going[:longest].tolist()):
        live = hashes[:still_going]
        live ^= code_points[starts[:still_going] + position]
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


def distinct_sorted(hash_arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Per array, its distinct values in ascending order: the form :func:`jaccard` reads.

    Sorted arrays stand in for Python sets of the hashes: building 1.6 million set entries
    and freeing them took about as long on the Reuters reprint set as every overlap check.
    """
    lengths = np.fromiter(map(len, hash_arrays), dtype=np.int64, count=len(hash_arrays))
    if not lengths.sum():
        return [np.empty(0, dtype=np.uint64) for _ in hash_arrays]
    # One sort per text (short arrays, sorted in cache), then repeats dropped for all at once.
    flat = np.concatenate([np.sort(hashes) for hashes in hash_arrays])
    ends = np.cumsum(lengths)
    starts = ends - lengths
    first_of_value = np.ones(len(flat), dtype=bool)
    first_of_value[1:] = flat[1:] != flat[:-1]
    first_of_value[starts[lengths > 0]] = True
    kept_before = np.concatenate(([0], np.cumsum(first_of_value)))
    return np.split(flat[first_of_value], kept_before[ends][:-1])


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two arrays of distinct values, each sorted ascending."""
    if not len(a) or not len(b):
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    # Where each value of the shorter array would sit in the longer one: shared when it is there.
    positions = b.searchsorted(a)
    np.minimum(positions, len(b) - 1, out=positions)
    shared = int(np.count_nonzero(b[positions] == a))
    return shared / (len(a) + len(b) - shared)


def jaccards_to(reference: np.ndarray, others: list[np.ndarray]) -> list[float]:
    """:func:`jaccard` of each of ``others`` with ``reference``, all at once."""
    lengths = np.fromiter(map(len, others), dtype=np.int64, count=len(others))
    values = np.concatenate([np.empty(0, dtype=np.uint64), *others])
    if len(reference):
        positions = np.searchsorted(reference, values)
        np.minimum(positions, len(reference) - 1, out=positions)
        found = reference[positions] == values
    else:
        found = np.zeros(len(values), dtype=bool)
    owner = np.repeat(np.arange(len(others)), lengths)
    shared = np.bincount(owner[found], minlength=len(others)).tolist()
    sizes = (lengths + len(reference)).tolist()
    # Python ints divided, as in jaccard: the same floats to the last bit.
    return [
        count / (size - count) if count else 0.0 for count, size in zip(shared, sizes, strict=True)
    ]


def figures(word_hashes: np.ndarray, numbers: np.ndarray) -> set[int]:
    """The numbers in a text (the words made of digits), as their hashes, from its
    :func:`hashed_words`."""
    return set(word_hashes[numbers].tolist())


def same_figures(a: set, b: set, min_shared: float) -> bool:
    """Whether two texts share at least ``min_shared`` of the smaller one's numbers.

    Templated reports (earnings, bond issues, crop weather) share most of their words and
    differ in their figures; copies of one report keep most of them, even when a reprint
    corrects or garbles one.  Texts with fewer than two numbers pass.
    """
    smaller = min(len(a), len(b))
    return smaller < 2 or len(a & b) >= min_shared * smaller
