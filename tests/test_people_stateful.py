"""A state machine drives a network's people API with random, sometimes invalid, steps.

Each step adds a member or a company, signs an agreement, joins, changes tier,
leaves, rejoins or uses a pass, with arguments that are often wrong (an unknown
id, a closed centre, an overlapping stint). A small model says whether the step
should succeed: a refused step must raise a ``TelecentreError`` and leave the
network as it was, an accepted one must do what it says. After every step the
network obeys every people rule, and billing keeps its promises: no negative
charge, nothing charged before the free period ends, a free period that never
restarts, and a bill that is the sum of its members' charges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

import telecentre_core as tc
from telecentre_core import testing
from telecentre_core.dates import add_months
from telecentre_core.rules import people_violations

FIRST_DAY = dt.date(1998, 1, 1)
LAST_DAY = dt.date(2030, 12, 31)
# Steps happen a little before and after the network's own dates, so that some fall
# before a centre opens or after it closes.
DAYS = st.dates(FIRST_DAY - dt.timedelta(days=400), LAST_DAY + dt.timedelta(days=400))
MONTHS = st.tuples(st.integers(FIRST_DAY.year - 1, LAST_DAY.year + 2), st.integers(1, 12))

MEMBER_IDS = st.sampled_from(("anne", "bruno", "chloe", "denis")) | testing.slugs(max_words=1)
COMPANY_IDS = st.sampled_from(("acme", "edf", "sncf")) | testing.slugs(max_words=1)
UNKNOWN = "nowhere-known"  # an id the model never gives a record

# A centre always open from 2000 on, so that joining often works.
MURAT = tc.Centre(
    id="murat",
    name="Murat",
    commune=tc.Commune(name="Murat", insee="15138", postcode="15300"),
    location=tc.Point(lat=45.11, lon=2.87),
    seats=[tc.SeatChange(since=dt.date(2000, 1, 1), count=1)],
    lifecycle=tc.Lifecycle(opens=dt.date(2000, 1, 1)),
)

# Without bookings: they would hold members back from leaving (BookingsRemain), which
# tests/test_booking_stateful.py checks.
START = testing.networks(
    min_centres=0,
    max_centres=2,
    max_specialisations=1,
    max_members=3,
    min_date=FIRST_DAY,
    max_date=LAST_DAY,
    max_bookings=0,
)


def people_rules_broken(network: tc.Network) -> list[tc.RuleViolation]:
    return people_violations(
        network.policy,
        network.centres,
        network.members,
        network.companies,
        network.prospects,
        network.agreements,
        network.memberships,
        network.pass_uses,
    )


def overlaps(
    start: dt.date, end: dt.date | None, other: dt.date, other_end: dt.date | None
) -> bool:
    return (end is None or other < end) and (other_end is None or start < other_end)


class PeopleMachine(RuleBasedStateMachine):
    members = Bundle("members")
    companies = Bundle("companies")

    def __init__(self) -> None:
        super().__init__()
        self.network = tc.Network(name="empty", territory=tc.Territory(code="15", name="Cantal"))
        # The first free_until() seen for each member: it must never change.
        self.free_untils: dict[str, dt.date] = {}
        self.months: list[tuple[int, int]] = []

    # -- the model's view of the network -------------------------------------------------

    def known_member(self, member_id: str) -> bool:
        return any(member.id == member_id for member in self.network.members)

    def open_on(self, centre_id: str, day: dt.date) -> bool:
        return any(c.id == centre_id and c.is_open_on(day) for c in self.network.centres)

    def has_tier(self, slug: str) -> bool:
        return any(tier.slug == slug for tier in self.network.policy.tiers)

    def stint_on(self, member_id: str, day: dt.date) -> tc.Membership | None:
        found = [
            stint
            for stint in self.network.memberships
            if stint.member == member_id and stint.is_active_on(day)
        ]
        assert len(found) <= 1
        return found[0] if found else None

    def pick_centre(self, data: st.DataObject) -> str:
        ids = [centre.id for centre in self.network.centres]
        return data.draw(st.sampled_from([*ids, UNKNOWN]), label="centre")

    def pick_tier(self, data: st.DataObject) -> str:
        slugs = [tier.slug for tier in self.network.policy.tiers]
        return data.draw(st.sampled_from([*slugs, UNKNOWN]), label="tier")

    def attempt(
        self, step: str, expected: bool, change: Callable[[tc.Network], tc.Network]
    ) -> bool:
        """Apply ``change``; check it succeeds exactly when ``expected`` says so."""
        # Shown by --hypothesis-show-statistics: how often each step is accepted.
        event(f"{step}: {'accepted' if expected else 'refused'}")
        before = self.network
        fingerprint = hash(before)
        refused: tc.TelecentreError | None = None
        try:
            after = change(before)
        except tc.TelecentreError as error:
            refused = error
        if refused is not None:
            # Refused: nothing changed (networks and their parts are immutable).
            assert self.network is before
            assert hash(before) == fingerprint
            assert not expected, f"refused a valid step: {refused!r}"
            return False
        assert expected, "accepted a step that breaks a rule"
        assert isinstance(after, tc.Network)
        assert after is not before
        assert hash(before) == fingerprint  # the old network is untouched
        self.network = after
        return True

    # -- the start ------------------------------------------------------------------------

    @initialize(target=members, network=START)
    def start(self, network: tc.Network) -> object:
        # A generated network (its policy has tiers), people included, plus Murat.
        assert network.policy.tiers
        if all(centre.id != MURAT.id for centre in network.centres):
            network = network.add_centre(MURAT)
        self.network = network
        return multiple(*(member.id for member in network.members))

    @precondition(lambda self: bool(self.network.companies))
    @rule(target=companies, data=st.data())
    def a_company_of_the_start(self, data: st.DataObject) -> str:
        ids = [company.id for company in self.network.companies]
        return data.draw(st.sampled_from(ids), label="company")

    # -- records --------------------------------------------------------------------------

    @rule(target=companies, company_id=COMPANY_IDS, siren=st.none() | st.just("732829320"))
    def add_company(self, company_id: str, siren: str | None) -> object:
        company = tc.Company(id=company_id, name=company_id.title(), siren=siren)
        expected = all(known.id != company_id for known in self.network.companies)
        if self.attempt("add_company", expected, lambda network: network.add_company(company)):
            assert self.network.company(company_id) == company
            return company_id
        return multiple()

    @rule(
        target=members,
        member_id=MEMBER_IDS,
        kind=st.sampled_from(tc.MemberKind),
        employer=st.sampled_from((None, None, UNKNOWN)),
        eligibility=st.lists(st.sampled_from(testing.ELIGIBILITIES), max_size=2, unique=True),
    )
    def add_member(
        self, member_id: str, kind: tc.MemberKind, employer: str | None, eligibility: list[str]
    ) -> object:
        # Often invalid: a salaried member needs an employer the network knows, the others
        # none; an id may be taken already.
        expected = (
            not self.known_member(member_id)
            and kind is not tc.MemberKind.SALARIED
            and employer is None
        )

        def add(network: tc.Network) -> tc.Network:
            member = tc.Member(
                id=member_id, name=member_id, kind=kind, employer=employer, eligibility=eligibility
            )
            return network.add_member(member)

        return member_id if self.attempt("add_member", expected, add) else multiple()

    @rule(target=members, member_id=MEMBER_IDS, company=companies)
    def add_employee(self, member_id: str, company: str) -> object:
        member = tc.Member(
            id=member_id, name=member_id, kind=tc.MemberKind.SALARIED, employer=company
        )
        expected = not self.known_member(member_id)
        return (
            member_id
            if self.attempt("add_employee", expected, lambda n: n.add_member(member))
            else multiple()
        )

    def try_sign(
        self,
        company: str,
        employees: list[str],
        tier: str,
        since: dt.date,
        until: dt.date | None,
    ) -> None:
        valid_alone = len(set(employees)) == len(employees) and (until is None or until > since)
        staff = {m.id for m in self.network.members if m.employer == company}
        expected = (
            valid_alone
            and self.has_tier(tier)
            and set(employees) <= staff
            and not any(
                overlaps(since, until, other.since, other.until)
                for other in self.network.agreements
                if set(other.employees) & set(employees)
            )
        )

        def sign(network: tc.Network) -> tc.Network:
            agreement = tc.Agreement(
                company=company, employees=employees, tier=tier, since=since, until=until
            )
            return network.sign_agreement(agreement)

        if self.attempt("sign_agreement", expected, sign):
            for employee in employees:
                paying = [a for a in self.network.agreements if a.covers(employee, since)]
                assert [(a.company, a.tier) for a in paying] == [(company, tier)]

    @precondition(lambda self: bool(self.bundle("members")))
    @rule(
        company=companies,
        employees=st.lists(members, min_size=1, max_size=3),
        since=DAYS,
        length=st.none() | st.integers(-30, 2000),
        data=st.data(),
    )
    def sign_agreement(
        self,
        company: str,
        employees: list[str],
        since: dt.date,
        length: int | None,
        data: st.DataObject,
    ) -> None:
        until = None if length is None else since + dt.timedelta(days=length)
        self.try_sign(company, employees, self.pick_tier(data), since, until)

    @rule(company=companies, data=st.data())
    def sign_for_its_own_staff(self, company: str, data: st.DataObject) -> None:
        # Mostly valid: the company's salaried members, after their last agreement ends.
        staff = [m.id for m in self.network.members if m.employer == company]
        if not staff:
            return
        employees = data.draw(
            st.lists(st.sampled_from(staff), min_size=1, max_size=len(staff), unique=True),
            label="employees",
        )
        ends = [
            other.until
            for other in self.network.agreements
            if set(other.employees) & set(employees)
        ]
        if None in ends:
            return
        start = max([FIRST_DAY, *(end for end in ends if end is not None)])
        since = data.draw(st.dates(start, start + dt.timedelta(days=1000)), label="since")
        length = data.draw(st.none() | st.integers(1, 1000), label="length")
        until = None if length is None else since + dt.timedelta(days=length)
        self.try_sign(company, employees, self.pick_tier(data), since, until)

    @rule(
        company=companies | st.just(UNKNOWN),
        stage=st.sampled_from(tc.ProspectStage),
        updated=DAYS,
    )
    def record_prospect(self, company: str, stage: tc.ProspectStage, updated: dt.date) -> None:
        prospect = tc.Prospect(company=company, stage=stage, updated=updated)
        expected = any(known.id == company for known in self.network.companies)
        if self.attempt("record_prospect", expected, lambda n: n.record_prospect(prospect)):
            latest = self.network.prospect_stage(company)
            assert latest is not None
            assert latest.updated >= updated

    # -- memberships ----------------------------------------------------------------------

    def try_join(self, step: str, member_id: str, on: dt.date, centre_id: str, tier: str) -> None:
        stints = [s for s in self.network.memberships if s.member == member_id]
        expected = (
            self.known_member(member_id)
            and self.open_on(centre_id, on)
            and self.has_tier(tier)
            # The new stint is open-ended: it meets any stint not over by then.
            and not any(overlaps(on, None, s.joined, s.left) for s in stints)
        )
        first = tc.free_until(self.network, member_id) if self.known_member(member_id) else None
        if self.attempt(step, expected, lambda n: n.join(member_id, on, centre_id, tier)):
            stint = self.network.membership_on(member_id, on)
            assert stint is not None
            assert (stint.joined, stint.centre, stint.tier) == (on, centre_id, tier)
            assert self.network.members_on(on).count(self.network.member(member_id)) == 1
            if first is not None:
                # Rejoining never restarts the free period.
                assert tc.free_until(self.network, member_id) == first
            until = tc.free_until(self.network, member_id)
            assert until is not None
            self.months.append((until.year, until.month))

    @rule(member=members | st.just(UNKNOWN), on=DAYS, data=st.data())
    def join(self, member: str, on: dt.date, data: st.DataObject) -> None:
        self.try_join("join", member, on, self.pick_centre(data), self.pick_tier(data))

    @rule(member=members, data=st.data())
    def join_an_open_centre(self, member: str, data: st.DataObject) -> None:
        # Mostly valid: a day a centre is open, after the member's last stint ends.
        stints = self.network.memberships_of(member)
        if stints and stints[-1].left is None:
            return
        start = stints[-1].left if stints else FIRST_DAY
        assert start is not None
        windows = []
        for centre in self.network.centres:
            opens, closes = centre.lifecycle.opens, centre.lifecycle.closes
            if opens is None:
                continue
            first = max(opens, start)
            last = LAST_DAY if closes is None else closes - dt.timedelta(days=1)
            if first <= last:
                windows.append((centre.id, first, last))
        if not windows:
            return
        centre_id, first, last = data.draw(st.sampled_from(windows), label="window")
        on = data.draw(st.dates(first, last), label="on")
        self.try_join("join_an_open_centre", member, on, centre_id, self.pick_tier(data))

    @rule(member=members, gap=st.integers(0, 800), data=st.data())
    def rejoin(self, member: str, gap: int, data: st.DataObject) -> None:
        stints = self.network.memberships_of(member)
        if not stints or stints[-1].left is None:
            return
        on = stints[-1].left + dt.timedelta(days=gap)
        self.try_join("rejoin", member, on, self.pick_centre(data), self.pick_tier(data))

    def a_day_in_a_stint(self, member: str, data: st.DataObject) -> dt.date | None:
        stints = self.network.memberships_of(member)
        if not stints:
            return None
        stint = data.draw(st.sampled_from(stints), label="stint")
        last = stint.left - dt.timedelta(days=1) if stint.left else stint.joined + dt.timedelta(900)
        return data.draw(st.dates(stint.joined, last), label="day")

    def try_change_tier(self, step: str, member: str, on: dt.date, tier: str) -> None:
        stint = self.stint_on(member, on)
        expected = stint is not None and self.has_tier(tier)
        if self.attempt(step, expected, lambda n: n.change_tier(member, on, tier)):
            assert stint is not None
            after = self.network.membership_on(member, on)
            assert after is not None
            assert (after.joined, after.left, after.centre) == (
                stint.joined,
                stint.left,
                stint.centre,
            )
            assert after.tier_on(on) == tier
            # Later changes are replaced; the days before keep their tier.
            assert all(change.since <= on for change in after.changes)
            day_before = on - dt.timedelta(days=1)
            assert after.tier_on(day_before) == stint.tier_on(day_before)

    @rule(member=members | st.just(UNKNOWN), on=DAYS, data=st.data())
    def change_tier(self, member: str, on: dt.date, data: st.DataObject) -> None:
        self.try_change_tier("change_tier", member, on, self.pick_tier(data))

    @rule(member=members, data=st.data())
    def change_tier_inside_a_stint(self, member: str, data: st.DataObject) -> None:
        on = self.a_day_in_a_stint(member, data)
        if on is not None:
            self.try_change_tier("change_tier_inside", member, on, self.pick_tier(data))

    def try_leave(self, step: str, member: str, on: dt.date) -> None:
        stint = self.stint_on(member, on)
        expected = stint is not None and on > stint.joined
        first = tc.free_until(self.network, member) if self.known_member(member) else None
        if self.attempt(step, expected, lambda n: n.leave(member, on)):
            assert stint is not None
            assert self.network.membership_on(member, on) is None
            assert self.network.membership_on(member, on - dt.timedelta(days=1)) is not None
            assert tc.free_until(self.network, member) == first

    @rule(member=members | st.just(UNKNOWN), on=DAYS)
    def leave(self, member: str, on: dt.date) -> None:
        self.try_leave("leave", member, on)

    @rule(member=members, data=st.data())
    def leave_inside_a_stint(self, member: str, data: st.DataObject) -> None:
        on = self.a_day_in_a_stint(member, data)
        if on is not None:
            self.try_leave("leave_inside", member, on)

    def try_use_pass(
        self, step: str, member: str, kind: tc.PassKind, on: dt.date, centre: str
    ) -> None:
        priced = any(price.kind is kind for price in self.network.policy.passes)
        expected = self.known_member(member) and priced and self.open_on(centre, on)
        if self.attempt(step, expected, lambda n: n.use_pass(member, kind, on, centre)):
            assert self.network.pass_uses_of(member)[-1] == tc.PassUse(
                member=member, kind=kind, on=on, centre=centre
            )
            self.months.append((on.year, on.month))
            self.check_passes_billed_once(member, on)

    @rule(
        member=members | st.just(UNKNOWN),
        kind=st.sampled_from(tc.PassKind),
        on=DAYS,
        data=st.data(),
    )
    def use_pass(self, member: str, kind: tc.PassKind, on: dt.date, data: st.DataObject) -> None:
        self.try_use_pass("use_pass", member, kind, on, self.pick_centre(data))

    @rule(member=members, data=st.data())
    def use_a_priced_pass_at_an_open_centre(self, member: str, data: st.DataObject) -> None:
        kinds = [price.kind for price in self.network.policy.passes]
        centres = [c for c in self.network.centres if c.lifecycle.opens is not None]
        if not kinds or not centres:
            return
        centre = data.draw(st.sampled_from(centres), label="centre")
        opens, closes = centre.lifecycle.opens, centre.lifecycle.closes
        assert opens is not None
        last = LAST_DAY if closes is None else closes - dt.timedelta(days=1)
        if last < opens:
            return
        on = data.draw(st.dates(opens, last), label="on")
        self.try_use_pass(
            "use_a_priced_pass", member, data.draw(st.sampled_from(kinds)), on, centre.id
        )

    # -- billing --------------------------------------------------------------------------

    def check_bill(self, year: int, month: int) -> None:
        network = self.network
        bill = tc.bill_month(network, year, month)
        highest = max(tier.monthly_fee for tier in network.policy.tiers)
        for member in network.members:
            charges = tc.member_charges(network, member.id, year, month)
            paid_from = tc.free_until(network, member.id)
            joined = min((s.joined for s in network.memberships_of(member.id)), default=None)
            fees = tc.Money.zero()
            for charge in charges:
                assert not charge.amount.is_negative(), charge
                assert charge.period_start <= charge.start < charge.end <= charge.period_end
                if charge.reason is tc.ChargeReason.PASS:
                    # Passes are free inside the free period (a pass before joining is paid).
                    if joined is not None and paid_from is not None:
                        assert not joined <= charge.start < paid_from, charge
                    continue
                # Fees: only after the free period, only on days the member belongs.
                assert paid_from is not None, charge
                assert charge.start >= paid_from, charge
                assert network.membership_on(member.id, charge.start) is not None, charge
                last = charge.end - dt.timedelta(days=1)
                assert network.membership_on(member.id, last) is not None, charge
                fees += charge.amount
            # A period never costs more in fees than the dearest tier for a whole month.
            assert fees <= highest, (member.id, fees, highest)
        assert bill.total == sum(
            (
                charge.amount
                for member in network.members
                for charge in tc.member_charges(network, member.id, year, month)
            ),
            tc.Money.zero(),
        )
        assert bill.total == sum(bill.by_member().values(), tc.Money.zero())

    def check_passes_billed_once(self, member: str, on: dt.date) -> None:
        """The passes ``member`` used ``on`` are each billed in exactly one month, or free."""
        network = self.network
        uses = [use for use in network.pass_uses_of(member) if use.on == on]
        joined = min((s.joined for s in network.memberships_of(member)), default=None)
        paid_from = tc.free_until(network, member)
        free = joined is not None and paid_from is not None and joined <= on < paid_from
        billed = []
        for shift in (-1, 0, 1):
            day = add_months(on.replace(day=1), shift)
            billed.extend(
                (line.start, line.item)
                for line in tc.member_charges(network, member, day.year, day.month)
                if line.reason is tc.ChargeReason.PASS and line.start == on
            )
        expected = [] if free else [(on, str(use.kind)) for use in uses]
        assert sorted(billed) == sorted(expected), (billed, expected)

    @rule(member=members, data=st.data())
    def passes_are_billed_once(self, member: str, data: st.DataObject) -> None:
        if not any(m.id == member for m in self.network.members):
            return
        uses = self.network.pass_uses_of(member)
        if uses:
            self.check_passes_billed_once(member, data.draw(st.sampled_from(uses)).on)

    @rule(month=MONTHS)
    def bill_a_random_month(self, month: tuple[int, int]) -> None:
        self.months.append(month)
        self.check_bill(*month)

    # -- after every step -----------------------------------------------------------------

    @invariant()
    def obeys_every_people_rule(self) -> None:
        assert people_rules_broken(self.network) == []

    @invariant()
    def free_periods_never_restart(self) -> None:
        for member in self.network.members:
            until = tc.free_until(self.network, member.id)
            stints = self.network.memberships_of(member.id)
            if not stints:
                assert until is None
                continue
            months = self.network.policy.free_months_for(member.eligibility)
            assert until == add_months(min(s.joined for s in stints), months)
            assert self.free_untils.setdefault(member.id, until) == until

    @invariant()
    def bills_add_up(self) -> None:
        for year, month in self.months[-3:]:
            if 1 <= year <= 9998:
                self.check_bill(year, month)


PeopleMachine.TestCase.settings = settings(
    stateful_step_count=20,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_people_state_machine = PeopleMachine.TestCase
