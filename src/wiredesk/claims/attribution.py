"""Source, cue and content spans from the dependency parse of one sentence.

Everything here works on token indices of a spaCy ``Doc``; a span is a list of half-open
``(start, end)`` token ranges so that one span can have several fragments.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from wiredesk.claims import cues

Ranges = list[tuple[int, int]]

QUOTES = frozenset("\"'“”‘’«»")
_CONTENT_DEPS = ("ccomp", "parataxis")
# Clause relations by which a reporting verb can hang off the clause it reports ("X, Y said").
_INVERTED_DEPS = ("ccomp", "parataxis", "advcl", "conj", "dep")
_MAX_QUOTE_RUN = 250  # tokens a quotation may run on past its first sentence
_SPEAKER_PRONOUNS = frozenset({"i", "you", "we"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_MAX_COLON_SOURCE = 6  # longer text before a colon is a sentence, not a name
_COORD_DETS = frozenset({"neither", "either", "both"})
_CLAUSE_BREAKS = frozenset({",", "—", "–", ":", "--"})


@dataclass(slots=True)
class Attribution:
    """One attribution found in a parse, before chains and names are resolved."""

    kind: str  # verb | according | implicit | continuation
    cue_head: int  # token index of the cue's main word
    cue_lemma: str
    cue: Ranges
    content: Ranges
    source: Ranges = field(default_factory=list)
    recipient: Ranges = field(default_factory=list)  # "told AFP"
    cited: list[Ranges] = field(default_factory=list)  # "citing officials"
    content_heads: list[int] = field(default_factory=list)  # predicates of the content
    negated_cue: bool = False
    # Where claims nested in this one are found, when more than its content: the parse's
    # clause, kept when the span model's reading of the content replaces it (``extract.py``).
    scope: Ranges = field(default_factory=list)


def nesting_scope(attribution: Attribution) -> Ranges:
    """The tokens whose cues are claims nested in ``attribution``."""
    return attribution.scope or attribution.content


def cue_lemma(token) -> str:
    """The lexicon lemma of ``token``, repairing what the small model's lemmatiser misses."""
    text = token.text.lower()
    if text in cues.IRREGULAR_FORMS:
        return cues.IRREGULAR_FORMS[text]
    lemma = token.lemma_.lower()
    if lemma in cues.REPORTING_VERBS:
        return lemma
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("d", "")):
        if text.endswith(suffix) and text[: -len(suffix)] + repl in cues.REPORTING_VERBS:
            return text[: -len(suffix)] + repl
    if text.endswith("ing"):
        for stem in (text[:-3], text[:-3] + "e"):
            if stem in cues.REPORTING_VERBS:
                return stem
    return lemma


def runs(indices: Iterable[int]) -> Ranges:
    """Consecutive runs of token indices as half-open ranges."""
    ranges: Ranges = []
    for i in sorted(set(indices)):
        if ranges and ranges[-1][1] == i:
            ranges[-1] = (ranges[-1][0], i + 1)
        else:
            ranges.append((i, i + 1))
    return ranges


def subtree_indices(token, exclude: Iterable = ()) -> set[int]:
    """Indices of ``token``'s subtree without the subtrees of ``exclude``."""
    indices = {t.i for t in token.subtree}
    for other in exclude:
        indices -= {t.i for t in other.subtree}
    return indices


def trim(doc, indices: set[int], keep_quotes: bool = True) -> Ranges:
    """Ranges of ``indices`` without whitespace or edge punctuation (quotes kept if paired)."""
    ordered = sorted(indices)

    def droppable(i: int) -> bool:
        token = doc[i]
        if token.is_space:
            return True
        if keep_quotes and token.text in QUOTES:
            return False
        return token.is_punct or (token.dep_ in ("cc", "prep") and token.i == ordered[-1])

    while ordered and droppable(ordered[0]):
        ordered.pop(0)
    while ordered and droppable(ordered[-1]):
        ordered.pop()
    if keep_quotes and ordered:
        ordered = _balance_quotes(doc, ordered)
    return runs(ordered)


