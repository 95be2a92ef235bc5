"""Geographic points and the great-circle distance between them.

>>> from telecentre_core import Point
>>> murat = Point(lat=45.1103, lon=2.8683)
>>> saint_flour = Point(lat=45.0338, lon=3.0926)
>>> round(murat.distance_km(saint_flour), 1)
19.6
"""

from __future__ import annotations

import math
from typing import Any, Final

import attrs

from ._validate import Validator
from .errors import InvalidValue

__all__ = ["EARTH_RADIUS_KM", "Point"]

#: The mean Earth radius (IUGG), the usual radius for haversine distances.
EARTH_RADIUS_KM: Final = 6371.0088


def _coordinate(limit: float, field: str) -> Validator[float]:
    def check(_instance: object, _attribute: attrs.Attribute[float], value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, float | int):
            raise InvalidValue(field, value, "must be a number of degrees")
        if not math.isfinite(value) or not -limit <= value <= limit:
            raise InvalidValue(field, value, f"must be between -{limit:g} and {limit:g} degrees")

    return check


def _as_float(value: object) -> Any:
    # Ints are fine in a file (`lat = 45`); keep other types for the validator to refuse.
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@attrs.frozen(kw_only=True)
class Point:
    """A point on the Earth in WGS 84 degrees (``lat`` north, ``lon`` east)."""

    lat: float = attrs.field(converter=_as_float, validator=_coordinate(90, "lat"))
    lon: float = attrs.field(converter=_as_float, validator=_coordinate(180, "lon"))

    def distance_km(self, other: Point) -> float:
        """The great-circle (haversine) distance to ``other``, in kilometres."""
        lat1, lon1 = math.radians(self.lat), math.radians(self.lon)
        lat2, lon2 = math.radians(other.lat), math.radians(other.lon)
        half_chord = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, half_chord)))
