"""Pricing: monthly tiers, passes, proration, and the free period's variants.

What a network charges is declared in its :class:`~telecentre_core.Policy`.
The Cantal's band is 50 to 100 € a month (the article); Murat priced passes
at 10 € a half-day, 20 € a day and 80 € a week around 2011 (a secondary
source, coopconnectpaca), the documented example below.

>>> from telecentre_core import Money, PassKind, PassPrice, Tier
>>> Tier(slug="standard", name="Standard", monthly_fee=Money.of(50))
Tier(slug='standard', name='Standard', monthly_fee=Money('50.00'))
>>> [str(PassPrice(kind=kind, price=Money.of(p)).price) for kind, p in
...  [(PassKind.HALF_DAY, 10), (PassKind.DAY, 20), (PassKind.WEEK, 80)]]
['10.00 €', '20.00 €', '80.00 €']
"""

from __future__ import annotations

import enum

import attrs

from . import _validate as v
from .errors import InvalidValue
from .money import Money

__all__ = ["FreeVariant", "PassKind", "PassPrice", "Proration", "Tier"]


def _money(field: str) -> v.Validator[Money]:
    return v.instance_of(field, Money, "an amount of money (Money)")


def _not_negative(field: str, amount: Money) -> None:
    if amount.is_negative():
        raise InvalidValue(field, amount, "must not be negative")


@attrs.frozen(kw_only=True)
class Tier:
    """A level of the monthly fee ("tarif"): a stable ``slug``, a ``name`` and its fee.

    Every tier's fee lies inside the policy's fee band (rule 5); the network
    checks that, since the band is the policy's.

    ``monthly_fee`` is the fee of a month.
    """

    slug: str = attrs.field(validator=v.slug("slug"))
    name: str = attrs.field(validator=v.text("name"))
    monthly_fee: Money = attrs.field(validator=_money("monthly_fee"))

    def __attrs_post_init__(self) -> None:
        _not_negative("monthly_fee", self.monthly_fee)


class PassKind(enum.StrEnum):
    """Pay-per-use access, mostly for nomadic workers ("demi-journée, journée, semaine")."""

    HALF_DAY = "half-day"
    DAY = "day"
    WEEK = "week"


@attrs.frozen(kw_only=True)
class PassPrice:
    """The price of one kind of pass.

    ``kind`` is the kind of pass (half-day, day, week) and ``price`` what it costs.
    """

    kind: PassKind = attrs.field(validator=v.instance_of("kind", PassKind, "a PassKind"))
    price: Money = attrs.field(validator=_money("price"))

    def __attrs_post_init__(self) -> None:
        _not_negative("price", self.price)


class Proration(enum.StrEnum):
    """How a billing period the member pays only part of is charged.

    - ``none``: any period with a paying day is charged in full, on the tier
      of its first paying day.
    - ``by-day``: each day is charged its share of the tier's fee; the shares
      of a whole period sum exactly to the fee (the leftover cents go to the
      first days), so a tier change or a departure inside a period is charged
      exactly for the days on each tier.
    - ``next-month``: a period is charged in full when the member pays on its
      first day, and not at all otherwise: charging starts with the first
      whole period, and a tier change takes effect from the next period.
    """

    NONE = "none"
    BY_DAY = "by-day"
    NEXT_MONTH = "next-month"


@attrs.frozen(kw_only=True)
class FreeVariant:
    """A longer (or shorter) free period for members of an ``eligibility`` group.

    Murat granted "two years free for trained newcomers" around 2011
    (coopconnectpaca): ``FreeVariant(eligibility="trained-newcomer", months=24)``.
    A member is in the group when its ``eligibility`` lists the slug; the
    longest period among the groups it belongs to applies.

    ``months`` is the length of the free period for that group.
    """

    eligibility: str = attrs.field(validator=v.slug("eligibility"))
    months: int = attrs.field(validator=v.integer("months", minimum=0))
