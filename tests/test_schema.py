"""The JSON Schema of network files: generated, committed, and in step with the loader."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import tomllib
import typing
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator

import telecentre_core as tc
from telecentre_core import schema
from telecentre_core.booking import Booking, Ledger
from telecentre_core.io import _TOP
from telecentre_core.opening import TimeRange
from telecentre_core.schema import network_schema
from telecentre_core.testing import networks

SCHEMA_FILE = "src/telecentre_core/data/network.schema.json"
FILE_FORMAT_PAGE = Path(__file__).resolve().parent.parent / "docs" / "file-format.md"

# Formats asserted, as an editor does: "2012-02-30" matches the pattern but is no date.
VALIDATOR = Draft202012Validator(
    network_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
)


def schema_errors(document: dict[str, Any]) -> list[Any]:
    return list(VALIDATOR.iter_errors(document))


def model_classes() -> dict[str, type]:
    """Every attrs class a network file holds, by name, found from Network's fields."""
    found: dict[str, type] = {}

    def visit(cls: type) -> None:
        if cls.__name__ in found:
            return
        found[cls.__name__] = cls
        for hint in _types_in(cls):
            if hint is Ledger:  # a file lists the ledger's bookings
                visit(Booking)
            # Money and TimeRange are written as one value each ("50.00", "09:00-12:30").
            elif isinstance(hint, type) and attrs.has(hint) and hint not in (tc.Money, TimeRange):
                visit(hint)

    visit(tc.Network)
    return found


def _types_in(cls: type) -> Iterator[Any]:
    """The types of ``cls``'s fields and every type inside them (``Holding`` in a tuple).

    Only the fields a file can set: not the ones built by the class (``Network._index``).
    """
    hints = typing.get_type_hints(cls)
    stack = [hints[field.name] for field in attrs.fields(cls) if field.init]
    while stack:
        hint = stack.pop()
        stack.extend(arg for arg in typing.get_args(hint) if arg is not Ellipsis)
        yield hint


# -- the committed file ------------------------------------------------------------


def test_the_committed_schema_file_is_the_generated_schema() -> None:
    committed = (
        resources.files("telecentre_core")
        .joinpath("data", "network.schema.json")
        .read_text(encoding="utf-8")
    )
    generated = json.dumps(network_schema(), indent=2, sort_keys=True, ensure_ascii=False)
    assert committed == generated + "\n", (
        f"{SCHEMA_FILE} is out of date with the model; regenerate it with:\n"
        f"    telecentre schema > {SCHEMA_FILE}"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(network_schema())


def test_the_schema_is_the_same_on_every_call() -> None:
    assert network_schema() == network_schema()


def test_the_schema_dumps_to_the_same_text_with_or_without_sorted_keys() -> None:
    document = network_schema()
    assert json.dumps(document, indent=2) == json.dumps(document, indent=2, sort_keys=True)


def test_the_schema_names_its_version_and_its_dialect() -> None:
    document = network_schema()
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].endswith(f"/network-{tc.io.SCHEMA_VERSION}.json")
    assert document["properties"]["schema_version"]["const"] == tc.io.SCHEMA_VERSION


# -- built from the model ----------------------------------------------------------


def test_the_top_level_keys_are_the_loaders() -> None:
    document = network_schema()
    assert set(document["properties"]) == set(_TOP)
    assert document["required"] == [key for key, (_, required) in _TOP.items() if required]


def test_the_loaders_top_level_keys_are_the_network_fields_and_the_version() -> None:
    fields = [field.name for field in attrs.fields(tc.Network) if field.init]
    assert set(_TOP) == {"schema_version", *fields}


def test_every_class_of_the_model_has_a_definition_with_its_fields() -> None:
    classes = model_classes()
    definitions = network_schema()["$defs"]
    assert set(definitions) == set(classes) - {"Network"}
    for name, definition in definitions.items():
        # Only the fields a file sets: not those a class builds itself (Programme._index).
        fields = [field for field in attrs.fields(classes[name]) if field.init]
        assert set(definition["properties"]) == {field.name for field in fields}
        assert definition["additionalProperties"] is False
        required = [field.name for field in fields if field.default is attrs.NOTHING]
        assert definition.get("required", []) == required


def test_every_constraint_names_a_field_of_a_model_class() -> None:
    classes = model_classes()
    for class_name, field_name in schema._CONSTRAINTS:
        assert class_name in classes, f"no model class {class_name!r}"
        assert field_name in attrs.fields_dict(classes[class_name]), (
            f"{class_name} has no field {field_name!r}"
        )
    for class_name in schema._CLASS_CONSTRAINTS:
        assert class_name in classes, f"no model class {class_name!r}"


def test_every_description_names_a_field_of_a_model_class() -> None:
    classes = model_classes()
    for class_name, field_name in schema._DESCRIPTIONS:
        assert field_name in attrs.fields_dict(classes[class_name]), (
            f"{class_name} has no field {field_name!r}"
        )


def test_every_key_and_every_table_has_a_description() -> None:
    document = network_schema()
    tables = {"": document, **document["$defs"]}
    for table_name, table in tables.items():
        assert table["description"], f"{table_name or 'the document'} has no description"
        for key, property_schema in table["properties"].items():
            assert property_schema.get("description"), f"{table_name}.{key} has no description"


@pytest.mark.parametrize("kind", [complex, tuple[int, str], int | str, list[int]])
def test_a_type_the_schema_cannot_write_fails_loudly(kind: Any) -> None:
    with pytest.raises(TypeError, match="no JSON Schema for the type"):
        schema._Builder().of_type(kind)


@attrs.frozen
class _Place:
    lat: float


@attrs.frozen
class _Trip:
    """A trip between two places."""

    start: _Place
    end: _Place | None = None


