"""Hostile network files: every document loads, or is refused saying where the problem is.

Front ends feed the loader whatever their users upload. Whatever a file holds (the
right shape with wrong values, arbitrary JSON or TOML, huge numbers, NaN, deep
nesting, broken UTF-8, byte-order marks, duplicate keys, control characters, a
file far too large), reading it returns a network or raises
:class:`~telecentre_core.NetworkFileError` whose problems each say where they are;
nothing else escapes (no RecursionError, ValueError, KeyError, TypeError,
OverflowError, UnicodeDecodeError...). A network that loads can be written back
and read again.

The properties draw as many documents as the Hypothesis profile says (see
``tests/conftest.py``); ``TELECENTRE_HOSTILE_EXAMPLES=N`` runs N documents per
property instead, for a long fuzzing run::

    TELECENTRE_HOSTILE_EXAMPLES=20000 pytest tests/test_hostile_files.py \\
        --hypothesis-show-statistics
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core import cli, testing
from telecentre_core.io import MAX_BYTES, MAX_DEPTH, to_document

REFERENCE = tc.datasets.cybercantal()


def _trimmed(document: dict[str, Any]) -> dict[str, Any]:
    # The reference books thousands of seats: a score of them keep the shape, and the
    # properties fast.
    if "bookings" in document:
        document["bookings"] = document["bookings"][:20]
    return document


#: The reference network with its first bookings only: what hostile documents start from.
SMALL = tc.loads_network(json.dumps(_trimmed(to_document(REFERENCE, "json"))), format="json")
KINDS = {"read", "syntax", "version", "type", "missing", "unknown", "value", "rule"}

# Words of Python's own errors: a problem saying them is a crash wearing a disguise.
_CRASH = re.compile(
    r"object has no attribute|not supported between|unhashable|NoneType|positional argument"
    r"|object is not|Traceback|RecursionError|maximum recursion|int too large|Exceeds the limit"
    r"|codec can't|KeyError|IndexError|index out of range"
)


def _examples() -> Callable[[Any], Any]:
    """The settings of the properties: the profile's, or TELECENTRE_HOSTILE_EXAMPLES."""
    wanted = os.environ.get("TELECENTRE_HOSTILE_EXAMPLES")
    suppress = [HealthCheck.too_slow, HealthCheck.data_too_large]
    if wanted is None:
        return settings(suppress_health_check=suppress)
    return settings(max_examples=int(wanted), suppress_health_check=suppress)


# -- what the loader promises ----------------------------------------------------------


def check_refusal(error: tc.NetworkFileError) -> None:
    """A refusal names every problem, each with a place in the file, in words a person reads."""
    assert error.problems
    for problem in error.problems:
        assert problem.kind in KINDS, problem
        assert problem.message.strip(), problem
        assert not _CRASH.search(problem.message), problem
        # A problem of the whole document (it cannot be read, parsed, or is not a table)
        # has an empty path; every other problem has the path of a key in the file.
        if not problem.path:
            assert problem.kind in {"read", "syntax", "missing", "type"}, problem
            if problem.kind in {"missing", "type"}:
                assert "document" in problem.message or problem.kind == "missing", problem
    # The message prints: no lone surrogate or other unencodable text in it.
    str(error).encode("utf-8")


def load_or_refuse(text: str, format: tc.io.Format) -> tc.Network | tc.NetworkFileError:
    """Load ``text``; a refusal is checked and returned, anything else escaping fails the test."""
    try:
        network = tc.loads_network(text, format=format)
    except tc.NetworkFileError as error:
        check_refusal(error)
        return error
    written_back(network)
    return network


def written_back(network: tc.Network) -> None:
    """A network that loaded writes back, in both formats, to an equal network."""
    for format in ("toml", "json"):
        again = tc.loads_network(tc.dumps_network(network, format=format), format=format)
        assert again == network


# -- writing documents, hostile ones included ------------------------------------------


class Raw:
    """Text written as it is into a document: a number no Python value prints, say."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:40]!r})"


class Pairs:
    """A table written with its pairs in order, a key twice if need be."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        self.pairs = pairs

    def __repr__(self) -> str:
        return f"Pairs({self.pairs!r})"


