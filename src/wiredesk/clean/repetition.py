"""Boilerplate by repetition: segments that recur across the articles of a run, and across
the articles of one site, remembered between runs (the site memory, at the end).

Each segment is hashed by its words, so the index is linear in the corpus.  Repetition alone
does not make boilerplate: copies of one article (a syndicated wire story, a reprint) share
their text too.  A segment *recurs* when a document that is not a copy of this one has it:
two documents are copies when what they do not share word for word still overlaps (noisy or
re-wrapped copies), or when one holds nothing beyond the other.  An appeal under two different
articles recurs; the body shared by two copies does not (dedup handles copies).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wiredesk.clean.units import Unit

MIN_KEY_CHARS = 20  # shorter segments ("Share", "European Community") are left to shape
SHINGLE_WORDS = 3
CONTAINED = 0.5  # a document with this share of its text in another is (part of) a copy
FINGERPRINTS_CACHED = 65_536  # segments whose site fingerprints are kept (recurring text)
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Repetition:
    """For each segment key in two or more documents: those documents (indices into the
    run's documents) and the publishers they name ("" where unknown)."""

    postings: dict[str, list[int]]
    publishers: dict[str, frozenset[str]]

    def is_repeated(self, key: str) -> bool:
        return key in self.postings

    def documents(self, key: str) -> int:
        return len(self.postings[key])


def index_repetition(doc_keys: Sequence[Iterable[str]], publishers: Sequence[str]) -> Repetition:
    """Index the segment keys that occur in more than one document."""
    postings: dict[str, list[int]] = defaultdict(list)
    for doc_index, keys in enumerate(doc_keys):
        for key in dict.fromkeys(keys):
            if len(key) >= MIN_KEY_CHARS:
                postings[key].append(doc_index)
    shared = {key: docs for key, docs in postings.items() if len(docs) >= 2}
    return Repetition(
        postings=shared,
        publishers={
            key: frozenset(publishers[doc] for doc in docs) for key, docs in shared.items()
        },
    )


def shingles(texts: Iterable[str]) -> set[int]:
    """Hashed word 3-grams of some texts (lowercased): the overlap measure for relatedness."""
    found = set()
    for text in texts:
        words = WORD.findall(text.lower())
        found.update(hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - 2))
    return found


