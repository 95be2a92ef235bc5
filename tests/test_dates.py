"""Local times of day in a network's time zone: the moment they are, and whether they exist.

The helpers behind activities (rule 7: times are local). A time that happens twice, when
the clocks go back, is its first occurrence; a time the clocks skip, when they go forward,
does not exist and is read forward by the gap, both as RFC 5545 reads them, so that the
library and calendar applications agree.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_core.dates import local_datetime, local_time_exists, now
from telecentre_core.testing import TIME_ZONES

D = dt.date
T = dt.time
UTC = dt.UTC
PARIS = "Europe/Paris"


def test_nine_oclock_is_nine_oclock_local_on_both_sides_of_the_october_change() -> None:
    before = local_datetime(D(2011, 10, 24), T(9), PARIS)
    after = local_datetime(D(2011, 10, 31), T(9), PARIS)
    assert (before.isoformat(), after.isoformat()) == (
        "2011-10-24T09:00:00+02:00",
        "2011-10-31T09:00:00+01:00",
    )
    assert before.astimezone(UTC).hour == 7
    assert after.astimezone(UTC).hour == 8


def test_a_local_time_that_happens_twice_is_its_first_occurrence() -> None:
    moment = local_datetime(D(2011, 10, 30), T(2, 30), PARIS)
    assert moment.utcoffset() == dt.timedelta(hours=2)
    assert moment.astimezone(UTC) == dt.datetime(2011, 10, 30, 0, 30, tzinfo=UTC)
    assert local_time_exists(D(2011, 10, 30), T(2, 30), PARIS)


def test_a_local_time_the_clocks_skip_does_not_exist_and_reads_as_rfc_5545_says() -> None:
    assert not local_time_exists(D(2012, 3, 25), T(2, 30), PARIS)
    assert local_datetime(D(2012, 3, 25), T(2, 30), PARIS).isoformat() == (
        "2012-03-25T03:30:00+02:00"
    )


@pytest.mark.parametrize(
    ("time", "exists"),
    [(T(1, 59), True), (T(2), False), (T(2, 59), False), (T(3), True)],
)
def test_the_gap_is_the_hour_from_two_to_three_in_paris(time: dt.time, exists: bool) -> None:
    assert local_time_exists(D(2012, 3, 25), time, PARIS) is exists


def test_a_zone_without_summer_time_has_every_time() -> None:
    assert local_time_exists(D(2012, 3, 25), T(2, 30), "Indian/Reunion")
    assert local_datetime(D(2012, 3, 25), T(2, 30), "UTC").isoformat() == (
        "2012-03-25T02:30:00+00:00"
    )


def test_a_time_given_with_a_zone_or_a_fold_is_read_as_a_plain_local_time() -> None:
    odd = T(2, 30, tzinfo=UTC, fold=1)
    assert local_datetime(D(2011, 10, 30), odd, PARIS) == local_datetime(
        D(2011, 10, 30), T(2, 30), PARIS
    )


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        local_datetime(D(2012, 3, 25), T(9), "Europe/Aurillac")


@given(
    day=st.dates(D(1990, 1, 1), D(2060, 12, 31)),
    time=st.times(),
    zone=st.sampled_from(TIME_ZONES),
)
def test_an_existing_local_time_keeps_its_day_and_clock_and_agrees_with_zoneinfo(
    day: dt.date, time: dt.time, zone: str
) -> None:
    moment = local_datetime(day, time, zone)
    assert moment.tzinfo is not None
    # Independent of the library: the wall clock of the UTC instant read back by zoneinfo.
    reference = zoneinfo.ZoneInfo(zone)
    # A repeated wall time is its first occurrence (fold 0), whatever fold it arrives with.
    naive = dt.datetime.combine(day, time.replace(fold=0))
    back = naive.replace(tzinfo=reference).astimezone(UTC).astimezone(reference)
    exists = back.replace(tzinfo=None) == naive
    assert local_time_exists(day, time, zone) is exists
    if exists:
        assert (moment.date(), moment.time()) == (day, time)
        assert moment.astimezone(UTC) == naive.replace(tzinfo=reference).astimezone(UTC)
    else:  # moved forward by the gap
        assert moment.replace(tzinfo=None) > naive


def test_now_is_aware_and_in_utc() -> None:
    moment = now()
    assert moment.utcoffset() == dt.timedelta(0)
    assert abs(moment - dt.datetime.now(UTC)) < dt.timedelta(minutes=1)


# -- today --------------------------------------------------------------------------------


def test_today_is_the_date_in_the_time_zone_asked_for_not_the_machines() -> None:
    from telecentre_core.dates import today

    # Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: their dates always
    # differ, by one day or two, whatever the time the test runs at.
    ahead, behind = today("Pacific/Kiritimati"), today("Pacific/Pago_Pago")
    assert (ahead - behind).days in {1, 2}


def test_today_refuses_an_unknown_time_zone() -> None:
    from telecentre_core.dates import today

    with pytest.raises(ValueError, match="Mars/Olympus"):
        today("Mars/Olympus")


# -- parsing dates ------------------------------------------------------------------------


def test_a_date_is_parsed_from_year_month_day() -> None:
    from telecentre_core.dates import parse_date

    assert parse_date("2012-02-29") == dt.date(2012, 2, 29)


@pytest.mark.parametrize("text", ["2012-2-29", "2012-02-29T10:00", "2012-W09-3", "20120229", ""])
def test_anything_but_year_month_day_is_refused_with_the_text_quoted(text: str) -> None:
    from telecentre_core.dates import parse_date

    with pytest.raises(ValueError, match="is not a date written YYYY-MM-DD") as caught:
        parse_date(text)
    assert str(caught.value) == f"{text!r} is not a date written YYYY-MM-DD"


def test_a_repeated_time_given_with_fold_1_is_still_its_first_occurrence() -> None:
    # `==` between datetimes of one zone compares their clocks and ignores the fold: the
    # offset and the instant are what tell the two occurrences apart.
    moment = local_datetime(D(2011, 10, 30), T(2, 30, fold=1), PARIS)
    assert moment.isoformat() == "2011-10-30T02:30:00+02:00"
    assert moment.astimezone(UTC) == dt.datetime(2011, 10, 30, 0, 30, tzinfo=UTC)


# -- time zone names ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["UTC", "Europe/Paris", "Indian/Reunion", "America/Cayenne"])
def test_an_iana_area_and_city_or_utc_is_a_time_zone(name: str) -> None:
    from telecentre_core.dates import is_time_zone

    assert is_time_zone(name) is True


@pytest.mark.parametrize("name", ["Japan", "GMT", "Europe/Aurillac", "", None, 5])
def test_old_names_without_an_area_unknown_names_and_non_strings_are_not(name: object) -> None:
    # "Japan" and "GMT" are links the time zone database still knows: a network file
    # names its zone as an area and a city.
    from telecentre_core.dates import is_time_zone

    assert is_time_zone(name) is False
