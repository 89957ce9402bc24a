"""Grouping the claims of one story into rows about the same thing.

Claims are compared by TF-IDF over their content words, with the IDF taken from the
story's own claims: words every claim of the story shares (the story's place and actors)
weigh little, words that few claims share (withdrawn, losses, deployment) weigh much.  Two
measures come from it.  The plain cosine says how far two claims are the same statement
(the verdicts use it: opposite polarities conflict only within one statement).  The soft
cosine, which also counts related words (``related.py``: "withdrawn" meets "pulled" and
"suspended", "houses" meets "homes"), says how far two claims are about the same thing; rows
are grouped by it.  Two claims that count the same kind of thing ("40 dead", "a toll of 120")
get a bonus in both, unless that thing is as broad as "people".  Rows are formed by
average-linkage clustering, which, unlike single linkage, does not chain unrelated claims
through one broad claim in the middle.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from wiredesk.ledger.related import predicate_class_of, relatedness_matrix
from wiredesk.ledger.words import content_stems, surface_words

UNSPECIFIC_THINGS = frozenset({"people"})
"""Counted things too broad to say that two claims are about the same thing: "more than 50
people" (still missing) and "about 2,000 people" (in shelters) count different people."""


@dataclass(frozen=True, slots=True)
class WordRelatedness:
    """How much related words count towards two claims being about the same thing."""

    same_class: float
    opposite_class: float
    min_vector_cosine: float


@dataclass(frozen=True, slots=True)
class Similarities:
    """Pairwise similarities in [0, 1] of a story's claims, 1 on the diagonal.

    ``statement``: plain TF-IDF cosine (the same words); ``topic``: soft cosine (the same or
    related words); both with the shared-quantity bonus. ``wording``: the plain cosine, a denial
    and the claim it denies counting as one wording, which says whether two claims that count
    the same thing say the same about it, or say and unsay one thing.
    """

    statement: np.ndarray
    topic: np.ndarray
    wording: np.ndarray


def similarity_matrices(
    contents: Sequence[str],
    counted: Sequence[frozenset[str]],
    *,
    shared_quantity_bonus: float,
    relatedness: WordRelatedness,
    denials: Sequence[bool] = (),
) -> Similarities:
    """``denials``: which claims deny what they report (``denied_claims``)."""
    size = len(contents)
    statement, topic = np.eye(size), np.eye(size)
    if size >= 2:
        cosines = tfidf_cosines(contents, relatedness)
        if cosines is not None:
            statement, topic = (np.clip(c, 0.0, 1.0) for c in cosines)
    bonus = shared_quantity_bonus * shares_a_thing(counted)
    wording = statement
    if any(denials):
        denied = denied_claims(contents, denials)
        bonus = np.maximum(bonus, denied)
        wording = with_bonus(statement, denied)
    return Similarities(with_bonus(statement, bonus), with_bonus(topic, bonus), wording)


def shares_a_thing(counted: Sequence[frozenset[str]]) -> np.ndarray:
    """Which pairs of claims count the same specific thing."""
    size = len(counted)
    things = sorted(set().union(*counted) - UNSPECIFIC_THINGS) if size else []
    if not things:
        return np.zeros((size, size))
    counts = np.array([[thing in claim for thing in things] for claim in counted], dtype=float)
    return ((counts @ counts.T) > 0).astype(float)


MIN_DENIED_WORDS = 2
"""Content words a denial must name to be matched by them: "denied it", "denied wrongdoing"
name too little to say which claim they answer."""


def denied_claims(contents: Sequence[str], denials: Sequence[bool]) -> np.ndarray:
    """Pairs (both ways) of a denial and a claim holding every content word it denies.

    A denial names what it denies in a few words ("denied shelling Durn") that the claim it
    answers holds among more ("accused the front of shelling the village of Durn hours
    after the ceasefire"): their TF-IDF cosine is low, yet they are one statement, for and
    against.
    """
    size = len(contents)
    found = np.zeros((size, size))
    stems = [set(content_stems(content)) for content in contents]
    for i in (i for i in range(size) if denials[i] and len(stems[i]) >= MIN_DENIED_WORDS):
        for j in range(size):
            if j != i and not denials[j] and stems[i] <= stems[j]:
                found[i, j] = found[j, i] = 1.0
    return found


def with_bonus(similarity: np.ndarray, bonus: np.ndarray) -> np.ndarray:
    boosted = np.minimum(1.0, similarity + bonus)
    np.fill_diagonal(boosted, 1.0)
    return boosted


def tfidf_cosines(
    contents: Sequence[str], relatedness: WordRelatedness
) -> tuple[np.ndarray, np.ndarray] | None:
    """Cosine and soft cosine of the contents' TF-IDF vectors; None when no content word occurs.

    The soft cosine of vectors a and b is a·S·b / sqrt(a·S·a × b·S·b), S holding how related
    each pair of words is (the identity gives the plain cosine).  For the soft cosine, a word
    of a predicate class weighs by how many claims use any word of its class: in a story about
    a deployment, "sent", "deployment" and "reinforcements" are each rare but together
    everywhere, and should not make every claim about the deployment one row.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    vectorizer = TfidfVectorizer(analyzer=content_stems, sublinear_tf=True, norm=None)
    try:
        weighted = vectorizer.fit_transform(contents)
    except ValueError:  # every content empty or stop words only
        return None
    matrix = normalize(weighted)
    # rows are L2-normalised, so the product is the cosine; kept sparse until the end
    cosine = (matrix @ matrix.T).toarray()
    stems = list(vectorizer.get_feature_names_out())
    forms: dict[str, str] = {}
    for content in contents:
        for key, form in surface_words(content).items():
            forms.setdefault(key, form)
    related = relatedness_matrix(
        stems,
        [forms.get(s, s) for s in stems],
        same_class=relatedness.same_class,
        opposite_class=relatedness.opposite_class,
        min_vector_cosine=relatedness.min_vector_cosine,
    )
    topical = matrix
    if relatedness.same_class > 0:
        topical = normalize(weighted.multiply(class_weights(weighted, stems)).tocsr())
    products = np.asarray((topical @ related) @ topical.T)
    norms = np.sqrt(np.clip(np.diag(products), 1e-12, None))
    return cosine, products / np.outer(norms, norms)


def class_weights(weighted, stems: Sequence[str]) -> np.ndarray:
    """Per word, its class's smoothed IDF over its own (1 for words of no class)."""
    size = weighted.shape[0]
    present = (weighted > 0).astype(float).tocsc()
    classes = predicate_class_of(stems)
    factors = np.ones(len(stems))
    for name in set(classes) - {""}:
        members = [i for i, c in enumerate(classes) if c == name]
        in_class = np.asarray(present[:, members].sum(axis=1)).ravel() > 0
        class_idf = math.log((1 + size) / (1 + in_class.sum())) + 1.0
        for i in members:
            word_idf = math.log((1 + size) / (1 + present[:, i].sum())) + 1.0
            factors[i] = class_idf / word_idf
    return factors.reshape(1, -1)


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
