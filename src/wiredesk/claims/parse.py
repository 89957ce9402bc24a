"""Parse only what needs parsing.

A paragraph with no cue word form, no "according", no quotation mark and no colon cannot hold
an attribution (every rule in ``attribution.py`` starts from one of them), and one with no
figure and no capitalised word inside a sentence cannot hold a checkable statement of the
outlet's own (``assertions.py``: it needs a name, a place, a number or a date), so it gets the
entity recogniser alone: its names still feed the reporting chains (a pronoun's antecedent, a
full name before a surname) and its times the claims of neighbouring sentences. Paragraphs
that can hold either get the whole pipeline. The pieces are joined into one ``Doc`` whose text is
exactly the input, so every offset points into it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from wiredesk.claims import cues

# Paragraphs end after a blank line that follows a sentence's final stop: the parser does not
# join sentences across one, so a run of such paragraphs parsed alone gets almost the parse it
# gets inside the whole document (only words next to the cut see other neighbours). After a
# colon or a headline without a stop it does join them ('He said:\n\n"We ..."'), so those
# stay with what follows.
_PARAGRAPH_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*[^\S\n]*\n[^\S\n]*\n\s*")
_WORD = re.compile(r"[A-Za-z]+")
# Quotation marks open quotes and their continuations; a colon opens "Name: statement".
# A single quote counts only where it can open a quotation (not in "Clinton's").
_MARKS = re.compile(r"[\"“”«»:]|(?:^|\s)['‘]")
# A figure, a capitalised word after a lower-case word or a comma (a name inside a sentence),
# or two capitalised words in a row ("Ms. Lopez", "New York" opening one). A one-word name
# opening a sentence goes unseen: the price of a filter that needs no parse.
_CHECKABLE = re.compile(r"\d|[a-z,;] [A-Z]|\b[A-Z][a-z]*\.? [A-Z]")
# Irregular forms the lemmatiser maps to a cue lemma and plain rules cannot make.
_IRREGULAR_EXTRA = "spoke spoken learnt"


def paragraphs(text: str) -> list[str]:
    """Pieces of ``text`` that end after a blank line and join to exactly ``text``."""
    pieces, start = [], 0
    for match in _PARAGRAPH_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text) or not pieces:
        pieces.append(text[start:])
    return pieces


def _inflections(lemma: str) -> set[str]:
    """Regular forms of a verb, generous on purpose: a spare form only costs a parse."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # admitted, quipping
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


@functools.cache
def cue_forms() -> frozenset[str]:
    """Every lower-case word form that can start an attribution."""
    lemmas = set(cues.REPORTING_VERBS) | set(cues.IMPLICIT_SOURCE_VERBS) | set(cues.CHAIN_VERBS)
    forms = {form for lemma in lemmas for form in _inflections(lemma)}
    forms |= set(cues.IRREGULAR_FORMS) | set(cues.IMPLICIT_SOURCE_ADVERBS)
    forms |= set(cues.words(_IRREGULAR_EXTRA)) | {"according"}
    return frozenset(forms)


def may_attribute(paragraph: str) -> bool:
    """Whether ``paragraph`` holds anything an attribution rule starts from."""
    if _MARKS.search(paragraph):
        return True
    forms = cue_forms()
    return any(word.lower() in forms for word in _WORD.findall(paragraph))


def may_assert(paragraph: str) -> bool:
    """Whether ``paragraph`` can hold a checkable statement of the outlet's own."""
    return _CHECKABLE.search(paragraph) is not None


def runs_of_paragraphs(
    text: str, cues: list[int] | None = None, rules: bool = True
) -> list[tuple[str, bool]]:
    """``text`` cut into runs of consecutive paragraphs that may attribute or state something
    checkable, or may not, each with that flag. A run is parsed as one piece so that, inside
    it, every word has the neighbours it has in the whole text (the parser's word vectors look
    a few words around).

    ``cues``: where the span model found cues (character offsets): paragraphs holding one
    are parsed too; ``rules``: whether the paragraphs the rules can start from are (those
    that may hold a statement of the outlet's own always are).
    """
    found: list[tuple[str, bool]] = []
    start = 0
    for paragraph in paragraphs(text):
        end = start + len(paragraph)
        wanted = (
            may_assert(paragraph)
            or (rules and may_attribute(paragraph))
            or any(start <= c < end for c in cues or ())
        )
        start = end
        if found and found[-1][1] == wanted:
            found[-1] = (found[-1][0] + paragraph, wanted)
        else:
            found.append((paragraph, wanted))
    return found