def test_a_class_used_twice_is_defined_once_and_one_without_a_docstring_is_undescribed() -> None:
    builder = schema._Builder()
    assert builder.of_type(_Trip) == {"$ref": "#/$defs/_Trip"}
    assert builder.defs["_Trip"]["properties"]["end"] == {"$ref": "#/$defs/_Place"}
    assert builder.defs["_Trip"]["required"] == ["start"]
    assert set(builder.defs) == {"_Trip", "_Place"}
    assert "description" not in builder.defs["_Place"]


# -- valid files -------------------------------------------------------------------


def test_the_reference_network_validates() -> None:
    text = tc.dumps_network(tc.datasets.cybercantal(), format="json")
    assert schema_errors(json.loads(text)) == []


def test_the_reference_toml_file_validates_as_an_editor_reads_it() -> None:
    # Taplo hands TOML dates and local times to the schema as strings.
    text = (
        resources.files("telecentre_core")
        .joinpath("data", tc.datasets.CYBERCANTAL_FILE)
        .read_text(encoding="utf-8")
    )
    assert schema_errors(_dates_as_strings(tomllib.loads(text))) == []


def _dates_as_strings(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _dates_as_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_strings(item) for item in value]
    if isinstance(value, dt.date | dt.time):  # TOML local times too: "09:00:00"
        return value.isoformat()
    return value


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(networks(programme=True))
def test_every_generated_network_dumps_to_a_file_the_schema_accepts(network: tc.Network) -> None:
    document = json.loads(tc.dumps_network(network, format="json"))
    assert schema_errors(document) == []


# -- the loader and the schema agree -----------------------------------------------

GOOD: dict[str, Any] = {
    "schema_version": 1,
    "name": "Réseau d'essai",
    "territory": {"code": "15", "name": "Cantal"},
    "policy": {
        "fee_band": {"minimum": "50.00", "maximum": 100},
        "free_period": {
            "months": 12,
            "variants": [{"eligibility": "trained-newcomer", "months": 24}],
        },
        "tiers": [
            {"slug": "standard", "name": "Standard", "monthly_fee": "75.00"},
            {"slug": "intensif", "name": "Intensif", "monthly_fee": 100},
        ],
        "passes": [{"kind": "day", "price": "20.00"}],
        "proration": "by-day",
        "billing_day": 1,
    },
    "specialisations": [{"slug": "sante-travail", "label": "Santé & travail"}],
    "centres": [
        {
            "id": "murat",
            "name": "Télécentre de Murat",
            "commune": {"name": "Murat", "insee": "15138", "postcode": "15300"},
            "location": {"lat": 45.1103, "lon": 2.8683},
            "seats": [{"since": "2006-03-01", "count": 4}],
            "lifecycle": {"opens": "2006-03-01"},
            "specialisations": [{"slug": "sante-travail"}],
            "equipment": {
                "workstations": 4,
                "connection": {"type": "adsl", "download_mbps": 8},
                "features": ["printer"],
            },
        }
    ],
    "members": [
        {
            "id": "anne",
            "name": "Anne L.",
            "kind": "independent",
            "eligibility": ["trained-newcomer"],
            "email": "anne@example.org",
            "phone": "+33 4 71 00 00 00",
            "notes": "Illustrative.",
        },
        {"id": "bruno", "name": "Bruno M.", "kind": "salaried", "employer": "groupe-a"},
        {"id": "chloe", "name": "Chloé N.", "kind": "nomadic"},
    ],
    "companies": [{"id": "groupe-a", "name": "Groupe A", "siren": "000000000"}],
    "prospects": [
        {
            "company": "groupe-a",
            "stage": "agreement-signed",
            "employees_interested": 1,
            "updated": "2010-11-22",
            "notes": "Illustrative.",
        }
    ],
    "agreements": [
        {
            "company": "groupe-a",
            "employees": ["bruno"],
            "tier": "intensif",
            "since": "2011-01-01",
            "until": "2012-01-01",
            "reference": "C-2010-1",
        }
    ],
    "memberships": [
        {
            "member": "anne",
            "joined": "2006-03-01",
            "centre": "murat",
            "tier": "standard",
            "changes": [{"since": "2007-03-31", "tier": "intensif"}],
        },
        {
            "member": "bruno",
            "joined": "2010-09-01",
            "centre": "murat",
            "tier": "standard",
            "left": "2012-01-01",
        },
    ],
    "pass_uses": [{"member": "chloe", "kind": "day", "on": "2011-04-12", "centre": "murat"}],
}


def test_the_good_document_is_accepted_by_the_loader_and_the_schema() -> None:
    tc.loads_network(json.dumps(GOOD), format="json")
    assert schema_errors(GOOD) == []


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A change to the good document: the key at ``path`` (``centres[0].name``) set."""
    *parents, last = _parts(path)

    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for part in parents:
            target = target[part]
        target[last] = value

    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    """A change to the good document: the key at ``path`` removed."""
    *parents, last = _parts(path)

    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for part in parents:
            target = target[part]
        del target[last]

    return change


def _append(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A change to the good document: ``value`` added at the end of the list at ``path``."""

    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for part in _parts(path):
            target = target[part]
        target.append(copy.deepcopy(value))

    return change


def _parts(path: str) -> list[str | int]:
    """``centres[0].seats`` as ``["centres", 0, "seats"]``, as jsonschema writes a path."""
    return [
        int(part[1:-1]) if part.startswith("[") else part
        for part in re.findall(r"\[\d+\]|[^.\[\]]+", path)
    ]


