"""Run the Python examples in the documentation pages as tests, with Sybil.

Python code blocks and ``{doctest}`` directives in ``docs/*.md`` are executed; a block
preceded by ``% invisible-code-block`` or ``% skip: next`` is handled by Sybil's MyST parsers.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=_FLAGS),
        DocTestDirectiveParser(optionflags=_FLAGS),
        SkipParser(),
    ],
    patterns=["*.md"],
).pytest()
