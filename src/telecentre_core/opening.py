"""Opening days and hours: when a centre can be used (rule 7).

A centre is open on a day when its lifecycle says it is open, the day is not
one of its own closures, not a public holiday of its territory (unless the
network's policy keeps it open on that holiday), and its weekly hours have
that weekday. Public holidays come from the ``holidays`` package, for France
and the subdivisions it knows (Alsace-Moselle keeps Good Friday and
St Stephen's Day; each overseas département has its abolition of slavery
day), read from the centre's commune.

>>> import datetime as dt
>>> from telecentre_core.opening import TimeRange, WeeklyHours, public_holiday
>>> hours = WeeklyHours.weekdays("09:00-12:30", "13:30-18:00")
>>> [str(span) for span in hours.on(dt.date(2011, 4, 25))]
['09:00-12:30', '13:30-18:00']
>>> public_holiday("15", dt.date(2011, 4, 25)).slug
'easter-monday'
>>> public_holiday("67", dt.date(2011, 4, 22)).slug, public_holiday("15", dt.date(2011, 4, 22))
('good-friday', None)
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final

import attrs

from . import _validate as v
from .dates import END_OF_DAY, instant
from .errors import InvalidValue

__all__ = [
    "DEFAULT_HOURS",
    "DEFAULT_UNITS",
    "BookableUnit",
    "ClosedReason",
    "Closure",
    "DayOpening",
    "PublicHoliday",
    "TimeRange",
    "Weekday",
    "WeeklyHours",
    "holiday_slugs",
    "public_holiday",
]


class Weekday(enum.StrEnum):
    """A day of the week, as written in a network file (``monday`` ... ``sunday``)."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        """The weekday of ``day``."""
        return _WEEKDAYS[day.weekday()]


_WEEKDAYS: Final = tuple(Weekday)
_HOUR: Final = Decimal(3600)
_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)|(24):(00)", re.ASCII)


def _clock(text: str) -> dt.time:
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValueError(text)
    if match.group(3):
        return END_OF_DAY
    return dt.time(int(match.group(1)), int(match.group(2)))


def _show(time: dt.time) -> str:
    return "24:00" if time == END_OF_DAY else f"{time:%H:%M}"


def _time_of_day(field: str) -> v.Validator[dt.time]:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, dt.time) or value.tzinfo is not None:
            raise InvalidValue(field, value, "must be a local time of day (no time zone)")
        if value != END_OF_DAY and (value.second or value.microsecond):
            raise InvalidValue(field, value, "must be whole minutes")

    return check


@attrs.frozen(kw_only=True, order=True)
class TimeRange:
    """A span of local time within one day, ``start`` included, ``end`` excluded.

    Written ``"09:00-12:30"`` in files; ``24:00`` is the end of the day
    (``telecentre_core.dates.END_OF_DAY``). Local times: their length in real
    hours depends on the day (see :meth:`hours_on`).

    >>> TimeRange.parse("13:30-18:00").start
    datetime.time(13, 30)
    >>> str(TimeRange.parse("20:00-24:00"))
    '20:00-24:00'
    """

    start: dt.time = attrs.field(validator=_time_of_day("start"))
    end: dt.time = attrs.field(validator=_time_of_day("end"))

    def __attrs_post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValue("end", _show(self.end), f"must be after start ({_show(self.start)})")

    @classmethod
    def parse(cls, text: str) -> TimeRange:
        """The range written ``HH:MM-HH:MM``; raises :class:`InvalidValue` otherwise."""
        start, sep, end = text.partition("-") if isinstance(text, str) else ("", "", "")
        try:
            if not sep:
                raise ValueError(text)
            return cls(start=_clock(start.strip()), end=_clock(end.strip()))
        except ValueError:
            raise InvalidValue(
                "time", text, "must be a range of local times like '09:00-12:30'"
            ) from None

    def __str__(self) -> str:
        return f"{_show(self.start)}-{_show(self.end)}"

    def hours_on(self, day: dt.date, time_zone: str) -> Decimal:
        """The range's length on ``day`` in real hours, in ``time_zone``.

        01:00-04:00 lasts 2 hours on the night the clocks go forward, 4 on
        the night they go back; ``24:00`` is the next midnight.
        """
        seconds = (
            instant(day, self.end, time_zone) - instant(day, self.start, time_zone)
        ).total_seconds()
        return Decimal(int(seconds)) / _HOUR

    def contains(self, other: TimeRange) -> bool:
        """True when ``other`` lies wholly inside this range."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: TimeRange) -> bool:
        """True when the two ranges share a moment."""
        return self.start < other.end and other.start < self.end


