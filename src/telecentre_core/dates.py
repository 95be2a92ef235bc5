"""Time helpers: the one module that talks to pendulum.

Dates and times live in the network's time zone (rule 7). Other modules ask
here for "today in this zone", whether a zone name exists, or the aware
moment of a local time of day (and whether the clocks skip it), so that the
pendulum and time zone traps (``parse()`` defaulting to UTC, silent shifts of
non-existent local times, times that happen twice) are handled in one place.

>>> from telecentre_core.dates import is_time_zone, parse_date
>>> is_time_zone("Europe/Paris"), is_time_zone("Europe/Aurillac")
(True, False)
>>> parse_date("2012-02-29")
datetime.date(2012, 2, 29)
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pendulum

__all__ = [
    "DEFAULT_TIME_ZONE",
    "END_OF_DAY",
    "add_months",
    "days_between",
    "instant",
    "is_time_zone",
    "local_datetime",
    "local_time_exists",
    "now",
    "parse_date",
    "today",
    "zone",
]

#: The time zone of metropolitan France, the default for a network.
DEFAULT_TIME_ZONE = "Europe/Paris"

#: The end of a day, written ``24:00`` in opening hours: midnight at the start of the next day.
END_OF_DAY = dt.time.max

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=64)
def zone(name: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    """The pendulum time zone called ``name``; raises ValueError if there is none."""
    try:
        return pendulum.timezone(name)
    except Exception as error:  # pendulum raises its own InvalidTimezone, a ValueError subclass
        raise ValueError(f"unknown time zone {name!r}") from error


def is_time_zone(name: object) -> bool:
    """True when ``name`` is an IANA time zone name pendulum knows (``Europe/Paris``)."""
    if not isinstance(name, str) or not name or ("/" not in name and name != "UTC"):
        return False
    try:
        zone(name)
    except ValueError:
        return False
    return True


def today(time_zone: str = DEFAULT_TIME_ZONE) -> dt.date:
    """Today's date in ``time_zone`` (not the machine's, not UTC)."""
    zone(time_zone)  # unknown zones raise ValueError, not pendulum's own error
    now = pendulum.now(time_zone)
    return dt.date(now.year, now.month, now.day)


def now() -> dt.datetime:
    """The current moment, aware, in UTC (for time stamps, not for the network's days)."""
    return dt.datetime.now(dt.UTC)


def parse_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` calendar date; raises ValueError for anything else.

    Stricter than pendulum's parser on purpose: no times, no week dates, no
    guessing.
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the end of a shorter month.

    Always count from the anchor: ``add_months(jan31, 2)`` is 31 March, where
    stepping twice would give 29 March. 29 February plus 12 months is 28
    February.

    >>> add_months(dt.date(2012, 1, 31), 1), add_months(dt.date(2012, 1, 31), 2)
    (datetime.date(2012, 2, 29), datetime.date(2012, 3, 31))
    >>> add_months(dt.date(2012, 2, 29), 12)
    datetime.date(2013, 2, 28)
    """
    moved = pendulum.Date(day.year, day.month, day.day).add(months=months)
    return dt.date(moved.year, moved.month, moved.day)


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day from ``start`` to ``end``, ``end`` excluded."""
    return [start + dt.timedelta(days=offset) for offset in range((end - start).days)]


def local_datetime(day: dt.date, time: dt.time, time_zone: str) -> dt.datetime:
    """The aware datetime of the local ``time`` on ``day`` in ``time_zone``.

    A local time that happens twice (when the clocks go back) is its first
    occurrence, as RFC 5545 reads it, so a calendar application agrees. A
    local time that never happens (when the clocks go forward) is moved
    forward by the gap, also as RFC 5545 reads it; :func:`local_time_exists`
    tells, and a :class:`~telecentre_core.Programme` refuses such
    times.

    >>> local_datetime(dt.date(2011, 10, 31), dt.time(9), "Europe/Paris").isoformat()
    '2011-10-31T09:00:00+01:00'
    """
    tz = zone(time_zone)
    naive = dt.datetime.combine(day, time.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=tz)
    if local_time_exists(day, time, time_zone):
        return aware
    # The offset before the gap applies (RFC 5545, 3.3.5): go through UTC and back.
    return aware.astimezone(dt.UTC).astimezone(tz)


@lru_cache(maxsize=65536)
def local_time_exists(day: dt.date, time: dt.time, time_zone: str) -> bool:
    """False when ``time`` on ``day`` falls in a gap of ``time_zone`` (spring forward).

    >>> local_time_exists(dt.date(2012, 3, 25), dt.time(2, 30), "Europe/Paris")
    False
    >>> local_time_exists(dt.date(2012, 3, 25), dt.time(3, 30), "Europe/Paris")
    True
    """
    naive = dt.datetime.combine(day, time.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=zone(time_zone))
    back = aware.astimezone(dt.UTC).astimezone(aware.tzinfo).replace(tzinfo=None)
    return back == naive


@lru_cache(maxsize=65536)
def instant(day: dt.date, time: dt.time, time_zone: str) -> dt.datetime:
    """The moment, in UTC, of the local ``time`` on ``day`` in ``time_zone``.

    Read as :func:`local_datetime` reads it; :data:`END_OF_DAY` (``24:00``) is
    midnight at the start of the next day. In UTC, so that subtracting two
    moments gives real time even on the days the clocks change (Python
    subtracts two datetimes of one zone by their wall clocks): 23 hours in
    spring, 25 in autumn.

    >>> spring = dt.date(2012, 3, 25)
    >>> instant(spring, END_OF_DAY, "Europe/Paris") - instant(spring, dt.time(0), "Europe/Paris")
    datetime.timedelta(seconds=82800)
    """
    if time == END_OF_DAY:
        local = local_datetime(day + dt.timedelta(days=1), dt.time(0), time_zone)
    else:
        local = local_datetime(day, time, time_zone)
    return local.astimezone(dt.UTC)
