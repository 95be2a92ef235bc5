"""Run the Python examples in README.md and the docstrings of the package, with Sybil.

Only the top-level README.md: the pages under docs/ have their own Sybil in
docs/conftest.py, so nothing is collected twice. ``__main__.py`` is left out:
importing it runs the command line.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

_readme = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=_FLAGS),
        DocTestDirectiveParser(optionflags=_FLAGS),
        SkipParser(),
    ],
    patterns=["README.md"],
    # Path.match matches from the right: "*/*" excludes any README.md in a subfolder.
    excludes=["*/*"],
)

_docstrings = Sybil(
    parsers=[DocTestParser(optionflags=_FLAGS)],
    path="src",
    patterns=["*.py"],
    excludes=["__main__.py"],
)

pytest_collect_file = (_readme + _docstrings).pytest()
