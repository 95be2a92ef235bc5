"""Reports on a network: what it is on a day, how it changes, its members and its bills.

The ``*_report`` functions build plain, JSON-ready data (strings, numbers,
lists and dicts; dates as ``YYYY-MM-DD``) and do no I/O; the ``render_*``
functions turn that data into text for people. The command line
(``telecentre report``, ``plan``, ``members``, ``bill``) is a thin layer over
them, and any other front end can reuse them. Amounts of money are strings
of euros with two decimals (``"60.00"``), never floats.

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

from .billing import Charge, ChargeReason, Payer, bill_month, billing_period, free_until
from .membership import Member, MemberKind
from .money import Money, total
from .network import CentreOnDay, Network, TimelineEvent

__all__ = [
    "BillReport",
    "BillTotals",
    "BillingRef",
    "CentreRow",
    "ChargeRow",
    "CommuneRef",
    "EventRow",
    "MemberRow",
    "MemberTotal",
    "MemberTotals",
    "MembersReport",
    "NetworkRef",
    "NetworkReport",
    "PayerRef",
    "PayerTotal",
    "PeriodRef",
    "PlanReport",
    "ReasonTotal",
    "TerritoryRef",
    "Totals",
    "YearSeats",
    "bill_report",
    "members_report",
    "network_report",
    "plan_report",
    "render_bill",
    "render_members",
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


class PayerRef(TypedDict):
    """Who pays: ``kind`` is ``"member"`` (the member itself) or ``"company"``."""

    kind: str
    id: str
    name: str


class MemberRow(TypedDict):
    """One member on the day of a members report."""

    id: str
    name: str
    kind: str
    centre: str
    tier: str
    payer: PayerRef
    joined: str
    free_until: str
    in_free_period: bool


class MemberTotals(TypedDict):
    """The members on the day of a report, counted."""

    members: int
    by_kind: dict[str, int]
    in_free_period: int
    paying: int


class MembersReport(TypedDict):
    """Who is a member on ``date``, on which tier, and who is still free: :func:`members_report`."""

    network: NetworkRef
    date: str
    members: list[MemberRow]
    totals: MemberTotals


class PeriodRef(TypedDict):
    """A billing period: its first and last day, both included."""

    first_day: str
    last_day: str


class BillingRef(TypedDict):
    """How the network bills: the day periods start (None: each member's anniversary)."""

    day: int | None
    proration: str


class ChargeRow(TypedDict):
    """One line of a bill: the days ``first_day``..``last_day`` (included) of one member."""

    member: str
    name: str
    period: PeriodRef
    first_day: str
    last_day: str
    days: int
    item: str
    reason: str
    payer: PayerRef
    amount: str


class MemberTotal(TypedDict):
    """What is charged for one member."""

    member: str
    name: str
    amount: str


class PayerTotal(TypedDict):
    """What one payer (a member, or a company paying for employees) is charged."""

    kind: str
    id: str
    name: str
    amount: str


class ReasonTotal(TypedDict):
    """What is charged for one reason: ``fee``, ``proration`` or ``pass``."""

    reason: str
    amount: str


class BillTotals(TypedDict):
    """The totals of a bill: per member, per payer, per reason, and overall."""

    members: list[MemberTotal]
    payers: list[PayerTotal]
    reasons: list[ReasonTotal]
    paid_by_members: str
    paid_by_companies: str
    total: str


class BillReport(TypedDict):
    """The charges of one month and their totals: :func:`bill_report`."""

    network: NetworkRef
    month: str
    billing: BillingRef
    period: PeriodRef | None
    charges: list[ChargeRow]
    totals: BillTotals


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


def members_report(network: Network, day: dt.date) -> MembersReport:
    """The members on ``day``, in the network's order, with their tier and free period.

    A member's tier is the tier of its membership in force that day, unless
    an agreement covers it that day: then the agreement's tier, and its
    company pays (as in :func:`~telecentre_core.bill_month`). ``joined`` is
    the first day the member ever joined; ``free_until`` the first day it
    pays (rule 4: the free period counts once, from the first join).
    """
    rows = [_member_row(network, member, day) for member in network.members_on(day)]
    free = sum(row["in_free_period"] for row in rows)
    return {
        "network": _network_ref(network),
        "date": day.isoformat(),
        "members": rows,
        "totals": {
            "members": len(rows),
            "by_kind": {str(kind): sum(row["kind"] == kind for row in rows) for kind in MemberKind},
            "in_free_period": free,
            "paying": len(rows) - free,
        },
    }


def bill_report(network: Network, year: int, month: int) -> BillReport:
    """The charges of ``year``-``month`` (:func:`~telecentre_core.bill_month`) and totals.

    ``period`` is the month's billing period when the policy sets a billing
    day, and None when each member is billed on the anniversary of its first
    join (each charge names its own period). Payers are listed members first,
    then companies, each in the order they first appear; reasons always
    list ``fee``, ``proration`` and ``pass``, in that order.
    """
    bill = bill_month(network, year, month)
    policy = network.policy
    period = (
        None if policy.billing_day is None else _period_ref(*billing_period(network, year, month))
    )
    payers = bill.by_payer()
    by_reason = bill.by_reason()
    by_kind = {
        kind: total(amount for payer, amount in payers.items() if payer.kind == kind)
        for kind in ("member", "company")
    }
    return {
        "network": _network_ref(network),
        "month": bill.period_label,
        "billing": {"day": policy.billing_day, "proration": str(policy.proration)},
        "period": period,
        "charges": [_charge_row(network, line) for line in bill.lines],
        "totals": {
            "members": [
                {"member": member, "name": network.member(member).name, "amount": _amount(amount)}
                for member, amount in bill.by_member().items()
            ],
            "payers": [
                _payer_total(network, payer, amount)
                for payer, amount in sorted(
                    payers.items(), key=lambda item: item[0].kind != "member"
                )
            ],
            "reasons": [
                {"reason": str(reason), "amount": _amount(by_reason.get(reason, Money.zero()))}
                for reason in ChargeReason
            ],
            "paid_by_members": _amount(by_kind["member"]),
            "paid_by_companies": _amount(by_kind["company"]),
            "total": _amount(bill.total),
        },
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


def _member_row(network: Network, member: Member, day: dt.date) -> MemberRow:
    # members_on(day) lists only members with a membership in force that day: they
    # have a tier that day, and a free period counted from their first join.
    stint = network.membership_on(member.id, day)
    assert stint is not None
    tier = stint.tier_on(day)
    assert tier is not None
    paid_from = free_until(network, member.id)
    assert paid_from is not None
    payer = Payer(kind="member", id=member.id)
    for agreement in network.agreements:
        if agreement.covers(member.id, day):
            tier, payer = agreement.tier, Payer(kind="company", id=agreement.company)
            break
    return {
        "id": member.id,
        "name": member.name,
        "kind": str(member.kind),
        "centre": stint.centre,
        "tier": tier,
        "payer": _payer_ref(network, payer),
        "joined": network.memberships_of(member.id)[0].joined.isoformat(),
        "free_until": paid_from.isoformat(),
        "in_free_period": day < paid_from,
    }


def _charge_row(network: Network, line: Charge) -> ChargeRow:
    last = line.end - dt.timedelta(days=1)
    return {
        "member": line.member,
        "name": network.member(line.member).name,
        "period": _period_ref(line.period_start, line.period_end),
        "first_day": line.start.isoformat(),
        "last_day": last.isoformat(),
        "days": (line.end - line.start).days,
        "item": line.item,
        "reason": str(line.reason),
        "payer": _payer_ref(network, line.payer),
        "amount": _amount(line.amount),
    }


def _period_ref(start: dt.date, end: dt.date) -> PeriodRef:
    """``start``..``end`` with ``end`` excluded, as first and last day."""
    return {
        "first_day": start.isoformat(),
        "last_day": (end - dt.timedelta(days=1)).isoformat(),
    }


def _payer_ref(network: Network, payer: Payer) -> PayerRef:
    name = (
        network.company(payer.id).name if payer.kind == "company" else network.member(payer.id).name
    )
    return {"kind": payer.kind, "id": payer.id, "name": name}


def _payer_total(network: Network, payer: Payer, amount: Money) -> PayerTotal:
    ref = _payer_ref(network, payer)
    return {"kind": ref["kind"], "id": ref["id"], "name": ref["name"], "amount": _amount(amount)}


def _amount(money: Money) -> str:
    """Euros with two decimals, as a string: ``"60.00"``."""
    return format(money.amount, "f")


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


def render_members(data: MembersReport) -> str:
    """The text of a :func:`members_report`: a header, one line per member, the totals.

    The last column says until when a member is free (``free until`` the
    first day it pays), or since when it pays.
    """
    lines = [f"{_title(data['network'])}: members on {data['date']}", ""]
    if data["members"]:
        lines.extend(
            _table(
                ("id", "name", "kind", "centre", "tier", "payer", "joined", "free period"),
                [
                    (
                        row["id"],
                        row["name"],
                        row["kind"],
                        row["centre"],
                        row["tier"],
                        "member" if row["payer"]["kind"] == "member" else _payer(row["payer"]),
                        row["joined"],
                        f"free until {row['free_until']}"
                        if row["in_free_period"]
                        else f"paying since {row['free_until']}",
                    )
                    for row in data["members"]
                ],
                align="<<<<<<<<",
            )
        )
    else:
        lines.append(f"No member on {data['date']}.")
    totals = data["totals"]
    lines.append("")
    lines.extend(
        _table(
            ("Totals", ""),
            [
                ("members", str(totals["members"])),
                *((kind, str(count)) for kind, count in totals["by_kind"].items()),
                ("in free period", str(totals["in_free_period"])),
                ("paying", str(totals["paying"])),
            ],
            align="<>",
        )
    )
    return "\n".join(lines) + "\n"


def render_bill(data: BillReport) -> str:
    """The text of a :func:`bill_report`: a header, one line per charge, then the totals.

    Days run from the first to the last day charged, both included; amounts
    are in euros, right-aligned.
    """
    billing = data["billing"]
    period = data["period"]
    periods = (
        "billing periods start on each member's anniversary of first joining"
        if period is None
        else f"billing period {period['first_day']} to {period['last_day']} "
        f"(billing day {billing['day']})"
    )
    lines = [
        f"{_title(data['network'])}: bill for {data['month']}",
        f"{periods[0].upper()}{periods[1:]}; proration: {billing['proration']}",
        "",
    ]
    totals = data["totals"]
    if data["charges"]:
        lines.extend(
            _table(
                ("member", "name", "days", "item", "reason", "payer", "amount"),
                [
                    (
                        row["member"],
                        row["name"],
                        _days(row),
                        f"{row['item']} pass" if row["reason"] == "pass" else row["item"],
                        row["reason"],
                        _payer(row["payer"]),
                        _euros(row["amount"]),
                    )
                    for row in data["charges"]
                ],
                align="<<<<<<>",
            )
        )
        lines.extend(["", "Per member", ""])
        lines.extend(
            _table(
                ("member", "name", "amount"),
                [(row["member"], row["name"], _euros(row["amount"])) for row in totals["members"]],
                align="<<>",
            )
        )
        lines.extend(["", "Per payer", ""])
        lines.extend(
            _table(
                ("payer", "name", "amount"),
                [(_payer(row), row["name"], _euros(row["amount"])) for row in totals["payers"]],
                align="<<>",
            )
        )
    else:
        lines.append(f"Nothing is charged for {data['month']}.")
    lines.extend(["", "Per reason", ""])
    lines.extend(
        _table(
            ("reason", "amount"),
            [(row["reason"], _euros(row["amount"])) for row in totals["reasons"]],
            align="<>",
        )
    )
    lines.append("")
    lines.extend(
        _table(
            ("Totals", ""),
            [
                ("paid by members", _euros(totals["paid_by_members"])),
                ("paid by companies", _euros(totals["paid_by_companies"])),
                ("total", _euros(totals["total"])),
            ],
            align="<>",
        )
    )
    return "\n".join(lines) + "\n"


def _days(row: ChargeRow) -> str:
    first, last = row["first_day"], row["last_day"]
    return first if first == last else f"{first}..{last}"


def _payer(payer: PayerRef | PayerTotal) -> str:
    return f"{payer['kind']} {payer['id']}"


def _euros(amount: str) -> str:
    return f"{amount} €"


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
