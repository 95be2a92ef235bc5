"""The finder: centres near a point, nearest first, exactly as measuring every centre would."""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Sequence

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core import Centre, Commune, Lifecycle, Point, SeatChange
from telecentre_core.datasets import cybercantal
from telecentre_core.errors import InvalidRadius, InvalidValue, UndeclaredSpecialisation
from telecentre_core.finder import CentreFinder, Found, check_radius, scan

MURAT = Point(lat=45.1103, lon=2.8683)
JUNE_2012 = dt.date(2012, 6, 1)


def centre_at(centre_id: str, point: Point, **changes: object) -> Centre:
    """A small open centre at ``point``; ``changes`` replace any of its fields."""
    centre = Centre(
        id=centre_id,
        name=f"Centre {centre_id}",
        commune=Commune(name="Murat", insee="15138", postcode="15300"),
        location=point,
        seats=[SeatChange(since=dt.date(2010, 1, 1), count=4)],
        lifecycle=Lifecycle(opens=dt.date(2010, 1, 1)),
    )
    return attrs.evolve(centre, **changes)


def brute_force(
    centres: Sequence[Centre], near: Point, within_km: float | None
) -> list[tuple[str, float]]:
    """Every centre measured, kept within the radius, sorted by distance, id, then order."""
    measured = [
        (near.distance_km(centre.location), centre.id, position)
        for position, centre in enumerate(centres)
    ]
    kept = [item for item in measured if within_km is None or item[0] <= within_km]
    return [(centre_id, distance) for distance, centre_id, _ in sorted(kept)]


def ids_and_distances(found: Sequence[Found]) -> list[tuple[str, float]]:
    return [(item.centre.id, item.distance_km) for item in found]


# -- on the reference network ----------------------------------------------------------


class TestTheReferenceNetwork:
    def test_the_centres_near_murat_are_sorted_by_distance_with_it_first(self) -> None:
        found = cybercantal().find(MURAT, on=JUNE_2012)
        assert [item.centre.id for item in found] == [
            "murat",
            "allanche",
            "saint-flour",
            "chaudes-aigues",
            "aurillac",
            "ydes",
            "montmurat",
        ]
        assert found[0].distance_km == 0.0
        assert [item.distance_km for item in found] == sorted(item.distance_km for item in found)

    def test_a_radius_keeps_the_centres_within_it(self) -> None:
        found = cybercantal().find(MURAT, within_km=20, on=JUNE_2012)
        assert [item.centre.id for item in found] == ["murat", "allanche", "saint-flour"]
        assert all(item.distance_km <= 20 for item in found)

    def test_the_planned_centres_are_not_open_and_not_found_on_a_day(self) -> None:
        found = cybercantal().find(MURAT, on=JUNE_2012)
        assert {"mauriac", "riom-es-montagnes", "maurs"}.isdisjoint(
            item.centre.id for item in found
        )

    def test_without_a_day_every_centre_is_found_planned_ones_too(self) -> None:
        assert len(cybercantal().find(MURAT)) == len(cybercantal().centres)

    def test_a_specialisation_finds_the_centre_holding_it(self) -> None:
        found = cybercantal().find(MURAT, specialisation="sante-travail", on=JUNE_2012)
        assert [item.centre.id for item in found] == ["chaudes-aigues"]
        assert round(found[0].distance_km, 1) == 30.3

    def test_a_specialisation_of_a_planned_centre_is_found_without_a_day_only(self) -> None:
        network = cybercantal()
        planned = network.centre("mauriac").specialisations[0].slug
        assert network.find(MURAT, specialisation=planned, on=JUNE_2012) == ()
        assert [item.centre.id for item in network.find(MURAT, specialisation=planned)] == [
            "mauriac"
        ]

    def test_an_undeclared_specialisation_is_refused_with_suggestions(self) -> None:
        with pytest.raises(UndeclaredSpecialisation) as raised:
            cybercantal().find(MURAT, specialisation="sante")
        assert raised.value.slug == "sante"
        assert raised.value.suggestions == ("sante-travail",)
        assert "did you mean 'sante-travail'?" in str(raised.value)
        assert isinstance(raised.value, tc.TelecentreError)

    def test_an_undeclared_specialisation_with_nothing_like_it_lists_the_declared_ones(
        self,
    ) -> None:
        with pytest.raises(UndeclaredSpecialisation, match="it declares 'sante-travail'"):
            cybercantal().find(MURAT, specialisation="zzzz")

    def test_a_network_without_specialisations_says_it_declares_none(self) -> None:
        network = tc.Network(
            name="Empty", territory=tc.Territory(code="15", name="Cantal"), centres=()
        )
        with pytest.raises(UndeclaredSpecialisation, match="it declares none"):
            network.find(MURAT, specialisation="x")

    def test_equipment_finds_the_centres_that_have_it(self) -> None:
        network = cybercantal()
        assert network.find(MURAT, equipment="printer") == ()
        printer = tc.Equipment(workstations=4, features=["printer"])
        murat = attrs.evolve(network.centre("murat"), equipment=printer)
        changed = attrs.evolve(
            network,
            centres=tuple(murat if c.id == "murat" else c for c in network.centres),
        )
        assert [item.centre.id for item in changed.find(MURAT, equipment="printer")] == ["murat"]

    def test_the_finder_is_built_once_per_network(self) -> None:
        network = cybercantal()
        assert network.finder() is network.finder()
        assert len(network.finder()) == len(network.centres)
        assert network.finder().centres == network.centres


