"""Lost possessives restored with the article's own typography and from more kinds of
evidence (issue 3): quotation marks in markup say nothing, typeset dashes are a weak hint."""

from __future__ import annotations

from wiredesk.clean.repairs import apostrophe_for


def test_quotation_marks_inside_markup_are_not_the_writers() -> None:
    tweet = '<tweet id="12" author="@someone">Great day at the fair — see you there</tweet>'
    assert apostrophe_for([tweet], default="’") == "’"
    assert apostrophe_for(['<a href="x">He wrote "no"</a>'], default="’") == "'"


def test_typeset_dashes_decide_only_where_no_quotation_mark_does() -> None:
    assert apostrophe_for(["Four towns — all small — voted."]) == "’"
    assert apostrophe_for(["Four towns -- all small -- voted."], default="’") == "'"
    # One straight quotation mark outweighs a line of typeset dashes.
    assert apostrophe_for(['Two — three — four — "five".']) == "'"
