"""The claims stage: parse canonical documents in batches and attach their claims."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from wiredesk.claims.extract import claims_from_doc, mask_datelines
from wiredesk.claims.parse import parse_texts
from wiredesk.claims.span_model import SpanModel, load_span_model, single_threaded_blas
from wiredesk.claims.times import date_claims
from wiredesk.clean.language import is_english, not_english_reason
from wiredesk.distributed import (
    Mapper,
    available_cores,
    flattened,
    fork_available,
    in_process,
    quiet,
)
from wiredesk.nlp import load_english
from wiredesk.records import Claim, Document
from wiredesk.stage import StageStats

Item = tuple[str, str, date | None]  # a document's text, publisher and publication date
SPAN_FINDERS = ("combined", "model", "rules")


@dataclass(kw_only=True, slots=True)
class ClaimsOptions:
    """Settings of the claims stage.

    batch_size: paragraphs per ``nlp.pipe`` batch (64: spaCy's sweet spot).
    n_process: processes that parse and extract (0: one per core this process may use).
        Workers are forked after the model is loaded, so none loads it again, and they send
        back only claims, never parsed documents; where fork is unavailable, one process.
    min_per_process: documents each extra process must get before it is worth forking.
    chunk_size: documents per task handed to a worker: small, so that the cores finish
        together (a task costs little more than the pickled claims it sends back).
    max_chars: longer texts are parsed only up to here (spaCy's own limit is 1,000,000); a
        claim is a sentence-level thing and news articles are far shorter.
    spans: who finds source, cue and content: "combined" (the parse rules where they know the
        construction, the trained span model for every other cue), "model" (the span model
        alone, ``span_model.py``) or "rules" (the parse rules alone: faster, less accurate).
    """

    batch_size: int = 64
    n_process: int = 0
    min_per_process: int = 8
    chunk_size: int = 2
    max_chars: int = 200_000
    spans: str = "combined"


def extract_claims(
    text: str, *, publisher: str = "", published: date | None = None, spans: str = "combined"
) -> list[Claim]:
    """The claims of one text, with offsets into exactly ``text``.

    Times are resolved against ``published``; without it only absolute ones resolve.
    """
    result = extract_batch([(text, publisher, published)], batch_size=1, spans=spans)
    if isinstance(result[0], str):
        raise RuntimeError(f"claim extraction failed ({result[0]})")
    return result[0]


class ClaimsStage:
    """Sets ``doc.claims`` on every canonical live document; copies share their canonical's.

    The parser and the cue lexicon are English: a document the clean stage found to be in
    another language gets no claims, counted as "not English (xx)".  It is not dropped: it
    stays in its copy group and its story, like a document whose extraction failed.
    """

    name = "claims"

    def __init__(self, options: ClaimsOptions | None = None, mapper: Mapper | None = None) -> None:
        """``mapper``: where the documents are parsed (``wiredesk.distributed``); by default
        here, in forked workers where that pays."""
        self.options = options or ClaimsOptions()
        self.mapper = mapper
        self._keep_workers = False
        self._pool: ProcessPoolExecutor | None = None

    @contextmanager
    def kept_workers(self) -> Iterator[ClaimsStage]:
        """Inside the block every call of :meth:`run` shares one set of forked workers: a
        checkpointed run calls the stage once per batch, and workers forked anew for each
        batch would each load the span model again."""
        self._keep_workers = True
        try:
            yield self
        finally:
            self._keep_workers = False
            self._close_pool()

    def _close_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def run(self, docs: list[Document], stats: StageStats) -> None:
        todo = [d for d in docs if d.canonical and not d.skip_reason]
        stats.count("copies_skipped", sum(1 for d in docs if not d.canonical))
        empty = [d for d in todo if not d.text.strip()]
        stats.count("empty_text", len(empty))
        todo = [d for d in todo if d.text.strip()]
        for doc in todo:
            if not is_english(doc.language):
                stats.count(not_english_reason(doc.language))
        todo = [d for d in todo if is_english(d.language)]
        items = [(d.text[: self.options.max_chars], d.publisher, d.published) for d in todo]
        for doc, result in zip(todo, self._extract(items), strict=True):
            if isinstance(result, str):
                # The document keeps its place in its story; only its claims are missing.
                stats.count(f"claim extraction failed ({result})")
                continue
            doc.claims = result
            count_claims(doc.claims, stats)

    def _extract(self, items: list[Item]) -> list[list[Claim] | str]:
        """Claims of every (text, publisher, published), in order; forked workers where it pays."""
        options = self.options
        if self.mapper is not None and self.mapper is not in_process:
            # Each cluster worker is one process that loads the models once and never forks.
            # The plain in-process mapper is no cluster: the forked workers below use the cores.
            return flattened(self.mapper(extract_batch, items, options.batch_size, options.spans))
        processes = min(
            options.n_process or available_cores(), len(items) // options.min_per_process
        )
        load_english()  # before forking: the workers share the loaded model
        if processes < 2 or not fork_available():
            return extract_batch(items, options.batch_size, options.spans)
        order = longest_first(items)
        chunks = [
            [items[i] for i in order[start : start + options.chunk_size]]
            for start in range(0, len(order), options.chunk_size)
        ]
        if self._pool is None:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(processes, mp_context=context, initializer=quiet)
        try:
            done = self._pool.map(
                extract_batch,
                chunks,
                [options.batch_size] * len(chunks),
                [options.spans] * len(chunks),
            )
            results: list[list[Claim] | str] = [[] for _ in items]
            for i, result in zip(order, (r for chunk in done for r in chunk), strict=True):
                results[i] = result
            return results
        finally:
            if not self._keep_workers:
                self._close_pool()


def longest_first(items: list[Item]) -> list[int]:
    """Positions of ``items``, longest text first: handed out in this order, the long
    documents start early and the short ones fill the gaps at the end, so no core idles
    while another finishes a long one (the cost of a text grows with its length)."""
    return sorted(range(len(items)), key=lambda i: -len(items[i][0]))


def extract_batch(
    items: list[Item], batch_size: int, spans: str = "combined"
) -> list[list[Claim] | str]:
    """Claims of each (text, publisher, published); the exception's name where extraction
    failed.

    The span model finds cues and their spans (``spans`` says how they combine with the parse
    rules', ``extract.py``); the parse serves hedging, polarity and names, and entities the
    names and times of every paragraph (``parse.py``).
    """
    if spans not in SPAN_FINDERS:
        raise ValueError(f"spans must be one of {', '.join(SPAN_FINDERS)}, not {spans!r}")
    # numpy's BLAS on one thread: the parse's products go through it (``parse.py``), and
    # forked workers each take one core.
    with single_threaded_blas():
        return _extract_batch(items, batch_size, spans)


def _extract_batch(items: list[Item], batch_size: int, spans: str) -> list[list[Claim] | str]:
    texts = [mask_datelines(text) for text, _, _ in items]
    use_model = spans != "rules"
    # One text at a time: the int8 encoder quantizes its activations by the range of each
    # batch, so batching paragraphs of several texts would make a document's claims depend on
    # the documents it happened to be batched with (forked chunks, checkpoints, cluster tasks).
    model = process_span_model() if use_model else None
    predicted = [model.predict([text])[0] for text in texts] if model else [None] * len(texts)
    # The rules need every paragraph they can start from, the model those holding its cues.
    cues = [[a.cue[0] for a in found] for found in predicted] if use_model else None
    parsed = parse_texts(load_english(), texts, batch_size, cues, rules=spans != "model")
    results: list[list[Claim] | str] = []
    for (_, publisher, published), parse, found in zip(items, parsed, predicted, strict=True):
        try:
            claims = claims_from_doc(parse, publisher, found, prefer_rules=spans == "combined")
            results.append(date_claims(claims, published))
        except Exception as exc:  # untrusted text must not end the run
            results.append(type(exc).__name__)
    return results


_span_models: dict[int, SpanModel] = {}


def process_span_model() -> SpanModel:
    """The span model of this process: loaded after a fork, never shared across one (ONNX
    Runtime's threads do not survive it); a worker takes one core, a lone process all."""
    pid = os.getpid()
    if pid not in _span_models:
        worker = multiprocessing.parent_process() is not None
        _span_models[pid] = load_span_model(threads=1 if worker else 0)
    return _span_models[pid]


def count_claims(claims: list[Claim], stats: StageStats) -> None:
    """Counters for the run summary: claims, per hedge, per polarity, unattributed, the
    outlets' own statements."""
    stats.count("claims", len(claims))
    stats.count("documents_with_claims", 1 if claims else 0)
    for claim in claims:
        stats.count(f"hedge_{claim.hedge}")
        if claim.polarity == "negative":
            stats.count("negative")
        if claim.source_type == "unattributed":
            stats.count("unattributed")
        elif claim.source_type == "outlet":
            stats.count("outlet_statements")
        if len(claim.via) > 2:
            stats.count("chained")
