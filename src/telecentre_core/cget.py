"""The CGET 2019 census of tiers-lieux: places to find communes by, and starter networks.

The Commissariat général à l'égalité des territoires (CGET, now the ANCT)
published in 2019 a census of French tiers-lieux, coworking spaces and
fablabs, under the Licence Ouverte 2.0 (credit: "CGET, Mission Coworking,
2019"). A copy ships with the library (``telecentre_core/data``, without the
columns naming people); :func:`builtin_places` reads it, :func:`load_places`
reads the published file or another copy. :func:`starter_network` turns the
places of one département into a network file to complete.

>>> places = builtin_places()
>>> len(places)
1512
>>> [place.commune for place in places if place.departement == "15"]
['Aurillac', 'Murat']
>>> starter = starter_network(places, "48")
>>> starter.territory, len(starter.places)
(Territory(code='48', name='Lozère'), 11)

The data is real and imperfect, and the reader copes:

- a postcode or INSEE code written ``0`` or left empty is unknown;
- an INSEE code whose département agrees with neither the postcode nor the
  département column is dropped as doubtful;
- an unknown INSEE code is taken from the commune at the place's coordinates
  (the file's ``INSEEMETRO``) only when that commune has the place's commune
  name (or the place names none), and the place says so (``checks``);
- the département is the INSEE code's, else the postcode's (``20``: Corsica,
  ``2A`` below 20200 and ``2B`` above; ``97x``: overseas), else the file's
  column, which is wrong for a few overseas places;
- names used by several places get unique slugs (the commune, then a number);
- the file may be UTF-8 (with or without a byte-order mark) or Windows-1252,
  separated by commas or semicolons.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Final

import attrs

from .commune import Territory
from .errors import (
    AmbiguousCommune,
    InvalidValue,
    NoPlacesInDepartement,
    PlacesFileError,
    UnknownCommune,
    UnknownDepartement,
)
from .geo import Point
from .network import Network

__all__ = [
    "ATTRIBUTION",
    "CGET_FILE",
    "DEPARTEMENTS",
    "Located",
    "Place",
    "Starter",
    "builtin_places",
    "departement",
    "fold",
    "load_places",
    "locate_commune",
    "parse_places",
    "starter_network",
]

#: The name of the packaged copy inside the package (``telecentre_core/data``).
CGET_FILE: Final = "cget-tiers-lieux-2019.csv"

#: The credit the Licence Ouverte 2.0 asks of every reuse.
ATTRIBUTION: Final = "CGET, Mission Coworking, 2019 (Licence Ouverte 2.0)"

#: Département names by code, from the INSEE's Code officiel géographique (COG) 2019.
DEPARTEMENTS: Final[dict[str, str]] = {
    "01": "Ain",
    "02": "Aisne",
    "03": "Allier",
    "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes",
    "07": "Ardèche",
    "08": "Ardennes",
    "09": "Ariège",
    "10": "Aube",
    "11": "Aude",
    "12": "Aveyron",
    "13": "Bouches-du-Rhône",
    "14": "Calvados",
    "15": "Cantal",
    "16": "Charente",
    "17": "Charente-Maritime",
    "18": "Cher",
    "19": "Corrèze",
    "2A": "Corse-du-Sud",
    "2B": "Haute-Corse",
    "21": "Côte-d'Or",
    "22": "Côtes-d'Armor",
    "23": "Creuse",
    "24": "Dordogne",
    "25": "Doubs",
    "26": "Drôme",
    "27": "Eure",
    "28": "Eure-et-Loir",
    "29": "Finistère",
    "30": "Gard",
    "31": "Haute-Garonne",
    "32": "Gers",
    "33": "Gironde",
    "34": "Hérault",
    "35": "Ille-et-Vilaine",
    "36": "Indre",
    "37": "Indre-et-Loire",
    "38": "Isère",
    "39": "Jura",
    "40": "Landes",
    "41": "Loir-et-Cher",
    "42": "Loire",
    "43": "Haute-Loire",
    "44": "Loire-Atlantique",
    "45": "Loiret",
    "46": "Lot",
    "47": "Lot-et-Garonne",
    "48": "Lozère",
    "49": "Maine-et-Loire",
    "50": "Manche",
    "51": "Marne",
    "52": "Haute-Marne",
    "53": "Mayenne",
    "54": "Meurthe-et-Moselle",
    "55": "Meuse",
    "56": "Morbihan",
    "57": "Moselle",
    "58": "Nièvre",
    "59": "Nord",
    "60": "Oise",
    "61": "Orne",
    "62": "Pas-de-Calais",
    "63": "Puy-de-Dôme",
    "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées",
    "66": "Pyrénées-Orientales",
    "67": "Bas-Rhin",
    "68": "Haut-Rhin",
    "69": "Rhône",
    "70": "Haute-Saône",
    "71": "Saône-et-Loire",
    "72": "Sarthe",
    "73": "Savoie",
    "74": "Haute-Savoie",
    "75": "Paris",
    "76": "Seine-Maritime",
    "77": "Seine-et-Marne",
    "78": "Yvelines",
    "79": "Deux-Sèvres",
    "80": "Somme",
    "81": "Tarn",
    "82": "Tarn-et-Garonne",
    "83": "Var",
    "84": "Vaucluse",
    "85": "Vendée",
    "86": "Vienne",
    "87": "Haute-Vienne",
    "88": "Vosges",
    "89": "Yonne",
    "90": "Territoire de Belfort",
    "91": "Essonne",
    "92": "Hauts-de-Seine",
    "93": "Seine-Saint-Denis",
    "94": "Val-de-Marne",
    "95": "Val-d'Oise",
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}

# The IANA zones of the overseas départements; every other one is on Paris time.
_TIME_ZONES: Final = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "976": "Indian/Mayotte",
}

_NOTES: Final = f"Imported from the CGET 2019 census of tiers-lieux: {ATTRIBUTION}."
_REQUIRED: Final = ("ID", "NOM_TL", "CP", "COMINIT", "INSEECOM", "NOMCOM", "LAT", "LONG")
_INSEE: Final = re.compile(r"(?:\d{2}|2[AB])\d{3}", re.ASCII)
_POSTCODE: Final = re.compile(r"\d{5}", re.ASCII)
_KINDS: Final = {
    "Tiers lieux à dominante coworking": "coworking",
    "Tiers lieux à dominante fablab": "fablab",
}


@attrs.frozen(kw_only=True)
class Place:
    """One place of the CGET file, as far as the file tells.

    ``source_id`` is the file's ``ID``; ``slug`` a unique identity built
    from the ``name``; ``kind`` is ``"coworking"`` or ``"fablab"``. Where it
    stands: its ``address``, its ``commune`` (a name), that commune's
    ``insee`` code, its ``postcode``, its ``departement`` (a code) and its
    ``location``. Unknown values are ``None``. ``checks`` lists, in words,
    what the reader inferred rather than read (an INSEE code taken from the
    coordinates, a doubtful code dropped), for a person to check.
    """

    source_id: str
    slug: str
    name: str
    kind: str | None = None
    address: str | None = None
    commune: str | None = None
    insee: str | None = None
    postcode: str | None = None
    departement: str | None = None
    location: Point | None = None
    checks: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Starter:
    """A starter network file for one département, and what is left to fill in it.

    ``text`` is the TOML file, for the ``territory`` (the département).
    ``places`` are the places it holds, one
    centre each, in the file's order. ``missing`` maps what a centre lacks
    (``"commune.name"``, ``"commune.insee"``, ``"commune.postcode"``,
    ``"location"``) to the ids
    of the centres lacking it; every centre also needs ``seats`` and
    ``lifecycle``, which the data never has. ``checks`` are the places'
    checks (see :class:`Place`), each after the id of its centre.
    """

    text: str
    territory: Territory
    places: tuple[Place, ...]
    missing: dict[str, tuple[str, ...]]
    checks: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Located:
    """Where a commune named in a search stands: a point, and how it was found.

    ``query`` is what was asked, ``point`` where the search starts; ``name``
    and ``departement`` are the commune's, when a commune was found.
    ``source`` is ``"network"`` (the first of the network's centres in that
    commune), ``"cget"`` (the first CGET place in it; good to a few
    kilometres) or ``"point"`` (``LAT,LON`` given). ``insee`` is unset when
    unknown, or when the places of a city stand in arrondissements of their
    own codes (Paris, Lyon, Marseille).
    """

    query: str
    point: Point
    source: str
    name: str | None = None
    insee: str | None = None
    departement: str | None = None


# -- text ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """``text`` for comparing names: no accents, no case, words split on punctuation.

    ``St``/``Ste`` are read as ``Saint``/``Sainte``.

    >>> fold("Saint-Chély d'Apcher") == fold("ST CHELY-D'APCHER")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.sub(r"[^0-9a-z]+", " ", bare.casefold().replace("æ", "ae")).split()
    spelled = {"st": "saint", "ste": "sainte"}
    return " ".join(spelled.get(word, word) for word in words)


