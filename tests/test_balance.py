"""The economic balance: splits across centres, coverage, totals, per seat, break-even fee.

The break-even fee is checked the way a council would: by billing it. Each check builds
its own single-tier network and bills it with ``bill_month``, independently of how
:func:`~telecentre_core.break_even_fee` found the fee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telecentre_core import (
    Centre,
    Commune,
    Contribution,
    ContributionForm,
    Cost,
    CostCategory,
    FeeBand,
    FreePeriod,
    Funder,
    FunderKind,
    FundingPolicy,
    InvalidValue,
    Lifecycle,
    Member,
    MemberKind,
    Membership,
    Money,
    Network,
    NoOpenCentre,
    PassKind,
    PassPrice,
    PassUse,
    Point,
    Policy,
    Proration,
    SeatChange,
    SplitRule,
    Territory,
    Tier,
    bill_month,
    break_even_fee,
    funding_balance,
    regular_users,
    seat_days,
    share_out,
    split_contribution,
)
from telecentre_core.balance import _smallest
from telecentre_core.datasets import cybercantal

D = dt.date
CANTAL = Territory(code="15", name="Cantal")
SEVEN = ["murat", "ydes", "allanche", "montmurat", "chaudes-aigues", "saint-flour", "aurillac"]
ONE_DAY = dt.timedelta(days=1)
OPENS = D(2009, 1, 1)


def centre(
    centre_id: str,
    opens: dt.date | None = OPENS,
    seats: int = 4,
    closes: dt.date | None = None,
    planned_from: dt.date | None = None,
) -> Centre:
    first = opens or planned_from or OPENS
    return Centre(
        id=centre_id,
        name=f"Télécentre {centre_id}",
        commune=Commune(name="Murat", insee="15138", postcode="15300"),
        location=Point(lat=45.11, lon=2.87),
        seats=[SeatChange(since=first, count=seats)],
        lifecycle=Lifecycle(planned_from=planned_from, opens=opens, closes=closes),
    )


def network(*centres: Centre, **fields: object) -> Network:
    return Network(
        name="Essai",
        territory=CANTAL,
        centres=centres or [centre("murat")],
        **fields,  # type: ignore[arg-type]
    )


CG = Funder(id="cg", name="Conseil général", kind=FunderKind.DEPARTEMENT)
SPONSOR = Funder(id="sponsor", name="Entreprise", kind=FunderKind.COMPANY)


def operating(amount: str, first_year: int, last_year: int | None = None) -> Cost:
    return Cost(
        category=CostCategory.OPERATING,
        amount=Money.of(amount),
        first_year=first_year,
        last_year=last_year,
    )


# -- billing a fee, independently ----------------------------------------------------------


def at_fee(subject: Network, fee: Money) -> Network:
    """``subject`` with one tier at ``fee`` for every membership, the band widened to hold it."""
    band = subject.policy.fee_band
    policy = attrs.evolve(
        subject.policy,
        tiers=[Tier(slug="unique", name="Unique", monthly_fee=fee)],
        fee_band=FeeBand(minimum=min(band.minimum, fee), maximum=max(band.maximum, fee)),
    )
    return attrs.evolve(
        subject,
        policy=policy,
        memberships=[attrs.evolve(s, tier="unique", changes=()) for s in subject.memberships],
        agreements=[attrs.evolve(a, tier="unique") for a in subject.agreements],
    )


def billed(subject: Network, fee: Money, first: int, last: int) -> Money:
    """Everything ``bill_month`` charges over the years when every member pays ``fee``."""
    charged = at_fee(subject, fee)
    return sum(
        (
            bill_month(charged, year, month).total
            for year in range(first, last + 1)
            for month in range(1, 13)
        ),
        Money.zero(),
    )


def operating_costs(subject: Network, first: int, last: int) -> Money:
    """The operating costs of the years, summed from the records themselves."""
    policy = subject.policy.funding
    return sum(
        (
            cost.amount
            for cost in subject.costs
            for year in range(first, last + 1)
            if policy.is_operating(cost.category)
            and (
                (cost.on is not None and cost.on.year == year)
                or (
                    cost.first_year is not None
                    and cost.first_year <= year
                    and (cost.last_year is None or year <= cost.last_year)
                )
            )
        ),
        Money.zero(),
    )


# -- splitting across centres ----------------------------------------------------------------


def test_266000_euros_split_over_the_seven_centres_by_seats() -> None:
    reference = cybercantal()
    day = D(2010, 1, 1)
    parts = share_out(reference, Money.of(266000), day, day + ONE_DAY, SplitRule.BY_SEATS)
    # 25 seats: four seats are 4/25 of the whole, Allanche's three 3/25, Montmurat's two 2/25.
    assert parts == {
        "murat": Money.of(42560),
        "ydes": Money.of(42560),
        "allanche": Money.of(31920),
        "montmurat": Money.of(21280),
        "chaudes-aigues": Money.of(42560),
        "saint-flour": Money.of(42560),
        "aurillac": Money.of(42560),
    }
    assert sum(parts.values(), Money.zero()) == Money.of(266000)


def test_266000_euros_split_equally_over_the_seven_centres() -> None:
    day = D(2010, 1, 1)
    parts = share_out(cybercantal(), Money.of(266000), day, day + ONE_DAY, SplitRule.EQUALLY)
    assert list(parts) == SEVEN
    assert set(parts.values()) == {Money.of(38000)}


def test_the_leftover_cents_go_to_the_largest_remainders() -> None:
    three = network(centre("a"), centre("b"), centre("c", seats=3))
    day = D(2010, 1, 1)
    assert list(share_out(three, Money.of(100), day, day + ONE_DAY).values()) == [
        Money.of("36.37"),
        Money.of("36.36"),
        Money.of("27.27"),
    ]
    assert list(
        share_out(three, Money.of(100), day, day + ONE_DAY, SplitRule.EQUALLY).values()
    ) == [
        Money.of("33.34"),
        Money.of("33.33"),
        Money.of("33.33"),
    ]


def test_the_policys_split_rule_is_the_default() -> None:
    equal = network(
        centre("a", seats=1),
        centre("b", seats=5),
        policy=Policy(funding=FundingPolicy(split=SplitRule.EQUALLY)),
    )
    day = D(2010, 1, 1)
    assert set(share_out(equal, Money.of(10), day, day + ONE_DAY).values()) == {Money.of(5)}


def test_over_a_year_seats_count_for_the_days_they_are_open() -> None:
    # A centre open all of 2010 and one open from 2 July (half the year's 365 days is
    # 182.5): by seats, the first has 4 x 365 seat-days, the second 4 x 183.
    year = network(centre("a"), centre("b", opens=D(2010, 7, 2)))
    parts = share_out(year, Money.of(5480), D(2010, 1, 1), D(2011, 1, 1))
    assert parts == {"a": Money.of(3650), "b": Money.of(1830)}
    equally = share_out(year, Money.of(5480), D(2010, 1, 1), D(2011, 1, 1), SplitRule.EQUALLY)
    assert equally == {"a": Money.of(2740), "b": Money.of(2740)}


def test_planned_and_closed_centres_get_no_share() -> None:
    mixed = network(
        centre("open"),
        centre("planned", opens=None, planned_from=D(2009, 1, 1)),
        centre("closed", closes=D(2009, 6, 1)),
    )
    day = D(2010, 1, 1)
    for rule in SplitRule:
        assert share_out(mixed, Money.of(99), day, day + ONE_DAY, rule) == {"open": Money.of(99)}


def test_with_no_centre_open_there_is_nothing_to_split_across() -> None:
    with pytest.raises(NoOpenCentre) as caught:
        share_out(network(), Money.of(100), D(2005, 1, 1), D(2006, 1, 1))
    assert (caught.value.start, caught.value.end) == (D(2005, 1, 1), D(2006, 1, 1))
    assert str(caught.value) == (
        "no centre of the network is open from 2005-01-01 to 2005-12-31: nothing to split across"
    )
    with pytest.raises(NoOpenCentre, match="open on 2005-03-01"):
        share_out(network(), Money.of(100), D(2005, 3, 1), D(2005, 3, 2))


@pytest.mark.parametrize(
    ("start", "end"), [(D(2010, 1, 2), D(2010, 1, 1)), (D(2010, 1, 1), D(2010, 1, 1))]
)
def test_a_period_to_split_over_has_at_least_a_day(start: dt.date, end: dt.date) -> None:
    with pytest.raises(InvalidValue, match="must be after start"):
        share_out(network(), Money.of(1), start, end)


@st.composite
def seat_networks(draw: st.DrawFn) -> Network:
    """One to twelve centres open on 1 January 2010 with 1 to 40 seats each."""
    seats = draw(st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=12))
    return network(*(centre(f"c{index}", seats=count) for index, count in enumerate(seats)))


@given(
    subject=seat_networks(),
    cents=st.integers(min_value=-(10**11), max_value=10**11),
    rule=st.sampled_from(SplitRule),
)
def test_a_split_sums_to_the_whole_for_any_amount_and_any_number_of_centres(
    subject: Network, cents: int, rule: SplitRule
) -> None:
    amount = Money.from_cents(cents)
    day = D(2010, 1, 1)
    parts = share_out(subject, amount, day, day + ONE_DAY, rule)
    assert sum(parts.values(), Money.zero()) == amount
    assert list(parts) == [c.id for c in subject.centres]
    weights = {
        c.id: (c.seats_on(day) if rule is SplitRule.BY_SEATS else 1) for c in subject.centres
    }
    whole = sum(weights.values())
    for centre_id, part in parts.items():
        exact = Fraction(cents * weights[centre_id], whole)
        assert abs(part.cents - exact) < 1  # each part is its share, to the cent
    if rule is SplitRule.EQUALLY:
        assert max(parts.values()) - min(parts.values()) <= Money.of("0.01")


@given(
    opens=st.lists(st.dates(D(2009, 6, 1), D(2011, 6, 1)), min_size=1, max_size=6),
    cents=st.integers(min_value=1, max_value=10**10),
    rule=st.sampled_from(SplitRule),
)
def test_a_yearly_split_sums_to_the_whole_whenever_a_centre_is_open(
    opens: list[dt.date], cents: int, rule: SplitRule
) -> None:
    subject = network(*(centre(f"c{index}", opens=day) for index, day in enumerate(opens)))
    start, end = D(2010, 1, 1), D(2011, 1, 1)
    if all(day >= end for day in opens):
        with pytest.raises(NoOpenCentre):
            share_out(subject, Money.from_cents(cents), start, end, rule)
        return
    parts = share_out(subject, Money.from_cents(cents), start, end, rule)
    assert sum(parts.values(), Money.zero()) == Money.from_cents(cents)
    assert set(parts) == {f"c{index}" for index, day in enumerate(opens) if day < end}


def test_a_contribution_is_split_on_its_day_or_over_a_year_of_its_period() -> None:
    two = network(centre("a"), centre("b", opens=D(2010, 7, 2)), funders=[CG])
    once = Contribution(
        funder="cg", category=CostCategory.FURNITURE, amount=Money.of(100), on=D(2010, 3, 1)
    )
    assert split_contribution(two, once) == {"a": Money.of(100)}
    assert split_contribution(two, once, 2010) == {"a": Money.of(100)}
    yearly = attrs.evolve(once, on=None, first_year=2010, amount=Money.of(5480))
    assert split_contribution(two, yearly, 2010) == {"a": Money.of(3650), "b": Money.of(1830)}
    assert split_contribution(two, yearly, 2011) == {"a": Money.of(2740), "b": Money.of(2740)}
    direct = attrs.evolve(yearly, centre="b")
    assert split_contribution(two, direct, 2012) == {"b": Money.of(5480)}


@pytest.mark.parametrize(
    ("contribution", "year"),
    [
        (
            Contribution(
                funder="cg", category=CostCategory.TRAINING, amount=Money.of(1), first_year=2010
            ),
            None,
        ),
        (
            Contribution(
                funder="cg", category=CostCategory.TRAINING, amount=Money.of(1), first_year=2010
            ),
            2009,
        ),
        (
            Contribution(
                funder="cg", category=CostCategory.TRAINING, amount=Money.of(1), on=D(2010, 1, 1)
            ),
            2011,
        ),
    ],
    ids=["yearly without a year", "yearly outside its period", "once in another year"],
)
def test_a_contribution_is_split_only_for_a_year_it_gives_in(
    contribution: Contribution, year: int | None
) -> None:
    with pytest.raises(InvalidValue) as caught:
        split_contribution(network(funders=[CG]), contribution, year)
    assert caught.value.field == "year"


# -- seats and regular users ------------------------------------------------------------------


def test_seat_days_add_up_the_open_seats_of_each_day() -> None:
    reference = cybercantal()
    assert seat_days(reference, D(2011, 1, 1), D(2012, 1, 1)) == 25 * 365
    # Murat grows from 4 to 6 seats on 1 January 2012.
    assert seat_days(reference, D(2011, 12, 31), D(2012, 1, 2)) == 25 + 27
    # Before the first opening, and at a centre only planned, no seat is open.
    assert seat_days(reference, D(2005, 1, 1), D(2006, 1, 1)) == 0
    closed = network(centre("a", closes=D(2010, 1, 11)))
    assert seat_days(closed, D(2010, 1, 1), D(2010, 2, 1)) == 4 * 10


def test_regular_users_are_the_members_with_a_membership_in_force_in_the_period() -> None:
    policy = Policy(tiers=[Tier(slug="t", name="T", monthly_fee=Money.of(50))])
    people = network(
        policy=policy,
        members=[
            Member(id=name, name=name, kind=MemberKind.INDEPENDENT)
            for name in ("left", "stays", "later", "nomad")
        ],
        memberships=[
            Membership(
                member="left", joined=D(2009, 1, 1), centre="murat", tier="t", left=D(2010, 1, 1)
            ),
            Membership(member="stays", joined=D(2009, 6, 1), centre="murat", tier="t"),
            Membership(member="later", joined=D(2010, 12, 31), centre="murat", tier="t"),
        ],
    )
    in_2010 = regular_users(people, D(2010, 1, 1), D(2011, 1, 1))
    assert [member.id for member in in_2010] == ["stays", "later"]
    in_2009 = regular_users(people, D(2009, 1, 1), D(2010, 1, 1))
    assert [member.id for member in in_2009] == ["left", "stays"]
    assert regular_users(people, D(2008, 1, 1), D(2009, 1, 1)) == ()


def test_the_reference_network_has_about_thirty_regular_users() -> None:
    # The article: "30 télétravailleurs utilisent régulièrement les espaces".
    users = regular_users(cybercantal(), D(2011, 1, 1), D(2012, 1, 1))
    assert 25 <= len(users) <= 30
    assert all(member.kind is not MemberKind.NOMADIC or member.id == "m30" for member in users)


# -- coverage, totals, per seat -----------------------------------------------------------------


def test_a_cost_no_one_funds_has_no_coverage_and_a_gap_of_the_whole_cost() -> None:
    unfunded = network(costs=[operating("12000.00", 2010)])
    balance = funding_balance(unfunded, 2010)
    (row,) = [item for item in balance.categories if item.category is CostCategory.OPERATING]
    assert (row.cost, row.funded, row.covered, row.gap, row.surplus) == (
        Money.of(12000),
        Money.zero(),
        Money.zero(),
        Money.of(12000),
        Money.zero(),
    )
    assert row.coverage == 0
    assert row.operating
    assert balance.balance == Money.of(-12000)
    others = [item for item in balance.categories if item.category is not CostCategory.OPERATING]
    assert all(item.coverage is None and not item.cost for item in others)
    assert balance.fee_share == 0


def test_funding_beyond_the_cost_is_a_surplus_and_coverage_above_one() -> None:
    generous = network(
        funders=[CG],
        costs=[operating("1000.00", 2010)],
        contributions=[
            Contribution(
                funder="cg", category=CostCategory.OPERATING, amount=Money.of(1500), first_year=2010
            )
        ],
    )
    (row,) = [
        item
        for item in funding_balance(generous, 2010).categories
        if item.category is CostCategory.OPERATING
    ]
    assert (row.covered, row.gap, row.surplus, row.coverage) == (
        Money.of(1000),
        Money.zero(),
        Money.of(500),
        Fraction(3, 2),
    )


def test_public_subsidy_per_seat_and_per_regular_user_are_per_year() -> None:
    policy = Policy(tiers=[Tier(slug="t", name="T", monthly_fee=Money.of(50))])
    subject = network(
        centre("a", seats=4),
        centre("b", seats=6),
        policy=policy,
        funders=[CG, SPONSOR],
        contributions=[
            Contribution(
                funder="cg",
                category=CostCategory.ANIMATION,
                amount=Money.of(10000),
                first_year=2010,
            ),
            Contribution(
                funder="sponsor",
                category=CostCategory.ANIMATION,
                amount=Money.of(999),
                on=D(2010, 5, 1),
            ),
        ],
        members=[Member(id=f"m{i}", name=f"M{i}", kind=MemberKind.INDEPENDENT) for i in range(3)],
        memberships=[
            Membership(member=f"m{i}", joined=D(2009, 1, 1), centre="a", tier="t") for i in range(3)
        ],
    )
    one = funding_balance(subject, 2010)
    # A company's money is not public: 10,000 € over 10 seats and 3 users.
    assert one.public_subsidy == Money.of(10000)
    assert one.contributions == Money.of(10999)
    assert one.seat_years == 10
    assert (one.regular_users, one.user_years) == (3, 3)
    assert one.subsidy_per_seat_year == Money.of(1000)
    assert one.subsidy_per_user_year == Money.of("3333.33")
    two = funding_balance(subject, 2010, 2011)
    assert two.public_subsidy == Money.of(20000)
    assert (two.seat_years, two.regular_users, two.user_years) == (20, 3, 6)
    assert two.subsidy_per_seat_year == Money.of(1000)
    assert two.subsidy_per_user_year == Money.of("3333.33")


def test_with_no_seat_and_no_user_the_amounts_per_seat_and_user_are_unknown() -> None:
    empty = funding_balance(network(centre("a", opens=D(2012, 1, 1))), 2010)
    assert (empty.seat_years, empty.user_years) == (0, 0)
    assert empty.subsidy_per_seat_year is None
    assert empty.subsidy_per_user_year is None
    assert empty.fee_share is None


def test_a_contribution_given_before_any_centre_opened_is_left_unallocated() -> None:
    early = network(
        funders=[CG],
        contributions=[
            Contribution(
                funder="cg",
                category=CostCategory.INITIAL_INVESTMENT,
                amount=Money.of(7000),
                on=D(2008, 6, 1),
            )
        ],
    )
    balance = funding_balance(early, 2008)
    assert balance.unallocated == Money.of(7000)
    assert [(row.centre, row.total) for row in balance.centres] == [("murat", Money.zero())]


def test_the_reference_cg_funding_of_2008_is_split_by_seats_to_the_cent() -> None:
    balance = funding_balance(cybercantal(), 2008)
    shared = {row.centre: row.shared for row in balance.centres}
    network_wide = sum(
        (item.amount_in(2008) for item in cybercantal().contributions if item.centre is None),
        Money.zero(),
    )
    assert network_wide == Money.of(62000)
    assert sum(shared.values(), Money.zero()) == network_wide
    assert shared["mauriac"] == Money.zero()  # planned, never open


@st.composite
def funded_networks(draw: st.DrawFn) -> Network:
    """Networks with funders, contributions and costs over 2000-2020, and no members.

    Centres "a" and "b" are open from 2000 on; "late" opens in 2012 and "gone" closes in
    2009: only the first two receive or bear records of their own, all share the rest.
    """
    centres = [
        centre("a", opens=D(2000, 1, 1), seats=draw(st.integers(1, 8))),
        centre("b", opens=D(2000, 1, 1), seats=draw(st.integers(1, 8))),
        centre("late", opens=D(2012, 4, 1)),
        centre("gone", opens=D(2000, 1, 1), closes=D(2009, 1, 1)),
    ]
    funders = [CG, SPONSOR, Funder(id="communes", name="Communes", kind=FunderKind.COMMUNES)]
    ids = [funder.id for funder in funders]
    return network(
        *centres,
        policy=Policy(
            funding=FundingPolicy(
                split=draw(st.sampled_from(SplitRule)),
                operating_categories=draw(st.lists(st.sampled_from(CostCategory), unique=True)),
            )
        ),
        funders=funders,
        contributions=draw(st.lists(_contributions(ids, ["a", "b"]), max_size=8)),
        costs=draw(st.lists(_costs(["a", "b"]), max_size=8)),
    )


@st.composite
def _period(draw: st.DrawFn) -> dict[str, object]:
    if draw(st.booleans()):
        return {"on": draw(st.dates(D(2000, 1, 1), D(2020, 12, 31)))}
    first = draw(st.integers(2000, 2020))
    return {"first_year": first, "last_year": draw(st.none() | st.integers(first, 2020))}


@st.composite
def _contributions(draw: st.DrawFn, funders: Sequence[str], centres: Sequence[str]) -> Contribution:
    return Contribution(
        funder=draw(st.sampled_from(funders)),
        centre=draw(st.none() | st.sampled_from(centres)),
        category=draw(st.sampled_from(CostCategory)),
        form=draw(st.sampled_from(ContributionForm)),
        amount=Money.from_cents(draw(st.integers(1, 10**9))),
        **draw(_period()),  # type: ignore[arg-type]
    )


@st.composite
def _costs(draw: st.DrawFn, centres: Sequence[str]) -> Cost:
    return Cost(
        centre=draw(st.none() | st.sampled_from(centres)),
        category=draw(st.sampled_from(CostCategory)),
        amount=Money.from_cents(draw(st.integers(1, 10**9))),
        **draw(_period()),  # type: ignore[arg-type]
    )


_YEARS = st.tuples(st.integers(1998, 2022), st.integers(0, 6))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(subject=funded_networks(), years=_YEARS)
def test_coverage_and_gap_add_up_to_the_cost_in_every_category(
    subject: Network, years: tuple[int, int]
) -> None:
    first, length = years
    balance = funding_balance(subject, first, first + length)
    assert [item.category for item in balance.categories] == list(CostCategory)
    for item in balance.categories:
        assert item.covered + item.gap == item.cost
        assert item.covered + item.surplus == item.funded
        assert not item.gap.is_negative()
        assert not item.surplus.is_negative()
        assert not (item.gap and item.surplus)
        if item.cost:
            assert item.coverage == Fraction(item.funded.cents, item.cost.cents)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(subject=funded_networks(), years=_YEARS)
def test_the_totals_are_the_sums_of_the_records_in_the_range(
    subject: Network, years: tuple[int, int]
) -> None:
    first, length = years
    last = first + length
    balance = funding_balance(subject, first, last)
    in_range = [
        (item, year)
        for item in subject.contributions
        for year in range(first, last + 1)
        if item.amount_in(year)
    ]
    total = sum((item.amount for item, _ in in_range), Money.zero())
    assert balance.contributions == total
    assert sum((row.funded for row in balance.categories), Money.zero()) == total
    assert balance.cash + balance.in_kind == total
    assert balance.in_kind == sum(
        (item.amount for item, _ in in_range if item.form is ContributionForm.IN_KIND),
        Money.zero(),
    )
    assert balance.public_subsidy == sum(
        (item.amount for item, _ in in_range if item.funder != "sponsor"), Money.zero()
    )
    for row in balance.funders:
        assert row.total == sum(
            (item.amount for item, _ in in_range if item.funder == row.funder.id), Money.zero()
        )
    centres = sum((row.total for row in balance.centres), Money.zero())
    assert centres + balance.unallocated == total
    assert balance.costs == sum(
        (
            cost.amount
            for cost in subject.costs
            for year in range(first, last + 1)
            if cost.amount_in(year)
        ),
        Money.zero(),
    )
    assert balance.operating_costs + balance.investment_costs == balance.costs
    assert balance.operating_costs == operating_costs(subject, first, last)
    assert balance.balance == total - balance.costs  # no members: nothing billed


# -- the break-even fee ----------------------------------------------------------------------


def members_network(
    joined: Sequence[dt.date],
    costs: Sequence[Cost],
    *,
    free_months: int = 0,
    billing_day: int | None = 1,
    proration: Proration = Proration.BY_DAY,
    passes: Sequence[PassUse] = (),
) -> Network:
    """Murat (open from 2009) with a member joining on each day of ``joined``."""
    return network(
        policy=Policy(
            free_period=FreePeriod(months=free_months),
            tiers=[Tier(slug="t", name="T", monthly_fee=Money.of(50))],
            passes=[PassPrice(kind=PassKind.DAY, price=Money.of(20))],
            billing_day=billing_day,
            proration=proration,
        ),
        members=[
            Member(id=f"m{index}", name=f"M{index}", kind=MemberKind.INDEPENDENT)
            for index in range(len(joined))
        ]
        + [Member(id="nomad", name="Nomad", kind=MemberKind.NOMADIC)],
        memberships=[
            Membership(member=f"m{index}", joined=day, centre="murat", tier="t")
            for index, day in enumerate(joined)
        ],
        pass_uses=passes,
        costs=costs,
    )


def test_two_members_paying_all_year_break_even_at_the_cost_over_their_months() -> None:
    subject = members_network([D(2010, 1, 1), D(2010, 1, 1)], [operating("2400.00", 2010)])
    result = break_even_fee(subject, 2010, 2011)
    # 4,800 € of operating costs over 48 member-months.
    assert result.operating_costs == Money.of(4800)
    assert result.paying_months == 48
    assert result.fee == Money.of(100)
    assert result.within_band is True
    assert billed(subject, Money.of(100), 2010, 2011) == Money.of(4800)
    assert billed(subject, Money.of("99.99"), 2010, 2011) < Money.of(4800)


def test_a_break_even_fee_above_the_band_says_so() -> None:
    subject = members_network([D(2010, 1, 1)], [operating("2400.00", 2010)])
    result = break_even_fee(subject, 2010)
    assert result.fee == Money.of(200)
    assert result.within_band is False


def test_a_late_join_is_billed_by_the_day_and_the_fee_covers_to_the_cent() -> None:
    # Joining on 17 January 2010: 15 of January's 31 days, then 11 whole months.
    subject = members_network([D(2010, 1, 17)], [operating("1000.00", 2010)])
    result = break_even_fee(subject, 2010)
    assert result.paying_months == 11 + Fraction(15, 31)
    assert result.fee == Money.of("87.08")
    assert billed(subject, Money.of("87.08"), 2010, 2010) >= Money.of(1000)
    assert billed(subject, Money.of("87.07"), 2010, 2010) < Money.of(1000)


def test_the_fee_rounded_up_from_the_exact_ratio_is_raised_when_billing_falls_short() -> None:
    # Joining on 3 December 2010: 29 of December's 31 days are billed. By day, a month's
    # leftover cents go to its first days, which this member does not pay, so the fee
    # rounded up from costs / months (1,000 € / 29/31 = 1,068.965... €, so 1,068.97 €)
    # brings a cent short; the break-even fee is a cent more.
    subject = members_network([D(2010, 12, 3)], [operating("1000.00", 2010)])
    result = break_even_fee(subject, 2010)
    assert result.paying_months == Fraction(29, 31)
    assert billed(subject, Money.of("1068.97"), 2010, 2010) == Money.of("999.99")
    assert result.fee == Money.of("1068.98")
    assert billed(subject, result.fee, 2010, 2010) == Money.of("1000.00")


def test_the_break_even_fee_of_the_reference_network_is_checked_by_billing_it() -> None:
    reference = cybercantal()
    result = break_even_fee(reference, 2011)
    assert result.operating_costs == Money.of(73400)
    assert result.passes == Money.of(140)
    assert result.fee == Money.of("274.00")
    assert (
        result.within_band is False
    )  # far above the 50 to 100 € band: the network needs its subsidies
    assert billed(reference, result.fee, 2011, 2011) >= result.operating_costs
    assert billed(reference, result.fee - Money.of("0.01"), 2011, 2011) < result.operating_costs


def test_passes_help_cover_the_operating_costs() -> None:
    passes = [
        PassUse(member="nomad", kind=PassKind.DAY, on=D(2010, 3, day), centre="murat")
        for day in range(1, 6)
    ]
    with_passes = members_network([D(2010, 1, 1)], [operating("1300.00", 2010)], passes=passes)
    result = break_even_fee(with_passes, 2010)
    assert (result.passes, result.to_cover) == (Money.of(100), Money.of(1200))
    assert result.fee == Money.of(100)


def test_with_nothing_to_cover_the_break_even_fee_is_zero() -> None:
    passes = [PassUse(member="nomad", kind=PassKind.DAY, on=D(2010, 3, 1), centre="murat")]
    covered = members_network([D(2010, 1, 1)], [operating("20.00", 2010)], passes=passes)
    assert break_even_fee(covered, 2010).fee == Money.zero()
    assert break_even_fee(members_network([D(2010, 1, 1)], []), 2010).fee == Money.zero()
    # A fee of nothing lies below the Cantal's band of 50 to 100 €.
    assert break_even_fee(members_network([], []), 2010).within_band is False


def test_with_no_paying_member_no_fee_breaks_even() -> None:
    # Everyone is inside the free year in 2010.
    free = members_network([D(2010, 1, 1)], [operating("1000.00", 2010)], free_months=12)
    result = break_even_fee(free, 2010)
    assert (result.fee, result.paying_months, result.within_band) == (None, 0, None)
    assert break_even_fee(free, 2011).fee == Money.of("83.34")


def test_investment_costs_are_not_for_fees_to_cover() -> None:
    investment = Cost(category=CostCategory.IT_EQUIPMENT, amount=Money.of(5000), on=D(2010, 2, 1))
    subject = members_network([D(2010, 1, 1)], [investment])
    assert break_even_fee(subject, 2010).fee == Money.zero()
    counted = attrs.evolve(
        subject,
        policy=attrs.evolve(
            subject.policy,
            funding=FundingPolicy(operating_categories=[CostCategory.IT_EQUIPMENT]),
        ),
    )
    assert break_even_fee(counted, 2010).fee == Money.of("416.67")


@st.composite
def billed_networks(draw: st.DrawFn) -> Network:
    """Murat open from 2009 with up to four members and operating costs in 2010-2011.

    Members join on any day of 2009-2011 and may leave; the policy's free months,
    billing day and proration vary; a nomad may buy day passes.
    """
    count = draw(st.integers(0, 4))
    joined = draw(
        st.lists(st.dates(D(2009, 1, 1), D(2011, 12, 31)), min_size=count, max_size=count)
    )
    costs = draw(
        st.lists(
            st.builds(
                Cost,
                category=st.sampled_from(CostCategory),
                amount=st.integers(1, 5 * 10**6).map(Money.from_cents),
                first_year=st.sampled_from([2010, 2011]),
                last_year=st.none(),
            ),
            max_size=3,
        )
    )
    passes = draw(
        st.lists(
            st.builds(
                PassUse,
                member=st.just("nomad"),
                kind=st.just(PassKind.DAY),
                on=st.dates(D(2010, 1, 1), D(2011, 12, 31)),
                centre=st.just("murat"),
            ),
            max_size=3,
        )
    )
    subject = members_network(
        joined,
        costs,
        free_months=draw(st.sampled_from([0, 1, 12])),
        billing_day=draw(st.none() | st.integers(1, 28)),
        proration=draw(st.sampled_from(Proration)),
        passes=passes,
    )
    stints = [
        attrs.evolve(stint, left=stint.joined + dt.timedelta(days=length))
        if (length := draw(st.none() | st.integers(1, 400))) is not None
        else stint
        for stint in subject.memberships
    ]
    return attrs.evolve(subject, memberships=stints)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(subject=billed_networks(), last=st.sampled_from([2010, 2011]))
def test_the_break_even_fee_billed_to_the_members_covers_the_operating_costs_to_the_cent(
    subject: Network, last: int
) -> None:
    result = break_even_fee(subject, 2010, last)
    costs = operating_costs(subject, 2010, last)
    assert result.operating_costs == costs
    if result.fee is None:
        # Nobody pays in those years: no fee brings anything, and something is to cover.
        assert result.to_cover
        assert billed(subject, Money.of(100), 2010, last) == result.passes
        return
    assert billed(subject, result.fee, 2010, last) >= costs
    if result.fee:
        assert billed(subject, result.fee - Money.of("0.01"), 2010, last) < costs


@given(threshold=st.integers(0, 10**7), guess=st.integers(-10, 10**7 + 10))
def test_the_search_finds_the_smallest_covering_fee_from_any_guess(
    threshold: int, guess: int
) -> None:
    calls: list[int] = []

    def covers(cents: int) -> bool:
        calls.append(cents)
        return cents >= threshold

    assert _smallest(covers, guess) == threshold
    assert len(calls) <= 2 * 26 + 2  # doubling, then halving: logarithmic
    if guess == threshold and threshold > 0:
        assert len(calls) == 2  # a right guess costs two calls


# -- the range of years ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        (2011, 2010, "last_year"),
        (0, None, "first_year"),
        (9999, None, "first_year"),
        (2010, 9999, "last_year"),
        (True, None, "first_year"),
        ("2010", None, "first_year"),
    ],
)
def test_a_report_covers_years_from_1_to_9998_in_order(
    first: object, last: object, field: str
) -> None:
    for function in (funding_balance, break_even_fee):
        with pytest.raises(InvalidValue) as caught:
            function(network(), first, last)  # type: ignore[arg-type]
        assert caught.value.field == field


def test_what_a_funder_gives_is_listed_by_category_cash_and_in_kind() -> None:
    balance = funding_balance(cybercantal(), 2008)
    by_id = {row.funder.id: row for row in balance.funders}
    cg = by_id["conseil-general-cantal"]
    assert [item.category for item in cg.amounts] == [
        CostCategory.FURNITURE,
        CostCategory.IT_EQUIPMENT,
        CostCategory.ANIMATION,
        CostCategory.TRAINING,
    ]
    assert cg.amount_for(CostCategory.ANIMATION) == Money.of(25000)
    assert cg.amount_for(CostCategory.PREMISES) == Money.zero()
    communes = by_id["communes"]
    assert (communes.cash, communes.in_kind) == (Money.zero(), Money.of(17400))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2010-01-01", D(2011, 1, 1)),
        (D(2010, 1, 1), dt.datetime(2011, 1, 1, 0, 0)),  # noqa: DTZ001 - a naive datetime, refused
    ],
)
def test_a_period_is_bounded_by_dates(start: object, end: object) -> None:
    with pytest.raises(InvalidValue, match="must be a date"):
        share_out(network(), Money.of(1), start, end)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="must be a date"):
        regular_users(network(), start, end)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="must be a date"):
        seat_days(network(), start, end)  # type: ignore[arg-type]


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(subject=funded_networks(), years=_YEARS)
def test_the_reports_totals_are_the_sums_of_the_contributions_in_the_range(
    subject: Network, years: tuple[int, int]
) -> None:
    from telecentre_core.report import funding_report

    first, length = years
    last = first + length
    data = funding_report(subject, first, last)
    given = sum((item.total_in(first, last) for item in subject.contributions), Money.zero())
    assert Money.of(data["totals"]["contributions"]) == given
    assert sum((Money.of(row["total"]) for row in data["funders"]), Money.zero()) == given
    assert sum((Money.of(row["funded"]) for row in data["categories"]), Money.zero()) == given
    shared = sum((Money.of(row["total"]) for row in data["centres"]), Money.zero())
    assert shared + Money.of(data["unallocated"]) == given
    costs = sum((cost.total_in(first, last) for cost in subject.costs), Money.zero())
    assert Money.of(data["totals"]["costs"]) == costs
