"""Activities: the trainings and animations centres host, who registers, who came.

The network's animator schedules activities (a training of six sessions, a
networking evening), members register, a full session keeps a waiting list
that moves up when someone cancels, and attendance is recorded per session for
the funders who pay (the Conseil Général du Cantal "finance [...] les services
d'animation et formations", the founding article). A :class:`Programme` holds
it all; it is immutable and checked against the
:class:`~telecentre_core.network.Network` it belongs to: every operation
returns a new programme or raises a
:class:`~telecentre_core.errors.RuleViolation` and changes nothing. A network
holds its own programme (``network.programme``), and its operations
(:meth:`~telecentre_core.network.Network.schedule`,
:meth:`~telecentre_core.network.Network.register`, ...) return a new network
with the programme changed.

Times are local to the network's time zone (rule 7): an activity holds a day
and two times of day, never a naive datetime; :meth:`Activity.starts_at` gives
the aware start in a zone.

>>> import datetime as dt
>>> from telecentre_core.datasets import cybercantal
>>> network = cybercantal()
>>> session = Activity(
...     id="sante-travail-2011-7",
...     kind=ActivityKind.TRAINING,
...     title="Santé & travail",
...     theme="sante-travail",
...     centre="chaudes-aigues",
...     day=dt.date(2011, 11, 21),
...     starts=dt.time(9),
...     ends=dt.time(12),
...     places=2,
... )
>>> programme = network.programme.schedule(network, session)
>>> for member in ("m14", "m15", "m16"):
...     programme = programme.register(network, session.id, member, dt.date(2011, 10, 1))
>>> programme.registered(session.id), programme.waiting(session.id)
(('m14', 'm15'), ('m16',))
>>> programme = programme.cancel(network, session.id, "m14", dt.date(2011, 10, 3))
>>> programme.registered(session.id)
('m15', 'm16')
>>> session.starts_at(network.timezone).isoformat()
'2011-11-21T09:00:00+01:00'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from . import _validate as v
from .dates import local_datetime, local_time_exists
from .errors import (
    _ACTIVITIES,
    _ATTENDANCE,
    _REGISTRATIONS,
    ActivityTimeOrder,
    AttendanceWithoutPlace,
    CentreNotOpen,
    DoubleRegistration,
    DuplicateAttendance,
    DuplicateRecord,
    InvalidValue,
    MembersOnly,
    NonexistentLocalTime,
    NotRegistered,
    OverlappingActivities,
    RegistrationOrder,
    RegistrationTooLate,
    RuleViolation,
    ThemeHeldElsewhere,
    UnknownReference,
)
from .money import Money

if TYPE_CHECKING:
    from .centre import Centre
    from .network import Network

__all__ = [
    "Activity",
    "ActivityKind",
    "Attendance",
    "Audience",
    "Programme",
    "Registration",
    "RegistrationStatus",
]


# -- values --------------------------------------------------------------------------


class ActivityKind(enum.StrEnum):
    """What an activity is: a training session or an animation (a networking event)."""

    TRAINING = "training"
    """A "formation", a session of a course, often one of a series."""
    ANIMATION = "animation"
    """An "animation", an event that brings the network's people together."""


class Audience(enum.StrEnum):
    """Who may register for an activity."""

    MEMBERS = "members"
    """People holding a membership on the activity's day."""
    PUBLIC = "public"
    """Anyone the network knows (a person in ``network.members``, member or not)."""


class RegistrationStatus(enum.StrEnum):
    """Where a person stands for one activity (see :meth:`Programme.status_of`)."""

    REGISTERED = "registered"
    """Holds a place."""
    WAITING = "waiting"
    """On the waiting list, to move up when a place is freed."""
    CANCELLED = "cancelled"
    """Registered once, then cancelled, and not registered again."""


def _time_of_day(field: str) -> v.Validator[dt.time]:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, dt.time):
            raise InvalidValue(field, value, "must be a time of day (HH:MM)")
        if value.tzinfo is not None:
            raise InvalidValue(
                field,
                value,
                "must be a local time of day, without a time zone: "
                "times are in the network's time zone",
            )
        if value.second or value.microsecond:
            raise InvalidValue(field, value, "must be a whole minute (HH:MM)")

    return check


