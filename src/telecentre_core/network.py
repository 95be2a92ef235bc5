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

import contextlib
import contextvars
import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any, Final

import attrs

from . import _validate as v
from .activity import Activity, Programme
from .booking import Booking, BookingRights, Ledger, held_during, refusal, resolve_time
from .booking import violations as booking_violations
from .centre import Centre, CentreStatus, Holding, SeatChange
from .commune import Commune, Territory
from .dates import DEFAULT_TIME_ZONE, END_OF_DAY, is_time_zone, local_time_exists
from .errors import (
    BookingNotFound,
    BookingsRemain,
    CentreAlreadyClosed,
    CentreClosedOn,
    DuplicateRecord,
    InvalidValue,
    LifecycleOrder,
    MemberForgotten,
    NotAMember,
    RuleViolation,
    SeriesRefused,
    SpecialisationConflict,
    SpecialisationNotHeld,
    UnknownCentre,
    UnknownReference,
    UnknownSpecialisation,
)
from .finder import Availability, CentreFinder, Found, check_specialisation
from .funding import Contribution, Cost, Funder
from .geo import Point
from .membership import Agreement, Company, Member, Membership, PassUse, Prospect, TierChange
from .opening import Closure, DayOpening, TimeRange, WeeklyHours
from .policy import Policy
from .pricing import PassKind
from .rules import funding_violations, people_violations, violations
from .specialisation import Specialisation

__all__ = [
    "CentreOnDay",
    "ChangeKind",
    "Network",
    "NetworkOnDay",
    "SeriesMode",
    "SeriesResult",
    "TimelineEvent",
]


@attrs.frozen
class _Scope:
    """The bookings a change may affect, so that only they are checked again."""

    centres: frozenset[str] = frozenset()
    members: frozenset[str] = frozenset()

    def covers(self, booking: Booking) -> bool:
        return booking.centre in self.centres or booking.member in self.members


#: A change that cannot affect any booking (a new funder, a registration).
_NO_BOOKINGS: Final = _Scope()
# Set around a change that knows which bookings it may affect; unset, everything is checked.
_SCOPE: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("_SCOPE", default=None)


@contextlib.contextmanager
def _bookings_checked() -> Iterator[None]:
    """Inside, a network built trusts its bookings: the caller has just checked them.

    The file loader checks a file's bookings one by one (to report each at its
    path) before it builds the network; checking them all again would double
    the cost of loading.
    """
    token = _SCOPE.set(_NO_BOOKINGS)
    try:
        yield
    finally:
        _SCOPE.reset(token)


class SeriesMode(enum.StrEnum):
    """What a recurring booking does when some occurrences are refused."""

    #: Book every occurrence or none; a refusal raises :class:`SeriesRefused`.
    ALL_OR_NOTHING = "all-or-nothing"
    #: Book the occurrences that are free and report the others.
    FREE_ONLY = "free-only"


def _as_ledger(value: Ledger | Iterable[Booking]) -> Ledger:
    return value if isinstance(value, Ledger) else Ledger(value)


def _time_zone(_instance: object, _attribute: object, value: object) -> None:
    if not is_time_zone(value):
        raise InvalidValue("timezone", value, "must be an IANA time zone like 'Europe/Paris'")


