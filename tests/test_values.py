"""Value objects: communes, territories, specialisations, connections and equipment."""

from __future__ import annotations

import math

import attrs
import pytest
from hypothesis import given

from telecentre_core import (
    Commune,
    Connection,
    ConnectionType,
    Equipment,
    InvalidValue,
    Specialisation,
    Territory,
)
from telecentre_core.equipment import _speed
from telecentre_core.testing import communes, equipments, specialisations, territories

# -- communes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("insee", "departement"),
    [("15138", "15"), ("2A004", "2A"), ("2B033", "2B"), ("97411", "974"), ("01001", "01")],
)
def test_valid_insee_codes_name_their_departement(insee: str, departement: str) -> None:
    commune = Commune(name="Somewhere", insee=insee, postcode="15300")
    assert commune.departement == departement


@pytest.mark.parametrize(
    "insee",
    [
        "1513",
        "15-38",
        "151380",
        "2C004",
        "2a004",
        "A2004",
        " 15138",
        "",
        "\u0661\u0665\u0661\u0663\u0668",
        15138,
    ],
)
def test_invalid_insee_codes_are_refused(insee: object) -> None:
    with pytest.raises(InvalidValue, match="5-character INSEE commune code") as caught:
        Commune(name="Murat", insee=insee, postcode="15300")  # type: ignore[arg-type]
    assert caught.value.field == "insee"


@pytest.mark.parametrize(
    "postcode", ["1530", "153000", "15 300", "2A000", "\u0661\u0665\u0663\u0660\u0660", 15300]
)
def test_invalid_postcodes_are_refused(postcode: object) -> None:
    with pytest.raises(InvalidValue, match="5-digit postcode") as caught:
        Commune(name="Murat", insee="15138", postcode=postcode)  # type: ignore[arg-type]
    assert caught.value.field == "postcode"