def _optional_slug(field: str) -> v.Validator[str | None]:
    return attrs.validators.optional(v.slug(field))


def _price(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, Money):
        raise InvalidValue("price", value, "must be an amount of money (Money)")
    if value.is_negative():
        raise InvalidValue("price", value, "must not be negative")


# -- records -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Activity:
    """One session of a training, or one animation, at one centre on one day.

    - ``id``: a stable slug, unique in the programme.
    - ``theme``: the slug of a specialisation of the network, or ``None`` for
      a free theme. An activity on a theme a centre holds is hosted by that
      centre (rule 2).
    - ``centre``: the id of the host centre, open on ``day``.
    - ``day``, ``starts``, ``ends``: local times of day (whole minutes, no
      time zone) in the network's time zone; ``ends`` after ``starts``.
    - ``places``: how many people it takes (at least 1); more wait.
    - ``price``: what a participant pays (free by default, like the article's
      trainings).
    - ``audience``: members only (the default), or anyone the network knows.
    - ``funder``: the id of the network's funder who pays for it, if any.
    - ``series``: a slug shared by the sessions of one training.

    ``kind`` says whether it is a training or an animation; ``title`` is how it is shown;
    ``notes`` is free text.
    """

    id: str = attrs.field(validator=v.slug("id"))
    kind: ActivityKind = attrs.field(
        validator=v.instance_of("kind", ActivityKind, "an ActivityKind")
    )
    title: str = attrs.field(validator=v.text("title"))
    theme: str | None = attrs.field(default=None, validator=_optional_slug("theme"))
    centre: str = attrs.field(validator=v.slug("centre"))
    day: dt.date = attrs.field(validator=v.date("day"))
    starts: dt.time = attrs.field(validator=_time_of_day("starts"))
    ends: dt.time = attrs.field(validator=_time_of_day("ends"))
    places: int = attrs.field(validator=v.integer("places", minimum=1))
    price: Money = attrs.field(factory=Money.zero, validator=_price)
    audience: Audience = attrs.field(
        default=Audience.MEMBERS, validator=v.instance_of("audience", Audience, "an Audience")
    )
    funder: str | None = attrs.field(default=None, validator=_optional_slug("funder"))
    series: str | None = attrs.field(default=None, validator=_optional_slug("series"))
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))

    def __attrs_post_init__(self) -> None:
        if self.ends <= self.starts:
            raise ActivityTimeOrder(self.id, self.starts, self.ends)

    def starts_at(self, time_zone: str) -> dt.datetime:
        """The aware start in ``time_zone`` (the network's ``timezone``)."""
        return local_datetime(self.day, self.starts, time_zone)

    def ends_at(self, time_zone: str) -> dt.datetime:
        """The aware end in ``time_zone`` (the network's ``timezone``)."""
        return local_datetime(self.day, self.ends, time_zone)

    def duration(self, time_zone: str) -> dt.timedelta:
        """The time that really passes from start to end in ``time_zone``.

        An hour more or less than the clock says on a night the clocks change.
        """
        # Through UTC: Python subtracts two datetimes that share a tzinfo by their clocks.
        starts = self.starts_at(time_zone).astimezone(dt.UTC)
        return self.ends_at(time_zone).astimezone(dt.UTC) - starts

    def overlaps(self, other: Activity) -> bool:
        """True when both are on one day and their times overlap (touching is fine)."""
        return self.day == other.day and self.starts < other.ends and other.starts < self.ends


@attrs.frozen(kw_only=True)
class Registration:
    """``member`` registered for ``activity`` on ``on``; ``cancelled`` is when they withdrew.

    Whether a registration holds a place or waits is not stored: the places
    go to the first registrations of the activity that are not cancelled, in
    the order they are listed (the order they were made), and the others wait
    in that order. A cancellation frees a place for the first one waiting.
    """

    activity: str = attrs.field(validator=v.slug("activity"))
    member: str = attrs.field(validator=v.slug("member"))
    on: dt.date = attrs.field(validator=v.date("on"))
    cancelled: dt.date | None = attrs.field(default=None, validator=v.optional_date("cancelled"))

    def __attrs_post_init__(self) -> None:
        if self.cancelled is not None and self.cancelled < self.on:
            raise InvalidValue(
                "cancelled", self.cancelled, f"must be on or after on ({self.on.isoformat()})"
            )

    @property
    def is_active(self) -> bool:
        """Whether the registration stands (not cancelled), holding a place or waiting."""
        return self.cancelled is None