# -- the filters ---------------------------------------------------------------------


class TestFilters:
    def test_availability_is_asked_only_of_the_centres_passing_every_other_filter(self) -> None:
        centres = [
            centre_at("near", MURAT),
            centre_at("far", Point(lat=48.85, lon=2.35)),
            centre_at(
                "closed",
                MURAT,
                lifecycle=Lifecycle(opens=dt.date(2010, 1, 1), closes=dt.date(2011, 1, 1)),
            ),
        ]
        asked: list[str] = []

        def available(centre: Centre) -> bool:
            asked.append(centre.id)
            return False

        found = CentreFinder.of(centres).near(
            MURAT, within_km=50, on=JUNE_2012, available=available
        )
        assert found == ()
        assert asked == ["near"]

    def test_an_available_centre_is_kept(self) -> None:
        finder = CentreFinder.of([centre_at("a", MURAT), centre_at("b", MURAT)])
        found = finder.near(MURAT, available=lambda centre: centre.id == "b")
        assert [item.centre.id for item in found] == ["b"]

    def test_a_centre_whose_equipment_is_unknown_has_none(self) -> None:
        finder = CentreFinder.of([centre_at("a", MURAT)])
        assert finder.near(MURAT, equipment="printer") == ()

    def test_ties_of_distance_are_broken_by_id(self) -> None:
        finder = CentreFinder.of([centre_at(name, MURAT) for name in ("c", "a", "b")])
        assert [item.centre.id for item in finder.near(MURAT)] == ["a", "b", "c"]

    def test_a_radius_of_zero_keeps_the_centres_standing_exactly_there(self) -> None:
        finder = CentreFinder.of(
            [centre_at("here", MURAT), centre_at("next", Point(lat=45.1103, lon=2.8684))]
        )
        assert ids_and_distances(finder.near(MURAT, within_km=0)) == [("here", 0.0)]

    def test_the_radius_includes_its_edge(self) -> None:
        there = Point(lat=45.2, lon=2.9)
        finder = CentreFinder.of([centre_at("edge", there)])
        edge = MURAT.distance_km(there)
        assert [item.centre.id for item in finder.near(MURAT, within_km=edge)] == ["edge"]
        assert finder.near(MURAT, within_km=math.nextafter(edge, 0)) == ()

    @pytest.mark.parametrize("radius", [-1, -0.001, math.nan, math.inf, -math.inf, True, "5"])
    def test_a_radius_that_is_not_a_distance_is_refused(self, radius: object) -> None:
        finder = CentreFinder.of([centre_at("a", MURAT)])
        with pytest.raises(InvalidRadius) as raised:
            finder.near(MURAT, within_km=radius)  # type: ignore[arg-type]
        assert isinstance(raised.value, InvalidValue)
        assert raised.value.field == "within_km"
        assert "finite number of kilometres, 0 or more" in str(raised.value)

    def test_the_network_refuses_a_negative_radius_too(self) -> None:
        with pytest.raises(InvalidRadius):
            cybercantal().find(MURAT, within_km=-5)

    def test_check_radius_accepts_no_limit_and_zero(self) -> None:
        check_radius(None)
        check_radius(0)
        check_radius(0.0)

    def test_an_empty_finder_finds_nothing(self) -> None:
        assert CentreFinder.of([]).near(MURAT, within_km=100) == ()
        assert len(CentreFinder.of([])) == 0


# -- the index gives exactly the brute-force results ---------------------------------------