def as_json(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {as_json(v)}" for k, v in value.pairs) + "}"
    if isinstance(value, dict):
        return as_json(Pairs(list(value.items())))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(as_json(item) for item in value) + "]"
    if isinstance(value, dt.date | dt.time):
        return json.dumps(value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def as_toml_value(value: Any) -> str:
    """``value`` as an inline TOML value (tables inline, on one line)."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Pairs):
        inner = ", ".join(
            f"{_toml_key(k)} = {as_toml_value(v)}" for k, v in value.pairs if v is not None
        )
        return "{" + inner + "}"
    if isinstance(value, dict):
        return as_toml_value(Pairs(list(value.items())))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(as_toml_value(item) for item in value if item is not None) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # inf, -inf, nan are TOML's own spellings
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return _toml_string(value)
    if value is None:  # TOML has no null: a syntax error, the document's own
        return "null"
    raise AssertionError(f"cannot write {value!r} as TOML")  # pragma: no cover


def as_toml(document: Any) -> str:
    """``document`` as TOML text: one ``key = value`` line per top-level key."""
    if not isinstance(document, dict | Pairs):
        return "value = " + as_toml_value(document) + "\n"
    pairs = document.pairs if isinstance(document, Pairs) else list(document.items())
    return "".join(
        f"{_toml_key(key)} = {as_toml_value(value)}\n" for key, value in pairs if value is not None
    )


def write(document: Any, format: tc.io.Format) -> str:
    return as_json(document) if format == "json" else as_toml(document)


# -- the valid documents hostile ones start from ----------------------------------------


@cache
def _valid_documents(format: tc.io.Format) -> tuple[dict[str, Any], ...]:
    """SMALL as plain data, the shape the hostile documents start from."""
    return (to_document(SMALL, format),)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(item) for item in value]
    return value


def _keys_of(value: Any, found: set[str]) -> set[str]:
    if isinstance(value, dict):
        found.update(value)
        for item in value.values():
            _keys_of(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys_of(item, found)
    return found


#: Every key of the format the reference network uses, to aim arbitrary documents at them.
KEYS = sorted(_keys_of(to_document(REFERENCE, "json"), set()))

_DATES = ("0001-01-01", "9999-12-31", "2006-02-29", "2012-02-29", "2006-02-30", "2006-13-01")
_TIMES = ("00:00", "23:59", "24:00", "09:00:30", "9:00", "09:00:00.5", "12:00+01:00")
_AMOUNTS = ("-0.00", "0", "0.01", "-50.00", "1e3", "99999999999999999999.99", "50.001", " 50")

#: Values a file should not hold where they land, and that loaders trip on.
HOSTILE_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**400]),
    st.floats(),
    st.sampled_from([math.inf, -math.inf, math.nan, 1e-320, -0.0, 1e308]),
    st.sampled_from(
        [
            Raw("1e309"),
            Raw("-1e309"),
            Raw("1" + "0" * 5000),
            Raw("-" + "9" * 4301),
            Raw("1." + "5" * 5000),
            Raw("NaN"),
            Raw("-Infinity"),
            Raw("nan"),
            Raw("-inf"),
            Raw("0x" + "f" * 5000),
            Raw("0o777"),
            Raw("1_000"),
            Raw("[" * 5000 + "]" * 5000),
            Raw("[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2)),
            Raw('"\\ud800"'),
            Raw('"\\udfff\\ud800"'),
            Raw('"a\\u0000b"'),
            Raw('"\x01"'),
            Raw("1979-05-27T07:32:00Z"),
            Raw("1979-05-27T07:32:00"),
            Raw("07:32:00.999999"),
            Raw("{}"),
            Raw("[]"),
        ]
    ),
    st.text(),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl"])),
    st.sampled_from(["", " ", "\ud800", "a\udfffb", "\ufeff", "\u202e", "x" * 201]),
    st.sampled_from(_DATES + _TIMES + _AMOUNTS),
    st.sampled_from(["Europe/Paris", "Europe/Aurillac", "UTC", "/etc/localtime", "../x"]),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones()),
    st.times(timezones=st.timezones()),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.sampled_from(KEYS) | st.text(max_size=12)
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4),
        st.lists(st.tuples(keys, children), max_size=4).map(Pairs),
    )


#: Arbitrary values of a document, nested.
VALUES = st.recursive(HOSTILE_SCALARS, _containers, max_leaves=12)


def _places(document: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of ``document``, in file order."""
    found: list[tuple[Any, Any]] = []
    stack = [document]
    while stack:
        value = stack.pop()
        items = (
            list(value.items())
            if isinstance(value, dict)
            else list(enumerate(value))
            if isinstance(value, list)
            else []
        )
        for key, item in items:
            found.append((value, key))
            stack.append(item)
    return found


@st.composite
def mutated_documents(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]]) -> Any:
    """A valid document with one to four of its values wrong: the right shape, wrong values.

    A value replaced by a hostile one or by another value of the document, a key
    left out, a key twice, a list turned into a table or a table into a list, a
    record repeated, a key the format does not have.
    """
    document = _copy(draw(base))
    for _ in range(draw(st.integers(1, 4))):
        places = _places(document)
        if not places:  # pragma: no cover - every valid document has keys
            break
        container, key = draw(st.sampled_from(places))
        value = container[key]
        operation = draw(
            st.sampled_from(
                ["hostile", "hostile", "other", "drop", "twice", "swap", "repeat", "unknown"]
            )
        )
        if operation == "hostile":
            container[key] = draw(VALUES)
        elif operation == "other":
            other, other_key = draw(st.sampled_from(places))
            container[key] = _copy(other[other_key])
        elif operation == "drop":
            del container[key]
        elif operation == "twice" and isinstance(container, dict):
            pairs = list(container.items())
            position = draw(st.integers(0, len(pairs)))
            pairs.insert(position, (key, draw(VALUES | st.just(value))))
            container[key] = value
            # Written as pairs: the key appears twice in the file.
            container.clear()
            container["__pairs__"] = Pairs(pairs)
        elif operation == "swap":
            if isinstance(value, list):
                container[key] = {str(index): item for index, item in enumerate(value)}
            elif isinstance(value, dict):
                container[key] = list(value.values())
            else:
                container[key] = [value]
        elif operation == "repeat" and isinstance(container, list):
            container.insert(key, _copy(value))
        elif isinstance(container, dict):
            container[draw(st.text(min_size=1, max_size=8))] = draw(VALUES)
    return _unpair(document)


