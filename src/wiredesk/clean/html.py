"""The article text and page metadata of an HTML page, through trafilatura (offline)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

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
    include_comments: reader comments are not the article.
    include_tables: tables in news articles carry figures that claims cite.
    with_metadata: read title, site name and date from the page when the document lacks them.
        The date is looked for in the page's markup first and in its whole text (htmldate's
        extensive search, which parses dates with dateparser) only where the markup has
        none: on the 181 AEB pages that search took 29.5 s against 1.0 s, and found a date
        the markup lacks on 2 of them.
    max_html_chars: a longer page is read only if it falls under this size once its scripts,
        styles and comments are gone, and is dropped otherwise: trafilatura's time grows faster
        than the page (2 MB of paragraphs 2.5 s, 4 MB 8 s, 20 MB 3 minutes), and the largest
        of the 892 AEB and WCXB dev pages is 0.5 MB without them (1.8 MB with them).
    """

    favor_precision: bool = False
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


def _parse(html: str):
    """The page's lxml tree (None when it is not HTML at all); a page nested past the
    parser's limit is parsed again without its layout containers, which is where such
    nesting comes from (unclosed or generated divs, spans, fonts)."""
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None or not _reaches_parser_limit(tree):
        return tree
    tree = trafilatura.load_html(LAYOUT_TAGS.sub(_without_layout, html))
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


def extract_html(html: str, options: HtmlOptions) -> HtmlArticle | None:
    """The article of one page, or None when trafilatura finds no text or cannot parse it;
    :class:`UnreadableHtml` when the page is too deeply nested or too large to be read."""
    import trafilatura
    from htmldate import find_date
    from trafilatura.settings import set_date_params

    # trafilatura logs every unparseable page at ERROR; the stage reports the drop instead.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        tree = load_page(html, options.max_html_chars)
        if tree is None:
            return None
        result = trafilatura.bare_extraction(
            tree,
            favor_precision=options.favor_precision,
            include_comments=options.include_comments,
            include_tables=options.include_tables,
            with_metadata=options.with_metadata,
            date_extraction_params=set_date_params(extensive=False),
        )
        published = _parse_date(result.date) if result is not None else None
        if result is not None and published is None and options.with_metadata:
            published = _parse_date(find_date(tree, **set_date_params(extensive=True)))
    except RecursionError:
        raise UnreadableHtml("HTML nested too deeply to extract") from None
    except (ValueError, TypeError, AttributeError, LookupError):
        return None
    if result is None or not (result.text or "").strip():
        return None
    return HtmlArticle(
        text=result.text,
        title=result.title or "",
        site_name=result.sitename or "",
        published=published,
    )
