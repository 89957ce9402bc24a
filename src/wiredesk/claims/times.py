"""Time expressions in a claim: found as written, then resolved against the publication date.

A resolved time is a range of days, first and last included: "in December" -> the whole month,
"on Monday" -> one day, "since mid-January" -> from the 11th of January to the publication
date. The conventions, where a reader has to pick one:

- a weekday ("on Monday", "Friday") is the most recent such day at or before publication;
  "last Friday" the most recent one before it, "next Friday" the first one after it;
- a month without a year ("in December") is the most recent such month not after the
  publication's; a month with a day ("on Feb. 20") is that day in the year nearest publication;
- "last week" is the whole calendar week (Monday to Sunday) before the publication's week,
  "last month" and "last year" the calendar month and year before; "this week" the week of
  publication; "earlier this month" runs from the first of the month to publication;
- early, mid and late part a month into days 1-10, 11-20 and 21 to the end, and a year into
  January-April, May-August and September-December;
- "N days/weeks/months/years ago" is the one day that far back; "the past three months" runs
  from three months before publication to it, "within the next two months" from publication
  to two months after;
- seasons are the northern meteorological ones (summer: June to August).

Relative expressions stay unresolved (``resolved`` false, no dates) when the publication date
is unknown; absolute ones ("on March 3, 2023", "in 2019", "the 1970s") resolve without it.
Durations ("three weeks", "for decades") have no place on the calendar and stay unresolved.
The tense of the verb a time hangs on is read from the parse: "will meet on Friday" (will,
shall, 'll, or "due/set/scheduled/expected/going to") looks ahead, so a bare weekday is the
first such day at or after publication and a month without a year the first such month from
publication's on; "met on Friday" and every other tense keep the conventions above.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from wiredesk.records import Claim, Time

# Prepositions that frame a time and belong to how it was written ("since mid-January").
TIME_PREPOSITIONS = frozenset(
    [
        "since",
        "in",
        "on",
        "until",
        "by",
        "within",
        "before",
        "after",
        "during",
        "from",
        "through",
        "throughout",
        "over",
    ]
)

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name[i].lower() for i in range(7))}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "couple of": 2,
}  # fmt: skip
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4}
# Meteorological seasons: first month, and how many months on from it.
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# (first day, last day) of a month's early, mid and late part; 31 means its last day.
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
# (first month, last month) of a year's early, mid and late part.
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_DAY_PARTS = r"(?:\s+(?:morning|afternoon|evening|night))?"

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_PART = r"(?:(?P<part>early|mid|late)(?:\s*-\s*|\s+)(?:in\s+)?)?"
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT = r"(?P<unit>day|week|month|year)s?"

DayRange = tuple[date, date]  # first and last day, both included


# What the small model tags DATE and is no time: an age ("a 19-year-old man", "Mason, 21,")
# or a bare number that is not a year (a street number, a phone short code): years in news
# run from 1000 to 2099 ("at 7801 East State Street" is an address).
_NOT_A_TIME = re.compile(
    r"(?i)\d+(?:\s*-\s*|\s+)(?:year|month|week|day)s?(?:\s*-\s*|\s+)old|\d{1,3}|\d{5,}"
    r"|[03-9]\d{3}|2[1-9]\d{2}"
)


# Zones and words after four digits that make them a time of day: "at 1141 GMT", "1430 hours".
_CLOCK_WORDS = frozenset(
    {"gmt", "utc", "est", "edt", "cet", "cest", "bst", "local", "hours", "hrs"}
)


def _clock_time(entity) -> bool:
    """ "At 1141 GMT the index was down": a time of day, no year 1141."""
    words = entity.text.split()
    following = entity.doc[entity.end].lower_ if entity.end < len(entity.doc) else ""
    return (
        bool(words)
        and len(words[0]) == 4
        and words[0].isdigit()
        and (following in _CLOCK_WORDS or any(w.lower() in _CLOCK_WORDS for w in words[1:]))
    )


def _framed_times(sentence, time_entities: list, excluded: list[tuple[int, int]]):
    """Each DATE or TIME entity in ``sentence`` outside ``excluded``, with its text as written
    including the preposition that frames it ("since mid-January")."""
    doc = sentence.doc
    for entity in time_entities:
        if entity.start < sentence.start or entity.end > sentence.end:
            continue
        if _NOT_A_TIME.fullmatch(entity.text) or _clock_time(entity):
            continue
        if any(start <= entity.start < end for start, end in excluded):
            continue
        start = entity.start
        if start > sentence.start and doc[start - 1].lower_ in TIME_PREPOSITIONS:
            start -= 1
        yield entity, doc[start : entity.end].text


def time_expressions(sentence, time_entities: list, excluded: list[tuple[int, int]]) -> list[str]:
    """The document's DATE and TIME entities that lie in ``sentence``, as written, with the
    preposition that frames them; none inside ``excluded`` token ranges (the claim's source)."""
    return [text for _, text in _framed_times(sentence, time_entities, excluded)]


def future_time_expressions(
    sentence, time_entities: list, excluded: list[tuple[int, int]]
) -> list[str]:
    """Those of :func:`time_expressions` whose verb looks ahead ("will meet on Friday")."""
    return [
        text
        for entity, text in _framed_times(sentence, time_entities, excluded)
        if _looks_ahead(entity.root)
    ]


_FUTURE_AUXILIARIES = frozenset({"will", "'ll", "’ll", "shall", "wo"})  # "wo" of "won't"
_FORWARD_MODALS = frozenset({"would", "could", "may", "might", "can", "should", "must", "'d"})
_PERFECT_AUXILIARIES = frozenset({"have", "has", "had", "'ve"})
# "is due to arrive", "are set to meet", "is going to vote": the verb after them is ahead.
_FUTURE_FRAMES = frozenset(
    {"due", "set", "scheduled", "expected", "going", "poised", "likely", "unlikely", "plan"}
    | {"plans", "intend", "intends", "hope", "hopes", "ready", "about"}
)


def _looks_ahead(token) -> bool:
    """Whether the verb that ``token`` (a time's head) hangs on is in a future form."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxiliaries = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(word in _FUTURE_AUXILIARIES for word in auxiliaries):
        return True
    # "talks could resume on Thursday", "would meet on Friday": a modal before a bare verb
    # looks ahead; "may have died on Thursday" looks back.
    if any(word in _FORWARD_MODALS for word in auxiliaries) and not any(
        word in _PERFECT_AUXILIARIES for word in auxiliaries
    ):
        return True
    frame = verb.head
    return (
        verb.dep_ == "xcomp"
        and frame.lower_ in _FUTURE_FRAMES
        and any(child.lower_ == "to" for child in verb.children)
        and not any(word in _PERFECT_AUXILIARIES for word in auxiliaries)
    )


def date_claims(claims: list[Claim], published: date | None) -> list[Claim]:
    """Sets every claim's ``resolved_times`` from its times as written; returns ``claims``."""
    for claim in claims:
        claim.resolved_times = [
            resolve_time(text, published, ahead=text in claim.future_times) for text in claim.times
        ]
    return claims


def resolve_time(text: str, published: date | None, *, ahead: bool = False) -> Time:
    """``text`` as a range of days, resolved against ``published`` where it needs it;
    ``ahead``: its verb is in a future form, so a bare weekday or month lies ahead."""
    words = " ".join(text.lower().replace("’", "'").split()).strip(" ,.;:")
    preposition, _, rest = words.partition(" ")
    if preposition not in TIME_PREPOSITIONS or not rest:
        preposition, rest = "", words
    days = _resolve(rest, published, ahead)
    if days is None and rest.startswith("the "):
        days = _resolve(rest[4:], published, ahead)
    if days is None:
        return Time(text=text)
    first, last = days
    if preposition == "since":
        last = published  # type: ignore[assignment]
    return Time(
        text=text,
        start=first.isoformat(),
        end=last.isoformat() if last else None,
        resolved=True,
    )


def _resolve(words: str, published: date | None, ahead: bool) -> DayRange | None:
    for pattern, needs_date, resolver in _RULES:
        match = pattern.fullmatch(words)
        if match is None:
            continue
        if needs_date(match) and published is None:
            return None
        try:
            if ahead and resolver in _FORWARD:
                return _FORWARD[resolver](match, published)
            return resolver(match, published)
        except ValueError:  # a day the calendar lacks: "February 30"
            return None
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int) -> DayRange:
    return date(year, month, 1), _month_end(year, month)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, kept within the month it lands in (Jan 31 + 1 -> Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: date, unit: str, count: int) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    return add_months(day, count * (12 if unit == "year" else 1))


