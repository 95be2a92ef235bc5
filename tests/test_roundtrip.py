"""Writing a network to a file and reading it back gives the same network."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings

import telecentre_core as tc
from telecentre_core.datasets import cybercantal
from telecentre_core.testing import networks

FORMATS: list[Literal["toml", "json"]] = ["toml", "json"]


@pytest.mark.parametrize("format", FORMATS)
def test_the_reference_network_survives_a_round_trip(format: Literal["toml", "json"]) -> None:
    text = tc.dumps_network(cybercantal(), format=format)
    assert tc.loads_network(text, format=format) == cybercantal()


@pytest.mark.parametrize("format", FORMATS)
def test_writing_is_stable(format: Literal["toml", "json"]) -> None:
    text = tc.dumps_network(cybercantal(), format=format)
    again = tc.dumps_network(tc.loads_network(text, format=format), format=format)
    assert again == text


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_the_reference_network_survives_a_round_trip_through_a_file(
    tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"cybercantal{suffix}"
    tc.dump_network(cybercantal(), path)
    assert tc.load_network(path) == cybercantal()
    assert tc.load_network(str(path)) == cybercantal()
    # Nothing is left beside the file.
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_toml_and_json_describe_the_same_network() -> None:
    from_toml = tc.loads_network(tc.dumps_network(cybercantal(), format="toml"), format="toml")
    from_json = tc.loads_network(tc.dumps_network(cybercantal(), format="json"), format="json")
    assert from_toml == from_json


@pytest.mark.parametrize("format", FORMATS)
@given(network=networks())
def test_generated_networks_survive_a_round_trip(
    network: tc.Network, format: Literal["toml", "json"]
) -> None:
    text = tc.dumps_network(network, format=format)
    assert tc.loads_network(text, format=format) == network


# A tmp_path is shared by the examples of one test: each example overwrites the files.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(network=networks(max_centres=3))
def test_generated_networks_survive_a_round_trip_through_files(
    tmp_path: Path, network: tc.Network
) -> None:
    for name in ("network.toml", "network.json"):
        path = tmp_path / name
        tc.dump_network(network, path)
        assert tc.load_network(path) == network
