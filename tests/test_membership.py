"""Members, companies, agreements and memberships, and the rules the network keeps on them.

Every refusal is checked for its facts (what a front end renders), its message (what a
person reads) and for leaving the network as it was.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import TypeVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_core import (
    Agreement,
    CentreNotOpen,
    Company,
    DuplicateRecord,
    InvalidValue,
    Member,
    MemberKind,
    Membership,
    Money,
    NetworkFileError,
    NotAMember,
    NotAnEmployee,
    OverlappingAgreements,
    OverlappingMemberships,
    PassKind,
    PassPrice,
    PassUse,
    Policy,
    Programme,
    Prospect,
    ProspectStage,
    RuleViolation,
    Tier,
    TierChange,
    UnknownReference,
    dumps_network,
    loads_network,
)
from telecentre_core.datasets import cybercantal
from telecentre_core.network import Network
from telecentre_core.rules import people_violations
from telecentre_core.testing import dates, slugs

D = dt.date
E = TypeVar("E", bound=Exception)
COMPANY = "societe-exemple"  # an illustrative company, not a real one
OTHER_COMPANY = "autre-exemple"
POLICY = Policy(
    tiers=[
        Tier(slug="standard", name="Standard", monthly_fee=Money.of(50)),
        Tier(slug="premium", name="Premium", monthly_fee=Money.of(100)),
    ],
    passes=[PassPrice(kind=PassKind.DAY, price=Money.of(20))],
)


def _network() -> Network:
    """The Cybercantal's centres under ``POLICY``, two companies, and nobody yet.

    The data set's own people, and the programme they registered for, are left out so that
    these tests do not depend on them.
    """
    network = attrs.evolve(
        cybercantal(),
        policy=POLICY,
        members=(),
        bookings=(),
        companies=(),
        prospects=(),
        agreements=(),
        memberships=(),
        pass_uses=(),
        programme=Programme(),
    )
    network = network.add_company(Company(id=COMPANY, name="Société Exemple", siren="732829320"))
    return network.add_company(Company(id=OTHER_COMPANY, name="Autre Exemple"))


def _member(member_id: str, kind: MemberKind = MemberKind.INDEPENDENT, **fields: object) -> Member:
    return Member(id=member_id, name=member_id.capitalize(), kind=kind, **fields)  # type: ignore[arg-type]


def _people() -> Network:
    """Anne (independent, at Murat from 2010), Bea (salaried, not yet joined), Dan (nomadic)."""
    network = _network().add_member(_member("anne"))
    network = network.add_member(_member("bea", MemberKind.SALARIED, employer=COMPANY))
    network = network.add_member(_member("dan", MemberKind.NOMADIC))
    return network.join("anne", D(2010, 1, 4), "murat", "standard")


def _refused(network: Network, change: Callable[[Network], object], error: type[E]) -> E:
    """The ``error`` that ``change`` raises, after checking that ``network`` is unchanged."""
    before = copy.deepcopy(network)
    with pytest.raises(error) as caught:
        change(network)
    assert network == before
    assert dumps_network(network) == dumps_network(before)
    return caught.value


# -- members, companies, prospects --------------------------------------------------------


def test_a_member_is_an_id_a_name_and_a_kind_with_optional_contacts() -> None:
    member = Member(
        id="anne",
        name="Anne Teissèdre",
        kind=MemberKind.INDEPENDENT,
        eligibility=["trained-newcomer"],
        email="anne@example.org",
        phone="+33 4 71 00 00 00",
    )

    assert member.eligibility == ("trained-newcomer",)
    assert (member.employer, member.notes) == (None, "")
    assert [str(kind) for kind in MemberKind] == ["independent", "salaried", "nomadic"]


def test_a_salaried_teleworker_names_its_employer() -> None:
    with pytest.raises(InvalidValue, match="a salaried teleworker names an employer") as caught:
        _member("bea", MemberKind.SALARIED)
    assert caught.value.field == "employer"


@pytest.mark.parametrize("kind", [MemberKind.INDEPENDENT, MemberKind.NOMADIC])
def test_only_a_salaried_teleworker_has_an_employer(kind: MemberKind) -> None:
    with pytest.raises(InvalidValue, match=f"only a salaried teleworker has one, not {kind}"):
        _member("anne", kind, employer=COMPANY)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "Anne"),
        ("name", "  "),
        ("kind", "independent"),
        ("email", "anne.example.org"),
        ("phone", "call me"),
        ("eligibility", ["Trained newcomer"]),
        ("notes", None),
    ],
)
def test_a_member_with_a_malformed_field_is_refused(field: str, value: object) -> None:
    fields: dict[str, object] = {"id": "anne", "name": "Anne", "kind": MemberKind.INDEPENDENT}
    fields[field] = value

    with pytest.raises(InvalidValue) as caught:
        Member(**fields)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_companys_siren_number_has_nine_digits() -> None:
    assert Company(id=COMPANY, name="Société Exemple", siren="732829320").siren == "732829320"
    with pytest.raises(InvalidValue, match="a 9-digit SIREN number"):
        Company(id=COMPANY, name="Société Exemple", siren="12345678")


def test_the_latest_prospect_record_tells_where_the_network_stands_with_a_company() -> None:
    network = _network().record_prospect(
        Prospect(company=COMPANY, stage=ProspectStage.CONTACTED, updated=D(2011, 3, 1))
    )
    network = network.record_prospect(
        Prospect(
            company=COMPANY,
            stage=ProspectStage.INTERESTED,
            employees_interested=3,
            updated=D(2011, 6, 1),
        )
    )

    latest = network.prospect_stage(COMPANY)
    assert latest is not None
    assert (latest.stage, latest.employees_interested) == (ProspectStage.INTERESTED, 3)
    assert network.prospect_stage(OTHER_COMPANY) is None


def test_a_prospect_cannot_have_fewer_than_no_interested_employees() -> None:
    with pytest.raises(InvalidValue) as caught:
        Prospect(
            company=COMPANY,
            stage=ProspectStage.CONTACTED,
            employees_interested=-1,
            updated=D(2011, 3, 1),
        )
    assert caught.value.field == "employees_interested"


def test_a_company_is_looked_up_by_id() -> None:
    network = _network()

    assert network.company(COMPANY).siren == "732829320"
    error = _refused(network, lambda n: n.company("nobody"), UnknownReference)
    assert (error.collection, error.key, error.target, error.value) == (
        "companies",
        "nobody",
        "company",
        "nobody",
    )


# -- agreements ---------------------------------------------------------------------------


def test_an_agreement_covers_its_employees_from_since_until_the_day_before_until() -> None:
    agreement = Agreement(
        company=COMPANY, employees=["bea"], tier="premium", since=D(2011, 1, 1), until=D(2012, 1, 1)
    )

    assert not agreement.covers("bea", D(2010, 12, 31))
    assert agreement.covers("bea", D(2011, 1, 1))
    assert agreement.covers("bea", D(2011, 12, 31))
    assert not agreement.covers("bea", D(2012, 1, 1))
    assert not agreement.covers("anne", D(2011, 6, 1))


def test_an_open_ended_agreement_covers_its_employees_for_ever() -> None:
    agreement = Agreement(company=COMPANY, employees=["bea"], tier="premium", since=D(2011, 1, 1))

    assert agreement.covers("bea", D(2099, 1, 1))


@pytest.mark.parametrize(
    ("employees", "until", "field", "reason"),
    [
        ([], None, "employees", "an agreement names at least one employee"),
        (["bea", "bea"], None, "employees", "names an employee twice"),
        (["bea"], D(2011, 1, 1), "until", "must be after since (2011-01-01)"),
    ],
)
def test_a_malformed_agreement_is_refused(
    employees: list[str], until: dt.date | None, field: str, reason: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        Agreement(
            company=COMPANY, employees=employees, tier="premium", since=D(2011, 1, 1), until=until
        )
    assert (caught.value.field, caught.value.reason) == (field, reason)


# -- memberships (values) ----------------------------------------------------------------


def test_a_membership_gives_the_tier_of_each_day_of_the_stint() -> None:
    stint = Membership(
        member="anne",
        joined=D(2010, 1, 31),
        centre="murat",
        tier="standard",
        changes=[
            TierChange(since=D(2011, 3, 31), tier="premium"),
            TierChange(since=D(2011, 9, 1), tier="standard"),
        ],
        left=D(2012, 1, 1),
    )

    assert stint.tier_on(D(2010, 1, 30)) is None
    assert stint.tier_on(D(2010, 1, 31)) == "standard"
    assert stint.tier_on(D(2011, 3, 30)) == "standard"
    assert stint.tier_on(D(2011, 3, 31)) == "premium"
    assert stint.tier_on(D(2011, 12, 31)) == "standard"
    assert stint.tier_on(D(2012, 1, 1)) is None
    assert stint.tiers() == ("standard", "premium", "standard")
    assert stint.is_active_on(D(2011, 12, 31))
    assert not stint.is_active_on(D(2012, 1, 1))


def test_an_open_membership_is_active_from_its_first_day_on() -> None:
    stint = Membership(member="anne", joined=D(2010, 1, 31), centre="murat", tier="standard")

    assert not stint.is_active_on(D(2010, 1, 30))
    assert stint.is_active_on(D(2010, 1, 31))
    assert stint.is_active_on(D(2099, 1, 1))
    assert stint.tiers() == ("standard",)


@pytest.mark.parametrize(
    ("changes", "left", "field", "reason"),
    [
        ((), D(2010, 1, 31), "left", "must be after joined (2010-01-31)"),
        ((D(2010, 1, 31),), None, "changes[0].since", "must be after 2010-01-31"),
        ((D(2010, 6, 1), D(2010, 6, 1)), None, "changes[1].since", "must be after 2010-06-01"),
        ((D(2010, 6, 1), D(2010, 3, 1)), None, "changes[1].since", "must be after 2010-06-01"),
        ((D(2010, 6, 1),), D(2010, 6, 1), "changes[0].since", "must be before left (2010-06-01)"),
    ],
)
def test_a_membership_whose_dates_are_out_of_order_is_refused(
    changes: tuple[dt.date, ...], left: dt.date | None, field: str, reason: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        Membership(
            member="anne",
            joined=D(2010, 1, 31),
            centre="murat",
            tier="standard",
            changes=[TierChange(since=day, tier="premium") for day in changes],
            left=left,
        )
    assert caught.value.field == field
    assert caught.value.reason.startswith(reason)


@given(
    joined=dates(D(2000, 1, 1), D(2030, 12, 31)),
    offsets=st.lists(st.integers(min_value=1, max_value=2000), max_size=4, unique=True),
    tiers=st.lists(slugs(), min_size=5, max_size=5),
    length=st.none() | st.integers(min_value=1, max_value=3000),
    probe=st.integers(min_value=-10, max_value=3100),
)
def test_a_memberships_tier_on_a_day_is_the_last_change_made_by_then(
    joined: dt.date,
    offsets: list[int],
    tiers: list[str],
    length: int | None,
    probe: int,
) -> None:
    left = None if length is None else joined + dt.timedelta(days=length)
    since = [joined + dt.timedelta(days=offset) for offset in sorted(offsets)]
    since = [day for day in since if left is None or day < left]
    changes = list(zip(since, tiers[1:], strict=False))
    stint = Membership(
        member="anne",
        joined=joined,
        centre="murat",
        tier=tiers[0],
        changes=[TierChange(since=day, tier=tier) for day, tier in changes],
        left=left,
    )
    day = joined + dt.timedelta(days=probe)

    inside = joined <= day and (left is None or day < left)
    expected = [tiers[0], *(tier for start, tier in changes if start <= day)]
    assert stint.is_active_on(day) is inside
    assert stint.tier_on(day) == (expected[-1] if inside else None)


def test_a_pass_use_names_a_member_a_kind_a_day_and_a_centre() -> None:
    use = PassUse(member="dan", kind=PassKind.WEEK, on=D(2012, 7, 16), centre="allanche")

    assert (str(use.kind), use.on) == ("week", D(2012, 7, 16))
    with pytest.raises(InvalidValue):
        PassUse(member="dan", kind="week", on=D(2012, 7, 16), centre="allanche")  # type: ignore[arg-type]


# -- the network's people ------------------------------------------------------------------


def test_joining_makes_a_member_of_the_network_from_that_day() -> None:
    network = _people()

    (stint,) = network.memberships_of("anne")
    assert (stint.joined, stint.centre, stint.tier, stint.left) == (
        D(2010, 1, 4),
        "murat",
        "standard",
        None,
    )
    assert network.membership_on("anne", D(2010, 1, 3)) is None
    assert network.membership_on("anne", D(2010, 1, 4)) == stint
    assert network.members_on(D(2010, 1, 3)) == ()
    assert network.members_on(D(2010, 1, 4)) == (network.member("anne"),)
    assert network.memberships_of("dan") == ()


def test_a_member_leaves_and_rejoins_with_a_stint_each_time() -> None:
    network = _people().leave("anne", D(2011, 1, 1)).join("anne", D(2012, 2, 29), "ydes", "premium")

    first, second = network.memberships_of("anne")
    assert (first.joined, first.left) == (D(2010, 1, 4), D(2011, 1, 1))
    assert (second.joined, second.centre, second.left) == (D(2012, 2, 29), "ydes", None)
    assert network.membership_on("anne", D(2011, 6, 1)) is None
    assert network.membership_on("anne", D(2012, 3, 1)) == second


def test_a_member_may_rejoin_on_the_day_it_left() -> None:
    network = _people().leave("anne", D(2011, 1, 1)).join("anne", D(2011, 1, 1), "ydes", "standard")

    assert [stint.centre for stint in network.memberships_of("anne")] == ["murat", "ydes"]


def test_memberships_are_listed_in_the_order_they_started() -> None:
    # Joining is open-ended, so a past stint before a later one is written as a record.
    earlier = Membership(
        member="anne", joined=D(2008, 1, 1), centre="ydes", tier="standard", left=D(2009, 1, 1)
    )
    network = _people()
    network = attrs.evolve(network, memberships=(*network.memberships, earlier))

    joined = [stint.joined for stint in network.memberships_of("anne")]
    assert joined == [D(2008, 1, 1), D(2010, 1, 4)]


def test_a_tier_change_applies_from_its_day_and_replaces_later_changes() -> None:
    network = _people().change_tier("anne", D(2011, 3, 31), "premium")
    network = network.change_tier("anne", D(2012, 1, 31), "standard")
    network = network.change_tier("anne", D(2011, 12, 1), "premium")

    (stint,) = network.memberships_of("anne")
    assert stint.changes == (
        TierChange(since=D(2011, 3, 31), tier="premium"),
        TierChange(since=D(2011, 12, 1), tier="premium"),
    )


def test_a_tier_change_on_the_joining_day_changes_the_stints_own_tier() -> None:
    network = _people().change_tier("anne", D(2011, 3, 31), "premium")
    network = network.change_tier("anne", D(2010, 1, 4), "premium")

    (stint,) = network.memberships_of("anne")
    assert (stint.tier, stint.changes) == ("premium", ())


def test_leaving_drops_the_tier_changes_from_that_day_on() -> None:
    network = _people().change_tier("anne", D(2011, 3, 31), "premium")
    network = network.change_tier("anne", D(2011, 9, 1), "standard")
    network = network.leave("anne", D(2011, 9, 1))

    (stint,) = network.memberships_of("anne")
    assert stint.left == D(2011, 9, 1)
    assert stint.changes == (TierChange(since=D(2011, 3, 31), tier="premium"),)


def test_a_member_may_leave_earlier_than_it_said() -> None:
    network = _people().leave("anne", D(2012, 1, 1)).leave("anne", D(2011, 6, 1))

    assert network.memberships_of("anne")[0].left == D(2011, 6, 1)


def test_passes_are_recorded_for_the_member_who_used_them() -> None:
    network = _people().use_pass("dan", PassKind.DAY, D(2011, 4, 12), "aurillac")

    assert network.pass_uses_of("dan") == (
        PassUse(member="dan", kind=PassKind.DAY, on=D(2011, 4, 12), centre="aurillac"),
    )
    assert network.pass_uses_of("anne") == ()


def test_a_company_signs_an_agreement_for_its_salaried_teleworkers() -> None:
    agreement = Agreement(company=COMPANY, employees=["bea"], tier="premium", since=D(2011, 1, 1))

    network = _people().sign_agreement(agreement)

    assert network.agreements == (agreement,)


# -- refusals: each rule, its facts and message, and the network unchanged ---------------------


def test_a_member_id_used_twice_is_refused() -> None:
    error = _refused(_people(), lambda n: n.add_member(_member("anne")), DuplicateRecord)

    assert (error.rule, error.collection, error.identity, error.key, error.where) == (
        "unique-id",
        "members",
        "anne",
        3,
        "id",
    )
    assert str(error) == "members: id 'anne' is used more than once"


def test_a_company_id_used_twice_is_refused() -> None:
    error = _refused(
        _network(), lambda n: n.add_company(Company(id=COMPANY, name="Encore")), DuplicateRecord
    )

    assert (error.collection, error.identity, error.key) == ("companies", COMPANY, 2)


def test_an_unknown_member_cannot_join() -> None:
    error = _refused(
        _people(), lambda n: n.join("zoe", D(2011, 1, 1), "murat", "standard"), UnknownReference
    )

    assert (error.rule, error.collection, error.key, error.where) == (
        "known-reference",
        "members",
        "zoe",
        "id",
    )
    assert (error.target, error.value) == ("member", "zoe")
    assert str(error) == "members: no member 'zoe' in the network"


@pytest.mark.parametrize(
    ("centre", "tier", "where", "target", "value"),
    [
        ("murat", "gold", "tier", "tier", "gold"),
        ("paris", "standard", "centre", "centre", "paris"),
    ],
)
def test_joining_on_an_unknown_tier_or_at_an_unknown_centre_is_refused(
    centre: str, tier: str, where: str, target: str, value: str
) -> None:
    error = _refused(
        _people(), lambda n: n.join("dan", D(2011, 1, 1), centre, tier), UnknownReference
    )

    assert (error.collection, error.key, error.where) == ("memberships", 1, where)
    assert (error.target, error.value) == (target, value)
    assert str(error) == f"memberships: no {target} {value!r} in the network"


def test_changing_to_an_unknown_tier_is_refused() -> None:
    error = _refused(
        _people(), lambda n: n.change_tier("anne", D(2011, 1, 1), "gold"), UnknownReference
    )

    assert (error.collection, error.key, error.where, error.value) == (
        "memberships",
        0,
        "changes[0].tier",
        "gold",
    )


@pytest.mark.parametrize(
    ("centre", "on"),
    [("maurs", D(2012, 1, 2)), ("murat", D(2006, 2, 28))],
    ids=["a planned centre", "before the centre opens"],
)
def test_joining_at_a_centre_not_open_that_day_is_refused(centre: str, on: dt.date) -> None:
    error = _refused(_people(), lambda n: n.join("dan", on, centre, "standard"), CentreNotOpen)

    assert (error.rule, error.collection, error.key, error.where) == (
        "centre-open",
        "memberships",
        1,
        "centre",
    )
    assert (error.centre, error.on) == (centre, on)
    assert str(error) == f"memberships: centre {centre!r} is not open on {on.isoformat()}"


@pytest.mark.parametrize(
    "on", [D(2010, 1, 4), D(2011, 6, 1), D(2009, 6, 1)], ids=["same day", "later", "earlier"]
)
def test_joining_while_still_a_member_is_refused(on: dt.date) -> None:
    error = _refused(
        _people(), lambda n: n.join("anne", on, "ydes", "standard"), OverlappingMemberships
    )

    assert (error.rule, error.collection, error.key, error.where) == (
        "one-membership-at-a-time",
        "memberships",
        1,
        "joined",
    )
    assert (error.member_id, error.joined, error.other_joined) == ("anne", on, D(2010, 1, 4))
    assert str(error) == (
        f"member 'anne' joins on {on.isoformat()} while still a member since 2010-01-04; "
        "leave before joining again"
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda n: n.change_tier("anne", D(2009, 12, 31), "premium"),
        lambda n: n.leave("anne", D(2009, 12, 31)),
        lambda n: n.change_tier("dan", D(2009, 12, 31), "premium"),
    ],
    ids=["change before joining", "leave before joining", "change without ever joining"],
)
def test_changing_or_leaving_a_membership_that_is_not_in_force_is_refused(
    change: Callable[[Network], Network],
) -> None:
    error = _refused(_people(), change, NotAMember)

    assert error.rule == "is-member"
    assert error.on == D(2009, 12, 31)
    assert error.collection == "members"
    assert error.key == error.member_id
    assert str(error) == f"{error.member_id!r} is not a member of the network on 2009-12-31"


def test_leaving_after_having_left_is_refused() -> None:
    network = _people().leave("anne", D(2011, 1, 1))

    error = _refused(network, lambda n: n.leave("anne", D(2011, 6, 1)), NotAMember)
    assert (error.member_id, error.on) == ("anne", D(2011, 6, 1))


def test_leaving_on_the_joining_day_is_refused() -> None:
    error = _refused(_people(), lambda n: n.leave("anne", D(2010, 1, 4)), InvalidValue)

    assert (error.field, error.value) == ("left", D(2010, 1, 4))
    assert str(error) == "left: must be after joined (2010-01-04), got datetime.date(2010, 1, 4)"


def test_a_salaried_teleworker_of_an_unknown_company_is_refused() -> None:
    member = _member("carl", MemberKind.SALARIED, employer="nobody")

    error = _refused(_people(), lambda n: n.add_member(member), UnknownReference)
    assert (error.collection, error.key, error.where, error.target, error.value) == (
        "members",
        3,
        "employer",
        "company",
        "nobody",
    )


def test_prospecting_an_unknown_company_is_refused() -> None:
    prospect = Prospect(company="nobody", stage=ProspectStage.CONTACTED, updated=D(2011, 3, 1))

    error = _refused(_people(), lambda n: n.record_prospect(prospect), UnknownReference)
    assert (error.collection, error.key, error.where, error.value) == (
        "prospects",
        0,
        "company",
        "nobody",
    )


@pytest.mark.parametrize(
    ("fields", "where", "target", "value"),
    [
        ({"company": "nobody"}, "company", "company", "nobody"),
        ({"tier": "gold"}, "tier", "tier", "gold"),
        ({"employees": ["bea", "zoe"]}, "employees[1]", "member", "zoe"),
    ],
)
def test_an_agreement_naming_something_unknown_is_refused(
    fields: dict[str, object], where: str, target: str, value: str
) -> None:
    values: dict[str, object] = {
        "company": COMPANY,
        "employees": ["bea"],
        "tier": "premium",
        "since": D(2011, 1, 1),
        **fields,
    }
    agreement = Agreement(**values)  # type: ignore[arg-type]

    error = _refused(_people(), lambda n: n.sign_agreement(agreement), UnknownReference)
    assert (error.collection, error.key, error.where) == ("agreements", 0, where)
    assert (error.target, error.value) == (target, value)


@pytest.mark.parametrize(
    ("member", "position"),
    [("anne", 1), ("carl", 1)],
    ids=["an independent", "another company's employee"],
)
def test_an_agreement_for_someone_who_is_not_the_companys_employee_is_refused(
    member: str, position: int
) -> None:
    network = _people().add_member(_member("carl", MemberKind.SALARIED, employer=OTHER_COMPANY))
    agreement = Agreement(
        company=COMPANY, employees=["bea", member], tier="premium", since=D(2011, 1, 1)
    )

    error = _refused(network, lambda n: n.sign_agreement(agreement), NotAnEmployee)
    assert (error.rule, error.collection, error.key, error.where) == (
        "agreement-employees",
        "agreements",
        0,
        f"employees[{position}]",
    )
    assert (error.member_id, error.company) == (member, COMPANY)
    assert str(error) == (
        f"member {member!r} is not an employee of {COMPANY!r}; an agreement pays "
        "only for the company's own salaried teleworkers"
    )


def test_two_agreements_paying_for_one_employee_at_once_are_refused() -> None:
    first = Agreement(
        company=COMPANY, employees=["bea"], tier="premium", since=D(2011, 1, 1), until=D(2012, 1, 1)
    )
    network = _people().sign_agreement(first)
    second = Agreement(company=COMPANY, employees=["bea"], tier="standard", since=D(2011, 6, 1))

    error = _refused(network, lambda n: n.sign_agreement(second), OverlappingAgreements)
    assert (error.rule, error.collection, error.key, error.where) == (
        "one-agreement-at-a-time",
        "agreements",
        1,
        "since",
    )
    assert (error.member_id, error.since) == ("bea", D(2011, 6, 1))
    assert str(error) == "member 'bea' is paid for by two agreements from 2011-06-01"


def test_an_agreement_may_follow_another_that_has_ended() -> None:
    first = Agreement(
        company=COMPANY, employees=["bea"], tier="premium", since=D(2011, 1, 1), until=D(2012, 1, 1)
    )
    second = Agreement(company=COMPANY, employees=["bea"], tier="standard", since=D(2012, 1, 1))

    network = _people().sign_agreement(first).sign_agreement(second)

    assert network.agreements == (first, second)


@pytest.mark.parametrize(
    ("member", "kind", "centre", "on", "error_type", "facts"),
    [
        ("zoe", PassKind.DAY, "murat", D(2011, 1, 3), UnknownReference, ("members", "zoe", "id")),
        ("dan", PassKind.DAY, "paris", D(2011, 1, 3), UnknownReference, ("pass_uses", 0, "centre")),
        ("dan", PassKind.DAY, "maurs", D(2012, 1, 3), CentreNotOpen, ("pass_uses", 0, "centre")),
        ("dan", PassKind.WEEK, "murat", D(2011, 1, 3), UnknownReference, ("pass_uses", 0, "kind")),
    ],
    ids=["unknown member", "unknown centre", "centre not open", "pass not sold"],
)
def test_a_pass_the_network_cannot_sell_is_refused(
    member: str,
    kind: PassKind,
    centre: str,
    on: dt.date,
    error_type: type[RuleViolation],
    facts: tuple[str, object, str],
) -> None:
    error = _refused(_people(), lambda n: n.use_pass(member, kind, on, centre), error_type)

    assert (error.collection, error.key, error.where) == facts


def test_a_pass_the_policy_does_not_sell_is_refused_with_a_readable_message() -> None:
    error = _refused(
        _people(),
        lambda n: n.use_pass("dan", PassKind.WEEK, D(2011, 1, 3), "murat"),
        UnknownReference,
    )

    assert (error.target, error.value) == ("pass price for", "week")
    assert str(error) == "pass_uses: no pass price for 'week' in the network"


def test_a_policy_that_drops_a_tier_in_use_is_refused() -> None:
    policy = attrs.evolve(POLICY, tiers=POLICY.tiers[1:])

    error = _refused(_people(), lambda n: n.with_policy(policy), UnknownReference)
    assert (error.collection, error.key, error.where, error.value) == (
        "memberships",
        0,
        "tier",
        "standard",
    )


def test_every_broken_people_rule_is_reported_at_once_in_file_order() -> None:
    members = [
        _member("anne"),
        _member("anne"),
        _member("bea", MemberKind.SALARIED, employer="nobody"),
    ]
    memberships = [
        Membership(member="anne", joined=D(2010, 1, 4), centre="murat", tier="standard"),
        Membership(
            member="anne",
            joined=D(2011, 1, 4),
            centre="maurs",
            tier="gold",
            changes=[TierChange(since=D(2011, 6, 1), tier="silver")],
        ),
        Membership(member="zoe", joined=D(2010, 1, 4), centre="paris", tier="standard"),
    ]
    network = _network()

    found = people_violations(
        POLICY,
        network.centres,
        members,
        [Company(id=COMPANY, name="Société Exemple")],
        [Prospect(company="nobody", stage=ProspectStage.DECLINED, updated=D(2011, 1, 1))],
        [Agreement(company=COMPANY, employees=["anne"], tier="premium", since=D(2011, 1, 1))],
        memberships,
        [PassUse(member="zoe", kind=PassKind.HALF_DAY, on=D(2011, 1, 1), centre="paris")],
    )

    assert [
        (type(error).__name__, error.collection, error.key, error.where) for error in found
    ] == [
        ("DuplicateRecord", "members", 1, "id"),
        ("UnknownReference", "members", 2, "employer"),
        ("UnknownReference", "prospects", 0, "company"),
        ("NotAnEmployee", "agreements", 0, "employees[0]"),
        ("CentreNotOpen", "memberships", 1, "centre"),
        ("UnknownReference", "memberships", 1, "tier"),
        ("UnknownReference", "memberships", 1, "changes[0].tier"),
        ("OverlappingMemberships", "memberships", 1, "joined"),
        ("UnknownReference", "memberships", 2, "member"),
        ("UnknownReference", "memberships", 2, "centre"),
        ("UnknownReference", "pass_uses", 0, "member"),
        ("UnknownReference", "pass_uses", 0, "kind"),
        ("UnknownReference", "pass_uses", 0, "centre"),
    ]


def test_a_network_file_reports_each_broken_people_rule_at_its_place_in_the_file() -> None:
    document = json.loads(dumps_network(_people(), format="json"))
    document["memberships"].append(
        {"member": "anne", "joined": "2011-01-04", "centre": "ydes", "tier": "gold"}
    )

    with pytest.raises(NetworkFileError) as caught:
        loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [
        ("memberships[1].tier", "rule"),
        ("memberships[1].joined", "rule"),
    ]
    assert caught.value.broken_rules_only


@given(
    joined=dates(D(2006, 3, 1), D(2030, 12, 31)),
    left=st.none() | st.integers(min_value=1, max_value=3000),
    offset=st.integers(min_value=-4000, max_value=4000),
)
def test_joining_again_is_refused_exactly_when_the_stints_would_overlap(
    joined: dt.date, left: int | None, offset: int
) -> None:
    network = _network().add_member(_member("anne")).join("anne", joined, "murat", "standard")
    if left is not None:
        network = network.leave("anne", joined + dt.timedelta(days=left))
    end = network.memberships_of("anne")[0].left
    again = joined + dt.timedelta(days=offset)

    if again < D(2006, 3, 1):  # before Murat opened
        _refused(network, lambda n: n.join("anne", again, "murat", "standard"), CentreNotOpen)
    elif end is None or again < end:  # the new stint, open-ended, would meet the first one
        _refused(
            network, lambda n: n.join("anne", again, "murat", "standard"), OverlappingMemberships
        )
    else:
        assert len(network.join("anne", again, "murat", "standard").memberships_of("anne")) == 2
