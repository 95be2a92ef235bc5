"""The errors the library raises: one root, a subclass per broken rule.

Every error carries the facts a front end needs to render it (which centre,
which specialisation, which date) as attributes, and a message a person
understands as its ``str()``.

>>> from telecentre_core.errors import TelecentreError, UnknownCentre
>>> error = UnknownCentre("vic")
>>> isinstance(error, TelecentreError), error.centre_id
(True, 'vic')
>>> str(error)
"no centre with id 'vic' in the network"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .money import Money

__all__ = [
    "ActivityTimeOrder",
    "AmbiguousCommune",
    "AmountNotPositive",
    "AttendanceWithoutPlace",
    "BookingNotFound",
    "BookingTimeSkipped",
    "BookingsRemain",
    "CentreAlreadyClosed",
    "CentreClosedOn",
    "CentreNotActive",
    "CentreNotOpen",
    "DoubleRegistration",
    "DuplicateAttendance",
    "DuplicateCentre",
    "DuplicateRecord",
    "DuplicateSpecialisation",
    "FeeOutsideBand",
    "FileProblem",
    "FileTooLarge",
    "InvalidFundingPeriod",
    "InvalidRadius",
    "InvalidValue",
    "LifecycleOrder",
    "MaxSeatsExceeded",
    "MemberDoubleBooked",
    "MemberForgotten",
    "MembersOnly",
    "NetworkFileError",
    "NoOpenCentre",
    "NoPlacesInDepartement",
    "NoSeatsAtOpening",
    "NonexistentLocalTime",
    "NotAMember",
    "NotAnEmployee",
    "NotRegistered",
    "OutsideOpeningHours",
    "OverCapacity",
    "OverlappingActivities",
    "OverlappingAgreements",
    "OverlappingMemberships",
    "PlacesFileError",
    "RegistrationOrder",
    "RegistrationTooLate",
    "RuleViolation",
    "SeatTimelineOrder",
    "SeriesRefused",
    "SpecialisationConflict",
    "SpecialisationNotHeld",
    "StaleVersion",
    "TelecentreError",
    "ThemeHeldElsewhere",
    "UndeclaredSpecialisation",
    "UnknownCentre",
    "UnknownCommune",
    "UnknownDepartement",
    "UnknownReference",
    "UnknownSpecialisation",
    "UnknownUnit",
]


_SHOWN = 60


def _shorten(text: str, limit: int = _SHOWN) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


class TelecentreError(Exception):
    """The root of every error this library raises on purpose."""


class InvalidValue(TelecentreError, ValueError):
    """A value is outside what its type allows (a seat count of 0, a float for money).

    ``field`` names the attribute (as spelled in the network file), ``value`` is
    what was given, ``reason`` says what was expected.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        shown = _shorten(repr(value))
        super().__init__(f"{field}: {reason}, got {shown}")

    @property
    def where(self) -> str:
        """The field, as the part of the object the problem is on."""
        return self.field


class AmountNotPositive(InvalidValue):
    """An amount that must be more than zero is not (a contribution or a cost of 0 € or less).

    ``amount`` is the amount given; ``field`` names it as in the file (``amount``).
    """

    def __init__(self, field: str, amount: Money) -> None:
        self.amount = amount
        super().__init__(field, amount, "must be more than 0.00 €")


class InvalidFundingPeriod(InvalidValue):
    """A contribution or a cost is not dated once or yearly, or its years are out of order.

    A record is dated either ``on`` one day or every calendar year from
    ``first_year`` to ``last_year`` (both included; ``last_year`` unset: every
    year from ``first_year`` on). ``on``, ``first_year`` and ``last_year`` are
    the values given; ``field`` names the one at fault.
    """

    def __init__(
        self,
        field: str,
        reason: str,
        on: dt.date | None,
        first_year: int | None,
        last_year: int | None,
    ) -> None:
        self.on = on
        self.first_year = first_year
        self.last_year = last_year
        value = {"on": on, "first_year": first_year, "last_year": last_year}[field]
        super().__init__(field, value, reason)


class NoOpenCentre(TelecentreError, LookupError):
    """An amount is to be split across the centres open over some days, and none is open.

    ``start`` is the first day and ``end`` the first day after the period.
    """

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start = start
        self.end = end
        last = end - dt.timedelta(days=1)
        period = (
            f"on {start.isoformat()}"
            if last == start
            else f"from {start.isoformat()} to {last.isoformat()}"
        )
        super().__init__(f"no centre of the network is open {period}: nothing to split across")


class RuleViolation(TelecentreError):
    """A business rule of the network is broken.

    ``centre_id`` names the centre the problem is reported on and ``where``
    the part of that centre (as in the file: ``"seats[1].count"``), so a
    loader can point at the offending line of a file.
    """

    rule: str = "rule"
    centre_id: str | None = None
    where: str = ""
    #: The list of the network (as named in the file) holding the record at fault.
    collection: str = "centres"
    _key: str | int | None = None

    @property
    def key(self) -> str | int | None:
        """The record at fault in :attr:`collection`: its id, or its index when it has none."""
        return self._key if self._key is not None else self.centre_id