def _near(base: Point) -> st.SearchStrategy[Point]:
    """Points within a few degrees of ``base``, wrapped across the antimeridian."""

    def build(dlat: float, dlon: float) -> Point:
        lat = max(-90.0, min(90.0, base.lat + dlat))
        lon = (base.lon + dlon + 180.0) % 360.0 - 180.0
        return Point(lat=lat, lon=lon)

    return st.builds(build, st.floats(-3, 3), st.floats(-3, 3))


_EDGES = st.builds(
    Point,
    lat=st.sampled_from([90.0, -90.0, 89.9999, -89.9999, 0.0, 85.0, -85.0, 45.0]),
    lon=st.sampled_from([180.0, -180.0, 179.9999, -179.9999, 0.0, 2.87]),
)
_QUERIES = st.one_of(
    tc.testing.points(),
    _EDGES,
    tc.testing.points(min_lat=80, max_lat=90),
    tc.testing.points(min_lat=-90, max_lat=-80),
    tc.testing.points(min_lon=170, max_lon=180),
    tc.testing.points(min_lon=-180, max_lon=-170),
)


@st.composite
def _searches(draw: st.DrawFn) -> tuple[list[Centre], Point, float | None]:
    near = draw(_QUERIES)
    locations = draw(
        st.lists(st.one_of(_near(near), tc.testing.points(), _EDGES, st.just(near)), max_size=40)
    )
    centres = [
        centre_at(draw(st.sampled_from(["a", "b", "c", "d"])) + f"{index}", point)
        for index, point in enumerate(locations)
    ]
    if centres and draw(st.booleans()):
        # A radius exactly the distance of one centre: the edge must be kept.
        radius: float | None = near.distance_km(draw(st.sampled_from(centres)).location)
    else:
        radius = draw(
            st.one_of(
                st.none(),
                st.just(0.0),
                st.floats(0, 50),
                st.floats(0, 3000),
                st.floats(15_000, 30_000),
            )
        )
    return centres, near, radius


@settings(max_examples=300)
@given(_searches())
def test_the_index_finds_exactly_what_measuring_every_centre_finds(
    search: tuple[list[Centre], Point, float | None],
) -> None:
    centres, near, radius = search
    expected = brute_force(centres, near, radius)
    assert ids_and_distances(CentreFinder.of(centres).near(near, within_km=radius)) == expected
    assert ids_and_distances(scan(centres, near, within_km=radius)) == expected


@given(_searches(), st.data())
def test_the_filters_give_the_same_results_with_and_without_the_index(
    search: tuple[list[Centre], Point, float | None], data: st.DataObject
) -> None:
    centres, near, radius = search
    assume(centres)
    keep = data.draw(st.sets(st.sampled_from([centre.id for centre in centres])))
    available: Callable[[Centre], bool] = lambda centre: centre.id in keep  # noqa: E731
    day = data.draw(st.sampled_from([None, dt.date(2009, 1, 1), JUNE_2012]))
    found = CentreFinder.of(centres).near(near, within_km=radius, on=day, available=available)
    assert found == scan(centres, near, within_km=radius, on=day, available=available)


def test_centres_sharing_an_id_and_a_place_keep_the_order_given() -> None:
    first, second = centre_at("same", MURAT), centre_at("same", MURAT, name="Second")
    found = CentreFinder.of([first, second]).near(MURAT, within_km=1)
    assert [item.centre for item in found] == [first, second]


# -- speed ---------------------------------------------------------------------------


def _france(count: int, seed: int) -> list[Centre]:
    rng = random.Random(seed)
    return [
        centre_at(f"c{index}", Point(lat=rng.uniform(42.3, 51.1), lon=rng.uniform(-4.8, 8.2)))
        for index in range(count)
    ]


def _best_of(repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def test_at_15000_centres_a_search_is_at_least_ten_times_faster_than_a_scan() -> None:
    centres = _france(15_000, seed=2019)
    finder = CentreFinder.of(centres)
    rng = random.Random(7)
    queries = [Point(lat=rng.uniform(43, 50), lon=rng.uniform(-2, 7)) for _ in range(20)]
    for query in queries:  # the same answers first
        assert finder.near(query, within_km=50) == scan(centres, query, within_km=50)

    def indexed() -> None:
        for query in queries:
            finder.near(query, within_km=50)

    def scanned() -> None:
        for query in queries:
            scan(centres, query, within_km=50)

    speedup = _best_of(3, scanned) / _best_of(3, indexed)
    assert speedup >= 10, f"the index is only {speedup:.1f} times faster than a scan"
