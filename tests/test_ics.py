"""The iCalendar export, read back by a calendar parser (the ``icalendar`` package).

The point is the time zone: sessions at 09:00 in Paris must read back at 09:00 local on
both sides of a clock change (07:00 UTC in summer time, 08:00 UTC in winter time), from
the zone's name and from the VTIMEZONE the calendar carries, for calendar applications
that do not know the zone's name.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Callable
from typing import Any

import attrs
import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from programme_fixtures import (
    OPEN_CENTRES,
    SANTE_TRAVAIL_DAYS,
    activities_at,
    network_without_funders,
    reference_network,
    reference_programme,
)

from telecentre_core.activity import Activity, ActivityKind, Programme
from telecentre_core.dates import local_time_exists
from telecentre_core.errors import UnknownCentre
from telecentre_core.ics import calendar, escape_text, fold, vtimezone

NETWORK: Any = reference_network()
UTC = dt.UTC
STAMP = dt.datetime(2011, 9, 1, 8, 30, tzinfo=UTC)
D = dt.date
T = dt.time


def _export(programme: Programme | None = None, network: Any = NETWORK, **options: Any) -> str:
    options.setdefault("stamp", STAMP)
    return calendar(network, programme or reference_programme(), **options)


def _events(text: str) -> dict[str, Any]:
    parsed = icalendar.Calendar.from_ical(text)
    return {str(event["UID"]).split("@")[0]: event for event in parsed.walk("VEVENT")}


def _own_zone(text: str) -> dt.tzinfo:
    """The zone the calendar's VTIMEZONE defines, ignoring what its name means elsewhere."""
    (component,) = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")
    return component.to_tz(lookup_tzid=False)  # type: ignore[no-any-return]


def _read_start(event: Any, zone: dt.tzinfo | None = None) -> dt.datetime:
    start: dt.datetime = event.decoded("DTSTART")
    if zone is not None:  # the local time read back, placed in the calendar's own zone
        start = start.replace(tzinfo=None).replace(tzinfo=zone)
    return start


# -- the time zone across a clock change ------------------------------------------------------


def test_a_series_crossing_the_october_change_reads_back_at_nine_local_on_both_sides() -> None:
    text = _export()
    events = _events(text)
    own = _own_zone(text)
    utc_hours = {}
    for number, day in enumerate(SANTE_TRAVAIL_DAYS, 1):
        event = events[f"sante-travail-2011-{number}"]
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        for zone in (None, own):  # by the zone's name, and by the calendar's VTIMEZONE
            start = _read_start(event, zone)
            assert (start.date(), start.time()) == (day, T(9))
            utc_hours[day] = start.astimezone(UTC).hour
    assert utc_hours == {
        D(2011, 10, 10): 7,
        D(2011, 10, 17): 7,
        D(2011, 10, 24): 7,  # the last Monday of summer time
        D(2011, 10, 31): 8,  # the clocks went back on Sunday 30 October
        D(2011, 11, 7): 8,
        D(2011, 11, 14): 8,
    }
    last_summer = _read_start(events["sante-travail-2011-3"], own)
    first_winter = _read_start(events["sante-travail-2011-4"], own)
    assert last_summer.astimezone(UTC) == dt.datetime(2011, 10, 24, 7, tzinfo=UTC)
    assert first_winter.astimezone(UTC) == dt.datetime(2011, 10, 31, 8, tzinfo=UTC)


def test_a_series_crossing_the_march_change_reads_back_at_the_right_utc_times() -> None:
    events = _events(_export())
    starts = [
        events[f"telemarketing-2012-{n}"].decoded("DTSTART").astimezone(UTC) for n in (1, 2, 3)
    ]
    assert [start.hour for start in starts] == [13, 13, 12]  # 14:00 local each time


def test_every_session_reads_back_as_its_aware_start_and_end() -> None:
    programme = reference_programme()
    events = _events(_export(programme))
    for activity in programme.activities:
        event = events[activity.id]
        assert event.decoded("DTSTART") == activity.starts_at("Europe/Paris")
        assert event.decoded("DTEND") == activity.ends_at("Europe/Paris")