class UnknownCentre(RuleViolation, LookupError):
    """An operation named a centre the network does not have."""

    rule = "unknown-centre"

    def __init__(self, centre_id: str) -> None:
        self.centre_id = centre_id
        super().__init__(f"no centre with id {centre_id!r} in the network")


class DuplicateCentre(RuleViolation):
    """Two centres share one identity."""

    rule = "unique-centre-id"
    where = "id"

    def __init__(self, centre_id: str) -> None:
        self.centre_id = centre_id
        super().__init__(f"centre id {centre_id!r} is used by more than one centre")


class DuplicateSpecialisation(RuleViolation):
    """The network's catalogue lists one specialisation slug twice."""

    rule = "unique-specialisation"

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(f"specialisation {slug!r} is declared more than once")


class UnknownSpecialisation(RuleViolation):
    """A centre holds a specialisation the network's catalogue does not declare."""

    rule = "known-specialisation"

    def __init__(self, centre_id: str, slug: str, index: int | None = None) -> None:
        self.centre_id = centre_id
        self.slug = slug
        self.where = f"specialisations[{index}].slug" if index is not None else "specialisations"
        super().__init__(
            f"centre {centre_id!r} holds specialisation {slug!r}, "
            "which the network does not declare"
        )


class SpecialisationNotHeld(RuleViolation, LookupError):
    """An operation named a specialisation the centre does not hold on that date."""

    rule = "specialisation-held"

    def __init__(self, centre_id: str, slug: str, on: dt.date) -> None:
        self.centre_id = centre_id
        self.slug = slug
        self.on = on
        super().__init__(f"centre {centre_id!r} does not hold {slug!r} on {on.isoformat()}")


class SpecialisationConflict(RuleViolation):
    """Two centres hold one specialisation over overlapping periods (rule 1).

    The Cybercantal specialises each centre "so that centres of the network do
    not compete": a specialisation belongs to one centre at a time, counting
    planned centres. ``since`` is the first day of the overlap and ``until``
    the day it ends (``None``: it never ends).
    """

    rule = "specialisation-non-overlap"

    def __init__(
        self,
        slug: str,
        centre_id: str,
        other_centre_id: str,
        since: dt.date,
        until: dt.date | None,
        index: int | None = None,
        distance_km: float | None = None,
    ) -> None:
        self.slug = slug
        self.centre_id = centre_id
        self.other_centre_id = other_centre_id
        self.since = since
        self.until = until
        self.distance_km = distance_km
        self.where = f"specialisations[{index}]" if index is not None else "specialisations"
        period = f"from {since.isoformat()}" + (
            f" until {until.isoformat()}" if until is not None else " onwards"
        )
        near = f" ({distance_km:.1f} km apart)" if distance_km is not None else ""
        super().__init__(
            f"specialisation {slug!r} is held by both {other_centre_id!r} and "
            f"{centre_id!r}{near} {period}; a specialisation belongs to one centre at a time"
        )

    def seen_from(self, centre_id: str) -> SpecialisationConflict:
        """The same conflict reported on ``centre_id`` (the centre a caller changed)."""
        if centre_id != self.other_centre_id:
            return self
        return SpecialisationConflict(
            self.slug,
            self.other_centre_id,
            str(self.centre_id),
            self.since,
            self.until,
            distance_km=self.distance_km,
        )


class SeatTimelineOrder(RuleViolation):
    """A centre's seat timeline is not in strictly increasing date order."""

    rule = "seat-timeline-order"

    def __init__(self, centre_id: str, index: int, since: dt.date, previous: dt.date) -> None:
        self.centre_id = centre_id
        self.index = index
        self.since = since
        self.previous = previous
        self.where = f"seats[{index}].since"
        super().__init__(
            f"centre {centre_id!r}: seat change {index} starts on {since.isoformat()}, "
            f"not after the previous one ({previous.isoformat()}); "
            "seat changes must be in date order, one per date"
        )


class LifecycleOrder(RuleViolation):
    """A lifecycle's dates are out of order, or it has no start at all.

    ``field`` names the date at fault (``opens``, ``closes``), relative to the
    lifecycle.
    """

    rule = "lifecycle-order"

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        self.where = field
        super().__init__(reason)


class NoSeatsAtOpening(RuleViolation):
    """A centre opens before its seat timeline starts: it would be open with no seats."""

    rule = "seats-at-opening"

    def __init__(self, centre_id: str, opens: dt.date, first: dt.date) -> None:
        self.centre_id = centre_id
        self.opens = opens
        self.first = first
        self.where = "seats[0].since"
        super().__init__(
            f"centre {centre_id!r} opens on {opens.isoformat()} but has no seats until "
            f"{first.isoformat()}; start the seat timeline on or before the opening"
        )


