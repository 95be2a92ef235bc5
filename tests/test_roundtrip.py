"""Writing a network to a file and reading it back gives the same network."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core.datasets import cybercantal
from telecentre_core.testing import networks, policies

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


# -- networks with people -----------------------------------------------------------

# Anniversary billing (billing_day None, the default) is an optional field left unset: it
# must come back unset, not as a day, in both formats.
ANNIVERSARY: st.SearchStrategy[tc.Policy] = policies(min_tiers=1).map(
    lambda policy: attrs.evolve(policy, billing_day=None)
)
PEOPLE = networks(min_centres=1, max_centres=3, max_specialisations=2, max_members=5)


# One network, both formats: generating networks with people is what takes the time.
@given(network=PEOPLE)
def test_generated_networks_with_people_survive_a_round_trip(network: tc.Network) -> None:
    for format in FORMATS:
        text = tc.dumps_network(network, format=format)
        back = tc.loads_network(text, format=format)
        # Field by field first, so that a failure names the collection that changed.
        for field in ("policy", "members", "companies", "prospects", "agreements"):
            assert getattr(back, field) == getattr(network, field), format
        assert back.memberships == network.memberships, format
        assert back.pass_uses == network.pass_uses, format
        assert back == network, format
        assert tc.dumps_network(back, format=format) == text, format


@given(network=networks(min_centres=1, max_centres=2, max_specialisations=0, policy=ANNIVERSARY))
def test_anniversary_billing_survives_a_round_trip(network: tc.Network) -> None:
    assert network.policy.billing_day is None
    for format in FORMATS:
        back = tc.loads_network(tc.dumps_network(network, format=format), format=format)
        assert back.policy.billing_day is None, format
        assert back == network, format


@pytest.mark.parametrize("format", FORMATS)
def test_unset_optional_fields_of_people_survive_a_round_trip(
    format: Literal["toml", "json"],
) -> None:
    opens = dt.date(2004, 2, 29)
    murat = tc.Centre(
        id="murat",
        name="Murat",
        commune=tc.Commune(name="Murat", insee="15138", postcode="15300"),
        location=tc.Point(lat=45.11, lon=2.87),
        seats=[tc.SeatChange(since=opens, count=4)],
        lifecycle=tc.Lifecycle(opens=opens),
    )
    policy = tc.Policy(
        tiers=[tc.Tier(slug="standard", name="Standard", monthly_fee=tc.Money.of(50))]
    )
    network = tc.Network(
        name="Sparse",
        territory=tc.Territory(code="15", name="Cantal"),
        policy=policy,
        centres=[murat],
        members=[
            tc.Member(id="anne", name="Anne", kind=tc.MemberKind.INDEPENDENT),
            tc.Member(id="bob", name="Bob", kind=tc.MemberKind.SALARIED, employer="acme"),
        ],
        companies=[tc.Company(id="acme", name="Acme")],
        agreements=[tc.Agreement(company="acme", employees=["bob"], tier="standard", since=opens)],
        memberships=[tc.Membership(member="anne", joined=opens, centre=murat.id, tier="standard")],
    )
    back = tc.loads_network(tc.dumps_network(network, format=format), format=format)
    assert back == network
    assert back.policy.billing_day is None
    assert back.members[0].email is back.members[0].phone is None
    assert back.companies[0].siren is None
    assert back.agreements[0].until is None
    assert back.memberships[0].left is None
    assert back.memberships[0].joined == opens
    assert isinstance(back.memberships[0].joined, dt.date)


# -- networks with a programme ------------------------------------------------------


@settings(max_examples=50)
@given(
    network=networks(
        max_centres=2, max_specialisations=2, max_members=4, programme=True, max_activities=6
    )
)
def test_generated_networks_with_a_programme_survive_a_round_trip(network: tc.Network) -> None:
    for format in FORMATS:
        text = tc.dumps_network(network, format=format)
        back = tc.loads_network(text, format=format)
        assert back.programme == network.programme, format
        assert back == network, format
        assert tc.dumps_network(back, format=format) == text, format


@pytest.mark.parametrize("format", FORMATS)
def test_times_of_day_come_back_as_times_of_day(format: Literal["toml", "json"]) -> None:
    back = tc.loads_network(tc.dumps_network(cybercantal(), format=format), format=format)
    cafe = back.programme.activity("cafe-teletravail-2011-06")
    assert (cafe.starts, cafe.ends) == (dt.time(9), dt.time(10, 30))
    assert type(cafe.starts) is dt.time
    assert cafe.starts.tzinfo is None
