"""How related two content words are, so that claims worded differently can share a row.

Two sources, both offline:

- ``predicates.json``: hand-written classes of news predicates that say the same thing
  (withdrawn, pulled, suspended) and pairs of classes that say the opposite (withdraw, fight).
  Within one story, opposites are about the same thing: "the troops have not engaged in
  combat" and "the troops were withdrawn" are one row, and the verdict, not the grouping,
  weighs their polarity.
- static word vectors: the token embedding table that WordLlama ships inside its wheel
  (distilled from large language models' input embeddings).  The files are read directly:
  ``WordLlama.load`` looks for the tokenizer under a folder name the wheel does not use and
  would then try to download it.  A word that the tokenizer keeps whole has a vector;
  a word cut into pieces has none, since averaging the pieces of a static table ("with",
  "dra", "wn") says little about the word.  Capitalised words get none either: names are
  matched exactly, and vectors would make "Moscow" a near-synonym of "Russia".
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib.resources import files

import numpy as np

from wiredesk.ledger.words import stem

PREDICATES = files("wiredesk.ledger") / "predicates.json"
VECTOR_PACKAGE = "wordllama"
VECTOR_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
VECTOR_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")


@functools.cache
def predicate_classes() -> tuple[dict[str, str], frozenset[tuple[str, str]]]:
    """Each listed word's stem with its class, and the pairs of opposite classes (both ways)."""
    data = json.loads(PREDICATES.read_text(encoding="utf-8"))
    class_of = {stem(word): name for name, words in data["classes"].items() for word in words}
    opposites = frozenset(
        pair for first, second in data["opposites"] for pair in ((first, second), (second, first))
    )
    return class_of, opposites


def predicate_class_of(stems: Sequence[str]) -> list[str]:
    """Each stem's predicate class, "" for a stem of none."""
    class_of, _ = predicate_classes()
    return [class_of.get(s, "") for s in stems]


@functools.cache
def token_vectors():
    """The tokenizer and the unit-length token embedding table of the shipped vectors."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    package = files(VECTOR_PACKAGE)
    with safe_open(str(package.joinpath(*VECTOR_WEIGHTS)), framework="np") as weights:
        table = weights.get_tensor("embedding.weight").astype(np.float32)
    norms = np.linalg.norm(table, axis=1, keepdims=True)
    table /= np.where(norms > 0, norms, 1.0)
    return Tokenizer.from_file(str(package.joinpath(*VECTOR_TOKENIZER))), table


def word_vectors(forms: Sequence[str]) -> np.ndarray:
    """A unit vector per word form; zeros for capitalised words and words cut into pieces."""
    tokenizer, table = token_vectors()
    vectors = np.zeros((len(forms), table.shape[1]), dtype=np.float32)
    lower = [index for index, form in enumerate(forms) if form[:1].islower()]
    encoded = tokenizer.encode_batch([forms[i] for i in lower], add_special_tokens=False)
    for index, encoding in zip(lower, encoded, strict=True):
        if len(encoding.ids) == 1:
            vectors[index] = table[encoding.ids[0]]
    return vectors


def relatedness_matrix(
    stems: Sequence[str],
    forms: Sequence[str],
    *,
    same_class: float,
    opposite_class: float,
    min_vector_cosine: float,
) -> np.ndarray:
    """How related each pair of words is, in [0, 1]; 1 on the diagonal.

    ``stems`` and ``forms`` are the same words as stems and as written.  Words of one predicate
    class relate by ``same_class``, of opposite classes by ``opposite_class``; other words by
    the cosine of their vectors where it reaches ``min_vector_cosine`` (above 1: never).
    """
    size = len(stems)
    related = np.zeros((size, size))
    if min_vector_cosine <= 1.0 and size:
        vectors = word_vectors(forms)
        cosine = vectors @ vectors.T
        related = np.where(cosine >= min_vector_cosine, cosine, 0.0)
    class_of, opposites = predicate_classes()
    names = sorted(set(class_of.values()))
    number = {name: index for index, name in enumerate(names)}
    # one past the last class stands for "no class", which relates to nothing
    classes = np.array([number.get(class_of.get(s, ""), len(names)) for s in stems])
    same = np.zeros((len(names) + 1, len(names) + 1), dtype=bool)
    same[np.arange(len(names)), np.arange(len(names))] = True
    opposite = np.zeros_like(same)
    for first, second in opposites:
        opposite[number[first], number[second]] = True
    pairs = np.ix_(classes, classes)
    related = np.where(same[pairs], np.maximum(related, same_class), related)
    related = np.where(opposite[pairs], np.maximum(related, opposite_class), related)
    related = np.clip(related, 0.0, 1.0)
    np.fill_diagonal(related, 1.0)
    return related
