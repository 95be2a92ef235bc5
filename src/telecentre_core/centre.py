"""Centres: one shared workplace in one commune, with a seat timeline and a lifecycle.

A centre's seats change over time (Murat had 4, then 6 from 2012) and it goes
through a lifecycle: planned, open, closed. Everything that varies with time
is asked "on a date".

>>> import datetime as dt
>>> from telecentre_core import Centre, Commune, Lifecycle, Point, SeatChange
>>> murat = Centre(
...     id="murat",
...     name="Télécentre de Murat",
...     commune=Commune(name="Murat", insee="15138", postcode="15300"),
...     location=Point(lat=45.1103, lon=2.8683),
...     seats=[
...         SeatChange(since=dt.date(2006, 1, 1), count=4),
...         SeatChange(since=dt.date(2012, 1, 1), count=6),
...     ],
...     lifecycle=Lifecycle(opens=dt.date(2006, 1, 1)),
... )
>>> murat.seats_on(dt.date(2011, 12, 31)), murat.seats_on(dt.date(2012, 1, 1))
(4, 6)
>>> murat.status_on(dt.date(2005, 12, 31)) is None
True
"""

from __future__ import annotations

import datetime as dt
import enum
from bisect import bisect_right

import attrs

from . import _validate as v
from .commune import Commune
from .equipment import Equipment
from .errors import InvalidValue, LifecycleOrder, NoSeatsAtOpening, SeatTimelineOrder
from .geo import Point
from .opening import ClosedReason, Closure, DayOpening, Weekday, WeeklyHours, public_holiday

__all__ = ["Centre", "CentreStatus", "Holding", "Lifecycle", "SeatChange"]


class CentreStatus(enum.StrEnum):
    """Where a centre stands in its lifecycle on a given day."""

    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


@attrs.frozen(kw_only=True)
class SeatChange:
    """From ``since`` on, the centre has ``count`` seats (until the next change)."""

    since: dt.date = attrs.field(validator=v.date("since"))
    count: int = attrs.field(validator=v.integer("count", minimum=1))


@attrs.frozen(kw_only=True)
class Lifecycle:
    """When a centre is planned, opens and closes.

    A centre is planned from ``planned_from`` (when it is announced; its
    specialisations are reserved from then), open from ``opens`` and closed
    from ``closes`` (the first day it is closed). A planned centre with no
    opening date yet leaves ``opens`` unset; one whose plan is dropped before
    it opens gets ``closes`` without ``opens``. Dates must be in that order,
    and at least one of ``planned_from`` and ``opens`` is needed.
    """

    planned_from: dt.date | None = attrs.field(
        default=None, validator=v.optional_date("planned_from")
    )
    opens: dt.date | None = attrs.field(default=None, validator=v.optional_date("opens"))
    closes: dt.date | None = attrs.field(default=None, validator=v.optional_date("closes"))

    def __attrs_post_init__(self) -> None:
        if self.planned_from is None and self.opens is None:
            raise LifecycleOrder("opens", "a centre needs an opening date or a planning date")
        if (
            self.planned_from is not None
            and self.opens is not None
            and self.opens < self.planned_from
        ):
            raise LifecycleOrder(
                "opens",
                f"opens on {self.opens.isoformat()}, before it is planned "
                f"({self.planned_from.isoformat()})",
            )
        # A planned centre that never opens may be closed too: its plan is dropped.
        if self.closes is not None and self.closes <= self.start:
            what = "opens" if self.opens is not None else "is planned"
            raise LifecycleOrder(
                "closes",
                f"closes on {self.closes.isoformat()}, not after it {what} "
                f"({self.start.isoformat()})",
            )

    @property
    def start(self) -> dt.date:
        """The first day the centre counts in the network (planned or open)."""
        starts = [day for day in (self.planned_from, self.opens) if day is not None]
        return min(starts)

    def status_on(self, day: dt.date) -> CentreStatus | None:
        """The status on ``day``; ``None`` before the centre is even planned."""
        if day < self.start:
            return None
        if self.closes is not None and day >= self.closes:
            return CentreStatus.CLOSED
        if self.opens is not None and day >= self.opens:
            return CentreStatus.OPEN
        return CentreStatus.PLANNED


@attrs.frozen(kw_only=True)
class Holding:
    """A centre holds the specialisation ``slug`` from ``since`` until ``until``.

    Unset dates follow the centre: from when it is planned, until it closes.
    ``until`` is the first day it no longer holds it.
    """

    slug: str = attrs.field(validator=v.slug("slug"))
    since: dt.date | None = attrs.field(default=None, validator=v.optional_date("since"))
    until: dt.date | None = attrs.field(default=None, validator=v.optional_date("until"))

    def __attrs_post_init__(self) -> None:
        if self.since is not None and self.until is not None and self.until <= self.since:
            raise InvalidValue(
                "until", self.until, f"must be after since ({self.since.isoformat()})"
            )


def _seat_timeline(instance: Centre, attribute: object, value: tuple[SeatChange, ...]) -> None:
    v.tuple_of("seats", SeatChange, "a SeatChange")(instance, attribute, value)
    if not value:
        raise InvalidValue("seats", [], "a centre needs at least one seat change")
    for index in range(1, len(value)):
        if value[index].since <= value[index - 1].since:
            raise SeatTimelineOrder(instance.id, index, value[index].since, value[index - 1].since)