# (what is wrong, the change, where the loader reports it, the kind of problem)
BAD: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("a float for money", _set("policy.fee_band.minimum", 49.5), "policy.fee_band.minimum", "type"),
    (
        "a string seat count",
        _set("centres[0].seats[0].count", "4"),
        "centres[0].seats[0].count",
        "type",
    ),
    ("an unknown key", _set("centres[0].colour", "blue"), "centres[0].colour", "unknown"),
    ("an unknown top-level key", _set("centre", []), "centre", "unknown"),
    ("a missing name", _delete("name"), "name", "missing"),
    (
        "a bad INSEE code",
        _set("centres[0].commune.insee", "1513"),
        "centres[0].commune.insee",
        "value",
    ),
    (
        "a seat count of 0",
        _set("centres[0].seats[0].count", 0),
        "centres[0].seats[0].count",
        "value",
    ),
    (
        "an unknown connection type",
        _set("centres[0].equipment.connection.type", "dsl"),
        "centres[0].equipment.connection.type",
        "type",
    ),
    ("schema version 2", _set("schema_version", 2), "schema_version", "version"),
    ("no seat changes", _set("centres[0].seats", []), "centres[0].seats", "value"),
    ("a blank name", _set("centres[0].name", "  "), "centres[0].name", "value"),
    ("a name too long", _set("centres[0].name", "x" * 201), "centres[0].name", "value"),
    (
        "a latitude past the pole",
        _set("centres[0].location.lat", 91),
        "centres[0].location.lat",
        "value",
    ),
    ("an unknown département", _set("territory.code", "99"), "territory.code", "value"),
    (
        "a 4-digit postcode",
        _set("centres[0].commune.postcode", "1530"),
        "centres[0].commune.postcode",
        "value",
    ),
    ("an id in capitals", _set("centres[0].id", "Murat"), "centres[0].id", "value"),
    (
        "a feature that is not a slug",
        _set("centres[0].equipment.features", ["Printer"]),
        "centres[0].equipment.features",
        "value",
    ),
    (
        "a date without leading zeros",
        _set("centres[0].seats[0].since", "2006-3-1"),
        "centres[0].seats[0].since",
        "type",
    ),
    (
        "a day that does not exist",
        _set("centres[0].seats[0].since", "2006-02-30"),
        "centres[0].seats[0].since",
        "type",
    ),
    (
        "a boolean for a number of workstations",
        _set("centres[0].equipment.workstations", True),
        "centres[0].equipment.workstations",
        "type",
    ),
    (
        "a negative number of workstations",
        _set("centres[0].equipment.workstations", -1),
        "centres[0].equipment.workstations",
        "value",
    ),
    (
        "a download speed of 0",
        _set("centres[0].equipment.connection.download_mbps", 0),
        "centres[0].equipment.connection.download_mbps",
        "value",
    ),
    (
        "a lifecycle with no date",
        _set("centres[0].lifecycle", {}),
        "centres[0].lifecycle.opens",
        "rule",
    ),
    (
        "money that is not a number",
        _set("policy.fee_band.minimum", "12.5.0"),
        "policy.fee_band.minimum",
        "type",
    ),
    (
        "a negative minimum fee",
        _set("policy.fee_band.minimum", "-5.00"),
        "policy.fee_band.minimum",
        "value",
    ),
    (
        "negative free months",
        _set("policy.free_period", {"months": -1}),
        "policy.free_period.months",
        "value",
    ),
    (
        "an exclusivity radius of 0",
        _set("policy.specialisation_scope", {"within_km": 0}),
        "policy.specialisation_scope.within_km",
        "value",
    ),
    (
        "a seat cap of 0",
        _set("policy.max_seats_per_centre", 0),
        "policy.max_seats_per_centre",
        "value",
    ),
    ("a number for a time zone", _set("timezone", 5), "timezone", "type"),
    ("a table for the centres", _set("centres", {}), "centres", "type"),
    # -- prices --
    (
        "a tier slug in capitals",
        _set("policy.tiers[0].slug", "Standard"),
        "policy.tiers[0].slug",
        "value",
    ),
    ("a blank tier name", _set("policy.tiers[0].name", ""), "policy.tiers[0].name", "value"),
    (
        "a float for a tier's fee",
        _set("policy.tiers[0].monthly_fee", 75.5),
        "policy.tiers[0].monthly_fee",
        "type",
    ),
    (
        "a negative tier fee",
        _set("policy.tiers[0].monthly_fee", "-75.00"),
        "policy.tiers[0].monthly_fee",
        "value",
    ),
    (
        "a tier without a fee",
        _delete("policy.tiers[0].monthly_fee"),
        "policy.tiers[0].monthly_fee",
        "missing",
    ),
    (
        "an unknown pass kind",
        _set("policy.passes[0].kind", "month"),
        "policy.passes[0].kind",
        "type",
    ),
    (
        "a negative pass price",
        _set("policy.passes[0].price", -20),
        "policy.passes[0].price",
        "value",
    ),
    ("an unknown proration", _set("policy.proration", "daily"), "policy.proration", "type"),
    ("a billing day of 29", _set("policy.billing_day", 29), "policy.billing_day", "value"),
    ("a billing day of 0", _set("policy.billing_day", 0), "policy.billing_day", "value"),
    (
        "a string billing day",
        _set("policy.billing_day", "1"),
        "policy.billing_day",
        "type",
    ),
    (
        "a variant with negative months",
        _set("policy.free_period.variants[0].months", -1),
        "policy.free_period.variants[0].months",
        "value",
    ),
    (
        "a variant group that is not a slug",
        _set("policy.free_period.variants[0].eligibility", "Trained newcomer"),
        "policy.free_period.variants[0].eligibility",
        "value",
    ),
    # -- people --
    ("a table for the members", _set("members", {}), "members", "type"),
    ("a member id in capitals", _set("members[0].id", "Anne"), "members[0].id", "value"),
    ("a blank member name", _set("members[0].name", " "), "members[0].name", "value"),
    ("an unknown member kind", _set("members[0].kind", "freelance"), "members[0].kind", "type"),
    ("an unknown key of a member", _set("members[0].age", 40), "members[0].age", "unknown"),
    (
        "a salaried teleworker without an employer",
        _delete("members[1].employer"),
        "members[1].employer",
        "value",
    ),
    (
        "an independent with an employer",
        _set("members[0].employer", "groupe-a"),
        "members[0].employer",
        "value",
    ),
    (
        "an eligibility group that is not a slug",
        _set("members[0].eligibility", ["Trained"]),
        "members[0].eligibility",
        "value",
    ),
    (
        "an e-mail address without an at sign",
        _set("members[0].email", "anne.example.org"),
        "members[0].email",
        "value",
    ),
    ("a phone number of words", _set("members[0].phone", "call me"), "members[0].phone", "value"),
    ("an 8-digit SIREN", _set("companies[0].siren", "12345678"), "companies[0].siren", "value"),
    ("a company without a name", _delete("companies[0].name"), "companies[0].name", "missing"),
    (
        "an unknown prospect stage",
        _set("prospects[0].stage", "signed"),
        "prospects[0].stage",
        "type",
    ),
    (
        "a negative number of interested employees",
        _set("prospects[0].employees_interested", -1),
        "prospects[0].employees_interested",
        "value",
    ),
    (
        "a prospect without a date",
        _delete("prospects[0].updated"),
        "prospects[0].updated",
        "missing",
    ),
    (
        "an agreement for no one",
        _set("agreements[0].employees", []),
        "agreements[0].employees",
        "value",
    ),
    (
        "an agreement naming an employee twice",
        _set("agreements[0].employees", ["bruno", "bruno"]),
        "agreements[0].employees",
        "value",
    ),
    (
        "a membership without a joining date",
        _delete("memberships[0].joined"),
        "memberships[0].joined",
        "missing",
    ),
    (
        "a tier change without a date",
        _set("memberships[0].changes", [{"tier": "intensif"}]),
        "memberships[0].changes[0].since",
        "missing",
    ),
    (
        "a membership's tier that is not a slug",
        _set("memberships[0].tier", "Standard"),
        "memberships[0].tier",
        "value",
    ),
    (
        "a pass used on a date and time",
        _set("pass_uses[0].on", "2011-04-12T09:00:00"),
        "pass_uses[0].on",
        "type",
    ),
    (
        "a pass of an unknown kind",
        _set("pass_uses[0].kind", "month"),
        "pass_uses[0].kind",
        "type",
    ),
]


