"""Run the shell steps of a tutorial page as tests, in order, in a temporary folder.

A Sybil parser for the pages a reader follows step by step (``docs/tutorial.md``). Three
kinds of fenced block are steps, besides the Python blocks Sybil already runs:

``console``
    A shell session. Each line starting with ``$ `` is a command; the lines up to the next
    command are what it prints (standard error and standard output, as a terminal shows
    them), compared exactly. ``telecentre ...`` runs the command line, in this process;
    ``echo $?`` prints the exit code of the command before it. A command that exits with
    anything but 0 must be followed by ``echo $?``, so that the page shows it.
``toml`` whose first line is ``# NAME.toml: ...``
    Writes the block, as printed, to ``NAME.toml``. ``# NAME.toml, continued ...`` appends
    it to the end of the file instead.
``diff``
    A unified diff (``--- NAME``, ``+++ NAME``, hunks with their line numbers), applied to
    the file as ``patch`` would: every context and removed line must be where it says.

Every block of those languages must be a step: a ``toml`` block that names no file fails,
so a page cannot show a file the reader is never asked to write.

The page runs in a new temporary folder, removed at the end (:func:`enter_folder` and
:func:`leave_folder` are Sybil's ``setup`` and ``teardown``), with its Python blocks in the
same folder and namespace, so a Python step reads the file a shell step wrote.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from sybil import Document, Example, Region

#: The day the page was written: the only thing that changes from one run to the next is
#: "today", which ``telecentre validate`` prints and ``find`` defaults to.
TODAY = dt.date(2026, 11, 29)

_BLOCK = re.compile(r"^```(console|toml|diff)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_WRITE = re.compile(r"# (?P<name>[\w.-]+\.toml)(?P<continued>, continued)?[:\s]")
_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_FOLDER = "_shell_steps_folder"
_RETURN = "_shell_steps_return_to"


def enter_folder(namespace: dict[str, Any]) -> None:
    """Sybil ``setup``: work in a new temporary folder until :func:`leave_folder`."""
    namespace[_RETURN] = Path.cwd()
    namespace[_FOLDER] = Path(tempfile.mkdtemp(prefix="telecentre-tutorial-"))
    os.chdir(namespace[_FOLDER])


def leave_folder(namespace: dict[str, Any]) -> None:
    """Sybil ``teardown``: go back where the page started, and remove its folder."""
    os.chdir(namespace.pop(_RETURN))
    shutil.rmtree(namespace.pop(_FOLDER), ignore_errors=True)


class ShellStepParser:
    """The ``console``, ``toml`` and ``diff`` blocks of a page, as Sybil examples."""

    def __call__(self, document: Document) -> Iterator[Region]:
        for match in _BLOCK.finditer(document.text):
            language, body = match.group(1), match.group(2)
            evaluate = {"console": _console, "toml": _toml, "diff": _diff}[language]
            yield Region(match.start(), match.end(), body, evaluate)


# -- console --------------------------------------------------------------------------


def split_session(text: str) -> list[tuple[str, str]]:
    """``text`` as (command, expected output) pairs; text before the first ``$`` is refused."""
    steps: list[tuple[str, str]] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("$ "):
            steps.append((line[2:].rstrip("\n"), ""))
        elif not steps:
            raise ValueError(f"a console block must start with a command: {line!r}")
        else:
            command, output = steps[-1]
            steps[-1] = (command, output + line)
    return steps


def run_command(command: str) -> tuple[int, str]:
    """Run ``telecentre ...`` as a reader's terminal would; its exit code and what it printed."""
    from telecentre_core import cli

    words = shlex.split(command)
    if words[:1] != ["telecentre"]:
        raise ValueError(f"only `telecentre ...` and `echo $?` can be run here: {command!r}")
    printed = io.StringIO()
    environment = {"LC_ALL": "C.UTF-8", "COLUMNS": "80"}  # English, and argparse's width
    with (
        mock.patch.dict(os.environ, environment),
        mock.patch.object(cli, "today", return_value=TODAY),
        contextlib.redirect_stdout(printed),
        contextlib.redirect_stderr(printed),
    ):
        code = cli.main(words[1:])
    return code, printed.getvalue()


def _console(example: Example) -> str | None:
    last: int | None = None
    steps = split_session(example.parsed)
    for number, (command, expected) in enumerate(steps):
        if command == "echo $?":
            if last is None:
                return "`echo $?` must follow a command"
            code, printed, last = 0, f"{last}\n", None
        else:
            code, printed = run_command(command)
            last = code
            following = steps[number + 1][0] if number + 1 < len(steps) else None
            if code != 0 and following != "echo $?":
                return f"`{command}` exited {code}: show it with `echo $?`\n{printed}"
        if printed != expected:
            return f"`{command}` printed:\n{printed}\nthe page shows:\n{expected}"
    return None


# -- files ----------------------------------------------------------------------------


def _toml(example: Example) -> str | None:
    text: str = example.parsed
    named = _WRITE.match(text)
    if named is None:
        return "a toml block of this page names its file: `# NAME.toml: ...` first"
    path = Path(named.group("name"))
    if named.group("continued"):
        if not path.exists():
            return f"{path} is continued before it is written"
        with path.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        path.write_text(text, encoding="utf-8", newline="\n")
    return None


def apply_diff(diff: str) -> str | None:
    """Apply ``diff`` (unified, one file) in the current folder; None, or why it cannot."""
    lines = diff.splitlines(keepends=True)
    if len(lines) < 3 or not lines[0].startswith("--- ") or not lines[1].startswith("+++ "):
        return "a diff starts with `--- NAME` and `+++ NAME`"
    path = Path(lines[1][4:].strip())
    old = path.read_text(encoding="utf-8").splitlines(keepends=True)
    new: list[str] = []
    copied = 0  # lines of ``old`` dealt with
    for line in lines[2:]:
        hunk = _HUNK.match(line)
        if hunk is not None:
            start = max(int(hunk.group(1)) - 1, 0) if hunk.group(2) != "0" else int(hunk.group(1))
            if start < copied:
                return f"hunks out of order: {line.strip()}"
            new += old[copied:start]
            copied = start
        elif line[:1] in {" ", "-"}:
            if copied >= len(old) or old[copied] != line[1:]:
                found = old[copied] if copied < len(old) else "the end of the file"
                return f"{path}, line {copied + 1}: expected {line[1:]!r}, found {found!r}"
            if line[0] == " ":
                new.append(line[1:])
            copied += 1
        elif line[:1] == "+":
            new.append(line[1:])
        else:
            return f"not a line of a unified diff: {line!r}"
    path.write_text("".join(new + old[copied:]), encoding="utf-8", newline="\n")
    return None


def _diff(example: Example) -> str | None:
    return apply_diff(example.parsed)
