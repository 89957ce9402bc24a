"""From a parsed document to :class:`Claim` records: spans, hedge, chain, names, numbers, times."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, replace

from wiredesk.claims import cues
from wiredesk.claims.assertions import outlet_assertions
from wiredesk.claims.attribution import (
    RELATIVE_PRONOUNS,
    Attribution,
    Ranges,
    contains,
    cue_lemma,
    document_attributions,
    is_negated,
    nesting_scope,
    source_ranges,
)
from wiredesk.claims.chain import NameBook, dedupe_consecutive, normalise_name
from wiredesk.claims.hedging import (
    denies_a_statement,
    hedge_of,
    polarity_of,
    said_were,
    states_proposition,
)
from wiredesk.claims.mentions import named_in
from wiredesk.claims.quantities import quantities_in
from wiredesk.claims.times import future_time_expressions, time_expressions
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
        and contains(nesting_scope(other), attribution.cue_head)
    ]
    return min(holders, key=lambda a: _size(nesting_scope(a))) if holders else None


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
        named = named_source(doc, attribution.source)
        source = book.resolve(
            range_text(doc, named),
            _char(doc, named),
            _label(doc, named),
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
        if (
            outer_resolved is not None
            and attribution.kind == "verb"
            and contains(outer.content, attribution.cue_head)
        ):
            # "X said that it believed ...": one claim of X, hedged; "Kim hopes ..." inside
            # someone else's claim reports a state of mind, not a statement passed on. One
            # outside the content as the span model reads it stands as a claim of its own,
            # though its chain runs through the outer one.
            same_origin = name.lower() == outer_resolved.source_name.lower()
            keep = not same_origin and attribution.cue_lemma not in cues.MENTAL_VERBS
        resolved[i] = Resolved(via=via, source_name=name, source_type=origin.kind, keep=keep)
    return resolved


def named_source(doc, source: Ranges) -> Ranges:
    """Where a source is named: a lone relative pronoun, as the span model reads PolNeAR's
    sources ("the host, who dismissed the story"), stands for the noun its clause follows."""
    if len(source) == 1 and source[0][1] - source[0][0] == 1:
        pronoun = doc[source[0][0]]
        if pronoun.lower_ in RELATIVE_PRONOUNS and pronoun.head.dep_ == "relcl":
            return source_ranges(pronoun)
    return source


def _depth(i: int, outers: dict, index: dict) -> int:
    depth, outer = 0, outers[i]
    while outer is not None and depth < 10:
        depth += 1
        outer = outers[index[id(outer)]]
    return depth


def token_ranges(doc, extent: tuple[int, int] | None) -> Ranges:
    """The tokens covering a character extent, as one range; none for no extent."""
    if extent is None:
        return []
    tokens = doc.char_span(extent[0], extent[1], alignment_mode="expand")
    return [(tokens.start, tokens.end)] if tokens is not None and len(tokens) else []


def content_roots(doc, content: Ranges) -> list[int]:
    """Tokens of the content whose head lies outside it: the predicates hedging looks at."""
    inside = {i for start, end in content for i in range(start, end)}
    roots = [i for i in sorted(inside) if doc[i].head.i not in inside or doc[i].head.i == i]
    return [i for i in roots if not doc[i].is_punct] or sorted(inside)[:1]


def within_cue_sentence(doc, content: Ranges, cue: Ranges, rules: list[Attribution]) -> Ranges:
    """A content read before its cue ends with the cue's sentence where the next sentence is
    the outlet's own hedged statement ("reportedly", "is believed to": an implicit source the
    parse rules read): in "officials believe the troops could be training, the Times reported.
    Despite their training, they have reportedly been used as foot soldiers." the second
    sentence is not the Times' report going on."""
    if not content or not cue:
        return content
    start, end = content[0]
    sentence_end = doc[cue[0][0]].sent.end
    if start >= cue[0][0] or end <= sentence_end:
        return content
    if not any(sentence_end <= rule.cue_head < end and rule.kind == "implicit" for rule in rules):
        return content
    return [(start, cue[0][0])]


CUE_HEADS = frozenset({"VERB", "NOUN", "ADP", "PUNCT"})
SOURCE_NEGATORS = frozenset({"neither", "either"})  # "Neither X nor Y has confirmed": a polarity


