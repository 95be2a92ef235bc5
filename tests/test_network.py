"""The network aggregate: its operations, the rules they keep, and how it stands on a day."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from functools import partial

import attrs
import hypothesis
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    precondition,
    rule,
)

from telecentre_core import (
    Centre,
    CentreAlreadyClosed,
    CentreStatus,
    ChangeKind,
    Commune,
    DuplicateCentre,
    DuplicateSpecialisation,
    Holding,
    InvalidValue,
    Lifecycle,
    LifecycleOrder,
    MaxSeatsExceeded,
    Network,
    NoSeatsAtOpening,
    Point,
    Policy,
    SeatChange,
    Specialisation,
    SpecialisationConflict,
    SpecialisationNotHeld,
    SpecialisationScope,
    TelecentreError,
    Territory,
    UnknownCentre,
    UnknownSpecialisation,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.rules import violations
from telecentre_core.testing import centres, dates, networks, points, policies

D = dt.date
START = D(2006, 1, 1)
CANTAL = Territory(code="15", name="Cantal")
MURAT = Point(lat=45.1103, lon=2.8683)
SAINT_FLOUR = Point(lat=45.0338, lon=3.0926)
FAR_NORTH = Point(lat=46.0103, lon=2.8683)  # about 100 km north of Murat
REGION = points(44.5, 45.6, 2.0, 3.5)  # around the Cantal
SANTE = Specialisation(slug="sante-travail", label="Santé & travail")
TELEMARKETING = Specialisation(slug="telemarketing", label="Télémarketing")


def centre(
    centre_id: str,
    *holdings: Holding,
    location: Point = MURAT,
    opens: dt.date | None = START,
    planned_from: dt.date | None = None,
    closes: dt.date | None = None,
    seats: int = 4,
    seats_from: dt.date = START,
) -> Centre:
    return Centre(
        id=centre_id,
        name=f"Télécentre {centre_id}",
        commune=Commune(name=centre_id.title(), insee="15138", postcode="15300"),
        location=location,
        seats=[SeatChange(since=seats_from, count=seats)],
        lifecycle=Lifecycle(planned_from=planned_from, opens=opens, closes=closes),
        specialisations=holdings,
    )


def network(*centres_: Centre, policy: Policy | None = None) -> Network:
    return Network(
        name="Test",
        territory=CANTAL,
        policy=policy or Policy(),
        specialisations=(SANTE, TELEMARKETING),
        centres=centres_,
    )


def refused(
    before: Network, change: Callable[[Network], Network], error: type[Exception]
) -> Exception:
    """Apply ``change``, check it raises ``error`` and leaves ``before`` as it was."""
    snapshot = copy.deepcopy(before)
    with pytest.raises(error) as caught:
        change(before)
    assert before == snapshot
    assert hash(before) == hash(snapshot)
    return caught.value


# -- building and looking up ----------------------------------------------------------


def test_an_empty_network_has_no_centres_and_the_cantals_policy() -> None:
    empty = Network(name="Test", territory=CANTAL)
    assert len(empty) == 0
    assert list(empty) == []
    assert empty.timezone == "Europe/Paris"
    assert empty.policy == Policy()
    assert empty.timeline() == ()
    assert empty.seats_by_year() == {}


def test_centres_are_found_by_id_and_kept_in_order() -> None:
    two = network(centre("murat"), centre("allanche", location=SAINT_FLOUR))
    assert two.centre("allanche").id == "allanche"
    assert [c.id for c in two] == ["murat", "allanche"]
    assert len(two) == 2


def test_asking_for_a_centre_that_is_not_there_raises_unknown_centre() -> None:
    with pytest.raises(UnknownCentre) as caught:
        network().centre("vic")
    assert caught.value.centre_id == "vic"
    assert isinstance(caught.value, LookupError)
    assert str(caught.value) == "no centre with id 'vic' in the network"


def test_declared_specialisations_are_found_by_slug() -> None:
    assert network().specialisation("sante-travail") == SANTE
    with pytest.raises(LookupError, match="no specialisation 'x'"):
        network().specialisation("x")


def test_building_a_network_that_breaks_a_rule_raises_the_first_broken_rule() -> None:
    with pytest.raises(DuplicateCentre):
        network(centre("murat"), centre("murat"), centre("x", Holding(slug="undeclared")))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("territory", "Cantal"),
        ("timezone", "Europe/Aurillac"),
        ("timezone", "Paris"),
        ("timezone", ""),
        ("timezone", None),
        ("policy", {}),
        ("specialisations", ["sante-travail"]),
        ("centres", ["murat"]),
        ("centres", "murat"),
        ("notes", None),
    ],
)
def test_network_fields_are_checked(field: str, value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Network(**{"name": "Test", "territory": CANTAL, field: value})  # type: ignore[arg-type]
    assert caught.value.field.startswith(field)


@pytest.mark.parametrize("zone", ["Europe/Paris", "Indian/Reunion", "America/Cayenne", "UTC"])
def test_a_network_lives_in_any_known_time_zone(zone: str) -> None:
    assert Network(name="Test", territory=CANTAL, timezone=zone).timezone == zone


def test_communes_lists_each_commune_once_in_the_order_of_the_centres() -> None:
    murat_again = attrs.evolve(centre("murat2"), commune=centre("murat").commune)
    three = network(centre("murat"), centre("ydes"), murat_again)
    assert [commune.name for commune in three.communes()] == ["Murat", "Ydes"]


# -- add_centre -------------------------------------------------------------------------


def test_adding_a_centre_returns_a_new_network_and_leaves_the_old_one() -> None:
    before = network(centre("murat"))
    after = before.add_centre(centre("ydes"))
    assert [c.id for c in after] == ["murat", "ydes"]
    assert [c.id for c in before] == ["murat"]


def test_adding_a_centre_with_an_id_in_use_raises_duplicate_centre() -> None:
    error = refused(
        network(centre("murat")), lambda n: n.add_centre(centre("murat")), DuplicateCentre
    )
    assert error.centre_id == "murat"  # type: ignore[attr-defined]
    assert str(error) == "centre id 'murat' is used by more than one centre"


def test_adding_a_centre_holding_an_undeclared_specialisation_is_refused() -> None:
    error = refused(
        network(),
        lambda n: n.add_centre(centre("murat", Holding(slug="undeclared"))),
        UnknownSpecialisation,
    )
    assert (error.centre_id, error.slug, error.where) == (  # type: ignore[attr-defined]
        "murat",
        "undeclared",
        "specialisations[0].slug",
    )


def test_adding_a_centre_whose_specialisation_is_taken_raises_a_conflict() -> None:
    before = network(centre("chaudes-aigues", Holding(slug="sante-travail")))
    newcomer = centre(
        "murat", Holding(slug="sante-travail", until=D(2013, 1, 1)), opens=D(2012, 1, 1)
    )
    error = refused(before, lambda n: n.add_centre(newcomer), SpecialisationConflict)
    assert isinstance(error, SpecialisationConflict)
    assert error.slug == "sante-travail"
    assert error.centre_id == "murat"
    assert error.other_centre_id == "chaudes-aigues"
    assert error.since == D(2012, 1, 1)
    assert error.until == D(2013, 1, 1)
    assert error.rule == "specialisation-non-overlap"


# -- declare_specialisation -------------------------------------------------------------


def test_declaring_a_specialisation_adds_it_to_the_catalogue() -> None:
    photo = Specialisation(slug="photographie", label="Photographie")
    after = network().declare_specialisation(photo)
    assert after.specialisations == (SANTE, TELEMARKETING, photo)
    assert after.specialisation("photographie") == photo


def test_declaring_a_slug_twice_raises_duplicate_specialisation() -> None:
    again = Specialisation(slug="sante-travail", label="Santé au travail")
    error = refused(network(), lambda n: n.declare_specialisation(again), DuplicateSpecialisation)
    assert error.slug == "sante-travail"  # type: ignore[attr-defined]


# -- open_centre --------------------------------------------------------------------------


def test_opening_a_planned_centre_makes_it_open_from_that_day() -> None:
    planned = centre("mauriac", opens=None, planned_from=D(2011, 6, 1), seats_from=D(2012, 6, 1))
    after = network(planned).open_centre("mauriac", D(2012, 6, 1))
    assert after.centre("mauriac").status_on(D(2012, 5, 31)) is CentreStatus.PLANNED
    assert after.centre("mauriac").status_on(D(2012, 6, 1)) is CentreStatus.OPEN
    assert after.centre("mauriac").lifecycle.planned_from == D(2011, 6, 1)


def test_opening_a_centre_before_it_has_seats_raises_no_seats_at_opening() -> None:
    planned = centre("mauriac", opens=None, planned_from=D(2011, 6, 1), seats_from=D(2012, 6, 1))
    error = refused(
        network(planned), lambda n: n.open_centre("mauriac", D(2012, 1, 1)), NoSeatsAtOpening
    )
    assert (error.opens, error.first) == (D(2012, 1, 1), D(2012, 6, 1))  # type: ignore[attr-defined]


def test_opening_a_centre_before_it_is_planned_raises_lifecycle_order() -> None:
    planned = centre("mauriac", opens=None, planned_from=D(2011, 6, 1), seats_from=D(2010, 1, 1))
    error = refused(
        network(planned), lambda n: n.open_centre("mauriac", D(2011, 1, 1)), LifecycleOrder
    )
    assert error.field == "opens"  # type: ignore[attr-defined]


def test_opening_an_unknown_centre_raises_unknown_centre() -> None:
    refused(network(), lambda n: n.open_centre("vic", D(2012, 1, 1)), UnknownCentre)


# -- change_seats ---------------------------------------------------------------------------


def test_murat_grows_from_four_to_six_seats_in_2012() -> None:
    after = network(centre("murat")).change_seats("murat", D(2012, 1, 1), 6)
    murat = after.centre("murat")
    assert [(c.since, c.count) for c in murat.seats] == [(START, 4), (D(2012, 1, 1), 6)]
    assert murat.seats_on(D(2011, 12, 31)) == 4
    assert murat.seats_on(D(2012, 1, 1)) == 6


def test_a_seat_change_on_a_date_that_has_one_replaces_it_and_later_ones_stay() -> None:
    grown = network(centre("murat")).change_seats("murat", D(2012, 1, 1), 6)
    after = grown.change_seats("murat", D(2008, 1, 1), 5).change_seats("murat", START, 3)
    assert [(c.since, c.count) for c in after.centre("murat").seats] == [
        (START, 3),
        (D(2008, 1, 1), 5),
        (D(2012, 1, 1), 6),
    ]


def test_seats_may_be_set_before_the_timeline_started() -> None:
    after = network(centre("murat")).change_seats("murat", D(2005, 1, 1), 2)
    assert after.centre("murat").seats[0] == SeatChange(since=D(2005, 1, 1), count=2)


@pytest.mark.parametrize("count", [0, -1])
def test_a_centre_cannot_change_to_no_seats(count: int) -> None:
    error = refused(
        network(centre("murat")),
        lambda n: n.change_seats("murat", D(2012, 1, 1), count),
        InvalidValue,
    )
    assert error.field == "count"  # type: ignore[attr-defined]


def test_more_seats_than_the_policy_allows_raises_max_seats_exceeded() -> None:
    capped = network(centre("murat"), policy=Policy(max_seats_per_centre=4))
    error = refused(capped, lambda n: n.change_seats("murat", D(2012, 1, 1), 6), MaxSeatsExceeded)
    assert isinstance(error, MaxSeatsExceeded)
    assert (error.centre_id, error.seats, error.maximum, error.since, error.index) == (
        "murat",
        6,
        4,
        D(2012, 1, 1),
        1,
    )


def test_changing_the_seats_of_an_unknown_centre_raises_unknown_centre() -> None:
    refused(network(), lambda n: n.change_seats("vic", D(2012, 1, 1), 4), UnknownCentre)


# -- add_specialisation ----------------------------------------------------------------------


def test_a_centre_takes_on_a_declared_specialisation_from_a_date() -> None:
    after = network(centre("murat")).add_specialisation("murat", "sante-travail", D(2010, 1, 1))
    murat = after.centre("murat")
    assert murat.specialisations == (Holding(slug="sante-travail", since=D(2010, 1, 1)),)
    assert murat.specialisations_on(D(2009, 12, 31)) == ()
    assert murat.specialisations_on(D(2010, 1, 1)) == ("sante-travail",)


def test_a_specialisation_without_a_date_is_held_from_the_centres_start() -> None:
    after = network(centre("murat")).add_specialisation("murat", "telemarketing")
    assert after.centre("murat").specialisations_on(START) == ("telemarketing",)


def test_adding_a_new_specialisation_object_declares_it_too() -> None:
    photo = Specialisation(slug="photographie", label="Photographie")
    after = network(centre("murat")).add_specialisation("murat", photo)
    assert after.specialisations[-1] == photo
    assert after.centre("murat").specialisations == (Holding(slug="photographie"),)


def test_adding_a_declared_specialisation_object_does_not_declare_it_twice() -> None:
    after = network(centre("murat")).add_specialisation("murat", SANTE)
    assert after.specialisations == (SANTE, TELEMARKETING)


def test_adding_an_undeclared_slug_raises_unknown_specialisation() -> None:
    error = refused(
        network(centre("murat")),
        lambda n: n.add_specialisation("murat", "photographie"),
        UnknownSpecialisation,
    )
    assert (error.centre_id, error.slug, error.where) == (  # type: ignore[attr-defined]
        "murat",
        "photographie",
        "specialisations",
    )
    assert "does not declare" in str(error)


def test_taking_a_specialisation_another_centre_holds_raises_a_conflict() -> None:
    before = network(
        centre("chaudes-aigues", Holding(slug="sante-travail")),
        centre("murat", location=SAINT_FLOUR),
    )
    error = refused(
        before,
        lambda n: n.add_specialisation("murat", "sante-travail", D(2011, 1, 1)),
        SpecialisationConflict,
    )
    assert (error.centre_id, error.other_centre_id) == ("murat", "chaudes-aigues")  # type: ignore[attr-defined]
    assert (error.since, error.until) == (D(2011, 1, 1), None)  # type: ignore[attr-defined]


def test_adding_a_specialisation_to_an_unknown_centre_raises_unknown_centre() -> None:
    refused(network(), lambda n: n.add_specialisation("vic", "sante-travail"), UnknownCentre)


def test_two_centres_a_hundred_kilometres_apart_may_share_a_slug_within_thirty_km() -> None:
    scope = Policy(specialisation_scope=SpecialisationScope(within_km=30))
    before = network(
        centre("murat", Holding(slug="sante-travail")),
        centre("north", location=FAR_NORTH),
        centre("saint-flour", location=SAINT_FLOUR),
        policy=scope,
    )
    after = before.add_specialisation("north", "sante-travail")
    assert after.centre("north").specialisations_on(START) == ("sante-travail",)
    # Saint-Flour is 19.6 km from Murat: inside the scope.
    error = refused(
        after,
        lambda n: n.add_specialisation("saint-flour", "sante-travail"),
        SpecialisationConflict,
    )
    assert error.distance_km == pytest.approx(19.6, abs=0.05)  # type: ignore[attr-defined]
    # Widening the scope to the whole network is refused: Murat and North now share.
    wide = refused(after, lambda n: n.with_policy(Policy()), SpecialisationConflict)
    assert wide.distance_km is None  # type: ignore[attr-defined]


# -- drop_specialisation --------------------------------------------------------------------


def test_dropping_a_specialisation_ends_the_holding_that_day() -> None:
    before = network(centre("chaudes-aigues", Holding(slug="sante-travail")))
    after = before.drop_specialisation("chaudes-aigues", "sante-travail", D(2012, 1, 1))
    holding = after.centre("chaudes-aigues").specialisations[0]
    assert holding == Holding(slug="sante-travail", until=D(2012, 1, 1))
    assert after.centre("chaudes-aigues").specialisations_on(D(2012, 1, 1)) == ()


def test_dropping_a_specialisation_on_its_first_day_removes_the_holding() -> None:
    before = network(centre("murat", Holding(slug="sante-travail", since=D(2010, 1, 1))))
    after = before.drop_specialisation("murat", "sante-travail", D(2010, 1, 1))
    assert after.centre("murat").specialisations == ()


def test_after_a_drop_another_centre_may_take_the_specialisation_from_that_day() -> None:
    before = network(
        centre("chaudes-aigues", Holding(slug="sante-travail")),
        centre("murat", location=SAINT_FLOUR),
    )
    dropped = before.drop_specialisation("chaudes-aigues", "sante-travail", D(2012, 1, 1))
    taken = dropped.add_specialisation("murat", "sante-travail", D(2012, 1, 1))
    assert taken.as_of(D(2012, 1, 1)).specialisations == (SANTE,)
    error = refused(
        dropped,
        lambda n: n.add_specialisation("murat", "sante-travail", D(2011, 12, 1)),
        SpecialisationConflict,
    )
    assert (error.since, error.until) == (D(2011, 12, 1), D(2012, 1, 1))  # type: ignore[attr-defined]


def test_only_the_holding_in_force_that_day_is_dropped() -> None:
    before = network(
        centre(
            "murat",
            Holding(slug="sante-travail", until=D(2008, 1, 1)),
            Holding(slug="telemarketing"),
            Holding(slug="sante-travail", since=D(2010, 1, 1)),
        )
    )
    after = before.drop_specialisation("murat", "sante-travail", D(2012, 1, 1))
    assert after.centre("murat").specialisations == (
        Holding(slug="sante-travail", until=D(2008, 1, 1)),
        Holding(slug="telemarketing"),
        Holding(slug="sante-travail", since=D(2010, 1, 1), until=D(2012, 1, 1)),
    )


@pytest.mark.parametrize(
    ("slug", "on"),
    [
        ("telemarketing", D(2012, 1, 1)),  # never held
        ("sante-travail", D(2005, 12, 31)),  # before the centre starts
        ("sante-travail", D(2015, 1, 1)),  # the closing day: already freed
    ],
)
def test_dropping_a_specialisation_not_held_that_day_is_refused(slug: str, on: dt.date) -> None:
    before = network(centre("murat", Holding(slug="sante-travail"), closes=D(2015, 1, 1)))
    error = refused(
        before, lambda n: n.drop_specialisation("murat", slug, on), SpecialisationNotHeld
    )
    assert (error.centre_id, error.slug, error.on) == ("murat", slug, on)  # type: ignore[attr-defined]
    assert str(error) == f"centre 'murat' does not hold {slug!r} on {on.isoformat()}"


# -- close_centre --------------------------------------------------------------------------


def test_closing_a_centre_closes_it_from_that_day_and_frees_its_specialisations() -> None:
    before = network(
        centre("chaudes-aigues", Holding(slug="sante-travail")),
        centre("murat", location=SAINT_FLOUR),
    )
    closed = before.close_centre("chaudes-aigues", D(2015, 1, 1))
    assert closed.centre("chaudes-aigues").status_on(D(2015, 1, 1)) is CentreStatus.CLOSED
    assert closed.as_of(D(2015, 1, 1)).seats_of("chaudes-aigues") == 0
    taken = closed.add_specialisation("murat", "sante-travail", D(2015, 1, 1))
    assert taken.as_of(D(2015, 6, 1)).centres[0].centre.id == "murat"
    refused(
        closed,
        lambda n: n.add_specialisation("murat", "sante-travail", D(2014, 12, 31)),
        SpecialisationConflict,
    )


def test_closing_a_closed_centre_raises_centre_already_closed() -> None:
    closed = network(centre("murat", closes=D(2015, 1, 1)))
    error = refused(closed, lambda n: n.close_centre("murat", D(2016, 1, 1)), CentreAlreadyClosed)
    assert (error.centre_id, error.closes) == ("murat", D(2015, 1, 1))  # type: ignore[attr-defined]
    assert error.where == "lifecycle.closes"  # type: ignore[attr-defined]
    assert str(error) == "centre 'murat' is already closed from 2015-01-01"


@pytest.mark.parametrize("on", [START, D(2005, 1, 1)])
def test_closing_a_centre_on_or_before_its_opening_is_refused(on: dt.date) -> None:
    error = refused(network(centre("murat")), lambda n: n.close_centre("murat", on), LifecycleOrder)
    assert error.field == "closes"  # type: ignore[attr-defined]


def test_a_planned_centre_can_be_dropped_before_it_opens() -> None:
    planned = network(centre("mauriac", opens=None, planned_from=D(2011, 6, 1)))
    dropped = planned.close_centre("mauriac", D(2013, 1, 1))
    assert dropped.centre("mauriac").status_on(D(2012, 12, 31)) is CentreStatus.PLANNED
    assert dropped.centre("mauriac").status_on(D(2013, 1, 1)) is CentreStatus.CLOSED
    assert dropped.as_of(D(2013, 1, 1)).centres == ()


def test_a_plan_cannot_be_dropped_before_it_is_made() -> None:
    planned = network(centre("mauriac", opens=None, planned_from=D(2011, 6, 1)))
    refused(planned, lambda n: n.close_centre("mauriac", D(2011, 6, 1)), LifecycleOrder)


def test_a_centre_that_is_already_open_cannot_be_opened_again() -> None:
    refused(
        network(centre("murat")), lambda n: n.open_centre("murat", D(2013, 1, 1)), LifecycleOrder
    )


def test_closing_an_unknown_centre_raises_unknown_centre() -> None:
    refused(network(), lambda n: n.close_centre("vic", D(2015, 1, 1)), UnknownCentre)


# -- with_policy ---------------------------------------------------------------------------


def test_a_network_takes_a_new_policy() -> None:
    policy = Policy(max_seats_per_centre=6)
    assert network(centre("murat")).with_policy(policy).policy == policy


def test_a_policy_that_the_centres_break_is_refused() -> None:
    error = refused(
        network(centre("murat", seats=6)),
        lambda n: n.with_policy(Policy(max_seats_per_centre=4)),
        MaxSeatsExceeded,
    )
    assert error.seats == 6  # type: ignore[attr-defined]


# -- as_of, timeline, seats by year ------------------------------------------------------------


def test_as_of_shows_planned_and_open_centres_with_their_usable_seats() -> None:
    grown = network(
        centre("murat", Holding(slug="sante-travail")),
        centre("mauriac", Holding(slug="telemarketing"), opens=None, planned_from=D(2011, 6, 1)),
        centre("gone", opens=START, closes=D(2010, 1, 1)),
    )
    day = grown.as_of(D(2012, 1, 1))
    assert [(item.centre.id, item.status, item.seats) for item in day.centres] == [
        ("murat", CentreStatus.OPEN, 4),
        ("mauriac", CentreStatus.PLANNED, 0),
    ]
    assert [item.centre.id for item in day.open_centres] == ["murat"]
    assert [item.centre.id for item in day.planned_centres] == ["mauriac"]
    assert day.seats == 4
    assert day.specialisations == (SANTE, TELEMARKETING)
    assert [commune.name for commune in day.communes] == ["Murat"]
    assert day.seats_of("gone") == 0
    assert day.seats_of("vic") == 0
    assert day.specialisations_of("murat") == ("sante-travail",)
    assert day.specialisations_of("mauriac") == ("telemarketing",)
    assert day.specialisations_of("gone") == ()
    assert day.day == D(2012, 1, 1)
    assert day.network is grown


def test_the_timeline_lists_every_change_in_date_order() -> None:
    grown = (
        network(
            centre("murat", opens=D(2006, 3, 1), planned_from=START, seats_from=START),
            centre(
                "ydes",
                location=SAINT_FLOUR,
                opens=D(2007, 1, 1),
                planned_from=D(2007, 1, 1),
                seats_from=D(2007, 1, 1),
            ),
        )
        .change_seats("murat", D(2012, 1, 1), 6)
        .add_specialisation("murat", "sante-travail", D(2008, 1, 1))
        .drop_specialisation("murat", "sante-travail", D(2010, 1, 1))
        .add_specialisation("ydes", "telemarketing", D(2009, 1, 1))
        .close_centre("ydes", D(2014, 1, 1))
    )
    events = [(e.day, e.centre_id, e.kind, e.seats) for e in grown.timeline()]
    assert events == [
        (START, "murat", ChangeKind.PLANNED, None),
        (D(2006, 3, 1), "murat", ChangeKind.OPENED, 4),
        (D(2007, 1, 1), "ydes", ChangeKind.OPENED, 4),
        (D(2008, 1, 1), "murat", ChangeKind.SPECIALISATION_ADDED, None),
        (D(2009, 1, 1), "ydes", ChangeKind.SPECIALISATION_ADDED, None),
        (D(2010, 1, 1), "murat", ChangeKind.SPECIALISATION_DROPPED, None),
        (D(2012, 1, 1), "murat", ChangeKind.SEATS, 6),
        (D(2014, 1, 1), "ydes", ChangeKind.CLOSED, None),
    ]
    details = [event.detail for event in grown.timeline()]
    assert details[1] == "Télécentre murat opens with 4 seats"
    assert details[6] == "Télécentre murat: 4 -> 6 seats"
    assert grown.seats_by_year() == {
        2006: 4,
        2007: 8,
        2008: 8,
        2009: 8,
        2010: 8,
        2011: 8,
        2012: 10,
        2013: 10,
        2014: 6,
    }


def test_a_holding_ending_after_the_closing_has_no_drop_event() -> None:
    closed = network(
        centre("murat", Holding(slug="sante-travail", until=D(2020, 1, 1)), closes=D(2015, 1, 1))
    )
    kinds = [event.kind for event in closed.timeline()]
    assert kinds == [ChangeKind.OPENED, ChangeKind.CLOSED]


# -- the reference network ----------------------------------------------------------------

SEVEN = {"Ydes", "Murat", "Allanche", "Montmurat", "Chaudes-Aigues", "Saint-Flour", "Aurillac"}


def test_the_cybercantal_has_seven_open_centres_in_2011_in_the_articles_communes() -> None:
    for day in (D(2011, 1, 1), D(2011, 6, 1), D(2011, 12, 31)):
        open_centres = cybercantal().as_of(day).open_centres
        assert len(open_centres) == 7
        assert {item.centre.commune.name for item in open_centres} == SEVEN


def test_murat_has_four_seats_in_2011_then_six_from_2012() -> None:
    network = cybercantal()
    assert network.as_of(D(2011, 12, 31)).seats_of("murat") == 4
    assert network.as_of(D(2012, 1, 1)).seats_of("murat") == 6
    assert network.centre("murat").seats_on(D(2030, 1, 1)) == 6


def test_no_cybercantal_centre_has_more_than_four_seats_before_2012() -> None:
    network = cybercantal()
    for centre_ in network:
        for change in centre_.seats:
            if change.since < D(2012, 1, 1):
                assert change.count <= 4, centre_.id
    assert all(
        item.seats <= 4
        for year in range(2006, 2012)
        for item in network.as_of(D(year, 12, 31)).centres
    )


def test_murat_opened_first_in_2006() -> None:
    first = cybercantal().timeline()[0]
    assert (first.centre_id, first.kind, first.day.year) == ("murat", ChangeKind.OPENED, 2006)


def test_three_centres_are_planned_from_2011() -> None:
    network = cybercantal()
    assert network.as_of(D(2010, 12, 31)).planned_centres == ()
    planned = network.as_of(D(2011, 12, 31)).planned_centres
    assert len(planned) == 3
    assert all(item.seats == 0 for item in planned)
    assert all(item.centre.lifecycle.planned_from.year == 2011 for item in planned)  # type: ignore[union-attr]


def test_chaudes_aigues_holds_sante_travail_and_aurillac_telemarketing() -> None:
    day = cybercantal().as_of(D(2011, 6, 1))
    held = {item.centre.id: [s.slug for s in item.specialisations] for item in day.centres}
    assert held["chaudes-aigues"] == ["sante-travail"]
    assert held["aurillac"] == ["telemarketing"]
    assert cybercantal().specialisation("sante-travail").label == "Santé & travail"


def test_every_cybercantal_centre_holds_a_specialisation_of_its_own() -> None:
    day = cybercantal().as_of(D(2011, 6, 1))
    slugs = [s.slug for item in day.centres for s in item.specialisations]
    assert len(slugs) == len(set(slugs)) == 10


def test_the_cybercantal_policy_has_the_articles_free_year_fee_band_and_scope() -> None:
    policy = cybercantal().policy
    default = Policy()
    assert policy.free_period.months == default.free_period.months == 12
    assert policy.fee_band == default.fee_band
    assert policy.specialisation_scope == default.specialisation_scope
    assert policy.max_seats_per_centre is None


def test_cybercantal_seats_by_year_match_the_network_on_each_new_years_eve() -> None:
    network = cybercantal()
    by_year = network.seats_by_year()
    assert by_year[2006] == 4
    assert by_year[2011] == 25
    assert by_year[2012] == 27
    assert list(by_year) == list(range(2006, max(by_year) + 1))
    for year, seats in by_year.items():
        assert network.as_of(D(year, 12, 31)).seats == seats


def test_the_cybercantal_timeline_is_sorted_and_covers_every_centre() -> None:
    events = cybercantal().timeline()
    assert [event.day for event in events] == sorted(event.day for event in events)
    assert {event.centre_id for event in events} == {c.id for c in cybercantal()}
    opened = [event for event in events if event.kind is ChangeKind.OPENED]
    assert len(opened) == 7
    planned = [event for event in events if event.kind is ChangeKind.PLANNED]
    assert len(planned) == 3


# -- properties ------------------------------------------------------------------------------


def _status_by_brute_force(centre_: Centre, day: dt.date) -> CentreStatus | None:
    life = centre_.lifecycle
    if life.closes is not None and day >= life.closes:
        return CentreStatus.CLOSED
    if life.opens is not None and day >= life.opens:
        return CentreStatus.OPEN
    if life.planned_from is not None and day >= life.planned_from:
        return CentreStatus.PLANNED
    return None


def _seats_by_brute_force(centre_: Centre, day: dt.date) -> int:
    count = 0
    for change in centre_.seats:
        if change.since <= day:
            count = change.count
    return count


def _held_by_brute_force(centre_: Centre, day: dt.date) -> list[str]:
    if _status_by_brute_force(centre_, day) not in (CentreStatus.PLANNED, CentreStatus.OPEN):
        return []
    return [
        holding.slug
        for holding in centre_.specialisations
        if (holding.since is None or holding.since <= day)
        and (holding.until is None or day < holding.until)
    ]


@given(networks(), dates())
def test_as_of_agrees_with_the_timelines_of_the_centres(network_: Network, day: dt.date) -> None:
    on_day = network_.as_of(day)
    expected = []
    for centre_ in network_:
        status = _status_by_brute_force(centre_, day)
        if status in (CentreStatus.PLANNED, CentreStatus.OPEN):
            seats = _seats_by_brute_force(centre_, day) if status is CentreStatus.OPEN else 0
            expected.append((centre_.id, status, seats, _held_by_brute_force(centre_, day)))
    assert [
        (item.centre.id, item.status, item.seats, [s.slug for s in item.specialisations])
        for item in on_day.centres
    ] == expected
    assert on_day.seats == sum(seats for _, _, seats, _ in expected)
    for centre_ in network_:
        assert list(on_day.specialisations_of(centre_.id)) == _held_by_brute_force(centre_, day)
        assert on_day.seats_of(centre_.id) == (
            _seats_by_brute_force(centre_, day)
            if _status_by_brute_force(centre_, day) is CentreStatus.OPEN
            else 0
        )
    held = [slug for *_, slugs in expected for slug in slugs]
    # Rule 1 seen from one day: no specialisation is held twice network-wide
    # (within the scope, when there is one).
    if network_.policy.specialisation_scope.within_km is None:
        assert len(held) == len(set(held))
    assert {s.slug for s in on_day.specialisations} == set(held)


@given(networks())
def test_replaying_the_timeline_gives_the_open_seats_of_every_day(network_: Network) -> None:
    counts: dict[str, int] = {}
    opened: set[str] = set()
    events = network_.timeline()
    assert [event.day for event in events] == sorted(event.day for event in events)
    index = 0
    for day in sorted({event.day for event in events}):
        while index < len(events) and events[index].day == day:
            event = events[index]
            if event.kind is ChangeKind.OPENED:
                opened.add(event.centre_id)
                counts[event.centre_id] = event.seats or 0
            elif event.kind is ChangeKind.SEATS:
                counts[event.centre_id] = event.seats or 0
            elif event.kind is ChangeKind.CLOSED:
                opened.discard(event.centre_id)
            index += 1
        assert sum(counts[c] for c in opened) == network_.as_of(day).seats, day
    by_year = network_.seats_by_year()
    for year, seats in by_year.items():
        assert network_.as_of(D(year, 12, 31)).seats == seats


OPERATIONS = ("open", "seats", "add", "drop", "close", "policy", "add-centre")


@given(networks(max_centres=4), st.sampled_from(OPERATIONS), st.data())
def test_a_refused_change_leaves_the_network_as_it_was(
    network_: Network, operation: str, data: st.DataObject
) -> None:
    snapshot = copy.deepcopy(network_)
    ids = [c.id for c in network_] + ["nowhere"]
    slugs = [s.slug for s in network_.specialisations] + ["undeclared"]
    centre_id = data.draw(st.sampled_from(ids))
    day = data.draw(dates())
    change: Callable[[], Network]
    if operation == "open":
        change = partial(network_.open_centre, centre_id, day)
    elif operation == "seats":
        count = data.draw(st.integers(min_value=0, max_value=15))
        change = partial(network_.change_seats, centre_id, day, count)
    elif operation == "add":
        slug = data.draw(st.sampled_from(slugs))
        change = partial(network_.add_specialisation, centre_id, slug, day)
    elif operation == "drop":
        slug = data.draw(st.sampled_from(slugs))
        change = partial(network_.drop_specialisation, centre_id, slug, day)
    elif operation == "close":
        change = partial(network_.close_centre, centre_id, day)
    elif operation == "policy":
        change = partial(network_.with_policy, data.draw(policies()))
    else:
        newcomer = centres(ids=st.sampled_from(ids), holds=tuple(slugs), locations=REGION)
        change = partial(network_.add_centre, data.draw(newcomer))
    try:
        changed = change()
    except TelecentreError as error:
        note(f"refused: {error!r}")
        assert network_ == snapshot
        assert hash(network_) == hash(snapshot)
    else:
        assert violations(changed.specialisations, changed.centres, changed.policy) == []
        assert network_ == snapshot


# -- the state machine: no sequence of operations breaks a rule ------------------------------

IDS = ("murat", "ydes", "allanche", "aurillac")
SLUGS = ("sante-travail", "telemarketing", "traduction")
DAYS = dates(D(2000, 1, 1), D(2030, 12, 31))


class NetworkMachine(RuleBasedStateMachine):
    """Random sequences of operations on a network: every one succeeds or changes nothing."""

    centre_ids = Bundle("centre_ids")
    slugs = Bundle("slugs")

    def __init__(self) -> None:
        super().__init__()
        self.network = Network(name="Machine", territory=CANTAL)

    def apply(self, change: Callable[[Network], Network]) -> bool:
        before = self.network
        snapshot = copy.deepcopy(before)
        try:
            after = change(before)
        except TelecentreError as error:
            note(f"refused: {error}")
            hypothesis.event(f"refused {type(error).__name__}")
            assert before == snapshot
            assert hash(before) == hash(snapshot)
            return False
        self.network = after
        hypothesis.event("accepted")
        return True

    @rule(
        target=slugs,
        slug=st.sampled_from(SLUGS),
        label=st.sampled_from(["Un thème", "Another theme"]),
    )
    def declare_specialisation(self, slug: str, label: str) -> object:
        specialisation = Specialisation(slug=slug, label=label)
        if self.apply(lambda n: n.declare_specialisation(specialisation)):
            return slug
        return multiple()

    @rule(target=centre_ids, data=st.data())
    def add_centre(self, data: st.DataObject) -> object:
        declared = tuple(s.slug for s in self.network.specialisations)
        newcomer = data.draw(
            centres(
                ids=st.sampled_from(IDS),
                holds=(*declared, "undeclared"),
                max_seats=8,
                locations=REGION,
                min_date=D(2000, 1, 1),
                max_date=D(2030, 12, 31),
            )
        )
        if self.apply(lambda n: n.add_centre(newcomer)):
            return newcomer.id
        return multiple()

    @rule(centre_id=centre_ids, on=DAYS)
    def open_centre(self, centre_id: str, on: dt.date) -> None:
        self.apply(lambda n: n.open_centre(centre_id, on))

    @rule(centre_id=centre_ids, since=DAYS, count=st.integers(min_value=0, max_value=10))
    def change_seats(self, centre_id: str, since: dt.date, count: int) -> None:
        self.apply(lambda n: n.change_seats(centre_id, since, count))

    @rule(centre_id=centre_ids, slug=slugs, since=st.none() | DAYS)
    def add_specialisation(self, centre_id: str, slug: str, since: dt.date | None) -> None:
        self.apply(lambda n: n.add_specialisation(centre_id, slug, since))

    @rule(centre_id=centre_ids, slug=st.sampled_from(SLUGS), since=st.none() | DAYS)
    def add_new_specialisation(self, centre_id: str, slug: str, since: dt.date | None) -> None:
        specialisation = Specialisation(slug=slug, label=slug.title())
        self.apply(lambda n: n.add_specialisation(centre_id, specialisation, since))

    @rule(centre_id=centre_ids, slug=st.sampled_from((*SLUGS, "undeclared")))
    def add_any_slug(self, centre_id: str, slug: str) -> None:
        self.apply(lambda n: n.add_specialisation(centre_id, slug))

    @rule(centre_id=centre_ids, slug=slugs, on=DAYS)
    def drop_specialisation(self, centre_id: str, slug: str, on: dt.date) -> None:
        self.apply(lambda n: n.drop_specialisation(centre_id, slug, on))

    @precondition(lambda self: len(self.network) > 0)
    @rule(data=st.data())
    def drop_a_held_specialisation(self, data: st.DataObject) -> None:
        # Aim at a holding in force, so that drops succeed often enough to matter.
        centre_ = data.draw(st.sampled_from(self.network.centres))
        in_force = [
            (holding.slug, *centre_.holding_period(holding)) for holding in centre_.specialisations
        ]
        in_force = [
            (slug, start, end) for slug, start, end in in_force if end is None or start < end
        ]
        if not in_force:
            return
        slug, start, end = data.draw(st.sampled_from(in_force))
        last = (end or start + dt.timedelta(days=3650)) - dt.timedelta(days=1)
        on = data.draw(dates(start, last))
        self.apply(lambda n: n.drop_specialisation(centre_.id, slug, on))

    @rule(centre_id=centre_ids, on=DAYS)
    def close_centre(self, centre_id: str, on: dt.date) -> None:
        self.apply(lambda n: n.close_centre(centre_id, on))

    @rule(policy=policies())
    def with_policy(self, policy: Policy) -> None:
        self.apply(lambda n: n.with_policy(policy))

    @rule(centre_id=st.just("nowhere"), on=DAYS)
    def touch_an_unknown_centre(self, centre_id: str, on: dt.date) -> None:
        assert not self.apply(lambda n: n.close_centre(centre_id, on))

    @invariant()
    def no_rule_is_broken(self) -> None:
        network_ = self.network
        assert violations(network_.specialisations, network_.centres, network_.policy) == []

    @invariant()
    def the_network_rebuilds_equal_from_its_fields(self) -> None:
        assert attrs.evolve(self.network) == self.network


NetworkMachine.TestCase.settings = settings(stateful_step_count=20)
TestNetworkMachine = NetworkMachine.TestCase
