"""The network's rules, checked all at once by ``rules.violations``."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_core import (
    Centre,
    Commune,
    DuplicateCentre,
    DuplicateSpecialisation,
    Holding,
    Lifecycle,
    MaxSeatsExceeded,
    Network,
    Point,
    Policy,
    SeatChange,
    Specialisation,
    SpecialisationConflict,
    SpecialisationScope,
    UnknownSpecialisation,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.rules import violations
from telecentre_core.testing import centres, networks, policies

D = dt.date
MURAT = Point(lat=45.1103, lon=2.8683)
SAINT_FLOUR = Point(lat=45.0338, lon=3.0926)
# About 100 km north of Murat.
FAR_NORTH = Point(lat=46.0103, lon=2.8683)
START = D(2006, 1, 1)

CATALOGUE = (
    Specialisation(slug="sante-travail", label="Santé & travail"),
    Specialisation(slug="telemarketing", label="Télémarketing"),
)


def centre(
    centre_id: str,
    *holdings: Holding,
    location: Point = MURAT,
    opens: dt.date | None = START,
    planned_from: dt.date | None = None,
    closes: dt.date | None = None,
    seats: tuple[tuple[dt.date, int], ...] = ((START, 4),),
) -> Centre:
    return Centre(
        id=centre_id,
        name=f"Télécentre {centre_id}",
        commune=Commune(name="Murat", insee="15138", postcode="15300"),
        location=location,
        seats=[SeatChange(since=since, count=count) for since, count in seats],
        lifecycle=Lifecycle(planned_from=planned_from, opens=opens, closes=closes),
        specialisations=holdings,
    )


def test_the_reference_network_breaks_no_rule() -> None:
    network = cybercantal()
    assert violations(network.specialisations, network.centres, network.policy) == []


def test_a_slug_declared_twice_is_reported() -> None:
    catalogue = (*CATALOGUE, Specialisation(slug="sante-travail", label="Santé"))
    (found,) = violations(catalogue, [], Policy())
    assert isinstance(found, DuplicateSpecialisation)
    assert found.slug == "sante-travail"
    assert found.rule == "unique-specialisation"
    assert "declared more than once" in str(found)


def test_two_centres_with_one_id_are_reported_once_per_repeat() -> None:
    found = violations((), [centre("murat"), centre("murat"), centre("murat")], Policy())
    assert [type(error) for error in found] == [DuplicateCentre, DuplicateCentre]
    assert found[0].centre_id == "murat"
    assert found[0].where == "id"


def test_a_held_specialisation_must_be_declared() -> None:
    found = violations(CATALOGUE, [centre("murat", Holding(slug="x"), Holding(slug="y"))], None)
    assert [(error.slug, error.where) for error in found] == [  # type: ignore[attr-defined]
        ("x", "specialisations[0].slug"),
        ("y", "specialisations[1].slug"),
    ]
    assert all(isinstance(error, UnknownSpecialisation) for error in found)


def test_two_centres_holding_one_specialisation_at_once_are_reported() -> None:
    murat = centre("murat", Holding(slug="sante-travail"))
    flour = centre(
        "saint-flour",
        Holding(slug="telemarketing"),
        Holding(slug="sante-travail", since=D(2010, 1, 1), until=D(2012, 1, 1)),
        location=SAINT_FLOUR,
    )
    (found,) = violations(CATALOGUE, [murat, flour], Policy())
    assert isinstance(found, SpecialisationConflict)
    assert (found.slug, found.centre_id, found.other_centre_id) == (
        "sante-travail",
        "saint-flour",
        "murat",
    )
    assert (found.since, found.until) == (D(2010, 1, 1), D(2012, 1, 1))
    assert found.where == "specialisations[1]"
    assert found.distance_km is None
    assert str(found) == (
        "specialisation 'sante-travail' is held by both 'murat' and 'saint-flour' "
        "from 2010-01-01 until 2012-01-01; a specialisation belongs to one centre at a time"
    )


def test_an_overlap_that_never_ends_says_onwards() -> None:
    found = violations(
        CATALOGUE,
        [centre("a", Holding(slug="sante-travail")), centre("b", Holding(slug="sante-travail"))],
        Policy(),
    )
    assert len(found) == 1
    assert found[0].until is None  # type: ignore[attr-defined]
    assert str(found[0]).endswith(
        "from 2006-01-01 onwards; a specialisation belongs to one centre at a time"
    )


def test_a_holding_may_start_the_day_another_ends() -> None:
    first = centre("a", Holding(slug="sante-travail", until=D(2010, 1, 1)))
    second = centre("b", Holding(slug="sante-travail", since=D(2010, 1, 1)))
    assert violations(CATALOGUE, [first, second], Policy()) == []


def test_a_closing_frees_the_specialisation_from_the_closing_day() -> None:
    closed = centre("a", Holding(slug="sante-travail"), closes=D(2010, 1, 1))
    taker = centre("b", Holding(slug="sante-travail", since=D(2010, 1, 1)))
    assert violations(CATALOGUE, [closed, taker], Policy()) == []
    early = centre("b", Holding(slug="sante-travail", since=D(2009, 12, 31)))
    (found,) = violations(CATALOGUE, [closed, early], Policy())
    assert (found.since, found.until) == (D(2009, 12, 31), D(2010, 1, 1))  # type: ignore[attr-defined]


def test_a_planned_centre_already_reserves_its_specialisations() -> None:
    planned = centre("a", Holding(slug="sante-travail"), opens=None, planned_from=D(2011, 6, 1))
    opened_later = centre("b", Holding(slug="sante-travail"), opens=D(2012, 1, 1))
    (found,) = violations(CATALOGUE, [planned, opened_later], Policy())
    assert found.since == D(2012, 1, 1)  # type: ignore[attr-defined]


def test_a_holding_that_is_never_in_force_conflicts_with_nothing() -> None:
    closed = centre("a", Holding(slug="sante-travail", since=D(2012, 1, 1)), closes=D(2010, 1, 1))
    other = centre("b", Holding(slug="sante-travail"))
    assert violations(CATALOGUE, [closed, other], Policy()) == []


def test_each_conflicting_holding_is_reported_once() -> None:
    found = violations(
        CATALOGUE,
        [centre(name, Holding(slug="sante-travail")) for name in ("a", "b", "c")],
        Policy(),
    )
    assert [(error.centre_id, error.other_centre_id) for error in found] == [  # type: ignore[attr-defined]
        ("b", "a"),
        ("c", "a"),
    ]


def test_a_centre_cannot_hold_one_specialisation_twice_at_once() -> None:
    twice = centre(
        "a", Holding(slug="sante-travail"), Holding(slug="sante-travail", since=D(2010, 1, 1))
    )
    (found,) = violations(CATALOGUE, [twice], Policy())
    assert (found.centre_id, found.other_centre_id) == ("a", "a")  # type: ignore[attr-defined]
    again = centre(
        "a",
        Holding(slug="sante-travail", until=D(2010, 1, 1)),
        Holding(slug="sante-travail", since=D(2011, 1, 1)),
    )
    assert violations(CATALOGUE, [again], Policy()) == []


def test_centres_farther_apart_than_the_scope_may_share_a_specialisation() -> None:
    near = [
        centre("murat", Holding(slug="sante-travail")),
        centre("saint-flour", Holding(slug="sante-travail"), location=SAINT_FLOUR),
    ]
    far = [
        centre("murat", Holding(slug="sante-travail")),
        centre("north", Holding(slug="sante-travail"), location=FAR_NORTH),
    ]
    within_30 = Policy(specialisation_scope=SpecialisationScope(within_km=30))
    assert MURAT.distance_km(FAR_NORTH) > 99
    assert violations(CATALOGUE, far, within_30) == []
    (found,) = violations(CATALOGUE, near, within_30)
    assert found.distance_km == pytest.approx(19.6, abs=0.05)  # type: ignore[attr-defined]
    assert "(19.6 km apart)" in str(found)
    # Network-wide, the far pair conflicts too.
    assert len(violations(CATALOGUE, far, Policy())) == 1


def test_seats_above_the_policys_maximum_are_reported_for_each_change() -> None:
    murat = centre("murat", seats=((D(2006, 1, 1), 4), (D(2012, 1, 1), 6), (D(2014, 1, 1), 8)))
    found = violations((), [murat], Policy(max_seats_per_centre=5))
    assert all(isinstance(error, MaxSeatsExceeded) for error in found)
    first = found[0]
    assert isinstance(first, MaxSeatsExceeded)
    assert (first.centre_id, first.seats, first.maximum, first.since, first.index) == (
        "murat",
        6,
        5,
        D(2012, 1, 1),
        1,
    )
    assert first.where == "seats[1].count"
    assert "has 6 seats from 2012-01-01, more than the policy's maximum of 5" in str(first)
    assert [error.index for error in found] == [1, 2]  # type: ignore[attr-defined]
    assert violations((), [murat], Policy(max_seats_per_centre=8)) == []


def test_without_a_policy_only_the_rules_that_need_none_are_checked() -> None:
    murat = centre("murat", Holding(slug="sante-travail"), seats=((D(2006, 1, 1), 40),))
    twin = centre("twin", Holding(slug="sante-travail"))
    assert violations(CATALOGUE, [murat, twin], None) == []
    assert len(violations(CATALOGUE, [murat, twin], Policy(max_seats_per_centre=4))) == 2


def test_every_broken_rule_is_reported_at_once_in_rule_order() -> None:
    catalogue = (*CATALOGUE, CATALOGUE[0])
    bad = [
        centre("a", Holding(slug="sante-travail"), Holding(slug="undeclared")),
        centre("a", Holding(slug="sante-travail"), seats=((D(2006, 1, 1), 9),)),
    ]
    found = violations(catalogue, bad, Policy(max_seats_per_centre=4))
    assert [error.rule for error in found] == [
        "unique-specialisation",
        "unique-centre-id",
        "known-specialisation",
        "specialisation-non-overlap",
        "max-seats",
    ]


@given(networks())
def test_generated_networks_break_no_rule(network: Network) -> None:
    assert violations(network.specialisations, network.centres, network.policy) == []


SLUGS = ("a", "b")


def _in_force_together(first: tuple[Centre, Holding], second: tuple[Centre, Holding]) -> bool:
    (centre_a, holding_a), (centre_b, holding_b) = first, second
    start_a, end_a = centre_a.holding_period(holding_a)
    start_b, end_b = centre_b.holding_period(holding_b)
    # Half-open periods overlap when the later start falls inside both.
    day = max(start_a, start_b)
    return all(
        start <= day and (end is None or day < end)
        for start, end in ((start_a, end_a), (start_b, end_b))
    )


@given(
    st.lists(
        centres(holds=SLUGS, min_date=D(2000, 1, 1), max_date=D(2020, 12, 31)),
        max_size=5,
        unique_by=lambda centre: centre.id,
    ),
    policies(),
)
def test_overlaps_are_reported_for_exactly_the_holdings_that_overlap_an_earlier_one(
    centres_: list[Centre], policy: Policy
) -> None:
    catalogue = tuple(Specialisation(slug=slug, label=slug.upper()) for slug in SLUGS)
    policy = Policy(specialisation_scope=policy.specialisation_scope)
    held = [
        (position, index, centre, holding)
        for position, centre in enumerate(centres_)
        for index, holding in enumerate(centre.specialisations)
    ]
    scope = policy.specialisation_scope
    expected = set()
    for later, (_, index, centre, holding) in enumerate(held):
        for _, _, other, other_holding in held[:later]:
            if (
                holding.slug == other_holding.slug
                and scope.applies_between(centre.location.distance_km(other.location))
                and _in_force_together((centre, holding), (other, other_holding))
            ):
                expected.add((centre.id, f"specialisations[{index}]"))
                break
    found = violations(catalogue, centres_, policy)
    assert all(isinstance(error, SpecialisationConflict) for error in found)
    assert {(error.centre_id, error.where) for error in found} == expected
