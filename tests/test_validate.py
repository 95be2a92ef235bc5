"""The shared attrs validators: what each accepts, where its bounds lie, what it says.

The value objects build these validators once, when their module is imported, so the
tests of the objects exercise them as they were at import. These tests build them again
here, which is also what lets mutation testing (docs/testing.md) reach their checks.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from telecentre_core import _validate as v
from telecentre_core.errors import InvalidValue


def _refusal(check: v.Validator[object], value: object) -> str:
    """The message ``check`` refuses ``value`` with."""
    with pytest.raises(InvalidValue) as caught:
        check(None, None, value)
    return str(caught.value)


# -- text ---------------------------------------------------------------------------------


def test_text_of_at_most_the_maximum_length_is_accepted() -> None:
    check = v.text("title", max_length=5)
    check(None, None, "x")
    check(None, None, "abcde")


def test_text_one_character_over_the_maximum_is_refused_with_the_maximum() -> None:
    assert _refusal(v.text("title", max_length=5), "abcdef") == (
        "title: must be at most 5 characters, got 'abcdef'"
    )


def test_text_is_two_hundred_characters_at_most_by_default() -> None:
    check = v.text("title")
    check(None, None, "x" * 200)
    assert "must be at most 200 characters" in _refusal(check, "x" * 201)


@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_blank_text_is_refused(blank: str) -> None:
    assert _refusal(v.text("title"), blank) == f"title: must not be blank, got {blank!r}"


@pytest.mark.parametrize("value", [None, 12, b"abc"])
def test_text_must_be_a_string(value: object) -> None:
    assert _refusal(v.text("title"), value) == f"title: must be a string, got {value!r}"


# -- patterns and slugs -------------------------------------------------------------------


def test_a_pattern_must_match_the_whole_string() -> None:
    check = v.matches("code", re.compile(r"\d{2}"), "two digits")
    check(None, None, "15")
    assert _refusal(check, "150") == "code: must be two digits, got '150'"
    assert _refusal(check, 15) == "code: must be two digits, got 15"


@pytest.mark.parametrize("value", ["sante-travail", "a", "centre-2"])
def test_slugs_are_lowercase_words_and_digits_joined_by_hyphens(value: str) -> None:
    v.slug("id")(None, None, value)


@pytest.mark.parametrize("value", ["Sante", "sante--travail", "-sante", "sante_travail", ""])
def test_a_malformed_slug_is_refused_with_an_example_of_a_good_one(value: str) -> None:
    assert _refusal(v.slug("id"), value) == (
        "id: must be lowercase letters and digits joined by hyphens (like 'sante-travail'), "
        f"got {value!r}"
    )


# -- SIREN numbers ------------------------------------------------------------------------


def test_a_siren_number_whose_luhn_digit_checks_is_accepted() -> None:
    v.siren("siren")(None, None, "732829320")


@pytest.mark.parametrize("value", ["73282932", "7328293201", "732 829 320", "73282932a", 732829320])
def test_a_siren_number_is_nine_digits_written_without_spaces(value: object) -> None:
    assert _refusal(v.siren("siren"), value) == (
        f"siren: must be a 9-digit SIREN number, got {value!r}"
    )


def test_a_siren_number_whose_luhn_digit_does_not_check_is_refused() -> None:
    assert _refusal(v.siren("siren"), "732829321") == (
        "siren: must be a 9-digit SIREN number whose last digit checks the others (Luhn), "
        "got '732829321'"
    )


# -- whole numbers ------------------------------------------------------------------------


def test_a_whole_number_at_its_minimum_is_accepted() -> None:
    v.integer("seats", minimum=1)(None, None, 1)


def test_a_whole_number_below_its_minimum_is_refused_with_the_minimum() -> None:
    assert _refusal(v.integer("seats", minimum=1), 0) == "seats: must be at least 1, got 0"


def test_a_whole_number_without_a_minimum_may_be_negative() -> None:
    v.integer("delta")(None, None, -5)


@pytest.mark.parametrize("value", [True, False, 1.0, "1", None])
def test_a_whole_number_is_an_int_and_never_a_bool(value: object) -> None:
    assert _refusal(v.integer("seats"), value) == f"seats: must be a whole number, got {value!r}"


# -- dates --------------------------------------------------------------------------------


def test_a_date_is_accepted_and_a_datetime_refused() -> None:
    check = v.date("day")
    check(None, None, dt.date(2024, 2, 29))
    moment = dt.datetime(2024, 2, 29, 9, 0, tzinfo=dt.UTC)
    assert _refusal(check, moment).startswith(
        "day: must be a date (YYYY-MM-DD), got datetime.datetime(2024, 2, 29, 9, 0"
    )
    assert _refusal(check, "2024-02-29") == ("day: must be a date (YYYY-MM-DD), got '2024-02-29'")


def test_an_optional_date_accepts_none_or_a_date_and_refuses_the_rest() -> None:
    check = v.optional_date("ends")
    check(None, None, None)
    check(None, None, dt.date(2024, 1, 1))
    assert _refusal(check, "2024-01-01") == ("ends: must be a date (YYYY-MM-DD), got '2024-01-01'")


# -- instances and tuples -----------------------------------------------------------------


def test_an_instance_of_the_wrong_kind_is_refused_with_its_description() -> None:
    check = v.instance_of("day", dt.date, "a calendar date")
    check(None, None, dt.date(2024, 1, 1))
    assert _refusal(check, 3) == "day: must be a calendar date, got 3"


def test_a_tuple_of_items_of_the_right_kind_is_accepted() -> None:
    check = v.tuple_of("days", dt.date, "a date")
    check(None, None, ())
    check(None, None, (dt.date(2024, 1, 1), dt.date(2024, 1, 2)))


def test_a_list_is_not_a_tuple() -> None:
    assert _refusal(v.tuple_of("days", dt.date, "a date"), []) == "days: must be a tuple, got []"


def test_a_wrong_item_is_named_by_its_index() -> None:
    check = v.tuple_of("days", dt.date, "a date")
    assert _refusal(check, (dt.date(2024, 1, 1), "x")) == "days[1]: must be a date, got 'x'"


@pytest.mark.parametrize(
    ("value", "expected"),
    [([1, 2], (1, 2)), ((1, 2), (1, 2)), (frozenset({1}), (1,)), ({2}, (2,))],
)
def test_lists_sets_and_tuples_are_converted_to_tuples(
    value: object, expected: tuple[int, ...]
) -> None:
    converted = v.as_tuple(value)
    assert type(converted) is tuple
    assert converted == expected


@pytest.mark.parametrize("value", ["ab", None, 3, {"a": 1}])
def test_other_values_are_left_for_the_validator_to_refuse(value: object) -> None:
    assert v.as_tuple(value) is value
