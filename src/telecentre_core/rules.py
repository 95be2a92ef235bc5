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

Rules on one centre alone (seat timeline order, lifecycle order, seats at
opening) are checked when the centre is built.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from .centre import Centre
from .errors import (
    DuplicateCentre,
    DuplicateSpecialisation,
    MaxSeatsExceeded,
    RuleViolation,
    SpecialisationConflict,
    UnknownSpecialisation,
)
from .policy import Policy
from .specialisation import Specialisation

__all__ = ["violations"]


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


def _duplicate_slugs(specialisations: Sequence[Specialisation]) -> list[RuleViolation]:
    seen: set[str] = set()
    found: list[RuleViolation] = []
    for specialisation in specialisations:
        if specialisation.slug in seen:
            found.append(DuplicateSpecialisation(specialisation.slug))
        seen.add(specialisation.slug)
    return found


def _duplicate_ids(centres: Sequence[Centre]) -> list[RuleViolation]:
    seen: set[str] = set()
    found: list[RuleViolation] = []
    for centre in centres:
        if centre.id in seen:
            found.append(DuplicateCentre(centre.id))
        seen.add(centre.id)
    return found


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
