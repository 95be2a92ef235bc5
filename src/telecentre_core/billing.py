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
from functools import lru_cache
from itertools import groupby

import attrs

from .dates import add_months, days_between
from .errors import InvalidValue
from .membership import Agreement, Member, Membership, PassUse
from .money import Money, total
from .network import Network
from .pricing import PassKind, Proration

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
    return _member_charges(network, member, year, month, _Context.of(network, (member,)))


def _member_charges(
    network: Network, member: Member, year: int, month: int, context: _Context
) -> tuple[Charge, ...]:
    member_id = member.id
    start, end = context.period(network, year, month, member_id)
    joined = first_joined(network, member_id)
    paid_from = context.free_until(network, member, joined)
    uses = network.pass_uses_of(member_id)
    passes = _pass_lines(member, start, end, joined, paid_from, uses, context) if uses else []
    if uses and network.policy.billing_day is None and joined is not None:
        # Anniversary periods only begin with the first join: a pass used before it is
        # billed in its calendar month, so that joining later never moves an old pass
        # into another month's bill, and every pass is billed exactly once.
        calendar_start = dt.date(year, month, 1)
        calendar_end = context.add_months(calendar_start, 1)
        passes = [
            *(line for line in passes if line.start >= joined),
            *(
                line
                for line in _pass_lines(
                    member, calendar_start, calendar_end, joined, paid_from, uses, context
                )
                if line.start < joined
            ),
        ]
    fees = _fee_lines(network, member, start, end, paid_from, context)
    return (*fees, *passes) if passes else tuple(fees)


def bill_month(network: Network, year: int, month: int) -> Bill:
    """Every member's charges for ``year``-``month``, members in the network's order."""
    _check_month(year, month)
    context = _Context.of(network, network.members)
    lines: list[Charge] = []
    for member in network.members:
        lines.extend(_member_charges(network, member, year, month, context))
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


#: Month arithmetic goes through pendulum (about 30 µs); a bill asks for the same few
#: thousand dates again and again (the ends of free periods, the billing days).
_add_months = lru_cache(maxsize=1 << 16)(add_months)


class _Context:
    """What billing many members shares: computed once per bill, not once per member.

    The agreements of each member, the shares of each tier's fee, the pass prices and
    the dates month arithmetic gives (the n-th billing day, the end of a free period)
    are the same for every member: a national network's bill asks for them 200,000 times.
    """

    __slots__ = ("_periods", "_shares", "agreements", "payers", "prices")

    def __init__(
        self,
        agreements: dict[str, list[Agreement]],
        prices: dict[PassKind, Money],
    ) -> None:
        self.agreements = agreements
        self.prices = prices
        self.payers: dict[tuple[str, str], Payer] = {}
        self._shares: dict[tuple[str, int], tuple[Money, ...]] = {}
        self._periods: dict[tuple[int, int], tuple[dt.date, dt.date]] = {}

    @classmethod
    def of(cls, network: Network, members: Iterable[Member]) -> _Context:
        wanted = {member.id for member in members}
        agreements: dict[str, list[Agreement]] = {}
        for agreement in network.agreements:
            for employee in dict.fromkeys(agreement.employees):
                if employee in wanted:
                    agreements.setdefault(employee, []).append(agreement)
        prices = {price.kind: price.price for price in network.policy.passes}
        return cls(agreements, prices)

    @staticmethod
    def add_months(day: dt.date, months: int) -> dt.date:
        return _add_months(day, months)

    def period(
        self, network: Network, year: int, month: int, member_id: str
    ) -> tuple[dt.date, dt.date]:
        if network.policy.billing_day is None:
            return billing_period(network, year, month, member_id)
        found = self._periods.get((year, month))
        if found is None:
            found = self._periods[(year, month)] = billing_period(network, year, month)
        return found

    def free_until(
        self, network: Network, member: Member, anchor: dt.date | None
    ) -> dt.date | None:
        # free_until(network, member.id), from the first join already looked up.
        if anchor is None:
            return None
        return _add_months(anchor, network.policy.free_months_for(member.eligibility))

    def payer(self, kind: str, payer_id: str) -> Payer:
        key = (kind, payer_id)
        found = self.payers.get(key)
        if found is None:
            found = self.payers[key] = Payer(kind=kind, id=payer_id)
        return found

    def shares(self, network: Network, tier: str, length: int) -> tuple[Money, ...]:
        key = (tier, length)
        found = self._shares.get(key)
        if found is None:
            found = self._shares[key] = network.policy.tier(tier).monthly_fee.split(length)
        return found