def _balance_quotes(doc, ordered: list[int]) -> list[int]:
    """Drop an edge quote mark that has no partner inside the span."""
    quote_count = sum(1 for i in ordered if doc[i].text in QUOTES)
    if quote_count % 2 == 0:
        return ordered
    if doc[ordered[-1]].text in QUOTES:
        return [i for i in ordered[:-1] if not doc[i].is_space] or ordered
    if doc[ordered[0]].text in QUOTES:
        return ordered[1:]
    return ordered


def extend_to_quotes(doc, indices: set[int], sentence) -> set[int]:
    """Add the quote marks that open and close a quoted content around it."""
    if not indices:
        return indices
    first, last = min(indices), max(indices)
    before, after = first - 1, last + 1
    while after < sentence.end and doc[after].is_punct and doc[after].text not in QUOTES:
        after += 1
    if before >= sentence.start and doc[before].text in QUOTES:
        indices = indices | {before}
        if after < sentence.end and doc[after].text in QUOTES:
            indices = indices | set(range(last + 1, after + 1))
    return indices


def open_quote_start(doc, first: int) -> int | None:
    """Where a quotation that is still open at token ``first`` began, within its paragraph.

    A quote of several sentences before its cue ('"A. B," she said') starts sentences before
    the cue's own sentence.
    """
    curly_balance, straight, last_curly, last_straight = 0, 0, None, None
    for i in range(first - 1, -1, -1):
        token = doc[i]
        if "\n" in token.text or "\n" in token.whitespace_:
            break
        if token.text == "“":
            curly_balance += 1
            last_curly = i if last_curly is None else last_curly
        elif token.text == "”":
            curly_balance -= 1
        elif token.text == '"':
            straight += 1
            last_straight = i if last_straight is None else last_straight
    if curly_balance > 0:
        return last_curly
    if straight % 2 == 1:
        return last_straight
    return None


def extend_quote_back(doc, indices: set[int]) -> set[int]:
    """A quoted content that ends its quotation reaches back to where the quotation opened."""
    if not indices:
        return indices
    last = max(indices)
    closing = [i for i in range(last - 1, min(last + 3, len(doc))) if doc[i].text in QUOTES]
    if not closing:
        return indices
    start = open_quote_start(doc, min(indices))
    if start is None or start >= min(indices):
        return indices
    return indices | set(range(start, min(indices)))


def extend_quote_forward(doc, indices: set[int]) -> set[int]:
    """A quotation opened in the content and not closed there runs on to its closing mark,
    within the paragraph: 'He said: "Let's go. We can win."' is one content."""
    first, last = min(indices), max(indices)
    opening = first - 1 if first > 0 and doc[first - 1].text in QUOTES else first
    marks = [doc[i].text for i in range(opening, last + 1) if doc[i].text in QUOTES]
    curly_open = marks.count("“") > marks.count("”")
    straight_open = marks.count('"') % 2 == 1
    if not (curly_open or straight_open):
        return indices
    closing = "”" if curly_open else '"'
    for i in range(last + 1, min(len(doc), last + _MAX_QUOTE_RUN)):
        token = doc[i]
        if token.text == closing:
            return indices | set(range(last + 1, i + 1))
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            break
    return indices


def cue_range(token) -> Ranges:
    """The cue verb with its auxiliaries and negation that stand right before it."""
    start = token.i
    for child in reversed(list(token.lefts)):
        if child.i == start - 1 and child.dep_ in ("aux", "auxpass", "neg", "advmod"):
            start = child.i
        else:
            break
    end = token.i + 1
    for child in token.rights:
        if child.i == end and child.dep_ == "prt":
            end += 1
    return [(start, end)]


def subject_of(token):
    """The subject of a verb, inherited through conjunction and participle clauses."""
    for _ in range(3):
        for child in token.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child
        if token.dep_ in ("conj", "advcl", "xcomp") and token.head.i != token.i:
            token = token.head
        else:
            return None
    return None