def _count(match: re.Match) -> int:
    word = match.group("count")
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _part_of_month(year: int, month: int, part: str | None) -> DayRange:
    if not part:
        return _month_span(year, month)
    first, last = _MONTH_PARTS[part]
    return date(year, month, first), date(year, month, min(last, _month_end(year, month).day))


def _month_year(month: int, published: date | None, which: str | None) -> int:
    """The year of a month named without one: the most recent not after publication;
    "last December" the one before publication's month, "next March" the one after it."""
    assert published is not None
    if which == "next":
        return published.year if month > published.month else published.year + 1
    if which == "last":
        return published.year if month < published.month else published.year - 1
    return published.year if month <= published.month else published.year - 1


def _named_month(match: re.Match, published: date | None) -> DayRange:
    month = _MONTHS[match.group("month")]
    if match.group("year"):
        year = int(match.group("year"))
    else:
        year = _month_year(month, published, match.group("which"))
    return _part_of_month(year, month, match.group("part"))


def _month_day(match: re.Match, published: date | None) -> DayRange:
    month, day = _MONTHS[match.group("month")], int(match.group("day"))
    if match.group("year"):
        year = int(match.group("year"))
    else:
        assert published is not None
        candidates = [
            year
            for year in (published.year - 1, published.year, published.year + 1)
            if day <= calendar.monthrange(year, month)[1]
        ]
        year = min(candidates, key=lambda y: abs((date(y, month, day) - published).days))
    if day > calendar.monthrange(year, month)[1]:
        raise ValueError(f"no day {day} in month {month} of {year}")
    return date(year, month, day), date(year, month, day)


