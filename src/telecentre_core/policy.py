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
from collections.abc import Iterable
from typing import Any, Final

import attrs

from . import _validate as v
from .errors import InvalidValue
from .funding import CostCategory, SplitRule
from .money import Money
from .opening import DEFAULT_HOURS, DEFAULT_UNITS, BookableUnit, WeeklyHours, check_holiday_slugs
from .pricing import FreeVariant, PassKind, PassPrice, Proration, Tier

__all__ = ["FeeBand", "FreePeriod", "FundingPolicy", "Policy", "SpecialisationScope"]


def _money(field: str) -> v.Validator[Money]:
    return v.instance_of(field, Money, "an amount of money (Money)")


@attrs.frozen(kw_only=True)
class FeeBand:
    """The range every monthly tier must lie in (rule 5), both ends included.

    Source: "une cotisation allant de 50 à 100 € par mois" (the article).

    ``minimum`` and ``maximum`` are the lowest and the highest monthly fee.
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

    ``months`` is the length of the free period of every member; ``variants`` are longer (or
    shorter) ones for eligible groups.
    """

    months: int = attrs.field(default=12, validator=v.integer("months", minimum=0))
    variants: tuple[FreeVariant, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("variants", FreeVariant, "a FreeVariant"),
    )

    def months_for(self, eligibility: Iterable[str]) -> int:
        """The free months of a member in the ``eligibility`` groups: the longest that applies.

        >>> murat = FreePeriod(variants=[FreeVariant(eligibility="trained-newcomer", months=24)])
        >>> murat.months_for([]), murat.months_for(["trained-newcomer"])
        (12, 24)
        """
        groups = set(eligibility)
        matching = [variant.months for variant in self.variants if variant.eligibility in groups]
        return max(matching) if matching else self.months


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


#: Operating costs ("fonctionnement"), as opposed to investment: the two sections of a
#: French local authority's budget (instructions M14 and M57). Premises count as
#: operating: their yearly value is a rent, paid or given in kind.
DEFAULT_OPERATING_CATEGORIES: Final[tuple[CostCategory, ...]] = (
    CostCategory.PREMISES,
    CostCategory.ANIMATION,
    CostCategory.TRAINING,
    CostCategory.OPERATING,
)


def _categories(_instance: object, _attribute: object, value: Any) -> None:
    v.tuple_of("operating_categories", CostCategory, "a CostCategory")(_instance, _attribute, value)
    if len(set(value)) != len(value):
        raise InvalidValue(
            "operating_categories", [str(item) for item in value], "names a category twice"
        )


@attrs.frozen(kw_only=True)
class FundingPolicy:
    """How the funding reports count: the split across centres and what is operating.

    - ``split``: how a network-wide contribution is split across the centres,
      ``by-seats`` (the default: in proportion to the seats each centre has
      open, day by day) or ``equally``. The article does not say; splitting
      by seats follows the size of each centre.
    - ``operating_categories``: the cost categories that are operating costs,
      which the break-even fee must cover without subsidy; the others are
      investment. The default follows the French local-authority budget:
      premises, animation, training and running costs are operating costs,
      the initial investment, furniture and IT equipment are investment.
    """

    split: SplitRule = attrs.field(
        default=SplitRule.BY_SEATS, validator=v.instance_of("split", SplitRule, "a SplitRule")
    )
    operating_categories: tuple[CostCategory, ...] = attrs.field(
        default=DEFAULT_OPERATING_CATEGORIES, converter=v.as_tuple, validator=_categories
    )

    def is_operating(self, category: CostCategory) -> bool:
        """True when costs of ``category`` are operating costs."""
        return category in self.operating_categories


def _units(_instance: object, _attribute: object, value: Any) -> None:
    v.tuple_of("units", BookableUnit, "a BookableUnit")(_instance, _attribute, value)
    if not value:
        raise InvalidValue("units", [], "a network needs at least one bookable unit")
    slugs = [unit.slug for unit in value]
    for index, slug in enumerate(slugs):
        if slug in slugs[:index]:
            raise InvalidValue(f"units[{index}].slug", slug, "names a unit twice")


def _holidays_open(_instance: object, _attribute: object, value: Any) -> None:
    v.tuple_of("open_on_holidays", str, "a holiday slug")(_instance, _attribute, value)
    if value:
        check_holiday_slugs("open_on_holidays", value)


