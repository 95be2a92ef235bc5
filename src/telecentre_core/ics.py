"""iCalendar (RFC 5545) export of a network's activities, with its time zone carried.

Each activity is one ``VEVENT`` whose start and end are local times tagged
with the network's zone (``DTSTART;TZID=Europe/Paris:20111024T090000``), and
the calendar carries a ``VTIMEZONE`` that defines that zone with its daylight
saving rules, so that a calendar application shows 09:00 on both sides of a
clock change, wherever it runs. Peers that export UTC times, or local times
without a zone, show sessions an hour off for half the year.

The text uses CRLF line endings, lines folded at 75 octets (never inside a
UTF-8 character) and escaped text values. UIDs are stable: exporting the
same programme again gives the same UIDs, so a subscribed calendar updates
its events instead of duplicating them.

>>> import datetime as dt
>>> from telecentre_core.activity import Activity, ActivityKind, Programme
>>> from telecentre_core.datasets import cybercantal
>>> network = cybercantal()
>>> session = Activity(
...     id="cafe-2011-10",
...     kind=ActivityKind.ANIMATION,
...     title="Café télétravail",
...     centre="murat",
...     day=dt.date(2011, 10, 31),
...     starts=dt.time(9),
...     ends=dt.time(10, 30),
...     places=6,
... )
>>> stamp = dt.datetime(2011, 9, 1, tzinfo=dt.UTC)
>>> text = calendar(network, Programme(activities=[session]), stamp=stamp)
>>> for line in text.split("\\r\\n"):
...     if line.startswith(("UID", "DTSTART;")):
...         print(line)
UID:cafe-2011-10@cybercantal.telecentre-core
DTSTART;TZID=Europe/Paris:20111031T090000
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

import attrs

from .activity import Activity, ActivityKind, Audience, Programme
from .dates import zone
from .network import Network

__all__ = ["calendar", "escape_text", "fold", "vtimezone"]

_CRLF: Final = "\r\n"
_LINE_OCTETS: Final = 75
_WEEKDAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Control characters other than tab have no place in a TEXT value (RFC 5545, 3.3.11).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NOT_SLUG: Final = re.compile(r"[^a-z0-9]+")


def calendar(
    network: Network,
    programme: Programme | None = None,
    *,
    centre: str | None = None,
    stamp: dt.datetime | None = None,
    domain: str | None = None,
) -> str:
    """The iCalendar text of the activities of ``centre``, or of the whole network.

    - ``programme``: the activities to export; the network's own by default.
    - ``centre``: a centre id; unknown ones raise
      :class:`~telecentre_core.errors.UnknownCentre`.
    - ``stamp``: the aware moment written as every event's ``DTSTAMP``
      (when the calendar was made); now by default. Pass one for output that
      is the same on every run.
    - ``domain``: the right-hand side of every UID
      (``<activity id>@<domain>``); by default the network's name as a slug,
      followed by ``.telecentre-core``.
    """
    if programme is None:
        programme = network.programme
    if centre is not None:
        network.centre(centre)
    if stamp is None:
        stamp = dt.datetime.now(dt.UTC)
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError("stamp must be an aware datetime")
    activities = programme.agenda(centre=centre)
    years = [activity.day.year for activity in activities] or [stamp.year]
    name = network.name if centre is None else network.centre(centre).name
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_product_id()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{network.timezone}",
        *vtimezone(network.timezone, min(years), max(years)),
    ]
    uid_domain = domain if domain is not None else f"{_slug(network.name)}.telecentre-core"
    for activity in activities:
        lines.extend(_event(network, programme, activity, stamp, uid_domain))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + _CRLF for line in lines)


def escape_text(text: str) -> str:
    r"""``text`` as an iCalendar TEXT value: ``\``, ``;``, ``,`` and newlines escaped.

    Control characters other than tab are dropped; a CR LF pair is one newline.

    >>> escape_text("Santé; travail, et\nformation")
    'Santé\\; travail\\, et\\nformation'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", text.replace("\n", "\\n"))


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets of UTF-8, joined by CRLF and a space.

    A fold never splits a character's bytes.

    >>> parts = fold("DESCRIPTION:" + "é" * 40).split("\\r\\n ")
    >>> [len(part.encode("utf-8")) for part in parts]  # 75 would cut an é in two
    [74, 18]
    """
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = _LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
            limit = _LINE_OCTETS - 1  # a continuation line starts with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return (_CRLF + " ").join(parts)


# -- the time zone -------------------------------------------------------------------


@attrs.frozen
class _Transition:
    """The zone's offset changes at ``utc`` (an aware UTC instant)."""

    utc: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool

    @property
    def onset(self) -> dt.datetime:
        """The local time the change happens, by the clock before it (naive)."""
        return (self.utc + self.offset_from).replace(tzinfo=None)

    @property
    def group(self) -> tuple[bool, dt.timedelta, dt.timedelta, str]:
        return (self.daylight, self.offset_from, self.offset_to, self.name)