def _year_span(match: re.Match, published: date | None) -> DayRange:
    year = int(match.group("year"))
    part = match.group("part")
    first, last = _YEAR_PARTS[part] if part else (1, 12)
    return date(year, first, 1), _month_end(year, last)


def _quarter(match: re.Match, published: date | None) -> DayRange:
    year = int(match.group("year"))
    quarter = _ORDINALS[match.group("ordinal")]
    return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)


def _decade(match: re.Match, _published: date | None) -> DayRange:
    start = int(match.group("decade"))
    return date(start, 1, 1), date(start + 9, 12, 31)


def _named_day(offset: int) -> Callable[[re.Match, date | None], DayRange]:
    def resolve(_match: re.Match, published: date | None) -> DayRange:
        assert published is not None
        day = published + timedelta(days=offset)
        return day, day

    return resolve


def _weekday(match: re.Match, published: date | None) -> DayRange:
    assert published is not None
    wanted, which = _WEEKDAYS[match.group("weekday")], match.group("which")
    back = (published.weekday() - wanted) % 7
    if which in ("next", "coming"):
        day = published + timedelta(days=(wanted - published.weekday()) % 7 or 7)
    else:
        day = published - timedelta(days=back or (7 if which == "last" else 0))
    return day, day


def _weekday_ahead(match: re.Match, published: date | None) -> DayRange:
    """A bare weekday of a future verb: the first such day at or after publication."""
    if match.group("which"):
        return _weekday(match, published)
    assert published is not None
    wanted = _WEEKDAYS[match.group("weekday")]
    day = published + timedelta(days=(wanted - published.weekday()) % 7)
    return day, day


def _named_month_ahead(match: re.Match, published: date | None) -> DayRange:
    """A month of a future verb, named without a year: the first such month from
    publication's on ("will vote in December", published in March: this December)."""
    if match.group("which") or match.group("year"):
        return _named_month(match, published)
    assert published is not None
    month = _MONTHS[match.group("month")]
    year = published.year if month >= published.month else published.year + 1
    return _part_of_month(year, month, match.group("part"))


def _weekend(match: re.Match, published: date | None) -> DayRange:
    assert published is not None
    which = match.group("which")
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)
    if which == "next" or (which == "this" and saturday < published - timedelta(days=1)):
        saturday = published + timedelta(days=(5 - published.weekday()) % 7 or 7)
    elif which == "last" and published.weekday() >= 5:
        saturday -= timedelta(weeks=1)
    return saturday, saturday + timedelta(days=1)


def _calendar_period(match: re.Match, published: date | None) -> DayRange:
    """last/this/next week, month or year, optionally "earlier"/"later" or a part of it."""
    assert published is not None
    unit, which = match.group("unit"), match.group("which")
    offset = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
        first, last = monday, monday + timedelta(days=6)
    elif unit == "month":
        moved = add_months(published, offset)
        first, last = _month_span(moved.year, moved.month)
        if match.group("part"):
            first, last = _part_of_month(moved.year, moved.month, match.group("part"))
    else:
        year = published.year + offset
        months = _YEAR_PARTS[match.group("part")] if match.group("part") else (1, 12)
        first, last = date(year, months[0], 1), _month_end(year, months[1])
    relation = match.group("relation")
    if relation == "earlier":
        last = min(last, published)
    elif relation == "later":
        first = max(first, published)
    return first, last


