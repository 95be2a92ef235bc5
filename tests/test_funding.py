"""Funders, contributions and costs, and the rules the network keeps on them.

Every refusal is checked for its facts (what a front end renders), where it points in the
network file (``collection``, ``key``, ``where``) and for leaving the network as it was.
The strategies at the top (``sirens``, ``funders``, ``contributions``, ``costs``) are local
until ``telecentre_core.testing`` has them.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_core import (
    AmountNotPositive,
    Centre,
    CentreNotActive,
    Commune,
    Company,
    Contribution,
    ContributionForm,
    Cost,
    CostCategory,
    DuplicateRecord,
    Funder,
    FunderKind,
    FundingPolicy,
    InvalidFundingPeriod,
    InvalidValue,
    Lifecycle,
    Money,
    Network,
    Point,
    Policy,
    RuleViolation,
    SeatChange,
    SplitRule,
    Territory,
    UnknownReference,
    dumps_network,
)
from telecentre_core.rules import funding_violations

D = dt.date
E = TypeVar("E", bound=Exception)

# A real SIREN number with a valid check digit (INSEE's example of the Luhn rule).
VALID_SIREN = "732829320"


# -- strategies (to move to telecentre_core.testing) --------------------------------------


def _luhn_digit(body: str) -> str:
    """The digit that makes ``body`` + digit pass the Luhn check."""
    total = 0
    for position, character in enumerate(reversed(body)):
        digit = int(character)
        if position % 2 == 0:  # doubled: it will be second from the right once the digit is added
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


def sirens() -> st.SearchStrategy[str]:
    """SIREN numbers: 8 digits and their Luhn check digit."""
    return st.integers(min_value=0, max_value=10**8 - 1).map(
        lambda body: f"{body:08d}" + _luhn_digit(f"{body:08d}")
    )


def funders(ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Funder]:
    """Funders of every kind, with or without a SIREN number."""
    return st.builds(
        Funder,
        id=ids if ids is not None else st.from_regex(r"[a-z]{1,8}", fullmatch=True),
        name=st.sampled_from(["Conseil général du Cantal", "DATAR", "Fonds social européen"]),
        kind=st.sampled_from(FunderKind),
        siren=st.none() | sirens(),
    )


def positive_amounts(max_cents: int = 10**9) -> st.SearchStrategy[Money]:
    """Amounts from one cent to ``max_cents`` cents."""
    return st.integers(min_value=1, max_value=max_cents).map(Money.from_cents)


@st.composite
def periods(
    draw: st.DrawFn, first: int = 2000, last: int = 2020
) -> dict[str, dt.date | int | None]:
    """The dating of a record: once on a day, or yearly with or without a last year."""
    if draw(st.booleans()):
        return {"on": draw(st.dates(dt.date(first, 1, 1), dt.date(last, 12, 31)))}
    start = draw(st.integers(min_value=first, max_value=last))
    end = draw(st.none() | st.integers(min_value=start, max_value=last))
    return {"first_year": start, "last_year": end}


@st.composite
def contributions(
    draw: st.DrawFn, funder_ids: list[str], centre_ids: list[str] | None = None
) -> Contribution:
    """Contributions of one of ``funder_ids``, network-wide or to one of ``centre_ids``."""
    centres = centre_ids or []
    return Contribution(
        funder=draw(st.sampled_from(funder_ids)),
        centre=draw(st.none() | st.sampled_from(centres)) if centres else None,
        category=draw(st.sampled_from(CostCategory)),
        form=draw(st.sampled_from(ContributionForm)),
        amount=draw(positive_amounts()),
        **draw(periods()),
    )


@st.composite
def costs(draw: st.DrawFn, centre_ids: list[str] | None = None) -> Cost:
    """Costs of the network, or of one of ``centre_ids``."""
    centres = centre_ids or []
    return Cost(
        centre=draw(st.none() | st.sampled_from(centres)) if centres else None,
        category=draw(st.sampled_from(CostCategory)),
        amount=draw(positive_amounts()),
        **draw(periods()),
    )


# -- a small network ----------------------------------------------------------------------

CANTAL = Territory(code="15", name="Cantal")


def centre(centre_id: str, lifecycle: Lifecycle, seats: int = 4) -> Centre:
    first = lifecycle.opens or lifecycle.start
    return Centre(
        id=centre_id,
        name=f"Télécentre {centre_id}",
        commune=Commune(name="Murat", insee="15138", postcode="15300"),
        location=Point(lat=45.11, lon=2.87),
        seats=[SeatChange(since=first, count=seats)],
        lifecycle=lifecycle,
    )


MURAT = centre("murat", Lifecycle(opens=D(2006, 3, 1)))
# Open from 2007 to the end of 2009: closed from 1 January 2010.
ALLANCHE = centre("allanche", Lifecycle(opens=D(2007, 3, 1), closes=D(2010, 1, 1)), seats=3)
# Planned from June 2011, no opening date.
MAURS = centre("maurs", Lifecycle(planned_from=D(2011, 6, 1)))
CG = Funder(id="cg", name="Conseil général du Cantal", kind=FunderKind.DEPARTEMENT)
DATAR = Funder(id="datar", name="DATAR", kind=FunderKind.STATE)


def network() -> Network:
    """Murat (open), Allanche (closed from 2010), Maurs (planned); two public funders."""
    return Network(
        name="Essai",
        territory=CANTAL,
        centres=[MURAT, ALLANCHE, MAURS],
        funders=[CG, DATAR],
    )


def grant(**fields: Any) -> Contribution:
    """A contribution of the Conseil général: 1,000 € of animation on 1 June 2008."""
    values: dict[str, Any] = {
        "funder": "cg",
        "category": CostCategory.ANIMATION,
        "amount": Money.of(1000),
        "on": D(2008, 6, 1),
    }
    values.update(fields)
    return Contribution(**values)


def cost(**fields: Any) -> Cost:
    """A cost of the network: 1,000 € of operating costs every year from 2008."""
    values: dict[str, Any] = {
        "category": CostCategory.OPERATING,
        "amount": Money.of(1000),
        "first_year": 2008,
    }
    values.update(fields)
    return Cost(**values)


def refused(before: Network, change: Callable[[Network], object], error: type[E]) -> E:
    """The ``error`` that ``change`` raises, after checking that ``before`` is unchanged."""
    snapshot = copy.deepcopy(before)
    with pytest.raises(error) as caught:
        change(before)
    assert before == snapshot
    assert dumps_network(before) == dumps_network(snapshot)
    return caught.value


def points_at(error: RuleViolation, collection: str, key: str | int, where: str) -> None:
    assert (error.collection, error.key, error.where) == (collection, key, where)


# -- funders ------------------------------------------------------------------------------


def test_a_funder_is_an_id_a_name_a_kind_and_maybe_a_siren_number() -> None:
    funder = Funder(id="cg", name="Conseil général du Cantal", kind=FunderKind.DEPARTEMENT)
    assert (funder.siren, funder.notes) == (None, "")
    assert Funder(id="x", name="X", kind=FunderKind.COMPANY, siren=VALID_SIREN).siren == (
        VALID_SIREN
    )


@pytest.mark.parametrize(
    ("kind", "public"),
    [
        (FunderKind.DEPARTEMENT, True),
        (FunderKind.STATE, True),
        (FunderKind.COMMUNES, True),
        (FunderKind.REGION, True),
        (FunderKind.EU_FUND, True),
        (FunderKind.COMPANY, False),
        (FunderKind.MEMBERS, False),
    ],
)
def test_public_money_comes_from_every_kind_but_companies_and_members(
    kind: FunderKind, public: bool
) -> None:
    assert kind.is_public is public
    assert Funder(id="f", name="F", kind=kind).is_public is public


@pytest.mark.parametrize(
    ("siren", "reason"),
    [
        ("732829321", "whose last digit checks the others"),
        ("73282932", "a 9-digit SIREN number"),
        ("732 829 320", "a 9-digit SIREN number"),
        ("７３２８２９３２０", "a 9-digit SIREN number"),  # noqa: RUF001 - full-width digits
        (732829320, "a 9-digit SIREN number"),
    ],
)
def test_a_siren_number_is_nine_digits_with_a_luhn_check_digit(siren: object, reason: str) -> None:
    with pytest.raises(InvalidValue, match=reason) as caught:
        Funder(id="x", name="X", kind=FunderKind.COMPANY, siren=siren)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("siren", siren)


@given(sirens(), st.integers(min_value=1, max_value=9))
def test_any_siren_with_its_check_digit_is_accepted_and_any_other_last_digit_refused(
    siren: str, shift: int
) -> None:
    assert Funder(id="x", name="X", kind=FunderKind.REGION, siren=siren).siren == siren
    wrong = siren[:-1] + str((int(siren[-1]) + shift) % 10)
    with pytest.raises(InvalidValue, match="Luhn"):
        Funder(id="x", name="X", kind=FunderKind.REGION, siren=wrong)


def test_a_companys_siren_number_is_checked_the_same_way() -> None:
    assert Company(id="acme", name="Acme", siren=VALID_SIREN).siren == VALID_SIREN
    with pytest.raises(InvalidValue, match="Luhn") as caught:
        Company(id="acme", name="Acme", siren="123456789")
    assert (caught.value.field, caught.value.value) == ("siren", "123456789")
    with pytest.raises(InvalidValue, match="a 9-digit SIREN number"):
        Company(id="acme", name="Acme", siren="12345678")


def test_a_funder_is_looked_up_by_id() -> None:
    assert network().funder("datar") == DATAR
    error = refused(network(), lambda n: n.funder("leader"), UnknownReference)
    assert (error.target, error.value) == ("funder", "leader")


# -- contributions and costs: the records --------------------------------------------------


def test_a_contribution_is_cash_to_the_whole_network_unless_said_otherwise() -> None:
    contribution = grant()
    assert (contribution.form, contribution.centre, contribution.reference) == (
        ContributionForm.CASH,
        None,
        "",
    )
    assert not contribution.is_yearly


def test_a_contribution_given_once_counts_in_the_year_of_its_day() -> None:
    contribution = grant()
    assert contribution.amount_in(2008) == Money.of(1000)
    assert contribution.amount_in(2007) == contribution.amount_in(2009) == Money.zero()
    assert contribution.total_in(2000, 2020) == Money.of(1000)
    assert contribution.total_in(2009, 2020) == Money.zero()
    assert list(contribution.years_in(2000, 2020)) == [2008]


def test_a_yearly_contribution_counts_its_amount_in_each_year_of_its_period() -> None:
    contribution = grant(on=None, first_year=2007, last_year=2011, amount=Money.of(25000))
    assert contribution.is_yearly
    assert [contribution.amount_in(year) for year in (2006, 2007, 2011, 2012)] == [
        Money.zero(),
        Money.of(25000),
        Money.of(25000),
        Money.zero(),
    ]
    assert contribution.total_in(2006, 2011) == Money.of(125000)
    assert contribution.total_in(2009, 2009) == Money.of(25000)


def test_a_yearly_cost_without_a_last_year_runs_on_for_ever() -> None:
    running = cost()
    assert running.is_yearly
    assert running.total_in(2008, 2107) == Money.of(100000)
    assert running.amount_in(9999) == Money.of(1000)
    assert running.total_in(2000, 2007) == Money.zero()


def test_a_cost_paid_once_counts_in_the_year_of_its_day() -> None:
    once = cost(first_year=None, on=D(2006, 3, 1), category=CostCategory.INITIAL_INVESTMENT)
    assert not once.is_yearly
    assert once.total_in(2006, 2006) == Money.of(1000)
    assert once.amount_in(2007) == Money.zero()


@given(record=st.one_of(contributions(["cg"]), costs()), first=st.integers(1995, 2025))
def test_the_total_over_years_is_the_sum_of_each_years_amount(
    record: Contribution | Cost, first: int
) -> None:
    last = first + 10
    years = range(first, last + 1)
    assert record.total_in(first, last) == sum(
        (record.amount_in(year) for year in years), Money.zero()
    )
    assert list(record.years_in(first, last)) == [y for y in years if record.amount_in(y)]


@pytest.mark.parametrize("make", [grant, cost], ids=["contribution", "cost"])
@pytest.mark.parametrize("amount", ["0", "0.00", "-0.01", "-1000"])
def test_an_amount_of_zero_or_less_is_refused_with_its_value(
    make: Callable[..., object], amount: str
) -> None:
    with pytest.raises(AmountNotPositive) as caught:
        make(amount=Money.of(amount))
    error = caught.value
    assert isinstance(error, InvalidValue)
    assert (error.field, error.amount) == ("amount", Money.of(amount))
    assert str(error).startswith("amount: must be more than 0.00 €")


@given(cents=st.integers(min_value=-(10**12), max_value=10**12))
def test_an_amount_is_accepted_exactly_when_it_is_more_than_zero(cents: int) -> None:
    amount = Money.from_cents(cents)
    for make in (grant, cost):
        if cents > 0:
            assert make(amount=amount).amount == amount
        else:
            with pytest.raises(AmountNotPositive):
                make(amount=amount)


@pytest.mark.parametrize("make", [grant, cost], ids=["contribution", "cost"])
def test_an_amount_must_be_money(make: Callable[..., object]) -> None:
    with pytest.raises(InvalidValue, match="amount: must be an amount of money"):
        make(amount=Decimal("1000"))


PERIODS: list[tuple[str, dict[str, Any], str, str]] = [
    ("dated once and yearly", {"on": D(2008, 6, 1), "first_year": 2008}, "first_year", "not both"),
    (
        "once with a last year",
        {"on": D(2008, 6, 1), "last_year": 2009},
        "last_year",
        "no last year",
    ),
    ("not dated at all", {"on": None}, "on", "needs a day (on) or a first year"),
    ("a last year alone", {"on": None, "last_year": 2009}, "first_year", "needs a day"),
    (
        "years out of order",
        {"on": None, "first_year": 2010, "last_year": 2009},
        "last_year",
        "must not be before first_year (2010)",
    ),
]


@pytest.mark.parametrize("make", [grant, cost], ids=["contribution", "cost"])
@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [pytest.param(fields, field, reason, id=what) for what, fields, field, reason in PERIODS],
)
def test_a_record_is_dated_once_or_yearly_with_its_years_in_order(
    make: Callable[..., object], fields: dict[str, Any], field: str, reason: str
) -> None:
    values = {"first_year": None, **fields} if make is cost else fields
    with pytest.raises(InvalidFundingPeriod, match=re.escape(reason)) as caught:
        make(**values)
    error = caught.value
    assert error.field == field
    assert (error.on, error.first_year, error.last_year) == (
        values.get("on", D(2008, 6, 1) if make is grant else None),
        values.get("first_year", 2008 if make is cost else None),
        values.get("last_year"),
    )


@given(first=st.integers(1, 9999), last=st.integers(1, 9999))
def test_years_are_accepted_exactly_when_the_last_is_not_before_the_first(
    first: int, last: int
) -> None:
    if last >= first:
        assert cost(first_year=first, last_year=last).total_in(first, last) == Money.of(1000) * (
            last - first + 1
        )
    else:
        with pytest.raises(InvalidFundingPeriod) as caught:
            cost(first_year=first, last_year=last)
        assert (caught.value.first_year, caught.value.last_year) == (first, last)


@pytest.mark.parametrize("year", [0, -1, 10000, True, "2008"])
def test_a_year_is_a_whole_number_from_1_to_9999(year: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        cost(first_year=year)
    assert caught.value.field == "first_year"


def test_categories_forms_and_kinds_are_the_files_words() -> None:
    assert [str(category) for category in CostCategory] == [
        "initial-investment",
        "premises",
        "furniture",
        "it-equipment",
        "animation",
        "training",
        "operating",
    ]
    assert [str(form) for form in ContributionForm] == ["cash", "in-kind"]
    assert [str(rule) for rule in SplitRule] == ["by-seats", "equally"]


# -- the policy ---------------------------------------------------------------------------


def test_the_default_funding_policy_splits_by_seats_and_counts_running_costs_as_operating() -> None:
    policy = Policy().funding
    assert policy.split is SplitRule.BY_SEATS
    assert [category for category in CostCategory if policy.is_operating(category)] == [
        CostCategory.PREMISES,
        CostCategory.ANIMATION,
        CostCategory.TRAINING,
        CostCategory.OPERATING,
    ]


def test_a_funding_policy_may_split_equally_and_count_other_categories() -> None:
    policy = FundingPolicy(split=SplitRule.EQUALLY, operating_categories=[CostCategory.OPERATING])
    assert policy.operating_categories == (CostCategory.OPERATING,)
    assert not policy.is_operating(CostCategory.PREMISES)


def test_a_funding_policy_names_each_operating_category_once() -> None:
    with pytest.raises(InvalidValue, match="names a category twice"):
        FundingPolicy(operating_categories=[CostCategory.TRAINING, CostCategory.TRAINING])
    with pytest.raises(InvalidValue, match="operating_categories"):
        FundingPolicy(operating_categories=["training"])  # type: ignore[list-item]


# -- the network's rules --------------------------------------------------------------------


def test_funders_contributions_and_costs_are_added_and_kept_in_order() -> None:
    funded = network().add_contribution(grant()).add_cost(cost())
    second = grant(funder="datar", category=CostCategory.INITIAL_INVESTMENT, centre="murat")
    funded = funded.add_contribution(second)
    assert funded.contributions == (grant(), second)
    assert funded.costs == (cost(),)
    assert funded.contributions_of("datar") == (second,)
    assert funded.contributions_of("nobody") == ()


def test_a_funder_id_used_twice_is_refused() -> None:
    error = refused(
        network(), lambda n: n.add_funder(attrs.evolve(CG, name="Bis")), DuplicateRecord
    )
    assert error.identity == "cg"
    points_at(error, "funders", 2, "id")


def test_a_contribution_of_an_unknown_funder_is_refused() -> None:
    error = refused(
        network(), lambda n: n.add_contribution(grant(funder="leader")), UnknownReference
    )
    assert (error.target, error.value) == ("funder", "leader")
    points_at(error, "contributions", 0, "funder")
    assert str(error) == "contributions: no funder 'leader' in the network"


@pytest.mark.parametrize(
    ("change", "collection"),
    [
        (lambda n: n.add_contribution(grant(centre="paris")), "contributions"),
        (lambda n: n.add_cost(cost(centre="paris")), "costs"),
    ],
    ids=["contribution", "cost"],
)
def test_a_record_for_an_unknown_centre_is_refused(
    change: Callable[[Network], Network], collection: str
) -> None:
    error = refused(network(), change, UnknownReference)
    assert (error.target, error.value) == ("centre", "paris")
    points_at(error, collection, 0, "centre")


INACTIVE: list[tuple[str, dict[str, Any], str, dt.date | None, int | None]] = [
    ("given before the centre opens", {"on": D(2006, 2, 28)}, "on", D(2006, 2, 28), None),
    (
        "given on its closing day",
        {"centre": "allanche", "on": D(2010, 1, 1)},
        "on",
        D(2010, 1, 1),
        None,
    ),
    (
        "yearly from before it opens",
        {"on": None, "first_year": 2005, "last_year": 2008},
        "first_year",
        None,
        2005,
    ),
    (
        "yearly for ever at a centre that closes",
        {"centre": "allanche", "on": None, "first_year": 2007},
        "last_year",
        None,
        2010,
    ),
    (
        "yearly past its closing",
        {"centre": "allanche", "on": None, "first_year": 2008, "last_year": 2010},
        "last_year",
        None,
        2010,
    ),
    (
        "yearly from after its closing",
        {"centre": "allanche", "on": None, "first_year": 2011, "last_year": 2012},
        "first_year",
        None,
        2011,
    ),
    (
        "before a planned centre is planned",
        {"centre": "maurs", "on": D(2011, 5, 31)},
        "on",
        D(2011, 5, 31),
        None,
    ),
]


@pytest.mark.parametrize("kind", ["contribution", "cost"])
@pytest.mark.parametrize(
    ("fields", "where", "on", "year"),
    [pytest.param(fields, where, on, year, id=what) for what, fields, where, on, year in INACTIVE],
)
def test_a_record_for_a_centre_outside_its_life_is_refused(
    kind: str, fields: dict[str, Any], where: str, on: dt.date | None, year: int | None
) -> None:
    values = {"centre": "murat", **fields}
    if kind == "contribution":
        record: Contribution | Cost = grant(**values)
        change: Callable[[Network], Network] = lambda n: n.add_contribution(record)  # noqa: E731
    else:
        values = {"first_year": None, **values}
        record = cost(**values)
        change = lambda n: n.add_cost(record)  # noqa: E731
    error = refused(network(), change, CentreNotActive)
    assert (error.centre, error.on, error.year) == (values["centre"], on, year)
    points_at(error, f"{kind}s", 0, where)
    when = f"on {on.isoformat()}" if on is not None else f"in {year}"
    assert str(error) == (f"{kind}s: centre {values['centre']!r} is not planned or open {when}")


@pytest.mark.parametrize(
    "fields",
    [
        {"centre": "murat", "on": D(2006, 3, 1)},
        {"centre": "murat", "on": None, "first_year": 2006},
        {"centre": "allanche", "on": D(2009, 12, 31)},
        {"centre": "allanche", "on": None, "first_year": 2007, "last_year": 2009},
        {"centre": "maurs", "on": D(2011, 6, 1)},
        {"centre": "maurs", "on": None, "first_year": 2011},
    ],
    ids=[
        "on its opening day",
        "yearly from its opening year",
        "on its last open day",
        "yearly until the year before it closes",
        "on the day a centre is planned",
        "yearly at a planned centre",
    ],
)
def test_a_record_within_the_centres_life_is_accepted(fields: dict[str, Any]) -> None:
    funded = (
        network().add_contribution(grant(**fields)).add_cost(cost(**{"first_year": None, **fields}))
    )
    assert len(funded.contributions) == len(funded.costs) == 1


_LIFECYCLES = st.builds(
    lambda opens, length: Lifecycle(
        opens=opens, closes=None if length is None else opens + dt.timedelta(days=length)
    ),
    st.dates(D(2000, 1, 1), D(2015, 12, 31)),
    st.none() | st.integers(min_value=1, max_value=3000),
)


@given(lifecycle=_LIFECYCLES, day=st.dates(D(1998, 1, 1), D(2025, 12, 31)))
def test_a_record_on_a_day_is_refused_exactly_when_the_centre_is_not_active_that_day(
    lifecycle: Lifecycle, day: dt.date
) -> None:
    subject = centre("c", lifecycle)
    found = funding_violations([subject], [CG], [grant(centre="c", on=day)], [])
    assert bool(found) is not subject.is_active_on(day)
    if found:
        (error,) = found
        assert isinstance(error, CentreNotActive)
        assert (error.on, error.where) == (day, "on")


@given(
    lifecycle=_LIFECYCLES,
    first=st.integers(1998, 2025),
    length=st.none() | st.integers(0, 10),
)
def test_a_yearly_record_is_refused_exactly_when_one_of_its_years_misses_the_centres_life(
    lifecycle: Lifecycle, first: int, length: int | None
) -> None:
    subject = centre("c", lifecycle)
    last = None if length is None else first + length
    found = funding_violations(
        [subject], [], [], [cost(centre="c", first_year=first, last_year=last)]
    )
    end = lifecycle.closes
    last_active = None if end is None else (end - dt.timedelta(days=1)).year
    years_ok = first >= lifecycle.start.year and (
        last_active is None or (last is not None and last <= last_active)
    )
    assert bool(found) is not years_ok
    for error in found:
        assert isinstance(error, CentreNotActive)
        assert error.year is not None
        assert not (
            lifecycle.start.year <= error.year
            and (last_active is None or error.year <= last_active)
        )


@given(st.lists(st.sampled_from(["cg", "datar", "fse", "leader"]), min_size=1, max_size=6))
def test_funders_are_refused_exactly_at_each_repeated_id(ids: list[str]) -> None:
    listed = [Funder(id=funder_id, name="F", kind=FunderKind.STATE) for funder_id in ids]
    found = funding_violations([], listed, [], [])
    repeats = [index for index, funder_id in enumerate(ids) if funder_id in ids[:index]]
    assert [error.key for error in found] == repeats
    assert all(isinstance(error, DuplicateRecord) for error in found)


@given(
    known=st.lists(st.sampled_from(["cg", "datar", "fse"]), unique=True),
    named=st.lists(st.sampled_from(["cg", "datar", "fse", "leader"]), max_size=5),
)
def test_contributions_are_refused_exactly_when_their_funder_is_unknown(
    known: list[str], named: list[str]
) -> None:
    listed = [Funder(id=funder_id, name="F", kind=FunderKind.STATE) for funder_id in known]
    records = [grant(funder=funder_id) for funder_id in named]
    found = funding_violations([], listed, records, [])
    assert [(error.key, error.value) for error in found if isinstance(error, UnknownReference)] == [
        (index, funder_id) for index, funder_id in enumerate(named) if funder_id not in known
    ]


@given(named=st.lists(st.sampled_from(["murat", "allanche", "maurs", "paris"]), max_size=5))
def test_records_are_refused_exactly_when_their_centre_is_unknown(named: list[str]) -> None:
    records = [cost(centre=centre_id, first_year=None, on=D(2009, 6, 1)) for centre_id in named]
    found = funding_violations([MURAT, ALLANCHE, MAURS], [], [], records)
    unknown = [(error.key, error.value) for error in found if isinstance(error, UnknownReference)]
    assert unknown == [(index, c) for index, c in enumerate(named) if c == "paris"]
    # Maurs is planned from 2011 only: a 2009 cost there is outside its life.
    inactive = [error.key for error in found if isinstance(error, CentreNotActive)]
    assert inactive == [index for index, c in enumerate(named) if c == "maurs"]


def test_with_two_centres_of_one_id_centre_references_are_not_checked() -> None:
    twin = attrs.evolve(ALLANCHE, id="murat")
    records = [cost(centre="murat", first_year=None, on=D(2006, 3, 1))]
    assert funding_violations([MURAT, twin], [], [], records) == []


def test_every_broken_funding_rule_is_reported_at_once_in_file_order() -> None:
    found = funding_violations(
        [MURAT],
        [CG, CG],
        [grant(funder="leader"), grant(centre="paris"), grant(centre="murat", on=D(2005, 1, 1))],
        [cost(centre="nowhere")],
    )
    assert [(type(e).__name__, e.collection, e.key, e.where) for e in found] == [
        ("DuplicateRecord", "funders", 1, "id"),
        ("UnknownReference", "contributions", 0, "funder"),
        ("UnknownReference", "contributions", 1, "centre"),
        ("CentreNotActive", "contributions", 2, "on"),
        ("UnknownReference", "costs", 0, "centre"),
    ]


def test_a_network_built_whole_raises_its_first_broken_funding_rule() -> None:
    with pytest.raises(UnknownReference, match="no funder 'leader'"):
        Network(name="Essai", territory=CANTAL, contributions=[grant(funder="leader")])


def test_closing_a_centre_before_a_yearly_cost_ends_is_refused() -> None:
    funded = network().add_cost(cost(centre="murat", first_year=2006, last_year=2012))
    error = refused(funded, lambda n: n.close_centre("murat", D(2011, 1, 1)), CentreNotActive)
    assert (error.centre, error.year) == ("murat", 2011)
    points_at(error, "costs", 0, "last_year")
    assert funded.close_centre("murat", D(2013, 1, 1)).centre("murat").lifecycle.closes == D(
        2013, 1, 1
    )


# -- the year validator, built again ------------------------------------------------------
# Contribution's and Cost's validators are built once, at import; building one here checks
# the same rule and lets mutation testing (docs/testing.md) reach it.


@pytest.mark.parametrize("year", [None, 1, 2011, 9999])
def test_a_year_is_unset_or_from_1_to_9999(year: int | None) -> None:
    from telecentre_core.funding import _year

    _year("first_year")(None, None, year)


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (10000, "first_year: must be a year from 1 to 9999, got 10000"),
        (0, "first_year: must be at least 1, got 0"),
        (True, "first_year: must be a whole number, got True"),
        ("2011", "first_year: must be a whole number, got '2011'"),
    ],
)
def test_a_year_out_of_range_or_not_a_whole_number_is_refused(year: object, message: str) -> None:
    from telecentre_core.funding import _year

    with pytest.raises(InvalidValue) as caught:
        _year("first_year")(None, None, year)
    assert str(caught.value) == message