def _flat(doc):
    """``doc`` as one sentence of loose words: the first word the root, the rest ``dep``."""
    import numpy
    from spacy.attrs import DEP, HEAD

    if len(doc) == 0:
        return doc
    dep, root = doc.vocab.strings.add("dep"), doc.vocab.strings.add("ROOT")
    heads = -numpy.arange(len(doc), dtype="int64")  # relative offsets to the first token
    deps = numpy.full(len(doc), dep, dtype="uint64")
    deps[0] = root
    doc.from_array([HEAD, DEP], numpy.stack([heads.astype("uint64"), deps], axis=1))
    return doc


def use_numpy_matmul(nlp) -> None:
    """Route the model's matrix products through numpy instead of BLIS.

    The BLIS build that thinc uses runs about a third as fast as numpy's OpenBLAS on one
    thread on this 2-core x86 machine (the model's layer shapes), and the products are a
    third of the parse; the annotations stay the same (PolNeAR dev: not one of 81,662 tokens
    differs in tag, lemma, parse or entity). Callers hold BLAS to one thread
    (``span_model.single_threaded_blas``): forked workers share the cores.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if hasattr(model, "walk") else ():
            node.ops = ops


@functools.cache
def _attribute_rules(nlp):
    """This process's look-up version of the model's attribute ruler, built once: the
    stage calls ``full_pipe`` once per small chunk of documents."""
    from wiredesk.nlp import AttributeRules

    return AttributeRules(nlp.get_pipe("attribute_ruler"))


def full_pipe(nlp, texts: Iterable[str], batch_size: int) -> Iterator:
    """``nlp.pipe`` with the same annotations, its attribute ruler swapped for the faster
    :class:`~wiredesk.nlp.AttributeRules`."""
    later = ("attribute_ruler", "lemmatizer", "ner")
    if tuple(nlp.pipe_names[-3:]) != later:  # another model: run it as it is
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    rules = _attribute_rules(nlp)
    docs = (rules(doc) for doc in nlp.pipe(texts, batch_size=batch_size, disable=list(later)))
    docs = nlp.get_pipe("lemmatizer").pipe(docs, batch_size=batch_size)
    yield from nlp.get_pipe("ner").pipe(docs, batch_size=batch_size)


def parse_texts(
    nlp,
    texts: Iterable[str],
    batch_size: int,
    cues: list[list[int]] | None = None,
    rules: bool = True,
) -> Iterator:
    """One ``Doc`` per text: the full pipeline on paragraphs that may attribute (with
    ``rules``) or that hold one of the text's ``cues``, the entity recogniser alone on the
    rest, in input order."""
    from spacy.tokens import Doc

    use_numpy_matmul(nlp)
    texts = list(texts)
    cues = cues if cues is not None else [None] * len(texts)
    plans = [
        runs_of_paragraphs(text, found, rules) for text, found in zip(texts, cues, strict=True)
    ]
    pieces = [piece for plan in plans for piece in plan]
    full = full_pipe(nlp, (p for p, wanted in pieces if wanted), batch_size)
    ner = nlp.get_pipe("ner").pipe(
        (nlp.make_doc(p) for p, wanted in pieces if not wanted), batch_size=batch_size
    )
    for text, plan in zip(texts, plans, strict=True):
        parts = [next(full) if wanted else _flat(next(ner)) for _, wanted in plan]
        parts = [part for part in parts if len(part)]
        if len(parts) <= 1:
            yield parts[0] if parts else nlp(text)
            continue
        doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor", "user_data"])
        if doc.text != text:  # never expected; offsets must stay exact whatever happens
            doc = nlp(text)
        yield doc
