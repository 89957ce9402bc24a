"""Read queries over the stored corpus, shared by the HTML pages and the JSON API.

Everything here reads the tables of :mod:`wiredesk.store.database` and returns plain records;
nothing here writes.  The raw input column is never read: the pages show the clean text.
Article text stays plain ``str``: splitting it into pieces for highlighting happens here, and the
templates escape every piece.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy import Engine, func, select

from wiredesk.records import Claim, LedgerEntry, LedgerRow, Removal, Repair, Story, Version
from wiredesk.serialize import (
    claim_from_dict,
    ledger_row_from_dict,
    removals_from,
    repairs_from,
    version_from_dict,
)
from wiredesk.store.database import claims, documents, ledger_rows, stories

UNATTRIBUTED = "(unattributed)"


@dataclass(slots=True)
class StoryFilter:
    """What the stories list is narrowed to; empty fields do not filter."""

    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    entity: str = ""
    publisher: str = ""

    def matches_text(self, story: Story) -> bool:
        needle = self.text.strip().casefold()
        haystack = " ".join([story.title, story.id, *story.entities]).casefold()
        return not needle or needle in haystack

    def matches_entity(self, story: Story) -> bool:
        needle = self.entity.strip().casefold()
        return not needle or any(needle in e.casefold() for e in story.entities)

    def matches_dates(self, story: Story) -> bool:
        """The story's span overlaps the asked span (undated stories match only no dates)."""
        if self.date_from is None and self.date_to is None:
            return True
        first = story.first_published or story.last_published
        last = story.last_published or story.first_published
        if first is None or last is None:
            return False
        return (self.date_from is None or last >= self.date_from) and (
            self.date_to is None or first <= self.date_to
        )


@dataclass(slots=True)
class StorySummary:
    """One line of the stories list."""

    id: str
    title: str
    first_published: date | None
    last_published: date | None
    articles: int
    publishers: list[str]
    # distinct ends of reporting chains over the story's ledger
    origins: int
    ledger_rows: int
    conflicts: int
    entities: list[str]


@dataclass(slots=True)
class CopyEvidence:
    """Why copies were merged: on a copy, its canonical, their similarity (shingle Jaccard)
    and how the pair was found (exact or near); on a canonical, each copy's similarity."""

    canonical: str = ""
    similarity: float | None = None
    match: str = ""
    copies: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class StoryEvidence:
    """Why an article joined its story: its most similar member of the story (``nearest``,
    none for a story of one), their similarity, the names and numbers both mention and the
    days between them; a copy joins its canonical's story (``copy_of``)."""

    nearest: str | None = None
    similarity: float | None = None
    shared_names: list[str] = field(default_factory=list)
    shared_numbers: list[str] = field(default_factory=list)
    day_gap: int | None = None
    copy_of: str = ""


@dataclass(slots=True)
class ArticleSummary:
    id: str
    story: str
    title: str
    publisher: str
    publisher_inferred: bool
    published: date | None
    url: str
    canonical: bool
    copies: list[str]
    copy_of: str
    claims: int
    skip_reason: str
    language: str = ""
    copy_evidence: CopyEvidence = field(default_factory=CopyEvidence)
    # near-copies kept apart because a figure or a name differs
    versions: list[Version] = field(default_factory=list)
    story_evidence: StoryEvidence = field(default_factory=StoryEvidence)


@dataclass(slots=True)
class MatrixCell:
    """One source's versions in one ledger row (a source may say it in several articles)."""

    entries: list[LedgerEntry]

    @property
    def hedges(self) -> list[str]:
        return list(dict.fromkeys(e.hedge for e in self.entries))

    @property
    def negated(self) -> bool:
        return any(e.polarity == "negative" for e in self.entries)


@dataclass(slots=True)
class MatrixRow:
    number: int
    row: LedgerRow
    cells: list[MatrixCell | None]


@dataclass(slots=True)
class LedgerMatrix:
    """Cross-checked ledger rows by source; single-source rows are listed apart, as in the
    terminal report, so the matrix keeps only columns that several rows or sources share."""

    sources: list[str]
    rows: list[MatrixRow]
    single_source: list[MatrixRow]


@dataclass(slots=True)
class TimelineDay:
    day: date | None
    articles: list[ArticleSummary]


