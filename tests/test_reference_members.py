"""The members of the reference network: what the article says, and bills that add up.

The article gives "30 télétravailleurs ..., essentiellement des travailleurs indépendants",
the wish for more nomadic workers and salaried teleworkers, the prospection of large
companies, a free first year and then 50 to 100 € a month. Everything else about the
members in ``cybercantal.toml`` is illustrative; these tests check that it stays true to
those figures and that billing it month by month behaves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache

import pytest

import telecentre_core as tc
from telecentre_core.dates import add_months

NETWORK = tc.datasets.cybercantal()
FIRST_YEAR, LAST_YEAR = 2006, 2013
MONTHS = [(year, month) for year in range(FIRST_YEAR, LAST_YEAR + 1) for month in range(1, 13)]
SEVEN = {"ydes", "murat", "allanche", "montmurat", "chaudes-aigues", "saint-flour", "aurillac"}


@cache
def bill(year: int, month: int) -> tc.Bill:
    return tc.bill_month(NETWORK, year, month)


def every_line() -> list[tc.Charge]:
    return [line for year, month in MONTHS for line in bill(year, month).lines]


# -- who the members are -----------------------------------------------------------------


def test_about_thirty_members_mostly_independents() -> None:
    kinds = Counter(member.kind for member in NETWORK.members)
    assert 27 <= len(NETWORK.members) <= 33
    assert kinds[tc.MemberKind.INDEPENDENT] > len(NETWORK.members) * 2 // 3
    # The network wants more of the other two kinds: it has a few of each.
    assert kinds[tc.MemberKind.SALARIED] >= 2
    assert kinds[tc.MemberKind.NOMADIC] >= 2


def test_every_member_is_marked_illustrative_and_personal_data_is_minimal() -> None:
    for member in NETWORK.members:
        assert "illustrative" in member.notes.lower(), member.id
        assert "illustratif" in member.name
        assert member.phone is None
        assert member.email is None or member.email.endswith("@example.org")
    assert sum(member.email is not None for member in NETWORK.members) <= 1


def test_members_join_between_2006_and_2011_at_the_seven_open_centres() -> None:
    assert NETWORK.memberships
    for stint in NETWORK.memberships:
        assert 2006 <= stint.joined.year <= 2011, stint
        assert NETWORK.centre(stint.centre).is_open_on(stint.joined), stint
    assert {stint.centre for stint in NETWORK.memberships} == SEVEN


def test_every_member_but_the_nomadic_ones_joins() -> None:
    for member in NETWORK.members:
        if member.kind is not tc.MemberKind.NOMADIC:
            assert NETWORK.memberships_of(member.id), member.id


def test_nomadic_workers_use_passes_and_stay_members_briefly_if_at_all() -> None:
    nomads = [member for member in NETWORK.members if member.kind is tc.MemberKind.NOMADIC]
    for member in nomads:
        assert NETWORK.pass_uses_of(member.id), member.id
        for stint in NETWORK.memberships_of(member.id):
            assert stint.left is not None
            assert stint.left <= add_months(stint.joined, 6)
    for use in NETWORK.pass_uses:
        assert NETWORK.centre(use.centre).is_open_on(use.on), use


def test_tiers_change_leave_and_rejoin() -> None:
    changes = [change for stint in NETWORK.memberships for change in stint.changes]
    assert len(changes) >= 2
    assert any(change.since.day == 31 for change in changes)
    departed = [
        member.id
        for member in NETWORK.members
        if NETWORK.memberships_of(member.id)
        and NETWORK.memberships_of(member.id)[-1].left is not None
        and member.kind is not tc.MemberKind.NOMADIC
    ]
    assert len(departed) >= 2, departed
    assert rejoining_members()


def rejoining_members() -> list[str]:
    return [member.id for member in NETWORK.members if len(NETWORK.memberships_of(member.id)) > 1]


# -- prices ------------------------------------------------------------------------------


def test_every_tier_lies_in_the_band_of_50_to_100_euros() -> None:
    policy = NETWORK.policy
    assert policy.fee_band == tc.FeeBand(minimum=tc.Money.of(50), maximum=tc.Money.of(100))
    assert len(policy.tiers) >= 2
    for tier in policy.tiers:
        assert tc.Money.of(50) <= tier.monthly_fee <= tc.Money.of(100), tier


def test_passes_are_priced_as_murat_priced_them() -> None:
    prices = {price.kind: price.price for price in NETWORK.policy.passes}
    assert prices == {
        tc.PassKind.HALF_DAY: tc.Money.of(10),
        tc.PassKind.DAY: tc.Money.of(20),
        tc.PassKind.WEEK: tc.Money.of(80),
    }


def test_the_policy_keeps_the_free_first_year() -> None:
    assert NETWORK.policy.free_period.months == 12
    assert NETWORK.policy.proration is tc.Proration.BY_DAY
    assert NETWORK.policy.billing_day == 1


# -- companies ---------------------------------------------------------------------------


def test_companies_are_prospected_at_every_stage() -> None:
    assert 2 <= len(NETWORK.companies) <= 3
    stages = {prospect.stage for prospect in NETWORK.prospects}
    assert stages == set(tc.ProspectStage)
    interested = [p for p in NETWORK.prospects if p.stage is tc.ProspectStage.INTERESTED]
    assert all(prospect.employees_interested > 0 for prospect in interested)


def test_one_company_pays_for_two_employees_under_an_agreement() -> None:
    (agreement,) = NETWORK.agreements
    assert len(agreement.employees) == 2
    for employee in agreement.employees:
        member = NETWORK.member(employee)
        assert member.kind is tc.MemberKind.SALARIED
        assert member.employer == agreement.company
    latest = NETWORK.prospect_stage(agreement.company)
    assert latest is not None
    assert latest.stage is tc.ProspectStage.AGREEMENT_SIGNED

    # A whole month after both free periods: the company pays both fees, the members nothing.
    year, month = 2011, 3
    for employee in agreement.employees:
        paid_from = tc.free_until(NETWORK, employee)
        assert paid_from is not None
        assert paid_from <= dt.date(year, month, 1)
    company = tc.Payer(kind="company", id=agreement.company)
    fee = NETWORK.policy.tier(agreement.tier).monthly_fee
    payers = bill(year, month).by_payer()
    assert payers[company] == fee * 2
    for employee in agreement.employees:
        assert tc.Payer(kind="member", id=employee) not in payers


def test_the_company_pays_nothing_before_its_agreement() -> None:
    (agreement,) = NETWORK.agreements
    company = tc.Payer(kind="company", id=agreement.company)
    for line in every_line():
        if line.payer == company:
            assert line.start >= agreement.since


# -- billing, month by month ---------------------------------------------------------------


def test_billing_every_month_never_gives_a_negative_line() -> None:
    lines = every_line()
    assert lines
    assert all(not line.amount.is_negative() for line in lines)


def test_nothing_is_charged_before_the_free_period_ends() -> None:
    for line in every_line():
        paid_from = tc.free_until(NETWORK, line.member)
        if paid_from is not None:  # a member who never joined pays its passes
            assert line.start >= paid_from, line


def test_members_pay_after_their_free_year() -> None:
    assert bill(2006, 12).total == tc.Money.zero()  # everyone still in the free year
    assert bill(2011, 3).total > tc.Money.zero()


def test_a_rejoining_member_is_not_given_a_second_free_year() -> None:
    (member,) = rejoining_members()
    first, second = NETWORK.memberships_of(member)
    assert first.left is not None
    paid_from = tc.free_until(NETWORK, member)
    assert paid_from == add_months(first.joined, 12)
    assert paid_from < second.joined
    # It pays from the day it rejoins.
    lines = tc.member_charges(NETWORK, member, second.joined.year, second.joined.month)
    assert lines
    assert lines[0].start == second.joined
    assert tc.money.total(line.amount for line in lines) > tc.Money.zero()


@pytest.mark.parametrize("year", range(FIRST_YEAR, LAST_YEAR + 1))
def test_expected_revenue_is_the_sum_of_the_months_bills(year: int) -> None:
    revenue = tc.expected_revenue(NETWORK, year)
    months = [bill(year, month) for month in range(1, 13)]
    assert revenue.total == sum((item.total for item in months), tc.Money.zero())
    for month, item in enumerate(months):
        reasons = item.by_reason()
        passes = reasons.get(tc.ChargeReason.PASS, tc.Money.zero())
        assert revenue.passes[month] == passes
        assert revenue.fees[month] == item.total - passes