class CentreAlreadyClosed(RuleViolation):
    """An operation tried to close a centre that already closes on or before that date."""

    rule = "close-once"

    def __init__(self, centre_id: str, closes: dt.date) -> None:
        self.centre_id = centre_id
        self.closes = closes
        self.where = "lifecycle.closes"
        super().__init__(f"centre {centre_id!r} is already closed from {closes.isoformat()}")


class MaxSeatsExceeded(RuleViolation):
    """A centre has more seats than the policy's maximum."""

    rule = "max-seats"

    def __init__(
        self, centre_id: str, seats: int, maximum: int, since: dt.date, index: int
    ) -> None:
        self.centre_id = centre_id
        self.seats = seats
        self.maximum = maximum
        self.since = since
        self.index = index
        self.where = f"seats[{index}].count"
        super().__init__(
            f"centre {centre_id!r} has {seats} seats from {since.isoformat()}, "
            f"more than the policy's maximum of {maximum}"
        )


class DuplicateRecord(RuleViolation):
    """Two records of one list share an identity (two members ``anne``, two tiers ``standard``)."""

    rule = "unique-id"

    def __init__(self, collection: str, identity: str, index: int, field: str = "id") -> None:
        self.collection = collection
        self.identity = identity
        self._key = index
        self.where = field
        super().__init__(f"{collection}: {field} {identity!r} is used more than once")


class UnknownReference(RuleViolation, LookupError):
    """A record refers to something the network does not have (a member, a tier, a centre).

    ``target`` names what was looked for (``"member"``, ``"tier"``) and
    ``value`` the reference that was not found.
    """

    rule = "known-reference"

    def __init__(
        self, collection: str, key: str | int, field: str, target: str, value: str
    ) -> None:
        self.collection = collection
        self._key = key
        self.where = field
        self.target = target
        self.value = value
        super().__init__(f"{collection}: no {target} {value!r} in the network")


class FeeOutsideBand(RuleViolation):
    """A tier's monthly fee lies outside the policy's fee band (rule 5).

    Source: "une cotisation allant de 50 à 100 € par mois" (the article).
    """

    rule = "fee-band"

    def __init__(
        self, tier: str, fee: Money, minimum: Money, maximum: Money, index: int | None = None
    ) -> None:
        self.collection = "policy.tiers"
        self._key = index
        self.where = "monthly_fee"
        self.tier = tier
        self.fee = fee
        self.minimum = minimum
        self.maximum = maximum
        super().__init__(
            f"tier {tier!r} costs {fee} a month, outside the policy's band "
            f"of {minimum} to {maximum}"
        )


class OverlappingMemberships(RuleViolation):
    """One member holds two memberships at once (joining again before leaving)."""

    rule = "one-membership-at-a-time"

    def __init__(self, member_id: str, joined: dt.date, other_joined: dt.date, index: int) -> None:
        self.collection = "memberships"
        self._key = index
        self.where = "joined"
        self.member_id = member_id
        self.joined = joined
        self.other_joined = other_joined
        super().__init__(
            f"member {member_id!r} joins on {joined.isoformat()} while still a member "
            f"since {other_joined.isoformat()}; leave before joining again"
        )


class NotAMember(RuleViolation, LookupError):
    """An operation needs a member's membership on a day, and there is none."""

    rule = "is-member"

    def __init__(self, member_id: str, on: dt.date) -> None:
        self.collection = "members"
        self._key = member_id
        self.member_id = member_id
        self.on = on
        super().__init__(f"{member_id!r} is not a member of the network on {on.isoformat()}")


class CentreNotOpen(RuleViolation):
    """A record needs a centre open on a day (a member's home centre when joining, a pass)."""

    rule = "centre-open"

    def __init__(
        self, collection: str, key: str | int, field: str, centre_id: str, on: dt.date
    ) -> None:
        self.collection = collection
        self._key = key
        self.where = field
        self.centre = centre_id
        self.on = on
        super().__init__(f"{collection}: centre {centre_id!r} is not open on {on.isoformat()}")


class NotAnEmployee(RuleViolation):
    """An agreement pays for a member whose employer is another company, or none."""

    rule = "agreement-employees"

    def __init__(self, member_id: str, company: str, index: int, position: int) -> None:
        self.collection = "agreements"
        self._key = index
        self.where = f"employees[{position}]"
        self.member_id = member_id
        self.company = company
        super().__init__(
            f"member {member_id!r} is not an employee of {company!r}; an agreement pays "
            "only for the company's own salaried teleworkers"
        )


