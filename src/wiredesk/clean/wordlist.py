"""How common an English word is, from wordfreq's "large" English list (about 320,000 words,
1.5 MB shipped inside the package; nothing is fetched).  Used beside the corpus's own counts to
judge repairs that split or join words.
"""

from __future__ import annotations

import functools
import importlib.util
import marshal
import math
import os
from pathlib import Path

from wiredesk.clean.language import cached_copy_path

# Words whose zipf is kept (710 WCXB pages ask about 100,000).
WORDS_CACHED = 1 << 18


# The list as wordfreq ships it (gzipped msgpack, read through its own loader).
SHIPPED_LIST = "data/large_en.msgpack.gz"


def _shipped_list() -> Path | None:
    """wordfreq's English list, found without importing wordfreq (None if not there)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / SHIPPED_LIST
    return path if path.is_file() else None


def _wordfreq_frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", "large")


def _store(frequencies: dict[str, float], copy: Path) -> None:
    partial = copy.with_name(f"{copy.name}.{os.getpid()}.partial")
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(marshal.dumps(frequencies))
        partial.replace(copy)  # whole or not at all, whoever writes it at the same time
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only home or a full disk: no copy


@functools.cache
def _frequencies() -> dict[str, float]:
    """wordfreq's frequencies, from a marshalled copy that the first process leaves in the
    user's cache folder: importing wordfreq and decoding its list take 0.25 CPU s of every
    process with a repair to judge, reading the copy 0.1 s."""
    shipped = _shipped_list()
    where = cached_copy_path(shipped, "wordfreq-en-large") if shipped is not None else None
    if where is None:
        return _wordfreq_frequencies()
    copy = where.with_suffix(".marshal")
    try:
        return marshal.loads(copy.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        frequencies = _wordfreq_frequencies()
        _store(frequencies, copy)
        return frequencies


@functools.lru_cache(maxsize=WORDS_CACHED)
def zipf(word: str) -> float:
    """log10 of the word's frequency per billion words (0 for a word the list lacks); common
    words score 5 to 7, rare ones 1 to 3.  Cached: the word repairs ask about the same words
    again and again (every token of a run, every cut of a candidate)."""
    frequency = _frequencies().get(word.lower(), 0.0)
    return math.log10(frequency) + 9 if frequency else 0.0
