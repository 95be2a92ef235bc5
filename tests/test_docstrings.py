"""Every public name of the library has a docstring: the public API is documented at 100 %.

The public API is what ``telecentre_core.__all__`` and the ``__all__`` of each public
module (a module of the package whose name does not start with ``_``) list. Documented
means:

- a module, a function, a class: its own non-empty docstring (a class does not inherit
  one from its base);
- a public method, class method, static method or property a class defines: its own
  docstring;
- an attrs field (a value object's attribute): named as a literal, ````name````, in the
  docstring of its class, which says what the fields mean together, as
  :class:`~telecentre_core.Centre` does. Sphinx shows that docstring above the
  signature, which lists every field;
- a constant or a type alias (``EXIT_OK``, ``Language``), which cannot hold a docstring:
  a ``#:`` comment on the line above its assignment, the comment Sphinx's autodoc reads.

Not checked: dunder methods (Python documents them), the members of an enumeration (each
is its value, shown by the docs), the keys of the report's TypedDicts (plain JSON data,
described with the report they belong to), and names imported from outside the library.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import types
from functools import cache
from pathlib import Path

import attrs

import telecentre_core


def _public_modules() -> list[types.ModuleType]:
    modules = [telecentre_core]
    for info in pkgutil.iter_modules(telecentre_core.__path__):
        if not info.name.startswith("_"):
            modules.append(importlib.import_module(f"telecentre_core.{info.name}"))
    return modules


MODULES = _public_modules()


def _has_doc(value: object) -> bool:
    return bool((getattr(value, "__doc__", None) or "").strip())


def _own_doc(cls: type) -> str:
    return vars(cls).get("__doc__") or ""


def _defined_here(value: object) -> bool:
    module = getattr(value, "__module__", None) or ""
    return module == "telecentre_core" or module.startswith("telecentre_core.")


@cache
def _commented_assignments(path: str) -> frozenset[str]:
    """The module-level names of ``path`` assigned right below a ``#:`` comment."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    names = set()
    for node in ast.parse("\n".join(lines)).body:
        if isinstance(node, ast.Assign):
            targets = [target for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets = [node.target]
        else:
            continue
        if node.lineno >= 2 and lines[node.lineno - 2].strip().startswith("#:"):
            names.update(target.id for target in targets)
    return frozenset(names)


def _public_names() -> dict[str, tuple[types.ModuleType, str, object]]:
    """Every name the public modules list in ``__all__``, by its qualified name, once."""
    names: dict[str, tuple[types.ModuleType, str, object]] = {}
    for module in MODULES:
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, types.ModuleType):
                continue
            if inspect.isclass(value) or callable(value):
                if not _defined_here(value):
                    continue
                key = f"{value.__module__}.{value.__qualname__}"
            else:
                key = f"{module.__name__}.{name}"
            names.setdefault(key, (module, name, value))
    return names


def _members(cls: type) -> list[tuple[str, object]]:
    """The public methods and properties ``cls`` defines itself."""
    members = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            members.append((name, value.fget))
        elif isinstance(value, classmethod | staticmethod):
            members.append((name, value.__func__))
        elif inspect.isfunction(value):
            members.append((name, value))
    return members


def _undocumented() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"modules": [], "names": [], "members": [], "fields": []}
    for module in MODULES:
        if not _has_doc(module):
            found["modules"].append(f"{module.__name__} (no docstring)")
        if not hasattr(module, "__all__"):
            found["modules"].append(f"{module.__name__} (no __all__)")
    for key, (module, name, value) in sorted(_public_names().items()):
        if inspect.isclass(value):
            if not _own_doc(value).strip():
                found["names"].append(key)
            for member, function in _members(value):
                if not _has_doc(function):
                    found["members"].append(f"{key}.{member}")
            if attrs.has(value):
                doc = _own_doc(value)
                found["fields"].extend(
                    f"{key}.{field.name}"
                    for field in attrs.fields(value)
                    if not field.name.startswith("_") and f"``{field.name}``" not in doc
                )
        elif callable(value):  # a function, or one wrapped by functools.cache
            if not _has_doc(value):
                found["names"].append(key)
        elif name not in _commented_assignments(str(module.__file__)) and name != "__version__":
            found["names"].append(f"{key} (no #: comment above it)")
    return found


def _report(missing: list[str]) -> str:
    return f"{len(missing)} undocumented:\n  " + "\n  ".join(missing)


def test_every_public_module_has_a_docstring_and_an_all() -> None:
    missing = _undocumented()["modules"]
    assert not missing, _report(missing)


def test_every_public_name_has_a_docstring() -> None:
    missing = _undocumented()["names"]
    assert not missing, _report(missing)


def test_every_public_method_and_property_has_a_docstring() -> None:
    missing = _undocumented()["members"]
    assert not missing, _report(missing)


def test_every_field_is_named_in_the_docstring_of_its_class() -> None:
    missing = _undocumented()["fields"]
    assert not missing, _report(missing)


def test_the_check_sees_the_whole_api() -> None:
    # A walk that found nothing would pass: make sure it sees what it should.
    names = _public_names()
    assert len(MODULES) > 20
    assert "telecentre_core.centre.Centre" in names
    assert "telecentre_core.i18n.texts" in names
    assert "telecentre_core.cli.EXIT_OK" in names
    assert "telecentre_core.network.Network.as_of" not in names  # a member, checked apart
    assert ("as_of", telecentre_core.Network.as_of) in _members(telecentre_core.Network)
