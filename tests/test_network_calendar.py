"""Changing a centre's calendar: closures and hours, refused while bookings need them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import telecentre_core as tc

NETWORK = tc.datasets.cybercantal()
D = dt.date


def test_a_closure_with_no_booking_on_its_days_closes_the_centre_then() -> None:
    closure = tc.Closure(first=D(2013, 3, 1), last=D(2013, 3, 4), reason="travaux")
    network = NETWORK.add_closure("murat", closure)

    opening = network.opening_on("murat", D(2013, 3, 4))
    assert (opening.reason, opening.detail) == ("closure", "travaux")
    assert network.opening_on("murat", D(2013, 3, 5)).is_open
    assert NETWORK.opening_on("murat", D(2013, 3, 4)).is_open  # the old network is unchanged


def test_a_closure_over_booked_days_is_refused_and_says_how_many_bookings_are_in_the_way() -> None:
    closure = tc.Closure(first=D(2011, 3, 1), last=D(2011, 3, 4), reason="travaux")
    booked = [b for b in NETWORK.bookings.at_centre("murat") if closure.covers(b.day)]

    with pytest.raises(tc.BookingsRemain) as caught:
        NETWORK.add_closure("murat", closure)

    error = caught.value
    assert (error.subject, error.subject_id, error.since, error.count) == (
        "centre",
        "murat",
        D(2011, 3, 1),
        len(booked),
    )
    assert str(error).startswith(
        "centre 'murat' cannot close from 2011-03-01 to 2011-03-04: "
        f"{len(booked)} bookings then (the first: "
    )


def test_cancelling_the_bookings_lets_the_closure_through() -> None:
    closure = tc.Closure(first=D(2011, 3, 1), last=D(2011, 3, 1))
    network = NETWORK
    for booking in network.bookings_at("murat", D(2011, 3, 1)):
        network = network.cancel_booking(booking)

    closed = network.add_closure("murat", closure)

    assert closed.check_booking("m01", "murat", D(2011, 3, 1), "morning") is not None


def test_hours_that_would_leave_bookings_outside_are_refused_with_the_first_of_them() -> None:
    with pytest.raises(tc.OutsideOpeningHours) as caught:
        NETWORK.set_hours("murat", tc.WeeklyHours.weekdays("10:00-12:00"))

    assert caught.value.centre_id == "murat"
    assert caught.value.hours == ("10:00-12:00",)


def test_hours_wider_than_every_booking_are_accepted() -> None:
    network = NETWORK.set_hours("murat", tc.WeeklyHours.weekdays("08:00-19:00"))

    assert [str(span) for span in network.opening_on("murat", D(2011, 3, 1)).ranges] == [
        "08:00-19:00"
    ]
    assert network.bookings == NETWORK.bookings


@given(
    first=st.dates(D(2011, 1, 1), D(2012, 12, 31)),
    length=st.integers(0, 20),
    centre=st.sampled_from([centre.id for centre in NETWORK.centres]),
)
def test_a_closure_is_refused_exactly_when_a_booking_falls_in_it(
    first: dt.date, length: int, centre: str
) -> None:
    closure = tc.Closure(first=first, last=first + dt.timedelta(days=length))
    inside = [b for b in NETWORK.bookings.at_centre(centre) if closure.covers(b.day)]
    if inside:
        with pytest.raises(tc.BookingsRemain) as caught:
            NETWORK.add_closure(centre, closure)
        assert caught.value.count == len(inside)
    else:
        network = NETWORK.add_closure(centre, closure)
        assert all(
            not network.opening_on(centre, first + dt.timedelta(days=offset)).is_open
            for offset in range(length + 1)
        )
