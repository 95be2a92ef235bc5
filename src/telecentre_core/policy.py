"""A network's policy: the rules another département may set differently, as data.

The defaults reproduce the Cantal's Cybercantal: a free first year, then a
fee of 50 to 100 € a month, and specialisations exclusive across the whole
network. A département declares its own values, in Python or in its network
file, and every rule reads them from here; nothing is hard-coded elsewhere.

>>> from telecentre_core import FeeBand, Money, Policy, SpecialisationScope
>>> Policy().free_period.months, str(Policy().fee_band)
(12, '50.00 € to 100.00 €')
>>> policy = Policy(
...     fee_band=FeeBand(minimum=Money.of(40), maximum=Money.of(80)),
...     specialisation_scope=SpecialisationScope(within_km=30),
... )
>>> scope = policy.specialisation_scope
>>> scope.applies_between(12.0), scope.applies_between(45.0)
(True, False)
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from . import _validate as v
from .errors import InvalidValue
from .money import Money

__all__ = ["FeeBand", "FreePeriod", "Policy", "SpecialisationScope"]


def _money(field: str) -> v.Validator[Money]:
    return v.instance_of(field, Money, "an amount of money (Money)")


@attrs.frozen(kw_only=True)
class FeeBand:
    """The range every monthly tier must lie in (rule 5), both ends included.

    Source: "une cotisation allant de 50 à 100 € par mois" (the article).
    """

    minimum: Money = attrs.field(default=Money.of(50), validator=_money("minimum"))
    maximum: Money = attrs.field(default=Money.of(100), validator=_money("maximum"))

    def __attrs_post_init__(self) -> None:
        if self.minimum.is_negative():
            raise InvalidValue("minimum", self.minimum, "must not be negative")
        if self.maximum < self.minimum:
            raise InvalidValue(
                "maximum", self.maximum, f"must not be below the minimum ({self.minimum})"
            )

    def contains(self, amount: Money) -> bool:
        """True when ``amount`` lies inside the band."""
        return self.minimum <= amount <= self.maximum

    def __str__(self) -> str:
        return f"{self.minimum} to {self.maximum}"


@attrs.frozen(kw_only=True)
class FreePeriod:
    """How long a new member uses the centres for free (rule 4).

    Counted once per member from the first day they joined (leaving and
    rejoining does not restart it). Source: "L'utilisation des télécentres est
    gratuite la première année" (the article).
    """

    months: int = attrs.field(default=12, validator=v.integer("months", minimum=0))


def _within_km(_instance: object, _attribute: object, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, float):
        raise InvalidValue("within_km", value, "must be a number of kilometres")
    if not math.isfinite(value) or value <= 0:
        raise InvalidValue("within_km", value, "must be a positive number of kilometres")


def _optional_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@attrs.frozen(kw_only=True)
class SpecialisationScope:
    """Where a specialisation is exclusive (rule 1).

    ``within_km`` unset: across the whole network (the Cantal). Set: only
    between centres less than that many kilometres apart (great-circle
    distance between their locations), so two far-apart centres may share a
    theme.
    """

    within_km: float | None = attrs.field(
        default=None, converter=_optional_float, validator=_within_km
    )

    def applies_between(self, distance_km: float) -> bool:
        """True when two centres ``distance_km`` apart may not share a specialisation."""
        return self.within_km is None or distance_km < self.within_km


@attrs.frozen(kw_only=True)
class Policy:
    """Everything a network decides for itself; the defaults are the Cantal's.

    - ``free_period``: the free months of a new member (12).
    - ``fee_band``: the range of monthly fees (50 € to 100 €).
    - ``specialisation_scope``: network-wide, or within N km.
    - ``max_seats_per_centre``: a cap on any centre's seats, or ``None`` for
      none (the Cantal's centres had "4 places au maximum" until Murat grew to
      6 in 2012, so its policy sets no cap).
    """

    free_period: FreePeriod = attrs.field(
        factory=FreePeriod, validator=v.instance_of("free_period", FreePeriod, "a FreePeriod")
    )
    fee_band: FeeBand = attrs.field(
        factory=FeeBand, validator=v.instance_of("fee_band", FeeBand, "a FeeBand")
    )
    specialisation_scope: SpecialisationScope = attrs.field(
        factory=SpecialisationScope,
        validator=v.instance_of(
            "specialisation_scope", SpecialisationScope, "a SpecialisationScope"
        ),
    )
    max_seats_per_centre: int | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(v.integer("max_seats_per_centre", minimum=1)),
    )