def model_attributions(
    doc, predicted, rules: list[Attribution], prefer_rules: bool = False
) -> list[Attribution]:
    """Attributions with the span model's source, cue and content, in the parse's tokens.

    Where the parse rules found the same cue, their reading of what the spans do not say is
    kept: the kind of cue, who was told ("told AFP") and who was cited ("citing officials").
    With ``prefer_rules`` every rule attribution stands as the rules read it (they were built
    on the constructions of the seeds: chains, nested claims, anaphora), except its source and
    content where the model read the same cue (``with_model_spans``), and the model adds the
    cues the rules do not know. Without it the model's spans stand, and only two kinds
    come from the rules, which the model was not trained to find: the outlet's own hedged
    statements ("reportedly") and a quote going on in the next sentence with no cue of its
    own (PolNeAR annotates neither).
    """
    by_head = {a.cue_head: a for a in rules if a.kind != "continuation"}
    found = []
    for attribution in predicted:
        cue = token_ranges(doc, attribution.cue)
        if not cue:
            continue
        head = doc[cue[0][0] : cue[0][1]].root
        rule = next((by_head[i] for i in range(*cue[0]) if i in by_head), None)
        content = within_cue_sentence(doc, token_ranges(doc, attribution.content), cue, rules)
        found.append(
            Attribution(
                kind=rule.kind if rule else ("according" if head.lower_ == "according" else "verb"),
                cue_head=head.i,
                cue_lemma=rule.cue_lemma if rule else cue_lemma(head),
                cue=cue,
                content=content,
                source=without_negator(doc, token_ranges(doc, attribution.source)),
                recipient=rule.recipient if rule else [],
                cited=rule.cited if rule else [],
                content_heads=content_roots(doc, content) if content else [],
                negated_cue=is_negated(head),
            )
        )
    if prefer_rules:
        rules = [rule for rule in rules if seen_or_model_blind(doc, rule, found, rules)]
        rules = [with_model_spans(doc, rule, found, rules) for rule in rules]
        # A model cue inside what a rule attribution already reads ("citing officials" in its
        # chain, "told AFP") is part of that attribution, not one of its own.
        taken = [
            ranges
            for rule in rules
            for ranges in (rule.cue, rule.source, rule.recipient, *rule.cited)
        ]
        # One whose content wraps a rule attribution's source and cue is a misread of it; a
        # cue must be headed by a verb, a noun ("claims"), "according" (ADP) or a colon
        # ("Sanders: ..."): the model's rare misfires on an article or a place name go. A
        # "citing" cue belongs to the chain of an attribution in its sentence whose cited
        # source the rules read, and stands on its own elsewhere, as PolNeAR reads it.
        wrapped = [rule.cue + rule.source for rule in rules if rule.source]
        chained = {doc[rule.cue_head].sent.start for rule in rules if rule.cited}
        added = [
            a
            for a in found
            if not any(overlap(a.cue, ranges) for ranges in taken)
            and not any(covers(a.content, ranges) for ranges in wrapped)
            and not (a.cue_lemma in cues.CHAIN_VERBS and doc[a.cue_head].sent.start in chained)
            and doc[a.cue_head].pos_ in CUE_HEADS
        ]
        return sorted(rules + added, key=lambda a: a.cue_head)
    model_only = list(found)
    for rule in rules:
        # An implicit cue is its own; a continuation shares its quote's cue, so its content
        # tells whether the model already has it.
        part = "cue" if rule.kind == "implicit" else "content"
        if rule.kind in ("implicit", "continuation") and not any(
            overlap(getattr(rule, part), getattr(a, part)) for a in model_only
        ):
            found.append(rule)
    return sorted(found, key=lambda a: a.cue_head)


# Double quotation marks only: a single one is as often an apostrophe ("Clinton's").
DOUBLE_QUOTES = '"“”'


def seen_or_model_blind(
    doc, rule: Attribution, found: list[Attribution], rules: list[Attribution]
) -> bool:
    """Whether a rule attribution stands in combined mode: the span model read the same cue,
    or the rule reads a construction the model is blind to. The rules' other cues are mostly
    misreadings, or nested in a quotation ('"I think we will win," he said'), which PolNeAR
    does not annotate. The model's blind spots: what is no attribution verb (the outlet's
    hedged statements, "is believed to", a quote going on with no cue: ``kind``), "what he
    said were" (a description the writer distances itself from) and a claim a named source
    makes inside another's content, outside quotation marks ("officials believe the dam could
    fail, the Courier reported"): the chains run through those. A quote going on past its
    cue's sentence goes on as far as the model's content of that cue reaches, where it reads
    one: the parse cannot tell where the quoted speaker stops.
    """
    if rule.kind == "continuation":
        twin = next((a for a in found if a.content and overlap(a.cue, rule.cue)), None)
        return twin is None or covers(twin.content, rule.content)
    if rule.kind not in ("verb", "according") or any(overlap(a.cue, rule.cue) for a in found):
        return True
    return said_were(doc, rule) or reported_inside(doc, rule, [*rules, *found])