@pytest.mark.parametrize(
    ("change", "path", "kind"),
    [pytest.param(change, path, kind, id=what) for what, change, path, kind in BAD],
)
def test_a_bad_document_is_refused_by_the_loader_and_the_schema(
    change: Callable[[dict[str, Any]], None], path: str, kind: str
) -> None:
    document = copy.deepcopy(GOOD)
    change(document)

    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [(path, kind)]

    errors = schema_errors(document)
    assert errors, "the schema accepts what the loader refuses"
    # The same place: the schema reports a missing or unknown key on its table, and a
    # bad item of a list on the item, where the loader names the key or the list.
    where = _parts(path)
    for error in errors:
        reported = list(error.absolute_path)
        common = min(len(reported), len(where))
        assert reported[:common] == where[:common], error.message


# Well-formed documents that break a rule: the schema cannot see it (the fee band is the
# policy's, references are by id), so it accepts them and the loader refuses them.
RULE_ONLY: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "a tier of 120 € in a band of 50 to 100 €",
        _set("policy.tiers[0].monthly_fee", "120.00"),
        "policy.tiers[0].monthly_fee",
    ),
    (
        "a tier of 40 € in a band of 50 to 100 €",
        _set("policy.tiers[1].monthly_fee", 40),
        "policy.tiers[1].monthly_fee",
    ),
    (
        "two tiers with one slug",
        _append("policy.tiers", {"slug": "standard", "name": "Bis", "monthly_fee": "60.00"}),
        "policy.tiers[2].slug",
    ),
    (
        "two prices for one kind of pass",
        _append("policy.passes", {"kind": "day", "price": "25.00"}),
        "policy.passes[1].kind",
    ),
    (
        "two members with one id",
        _append("members", {"id": "chloe", "name": "Chloé O.", "kind": "nomadic"}),
        "members[3].id",
    ),
    (
        "an employer the network does not know",
        _append("members", {"id": "dora", "name": "Dora P.", "kind": "salaried", "employer": "x"}),
        "members[3].employer",
    ),
    (
        "a prospect of a company the network does not know",
        _set("prospects[0].company", "groupe-z"),
        "prospects[0].company",
    ),
    (
        "a membership of someone the network does not know",
        _set("memberships[0].member", "zoe"),
        "memberships[0].member",
    ),
    (
        "a membership at an unknown centre",
        _set("memberships[0].centre", "paris"),
        "memberships[0].centre",
    ),
    (
        "joining before the home centre opens",
        _set("memberships[0].joined", "2006-02-01"),
        "memberships[0].centre",
    ),
    (
        "a membership on an unknown tier",
        _set("memberships[0].tier", "premium"),
        "memberships[0].tier",
    ),
    (
        "a tier change to an unknown tier",
        _set("memberships[0].changes[0].tier", "premium"),
        "memberships[0].changes[0].tier",
    ),
    (
        "joining again before leaving",
        _append(
            "memberships",
            {"member": "bruno", "joined": "2011-06-01", "centre": "murat", "tier": "standard"},
        ),
        "memberships[2].joined",
    ),
    (
        "an agreement for someone the company does not employ",
        _set("agreements[0].employees", ["anne"]),
        "agreements[0].employees[0]",
    ),
    (
        "an agreement on an unknown tier",
        _set("agreements[0].tier", "premium"),
        "agreements[0].tier",
    ),
    (
        "two agreements paying for one employee at once",
        _append(
            "agreements",
            {
                "company": "groupe-a",
                "employees": ["bruno"],
                "tier": "standard",
                "since": "2011-06-01",
            },
        ),
        "agreements[1].since",
    ),
    (
        "a pass of a kind the policy does not price",
        _set("pass_uses[0].kind", "week"),
        "pass_uses[0].kind",
    ),
    (
        "a pass used at a centre not yet open",
        _set("pass_uses[0].on", "2005-04-12"),
        "pass_uses[0].centre",
    ),
    ("a pass used by someone unknown", _set("pass_uses[0].member", "zoe"), "pass_uses[0].member"),
]


