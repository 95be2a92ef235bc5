"""The CGET 2019 census of tiers-lieux: reading its flaws, finding communes, starter networks."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core import cget
from telecentre_core._validate import SLUG
from telecentre_core.cget import (
    DEPARTEMENTS,
    Place,
    builtin_places,
    departement,
    fold,
    load_places,
    locate_commune,
    parse_places,
    starter_network,
)
from telecentre_core.errors import (
    AmbiguousCommune,
    InvalidValue,
    NetworkFileError,
    NoPlacesInDepartement,
    PlacesFileError,
    UnknownCommune,
    UnknownDepartement,
)

HEADER = (
    "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,TYPO,LAT,LONG,INSEEDEP,INSEEMETRO,NOMCOMMETRO"
)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def one(row: str) -> Place:
    (place,) = parse_places(csv_text(row))
    return place


def by_id(source_id: str) -> Place:
    (place,) = [place for place in builtin_places() if place.source_id == source_id]
    return place


def fill_in(text: str) -> str:
    """A starter file with every centre given seats, an opening date and what it lacked."""
    document = tomllib.loads(text)
    for index, centre in enumerate(document["centres"]):
        centre["seats"] = [{"since": dt.date(2019, 1, 1), "count": 4}]
        centre["lifecycle"] = {"opens": dt.date(2019, 1, 1)}
        commune = centre["commune"]
        commune.setdefault("name", "Commune")
        commune.setdefault("insee", f"{document['territory']['code']}{index:03d}"[-5:])
        commune.setdefault("postcode", "15000")
        centre.setdefault("location", {"lat": 45.0, "lon": 2.0})
    return tomli_w.dumps(document)


# -- the packaged copy -------------------------------------------------------------------


class TestThePackagedCopy:
    def test_it_has_every_place_of_the_census_with_unique_slugs(self) -> None:
        places = builtin_places()
        assert len(places) == 1512
        assert len({place.slug for place in places}) == 1512
        assert all(SLUG.fullmatch(place.slug) for place in places)

    def test_it_is_read_once(self) -> None:
        assert builtin_places() is builtin_places()

    def test_every_place_is_in_a_known_departement(self) -> None:
        assert {place.departement for place in builtin_places()} <= set(DEPARTEMENTS)

    def test_it_ships_without_the_columns_naming_people(self) -> None:
        from importlib import resources

        data = resources.files("telecentre_core").joinpath("data", cget.CGET_FILE)
        header = data.read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert "CONTACT" not in header
        assert "MAIL" not in header
        assert header[:7] == ["ID", "NOM_TL", "ADRESSE", "CP", "COMINIT", "INSEECOM", "NOMCOM"]

    def test_its_licence_and_attribution_ship_beside_it(self) -> None:
        from importlib import resources

        folder = resources.files("telecentre_core").joinpath("data")
        attribution = folder.joinpath("cget-ATTRIBUTION.md").read_text(encoding="utf-8")
        assert "CGET, Mission Coworking, 2019" in attribution
        licence = folder.joinpath("cget-LICENCE-ouverte-2.0.md").read_text(encoding="utf-8")
        assert "LICENCE OUVERTE" in licence

    def test_the_cantal_has_aurillac_and_murat(self) -> None:
        cantal = [place for place in builtin_places() if place.departement == "15"]
        assert [(place.commune, place.insee, place.postcode) for place in cantal] == [
            ("Aurillac", "15014", "15000"),
            ("Murat", "15138", "15300"),
        ]


class TestTheFlawsOfTheRealData:
    def test_places_of_la_reunion_filed_under_corse_du_sud_are_in_la_reunion(self) -> None:
        place = by_id("1291")  # FabLab Réunion: INSEEDEP 2A in the file
        assert (place.departement, place.postcode, place.insee) == ("974", "97418", None)

    def test_places_of_guadeloupe_filed_under_guyane_are_in_guadeloupe(self) -> None:
        assert by_id("1211").departement == "971"

    def test_corsican_places_are_in_2a_or_2b_by_their_postcode(self) -> None:
        assert by_id("777").departement == "2A"  # Ajaccio, 20090
        assert by_id("453").departement == "2B"  # Bastia, 20200

    def test_an_inseecom_of_zero_is_taken_from_the_commune_at_the_coordinates(self) -> None:
        place = by_id("1093")  # MSAP Fournels: INSEECOM 0, COMINIT FOURNELS
        assert (place.commune, place.insee, place.postcode) == ("Fournels", "48064", "48310")
        assert "commune at the place's coordinates" in place.checks[0]

    def test_a_code_from_the_coordinates_of_another_commune_is_not_taken(self) -> None:
        place = by_id("1294")  # Okartié, Saint-Paul (La Réunion): INSEEMETRO is Bonifacio's
        assert place.insee is None
        assert place.checks == ()

    def test_an_inseecom_of_another_departement_is_dropped_as_doubtful(self) -> None:
        place = by_id("1460")  # SICTIAM: INSEECOM 14327 (Calvados), in the Alpes-Maritimes
        assert (place.insee, place.departement) == (None, "06")
        assert "dropped" in place.checks[0]

    def test_a_postcode_of_zero_is_unknown(self) -> None:
        assert by_id("26").postcode is None  # CoWorking Moulins: CP 0

    def test_names_used_twice_get_the_commune_then_a_number(self) -> None:
        cordees = sorted(
            place.slug for place in builtin_places() if place.name.startswith("La Cordée")
        )
        assert len(cordees) == len(set(cordees))
        assert "la-cordee-lyon" in cordees

    def test_names_lose_their_no_break_spaces(self) -> None:
        assert all(place.name == place.name.strip() for place in builtin_places())


# -- reading a file ------------------------------------------------------------------------


class TestReading:
    def test_a_complete_row(self) -> None:
        place = one(
            "7,Le Lieu,1 rue Haute,15300,Murat,15138,Murat,"
            "Tiers lieux à dominante fablab,45.11,2.87,15,15138,Murat"
        )
        assert place == Place(
            source_id="7",
            slug="le-lieu",
            name="Le Lieu",
            kind="fablab",
            address="1 rue Haute",
            commune="Murat",
            insee="15138",
            postcode="15300",
            departement="15",
            location=tc.Point(lat=45.11, lon=2.87),
        )

    def test_empty_cells_and_null_are_unknown(self) -> None:
        place = one("8,Lieu,NULL,,,,,,,,,,")
        assert place.address is None
        assert place.commune is None
        assert place.location is None
        assert place.departement is None

    def test_a_short_row_lacks_its_last_cells(self) -> None:
        place = one("8,Lieu,,15300")
        assert (place.postcode, place.commune, place.location) == ("15300", None, None)

    def test_a_commune_in_capitals_is_written_in_the_usual_case(self) -> None:
        place = one("9,Lieu,,48200,SAINT-CHELY D'APCHER,0,,,44.8,3.27,48,,")
        assert place.commune == "Saint-Chely d'Apcher"

    def test_a_leading_zero_lost_by_a_spreadsheet_is_restored(self) -> None:
        place = one("10,Lieu,,1000,Bourg,1053,Bourg-en-Bresse,,46.2,5.2,01,,")
        assert (place.postcode, place.insee, place.departement) == ("01000", "01053", "01")

    def test_coordinates_out_of_range_or_not_numbers_are_unknown(self) -> None:
        assert one("11,Lieu,,,,,,,95,2,,,").location is None
        assert one("12,Lieu,,,,,,,north,2,,,").location is None
        assert one('13,Lieu,,,,,,,"45,5","2,5",,,').location == tc.Point(lat=45.5, lon=2.5)

    def test_a_place_without_a_name_is_named_by_its_id(self) -> None:
        place = one("14,,,,,,,,,,,,")
        assert (place.name, place.slug) == ("Tiers-lieu 14", "tiers-lieu-14")

    def test_a_name_without_letters_gets_a_slug_from_its_id(self) -> None:
        assert one("15,!!!,,,,,,,,,,,").slug == "lieu-15"

    def test_semicolons_windows_1252_and_a_byte_order_mark_are_read(self) -> None:
        text = csv_text(
            "16;Café;;15300;Murat;15138;Murat;;45.11;2.87;15;;",
            header=HEADER.replace(",", ";"),
        )
        for data in (text.encode("cp1252"), b"\xef\xbb\xbf" + text.encode("utf-8")):
            (place,) = parse_places(data)
            assert place.name == "Café"

    def test_a_file_without_the_columns_is_refused(self) -> None:
        with pytest.raises(PlacesFileError, match="columns missing: CP, COMINIT"):
            parse_places("ID,NOM_TL,INSEECOM,NOMCOM,LAT,LONG\n1,a,0,,1,1\n", source="x.csv")

    def test_a_file_without_rows_is_refused(self) -> None:
        with pytest.raises(PlacesFileError, match="it has no rows"):
            parse_places(HEADER + "\n")

    def test_a_field_too_large_for_a_csv_reader_is_refused(self) -> None:
        with pytest.raises(PlacesFileError, match="is not a readable CSV file"):
            parse_places(HEADER + "\n" + "x" * 200_000 + "\n")

    def test_a_binary_file_is_refused(self) -> None:
        with pytest.raises(PlacesFileError, match="not a text file"):
            parse_places(b"\x00\x01\x02")

    def test_bytes_neither_utf_8_nor_windows_1252_are_refused(self) -> None:
        with pytest.raises(PlacesFileError, match="neither UTF-8 nor Windows-1252"):
            parse_places(HEADER.encode() + b"\n1,\x81,,,,,,,,,,,\n")

    def test_a_missing_file_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(PlacesFileError, match="cannot be read"):
            load_places(tmp_path / "nowhere.csv")

    def test_the_published_file_with_its_contact_columns_is_read(self, tmp_path: Path) -> None:
        path = tmp_path / "published.csv"
        path.write_text(
            csv_text(
                "1,Lieu,,15300,Murat,15138,Murat,,45.11,2.87,15,,,Anne,a@example.org",
                header=HEADER + ",CONTACT,MAIL",
            ),
            encoding="utf-8",
        )
        (place,) = load_places(path)
        assert place.insee == "15138"

    @given(
        st.lists(
            st.lists(st.text(max_size=12), min_size=13, max_size=13),
            min_size=1,
            max_size=8,
        )
    )
    def test_any_cells_give_places_with_unique_slugs_and_never_crash(
        self, rows: list[list[str]]
    ) -> None:
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER.split(","))
        writer.writerows(rows)
        try:
            places = parse_places(buffer.getvalue())
        except PlacesFileError:
            return  # a cell that breaks the CSV's own syntax (a lone NUL, say)
        assert len({place.slug for place in places}) == len(places)
        for place in places:
            assert SLUG.fullmatch(place.slug)
            assert place.name.strip()
            assert place.departement is None or place.departement in DEPARTEMENTS


# -- names and codes -----------------------------------------------------------------


class TestNamesAndCodes:
    @pytest.mark.parametrize(
        ("one_name", "other"),
        [
            ("Saint-Flour", "saint flour"),
            ("Saint-Chély-d'Apcher", "ST CHELY D'APCHER"),
            ("Riom-ès-Montagnes", "riom es montagnes"),
            ("Sainte-Croix", "Ste Croix"),
            ("Bœuf", "boeuf"),
        ],
    )
    def test_fold_ignores_case_accents_and_punctuation(self, one_name: str, other: str) -> None:
        assert fold(one_name) == fold(other)

    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            ("48", "Lozère"),
            ("2a", "Corse-du-Sud"),
            (" 2B ", "Haute-Corse"),
            ("1", "Ain"),
            ("974", "La Réunion"),
        ],
    )
    def test_a_departement_is_named(self, code: str, expected: str) -> None:
        assert departement(code).name == expected

    @pytest.mark.parametrize("code", ["99", "975", "00", "", "Cantal", "2C"])
    def test_a_code_that_names_no_departement_is_refused(self, code: str) -> None:
        with pytest.raises(UnknownDepartement) as raised:
            departement(code)
        assert raised.value.code == code

    def test_twenty_is_corsica_before_1976(self) -> None:
        with pytest.raises(UnknownDepartement, match="Corsica is 2A or 2B"):
            departement("20")

    def test_every_departement_makes_a_valid_territory(self) -> None:
        for code in DEPARTEMENTS:
            assert departement(code).code == code


# -- finding a commune ---------------------------------------------------------------


class TestLocatingACommune:
    def test_a_point_is_read_as_latitude_then_longitude(self) -> None:
        located = locate_commune(" 45.5 , -2.25 ")
        assert (located.point, located.source) == (tc.Point(lat=45.5, lon=-2.25), "point")

    def test_a_point_off_the_earth_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match="LAT,LON"):
            locate_commune("95,2")

    def test_a_commune_of_the_network_is_where_its_first_centre_stands(self) -> None:
        network = tc.datasets.cybercantal()
        located = locate_commune("MURAT", network)
        assert (located.name, located.insee, located.source) == ("Murat", "15138", "network")
        assert located.point == network.centre("murat").location

    def test_an_insee_code_finds_the_commune(self) -> None:
        network = tc.datasets.cybercantal()
        assert locate_commune("15187", network).name == "Saint-Flour"
        assert locate_commune("48095", network).name == "Mende"

    def test_a_commune_of_the_census_is_where_its_first_place_stands(self) -> None:
        located = locate_commune("mende", tc.datasets.cybercantal())
        assert (located.name, located.insee, located.source) == ("Mende", "48095", "cget")

    def test_a_name_of_several_communes_is_ambiguous(self) -> None:
        with pytest.raises(AmbiguousCommune) as raised:
            locate_commune("Saint-Denis")
        assert raised.value.candidates == (
            "Saint-Denis (La Réunion, 974)",
            "Saint-Denis (Seine-Saint-Denis, 93)",
        )

    def test_a_city_of_arrondissements_is_one_commune(self) -> None:
        located = locate_commune("paris")
        assert (located.name, located.insee, located.departement) == ("Paris", None, "75")

    def test_the_networks_departement_settles_an_ambiguous_name(self) -> None:
        places = [
            Place(source_id="1", slug="a", name="A", commune="Bourg", insee="15001",
                  departement="15", location=tc.Point(lat=45, lon=2)),
            Place(source_id="2", slug="b", name="B", commune="Bourg", insee="48001",
                  departement="48", location=tc.Point(lat=44, lon=3)),
        ]  # fmt: skip
        located = locate_commune("bourg", tc.datasets.cybercantal(), places)
        assert located.insee == "15001"
        with pytest.raises(
            AmbiguousCommune, match=r"'Bourg \(Cantal, 15\)', 'Bourg \(Lozère, 48\)'"
        ):
            locate_commune("bourg", None, places)

    def test_two_centres_communes_of_one_name_are_ambiguous(self) -> None:
        network = tc.datasets.cybercantal()
        other = network.centre("ydes")
        renamed = tc.Commune(name="Murat", insee="15999", postcode="15300")
        import attrs

        centres = tuple(
            attrs.evolve(other, commune=renamed) if c is other else c for c in network.centres
        )
        with pytest.raises(AmbiguousCommune):
            locate_commune("Murat", attrs.evolve(network, centres=centres))

    def test_an_unknown_name_suggests_the_names_that_look_like_it(self) -> None:
        with pytest.raises(UnknownCommune) as raised:
            locate_commune("Muratt", tc.datasets.cybercantal())
        assert raised.value.suggestions[0] == "Murat"
        assert "did you mean 'Murat'" in str(raised.value)

    def test_places_without_a_commune_or_a_location_are_passed_over(self) -> None:
        places = [
            Place(source_id="1", slug="a", name="A", commune="Bourg"),
            Place(source_id="2", slug="b", name="B", location=tc.Point(lat=45, lon=2)),
        ]
        with pytest.raises(UnknownCommune) as raised:
            locate_commune("Bourgg", places=places)
        assert raised.value.suggestions == ("Bourg",)

    def test_a_name_like_nothing_suggests_nothing(self) -> None:
        with pytest.raises(UnknownCommune) as raised:
            locate_commune("Zzzzzzzz", places=[])
        assert raised.value.suggestions == ()


# -- the starter network ---------------------------------------------------------------


class TestStarterNetworks:
    def test_each_place_of_the_departement_is_a_centre_of_the_file(self) -> None:
        starter = starter_network(builtin_places(), "48")
        document = tomllib.loads(starter.text)
        assert document["schema_version"] == 1
        assert document["territory"] == {"code": "48", "name": "Lozère"}
        assert [centre["id"] for centre in document["centres"]] == [
            place.slug for place in starter.places
        ]
        assert document["centres"][0]["commune"] == {
            "name": "Langogne",
            "insee": "48080",
            "postcode": "48300",
        }
        assert document["centres"][0]["location"] == {"lat": 44.7255189, "lon": 3.8571573}

    def test_the_file_says_what_to_fill_and_does_not_validate_until_it_is(self) -> None:
        starter = starter_network(builtin_places(), "23")
        assert "# FILL IN: seats = [ { since = YYYY-MM-DD, count = N } ]" in starter.text
        assert "# FILL IN: lifecycle = { opens = YYYY-MM-DD }" in starter.text
        with pytest.raises(NetworkFileError) as raised:
            tc.loads_network(starter.text)
        paths = {problem.path for problem in raised.value.problems}
        assert {"centres[0].seats", "centres[0].lifecycle"} <= paths
        filled = tc.loads_network(fill_in(starter.text))
        assert len(filled.centres) == 9

    def test_the_source_and_its_licence_are_credited(self) -> None:
        text = starter_network(builtin_places(), "32").text
        assert "CGET, Mission Coworking, 2019 (Licence Ouverte 2.0)" in text

    def test_places_without_an_insee_code_or_postcode_are_kept_and_marked(self) -> None:
        starter = starter_network(builtin_places(), "09")  # Ariège: no postcodes
        assert len(starter.missing["commune.postcode"]) == len(starter.places) == 12
        assert starter.text.count("# FILL IN: commune.postcode") == 12
        haute_loire = starter_network(builtin_places(), "43")
        assert len(haute_loire.missing["commune.insee"]) == 1

    def test_a_place_without_commune_or_location_is_kept_and_marked(self) -> None:
        places = parse_places(csv_text("1,Lieu,,,,,,,,,15,,"))
        starter = starter_network(places, "15")
        assert starter.missing == {
            "commune.name": ("lieu",),
            "commune.insee": ("lieu",),
            "commune.postcode": ("lieu",),
            "location": ("lieu",),
        }
        assert "commune = {}" in starter.text
        assert tomllib.loads(starter.text)["centres"][0]["commune"] == {}
        assert tc.loads_network(fill_in(starter.text)).centres[0].id == "lieu"

    def test_what_was_inferred_is_marked_to_check(self) -> None:
        starter = starter_network(builtin_places(), "48")
        assert len(starter.checks) == 11
        assert starter.text.count("# CHECK: ") == 11

    def test_an_overseas_departement_is_on_its_own_time(self) -> None:
        document = tomllib.loads(starter_network(builtin_places(), "974").text)
        assert document["timezone"] == "Indian/Reunion"
        assert tomllib.loads(starter_network(builtin_places(), "15").text)["timezone"] == (
            "Europe/Paris"
        )

    def test_a_departement_without_places_is_refused(self) -> None:
        with pytest.raises(NoPlacesInDepartement, match=r"no place in Haute-Marne \(52\)"):
            starter_network(builtin_places(), "52")

    def test_an_unknown_departement_is_refused(self) -> None:
        with pytest.raises(UnknownDepartement):
            starter_network(builtin_places(), "99")

    @pytest.mark.parametrize(
        "code", sorted({place.departement for place in builtin_places()} - {None})
    )
    def test_every_departement_with_places_gives_a_file_that_validates_once_filled(
        self, code: str
    ) -> None:
        places = [place for place in builtin_places() if place.departement == code]
        network = tc.loads_network(fill_in(starter_network(places, code).text))
        assert network.territory.code == code
        assert len(network.centres) == len(places)

    @given(st.text())
    def test_any_text_is_written_as_a_toml_string_that_reads_back(self, text: str) -> None:
        written = cget._toml_string(text)
        assert tomllib.loads(f"value = {written}")["value"] == text
