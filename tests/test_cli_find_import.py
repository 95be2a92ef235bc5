"""``telecentre find`` and ``telecentre import-cget``, called through ``main()``."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
import tomli_w

from telecentre_core import cli

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "today", lambda _zone: TODAY)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- find --------------------------------------------------------------------------------


class TestFind:
    def test_near_murat_on_the_reference_network_lists_the_open_centres_nearest_first(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = run(capsys, "find", "--near", "Murat")
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[0] == (
            "Cybercantal, Cantal (15): centres open on 2026-11-29 near Murat (15138)"
        )
        rows = [line.split()[:2] for line in lines[3:10]]
        assert rows == [
            ["0.0", "murat"],
            ["14.2", "allanche"],
            ["19.6", "saint-flour"],
            ["30.3", "chaudes-aigues"],
            ["39.4", "aurillac"],
            ["42.8", "ydes"],
            ["75.1", "montmurat"],
        ]
        assert lines[-1] == "7 centres found."

    def test_the_commune_may_be_written_without_accents_or_capitals(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        _, out, _ = run(capsys, "find", "--near", "SAINT FLOUR", "--within", "20")
        assert "near Saint-Flour (15187), within 20 km" in out
        assert "2 centres found." in out

    def test_json_has_the_point_the_filters_and_each_centre_with_its_distance(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = run(capsys, "find", "--near", "murat", "--within", "15", "--json")
        assert code == 0
        data = json.loads(out)
        assert data["near"] == {
            "query": "murat",
            "found_in": "network",
            "commune": "Murat",
            "insee": "15138",
            "departement": "15",
            "lat": 45.1103,
            "lon": 2.8683,
        }
        assert (data["on"], data["within_km"], data["specialisation"]) == (
            "2026-11-29",
            15.0,
            None,
        )
        assert [row["id"] for row in data["centres"]] == ["murat", "allanche"]
        assert data["centres"][1]["distance_km"] == 14.23
        assert data["centres"][0]["seats"] == 6
        assert data["centres"][0]["specialisations"] == [
            {"slug": "creation-entreprise", "label": "Création d'entreprise"}
        ]

    def test_a_point_is_searched_around(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "find", "--near", "44.9265,2.4397", "--within", "1")
        assert code == 0
        assert "near 44.9265, 2.4397, within 1 km" in out
        assert "aurillac" in out

    def test_a_commune_without_a_centre_is_placed_by_the_census(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        _, out, _ = run(capsys, "find", "--near", "Mende", "--within", "60")
        assert "near Mende (48095, placed by the CGET 2019 census), within 60 km" in out
        assert "chaudes-aigues" in out

    def test_a_specialisation_is_given_by_its_slug_or_its_label(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for name in ("sante-travail", "Santé & travail", "SANTE & TRAVAIL"):
            code, out, _ = run(capsys, "find", "--near", "Murat", "--specialisation", name)
            assert code == 0
            assert "1 centre found." in out
            assert "chaudes-aigues" in out

    def test_a_day_before_the_network_opened_finds_nothing(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = run(capsys, "find", "--near", "Murat", "--on", "2005-01-01")
        assert code == 0
        assert out.endswith("near Murat (15138)\n\nNo centre found.\n")

    def test_equipment_no_centre_has_finds_nothing(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        _, out, _ = run(capsys, "find", "--near", "Murat", "--equipment", "printer")
        assert "with printer" in out
        assert "No centre found." in out

    def test_a_network_file_is_searched(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "n.toml"
        path.write_text(
            'schema_version = 1\nname = "Pays"\nterritory = { code = "15", name = "Cantal" }\n'
            '[[centres]]\nid = "ydes"\nname = "Ydes"\n'
            'commune = { name = "Ydes", insee = "15265", postcode = "15210" }\n'
            "location = { lat = 45.3475, lon = 2.4375 }\nlifecycle = { opens = 2007-01-15 }\n"
            "seats = [ { since = 2007-01-15, count = 4 } ]\n",
            encoding="utf-8",
        )
        code, out, _ = run(capsys, "find", str(path), "--near", "Murat")
        assert code == 0
        assert out.startswith("Pays, Cantal (15): centres open on 2026-11-29 near Murat (15138, ")
        assert "42.9  ydes" in out  # from the CGET place in Murat, not the commune centre

    def test_an_unknown_commune_exits_2_with_suggestions(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = run(capsys, "find", "--near", "Muratt")
        assert (code, out) == (2, "")
        assert "did you mean 'Murat'?" in err
        assert "Traceback" not in err

    def test_an_ambiguous_commune_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "find", "--near", "Saint-Denis")
        assert code == 2
        assert "names several communes" in err

    def test_an_undeclared_specialisation_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "find", "--near", "Murat", "--specialisation", "sante")
        assert code == 2
        assert "did you mean 'sante-travail'?" in err

    @pytest.mark.parametrize("radius", ["-1", "nan", "inf", "far"])
    def test_a_radius_that_is_not_a_distance_exits_2(
        self, capsys: pytest.CaptureFixture[str], radius: str
    ) -> None:
        code, _, err = run(capsys, "find", "--near", "Murat", "--within", radius)
        assert code == 2
        assert "is not a distance" in err

    def test_a_point_off_the_earth_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "find", "--near", "91,2")
        assert code == 2
        assert "must be a point LAT,LON" in err

    def test_near_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "find")
        assert code == 2
        assert "--near" in err


# -- import-cget -------------------------------------------------------------------------


class TestImportCget:
    def test_the_places_of_a_departement_are_written_with_what_to_fill(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        code, out, err = run(capsys, "import-cget", "--departement", "48")
        assert (code, err) == (0, "")
        assert out.splitlines()[0] == (
            "tiers-lieux-48.toml: 11 centres of Lozère (48) from the packaged "
            "cget-tiers-lieux-2019.csv"
        )
        assert (
            "fill in for each of the 11 centres: seats (the seat timeline) and lifecycle.opens"
            in out
        )
        assert "Then run: telecentre validate tiers-lieux-48.toml" in out
        document = tomllib.loads((tmp_path / "tiers-lieux-48.toml").read_text(encoding="utf-8"))
        assert len(document["centres"]) == 11

    def test_an_existing_file_is_not_overwritten_without_force(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "out.toml"
        path.write_text("mine", encoding="utf-8")
        code, out, err = run(capsys, "import-cget", "--departement", "23", "--output", str(path))
        assert (code, out) == (2, "")
        assert "the file exists; give --force to overwrite it" in err
        assert path.read_text(encoding="utf-8") == "mine"
        code, _, _ = run(
            capsys, "import-cget", "--departement", "23", "--output", str(path), "--force"
        )
        assert code == 0
        assert "[[centres]]" in path.read_text(encoding="utf-8")

    def test_dash_writes_the_file_on_standard_output_and_the_message_on_standard_error(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = run(capsys, "import-cget", "--departement", "09", "--output", "-")
        assert code == 0
        assert tomllib.loads(out)["territory"] == {"code": "09", "name": "Ariège"}
        assert "Also fill in commune.postcode for 12 centres:" in err
        assert "telecentre validate FILE" in err

    def test_a_csv_file_is_read(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        source = tmp_path / "places.csv"
        source.write_text(
            "ID,NOM_TL,CP,COMINIT,INSEECOM,NOMCOM,LAT,LONG\n"
            "1,Le Lieu,15300,Murat,15138,Murat,45.11,2.87\n",
            encoding="utf-8",
        )
        output = tmp_path / "cantal.toml"
        code, out, _ = run(
            capsys, "import-cget", str(source), "--departement", "15", "--output", str(output)
        )
        assert code == 0
        assert f"1 centre of Cantal (15) from {source}" in out
        assert 'id = "le-lieu"' in output.read_text(encoding="utf-8")

    def test_an_unknown_departement_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "import-cget", "--departement", "99", "--output", "-")
        assert (code, out) == (2, "")
        assert "'99' is not a département code" in err

    def test_a_departement_without_places_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "import-cget", "--departement", "52", "--output", "-")
        assert code == 2
        assert "no place in Haute-Marne (52): nothing to import" in err

    def test_a_missing_csv_exits_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, _, err = run(
            capsys, "import-cget", str(tmp_path / "no.csv"), "--departement", "15", "--output", "-"
        )
        assert code == 2
        assert "cannot be read" in err

    def test_a_file_that_cannot_be_written_exits_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        target = str(tmp_path / "no-such-folder" / "out.toml")
        code, _, err = run(capsys, "import-cget", "--departement", "15", "--output", target)
        assert code == 2
        assert "cannot be written" in err

    def test_the_departement_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "import-cget")
        assert code == 2
        assert "--departement" in err


# -- rural départements, imported, filled in and validated -----------------------------------


def _fill_in(path: Path) -> None:
    """Give every centre seats and an opening date, and what its place lacked."""
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    code = document["territory"]["code"]
    for index, centre in enumerate(document["centres"]):
        centre["seats"] = [{"since": dt.date(2019, 9, 1), "count": 4}]
        centre["lifecycle"] = {"opens": dt.date(2019, 9, 1)}
        commune = centre["commune"]
        commune.setdefault("insee", f"{code}{900 + index:03d}")
        commune.setdefault("postcode", f"{code}000")
    path.write_text(tomli_w.dumps(document), encoding="utf-8")


@pytest.mark.parametrize(
    ("code", "name", "count"),
    [
        ("48", "Lozère", 11),
        ("23", "Creuse", 9),
        ("32", "Gers", 3),
        ("43", "Haute-Loire", 6),  # one place without an INSEE code
        ("09", "Ariège", 12),  # no place with a postcode
    ],
)
def test_a_rural_departement_imported_and_filled_in_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, code: str, name: str, count: int
) -> None:
    path = tmp_path / f"{code}.toml"
    assert run(capsys, "import-cget", "--departement", code, "--output", str(path))[0] == 0
    code_before, _, err = run(capsys, "validate", str(path))
    assert code_before == 2  # seats and lifecycle are missing
    assert "seats" in err
    _fill_in(path)
    status, out, err = run(capsys, "validate", str(path))
    assert (status, err) == (0, "")
    assert f"({name}), {count} centres ({count} open, 0 planned)" in out