@pytest.mark.parametrize("name", ["", "   ", "\t\n", None, 42, "x" * 201])
def test_commune_names_must_be_non_blank_text(name: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Commune(name=name, insee="15138", postcode="15300")  # type: ignore[arg-type]
    assert caught.value.field == "name"


def test_a_name_of_two_hundred_characters_is_accepted() -> None:
    assert Commune(name="x" * 200, insee="15138", postcode="15300").name == "x" * 200


def test_communes_are_equal_by_value_and_frozen() -> None:
    murat = Commune(name="Murat", insee="15138", postcode="15300")
    assert murat == Commune(name="Murat", insee="15138", postcode="15300")
    assert len({murat, Commune(name="Murat", insee="15138", postcode="15300")}) == 1
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        murat.name = "Allanche"  # type: ignore[misc]


def test_commune_fields_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Commune("Murat", "15138", "15300")  # type: ignore[call-arg]


@given(communes())
def test_generated_communes_have_a_departement_code_a_territory_accepts(commune: Commune) -> None:
    assert Territory(code=commune.departement, name="x").code == commune.departement


# -- territories --------------------------------------------------------------------


@pytest.mark.parametrize("code", ["15", "01", "95", "2A", "2B", "971", "974", "976"])
def test_departement_codes_are_accepted(code: str) -> None:
    assert Territory(code=code, name="Somewhere").code == code


@pytest.mark.parametrize(
    "code", ["00", "96", "99", "977", "970", "2C", "1", "015", "15 ", "\u0661\u0665", 15]
)
def test_invalid_departement_codes_are_refused(code: object) -> None:
    with pytest.raises(InvalidValue, match="département code") as caught:
        Territory(code=code, name="Somewhere")  # type: ignore[arg-type]
    assert caught.value.field == "code"


def test_a_territory_needs_a_name() -> None:
    with pytest.raises(InvalidValue, match="blank"):
        Territory(code="15", name=" ")


@given(territories())
def test_generated_territories_are_valid(territory: Territory) -> None:
    assert attrs.evolve(territory) == territory


# -- specialisations ----------------------------------------------------------------


@pytest.mark.parametrize("slug", ["sante-travail", "telemarketing", "e-commerce", "web2", "a"])
def test_slugs_are_lowercase_words_joined_by_hyphens(slug: str) -> None:
    assert Specialisation(slug=slug, label="A theme").slug == slug


@pytest.mark.parametrize(
    "slug",
    ["Sante", "santé", "sante_travail", "-sante", "sante-", "sante--travail", "", "a b", None],
)
def test_malformed_slugs_are_refused(slug: object) -> None:
    with pytest.raises(InvalidValue, match="lowercase letters and digits") as caught:
        Specialisation(slug=slug, label="Santé & travail")  # type: ignore[arg-type]
    assert caught.value.field == "slug"


def test_a_specialisation_needs_a_label() -> None:
    with pytest.raises(InvalidValue, match="blank") as caught:
        Specialisation(slug="sante-travail", label="")
    assert caught.value.field == "label"


@given(specialisations())
def test_generated_specialisations_are_valid(specialisation: Specialisation) -> None:
    assert attrs.evolve(specialisation) == specialisation


# -- connections and equipment ------------------------------------------------------


def test_a_connection_stores_its_speeds_as_floats() -> None:
    adsl = Connection(type=ConnectionType.ADSL, download_mbps=8, upload_mbps=0.8)
    assert adsl.download_mbps == 8.0
    assert isinstance(adsl.download_mbps, float)
    assert Connection(type=ConnectionType.FIBRE).upload_mbps is None


def test_connection_types_are_their_file_values() -> None:
    assert ConnectionType("adsl") is ConnectionType.ADSL
    assert str(ConnectionType.FIBRE) == "fibre"


@pytest.mark.parametrize("speed", [0, -1.0, float("nan"), float("inf"), "8", True])
def test_speeds_must_be_positive_finite_numbers(speed: object) -> None:
    with pytest.raises(InvalidValue, match="megabits per second") as caught:
        Connection(type=ConnectionType.ADSL, download_mbps=speed)
    assert caught.value.field == "download_mbps"
    with pytest.raises(InvalidValue) as caught:
        Connection(type=ConnectionType.ADSL, upload_mbps=speed)
    assert caught.value.field == "upload_mbps"


def test_a_connection_type_must_be_a_connection_type() -> None:
    with pytest.raises(InvalidValue, match="ConnectionType"):
        Connection(type="adsl")  # type: ignore[arg-type]


def test_equipment_features_are_kept_sorted_and_unique() -> None:
    equipment = Equipment(workstations=4, features=["scanner", "printer", "scanner"])
    assert equipment.features == ("printer", "scanner")
    assert equipment == Equipment(workstations=4, features=("printer", "scanner"))
    assert equipment.has("printer")
    assert not equipment.has("videoconference")


def test_equipment_defaults_to_no_connection_and_no_features() -> None:
    equipment = Equipment(workstations=0)
    assert equipment.connection is None
    assert equipment.features == ()


@pytest.mark.parametrize("features", [["Printer"], ["ok", 3], "printer", [None]])
def test_equipment_features_must_be_slugs(features: object) -> None:
    with pytest.raises((InvalidValue, TypeError)):
        Equipment(workstations=1, features=features)


@pytest.mark.parametrize("workstations", [-1, True, 2.0, "4"])
def test_workstations_are_a_whole_number_from_zero(workstations: object) -> None:
    with pytest.raises(InvalidValue) as caught:
        Equipment(workstations=workstations)  # type: ignore[arg-type]
    assert caught.value.field == "workstations"


def test_equipment_connection_must_be_a_connection() -> None:
    with pytest.raises(InvalidValue, match="a Connection"):
        Equipment(workstations=1, connection="adsl")  # type: ignore[arg-type]


@given(equipments())
def test_generated_equipment_has_sorted_unique_features(equipment: Equipment) -> None:
    assert list(equipment.features) == sorted(set(equipment.features))
    assert attrs.evolve(equipment) == equipment


# -- the speed validator, built again -----------------------------------------------------
# Connection's validators are built once, at import; building one here checks the same
# rule and lets mutation testing (docs/testing.md) reach it.


def _speed_refusal(value: object) -> str:
    with pytest.raises(InvalidValue) as caught:
        _speed("download")(None, None, value)
    return str(caught.value)


@pytest.mark.parametrize("value", [None, 0.001, 1.0, 1000.0])
def test_a_speed_is_unknown_or_a_positive_number_of_megabits(value: float | None) -> None:
    _speed("download")(None, None, value)


@pytest.mark.parametrize("value", [0.0, -0.0, -1.0, math.nan, math.inf])
def test_a_speed_of_zero_or_less_or_not_finite_is_refused(value: float) -> None:
    assert _speed_refusal(value) == (
        f"download: must be a positive number of megabits per second, got {value!r}"
    )


@pytest.mark.parametrize("value", [True, 8, "8"])
def test_a_speed_is_a_float_once_converted(value: object) -> None:
    assert _speed_refusal(value) == (
        f"download: must be a number of megabits per second, got {value!r}"
    )


def test_features_given_as_one_string_are_refused_rather_than_read_letter_by_letter() -> None:
    with pytest.raises(InvalidValue) as caught:
        Equipment(workstations=1, features="wifi")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "features: must be a list of feature slugs, not one string, got 'wifi'"
    )
    assert (caught.value.field, caught.value.value) == ("features", "wifi")


def test_a_feature_that_is_not_a_slug_is_refused_by_its_value() -> None:
    with pytest.raises(InvalidValue) as caught:
        Equipment(workstations=1, features=["printer", 3])  # type: ignore[list-item]
    assert str(caught.value) == (
        "features: must be lowercase letters and digits joined by hyphens "
        "(like 'sante-travail'), got 3"
    )