@pytest.mark.parametrize(
    ("change", "path"),
    [pytest.param(change, path, id=what) for what, change, path in RULE_ONLY],
)
def test_a_broken_rule_passes_the_schema_and_is_refused_by_the_loader(
    change: Callable[[dict[str, Any]], None], path: str
) -> None:
    document = copy.deepcopy(GOOD)
    change(document)

    assert schema_errors(document) == []
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [(path, "rule")]


# Values that are wrong only next to another key of their table (an end before a start,
# changes out of order): JSON Schema cannot compare two values, so only the loader refuses.
CROSS_FIELD: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("leaving before joining", _set("memberships[1].left", "2010-01-01"), "memberships[1].left"),
    ("leaving the day one joins", _set("memberships[1].left", "2010-09-01"), "memberships[1].left"),
    (
        "a tier change before joining",
        _set("memberships[0].changes[0].since", "2006-01-01"),
        "memberships[0].changes[0].since",
    ),
    (
        "tier changes out of order",
        _set(
            "memberships[0].changes",
            [
                {"since": "2008-01-01", "tier": "intensif"},
                {"since": "2007-01-01", "tier": "standard"},
            ],
        ),
        "memberships[0].changes[1].since",
    ),
    (
        "a tier change on or after leaving",
        _set("memberships[1].changes", [{"since": "2012-01-01", "tier": "intensif"}]),
        "memberships[1].changes[0].since",
    ),
    (
        "an agreement ending before it starts",
        _set("agreements[0].until", "2010-01-01"),
        "agreements[0].until",
    ),
]


@pytest.mark.parametrize(
    ("change", "path"),
    [pytest.param(change, path, id=what) for what, change, path in CROSS_FIELD],
)
def test_a_value_wrong_next_to_another_passes_the_schema_and_is_refused_by_the_loader(
    change: Callable[[dict[str, Any]], None], path: str
) -> None:
    document = copy.deepcopy(GOOD)
    change(document)

    assert schema_errors(document) == []
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [(path, "value")]


def test_the_schema_names_every_member_kind_prospect_stage_pass_kind_and_proration() -> None:
    definitions = network_schema()["$defs"]
    assert definitions["Member"]["properties"]["kind"]["enum"] == [str(k) for k in tc.MemberKind]
    assert definitions["Prospect"]["properties"]["stage"]["enum"] == [
        str(stage) for stage in tc.ProspectStage
    ]
    assert definitions["PassUse"]["properties"]["kind"]["enum"] == [str(k) for k in tc.PassKind]
    assert definitions["PassPrice"]["properties"]["kind"]["enum"] == [str(k) for k in tc.PassKind]
    assert definitions["Policy"]["properties"]["proration"]["enum"] == [
        str(proration) for proration in tc.Proration
    ]


def test_the_reference_network_with_its_members_validates() -> None:
    network = tc.datasets.cybercantal()
    assert network.members, "the reference network has members"
    document = json.loads(tc.dumps_network(network, format="json"))
    for key in ("members", "companies", "prospects", "agreements", "memberships", "pass_uses"):
        assert document[key], f"the reference file has no {key}"
    assert document["policy"]["tiers"]
    assert document["policy"]["passes"]
    assert schema_errors(document) == []


# -- the file format page ----------------------------------------------------------

# Marks a code block of the page that holds a whole network file.
COMPLETE_FILE = "% A complete network file"


def complete_files() -> list[tuple[str, str]]:
    """The (format, text) of each complete network file shown in docs/file-format.md."""
    page = FILE_FORMAT_PAGE.read_text(encoding="utf-8")
    pattern = re.escape(COMPLETE_FILE) + r"[^\n]*\n\s*```(toml|json)\n(.*?)\n```"
    return re.findall(pattern, page, flags=re.DOTALL)


def test_the_file_format_page_shows_a_complete_file_in_each_format() -> None:
    assert sorted(format for format, _ in complete_files()) == ["json", "toml"]


@pytest.mark.parametrize(("format", "text"), complete_files())
def test_each_complete_file_of_the_file_format_page_loads_and_matches_the_schema(
    format: typing.Literal["toml", "json"], text: str
) -> None:
    network = tc.loads_network(text, format=format)
    assert schema_errors(json.loads(tc.dumps_network(network, format="json"))) == []
    parsed = tomllib.loads(text) if format == "toml" else json.loads(text)
    assert schema_errors(_dates_as_strings(parsed)) == []


def test_the_file_format_page_names_every_key_of_the_schema() -> None:
    page = FILE_FORMAT_PAGE.read_text(encoding="utf-8")
    document = network_schema()
    keys = set(document["properties"])
    for definition in document["$defs"].values():
        keys.update(definition["properties"])
    missing = sorted(key for key in keys if f"`{key}`" not in page)
    assert missing == [], f"docs/file-format.md does not describe: {', '.join(missing)}"


# -- funding -----------------------------------------------------------------------

FUNDED: dict[str, Any] = {
    **copy.deepcopy(GOOD),
    "funders": [
        {"id": "cg", "name": "Conseil général du Cantal", "kind": "departement"},
        {"id": "acme", "name": "Acme", "kind": "company", "siren": "732829320", "notes": "x"},
    ],
    "contributions": [
        {
            "funder": "cg",
            "category": "animation",
            "amount": "6000.00",
            "first_year": 2007,
            "last_year": 2011,
            "reference": "Délibération",
            "notes": "Illustrative.",
        },
        {
            "funder": "acme",
            "centre": "murat",
            "category": "it-equipment",
            "form": "in-kind",
            "amount": 1200,
            "on": "2008-05-01",
        },
    ],
    "costs": [
        {"category": "operating", "amount": "2400.00", "first_year": 2006},
        {"centre": "murat", "category": "premises", "amount": "1800.5", "on": "2006-03-01"},
    ],
}
FUNDED["policy"] = {
    **FUNDED["policy"],
    "funding": {"split": "equally", "operating_categories": ["premises", "operating"]},
}


