"""How firmly a claim is put (hedge) and whether it is negated (polarity).

Hedge levels override each other in the order asserted < probable < possible < alleged <
denied (``cues.HEDGE_ORDER``): the strongest signal on the cue or the content's predicates
wins. Readings that a word list alone gets wrong:

- a withheld confirmation is a denial: "has not confirmed", "could not confirm", "declined to
  confirm" -> denied, negative;
- a negated denial is not one: "did not deny that X" leaves X open -> possible, positive;
- "could not"/"cannot" is inability, not a possibility: "could not be verified" -> asserted,
  negative ("may not have reached" stays possible);
- "almost certainly" is probable; "unlikely" is probable and negative;
- a negative determiner or pronoun negates the clause: "there were no casualties", "no ships
  were lost", "nobody was hurt".
"""

from __future__ import annotations

from wiredesk.claims import cues
from wiredesk.claims.attribution import Attribution, cue_lemma, is_negated

# Predicates through which a content's real statement is reached: "it appears that X".
_PASS_THROUGH = frozenset({"appear", "seem", "believe", "think", "likely", "be"})
# Complements a pass-through predicate hands on; "oprd": "it seems unlikely that ...".
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "acomp", "oprd"})
# Verbs that, governing a confirmation ("declined to confirm"), withhold it.
_WITHHOLDING = frozenset({"decline", "refuse", "fail", "unable", "able"})
# Modals that express inability rather than possibility once negated.
_ABILITY_MODALS = frozenset({"could", "can", "ca"})
# Predicates that say their complement is probably not so.
_UNLIKELY = frozenset({"unlikely", "improbable", "doubtful"})
# Adverbs that, softened ("almost certainly"), make a statement probable.
_CERTAINTY_ADVERBS = frozenset({"certainly", "surely", "definitely"})
_SOFTENERS = frozenset({"almost", "nearly", "virtually", "all", "but", "most"})
# Words that negate the clause they are an argument of: "no ships", "nothing", "nobody".
_NEGATIVE_DETERMINERS = frozenset({"no", "neither"})
_NEGATIVE_PRONOUNS = frozenset({"nothing", "nobody", "none", "noone"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "attr", "dobj", "expl"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


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
            frontier.extend(c for c in token.children if c.dep_ in _COMPLEMENT_DEPS)
    return found


def _has_negation(token) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _inability(token) -> bool:
    """ "could not", "cannot": the negated modal says something was impossible, not uncertain."""
    modals = [c for c in token.children if c.dep_ == "aux" and c.lower_ in _ABILITY_MODALS]
    return bool(modals) and _has_negation(token)


def _softened_certainty(child) -> bool:
    """ "almost certainly": the parser hangs "almost" on the verb or on the adverb."""
    if child.lower_ not in _CERTAINTY_ADVERBS:
        return False
    before = child.doc[child.i - 1] if child.i > 0 else None
    return (before is not None and before.lower_ in _SOFTENERS) or any(
        grandchild.lower_ in _SOFTENERS for grandchild in child.children
    )


def _predicate_hedge(token) -> str:
    hedge = "asserted"
    lemma = cue_lemma(token)
    if lemma in cues.HEDGE_PREDICATES:
        hedge = stronger(hedge, cues.HEDGE_PREDICATES[lemma])
    elif lemma in ("believe", "think", "estimate", "suspect"):
        hedge = stronger(hedge, "probable")
    if lemma in cues.CONFIRMATION_VERBS and _has_negation(token):
        hedge = stronger(hedge, "denied")  # "they could not confirm X" inside a claim
    unable = _inability(token)
    for child in token.children:
        word = child.lower_
        if child.dep_ == "aux" and word in cues.MODAL_HEDGES and not unable:
            hedge = stronger(hedge, cues.MODAL_HEDGES[word])
        elif child.dep_ in ("advmod", "acomp") and word in cues.HEDGE_ADVERBS:
            hedge = stronger(hedge, cues.HEDGE_ADVERBS[word])
        elif child.dep_ in ("acomp", "oprd") and word in cues.HEDGE_PREDICATES:
            hedge = stronger(hedge, cues.HEDGE_PREDICATES[word])
        elif child.dep_ == "advmod" and _softened_certainty(child):
            hedge = stronger(hedge, "probable")
    return hedge


def said_were(doc, attribution: Attribution) -> bool:
    """ "what he said were ...": the writer distances itself from the source's description."""
    cue = doc[attribution.cue_head]
    if not any(c.dep_ == "ccomp" for c in cue.children):
        return False
    start = attribution.source[0][0] if attribution.source else cue.i
    return start > 0 and doc[start - 1].lower_ in ("what", "whom")


def _confirmation_withheld(doc, attribution: Attribution) -> bool:
    """ "has not confirmed", "declined to confirm", "was unable to confirm"."""
    if attribution.cue_lemma not in cues.CONFIRMATION_VERBS:
        return False
    if attribution.negated_cue:
        return True
    cue = doc[attribution.cue_head]
    governor = cue.head
    if cue.dep_ != "xcomp" or governor is cue:
        return False
    lemma = governor.lemma_.lower()
    # "was able to confirm" confirms; "was not able to" and "was unable to" withhold
    return lemma in _WITHHOLDING and (lemma != "able" or _has_negation(governor.head))


def _denial_negated(attribution: Attribution) -> bool:
    """ "did not deny that X": the source leaves X open rather than denying it."""
    denies = cues.REPORTING_VERBS.get(attribution.cue_lemma) == "denied"
    return denies and attribution.negated_cue


def hedge_of(doc, attribution: Attribution) -> str:
    """asserted | probable | possible | alleged | denied, the strongest signal winning."""
    if attribution.kind == "implicit":
        base = cues.IMPLICIT_SOURCE_VERBS.get(attribution.cue_lemma) or cues.HEDGE_ADVERBS.get(
            attribution.cue_lemma, "asserted"
        )
    else:
        base = cues.REPORTING_VERBS.get(attribution.cue_lemma, "asserted")
    hedge = "possible" if _denial_negated(attribution) else base
    if _confirmation_withheld(doc, attribution):
        hedge = "denied"
    if said_were(doc, attribution):
        hedge = stronger(hedge, "alleged")
    return stronger(hedge, statement_hedge(doc, attribution.content_heads))


def statement_hedge(doc, heads: list[int]) -> str:
    """The hedge a statement's own predicates carry: "may have", "likely", "appears that"."""
    hedge = "asserted"
    for token in content_predicates(doc, heads):
        hedge = stronger(hedge, _predicate_hedge(token))
    return hedge


def _negative_argument(token, deps: frozenset[str] = _ARGUMENT_DEPS) -> bool:
    """ "no ships were lost", "there were no casualties", "found nothing"."""
    for child in token.children:
        if child.dep_ not in deps:
            continue
        if child.lower_ in _NEGATIVE_PRONOUNS:
            return True
        if any(c.dep_ == "det" and c.lower_ in _NEGATIVE_DETERMINERS for c in child.children):
            return True
    return False


def _negative_raised_subject(token) -> bool:
    """ "no charges are expected to be filed": the parser gives "no charges" to "expected",
    whose clause it is the subject of is "to be filed"."""
    return token.dep_ == "xcomp" and _negative_argument(token.head, _SUBJECT_DEPS)


def _negates(token) -> bool:
    if token.lower_ in _UNLIKELY:
        return True
    if token.pos_ not in ("VERB", "AUX"):
        return False
    return is_negated(token) or _negative_argument(token) or _negative_raised_subject(token)


def polarity_of(doc, attribution: Attribution) -> str:
    """negative when the cue or the content's statement is negated."""
    if not _denial_negated(attribution) and (
        attribution.negated_cue
        or _confirmation_withheld(doc, attribution)
        or cues.REPORTING_VERBS.get(attribution.cue_lemma) == "denied"
    ):
        return "negative"
    return statement_polarity(doc, attribution.content_heads)


def statement_polarity(doc, heads: list[int]) -> str:
    """negative when a statement's own predicates are negated."""
    return "negative" if any(_negates(p) for p in content_predicates(doc, heads)) else "positive"


# Finite verb tags: a clause that can be true or false has one ("was", "called", "will").
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Words that open an embedded question: "why she entered rehab" asks, it does not state.
_QUESTION_OPENERS = frozenset(
    {"why", "how", "what", "whether", "if", "who", "whom", "whose", "which", "where"}
)


def states_proposition(doc, content: list[tuple[int, int]]) -> bool:
    """Whether a content says that something is so: a clause with a finite verb, not a noun
    phrase ("would not release his identity"), an infinitive ("declined to give his name") or
    an embedded question ("would not say why she entered rehab"). Only a proposition can be
    contradicted; a source that withholds a name or a reason says nothing to oppose."""
    words = [
        doc[i]
        for start, end in content
        for i in range(start, end)
        if not (doc[i].is_punct or doc[i].is_space or doc[i].is_quote)
    ]
    if not words or words[0].lower_ in _QUESTION_OPENERS:
        return False
    return any(token.tag_ in _FINITE_TAGS for token in words)


# Nouns that name a statement or a part in events: to deny one is to say something is not so.
_DENIABLE_WORDS = """claim allegation accusation charge report rumor rumour suggestion assertion
role involvement responsibility wrongdoing knowledge link connection tie participation presence
existence guilt it this that"""
_DENIABLE = frozenset(_DENIABLE_WORDS.split())


def denies_a_statement(doc, content: list[tuple[int, int]]) -> bool:
    """Whether a denial's noun phrase says that something is not so: a statement ("denied the
    allegations", "rejected that claim"), a part in events ("denied any role") or an act
    ("denied shelling the village"); not a thing refused ("denied him bail", "rejected the
    offers") or waved away ("dismissed the concerns"), which no other report contradicts."""
    inside = {i for start, end in content for i in range(start, end)}
    heads = [doc[i] for i in sorted(inside) if doc[i].head.i == i or doc[i].head.i not in inside]
    return any(token.lemma_.casefold() in _DENIABLE or token.tag_ == "VBG" for token in heads)
