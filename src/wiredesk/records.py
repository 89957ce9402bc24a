"""The records that flow through every stage.

One :class:`Document` is created by ingest and carried, mutated in place, through
clean -> dedup -> stories -> claims; corpus-level results are :class:`Story` and
:class:`LedgerRow`.  Offsets in every :class:`Span` are character offsets into
``Document.text`` (the clean article), never into the raw input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Span:
    """A fragment of ``Document.text``: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Removal:
    """A piece of the input that the clean stage dropped, and why."""

    text: str
    reason: str


@dataclass(slots=True)
class Repair:
    """An edit the clean stage made to repair extraction damage, and why."""

    before: str
    after: str
    reason: str


@dataclass(slots=True)
class Quantity:
    """A number in a claim with its bounds: "more than 10,000 troops" -> lower=10000."""

    text: str
    value: float | None
    lower: float | None
    upper: float | None
    approximate: bool = False
    unit: str = ""
    counted: str = ""


@dataclass(slots=True)
class Time:
    """A time expression of a claim as written, and the days it covers when that is known:
    "since mid-January" published 2025-02-11 -> start 2025-01-11, end 2025-02-11."""

    text: str
    start: str | None = None  # ISO date of the first day covered
    end: str | None = None  # ISO date of the last day covered (included); None: open-ended
    resolved: bool = False  # False: relative with no publication date, or a duration


@dataclass(slots=True)
class Claim:
    """An attributed (or the outlet's own) statement in one document.

    ``via`` is the reporting chain from the publisher towards the origin, e.g.
    ``["The Moscow Times", "The New York Times", "anonymous Ukrainian and U.S. officials"]``.
    """

    source: list[Span]
    cue: list[Span]
    content: list[Span]
    hedge: str = "asserted"  # asserted | probable | possible | alleged | denied
    polarity: str = "positive"  # positive | negative
    quantities: list[Quantity] = field(default_factory=list)
    via: list[str] = field(default_factory=list)
    source_name: str = ""  # normalised source entity
    # agency | military | officials (unnamed) | named official | media | person | government |
    # unattributed (an implicit source: "is believed to") | outlet (the publisher's own
    # statement, with no source span and no cue: ``claims/assertions.py``)
    source_type: str = ""
    times: list[str] = field(default_factory=list)
    sentence: Span | None = None
    # ``times`` resolved against the publication date, one per expression, in the same order
    resolved_times: list[Time] = field(default_factory=list)
    # those of ``times`` whose verb is in a future form ("will meet on Friday")
    future_times: list[str] = field(default_factory=list)
    # named places (countries, cities, regions, sites) and other named entities (people,
    # organisations, groups, events) that the content mentions, as written, each once
    places: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    # whether the content says that something is so (a clause with a finite verb), not a
    # name, a thing withheld ("his identity") or a question ("why she left"): only a
    # proposition can be contradicted
    proposition: bool = True

    @property
    def origin(self) -> str:
        """The end of the reporting chain: who the claim comes from in the first place."""
        return self.via[-1] if self.via else self.source_name


@dataclass(slots=True)
class Difference:
    """What one version of an article has where another has something else.

    ``kind`` is figure (one number put for another), name (one name put for another) or
    figures (the numbers each text has that the other lacks, each side comma-separated).
    """

    kind: str
    this: str
    other: str


@dataclass(slots=True)
class Version:
    """A near-copy kept apart from a document because a figure or a name differs."""

    id: str
    similarity: float  # shingle Jaccard of the two texts
    differences: list[Difference] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One input document and everything the stages learn about it."""

    id: str
    raw: str
    raw_format: str = "text"  # text | html
    origin: str = ""  # where it was read from: path, or path:line for JSONL
    title: str = ""
    url: str = ""
    publisher: str = ""
    publisher_inferred: bool = False
    published: date | None = None
    # the day a crawler fetched the page (WARC-Date): the date of last resort, after the
    # page's own date, since crawls also fetch old articles
    fetched: date | None = None
    # clean
    text: str = ""
    removed: list[Removal] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    # ISO 639-1 code of the clean text and its probability; "" when too short or unsure to tell
    language: str = ""
    language_confidence: float = 0.0
    # dedup: every document gets a group; the canonical member holds the copies' ids
    dedup_group: str = ""
    canonical: bool = True
    copies: list[str] = field(default_factory=list)
    # near-copies not merged with this one because the difference is the news
    versions: list[Version] = field(default_factory=list)
    # why it was merged: on a copy {"canonical", "similarity" (shingle Jaccard with the
    # canonical), "match" (exact | near: how it was found)}; on a canonical with copies
    # {"copies": {id: similarity}}
    dedup_evidence: dict = field(default_factory=dict)
    # stories
    story: str = ""
    entities: list[str] = field(default_factory=list)
    # why it joined its story: nearest member, similarity, shared names and numbers, day gap
    story_evidence: dict = field(default_factory=dict)
    # claims
    claims: list[Claim] = field(default_factory=list)
    # set by a stage that drops the document from further processing
    skip_reason: str = ""
    # hash of the input as read (before any stage filled anything in): re-reading the same
    # input gives the same key, so a re-run can tell it is already stored
    input_key: str = ""


@dataclass(slots=True)
class Story:
    """Articles about one real-world event."""

    id: str
    title: str
    document_ids: list[str]
    first_published: date | None = None
    last_published: date | None = None
    entities: list[str] = field(default_factory=list)


@dataclass(slots=True)
class LedgerEntry:
    """One source's version of a ledger row: a claim of one document."""

    document_id: str
    claim_index: int
    publisher: str
    source_name: str
    origin: str
    hedge: str
    polarity: str
    quantities: list[Quantity]
    content: str
    published: date | None = None
    via: list[str] = field(default_factory=list)
    copy_of: str = ""  # for a copy's entry: the canonical document whose claim it carries
    times: list[Time] = field(default_factory=list)  # the claim's, resolved where known
    proposition: bool = True  # the claim's: whether its content can be contradicted


@dataclass(slots=True)
class LedgerRow:
    """Claims within one story about the same thing, with a verdict.

    ``verdict`` is agree | consistent | conflict | single-source.
    ``independent_sources`` counts distinct origins after collapsing copies and chains.
    """

    story: str
    topic: str
    entries: list[LedgerEntry]
    verdict: str
    independent_sources: int
    notes: list[str] = field(default_factory=list)
