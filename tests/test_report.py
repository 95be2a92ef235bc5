"""Reports: the network on a day and its plan, as data and as text."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from telecentre_core import (
    Centre,
    Commune,
    Holding,
    Lifecycle,
    Network,
    Point,
    SeatChange,
    Specialisation,
    Territory,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.report import network_report, plan_report, render_plan, render_report

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