def _slugify(text: str) -> str:
    return fold(text).replace(" ", "-")


def _clean(value: str | None) -> str | None:
    """A cell with its spaces tidied (no-break spaces too); ``None`` when empty or NULL."""
    if value is None:
        return None
    text = " ".join(value.split())
    return None if text in ("", "0", "NULL") else text


def departement(code: str) -> Territory:
    """The territory of the département ``code`` (``"48"``, ``"2a"``, ``"974"``, ``"1"``).

    Raises :class:`~telecentre_core.UnknownDepartement` for a code
    that names none.
    """
    cleaned = code.strip().upper()
    if cleaned.isdigit() and len(cleaned) == 1:
        cleaned = f"0{cleaned}"
    name = DEPARTEMENTS.get(cleaned)
    if name is None:
        raise UnknownDepartement(code)
    return Territory(code=cleaned, name=name)


def _departement_of_postcode(postcode: str) -> str:
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):  # Corsica: 200xx-201xx Corse-du-Sud, 202xx-206xx Haute-Corse
        return "2A" if postcode < "20200" else "2B"
    return postcode[:2]


def _departement_of_insee(insee: str) -> str:
    return insee[:3] if insee.startswith("97") else insee[:2]


# -- reading ------------------------------------------------------------------------


@cache
def builtin_places() -> tuple[Place, ...]:
    """The places of the copy of the CGET file shipped with the library (read once)."""
    data = resources.files("telecentre_core").joinpath("data", CGET_FILE).read_bytes()
    return parse_places(data, source=f"telecentre_core/data/{CGET_FILE}")


