"""Money: exact euros, half-up rounding, no floats, splits that sum to the whole (rule 6)."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from telecentre_core import InvalidValue, Money
from telecentre_core.money import total
from telecentre_core.testing import moneys

# -- building money -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_amount", "expected"),
    [
        ("0.125", "0.13"),
        ("-0.125", "-0.13"),
        ("0.124", "0.12"),
        ("0.135", "0.14"),
        ("2.675", "2.68"),  # 2.675 is 2.67499... as a float: the reason floats are refused
        (Decimal("0.005"), "0.01"),
        (Decimal("-0.005"), "-0.01"),
        (50, "50.00"),
        (" 12.5 ", "12.50"),
        ("1e3", "1000.00"),
    ],
)
def test_amounts_are_rounded_half_up_to_the_cent(given_amount: object, expected: str) -> None:
    assert Money.of(given_amount).amount == Decimal(expected)  # type: ignore[arg-type]


def test_money_built_directly_is_rounded_too() -> None:
    assert Money(Decimal("0.125")) == Money.of("0.13")


@pytest.mark.parametrize("amount", [0.5, 1.0, float("nan"), float("inf")])
def test_floats_are_refused_by_the_constructor(amount: float) -> None:
    with pytest.raises(InvalidValue, match="float") as caught:
        Money.of(amount)  # type: ignore[arg-type]
    assert caught.value.field == "amount"
    assert caught.value.value is amount


@pytest.mark.parametrize("amount", [True, None, [1], b"12"])
def test_values_that_are_not_amounts_are_refused(amount: object) -> None:
    with pytest.raises(InvalidValue, match="Decimal, an int or a string"):
        Money.of(amount)  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", ["NaN", "inf", "-Infinity", Decimal("NaN"), Decimal("sNaN")])
def test_non_finite_amounts_are_refused(amount: object) -> None:
    with pytest.raises(InvalidValue, match="finite"):
        Money.of(amount)  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", ["", "12,50", "fifty", "1.2.3"])
def test_text_that_is_not_a_number_is_refused(amount: str) -> None:
    with pytest.raises(InvalidValue, match="not a number of euros"):
        Money.of(amount)


def test_an_amount_too_large_for_exact_cents_is_refused() -> None:
    with pytest.raises(InvalidValue, match="too large"):
        Money.of("1e30")


def test_invalid_value_is_a_value_error_that_names_the_field() -> None:
    with pytest.raises(ValueError, match=r"^amount: .*got 0\.5$") as caught:
        Money.of(0.5)  # type: ignore[arg-type]
    assert isinstance(caught.value, InvalidValue)
    assert caught.value.where == "amount"


def test_a_very_long_refused_value_is_shortened_in_the_message() -> None:
    with pytest.raises(InvalidValue) as caught:
        Money.of("x" * 100)
    assert str(caught.value).endswith("...")
    assert caught.value.value == "x" * 100


def test_zero_and_cents() -> None:
    assert Money.zero() == Money.of(0)
    assert Money.of("12.34").cents == 1234
    assert Money.of("-0.07").cents == -7
    assert Money.from_cents(1234) == Money.of("12.34")


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_cents_round_trip(cents: int) -> None:
    assert Money.from_cents(cents).cents == cents


# -- arithmetic ---------------------------------------------------------------------


def test_adding_and_subtracting_money_is_exact() -> None:
    assert Money.of("0.10") + Money.of("0.20") == Money.of("0.30")
    assert Money.of("100") - Money.of("33.33") == Money.of("66.67")
    assert -Money.of("5") == Money.of("-5")


def test_money_is_multiplied_by_ints_and_decimals_on_either_side() -> None:
    assert Money.of("50") * 12 == Money.of("600")
    assert 12 * Money.of("50") == Money.of("600")
    assert Money.of("10") * Decimal("0.125") == Money.of("1.25")
    assert Money.of("0.05") * Decimal("0.5") == Money.of("0.03")  # 0.025 half-up


@pytest.mark.parametrize("factor", [1.5, float("nan"), float("inf")])
def test_money_is_never_multiplied_by_a_float(factor: float) -> None:
    with pytest.raises(InvalidValue, match="float") as caught:
        Money.of("10") * factor  # type: ignore[operator]
    assert caught.value.field == "factor"
    with pytest.raises(InvalidValue, match="float"):
        factor * Money.of("10")  # type: ignore[operator]


def test_a_non_finite_decimal_factor_is_refused() -> None:
    with pytest.raises(InvalidValue, match="finite"):
        Money.of("10") * Decimal("Infinity")


@pytest.mark.parametrize("other", [1, Decimal(1), "1", True])
def test_money_does_not_mix_with_plain_numbers_in_sums(other: object) -> None:
    with pytest.raises(TypeError):
        Money.of("1") + other  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money.of("1") - other  # type: ignore[operator]


@pytest.mark.parametrize("factor", [True, "2", None])
def test_money_is_not_multiplied_by_bools_or_text(factor: object) -> None:
    with pytest.raises(TypeError):
        Money.of("1") * factor  # type: ignore[operator]


def test_sum_of_money_works_from_its_default_start() -> None:
    fees = [Money.of("50"), Money.of("75.50"), Money.of("100")]
    assert sum(fees) == Money.of("225.50")
    assert total(fees) == Money.of("225.50")
    assert total([]) == Money.zero()


@pytest.mark.parametrize("start", [1, True, Decimal(0)])
def test_only_the_integer_zero_starts_a_sum_of_money(start: object) -> None:
    with pytest.raises(TypeError):
        start + Money.of("1")


def test_money_is_ordered_by_amount() -> None:
    assert Money.of("49.99") < Money.of("50") <= Money.of("50.00") < Money.of("100")
    assert sorted([Money.of("3"), Money.of("-1"), Money.of("2")]) == [
        Money.of("-1"),
        Money.of("2"),
        Money.of("3"),
    ]
    assert Money.of("-0.01").is_negative()
    assert not Money.zero().is_negative()


def test_only_zero_money_is_false() -> None:
    assert not Money.zero()
    assert Money.of("0.01")


def test_equal_amounts_are_equal_money_with_equal_hashes() -> None:
    assert Money.of("50") == Money.of("50.00") == Money(Decimal("50.0"))
    assert hash(Money.of("50")) == hash(Money.of("50.000"))


def test_str_shows_euros_and_repr_rebuilds_the_value() -> None:
    assert str(Money.of("1234.5")) == "1234.50 €"
    assert str(Money.of("-3")) == "-3.00 €"
    assert repr(Money.of("12.5")) == "Money('12.50')"
    assert eval(repr(Money.of("12.5")), {"Money": Money}) == Money.of("12.5")


@given(moneys(), moneys())
def test_addition_and_subtraction_are_inverse(a: Money, b: Money) -> None:
    assert a + b - b == a
    assert a + b == b + a


# -- splitting ---------------------------------------------------------------------


def test_splitting_hands_the_leftover_cents_to_the_first_parts() -> None:
    assert Money.of("100").split(3) == (Money.of("33.34"), Money.of("33.33"), Money.of("33.33"))
    assert Money.of("0.05").split(3) == (Money.of("0.02"), Money.of("0.02"), Money.of("0.01"))
    assert Money.of("-100").split(3) == (
        Money.of("-33.34"),
        Money.of("-33.33"),
        Money.of("-33.33"),
    )


def test_splitting_in_one_part_gives_the_whole() -> None:
    assert Money.of("12.34").split(1) == (Money.of("12.34"),)


@pytest.mark.parametrize("parts", [0, -1])
def test_splitting_in_no_parts_is_refused(parts: int) -> None:
    with pytest.raises(InvalidValue, match="at least 1") as caught:
        Money.of("10").split(parts)
    assert caught.value.field == "parts"


def test_a_yearly_fee_splits_into_twelve_monthly_parts() -> None:
    parts = Money.of("1000").split(12)
    assert parts[:4] == (Money.of("83.34"),) * 4
    assert parts[4:] == (Money.of("83.33"),) * 8
    assert sum(parts) == Money.of("1000")


def test_allocating_gives_the_leftover_cents_to_the_largest_remainders() -> None:
    # 1.00 € by 1:1:1 -> 33.33.. each: one leftover cent, to the first (ties to the earlier).
    assert Money.of("1").allocate([1, 1, 1]) == (
        Money.of("0.34"),
        Money.of("0.33"),
        Money.of("0.33"),
    )
    # 0.10 € by 3:7 -> 0.03 and 0.07 exactly.
    assert Money.of("0.10").allocate([3, 7]) == (Money.of("0.03"), Money.of("0.07"))
    # 1.00 € by 1:2 -> 0.333.. and 0.666..: the leftover cent goes to the larger remainder.
    assert Money.of("1").allocate([1, 2]) == (Money.of("0.33"), Money.of("0.67"))
    assert Money.of("10").allocate([Decimal("0.5"), 0, Decimal("1.5")]) == (
        Money.of("2.50"),
        Money.zero(),
        Money.of("7.50"),
    )


def test_the_departments_spending_splits_across_seven_centres() -> None:
    parts = Money.of("266000").allocate([4] * 7)
    assert parts == (Money.of("38000"),) * 7


@pytest.mark.parametrize(
    ("weights", "reason"),
    [
        ([], "at least one weight is needed"),
        ([0, 0], "at least one weight must be positive"),
        ([1, -1], "must not be negative"),
        ([1, 0.5], "ints or Decimals"),
        ([1, True], "ints or Decimals"),
        ([1, "2"], "ints or Decimals"),
        ([1, Decimal("NaN")], "must be finite"),
        ([1, Decimal("Infinity")], "must be finite"),
    ],
)
def test_allocating_refuses_weights_that_share_nothing(weights: list[object], reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason) as caught:
        Money.of("10").allocate(weights)  # type: ignore[arg-type]
    assert caught.value.field == "weights"


@given(moneys(), st.integers(min_value=1, max_value=50))
def test_split_parts_always_sum_to_the_whole_and_differ_by_at_most_a_cent(
    amount: Money, parts: int
) -> None:
    split = amount.split(parts)
    assert len(split) == parts
    assert sum(split, Money.zero()) == amount
    cents = [part.cents for part in split]
    assert max(cents) - min(cents) <= 1
    # The larger parts come first.
    assert [abs(c) for c in cents] == sorted((abs(c) for c in cents), reverse=True)


weights = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=10**6),
        st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False, places=3),
    ),
    min_size=1,
    max_size=50,
)


@given(moneys(), weights)
def test_allocated_parts_always_sum_to_the_whole(
    amount: Money, weights: list[int | Decimal]
) -> None:
    assume(any(weight > 0 for weight in weights))
    parts = amount.allocate(weights)
    assert len(parts) == len(weights)
    assert sum(parts, Money.zero()) == amount
    total_weight = sum(weights, Decimal(0))
    for part, weight in zip(parts, weights, strict=True):
        # Each part is its exact share, give or take less than a cent.
        exact = Decimal(amount.cents) * Decimal(weight) / total_weight
        assert abs(part.cents - exact) < 1
        if weight == 0:
            assert part == Money.zero()


@given(moneys(min_value=0, max_value="999.99"))
def test_moneys_respects_its_bounds(amount: Money) -> None:
    assert Money.zero() <= amount <= Money.of("999.99")
    assert math.isfinite(amount.amount)


# -- what a refusal says ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("refused", "message"),
    [
        (
            lambda: Money.of(0.5),
            "amount: money must not be a float (floats cannot hold cents exactly); "
            "write it as a string or a Decimal, got 0.5",
        ),
        (
            lambda: Money.of(None),
            "amount: money must be a Decimal, an int or a string of digits, got None",
        ),
        (lambda: Money.of("fifty"), "amount: not a number of euros, got 'fifty'"),
        (lambda: Money.of("NaN"), "amount: money must be a finite amount, got 'NaN'"),
        (lambda: Money.of("1e30"), "amount: too large an amount of euros, got '1e30'"),
        (lambda: Money.of("10") * 1.5, "factor: money is never multiplied by a float, got 1.5"),
        (lambda: Money.of("10").split(0), "parts: must be at least 1, got 0"),
        (lambda: Money.of("10").allocate([]), "weights: at least one weight is needed, got []"),
        (
            lambda: Money.of("10").allocate([0, 0]),
            "weights: at least one weight must be positive, got [0, 0]",
        ),
        (
            lambda: Money.of("10").allocate([1, -1]),
            "weights: weights must not be negative, got -1",
        ),
        (
            lambda: Money.of("10").allocate([1, True]),
            "weights: weights must be ints or Decimals, got True",
        ),
        (
            lambda: Money.of("10").allocate([1, Decimal("NaN")]),
            "weights: weights must be finite, got Decimal('NaN')",
        ),
    ],
)
def test_a_refusal_says_what_was_given_and_what_money_accepts(
    refused: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        refused()
    assert str(caught.value) == message
