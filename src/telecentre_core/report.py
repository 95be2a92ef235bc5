"""Reports on a network: its state on a day, its changes, members, bills, funding, activities.

The ``*_report`` functions build plain, JSON-ready data (strings, numbers,
lists and dicts; dates as ``YYYY-MM-DD``, times of day as ``HH:MM``) and do
no I/O; the ``render_*`` functions turn that data into text for people. The
command line (``telecentre report``, ``plan``, ``members``, ``bill``,
``funding``, ``activities``) is a thin layer over them, and any other front
end can reuse them. Amounts of money are strings of euros with two decimals
(``"60.00"``), never floats; so are percentages, with one decimal
(``"26.4"``).

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
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypedDict

from .activity import Activity, Programme
from .balance import FundingBalance, funding_balance
from .billing import Charge, ChargeReason, Payer, bill_month, billing_period, free_until
from .i18n import Language, Texts, texts
from .membership import Member, MemberKind
from .money import Money, total
from .network import CentreOnDay, Network, TimelineEvent
from .occupancy import occupancy
from .programme import Breakdown, Figures, ProgrammeFigures, programme_figures

__all__ = [
    "ActivitiesReport",
    "ActivityRow",
    "BandRef",
    "BillReport",
    "BillTotals",
    "BillingRef",
    "BreakEvenRef",
    "BreakdownRow",
    "CategoryRow",
    "CentreFundingRow",
    "CentreRow",
    "ChargeRow",
    "CommuneRef",
    "EventRow",
    "FiguresRef",
    "FundedRow",
    "FunderRow",
    "FundingReport",
    "FundingTotals",
    "KindRow",
    "MemberRow",
    "MemberTotal",
    "MemberTotals",
    "MembersReport",
    "NetworkRef",
    "NetworkReport",
    "OccupancyReport",
    "OccupancyRow",
    "OccupancyTotals",
    "PayerRef",
    "PayerTotal",
    "PerUnit",
    "PeriodRef",
    "PlanReport",
    "ReasonTotal",
    "RevenueRef",
    "SpanRef",
    "TerritoryRef",
    "Totals",
    "YearSeats",
    "YearsRef",
    "activities_report",
    "bill_report",
    "funding_report",
    "members_report",
    "network_report",
    "occupancy_report",
    "plan_report",
    "render_activities",
    "render_bill",
    "render_funding",
    "render_members",
    "render_occupancy",
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


class YearsRef(TypedDict):
    """The calendar years a funding report covers, both included."""

    first: int
    last: int


class FundedRow(TypedDict):
    """What one funder gives in one category: cash, in kind, and both."""

    category: str
    cash: str
    in_kind: str
    total: str


class FunderRow(TypedDict):
    """One funder and what it gives over the years of a funding report."""

    id: str
    name: str
    kind: str
    public: bool
    contributions: list[FundedRow]
    cash: str
    in_kind: str
    total: str


class CategoryRow(TypedDict):
    """How one cost category is funded: ``covered + gap == costs``, ``covered + surplus == funded``.

    ``coverage`` is funded over costs as a percentage (``"100.0"``), None when
    the category costs nothing.
    """

    category: str
    operating: bool
    costs: str
    funded: str
    covered: str
    gap: str
    surplus: str
    coverage: str | None


class CentreFundingRow(TypedDict):
    """What one centre receives: given to it (``direct``) and its share of the network's."""

    id: str
    name: str
    direct: str
    shared: str
    total: str


class RevenueRef(TypedDict):
    """What billing charges members over the years: fees (with prorations), passes, both."""

    fees: str
    passes: str
    total: str


class FundingTotals(TypedDict):
    """The totals of a funding report; ``balance`` is contributions and revenue less costs."""

    costs: str
    operating_costs: str
    investment_costs: str
    contributions: str
    cash: str
    in_kind: str
    public_subsidy: str
    revenue: str
    balance: str
    fee_share_of_costs: str | None


class PerUnit(TypedDict):
    """The public subsidy per seat and per regular user, each per year.

    ``seat_years`` is the average open seats of each year, added up (two
    decimals); ``user_years`` the regular users of each year, added up;
    ``regular_users`` the members with a membership in force at some point of
    the years.
    """

    seat_years: str
    regular_users: int
    user_years: int
    public_subsidy_per_seat_year: str | None
    public_subsidy_per_user_year: str | None


class BandRef(TypedDict):
    """A fee band: its lowest and highest monthly fee."""

    minimum: str
    maximum: str


