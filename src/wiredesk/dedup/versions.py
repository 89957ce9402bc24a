"""Versions: near-copies kept apart because a figure or a name differs between them.

Two texts that say the same thing except "4,000 people" against "5,000 people" are not copies
to merge silently: the difference is the news (a revised toll, a corrected name). The check
looks for what one text puts between two words where the other puts something else; what only
one text has (a cut paragraph, a new headline) is no difference of this kind, and neither is a
figure or a name a reprint garbled (a lost digit, a misspelling, a word no word list has).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from wiredesk.clean.wordlist import zipf
from wiredesk.dedup.text import WRAP_HYPHEN
from wiredesk.records import Difference

# Numbers as written ("4,000", "2.5", "1985/86" is two), so a difference reads as the article
# has it; any other run of word characters is one word.
_TOKEN = re.compile(r"\d(?:[\d,.]*\d)?|\w+")
# The most words a replaced passage may have on either side and still be one name or figure
# changed; longer replacements are rewording.
_MAX_REPLACED = 3
# A run of 1 to _MAX_REPLACED tokens marked 0 (unshared), with none so marked on either side.
_SHORT_UNSHARED_RUN = re.compile(rb"(?<!\x00)\x00{1,%d}(?!\x00)" % _MAX_REPLACED)
# Words at the start of a text where reprints put their own headline, dateline and credit line.
_HEADING_WORDS = 20
# Replaced names at least this alike letter by letter are taken for a spelling variant of one
# name ("Smith" / "Smyth"), not a different person or place.
_GARBLE_LIKENESS = 0.5


@dataclass(frozen=True, slots=True)
class Wording:
    """A text's words and numbers as written, in order, also casefolded and as a set."""

    tokens: list[str]
    folded: list[str]
    vocabulary: frozenset[str]


def wording(text: str) -> Wording:
    """The :class:`Wording` of ``text``, column-wrap hyphens joined."""
    tokens = _TOKEN.findall(WRAP_HYPHEN.sub("", text))
    # Casefolding is per character, so folding the words joined by a character no word has
    # and splitting there again gives each word folded, in two C calls.
    folded = "\0".join(tokens).casefold().split("\0") if tokens else []
    return Wording(tokens, folded, frozenset(folded))


def substitutions(first: Wording, second: Wording) -> list[Difference]:
    """Figures and names that ``first`` has where ``second`` has another, in text order.

    A passage counts when each text has it between the same two words and the other text has
    none of its words anywhere: figures against figures, capitalised names against names.
    Matching passages by their neighbours is linear in the text, where a full alignment is
    quadratic in it.
    """
    # The first of their runs between two words stands for them (reversed: the first is
    # written last).
    theirs_between = {
        neighbours: (start, end)
        for neighbours, start, end in reversed(_unshared_runs(second, first.vocabulary))
    }
    if not theirs_between:
        return []
    found = []
    for neighbours, start, end in _unshared_runs(first, second.vocabulary):
        if neighbours not in theirs_between:
            continue
        # Most replaced passages are garbled lowercase words, never a figure or a name (see
        # _replacement_kind): passed over before anything is sliced out for them.
        first_letter = first.tokens[start][0]
        if not (first_letter.isdigit() or first_letter.isupper()):
            continue
        their_start, their_end = theirs_between[neighbours]
        ours, theirs = first.tokens[start:end], second.tokens[their_start:their_end]
        kind = _replacement_kind(ours, theirs)
        if kind == "name" and min(start, their_start) < _HEADING_WORDS:
            continue  # a reprint's own dateline or credit ("NEW YORK -" / "(Reuters)")
        if kind:
            found.append(Difference(kind=kind, this=" ".join(ours), other=" ".join(theirs)))
    return found


def figure_differences(first: Wording, second: Wording) -> list[Difference]:
    """The numbers each text has that the other lacks, as one difference (empty when none)."""
    ours, theirs = _numbers(first.tokens), _numbers(second.tokens)
    only_ours = [n for n in ours if n not in theirs]
    only_theirs = [n for n in theirs if n not in ours]
    if not only_ours and not only_theirs:
        return []
    return [Difference(kind="figures", this=", ".join(only_ours), other=", ".join(only_theirs))]


def swapped(differences: list[Difference]) -> list[Difference]:
    """The same differences seen from the other document."""
    return [Difference(kind=d.kind, this=d.other, other=d.this) for d in differences]


def _unshared_runs(
    text: Wording, other_vocabulary: frozenset[str]
) -> list[tuple[tuple[str, str], int, int]]:
    """Runs of up to ``_MAX_REPLACED`` tokens whose words ``other_vocabulary`` lacks: the
    words on either side (casefolded; "" at an edge), where the run starts and where it ends."""
    # One byte per token, 0 where the other text lacks the word: the regex engine finds the
    # short runs in C (a cut paragraph is one long run, never kept), with no set difference
    # and no list of unshared positions to cut into runs in Python.
    shared = bytes(map(other_vocabulary.__contains__, text.folded))
    folded, last = text.folded, len(text.folded)
    return [
        ((folded[start - 1] if start else "", folded[end] if end < last else ""), start, end)
        for start, end in map(re.Match.span, _SHORT_UNSHARED_RUN.finditer(shared))
    ]


def _replacement_kind(ours: list[str], theirs: list[str]) -> str:
    # Most replaced passages are garbled lowercase words: their first letter settles it.
    first_letter = ours[0][0]
    if first_letter.isdigit():
        if all(map(_is_number, ours)) and all(map(_is_number, theirs)):
            return "figure" if _different_figures("".join(ours), "".join(theirs)) else ""
        return ""
    if (
        first_letter.isupper()
        and all(map(_is_name_word, ours))
        and all(map(_is_name_word, theirs))
        and _unlike(" ".join(ours).casefold(), " ".join(theirs).casefold())
    ):
        return "name"
    return ""


def _different_figures(ours: str, theirs: str) -> bool:
    """Whether two written numbers state different amounts rather than one amount garbled.

    Separators written differently ("51,7" / "51.7") and a digit lost or doubled in a reprint
    ("1987" / "198", "22.2" / "222.2") leave one digit string inside the other; a changed
    figure ("4,000" / "5,000") does not.
    """
    ours, theirs = _digits(ours), _digits(theirs)
    return not (_is_subsequence(ours, theirs) or _is_subsequence(theirs, ours))


def _unlike(ours: str, theirs: str) -> bool:
    return SequenceMatcher(None, ours, theirs).ratio() < _GARBLE_LIKENESS


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(c in remaining for c in short)


def _is_number(token: str) -> bool:
    return token[0].isdigit()


@lru_cache(maxsize=1 << 16)
def _is_name_word(token: str) -> bool:
    """A capitalised word that is an English word or a known name: a word spoilt by OCR
    ("Finanoial") is in no word list. A capitalised function word ("The", "But") starts a
    sentence and names nothing."""
    folded = token.casefold()
    return token[0].isupper() and folded not in _stop_words() and zipf(folded) > 0


def _numbers(tokens: list[str]) -> dict[str, None]:
    """Distinct numbers in text order (a dict: ordered, and quick to look up)."""
    return dict.fromkeys(t for t in tokens if _is_number(t))


@cache
def _stop_words() -> frozenset[str]:
    # Imported on first use: scikit-learn takes a while to load and most runs have no versions.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)