@attrs.frozen(kw_only=True)
class Centre:
    """A telework centre: identity, place, specialisations, equipment, seats, lifecycle.

    ``id`` is a stable slug (``murat``) that other records refer to.
    ``specialisations`` are :class:`Holding` s of slugs that the network
    declares. ``seats`` is the seat timeline, in date order, and must start
    on or before the opening. ``hours`` are its weekly opening hours (None:
    the policy's) and ``closures`` its own closures, besides public holidays.

    ``name`` is how the centre is shown; ``commune`` the commune it stands in and ``location``
    its point; ``lifecycle`` when it is planned, opens and closes; ``equipment`` what it has,
    if known; ``notes`` is free text.
    """

    id: str = attrs.field(validator=v.slug("id"))
    name: str = attrs.field(validator=v.text("name"))
    commune: Commune = attrs.field(validator=v.instance_of("commune", Commune, "a Commune"))
    location: Point = attrs.field(validator=v.instance_of("location", Point, "a Point"))
    seats: tuple[SeatChange, ...] = attrs.field(converter=v.as_tuple, validator=_seat_timeline)
    lifecycle: Lifecycle = attrs.field(
        validator=v.instance_of("lifecycle", Lifecycle, "a Lifecycle")
    )
    specialisations: tuple[Holding, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("specialisations", Holding, "a Holding"),
    )
    equipment: Equipment | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of("equipment", Equipment, "an Equipment")),
    )
    hours: WeeklyHours | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.instance_of("hours", WeeklyHours, "a WeeklyHours")),
    )
    closures: tuple[Closure, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("closures", Closure, "a Closure"),
    )
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))

    def __attrs_post_init__(self) -> None:
        opens = self.lifecycle.opens
        if opens is not None and self.seats[0].since > opens:
            raise NoSeatsAtOpening(self.id, opens, self.seats[0].since)

    # -- time ----------------------------------------------------------------

    def status_on(self, day: dt.date) -> CentreStatus | None:
        """Planned, open or closed on ``day``; ``None`` before it is planned."""
        return self.lifecycle.status_on(day)

    def is_active_on(self, day: dt.date) -> bool:
        """True when planned or open on ``day`` (it holds its specialisations)."""
        return self.status_on(day) in (CentreStatus.PLANNED, CentreStatus.OPEN)

    def is_open_on(self, day: dt.date) -> bool:
        """True when open on ``day``."""
        return self.status_on(day) is CentreStatus.OPEN

    def seats_on(self, day: dt.date) -> int:
        """The seat count on ``day`` by the timeline (0 before it starts).

        The timeline alone: a closed centre still reports its last count;
        ask :meth:`open_seats_on` for the seats a visitor can use.
        """
        index = bisect_right([change.since for change in self.seats], day)
        return self.seats[index - 1].count if index else 0

    def open_seats_on(self, day: dt.date) -> int:
        """Seats usable on ``day``: the timeline's count while open, otherwise 0."""
        return self.seats_on(day) if self.is_open_on(day) else 0

    def opening_on(
        self,
        day: dt.date,
        default_hours: WeeklyHours,
        open_on_holidays: frozenset[str] | tuple[str, ...] = (),
    ) -> DayOpening:
        """How the centre opens on ``day``: its hours, or why it is closed (rule 7).

        ``default_hours`` are the policy's, for a centre that declares no
        ``hours``; ``open_on_holidays`` the holiday slugs the policy keeps
        the centres open on. The reasons are checked in this order: the
        lifecycle, the centre's own closures, public holidays, the weekday.
        """
        status = self.status_on(day)
        if status is not CentreStatus.OPEN:
            closed = status is CentreStatus.CLOSED and self.lifecycle.opens is not None
            reason = ClosedReason.CLOSED_FOR_GOOD if closed else ClosedReason.NOT_OPEN_YET
            return DayOpening(day=day, reason=reason)
        for closure in self.closures:
            if closure.covers(day):
                return DayOpening(day=day, reason=ClosedReason.CLOSURE, detail=closure.reason)
        holiday = public_holiday(self.commune.departement, day)
        if holiday is not None and holiday.slug not in open_on_holidays:
            return DayOpening(
                day=day, reason=ClosedReason.PUBLIC_HOLIDAY, detail=holiday.name, holiday=holiday
            )
        ranges = (self.hours or default_hours).on(day)
        if not ranges:
            return DayOpening(day=day, reason=ClosedReason.WEEKLY, detail=Weekday.of(day).value)
        return DayOpening(day=day, ranges=ranges)

    def holding_period(self, holding: Holding) -> tuple[dt.date, dt.date | None]:
        """The days ``holding`` is in force: ``[start, end)``, ``end`` None for ever.

        A holding is bounded by the centre's active life: from when it is
        planned until it closes (closing frees the specialisation).
        """
        start = max(holding.since or self.lifecycle.start, self.lifecycle.start)
        ends = [day for day in (holding.until, self.lifecycle.closes) if day is not None]
        return start, min(ends) if ends else None

    def specialisations_on(self, day: dt.date) -> tuple[str, ...]:
        """The slugs the centre holds on ``day``, in the order declared."""
        held = []
        for holding in self.specialisations:
            start, end = self.holding_period(holding)
            if start <= day and (end is None or day < end):
                held.append(holding.slug)
        return tuple(held)

    def change_dates(self) -> tuple[dt.date, ...]:
        """Every date on which something about this centre changes, in order."""
        days = {change.since for change in self.seats}
        days.update(
            day
            for day in (self.lifecycle.planned_from, self.lifecycle.opens, self.lifecycle.closes)
            if day is not None
        )
        for holding in self.specialisations:
            days.update(day for day in (holding.since, holding.until) if day is not None)
        return tuple(sorted(days))
