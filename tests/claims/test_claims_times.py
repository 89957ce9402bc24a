"""Time expressions resolved against the publication date, from sentences written for these tests.

The resolver tests need no model; the claims-path and command tests load it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wiredesk.claims.times import add_months, date_claims, resolve_time
from wiredesk.records import Claim, Time
from wiredesk.serialize import claim_from_dict, claim_to_dict

THURSDAY = date(2024, 10, 17)  # publication date for most cases below
SUNDAY = date(2024, 10, 20)


def days(text: str, published: date | None = THURSDAY) -> tuple[str | None, str | None]:
    time = resolve_time(text, published)
    return time.start, time.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", ("2024-10-16", "2024-10-16")),
        ("today", ("2024-10-17", "2024-10-17")),
        ("this morning", ("2024-10-17", "2024-10-17")),
        ("tomorrow", ("2024-10-18", "2024-10-18")),
        ("five days ago", ("2024-10-12", "2024-10-12")),
        ("a month ago", ("2024-09-17", "2024-09-17")),
        ("10 years ago", ("2014-10-17", "2014-10-17")),
    ],
)
def test_days_counted_from_publication(text, expected):
    assert days(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Thursday publication: a weekday is the most recent one at or before it.
        ("on Tuesday", ("2024-10-15", "2024-10-15")),
        ("Thursday", ("2024-10-17", "2024-10-17")),
        ("on Friday", ("2024-10-11", "2024-10-11")),
        ("last Thursday", ("2024-10-10", "2024-10-10")),
        ("next Monday", ("2024-10-21", "2024-10-21")),
        ("on Wednesday evening", ("2024-10-16", "2024-10-16")),
    ],
)
def test_weekdays(text, expected):
    assert days(text) == expected


def test_weekend_before_a_weekday_and_on_a_sunday():
    assert days("over the weekend") == ("2024-10-12", "2024-10-13")
    assert days("over the weekend", SUNDAY) == ("2024-10-19", "2024-10-20")
    assert days("next weekend") == ("2024-10-19", "2024-10-20")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last week", ("2024-10-07", "2024-10-13")),
        ("this week", ("2024-10-14", "2024-10-20")),
        ("next week", ("2024-10-21", "2024-10-27")),
        ("last month", ("2024-09-01", "2024-09-30")),
        ("earlier this month", ("2024-10-01", "2024-10-17")),
        ("later this month", ("2024-10-17", "2024-10-31")),
        ("late last month", ("2024-09-21", "2024-09-30")),
        ("next year", ("2025-01-01", "2025-12-31")),
        ("early this year", ("2024-01-01", "2024-04-30")),
        ("earlier this year", ("2024-01-01", "2024-10-17")),
    ],
)
def test_calendar_periods(text, expected):
    assert days(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the past two weeks", ("2024-10-03", "2024-10-17")),
        ("the last week", ("2024-10-10", "2024-10-17")),
        ("over the past year", ("2023-10-17", "2024-10-17")),
        ("within the next three days", ("2024-10-17", "2024-10-20")),
        ("in the coming week", ("2024-10-17", "2024-10-24")),
    ],
)
def test_windows_reaching_back_or_ahead_from_publication(text, expected):
    assert days(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A month without a year: the most recent one not after the publication's.
        ("in October", ("2024-10-01", "2024-10-31")),
        ("in November", ("2023-11-01", "2023-11-30")),
        ("since mid-July", ("2024-07-11", "2024-10-17")),
        ("in late Sept.", ("2024-09-21", "2024-09-30")),
        ("last October", ("2023-10-01", "2023-10-31")),
        ("in early February 2022", ("2022-02-01", "2022-02-10")),
        # A day of a month: the one nearest publication, ahead or behind.
        ("on Oct. 2", ("2024-10-02", "2024-10-02")),
        ("on November 5", ("2024-11-05", "2024-11-05")),
        ("on 28 December", ("2024-12-28", "2024-12-28")),
        ("on 28 April", ("2024-04-28", "2024-04-28")),
        ("on the 3rd of January", ("2025-01-03", "2025-01-03")),
    ],
)
def test_months_and_days_without_a_year(text, expected):
    assert days(text) == expected


def test_a_leap_day_without_a_year_lands_in_a_leap_year():
    assert days("on February 29", date(2025, 1, 10)) == ("2024-02-29", "2024-02-29")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on July 4, 1998", ("1998-07-04", "1998-07-04")),
        ("in 2015", ("2015-01-01", "2015-12-31")),
        ("late 2021", ("2021-09-01", "2021-12-31")),
        ("the 1990s", ("1990-01-01", "1999-12-31")),
        ("in the second quarter of 2023", ("2023-04-01", "2023-06-30")),
        ("in the summer of 2020", ("2020-06-01", "2020-08-31")),
        ("since June 2019", ("2019-06-01", None)),
    ],
)
def test_absolute_times_resolve_without_a_publication_date(text, expected):
    time = resolve_time(text, None)
    assert time.resolved
    assert (time.start, time.end) == expected


def test_since_runs_to_publication_when_it_is_known():
    assert days("since June 2019") == ("2019-06-01", "2024-10-17")


def test_seasons_relative_to_publication():
    assert days("last summer") == ("2024-06-01", "2024-08-31")
    assert days("this spring") == ("2024-03-01", "2024-05-31")
    assert days("last winter") == ("2023-12-01", "2024-02-29")


@pytest.mark.parametrize(
    "text", ["yesterday", "in March", "on Monday", "last week", "three days ago", "on May 1"]
)
def test_relative_times_stay_unresolved_without_a_publication_date(text):
    assert resolve_time(text, None) == Time(text=text)


@pytest.mark.parametrize(
    "text",
    [
        "three weeks",
        "for decades",
        "the night",
        "a week before",
        "on February 30",
        "in the coming months",
    ],
)
def test_durations_and_impossible_days_stay_unresolved(text):
    time = resolve_time(text, THURSDAY)
    assert not time.resolved
    assert time.start is None and time.end is None
    assert time.text == text


def test_text_is_kept_as_written():
    assert resolve_time("Since mid-January", date(2025, 2, 11)).text == "Since mid-January"


def test_add_months_keeps_within_the_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 15), -15) == date(2022, 12, 15)


def test_date_claims_resolves_each_time_in_order():
    claim = Claim(source=[], cue=[], content=[], times=["on Monday", "in 2019"])
    date_claims([claim], THURSDAY)
    assert [t.start for t in claim.resolved_times] == ["2024-10-14", "2019-01-01"]
    assert claim.times == ["on Monday", "in 2019"]


def test_resolved_times_survive_the_json_round_trip():
    claim = Claim(source=[], cue=[], content=[], times=["last week"])
    date_claims([claim], THURSDAY)
    data = json.loads(json.dumps(claim_to_dict(claim)))
    assert data["times"] == ["last week"]  # the field as it was, beside the new one
    assert data["resolved_times"][0]["start"] == "2024-10-07"
    assert claim_from_dict(data) == claim


@pytest.mark.model
def test_four_digits_before_a_time_zone_are_a_time_of_day_not_a_year():
    from wiredesk.claims import extract_claims

    (clock,) = extract_claims(
        "Dealers said that at 1141 GMT the index was down 10 points.", published=date(2024, 3, 4)
    )
    assert clock.resolved_times == []
    (built,) = extract_claims(
        "The museum said the bridge was built in 1430.", published=date(2024, 3, 4)
    )
    assert [t.start for t in built.resolved_times] == ["1430-01-01"]


@pytest.mark.model
def test_a_likelihood_or_a_plan_looks_ahead():
    from wiredesk.claims import extract_claims

    def november(text: str) -> str:
        (claim,) = extract_claims(text, published=date(2024, 4, 22))
        return claim.resolved_times[0].start

    assert november("Voters said they are less likely to vote for him in November.") == "2024-11-01"
    assert november("The union said it plans to strike in November.") == "2024-11-01"
    assert november("The minister said exports fell in November.") == "2023-11-01"
    assert november("Police said he was likely to have left in November.") == "2023-11-01"


@pytest.mark.model
def test_claims_path_resolves_against_the_publication_date():
    from wiredesk.claims import extract_claims

    text = "The port authority said on Monday that the cranes had been idle since early March."
    (claim,) = extract_claims(text, published=date(2024, 3, 20))
    by_text = {t.text: t for t in claim.resolved_times}
    assert (by_text["on Monday"].start, by_text["on Monday"].end) == ("2024-03-18", "2024-03-18")
    since = by_text["since early March"]
    assert (since.start, since.end, since.resolved) == ("2024-03-01", "2024-03-20", True)
    (undated,) = extract_claims(text)
    assert [t.resolved for t in undated.resolved_times] == [False, False]
    assert undated.times == claim.times


@pytest.mark.model
def test_claims_command_takes_the_date_from_the_input_or_the_option(tmp_path: Path):
    from wiredesk.cli import app

    text = "The mayor said the bridge closed last week."
    rows = [
        {"id": "dated", "text": text, "published": "2024-10-17"},
        {"id": "undated", "text": text},
    ]
    path = tmp_path / "bridge.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["claims", "--no-clean", "--date", "2024-05-08", str(path)])
    assert result.exit_code == 0, result.output
    out = {row["id"]: row for row in map(json.loads, result.stdout.splitlines())}
    (dated,) = out["dated"]["claims"][0]["resolved_times"]
    assert (dated["start"], dated["end"]) == ("2024-10-07", "2024-10-13")
    (undated,) = out["undated"]["claims"][0]["resolved_times"]
    assert (undated["start"], undated["end"]) == ("2024-04-29", "2024-05-05")


@pytest.mark.model
def test_seed_report_times_resolve_against_the_date_a_user_gives(seeds_dir):
    from wiredesk.claims import extract_claims

    raw = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    article = raw.split("A Message from The Moscow Times:")[0]
    claims = extract_claims(article, published=date(2025, 2, 11))
    resolved = {t.text: (t.start, t.end) for c in claims for t in c.resolved_times}
    assert resolved["Since mid-January"] == ("2025-01-11", "2025-02-11")
    assert resolved["In December"] == ("2024-12-01", "2024-12-31")
    assert resolved["Friday"] == ("2025-02-07", "2025-02-07")
    assert resolved["last month"] == ("2025-01-01", "2025-01-31")


def test_times_of_a_future_verb_resolve_forward():
    # THURSDAY is 2024-10-17
    assert resolve_time("on Friday", THURSDAY, ahead=True).start == "2024-10-18"
    assert resolve_time("on Thursday", THURSDAY, ahead=True).start == "2024-10-17"
    assert resolve_time("on Monday", THURSDAY, ahead=True).start == "2024-10-21"
    assert resolve_time("last Friday", THURSDAY, ahead=True).start == "2024-10-11"
    december = resolve_time("in December", THURSDAY, ahead=True)
    assert (december.start, december.end) == ("2024-12-01", "2024-12-31")
    assert resolve_time("in March", THURSDAY, ahead=True).start == "2025-03-01"
    assert resolve_time("in March", THURSDAY).start == "2024-03-01"
    assert resolve_time("in March 2023", THURSDAY, ahead=True).start == "2023-03-01"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "friday"),
    [
        ("The minister said the talks will resume on Friday.", "2024-10-18"),
        ("The union said its members would not work on Friday and will vote on Monday.", None),
        ("The minister said the talks resumed on Friday.", "2024-10-11"),
        ("The council said the bridge is due to reopen on Friday.", "2024-10-18"),
        ("The minister said on Friday that the talks will resume.", "2024-10-11"),
        ("The ministry said the talks could resume on Friday.", "2024-10-18"),
        ("Police said the man may have died on Friday.", "2024-10-11"),
    ],
)
def test_the_tense_of_the_verb_a_weekday_hangs_on_decides_its_direction(text, friday):
    from wiredesk.claims import extract_claims

    resolved = {
        t.text.removeprefix("on "): t.start
        for claim in extract_claims(text, published=THURSDAY, spans="rules")
        for t in claim.resolved_times
    }
    if friday is None:  # "will vote on Monday": the Monday after publication
        assert resolved["Monday"] == "2024-10-21"
    else:
        assert resolved["Friday"] == friday


@pytest.mark.model
def test_four_digits_no_news_year_could_be_are_no_time():
    from wiredesk.claims import extract_claims

    (address,) = extract_claims(
        "Police said the party was at the resort at 7801 East Lake Street.",
        published=date(2024, 3, 4),
    )
    assert address.resolved_times == []
    (plan,) = extract_claims("Officials said the plan runs to 2050.", published=date(2024, 3, 4))
    assert [t.start for t in plan.resolved_times] == ["2050-01-01"]
