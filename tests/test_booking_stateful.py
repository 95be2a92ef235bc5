"""Bookings as a state machine: no sequence of operations breaks rule 3.

Hypothesis books (by unit and by interval, one by one and in series of both modes),
cancels, changes seats up and down, changes a centre's hours and closures, keeps the
network open on a holiday, closes centres and lets members leave, in any order, on a few
weeks of the reference network (Murat's extension, Easter and Pentecost Mondays, the
spring clock change, a centre of two seats). After every step it checks, by brute force
from the ledger: no moment over capacity at any centre, no member in two places at once,
every booking inside its centre's opening, the ledger's indexes holding the same bookings
as a plain list kept here, free seats as counted one by one; and every refused operation
left the network as it was, its refusal confirmed by the brute force where it names a rule
of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import HealthCheck, event, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
)

from telecentre_core import (
    Booking,
    BookingNotFound,
    BookingsRemain,
    BookingTimeSkipped,
    CentreClosedOn,
    Closure,
    Ledger,
    MemberDoubleBooked,
    Network,
    NotAMember,
    OutsideOpeningHours,
    OverCapacity,
    Programme,
    SeriesMode,
    SeriesRefused,
    TelecentreError,
    TimeRange,
    WeeklyHours,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.dates import END_OF_DAY, local_time_exists
from telecentre_core.testing import closures, time_ranges, weekly_hours

D = dt.date
T = TimeRange.parse

# The days the machine books, few so that bookings meet: Tuesdays before and after Murat's
# extension (4 then 6 seats), New Year's Day, Easter and Pentecost Mondays 2011 (series
# from the Monday before cross them), the Sunday of the spring clock change 2012.
DAYS = st.sampled_from(
    [
        D(2011, 12, 27),
        D(2012, 1, 3),
        D(2011, 12, 30),
        D(2012, 1, 1),
        D(2011, 4, 18),
        D(2011, 4, 25),
        D(2011, 6, 6),
        D(2012, 3, 25),
        D(2012, 3, 26),
    ]
)
# Closing a centre or leaving from these: late, so that bookings are often left behind.
LATE_DAYS = st.sampled_from([D(2011, 12, 30), D(2012, 1, 4), D(2012, 3, 26), D(2012, 6, 1)])
CENTRES = st.sampled_from(["murat", "murat", "murat", "montmurat", "allanche"])
MEMBERS = st.sampled_from(
    ["m01", "m02", "m03", "m25", "m05", "m06", "m08", "m11", "m12", "m04", "m25"]
)
UNITS = st.sampled_from(["morning", "afternoon", "day"])
SPANS = time_ranges("08:00-19:00") | time_ranges()


@functools.cache
def start() -> Network:
    """The reference network without its bookings nor its programme (which would hold
    its centres open)."""
    return attrs.evolve(cybercantal(), bookings=Ledger(), programme=Programme())


def minutes(span: TimeRange) -> range:
    end = 24 * 60 if span.end == END_OF_DAY else span.end.hour * 60 + span.end.minute
    return range(span.start.hour * 60 + span.start.minute, end)


def most_held(bookings: list[Booking], within: TimeRange | None = None) -> int:
    counts: dict[int, int] = {}
    for booking in bookings:
        for minute in minutes(booking.time):
            counts[minute] = counts.get(minute, 0) + 1
    allowed = None if within is None else set(minutes(within))
    return max(
        (n for minute, n in counts.items() if allowed is None or minute in allowed), default=0
    )


class BookingMachine(RuleBasedStateMachine):
    """Random sequences of booking operations: each succeeds whole or changes nothing."""

    bookings = Bundle("bookings")

    def __init__(self) -> None:
        super().__init__()
        self.network = start()
        self.model: list[Booking] = []  # the bookings, as a plain list

    # -- doing things -----------------------------------------------------------------

    def attempt(self, step: str, change: Callable[[Network], Any], *, asks: bool = False) -> Any:
        """Apply ``change``; a refusal must leave the network exactly as it was.

        ``asks``: the change is a booking request, whose refusal is confirmed against the
        network as it stands.
        """
        before = self.network
        fingerprint = hash(before)
        held = list(before.bookings)
        try:
            outcome = change(before)
        except TelecentreError as error:
            event(f"{step}: refused ({type(error).__name__})")
            note(f"{step} refused: {error}")
            assert self.network is before
            assert hash(before) == fingerprint
            assert list(before.bookings) == held
            assert before == attrs.evolve(before)
            if asks:
                self.confirm(error)
            return error
        event(f"{step}: accepted")
        return outcome

    def confirm(self, error: TelecentreError) -> None:
        """Check by brute force that a booking refusal names a rule the request broke."""
        network = self.network
        if isinstance(error, OverCapacity):
            span = T(error.time) if "-" in error.time else None
            held = [b for b in self.model if (b.centre, b.day) == (error.centre_id, error.day)]
            seats = network.centre(error.centre_id).seats_on(error.day)
            assert span is not None
            assert most_held(held, within=span) >= seats
        elif isinstance(error, MemberDoubleBooked):
            span = T(error.time)
            assert any(
                b.member == error.member_id and b.day == error.day and b.time.overlaps(span)
                for b in self.model
            )
        elif isinstance(error, CentreClosedOn):
            assert not network.opening_on(error.centre_id, error.day).is_open
        elif isinstance(error, OutsideOpeningHours) and error.unit is None:
            assert not network.opening_on(error.centre_id, error.day).allows(T(error.time))
        elif isinstance(error, BookingTimeSkipped):
            assert not local_time_exists(error.day, error.skipped, network.timezone)
        elif isinstance(error, NotAMember):
            assert network.membership_on(error.member_id, error.on) is None
        elif isinstance(error, BookingsRemain):
            assert error.count > 0

    def added(self, network: Network, booked: list[Booking]) -> None:
        self.network = network
        self.model.extend(booked)

    # -- bookings -----------------------------------------------------------------------

    def book_one(
        self, step: str, member: str, centre: str, day: dt.date, what: str | TimeRange
    ) -> Booking | None:
        unit, time = (what, None) if isinstance(what, str) else (None, what)
        asked = self.network.check_booking(member, centre, day, unit, time=time)
        outcome = self.attempt(
            step, lambda n: n.book(member, centre, day, unit, time=time), asks=True
        )
        if isinstance(outcome, TelecentreError):
            assert type(asked) is type(outcome)
            return None
        assert asked is None
        (new,) = set(outcome.bookings_of(member, day)) - set(self.network.bookings_of(member, day))
        assert (new.unit, new.centre) == (unit, centre)
        self.added(outcome, [new])
        return new

    @rule(target=bookings, member=MEMBERS, centre=CENTRES, day=DAYS, unit=UNITS)
    def book_a_unit(self, member: str, centre: str, day: dt.date, unit: str) -> Any:
        new = self.book_one("book a unit", member, centre, day, unit)
        return multiple() if new is None else new

    @rule(target=bookings, member=MEMBERS, centre=CENTRES, day=DAYS, span=SPANS)
    def book_an_interval(self, member: str, centre: str, day: dt.date, span: TimeRange) -> Any:
        new = self.book_one("book an interval", member, centre, day, span)
        return multiple() if new is None else new

    @rule(
        target=bookings,
        members=st.lists(MEMBERS, min_size=2, max_size=8),
        centre=CENTRES,
        day=DAYS,
        spans=st.lists(UNITS | SPANS, min_size=1, max_size=3),
    )
    def a_crowd_books_one_place(
        self, members: list[str], centre: str, day: dt.date, spans: list[str | TimeRange]
    ) -> Any:
        # Many at one centre on one day, for a few spans: seats run out, members collide.
        booked = [
            self.book_one("a crowd books", member, centre, day, spans[index % len(spans)])
            for index, member in enumerate(members)
        ]
        return multiple(*(booking for booking in booked if booking is not None))

    @rule(
        target=bookings,
        member=MEMBERS,
        centre=CENTRES,
        first=DAYS,
        weeks=st.integers(min_value=1, max_value=4),
        what=UNITS | SPANS,
        mode=st.sampled_from(list(SeriesMode)),
        skip=st.booleans(),
    )
    def book_a_series(
        self,
        member: str,
        centre: str,
        first: dt.date,
        weeks: int,
        what: str | TimeRange,
        mode: SeriesMode,
        skip: bool,
    ) -> Any:
        unit, time = (what, None) if isinstance(what, str) else (None, what)
        until = first + dt.timedelta(weeks=weeks)

        def series(network: Network) -> Any:
            return network.book_series(
                member, centre, first, until, unit, time=time, mode=mode,
                skip_closed_days=skip, series="serie",
            )  # fmt: skip

        outcome = self.attempt("book a series", series)
        if isinstance(outcome, TelecentreError):
            assert isinstance(outcome, SeriesRefused)
            assert mode is SeriesMode.ALL_OR_NOTHING
            for _, error in outcome.refusals:
                self.confirm(error)
            return multiple()
        assert len(outcome.booked) + len(outcome.refused) + len(outcome.skipped) == weeks + 1
        assert not (skip and any(isinstance(e, CentreClosedOn) for _, e in outcome.refused))
        if mode is SeriesMode.ALL_OR_NOTHING:
            assert outcome.refused == ()
        self.added(outcome.network, list(outcome.booked))
        return multiple(*outcome.booked)

    @rule(booking=consumes(bookings))
    def cancel(self, booking: Booking) -> None:
        outcome = self.attempt("cancel", lambda n: n.cancel_booking(booking))
        if booking not in self.model:  # cancelled already, as a booking asked by its fields
            assert isinstance(outcome, BookingNotFound)
            return
        assert not isinstance(outcome, TelecentreError), outcome
        self.model.remove(booking)
        self.network = outcome

    @rule(member=MEMBERS, centre=CENTRES, day=DAYS, span=SPANS)
    def cancel_what_is_not_held(
        self, member: str, centre: str, day: dt.date, span: TimeRange
    ) -> None:
        ghost = Booking(member=member, centre=centre, day=day, time=span)
        outcome = self.attempt("cancel a ghost", lambda n: n.cancel_booking(ghost))
        if ghost in self.model:
            self.model.remove(ghost)
            self.network = outcome
        else:
            assert isinstance(outcome, BookingNotFound)

    # -- changes the bookings must survive -----------------------------------------------------

    @rule(
        centre=CENTRES,
        since=DAYS | LATE_DAYS,
        count=st.integers(min_value=1, max_value=7) | st.just(0),
    )
    def change_seats(self, centre: str, since: dt.date, count: int) -> None:
        outcome = self.attempt("change seats", lambda n: n.change_seats(centre, since, count))
        if isinstance(outcome, OverCapacity):
            after = [b for b in self.model if b.centre == centre and b.day >= since]
            days = {b.day for b in after}
            assert any(most_held([b for b in after if b.day == d]) > count for d in days)
        elif not isinstance(outcome, TelecentreError):
            self.network = outcome

    @rule(centre=CENTRES, on=LATE_DAYS)
    def close_centre(self, centre: str, on: dt.date) -> None:
        remain = [b for b in self.model if b.centre == centre and b.day >= on]
        outcome = self.attempt("close", lambda n: n.close_centre(centre, on))
        if isinstance(outcome, BookingsRemain):
            assert outcome.count == len(remain)
        elif not isinstance(outcome, TelecentreError):
            assert remain == []
            self.network = outcome

    @rule(member=MEMBERS, on=LATE_DAYS)
    def leave(self, member: str, on: dt.date) -> None:
        outcome = self.attempt("leave", lambda n: n.leave(member, on))
        if not isinstance(outcome, TelecentreError):
            assert all(b.day < on for b in self.model if b.member == member)
            self.network = outcome

    @rule(centre=CENTRES, hours=st.none() | weekly_hours())
    def set_a_centre_s_hours(self, centre: str, hours: WeeklyHours | None) -> None:
        new = attrs.evolve(self.network.centre(centre), hours=hours)
        policy = self.network.policy
        stranded = [
            b
            for b in self.model
            if b.centre == centre
            and not new.opening_on(b.day, policy.opening_hours, policy.open_on_holidays).allows(
                b.time
            )
        ]
        outcome = self.attempt("set hours", lambda n: n.set_hours(centre, hours))
        assert isinstance(outcome, TelecentreError) == bool(stranded)
        if not stranded:
            assert self.network.centre(centre).hours != hours or outcome.centre(centre) == new
            self.network = outcome

    @rule(centre=CENTRES, closure=closures(D(2011, 12, 20), D(2012, 1, 15)))
    def add_a_closure(self, centre: str, closure: Closure) -> None:
        covered = [b for b in self.model if b.centre == centre and closure.covers(b.day)]
        outcome = self.attempt("add a closure", lambda n: n.add_closure(centre, closure))
        if covered:
            assert isinstance(outcome, BookingsRemain)
            assert outcome.count == len(covered)
        else:
            assert not isinstance(outcome, TelecentreError), outcome
            assert closure in outcome.centre(centre).closures
            self.network = outcome

    @rule(holidays=st.lists(st.sampled_from(["easter-monday", "pentecost-monday"]), unique=True))
    def keep_open_on(self, holidays: list[str]) -> None:
        policy = attrs.evolve(self.network.policy, open_on_holidays=holidays)
        outcome = self.attempt("holidays", lambda n: n.with_policy(policy))
        stranded = [
            b
            for b in self.model
            if not self.network.centre(b.centre)
            .opening_on(b.day, policy.opening_hours, holidays)
            .is_open
        ]
        assert isinstance(outcome, TelecentreError) == bool(stranded)
        if not stranded:
            self.network = outcome

    # -- after every step ----------------------------------------------------------------

    def places(self) -> dict[tuple[str, dt.date], list[Booking]]:
        found: dict[tuple[str, dt.date], list[Booking]] = {}
        for booking in self.model:
            found.setdefault((booking.centre, booking.day), []).append(booking)
        return found

    @invariant()
    def no_moment_is_over_capacity(self) -> None:
        for (centre, day), held in self.places().items():
            assert most_held(held) <= self.network.centre(centre).seats_on(day), (centre, day)

    @invariant()
    def no_member_is_in_two_places_at_once(self) -> None:
        by_member: dict[tuple[str, dt.date], list[Booking]] = {}
        for booking in self.model:
            by_member.setdefault((booking.member, booking.day), []).append(booking)
        for key, held in by_member.items():
            assert most_held(held) <= 1, key

    @invariant()
    def every_booking_lies_in_its_centre_s_opening(self) -> None:
        for booking in self.model:
            opening = self.network.opening_on(booking.centre, booking.day)
            assert opening.is_open
            assert opening.allows(booking.time)
            assert self.network.membership_on(booking.member, booking.day) is not None

    @invariant()
    def the_ledger_s_indexes_hold_the_bookings_of_the_model(self) -> None:
        ledger = self.network.bookings
        assert len(ledger) == len(self.model)
        assert list(ledger) == sorted(self.model, key=Booking.sort_key)
        assert ledger == Ledger(self.model)
        for (centre, day), held in self.places().items():
            assert ledger.at(centre, day) == tuple(sorted(held, key=Booking.sort_key))
        for member in {b.member for b in self.model}:
            mine = [b for b in self.model if b.member == member]
            assert set(ledger.of_member(member)) == set(mine)
            for day in {b.day for b in mine}:
                assert set(ledger.of_member(member, day)) == {b for b in mine if b.day == day}
        assert ledger.centres() == tuple(sorted({b.centre for b in self.model}))
        assert ledger.members() == tuple(sorted({b.member for b in self.model}))

    @invariant()
    def free_seats_are_the_seats_less_the_most_held_at_once(self) -> None:
        for (centre, day), held in self.places().items():
            opening = self.network.opening_on(centre, day)
            seats = self.network.centre(centre).seats_on(day)
            for unit in self.network.policy.units:
                span = opening.span_within(unit.window)
                free = self.network.free_seats(centre, day, unit.slug)
                if span is None or not all(
                    local_time_exists(day, t, self.network.timezone)
                    for t in (span.start, span.end)
                    if t != END_OF_DAY
                ):
                    assert free == 0
                else:
                    assert free == max(0, seats - most_held(held, within=span))

    @precondition(lambda self: bool(self.model))
    @invariant()
    def the_ledger_reloads_as_it_is(self) -> None:
        # Every few steps is enough: the file check agrees with the requests.
        if len(self.model) % 5 == 0:
            assert attrs.evolve(self.network) == self.network


BookingMachine.TestCase.settings = settings(
    stateful_step_count=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_booking_state_machine = BookingMachine.TestCase
