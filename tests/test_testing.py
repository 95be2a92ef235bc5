"""The project's Hypothesis strategies build valid objects only, and plug into from_type."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from decimal import Decimal

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core import testing
from telecentre_core.booking import BookingRights
from telecentre_core.booking import violations as booking_violations
from telecentre_core.opening import DEFAULT_HOURS, DEFAULT_UNITS
from telecentre_core.rules import people_violations, violations

# Rebuilding an attrs object from its own fields runs every validator and
# __attrs_post_init__ again: a strategy that bypassed one would be caught here.


def rebuilt(value: object) -> object:
    if isinstance(value, tc.Ledger):  # not an attrs class: rebuilt from its bookings
        return tc.Ledger(attrs.evolve(booking) for booking in value)
    return attrs.evolve(value)  # type: ignore[misc]


STRATEGIES: dict[str, st.SearchStrategy[object]] = {
    "moneys": testing.moneys(),
    "points": testing.points(),
    "communes": testing.communes(),
    "territories": testing.territories(),
    "specialisations": testing.specialisations(),
    "connections": testing.connections(),
    "equipments": testing.equipments(),
    "seat_changes": testing.seat_changes(),
    "lifecycles": testing.lifecycles(),
    "holdings": testing.holdings(),
    "centres": testing.centres(),
    "free_periods": testing.free_periods(),
    "fee_bands": testing.fee_bands(),
    "specialisation_scopes": testing.specialisation_scopes(),
    "policies": testing.policies(),
    "networks": testing.networks(max_centres=3),
    "tiers": testing.tiers(),
    "pass_prices": testing.pass_prices(),
    "free_variants": testing.free_variants(),
    "funding_policies": testing.funding_policies(),
    "members": testing.members(),
    "companies": testing.companies(),
    "prospects": testing.prospects(),
    "agreements": testing.agreements(),
    "tier_changes": testing.tier_changes(),
    "memberships": testing.memberships(),
    "pass_uses": testing.pass_uses(),
    "activities": testing.activities(),
    "registrations": testing.registrations(),
    "attendances": testing.attendances(),
    "programmes": testing.programmes(),
    "time_ranges": testing.time_ranges(),
    "weekly_hours": testing.weekly_hours(),
    "closures": testing.closures(),
    "bookable_units": testing.bookable_units(),
    "bookings": testing.bookings(),
    "ledgers": testing.ledgers(max_bookings=4),
}


@pytest.mark.parametrize("name", sorted(STRATEGIES))
@given(data=st.data())
def test_every_strategy_builds_objects_that_pass_their_own_validation(
    name: str, data: st.DataObject
) -> None:
    value = data.draw(STRATEGIES[name])
    assert rebuilt(value) == value
    assert hash(rebuilt(value)) == hash(value)


def test_every_public_strategy_is_tested_here() -> None:
    strategies = {
        name
        for name in testing.__all__
        if callable(getattr(testing, name)) and name not in {"dates", "slugs", "seat_timelines"}
    }
    assert strategies == set(STRATEGIES)


def people_of(network: tc.Network) -> list[tc.RuleViolation]:
    return people_violations(
        network.policy,
        network.centres,
        network.members,
        network.companies,
        network.prospects,
        network.agreements,
        network.memberships,
        network.pass_uses,
    )


@given(testing.networks())
def test_generated_networks_obey_every_rule(network: tc.Network) -> None:
    assert violations(network.specialisations, network.centres, network.policy) == []
    assert len({centre.id for centre in network}) == len(network)
    cap = network.policy.max_seats_per_centre
    if cap is not None:
        assert all(change.count <= cap for centre in network for change in centre.seats)
    assert people_of(network) == []
    # The rules the network checks again, spelled out: a stint starts on an open day of its
    # home centre, a member's stints never overlap, an agreement pays for its own staff.
    for stint in network.memberships:
        assert network.centre(stint.centre).is_open_on(stint.joined)
    for member in network.members:
        stints = network.memberships_of(member.id)
        for earlier, later in itertools.pairwise(stints):
            assert earlier.left is not None
            assert earlier.left <= later.joined
    for agreement in network.agreements:
        assert all(network.member(m).employer == agreement.company for m in agreement.employees)
    for use in network.pass_uses:
        assert network.centre(use.centre).is_open_on(use.on)
        network.policy.pass_price(use.kind)


@given(testing.networks(max_centres=2, max_specialisations=0, people=False))
def test_networks_without_people_have_none(network: tc.Network) -> None:
    assert network.members == network.companies == network.prospects == ()
    assert network.agreements == network.memberships == network.pass_uses == ()


@given(testing.networks(max_centres=2, max_specialisations=0, max_members=1))
def test_networks_follow_max_members(network: tc.Network) -> None:
    assert len(network.members) <= 1


def test_generated_networks_reach_every_kind_of_people_history() -> None:
    # Rejoining, changing tier, leaving, agreements and passes all occur, under both
    # anniversary billing and a billing day.
    seen: dict[str, int] = dict.fromkeys(
        ("rejoined", "rejoined-at-once", "tier-change", "left", "still-in", "agreement",
         "pass", "prospect", "anniversary", "billing-day", "variant-eligible"),
        0,
    )  # fmt: skip

    @settings(max_examples=150, database=None)
    @given(testing.networks(min_centres=1, max_centres=2, max_specialisations=0))
    def count(network: tc.Network) -> None:
        for member in network.members:
            stints = network.memberships_of(member.id)
            seen["rejoined"] += len(stints) > 1
            seen["rejoined-at-once"] += any(
                a.left == b.joined for a, b in itertools.pairwise(stints)
            )
            groups = {variant.eligibility for variant in network.policy.free_period.variants}
            seen["variant-eligible"] += bool(stints) and bool(groups & set(member.eligibility))
        seen["tier-change"] += any(stint.changes for stint in network.memberships)
        seen["left"] += any(stint.left is not None for stint in network.memberships)
        seen["still-in"] += any(stint.left is None for stint in network.memberships)
        seen["agreement"] += bool(network.agreements)
        seen["pass"] += bool(network.pass_uses)
        seen["prospect"] += bool(network.prospects)
        seen["anniversary"] += bool(network.members) and network.policy.billing_day is None
        seen["billing-day"] += bool(network.members) and network.policy.billing_day is not None

    count()
    assert all(seen.values()), seen


@given(testing.policies())
def test_generated_policies_price_within_the_rules(policy: tc.Policy) -> None:
    assert all(policy.fee_band.contains(tier.monthly_fee) for tier in policy.tiers)
    assert len({tier.slug for tier in policy.tiers}) == len(policy.tiers) <= 3
    assert len({price.kind for price in policy.passes}) == len(policy.passes)
    assert policy.billing_day is None or 1 <= policy.billing_day <= 28
    variants = policy.free_period.variants
    assert len({variant.eligibility for variant in variants}) == len(variants)


@given(testing.policies(min_tiers=2, max_tiers=2))
def test_policies_follow_the_tier_counts(policy: tc.Policy) -> None:
    assert len(policy.tiers) == 2


BAND = tc.FeeBand(minimum=tc.Money.of("49.99"), maximum=tc.Money.of("50.01"))


@given(testing.tiers(BAND))
def test_tiers_lie_inside_the_band_given(tier: tc.Tier) -> None:
    assert BAND.contains(tier.monthly_fee)


@given(testing.members(employers=()))
def test_members_without_employers_are_never_salaried(member: tc.Member) -> None:
    assert member.kind is not tc.MemberKind.SALARIED
    assert member.employer is None


@given(testing.members(employers=["acme"], eligibility=["student"]))
def test_members_take_employers_and_groups_from_the_choices(member: tc.Member) -> None:
    assert member.employer in (None, "acme")
    assert (member.employer is not None) == (member.kind is tc.MemberKind.SALARIED)
    assert set(member.eligibility) <= {"student"}


@given(
    testing.memberships(
        members=["anne"],
        centres=["murat"],
        tiers=["standard"],
        min_date=dt.date(2010, 1, 1),
        max_date=dt.date(2010, 1, 3),
    )
)
def test_memberships_follow_their_arguments(stint: tc.Membership) -> None:
    assert (stint.member, stint.centre) == ("anne", "murat")
    assert set(stint.tiers()) == {"standard"}
    assert dt.date(2010, 1, 1) <= stint.joined < (stint.left or dt.date(2010, 1, 4))
    assert stint.left is None or stint.left <= dt.date(2010, 1, 3)


@given(testing.agreements(companies=["acme"], employees=["anne", "bob"], tiers=["plus"]))
def test_agreements_follow_their_arguments(agreement: tc.Agreement) -> None:
    assert agreement.company == "acme"
    assert set(agreement.employees) <= {"anne", "bob"}
    assert agreement.tier == "plus"


@given(testing.pass_uses(kinds=[tc.PassKind.WEEK], members=["anne"], centres=["murat"]))
def test_pass_uses_follow_their_arguments(use: tc.PassUse) -> None:
    assert (use.kind, use.member, use.centre) == (tc.PassKind.WEEK, "anne", "murat")


@given(testing.prospects(["acme"]), testing.tier_changes(["plus"]))
def test_prospects_and_tier_changes_follow_their_arguments(
    prospect: tc.Prospect, change: tc.TierChange
) -> None:
    assert prospect.company == "acme"
    assert change.tier == "plus"


@given(testing.networks(min_centres=2, max_centres=3, max_specialisations=2))
def test_network_sizes_follow_the_arguments(network: tc.Network) -> None:
    assert 2 <= len(network) <= 3
    assert len(network.specialisations) <= 2


def _shared_over_time(network: tc.Network) -> bool:
    holders: dict[str, set[str]] = {}
    for centre in network:
        for holding in centre.specialisations:
            holders.setdefault(holding.slug, set()).add(centre.id)
    return any(len(ids) > 1 for ids in holders.values())


def _freed_by_a_closing(network: tc.Network) -> bool:
    # A centre takes a slug on or after the closing of another centre that held it.
    for centre in network:
        closes = centre.lifecycle.closes
        if closes is None:
            continue
        for holding in centre.specialisations:
            if holding.until is not None:
                continue
            for other in network:
                if other.id != centre.id and any(
                    h.slug == holding.slug and h.since is not None and h.since >= closes
                    for h in other.specialisations
                ):
                    return True
    return False


def test_generated_networks_hand_specialisations_over_time_and_free_them_by_closing() -> None:
    # Rule 1 is about time: the strategy must reach networks where one slug passes from
    # centre to centre, and where a centre's closing frees it for another.
    seen = {"shared": 0, "freed": 0}

    @settings(max_examples=100, database=None)
    @given(testing.networks(policy=st.just(tc.Policy())))
    def count(network: tc.Network) -> None:
        seen["shared"] += _shared_over_time(network)
        seen["freed"] += _freed_by_a_closing(network)

    count()
    assert seen["shared"] > 0
    assert seen["freed"] > 0


@given(testing.seat_timelines(max_count=3, max_changes=6, starts_by=dt.date(1995, 2, 28)))
def test_seat_timelines_follow_their_arguments(seats: tuple[tc.SeatChange, ...]) -> None:
    assert 1 <= len(seats) <= 6
    assert seats[0].since <= dt.date(1995, 2, 28)
    assert all(1 <= change.count <= 3 for change in seats)
    assert [change.since for change in seats] == sorted({change.since for change in seats})


@given(testing.lifecycles(min_date=dt.date(2000, 1, 1), max_date=dt.date(2000, 1, 2)))
def test_lifecycles_fit_in_the_narrowest_range(lifecycle: tc.Lifecycle) -> None:
    days = [lifecycle.planned_from, lifecycle.opens, lifecycle.closes]
    assert all(dt.date(2000, 1, 1) <= day <= dt.date(2000, 1, 2) for day in days if day)


@given(testing.holdings(["a", "b"]))
def test_holdings_take_their_slug_from_the_choices_given(holding: tc.Holding) -> None:
    assert holding.slug in {"a", "b"}


@given(testing.centres(holds=(), max_seats=2))
def test_centres_follow_their_arguments(centre: tc.Centre) -> None:
    assert centre.specialisations == ()
    assert all(change.count <= 2 for change in centre.seats)


@given(testing.moneys(min_value="-1.005", max_value=Decimal("1")))
def test_money_bounds_are_rounded_like_money(amount: tc.Money) -> None:
    assert tc.Money.of("-1.01") <= amount <= tc.Money.of("1")


def test_money_bounds_the_wrong_way_round_are_refused() -> None:
    with pytest.raises(ValueError, match="below min_value"):
        testing.moneys(min_value=10, max_value=tc.Money.of(5))


def test_impossible_timeline_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="max_count"):
        testing.seat_timelines(max_count=0)
    with pytest.raises(ValueError, match="max_changes"):
        testing.seat_timelines(max_changes=0)
    with pytest.raises(ValueError, match="starts_by"):
        testing.seat_timelines(starts_by=dt.date(1980, 1, 1))
    with pytest.raises(ValueError, match="max_date"):
        testing.lifecycles(min_date=dt.date(2000, 1, 1), max_date=dt.date(2000, 1, 1))
    with pytest.raises(ValueError, match="max_date"):
        testing.holdings(min_date=dt.date(2000, 1, 1), max_date=dt.date(1999, 1, 1))
    with pytest.raises(ValueError, match="max_date"):
        testing.centres(min_date=dt.date(2000, 1, 1), max_date=dt.date(2000, 1, 1))
    with pytest.raises(ValueError, match="max_seats"):
        testing.centres(max_seats=0)
    with pytest.raises(ValueError, match="min_tiers"):
        testing.policies(min_tiers=2, max_tiers=1)
    with pytest.raises(ValueError, match="max_date"):
        testing.agreements(min_date=dt.date(2000, 1, 1), max_date=dt.date(2000, 1, 1))
    with pytest.raises(ValueError, match="max_date"):
        testing.memberships(min_date=dt.date(2000, 1, 1), max_date=dt.date(1999, 1, 1))
    with pytest.raises(ValueError, match="max_activities"):
        testing.programmes(max_activities=-1)


@given(testing.dates())
def test_dates_lie_in_the_documented_range(day: dt.date) -> None:
    assert testing.MIN_DATE <= day <= testing.MAX_DATE


def test_month_ends_and_leap_days_are_reachable() -> None:
    quick = settings(max_examples=5000, database=None)
    assert find(testing.dates(), lambda d: (d.month, d.day) == (2, 29), settings=quick).day == 29
    assert find(testing.dates(), lambda d: (d.month, d.day) == (12, 31), settings=quick)


@given(testing.slugs())
def test_slugs_are_valid_specialisation_slugs(slug: str) -> None:
    assert tc.Specialisation(slug=slug, label="x").slug == slug


MODEL_TYPES = [
    tc.Money,
    tc.Point,
    tc.Commune,
    tc.Territory,
    tc.Specialisation,
    tc.Connection,
    tc.Equipment,
    tc.SeatChange,
    tc.Lifecycle,
    tc.Holding,
    tc.Centre,
    tc.FreePeriod,
    tc.FeeBand,
    tc.SpecialisationScope,
    tc.Policy,
    tc.Network,
    tc.Tier,
    tc.PassPrice,
    tc.FreeVariant,
    tc.FundingPolicy,
    tc.Member,
    tc.Company,
    tc.Prospect,
    tc.Agreement,
    tc.Membership,
    tc.TierChange,
    tc.PassUse,
    tc.Activity,
    tc.Registration,
    tc.Attendance,
    tc.Programme,
    tc.TimeRange,
    tc.WeeklyHours,
    tc.Closure,
    tc.BookableUnit,
    tc.Booking,
    tc.Ledger,
]


@pytest.mark.parametrize("kind", MODEL_TYPES, ids=lambda kind: kind.__name__)
@given(data=st.data())
def test_from_type_builds_valid_objects_after_the_hook(kind: type, data: st.DataObject) -> None:
    value = data.draw(st.from_type(kind))
    assert isinstance(value, kind)
    assert rebuilt(value) == value


# The modules whose value types telecentre_core.testing has strategies for.
COVERED_MODULES = {
    f"telecentre_core.{name}"
    for name in (
        "money",
        "geo",
        "commune",
        "specialisation",
        "equipment",
        "centre",
        "policy",
        "network",
        "pricing",
        "membership",
        "activity",
        "opening",
        "booking",
    )
}


def test_the_hook_registers_every_model_class_of_the_modules_it_covers() -> None:
    public_attrs = {
        value
        for value in (getattr(tc, name) for name in tc.__all__)
        if attrs.has(value) and value.__module__ in COVERED_MODULES
    } - {  # views and results, not model values
        tc.CentreOnDay,
        tc.NetworkOnDay,
        tc.TimelineEvent,
        tc.DayOpening,
        tc.PublicHoliday,
        tc.SeriesResult,
    }
    assert public_attrs | {tc.Money, tc.Ledger} == set(MODEL_TYPES)


def test_calling_the_hook_twice_is_harmless() -> None:
    testing._hypothesis_setup_hook()
    testing._hypothesis_setup_hook()

    @given(st.from_type(tc.Network))
    def check(network: tc.Network) -> None:
        assert isinstance(network, tc.Network)

    check()


def test_the_package_does_not_import_the_testing_module() -> None:
    code = "import sys, telecentre_core; print('telecentre_core.testing' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HYPOTHESIS_NO_PLUGINS": "1"},
    )
    assert result.stdout.strip() == "False"


# -- the suite's profiles (tests/conftest.py) ------------------------------------------


def test_the_ci_profile_stays_randomized_and_prints_a_reproduction_blob() -> None:
    ci = settings.get_profile("ci")
    assert ci.derandomize is False
    assert ci.max_examples == 60
    assert ci.deadline is None
    assert ci.print_blob is True


def test_the_dev_and_thorough_profiles_run_more_or_fewer_examples() -> None:
    assert settings.get_profile("dev").max_examples == 100
    assert settings.get_profile("dev").derandomize is False
    assert settings.get_profile("thorough").max_examples == 2000


def test_the_profile_follows_the_environment() -> None:
    expected = os.environ.get("HYPOTHESIS_PROFILE", "ci" if "CI" in os.environ else "dev")
    assert settings.get_current_profile_name() == expected


# -- the programme ------------------------------------------------------------------------


# Fewer examples than the default: drawing networks with people and a programme is slow, and
# the programmes' variety is checked on the reference network below.
@settings(max_examples=50)
@given(testing.networks(max_centres=3, max_specialisations=3, max_members=4, programme=True))
def test_generated_programmes_obey_every_rule(network: tc.Network) -> None:
    programme = network.programme
    assert programme.violations(network) == []
    assert len(programme.activities) <= 4
    for activity in programme.activities:
        assert network.centre(activity.centre).is_open_on(activity.day)
        assert activity.funder is None  # generated networks have no funders
    for activity in programme.activities:
        holders = programme.registered(activity.id)
        assert len(holders) <= activity.places
        assert not set(holders) & set(programme.waiting(activity.id))


@settings(max_examples=25)
@given(
    testing.networks(max_centres=2, max_specialisations=0, max_members=2),
    testing.networks(
        max_centres=2, max_specialisations=0, max_members=2, programme=True, max_activities=0
    ),
)
def test_networks_hold_a_programme_only_when_asked_and_follow_max_activities(
    plain: tc.Network, empty: tc.Network
) -> None:
    assert plain.programme == empty.programme == tc.Programme()


@settings(max_examples=25)
@given(testing.programmes())
def test_programmes_are_drawn_in_the_reference_network_by_default(
    programme: tc.Programme,
) -> None:
    network = tc.datasets.cybercantal()
    assert programme.violations(network) == []
    assert attrs.evolve(network, programme=programme).programme == programme


def test_generated_programmes_reach_every_kind_of_history() -> None:
    # In the reference network (open centres, themes, members, funders): full sessions with
    # a waiting list, cancellations, people registering again, attendance both ways, every
    # kind and audience, themes and free themes, funded or not, two activities at one centre
    # on one day.
    network = tc.datasets.cybercantal()
    seen = dict.fromkeys(
        ("waiting", "cancelled", "again", "present", "absent", "theme", "free", "funded",
         "same-day", "members", "public", "training", "animation"),
        0,
    )  # fmt: skip

    @settings(max_examples=150, database=None)
    @given(testing.programmes(network, max_activities=6))
    def count(programme: tc.Programme) -> None:
        assert programme.violations(network) == []
        activities = programme.activities
        seen["waiting"] += any(programme.waiting(activity.id) for activity in activities)
        seen["cancelled"] += any(r.cancelled is not None for r in programme.registrations)
        pairs = [(r.activity, r.member) for r in programme.registrations]
        seen["again"] += len(set(pairs)) < len(pairs)
        seen["present"] += any(record.present for record in programme.attendance)
        seen["absent"] += any(not record.present for record in programme.attendance)
        seen["theme"] += any(activity.theme is not None for activity in activities)
        seen["free"] += any(activity.theme is None for activity in activities)
        seen["funded"] += any(activity.funder is not None for activity in activities)
        places = [(activity.centre, activity.day) for activity in activities]
        seen["same-day"] += len(set(places)) < len(places)
        seen["members"] += any(a.audience is tc.Audience.MEMBERS for a in activities)
        seen["public"] += any(a.audience is tc.Audience.PUBLIC for a in activities)
        seen["training"] += any(a.kind is tc.ActivityKind.TRAINING for a in activities)
        seen["animation"] += any(a.kind is tc.ActivityKind.ANIMATION for a in activities)

    count()
    assert all(seen.values()), seen


@given(
    testing.activities(
        centres=["murat"],
        themes=(),
        funders=["fse"],
        min_date=dt.date(2011, 1, 1),
        max_date=dt.date(2011, 1, 2),
    )
)
def test_activities_follow_their_arguments(activity: tc.Activity) -> None:
    assert activity.centre == "murat"
    assert activity.theme is None
    assert activity.funder in (None, "fse")
    assert dt.date(2011, 1, 1) <= activity.day <= dt.date(2011, 1, 2)
    assert activity.starts < activity.ends
    assert activity.starts.second == activity.ends.second == 0


@given(
    testing.registrations(activities=["st-1"], members=["anne"]),
    testing.attendances(activities=["st-1"], members=["anne"]),
)
def test_registrations_and_attendance_follow_their_arguments(
    registration: tc.Registration, record: tc.Attendance
) -> None:
    assert (registration.activity, registration.member) == ("st-1", "anne")
    assert registration.cancelled is None or registration.cancelled >= registration.on
    assert (record.activity, record.member) == ("st-1", "anne")


# -- opening hours, closures and bookings -------------------------------------------------


def booking_problems(network: tc.Network) -> list[tc.RuleViolation]:
    return booking_violations(
        tuple(network.bookings),
        centres={centre.id: centre for centre in network.centres},
        members=[member.id for member in network.members],
        policy=network.policy,
        time_zone=network.timezone,
        rights=BookingRights.of(network.memberships, network.pass_uses),
    )


@given(testing.networks(max_centres=3, max_specialisations=1, max_bookings=10))
def test_generated_bookings_obey_every_rule_in_any_order(network: tc.Network) -> None:
    assert booking_problems(network) == []
    backwards = attrs.evolve(network, bookings=tc.Ledger(reversed(list(network.bookings))))
    assert backwards == network
    for booking in network.bookings:
        assert network.opening_on(booking.centre, booking.day).allows(booking.time)


@settings(max_examples=25)
@given(testing.networks(max_centres=2, max_specialisations=0, max_bookings=0))
def test_networks_hold_no_bookings_when_max_bookings_is_0(network: tc.Network) -> None:
    assert not network.bookings


def test_negative_counts_of_bookings_are_refused() -> None:
    with pytest.raises(ValueError, match="max_bookings"):
        testing.ledgers(max_bookings=-1)
    with pytest.raises(ValueError, match="max_bookings"):
        find(testing.networks(max_bookings=-1), lambda _: True)


@settings(max_examples=25)
@given(testing.ledgers(max_bookings=6))
def test_ledgers_are_drawn_in_the_reference_network_by_default(ledger: tc.Ledger) -> None:
    network = attrs.evolve(tc.datasets.cybercantal(), bookings=ledger)
    assert network.bookings == ledger


@settings(max_examples=25)
@given(st.data())
def test_ledgers_keep_the_bookings_of_the_network_given(data: st.DataObject) -> None:
    base = attrs.evolve(tc.datasets.cybercantal(), bookings=tc.Ledger())
    first = data.draw(testing.ledgers(base, max_bookings=4))
    booked = attrs.evolve(base, bookings=first)
    more = data.draw(testing.ledgers(booked, max_bookings=4))
    assert set(first) <= set(more)
    assert attrs.evolve(base, bookings=more).bookings == more


def test_generated_networks_reach_every_kind_of_opening_and_booking() -> None:
    # Centres with their own hours (with a break, open at night), closures, policies open on
    # a holiday or with other units, and bookings of every kind: by unit and by interval,
    # in series, filling a centre, on a day of a clock change.
    seen = dict.fromkeys(
        ("centre-hours", "break", "closure", "policy-hours", "holiday-open", "units",
         "by-unit", "by-time", "series", "full", "two-at-once"),
        0,
    )  # fmt: skip

    @settings(max_examples=200, database=None)
    @given(testing.networks(min_centres=1, max_centres=2, max_specialisations=0))
    def count(network: tc.Network) -> None:
        hours = [centre.hours for centre in network.centres if centre.hours is not None]
        seen["centre-hours"] += bool(hours)
        seen["break"] += any(len(week.of(day)) > 1 for week in hours for day in tc.Weekday)
        seen["closure"] += any(centre.closures for centre in network.centres)
        seen["policy-hours"] += network.policy.opening_hours != DEFAULT_HOURS
        seen["holiday-open"] += bool(network.policy.open_on_holidays)
        seen["units"] += network.policy.units != DEFAULT_UNITS
        bookings = list(network.bookings)
        seen["by-unit"] += any(booking.unit is not None for booking in bookings)
        seen["by-time"] += any(booking.unit is None for booking in bookings)
        seen["series"] += any(booking.series is not None for booking in bookings)
        places = {(booking.centre, booking.day) for booking in bookings}
        seen["two-at-once"] += any(
            a.centre == b.centre and a.day == b.day and a.time.overlaps(b.time)
            for a, b in itertools.combinations(bookings, 2)
        )
        seen["full"] += any(
            network.free_seats(centre_id, day, time=booking.time) == 0
            for centre_id, day in places
            for booking in network.bookings_at(centre_id, day)
        )

    count()
    assert all(seen.values()), seen


@given(testing.time_ranges("09:00-12:30"))
def test_time_ranges_lie_within_the_range_given(span: tc.TimeRange) -> None:
    assert tc.TimeRange.parse("09:00-12:30").contains(span)


@given(testing.weekly_hours())
def test_weekly_hours_keep_their_ranges_in_order(hours: tc.WeeklyHours) -> None:
    for day in tc.Weekday:
        ranges = hours.of(day)
        assert all(a.end <= b.start for a, b in itertools.pairwise(ranges))


@given(testing.closures(dt.date(2011, 1, 1), dt.date(2011, 12, 31)))
def test_closures_lie_between_the_dates_given(closure: tc.Closure) -> None:
    assert dt.date(2011, 1, 1) <= closure.first <= closure.last <= dt.date(2011, 12, 31)


@given(testing.bookings(centres=["murat"], members=["m01"], units=["morning"]))
def test_bookings_follow_their_arguments(booking: tc.Booking) -> None:
    assert (booking.centre, booking.member) == ("murat", "m01")
    assert booking.unit in (None, "morning")