def _ranges(field: str) -> Any:
    def convert(value: object) -> Any:
        value = v.as_tuple(value)
        if isinstance(value, tuple):
            return tuple(TimeRange.parse(item) if isinstance(item, str) else item for item in value)
        return value

    def check(_instance: object, _attribute: object, value: tuple[TimeRange, ...]) -> None:
        v.tuple_of(field, TimeRange, "a TimeRange")(_instance, _attribute, value)
        for index in range(1, len(value)):
            if value[index].start < value[index - 1].end:
                raise InvalidValue(
                    f"{field}[{index}]",
                    str(value[index]),
                    f"must start at or after the end of {value[index - 1]}, in order",
                )

    return attrs.field(default=(), converter=convert, validator=check)


@attrs.frozen(kw_only=True)
class WeeklyHours:
    """A centre's opening hours, week by week: for each weekday, its open ranges in order.

    One field per weekday, ``monday``, ``tuesday``, ``wednesday``,
    ``thursday``, ``friday``, ``saturday`` and ``sunday``, each a tuple of
    :class:`TimeRange` in order, without overlap. A weekday with no range is
    closed. In a file::

        [centres.hours]
        monday = ["09:00-12:30", "13:30-18:00"]
        saturday = ["09:00-12:00"]
    """

    monday: tuple[TimeRange, ...] = _ranges("monday")
    tuesday: tuple[TimeRange, ...] = _ranges("tuesday")
    wednesday: tuple[TimeRange, ...] = _ranges("wednesday")
    thursday: tuple[TimeRange, ...] = _ranges("thursday")
    friday: tuple[TimeRange, ...] = _ranges("friday")
    saturday: tuple[TimeRange, ...] = _ranges("saturday")
    sunday: tuple[TimeRange, ...] = _ranges("sunday")

    @classmethod
    def weekdays(cls, *ranges: str | TimeRange) -> WeeklyHours:
        """The same ``ranges`` Monday to Friday, closed at weekends."""
        spans = tuple(TimeRange.parse(item) if isinstance(item, str) else item for item in ranges)
        return cls(monday=spans, tuesday=spans, wednesday=spans, thursday=spans, friday=spans)

    def on(self, day: dt.date) -> tuple[TimeRange, ...]:
        """The ranges of ``day``'s weekday."""
        return self.of(Weekday.of(day))

    def of(self, weekday: Weekday) -> tuple[TimeRange, ...]:
        """The ranges of ``weekday``."""
        ranges: tuple[TimeRange, ...] = getattr(self, weekday.value)
        return ranges

    def is_empty(self) -> bool:
        """True when no weekday has any range (a centre that never opens)."""
        return not any(self.of(day) for day in _WEEKDAYS)


#: The hours a centre keeps unless it says otherwise: weekdays, 9:00 to 18:00.
#: The article does not say; this default is the library's (illustrative).
DEFAULT_HOURS: Final = WeeklyHours.weekdays("09:00-18:00")


def _as_range(value: object) -> Any:
    return TimeRange.parse(value) if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class BookableUnit:
    """A unit members book by name (its ``slug``): the centre's opening inside ``window``.

    The span booked on a day is what the centre's hours say that day inside
    the window: from its first opening to its last closing there. A centre
    open 9:00-12:30 and 13:30-18:00 books ``morning`` (window 00:00-13:00) as
    9:00-12:30 and ``day`` (00:00-24:00) as 9:00-18:00.
    """

    slug: str = attrs.field(validator=v.slug("slug"))
    window: TimeRange = attrs.field(
        converter=_as_range, validator=v.instance_of("window", TimeRange, "a TimeRange")
    )


#: The units a network books unless its policy says otherwise: morning, afternoon and the
#: full day, split at 13:00 local time (the library's choice; the article does not say).
DEFAULT_UNITS: Final = (
    BookableUnit(slug="morning", window=TimeRange.parse("00:00-13:00")),
    BookableUnit(slug="afternoon", window=TimeRange.parse("13:00-24:00")),
    BookableUnit(slug="day", window=TimeRange.parse("00:00-24:00")),
)


@attrs.frozen(kw_only=True)
class Closure:
    """A centre's own closure from ``first`` to ``last``, both included, and its ``reason``.

    >>> summer = Closure(first=dt.date(2011, 8, 1), last=dt.date(2011, 8, 15), reason="summer")
    >>> summer.covers(dt.date(2011, 8, 15)), summer.covers(dt.date(2011, 8, 16))
    (True, False)
    """

    first: dt.date = attrs.field(validator=v.date("first"))
    last: dt.date = attrs.field(validator=v.date("last"))
    reason: str = attrs.field(default="", validator=v.instance_of("reason", str, "a string"))

    def __attrs_post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidValue(
                "last", self.last, f"must be on or after first ({self.first.isoformat()})"
            )

    def covers(self, day: dt.date) -> bool:
        """True when the centre is closed on ``day`` by this closure."""
        return self.first <= day <= self.last


