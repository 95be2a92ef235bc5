"""The public API: ``telecentre_core.__all__`` is sorted, complete, and documented."""

from __future__ import annotations

import inspect
import types

import pytest

import telecentre_core


def _defined_in_the_package(value: object) -> bool:
    module = getattr(value, "__module__", None) or ""
    return module == "telecentre_core" or module.startswith("telecentre_core.")


def test_all_is_sorted() -> None:
    assert telecentre_core.__all__ == sorted(telecentre_core.__all__)


def test_all_has_no_repeats() -> None:
    assert len(set(telecentre_core.__all__)) == len(telecentre_core.__all__)


@pytest.mark.parametrize("name", telecentre_core.__all__)
def test_every_name_in_all_exists(name: str) -> None:
    assert hasattr(telecentre_core, name)


def test_every_public_class_and_function_of_the_package_is_in_all() -> None:
    public = {
        name
        for name, value in vars(telecentre_core).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and (inspect.isclass(value) or inspect.isfunction(value))
        and _defined_in_the_package(value)
    }
    assert public - set(telecentre_core.__all__) == set()


def test_all_holds_only_the_packages_own_names_and_the_version() -> None:
    for name in telecentre_core.__all__:
        value = getattr(telecentre_core, name)
        if name == "__version__":
            assert isinstance(value, str)
        elif isinstance(value, types.ModuleType):
            assert value.__name__ == f"telecentre_core.{name}"
        else:
            assert _defined_in_the_package(value), name


def test_the_version_is_a_release_number() -> None:
    parts = telecentre_core.__version__.split(".")
    assert len(parts) == 3
    assert all(part.isdigit() for part in parts)


@pytest.mark.parametrize("name", [n for n in telecentre_core.__all__ if n != "__version__"])
def test_every_public_name_has_a_docstring(name: str) -> None:
    value = getattr(telecentre_core, name)
    doc = inspect.getdoc(value)
    assert doc, f"{name} has no docstring"
    assert doc.strip()


def test_the_package_itself_has_a_docstring() -> None:
    assert telecentre_core.__doc__


def test_the_testing_module_has_a_sorted_documented_api() -> None:
    from telecentre_core import testing

    assert testing.__all__ == sorted(testing.__all__)
    for name in testing.__all__:
        value = getattr(testing, name)
        if callable(value):
            assert inspect.getdoc(value), name
    public = {
        name
        for name, value in vars(testing).items()
        if not name.startswith("_")
        and inspect.isfunction(value)
        and value.__module__ == testing.__name__
    }
    assert public <= set(testing.__all__)
