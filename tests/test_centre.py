"""Centres: seat timelines, lifecycles and the periods their specialisations are held."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_core import (
    Centre,
    CentreStatus,
    Commune,
    Holding,
    InvalidValue,
    Lifecycle,
    LifecycleOrder,
    NoSeatsAtOpening,
    Point,
    RuleViolation,
    SeatChange,
    SeatTimelineOrder,
)
from telecentre_core.testing import centres, dates, holdings, lifecycles, seat_timelines

D = dt.date


def murat(**changes: Any) -> Centre:
    """Murat as in the reference network: 4 seats from March 2006, 6 from 2012."""
    fields: dict[str, Any] = {
        "id": "murat",
        "name": "Télécentre de Murat",
        "commune": Commune(name="Murat", insee="15138", postcode="15300"),
        "location": Point(lat=45.1103, lon=2.8683),
        "seats": [
            SeatChange(since=D(2006, 3, 1), count=4),
            SeatChange(since=D(2012, 1, 1), count=6),
        ],
        "lifecycle": Lifecycle(opens=D(2006, 3, 1)),
        "specialisations": [Holding(slug="creation-entreprise")],
    }
    fields.update(changes)
    return Centre(**fields)


# -- seats --------------------------------------------------------------------------


def test_murat_has_four_seats_until_the_end_of_2011() -> None:
    assert murat().seats_on(D(2006, 3, 1)) == 4
    assert murat().seats_on(D(2011, 12, 31)) == 4


def test_murat_has_six_seats_from_2012() -> None:
    assert murat().seats_on(D(2012, 1, 1)) == 6
    assert murat().seats_on(D(2040, 1, 1)) == 6


def test_a_centre_has_no_seats_before_its_timeline_starts() -> None:
    assert murat().seats_on(D(2006, 2, 28)) == 0


def test_a_closed_centre_keeps_its_timeline_count_but_offers_no_open_seats() -> None:
    closed = murat(lifecycle=Lifecycle(opens=D(2006, 3, 1), closes=D(2015, 1, 1)))
    assert closed.seats_on(D(2015, 1, 1)) == 6
    assert closed.open_seats_on(D(2014, 12, 31)) == 6
    assert closed.open_seats_on(D(2015, 1, 1)) == 0


def test_a_planned_centre_offers_no_open_seats() -> None:
    planned = murat(
        lifecycle=Lifecycle(planned_from=D(2005, 6, 1), opens=D(2006, 3, 1)),
        seats=[SeatChange(since=D(2005, 6, 1), count=2)],
    )
    assert planned.seats_on(D(2005, 7, 1)) == 2
    assert planned.open_seats_on(D(2005, 7, 1)) == 0


def test_seat_changes_given_as_a_list_are_kept_as_a_tuple() -> None:
    assert isinstance(murat().seats, tuple)
    assert hash(murat()) == hash(murat())


def test_a_seat_timeline_out_of_date_order_is_refused_with_its_index_and_dates() -> None:
    seats = [
        SeatChange(since=D(2006, 3, 1), count=4),
        SeatChange(since=D(2012, 1, 1), count=6),
        SeatChange(since=D(2010, 1, 1), count=5),
    ]
    with pytest.raises(SeatTimelineOrder) as caught:
        murat(seats=seats)
    error = caught.value
    assert (error.centre_id, error.index) == ("murat", 2)
    assert (error.since, error.previous) == (D(2010, 1, 1), D(2012, 1, 1))
    assert error.where == "seats[2].since"
    assert isinstance(error, RuleViolation)
    assert "seat change 2 starts on 2010-01-01" in str(error)


def test_two_seat_changes_on_one_date_are_refused() -> None:
    seats = [SeatChange(since=D(2006, 3, 1), count=4), SeatChange(since=D(2006, 3, 1), count=6)]
    with pytest.raises(SeatTimelineOrder) as caught:
        murat(seats=seats)
    assert caught.value.index == 1


def test_a_centre_needs_at_least_one_seat_change() -> None:
    with pytest.raises(InvalidValue, match="at least one seat change"):
        murat(seats=[])


def test_seat_changes_must_be_seat_changes() -> None:
    with pytest.raises(InvalidValue) as caught:
        murat(seats=[SeatChange(since=D(2006, 3, 1), count=4), (D(2012, 1, 1), 6)])
    assert caught.value.field == "seats[1]"


@pytest.mark.parametrize("count", [0, -4, True, 4.0])
def test_a_seat_count_is_a_whole_number_from_one(count: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        SeatChange(since=D(2006, 3, 1), count=count)  # type: ignore[arg-type]
    assert caught.value.field == "count"


@pytest.mark.parametrize(
    "since", [dt.datetime(2006, 3, 1, 9, 0, tzinfo=dt.UTC), "2006-03-01", None]
)
def test_a_seat_change_starts_on_a_date(since: object) -> None:
    with pytest.raises(InvalidValue, match="must be a date") as caught:
        SeatChange(since=since, count=4)  # type: ignore[arg-type]
    assert caught.value.field == "since"


def test_a_centre_opening_before_its_seat_timeline_is_refused() -> None:
    with pytest.raises(NoSeatsAtOpening) as caught:
        murat(lifecycle=Lifecycle(opens=D(2006, 1, 1)))
    error = caught.value
    assert (error.centre_id, error.opens, error.first) == ("murat", D(2006, 1, 1), D(2006, 3, 1))
    assert error.where == "seats[0].since"


def test_a_planned_centre_may_get_its_seats_later() -> None:
    planned = murat(lifecycle=Lifecycle(planned_from=D(2005, 1, 1)))
    assert planned.seats_on(D(2005, 6, 1)) == 0


def seats_by_brute_force(centre: Centre, day: dt.date) -> int:
    count = 0
    for change in centre.seats:
        if change.since <= day:
            count = change.count
    return count


@given(centres(), dates())
def test_seats_on_agrees_with_a_walk_through_the_timeline(centre: Centre, day: dt.date) -> None:
    assert centre.seats_on(day) == seats_by_brute_force(centre, day)


@given(centres())
def test_seats_on_agrees_with_the_timeline_on_and_around_every_change(centre: Centre) -> None:
    for change in centre.seats:
        for day in (change.since - dt.timedelta(days=1), change.since):
            assert centre.seats_on(day) == seats_by_brute_force(centre, day)
        assert centre.seats_on(change.since) == change.count


@given(seat_timelines(max_count=4, starts_by=D(2000, 1, 1)))
def test_seat_timelines_are_in_strict_date_order(seats: tuple[SeatChange, ...]) -> None:
    assert seats[0].since <= D(2000, 1, 1)
    assert all(a.since < b.since for a, b in itertools.pairwise(seats))
    assert all(1 <= change.count <= 4 for change in seats)


# -- lifecycle ----------------------------------------------------------------------


def test_status_goes_from_nothing_to_planned_to_open_to_closed() -> None:
    lifecycle = Lifecycle(planned_from=D(2011, 6, 1), opens=D(2012, 6, 1), closes=D(2020, 1, 1))
    assert lifecycle.status_on(D(2011, 5, 31)) is None
    assert lifecycle.status_on(D(2011, 6, 1)) is CentreStatus.PLANNED
    assert lifecycle.status_on(D(2012, 5, 31)) is CentreStatus.PLANNED
    assert lifecycle.status_on(D(2012, 6, 1)) is CentreStatus.OPEN
    assert lifecycle.status_on(D(2019, 12, 31)) is CentreStatus.OPEN
    assert lifecycle.status_on(D(2020, 1, 1)) is CentreStatus.CLOSED
    assert lifecycle.start == D(2011, 6, 1)


def test_a_centre_planned_and_opened_the_same_day_is_open_that_day() -> None:
    lifecycle = Lifecycle(planned_from=D(2012, 6, 1), opens=D(2012, 6, 1))
    assert lifecycle.status_on(D(2012, 6, 1)) is CentreStatus.OPEN


def test_a_planned_centre_with_no_opening_date_stays_planned() -> None:
    lifecycle = Lifecycle(planned_from=D(2011, 6, 1))
    assert lifecycle.status_on(D(2060, 1, 1)) is CentreStatus.PLANNED
    assert lifecycle.start == D(2011, 6, 1)


def test_a_centre_is_active_when_planned_or_open_and_open_only_when_open() -> None:
    centre = murat(
        lifecycle=Lifecycle(planned_from=D(2005, 1, 1), opens=D(2006, 3, 1), closes=D(2015, 1, 1))
    )
    assert not centre.is_active_on(D(2004, 12, 31))
    assert centre.is_active_on(D(2005, 1, 1))
    assert not centre.is_open_on(D(2005, 1, 1))
    assert centre.is_open_on(D(2006, 3, 1))
    assert not centre.is_active_on(D(2015, 1, 1))
    assert centre.status_on(D(2015, 1, 1)) is CentreStatus.CLOSED


@pytest.mark.parametrize(
    ("lifecycle", "field", "message"),
    [
        ({}, "opens", "needs an opening date or a planning date"),
        ({"closes": D(2012, 1, 1)}, "opens", "needs an opening date or a planning date"),
        ({"planned_from": D(2012, 1, 1), "opens": D(2011, 1, 1)}, "opens", "before it is planned"),
        (
            {"planned_from": D(2011, 1, 1), "closes": D(2011, 1, 1)},
            "closes",
            "not after it is planned",
        ),
        ({"opens": D(2012, 1, 1), "closes": D(2012, 1, 1)}, "closes", "not after it opens"),
        ({"opens": D(2012, 1, 1), "closes": D(2011, 1, 1)}, "closes", "not after it opens"),
    ],
)
def test_lifecycles_out_of_order_are_refused(
    lifecycle: dict[str, dt.date], field: str, message: str
) -> None:
    with pytest.raises(LifecycleOrder, match=message) as caught:
        Lifecycle(**lifecycle)
    assert caught.value.field == field
    assert caught.value.where == field
    assert caught.value.reason == str(caught.value)


def test_lifecycle_dates_must_be_dates() -> None:
    with pytest.raises(InvalidValue) as caught:
        Lifecycle(opens="2006-03-01")  # type: ignore[arg-type]
    assert caught.value.field == "opens"


@given(lifecycles(), dates())
def test_status_on_follows_the_lifecycle_dates(lifecycle: Lifecycle, day: dt.date) -> None:
    starts = [d for d in (lifecycle.planned_from, lifecycle.opens) if d is not None]
    if day < min(starts):
        expected = None
    elif lifecycle.closes is not None and day >= lifecycle.closes:
        expected = CentreStatus.CLOSED
    elif lifecycle.opens is not None and day >= lifecycle.opens:
        expected = CentreStatus.OPEN
    else:
        expected = CentreStatus.PLANNED
    assert lifecycle.status_on(day) is expected


@given(lifecycles())
def test_a_status_never_goes_back(lifecycle: Lifecycle) -> None:
    order = [None, CentreStatus.PLANNED, CentreStatus.OPEN, CentreStatus.CLOSED]
    days = sorted(
        {lifecycle.start - dt.timedelta(days=1)}
        | {d for d in (lifecycle.planned_from, lifecycle.opens, lifecycle.closes) if d}
    )
    ranks = [order.index(lifecycle.status_on(day)) for day in days]
    assert ranks == sorted(ranks)


# -- holdings -----------------------------------------------------------------------


def test_a_holding_without_dates_follows_the_centres_life() -> None:
    centre = murat(lifecycle=Lifecycle(opens=D(2006, 3, 1), closes=D(2015, 1, 1)))
    assert centre.holding_period(centre.specialisations[0]) == (D(2006, 3, 1), D(2015, 1, 1))
    assert murat().holding_period(Holding(slug="x")) == (D(2006, 3, 1), None)


def test_a_holding_period_is_clipped_to_the_centres_active_life() -> None:
    centre = murat(lifecycle=Lifecycle(opens=D(2006, 3, 1), closes=D(2015, 1, 1)))
    holding = Holding(slug="x", since=D(2000, 1, 1), until=D(2020, 1, 1))
    assert centre.holding_period(holding) == (D(2006, 3, 1), D(2015, 1, 1))
    inside = Holding(slug="x", since=D(2008, 1, 1), until=D(2010, 1, 1))
    assert centre.holding_period(inside) == (D(2008, 1, 1), D(2010, 1, 1))


def test_a_holding_counts_from_the_planning_date() -> None:
    centre = murat(lifecycle=Lifecycle(planned_from=D(2005, 1, 1), opens=D(2006, 3, 1)))
    assert centre.specialisations_on(D(2005, 1, 1)) == ("creation-entreprise",)
    assert centre.specialisations_on(D(2004, 12, 31)) == ()


def test_closing_a_centre_frees_its_specialisations_from_the_closing_day() -> None:
    centre = murat(lifecycle=Lifecycle(opens=D(2006, 3, 1), closes=D(2015, 1, 1)))
    assert centre.specialisations_on(D(2014, 12, 31)) == ("creation-entreprise",)
    assert centre.specialisations_on(D(2015, 1, 1)) == ()


def test_specialisations_on_keeps_the_declared_order_and_honours_until() -> None:
    centre = murat(
        specialisations=[
            Holding(slug="traduction", since=D(2010, 1, 1)),
            Holding(slug="creation-entreprise", until=D(2012, 1, 1)),
        ]
    )
    assert centre.specialisations_on(D(2009, 1, 1)) == ("creation-entreprise",)
    assert centre.specialisations_on(D(2011, 1, 1)) == ("traduction", "creation-entreprise")
    assert centre.specialisations_on(D(2012, 1, 1)) == ("traduction",)


def test_a_holding_must_end_after_it_starts() -> None:
    with pytest.raises(InvalidValue, match="must be after since") as caught:
        Holding(slug="x", since=D(2012, 1, 1), until=D(2012, 1, 1))
    assert caught.value.field == "until"


def test_holdings_must_be_holdings() -> None:
    with pytest.raises(InvalidValue) as caught:
        murat(specialisations=["creation-entreprise"])
    assert caught.value.field == "specialisations[0]"


def test_change_dates_lists_every_date_something_changes_once_in_order() -> None:
    centre = murat(
        lifecycle=Lifecycle(planned_from=D(2005, 1, 1), opens=D(2006, 3, 1), closes=D(2015, 1, 1)),
        specialisations=[Holding(slug="x", since=D(2012, 1, 1), until=D(2013, 1, 1))],
    )
    assert centre.change_dates() == (
        D(2005, 1, 1),
        D(2006, 3, 1),
        D(2012, 1, 1),
        D(2013, 1, 1),
        D(2015, 1, 1),
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "Murat"),
        ("name", ""),
        ("commune", "Murat"),
        ("location", (45.1, 2.8)),
        ("lifecycle", None),
        ("equipment", 4),
        ("notes", None),
    ],
)
def test_centre_fields_are_checked(field: str, value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        murat(**{field: value})
    assert caught.value.field == field


def holding_days_by_brute_force(centre: Centre, holding: Holding, day: dt.date) -> bool:
    life = centre.lifecycle
    if day < life.start or (life.closes is not None and day >= life.closes):
        return False
    if holding.since is not None and day < holding.since:
        return False
    return holding.until is None or day < holding.until


@given(centres(), dates())
def test_specialisations_on_agrees_with_the_dates_of_holdings_and_lifecycle(
    centre: Centre, day: dt.date
) -> None:
    expected = tuple(
        holding.slug
        for holding in centre.specialisations
        if holding_days_by_brute_force(centre, holding, day)
    )
    assert centre.specialisations_on(day) == expected


@given(centres(), holdings())
def test_a_holding_period_lies_within_the_centres_active_life(
    centre: Centre, holding: Holding
) -> None:
    start, end = centre.holding_period(holding)
    assert start >= centre.lifecycle.start
    if holding.since is not None:
        assert start >= holding.since
    if centre.lifecycle.closes is not None:
        assert end is not None
        assert end <= centre.lifecycle.closes
    if holding.until is not None:
        assert end is not None
        assert end <= holding.until


@given(centres(), st.data())
def test_a_centre_is_rebuilt_equal_from_its_own_fields(centre: Centre, data: st.DataObject) -> None:
    assert attrs.evolve(centre) == centre
    assert hash(attrs.evolve(centre)) == hash(centre)
    day = data.draw(dates())
    assert centre.is_active_on(day) == (
        centre.status_on(day) in {CentreStatus.PLANNED, CentreStatus.OPEN}
    )
