"""Pricing: tiers inside the fee band (rule 5), passes, proration modes, free-period variants."""

from __future__ import annotations

import copy
import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_core import (
    DuplicateRecord,
    FeeBand,
    FeeOutsideBand,
    FreePeriod,
    FreeVariant,
    InvalidValue,
    Money,
    Network,
    NetworkFileError,
    PassKind,
    PassPrice,
    Policy,
    Programme,
    Proration,
    Tier,
    free_until,
    loads_network,
    member_charges,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.testing import fee_bands, moneys

D = dt.date
STANDARD = Tier(slug="standard", name="Standard", monthly_fee=Money.of(50))
PREMIUM = Tier(slug="premium", name="Premium", monthly_fee=Money.of(100))
#: Murat's prices around 2011 (coopconnectpaca, a secondary source).
MURAT_PASSES = (
    PassPrice(kind=PassKind.HALF_DAY, price=Money.of(10)),
    PassPrice(kind=PassKind.DAY, price=Money.of(20)),
    PassPrice(kind=PassKind.WEEK, price=Money.of(80)),
)


def _centres() -> Network:
    """The Cybercantal's centres, with none of the data set's people (nor its programme)."""
    return attrs.evolve(
        cybercantal(),
        members=(),
        bookings=(),
        companies=(),
        prospects=(),
        agreements=(),
        memberships=(),
        pass_uses=(),
        programme=Programme(),
    )


# -- tiers and passes ----------------------------------------------------------------------


def test_a_tier_is_a_slug_a_name_and_a_monthly_fee() -> None:
    assert Tier(slug="standard", name="Standard", monthly_fee=Money.of("50.00")) == STANDARD
    assert str(STANDARD.monthly_fee) == "50.00 €"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slug", "Standard"),
        ("name", ""),
        ("monthly_fee", 50),
        ("monthly_fee", Money.of(-50)),
    ],
)
def test_a_malformed_tier_is_refused(field: str, value: object) -> None:
    fields: dict[str, object] = {
        "slug": "standard",
        "name": "Standard",
        "monthly_fee": Money.of(50),
    }
    fields[field] = value

    with pytest.raises(InvalidValue) as caught:
        Tier(**fields)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_murats_pass_prices_are_the_documented_example() -> None:
    policy = Policy(passes=MURAT_PASSES)

    assert [str(policy.pass_price(kind).price) for kind in PassKind] == [
        "10.00 €",
        "20.00 €",
        "80.00 €",
    ]
    assert [str(kind) for kind in PassKind] == ["half-day", "day", "week"]


