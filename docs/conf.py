"""Sphinx configuration for the telecentre-core documentation.

Build it with ``sphinx-build -W --keep-going -n -b html docs docs/_build/html`` from the
repository root, after ``python -m pip install -e '.[docs]'``.
"""

import tomllib
from pathlib import Path

_PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
with _PYPROJECT.open("rb") as _file:
    _METADATA = tomllib.load(_file)["project"]

project = "telecentre-core"
author = "the telecentre-core authors"
copyright = f"2026, {author}"
release = _METADATA["version"]
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
# No sphinx.ext.intersphinx: it downloads inventories, and the build must work offline.
# .ci/run passes -n (nitpicky), so every cross-reference must resolve, except references to
# types from outside this project, which have no target without intersphinx. Those are
# ignored here by module; add a module when a signature starts to use it.
_OUTSIDE_MODULES = (
    "attr",
    "attrs",
    "cattrs",
    "collections",
    "datetime",
    "decimal",
    "enum",
    "fractions",
    "hypothesis",
    "os",
    "pathlib",
    "pendulum",
    "types",
    "typing",
    "zoneinfo",
)
nitpick_ignore_regex = [
    (r"py:.*", rf"({'|'.join(_OUTSIDE_MODULES)})(\..+)?"),
    # The aliases the code imports them under: datetime as dt, strategies as st.
    (r"py:.*", r"(dt|st)\..+"),
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"

html_theme = "furo"
html_title = f"telecentre-core {release}"