def vtimezone(time_zone: str, first_year: int, last_year: int) -> list[str]:
    """The unfolded lines of a ``VTIMEZONE`` for ``time_zone``, right for those years.

    Built from the time zone database: each kind of change (to summer time,
    back to standard time) becomes a ``DAYLIGHT`` or ``STANDARD`` observance
    with a yearly ``RRULE`` when it follows one (Europe/Paris: the last Sunday
    of March at 02:00, of October at 03:00), or with its dates listed
    (``RDATE``) when it does not. The year before ``first_year`` is included,
    so that its last change defines the offset of early January. A zone with
    no change in that span gets one ``STANDARD`` observance.
    """
    tz = zone(time_zone)
    changes = _transitions(tz, first_year - 1, last_year)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{time_zone}", f"X-LIC-LOCATION:{time_zone}"]
    if not changes:
        moment = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC).astimezone(tz)
        offset = moment.utcoffset() or dt.timedelta(0)
        lines.extend(
            [
                "BEGIN:STANDARD",
                f"TZOFFSETFROM:{_offset(offset)}",
                f"TZOFFSETTO:{_offset(offset)}",
                f"TZNAME:{escape_text(moment.tzname() or time_zone)}",
                "DTSTART:19700101T000000",
                "END:STANDARD",
            ]
        )
    else:
        groups: dict[tuple[bool, dt.timedelta, dt.timedelta, str], list[_Transition]] = {}
        for change in changes:
            groups.setdefault(change.group, []).append(change)
        components: list[tuple[dt.datetime, list[str]]] = []
        for members in groups.values():
            singles: list[_Transition] = []
            for run, rule in _runs(members):
                if rule is None:
                    singles.extend(run)
                else:
                    # A rule still in force changes in the last year looked at, too.
                    ongoing = run[-1].onset.year == last_year
                    components.append((run[0].utc, _observance(run, rule, ongoing=ongoing)))
            if singles:
                components.append((singles[0].utc, _observance(singles, None, ongoing=False)))
        for _start, component in sorted(components, key=lambda item: item[0]):
            lines.extend(component)
    lines.append("END:VTIMEZONE")
    return lines


def _transitions(tz: dt.tzinfo, first_year: int, last_year: int) -> list[_Transition]:
    """Every change of ``tz``'s offset, name or daylight flag in those years, in order."""

    def state(moment: dt.datetime) -> tuple[dt.timedelta | None, dt.timedelta | None, str | None]:
        local = moment.astimezone(tz)
        return (local.utcoffset(), local.dst(), local.tzname())

    found: list[_Transition] = []
    step = dt.timedelta(hours=6)  # zones change at most twice a year, months apart
    moment = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC)
    before = state(moment)
    while moment < end:
        after = state(moment + step)
        if after != before:
            low, high = moment, moment + step  # state(low) == before, state(high) != before
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if state(middle) == before:
                    low = middle
                else:
                    high = middle
            changed = state(high)
            found.append(
                _Transition(
                    utc=high.replace(microsecond=0),
                    offset_from=before[0] or dt.timedelta(0),
                    offset_to=changed[0] or dt.timedelta(0),
                    name=changed[2] or "",
                    daylight=bool(changed[1]),
                )
            )
            before = changed
            # The next step starts from the change itself, so nothing between is missed.
            moment = high
            continue
        moment += step
    return found


def _observance(members: Sequence[_Transition], rule: str | None, *, ongoing: bool) -> list[str]:
    """One STANDARD or DAYLIGHT observance of ``members``, changes of one kind.

    With a ``rule`` (a BYDAY value, ``-1SU``), they are one a year on that
    rule, which ends with the last of them unless it is ``ongoing``; without
    one, they are listed one by one.
    """
    first = members[0]
    kind = "DAYLIGHT" if first.daylight else "STANDARD"
    lines = [
        f"BEGIN:{kind}",
        f"TZOFFSETFROM:{_offset(first.offset_from)}",
        f"TZOFFSETTO:{_offset(first.offset_to)}",
        f"TZNAME:{escape_text(first.name)}",
        f"DTSTART:{_local(first.onset)}",
    ]
    if rule is not None:
        # UNTIL a day after the last change: some readers (dateutil) compare it with the
        # local onsets, others in UTC, as RFC 5545 says; the occurrences are the same for all.
        last = members[-1].utc + dt.timedelta(days=1)
        until = "" if ongoing else f";UNTIL={_utc(last)}"
        lines.append(f"RRULE:FREQ=YEARLY;BYMONTH={first.onset.month};BYDAY={rule}{until}")
    else:
        lines.extend(f"RDATE:{_local(change.onset)}" for change in members[1:])
    lines.append(f"END:{kind}")
    return lines


