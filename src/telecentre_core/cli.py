"""The ``telecentre`` command line: validate, report on, plan, bill, fund and animate a network.

Every command works on the reference network (the Cantal's Cybercantal) when
no file is given. :func:`main` returns the exit code instead of exiting, so
tests and other Python code can call it: ``main(["report", "--json"])``.

Exit codes: 0 success; 1 the file is well formed but the network breaks the
rules; 2 the file cannot be read or parsed or does not match the schema, or
the command line is wrong; 3 an internal error (a bug: ``--debug`` shows the
traceback); 130 interrupted; 141 the reader of standard output went away
(``telecentre plan | head -1``), like a command stopped by SIGPIPE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, Final

from . import __version__
from .centre import Centre
from .cget import Located, fold, locate_commune
from .dates import now, parse_date, today
from .errors import (
    InvalidValue,
    NetworkFileError,
    RuleViolation,
    TelecentreError,
    UnknownCentre,
)
from .finder import Found
from .i18n import LANGUAGES, Language, language_from_environment, texts
from .network import Network
from .report import (
    activities_report,
    bill_report,
    funding_report,
    members_report,
    network_report,
    occupancy_report,
    plan_report,
    render_activities,
    render_bill,
    render_funding,
    render_members,
    render_occupancy,
    render_plan,
    render_report,
)

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_BROKEN_RULES",
    "EXIT_INTERNAL_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_UNUSABLE",
    "main",
]

#: Success.
EXIT_OK: Final = 0
#: The file is well formed, but the network it describes breaks the rules.
EXIT_BROKEN_RULES: Final = 1
#: The file cannot be read or parsed, does not match the schema, or the usage is wrong.
EXIT_UNUSABLE: Final = 2
#: A bug in the library: an exception it did not raise on purpose.
EXIT_INTERNAL_ERROR: Final = 3
#: Interrupted (Ctrl-C): 128 + SIGINT, as a shell reports it.
EXIT_INTERRUPTED: Final = 130
#: Standard output was closed by its reader: 128 + SIGPIPE, as a shell reports it.
EXIT_BROKEN_PIPE: Final = 141

#: How the reference network is named in messages when no FILE is given.
REFERENCE_LABEL: Final = "cybercantal (reference)"

_PROG: Final = "telecentre"

_MONTH: Final = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_YEAR: Final = re.compile(r"\d{4}", re.ASCII)
#: The last year a bill can be asked for: its billing periods end the next month.
_LAST_YEAR: Final = 9998
#: The most years one funding report covers: each year bills every member twelve times.
_MAX_FUNDING_YEARS: Final = 100
#: The commands whose output is the same in every language: they take no ``--lang``.
_NEUTRAL_COMMANDS: Final = frozenset({"calendar", "schema"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Never raises ``SystemExit`` and never prints a traceback unless
    ``--debug`` is given.
    """
    try:
        code = _run(argv)
        # Flush here, inside the try: a reader that went away shows up now, not
        # as an "Exception ignored" message when the interpreter shuts down.
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return code


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        check: Callable[[argparse.Namespace], None] | None = getattr(args, "check", None)
        if check is not None:
            check(args)  # what argparse cannot check alone; exits 2 like a usage error
    except SystemExit as exit_:
        # argparse exits for -h, --version (0) and usage errors (2).
        return exit_.code if isinstance(exit_.code, int) else EXIT_UNUSABLE
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except NetworkFileError as error:
        _print_problems(error)
        return EXIT_BROKEN_RULES if error.broken_rules_only else EXIT_UNUSABLE
    except TelecentreError as error:
        _error(f"{_label(args)}: {error}")
        return EXIT_BROKEN_RULES if isinstance(error, RuleViolation) else EXIT_UNUSABLE
    except BrokenPipeError:
        raise  # handled in main(): not a bug, the reader went away
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        else:
            _error(f"internal error: {type(error).__name__}: {error}")
            _error("this is a bug; run again with --debug to see the traceback")
        return EXIT_INTERNAL_ERROR