def _ago(match: re.Match, published: date | None) -> DayRange:
    assert published is not None
    day = _shift(published, match.group("unit"), -_count(match))
    return day, day


def _window(match: re.Match, published: date | None) -> DayRange:
    """ "the past three months", "the next two weeks", "within the next two months"."""
    assert published is not None
    count = _count(match) if match.group("count") else 1
    if (match.group("direction") or match.group("bare")) in ("next", "coming"):
        return published, _shift(published, match.group("unit"), count)
    return _shift(published, match.group("unit"), -count), published


def _season(match: re.Match, published: date | None) -> DayRange:
    first_month = _SEASONS[match.group("season")]
    if match.group("year"):
        year = int(match.group("year"))
        start_year = year if first_month != 12 else year - 1
    else:
        assert published is not None
        start_year = published.year
        if date(start_year, first_month, 1) > published:
            start_year -= 1
        which = match.group("which")
        ends = add_months(date(start_year, first_month, 1), 3) - timedelta(days=1)
        if which == "last" and ends >= published:
            start_year -= 1
        elif which == "next":
            start_year += 1
    start = date(start_year, first_month, 1)
    return start, add_months(start, 3) - timedelta(days=1)


def _always(_match: re.Match) -> bool:
    return True


def _never(_match: re.Match) -> bool:
    return False


def _without_year(match: re.Match) -> bool:
    return not match.group("year")


_WHICH = r"(?:(?P<which>last|this|next|past|coming)\s+)?"
_YEAR = r"(?P<year>\d{4})"
_RULES: list[tuple[re.Pattern, Callable[[re.Match], bool], Callable]] = [
    (re.compile(r"(?:today|this (?:morning|afternoon|evening)|tonight)"), _always, _named_day(0)),
    (re.compile(r"(?:yesterday|last night)" + _DAY_PARTS), _always, _named_day(-1)),
    (re.compile(r"tomorrow" + _DAY_PARTS), _always, _named_day(1)),
    (re.compile(_COUNT + r"\s+" + _UNIT + r"\s+ago"), _always, _ago),
    # "the last week" is the seven days before publication, "last week" the calendar week.
    (
        re.compile(
            r"(?:the\s+)?(?P<direction>past|last|next|coming)\s+" + _COUNT + r"\s+" + _UNIT
            + r"(?P<bare>)"
        ),
        _always,
        _window,
    ),
    (
        re.compile(
            # one unit only: "the coming months" says no more than "soon"
            r"(?:the\s+(?P<direction>past|last|next|coming)|(?P<bare>past|coming))\s+"
            r"(?P<unit>day|week|month|year)(?P<count>)"
        ),
        _always,
        _window,
    ),
    (
        re.compile(
            r"(?:(?P<relation>earlier|later)\s+)?(?:(?P<part>early|mid|late)(?:\s*-\s*|\s+))?"
            r"(?P<which>last|this|next)\s+(?P<unit>week|month|year)"
        ),
        _always,
        _calendar_period,
    ),
    (re.compile(_WHICH + _WEEKDAY + _DAY_PARTS), _always, _weekday),
    (re.compile(_WHICH + r"weekend"), _always, _weekend),
    (
        re.compile(
            _WHICH + r"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?" + _YEAR + ")?"
        ),
        _without_year,
        _season,
    ),
    (
        re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _YEAR + r")?"),
        _without_year,
        _month_day,
    ),
    (
        re.compile(
            r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + ")?"
        ),
        _without_year,
        _month_day,
    ),
    (
        re.compile(_PART + _WHICH + _MONTH + r"(?:,?\s+(?:of\s+)?" + _YEAR + r")?"),
        _without_year,
        _named_month,
    ),
    (
        re.compile(r"(?P<ordinal>first|second|third|fourth|last)\s+quarter(?:\s+of)?\s+" + _YEAR),
        _never,
        _quarter,
    ),
    (re.compile(_PART + _YEAR), _never, _year_span),
    (re.compile(r"(?P<decade>\d{3}0)'?s"), _never, _decade),
]  # fmt: skip
# How a rule resolves when the time's verb looks ahead, where that differs.
_FORWARD: dict[Callable, Callable] = {
    _weekday: _weekday_ahead,
    _named_month: _named_month_ahead,
}
