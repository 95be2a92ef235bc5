"""Figures for funders and the activities report: counted from the reference programme.

The reference programme (the reference file's ``[programme]``, illustrative) has six
"Santé & travail" sessions in 2011 and three "Télémarketing" sessions in 2012, paid for by
the Conseil général; one micro-enterprise training paid for by the European Social Fund;
one members' café with no funder; and one networking evening with no registration yet.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from programme_fixtures import network_without_funders, reference_network, reference_programme

from telecentre_core.activity import Activity, ActivityKind, Programme
from telecentre_core.programme import Breakdown, Figures, programme_figures
from telecentre_core.report import activities_report, render_activities

NETWORK: Any = reference_network()
D = dt.date
T = dt.time
Y2011 = {"start": D(2011, 1, 1), "end": D(2011, 12, 31)}


def _rows(by: Breakdown, **period: Any) -> dict[str | None, Figures]:
    figures = programme_figures(NETWORK, reference_programme(), by=by, **period)
    return {row.key: row.figures for row in figures.rows}


def test_the_attendance_report_of_a_funder_over_a_year() -> None:
    figures = _rows(Breakdown.FUNDER, **Y2011)["conseil-general-cantal"]
    assert figures == Figures(
        sessions=6,
        sessions_held=6,
        places=24,
        registered=24,
        waiting=3,  # m29 waits for the first three sessions
        expected=24,
        present=22,  # m17 missed session 2, m15 session 6
        training_minutes=6 * 180,
        trainee_minutes=22 * 180,
        people_trained=5,  # m14, m15, m16, m17, and m29 from session 4
    )
    assert figures.absent == 2
    assert figures.attendance_rate == Decimal("0.9167")
    assert figures.training_hours == Decimal("18.00")
    assert figures.trainee_hours == Decimal("66.00")


def test_the_attendance_report_of_every_funder_over_the_whole_programme() -> None:
    figures = programme_figures(NETWORK, reference_programme(), by=Breakdown.FUNDER)
    assert [(row.key, row.label) for row in figures.rows] == [
        ("conseil-general-cantal", "Conseil général du Cantal"),
        ("fse", "Fonds social européen"),
        (None, "no funder"),
    ]
    council, esf, none = (row.figures for row in figures.rows)
    assert (council.sessions, council.sessions_held, council.registered, council.waiting) == (
        10,
        9,  # the networking evening of June 2012 has no attendance yet
        36,
        6,
    )
    assert (council.present, council.training_hours, council.people_trained) == (
        33,
        Decimal("27.00"),
        9,
    )
    assert (esf.sessions, esf.present, esf.training_hours, esf.people_trained) == (
        1,
        4,
        Decimal("7.00"),
        4,
    )
    assert esf.attendance_rate == Decimal("1.0000")
    # The café is an animation: people came, nobody was trained.
    assert (none.present, none.attendance_rate, none.training_minutes, none.people_trained) == (
        3,
        Decimal("0.7500"),
        0,
        0,
    )


def test_the_total_counts_each_person_trained_once() -> None:
    figures = programme_figures(NETWORK, reference_programme(), by=Breakdown.FUNDER)
    assert figures.total.people_trained == 13
    assert figures.total.people_trained <= sum(row.figures.people_trained for row in figures.rows)
    assert figures.total.sessions == sum(row.figures.sessions for row in figures.rows)
    assert figures.total.training_hours == Decimal("34.00")


def test_figures_by_theme_follow_the_networks_catalogue_then_free_themes() -> None:
    figures = programme_figures(NETWORK, reference_programme(), by=Breakdown.THEME)
    assert [(row.key, row.label) for row in figures.rows] == [
        ("sante-travail", "Santé & travail"),
        ("telemarketing", "Télémarketing"),
        ("creation-entreprise", "Création d'entreprise"),
        (None, "free theme"),
    ]


def test_figures_by_centre_follow_the_networks_centres() -> None:
    rows = _rows(Breakdown.CENTRE)
    assert list(rows) == ["murat", "chaudes-aigues", "saint-flour", "aurillac"]
    assert rows["aurillac"].waiting == 3  # m27, for each Télémarketing session
    labels = [
        row.label
        for row in programme_figures(NETWORK, reference_programme(), by=Breakdown.CENTRE).rows
    ]
    assert labels[0] == "Télécentre de Murat"


def test_a_period_counts_the_activities_of_its_days_only() -> None:
    figures = programme_figures(
        NETWORK, reference_programme(), start=D(2011, 10, 24), end=D(2011, 10, 31)
    )
    assert figures.rows == ()
    assert (figures.total.sessions, figures.total.training_hours) == (2, Decimal("6.00"))
    assert (figures.start, figures.end, figures.by) == (D(2011, 10, 24), D(2011, 10, 31), None)


def test_nothing_held_yet_has_no_attendance_rate() -> None:
    figures = programme_figures(NETWORK, reference_programme(), start=D(2012, 6, 1)).total
    assert (figures.sessions, figures.sessions_held, figures.expected) == (1, 0, 0)
    assert figures.attendance_rate is None


def test_hours_of_training_count_the_time_that_passed_on_the_night_the_clocks_go_back() -> None:
    night = Activity(
        id="nuit",
        kind=ActivityKind.TRAINING,
        title="Formation de nuit",
        centre="murat",
        day=D(2011, 10, 30),
        starts=T(1),
        ends=T(4),
        places=1,
    )
    programme = Programme().schedule(NETWORK, night)
    programme = programme.register(NETWORK, "nuit", "m01", D(2011, 10, 1))
    programme = programme.record_attendance(NETWORK, "nuit", "m01", present=True)
    assert programme_figures(NETWORK, programme).total.training_hours == Decimal("4.00")


def test_someone_holding_a_place_without_a_record_counts_as_absent() -> None:
    programme = reference_programme()
    session = "telemarketing-2012-1"
    attendance = tuple(
        record
        for record in programme.attendance
        if not (record.activity == session and record.member == "m24")
    )
    programme = attrs.evolve(programme, attendance=attendance)
    figures = programme_figures(NETWORK, programme, start=D(2012, 3, 15), end=D(2012, 3, 15))
    assert (figures.total.expected, figures.total.present, figures.total.absent) == (4, 3, 1)


def test_a_funder_the_network_does_not_declare_is_labelled_by_its_id() -> None:
    network = network_without_funders()
    figures = programme_figures(network, reference_programme(), by=Breakdown.FUNDER)
    assert [(row.key, row.label) for row in figures.rows] == [
        ("conseil-general-cantal", "conseil-general-cantal"),
        ("fse", "fse"),
        (None, "no funder"),
    ]


@given(start=st.dates(D(2011, 1, 1), D(2012, 12, 31)), days=st.integers(0, 400))
def test_the_rows_of_any_period_add_up_to_its_total(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    for by in Breakdown:
        figures = programme_figures(NETWORK, reference_programme(), start=start, end=end, by=by)
        for field in ("sessions", "sessions_held", "registered", "present", "training_minutes"):
            parts = sum(getattr(row.figures, field) for row in figures.rows)
            assert parts == getattr(figures.total, field)


# -- the activities report -------------------------------------------------------------------


def test_the_activities_report_is_plain_json_ready_data() -> None:
    data = activities_report(NETWORK, reference_programme(), D(2011, 1, 1), D(2011, 12, 31))
    assert json.loads(json.dumps(data)) == data
    assert data["period"] == {"first_day": "2011-01-01", "last_day": "2011-12-31"}
    assert [row["id"] for row in data["activities"]][:2] == [
        "cafe-teletravail-2011-06",
        "sante-travail-2011-1",
    ]
    fourth = next(row for row in data["activities"] if row["id"] == "sante-travail-2011-4")
    assert fourth == {
        "id": "sante-travail-2011-4",
        "kind": "training",
        "title": "Santé & travail",
        "theme": "sante-travail",
        "centre": "chaudes-aigues",
        "day": "2011-10-31",
        "starts": "09:00",
        "ends": "12:00",
        "starts_at": "2011-10-31T09:00:00+01:00",
        "ends_at": "2011-10-31T12:00:00+01:00",
        "places": 4,
        "registered": 4,
        "waiting": 0,
        "places_left": 0,
        "price": "0.00",
        "audience": "public",
        "funder": "conseil-general-cantal",
        "series": "sante-travail-2011",
    }
    assert data["totals"]["attendance"] == "89.3"  # 25 of the 28 places taken, in %
    assert data["totals"]["training_hours"] == "18.00"
    assert [row["key"] for row in data["by_funder"]] == ["conseil-general-cantal", None]
    assert [row["key"] for row in data["by_theme"]] == ["sante-travail", None]
    assert [row["key"] for row in data["by_centre"]] == ["murat", "chaudes-aigues"]


def test_the_activities_report_reads_as_text() -> None:
    data = activities_report(NETWORK, reference_programme(), D(2011, 1, 1), D(2011, 12, 31))
    text = render_activities(data)
    lines = text.splitlines()
    assert lines[0] == "Cybercantal, Cantal (15): activities, from 2011-01-01 to 2011-12-31"
    assert any(
        line.split()[:4] == ["2011-10-31", "09:00-12:00", "chaudes-aigues", "training"]
        for line in lines
    )
    for heading in ("By funder", "By theme", "By centre", "Totals"):
        assert heading in lines
    assert any(line.startswith("Conseil général du Cantal") and "91.7 %" in line for line in lines)
    assert text.endswith("\n")


def test_a_period_without_activities_says_so() -> None:
    data = activities_report(NETWORK, reference_programme(), D(2013, 1, 1), None)
    assert render_activities(data).splitlines() == [
        "Cybercantal, Cantal (15): activities, from 2013-01-01 on",
        "",
        "No activity in this period.",
    ]
    assert data["totals"]["attendance"] is None


def test_the_report_names_its_period() -> None:
    programme = reference_programme()
    until = render_activities(activities_report(NETWORK, programme, None, D(2011, 6, 30)))
    everything = render_activities(activities_report(NETWORK, programme))
    assert until.splitlines()[0].endswith("activities, until 2011-06-30")
    assert everything.splitlines()[0].endswith("activities, all dates")


def test_attendance_shows_a_dash_where_no_session_is_held_yet() -> None:
    data = activities_report(NETWORK, reference_programme(), D(2012, 6, 1), D(2012, 6, 30))
    (row,) = data["by_funder"]
    assert row["figures"]["attendance"] is None
    line = next(
        line for line in render_activities(data).splitlines() if line.startswith("Conseil général")
    )
    assert line.split()[-3:] == ["-", "0.00", "0"]


def test_the_figures_of_the_networks_own_programme_by_default() -> None:
    by_default = programme_figures(NETWORK, by=Breakdown.THEME)
    assert by_default == programme_figures(NETWORK, NETWORK.programme, by=Breakdown.THEME)
    assert by_default.by is Breakdown.THEME
    assert by_default.total.sessions == 12


def _session_on(theme: str, centre: str, funder: str) -> Activity:
    return Activity(
        id=f"{theme}-{centre}",
        kind=ActivityKind.TRAINING,
        title="Formation",
        theme=theme,
        centre=centre,
        funder=funder,
        day=D(2012, 4, 2),
        starts=T(9),
        ends=T(12),
        places=4,
    )


@pytest.mark.parametrize(
    ("by", "known", "unknown"),
    [
        (Breakdown.FUNDER, ("fse", "Fonds social européen"), ("mairie", "mairie")),
        (Breakdown.THEME, ("telemarketing", "Télémarketing"), ("yoga", "yoga")),
        (Breakdown.CENTRE, ("ydes", "Télécentre d'Ydes"), ("nowhere", "nowhere")),
    ],
)
def test_keys_the_network_does_not_declare_come_after_its_own_labelled_by_their_ids(
    by: Breakdown, known: tuple[str, str], unknown: tuple[str, str]
) -> None:
    # A programme checked against another network may name funders, themes and centres
    # this one lacks: this network's own come first, in its order (fse, telemarketing and
    # ydes are second in theirs), then the others.
    programme = Programme(
        activities=[
            _session_on("yoga", "nowhere", "mairie"),
            _session_on("telemarketing", "ydes", "fse"),
        ]
    )
    rows = programme_figures(NETWORK, programme, by=by).rows
    assert [(row.key, row.label) for row in rows] == [known, unknown]


def test_a_session_not_held_yet_does_not_stop_the_count_of_the_sessions_after_it() -> None:
    programme = reference_programme()
    first = "sante-travail-2011-1"
    programme = attrs.evolve(
        programme,
        attendance=tuple(record for record in programme.attendance if record.activity != first),
    )
    figures = programme_figures(NETWORK, programme, **Y2011).total
    assert (figures.sessions, figures.sessions_held) == (7, 6)


def test_minutes_of_training_are_whole_numbers() -> None:
    total = programme_figures(NETWORK, reference_programme()).total
    assert type(total.training_minutes) is int
    assert type(total.trainee_minutes) is int
