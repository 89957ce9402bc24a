"""Records to plain JSON-able dicts and back: one mapping for the CLI, the store and exports."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any

from wiredesk.records import (
    Claim,
    Difference,
    Document,
    LedgerEntry,
    LedgerRow,
    Quantity,
    Removal,
    Repair,
    Span,
    Story,
    Time,
    Version,
)


def span_list(items: list[dict[str, Any]]) -> list[Span]:
    return [Span(int(s["start"]), int(s["end"]), str(s["text"])) for s in items]


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None


def plain(value: Any) -> Any:
    """``dataclasses.asdict`` for the records, several times faster: the records hold only
    dataclasses, lists, dicts and immutable scalars, so nothing needs asdict's deep copy (a
    run writes each of its claims twice: to the work cache and to the corpus)."""
    kind = type(value)
    if kind is list:
        return [plain(item) for item in value]
    if kind is dict:
        return {key: plain(item) for key, item in value.items()}
    names = _field_names(kind)
    if names is None:
        return value
    return {name: plain(getattr(value, name)) for name in names}


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    return plain(claim)


def claim_from_dict(data: dict[str, Any]) -> Claim:
    sentence = data.get("sentence")
    return Claim(
        source=span_list(data.get("source", [])),
        cue=span_list(data.get("cue", [])),
        content=span_list(data.get("content", [])),
        hedge=data.get("hedge", "asserted"),
        polarity=data.get("polarity", "positive"),
        quantities=[Quantity(**q) for q in data.get("quantities", [])],
        via=list(data.get("via", [])),
        source_name=data.get("source_name", ""),
        source_type=data.get("source_type", ""),
        times=list(data.get("times", [])),
        sentence=Span(**sentence) if sentence else None,
        resolved_times=[Time(**t) for t in data.get("resolved_times", [])],
        future_times=list(data.get("future_times", [])),
        places=list(data.get("places", [])),
        entities=list(data.get("entities", [])),
        proposition=data.get("proposition", True),
    )


def removals_from(items: list[dict[str, Any]]) -> list[Removal]:
    return [Removal(**r) for r in items]


def repairs_from(items: list[dict[str, Any]]) -> list[Repair]:
    return [Repair(**r) for r in items]


def story_to_dict(story: Story) -> dict[str, Any]:
    data = plain(story)
    data["first_published"] = iso(story.first_published)
    data["last_published"] = iso(story.last_published)
    return data


def ledger_row_to_dict(row: LedgerRow) -> dict[str, Any]:
    data = plain(row)
    for entry in data["entries"]:
        entry["published"] = iso(entry["published"])
    return data


def ledger_row_from_dict(data: dict[str, Any]) -> LedgerRow:
    entries = [
        LedgerEntry(
            **{
                **e,
                "quantities": [Quantity(**q) for q in e.get("quantities", [])],
                "published": from_iso(e.get("published")),
                "times": [Time(**t) for t in e.get("times", [])],
            }
        )
        for e in data["entries"]
    ]
    return LedgerRow(
        story=data["story"],
        topic=data["topic"],
        entries=entries,
        verdict=data["verdict"],
        independent_sources=data["independent_sources"],
        notes=list(data.get("notes", [])),
    )


def extract_output(doc: Document) -> dict[str, Any]:
    """The ``wiredesk extract`` contract."""
    return {
        "id": doc.id,
        "text": doc.text,
        "publisher": doc.publisher,
        "removed": plain(doc.removed),
        "repairs": plain(doc.repairs),
    }


def claims_output(doc: Document) -> dict[str, Any]:
    """The ``wiredesk claims`` contract, plus the normalised fields each claim carries."""
    return {"id": doc.id, "text": doc.text, "claims": [claim_to_dict(c) for c in doc.claims]}


def version_from_dict(data: dict[str, Any]) -> Version:
    return Version(
        id=data["id"],
        similarity=float(data["similarity"]),
        differences=[Difference(**d) for d in data.get("differences", [])],
    )


def dedup_output(doc: Document) -> dict[str, Any]:
    """The ``wiredesk dedup`` contract: the group, plus why copies were merged and which
    near-copies were kept apart as versions."""
    return {
        "id": doc.id,
        "group": doc.dedup_group,
        "canonical": doc.canonical,
        "evidence": doc.dedup_evidence,
        "versions": plain(doc.versions),
    }


def cluster_output(doc: Document) -> dict[str, Any]:
    """The ``wiredesk cluster`` contract: the story, plus why the article joined it."""
    return {"id": doc.id, "story": doc.story, "evidence": doc.story_evidence}