@dataclass(slots=True)
class StoryView:
    summary: StorySummary
    articles: list[ArticleSummary]
    rows: list[LedgerRow]
    matrix: LedgerMatrix
    timeline: list[TimelineDay]


@dataclass(slots=True)
class TextPiece:
    """A run of article text with one set of marks; ``text`` is plain, escaped on output."""

    text: str
    roles: list[str]
    repair: Repair | None = None

    @property
    def css_class(self) -> str:
        return " ".join(
            [*(f"claim-{r}" for r in self.roles), *(["repaired"] if self.repair else [])]
        )


@dataclass(slots=True)
class TextSegment:
    """Text outside every claim's sentence (``claims`` empty) or one claim sentence (or
    several overlapping ones) with the indexes of the claims made in it."""

    claims: list[int]
    pieces: list[TextPiece]


@dataclass(slots=True)
class LinkedArticle:
    """An article that another one names as its canonical, copy, version or nearest."""

    id: str
    title: str
    publisher: str
    published: date | None


@dataclass(slots=True)
class ArticleView:
    article: ArticleSummary
    text: str
    segments: list[TextSegment]
    claims: list[Claim]
    removed: list[Removal]
    repairs: list[Repair]
    entities: list[str]
    # the stored articles that ``article``'s copies, versions and evidence name, by id
    linked: dict[str, LinkedArticle] = field(default_factory=dict)


@dataclass(slots=True)
class ClaimRecord:
    """A stored claim with the document it was found in, for the API."""

    document_id: str
    claim_index: int
    story: str
    publisher: str
    claim: Claim


_ARTICLE_COLUMNS = (
    documents.c.id,
    documents.c.story,
    documents.c.title,
    documents.c.publisher,
    documents.c.publisher_inferred,
    documents.c.published,
    documents.c.url,
    documents.c.canonical,
    documents.c.copies,
    documents.c.skip_reason,
    documents.c.dedup_group,
    documents.c.language,
    documents.c.versions,
    documents.c.dedup_evidence,
    documents.c.story_evidence,
)


def _story_from(row: Any) -> Story:
    return Story(
        id=row.id,
        title=row.title,
        document_ids=list(row.document_ids),
        first_published=row.first_published,
        last_published=row.last_published,
        entities=list(row.entities),
    )


def _claim_counts(engine: Engine, document_ids: list[str] | None) -> Counter[str]:
    query = select(claims.c.document_id)
    if document_ids is not None:
        query = query.where(claims.c.document_id.in_(document_ids))
    with engine.connect() as conn:
        return Counter(r.document_id for r in conn.execute(query))


def copy_evidence_from(data: dict[str, Any]) -> CopyEvidence:
    similarity = data.get("similarity")
    return CopyEvidence(
        canonical=data.get("canonical") or "",
        similarity=None if similarity is None else float(similarity),
        match=data.get("match") or "",
        copies={str(k): float(v) for k, v in (data.get("copies") or {}).items()},
    )


def story_evidence_from(data: dict[str, Any]) -> StoryEvidence:
    similarity = data.get("similarity")
    return StoryEvidence(
        nearest=data.get("nearest"),
        similarity=None if similarity is None else float(similarity),
        shared_names=list(data.get("shared_names") or []),
        shared_numbers=list(data.get("shared_numbers") or []),
        day_gap=data.get("day_gap"),
        copy_of=data.get("copy_of") or "",
    )


def _summary_of(row: Any, copy_of: str, claim_count: int) -> ArticleSummary:
    return ArticleSummary(
        id=row.id,
        story=row.story,
        title=row.title,
        publisher=row.publisher,
        publisher_inferred=row.publisher_inferred,
        published=row.published,
        url=row.url,
        canonical=row.canonical,
        copies=list(row.copies),
        copy_of=copy_of,
        claims=claim_count,
        skip_reason=row.skip_reason,
        language=row.language,
        copy_evidence=copy_evidence_from(row.dedup_evidence or {}),
        versions=[version_from_dict(v) for v in row.versions or []],
        story_evidence=story_evidence_from(row.story_evidence or {}),
    )


def _articles(engine: Engine, *conditions: Any) -> list[ArticleSummary]:
    query = select(*_ARTICLE_COLUMNS).where(*conditions).order_by(documents.c.id)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    counts = _claim_counts(engine, [r.id for r in rows])
    copy_of = {copy: r.id for r in rows if r.canonical for copy in r.copies}
    return [_summary_of(r, copy_of.get(r.id, ""), counts[r.id]) for r in rows]