def load_places(path: str | os.PathLike[str]) -> tuple[Place, ...]:
    """The places of the CGET file at ``path``; :class:`~telecentre_core.PlacesFileError` if not."""
    source = os.fspath(path)
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise PlacesFileError(source, f"cannot be read: {error.strerror or error}") from None
    return parse_places(data, source=source)


def parse_places(data: bytes | str, *, source: str = "<string>") -> tuple[Place, ...]:
    """The places of a CGET file's content, in the file's order.

    Only the columns ``ID``, ``NOM_TL``, ``CP``, ``COMINIT``, ``INSEECOM``,
    ``NOMCOM``, ``LAT`` and ``LONG`` are required; ``ADRESSE``, ``TYPO``,
    ``INSEEDEP``, ``INSEEMETRO`` and ``NOMCOMMETRO`` are used when present.
    """
    text = _decode(data, source) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise PlacesFileError(source, f"is not a readable CSV file: {error}") from None
    columns = [] if not rows else list(rows[0])
    missing = [column for column in _REQUIRED if column not in columns]
    if missing:
        raise PlacesFileError(
            source,
            "is not the CGET tiers-lieux file: "
            + ("it has no rows" if not rows else f"columns missing: {', '.join(missing)}"),
        )
    places = [_place(row) for row in rows]
    return _with_unique_slugs(places)


def _decode(data: bytes, source: str) -> str:
    if b"\0" in data:
        raise PlacesFileError(source, "is not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets save French CSV files in Windows-1252; it decodes any byte but five.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise PlacesFileError(source, "is neither UTF-8 nor Windows-1252 text") from None


def _coordinate(value: str | None, limit: float) -> float | None:
    text = _clean(value)
    if text is None:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) and -limit <= number <= limit else None


def _postcode(value: str | None) -> str | None:
    text = _clean(value)
    if text is not None and text.isdigit() and len(text) == 4:  # noqa: PLR2004
        text = f"0{text}"  # a leading zero lost by a spreadsheet: 1000 for 01000
    return text if text is not None and _POSTCODE.fullmatch(text) else None


