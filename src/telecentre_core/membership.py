"""Members, companies, memberships, agreements, prospects and pass uses.

A member joins the network on a date, at a home centre, on a tier; changes
tier from a date; leaves on a date; may rejoin later. A company may pay for
named employees under an agreement, and before that it is a prospect the
network follows. Personal data is kept minimal: a display name and, if the
member wants, one e-mail address and one phone number.

>>> import datetime as dt
>>> from telecentre_core import Membership, TierChange
>>> stint = Membership(
...     member="anne",
...     joined=dt.date(2010, 1, 31),
...     centre="murat",
...     tier="standard",
...     changes=[TierChange(since=dt.date(2011, 3, 31), tier="plus")],
...     left=dt.date(2012, 1, 1),
... )
>>> stint.tier_on(dt.date(2011, 3, 30)), stint.tier_on(dt.date(2011, 3, 31))
('standard', 'plus')
>>> stint.tier_on(dt.date(2012, 1, 1)) is None
True
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from . import _validate as v
from .errors import InvalidValue
from .pricing import PassKind

__all__ = [
    "Agreement",
    "Company",
    "Member",
    "MemberKind",
    "Membership",
    "PassUse",
    "Prospect",
    "ProspectStage",
    "TierChange",
]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9 .-]{5,20}")


class MemberKind(enum.StrEnum):
    """What kind of worker a member is (the article's three kinds)."""

    INDEPENDENT = "independent"
    """A freelancer, "travailleur indépendant", most of the Cantal's members."""
    SALARIED = "salaried"
    """A salaried teleworker, "télétravailleur salarié", who has an employer."""
    NOMADIC = "nomadic"
    """A nomadic worker, "travailleur nomade", passing through."""


@attrs.frozen(kw_only=True)
class Member:
    """A person who uses the centres.

    ``id`` is a stable slug other records refer to; ``name`` is how the
    member is shown. A salaried teleworker names its ``employer`` (a company
    id of the network); the others name none. ``eligibility`` lists the
    groups the member belongs to for the policy's free-period variants
    (``trained-newcomer``). ``email`` and ``phone`` are optional.

    ``kind`` says whether the member is independent, salaried or nomadic; ``notes`` is free
    text.

    The personal data are ``id`` (a département may use names as ids), ``name``,
    ``email``, ``phone`` and ``notes``. ``forgotten`` marks a member whose personal data
    were erased (:meth:`Network.forget_member <telecentre_core.Network.forget_member>`):
    their ``id`` and ``name`` are a pseudonym, and they have no e-mail, phone or notes.
    """

    id: str = attrs.field(validator=v.slug("id"))
    name: str = attrs.field(validator=v.text("name"))
    kind: MemberKind = attrs.field(validator=v.instance_of("kind", MemberKind, "a MemberKind"))
    employer: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.slug("employer"))
    )
    eligibility: tuple[str, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=attrs.validators.deep_iterable(
            v.slug("eligibility"), attrs.validators.instance_of(tuple)
        ),
    )
    email: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            v.matches("email", _EMAIL, "an e-mail address like 'name@example.org'")
        ),
    )
    phone: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            v.matches("phone", _PHONE, "a phone number of digits, spaces, dots or dashes")
        ),
    )
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))
    forgotten: bool = attrs.field(
        default=False, validator=v.instance_of("forgotten", bool, "true or false")
    )

    def __attrs_post_init__(self) -> None:
        if self.forgotten:
            for field in ("email", "phone", "notes"):
                if getattr(self, field):
                    raise InvalidValue(
                        field, getattr(self, field), "a forgotten member keeps no personal data"
                    )
        if self.kind is MemberKind.SALARIED and self.employer is None:
            raise InvalidValue("employer", None, "a salaried teleworker names an employer")
        if self.kind is not MemberKind.SALARIED and self.employer is not None:
            raise InvalidValue(
                "employer", self.employer, f"only a salaried teleworker has one, not {self.kind}"
            )


@attrs.frozen(kw_only=True)
class Company:
    """A company the network prospects or bills: ``id``, ``name``, optional SIREN number.

    The SIREN number is checked as INSEE defines it, 9 digits whose last is a
    Luhn check digit, with python-stdnum.

    ``siren`` is the SIREN number, unset when not known.
    """

    id: str = attrs.field(validator=v.slug("id"))
    name: str = attrs.field(validator=v.text("name"))
    siren: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(v.siren("siren"))
    )


class ProspectStage(enum.StrEnum):
    """Where the network stands with a company it approached."""

    CONTACTED = "contacted"
    INTERESTED = "interested"
    AGREEMENT_SIGNED = "agreement-signed"
    DECLINED = "declined"


