"""How common an English word is, from wordfreq's "large" English list (about 320,000 words,
1.5 MB shipped inside the package; nothing is fetched).  Used beside the corpus's own counts to
judge repairs that split or join words.
"""

from __future__ import annotations

import functools
import math

# Words whose zipf is kept (710 WCXB pages ask about 100,000).
WORDS_CACHED = 1 << 18


@functools.cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "large")


@functools.lru_cache(maxsize=WORDS_CACHED)
def zipf(word: str) -> float:
    """log10 of the word's frequency per billion words (0 for a word the list lacks); common
    words score 5 to 7, rare ones 1 to 3.  Cached: the word repairs ask about the same words
    again and again (every token of a run, every cut of a candidate)."""
    frequency = _frequencies().get(word.lower(), 0.0)
    return math.log10(frequency) + 9 if frequency else 0.0
