"""The funding of the reference network: what the sources say, and reports that add up.

The article names the Conseil Général du Cantal (furniture, IT equipment, animation,
training), the DATAR (the initial investments, through a call for tenders) and the communes
(the premises); the Interreg IVC sheet adds the European Social Fund at Murat from 2007;
Le Monde Informatique reports 266,000 € spent by the Conseil Général. Every other amount,
every date and every cost in ``cybercantal.toml`` is illustrative; these tests check that
the data stays true to those facts, says what it invents, and that its reports add up.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from importlib import resources

import pytest

import telecentre_core as tc
from telecentre_core.datasets import CYBERCANTAL_FILE

NETWORK = tc.datasets.cybercantal()
SEVEN = ["murat", "ydes", "allanche", "montmurat", "chaudes-aigues", "saint-flour", "aurillac"]
EVERY_YEAR = (1990, 2030)


def file_text() -> str:
    return (
        resources.files("telecentre_core")
        .joinpath("data", CYBERCANTAL_FILE)
        .read_text(encoding="utf-8")
    )


@cache
def balance(first: int, last: int | None = None) -> tc.FundingBalance:
    """The reference network's balance of the years (computed once per run)."""
    return tc.funding_balance(NETWORK, first, last)


def given_by(funder_id: str) -> list[tc.Contribution]:
    return list(NETWORK.contributions_of(funder_id))


# -- the funders of the sources ------------------------------------------------------------


def test_the_funders_are_the_articles_and_the_european_social_fund() -> None:
    assert [(funder.id, funder.kind) for funder in NETWORK.funders] == [
        ("conseil-general-cantal", tc.FunderKind.DEPARTEMENT),
        ("datar", tc.FunderKind.STATE),
        ("communes", tc.FunderKind.COMMUNES),
        ("fse", tc.FunderKind.EU_FUND),
    ]
    assert all(funder.is_public for funder in NETWORK.funders)
    # No identifier is invented for a real public body.
    assert all(funder.siren is None for funder in NETWORK.funders)


def test_the_conseil_general_gives_the_reported_266000_euros_in_all() -> None:
    grants = given_by("conseil-general-cantal")
    assert sum((item.total_in(*EVERY_YEAR) for item in grants), tc.Money.zero()) == tc.Money.of(
        266000
    )
    assert "266,000 €" in NETWORK.funder("conseil-general-cantal").notes
    assert "Le Monde Informatique" in file_text()


def test_the_conseil_general_funds_furniture_it_equipment_animation_and_training() -> None:
    categories = {item.category for item in given_by("conseil-general-cantal")}
    assert categories == {
        tc.CostCategory.FURNITURE,
        tc.CostCategory.IT_EQUIPMENT,
        tc.CostCategory.ANIMATION,
        tc.CostCategory.TRAINING,
    }
    assert all(item.centre is None for item in given_by("conseil-general-cantal"))


def test_the_datar_funds_the_initial_investment_of_each_centre_through_a_call_for_tenders() -> None:
    grants = given_by("datar")
    assert {item.category for item in grants} == {tc.CostCategory.INITIAL_INVESTMENT}
    assert [item.centre for item in grants] == SEVEN
    for item in grants:
        assert item.reference.startswith("Appel à projets DATAR")
        assert item.on == NETWORK.centre(str(item.centre)).lifecycle.opens
    # The sources disagree on the date of the call: the data says so rather than choose.
    notes = NETWORK.funder("datar").notes
    assert "2005" in notes
    assert "2009" in notes
    assert "DIACT" in notes


def test_the_communes_lend_the_premises_of_the_seven_centres_in_kind() -> None:
    grants = given_by("communes")
    assert [item.centre for item in grants] == SEVEN
    assert {(item.category, item.form) for item in grants} == {
        (tc.CostCategory.PREMISES, tc.ContributionForm.IN_KIND)
    }
    for item in grants:
        assert item.first_year == NETWORK.centre(str(item.centre)).lifecycle.start.year


def test_the_european_social_fund_funds_trainings_at_murat_from_2007() -> None:
    (grant,) = given_by("fse")
    assert (grant.centre, grant.category, grant.first_year) == (
        "murat",
        tc.CostCategory.TRAINING,
        2007,
    )


def test_every_invented_amount_and_cost_says_it_is_illustrative() -> None:
    for item in NETWORK.contributions:
        assert "illustrative" in item.notes.lower(), item
    for cost in NETWORK.costs:
        assert "illustrative" in cost.notes.lower(), cost
    assert "ILLUSTRATIVE" in file_text()