_LAST_BILLING_DAY = 28  # every month has it


def _billing_day(_instance: object, _attribute: object, value: Any) -> None:
    if value is None:
        return
    v.integer("billing_day", minimum=1)(_instance, _attribute, value)
    if value > _LAST_BILLING_DAY:
        raise InvalidValue(
            "billing_day",
            value,
            "must be from 1 to 28, so that every month has it; "
            "leave it unset to bill on each member's anniversary",
        )


@attrs.frozen(kw_only=True)
class Policy:
    """Everything a network decides for itself; the defaults are the Cantal's.

    - ``free_period``: the free months of a new member (12).
    - ``fee_band``: the range of monthly fees (50 € to 100 €).
    - ``specialisation_scope``: network-wide, or within N km.
    - ``max_seats_per_centre``: a cap on any centre's seats, or ``None`` for
      none (the Cantal's centres had "4 places au maximum" until Murat grew to
      6 in 2012, so its policy sets no cap).
    - ``tiers``: the monthly fees members choose from, each inside the band.
    - ``passes``: the prices of half-day, day and week passes.
    - ``proration``: how a partly paid period is charged (by day by default;
      the article does not say, so this default is the library's).
    - ``billing_day``: the day of the month billing periods start (1 to 28),
      or ``None`` (the default) to bill each member on the anniversary of its
      first join, so that its first paid period starts the day its free
      year ends.
    - ``funding``: how the funding reports split network-wide contributions
      across centres (by seats by default) and which costs are operating
      costs (:class:`FundingPolicy`).
    - ``opening_hours``: the weekly hours of a centre that declares none
      (weekdays 9:00 to 18:00; the article does not say, so this default is
      the library's).
    - ``open_on_holidays``: the public holidays the centres stay open on,
      by slug (``pentecost-monday``); by default they close on every public
      holiday of their territory.
    - ``units``: what members book by name (``morning``, ``afternoon``,
      ``day``, split at 13:00), each the centre's opening inside a window.
    - ``regular_use``: the bookings in a month that make a member a regular
      user (4, about once a week: the library's choice for the article's
      "30 télétravailleurs utilisent régulièrement les espaces").
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
    tiers: tuple[Tier, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=v.tuple_of("tiers", Tier, "a Tier")
    )
    passes: tuple[PassPrice, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=v.tuple_of("passes", PassPrice, "a PassPrice")
    )
    proration: Proration = attrs.field(
        default=Proration.BY_DAY, validator=v.instance_of("proration", Proration, "a Proration")
    )
    billing_day: int | None = attrs.field(default=None, validator=_billing_day)
    funding: FundingPolicy = attrs.field(
        factory=FundingPolicy,
        validator=v.instance_of("funding", FundingPolicy, "a FundingPolicy"),
    )

    opening_hours: WeeklyHours = attrs.field(
        default=DEFAULT_HOURS,
        validator=v.instance_of("opening_hours", WeeklyHours, "a WeeklyHours"),
    )
    open_on_holidays: tuple[str, ...] = attrs.field(
        default=(), converter=v.as_tuple, validator=_holidays_open
    )
    units: tuple[BookableUnit, ...] = attrs.field(
        default=DEFAULT_UNITS, converter=v.as_tuple, validator=_units
    )
    regular_use: int = attrs.field(default=4, validator=v.integer("regular_use", minimum=1))

    def unit(self, slug: str) -> BookableUnit:
        """The bookable unit called ``slug``; raises LookupError if the policy has none."""
        for unit in self.units:
            if unit.slug == slug:
                return unit
        raise LookupError(f"the policy has no bookable unit {slug!r}")

    def free_months_for(self, eligibility: Iterable[str]) -> int:
        """The free months of a member in the ``eligibility`` groups (rule 4)."""
        return self.free_period.months_for(eligibility)

    def tier(self, slug: str) -> Tier:
        """The tier called ``slug``; raises LookupError if the policy has none."""
        for tier in self.tiers:
            if tier.slug == slug:
                return tier
        raise LookupError(f"the policy has no tier {slug!r}")

    def pass_price(self, kind: PassKind) -> PassPrice:
        """The price of passes of ``kind``; raises LookupError if the policy sells none."""
        for price in self.passes:
            if price.kind is kind:
                return price
        raise LookupError(f"the policy sells no {kind} pass")