@attrs.frozen(kw_only=True)
class Attendance:
    """Whether ``member``, holding a place, was ``present`` at the session ``activity``."""

    activity: str = attrs.field(validator=v.slug("activity"))
    member: str = attrs.field(validator=v.slug("member"))
    present: bool = attrs.field(validator=v.instance_of("present", bool, "true or false"))


# -- the programme -------------------------------------------------------------------


@attrs.frozen
class _Index:
    """Lookups by activity, built once per programme (programmes are immutable)."""

    activities: dict[str, Activity]
    registrations: dict[str, tuple[Registration, ...]]
    attendance: dict[str, tuple[Attendance, ...]]

    @classmethod
    def of(cls, programme: Programme) -> _Index:
        registrations: dict[str, list[Registration]] = defaultdict(list)
        for registration in programme.registrations:
            registrations[registration.activity].append(registration)
        attendance: dict[str, list[Attendance]] = defaultdict(list)
        for record in programme.attendance:
            attendance[record.activity].append(record)
        return cls(
            {activity.id: activity for activity in programme.activities},
            {key: tuple(items) for key, items in registrations.items()},
            {key: tuple(items) for key, items in attendance.items()},
        )


@attrs.frozen(kw_only=True)
class Programme:
    """A network's activities, the registrations for them, and the attendance recorded.

    Immutable. Its rules depend on the network (which centres are open, which
    hold which themes, who is a member), so they are checked against one:
    :meth:`violations` lists every broken rule, and each operation
    (:meth:`schedule`, :meth:`register`, :meth:`cancel`,
    :meth:`record_attendance`) returns a new programme, or raises the first
    rule the change breaks and leaves this one as it was. Rules this
    programme already broke (the network changed since) do not block an
    operation; :meth:`violations` still reports them.

    The field names are the keys of the ``[programme]`` table of a network file.

    ``activities`` are in the order they were scheduled, ``registrations`` in the order they
    were made (the waiting list follows it), and ``attendance`` holds who was present or absent
    at each session held.
    """

    activities: tuple[Activity, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("activities", Activity, "an Activity"),
    )
    registrations: tuple[Registration, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("registrations", Registration, "a Registration"),
    )
    attendance: tuple[Attendance, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("attendance", Attendance, "an Attendance"),
    )
    _index: _Index = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index.of(self))

    # -- queries -----------------------------------------------------------------

    def activity(self, activity_id: str) -> Activity:
        """The activity ``activity_id``; raises :class:`~.errors.UnknownReference` if none."""
        activity = self._index.activities.get(activity_id)
        if activity is None:
            raise UnknownReference(_ACTIVITIES, activity_id, "id", "activity", activity_id)
        return activity

    def registered(self, activity_id: str) -> tuple[str, ...]:
        """The people holding a place in ``activity_id``, in the order they registered."""
        holders, _waiting = self._split(activity_id)
        return tuple(registration.member for registration in holders)

    def waiting(self, activity_id: str) -> tuple[str, ...]:
        """The waiting list of ``activity_id``: the first one moves up when a place is freed."""
        _holders, waiting = self._split(activity_id)
        return tuple(registration.member for registration in waiting)

    def places_left(self, activity_id: str) -> int:
        """How many more people ``activity_id`` takes before they wait (0 when full)."""
        holders, _waiting = self._split(activity_id)
        return max(self.activity(activity_id).places - len(holders), 0)

    def status_of(self, activity_id: str, member_id: str) -> RegistrationStatus | None:
        """Where ``member_id`` stands for ``activity_id``; ``None`` if they never registered."""
        holders, waiting = self._split(activity_id)
        if any(registration.member == member_id for registration in holders):
            return RegistrationStatus.REGISTERED
        if any(registration.member == member_id for registration in waiting):
            return RegistrationStatus.WAITING
        if any(
            registration.member == member_id
            for registration in self._index.registrations.get(activity_id, ())
        ):
            return RegistrationStatus.CANCELLED
        return None

    def registrations_of(self, activity_id: str) -> tuple[Registration, ...]:
        """Every registration for ``activity_id``, cancelled ones too, in order."""
        self.activity(activity_id)
        return self._index.registrations.get(activity_id, ())

    def attendance_of(self, activity_id: str) -> tuple[Attendance, ...]:
        """The attendance recorded for the session ``activity_id``, in order."""
        self.activity(activity_id)
        return self._index.attendance.get(activity_id, ())

    def sessions(self, series: str) -> tuple[Activity, ...]:
        """The sessions of the training ``series``, in time order (none for an unknown one)."""
        return tuple(
            sorted(
                (activity for activity in self.activities if activity.series == series),
                key=_in_time_order,
            )
        )

    def agenda(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        centre: str | None = None,
    ) -> tuple[Activity, ...]:
        """The activities from ``start`` to ``end`` (both included) at ``centre``, in time order.

        Each bound left unset is open; ``centre`` unset means every centre.
        """
        return tuple(
            sorted(
                (
                    activity
                    for activity in self.activities
                    if (start is None or activity.day >= start)
                    and (end is None or activity.day <= end)
                    and (centre is None or activity.centre == centre)
                ),
                key=_in_time_order,
            )
        )

    def _split(self, activity_id: str) -> tuple[list[Registration], list[Registration]]:
        places = self.activity(activity_id).places
        active = [
            registration
            for registration in self._index.registrations.get(activity_id, ())
            if registration.is_active
        ]
        return active[:places], active[places:]

    # -- operations ----------------------------------------------------------------

    def schedule(self, network: Network, *activities: Activity) -> Programme:
        """A programme that also has ``activities`` (all of them, or none).

        Refused (raising the rule broken) when an activity's id is taken, its
        centre is not open that day or already hosts an activity at that time,
        its theme is another centre's specialisation (rule 2), or it names a
        centre, theme or funder the network does not have.
        """
        candidate = attrs.evolve(self, activities=(*self.activities, *activities))
        return self._checked(network, candidate)

    def register(
        self, network: Network, activity_id: str, member_id: str, on: dt.date
    ) -> Programme:
        """A programme where ``member_id`` registered for ``activity_id`` on ``on``.

        They hold a place if one is left, and join the end of the waiting list
        otherwise (:meth:`status_of` tells). Refused for someone already
        registered or waiting, a registration after the activity's day or
        dated before the previous one, a members' activity and someone who is
        not a member that day, or an unknown activity or person.
        """
        registration = Registration(activity=activity_id, member=member_id, on=on)
        candidate = attrs.evolve(self, registrations=(*self.registrations, registration))
        return self._checked(network, candidate)

    def cancel(self, network: Network, activity_id: str, member_id: str, on: dt.date) -> Programme:
        """A programme where ``member_id`` withdrew from ``activity_id`` on ``on``.

        The first person waiting takes the place freed. Refused with
        :class:`NotRegistered` when ``member_id`` neither holds a place nor
        waits, and when attendance is already recorded for them, or ``on`` is
        after the activity's day or before they registered.
        """
        self.activity(activity_id)
        for index, registration in enumerate(self.registrations):
            if (
                registration.activity == activity_id
                and registration.member == member_id
                and registration.is_active
            ):
                registrations = list(self.registrations)
                registrations[index] = attrs.evolve(registration, cancelled=on)
                candidate = attrs.evolve(self, registrations=tuple(registrations))
                return self._checked(network, candidate)
        raise NotRegistered(activity_id, member_id)

    def record_attendance(
        self, network: Network, activity_id: str, member_id: str, present: bool
    ) -> Programme:
        """A programme where ``member_id`` was (or was not) ``present`` at ``activity_id``.

        Recording again for the same person and session replaces the record
        (a correction). Refused for someone who holds no place in the session.
        """
        record = Attendance(activity=activity_id, member=member_id, present=present)
        records = list(self.attendance)
        for index, old in enumerate(records):
            if old.activity == activity_id and old.member == member_id:
                records[index] = record
                break
        else:
            records.append(record)
        candidate = attrs.evolve(self, attendance=tuple(records))
        return self._checked(network, candidate)

    def _checked(self, network: Network, candidate: Programme) -> Programme:
        before = {_signature(violation) for violation in self.violations(network)}
        for violation in candidate.violations(network):
            if _signature(violation) not in before:
                raise violation
        return candidate

    # -- rules ---------------------------------------------------------------------

    def violations(self, network: Network) -> list[RuleViolation]:
        """Every rule the programme breaks in ``network``: activities, registrations, attendance.

        Reads only the network's ``timezone``, ``policy``, ``specialisations``,
        ``centres``, ``members``, ``memberships`` and ``funders`` (never its
        own ``programme``), so a network checks the programme it holds while
        it is being built.

        Each error's ``collection``, ``key`` (an index in that list) and
        ``where`` point at the record and field at fault.
        """
        found = _activity_violations(self.activities, network)
        found.extend(_registration_violations(self, network))
        found.extend(_attendance_violations(self, network))
        return found


