"""Occupancy: how much of the seats' open time members booked, and who uses the centres.

For a period, per centre and for the network: the seat-hours open (each
opening of each day, in real hours, times the seats that day), the
seat-hours booked, and their ratio; the regular users (members with at least
the policy's ``regular_use`` bookings a month on average over the period:
the article's "30 télétravailleurs utilisent régulièrement les espaces" is
this count); and the use by member kind.

>>> import datetime as dt
>>> from telecentre_core.datasets import cybercantal
>>> from telecentre_core.occupancy import occupancy
>>> march = occupancy(cybercantal(), dt.date(2011, 3, 1), dt.date(2011, 4, 1))
>>> murat = march.centre("murat")
>>> murat.seat_hours_open  # 23 days, 8 hours a day (7 on Fridays), 4 seats
Decimal('720')
>>> march.regular_use, len(march.regular_users) > 0
(4, True)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final

import attrs

from .dates import days_between, instant
from .errors import InvalidValue, UnknownCentre
from .membership import MemberKind

if TYPE_CHECKING:
    from .booking import Booking
    from .network import Network
    from .opening import TimeRange

__all__ = [
    "CentreOccupancy",
    "KindUse",
    "Occupancy",
    "occupancy",
    "regular_members",
]

_HOUR: Final = Decimal(3600)
_RATE: Final = Decimal("0.0001")


def _rate(booked: Decimal, available: Decimal) -> Decimal | None:
    if not available:
        return None
    return (booked / available).quantize(_RATE, rounding=ROUND_HALF_UP)


@attrs.frozen(kw_only=True)
class CentreOccupancy:
    """One centre's occupancy over a period: ``centre_id``'s figures.

    ``seat_hours_open`` counts each opening of each day of the period in real
    hours (a day of a clock change has one hour more or less), times the
    seats that day; ``seat_hours_booked`` adds up the bookings' real hours
    while the centre is open (a full day across the lunch break counts the
    hours open);
    ``bookings`` counts them and ``open_days`` the days the centre opened.
    """

    centre_id: str
    open_days: int
    seat_hours_open: Decimal
    seat_hours_booked: Decimal
    bookings: int

    @property
    def rate(self) -> Decimal | None:
        """Booked over open, from 0 to 1, to four decimals; None when it never opened."""
        return _rate(self.seat_hours_booked, self.seat_hours_open)


@attrs.frozen(kw_only=True)
class KindUse:
    """The use by the members of one ``kind``: ``members`` who booked, ``bookings``, ``hours``."""

    kind: MemberKind
    members: int
    bookings: int
    hours: Decimal


@attrs.frozen(kw_only=True)
class Occupancy:
    """A network's occupancy from ``start`` to ``end`` (excluded).

    ``centres`` are the centres that were open on some day of the period, in
    the network's order; ``regular_users`` the ids of the members with at
    least ``regular_use`` bookings a month on average over the calendar months
    the period touches (see
    :func:`~telecentre_core.occupancy.regular_members`);
    ``by_kind`` the use by member kind, one entry per kind.
    """

    start: dt.date
    end: dt.date
    centres: tuple[CentreOccupancy, ...]
    regular_use: int
    regular_users: tuple[str, ...]
    by_kind: tuple[KindUse, ...]

    @property
    def seat_hours_open(self) -> Decimal:
        """The seat-hours open at every centre."""
        return sum((item.seat_hours_open for item in self.centres), Decimal(0))

    @property
    def seat_hours_booked(self) -> Decimal:
        """The seat-hours booked at every centre."""
        return sum((item.seat_hours_booked for item in self.centres), Decimal(0))

    @property
    def bookings(self) -> int:
        """The bookings of the period at every centre."""
        return sum(item.bookings for item in self.centres)

    @property
    def rate(self) -> Decimal | None:
        """The network's seat-hours booked over seat-hours open; None when nothing opened."""
        return _rate(self.seat_hours_booked, self.seat_hours_open)

    def centre(self, centre_id: str) -> CentreOccupancy:
        """The occupancy of ``centre_id``; raises :class:`UnknownCentre` if it is not here."""
        for item in self.centres:
            if item.centre_id == centre_id:
                return item
        raise UnknownCentre(centre_id)


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    year, month = start.year, start.month
    last = end - dt.timedelta(days=1)
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)  # noqa: PLR2004
    return months


