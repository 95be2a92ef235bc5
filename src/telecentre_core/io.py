"""Network files: TOML and JSON, strict on the way in, lossless both ways.

The file format is documented in ``docs/file-format.md`` and versioned by
``schema_version``. Keys are the attribute names of the model's classes.
Reading is strict (no silent coercion: ``"5"`` is not a seat count, ``50.0``
is not money, unknown keys are errors) and reports every problem at once,
each with its path in the file (``centres[2].seats[0].count``).

>>> import telecentre_core as tc
>>> text = tc.dumps_network(tc.datasets.cybercantal(), format="json")
>>> tc.loads_network(text, format="json") == tc.datasets.cybercantal()
True
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import enum
import json
import math
import os
import re
import sys
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import _validate
from .activity import Programme
from .booking import Booking, BookingRights, Ledger
from .booking import violations as booking_violations
from .centre import Centre
from .commune import Territory
from .dates import DEFAULT_TIME_ZONE, is_time_zone
from .errors import (
    DuplicateCentre,
    DuplicateSpecialisation,
    FileProblem,
    FileTooLarge,
    InvalidValue,
    NetworkFileError,
    RuleViolation,
    _shorten,
)
from .funding import Contribution, Cost, Funder
from .membership import Agreement, Company, Member, Membership, PassUse, Prospect
from .money import Money
from .network import Network, _bookings_checked
from .opening import TimeRange
from .policy import Policy
from .rules import funding_violations, people_violations, violations
from .specialisation import Specialisation

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "SCHEMA_VERSION",
    "Format",
    "dump_network",
    "dumps_network",
    "format_for",
    "load_network",
    "loads_network",
    "make_converter",
]

#: The version of the file format this library reads and writes.
SCHEMA_VERSION: Final = 1

#: The largest network file :func:`~telecentre_core.load_network` reads by default, in bytes:
#: 512 MiB.
#: A national network (15,000 centres, 200,000 members and their memberships, two
#: million bookings) is about 450 MB of indented JSON and 330 MB of TOML.
MAX_BYTES: Final = 512 * 2**20

#: How deeply the values of a network file may nest (the deepest the format uses is 6).
MAX_DEPTH: Final = 32

#: The formats of network files: TOML or JSON.
Format: TypeAlias = Literal["toml", "json"]

_FORMATS: Final[dict[str, Format]] = {".toml": "toml", ".json": "json"}

# The lists of records in a file; among them those the people rules read, in the order
# rules.people_violations takes them, and those the funding rules read, in the order
# rules.funding_violations takes them.
_PEOPLE: Final = (
    "centres",
    "members",
    "companies",
    "prospects",
    "agreements",
    "memberships",
    "pass_uses",
)
_FUNDING: Final = ("centres", "funders", "contributions", "costs")
# What the booking rules read, besides the bookings.
_BOOKING_INPUTS: Final = ("policy", "centres", "members", "memberships", "pass_uses", "bookings")
_LISTS: Final = frozenset({"specialisations", *_PEOPLE, *_FUNDING, "bookings"})

_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_AMOUNT: Final = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?")
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME: Final = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9](:00)?")


class _WrongType(TypeError):
    """A value of the wrong type in a file: ``expected`` says what was wanted."""

    def __init__(self, expected: str, value: object) -> None:
        self.expected = expected
        self.value = value
        super().__init__(f"must be {expected}, got {_describe(value)}")


def _describe(value: object) -> str:
    kinds = {
        bool: "a boolean",
        int: "a whole number",
        float: "a decimal number",
        str: "a string",
        list: "a list",
        dict: "a table",
        dt.datetime: "a date and time",
        dt.date: "a date",
        dt.time: "a time",
        type(None): "nothing (null)",
    }
    for kind, name in kinds.items():
        if type(value) is kind:
            shown = _shorten(repr(value), 40)
            return f"{name} ({shown})" if kind not in (list, dict, type(None)) else name
    return type(value).__name__


# -- the converter ---------------------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _WrongType("a string", value)
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _WrongType("a whole number", value)
    return value


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _WrongType("a number", value)
    number = float(value)
    if not math.isfinite(number):
        raise _WrongType("a finite number", value)
    return number


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _WrongType("true or false", value)
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _WrongType("a date (YYYY-MM-DD) without a time", value)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _WrongType("a real date written YYYY-MM-DD", value) from None
    raise _WrongType("a date written YYYY-MM-DD", value)


def _structure_time(value: object, _: type) -> dt.time:
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise _WrongType("a local time of day (HH:MM) without a time zone", value)
        return value
    if isinstance(value, str) and _TIME.fullmatch(value):
        return dt.time.fromisoformat(value)
    raise _WrongType("a time of day written HH:MM", value)


def _unstructure_time_json(time: dt.time) -> str:
    return time.strftime("%H:%M")


def _structure_money(value: object, _: type) -> Money:
    if isinstance(value, float):
        raise _WrongType('an amount written as a string ("50.00") or a whole number', value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _WrongType('an amount written as a string ("50.00")', value)
    if isinstance(value, str) and not _AMOUNT.fullmatch(value):
        raise _WrongType('an amount of euros with at most two decimals, like "50.00"', value)
    return Money.of(value)


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    allowed = [member.value for member in kind]
    if not isinstance(value, str) or value not in allowed:
        raise _WrongType("one of " + ", ".join(repr(name) for name in allowed), value)
    return kind(value)


def _structure_sequence(converter: cattrs.Converter) -> Callable[[type], Callable[..., Any]]:
    def factory(kind: type) -> Callable[..., Any]:
        (item,) = {arg for arg in kind.__args__ if arg is not Ellipsis}  # type: ignore[attr-defined]
        handler = converter.get_structure_hook(item)

        def structure(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _WrongType("a list", value)
            problems: list[Exception] = []
            items: list[Any] = []
            for index, element in enumerate(value):
                try:
                    items.append(handler(element, item))
                except Exception as error:  # collected and reported with its index
                    error.__notes__ = [*getattr(error, "__notes__", [])]
                    problems.append(error)
                    note = IterableValidationNote(f"@ index {index}", index, item)
                    error.add_note(note)
            if problems:
                raise IterableValidationError(f"While structuring {kind}", problems, kind)
            return tuple(items)

        return structure

    return factory


def _structure_table(converter: cattrs.Converter) -> Callable[[type], Callable[..., Any]]:
    # cattrs's own hook would call .keys() on whatever it is given: check for a table first.
    def factory(kind: type) -> Callable[..., Any]:
        inner: Callable[..., Any] = make_dict_structure_fn(kind, converter)

        def structure(value: object, _: type) -> Any:
            if not isinstance(value, dict):
                raise _WrongType("a table", value)
            return inner(value, kind)

        return structure

    return factory


def _is_sequence(kind: Any) -> bool:
    return getattr(kind, "__origin__", None) is tuple and Ellipsis in getattr(kind, "__args__", ())


def _unstructure_money(money: Money) -> str:
    return str(money.amount)


def _structure_time_range(value: object, _: type) -> TimeRange:
    if not isinstance(value, str):
        raise _WrongType('a range of local times written "09:00-12:30"', value)
    try:
        return TimeRange.parse(value)
    except InvalidValue as error:
        raise _WrongType(f'a range of local times like "09:00-12:30" ({error})', value) from None


def make_converter(
    format: Format = "toml", *, detailed_validation: bool = True
) -> cattrs.Converter:
    """The converter for network files in ``format``: strict on the way in.

    Dates are TOML dates in TOML and ``YYYY-MM-DD`` strings in JSON; times of
    day are TOML local times (``09:00:00``) in TOML and ``HH:MM`` strings in
    JSON, and either is read in both; money is a string of euros
    (``"50.00"``) in both; unknown keys are refused.

    ``detailed_validation=False`` gives a quicker converter that accepts and refuses
    exactly the same values, but whose errors do not say where in a record they are: the
    loader structures each record with it, and again with the detailed one only when it
    fails, to report the problems at their paths.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed_validation)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    # StrEnum too: its MRO puts str before Enum, so the str hook would catch it.
    converter.register_structure_hook(enum.Enum, _structure_enum)
    converter.register_structure_hook(enum.StrEnum, _structure_enum)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(dt.time, _structure_time)
    converter.register_structure_hook(Money, _structure_money)
    converter.register_structure_hook_factory(_is_sequence, _structure_sequence(converter))
    converter.register_structure_hook_factory(attrs.has, _structure_table(converter))
    converter.register_unstructure_hook(Money, _unstructure_money)
    converter.register_structure_hook(TimeRange, _structure_time_range)
    converter.register_unstructure_hook(TimeRange, str)
    converter.register_unstructure_hook(
        Ledger, lambda ledger: [converter.unstructure(booking, Booking) for booking in ledger]
    )
    if format == "json":
        converter.register_unstructure_hook(dt.date, dt.date.isoformat)
        converter.register_unstructure_hook(dt.time, _unstructure_time_json)
    else:
        converter.register_unstructure_hook(dt.date, lambda day: day)
        converter.register_unstructure_hook(dt.time, lambda time: time)
    # Written only for a member whose personal data were erased: other files stay as they were.
    converter.register_unstructure_hook(
        Member,
        make_dict_unstructure_fn(Member, converter, forgotten=override(omit_if_default=True)),
    )
    return converter


