"""From a parsed document to :class:`Claim` records: spans, hedge, chain, names, numbers, times."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wiredesk.claims import cues
from wiredesk.claims.attribution import Attribution, Ranges, contains, document_attributions
from wiredesk.claims.chain import NameBook, dedupe_consecutive, normalise_name, time_expressions
from wiredesk.claims.hedging import hedge_of, polarity_of
from wiredesk.claims.quantities import quantities_in
from wiredesk.records import Claim, Span

# A wire dateline opening a paragraph: "WASHINGTON (AP) — ", "NEW YORK, Dec. 11 (UPI) — ",
# "HALVIK, March 4 (NPA) - ".  The parser takes its place name for the subject of the
# sentence's reporting verb, so the claims parse never sees it.
DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*"
    r"(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"(?: \([^()\n]{1,40}\))? ?[-—–]{1,2} "
)


def mask_datelines(text: str) -> str:
    """``text`` with paragraph-opening datelines blanked, every offset unchanged."""
    return DATELINE.sub(lambda m: " " * len(m.group()), text)


def spans(doc, ranges: Ranges) -> list[Span]:
    """Character spans of token ranges."""
    found = []
    for start, end in ranges:
        first, last = doc[start], doc[end - 1]
        char_start, char_end = first.idx, last.idx + len(last.text)
        found.append(Span(start=char_start, end=char_end, text=doc[start:end].text))
    return found


def range_text(doc, ranges: Ranges) -> str:
    if not ranges:
        return ""
    return doc[ranges[0][0] : ranges[-1][1]].text


def _char(doc, ranges: Ranges) -> int:
    return doc[ranges[0][0]].idx if ranges else 0


def _label(doc, ranges: Ranges) -> str:
    """The entity label of a span's head word, when it has one."""
    if not ranges:
        return ""
    tokens = doc[ranges[0][0] : ranges[-1][1]]
    return tokens.root.ent_type_


def _size(ranges: Ranges) -> int:
    return sum(end - start for start, end in ranges)


def outer_of(attribution: Attribution, found: list[Attribution]) -> Attribution | None:
    """The innermost other attribution whose content holds this one's cue."""
    holders = [
        other
        for other in found
        if other is not attribution
        and other.kind != "continuation"
        and contains(other.content, attribution.cue_head)
    ]
    return min(holders, key=lambda a: _size(a.content)) if holders else None


def untagged_people(doc) -> list[tuple[str, int]]:
    """Proper-noun subjects the entity recogniser left untagged: most often people.

    A leading title ("Mayor", "Gen.") is left out so later mentions match the name.
    """
    found = []
    for token in doc:
        if token.dep_ != "nsubj" or token.pos_ != "PROPN" or token.ent_type_:
            continue
        words = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [token]
        while len(words) > 2 and words[0].lower_.rstrip(".") in cues.PERSON_TITLES:
            words = words[1:]
        if len(words) >= 2 and words[0].i + len(words) - 1 == token.i:
            found.append((doc[words[0].i : token.i + 1].text, words[0].idx))
    return found


def name_book(doc) -> NameBook:
    """A document's names, proper sources and organisations first so later look-ups find them."""
    people = [(e.text, e.start_char) for e in doc.ents if e.label_ == "PERSON"]
    people += untagged_people(doc)
    book = NameBook(doc.text, sorted(people, key=lambda p: p[1]))
    for entity in doc.ents:
        if entity.label_ == "ORG":
            book.add(entity.text, entity.start_char, "ORG")
    return book


@dataclass(slots=True)
class Resolved:
    """Where an attribution's claim comes from: its chain, origin name and origin type."""

    via: list[str]
    source_name: str
    source_type: str
    keep: bool = True


def _unattributed(publisher: str) -> Resolved:
    return Resolved(
        via=[publisher] if publisher else [], source_name=publisher, source_type="unattributed"
    )


def resolve_sources(doc, found: list[Attribution], publisher: str) -> dict[int, Resolved]:
    """Chains and names for every attribution (keyed by position in ``found``).

    Outer attributions are resolved first so that a nested one ("U.S. officials believe X,
    NYT reported") continues its outer chain.
    """
    book = name_book(doc)
    for attribution in found:
        if attribution.source:
            text = range_text(doc, attribution.source)
            book.add(text, _char(doc, attribution.source), _label(doc, attribution.source))
    index = {id(a): i for i, a in enumerate(found)}
    outers = {i: outer_of(a, found) for i, a in enumerate(found)}
    depth = {i: _depth(i, outers, index) for i in range(len(found))}
    resolved: dict[int, Resolved] = {}
    for i in sorted(range(len(found)), key=lambda k: depth[k]):
        attribution = found[i]
        outer = outers[i]
        outer_resolved = resolved.get(index[id(outer)]) if outer is not None else None
        if not attribution.source:
            resolved[i] = _unattributed(publisher)
            continue
        base = list(outer_resolved.via) if outer_resolved else ([publisher] if publisher else [])
        links = []
        if attribution.recipient:
            recipient = book.resolve(
                range_text(doc, attribution.recipient), _char(doc, attribution.recipient)
            )
            if recipient.kind == "media":
                links.append(recipient.text)
        source = book.resolve(
            range_text(doc, attribution.source),
            _char(doc, attribution.source),
            _label(doc, attribution.source),
            outer=outer_resolved.via[-1] if outer_resolved and outer_resolved.via else "",
        )
        links.append(source.text)
        origin = source
        for cited in attribution.cited:
            if cited:
                origin = book.resolve(range_text(doc, cited), _char(doc, cited), _label(doc, cited))
                links.append(origin.text)
        via = dedupe_consecutive(base + links)
        name = normalise_name(origin.text)
        keep = True
        if outer_resolved is not None and attribution.kind == "verb":
            # "X said that it believed ...": one claim of X, hedged; "Kim hopes ..." inside
            # someone else's claim reports a state of mind, not a statement passed on.
            same_origin = name.lower() == outer_resolved.source_name.lower()
            keep = not same_origin and attribution.cue_lemma not in cues.MENTAL_VERBS
        resolved[i] = Resolved(via=via, source_name=name, source_type=origin.kind, keep=keep)
    return resolved


def _depth(i: int, outers: dict, index: dict) -> int:
    depth, outer = 0, outers[i]
    while outer is not None and depth < 10:
        depth += 1
        outer = outers[index[id(outer)]]
    return depth


def claims_from_doc(doc, publisher: str = "") -> list[Claim]:
    """Every claim of a parsed document, in text order of their cues."""
    found = document_attributions(doc)
    resolved = resolve_sources(doc, found, publisher)
    times = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    claims = []
    for i, attribution in enumerate(found):
        where = resolved[i]
        if not where.keep:
            continue
        # A quote that goes on past its cue's sentence has its own times.
        anchor = attribution.content_heads[0] if attribution.kind == "continuation" else None
        sentence = doc[attribution.cue_head if anchor is None else anchor].sent
        content_indices = [t for start, end in attribution.content for t in range(start, end)]
        claims.append(
            Claim(
                source=spans(doc, attribution.source),
                cue=spans(doc, attribution.cue),
                content=spans(doc, attribution.content),
                hedge=hedge_of(doc, attribution),
                polarity=polarity_of(doc, attribution),
                quantities=quantities_in(doc, content_indices),
                via=where.via,
                source_name=where.source_name,
                source_type=where.source_type,
                times=time_expressions(sentence, times, attribution.source),
                sentence=spans(doc, [(sentence.start, sentence.end)])[0],
            )
        )
    return claims