def sample(items: Sequence[int], size: int) -> list[int]:
    """Up to ``size`` items spread evenly over ``items`` (deterministic)."""
    step = max(1, len(items) // size)
    return list(items[::step][:size])


@dataclass(frozen=True, slots=True)
class Profile:
    """A document's article-like units (not shaped like boilerplate) as (key, shingles)."""

    units: list[tuple[str, set[int]]]
    keys: set[str]
    chars: int


@dataclass(slots=True)
class Relatedness:
    """Which pairs of documents are copies of one article; pairs are judged once."""

    documents: Sequence[list[Unit]]
    min_share: float
    profiles: dict[int, Profile] = field(default_factory=dict)
    judged: dict[tuple[int, int], bool] = field(default_factory=dict)

    def _profile(self, doc: int) -> Profile:
        if doc not in self.profiles:
            article = [u for u in self.documents[doc] if not u.shape.reason]
            self.profiles[doc] = Profile(
                units=[(u.key, shingles([u.segment.text])) for u in article],
                keys={u.key for u in self.documents[doc]},
                chars=sum(len(u.key) for u in article),
            )
        return self.profiles[doc]

    def copies(self, first: int, second: int) -> bool:
        """One mostly inside the other, or what they do not share still overlaps."""
        pair = (min(first, second), max(first, second))
        if pair not in self.judged:
            profiles = [self._profile(doc) for doc in pair]
            shared = profiles[0].keys & profiles[1].keys
            self.judged[pair] = any(
                _shared_share(profile, shared) >= CONTAINED for profile in profiles
            ) or self._unshared_overlap(profiles, shared)
        return self.judged[pair]

    def _unshared_overlap(self, profiles: list[Profile], shared: set[str]) -> bool:
        own = [
            set().union(*(grams for key, grams in profile.units if key not in shared))
            for profile in profiles
        ]
        smaller = min(len(own[0]), len(own[1]))
        return not smaller or len(own[0] & own[1]) >= self.min_share * smaller


def _shared_share(profile: Profile, shared: set[str]) -> float:
    """Share of a document's article-like text in segments the other also has."""
    if not profile.chars:
        return 1.0
    return sum(len(key) for key, _ in profile.units if key in shared) / profile.chars


def mark_recurring(
    documents: Sequence[list[Unit]],
    repetition: Repetition,
    *,
    related_share: float,
    max_partners: int,
) -> None:
    """Set ``repeated`` and ``recurring`` on every unit of every document.

    Each document is compared with at most ``max_partners`` of the documents it shares
    segments with (spread over all of them), so the work stays linear in the corpus.
    """
    relatedness = Relatedness(documents=documents, min_share=related_share)
    for doc, units in enumerate(documents):
        for unit in units:
            unit.repeated = not unit.fragment and repetition.is_repeated(unit.key)
        partners = sorted(
            {other for u in units if u.repeated for other in repetition.postings[u.key]} - {doc}
        )
        unrelated = {
            other for other in sample(partners, max_partners) if not relatedness.copies(doc, other)
        }
        for unit in units:
            unit.recurring = unit.repeated and not unrelated.isdisjoint(
                repetition.postings[unit.key]
            )


# --- Repetition across a site, remembered between runs -------------------------------------
#
# A site's boilerplate (an appeal, a newsletter box, a standing disclaimer) recurs under its
# articles, each copy re-typed, re-dated or broken into lines a little differently.  Segments
# are fingerprinted loosely (case, numbers, addresses, punctuation and spacing ignored; long
# segments also by their first and last words together, so a word changed in the middle still
# matches; paragraphs broken differently are cut into the same sentences anyway) and counted
# per site by the distinct articles holding them.  The memory
# outlives the run (the store keeps it), so a page is cleaned with what earlier pages of its
# site taught, even when it comes alone.  Copies of one article count once: a page is filed
# under the article it copies, so syndicated text never looks like a site's boilerplate.

EDGE_WORDS = 6  # words from each end of a long segment in its loose fingerprint
# Shorter segments are fingerprinted whole only: one end alone ("At 6:13 p.m., the ...", "...
# neighborhood on the South Side.") is a formula of a site's news, not its boilerplate.
MIN_EDGE_KEYED_WORDS = 14
MAX_REMEMBERED_ARTICLES = 200  # beyond this a segment is boilerplate anyway; ids stop growing
COPY_EVIDENCE_ARTICLES = 2  # a segment under more articles is site text, not a sign of copying
SAMPLE_CHARS = 200
DIGITS = re.compile(r"\d+")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
ARCHIVED_URL = re.compile(r"^https?://web\.archive\.org/web/[^/]*/(.+)$", re.IGNORECASE)
HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//([^/?#:]+)", re.IGNORECASE)


def site_of(publisher: str, url: str) -> str:
    """The site a page belongs to: its publisher as named, else the host of its URL (of an
    archived copy, the original's host) lowercased and without "www."; "" when neither."""
    if publisher.strip():
        return " ".join(publisher.split())
    archived = ARCHIVED_URL.match(url.strip())
    original = archived.group(1) if archived else url.strip()
    host = HOST.match(original if "//" in original else "//" + original)
    return host.group(1).lower().removeprefix("www.") if host else ""


def _fingerprint(kind: str, words: Sequence[str]) -> str:
    return hashlib.blake2b(f"{kind}{' '.join(words)}".encode(), digest_size=8).hexdigest()


@functools.lru_cache(maxsize=FINGERPRINTS_CACHED)
def site_fingerprints(text: str) -> tuple[str, ...]:
    """Loose fingerprints of one segment: its words (case, punctuation and spacing ignored,
    every number one number, every web or mail address one address), and for a long segment
    also its first and last ``EDGE_WORDS`` words together (a word changed in its middle).
    Cached: a site's boilerplate recurs under many of its pages."""
    # Digits are word characters: numbers replaced in the whole text leave the words as they
    # were, one regular-expression pass instead of one per word.
    words = WORD.findall(DIGITS.sub("0", ADDRESS.sub(" address ", text.lower())))
    if len(" ".join(words)) < MIN_KEY_CHARS:
        return ()
    found = [_fingerprint("=", words)]
    if len(words) >= MIN_EDGE_KEYED_WORDS:
        found.append(_fingerprint("<>", [*words[:EDGE_WORDS], "...", *words[-EDGE_WORDS:]]))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class SiteRules:
    """When a segment other articles of its site hold counts as repeated there.

    min_articles: articles of the site holding it, this one included.  Three, because two
        versions of one story on one site share their opening paragraphs without always
        being recognised as copies; two unrelated articles sharing a block word for word are
        the run's own repetition index's to find.
    min_wide_articles, min_wide_share: under at least this many articles and this share of
        the site's articles, a segment is the site's boilerplate by itself at the head or
        the end of a text ("Read or Share this story: ..."); a formulaic sentence of the
        site's news ("He was taken to Mount Sinai Hospital ...") recurs under a small share.
    """

    min_articles: int = 3
    min_wide_articles: int = 5
    min_wide_share: float = 0.3


@dataclass(slots=True)
class SiteSegment:
    """One fingerprint of one site: the articles it appeared under (ids of their first page,
    at most ``MAX_REMEMBERED_ARTICLES``), the run that first saw it and its first wording
    (written with a new segment; not loaded back from the store)."""

    articles: list[str]
    sample_text: str
    first_seen_run: int | None = None
    stored: bool = False  # a row for it exists in the store
    changed: bool = True  # differs from that row


@dataclass(slots=True)
class SitePage:
    """A page the memory has learnt from: its site, the article it is (the id of that
    article's first page) and the length of its article-like text."""

    site: str
    article: str
    article_chars: int
    changed: bool = True


@dataclass(slots=True)
class SiteMemory:
    """Per site: fingerprint -> :class:`SiteSegment`; per page id: :class:`SitePage`.

    Learning a page twice changes nothing, so re-cleaning stored pages is harmless.
    """

    sites: dict[str, dict[str, SiteSegment]] = field(default_factory=dict)
    pages: dict[str, SitePage] = field(default_factory=dict)

    def learn(
        self,
        site: str,
        page_id: str,
        units: Sequence[Unit],
        fingerprints: Sequence[tuple[str, ...]],
    ) -> str:
        """Add one page's segments under its article (``fingerprints``: each unit's
        :func:`site_fingerprints`); returns that article's id."""
        segments = self.sites.setdefault(site, {})
        known = self.pages.get(page_id)
        if known is not None and known.site == site:
            article = known.article
        else:
            article = self._copied_article(segments, units, fingerprints) or page_id
            chars = sum(len(unit.key) for unit in units if not unit.shape.reason)
            self.pages[page_id] = SitePage(site, article, chars)
        for unit, unit_fingerprints in zip(units, fingerprints, strict=True):
            for fingerprint in unit_fingerprints:
                segment = segments.get(fingerprint)
                if segment is None:
                    text = unit.segment.text[:SAMPLE_CHARS]
                    segments[fingerprint] = SiteSegment(articles=[article], sample_text=text)
                elif article not in segment.articles and (
                    len(segment.articles) < MAX_REMEMBERED_ARTICLES
                ):
                    segment.articles.append(article)
                    segment.changed = True
        return article

    def _copied_article(
        self,
        segments: dict[str, SiteSegment],
        units: Sequence[Unit],
        fingerprints: Sequence[tuple[str, ...]],
    ) -> str:
        """The remembered article this page copies, or "": one holds half of the other's
        article-like text, counting only segments found under few articles (text the whole
        site repeats says nothing about copying)."""
        article_units = [
            (unit, unit_fingerprints)
            for unit, unit_fingerprints in zip(units, fingerprints, strict=True)
            if not unit.shape.reason
        ]
        own_chars = sum(len(unit.key) for unit, _ in article_units)
        shared: dict[str, int] = defaultdict(int)
        for unit, unit_fingerprints in article_units:
            segment = segments.get(unit_fingerprints[0]) if unit_fingerprints else None
            if segment is not None and len(segment.articles) <= COPY_EVIDENCE_ARTICLES:
                for article in segment.articles:
                    shared[article] += len(unit.key)
        for article, chars in sorted(shared.items(), key=lambda item: (-item[1], item[0])):
            first_page = self.pages.get(article)
            other_chars = first_page.article_chars if first_page else 0
            if chars >= CONTAINED * own_chars or (other_chars and chars >= CONTAINED * other_chars):
                return article
        return ""

    def other_articles(self, site: str, article: str, fingerprints: tuple[str, ...]) -> int:
        """How many articles of the site, other than ``article``, hold a segment of these
        fingerprints (the most over them)."""
        segments = self.sites.get(site, {})
        counts = [
            len(segments[fingerprint].articles) - (article in segments[fingerprint].articles)
            for fingerprint in fingerprints
            if fingerprint in segments
        ]
        return max(counts, default=0)

    def articles_per_site(self) -> Counter[str]:
        """How many distinct articles of each site the memory has learnt from."""
        return Counter(
            site for site, _ in {(page.site, page.article) for page in self.pages.values()}
        )

    def saved(self) -> None:
        """The store now holds everything learnt so far."""
        for segments in self.sites.values():
            for segment in segments.values():
                segment.stored, segment.changed = True, False
        for page in self.pages.values():
            page.changed = False


def sites_that_can_repeat(sites: Sequence[str], rules: SiteRules) -> list[str]:
    """Each page's site, or "" where the run holds fewer pages of that site than a repeat
    needs articles: for a site memory that starts empty and is dropped after the run, such
    pages can be marked by nothing, nor teach a later run, so they need not be learnt (on the
    WCXB article dev pages, 3 of 710 are on a site with three pages)."""
    pages_per_site = Counter(sites)
    return [site if pages_per_site[site] >= rules.min_articles else "" for site in sites]


# Names and figures a form fills in: capitalised words (a sentence's first word with them,
# which only makes the key coarser) and numbers.
_FILLED_IN = re.compile(r"\b(?:[A-Z][\w'’.-]*|\d[\d,.:/-]*)")


def form_of(text: str) -> str:
    """``text`` with its names and figures blanked, spacing and case made uniform."""
    return " ".join(_FILLED_IN.sub("#", text).split()).casefold()


def one_text_under_many_headlines(
    pages: Sequence[tuple[str, str, str, str]], min_pages: int
) -> set[str]:
    """The ids of pages (id, site, title, text) whose site holds the same text, or the same
    text but for its names and figures, under at least ``min_pages`` different headlines.

    A site does not print one article under several headlines; a sign-in box, a
    subscription notice or a newsletter form that a scraper took for the article is printed
    under every headline of the site, at most with the page's author or date filled in
    ("Get email notifications on <author> daily!"). Copies of such a page look like copies
    of one article to the site memory and to dedup, so the text alone never reads as
    boilerplate: the headlines tell. Pages without a site or a title are left alone.
    """
    headlines: dict[tuple[str, str], set[str]] = defaultdict(set)
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page_id, site, title, text in pages:
        if site and title.strip() and text.strip():
            key = (site, form_of(text))
            headlines[key].add(" ".join(title.split()).casefold())
            holders[key].append(page_id)
    return {
        page_id
        for key, titles in headlines.items()
        if len(titles) >= min_pages
        for page_id in holders[key]
    }


def mark_site_repeats(
    pages: Sequence[tuple[str, str, list[Unit]]], memory: SiteMemory, rules: SiteRules
) -> None:
    """Learn every page of the run (site, page id, units), then mark each unit that enough
    other articles of its site hold (``site``, ``site_pages``, ``site_wide``).

    All pages are learnt before any is marked, so a run's pages teach each other whatever
    their order; pages without a site are left alone.  Each page's fingerprints are kept
    from learning to marking: a run can hold more segments than the fingerprint cache.
    """
    fingerprints = [
        [site_fingerprints(unit.segment.text) for unit in units] if site else []
        for site, _, units in pages
    ]
    articles = [
        memory.learn(site, page_id, units, page_fingerprints) if site else ""
        for (site, page_id, units), page_fingerprints in zip(pages, fingerprints, strict=True)
    ]
    site_articles = memory.articles_per_site()
    for (site, _, units), article, page_fingerprints in zip(
        pages, articles, fingerprints, strict=True
    ):
        if not site:
            continue
        wide_articles = max(rules.min_wide_articles, rules.min_wide_share * site_articles[site])
        for unit, unit_fingerprints in zip(units, page_fingerprints, strict=True):
            holding = memory.other_articles(site, article, unit_fingerprints) + 1
            if holding >= rules.min_articles:
                unit.site, unit.site_pages = site, holding
                unit.site_wide = holding >= wide_articles