def list_articles(
    engine: Engine, story: str | None = None, publisher: str | None = None
) -> list[ArticleSummary]:
    conditions = []
    if story is not None:
        conditions.append(documents.c.story == story)
    if publisher is not None:
        conditions.append(documents.c.publisher == publisher)
    return _articles(engine, *conditions)


def list_publishers(engine: Engine) -> list[str]:
    query = select(documents.c.publisher).where(documents.c.publisher != "").distinct()
    with engine.connect() as conn:
        return sorted(conn.execute(query).scalars())


def _ledger(engine: Engine, story: str | None = None) -> list[LedgerRow]:
    query = select(ledger_rows.c.data).order_by(ledger_rows.c.story, ledger_rows.c.idx)
    if story is not None:
        query = query.where(ledger_rows.c.story == story)
    with engine.connect() as conn:
        return [ledger_row_from_dict(data) for data in conn.execute(query).scalars()]


def list_ledger(engine: Engine, story: str | None = None) -> list[LedgerRow]:
    return _ledger(engine, story)


def _summary(
    story: Story, articles: int, publishers: set[str], rows: list[LedgerRow]
) -> StorySummary:
    origins = {e.origin.casefold() for r in rows for e in r.entries if e.origin}
    return StorySummary(
        id=story.id,
        title=story.title,
        first_published=story.first_published,
        last_published=story.last_published,
        articles=articles,
        publishers=sorted(publishers),
        origins=len(origins),
        ledger_rows=len(rows),
        conflicts=sum(r.verdict == "conflict" for r in rows),
        entities=list(story.entities),
    )


_STORY_LIST_COLUMNS = (
    stories.c.id,
    stories.c.title,
    stories.c.first_published,
    stories.c.last_published,
    stories.c.entities,
)


def list_stories(
    engine: Engine, story_filter: StoryFilter | None = None, limit: int = 200, offset: int = 0
) -> list[StorySummary]:
    """Stories, most recent first, narrowed by ``story_filter``.

    Documents are never read one by one here: the filters run over the stories' own columns
    (their member lists left unread), and articles and publishers are counted by the database
    for the page of stories shown.
    """
    story_filter = story_filter or StoryFilter()
    with engine.connect() as conn:
        chosen = [
            Story(
                id=row.id,
                title=row.title,
                document_ids=[],
                first_published=row.first_published,
                last_published=row.last_published,
                entities=list(row.entities),
            )
            for row in conn.execute(select(*_STORY_LIST_COLUMNS))
        ]
        chosen = [
            s
            for s in chosen
            if story_filter.matches_text(s)
            and story_filter.matches_entity(s)
            and story_filter.matches_dates(s)
        ]
        if story_filter.publisher:
            with_publisher = set(
                conn.execute(
                    select(documents.c.story)
                    .where(documents.c.publisher == story_filter.publisher)
                    .distinct()
                ).scalars()
            )
            chosen = [s for s in chosen if s.id in with_publisher]
        chosen.sort(key=lambda s: (s.last_published or date.min, s.id), reverse=True)
        chosen = chosen[offset : offset + limit]
        wanted = [s.id for s in chosen]
        articles_of: Counter[str] = Counter()
        publishers_of: dict[str, set[str]] = {}
        rows_of: dict[str, list[LedgerRow]] = {}
        if wanted:
            in_page = documents.c.story.in_(wanted)
            counted = select(documents.c.story, func.count()).where(in_page)
            for story_id, count in conn.execute(counted.group_by(documents.c.story)):
                articles_of[story_id] = count
            named = select(documents.c.story, documents.c.publisher).where(
                in_page, documents.c.publisher != ""
            )
            for story_id, publisher in conn.execute(named.distinct()):
                publishers_of.setdefault(story_id, set()).add(publisher)
            ledger_query = (
                select(ledger_rows.c.story, ledger_rows.c.data)
                .where(ledger_rows.c.story.in_(wanted))
                .order_by(ledger_rows.c.story, ledger_rows.c.idx)
            )
            for row in conn.execute(ledger_query):
                rows_of.setdefault(row.story, []).append(ledger_row_from_dict(row.data))
    return [
        _summary(
            story,
            articles_of[story.id],
            publishers_of.get(story.id, set()),
            rows_of.get(story.id, []),
        )
        for story in chosen
    ]