class OverlappingAgreements(RuleViolation):
    """Two agreements pay for one employee over overlapping periods."""

    rule = "one-agreement-at-a-time"

    def __init__(self, member_id: str, since: dt.date, index: int) -> None:
        self.collection = "agreements"
        self._key = index
        self.where = "since"
        self.member_id = member_id
        self.since = since
        super().__init__(
            f"member {member_id!r} is paid for by two agreements from {since.isoformat()}"
        )


class CentreNotActive(RuleViolation):
    """A contribution or a cost names a centre on a day, or in a year, it is not planned or open.

    A centre counts in the network from the day it is planned until it
    closes; what is paid for it, or what it costs, falls in that time. For a
    record dated once, ``on`` is its day; for a yearly one, ``year`` is the
    first year of the record in which the centre is neither planned nor open.
    """

    rule = "centre-active"

    def __init__(
        self,
        collection: str,
        key: str | int,
        field: str,
        centre_id: str,
        on: dt.date | None = None,
        year: int | None = None,
    ) -> None:
        self.collection = collection
        self._key = key
        self.where = field
        self.centre = centre_id
        self.on = on
        self.year = year
        when = f"on {on.isoformat()}" if on is not None else f"in {year}"
        super().__init__(f"{collection}: centre {centre_id!r} is not planned or open {when}")


# -- the programme: activities, registrations, attendance -----------------------------
# Each carries its facts, and points at the record at fault in the network file:
# ``collection`` is the list of the ``[programme]`` table, ``key`` the record's index in
# it, ``where`` the field.

#: The lists of a network file's ``[programme]`` table, as errors name them (``collection``).
_ACTIVITIES = "programme.activities"
_REGISTRATIONS = "programme.registrations"
_ATTENDANCE = "programme.attendance"


class ActivityTimeOrder(RuleViolation):
    """An activity does not end after it starts (on its one day)."""

    rule = "activity-ends-after-start"
    collection = _ACTIVITIES
    where = "ends"

    def __init__(
        self, activity_id: str, starts: dt.time, ends: dt.time, index: int | None = None
    ) -> None:
        self.activity_id = activity_id
        self.starts = starts
        self.ends = ends
        self._key = index
        super().__init__(
            f"activity {activity_id!r} ends at {ends:%H:%M}, not after it starts "
            f"({starts:%H:%M}); an activity starts and ends on its one day"
        )


class NonexistentLocalTime(RuleViolation):
    """An activity starts or ends at a local time the clocks skip (spring forward).

    Rule 7: times are local; a time that does not exist on that day would be
    shown an hour off by calendar applications, so it is refused.
    """

    rule = "local-time-exists"
    collection = _ACTIVITIES

    def __init__(
        self,
        activity_id: str,
        day: dt.date,
        time: dt.time,
        time_zone: str,
        field: str,
        index: int | None = None,
    ) -> None:
        self.activity_id = activity_id
        self.day = day
        self.time = time
        self.time_zone = time_zone
        self.where = field
        self._key = index
        super().__init__(
            f"activity {activity_id!r}: {time:%H:%M} on {day.isoformat()} does not exist in "
            f"{time_zone} (the clocks go forward that night); choose another time"
        )


class ThemeHeldElsewhere(RuleViolation):
    """An activity on a centre's specialisation is hosted by another centre (rule 2).

    Source: "chaque site est spécialisé, ce qui évite qu'une concurrence
    s'installe entre les télécentres du réseau" (the founding article).
    ``owners`` are the centres holding ``theme`` on ``day`` within the
    policy's scope of the host ``centre_id``.
    """

    rule = "activity-follows-specialisation"
    collection = _ACTIVITIES
    where = "centre"

    def __init__(
        self,
        activity_id: str,
        theme: str,
        centre_id: str,
        owners: Sequence[str],
        day: dt.date,
        index: int | None = None,
    ) -> None:
        self.activity_id = activity_id
        self.theme = theme
        self.centre_id = centre_id
        self.owners = tuple(owners)
        self.day = day
        self._key = index
        held_by = " and ".join(repr(owner) for owner in self.owners)
        super().__init__(
            f"activity {activity_id!r} on {theme!r} is placed at {centre_id!r}, but "
            f"{held_by} holds {theme!r} on {day.isoformat()}; an activity on a centre's "
            "specialisation is hosted by that centre"
        )


class OverlappingActivities(RuleViolation):
    """Two activities at one centre overlap in time."""

    rule = "one-activity-at-a-time"
    collection = _ACTIVITIES
    where = "starts"

    def __init__(
        self,
        activity_id: str,
        other_id: str,
        centre_id: str,
        day: dt.date,
        index: int | None = None,
    ) -> None:
        self.activity_id = activity_id
        self.other_id = other_id
        self.centre_id = centre_id
        self.day = day
        self._key = index
        super().__init__(
            f"activity {activity_id!r} overlaps {other_id!r} at {centre_id!r} on "
            f"{day.isoformat()}; a centre hosts one activity at a time"
        )