@attrs.frozen
class _Day:
    index: int
    day: dt.date
    tier: str
    payer: Payer


def _paying_days(
    network: Network,
    member: Member,
    start: dt.date,
    end: dt.date,
    paid_from: dt.date | None,
    context: _Context,
) -> list[_Day]:
    """The days of ``start``..``end`` the member pays for, with the tier and the payer."""
    stints: Sequence[Membership] = network.memberships_of(member.id)
    if paid_from is None or not stints:
        return []
    agreements = context.agreements.get(member.id, ())
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
        payer = context.payer("member", member.id)
        for agreement in agreements:
            if agreement.covers(member.id, day):
                tier, payer = agreement.tier, context.payer("company", agreement.company)
                break
        days.append(_Day(index, day, tier, payer))
    return days


def _whole_period(
    network: Network,
    member: Member,
    start: dt.date,
    end: dt.date,
    paid_from: dt.date | None,
    context: _Context,
) -> tuple[str, Payer] | None:
    """The tier and payer of every day of the period, when they are one all through.

    None when some day is free or outside a stint, or the tier or the payer changes
    inside the period: :func:`_paying_days` then looks day by day.
    """
    if paid_from is None or paid_from > start:
        return None
    for stint in network.memberships_of(member.id):
        if stint.joined <= start and (stint.left is None or stint.left >= end):
            break
    else:
        return None
    if any(start < change.since < end for change in stint.changes):
        return None
    tier = stint.tier_on(start)
    if tier is None:  # pragma: no cover - the stint is in force on start
        return None
    payer = context.payer("member", member.id)
    for agreement in context.agreements.get(member.id, ()):
        if agreement.since <= start and (agreement.until is None or agreement.until >= end):
            return agreement.tier, context.payer("company", agreement.company)
        if agreement.since < end and (agreement.until is None or agreement.until > start):
            return None  # it covers part of the period
    return tier, payer


def _fee_lines(
    network: Network,
    member: Member,
    start: dt.date,
    end: dt.date,
    paid_from: dt.date | None,
    context: _Context,
) -> list[Charge]:
    def line(
        first: dt.date, last: dt.date, tier: str, payer: Payer, amount: Money, reason: ChargeReason
    ) -> Charge:
        return Charge(
            member=member.id,
            period_start=start,
            period_end=end,
            start=first,
            end=last + dt.timedelta(days=1),
            item=tier,
            amount=amount,
            reason=reason,
            payer=payer,
        )

    whole = _whole_period(network, member, start, end, paid_from, context)
    if whole is not None:
        # Every day on one tier and one payer: the whole fee, as the day by day count
        # below gives it (a fee's daily shares add up to the fee).
        tier, payer = whole
        fee = network.policy.tier(tier).monthly_fee
        last = end - dt.timedelta(days=1)
        return [line(start, last, tier, payer, fee, ChargeReason.FEE)]
    days = _paying_days(network, member, start, end, paid_from, context)
    if not days:
        return []
    proration = network.policy.proration
    length = (end - start).days
    if proration is Proration.BY_DAY:
        lines: list[Charge] = []
        # Consecutive days on one tier and payer make one line.
        numbered = enumerate(days)
        runs = groupby(
            numbered, key=lambda pair: (pair[1].tier, pair[1].payer, pair[1].index - pair[0])
        )
        for _, run in runs:
            items = [item for _, item in run]
            tier = items[0].tier
            shares = context.shares(network, tier, length)
            amount = total(shares[item.index] for item in items)
            reason = ChargeReason.FEE if len(items) == length else ChargeReason.PRORATION
            lines.append(line(items[0].day, items[-1].day, tier, items[0].payer, amount, reason))
        return lines
    if proration is Proration.NEXT_MONTH and days[0].index != 0:
        return []
    first = days[0]
    fee = network.policy.tier(first.tier).monthly_fee
    return [line(first.day, days[-1].day, first.tier, first.payer, fee, ChargeReason.FEE)]


def _pass_lines(
    member: Member,
    start: dt.date,
    end: dt.date,
    joined: dt.date | None,
    paid_from: dt.date | None,
    uses: Iterable[PassUse],
    context: _Context,
) -> list[Charge]:
    lines = []
    for use in uses:
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
                amount=context.prices[use.kind],
                reason=ChargeReason.PASS,
                payer=context.payer("member", member.id),
            )
        )
    return lines
