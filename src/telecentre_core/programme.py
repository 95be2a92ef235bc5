"""Figures of a network's programme, as funders ask for them.

:func:`programme_figures` counts, over a period and per funder, theme or
centre, what funders such as the European Social Fund ask for: sessions
held, registrations, the attendance rate, the hours of training delivered
and the people trained. It returns attrs objects and does no I/O; the
command line's ``telecentre activities`` shows them
(:func:`telecentre_core.report.activities_report`).

>>> import datetime as dt
>>> from telecentre_core.datasets import cybercantal
>>> network = cybercantal()
>>> figures = programme_figures(
...     network, start=dt.date(2011, 10, 1), end=dt.date(2011, 10, 31), by=Breakdown.THEME
... )
>>> row = figures.rows[0]
>>> row.label, row.figures.sessions_held, row.figures.training_hours, row.figures.people_trained
('Santé & travail', 4, Decimal('12.00'), 5)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from .activity import Activity, ActivityKind, Programme
from .network import Network

__all__ = [
    "Breakdown",
    "Figures",
    "FiguresRow",
    "ProgrammeFigures",
    "programme_figures",
]

_RATE = Decimal("0.0001")
_HOURS = Decimal("0.01")


class Breakdown(enum.StrEnum):
    """What a report's rows are: one per funder, per theme or per centre."""

    FUNDER = "funder"
    THEME = "theme"
    CENTRE = "centre"


@attrs.frozen(kw_only=True)
class Figures:
    """What a set of activities amounts to, as funders ask for it.

    - ``sessions``: activities scheduled; ``sessions_held`` those with
      attendance recorded (the library knows a session took place only from
      its attendance sheet).
    - ``places``, ``registered`` (places taken), ``waiting``: over all the
      sessions, at the end of registrations.
    - ``expected``: places taken in the sessions held; ``present`` of them
      came. Someone holding a place without a record counts as absent.
    - ``training_minutes``: the length of the training sessions held, as the
      time that really passed; ``trainee_minutes``: that length times the
      people present at each.
    - ``people_trained``: distinct people present at one training session
      at least.
    """

    sessions: int = 0
    sessions_held: int = 0
    places: int = 0
    registered: int = 0
    waiting: int = 0
    expected: int = 0
    present: int = 0
    training_minutes: int = 0
    trainee_minutes: int = 0
    people_trained: int = 0

    @property
    def absent(self) -> int:
        """People holding a place in a session held who did not come."""
        return self.expected - self.present

    @property
    def attendance_rate(self) -> Decimal | None:
        """``present / expected``, to four decimals (half-up); ``None`` before any session."""
        if not self.expected:
            return None
        return (Decimal(self.present) / Decimal(self.expected)).quantize(
            _RATE, rounding=ROUND_HALF_UP
        )

    @property
    def training_hours(self) -> Decimal:
        """Hours of training delivered, to the hundredth."""
        return _hours(self.training_minutes)

    @property
    def trainee_hours(self) -> Decimal:
        """Hours of training times the people present, to the hundredth."""
        return _hours(self.trainee_minutes)


@attrs.frozen(kw_only=True)
class FiguresRow:
    """The figures of one funder, theme or centre: ``key`` is its id, ``None`` for none.

    ``label`` is how the row is shown (a name, or ``no funder`` and ``free theme``);
    ``figures`` are its figures.
    """

    label: str
    figures: Figures
    key: str | None = None


@attrs.frozen(kw_only=True)
class ProgrammeFigures:
    """The figures of the activities from ``start`` to ``end`` (both included; ``None``: open).

    ``rows`` break them down ``by`` funder, theme or centre (none when ``by``
    is ``None``); ``total`` is the whole, whose ``people_trained`` counts
    each person once even when they appear in several rows.
    """

    rows: tuple[FiguresRow, ...]
    total: Figures
    start: dt.date | None = None
    end: dt.date | None = None
    by: Breakdown | None = None