def test_the_funded_document_is_accepted_by_the_loader_and_the_schema() -> None:
    network = tc.loads_network(json.dumps(FUNDED), format="json")
    assert [funder.id for funder in network.funders] == ["cg", "acme"]
    assert network.policy.funding.split is tc.SplitRule.EQUALLY
    assert schema_errors(FUNDED) == []


FUNDING_BAD: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("a funder id in capitals", _set("funders[0].id", "CG"), "funders[0].id", "value"),
    ("an unknown funder kind", _set("funders[0].kind", "council"), "funders[0].kind", "type"),
    ("a funder without a name", _delete("funders[0].name"), "funders[0].name", "missing"),
    (
        "an 8-digit SIREN of a funder",
        _set("funders[1].siren", "73282932"),
        "funders[1].siren",
        "value",
    ),
    (
        "an unknown category",
        _set("contributions[0].category", "salaries"),
        "contributions[0].category",
        "type",
    ),
    ("an unknown form", _set("contributions[1].form", "loan"), "contributions[1].form", "type"),
    ("a zero amount", _set("contributions[0].amount", "0.00"), "contributions[0].amount", "value"),
    ("a zero whole amount", _set("costs[0].amount", 0), "costs[0].amount", "value"),
    ("a negative amount", _set("costs[1].amount", "-10.00"), "costs[1].amount", "value"),
    ("a float amount", _set("costs[0].amount", 2400.5), "costs[0].amount", "type"),
    (
        "a contribution without an amount",
        _delete("contributions[0].amount"),
        "contributions[0].amount",
        "missing",
    ),
    (
        "a contribution without a funder",
        _delete("contributions[0].funder"),
        "contributions[0].funder",
        "missing",
    ),
    ("a string year", _set("costs[0].first_year", "2006"), "costs[0].first_year", "type"),
    ("a year 0", _set("costs[0].first_year", 0), "costs[0].first_year", "value"),
    (
        "a year 10000",
        _set("contributions[0].last_year", 10000),
        "contributions[0].last_year",
        "value",
    ),
    ("a date and a year", _set("costs[1].first_year", 2006), "costs[1].first_year", "value"),
    ("neither a date nor a year", _delete("costs[0].first_year"), "costs[0].on", "value"),
    (
        "a last year alone",
        _delete("contributions[0].first_year"),
        "contributions[0].first_year",
        "value",
    ),
    (
        "a date and a last year",
        _set("contributions[1].last_year", 2009),
        "contributions[1].last_year",
        "value",
    ),
    ("an unknown key of a cost", _set("costs[0].label", "x"), "costs[0].label", "unknown"),
    (
        "an unknown split rule",
        _set("policy.funding.split", "by-size"),
        "policy.funding.split",
        "type",
    ),
    (
        "an operating category twice",
        _set("policy.funding.operating_categories", ["premises", "premises"]),
        "policy.funding.operating_categories",
        "value",
    ),
    ("a table for the funders", _set("funders", {}), "funders", "type"),
]


@pytest.mark.parametrize(
    ("change", "path", "kind"),
    [pytest.param(change, path, kind, id=what) for what, change, path, kind in FUNDING_BAD],
)
def test_a_bad_funding_record_is_refused_by_the_loader_and_the_schema(
    change: Callable[[dict[str, Any]], None], path: str, kind: str
) -> None:
    document = copy.deepcopy(FUNDED)
    change(document)

    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [(path, kind)]

    errors = schema_errors(document)
    assert errors, "the schema accepts what the loader refuses"
    where = _parts(path)
    for error in errors:
        reported = list(error.absolute_path)
        common = min(len(reported), len(where))
        assert reported[:common] == where[:common], error.message


FUNDING_RULE_ONLY: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "two funders with one id",
        _append("funders", {"id": "cg", "name": "Bis", "kind": "region"}),
        "funders[2].id",
    ),
    (
        "a contribution of an unknown funder",
        _set("contributions[0].funder", "leader"),
        "contributions[0].funder",
    ),
    (
        "a contribution to an unknown centre",
        _set("contributions[1].centre", "paris"),
        "contributions[1].centre",
    ),
    ("a cost of an unknown centre", _set("costs[1].centre", "paris"), "costs[1].centre"),
    (
        "a contribution before the centre opens",
        _set("contributions[1].on", "2005-05-01"),
        "contributions[1].on",
    ),
    (
        "a yearly cost from before the centre opens",
        _set(
            "costs[1]", {"centre": "murat", "category": "premises", "amount": 1, "first_year": 2005}
        ),
        "costs[1].first_year",
    ),
]


@pytest.mark.parametrize(
    ("change", "path"),
    [pytest.param(change, path, id=what) for what, change, path in FUNDING_RULE_ONLY],
)
def test_a_broken_funding_rule_passes_the_schema_and_is_refused_by_the_loader(
    change: Callable[[dict[str, Any]], None], path: str
) -> None:
    document = copy.deepcopy(FUNDED)
    change(document)

    assert schema_errors(document) == []
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [(path, "rule")]


FUNDING_CROSS_FIELD: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("years out of order", _set("contributions[0].last_year", 2006), "contributions[0].last_year"),
    (
        "a SIREN whose check digit is wrong",
        _set("funders[1].siren", "732829321"),
        "funders[1].siren",
    ),
]


@pytest.mark.parametrize(
    ("change", "path"),
    [pytest.param(change, path, id=what) for what, change, path in FUNDING_CROSS_FIELD],
)
def test_a_funding_value_wrong_next_to_another_passes_the_schema_and_is_refused_by_the_loader(
    change: Callable[[dict[str, Any]], None], path: str
) -> None:
    document = copy.deepcopy(FUNDED)
    change(document)

    assert schema_errors(document) == []
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [(path, "value")]