class BreakEvenRef(TypedDict):
    """The monthly fee that covers the operating costs without subsidy (None: nobody pays).

    ``to_cover`` is the operating costs less the passes; ``paying_months``
    the member-months billed (two decimals).
    """

    fee: str | None
    operating_costs: str
    passes: str
    to_cover: str
    paying_months: str
    band: BandRef
    within_band: bool | None


class FundingReport(TypedDict):
    """Who funds what, coverage, revenue and the break-even fee: :func:`funding_report`."""

    network: NetworkRef
    years: YearsRef
    split: str
    funders: list[FunderRow]
    categories: list[CategoryRow]
    centres: list[CentreFundingRow]
    unallocated: str
    revenue: RevenueRef
    totals: FundingTotals
    per_unit: PerUnit
    break_even: BreakEvenRef


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


def funding_report(
    network: Network, first_year: int, last_year: int | None = None
) -> FundingReport:
    """The funding of ``first_year``..``last_year`` (both included), as plain data.

    The figures are those of :func:`~telecentre_core.funding_balance`.
    Funders are in the network's order, each with the categories it funds
    (cash and in kind); categories always list every
    :class:`~telecentre_core.CostCategory`, in its order; centres are in the
    network's order, with what they receive directly and their share of the
    network-wide contributions, split as the policy says; ``unallocated`` is
    what was given to the network on days no centre was open. Percentages
    are rounded half-up to one decimal, the amounts per seat and per user to
    the cent.
    """
    balance = funding_balance(network, first_year, last_year)
    return {
        "network": _network_ref(network),
        "years": {"first": balance.first_year, "last": balance.last_year},
        "split": str(balance.split),
        "funders": [
            {
                "id": item.funder.id,
                "name": item.funder.name,
                "kind": str(item.funder.kind),
                "public": item.funder.is_public,
                "contributions": [
                    {
                        "category": str(amount.category),
                        "cash": _amount(amount.cash),
                        "in_kind": _amount(amount.in_kind),
                        "total": _amount(amount.total),
                    }
                    for amount in item.amounts
                ],
                "cash": _amount(item.cash),
                "in_kind": _amount(item.in_kind),
                "total": _amount(item.total),
            }
            for item in balance.funders
        ],
        "categories": [
            {
                "category": str(item.category),
                "operating": item.operating,
                "costs": _amount(item.cost),
                "funded": _amount(item.funded),
                "covered": _amount(item.covered),
                "gap": _amount(item.gap),
                "surplus": _amount(item.surplus),
                "coverage": _percent(item.coverage),
            }
            for item in balance.categories
        ],
        "centres": [
            {
                "id": item.centre,
                "name": network.centre(item.centre).name,
                "direct": _amount(item.direct),
                "shared": _amount(item.shared),
                "total": _amount(item.total),
            }
            for item in balance.centres
        ],
        "unallocated": _amount(balance.unallocated),
        "revenue": {
            "fees": _amount(balance.fees),
            "passes": _amount(balance.passes),
            "total": _amount(balance.member_revenue),
        },
        "totals": _funding_totals(balance),
        "per_unit": {
            "seat_years": _decimal(balance.seat_years),
            "regular_users": balance.regular_users,
            "user_years": balance.user_years,
            "public_subsidy_per_seat_year": _optional_amount(balance.subsidy_per_seat_year),
            "public_subsidy_per_user_year": _optional_amount(balance.subsidy_per_user_year),
        },
        "break_even": {
            "fee": _optional_amount(balance.break_even.fee),
            "operating_costs": _amount(balance.break_even.operating_costs),
            "passes": _amount(balance.break_even.passes),
            "to_cover": _amount(balance.break_even.to_cover),
            "paying_months": _decimal(balance.break_even.paying_months),
            "band": {
                "minimum": _amount(balance.break_even.band.minimum),
                "maximum": _amount(balance.break_even.band.maximum),
            },
            "within_band": balance.break_even.within_band,
        },
    }


