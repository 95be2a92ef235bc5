"""The JSON Schema of network files, generated from the model's attrs classes.

Editors use it to complete and check a network file as it is typed (VS Code's
``json.schemas``, Taplo's ``#:schema`` directive for TOML); the loader stays
the authority (it also checks the rules a schema cannot say, like seat
changes in date order). The schema is built by walking the fields of the
model's classes, so a field added to the model appears here without a
change; what a type alone does not say (patterns, ranges, lengths) and what
each key means are written in the tables below, keyed by class and field.

>>> from telecentre_core.schema import network_schema
>>> schema = network_schema()
>>> schema["properties"]["schema_version"]["const"]
1
>>> schema["$defs"]["SeatChange"]["properties"]["count"]["minimum"]
1
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any, Final

import attrs

from .io import _TOP, SCHEMA_VERSION, make_converter
from .money import Money
from .network import Network
from .opening import TimeRange

__all__ = ["SCHEMA_ID", "network_schema"]

#: The schema's identity: a name, never fetched (the schema ships with the library).
SCHEMA_ID: Final = f"https://telecentre-core.readthedocs.io/schema/network-{SCHEMA_VERSION}.json"

# Patterns are written for ECMA-262 (what editors run) and mean the same under
# Python's re: [0-9] rather than \d, which Python lets match any Unicode digit.
_SLUG: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_TEXT: Final[dict[str, Any]] = {"minLength": 1, "maxLength": 200, "pattern": r"\S"}
_DATE: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# io.py's _TIME, anchored: a local time of day, HH:MM (":00" seconds allowed, as TOML writes).
_TIME: Final = r"^([01][0-9]|2[0-3]):[0-5][0-9](:00)?$"
_MONEY: Final = r"^-?[0-9]+(?:\.[0-9]{1,2})?$"
# opening.py's TimeRange.parse: HH:MM-HH:MM, 24:00 for the end of the day.
_CLOCK: Final = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_RANGE: Final = rf"^{_CLOCK}-(?:{_CLOCK}|24:00)$"
# membership.py's patterns, anchored, with [0-9] for \d.
_EMAIL: Final = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_PHONE: Final = r"^\+?[0-9][0-9 .-]{5,20}$"
_SIREN: Final = r"^[0-9]{9}$"
_NON_NEGATIVE_MONEY: Final[dict[str, Any]] = {
    "pattern": r"^[0-9]+(?:\.[0-9]{1,2})?$",
    "minimum": 0,
}
# More than zero: some digit other than 0 (the lookahead), then a non-negative amount.
_POSITIVE_MONEY: Final[dict[str, Any]] = {
    "pattern": r"^(?=[0-9.]*[1-9])[0-9]+(?:\.[0-9]{1,2})?$",
    "exclusiveMinimum": 0,
}
_YEAR: Final[dict[str, Any]] = {"minimum": 1, "maximum": 9999}
# funding.py's _check_period: dated once (on) or every year (first_year), never both, and a
# last year only after a first one.
_DATED_ONCE_OR_YEARLY: Final[dict[str, Any]] = {
    "oneOf": [
        {
            "required": ["on"],
            "not": {"anyOf": [{"required": ["first_year"]}, {"required": ["last_year"]}]},
        },
        {"required": ["first_year"], "not": {"required": ["on"]}},
    ],
}

# What a field's type does not say, keyed by (class name, field name): the one place
# the schema's constraints are written. Each mirrors a validator of the model
# (_validate.py and the classes' own checks); a test checks every key names a field.
_CONSTRAINTS: Final[dict[tuple[str, str], dict[str, Any]]] = {
    ("Network", "name"): _TEXT,
    ("Network", "version"): {"minimum": 0},
    ("Territory", "code"): {"pattern": r"^(?:0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-6])$"},
    ("Territory", "name"): _TEXT,
    ("Specialisation", "slug"): {"pattern": _SLUG},
    ("Specialisation", "label"): _TEXT,
    ("Centre", "id"): {"pattern": _SLUG},
    ("Centre", "name"): _TEXT,
    ("Centre", "seats"): {"minItems": 1},
    ("Commune", "name"): _TEXT,
    ("Commune", "insee"): {"pattern": r"^(?:[0-9]{2}|2[AB])[0-9]{3}$"},
    ("Commune", "postcode"): {"pattern": r"^[0-9]{5}$"},
    ("Point", "lat"): {"minimum": -90, "maximum": 90},
    ("Point", "lon"): {"minimum": -180, "maximum": 180},
    ("SeatChange", "count"): {"minimum": 1},
    ("Holding", "slug"): {"pattern": _SLUG},
    ("BookableUnit", "slug"): {"pattern": _SLUG},
    ("Booking", "member"): {"pattern": _SLUG},
    ("Booking", "centre"): {"pattern": _SLUG},
    ("Booking", "unit"): {"pattern": _SLUG},
    ("Booking", "series"): {"pattern": _SLUG},
    ("Policy", "regular_use"): {"minimum": 1},
    ("Policy", "units"): {"minItems": 1},
    ("Equipment", "workstations"): {"minimum": 0},
    ("Equipment", "features"): {"items": {"pattern": _SLUG}},
    ("Connection", "download_mbps"): {"exclusiveMinimum": 0},
    ("Connection", "upload_mbps"): {"exclusiveMinimum": 0},
    ("FreePeriod", "months"): {"minimum": 0},
    ("FeeBand", "minimum"): _NON_NEGATIVE_MONEY,
    ("FeeBand", "maximum"): _NON_NEGATIVE_MONEY,
    ("SpecialisationScope", "within_km"): {"exclusiveMinimum": 0},
    ("Policy", "max_seats_per_centre"): {"minimum": 1},
    ("Policy", "billing_day"): {"minimum": 1, "maximum": 28},
    ("Tier", "slug"): {"pattern": _SLUG},
    ("Tier", "name"): _TEXT,
    ("Tier", "monthly_fee"): _NON_NEGATIVE_MONEY,
    ("PassPrice", "price"): _NON_NEGATIVE_MONEY,
    ("FreeVariant", "eligibility"): {"pattern": _SLUG},
    ("FreeVariant", "months"): {"minimum": 0},
    ("Member", "id"): {"pattern": _SLUG},
    ("Member", "name"): _TEXT,
    ("Member", "employer"): {"pattern": _SLUG},
    ("Member", "eligibility"): {"items": {"pattern": _SLUG}},
    ("Member", "email"): {"pattern": _EMAIL},
    ("Member", "phone"): {"pattern": _PHONE},
    ("Company", "id"): {"pattern": _SLUG},
    ("Company", "name"): _TEXT,
    ("Company", "siren"): {"pattern": _SIREN},
    ("Prospect", "company"): {"pattern": _SLUG},
    ("Prospect", "employees_interested"): {"minimum": 0},
    ("Agreement", "company"): {"pattern": _SLUG},
    ("Agreement", "employees"): {"minItems": 1, "uniqueItems": True, "items": {"pattern": _SLUG}},
    ("Agreement", "tier"): {"pattern": _SLUG},
    ("TierChange", "tier"): {"pattern": _SLUG},
    ("Membership", "member"): {"pattern": _SLUG},
    ("Membership", "centre"): {"pattern": _SLUG},
    ("Membership", "tier"): {"pattern": _SLUG},
    ("PassUse", "member"): {"pattern": _SLUG},
    ("PassUse", "centre"): {"pattern": _SLUG},
    ("Funder", "id"): {"pattern": _SLUG},
    ("Funder", "name"): _TEXT,
    ("Funder", "siren"): {"pattern": _SIREN},
    ("Contribution", "funder"): {"pattern": _SLUG},
    ("Contribution", "centre"): {"pattern": _SLUG},
    ("Contribution", "amount"): _POSITIVE_MONEY,
    ("Contribution", "first_year"): _YEAR,
    ("Contribution", "last_year"): _YEAR,
    ("Cost", "centre"): {"pattern": _SLUG},
    ("Cost", "amount"): _POSITIVE_MONEY,
    ("Cost", "first_year"): _YEAR,
    ("Cost", "last_year"): _YEAR,
    ("FundingPolicy", "operating_categories"): {"uniqueItems": True},
    ("Activity", "id"): {"pattern": _SLUG},
    ("Activity", "title"): _TEXT,
    ("Activity", "theme"): {"pattern": _SLUG},
    ("Activity", "centre"): {"pattern": _SLUG},
    ("Activity", "places"): {"minimum": 1},
    ("Activity", "price"): _NON_NEGATIVE_MONEY,
    ("Activity", "funder"): {"pattern": _SLUG},
    ("Activity", "series"): {"pattern": _SLUG},
    ("Registration", "activity"): {"pattern": _SLUG},
    ("Registration", "member"): {"pattern": _SLUG},
    ("Attendance", "activity"): {"pattern": _SLUG},
    ("Attendance", "member"): {"pattern": _SLUG},
}

# Constraints on a whole table, keyed by class name.
_CLASS_CONSTRAINTS: Final[dict[str, dict[str, Any]]] = {
    # Lifecycle.__attrs_post_init__: a centre needs an opening date or a planning date.
    "Lifecycle": {"anyOf": [{"required": ["planned_from"]}, {"required": ["opens"]}]},
    # Member.__attrs_post_init__: a salaried teleworker names its employer, no one else does.
    "Member": {
        "if": {"properties": {"kind": {"const": "salaried"}}, "required": ["kind"]},
        "then": {"required": ["employer"]},
        "else": {"not": {"required": ["employer"]}},
    },
    "Contribution": _DATED_ONCE_OR_YEARLY,
    "Cost": _DATED_ONCE_OR_YEARLY,
}

# What each key means, for editors' hovers; keyed like _CONSTRAINTS. A key whose
# value is a table falls back on its class docstring's first line.
_DESCRIPTIONS: Final[dict[tuple[str, str], str]] = {
    ("Network", "version"): (
        "How many changes made the network, for a program that stores the file to detect a "
        "change made on an older copy; 0 when absent. Not part of the format's version."
    ),
    ("Network", "name"): "The network's name (`Cybercantal`).",
    ("Network", "territory"): "The département the network serves.",
    ("Network", "timezone"): (
        "The IANA time zone the network's dates and times are in (`Europe/Paris`)."
    ),
    ("Network", "policy"): "The rules the network sets for itself; the defaults are the Cantal's.",
    ("Network", "specialisations"): (
        "The catalogue of specialisations centres may hold, each slug declared once."
    ),
    ("Network", "centres"): "The network's centres, planned, open or closed, ids unique.",
    ("Network", "members"): (
        "The people who use the centres, ids unique; when they belong is in `memberships`."
    ),
    ("Network", "companies"): (
        "The companies the network prospects or bills, ids unique; an employer of salaried "
        "teleworkers is one."
    ),
    ("Network", "prospects"): (
        "The prospection of companies: one entry per change of stage, with its date."
    ),
    ("Network", "agreements"): (
        "Companies paying for named employees (their salaried teleworkers) on a tier, "
        "one agreement at a time per employee."
    ),
    ("Network", "memberships"): (
        "Each stint of a member: joined at a home centre open that day, on a tier, tier "
        "changes, left; one stint at a time per member."
    ),
    ("Network", "pass_uses"): (
        "Passes used by members at open centres, charged at the policy's pass prices."
    ),
    ("Network", "funders"): (
        "Who pays for the network: public bodies, companies, the members; ids unique."
    ),
    ("Network", "contributions"): (
        "What each funder gives, to the network or to one centre, in cash or in kind, "
        "once or every year."
    ),
    ("Network", "costs"): "What the network and its centres cost, by category, once or every year.",
    ("Network", "programme"): (
        "The activities the centres host (trainings and animations), who registered for "
        "them and who came."
    ),
    ("Network", "bookings"): (
        "Seat bookings, each checked against those listed before it: of two that cannot "
        "both hold, the later one is reported."
    ),
    ("Network", "notes"): "Free notes: sources, what is illustrative.",
    ("Territory", "code"): "The département code (`15`, `2A`, `974`).",
    ("Territory", "name"): "The département's name (`Cantal`).",
    ("Specialisation", "slug"): (
        "The specialisation's stable identity, which holdings refer to (`sante-travail`)."
    ),
    ("Specialisation", "label"): "The name shown to people (`Santé & travail`).",
    ("Centre", "id"): "The centre's stable identity, unique in the network (`murat`).",
    ("Centre", "name"): "The centre's name (`Télécentre de Murat`).",
    ("Centre", "commune"): "The commune the centre stands in.",
    ("Centre", "location"): "Where the centre stands, in WGS 84 degrees.",
    ("Centre", "seats"): (
        "The seat timeline: seat counts from given dates, in date order, one per date, "
        "starting on or before the opening."
    ),
    ("Centre", "lifecycle"): "When the centre is planned, opens and closes.",
    ("Centre", "specialisations"): (
        "The specialisations the centre holds, from the network's catalogue; "
        "one centre at a time holds each."
    ),
    ("Centre", "equipment"): "Workstations, connection and other features; omitted if unknown.",
    ("Centre", "notes"): "Free notes about the centre.",
    ("Commune", "name"): "The commune's name (`Murat`).",
    ("Commune", "insee"): "The commune's 5-character INSEE code (`15138`, `2A004`).",
    ("Commune", "postcode"): "The commune's 5-digit postcode (`15300`).",
    ("Point", "lat"): "Latitude in degrees north, -90 to 90.",
    ("Point", "lon"): "Longitude in degrees east, -180 to 180.",
    ("SeatChange", "since"): "The first day with this seat count.",
    ("SeatChange", "count"): "The number of seats from that day on, at least 1.",
    ("Lifecycle", "planned_from"): (
        "The day the centre is announced; its specialisations are reserved from then."
    ),
    ("Lifecycle", "opens"): "The day the centre opens; omitted while no date is set.",
    ("Lifecycle", "closes"): "The first day the centre is closed; omitted while it is not.",
    ("Holding", "slug"): "The specialisation held, a slug of the network's catalogue.",
    ("Holding", "since"): "The first day it is held; omitted: from when the centre is planned.",
    ("Holding", "until"): "The first day it is no longer held; omitted: until the centre closes.",
    ("Equipment", "workstations"): "The number of workstations.",
    ("Equipment", "connection"): "The Internet connection; omitted if unknown.",
    ("Equipment", "features"): "Other equipment, as slugs (`printer`, `videoconference`).",
    ("Connection", "type"): "The kind of connection.",
    ("Connection", "download_mbps"): "Download speed in Mbit/s; omitted if unknown.",
    ("Connection", "upload_mbps"): "Upload speed in Mbit/s; omitted if unknown.",
    ("Policy", "free_period"): "How long a new member uses the centres for free.",
    ("Policy", "fee_band"): "The range every monthly fee must lie in.",
    ("Policy", "specialisation_scope"): "Where a specialisation is exclusive.",
    ("Policy", "max_seats_per_centre"): "A cap on any centre's seats; omitted: no cap.",
    ("Policy", "tiers"): (
        "The monthly fees members choose from, slugs unique, each inside `fee_band`."
    ),
    ("Policy", "passes"): "The price of each kind of pass, one entry per kind.",
    ("Policy", "proration"): (
        "How a partly paid billing period is charged: `by-day` (each day its share of the "
        "fee), `none` (in full, on the tier of its first paying day) or `next-month` (only "
        "whole periods)."
    ),
    ("Policy", "billing_day"): (
        "The day of the month billing periods start, 1 to 28 so that every month has it; "
        "omitted: each member is billed on the anniversary of its first join."
    ),
    ("FreePeriod", "months"): (
        "The number of free months, counted once per member from the first day it joined."
    ),
    ("FreePeriod", "variants"): (
        "Longer (or shorter) free periods for eligible groups; the longest that applies wins."
    ),
    ("FreeVariant", "eligibility"): (
        "The group it applies to, a slug members list in their `eligibility` (`trained-newcomer`)."
    ),
    ("FreeVariant", "months"): "The free months of the group's members (Murat's 24).",
    ("Tier", "slug"): "The tier's stable identity, which memberships refer to (`standard`).",
    ("Tier", "name"): "The name shown to people (`Standard`).",
    (
        "Tier",
        "monthly_fee",
    ): 'The monthly fee, in euros (`"75.00"`), inside the policy\'s fee band.',
    ("PassPrice", "kind"): "The kind of pass: `half-day`, `day` or `week`.",
    ("PassPrice", "price"): 'The price of one pass, in euros (`"20.00"`).',
    ("Member", "id"): "The member's stable identity, unique in the network (`m01`).",
    ("Member", "name"): "How the member is shown; keep personal data minimal.",
    ("Member", "kind"): (
        "`independent` (freelance), `salaried` (a teleworker with an employer) or "
        "`nomadic` (passing through)."
    ),
    ("Member", "employer"): (
        "The id of the company employing a salaried teleworker; only they have one, and they must."
    ),
    ("Member", "eligibility"): (
        "The groups the member belongs to for the free period's variants (`trained-newcomer`)."
    ),
    ("Member", "email"): "An e-mail address, if the member wants one kept.",
    ("Member", "phone"): "A phone number, if the member wants one kept.",
    ("Member", "notes"): "Free notes about the member.",
    ("Member", "forgotten"): (
        "True once the member's personal data were erased: `id` and `name` are a pseudonym, "
        "and there is no `email`, `phone` or `notes`."
    ),
    ("Company", "id"): "The company's stable identity, unique in the network.",
    ("Company", "name"): "The company's name.",
    ("Company", "siren"): (
        "The company's SIREN number, 9 digits with a valid check digit; omitted if unknown."
    ),
    ("Prospect", "company"): "The id of the company approached.",
    ("Prospect", "stage"): (
        "Where the network stands with it: `contacted`, `interested`, `agreement-signed` "
        "or `declined`."
    ),
    ("Prospect", "employees_interested"): "How many of its employees are interested.",
    ("Prospect", "updated"): "The day the company reached that stage.",
    ("Prospect", "notes"): "Free notes about the prospection.",
    ("Agreement", "company"): "The id of the company that pays.",
    ("Agreement", "employees"): (
        "The ids of the members it pays for, each once: salaried teleworkers it employs."
    ),
    ("Agreement", "tier"): "The tier the company pays for each employee, a slug of the policy's.",
    ("Agreement", "since"): "The first day the company pays.",
    ("Agreement", "until"): (
        "The first day it no longer pays, after `since`; omitted: open-ended."
    ),
    ("Agreement", "reference"): "The signed agreement's reference.",
    ("Membership", "member"): "The id of the member.",
    ("Membership", "joined"): (
        "The day the member joins; the free period counts from the first join only."
    ),
    ("Membership", "centre"): "The id of the member's home centre, open on the day it joins.",
    ("Membership", "tier"): "The tier on joining, a slug of the policy's tiers.",
    ("Membership", "changes"): (
        "Tier changes, in date order, strictly after joining and before leaving."
    ),
    ("Membership", "left"): (
        "The first day the member is no longer one, after `joined`; omitted: still one."
    ),
    ("TierChange", "since"): "The first day on the new tier.",
    ("TierChange", "tier"): "The new tier, a slug of the policy's tiers.",
    ("PassUse", "member"): "The id of the member who used the pass.",
    ("PassUse", "kind"): "The kind of pass: `half-day`, `day` or `week`.",
    ("PassUse", "on"): "The day the pass was used (the first day, for a week).",
    ("PassUse", "centre"): "The id of the centre, open that day.",
    ("Policy", "funding"): (
        "How the funding reports split network-wide contributions and which costs are operating."
    ),
    ("FundingPolicy", "split"): (
        "How a network-wide contribution is split across the centres: `by-seats` (by the seats "
        "each has open, day by day) or `equally` (one share per centre open)."
    ),
    ("FundingPolicy", "operating_categories"): (
        "The cost categories that are operating costs, which the break-even fee covers; the "
        "others are investment."
    ),
    ("Funder", "id"): "The funder's stable identity, which contributions refer to.",
    ("Funder", "name"): "The funder's name (`Conseil général du Cantal`).",
    ("Funder", "kind"): (
        "`departement`, `state`, `communes`, `region`, `eu-fund` (public), `company` or `members`."
    ),
    ("Funder", "siren"): (
        "The funder's SIREN number, 9 digits with a valid check digit; omitted if unknown."
    ),
    ("Funder", "notes"): "Free notes: what it funds, sources.",
    ("Contribution", "funder"): "The id of the funder who gives.",
    ("Contribution", "centre"): (
        "The id of the centre it goes to, planned or open then; omitted: the whole network."
    ),
    ("Contribution", "category"): "What it pays for.",
    ("Contribution", "form"): "`cash` (the default) or `in-kind` (premises, equipment, services).",
    ("Contribution", "amount"): (
        'The money given, or the value of what is given in kind, in euros (`"12000.00"`), '
        "above zero; for a yearly contribution, the amount of each year."
    ),
    ("Contribution", "on"): "The day it is given, for a contribution given once.",
    ("Contribution", "first_year"): "The first calendar year of a yearly contribution.",
    ("Contribution", "last_year"): (
        "The last calendar year of a yearly contribution, not before `first_year`; omitted: "
        "every year from `first_year` on."
    ),
    ("Contribution", "reference"): "The decision it comes from: a call for tenders, an agreement.",
    ("Contribution", "notes"): "Free notes: sources, what is illustrative.",
    ("Cost", "centre"): (
        "The id of the centre that bears it, planned or open then; omitted: the whole network."
    ),
    ("Cost", "category"): "What it pays for.",
    ("Cost", "amount"): (
        'What it costs, in euros (`"15000.00"`), above zero; for a yearly cost, the cost of '
        "each year."
    ),
    ("Cost", "on"): "The day it is paid, for a cost paid once.",
    ("Cost", "first_year"): "The first calendar year of a yearly cost.",
    ("Cost", "last_year"): (
        "The last calendar year of a yearly cost, not before `first_year`; omitted: every year "
        "from `first_year` on."
    ),
    ("Cost", "notes"): "Free notes: what it is, what is illustrative.",
    ("FeeBand", "minimum"): 'The lowest monthly fee, in euros (`"50.00"`).',
    ("FeeBand", "maximum"): 'The highest monthly fee, in euros (`"100.00"`), not below minimum.',
    ("SpecialisationScope", "within_km"): (
        "Exclusive only between centres closer than this many kilometres; "
        "omitted: across the whole network."
    ),
    ("Programme", "activities"): (
        "Training sessions and animations, ids unique; one centre hosts one at a time."
    ),
    ("Programme", "registrations"): (
        "Registrations in the order they were made: the places of an activity go to its first "
        "registrations not cancelled, the others wait in that order."
    ),
    ("Programme", "attendance"): (
        "Who came to each session: one record per person holding a place and session."
    ),
    ("Activity", "id"): "The activity's stable identity, unique in the programme.",
    ("Activity", "kind"): "`training` (a session of a course) or `animation` (an event).",
    ("Activity", "title"): "The title shown to people (`Santé & travail`).",
    ("Activity", "theme"): (
        "A specialisation slug; an activity on a centre's specialisation is hosted by that "
        "centre. Omitted: a free theme."
    ),
    ("Activity", "centre"): "The id of the host centre, open on the activity's day.",
    ("Activity", "day"): "The day of the activity.",
    ("Activity", "starts"): (
        "The local time it starts, HH:MM in the network's time zone (a TOML local time "
        '`09:00:00`, or `"09:00"`); never a time the clocks skip.'
    ),
    ("Activity", "ends"): "The local time it ends, HH:MM, after `starts` on the same day.",
    ("Activity", "places"): "How many people it takes, at least 1; the others wait.",
    ("Activity", "price"): 'What a participant pays, in euros (`"10.00"`); omitted: free.',
    ("Activity", "audience"): (
        "`members` (people with a membership that day, the default) or `public` (anyone the "
        "network knows)."
    ),
    ("Activity", "funder"): "The id of the network's funder who pays for it, if any.",
    ("Activity", "series"): "A slug shared by the sessions of one training.",
    ("Activity", "notes"): "Free notes: sources, what is illustrative.",
    ("Registration", "activity"): "The id of the activity.",
    ("Registration", "member"): (
        "The id of the person registering, once at a time per activity; a member that day "
        "for a members' activity."
    ),
    ("Registration", "on"): (
        "The day they registered, not after the activity's day nor before the registration "
        "listed ahead of it."
    ),
    ("Registration", "cancelled"): (
        "The day they withdrew, from `on` to the activity's day; omitted: still registered."
    ),
    ("Attendance", "activity"): "The id of the session.",
    ("Attendance", "member"): "The id of a person holding a place in it.",
    ("Attendance", "present"): "Whether they came.",
    ("Centre", "hours"): (
        "Its weekly opening hours; omitted: the policy's `opening_hours`. A weekday left out "
        "is closed."
    ),
    ("Centre", "closures"): "Its own closures (summer, works), besides public holidays.",
    ("Closure", "first"): "The first day closed.",
    ("Closure", "last"): "The last day closed, on or after `first`.",
    ("Closure", "reason"): "Why, in words (shown when a booking is refused).",
    **{
        ("WeeklyHours", day): (
            f'The open ranges on {day}s, in order, without overlap: `["09:00-12:30", '
            '"13:30-18:00"]`; `24:00` ends the day. Omitted or empty: closed.'
        )
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    },
    ("Policy", "opening_hours"): (
        "The weekly hours of a centre that declares none; omitted: weekdays 09:00-18:00."
    ),
    ("Policy", "open_on_holidays"): (
        "Public holidays the centres stay open on, by slug (`pentecost-monday`); omitted: "
        "closed on every public holiday of their territory."
    ),
    ("Policy", "units"): (
        "What members book by name; omitted: `morning` (00:00-13:00), `afternoon` "
        "(13:00-24:00) and `day`."
    ),
    ("Policy", "regular_use"): (
        "The bookings in a month that make a member a regular user; omitted: 4."
    ),
    ("BookableUnit", "slug"): "Its name in bookings (`morning`).",
    ("BookableUnit", "window"): (
        "The part of the day it covers: a booking by unit takes the centre's opening inside it."
    ),
    ("Booking", "member"): (
        "The id of the member: a member that day, or holding a pass at that centre then."
    ),
    ("Booking", "centre"): "The id of the centre, open that day.",
    ("Booking", "day"): "The day booked.",
    ("Booking", "time"): (
        'The local span booked, `"09:00-13:00"`, starting and ending while the centre is open; '
        "never more bookings than seats at any moment, never one member in two places."
    ),
    ("Booking", "unit"): "The unit it was booked by (`morning`), if it was.",
    ("Booking", "series"): "A slug shared by the occurrences of a recurring booking.",
}

_VERSION_DESCRIPTION: Final = (
    f"The version of the file format: {SCHEMA_VERSION}. A file of another version is refused."
)

_DESCRIPTION: Final = (
    "A network of telework centres, as read by telecentre-core "
    f"(file format version {SCHEMA_VERSION}). Written in TOML or JSON. Dates are "
    "YYYY-MM-DD: TOML native dates, which editors such as Taplo show to the schema as "
    "strings, or strings in JSON. Times of day are local, HH:MM: TOML local times "
    "(09:00:00) or strings. "
    'Amounts of money are strings of euros (`"50.00"`) or '
    "whole numbers, never decimal numbers. Generated from the model of "
    "telecentre-core; the loader also checks the rules a schema cannot express."
)


def network_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a network file, as plain data.

    Built afresh on each call from the model's classes and the file's top-level
    keys. Every table's keys are sorted, so that any ``json.dumps`` of it gives
    the same text whether or not it passes ``sort_keys=True``.
    """
    builder = _Builder()
    network_fields = attrs.fields_dict(Network)
    properties: dict[str, Any] = {}
    for key, (kind, _required) in _TOP.items():
        if key == "schema_version":
            properties[key] = {
                "const": SCHEMA_VERSION,
                "description": _VERSION_DESCRIPTION,
                "type": "integer",
            }
        else:
            properties[key] = builder.field(Network, key, kind, network_fields.get(key))
    document: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "telecentre-core network file",
        "description": _DESCRIPTION,
        "type": "object",
        "properties": properties,
        "required": [key for key, (_kind, required) in _TOP.items() if required],
        "additionalProperties": False,
        "$defs": builder.defs,
    }
    return {key: _sorted(document[key]) for key in sorted(document)}


