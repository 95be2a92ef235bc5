"""Reports: the network on a day and its plan, as data and as text."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import TypeVar

import pytest

from telecentre_core import (
    Agreement,
    Centre,
    Commune,
    Company,
    Contribution,
    ContributionForm,
    Cost,
    CostCategory,
    FreePeriod,
    FreeVariant,
    Funder,
    FunderKind,
    Holding,
    Lifecycle,
    Member,
    MemberKind,
    Membership,
    Money,
    Network,
    PassKind,
    PassPrice,
    PassUse,
    Point,
    Policy,
    Proration,
    SeatChange,
    Specialisation,
    Territory,
    Tier,
    TierChange,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.report import (
    bill_report,
    funding_report,
    members_report,
    network_report,
    plan_report,
    render_bill,
    render_funding,
    render_members,
    render_plan,
    render_report,
)

CANTAL = Territory(code="15", name="Cantal")
MURAT = Commune(name="Murat", insee="15138", postcode="15300")
YDES = Commune(name="Ydes", insee="15265", postcode="15210")


def centre(
    centre_id: str,
    *,
    commune: Commune = MURAT,
    opens: dt.date | None = dt.date(2010, 1, 1),
    planned_from: dt.date | None = None,
    closes: dt.date | None = None,
    seats: int = 4,
    holds: tuple[str, ...] = (),
) -> Centre:
    """A small centre: open from 2010 with 4 seats unless told otherwise."""
    first = opens or dt.date(2010, 1, 1)
    return Centre(
        id=centre_id,
        name=f"Centre {centre_id}",
        commune=commune,
        location=Point(lat=45.1, lon=2.8),
        seats=[SeatChange(since=first, count=seats)],
        lifecycle=Lifecycle(planned_from=planned_from, opens=opens, closes=closes),
        specialisations=[Holding(slug=slug) for slug in holds],
    )


def network(*centres: Centre) -> Network:
    return Network(
        name="Test",
        territory=CANTAL,
        specialisations=[
            Specialisation(slug="sante-travail", label="Santé & travail"),
            Specialisation(slug="telemarketing", label="Télémarketing"),
        ],
        centres=centres,
    )


class TestNetworkReport:
    def test_the_reference_network_in_june_2011_has_seven_open_and_three_planned_centres(
        self,
    ) -> None:
        data = network_report(cybercantal(), dt.date(2011, 6, 1))
        assert data["date"] == "2011-06-01"
        assert data["totals"] == {
            "open_centres": 7,
            "planned_centres": 3,
            "communes": 7,
            "seats": 25,
            "specialisations": 10,
        }
        assert [row["status"] for row in data["centres"]] == ["open"] * 7 + ["planned"] * 3

    def test_it_names_the_network_its_territory_and_time_zone(self) -> None:
        data = network_report(cybercantal(), dt.date(2011, 6, 1))
        assert data["network"] == {
            "name": "Cybercantal",
            "territory": {"code": "15", "name": "Cantal"},
            "timezone": "Europe/Paris",
        }

    def test_a_centre_row_has_its_commune_seats_and_specialisation_labels(self) -> None:
        data = network_report(cybercantal(), dt.date(2012, 6, 1))
        murat = data["centres"][0]
        assert murat == {
            "id": "murat",
            "name": "Télécentre de Murat",
            "commune": {"name": "Murat", "insee": "15138"},
            "status": "open",
            "seats": 6,
            "specialisations": ["Création d'entreprise"],
        }

    def test_a_planned_centre_has_no_usable_seats(self) -> None:
        data = network_report(cybercantal(), dt.date(2011, 6, 1))
        planned = [row for row in data["centres"] if row["status"] == "planned"]
        assert {row["seats"] for row in planned} == {0}

    def test_closed_centres_and_centres_not_yet_planned_are_left_out(self) -> None:
        subject = network(
            centre("old", closes=dt.date(2011, 1, 1)),
            centre("new", opens=dt.date(2013, 1, 1)),
            centre("here", commune=YDES),
        )
        data = network_report(subject, dt.date(2012, 1, 1))
        assert [row["id"] for row in data["centres"]] == ["here"]

    def test_communes_count_each_commune_with_an_open_centre_once(self) -> None:
        subject = network(centre("a"), centre("b"), centre("c", commune=YDES))
        assert network_report(subject, dt.date(2012, 1, 1))["totals"]["communes"] == 2

    def test_the_data_is_plain_json(self) -> None:
        data = network_report(cybercantal(), dt.date(2011, 6, 1))
        assert json.loads(json.dumps(data)) == data


class TestRenderReport:
    def test_the_header_names_the_network_its_territory_and_the_date(self) -> None:
        text = render_report(network_report(cybercantal(), dt.date(2011, 6, 1)))
        assert text.splitlines()[0] == "Cybercantal, Cantal (15), on 2011-06-01"

    def test_each_centre_is_one_aligned_row(self) -> None:
        text = render_report(network_report(cybercantal(), dt.date(2011, 6, 1)))
        lines = text.splitlines()
        header = next(line for line in lines if line.startswith("id "))
        murat = next(line for line in lines if line.startswith("murat "))
        assert "Murat (15138)" in murat
        assert "Création d'entreprise" in murat
        # Columns line up: each header starts where its values start.
        assert header.index("status") == murat.index("open")
        assert header.index("specialisations") == murat.index("Création")

    def test_seats_are_right_aligned_under_their_header(self) -> None:
        text = render_report(network_report(cybercantal(), dt.date(2011, 6, 1)))
        lines = text.splitlines()
        header = next(line for line in lines if line.startswith("id "))
        allanche = next(line for line in lines if line.startswith("allanche "))
        end = header.index("seats") + len("seats")
        assert allanche[end - 1] == "3"

    def test_the_totals_close_the_report(self) -> None:
        text = render_report(network_report(cybercantal(), dt.date(2011, 6, 1)))
        tail = [" ".join(line.split()) for line in text.splitlines()[-6:]]
        assert tail == [
            "Totals",
            "open centres 7",
            "planned centres 3",
            "communes 7",
            "seats 25",
            "specialisations 10",
        ]

    def test_several_specialisations_are_listed_together_and_none_shows_a_dash(self) -> None:
        subject = network(centre("both", holds=("sante-travail", "telemarketing")), centre("none"))
        text = render_report(network_report(subject, dt.date(2012, 1, 1)))
        assert "Santé & travail, Télémarketing" in text
        none = next(line for line in text.splitlines() if line.startswith("none "))
        assert none.endswith("  -")

    def test_a_day_with_no_centre_says_so(self) -> None:
        text = render_report(network_report(cybercantal(), dt.date(2005, 1, 1)))
        assert "No centre is planned or open on 2005-01-01." in text
        assert "id " not in text

    def test_no_line_ends_with_spaces(self) -> None:
        text = render_report(network_report(cybercantal(), dt.date(2011, 6, 1)))
        assert all(line == line.rstrip() for line in text.splitlines())


class TestPlanReport:
    def test_the_reference_plan_shows_murat_growing_from_four_to_six_seats_in_2012(
        self,
    ) -> None:
        data = plan_report(cybercantal())
        assert {
            "date": "2012-01-01",
            "centre": "murat",
            "kind": "seats",
            "detail": "Télécentre de Murat: 4 -> 6 seats",
            "seats": 6,
        } in data["events"]

    def test_events_come_in_date_order_from_the_first_opening(self) -> None:
        events = plan_report(cybercantal())["events"]
        assert events[0]["date"] == "2006-03-01"
        assert events[0]["kind"] == "opened"
        assert [event["date"] for event in events] == sorted(event["date"] for event in events)

    def test_seats_by_year_count_the_open_seats_on_31_december(self) -> None:
        seats = plan_report(cybercantal())["seats_by_year"]
        assert seats == [
            {"year": 2006, "seats": 4},
            {"year": 2007, "seats": 17},
            {"year": 2008, "seats": 25},
            {"year": 2009, "seats": 25},
            {"year": 2010, "seats": 25},
            {"year": 2011, "seats": 25},
            {"year": 2012, "seats": 27},
        ]

    def test_an_event_without_a_seat_count_has_seats_none(self) -> None:
        events = plan_report(cybercantal())["events"]
        planned = [event for event in events if event["kind"] == "planned"]
        assert len(planned) == 3
        assert all(event["seats"] is None for event in planned)

    def test_the_data_is_plain_json(self) -> None:
        data = plan_report(cybercantal())
        assert json.loads(json.dumps(data)) == data


class TestRenderPlan:
    def test_one_line_per_event_with_date_centre_and_what_happens(self) -> None:
        text = render_plan(plan_report(cybercantal()))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert lines[0] == "Cybercantal, Cantal (15): timeline"
        assert "2012-01-01 murat Télécentre de Murat: 4 -> 6 seats" in lines
        assert "2011-06-01 maurs Télécentre de Maurs (projet) planned in Maurs" in lines

    def test_the_seats_per_year_table_follows_the_timeline(self) -> None:
        text = render_plan(plan_report(cybercantal()))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        start = lines.index("Open seats on 31 December")
        assert lines[start + 2 :] == [
            "year seats",
            "2006 4",
            "2007 17",
            "2008 25",
            "2009 25",
            "2010 25",
            "2011 25",
            "2012 27",
        ]

    def test_a_closing_shows_in_the_timeline(self) -> None:
        subject = network(centre("gone", closes=dt.date(2011, 1, 1)))
        text = render_plan(plan_report(subject))
        assert "2011-01-01  gone    Centre gone closes" in text

    def test_a_network_without_centres_has_nothing_to_plan(self) -> None:
        text = render_plan(plan_report(network()))
        assert text == "Test, Cantal (15): timeline\n\nNothing planned, opened or changed yet.\n"


@pytest.mark.parametrize("day", [dt.date(2005, 1, 1), dt.date(2011, 6, 1), dt.date(2030, 1, 1)])
def test_the_text_report_lists_exactly_the_centres_of_the_data(day: dt.date) -> None:
    data = network_report(cybercantal(), day)
    text = render_report(data)
    for row in data["centres"]:
        assert f"\n{row['id']} " in text


# -- members and bills ------------------------------------------------------------------


def people(*, billing_day: int | None = 1, proration: Proration = Proration.BY_DAY) -> Network:
    """A centre at Murat, two tiers, a day pass, and members of every kind.

    - ``bruno`` and ``chloe``, salaried by Acme, whose agreement pays the
      ``plus`` tier for both from 2011; listed first, so a company is the
      first payer of a bill;
    - ``anne``, independent since 2010, leaves on 2012-03-16 (a day pass on
      2012-03-05);
    - ``lea``, nomadic, joins on 2012-02-29: free until 2013-02-28;
    - ``dora`` joined on 2009-01-10, left in 2010 and came back in 2012;
    - ``eric``, a trained newcomer of June 2011, free for 24 months;
    - ``fred`` moves from ``standard`` to ``plus`` on 2012-03-10.
    """
    murat = centre("murat", opens=dt.date(2006, 3, 1))
    day = dt.date
    policy = Policy(
        free_period=FreePeriod(variants=[FreeVariant(eligibility="trained-newcomer", months=24)]),
        tiers=[
            Tier(slug="standard", name="Standard", monthly_fee=Money.of(60)),
            Tier(slug="plus", name="Plus", monthly_fee=Money.of(90)),
        ],
        passes=[PassPrice(kind=PassKind.DAY, price=Money.of(20))],
        proration=proration,
        billing_day=billing_day,
    )
    return Network(
        name="Test",
        territory=CANTAL,
        centres=[murat],
        policy=policy,
        companies=[Company(id="acme", name="Acme SA")],
        members=[
            Member(id="bruno", name="Bruno Roux", kind=MemberKind.SALARIED, employer="acme"),
            Member(id="chloe", name="Chloé Vidal", kind=MemberKind.SALARIED, employer="acme"),
            Member(id="anne", name="Anne Martin", kind=MemberKind.INDEPENDENT),
            Member(id="lea", name="Léa Brun", kind=MemberKind.NOMADIC),
            Member(id="dora", name="Dora Petit", kind=MemberKind.INDEPENDENT),
            Member(
                id="eric",
                name="Éric Blanc",
                kind=MemberKind.INDEPENDENT,
                eligibility=["trained-newcomer"],
            ),
            Member(id="fred", name="Fred Noël", kind=MemberKind.NOMADIC),
        ],
        agreements=[
            Agreement(
                company="acme", employees=["bruno", "chloe"], tier="plus", since=day(2011, 1, 1)
            )
        ],
        memberships=[
            Membership(member="bruno", joined=day(2010, 1, 1), centre="murat", tier="standard"),
            Membership(member="chloe", joined=day(2010, 6, 1), centre="murat", tier="standard"),
            Membership(
                member="anne",
                joined=day(2010, 1, 1),
                centre="murat",
                tier="standard",
                left=day(2012, 3, 16),
            ),
            Membership(member="lea", joined=day(2012, 2, 29), centre="murat", tier="standard"),
            Membership(
                member="dora",
                joined=day(2009, 1, 10),
                centre="murat",
                tier="standard",
                left=day(2010, 1, 1),
            ),
            Membership(member="dora", joined=day(2012, 1, 10), centre="murat", tier="plus"),
            Membership(member="eric", joined=day(2011, 6, 1), centre="murat", tier="standard"),
            Membership(
                member="fred",
                joined=day(2010, 1, 1),
                centre="murat",
                tier="standard",
                changes=[TierChange(since=day(2012, 3, 10), tier="plus")],
            ),
        ],
        pass_uses=[PassUse(member="anne", kind=PassKind.DAY, on=day(2012, 3, 5), centre="murat")],
    )


Row = TypeVar("Row", bound=Mapping[str, object])


def row_of(rows: Sequence[Row], key: str, value: str) -> Row:
    """The one row of ``rows`` whose ``key`` is ``value``."""
    found = [row for row in rows if row[key] == value]
    assert len(found) == 1
    return found[0]


class TestMembersReport:
    def test_it_lists_the_members_of_the_day_in_the_network_order(self) -> None:
        data = members_report(people(), dt.date(2012, 3, 10))
        assert data["date"] == "2012-03-10"
        assert data["network"]["name"] == "Test"
        assert [row["id"] for row in data["members"]] == [
            "bruno",
            "chloe",
            "anne",
            "lea",
            "dora",
            "eric",
            "fred",
        ]

    def test_members_who_left_or_have_not_joined_are_left_out(self) -> None:
        data = members_report(people(), dt.date(2012, 3, 16))
        assert "anne" not in [row["id"] for row in data["members"]]
        data = members_report(people(), dt.date(2010, 6, 1))
        assert [row["id"] for row in data["members"]] == ["bruno", "chloe", "anne", "fred"]

    def test_a_member_joining_on_29_february_is_free_until_28_february_next_year(self) -> None:
        before = members_report(people(), dt.date(2013, 2, 27))
        lea = row_of(before["members"], "id", "lea")
        assert lea == {
            "id": "lea",
            "name": "Léa Brun",
            "kind": "nomadic",
            "centre": "murat",
            "tier": "standard",
            "payer": {"kind": "member", "id": "lea", "name": "Léa Brun"},
            "joined": "2012-02-29",
            "free_until": "2013-02-28",
            "in_free_period": True,
        }
        after = members_report(people(), dt.date(2013, 2, 28))
        assert row_of(after["members"], "id", "lea")["in_free_period"] is False

    def test_a_company_pays_for_its_employees_on_the_agreement_tier(self) -> None:
        data = members_report(people(), dt.date(2012, 3, 10))
        for member in ("bruno", "chloe"):
            row = row_of(data["members"], "id", member)
            assert row["tier"] == "plus"
            assert row["payer"] == {"kind": "company", "id": "acme", "name": "Acme SA"}

    def test_before_the_agreement_the_employee_pays_its_own_tier(self) -> None:
        data = members_report(people(), dt.date(2010, 12, 31))
        bruno = row_of(data["members"], "id", "bruno")
        assert bruno["tier"] == "standard"
        assert bruno["payer"] == {"kind": "member", "id": "bruno", "name": "Bruno Roux"}

    def test_the_tier_is_the_one_in_force_that_day(self) -> None:
        assert (
            row_of(members_report(people(), dt.date(2012, 3, 9))["members"], "id", "fred")["tier"]
            == "standard"
        )
        assert (
            row_of(members_report(people(), dt.date(2012, 3, 10))["members"], "id", "fred")["tier"]
            == "plus"
        )

    def test_a_member_who_came_back_keeps_its_first_join_and_free_period(self) -> None:
        dora = row_of(members_report(people(), dt.date(2012, 3, 10))["members"], "id", "dora")
        assert (dora["joined"], dora["free_until"], dora["in_free_period"]) == (
            "2009-01-10",
            "2010-01-10",
            False,
        )
        assert dora["tier"] == "plus"

    def test_an_eligible_member_gets_the_longer_free_period(self) -> None:
        eric = row_of(members_report(people(), dt.date(2012, 3, 10))["members"], "id", "eric")
        assert (eric["free_until"], eric["in_free_period"]) == ("2013-06-01", True)

    def test_the_totals_count_members_by_kind_and_who_is_still_free(self) -> None:
        data = members_report(people(), dt.date(2012, 3, 10))
        assert data["totals"] == {
            "members": 7,
            "by_kind": {"independent": 3, "salaried": 2, "nomadic": 2},
            "in_free_period": 2,
            "paying": 5,
        }

    def test_a_day_without_members_has_zero_of_every_kind(self) -> None:
        data = members_report(people(), dt.date(2005, 1, 1))
        assert data["members"] == []
        assert data["totals"] == {
            "members": 0,
            "by_kind": {"independent": 0, "salaried": 0, "nomadic": 0},
            "in_free_period": 0,
            "paying": 0,
        }

    def test_the_data_is_plain_json(self) -> None:
        data = members_report(people(), dt.date(2012, 3, 10))
        assert json.loads(json.dumps(data)) == data

    def test_the_reference_network_reports_consistent_totals(self) -> None:
        # Robust to the reference's illustrative members: structure, not counts.
        data = members_report(cybercantal(), dt.date(2012, 6, 1))
        totals = data["totals"]
        assert totals["members"] == len(data["members"])
        assert sum(totals["by_kind"].values()) == totals["members"]
        assert totals["in_free_period"] + totals["paying"] == totals["members"]
        for row in data["members"]:
            assert row["joined"] <= data["date"]
            assert row["in_free_period"] == (data["date"] < row["free_until"])


class TestRenderMembers:
    def test_one_aligned_line_per_member_with_its_free_period(self) -> None:
        text = render_members(members_report(people(), dt.date(2012, 3, 10)))
        lines = text.splitlines()
        assert lines[0] == "Test, Cantal (15): members on 2012-03-10"
        header = next(line for line in lines if line.startswith("id "))
        lea = next(line for line in lines if line.startswith("lea "))
        assert " ".join(lea.split()) == (
            "lea Léa Brun nomadic murat standard member 2012-02-29 free until 2013-02-28"
        )
        assert header.index("free period") == lea.index("free until")
        assert header.index("payer") == lea.index("member")

    def test_a_paying_member_shows_since_when_and_a_company_as_payer(self) -> None:
        text = render_members(members_report(people(), dt.date(2012, 3, 10)))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert (
            "bruno Bruno Roux salaried murat plus company acme 2010-01-01 paying since 2011-01-01"
            in lines
        )

    def test_the_totals_close_the_report(self) -> None:
        text = render_members(members_report(people(), dt.date(2012, 3, 10)))
        tail = [" ".join(line.split()) for line in text.splitlines()[-7:]]
        assert tail == [
            "Totals",
            "members 7",
            "independent 3",
            "salaried 2",
            "nomadic 2",
            "in free period 2",
            "paying 5",
        ]

    def test_a_day_without_members_says_so(self) -> None:
        text = render_members(members_report(people(), dt.date(2005, 1, 1)))
        assert "No member on 2005-01-01." in text
        assert "id " not in text

    def test_no_line_ends_with_spaces(self) -> None:
        text = render_members(members_report(people(), dt.date(2012, 3, 10)))
        assert all(line == line.rstrip() for line in text.splitlines())


class TestBillReport:
    def test_it_names_the_month_the_billing_day_the_proration_and_the_period(self) -> None:
        data = bill_report(people(), 2012, 3)
        assert data["network"]["name"] == "Test"
        assert data["month"] == "2012-03"
        assert data["billing"] == {"day": 1, "proration": "by-day"}
        assert data["period"] == {"first_day": "2012-03-01", "last_day": "2012-03-31"}

    def test_a_company_pays_for_two_employees(self) -> None:
        data = bill_report(people(), 2012, 3)
        acme = {"kind": "company", "id": "acme", "name": "Acme SA"}
        for member in ("bruno", "chloe"):
            charge = row_of(data["charges"], "member", member)
            assert charge["payer"] == acme
            assert (charge["item"], charge["reason"], charge["amount"]) == ("plus", "fee", "90.00")
        assert {**acme, "amount": "180.00"} in data["totals"]["payers"]
        assert data["totals"]["paid_by_companies"] == "180.00"

    def test_a_member_leaving_mid_month_is_charged_by_the_day(self) -> None:
        data = bill_report(people(), 2012, 3)
        fee = next(
            row for row in data["charges"] if row["member"] == "anne" and row["reason"] != "pass"
        )
        assert fee == {
            "member": "anne",
            "name": "Anne Martin",
            "period": {"first_day": "2012-03-01", "last_day": "2012-03-31"},
            "first_day": "2012-03-01",
            "last_day": "2012-03-15",
            "days": 15,
            "item": "standard",
            "reason": "proration",
            "payer": {"kind": "member", "id": "anne", "name": "Anne Martin"},
            "amount": "29.10",  # 15 days of 60.00 € / 31
        }

    def test_a_pass_is_one_day_charged_to_the_member(self) -> None:
        data = bill_report(people(), 2012, 3)
        charge = next(row for row in data["charges"] if row["reason"] == "pass")
        assert (charge["member"], charge["first_day"], charge["last_day"], charge["days"]) == (
            "anne",
            "2012-03-05",
            "2012-03-05",
            1,
        )
        assert (charge["item"], charge["amount"]) == ("day", "20.00")

    def test_a_tier_change_splits_the_month(self) -> None:
        data = bill_report(people(), 2012, 3)
        fred = [row for row in data["charges"] if row["member"] == "fred"]
        assert [(row["item"], row["first_day"], row["last_day"]) for row in fred] == [
            ("standard", "2012-03-01", "2012-03-09"),
            ("plus", "2012-03-10", "2012-03-31"),
        ]

    def test_a_member_in_its_free_period_is_not_charged_then_pays_from_its_end(self) -> None:
        assert "lea" not in [row["member"] for row in bill_report(people(), 2013, 1)["charges"]]
        lea = row_of(bill_report(people(), 2013, 2)["charges"], "member", "lea")
        assert (lea["first_day"], lea["last_day"], lea["days"], lea["amount"]) == (
            "2013-02-28",
            "2013-02-28",
            1,
            "2.14",  # the last of 28 shares of 60.00 €
        )

    def test_the_totals_per_member_per_payer_and_per_reason_add_up(self) -> None:
        totals = bill_report(people(), 2012, 3)["totals"]
        assert totals["members"][:3] == [
            {"member": "bruno", "name": "Bruno Roux", "amount": "90.00"},
            {"member": "chloe", "name": "Chloé Vidal", "amount": "90.00"},
            {"member": "anne", "name": "Anne Martin", "amount": "49.10"},
        ]
        assert totals["reasons"] == [
            {"reason": "fee", "amount": "270.00"},
            {"reason": "proration", "amount": "110.37"},
            {"reason": "pass", "amount": "20.00"},
        ]
        assert totals["paid_by_members"] == "220.37"
        assert totals["paid_by_companies"] == "180.00"
        assert totals["total"] == "400.37"

    def test_members_pay_before_companies_in_the_payer_totals(self) -> None:
        # Acme's employees come first in the network, yet members are listed first.
        payers = bill_report(people(), 2012, 3)["totals"]["payers"]
        kinds = [row["kind"] for row in payers]
        assert kinds == sorted(kinds, key=lambda kind: kind != "member")
        assert kinds[-1] == "company"
        assert payers[0] == {
            "kind": "member",
            "id": "anne",
            "name": "Anne Martin",
            "amount": "49.10",
        }

    def test_every_amount_is_a_string_of_euros_and_cents(self) -> None:
        data = bill_report(people(), 2012, 3)
        totals = data["totals"]
        amounts = [row["amount"] for row in data["charges"]]
        amounts += [row["amount"] for row in totals["members"]]
        amounts += [row["amount"] for row in totals["payers"]]
        amounts += [row["amount"] for row in totals["reasons"]]
        amounts += [totals["paid_by_members"], totals["paid_by_companies"], totals["total"]]
        assert all(isinstance(amount, str) for amount in amounts)
        assert all(len(amount.rpartition(".")[2]) == 2 for amount in amounts)

    def test_a_month_with_no_charge_lists_the_three_reasons_at_zero(self) -> None:
        data = bill_report(people(), 2005, 1)
        assert data["charges"] == []
        assert data["totals"] == {
            "members": [],
            "payers": [],
            "reasons": [
                {"reason": "fee", "amount": "0.00"},
                {"reason": "proration", "amount": "0.00"},
                {"reason": "pass", "amount": "0.00"},
            ],
            "paid_by_members": "0.00",
            "paid_by_companies": "0.00",
            "total": "0.00",
        }

    def test_anniversary_billing_has_no_common_period(self) -> None:
        data = bill_report(people(billing_day=None), 2012, 3)
        assert data["billing"] == {"day": None, "proration": "by-day"}
        assert data["period"] is None
        chloe = row_of(data["charges"], "member", "chloe")
        assert chloe["period"] == {"first_day": "2012-03-01", "last_day": "2012-03-31"}
        dora = row_of(data["charges"], "member", "dora")
        assert dora["period"] == {"first_day": "2012-03-10", "last_day": "2012-04-09"}

    def test_the_proration_of_the_policy_is_named(self) -> None:
        data = bill_report(people(proration=Proration.NEXT_MONTH), 2012, 3)
        assert data["billing"]["proration"] == "next-month"

    def test_the_data_is_plain_json(self) -> None:
        data = bill_report(people(), 2012, 3)
        assert json.loads(json.dumps(data)) == data

    def test_the_reference_network_bills_add_up(self) -> None:
        # Robust to the reference's illustrative members: structure, not amounts.
        data = bill_report(cybercantal(), 2012, 3)
        assert list(data) == ["network", "month", "billing", "period", "charges", "totals"]
        cents = sum(int(row["amount"].replace(".", "")) for row in data["charges"])
        assert cents == int(data["totals"]["total"].replace(".", ""))


class TestRenderBill:
    def test_the_header_names_the_month_the_period_and_the_proration(self) -> None:
        lines = render_bill(bill_report(people(), 2012, 3)).splitlines()
        assert lines[:2] == [
            "Test, Cantal (15): bill for 2012-03",
            "Billing period 2012-03-01 to 2012-03-31 (billing day 1); proration: by-day",
        ]

    def test_anniversary_billing_says_so(self) -> None:
        lines = render_bill(bill_report(people(billing_day=None), 2012, 3)).splitlines()
        assert lines[1] == (
            "Billing periods start on each member's anniversary of first joining; proration: by-day"
        )

    def test_one_line_per_charge_with_the_amount_right_aligned(self) -> None:
        lines = render_bill(bill_report(people(), 2012, 3)).splitlines()
        header = next(line for line in lines if line.startswith("member "))
        anne = [line for line in lines if line.startswith("anne ") and "2012-03" in line]
        assert [" ".join(line.split()) for line in anne] == [
            "anne Anne Martin 2012-03-01..2012-03-15 standard proration member anne 29.10 €",
            "anne Anne Martin 2012-03-05 day pass pass member anne 20.00 €",
        ]
        assert all(len(line) == len(header) for line in anne)
        assert header.endswith("amount")

    def test_the_totals_per_member_payer_and_reason_follow(self) -> None:
        lines = [
            " ".join(line.split())
            for line in render_bill(bill_report(people(), 2012, 3)).splitlines()
        ]
        members = lines.index("Per member")
        assert lines[members + 2 : members + 4] == [
            "member name amount",
            "bruno Bruno Roux 90.00 €",
        ]
        payers = lines.index("Per payer")
        assert lines[payers + 2 :][:3] == [
            "payer name amount",
            "member anne Anne Martin 49.10 €",
            "member dora Dora Petit 90.00 €",
        ]
        assert "company acme Acme SA 180.00 €" in lines[payers:]
        assert lines[-11:] == [
            "Per reason",
            "",
            "reason amount",
            "fee 270.00 €",
            "proration 110.37 €",
            "pass 20.00 €",
            "",
            "Totals",
            "paid by members 220.37 €",
            "paid by companies 180.00 €",
            "total 400.37 €",
        ]

    def test_a_month_with_no_charge_says_so(self) -> None:
        text = render_bill(bill_report(people(), 2005, 1))
        assert "Nothing is charged for 2005-01." in text
        assert "Per member" not in text
        assert text.endswith("total              0.00 €\n")

    def test_no_line_ends_with_spaces(self) -> None:
        text = render_bill(bill_report(people(), 2012, 3))
        assert all(line == line.rstrip() for line in text.splitlines())


# -- funding ----------------------------------------------------------------------------------


_CG = Funder(id="cg", name="Conseil général", kind=FunderKind.DEPARTEMENT)
_SPONSOR = Funder(id="acme", name="Acme SA", kind=FunderKind.COMPANY)


def funded(*, early: bool = False) -> Network:
    """Murat (4 seats) and Ydes (3 seats), open from 2010; two funders; costs in 2011.

    With ``early``, a grant given in 2009, before any centre opened, too.
    """
    contributions = [
        Contribution(
            funder="cg", category=CostCategory.ANIMATION, amount=Money.of(7000), first_year=2011
        ),
        Contribution(
            funder="acme",
            centre="ydes",
            category=CostCategory.IT_EQUIPMENT,
            form=ContributionForm.IN_KIND,
            amount=Money.of("1500.50"),
            on=dt.date(2011, 3, 1),
        ),
    ]
    if early:
        contributions.append(
            Contribution(
                funder="cg",
                category=CostCategory.INITIAL_INVESTMENT,
                amount=Money.of(900),
                on=dt.date(2009, 6, 1),
            )
        )
    return Network(
        name="Test",
        territory=CANTAL,
        centres=[centre("murat"), centre("ydes", commune=YDES, seats=3)],
        funders=[_CG, _SPONSOR],
        contributions=contributions,
        costs=[
            Cost(category=CostCategory.ANIMATION, amount=Money.of(9000), first_year=2011),
            Cost(category=CostCategory.OPERATING, amount=Money.of(3000), first_year=2011),
        ],
    )


class TestFundingReport:
    def test_it_names_the_years_and_the_split_rule(self) -> None:
        data = funding_report(funded(), 2011)
        assert (data["years"], data["split"]) == ({"first": 2011, "last": 2011}, "by-seats")
        assert funding_report(funded(), 2010, 2012)["years"] == {"first": 2010, "last": 2012}

    def test_each_funder_lists_what_it_gives_by_category_cash_and_in_kind(self) -> None:
        funders = funding_report(funded(), 2011)["funders"]
        assert funders == [
            {
                "id": "cg",
                "name": "Conseil général",
                "kind": "departement",
                "public": True,
                "contributions": [
                    {
                        "category": "animation",
                        "cash": "7000.00",
                        "in_kind": "0.00",
                        "total": "7000.00",
                    }
                ],
                "cash": "7000.00",
                "in_kind": "0.00",
                "total": "7000.00",
            },
            {
                "id": "acme",
                "name": "Acme SA",
                "kind": "company",
                "public": False,
                "contributions": [
                    {
                        "category": "it-equipment",
                        "cash": "0.00",
                        "in_kind": "1500.50",
                        "total": "1500.50",
                    }
                ],
                "cash": "0.00",
                "in_kind": "1500.50",
                "total": "1500.50",
            },
        ]

    def test_a_funder_who_gives_nothing_those_years_is_listed_with_nothing(self) -> None:
        (cg, acme) = funding_report(funded(), 2010)["funders"]
        assert (cg["contributions"], cg["total"]) == ([], "0.00")
        assert acme["total"] == "0.00"

    def test_every_category_is_listed_with_its_coverage_and_gap(self) -> None:
        rows = {row["category"]: row for row in funding_report(funded(), 2011)["categories"]}
        assert list(rows) == [str(category) for category in CostCategory]
        assert rows["animation"] == {
            "category": "animation",
            "operating": True,
            "costs": "9000.00",
            "funded": "7000.00",
            "covered": "7000.00",
            "gap": "2000.00",
            "surplus": "0.00",
            "coverage": "77.8",
        }
        assert rows["operating"]["coverage"] == "0.0"
        assert rows["it-equipment"] == {
            "category": "it-equipment",
            "operating": False,
            "costs": "0.00",
            "funded": "1500.50",
            "covered": "0.00",
            "gap": "0.00",
            "surplus": "1500.50",
            "coverage": None,
        }

    def test_each_centre_gets_its_own_and_its_seats_share_of_the_networks(self) -> None:
        centres = funding_report(funded(), 2011)["centres"]
        assert centres == [
            {
                "id": "murat",
                "name": "Centre murat",
                "direct": "0.00",
                "shared": "4000.00",
                "total": "4000.00",
            },
            {
                "id": "ydes",
                "name": "Centre ydes",
                "direct": "1500.50",
                "shared": "3000.00",
                "total": "4500.50",
            },
        ]

    def test_the_totals_revenue_and_amounts_per_seat(self) -> None:
        data = funding_report(funded(), 2011)
        assert data["totals"] == {
            "costs": "12000.00",
            "operating_costs": "12000.00",
            "investment_costs": "0.00",
            "contributions": "8500.50",
            "cash": "7000.00",
            "in_kind": "1500.50",
            "public_subsidy": "7000.00",
            "revenue": "0.00",
            "balance": "-3499.50",
            "fee_share_of_costs": "0.0",
        }
        assert data["revenue"] == {"fees": "0.00", "passes": "0.00", "total": "0.00"}
        assert data["per_unit"] == {
            "seat_years": "7.00",
            "regular_users": 0,
            "user_years": 0,
            "public_subsidy_per_seat_year": "1000.00",
            "public_subsidy_per_user_year": None,
        }

    def test_with_no_member_paying_there_is_no_break_even_fee(self) -> None:
        assert funding_report(funded(), 2011)["break_even"] == {
            "fee": None,
            "operating_costs": "12000.00",
            "passes": "0.00",
            "to_cover": "12000.00",
            "paying_months": "0.00",
            "band": {"minimum": "50.00", "maximum": "100.00"},
            "within_band": None,
        }

    def test_the_reference_break_even_fee_is_above_the_band(self) -> None:
        data = funding_report(cybercantal(), 2011)["break_even"]
        assert (data["fee"], data["within_band"], data["paying_months"]) == (
            "274.00",
            False,
            "267.38",
        )

    def test_a_grant_given_before_any_centre_opened_is_unallocated(self) -> None:
        data = funding_report(funded(early=True), 2009)
        assert data["unallocated"] == "900.00"
        assert [row["total"] for row in data["centres"]] == ["0.00", "0.00"]

    def test_the_data_is_plain_json(self) -> None:
        data = funding_report(cybercantal(), 2008)
        assert json.loads(json.dumps(data)) == data


class TestRenderFunding:
    def test_the_header_names_the_network_and_the_years(self) -> None:
        assert render_funding(funding_report(funded(), 2011)).startswith(
            "Test, Cantal (15): funding, 2011\n\nWho funds what\n"
        )
        assert render_funding(funding_report(funded(), 2010, 2012)).startswith(
            "Test, Cantal (15): funding, 2010 to 2012\n"
        )

    def test_who_funds_what_then_the_totals_per_funder(self) -> None:
        lines = [
            " ".join(line.split())
            for line in render_funding(funding_report(funded(), 2011)).splitlines()
        ]
        start = lines.index("Who funds what")
        assert lines[start + 2 : start + 5] == [
            "funder kind category cash in kind total",
            "cg departement animation 7000.00 € 0.00 € 7000.00 €",
            "acme company it-equipment 0.00 € 1500.50 € 1500.50 €",
        ]
        per_funder = lines.index("Per funder")
        assert lines[per_funder + 2 : per_funder + 5] == [
            "funder name public cash in kind total",
            "cg Conseil général yes 7000.00 € 0.00 € 7000.00 €",
            "acme Acme SA no 0.00 € 1500.50 € 1500.50 €",
        ]

    def test_coverage_shows_a_dash_for_a_category_that_costs_nothing(self) -> None:
        lines = [
            " ".join(line.split())
            for line in render_funding(funding_report(funded(), 2011)).splitlines()
        ]
        assert "animation yes 9000.00 € 7000.00 € 2000.00 € 0.00 € 77.8 %" in lines
        assert "it-equipment no 0.00 € 1500.50 € 0.00 € 1500.50 € -" in lines

    def test_amounts_are_right_aligned(self) -> None:
        text = render_funding(funding_report(funded(), 2011))
        balance = text.split("Balance\n\n")[1].split("\n\n")[0].splitlines()
        assert len({len(line) for line in balance}) == 1
        assert balance[0].split() == ["costs", "12000.00", "€"]
        assert balance[-1].endswith(" -3499.50 €")

    def test_the_break_even_fee_says_where_it_lies_against_the_band(self) -> None:
        text = render_funding(funding_report(cybercantal(), 2011))
        assert text.endswith(
            "break-even fee          274.00 €\n"
            "274.00 € a month is above the policy's band of 50.00 € to 100.00 €.\n"
        )
        assert render_funding(funding_report(funded(), 2011)).endswith(
            "No member pays in these years: no fee can cover the costs.\n"
        )

    def test_a_break_even_fee_below_the_band_says_so(self) -> None:
        text = render_funding(funding_report(cybercantal(), 2012))
        assert text.endswith("0.00 € a month is below the policy's band of 50.00 € to 100.00 €.\n")

    def test_a_grant_not_split_is_shown_below_the_centres(self) -> None:
        text = render_funding(funding_report(funded(early=True), 2009))
        assert "Given when no centre was open, not split: 900.00 €" in text

    def test_years_without_contributions_and_a_network_without_centres_say_so(self) -> None:
        empty = Network(name="Test", territory=CANTAL)
        text = render_funding(funding_report(empty, 2011))
        assert "No contribution in 2011." in text
        assert "The network has no centre." in text
        assert "Per funder" not in text

    def test_no_line_ends_with_spaces(self) -> None:
        for network_, year in ((cybercantal(), 2008), (funded(early=True), 2009)):
            text = render_funding(funding_report(network_, year))
            assert all(line == line.rstrip() for line in text.splitlines())