def _unpair(value: Any) -> Any:
    """Tables marked by ``twice`` become Pairs (a key twice), all the way down."""
    if isinstance(value, dict):
        if set(value) == {"__pairs__"} and isinstance(value["__pairs__"], Pairs):
            return Pairs([(key, _unpair(item)) for key, item in value["__pairs__"].pairs])
        return {key: _unpair(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unpair(item) for item in value]
    if isinstance(value, Pairs):
        return Pairs([(key, _unpair(item)) for key, item in value.pairs])
    return value


def _generated(format: tc.io.Format) -> st.SearchStrategy[dict[str, Any]]:
    # Without a programme, which takes long to draw: SMALL has one.
    networks = testing.networks(max_centres=3, max_members=3)
    return networks.map(lambda network: to_document(network, format))


def _bases(format: tc.io.Format) -> st.SearchStrategy[dict[str, Any]]:
    return st.sampled_from(_valid_documents(format)) | _generated(format)


#: Arbitrary documents: a table of the format's keys (and others) holding arbitrary values.
DOCUMENTS = st.one_of(
    st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=12), VALUES, max_size=8),
    VALUES,
)

# Pieces of TOML, good and bad, that text is strung together from.
_TOML_PIECES = (
    "\n",
    " ",
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "#",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\u",
    "\\U0001F600",
    "\\ud800",
    "centres",
    "seats",
    "schema_version = 1\n",
    'name = "Réseau"\n',
    '[territory]\ncode = "15"\nname = "Cantal"\n',
    "[[centres]]\n",
    "[centres.lifecycle]\n",
    "count = ",
    "since = ",
    "1979-05-27",
    "T07:32:00",
    "Z",
    "+01:00",
    "07:32:00",
    "1",
    "0",
    "-",
    "+",
    "_",
    "e",
    "0x",
    "0o",
    "0b",
    "inf",
    "nan",
    "true",
    "\ufeff",
    "\x00",
    "\x7f",
    "\r",
    "\t",
)


