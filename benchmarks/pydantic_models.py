"""The network file as pydantic v2 models: what a user might pick instead of the library.

The same keys, types and per-value constraints as the library's file format (strict
types, no extra keys, slugs, INSEE codes and postcodes by pattern, money as a string of
euros read as a Decimal, dates, times of day as ranges), and nothing more: pydantic checks
the shape of each record, not the network's rules (capacity, memberships, opening days),
which the library checks as it loads. Only what the benchmark's file uses is modelled.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Text = Annotated[str, Field(min_length=1, max_length=200)]
Amount = Annotated[str, Field(pattern=r"^-?[0-9]+(?:\.[0-9]{1,2})?$")]
Span = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Territory(_Model):
    code: Annotated[str, Field(pattern=r"^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$")]
    name: Text


class Tier(_Model):
    slug: Slug
    name: Text
    monthly_fee: Decimal

    @field_validator("monthly_fee", mode="before")
    @classmethod
    def _amount(cls, value: object) -> object:
        if not isinstance(value, str):
            raise ValueError("an amount written as a string")
        return Decimal(value)


class PassPrice(_Model):
    kind: Literal["half-day", "day", "week"]
    price: Amount


class FreePeriod(_Model):
    months: int = 12
    variants: tuple[dict[str, object], ...] = ()


class FeeBand(_Model):
    minimum: Amount
    maximum: Amount


class Unit(_Model):
    slug: Slug
    window: Span


class Hours(_Model):
    monday: tuple[Span, ...] = ()
    tuesday: tuple[Span, ...] = ()
    wednesday: tuple[Span, ...] = ()
    thursday: tuple[Span, ...] = ()
    friday: tuple[Span, ...] = ()
    saturday: tuple[Span, ...] = ()
    sunday: tuple[Span, ...] = ()


class Policy(_Model):
    free_period: FreePeriod
    fee_band: FeeBand
    tiers: tuple[Tier, ...]
    passes: tuple[PassPrice, ...]
    proration: Literal["by-day", "next-month", "full-month"]
    billing_day: int | None = None
    opening_hours: Hours
    units: tuple[Unit, ...]
    regular_use: int


class Specialisation(_Model):
    slug: Slug
    label: Text


class Commune(_Model):
    name: Text
    insee: Annotated[str, Field(pattern=r"^(\d{2}|2[AB])\d{3}$")]
    postcode: Annotated[str, Field(pattern=r"^\d{5}$")]


class Point(_Model):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class SeatChange(_Model):
    since: dt.date
    count: Annotated[int, Field(ge=1)]


class Lifecycle(_Model):
    planned_from: dt.date | None = None
    opens: dt.date | None = None
    closes: dt.date | None = None


class Holding(_Model):
    slug: Slug
    since: dt.date | None = None
    until: dt.date | None = None


class Closure(_Model):
    first: dt.date
    last: dt.date
    reason: str = ""


class Centre(_Model):
    id: Slug
    name: Text
    commune: Commune
    location: Point
    seats: tuple[SeatChange, ...]
    lifecycle: Lifecycle
    specialisations: tuple[Holding, ...] = ()
    hours: Hours | None = None
    closures: tuple[Closure, ...] = ()
    notes: str = ""


class Member(_Model):
    id: Slug
    name: Text
    kind: Literal["independent", "salaried", "nomadic"]
    employer: Slug | None = None
    eligibility: tuple[Slug, ...] = ()
    email: str | None = None
    phone: str | None = None
    notes: str = ""


class Company(_Model):
    id: Slug
    name: Text
    siren: str | None = None


class Agreement(_Model):
    company: Slug
    employees: tuple[Slug, ...]
    tier: Slug
    since: dt.date
    until: dt.date | None = None
    reference: str = ""


class TierChange(_Model):
    since: dt.date
    tier: Slug


class Membership(_Model):
    member: Slug
    joined: dt.date
    centre: Slug
    tier: Slug
    changes: tuple[TierChange, ...] = ()
    left: dt.date | None = None


class PassUse(_Model):
    member: Slug
    kind: Literal["half-day", "day", "week"]
    on: dt.date
    centre: Slug


class Funder(_Model):
    id: Slug
    name: Text
    kind: Literal["departement", "state", "communes", "region", "eu-fund", "company", "members"]
    siren: str | None = None
    notes: str = ""


Category = Literal[
    "initial-investment",
    "premises",
    "furniture",
    "it-equipment",
    "animation",
    "training",
    "operating",
]


class Contribution(_Model):
    funder: Slug
    centre: Slug | None = None
    category: Category
    form: Literal["cash", "in-kind"]
    amount: Amount
    on: dt.date | None = None
    first_year: int | None = None
    last_year: int | None = None
    reference: str = ""
    notes: str = ""


class Cost(_Model):
    centre: Slug | None = None
    category: Category
    amount: Amount
    on: dt.date | None = None
    first_year: int | None = None
    last_year: int | None = None
    notes: str = ""


class Booking(_Model):
    member: Slug
    centre: Slug
    day: dt.date
    time: Span
    unit: Slug | None = None
    series: Slug | None = None


class NetworkFile(_Model):
    """A whole network file."""

    schema_version: Literal[1]
    version: int = 0
    name: Text
    territory: Territory
    timezone: str = "Europe/Paris"
    policy: Policy
    specialisations: tuple[Specialisation, ...] = ()
    centres: tuple[Centre, ...] = ()
    members: tuple[Member, ...] = ()
    companies: tuple[Company, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    memberships: tuple[Membership, ...] = ()
    pass_uses: tuple[PassUse, ...] = ()
    funders: tuple[Funder, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    costs: tuple[Cost, ...] = ()
    bookings: tuple[Booking, ...] = ()
    notes: str = ""