def _real_hours(day: dt.date, spans: Iterable[TimeRange], time_zone: str) -> Decimal:
    # The seconds first, then the hours: a day's total is exact and reads as one number.
    seconds = sum(
        (instant(day, span.end, time_zone) - instant(day, span.start, time_zone)).total_seconds()
        for span in spans
    )
    return Decimal(int(seconds)) / _HOUR


def _open_hours(network: Network, booking: Booking, time_zone: str) -> Decimal:
    # A booking across the lunch break holds its seat then, but a seat-hour counts only
    # while the centre is open, so that booked never exceeds open.
    opening = network.opening_on(booking.centre, booking.day)
    return _real_hours(booking.day, opening.open_within(booking.time), time_zone)


def regular_members(
    network: Network, start: dt.date, end: dt.date, centres: Iterable[str] | None = None
) -> frozenset[str] | None:
    """The ids of the regular users from ``start`` to ``end`` (excluded); None without bookings.

    A regular user has at least the policy's ``regular_use`` bookings a month
    on average over the calendar months the period touches: for one month,
    that many in the month; for a year, twelve times that many. A week's pass
    makes a nomadic worker no regular user of the year. ``centres`` counts
    only the bookings at those centres. None when nobody booked in the
    period: the network records no bookings then.
    """
    wanted = set(centres) if centres is not None else None
    counts: Counter[str] = Counter(
        booking.member
        for booking in network.bookings.between(start, end)
        if wanted is None or booking.centre in wanted
    )
    if not counts:
        return None
    needed = network.policy.regular_use * len(_months(start, end))
    return frozenset(member for member, count in counts.items() if count >= needed)


def occupancy(
    network: Network,
    start: dt.date,
    end: dt.date,
    centres: Iterable[str] | None = None,
) -> Occupancy:
    """The occupancy of ``network`` from ``start`` to ``end`` (excluded).

    ``centres`` limits it to those ids (each must exist); the regular users
    and the use by kind then count the bookings at those centres only.
    """
    if end <= start:
        raise InvalidValue("end", end, f"must be after start ({start.isoformat()})")
    chosen = [network.centre(centre_id) for centre_id in centres] if centres is not None else None
    wanted = {centre.id for centre in chosen} if chosen is not None else None
    time_zone = network.timezone
    days = days_between(start, end)
    rows: list[CentreOccupancy] = []
    for centre in chosen if chosen is not None else network.centres:
        open_days = 0
        seat_hours = Decimal(0)
        for day in days:
            opening = network.opening_on(centre.id, day)
            if not opening.is_open:
                continue
            open_days += 1
            seat_hours += _real_hours(day, opening.ranges, time_zone) * centre.seats_on(day)
        booked = [
            booking
            for booking in network.bookings.at_centre(centre.id)
            if start <= booking.day < end
        ]
        if not open_days and not booked:
            continue
        rows.append(
            CentreOccupancy(
                centre_id=centre.id,
                open_days=open_days,
                seat_hours_open=seat_hours,
                seat_hours_booked=sum(
                    (_open_hours(network, booking, time_zone) for booking in booked), Decimal(0)
                ),
                bookings=len(booked),
            )
        )
    bookings = [
        booking
        for booking in network.bookings.between(start, end)
        if wanted is None or booking.centre in wanted
    ]
    threshold = network.policy.regular_use
    regular = tuple(sorted(regular_members(network, start, end, wanted) or ()))
    kinds: dict[MemberKind, tuple[set[str], list[Decimal]]] = {
        kind: (set(), []) for kind in MemberKind
    }
    for booking in bookings:
        members, hours = kinds[network.member(booking.member).kind]
        members.add(booking.member)
        hours.append(_open_hours(network, booking, time_zone))
    by_kind = tuple(
        KindUse(kind=kind, members=len(members), bookings=len(hours), hours=sum(hours, Decimal(0)))
        for kind, (members, hours) in kinds.items()
    )
    return Occupancy(
        start=start,
        end=end,
        centres=tuple(rows),
        regular_use=threshold,
        regular_users=regular,
        by_kind=by_kind,
    )
