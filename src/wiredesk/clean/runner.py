"""The clean stage: raw input -> article text, with every removal and repair recorded.

Corpus-wide, because repetition across documents is the strongest boilerplate signal:

1. per document: HTML through trafilatura (with page metadata), ftfy, abbreviation line joins;
2. corpus: the vocabulary that attests repairs, and the index of repeated segments;
3. per document: remove strong shapes, repeated blocks, and either (text input that is a whole
   flattened page) the lines the trained line model scores as boilerplate, or weak shapes at
   the edges next to boilerplate; rebuild the paragraphs (space after glued sentence ends);
   identify the language; in English text, repair run-together words and lost possessives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from wiredesk.clean import repairs as repair_fns
from wiredesk.clean.html import HtmlOptions, UnreadableHtml, extract_html
from wiredesk.clean.language import (
    LanguageOptions,
    identify_language,
    is_english,
    preload_identifier,
)
from wiredesk.clean.repetition import (
    Repetition,
    SiteMemory,
    SiteRules,
    index_repetition,
    mark_recurring,
    mark_site_repeats,
    one_text_under_many_headlines,
    site_of,
    sites_that_can_repeat,
)
from wiredesk.clean.segments import counted_words_of_key, segment_key, split_segments
from wiredesk.clean.shape import (
    ARTICLE,
    CALL_TO_ACTION,
    CALL_TO_ACTION_REASON,
    NOTICE_REASON,
    READER_REASON,
    SIGNATURE_REASON,
    Shape,
    is_wrapped,
    menu_runs,
    segment_shape,
    signature_outlet,
)
from wiredesk.clean.units import Prepared, Unit
from wiredesk.distributed import (
    Mapper,
    absorb_counts,
    adopt,
    flattened,
    in_process,
    shares_this_process,
)
from wiredesk.records import Document, Removal, Repair
from wiredesk.stage import StageStats

if TYPE_CHECKING:
    from wiredesk.clean.line_model import LineModel

MENU_REASON = "menu: run of short link-like lines"
LINE_MODEL_REASON = "line model: not article text"
# Strong shapes that text extracted from HTML loses only at its head or tail: inside the
# article trafilatura kept, such lines are mostly the article's own lists and sentences
# (on the WCXB article dev pages, removing them anywhere took 8,778 gold words with 3,818
# others).
EDGE_ONLY_WHEN_EXTRACTED = frozenset({MENU_REASON, CALL_TO_ACTION_REASON, NOTICE_REASON})
# Weak shapes that the edge trim of extracted text does not take, nor walk past: there a
# sentence addressed to the reader beside a label is mostly the article's own (at the head of
# the WCXB article dev pages, 680 gold words against 174 others; at the tail, even).
KEPT_AT_EDGE_WHEN_EXTRACTED = frozenset({READER_REASON})
# Characters that no text has: C0 controls that are not whitespace, and U+FFFD.  The controls
# are counted as UTF-8 bytes, where no other character has a byte below 0x80: deleting bytes
# runs at memory speed where a regular expression walks the input (a page of HTML) in Python's
# matcher.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
REPLACEMENT_CHARACTER = "\ufffd"


@dataclass(kw_only=True, slots=True)
class CleanOptions:
    """Settings of the clean stage.

    html: how trafilatura extracts HTML pages.
    repair_mojibake: run ftfy over the text.
    repair_abbreviation_breaks: join "U.S.\\nofficials" into "U.S. officials".
    repair_run_together: split "Timesreported" where the corpus attests both words (text
        input only: in HTML the markup separates the words).
    repair_hyphenation: join "govern-\nment" (and "well-\nknown", keeping the hyphen) where
        the corpus or wordfreq tells which it is.
    repair_possessives: restore "Ukraines" -> "Ukraine's" where safe.
    repair_wrapped_lines: join the lines of text wrapped at a fixed width into paragraphs (see
        ``max_wrapped_share``).
    min_repeated_block: repeated segments in one block at the head or tail that make it
        boilerplate on their own; 3 keeps a shared background sentence or two ("Russia invaded
        Ukraine in February 2022.") as article text.
    site: when a segment that other articles of its site hold (in this run or, through the
        site memory, earlier ones) is repeated, and when it is boilerplate on its own.
    related_share: share of a document's own (unrepeated) word 3-grams that another document
        must contain to be a copy of it; a block shared only with copies is kept.
    max_partners: documents sharing a block that are checked for being copies (spread over
        all of them), which keeps the check linear however common the block is.
    min_menu_lines: consecutive short link-like lines that make a menu (a headline wrapped
        over three narrow lines is not one).
    min_edge_run: weakly shaped units (short lines, questions, lines addressing the reader)
        at the head or tail of text input that are removed together even with no strong
        boilerplate beside them (not for HTML: trafilatura has judged the page's structure).
    max_control_share: share of control or replacement characters above which the input is
        treated as binary or undecodable.
    line_model: remove the lines of text input that the trained line model
        (``line_model.json``, made by ``scripts/train_line_model.py``) scores as boilerplate;
        never for HTML, whose structure trafilatura has already judged.
    min_model_lines: text input of fewer lines is not scored by the line model: a scraped
        page carries its menus, teasers and footers on many lines, while a text of a few
        paragraphs is an article already (and the model never saw such input in training).
    max_wrapped_share: text input with more of its lines in prose wrapped over narrow lines
        is agency copy or a mail, not a flattened page, and is not scored by the line model
        (on the dev sets a page's median share is about 0.1; agency copy's is about 0.9);
        with ``repair_wrapped_lines``, the kept lines of such text are joined into paragraphs.
    language: how the language of the clean text is identified (None: not at all, every
        document is read as English); the English-only word repairs (run-together words, lost
        possessives) skip a document in another language.
    page_dates: look in an HTML page for its publication date where the input gives none
        (off for ``wiredesk extract``, whose output has no date: the search is 4% of its time
        on WCXB pages).
    """

    html: HtmlOptions = field(default_factory=HtmlOptions)
    repair_mojibake: bool = True
    repair_abbreviation_breaks: bool = True
    repair_run_together: bool = True
    repair_hyphenation: bool = True
    repair_wrapped_lines: bool = True
    repair_possessives: bool = True
    min_repeated_block: int = 3
    site: SiteRules = field(default_factory=SiteRules)
    related_share: float = 0.2
    max_partners: int = 10
    min_menu_lines: int = 4
    min_edge_run: int = 3
    max_control_share: float = 0.05
    line_model: bool = True
    min_model_lines: int = 20
    max_wrapped_share: float = 0.5
    language: LanguageOptions | None = field(default_factory=LanguageOptions)
    page_dates: bool = True


def control_share(text: str) -> float:
    """Share of characters that no text has: C0 controls (not whitespace) and U+FFFD."""
    if not text:
        return 0.0
    encoded = text.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, CONTROL_BYTES))
    return (controls + text.count(REPLACEMENT_CHARACTER)) / len(text)


def _units(lines: list[str], min_menu_lines: int) -> list[Unit]:
    menu_lines = {i for run in menu_runs(lines, min_lines=min_menu_lines) for i in run}
    # Whether each line is prose wrapped into the next (the last one into nothing): each pair
    # of neighbours judged once.
    following_lines = [*lines[1:], ""] if lines else []
    wraps = [
        is_wrapped(line, following) for line, following in zip(lines, following_lines, strict=True)
    ]
    units = []
    for line_index, line in enumerate(lines):
        continues = line_index > 0 and wraps[line_index - 1]
        continued = wraps[line_index]
        segments = split_segments(line)
        for position, segment in enumerate(segments):
            key = segment_key(segment.text)
            if line_index in menu_lines:
                shape = Shape(MENU_REASON, strong=True)
            else:
                shape = segment_shape(segment.text, counted_words_of_key(segment.text, key))
                if (continues or continued) and not shape.strong:
                    shape = ARTICLE  # a piece of a sentence wrapped over lines is not a label
            # The pieces of a sentence broken over lines are not sentences: never hash them.
            fragment = (continues and position == 0) or (
                continued and position == len(segments) - 1
            )
            wrapped = continues or continued
            units.append(Unit(line_index, segment, key, shape, fragment, wrapped=wrapped))
    return units


def repetition_reason(unit: Unit, repetition: Repetition) -> str:
    """The site's count where the site memory knows the unit: it spans earlier runs too."""
    if unit.site_pages:
        return f"repeated on {unit.site_pages} pages of {unit.site}"
    count = repetition.documents(unit.key)
    publishers = repetition.publishers[unit.key]
    if len(publishers) == 1 and "" not in publishers:
        return f"repeated across {count} articles of {next(iter(publishers))}"
    return f"repeated across {count} articles"


def _repeated(unit: Unit) -> bool:
    return unit.recurring or unit.site_pages > 0


def _flagged(unit: Unit) -> bool:
    return _repeated(unit) or bool(unit.shape.reason)


def remove_repeated_blocks(units: list[Unit], repetition: Repetition, min_block: int) -> None:
    """Remove the recurring part of a boilerplate-like run at the head or tail.

    A run is a maximal stretch of units that each recur in unrelated documents or are shaped
    like boilerplate.  Its recurring part (first to last recurring unit) is boilerplate when
    the run touches the head or tail and holds ``min_block`` recurring units or two that are
    shaped like boilerplate themselves.  A unit under a large share of its site's articles
    (``site_wide``) is boilerplate even alone: at the tail with what follows it, at the head
    with what precedes it (not the formulaic sentences of the site's news beside it).
    """
    start = 0
    while start < len(units):
        if not _flagged(units[start]):
            start += 1
            continue
        end = start
        while end < len(units) and _flagged(units[end]):
            end += 1
        recurring = [i for i in range(start, end) if _repeated(units[i])]
        shaped = [i for i in recurring if units[i].shape.reason]
        enough = len(recurring) >= min_block or len(shaped) >= 2
        site_wide = [i for i in recurring if units[i].site_wide]
        span = None
        if enough and (start == 0 or end == len(units)):
            span = (recurring[0], recurring[-1])
        elif site_wide and end == len(units):
            span = (site_wide[0], recurring[-1])
        elif site_wide and start == 0:
            span = (recurring[0], site_wide[-1])
        if span is not None:
            reason = repetition_reason(units[span[0]], repetition)
            for unit in units[span[0] : span[1] + 1]:
                unit.removed = reason
        start = end


def trim_edge(
    units: list[Unit], *, tail: bool, min_run: int, kept: frozenset[str] = frozenset()
) -> None:
    """Remove weakly shaped units at the head or tail: beside removed boilerplate, or when
    ``min_run`` of them stand together (a page's navigation, a list of links).  A unit of a
    ``kept`` shape ends the edge."""
    order = range(len(units) - 1, -1, -1) if tail else range(len(units))
    walked = []
    for index in order:
        unit = units[index]
        if not (unit.removed or unit.shape.reason) or (
            not unit.removed and unit.shape.reason in kept
        ):
            break
        walked.append(unit)
    weak = sum(1 for unit in walked if not unit.removed)
    beside_boilerplate = any(unit.removed for unit in walked)
    if not (beside_boilerplate or weak >= min_run):
        return
    where = "tail" if tail else "head"
    why = "beside boilerplate" if beside_boilerplate else f"in a run of {weak} such lines"
    for unit in walked:
        if not unit.removed:
            unit.removed = f"{unit.shape.reason}, at the {where} {why}"


def remove_strong_at_edge(units: list[Unit], *, tail: bool) -> None:
    """Remove the strongly shaped units of the run of shaped or removed units at the head or
    tail (the weak ones beside them go with ``trim_edge``)."""
    order = range(len(units) - 1, -1, -1) if tail else range(len(units))
    for index in order:
        unit = units[index]
        if not (unit.removed or unit.shape.reason):
            return
        if unit.shape.strong and not unit.removed:
            unit.removed = unit.shape.reason


def remove_signed_appeal(units: list[Unit]) -> None:
    """An appeal opened by its signature ("A Message from The Moscow Times:") after the article
    runs to the document's end: a letter to readers, however it is worded, even where no
    other document of the run repeats it."""
    for index, unit in enumerate(units):
        if unit.shape.reason == SIGNATURE_REASON and index > 0:
            reason = f"appeal after '{unit.segment.text}'"
            for later in units[index + 1 :]:
                later.removed = later.removed or reason
            return


def unlikely_lines(lines: list[str], model: LineModel) -> frozenset[int]:
    """The lines of one page that the line model scores below its threshold."""
    probabilities = model.article_probabilities(lines)
    return frozenset(int(i) for i in (probabilities < model.threshold).nonzero()[0])


def decide_removals(
    units: list[Unit],
    repetition: Repetition,
    options: CleanOptions,
    *,
    extracted: bool,
    unlikely: frozenset[int] | None = None,
) -> None:
    """``extracted``: the text comes from an HTML extractor that already judged the page's
    structure, so weak shapes alone (a short closing line, a list) are not removed.
    ``unlikely``: on a page the line model scored, the lines it takes for boilerplate.  The
    reasons of repetition and strong shape come first, being more specific; weak shapes are
    then left to the model, which learnt what they stand for from labelled pages."""
    remove_repeated_blocks(units, repetition, options.min_repeated_block)
    for unit in units:
        edge_only = extracted and unit.shape.reason in EDGE_ONLY_WHEN_EXTRACTED
        if unit.shape.strong and not unit.removed and not edge_only:
            unit.removed = unit.shape.reason
    for unit in units:
        if unlikely is not None and unit.line in unlikely and not unit.removed:
            unit.removed = LINE_MODEL_REASON
    remove_signed_appeal(units)
    if unlikely is not None:
        return
    if extracted:
        remove_strong_at_edge(units, tail=True)
        remove_strong_at_edge(units, tail=False)
    min_run = len(units) + 1 if extracted else options.min_edge_run
    kept = KEPT_AT_EDGE_WHEN_EXTRACTED if extracted else frozenset()
    trim_edge(units, tail=True, min_run=min_run, kept=kept)
    trim_edge(units, tail=False, min_run=min_run, kept=kept)


def _first_word(text: str) -> str:
    return text.split()[0] if text.split() else text


def _last_word(text: str) -> str:
    return text.split()[-1] if text.split() else text


def rebuild_lines(prepared: Prepared) -> tuple[list[str], list[Repair]]:
    """The kept units as paragraphs; a glued sentence end gets its space back."""
    paragraphs: list[list[str]] = []  # pieces joined once: a line can be megabytes long
    repairs = []
    previous: Unit | None = None
    previous_index = -1
    for index, unit in enumerate(prepared.units):
        if unit.removed:
            continue
        if previous is None or previous.line != unit.line:
            paragraphs.append([unit.segment.text])
        elif index == previous_index + 1:
            gap = prepared.lines[unit.line][previous.segment.end : unit.segment.start]
            if not gap and unit.segment.joint == "glued":
                gap = " "
                last, first = _last_word(previous.segment.text), _first_word(unit.segment.text)
                repairs.append(
                    Repair(f"{last}{first}", f"{last} {first}", "space after sentence end")
                )
            paragraphs[-1] += (gap, unit.segment.text)
        else:
            paragraphs[-1] += (" ", unit.segment.text)
        previous, previous_index = unit, index
    return ["".join(pieces) for pieces in paragraphs], repairs


def collect_removals(prepared: Prepared) -> list[Removal]:
    """One removal per run of consecutive units removed for the same reason."""
    removals: list[Removal] = []
    previous: Unit | None = None
    for unit in prepared.units:
        if not unit.removed:
            previous = None
            continue
        if previous is not None and previous.removed == unit.removed:
            same_line = previous.line == unit.line
            line = prepared.lines[unit.line]
            joint = line[previous.segment.end : unit.segment.start] if same_line else "\n"
            removals[-1].text += joint + unit.segment.text
        else:
            removals.append(Removal(unit.segment.text, unit.removed))
        previous = unit
    return removals


class CleanStage:
    """Keep the article, drop the rest, repair extraction damage; corpus-wide (see module)."""

    name = "clean"

    def __init__(
        self,
        options: CleanOptions | None = None,
        site_memory: SiteMemory | None = None,
        mapper: Mapper | None = None,
    ) -> None:
        """``site_memory``: what earlier runs learnt about each site (from the store); it
        learns this run's pages too.  Without one, the run's own pages teach each other.
        ``mapper``: where the per-document steps run (``wiredesk.distributed``; default here)."""
        self.options = options or CleanOptions()
        self.site_memory = site_memory
        self.mapper = mapper

    def run(self, docs: list[Document], stats: StageStats) -> None:
        mapper = self.mapper or in_process
        if shares_this_process(mapper) and self.options.language is not None and docs:
            preload_identifier()
        batches = mapper(prepare_batch, docs, self.options, mapper is not in_process)
        for batch in batches:
            absorb_counts(stats, batch.stats)
        prepared = []
        returned = flattened([batch.docs for batch in batches])
        items = flattened([batch.prepared for batch in batches])
        for doc, copy, item in zip(docs, returned, items, strict=True):
            adopt(doc, copy)
            if item is not None:
                item.doc = doc
                prepared.append(item)
        vocabulary = summed_vocabulary([batch.vocabulary for batch in batches])
        for item in prepared:
            self._join_hyphenated(item, vocabulary)
            self._infer_publisher(item)
        repetition = index_repetition(
            [[unit.key for unit in item.units] for item in prepared],
            [item.doc.publisher for item in prepared],
        )
        mark_recurring(
            [item.units for item in prepared],
            repetition,
            related_share=self.options.related_share,
            max_partners=self.options.max_partners,
        )
        sites = [site_of(item.doc.publisher, item.doc.url) for item in prepared]
        if self.site_memory is None:
            sites = sites_that_can_repeat(sites, self.options.site)
        mark_site_repeats(
            [(site, item.doc.id, item.units) for site, item in zip(sites, prepared, strict=True)],
            self.site_memory if self.site_memory is not None else SiteMemory(),
            self.options.site,
        )
        finished = mapper(finish_batch, prepared, self.options, repetition, vocabulary)
        for _, batch_stats in finished:
            absorb_counts(stats, batch_stats)
        for item, copy in zip(prepared, flattened([docs for docs, _ in finished]), strict=True):
            adopt(item.doc, copy)
        self._drop_site_forms(prepared, stats)

    def _drop_site_forms(self, prepared: list[Prepared], stats: StageStats) -> None:
        """Drop pages whose text their site prints under several headlines: a form or a
        notice the extraction took for the article (``one_text_under_many_headlines``)."""
        kept = [item.doc for item in prepared if not item.doc.skip_reason]
        min_pages = self.options.site.min_articles
        pages = [(d.id, site_of(d.publisher, d.url), d.title, d.text) for d in kept]
        repeated = one_text_under_many_headlines(pages_of_busy_sites(pages, min_pages), min_pages)
        for doc in kept:
            if doc.id in repeated:
                stats.drop(
                    doc, "no article text (its site prints the same text under other headlines)"
                )

    def _score_lines(self, prepared: list[Prepared]) -> None:
        """The line model's verdicts for text input long enough to be a whole page."""
        pages = [item for item in prepared if self._is_flattened_page(item)]
        if not (self.options.line_model and pages):
            return
        # Text input only: an HTML run never loads the model.
        from wiredesk.clean.line_model import load_line_model

        model = load_line_model()
        for item in pages:
            item.unlikely_lines = unlikely_lines(item.lines, model)

    def _is_flattened_page(self, item: Prepared) -> bool:
        """Text input that looks like a whole page flattened to lines (see the options)."""
        if item.doc.raw_format == "html" or len(item.lines) < self.options.min_model_lines:
            return False
        wrapped = len({unit.line for unit in item.units if unit.wrapped})
        return wrapped <= self.options.max_wrapped_share * len(item.lines)

    def _prepare(self, doc: Document, stats: StageStats) -> Prepared | None:
        """Extraction and the repairs that come before cutting; None when dropped."""
        if not doc.raw.strip():
            stats.drop(doc, "no article text (empty input)")
            return None
        if control_share(doc.raw) > self.options.max_control_share:
            stats.drop(doc, "no article text (binary or undecodable input)")
            return None
        text = doc.raw
        if doc.raw_format == "html":
            try:
                # A date the input gives stands (see _take_metadata): the page's is not needed.
                with_date = self.options.page_dates and doc.published is None
                article = extract_html(doc.raw, self.options.html, with_date=with_date)
            except UnreadableHtml as exc:
                stats.drop(doc, f"no article text ({exc})")
                return None
            if article is None:
                stats.drop(doc, "no article text in the HTML")
                return None
            self._take_metadata(doc, article)
            text = article.text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if self.options.repair_mojibake:
            text, fixed = repair_fns.fix_mojibake(text)
            doc.repairs.extend(fixed)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if self.options.repair_abbreviation_breaks:
            lines, joined = repair_fns.join_abbreviation_breaks(lines)
            doc.repairs.extend(joined)
        return Prepared(doc, lines, _units(lines, self.options.min_menu_lines))

    @staticmethod
    def _take_metadata(doc: Document, article) -> None:
        doc.title = doc.title or article.title
        doc.published = doc.published or article.published or doc.fetched
        if not doc.publisher and article.site_name:
            doc.publisher, doc.publisher_inferred = article.site_name, True

    @staticmethod
    def _infer_publisher(item: Prepared) -> None:
        if item.doc.publisher:
            return
        for unit in item.units:
            outlet = signature_outlet(unit.segment.text)
            if outlet:
                item.doc.publisher, item.doc.publisher_inferred = outlet, True
                return

    def _join_hyphenated(self, item: Prepared, vocabulary: repair_fns.Vocabulary) -> None:
        """Needs the corpus's words, so it comes after the other line repairs."""
        if not self.options.repair_hyphenation:
            return
        lines, joined = repair_fns.join_hyphenated_breaks(item.lines, vocabulary)
        if joined:
            item.doc.repairs.extend(joined)
            item.lines, item.units = lines, _units(lines, self.options.min_menu_lines)

    def _finish(self, item: Prepared, vocabulary: repair_fns.Vocabulary, stats: StageStats) -> None:
        doc = item.doc
        removals = collect_removals(item)
        lines, spaced = rebuild_lines(item)
        doc.removed.extend(removals)
        doc.repairs.extend(spaced)
        if self.options.repair_wrapped_lines:
            lines, unwrapped = repair_fns.unwrap_lines(lines, self.options.max_wrapped_share)
            doc.repairs.extend(unwrapped)
        stats.count("boilerplate pieces removed", len(removals))
        stats.count("characters removed", sum(len(r.text) for r in removals))
        if not lines:
            stats.drop(doc, "no article text (only boilerplate)")
            return
        # Sentences addressed to the reader that trafilatura kept are an HTML page's own text
        # (an advice column is written to "you"), not labels.
        text_reasons = {"", *(KEPT_AT_EDGE_WHEN_EXTRACTED if doc.raw_format == "html" else ())}
        if not any(
            reads_as_article(unit_text(item, unit), unit, text_reasons)
            for unit in item.units
            if not unit.removed
        ):
            stats.drop(doc, "no article text (only short lines, labels and calls to action)")
            return
        self._identify_language(doc, "\n".join(lines), stats)
        if is_english(doc.language):
            lines = self._repair_words(lines, vocabulary, doc)
        doc.text = "\n".join(lines)
        stats.count("repairs", len(doc.repairs))

    def _identify_language(self, doc: Document, text: str, stats: StageStats) -> None:
        if self.options.language is None:
            return
        guess = identify_language(text, self.options.language)
        doc.language, doc.language_confidence = guess.code, guess.confidence
        stats.count(f"language {guess.code}" if guess.code else "language undecided")

    def _repair_words(
        self, lines: list[str], vocabulary: repair_fns.Vocabulary, doc: Document
    ) -> list[str]:
        apostrophes_lost = self.options.repair_possessives and (
            repair_fns.has_possessive_candidate(lines)
            and repair_fns.article_lost_apostrophes(lines)
        )
        by_line = repair_fns.apostrophes_by_line(lines) if apostrophes_lost else []
        # The markup already separates an HTML page's words: on WCXB article dev pages 363 of
        # 427 splits there were wrong ("stockouts" -> "stock outs").
        split_words = self.options.repair_run_together and doc.raw_format != "html"
        repaired = []
        for index, line in enumerate(lines):
            if split_words:
                line, fixed = repair_fns.split_run_together(line, vocabulary)
                doc.repairs.extend(fixed)
            if apostrophes_lost:
                line, fixed = repair_fns.restore_possessives(
                    line, vocabulary, apostrophes_lost=True, apostrophe=by_line[index]
                )
                doc.repairs.extend(fixed)
            repaired.append(line)
        return repaired


# --- The per-document steps as batch functions (``wiredesk.distributed``) ------------------
#
# Both run on a Dask worker when the run has a cluster: extraction and the first repairs
# before the corpus-wide steps, the removals and the word repairs after them.  The repetition
# index and the site memory are decided on the client: whether a shared block recurs needs the
# units of the documents sharing it, wherever they were prepared.


@dataclass(slots=True)
class PreparedBatch:
    """What :func:`prepare_batch` made of a batch: its documents, each one's prepared form
    (None where dropped), the drops, and the words of the batch for the run's vocabulary."""

    docs: list[Document]
    prepared: list[Prepared | None]
    stats: StageStats
    vocabulary: repair_fns.Vocabulary


def prepare_batch(docs: list[Document], options: CleanOptions, count_words: bool) -> PreparedBatch:
    """Extraction and the repairs that need no other document.  ``count_words``: count the
    batch's vocabulary here, to be summed with the other batches' (a lone batch is the whole
    run's and is counted only when a repair asks)."""
    stage = CleanStage(options)
    stats = StageStats(name=CleanStage.name)
    prepared = [stage._prepare(doc, stats) for doc in docs]
    vocabulary = repair_fns.Vocabulary.from_documents(p.lines for p in prepared if p is not None)
    if count_words:
        vocabulary.attested("")  # counts on first use: here, on the worker
        vocabulary.documents = []  # the counts stand for the lines, which need not travel
    return PreparedBatch(docs, prepared, stats, vocabulary)


def finish_batch(
    items: list[Prepared],
    options: CleanOptions,
    repetition: Repetition,
    vocabulary: repair_fns.Vocabulary,
) -> tuple[list[Document], StageStats]:
    """The line model, the removals and the word repairs of prepared documents whose units
    the corpus-wide steps have marked."""
    stage = CleanStage(options)
    stats = StageStats(name=CleanStage.name)
    stage._score_lines(items)
    for item in items:
        decide_removals(
            item.units,
            repetition,
            options,
            extracted=item.doc.raw_format == "html",
            unlikely=item.unlikely_lines,
        )
        stage._finish(item, vocabulary, stats)
    return [item.doc for item in items], stats


def summed_vocabulary(parts: list[repair_fns.Vocabulary]) -> repair_fns.Vocabulary:
    """The run's vocabulary from its batches' (each counted already, unless it is the only one):
    every count is a sum over documents, so the sum of the batches' is the run's."""
    if len(parts) <= 1:
        return parts[0] if parts else repair_fns.Vocabulary()
    total = repair_fns.Vocabulary()
    for counts in fields(repair_fns.Vocabulary):
        if isinstance(getattr(parts[0], counts.name), Counter):
            summed: Counter = Counter()
            for part in parts:
                summed.update(getattr(part, counts.name))
            setattr(total, counts.name, summed)
    return total


def pages_of_busy_sites(
    pages: list[tuple[str, str, str, str]], min_pages: int
) -> list[tuple[str, str, str, str]]:
    """The pages (id, site, title, text) whose site has at least ``min_pages`` titled pages
    with text: only such a site can print one text under that many headlines, and the others'
    texts need not be normalised to be compared (most sites of a run have a page or two)."""
    titled = Counter(
        site for _, site, title, text in pages if site and title.strip() and text.strip()
    )
    return [page for page in pages if titled[page[1]] >= min_pages]


def unit_text(item: Prepared, unit: Unit) -> str:
    return item.lines[unit.line][unit.segment.start : unit.segment.end]


def reads_as_article(text: str, unit: Unit, text_reasons: set[str]) -> bool:
    """Whether a kept unit is article text: shaped like it, and not about the site's own
    subscriptions, newsletters or e-mail notifications ("Email notifications are only sent once
    a day"). Such a sentence stays in an article, but a page with nothing else is a form."""
    return unit.shape.reason in text_reasons and not CALL_TO_ACTION.search(text)