def _in_time_order(activity: Activity) -> tuple[dt.date, dt.time, str, str]:
    return (activity.day, activity.starts, activity.centre, activity.id)


def _signature(violation: RuleViolation) -> tuple[str, str, str | int | None, str, str]:
    return (
        type(violation).__name__,
        violation.collection,
        violation.key,
        violation.where,
        str(violation),
    )


# -- the rules, one list at a time ---------------------------------------------------


def _activity_violations(activities: Sequence[Activity], network: Network) -> list[RuleViolation]:
    found: list[RuleViolation] = []
    centres = {centre.id: centre for centre in network.centres}
    themes = {specialisation.slug for specialisation in network.specialisations}
    funders = {funder.id for funder in network.funders}
    seen: set[str] = set()
    for index, activity in enumerate(activities):
        if activity.id in seen:
            found.append(DuplicateRecord(_ACTIVITIES, activity.id, index))
        seen.add(activity.id)
        if activity.theme is not None and activity.theme not in themes:
            found.append(
                UnknownReference(_ACTIVITIES, index, "theme", "specialisation", activity.theme)
            )
        if activity.funder is not None and activity.funder not in funders:
            found.append(UnknownReference(_ACTIVITIES, index, "funder", "funder", activity.funder))
        for field in ("starts", "ends"):
            time: dt.time = getattr(activity, field)
            if not local_time_exists(activity.day, time, network.timezone):
                found.append(
                    NonexistentLocalTime(
                        activity.id, activity.day, time, network.timezone, field, index
                    )
                )
        centre = centres.get(activity.centre)
        if centre is None:
            found.append(UnknownReference(_ACTIVITIES, index, "centre", "centre", activity.centre))
            continue
        if not centre.is_open_on(activity.day):
            found.append(CentreNotOpen(_ACTIVITIES, index, "day", centre.id, activity.day))
        owners = _owners_in_scope(network, activity, centre)
        if activity.theme is not None and owners and centre.id not in owners:
            found.append(
                ThemeHeldElsewhere(
                    activity.id, activity.theme, centre.id, owners, activity.day, index
                )
            )
    found.extend(_overlaps(activities))
    return found


