"""Funding: who pays for a network, what for, and what the network costs.

A :class:`Funder` (the Conseil général, the DATAR, the communes, a European
fund...) makes :class:`Contribution` s to the whole network or to one centre:
cash, or something given in kind (premises lent by a commune) valued in euros.
A :class:`Cost` is what the network, or one centre, costs. Contributions and
costs share one list of categories, :class:`CostCategory`, so that a report
sets what is funded against what it costs, category by category (see
:func:`~telecentre_core.funding_balance`).

Both are dated either once, ``on`` a day, or every calendar year from
``first_year`` to ``last_year`` (both included), the budget year of French
local authorities, which runs from 1 January to 31 December. The amount of a
yearly record is the amount of each year.

>>> from telecentre_core import Contribution, CostCategory, Money
>>> grant = Contribution(
...     funder="conseil-general",
...     category=CostCategory.ANIMATION,
...     amount=Money.of("25000"),
...     first_year=2007,
...     last_year=2011,
...     reference="Convention d'animation (illustrative)",
... )
>>> grant.amount_in(2006), grant.amount_in(2007)
(Money('0.00'), Money('25000.00'))
>>> grant.total_in(2006, 2011)
Money('125000.00')
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, Final

import attrs

from . import _validate as v
from .errors import AmountNotPositive, InvalidFundingPeriod, InvalidValue
from .money import Money

__all__ = [
    "Contribution",
    "ContributionForm",
    "Cost",
    "CostCategory",
    "Funder",
    "FunderKind",
    "SplitRule",
]

#: The last year a record may name: the year of the last date Python knows.
LAST_YEAR: Final = 9999


class FunderKind(enum.StrEnum):
    """Who a funder is: the public bodies the article and its sources name, companies, members."""

    DEPARTEMENT = "departement"
    """The département's council, the Conseil général (now Conseil départemental)."""
    STATE = "state"
    """A State agency, such as the DATAR (the DIACT from 2006 to 2009), now the ANCT."""
    COMMUNES = "communes"
    """A commune, or a grouping of communes (communauté de communes)."""
    REGION = "region"
    """A regional council."""
    EU_FUND = "eu-fund"
    """A European fund, such as the European Social Fund (ESF), LEADER or the ERDF."""
    COMPANY = "company"
    """A company, such as a sponsor, or an employer paying more than its employees' fees."""
    MEMBERS = "members"
    """The members themselves, for what they give beyond their fees (billing counts the fees)."""

    @property
    def is_public(self) -> bool:
        """True for public money, which every kind but companies and members gives."""
        return self not in (FunderKind.COMPANY, FunderKind.MEMBERS)


class CostCategory(enum.StrEnum):
    """What money pays for; contributions and costs share the categories.

    The categories are the issue's reading of the article: the DATAR funded
    the initial investment, the communes provide the premises, the Conseil
    général funds furniture, IT equipment, animation and training, and the
    rest is running the centres. Which of them are operating costs, as
    opposed to investment, is the policy's
    (``operating_categories`` of :class:`~telecentre_core.FundingPolicy`).
    """

    INITIAL_INVESTMENT = "initial-investment"
    """Setting a centre up, its works and first fittings."""
    PREMISES = "premises"
    """The space itself, its rent or its value when a commune lends it."""
    FURNITURE = "furniture"
    """Desks, chairs, storage."""
    IT_EQUIPMENT = "it-equipment"
    """Computers, printers, network equipment."""
    ANIMATION = "animation"
    """Networking events and the people who run them ("animation")."""
    TRAINING = "training"
    """Training sessions ("formations")."""
    OPERATING = "operating"
    """Running costs, such as the connection, energy, cleaning, maintenance and insurance."""


class ContributionForm(enum.StrEnum):
    """How a contribution is given: money, or something given in kind and valued."""

    CASH = "cash"
    """Money paid."""
    IN_KIND = "in-kind"
    """Premises, equipment or services given, counted at their value ("apport en nature")."""


class SplitRule(enum.StrEnum):
    """How a network-wide amount is split across its centres (a policy setting)."""

    BY_SEATS = "by-seats"
    """In proportion to each centre's seats for the days it is open (seat-days)."""
    EQUALLY = "equally"
    """One equal share for each centre open at least one day of the period."""


def _amount(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, Money):
        raise InvalidValue("amount", value, "must be an amount of money (Money)")
    if value.amount <= 0:
        raise AmountNotPositive("amount", value)


def _year(field: str) -> v.Validator[int | None]:
    def check(instance: object, attribute: object, value: Any) -> None:
        if value is None:
            return
        v.integer(field, minimum=1)(instance, attribute, value)
        if value > LAST_YEAR:
            raise InvalidValue(field, value, f"must be a year from 1 to {LAST_YEAR}")

    return check


def _check_period(on: dt.date | None, first_year: int | None, last_year: int | None) -> None:
    """Raise :class:`InvalidFundingPeriod` unless dated once, or yearly with years in order."""
    if on is not None and first_year is not None:
        raise InvalidFundingPeriod(
            "first_year",
            "a record is dated once (on) or every year (first_year), not both",
            on,
            first_year,
            last_year,
        )
    if on is not None and last_year is not None:
        raise InvalidFundingPeriod(
            "last_year",
            "a record dated once (on) has no last year",
            on,
            first_year,
            last_year,
        )
    if on is None and first_year is None:
        field = "first_year" if last_year is not None else "on"
        raise InvalidFundingPeriod(
            field,
            "a record needs a day (on) or a first year (first_year)",
            on,
            first_year,
            last_year,
        )
    if first_year is not None and last_year is not None and last_year < first_year:
        raise InvalidFundingPeriod(
            "last_year",
            f"must not be before first_year ({first_year})",
            on,
            first_year,
            last_year,
        )


