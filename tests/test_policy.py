"""A network's policy: the Cantal's defaults, and what another département may set."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_core import FeeBand, FreePeriod, InvalidValue, Money, Policy, SpecialisationScope
from telecentre_core.testing import fee_bands, moneys, policies


def test_the_default_policy_is_the_cantals() -> None:
    policy = Policy()
    assert policy.free_period.months == 12
    assert policy.fee_band == FeeBand(minimum=Money.of(50), maximum=Money.of(100))
    assert policy.specialisation_scope.within_km is None
    assert policy.max_seats_per_centre is None


def test_policies_with_the_same_values_are_equal() -> None:
    assert Policy() == Policy(free_period=FreePeriod(months=12))
    assert hash(Policy()) == hash(Policy())


def test_the_cantals_fee_band_reads_as_fifty_to_a_hundred_euros() -> None:
    assert str(FeeBand()) == "50.00 € to 100.00 €"


def test_the_fee_band_includes_both_ends() -> None:
    band = FeeBand()
    assert band.contains(Money.of(50))
    assert band.contains(Money.of(100))
    assert band.contains(Money.of("75.50"))
    assert not band.contains(Money.of("49.99"))
    assert not band.contains(Money.of("100.01"))


def test_a_band_of_a_single_amount_is_allowed() -> None:
    assert FeeBand(minimum=Money.of(80), maximum=Money.of(80)).contains(Money.of(80))


def test_a_fee_band_whose_minimum_is_above_its_maximum_is_refused() -> None:
    with pytest.raises(InvalidValue, match="must not be below the minimum") as caught:
        FeeBand(minimum=Money.of(100), maximum=Money.of(50))
    assert caught.value.field == "maximum"
    assert caught.value.value == Money.of(50)


def test_a_negative_fee_is_refused() -> None:
    with pytest.raises(InvalidValue, match="must not be negative") as caught:
        FeeBand(minimum=Money.of(-1), maximum=Money.of(50))
    assert caught.value.field == "minimum"


@pytest.mark.parametrize("amount", [50, "50", 50.0, None])
def test_fee_band_ends_must_be_money(amount: object) -> None:
    with pytest.raises(InvalidValue, match=r"amount of money \(Money\)"):
        FeeBand(minimum=amount)  # type: ignore[arg-type]


@pytest.mark.parametrize("months", [0, 12, 24])
def test_a_free_period_may_be_any_number_of_months_from_zero(months: int) -> None:
    assert FreePeriod(months=months).months == months


@pytest.mark.parametrize("months", [-1, True, 12.0, "12"])
def test_a_free_period_is_a_whole_number_of_months_from_zero(months: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        FreePeriod(months=months)  # type: ignore[arg-type]
    assert caught.value.field == "months"


def test_the_default_scope_is_the_whole_network() -> None:
    scope = SpecialisationScope()
    assert scope.applies_between(0.0)
    assert scope.applies_between(20_000.0)


def test_a_scope_within_thirty_kilometres_applies_only_to_nearer_centres() -> None:
    scope = SpecialisationScope(within_km=30)
    assert scope.within_km == 30.0
    assert isinstance(scope.within_km, float)
    assert scope.applies_between(29.99)
    assert not scope.applies_between(30.0)
    assert not scope.applies_between(100.0)


@pytest.mark.parametrize("within_km", [0, -5, 0.0, math.nan, math.inf, "30", True])
def test_a_scope_must_be_a_positive_finite_distance(within_km: object) -> None:
    with pytest.raises(InvalidValue, match="kilometres") as caught:
        SpecialisationScope(within_km=within_km)
    assert caught.value.field == "within_km"


@pytest.mark.parametrize("maximum", [0, -1, True, 4.0])
def test_a_seat_cap_is_a_whole_number_from_one(maximum: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Policy(max_seats_per_centre=maximum)  # type: ignore[arg-type]
    assert caught.value.field == "max_seats_per_centre"


@pytest.mark.parametrize(
    ("field", "value"),
    [("free_period", 12), ("fee_band", (50, 100)), ("specialisation_scope", 30.0)],
)
def test_policy_parts_must_be_their_own_types(field: str, value: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Policy(**{field: value})  # type: ignore[arg-type]
    assert caught.value.field == field


@given(fee_bands(), moneys(min_value=0, max_value=1000))
def test_a_band_contains_exactly_the_amounts_between_its_ends(band: FeeBand, amount: Money) -> None:
    assert band.contains(amount) == (band.minimum <= amount <= band.maximum)
    assert band.contains(band.minimum)
    assert band.contains(band.maximum)


@given(policies(), st.floats(min_value=0, max_value=1000))
def test_a_scope_applies_below_its_distance_only(policy: Policy, distance: float) -> None:
    scope = policy.specialisation_scope
    expected = scope.within_km is None or distance < scope.within_km
    assert scope.applies_between(distance) == expected


# -- the money validator, built again -----------------------------------------------------
# The fee band's validators are built once, at import; building one here checks the same
# rule and lets mutation testing (docs/testing.md) reach it.


def test_a_fee_band_end_must_be_money_and_the_refusal_names_the_end() -> None:
    from telecentre_core.policy import _money

    _money("minimum")(None, None, Money.of(50))
    with pytest.raises(InvalidValue) as caught:
        _money("minimum")(None, None, "50")
    assert str(caught.value) == "minimum: must be an amount of money (Money), got '50'"
