"""Reading and writing network files: strict, lossless, every problem at once."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core.io import SCHEMA_VERSION, format_for, make_converter, to_document

REFERENCE = tc.datasets.cybercantal()


REFERENCE_JSON = tc.dumps_network(REFERENCE, format="json")


def reference_document(*, bookings: bool = True) -> dict[str, Any]:
    """The reference network as JSON data, a fresh copy each time.

    ``bookings=False`` leaves its bookings out, for the many examples of a
    property about centres that checking 4,817 bookings each time would slow.
    """
    document: dict[str, Any] = json.loads(REFERENCE_JSON)
    if not bookings:
        del document["bookings"]
    return document


def problems_of(document: object, format: tc.io.Format = "json") -> list[tc.FileProblem]:
    text = json.dumps(document) if format == "json" else str(document)
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(text, format=format)
    return list(caught.value.problems)


def paths_of(document: object) -> list[str]:
    return [problem.path for problem in problems_of(document)]


# -- a good file -----------------------------------------------------------------------


def test_the_reference_file_loads_into_the_reference_network() -> None:
    assert REFERENCE.name == "Cybercantal"
    assert REFERENCE.territory == tc.Territory(code="15", name="Cantal")
    assert REFERENCE.timezone == "Europe/Paris"


@pytest.mark.parametrize("format", ["toml", "json"])
def test_dump_then_load_gives_back_an_equal_network(format: tc.io.Format) -> None:
    text = tc.dumps_network(REFERENCE, format=format)
    assert tc.loads_network(text, format=format) == REFERENCE


@pytest.mark.parametrize("suffix", [".toml", ".json", ".TOML"])
def test_dump_network_picks_the_format_from_the_extension(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"network{suffix}"
    tc.dump_network(REFERENCE, path)
    assert tc.load_network(path) == REFERENCE
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("{") == (suffix == ".json")


def test_the_file_starts_with_its_schema_version() -> None:
    assert next(iter(to_document(REFERENCE))) == "schema_version"
    assert tc.dumps_network(REFERENCE).startswith(f"schema_version = {SCHEMA_VERSION}\n")


def test_money_is_written_as_a_string_of_euros_and_dates_as_iso_in_json() -> None:
    document = reference_document()
    assert document["policy"]["fee_band"] == {"minimum": "50.00", "maximum": "100.00"}
    assert document["centres"][0]["lifecycle"]["opens"] == "2006-03-01"


def test_unset_optional_values_are_left_out_of_the_file() -> None:
    document = reference_document()
    planned = document["centres"][7]
    assert "opens" not in planned["lifecycle"]
    assert "equipment" not in planned


def test_a_failed_dump_leaves_the_old_file_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "network.toml"
    tc.dump_network(REFERENCE, path)
    before = path.read_bytes()

    def broken_replace(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("telecentre_core.io.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        tc.dump_network(REFERENCE.close_centre("ydes", dt.date(2013, 1, 1)), path)
    assert path.read_bytes() == before
    assert [item.name for item in tmp_path.iterdir()] == ["network.toml"]


def test_dates_may_be_written_as_strings_in_toml_too() -> None:
    text = tc.dumps_network(REFERENCE).replace("opens = 2006-03-01", 'opens = "2006-03-01"')
    assert tc.loads_network(text) == REFERENCE


# -- files that cannot be read or parsed --------------------------------------------------


def test_a_missing_file_is_reported_not_raised_as_oserror(tmp_path: Path) -> None:
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.load_network(tmp_path / "nowhere.toml")
    (problem,) = caught.value.problems
    assert problem.kind == "read"
    assert "cannot read the file" in problem.message
    assert not caught.value.broken_rules_only


def test_an_unknown_extension_is_refused_with_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "network.yaml"
    path.write_text("name: x", encoding="utf-8")
    with pytest.raises(tc.NetworkFileError, match=r"use \.toml or \.json"):
        tc.load_network(path)
    with pytest.raises(ValueError, match="unknown file extension"):
        format_for("network.txt")


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "network.toml"
    path.write_bytes(b'name = "T\xe9l\xe9centre"\n')
    with pytest.raises(tc.NetworkFileError, match="not UTF-8"):
        tc.load_network(path)


def test_a_toml_syntax_error_names_the_line() -> None:
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network('name = "x"\nseats = [1, 2\n]]\n')
    (problem,) = caught.value.problems
    assert problem.kind == "syntax"
    assert "line" in problem.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"name": "a", "name": "b"}', "the key 'name' appears twice"),
        ('{"schema_version": NaN}', "NaN is not a number"),
        ('{"schema_version": Infinity}', "Infinity is not a number"),
        ('{"schema_version": 1,', "not valid JSON"),
        ("[" * 100_000, "not valid JSON"),
        ("[1, 2]", "the document must be a table, got a list"),
    ],
)
def test_json_that_a_network_file_cannot_hold_is_refused(text: str, message: str) -> None:
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(text, format="json")
    assert message in str(caught.value)


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(tc.NetworkFileError, match="unknown format 'yaml'"):
        tc.loads_network("x", format="yaml")  # type: ignore[arg-type]


# -- files that parse but do not match the schema ------------------------------------------


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    document = reference_document()
    document["colour"] = "blue"
    document["centres"][2]["seats"][0]["count"] = 0
    document["centres"][3]["commune"]["insee"] = "1513"
    del document["centres"][4]["name"]
    document["centres"][5]["lifecycle"]["opens"] = "2008-02-30"
    document["centres"][6]["specialisation"] = []
    problems = problems_of(document)
    assert [(p.path, p.kind) for p in problems] == [
        ("colour", "unknown"),
        ("centres[2].seats[0].count", "value"),
        ("centres[3].commune.insee", "value"),
        ("centres[4].name", "missing"),
        ("centres[5].lifecycle.opens", "type"),
        ("centres[6].specialisation", "unknown"),
    ]
    assert str(problems[1]) == "centres[2].seats[0].count: must be at least 1, got 0"
    assert "did you mean 'specialisations'?" in problems[5].message


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("centres", 0, "seats", 0, "count"), "4", "must be a whole number, got a string ('4')"),
        (("centres", 0, "seats", 0, "count"), 4.7, "must be a whole number"),
        (("centres", 0, "seats", 0, "count"), True, "must be a whole number, got a boolean"),
        (("centres", 0, "name"), 5, "must be a string, got a whole number (5)"),
        (("centres", 0, "location", "lat"), "45.1", "must be a number"),
        (("policy", "fee_band", "minimum"), 50.0, "must be an amount written as a string"),
        (("policy", "fee_band", "minimum"), "fifty", "must be an amount of euros with at most"),
        (("policy", "fee_band", "minimum"), "12.345", "must be an amount of euros with at most"),
        (("territory",), "15", "must be a table, got a string"),
        (("centres", 0, "lifecycle", "closes"), None, "null is not a value here"),
        (("name",), None, "null is not a value here"),
        (("policy", "free_period", "months"), "false", "must be a whole number"),
        (("centres", 0, "seats"), {"since": "2006-03-01"}, "must be a list, got a table"),
        (("centres", 0, "seats"), "4", "must be a list, got a string"),
        (("centres", 0, "equipment", "connection", "type"), "dsl", "must be one of 'adsl'"),
        (("centres", 0, "lifecycle", "opens"), "2006-3-1", "date written YYYY-MM-DD"),
        (("centres", 0, "lifecycle", "opens"), "06/03/2006", "date written YYYY-MM-DD"),
        (("schema_version",), 2, "reads schema version 1, the file has 2"),
        (("timezone",), "Europe/Aurillac", "must be an IANA time zone"),
    ],
)
def test_values_are_never_coerced(
    path: tuple[str | int, ...], value: object, expected: str
) -> None:
    document = reference_document()
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    (problem,) = problems_of(document)
    assert expected in problem.message
    shown = "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in path)
    assert problem.path == shown.lstrip(".")


def test_a_datetime_where_a_date_belongs_is_refused_in_toml() -> None:
    text = tc.dumps_network(REFERENCE).replace(
        "opens = 2006-03-01", "opens = 2006-03-01T09:00:00+01:00", 1
    )
    (problem,) = problems_of(text, format="toml")
    assert problem.message.startswith("must be a date (YYYY-MM-DD) without a time")


def test_missing_required_top_level_keys_are_all_listed() -> None:
    assert paths_of({}) == ["schema_version", "name", "territory"]


def test_centres_that_are_not_a_list_are_reported() -> None:
    document = reference_document()
    document["centres"] = {"murat": {}}
    assert paths_of(document) == ["centres"]


# -- broken rules ------------------------------------------------------------------------


def test_a_file_breaking_only_rules_says_so() -> None:
    document = reference_document()
    document["centres"][1]["specialisations"] = [{"slug": "sante-travail"}]
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    (problem,) = caught.value.problems
    assert caught.value.broken_rules_only
    assert problem.kind == "rule"
    assert problem.path == "centres[4].specialisations[0]"
    assert "'sante-travail' is held by both 'ydes' and 'chaudes-aigues'" in problem.message


def test_type_errors_and_broken_rules_are_reported_together() -> None:
    document = reference_document()
    document["centres"][0]["seats"][0]["count"] = "four"
    document["centres"][2]["id"] = "ydes"
    document["centres"][3]["specialisations"].append({"slug": "astronomie"})
    problems = problems_of(document)
    assert [(p.path, p.kind) for p in problems] == [
        ("centres[0].seats[0].count", "type"),
        ("centres[2].id", "rule"),
        ("centres[3].specialisations[1].slug", "rule"),
    ]


def test_rules_inside_one_centre_point_at_the_offending_entry() -> None:
    document = reference_document()
    document["centres"][0]["seats"][1]["since"] = "2006-03-01"
    document["centres"][1]["lifecycle"]["closes"] = "2006-01-01"
    document["centres"][2]["seats"][0]["since"] = "2008-01-01"
    assert [(p.path, p.kind) for p in problems_of(document)] == [
        ("centres[0].seats[1].since", "rule"),
        ("centres[1].lifecycle.closes", "rule"),
        ("centres[2].seats[0].since", "rule"),
    ]


def test_a_duplicate_specialisation_slug_points_at_the_second_one() -> None:
    document = reference_document()
    document["specialisations"].append({"slug": "telemarketing", "label": "Bis"})
    assert paths_of(document) == ["specialisations[10].slug"]


def test_the_policy_seat_cap_points_at_the_seat_change() -> None:
    document = reference_document()
    document["policy"]["max_seats_per_centre"] = 4
    assert paths_of(document) == ["centres[0].seats[1].count"]


def test_with_a_broken_policy_the_rules_that_do_not_need_it_are_still_checked() -> None:
    document = reference_document()
    document["policy"]["fee_band"]["minimum"] = 50.5
    document["centres"][1]["id"] = "murat"
    document["centres"][1]["specialisations"] = [{"slug": "sante-travail"}]
    assert paths_of(document) == ["policy.fee_band.minimum", "centres[1].id"]


def test_with_a_broken_catalogue_no_holding_is_called_unknown() -> None:
    document = reference_document()
    document["specialisations"][0]["slug"] = "Santé"
    assert paths_of(document) == ["specialisations[0].slug"]


# -- properties --------------------------------------------------------------------------

WRONG_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["x", "y"]), st.integers(), max_size=1),
)
FIELDS = [
    ("name",),
    ("seats", 0, "count"),
    ("seats", 0, "since"),
    ("commune", "insee"),
    ("commune", "name"),
    ("location", "lon"),
    ("lifecycle", "opens"),
    ("specialisations", 0, "slug"),
]


@given(
    centre=st.integers(min_value=0, max_value=6),
    field=st.sampled_from(FIELDS),
    value=WRONG_VALUES,
)
def test_a_wrong_value_anywhere_is_reported_at_its_path(
    centre: int, field: tuple[str | int, ...], value: object
) -> None:
    document = reference_document(bookings=False)
    target: Any = document["centres"][centre]
    for key in field[:-1]:
        target = target[key]
    target[field[-1]] = value
    path = f"centres[{centre}]" + "".join(
        f"[{key}]" if isinstance(key, int) else f".{key}" for key in field
    )
    problems = problems_of(document)
    assert path in [problem.path for problem in problems]


@given(extra=st.text(min_size=1, max_size=12).filter(lambda key: key not in {"id", "name"}))
def test_an_unknown_key_is_always_reported_and_never_dropped(extra: str) -> None:
    document = reference_document(bookings=False)
    original = copy.deepcopy(document)
    known = set(document["centres"][0])
    if extra in known:
        return
    document["centres"][0][extra] = 1
    problems = problems_of(document)
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", extra)
    path = (
        f"centres[0].{extra}" if plain else f"centres[0][{json.dumps(extra, ensure_ascii=False)}]"
    )
    assert [(p.path, p.kind) for p in problems] == [(path, "unknown")]
    assert original["centres"][0] == {k: v for k, v in document["centres"][0].items() if k != extra}


def test_the_converter_can_be_built_for_each_format() -> None:
    toml = make_converter("toml")
    json_ = make_converter("json")
    day = dt.date(2012, 2, 29)
    assert toml.unstructure(day) == day
    assert json_.unstructure(day) == "2012-02-29"


# -- people ------------------------------------------------------------------------------


def people_document() -> dict[str, Any]:
    """The reference network with a small, valid set of people and prices (no programme)."""
    document = reference_document()
    del document["programme"]  # its registrations name the reference's own people
    del document["bookings"]  # so do its bookings
    document["policy"]["tiers"] = [
        {"slug": "standard", "name": "Standard", "monthly_fee": "60.00"},
        {"slug": "plus", "name": "Plus", "monthly_fee": "90"},
    ]
    document["policy"]["passes"] = [{"kind": "day", "price": "20.00"}]
    document["companies"] = [{"id": "acme", "name": "ACME", "siren": "732829320"}]
    document["members"] = [
        {"id": "anne", "name": "Anne", "kind": "independent"},
        {"id": "bruno", "name": "Bruno", "kind": "salaried", "employer": "acme"},
        {"id": "chloe", "name": "Chloé", "kind": "nomadic"},
    ]
    document["memberships"] = [
        {"member": "anne", "joined": "2008-05-01", "centre": "murat", "tier": "standard"},
        {"member": "bruno", "joined": "2009-01-05", "centre": "aurillac", "tier": "plus"},
    ]
    document["agreements"] = [
        {"company": "acme", "employees": ["bruno"], "tier": "standard", "since": "2010-01-01"}
    ]
    document["prospects"] = [
        {
            "company": "acme",
            "stage": "interested",
            "employees_interested": 3,
            "updated": "2009-06-01",
        }
    ]
    document["pass_uses"] = [
        {"member": "chloe", "kind": "day", "on": "2010-07-15", "centre": "ydes"}
    ]
    return document


def test_people_round_trip_in_both_formats() -> None:
    network = tc.loads_network(json.dumps(people_document()), format="json")
    assert [member.id for member in network.members] == ["anne", "bruno", "chloe"]
    for format in ("toml", "json"):
        text = tc.dumps_network(network, format=format)  # type: ignore[arg-type]
        assert tc.loads_network(text, format=format) == network  # type: ignore[arg-type]


def test_broken_people_rules_point_at_the_record_in_the_file() -> None:
    document = people_document()
    document["policy"]["tiers"][1]["monthly_fee"] = "120.00"
    document["members"].append({"id": "anne", "name": "Anne bis", "kind": "independent"})
    document["memberships"].append(
        {"member": "anne", "joined": "2009-01-01", "centre": "ydes", "tier": "standard"}
    )
    document["memberships"].append(
        {"member": "chloe", "joined": "2006-01-01", "centre": "ydes", "tier": "gold"}
    )
    document["agreements"][0]["employees"].append("anne")
    document["pass_uses"][0]["centre"] = "maurs"
    problems = problems_of(document)
    assert [(p.path, p.kind) for p in problems] == [
        ("policy.tiers[1].monthly_fee", "rule"),
        ("members[3].id", "rule"),
        ("agreements[0].employees[1]", "rule"),
        ("memberships[2].joined", "rule"),
        ("memberships[3].centre", "rule"),
        ("memberships[3].tier", "rule"),
        ("pass_uses[0].centre", "rule"),
    ]
    assert "outside the policy's band of 50.00 € to 100.00 €" in problems[0].message


def test_a_broken_member_record_does_not_hide_the_others_problems() -> None:
    document = people_document()
    document["members"][0]["kind"] = "freelance"
    document["members"][1]["employer"] = None
    assert [(p.path, p.kind) for p in problems_of(document)] == [
        ("members[1].employer", "type"),
        ("members[0].kind", "type"),
        ("members[1].employer", "value"),
    ]


def _model_classes() -> list[type]:
    import attrs

    return [
        value
        for name in tc.__all__
        if isinstance(value := getattr(tc, name), type) and attrs.has(value)
    ]


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda cls: cls.__name__)
def test_every_optional_field_defaults_to_none_so_files_stay_lossless(cls: type) -> None:
    # TOML has no null: an unset value is written by leaving its key out, which reads
    # back as the field's default. A field that may be None but defaults to something
    # else could not round-trip.
    import typing

    import attrs

    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        if not field.init:
            continue
        optional = type(None) in typing.get_args(hints[field.name])
        if optional:
            assert field.default is None, f"{cls.__name__}.{field.name}"


# -- funding -----------------------------------------------------------------------------------


def funding_document() -> dict[str, Any]:
    """The reference network's file with its own funding replaced by a small, valid one.

    Without the programme: its activities name the reference's own funders.
    """
    document = reference_document()
    del document["programme"]
    document["funders"] = [
        {"id": "cg", "name": "Conseil général du Cantal", "kind": "departement"},
        {"id": "communes", "name": "Communes", "kind": "communes", "siren": "732829320"},
    ]
    document["contributions"] = [
        {"funder": "cg", "category": "animation", "amount": "6000.00", "first_year": 2007},
        {
            "funder": "communes",
            "centre": "murat",
            "category": "premises",
            "form": "in-kind",
            "amount": "1800",
            "first_year": 2006,
            "last_year": 2011,
        },
    ]
    document["costs"] = [
        {
            "centre": "ydes",
            "category": "initial-investment",
            "amount": "15000.00",
            "on": "2007-01-15",
        }
    ]
    return document


def test_funding_round_trips_in_both_formats() -> None:
    network = tc.loads_network(json.dumps(funding_document()), format="json")
    assert [funder.id for funder in network.funders] == ["cg", "communes"]
    assert network.contributions[1].amount == tc.Money.of(1800)
    for format in ("toml", "json"):
        text = tc.dumps_network(network, format=format)  # type: ignore[arg-type]
        assert tc.loads_network(text, format=format) == network  # type: ignore[arg-type]


def test_the_reference_funding_round_trips_and_is_written_as_in_the_file() -> None:
    network = tc.datasets.cybercantal()
    document = json.loads(tc.dumps_network(network, format="json"))
    assert document["policy"]["funding"] == {
        "split": "by-seats",
        "operating_categories": ["premises", "animation", "training", "operating"],
    }
    first = document["contributions"][0]
    assert (first["amount"], first["form"], first["first_year"]) == ("8000.00", "cash", 2006)
    assert "on" not in first  # unset values are left out
    assert "centre" not in first
    assert tc.loads_network(tc.dumps_network(network), format="toml") == network


def test_broken_funding_rules_point_at_the_record_in_the_file() -> None:
    document = funding_document()
    document["funders"].append({"id": "cg", "name": "Bis", "kind": "region"})
    document["contributions"].append(
        {"funder": "leader", "category": "training", "amount": 10, "on": "2010-01-01"}
    )
    document["contributions"].append(
        {
            "funder": "cg",
            "centre": "maurs",
            "category": "training",
            "amount": 10,
            "on": "2010-01-01",
        }
    )
    document["costs"].append(
        {"centre": "paris", "category": "operating", "amount": 10, "first_year": 2010}
    )
    problems = problems_of(document)
    assert [(p.path, p.kind) for p in problems] == [
        ("funders[2].id", "rule"),
        ("contributions[2].funder", "rule"),
        ("contributions[3].on", "rule"),
        ("costs[1].centre", "rule"),
    ]
    assert (
        problems[2].message == "contributions: centre 'maurs' is not planned or open on 2010-01-01"
    )


def test_broken_funding_records_are_all_reported_and_the_funding_rules_wait() -> None:
    # As for the people rules: a rule runs on whole lists only, so an unknown funder is
    # reported once the broken records are fixed.
    document = funding_document()
    document["contributions"][0]["amount"] = "0.00"
    document["contributions"][1]["funder"] = "leader"
    document["costs"][0]["first_year"] = 2007
    assert [(p.path, p.kind) for p in problems_of(document)] == [
        ("contributions[0].amount", "value"),
        ("costs[0].first_year", "value"),
    ]
    document["contributions"][0]["amount"] = "1.00"
    del document["costs"][0]["first_year"]
    assert [(p.path, p.kind) for p in problems_of(document)] == [
        ("contributions[1].funder", "rule")
    ]


def test_with_a_broken_centre_the_funding_rules_wait() -> None:
    # A centre that does not structure would make every record of it "unknown": noise.
    document = funding_document()
    document["centres"][1]["seats"] = "4"
    document["contributions"][0]["funder"] = "leader"
    assert paths_of(document) == ["centres[1].seats"]


def test_a_policy_without_funding_settings_takes_the_defaults() -> None:
    document = funding_document()
    document["policy"].pop("funding", None)
    network = tc.loads_network(json.dumps(document), format="json")
    assert network.policy.funding == tc.FundingPolicy()


# -- the programme ---------------------------------------------------------------------------

T = dt.time


def test_the_reference_programme_round_trips_in_both_formats() -> None:
    programme = REFERENCE.programme
    assert len(programme.activities) == 12
    for format in ("toml", "json"):
        text = tc.dumps_network(REFERENCE, format=format)  # type: ignore[arg-type]
        back = tc.loads_network(text, format=format)  # type: ignore[arg-type]
        assert back.programme == programme, format
        assert back == REFERENCE, format


def test_times_are_hh_mm_strings_in_json_and_local_times_in_toml() -> None:
    activity = reference_document()["programme"]["activities"][0]
    assert (activity["day"], activity["starts"], activity["ends"]) == (
        "2011-10-10",
        "09:00",
        "12:00",
    )
    assert "starts = 09:00:00" in tc.dumps_network(REFERENCE)
    converter = make_converter("toml")
    assert converter.unstructure(T(9, 30)) == T(9, 30)
    assert make_converter("json").unstructure(T(9, 30)) == "09:30"


def test_an_empty_programme_round_trips() -> None:
    document = people_document()
    network = tc.loads_network(json.dumps(document), format="json")
    assert network.programme == tc.Programme()
    for format in ("toml", "json"):
        text = tc.dumps_network(network, format=format)  # type: ignore[arg-type]
        assert tc.loads_network(text, format=format).programme == tc.Programme()  # type: ignore[arg-type]


def _with_starts(value: object) -> dict[str, Any]:
    document = reference_document()
    document["programme"]["activities"][9]["starts"] = value  # the café at Murat, 09:00-10:30
    return document


@pytest.mark.parametrize("value", ["09:00", "09:00:00", "00:00"])
def test_a_time_of_day_is_read_from_hh_mm_or_hh_mm_00(value: str) -> None:
    network = tc.loads_network(json.dumps(_with_starts(value)), format="json")
    assert network.programme.activities[9].starts == T.fromisoformat(value)


@pytest.mark.parametrize(
    "value",
    [
        "25:00",
        "24:00",
        "09:60",
        "9:00",
        "0900",
        "09:00:30",
        "09:00:00.5",
        "09:00+01:00",
        "09:00Z",
        "09:00 ",
        "",
        900,
        9.5,
        True,
        ["09:00"],
        {"hour": 9},
    ],
)
def test_anything_but_a_time_of_day_is_a_type_problem(value: object) -> None:
    problems = problems_of(_with_starts(value))
    assert [(p.path, p.kind) for p in problems] == [("programme.activities[9].starts", "type")]
    assert problems[0].message.startswith("must be a time of day written HH:MM, got ")


def test_a_time_with_a_time_zone_is_refused_by_the_converter() -> None:
    # Neither TOML nor JSON gives one, but a caller of the converter may.
    converter = make_converter("toml")
    with pytest.raises(TypeError, match="a local time of day"):
        converter.structure(T(9, tzinfo=dt.UTC), T)
    assert converter.structure(T(9), T) == T(9)


def _toml_with_activity(starts: str, ends: str = "12:00:00") -> str:
    """The reference file, its programme one activity at Murat starting at ``starts``."""
    import tomli_w

    document = to_document(REFERENCE)
    del document["programme"]
    return tomli_w.dumps(document) + (
        "\n[[programme.activities]]\n"
        'id = "essai"\nkind = "animation"\ntitle = "Essai"\ncentre = "murat"\n'
        f"day = 2011-06-20\nstarts = {starts}\nends = {ends}\nplaces = 2\n"
    )


def test_a_toml_local_time_is_read_as_a_time_of_day() -> None:
    network = tc.loads_network(_toml_with_activity("09:15:00"))
    assert network.programme.activities[0].starts == T(9, 15)


@pytest.mark.parametrize(
    ("starts", "path", "kind"),
    [
        ("09:15:30", "programme.activities[0].starts", "value"),  # not a whole minute
        ("09:15:00.250", "programme.activities[0].starts", "value"),
        ("2011-06-20T09:15:00", "programme.activities[0].starts", "type"),  # a date and time
        ("2011-06-20T09:15:00+02:00", "programme.activities[0].starts", "type"),  # an offset
        ("2011-06-20", "programme.activities[0].starts", "type"),
        ("13:00:00", "programme.activities[0].ends", "rule"),  # ends before it starts
    ],
)
def test_a_bad_toml_time_is_reported_at_its_path(starts: str, path: str, kind: str) -> None:
    problems = problems_of(_toml_with_activity(starts), format="toml")
    assert [(p.path, p.kind) for p in problems] == [(path, kind)]


def test_broken_programme_rules_point_at_the_record_in_the_file() -> None:
    document = reference_document()
    programme = document["programme"]
    programme["activities"][3]["centre"] = "aurillac"  # a "Santé & travail" session
    programme["activities"][10]["funder"] = "leader"
    programme["registrations"][0]["member"] = "nobody"
    programme["registrations"][48]["on"] = "2011-06-17"  # after the café of 16 June
    programme["attendance"].append(dict(programme["attendance"][0]))
    problems = problems_of(document)
    assert [(p.path, p.kind) for p in problems] == [
        ("programme.activities[3].centre", "rule"),
        ("programme.activities[10].funder", "rule"),
        ("programme.registrations[0].member", "rule"),
        ("programme.registrations[48].on", "rule"),
        ("programme.attendance[0].member", "rule"),  # "nobody" holds m14's place now
        ("programme.attendance[44].member", "rule"),  # recorded twice
        ("programme.attendance[44].member", "rule"),  # and m14 holds no place
    ]
    assert problems[0].message == (
        "activity 'sante-travail-2011-4' on 'sante-travail' is placed at 'aurillac', but "
        "'chaudes-aigues' holds 'sante-travail' on 2011-10-31; an activity on a centre's "
        "specialisation is hosted by that centre"
    )


def test_an_activity_at_a_centre_not_open_that_day_is_reported_on_its_day() -> None:
    document = reference_document()
    document["programme"]["activities"][11]["day"] = "2007-06-21"  # Saint-Flour opens in 2008
    assert [(p.path, p.kind) for p in problems_of(document)] == [
        ("programme.activities[11].day", "rule")
    ]


def test_a_broken_programme_record_is_reported_with_the_rest_of_the_file() -> None:
    document = reference_document()
    document["programme"]["activities"][0]["places"] = 0
    document["programme"]["registrations"][1]["cancelled"] = "2011-09-01"  # before `on`
    document["programme"]["lectures"] = []
    document["centres"][1]["seats"] = "4"
    problems = problems_of(document)
    assert [(p.path, p.kind) for p in problems] == [
        ("centres[1].seats", "type"),
        ("programme.activities[0].places", "value"),
        ("programme.registrations[1].cancelled", "value"),
        ("programme.lectures", "unknown"),
    ]
    assert problems[-1].message == (
        "unknown key; expected one of: activities, attendance, registrations"
    )


def test_the_programme_rules_wait_until_the_rest_of_the_file_is_right() -> None:
    # They read the whole network: with a broken centre, every activity there would be
    # "at an unknown centre", which is noise.
    document = reference_document()
    document["centres"][4]["seats"] = "4"  # Chaudes-Aigues
    document["programme"]["activities"][3]["centre"] = "aurillac"
    assert paths_of(document) == ["centres[4].seats"]
    document["centres"][4]["seats"] = [{"since": "2007-09-01", "count": 4}]
    assert paths_of(document) == ["programme.activities[3].centre"]


def test_a_programme_that_is_not_a_table_is_a_type_problem() -> None:
    document = reference_document()
    document["programme"] = []
    assert [(p.path, p.kind) for p in problems_of(document)] == [("programme", "type")]