@pytest.mark.parametrize(
    ("zone", "first", "last"),
    [
        ("Europe/Paris", 2011, 2012),
        ("Europe/Paris", 1990, 1999),  # the end of summer time moved from September to October
        ("America/Sao_Paulo", 2016, 2020),  # irregular dates, then no summer time at all
        ("Indian/Reunion", 2011, 2012),  # no summer time (an overseas département)
        ("Australia/Lord_Howe", 2011, 2012),  # a half-hour change
    ],
)
def test_the_vtimezone_gives_the_offsets_of_the_time_zone_database(
    zone: str, first: int, last: int
) -> None:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *vtimezone(zone, first, last)]
    text = "\r\n".join([*lines, "END:VCALENDAR", ""])
    own = _own_zone(text)
    reference = zoneinfo.ZoneInfo(zone)
    for moment in _moments_to_check(reference, first, last):
        assert moment.astimezone(own).utcoffset() == moment.astimezone(reference).utcoffset()


def _moments_to_check(zone: dt.tzinfo, first: int, last: int) -> list[dt.datetime]:
    """Noon UTC every day of those years, and a second either side of each change of ``zone``."""

    def offset(moment: dt.datetime) -> dt.timedelta | None:
        return moment.astimezone(zone).utcoffset()

    days = (dt.date(last + 1, 1, 1) - dt.date(first, 1, 1)).days
    noons = [dt.datetime(first, 1, 1, 12, tzinfo=UTC) + dt.timedelta(days=n) for n in range(days)]
    moments = list(noons)
    for before, after in itertools.pairwise(noons):
        if offset(before) != offset(after):
            moments.extend(_around_change(offset, before, after))
    return moments


def _around_change(
    offset: Callable[[dt.datetime], object], low: dt.datetime, high: dt.datetime
) -> list[dt.datetime]:
    """Moments either side of the one change of ``offset`` between ``low`` and ``high``."""
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
    return [low - dt.timedelta(seconds=1), low, high, high + dt.timedelta(hours=1)]


def test_the_paris_vtimezone_uses_the_european_rules() -> None:
    lines = vtimezone("Europe/Paris", 2011, 2012)
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in lines
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in lines
    assert "TZNAME:CEST" in lines
    assert "TZNAME:CET" in lines


def test_a_rule_that_stopped_is_closed_with_until() -> None:
    lines = vtimezone("Europe/Paris", 1990, 1999)
    september = [line for line in lines if "BYMONTH=9" in line]
    assert september
    assert all(";UNTIL=" in line for line in september)


@given(data=st.data())
def test_any_activity_reads_back_at_its_local_time(data: st.DataObject) -> None:
    centre = data.draw(st.sampled_from(OPEN_CENTRES))
    activity = data.draw(activities_at(NETWORK, centre, id="any"))
    if not all(
        local_time_exists(activity.day, time, "Europe/Paris")
        for time in (activity.starts, activity.ends)
    ):
        return
    text = _export(Programme(activities=[activity]))
    event = _events(text)["any"]
    for zone in (None, _own_zone(text)):
        start = _read_start(event, zone)
        assert start.astimezone(UTC) == activity.starts_at("Europe/Paris").astimezone(UTC)


# -- the text: lines, folding, escaping -------------------------------------------------------


def test_lines_end_with_crlf_and_hold_at_most_75_octets() -> None:
    text = _export()
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert "\n" not in "".join(lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the descriptions are folded


@given(st.text(min_size=1, max_size=300))
def test_folding_never_cuts_a_character_and_unfolds_to_the_line(line: str) -> None:
    line = line.replace("\r", "").replace("\n", "")
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


_TITLES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
    min_size=1,
    max_size=120,
).filter(lambda text: bool(text.strip()) and text == text.strip())


