"""The Cybercantal's reference programme, built by hand, and strategies for activities.

Shared by ``test_activity.py``, ``test_programme_stateful.py``, ``test_programme_report.py``
and ``test_ics.py``. The reference programme is built twice on purpose: by hand here
(:func:`reference_programme`), and by the loader from the ``[programme]`` table of the
reference file (``cybercantal().programme``); a test checks both give the same programme.
Every date, time and number in it is illustrative (see the table's header in the file).
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from telecentre_core import Money
from telecentre_core.activity import (
    Activity,
    ActivityKind,
    Attendance,
    Audience,
    Programme,
    Registration,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.network import Network

D = dt.date
T = dt.time

SANTE_TRAVAIL_DAYS = (
    D(2011, 10, 10),
    D(2011, 10, 17),
    D(2011, 10, 24),
    D(2011, 10, 31),  # the first Monday after the clocks go back (30 October 2011)
    D(2011, 11, 7),
    D(2011, 11, 14),
)
TELEMARKETING_DAYS = (D(2012, 3, 15), D(2012, 3, 22), D(2012, 3, 29))  # around 25 March 2012


def reference_programme() -> Programme:
    """The reference programme, built by hand (the reference file must hold the same)."""
    activities: list[Activity] = []
    registrations: list[Registration] = []
    attendance: list[Attendance] = []
    for number, day in enumerate(SANTE_TRAVAIL_DAYS, 1):
        session = f"sante-travail-2011-{number}"
        activities.append(
            Activity(
                id=session,
                kind=ActivityKind.TRAINING,
                title="Santé & travail",
                theme="sante-travail",
                centre="chaudes-aigues",
                day=day,
                starts=T(9),
                ends=T(12),
                places=4,
                audience=Audience.PUBLIC,
                funder="conseil-general-cantal",
                series="sante-travail-2011",
                notes=(
                    f"Free training [A]. Illustrative: session {number} of 6, date, times, places."
                ),
            )
        )
        for member in ("m14", "m15", "m16", "m17"):
            cancelled = D(2011, 10, 25) if member == "m16" and number >= 4 else None
            registrations.append(
                Registration(
                    activity=session, member=member, on=D(2011, 9, 19), cancelled=cancelled
                )
            )
        registrations.append(Registration(activity=session, member="m29", on=D(2011, 9, 26)))
        people = ("m14", "m15", "m16", "m17") if number <= 3 else ("m14", "m15", "m17", "m29")
        for member in people:
            absent = (number, member) in {(2, "m17"), (6, "m15")}
            attendance.append(Attendance(activity=session, member=member, present=not absent))
    for number, day in enumerate(TELEMARKETING_DAYS, 1):
        session = f"telemarketing-2012-{number}"
        activities.append(
            Activity(
                id=session,
                kind=ActivityKind.TRAINING,
                title="Télémarketing",
                theme="telemarketing",
                centre="aurillac",
                day=day,
                starts=T(14),
                ends=T(17),
                places=4,
                audience=Audience.PUBLIC,
                funder="conseil-general-cantal",
                series="telemarketing-2012",
                notes=(
                    f"Free training [A]. Illustrative: session {number} of 3, date, times, places."
                ),
            )
        )
        for member in ("m21", "m22", "m23", "m24"):
            registrations.append(Registration(activity=session, member=member, on=D(2012, 2, 20)))
        registrations.append(Registration(activity=session, member="m27", on=D(2012, 2, 27)))
        for member in ("m21", "m22", "m23", "m24"):
            present = (number, member) != (2, "m23")
            attendance.append(Attendance(activity=session, member=member, present=present))
    activities.extend(
        [
            Activity(
                id="cafe-teletravail-2011-06",
                kind=ActivityKind.ANIMATION,
                title="Café télétravail",
                centre="murat",
                day=D(2011, 6, 16),
                starts=T(9),
                ends=T(10, 30),
                places=8,
                notes="Illustrative: an animation for members, free theme.",
            ),
            Activity(
                id="micro-entreprise-2012-05",
                kind=ActivityKind.TRAINING,
                title="Créer sa micro-entreprise",
                theme="creation-entreprise",
                centre="murat",
                day=D(2012, 5, 10),
                starts=T(9, 30),
                ends=T(16, 30),
                places=6,
                audience=Audience.PUBLIC,
                funder="fse",
                notes="ESF-funded training at Murat [B]. Illustrative: date, times, places.",
            ),
            Activity(
                id="rencontre-reseau-2012-06",
                kind=ActivityKind.ANIMATION,
                title="Rencontre du réseau Cybercantal",
                centre="saint-flour",
                day=D(2012, 6, 21),
                starts=T(18),
                ends=T(20),
                places=12,
                audience=Audience.PUBLIC,
                funder="conseil-general-cantal",
                notes="Illustrative: a networking evening, no registration yet.",
            ),
        ]
    )
    for member, on in (
        ("m01", D(2011, 6, 1)),
        ("m02", D(2011, 6, 1)),
        ("m03", D(2011, 6, 6)),
        ("m25", D(2011, 6, 10)),
    ):
        registrations.append(
            Registration(activity="cafe-teletravail-2011-06", member=member, on=on)
        )
    for member, on in (
        ("m01", D(2012, 4, 2)),
        ("m02", D(2012, 4, 3)),
        ("m25", D(2012, 4, 10)),
        ("m28", D(2012, 4, 12)),
    ):
        registrations.append(
            Registration(activity="micro-entreprise-2012-05", member=member, on=on)
        )
    for member in ("m01", "m02", "m03", "m25"):
        attendance.append(
            Attendance(activity="cafe-teletravail-2011-06", member=member, present=member != "m03")
        )
    for member in ("m01", "m02", "m25", "m28"):
        attendance.append(
            Attendance(activity="micro-entreprise-2012-05", member=member, present=True)
        )
    return Programme(activities=activities, registrations=registrations, attendance=attendance)


def reference_network() -> Network:
    """The Cybercantal, holding the reference programme."""
    return cybercantal()


def network_without_funders() -> Network:
    """The Cybercantal without funders (nor the contributions and programme naming them).

    A programme checked against another network may name funders this one lacks.
    """
    return attrs.evolve(cybercantal(), programme=Programme(), contributions=(), funders=())


# -- strategies ----------------------------------------------------------------------------

#: Times on a quarter-hour grid from 07:00 to 21:45, as (hour, minute).
QUARTERS = [T(hour, minute) for hour in range(7, 22) for minute in (0, 15, 30, 45)]


@st.composite
def time_spans(draw: st.DrawFn) -> tuple[dt.time, dt.time]:
    """A start and a later end on the quarter-hour grid."""
    start = draw(st.sampled_from(QUARTERS[:-1]))
    end = draw(st.sampled_from([time for time in QUARTERS if time > start]))
    return start, end


@st.composite
def activities_at(
    draw: st.DrawFn,
    network: Network,
    centre: str,
    *,
    day: dt.date | None = None,
    id: str | None = None,
    places: int | None = None,
    audience: Audience | None = None,
) -> Activity:
    """A valid activity at ``centre``: on a day it is open, on its own theme or a free one."""
    host = network.centre(centre)
    opens = host.lifecycle.opens
    assert opens is not None, f"{centre} never opens"
    if day is None:
        day = draw(st.dates(min_value=max(opens, D(2009, 1, 1)), max_value=D(2013, 12, 31)))
    starts, ends = draw(time_spans())
    return Activity(
        id=id
        if id is not None
        else draw(st.from_regex(r"[a-z]{1,8}(-[0-9]{1,3})?", fullmatch=True)),
        kind=draw(st.sampled_from(ActivityKind)),
        title=draw(st.sampled_from(["Santé & travail", "Café télétravail", "Atelier, niveau 1"])),
        theme=draw(st.sampled_from([None, *host.specialisations_on(day)])),
        centre=centre,
        day=day,
        starts=starts,
        ends=ends,
        places=places if places is not None else draw(st.integers(1, 6)),
        price=draw(st.sampled_from([Money.zero(), Money.of("10.00")])),
        audience=audience if audience is not None else draw(st.sampled_from(Audience)),
        funder=draw(st.sampled_from([None, "conseil-general-cantal", "fse"])),
        series=draw(st.sampled_from([None, "serie-a"])),
    )


#: Centres of the reference network open from 2009 on.
OPEN_CENTRES = (
    "murat",
    "ydes",
    "allanche",
    "montmurat",
    "chaudes-aigues",
    "saint-flour",
    "aurillac",
)