def test_the_schema_names_every_funder_kind_category_form_and_split_rule() -> None:
    definitions = network_schema()["$defs"]
    assert definitions["Funder"]["properties"]["kind"]["enum"] == [str(k) for k in tc.FunderKind]
    categories = [str(category) for category in tc.CostCategory]
    assert definitions["Contribution"]["properties"]["category"]["enum"] == categories
    assert definitions["Cost"]["properties"]["category"]["enum"] == categories
    assert definitions["Contribution"]["properties"]["form"]["enum"] == ["cash", "in-kind"]
    assert definitions["FundingPolicy"]["properties"]["split"]["enum"] == ["by-seats", "equally"]
    assert definitions["FundingPolicy"]["properties"]["operating_categories"]["default"] == [
        "premises",
        "animation",
        "training",
        "operating",
    ]


@pytest.mark.parametrize(
    ("amount", "valid"),
    [
        ("0.01", True),
        ("10", True),
        ("1000.5", True),
        (1, True),
        ("0", False),
        ("0.00", False),
        ("00.0", False),
        (0, False),
        (-1, False),
        ("-0.01", False),
        ("0.001", False),
    ],
)
def test_the_schema_wants_an_amount_above_zero_like_the_loader(amount: object, valid: bool) -> None:
    document = copy.deepcopy(FUNDED)
    document["costs"][0]["amount"] = amount
    assert (schema_errors(document) == []) is valid
    try:
        tc.loads_network(json.dumps(document), format="json")
    except tc.NetworkFileError:
        loaded = False
    else:
        loaded = True
    assert loaded is valid


def test_the_reference_network_with_its_funding_validates() -> None:
    document = json.loads(tc.dumps_network(tc.datasets.cybercantal(), format="json"))
    for key in ("funders", "contributions", "costs"):
        assert document[key], f"the reference file has no {key}"
    assert schema_errors(document) == []


# -- the programme -------------------------------------------------------------------

PROGRAMMED: dict[str, Any] = {
    **copy.deepcopy(FUNDED),
    "programme": {
        "activities": [
            {
                "id": "st-1",
                "kind": "training",
                "title": "Santé & travail",
                "theme": "sante-travail",
                "centre": "murat",
                "day": "2011-10-24",
                "starts": "09:00",
                "ends": "12:00",
                "places": 1,
                "price": "10.00",
                "audience": "public",
                "funder": "cg",
                "series": "sante-travail-2011",
                "notes": "Illustrative.",
            },
            {
                "id": "cafe",
                "kind": "animation",
                "title": "Café télétravail",
                "centre": "murat",
                "day": "2011-10-24",
                "starts": "12:00",
                "ends": "13:30:00",
                "places": 8,
            },
        ],
        "registrations": [
            {"activity": "st-1", "member": "anne", "on": "2011-10-01"},
            {"activity": "st-1", "member": "chloe", "on": "2011-10-02", "cancelled": "2011-10-03"},
            {"activity": "st-1", "member": "bruno", "on": "2011-10-04"},
            {"activity": "cafe", "member": "bruno", "on": "2011-10-01"},
        ],
        "attendance": [{"activity": "st-1", "member": "anne", "present": True}],
    },
}


def test_the_programmed_document_is_accepted_by_the_loader_and_the_schema() -> None:
    network = tc.loads_network(json.dumps(PROGRAMMED), format="json")
    programme = network.programme
    assert [activity.id for activity in programme.activities] == ["st-1", "cafe"]
    assert programme.activities[1].ends == dt.time(13, 30)
    assert (programme.registered("st-1"), programme.waiting("st-1")) == (("anne",), ("bruno",))
    assert schema_errors(PROGRAMMED) == []


PROGRAMME_BAD: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    ("a programme as a list", _set("programme", []), "programme", "type"),
    (
        "an unknown key of the programme",
        _set("programme.sessions", []),
        "programme.sessions",
        "unknown",
    ),
    (
        "an activity id in capitals",
        _set("programme.activities[0].id", "ST-1"),
        "programme.activities[0].id",
        "value",
    ),
    (
        "an unknown kind of activity",
        _set("programme.activities[0].kind", "course"),
        "programme.activities[0].kind",
        "type",
    ),
    (
        "a blank title",
        _set("programme.activities[0].title", " "),
        "programme.activities[0].title",
        "value",
    ),
    (
        "a theme in capitals",
        _set("programme.activities[0].theme", "Santé"),
        "programme.activities[0].theme",
        "value",
    ),
    (
        "no places",
        _set("programme.activities[0].places", 0),
        "programme.activities[0].places",
        "value",
    ),
    (
        "a negative price",
        _set("programme.activities[0].price", "-1.00"),
        "programme.activities[0].price",
        "value",
    ),
    (
        "a float price",
        _set("programme.activities[0].price", 10.5),
        "programme.activities[0].price",
        "type",
    ),
    (
        "a start at 25:00",
        _set("programme.activities[0].starts", "25:00"),
        "programme.activities[0].starts",
        "type",
    ),
    (
        "a start with an offset",
        _set("programme.activities[0].starts", "09:00+02:00"),
        "programme.activities[0].starts",
        "type",
    ),
    (
        "a start as a number",
        _set("programme.activities[0].starts", 900),
        "programme.activities[0].starts",
        "type",
    ),
    (
        "a start with seconds",
        _set("programme.activities[0].starts", "09:00:30"),
        "programme.activities[0].starts",
        "type",
    ),
    (
        "an unknown audience",
        _set("programme.activities[1].audience", "everyone"),
        "programme.activities[1].audience",
        "type",
    ),
    (
        "an activity without a day",
        _delete("programme.activities[1].day"),
        "programme.activities[1].day",
        "missing",
    ),
    (
        "an unknown key of an activity",
        _set("programme.activities[1].room", "A"),
        "programme.activities[1].room",
        "unknown",
    ),
    (
        "a registration without a member",
        _delete("programme.registrations[0].member"),
        "programme.registrations[0].member",
        "missing",
    ),
    (
        "a registration on a day written otherwise",
        _set("programme.registrations[0].on", "01/10/2011"),
        "programme.registrations[0].on",
        "type",
    ),
    (
        "attendance that is not true or false",
        _set("programme.attendance[0].present", "yes"),
        "programme.attendance[0].present",
        "type",
    ),
]


