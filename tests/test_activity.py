"""Activities, registrations and attendance, and the rules a programme keeps in its network.

Every refusal is checked for its facts (what a front end renders), where it points in the
network file (``collection``, ``key``, ``where``), and for leaving the programme as it was.
The reference network is the Cybercantal; its own programme (the reference programme) is
left aside by most tests, which start from an empty one.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from programme_fixtures import (
    OPEN_CENTRES,
    SANTE_TRAVAIL_DAYS,
    activities_at,
    reference_network,
    reference_programme,
    time_spans,
)

from telecentre_core import CentreNotOpen, DuplicateRecord, InvalidValue, Money, UnknownReference
from telecentre_core.activity import (
    Activity,
    ActivityKind,
    Attendance,
    Audience,
    Programme,
    Registration,
    RegistrationStatus,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.dates import local_time_exists
from telecentre_core.errors import (
    ActivityTimeOrder,
    AttendanceWithoutPlace,
    DoubleRegistration,
    DuplicateAttendance,
    MembersOnly,
    NonexistentLocalTime,
    NotRegistered,
    OverlappingActivities,
    RegistrationOrder,
    RegistrationTooLate,
    RuleViolation,
    ThemeHeldElsewhere,
)
from telecentre_core.policy import SpecialisationScope

D = dt.date
T = dt.time
E = TypeVar("E", bound=Exception)
UTC = dt.UTC

NETWORK: Any = reference_network()
PARIS = "Europe/Paris"
ON = D(2011, 9, 1)  # registrations open


def _session(**changes: Any) -> Activity:
    """A "Santé & travail" session at Chaudes-Aigues on Monday 24 October 2011, 09:00-12:00."""
    values: dict[str, Any] = {
        "id": "st-1",
        "kind": ActivityKind.TRAINING,
        "title": "Santé & travail",
        "theme": "sante-travail",
        "centre": "chaudes-aigues",
        "day": D(2011, 10, 24),
        "starts": T(9),
        "ends": T(12),
        "places": 4,
        "audience": Audience.PUBLIC,
    }
    values.update(changes)
    return Activity(**values)


def _programme(*activities: Activity) -> Programme:
    return Programme().schedule(NETWORK, *(activities or (_session(),)))


def _refused(call: Callable[[], object], error: type[E], before: Programme) -> E:
    """Run ``call``, expect ``error``, and check the programme it was called on is unchanged."""
    snapshot = attrs.evolve(before)
    with pytest.raises(error) as caught:
        call()
    assert before == snapshot
    return caught.value


def _points_at(violation: RuleViolation, collection: str, key: int, where: str) -> None:
    assert (violation.collection, violation.key, violation.where) == (collection, key, where)


# -- activities as values -------------------------------------------------------------------


def test_an_activity_is_free_and_for_members_unless_told_otherwise() -> None:
    activity = _session(audience=Audience.MEMBERS)
    default = Activity(
        id="cafe",
        kind=ActivityKind.ANIMATION,
        title="Café",
        centre="murat",
        day=D(2011, 6, 16),
        starts=T(9),
        ends=T(10),
        places=8,
    )
    assert activity.price == Money.zero()
    assert default.audience is Audience.MEMBERS
    assert (default.theme, default.funder, default.series, default.notes) == (None, None, None, "")


@given(starts=st.sampled_from([T(h, m) for h in range(24) for m in (0, 30)]), data=st.data())
def test_an_activity_that_does_not_end_after_it_starts_is_refused(
    starts: dt.time, data: st.DataObject
) -> None:
    ends = data.draw(st.sampled_from([T(h, m) for h in range(24) for m in (0, 30)]))
    if ends > starts:
        assert _session(starts=starts, ends=ends).ends == ends
        return
    with pytest.raises(ActivityTimeOrder) as caught:
        _session(starts=starts, ends=ends)
    error = caught.value
    assert (error.activity_id, error.starts, error.ends) == ("st-1", starts, ends)
    assert (error.collection, error.where) == ("programme.activities", "ends")
    assert "not after it starts" in str(error)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("starts", T(9, tzinfo=UTC), "without a time zone"),
        ("starts", T(9, 0, 30), "whole minute"),
        ("ends", dt.datetime(2011, 10, 24, 12, tzinfo=UTC), "time of day"),
        ("places", 0, "at least 1"),
        ("price", Money.of("-5"), "must not be negative"),
        ("price", 5, "amount of money"),
        ("theme", "Santé", "lowercase"),
        ("day", dt.datetime(2011, 10, 24, tzinfo=UTC), "date"),
        ("kind", "training", "ActivityKind"),
    ],
)
def test_an_activity_refuses_values_its_fields_do_not_allow(
    field: str, value: object, reason: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        _session(**{field: value})
    assert caught.value.field == field
    assert reason in str(caught.value)


def test_a_registration_cannot_be_cancelled_before_it_is_made() -> None:
    with pytest.raises(InvalidValue) as caught:
        Registration(activity="st-1", member="m14", on=D(2011, 9, 2), cancelled=D(2011, 9, 1))
    assert caught.value.field == "cancelled"


def test_attendance_is_true_or_false() -> None:
    with pytest.raises(InvalidValue):
        Attendance(activity="st-1", member="m14", present=1)  # type: ignore[arg-type]


# -- local time -----------------------------------------------------------------------------


def test_nine_oclock_local_is_seven_utc_before_the_october_change_and_eight_after() -> None:
    before = _session(day=D(2011, 10, 24))
    after = _session(day=D(2011, 10, 31))
    assert before.starts_at(PARIS).astimezone(UTC) == dt.datetime(2011, 10, 24, 7, tzinfo=UTC)
    assert after.starts_at(PARIS).astimezone(UTC) == dt.datetime(2011, 10, 31, 8, tzinfo=UTC)
    assert before.starts_at(PARIS).utcoffset() == dt.timedelta(hours=2)
    assert after.ends_at(PARIS).utcoffset() == dt.timedelta(hours=1)


def test_a_session_on_the_night_the_clocks_go_back_lasts_an_hour_more_than_the_clock_says() -> None:
    night = _session(day=D(2011, 10, 30), starts=T(1), ends=T(4))
    assert night.duration(PARIS) == dt.timedelta(hours=4)


def test_a_session_on_the_night_the_clocks_go_forward_lasts_an_hour_less() -> None:
    night = _session(day=D(2012, 3, 25), starts=T(1), ends=T(4))
    assert night.duration(PARIS) == dt.timedelta(hours=2)


@given(day=st.dates(D(2009, 1, 1), D(2013, 12, 31)), span=time_spans())
def test_starts_at_is_aware_and_keeps_the_local_time(
    day: dt.date, span: tuple[dt.time, dt.time]
) -> None:
    starts, ends = span
    activity = _session(day=day, starts=starts, ends=ends)
    moment = activity.starts_at(PARIS)
    assert moment.tzinfo is not None
    assert (moment.date(), moment.time()) == (day, starts)
    assert activity.duration(PARIS) > dt.timedelta(0)


def test_an_activity_starting_in_the_spring_forward_gap_is_refused() -> None:
    gap = _session(day=D(2012, 3, 25), starts=T(2, 30), ends=T(5))
    error = _refused(lambda: Programme().schedule(NETWORK, gap), NonexistentLocalTime, Programme())
    assert (error.day, error.time, error.time_zone) == (D(2012, 3, 25), T(2, 30), PARIS)
    _points_at(error, "programme.activities", 0, "starts")
    assert "does not exist in Europe/Paris" in str(error)


# The days around the last Sunday of March, when the clocks go forward, from 2009 to 2013.
_LATE_MARCH = st.builds(
    lambda year, offset: D(year, 3, 20) + dt.timedelta(days=offset),
    st.integers(2009, 2013),
    st.integers(0, 12),
)


@given(
    day=_LATE_MARCH,
    starts=st.sampled_from([T(h, m) for h in range(1, 4) for m in (0, 15, 30, 45)]),
)
def test_an_activity_is_refused_exactly_when_a_time_falls_in_a_gap(
    day: dt.date, starts: dt.time
) -> None:
    activity = _session(theme=None, centre="murat", day=day, starts=starts, ends=T(5))
    skipped = _skipped_by_the_clocks(day, starts)
    found = Programme(activities=[activity]).violations(NETWORK)
    assert [type(error) for error in found] == ([NonexistentLocalTime] if skipped else [])


def _skipped_by_the_clocks(day: dt.date, time: dt.time) -> bool:
    """Independent of the library: the wall clock of the UTC instant differs from ``time``."""
    zone = zoneinfo.ZoneInfo(PARIS)
    local = dt.datetime.combine(day, time, tzinfo=zone)
    return local.astimezone(UTC).astimezone(zone).time() != time


# -- rule 2: activities follow specialisations ------------------------------------------------


@pytest.mark.parametrize("centre", [c for c in OPEN_CENTRES if c != "chaudes-aigues"])
def test_a_training_on_sante_travail_at_a_centre_other_than_chaudes_aigues_is_refused(
    centre: str,
) -> None:
    elsewhere = _session(centre=centre)
    error = _refused(
        lambda: Programme().schedule(NETWORK, elsewhere), ThemeHeldElsewhere, Programme()
    )
    assert (error.activity_id, error.theme, error.centre_id) == ("st-1", "sante-travail", centre)
    assert error.owners == ("chaudes-aigues",)
    assert error.day == D(2011, 10, 24)
    _points_at(error, "programme.activities", 0, "centre")
    assert str(error) == (
        f"activity 'st-1' on 'sante-travail' is placed at {centre!r}, but 'chaudes-aigues' "
        "holds 'sante-travail' on 2011-10-24; an activity on a centre's specialisation is "
        "hosted by that centre"
    )


def test_a_training_on_sante_travail_at_chaudes_aigues_is_scheduled() -> None:
    programme = Programme().schedule(NETWORK, _session())
    assert programme.activities == (_session(),)
    assert programme.violations(NETWORK) == []


@given(data=st.data())
def test_an_activity_on_any_centres_theme_is_accepted_there_and_refused_elsewhere(
    data: st.DataObject,
) -> None:
    owner = data.draw(st.sampled_from(OPEN_CENTRES))
    host = data.draw(st.sampled_from(OPEN_CENTRES))
    day = data.draw(st.dates(D(2009, 1, 1), D(2013, 12, 31)))
    (theme,) = NETWORK.centre(owner).specialisations_on(day)
    activity = _session(centre=host, theme=theme, day=day)
    found = Programme(activities=[activity]).violations(NETWORK)
    if host == owner:
        assert found == []
    else:
        assert [type(error) for error in found] == [ThemeHeldElsewhere]


def test_a_theme_reserved_by_a_planned_centre_is_taught_nowhere_else() -> None:
    # Mauriac is planned from 2011-06-01 and holds `comptabilite` (illustrative).
    activity = _session(theme="comptabilite", centre="aurillac", day=D(2012, 1, 16))
    (error,) = Programme(activities=[activity]).violations(NETWORK)
    assert isinstance(error, ThemeHeldElsewhere)
    assert error.owners == ("mauriac",)


def test_a_free_theme_may_be_hosted_by_any_open_centre() -> None:
    for index, centre in enumerate(OPEN_CENTRES):
        activity = _session(id=f"a-{index}", centre=centre, theme=None)
        assert Programme(activities=[activity]).violations(NETWORK) == []


def _scoped(within_km: float) -> Any:
    network = cybercantal()
    policy = attrs.evolve(
        network.policy, specialisation_scope=SpecialisationScope(within_km=within_km)
    )
    return attrs.evolve(network, policy=policy)


@given(
    within_km=st.floats(min_value=1, max_value=200),
    host=st.sampled_from([c for c in OPEN_CENTRES if c != "chaudes-aigues"]),
)
def test_rule_two_follows_the_policys_scope(within_km: float, host: str) -> None:
    network = _scoped(within_km)
    owner = network.centre("chaudes-aigues")
    distance = network.centre(host).location.distance_km(owner.location)
    found = Programme(activities=[_session(centre=host)]).violations(network)
    if distance < within_km:
        assert [type(error) for error in found] == [ThemeHeldElsewhere]
    else:
        assert found == []


def test_a_theme_the_network_does_not_declare_is_an_unknown_reference() -> None:
    (error,) = Programme(activities=[_session(theme="astrologie")]).violations(NETWORK)
    assert isinstance(error, UnknownReference)
    assert (error.target, error.value) == ("specialisation", "astrologie")
    _points_at(error, "programme.activities", 0, "theme")


# -- the centre is open, known, and hosts one activity at a time ------------------------------


@given(day=st.dates(D(2000, 1, 1), D(2008, 3, 31)))
def test_an_activity_before_its_centre_opens_is_refused(day: dt.date) -> None:
    activity = _session(centre="aurillac", theme="telemarketing", day=day)  # opens 2008-04-01
    error = _refused(lambda: Programme().schedule(NETWORK, activity), CentreNotOpen, Programme())
    assert (error.centre, error.on) == ("aurillac", day)
    _points_at(error, "programme.activities", 0, "day")


def test_an_activity_at_a_planned_centre_is_refused() -> None:
    activity = _session(centre="maurs", theme="photographie", day=D(2012, 9, 3))
    (error,) = Programme(activities=[activity]).violations(NETWORK)
    assert isinstance(error, CentreNotOpen)


def test_an_activity_at_an_unknown_centre_is_refused() -> None:
    (error,) = Programme(activities=[_session(centre="vic", theme=None)]).violations(NETWORK)
    assert isinstance(error, UnknownReference)
    assert (error.target, error.value) == ("centre", "vic")
    _points_at(error, "programme.activities", 0, "centre")


@given(first=time_spans(), second=time_spans())
def test_two_activities_at_one_centre_on_one_day_never_overlap(
    first: tuple[dt.time, dt.time], second: tuple[dt.time, dt.time]
) -> None:
    earlier = _session(id="a", starts=first[0], ends=first[1])
    later = _session(id="b", starts=second[0], ends=second[1])
    programme = _programme(earlier)
    clash = second[0] < first[1] and first[0] < second[1]
    if not clash:
        assert programme.schedule(NETWORK, later).activities == (earlier, later)
        return
    error = _refused(lambda: programme.schedule(NETWORK, later), OverlappingActivities, programme)
    assert (error.activity_id, error.other_id, error.centre_id) == ("b", "a", "chaudes-aigues")
    _points_at(error, "programme.activities", 1, "starts")


def test_activities_that_touch_do_not_overlap() -> None:
    morning = _session(id="a", starts=T(9), ends=T(12))
    afternoon = _session(id="b", starts=T(12), ends=T(15))
    assert _programme(morning, afternoon).violations(NETWORK) == []


def test_activities_at_the_same_time_at_two_centres_or_on_two_days_do_not_overlap() -> None:
    here = _session(id="a")
    there = _session(id="b", centre="murat", theme=None)
    tomorrow = _session(id="c", day=D(2011, 10, 25))
    assert _programme(here, there, tomorrow).violations(NETWORK) == []


def test_two_activities_cannot_share_an_id() -> None:
    programme = _programme(_session())
    again = _session(day=D(2011, 10, 31))
    error = _refused(lambda: programme.schedule(NETWORK, again), DuplicateRecord, programme)
    assert error.identity == "st-1"
    _points_at(error, "programme.activities", 1, "id")


def test_scheduling_several_activities_is_all_or_nothing() -> None:
    good = _session(id="a")
    bad = _session(id="b", centre="aurillac")
    _refused(lambda: Programme().schedule(NETWORK, good, bad), ThemeHeldElsewhere, Programme())
    assert Programme().schedule(NETWORK, good).activities == (good,)


# -- funders ----------------------------------------------------------------------------------


def test_a_funder_is_one_of_the_networks_funders() -> None:
    (error,) = Programme(activities=[_session(funder="leader")]).violations(NETWORK)
    assert isinstance(error, UnknownReference)
    assert (error.target, error.value) == ("funder", "leader")
    _points_at(error, "programme.activities", 0, "funder")
    assert Programme(activities=[_session(funder="fse")]).violations(NETWORK) == []


def test_a_network_without_funders_takes_no_funded_activity() -> None:
    network = attrs.evolve(cybercantal(), programme=Programme(), contributions=(), funders=())
    (error,) = Programme(activities=[_session(funder="fse")]).violations(network)
    assert isinstance(error, UnknownReference)
    assert Programme(activities=[_session()]).violations(network) == []


# -- registrations and the waiting list -------------------------------------------------------


def _register(programme: Programme, members: list[str], activity: str = "st-1") -> Programme:
    for member in members:
        programme = programme.register(NETWORK, activity, member, ON)
    return programme


def test_a_full_session_keeps_a_waiting_list_in_the_order_people_registered() -> None:
    programme = _register(_programme(), ["m14", "m15", "m16", "m17", "m29", "m28"])
    assert programme.registered("st-1") == ("m14", "m15", "m16", "m17")
    assert programme.waiting("st-1") == ("m29", "m28")
    assert programme.places_left("st-1") == 0
    assert programme.status_of("st-1", "m17") is RegistrationStatus.REGISTERED
    assert programme.status_of("st-1", "m28") is RegistrationStatus.WAITING
    assert programme.status_of("st-1", "m01") is None


def test_a_session_with_places_left_says_how_many() -> None:
    programme = _register(_programme(), ["m14"])
    assert programme.places_left("st-1") == 3
    assert programme.waiting("st-1") == ()


def test_a_cancellation_moves_the_first_person_waiting_up() -> None:
    programme = _register(_programme(), ["m14", "m15", "m16", "m17", "m29", "m28"])
    programme = programme.cancel(NETWORK, "st-1", "m15", D(2011, 10, 3))
    assert programme.registered("st-1") == ("m14", "m16", "m17", "m29")
    assert programme.waiting("st-1") == ("m28",)
    assert programme.status_of("st-1", "m15") is RegistrationStatus.CANCELLED
    (cancelled,) = [r for r in programme.registrations_of("st-1") if r.member == "m15"]
    assert cancelled.cancelled == D(2011, 10, 3)


def test_leaving_the_waiting_list_moves_nobody() -> None:
    programme = _register(_programme(), ["m14", "m15", "m16", "m17", "m29", "m28"])
    programme = programme.cancel(NETWORK, "st-1", "m29", D(2011, 10, 3))
    assert programme.registered("st-1") == ("m14", "m15", "m16", "m17")
    assert programme.waiting("st-1") == ("m28",)


def test_nobody_registers_twice_for_one_activity() -> None:
    programme = _register(_programme(_session(places=1)), ["m14", "m15"])
    for member in ("m14", "m15"):  # one holds the place, the other waits
        error = _refused(
            lambda m=member: programme.register(NETWORK, "st-1", m, ON),  # type: ignore[misc]
            DoubleRegistration,
            programme,
        )
        assert (error.activity_id, error.member_id) == ("st-1", member)
        _points_at(error, "programme.registrations", 2, "member")


def test_someone_who_cancelled_may_register_again_at_the_end_of_the_list() -> None:
    programme = _register(_programme(_session(places=1)), ["m14", "m15"])
    programme = programme.cancel(NETWORK, "st-1", "m14", ON)
    programme = programme.register(NETWORK, "st-1", "m14", ON)
    assert programme.registered("st-1") == ("m15",)
    assert programme.waiting("st-1") == ("m14",)


def test_cancelling_someone_who_is_not_registered_is_refused() -> None:
    programme = _register(_programme(), ["m14"])
    programme = programme.cancel(NETWORK, "st-1", "m14", ON)
    for member in ("m14", "m15"):  # cancelled already, never registered
        error = _refused(
            lambda m=member: programme.cancel(NETWORK, "st-1", m, ON),  # type: ignore[misc]
            NotRegistered,
            programme,
        )
        assert (error.activity_id, error.member_id) == ("st-1", member)
        assert isinstance(error, LookupError)


@given(late=st.integers(min_value=1, max_value=400))
def test_registering_after_the_activitys_day_is_refused(late: int) -> None:
    programme = _programme()
    on = D(2011, 10, 24) + dt.timedelta(days=late)
    error = _refused(
        lambda: programme.register(NETWORK, "st-1", "m14", on), RegistrationTooLate, programme
    )
    assert (error.on, error.day) == (on, D(2011, 10, 24))
    _points_at(error, "programme.registrations", 0, "on")
    assert programme.register(NETWORK, "st-1", "m14", D(2011, 10, 24)).registered("st-1")


def test_cancelling_after_the_activitys_day_is_refused() -> None:
    programme = _register(_programme(), ["m14"])
    error = _refused(
        lambda: programme.cancel(NETWORK, "st-1", "m14", D(2011, 10, 25)),
        RegistrationTooLate,
        programme,
    )
    _points_at(error, "programme.registrations", 0, "cancelled")
    assert "cancels on 2011-10-25" in str(error)


def test_cancelling_before_registering_is_refused() -> None:
    programme = _register(_programme(), ["m14"])
    with pytest.raises(InvalidValue):
        programme.cancel(NETWORK, "st-1", "m14", ON - dt.timedelta(days=1))


@given(earlier=st.integers(min_value=1, max_value=60))
def test_registrations_are_listed_in_the_order_they_were_made(earlier: int) -> None:
    programme = _register(_programme(), ["m14"])
    on = ON - dt.timedelta(days=earlier)
    error = _refused(
        lambda: programme.register(NETWORK, "st-1", "m15", on), RegistrationOrder, programme
    )
    assert (error.on, error.previous) == (on, ON)
    _points_at(error, "programme.registrations", 1, "on")


def test_a_members_activity_is_refused_to_someone_who_is_not_a_member_that_day() -> None:
    programme = _programme(_session(audience=Audience.MEMBERS))
    # m28 is a nomadic worker with passes only; m04 left on 2010-07-01 (both illustrative).
    for member in ("m28", "m04"):
        error = _refused(
            lambda m=member: programme.register(NETWORK, "st-1", m, ON),  # type: ignore[misc]
            MembersOnly,
            programme,
        )
        assert (error.member_id, error.day) == (member, D(2011, 10, 24))
        _points_at(error, "programme.registrations", 0, "member")
    assert programme.register(NETWORK, "st-1", "m14", ON).registered("st-1") == ("m14",)


@given(
    member=st.sampled_from([f"m{number:02d}" for number in range(1, 31)]),
    day=st.dates(D(2009, 1, 1), D(2012, 12, 31)),
)
def test_a_members_activity_takes_exactly_the_people_who_are_members_that_day(
    member: str, day: dt.date
) -> None:
    activity = _session(day=day, audience=Audience.MEMBERS)
    registration = Registration(activity="st-1", member=member, on=day)
    found = Programme(activities=[activity], registrations=[registration]).violations(NETWORK)
    is_member = any(
        stint.member == member and stint.joined <= day and (stint.left is None or day < stint.left)
        for stint in NETWORK.memberships
    )
    assert [type(error) for error in found] == ([] if is_member else [MembersOnly])


def test_a_public_activity_takes_anyone_the_network_knows() -> None:
    programme = _register(_programme(_session(audience=Audience.PUBLIC)), ["m28", "m04"])
    assert programme.registered("st-1") == ("m28", "m04")


@pytest.mark.parametrize(
    ("activity", "member", "where", "target"),
    [("st-9", "m14", "activity", "activity"), ("st-1", "m99", "member", "member")],
)
def test_a_registration_names_a_known_activity_and_person(
    activity: str, member: str, where: str, target: str
) -> None:
    programme = _programme()
    error = _refused(
        lambda: programme.register(NETWORK, activity, member, ON), UnknownReference, programme
    )
    assert error.target == target
    _points_at(error, "programme.registrations", 0, where)


# -- attendance -------------------------------------------------------------------------------


def test_attendance_is_recorded_for_each_person_holding_a_place() -> None:
    programme = _register(_programme(), ["m14", "m15"])
    programme = programme.record_attendance(NETWORK, "st-1", "m14", present=True)
    programme = programme.record_attendance(NETWORK, "st-1", "m15", present=False)
    assert [(r.member, r.present) for r in programme.attendance_of("st-1")] == [
        ("m14", True),
        ("m15", False),
    ]


def test_recording_attendance_again_corrects_it() -> None:
    programme = _register(_programme(), ["m14"])
    programme = programme.record_attendance(NETWORK, "st-1", "m14", present=False)
    programme = programme.record_attendance(NETWORK, "st-1", "m14", present=True)
    assert programme.attendance == (Attendance(activity="st-1", member="m14", present=True),)


@pytest.mark.parametrize("member", ["m29", "m16", "m01"])  # waiting, cancelled, not registered
def test_attendance_of_someone_holding_no_place_is_refused(member: str) -> None:
    programme = _register(_programme(_session(places=1)), ["m14", "m29", "m16"])
    programme = programme.cancel(NETWORK, "st-1", "m16", ON)
    error = _refused(
        lambda: programme.record_attendance(NETWORK, "st-1", member, present=True),
        AttendanceWithoutPlace,
        programme,
    )
    assert (error.activity_id, error.member_id) == ("st-1", member)
    _points_at(error, "programme.attendance", 0, "member")


def test_someone_whose_attendance_is_recorded_cannot_cancel_afterwards() -> None:
    programme = _register(_programme(), ["m14"])
    programme = programme.record_attendance(NETWORK, "st-1", "m14", present=True)
    _refused(
        lambda: programme.cancel(NETWORK, "st-1", "m14", ON), AttendanceWithoutPlace, programme
    )


def test_attendance_is_recorded_once_per_person_and_session() -> None:
    programme = _register(_programme(), ["m14"])
    record = Attendance(activity="st-1", member="m14", present=True)
    (error,) = attrs.evolve(programme, attendance=[record, record]).violations(NETWORK)
    assert isinstance(error, DuplicateAttendance)
    _points_at(error, "programme.attendance", 1, "member")


@pytest.mark.parametrize(
    ("activity", "member", "where"), [("st-9", "m14", "activity"), ("st-1", "m99", "member")]
)
def test_attendance_names_a_known_session_and_person(
    activity: str, member: str, where: str
) -> None:
    programme = _register(_programme(), ["m14"])
    record = Attendance(activity=activity, member=member, present=True)
    (error,) = attrs.evolve(programme, attendance=[record]).violations(NETWORK)
    assert isinstance(error, UnknownReference)
    _points_at(error, "programme.attendance", 0, where)


# -- the programme as a whole -----------------------------------------------------------------


def test_every_rule_is_reported_at_once_in_file_order() -> None:
    programme = Programme(
        activities=[_session(), _session(centre="aurillac"), _session(id="b", starts=T(11))],
        registrations=[Registration(activity="st-9", member="m14", on=ON)],
        attendance=[Attendance(activity="st-1", member="m15", present=True)],
    )
    found = programme.violations(NETWORK)
    assert [type(error) for error in found] == [
        DuplicateRecord,
        ThemeHeldElsewhere,
        OverlappingActivities,
        UnknownReference,
        AttendanceWithoutPlace,
    ]
    assert [error.collection for error in found] == [
        "programme.activities",
        "programme.activities",
        "programme.activities",
        "programme.registrations",
        "programme.attendance",
    ]


def test_an_operation_is_not_blocked_by_rules_the_programme_already_broke() -> None:
    broken = Programme(activities=[_session(), _session(id="x", centre="vic", theme=None)])
    programme = broken.register(NETWORK, "st-1", "m14", ON)
    assert programme.registered("st-1") == ("m14",)
    assert [type(error) for error in programme.violations(NETWORK)] == [UnknownReference]


def test_sessions_of_a_series_come_in_time_order() -> None:
    sessions = [
        _session(id=f"st-{n}", day=day, series="st-2011")
        for n, day in enumerate(reversed(SANTE_TRAVAIL_DAYS), 1)
    ]
    programme = _programme(*sessions, _session(id="other", day=D(2011, 10, 11)))
    assert [a.day for a in programme.sessions("st-2011")] == list(SANTE_TRAVAIL_DAYS)
    assert programme.sessions("nothing") == ()


def test_the_agenda_selects_by_period_and_centre() -> None:
    programme = reference_programme()
    autumn = programme.agenda(start=D(2011, 10, 17), end=D(2011, 10, 31))
    assert [a.id for a in autumn] == [f"sante-travail-2011-{n}" for n in (2, 3, 4)]
    assert {a.centre for a in programme.agenda(centre="murat")} == {"murat"}
    assert len(programme.agenda()) == len(programme.activities)


def test_asking_about_an_unknown_activity_is_an_unknown_reference() -> None:
    for query in (
        Programme().activity,
        Programme().registered,
        Programme().waiting,
        Programme().places_left,
        Programme().registrations_of,
        Programme().attendance_of,
    ):
        with pytest.raises(UnknownReference):
            query("st-9")
    with pytest.raises(UnknownReference):
        Programme().cancel(NETWORK, "st-9", "m14", ON)


@given(data=st.data())
def test_any_valid_activity_at_an_open_centre_is_scheduled(data: st.DataObject) -> None:
    centre = data.draw(st.sampled_from(OPEN_CENTRES))
    activity = data.draw(activities_at(NETWORK, centre))
    if not (
        local_time_exists(activity.day, activity.starts, PARIS)
        and local_time_exists(activity.day, activity.ends, PARIS)
    ):
        return
    assert Programme().schedule(NETWORK, activity).activities == (activity,)


# -- the reference programme ------------------------------------------------------------------


def test_the_reference_file_holds_the_reference_programme() -> None:
    assert cybercantal().programme == reference_programme()


def test_the_reference_programme_has_the_three_lists_and_says_it_is_illustrative() -> None:
    from importlib import resources

    text = (
        resources.files("telecentre_core").joinpath("data", "cybercantal.toml").read_text("utf-8")
    )
    header = text[text.index("# The programme of animation and training") :]
    assert "ILLUSTRATIVE" in header.split("\n[programme]\n")[0]
    programme = cybercantal().programme
    assert (len(programme.activities), len(programme.registrations), len(programme.attendance)) == (
        12,
        53,
        44,
    )


def test_the_reference_programme_breaks_no_rule() -> None:
    assert reference_programme().violations(NETWORK) == []


def test_the_reference_trainings_are_the_articles_at_their_centres() -> None:
    programme = reference_programme()
    sante = programme.sessions("sante-travail-2011")
    telemarketing = programme.sessions("telemarketing-2012")
    assert len(sante) == 6
    assert {(a.title, a.centre, a.price) for a in sante} == {
        ("Santé & travail", "chaudes-aigues", Money.zero())
    }
    assert {(a.title, a.centre) for a in telemarketing} == {("Télémarketing", "aurillac")}


def test_in_the_reference_series_m29_waits_then_takes_the_place_m16_gave_up() -> None:
    programme = reference_programme()
    assert programme.waiting("sante-travail-2011-3") == ("m29",)
    assert programme.registered("sante-travail-2011-4") == ("m14", "m15", "m17", "m29")
    assert programme.status_of("sante-travail-2011-4", "m16") is RegistrationStatus.CANCELLED


# -- the time and theme validators, built again -------------------------------------------
# Activity's validators are built once, at import; building them here checks the same
# rules and lets mutation testing (docs/testing.md) reach them.


def _time_refusal(value: object) -> str:
    from telecentre_core.activity import _time_of_day

    with pytest.raises(InvalidValue) as caught:
        _time_of_day("starts")(None, None, value)
    return str(caught.value)


@pytest.mark.parametrize("value", [dt.time(0, 0), dt.time(9, 30), dt.time(23, 59)])
def test_a_time_of_day_is_a_whole_local_minute(value: dt.time) -> None:
    from telecentre_core.activity import _time_of_day

    _time_of_day("starts")(None, None, value)


@pytest.mark.parametrize("value", [dt.time(9, 30, 1), dt.time(9, 30, 0, 1)])
def test_a_time_of_day_with_seconds_is_refused(value: dt.time) -> None:
    assert _time_refusal(value) == f"starts: must be a whole minute (HH:MM), got {value!r}"


def test_a_time_of_day_with_a_time_zone_is_refused() -> None:
    value = dt.time(9, 30, tzinfo=dt.UTC)
    assert _time_refusal(value) == (
        "starts: must be a local time of day, without a time zone: times are in the "
        f"network's time zone, got {value!r}"
    )


@pytest.mark.parametrize("value", ["09:30", dt.date(2024, 1, 1), None])
def test_a_time_of_day_must_be_a_time(value: object) -> None:
    assert _time_refusal(value) == f"starts: must be a time of day (HH:MM), got {value!r}"


def test_a_theme_is_unset_or_a_slug() -> None:
    from telecentre_core.activity import _optional_slug

    check = _optional_slug("theme")
    check(None, attrs.fields(Activity).theme, None)
    check(None, attrs.fields(Activity).theme, "numerique")
    with pytest.raises(InvalidValue) as caught:
        check(None, attrs.fields(Activity).theme, "Numérique")
    assert str(caught.value).startswith("theme: must be lowercase letters and digits")


def test_a_session_nobody_registered_for_has_no_registrations_and_nobody_stands_anywhere() -> None:
    programme = _programme()
    assert programme.registrations_of("st-1") == ()
    assert programme.status_of("st-1", "m14") is None


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        ((T(9), T(12)), (T(12), T(14)), False),  # touching is fine, either way round
        ((T(9), T(12)), (T(11, 59), T(14)), True),
        ((T(9), T(12)), (T(10), T(11)), True),  # one inside the other
        ((T(9), T(12)), (T(7), T(9)), False),
    ],
)
def test_two_activities_overlap_when_their_times_share_a_minute(
    first: tuple[dt.time, dt.time], second: tuple[dt.time, dt.time], overlap: bool
) -> None:
    a = _session(id="a", starts=first[0], ends=first[1])
    b = _session(id="b", starts=second[0], ends=second[1])
    assert a.overlaps(b) is overlap
    assert b.overlaps(a) is overlap
    assert not a.overlaps(attrs.evolve(b, day=b.day + dt.timedelta(days=7)))
