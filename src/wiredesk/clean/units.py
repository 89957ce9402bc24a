"""The pieces the clean stage decides about: units (segments with what is known of them)."""

from __future__ import annotations

from dataclasses import dataclass

from wiredesk.clean.segments import Segment
from wiredesk.clean.shape import Shape
from wiredesk.records import Document


@dataclass(slots=True)
class Unit:
    """One segment of one paragraph, with what the stage learnt about it."""

    line: int
    segment: Segment
    key: str
    shape: Shape
    fragment: bool = False  # part of a sentence wrapped over lines
    wrapped: bool = False  # its line is prose wrapped over narrow lines
    repeated: bool = False  # its key occurs in another document
    recurring: bool = False  # ... in a document that is not a copy of this one
    site: str = ""  # the site whose other articles also hold it (site memory)
    site_pages: int = 0  # articles of that site holding it, this one included; 0: too few
    site_wide: bool = False  # ... so many that it is the site's boilerplate on its own
    removed: str = ""  # the removal reason; empty while kept


@dataclass(slots=True)
class Prepared:
    """A document after extraction and the per-document repairs, cut into units."""

    doc: Document
    lines: list[str]
    units: list[Unit]
    # The lines the line model takes for boilerplate; None where it did not score the page.
    unlikely_lines: frozenset[int] | None = None