def reported_inside(doc, rule: Attribution, others: list[Attribution]) -> bool:
    """Whether ``rule`` is a named source's claim inside another's content, not in a quote."""
    if not rule.source or not any(
        contains(other.content, rule.cue_head) for other in others if other is not rule
    ):
        return False
    source = doc[rule.source[0][0] : rule.source[-1][1]].root
    cue = doc[rule.cue_head]
    before = doc[cue.sent.start : cue.i].text
    quoted = sum(before.count(mark) for mark in DOUBLE_QUOTES) % 2 == 1
    return source.pos_ in ("PROPN", "NOUN") and not quoted


def with_model_spans(
    doc, rule: Attribution, found: list[Attribution], rules: list[Attribution]
) -> Attribution:
    """``rule`` with the source and content the span model gives the same cue, where it
    gives them; the rules keep who was told and who was cited, and their source where the
    model reads none.

    The rules end a content at the clause the parse gives and take a source from the parse's
    subject, the model both where annotators do: on PolNeAR train the model's source and
    content of a shared cue beat the rules' (``benchmarks/bench_claims.py``), nested claims
    included. A model content that runs across its own cue ('"X," he said. "Y."' as one
    extent) keeps what the cue reports (``reported_by_cue``), and its hedge and polarity are
    read in the cue's sentence: a quote going on past it has a claim of its own. The rules'
    content stays for a continuation (the model's attribution of its cue holds the quote
    before it) and where the model's content takes in the source but not the cue. Claims
    nested in either reading stay nested (``scope``): the chains run through the parse's
    clause ("X claim ..., according to the newspaper") where the model ends the content
    before it.
    """
    if rule.kind not in ("verb", "according"):
        return rule
    twin = next((a for a in found if overlap(a.cue, rule.cue)), None)
    if twin is None:
        return rule
    if twin.source:
        rule = replace(rule, source=twin.source)
    if not twin.content or twin.content == rule.content:
        return rule
    content = twin.content
    if overlap(content, rule.cue):
        going_on = [
            piece
            for other in rules
            if other.kind == "continuation" and other.cue == rule.cue
            for piece in other.content
        ]
        content = [
            (a, b)
            for a, b in without(reported_by_cue(doc, twin.content, rule), going_on)
            if not all(t.is_punct for t in doc[a:b])
        ]
        sentence = doc[rule.cue_head].sent
        read_from = [
            (max(a, sentence.start), min(b, sentence.end))
            for a, b in content
            if a < sentence.end and sentence.start < b
        ]
        if not read_from:
            return rule
    elif overlap(content, rule.source):
        return rule
    else:
        read_from = content
    scope = nesting_scope(rule) + content
    return replace(rule, content=content, content_heads=content_roots(doc, read_from), scope=scope)


def reported_by_cue(doc, content: Ranges, rule: Attribution) -> Ranges:
    """What a model content that runs across its own cue reports, without the cue, the source
    and who was told. Where the report heads its sentence ("X, the agency told AFP on Tuesday,
    coming after Kyiv claimed ..."), what follows the cue in that sentence is the report's own
    circumstance ("said in a statement"), unless the parse also reads it as the content or a
    quotation is taken up again ('"We will," she said in May, "and soon."'). A cue set inside
    the statement ("The plan, she said, would fail") leaves it whole, and a quote going on in
    the next sentences stays, as PolNeAR annotates it.
    """
    cue = doc[rule.cue_head]
    pieces = without(content, rule.cue + rule.source + rule.recipient)
    if cue.dep_ != "ROOT":
        return pieces
    sentence_end = cue.sent.end
    pieces = [cut for a, b in pieces for cut in split_at(a, b, sentence_end)]
    kept = [
        (a, b)
        for a, b in pieces
        if a < cue.i
        or a >= sentence_end
        or overlap([(a, b)], rule.content)
        or any(t.text in DOUBLE_QUOTES for t in doc[a : b - 1])  # not a quote left open
    ]
    return without(kept, [])  # pieces cut at the sentence's end and both kept join again


def split_at(start: int, end: int, cut: int) -> Ranges:
    return [(start, cut), (cut, end)] if start < cut < end else [(start, end)]