def _toml_texts() -> st.SearchStrategy[str]:
    pieces = st.sampled_from(_TOML_PIECES) | st.text(max_size=4)
    return st.lists(pieces, max_size=40).map("".join)


def _mangled(text: str, data: st.DataObject) -> str:
    """``text`` with one to three edits: cut short, a character in or out, a line twice."""
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        edit = data.draw(st.sampled_from(["cut", "insert", "delete", "line"]))
        if edit == "cut":
            text = text[:at]
        elif edit == "insert":
            text = (
                text[:at]
                + data.draw(st.sampled_from(_TOML_PIECES) | st.text(max_size=2))
                + text[at:]
            )
        elif edit == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            lines = text.splitlines(keepends=True) or [""]
            line = data.draw(st.sampled_from(lines))
            text = text[:at] + line + text[at:]
    return text


# -- properties: whatever the document, it loads or is refused with paths ---------------


@pytest.mark.parametrize("format", ["json", "toml"])
@_examples()
@given(data=st.data())
def test_a_valid_document_with_wrong_values_loads_or_is_refused_with_paths(
    format: tc.io.Format, data: st.DataObject
) -> None:
    document = data.draw(mutated_documents(_bases(format)), label="document")
    load_or_refuse(write(document, format), format)


@_examples()
@given(document=DOCUMENTS)
def test_an_arbitrary_json_document_loads_or_is_refused_with_paths(document: Any) -> None:
    load_or_refuse(as_json(document), "json")


@_examples()
@given(document=DOCUMENTS)
def test_an_arbitrary_toml_document_loads_or_is_refused_with_paths(document: Any) -> None:
    load_or_refuse(as_toml(document), "toml")


_TOML_TYPES = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.floats(),
        st.text(),
        st.dates(),
        st.times(),
        st.datetimes(),
        st.datetimes(timezones=st.timezones()),
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)


@_examples()
@given(document=st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), _TOML_TYPES))
def test_toml_with_tables_and_arrays_of_tables_loads_or_is_refused_with_paths(
    document: dict[str, Any],
) -> None:
    # Written by tomli_w: [tables] and [[arrays of tables]], as people write them.
    load_or_refuse(tomli_w.dumps(document), "toml")


@_examples()
@given(text=_toml_texts())
def test_text_strung_from_pieces_of_toml_loads_or_is_refused(text: str) -> None:
    load_or_refuse(text, "toml")


@pytest.mark.parametrize("format", ["json", "toml"])
@_examples()
@given(data=st.data())
def test_a_valid_file_with_its_text_mangled_loads_or_is_refused(
    format: tc.io.Format, data: st.DataObject
) -> None:
    text = tc.dumps_network(SMALL, format=format)
    load_or_refuse(_mangled(text, data), format)


_BAD_BYTES = st.sampled_from(
    [
        b"\xff",
        b"\xfe",
        b"\xc0\x80",
        b"\xed\xa0\x80",  # a surrogate, encoded
        b"\xe2\x82",  # cut short
        b"\xf4\x90\x80\x80",  # past U+10FFFF
        b"\x00",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\xff\xfe\x00\x00",
    ]
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
@_examples()
@given(data=st.data())
def test_any_bytes_in_a_file_load_or_are_refused(
    scratch: Path, suffix: str, data: st.DataObject
) -> None:
    format: tc.io.Format = "json" if suffix == ".json" else "toml"
    valid = tc.dumps_network(SMALL, format=format).encode("utf-8")
    content = data.draw(st.binary(max_size=200) | st.just(valid), label="start")
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(content)))
        content = content[:at] + data.draw(_BAD_BYTES | st.binary(max_size=3)) + content[at:]
    path = scratch / f"network{suffix}"
    path.write_bytes(content)
    try:
        network = tc.load_network(path)
    except tc.NetworkFileError as error:
        check_refusal(error)
    else:
        written_back(network)


# -- huge numbers -----------------------------------------------------------------------


