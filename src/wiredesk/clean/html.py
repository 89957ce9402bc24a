"""The article text and page metadata of an HTML page, through trafilatura (offline)."""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from wiredesk.clean.segments import segment_key

# libxml2 nests elements at most this deep: whatever comes deeper, and everything after it
# on the page, is lost without an error (a widget of 1,000 nested divs before the article
# leaves nothing to extract).
PARSER_MAX_DEPTH = 255
# Containers that only lay a page out: removing them loses no text.  A block ends a line;
# inline tags run on, as a browser shows them.
LAYOUT_TAGS = re.compile(r"</?(?:(div|section|center)|span|font)\b[^>]*>", re.IGNORECASE)
# Elements that never hold article text (taken out of a page over the size limit).
NON_TEXT_ELEMENTS = (
    "//script[not(contains(@type, 'ld+json'))] | //style | //noscript | //template"
    " | //*[local-name() = 'svg']"
)
# trafilatura's balanced mode retries an extraction that covers little of the page in recall
# mode; recall mode has no such retry the other way.  The same gates, reversed: a recall
# extraction under SHORT_PAGE_SHARE of the page's text is compared with the balanced one, kept
# unless that is ACCEPT_RATIO times longer.  (trafilatura also retries only extractions under
# 3,000 characters: without that cap, WCXB article dev 0.944 against 0.943, 25 pages retried
# against 18, AEB the same.)
SHORT_PAGE_SHARE = 0.2
# Elements whose text is code, never shown.
CODE_ELEMENTS = ("script", "style")
ACCEPT_RATIO = 1.5
# Where a page names its headline: the article text starts with it more often than not, and
# the article body that both benchmarks' gold keeps leaves it out (the stage keeps it as the
# document's title).
HEADLINE_ELEMENTS = (
    "//h1 | //title | //meta[@property = 'og:title' or @name = 'twitter:title']/@content"
)
# A page title adds the site's name to the headline ("Headline | Site"): a first line this
# long that the page title holds is the headline too.
MIN_HEADLINE_IN_TITLE = 20