@attrs.frozen(kw_only=True)
class Network:
    """A network of centres run under one policy in one territory.

    Building one checks every rule (see ``telecentre_core.rules``, and
    :meth:`Programme.violations <telecentre_core.Programme.violations>`
    for its ``programme`` of activities) and raises the first broken one.
    Centres keep the order given; their ids are unique.

    Because the programme is checked with the rest, a change that would
    break it is refused too: closing a centre that still hosts activities
    after that day, a member leaving before a members' activity they hold a
    place in, a centre taking on a specialisation another centre teaches
    (rule 2).

    ``name`` is the network's name and ``territory`` the département it serves; ``timezone``
    the IANA zone its dates and times live in (``Europe/Paris`` by default, rule 7); ``policy``
    its declared rules. The records, each a tuple in file order: ``specialisations`` it
    declares, ``centres``, ``members``, ``companies``, ``prospects``, company ``agreements``,
    ``memberships``, ``pass_uses``, ``funders``, ``contributions`` and ``costs``; ``notes`` is
    free text. ``bookings`` is the :class:`~telecentre_core.Ledger` of seat bookings
    (rule 3): booking and cancelling check only the bookings of that centre and that member
    that day, and a change of a centre (seats, closing) or of a member (leaving) checks
    only theirs again.

    ``version`` counts changes, for optimistic concurrency (see
    :class:`~telecentre_core.NetworkStore`): 0 for a network built or read from a file
    without one, and higher in every network a change returns. It takes no part in ``==``
    or ``hash``: two networks holding the same records are equal whatever their versions.
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
    members: tuple[Member, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=v.tuple_of("members", Member, "a Member")
    )
    companies: tuple[Company, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=v.tuple_of("companies", Company, "a Company")
    )
    prospects: tuple[Prospect, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("prospects", Prospect, "a Prospect"),
    )
    agreements: tuple[Agreement, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("agreements", Agreement, "an Agreement"),
    )
    memberships: tuple[Membership, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("memberships", Membership, "a Membership"),
    )
    pass_uses: tuple[PassUse, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("pass_uses", PassUse, "a PassUse"),
    )
    funders: tuple[Funder, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=v.tuple_of("funders", Funder, "a Funder")
    )
    contributions: tuple[Contribution, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("contributions", Contribution, "a Contribution"),
    )
    costs: tuple[Cost, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=v.tuple_of("costs", Cost, "a Cost")
    )
    programme: Programme = attrs.field(
        factory=Programme, validator=v.instance_of("programme", Programme, "a Programme")
    )
    bookings: Ledger = attrs.field(
        factory=Ledger,
        converter=_as_ledger,
        validator=v.instance_of("bookings", Ledger, "a Ledger"),
    )
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))
    version: int = attrs.field(default=0, eq=False, validator=v.integer("version", minimum=0))
    _index: _Index = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        found = violations(self.specialisations, self.centres, self.policy)
        found.extend(
            people_violations(
                self.policy,
                self.centres,
                self.members,
                self.companies,
                self.prospects,
                self.agreements,
                self.memberships,
                self.pass_uses,
            )
        )
        found.extend(funding_violations(self.centres, self.funders, self.contributions, self.costs))
        # Built before the programme is checked, so that its rules may look things up.
        object.__setattr__(self, "_index", _Index.of(self))
        found.extend(self.programme.violations(self))
        if not found:
            found.extend(self._booking_violations(_SCOPE.get()))
        if found:
            raise found[0]

    def _booking_violations(self, scope: _Scope | None) -> list[RuleViolation]:
        if scope is not None and not scope.centres and not scope.members:
            return []
        if scope is None:
            bookings: Iterable[Booking] = self.bookings
        else:
            chosen = [
                booking for centre in scope.centres for booking in self.bookings.at_centre(centre)
            ]
            chosen.extend(
                booking
                for member in scope.members
                for booking in self.bookings.of_member(member)
                if booking.centre not in scope.centres
            )
            bookings = sorted(chosen, key=Booking.sort_key)
        return booking_violations(
            tuple(bookings),
            centres={centre.id: centre for centre in self.centres},
            members=self._index.members,
            policy=self.policy,
            time_zone=self.timezone,
            rights=self._index.rights,
        )

    # -- looking things up ------------------------------------------------------

    def centre(self, centre_id: str) -> Centre:
        """The centre called ``centre_id``; raises :class:`UnknownCentre`."""
        centre = self._index.centres.get(centre_id)
        if centre is None:
            raise UnknownCentre(centre_id)
        return centre

    def specialisation(self, slug: str) -> Specialisation:
        """The declared specialisation ``slug``; raises :class:`UnknownReference`."""
        for specialisation in self.specialisations:
            if specialisation.slug == slug:
                return specialisation
        raise UnknownReference("specialisations", slug, "slug", "specialisation", slug)

    def finder(self) -> CentreFinder:
        """The index of the centres by location, built on the first search and kept.

        See :class:`~telecentre_core.CentreFinder`; :meth:`find` uses it.
        """
        finder = self._index.finder
        if finder is None:
            finder = CentreFinder.of(self.centres)
            object.__setattr__(self._index, "finder", finder)
        return finder

    def find(
        self,
        near: Point,
        *,
        within_km: float | None = None,
        specialisation: str | None = None,
        equipment: str | None = None,
        on: dt.date | None = None,
        available: Availability | None = None,
    ) -> tuple[Found, ...]:
        """The centres near ``near``, nearest first, each with its distance in kilometres.

        The filters are those of :meth:`CentreFinder.near
        <telecentre_core.CentreFinder.near>`; ``specialisation`` must be
        declared by the network, or
        :class:`~telecentre_core.UndeclaredSpecialisation` says which are.
        """
        if specialisation is not None:
            check_specialisation(specialisation, (item.slug for item in self.specialisations))
        return self.finder().near(
            near,
            within_km=within_km,
            specialisation=specialisation,
            equipment=equipment,
            on=on,
            available=available,
        )

    def member(self, member_id: str) -> Member:
        """The member called ``member_id``; raises :class:`UnknownReference`."""
        member = self._index.members.get(member_id)
        if member is None:
            raise UnknownReference("members", member_id, "id", "member", member_id)
        return member

    def company(self, company_id: str) -> Company:
        """The company called ``company_id``; raises :class:`UnknownReference`."""
        for company in self.companies:
            if company.id == company_id:
                return company
        raise UnknownReference("companies", company_id, "id", "company", company_id)

    def memberships_of(self, member_id: str) -> tuple[Membership, ...]:
        """The stints of ``member_id``, in the order they started."""
        return self._index.memberships.get(member_id, ())

    def membership_on(self, member_id: str, day: dt.date) -> Membership | None:
        """The stint of ``member_id`` in force on ``day``, or None."""
        for stint in self.memberships_of(member_id):
            if stint.is_active_on(day):
                return stint
        return None

    def pass_uses_of(self, member_id: str) -> tuple[PassUse, ...]:
        """The passes ``member_id`` used, in the network's order."""
        return self._index.pass_uses.get(member_id, ())

    def members_on(self, day: dt.date) -> tuple[Member, ...]:
        """The members with a membership in force on ``day``, in the network's order."""
        return tuple(
            member for member in self.members if self.membership_on(member.id, day) is not None
        )

    def funder(self, funder_id: str) -> Funder:
        """The funder called ``funder_id``; raises :class:`UnknownReference`."""
        for funder in self.funders:
            if funder.id == funder_id:
                return funder
        raise UnknownReference("funders", funder_id, "id", "funder", funder_id)

    def contributions_of(self, funder_id: str) -> tuple[Contribution, ...]:
        """The contributions of ``funder_id``, in the network's order."""
        return tuple(item for item in self.contributions if item.funder == funder_id)

    def prospect_stage(self, company_id: str) -> Prospect | None:
        """The latest state of the network's prospection of ``company_id``, or None."""
        latest = [item for item in self.prospects if item.company == company_id]
        return max(latest, key=lambda item: item.updated, default=None)

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
        return self._evolve(_NO_BOOKINGS, specialisations=(*self.specialisations, specialisation))

    def open_centre(self, centre_id: str, on: dt.date) -> Network:
        """A network where the planned centre ``centre_id`` opens ``on`` that day."""
        centre = self.centre(centre_id)
        if centre.lifecycle.opens is not None:
            raise LifecycleOrder(
                "opens", f"centre {centre_id!r} already opens on {centre.lifecycle.opens}"
            )
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
                network = self._evolve(
                    _NO_BOOKINGS, specialisations=(*self.specialisations, specialisation)
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
        _no_bookings_from(
            "centre", centre_id, on, [b for b in self.bookings.at_centre(centre_id) if b.day >= on]
        )
        lifecycle = attrs.evolve(centre.lifecycle, closes=on)
        return self._replace(attrs.evolve(centre, lifecycle=lifecycle))

    def add_closure(self, centre_id: str, closure: Closure) -> Network:
        """A network where ``centre_id`` is also closed from ``closure.first`` to ``closure.last``.

        Refused with :class:`~telecentre_core.BookingsRemain` while bookings
        fall on those days: cancel them first.
        """
        centre = self.centre(centre_id)
        _no_bookings_from(
            "centre",
            centre_id,
            closure.first,
            [b for b in self.bookings.at_centre(centre_id) if closure.covers(b.day)],
            action=f"close from {closure.first.isoformat()} to {closure.last.isoformat()}",
        )
        return self._replace(attrs.evolve(centre, closures=(*centre.closures, closure)))

    def set_hours(self, centre_id: str, hours: WeeklyHours | None) -> Network:
        """A network where ``centre_id`` keeps ``hours`` (None: the policy's ``opening_hours``).

        Refused, with the first booking the new hours would leave outside
        (:class:`~telecentre_core.OutsideOpeningHours` or
        :class:`~telecentre_core.CentreClosedOn`), while bookings need the old ones.
        """
        centre = self.centre(centre_id)
        return self._replace(attrs.evolve(centre, hours=hours))

    # -- people ------------------------------------------------------------------

    def add_member(self, member: Member) -> Network:
        """A network that knows ``member`` (joining is :meth:`join`)."""
        return self._evolve(_NO_BOOKINGS, members=(*self.members, member))

    def add_company(self, company: Company) -> Network:
        """A network that knows ``company``."""
        return self._evolve(_NO_BOOKINGS, companies=(*self.companies, company))

    def record_prospect(self, prospect: Prospect) -> Network:
        """A network whose prospection history also has ``prospect``."""
        return self._evolve(_NO_BOOKINGS, prospects=(*self.prospects, prospect))

    def sign_agreement(self, agreement: Agreement) -> Network:
        """A network where ``agreement``'s company pays for its employees."""
        for employee in agreement.employees:
            self._not_forgotten(employee)
        return self._evolve(_NO_BOOKINGS, agreements=(*self.agreements, agreement))

    def join(self, member_id: str, on: dt.date, centre_id: str, tier: str) -> Network:
        """A network where ``member_id`` joins ``on`` that day, at ``centre_id``, on ``tier``.

        The free period counts from the first join only: joining again later
        never restarts it (rule 4).
        """
        self._person(member_id)
        stint = Membership(member=member_id, joined=on, centre=centre_id, tier=tier)
        return self._evolve(_NO_BOOKINGS, memberships=(*self.memberships, stint))

    def change_tier(self, member_id: str, on: dt.date, tier: str) -> Network:
        """A network where ``member_id`` is on ``tier`` from ``on``.

        Later changes of the same stint are replaced by this one.
        """
        self._not_forgotten(member_id)
        stint = self._stint_on(member_id, on)
        if on == stint.joined:
            changed = attrs.evolve(stint, tier=tier, changes=())
        else:
            kept = tuple(change for change in stint.changes if change.since < on)
            changed = attrs.evolve(stint, changes=(*kept, TierChange(since=on, tier=tier)))
        return self._replace_stint(stint, changed)

    def leave(self, member_id: str, on: dt.date) -> Network:
        """A network where ``member_id`` is no longer a member from ``on`` (its first day out)."""
        stint = self._stint_on(member_id, on)
        if on == stint.joined:
            raise InvalidValue("left", on, f"must be after joined ({stint.joined})")
        _no_bookings_from(
            "member",
            member_id,
            on,
            [
                booking
                for booking in self.bookings.of_member(member_id)
                if booking.day >= on
                # Only the days this stint gave: a later stint or a pass still covers the others.
                and (stint.left is None or booking.day < stint.left)
                and (member_id, booking.day, booking.centre) not in self._index.rights.passes
            ],
        )
        kept = tuple(change for change in stint.changes if change.since < on)
        return self._replace_stint(stint, attrs.evolve(stint, left=on, changes=kept))

    def use_pass(self, member_id: str, kind: PassKind, on: dt.date, centre_id: str) -> Network:
        """A network where ``member_id`` used a ``kind`` pass at ``centre_id`` on ``on``."""
        self._person(member_id)
        use = PassUse(member=member_id, kind=kind, on=on, centre=centre_id)
        return self._evolve(_NO_BOOKINGS, pass_uses=(*self.pass_uses, use))

    # -- personal data -----------------------------------------------------------

    def forget_member(self, member_id: str, pseudonym: str | None = None) -> Network:
        """A network where ``member_id``'s personal data are erased and their records kept.

        The right to erasure (GDPR, article 17): the member is known from then on by
        ``pseudonym`` (by default ``forgotten-1``, ``forgotten-2``..., the first one free),
        as their id and their name; their e-mail, phone and notes are dropped, and
        ``Member.forgotten`` is set. Every record
        naming them (memberships, pass uses, agreements, bookings, registrations,
        attendance) names the pseudonym instead, so bills, funding, occupancy and
        programme figures do not change. Their kind, employer and eligibility stay: bills
        and statistics need them. Give their own id as ``pseudonym`` to keep an id that
        says nothing about the person (``m07``).

        Raises :class:`~telecentre_core.MemberForgotten` for a member already forgotten,
        :class:`~telecentre_core.DuplicateRecord` when ``pseudonym`` is another member's
        id. A forgotten member's memberships go on until they leave: forgetting ends
        nothing, but nothing new is recorded about them afterwards.
        """
        member = self._person(member_id)
        new_id = self._free_pseudonym() if pseudonym is None else pseudonym
        if new_id != member_id and new_id in self._index.members:
            index = next(i for i, known in enumerate(self.members) if known.id == new_id)
            raise DuplicateRecord("members", new_id, index)
        forgotten = Member(
            id=new_id,
            name=new_id,
            kind=member.kind,
            employer=member.employer,
            eligibility=member.eligibility,
            forgotten=True,
        )

        def renamed(record_member: str) -> str:
            return new_id if record_member == member_id else record_member

        ledger = self.bookings
        for booking in self.bookings.of_member(member_id):
            ledger = ledger.without(booking).with_booking(attrs.evolve(booking, member=new_id))
        programme = attrs.evolve(
            self.programme,
            registrations=tuple(
                attrs.evolve(item, member=renamed(item.member))
                for item in self.programme.registrations
            ),
            attendance=tuple(
                attrs.evolve(item, member=renamed(item.member))
                for item in self.programme.attendance
            ),
        )
        return self._evolve(
            _Scope(members=frozenset({new_id})),
            members=tuple(forgotten if item.id == member_id else item for item in self.members),
            agreements=tuple(
                attrs.evolve(item, employees=tuple(renamed(e) for e in item.employees))
                for item in self.agreements
            ),
            memberships=tuple(
                attrs.evolve(item, member=renamed(item.member)) for item in self.memberships
            ),
            pass_uses=tuple(
                attrs.evolve(item, member=renamed(item.member)) for item in self.pass_uses
            ),
            programme=programme,
            bookings=ledger,
        )

    def _free_pseudonym(self) -> str:
        number = 1
        while f"forgotten-{number}" in self._index.members:
            number += 1
        return f"forgotten-{number}"

    def _person(self, member_id: str) -> Member:
        # The member a new record is about: known, and not forgotten.
        member = self.member(member_id)
        self._not_forgotten(member_id)
        return member

    def _not_forgotten(self, member_id: str) -> None:
        # An unknown id is left to the rule that reports it, with its place in the records.
        member = self._index.members.get(member_id)
        if member is not None and member.forgotten:
            raise MemberForgotten(member_id)

    # -- funding -----------------------------------------------------------------

    def add_funder(self, funder: Funder) -> Network:
        """A network that knows ``funder`` (its ids stay unique)."""
        return self._evolve(_NO_BOOKINGS, funders=(*self.funders, funder))

    def add_contribution(self, contribution: Contribution) -> Network:
        """A network where ``contribution`` is given.

        Its funder must be known and, when it goes to one centre, that
        centre must be planned or open on its day or in each of its years.
        """
        return self._evolve(_NO_BOOKINGS, contributions=(*self.contributions, contribution))

    def add_cost(self, cost: Cost) -> Network:
        """A network that bears ``cost`` (a centre's must fall in the centre's life)."""
        return self._evolve(_NO_BOOKINGS, costs=(*self.costs, cost))

    # -- the programme -----------------------------------------------------------
    # Each delegates to the programme (see telecentre_core.activity.Programme), which
    # raises the first rule the change breaks, and returns the network holding the result.

    def schedule(self, *activities: Activity) -> Network:
        """A network whose programme also has ``activities`` (all of them, or none).

        See :meth:`Programme.schedule <telecentre_core.Programme.schedule>`.
        """
        return self._with_programme(self.programme.schedule(self, *activities))

    def register(self, activity_id: str, member_id: str, on: dt.date) -> Network:
        """A network where ``member_id`` registered for ``activity_id`` on ``on``.

        They hold a place if one is left and wait otherwise; see
        :meth:`Programme.register <telecentre_core.Programme.register>`.
        """
        self._not_forgotten(member_id)
        return self._with_programme(self.programme.register(self, activity_id, member_id, on))

    def cancel_registration(self, activity_id: str, member_id: str, on: dt.date) -> Network:
        """A network where ``member_id`` withdrew from ``activity_id`` on ``on``.

        The first person waiting takes the place freed; see
        :meth:`Programme.cancel <telecentre_core.Programme.cancel>`.
        """
        return self._with_programme(self.programme.cancel(self, activity_id, member_id, on))

    def record_attendance(self, activity_id: str, member_id: str, present: bool) -> Network:
        """A network where ``member_id`` was (or was not) ``present`` at ``activity_id``.

        See :meth:`Programme.record_attendance
        <telecentre_core.Programme.record_attendance>`.
        """
        self._not_forgotten(member_id)
        programme = self.programme.record_attendance(self, activity_id, member_id, present)
        return self._with_programme(programme)

    # -- bookings (rule 3) ---------------------------------------------------------
    # Checking a request looks only at its centre's bookings that day and its member's
    # bookings that day (the ledger is indexed so); a booking or a cancellation builds the
    # new network without checking anything else again, since nothing else changed.

    def opening_on(self, centre_id: str, day: dt.date) -> DayOpening:
        """How ``centre_id`` opens on ``day``: its hours under the policy, or why it is closed."""
        return self.centre(centre_id).opening_on(
            day, self.policy.opening_hours, self._index.open_on_holidays
        )

    def check_booking(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        unit: str | None = None,
        *,
        time: TimeRange | str | None = None,
    ) -> RuleViolation | None:
        """Why the booking asked would be refused, or None when :meth:`book` would accept it.

        Give ``unit`` (the policy's ``morning``, ``afternoon``, ``day``) or
        ``time`` (``"10:00-12:00"``, starting and ending while it is open). Nothing
        changes: a front end asks this to show why before the member tries.
        """
        found = self._request(member_id, centre_id, day, unit, time, None)
        return found if isinstance(found, RuleViolation) else None

    def book(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        unit: str | None = None,
        *,
        time: TimeRange | str | None = None,
        series: str | None = None,
    ) -> Network:
        """A network where ``member_id`` holds a seat at ``centre_id`` on ``day``.

        Give ``unit`` or ``time``, as for :meth:`check_booking`. Refused,
        changing nothing, with the rule broken: the member must be a member
        that day (or hold a pass at that centre), the centre open that day
        (its lifecycle, its closures, public holidays, its weekly hours), the
        span inside its hours, the member nowhere else then, and a seat free
        at every moment of the span (:class:`~telecentre_core.OverCapacity`
        says when and how many seats were left).
        """
        found = self._request(member_id, centre_id, day, unit, time, series)
        if isinstance(found, RuleViolation):
            raise found
        return self._with_bookings(self.bookings.with_booking(found))

    def cancel_booking(self, booking: Booking) -> Network:
        """A network without ``booking``: its seat is free again.

        Raises :class:`~telecentre_core.BookingNotFound` when the network
        does not hold it.
        """
        if booking not in self.bookings:
            raise BookingNotFound(booking.member, booking.centre, booking.day, str(booking.time))
        return self._with_bookings(self.bookings.without(booking))

    def free_seats(
        self,
        centre_id: str,
        day: dt.date,
        unit: str | None = None,
        *,
        time: TimeRange | str | None = None,
    ) -> int:
        """The seats free at ``centre_id`` for the whole of ``unit`` (or ``time``) on ``day``.

        0 when the centre is closed that day, or when :meth:`book` would
        refuse the span whatever the bookings (it starts or ends while the
        centre is closed, or at a time the clocks skip). Without ``unit`` and
        ``time``: for the whole day's opening.
        """
        centre = self.centre(centre_id)
        opening = self.opening_on(centre_id, day)
        if not opening.is_open:
            return 0
        span: TimeRange | RuleViolation
        if unit is None and time is None:
            span = TimeRange(start=opening.ranges[0].start, end=opening.ranges[-1].end)
        else:
            span = resolve_time(
                "", centre_id, day, opening, self.policy, unit, _as_time(time), None
            )
        if isinstance(span, RuleViolation):
            if time is not None or unit in {known.slug for known in self.policy.units}:
                return 0
            raise span
        if not opening.allows(span) or not all(
            local_time_exists(day, moment, self.timezone)
            for moment in (span.start, span.end)
            if moment != END_OF_DAY
        ):
            return 0  # a span no one can book: outside the hours, or skipped by the clocks
        busiest = max(
            (held for _, held in held_during(span, self.bookings.at(centre_id, day))), default=0
        )
        return max(0, centre.seats_on(day) - busiest)

    def book_series(
        self,
        member_id: str,
        centre_id: str,
        first: dt.date,
        until: dt.date,
        unit: str | None = None,
        *,
        time: TimeRange | str | None = None,
        every_weeks: int = 1,
        mode: SeriesMode = SeriesMode.ALL_OR_NOTHING,
        skip_closed_days: bool = True,
        series: str | None = None,
    ) -> SeriesResult:
        """Book the same seat every ``every_weeks`` weeks from ``first`` to ``until`` (included).

        ``mode`` says what happens when occurrences are refused: all or
        nothing (raises :class:`~telecentre_core.SeriesRefused` listing every
        refusal, changing nothing) or the free ones only (the others are in
        ``refused`` of the :class:`SeriesResult`). Days the centre does not open (a
        public holiday, a closure, a weekday it keeps closed) are skipped and
        listed in its ``skipped``, as a calendar does, unless
        ``skip_closed_days`` is false: then they are refusals like the others.
        """
        if every_weeks < 1:
            raise InvalidValue("every_weeks", every_weeks, "must be at least 1")
        if until < first:
            raise InvalidValue("until", until, f"must be on or after first ({first.isoformat()})")
        network = self
        booked: list[Booking] = []
        refused: list[tuple[dt.date, RuleViolation]] = []
        skipped: list[tuple[dt.date, RuleViolation]] = []
        day = first
        while day <= until:
            found = network._request(member_id, centre_id, day, unit, time, series)
            if isinstance(found, Booking):
                network = network._with_bookings(network.bookings.with_booking(found))
                booked.append(found)
            elif skip_closed_days and isinstance(found, CentreClosedOn):
                skipped.append((day, found))
            else:
                refused.append((day, found))
            day += dt.timedelta(weeks=every_weeks)
        if refused and mode is SeriesMode.ALL_OR_NOTHING:
            raise SeriesRefused(refused, len(booked) + len(refused))
        return SeriesResult(
            network=network, booked=tuple(booked), refused=tuple(refused), skipped=tuple(skipped)
        )

    def bookings_at(self, centre_id: str, day: dt.date) -> tuple[Booking, ...]:
        """The bookings at ``centre_id`` on ``day``, by start time."""
        return self.bookings.at(centre_id, day)

    def bookings_of(self, member_id: str, day: dt.date | None = None) -> tuple[Booking, ...]:
        """The bookings of ``member_id`` on ``day``, or all of them by date."""
        return self.bookings.of_member(member_id, day)

    def _request(
        self,
        member_id: str,
        centre_id: str,
        day: dt.date,
        unit: str | None,
        time: TimeRange | str | None,
        series: str | None,
    ) -> Booking | RuleViolation:
        if (unit is None) == (time is None):
            raise InvalidValue("unit", unit, "give either a unit or a time, not both or neither")
        span = _as_time(time)
        self._person(member_id)
        centre = self.centre(centre_id)
        if not self._index.rights.allows(member_id, day, centre_id):
            return NotAMember(member_id, day)
        opening = self.opening_on(centre_id, day)
        resolved = resolve_time(member_id, centre_id, day, opening, self.policy, unit, span)
        if isinstance(resolved, RuleViolation):
            return resolved
        booking = Booking(
            member=member_id, centre=centre_id, day=day, time=resolved, unit=unit, series=series
        )
        problem = refusal(
            booking,
            opening=opening,
            seats=centre.seats_on(day),
            same_place=self.bookings.at(centre_id, day),
            same_member=self.bookings.of_member(member_id, day),
            time_zone=self.timezone,
        )
        return booking if problem is None else problem

    def _with_bookings(self, ledger: Ledger) -> Network:
        # The ledger checked the booking against the network; nothing else changed, so the
        # new network shares every other field, its lookups included, with this one.
        network: Network = object.__new__(Network)
        for field in _FIELDS:
            object.__setattr__(network, field, getattr(self, field))
        object.__setattr__(network, "bookings", ledger)
        object.__setattr__(network, "version", self._next_version())
        return network

    def _with_programme(self, programme: Programme) -> Network:
        # The programme checked itself against this network; nothing else changed.
        return self._evolve(_NO_BOOKINGS, programme=programme)

    def _stint_on(self, member_id: str, on: dt.date) -> Membership:
        self.member(member_id)
        stint = self.membership_on(member_id, on)
        if stint is None:
            raise NotAMember(member_id, on)
        return stint

    def _replace_stint(self, old: Membership, new: Membership) -> Network:
        memberships = tuple(new if stint is old else stint for stint in self.memberships)
        return self._evolve(_Scope(members=frozenset({old.member})), memberships=memberships)

    def _evolve(self, scope: _Scope | None, **changes: Any) -> Network:
        # Only the bookings in ``scope`` can break: check them, not the whole ledger (every
        # booking when ``scope`` is None).
        token = _SCOPE.set(scope)
        try:
            return attrs.evolve(self, version=self._next_version(), **changes)
        finally:
            _SCOPE.reset(token)

    def _next_version(self) -> int:
        # Every change builds its network through _evolve or _with_bookings, and both ask here.
        return self.version + 1

    def with_policy(self, policy: Policy) -> Network:
        """The same network under ``policy`` (checked against every rule)."""
        return self._evolve(None, policy=policy)

    def _replace(self, centre: Centre) -> Network:
        centres = tuple(centre if old.id == centre.id else old for old in self.centres)
        return self._changed(centre.id, centres=centres)

    def _changed(self, centre_id: str, **changes: Any) -> Network:
        # A conflict is reported on the centre the caller changed, whatever the file order.
        try:
            return self._evolve(_Scope(centres=frozenset({centre_id})), **changes)
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


def _as_time(time: TimeRange | str | None) -> TimeRange | None:
    return TimeRange.parse(time) if isinstance(time, str) else time


def _no_bookings_from(
    subject: str, subject_id: str, since: dt.date, left: list[Booking], action: str | None = None
) -> None:
    if left:
        first = min(left, key=Booking.sort_key)
        raise BookingsRemain(subject, subject_id, since, len(left), str(first), action=action)


@attrs.frozen(kw_only=True)
class SeriesResult:
    """What a recurring booking did: the ``network`` after it, and each occurrence's fate.

    ``booked`` are the bookings made; ``refused`` and ``skipped`` pair a day
    with the error that refused it (skipped: the centre does not open).
    """

    network: Network
    booked: tuple[Booking, ...]
    refused: tuple[tuple[dt.date, RuleViolation], ...] = ()
    skipped: tuple[tuple[dt.date, RuleViolation], ...] = ()


@attrs.frozen
class _Index:
    """Lookups by id, built once per network (networks are immutable)."""

    members: dict[str, Member]
    memberships: dict[str, tuple[Membership, ...]]
    pass_uses: dict[str, tuple[PassUse, ...]]
    rights: BookingRights
    open_on_holidays: frozenset[str]
    centres: dict[str, Centre]
    #: Built by :meth:`Network.finder` on the first search: most networks are never searched.
    finder: CentreFinder | None = None

    @classmethod
    def of(cls, network: Network) -> _Index:
        stints: dict[str, list[Membership]] = defaultdict(list)
        for stint in network.memberships:
            stints[stint.member].append(stint)
        uses: dict[str, list[PassUse]] = defaultdict(list)
        for use in network.pass_uses:
            uses[use.member].append(use)
        return cls(
            {member.id: member for member in network.members},
            {
                member: tuple(sorted(items, key=lambda stint: stint.joined))
                for member, items in stints.items()
            },
            {member: tuple(items) for member, items in uses.items()},
            BookingRights.of(network.memberships, network.pass_uses),
            frozenset(network.policy.open_on_holidays),
            # The first of two centres with one id wins, as the rules report the second.
            {centre.id: centre for centre in reversed(network.centres)},
        )


_FIELDS: Final = tuple(field.name for field in attrs.fields(Network))


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
    """One change of one centre on one day; ``detail`` is what changed, in words.

    ``day`` is the day of the change, ``centre_id`` the centre's id, ``kind`` what kind of
    change it is, and ``seats`` the centre's seats after it (set when it opens or its seats
    change).
    """

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
        if end is not None and end <= start:
            continue  # never in force: the centre closed before the holding began
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
    """A centre as it stands on a day: its status, usable seats and specialisations.

    ``centre`` is the centre; ``status`` where it stands that day; ``seats`` its usable seats
    (0 unless open); ``specialisations`` those it holds that day.
    """

    centre: Centre
    status: CentreStatus
    seats: int
    specialisations: tuple[Specialisation, ...]


@attrs.frozen(kw_only=True)
class NetworkOnDay:
    """The network as it stands on ``day``: planned and open centres, and totals.

    ``network`` is the whole network; ``centres`` are its planned and open centres that day, in
    the network's order.
    """

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