@pytest.mark.parametrize("price", [Money.of("-0.01"), "20.00", None])
def test_a_pass_price_is_money_and_not_negative(price: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        PassPrice(kind=PassKind.DAY, price=price)  # type: ignore[arg-type]
    assert caught.value.field == "price"


def test_a_free_pass_is_allowed() -> None:
    assert PassPrice(kind=PassKind.HALF_DAY, price=Money.zero()).price == Money.zero()


def test_a_policy_finds_its_tiers_and_pass_prices_by_name() -> None:
    policy = Policy(tiers=[STANDARD, PREMIUM], passes=MURAT_PASSES[:2])

    assert policy.tier("premium") == PREMIUM
    assert policy.pass_price(PassKind.DAY).price == Money.of(20)
    with pytest.raises(LookupError, match="the policy has no tier 'gold'"):
        policy.tier("gold")
    with pytest.raises(LookupError, match="the policy sells no week pass"):
        policy.pass_price(PassKind.WEEK)


def test_the_proration_modes_are_named_as_in_the_network_file() -> None:
    assert [str(mode) for mode in Proration] == ["none", "by-day", "next-month"]
    assert Policy().proration is Proration.BY_DAY


# -- the fee band (rule 5) --------------------------------------------------------------------


@pytest.mark.parametrize("fee", [Money.of(50), Money.of("74.99"), Money.of(100)])
def test_a_tier_inside_the_band_or_on_its_ends_is_accepted(fee: Money) -> None:
    tier = Tier(slug="standard", name="Standard", monthly_fee=fee)

    network = _centres().with_policy(Policy(tiers=[tier]))

    assert network.policy.tier("standard").monthly_fee == fee


@pytest.mark.parametrize("fee", [Money.of("49.99"), Money.of("100.01"), Money.zero()])
def test_a_tier_outside_the_band_is_refused_with_the_band_in_the_message(fee: Money) -> None:
    network = _centres()
    before = copy.deepcopy(network)
    tier = Tier(slug="gold", name="Gold", monthly_fee=fee)

    with pytest.raises(FeeOutsideBand) as caught:
        network.with_policy(Policy(tiers=[STANDARD, tier]))

    error = caught.value
    assert (error.rule, error.collection, error.key, error.where) == (
        "fee-band",
        "policy.tiers",
        1,
        "monthly_fee",
    )
    assert (error.tier, error.fee, error.minimum, error.maximum) == (
        "gold",
        fee,
        Money.of(50),
        Money.of(100),
    )
    assert str(error) == (
        f"tier 'gold' costs {fee} a month, outside the policy's band of 50.00 € to 100.00 €"
    )
    assert network == before


@given(band=fee_bands(), data=st.data())
def test_any_tier_outside_the_band_is_refused_with_the_band_in_the_message(
    band: FeeBand, data: st.DataObject
) -> None:
    below = moneys(0, band.minimum - Money.of("0.01")) if band.minimum else st.nothing()
    fee = data.draw(below | moneys(band.maximum + Money.of("0.01"), 10_000))
    policy = Policy(fee_band=band, tiers=[Tier(slug="tier", name="Tier", monthly_fee=fee)])

    with pytest.raises(FeeOutsideBand) as caught:
        _centres().with_policy(policy)
    assert f"band of {band.minimum} to {band.maximum}" in str(caught.value)
    assert (caught.value.minimum, caught.value.maximum, caught.value.fee) == (
        band.minimum,
        band.maximum,
        fee,
    )


@given(band=fee_bands(), data=st.data())
def test_any_tier_inside_the_band_is_accepted(band: FeeBand, data: st.DataObject) -> None:
    fee = data.draw(moneys(band.minimum, band.maximum))
    policy = Policy(fee_band=band, tiers=[Tier(slug="tier", name="Tier", monthly_fee=fee)])

    assert _centres().with_policy(policy).policy == policy


@pytest.mark.parametrize(
    ("policy", "collection", "identity", "field"),
    [
        (Policy(tiers=[STANDARD, PREMIUM, STANDARD]), "policy.tiers", "standard", "slug"),
        (Policy(passes=[*MURAT_PASSES, MURAT_PASSES[1]]), "policy.passes", "day", "kind"),
    ],
)
def test_a_tier_or_pass_declared_twice_is_refused(
    policy: Policy, collection: str, identity: str, field: str
) -> None:
    with pytest.raises(DuplicateRecord) as caught:
        _centres().with_policy(policy)

    assert (caught.value.collection, caught.value.identity, caught.value.where) == (
        collection,
        identity,
        field,
    )
    assert str(caught.value) == f"{collection}: {field} {identity!r} is used more than once"


# -- free-period variants (rule 4) ----------------------------------------------------------


def test_murats_trained_newcomers_get_two_years_free() -> None:
    murat = FreePeriod(variants=[FreeVariant(eligibility="trained-newcomer", months=24)])

    assert murat.months_for([]) == 12
    assert murat.months_for(["trained-newcomer"]) == 24
    assert Policy(free_period=murat).free_months_for(["web", "trained-newcomer"]) == 24


def test_the_longest_variant_a_member_is_eligible_for_applies() -> None:
    period = FreePeriod(
        variants=[
            FreeVariant(eligibility="trained-newcomer", months=24),
            FreeVariant(eligibility="student", months=18),
        ]
    )

    assert period.months_for(["student"]) == 18
    assert period.months_for(["student", "trained-newcomer"]) == 24


def test_a_variant_may_also_shorten_the_free_period_of_its_group() -> None:
    period = FreePeriod(variants=[FreeVariant(eligibility="returning", months=0)])

    assert period.months_for(["returning"]) == 0


@pytest.mark.parametrize(
    ("field", "value"), [("eligibility", "Trained newcomer"), ("months", -1), ("months", 1.5)]
)
def test_a_malformed_variant_is_refused(field: str, value: object) -> None:
    fields: dict[str, object] = {"eligibility": "trained-newcomer", "months": 24}
    fields[field] = value

    with pytest.raises(InvalidValue) as caught:
        FreeVariant(**fields)  # type: ignore[arg-type]
    assert caught.value.field == field


# -- a policy in a network file --------------------------------------------------------------

_FILE = """\
schema_version = 1
name = "Réseau d'essai"

[territory]
code = "15"
name = "Cantal"

[policy]
proration = "by-day"
billing_day = 5

[policy.free_period]
months = 6
variants = [{ eligibility = "trained-newcomer", months = 24 }]

[policy.fee_band]
minimum = "40.00"
maximum = "80.00"

[[policy.tiers]]
slug = "standard"
name = "Standard"
monthly_fee = "40.00"

[[policy.tiers]]
slug = "plus"
name = "Plus"
monthly_fee = "{plus}"

[[policy.passes]]
kind = "day"
price = "20.00"

[[centres]]
id = "murat"
name = "Télécentre de Murat"
commune = { name = "Murat", insee = "15138", postcode = "15300" }
location = { lat = 45.1103, lon = 2.8683 }
lifecycle = { opens = 2006-03-01 }
seats = [{ since = 2006-03-01, count = 4 }]

[[members]]
id = "anne"
name = "Anne"
kind = "independent"

[[members]]
id = "eve"
name = "Eve"
kind = "independent"
eligibility = ["trained-newcomer"]

[[memberships]]
member = "anne"
joined = 2011-01-05
centre = "murat"
tier = "standard"
changes = [{ since = 2011-09-05, tier = "plus" }]

[[memberships]]
member = "eve"
joined = 2011-01-05
centre = "murat"
tier = "standard"
"""


def test_a_policy_with_six_free_months_and_a_40_to_80_band_loads_from_a_network_file() -> None:
    network = loads_network(_FILE.replace("{plus}", "80.00"))

    policy = network.policy
    assert (policy.free_period.months, str(policy.fee_band)) == (6, "40.00 € to 80.00 €")
    assert (policy.proration, policy.billing_day) == (Proration.BY_DAY, 5)
    assert free_until(network, "anne") == D(2011, 7, 5)
    assert free_until(network, "eve") == D(2013, 1, 5)
    assert member_charges(network, "anne", 2011, 6) == ()
    assert [charge.amount for charge in member_charges(network, "anne", 2011, 7)] == [Money.of(40)]
    assert [charge.amount for charge in member_charges(network, "anne", 2011, 9)] == [Money.of(80)]


def test_a_tier_of_90_euros_in_a_40_to_80_band_is_refused_in_the_file() -> None:
    text = _FILE.replace("{plus}", "90.00")

    with pytest.raises(NetworkFileError) as caught:
        loads_network(text, source="essai.toml")

    (problem,) = caught.value.problems
    assert (problem.path, problem.kind) == ("policy.tiers[1].monthly_fee", "rule")
    assert problem.message == (
        "tier 'plus' costs 90.00 € a month, outside the policy's band of 40.00 € to 80.00 €"
    )
    assert caught.value.broken_rules_only


# -- the money validator, built again -----------------------------------------------------
# The tiers' and passes' validators are built once, at import; building one here checks the
# same rule and lets mutation testing (docs/testing.md) reach it.


def test_a_price_must_be_money_and_the_refusal_names_the_field() -> None:
    from telecentre_core.pricing import _money

    _money("monthly_fee")(None, None, Money.of(50))
    with pytest.raises(InvalidValue) as caught:
        _money("monthly_fee")(None, None, 50)
    assert str(caught.value) == "monthly_fee: must be an amount of money (Money), got 50"


@pytest.mark.parametrize(
    ("record", "values", "message"),
    [
        (
            Tier,
            {"slug": "standard", "name": "Standard", "monthly_fee": Money.of(-50)},
            "monthly_fee: must not be negative, got Money('-50.00')",
        ),
        (
            PassPrice,
            {"kind": PassKind.DAY, "price": Money.of("-0.01")},
            "price: must not be negative, got Money('-0.01')",
        ),
    ],
)
def test_a_negative_fee_or_price_is_refused_with_the_amount(
    record: type, values: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        record(**values)
    assert str(caught.value) == message
    assert caught.value.value.is_negative()
