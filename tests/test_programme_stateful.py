"""Registrations, cancellations and the waiting list, as a state machine.

Hypothesis registers and cancels people, records attendance and lets days pass, on three
sessions of the reference network, and compares the programme with a plain model after
every step: places are never exceeded, the waiting list keeps the order of registration,
nobody is registered twice, attendance is only for people holding a place, the programme
never breaks a rule, and an operation refused changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
)
from programme_fixtures import reference_network

from telecentre_core.activity import Activity, ActivityKind, Audience, Programme
from telecentre_core.errors import InvalidValue, RuleViolation

NETWORK: Any = reference_network()
D = dt.date
T = dt.time

SESSIONS = (
    # A public training with two places, at the centre that holds its theme.
    Activity(
        id="st-1",
        kind=ActivityKind.TRAINING,
        title="Santé & travail",
        theme="sante-travail",
        centre="chaudes-aigues",
        day=D(2011, 10, 24),
        starts=T(9),
        ends=T(12),
        places=2,
        audience=Audience.PUBLIC,
        funder="conseil-general-cantal",
    ),
    # A members' animation with three places, a week later.
    Activity(
        id="cafe",
        kind=ActivityKind.ANIMATION,
        title="Café télétravail",
        centre="murat",
        day=D(2011, 10, 31),
        starts=T(9),
        ends=T(10, 30),
        places=3,
    ),
    # A one-place session: every second person waits.
    Activity(
        id="solo",
        kind=ActivityKind.TRAINING,
        title="Télémarketing",
        theme="telemarketing",
        centre="aurillac",
        day=D(2011, 11, 3),
        starts=T(14),
        ends=T(17),
        places=1,
        audience=Audience.PUBLIC,
    ),
)
BY_ID = {session.id: session for session in SESSIONS}
# Members (m28 and m29 have no membership: the members' animation refuses them), one who
# left in 2010 (m04), and a person the network does not know.
PEOPLE = ("m14", "m15", "m16", "m17", "m21", "m01", "m28", "m29", "m04", "nobody")
START = D(2011, 10, 1)
ANYONE = st.tuples(st.sampled_from([s.id for s in SESSIONS]), st.sampled_from(PEOPLE))


def _is_member(person: str, day: dt.date) -> bool:
    return any(stint.member == person and stint.is_active_on(day) for stint in NETWORK.memberships)


@settings(max_examples=40, stateful_step_count=30)
class RegistrationMachine(RuleBasedStateMachine):
    """The programme under test, and a model of it: one ordered list of people per session.

    ``pairs`` holds the (session, person) pairs registered once, so that cancellations and
    attendance often name someone registered; they also name anyone at all.
    """

    pairs = Bundle("pairs")

    def __init__(self) -> None:
        super().__init__()
        self.programme = Programme()
        self.today = START
        # The model: for each session, the people registered and not cancelled, in order,
        # the day of its last registration, and who has attendance recorded.
        self.active: dict[str, list[str]] = {}
        self.last_on: dict[str, dt.date] = {}
        self.attended: dict[str, dict[str, bool]] = {}

    @initialize()
    def schedule(self) -> None:
        self.programme = self.programme.schedule(NETWORK, *SESSIONS)
        for session in SESSIONS:
            self.active[session.id] = []
            self.attended[session.id] = {}

    # -- what the model expects ------------------------------------------------------------

    def _holders(self, session: str) -> list[str]:
        return self.active[session][: BY_ID[session].places]

    def _may_register(self, session: str, person: str, on: dt.date) -> bool:
        activity = BY_ID[session]
        return (
            person != "nobody"
            and person not in self.active[session]
            and on <= activity.day
            and on >= self.last_on.get(session, on)
            and (activity.audience is Audience.PUBLIC or _is_member(person, activity.day))
        )

    def _attempt(self, operation: Any, expected: bool) -> Programme | None:
        """Run ``operation``; check it succeeds exactly when the model says it should."""
        before = self.programme
        snapshot = attrs.evolve(before)
        try:
            programme: Programme = operation()
        except (RuleViolation, InvalidValue):
            assert not expected, "the programme refused what the model accepts"
            assert self.programme is before
            assert before == snapshot, "a refused operation changed the programme"
            return None
        assert expected, "the programme accepted what the model refuses"
        self.programme = programme
        return programme

    # -- the operations --------------------------------------------------------------------

    @rule(days=st.integers(min_value=0, max_value=6))
    def let_days_pass(self, days: int) -> None:
        self.today += dt.timedelta(days=days)

    @rule(
        target=pairs,
        session=st.sampled_from([s.id for s in SESSIONS]),
        person=st.sampled_from(PEOPLE),
        backdated=st.booleans(),
    )
    def register(self, session: str, person: str, backdated: bool) -> Any:
        on = self.today - dt.timedelta(days=3) if backdated else self.today
        expected = self._may_register(session, person, on)
        if self._attempt(lambda: self.programme.register(NETWORK, session, person, on), expected):
            self.active[session].append(person)
            self.last_on[session] = on
            return multiple((session, person))
        return multiple()

    @rule(pair=st.one_of(pairs, ANYONE))
    def cancel(self, pair: tuple[str, str]) -> None:
        session, person = pair
        expected = (
            person in self.active[session]
            and self.today <= BY_ID[session].day
            and person not in self.attended[session]
        )
        if self._attempt(
            lambda: self.programme.cancel(NETWORK, session, person, self.today), expected
        ):
            self.active[session].remove(person)

    @rule(pair=st.one_of(pairs, ANYONE), present=st.booleans())
    def record_attendance(self, pair: tuple[str, str], present: bool) -> None:
        session, person = pair
        expected = person in self._holders(session)
        if self._attempt(
            lambda: self.programme.record_attendance(NETWORK, session, person, present),
            expected,
        ):
            self.attended[session][person] = present

    # -- what always holds -----------------------------------------------------------------

    @invariant()
    def places_are_never_exceeded(self) -> None:
        for session in SESSIONS:
            registered = self.programme.registered(session.id)
            assert len(registered) <= session.places
            assert self.programme.places_left(session.id) == session.places - len(registered)

    @invariant()
    def the_waiting_list_keeps_the_order_of_registration(self) -> None:
        for session in SESSIONS:
            everyone = self.programme.registered(session.id) + self.programme.waiting(session.id)
            assert list(everyone) == self.active[session.id]
            if self.programme.waiting(session.id):
                assert self.programme.places_left(session.id) == 0

    @invariant()
    def nobody_is_registered_twice(self) -> None:
        for session in SESSIONS:
            everyone = self.programme.registered(session.id) + self.programme.waiting(session.id)
            assert len(set(everyone)) == len(everyone)

    @invariant()
    def attendance_is_only_for_people_holding_a_place(self) -> None:
        for session in SESSIONS:
            records = self.programme.attendance_of(session.id)
            assert {record.member: record.present for record in records} == (
                self.attended[session.id]
            )
            assert set(self.attended[session.id]) <= set(self.programme.registered(session.id))

    @invariant()
    def the_programme_breaks_no_rule(self) -> None:
        assert self.programme.violations(NETWORK) == []


TestRegistrations = RegistrationMachine.TestCase