class _PersonAtActivity(RuleViolation):
    """A rule about one person and one activity: ``activity_id``, ``member_id``.

    Subclasses say what is wrong in ``_message``, formatted with ``activity``
    and ``member`` (both shown with quotes).
    """

    where = "member"
    _message = ""

    def __init__(self, activity_id: str, member_id: str, index: int | None = None) -> None:
        self.activity_id = activity_id
        self.member_id = member_id
        self._key = index
        super().__init__(self._message.format(activity=repr(activity_id), member=repr(member_id)))


class DoubleRegistration(_PersonAtActivity):
    """A person registers for an activity they are registered for, or waiting for."""

    rule = "register-once"
    collection = _REGISTRATIONS
    _message = (
        "{member} is already registered for {activity} "
        "(holding a place or waiting); cancel before registering again"
    )


class RegistrationOrder(RuleViolation):
    """A registration is dated before the one listed ahead of it for the same activity.

    The waiting list is the order of registration, so registrations are
    listed in the order they were made.
    """

    rule = "registrations-in-order"
    collection = _REGISTRATIONS
    where = "on"

    def __init__(
        self,
        activity_id: str,
        member_id: str,
        on: dt.date,
        previous: dt.date,
        index: int | None = None,
    ) -> None:
        self.activity_id = activity_id
        self.member_id = member_id
        self.on = on
        self.previous = previous
        self._key = index
        super().__init__(
            f"{member_id!r} registers for {activity_id!r} on {on.isoformat()}, before the "
            f"registration listed ahead of it ({previous.isoformat()}); registrations are "
            "listed in the order they were made"
        )


class RegistrationTooLate(RuleViolation):
    """A registration or a cancellation is dated after the activity's day."""

    rule = "register-before-activity"
    collection = _REGISTRATIONS

    def __init__(
        self,
        activity_id: str,
        member_id: str,
        field: str,
        on: dt.date,
        day: dt.date,
        index: int | None = None,
    ) -> None:
        self.activity_id = activity_id
        self.member_id = member_id
        self.where = field
        self.on = on
        self.day = day
        self._key = index
        what = "cancels" if field == "cancelled" else "registers"
        super().__init__(
            f"{member_id!r} {what} on {on.isoformat()} for {activity_id!r}, which took place "
            f"on {day.isoformat()}"
        )


class MembersOnly(RuleViolation):
    """A person who is not a member on the day registers for a members' activity."""

    rule = "members-only"
    collection = _REGISTRATIONS
    where = "member"

    def __init__(
        self, activity_id: str, member_id: str, day: dt.date, index: int | None = None
    ) -> None:
        self.activity_id = activity_id
        self.member_id = member_id
        self.day = day
        self._key = index
        super().__init__(
            f"{activity_id!r} is for members, and {member_id!r} is not a member on "
            f"{day.isoformat()}"
        )


class NotRegistered(_PersonAtActivity, LookupError):
    """An operation needs someone's registration (holding a place or waiting); there is none."""

    rule = "is-registered"
    collection = _REGISTRATIONS
    _message = "{member} is not registered for {activity}"


class AttendanceWithoutPlace(_PersonAtActivity):
    """Attendance is recorded for someone who holds no place in the session."""

    rule = "attendance-of-registered"
    collection = _ATTENDANCE
    _message = (
        "attendance of {member} at {activity}: {member} holds no place "
        "there (not registered, waiting, or cancelled)"
    )


class DuplicateAttendance(_PersonAtActivity):
    """One person's attendance at one session is recorded twice."""

    rule = "attendance-once-per-session"
    collection = _ATTENDANCE
    _message = "attendance of {member} at {activity} is recorded more than once"


# -- bookings (rule 3 and rule 7) ---------------------------------------------------------

_BOOKINGS = "bookings"


class _BookingRule(RuleViolation):
    """A rule about one booking: ``member_id`` at ``centre_id`` on ``day`` for ``time``.

    ``time`` is the booked span in local time (``"09:00-13:00"``); ``index``
    the booking's place in the file, when it comes from one.
    """

    collection = _BOOKINGS

    def _booking(
        self, member_id: str, centre_id: str, day: dt.date, time: str, index: int | None
    ) -> None:
        self.member_id = member_id
        self.centre_id = centre_id
        self.day = day
        self.time = time
        self._key = index

    @property
    def key(self) -> str | int | None:
        """The booking's index in the file (bookings have no id), when known."""
        return self._key