class _Builder:
    """Walks attrs classes into JSON Schema, collecting one ``$defs`` entry per class."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self._converter = make_converter("json")

    def field(
        self, owner: type, name: str, kind: Any, field: attrs.Attribute[Any] | None
    ) -> dict[str, Any]:
        """The schema of the key ``name`` of ``owner``'s table, whose type is ``kind``."""
        inner = _unwrap_optional(kind)
        schema = self.of_type(inner)
        constraints = _CONSTRAINTS.get((owner.__name__, name))
        if constraints is not None:
            schema = _merge(schema, constraints)
        description = _DESCRIPTIONS.get((owner.__name__, name)) or _summary(inner)
        if description:
            schema["description"] = description
        if field is not None and field.default is not attrs.NOTHING:
            default: Any = field.default
            # attrs types Factory as a function returning its value; it is a class at runtime.
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            if default is not None:
                schema["default"] = _plain(self._converter.unstructure(default))
        return schema

    def of_type(self, kind: Any) -> dict[str, Any]:
        """The schema of a value of type ``kind``, as a network file writes it."""
        origin = typing.get_origin(kind)
        if origin is tuple:
            args = typing.get_args(kind)
            if len(args) == 2 and args[1] is Ellipsis:  # noqa: PLR2004 - tuple[X, ...]
                return {"type": "array", "items": self.of_type(args[0])}
        elif isinstance(kind, type):
            if kind is Money:  # before attrs classes: a file writes Money as one value
                return {"anyOf": [{"type": "string", "pattern": _MONEY}, {"type": "integer"}]}
            if kind is TimeRange:  # so is a range of times: "09:00-12:30"
                return {"type": "string", "pattern": _RANGE}
            if attrs.has(kind):
                return {"$ref": f"#/$defs/{self._define(kind)}"}
            if issubclass(kind, enum.Enum):  # before str: a StrEnum is a str
                return {"type": "string", "enum": [member.value for member in kind]}
            if issubclass(kind, dt.date) and not issubclass(kind, dt.datetime):
                return {"type": "string", "format": "date", "pattern": _DATE}
            if issubclass(kind, dt.time):
                return {"type": "string", "pattern": _TIME}
            if kind in _SCALARS:
                return {"type": _SCALARS[kind]}
        raise TypeError(f"no JSON Schema for the type {kind!r}: teach schema.py about it")

    def _define(self, cls: type) -> str:
        name = cls.__name__
        if name in self.defs:
            return name
        self.defs[name] = {}  # reserved first: a class may refer back to itself
        hints = typing.get_type_hints(cls)
        # Only the fields a file sets: not those a class builds itself (Programme._index).
        fields = [field for field in attrs.fields(cls) if field.init]
        definition: dict[str, Any] = {
            "type": "object",
            "properties": {
                field.name: self.field(cls, field.name, hints[field.name], field)
                for field in fields
            },
            "additionalProperties": False,
        }
        required = [field.name for field in fields if field.default is attrs.NOTHING]
        if required:  # an empty list is valid, but says nothing
            definition["required"] = required
        summary = _summary(cls)
        if summary:
            definition["description"] = summary
        definition.update(_CLASS_CONSTRAINTS.get(name, {}))
        self.defs[name] = definition
        return name


_SCALARS: Final[dict[type, str]] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
}


def _unwrap_optional(kind: Any) -> Any:
    """``X`` for ``X | None`` (an unset key is left out of a file), else ``kind``."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
    return kind


def _summary(kind: Any) -> str:
    """The first line of a class's docstring, reST literals turned into Markdown ones."""
    doc = kind.__doc__ if isinstance(kind, type) else None
    if not isinstance(doc, str) or not doc.strip():
        return ""
    return doc.strip().splitlines()[0].replace("``", "`")


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` laid over it, tables merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _sorted(value: Any) -> Any:
    """``value`` with the keys of every table in sorted order (lists keep theirs)."""
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def _plain(value: Any) -> Any:
    """Unstructured data as a file holds it: unset (None) keys left out, tuples as lists."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