@lru_cache(maxsize=4096)
def _span_within(ranges: tuple[TimeRange, ...], window: TimeRange) -> TimeRange | None:
    # Few distinct hours and units in a network: each span is computed once, and shared.
    inside = [span for span in ranges if span.overlaps(window)]
    if not inside:
        return None
    return TimeRange(start=max(inside[0].start, window.start), end=min(inside[-1].end, window.end))


@attrs.frozen(kw_only=True)
class PublicHoliday:
    """A public holiday: its ``day``, a stable ``slug`` (``easter-monday``), its French ``name``."""

    day: dt.date
    slug: str
    name: str


class ClosedReason(enum.StrEnum):
    """Why a centre cannot be used on a day."""

    NOT_OPEN_YET = "not-open-yet"
    CLOSED_FOR_GOOD = "closed-for-good"
    PUBLIC_HOLIDAY = "public-holiday"
    CLOSURE = "closure"
    WEEKLY = "weekly-hours"


@attrs.frozen(kw_only=True)
class DayOpening:
    """How a centre opens on one ``day``: its open ``ranges``, or why it is closed.

    ``reason`` is None when it opens; ``detail`` says more in words: the
    holiday's French name, the closure's reason, the weekday; ``holiday`` is
    the public holiday when that is the reason.
    """

    day: dt.date
    ranges: tuple[TimeRange, ...] = ()
    reason: ClosedReason | None = None
    detail: str = ""
    holiday: PublicHoliday | None = None

    @property
    def is_open(self) -> bool:
        """True when the centre opens that day."""
        return self.reason is None

    def span_within(self, window: TimeRange) -> TimeRange | None:
        """The part of the day's opening inside ``window``: first opening to last closing.

        None when the centre does not open inside ``window``. A unit of the
        policy (``morning``) is booked as this span: what the centre's hours
        say that day.
        """
        return _span_within(self.ranges, window)

    def allows(self, span: TimeRange) -> bool:
        """True when the centre is open at the start and at the end of ``span``.

        A span may go across a break of the day (a full day at a centre
        closed at lunch time keeps its seat over lunch); it may not start
        before the centre opens, end after it closes, start while it is
        closed or end while it is closed.
        """
        starts = any(opening.start <= span.start < opening.end for opening in self.ranges)
        ends = any(opening.start < span.end <= opening.end for opening in self.ranges)
        return starts and ends

    def open_within(self, span: TimeRange) -> tuple[TimeRange, ...]:
        """The parts of ``span`` when the centre is open (without the breaks)."""
        parts = []
        for opening in self.ranges:
            if opening.overlaps(span):
                start, end = max(opening.start, span.start), min(opening.end, span.end)
                parts.append(TimeRange(start=start, end=end))
        return tuple(parts)


# Départements whose public holidays differ from metropolitan France, as the holidays
# package names them: Moselle (57) and Alsace (Bas-Rhin 67, Haut-Rhin 68) keep the local
# law of 1924; each overseas département has its own day for the abolition of slavery.
_SUBDIVISIONS: Final = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
}


def _slug(name: str) -> str:
    name = name.replace("'", "")  # New Year's Day -> new-years-day
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@lru_cache(maxsize=1024)
def _holidays(subdivision: str | None, year: int) -> dict[dt.date, PublicHoliday]:
    import holidays  # about 50 ms; only networks that ask for a calendar pay for it

    english = holidays.country_holidays("FR", subdiv=subdivision, years=year, language="en_US")
    french = holidays.country_holidays("FR", subdiv=subdivision, years=year, language="fr")
    # The names are translated by the package; the English one gives the stable slug.
    return {
        day: PublicHoliday(day=day, slug=_slug(name.split(";")[0]), name=french[day])
        for day, name in english.items()
    }


def public_holiday(departement: str, day: dt.date) -> PublicHoliday | None:
    """The public holiday on ``day`` in ``departement`` (``"15"``, ``"67"``, ``"974"``), or None."""
    return _holidays(_SUBDIVISIONS.get(departement), day.year).get(day)


@lru_cache(maxsize=1)
def holiday_slugs() -> frozenset[str]:
    """Every holiday slug a policy may name, in any département, from 2000 to 2050."""
    slugs: set[str] = set()
    for subdivision in (None, *sorted(set(_SUBDIVISIONS.values()))):
        for year in range(2000, 2051):
            slugs.update(holiday.slug for holiday in _holidays(subdivision, year).values())
    return frozenset(slugs)


def check_holiday_slugs(field: str, slugs: Iterable[str]) -> None:
    """Raise :class:`InvalidValue` for a slug that names no public holiday."""
    known = holiday_slugs()
    for index, slug in enumerate(slugs):
        if slug not in known:
            raise InvalidValue(
                f"{field}[{index}]",
                slug,
                "is not a French public holiday; expected one of " + ", ".join(sorted(known)),
            )
