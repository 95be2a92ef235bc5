"""Hypothesis strategies that build valid model objects, for your property tests.

Install the ``testing`` extra (``pip install telecentre-core[testing]``) and
draw networks that obey every rule of :mod:`telecentre_core.rules`::

    from hypothesis import given

    import telecentre_core
    from telecentre_core import testing

    @given(testing.networks(max_centres=4))
    def test_a_network_survives_a_round_trip(network):
        text = telecentre_core.dumps_network(network, format="json")
        assert telecentre_core.loads_network(text, format="json") == network

Every strategy generates valid objects only: ``Centre`` s whose seat timeline
starts by the opening, ``Network`` s with unique ids, declared specialisations,
no specialisation held twice at once within the policy's scope (some are
handed from one centre to another over time, some freed by a closing), and
seat counts under the policy's cap. With ``people=True`` (the default),
networks also hold members, companies, prospects, agreements, memberships
and pass uses that obey every rule of
:func:`~telecentre_core.rules.people_violations`: tiers inside the fee band,
members joining on a day their home centre is open, one stint at a time
(some members leave and rejoin, some change tier), agreements for a
company's own salaried teleworkers one at a time, passes of priced kinds
used at open centres. With ``programme=True`` (off by default: it takes
time), they also hold a programme of activities, registrations and
attendance that obeys every rule of
:meth:`Programme.violations <telecentre_core.Programme.violations>`
(:func:`programmes`). Some centres keep their own hours and closures, some
policies stay open on a holiday or offer other units, and networks with
people hold bookings that obey every rule of rule 3, made through
:meth:`Network.book <telecentre_core.Network.book>` (:func:`ledgers`).
Dates lie between :data:`MIN_DATE` and :data:`MAX_DATE`, month ends and 29
February included.

Importing this module registers these strategies with Hypothesis
(``_hypothesis_setup_hook()``), and the package's ``hypothesis`` entry
point imports it whenever Hypothesis is imported, so ``st.from_type(Network)``
and ``st.builds`` of your own classes holding model objects just work. With
``HYPOTHESIS_NO_PLUGINS`` set, import this module yourself (in a
``conftest.py``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import string
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs
from hypothesis import strategies as st

from .activity import Activity, ActivityKind, Attendance, Audience, Programme, Registration
from .booking import Booking, Ledger
from .centre import Centre, Holding, Lifecycle, SeatChange
from .commune import Commune, Territory
from .dates import END_OF_DAY, local_time_exists
from .equipment import Connection, ConnectionType, Equipment
from .errors import TelecentreError
from .funding import CostCategory, SplitRule
from .geo import Point
from .membership import (
    Agreement,
    Company,
    Member,
    MemberKind,
    Membership,
    PassUse,
    Prospect,
    ProspectStage,
    TierChange,
)
from .money import Money
from .network import Network, SeriesMode
from .opening import (
    DEFAULT_HOURS,
    DEFAULT_UNITS,
    BookableUnit,
    Closure,
    TimeRange,
    Weekday,
    WeeklyHours,
    holiday_slugs,
)
from .policy import FeeBand, FreePeriod, FundingPolicy, Policy, SpecialisationScope
from .pricing import FreeVariant, PassKind, PassPrice, Proration, Tier
from .specialisation import Specialisation

__all__ = [
    "DEPARTEMENT_CODES",
    "ELIGIBILITIES",
    "MAX_DATE",
    "MIN_DATE",
    "TIME_ZONES",
    "activities",
    "agreements",
    "attendances",
    "bookable_units",
    "bookings",
    "centres",
    "closures",
    "communes",
    "companies",
    "connections",
    "dates",
    "equipments",
    "fee_bands",
    "free_periods",
    "free_variants",
    "funding_policies",
    "holdings",
    "ledgers",
    "lifecycles",
    "members",
    "memberships",
    "moneys",
    "networks",
    "pass_prices",
    "pass_uses",
    "points",
    "policies",
    "programmes",
    "prospects",
    "registrations",
    "seat_changes",
    "seat_timelines",
    "slugs",
    "specialisation_scopes",
    "specialisations",
    "territories",
    "tier_changes",
    "tiers",
    "time_ranges",
    "weekly_hours",
]

#: The first date any strategy draws.
MIN_DATE: Final = dt.date(1990, 1, 1)
#: The last date any strategy draws.
MAX_DATE: Final = dt.date(2060, 12, 31)

#: Every département code a :class:`~telecentre_core.Territory` accepts.
DEPARTEMENT_CODES: Final = (
    *(f"{number:02d}" for number in range(1, 96)),
    "2A",
    "2B",
    *(f"97{number}" for number in range(1, 7)),
)

#: Time zones of French territories (and UTC) that networks are drawn in.
TIME_ZONES: Final = (
    "Europe/Paris",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "Indian/Reunion",
    "Indian/Mayotte",
    "UTC",
)

#: Eligibility groups members belong to and free-period variants name (Murat's first).
ELIGIBILITIES: Final = ("trained-newcomer", "student", "job-seeker")

# About ten billion euros: far beyond any network's budget, well inside Decimal's precision.
_MONEY_LIMIT_CENTS: Final = 10**12
_ONE_DAY: Final = dt.timedelta(days=1)

# Real names with the characters files must carry (accents, apostrophes, hyphens, ampersands).
_NAMES: Final = (
    "Murat",
    "Saint-Flour",
    "Chaudes-Aigues",
    "Riom-ès-Montagnes",
    "L'Hôpital-sous-Rochefort",
    "Télécentre d'Ydes",
    "Santé & travail",
    "Cantal",
    "Corse-du-Sud",
    "La Réunion",
)

# The centre of the Cantal, give or take 60 km: distances from 0 to about 150 km, so a
# policy's `within_km` scope sometimes separates two centres and sometimes not.
_REGION: Final = (44.5, 45.6, 2.0, 3.5)


def _names(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank text: mostly real place names, sometimes any Unicode."""
    return st.one_of(
        st.sampled_from(_NAMES),
        st.text(min_size=1, max_size=max_size).filter(lambda text: bool(text.strip())),
    )


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Calendar dates between ``min_value`` and ``max_value`` (both included).

    Month ends and 29 February, where billing dates go wrong, are drawn on
    purpose as well as any other day.
    """
    return _dates(min_value, max_value)


# Kept: networks draw dates between bounds drawn before, often the same ones, and a
# strategy built once is validated once.
@functools.lru_cache(maxsize=4096)
def _dates(min_value: dt.date, max_value: dt.date) -> st.SearchStrategy[dt.date]:
    def inside(day: dt.date) -> dt.date:
        return min(max(day, min_value), max_value)

    def month_end(year_month: tuple[int, int]) -> dt.date:
        year, month = year_month
        return inside(dt.date(year, month, calendar.monthrange(year, month)[1]))

    years = st.integers(min_value=min_value.year, max_value=max_value.year)
    leap_years = years.map(lambda year: year - year % 4 if year - year % 4 >= 1 else 4)
    return st.one_of(
        st.dates(min_value=min_value, max_value=max_value),
        st.tuples(years, st.integers(min_value=1, max_value=12)).map(month_end),
        leap_years.map(
            lambda year: inside(
                dt.date(year, 2, 29) if calendar.isleap(year) else dt.date(year, 2, 28)
            )
        ),
    )


def slugs(max_words: int = 3) -> st.SearchStrategy[str]:
    """Identities and slugs: lowercase ASCII words joined by hyphens (``sante-travail``)."""
    word = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=10)
    return st.lists(word, min_size=1, max_size=max_words).map("-".join)


def _to_money(value: Money | Decimal | int | str) -> Money:
    return value if isinstance(value, Money) else Money.of(value)


def moneys(
    min_value: Money | Decimal | int | str | None = None,
    max_value: Money | Decimal | int | str | None = None,
) -> st.SearchStrategy[Money]:
    """Amounts of money, exact to the cent, between the bounds (both included).

    Unset bounds stand for about ten billion euros either way.
    """
    low = Money.from_cents(-_MONEY_LIMIT_CENTS) if min_value is None else _to_money(min_value)
    high = Money.from_cents(_MONEY_LIMIT_CENTS) if max_value is None else _to_money(max_value)
    if high < low:
        raise ValueError(f"moneys(): max_value {high} is below min_value {low}")
    return st.integers(min_value=low.cents, max_value=high.cents).map(Money.from_cents)


def points(
    min_lat: float = -90.0,
    max_lat: float = 90.0,
    min_lon: float = -180.0,
    max_lon: float = 180.0,
) -> st.SearchStrategy[Point]:
    """Points on the Earth inside the given box (the whole Earth by default)."""
    return st.builds(
        Point,
        lat=st.floats(min_value=min_lat, max_value=max_lat),
        lon=st.floats(min_value=min_lon, max_value=max_lon),
    )


def _insee_codes() -> st.SearchStrategy[str]:
    # Metropolitan and Corsican codes: a 2-character département then 3 digits;
    # overseas: 97x then 2 digits (97411 is Saint-Denis de La Réunion).
    overseas = [code for code in DEPARTEMENT_CODES if code.startswith("97")]
    others = [code for code in DEPARTEMENT_CODES if code not in overseas]
    return st.one_of(
        st.builds("{}{:03d}".format, st.sampled_from(others), st.integers(0, 999)),
        st.builds("{}{:02d}".format, st.sampled_from(overseas), st.integers(0, 99)),
    )


def communes() -> st.SearchStrategy[Commune]:
    """French communes with a valid INSEE code and postcode."""
    return st.builds(
        Commune,
        name=_names(),
        insee=_insee_codes(),
        postcode=st.integers(min_value=0, max_value=99999).map("{:05d}".format),
    )


def territories() -> st.SearchStrategy[Territory]:
    """Départements: a valid code (``15``, ``2A``, ``974``) and a name."""
    return st.builds(Territory, code=st.sampled_from(DEPARTEMENT_CODES), name=_names())


def specialisations() -> st.SearchStrategy[Specialisation]:
    """Specialisations with a slug and a label."""
    return st.builds(Specialisation, slug=slugs(), label=_names())


def _speeds() -> st.SearchStrategy[float | None]:
    return st.none() | st.floats(min_value=0.01, max_value=100_000.0)


def connections() -> st.SearchStrategy[Connection]:
    """Internet connections of any type, speeds known or not."""
    return st.builds(
        Connection,
        type=st.sampled_from(ConnectionType),
        download_mbps=_speeds(),
        upload_mbps=_speeds(),
    )


def equipments() -> st.SearchStrategy[Equipment]:
    """Equipment: workstations, maybe a connection, a few feature slugs."""
    return st.builds(
        Equipment,
        workstations=st.integers(min_value=0, max_value=40),
        connection=st.none() | connections(),
        features=st.lists(slugs(max_words=2), max_size=4).map(tuple),
    )


def seat_changes(max_count: int | None = None) -> st.SearchStrategy[SeatChange]:
    """One seat change: a date and a count from 1 to ``max_count`` (50 unset)."""
    return st.builds(
        SeatChange, since=dates(), count=st.integers(min_value=1, max_value=max_count or 50)
    )


def seat_timelines(
    *,
    max_count: int | None = None,
    max_changes: int = 4,
    starts_by: dt.date | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[tuple[SeatChange, ...]]:
    """Seat timelines: 1 to ``max_changes`` changes on strictly increasing dates.

    Counts run from 1 to ``max_count`` (50 unset). ``starts_by`` puts the
    first change on or before that date (a centre's opening day).
    """
    if max_count is not None and max_count < 1:
        raise ValueError(f"seat_timelines(): max_count must be at least 1, got {max_count}")
    if max_changes < 1:
        raise ValueError(f"seat_timelines(): max_changes must be at least 1, got {max_changes}")
    last_first = max_date if starts_by is None else min(starts_by, max_date)
    if last_first < min_date:
        raise ValueError(f"seat_timelines(): starts_by {starts_by} is before {min_date}")
    return _seat_timelines(max_count or 50, max_changes, min_date, last_first, max_date)


@st.composite
def _seat_timelines(
    draw: st.DrawFn,
    max_count: int,
    max_changes: int,
    min_date: dt.date,
    last_first: dt.date,
    max_date: dt.date,
) -> tuple[SeatChange, ...]:
    first = draw(dates(min_date, last_first))
    later: list[dt.date] = []
    if first < max_date and max_changes > 1:
        later = draw(
            st.lists(dates(first + _ONE_DAY, max_date), max_size=max_changes - 1, unique=True)
        )
    counts = st.integers(min_value=1, max_value=max_count)
    return tuple(SeatChange(since=day, count=draw(counts)) for day in [first, *sorted(later)])


#: The shapes of a lifecycle: which of planned_from, opens, closes are set.
_LIFECYCLE_SHAPES: Final = (
    "open",
    "planned",
    "open-closed",
    "planned-open",
    "planned-open-closed",
)


def lifecycles(
    *, min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[Lifecycle]:
    """Lifecycles of every shape between the dates.

    Planned only, open, open then closed, planned then open (the same day or
    later), planned then open then closed.
    """
    if max_date <= min_date:
        raise ValueError(f"lifecycles(): max_date {max_date} must be after min_date {min_date}")
    return _lifecycles(min_date, max_date)


@st.composite
def _lifecycles(draw: st.DrawFn, min_date: dt.date, max_date: dt.date) -> Lifecycle:
    shape = draw(st.sampled_from(_LIFECYCLE_SHAPES))
    closes_too = shape.endswith("closed")
    # Leave a day after the opening for a closing.
    last_opening = max_date - _ONE_DAY if closes_too else max_date
    planned_from = opens = closes = None
    if shape.startswith("planned"):
        planned_from = draw(dates(min_date, last_opening))
    if "open" in shape:
        opens = draw(dates(planned_from or min_date, last_opening))
    if closes_too:
        assert opens is not None  # every closing shape opens first
        closes = draw(dates(opens + _ONE_DAY, max_date))
    return Lifecycle(planned_from=planned_from, opens=opens, closes=closes)


def holdings(
    slugs_from: Sequence[str] | None = None,
    *,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Holding]:
    """Holdings of a slug (one of ``slugs_from`` when given), dates set or not."""
    if max_date <= min_date:
        raise ValueError(f"holdings(): max_date {max_date} must be after min_date {min_date}")
    slug = st.sampled_from(tuple(slugs_from)) if slugs_from else slugs()
    return _holdings(slug, min_date, max_date)


@st.composite
def _holdings(
    draw: st.DrawFn, slug: st.SearchStrategy[str], min_date: dt.date, max_date: dt.date
) -> Holding:
    return _draw_holding(draw, draw(slug), min_date, max_date)


def _draw_holding(draw: st.DrawFn, slug: str, min_date: dt.date, max_date: dt.date) -> Holding:
    since = draw(dates(min_date, max_date - _ONE_DAY)) if draw(st.booleans()) else None
    first_end = (since or min_date) + _ONE_DAY
    until = draw(dates(first_end, max_date)) if draw(st.booleans()) else None
    return Holding(slug=slug, since=since, until=until)


def _region_points() -> st.SearchStrategy[Point]:
    min_lat, max_lat, min_lon, max_lon = _REGION
    return points(min_lat, max_lat, min_lon, max_lon)


def centres(
    *,
    ids: st.SearchStrategy[str] | None = None,
    holds: Sequence[str] | None = None,
    max_seats: int | None = None,
    locations: st.SearchStrategy[Point] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Centre]:
    """Valid centres: a lifecycle, a seat timeline that starts by the opening, holdings.

    Some declare their own weekly hours (:func:`weekly_hours`) and closures
    (:func:`closures`); the others keep the policy's hours.

    - ``ids``: the strategy for the id (slugs by default).
    - ``holds``: the slugs the centre may hold, each at most once (random
      slugs by default; pass ``()`` for a centre without specialisations).
    - ``max_seats``: a cap on every seat count (a policy's maximum).
    - ``locations``: where the centre stands (anywhere on Earth by default).
    """
    if max_seats is not None and max_seats < 1:
        raise ValueError(f"centres(): max_seats must be at least 1, got {max_seats}")
    if max_date <= min_date:
        raise ValueError(f"centres(): max_date {max_date} must be after min_date {min_date}")
    return _centres(
        ids if ids is not None else slugs(),
        None if holds is None else tuple(holds),
        max_seats,
        locations if locations is not None else points(),
        min_date,
        max_date,
    )


@st.composite
def _centres(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str],
    holds: tuple[str, ...] | None,
    max_seats: int | None,
    locations: st.SearchStrategy[Point],
    min_date: dt.date,
    max_date: dt.date,
) -> Centre:
    return _draw_centre(draw, draw(ids), holds, max_seats, locations, min_date, max_date)


def _draw_centre(
    draw: st.DrawFn,
    centre_id: str,
    holds: tuple[str, ...] | None,
    max_seats: int | None,
    locations: st.SearchStrategy[Point],
    min_date: dt.date,
    max_date: dt.date,
) -> Centre:
    # Draws from shared strategies where it can: building strategies for every
    # centre is what makes networks slow to generate.
    lifecycle = draw(_lifecycles(min_date, max_date))
    seats = draw(
        _seat_timelines(max_seats or 50, 4, min_date, lifecycle.opens or max_date, max_date)
    )
    held: list[str] = []
    if holds is None:
        held = draw(st.lists(slugs(), max_size=3, unique=True))
    elif holds:
        held = draw(st.lists(st.sampled_from(holds), max_size=3, unique=True))
    return Centre(
        id=centre_id,
        name=draw(_NAMES_OR_TEXT),
        commune=draw(_COMMUNES),
        location=draw(locations),
        seats=seats,
        lifecycle=lifecycle,
        specialisations=tuple(_draw_holding(draw, slug, min_date, max_date) for slug in held),
        equipment=draw(_MAYBE_EQUIPMENT),
        hours=draw(_MAYBE_HOURS),
        closures=[
            _draw_closure(draw, min_date, max_date)
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ],
        notes=draw(_NOTES),
    )


def _eligibility_groups() -> st.SearchStrategy[str]:
    return st.sampled_from(ELIGIBILITIES) | slugs(max_words=2)


def free_variants() -> st.SearchStrategy[FreeVariant]:
    """Free-period variants: a group (mostly one of :data:`ELIGIBILITIES`), 0 to 36 months."""
    return st.builds(
        FreeVariant,
        eligibility=_eligibility_groups(),
        months=st.integers(min_value=0, max_value=36),
    )


def _eligibility_of(variant: FreeVariant) -> str:
    return variant.eligibility


def free_periods() -> st.SearchStrategy[FreePeriod]:
    """Free periods of 0 to 36 months, with up to two variants for distinct groups."""
    return st.builds(
        FreePeriod,
        months=st.integers(min_value=0, max_value=36),
        variants=st.lists(free_variants(), max_size=2, unique_by=_eligibility_of),
    )


@st.composite
def fee_bands(draw: st.DrawFn) -> FeeBand:
    """Fee bands between 0 € and 1,000 € a month, minimum at most the maximum."""
    low, high = sorted(draw(st.lists(moneys(0, 1000), min_size=2, max_size=2)))
    return FeeBand(minimum=low, maximum=high)


def specialisation_scopes() -> st.SearchStrategy[SpecialisationScope]:
    """Network-wide scopes and scopes within 0.5 to 300 km."""
    return st.builds(
        SpecialisationScope,
        within_km=st.none() | st.floats(min_value=0.5, max_value=300.0),
    )


#: Tier slugs: mostly the usual ones, so that tier changes move between known tiers.
_TIER_NAMES: Final = ("standard", "plus", "solidaire", "entreprise")


def tiers(band: FeeBand | None = None) -> st.SearchStrategy[Tier]:
    """Monthly tiers whose fee lies inside ``band`` (0 € to 1,000 € unset)."""
    low, high = (0, 100_000) if band is None else (band.minimum.cents, band.maximum.cents)
    return _tiers(low, high)


@st.composite
def _tiers(draw: st.DrawFn, low: int, high: int) -> Tier:
    return _draw_tier(draw, draw(_TIER_SLUGS), low, high)


def _draw_tier(draw: st.DrawFn, slug: str, low: int, high: int) -> Tier:
    fee = Money.from_cents(draw(st.integers(min_value=low, max_value=high)))
    return Tier(slug=slug, name=draw(_NAMES_OR_TEXT), monthly_fee=fee)


def pass_prices(kinds: Sequence[PassKind] | None = None) -> st.SearchStrategy[PassPrice]:
    """Pass prices from 0 € to 500 €, of one of ``kinds`` (any kind unset)."""
    kind = st.sampled_from(tuple(kinds) if kinds else tuple(PassKind))
    return st.builds(PassPrice, kind=kind, price=moneys(0, 500))


def _kind_of(price: PassPrice) -> PassKind:
    return price.kind


def funding_policies() -> st.SearchStrategy[FundingPolicy]:
    """Funding policies: any split rule, any set of operating categories in any order."""
    return st.builds(
        FundingPolicy,
        split=st.sampled_from(SplitRule),
        operating_categories=st.lists(st.sampled_from(CostCategory), unique=True),
    )


def policies(*, min_tiers: int = 0, max_tiers: int = 3) -> st.SearchStrategy[Policy]:
    """Policies whose prices obey the rules.

    A free period (maybe with variants), a fee band, a specialisation scope,
    maybe a seat cap; ``min_tiers`` to ``max_tiers`` tiers with distinct
    slugs and fees inside the band; passes of distinct kinds; any proration;
    a billing day from 1 to 28, or none (anniversary billing, the default);
    a funding policy. Some keep other opening hours than the default
    (:func:`weekly_hours`), stay open on some public holidays, or offer
    other bookable units (:func:`bookable_units`); the regular use is 1 to
    20 bookings a month.
    """
    if not 0 <= min_tiers <= max_tiers:
        raise ValueError(
            f"policies(): need 0 <= min_tiers <= max_tiers, got {min_tiers} and {max_tiers}"
        )
    return _policies(min_tiers, max_tiers)


@st.composite
def _policies(draw: st.DrawFn, min_tiers: int, max_tiers: int) -> Policy:
    # Shared strategies only: building strategies inside each draw is what slows it down.
    band = draw(_FEE_BANDS)
    slugs_drawn = draw(st.lists(_TIER_SLUGS, min_size=min_tiers, max_size=max_tiers, unique=True))
    low, high = band.minimum.cents, band.maximum.cents
    return Policy(
        free_period=draw(_FREE_PERIODS),
        fee_band=band,
        specialisation_scope=draw(_SCOPES),
        max_seats_per_centre=draw(_CAPS),
        tiers=[_draw_tier(draw, slug, low, high) for slug in slugs_drawn],
        passes=draw(_PASS_LISTS),
        proration=draw(_PRORATIONS),
        billing_day=draw(_BILLING_DAYS),
        funding=draw(_FUNDING_POLICIES),
        opening_hours=draw(_POLICY_HOURS),
        open_on_holidays=draw(_HOLIDAY_LISTS),
        units=draw(_UNIT_LISTS),
        regular_use=draw(_REGULAR_USES),
    )


# -- people ------------------------------------------------------------------------


def _ids(choices: Sequence[str] | None) -> st.SearchStrategy[str]:
    """One of ``choices`` when given, else any slug."""
    return st.sampled_from(tuple(choices)) if choices else _SHORT_SLUGS


def _emails() -> st.SearchStrategy[str]:
    return st.builds(
        "{}@{}.{}".format,
        slugs(max_words=2),
        slugs(max_words=2),
        st.sampled_from(("fr", "org", "com", "coop")),
    )


def _phone(prefix: str, separator: str, numbers: Sequence[int]) -> str:
    return prefix + separator.join(f"{number:02d}" for number in numbers)


def _phones() -> st.SearchStrategy[str]:
    # "004 71 20 00 00", "+33 47.12.00.00", "+2620692000000": what the pattern accepts.
    return st.builds(
        _phone,
        st.sampled_from(("0", "+33 ", "+262 ")),
        st.sampled_from((" ", ".", "-", "")),
        st.lists(st.integers(min_value=0, max_value=99), min_size=4, max_size=5),
    )


def members(
    *,
    employers: Sequence[str] | None = None,
    eligibility: Sequence[str] | None = None,
) -> st.SearchStrategy[Member]:
    """Members of every kind: salaried teleworkers name an employer, the others none.

    - ``employers``: the company ids an employer is drawn from (any slug
      unset; ``()`` for no salaried teleworkers at all).
    - ``eligibility``: the groups a member may belong to (mostly
      :data:`ELIGIBILITIES` unset; ``()`` for none).
    """
    return _members(*_member_parts(employers, eligibility))


def _member_parts(
    employers: Sequence[str] | None, eligibility: Sequence[str] | None
) -> tuple[st.SearchStrategy[MemberKind], st.SearchStrategy[str], st.SearchStrategy[list[str]]]:
    kinds = tuple(MemberKind)
    if employers is not None and not employers:
        kinds = tuple(kind for kind in kinds if kind is not MemberKind.SALARIED)
    if eligibility is None:
        groups = _GROUP_LISTS
    elif eligibility:
        groups = st.lists(st.sampled_from(tuple(eligibility)), max_size=2, unique=True)
    else:
        groups = st.just([])
    return st.sampled_from(kinds), _ids(employers), groups


@st.composite
def _members(
    draw: st.DrawFn,
    kinds: st.SearchStrategy[MemberKind],
    employers: st.SearchStrategy[str],
    groups: st.SearchStrategy[list[str]],
) -> Member:
    return _draw_member(draw, draw(_SHORT_SLUGS), kinds, employers, groups)


def _draw_member(
    draw: st.DrawFn,
    member_id: str,
    kinds: st.SearchStrategy[MemberKind],
    employers: st.SearchStrategy[str],
    groups: st.SearchStrategy[list[str]],
) -> Member:
    kind = draw(kinds)
    return Member(
        id=member_id,
        name=draw(_NAMES_OR_TEXT),
        kind=kind,
        employer=draw(employers) if kind is MemberKind.SALARIED else None,
        eligibility=draw(groups),
        email=draw(_MAYBE_EMAILS),
        phone=draw(_MAYBE_PHONES),
        notes=draw(_NOTES),
    )


def _siren(body: int) -> str:
    """The SIREN number of 8 digits ``body`` and its Luhn check digit."""
    digits = f"{body:08d}"
    total = 0
    # From the right, every other digit is doubled, starting with the last of the body.
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value  # noqa: PLR2004
    return digits + str(-total % 10)


def companies() -> st.SearchStrategy[Company]:
    """Companies, SIREN number (with a valid Luhn check digit) known or not."""
    return st.builds(
        Company,
        id=slugs(max_words=2),
        name=_names(),
        siren=st.none() | st.integers(min_value=0, max_value=10**8 - 1).map(_siren),
    )


def prospects(
    companies: Sequence[str] | None = None,
    *,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Prospect]:
    """Prospects at every stage, of one of the ``companies`` ids (any slug unset)."""
    return st.builds(
        Prospect,
        company=_ids(companies),
        stage=st.sampled_from(ProspectStage),
        employees_interested=st.integers(min_value=0, max_value=40),
        updated=dates(min_date, max_date),
        notes=_NOTES,
    )


def tier_changes(
    tiers: Sequence[str] | None = None,
    *,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[TierChange]:
    """Tier changes to one of the ``tiers`` slugs (any slug unset)."""
    return st.builds(TierChange, since=dates(min_date, max_date), tier=_ids(tiers))


def _check_range(name: str, min_date: dt.date, max_date: dt.date) -> None:
    if max_date <= min_date:
        raise ValueError(f"{name}(): max_date {max_date} must be after min_date {min_date}")


def agreements(
    *,
    companies: Sequence[str] | None = None,
    employees: Sequence[str] | None = None,
    tiers: Sequence[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Agreement]:
    """Agreements valid on their own: 1 to 3 distinct employees, ``until`` after ``since``.

    Ids come from the sequences given (any slug unset). Whether the
    employees work for the company is the network's rule, not the
    agreement's: :func:`networks` draws agreements that obey it.
    """
    _check_range("agreements", min_date, max_date)
    return _agreements(_ids(companies), _ids(employees), _ids(tiers), min_date, max_date)


@st.composite
def _agreements(
    draw: st.DrawFn,
    companies: st.SearchStrategy[str],
    employees: st.SearchStrategy[str],
    tiers: st.SearchStrategy[str],
    min_date: dt.date,
    max_date: dt.date,
) -> Agreement:
    team = st.lists(employees, min_size=1, max_size=3, unique=True)
    return _draw_agreement(draw, draw(companies), team, tiers, min_date, max_date)


def _draw_agreement(
    draw: st.DrawFn,
    company_id: str,
    team: st.SearchStrategy[list[str]],
    tiers: st.SearchStrategy[str],
    min_date: dt.date,
    max_date: dt.date,
) -> Agreement:
    since = draw(dates(min_date, max_date - _ONE_DAY))
    until = draw(st.none() | dates(since + _ONE_DAY, max_date))
    return Agreement(
        company=company_id,
        employees=draw(team),
        tier=draw(tiers),
        since=since,
        until=until,
        reference=draw(_REFERENCES),
    )


def memberships(
    *,
    members: Sequence[str] | None = None,
    centres: Sequence[str] | None = None,
    tiers: Sequence[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Membership]:
    """Stints valid on their own: left after joined, up to two tier changes inside.

    Ids come from the sequences given (any slug unset). Whether the home
    centre is open on the day the member joins is the network's rule:
    :func:`networks` draws memberships that obey it.
    """
    _check_range("memberships", min_date, max_date)
    return _memberships(_ids(members), _ids(centres), _ids(tiers), min_date, max_date)


@st.composite
def _memberships(
    draw: st.DrawFn,
    members: st.SearchStrategy[str],
    centres: st.SearchStrategy[str],
    tiers: st.SearchStrategy[str],
    min_date: dt.date,
    max_date: dt.date,
) -> Membership:
    joined = draw(dates(min_date, max_date - _ONE_DAY))
    left = draw(st.none() | dates(joined + _ONE_DAY, max_date))
    return _draw_stint(draw, draw(members), joined, draw(centres), tiers, left, max_date)


def _draw_stint(
    draw: st.DrawFn,
    member_id: str,
    joined: dt.date,
    centre_id: str,
    tiers: st.SearchStrategy[str],
    left: dt.date | None,
    max_date: dt.date,
) -> Membership:
    # Tier changes lie strictly after joining and strictly before leaving.
    last_change = max_date if left is None else left - _ONE_DAY
    days: list[dt.date] = []
    if joined < last_change:
        days = sorted(
            draw(st.lists(dates(joined + _ONE_DAY, last_change), max_size=2, unique=True))
        )
    return Membership(
        member=member_id,
        joined=joined,
        centre=centre_id,
        tier=draw(tiers),
        changes=[TierChange(since=day, tier=draw(tiers)) for day in days],
        left=left,
    )


def pass_uses(
    *,
    members: Sequence[str] | None = None,
    centres: Sequence[str] | None = None,
    kinds: Sequence[PassKind] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[PassUse]:
    """Pass uses of one of ``kinds`` (any kind unset), ids from the sequences given."""
    return st.builds(
        PassUse,
        member=_ids(members),
        kind=st.sampled_from(tuple(kinds) if kinds else tuple(PassKind)),
        on=dates(min_date, max_date),
        centre=_ids(centres),
    )


# -- the programme: activities, registrations, attendance ----------------------------------

#: Quarter hours of the day; an activity starts on one and ends on a later one (or 23:59).
_QUARTERS: Final = tuple(dt.time(hour, minute) for hour in range(24) for minute in (0, 15, 30, 45))
_DAY_ENDS: Final = (*_QUARTERS[1:], dt.time(23, 59))
_TITLES: Final = ("Santé & travail", "Télémarketing", "Café télétravail", "Atelier, niveau 1")


def _time_spans() -> st.SearchStrategy[tuple[dt.time, dt.time]]:
    return st.sampled_from(_QUARTERS).flatmap(
        lambda starts: st.tuples(
            st.just(starts), st.sampled_from([end for end in _DAY_ENDS if end > starts])
        )
    )


def activities(
    *,
    centres: Sequence[str] | None = None,
    themes: Sequence[str] | None = None,
    funders: Sequence[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Activity]:
    """Activities valid on their own: ending after they start, on a quarter hour, 1+ places.

    The host centre, the theme (or a free theme) and the funder (or none)
    come from the sequences given (any slug unset; ``()`` for no theme or
    funder at all). Whether the centre is open that day, holds the theme,
    hosts another activity then, or the time exists in the network's zone
    is the network's rule: :func:`programmes` draws activities that obey it.
    """
    return _activities(
        _ids(centres),
        _maybe_ids(themes),
        _maybe_ids(funders),
        dates(min_date, max_date),
    )


def _maybe_ids(choices: Sequence[str] | None) -> st.SearchStrategy[str | None]:
    """None, or one of ``choices`` when given (any slug unset)."""
    if choices is not None and not choices:
        return st.none()
    return st.none() | _ids(choices)


@st.composite
def _activities(
    draw: st.DrawFn,
    centres: st.SearchStrategy[str],
    themes: st.SearchStrategy[str | None],
    funders: st.SearchStrategy[str | None],
    days: st.SearchStrategy[dt.date],
) -> Activity:
    starts, ends = draw(_TIME_SPANS)
    return _draw_activity(
        draw, draw(_SHORT_SLUGS), draw(centres), draw(days), starts, ends, themes, funders
    )


def _draw_activity(
    draw: st.DrawFn,
    activity_id: str,
    centre_id: str,
    day: dt.date,
    starts: dt.time,
    ends: dt.time,
    themes: st.SearchStrategy[str | None],
    funders: st.SearchStrategy[str | None],
) -> Activity:
    return Activity(
        id=activity_id,
        kind=draw(_ACTIVITY_KINDS),
        title=draw(_TITLE_NAMES),
        theme=draw(themes),
        centre=centre_id,
        day=day,
        starts=starts,
        ends=ends,
        places=draw(st.integers(min_value=1, max_value=6)),
        price=draw(_PRICES),
        audience=draw(_AUDIENCES),
        funder=draw(funders),
        series=draw(_SERIES),
        notes=draw(_NOTES),
    )


def registrations(
    *,
    activities: Sequence[str] | None = None,
    members: Sequence[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Registration]:
    """Registrations valid on their own: cancelled, if ever, on or after the day made.

    Ids come from the sequences given (any slug unset).
    """
    return _registrations(_ids(activities), _ids(members), min_date, max_date)


@st.composite
def _registrations(
    draw: st.DrawFn,
    activities: st.SearchStrategy[str],
    members: st.SearchStrategy[str],
    min_date: dt.date,
    max_date: dt.date,
) -> Registration:
    on = draw(dates(min_date, max_date))
    cancelled = draw(st.none() | dates(on, max_date))
    return Registration(activity=draw(activities), member=draw(members), on=on, cancelled=cancelled)


def attendances(
    *,
    activities: Sequence[str] | None = None,
    members: Sequence[str] | None = None,
) -> st.SearchStrategy[Attendance]:
    """Attendance records, present or not; ids from the sequences given (any slug unset)."""
    return st.builds(
        Attendance, activity=_ids(activities), member=_ids(members), present=st.booleans()
    )


def programmes(
    network: Network | None = None, *, max_activities: int = 4
) -> st.SearchStrategy[Programme]:
    """Programmes that obey every rule in ``network`` (the reference network, unset).

    Unset, the network is the Cybercantal
    (:func:`~telecentre_core.datasets.cybercantal`, loaded on the first draw):
    its open centres, themes, members and funders make for rich programmes, and
    ``st.from_type(Programme)`` draws these. For a network of your own, draw it
    first (``networks().flatmap(programmes)``), or draw networks that hold a
    programme (``networks(programme=True)``).

    Up to ``max_activities`` activities at centres open on their day, at
    local times that exist in the network's zone, one at a time per centre,
    on a theme the host holds or nobody holds that day, or a free one (rule
    2), paid for by one of the network's funders or none; registrations in
    the order they were made, before the activity, by people the network
    knows (members that day for a members' activity), some cancelled, some
    registered again, more than the places so that some wait; attendance
    recorded for some of the people holding a place.
    """
    if max_activities < 0:
        raise ValueError(f"programmes(): max_activities {max_activities} is below 0")
    if network is None:
        return st.deferred(lambda: _programmes(_reference(), max_activities))
    return _programmes(network, max_activities)


def _reference() -> Network:
    from .datasets import cybercantal  # loaded when first drawn from, not on import

    return cybercantal()


@st.composite
def _programmes(draw: st.DrawFn, network: Network, max_activities: int) -> Programme:
    return _draw_programme(draw, network, max_activities)


def _draw_programme(draw: st.DrawFn, network: Network, max_activities: int) -> Programme:
    windows = _open_windows(network.centres, MIN_DATE, MAX_DATE)
    if not windows or not max_activities:
        return Programme()
    funders = _maybe_ids(tuple(funder.id for funder in network.funders))
    taken: dict[tuple[str, dt.date], list[tuple[dt.time, dt.time]]] = {}
    chosen: list[Activity] = []
    for number in range(draw(st.integers(min_value=0, max_value=max_activities))):
        centre_id, first, last = draw(st.sampled_from(windows))
        # Near each other, so that activities share days and the overlap rule is exercised.
        same_day: bool = draw(st.booleans())
        if chosen and same_day:
            day = draw(st.sampled_from([activity.day for activity in chosen]))
            if not first <= day <= last:
                day = first
        else:
            day = draw(dates(first, last))
        starts, ends = draw(_TIME_SPANS)
        if not (
            local_time_exists(day, starts, network.timezone)
            and local_time_exists(day, ends, network.timezone)
        ):
            continue  # the clocks skip that time: no activity then
        busy = taken.setdefault((centre_id, day), [])
        if any(starts < other_ends and other_starts < ends for other_starts, other_ends in busy):
            continue  # the centre hosts another activity then
        busy.append((starts, ends))
        themes = st.none() | st.sampled_from(_free_themes(network, centre_id, day) or (None,))
        activity_id = f"{draw(_SHORT_SLUGS)}-{number}"
        chosen.append(
            _draw_activity(draw, activity_id, centre_id, day, starts, ends, themes, funders)
        )
    registered: list[Registration] = []
    attendance: list[Attendance] = []
    for activity in chosen:
        records, present = _draw_registrations(draw, network, activity)
        registered.extend(records)
        attendance.extend(present)
    return Programme(
        activities=chosen,
        registrations=registered,
        attendance=draw(st.permutations(attendance)),
    )


def _free_themes(network: Network, centre_id: str, day: dt.date) -> tuple[str, ...]:
    """The themes ``centre_id`` may teach on ``day`` by rule 2: its own, and those nobody holds."""
    held: dict[str, set[str]] = {}
    for centre in network.centres:
        for slug in centre.specialisations_on(day):
            held.setdefault(slug, set()).add(centre.id)
    return tuple(
        item.slug
        for item in network.specialisations
        if item.slug not in held or centre_id in held[item.slug]
    )


def _draw_registrations(
    draw: st.DrawFn, network: Network, activity: Activity
) -> tuple[list[Registration], list[Attendance]]:
    people = [
        member.id
        for member in network.members
        if activity.audience is Audience.PUBLIC
        or network.membership_on(member.id, activity.day) is not None
    ]
    if not people:
        return [], []
    order = draw(st.lists(st.sampled_from(people), max_size=activity.places + 2))
    first = max(MIN_DATE, activity.day - dt.timedelta(days=60))
    on = first
    records: list[Registration] = []
    active: dict[str, int] = {}  # who holds a place or waits, and their registration's index
    for member_id in order:
        # Each registration on or after the one before: the waiting list is their order.
        on = draw(dates(on, activity.day))
        if member_id in active:
            # Registered already: cancel that registration, then register again (or not).
            index = active.pop(member_id)
            records[index] = attrs.evolve(records[index], cancelled=on)
            if draw(st.booleans()):
                continue
        active[member_id] = len(records)
        records.append(Registration(activity=activity.id, member=member_id, on=on))
    holders = [record.member for record in records if record.cancelled is None]
    present = [
        Attendance(activity=activity.id, member=member_id, present=draw(st.booleans()))
        for member_id in holders[: activity.places]
        if draw(st.booleans())
    ]
    return records, present


# -- opening hours, closures and bookings ----------------------------------------------------

_MINUTES_A_DAY: Final = 24 * 60


def _clock_of(minutes: int) -> dt.time:
    """The local time ``minutes`` after midnight; a whole day (1440) is 24:00."""
    return END_OF_DAY if minutes >= _MINUTES_A_DAY else dt.time(minutes // 60, minutes % 60)


def _minutes_of(time: dt.time) -> int:
    return _MINUTES_A_DAY if time == END_OF_DAY else time.hour * 60 + time.minute


@functools.lru_cache(maxsize=4096)
def _boundaries(low: int, high: int) -> st.SearchStrategy[int]:
    """Minutes of the day from ``low`` to ``high``: quarter hours, any minute, the clock changes.

    The hours the clocks skip or repeat (02:00 to 03:00 in Europe/Paris) and midnight at
    both ends of the day are drawn on purpose.
    """
    special = [minute for minute in (0, 120, 150, 180, _MINUTES_A_DAY) if low <= minute <= high]
    choices = [st.integers(min_value=low, max_value=high)]
    if -(-low // 15) <= high // 15:
        quarters = st.integers(min_value=-(-low // 15), max_value=high // 15)
        choices.insert(0, quarters.map(lambda quarter: quarter * 15))
    if special:
        choices.append(st.sampled_from(special))
    return st.one_of(choices)


def time_ranges(within: TimeRange | str | None = None) -> st.SearchStrategy[TimeRange]:
    """Ranges of local time within one day (``09:00-12:30``), inside ``within`` when given.

    ``within`` is a :class:`~telecentre_core.TimeRange` or its text
    (``"09:00-18:00"``); unset, the whole day. Ends are mostly quarter hours,
    sometimes any minute, and midnight (``00:00``, ``24:00``) and the hours
    the clocks change (02:00 to 03:00) are drawn on purpose.
    """
    window = TimeRange.parse(within) if isinstance(within, str) else within
    if window is None:
        return _TIME_RANGES
    low, high = _minutes_of(window.start), _minutes_of(window.end)
    return _time_ranges(low, high)


@st.composite
def _time_ranges(draw: st.DrawFn, low: int, high: int) -> TimeRange:
    # The start, then an end after it: no retries, and it shrinks to the earliest and shortest.
    start = draw(_boundaries(low, high - 1))
    end = draw(_boundaries(start + 1, high))
    return TimeRange(start=_clock_of(start), end=_clock_of(end))


def _weekly(days: dict[Weekday, str], **more: str) -> WeeklyHours:
    """Hours open one range on each of ``days`` (and ``more``, by weekday name)."""
    ranges = {day.value: (TimeRange.parse(text),) for day, text in days.items()}
    ranges.update({name: (TimeRange.parse(text),) for name, text in more.items()})
    return WeeklyHours(**ranges)


def weekly_hours() -> st.SearchStrategy[WeeklyHours]:
    """Weekly opening hours: the usual kinds, and any others.

    The usual ones: weekdays 9:00-18:00, a lunch break, long days and
    Saturday mornings, open day and night (so that the nights the clocks
    change fall inside). The others: 0 to 3 ranges a day, in order, some
    following each other without a break, some days closed, sometimes every day.
    """
    return _WEEKLY_HOURS


@st.composite
def _any_weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    return WeeklyHours(**{day.value: _draw_day_ranges(draw) for day in Weekday})


def _draw_day_ranges(draw: st.DrawFn) -> tuple[TimeRange, ...]:
    count = draw(st.integers(min_value=0, max_value=3))
    if not count:
        return ()
    points = sorted(
        draw(st.lists(_DAY_BOUNDARIES, min_size=2 * count, max_size=2 * count, unique=True))
    )
    ranges: list[TimeRange] = []
    for index in range(count):
        start, end = points[2 * index], points[2 * index + 1]
        if len(ranges) > 0 and draw(st.booleans()):
            start = _minutes_of(ranges[-1].end)  # no break between the two
        ranges.append(TimeRange(start=_clock_of(start), end=_clock_of(end)))
    return tuple(ranges)


def closures(
    min_date: dt.date = MIN_DATE, max_date: dt.date = MAX_DATE
) -> st.SearchStrategy[Closure]:
    """A centre's own closures: a day to two months between the dates, a reason or none."""
    _check_range("closures", min_date, max_date)
    return _closures(min_date, max_date)


@st.composite
def _closures(draw: st.DrawFn, min_date: dt.date, max_date: dt.date) -> Closure:
    return _draw_closure(draw, min_date, max_date)


def _draw_closure(draw: st.DrawFn, min_date: dt.date, max_date: dt.date) -> Closure:
    first = draw(dates(min_date, max_date))
    length = dt.timedelta(days=draw(st.integers(min_value=0, max_value=60)))
    return Closure(first=first, last=min(first + length, max_date), reason=draw(_NOTES))


def bookable_units() -> st.SearchStrategy[BookableUnit]:
    """Units members book by name: a slug (mostly ``morning``, ``afternoon``...), any window."""
    return st.builds(BookableUnit, slug=_UNIT_SLUGS, window=time_ranges())


def _unit_slug(unit: BookableUnit) -> str:
    return unit.slug


def bookings(
    *,
    centres: Sequence[str] | None = None,
    members: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
) -> st.SearchStrategy[Booking]:
    """Bookings valid on their own: a member, a centre, a day and a span of local time.

    Ids come from the sequences given (any slug unset); some name a unit
    (one of ``units``, the default units' slugs unset) and some a series.
    Whether a network accepts them (the centre open then, a seat free, the
    member nowhere else) is the network's rule: :func:`ledgers` draws
    bookings that obey it.
    """
    _check_range("bookings", min_date, max_date)
    unit_slugs = tuple(units) if units is not None else tuple(u.slug for u in DEFAULT_UNITS)
    return st.builds(
        Booking,
        member=_ids(members),
        centre=_ids(centres),
        day=dates(min_date, max_date),
        time=time_ranges(),
        unit=_maybe_ids(unit_slugs),
        series=_SERIES,
    )


def ledgers(network: Network | None = None, *, max_bookings: int = 8) -> st.SearchStrategy[Ledger]:
    """Ledgers of bookings that obey every rule in ``network`` (the reference network, unset).

    The network's own bookings, and those accepted among up to
    ``max_bookings`` requests made through :meth:`Network.book
    <telecentre_core.Network.book>` (and, now and then, a weekly
    :meth:`~telecentre_core.Network.book_series` booking its free
    occurrences): members asking on days they are members (or hold a pass
    at that centre), on a day the centre opens, by unit or for an interval
    of the day's opening (some across a break, some at a time the clocks
    skip). Many requests come back to a centre and day already booked, so
    that seats fill up, members are asked for twice and some requests are
    refused. Put the ledger in the network with ``attrs.evolve(network,
    bookings=ledger)``, or draw networks that hold bookings
    (``networks(max_bookings=...)``).

    Unset, the network is the Cybercantal
    (:func:`~telecentre_core.datasets.cybercantal`) without its own
    bookings, so that ledgers stay small; ``st.from_type(Ledger)`` draws these.
    """
    if max_bookings < 0:
        raise ValueError(f"ledgers(): max_bookings {max_bookings} is below 0")
    if network is None:
        return st.deferred(lambda: _ledgers(_reference_without_bookings(), max_bookings))
    return _ledgers(network, max_bookings)


@functools.cache
def _reference_without_bookings() -> Network:
    return attrs.evolve(_reference(), bookings=Ledger())


@st.composite
def _ledgers(draw: st.DrawFn, network: Network, max_bookings: int) -> Ledger:
    return _draw_bookings(draw, network, max_bookings).bookings


# Who may book, and when: (member, first day, last day, the one centre or None for any).
_Right = tuple[str, dt.date, dt.date, str | None]


def _rights_of(network: Network) -> list[_Right]:
    rights: list[_Right] = [
        (stint.member, stint.joined, (stint.left - _ONE_DAY) if stint.left else MAX_DATE, None)
        for stint in network.memberships
    ]
    rights.extend(
        (
            use.member,
            use.on,
            use.on + dt.timedelta(days=6 if use.kind is PassKind.WEEK else 0),
            use.centre,
        )
        for use in network.pass_uses
    )
    return rights


def _draw_bookings(draw: st.DrawFn, network: Network, max_bookings: int) -> Network:
    # Requests made through the network itself, so that every booking kept obeys its rules;
    # many come back to a place (a centre and a day) already booked, where seats run out.
    rights = _rights_of(network)
    windows = {
        centre_id: (first, last)
        for centre_id, first, last in _open_windows(network.centres, MIN_DATE, MAX_DATE)
    }
    if not rights or not windows or not max_bookings:
        return network
    units = tuple(unit.slug for unit in network.policy.units)
    places: list[tuple[str, dt.date]] = []
    for number in range(draw(st.integers(min_value=0, max_value=max_bookings))):
        if len(places) > 0 and draw(st.booleans()):
            centre_id, day = draw(st.sampled_from(places))
            who = [
                member_id
                for member_id, first, last, only in rights
                if first <= day <= last and only in (None, centre_id)
            ]
            if not who:
                continue
            member_id = draw(st.sampled_from(who))
        else:
            member_id, first, last, only = draw(st.sampled_from(rights))
            centre_id = only or draw(st.sampled_from(sorted(windows)))
            opens, closes = windows.get(centre_id, (MAX_DATE, MIN_DATE))
            first, last = max(first, opens), min(last, closes)
            if first > last:
                continue
            found = _open_day_from(network, centre_id, draw(dates(first, last)), last)
            if found is None:
                continue
            day = found
        opening = network.opening_on(centre_id, day)
        if not opening.is_open:
            continue
        unit = draw(st.sampled_from(units)) if draw(st.booleans()) else None
        time = None if unit is not None else _draw_span(draw, opening.ranges)
        try:
            if draw(_SERIES_CHANCE):
                weeks = draw(st.integers(min_value=1, max_value=3))
                result = network.book_series(
                    member_id,
                    centre_id,
                    day,
                    day + dt.timedelta(weeks=weeks * draw(st.integers(1, 4))),
                    unit,
                    time=time,
                    every_weeks=weeks,
                    mode=SeriesMode.FREE_ONLY,
                    series=f"serie-{number}",
                )
                network = result.network
                places.extend((booking.centre, booking.day) for booking in result.booked)
            else:
                network = network.book(member_id, centre_id, day, unit, time=time)
                places.append((centre_id, day))
        except TelecentreError:
            continue  # refused: the network is as it was
    return network


def _open_day_from(network: Network, centre_id: str, day: dt.date, last: dt.date) -> dt.date | None:
    """``day`` or one of the six days after it (by ``last``) when the centre opens, or None."""
    for offset in range(7):
        candidate = day + dt.timedelta(days=offset)
        if candidate > last:
            return None
        if network.opening_on(centre_id, candidate).is_open:
            return candidate
    return None


def _draw_span(draw: st.DrawFn, ranges: Sequence[TimeRange]) -> TimeRange:
    """A span inside the day's ``ranges`` (or from one into a later one, across a break)."""
    first = draw(st.integers(min_value=0, max_value=len(ranges) - 1))
    last = first if draw(st.booleans()) else draw(st.integers(first, len(ranges) - 1))
    low, high = _minutes_of(ranges[first].start), _minutes_of(ranges[last].end)
    steps = (high - low) // 15
    if steps < 1:
        return TimeRange(start=ranges[first].start, end=ranges[last].end)
    start = draw(st.integers(min_value=0, max_value=steps - 1))
    end = draw(st.integers(min_value=start + 1, max_value=steps))
    return TimeRange(
        start=_clock_of(low + 15 * start),
        end=ranges[last].end if end == steps else _clock_of(low + 15 * end),
    )


#: How one specialisation of a generated network is handed out (see networks()).
_PLANS: Final = ("unheld", "one-centre", "handed-over", "handed-over", "far-apart")


@st.composite
def networks(
    draw: st.DrawFn,
    min_centres: int = 0,
    max_centres: int = 6,
    *,
    policy: st.SearchStrategy[Policy] | None = None,
    locations: st.SearchStrategy[Point] | None = None,
    max_specialisations: int = 6,
    min_date: dt.date = MIN_DATE,
    max_date: dt.date = MAX_DATE,
    people: bool = True,
    max_members: int = 4,
    programme: bool = False,
    max_activities: int = 4,
    max_bookings: int = 6,
) -> Network:
    """Networks that obey every rule.

    Centre ids are unique, held specialisations are declared, seat counts
    respect the policy's cap, and each specialisation is handed out in one of
    four ways: held by no centre; by one centre; by several centres one after
    the other (each holding ends, by an ``until`` date or by the centre's
    closing, before the next begins); or, when the policy's scope is
    ``within_km``, by centres at least that far apart. Centres stand in a
    box around the Cantal unless ``locations`` says otherwise.

    With ``people`` (the default), the network also has up to
    ``max_members`` members (their policy, unless ``policy`` is given, has
    at least one tier), up to two companies and their prospects,
    agreements for the companies' own salaried teleworkers one after the
    other, memberships (each joined on a day the home centre is open, one
    stint at a time: some members leave, some rejoin, some change tier),
    and passes of priced kinds used at open centres.

    With ``programme`` (off by default, as drawing it takes time), the
    network also holds a programme of up to ``max_activities`` activities
    that obeys every rule in it, as :func:`programmes` draws one.

    With ``people``, the network also holds the bookings accepted among up
    to ``max_bookings`` requests, as :func:`ledgers` draws them (``0`` for
    none): a network with bookings refuses to close a centre or let a
    member leave while bookings remain after that day.
    """
    if max_bookings < 0:
        raise ValueError(f"networks(): max_bookings {max_bookings} is below 0")
    if policy is None:
        policy = _PEOPLE_POLICIES if people else _POLICIES
    chosen_policy = draw(policy)
    catalogue = draw(
        st.lists(specialisations(), max_size=max_specialisations, unique_by=lambda s: s.slug)
    )
    ids = draw(st.lists(slugs(), min_size=min_centres, max_size=max_centres, unique=True))
    where = locations if locations is not None else _region_points()
    cap = chosen_policy.max_seats_per_centre
    shells = [
        _draw_centre(draw, centre_id, (), cap, where, min_date, max_date) for centre_id in ids
    ]
    held: list[list[Holding]] = [[] for _ in shells]
    for specialisation in catalogue:
        if not shells:
            break
        plan = draw(st.sampled_from(_PLANS))
        if plan == "one-centre":
            index = draw(st.integers(min_value=0, max_value=len(shells) - 1))
            held[index].append(_draw_holding(draw, specialisation.slug, min_date, max_date))
        elif plan == "handed-over":
            _hand_over(draw, specialisation.slug, shells, held, min_date, max_date)
        elif plan == "far-apart":
            _far_apart(draw, specialisation.slug, shells, held, chosen_policy, max_date)
    centres = [
        attrs.evolve(shell, specialisations=tuple(holdings_of))
        for shell, holdings_of in zip(shells, held, strict=True)
    ]
    crowd = (
        _draw_people(draw, chosen_policy, centres, max_members, min_date, max_date)
        if people
        else _People()
    )
    network = Network(
        name=draw(_NAMES_OR_TEXT),
        territory=draw(_TERRITORIES),
        timezone=draw(st.sampled_from(TIME_ZONES)),
        policy=chosen_policy,
        specialisations=catalogue,
        centres=centres,
        members=crowd.members,
        companies=crowd.companies,
        prospects=crowd.prospects,
        agreements=crowd.agreements,
        memberships=crowd.memberships,
        pass_uses=crowd.pass_uses,
        notes=draw(_NOTES),
    )
    if programme:
        network = attrs.evolve(network, programme=_draw_programme(draw, network, max_activities))
    if people and max_bookings:
        network = _draw_bookings(draw, network, max_bookings)
    return network


@attrs.define
class _People:
    """The people of a generated network, in the network's collections."""

    members: list[Member] = attrs.Factory(list)
    companies: list[Company] = attrs.Factory(list)
    prospects: list[Prospect] = attrs.Factory(list)
    agreements: list[Agreement] = attrs.Factory(list)
    memberships: list[Membership] = attrs.Factory(list)
    pass_uses: list[PassUse] = attrs.Factory(list)


# A centre's open days: (id, first open day, last open day), both included.
_Window = tuple[str, dt.date, dt.date]


def _open_windows(centres: Sequence[Centre], min_date: dt.date, max_date: dt.date) -> list[_Window]:
    windows: list[_Window] = []
    for centre in centres:
        opens, closes = centre.lifecycle.opens, centre.lifecycle.closes
        if opens is None:
            continue  # planned only: nobody joins or uses a pass there
        first = max(opens, min_date)
        last = max_date if closes is None else min(closes - _ONE_DAY, max_date)
        if first <= last:
            windows.append((centre.id, first, last))
    return windows


def _draw_people(
    draw: st.DrawFn,
    policy: Policy,
    centres: Sequence[Centre],
    max_members: int,
    min_date: dt.date,
    max_date: dt.date,
) -> _People:
    people = _People()
    people.companies = draw(_COMPANY_LISTS)
    company_ids = tuple(company.id for company in people.companies)
    # The variants' groups twice over: members eligible for a longer free period are common.
    variant_groups = tuple(variant.eligibility for variant in policy.free_period.variants)
    groups = (*variant_groups, *variant_groups, *ELIGIBILITIES)
    kinds, employers, group_lists = _member_parts(company_ids, groups)
    if company_ids:
        # Salaried teleworkers twice as often: they are the ones agreements pay for.
        kinds = st.sampled_from((*MemberKind, MemberKind.SALARIED))
    people.members = [
        _draw_member(draw, member_id, kinds, employers, group_lists)
        for member_id in draw(st.lists(_SHORT_SLUGS, max_size=max_members, unique=True))
    ]
    if company_ids:
        which = st.sampled_from(company_ids)
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            people.prospects.append(
                Prospect(
                    company=draw(which),
                    stage=draw(_STAGES),
                    employees_interested=draw(st.integers(min_value=0, max_value=40)),
                    updated=draw(dates(min_date, max_date)),
                    notes=draw(_NOTES),
                )
            )
    tier_slugs = tuple(tier.slug for tier in policy.tiers)
    windows = _open_windows(centres, min_date, max_date)
    if tier_slugs:
        tier = st.sampled_from(tier_slugs)
        for company_id in company_ids:
            staff = tuple(member.id for member in people.members if member.employer == company_id)
            if staff:
                people.agreements.extend(
                    _draw_agreements(draw, company_id, staff, tier, min_date, max_date)
                )
        if windows:
            stints: list[Membership] = []
            for member in people.members:
                stints.extend(_draw_stints(draw, member.id, windows, tier, min_date, max_date))
            # In any order: the rules and the lookups must not depend on it.
            people.memberships = list(draw(st.permutations(stints)))
    priced = tuple(price.kind for price in policy.passes)
    if priced and windows and people.members:
        who = st.sampled_from(tuple(member.id for member in people.members))
        kind = st.sampled_from(priced)
        where = st.sampled_from(windows)
        for _ in range(draw(st.integers(min_value=0, max_value=4))):
            centre_id, first, last = draw(where)
            on = draw(dates(first, last))
            people.pass_uses.append(
                PassUse(member=draw(who), kind=draw(kind), on=on, centre=centre_id)
            )
    return people


def _draw_agreements(
    draw: st.DrawFn,
    company_id: str,
    staff: Sequence[str],
    tier: st.SearchStrategy[str],
    min_date: dt.date,
    max_date: dt.date,
) -> list[Agreement]:
    # One agreement after the other, each for some of the company's salaried members:
    # no employee is ever paid for twice on one day.
    found: list[Agreement] = []
    team = st.lists(st.sampled_from(staff), min_size=1, max_size=len(staff), unique=True)
    start = min_date
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        if start >= max_date:
            break
        agreement = _draw_agreement(draw, company_id, team, tier, start, max_date)
        found.append(agreement)
        if agreement.until is None:
            break
        start = agreement.until
    return found


def _draw_stints(
    draw: st.DrawFn,
    member_id: str,
    windows: Sequence[_Window],
    tier: st.SearchStrategy[str],
    min_date: dt.date,
    max_date: dt.date,
) -> list[Membership]:
    # 0 to 3 stints one after the other, each joined on a day its home centre is open;
    # a member who leaves may rejoin (sometimes on the very day it left).
    stints: list[Membership] = []
    start = min_date
    count = draw(st.integers(min_value=0, max_value=3))
    for position in range(count):
        usable = [
            (centre_id, max(first, start), last)
            for centre_id, first, last in windows
            if max(first, start) <= last
        ]
        if not usable:
            break
        centre_id, first, last = draw(st.sampled_from(usable))
        rejoins_at_once = bool(stints) and draw(st.booleans())
        joined = first if rejoins_at_once else draw(dates(first, last))
        left = None
        # Every stint but the last ends, so that the member rejoins; the last may too.
        if joined < max_date and (position < count - 1 or draw(st.booleans())):
            left = draw(dates(joined + _ONE_DAY, max_date))
        stints.append(_draw_stint(draw, member_id, joined, centre_id, tier, left, max_date))
        if left is None:
            break
        start = left
    return stints


def _hand_over(
    draw: st.DrawFn,
    slug: str,
    shells: list[Centre],
    held: list[list[Holding]],
    min_date: dt.date,
    max_date: dt.date,
) -> None:
    # Centres take the slug one after the other (a centre may take it back later).
    # `free_from` is the first day no earlier holding is in force: each holding
    # starts on or after it, and ends by its `until` or by its centre's closing.
    order = draw(
        st.lists(st.integers(min_value=0, max_value=len(shells) - 1), min_size=2, max_size=4)
    )
    free_from: dt.date | None = None
    for position, index in enumerate(order):
        centre = shells[index]
        earliest = min_date if free_from is None else free_from
        if earliest >= max_date:
            return
        since: dt.date | None = draw(dates(earliest, max_date - _ONE_DAY))
        if free_from is None and draw(st.booleans()):
            since = None  # from the centre's start, whenever that is
        start = max(since or centre.lifecycle.start, centre.lifecycle.start)
        if position == len(order) - 1 and draw(st.booleans()):
            held[index].append(Holding(slug=slug, since=since))
            return
        closes = centre.lifecycle.closes
        closing_now = False
        opens = centre.lifecycle.opens
        if closes is None and opens is not None and max(start, opens) < max_date:
            # Close an open centre to free the slug. Closing only shortens the
            # periods of its holdings, so the slugs handed out before stay valid.
            closing_now = draw(st.booleans())
            if closing_now:
                closes = draw(dates(max(start, opens) + _ONE_DAY, max_date))
                lifecycle = attrs.evolve(centre.lifecycle, closes=closes)
                shells[index] = attrs.evolve(centre, lifecycle=lifecycle)
        if closes is not None and closes > start and (closing_now or draw(st.booleans())):
            # Freed by the closing: the next centre may take it from that day.
            held[index].append(Holding(slug=slug, since=since))
            free_from = closes
            continue
        if start >= max_date:
            continue  # no room for an end date; this centre never takes it
        until = draw(dates(start + _ONE_DAY, max_date))
        held[index].append(Holding(slug=slug, since=since, until=until))
        free_from = until


def _far_apart(
    draw: st.DrawFn,
    slug: str,
    shells: Sequence[Centre],
    held: list[list[Holding]],
    policy: Policy,
    max_date: dt.date,
) -> None:
    # Within a `within_km` scope, centres at least that far apart may share a theme
    # for ever. Without one, the slug goes to one centre.
    within_km = policy.specialisation_scope.within_km
    order = draw(st.permutations(range(len(shells))))
    chosen: list[int] = []
    for index in order:
        location = shells[index].location
        if within_km is None and chosen:
            break
        # Both ways: the rules measure from the later centre, and floats need not be symmetric.
        if within_km is not None and any(
            min(
                location.distance_km(shells[other].location),
                shells[other].location.distance_km(location),
            )
            < within_km
            for other in chosen
        ):
            continue
        chosen.append(index)
    for index in chosen:
        since = draw(st.none() | dates(MIN_DATE, max_date))
        held[index].append(Holding(slug=slug, since=since))


# Strategies shared by every draw, built once.
_NAMES_OR_TEXT: Final = _names()
_NOTES: Final = st.just("") | _NAMES_OR_TEXT
_COMMUNES: Final = communes()
_TERRITORIES: Final = territories()
_MAYBE_EQUIPMENT: Final = st.none() | equipments()
_SHORT_SLUGS: Final = slugs(max_words=2)
_TIER_SLUGS: Final = st.sampled_from(_TIER_NAMES) | _SHORT_SLUGS
_FEE_BANDS: Final = fee_bands()
_FREE_PERIODS: Final = free_periods()
_SCOPES: Final = specialisation_scopes()
_CAPS: Final = st.none() | st.integers(min_value=1, max_value=12)
_PASS_LISTS: Final = st.lists(pass_prices(), max_size=3, unique_by=_kind_of)
_PRORATIONS: Final = st.sampled_from(Proration)
_FUNDING_POLICIES: Final = funding_policies()
_BILLING_DAYS: Final = st.none() | st.integers(min_value=1, max_value=28)
_GROUP_LISTS: Final = st.lists(_eligibility_groups(), max_size=2, unique=True)
_MAYBE_EMAILS: Final = st.none() | _emails()
_MAYBE_PHONES: Final = st.none() | _phones()
_STAGES: Final = st.sampled_from(ProspectStage)
_COMPANY_LISTS: Final = st.lists(companies(), max_size=2, unique_by=lambda company: company.id)
_REFERENCES: Final = st.just("") | st.builds(
    "AG-{}-{:03d}".format, st.integers(min_value=1990, max_value=2060), st.integers(0, 999)
)
_POLICIES: Final = policies()
_PEOPLE_POLICIES: Final = policies(min_tiers=1)
_ACTIVITY_KINDS: Final = st.sampled_from(ActivityKind)
_AUDIENCES: Final = st.sampled_from(Audience)
_TITLE_NAMES: Final = st.sampled_from(_TITLES) | _NAMES_OR_TEXT
_PRICES: Final = st.just(Money.zero()) | moneys(0, 100)
_SERIES: Final = st.none() | st.sampled_from(("serie-a", "serie-b"))
_TIME_SPANS: Final = _time_spans()
_DAY_BOUNDARIES: Final = _boundaries(0, _MINUTES_A_DAY)
_TIME_RANGES: Final = _time_ranges(0, _MINUTES_A_DAY)
#: Opening hours centres keep (the library's choices; Murat's lunch break is illustrative).
_USUAL_HOURS: Final = (
    DEFAULT_HOURS,
    WeeklyHours.weekdays("09:00-12:30", "13:30-18:00"),
    _weekly(dict.fromkeys(tuple(Weekday)[:5], "08:30-19:00"), saturday="09:00-12:00"),
    _weekly(dict.fromkeys(Weekday, "00:00-24:00")),
    _weekly({}, sunday="00:00-24:00", saturday="01:00-04:00"),
)
_WEEKLY_HOURS: Final = st.sampled_from(_USUAL_HOURS) | _any_weekly_hours()
_MAYBE_HOURS: Final = st.none() | _WEEKLY_HOURS
_POLICY_HOURS: Final = st.just(DEFAULT_HOURS) | _WEEKLY_HOURS
_HOLIDAY_LISTS: Final = st.just(()) | st.deferred(
    lambda: st.lists(st.sampled_from(sorted(holiday_slugs())), max_size=3, unique=True)
)
_UNIT_SLUGS: Final = st.sampled_from(("morning", "afternoon", "day", "evening")) | _SHORT_SLUGS
_UNIT_LISTS: Final = st.just(DEFAULT_UNITS) | st.lists(
    bookable_units(), min_size=1, max_size=4, unique_by=_unit_slug
)
_REGULAR_USES: Final = st.integers(min_value=1, max_value=20)
# About one request in five books a weekly series.
_SERIES_CHANCE: Final = st.sampled_from((True, False, False, False, False))


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every public model type with Hypothesis.

    Runs when this module is imported; calling it again registers the same
    strategies again, which is harmless.
    """
    st.register_type_strategy(Money, moneys())
    st.register_type_strategy(Point, points())
    st.register_type_strategy(Commune, communes())
    st.register_type_strategy(Territory, territories())
    st.register_type_strategy(Specialisation, specialisations())
    st.register_type_strategy(Connection, connections())
    st.register_type_strategy(Equipment, equipments())
    st.register_type_strategy(SeatChange, seat_changes())
    st.register_type_strategy(Lifecycle, lifecycles())
    st.register_type_strategy(Holding, holdings())
    st.register_type_strategy(Centre, centres())
    st.register_type_strategy(FreePeriod, free_periods())
    st.register_type_strategy(FeeBand, fee_bands())
    st.register_type_strategy(SpecialisationScope, specialisation_scopes())
    st.register_type_strategy(Tier, tiers())
    st.register_type_strategy(PassPrice, pass_prices())
    st.register_type_strategy(FreeVariant, free_variants())
    st.register_type_strategy(FundingPolicy, funding_policies())
    st.register_type_strategy(Policy, policies())
    st.register_type_strategy(Member, members())
    st.register_type_strategy(Company, companies())
    st.register_type_strategy(Prospect, prospects())
    st.register_type_strategy(Agreement, agreements())
    st.register_type_strategy(TierChange, tier_changes())
    st.register_type_strategy(Membership, memberships())
    st.register_type_strategy(PassUse, pass_uses())
    st.register_type_strategy(Activity, activities())
    st.register_type_strategy(Registration, registrations())
    st.register_type_strategy(Attendance, attendances())
    st.register_type_strategy(Programme, programmes())
    st.register_type_strategy(TimeRange, time_ranges())
    st.register_type_strategy(WeeklyHours, weekly_hours())
    st.register_type_strategy(Closure, closures())
    st.register_type_strategy(BookableUnit, bookable_units())
    st.register_type_strategy(Booking, bookings())
    st.register_type_strategy(Ledger, ledgers())
    st.register_type_strategy(Network, networks())


# Registered on import: the entry point (telecentre_core._hypothesis_plugin) only imports
# this module, so that from_type() works as soon as Hypothesis is imported.
_hypothesis_setup_hook()