def _funding_totals(balance: FundingBalance) -> FundingTotals:
    return {
        "costs": _amount(balance.costs),
        "operating_costs": _amount(balance.operating_costs),
        "investment_costs": _amount(balance.investment_costs),
        "contributions": _amount(balance.contributions),
        "cash": _amount(balance.cash),
        "in_kind": _amount(balance.in_kind),
        "public_subsidy": _amount(balance.public_subsidy),
        "revenue": _amount(balance.member_revenue),
        "balance": _amount(balance.balance),
        "fee_share_of_costs": _percent(balance.fee_share),
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


def _optional_amount(money: Money | None) -> str | None:
    return None if money is None else _amount(money)


def _percent(ratio: Fraction | None) -> str | None:
    """A ratio as a percentage with one decimal, rounded half-up: ``"26.4"``."""
    return None if ratio is None else _decimal(ratio * 100, places=1)


def _decimal(value: Fraction, places: int = 2) -> str:
    """A fraction as a decimal string, rounded half-up to ``places`` decimals."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


# -- text ------------------------------------------------------------------------


def render_report(data: NetworkReport, *, lang: Language = "en") -> str:
    """The text of a :func:`network_report`: a header, a table of centres, the totals.

    ``lang`` is the language of the text (:mod:`telecentre_core.i18n`):
    ``"fr"`` writes it in French, its dates in words (``29 février 2012``).
    """
    tr = texts(lang)
    date = tr.date(data["date"])
    lines = [tr("{title}, on {date}", title=_title(data["network"]), date=date), ""]
    if data["centres"]:
        lines.extend(
            _table(
                (
                    tr("id"),
                    tr("name"),
                    tr("commune (INSEE)"),
                    tr("status"),
                    tr("seats"),
                    tr("specialisations"),
                ),
                [
                    (
                        row["id"],
                        row["name"],
                        f"{row['commune']['name']} ({row['commune']['insee']})",
                        tr.term("status", row["status"]),
                        tr.integer(row["seats"]),
                        ", ".join(row["specialisations"]) or "-",
                    )
                    for row in data["centres"]
                ],
                align="<<<<><",
            )
        )
    else:
        lines.append(tr("No centre is planned or open on {date}.", date=date))
    totals = data["totals"]
    lines.append("")
    lines.extend(
        _table(
            (tr("Totals"), ""),
            [
                (tr("open centres"), tr.integer(totals["open_centres"])),
                (tr("planned centres"), tr.integer(totals["planned_centres"])),
                (tr("communes"), tr.integer(totals["communes"])),
                (tr("seats"), tr.integer(totals["seats"])),
                (tr("specialisations"), tr.integer(totals["specialisations"])),
            ],
            align="<>",
        )
    )
    return "\n".join(lines) + "\n"


def render_plan(data: PlanReport, *, lang: Language = "en") -> str:
    """The text of a :func:`plan_report`: one line per event, then seats per year.

    ``lang`` is the language of the text (:mod:`telecentre_core.i18n`); what
    happens on each day is the model's own description of the change
    (``TimelineEvent.detail``), in English.
    """
    tr = texts(lang)
    lines = [tr("{title}: timeline", title=_title(data["network"])), ""]
    if data["events"]:
        lines.extend(
            _table(
                (tr("date"), tr("centre"), tr("what happens")),
                [
                    (tr.day(event["date"]), event["centre"], event["detail"])
                    for event in data["events"]
                ],
                align="<<<",
            )
        )
        lines.append("")
        lines.append(tr("Open seats on 31 December"))
        lines.append("")
        lines.extend(
            _table(
                (tr("year"), tr("seats")),
                [(str(row["year"]), tr.integer(row["seats"])) for row in data["seats_by_year"]],
                align="<>",
            )
        )
    else:
        lines.append(tr("Nothing planned, opened or changed yet."))
    return "\n".join(lines) + "\n"


def render_members(data: MembersReport, *, lang: Language = "en") -> str:
    """The text of a :func:`members_report`: a header, one line per member, the totals.

    The last column says until when a member is free (``free until`` the
    first day it pays), or since when it pays. ``lang`` is the language of
    the text (:mod:`telecentre_core.i18n`).
    """
    tr = texts(lang)
    date = tr.date(data["date"])
    lines = [tr("{title}: members on {date}", title=_title(data["network"]), date=date), ""]
    if data["members"]:
        lines.extend(
            _table(
                (
                    tr("id"),
                    tr("name"),
                    tr("kind"),
                    tr("centre"),
                    tr("tier"),
                    tr("payer"),
                    tr("joined"),
                    tr("free period"),
                ),
                [
                    (
                        row["id"],
                        row["name"],
                        tr.term("member-kind", row["kind"]),
                        row["centre"],
                        row["tier"],
                        tr("member")
                        if row["payer"]["kind"] == "member"
                        else _payer(row["payer"], tr),
                        tr.day(row["joined"]),
                        tr("free until {date}", date=tr.day(row["free_until"]))
                        if row["in_free_period"]
                        else tr("paying since {date}", date=tr.day(row["free_until"])),
                    )
                    for row in data["members"]
                ],
                align="<<<<<<<<",
            )
        )
    else:
        lines.append(tr("No member on {date}.", date=date))
    totals = data["totals"]
    lines.append("")
    lines.extend(
        _table(
            (tr("Totals"), ""),
            [
                (tr("members"), tr.integer(totals["members"])),
                *(
                    (tr.term("member-kinds", kind), tr.integer(count))
                    for kind, count in totals["by_kind"].items()
                ),
                (tr("in free period"), tr.integer(totals["in_free_period"])),
                (tr("paying"), tr.integer(totals["paying"])),
            ],
            align="<>",
        )
    )
    return "\n".join(lines) + "\n"


def render_bill(data: BillReport, *, lang: Language = "en") -> str:
    """The text of a :func:`bill_report`: a header, one line per charge, then the totals.

    Days run from the first to the last day charged, both included; amounts
    are in euros, right-aligned. ``lang`` is the language of the text
    (:mod:`telecentre_core.i18n`): ``"fr"`` writes amounts ``1 234,50 €``.
    """
    tr = texts(lang)
    billing = data["billing"]
    period = data["period"]
    proration = tr.term("proration", billing["proration"])
    month = tr.month(data["month"])
    lines = [
        tr("{title}: bill for {month}", title=_title(data["network"]), month=month),
        tr(
            "Billing periods start on each member's anniversary of first joining; "
            "proration: {proration}",
            proration=proration,
        )
        if period is None
        else tr(
            "Billing period {first} to {last} (billing day {day}); proration: {proration}",
            first=tr.date(period["first_day"]),
            last=tr.date(period["last_day"]),
            day=billing["day"],
            proration=proration,
        ),
        "",
    ]
    totals = data["totals"]
    if data["charges"]:
        lines.extend(
            _table(
                (
                    tr("member"),
                    tr("name"),
                    tr("days"),
                    tr("item"),
                    tr("reason"),
                    tr("payer"),
                    tr("amount"),
                ),
                [
                    (
                        row["member"],
                        row["name"],
                        _days(row, tr),
                        tr("{kind} pass", kind=tr.term("pass", row["item"]))
                        if row["reason"] == "pass"
                        else row["item"],
                        tr.term("reason", row["reason"]),
                        _payer(row["payer"], tr),
                        tr.money(row["amount"]),
                    )
                    for row in data["charges"]
                ],
                align="<<<<<<>",
            )
        )
        lines.extend(["", tr("Per member"), ""])
        lines.extend(
            _table(
                (tr("member"), tr("name"), tr("amount")),
                [
                    (row["member"], row["name"], tr.money(row["amount"]))
                    for row in totals["members"]
                ],
                align="<<>",
            )
        )
        lines.extend(["", tr("Per payer"), ""])
        lines.extend(
            _table(
                (tr("payer"), tr("name"), tr("amount")),
                [
                    (_payer(row, tr), row["name"], tr.money(row["amount"]))
                    for row in totals["payers"]
                ],
                align="<<>",
            )
        )
    else:
        lines.append(tr("Nothing is charged for {month}.", month=month))
    lines.extend(["", tr("Per reason"), ""])
    lines.extend(
        _table(
            (tr("reason"), tr("amount")),
            [
                (tr.term("reason", row["reason"]), tr.money(row["amount"]))
                for row in totals["reasons"]
            ],
            align="<>",
        )
    )
    lines.append("")
    lines.extend(
        _table(
            (tr("Totals"), ""),
            [
                (tr("paid by members"), tr.money(totals["paid_by_members"])),
                (tr("paid by companies"), tr.money(totals["paid_by_companies"])),
                (tr("total"), tr.money(totals["total"])),
            ],
            align="<>",
        )
    )
    return "\n".join(lines) + "\n"


def _days(row: ChargeRow, tr: Texts) -> str:
    first, last = tr.day(row["first_day"]), tr.day(row["last_day"])
    return first if first == last else tr("{first}..{last}", first=first, last=last)


def _payer(payer: PayerRef | PayerTotal, tr: Texts | None = None) -> str:
    tr = texts() if tr is None else tr
    return tr("{kind} {id}", kind=tr.term("payer", payer["kind"]), id=payer["id"])


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


def render_funding(data: FundingReport, *, lang: Language = "en") -> str:
    """The text of a :func:`funding_report`: funders, coverage, centres, balance, break-even.

    Amounts are in euros, right-aligned; in English, categories, kinds and
    the split rule are shown as the file writes them. ``lang`` is the
    language of the text (:mod:`telecentre_core.i18n`): ``"fr"`` writes
    the categories and kinds in French words and amounts ``1 234,50 €``.
    """
    tr = texts(lang)
    money = tr.money
    years = data["years"]
    span = (
        tr("{year}", year=years["first"])
        if years["first"] == years["last"]
        else tr("{first} to {last}", first=years["first"], last=years["last"])
    )
    lines = [tr("{title}: funding, {span}", title=_title(data["network"]), span=span), ""]
    lines.extend([tr("Who funds what"), ""])
    rows = [
        (
            funder["id"],
            tr.term("funder-kind", funder["kind"]),
            tr.term("category", item["category"]),
            money(item["cash"]),
            money(item["in_kind"]),
            money(item["total"]),
        )
        for funder in data["funders"]
        for item in funder["contributions"]
    ]
    if rows:
        lines.extend(
            _table(
                (
                    tr("funder"),
                    tr("kind"),
                    tr("category"),
                    tr("cash"),
                    tr("in kind"),
                    tr("total"),
                ),
                rows,
                align="<<<>>>",
            )
        )
        lines.extend(["", tr("Per funder"), ""])
        lines.extend(
            _table(
                (tr("funder"), tr("name"), tr("public"), tr("cash"), tr("in kind"), tr("total")),
                [
                    (
                        funder["id"],
                        funder["name"],
                        tr("yes") if funder["public"] else tr("no"),
                        money(funder["cash"]),
                        money(funder["in_kind"]),
                        money(funder["total"]),
                    )
                    for funder in data["funders"]
                ],
                align="<<<>>>",
            )
        )
    else:
        lines.append(tr("No contribution in {span}.", span=span))
    lines.extend(["", tr("Coverage of costs by contributions"), ""])
    lines.extend(
        _table(
            (
                tr("category"),
                tr("operating"),
                tr("costs"),
                tr("funded"),
                tr("gap"),
                tr("surplus"),
                tr("coverage"),
            ),
            [
                (
                    tr.term("category", row["category"]),
                    tr("yes") if row["operating"] else tr("no"),
                    money(row["costs"]),
                    money(row["funded"]),
                    money(row["gap"]),
                    money(row["surplus"]),
                    "-" if row["coverage"] is None else tr.percent(row["coverage"]),
                )
                for row in data["categories"]
            ],
            align="<<>>>>>",
        )
    )
    split = tr.term("split", data["split"])
    lines.extend(["", tr("Per centre (network-wide contributions split {split})", split=split), ""])
    if data["centres"]:
        lines.extend(
            _table(
                (tr("centre"), tr("name"), tr("direct"), tr("shared"), tr("total")),
                [
                    (
                        row["id"],
                        row["name"],
                        money(row["direct"]),
                        money(row["shared"]),
                        money(row["total"]),
                    )
                    for row in data["centres"]
                ],
                align="<<>>>",
            )
        )
    else:
        lines.append(tr("The network has no centre."))
    if data["unallocated"] != "0.00":
        lines.append(
            tr(
                "Given when no centre was open, not split: {amount}",
                amount=money(data["unallocated"]),
            )
        )
    totals = data["totals"]
    revenue = data["revenue"]
    lines.extend(["", tr("Balance"), ""])
    lines.extend(
        _pairs(
            [
                (tr("costs"), money(totals["costs"])),
                ("  " + tr("operating"), money(totals["operating_costs"])),
                ("  " + tr("investment"), money(totals["investment_costs"])),
                (tr("contributions"), money(totals["contributions"])),
                ("  " + tr("cash"), money(totals["cash"])),
                ("  " + tr("in kind"), money(totals["in_kind"])),
                ("  " + tr("from public funders"), money(totals["public_subsidy"])),
                (tr("paid by members"), money(revenue["total"])),
                ("  " + tr("fees"), money(revenue["fees"])),
                ("  " + tr("passes"), money(revenue["passes"])),
                (tr("balance"), money(totals["balance"])),
            ]
        )
    )
    share = totals["fee_share_of_costs"]
    per_unit = data["per_unit"]
    lines.extend(["", tr("Per seat and per regular user"), ""])
    lines.extend(
        _pairs(
            [
                (
                    tr("share of costs paid by members"),
                    "-" if share is None else tr.percent(share),
                ),
                (tr("seat-years"), tr.number(per_unit["seat_years"])),
                (tr("regular users"), tr.integer(per_unit["regular_users"])),
                (tr("user-years"), tr.integer(per_unit["user_years"])),
                (
                    tr("public subsidy per seat and year"),
                    _maybe_money(per_unit["public_subsidy_per_seat_year"], tr),
                ),
                (
                    tr("public subsidy per regular user and year"),
                    _maybe_money(per_unit["public_subsidy_per_user_year"], tr),
                ),
            ]
        )
    )
    lines.extend(["", tr("Break-even monthly fee, without subsidy"), ""])
    lines.extend(_break_even_lines(data["break_even"], tr))
    return "\n".join(lines) + "\n"


def _break_even_lines(data: BreakEvenRef, tr: Texts) -> list[str]:
    band = data["band"]
    rows = [
        (tr("operating costs"), tr.money(data["operating_costs"])),
        (tr("less passes"), tr.money(data["passes"])),
        (tr("to cover with fees"), tr.money(data["to_cover"])),
        (tr("paying member-months"), tr.number(data["paying_months"])),
        (tr("break-even fee"), _maybe_money(data["fee"], tr)),
    ]
    lines = _pairs(rows)
    fee = data["fee"]
    if fee is None:
        lines.append(tr("No member pays in these years: no fee can cover the costs."))
        return lines
    amounts = {
        "fee": tr.money(fee),
        "minimum": tr.money(band["minimum"]),
        "maximum": tr.money(band["maximum"]),
    }
    if data["within_band"]:
        lines.append(
            tr("{fee} a month is inside the policy's band of {minimum} to {maximum}.", **amounts)
        )
    elif Decimal(fee) < Decimal(band["minimum"]):
        lines.append(
            tr("{fee} a month is below the policy's band of {minimum} to {maximum}.", **amounts)
        )
    else:
        lines.append(
            tr("{fee} a month is above the policy's band of {minimum} to {maximum}.", **amounts)
        )
    return lines


def _maybe_money(amount: str | None, tr: Texts) -> str:
    return "-" if amount is None else tr.money(amount)


def _pairs(rows: Sequence[tuple[str, str]]) -> list[str]:
    """Labels and values in two aligned columns, values right-aligned, no header."""
    width = max(len(label) for label, _ in rows)
    value_width = max(len(value) for _, value in rows)
    return [f"{label.ljust(width)}  {value.rjust(value_width)}" for label, value in rows]


# -- activities ----------------------------------------------------------------


class SpanRef(TypedDict):
    """The days a report covers, both included; ``None`` for an open end."""

    first_day: str | None
    last_day: str | None


class ActivityRow(TypedDict):
    """One activity of an activities report, with its registrations at the end of them."""

    id: str
    kind: str
    title: str
    theme: str | None
    centre: str
    day: str
    starts: str
    ends: str
    starts_at: str
    ends_at: str
    places: int
    registered: int
    waiting: int
    places_left: int
    price: str
    audience: str
    funder: str | None
    series: str | None


class FiguresRef(TypedDict):
    """:class:`~telecentre_core.Figures` as plain data.

    ``attendance`` is the people present over the places taken in the
    sessions held, as a percentage with one decimal (``"89.3"``; ``None``
    before any session is held); hours are written with two (``"12.00"``).
    """

    sessions: int
    sessions_held: int
    places: int
    registered: int
    waiting: int
    expected: int
    present: int
    absent: int
    attendance: str | None
    training_hours: str
    trainee_hours: str
    people_trained: int


class BreakdownRow(TypedDict):
    """One funder, theme or centre of a breakdown (``key`` ``None``: no funder, free theme)."""

    key: str | None
    label: str
    figures: FiguresRef


class ActivitiesReport(TypedDict):
    """The activities of a period and their figures: :func:`activities_report`."""

    network: NetworkRef
    period: SpanRef
    activities: list[ActivityRow]
    by_funder: list[BreakdownRow]
    by_theme: list[BreakdownRow]
    by_centre: list[BreakdownRow]
    totals: FiguresRef


def activities_report(
    network: Network,
    programme: Programme | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ActivitiesReport:
    """The activities from ``start`` to ``end`` (both included) and their figures, as data.

    What ``telecentre activities [--from DATE] [--to DATE] [--json]`` shows.
    ``programme`` unset: the network's own; ``start`` or ``end`` unset: open
    at that end. Activities are in time order; the figures are broken down
    by funder, theme and centre, as
    :func:`~telecentre_core.programme_figures` counts them. Times
    are ``HH:MM`` local times, with the aware ``starts_at`` and ``ends_at``.
    """
    if programme is None:
        programme = network.programme
    breakdowns = {
        by: programme_figures(network, programme, start=start, end=end, by=by) for by in Breakdown
    }
    return {
        "network": _network_ref(network),
        "period": {
            "first_day": start.isoformat() if start is not None else None,
            "last_day": end.isoformat() if end is not None else None,
        },
        "activities": [
            _activity_row(network, programme, activity)
            for activity in programme.agenda(start=start, end=end)
        ],
        "by_funder": _breakdown_rows(breakdowns[Breakdown.FUNDER]),
        "by_theme": _breakdown_rows(breakdowns[Breakdown.THEME]),
        "by_centre": _breakdown_rows(breakdowns[Breakdown.CENTRE]),
        "totals": _figures_ref(breakdowns[Breakdown.FUNDER].total),
    }


def _activity_row(network: Network, programme: Programme, activity: Activity) -> ActivityRow:
    return {
        "id": activity.id,
        "kind": str(activity.kind),
        "title": activity.title,
        "theme": activity.theme,
        "centre": activity.centre,
        "day": activity.day.isoformat(),
        "starts": activity.starts.strftime("%H:%M"),
        "ends": activity.ends.strftime("%H:%M"),
        "starts_at": activity.starts_at(network.timezone).isoformat(),
        "ends_at": activity.ends_at(network.timezone).isoformat(),
        "places": activity.places,
        "registered": len(programme.registered(activity.id)),
        "waiting": len(programme.waiting(activity.id)),
        "places_left": programme.places_left(activity.id),
        "price": _amount(activity.price),
        "audience": str(activity.audience),
        "funder": activity.funder,
        "series": activity.series,
    }


def _breakdown_rows(figures: ProgrammeFigures) -> list[BreakdownRow]:
    return [
        {"key": row.key, "label": row.label, "figures": _figures_ref(row.figures)}
        for row in figures.rows
    ]


def _figures_ref(figures: Figures) -> FiguresRef:
    rate = Fraction(figures.present, figures.expected) if figures.expected else None
    return {
        "sessions": figures.sessions,
        "sessions_held": figures.sessions_held,
        "places": figures.places,
        "registered": figures.registered,
        "waiting": figures.waiting,
        "expected": figures.expected,
        "present": figures.present,
        "absent": figures.absent,
        "attendance": _percent(rate),
        "training_hours": str(figures.training_hours),
        "trainee_hours": str(figures.trainee_hours),
        "people_trained": figures.people_trained,
    }


def render_activities(data: ActivitiesReport, *, lang: Language = "en") -> str:
    """The text of an :func:`activities_report`: the activities, then the figures.

    Attendance is a percentage of the places taken in the sessions held;
    ``-`` where no session is held yet. ``lang`` is the language of the text
    (:mod:`telecentre_core.i18n`).
    """
    tr = texts(lang)
    span = _span(data["period"], tr)
    lines = [tr("{title}: activities, {span}", title=_title(data["network"]), span=span), ""]
    if not data["activities"]:
        lines.append(tr("No activity in this period."))
        return "\n".join(lines) + "\n"
    lines.extend(
        _table(
            (
                tr("day"),
                tr("time"),
                tr("centre"),
                tr("kind"),
                tr("title"),
                tr("places"),
                tr("registered"),
                tr("waiting"),
            ),
            [
                (
                    tr.day(row["day"]),
                    f"{row['starts']}-{row['ends']}",
                    row["centre"],
                    tr.term("activity-kind", row["kind"]),
                    row["title"],
                    tr.integer(row["places"]),
                    tr.integer(row["registered"]),
                    tr.integer(row["waiting"]),
                )
                for row in data["activities"]
            ],
            align="<<<<<>>>",
        )
    )
    for heading, rows in (
        (tr("By funder"), data["by_funder"]),
        (tr("By theme"), data["by_theme"]),
        (tr("By centre"), data["by_centre"]),
    ):
        lines.extend(["", heading, ""])
        lines.extend(
            _figures_table(
                [
                    # With no key, the label is the model's English words ("no funder").
                    (row["label"] if row["key"] is not None else tr(row["label"]), row["figures"])
                    for row in rows
                ],
                tr,
            )
        )
    lines.extend(["", tr("Totals"), ""])
    lines.extend(_figures_table([(tr("all activities"), data["totals"])], tr))
    return "\n".join(lines) + "\n"


def _span(period: SpanRef, tr: Texts) -> str:
    first, last = period["first_day"], period["last_day"]
    if first is not None and last is not None:
        return tr("from {first} to {last}", first=tr.date(first), last=tr.date(last))
    if first is not None:
        return tr("from {first} on", first=tr.date(first))
    if last is not None:
        return tr("until {last}", last=tr.date(last))
    return tr("all dates")


def _figures_table(rows: Sequence[tuple[str, FiguresRef]], tr: Texts) -> list[str]:
    return _table(
        (
            "",
            tr("sessions"),
            tr("held"),
            tr("registered"),
            tr("present"),
            tr("attendance"),
            tr("training hours"),
            tr("people trained"),
        ),
        [
            (
                label,
                tr.integer(figures["sessions"]),
                tr.integer(figures["sessions_held"]),
                tr.integer(figures["registered"]),
                tr.integer(figures["present"]),
                "-" if figures["attendance"] is None else tr.percent(figures["attendance"]),
                tr.number(figures["training_hours"]),
                tr.integer(figures["people_trained"]),
            )
            for label, figures in rows
        ],
        align="<>>>>>>>",
    )


# -- occupancy -------------------------------------------------------------------


class OccupancyRow(TypedDict):
    """One centre's occupancy: hours as decimal strings, the rate as a percentage."""

    id: str
    name: str
    open_days: int
    seat_hours_open: str
    seat_hours_booked: str
    bookings: int
    rate: str | None


class KindRow(TypedDict):
    """The use by one member kind: members who booked, bookings, hours booked."""

    kind: str
    members: int
    bookings: int
    hours: str


class OccupancyTotals(TypedDict):
    """The network's seat-hours open and booked, bookings and rate."""

    seat_hours_open: str
    seat_hours_booked: str
    bookings: int
    rate: str | None


class OccupancyReport(TypedDict):
    """The data of ``telecentre occupancy``: a month's occupancy, per centre and in all.

    ``regular_users`` counts the members with at least ``regular_use``
    bookings in the month (the article's "30 regular teleworkers" is this
    count). A statistic: it names nobody (ask
    :func:`~telecentre_core.occupancy.occupancy` for the ids).
    """

    network: NetworkRef
    month: str
    period: PeriodRef
    centres: list[OccupancyRow]
    totals: OccupancyTotals
    regular_use: int
    regular_users: int
    by_kind: list[KindRow]


def occupancy_report(network: Network, year: int, month: int) -> OccupancyReport:
    """The occupancy of ``network`` in ``month`` of ``year``, as plain data."""
    start = dt.date(year, month, 1)
    end = dt.date(year + month // 12, month % 12 + 1, 1)
    found = occupancy(network, start, end)
    return {
        "network": _network_ref(network),
        "month": f"{year:04d}-{month:02d}",
        "period": _period_ref(start, end),
        "centres": [
            {
                "id": row.centre_id,
                "name": network.centre(row.centre_id).name,
                "open_days": row.open_days,
                "seat_hours_open": _hours(row.seat_hours_open),
                "seat_hours_booked": _hours(row.seat_hours_booked),
                "bookings": row.bookings,
                "rate": _rate_percent(row.rate),
            }
            for row in found.centres
        ],
        "totals": {
            "seat_hours_open": _hours(found.seat_hours_open),
            "seat_hours_booked": _hours(found.seat_hours_booked),
            "bookings": found.bookings,
            "rate": _rate_percent(found.rate),
        },
        "regular_use": found.regular_use,
        "regular_users": len(found.regular_users),
        "by_kind": [
            {
                "kind": use.kind.value,
                "members": use.members,
                "bookings": use.bookings,
                "hours": _hours(use.hours),
            }
            for use in found.by_kind
        ],
    }


def _hours(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")


def _rate_percent(rate: Decimal | None) -> str | None:
    return None if rate is None else _decimal(Fraction(rate) * 100, places=1)


def render_occupancy(data: OccupancyReport, *, lang: Language = "en") -> str:
    """The text of an :func:`occupancy_report`: a table of centres, the totals, the users."""
    tr = texts(lang)
    lines = [
        tr(
            "{title}: occupancy in {month}",
            title=_title(data["network"]),
            month=tr.month(data["month"]),
        ),
        tr(
            "Seat-hours booked over seat-hours open; a regular user books at least {count} "
            "times in the month.",
            count=data["regular_use"],
        ),
        "",
    ]
    rows = [
        (
            row["id"],
            tr.integer(row["open_days"]),
            tr.number(row["seat_hours_open"]),
            tr.number(row["seat_hours_booked"]),
            tr.integer(row["bookings"]),
            tr.percent(row["rate"]) if row["rate"] is not None else "-",
        )
        for row in data["centres"]
    ]
    totals = data["totals"]
    rows.append(
        (
            tr("network"),
            "",
            tr.number(totals["seat_hours_open"]),
            tr.number(totals["seat_hours_booked"]),
            tr.integer(totals["bookings"]),
            tr.percent(totals["rate"]) if totals["rate"] is not None else "-",
        )
    )
    lines.extend(
        _table(
            (
                tr("centre"),
                tr("open days"),
                tr("seat-hours open"),
                tr("seat-hours booked"),
                tr("bookings"),
                tr("occupancy"),
            ),
            rows,
            align="<>>>>>",
        )
    )
    lines.append("")
    lines.append(tr("Regular users: {count}", count=tr.integer(data["regular_users"])))
    lines.append("")
    lines.extend(
        _table(
            (tr("member kind"), tr("members"), tr("bookings"), tr("hours")),
            [
                (
                    tr.term("member-kind", use["kind"]),
                    tr.integer(use["members"]),
                    tr.integer(use["bookings"]),
                    tr.number(use["hours"]),
                )
                for use in data["by_kind"]
            ],
            align="<>>>",
        )
    )
    return "\n".join(lines) + "\n"
