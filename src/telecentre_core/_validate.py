"""attrs validators that raise InvalidValue with the file's field name.

Private: the model's value objects share them so that a Python caller and a
file get the same message for the same mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

from .errors import InvalidValue

T = TypeVar("T")
Validator: TypeAlias = Callable[[Any, Any, T], None]

#: Identities and slugs: lowercase ASCII words joined by hyphens (``sante-travail``).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def text(field: str, *, max_length: int = 200) -> Validator[str]:
    """A non-blank string of at most ``max_length`` characters."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, str):
            raise InvalidValue(field, value, "must be a string")
        if not value.strip():
            raise InvalidValue(field, value, "must not be blank")
        if len(value) > max_length:
            raise InvalidValue(field, value, f"must be at most {max_length} characters")

    return check


def matches(field: str, pattern: re.Pattern[str], description: str) -> Validator[str]:
    """A string matching ``pattern`` in full; ``description`` says what is expected."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, str) or pattern.fullmatch(value) is None:
            raise InvalidValue(field, value, f"must be {description}")

    return check


def slug(field: str) -> Validator[str]:
    """A stable identity: lowercase letters and digits joined by hyphens."""
    return matches(
        field, SLUG, "lowercase letters and digits joined by hyphens (like 'sante-travail')"
    )


_NINE_DIGITS = re.compile(r"[0-9]{9}")


def siren(field: str) -> Validator[str]:
    """A SIREN number: 9 digits whose last is the Luhn check digit (INSEE's rule).

    Checked with python-stdnum's ``stdnum.fr.siren``, imported on first use. Written
    without spaces, as files and registers store it (``"732829320"``).
    """

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, str) or _NINE_DIGITS.fullmatch(value) is None:
            raise InvalidValue(field, value, "must be a 9-digit SIREN number")
        from stdnum.fr import siren as stdnum_siren

        if not stdnum_siren.is_valid(value):
            raise InvalidValue(
                field,
                value,
                "must be a 9-digit SIREN number whose last digit checks the others (Luhn)",
            )

    return check


def integer(field: str, *, minimum: int | None = None) -> Validator[int]:
    """An int (never a bool), at least ``minimum`` when given."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidValue(field, value, "must be a whole number")
        if minimum is not None and value < minimum:
            raise InvalidValue(field, value, f"must be at least {minimum}")

    return check


def date(field: str) -> Validator[dt.date]:
    """A calendar date (a ``datetime.date``, not a datetime)."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise InvalidValue(field, value, "must be a date (YYYY-MM-DD)")

    return check


def optional_date(field: str) -> Validator[dt.date | None]:
    """A date or None."""
    inner = date(field)

    def check(instance: object, attribute: object, value: Any) -> None:
        if value is not None:
            # `date` reads neither the instance nor the attribute (equivalent mutants).
            inner(instance, attribute, value)  # pragma: no mutate

    return check


def instance_of(field: str, kind: type[Any], description: str) -> Validator[Any]:
    """An instance of ``kind``."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidValue(field, value, f"must be {description}")

    return check


def tuple_of(field: str, kind: type[Any], description: str) -> Validator[tuple[Any, ...]]:
    """A tuple whose items are all instances of ``kind``."""

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, tuple):
            raise InvalidValue(field, value, "must be a tuple")
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                raise InvalidValue(f"{field}[{index}]", item, f"must be {description}")

    return check


def as_tuple(value: object) -> Any:
    """Converter: lists and other iterables become tuples (so values stay hashable)."""
    if isinstance(value, list | tuple | frozenset | set):
        return tuple(value)
    return value
