"""Seat bookings: one member, one seat, at one centre, for one span of one day (rule 3).

A :class:`Booking` is a value; the :class:`Ledger` holds a network's bookings,
indexed by centre and day and by member and day, so that checking a request
looks only at the bookings of that centre that day and of that member that
day, never the whole ledger. The ledger is persistent: adding or removing a
booking returns a new ledger sharing almost everything with the old one, in
time that does not grow with the ledger.

The rules are checked by :func:`refusal` (one request against a ledger) and
:func:`violations` (a whole sequence, as a file lists them); the
:class:`~telecentre_core.Network` calls them on every booking.

>>> import datetime as dt
>>> from telecentre_core.booking import Booking, Ledger
>>> from telecentre_core.opening import TimeRange
>>> morning = TimeRange.parse("09:00-13:00")
>>> booking = Booking(member="m01", centre="murat", day=dt.date(2012, 1, 3), time=morning)
>>> ledger = Ledger().with_booking(booking)
>>> len(ledger), ledger.at("murat", dt.date(2012, 1, 3)) == (booking,)
(1, True)
>>> len(Ledger()), booking in ledger
(0, True)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs
import immutables

from . import _validate as v
from .centre import Centre
from .dates import instant, local_time_exists, zone
from .errors import (
    BookingTimeSkipped,
    CentreClosedOn,
    MemberDoubleBooked,
    NotAMember,
    OutsideOpeningHours,
    OverCapacity,
    RuleViolation,
    UnknownReference,
    UnknownUnit,
)
from .membership import Membership, PassUse
from .opening import DayOpening, TimeRange
from .policy import Policy
from .pricing import PassKind

__all__ = [
    "Booking",
    "BookingRights",
    "Ledger",
    "held_during",
    "refusal",
    "resolve_time",
    "violations",
]


def _time_range(value: object) -> object:
    return TimeRange.parse(value) if isinstance(value, str) else value


def _optional_slug(field: str) -> v.Validator[str | None]:
    check = v.slug(field)

    def optional(instance: object, attribute: object, value: str | None) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


@attrs.frozen(kw_only=True, weakref_slot=False)
class Booking:
    """A seat booked by ``member`` at ``centre`` on ``day`` for ``time`` (local time).

    ``unit`` names the policy's unit when the booking was made by unit
    (``morning``): ``time`` is then the span the centre's hours gave that
    day. ``series`` ties the occurrences of a recurring booking together.
    A member holds at most one booking at a moment, so ``member``, ``day``
    and ``time.start`` identify a booking.
    """

    member: str = attrs.field(validator=v.slug("member"))
    centre: str = attrs.field(validator=v.slug("centre"))
    day: dt.date = attrs.field(validator=v.date("day"))
    time: TimeRange = attrs.field(
        converter=_time_range, validator=v.instance_of("time", TimeRange, "a TimeRange")
    )
    unit: str | None = attrs.field(default=None, validator=_optional_slug("unit"))
    series: str | None = attrs.field(default=None, validator=_optional_slug("series"))

    def starts_at(self, time_zone: str) -> dt.datetime:
        """The moment the booking starts: local time in ``time_zone``, with its UTC offset.

        The offset is fixed (``+01:00`` in winter, ``+02:00`` in summer in
        Paris), so that ``ends_at(...) - starts_at(...)`` is real time even
        across a clock change: Python subtracts two datetimes of one zone
        object by their wall clocks.
        """
        return _with_offset(instant(self.day, self.time.start, time_zone), time_zone)

    def ends_at(self, time_zone: str) -> dt.datetime:
        """The moment the booking ends, as :meth:`starts_at` (24:00 is the next midnight)."""
        return _with_offset(instant(self.day, self.time.end, time_zone), time_zone)

    def hours(self, time_zone: str) -> Decimal:
        """The booking's length in real hours (a span across the spring change loses one).

        >>> night = Booking(member="m01", centre="c", day=dt.date(2012, 3, 25), time="01:00-04:00")
        >>> night.hours("Europe/Paris")
        Decimal('2')
        """
        return self.time.hours_on(self.day, time_zone)

    def sort_key(self) -> tuple[dt.date, str, dt.time, str]:
        """The ledger's order: by day, centre, start time, then member."""
        return (self.day, self.centre, self.time.start, self.member)

    def __str__(self) -> str:
        return f"{self.member} at {self.centre} on {self.day.isoformat()} {self.time}"


