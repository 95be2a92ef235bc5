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

    @pytest.mark.parametrize(
        "command",
        [
            [],
            ["validate"],
            ["report"],
            ["plan"],
            ["members"],
            ["bill"],
            ["schema"],
            ["activities"],
            ["calendar"],
        ],
    )
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


# -- members and bill -------------------------------------------------------------------


def people(*, billing_day: int | None = 1) -> tc.Network:
    """A network with members.

    Acme pays for two employees, Anne leaves on 2012-03-16 (after a day pass
    on 2012-03-05), and Léa joins on 2012-02-29.
    """
    day = dt.date
    return tc.Network(
        name="Test",
        territory=tc.Territory(code="15", name="Cantal"),
        centres=[
            tc.Centre(
                id="murat",
                name="Télécentre de Murat",
                commune=tc.Commune(name="Murat", insee="15138", postcode="15300"),
                location=tc.Point(lat=45.1103, lon=2.8683),
                seats=[tc.SeatChange(since=day(2006, 3, 1), count=4)],
                lifecycle=tc.Lifecycle(opens=day(2006, 3, 1)),
            )
        ],
        policy=tc.Policy(
            tiers=[
                tc.Tier(slug="standard", name="Standard", monthly_fee=tc.Money.of(60)),
                tc.Tier(slug="plus", name="Plus", monthly_fee=tc.Money.of(90)),
            ],
            passes=[tc.PassPrice(kind=tc.PassKind.DAY, price=tc.Money.of(20))],
            billing_day=billing_day,
        ),
        companies=[tc.Company(id="acme", name="Acme SA")],
        members=[
            tc.Member(id="anne", name="Anne Martin", kind=tc.MemberKind.INDEPENDENT),
            tc.Member(id="bruno", name="Bruno Roux", kind=tc.MemberKind.SALARIED, employer="acme"),
            tc.Member(id="chloe", name="Chloé Vidal", kind=tc.MemberKind.SALARIED, employer="acme"),
            tc.Member(id="lea", name="Léa Brun", kind=tc.MemberKind.NOMADIC),
        ],
        agreements=[
            tc.Agreement(
                company="acme", employees=["bruno", "chloe"], tier="plus", since=day(2011, 1, 1)
            )
        ],
        memberships=[
            tc.Membership(
                member="anne",
                joined=day(2010, 1, 1),
                centre="murat",
                tier="standard",
                left=day(2012, 3, 16),
            ),
            tc.Membership(member="bruno", joined=day(2010, 1, 1), centre="murat", tier="standard"),
            tc.Membership(member="chloe", joined=day(2010, 6, 1), centre="murat", tier="standard"),
            tc.Membership(member="lea", joined=day(2012, 2, 29), centre="murat", tier="standard"),
        ],
        pass_uses=[
            tc.PassUse(member="anne", kind=tc.PassKind.DAY, on=day(2012, 3, 5), centre="murat")
        ],
    )


def people_file(tmp_path: Path) -> str:
    """:func:`people` as a network file."""
    path = tmp_path / "n.toml"
    tc.dump_network(people(), path)
    return str(path)


def squeeze(text: str) -> list[str]:
    """The lines of ``text``, each with its runs of spaces made one."""
    return [" ".join(line.split()) for line in text.splitlines()]


