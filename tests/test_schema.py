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
from telecentre_core.io import _TOP
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
            if isinstance(hint, type) and attrs.has(hint) and hint is not tc.Money:
                visit(hint)

    visit(tc.Network)
    return found


def _types_in(cls: type) -> Iterator[Any]:
    """The types of ``cls``'s fields and every type inside them (``Holding`` in a tuple)."""
    stack = list(typing.get_type_hints(cls).values())
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
    assert set(_TOP) == {"schema_version", *attrs.fields_dict(tc.Network)}


def test_every_class_of_the_model_has_a_definition_with_its_fields() -> None:
    classes = model_classes()
    definitions = network_schema()["$defs"]
    assert set(definitions) == set(classes) - {"Network"}
    for name, definition in definitions.items():
        fields = attrs.fields(classes[name])
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
    # Taplo hands TOML dates to the schema as strings.
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
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(networks())
def test_every_generated_network_dumps_to_a_file_the_schema_accepts(network: tc.Network) -> None:
    document = json.loads(tc.dumps_network(network, format="json"))
    assert schema_errors(document) == []


# -- the loader and the schema agree -----------------------------------------------

GOOD: dict[str, Any] = {
    "schema_version": 1,
    "name": "Réseau d'essai",
    "territory": {"code": "15", "name": "Cantal"},
    "policy": {"fee_band": {"minimum": "50.00", "maximum": 100}},
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


def _delete(key: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        del document[key]

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
