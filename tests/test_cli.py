"""The ``telecentre`` command line, called through ``main()`` and as a real process."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import telecentre_core as tc
from telecentre_core import cli
from telecentre_core.errors import FileProblem, NetworkFileError, TelecentreError, UnknownCentre

HEADER = """\
schema_version = 1
name = "Test"
territory = { code = "15", name = "Cantal" }

[[specialisations]]
slug = "sante-travail"
label = "Santé & travail"
"""

MURAT = """
[[centres]]
id = "murat"
name = "Télécentre de Murat"
commune = { name = "Murat", insee = "15138", postcode = "15300" }
location = { lat = 45.1103, lon = 2.8683 }
lifecycle = { opens = 2006-03-01 }
seats = [ { since = 2006-03-01, count = 4 } ]
specialisations = [ { slug = "sante-travail" } ]
"""

YDES = """
[[centres]]
id = "ydes"
name = "Télécentre d'Ydes"
commune = { name = "Ydes", insee = "15265", postcode = "15210" }
location = { lat = 45.3475, lon = 2.4375 }
lifecycle = { opens = 2007-01-15 }
seats = [ { since = 2007-01-15, count = 4 } ]
specialisations = [ { slug = "sante-travail" } ]
"""


def write(tmp_path: Path, text: str, name: str = "network.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- global options ---------------------------------------------------------------------


class TestGlobalOptions:
    def test_version_prints_the_program_and_the_library_version(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run(capsys, "--version") == (0, f"telecentre {tc.__version__}\n", "")

    @pytest.mark.parametrize("command", [[], ["validate"], ["report"], ["plan"], ["schema"]])
    def test_help_is_available_everywhere_and_exits_0(
        self, capsys: pytest.CaptureFixture[str], command: list[str]
    ) -> None:
        code, out, _ = run(capsys, *command, "-h")
        assert code == 0
        assert out.startswith(f"usage: telecentre {' '.join(command)}".rstrip())

    def test_no_command_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys)
        assert (code, out) == (2, "")
        assert "the following arguments are required: COMMAND" in err

    def test_an_unknown_command_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "frobnicate")
        assert code == 2
        assert "invalid choice: 'frobnicate'" in err

    def test_main_reads_sys_argv_when_given_no_arguments(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "argv", ["telecentre", "--version"])
        assert cli.main() == 0
        assert capsys.readouterr().out == f"telecentre {tc.__version__}\n"


# -- validate ---------------------------------------------------------------------------


class TestValidate:
    def test_the_reference_network_is_valid(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "validate")
        assert (code, err) == (0, "")
        assert out.startswith(
            "cybercantal (reference): valid: network 'Cybercantal' (Cantal), 10 centres "
            "(7 open, 3 planned), 27 open seats on "
        )
        assert out.count("\n") == 1

    def test_the_summary_is_dated_today_in_the_network_time_zone(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        zones: list[str] = []

        def fake_today(zone: str) -> dt.date:
            zones.append(zone)
            return dt.date(2011, 6, 1)

        monkeypatch.setattr(cli, "today", fake_today)
        code, out, _ = run(capsys, "validate")
        assert code == 0
        assert out.endswith("(7 open, 3 planned), 25 open seats on 2011-06-01\n")
        assert zones == ["Europe/Paris"]

    @pytest.mark.parametrize("name", ["network.toml", "network.json"])
    def test_a_valid_file_is_named_in_the_summary(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
    ) -> None:
        path = tmp_path / name
        tc.dump_network(tc.datasets.cybercantal(), path)
        code, out, _ = run(capsys, "validate", str(path))
        assert code == 0
        assert out.startswith(f"{path}: valid: network 'Cybercantal' (Cantal), 10 centres")

    def test_a_network_of_one_centre_says_centre(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, out, _ = run(capsys, "validate", write(tmp_path, HEADER + MURAT))
        assert code == 0
        assert "network 'Test' (Cantal), 1 centre (1 open, 0 planned), 4 open seats" in out

    def test_two_centres_holding_one_specialisation_break_a_rule_and_exit_1(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT + YDES)
        code, out, err = run(capsys, "validate", path)
        assert (code, out) == (1, "")
        lines = err.splitlines()
        assert lines[0].startswith(
            f"{path}: centres[1].specialisations[0]: specialisation 'sante-travail' is held "
            "by both 'murat' and 'ydes'"
        )
        assert lines[-1] == f"{path}: invalid: 1 problem"

    def test_a_syntax_error_exits_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, 'schema_version = 1\nname = "Test\n')
        code, _, err = run(capsys, "validate", path)
        assert code == 2
        assert err.splitlines()[0].startswith(f"{path}: not valid TOML: ")
        assert err.splitlines()[-1] == f"{path}: invalid: 1 problem"

    def test_a_json_syntax_error_exits_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, '{"name": ', name="network.json")
        code, _, err = run(capsys, "validate", path)
        assert code == 2
        assert err.startswith(f"{path}: not valid JSON: ")

    def test_a_value_of_the_wrong_type_exits_2_with_its_path(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT.replace("count = 4", 'count = "4"'))
        code, _, err = run(capsys, "validate", path)
        assert code == 2
        assert err.splitlines() == [
            f"{path}: centres[0].seats[0].count: must be a whole number, got a string ('4')",
            f"{path}: invalid: 1 problem",
        ]

    def test_an_unknown_key_exits_2_with_its_path(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT + 'colour = "red"\n')
        code, _, err = run(capsys, "validate", path)
        assert code == 2
        assert err.splitlines()[0].startswith(f"{path}: centres[0].colour: unknown key")

    def test_several_problems_are_all_listed_one_a_line_then_counted(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        text = HEADER.replace('name = "Test"', "name = 5") + MURAT.replace(
            "count = 4", "count = 4.5"
        )
        path = write(tmp_path, text + 'colour = "red"\n')
        code, _, err = run(capsys, "validate", path)
        assert code == 2
        lines = err.splitlines()
        assert len(lines) == 4
        assert lines[0].startswith(f"{path}: name: must be a string")
        assert any(line.startswith(f"{path}: centres[0].seats[0].count: ") for line in lines)
        assert any(line.startswith(f"{path}: centres[0].colour: ") for line in lines)
        assert lines[-1] == f"{path}: invalid: 3 problems"

    def test_a_broken_rule_with_a_schema_problem_exits_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, 'colour = "red"\n' + HEADER + MURAT + YDES)
        code, _, err = run(capsys, "validate", path)
        assert code == 2
        assert f"{path}: colour: unknown key" in err
        assert f"{path}: centres[1].specialisations[0]: " in err
        assert err.splitlines()[-1] == f"{path}: invalid: 2 problems"

    def test_a_missing_file_exits_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = str(tmp_path / "absent.toml")
        code, _, err = run(capsys, "validate", path)
        assert code == 2
        assert err.splitlines() == [
            f"{path}: cannot read the file: No such file or directory",
            f"{path}: invalid: 1 problem",
        ]

    def test_a_file_with_another_extension_exits_2(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT, name="network.txt")
        code, _, err = run(capsys, "validate", path)
        assert code == 2
        assert err.splitlines()[0] == (f"{path}: unknown file extension '.txt': use .toml or .json")

    def test_a_message_on_several_lines_is_printed_on_one(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def load(path: str) -> tc.Network:
            raise NetworkFileError(path, [FileProblem("", "first\nsecond", "syntax")])

        monkeypatch.setattr(tc.io, "load_network", load)
        code, _, err = run(capsys, "validate", "x.toml")
        assert code == 2
        assert err == "x.toml: first second\nx.toml: invalid: 1 problem\n"

    def test_no_problem_ever_shows_a_traceback(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        for text in ("[[[", HEADER + MURAT + YDES, HEADER.replace("15", "99")):
            code, out, err = run(capsys, "validate", write(tmp_path, text))
            assert code in (1, 2)
            assert "Traceback" not in out + err


# -- report -----------------------------------------------------------------------------


class TestReport:
    def test_the_reference_network_in_june_2011_has_seven_open_and_three_planned_centres(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = run(capsys, "report", "--as-of", "2011-06-01")
        assert (code, err) == (0, "")
        lines = [" ".join(line.split()) for line in out.splitlines()]
        assert lines[0] == "Cybercantal, Cantal (15), on 2011-06-01"
        assert "open centres 7" in lines
        assert "planned centres 3" in lines
        assert sum(" open " in line for line in lines) == 7
        assert sum(" planned " in line for line in lines) == 3

    def test_json_is_the_report_data(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "report", "--as-of", "2011-06-01", "--json")
        assert code == 0
        data = json.loads(out)
        assert list(data) == ["network", "date", "centres", "totals"]
        assert data["date"] == "2011-06-01"
        assert data["totals"]["open_centres"] == 7
        assert data["totals"]["planned_centres"] == 3
        assert data["centres"][0]["specialisations"] == ["Création d'entreprise"]

    def test_json_keeps_accents_and_is_indented(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = run(capsys, "report", "--as-of", "2011-06-01", "--json")
        assert "Télécentre de Murat" in out
        assert '\n  "network": {' in out
        assert out.endswith("}\n")

    def test_the_default_date_is_today_in_the_network_time_zone(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(
            cli, "today", lambda zone: dt.date(2012, 6, 1) if zone == "Europe/Paris" else None
        )
        code, out, _ = run(capsys, "report", "--json")
        assert code == 0
        data = json.loads(out)
        assert data["date"] == "2012-06-01"
        assert data["totals"]["seats"] == 27

    def test_a_file_is_reported_on(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT)
        code, out, _ = run(capsys, "report", path, "--as-of", "2010-01-01")
        assert code == 0
        assert out.splitlines()[0] == "Test, Cantal (15), on 2010-01-01"
        assert "Murat (15138)" in out

    def test_an_invalid_file_is_not_reported_on(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT + YDES)
        code, out, err = run(capsys, "report", path)
        assert (code, out) == (1, "")
        assert err.splitlines()[-1] == f"{path}: invalid: 1 problem"

    @pytest.mark.parametrize(
        ("given", "message"),
        [
            ("2011-6-1", "'2011-6-1' is not a date written YYYY-MM-DD"),
            ("yesterday", "'yesterday' is not a date written YYYY-MM-DD"),
            # The reason after the colon is Python's, and worded by its version.
            ("2011-02-30", "'2011-02-30' is not a date: "),
        ],
    )
    def test_a_bad_date_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], given: str, message: str
    ) -> None:
        code, out, err = run(capsys, "report", "--as-of", given)
        assert (code, out) == (2, "")
        assert err.splitlines()[-1].startswith(
            f"telecentre report: error: argument --as-of: {message}"
        )


# -- plan -------------------------------------------------------------------------------


class TestPlan:
    def test_the_plan_shows_murat_growing_from_four_to_six_seats_in_2012(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = run(capsys, "plan")
        assert code == 0
        lines = [" ".join(line.split()) for line in out.splitlines()]
        assert "2012-01-01 murat Télécentre de Murat: 4 -> 6 seats" in lines
        assert "2011 25" in lines
        assert "2012 27" in lines

    def test_json_has_the_events_and_the_seats_by_year(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = run(capsys, "plan", "--json")
        assert code == 0
        data = json.loads(out)
        assert list(data) == ["network", "events", "seats_by_year"]
        assert data["events"][-1] == {
            "date": "2012-01-01",
            "centre": "murat",
            "kind": "seats",
            "detail": "Télécentre de Murat: 4 -> 6 seats",
            "seats": 6,
        }
        assert data["seats_by_year"][-1] == {"year": 2012, "seats": 27}

    def test_a_file_is_planned(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        path = write(tmp_path, HEADER + MURAT)
        code, out, _ = run(capsys, "plan", path)
        assert code == 0
        assert "2006-03-01  murat   Télécentre de Murat opens with 4 seats" in out


# -- schema -----------------------------------------------------------------------------


class TestSchema:
    def test_schema_prints_the_json_schema_of_network_files(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from telecentre_core.schema import network_schema

        code, out, err = run(capsys, "schema")
        assert (code, err) == (0, "")
        assert json.loads(out) == json.loads(json.dumps(network_schema()))


# -- errors that are not the user's -------------------------------------------------------


class TestUnexpectedErrors:
    def boom(self, monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
        def fail(*_: object) -> object:
            raise error

        monkeypatch.setattr(cli, "network_report", fail)

    def test_an_internal_error_exits_3_without_a_traceback(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.boom(monkeypatch, RuntimeError("boom"))
        code, out, err = run(capsys, "report")
        assert (code, out) == (3, "")
        assert err == (
            "telecentre: internal error: RuntimeError: boom\n"
            "telecentre: this is a bug; run again with --debug to see the traceback\n"
        )

    def test_debug_shows_the_traceback_of_an_internal_error(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.boom(monkeypatch, RuntimeError("boom"))
        code, _, err = run(capsys, "--debug", "report")
        assert code == 3
        assert err.startswith("Traceback (most recent call last):")
        assert err.endswith("RuntimeError: boom\n")

    def test_a_broken_rule_raised_by_the_library_exits_1(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.boom(monkeypatch, UnknownCentre("vic"))
        code, _, err = run(capsys, "report")
        assert code == 1
        assert err == (
            "telecentre: cybercantal (reference): no centre with id 'vic' in the network\n"
        )

    def test_another_library_error_exits_2(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.boom(monkeypatch, TelecentreError("not today"))
        code, _, err = run(capsys, "report", "some.toml")
        assert code == 2
        assert "Traceback" not in err

    def test_an_interruption_exits_130(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.boom(monkeypatch, KeyboardInterrupt())
        assert run(capsys, "report") == (130, "", "")


class _ClosedPipe(io.StringIO):
    """Standard output whose reader went away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


