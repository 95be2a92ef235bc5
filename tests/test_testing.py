"""The project's Hypothesis strategies build valid objects only, and plug into from_type."""

from __future__ import annotations

import datetime as dt
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
from telecentre_core.rules import violations

# Rebuilding an attrs object from its own fields runs every validator and
# __attrs_post_init__ again: a strategy that bypassed one would be caught here.


def rebuilt(value: object) -> object:
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


@given(testing.networks())
def test_generated_networks_obey_every_rule(network: tc.Network) -> None:
    assert violations(network.specialisations, network.centres, network.policy) == []
    assert len({centre.id for centre in network}) == len(network)
    cap = network.policy.max_seats_per_centre
    if cap is not None:
        assert all(change.count <= cap for centre in network for change in centre.seats)


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
    )
}


def test_the_hook_registers_every_model_class_of_the_modules_it_covers() -> None:
    public_attrs = {
        value
        for value in (getattr(tc, name) for name in tc.__all__)
        if attrs.has(value) and value.__module__ in COVERED_MODULES
    } - {tc.CentreOnDay, tc.NetworkOnDay, tc.TimelineEvent}  # views, not model values
    assert public_attrs | {tc.Money} == set(MODEL_TYPES)


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