def _insee(value: str | None) -> str | None:
    text = _clean(value)
    if text is not None and text.isdigit() and len(text) == 4:  # noqa: PLR2004
        text = f"0{text}"
    text = text.upper() if text is not None else None
    return text if text is not None and _INSEE.fullmatch(text) else None


def _place(row: dict[str, str | None]) -> Place:
    checks: list[str] = []
    postcode = _postcode(row.get("CP"))
    column = _clean(row.get("INSEEDEP"))
    column = column.upper().zfill(2) if column is not None else None
    commune = _clean(row.get("NOMCOM")) or _tidy_name(_clean(row.get("COMINIT")))
    insee = _insee(row.get("INSEECOM"))
    if insee is not None:
        insee_departement = _departement_of_insee(insee)
        agreeing = {column, postcode and _departement_of_postcode(postcode)} - {None}
        if agreeing and insee_departement not in agreeing:
            checks.append(
                f"INSEE code {insee} dropped: its département ({insee_departement}) is not "
                "the postcode's or the file's"
            )
            insee = None
    if insee is None:
        insee, commune = _insee_from_coordinates(row, commune, postcode, checks)
    where: str | None = column
    if insee is not None:
        where = _departement_of_insee(insee)
    elif postcode is not None:
        where = _departement_of_postcode(postcode)
    lat, lon = _coordinate(row.get("LAT"), 90), _coordinate(row.get("LONG"), 180)
    source_id = _clean(row.get("ID")) or "?"
    name = _clean(row.get("NOM_TL")) or f"Tiers-lieu {source_id}"
    return Place(
        source_id=source_id,
        slug=_slugify(name) or f"lieu-{_slugify(source_id) or 'x'}",
        name=name[:200],
        kind=_KINDS.get(_clean(row.get("TYPO")) or ""),
        address=_clean(row.get("ADRESSE")),
        commune=commune,
        insee=insee,
        postcode=postcode,
        departement=where if where in DEPARTEMENTS else None,
        location=None if lat is None or lon is None else Point(lat=lat, lon=lon),
        checks=tuple(checks),
    )


def _tidy_name(name: str | None) -> str | None:
    """A commune name written in capitals (``SAINT-CHELY``) in the usual case (``Saint-Chely``)."""
    if name is None or not name.isupper():
        return name
    small = {"d", "l", "de", "du", "des", "la", "le", "les", "sur", "en", "et", "sous", "lès"}
    words = re.split(r"([ \-'])", name.lower())
    return "".join(
        word if word in small and index else word.capitalize() for index, word in enumerate(words)
    )


def _insee_from_coordinates(
    row: dict[str, str | None], commune: str | None, postcode: str | None, checks: list[str]
) -> tuple[str | None, str | None]:
    """The INSEE code (and the name) of the commune at the place's coordinates, if it fits."""
    insee, name = _insee(row.get("INSEEMETRO")), _clean(row.get("NOMCOMMETRO"))
    if insee is None or name is None:
        return None, commune
    if postcode is not None and _departement_of_insee(insee) != _departement_of_postcode(postcode):
        return None, commune
    if commune is not None and fold(commune) != fold(name):
        return None, commune
    checks.append(
        f"INSEE code {insee} ({name}) is the commune at the place's coordinates: "
        "the file gives no code"
    )
    return insee, name


def _with_unique_slugs(places: Sequence[Place]) -> tuple[Place, ...]:
    """Places whose slugs are unique: the commune added to shared ones, then a number."""
    counts: dict[str, int] = {}
    for place in places:
        counts[place.slug] = counts.get(place.slug, 0) + 1
    wanted = []
    for place in places:
        slug = place.slug
        if counts[slug] > 1 and place.commune is not None:
            slug = f"{slug}-{_slugify(place.commune)}".strip("-")
        wanted.append(slug)
    taken: set[str] = set()
    result = []
    for place, slug in zip(places, wanted, strict=True):
        unique, number = slug, 2
        while unique in taken:
            unique, number = f"{slug}-{number}", number + 1
        taken.add(unique)
        result.append(attrs.evolve(place, slug=unique))
    return tuple(result)