class CentreClosedOn(_BookingRule):
    """A booking falls on a day its centre does not open (rules 3 and 7).

    ``reason`` says why (a :class:`~telecentre_core.opening.ClosedReason`
    value: ``not-open-yet``, ``closed-for-good``, ``public-holiday``,
    ``closure``, ``weekly-hours``) and ``detail`` names the holiday, the
    closure's reason or the weekday.
    """

    rule = "centre-open-that-day"
    where = "day"

    _WHY: ClassVar[dict[str, str]] = {
        "not-open-yet": "it is not open yet",
        "closed-for-good": "it has closed for good",
        "public-holiday": "a public holiday ({detail})",
        "closure": "closed ({detail})",
        "weekly-hours": "it does not open on {detail}s",
    }

    def __init__(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        time: str,
        reason: str,
        detail: str = "",
        index: int | None = None,
    ) -> None:
        self._booking(member_id, centre_id, day, time, index)
        self.reason = reason
        self.detail = detail
        why = self._WHY.get(reason, reason).format(detail=detail or "no reason given")
        if reason == "closure" and not detail:
            why = "closed"
        super().__init__(f"{centre_id!r} cannot be booked on {day.isoformat()}: {why}")


class OutsideOpeningHours(_BookingRule):
    """A booking's span does not start and end while the centre is open that day.

    ``hours`` are the day's open ranges (``("09:00-12:30", "13:30-18:00")``);
    ``unit`` the unit asked for, when the booking was made by unit and the
    centre does not open at all inside it.
    """

    rule = "within-opening-hours"
    where = "time"

    def __init__(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        time: str,
        hours: Sequence[str],
        unit: str | None = None,
        index: int | None = None,
    ) -> None:
        self._booking(member_id, centre_id, day, time, index)
        self.hours = tuple(hours)
        self.unit = unit
        opening = ", ".join(self.hours)
        if unit is not None:
            self.where = "unit"
            message = (
                f"{centre_id!r} does not open in the {unit} of {day.isoformat()} "
                f"(it opens {opening} that day)"
            )
        else:
            message = (
                f"{time} on {day.isoformat()} is outside the opening hours of {centre_id!r} "
                f"that day ({opening}); a booking starts and ends while the centre is open"
            )
        super().__init__(message)


class OverCapacity(_BookingRule):
    """No seat is left at the centre at some moment of the booking (rule 3).

    ``at`` is the first moment (local time) where all ``seats`` are taken;
    ``booked`` the bookings already holding a seat then, and ``seats_left``
    what was left (0, or less when seats were removed under bookings).
    """

    rule = "capacity"
    where = "time"

    def __init__(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        time: str,
        at: str,
        seats: int,
        booked: int,
        index: int | None = None,
    ) -> None:
        self._booking(member_id, centre_id, day, time, index)
        self.at = at
        self.seats = seats
        self.booked = booked
        self.seats_left = seats - booked
        super().__init__(
            f"no seat left at {centre_id!r} on {day.isoformat()} at {at}: {booked} booked "
            f"for {seats} seat{'s' if seats != 1 else ''}; {member_id!r} cannot book {time}"
        )


class MemberDoubleBooked(_BookingRule):
    """A member would be booked in two places (or twice) at once (rule 3).

    ``other_centre_id`` and ``other_time`` describe the booking already held.
    """

    rule = "one-place-at-a-time"
    where = "time"

    def __init__(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        time: str,
        other_centre_id: str,
        other_time: str,
        index: int | None = None,
    ) -> None:
        self._booking(member_id, centre_id, day, time, index)
        self.other_centre_id = other_centre_id
        self.other_time = other_time
        super().__init__(
            f"{member_id!r} is already booked at {other_centre_id!r} on {day.isoformat()} "
            f"{other_time}, so cannot book {centre_id!r} {time}; a member is in one place "
            "at a time"
        )


class UnknownUnit(_BookingRule, LookupError):
    """A booking names a unit the policy does not offer; ``units`` are those it does."""

    rule = "known-unit"
    where = "unit"

    def __init__(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        unit: str,
        units: Sequence[str],
        index: int | None = None,
    ) -> None:
        self._booking(member_id, centre_id, day, unit, index)
        self.unit = unit
        self.units = tuple(units)
        super().__init__(
            f"no bookable unit {unit!r}; the policy offers {', '.join(map(repr, self.units))}"
        )


class BookingNotFound(_BookingRule, LookupError):
    """A cancellation names a booking the network does not hold."""

    rule = "booking-exists"

    def __init__(self, member_id: str, centre_id: str, day: dt.date, time: str) -> None:
        self._booking(member_id, centre_id, day, time, None)
        super().__init__(
            f"{member_id!r} holds no booking at {centre_id!r} on {day.isoformat()} {time}"
        )


class BookingTimeSkipped(_BookingRule):
    """A booking starts or ends at a local time the clocks skip (spring forward, rule 7)."""

    rule = "local-time-exists"
    where = "time"

    def __init__(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        time: str,
        skipped: dt.time,
        time_zone: str,
        index: int | None = None,
    ) -> None:
        self._booking(member_id, centre_id, day, time, index)
        self.skipped = skipped
        self.time_zone = time_zone
        super().__init__(
            f"{skipped:%H:%M} on {day.isoformat()} does not exist in {time_zone} (the clocks "
            f"go forward that night), so {member_id!r} cannot book {centre_id!r} {time}"
        )


