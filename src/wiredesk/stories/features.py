"""What story grouping compares: the article's words and the names and numbers in it."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from wiredesk.records import Document
from wiredesk.stories.entities import LeadFacts, lead_facts, name_runs, numbers


@dataclass(kw_only=True, slots=True)
class SiteTerms:
    """Which terms count as a site's own vocabulary rather than the story's.

    min_pages: a publisher needs this many articles in the run before its terms are judged.
    share: a term in at least this share of one publisher's articles is that site's (its
        navigation, footer, newsroom name), and is ignored when comparing that site's articles.
    """

    min_pages: int = 5
    share: float = 0.9


def article_entities(
    doc: Document, stop_words: frozenset[str], with_numbers: bool, lead_chars: int = 0
) -> list[str]:
    """Names (title included) and, when asked, numbers: one entry per mention, those of the
    lead twice, as :func:`counted_text` counts its words."""
    text = counted_text(doc, lead_chars)
    found = name_runs(text, stop_words)
    if with_numbers:
        found += [f"#{n}" for n in numbers(text)]
    return found


def counted_text(doc: Document, lead_chars: int) -> str:
    """The text whose words are counted: title and text, with the lead (the title and the
    first ``lead_chars`` characters) counted twice. A news lead says who, where and when;
    the background further down (earlier events of the same kind, a team's record) is what
    two events of one kind share."""
    text = titled_text(doc)
    return f"{text[:lead_chars]}\n{text}" if lead_chars > 0 else text


def lead_text(doc: Document, lead_chars: int) -> str:
    """The lead: the title and the text's first characters, ``lead_chars`` in all."""
    return titled_text(doc)[:lead_chars]


def lead_facts_of(doc: Document, lead_chars: int, kinds: Iterable[str]) -> LeadFacts:
    """The facts of ``kinds`` the lead gives (:func:`~wiredesk.stories.entities.lead_facts`)."""
    return lead_facts(lead_text(doc, lead_chars), kinds)


def compared_date(doc: Document, stated_chars: int) -> date | None:
    """The date an article's story is compared by: its publication date, or when it has
    none, the date its first ``stated_chars`` characters (title included) state, where a
    page prints its dateline ("Updated 05/02/2013", "Monday, 28 November 2005"). A date
    further down is as likely an earlier event's."""
    if doc.published is not None or stated_chars <= 0:
        return doc.published
    return stated_date(titled_text(doc)[:stated_chars])


def stated_date(text: str) -> date | None:
    """The first full date ``text`` writes: "November 28, 2005", "28 Nov 2005",
    "2012-04-04", or "5/2/2013" (month first, unless the first number cannot be a month)."""
    found = []
    for pattern in _STATED_DATES:
        match = pattern.search(text)
        written = _date_of(match) if match else None
        if written is not None:
            found.append((match.start(), written))
    return min(found)[1] if found else None


def _date_of(match: re.Match) -> date | None:
    parts = match.groupdict()
    year = int(parts["year"])
    if parts.get("month_name"):
        month, day = _MONTHS.index(parts["month_name"][:3].casefold()) + 1, int(parts["day"])
    elif int(parts["first"]) > 12:
        day, month = int(parts["first"]), int(parts["second"])
    else:
        month, day = int(parts["first"]), int(parts["second"])
    try:
        return date(year, month, day)
    except ValueError:
        return None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAME = rf"(?P<month_name>{'|'.join(_MONTHS)})[a-z]*\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Spaces around separators: some extracted text is tokenised ("05 / 02 / 2013").
_STATED_DATES = (
    re.compile(rf"\b{_MONTH_NAME}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*[,-]?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b(?P<first>\d{{1,2}})\s*/\s*(?P<second>\d{{1,2}})\s*/\s*{_YEAR}\b"),
    re.compile(rf"\b{_YEAR}\s*-\s*(?P<first>\d\d)\s*-\s*(?P<second>\d\d)\b"),
)


def titled_text(doc: Document) -> str:
    """The title, when there is one, above the text."""
    return f"{doc.title}\n{doc.text}" if doc.title else doc.text


def top_entities(mentions: list[str], limit: int) -> list[str]:
    """The most mentioned entities, most first (ties by first mention)."""
    counts = Counter(mentions)
    order = {name: i for i, name in reversed(list(enumerate(mentions)))}
    return sorted(counts, key=lambda name: (-counts[name], order[name]))[:limit]


@dataclass(slots=True)
class TermCounts:
    """How often each article uses each word and each name or number: the raw material of the
    TF-IDF blocks, kept so that later runs can weigh stored articles again."""

    words: object  # scipy CSR, articles x words
    word_names: list[str]
    entities: object | None  # scipy CSR, articles x entities; None when not compared
    entity_names: list[str]


def term_counts(texts: list[str], mentions: list[list[str]], entity_weight: float) -> TermCounts:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import CountVectorizer

    try:
        vectorizer = CountVectorizer(stop_words="english", dtype=np.float64)
        words = vectorizer.fit_transform(texts).tocsr()
        word_names = vectorizer.get_feature_names_out().tolist()
    except ValueError:  # no article has a single word that is not a stop word
        words, word_names = csr_matrix((len(texts), 0)), []
    if entity_weight > 0 and any(mentions):
        vectorizer = CountVectorizer(analyzer=_as_is, dtype=np.float64)
        entities = vectorizer.fit_transform(mentions).tocsr()
        return TermCounts(words, word_names, entities, vectorizer.get_feature_names_out().tolist())
    return TermCounts(words, word_names, None, [])


def combined_from_counts(
    counts: TermCounts,
    publishers: list[str],
    entity_weight: float,
    site_terms: SiteTerms,
    name_idf_power: float = 1.0,
):
    """One sparse matrix whose row dot products are a weighted sum of two cosines, and its
    column names ("w:" words, "n:" names and numbers), IDF taken from the articles counted.

    Each block (TF-IDF of the words; TF-IDF of the entity mentions, IDF raised to
    ``name_idf_power``) has unit rows scaled by the square root of its weight, so
    row i . row j = (1-w) cos_words + w cos_entities.
    """
    from scipy.sparse import hstack

    blocks = [
        _unit_rows(weighted_counts(counts.words, 1.0), publishers, site_terms)
        * (1.0 - entity_weight) ** 0.5
    ]
    columns = [f"w:{name}" for name in counts.word_names]
    if counts.entities is not None:
        blocks.append(
            _unit_rows(weighted_counts(counts.entities, name_idf_power), publishers, site_terms)
            * entity_weight**0.5
        )
        columns += [f"n:{name}" for name in counts.entity_names]
    return hstack(blocks).tocsr(), columns


def weighted_counts(matrix, idf_power: float):
    """Sublinear TF times sklearn's smoothed IDF raised to ``idf_power`` (unnormalised).

    A power above 1 widens the gap between rare and common terms: a name two articles share
    (a victim, a suspect, a small town) says far more about one event than a name a tenth of
    the corpus carries (a big city, a police force), more than the log scale of the IDF says.
    """
    from scipy.sparse import diags
    from sklearn.feature_extraction.text import TfidfTransformer

    if matrix.shape[1] == 0:
        return matrix.astype(np.float64)
    transformer = TfidfTransformer(sublinear_tf=True, norm=None).fit(matrix)
    weighted = transformer.transform(matrix)
    if idf_power == 1.0:
        return weighted
    return weighted @ diags(transformer.idf_ ** (idf_power - 1.0))


def without_site_terms(matrix, publishers: list[str], site_terms: SiteTerms):
    """``matrix`` (documents x terms, CSR) with each site's own terms zeroed in its rows."""
    rows_of: dict[str, list[int]] = {}
    for row, publisher in enumerate(publishers):
        if publisher:
            rows_of.setdefault(publisher, []).append(row)
    matrix = matrix.tocsr(copy=True)
    for rows in rows_of.values():
        if len(rows) < site_terms.min_pages:
            continue
        pages_with_term = np.asarray((matrix[rows] > 0).sum(axis=0)).ravel()
        site_columns = np.flatnonzero(pages_with_term >= site_terms.share * len(rows))
        for row in rows:
            start, end = matrix.indptr[row], matrix.indptr[row + 1]
            in_row = np.isin(matrix.indices[start:end], site_columns)
            matrix.data[start:end][in_row] = 0.0
    matrix.eliminate_zeros()
    return matrix


def _unit_rows(matrix, publishers: list[str], site_terms: SiteTerms):
    from sklearn.preprocessing import normalize

    if matrix.shape[1] == 0:
        return matrix
    return normalize(without_site_terms(matrix, publishers, site_terms))


def _as_is(mentions: list[str]) -> list[str]:
    return mentions


def article_embeddings(texts: list[str]) -> np.ndarray:
    """Static word embeddings (WordLlama, 256 dimensions) averaged over each text, centred on the
    corpus mean and scaled to unit rows, so that unrelated articles score about 0 rather than
    the 0.4 every pair of news texts shares. The weights ship in the ``wordllama`` wheel;
    nothing is downloaded."""
    vectors = _embedding_model().embed(texts, norm=True).astype(np.float64)
    vectors -= vectors.mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


@functools.cache
def _embedding_model():
    from pathlib import Path

    import wordllama

    # The package looks for its tokenizer under <cache_dir>/tokenizers, which is where the
    # wheel puts it when the cache is the package itself; downloads stay off.
    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )
