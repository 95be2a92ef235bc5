"""Reports on a network: what it is on a day, and how it changes over time.

The ``*_report`` functions build plain, JSON-ready data (strings, numbers,
lists and dicts; dates as ``YYYY-MM-DD``) and do no I/O; the ``render_*``
functions turn that data into text for people. The command line
(``telecentre report``, ``telecentre plan``) is a thin layer over them, and
any other front end can reuse them.

>>> import datetime as dt
>>> from telecentre_core.datasets import cybercantal
>>> data = network_report(cybercantal(), dt.date(2011, 6, 1))
>>> data["totals"]["open_centres"], data["totals"]["planned_centres"]
(7, 3)
>>> print(render_report(data).splitlines()[0])
Cybercantal, Cantal (15), on 2011-06-01
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypedDict

from .network import CentreOnDay, Network, TimelineEvent

__all__ = [
    "CentreRow",
    "CommuneRef",
    "EventRow",
    "NetworkRef",
    "NetworkReport",
    "PlanReport",
    "TerritoryRef",
    "Totals",
    "YearSeats",
    "network_report",
    "plan_report",
    "render_plan",
    "render_report",
]


class TerritoryRef(TypedDict):
    """The territory a network serves: département code and name."""

    code: str
    name: str


class NetworkRef(TypedDict):
    """Which network a report is about."""

    name: str
    territory: TerritoryRef
    timezone: str


class CommuneRef(TypedDict):
    """The commune of a centre: its name and INSEE code."""

    name: str
    insee: str


class CentreRow(TypedDict):
    """One planned or open centre on the day of a report."""

    id: str
    name: str
    commune: CommuneRef
    status: str
    seats: int
    specialisations: list[str]


class Totals(TypedDict):
    """The network's totals on the day of a report."""

    open_centres: int
    planned_centres: int
    communes: int
    seats: int
    specialisations: int


class NetworkReport(TypedDict):
    """The network as it stands on ``date``: :func:`network_report`."""

    network: NetworkRef
    date: str
    centres: list[CentreRow]
    totals: Totals


class EventRow(TypedDict):
    """One change of one centre on one day of the timeline."""

    date: str
    centre: str
    kind: str
    detail: str
    seats: int | None


class YearSeats(TypedDict):
    """Open seats on 31 December of ``year``."""

    year: int
    seats: int


class PlanReport(TypedDict):
    """The network's timeline and its seats year by year: :func:`plan_report`."""

    network: NetworkRef
    events: list[EventRow]
    seats_by_year: list[YearSeats]


# -- data ------------------------------------------------------------------------


def network_report(network: Network, day: dt.date) -> NetworkReport:
    """The network on ``day``: its planned and open centres, in file order, and totals.

    ``seats`` counts usable seats, so a planned centre has 0; ``communes``
    counts the communes with an open centre; ``specialisations`` those held
    by planned or open centres.
    """
    on_day = network.as_of(day)
    return {
        "network": _network_ref(network),
        "date": day.isoformat(),
        "centres": [_centre_row(item) for item in on_day.centres],
        "totals": {
            "open_centres": len(on_day.open_centres),
            "planned_centres": len(on_day.planned_centres),
            "communes": len(on_day.communes),
            "seats": on_day.seats,
            "specialisations": len(on_day.specialisations),
        },
    }


def plan_report(network: Network) -> PlanReport:
    """The network's timeline (every change, in date order) and open seats each year.

    ``seats_by_year`` counts the seats open on 31 December, from the year of
    the first event to the year of the last.
    """
    return {
        "network": _network_ref(network),
        "events": [_event_row(event) for event in network.timeline()],
        "seats_by_year": [
            {"year": year, "seats": seats} for year, seats in network.seats_by_year().items()
        ],
    }


def _network_ref(network: Network) -> NetworkRef:
    return {
        "name": network.name,
        "territory": {"code": network.territory.code, "name": network.territory.name},
        "timezone": network.timezone,
    }


def _centre_row(item: CentreOnDay) -> CentreRow:
    centre = item.centre
    return {
        "id": centre.id,
        "name": centre.name,
        "commune": {"name": centre.commune.name, "insee": centre.commune.insee},
        "status": item.status.value,
        "seats": item.seats,
        "specialisations": [specialisation.label for specialisation in item.specialisations],
    }


def _event_row(event: TimelineEvent) -> EventRow:
    return {
        "date": event.day.isoformat(),
        "centre": event.centre_id,
        "kind": event.kind.value,
        "detail": event.detail,
        "seats": event.seats,
    }


# -- text ------------------------------------------------------------------------


def render_report(data: NetworkReport) -> str:
    """The text of a :func:`network_report`: a header, a table of centres, the totals."""
    lines = [f"{_title(data['network'])}, on {data['date']}", ""]
    if data["centres"]:
        lines.extend(
            _table(
                ("id", "name", "commune (INSEE)", "status", "seats", "specialisations"),
                [
                    (
                        row["id"],
                        row["name"],
                        f"{row['commune']['name']} ({row['commune']['insee']})",
                        row["status"],
                        str(row["seats"]),
                        ", ".join(row["specialisations"]) or "-",
                    )
                    for row in data["centres"]
                ],
                align="<<<<><",
            )
        )
    else:
        lines.append(f"No centre is planned or open on {data['date']}.")
    totals = data["totals"]
    lines.append("")
    lines.extend(
        _table(
            ("Totals", ""),
            [
                ("open centres", str(totals["open_centres"])),
                ("planned centres", str(totals["planned_centres"])),
                ("communes", str(totals["communes"])),
                ("seats", str(totals["seats"])),
                ("specialisations", str(totals["specialisations"])),
            ],
            align="<>",
        )
    )
    return "\n".join(lines) + "\n"


def render_plan(data: PlanReport) -> str:
    """The text of a :func:`plan_report`: one line per event, then seats per year."""
    lines = [f"{_title(data['network'])}: timeline", ""]
    if data["events"]:
        lines.extend(
            _table(
                ("date", "centre", "what happens"),
                [(event["date"], event["centre"], event["detail"]) for event in data["events"]],
                align="<<<",
            )
        )
        lines.append("")
        lines.append("Open seats on 31 December")
        lines.append("")
        lines.extend(
            _table(
                ("year", "seats"),
                [(str(row["year"]), str(row["seats"])) for row in data["seats_by_year"]],
                align="<>",
            )
        )
    else:
        lines.append("Nothing planned, opened or changed yet.")
    return "\n".join(lines) + "\n"


def _title(network: NetworkRef) -> str:
    territory = network["territory"]
    return f"{network['name']}, {territory['name']} ({territory['code']})"


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str,
) -> list[str]:
    """Aligned columns, two spaces apart: ``align`` has ``<`` or ``>`` per column."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(width) if side == ">" else cell.ljust(width)
            for cell, width, side in zip(cells, widths, align, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return [line(headers), *(line(row) for row in rows)]
