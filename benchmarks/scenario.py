"""The national scenario: a network file of every French tiers-lieu, built deterministically.

The CGET 2019 census (1,512 places, of which 1,367 have a commune code, a postcode and a
location) is replicated with a jitter of up to about 2 km to the number of centres asked
(15,000 at full scale); members, memberships, companies, agreements, pass uses, ten years
of funding and a first set of bookings are drawn from a seeded generator. Everything is
plain data (what ``json.loads`` gives), so that the library, the floor and pydantic read
the very same file.

The same ``scale`` and ``seed`` always give the same document, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from telecentre_core.cget import builtin_places
from telecentre_core.opening import public_holiday

#: Full-scale sizes (scale 1.0).
CENTRES = 15_000
MEMBERS = 200_000
REQUESTS = 2_000_000
#: Bookings already in the file (a platform's file holds its bookings).
FILE_BOOKINGS = 500_000
COMPANIES = 400
FUNDERS = 200

#: The year bookings, billing, occupancy and the funding report look at.
YEAR = 2025
FIRST_FUNDING_YEAR = YEAR - 9  # ten years of funding: 2016..2025

TIERS = (("essentiel", "50.00"), ("standard", "75.00"), ("intensif", "100.00"))
DEFAULT_SPANS = {"morning": "09:00-13:00", "afternoon": "13:00-18:00", "day": "09:00-18:00"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def sizes(scale: float, bookings_factor: float = 1.0) -> dict[str, int]:
    """The number of each kind of record at ``scale`` (1.0: national)."""
    return {
        "centres": max(20, round(CENTRES * scale)),
        "members": max(40, round(MEMBERS * scale)),
        "requests": max(100, round(REQUESTS * scale * bookings_factor)),
        "file_bookings": max(20, round(FILE_BOOKINGS * scale)),
        "companies": max(2, round(COMPANIES * scale)),
        "funders": max(4, round(FUNDERS * min(1.0, scale * 10))),
    }


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days)]


#: The days of the benchmark year, one date object each, shared by every record.
YEAR_DAYS = _days(dt.date(YEAR, 1, 1), dt.date(YEAR + 1, 1, 1))


def policy() -> dict[str, Any]:
    """The network's policy: the Cantal's, written out."""
    return {
        "free_period": {"months": 12, "variants": []},
        "fee_band": {"minimum": "50.00", "maximum": "100.00"},
        "tiers": [
            {"slug": slug, "name": slug.capitalize(), "monthly_fee": fee} for slug, fee in TIERS
        ],
        "passes": [
            {"kind": "half-day", "price": "10.00"},
            {"kind": "day", "price": "20.00"},
            {"kind": "week", "price": "80.00"},
        ],
        "proration": "by-day",
        "billing_day": 1,
        "opening_hours": {
            day: (["09:00-18:00"] if day not in ("saturday", "sunday") else []) for day in WEEKDAYS
        },
        "units": [
            {"slug": "morning", "window": "00:00-13:00"},
            {"slug": "afternoon", "window": "13:00-24:00"},
            {"slug": "day", "window": "00:00-24:00"},
        ],
        "regular_use": 4,
    }


def build(scale: float = 1.0, seed: int = 2019) -> dict[str, Any]:
    """The national network file at ``scale``, as plain data."""
    rng = random.Random(seed)
    size = sizes(scale)
    places = [
        place
        for place in builtin_places()
        if place.location is not None and place.insee and place.postcode and place.commune
    ]
    centres, open_ids = _centres(rng, places, size["centres"])
    by_id = {centre["id"]: centre for centre in centres}
    companies = [
        {"id": f"company-{n:04d}", "name": f"Entreprise {n} (benchmark)"}
        for n in range(size["companies"])
    ]
    members, memberships, agreements, pass_uses = _people(
        rng, size["members"], centres, open_ids, companies
    )
    funders, contributions, costs = _funding(rng, size["funders"], centres)
    specialisations = [
        {"slug": f"theme-{n:03d}", "label": f"Thème {n}"}
        for n in range(min(150, len(centres) // 4))
    ]
    for n, item in enumerate(specialisations):
        by_id[open_ids[n * 3 % len(open_ids)]]["specialisations"] = [{"slug": item["slug"]}]
    bookings = _file_bookings(rng, size["file_bookings"], memberships, by_id)
    return {
        "schema_version": 1,
        "name": "Tiers-lieux de France (benchmark)",
        # A network serves one département in the model; this one stands for the country.
        "territory": {"code": "75", "name": "France entière (benchmark)"},
        "timezone": "Europe/Paris",
        "policy": policy(),
        "specialisations": specialisations,
        "centres": centres,
        "members": members,
        "companies": companies,
        "agreements": agreements,
        "memberships": memberships,
        "pass_uses": pass_uses,
        "funders": funders,
        "contributions": contributions,
        "costs": costs,
        "bookings": bookings,
        "notes": "Built by benchmarks/scenario.py from the CGET 2019 census; invented people.",
    }


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days))


def _centres(
    rng: random.Random, places: list[Any], count: int
) -> tuple[list[dict[str, Any]], list[str]]:
    centres: list[dict[str, Any]] = []
    open_ids: list[str] = []
    for n in range(count):
        place = places[n % len(places)]
        lat = round(place.location.lat + rng.uniform(-0.02, 0.02), 6)
        lon = round(place.location.lon + rng.uniform(-0.02, 0.02), 6)
        opens = _date(rng, dt.date(2012, 1, 1), dt.date(2020, 1, 1))
        seats = rng.randint(2, 12)
        centre: dict[str, Any] = {
            "id": f"c{n:05d}",
            "name": f"{place.name[:150]} #{n // len(places) + 1}",
            "commune": {"name": place.commune, "insee": place.insee, "postcode": place.postcode},
            "location": {"lat": lat, "lon": lon},
            "seats": [{"since": opens.isoformat(), "count": seats}],
            "lifecycle": {"opens": opens.isoformat()},
        }
        roll = rng.random()
        if roll < 0.03:  # planned, opening during the year
            planned = dt.date(YEAR - 1, 6, 1)
            opens = dt.date(YEAR, 9, 1)
            centre["lifecycle"] = {"planned_from": planned.isoformat(), "opens": opens.isoformat()}
            centre["seats"] = [{"since": opens.isoformat(), "count": seats}]
        elif roll < 0.04:  # closed the year before
            centre["lifecycle"]["closes"] = f"{YEAR - 1}-06-30"
        else:
            open_ids.append(centre["id"])
            if roll < 0.09:  # its own hours, closed at lunch time
                hours = ["09:00-12:30", "13:30-18:00"]
                centre["hours"] = {
                    day: (hours if day not in ("saturday", "sunday") else []) for day in WEEKDAYS
                }
            elif roll < 0.11:
                centre["closures"] = [
                    {"first": f"{YEAR}-08-01", "last": f"{YEAR}-08-15", "reason": "summer"}
                ]
            elif roll < 0.16:
                centre["seats"].append({"since": f"{YEAR}-06-01", "count": seats + 2})
        centre["_opens"] = opens
        centres.append(centre)
    return centres, open_ids


def _people(
    rng: random.Random,
    count: int,
    centres: list[dict[str, Any]],
    open_ids: list[str],
    companies: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    by_id = {centre["id"]: centre for centre in centres}
    members: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []
    pass_uses: list[dict[str, Any]] = []
    employees: dict[str, list[str]] = {company["id"]: [] for company in companies}
    tiers = [slug for slug, _ in TIERS]
    for n in range(count):
        member_id = f"m{n:06d}"
        roll = rng.random()
        member: dict[str, Any] = {"id": member_id, "name": f"Membre {n}", "kind": "independent"}
        if n % 2 == 0:
            member["email"] = f"membre{n}@example.org"
        members.append(member)
        if roll < 0.1:
            member["kind"] = "nomadic"
            for _ in range(2):
                centre_id = rng.choice(open_ids)
                on = _date(rng, dt.date(YEAR, 1, 1), dt.date(YEAR + 1, 1, 1))
                kind = rng.choice(("half-day", "day", "week"))
                use = {"member": member_id, "kind": kind, "on": on.isoformat()}
                pass_uses.append({**use, "centre": centre_id})
            continue
        if roll < 0.3:
            member["kind"] = "salaried"
            company = companies[n % len(companies)]["id"]
            member["employer"] = company
            employees[company].append(member_id)
        centre = by_id[rng.choice(open_ids)]
        joined = _date(rng, max(centre["_opens"], dt.date(2016, 1, 1)), dt.date(YEAR, 7, 1))
        stint: dict[str, Any] = {
            "member": member_id,
            "joined": joined.isoformat(),
            "centre": centre["id"],
            "tier": rng.choice(tiers),
        }
        chance = rng.random()
        if chance < 0.1:
            stint["changes"] = [
                {
                    "since": (joined + dt.timedelta(days=rng.randint(30, 400))).isoformat(),
                    "tier": rng.choice(tiers),
                }
            ]
        memberships.append(stint)
        if chance > 0.92:  # left, and a third of them came back
            left = joined + dt.timedelta(days=rng.randint(60, 900))
            if "changes" in stint and stint["changes"][0]["since"] >= left.isoformat():
                del stint["changes"]
            stint["left"] = left.isoformat()
            if chance > 0.97:
                again = left + dt.timedelta(days=rng.randint(20, 200))
                memberships.append(
                    {
                        "member": member_id,
                        "joined": again.isoformat(),
                        "centre": centre["id"],
                        "tier": rng.choice(tiers),
                    }
                )
    agreements = [
        {
            "company": company,
            "employees": ids,
            "tier": "standard",
            "since": "2020-01-01",
            "reference": f"Convention {company}",
        }
        for company, ids in employees.items()
        if ids
    ]
    return members, memberships, agreements, pass_uses


def _funding(
    rng: random.Random, count: int, centres: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    kinds = ("departement", "state", "communes", "region", "eu-fund")
    funders = [
        {"id": f"funder-{n:03d}", "name": f"Financeur {n}", "kind": kinds[n % len(kinds)]}
        for n in range(count)
    ]
    contributions: list[dict[str, Any]] = []
    categories = ("premises", "furniture", "it-equipment", "animation", "training", "operating")
    for funder in funders:
        for category in rng.sample(categories, 2):
            contributions.append(
                {
                    "funder": funder["id"],
                    "category": category,
                    "form": "cash",
                    "amount": f"{rng.randint(5, 500) * 100}.00",
                    "first_year": FIRST_FUNDING_YEAR,
                    "last_year": YEAR,
                }
            )
    costs: list[dict[str, Any]] = []
    for centre in centres:
        opens: dt.date = centre.pop("_opens")
        lifecycle = centre["lifecycle"]
        start = lifecycle.get("planned_from", lifecycle["opens"])
        contributions.append(
            {
                "funder": rng.choice(funders)["id"],
                "centre": centre["id"],
                "category": "initial-investment",
                "form": "cash",
                "amount": f"{rng.randint(50, 300) * 100}.00",
                "on": start,
            }
        )
        first = max(int(start[:4]), FIRST_FUNDING_YEAR)
        last = int(lifecycle["closes"][:4]) if "closes" in lifecycle else YEAR
        costs.append(
            {
                "centre": centre["id"],
                "category": "operating",
                "amount": f"{rng.randint(20, 120) * 100}.00",
                "first_year": first,
                "last_year": last,
            }
        )
        if opens.year >= FIRST_FUNDING_YEAR:
            costs.append(
                {
                    "centre": centre["id"],
                    "category": "initial-investment",
                    "amount": f"{rng.randint(50, 300) * 100}.00",
                    "on": opens.isoformat(),
                }
            )
    return funders, contributions, costs


def _open_days(centre: dict[str, Any]) -> list[dt.date]:
    """The days of the year a plain centre (the policy's hours, no closure) opens."""
    departement = centre["commune"]["insee"][:2]
    if departement == "97":
        departement = centre["commune"]["insee"][:3]
    return [
        day for day in YEAR_DAYS if day.weekday() < 5 and public_holiday(departement, day) is None
    ]


def _file_bookings(
    rng: random.Random,
    count: int,
    memberships: list[dict[str, Any]],
    centres: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """``count`` bookings that break no rule, by construction, in the benchmark year."""
    start = dt.date(YEAR, 1, 1).isoformat()
    # Members in force all year, at a centre open all year under the policy's hours.
    candidates = [
        stint
        for stint in memberships
        if stint["joined"] < start
        and "left" not in stint
        and "hours" not in centres[stint["centre"]]
        and "closures" not in centres[stint["centre"]]
        and len(centres[stint["centre"]]["seats"]) == 1
        and "closes" not in centres[stint["centre"]]["lifecycle"]
    ]
    open_days: dict[str, list[dt.date]] = {}
    held: dict[tuple[str, dt.date, str], int] = {}
    busy: set[tuple[str, dt.date]] = set()
    bookings: list[dict[str, Any]] = []
    if not candidates:
        return bookings
    for _ in range(count * 3):
        if len(bookings) >= count:
            break
        stint = rng.choice(candidates)
        centre = centres[stint["centre"]]
        days = open_days.get(centre["id"])
        if days is None:
            days = open_days[centre["id"]] = _open_days(centre)
        day = rng.choice(days)
        unit = rng.choice(("morning", "morning", "afternoon", "day"))
        halves = ("morning", "afternoon") if unit == "day" else (unit,)
        seats = centre["seats"][0]["count"]
        if (stint["member"], day) in busy or any(
            held.get((centre["id"], day, half), 0) >= seats for half in halves
        ):
            continue
        busy.add((stint["member"], day))
        for half in halves:
            held[(centre["id"], day, half)] = held.get((centre["id"], day, half), 0) + 1
        bookings.append(
            {
                "member": stint["member"],
                "centre": centre["id"],
                "day": day.isoformat(),
                "time": DEFAULT_SPANS[unit],
                "unit": unit,
            }
        )
    return bookings


def requests(
    rng: random.Random, count: int, document: dict[str, Any]
) -> Iterator[tuple[str, str, dt.date, str | None, str | None]]:
    """``count`` booking requests over the year: ``(member, centre, day, unit, time)``.

    Most ask for a seat at the member's home centre, some at another centre, on any
    day of the year (weekends and holidays are refused, as members try them too).
    Strings and dates are shared with the document, as a front end's would be.
    """
    homes = [(stint["member"], stint["centre"]) for stint in document["memberships"]]
    passes = [(use["member"], use["centre"]) for use in document["pass_uses"]]
    centre_ids = [centre["id"] for centre in document["centres"]]
    units = ("morning", "morning", "afternoon", "afternoon", "day", "day", "day")
    for _ in range(count):
        roll = rng.random()
        if roll < 0.05 and passes:
            member, centre = rng.choice(passes)
        else:
            member, centre = rng.choice(homes)
            if roll > 0.85:
                centre = rng.choice(centre_ids)
        day = rng.choice(YEAR_DAYS)
        if roll < 0.1:
            yield member, centre, day, None, "10:00-12:00"
        else:
            yield member, centre, day, rng.choice(units), None