class _ClosedPipeWithDescriptor(_ClosedPipe):
    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self.descriptor = descriptor

    def fileno(self) -> int:
        return self.descriptor


class TestBrokenPipe:
    def test_a_closed_standard_output_exits_141_quietly(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "stdout", _ClosedPipe())
        assert cli.main(["plan"]) == 141
        assert capsys.readouterr().err == ""

    def test_a_closed_standard_output_is_pointed_at_the_null_device(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        with (tmp_path / "out").open("w") as target:
            monkeypatch.setattr(sys, "stdout", _ClosedPipeWithDescriptor(target.fileno()))
            assert cli.main(["plan"]) == 141
            target.write("lost")
        assert (tmp_path / "out").read_text() == ""

    def test_a_reader_that_goes_away_gets_no_traceback(self) -> None:
        process = subprocess.Popen(
            [sys.executable, "-m", "telecentre_core", "plan"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        process.stdout.close()  # before the command has written anything
        _, err = process.communicate(timeout=60)
        assert process.returncode == 141
        assert err == b""


# -- the real command -----------------------------------------------------------------------


def test_python_m_telecentre_core_report_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "telecentre_core", "report"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("Cybercantal, Cantal (15), on ")


def test_importing_the_main_module_runs_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "telecentre_core.__main__", raising=False)
    module = importlib.import_module("telecentre_core.__main__")
    assert module.main is cli.main
    assert capsys.readouterr() == ("", "")


def test_the_main_module_exits_with_the_code_of_main(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # runpy warns when the module it runs was imported before.
    monkeypatch.delitem(sys.modules, "telecentre_core.__main__", raising=False)
    monkeypatch.setattr(sys, "argv", ["telecentre", "validate", "absent.toml"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("telecentre_core", run_name="__main__", alter_sys=True)
    assert exit_.value.code == 2
    assert "absent.toml: invalid: 1 problem" in capsys.readouterr().err


def test_python_m_telecentre_core_passes_the_exit_code_on() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "telecentre_core", "validate", "absent.toml"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


# -- the examples of docs/cli.md ------------------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
_BLOCK = re.compile(r"^( *)```(\w+)\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)


def _doc_blocks() -> list[tuple[str, str]]:
    blocks = []
    for indent, language, body in _BLOCK.findall(DOCS.read_text(encoding="utf-8")):
        lines = [line.removeprefix(indent) for line in body.splitlines(keepends=True)]
        blocks.append((language, "".join(lines)))
    return blocks


def _doc_files() -> dict[str, str]:
    """The TOML files the page shows, by the name in their first line (``# broken.toml``)."""
    return {
        body.split("\n", 1)[0].removeprefix("# "): body
        for language, body in _doc_blocks()
        if language == "toml" and body.startswith("# ")
    }


def _doc_examples() -> list[tuple[str, str]]:
    """Each ``$ telecentre ...`` command of the page with the output it shows."""
    examples = []
    for language, body in _doc_blocks():
        command, _, output = body.partition("\n")
        if language == "console" and command.startswith("$ telecentre ") and ">" not in command:
            examples.append((command.removeprefix("$ telecentre "), output))
    return examples


_EXAMPLES = _doc_examples()


@pytest.mark.parametrize(
    ("command", "output"), _EXAMPLES, ids=[command for command, _ in _EXAMPLES]
)
def test_the_examples_of_the_documentation_are_real_output(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: str,
    output: str,
) -> None:
    for name, text in _doc_files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps its usage line to the terminal
    # The page was written on this day; "today" is the only thing that changes.
    monkeypatch.setattr(cli, "today", lambda _zone: dt.date(2026, 11, 29))
    cli.main(shlex.split(command))
    out, err = capsys.readouterr()
    assert out + err == output


def test_the_documentation_shows_every_command() -> None:
    shown = {command.split()[0] for command, _ in _EXAMPLES}
    assert {"validate", "report", "plan", "--version"} <= shown
