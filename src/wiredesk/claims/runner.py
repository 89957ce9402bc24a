"""The claims stage: parse canonical documents in batches and attach their claims."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from wiredesk.claims.extract import claims_from_doc, mask_datelines
from wiredesk.claims.parse import parse_texts
from wiredesk.nlp import load_english
from wiredesk.records import Claim, Document
from wiredesk.stage import StageStats


@dataclass(kw_only=True, slots=True)
class ClaimsOptions:
    """Settings of the claims stage.

    batch_size: paragraphs per ``nlp.pipe`` batch (64: spaCy's sweet spot).
    n_process: processes that parse and extract (0: one per core this process may use).
        Workers are forked after the model is loaded, so none loads it again, and they send
        back only claims, never parsed documents; where fork is unavailable, one process.
    min_per_process: documents each extra process must get before it is worth forking.
    chunk_size: documents per task handed to a worker (small enough to balance the load).
    max_chars: longer texts are parsed only up to here (spaCy's own limit is 1,000,000); a
        claim is a sentence-level thing and news articles are far shorter.
    """

    batch_size: int = 64
    n_process: int = 0
    min_per_process: int = 8
    chunk_size: int = 8
    max_chars: int = 200_000


def extract_claims(text: str, *, publisher: str = "", published: date | None = None) -> list[Claim]:
    """The claims of one text, with offsets into exactly ``text``.

    ``published`` is accepted for symmetry with documents; times are kept as written.
    """
    parsed = parse_texts(load_english(), [mask_datelines(text)], batch_size=1)
    return claims_from_doc(next(parsed), publisher)


class ClaimsStage:
    """Sets ``doc.claims`` on every canonical live document; copies share their canonical's."""

    name = "claims"

    def __init__(self, options: ClaimsOptions | None = None) -> None:
        self.options = options or ClaimsOptions()

    def run(self, docs: list[Document], stats: StageStats) -> None:
        todo = [d for d in docs if d.canonical and not d.skip_reason]
        stats.count("copies_skipped", sum(1 for d in docs if not d.canonical))
        empty = [d for d in todo if not d.text.strip()]
        stats.count("empty_text", len(empty))
        todo = [d for d in todo if d.text.strip()]
        items = [(d.text[: self.options.max_chars], d.publisher) for d in todo]
        for doc, result in zip(todo, self._extract(items), strict=True):
            if isinstance(result, str):
                # The document keeps its place in its story; only its claims are missing.
                stats.count(f"claim extraction failed ({result})")
                continue
            doc.claims = result
            count_claims(doc.claims, stats)

    def _extract(self, items: list[tuple[str, str]]) -> list[list[Claim] | str]:
        """Claims of every (text, publisher), in order; forked workers where it pays."""
        options = self.options
        processes = min(
            options.n_process or available_cores(), len(items) // options.min_per_process
        )
        load_english()  # before forking: the workers share the loaded model
        if processes < 2 or not fork_available():
            return extract_batch(items, options.batch_size)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        chunks = [
            items[i : i + options.chunk_size] for i in range(0, len(items), options.chunk_size)
        ]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, mp_context=context, initializer=quiet) as pool:
            done = pool.map(extract_batch, chunks, [options.batch_size] * len(chunks))
            return [result for chunk in done for result in chunk]


def quiet() -> None:
    """A forked worker writes nothing: a lock the parent's progress thread held on the
    terminal at fork time would never be released in the child."""
    import warnings

    warnings.simplefilter("ignore")


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def fork_available() -> bool:
    """Whether workers can be forked here: not on platforms without fork, nor inside a
    daemonic process (a Dask or multiprocessing worker may not have children)."""
    import multiprocessing

    forkable = "fork" in multiprocessing.get_all_start_methods()
    return forkable and not multiprocessing.current_process().daemon


def extract_batch(items: list[tuple[str, str]], batch_size: int) -> list[list[Claim] | str]:
    """Claims of each (text, publisher); the exception's name where extraction failed.

    Tags and lemmas serve the cues, the parse the spans, entities the names and times; the
    parse runs only on paragraphs that can hold an attribution (``parse.py``).
    """
    texts = [mask_datelines(text) for text, _ in items]
    parsed = parse_texts(load_english(), texts, batch_size)
    results: list[list[Claim] | str] = []
    for (_, publisher), parse in zip(items, parsed, strict=True):
        try:
            results.append(claims_from_doc(parse, publisher))
        except Exception as exc:  # untrusted text must not end the run
            results.append(type(exc).__name__)
    return results


def count_claims(claims: list[Claim], stats: StageStats) -> None:
    """Counters for the run summary: claims, per hedge, per polarity, unattributed."""
    stats.count("claims", len(claims))
    stats.count("documents_with_claims", 1 if claims else 0)
    for claim in claims:
        stats.count(f"hedge_{claim.hedge}")
        if claim.polarity == "negative":
            stats.count("negative")
        if claim.source_type == "unattributed":
            stats.count("unattributed")
        if len(claim.via) > 2:
            stats.count("chained")