def is_negated(token) -> bool:
    """A verb negated by its own ``not``/``never`` or by a "neither ... nor" subject."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    subject = subject_of(token)
    return subject is not None and any(
        c.lower_ in ("neither", "no") for c in subject.children if c.dep_ in ("det", "preconj")
    )


def _content_child(token):
    """The clause a reporting verb introduces, if any."""
    for child in token.children:
        if child.dep_ in _CONTENT_DEPS:
            return child
    for child in token.children:
        # "claimed to have captured"
        if (
            child.dep_ == "xcomp"
            and cue_lemma(token) in cues.XCOMP_CUES
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        ):
            return child
    for child in token.rights:
        # 'said: "Let them come."': a quoted imperative parsed as xcomp
        if child.dep_ == "xcomp" and any(
            t.text in QUOTES or t.text == ":" for t in token.doc[token.i + 1 : child.left_edge.i]
        ):
            return child
    for child in token.children:
        # "asked if he would run": an embedded question
        if child.dep_ == "advcl" and any(c.lower_ in ("if", "whether") for c in child.children):
            return child
    for child in token.lefts:
        # '"Since January, it appears ...," the agency said': a fronted quote parsed as advcl
        if child.dep_ == "advcl" and _has_comma_between(child, token):
            return child
    return None


def _cue_preposition(token, lemma: str):
    """The preposition that completes a prepositional cue ("call for"), right after the verb
    or its particle, when it has an object."""
    allowed = cues.PREPOSITIONAL_CUES.get(lemma)
    if not allowed:
        return None
    for child in token.rights:
        near = child.dep_ == "prep" and child.lower_ in allowed and child.i <= token.i + 2
        if near and any(c.dep_ in ("pobj", "pcomp") for c in child.children):
            return child
    return None


def _naming_complement(token):
    """ "called the plan a disgrace": the object and what it is called, or None."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    complements = [c for c in token.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr")]
    if not objects or not complements:
        return None
    return objects[0], complements[0]


def _has_comma_between(left, right) -> bool:
    doc = left.doc
    return any(doc[i].text in {",", "—", "–"} for i in range(left.right_edge.i + 1, right.i))


def _inverted_host(token):
    """For "X, officials said" parsed with "said" under X's verb: that verb."""
    head = token.head
    if head.i == token.i or token.dep_ not in _INVERTED_DEPS or head.i > token.i:
        return None
    words = [t for t in token.subtree if not (t.is_punct or t.is_space)]
    first = words[0] if words else token
    if first.i == 0:
        return None
    before = first.nbor(-1)
    return head if before.text in _CLAUSE_BREAKS or before.text in QUOTES else None