def _with_offset(moment: dt.datetime, time_zone: str) -> dt.datetime:
    local = moment.astimezone(zone(time_zone))
    offset = local.utcoffset()
    return local if offset is None else local.astimezone(dt.timezone(offset))


_Days = immutables.Map[dt.date, tuple[Booking, ...]]
_EMPTY_DAYS: Final[_Days] = immutables.Map()


class Ledger:
    """A network's bookings, indexed by centre and day, and by member and day.

    Immutable and persistent: :meth:`with_booking` and :meth:`without` return
    new ledgers in time that does not depend on the ledger's size. The ledger
    checks nothing itself; the network checks each booking before adding it.
    Iterating gives the bookings in :meth:`Booking.sort_key` order.
    """

    __slots__ = ("_by_centre", "_by_member", "_size")

    def __init__(self, bookings: Iterable[Booking] = ()) -> None:
        by_centre: dict[str, dict[dt.date, list[Booking]]] = defaultdict(lambda: defaultdict(list))
        by_member: dict[str, dict[dt.date, list[Booking]]] = defaultdict(lambda: defaultdict(list))
        size = 0
        for booking in bookings:
            if not isinstance(booking, Booking):
                raise TypeError(f"a ledger holds Booking objects, not {type(booking).__name__}")
            by_centre[booking.centre][booking.day].append(booking)
            by_member[booking.member][booking.day].append(booking)
            size += 1
        self._by_centre = _frozen(by_centre)
        self._by_member = _frozen(by_member)
        self._size = size

    @classmethod
    def _of(
        cls,
        by_centre: immutables.Map[str, _Days],
        by_member: immutables.Map[str, _Days],
        size: int,
    ) -> Ledger:
        ledger = cls.__new__(cls)
        ledger._by_centre = by_centre
        ledger._by_member = by_member
        ledger._size = size
        return ledger

    # -- reading ---------------------------------------------------------------

    def at(self, centre_id: str, day: dt.date) -> tuple[Booking, ...]:
        """The bookings at ``centre_id`` on ``day``, by start time."""
        return self._by_centre.get(centre_id, _EMPTY_DAYS).get(day, ())

    def of_member(self, member_id: str, day: dt.date | None = None) -> tuple[Booking, ...]:
        """The bookings of ``member_id`` on ``day``, or all of them by date when unset."""
        days = self._by_member.get(member_id, _EMPTY_DAYS)
        if day is not None:
            return days.get(day, ())
        return tuple(booking for key in sorted(days) for booking in days[key])

    def at_centre(self, centre_id: str) -> tuple[Booking, ...]:
        """Every booking at ``centre_id``, by date and start time."""
        days = self._by_centre.get(centre_id, _EMPTY_DAYS)
        return tuple(booking for key in sorted(days) for booking in days[key])

    def between(self, start: dt.date, end: dt.date) -> Iterator[Booking]:
        """The bookings from ``start`` to ``end`` (excluded), centre by centre."""
        for centre_id in sorted(self._by_centre):
            days = self._by_centre[centre_id]
            for day in sorted(key for key in days if start <= key < end):
                yield from days[day]

    def centres(self) -> tuple[str, ...]:
        """The ids of the centres with at least one booking, sorted."""
        return tuple(sorted(self._by_centre))

    def members(self) -> tuple[str, ...]:
        """The ids of the members with at least one booking, sorted."""
        return tuple(sorted(self._by_member))

    def __len__(self) -> int:
        return self._size

    def __bool__(self) -> bool:
        return self._size > 0

    def __iter__(self) -> Iterator[Booking]:
        everything = [
            booking
            for days in self._by_centre.values()
            for bookings in days.values()
            for booking in bookings
        ]
        return iter(sorted(everything, key=Booking.sort_key))

    def __contains__(self, booking: object) -> bool:
        if not isinstance(booking, Booking):
            return False
        return booking in self.at(booking.centre, booking.day)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ledger):
            return NotImplemented
        return self._size == other._size and self._by_centre == other._by_centre

    def __hash__(self) -> int:
        return hash((self._size, self._by_centre))

    def __repr__(self) -> str:
        return f"Ledger(<{self._size} bookings>)"

    # -- changing: new ledgers --------------------------------------------------

    def with_booking(self, booking: Booking) -> Ledger:
        """A ledger that also holds ``booking`` (unchecked: the network checks first)."""
        return Ledger._of(
            _added(self._by_centre, booking.centre, booking),
            _added(self._by_member, booking.member, booking),
            self._size + 1,
        )

    def without(self, booking: Booking) -> Ledger:
        """A ledger without ``booking``; raises KeyError when it does not hold it."""
        if booking not in self:
            raise KeyError(booking)
        return Ledger._of(
            _removed(self._by_centre, booking.centre, booking),
            _removed(self._by_member, booking.member, booking),
            self._size - 1,
        )


