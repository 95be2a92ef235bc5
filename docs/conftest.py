"""Run the Python examples in the documentation pages as tests, with Sybil.

Python code blocks and ``{doctest}`` directives in ``docs/*.md`` are executed; a block
preceded by ``% invisible-code-block`` or ``% skip: next`` is handled by Sybil's MyST parsers.
The tutorial is followed as a reader would, step by step in a temporary folder: its shell
sessions and file edits run too (``_shell_steps.py``).
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from _shell_steps import ShellStepParser, enter_folder, leave_folder
from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE


def _parsers() -> list[object]:
    return [
        PythonCodeBlockParser(doctest_optionflags=_FLAGS),
        DocTestDirectiveParser(optionflags=_FLAGS),
        SkipParser(),
    ]


_TUTORIALS = ["tutorial.md"]

_pages = Sybil(parsers=_parsers(), patterns=["*.md"], excludes=_TUTORIALS)

_tutorials = Sybil(
    parsers=[*_parsers(), ShellStepParser()],
    patterns=_TUTORIALS,
    setup=enter_folder,
    teardown=leave_folder,
)

pytest_collect_file = (_pages + _tutorials).pytest()