def _amount_in(
    amount: Money, on: dt.date | None, first_year: int | None, last_year: int | None, year: int
) -> Money:
    if on is not None:
        return amount if on.year == year else Money.zero()
    assert first_year is not None  # checked when the record is built
    if first_year <= year and (last_year is None or year <= last_year):
        return amount
    return Money.zero()


def _years_in(
    on: dt.date | None,
    first_year: int | None,
    last_year: int | None,
    first: int,
    last: int,
) -> range:
    """The years of ``first``..``last`` (both included) the record counts in."""
    if on is not None:
        return range(on.year, on.year + 1) if first <= on.year <= last else range(0)
    assert first_year is not None  # checked when the record is built
    end = last if last_year is None else min(last, last_year)
    return range(max(first, first_year), end + 1)


class _Dated:
    """What contributions and costs share: an amount dated once (``on``) or every year.

    Dated once: ``on`` set. Yearly: every year from ``first_year`` to
    ``last_year`` (both included; unset: open-ended), ``amount`` being then
    the amount of each year. Checked when the record is built.
    """

    __slots__ = ()

    amount: Money
    on: dt.date | None
    first_year: int | None
    last_year: int | None

    def __attrs_post_init__(self) -> None:
        _check_period(self.on, self.first_year, self.last_year)

    @property
    def is_yearly(self) -> bool:
        """True when it counts every year, False when it counts once."""
        return self.on is None

    def amount_in(self, year: int) -> Money:
        """Its amount in calendar ``year`` (0.00 € outside its period)."""
        return _amount_in(self.amount, self.on, self.first_year, self.last_year, year)

    def years_in(self, first: int, last: int) -> range:
        """The years of ``first``..``last`` (both included) in which it counts."""
        return _years_in(self.on, self.first_year, self.last_year, first, last)

    def total_in(self, first: int, last: int) -> Money:
        """Its total over the years ``first``..``last``, both included."""
        return self.amount * len(self.years_in(first, last))


@attrs.frozen(kw_only=True)
class Funder:
    """Who pays: a public body, a company or the members, with an optional SIREN number.

    ``id`` is a stable slug contributions refer to. ``siren`` is checked as
    INSEE defines it (9 digits, the last a Luhn check digit) with
    python-stdnum; French public bodies have one too (a département's starts
    with 22).

    ``name`` is how the funder is shown; ``kind`` what kind of body it is; ``notes`` is free
    text.
    """

    id: str = attrs.field(validator=v.slug("id"))
    name: str = attrs.field(validator=v.text("name"))
    kind: FunderKind = attrs.field(validator=v.instance_of("kind", FunderKind, "a FunderKind"))
    siren: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.siren("siren"))
    )
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))

    @property
    def is_public(self) -> bool:
        """True when the funder spends public money (see :attr:`FunderKind.is_public`)."""
        return self.kind.is_public


@attrs.frozen(kw_only=True)
class Contribution(_Dated):
    """Money or something in kind a funder gives, to the whole network or to one centre.

    ``centre`` unset: the whole network (a report splits it across the
    centres as the policy says); set: that centre's id. ``amount`` is more
    than zero: the money paid, or the value of what is given in kind
    (``form``). It is dated ``on`` a day, or every year from ``first_year``
    to ``last_year`` (both included; unset: every year from ``first_year``
    on), ``amount`` being then the amount of each year. ``reference`` names
    the decision: the call for tenders, the agreement, the council's vote.

    ``funder`` is the id of the funder who gives it; ``category`` the cost category it funds;
    ``notes`` is free text.
    """

    funder: str = attrs.field(validator=v.slug("funder"))
    centre: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.slug("centre"))
    )
    category: CostCategory = attrs.field(
        validator=v.instance_of("category", CostCategory, "a CostCategory")
    )
    form: ContributionForm = attrs.field(
        default=ContributionForm.CASH,
        validator=v.instance_of("form", ContributionForm, "a ContributionForm"),
    )
    amount: Money = attrs.field(validator=_amount)
    on: dt.date | None = attrs.field(default=None, validator=v.optional_date("on"))
    first_year: int | None = attrs.field(default=None, validator=_year("first_year"))
    last_year: int | None = attrs.field(default=None, validator=_year("last_year"))
    reference: str = attrs.field(default="", validator=v.instance_of("reference", str, "a string"))
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))


@attrs.frozen(kw_only=True)
class Cost(_Dated):
    """What the network, or one of its centres, costs in a category.

    ``centre`` unset: the whole network; set: that centre's id. ``amount`` is
    more than zero. Dated like a :class:`Contribution`: ``on`` a day, or every
    year from ``first_year`` to ``last_year`` (both included), ``amount`` being
    then the cost of each year. A cost of premises lent in kind is their
    value, so that the contribution in kind covers it.

    ``category`` is the cost category; ``notes`` is free text.
    """

    centre: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.slug("centre"))
    )
    category: CostCategory = attrs.field(
        validator=v.instance_of("category", CostCategory, "a CostCategory")
    )
    amount: Money = attrs.field(validator=_amount)
    on: dt.date | None = attrs.field(default=None, validator=v.optional_date("on"))
    first_year: int | None = attrs.field(default=None, validator=_year("first_year"))
    last_year: int | None = attrs.field(default=None, validator=_year("last_year"))
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))