@pytest.mark.parametrize(
    ("change", "path", "kind"),
    [pytest.param(change, path, kind, id=what) for what, change, path, kind in PROGRAMME_BAD],
)
def test_a_bad_programme_record_is_refused_by_the_loader_and_the_schema(
    change: Callable[[dict[str, Any]], None], path: str, kind: str
) -> None:
    document = copy.deepcopy(PROGRAMMED)
    change(document)

    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [(path, kind)]

    errors = schema_errors(document)
    assert errors, "the schema accepts what the loader refuses"
    where = _parts(path)
    for error in errors:
        reported = list(error.absolute_path)
        common = min(len(reported), len(where))
        assert reported[:common] == where[:common], error.message


def _all(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    """Several changes to the good document, in order."""

    def change(document: dict[str, Any]) -> None:
        for one in changes:
            one(document)

    return change


# The café alone: without its one registration, a change of its day or times breaks no rule
# of the registrations.
_CAFE_ALONE = _delete("programme.registrations[3]")

PROGRAMME_RULE_ONLY: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "an activity on a theme another centre holds",
        _set("programme.activities[0].centre", "ydes"),
        "programme.activities[0].centre",
    ),
    (
        "an activity before its centre opens",
        _all(_CAFE_ALONE, _set("programme.activities[1].day", "2005-10-24")),
        "programme.activities[1].day",
    ),
    (
        "two activities at once at one centre",
        _set("programme.activities[1].starts", "11:30"),
        "programme.activities[1].starts",
    ),
    (
        "two activities with one id",
        _append(
            "programme.activities",
            {**PROGRAMMED["programme"]["activities"][0], "day": "2011-11-07"},
        ),
        "programme.activities[2].id",
    ),
    (
        "a funder the network does not know",
        _set("programme.activities[0].funder", "leader"),
        "programme.activities[0].funder",
    ),
    (
        "a start the clocks skip",
        _all(
            _CAFE_ALONE,
            _set("programme.activities[1].day", "2012-03-25"),
            _set("programme.activities[1].starts", "02:30"),
        ),
        "programme.activities[1].starts",
    ),
    (
        "a registration of someone unknown",
        _set("programme.registrations[2].member", "dora"),
        "programme.registrations[2].member",
    ),
    (
        "a members' activity and someone who is not a member",
        _set("programme.registrations[3].member", "chloe"),
        "programme.registrations[3].member",
    ),
    (
        "registering twice",
        _append(
            "programme.registrations", {"activity": "st-1", "member": "anne", "on": "2011-10-05"}
        ),
        "programme.registrations[4].member",
    ),
    (
        "registering after the day",
        _set("programme.registrations[3].on", "2011-10-25"),
        "programme.registrations[3].on",
    ),
    (
        "registrations out of order",
        _set("programme.registrations[2].on", "2011-09-30"),
        "programme.registrations[2].on",
    ),
    (
        "attendance of someone waiting",
        _append("programme.attendance", {"activity": "st-1", "member": "bruno", "present": True}),
        "programme.attendance[1].member",
    ),
    (
        "an activity ending before it starts",
        _set("programme.activities[1].ends", "11:00"),
        "programme.activities[1].ends",
    ),
]


@pytest.mark.parametrize(
    ("change", "path"),
    [pytest.param(change, path, id=what) for what, change, path in PROGRAMME_RULE_ONLY],
)
def test_a_broken_programme_rule_passes_the_schema_and_is_refused_by_the_loader(
    change: Callable[[dict[str, Any]], None], path: str
) -> None:
    document = copy.deepcopy(PROGRAMMED)
    change(document)

    assert schema_errors(document) == []
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(problem.path, problem.kind) for problem in caught.value.problems] == [(path, "rule")]


def test_a_cancellation_before_the_registration_passes_the_schema_and_is_refused() -> None:
    document = copy.deepcopy(PROGRAMMED)
    document["programme"]["registrations"][1]["cancelled"] = "2011-10-01"
    assert schema_errors(document) == []
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [(p.path, p.kind) for p in caught.value.problems] == [
        ("programme.registrations[1].cancelled", "value")
    ]


def test_the_schema_names_every_activity_kind_and_audience() -> None:
    definitions = network_schema()["$defs"]
    activity = definitions["Activity"]["properties"]
    assert activity["kind"]["enum"] == [str(kind) for kind in tc.ActivityKind]
    assert activity["audience"]["enum"] == [str(audience) for audience in tc.Audience]
    assert activity["starts"]["pattern"] == activity["ends"]["pattern"]


@pytest.mark.parametrize(
    ("time", "valid"),
    [
        ("00:00", True),
        ("09:05", True),
        ("23:58", True),
        ("09:00:00", True),
        ("24:00", False),
        ("9:00", False),
        ("09:60", False),
        ("09:00:01", False),
        ("09:00+01:00", False),
    ],
)
def test_the_schema_and_the_loader_agree_on_times_of_day(time: str, valid: bool) -> None:
    document = copy.deepcopy(PROGRAMMED)
    _CAFE_ALONE(document)
    cafe = document["programme"]["activities"][1]
    cafe.update({"day": "2011-10-25", "starts": time, "ends": "23:59"})
    assert (schema_errors(document) == []) is valid
    try:
        tc.loads_network(json.dumps(document), format="json")
    except tc.NetworkFileError:
        loaded = False
    else:
        loaded = True
    assert loaded is valid


def test_the_reference_network_with_its_programme_validates() -> None:
    document = json.loads(tc.dumps_network(tc.datasets.cybercantal(), format="json"))
    for key in ("activities", "registrations", "attendance"):
        assert document["programme"][key], f"the reference file has no {key}"
    assert schema_errors(document) == []
