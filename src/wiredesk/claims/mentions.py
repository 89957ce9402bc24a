"""The places and other named entities a claim's content mentions, from the entity recogniser."""

from __future__ import annotations

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "EVENT", "PRODUCT", "LAW"})

Ranges = list[tuple[int, int]]


def named_in(doc, ranges: Ranges) -> tuple[list[str], list[str]]:
    """The places and the other named entities wholly inside the token ``ranges``, as
    written, each once, in text order."""
    places: dict[str, None] = {}
    entities: dict[str, None] = {}
    for entity in doc.ents:
        if not any(start <= entity.start and entity.end <= end for start, end in ranges):
            continue
        text = " ".join(entity.text.split())
        if entity.label_ in PLACE_LABELS:
            places.setdefault(text)
        elif entity.label_ in ENTITY_LABELS:
            entities.setdefault(text)
    return list(places), list(entities)