@attrs.frozen(kw_only=True)
class Prospect:
    """A company approached: its stage on ``updated`` and how many employees are interested.

    Source: « Une prospection auprès de grands groupes est en cours afin de
    sensibiliser et d'identifier des salariés intéressés » (the article).

    ``company`` is the company's id; ``stage`` how far the prospection went;
    ``employees_interested`` how many of its employees are interested; ``notes`` is free text.
    """

    company: str = attrs.field(validator=v.slug("company"))
    stage: ProspectStage = attrs.field(
        validator=v.instance_of("stage", ProspectStage, "a ProspectStage")
    )
    employees_interested: int = attrs.field(
        default=0, validator=v.integer("employees_interested", minimum=0)
    )
    updated: dt.date = attrs.field(validator=v.date("updated"))
    notes: str = attrs.field(default="", validator=v.instance_of("notes", str, "a string"))


@attrs.frozen(kw_only=True)
class Agreement:
    """A company pays for named ``employees`` on ``tier`` from ``since`` until ``until``.

    ``until`` is the first day it no longer pays (unset: open-ended);
    ``reference`` names the signed agreement.

    ``company`` is the id of the company that pays.
    """

    company: str = attrs.field(validator=v.slug("company"))
    employees: tuple[str, ...] = attrs.field(
        converter=v.as_tuple,
        validator=attrs.validators.deep_iterable(
            v.slug("employees"), attrs.validators.instance_of(tuple)
        ),
    )
    tier: str = attrs.field(validator=v.slug("tier"))
    since: dt.date = attrs.field(validator=v.date("since"))
    until: dt.date | None = attrs.field(default=None, validator=v.optional_date("until"))
    reference: str = attrs.field(default="", validator=v.instance_of("reference", str, "a string"))

    def __attrs_post_init__(self) -> None:
        if not self.employees:
            raise InvalidValue("employees", [], "an agreement names at least one employee")
        if len(set(self.employees)) != len(self.employees):
            raise InvalidValue("employees", list(self.employees), "names an employee twice")
        if self.until is not None and self.until <= self.since:
            raise InvalidValue("until", self.until, f"must be after since ({self.since})")

    def covers(self, member_id: str, day: dt.date) -> bool:
        """True when the agreement pays for ``member_id`` on ``day``."""
        return (
            member_id in self.employees
            and self.since <= day
            and (self.until is None or day < self.until)
        )


@attrs.frozen(kw_only=True)
class TierChange:
    """From ``since`` on, the membership is on ``tier``."""

    since: dt.date = attrs.field(validator=v.date("since"))
    tier: str = attrs.field(validator=v.slug("tier"))


@attrs.frozen(kw_only=True)
class Membership:
    """One stint of a member in the network: joined, home centre, tier, changes, left.

    ``left`` is the first day the member is no longer a member (unset: still
    one). Tier ``changes`` are in date order, strictly inside the stint.

    ``member`` is the member's id; ``joined`` the first day of the stint; ``centre`` the id of
    the home centre; ``tier`` the slug of the tier it starts on.
    """

    member: str = attrs.field(validator=v.slug("member"))
    joined: dt.date = attrs.field(validator=v.date("joined"))
    centre: str = attrs.field(validator=v.slug("centre"))
    tier: str = attrs.field(validator=v.slug("tier"))
    changes: tuple[TierChange, ...] = attrs.field(
        default=(),
        converter=v.as_tuple,
        validator=v.tuple_of("changes", TierChange, "a TierChange"),
    )
    left: dt.date | None = attrs.field(default=None, validator=v.optional_date("left"))

    def __attrs_post_init__(self) -> None:
        if self.left is not None and self.left <= self.joined:
            raise InvalidValue("left", self.left, f"must be after joined ({self.joined})")
        previous = self.joined
        for index, change in enumerate(self.changes):
            if change.since <= previous:
                raise InvalidValue(
                    f"changes[{index}].since",
                    change.since,
                    f"must be after {previous} (after joining, and in date order)",
                )
            previous = change.since
        if self.left is not None and self.changes and self.changes[-1].since >= self.left:
            last = len(self.changes) - 1
            raise InvalidValue(
                f"changes[{last}].since",
                self.changes[-1].since,
                f"must be before left ({self.left})",
            )

    def is_active_on(self, day: dt.date) -> bool:
        """True when the member belongs to the network on ``day`` through this stint."""
        return self.joined <= day and (self.left is None or day < self.left)

    def tier_on(self, day: dt.date) -> str | None:
        """The tier on ``day``, or None outside the stint."""
        if not self.is_active_on(day):
            return None
        tier = self.tier
        for change in self.changes:
            if change.since <= day:
                tier = change.tier
        return tier

    def tiers(self) -> tuple[str, ...]:
        """Every tier the stint uses, in order."""
        return (self.tier, *(change.tier for change in self.changes))


@attrs.frozen(kw_only=True)
class PassUse:
    """A pass used by a member at a centre on a day (charged at the policy's price).

    ``member`` is the member's id, ``kind`` the kind of pass, ``on`` the day and ``centre`` the
    id of the centre.
    """

    member: str = attrs.field(validator=v.slug("member"))
    kind: PassKind = attrs.field(validator=v.instance_of("kind", PassKind, "a PassKind"))
    on: dt.date = attrs.field(validator=v.date("on"))
    centre: str = attrs.field(validator=v.slug("centre"))
