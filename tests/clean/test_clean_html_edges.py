"""Text extracted from HTML: strong shapes go only at its edges; page metadata and dates."""

from __future__ import annotations

from datetime import date

from wiredesk.clean import CleanOptions, CleanStage
from wiredesk.clean.html import (
    HtmlOptions,
    covers_little,
    extract_html,
    load_page,
    page_metadata,
    text_bound,
    without_headline,
)
from wiredesk.records import Document
from wiredesk.stage import StageStats

PARAGRAPH = (
    "<p>The regional council approved the new budget on Monday after a long debate "
    "about school funding, road repairs and the future of the ferry service.</p>"
)
# A list inside the article that looks like a menu, and a sentence that mentions a newsletter.
ARTICLE_LIST = "<ul><li>Schools</li><li>Roads</li><li>Ferries</li><li>Parks</li></ul>"
NEWSLETTER_SENTENCE = "<p>The council will publish a newsletter on the plan.</p>"
TAIL_APPEAL = "<p>Subscribe to our newsletter for more local news.</p>"


def page(body: str, head: str = "<title>Budget approved</title>") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def cleaned(raw: str, options: CleanOptions | None = None) -> Document:
    doc = Document(id="a", raw=raw, raw_format="html")
    CleanStage(options).run([doc], StageStats(name="clean"))
    return doc


def test_menu_like_list_and_a_sentence_with_a_call_to_action_word_stay_inside_the_article():
    doc = cleaned(page(PARAGRAPH * 2 + ARTICLE_LIST + NEWSLETTER_SENTENCE + PARAGRAPH * 2))
    for kept in ("Schools", "Roads", "Ferries", "Parks", "publish a newsletter"):
        assert kept in doc.text


def test_a_call_to_action_at_the_tail_of_the_article_is_removed():
    doc = cleaned(page(PARAGRAPH * 3 + TAIL_APPEAL))
    assert "Subscribe" not in doc.text
    assert [r.reason for r in doc.removed] == ["call to action"]


def test_a_sentence_to_the_reader_at_the_head_stays_beside_a_label():
    opening = "<p>You may have noticed the new ferry timetable at the harbour this week.</p>"
    doc = cleaned(page("<p>Advertisement</p>" + opening + PARAGRAPH * 3))
    assert doc.text.startswith("You may have noticed")
    assert "Advertisement" not in doc.text


def test_page_metadata_reads_title_site_and_date_from_the_markup():
    head = (
        "<title>Budget approved</title>"
        '<meta property="og:site_name" content="The Valley Courier">'
        '<meta property="article:published_time" content="2024-03-14T09:00:00Z">'
    )
    tree = load_page(page(PARAGRAPH * 3, head), 2_000_000)
    assert page_metadata(tree) == ("Budget approved", "The Valley Courier", date(2024, 3, 14))


def test_a_copyright_year_alone_gives_no_date():
    footer = "<footer><p>© 2023 The Valley Courier. All rights reserved.</p></footer>"
    html = page(PARAGRAPH * 3).replace("</body>", footer + "</body>")
    article = extract_html(html, HtmlOptions())
    assert article is not None
    assert article.published is None


def test_a_date_the_input_gives_stands_and_the_page_is_not_searched_for_one(monkeypatch):
    import htmldate

    def searched(*args, **kwargs):
        raise AssertionError("the page was searched for a date")

    monkeypatch.setattr(htmldate, "find_date", searched)
    head = (
        "<title>Budget approved</title>"
        '<meta property="og:site_name" content="The Valley Courier">'
        '<meta property="article:published_time" content="2024-03-14T09:00:00Z">'
    )
    doc = Document(id="a", raw=page(PARAGRAPH * 3, head), raw_format="html")
    doc.published = date(2024, 3, 15)
    CleanStage().run([doc], StageStats(name="clean"))
    assert (doc.published, doc.title, doc.publisher) == (
        date(2024, 3, 15),
        "Budget approved",
        "The Valley Courier",
    )
    tree = load_page(page(PARAGRAPH * 3, head), 2_000_000)
    assert page_metadata(tree, with_date=False) == ("Budget approved", "The Valley Courier", None)


def test_a_short_extraction_from_a_long_page_covers_little_of_it():
    from lxml import html

    tree = html.fromstring(f"<html><body>{PARAGRAPH * 40}</body></html>")
    assert covers_little("A single short block.", tree)
    assert not covers_little("The council met. " * 200, tree)
    assert not covers_little("The whole article. " * 100, html.fromstring(page(PARAGRAPH)))


def test_a_recall_extraction_that_covers_little_gives_way_to_a_much_longer_balanced_one(
    monkeypatch,
):
    from wiredesk.clean import html as html_module

    long_page = page(PARAGRAPH * 40)
    texts = {True: "One teaser line.", False: "The council met. " * 200}
    monkeypatch.setattr(
        html_module, "_trafilatura_text", lambda tree, options, *, favor_recall: texts[favor_recall]
    )
    assert extract_html(long_page, HtmlOptions(with_metadata=False)).text == texts[False]
    texts[False] = "One teaser line, too."
    assert extract_html(long_page, HtmlOptions(with_metadata=False)).text == texts[True]


def test_the_headline_line_can_be_left_out_of_the_article_text_and_kept_as_its_title():
    headline = "<h1>Council approves the new budget</h1>"
    head = "<title>Council approves the new budget | The Valley Gazette</title>"
    body = page(headline + PARAGRAPH * 3, head=head)
    assert cleaned(body).text.startswith("Council approves the new budget\n")
    doc = cleaned(body, CleanOptions(html=HtmlOptions(keep_headline=False)))
    assert doc.text.startswith("The regional council approved")
    assert doc.title.startswith("Council approves the new budget")


def test_a_first_line_is_the_headline_only_with_the_same_words_or_long_enough_in_a_title():
    headlines = ["council approves the new budget the valley gazette", "budget"]
    text = "Council approves the new budget\nThe council met."
    assert without_headline(text, headlines) == "The council met."
    assert without_headline("Budget\nThe council met.", headlines) == "The council met."
    assert without_headline("Council\nThe council met.", headlines) == "Council\nThe council met."
    assert without_headline("Budget", headlines) == "Budget"


def test_the_text_bound_counts_what_a_reader_sees_and_not_scripts():
    from lxml import html

    script = "<script>" + "var x = 1;" * 500 + "</script>"
    tree = html.fromstring(f"<html><body>{script}<p>Short text.</p><p>More.</p></body></html>")
    assert len("Short text. More.") <= text_bound(tree) < 40


def test_an_html_article_written_to_the_reader_is_kept():
    advice = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "You can renew your mooring permit at the harbour office on any weekday morning.",
            "Bring your boat's papers and the receipt for last year's fee when you go.",
            "If your boat is longer than ten metres, you will need a second form as well.",
        )
    )
    doc = cleaned(page(advice, "<title>How to renew a mooring permit</title>"))
    assert not doc.skip_reason
    assert doc.text.startswith("You can renew your mooring permit")
    # the same sentences as plain text are judged without trafilatura's page structure
    text = Document(id="t", raw="\n".join(("Renew a permit", "You can renew it here.")))
    CleanStage().run([text], StageStats(name="clean"))
    assert text.skip_reason


def test_every_element_of_a_page_has_the_plain_html_class():
    from lxml.html import HtmlElement

    tree = load_page(
        page(PARAGRAPH + "<form><label>Name</label><input name='q'></form>"), 2_000_000
    )
    assert {type(element) for element in tree.iter("form", "label", "input", "p")} == {HtmlElement}
    assert "regional council" in tree.find(".//p").text_content()