_CONVERTERS: dict[tuple[Format, bool], cattrs.Converter] = {}


def _converter(format: Format, *, detailed: bool = True) -> cattrs.Converter:
    key = (format, detailed)
    if key not in _CONVERTERS:
        _CONVERTERS[key] = make_converter(format, detailed_validation=detailed)
    return _CONVERTERS[key]


# -- reading -----------------------------------------------------------------------

# The top-level keys of a network file, with the type each one holds and whether it is
# required. The document is structured key by key, so that a broken centre does not hide
# the problems (or the broken rules) of the others.
_TOP: Final[dict[str, tuple[Any, bool]]] = {
    "schema_version": (int, True),
    # How many changes made the network: optional, 0 when absent (see NetworkStore).
    "version": (int, False),
    "name": (str, True),
    "territory": (Territory, True),
    "timezone": (str, False),
    "policy": (Policy, False),
    "specialisations": (tuple[Specialisation, ...], False),
    "centres": (tuple[Centre, ...], False),
    "members": (tuple[Member, ...], False),
    "companies": (tuple[Company, ...], False),
    "prospects": (tuple[Prospect, ...], False),
    "agreements": (tuple[Agreement, ...], False),
    "memberships": (tuple[Membership, ...], False),
    "pass_uses": (tuple[PassUse, ...], False),
    "funders": (tuple[Funder, ...], False),
    "contributions": (tuple[Contribution, ...], False),
    "costs": (tuple[Cost, ...], False),
    # One table, structured whole: its rules need the whole network (see _build).
    "programme": (Programme, False),
    "bookings": (tuple[Booking, ...], False),
    "notes": (str, False),
}


