"""Occupancy: seat-hours open and booked, regular users, use by kind, against a recount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core.occupancy import occupancy, regular_members

NETWORK = tc.datasets.cybercantal()
D = dt.date


def _recount_open(network: tc.Network, centre: tc.Centre, start: dt.date, end: dt.date) -> Decimal:
    """Seat-hours open, day by day and minute by minute in real time."""
    total = Decimal(0)
    day = start
    while day < end:
        opening = network.opening_on(centre.id, day)
        for span in opening.ranges:
            moment = tc.Booking(member="x", centre=centre.id, day=day, time=span)
            total += moment.hours(network.timezone) * centre.seats_on(day)
        day += dt.timedelta(days=1)
    return total


def test_murat_in_march_2011_opens_720_seat_hours() -> None:
    # 23 weekdays, 8 hours a day (7 on Fridays), 4 seats.
    march = occupancy(NETWORK, D(2011, 3, 1), D(2011, 4, 1))
    murat = march.centre("murat")
    assert (murat.open_days, murat.seat_hours_open) == (23, Decimal(720))
    assert murat.rate == (murat.seat_hours_booked / murat.seat_hours_open).quantize(
        Decimal("0.0001")
    )


def test_a_month_of_a_clock_change_counts_real_hours() -> None:
    # A centre open every day, 00:00-24:00: March 2012 has one hour less (the 25th).
    policy = tc.Policy(
        opening_hours=tc.WeeklyHours(**{day.value: ["00:00-24:00"] for day in tc.Weekday})
    )
    network = tc.Network(
        name="Nuit",
        territory=tc.Territory(code="15", name="Cantal"),
        policy=policy,
        centres=[
            tc.Centre(
                id="nuit",
                name="Nuit",
                commune=tc.Commune(name="Murat", insee="15138", postcode="15300"),
                location=tc.Point(lat=45.11, lon=2.87),
                seats=[tc.SeatChange(since=D(2012, 1, 1), count=1)],
                lifecycle=tc.Lifecycle(opens=D(2012, 1, 1)),
            )
        ],
    )
    march = occupancy(network, D(2012, 3, 1), D(2012, 4, 1))
    # Easter Monday is 9 April: March has no holiday; 31 days of 24 hours, less one.
    assert march.centre("nuit").seat_hours_open == 31 * 24 - 1


def test_a_closed_centre_and_a_planned_one_are_left_out() -> None:
    june = occupancy(NETWORK, D(2011, 6, 1), D(2011, 7, 1))
    ids = [row.centre_id for row in june.centres]
    assert "mauriac" not in ids
    with pytest.raises(tc.UnknownCentre):
        june.centre("mauriac")


def test_a_period_must_end_after_it_starts() -> None:
    with pytest.raises(tc.InvalidValue):
        occupancy(NETWORK, D(2011, 6, 1), D(2011, 6, 1))


def test_regular_users_are_counted_over_the_months_of_the_period() -> None:
    year = regular_members(NETWORK, D(2011, 1, 1), D(2012, 1, 1))
    assert year is not None
    assert len(year) == 25
    # A week's pass does not make a nomadic worker a regular user of the year.
    assert "m28" not in year
    empty = tc.Network(name="Vide", territory=tc.Territory(code="15", name="Cantal"))
    assert regular_members(empty, D(2011, 1, 1), D(2012, 1, 1)) is None


def test_the_use_by_kind_adds_up_to_the_bookings() -> None:
    march = occupancy(NETWORK, D(2012, 3, 1), D(2012, 4, 1))
    assert sum(use.bookings for use in march.by_kind) == march.bookings
    assert sum((use.hours for use in march.by_kind), Decimal(0)) == march.seat_hours_booked


@settings(max_examples=20, deadline=None)
@given(
    first=st.dates(D(2011, 1, 1), D(2012, 11, 30)),
    days=st.integers(1, 40),
    centre=st.sampled_from([centre.id for centre in NETWORK.centres[:7]]),
)
def test_occupancy_equals_a_brute_force_recount(first: dt.date, days: int, centre: str) -> None:
    end = first + dt.timedelta(days=days)
    found = occupancy(NETWORK, first, end, centres=[centre])
    booked = [b for b in NETWORK.bookings if b.centre == centre and first <= b.day < end]
    if not found.centres:
        assert not booked
        return
    (row,) = found.centres
    assert row.bookings == len(booked)
    assert row.seat_hours_open == _recount_open(NETWORK, NETWORK.centre(centre), first, end)
    recount = Decimal(0)
    for booking in booked:
        opening = NETWORK.opening_on(centre, booking.day)
        for part in opening.open_within(booking.time):
            piece = tc.Booking(member="x", centre=centre, day=booking.day, time=part)
            recount += piece.hours(NETWORK.timezone)
    assert row.seat_hours_booked == recount
    assert row.seat_hours_booked <= row.seat_hours_open