def _owners_in_scope(network: Network, activity: Activity, host: Centre) -> tuple[str, ...]:
    """The centres holding ``activity``'s theme on its day that rule 2 sends it to.

    Rule 2 follows rule 1's scope: where a policy narrows exclusivity to
    centres within N km, a theme is a centre's own only within N km of it, so
    an activity on it at a centre farther away competes with no one and may
    take place there. The host itself holding the theme is always in.
    """
    if activity.theme is None:
        return ()
    scope = network.policy.specialisation_scope
    owners = []
    for centre in network.centres:
        if activity.theme not in centre.specialisations_on(activity.day):
            continue
        if centre.id == host.id or scope.applies_between(
            host.location.distance_km(centre.location)
        ):
            owners.append(centre.id)
    return tuple(owners)


def _overlaps(activities: Sequence[Activity]) -> list[RuleViolation]:
    # Grouped by centre and day, so only activities that could clash are compared; each
    # clash is reported once, on the activity listed later (the one a caller just added).
    groups: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for index, activity in enumerate(activities):
        groups[(activity.centre, activity.day)].append(index)
    found: list[tuple[int, RuleViolation]] = []
    for indexes in groups.values():
        for position, later in enumerate(indexes):
            for earlier in indexes[:position]:
                first, second = activities[earlier], activities[later]
                if second.overlaps(first):
                    error = OverlappingActivities(
                        second.id, first.id, second.centre, second.day, later
                    )
                    found.append((later, error))
                    break
    return [error for _, error in sorted(found, key=lambda item: item[0])]