# -- finding a commune ---------------------------------------------------------------


_COORDINATES: Final = re.compile(r"\s*([+-]?\d+(?:\.\d*)?)\s*,\s*([+-]?\d+(?:\.\d*)?)\s*")


def locate_commune(
    query: str, network: Network | None = None, places: Iterable[Place] | None = None
) -> Located:
    """Where ``query`` stands: ``LAT,LON``, an INSEE code, or a commune's name.

    A name (any case, accents or not) or a code is looked for among the
    communes of ``network``'s centres first, then among the ``places``
    (default: :func:`builtin_places`). Several communes of one name: the one
    in the network's département, else
    :class:`~telecentre_core.AmbiguousCommune`. None:
    :class:`~telecentre_core.UnknownCommune`, with the names that look like it.
    """
    match = _COORDINATES.fullmatch(query)
    if match is not None:
        lat, lon = float(match[1]), float(match[2])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # noqa: PLR2004
            raise InvalidValue("near", query, "must be a point LAT,LON in degrees")
        return Located(query=query, point=Point(lat=lat, lon=lon), source="point")
    key = fold(query)
    code = query.strip().upper()
    by_code = _INSEE.fullmatch(code) is not None
    if network is not None:
        found = _in_network(query, network, key, code if by_code else None)
        if found is not None:
            return found
    known = builtin_places() if places is None else tuple(places)
    # One commune per name and département: the arrondissements of Paris, Lyon and
    # Marseille have codes of their own, and some places have no code at all.
    communes: dict[tuple[str | None, str], list[tuple[Place, Point]]] = {}
    for place in known:
        name, point = place.commune, place.location
        if name is None or point is None:
            continue
        if place.insee == code if by_code else fold(name) == key:
            communes.setdefault((place.departement, fold(name)), []).append((place, point))
    if len(communes) > 1 and network is not None:
        home = network.territory.code
        local = {where: items for where, items in communes.items() if where[0] == home}
        communes = local or communes
    if len(communes) > 1:
        raise AmbiguousCommune(
            query,
            sorted(
                f"{items[0][0].commune} ({_departement_label(where)})"
                for (where, _), items in communes.items()
            ),
        )
    for (where, _), items in communes.items():
        place, point = items[0]
        codes = {item.insee for item, _ in items}
        return Located(
            query=query,
            point=point,
            source="cget",
            name=place.commune,
            insee=place.insee if len(codes) == 1 else None,
            departement=where,
        )
    names = {fold(centre.commune.name): centre.commune.name for centre in network or ()}
    for place in known:
        if place.commune is not None:
            names.setdefault(fold(place.commune), place.commune)
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.75)
    raise UnknownCommune(query, [names[item] for item in close])


def _departement_label(code: str | None) -> str:
    name = DEPARTEMENTS.get(code or "")
    return f"{name}, {code}" if name is not None else "département unknown"


def _in_network(query: str, network: Network, key: str, code: str | None) -> Located | None:
    matching = [
        centre
        for centre in network.centres
        if (centre.commune.insee == code if code else fold(centre.commune.name) == key)
    ]
    communes = list(dict.fromkeys(centre.commune for centre in matching))
    if len(communes) > 1:
        raise AmbiguousCommune(query, [f"{item.name} ({item.insee})" for item in communes])
    if not matching:
        return None
    return Located(
        query=query,
        point=matching[0].location,
        source="network",
        name=communes[0].name,
        insee=communes[0].insee,
        departement=communes[0].departement,
    )


# -- the starter network -----------------------------------------------------------


def starter_network(
    places: Iterable[Place], departement_code: str, *, source: str = CGET_FILE
) -> Starter:
    """A starter network file (TOML) with one centre per place of the département.

    Each centre has its id (the place's slug), name, commune (name, INSEE
    code, postcode) and location, and notes saying where it comes from.
    What the data lacks is left out, with a comment saying what to write:
    ``seats`` and ``lifecycle`` for every centre, and the INSEE code,
    postcode or location of the places without one. The file does not
    validate until they are filled in. Raises
    :class:`~telecentre_core.UnknownDepartement` and
    :class:`~telecentre_core.NoPlacesInDepartement`.
    """
    territory = departement(departement_code)
    chosen = tuple(place for place in places if place.departement == territory.code)
    if not chosen:
        raise NoPlacesInDepartement(territory.code, territory.name, source)
    missing: dict[str, list[str]] = {
        "commune.name": [],
        "commune.insee": [],
        "commune.postcode": [],
        "location": [],
    }
    lines = _header(territory, source, len(chosen))
    for place in chosen:
        lines.extend(_centre_lines(place, missing))
    checks = tuple(f"{place.slug}: {check}" for place in chosen for check in place.checks)
    return Starter(
        text="\n".join(lines) + "\n",
        territory=territory,
        places=chosen,
        missing={what: tuple(ids) for what, ids in missing.items() if ids},
        checks=checks,
    )


