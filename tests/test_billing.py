"""Billing: free periods, billing periods, proration, passes, companies, and a network over years.

The examples build their own members on the Cybercantal's centres (see ``_network``);
the properties build them on one centre open from 1990, so that any join date of
2000-2030 is possible, and compare the library with a brute-force model of the policy
written here (``_Stint``, ``_expected_fees``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from telecentre_core import (
    Agreement,
    Bill,
    Centre,
    Charge,
    ChargeReason,
    Commune,
    Company,
    FreePeriod,
    FreeVariant,
    InvalidValue,
    Lifecycle,
    Member,
    MemberKind,
    Money,
    Network,
    PassKind,
    PassPrice,
    Payer,
    Point,
    Policy,
    Programme,
    Proration,
    SeatChange,
    Territory,
    Tier,
    bill_month,
    billing_period,
    expected_revenue,
    free_until,
    member_charges,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.dates import add_months
from telecentre_core.testing import dates, moneys

D = dt.date

STANDARD = Tier(slug="standard", name="Standard", monthly_fee=Money.of(50))
PREMIUM = Tier(slug="premium", name="Premium", monthly_fee=Money.of(100))
#: Murat's prices around 2011 (coopconnectpaca, a secondary source).
MURAT_PASSES = (
    PassPrice(kind=PassKind.HALF_DAY, price=Money.of(10)),
    PassPrice(kind=PassKind.DAY, price=Money.of(20)),
    PassPrice(kind=PassKind.WEEK, price=Money.of(80)),
)
TRAINED_NEWCOMERS = FreeVariant(eligibility="trained-newcomer", months=24)
#: The Cantal's policy with tiers and passes: 12 free months, 50 to 100 €, by day, billed
#: on the 1st (calendar months, so that the examples read easily).
CANTAL = Policy(
    free_period=FreePeriod(months=12, variants=[TRAINED_NEWCOMERS]),
    tiers=[STANDARD, PREMIUM],
    passes=MURAT_PASSES,
    billing_day=1,
)
COMPANY = "societe-exemple"  # an illustrative company, not a real one


def _network(policy: Policy = CANTAL) -> Network:
    """The Cybercantal's centres under ``policy``, with nobody in them yet.

    The data set's own people (illustrative members another module adds) are left out, with
    the programme of activities they registered for, so that these examples neither depend
    on them nor break when they change.
    """
    return attrs.evolve(
        cybercantal(),
        policy=policy,
        members=(),
        bookings=(),
        companies=(),
        prospects=(),
        agreements=(),
        memberships=(),
        pass_uses=(),
        programme=Programme(),
    )


def _person(
    network: Network,
    member_id: str,
    kind: MemberKind = MemberKind.INDEPENDENT,
    **fields: object,
) -> Network:
    member = Member(id=member_id, name=member_id.capitalize(), kind=kind, **fields)  # type: ignore[arg-type]
    return network.add_member(member)


def _member(
    member_id: str,
    joined: dt.date,
    *,
    policy: Policy = CANTAL,
    **fields: object,
) -> Network:
    """The Cybercantal under ``policy`` with one member on the standard tier at Murat."""
    return _person(_network(policy), member_id, **fields).join(
        member_id, joined, "murat", "standard"
    )


def _amounts(charges: Iterable[Charge]) -> list[Money]:
    return [charge.amount for charge in charges]


def _shares(fee: Money, length: int, days: Iterable[int]) -> Money:
    """The sum of the daily shares of ``fee`` on ``days`` (indexes in a ``length``-day period)."""
    parts = fee.split(length)
    return sum((parts[index] for index in days), Money.zero())


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, month) from ``first`` to ``last``, both included."""
    start, end = first[0] * 12 + first[1] - 1, last[0] * 12 + last[1] - 1
    return [(index // 12, index % 12 + 1) for index in range(start, end + 1)]


# -- the free period (rule 4) ----------------------------------------------------------


def test_a_member_pays_nothing_in_the_first_year_then_the_full_fee() -> None:
    network = _member("anne", D(2011, 3, 1))

    assert free_until(network, "anne") == D(2012, 3, 1)
    assert all(member_charges(network, "anne", 2011, month) == () for month in range(3, 13))
    assert member_charges(network, "anne", 2012, 2) == ()
    (march,) = member_charges(network, "anne", 2012, 3)
    assert (march.amount, march.reason, march.item) == (Money.of(50), ChargeReason.FEE, "standard")
    assert (march.start, march.end) == (D(2012, 3, 1), D(2012, 4, 1))


def test_a_member_joining_on_29_february_is_free_until_28_february_of_the_next_year() -> None:
    network = _member("leap", D(2012, 2, 29))

    assert free_until(network, "leap") == D(2013, 2, 28)
    assert member_charges(network, "leap", 2013, 1) == ()
    (february,) = member_charges(network, "leap", 2013, 2)
    # One paying day, the last of a 28-day period: its daily share of 50 €.
    assert (february.start, february.end) == (D(2013, 2, 28), D(2013, 3, 1))
    assert february.amount == _shares(Money.of(50), 28, [27]) == Money.of("1.78")
    assert february.reason is ChargeReason.PRORATION
    assert _amounts(member_charges(network, "leap", 2013, 3)) == [Money.of(50)]


def test_rejoining_does_not_restart_the_free_period() -> None:
    network = _member("anne", D(2010, 1, 1))
    network = network.leave("anne", D(2010, 6, 1)).join(
        "anne", D(2011, 1, 1), "aurillac", "standard"
    )

    assert free_until(network, "anne") == D(2011, 1, 1)
    assert _amounts(member_charges(network, "anne", 2011, 1)) == [Money.of(50)]


def test_a_member_who_left_and_rejoined_after_the_free_period_pays_from_the_rejoining_day() -> None:
    network = _member("anne", D(2009, 1, 1))
    network = network.leave("anne", D(2009, 3, 1)).join("anne", D(2011, 1, 15), "murat", "standard")

    assert free_until(network, "anne") == D(2010, 1, 1)
    assert member_charges(network, "anne", 2010, 6) == ()  # not a member then
    (january,) = member_charges(network, "anne", 2011, 1)
    assert (january.start, january.reason) == (D(2011, 1, 15), ChargeReason.PRORATION)
    assert january.amount == _shares(Money.of(50), 31, range(14, 31))


def test_a_trained_newcomer_gets_two_years_free_as_at_murat() -> None:
    network = _member("eve", D(2011, 9, 1), eligibility=["trained-newcomer"])
    network = _person(network, "paul").join("paul", D(2011, 9, 1), "murat", "standard")

    assert free_until(network, "eve") == D(2013, 9, 1)
    assert free_until(network, "paul") == D(2012, 9, 1)
    assert member_charges(network, "eve", 2013, 8) == ()
    assert _amounts(member_charges(network, "eve", 2013, 9)) == [Money.of(50)]


def test_a_member_in_no_eligible_group_gets_the_policys_free_period() -> None:
    network = _member("eve", D(2011, 9, 1), eligibility=["web-designer"])

    assert free_until(network, "eve") == D(2012, 9, 1)


def test_a_policy_without_a_free_period_charges_from_the_joining_day() -> None:
    network = _member(
        "anne", D(2011, 9, 20), policy=attrs.evolve(CANTAL, free_period=FreePeriod(months=0))
    )

    (september,) = member_charges(network, "anne", 2011, 9)
    assert september.start == D(2011, 9, 20)
    assert september.amount == _shares(Money.of(50), 30, range(19, 30))


def test_a_member_who_never_joined_has_no_free_period_and_no_fee() -> None:
    network = _person(_network(), "dan", MemberKind.NOMADIC)

    assert free_until(network, "dan") is None
    assert member_charges(network, "dan", 2012, 1) == ()


# -- proration ---------------------------------------------------------------------------


def test_a_tier_change_on_the_31st_charges_each_tier_for_its_own_days() -> None:
    network = _member("anne", D(2011, 6, 1)).change_tier("anne", D(2013, 1, 31), "premium")

    standard, premium = member_charges(network, "anne", 2013, 1)
    assert (standard.item, standard.start, standard.end) == (
        "standard",
        D(2013, 1, 1),
        D(2013, 1, 31),
    )
    assert (premium.item, premium.start, premium.end) == ("premium", D(2013, 1, 31), D(2013, 2, 1))
    assert standard.amount == _shares(Money.of(50), 31, range(30)) == Money.of("48.39")
    assert premium.amount == _shares(Money.of(100), 31, [30]) == Money.of("3.22")
    assert {standard.reason, premium.reason} == {ChargeReason.PRORATION}
    (february,) = member_charges(network, "anne", 2013, 2)
    assert (february.item, february.amount, february.reason) == (
        "premium",
        Money.of(100),
        ChargeReason.FEE,
    )


@pytest.mark.parametrize("proration", [Proration.NONE, Proration.NEXT_MONTH])
def test_without_proration_a_tier_change_counts_from_the_next_period(
    proration: Proration,
) -> None:
    policy = attrs.evolve(CANTAL, proration=proration)
    network = _member("anne", D(2011, 6, 1), policy=policy).change_tier(
        "anne", D(2013, 1, 31), "premium"
    )

    charged = [member_charges(network, "anne", 2013, month) for month in (1, 2)]
    assert [[(c.item, c.amount) for c in lines] for lines in charged] == [
        [("standard", Money.of(50))],
        [("premium", Money.of(100))],
    ]


def _leaving_the_day_before_the_billing_day(proration: Proration) -> Network:
    # Billed on the 5th; the member's last day is 3 March, so it leaves on the 4th.
    policy = attrs.evolve(CANTAL, billing_day=5, proration=proration)
    return _member("anne", D(2011, 6, 5), policy=policy).leave("anne", D(2013, 3, 4))


@pytest.mark.parametrize(
    ("proration", "reason", "amount"),
    [
        # 27 of the 28 days of 5 February - 5 March 2013, each its daily share of 50 €.
        (Proration.BY_DAY, ChargeReason.PRORATION, Money.of("48.22")),
        (Proration.NONE, ChargeReason.FEE, Money.of(50)),
        (Proration.NEXT_MONTH, ChargeReason.FEE, Money.of(50)),
    ],
)
def test_leaving_the_day_before_the_billing_day_charges_the_last_period_and_never_below_zero(
    proration: Proration, reason: ChargeReason, amount: Money
) -> None:
    network = _leaving_the_day_before_the_billing_day(proration)

    assert billing_period(network, 2013, 2) == (D(2013, 2, 5), D(2013, 3, 5))
    (last,) = member_charges(network, "anne", 2013, 2)
    assert (last.reason, last.amount) == (reason, amount)
    assert (last.start, last.end) == (D(2013, 2, 5), D(2013, 3, 4))
    assert member_charges(network, "anne", 2013, 3) == ()
    assert bill_month(network, 2013, 3).total == Money.zero()


def test_leaving_the_day_before_the_billing_day_pays_the_days_before_leaving_by_day() -> None:
    network = _leaving_the_day_before_the_billing_day(Proration.BY_DAY)

    (last,) = member_charges(network, "anne", 2013, 2)
    assert last.amount == _shares(Money.of(50), 28, range(27))
    assert Money.zero() < last.amount < Money.of(50)


def test_leaving_on_the_billing_day_charges_the_last_period_in_full() -> None:
    policy = attrs.evolve(CANTAL, billing_day=5)
    network = _member("anne", D(2011, 6, 5), policy=policy).leave("anne", D(2013, 3, 5))

    assert [(c.reason, c.amount) for c in member_charges(network, "anne", 2013, 2)] == [
        (ChargeReason.FEE, Money.of(50))
    ]
    assert member_charges(network, "anne", 2013, 3) == ()


def test_next_month_proration_starts_charging_with_the_first_whole_period() -> None:
    policy = attrs.evolve(CANTAL, proration=Proration.NEXT_MONTH)
    network = _member("anne", D(2011, 6, 15), policy=policy)

    assert member_charges(network, "anne", 2012, 6) == ()  # free until 15 June
    assert _amounts(member_charges(network, "anne", 2012, 7)) == [Money.of(50)]


def test_no_proration_charges_a_period_with_a_single_paying_day_in_full() -> None:
    policy = attrs.evolve(CANTAL, proration=Proration.NONE)
    network = _member("anne", D(2011, 6, 30), policy=policy)

    (june,) = member_charges(network, "anne", 2012, 6)
    assert (june.start, june.end, june.amount) == (D(2012, 6, 30), D(2012, 7, 1), Money.of(50))


def test_a_member_back_in_the_same_period_is_charged_each_stay_by_day() -> None:
    network = _member("anne", D(2011, 1, 1))
    network = network.leave("anne", D(2013, 4, 10)).join("anne", D(2013, 4, 20), "ydes", "standard")

    before, after = member_charges(network, "anne", 2013, 4)
    assert (before.start, before.end) == (D(2013, 4, 1), D(2013, 4, 10))
    assert (after.start, after.end) == (D(2013, 4, 20), D(2013, 5, 1))
    assert before.amount + after.amount == _shares(Money.of(50), 30, [*range(9), *range(19, 30)])


# -- billing periods -------------------------------------------------------------------


def test_billing_periods_run_from_the_billing_day_to_the_same_day_next_month() -> None:
    network = _network(attrs.evolve(CANTAL, billing_day=5))

    assert billing_period(network, 2013, 3) == (D(2013, 3, 5), D(2013, 4, 5))
    assert billing_period(network, 2012, 12) == (D(2012, 12, 5), D(2013, 1, 5))
    assert billing_period(network, 2012, 12, "anyone") == (D(2012, 12, 5), D(2013, 1, 5))


def test_billing_on_the_1st_bills_calendar_months() -> None:
    assert billing_period(_network(), 2012, 2) == (D(2012, 2, 1), D(2012, 3, 1))


def test_anniversary_billing_counts_each_period_from_the_first_join_not_by_stepping() -> None:
    # Joined 31 January 2011, free for a year: billed on 31 January, 29 February, 31 March.
    network = _member("anne", D(2011, 1, 31), policy=attrs.evolve(CANTAL, billing_day=None))

    periods = [billing_period(network, 2012, month, "anne") for month in (1, 2, 3, 4)]
    assert periods == [
        (D(2012, 1, 31), D(2012, 2, 29)),
        (D(2012, 2, 29), D(2012, 3, 31)),
        (D(2012, 3, 31), D(2012, 4, 30)),
        (D(2012, 4, 30), D(2012, 5, 31)),
    ]
    for month, (start, end) in zip((1, 2, 3, 4), periods, strict=True):
        (charge,) = member_charges(network, "anne", 2012, month)
        assert (charge.start, charge.end, charge.amount) == (start, end, Money.of(50))
        assert charge.reason is ChargeReason.FEE
    assert member_charges(network, "anne", 2011, 12) == ()


def test_anniversary_billing_keeps_the_first_join_as_anchor_after_rejoining() -> None:
    network = _member("anne", D(2011, 1, 31), policy=attrs.evolve(CANTAL, billing_day=None))
    network = network.leave("anne", D(2011, 5, 1)).join("anne", D(2011, 7, 14), "murat", "standard")

    assert billing_period(network, 2012, 2, "anne") == (D(2012, 2, 29), D(2012, 3, 31))


def test_anniversary_billing_of_a_member_who_never_joined_uses_the_calendar_month() -> None:
    network = _person(_network(attrs.evolve(CANTAL, billing_day=None)), "dan", MemberKind.NOMADIC)

    assert billing_period(network, 2012, 2) == (D(2012, 2, 1), D(2012, 3, 1))
    assert billing_period(network, 2012, 2, "dan") == (D(2012, 2, 1), D(2012, 3, 1))


@pytest.mark.parametrize("day", [0, 29, 31, True, "5"])
def test_a_billing_day_that_some_month_lacks_is_refused(day: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Policy(billing_day=day)  # type: ignore[arg-type]
    assert caught.value.field == "billing_day"


def test_a_billing_day_after_the_28th_is_refused_with_the_anniversary_alternative() -> None:
    with pytest.raises(InvalidValue, match="leave it unset to bill on each member's anniversary"):
        Policy(billing_day=30)


@pytest.mark.parametrize(
    ("year", "month", "field"),
    [
        (2012, 0, "month"),
        (2012, 13, "month"),
        (2012, True, "month"),
        (0, 1, "year"),
        (9999, 1, "year"),
    ],
)
def test_a_month_that_does_not_exist_is_refused(year: int, month: int, field: str) -> None:
    network = _network()

    with pytest.raises(InvalidValue) as caught:
        bill_month(network, year, month)
    assert caught.value.field == field
    with pytest.raises(InvalidValue):
        billing_period(network, year, month)


# -- passes ----------------------------------------------------------------------------


def test_passes_are_charged_at_the_policys_price() -> None:
    network = _person(_network(), "dan", MemberKind.NOMADIC)
    network = network.use_pass("dan", PassKind.HALF_DAY, D(2011, 4, 4), "murat")
    network = network.use_pass("dan", PassKind.DAY, D(2011, 4, 12), "aurillac")
    network = network.use_pass("dan", PassKind.WEEK, D(2011, 4, 18), "murat")
    network = network.use_pass("dan", PassKind.DAY, D(2011, 5, 2), "murat")

    april = member_charges(network, "dan", 2011, 4)
    assert [(c.item, c.amount, c.start) for c in april] == [
        ("half-day", Money.of(10), D(2011, 4, 4)),
        ("day", Money.of(20), D(2011, 4, 12)),
        ("week", Money.of(80), D(2011, 4, 18)),
    ]
    assert {(c.reason, c.payer) for c in april} == {
        (ChargeReason.PASS, Payer(kind="member", id="dan"))
    }
    assert _amounts(member_charges(network, "dan", 2011, 5)) == [Money.of(20)]


def test_passes_used_inside_the_free_period_are_free() -> None:
    network = _member("chloe", D(2012, 2, 29)).use_pass(
        "chloe", PassKind.WEEK, D(2013, 2, 4), "murat"
    )
    network = network.use_pass("chloe", PassKind.DAY, D(2013, 2, 28), "murat")

    passes = [c for c in member_charges(network, "chloe", 2013, 2) if c.reason is ChargeReason.PASS]
    assert [(c.start, c.amount) for c in passes] == [(D(2013, 2, 28), Money.of(20))]


def test_passes_used_before_first_joining_are_charged() -> None:
    # A nomadic worker buys a pass, then joins months later: the pass was bought before
    # any free period began.
    network = _person(_network(), "dan", MemberKind.NOMADIC)
    network = network.use_pass("dan", PassKind.DAY, D(2010, 5, 3), "murat")

    joined = network.join("dan", D(2011, 1, 10), "murat", "standard")

    assert _amounts(member_charges(joined, "dan", 2010, 5)) == [Money.of(20)]


@pytest.mark.parametrize("billing_day", [1, 5, None], ids=["the 1st", "the 5th", "anniversary"])
def test_joining_later_does_not_change_the_bills_of_the_months_before(
    billing_day: int | None,
) -> None:
    network = _person(_network(attrs.evolve(CANTAL, billing_day=billing_day)), "dan")
    network = network.use_pass("dan", PassKind.DAY, D(2010, 5, 3), "murat")
    network = network.use_pass("dan", PassKind.WEEK, D(2010, 5, 24), "murat")
    bills = [bill_month(network, 2010, month) for month in range(1, 13)]

    joined = network.join("dan", D(2011, 1, 10), "murat", "standard")

    assert [bill_month(joined, 2010, month) for month in range(1, 13)] == bills


def test_passes_are_billed_in_the_members_anniversary_period() -> None:
    policy = attrs.evolve(CANTAL, billing_day=None, free_period=FreePeriod(months=0))
    network = _member("anne", D(2012, 1, 31), policy=policy)
    network = network.use_pass("anne", PassKind.DAY, D(2012, 2, 29), "ydes")

    assert [c.reason for c in member_charges(network, "anne", 2012, 1)] == [ChargeReason.FEE]
    assert [c.reason for c in member_charges(network, "anne", 2012, 2)] == [
        ChargeReason.FEE,
        ChargeReason.PASS,
    ]


# -- companies paying for employees -----------------------------------------------------


def _company_network() -> Network:
    network = _network().add_company(Company(id=COMPANY, name="Société Exemple"))
    for member_id in ("bea", "carl"):
        network = _person(network, member_id, MemberKind.SALARIED, employer=COMPANY)
        network = network.join(member_id, D(2010, 1, 4), "saint-flour", "standard")
    return network.sign_agreement(
        Agreement(company=COMPANY, employees=["bea", "carl"], tier="premium", since=D(2011, 3, 1))
    )


def test_a_company_pays_for_its_employees_on_the_tier_of_its_agreement() -> None:
    network = _company_network()

    bill = bill_month(network, 2011, 6)
    assert {(c.member, c.item, c.amount) for c in bill.lines} == {
        ("bea", "premium", Money.of(100)),
        ("carl", "premium", Money.of(100)),
    }
    assert bill.by_payer() == {Payer(kind="company", id=COMPANY): Money.of(200)}
    assert str(Payer(kind="company", id=COMPANY)) == "company societe-exemple"


def test_employees_pay_their_own_tier_before_their_company_agreement() -> None:
    bill = bill_month(_company_network(), 2011, 2)

    assert bill.by_payer() == {
        Payer(kind="member", id="bea"): Money.of(50),
        Payer(kind="member", id="carl"): Money.of(50),
    }


def test_an_agreement_starting_inside_a_period_splits_it_between_member_and_company() -> None:
    network = _network().add_company(Company(id=COMPANY, name="Société Exemple"))
    network = _person(network, "bea", MemberKind.SALARIED, employer=COMPANY)
    network = network.join("bea", D(2010, 1, 4), "saint-flour", "standard")
    network = network.sign_agreement(
        Agreement(
            company=COMPANY,
            employees=["bea"],
            tier="standard",
            since=D(2011, 3, 11),
            until=D(2011, 3, 21),
        )
    )

    first, company, last = member_charges(network, "bea", 2011, 3)
    assert [c.payer.kind for c in (first, company, last)] == ["member", "company", "member"]
    assert (company.start, company.end) == (D(2011, 3, 11), D(2011, 3, 21))
    assert first.amount + company.amount + last.amount == Money.of(50)
    assert company.amount == _shares(Money.of(50), 31, range(10, 20))


def test_a_company_pays_nothing_during_its_employees_free_period() -> None:
    network = _company_network()
    late = _person(network, "dora", MemberKind.SALARIED, employer=COMPANY)
    late = late.join("dora", D(2011, 5, 2), "saint-flour", "standard")
    late = late.sign_agreement(
        Agreement(company=COMPANY, employees=["dora"], tier="premium", since=D(2011, 5, 2))
    )

    assert member_charges(late, "dora", 2011, 6) == ()
    assert free_until(late, "dora") == D(2012, 5, 2)


# -- a network billed month by month, 2006-2013 -------------------------------------------


def _cantal_2006_2013() -> Network:
    """Five members and a passing nomad, with illustrative dates.

    - anne: Murat from its opening, premium from 31 January 2008, leaves mid-June 2010,
      back at Aurillac in February 2011 (her free period is not restarted);
    - bruno: Ydes from 28 February 2007 (free until 28 February 2008), leaves on 30
      September 2009;
    - chloe: Murat from 29 February 2012, uses passes;
    - david: a salaried teleworker at Saint-Flour from 5 January 2009, whose company pays
      for him on the premium tier from 2011;
    - eve: a trained newcomer at Murat from 16 May 2011, free for two years;
    - dan: a nomadic worker who never joins and buys passes.
    """
    network = _network().add_company(Company(id=COMPANY, name="Société Exemple"))
    network = _person(network, "anne")
    network = _person(network, "bruno")
    network = _person(network, "chloe", MemberKind.NOMADIC)
    network = _person(network, "david", MemberKind.SALARIED, employer=COMPANY)
    network = _person(network, "eve", eligibility=["trained-newcomer"])
    network = _person(network, "dan", MemberKind.NOMADIC)
    network = network.join("anne", D(2006, 3, 1), "murat", "standard")
    network = network.join("bruno", D(2007, 2, 28), "ydes", "standard")
    network = network.change_tier("anne", D(2008, 1, 31), "premium")
    network = network.join("david", D(2009, 1, 5), "saint-flour", "standard")
    network = network.leave("bruno", D(2009, 9, 30))
    network = network.leave("anne", D(2010, 6, 16))
    network = network.sign_agreement(
        Agreement(company=COMPANY, employees=["david"], tier="premium", since=D(2011, 1, 1))
    )
    network = network.join("anne", D(2011, 2, 1), "aurillac", "standard")
    network = network.join("eve", D(2011, 5, 16), "murat", "standard")
    network = network.join("chloe", D(2012, 2, 29), "murat", "standard")
    network = network.use_pass("chloe", PassKind.WEEK, D(2012, 6, 4), "murat")  # free
    network = network.use_pass("dan", PassKind.WEEK, D(2012, 7, 16), "allanche")
    network = network.use_pass("chloe", PassKind.DAY, D(2013, 4, 10), "aurillac")
    network = network.use_pass("chloe", PassKind.HALF_DAY, D(2013, 5, 21), "murat")
    return network.use_pass("dan", PassKind.DAY, D(2013, 8, 5), "ydes")


#: Fees and prorations, then passes, of each year (worked out by hand in the comments).
_YEARS = {
    2006: (Money.zero(), Money.zero()),  # anne is in her free year
    2007: (Money.of(500), Money.zero()),  # anne, March to December
    # anne: 30 days of standard (48.39) and 31 January on premium (3.22), then 11 x 100;
    # bruno: 28 and 29 February (3.44), then 10 x 50.
    2008: (Money.of("1655.05"), Money.zero()),
    # anne 12 x 100; bruno 8 x 50 and 29 of the 30 days of September (48.34).
    2009: (Money.of("1648.34"), Money.zero()),
    # anne 5 x 100 and 15 days of June (50.05); david from 5 January (43.52), then 11 x 50.
    2010: (Money.of("1143.57"), Money.zero()),
    2011: (Money.of(1750), Money.zero()),  # anne 11 x 50; david's company 12 x 100
    2012: (Money.of(1800), Money.of(80)),  # anne 600; the company 1200; dan's week pass
    # anne 600; the company 1200; chloe from 28 February (1.78) and 10 x 50;
    # eve from 16 May (25.76) and 7 x 50; passes: chloe 20 + 10, dan 20.
    2013: (Money.of("2677.54"), Money.of(50)),
}


@pytest.mark.parametrize("year", sorted(_YEARS))
def test_a_network_billed_month_by_month_earns_what_its_members_owe(year: int) -> None:
    network = _cantal_2006_2013()

    revenue = expected_revenue(network, year)
    bills = [bill_month(network, year, month) for month in range(1, 13)]
    assert (revenue.fees_total, revenue.passes_total) == _YEARS[year]
    assert revenue.total == sum((bill.total for bill in bills), Money.zero())
    assert list(revenue.fees) == [
        bill.by_reason().get(ChargeReason.FEE, Money.zero())
        + bill.by_reason().get(ChargeReason.PRORATION, Money.zero())
        for bill in bills
    ]


def test_a_network_billed_month_by_month_never_charges_a_free_or_negative_line() -> None:
    network = _cantal_2006_2013()

    for year, month in _months((2006, 1), (2013, 12)):
        bill = bill_month(network, year, month)
        assert bill.period_label == f"{year:04d}-{month:02d}"
        assert bill.total == sum((line.amount for line in bill.lines), Money.zero())
        for line in bill.lines:
            assert not line.amount.is_negative()
            assert line.period_start <= line.start < line.end <= line.period_end
            paid_from = free_until(network, line.member)
            assert paid_from is None or line.start >= paid_from, line


def test_a_bill_totals_by_member_payer_and_reason() -> None:
    bill = bill_month(_cantal_2006_2013(), 2013, 5)

    assert bill.by_member() == {
        "anne": Money.of(50),
        "chloe": Money.of(60),
        "david": Money.of(100),
        "eve": Money.of("25.76"),
    }
    assert bill.by_payer() == {
        Payer(kind="member", id="anne"): Money.of(50),
        Payer(kind="member", id="chloe"): Money.of(60),
        Payer(kind="company", id=COMPANY): Money.of(100),
        Payer(kind="member", id="eve"): Money.of("25.76"),
    }
    assert bill.by_reason() == {
        ChargeReason.FEE: Money.of(200),
        ChargeReason.PASS: Money.of(10),
        ChargeReason.PRORATION: Money.of("25.76"),
    }
    assert bill.total == Money.of("235.76")


def test_an_empty_month_has_an_empty_bill() -> None:
    bill = bill_month(_network(), 2006, 1)

    assert bill == Bill(period_label="2006-01", lines=())
    assert bill.total == Money.zero()
    assert (bill.by_member(), bill.by_payer(), bill.by_reason()) == ({}, {}, {})


# -- properties: a brute-force model of the policy ----------------------------------------

FIRST_DAY, LAST_DAY = D(2000, 1, 1), D(2030, 12, 31)
_ALWAYS_OPEN = Centre(
    id="murat",
    name="Télécentre de Murat",
    commune=Commune(name="Murat", insee="15138", postcode="15300"),
    location=Point(lat=45.1103, lon=2.8683),
    seats=[SeatChange(since=D(1990, 1, 1), count=4)],
    lifecycle=Lifecycle(opens=D(1990, 1, 1)),
)


def _one_centre(policy: Policy) -> Network:
    """A network of one centre, open since 1990, under ``policy``."""
    return Network(
        name="Essai",
        territory=Territory(code="15", name="Cantal"),
        policy=policy,
        centres=[_ALWAYS_OPEN],
    )


def _brute_add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months``, counted on a calendar, the day clamped to the month's end."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    last = calendar.monthrange(year, month + 1)[1]
    return D(year, month + 1, min(day.day, last))


@attrs.frozen
class _Stint:
    """A membership as plain data: joined, left (first day out), and (since, tier) in order."""

    joined: dt.date
    left: dt.date | None
    tiers: tuple[tuple[dt.date, str], ...]

    def tier_on(self, day: dt.date) -> str | None:
        if day < self.joined or (self.left is not None and day >= self.left):
            return None
        return [tier for since, tier in self.tiers if since <= day][-1]


def _month_ends_and_leap_days(first: dt.date, last: dt.date) -> st.SearchStrategy[dt.date]:
    """Any day from ``first`` to ``last``, with month ends and 29 Februaries drawn often."""
    years = st.integers(min_value=first.year, max_value=last.year)
    month_ends = st.builds(
        lambda year, month: D(year, month, calendar.monthrange(year, month)[1]),
        years,
        st.integers(min_value=1, max_value=12),
    )
    leap_days = st.sampled_from(
        [D(year, 2, 29) for year in range(first.year, last.year + 1) if calendar.isleap(year)]
    )
    return st.one_of(dates(first, last), month_ends, leap_days).filter(
        lambda day: first <= day <= last
    )


_TIER_NAMES = st.sampled_from(["standard", "premium"])


@st.composite
def _histories(draw: st.DrawFn, min_stints: int = 1) -> tuple[_Stint, ...]:
    """``min_stints`` to three stints of one member, each with up to two tier changes.

    Every stint but the last ends; a stint may start on the day the previous one ended.
    """
    day = draw(_month_ends_and_leap_days(D(2004, 1, 1), D(2006, 12, 31)))
    count = draw(st.integers(min_value=min_stints, max_value=3))
    stints: list[_Stint] = []
    for index in range(count):
        length = draw(st.integers(min_value=1, max_value=500))
        offsets = draw(st.lists(st.integers(min_value=1, max_value=499), max_size=2, unique=True))
        changes = tuple(
            (day + dt.timedelta(days=offset), draw(_TIER_NAMES))
            for offset in sorted(offsets)
            if offset < length
        )
        ended = index < count - 1 or draw(st.booleans())
        left = day + dt.timedelta(days=length) if ended else None
        stints.append(_Stint(joined=day, left=left, tiers=((day, draw(_TIER_NAMES)), *changes)))
        if left is not None:
            day = left + dt.timedelta(days=draw(st.integers(min_value=0, max_value=400)))
    return tuple(stints)


def _policies(free_months: int = 14) -> st.SearchStrategy[Policy]:
    """Policies with two tiers in the Cantal's band, any proration and any billing day."""
    fees = moneys(50, 100)
    return st.builds(
        lambda months, standard, premium, proration, day: Policy(
            free_period=FreePeriod(months=months),
            tiers=[
                Tier(slug="standard", name="Standard", monthly_fee=standard),
                Tier(slug="premium", name="Premium", monthly_fee=premium),
            ],
            passes=MURAT_PASSES,
            proration=proration,
            billing_day=day,
        ),
        st.integers(min_value=0, max_value=free_months),
        fees,
        fees,
        st.sampled_from(Proration),
        st.none() | st.integers(min_value=1, max_value=28),
    )


def _with_history(policy: Policy, history: Sequence[_Stint]) -> Network:
    """The one-centre network with anne's ``history`` made through the network's operations."""
    network = _one_centre(policy).add_member(
        Member(id="anne", name="Anne", kind=MemberKind.INDEPENDENT)
    )
    for stint in history:
        network = network.join("anne", stint.joined, "murat", stint.tiers[0][1])
        for since, tier in stint.tiers[1:]:
            network = network.change_tier("anne", since, tier)
        if stint.left is not None:
            network = network.leave("anne", stint.left)
    return network


def _period(policy: Policy, anchor: dt.date, year: int, month: int) -> tuple[dt.date, dt.date]:
    if policy.billing_day is not None:
        start = D(year, month, policy.billing_day)
        return start, _brute_add_months(start, 1)
    n = (year - anchor.year) * 12 + month - anchor.month
    return _brute_add_months(anchor, n), _brute_add_months(anchor, n + 1)


def _expected_fees(policy: Policy, history: Sequence[_Stint], year: int, month: int) -> Money:
    """What the policy says anne owes for the period of ``year``-``month``, brute force.

    by-day: the sum over paying days of that period's daily share of the day's tier;
    none: the fee of the first paying day's tier if any day is paid; next-month: the fee
    of the first day's tier if the first day is paid.
    """
    anchor = history[0].joined
    paid_from = _brute_add_months(anchor, policy.free_period.months)
    start, end = _period(policy, anchor, year, month)
    length = (end - start).days
    tiers: list[str | None] = []
    for offset in range(length):
        day = start + dt.timedelta(days=offset)
        tier = next((t for t in (stint.tier_on(day) for stint in history) if t is not None), None)
        tiers.append(tier if day >= paid_from else None)
    fee = {tier.slug: tier.monthly_fee for tier in policy.tiers}
    paying = [(index, tier) for index, tier in enumerate(tiers) if tier is not None]
    if policy.proration is Proration.BY_DAY:
        return sum((fee[tier].split(length)[index] for index, tier in paying), Money.zero())
    if policy.proration is Proration.NONE:
        return fee[paying[0][1]] if paying else Money.zero()
    first = tiers[0]
    return fee[first] if first is not None else Money.zero()


def _some_months(data: st.DataObject, history: Sequence[_Stint]) -> list[tuple[int, int]]:
    """Up to 14 consecutive months, starting in the span of ``history`` (or just before)."""
    first, last = history[0].joined, history[-1].left or history[-1].joined + dt.timedelta(days=900)
    span = (last.year - first.year) * 12 + last.month - first.month
    start = _brute_add_months(D(first.year, first.month, 1), data.draw(st.integers(-2, span)))
    count = data.draw(st.integers(min_value=1, max_value=14))
    return [(day.year, day.month) for day in (_brute_add_months(start, n) for n in range(count))]


@given(
    joined=_month_ends_and_leap_days(FIRST_DAY, LAST_DAY),
    months=st.integers(min_value=0, max_value=36),
    proration=st.sampled_from(Proration),
    billing_day=st.none() | st.integers(min_value=1, max_value=28),
)
def test_nothing_is_charged_before_the_free_period_ends(
    joined: dt.date, months: int, proration: Proration, billing_day: int | None
) -> None:
    policy = attrs.evolve(
        CANTAL, free_period=FreePeriod(months=months), proration=proration, billing_day=billing_day
    )
    network = _with_history(
        policy, [_Stint(joined=joined, left=None, tiers=((joined, "standard"),))]
    )
    paid_from = free_until(network, "anne")
    assert paid_from == _brute_add_months(joined, months)

    # Every period from the one before the join to the one after the free period ends.
    charged: list[Charge] = []
    for offset in range(-1, months + 2):
        day = _brute_add_months(D(joined.year, joined.month, 1), offset)
        charged.extend(member_charges(network, "anne", day.year, day.month))
    assert charged, "the member pays once its free period is over"
    first = min(charge.start for charge in charged)
    assert first >= paid_from
    if proration is not Proration.NEXT_MONTH:
        assert first == paid_from  # no free day is lost either


@given(policy=_policies(), history=_histories(), data=st.data())
def test_a_members_charges_over_any_months_are_what_the_policy_implies(
    policy: Policy, history: tuple[_Stint, ...], data: st.DataObject
) -> None:
    network = _with_history(policy, history)
    months = _some_months(data, history)

    charged = Money.zero()
    expected = Money.zero()
    for year, month in months:
        amount = sum(_amounts(member_charges(network, "anne", year, month)), Money.zero())
        owed = _expected_fees(policy, history, year, month)
        assert amount == owed, (year, month)
        event(f"{policy.proration} {'paid' if owed else 'zero'}")
        charged, expected = charged + amount, expected + owed
    assert charged == expected


@st.composite
def _one_period(draw: st.DrawFn) -> tuple[Policy, dt.date, tuple[int, int], int]:
    """A by-day policy with no free period, a join date, a month after it, a day index."""
    policy = attrs.evolve(
        draw(_policies(free_months=0)),
        proration=Proration.BY_DAY,
    )
    joined = draw(_month_ends_and_leap_days(D(1995, 1, 1), D(1999, 12, 31)))
    month = (draw(st.integers(min_value=2001, max_value=2029)), draw(st.integers(1, 12)))
    offset = draw(st.integers(min_value=1, max_value=27))  # every period has 28 days or more
    return policy, joined, month, offset


@given(case=_one_period(), length=st.integers(min_value=1, max_value=10), data=st.data())
def test_the_parts_of_a_wholly_paid_period_on_one_tier_sum_exactly_to_its_fee(
    case: tuple[Policy, dt.date, tuple[int, int], int], length: int, data: st.DataObject
) -> None:
    # The member pays the whole period, but its company takes over for a few days inside it.
    policy, joined, (year, month), offset = case
    tier = data.draw(_TIER_NAMES)
    network = _one_centre(policy).add_company(Company(id=COMPANY, name="Société Exemple"))
    network = network.add_member(
        Member(id="bea", name="Bea", kind=MemberKind.SALARIED, employer=COMPANY)
    ).join("bea", joined, "murat", tier)
    start, end = billing_period(network, year, month, "bea")
    since = start + dt.timedelta(days=offset)
    until = min(since + dt.timedelta(days=length), end)
    network = network.sign_agreement(
        Agreement(company=COMPANY, employees=["bea"], tier=tier, since=since, until=until)
    )

    parts = member_charges(network, "bea", year, month)
    fee = policy.tier(tier).monthly_fee
    assert len(parts) >= 2
    assert sum(_amounts(parts), Money.zero()) == fee
    days = (end - start).days
    for part in parts:
        indexes = range((part.start - start).days, (part.end - start).days)
        assert part.amount == _shares(fee, days, indexes)
        assert part.reason is ChargeReason.PRORATION


@given(case=_one_period())
def test_a_tier_change_inside_a_period_charges_the_daily_shares_of_each_tier(
    case: tuple[Policy, dt.date, tuple[int, int], int],
) -> None:
    policy, joined, (year, month), offset = case
    network = _with_history(
        policy, [_Stint(joined=joined, left=None, tiers=((joined, "standard"),))]
    )
    start, end = billing_period(network, year, month, "anne")
    network = network.change_tier("anne", start + dt.timedelta(days=offset), "premium")

    before, after = member_charges(network, "anne", year, month)
    days = (end - start).days
    assert before.amount == _shares(policy.tier("standard").monthly_fee, days, range(offset))
    assert after.amount == _shares(policy.tier("premium").monthly_fee, days, range(offset, days))
    assert (before.item, after.item) == ("standard", "premium")
    assert before.end == after.start == start + dt.timedelta(days=offset)


@given(
    policy=_policies(),
    history=_histories(),
    passes=st.lists(
        st.tuples(st.sampled_from(PassKind), dates(D(2003, 1, 1), D(2010, 12, 31))), max_size=4
    ),
    data=st.data(),
)
def test_no_charge_is_ever_negative(
    policy: Policy,
    history: tuple[_Stint, ...],
    passes: list[tuple[PassKind, dt.date]],
    data: st.DataObject,
) -> None:
    network = _with_history(policy, history)
    for kind, day in passes:
        network = network.use_pass("anne", kind, day, "murat")

    for year, month in _some_months(data, history):
        for charge in member_charges(network, "anne", year, month):
            assert not charge.amount.is_negative(), charge
            assert charge.start < charge.end


@given(
    policy=_policies(free_months=36),
    history=_histories(),
    passes=st.lists(
        st.tuples(st.sampled_from(PassKind), dates(D(2004, 1, 1), D(2007, 12, 31))),
        min_size=1,
        max_size=4,
    ),
)
def test_every_pass_outside_the_free_period_is_billed_once_at_its_price(
    policy: Policy, history: tuple[_Stint, ...], passes: list[tuple[PassKind, dt.date]]
) -> None:
    network = _with_history(policy, history)
    for kind, day in passes:
        network = network.use_pass("anne", kind, day, "murat")
    joined = history[0].joined
    paid_from = _brute_add_months(joined, policy.free_period.months)

    billed = [
        (PassKind(charge.item), charge.start, charge.amount)
        for year, month in _months((2003, 12), (2008, 1))
        for charge in member_charges(network, "anne", year, month)
        if charge.reason is ChargeReason.PASS
    ]
    prices = {price.kind: price.price for price in policy.passes}
    expected = [(kind, day, prices[kind]) for kind, day in passes if not joined <= day < paid_from]
    assert sorted(billed) == sorted(expected)


@given(
    history=_histories(min_stints=2),
    months=st.integers(min_value=0, max_value=36),
)
def test_rejoining_never_restarts_the_free_period(history: tuple[_Stint, ...], months: int) -> None:
    policy = attrs.evolve(CANTAL, free_period=FreePeriod(months=months))
    network = _with_history(policy, history)
    paid_from = _brute_add_months(history[0].joined, months)

    assert free_until(network, "anne") == paid_from
    for stint in history[1:]:
        charged = member_charges(network, "anne", stint.joined.year, stint.joined.month)
        if stint.joined >= paid_from:  # paying from the day it rejoins
            assert any(charge.start <= stint.joined < charge.end for charge in charged)
        else:
            assert all(charge.start >= paid_from for charge in charged)


@given(fee=moneys(0, 1000), days=st.integers(min_value=28, max_value=31))
def test_the_daily_shares_of_a_monthly_fee_always_sum_to_the_fee(fee: Money, days: int) -> None:
    shares = fee.split(days)

    assert sum(shares, Money.zero()) == fee
    assert max(shares) - min(shares) <= Money.of("0.01")
    assert list(shares) == sorted(shares, reverse=True)  # the leftover cents go first
    assert not any(share.is_negative() for share in shares)


@given(anchor=dates(D(1, 1, 1), D(9989, 12, 31)), months=st.integers(min_value=0, max_value=120))
def test_adding_months_agrees_with_calendar_arithmetic(anchor: dt.date, months: int) -> None:
    assert add_months(anchor, months) == _brute_add_months(anchor, months)


@given(anchor=_month_ends_and_leap_days(FIRST_DAY, LAST_DAY), months=st.integers(0, 120))
def test_adding_months_from_the_anchor_never_drifts_like_stepping(
    anchor: dt.date, months: int
) -> None:
    # Stepping a month at a time drifts (31 Jan -> 29 Feb -> 29 Mar); counting from the
    # anchor keeps the anchor's day whenever the month has it.
    moved = add_months(anchor, months)
    assert moved.day == min(anchor.day, calendar.monthrange(moved.year, moved.month)[1])
