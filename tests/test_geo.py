"""Points and great-circle distances."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given

from telecentre_core import InvalidValue, Point
from telecentre_core.geo import EARTH_RADIUS_KM, _coordinate
from telecentre_core.testing import points

MURAT = Point(lat=45.1103, lon=2.8683)
SAINT_FLOUR = Point(lat=45.0338, lon=3.0926)
AURILLAC = Point(lat=44.9265, lon=2.4397)


def test_murat_is_about_twenty_kilometres_from_saint_flour() -> None:
    assert MURAT.distance_km(SAINT_FLOUR) == pytest.approx(19.6, abs=0.05)


def test_murat_is_about_thirty_nine_kilometres_from_aurillac() -> None:
    assert MURAT.distance_km(AURILLAC) == pytest.approx(39.4, abs=0.05)


def test_antipodes_are_half_the_earth_apart() -> None:
    north, south = Point(lat=90, lon=0), Point(lat=-90, lon=0)
    assert north.distance_km(south) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert Point(lat=0, lon=0).distance_km(Point(lat=0, lon=180)) == pytest.approx(
        math.pi * EARTH_RADIUS_KM
    )


def test_whole_degrees_are_accepted_and_stored_as_floats() -> None:
    point = Point(lat=45, lon=-3)
    assert point == Point(lat=45.0, lon=-3.0)
    assert isinstance(point.lat, float)
    assert isinstance(point.lon, float)


def test_the_poles_and_the_date_line_are_valid() -> None:
    Point(lat=90, lon=180)
    Point(lat=-90, lon=-180)


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [
        (90.0001, 0.0, "lat"),
        (-91, 0, "lat"),
        (0, 180.5, "lon"),
        (0, -181, "lon"),
        (math.nan, 0, "lat"),
        (0, math.inf, "lon"),
        (-math.inf, 0, "lat"),
    ],
)
def test_coordinates_out_of_range_or_not_finite_are_refused(
    lat: float, lon: float, field: str
) -> None:
    with pytest.raises(InvalidValue, match="degrees") as caught:
        Point(lat=lat, lon=lon)
    assert caught.value.field == field


@pytest.mark.parametrize("value", ["45.1", None, True, [45]])
def test_coordinates_must_be_numbers(value: object) -> None:
    with pytest.raises(InvalidValue, match="must be a number of degrees"):
        Point(lat=value, lon=0)


@given(points())
def test_a_point_is_zero_kilometres_from_itself(point: Point) -> None:
    assert point.distance_km(point) == 0


@given(points(), points())
def test_distance_is_symmetric_and_at_most_half_the_earth_round(a: Point, b: Point) -> None:
    assert a.distance_km(b) == pytest.approx(b.distance_km(a), abs=1e-9)
    assert 0 <= a.distance_km(b) <= math.pi * EARTH_RADIUS_KM + 1e-9


@given(points(), points(), points())
def test_distance_obeys_the_triangle_inequality(a: Point, b: Point, c: Point) -> None:
    # A millimetre of slack for rounding in the haversine formula.
    assert a.distance_km(c) <= a.distance_km(b) + b.distance_km(c) + 1e-6


# -- the coordinate validator, built again ------------------------------------------------
# Point's validators are built once, at import; building one here checks the same rule and
# lets mutation testing (docs/testing.md) reach it.


def _coordinate_refusal(value: object) -> str:
    with pytest.raises(InvalidValue) as caught:
        _coordinate(90, "lat")(None, attrs.fields(Point).lat, value)  # type: ignore[arg-type]
    return str(caught.value)


@pytest.mark.parametrize("value", [-90, -90.0, 0, 89.99999, 90, 90.0])
def test_a_coordinate_within_its_limit_both_ends_included_is_accepted(value: float) -> None:
    _coordinate(90, "lat")(None, attrs.fields(Point).lat, value)


@pytest.mark.parametrize("value", [90.00001, -90.00001, 180.0, math.nan, math.inf, -math.inf])
def test_a_coordinate_past_its_limit_is_refused_with_the_limit(value: float) -> None:
    assert _coordinate_refusal(value) == (f"lat: must be between -90 and 90 degrees, got {value!r}")


@pytest.mark.parametrize("value", [True, "45", None])
def test_a_coordinate_is_a_number_of_degrees(value: object) -> None:
    assert _coordinate_refusal(value) == f"lat: must be a number of degrees, got {value!r}"
