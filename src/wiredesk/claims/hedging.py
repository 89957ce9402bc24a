"""How firmly a claim is put (hedge) and whether it is negated (polarity)."""

from __future__ import annotations

from wiredesk.claims import cues
from wiredesk.claims.attribution import Attribution, cue_lemma, is_negated

# Predicates through which a content's real statement is reached: "it appears that X".
_PASS_THROUGH = frozenset({"appear", "seem", "believe", "think", "likely", "be"})


def stronger(a: str, b: str) -> str:
    """The hedge that wins when two apply."""
    return a if cues.HEDGE_ORDER.index(a) >= cues.HEDGE_ORDER.index(b) else b


def content_predicates(doc, heads: list[int]) -> list:
    """The content's head and the clauses it passes through ("appears that ..." -> its clause)."""
    found = []
    frontier = [doc[i] for i in heads]
    while frontier and len(found) < 8:
        token = frontier.pop(0)
        found.append(token)
        found.extend(c for c in token.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
        if cue_lemma(token) in _PASS_THROUGH or token.lemma_ in _PASS_THROUGH:
            frontier.extend(c for c in token.children if c.dep_ in ("ccomp", "xcomp", "acomp"))
    return found


def _predicate_hedge(token) -> str:
    hedge = "asserted"
    lemma = cue_lemma(token)
    if lemma in cues.HEDGE_PREDICATES:
        hedge = stronger(hedge, cues.HEDGE_PREDICATES[lemma])
    elif lemma in ("believe", "think", "estimate", "suspect"):
        hedge = stronger(hedge, "probable")
    for child in token.children:
        word = child.lower_
        if child.dep_ == "aux" and word in cues.MODAL_HEDGES:
            hedge = stronger(hedge, cues.MODAL_HEDGES[word])
        elif child.dep_ in ("advmod", "acomp") and word in cues.HEDGE_ADVERBS:
            hedge = stronger(hedge, cues.HEDGE_ADVERBS[word])
        elif child.dep_ == "acomp" and word in cues.HEDGE_PREDICATES:
            hedge = stronger(hedge, cues.HEDGE_PREDICATES[word])
    return hedge


def _said_were(doc, attribution: Attribution) -> bool:
    """ "what he said were ...": the writer distances itself from the source's description."""
    cue = doc[attribution.cue_head]
    if not any(c.dep_ == "ccomp" for c in cue.children):
        return False
    start = attribution.source[0][0] if attribution.source else cue.i
    return start > 0 and doc[start - 1].lower_ in ("what", "whom")


def hedge_of(doc, attribution: Attribution) -> str:
    """asserted | probable | possible | alleged | denied, the strongest signal winning."""
    if attribution.kind == "implicit":
        base = cues.IMPLICIT_SOURCE_VERBS.get(attribution.cue_lemma) or cues.HEDGE_ADVERBS.get(
            attribution.cue_lemma, "asserted"
        )
    else:
        base = cues.REPORTING_VERBS.get(attribution.cue_lemma, "asserted")
    hedge = base
    if attribution.negated_cue and attribution.cue_lemma in cues.CONFIRMATION_VERBS:
        hedge = "denied"
    if _said_were(doc, attribution):
        hedge = stronger(hedge, "alleged")
    for token in content_predicates(doc, attribution.content_heads):
        hedge = stronger(hedge, _predicate_hedge(token))
    return hedge


def polarity_of(doc, attribution: Attribution) -> str:
    """negative when the cue or the content's statement is negated."""
    if attribution.negated_cue or cues.REPORTING_VERBS.get(attribution.cue_lemma) == "denied":
        return "negative"
    predicates = content_predicates(doc, attribution.content_heads)
    if any(p.pos_ in ("VERB", "AUX") and is_negated(p) for p in predicates):
        return "negative"
    return "positive"
