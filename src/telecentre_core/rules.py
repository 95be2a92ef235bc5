"""The network's rules, checked all at once.

:func:`violations` returns every broken rule of a set of centres under a
policy, so that a file loader can report them all; the
:class:`~telecentre_core.network.Network` aggregate raises the first one
instead, so that no rule can be broken through the API.

Rules checked here (see the concepts page for their sources):

- unique centre identities and unique specialisation slugs;
- every held specialisation is declared by the network;
- specialisation non-overlap over time (rule 1), within the policy's scope;
- the policy's maximum seats per centre.

:func:`people_violations` checks the policy's prices and the network's
people, and :func:`funding_violations` its funders, contributions and costs.

Rules on one record alone (seat timeline order, lifecycle order, seats at
opening; a contribution's or a cost's amount above zero and its period in
order) are checked when the record is built.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from .centre import Centre
from .errors import (
    CentreNotActive,
    CentreNotOpen,
    DuplicateCentre,
    DuplicateRecord,
    DuplicateSpecialisation,
    FeeOutsideBand,
    MaxSeatsExceeded,
    NotAnEmployee,
    OverlappingAgreements,
    OverlappingMemberships,
    RuleViolation,
    SpecialisationConflict,
    UnknownReference,
    UnknownSpecialisation,
)
from .funding import Contribution, Cost, Funder
from .membership import Agreement, Company, Member, Membership, PassUse, Prospect
from .policy import Policy
from .specialisation import Specialisation

__all__ = ["funding_violations", "people_violations", "violations"]


def violations(
    specialisations: Sequence[Specialisation],
    centres: Sequence[Centre],
    policy: Policy | None,
) -> list[RuleViolation]:
    """Every rule the centres break, in the order of the centres.

    With ``policy`` None (a file whose policy is itself broken), only the
    rules that do not depend on the policy are checked.
    """
    found: list[RuleViolation] = []
    found.extend(_duplicate_slugs(specialisations))
    found.extend(_duplicate_ids(centres))
    declared = {specialisation.slug for specialisation in specialisations}
    for centre in centres:
        for index, holding in enumerate(centre.specialisations):
            if holding.slug not in declared:
                found.append(UnknownSpecialisation(centre.id, holding.slug, index))
    if policy is None:
        return found
    found.extend(_overlaps(centres, policy))
    if policy.max_seats_per_centre is not None:
        for centre in centres:
            for index, change in enumerate(centre.seats):
                if change.count > policy.max_seats_per_centre:
                    found.append(
                        MaxSeatsExceeded(
                            centre.id,
                            change.count,
                            policy.max_seats_per_centre,
                            change.since,
                            index,
                        )
                    )
    return found


def _repeated(identities: Sequence[str]) -> list[tuple[int, str]]:
    """Each identity seen before, with its index: every occurrence after the first."""
    seen: set[str] = set()
    repeated: list[tuple[int, str]] = []
    for index, identity in enumerate(identities):
        if identity in seen:
            repeated.append((index, identity))
        seen.add(identity)
    return repeated


def _duplicate_slugs(specialisations: Sequence[Specialisation]) -> list[RuleViolation]:
    slugs = [specialisation.slug for specialisation in specialisations]
    return [DuplicateSpecialisation(slug) for _, slug in _repeated(slugs)]


def _duplicate_ids(centres: Sequence[Centre]) -> list[RuleViolation]:
    ids = [centre.id for centre in centres]
    return [DuplicateCentre(centre_id) for _, centre_id in _repeated(ids)]


def _overlaps(centres: Sequence[Centre], policy: Policy) -> list[RuleViolation]:
    # Rule 1. Each holding is in force over a half-open period [start, end);
    # two holdings of one slug conflict when their periods overlap and their
    # centres are within the policy's scope. Holdings are grouped by slug, so
    # the pairwise check only compares centres that share a theme.
    by_slug: dict[str, list[tuple[int, int, dt.date, dt.date | None]]] = defaultdict(list)
    for position, centre in enumerate(centres):
        for index, holding in enumerate(centre.specialisations):
            start, end = centre.holding_period(holding)
            if end is not None and end <= start:
                continue  # never in force
            by_slug[holding.slug].append((position, index, start, end))
    found: list[RuleViolation] = []
    scope = policy.specialisation_scope
    for slug, holdings in by_slug.items():
        for later in range(1, len(holdings)):
            position, index, start, end = holdings[later]
            centre = centres[position]
            for earlier in range(later):
                other_position, _, other_start, other_end = holdings[earlier]
                other = centres[other_position]
                since = max(start, other_start)
                ends = [day for day in (end, other_end) if day is not None]
                until = min(ends) if ends else None
                if until is not None and until <= since:
                    continue
                distance = None
                if scope.within_km is not None:
                    distance = centre.location.distance_km(other.location)
                    if not scope.applies_between(distance):
                        continue
                found.append(
                    SpecialisationConflict(slug, centre.id, other.id, since, until, index, distance)
                )
                break  # one report per holding is enough
    return found


def people_violations(
    policy: Policy,
    centres: Sequence[Centre],
    members: Sequence[Member],
    companies: Sequence[Company],
    prospects: Sequence[Prospect],
    agreements: Sequence[Agreement],
    memberships: Sequence[Membership],
    pass_uses: Sequence[PassUse],
) -> list[RuleViolation]:
    """Every rule broken by the policy's prices and the network's people, in file order.

    Rules: unique tiers, passes, members and companies; every tier inside the
    fee band (rule 5); every reference known (member, company, centre, tier,
    pass); a member's home centre open on the day it joins, a pass used at an
    open centre; one membership at a time per member; agreements only for
    the company's own salaried teleworkers, one at a time per employee.
    """
    found: list[RuleViolation] = []
    found.extend(_pricing(policy))
    tiers = {tier.slug for tier in policy.tiers}
    priced = {price.kind for price in policy.passes}
    centre_by_id = {centre.id: centre for centre in centres}
    found.extend(_duplicates("members", [member.id for member in members]))
    found.extend(_duplicates("companies", [company.id for company in companies]))
    company_ids = {company.id for company in companies}
    member_by_id = {member.id: member for member in members}
    for index, member in enumerate(members):
        if member.employer is not None and member.employer not in company_ids:
            found.append(UnknownReference("members", index, "employer", "company", member.employer))
    for index, prospect in enumerate(prospects):
        if prospect.company not in company_ids:
            found.append(
                UnknownReference("prospects", index, "company", "company", prospect.company)
            )
    found.extend(_agreements(agreements, company_ids, member_by_id, tiers))
    found.extend(_memberships(memberships, member_by_id, centre_by_id, tiers))
    for index, use in enumerate(pass_uses):
        if use.member not in member_by_id:
            found.append(UnknownReference("pass_uses", index, "member", "member", use.member))
        if use.kind not in priced:
            found.append(
                UnknownReference("pass_uses", index, "kind", "pass price for", str(use.kind))
            )
        centre = centre_by_id.get(use.centre)
        if centre is None:
            found.append(UnknownReference("pass_uses", index, "centre", "centre", use.centre))
        elif not centre.is_open_on(use.on):
            found.append(CentreNotOpen("pass_uses", index, "centre", use.centre, use.on))
    return found


def _pricing(policy: Policy) -> list[RuleViolation]:
    found: list[RuleViolation] = []
    found.extend(_duplicates("policy.tiers", [tier.slug for tier in policy.tiers], field="slug"))
    found.extend(
        _duplicates("policy.passes", [str(price.kind) for price in policy.passes], field="kind")
    )
    band = policy.fee_band
    for index, tier in enumerate(policy.tiers):
        if not band.contains(tier.monthly_fee):
            found.append(
                FeeOutsideBand(tier.slug, tier.monthly_fee, band.minimum, band.maximum, index)
            )
    return found


def _duplicates(
    collection: str, identities: Sequence[str], field: str = "id"
) -> list[RuleViolation]:
    return [
        DuplicateRecord(collection, identity, index, field)
        for index, identity in _repeated(identities)
    ]


def _agreements(
    agreements: Sequence[Agreement],
    company_ids: set[str],
    member_by_id: dict[str, Member],
    tiers: set[str],
) -> list[RuleViolation]:
    found: list[RuleViolation] = []
    paid: dict[str, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for index, agreement in enumerate(agreements):
        if agreement.company not in company_ids:
            found.append(
                UnknownReference("agreements", index, "company", "company", agreement.company)
            )
        if agreement.tier not in tiers:
            found.append(UnknownReference("agreements", index, "tier", "tier", agreement.tier))
        for position, employee in enumerate(agreement.employees):
            member = member_by_id.get(employee)
            if member is None:
                found.append(
                    UnknownReference(
                        "agreements", index, f"employees[{position}]", "member", employee
                    )
                )
                continue
            if member.employer != agreement.company:
                found.append(NotAnEmployee(employee, agreement.company, index, position))
            for since, until in paid[employee]:
                if _overlap(agreement.since, agreement.until, since, until):
                    found.append(
                        OverlappingAgreements(employee, max(since, agreement.since), index)
                    )
                    break
            paid[employee].append((agreement.since, agreement.until))
    return found


def _memberships(
    memberships: Sequence[Membership],
    member_by_id: dict[str, Member],
    centre_by_id: dict[str, Centre],
    tiers: set[str],
) -> list[RuleViolation]:
    found: list[RuleViolation] = []
    stints: dict[str, list[Membership]] = defaultdict(list)
    for index, stint in enumerate(memberships):
        if stint.member not in member_by_id:
            found.append(UnknownReference("memberships", index, "member", "member", stint.member))
        centre = centre_by_id.get(stint.centre)
        if centre is None:
            found.append(UnknownReference("memberships", index, "centre", "centre", stint.centre))
        elif not centre.is_open_on(stint.joined):
            found.append(CentreNotOpen("memberships", index, "centre", stint.centre, stint.joined))
        if stint.tier not in tiers:
            found.append(UnknownReference("memberships", index, "tier", "tier", stint.tier))
        for position, change in enumerate(stint.changes):
            if change.tier not in tiers:
                found.append(
                    UnknownReference(
                        "memberships", index, f"changes[{position}].tier", "tier", change.tier
                    )
                )
        for other in stints[stint.member]:
            if _overlap(stint.joined, stint.left, other.joined, other.left):
                found.append(
                    OverlappingMemberships(stint.member, stint.joined, other.joined, index)
                )
                break
        stints[stint.member].append(stint)
    return found


def _overlap(
    start: dt.date, end: dt.date | None, other_start: dt.date, other_end: dt.date | None
) -> bool:
    """True when the half-open periods [start, end) and [other_start, other_end) meet."""
    return (end is None or other_start < end) and (other_end is None or start < other_end)


def funding_violations(
    centres: Sequence[Centre],
    funders: Sequence[Funder],
    contributions: Sequence[Contribution],
    costs: Sequence[Cost],
) -> list[RuleViolation]:
    """Every rule broken by the network's funders, contributions and costs, in file order.

    Rules: unique funder ids; every contribution names a known funder; a
    contribution or a cost for one centre names a known centre, planned or
    open on its day (once) or in every year of its period (yearly), since a
    centre is paid for and costs something only while it counts in the
    network. While two centres share an id (a broken rule of its own,
    :class:`~telecentre_core.DuplicateCentre`), a reference to a centre is
    ambiguous and is not checked.
    """
    found: list[RuleViolation] = []
    found.extend(_duplicates("funders", [funder.id for funder in funders]))
    funder_ids = {funder.id for funder in funders}
    by_id = {centre.id: centre for centre in centres}
    centre_by_id = by_id if len(by_id) == len(centres) else None
    for index, contribution in enumerate(contributions):
        if contribution.funder not in funder_ids:
            found.append(
                UnknownReference("contributions", index, "funder", "funder", contribution.funder)
            )
        found.extend(_recipient("contributions", index, contribution, centre_by_id))
    for index, cost in enumerate(costs):
        found.extend(_recipient("costs", index, cost, centre_by_id))
    return found


def _recipient(
    collection: str,
    index: int,
    record: Contribution | Cost,
    centre_by_id: dict[str, Centre] | None,
) -> list[RuleViolation]:
    if record.centre is None or centre_by_id is None:
        return []
    centre = centre_by_id.get(record.centre)
    if centre is None:
        return [UnknownReference(collection, index, "centre", "centre", record.centre)]
    lifecycle = centre.lifecycle
    if record.on is not None:
        if centre.is_active_on(record.on):
            return []
        return [CentreNotActive(collection, index, "on", centre.id, on=record.on)]
    assert record.first_year is not None  # checked when the record is built
    # A year counts when the centre is planned or open on at least one of its days.
    if record.first_year < lifecycle.start.year:
        return [CentreNotActive(collection, index, "first_year", centre.id, year=record.first_year)]
    if lifecycle.closes is not None:
        last_active = (lifecycle.closes - dt.timedelta(days=1)).year
        if record.first_year > last_active:
            return [
                CentreNotActive(collection, index, "first_year", centre.id, year=record.first_year)
            ]
        if record.last_year is None or record.last_year > last_active:
            # An open-ended record, or one running past the closing: its last year is wrong.
            return [
                CentreNotActive(collection, index, "last_year", centre.id, year=last_active + 1)
            ]
    return []