def without(ranges: Ranges, holes: Ranges) -> Ranges:
    """``ranges`` with the tokens of ``holes`` taken out."""
    taken = {i for a, b in holes for i in range(a, b)}
    kept = [i for a, b in ranges for i in range(a, b) if i not in taken]
    pieces: Ranges = []
    for i in kept:
        if pieces and pieces[-1][1] == i:
            pieces[-1] = (pieces[-1][0], i + 1)
        else:
            pieces.append((i, i + 1))
    return pieces


def without_negator(doc, source: Ranges) -> Ranges:
    if source and doc[source[0][0]].lower_ in SOURCE_NEGATORS and source[0][1] - source[0][0] > 1:
        return [(source[0][0] + 1, source[0][1])]
    return source


def covers(outer: Ranges, inner: Ranges) -> bool:
    """Whether every range of ``inner`` lies inside the extent of ``outer``."""
    return bool(outer) and all(outer[0][0] <= a and b <= outer[-1][1] for a, b in inner)


def overlap(left: Ranges, right: Ranges) -> bool:
    return any(a < d and c < b for a, b in left for c, d in right)


def relative_clause(token):
    """The relative clause ``token`` stands in ("forces, which were believed to ..."), if any,
    without climbing out of the clause that holds it."""
    for candidate in (token, *token.ancestors):
        if candidate.dep_ in ("relcl", "acl"):
            return candidate
        if candidate.dep_ in ("ROOT", "ccomp", "conj"):
            return None
    return None


def denies(attribution: Attribution) -> bool:
    lemma = attribution.cue_lemma
    return cues.REPORTING_VERBS.get(lemma) == "denied" or (
        attribution.negated_cue and lemma in cues.CONFIRMATION_VERBS
    )


def denial_of_a_thing(doc, attribution: Attribution) -> bool:
    """ "denied shelling Durn", "denied any role", "rejected the allegations": a denial
    states that something is not so even of a noun phrase, where a confirmation withheld
    ("would not confirm his name"), a thing refused ("denied him bail") or a worry waved away
    ("dismissed the concerns") states nothing (``hedging.denies_a_statement``)."""
    return cues.REPORTING_VERBS.get(attribution.cue_lemma) == "denied" and denies_a_statement(
        doc, attribution.content
    )


def end_before_attributed_clauses(doc, found: list[Attribution]) -> None:
    """A denial whose content ends in a relative clause carrying an attribution of its own
    ends before that clause: in "neither has acknowledged the presence of the forces, which
    were believed to be assisting Russia", what is denied is the presence, and the belief is
    the outlet's. (A claim that is passed on keeps its clause: "reportedly supplying shells,
    which are believed to account for half" reports the half too.)"""
    for outer in (a for a in found if denies(a)):
        for inner in found:
            if inner is outer or not contains(outer.content, inner.cue_head):
                continue
            clause = relative_clause(doc[inner.cue_head])
            if clause is None:
                continue
            first, last = outer.content[0][0], outer.content[-1][1]
            start = clause.left_edge.i
            if not first < start < last or clause.right_edge.i < last - 2:
                continue
            while start > first and (doc[start - 1].is_punct or doc[start - 1].is_space):
                start -= 1
            outer.content = [(a, min(b, start)) for a, b in outer.content if a < start]
            outer.content_heads = [h for h in outer.content_heads if contains(outer.content, h)]


def claims_from_doc(
    doc, publisher: str = "", predicted=None, prefer_rules: bool = False
) -> list[Claim]:
    """Every claim of a parsed document, in text order of their cues; the outlet's own
    statements (``assertions.py``) at their sentences.

    ``predicted``: the span model's attributions for this text (``span_model.py``); without
    them the parse rules alone find the spans. ``prefer_rules``: see ``model_attributions``.
    """
    found = document_attributions(doc)
    if predicted is not None:
        found = model_attributions(doc, predicted, found, prefer_rules)
    end_before_attributed_clauses(doc, found)
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
        places, entities = named_in(doc, attribution.content)
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
                future_times=future_time_expressions(sentence, times, attribution.source),
                sentence=spans(doc, [(sentence.start, sentence.end)])[0],
                places=places,
                entities=entities,
                proposition=states_proposition(doc, attribution.content)
                or denial_of_a_thing(doc, attribution),
            )
        )
    # Merged in, not sorted: a continuation shares its quote's cue, so the attributions'
    # own order is not the order of their cues' offsets.
    return list(heapq.merge(claims, outlet_assertions(doc, found, publisher), key=text_position))


def text_position(claim: Claim) -> int:
    """Where a claim is read from: its cue, or for the outlet's own statement its content."""
    spans = claim.cue or claim.content
    return spans[0].start if spans else 0