def _registration_violations(programme: Programme, network: Network) -> list[RuleViolation]:
    found: list[RuleViolation] = []
    activities = {activity.id: activity for activity in programme.activities}
    members = {member.id for member in network.members}
    stints: dict[str, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for stint in network.memberships:
        stints[stint.member].append((stint.joined, stint.left))
    active: dict[str, set[str]] = defaultdict(set)
    last: dict[str, dt.date] = {}
    for index, registration in enumerate(programme.registrations):
        activity = activities.get(registration.activity)
        known = registration.member in members
        if activity is None:
            found.append(
                UnknownReference(
                    _REGISTRATIONS, index, "activity", "activity", registration.activity
                )
            )
        if not known:
            found.append(
                UnknownReference(_REGISTRATIONS, index, "member", "member", registration.member)
            )
        if activity is None:
            continue
        found.extend(_dates_of(registration, activity, last.get(activity.id), index))
        last[activity.id] = max(registration.on, last.get(activity.id, registration.on))
        if registration.is_active:
            if registration.member in active[activity.id]:
                found.append(DoubleRegistration(activity.id, registration.member, index))
            active[activity.id].add(registration.member)
        if (
            known
            and activity.audience is Audience.MEMBERS
            and not _is_member(stints[registration.member], activity.day)
        ):
            found.append(MembersOnly(activity.id, registration.member, activity.day, index))
    return found


def _dates_of(
    registration: Registration, activity: Activity, previous: dt.date | None, index: int
) -> list[RuleViolation]:
    found: list[RuleViolation] = []
    if previous is not None and registration.on < previous:
        found.append(
            RegistrationOrder(activity.id, registration.member, registration.on, previous, index)
        )
    if registration.on > activity.day:
        found.append(
            RegistrationTooLate(
                activity.id, registration.member, "on", registration.on, activity.day, index
            )
        )
    if registration.cancelled is not None and registration.cancelled > activity.day:
        found.append(
            RegistrationTooLate(
                activity.id,
                registration.member,
                "cancelled",
                registration.cancelled,
                activity.day,
                index,
            )
        )
    return found


def _is_member(stints: Sequence[tuple[dt.date, dt.date | None]], day: dt.date) -> bool:
    return any(joined <= day and (left is None or day < left) for joined, left in stints)


def _attendance_violations(programme: Programme, network: Network) -> list[RuleViolation]:
    found: list[RuleViolation] = []
    members = {member.id for member in network.members}
    holders: dict[str, set[str]] = {}
    seen: set[tuple[str, str]] = set()
    for index, record in enumerate(programme.attendance):
        pair = (record.activity, record.member)
        if pair in seen:
            found.append(DuplicateAttendance(record.activity, record.member, index))
        seen.add(pair)
        known = record.member in members
        if not known:
            found.append(UnknownReference(_ATTENDANCE, index, "member", "member", record.member))
        if record.activity not in programme._index.activities:
            found.append(
                UnknownReference(_ATTENDANCE, index, "activity", "activity", record.activity)
            )
            continue
        if not known:
            continue
        if record.activity not in holders:
            holders[record.activity] = set(programme.registered(record.activity))
        if record.member not in holders[record.activity]:
            found.append(AttendanceWithoutPlace(record.activity, record.member, index))
    return found