def problems(text: str, format: tc.io.Format) -> list[tuple[str, str]]:
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(text, format=format)
    check_refusal(caught.value)
    return [(problem.path, problem.kind) for problem in caught.value.problems]


def reference_with(format: tc.io.Format, change: Callable[[dict[str, Any]], None]) -> str:
    document = to_document(SMALL, format)
    change(document)
    return write(document, format)


def _set_seats(value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document["centres"][1]["seats"][0]["count"] = value

    return change


@pytest.mark.parametrize("format", ["json", "toml"])
@pytest.mark.parametrize(
    "number",
    [
        Raw("1" + "0" * 5000),
        Raw("-" + "9" * 4301),
    ],
)
def test_a_number_too_long_to_read_is_refused_with_its_line(
    format: tc.io.Format, number: Raw
) -> None:
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(reference_with(format, _set_seats(number)), format=format)
    (problem,) = caught.value.problems
    assert problem.kind == "syntax"
    assert re.search(r"more than 4300 digits \(at line \d+, column \d+\)", problem.message)


@pytest.mark.parametrize("format", ["json", "toml"])
@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**400, Raw("0x1" + "0" * 5000)])
def test_a_whole_number_beyond_64_bits_is_refused_at_its_path(
    format: tc.io.Format, number: int | Raw
) -> None:
    if isinstance(number, Raw) and format == "json":
        pytest.skip("JSON has no hexadecimal numbers")
    text = reference_with(format, _set_seats(number))
    assert problems(text, format) == [("centres[1].seats[0].count", "value")]


def test_the_largest_64_bit_number_is_a_number_like_any_other() -> None:
    text = reference_with("json", _set_seats(2**63 - 1))
    network = tc.loads_network(text, format="json")
    assert network.centres[1].seats[0].count == 2**63 - 1
    written_back(network)


@pytest.mark.parametrize("format", ["json", "toml"])
def test_a_float_too_large_for_a_coordinate_is_refused_at_its_path(format: tc.io.Format) -> None:
    def change(document: dict[str, Any]) -> None:
        document["centres"][0]["location"]["lat"] = Raw("1e309")

    assert problems(reference_with(format, change), format) == [("centres[0].location.lat", "type")]


# -- NaN and infinities -------------------------------------------------------------------


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinities_are_refused(constant: str) -> None:
    text = reference_with("json", _set_seats(Raw(constant)))
    assert problems(text, "json") == [("", "syntax")]


@pytest.mark.parametrize("constant", ["nan", "inf", "-inf", "+nan"])
@pytest.mark.parametrize(
    ("where", "path"),
    [
        (("centres", 0, "location", "lat"), "centres[0].location.lat"),
        (("centres", 0, "seats", 0, "count"), "centres[0].seats[0].count"),
        (("policy", "fee_band", "minimum"), "policy.fee_band.minimum"),
    ],
)
def test_toml_nan_and_infinities_are_refused_at_their_path(
    constant: str, where: tuple[str | int, ...], path: str
) -> None:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for key in where[:-1]:
            target = target[key]
        target[where[-1]] = Raw(constant)

    assert problems(reference_with("toml", change), "toml") == [(path, "type")]


# -- deep nesting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format", "opening", "closing"),
    [("json", "[", "]"), ("json", '{"a": ', "}"), ("toml", "[", "]"), ("toml", "{a = ", "}")],
)
def test_nesting_deeper_than_the_parser_goes_is_refused_cleanly(
    format: tc.io.Format, opening: str, closing: str
) -> None:
    depth = 100_000
    nested = f"{opening * depth}1{closing * depth}"
    text = f"notes = {nested}" if format == "toml" else f'{{"notes": {nested}}}'
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(text, format=format)
    (problem,) = caught.value.problems
    assert problem.kind == "syntax"
    assert "nested too deeply" in problem.message


@pytest.mark.parametrize("format", ["json", "toml"])
def test_nesting_the_parser_reads_but_no_file_needs_is_refused_at_its_path(
    format: tc.io.Format,
) -> None:
    deep = Raw("[" * 200 + "]" * 200)

    def change(document: dict[str, Any]) -> None:
        document["centres"][0]["notes"] = deep

    # Nested lists are not notes either; the rest of the file is still checked.
    assert problems(reference_with(format, change), format) == [
        ("centres[0].notes" + "[0]" * (MAX_DEPTH - 4), "syntax"),
        ("centres[0].notes", "type"),
    ]