def format_for(path: str | os.PathLike[str]) -> Format:
    """The format a file's extension names (``.toml`` or ``.json``); ValueError otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix not in _FORMATS:
        raise ValueError(f"unknown file extension {suffix!r}: use .toml or .json")
    return _FORMATS[suffix]


def load_network(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Network:
    """Read the network file at ``path`` (``.toml`` or ``.json``).

    Raises :class:`~telecentre_core.errors.NetworkFileError` listing every
    problem when the file cannot be read or parsed, does not match the
    schema, or describes a network that breaks the rules; its subclass
    :class:`~telecentre_core.errors.FileTooLarge` when the file is larger
    than ``max_bytes``, checked before anything is parsed. The file is UTF-8
    text; a UTF-8 byte-order mark at its start is allowed.
    """
    source = os.fspath(path)
    try:
        format = format_for(source)
    except ValueError as error:
        raise NetworkFileError(source, [FileProblem("", str(error), "read")]) from None
    return _read(_decode(_read_bytes(source, max_bytes), source), format, source)


def _read_bytes(source: str, max_bytes: int) -> bytes:
    """The bytes of the file ``source``, never more than ``max_bytes`` of them read."""
    try:
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise FileTooLarge(source, size, max_bytes)
            # A pipe or a device says nothing of its size, and a file may grow: read one
            # byte more than allowed to tell.
            data = handle.read(max_bytes + 1)
    except OSError as error:
        problem = FileProblem("", f"cannot read the file: {error.strerror or error}", "read")
        raise NetworkFileError(source, [problem]) from None
    except ValueError as error:  # a path with a NUL character in it
        problem = FileProblem("", f"cannot read the file: {error}", "read")
        raise NetworkFileError(source, [problem]) from None
    if len(data) > max_bytes:
        raise FileTooLarge(source, len(data), max_bytes, at_least=True)
    return data


# Byte-order marks of the encodings a text editor may save in instead of UTF-8, longest first
# (UTF-32 LE starts with the UTF-16 LE one).
_OTHER_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _OTHER_BOMS:
        if data.startswith(bom):
            message = (
                f"not UTF-8 text: it is {encoding} (it starts with a {encoding} byte-order"
                " mark); save it as UTF-8"
            )
            raise NetworkFileError(source, [FileProblem("", message, "read")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = (
            f"not UTF-8 text (byte {error.start}, line {line}, column {column}: {error.reason})"
        )
        raise NetworkFileError(source, [FileProblem("", message, "read")]) from None


def loads_network(
    text: str,
    *,
    format: Format = "toml",
    source: str = "<string>",
    max_bytes: int = MAX_BYTES,
) -> Network:
    """Read a network from the ``text`` of a file in ``format`` (``toml`` or ``json``).

    Raises :class:`~telecentre_core.errors.NetworkFileError` like
    :func:`load_network`, and :class:`~telecentre_core.errors.FileTooLarge`
    when ``text`` is more than ``max_bytes`` bytes as UTF-8. A byte-order mark
    (U+FEFF) at its start is ignored.
    """
    _check_length(text, source, max_bytes)
    return _read(text.removeprefix("\ufeff"), format, source)


def _read(text: str, format: Format, source: str) -> Network:
    document = _parse(text, format, source)
    # A null (TOML has none; in JSON an unset value is a key left out too) or a value no
    # network file holds is reported, and the rest of the file is still checked as if the
    # key were left out.
    removed = [] if _nothing_to_scan(text, format, document) else _scan(document)
    return _build(_without_none(document) if removed else document, format, source, removed)


def _check_length(text: str, source: str, max_bytes: int) -> None:
    # A character is one to four bytes of UTF-8: count the bytes only when it matters.
    if len(text) <= max_bytes // 4:
        return
    if len(text) > max_bytes:
        raise FileTooLarge(source, len(text), max_bytes, at_least=True)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise FileTooLarge(source, size, max_bytes)


def _parse(text: str, format: Format, source: str) -> dict[str, Any]:
    if format == "toml":
        try:
            document: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise NetworkFileError(
                source, [FileProblem("", f"not valid TOML: {error}", "syntax")]
            ) from None
        except RecursionError:
            raise NetworkFileError(source, [_too_deep("TOML")]) from None
        except ValueError as error:  # a whole number too long for Python to read
            raise NetworkFileError(source, [_too_long(text, "TOML", error)]) from None
    elif format == "json":
        try:
            document = json.loads(
                text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants
            )
        except _JSONProblem as error:
            raise NetworkFileError(source, [FileProblem("", str(error), "syntax")]) from None
        except json.JSONDecodeError as error:
            raise NetworkFileError(
                source, [FileProblem("", f"not valid JSON: {error}", "syntax")]
            ) from None
        except RecursionError:
            raise NetworkFileError(source, [_too_deep("JSON")]) from None
        except ValueError as error:  # a whole number too long for Python to read
            raise NetworkFileError(source, [_too_long(text, "JSON", error)]) from None
    else:
        raise NetworkFileError(
            source, [FileProblem("", f"unknown format {format!r}: use toml or json", "read")]
        )
    if not isinstance(document, dict):
        raise NetworkFileError(
            source,
            [FileProblem("", f"the document must be a table, got {_describe(document)}", "type")],
        )
    return document


def _too_deep(language: str) -> FileProblem:
    message = (
        f"not valid {language} for a network file: nested too deeply to read"
        f" (a network file nests at most {MAX_DEPTH} levels)"
    )
    return FileProblem("", message, "syntax")


def _too_long(text: str, language: str, error: ValueError) -> FileProblem:
    # Python reads numbers of at most sys.get_int_max_str_digits() digits (4300 unless the
    # program says otherwise); TOML allows underscores between them.
    limit = sys.get_int_max_str_digits()
    found = re.search(f"[0-9][0-9_]{{{limit},}}", text)
    if found is None:  # pragma: no cover - the parsers raise no other ValueError
        return FileProblem("", f"not valid {language}: {error}", "syntax")
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    message = (
        f"not valid here: a number of more than {limit} digits (at line {line}, column {column})"
    )
    return FileProblem("", message, "syntax")


# TOML's whole numbers are 64-bit (toml.io: "Arbitrary 64-bit signed integers should be
# accepted and handled losslessly"); JSON's are read the same, so that either file writes
# back as the other.
_SMALLEST: Final = -(2**63)
_LARGEST: Final = 2**63 - 1
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


# What may make _scan report a problem, found in a file's text: a null, a lone surrogate
# written as a JSON escape, a run of 19 digits or more (a whole number beyond 64 bits).
_JSON_NULL: Final = "null"
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")
_LONG_NUMBER: Final = re.compile(r"[0-9][0-9_]{18,}")


def _nothing_to_scan(text: str, format: Format, document: dict[str, Any]) -> bool:
    """True when :func:`_scan` would find nothing in ``document``, parsed from ``text``.

    Looking at the text is much quicker than walking every value of a large file: only
    when the text holds a null, a surrogate or a very long number, or the document nests
    deeply, does every value need to be looked at.
    """
    if (format == "json" and _JSON_NULL in text) or _SURROGATE_ESCAPE.search(text):
        return False
    if _has_surrogate(text) or _LONG_NUMBER.search(text):
        return False
    return _shallow(document, 1)


def _shallow(value: dict[str, Any] | list[Any], depth: int) -> bool:
    # Only containers are visited, and never deeper than MAX_DEPTH.
    if value and depth >= MAX_DEPTH:
        return False
    items = value.values() if isinstance(value, dict) else value
    for item in items:
        if isinstance(item, dict | list) and not _shallow(item, depth + 1):
            return False
    return True


def _scan(document: dict[str, Any]) -> list[FileProblem]:
    """The nulls of ``document`` and the values no network file holds, in file order.

    Those are values nested more than :data:`MAX_DEPTH` levels deep, whole
    numbers outside TOML's 64-bit range, and text with a lone surrogate
    (``"\\ud800"`` in JSON: not a character, and not writable as UTF-8). Each
    is replaced by None (and its key removed, for a key with a lone
    surrogate), so that the checks that follow never meet it. The walk is
    iterative: a deep document cannot exhaust the stack here.
    """
    found: list[FileProblem] = []
    # Each entry: a value, the entry of its parent and its key or index there, its depth.
    stack: list[tuple[Any, Any, str | int | None, int]] = [(document, None, None, 1)]
    while stack:
        entry = stack.pop()
        value, parent, key, depth = entry
        if value is None:
            message = "null is not a value here: leave the key out"
            found.append(FileProblem(_path_of(entry), message, "type"))
            continue
        problem = _unreadable(value, depth)
        if problem is not None:
            found.append(FileProblem(_path_of(entry), *problem))
            parent[0][key] = None
        elif isinstance(value, dict):
            for name in [name for name in value if _has_surrogate(name)]:
                # Escaped in the path (ensure_ascii), which is printed as UTF-8.
                path = f"{_path_of(entry)}[{json.dumps(name)}]"
                found.append(FileProblem(path, "a key " + _LONE_SURROGATE, "value"))
                del value[name]
            stack.extend((item, entry, name, depth + 1) for name, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(
                (item, entry, index, depth + 1) for index, item in reversed(list(enumerate(value)))
            )
    return found


def _unreadable(value: object, depth: int) -> tuple[str, str] | None:
    """What is wrong with ``value``, at ``depth``, as a message and a kind; None if nothing."""
    if isinstance(value, str):
        return ("text " + _LONE_SURROGATE, "value") if _has_surrogate(value) else None
    if isinstance(value, int) and not isinstance(value, bool):
        if _SMALLEST <= value <= _LARGEST:
            return None
        digits = int(value.bit_length() * math.log10(2)) + 1
        return (
            f"a whole number of about {digits} digits: a file's whole numbers lie"
            " from -2**63 to 2**63 - 1",
            "value",
        )
    if isinstance(value, dict | list) and value and depth >= MAX_DEPTH:
        return f"nested too deeply: a network file nests at most {MAX_DEPTH} levels", "syntax"
    return None


_LONE_SURROGATE: Final = "with a lone surrogate (like \\ud800): not a character"


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _path_of(entry: tuple[Any, Any, str | int | None, int]) -> str:
    """The path in the file of the value of ``entry``, from its parents' keys."""
    keys: list[str | int | None] = []
    while entry[1] is not None:
        keys.append(entry[2])
        entry = entry[1]
    path = ""
    for key in reversed(keys):
        path = f"{path}[{key}]" if isinstance(key, int) else _key(path, str(key))
    return path


