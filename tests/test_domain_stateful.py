"""The whole domain under random operations, in any order.

One state machine drives a small network through every kind of change the
library offers: centres (seats, closing), people (members, joining, tier
changes, leaving, passes), bookings (by unit, by time, recurring, cancelled),
the programme (activities, registrations, cancellations, attendance),
funding (funders, contributions, costs), billing runs, funding reports, and
dump then load. Arguments are drawn freely, so many steps are refused.

After every step:

- every rule holds: the network rebuilt from its fields, with every rule
  checked from scratch, is accepted and equal;
- no moment of any centre has more bookings than seats, and no member is in
  two places at once (recounted by brute force from the ledger);
- a refused step raised a :class:`~telecentre_core.TelecentreError` and
  changed nothing;
- money is conserved to the cent: a bill is the sum of its lines, per member
  and per payer; a funding report's centres and unallocated part add up to
  the contributions;
- dumping then loading, in TOML and JSON, gives back an equal network.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import telecentre_core as tc
from telecentre_core.money import total

FIRST = dt.date(2011, 1, 3)  # a Monday
DAYS = st.dates(FIRST - dt.timedelta(days=30), FIRST + dt.timedelta(days=120))
MONTHS = st.sampled_from([(2010, 12), (2011, 1), (2011, 2), (2011, 3), (2011, 4)])
MEMBERS = st.sampled_from(("anne", "bruno", "chloe", "denis", "nobody"))
CENTRES = st.sampled_from(("murat", "ydes", "nowhere"))
UNITS = st.sampled_from(("morning", "afternoon", "day", "evening"))
TIMES = st.sampled_from(("09:00-10:00", "10:00-12:00", "11:30-14:00", "17:00-19:00", "08:00-09:30"))


def _centre(centre_id: str, insee: str, seats: int, opens: dt.date) -> tc.Centre:
    return tc.Centre(
        id=centre_id,
        name=centre_id.title(),
        commune=tc.Commune(name=centre_id.title(), insee=insee, postcode="15300"),
        location=tc.Point(lat=45.11, lon=2.87),
        seats=[tc.SeatChange(since=opens, count=seats)],
        lifecycle=tc.Lifecycle(opens=opens),
        specialisations=[tc.Holding(slug="sante-travail")] if centre_id == "murat" else [],
    )


START = tc.Network(
    name="Essai",
    territory=tc.Territory(code="15", name="Cantal"),
    policy=tc.Policy(
        tiers=[tc.Tier(slug="standard", name="Standard", monthly_fee=tc.Money.of(60))],
        passes=[tc.PassPrice(kind=tc.PassKind.DAY, price=tc.Money.of("20.00"))],
        free_period=tc.FreePeriod(months=1),
    ),
    specialisations=[tc.Specialisation(slug="sante-travail", label="Santé & travail")],
    centres=[
        _centre("murat", "15138", 2, dt.date(2010, 1, 4)),
        _centre("ydes", "15265", 1, dt.date(2011, 2, 1)),
    ],
    members=[
        tc.Member(id="anne", name="Anne", kind=tc.MemberKind.INDEPENDENT),
        tc.Member(id="bruno", name="Bruno", kind=tc.MemberKind.INDEPENDENT),
        tc.Member(id="chloe", name="Chloé", kind=tc.MemberKind.NOMADIC),
    ],
    memberships=[
        tc.Membership(member="anne", joined=dt.date(2010, 6, 1), centre="murat", tier="standard"),
        tc.Membership(member="bruno", joined=dt.date(2010, 9, 1), centre="murat", tier="standard"),
    ],
    funders=[
        tc.Funder(id="cg15", name="Conseil Général du Cantal", kind=tc.FunderKind.DEPARTEMENT)
    ],
)


def _ledger_is_sound(network: tc.Network) -> None:
    """No moment over capacity, no member in two places: recounted from every booking."""
    bookings = list(network.bookings)
    places: dict[tuple[str, dt.date], list[tc.Booking]] = {}
    people: dict[tuple[str, dt.date], list[tc.Booking]] = {}
    for booking in bookings:
        places.setdefault((booking.centre, booking.day), []).append(booking)
        people.setdefault((booking.member, booking.day), []).append(booking)
    for (centre_id, day), here in places.items():
        seats = network.centre(centre_id).seats_on(day)
        for booking in here:
            moment = booking.time.start
            held = sum(1 for other in here if other.time.start <= moment < other.time.end)
            assert held <= seats, f"{held} bookings for {seats} seats at {centre_id} {day}"
    for mine in people.values():
        for index, booking in enumerate(mine):
            assert not any(booking.time.overlaps(other.time) for other in mine[index + 1 :])


class WholeDomain(RuleBasedStateMachine):
    """Random steps over every part of a network; see the module's docstring."""

    def __init__(self) -> None:
        super().__init__()
        self.network = START
        self.activities = 0

    def attempt(self, step: Callable[[tc.Network], tc.Network], label: str) -> None:
        """Apply ``step``: the new network if accepted; if refused, nothing changed."""
        before = self.network
        snapshot = tc.dumps_network(before, format="json")
        try:
            after = step(before)
        except tc.TelecentreError as error:
            event(f"{label}: refused ({type(error).__name__})")
            # Networks are immutable: a refusal must not have touched what they share either.
            assert tc.dumps_network(before, format="json") == snapshot
            return
        event(f"{label}: accepted")
        self.network = after

    # -- centres -----------------------------------------------------------------

    @rule(centre=CENTRES, since=DAYS, count=st.integers(1, 4))
    def change_seats(self, centre: str, since: dt.date, count: int) -> None:
        self.attempt(lambda n: n.change_seats(centre, since, count), "change seats")

    @rule(centre=CENTRES, on=DAYS)
    def close_centre(self, centre: str, on: dt.date) -> None:
        self.attempt(lambda n: n.close_centre(centre, on), "close a centre")

    # -- people --------------------------------------------------------------------

    @rule(member=MEMBERS)
    def add_member(self, member: str) -> None:
        person = tc.Member(id=member, name=member.title(), kind=tc.MemberKind.INDEPENDENT)
        self.attempt(lambda n: n.add_member(person), "add a member")

    @rule(member=MEMBERS, on=DAYS, centre=CENTRES)
    def join(self, member: str, on: dt.date, centre: str) -> None:
        self.attempt(lambda n: n.join(member, on, centre, "standard"), "join")

    @rule(member=MEMBERS, on=DAYS)
    def leave(self, member: str, on: dt.date) -> None:
        self.attempt(lambda n: n.leave(member, on), "leave")

    @rule(member=MEMBERS, on=DAYS, centre=CENTRES)
    def use_pass(self, member: str, on: dt.date, centre: str) -> None:
        self.attempt(lambda n: n.use_pass(member, tc.PassKind.DAY, on, centre), "use a pass")

    # -- bookings ------------------------------------------------------------------

    @rule(member=MEMBERS, centre=CENTRES, day=DAYS, unit=UNITS)
    def book_unit(self, member: str, centre: str, day: dt.date, unit: str) -> None:
        self.attempt(lambda n: n.book(member, centre, day, unit), "book a unit")

    @rule(member=MEMBERS, centre=CENTRES, day=DAYS, time=TIMES)
    def book_time(self, member: str, centre: str, day: dt.date, time: str) -> None:
        self.attempt(lambda n: n.book(member, centre, day, time=time), "book a time")

    @rule(
        member=MEMBERS,
        centre=CENTRES,
        first=DAYS,
        weeks=st.integers(0, 6),
        mode=st.sampled_from(list(tc.SeriesMode)),
    )
    def book_series(
        self, member: str, centre: str, first: dt.date, weeks: int, mode: tc.SeriesMode
    ) -> None:
        until = first + dt.timedelta(weeks=weeks)

        def step(network: tc.Network) -> tc.Network:
            result = network.book_series(member, centre, first, until, "morning", mode=mode)
            booked = set(result.booked)
            assert booked <= set(result.network.bookings)
            assert len(result.network.bookings) == len(network.bookings) + len(booked)
            return result.network

        self.attempt(step, "book a series")

    @precondition(lambda self: len(self.network.bookings) > 0)
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        booking = data.draw(st.sampled_from(list(self.network.bookings)))
        count = len(self.network.bookings)
        self.attempt(lambda n: n.cancel_booking(booking), "cancel")
        assert booking not in self.network.bookings
        assert len(self.network.bookings) == count - 1

    # -- the programme -------------------------------------------------------------

    @rule(centre=CENTRES, day=DAYS, places=st.integers(1, 3), theme=st.booleans())
    def schedule(self, centre: str, day: dt.date, places: int, theme: bool) -> None:
        self.activities += 1
        activity = tc.Activity(
            id=f"a{self.activities}",
            kind=tc.ActivityKind.TRAINING,
            title="Atelier",
            theme="sante-travail" if theme else None,
            centre=centre,
            day=day,
            starts=dt.time(14),
            ends=dt.time(16),
            places=places,
            price=tc.Money.of(5),
        )
        self.attempt(lambda n: n.schedule(activity), "schedule")

    @precondition(lambda self: len(self.network.programme.activities) > 0)
    @rule(data=st.data(), member=MEMBERS, on=DAYS)
    def register(self, data: st.DataObject, member: str, on: dt.date) -> None:
        activity = data.draw(st.sampled_from(self.network.programme.activities))
        self.attempt(lambda n: n.register(activity.id, member, on), "register")

    @precondition(lambda self: len(self.network.programme.activities) > 0)
    @rule(data=st.data(), member=MEMBERS, present=st.booleans())
    def attend(self, data: st.DataObject, member: str, present: bool) -> None:
        activity = data.draw(st.sampled_from(self.network.programme.activities))
        self.attempt(lambda n: n.record_attendance(activity.id, member, present), "attend")

    # -- funding -------------------------------------------------------------------

    @rule(
        cents=st.integers(1, 10_000_000),
        year=st.integers(2009, 2012),
        centre=st.none() | CENTRES,
        funder=st.sampled_from(("cg15", "unknown")),
    )
    def contribute(self, cents: int, year: int, centre: str | None, funder: str) -> None:
        contribution = tc.Contribution(
            funder=funder,
            centre=centre,
            category=tc.CostCategory.ANIMATION,
            amount=tc.Money.of(Decimal(cents).scaleb(-2)),
            on=dt.date(year, 6, 1),
        )
        self.attempt(lambda n: n.add_contribution(contribution), "contribute")

    @rule(cents=st.integers(1, 10_000_000), year=st.integers(2009, 2012))
    def cost(self, cents: int, year: int) -> None:
        cost = tc.Cost(
            category=tc.CostCategory.OPERATING,
            amount=tc.Money.of(Decimal(cents).scaleb(-2)),
            on=dt.date(year, 3, 1),
        )
        self.attempt(lambda n: n.add_cost(cost), "cost")

    # -- reports: money is conserved to the cent ----------------------------------------

    @rule(month=MONTHS)
    def bill(self, month: tuple[int, int]) -> None:
        bill = tc.bill_month(self.network, *month)
        assert bill.total == total(line.amount for line in bill.lines)
        assert total(bill.by_member().values()) == bill.total
        assert total(bill.by_payer().values()) == bill.total
        assert total(bill.by_reason().values()) == bill.total
        assert all(not line.amount.is_negative() for line in bill.lines)

    @rule(year=st.integers(2010, 2012))
    def funding(self, year: int) -> None:
        balance = tc.funding_balance(self.network, year)
        shares = total(centre.total for centre in balance.centres) + balance.unallocated
        assert shares == balance.contributions
        assert balance.contributions + balance.member_revenue - balance.costs == balance.balance

    @rule(month=MONTHS)
    def occupancy(self, month: tuple[int, int]) -> None:
        year, number = month
        start = dt.date(year, number, 1)
        end = dt.date(year + number // 12, number % 12 + 1, 1)
        found = tc.occupancy(self.network, start, end)
        booked_in_month = [b for b in self.network.bookings if start <= b.day < end]
        assert found.bookings == len(booked_in_month)
        assert found.seat_hours_booked <= found.seat_hours_open

    @rule(format=st.sampled_from(("toml", "json")))
    def dump_and_load(self, format: str) -> None:
        text = tc.dumps_network(self.network, format=format)  # type: ignore[arg-type]
        assert tc.loads_network(text, format=format) == self.network  # type: ignore[arg-type]

    # -- after every step ---------------------------------------------------------------

    @invariant()
    def every_rule_holds(self) -> None:
        fields = {
            field.name: getattr(self.network, field.name)
            for field in attrs.fields(tc.Network)
            if field.init
        }
        fields["bookings"] = tuple(self.network.bookings)  # checked from scratch
        assert tc.Network(**fields) == self.network

    @invariant()
    def the_ledger_is_sound(self) -> None:
        _ledger_is_sound(self.network)
        by_centre = Counter(booking.centre for booking in self.network.bookings)
        for centre_id, count in by_centre.items():
            assert len(self.network.bookings.at_centre(centre_id)) == count


# A quarter of the profile's examples (15 under CI, 500 under HYPOTHESIS_PROFILE=thorough), 30
# steps each: every step runs every check above.
WholeDomain.TestCase.settings = settings(
    max_examples=max(10, settings().max_examples // 4),
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_the_whole_domain_keeps_its_rules = WholeDomain.TestCase