def _frozen(index: dict[str, dict[dt.date, list[Booking]]]) -> immutables.Map[str, _Days]:
    return immutables.Map(
        {
            key: immutables.Map(
                {day: tuple(sorted(items, key=Booking.sort_key)) for day, items in days.items()}
            )
            for key, days in index.items()
        }
    )


def _added(
    index: immutables.Map[str, _Days], key: str, booking: Booking
) -> immutables.Map[str, _Days]:
    days = index.get(key, _EMPTY_DAYS)
    same_day = days.get(booking.day, ())
    ordered = tuple(sorted((*same_day, booking), key=Booking.sort_key))
    return index.set(key, days.set(booking.day, ordered))


def _removed(
    index: immutables.Map[str, _Days], key: str, booking: Booking
) -> immutables.Map[str, _Days]:
    days = index[key]
    kept = list(days[booking.day])
    kept.remove(booking)
    days = days.set(booking.day, tuple(kept)) if kept else days.delete(booking.day)
    return index.set(key, days) if days else index.delete(key)


# -- who may book -------------------------------------------------------------------------

#: The days a pass covers from the day it is used.
_PASS_DAYS: Final = {PassKind.HALF_DAY: 1, PassKind.DAY: 1, PassKind.WEEK: 7}


@attrs.frozen
class BookingRights:
    """Who may book where and when: members in force, and pass holders at their centre.

    A member books on a day when a membership of theirs is in force, or
    when they used a pass at that centre covering that day (a week pass
    covers seven days from its day): nomadic workers book with passes.
    ``stints`` are the memberships by member id, ``passes`` the
    ``(member, day, centre)`` triples the passes cover.
    """

    stints: Mapping[str, Sequence[Membership]]
    passes: frozenset[tuple[str, dt.date, str]]

    @classmethod
    def of(cls, memberships: Iterable[Membership], pass_uses: Iterable[PassUse]) -> BookingRights:
        """The rights given by ``memberships`` and ``pass_uses``."""
        stints: dict[str, list[Membership]] = defaultdict(list)
        for stint in memberships:
            stints[stint.member].append(stint)
        covered = {
            (use.member, use.on + dt.timedelta(days=offset), use.centre)
            for use in pass_uses
            for offset in range(_PASS_DAYS[use.kind])
        }
        return cls(dict(stints), frozenset(covered))

    def allows(self, member_id: str, day: dt.date, centre_id: str) -> bool:
        """True when ``member_id`` may book ``centre_id`` on ``day``."""
        if any(stint.is_active_on(day) for stint in self.stints.get(member_id, ())):
            return True
        return (member_id, day, centre_id) in self.passes


# -- the rules ---------------------------------------------------------------------------


def resolve_time(
    member_id: str,
    centre_id: str,
    day: dt.date,
    opening: DayOpening,
    policy: Policy,
    unit: str | None,
    time: TimeRange | None,
    index: int | None = None,
) -> TimeRange | RuleViolation:
    """The span a request books: ``time`` as given, or what ``unit`` gives that day.

    Returns the refusal instead when the centre is closed that day, the unit
    is unknown, or the centre does not open inside the unit.
    """
    shown = str(time) if time is not None else unit or ""
    if opening.reason is not None:
        return CentreClosedOn(
            member_id, centre_id, day, shown, opening.reason.value, opening.detail, index
        )
    if time is not None:
        return time
    slugs = [known.slug for known in policy.units]
    if unit not in slugs:
        return UnknownUnit(member_id, centre_id, day, str(unit), slugs, index)
    span = opening.span_within(policy.units[slugs.index(unit)].window)
    if span is None:
        hours = [str(item) for item in opening.ranges]
        return OutsideOpeningHours(member_id, centre_id, day, unit, hours, unit, index)
    return span