def _header(territory: Territory, source: str, count: int) -> list[str]:
    zone = _TIME_ZONES.get(territory.code, "Europe/Paris")
    return [
        f"# Starter network for {territory.name} ({territory.code}): the {count} tiers-lieux",
        "# of the CGET 2019 census in this département, one centre each, written by",
        f"# `telecentre import-cget` from {source}.",
        f"# Source: {ATTRIBUTION}.",
        "#",
        "# Before this file validates (`telecentre validate FILE`), fill in for EACH centre:",
        "#   seats = [ { since = YYYY-MM-DD, count = N } ]   # the seat timeline",
        "#   lifecycle = { opens = YYYY-MM-DD }              # or { planned_from = YYYY-MM-DD }",
        '# and every line marked "FILL IN" below (an INSEE code, a postcode, a location).',
        '# Lines marked "CHECK" hold values the importer inferred: check them.',
        "# Remove the places that are not telework centres of your network. Optional: declare",
        "# [[specialisations]] and give centres `specialisations`, `equipment` and a [policy]",
        "# (the Cantal's policy applies when it is left out). See docs/file-format.md.",
        "",
        "schema_version = 1",
        f"name = {_toml_string(f'Tiers-lieux, {territory.name}')}",
        f"timezone = {_toml_string(zone)}",
        f"notes = {_toml_string(_NOTES)}",
        "",
        "[territory]",
        f"code = {_toml_string(territory.code)}",
        f"name = {_toml_string(territory.name)}",
    ]


def _centre_lines(place: Place, missing: dict[str, list[str]]) -> list[str]:
    described = ", ".join(
        part
        for part in (
            place.kind,
            place.address,
            " ".join(part for part in (place.postcode, place.commune) if part),
        )
        if part
    )
    notes = f"CGET 2019 place {place.source_id}" + (f": {described}." if described else ".")
    lines = [
        "",
        "[[centres]]",
        f"id = {_toml_string(place.slug)}",
        f"name = {_toml_string(place.name)}",
        f"notes = {_toml_string(notes)}",
    ]
    lines.extend(f"# CHECK: {check}" for check in place.checks)
    commune = []
    if place.commune is not None:
        commune.append(f"name = {_toml_string(place.commune)}")
    else:
        missing["commune.name"].append(place.slug)
        lines.append('# FILL IN: commune.name, the name of its commune, like name = "Murat"')
    if place.insee is not None:
        commune.append(f"insee = {_toml_string(place.insee)}")
    else:
        missing["commune.insee"].append(place.slug)
        lines.append('# FILL IN: commune.insee, its 5-character INSEE code, like insee = "15138"')
    if place.postcode is not None:
        commune.append(f"postcode = {_toml_string(place.postcode)}")
    else:
        missing["commune.postcode"].append(place.slug)
        lines.append('# FILL IN: commune.postcode, its 5-digit postcode, like postcode = "15300"')
    lines.append(f"commune = {{ {', '.join(commune)} }}" if commune else "commune = {}")
    if place.location is not None:
        lines.append(f"location = {{ lat = {place.location.lat!r}, lon = {place.location.lon!r} }}")
    else:
        missing["location"].append(place.slug)
        lines.append("# FILL IN: location = { lat = 45.1103, lon = 2.8683 }  # WGS 84 degrees")
    lines.append("# FILL IN: seats = [ { since = YYYY-MM-DD, count = N } ]")
    lines.append("# FILL IN: lifecycle = { opens = YYYY-MM-DD }")
    return lines


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:  # noqa: PLR2004
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'