class BookingsRemain(RuleViolation):
    """A change would leave bookings behind: a centre closing, a member leaving.

    ``subject`` is ``"centre"`` or ``"member"`` and ``subject_id`` which one;
    ``since`` the first day concerned and ``count`` the bookings from then
    on (or on the days of a closure), ``first`` the earliest of them in
    words; ``action`` says what was refused, when it is not closing for good.
    Cancel them first.
    """

    rule = "no-booking-left-behind"

    def __init__(
        self,
        subject: str,
        subject_id: str,
        since: dt.date,
        count: int,
        first: str,
        *,
        action: str | None = None,
    ) -> None:
        self.subject = subject
        self.subject_id = subject_id
        self.since = since
        self.count = count
        self.first = first
        self.action_given = action is not None
        if subject == "centre":
            self.centre_id = subject_id
            what = action or f"close on {since.isoformat()}"
            action = f"centre {subject_id!r} cannot {what}"
        else:
            self.collection = "members"
            self._key = subject_id
            action = f"member {subject_id!r} cannot leave on {since.isoformat()}"
        plural = "s" if count != 1 else ""
        when = "then" if self.action_given else "from that day on"
        super().__init__(
            f"{action}: {count} booking{plural} {when} (the first: {first}); cancel them first"
        )


class SeriesRefused(RuleViolation):
    """A recurring booking asked all-or-nothing cannot be booked whole.

    ``refusals`` pairs each refused day with the error that refused it.
    """

    rule = "series-all-or-nothing"
    collection = _BOOKINGS

    def __init__(self, refusals: Sequence[tuple[dt.date, RuleViolation]], total: int) -> None:
        self.refusals = tuple(refusals)
        self.total = total
        first_day, first_error = self.refusals[0]
        super().__init__(
            f"the series cannot be booked whole: {len(self.refusals)} of its {total} "
            f"occurrences are refused, the first on {first_day.isoformat()}: {first_error}"
        )


class FileProblem:
    """One problem found in a network file: where it is and what is wrong.

    ``path`` is written as in the file (``centres[2].seats[0].count``; empty
    for the whole document), ``kind`` is one of ``"syntax"``, ``"type"``,
    ``"missing"``, ``"unknown"``, ``"value"``, ``"rule"``, ``"version"``.
    """

    __slots__ = ("kind", "message", "path")

    def __init__(self, path: str, message: str, kind: str) -> None:
        self.path = path
        self.message = message
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __repr__(self) -> str:
        return f"FileProblem(path={self.path!r}, message={self.message!r}, kind={self.kind!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FileProblem):
            return NotImplemented
        return (self.path, self.message, self.kind) == (other.path, other.message, other.kind)

    def __hash__(self) -> int:
        return hash((self.path, self.message, self.kind))