def verb_attribution(token, sentence) -> Attribution | None:
    """An attribution whose cue is the reporting verb ``token``, or None."""
    if token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound"):
        return None
    if token.dep_ == "acl":
        return None  # "soldiers believed to have been sent": implicit source, see below
    lemma = cue_lemma(token)
    if lemma not in cues.REPORTING_VERBS:
        return None
    doc = token.doc
    if any(c.dep_ == "auxpass" for c in token.children):
        return None  # passives ("is believed to") have an implicit source: see implicit_attribution
    subject = subject_of(token)
    content_token = _content_child(token)
    content: set[int] = set()
    heads: list[int] = []
    exclude = [c for c in token.children if cues_chain_child(c)]
    naming = _naming_complement(token) if lemma in cues.NAMING_VERBS else None
    preposition = _cue_preposition(token, lemma)
    cue = cue_range(token)
    if naming is not None:
        content = subtree_indices(naming[0]) | subtree_indices(naming[1])
        heads = [naming[1].i]
    elif content_token is None and preposition is not None:
        # "called for a ban", "pointed to the polls": the preposition is part of the cue
        objects = [c for c in preposition.children if c.dep_ in ("pobj", "pcomp")]
        content = subtree_indices(objects[0])
        content |= {t.i for c in token.rights if c.dep_ == "xcomp" for t in c.subtree}
        heads = [objects[0].i]
        cue = [(cue[0][0], preposition.i + 1)]
    elif content_token is not None:
        content = subtree_indices(content_token)
        heads = [content_token.i]
    else:
        host = _inverted_host(token)
        if host is not None and subject is not None:
            content = subtree_indices(host, exclude=[token, *_clause_chain_children(host)])
            content -= {t.i for t in host.children if t.dep_ == "punct" and t.i > token.i}
            heads = [host.i]
        elif lemma in cues.NOUN_CONTENT_VERBS:
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if objects:
                content = subtree_indices(objects[0])
                heads = [objects[0].i]
    if not content:
        return None
    content = extend_to_quotes(doc, content, sentence) - according_phrases(sentence)
    if content and max(content) < token.i:
        content = extend_quote_back(doc, content)
    elif content:
        content = extend_quote_forward(doc, content)
    source = source_ranges(subject) if subject is not None else []
    if subject is not None and subject.i in content:
        return None  # the subject belongs to the reported clause: not an attribution of ours
    if subject is not None and subject.lower_ in _SPEAKER_PRONOUNS and lemma in cues.OPINION_VERBS:
        return None  # "I think", "you know" inside a quote hedge the speaker's own words
    recipient = (
        [c for c in token.children if c.dep_ in ("dobj", "dative") and c.i not in content]
        if lemma == "tell"
        else []
    )
    return Attribution(
        kind="verb",
        cue_head=token.i,
        cue_lemma=lemma,
        cue=cue,
        content=trim(doc, content - _indices(exclude)),
        source=source,
        recipient=trim(doc, subtree_indices(recipient[0]), keep_quotes=False) if recipient else [],
        cited=[_cited_range(c) for c in exclude],
        content_heads=heads,
        negated_cue=is_negated(token),
    )


def source_ranges(subject) -> Ranges:
    """A subject's name: without a leading "neither" (the cue carries that), a relative or
    participle clause set off after it, or a time ("Trump at the time"); a relative pronoun
    stands for the noun it follows ("officials who said" -> "officials")."""
    verb = subject.head
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        indices = subtree_indices(verb.head, exclude=[verb])
        subject = verb.head
    else:
        indices = subtree_indices(subject)
    for child in subject.children:
        if child.dep_ in ("det", "preconj") and child.lower_ in _COORD_DETS:
            indices.discard(child.i)
        elif (child.dep_ in ("relcl", "acl", "advcl", "parataxis") and child.i > subject.i) or (
            child.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree)
        ):
            indices -= {t.i for t in child.subtree}
    return trim(subject.doc, indices, keep_quotes=False)


def _indices(tokens) -> set[int]:
    found: set[int] = set()
    for token in tokens:
        found |= {t.i for t in token.subtree}
    return found


def cues_chain_child(token) -> bool:
    """A "citing X" / "quoting X" participle clause hanging off a cue."""
    return token.dep_ in ("advcl", "xcomp", "conj") and token.lemma_.lower() in cues.CHAIN_VERBS


def _clause_chain_children(host) -> list:
    return [c for c in host.children if cues_chain_child(c)]


def _cited_range(chain_token) -> Ranges:
    objects = [c for c in chain_token.children if c.dep_ in ("dobj", "pobj", "attr")]
    if not objects:
        return []
    return trim(chain_token.doc, subtree_indices(objects[0]), keep_quotes=False)


def according_phrases(sentence) -> set[int]:
    """Token indices of the "according to X" phrases of a sentence: never part of a content."""
    found: set[int] = set()
    for token in sentence:
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            found |= {t.i for t in token.subtree}
            if token.i > sentence.start and token.nbor(-1).text in _CLAUSE_BREAKS:
                found.add(token.i - 1)
    return found


