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
seat counts under the policy's cap. Dates lie between :data:`MIN_DATE` and
:data:`MAX_DATE`, month ends and 29 February included.

Importing this module registers these strategies with Hypothesis
(:func:`_hypothesis_setup_hook`), and the package's ``hypothesis`` entry
point imports it whenever Hypothesis is imported, so ``st.from_type(Network)``
and ``st.builds`` of your own classes holding model objects just work. With
``HYPOTHESIS_NO_PLUGINS`` set, import this module yourself (in a
``conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import attrs
from hypothesis import strategies as st

from .centre import Centre, Holding, Lifecycle, SeatChange
from .commune import Commune, Territory
from .equipment import Connection, ConnectionType, Equipment
from .geo import Point
from .money import Money
from .network import Network
from .policy import FeeBand, FreePeriod, Policy, SpecialisationScope
from .specialisation import Specialisation

__all__ = [
    "DEPARTEMENT_CODES",
    "MAX_DATE",
    "MIN_DATE",
    "TIME_ZONES",
    "centres",
    "communes",
    "connections",
    "dates",
    "equipments",
    "fee_bands",
    "free_periods",
    "holdings",
    "lifecycles",
    "moneys",
    "networks",
    "points",
    "policies",
    "seat_changes",
    "seat_timelines",
    "slugs",
    "specialisation_scopes",
    "specialisations",
    "territories",
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
    """Calendar dates between ``min_value`` and ``max_value`` (both included)."""
    return st.dates(min_value=min_value, max_value=max_value)


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
        notes=draw(_NOTES),
    )


def free_periods() -> st.SearchStrategy[FreePeriod]:
    """Free periods of 0 to 36 months."""
    return st.builds(FreePeriod, months=st.integers(min_value=0, max_value=36))


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


def policies() -> st.SearchStrategy[Policy]:
    """Policies: free period, fee band, specialisation scope, maybe a seat cap."""
    return st.builds(
        Policy,
        free_period=free_periods(),
        fee_band=fee_bands(),
        specialisation_scope=specialisation_scopes(),
        max_seats_per_centre=st.none() | st.integers(min_value=1, max_value=12),
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
) -> Network:
    """Networks that obey every rule.

    Centre ids are unique, held specialisations are declared, seat counts
    respect the policy's cap, and each specialisation is handed out in one of
    four ways: held by no centre; by one centre; by several centres one after
    the other (each holding ends, by an ``until`` date or by the centre's
    closing, before the next begins); or, when the policy's scope is
    ``within_km``, by centres at least that far apart. Centres stand in a
    box around the Cantal unless ``locations`` says otherwise.
    """
    chosen_policy = draw(policy if policy is not None else policies())
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
    return Network(
        name=draw(_NAMES_OR_TEXT),
        territory=draw(_TERRITORIES),
        timezone=draw(st.sampled_from(TIME_ZONES)),
        policy=chosen_policy,
        specialisations=catalogue,
        centres=[
            attrs.evolve(shell, specialisations=tuple(holdings_of))
            for shell, holdings_of in zip(shells, held, strict=True)
        ],
        notes=draw(_NOTES),
    )


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
    st.register_type_strategy(Policy, policies())
    st.register_type_strategy(Network, networks())


# Registered on import: the entry point (telecentre_core._hypothesis_plugin) only imports
# this module, so that from_type() works as soon as Hypothesis is imported.
_hypothesis_setup_hook()