def _runs(members: Sequence[_Transition]) -> list[tuple[list[_Transition], str | None]]:
    """``members`` cut into runs of changes, one a year, each run following one yearly rule.

    A run keeps the month, the weekday, the time of day, and the n-th or the
    last such weekday of the month (France: the last Sunday of September at
    03:00 until 1995, of October from 1996). Each run comes with its BYDAY
    value (the last weekday when both fit), or ``None`` for a change alone.
    """
    runs: list[tuple[list[_Transition], set[str]]] = []
    for change in members:
        onset = change.onset
        if runs:
            run, rules = runs[-1]
            previous = run[-1].onset
            common = rules & _rules(onset)
            if (
                common
                and onset.year == previous.year + 1
                and (onset.month, onset.weekday(), onset.time())
                == (previous.month, previous.weekday(), previous.time())
            ):
                run.append(change)
                runs[-1] = (run, common)
                continue
        runs.append(([change], _rules(onset)))
    # "-1SU" sorts before "4SU": the last weekday is preferred, as calendars write it.
    return [(run, min(rules) if len(run) > 1 else None) for run, rules in runs]


def _rules(onset: dt.datetime) -> set[str]:
    """The BYDAY values that name ``onset``'s day in its month: ``2SU``, and ``-1SU`` if last."""
    weekday = _WEEKDAYS[onset.weekday()]
    found = {f"{(onset.day - 1) // 7 + 1}{weekday}"}
    if onset.day + 7 > _calendar.monthrange(onset.year, onset.month)[1]:
        found.add(f"-1{weekday}")
    return found


# -- events --------------------------------------------------------------------------


def _event(
    network: Network, programme: Programme, activity: Activity, stamp: dt.datetime, domain: str
) -> list[str]:
    tzid = network.timezone
    centre = network.centre(activity.centre)
    location = f"{centre.name}, {centre.commune.name} ({centre.commune.postcode})"
    return [
        "BEGIN:VEVENT",
        f"UID:{activity.id}@{domain}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART;TZID={tzid}:{_local(dt.datetime.combine(activity.day, activity.starts))}",
        f"DTEND;TZID={tzid}:{_local(dt.datetime.combine(activity.day, activity.ends))}",
        f"SUMMARY:{escape_text(activity.title)}",
        f"LOCATION:{escape_text(location)}",
        f"GEO:{centre.location.lat:.6f};{centre.location.lon:.6f}",
        f"DESCRIPTION:{escape_text(_description(network, programme, activity))}",
        f"CATEGORIES:{activity.kind.value.upper()}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def _description(network: Network, programme: Programme, activity: Activity) -> str:
    kind = "Training" if activity.kind is ActivityKind.TRAINING else "Animation"
    lines = [kind]
    if activity.theme is not None:
        labels = {item.slug: item.label for item in network.specialisations}
        lines.append(f"Theme: {labels.get(activity.theme, activity.theme)}")
    if activity.series is not None:
        sessions = programme.sessions(activity.series)
        number = sessions.index(activity) + 1
        lines.append(f"Session {number} of {len(sessions)}")
    audience = "members" if activity.audience is Audience.MEMBERS else "everyone"
    lines.append(f"Places: {activity.places}, open to {audience}")
    price = "free" if not activity.price else str(activity.price)
    lines.append(f"Price: {price}")
    if activity.funder is not None:
        lines.append(f"Funded by: {_funder_name(network, activity.funder)}")
    if activity.notes:
        lines.append(activity.notes)
    return "\n".join(lines)


def _funder_name(network: Network, funder_id: str) -> str:
    # A programme checked against another network may name a funder this one lacks.
    for funder in network.funders:
        if funder.id == funder_id:
            return funder.name
    return funder_id


# -- values --------------------------------------------------------------------------


def _local(moment: dt.datetime) -> str:
    """A local (floating) DATE-TIME: ``20111024T090000``."""
    return moment.strftime("%Y%m%dT%H%M%S")


def _utc(moment: dt.datetime) -> str:
    """A UTC DATE-TIME: ``20111024T070000Z``."""
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _offset(offset: dt.timedelta) -> str:
    """A UTC-OFFSET: ``+0100``, ``-0330``, ``+001500`` (seconds only when there are some)."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}{minutes:02d}"
    return f"{text}{seconds:02d}" if seconds else text


def _slug(name: str) -> str:
    return _NOT_SLUG.sub("-", name.lower()).strip("-") or "network"


def _product_id() -> str:
    # Looked up when needed: the package's __init__ may import this module before it sets
    # its version.
    from . import __version__

    return f"-//telecentre-core//telecentre-core {__version__}//EN"
