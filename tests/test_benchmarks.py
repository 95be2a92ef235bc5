"""The national benchmark keeps working: its quick mode, at a tiny scale."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

national = pytest.importorskip("benchmarks.national")


def test_the_benchmark_runs_at_a_tiny_scale_and_reports_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.json"
    arguments = ["--scale", "0.001", "--repeat", "1", "--json", str(out)]
    if importlib.util.find_spec("pydantic") is None:
        arguments.append("--without-pydantic")
    assert national.main(arguments) == 0
    report = json.loads(out.read_text())
    names = [figure["name"] for figure in report["figures"]]
    for expected in (
        "load and validate",
        "book every request",
        "check a booking",
        "availability",
        "bill a month",
        "funding report",
        "occupancy",
        "finder",
        "memory per stored booking",
        "import telecentre_core",
    ):
        assert any(expected in name for name in names), expected
    table = capsys.readouterr().out
    assert "| operation | time |" in table
    assert all(figure["seconds"] > 0 for figure in report["figures"])


def test_the_scenario_is_the_same_for_the_same_seed() -> None:
    from benchmarks import scenario

    assert json.dumps(scenario.build(0.001, 7)) == json.dumps(scenario.build(0.001, 7))
    assert json.dumps(scenario.build(0.001, 7)) != json.dumps(scenario.build(0.001, 8))


def test_the_finder_floor_measures_as_the_library_does() -> None:
    from telecentre_core import Point

    murat, aurillac = Point(lat=45.1103, lon=2.8683), Point(lat=44.9265, lon=2.4397)
    expected = murat.distance_km(aurillac)
    assert national.haversine_km(murat.lat, murat.lon, aurillac.lat, aurillac.lon) == (
        pytest.approx(expected, rel=1e-12)
    )
