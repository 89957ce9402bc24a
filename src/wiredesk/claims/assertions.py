"""The outlet's own statements: sentences no attribution covers, as claims of the publisher.

A report says much in its own voice ("Ukrainian forces still hold parts of Russian
territory"), and a reader cross-checking a story needs those statements beside what its
sources said: two outlets can disagree on a death toll that neither attributes. A sentence is
taken for one when it lies outside every attribution (source, cue, content, who was told, who
was cited), is a whole declarative clause (a verb at its root, a full stop at its end, no
question), says something a reader could check (a name, a place, a figure or a date), and is
not the writer talking to the reader ("you", "we" or "I" as its subject, or an imperative:
"Sign up for our newsletter."). Such a claim has no source span and no cue; its source is the
publisher and its type ``outlet``.
"""

from __future__ import annotations

from wiredesk.claims.attribution import Attribution
from wiredesk.claims.hedging import statement_hedge, statement_polarity
from wiredesk.claims.mentions import named_in
from wiredesk.claims.quantities import quantities_in
from wiredesk.claims.times import future_time_expressions, time_expressions
from wiredesk.records import Claim, Span

# Entity types that make a sentence checkable; WORK_OF_ART, LAW and LANGUAGE alone do not.
CHECKABLE_ENTITIES = frozenset(
    {
        "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT", "PRODUCT",
        "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL",
    }
)  # fmt: skip
# Subjects of a writer's aside or an appeal to the reader ("Anyone with information should").
_READER_OR_WRITER = frozenset({"i", "we", "you", "anyone", "anybody"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
_SENTENCE_ENDS = frozenset({".", "!"})
_MIN_WORDS = 5
_MAX_WORDS = 80  # longer "sentences" are lists or run-on scraps, not one statement


def covered_tokens(found: list[Attribution]) -> set[int]:
    """Every token that some attribution reads as its source, cue, content or chain."""
    covered: set[int] = set()
    for attribution in found:
        parts = (attribution.source, attribution.cue, attribution.content, attribution.recipient)
        for ranges in (*parts, *attribution.cited):
            for start, end in ranges:
                covered.update(range(start, end))
    return covered


def _words(sentence) -> list:
    return [t for t in sentence if not (t.is_punct or t.is_space)]


def _statement_extent(sentence) -> tuple[int, int] | None:
    """Token range of the sentence without its closing stop, or none when it is not a
    declarative sentence ending in one (quotes, questions, headlines, list scraps). It starts
    after the sentence's last line break: what comes before one is a heading or a caption
    the parser ran into the sentence ("See more videos", "In other shootings:")."""
    tokens = list(sentence)
    while tokens and tokens[-1].is_space:
        tokens.pop()
    breaks = [i for i, t in enumerate(tokens) if "\n" in t.text]
    if breaks:
        tokens = tokens[breaks[-1] + 1 :]
    tokens = [t for t in tokens if not t.is_space]
    if not tokens or tokens[-1].text not in _SENTENCE_ENDS or tokens[0].is_quote:
        return None
    if any(t.text == "?" or t.is_quote for t in tokens):
        return None  # an unattributed quotation or a question is nobody's plain statement
    return tokens[0].i, tokens[-1].i


def _addresses_reader(root) -> bool:
    subjects = [c for c in root.children if c.dep_ in _SUBJECTS]
    if not subjects:
        return root.tag_ == "VB"  # an imperative: "Subscribe to our newsletter."
    return any(s.lower_ in _READER_OR_WRITER for s in subjects)


def _checkable(statement) -> bool:
    return any(e.label_ in CHECKABLE_ENTITIES for e in statement.ents) or any(
        t.like_num for t in statement
    )


def assertion_statement(sentence, covered: set[int]):
    """The part of ``sentence`` that is the outlet's own checkable statement (see the module
    text), without its closing stop; none when it is not one."""
    if any(t.i in covered for t in sentence):
        return None
    extent = _statement_extent(sentence)
    if extent is None:
        return None
    statement = sentence.doc[extent[0] : extent[1]]
    root = sentence.root
    if root.pos_ not in ("VERB", "AUX") or not extent[0] <= root.i < extent[1]:
        return None
    if not _MIN_WORDS <= len(_words(statement)) <= _MAX_WORDS:
        return None
    if _addresses_reader(root) or not _checkable(statement):
        return None
    return statement


def outlet_assertions(doc, found: list[Attribution], publisher: str) -> list[Claim]:
    """The outlet's own statements in ``doc``, one claim per sentence, in text order."""
    covered = covered_tokens(found)
    times = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    claims = []
    for sentence in doc.sents:
        statement = assertion_statement(sentence, covered)
        if statement is None:
            continue
        heads = [sentence.root.i]
        places, entities = named_in(doc, [(statement.start, statement.end)])
        claims.append(
            Claim(
                source=[],
                cue=[],
                content=[Span(statement.start_char, statement.end_char, statement.text)],
                hedge=statement_hedge(doc, heads),
                polarity=statement_polarity(doc, heads),
                quantities=quantities_in(doc, list(range(statement.start, statement.end))),
                via=[publisher] if publisher else [],
                source_name=publisher,
                source_type="outlet",
                times=time_expressions(statement, times, []),
                future_times=future_time_expressions(statement, times, []),
                sentence=Span(sentence.start_char, sentence.end_char, sentence.text),
                places=places,
                entities=entities,
            )
        )
    return claims
