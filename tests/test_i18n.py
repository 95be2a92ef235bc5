"""The reports in French and English: ``--lang``, the locale, the catalogue, the formats."""

from __future__ import annotations

import ast
import datetime as dt
import enum
import json
import subprocess
import sys
from pathlib import Path

import pytest

import telecentre_core as tc
from telecentre_core import cli, i18n
from telecentre_core.i18n import Texts, language_from_environment, texts
from telecentre_core.report import (
    bill_report,
    funding_report,
    network_report,
    render_bill,
    render_funding,
    render_report,
)

SRC = Path(tc.__file__).resolve().parent
EXPECTED = Path(__file__).resolve().parent / "i18n"

NNBSP = "\u202f"  # narrow no-break space: French groups thousands with it
NBSP = "\u00a0"  # no-break space: before the euro sign, the percent sign and a colon


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- the language of the environment ----------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_CA"}, "fr"),
        ({"LANG": "fr"}, "fr"),
        ({"LANG": "FR_be.utf8"}, "fr"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
        ({"LANG": ""}, "en"),
        ({"LC_MESSAGES": "fr_FR.UTF-8", "LANG": "en_GB.UTF-8"}, "fr"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB", "LANG": "en_GB"}, "fr"),
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
        # An empty variable is as good as unset: the next one decides.
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}, "fr"),
        # Only the locale of messages counts, not that of numbers or dates.
        ({"LC_NUMERIC": "fr_FR.UTF-8", "LC_TIME": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_the_locale_of_messages_picks_the_language(environ: dict[str, str], language: str) -> None:
    assert language_from_environment(environ) == language


def test_the_process_environment_is_read_when_none_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert language_from_environment() == "fr"


class TestTheCommandLineLanguage:
    def test_a_french_locale_gives_french_reports(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("LANG", "fr_FR.UTF-8")
        _, out, _ = run(capsys, "report", "--as-of", "2012-02-29")
        assert out.startswith("Cybercantal, Cantal (15), au 29 février 2012\n")

    def test_lc_all_overrides_lang(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("LANG", "fr_FR.UTF-8")
        monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
        _, out, _ = run(capsys, "report", "--as-of", "2012-02-29")
        assert out.startswith("Cybercantal, Cantal (15), on 2012-02-29\n")

    def test_lang_on_the_command_line_overrides_the_locale(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
        _, english, _ = run(capsys, "bill", "--month", "2012-02", "--lang", "en")
        monkeypatch.setenv("LC_ALL", "C")
        _, french, _ = run(capsys, "bill", "--month", "2012-02", "--lang", "fr")
        assert english.startswith("Cybercantal, Cantal (15): bill for 2012-02\n")
        assert french.startswith(f"Cybercantal, Cantal (15){NBSP}: facturation de février 2012\n")

    def test_an_english_or_unknown_locale_changes_nothing(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("LANG", "de_DE.UTF-8")
        _, out, _ = run(capsys, "funding", "--year", "2011")
        assert out == render_funding(funding_report(tc.datasets.cybercantal(), 2011))

    @pytest.mark.parametrize("language", ["de", "FR", "french", ""])
    def test_an_unknown_language_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], language: str
    ) -> None:
        code, out, err = run(capsys, "report", "--lang", language)
        assert (code, out) == (2, "")
        assert f"argument --lang: invalid choice: {language!r}" in err

    @pytest.mark.parametrize(
        "command",
        [
            ["validate"],
            ["report"],
            ["plan"],
            ["members"],
            ["bill", "--month", "2012-02"],
            ["funding", "--year", "2011"],
            ["activities"],
        ],
        ids=lambda command: command[0],
    )
    def test_every_command_that_writes_text_takes_lang(
        self, capsys: pytest.CaptureFixture[str], command: list[str]
    ) -> None:
        code, french, err = run(capsys, *command, "--lang", "fr")
        assert (code, err) == (0, "")
        _, english, _ = run(capsys, *command, "--lang", "en")
        assert french != english

    @pytest.mark.parametrize("command", ["schema", "calendar"])
    def test_commands_whose_output_is_for_programs_take_no_lang(
        self, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        code, _, err = run(capsys, command, "--lang", "fr")
        assert code == 2
        assert "unrecognized arguments: --lang" in err

    @pytest.mark.parametrize(
        "command",
        [
            ["report", "--as-of", "2012-02-29"],
            ["plan"],
            ["members", "--as-of", "2011-06-01"],
            ["bill", "--month", "2012-02"],
            ["funding", "--from", "2006", "--to", "2012"],
            ["activities"],
        ],
        ids=lambda command: command[0],
    )
    def test_json_is_the_same_in_every_language(
        self, capsys: pytest.CaptureFixture[str], command: list[str]
    ) -> None:
        _, french, _ = run(capsys, *command, "--json", "--lang", "fr")
        _, english, _ = run(capsys, *command, "--json", "--lang", "en")
        assert french == english
        json.loads(french)

    def test_error_messages_stay_in_english(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, _, err = run(capsys, "report", str(tmp_path / "absent.toml"), "--lang", "fr")
        assert code == 2
        assert "invalid: 1 problem" in err


# -- the French reports of the reference network ----------------------------------------------


def _expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["report", "--as-of", "2012-02-29"], "report-2012-02-29.fr.txt"),
        (["bill", "--month", "2012-02"], "bill-2012-02.fr.txt"),
        (["funding", "--year", "2011"], "funding-2011.fr.txt"),
        (["members", "--as-of", "2011-06-01"], "members-2011-06-01.fr.txt"),
        (["activities"], "activities.fr.txt"),
        (["plan"], "plan.fr.txt"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else value,
)
def test_the_french_reports_of_the_reference_network(
    capsys: pytest.CaptureFixture[str], command: list[str], expected: str
) -> None:
    code, out, err = run(capsys, *command, "--lang", "fr")
    assert (code, err) == (0, "")
    assert out == _expected(expected)


class TestTheFrenchReport:
    def test_its_heading_dates_the_report_in_words(self) -> None:
        data = network_report(tc.datasets.cybercantal(), dt.date(2012, 2, 29))
        lines = render_report(data, lang="fr").splitlines()
        assert lines[0] == "Cybercantal, Cantal (15), au 29 février 2012"
        assert lines[2].split() == [
            "id",
            "nom",
            "commune",
            "(INSEE)",
            "statut",
            "postes",
            "spécialisations",
        ]

    def test_statuses_are_french_words(self) -> None:
        data = network_report(tc.datasets.cybercantal(), dt.date(2012, 2, 29))
        text = render_report(data, lang="fr")
        assert "Murat (15138)              ouvert          6  Création d'entreprise" in text
        assert "Maurs (15122)              en projet       0  Photographie" in text
        assert text.endswith(
            "Totaux\n"
            "centres ouverts     7\n"
            "centres en projet   3\n"
            "communes            7\n"
            "postes             27\n"
            "spécialisations    10\n"
        )


class TestTheFrenchBill:
    @pytest.fixture
    def text(self) -> str:
        return render_bill(bill_report(tc.datasets.cybercantal(), 2012, 2), lang="fr")

    def test_its_heading_names_the_month_and_the_period_in_words(self, text: str) -> None:
        assert text.splitlines()[:2] == [
            f"Cybercantal, Cantal (15){NBSP}: facturation de février 2012",
            "Période de facturation du 1 février 2012 au 29 février 2012 "
            f"(jour de facturation{NBSP}: 1){NNBSP}; prorata{NBSP}: au jour",
        ]

    def test_a_line_has_french_days_reason_payer_and_amount(self, text: str) -> None:
        assert (
            "m01     Membre 01 (illustratif)  du 01/02/2012 au 29/02/2012  intensif      "
            f"cotisation  membre m01           100,00{NBSP}€"
        ) in text.splitlines()
        assert (
            "m29     Membre 29 (illustratif)  08/02/2012                   pass journée  "
            f"pass        membre m29            20,00{NBSP}€"
        ) in text.splitlines()

    def test_amounts_group_thousands_with_a_narrow_no_break_space(self, text: str) -> None:
        assert text.endswith(
            "Totaux\n"
            f"payé par les membres      1{NNBSP}559,62{NBSP}€\n"
            f"payé par les entreprises    150,00{NBSP}€\n"
            f"total                     1{NNBSP}709,62{NBSP}€\n"
        )

    def test_companies_and_reasons_are_french_words(self, text: str) -> None:
        assert f"entreprise groupe-a  Grand groupe A (illustratif)  150,00{NBSP}€" in text
        assert f"cotisation  1{NNBSP}650,00{NBSP}€\nprorata        39,62{NBSP}€\n" in text

    def test_an_empty_month_says_nothing_is_charged(self) -> None:
        text = render_bill(bill_report(tc.datasets.cybercantal(), 2005, 1), lang="fr")
        assert "Rien n'est facturé pour janvier 2005." in text.splitlines()


class TestTheFrenchFunding:
    @pytest.fixture
    def text(self) -> str:
        return render_funding(funding_report(tc.datasets.cybercantal(), 2011), lang="fr")

    def test_its_heading_names_the_year(self, text: str) -> None:
        assert text.startswith(f"Cybercantal, Cantal (15){NBSP}: financement en 2011\n")

    def test_a_range_of_years_reads_de_to_a(self) -> None:
        data = funding_report(tc.datasets.cybercantal(), 2006, 2008)
        assert render_funding(data, lang="fr").startswith(
            f"Cybercantal, Cantal (15){NBSP}: financement de 2006 à 2008\n"
        )

    def test_funder_kinds_and_categories_are_french_words(self, text: str) -> None:
        assert (
            "conseil-general-cantal  département     animation  "
            f"25{NNBSP}000,00{NBSP}€       0,00{NBSP}€  25{NNBSP}000,00{NBSP}€"
        ) in text.splitlines()
        assert (
            "fse                     fonds européen  formation   "
            f"4{NNBSP}000,00{NBSP}€       0,00{NBSP}€   4{NNBSP}000,00{NBSP}€"
        ) in text.splitlines()

    def test_percentages_and_decimals_use_a_decimal_comma(self, text: str) -> None:
        lines = text.splitlines()
        assert f"part des coûts payée par les membres                   26,4{NBSP}%" in lines
        assert "postes-années                                           25,00" in lines
        assert "mois-membres payants                267,38" in lines

    def test_the_break_even_fee_is_a_french_sentence(self, text: str) -> None:
        assert text.endswith(
            f"274,00{NBSP}€ par mois est au-dessus de la fourchette de la politique, "
            f"de 50,00{NBSP}€ à 100,00{NBSP}€.\n"
        )

    def test_the_split_rule_is_said_in_words(self, text: str) -> None:
        assert (
            "Par centre (contributions au réseau réparties au prorata des postes)"
            in text.splitlines()
        )


# -- the formats ------------------------------------------------------------------------------


class TestFormats:
    @pytest.mark.parametrize(
        ("amount", "french", "english"),
        [
            ("1234.50", f"1{NNBSP}234,50{NBSP}€", "1234.50 €"),
            ("0.00", f"0,00{NBSP}€", "0.00 €"),
            ("-39.62", f"-39,62{NBSP}€", "-39.62 €"),
            ("1234567.89", f"1{NNBSP}234{NNBSP}567,89{NBSP}€", "1234567.89 €"),
        ],
    )
    def test_amounts(self, amount: str, french: str, english: str) -> None:
        assert texts("fr").money(amount) == french
        assert texts("en").money(amount) == english

    @pytest.mark.parametrize(
        ("iso", "long", "short"),
        [
            ("2012-02-29", "29 février 2012", "29/02/2012"),
            ("2011-08-01", "1 août 2011", "01/08/2011"),
            ("2006-12-31", "31 décembre 2006", "31/12/2006"),
        ],
    )
    def test_dates(self, iso: str, long: str, short: str) -> None:
        assert texts("fr").date(iso) == long
        assert texts("fr").day(iso) == short
        assert texts("en").date(iso) == texts("en").day(iso) == iso

    def test_months(self) -> None:
        assert texts("fr").month("2012-02") == "février 2012"
        assert texts("en").month("2012-02") == "2012-02"

    @pytest.mark.parametrize(
        ("value", "french"),
        [("26.4", f"26,4{NBSP}%"), ("100.0", f"100,0{NBSP}%"), ("1234.5", f"1{NNBSP}234,5{NBSP}%")],
    )
    def test_percentages_keep_their_decimals(self, value: str, french: str) -> None:
        assert texts("fr").percent(value) == french
        assert texts("en").percent(value) == f"{value} %"

    def test_numbers(self) -> None:
        french = texts("fr")
        assert french.number("25.00") == "25,00"
        assert french.number("1234") == f"1{NNBSP}234"
        assert french.integer(1234) == f"1{NNBSP}234"
        assert texts("en").number("1234.00") == "1234.00"
        assert texts("en").integer(1234) == "1234"

    def test_quotes(self) -> None:
        assert texts("fr").quote("Cybercantal") == f"«{NBSP}Cybercantal{NBSP}»"
        assert texts("en").quote("Cybercantal") == "'Cybercantal'"

    def test_texts_of_a_language_are_made_once(self) -> None:
        assert texts("fr") is texts("fr")
        assert repr(texts("fr")) == "texts('fr')"

    def test_an_unknown_language_is_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown language 'de'"):
            Texts("de")  # type: ignore[arg-type]

    def test_a_message_the_catalogue_lacks_is_written_in_english(self) -> None:
        assert texts("fr")("no such message {n}", n=1) == "no such message 1"


# -- the catalogue ----------------------------------------------------------------------------


def _messages_used() -> set[str]:
    """Every literal message the text renderers and the command line give ``tr(...)``."""
    used = set()
    for module in ("report.py", "cli.py"):
        tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id != "tr" or not node.args:
                continue
            message = node.args[0]
            # A literal, or one of two literals ("{count} centre" if ... else "{count} centres").
            choices = (
                [message.body, message.orelse] if isinstance(message, ast.IfExp) else [message]
            )
            used.update(
                choice.value
                for choice in choices
                if isinstance(choice, ast.Constant) and isinstance(choice.value, str)
            )
    return used


#: Messages that come from the model as data, translated where the renderers meet them.
_FROM_THE_MODEL = {"no funder", "free theme"}


def test_every_message_of_the_reports_has_its_french() -> None:
    assert _messages_used() - set(i18n._FRENCH) == set()


def test_the_catalogue_holds_no_message_nobody_writes() -> None:
    assert set(i18n._FRENCH) - _messages_used() - _FROM_THE_MODEL == set()


def test_the_french_messages_have_the_fields_of_the_english() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for english, french in i18n._FRENCH.items():
        assert fields(french) == fields(english), english


_VOCABULARIES: dict[str, type[enum.Enum]] = {
    "activity-kind": tc.ActivityKind,
    "audience": tc.Audience,
    "category": tc.CostCategory,
    "change": tc.ChangeKind,
    "funder-kind": tc.FunderKind,
    "member-kind": tc.MemberKind,
    "member-kinds": tc.MemberKind,
    "pass": tc.PassKind,
    "proration": tc.Proration,
    "reason": tc.ChargeReason,
    "split": tc.SplitRule,
    "status": tc.CentreStatus,
}


@pytest.mark.parametrize("vocabulary", sorted(i18n._FRENCH_TERMS))
def test_every_value_of_a_vocabulary_has_its_french(vocabulary: str) -> None:
    terms = i18n._FRENCH_TERMS[vocabulary]  # type: ignore[index]
    if vocabulary == "payer":
        values = {"member", "company"}  # billing.Payer.kind
    else:
        values = {str(member.value) for member in _VOCABULARIES[vocabulary]}
    assert set(terms) == values


def test_importing_the_library_does_not_import_babel() -> None:
    code = (
        "import sys, telecentre_core, telecentre_core.cli, telecentre_core.report; "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'babel'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout == "[]\n"


def test_english_reports_do_not_import_babel() -> None:
    code = (
        "import sys; from telecentre_core import cli; "
        "cli.main(['funding', '--year', '2011', '--lang', 'en']); "
        "print('babel' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stderr == "False\n"


def test_the_french_bill_of_the_command_line_page_is_real_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text("utf-8")
    shown = page.split("(`telecentre bill --lang fr --month 2012-02`):\n\n```text\n", 1)[1]
    shown = shown.split("```\n", 1)[0]
    _, out, _ = run(capsys, "bill", "--lang", "fr", "--month", "2012-02")
    assert out.endswith("\n" + shown)
    assert f"1{NNBSP}709,62{NBSP}€" in shown  # the page shows the real characters