class _JSONProblem(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JSONProblem(f"not valid here: the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _no_constants(name: str) -> object:
    raise _JSONProblem(f"not valid here: {name} is not a number a network file may hold")


def _build(
    document: dict[str, Any], format: Format, source: str, nulls: list[FileProblem]
) -> Network:
    converter = _converter(format)
    quick = _converter(format, detailed=False)
    problems: list[FileProblem] = []
    values: dict[str, Any] = {}
    # For each list, the index in the file of each record that structured.
    indexes: dict[str, list[int]] = {}
    complete: set[str] = set()
    for key in document:
        if key not in _TOP:
            problems.append(_unknown_key("", key, _TOP))
    for key, (kind, required) in _TOP.items():
        if key not in document:
            if required:
                problems.append(FileProblem(key, "required key is missing", "missing"))
            else:
                complete.add(key)
            continue
        found = _structure_key(key, kind, document[key], (converter, quick), values, indexes)
        if not found:
            complete.add(key)
        problems.extend(found)
    problems.extend(_check_version(values.pop("schema_version", None)))
    problems.extend(_top_value_problems(values))
    problems.extend(_rule_problems(values, indexes, complete))
    problems = _with_nulls(nulls, problems)
    if not problems and "programme" in values:
        problems.extend(_programme_problems(values))
    if problems:
        raise NetworkFileError(source, problems)
    try:
        with _bookings_checked():  # _rule_problems checked them, each at its path
            return Network(**values)
    except (InvalidValue, RuleViolation) as error:  # pragma: no cover - checked above
        raise NetworkFileError(source, [_network_problem(error)]) from None


def _top_value_problems(values: dict[str, Any]) -> list[FileProblem]:
    # The checks of the document's own values that their types do not make.
    problems: list[FileProblem] = []
    if "timezone" in values:
        problems.extend(_check_time_zone(values["timezone"]))
    if "name" in values:
        problems.extend(_check_name(values["name"]))
    if "version" in values:
        problems.extend(_check_network_version(values["version"]))
    return problems


def _check_name(name: str) -> list[FileProblem]:
    # The network's own validator, run here so that a blank name is reported at its key.
    try:
        _validate.text("name")(None, None, name)
    except InvalidValue as error:
        return [_network_problem(error)]
    return []


def _check_network_version(version: int) -> list[FileProblem]:
    # The network's own validator, run here so that a negative version is reported at its key.
    try:
        _validate.integer("version", minimum=0)(None, None, version)
    except InvalidValue as error:
        return [_network_problem(error)]
    return []


def _network_problem(error: InvalidValue | RuleViolation) -> FileProblem:
    """The problem a :class:`Network` refused to be built with, at its key in the file."""
    if isinstance(error, InvalidValue):
        return FileProblem(
            error.field, f"{error.reason}, got {_shorten(repr(error.value))}", "value"
        )
    return FileProblem(error.collection or "", str(error), "rule")  # pragma: no cover


def _programme_problems(values: dict[str, Any]) -> list[FileProblem]:
    """The rules the programme breaks in the network the rest of the file describes.

    They read the whole network (its centres, specialisations, members and
    funders), so they run only once everything else is right; until then, a
    broken centre would make every activity there "unknown": noise.
    """
    programme: Programme = values["programme"]
    try:
        with _bookings_checked():  # _rule_problems checked them
            network = Network(**{key: value for key, value in values.items() if key != "programme"})
    except (InvalidValue, RuleViolation) as error:  # pragma: no cover - checked before
        return [_network_problem(error)]
    return [
        FileProblem(_rule_path(violation, values, {}), str(violation), "rule")
        for violation in programme.violations(network)
    ]


def _structure_key(
    key: str,
    kind: Any,
    raw: object,
    converters: tuple[cattrs.Converter, cattrs.Converter],
    values: dict[str, Any],
    indexes: dict[str, list[int]],
) -> list[FileProblem]:
    """Structure the top-level ``key`` into ``values``; return the problems found.

    ``converters`` are the detailed converter and its quick twin.
    """
    problems: list[FileProblem] = []
    converter = converters[0]
    if key in _LISTS:
        # Record by record, so that one broken record hides neither the problems of the
        # others nor the rules they break.
        pairs = _records(raw, kind.__args__[0], key, converters, problems)
        values[key] = tuple(record for _, record in pairs)
        indexes[key] = [index for index, _ in pairs]
        return problems
    try:
        values[key] = converter.structure(raw, kind)
    except Exception as error:
        problems.extend(_problems(error, key))
    return problems


def _with_nulls(nulls: list[FileProblem], problems: list[FileProblem]) -> list[FileProblem]:
    # A null required key is reported as a null, not also as missing; a value that was
    # removed (a null, a number too large) is reported as what it was, not also as a null
    # of the wrong type.
    null_paths = {null.path for null in nulls}
    return nulls + [
        problem
        for problem in problems
        if not (problem.kind in ("missing", "type") and problem.path in null_paths)
    ]


def _records(
    raw: object,
    kind: type,
    key: str,
    converters: tuple[cattrs.Converter, cattrs.Converter],
    problems: list[FileProblem],
) -> list[tuple[int, Any]]:
    if not isinstance(raw, list):
        problems.append(FileProblem(key, f"must be a list, got {_describe(raw)}", "type"))
        return []
    records: list[tuple[int, Any]] = []
    # The quick converter first; the detailed one only for a record it refuses, to say where.
    converter, quick = converters
    for index, item in enumerate(raw):
        try:
            records.append((index, quick.structure(item, kind)))
        except Exception:
            try:
                records.append((index, converter.structure(item, kind)))
            except Exception as error:
                problems.extend(_problems(error, f"{key}[{index}]"))
    return records


def _check_version(version: int | None) -> list[FileProblem]:
    if version is None or version == SCHEMA_VERSION:
        return []
    message = f"this library reads schema version {SCHEMA_VERSION}, the file has {version}"
    return [FileProblem("schema_version", message, "version")]


def _check_time_zone(name: str) -> list[FileProblem]:
    if is_time_zone(name):
        return []
    return [
        FileProblem(
            "timezone", f"must be an IANA time zone like 'Europe/Paris', got {name!r}", "value"
        )
    ]


def _rule_problems(
    values: dict[str, Any], indexes: dict[str, list[int]], complete: set[str]
) -> list[FileProblem]:
    # Rules run on what did structure, and only where their inputs are whole: with a
    # broken catalogue "unknown specialisation" would be noise, and with a broken
    # policy the rules that read it wait until it is fixed.
    found: list[RuleViolation] = []
    if "specialisations" in complete:
        policy = values.get("policy", Policy()) if "policy" in complete else None
        found.extend(
            violations(values.get("specialisations", ()), values.get("centres", ()), policy)
        )
    if complete.issuperset({"policy", *_PEOPLE}):
        found.extend(
            people_violations(
                values.get("policy", Policy()),
                *(values.get(key, ()) for key in _PEOPLE),
            )
        )
    if complete.issuperset(_FUNDING):
        found.extend(funding_violations(*(values.get(key, ()) for key in _FUNDING)))
    zone_ok = is_time_zone(values.get("timezone", DEFAULT_TIME_ZONE))
    if complete.issuperset(_BOOKING_INPUTS) and zone_ok:
        found.extend(_booking_violations(values))
    return [
        FileProblem(_rule_path(violation, values, indexes), str(violation), "rule")
        for violation in found
    ]


def _booking_violations(values: dict[str, Any]) -> list[RuleViolation]:
    bookings: tuple[Booking, ...] = values.get("bookings", ())
    if not bookings:
        return []
    return booking_violations(
        bookings,
        centres={centre.id: centre for centre in values.get("centres", ())},
        members=[member.id for member in values.get("members", ())],
        policy=values.get("policy", Policy()),
        time_zone=values.get("timezone", DEFAULT_TIME_ZONE),
        rights=BookingRights.of(values.get("memberships", ()), values.get("pass_uses", ())),
    )


def _rule_path(
    violation: RuleViolation, values: dict[str, Any], indexes: dict[str, list[int]]
) -> str:
    collection, key = violation.collection, violation.key
    if isinstance(violation, DuplicateSpecialisation):
        slugs = [item.slug for item in values["specialisations"]]
        position = len(slugs) - 1 - slugs[::-1].index(violation.slug)
        return f"specialisations[{indexes['specialisations'][position]}].slug"
    if isinstance(key, str):
        ids = [item.id for item in values[collection]]
        # A duplicate is reported on its second occurrence, anything else on its first.
        last = isinstance(violation, DuplicateCentre)
        position = len(ids) - 1 - ids[::-1].index(key) if last else ids.index(key)
        key = position
    if collection in indexes and key is not None:
        key = indexes[collection][key]
    base = f"{collection}[{key}]" if key is not None else collection
    return _join(base, violation.where)


def _join(path: str, part: str) -> str:
    if not part:
        return path
    if not path:
        return part
    return f"{path}{part}" if part.startswith("[") else f"{path}.{part}"


def _key(path: str, key: str) -> str:
    # A key that would not read as a path segment is quoted: centres[0]["odd key"].
    if _PLAIN_KEY.fullmatch(key):
        return _join(path, key)
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _unknown_key(path: str, key: str, known: Mapping[str, object] | list[str]) -> FileProblem:
    names = sorted(known)
    close = difflib.get_close_matches(str(key), names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(names)}"
    return FileProblem(_key(path, str(key)), f"unknown key{hint}", "unknown")


def _problems(error: BaseException, path: str) -> list[FileProblem]:
    """Turn a structuring error into file problems, each with its path in the file."""
    if isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        found: list[FileProblem] = []
        for sub, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                found.extend(_problems(sub, _join(path, note.name)))
            else:
                found.extend(_problems(sub, f"{path}[{note.index}]"))
        for sub in without:
            found.extend(_problems(sub, path))
        return found
    if isinstance(error, ForbiddenExtraKeysError):
        # Only the fields a file sets: not those a class builds itself (Programme._index).
        known = [field.name for field in attrs.fields(error.cl) if field.init]
        return [_unknown_key(path, key, known) for key in sorted(error.extra_fields)]
    if isinstance(error, KeyError):
        return [FileProblem(path, "required key is missing", "missing")]
    if isinstance(error, _WrongType):
        return [FileProblem(path, str(error), "type")]
    if isinstance(error, InvalidValue):
        return [
            FileProblem(_join(path, error.field), f"{error.reason}, got {error.value!r}", "value")
        ]
    if isinstance(error, RuleViolation):
        return [FileProblem(_join(path, error.where), str(error), "rule")]
    if isinstance(error, TypeError) and "required" in str(error):  # pragma: no cover
        return [FileProblem(path, str(error), "missing")]
    return [FileProblem(path, str(error) or type(error).__name__, "value")]


# -- writing -----------------------------------------------------------------------


def _without_none(value: Any) -> Any:
    # TOML has no null: a field left unset is a key left out, in both formats.
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [_without_none(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):  # pragma: no cover - money is unstructured as str
        return str(value)
    return value


def to_document(network: Network, format: Format = "toml") -> dict[str, Any]:
    """The network as the plain data of a file in ``format``, ``schema_version`` first.

    Its ``version`` comes second, so that a program comparing versions reads it first.
    """
    data = _converter(format).unstructure(network)
    version = data.pop("version")
    return {"schema_version": SCHEMA_VERSION, "version": version, **_without_none(data)}


def dumps_network(network: Network, *, format: Format = "toml") -> str:
    """The text of a network file in ``format`` (``toml`` or ``json``)."""
    document = to_document(network, format)
    if format == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    import tomli_w

    return tomli_w.dumps(document)


def dump_network(network: Network, path: str | os.PathLike[str]) -> None:
    """Write ``network`` to ``path``, in the format its extension names.

    The file is written beside its target then moved into place, so a failure
    never leaves a half-written file where a good one was.
    """
    target = Path(path)
    text = dumps_network(network, format=format_for(target))
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
