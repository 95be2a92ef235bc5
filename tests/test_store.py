"""The network's version and the store that refuses a change made on an old version."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Callable

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import telecentre_core as tc
from telecentre_core import (
    InvalidValue,
    MemberDoubleBooked,
    Network,
    NetworkStore,
    OverCapacity,
    RuleViolation,
    StaleVersion,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.testing import networks

REFERENCE = cybercantal()
# Tuesdays of March 2013 at Murat: open, 6 seats, and no booking yet.
DAY = dt.date(2013, 3, 5)
DAYS = tuple(DAY + dt.timedelta(weeks=week) for week in range(4))
CENTRE = "murat"
UNIT = "morning"
SEATS = REFERENCE.free_seats(CENTRE, DAY, UNIT)
# Members in force then, with no booking that day.
FREE_MEMBERS = tuple(
    member.id for member in REFERENCE.members_on(DAY) if not REFERENCE.bookings_of(member.id, DAY)
)


def _book(member_id: str, day: dt.date = DAY) -> Callable[[Network], Network]:
    return lambda network: network.book(member_id, CENTRE, day, UNIT)


def test_the_reference_day_has_more_free_members_than_seats() -> None:
    assert SEATS == 6
    assert len(FREE_MEMBERS) > SEATS + 2


# -- the version --------------------------------------------------------------------


def test_a_network_built_or_loaded_is_at_version_0() -> None:
    assert REFERENCE.version == 0
    assert tc.loads_network(tc.dumps_network(REFERENCE), format="toml").version == 0


CHANGES: list[tuple[str, Callable[[Network], Network]]] = [
    ("book", _book("m01")),
    ("change_seats", lambda n: n.change_seats(CENTRE, dt.date(2014, 1, 1), 5)),
    ("close_centre", lambda n: n.close_centre("montmurat", dt.date(2014, 1, 1))),
    ("with_policy", lambda n: n.with_policy(attrs.evolve(n.policy, regular_use=2))),
    (
        "add_member",
        lambda n: n.add_member(tc.Member(id="zoe", name="Zoé", kind=tc.MemberKind.INDEPENDENT)),
    ),
    ("change_tier", lambda n: n.change_tier("m01", dt.date(2013, 6, 3), "standard")),
    ("forget_member", lambda n: n.forget_member("m30")),
    (
        "cancel_booking",
        lambda n: n.cancel_booking(n.bookings_of("m01", dt.date(2012, 12, 31))[0]),
    ),
]


@pytest.mark.parametrize(("name", "change"), CHANGES, ids=[name for name, _ in CHANGES])
def test_every_change_returns_a_network_one_version_on(
    name: str, change: Callable[[Network], Network]
) -> None:
    before = attrs.evolve(REFERENCE, version=7)
    assert change(before).version == 8


def test_a_series_of_bookings_moves_the_version_on_once_per_booking() -> None:
    result = REFERENCE.book_series("m01", CENTRE, DAY, DAYS[-1], UNIT)
    assert len(result.booked) == len(DAYS)
    assert result.network.version == len(DAYS)


def test_a_refused_change_leaves_the_version_as_it_was() -> None:
    network = attrs.evolve(REFERENCE, version=3)
    with pytest.raises(RuleViolation):
        network.close_centre(CENTRE, dt.date(2012, 1, 2))
    assert network.version == 3


def test_the_version_takes_no_part_in_equality_or_hash() -> None:
    later = attrs.evolve(REFERENCE, version=12)
    assert later == REFERENCE
    assert hash(later) == hash(REFERENCE)
    assert _book("m01")(REFERENCE) == _book("m01")(later)


def test_a_negative_version_is_refused() -> None:
    with pytest.raises(InvalidValue, match="version"):
        attrs.evolve(REFERENCE, version=-1)


@pytest.mark.parametrize("format", ["toml", "json"])
def test_the_version_is_written_second_and_read_back(format: str) -> None:
    network = _book("m01")(REFERENCE)
    text = tc.dumps_network(network, format=format)  # type: ignore[arg-type]
    document = tc.io.to_document(network, format)  # type: ignore[arg-type]
    assert list(document)[:2] == ["schema_version", "version"]
    assert tc.loads_network(text, format=format).version == 1  # type: ignore[arg-type]


def test_a_file_without_a_version_is_at_version_0() -> None:
    document = json.loads(tc.dumps_network(_book("m01")(REFERENCE), format="json"))
    del document["version"]
    assert tc.loads_network(json.dumps(document), format="json").version == 0


@pytest.mark.parametrize(
    ("value", "message"), [(-1, "must be at least 0"), ("3", "must be a whole number")]
)
def test_a_bad_version_in_a_file_is_reported_at_its_key(value: object, message: str) -> None:
    document = json.loads(tc.dumps_network(REFERENCE, format="json"))
    document["version"] = value
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [problem.path for problem in caught.value.problems] == ["version"]
    assert message in str(caught.value)


@settings(max_examples=25)
@given(network=networks(max_centres=3, max_members=3), version=st.integers(0, 10**6))
def test_any_network_keeps_its_version_through_a_file(network: Network, version: int) -> None:
    network = attrs.evolve(network, version=version)
    for format in ("toml", "json"):
        text = tc.dumps_network(network, format=format)  # type: ignore[arg-type]
        again = tc.loads_network(text, format=format)  # type: ignore[arg-type]
        assert again == network
        assert again.version == version


# -- saving -----------------------------------------------------------------------


def test_two_front_ends_booking_the_last_seat_from_one_version_book_it_once() -> None:
    network = REFERENCE
    for member in FREE_MEMBERS[: SEATS - 1]:
        network = _book(member)(network)
    store = NetworkStore(network)
    first, second = store.get(), store.get()
    store.save(_book(FREE_MEMBERS[-1])(first), expected_version=first.version)
    with pytest.raises(StaleVersion) as caught:
        store.save(_book(FREE_MEMBERS[-2])(second), expected_version=second.version)
    assert (caught.value.expected, caught.value.actual) == (SEATS - 1, SEATS)
    assert "read it again and retry" in str(caught.value)
    assert len(store.get().bookings_at(CENTRE, DAY)) == SEATS
    # Read again, the second front end sees the seat taken.
    with pytest.raises(OverCapacity):
        _book(FREE_MEMBERS[-2])(store.get())


def test_without_the_store_the_last_write_silently_drops_a_booking() -> None:
    # What the store prevents: each front end's network accepts its own booking.
    first = _book(FREE_MEMBERS[0])(REFERENCE)
    second = _book(FREE_MEMBERS[1])(REFERENCE)
    assert len(second.bookings_at(CENTRE, DAY)) == 1
    assert first.version == second.version == 1


def test_saving_a_network_not_newer_than_the_expected_version_is_refused() -> None:
    store = NetworkStore(_book("m01")(REFERENCE))
    with pytest.raises(InvalidValue, match="must be above 1"):
        store.save(REFERENCE, expected_version=1)
    assert store.version == 1


def test_saving_the_current_network_itself_changes_nothing() -> None:
    store = NetworkStore(REFERENCE)
    assert store.save(REFERENCE, expected_version=0) is REFERENCE
    assert store.get() is REFERENCE


def test_update_applies_the_change_to_the_current_network() -> None:
    store = NetworkStore(REFERENCE)
    store.update(_book(FREE_MEMBERS[0]))
    changed = store.update(_book(FREE_MEMBERS[1]), expected_version=1)
    assert changed is store.get()
    assert changed.version == 2
    assert {b.member for b in changed.bookings_at(CENTRE, DAY)} == set(FREE_MEMBERS[:2])


def test_update_with_an_expected_version_that_moved_on_is_refused_without_running() -> None:
    store = NetworkStore(_book(FREE_MEMBERS[0])(REFERENCE))
    ran: list[int] = []

    def change(network: Network) -> Network:
        ran.append(network.version)
        return network

    with pytest.raises(StaleVersion):
        store.update(change, expected_version=0)
    assert ran == []


def test_update_retries_a_change_another_one_overtook() -> None:
    store = NetworkStore(REFERENCE)
    seen: list[int] = []

    def change(network: Network) -> Network:
        seen.append(network.version)
        if len(seen) == 1:  # another front end saves while this change is computed
            store.update(_book(FREE_MEMBERS[1]))
        return _book(FREE_MEMBERS[0])(network)

    assert store.update(change).version == 2
    assert seen == [0, 1]


def test_update_with_an_expected_version_does_not_retry() -> None:
    store = NetworkStore(REFERENCE)

    def change(network: Network) -> Network:
        store.update(_book(FREE_MEMBERS[1]))
        return _book(FREE_MEMBERS[0])(network)

    with pytest.raises(StaleVersion):
        store.update(change, expected_version=0)
    assert store.version == 1


def test_update_gives_up_after_its_attempts() -> None:
    store = NetworkStore(REFERENCE)
    calls: list[int] = []

    def change(network: Network) -> Network:
        calls.append(network.version)
        other = tc.Member(id=f"x{len(calls)}", name="X", kind=tc.MemberKind.NOMADIC)
        store.update(lambda n: n.add_member(other))
        return _book(FREE_MEMBERS[0])(network)

    with pytest.raises(StaleVersion):
        store.update(change, attempts=3)
    assert calls == [0, 1, 2]
    assert not store.get().bookings_of(FREE_MEMBERS[0], DAY)


def test_update_raises_the_rule_a_change_breaks_and_saves_nothing() -> None:
    store = NetworkStore(REFERENCE)
    store.update(_book(FREE_MEMBERS[0]))
    with pytest.raises(MemberDoubleBooked):
        store.update(_book(FREE_MEMBERS[0]))
    assert store.version == 1


def test_update_needs_one_attempt_at_least() -> None:
    with pytest.raises(InvalidValue, match="attempts"):
        NetworkStore(REFERENCE).update(_book("m01"), attempts=0)


# -- many front ends at once ----------------------------------------------------------


THREADS = 8


def test_eight_threads_booking_the_same_seats_never_book_more_than_the_seats() -> None:
    store = NetworkStore(REFERENCE)
    start = threading.Barrier(THREADS)
    outcomes: list[Counter[str]] = [Counter() for _ in range(THREADS)]
    unexpected: list[BaseException] = []

    def front_end(index: int) -> None:
        member = FREE_MEMBERS[index]
        start.wait()
        try:
            for day in DAYS:
                while True:  # a person retrying until booked or told it is full
                    seen = store.get()
                    try:
                        store.save(_book(member, day)(seen), expected_version=seen.version)
                    except StaleVersion:
                        outcomes[index]["stale"] += 1
                        continue
                    except OverCapacity:
                        outcomes[index]["full"] += 1
                    else:
                        outcomes[index]["booked"] += 1
                    break
        except BaseException as error:  # pragma: no cover - reported below
            unexpected.append(error)

    threads = [threading.Thread(target=front_end, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert unexpected == []
    network = store.get()
    for day in DAYS:
        assert len(network.bookings_at(CENTRE, day)) == SEATS
        assert network.free_seats(CENTRE, day, UNIT) == 0
    total = sum(outcomes, Counter())
    assert total["booked"] == SEATS * len(DAYS)
    assert total["full"] == (THREADS - SEATS) * len(DAYS)
    assert network.version == SEATS * len(DAYS)
    # The whole ledger still obeys every rule, checked from scratch.
    attrs.evolve(network, version=0)


def test_eight_threads_updating_at_once_lose_no_booking() -> None:
    store = NetworkStore(REFERENCE)
    start = threading.Barrier(THREADS)
    refusals: list[BaseException] = []

    def front_end(index: int) -> None:
        start.wait()
        try:
            store.update(_book(FREE_MEMBERS[index]), attempts=100)
        except (OverCapacity, StaleVersion) as refusal:
            refusals.append(refusal)

    threads = [threading.Thread(target=front_end, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    booked = store.get().bookings_at(CENTRE, DAY)
    assert len(booked) == SEATS
    assert all(isinstance(refusal, OverCapacity) for refusal in refusals)
    assert len(refusals) == THREADS - SEATS


# -- any interleaving of front ends ------------------------------------------------------


FRONT_ENDS = st.integers(min_value=0, max_value=2)
MEMBERS = st.sampled_from(FREE_MEMBERS[: SEATS + 2])


class FrontEnds(RuleBasedStateMachine):
    """Three front ends read, book and cancel one morning's seats in any order."""

    def __init__(self) -> None:
        super().__init__()
        self.store = NetworkStore(REFERENCE)
        self.seen = [REFERENCE, REFERENCE, REFERENCE]
        self.booked: set[str] = set()
        self.last_version = 0

    @rule(front=FRONT_ENDS)
    def read(self, front: int) -> None:
        self.seen[front] = self.store.get()

    @rule(front=FRONT_ENDS, member=MEMBERS)
    def book(self, front: int, member: str) -> None:
        seen = self.seen[front]
        try:
            changed = _book(member)(seen)
        except (OverCapacity, MemberDoubleBooked):
            return
        self._save(front, changed, added=member)

    @precondition(lambda self: any(self.store.get().bookings_at(CENTRE, DAY)))
    @rule(front=FRONT_ENDS, data=st.data())
    def cancel(self, front: int, data: st.DataObject) -> None:
        seen = self.seen[front]
        held = seen.bookings_at(CENTRE, DAY)
        if not held:
            return
        booking = data.draw(st.sampled_from(held))
        self._save(front, seen.cancel_booking(booking), removed=booking.member)

    @rule(member=MEMBERS)
    def book_with_update(self, member: str) -> None:
        try:
            self.store.update(_book(member))
        except (OverCapacity, MemberDoubleBooked):
            return
        self.booked.add(member)

    def _save(
        self, front: int, changed: Network, added: str | None = None, removed: str | None = None
    ) -> None:
        seen, current = self.seen[front], self.store.get()
        if seen.version != current.version:
            with pytest.raises(StaleVersion) as caught:
                self.store.save(changed, expected_version=seen.version)
            assert (caught.value.expected, caught.value.actual) == (seen.version, current.version)
            assert self.store.get() is current
            return
        self.store.save(changed, expected_version=seen.version)
        assert seen.version == current.version
        self.seen[front] = changed
        if added is not None:
            self.booked.add(added)
        if removed is not None:
            self.booked.discard(removed)

    @invariant()
    def never_more_bookings_than_seats(self) -> None:
        held = self.store.get().bookings_at(CENTRE, DAY)
        assert len(held) <= SEATS
        assert {booking.member for booking in held} == self.booked

    @invariant()
    def the_version_only_grows(self) -> None:
        version = self.store.version
        assert version >= self.last_version
        self.last_version = version


FrontEnds.TestCase.settings = settings(max_examples=30, stateful_step_count=25)
TestFrontEnds = FrontEnds.TestCase
