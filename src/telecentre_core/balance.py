"""The economic balance of a network: who funds what, what it costs, what members pay.

« Ces tarifs, très attractifs, sont rendus possibles grâce au soutien du Conseil
Général du Cantal » — the article, under "Un équilibre économique". For a calendar
year or a range of years, :func:`funding_balance` answers a council's questions:

- who funds what: each funder's contributions by category, cash and in kind;
- how each cost category is covered: what is funded, the part of the cost it
  covers, the gap left and any surplus;
- what members pay, from billing (:func:`~telecentre_core.expected_revenue`);
- the public subsidy per seat and per regular user, each per year;
- the share of the costs that members' payments cover;
- the break-even monthly fee (:func:`break_even_fee`).

Network-wide contributions are split across the centres by seats or equally, as
the policy says (:func:`share_out`), exact to the cent: the parts always sum to
the whole (rule 6).

>>> import telecentre_core as tc
>>> balance = tc.funding_balance(tc.datasets.cybercantal(), 2011)
>>> balance.contributions == sum(funder.total for funder in balance.funders)
True
>>> all(item.covered + item.gap == item.cost for item in balance.categories)
True
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Final

import attrs

from .billing import Revenue, expected_revenue
from .centre import Centre
from .errors import InvalidValue, NoOpenCentre
from .funding import Contribution, ContributionForm, CostCategory, Funder, SplitRule
from .membership import Member
from .money import Money, total
from .network import Network, _bookings_checked
from .occupancy import regular_members
from .policy import FeeBand
from .pricing import Tier

__all__ = [
    "BreakEven",
    "CategoryCoverage",
    "CentreFunding",
    "FundedAmount",
    "FunderFunding",
    "FundingBalance",
    "break_even_fee",
    "funding_balance",
    "regular_users",
    "seat_days",
    "share_out",
    "split_contribution",
]

#: The first and last years a report covers: billing knows no month after 9998-12.
_FIRST_YEAR: Final = 1
_LAST_YEAR: Final = 9998

#: A fee of 3,775.80 €: its cents divide by 28, 29, 30 and 31, every length of a
#: billing period, so each day's share of it is exact and billing it measures the
#: paying months exactly (see _break_even).
_PROBE_CENTS: Final = math.lcm(28, 29, 30, 31)


# -- results ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FundedAmount:
    """What one funder gives in one category over a report's years, cash and in kind.

    ``category`` is the cost category funded; ``cash`` is the money given and ``in_kind`` the
    value of what is given in kind.
    """

    category: CostCategory
    cash: Money
    in_kind: Money

    @property
    def total(self) -> Money:
        """Cash and the value of what is given in kind."""
        return self.cash + self.in_kind


@attrs.frozen(kw_only=True)
class FunderFunding:
    """What one funder gives over a report's years: an entry per category it funds.

    ``funder`` is the network's funder; ``amounts`` has one :class:`FundedAmount` per category
    it funds, in the order of the categories.
    """

    funder: Funder
    amounts: tuple[FundedAmount, ...]

    @property
    def cash(self) -> Money:
        """The money it gives."""
        return total(item.cash for item in self.amounts)

    @property
    def in_kind(self) -> Money:
        """The value of what it gives in kind."""
        return total(item.in_kind for item in self.amounts)

    @property
    def total(self) -> Money:
        """Everything it gives."""
        return total(item.total for item in self.amounts)

    def amount_for(self, category: CostCategory) -> Money:
        """What it gives in ``category`` (0.00 € when nothing)."""
        return total(item.total for item in self.amounts if item.category is category)


@attrs.frozen(kw_only=True)
class CategoryCoverage:
    """How one cost category is funded over a report's years.

    ``cost`` is what the category costs and ``funded`` what contributions
    give for it. ``covered`` is the part of the cost they pay, ``gap`` the
    part left to other money (members' fees, or a deficit) and ``surplus``
    what they give beyond the cost: ``covered + gap == cost`` and
    ``covered + surplus == funded``, always.

    ``category`` is the cost category; ``operating`` is true for the categories the policy
    counts as operating costs.
    """

    category: CostCategory
    operating: bool
    cost: Money
    funded: Money

    @property
    def covered(self) -> Money:
        """The part of the cost the contributions pay."""
        return min(self.cost, self.funded)

    @property
    def gap(self) -> Money:
        """The part of the cost no contribution pays."""
        return self.cost - self.covered

    @property
    def surplus(self) -> Money:
        """What the contributions give beyond the cost."""
        return self.funded - self.covered

    @property
    def coverage(self) -> Fraction | None:
        """Funded over cost (1 when exactly covered); None when the category costs nothing."""
        if not self.cost:
            return None
        return Fraction(self.funded.cents, self.cost.cents)


@attrs.frozen(kw_only=True)
class CentreFunding:
    """What one centre receives over a report's years.

    ``direct`` is given to the centre itself; ``shared`` is its part of the
    network-wide contributions, split as the policy says (:func:`share_out`).

    ``centre`` is the centre's id.
    """

    centre: str
    direct: Money
    shared: Money

    @property
    def total(self) -> Money:
        """Direct and shared."""
        return self.direct + self.shared


@attrs.frozen(kw_only=True)
class BreakEven:
    """The monthly fee that covers the operating costs without subsidy (see :func:`break_even_fee`).

    ``operating_costs`` are the costs of the policy's operating categories
    over the years; ``passes`` what members pay for passes then, which helps
    cover them; ``paying_months`` the member-months billed (a month charged
    for ten days of thirty counts a third). ``fee`` is None when no member
    ever pays in those years while something is left to cover.

    ``band`` is the policy's fee band, which the fee is compared with.
    """

    operating_costs: Money
    passes: Money
    paying_months: Fraction
    band: FeeBand
    fee: Money | None = None

    @property
    def to_cover(self) -> Money:
        """What fees must bring, the operating costs less the passes, never below zero."""
        return max(self.operating_costs - self.passes, Money.zero())

    @property
    def within_band(self) -> bool | None:
        """True when the fee lies inside the policy's band; None when there is no fee."""
        return None if self.fee is None else self.band.contains(self.fee)


@attrs.frozen(kw_only=True)
class FundingBalance:
    """The economic balance of a network over the calendar years ``first_year``..``last_year``.

    Built by :func:`funding_balance`. Amounts are exact sums of the records
    and of billing; ratios are exact fractions; the amounts per seat and per
    user are rounded half-up to the cent.

    ``split`` is how network-wide contributions are shared across the centres; ``funders``,
    ``categories`` and ``centres`` hold what each funder gives, how each cost category is
    covered and what each centre receives; ``unallocated`` is what was given on days no centre
    was open. ``revenue`` has each year's billing; ``seat_years`` adds up the average open
    seats of each year, ``regular_users`` counts the members with a membership in force at some
    point, ``user_years`` adds up each year's regular users; ``break_even`` is the fee that
    would cover the operating costs without subsidy.
    """

    first_year: int
    last_year: int
    split: SplitRule
    funders: tuple[FunderFunding, ...]
    categories: tuple[CategoryCoverage, ...]
    centres: tuple[CentreFunding, ...]
    unallocated: Money
    revenue: tuple[Revenue, ...]
    seat_years: Fraction
    regular_users: int
    user_years: int
    break_even: BreakEven

    @property
    def costs(self) -> Money:
        """Everything the network and its centres cost."""
        return total(item.cost for item in self.categories)

    @property
    def operating_costs(self) -> Money:
        """The costs of the policy's operating categories."""
        return total(item.cost for item in self.categories if item.operating)

    @property
    def investment_costs(self) -> Money:
        """The costs of the other categories."""
        return total(item.cost for item in self.categories if not item.operating)

    @property
    def contributions(self) -> Money:
        """Everything every funder gives, cash and in kind."""
        return total(item.total for item in self.funders)

    @property
    def cash(self) -> Money:
        """The money funders give."""
        return total(item.cash for item in self.funders)

    @property
    def in_kind(self) -> Money:
        """The value of what funders give in kind."""
        return total(item.in_kind for item in self.funders)

    @property
    def public_subsidy(self) -> Money:
        """What public funders give, cash and in kind (:attr:`Funder.is_public`)."""
        return total(item.total for item in self.funders if item.funder.is_public)

    @property
    def fees(self) -> Money:
        """Monthly fees and their prorations, as billed."""
        return total(item.fees_total for item in self.revenue)

    @property
    def passes(self) -> Money:
        """Passes, as billed."""
        return total(item.passes_total for item in self.revenue)

    @property
    def member_revenue(self) -> Money:
        """Everything billing charges, fees, prorations and passes."""
        return self.fees + self.passes

    @property
    def balance(self) -> Money:
        """Contributions and member revenue less the costs (below zero, a deficit)."""
        return self.contributions + self.member_revenue - self.costs

    @property
    def fee_share(self) -> Fraction | None:
        """The share of the costs that members' payments cover; None when nothing costs."""
        if not self.costs:
            return None
        return Fraction(self.member_revenue.cents, self.costs.cents)

    @property
    def subsidy_per_seat_year(self) -> Money | None:
        """The public subsidy per seat and per year; None when no seat was open."""
        return _per(self.public_subsidy, self.seat_years)

    @property
    def subsidy_per_user_year(self) -> Money | None:
        """The public subsidy per regular user and per year; None when there was none."""
        return _per(self.public_subsidy, Fraction(self.user_years))


# -- splitting ----------------------------------------------------------------------------


def share_out(
    network: Network,
    amount: Money,
    start: dt.date,
    end: dt.date,
    rule: SplitRule | None = None,
) -> dict[str, Money]:
    """Split ``amount`` across the centres open between ``start`` and ``end`` (excluded).

    ``rule`` (the policy's unless given): :attr:`SplitRule.BY_SEATS` weighs
    each centre by its seat-days, the seats it has open on each day of the
    period added up, so a centre open half the period counts half;
    :attr:`SplitRule.EQUALLY` gives one share to each centre open at least a
    day. For a single day, by seats is by the seats open that day. Centres
    with no share are left out; the others keep the network's order.

    The parts are exact to the cent and always sum to ``amount`` (rule 6):
    each gets its share rounded down, then the leftover cents go one each to
    the largest remainders (:meth:`Money.allocate
    <telecentre_core.Money.allocate>`). Raises :class:`NoOpenCentre
    <telecentre_core.NoOpenCentre>` when no centre is open in the period.

    >>> import datetime as dt
    >>> from telecentre_core import Money
    >>> from telecentre_core.datasets import cybercantal
    >>> day = dt.date(2010, 1, 1)
    >>> parts = share_out(cybercantal(), Money.of("1000"), day, day + dt.timedelta(days=1))
    >>> parts["murat"], parts["montmurat"], sum(parts.values())
    (Money('160.00'), Money('80.00'), Money('1000.00'))
    """
    _check_period(start, end)
    chosen = network.policy.funding.split if rule is None else rule
    weights: dict[str, int] = {}
    for centre in network.centres:
        weight = (
            _centre_seat_days(centre, start, end)
            if chosen is SplitRule.BY_SEATS
            else int(_open_days(centre, start, end) > 0)
        )
        if weight:
            weights[centre.id] = weight
    if not weights:
        raise NoOpenCentre(start, end)
    return dict(zip(weights, amount.allocate(list(weights.values())), strict=True))


def split_contribution(
    network: Network, contribution: Contribution, year: int | None = None
) -> dict[str, Money]:
    """The parts of ``contribution`` each centre receives: on its day, or in ``year``.

    A contribution to one centre goes whole to it. A network-wide one given
    once is split on its day; one given every year is split, for ``year``
    (required, inside its period), over the days of that year. See
    :func:`share_out` for how, and the exactness of the parts.
    """
    if contribution.is_yearly:
        if year is None or not contribution.amount_in(year):
            raise InvalidValue("year", year, "must be a year the contribution gives something in")
        amount = contribution.amount
        start, end = dt.date(year, 1, 1), _new_year(year + 1)
    else:
        assert contribution.on is not None
        if year is not None and year != contribution.on.year:
            raise InvalidValue(
                "year", year, f"must be the year of the contribution ({contribution.on.year})"
            )
        amount = contribution.amount
        start, end = contribution.on, contribution.on + dt.timedelta(days=1)
    if contribution.centre is not None:
        return {contribution.centre: amount}
    return share_out(network, amount, start, end)


# -- seats and users ------------------------------------------------------------------------


def seat_days(network: Network, start: dt.date, end: dt.date) -> int:
    """The seats open on each day from ``start`` to ``end`` (excluded), added up.

    A year of 25 open seats is 9,125 seat-days; divided by the days of the
    period it is the average number of open seats.
    """
    _check_period(start, end)
    return sum(_centre_seat_days(centre, start, end) for centre in network.centres)


def regular_users(network: Network, start: dt.date, end: dt.date) -> tuple[Member, ...]:
    """The regular users of the network between ``start`` and ``end`` (excluded).

    Where the network records seat bookings in the period, a regular user is
    a member with at least the policy's ``regular_use`` bookings a month on
    average over the calendar months the period touches (see
    :func:`~telecentre_core.occupancy.regular_members`); the
    article's "30 télétravailleurs utilisent régulièrement les espaces"
    counts them so. For a period without any booking (a network that does
    not record them, or years before it did), a member with a membership in
    force on at least one day of the period stands in. Nomadic workers who
    only buy passes count only through their bookings. This is the one place
    the definition lives: reports count users through it.
    """
    _check_period(start, end)
    regular = regular_members(network, start, end)
    if regular is not None:
        return tuple(member for member in network.members if member.id in regular)
    return tuple(
        member
        for member in network.members
        if any(
            stint.joined < end and (stint.left is None or start < stint.left)
            for stint in network.memberships_of(member.id)
        )
    )


# -- the balance ------------------------------------------------------------------------------


def funding_balance(
    network: Network, first_year: int, last_year: int | None = None
) -> FundingBalance:
    """The economic balance of ``network`` over ``first_year``..``last_year`` (both included).

    ``last_year`` unset: the one year ``first_year``. A yearly contribution
    or cost counts its amount in each year of the range it covers; one
    given once counts in the year of its day. Fee revenue is billing's
    (:func:`~telecentre_core.expected_revenue`, the billing months of each
    year). The public subsidy per seat divides by the seat-years (the
    average open seats of each year, added up) and per regular user by the
    user-years (the :func:`regular_users` of each year, added up), so both
    are amounts per year, comparable between ranges of different lengths.
    """
    first, last = _years(first_year, last_year)
    funding = network.policy.funding
    years = range(first, last + 1)
    revenue = tuple(expected_revenue(network, year) for year in years)
    categories = tuple(
        CategoryCoverage(
            category=category,
            operating=funding.is_operating(category),
            cost=total(
                cost.total_in(first, last) for cost in network.costs if cost.category is category
            ),
            funded=total(
                item.total_in(first, last)
                for item in network.contributions
                if item.category is category
            ),
        )
        for category in CostCategory
    )
    centres, unallocated = _by_centre(network, first, last)
    seat_years = sum(
        (
            Fraction(seat_days(network, dt.date(year, 1, 1), _new_year(year + 1)), _days_in(year))
            for year in years
        ),
        Fraction(0),
    )
    user_years = sum(
        len(regular_users(network, dt.date(year, 1, 1), _new_year(year + 1))) for year in years
    )
    return FundingBalance(
        first_year=first,
        last_year=last,
        split=funding.split,
        funders=tuple(_funder_funding(network, funder, first, last) for funder in network.funders),
        categories=categories,
        centres=centres,
        unallocated=unallocated,
        revenue=revenue,
        seat_years=seat_years,
        regular_users=len(regular_users(network, dt.date(first, 1, 1), _new_year(last + 1))),
        user_years=user_years,
        break_even=_break_even(network, first, last, total(item.passes_total for item in revenue)),
    )


def break_even_fee(network: Network, first_year: int, last_year: int | None = None) -> BreakEven:
    """The smallest monthly fee that covers the operating costs without any subsidy.

    The fee every member would pay, on one tier, so that what billing
    charges over ``first_year``..``last_year`` (both included) — that fee
    with the members the network has, their free periods and the policy's
    billing day and proration, plus the passes they buy — covers the costs
    of the policy's operating categories, with no contribution at all.

    Rounding: the exact fee, operating costs over paying months, is rounded
    up to the cent, then checked by billing it, and raised a cent at a time
    if it falls short, so the fee always covers. Billing by day hands each
    day of a period its share of the fee to the cent, which can bring a
    cent or so less than the fee times the months; the fee found is the
    smallest whole number of cents whose billing covers the costs, so a
    cent less does not. It may lie outside the policy's fee band
    (:attr:`BreakEven.within_band`): a network then cannot break even on
    fees its policy allows.
    """
    first, last = _years(first_year, last_year)
    passes = total(expected_revenue(network, year).passes_total for year in range(first, last + 1))
    return _break_even(network, first, last, passes)


def _break_even(network: Network, first: int, last: int, passes: Money) -> BreakEven:
    funding = network.policy.funding
    operating = total(
        cost.total_in(first, last) for cost in network.costs if funding.is_operating(cost.category)
    )
    billed: dict[int, Money] = {}

    def fees_at(cents: int) -> Money:
        if cents not in billed:
            billed[cents] = _fees_at(network, Money.from_cents(cents), first, last)
        return billed[cents]

    # Billing the probe fee, whose every day's share is exact, measures the paying months.
    paying_months = Fraction(fees_at(_PROBE_CENTS).cents, _PROBE_CENTS)
    result = BreakEven(
        operating_costs=operating,
        passes=passes,
        paying_months=paying_months,
        band=network.policy.fee_band,
    )
    to_cover = result.to_cover
    if not to_cover:
        return attrs.evolve(result, fee=Money.zero())
    if not paying_months:
        return result  # nobody pays in those years: no fee can cover anything
    guess = -(-to_cover.cents * _PROBE_CENTS // fees_at(_PROBE_CENTS).cents)
    cents = _smallest(lambda cents: fees_at(cents) >= to_cover, guess)
    return attrs.evolve(result, fee=Money.from_cents(cents))


def _fees_at(network: Network, fee: Money, first: int, last: int) -> Money:
    """The fees and prorations billed over the years if every member paid ``fee`` a month."""
    tier = Tier(slug="break-even", name="Break-even fee", monthly_fee=fee)
    policy = attrs.evolve(
        network.policy, tiers=(tier,), fee_band=FeeBand(minimum=Money.zero(), maximum=fee)
    )
    # Only tiers change: the bookings, checked in ``network``, hold as they are.
    with _bookings_checked():
        single = attrs.evolve(
            network,
            policy=policy,
            memberships=tuple(
                attrs.evolve(stint, tier=tier.slug, changes=()) for stint in network.memberships
            ),
            agreements=tuple(
                attrs.evolve(agreement, tier=tier.slug) for agreement in network.agreements
            ),
        )
    return total(expected_revenue(single, year).fees_total for year in range(first, last + 1))


def _smallest(covers: Callable[[int], bool], guess: int) -> int:
    """The smallest ``n >= 0`` with ``covers(n)``, for a ``covers`` false then true for ever.

    Searches from ``guess``, by steps that double, then halves the interval
    found: a good guess costs two calls.
    """
    guess = max(guess, 0)
    if covers(guess):
        low, high, step = guess - 1, guess, 1
        while low >= 0 and covers(low):
            high = low
            step *= 2
            low = high - step
        low = max(low, -1)  # covers(-1) is taken as false
    else:
        low, high, step = guess, guess + 1, 1
        while not covers(high):
            low = high
            step *= 2
            high = low + step
    while high - low > 1:
        middle = (low + high) // 2
        if covers(middle):
            high = middle
        else:
            low = middle
    return high


# -- helpers ------------------------------------------------------------------------------


def _funder_funding(network: Network, funder: Funder, first: int, last: int) -> FunderFunding:
    cash: dict[CostCategory, Money] = {}
    in_kind: dict[CostCategory, Money] = {}
    for item in network.contributions_of(funder.id):
        amount = item.total_in(first, last)
        if not amount:
            continue
        target = in_kind if item.form is ContributionForm.IN_KIND else cash
        target[item.category] = target.get(item.category, Money.zero()) + amount
    return FunderFunding(
        funder=funder,
        amounts=tuple(
            FundedAmount(
                category=category,
                cash=cash.get(category, Money.zero()),
                in_kind=in_kind.get(category, Money.zero()),
            )
            for category in CostCategory
            if category in cash or category in in_kind
        ),
    )


def _by_centre(network: Network, first: int, last: int) -> tuple[tuple[CentreFunding, ...], Money]:
    direct = {centre.id: Money.zero() for centre in network.centres}
    shared = {centre.id: Money.zero() for centre in network.centres}
    unallocated = Money.zero()
    for item in network.contributions:
        for year in item.years_in(first, last):
            if item.centre is not None:
                direct[item.centre] += item.amount
                continue
            try:
                parts = split_contribution(network, item, year)
            except NoOpenCentre:
                unallocated += item.amount  # given before any centre opened, or after all closed
                continue
            for centre_id, part in parts.items():
                shared[centre_id] += part
    rows = tuple(
        CentreFunding(centre=centre.id, direct=direct[centre.id], shared=shared[centre.id])
        for centre in network.centres
    )
    return rows, unallocated


def _centre_seat_days(centre: Centre, start: dt.date, end: dt.date) -> int:
    low, high = _open_window(centre, start, end)
    if high <= low:
        return 0
    changes = centre.seats
    days = 0
    for index, change in enumerate(changes):
        since = max(low, change.since)
        until = min(high, changes[index + 1].since) if index + 1 < len(changes) else high
        if until > since:
            days += change.count * (until - since).days
    return days


def _open_days(centre: Centre, start: dt.date, end: dt.date) -> int:
    low, high = _open_window(centre, start, end)
    return max((high - low).days, 0)


def _open_window(centre: Centre, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The days of ``start``..``end`` (excluded) the centre is open, as ``[low, high)``."""
    opens, closes = centre.lifecycle.opens, centre.lifecycle.closes
    if opens is None:
        return start, start
    high = end if closes is None else min(end, closes)
    return max(start, opens), high


def _per(amount: Money, count: Fraction) -> Money | None:
    """``amount`` divided by ``count``, rounded half-up to the cent; None for a count of 0."""
    if count <= 0:
        return None
    return Money.from_cents(_round_half_up(Fraction(amount.cents) / count))


def _round_half_up(value: Fraction) -> int:
    """The nearest whole number, halves away from zero (as Decimal's ROUND_HALF_UP)."""
    magnitude = abs(value)
    rounded = int(magnitude + Fraction(1, 2))
    return rounded if value >= 0 else -rounded


def _years(first_year: object, last_year: object) -> tuple[int, int]:
    for field, year in (("first_year", first_year), ("last_year", last_year)):
        if year is None and field == "last_year":
            continue
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidValue(field, year, "must be a year, a whole number")
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise InvalidValue(field, year, f"must be a year from {_FIRST_YEAR} to {_LAST_YEAR}")
    assert isinstance(first_year, int)
    last = first_year if last_year is None else last_year
    assert isinstance(last, int)
    if last < first_year:
        raise InvalidValue("last_year", last, f"must not be before first_year ({first_year})")
    return first_year, last


def _check_period(start: object, end: object) -> None:
    for field, day in (("start", start), ("end", end)):
        if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
            raise InvalidValue(field, day, "must be a date")
    assert isinstance(start, dt.date)
    assert isinstance(end, dt.date)
    if end <= start:
        raise InvalidValue("end", end, f"must be after start ({start.isoformat()})")


def _new_year(year: int) -> dt.date:
    """1 January of ``year``, the end (excluded) of the year before."""
    return dt.date(year, 1, 1)


def _days_in(year: int) -> int:
    return (_new_year(year + 1) - dt.date(year, 1, 1)).days