def refusal(
    booking: Booking,
    *,
    opening: DayOpening,
    seats: int,
    same_place: Sequence[Booking],
    same_member: Sequence[Booking],
    time_zone: str,
    index: int | None = None,
) -> RuleViolation | None:
    """Why ``booking`` cannot be added, or None when it can (rules 3 and 7).

    ``opening`` is the centre's opening that day, ``seats`` its seats,
    ``same_place`` the bookings already at that centre that day and
    ``same_member`` the member's bookings that day. Checked in this order:
    the centre opens that day, the span starts and ends while it is open, its times
    exist, the member is nowhere else then, a seat is free at every moment.
    """
    member, centre, day, span = booking.member, booking.centre, booking.day, booking.time
    if opening.reason is not None:
        return CentreClosedOn(
            member, centre, day, str(span), opening.reason.value, opening.detail, index
        )
    if not opening.allows(span):
        hours = [str(item) for item in opening.ranges]
        return OutsideOpeningHours(member, centre, day, str(span), hours, None, index)
    for moment in (span.start, span.end):
        if moment != dt.time.max and not local_time_exists(day, moment, time_zone):
            return BookingTimeSkipped(member, centre, day, str(span), moment, time_zone, index)
    for other in same_member:
        if other.time.overlaps(span):
            return MemberDoubleBooked(
                member, centre, day, str(span), other.centre, str(other.time), index
            )
    overlapping = [other for other in same_place if other.time.overlaps(span)]
    if len(overlapping) < seats:
        return None
    for moment, held in held_during(span, overlapping):
        if held >= seats:
            at = "24:00" if moment == dt.time.max else f"{moment:%H:%M}"
            return OverCapacity(member, centre, day, str(span), at, seats, held, index)
    return None


def held_during(span: TimeRange, same_place: Iterable[Booking]) -> Iterator[tuple[dt.time, int]]:
    """For each moment of ``span`` when the count can change, the seats held then, in order.

    The count only rises when a booking starts, so the start of ``span`` and
    the starts of the bookings inside it are all the moments to look at.
    Local times of one day are in the same order as the moments they name (an
    ambiguous time is its first occurrence), so spans compare as they are.
    """
    overlapping = [other for other in same_place if other.time.overlaps(span)]
    for moment in sorted({span.start, *(other.time.start for other in overlapping)}):
        if span.start <= moment < span.end:
            yield (
                moment,
                sum(1 for other in overlapping if other.time.start <= moment < other.time.end),
            )


def violations(
    bookings: Sequence[Booking],
    *,
    centres: Mapping[str, Centre],
    members: Iterable[str],
    policy: Policy,
    time_zone: str,
    rights: BookingRights,
    only: Callable[[Booking], bool] | None = None,
) -> list[RuleViolation]:
    """Every broken rule of ``bookings``, each reported on the booking that breaks it.

    The bookings are taken in order, each checked against those before it
    that were fine, as if booked one after the other: of two bookings that
    cannot both hold, the later is at fault. ``only`` limits the check to
    the bookings it accepts (a network re-checks one centre's after a
    change of that centre); the others are not looked at.
    """
    known_members = set(members)
    open_on_holidays = frozenset(policy.open_on_holidays)
    openings: dict[tuple[str, dt.date], DayOpening] = {}
    by_place: dict[tuple[str, dt.date], list[Booking]] = defaultdict(list)
    by_member: dict[tuple[str, dt.date], list[Booking]] = defaultdict(list)
    found: list[RuleViolation] = []
    for index, booking in enumerate(bookings):
        if only is not None and not only(booking):
            continue
        centre = centres.get(booking.centre)
        if booking.member not in known_members:
            found.append(UnknownReference("bookings", index, "member", "member", booking.member))
            continue
        if centre is None:
            found.append(UnknownReference("bookings", index, "centre", "centre", booking.centre))
            continue
        if not rights.allows(booking.member, booking.day, booking.centre):
            error = NotAMember(booking.member, booking.day)
            error.collection, error._key, error.where = "bookings", index, "member"
            found.append(error)
            continue
        place = (booking.centre, booking.day)
        opening = openings.get(place)
        if opening is None:
            opening = centre.opening_on(booking.day, policy.opening_hours, open_on_holidays)
            openings[place] = opening
        if booking.unit is not None and booking.unit not in {u.slug for u in policy.units}:
            units = [unit.slug for unit in policy.units]
            found.append(
                UnknownUnit(booking.member, booking.centre, booking.day, booking.unit, units, index)
            )
            continue
        problem = refusal(
            booking,
            opening=opening,
            seats=centre.seats_on(booking.day),
            same_place=by_place[place],
            same_member=by_member[(booking.member, booking.day)],
            time_zone=time_zone,
            index=index,
        )
        if problem is not None:
            found.append(problem)
            continue
        by_place[place].append(booking)
        by_member[(booking.member, booking.day)].append(booking)
    return found