def source_label(entry: LedgerEntry) -> str:
    return entry.source_name or UNATTRIBUTED


def ledger_matrix(rows: list[LedgerRow]) -> LedgerMatrix:
    cross_checked = [r for r in rows if r.verdict != "single-source"]
    # Sources that speak to more rows come first: the columns an analyst compares most.
    weight = Counter(
        source for r in cross_checked for source in {source_label(e) for e in r.entries}
    )
    first_seen = {
        source: i
        for i, source in reversed(
            list(enumerate(source_label(e) for r in cross_checked for e in r.entries))
        )
    }
    sources = sorted(weight, key=lambda s: (-weight[s], first_seen[s]))
    matrix_rows, single = [], []
    for number, row in enumerate(rows, start=1):
        by_source: dict[str, list[LedgerEntry]] = {}
        for entry in row.entries:
            by_source.setdefault(source_label(entry), []).append(entry)
        if row.verdict == "single-source":
            single.append(MatrixRow(number, row, [MatrixCell(e) for e in by_source.values()]))
            continue
        cells = [MatrixCell(by_source[s]) if s in by_source else None for s in sources]
        matrix_rows.append(MatrixRow(number, row, cells))
    return LedgerMatrix(sources=sources, rows=matrix_rows, single_source=single)


def timeline(articles: list[ArticleSummary]) -> list[TimelineDay]:
    """Reports by publication date, oldest first; undated reports last."""
    days: dict[date | None, list[ArticleSummary]] = {}
    for article in sorted(articles, key=lambda a: (a.published is None, a.published, a.id)):
        days.setdefault(article.published, []).append(article)
    return [TimelineDay(day, group) for day, group in days.items()]


def get_story(engine: Engine, story_id: str) -> StoryView | None:
    with engine.connect() as conn:
        row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
    if row is None:
        return None
    story = _story_from(row)
    articles = list_articles(engine, story=story_id)
    rows = _ledger(engine, story_id)
    return StoryView(
        summary=_summary(
            story, len(articles), {a.publisher for a in articles if a.publisher}, rows
        ),
        articles=articles,
        rows=rows,
        matrix=ledger_matrix(rows),
        timeline=timeline(articles),
    )


def list_claims(
    engine: Engine, story: str | None = None, document: str | None = None
) -> list[ClaimRecord]:
    query = (
        select(
            claims.c.document_id,
            claims.c.idx,
            claims.c.data,
            documents.c.story,
            documents.c.publisher,
        )
        .join(documents, documents.c.id == claims.c.document_id)
        .order_by(claims.c.document_id, claims.c.idx)
    )
    if story is not None:
        query = query.where(documents.c.story == story)
    if document is not None:
        query = query.where(claims.c.document_id == document)
    with engine.connect() as conn:
        return [
            ClaimRecord(r.document_id, r.idx, r.story, r.publisher, claim_from_dict(r.data))
            for r in conn.execute(query)
        ]


def claim_range(claim: Claim) -> tuple[int, int] | None:
    """Where a claim's sentence lies in the text (its spans' hull when no sentence is kept)."""
    if claim.sentence is not None:
        return claim.sentence.start, claim.sentence.end
    spans = [*claim.source, *claim.cue, *claim.content]
    if not spans:
        return None
    return min(s.start for s in spans), max(s.end for s in spans)


def repair_ranges(text: str, repairs: list[Repair]) -> list[tuple[int, int, Repair]]:
    """Where the repairs' results lie in the text.  Repairs keep no offsets, so each repaired
    string is found by its text: the k-th repair to a string marks its k-th occurrence."""
    found: list[tuple[int, int, Repair]] = []
    next_search: dict[str, int] = {}
    for repair in repairs:
        if not repair.after:
            continue
        at = text.find(repair.after, next_search.get(repair.after, 0))
        if at < 0:
            continue
        next_search[repair.after] = at + len(repair.after)
        found.append((at, at + len(repair.after), repair))
    return found


