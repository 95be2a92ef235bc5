"""The machinery that follows docs/tutorial.md step by step (docs/_shell_steps.py).

The page itself runs in the suite (docs/conftest.py); these tests check that a step that
drifts from the code fails, instead of passing silently.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _load_steps() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_shell_steps", DOCS / "_shell_steps.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


steps = _load_steps()


class _Example:
    """What a Sybil evaluator reads of an example: its parsed text."""

    def __init__(self, parsed: str) -> None:
        self.parsed = parsed


def _run(language: str, body: str) -> Any:
    evaluate = {"console": steps._console, "toml": steps._toml, "diff": steps._diff}[language]
    return evaluate(_Example(body))


@pytest.fixture(autouse=True)
def _in_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


class TestConsole:
    def test_a_command_printing_what_the_page_shows_passes(self) -> None:
        assert _run("console", "$ telecentre --version\ntelecentre 0.1.0\n") is None

    def test_a_command_printing_something_else_fails_with_both(self) -> None:
        failure = _run("console", "$ telecentre --version\ntelecentre 9.9\n")
        assert "telecentre 0.1.0" in failure
        assert "telecentre 9.9" in failure

    def test_a_failing_command_must_show_its_exit_code(self) -> None:
        failure = _run("console", "$ telecentre validate absent.toml\n")
        assert failure.startswith("`telecentre validate absent.toml` exited 2")

    def test_echo_shows_the_exit_code_of_the_command_before_it(self) -> None:
        session = "$ telecentre validate absent.toml\n{printed}$ echo $?\n{code}\n"
        _, printed = steps.run_command("telecentre validate absent.toml")
        assert _run("console", session.format(printed=printed, code=2)) is None
        assert "printed:\n2" in _run("console", session.format(printed=printed, code=1))

    def test_echo_with_no_command_before_it_fails(self) -> None:
        assert _run("console", "$ echo $?\n0\n") == "`echo $?` must follow a command"

    def test_only_the_command_line_runs(self) -> None:
        with pytest.raises(ValueError, match=r"only `telecentre \.\.\.`"):
            _run("console", "$ rm -rf /\n")

    def test_a_session_starts_with_a_command(self) -> None:
        with pytest.raises(ValueError, match="must start with a command"):
            steps.split_session("output\n$ telecentre --version\n")

    def test_commands_run_in_english_whatever_the_locale(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
        _, printed = steps.run_command("telecentre members --as-of 2011-06-01")
        assert "members on 2011-06-01" in printed
        assert os.environ["LC_ALL"] == "fr_FR.UTF-8"


class TestFiles:
    def test_a_named_toml_block_writes_its_file_and_continued_appends(self) -> None:
        assert _run("toml", "# a.toml: first\nx = 1\n") is None
        assert _run("toml", "# a.toml, continued\ny = 2\n") is None
        assert Path("a.toml").read_text(encoding="utf-8") == (
            "# a.toml: first\nx = 1\n# a.toml, continued\ny = 2\n"
        )

    def test_a_toml_block_that_names_no_file_fails(self) -> None:
        assert "names its file" in _run("toml", "x = 1\n")

    def test_a_file_cannot_be_continued_before_it_is_written(self) -> None:
        assert _run("toml", "# b.toml, continued\nx = 1\n") == (
            "b.toml is continued before it is written"
        )

    def test_a_diff_applies_at_its_line_numbers(self) -> None:
        Path("c.toml").write_text("a\nb\nc\nd\n", encoding="utf-8")
        diff = "--- c.toml\n+++ c.toml\n@@ -2,2 +2,2 @@\n b\n-c\n+C\n"
        assert _run("diff", diff) is None
        assert Path("c.toml").read_text(encoding="utf-8") == "a\nb\nC\nd\n"

    def test_a_diff_that_does_not_match_the_file_fails_and_changes_nothing(self) -> None:
        Path("c.toml").write_text("a\nb\nc\nd\n", encoding="utf-8")
        diff = "--- c.toml\n+++ c.toml\n@@ -1,2 +1,2 @@\n a\n-c\n+C\n"
        assert _run("diff", diff) == "c.toml, line 2: expected 'c\\n', found 'b\\n'"
        assert Path("c.toml").read_text(encoding="utf-8") == "a\nb\nc\nd\n"

    def test_a_diff_can_insert_after_a_line(self) -> None:
        Path("c.toml").write_text("a\nb\n", encoding="utf-8")
        assert _run("diff", "--- c.toml\n+++ c.toml\n@@ -1,0 +2 @@\n+x\n") is None
        assert Path("c.toml").read_text(encoding="utf-8") == "a\nx\nb\n"

    def test_a_diff_without_its_header_fails(self) -> None:
        assert "starts with" in _run("diff", "@@ -1 +1 @@\n-a\n+b\n")


def test_the_tutorial_runs_every_step_of_the_issue() -> None:
    page = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    for step in [
        "$ telecentre import-cget --departement 32",
        "$ telecentre validate",
        "$ telecentre members",
        "$ telecentre bill",
        "$ telecentre funding",
        "$ telecentre occupancy",
        "$ telecentre find",
        ">>> network = network.book(",
        "network.check_booking(",
        "network.free_seats(",
        "tc.dump_network(",
    ]:
        assert step in page