def test_the_premises_cost_what_the_communes_lend() -> None:
    lent = {(item.centre, item.first_year, item.amount) for item in given_by("communes")}
    premises = {
        (cost.centre, cost.first_year, cost.amount)
        for cost in NETWORK.costs
        if cost.category is tc.CostCategory.PREMISES
    }
    assert lent == premises


# -- the reports, year by year ---------------------------------------------------------------

# (years, costs, contributions, billed to members, what is left (the balance), break-even fee)
REPORTS = [
    ((2006, 2006), "52000.00", "37000.00", "0.00", "-15000.00", None),
    ((2008, 2008), "125400.00", "107400.00", "6223.97", "-11776.03", "833.44"),
    ((2011, 2011), "73400.00", "61400.00", "19396.83", "7396.83", "274.00"),
    ((2006, 2011), "548200.00", "455200.00", "55777.50", "-37222.50", "489.17"),
    ((2012, 2012), "0.00", "0.00", "20929.90", "20929.90", "0.00"),
]


@pytest.mark.parametrize(
    ("years", "costs", "contributions", "billed", "left", "fee"),
    REPORTS,
    ids=[f"{first}-{last}" for (first, last), *_ in REPORTS],
)
def test_the_reference_funding_report_of_several_years(
    years: tuple[int, int],
    costs: str,
    contributions: str,
    billed: str,
    left: str,
    fee: str | None,
) -> None:
    result = balance(*years)
    assert result.costs == tc.Money.of(costs)
    assert result.contributions == tc.Money.of(contributions)
    assert result.member_revenue == tc.Money.of(billed)
    assert result.balance == tc.Money.of(left)
    assert result.break_even.fee == (None if fee is None else tc.Money.of(fee))
    # The whole network's money reaches the centres: nothing is given before Murat opens.
    assert result.unallocated == tc.Money.zero()
    assert sum((row.total for row in result.centres), tc.Money.zero()) == result.contributions


def test_in_2006_nobody_pays_yet_so_no_fee_breaks_even() -> None:
    # Murat opened in March 2006 and the first year is free: no member pays in 2006.
    result = balance(2006)
    assert result.fees == tc.Money.zero()
    assert result.break_even.paying_months == 0
    assert result.regular_users == 3


def test_in_2011_the_subsidies_cover_all_but_the_running_costs() -> None:
    result = balance(2011)
    gaps = {row.category: row.gap for row in result.categories if row.gap}
    assert gaps == {tc.CostCategory.OPERATING: tc.Money.of(12000)}
    assert result.public_subsidy == tc.Money.of(61400)
    assert result.seat_years == 25
    assert result.subsidy_per_seat_year == tc.Money.of(2456)
    # The illustrative bookings of 2011 count the regular users: 25 members booked at least
    # four times a month on average (two left or came for a few months only).
    assert result.regular_users == 25
    assert result.subsidy_per_user_year == tc.Money.of("2456.00")
    # Members pay about a quarter of the costs; alone, they would pay 274 € a month, far
    # above the band of 50 to 100 €: "ces tarifs, très attractifs, sont rendus possibles
    # grâce au soutien du Conseil Général".
    assert result.fee_share is not None
    assert 0.25 < result.fee_share < 0.27
    assert result.break_even.within_band is False


def test_each_centre_bore_a_gap_of_3000_euros_on_its_initial_investment() -> None:
    result = balance(2006, 2011)
    (row,) = [
        item for item in result.categories if item.category is tc.CostCategory.INITIAL_INVESTMENT
    ]
    assert (row.cost, row.funded, row.gap) == (
        tc.Money.of(7 * 15000),
        tc.Money.of(7 * 12000),
        tc.Money.of(7 * 3000),
    )
    assert row.coverage == Fraction(4, 5)


def test_the_planned_centres_receive_nothing() -> None:
    result = balance(2006, 2011)
    planned = {row.centre: row.total for row in result.centres if row.centre not in SEVEN}
    assert planned == dict.fromkeys(["mauriac", "riom-es-montagnes", "maurs"], tc.Money.zero())


@pytest.mark.parametrize("year", range(2006, 2013))
def test_every_years_report_adds_up(year: int) -> None:
    result = balance(year)
    assert result.contributions == sum(
        (item.amount_in(year) for item in NETWORK.contributions), tc.Money.zero()
    )
    assert result.costs == sum((cost.amount_in(year) for cost in NETWORK.costs), tc.Money.zero())
    assert result.member_revenue == tc.expected_revenue(NETWORK, year).total
    for row in result.categories:
        assert row.covered + row.gap == row.cost