def programme_figures(
    network: Network,
    programme: Programme | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    by: Breakdown | None = None,
) -> ProgrammeFigures:
    """The figures of ``programme``'s activities from ``start`` to ``end``, broken down ``by``.

    ``programme`` unset: the network's own. ``start`` and ``end`` are both
    included; unset, the period is open at that end. Rows are in the order
    of the network's funders, specialisations or centres, then any other key
    in alphabetical order (a programme checked against another network may
    name them), then the activities with no funder or a free theme.
    """
    if programme is None:
        programme = network.programme
    activities = programme.agenda(start=start, end=end)
    rows: list[FiguresRow] = []
    if by is not None:
        key_of = _KEYS[by]
        groups: dict[str | None, list[Activity]] = defaultdict(list)
        for activity in activities:
            groups[key_of(activity)].append(activity)
        order = _order(network, by)
        keys = sorted(groups, key=lambda key: _rank(order, key))
        rows = [
            FiguresRow(
                key=key,
                label=_label(network, by, key),
                figures=_figures(network, programme, groups[key]),
            )
            for key in keys
        ]
    return ProgrammeFigures(
        start=start,
        end=end,
        by=by,
        rows=tuple(rows),
        total=_figures(network, programme, activities),
    )


def _figures(network: Network, programme: Programme, activities: Iterable[Activity]) -> Figures:
    counts: dict[str, int] = defaultdict(int)
    trained: set[str] = set()
    for activity in activities:
        holders = programme.registered(activity.id)
        records = {record.member: record.present for record in programme.attendance_of(activity.id)}
        counts["sessions"] += 1
        counts["places"] += activity.places
        counts["registered"] += len(holders)
        counts["waiting"] += len(programme.waiting(activity.id))
        if not records:
            continue
        came = [member for member in holders if records.get(member, False)]
        counts["sessions_held"] += 1
        counts["expected"] += len(holders)
        counts["present"] += len(came)
        if activity.kind is ActivityKind.TRAINING:
            minutes = int(activity.duration(network.timezone).total_seconds()) // 60
            counts["training_minutes"] += minutes
            counts["trainee_minutes"] += minutes * len(came)
            trained.update(came)
    return Figures(**counts, people_trained=len(trained))


def _hours(minutes: int) -> Decimal:
    # A whole number of minutes is never exactly half a hundredth of an hour, so no
    # rounding mode gives another result (equivalent mutants); half-up says the intent.
    return (Decimal(minutes) / 60).quantize(_HOURS, rounding=ROUND_HALF_UP)  # pragma: no mutate


_KEYS: dict[Breakdown, Callable[[Activity], str | None]] = {
    Breakdown.FUNDER: lambda activity: activity.funder,
    Breakdown.THEME: lambda activity: activity.theme,
    Breakdown.CENTRE: lambda activity: activity.centre,
}


def _order(network: Network, by: Breakdown) -> list[str]:
    if by is Breakdown.FUNDER:
        return [funder.id for funder in network.funders]
    if by is Breakdown.THEME:
        return [specialisation.slug for specialisation in network.specialisations]
    return [centre.id for centre in network.centres]


def _rank(order: Sequence[str], key: str | None) -> tuple[int, int, str]:
    if key is None:
        # Last; there is one such group, so the other two places never decide (equivalent
        # mutants).
        return (2, 0, "")  # pragma: no mutate
    if key in order:
        return (0, order.index(key), "")
    return (1, 0, key)


def _label(network: Network, by: Breakdown, key: str | None) -> str:
    if by is Breakdown.FUNDER:
        if key is None:
            return "no funder"
        names = {funder.id: funder.name for funder in network.funders}
        return names.get(key, key)
    if by is Breakdown.THEME:
        if key is None:
            return "free theme"
        labels = {item.slug: item.label for item in network.specialisations}
        return labels.get(key, key)
    names = {centre.id: centre.name for centre in network.centres}
    return names.get(str(key), str(key))