class TestMembers:
    def test_the_members_of_a_day_with_their_tier_payer_and_free_period(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, out, err = run(capsys, "members", people_file(tmp_path), "--as-of", "2012-03-10")
        assert (code, err) == (0, "")
        assert squeeze(out) == [
            "Test, Cantal (15): members on 2012-03-10",
            "",
            "id name kind centre tier payer joined free period",
            "anne Anne Martin independent murat standard member 2010-01-01 paying since 2011-01-01",
            "bruno Bruno Roux salaried murat plus company acme 2010-01-01 paying since 2011-01-01",
            "chloe Chloé Vidal salaried murat plus company acme 2010-06-01 paying since 2011-06-01",
            "lea Léa Brun nomadic murat standard member 2012-02-29 free until 2013-02-28",
            "",
            "Totals",
            "members 4",
            "independent 1",
            "salaried 2",
            "nomadic 1",
            "in free period 1",
            "paying 3",
        ]

    def test_json_is_the_members_data(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = people_file(tmp_path)
        code, out, _ = run(capsys, "members", path, "--as-of", "2013-02-28", "--json")
        assert code == 0
        data = json.loads(out)
        assert list(data) == ["network", "date", "members", "totals"]
        assert data["date"] == "2013-02-28"
        assert data["members"][-1] == {
            "id": "lea",
            "name": "Léa Brun",
            "kind": "nomadic",
            "centre": "murat",
            "tier": "standard",
            "payer": {"kind": "member", "id": "lea", "name": "Léa Brun"},
            "joined": "2012-02-29",
            "free_until": "2013-02-28",
            "in_free_period": False,
        }
        assert data["members"][0]["payer"] == {
            "kind": "company",
            "id": "acme",
            "name": "Acme SA",
        }
        assert data["totals"] == {
            "members": 3,
            "by_kind": {"independent": 0, "salaried": 2, "nomadic": 1},
            "in_free_period": 0,
            "paying": 3,
        }

    def test_the_default_date_is_today_in_the_network_time_zone(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        zones: list[str] = []

        def fake_today(zone: str) -> dt.date:
            zones.append(zone)
            return dt.date(2012, 3, 1)

        monkeypatch.setattr(cli, "today", fake_today)
        code, out, _ = run(capsys, "members", people_file(tmp_path), "--json")
        assert code == 0
        data = json.loads(out)
        assert data["date"] == "2012-03-01"
        assert data["totals"]["in_free_period"] == 1
        assert zones == ["Europe/Paris"]

    def test_the_reference_network_has_a_members_report(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, err = run(capsys, "members", "--as-of", "2012-06-01")
        assert (code, err) == (0, "")
        assert out.startswith("Cybercantal, Cantal (15): members on 2012-06-01\n")
        assert "\nTotals\n" in out

    def test_an_invalid_file_has_no_members_report(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT + YDES)
        code, out, err = run(capsys, "members", path, "--as-of", "2012-03-10")
        assert (code, out) == (1, "")
        assert err.splitlines()[-1] == f"{path}: invalid: 1 problem"

    def test_a_bad_date_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "members", "--as-of", "2012-02-30")
        assert (code, out) == (2, "")
        assert err.splitlines()[-1].startswith(
            "telecentre members: error: argument --as-of: '2012-02-30' is not a date: "
        )


class TestBill:
    def test_the_bill_of_a_month_with_its_totals(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, out, err = run(capsys, "bill", people_file(tmp_path), "--month", "2012-03")
        assert (code, err) == (0, "")
        assert squeeze(out) == [
            "Test, Cantal (15): bill for 2012-03",
            "Billing period 2012-03-01 to 2012-03-31 (billing day 1); proration: by-day",
            "",
            "member name days item reason payer amount",
            "anne Anne Martin 2012-03-01..2012-03-15 standard proration member anne 29.10 €",
            "anne Anne Martin 2012-03-05 day pass pass member anne 20.00 €",
            "bruno Bruno Roux 2012-03-01..2012-03-31 plus fee company acme 90.00 €",
            "chloe Chloé Vidal 2012-03-01..2012-03-31 plus fee company acme 90.00 €",
            "",
            "Per member",
            "",
            "member name amount",
            "anne Anne Martin 49.10 €",
            "bruno Bruno Roux 90.00 €",
            "chloe Chloé Vidal 90.00 €",
            "",
            "Per payer",
            "",
            "payer name amount",
            "member anne Anne Martin 49.10 €",
            "company acme Acme SA 180.00 €",
            "",
            "Per reason",
            "",
            "reason amount",
            "fee 180.00 €",
            "proration 29.10 €",
            "pass 20.00 €",
            "",
            "Totals",
            "paid by members 49.10 €",
            "paid by companies 180.00 €",
            "total 229.10 €",
        ]

    def test_amounts_are_right_aligned(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        _, out, _ = run(capsys, "bill", people_file(tmp_path), "--month", "2012-03")
        lines = out.splitlines()
        header = lines[3]
        charges = lines[4:8]
        assert header.endswith("  amount")
        assert {len(line) for line in charges} == {len(header)}
        assert all(line.endswith(" €") for line in charges)

    def test_json_is_the_bill_data_with_amounts_as_strings(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, out, _ = run(capsys, "bill", people_file(tmp_path), "--month", "2012-03", "--json")
        assert code == 0
        data = json.loads(out)
        assert list(data) == ["network", "month", "billing", "period", "charges", "totals"]
        assert data["month"] == "2012-03"
        assert data["billing"] == {"day": 1, "proration": "by-day"}
        assert data["charges"][0] == {
            "member": "anne",
            "name": "Anne Martin",
            "period": {"first_day": "2012-03-01", "last_day": "2012-03-31"},
            "first_day": "2012-03-01",
            "last_day": "2012-03-15",
            "days": 15,
            "item": "standard",
            "reason": "proration",
            "payer": {"kind": "member", "id": "anne", "name": "Anne Martin"},
            "amount": "29.10",
        }
        assert data["totals"]["payers"][-1] == {
            "kind": "company",
            "id": "acme",
            "name": "Acme SA",
            "amount": "180.00",
        }
        assert data["totals"]["total"] == "229.10"
        assert '"amount": "90.00"' in out  # never a float such as 90.0

    def test_anniversary_billing_has_no_common_period(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Built in Python: a network file cannot say "no billing day" yet.
        monkeypatch.setattr(tc.io, "load_network", lambda _path: people(billing_day=None))
        code, out, _ = run(capsys, "bill", "n.toml", "--month", "2012-03")
        assert code == 0
        assert out.splitlines()[1] == (
            "Billing periods start on each member's anniversary of first joining; proration: by-day"
        )
        code, out, _ = run(capsys, "bill", "n.toml", "--month", "2012-03", "--json")
        assert code == 0
        data = json.loads(out)
        assert data["billing"]["day"] is None
        assert data["period"] is None
        assert data["charges"][0]["period"] == {
            "first_day": "2012-03-01",
            "last_day": "2012-03-31",
        }

    def test_a_month_without_charges(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "bill", "--month", "2005-01")
        assert (code, err) == (0, "")
        assert out.startswith("Cybercantal, Cantal (15): bill for 2005-01\n")
        assert "Nothing is charged for 2005-01." in out
        assert out.endswith("total              0.00 €\n")

    def test_the_reference_network_bills_a_month(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "bill", "--month", "2012-03", "--json")
        assert code == 0
        data = json.loads(out)
        assert data["network"]["name"] == "Cybercantal"
        assert data["period"] == {"first_day": "2012-03-01", "last_day": "2012-03-31"}
        assert [row["reason"] for row in data["totals"]["reasons"]] == [
            "fee",
            "proration",
            "pass",
        ]

    def test_an_invalid_file_is_not_billed(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT + YDES)
        code, out, err = run(capsys, "bill", path, "--month", "2012-03")
        assert (code, out) == (1, "")
        assert err.splitlines()[-1] == f"{path}: invalid: 1 problem"

    def test_the_month_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "bill")
        assert (code, out) == (2, "")
        assert err.splitlines()[-1] == (
            "telecentre bill: error: the following arguments are required: --month"
        )

    @pytest.mark.parametrize(
        ("given", "message"),
        [
            ("2011-13", "'2011-13' is not a month: the month must be from 01 to 12"),
            ("2011-00", "'2011-00' is not a month: the month must be from 01 to 12"),
            ("2011-1", "'2011-1' is not a month written YYYY-MM"),
            ("abc", "'abc' is not a month written YYYY-MM"),
            ("2011-03-01", "'2011-03-01' is not a month written YYYY-MM"),
            ("٢٠١١-٠٣", "'٢٠١١-٠٣' is not a month written YYYY-MM"),
            ("0000-01", "'0000-01' is not a month: the year must be from 0001 to 9998"),
            ("9999-12", "'9999-12' is not a month: the year must be from 0001 to 9998"),
        ],
    )
    def test_a_bad_month_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], given: str, message: str
    ) -> None:
        code, out, err = run(capsys, "bill", "--month", given)
        assert (code, out) == (2, "")
        assert err.splitlines()[0] == (
            "usage: telecentre bill [-h] --month YYYY-MM [--json] [--lang {fr,en}] [FILE]"
        )
        assert err.splitlines()[-1] == f"telecentre bill: error: argument --month: {message}"

    def test_the_first_and_last_months_a_bill_can_cover(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for month in ("0001-01", "9998-12"):
            code, out, err = run(capsys, "bill", "--month", month)
            assert (code, err) == (0, "")
            assert out.startswith(f"Cybercantal, Cantal (15): bill for {month}\n")


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
    # The page was written on this day; "today" and "now" are the only things that change.
    monkeypatch.setattr(cli, "today", lambda _zone: dt.date(2026, 11, 29))
    monkeypatch.setattr(cli, "now", lambda: dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC))
    cli.main(shlex.split(command))
    out, err = capsys.readouterr()
    # iCalendar lines end in CR LF (tested below); the page shows them as lines.
    assert (out + err).replace("\r\n", "\n") == output


def test_the_documentation_shows_every_command() -> None:
    shown = {command.split()[0] for command, _ in _EXAMPLES}
    assert {"validate", "report", "plan", "members", "bill", "--version"} <= shown
    assert {"activities", "calendar"} <= shown


# -- funding ------------------------------------------------------------------------------


class TestFunding:
    def test_the_funding_of_a_year_as_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        from telecentre_core.report import funding_report, render_funding

        code, out, err = run(capsys, "funding", "--year", "2011")
        assert (code, err) == (0, "")
        assert out == render_funding(funding_report(tc.datasets.cybercantal(), 2011))
        assert out.startswith("Cybercantal, Cantal (15): funding, 2011\n")

    def test_json_is_the_report_data(self, capsys: pytest.CaptureFixture[str]) -> None:
        from telecentre_core.report import funding_report

        code, out, _ = run(capsys, "funding", "--from", "2006", "--to", "2008", "--json")
        assert code == 0
        assert json.loads(out) == funding_report(tc.datasets.cybercantal(), 2006, 2008)
        assert json.loads(out)["years"] == {"first": 2006, "last": 2008}
        assert "Conseil général du Cantal" in out  # accents kept, not escaped

    def test_a_range_of_one_year_is_that_year(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, one, _ = run(capsys, "funding", "--year", "2009", "--json")
        _, range_, _ = run(capsys, "funding", "--from", "2009", "--to", "2009", "--json")
        assert one == range_

    def test_the_default_year_is_this_year_in_the_network_time_zone(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        zones: list[str] = []

        def fake_today(zone: str) -> dt.date:
            zones.append(zone)
            return dt.date(2010, 12, 31)

        monkeypatch.setattr(cli, "today", fake_today)
        code, out, _ = run(capsys, "funding", "--json")
        assert code == 0
        assert json.loads(out)["years"] == {"first": 2010, "last": 2010}
        assert zones == ["Europe/Paris"]

    def test_a_file_is_reported_on(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + MURAT)
        code, out, _ = run(capsys, "funding", path, "--year", "2011")
        assert code == 0
        assert out.startswith("Test, Cantal (15): funding, 2011\n")
        assert "No contribution in 2011." in out

    def test_an_invalid_file_is_not_reported_on(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        funding = (
            '\n[[contributions]]\nfunder = "leader"\ncategory = "training"\n'
            'amount = "10.00"\non = 2010-01-01\n'
        )
        path = write(tmp_path, HEADER + MURAT + funding)
        code, out, err = run(capsys, "funding", path, "--year", "2011")
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            f"{path}: contributions[0].funder: contributions: no funder 'leader' in the network",
            f"{path}: invalid: 1 problem",
        ]

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--from", "2006"], "--from and --to go together: give both, or --year"),
            (["--to", "2006"], "--from and --to go together: give both, or --year"),
            (["--from", "2008", "--to", "2006"], "--to 2006 is before --from 2008"),
            (["--year", "2008", "--from", "2006"], "--year cannot be given with --from or --to"),
            (["--year", "11"], "argument --year: '11' is not a year written YYYY"),
            (["--year", "2011-01"], "argument --year: '2011-01' is not a year written YYYY"),
            (
                ["--year", "0000"],
                "argument --year: '0000' is not a year a report can cover: from 0001 to 9998",
            ),
            (["--to", "9999", "--from", "9990"], "argument --to: '9999' is not a year a report"),
            (["--from", "1900", "--to", "2000"], "a report covers at most 100 years"),
        ],
    )
    def test_years_given_wrongly_are_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        code, out, err = run(capsys, "funding", *argv)
        assert (code, out) == (2, "")
        assert err.startswith("usage: telecentre funding ")
        assert f"telecentre funding: error: {message}" in err

    def test_the_first_and_last_years_a_report_can_cover(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for year in ("0001", "9998"):
            code, out, _ = run(capsys, "funding", "--year", year, "--json")
            assert code == 0
            assert json.loads(out)["years"]["first"] == int(year)

    def test_help_describes_the_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "funding", "-h")
        assert code == 0
        assert out.startswith("usage: telecentre funding")
        assert "--from YYYY" in out
        assert "funding" in run(capsys, "-h")[1]


def test_the_documentation_shows_the_funding_command() -> None:
    shown = {command.split()[0] for command, _ in _EXAMPLES}
    assert "funding" in shown


# -- activities and calendar ---------------------------------------------------------------

PROGRAMME = """
[[members]]
id = "anne"
name = "Anne"
kind = "independent"

[programme]
registrations = [ { activity = "st-1", member = "anne", on = 2011-10-01 } ]
attendance = [ { activity = "st-1", member = "anne", present = true } ]

[[programme.activities]]
id = "st-1"
kind = "training"
title = "Santé & travail"
theme = "sante-travail"
centre = "murat"
day = 2011-10-31
starts = 09:00:00
ends = 12:00:00
places = 4
audience = "public"
"""


class TestActivities:
    def test_the_activities_of_a_period_as_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        from telecentre_core.report import activities_report, render_activities

        first, last = dt.date(2011, 10, 1), dt.date(2011, 11, 30)
        code, out, err = run(capsys, "activities", "--from", "2011-10-01", "--to", "2011-11-30")
        assert (code, err) == (0, "")
        network = tc.datasets.cybercantal()
        assert out == render_activities(activities_report(network, start=first, end=last))
        assert out.startswith(
            "Cybercantal, Cantal (15): activities, from 2011-10-01 to 2011-11-30\n"
        )

    def test_json_is_the_report_data(self, capsys: pytest.CaptureFixture[str]) -> None:
        from telecentre_core.report import activities_report

        code, out, _ = run(capsys, "activities", "--json")
        assert code == 0
        assert json.loads(out) == activities_report(tc.datasets.cybercantal())
        assert json.loads(out)["period"] == {"first_day": None, "last_day": None}
        assert len(json.loads(out)["activities"]) == 12
        assert "Santé & travail" in out  # accents kept, not escaped

    @pytest.mark.parametrize(
        ("argv", "period"),
        [
            (["--from", "2012-01-01"], "from 2012-01-01 on"),
            (["--to", "2011-12-31"], "until 2011-12-31"),
            ([], "all dates"),
            (["--from", "2011-10-10", "--to", "2011-10-10"], "from 2011-10-10 to 2011-10-10"),
        ],
    )
    def test_either_end_may_stay_open(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], period: str
    ) -> None:
        code, out, _ = run(capsys, "activities", *argv)
        assert code == 0
        assert out.splitlines()[0] == f"Cybercantal, Cantal (15): activities, {period}"

    def test_a_file_is_reported_on(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + PROGRAMME + MURAT)
        code, out, _ = run(capsys, "activities", path)
        assert code == 0
        assert out.startswith("Test, Cantal (15): activities, all dates\n")
        assert "2011-10-31  09:00-12:00  murat" in out

    def test_a_file_without_a_programme_has_no_activity(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, out, _ = run(capsys, "activities", write(tmp_path, HEADER + MURAT))
        assert code == 0
        assert out.splitlines()[-1] == "No activity in this period."

    def test_a_programme_that_breaks_a_rule_is_refused_with_its_path(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        broken = PROGRAMME.replace('centre = "murat"', 'centre = "ydes"')
        path = write(tmp_path, HEADER + broken + MURAT)
        code, out, err = run(capsys, "activities", path)
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            f"{path}: programme.activities[0].centre: programme.activities: no centre 'ydes' "
            "in the network",
            f"{path}: invalid: 1 problem",
        ]

    def test_a_time_written_wrongly_is_a_schema_problem(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        broken = PROGRAMME.replace("starts = 09:00:00", 'starts = "9h"')
        path = write(tmp_path, HEADER + broken + MURAT)
        code, _, err = run(capsys, "activities", path)
        assert code == 2
        assert err.splitlines()[0] == (
            f"{path}: programme.activities[0].starts: must be a time of day written HH:MM, "
            "got a string ('9h')"
        )

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["--from", "2011-10-02", "--to", "2011-10-01"], "--to 2011-10-01 is before --from"),
            (["--from", "2011-13-01"], "argument --from: '2011-13-01' is not a date"),
            (["--to", "31/12/2011"], "argument --to: '31/12/2011' is not a date written"),
        ],
    )
    def test_days_given_wrongly_are_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        code, out, err = run(capsys, "activities", *argv)
        assert (code, out) == (2, "")
        assert err.startswith("usage: telecentre activities ")
        assert f"telecentre activities: error: {message}" in err


class TestCalendar:
    STAMP = dt.datetime(2011, 9, 1, 8, 30, tzinfo=dt.UTC)

    def _run(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str
    ) -> tuple[int, str, str]:
        monkeypatch.setattr(cli, "now", lambda: self.STAMP)
        return run(capsys, "calendar", *argv)

    def test_the_calendar_is_the_icalendar_text_of_the_network(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from telecentre_core.ics import calendar

        code, out, err = self._run(capsys, monkeypatch)
        assert (code, err) == (0, "")
        assert out == calendar(tc.datasets.cybercantal(), stamp=self.STAMP)
        assert out.startswith("BEGIN:VCALENDAR\r\n")
        assert out.count("BEGIN:VEVENT") == 12

    def test_lines_end_in_crlf_and_text_is_utf_8(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _, out, _ = self._run(capsys, monkeypatch, "--centre", "chaudes-aigues")
        assert out.endswith("END:VCALENDAR\r\n")
        assert "\n" not in out.replace("\r\n", "")
        assert "SUMMARY:Santé & travail\r\n" in out

    def test_one_centres_calendar(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        code, out, _ = self._run(capsys, monkeypatch, "--centre", "aurillac")
        assert code == 0
        assert "X-WR-CALNAME:Télécentre d'Aurillac\r\n" in out
        assert out.count("BEGIN:VEVENT") == 3

    def test_the_stamp_is_now(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _, out, _ = self._run(capsys, monkeypatch, "--centre", "saint-flour")
        assert "DTSTAMP:20110901T083000Z\r\n" in out

    def test_an_unknown_centre_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        code, out, err = self._run(capsys, monkeypatch, "--centre", "paris")
        assert (code, out) == (2, "")
        assert err.startswith(
            "telecentre: cybercantal (reference): --centre: no centre with id 'paris' in the "
            "network (its centres: murat, ydes, "
        )
        assert err.count("\n") == 1

    def test_a_file_is_exported(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + PROGRAMME + MURAT)
        code, out, _ = self._run(capsys, monkeypatch, path)
        assert code == 0
        assert "UID:st-1@test.telecentre-core\r\n" in out
        assert "DTSTART;TZID=Europe/Paris:20111031T090000\r\n" in out

    def test_an_invalid_file_is_refused(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        path = write(tmp_path, HEADER + PROGRAMME.replace("places = 4", "places = 0") + MURAT)
        code, out, err = self._run(capsys, monkeypatch, path)
        assert (code, out) == (2, "")
        assert "programme.activities[0].places: must be at least 1, got 0" in err

    def test_text_only_standard_output_gets_the_text(self, monkeypatch: pytest.MonkeyPatch) -> None:
        stream = io.StringIO()  # no .buffer underneath
        monkeypatch.setattr(sys, "stdout", stream)
        monkeypatch.setattr(cli, "now", lambda: self.STAMP)
        assert cli.main(["calendar", "--centre", "saint-flour"]) == 0
        assert stream.getvalue().startswith("BEGIN:VCALENDAR\r\n")

    def test_a_real_process_writes_crlf_bytes(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "telecentre_core", "calendar", "--centre", "saint-flour"],
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
        assert b"\r\r\n" not in result.stdout
        assert result.stdout.count(b"\n") == result.stdout.count(b"\r\n")
        assert "Télécentre de Saint-Flour".encode() in result.stdout

    def test_help_describes_the_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "calendar", "-h")
        assert code == 0
        assert "--centre ID" in out
        assert "calendar" in run(capsys, "-h")[1]