def _merged_sentences(text: str, claim_list: list[Claim]) -> list[tuple[int, int, list[int]]]:
    ranges = []
    for index, claim in enumerate(claim_list):
        bounds = claim_range(claim)
        if bounds is None:
            continue
        start, end = max(0, bounds[0]), min(len(text), bounds[1])
        # A sentence may carry its line break; the claim marks belong before it.
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            ranges.append((start, end, index))
    merged: list[tuple[int, int, list[int]]] = []
    for start, end, index in sorted(ranges):
        if merged and start < merged[-1][1]:
            last_start, last_end, members = merged[-1]
            merged[-1] = (last_start, max(last_end, end), [*members, index])
        else:
            merged.append((start, end, [index]))
    return merged


def _pieces(
    text: str,
    start: int,
    end: int,
    roles: list[tuple[int, int, str]],
    repairs: list[tuple[int, int, Repair]],
) -> list[TextPiece]:
    cuts = {start, end}
    for lo, hi, _ in [*roles, *repairs]:
        cuts.update(c for c in (lo, hi) if start < c < end)
    bounds = sorted(cuts)
    pieces = []
    for lo, hi in pairwise(bounds):
        piece_roles = sorted({role for r_lo, r_hi, role in roles if r_lo <= lo and hi <= r_hi})
        repair = next((r for r_lo, r_hi, r in repairs if r_lo <= lo and hi <= r_hi), None)
        pieces.append(TextPiece(text[lo:hi], piece_roles, repair))
    return pieces


def text_segments(text: str, claim_list: list[Claim], repairs: list[Repair]) -> list[TextSegment]:
    """The article text cut into segments and pieces that together are exactly ``text``:
    claim sentences carry their claims, spans their role (source, cue, content, or statement
    for the outlet's own)."""
    role_spans = [
        (span.start, span.end, role)
        for claim in claim_list
        for role, spans in (
            ("source", claim.source),
            ("cue", claim.cue),
            ("statement" if claim.source_type == "outlet" else "content", claim.content),
        )
        for span in spans
    ]
    repaired = repair_ranges(text, repairs)
    segments: list[TextSegment] = []
    position = 0
    for start, end, members in _merged_sentences(text, claim_list):
        if position < start:
            segments.append(TextSegment([], _pieces(text, position, start, [], repaired)))
        segments.append(TextSegment(members, _pieces(text, start, end, role_spans, repaired)))
        position = end
    if position < len(text):
        segments.append(TextSegment([], _pieces(text, position, len(text), [], repaired)))
    return segments


def get_article(engine: Engine, document_id: str) -> ArticleView | None:
    query = select(
        *_ARTICLE_COLUMNS,
        documents.c.text,
        documents.c.removed,
        documents.c.repairs,
        documents.c.entities,
    ).where(documents.c.id == document_id)
    with engine.connect() as conn:
        row = conn.execute(query).first()
        if row is None:
            return None
        canonical_of = conn.execute(
            select(documents.c.id, documents.c.copies).where(
                documents.c.dedup_group == row.dedup_group, documents.c.canonical
            )
        ).all()
    claim_list = [c.claim for c in list_claims(engine, document=document_id)]
    repairs = repairs_from(row.repairs)
    copy_of = next((r.id for r in canonical_of if document_id in r.copies), "")
    article = _summary_of(row, copy_of, len(claim_list))
    return ArticleView(
        article=article,
        text=row.text,
        segments=text_segments(row.text, claim_list, repairs),
        claims=claim_list,
        removed=removals_from(row.removed),
        repairs=repairs,
        entities=list(row.entities),
        linked=linked_articles(engine, named_articles(article)),
    )


def named_articles(article: ArticleSummary) -> list[str]:
    """The ids an article's copies, versions and evidence point to."""
    evidence = article.story_evidence
    named = [
        article.copy_of,
        article.copy_evidence.canonical,
        *article.copies,
        *article.copy_evidence.copies,
        *(v.id for v in article.versions),
        evidence.nearest or "",
        evidence.copy_of,
    ]
    return [i for i in dict.fromkeys(named) if i and i != article.id]


def linked_articles(engine: Engine, ids: list[str]) -> dict[str, LinkedArticle]:
    if not ids:
        return {}
    query = select(
        documents.c.id, documents.c.title, documents.c.publisher, documents.c.published
    ).where(documents.c.id.in_(ids))
    with engine.connect() as conn:
        return {
            r.id: LinkedArticle(r.id, r.title, r.publisher, r.published)
            for r in conn.execute(query)
        }


def story_title(engine: Engine, story_id: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(stories.c.title).where(stories.c.id == story_id)).scalar() or ""
