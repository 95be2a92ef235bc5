"""The network aggregate: centres under one policy, in one territory, over time.

A :class:`Network` is immutable. Every change (add a centre, change its seats
from a date, add or drop a specialisation, close a centre) returns a new
network after checking every rule, or raises a
:class:`~telecentre_core.errors.RuleViolation` and leaves the network as it
was. :meth:`Network.as_of` tells how the network stands on a day.

>>> import datetime as dt
>>> from telecentre_core.datasets import cybercantal
>>> network = cybercantal()
>>> day = network.as_of(dt.date(2012, 6, 1))
>>> day.seats_of("murat"), len(day.open_centres)
(6, 7)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from . import _validate as v
from .centre import Centre, CentreStatus, Holding, SeatChange
from .commune import Commune, Territory
from .dates import DEFAULT_TIME_ZONE, is_time_zone
from .errors import (
    CentreAlreadyClosed,
    InvalidValue,
    SpecialisationConflict,
    SpecialisationNotHeld,
    UnknownCentre,
    UnknownSpecialisation,
)
from .policy import Policy
from .rules import violations
from .specialisation import Specialisation

__all__ = [
    "CentreOnDay",
    "ChangeKind",
    "Network",
    "NetworkOnDay",
    "TimelineEvent",
]


def _time_zone(_instance: object, _attribute: object, value: object) -> None:
    if not is_time_zone(value):
        raise InvalidValue("timezone", value, "must be an IANA time zone like 'Europe/Paris'")


@attrs.frozen(kw_only=True)
class Network:
    """A network of centres run under one policy in one territory.

    Building one checks every rule (see ``telecentre_core.rules``) and
    raises the first broken one. Centres keep the order given; their ids are
    unique.
    """

    name: str = attrs.field(validator=v.text("name"))
    territory: Territory = attrs.field(
        validator=v.instance_of("territory", Territory, "a Territory")
    )
    timezone: str = attrs.field(default=DEFAULT_TIME_ZONE, validator=_time_zone)
    policy: Policy = attrs.field(
        factory=Policy, validator=v.instance_of("policy", Policy, "a Policy")
    )
    specialisations: tuple[Specialisation, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("specialisations", Specialisation, "a Specialisation"),
    )
    centres: tuple[Centre, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=v.tuple_of("centres", Centre, "a Centre")
    )
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))

    def __attrs_post_init__(self) -> None:
        found = violations(self.specialisations, self.centres, self.policy)
        if found:
            raise found[0]

    # -- looking things up ------------------------------------------------------

    def centre(self, centre_id: str) -> Centre:
        """The centre called ``centre_id``; raises :class:`UnknownCentre`."""
        for centre in self.centres:
            if centre.id == centre_id:
                return centre
        raise UnknownCentre(centre_id)

    def specialisation(self, slug: str) -> Specialisation:
        """The declared specialisation ``slug``; raises LookupError if undeclared."""
        for specialisation in self.specialisations:
            if specialisation.slug == slug:
                return specialisation
        raise LookupError(f"the network declares no specialisation {slug!r}")

    def __iter__(self) -> Iterator[Centre]:
        return iter(self.centres)

    def __len__(self) -> int:
        return len(self.centres)

    # -- changes: each returns a new network or raises, changing nothing -------

    def add_centre(self, centre: Centre) -> Network:
        """A network with ``centre`` added (open, or planned if its lifecycle says so)."""
        return self._changed(centre.id, centres=(*self.centres, centre))

    def declare_specialisation(self, specialisation: Specialisation) -> Network:
        """A network whose catalogue also declares ``specialisation``."""
        return attrs.evolve(self, specialisations=(*self.specialisations, specialisation))

    def open_centre(self, centre_id: str, on: dt.date) -> Network:
        """A network where the planned centre ``centre_id`` opens ``on`` that day."""
        centre = self.centre(centre_id)
        lifecycle = attrs.evolve(centre.lifecycle, opens=on)
        return self._replace(attrs.evolve(centre, lifecycle=lifecycle))

    def change_seats(self, centre_id: str, since: dt.date, count: int) -> Network:
        """A network where ``centre_id`` has ``count`` seats from ``since`` on.

        A change already on that date is replaced; later changes stay.
        """
        centre = self.centre(centre_id)
        change = SeatChange(since=since, count=count)
        seats = sorted(
            (*(old for old in centre.seats if old.since != since), change),
            key=lambda item: item.since,
        )
        return self._replace(attrs.evolve(centre, seats=seats))

    def add_specialisation(
        self, centre_id: str, specialisation: str | Specialisation, since: dt.date | None = None
    ) -> Network:
        """A network where ``centre_id`` holds ``specialisation`` from ``since``.

        ``since`` unset: from the centre's start. A :class:`Specialisation`
        the catalogue lacks is declared too; a slug must already be declared.
        """
        network = self
        if isinstance(specialisation, Specialisation):
            slug = specialisation.slug
            if slug not in {known.slug for known in self.specialisations}:
                network = attrs.evolve(
                    self, specialisations=(*self.specialisations, specialisation)
                )
        else:
            slug = specialisation
            if slug not in {known.slug for known in self.specialisations}:
                raise UnknownSpecialisation(centre_id, slug)
        centre = network.centre(centre_id)
        holding = Holding(slug=slug, since=since)
        return network._replace(
            attrs.evolve(centre, specialisations=(*centre.specialisations, holding))
        )

    def drop_specialisation(self, centre_id: str, slug: str, on: dt.date) -> Network:
        """A network where ``centre_id`` no longer holds ``slug`` from ``on``."""
        centre = self.centre(centre_id)
        holdings: list[Holding] = []
        dropped = False
        for holding in centre.specialisations:
            start, end = centre.holding_period(holding)
            if holding.slug == slug and not dropped and start <= on and (end is None or on < end):
                dropped = True
                if on > start:
                    holdings.append(attrs.evolve(holding, until=on))
                continue
            holdings.append(holding)
        if not dropped:
            raise SpecialisationNotHeld(centre_id, slug, on)
        return self._replace(attrs.evolve(centre, specialisations=holdings))

    def close_centre(self, centre_id: str, on: dt.date) -> Network:
        """A network where ``centre_id`` is closed from ``on`` (its first closed day).

        Closing frees the centre's specialisations from that day.
        """
        centre = self.centre(centre_id)
        if centre.lifecycle.closes is not None:
            raise CentreAlreadyClosed(centre_id, centre.lifecycle.closes)
        lifecycle = attrs.evolve(centre.lifecycle, closes=on)
        return self._replace(attrs.evolve(centre, lifecycle=lifecycle))

    def with_policy(self, policy: Policy) -> Network:
        """The same network under ``policy`` (checked against every rule)."""
        return attrs.evolve(self, policy=policy)

    def _replace(self, centre: Centre) -> Network:
        centres = tuple(centre if old.id == centre.id else old for old in self.centres)
        return self._changed(centre.id, centres=centres)

    def _changed(self, centre_id: str, **changes: Any) -> Network:
        # A conflict is reported on the centre the caller changed, whatever the file order.
        try:
            return attrs.evolve(self, **changes)
        except SpecialisationConflict as conflict:
            raise conflict.seen_from(centre_id) from None

    # -- time --------------------------------------------------------------

    def as_of(self, day: dt.date) -> NetworkOnDay:
        """The network as it stands on ``day``: its planned and open centres."""
        centres = []
        for centre in self.centres:
            status = centre.status_on(day)
            if status in (CentreStatus.PLANNED, CentreStatus.OPEN):
                labels = tuple(self.specialisation(slug) for slug in centre.specialisations_on(day))
                centres.append(
                    CentreOnDay(
                        centre=centre,
                        status=status,
                        seats=centre.open_seats_on(day),
                        specialisations=labels,
                    )
                )
        return NetworkOnDay(network=self, day=day, centres=tuple(centres))

    def timeline(self) -> tuple[TimelineEvent, ...]:
        """Every change of the network in date order: plans, openings, seats, closings."""
        events: list[TimelineEvent] = []
        for centre in self.centres:
            events.extend(_centre_events(centre))
        kinds = list(ChangeKind)
        return tuple(
            sorted(
                events,
                key=lambda event: (event.day, kinds.index(event.kind), event.centre_id),
            )
        )

    def seats_by_year(self) -> dict[int, int]:
        """Open seats on 31 December of each year, from the first event to the last."""
        events = self.timeline()
        if not events:
            return {}
        first, last = events[0].day.year, events[-1].day.year
        return {
            year: sum(centre.open_seats_on(dt.date(year, 12, 31)) for centre in self.centres)
            for year in range(first, last + 1)
        }

    def communes(self) -> tuple[Commune, ...]:
        """The communes with a centre, each once, in the order of the centres."""
        return tuple(dict.fromkeys(centre.commune for centre in self.centres))


class ChangeKind(enum.StrEnum):
    """What happens to a centre on a date of the timeline."""

    PLANNED = "planned"
    OPENED = "opened"
    SEATS = "seats"
    SPECIALISATION_ADDED = "specialisation-added"
    SPECIALISATION_DROPPED = "specialisation-dropped"
    CLOSED = "closed"


@attrs.frozen(kw_only=True)
class TimelineEvent:
    """One change of one centre on one day; ``detail`` is what changed, in words."""

    day: dt.date
    centre_id: str
    kind: ChangeKind
    detail: str
    seats: int | None = None


def _centre_events(centre: Centre) -> Iterable[TimelineEvent]:
    lifecycle = centre.lifecycle
    if lifecycle.planned_from is not None and (
        lifecycle.opens is None or lifecycle.planned_from < lifecycle.opens
    ):
        yield TimelineEvent(
            day=lifecycle.planned_from,
            centre_id=centre.id,
            kind=ChangeKind.PLANNED,
            detail=f"{centre.name} planned in {centre.commune.name}",
        )
    if lifecycle.opens is not None:
        seats = centre.seats_on(lifecycle.opens)
        yield TimelineEvent(
            day=lifecycle.opens,
            centre_id=centre.id,
            kind=ChangeKind.OPENED,
            detail=f"{centre.name} opens with {seats} seats",
            seats=seats,
        )
    previous = None
    for change in centre.seats:
        if previous is not None:
            yield TimelineEvent(
                day=change.since,
                centre_id=centre.id,
                kind=ChangeKind.SEATS,
                detail=f"{centre.name}: {previous} -> {change.count} seats",
                seats=change.count,
            )
        previous = change.count
    for holding in centre.specialisations:
        start, end = centre.holding_period(holding)
        if holding.since is not None and holding.since > lifecycle.start:
            yield TimelineEvent(
                day=start,
                centre_id=centre.id,
                kind=ChangeKind.SPECIALISATION_ADDED,
                detail=f"{centre.name} takes on {holding.slug}",
            )
        if holding.until is not None and (end is None or holding.until <= end):
            yield TimelineEvent(
                day=holding.until,
                centre_id=centre.id,
                kind=ChangeKind.SPECIALISATION_DROPPED,
                detail=f"{centre.name} drops {holding.slug}",
            )
    if lifecycle.closes is not None:
        yield TimelineEvent(
            day=lifecycle.closes,
            centre_id=centre.id,
            kind=ChangeKind.CLOSED,
            detail=f"{centre.name} closes",
        )


@attrs.frozen(kw_only=True)
class CentreOnDay:
    """A centre as it stands on a day: its status, usable seats and specialisations."""

    centre: Centre
    status: CentreStatus
    seats: int
    specialisations: tuple[Specialisation, ...]


@attrs.frozen(kw_only=True)
class NetworkOnDay:
    """The network as it stands on ``day``: planned and open centres, and totals."""

    network: Network
    day: dt.date
    centres: tuple[CentreOnDay, ...]

    @property
    def open_centres(self) -> tuple[CentreOnDay, ...]:
        """The centres open that day."""
        return tuple(item for item in self.centres if item.status is CentreStatus.OPEN)

    @property
    def planned_centres(self) -> tuple[CentreOnDay, ...]:
        """The centres planned but not open that day."""
        return tuple(item for item in self.centres if item.status is CentreStatus.PLANNED)

    @property
    def seats(self) -> int:
        """Seats in the open centres that day."""
        return sum(item.seats for item in self.centres)

    @property
    def communes(self) -> tuple[Commune, ...]:
        """The communes with an open centre that day, each once."""
        return tuple(dict.fromkeys(item.centre.commune for item in self.open_centres))

    @property
    def specialisations(self) -> tuple[Specialisation, ...]:
        """The specialisations held that day by open or planned centres."""
        return tuple(
            dict.fromkeys(
                specialisation for item in self.centres for specialisation in item.specialisations
            )
        )

    def seats_of(self, centre_id: str) -> int:
        """Usable seats of ``centre_id`` that day (0 when planned or absent)."""
        for item in self.centres:
            if item.centre.id == centre_id:
                return item.seats
        return 0

    def specialisations_of(self, centre_id: str) -> tuple[str, ...]:
        """The slugs ``centre_id`` holds that day (none when closed or absent)."""
        for item in self.centres:
            if item.centre.id == centre_id:
                return tuple(specialisation.slug for specialisation in item.specialisations)
        return ()