# -- the parser ------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description=(
            "Validate, report on, plan, list the members of, bill, show the funding and the "
            "activities of a telework-centre network file (.toml or .json), or export its "
            "activities as a calendar. Without FILE, every command works on the reference "
            "network, the Cantal's Cybercantal."
        ),
        epilog=(
            "exit codes: 0 ok; 1 the network breaks the rules; 2 the file cannot be read or "
            "parsed or does not match the schema, or a usage error (an unknown --centre too); "
            "3 internal error"
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_options(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    validate = commands.add_parser(
        "validate",
        help="check a network file and list every problem",
        description=(
            "Check a network file. Valid: a one-line summary on standard output. Invalid: "
            "every problem on standard error, one a line, as FILE: PATH: MESSAGE, then the "
            "count."
        ),
    )
    _add_file(validate)
    validate.set_defaults(command=_validate)

    report = commands.add_parser(
        "report",
        help="the network on a date: its centres and totals",
        description=(
            "The network on a date: each planned or open centre (id, name, commune, "
            "status, seats, specialisations) and the totals."
        ),
    )
    _add_file(report)
    _add_as_of(report)
    _add_json(report)
    report.set_defaults(command=_report)

    plan = commands.add_parser(
        "plan",
        help="the network's timeline and its open seats year by year",
        description=(
            "Every change of the network in date order (plans, openings, seat changes, "
            "specialisations, closings), then the open seats on 31 December of each year."
        ),
    )
    _add_file(plan)
    _add_json(plan)
    plan.set_defaults(command=_plan)

    members = commands.add_parser(
        "members",
        help="who is a member on a date, on which tier, and who is still free",
        description=(
            "The members on a date: each member's id, name, kind, home centre, tier that "
            "day and who pays it (the member, or a company under an agreement), the day "
            "they first joined, and until when they are free or since when they pay; then "
            "the totals."
        ),
    )
    _add_file(members)
    _add_as_of(members)
    _add_json(members)
    members.set_defaults(command=_members)

    bill = commands.add_parser(
        "bill",
        help="a month's charges per member, and their totals",
        description=(
            "The charges of a month: one line per charge (member, days charged, tier or "
            "pass, reason, payer, amount), then the totals per member, per payer, per "
            "reason, and the grand total."
        ),
    )
    _add_file(bill)
    bill.add_argument(
        "--month",
        metavar="YYYY-MM",
        type=_month,
        required=True,
        help="the month to bill, YYYY-MM",
    )
    _add_json(bill)
    bill.set_defaults(command=_bill)

    _add_occupancy(commands)

    funding = commands.add_parser(
        "funding",
        help="who funds what, the coverage of costs and the break-even fee, by year",
        description=(
            "The funding of a year or a range of years: each funder's contributions by "
            "category, the coverage of each cost category, each centre's part, what members "
            "pay (from billing), the balance, the public subsidy per seat and per regular "
            "user, and the monthly fee that would cover the operating costs without subsidy."
        ),
    )
    _add_file(funding)
    funding.add_argument(
        "--year",
        metavar="YYYY",
        type=_year,
        help="the year to report on (default: this year in the network's time zone)",
    )
    funding.add_argument(
        "--from",
        dest="from_year",
        metavar="YYYY",
        type=_year,
        help="the first year of a range, with --to",
    )
    funding.add_argument(
        "--to",
        dest="to_year",
        metavar="YYYY",
        type=_year,
        help="the last year of a range, with --from",
    )
    _add_json(funding)
    funding.set_defaults(command=_funding, check=lambda args: _check_years(funding, args))

    activities = commands.add_parser(
        "activities",
        help="the activities of a period and their figures for funders",
        description=(
            "The activities from one day to another (both included): each session's day, "
            "time, centre, kind, title, places, registered and waiting; then, by funder, by "
            "theme and by centre, the sessions held, registrations, attendance, hours of "
            "training delivered and people trained."
        ),
    )
    _add_file(activities)
    activities.add_argument(
        "--from",
        dest="first_day",
        metavar="DATE",
        type=_date,
        help="the first day, YYYY-MM-DD (default: from the first activity)",
    )
    activities.add_argument(
        "--to",
        dest="last_day",
        metavar="DATE",
        type=_date,
        help="the last day, YYYY-MM-DD (default: to the last activity)",
    )
    _add_json(activities)
    activities.set_defaults(command=_activities, check=lambda args: _check_days(activities, args))

    calendar = commands.add_parser(
        "calendar",
        help="the activities as iCalendar, for calendar applications",
        description=(
            "Write the activities of the whole network, or of one centre, to standard output "
            "as iCalendar (RFC 5545) text, with the network's time zone, for calendar "
            "applications to import or subscribe to: telecentre calendar > activities.ics"
        ),
    )
    _add_file(calendar)
    calendar.add_argument(
        "--centre",
        metavar="ID",
        help="only the activities of the centre with this id (default: every centre)",
    )
    calendar.set_defaults(command=_calendar)

    _add_find_and_import(commands)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of network files",
        description="Print the JSON Schema of network files, as JSON.",
    )
    schema.set_defaults(command=_schema, file=None)
    _add_lang_to_text_commands(commands)
    return parser


def _add_lang_to_text_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    """Give ``--lang`` to every command that writes text for people, whoever added it."""
    for name, command in commands.choices.items():
        if name not in _NEUTRAL_COMMANDS:
            _add_lang(command)


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    parser.add_argument(
        "--max-bytes",
        metavar="SIZE",
        type=_size,
        help=(
            "refuse a FILE larger than this, before reading it: bytes, or KiB, MiB, GiB with "
            "K, M, G (default: 512M)"
        ),
    )


def _add_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="a network file, .toml or .json (default: the reference network)",
    )


