"""The network holds its programme: checked with the rest, changed through the network.

A network refuses to be built with a programme that breaks a rule, so a change of the
network that would break its programme is refused too (closing a centre that still hosts
activities, a member leaving before a members' activity, a centre taking on a theme
another centre teaches). ``schedule``, ``register``, ``cancel_registration`` and
``record_attendance`` change the programme and return the new network.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from programme_fixtures import reference_programme

from telecentre_core import (
    Activity,
    ActivityKind,
    Audience,
    CentreNotOpen,
    DoubleRegistration,
    MembersOnly,
    Network,
    NotRegistered,
    Programme,
    RegistrationStatus,
    RuleViolation,
    ThemeHeldElsewhere,
    UnknownReference,
)
from telecentre_core.datasets import cybercantal

D = dt.date
T = dt.time
# Without its bookings: closing a centre or leaving with bookings after that day is refused
# for their sake too (BookingsRemain, tested with the bookings); here, the programme speaks.
NETWORK = attrs.evolve(cybercantal(), bookings=())
SEVENTH = "sante-travail-2011-7"


def _seventh(**changes: object) -> Activity:
    """A seventh "Santé & travail" session, on Monday 21 November 2011 (illustrative)."""
    values: dict[str, object] = {
        "id": SEVENTH,
        "kind": ActivityKind.TRAINING,
        "title": "Santé & travail",
        "theme": "sante-travail",
        "centre": "chaudes-aigues",
        "day": D(2011, 11, 21),
        "starts": T(9),
        "ends": T(12),
        "places": 2,
        "audience": Audience.PUBLIC,
        "funder": "conseil-general-cantal",
        "series": "sante-travail-2011",
    }
    values.update(changes)
    return Activity(**values)  # type: ignore[arg-type]


def _index(activity_id: str) -> int:
    return [activity.id for activity in NETWORK.programme.activities].index(activity_id)


def _registration_index(activity_id: str, member_id: str) -> int:
    for index, registration in enumerate(NETWORK.programme.registrations):
        if (registration.activity, registration.member) == (activity_id, member_id):
            return index
    raise AssertionError(f"{member_id} never registered for {activity_id}")  # pragma: no cover


def test_the_reference_network_holds_the_reference_programme() -> None:
    assert NETWORK.programme == reference_programme()
    assert NETWORK.programme.violations(NETWORK) == []


def test_a_network_has_an_empty_programme_unless_given_one() -> None:
    bare = attrs.evolve(NETWORK, programme=Programme())
    assert bare.programme == Programme()
    assert Network(name="Vide", territory=NETWORK.territory).programme == Programme()


def test_a_network_is_not_built_with_a_programme_that_breaks_a_rule() -> None:
    elsewhere = _seventh(centre="aurillac")
    programme = attrs.evolve(
        NETWORK.programme, activities=(*NETWORK.programme.activities, elsewhere)
    )
    with pytest.raises(ThemeHeldElsewhere) as caught:
        attrs.evolve(NETWORK, programme=programme)
    assert caught.value.key == len(programme.activities) - 1


def test_the_programme_must_be_a_programme() -> None:
    with pytest.raises(ValueError, match="programme"):
        attrs.evolve(NETWORK, programme=list(NETWORK.programme.activities))


# -- network changes the programme refuses ------------------------------------------------


def test_a_centre_cannot_close_while_it_still_hosts_activities_after_that_day() -> None:
    # Chaudes-Aigues hosts "Santé & travail" on Mondays until 14 November 2011.
    with pytest.raises(CentreNotOpen) as caught:
        NETWORK.close_centre("chaudes-aigues", D(2011, 11, 1))
    error = caught.value
    assert (error.collection, error.key, error.where) == (
        "programme.activities",
        _index("sante-travail-2011-5"),
        "day",
    )
    assert (error.centre, error.on) == ("chaudes-aigues", D(2011, 11, 7))
    assert NETWORK.centre("chaudes-aigues").lifecycle.closes is None


def test_a_centre_closes_the_day_after_its_last_activity() -> None:
    closed = NETWORK.close_centre("chaudes-aigues", D(2011, 11, 15))
    assert closed.centre("chaudes-aigues").lifecycle.closes == D(2011, 11, 15)
    assert closed.programme == NETWORK.programme


def test_a_member_cannot_leave_before_a_members_activity_they_registered_for() -> None:
    # The members' café at Murat on 16 June 2011 counts m03 among its registered.
    with pytest.raises(MembersOnly) as caught:
        NETWORK.leave("m03", D(2011, 6, 10))
    error = caught.value
    assert (error.activity_id, error.member_id, error.day) == (
        "cafe-teletravail-2011-06",
        "m03",
        D(2011, 6, 16),
    )
    assert (error.collection, error.key, error.where) == (
        "programme.registrations",
        _registration_index("cafe-teletravail-2011-06", "m03"),
        "member",
    )


def test_a_member_may_leave_after_the_members_activity() -> None:
    assert NETWORK.leave("m03", D(2011, 6, 17)).membership_on("m03", D(2011, 6, 17)) is None


def test_a_member_of_a_public_activity_may_leave_before_it() -> None:
    # "Santé & travail" is open to anyone the network knows: m14 stays registered.
    network = NETWORK.leave("m14", D(2011, 10, 1))
    assert network.programme.status_of("sante-travail-2011-1", "m14") is (
        RegistrationStatus.REGISTERED
    )


def test_a_centre_cannot_take_on_a_theme_another_centre_still_teaches() -> None:
    # Rule 2 on the day of each activity: once Saint-Flour holds "Santé & travail", the
    # sessions at Chaudes-Aigues compete with it.
    handed = NETWORK.drop_specialisation("chaudes-aigues", "sante-travail", D(2011, 9, 1))
    with pytest.raises(ThemeHeldElsewhere) as caught:
        handed.add_specialisation("saint-flour", "sante-travail", since=D(2011, 9, 1))
    error = caught.value
    assert (error.centre_id, error.owners, error.day) == (
        "chaudes-aigues",
        ("saint-flour",),
        D(2011, 10, 10),
    )
    after = handed.add_specialisation("saint-flour", "sante-travail", since=D(2011, 11, 15))
    assert after.centre("saint-flour").specialisations_on(D(2011, 11, 15)) == (
        "logiciels-libres",
        "sante-travail",
    )


def test_dropping_a_specialisation_leaves_its_activities_where_they_are() -> None:
    # A theme nobody holds is free: dropping one never breaks rule 2, so it is never refused
    # for the programme's sake.
    dropped = NETWORK.drop_specialisation("chaudes-aigues", "sante-travail", D(2011, 9, 1))
    assert dropped.programme == NETWORK.programme
    assert dropped.programme.violations(dropped) == []


# -- changing the programme through the network --------------------------------------------


def test_scheduling_through_the_network_returns_a_network_with_the_activity() -> None:
    network = NETWORK.schedule(_seventh())
    assert network.programme.activity(SEVENTH) == _seventh()
    assert [a.id for a in network.programme.sessions("sante-travail-2011")][-1] == SEVENTH
    assert NETWORK.programme == reference_programme()  # the network it came from is unchanged
    assert network.programme == NETWORK.programme.schedule(NETWORK, _seventh())


def test_scheduling_on_another_centres_theme_through_the_network_is_refused() -> None:
    with pytest.raises(ThemeHeldElsewhere):
        NETWORK.schedule(_seventh(centre="aurillac"))
    assert NETWORK.programme == reference_programme()


def test_registering_cancelling_and_recording_attendance_through_the_network() -> None:
    network = NETWORK.schedule(_seventh())
    for member in ("m14", "m15", "m29"):
        network = network.register(SEVENTH, member, D(2011, 11, 1))
    assert network.programme.registered(SEVENTH) == ("m14", "m15")
    assert network.programme.waiting(SEVENTH) == ("m29",)

    network = network.cancel_registration(SEVENTH, "m15", D(2011, 11, 10))
    assert network.programme.registered(SEVENTH) == ("m14", "m29")
    assert network.programme.status_of(SEVENTH, "m15") is RegistrationStatus.CANCELLED

    network = network.record_attendance(SEVENTH, "m14", present=True)
    network = network.record_attendance(SEVENTH, "m29", present=False)
    records = network.programme.attendance_of(SEVENTH)
    assert [(record.member, record.present) for record in records] == [
        ("m14", True),
        ("m29", False),
    ]
    assert network.programme.violations(network) == []


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda n: n.register(SEVENTH, "m14", D(2011, 11, 2)), DoubleRegistration),
        (lambda n: n.register(SEVENTH, "nobody", D(2011, 11, 2)), UnknownReference),
        (lambda n: n.cancel_registration(SEVENTH, "m17", D(2011, 11, 2)), NotRegistered),
        (lambda n: n.record_attendance(SEVENTH, "m17", present=True), RuleViolation),
        (lambda n: n.register("sante-travail-2011-9", "m17", D(2011, 11, 2)), UnknownReference),
    ],
    ids=["twice", "unknown person", "not registered", "no place", "unknown activity"],
)
def test_a_refused_change_through_the_network_leaves_it_as_it_was(
    change: object, error: type[Exception]
) -> None:
    network = NETWORK.schedule(_seventh()).register(SEVENTH, "m14", D(2011, 11, 1))
    snapshot = attrs.evolve(network)
    with pytest.raises(error):
        change(network)  # type: ignore[operator]
    assert network == snapshot
