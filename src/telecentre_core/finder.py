"""The finder: centres near a point, nearest first, like the neo-nomade "oasis finder".

A :class:`CentreFinder` indexes centres by where they stand, once; each search
then looks only at the centres that can be within the radius and measures the
great-circle distance to those alone. The results are exactly those of
measuring every centre (:func:`scan`, kept as the reference), sorted by
distance, then by id.

>>> import datetime as dt
>>> from telecentre_core import Point
>>> from telecentre_core.datasets import cybercantal
>>> finder = CentreFinder.of(cybercantal().centres)
>>> murat = Point(lat=45.1103, lon=2.8683)
>>> for found in finder.near(murat, within_km=25, on=dt.date(2012, 6, 1)):
...     print(f"{found.centre.id}: {found.distance_km:.1f} km")
murat: 0.0 km
allanche: 14.2 km
saint-flour: 19.6 km
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import Final

import attrs

from .centre import Centre
from .errors import InvalidRadius, UndeclaredSpecialisation
from .geo import EARTH_RADIUS_KM, Point

__all__ = [
    "Availability",
    "CentreFinder",
    "Found",
    "check_radius",
    "check_specialisation",
    "scan",
]

#: A caller's test of whether a centre can take a visitor (a free seat, say).
Availability = Callable[[Centre], bool]

#: The height of the index's bands of latitude, in degrees (about 28 km).
_BAND_DEGREES: Final = 0.25
#: Pruning is widened by this much (relative), and by the two absolute margins below, so
#: that rounding never leaves out a centre the exact distance keeps. Generous on purpose:
#: a few more centres measured cost nothing, one missed is a wrong answer.
_SLACK: Final = 1e-6
#: An absolute margin on angles, in radians (about 6 mm on the Earth).
_ANGLE_SLACK: Final = 1e-9
#: An absolute margin on latitudes and longitudes, in degrees (about 0.1 m).
_DEGREE_SLACK: Final = 1e-6


@attrs.frozen(kw_only=True)
class Found:
    """A ``centre`` the finder found, and ``distance_km``, its great-circle distance in km."""

    centre: Centre
    distance_km: float


def check_radius(within_km: float | None) -> None:
    """Raise :class:`~telecentre_core.InvalidRadius` unless ``within_km`` is usable.

    ``None`` (no limit) or a finite number of kilometres, 0 or more.
    """
    if within_km is None:
        return
    if isinstance(within_km, bool) or not isinstance(within_km, int | float):
        raise InvalidRadius(within_km)
    if not math.isfinite(within_km) or within_km < 0:
        raise InvalidRadius(within_km)


def check_specialisation(slug: str, declared: Iterable[str]) -> None:
    """Raise :class:`~telecentre_core.UndeclaredSpecialisation` unless ``slug`` is declared.

    The error suggests the declared slugs that look like ``slug``.
    """
    known = tuple(declared)
    if slug not in known:
        # Slugs that contain what was typed ("sante" for "sante-travail"), then look-alikes.
        containing = [item for item in known if slug and slug in item]
        close = difflib.get_close_matches(slug, known, n=3, cutoff=0.6)
        suggestions = list(dict.fromkeys([*containing, *close]))[:3]
        raise UndeclaredSpecialisation(slug, known, suggestions)


def _wanted(
    centre: Centre,
    specialisation: str | None,
    equipment: str | None,
    day: dt.date | None,
) -> bool:
    """True when ``centre`` passes the filters that do not depend on where it stands."""
    if day is not None and not centre.is_open_on(day):
        return False
    if specialisation is not None:
        if day is not None:
            if specialisation not in centre.specialisations_on(day):
                return False
        elif all(holding.slug != specialisation for holding in centre.specialisations):
            return False
    return equipment is None or (centre.equipment is not None and centre.equipment.has(equipment))


def scan(
    centres: Iterable[Centre],
    near: Point,
    *,
    within_km: float | None = None,
    specialisation: str | None = None,
    equipment: str | None = None,
    on: dt.date | None = None,
    available: Availability | None = None,
) -> tuple[Found, ...]:
    """The reference search: measure every centre, keep those that pass, sort them.

    Takes the arguments of :meth:`CentreFinder.near
    <telecentre_core.CentreFinder.near>` and gives the same
    results, slowly (one distance per centre); it is what the index is tested
    against.
    """
    check_radius(within_km)
    return _select(enumerate(centres), near, within_km, specialisation, equipment, on, available)


def _select(
    candidates: Iterable[tuple[int, Centre]],
    near: Point,
    within_km: float | None,
    specialisation: str | None,
    equipment: str | None,
    on: dt.date | None,
    available: Callable[[Centre], bool] | None,
) -> tuple[Found, ...]:
    """The ``candidates`` (position, centre) that pass every filter, nearest first.

    The index and the scan share it: they differ only in the candidates they
    measure. ``available`` is asked last, of the centres that pass the rest.
    """
    kept: list[tuple[float, str, int, Centre]] = []
    for position, centre in candidates:
        if not _wanted(centre, specialisation, equipment, on):
            continue
        distance = near.distance_km(centre.location)
        if within_km is not None and distance > within_km:
            continue
        if available is not None and not available(centre):
            continue
        kept.append((distance, centre.id, position, centre))
    kept.sort(key=lambda item: item[:3])
    return tuple(Found(centre=centre, distance_km=distance) for distance, _, _, centre in kept)


@attrs.frozen
class _Band:
    """The centres whose latitude falls in one band, sorted by longitude."""

    south: float
    north: float
    lons: tuple[float, ...]
    entries: tuple[tuple[int, Centre], ...]


class CentreFinder:
    """An index of centres by location, built once, to search many times.

    Build it with :meth:`of`; a :class:`~telecentre_core.Network` keeps one
    (:meth:`Network.finder <telecentre_core.Network.finder>`). The index
    cuts the Earth into bands of latitude, each sorted by longitude: a search
    looks only at the bands the radius reaches and, in each, at the span of
    longitudes it can reach, then measures those centres alone.
    """

    __slots__ = ("_bands", "_centres")

    def __init__(self, centres: tuple[Centre, ...], bands: dict[int, _Band]) -> None:
        self._centres = centres
        self._bands = bands

    @classmethod
    def of(cls, centres: Iterable[Centre]) -> CentreFinder:
        """The index of ``centres`` (any iterable; their order breaks ties of id and distance)."""
        kept = tuple(centres)
        grouped: dict[int, list[tuple[float, int, Centre]]] = {}
        for position, centre in enumerate(kept):
            grouped.setdefault(_band_of(centre.location.lat), []).append(
                (centre.location.lon, position, centre)
            )
        bands = {}
        for key, items in grouped.items():
            items.sort(key=lambda item: (item[0], item[1]))
            south = max(-90.0, key * _BAND_DEGREES - 90.0)
            bands[key] = _Band(
                south=south,
                north=min(90.0, south + _BAND_DEGREES),
                lons=tuple(lon for lon, _, _ in items),
                entries=tuple((position, centre) for _, position, centre in items),
            )
        return cls(kept, bands)

    @property
    def centres(self) -> tuple[Centre, ...]:
        """The centres indexed, in the order given."""
        return self._centres

    def __len__(self) -> int:
        return len(self._centres)

    def near(
        self,
        near: Point,
        *,
        within_km: float | None = None,
        specialisation: str | None = None,
        equipment: str | None = None,
        on: dt.date | None = None,
        available: Availability | None = None,
    ) -> tuple[Found, ...]:
        """The centres near ``near`` that pass every filter given, nearest first.

        - ``within_km``: at most this great-circle distance, both ends
          included (``None``: any distance); 0 keeps the centres standing
          exactly there. Negative, NaN or infinite:
          :class:`~telecentre_core.InvalidRadius`.
        - ``on``: a date; only the centres open that day (by their
          lifecycle), and ``specialisation`` is the one they hold that day.
          ``None``: every centre, planned, open or closed.
        - ``specialisation``: a slug the centre holds (on ``on``, or at any
          time when ``on`` is ``None``). The finder does not know the
          network's catalogue: :meth:`Network.find
          <telecentre_core.Network.find>` refuses undeclared slugs.
        - ``equipment``: a feature the centre's equipment has
          (:meth:`Equipment.has <telecentre_core.Equipment.has>`); a centre
          whose equipment is unknown has none.
        - ``available``: a last test, asked only of the centres that pass all
          the others (a booking ledger's free seats, say).

        Ties of distance are broken by id, then by the order given to :meth:`of`.
        """
        check_radius(within_km)
        return _select(
            self._candidates(near, within_km),
            near,
            within_km,
            specialisation,
            equipment,
            on,
            available,
        )

    def _candidates(self, near: Point, within_km: float | None) -> Iterator[tuple[int, Centre]]:
        """Every centre that may be within ``within_km`` of ``near``, and maybe a few more."""
        if within_km is None:
            yield from enumerate(self._centres)
            return
        # An angle (radians) a little wider than the radius: pruning errs on the side of keeping.
        angle = within_km / EARTH_RADIUS_KM * (1 + _SLACK) + _ANGLE_SLACK
        if angle >= math.pi:
            yield from enumerate(self._centres)
            return
        # A point d away differs in latitude by at most d (along a meridian is shortest).
        reach = math.degrees(angle) + _DEGREE_SLACK
        south, north = max(-90.0, near.lat - reach), min(90.0, near.lat + reach)
        for key in range(_band_of(south), _band_of(north) + 1):
            band = self._bands.get(key)
            if band is None:
                continue
            span = _longitude_span(near, angle, max(band.south, south), min(band.north, north))
            for low, high in _lon_ranges(near.lon, span):
                start, stop = bisect_left(band.lons, low), bisect_right(band.lons, high)
                yield from band.entries[start:stop]


def _band_of(lat: float) -> int:
    return math.floor((lat + 90.0) / _BAND_DEGREES)


def _longitude_span(near: Point, angle: float, south: float, north: float) -> float | None:
    """How far in longitude (degrees) a centre between ``south`` and ``north`` may stand.

    ``None`` when any longitude may be close enough (near a pole). From the
    haversine formula, hav(d) >= cos(lat1) cos(lat2) hav(dlon), so a centre
    within ``angle`` has hav(dlon) <= hav(angle) / (cos(lat1) cos(lat2)), and
    cos(lat2) is smallest at the latitude of the band farthest from the equator.
    """
    # Widened a little: a band's edges are computed, and cos is steep near the poles.
    farthest = min(90.0, max(abs(south), abs(north)) + _DEGREE_SLACK)
    cosines = math.cos(math.radians(near.lat)) * math.cos(math.radians(farthest))
    if cosines <= _SLACK:
        return None
    ratio = math.sin(angle / 2) ** 2 / cosines * (1 + _SLACK)
    if ratio >= 1:
        return None
    return math.degrees(2 * math.asin(math.sqrt(ratio))) + _DEGREE_SLACK


def _lon_ranges(lon: float, span: float | None) -> tuple[tuple[float, float], ...]:
    """The ranges of longitude within ``span`` degrees of ``lon``, across the antimeridian."""
    if span is None or span >= 180:  # noqa: PLR2004
        return ((-180.0, 180.0),)
    low, high = lon - span, lon + span
    if low < -180:  # noqa: PLR2004
        return ((low + 360, 180.0), (-180.0, high))
    if high > 180:  # noqa: PLR2004
        return ((-180.0, high - 360), (low, 180.0))
    return ((low, high),)