def according_attribution(token, sentence) -> Attribution | None:
    """ "according to X": the source is X, the content the rest of the clause."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    doc = token.doc
    phrase = {t.i for t in token.subtree}
    at_edge = min(phrase) <= sentence.start + 1 or all(
        doc[i].is_punct or doc[i].is_space for i in range(max(phrase) + 1, sentence.end)
    )
    scope = sentence.root if at_edge else token.head
    content = subtree_indices(scope) - phrase
    heads = [scope.i]
    return Attribution(
        kind="according",
        cue_head=token.i,
        cue_lemma="according to",
        cue=[(token.i, to.i + 1)],
        content=trim(doc, content),
        source=trim(doc, subtree_indices(objects[0]), keep_quotes=False),
        content_heads=heads,
    )


def colon_attribution(token, sentence) -> Attribution | None:
    """Headline style "Name: statement": a short name, a colon, what the name said."""
    if token.text != ":" or token.i - sentence.start > _MAX_COLON_SOURCE:
        return None
    name = [t for t in sentence.doc[sentence.start : token.i] if not t.is_space]
    rest = [t for t in sentence.doc[token.i + 1 : sentence.end] if not t.is_space]
    if not name or len(rest) < 3 or any(t.pos_ in ("VERB", "AUX") for t in name):
        return None
    if not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG") for t in name):
        return None
    doc = token.doc
    inside = {t.i for t in rest}
    # the statement's own head: a headline's parse may hang its subject on the name
    # ("Ryan: 'Images' Have 'No Place ...'": "Images" an apposition of "Ryan", "Have" the root)
    tops = [
        t
        for t in rest
        if not (t.is_punct or t.is_quote) and (t.head.i == t.i or t.head.i not in inside)
    ]
    head = next((t for t in tops if t.pos_ in ("VERB", "AUX")), tops[0] if tops else rest[0])
    return Attribution(
        kind="verb",
        cue_head=token.i,
        cue_lemma=":",
        cue=[(token.i, token.i + 1)],
        content=trim(doc, inside),
        source=trim(doc, {t.i for t in name}, keep_quotes=False),
        content_heads=[head.i],
    )


def implicit_attribution(token, sentence) -> Attribution | None:
    """Claims with an implicit source: "troops believed to have been sent", "is expected to"."""
    doc = token.doc
    lemma = cue_lemma(token)
    if token.pos_ == "ADV" and token.lower_ in cues.IMPLICIT_SOURCE_ADVERBS:
        clause = token.head
        content = subtree_indices(clause) - {token.i}
        return Attribution(
            kind="implicit",
            cue_head=token.i,
            cue_lemma=token.lower_,
            cue=[(token.i, token.i + 1)],
            content=trim(doc, content),
            content_heads=[clause.i],
        )
    if token.pos_ != "VERB" or lemma not in cues.IMPLICIT_SOURCE_VERBS:
        return None
    complement = next((c for c in token.children if c.dep_ in ("xcomp", "ccomp")), None)
    if complement is None:
        return None
    passive = any(c.dep_ == "auxpass" for c in token.children)
    if token.dep_ == "acl":
        # "the soldiers believed to have been sent": the noun phrase and the complement
        noun = token.head
        content = subtree_indices(noun) - {t.i for t in token.subtree} | subtree_indices(complement)
    elif passive and token.dep_ == "relcl":
        noun = token.head
        content = subtree_indices(noun) - {t.i for t in token.subtree} | subtree_indices(complement)
    elif passive:
        subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        content = subtree_indices(complement)
        if subject is not None and subject.lower_ != "it":
            content |= subtree_indices(subject)
    else:
        return None
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    source: Ranges = []
    if agent is not None:
        agent_objects = [c for c in agent.children if c.dep_ == "pobj"]
        if agent_objects:
            source = trim(doc, subtree_indices(agent_objects[0]), keep_quotes=False)
    return Attribution(
        kind="implicit",
        cue_head=token.i,
        cue_lemma=lemma,
        cue=cue_range(token),
        content=trim(doc, content),
        source=source,
        content_heads=[complement.i],
        negated_cue=is_negated(token),
    )


def sentence_attributions(sentence) -> list[Attribution]:
    """All attributions whose cue lies in ``sentence``, in text order."""
    found: list[Attribution] = []
    for token in sentence:
        attribution = (
            verb_attribution(token, sentence)
            or according_attribution(token, sentence)
            or colon_attribution(token, sentence)
            or implicit_attribution(token, sentence)
        )
        if attribution is not None and attribution.content:
            found.append(attribution)
    _attach_loose_citations(sentence, found)
    return _drop_covered_adverbs(found)


def _attach_loose_citations(sentence, found: list[Attribution]) -> None:
    """A "citing X" the parser hung elsewhere belongs to the reporting cue before it."""
    claimed = {
        idx
        for a in found
        for ranges in a.cited
        for start, end in ranges
        for idx in range(start, end)
    }
    for token in sentence:
        if token.lemma_.lower() not in cues.CHAIN_VERBS or token.dep_ not in ("advcl", "conj"):
            continue
        cited = _cited_range(token)
        if not cited or cited[0][0] in claimed:
            continue
        before = [a for a in found if a.kind == "verb" and a.cue_head < token.i]
        if before:
            host = before[-1]
            host.cited.append(cited)
            host.content = [
                (s, min(e, token.i)) for s, e in host.content if s < token.i
            ] or host.content


def _drop_covered_adverbs(found: list[Attribution]) -> list[Attribution]:
    """ "reportedly" inside another claim's content hedges that claim instead of making one."""
    kept = []
    for attribution in found:
        if attribution.kind == "implicit" and attribution.cue_lemma in cues.IMPLICIT_SOURCE_ADVERBS:
            inside = any(
                other is not attribution and contains(other.content, attribution.cue_head)
                for other in found
            )
            if inside:
                continue
        kept.append(attribution)
    return kept