class NetworkFileError(TelecentreError):
    """A network file cannot be used; ``problems`` lists every problem found.

    The command line exits 1 when every problem is a broken rule (the file is
    well formed, the network it describes is not) and 2 otherwise (the file
    cannot be read, parsed, or does not match the schema).
    """

    def __init__(self, source: str, problems: Sequence[FileProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source}: {count} {noun}\n{lines}")

    @property
    def broken_rules_only(self) -> bool:
        """True when every problem is a broken rule (the file itself is well formed)."""
        return all(problem.kind == "rule" for problem in self.problems)


def _size(count: int) -> str:
    """A number of bytes as a person reads it: ``600.0 MiB (629,145,600 bytes)``."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit} ({count:,} bytes)"
    return f"{count:,} bytes"


class FileTooLarge(NetworkFileError):
    """A network file is larger than the loader accepts, so it was not read.

    The size is checked before the file is parsed, so that a huge file (or a
    hostile one) fails at once instead of filling the memory. ``size`` is the
    file's size in bytes, or with ``at_least`` the bytes read before giving up
    (``limit + 1``) from something whose size is not known beforehand, like a
    pipe; ``limit`` is the most bytes accepted, the ``max_bytes`` of
    :func:`~telecentre_core.load_network`. Its one problem is a ``read``
    problem, so the command line exits with 2.

    >>> error = FileTooLarge("national.json", 600 * 2**20, 512 * 2**20)
    >>> print(error.problems[0])  # doctest: +NORMALIZE_WHITESPACE
    the file is 600.0 MiB (629,145,600 bytes), more than the 512.0 MiB (536,870,912
    bytes) a network file may be; raise max_bytes (--max-bytes on the command line)
    to read a larger one
    """

    def __init__(self, source: str, size: int, limit: int, *, at_least: bool = False) -> None:
        self.size = size
        self.limit = limit
        self.at_least = at_least
        message = (
            f"the file is {'at least ' if at_least else ''}{_size(size)}, more than the"
            f" {_size(limit)} a network file may be;"
            " raise max_bytes (--max-bytes on the command line) to read a larger one"
        )
        super().__init__(source, [FileProblem("", message, "read")])


# -- the finder and open data --------------------------------------------------------


def _listed(names: Sequence[str], limit: int = 8) -> str:
    """``names`` quoted and joined, the first ``limit`` of them, then how many more."""
    shown = ", ".join(repr(name) for name in names[:limit])
    more = len(names) - limit
    return f"{shown} and {more} more" if more > 0 else shown


class InvalidRadius(InvalidValue):
    """A search radius is not a finite number of kilometres, 0 or more.

    ``within_km`` is the radius given.
    """

    def __init__(self, within_km: object) -> None:
        self.within_km = within_km
        super().__init__("within_km", within_km, "must be a finite number of kilometres, 0 or more")


class UndeclaredSpecialisation(TelecentreError, LookupError):
    """A search names a specialisation the network does not declare.

    ``slug`` is the one asked for, ``declared`` the network's slugs and
    ``suggestions`` those that look like it.
    """

    def __init__(self, slug: str, declared: Sequence[str], suggestions: Sequence[str]) -> None:
        self.slug = slug
        self.declared = tuple(declared)
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            hint = f"did you mean {_listed(self.suggestions)}?"
        elif self.declared:
            hint = f"it declares {_listed(self.declared)}"
        else:
            hint = "it declares none"
        super().__init__(f"the network declares no specialisation {slug!r}; {hint}")


class UnknownCommune(TelecentreError, LookupError):
    """A commune named in a search is neither a centre's commune nor a known place's.

    ``name`` is the name given and ``suggestions`` the known communes that
    look like it.
    """

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"; did you mean {_listed(self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            f"no commune called {name!r} among the network's centres or the known places"
            f"{hint} (or give a point as LAT,LON)"
        )


class AmbiguousCommune(TelecentreError, LookupError):
    """A commune name in a search matches several communes: it needs its INSEE code.

    ``name`` is the name given and ``candidates`` the matching communes, each
    written ``Name (INSEE code)``.
    """

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        super().__init__(
            f"{name!r} names several communes: {_listed(self.candidates)}; "
            "give the INSEE code instead, or a point as LAT,LON"
        )


class UnknownDepartement(TelecentreError, LookupError):
    """A département code is not one of France's (``01``-``95``, ``2A``, ``2B``, ``971``-``976``).

    ``code`` is the code given.
    """

    def __init__(self, code: str) -> None:
        self.code = code
        hint = " (Corsica is 2A or 2B since 1976)" if code.strip() == "20" else ""
        super().__init__(
            f"{code!r} is not a département code: 01 to 95, 2A, 2B or 971 to 976{hint}"
        )


class NoPlacesInDepartement(TelecentreError, LookupError):
    """An open-data file has no place in the département asked for.

    ``code`` and ``name`` name the département; ``source`` the file read.
    """

    def __init__(self, code: str, name: str, source: str) -> None:
        self.code = code
        self.name = name
        self.source = source
        super().__init__(f"{source} has no place in {name} ({code}): nothing to import")


class PlacesFileError(TelecentreError):
    """An open-data file of places cannot be read: not found, not text, or columns missing.

    ``source`` names the file and ``reason`` says what is wrong.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class MemberForgotten(RuleViolation):
    """A change would record something new about a member whose personal data was erased.

    ``member_id`` is the pseudonym the member is known by since
    :meth:`Network.forget_member <telecentre_core.Network.forget_member>`. Their past
    records stay, for the bills and the statistics; nothing new is recorded about them
    (joining, a tier, a pass, a booking, a registration, attendance), and they are not
    forgotten twice. A person who comes back is a new member.
    """

    rule = "forgotten-member"
    where = "id"

    def __init__(self, member_id: str) -> None:
        self.collection = "members"
        self._key = member_id
        self.member_id = member_id
        super().__init__(
            f"member {member_id!r} was forgotten (their personal data erased): "
            "nothing new is recorded about them; a person who comes back joins as a new member"
        )


class StaleVersion(TelecentreError):
    """A change was made on a version of the network that is no longer the current one.

    Raised by :class:`~telecentre_core.NetworkStore` when another change was saved
    since the network was read. ``expected`` is the version the change was made on,
    ``actual`` the version stored now: read the network again, and retry the change on it
    (its rules then see the other change, a seat taken in the meantime for one).
    """

    def __init__(self, expected: int, actual: int) -> None:
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"the network changed since it was read: the change was made on version {expected}, "
            f"the current version is {actual}; read it again and retry"
        )