def _add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=_date,
        help="the date, YYYY-MM-DD (default: today in the network's time zone)",
    )


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="write JSON instead of text")


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        metavar="{fr,en}",
        help=(
            "the language of the text: fr (French) or en (English); default: from the "
            "locale (LC_ALL, then LC_MESSAGES, then LANG): French for fr*, else English. "
            "JSON and error messages are the same in every language"
        ),
    )


def _date(text: str) -> dt.date:
    """An argparse ``type``: a ``YYYY-MM-DD`` date, or a usage error that says why."""
    try:
        return parse_date(text)
    except ValueError as error:
        message = str(error)
        if text not in message:  # "day is out of range for month" names no date
            message = f"{text!r} is not a date: {message}"
        raise argparse.ArgumentTypeError(message) from None


_SIZE: Final = re.compile(r"([0-9]+)([KMG]?)", re.ASCII | re.IGNORECASE)


def _size(text: str) -> int:
    """An argparse ``type``: bytes (``1000``) or KiB, MiB, GiB (``512M``), else a usage error."""
    match = _SIZE.fullmatch(text.strip())
    size = 0 if match is None else int(match[1]) * 1024 ** " KMG".index(match[2].upper() or " ")
    if size <= 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a size: a number of bytes, or of KiB, MiB, GiB with K, M, G (512M)"
        )
    return size


def _month(text: str) -> tuple[int, int]:
    """An argparse ``type``: a ``YYYY-MM`` month as ``(year, month)``, or a usage error."""
    match = _MONTH.fullmatch(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month written YYYY-MM")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a month: the month must be from 01 to 12"
        )
    if not 1 <= year <= _LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a month: the year must be from 0001 to {_LAST_YEAR}"
        )
    return year, month


def _year(text: str) -> int:
    """An argparse ``type``: a ``YYYY`` year a report can cover, or a usage error."""
    if _YEAR.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year written YYYY")
    year = int(text)
    if not 1 <= year <= _LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year a report can cover: from 0001 to {_LAST_YEAR}"
        )
    return year