def contains(ranges: Ranges, index: int) -> bool:
    return any(start <= index < end for start, end in ranges)


def continuation_attribution(sentence, previous: Attribution | None) -> Attribution | None:
    """A quoted sentence with no cue of its own that goes on with the previous quote."""
    if previous is None:
        return None
    doc = sentence.doc
    words = [t for t in sentence if not t.is_space]
    if not words or words[0].text not in QUOTES:
        return None
    if not previous.content or doc[previous.content[0][0]].text not in QUOTES:
        return None
    content = trim(doc, {t.i for t in words})
    return Attribution(
        kind="continuation",
        cue_head=previous.cue_head,
        cue_lemma=previous.cue_lemma,
        cue=previous.cue,
        content=content,
        source=previous.source,
        recipient=previous.recipient,
        cited=previous.cited,
        content_heads=[sentence.root.i],
    )


def paragraph_starts(doc) -> list[int]:
    """Token indices where a paragraph starts: after any token or space holding a line break."""
    starts = [0]
    for token in doc:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            starts.append(token.i + 1)
    return starts


def clip_to_paragraph(attribution: Attribution, starts: list[int], n_tokens: int) -> None:
    """Keep source and content in the cue's paragraph: the small model's sentences can run
    across a line break (a dateline, a live-blog time stamp)."""
    index = bisect.bisect_right(starts, attribution.cue_head) - 1
    low = starts[index]
    high = starts[index + 1] if index + 1 < len(starts) else n_tokens

    def clip(ranges: Ranges) -> Ranges:
        clipped = [(max(a, low), min(b, high)) for a, b in ranges]
        return [(a, b) for a, b in clipped if a < b]

    attribution.source = clip(attribution.source)
    attribution.content = clip(attribution.content) or attribution.content


def document_attributions(doc) -> list[Attribution]:
    """Attributions of a whole parsed document, quoted continuations included."""
    found: list[Attribution] = []
    previous_sentence: list[Attribution] = []
    starts = paragraph_starts(doc)
    for sentence in doc.sents:
        in_sentence = sentence_attributions(sentence)
        for attribution in in_sentence:
            clip_to_paragraph(attribution, starts, len(doc))
        if not in_sentence and previous_sentence:
            continued = continuation_attribution(sentence, previous_sentence[-1])
            in_sentence = [continued] if continued else []
        found.extend(in_sentence)
        previous_sentence = in_sentence
    return found