def test_the_deepest_valid_document_is_far_from_the_nesting_limit() -> None:
    def depth(value: Any) -> int:
        if isinstance(value, dict):
            return 1 + max(map(depth, value.values()), default=0)
        if isinstance(value, list):
            return 1 + max(map(depth, value), default=0)
        return 0

    assert depth(to_document(REFERENCE, "json")) <= MAX_DEPTH // 4


# -- text encodings -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_a_file_with_a_utf8_byte_order_mark_loads(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"network{suffix}"
    text = tc.dumps_network(SMALL, format="json" if suffix == ".json" else "toml")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert tc.load_network(path) == SMALL


@pytest.mark.parametrize("format", ["json", "toml"])
def test_text_starting_with_a_byte_order_mark_loads(format: tc.io.Format) -> None:
    text = "\ufeff" + tc.dumps_network(SMALL, format=format)
    assert tc.loads_network(text, format=format) == SMALL


@pytest.mark.parametrize(("encoding", "name"), [("utf-16", "UTF-16"), ("utf-32", "UTF-32")])
def test_a_file_saved_as_utf16_or_utf32_is_refused_with_its_encoding(
    tmp_path: Path, encoding: str, name: str
) -> None:
    path = tmp_path / "network.json"
    path.write_bytes(tc.dumps_network(SMALL, format="json").encode(encoding))
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.load_network(path)
    (problem,) = caught.value.problems
    assert problem.kind == "read"
    assert f"it is {name}" in problem.message
    assert "save it as UTF-8" in problem.message