class UnreadableHtml(Exception):
    """The page cannot be read whole; ``str(exc)`` is the one-line reason."""


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What trafilatura found: ``text`` has one paragraph per line; metadata may be empty."""

    text: str
    title: str = ""
    site_name: str = ""
    published: date | None = None


@dataclass(kw_only=True, slots=True)
class HtmlOptions:
    """How trafilatura is asked.

    favor_precision: prefer leaving out doubtful blocks.  Off: on the WCXB dev pages (through
        this stage) it scored F1 0.918 against 0.924 for trafilatura's default balance.
    favor_recall: trafilatura keeps its own extraction of a long text (over 2,500 characters)
        without comparing it with readability's.  On: through this stage, WCXB article dev
        word-F1 0.933 against 0.934 with the comparison, AEB 0.950 against 0.951, for 14% and
        27% less CPU time.  Where recall mode finds little of a page (``covers_little``) the
        balanced extraction is tried too: in recall mode trafilatura can settle on one small
        block of a page whose article it finds in balanced mode (through this stage, WCXB
        article dev word-F1 0.936 to 0.944, 25 pages retried; AEB unchanged at 0.952).
    keep_headline: keep a first line that is the page's headline (``without_headline``).
        Off: AEB F1 0.955 to 0.958 (P 0.942 to 0.949), WCXB article dev 0.944 to 0.945: the
        gold of both leaves the headline out (AEB: 49 of the 49 first lines that are the
        page's headline, WCXB: 185 of 230).  On while the text is the only place that
        ``wiredesk extract`` shows the headline and the clean stage's contract starts the
        text with it.
    include_comments: reader comments are not the article.
    include_tables: tables in news articles carry figures that claims cite.
    with_metadata: read title, site name and date from the page when the document lacks them.
        The date is the markup's (htmldate without its search of the text), else one the
        text states as the publication date (``_stated_date``).
    max_html_chars: a longer page is read only if it falls under this size once its scripts,
        styles and comments are gone, and is dropped otherwise: trafilatura's time grows faster
        than the page (2 MB of paragraphs 2.5 s, 4 MB 8 s, 20 MB 3 minutes), and the largest
        of the 892 AEB and WCXB dev pages is 0.5 MB without them (1.8 MB with them).
    """

    favor_precision: bool = False
    favor_recall: bool = True
    keep_headline: bool = True
    include_comments: bool = False
    include_tables: bool = True
    with_metadata: bool = True
    max_html_chars: int = 2_000_000


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _reaches_parser_limit(tree) -> bool:
    # One location step per level: the work is linear in the number of elements.
    return bool(tree.xpath("/*" * PARSER_MAX_DEPTH))


def _without_layout(tag: re.Match) -> str:
    return "\n" if tag.group(1) else ""


@functools.cache
def _html_loader():
    """trafilatura's ``load_html``, its parser giving every element lxml.html's plain
    ``HtmlElement`` class.

    lxml.html's own lookup picks a class per tag (forms, inputs, labels have their own) in a
    Python call each time an element is touched from Python, and trafilatura's cleaning,
    extraction and copies of a page touch each element many times: the plain class is
    chosen inside lxml.  What the extraction reads (text, tags, attributes) is the same.
    """
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html
    from trafilatura.utils import HTML_PARSER

    HTML_PARSER.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement,
            comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity,
        )
    )
    return trafilatura.load_html


def _parse(html: str):
    """The page's lxml tree (None when it is not HTML at all); a page nested past the
    parser's limit is parsed again without its layout containers, which is where such
    nesting comes from (unclosed or generated divs, spans, fonts)."""
    load_html = _html_loader()
    tree = load_html(html)
    if tree is None or not _reaches_parser_limit(tree):
        return tree
    tree = load_html(LAYOUT_TAGS.sub(_without_layout, html))
    if tree is not None and _reaches_parser_limit(tree):
        raise UnreadableHtml(f"HTML nested deeper than the parser's {PARSER_MAX_DEPTH} levels")
    return tree


def _strip_non_text(tree) -> None:
    """Remove what never holds article text; JSON-LD stays (trafilatura reads metadata there)."""
    from lxml import etree

    for element in tree.xpath(NON_TEXT_ELEMENTS):
        element.drop_tree()
    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, with_tail=False)


def load_page(html: str, max_chars: int):
    """The page's tree, bounded in depth (see ``_parse``) and in size (``max_chars``)."""
    from lxml.html import tostring

    tree = _parse(html)
    if tree is None or len(html) <= max_chars:
        return tree
    _strip_non_text(tree)
    size = len(tostring(tree, encoding="unicode"))
    if size > max_chars:
        raise UnreadableHtml(
            f"HTML of {size:,} characters without scripts and styles, "
            f"over the {max_chars:,}-character limit"
        )
    return tree


def page_metadata(tree, *, with_date: bool = True) -> tuple[str, str, date | None]:
    """Title, site name and date of the page, as trafilatura's ``extract_metadata`` finds them
    (meta tags, then JSON-LD, then the markup) without the parts the stage never uses
    (authors, categories, tags, licence): on the AEB pages those took 2.5 s of its 3 s.
    ``with_date``: look for the date at all (not where the input gives one: the search of the
    text, through dateparser, is the slowest part)."""
    from htmldate import find_date
    from trafilatura import metadata as meta
    from trafilatura.settings import set_date_params

    found = meta.extract_meta_json(tree, meta.examine_meta(tree))
    found.title = found.title or meta.extract_title(tree)
    found.url = found.url or meta.extract_url(tree)
    found.sitename = found.sitename or meta.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (match := meta.META_URL.match(found.url)):
        found.sitename = match[1]
    found.clean_and_trim()
    if not with_date:
        return found.title or "", found.sitename or "", None
    published = _parse_date(find_date(tree, url=found.url, **set_date_params(extensive=False)))
    return found.title or "", found.sitename or "", published or _stated_date(tree)


# Where a page states its date, in the first characters of its text.
STATED_DATE_CHARS = 20_000
# "Published on March 14, 2024", "Updated: 14 March 2024", "Posted 2024-03-14".
_STATED_DATE = re.compile(
    r"\b(?:published|posted|updated)(?:\s+on)?:?\s+"
    r"(?:(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)"
    r"|(?P<day2>\d{1,2})\s+(?P<month2>[A-Z][a-z]+)\.?,?\s+(?P<year2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))",
    re.IGNORECASE,
)


@functools.cache
def _body_text_pieces():
    from lxml import etree

    # Plain strings: lxml's default ones each keep a reference to their element.
    return etree.XPath("//body//text()", smart_strings=False)


def _body_text_head(tree, limit: int) -> str:
    """The first ``limit`` characters of the body's text pieces joined by spaces, without
    joining the pieces past them."""
    pieces = _body_text_pieces()(tree)
    taken, size = 0, -1
    while taken < len(pieces) and size < limit:
        size += len(pieces[taken]) + 1
        taken += 1
    return " ".join(pieces[:taken])[:limit]


def _stated_date(tree) -> date | None:
    """The date a page's text gives as its publication date in so many words ("Published on
    March 14, 2024"), for a page whose markup has none.

    Not htmldate's extensive search of the text: on the 106 WCXB article dev pages whose
    markup has no date, it found 24 right dates against 23 wrong ones and 57 copyright-line
    January 1sts, at a sixth of the extraction's time; a wrong date misplaces the article for
    the stories and the claims' times, where none leaves the fetch date standing in. This
    pattern finds 7 right and 1 wrong there (3 more where the gold has no date).
    """
    found = _STATED_DATE.search(_body_text_head(tree, STATED_DATE_CHARS))
    if found is None:
        return None
    if found["iso"]:
        return _parse_date(found["iso"])
    written = f"{found['day'] or found['day2']} {found['month'] or found['month2']} "
    written += found["year"] or found["year2"]
    for month_format in ("%d %B %Y", "%d %b %Y"):  # "March", "Mar"
        try:
            return datetime.strptime(written, month_format).date()
        except ValueError:
            continue
    return None


def extract_html(html: str, options: HtmlOptions, *, with_date: bool = True) -> HtmlArticle | None:
    """The article of one page, or None when trafilatura finds no text or cannot parse it;
    :class:`UnreadableHtml` when the page is too deeply nested or too large to be read.
    ``with_date``: look for the page's date (see :func:`page_metadata`)."""

    # trafilatura logs every unparseable page at ERROR; the stage reports the drop instead.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        tree = load_page(html, options.max_html_chars)
        if tree is None:
            return None
        text = _article_text(tree, options)
        if not text.strip():
            return None
        if not options.with_metadata:
            return HtmlArticle(text=text)
        title, site_name, published = page_metadata(tree, with_date=with_date)
    except RecursionError:
        raise UnreadableHtml("HTML nested too deeply to extract") from None
    except (ValueError, TypeError, AttributeError, LookupError):
        return None
    return HtmlArticle(text=text, title=title, site_name=site_name, published=published)


def _trafilatura_text(tree, options: HtmlOptions, *, favor_recall: bool) -> str:
    import trafilatura

    # The tree is copied by trafilatura before it prunes it: the caller can read it again.
    result = trafilatura.bare_extraction(
        tree,
        favor_precision=options.favor_precision,
        favor_recall=favor_recall,
        include_comments=options.include_comments,
        include_tables=options.include_tables,
        with_metadata=False,
    )
    return (result.text or "") if result is not None else ""


def covers_little(text: str, tree) -> bool:
    """An extraction that holds little of the page's visible text (as trafilatura measures
    it: without menus, footers and the like)."""
    from trafilatura import html2txt

    # The body's text outside scripts and styles, menus included, bounds the visible text from
    # above: most extractions are told apart without cleaning a copy of the page, which
    # trafilatura's measure does (17 of the 181 AEB pages are left to measure it on).
    if len(text) >= SHORT_PAGE_SHARE * text_bound(tree):
        return False
    return len(text) < SHORT_PAGE_SHARE * len(html2txt(tree))


def text_bound(tree) -> int:
    """At least the length of the page's visible text: each piece of the body's text with a
    space after it, less what scripts and styles hold."""
    body = tree.find(".//body")
    if body is None:
        return 0
    # Summed through map: a page has thousands of pieces, and a generator's frame per piece
    # cost more than the rest of the measure.
    pieces = list(body.itertext())
    code = [element.text or "" for element in body.iter(*CODE_ELEMENTS)]
    return _stripped_length(pieces) + len(pieces) - _stripped_length(code) - len(code)


def _stripped_length(pieces: list[str]) -> int:
    return sum(map(len, map(str.strip, pieces)))


def _article_text(tree, options: HtmlOptions) -> str:
    """trafilatura's text in the options' mode; a recall extraction that covers little of
    the page gives way to a much longer balanced one (see ``HtmlOptions.favor_recall``)."""
    text = _trafilatura_text(tree, options, favor_recall=options.favor_recall)
    if options.favor_recall and covers_little(text, tree):
        balanced = _trafilatura_text(tree, options, favor_recall=False)
        text = balanced if len(balanced) > ACCEPT_RATIO * len(text) else text
    return text if options.keep_headline else without_headline(text, page_headlines(tree))


def page_headlines(tree) -> list[str]:
    """The words of each place the page names its headline (``HEADLINE_ELEMENTS``)."""
    found = tree.xpath(HEADLINE_ELEMENTS)
    named = [item if isinstance(item, str) else item.text_content() for item in found]
    return [key for key in map(segment_key, named) if key]


def without_headline(text: str, headlines: list[str]) -> str:
    """``text`` without its first line where that line is the page's headline: the same
    words as one of ``headlines``, or, long enough, part of one (a page title)."""
    first, _, rest = text.lstrip("\n").partition("\n")
    key = segment_key(first)
    if not key or not rest.strip():
        return text
    for headline in headlines:
        if key == headline or (len(key) >= MIN_HEADLINE_IN_TITLE and key in headline):
            return rest
    return text
