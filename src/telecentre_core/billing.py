"""Billing: the charges of a month, for one member or the whole network.

Nothing is charged inside a member's free period (rule 4), counted once from
the first day the member ever joined. A tier change or a departure inside a
billing period is charged as the policy's :class:`~telecentre_core.Proration`
says, never below zero. Billing periods run from the policy's billing day to
the same day a month later; with no billing day, each member is billed on
the anniversary of its first join, and the n-th period is computed from that
anchor (31 January, 29 February, 31 March), never by stepping month by month.

>>> import telecentre_core as tc
>>> bill = tc.bill_month(tc.datasets.cybercantal(), 2011, 3)
>>> bill.period_label
'2011-03'
>>> bill.total == sum((line.amount for line in bill.lines), tc.Money.zero())
True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from itertools import groupby

import attrs

from .dates import add_months, days_between
from .errors import InvalidValue
from .membership import Member, Membership
from .money import Money, total
from .network import Network
from .pricing import Proration

__all__ = [
    "Bill",
    "Charge",
    "ChargeReason",
    "Payer",
    "Revenue",
    "bill_month",
    "billing_period",
    "expected_revenue",
    "free_until",
    "member_charges",
]


class ChargeReason(enum.StrEnum):
    """Why a line is charged."""

    FEE = "fee"
    """The monthly fee of a whole period."""
    PRORATION = "proration"
    """The share of a monthly fee for part of a period."""
    PASS = "pass"
    """A pass used that period."""


@attrs.frozen(kw_only=True)
class Payer:
    """Who pays a line: the member itself, or the company of an agreement.

    ``kind`` is ``"member"`` or ``"company"``; ``id`` is the member's or the company's id.
    """

    kind: str  # "member" or "company"
    id: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


@attrs.frozen(kw_only=True)
class Charge:
    """One line of a bill.

    ``start`` and ``end`` bound the days charged (``end`` excluded), inside the
    billing period ``period_start``..``period_end``. ``item`` is the tier's
    slug, or the pass kind for a pass.

    ``member`` is the member's id; ``amount`` what is charged; ``reason`` why (a fee, a
    prorated fee or a pass); ``payer`` who pays it.
    """

    member: str
    period_start: dt.date
    period_end: dt.date
    start: dt.date
    end: dt.date
    item: str
    amount: Money
    reason: ChargeReason
    payer: Payer


@attrs.frozen(kw_only=True)
class Bill:
    """The charges of one month: every line, and totals per member and per payer.

    ``period_label`` names the month billed (``2012-02``); ``lines`` are its charges, member by
    member.
    """

    period_label: str
    lines: tuple[Charge, ...]

    @property
    def total(self) -> Money:
        """Everything charged."""
        return total(line.amount for line in self.lines)

    def by_member(self) -> dict[str, Money]:
        """Total per member, in the order members first appear."""
        totals: dict[str, Money] = {}
        for line in self.lines:
            totals[line.member] = totals.get(line.member, Money.zero()) + line.amount
        return totals

    def by_payer(self) -> dict[Payer, Money]:
        """Total per payer (a member, or a company paying for employees)."""
        totals: dict[Payer, Money] = {}
        for line in self.lines:
            totals[line.payer] = totals.get(line.payer, Money.zero()) + line.amount
        return totals

    def by_reason(self) -> dict[ChargeReason, Money]:
        """Total per reason: fees, prorations, passes."""
        totals: dict[ChargeReason, Money] = {}
        for line in self.lines:
            totals[line.reason] = totals.get(line.reason, Money.zero()) + line.amount
        return totals


@attrs.frozen(kw_only=True)
class Revenue:
    """Expected revenue of a year: fees (with prorations) and passes, per month.

    ``year`` is the calendar year; ``fees`` and ``passes`` have twelve amounts each, January
    first.
    """

    year: int
    fees: tuple[Money, ...]
    passes: tuple[Money, ...]

    @property
    def fees_total(self) -> Money:
        """Fees and prorations of the whole year."""
        return total(self.fees)

    @property
    def passes_total(self) -> Money:
        """Passes of the whole year."""
        return total(self.passes)

    @property
    def total(self) -> Money:
        """Everything expected that year."""
        return self.fees_total + self.passes_total


def _check_month(year: int, month: int) -> None:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:  # noqa: PLR2004
        raise InvalidValue("month", month, "must be a month number from 1 to 12")
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9998:  # noqa: PLR2004
        raise InvalidValue("year", year, "must be a year from 1 to 9998")


def first_joined(network: Network, member_id: str) -> dt.date | None:
    """The first day ``member_id`` ever joined the network, or None if never."""
    stints = network.memberships_of(member_id)
    return min((stint.joined for stint in stints), default=None)


def free_until(network: Network, member_id: str) -> dt.date | None:
    """The first day ``member_id`` pays: the end of its free period (rule 4).

    Counted from the first join, once per member: rejoining never restarts it.
    The policy's length applies, or the longest variant the member is
    eligible for. None for a member who never joined.
    """
    anchor = first_joined(network, member_id)
    if anchor is None:
        return None
    member = network.member(member_id)
    return add_months(anchor, network.policy.free_months_for(member.eligibility))


def billing_period(
    network: Network, year: int, month: int, member_id: str | None = None
) -> tuple[dt.date, dt.date]:
    """The billing period of ``year``-``month``: ``(start, end)``, ``end`` excluded.

    From the policy's billing day to the same day next month; with no billing
    day, from the anniversary of the member's first join in that month (its
    n-th period, computed from the anchor).
    """
    _check_month(year, month)
    day = network.policy.billing_day
    if day is not None:
        start = dt.date(year, month, day)
        return start, add_months(start, 1)
    if member_id is not None:
        network.member(member_id)  # an unknown member raises, whatever the policy
    anchor = first_joined(network, member_id) if member_id is not None else None
    if anchor is None:
        start = dt.date(year, month, 1)
        return start, add_months(start, 1)
    n = (year * 12 + month) - (anchor.year * 12 + anchor.month)
    return add_months(anchor, n), add_months(anchor, n + 1)


def member_charges(network: Network, member_id: str, year: int, month: int) -> tuple[Charge, ...]:
    """The charges of ``member_id`` for the billing period of ``year``-``month``."""
    member = network.member(member_id)
    start, end = billing_period(network, year, month, member_id)
    passes = _pass_lines(network, member, start, end)
    joined = first_joined(network, member_id)
    if network.policy.billing_day is None and joined is not None:
        # Anniversary periods only begin with the first join: a pass used before it is
        # billed in its calendar month, so that joining later never moves an old pass
        # into another month's bill, and every pass is billed exactly once.
        calendar_start = dt.date(year, month, 1)
        calendar_end = add_months(calendar_start, 1)
        passes = [
            *(line for line in passes if line.start >= joined),
            *(
                line
                for line in _pass_lines(network, member, calendar_start, calendar_end)
                if line.start < joined
            ),
        ]
    return (*_fee_lines(network, member, start, end), *passes)


def bill_month(network: Network, year: int, month: int) -> Bill:
    """Every member's charges for ``year``-``month``, members in the network's order."""
    _check_month(year, month)
    lines: list[Charge] = []
    for member in network.members:
        lines.extend(member_charges(network, member.id, year, month))
    return Bill(period_label=f"{year:04d}-{month:02d}", lines=tuple(lines))


def expected_revenue(network: Network, year: int) -> Revenue:
    """The fee and pass revenue of each month of ``year``, for the funding reports."""
    fees: list[Money] = []
    passes: list[Money] = []
    for month in range(1, 13):
        reasons = bill_month(network, year, month).by_reason()
        fees.append(
            reasons.get(ChargeReason.FEE, Money.zero())
            + reasons.get(ChargeReason.PRORATION, Money.zero())
        )
        passes.append(reasons.get(ChargeReason.PASS, Money.zero()))
    return Revenue(year=year, fees=tuple(fees), passes=tuple(passes))


# -- how a period is charged ------------------------------------------------------------


@attrs.frozen
class _Day:
    index: int
    day: dt.date
    tier: str
    payer: Payer


def _paying_days(network: Network, member: Member, start: dt.date, end: dt.date) -> list[_Day]:
    """The days of ``start``..``end`` the member pays for, with the tier and the payer."""
    paid_from = free_until(network, member.id)
    stints: Sequence[Membership] = network.memberships_of(member.id)
    if paid_from is None or not stints:
        return []
    agreements = [item for item in network.agreements if member.id in item.employees]
    days: list[_Day] = []
    for index, day in enumerate(days_between(start, end)):
        if day < paid_from:
            continue
        tier = None
        for stint in stints:
            tier = stint.tier_on(day)
            if tier is not None:
                break
        if tier is None:
            continue
        payer = Payer(kind="member", id=member.id)
        for agreement in agreements:
            if agreement.covers(member.id, day):
                tier, payer = agreement.tier, Payer(kind="company", id=agreement.company)
                break
        days.append(_Day(index, day, tier, payer))
    return days


def _fee_lines(network: Network, member: Member, start: dt.date, end: dt.date) -> Iterable[Charge]:
    days = _paying_days(network, member, start, end)
    if not days:
        return
    proration = network.policy.proration
    length = (end - start).days

    def line(first: _Day, last: _Day, amount: Money, reason: ChargeReason) -> Charge:
        return Charge(
            member=member.id,
            period_start=start,
            period_end=end,
            start=first.day,
            end=last.day + dt.timedelta(days=1),
            item=first.tier,
            amount=amount,
            reason=reason,
            payer=first.payer,
        )

    if proration is Proration.BY_DAY:
        shares: dict[str, tuple[Money, ...]] = {}
        # Consecutive days on one tier and payer make one line.
        numbered = enumerate(days)
        runs = groupby(
            numbered, key=lambda pair: (pair[1].tier, pair[1].payer, pair[1].index - pair[0])
        )
        for _, run in runs:
            items = [item for _, item in run]
            tier = items[0].tier
            if tier not in shares:
                shares[tier] = network.policy.tier(tier).monthly_fee.split(length)
            amount = total(shares[tier][item.index] for item in items)
            whole = len(items) == length
            yield line(
                items[0], items[-1], amount, ChargeReason.FEE if whole else ChargeReason.PRORATION
            )
        return
    if proration is Proration.NEXT_MONTH and days[0].index != 0:
        return
    first = days[0]
    yield line(first, days[-1], network.policy.tier(first.tier).monthly_fee, ChargeReason.FEE)


def _pass_lines(network: Network, member: Member, start: dt.date, end: dt.date) -> list[Charge]:
    joined = first_joined(network, member.id)
    paid_from = free_until(network, member.id)
    prices = {price.kind: price.price for price in network.policy.passes}
    lines = []
    for use in network.pass_uses_of(member.id):
        if not start <= use.on < end:
            continue
        if joined is not None and paid_from is not None and joined <= use.on < paid_from:
            continue  # use is free inside the free period; before joining, a pass is paid
        lines.append(
            Charge(
                member=member.id,
                period_start=start,
                period_end=end,
                start=use.on,
                end=use.on + dt.timedelta(days=1),
                item=str(use.kind),
                amount=prices[use.kind],
                reason=ChargeReason.PASS,
                payer=Payer(kind="member", id=member.id),
            )
        )
    return lines