@pytest.mark.parametrize(
    "bad",
    [b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80"],
)
def test_bytes_that_are_not_utf8_are_refused_with_their_line_and_column(
    tmp_path: Path, bad: bytes
) -> None:
    path = tmp_path / "network.toml"
    path.write_bytes(b'schema_version = 1\nname = "R' + bad + b'seau"\n')
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.load_network(path)
    (problem,) = caught.value.problems
    assert problem.kind == "read"
    assert "not UTF-8 text (byte 28, line 2, column 10" in problem.message


def test_a_lone_surrogate_in_json_text_is_refused_at_its_path() -> None:
    def change(document: dict[str, Any]) -> None:
        document["centres"][2]["name"] = Raw('"Murat \\ud800"')

    assert problems(reference_with("json", change), "json") == [("centres[2].name", "value")]


def test_a_lone_surrogate_in_a_json_key_is_refused_with_the_key_escaped() -> None:
    def change(document: dict[str, Any]) -> None:
        document["centres"][2]["\ud800"] = 1

    (path, kind), *_ = problems(reference_with("json", change), "json")
    assert (path, kind) == ('centres[2]["\\ud800"]', "value")


def test_a_surrogate_pair_in_json_is_one_character() -> None:
    def change(document: dict[str, Any]) -> None:
        document["name"] = Raw('"Réseau \\ud83d\\ude00"')

    network = tc.loads_network(reference_with("json", change), format="json")
    assert network.name == "Réseau \N{GRINNING FACE}"


# -- duplicate keys and control characters --------------------------------------------------


@pytest.mark.parametrize("format", ["json", "toml"])
def test_a_key_twice_in_one_table_is_refused(format: tc.io.Format) -> None:
    def change(document: dict[str, Any]) -> None:
        centre = document["centres"][0]
        document["centres"][0] = Pairs([*centre.items(), ("seats", centre["seats"])])

    assert problems(reference_with(format, change), format) == [("", "syntax")]


@pytest.mark.parametrize(
    ("format", "text"),
    [
        ("json", '{"name": "a\x01b"}'),
        ("json", '{"name": "a\nb"}'),
        ("toml", 'name = "a\x01b"'),
        ("toml", 'name = "a\x7fb"'),
        ("toml", 'name = "a\x00b"'),
        ("json", '{"name"\x00: 1}'),
    ],
)
def test_raw_control_characters_in_text_are_a_syntax_problem(
    format: tc.io.Format, text: str
) -> None:
    assert problems(text, format) == [("", "syntax")]


@pytest.mark.parametrize("format", ["json", "toml"])
def test_escaped_control_characters_are_text_like_any_other(format: tc.io.Format) -> None:
    def change(document: dict[str, Any]) -> None:
        document["notes"] = "ligne\u0000un\u001ffin\u007f"

    network = tc.loads_network(reference_with(format, change), format=format)
    assert network.notes == "ligne\u0000un\u001ffin\u007f"
    written_back(network)


# -- very large files -----------------------------------------------------------------------


def test_a_file_above_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "national.json"
    with path.open("wb") as handle:  # sparse: the size without the bytes
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(tc.FileTooLarge) as caught:
        tc.load_network(path)
    error = caught.value
    assert (error.size, error.limit, error.at_least) == (MAX_BYTES + 1, MAX_BYTES, False)
    (problem,) = error.problems
    assert (problem.path, problem.kind) == ("", "read")
    assert "more than the 512.0 MiB (536,870,912 bytes) a network file may be" in str(error)
    assert isinstance(error, tc.NetworkFileError)
    assert isinstance(error, tc.TelecentreError)


def test_the_limit_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "network.toml"
    tc.dump_network(SMALL, path)
    size = path.stat().st_size
    assert tc.load_network(path, max_bytes=size) == SMALL
    with pytest.raises(tc.FileTooLarge) as caught:
        tc.load_network(path, max_bytes=size - 1)
    assert (caught.value.size, caught.value.limit) == (size, size - 1)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_file_that_does_not_say_its_size_is_read_no_further_than_the_limit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "endless.json"
    path.symlink_to("/dev/zero")
    with pytest.raises(tc.FileTooLarge) as caught:
        tc.load_network(path, max_bytes=1000)
    assert (caught.value.size, caught.value.limit, caught.value.at_least) == (1001, 1000, True)
    assert "the file is at least 1,001 bytes" in str(caught.value)


def test_text_above_the_limit_is_refused_by_its_bytes_as_utf8() -> None:
    text = tc.dumps_network(SMALL, format="json")
    size = len(text.encode("utf-8"))
    assert size > len(text)  # accents take two bytes
    assert tc.loads_network(text, format="json", max_bytes=size) == SMALL
    with pytest.raises(tc.FileTooLarge) as caught:
        tc.loads_network(text, format="json", max_bytes=size - 1)
    assert (caught.value.size, caught.value.at_least) == (size, False)
    with pytest.raises(tc.FileTooLarge) as caught:
        tc.loads_network(text, format="json", max_bytes=len(text) - 1)
    assert (caught.value.size, caught.value.at_least) == (len(text), True)


def test_the_command_line_refuses_a_file_above_its_max_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "network.toml"
    tc.dump_network(SMALL, path)
    assert cli.main(["--max-bytes", "100", "validate", str(path)]) == cli.EXIT_UNUSABLE
    error = capsys.readouterr().err
    assert f"{path}: the file is " in error
    assert "more than the 100 bytes a network file may be" in error
    assert cli.main(["--max-bytes", "1M", "validate", str(path)]) == cli.EXIT_OK


@pytest.mark.parametrize("value", ["0", "-5", "lots", "1.5M", "1T"])
def test_a_max_bytes_that_is_not_a_size_is_a_usage_error(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--max-bytes", value, "validate"]) == cli.EXIT_UNUSABLE
    assert "--max-bytes" in capsys.readouterr().err


# -- paths that are not files ---------------------------------------------------------------


def test_a_path_with_a_nul_character_is_a_read_problem() -> None:
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.load_network("network\x00.json")
    assert [problem.kind for problem in caught.value.problems] == ["read"]


def test_a_directory_is_a_read_problem(tmp_path: Path) -> None:
    folder = tmp_path / "network.json"
    folder.mkdir()
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.load_network(folder)
    assert [problem.kind for problem in caught.value.problems] == ["read"]


def test_the_recursion_limit_is_left_as_it_was() -> None:
    limit = sys.getrecursionlimit()
    with pytest.raises(tc.NetworkFileError):
        tc.loads_network("[" * 100_000, format="json")
    assert sys.getrecursionlimit() == limit
