"""The claims stage: parse canonical documents in batches and attach their claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wiredesk.claims.extract import claims_from_doc, mask_datelines
from wiredesk.nlp import load_english
from wiredesk.records import Claim, Document
from wiredesk.stage import StageStats


@dataclass(kw_only=True, slots=True)
class ClaimsOptions:
    """Settings of the claims stage.

    batch_size: documents per ``nlp.pipe`` batch (64: spaCy's sweet spot for news articles).
    n_process: parser processes. 1 by default: on the 2-core development machine 2 processes
        parsed PolNeAR dev slower (1.5 against 2.0 articles/s); raise it on machines with
        idle cores and corpora of thousands of articles.
    max_chars: longer texts are parsed only up to here (spaCy's own limit is 1,000,000); a
        claim is a sentence-level thing and news articles are far shorter.
    """

    batch_size: int = 64
    n_process: int = 1
    max_chars: int = 200_000


def extract_claims(text: str, *, publisher: str = "", published: date | None = None) -> list[Claim]:
    """The claims of one text, with offsets into exactly ``text``.

    ``published`` is accepted for symmetry with documents; times are kept as written.
    """
    return claims_from_doc(load_english()(mask_datelines(text)), publisher)


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
        # Every component of the small pipeline is used: tags and lemmas for cues, the parse
        # for spans, entities for names and times.
        nlp = load_english()
        texts = (mask_datelines(d.text[: self.options.max_chars]) for d in todo)
        parsed = nlp.pipe(
            texts, batch_size=self.options.batch_size, n_process=self.options.n_process
        )
        for doc, parse in zip(todo, parsed, strict=True):
            try:
                doc.claims = claims_from_doc(parse, doc.publisher)
            except Exception as exc:  # untrusted text must not end the run
                # The document keeps its place in its story; only its claims are missing.
                stats.count(f"claim extraction failed ({type(exc).__name__})")
                continue
            count_claims(doc.claims, stats)


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