def _check_years(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--year`` alone, or ``--from`` with ``--to`` in order, or neither: else a usage error."""
    first, last = args.from_year, args.to_year
    if args.year is not None and (first is not None or last is not None):
        parser.error("--year cannot be given with --from or --to")
    if (first is None) != (last is None):
        parser.error("--from and --to go together: give both, or --year")
    if first is not None and last is not None:
        if last < first:
            parser.error(f"--to {last:04d} is before --from {first:04d}")
        if last - first + 1 > _MAX_FUNDING_YEARS:
            parser.error(f"a report covers at most {_MAX_FUNDING_YEARS} years")


def _check_days(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--to`` not before ``--from``: else a usage error."""
    first, last = args.first_day, args.last_day
    if first is not None and last is not None and last < first:
        parser.error(f"--to {last.isoformat()} is before --from {first.isoformat()}")


# -- the commands ------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    network = _load(args.file, args.max_bytes)
    day = today(network.timezone)
    on_day = network.as_of(day)
    centres = len(network.centres)
    tr = texts(_lang(args))
    _print(
        tr(
            "{label}: valid: network {name} ({territory}), {centres} ({open} open, {planned} "
            "planned), {seats} open seats on {date}",
            label=tr("cybercantal (reference)") if args.file is None else args.file,
            name=tr.quote(network.name),
            territory=network.territory.name,
            centres=tr("{count} centre" if centres == 1 else "{count} centres", count=centres),
            open=len(on_day.open_centres),
            planned=len(on_day.planned_centres),
            seats=on_day.seats,
            date=tr.date(day.isoformat()),
        )
    )
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    network = _load(args.file, args.max_bytes)
    day: dt.date = args.as_of if args.as_of is not None else today(network.timezone)
    data = network_report(network, day)
    _print(_json(data) if args.json else render_report(data, lang=_lang(args)), end="")
    return EXIT_OK


def _plan(args: argparse.Namespace) -> int:
    data = plan_report(_load(args.file, args.max_bytes))
    _print(_json(data) if args.json else render_plan(data, lang=_lang(args)), end="")
    return EXIT_OK


def _members(args: argparse.Namespace) -> int:
    network = _load(args.file, args.max_bytes)
    day: dt.date = args.as_of if args.as_of is not None else today(network.timezone)
    data = members_report(network, day)
    _print(_json(data) if args.json else render_members(data, lang=_lang(args)), end="")
    return EXIT_OK


def _bill(args: argparse.Namespace) -> int:
    year, month = args.month
    data = bill_report(_load(args.file, args.max_bytes), year, month)
    _print(_json(data) if args.json else render_bill(data, lang=_lang(args)), end="")
    return EXIT_OK


def _occupancy(args: argparse.Namespace) -> int:
    year, month = args.month
    data = occupancy_report(_load(args.file, args.max_bytes), year, month)
    _print(_json(data) if args.json else render_occupancy(data, lang=_lang(args)), end="")
    return EXIT_OK


def _funding(args: argparse.Namespace) -> int:
    network = _load(args.file, args.max_bytes)
    if args.from_year is not None:
        first, last = args.from_year, args.to_year
    else:
        first = args.year if args.year is not None else today(network.timezone).year
        last = first
    data = funding_report(network, first, last)
    _print(_json(data) if args.json else render_funding(data, lang=_lang(args)), end="")
    return EXIT_OK


def _activities(args: argparse.Namespace) -> int:
    data = activities_report(
        _load(args.file, args.max_bytes), start=args.first_day, end=args.last_day
    )
    _print(_json(data) if args.json else render_activities(data, lang=_lang(args)), end="")
    return EXIT_OK


def _calendar(args: argparse.Namespace) -> int:
    from .ics import calendar  # imported when asked: most commands never need it

    network = _load(args.file, args.max_bytes)
    try:
        text = calendar(network, centre=args.centre, stamp=now())
    except UnknownCentre as error:
        # A wrong option, not a broken rule of the network: a usage error.
        known = ", ".join(centre.id for centre in network.centres) or "none"
        _error(f"{_label(args)}: --centre: {error} (its centres: {known})")
        return EXIT_UNUSABLE
    _write_bytes(text)
    return EXIT_OK


def _schema(_args: argparse.Namespace) -> int:
    from .schema import network_schema  # imported when asked: most commands never need it

    _print(_json(network_schema()), end="")
    return EXIT_OK


# -- find and import-cget ------------------------------------------------------------


def _add_occupancy(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    occupancy = commands.add_parser(
        "occupancy",
        help="a month's occupancy: seat-hours booked over open, regular users, use by kind",
        description=(
            "The occupancy of a month, per centre and for the network: the seat-hours open "
            "(each opening in real hours, times the seats), the seat-hours booked and their "
            "ratio; the regular users (at least the policy's regular_use bookings in the "
            "month); the use by member kind."
        ),
    )
    _add_file(occupancy)
    occupancy.add_argument(
        "--month",
        metavar="YYYY-MM",
        type=_month,
        required=True,
        help="the month, YYYY-MM",
    )
    _add_json(occupancy)
    occupancy.set_defaults(command=_occupancy)


def _add_find_and_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    find = commands.add_parser(
        "find",
        help="the centres near a commune or a point, nearest first",
        description=(
            "The centres open on a day near a commune (of the network's centres, else of the "
            "CGET 2019 census of tiers-lieux; any case, accents or not) or an INSEE code or a "
            "point LAT,LON, nearest first, with their distance in km as the crow flies."
        ),
    )
    _add_file(find)
    find.add_argument(
        "--near",
        metavar="COMMUNE-or-LAT,LON",
        required=True,
        help="a commune's name or INSEE code (Murat, 15138), or a point (45.11,2.87)",
    )
    find.add_argument(
        "--within",
        metavar="KM",
        type=_kilometres,
        help="at most this many kilometres away (default: any distance)",
    )
    find.add_argument(
        "--specialisation",
        metavar="S",
        help="only the centres holding this specialisation that day (its slug or its label)",
    )
    find.add_argument(
        "--equipment",
        metavar="FEATURE",
        help="only the centres whose equipment has this feature (printer, videoconference)",
    )
    find.add_argument(
        "--on",
        metavar="DATE",
        type=_date,
        help="the day, YYYY-MM-DD: centres open that day (default: today in the network's zone)",
    )
    find.add_argument(
        "--free-on",
        metavar="DATE[:UNIT]",
        type=_free_on,
        help=(
            "only the centres with a free seat that day, for the whole of UNIT (morning, "
            "afternoon, day: the policy's units) or of the day's opening; sets --on"
        ),
    )
    _add_json(find)
    find.set_defaults(command=_find)

    import_cget = commands.add_parser(
        "import-cget",
        help="a starter network file from the CGET 2019 census of tiers-lieux",
        description=(
            "Write a starter network file with one centre per tiers-lieu of a département in "
            "the CGET 2019 census (CGET, Mission Coworking, 2019, Licence Ouverte 2.0): id, "
            "name, commune, INSEE code, postcode and location. Seats and opening dates are "
            "not in the data: the file says what to fill in before it validates."
        ),
    )
    import_cget.add_argument(
        "csv",
        metavar="CSV",
        nargs="?",
        help="the CGET file (default: the copy shipped with the library)",
    )
    import_cget.add_argument(
        "--departement",
        metavar="NN",
        required=True,
        help="the département code: 01 to 95, 2A, 2B, 971 to 976",
    )
    import_cget.add_argument(
        "--output",
        metavar="FILE",
        help="where to write it; - for standard output (default: tiers-lieux-NN.toml)",
    )
    import_cget.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    import_cget.set_defaults(command=_import_cget, file=None)


def _kilometres(text: str) -> float:
    """An argparse ``type``: a finite number of kilometres, 0 or more, or a usage error."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a distance: a number of km, 0 or more")
    return value


def _find(args: argparse.Namespace) -> int:
    network = _load(args.file, args.max_bytes)
    day: dt.date = args.on if args.on is not None else today(network.timezone)
    if args.free_on is not None:
        if args.on is not None and args.on != args.free_on[0]:
            raise InvalidValue(
                "--free-on", args.free_on[0].isoformat(), f"must be the day of --on ({day})"
            )
        day = args.free_on[0]
    located = locate_commune(args.near, network)
    specialisation: str | None = args.specialisation
    if specialisation is not None:
        labels = {fold(item.label): item.slug for item in network.specialisations}
        slugs = {item.slug for item in network.specialisations}
        if specialisation not in slugs:
            specialisation = labels.get(fold(specialisation), specialisation)
    found = network.find(
        located.point,
        within_km=args.within,
        specialisation=specialisation,
        equipment=args.equipment,
        on=day,
        available=_available(args, network),
    )
    data = _found_data(network, located, day, args, specialisation, found)
    _print(_json(data) if args.json else _render_found(data), end="")
    return EXIT_OK


def _free_on(text: str) -> tuple[dt.date, str | None]:
    """An argparse ``type``: ``DATE`` or ``DATE:UNIT``."""
    day, _, unit = text.partition(":")
    if _ and not unit:
        raise argparse.ArgumentTypeError(f"{text!r}: a unit must follow the colon (DATE:UNIT)")
    return _date(day), unit or None


def _available(args: argparse.Namespace, network: Network) -> Callable[[Centre], bool] | None:
    """The test of a free seat asked for with ``--free-on``; None: not asked."""
    if args.free_on is None:
        return None
    day, unit = args.free_on
    if unit is not None and unit not in {known.slug for known in network.policy.units}:
        units = ", ".join(known.slug for known in network.policy.units)
        raise InvalidValue("--free-on", unit, f"must be a unit of the policy: {units}")
    return lambda centre: network.free_seats(centre.id, day, unit) > 0


def _found_data(
    network: Network,
    located: Located,
    day: dt.date,
    args: argparse.Namespace,
    specialisation: str | None,
    found: Sequence[Found],
) -> dict[str, Any]:
    return {
        "network": {
            "name": network.name,
            "territory": {"code": network.territory.code, "name": network.territory.name},
        },
        "near": {
            "query": located.query,
            "found_in": located.source,
            "commune": located.name,
            "insee": located.insee,
            "departement": located.departement,
            "lat": located.point.lat,
            "lon": located.point.lon,
        },
        "on": day.isoformat(),
        "free_on": (
            {"day": day.isoformat(), "unit": args.free_on[1]} if args.free_on is not None else None
        ),
        "within_km": args.within,
        "specialisation": specialisation,
        "equipment": args.equipment,
        "centres": [
            {
                "id": item.centre.id,
                "name": item.centre.name,
                "commune": {
                    "name": item.centre.commune.name,
                    "insee": item.centre.commune.insee,
                    "postcode": item.centre.commune.postcode,
                },
                "distance_km": round(item.distance_km, 3),
                "lat": item.centre.location.lat,
                "lon": item.centre.location.lon,
                "seats": item.centre.open_seats_on(day),
                "free_seats": (
                    network.free_seats(item.centre.id, day, args.free_on[1])
                    if args.free_on is not None
                    else None
                ),
                "specialisations": [
                    {"slug": slug, "label": network.specialisation(slug).label}
                    for slug in item.centre.specialisations_on(day)
                ],
            }
            for item in found
        ],
    }


def _render_found(data: dict[str, Any]) -> str:
    from .report import _table

    near = data["near"]
    if near["found_in"] == "point":
        where = f"{near['lat']}, {near['lon']}"
    else:
        code = near["insee"] or f"département {near['departement']}"
        if near["found_in"] == "cget":
            code += ", placed by the CGET 2019 census"
        where = f"{near['commune']} ({code})"
    conditions = [f"open on {data['on']} near {where}"]
    if data["within_km"] is not None:
        conditions.append(f"within {data['within_km']:g} km")
    if data["specialisation"] is not None:
        conditions.append(f"holding {data['specialisation']}")
    if data["equipment"] is not None:
        conditions.append(f"with {data['equipment']}")
    free_on = data["free_on"]
    if free_on is not None:
        unit = free_on["unit"]
        conditions.append("with a free seat" + (f" for the {unit}" if unit else " that day"))
    territory = data["network"]["territory"]
    lines = [
        f"{data['network']['name']}, {territory['name']} ({territory['code']}): centres "
        + ", ".join(conditions),
        "",
    ]
    rows = data["centres"]
    if rows:
        seats = ["seats", "free"] if free_on is not None else ["seats"]
        lines.extend(
            _table(
                ("km", "id", "name", "commune (INSEE)", *seats, "specialisations"),
                [
                    (
                        f"{row['distance_km']:.1f}",
                        row["id"],
                        row["name"],
                        f"{row['commune']['name']} ({row['commune']['insee']})",
                        str(row["seats"]),
                        *([str(row["free_seats"])] if free_on is not None else []),
                        ", ".join(held["label"] for held in row["specialisations"]) or "-",
                    )
                    for row in rows
                ],
                align="><<<>" + (">" if free_on is not None else "") + "<",
            )
        )
        lines.extend(["", f"{len(rows)} {'centre' if len(rows) == 1 else 'centres'} found."])
    else:
        lines.append("No centre found.")
    return "\n".join(lines) + "\n"


def _import_cget(args: argparse.Namespace) -> int:
    from .cget import (
        ATTRIBUTION,
        CGET_FILE,
        builtin_places,
        departement,
        load_places,
        starter_network,
    )

    source = args.csv if args.csv is not None else f"the packaged {CGET_FILE}"
    try:
        territory = departement(args.departement)
        places = builtin_places() if args.csv is None else load_places(args.csv)
        starter = starter_network(places, territory.code, source=source)
    except TelecentreError as error:
        _error(str(error))
        return EXIT_UNUSABLE
    output: str = args.output or f"tiers-lieux-{territory.code.lower()}.toml"
    if output == "-":
        _print(starter.text, end="")
        tell = _note
    else:
        try:
            with open(output, "w" if args.force else "x", encoding="utf-8", newline="\n") as file:
                file.write(starter.text)
        except FileExistsError:
            _error(f"{output}: the file exists; give --force to overwrite it")
            return EXIT_UNUSABLE
        except OSError as error:
            _error(f"{output}: cannot be written: {error.strerror or error}")
            return EXIT_UNUSABLE
        tell = _print
    count = len(starter.places)
    centres = f"{count} {'centre' if count == 1 else 'centres'}"
    name = "standard output" if output == "-" else output
    tell(f"{name}: {centres} of {territory.name} ({territory.code}) from {source}")
    tell(
        f"Before it validates, fill in for each of the {centres}: seats (the seat timeline) "
        "and lifecycle.opens (or lifecycle.planned_from)."
    )
    for what, ids in starter.missing.items():
        many = f"{len(ids)} {'centre' if len(ids) == 1 else 'centres'}"
        tell(f"Also fill in {what} for {many}: {', '.join(ids)}.")
    if starter.checks:
        lines = "the line" if len(starter.checks) == 1 else f"the {len(starter.checks)} lines"
        tell(
            f"Check {lines} marked CHECK: values the importer inferred from the coordinates, "
            "or dropped as doubtful."
        )
    tell(f"Source: {ATTRIBUTION}.")
    tell(f"Then run: telecentre validate {'FILE' if output == '-' else output}")
    return EXIT_OK


def _note(text: str) -> None:
    """A message for people on standard error, when standard output carries data."""
    print(text, file=sys.stderr)


# -- helpers -----------------------------------------------------------------------


def _load(file: str | None, max_bytes: int | None = None) -> Network:
    if file is None:
        from .datasets import cybercantal

        return cybercantal()
    from .io import load_network

    return load_network(file) if max_bytes is None else load_network(file, max_bytes=max_bytes)


def _lang(args: argparse.Namespace) -> Language:
    """The language of ``--lang``, or else the one the locale asks for."""
    lang: Language | None = args.lang
    return lang if lang is not None else language_from_environment()


def _label(args: argparse.Namespace) -> str:
    file: str | None = args.file
    return REFERENCE_LABEL if file is None else file


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _print(text: str, *, end: str = "\n") -> None:
    # sys.stdout is looked up on each call, so that tests capturing it see the output.
    print(text, end=end, file=sys.stdout)


def _write_bytes(text: str) -> None:
    """``text`` on standard output as UTF-8 bytes, its line endings (CRLF) kept as they are.

    Text mode would turn each LF into CR LF on Windows, and so a CR LF into CR CR LF.
    """
    sys.stdout.flush()  # what was printed before comes first
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (io.StringIO): no bytes to write to
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8"))


def _error(text: str) -> None:
    print(f"{_PROG}: {text}", file=sys.stderr)


def _print_problems(error: NetworkFileError) -> None:
    source = error.source
    for problem in error.problems:
        # One problem a line, even if a parser's message spans several.
        message = " ".join(problem.message.split("\n"))
        where = f"{problem.path}: " if problem.path else ""
        print(f"{source}: {where}{message}", file=sys.stderr)
    count = len(error.problems)
    print(
        f"{source}: invalid: {count} {'problem' if count == 1 else 'problems'}",
        file=sys.stderr,
    )


def _silence_stdout() -> None:
    """Point standard output at the null device, so the final flush cannot fail again."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file: nothing will flush it at exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
