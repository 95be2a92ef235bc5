"""The errors: each one's message, and the facts it carries for a front end to show.

A front end renders an error from its attributes (which centre, which date, which record
of which list) and shows its message to a person: both are the contract, so each error is
built here from known facts and both are checked in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from telecentre_core.errors import (
    ActivityTimeOrder,
    AmountNotPositive,
    AttendanceWithoutPlace,
    CentreAlreadyClosed,
    CentreNotActive,
    CentreNotOpen,
    DoubleRegistration,
    DuplicateAttendance,
    DuplicateCentre,
    DuplicateRecord,
    DuplicateSpecialisation,
    FeeOutsideBand,
    FileProblem,
    InvalidFundingPeriod,
    InvalidValue,
    LifecycleOrder,
    MaxSeatsExceeded,
    MembersOnly,
    NetworkFileError,
    NonexistentLocalTime,
    NoOpenCentre,
    NoSeatsAtOpening,
    NotAMember,
    NotAnEmployee,
    NotRegistered,
    OverlappingActivities,
    OverlappingAgreements,
    OverlappingMemberships,
    RegistrationOrder,
    RegistrationTooLate,
    SeatTimelineOrder,
    SpecialisationConflict,
    SpecialisationNotHeld,
    TelecentreError,
    ThemeHeldElsewhere,
    UnknownCentre,
    UnknownReference,
    UnknownSpecialisation,
)
from telecentre_core.money import Money

D = dt.date
T = dt.time

# -- every error: its message and its facts -----------------------------------------------

ERRORS = [
    (
        lambda: InvalidValue("seats", 0, "must be at least 1"),
        "seats: must be at least 1, got 0",
        {"field": "seats", "value": 0, "reason": "must be at least 1", "where": "seats"},
    ),
    (
        lambda: AmountNotPositive("amount", Money.of("-5")),
        "amount: must be more than 0.00 €, got Money('-5.00')",
        {
            "amount": Money.of("-5.00"),
            "field": "amount",
            "value": Money.of("-5.00"),
            "reason": "must be more than 0.00 €",
            "where": "amount",
        },
    ),
    (
        lambda: InvalidFundingPeriod(
            "last_year", "must not be before first_year", None, 2011, 2010
        ),
        "last_year: must not be before first_year, got 2010",
        {
            "on": None,
            "first_year": 2011,
            "last_year": 2010,
            "field": "last_year",
            "value": 2010,
            "reason": "must not be before first_year",
            "where": "last_year",
        },
    ),
    (
        lambda: InvalidFundingPeriod(
            "on", "a record is dated once or yearly, not both", D(2011, 3, 1), 2011, None
        ),
        "on: a record is dated once or yearly, not both, got datetime.date(2011, 3, 1)",
        {
            "on": D(2011, 3, 1),
            "first_year": 2011,
            "last_year": None,
            "field": "on",
            "value": D(2011, 3, 1),
            "reason": "a record is dated once or yearly, not both",
            "where": "on",
        },
    ),
    (
        lambda: NoOpenCentre(D(2011, 1, 1), D(2011, 2, 1)),
        "no centre of the network is open from 2011-01-01 to 2011-01-31: nothing to split across",
        {"start": D(2011, 1, 1), "end": D(2011, 2, 1)},
    ),
    (
        lambda: UnknownCentre("vic"),
        "no centre with id 'vic' in the network",
        {
            "centre_id": "vic",
            "where": "",
            "key": "vic",
            "collection": "centres",
            "rule": "unknown-centre",
        },
    ),
    (
        lambda: DuplicateCentre("murat"),
        "centre id 'murat' is used by more than one centre",
        {
            "centre_id": "murat",
            "where": "id",
            "key": "murat",
            "collection": "centres",
            "rule": "unique-centre-id",
        },
    ),
    (
        lambda: DuplicateSpecialisation("sante-travail"),
        "specialisation 'sante-travail' is declared more than once",
        {
            "slug": "sante-travail",
            "where": "",
            "key": None,
            "collection": "centres",
            "rule": "unique-specialisation",
        },
    ),
    (
        lambda: UnknownSpecialisation("murat", "yoga", 2),
        "centre 'murat' holds specialisation 'yoga', which the network does not declare",
        {
            "centre_id": "murat",
            "slug": "yoga",
            "where": "specialisations[2].slug",
            "key": "murat",
            "collection": "centres",
            "rule": "known-specialisation",
        },
    ),
    (
        lambda: SpecialisationNotHeld("murat", "yoga", D(2011, 5, 2)),
        "centre 'murat' does not hold 'yoga' on 2011-05-02",
        {
            "centre_id": "murat",
            "slug": "yoga",
            "on": D(2011, 5, 2),
            "where": "",
            "key": "murat",
            "collection": "centres",
            "rule": "specialisation-held",
        },
    ),
    (
        lambda: SpecialisationConflict(
            "sante-travail", "murat", "ydes", D(2010, 1, 1), D(2012, 1, 1), 3, 12.5
        ),
        (
            "specialisation 'sante-travail' is held by both 'ydes' and 'murat' (12.5 km apart) "
            "from 2010-01-01 until 2012-01-01; a specialisation belongs to one centre at a time"
        ),
        {
            "slug": "sante-travail",
            "centre_id": "murat",
            "other_centre_id": "ydes",
            "since": D(2010, 1, 1),
            "until": D(2012, 1, 1),
            "distance_km": 12.5,
            "where": "specialisations[3]",
            "key": "murat",
            "collection": "centres",
            "rule": "specialisation-non-overlap",
        },
    ),
    (
        lambda: SpecialisationConflict("sante-travail", "murat", "ydes", D(2010, 1, 1), None),
        (
            "specialisation 'sante-travail' is held by both 'ydes' and 'murat' from 2010-01-01 "
            "onwards; a specialisation belongs to one centre at a time"
        ),
        {
            "slug": "sante-travail",
            "centre_id": "murat",
            "other_centre_id": "ydes",
            "since": D(2010, 1, 1),
            "until": None,
            "distance_km": None,
            "where": "specialisations",
            "key": "murat",
            "collection": "centres",
            "rule": "specialisation-non-overlap",
        },
    ),
    (
        lambda: SeatTimelineOrder("murat", 2, D(2010, 1, 1), D(2011, 1, 1)),
        (
            "centre 'murat': seat change 2 starts on 2010-01-01, not after the previous one "
            "(2011-01-01); seat changes must be in date order, one per date"
        ),
        {
            "centre_id": "murat",
            "index": 2,
            "since": D(2010, 1, 1),
            "previous": D(2011, 1, 1),
            "where": "seats[2].since",
            "key": "murat",
            "collection": "centres",
            "rule": "seat-timeline-order",
        },
    ),
    (
        lambda: LifecycleOrder("closes", "closes before it opens"),
        "closes before it opens",
        {"where": "closes", "key": None, "collection": "centres", "rule": "lifecycle-order"},
    ),
    (
        lambda: NoSeatsAtOpening("murat", D(2006, 1, 1), D(2006, 3, 1)),
        (
            "centre 'murat' opens on 2006-01-01 but has no seats until 2006-03-01; start the "
            "seat timeline on or before the opening"
        ),
        {
            "centre_id": "murat",
            "opens": D(2006, 1, 1),
            "first": D(2006, 3, 1),
            "where": "seats[0].since",
            "key": "murat",
            "collection": "centres",
            "rule": "seats-at-opening",
        },
    ),
    (
        lambda: CentreAlreadyClosed("murat", D(2013, 1, 1)),
        "centre 'murat' is already closed from 2013-01-01",
        {
            "centre_id": "murat",
            "closes": D(2013, 1, 1),
            "where": "lifecycle.closes",
            "key": "murat",
            "collection": "centres",
            "rule": "close-once",
        },
    ),
    (
        lambda: MaxSeatsExceeded("murat", 30, 25, D(2010, 1, 1), 1),
        "centre 'murat' has 30 seats from 2010-01-01, more than the policy's maximum of 25",
        {
            "centre_id": "murat",
            "seats": 30,
            "maximum": 25,
            "since": D(2010, 1, 1),
            "index": 1,
            "where": "seats[1].count",
            "key": "murat",
            "collection": "centres",
            "rule": "max-seats",
        },
    ),
    (
        lambda: DuplicateRecord("members", "m01", 3),
        "members: id 'm01' is used more than once",
        {"collection": "members", "identity": "m01", "where": "id", "key": 3, "rule": "unique-id"},
    ),
    (
        lambda: DuplicateRecord("policy.tiers", "standard", 1, "slug"),
        "policy.tiers: slug 'standard' is used more than once",
        {
            "collection": "policy.tiers",
            "identity": "standard",
            "where": "slug",
            "key": 1,
            "rule": "unique-id",
        },
    ),
    (
        lambda: UnknownReference("memberships", 4, "centre", "centres", "vic"),
        "memberships: no centres 'vic' in the network",
        {
            "collection": "memberships",
            "where": "centre",
            "target": "centres",
            "key": 4,
            "rule": "known-reference",
        },
    ),
    (
        lambda: FeeOutsideBand("premium", Money.of(120), Money.of(50), Money.of(100), 2),
        "tier 'premium' costs 120.00 € a month, outside the policy's band of 50.00 € to 100.00 €",
        {
            "collection": "policy.tiers",
            "where": "monthly_fee",
            "tier": "premium",
            "fee": Money.of("120.00"),
            "minimum": Money.of("50.00"),
            "maximum": Money.of("100.00"),
            "key": 2,
            "rule": "fee-band",
        },
    ),
    (
        lambda: FeeOutsideBand("premium", Money.of(120), Money.of(50), Money.of(100)),
        "tier 'premium' costs 120.00 € a month, outside the policy's band of 50.00 € to 100.00 €",
        {
            "collection": "policy.tiers",
            "where": "monthly_fee",
            "tier": "premium",
            "fee": Money.of("120.00"),
            "minimum": Money.of("50.00"),
            "maximum": Money.of("100.00"),
            "key": None,
            "rule": "fee-band",
        },
    ),
    (
        lambda: OverlappingMemberships("m01", D(2011, 6, 1), D(2011, 1, 1), 5),
        (
            "member 'm01' joins on 2011-06-01 while still a member since 2011-01-01; leave "
            "before joining again"
        ),
        {
            "collection": "memberships",
            "where": "joined",
            "member_id": "m01",
            "joined": D(2011, 6, 1),
            "other_joined": D(2011, 1, 1),
            "key": 5,
            "rule": "one-membership-at-a-time",
        },
    ),
    (
        lambda: NotAMember("m01", D(2011, 6, 1)),
        "'m01' is not a member of the network on 2011-06-01",
        {
            "collection": "members",
            "member_id": "m01",
            "on": D(2011, 6, 1),
            "where": "",
            "key": "m01",
            "rule": "is-member",
        },
    ),
    (
        lambda: CentreNotOpen("memberships", 2, "centre", "murat", D(2005, 1, 1)),
        "memberships: centre 'murat' is not open on 2005-01-01",
        {
            "collection": "memberships",
            "where": "centre",
            "centre": "murat",
            "on": D(2005, 1, 1),
            "key": 2,
            "rule": "centre-open",
        },
    ),
    (
        lambda: NotAnEmployee("m07", "acme", 1, 0),
        (
            "member 'm07' is not an employee of 'acme'; an agreement pays only for the "
            "company's own salaried teleworkers"
        ),
        {
            "collection": "agreements",
            "where": "employees[0]",
            "member_id": "m07",
            "company": "acme",
            "key": 1,
            "rule": "agreement-employees",
        },
    ),
    (
        lambda: OverlappingAgreements("m07", D(2011, 6, 1), 2),
        "member 'm07' is paid for by two agreements from 2011-06-01",
        {
            "collection": "agreements",
            "where": "since",
            "member_id": "m07",
            "since": D(2011, 6, 1),
            "key": 2,
            "rule": "one-agreement-at-a-time",
        },
    ),
    (
        lambda: CentreNotActive("contributions", 0, "centre", "murat", on=D(2013, 1, 1)),
        "contributions: centre 'murat' is not planned or open on 2013-01-01",
        {
            "collection": "contributions",
            "where": "centre",
            "centre": "murat",
            "on": D(2013, 1, 1),
            "year": None,
            "key": 0,
            "rule": "centre-active",
        },
    ),
    (
        lambda: CentreNotActive("costs", 1, "centre", "murat", year=2014),
        "costs: centre 'murat' is not planned or open in 2014",
        {
            "collection": "costs",
            "where": "centre",
            "centre": "murat",
            "on": None,
            "year": 2014,
            "key": 1,
            "rule": "centre-active",
        },
    ),
    (
        lambda: ActivityTimeOrder("st-1", T(12), T(9), 0),
        (
            "activity 'st-1' ends at 09:00, not after it starts (12:00); an activity starts and "
            "ends on its one day"
        ),
        {
            "activity_id": "st-1",
            "starts": T(12),
            "ends": T(9),
            "where": "ends",
            "key": 0,
            "collection": "programme.activities",
            "rule": "activity-ends-after-start",
        },
    ),
    (
        lambda: NonexistentLocalTime("st-1", D(2012, 3, 25), T(2, 30), "Europe/Paris", "starts", 1),
        (
            "activity 'st-1': 02:30 on 2012-03-25 does not exist in Europe/Paris (the clocks go "
            "forward that night); choose another time"
        ),
        {
            "activity_id": "st-1",
            "day": D(2012, 3, 25),
            "time": T(2, 30),
            "time_zone": "Europe/Paris",
            "where": "starts",
            "key": 1,
            "collection": "programme.activities",
            "rule": "local-time-exists",
        },
    ),
    (
        lambda: ThemeHeldElsewhere(
            "st-1", "sante-travail", "murat", ["chaudes-aigues"], D(2011, 10, 10), 0
        ),
        (
            "activity 'st-1' on 'sante-travail' is placed at 'murat', but 'chaudes-aigues' "
            "holds 'sante-travail' on 2011-10-10; an activity on a centre's specialisation is "
            "hosted by that centre"
        ),
        {
            "activity_id": "st-1",
            "theme": "sante-travail",
            "centre_id": "murat",
            "owners": ("chaudes-aigues",),
            "day": D(2011, 10, 10),
            "where": "centre",
            "key": 0,
            "collection": "programme.activities",
            "rule": "activity-follows-specialisation",
        },
    ),
    (
        lambda: OverlappingActivities("st-2", "st-1", "murat", D(2011, 10, 10), 1),
        (
            "activity 'st-2' overlaps 'st-1' at 'murat' on 2011-10-10; a centre hosts one "
            "activity at a time"
        ),
        {
            "activity_id": "st-2",
            "other_id": "st-1",
            "centre_id": "murat",
            "day": D(2011, 10, 10),
            "where": "starts",
            "key": 1,
            "collection": "programme.activities",
            "rule": "one-activity-at-a-time",
        },
    ),
    (
        lambda: DoubleRegistration("st-1", "m14", 3),
        (
            "'m14' is already registered for 'st-1' (holding a place or waiting); cancel before "
            "registering again"
        ),
        {
            "activity_id": "st-1",
            "member_id": "m14",
            "where": "member",
            "key": 3,
            "collection": "programme.registrations",
            "rule": "register-once",
        },
    ),
    (
        lambda: RegistrationOrder("st-1", "m14", D(2011, 9, 1), D(2011, 9, 5), 2),
        (
            "'m14' registers for 'st-1' on 2011-09-01, before the registration listed ahead of "
            "it (2011-09-05); registrations are listed in the order they were made"
        ),
        {
            "activity_id": "st-1",
            "member_id": "m14",
            "on": D(2011, 9, 1),
            "previous": D(2011, 9, 5),
            "where": "on",
            "key": 2,
            "collection": "programme.registrations",
            "rule": "registrations-in-order",
        },
    ),
    (
        lambda: RegistrationTooLate("st-1", "m14", "on", D(2011, 10, 11), D(2011, 10, 10), 4),
        "'m14' registers on 2011-10-11 for 'st-1', which took place on 2011-10-10",
        {
            "activity_id": "st-1",
            "member_id": "m14",
            "where": "on",
            "on": D(2011, 10, 11),
            "day": D(2011, 10, 10),
            "key": 4,
            "collection": "programme.registrations",
            "rule": "register-before-activity",
        },
    ),
    (
        lambda: MembersOnly("st-1", "p02", D(2011, 10, 10), 1),
        "'st-1' is for members, and 'p02' is not a member on 2011-10-10",
        {
            "activity_id": "st-1",
            "member_id": "p02",
            "day": D(2011, 10, 10),
            "where": "member",
            "key": 1,
            "collection": "programme.registrations",
            "rule": "members-only",
        },
    ),
    (
        lambda: NotRegistered("st-1", "m14"),
        "'m14' is not registered for 'st-1'",
        {
            "activity_id": "st-1",
            "member_id": "m14",
            "where": "member",
            "key": None,
            "collection": "programme.registrations",
            "rule": "is-registered",
        },
    ),
    (
        lambda: AttendanceWithoutPlace("st-1", "m29", 7),
        (
            "attendance of 'm29' at 'st-1': 'm29' holds no place there (not registered, "
            "waiting, or cancelled)"
        ),
        {
            "activity_id": "st-1",
            "member_id": "m29",
            "where": "member",
            "key": 7,
            "collection": "programme.attendance",
            "rule": "attendance-of-registered",
        },
    ),
    (
        lambda: DuplicateAttendance("st-1", "m14", 8),
        "attendance of 'm14' at 'st-1' is recorded more than once",
        {
            "activity_id": "st-1",
            "member_id": "m14",
            "where": "member",
            "key": 8,
            "collection": "programme.attendance",
            "rule": "attendance-once-per-session",
        },
    ),
]


@pytest.mark.parametrize(("build", "message", "facts"), ERRORS)
def test_an_error_says_what_is_wrong_and_carries_the_facts(
    build: Callable[[], TelecentreError], message: str, facts: dict[str, Any]
) -> None:
    # Built in the test, not when the module is collected, so that mutation testing sees it.
    error = build()
    assert str(error) == message
    assert {name: getattr(error, name) for name in facts} == facts


def test_an_error_names_its_rule_list_and_record_so_a_loader_can_point_at_it() -> None:
    # Facts checked above include these; here, what they mean for a record in a file.
    error = MaxSeatsExceeded("murat", 30, 25, D(2010, 1, 1), 1)
    assert (error.rule, error.collection, error.key, error.where) == (
        "max-seats",
        "centres",
        "murat",
        "seats[1].count",
    )


# -- a conflict seen from either centre ---------------------------------------------------


def test_a_specialisation_conflict_seen_from_the_other_centre_swaps_the_two_centres() -> None:
    conflict = SpecialisationConflict(
        "sante-travail", "murat", "ydes", D(2010, 1, 1), D(2012, 1, 1), 3, 12.5
    )
    seen = conflict.seen_from("ydes")
    assert (seen.centre_id, seen.other_centre_id, seen.key) == ("ydes", "murat", "ydes")
    assert (seen.slug, seen.since, seen.until, seen.distance_km) == (
        "sante-travail",
        D(2010, 1, 1),
        D(2012, 1, 1),
        12.5,
    )
    assert str(seen) == (
        "specialisation 'sante-travail' is held by both 'murat' and 'ydes' (12.5 km apart) "
        "from 2010-01-01 until 2012-01-01; a specialisation belongs to one centre at a time"
    )


def test_a_specialisation_conflict_seen_from_its_own_centre_is_itself() -> None:
    conflict = SpecialisationConflict("sante-travail", "murat", "ydes", D(2010, 1, 1), None)
    assert conflict.seen_from("murat") is conflict
    assert conflict.seen_from("aurillac") is conflict


# -- long values are shortened in messages ------------------------------------------------


def test_a_value_shown_in_a_message_is_cut_past_sixty_characters() -> None:
    fits = "x" * 58  # 60 characters once quoted
    assert str(InvalidValue("name", fits, "too long")) == f"name: too long, got '{fits}'"
    cut = "x" * 59
    assert str(InvalidValue("name", cut, "too long")) == f"name: too long, got '{'x' * 56}..."


# -- problems in a network file -----------------------------------------------------------


def test_a_file_problem_shows_where_it_is_and_what_is_wrong() -> None:
    problem = FileProblem("centres[2].seats[0].count", "must be at least 1", "value")
    assert str(problem) == "centres[2].seats[0].count: must be at least 1"
    assert str(FileProblem("", "not a TOML document", "syntax")) == "not a TOML document"
    assert repr(problem) == (
        "FileProblem(path='centres[2].seats[0].count', message='must be at least 1', kind='value')"
    )


def test_file_problems_are_equal_when_path_message_and_kind_are() -> None:
    problem = FileProblem("name", "must not be blank", "value")
    same = FileProblem("name", "must not be blank", "value")
    assert problem == same
    assert hash(problem) == hash(same)
    assert len({problem, same}) == 1
    assert problem != FileProblem("name", "must not be blank", "type")
    assert problem != FileProblem("title", "must not be blank", "value")
    assert problem != FileProblem("name", "must be a string", "value")
    assert problem != "name: must not be blank"


def test_a_network_file_error_lists_its_problems_one_a_line() -> None:
    error = NetworkFileError(
        "network.toml",
        [
            FileProblem("name", "must not be blank", "value"),
            FileProblem("centres[0]", "centre 'murat' has 30 seats", "rule"),
        ],
    )
    assert str(error) == (
        "network.toml: 2 problems\n"
        "  name: must not be blank\n"
        "  centres[0]: centre 'murat' has 30 seats"
    )
    assert error.source == "network.toml"
    assert not error.broken_rules_only
    one = NetworkFileError("network.toml", [FileProblem("centres[0]", "too many seats", "rule")])
    assert str(one) == "network.toml: 1 problem\n  centres[0]: too many seats"
    assert one.broken_rules_only


def test_a_theme_held_by_several_centres_names_them_all() -> None:
    error = ThemeHeldElsewhere(
        "st-1", "sante-travail", "murat", ["chaudes-aigues", "ydes"], D(2011, 10, 10), 0
    )
    assert error.owners == ("chaudes-aigues", "ydes")
    assert "is placed at 'murat', but 'chaudes-aigues' and 'ydes' hold" in str(error)