@given(title=_TITLES, notes=st.text(alphabet="ab;,\\\n é", max_size=40))
def test_text_values_read_back_unchanged(title: str, notes: str) -> None:
    activity = Activity(
        id="any",
        kind=ActivityKind.ANIMATION,
        title=title,
        centre="murat",
        day=D(2011, 6, 16),
        starts=T(9),
        ends=T(10),
        places=8,
        notes=notes,
    )
    event = _events(_export(Programme(activities=[activity])))["any"]
    assert str(event["SUMMARY"]) == title
    assert str(event["DESCRIPTION"]).endswith(notes)


def test_escaping_follows_rfc_5545() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert escape_text("bell\x07 and tab\t") == "bell and tab\t"


# -- events -----------------------------------------------------------------------------------


def test_uids_are_unique_and_the_same_on_every_export() -> None:
    first = _events(_export())
    again = _events(_export(stamp=dt.datetime(2012, 1, 1, tzinfo=UTC)))
    assert list(first) == list(again)
    uids = [str(event["UID"]) for event in first.values()]
    assert len(set(uids)) == len(uids) == len(reference_programme().activities)
    assert uids[0] == "cafe-teletravail-2011-06@cybercantal.telecentre-core"
    custom = _events(_export(domain="agenda.example.org"))
    assert {str(e["UID"]).split("@")[1] for e in custom.values()} == {"agenda.example.org"}


def test_events_come_in_time_order_and_carry_what_a_participant_needs() -> None:
    text = _export()
    events = list(_events(text).values())
    starts = [event.decoded("DTSTART") for event in events]
    assert starts == sorted(starts)
    third = _events(text)["sante-travail-2011-3"]
    assert str(third["SUMMARY"]) == "Santé & travail"
    assert str(third["LOCATION"]) == "Télécentre de Chaudes-Aigues, Chaudes-Aigues (15110)"
    description = str(third["DESCRIPTION"])
    assert "Theme: Santé & travail" in description
    assert "Session 3 of 6" in description
    assert "Funded by: Conseil général du Cantal" in description
    assert "Price: free" in description
    assert third.decoded("DTSTAMP") == STAMP
    assert third["CATEGORIES"].cats == ["TRAINING"]


def test_a_paying_members_activity_says_so() -> None:
    activity = attrs.evolve(
        reference_programme().activity("cafe-teletravail-2011-06"), price=_money("5.00")
    )
    event = _events(_export(Programme(activities=[activity])))["cafe-teletravail-2011-06"]
    assert "Price: 5.00 €" in str(event["DESCRIPTION"])
    assert "open to members" in str(event["DESCRIPTION"])


def _money(amount: str) -> Any:
    from telecentre_core import Money

    return Money.of(amount)


def test_a_funder_the_network_does_not_name_is_shown_by_its_id() -> None:
    event = _events(_export(network=network_without_funders()))["micro-entreprise-2012-05"]
    assert "Funded by: fse" in str(event["DESCRIPTION"])


def test_a_centres_calendar_holds_only_its_own_activities() -> None:
    text = _export(centre="chaudes-aigues")
    assert set(_events(text)) == {f"sante-travail-2011-{n}" for n in range(1, 7)}
    parsed = icalendar.Calendar.from_ical(text)
    assert str(parsed["X-WR-CALNAME"]) == "Télécentre de Chaudes-Aigues"


def test_an_unknown_centre_is_refused() -> None:
    with pytest.raises(UnknownCentre):
        _export(centre="vic")


def test_an_empty_programme_still_gives_a_valid_calendar() -> None:
    text = _export(Programme())
    parsed = icalendar.Calendar.from_ical(text)
    assert parsed.walk("VEVENT") == []
    assert len(parsed.walk("VTIMEZONE")) == 1
    assert str(parsed["PRODID"]).startswith("-//telecentre-core//")


def test_the_stamp_must_be_aware_and_defaults_to_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        _export(stamp=dt.datetime(2011, 9, 1))  # noqa: DTZ001 - naive on purpose
    before = dt.datetime.now(UTC).replace(microsecond=0)
    event = next(iter(_events(calendar(NETWORK, reference_programme())).values()))
    assert event.decoded("DTSTAMP") >= before
