"""Grouping the claims of one story into rows about the same thing.

Claims are compared by TF-IDF cosine over their content words, with the IDF taken from the
story's own claims: words every claim of the story shares (the story's place and actors)
weigh little, words that few claims share (withdrawn, losses, deployment) weigh much.  Two
claims that count the same kind of thing ("40 dead", "a toll of 120") get a bonus, unless
that thing is as broad as "people".  Rows are formed by average-linkage clustering, which,
unlike single linkage, does not chain unrelated claims through one broad claim in the middle.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from wiredesk.ledger.words import content_stems, surface_words

UNSPECIFIC_THINGS = frozenset({"people"})
"""Counted things too broad to say that two claims are about the same thing: "more than 50
people" (still missing) and "about 2,000 people" (in shelters) count different people."""


def similarity_matrix(
    contents: Sequence[str],
    counted: Sequence[frozenset[str]],
    *,
    shared_quantity_bonus: float,
) -> np.ndarray:
    """Pairwise similarity in [0, 1] of claim contents; 1 on the diagonal."""
    size = len(contents)
    similarity = np.eye(size)
    if size < 2:
        return similarity
    cosine = tfidf_cosine(contents)
    if cosine is not None:
        similarity = np.clip(cosine, 0.0, 1.0)
    things = sorted(set().union(*counted) - UNSPECIFIC_THINGS)
    if things:
        counts = np.array([[thing in claim for thing in things] for claim in counted], dtype=float)
        shares_a_thing = (counts @ counts.T) > 0
        similarity = np.minimum(1.0, similarity + shared_quantity_bonus * shares_a_thing)
    np.fill_diagonal(similarity, 1.0)
    return similarity


def tfidf_cosine(contents: Sequence[str]) -> np.ndarray | None:
    """Cosine similarity of the contents' TF-IDF vectors, or None when no content word occurs."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=content_stems, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(contents)
    except ValueError:  # every content empty or stop words only
        return None
    # rows are L2-normalised, so the product is the cosine; kept sparse until the end
    return (matrix @ matrix.T).toarray()


def cluster_rows(similarity: np.ndarray, *, threshold: float) -> list[list[int]]:
    """Indices grouped so that each group's average pairwise similarity stays >= threshold.

    A threshold above 1 leaves every claim on its own.
    """
    size = similarity.shape[0]
    if size < 2:
        return [[i] for i in range(size)]
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        # merges happen while the average distance stays strictly below the threshold
        distance_threshold=max(0.0, 1.0 - threshold + 1e-9),
    )
    labels = model.fit_predict(1.0 - similarity)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda group: group[0])


def story_word_frequency(contents: Sequence[str]) -> Counter[str]:
    """In how many of the story's claims each content stem occurs."""
    return Counter(stem for content in contents for stem in set(content_stems(content)))


def topic_label(
    contents: Sequence[str], story_frequency: Counter[str], story_claims: int, *, words: int
) -> str:
    """The row's most shared and most distinctive content words, in the order they first occur.

    A word scores by the number of the row's claims that use it times its smoothed inverse
    frequency among all the story's claims, so the story's ever-present actors do not crowd
    out what the row is about.
    """
    counts: Counter[str] = Counter()
    forms: dict[str, str] = {}
    first_seen: dict[str, int] = {}
    for content in contents:
        for key, form in surface_words(content).items():
            counts[key] += 1
            forms.setdefault(key, form)
            first_seen.setdefault(key, len(first_seen))

    def score(key: str) -> float:
        rarity = math.log((1 + story_claims) / (1 + story_frequency.get(key, 0))) + 1.0
        return counts[key] * rarity

    chosen = sorted(counts, key=lambda key: (-score(key), first_seen[key]))[:words]
    return " ".join(forms[key] for key in sorted(chosen, key=first_seen.__getitem__))
