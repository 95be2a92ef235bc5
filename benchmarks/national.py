"""The national benchmark: telecentre-core at the scale of every French tiers-lieu.

Run from the repository's root, with the ``bench`` extra installed
(``pip install -e '.[bench]'``)::

    python -m benchmarks.national                      # full size: 15,000 centres, 2M requests
    python -m benchmarks.national --bookings-factor 10 # ten times the booking requests
    python -m benchmarks.national --quick              # 1/100 scale, as CI runs it

It builds the scenario (``benchmarks/scenario.py``), writes its network file (JSON) to a
temporary folder, then times each operation against baselines run in the same process on
the same data, and prints a Markdown table of the figures, each with its ratio to its
baseline and the target. Every timing is the best of ``--repeat`` runs (the spread, best to
worst, is printed too): on a shared machine the best run is the one least disturbed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import telecentre_core as tc
from benchmarks import scenario
from telecentre_core.finder import scan


class Figure:
    """One row of the table: a timing, its baseline, and the target on their ratio."""

    def __init__(
        self,
        name: str,
        seconds: float,
        *,
        count: int = 1,
        baseline: float | None = None,
        baseline_name: str = "",
        target: float | None = None,
        spread: tuple[float, float] | None = None,
        note: str = "",
        unit: str = "s",
    ) -> None:
        self.name = name
        self.seconds = seconds
        self.count = count
        self.baseline = baseline
        self.baseline_name = baseline_name
        self.target = target
        self.spread = spread
        self.note = note
        self.unit = unit

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline:
            return None
        return self.seconds / self.baseline

    @property
    def met(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        return self.ratio <= self.target

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "seconds": self.seconds,
            "count": self.count,
            "baseline": self.baseline,
            "baseline_name": self.baseline_name,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
            "spread": self.spread,
            "note": self.note,
            "unit": self.unit,
        }


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, float, Any]:
    """The best and worst times of ``repeat`` runs of ``work``, and its last result."""
    times = []
    result = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), max(times), result


def _show_time(seconds: float, count: int) -> str:
    per = seconds / count
    whole = f"{seconds:.3f} s" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"
    if count == 1:
        return whole
    if per >= 1e-3:
        return f"{whole} ({per * 1e3:.2f} ms each)"
    return f"{whole} ({per * 1e6:.2f} µs each)"


# -- baselines: the least plain-Python work over the same records -------------------------


def floor_book(
    requests: list[tuple[str, str, dt.date, str | None, str | None]], seats: dict[str, int]
) -> tuple[dict[tuple[str, dt.date, str | None], int], set[tuple[str, dt.date]]]:
    """A dict of counters: a seat per centre, day and unit; a member once a day."""
    held: dict[tuple[str, dt.date, str | None], int] = {}
    busy: set[tuple[str, dt.date]] = set()
    for member, centre, day, unit, _time in requests:
        key = (centre, day, unit)
        count = held.get(key, 0)
        if count < seats[centre] and (member, day) not in busy:
            held[key] = count + 1
            busy.add((member, day))
    return held, busy


def floor_check(
    requests: list[tuple[str, str, dt.date, str | None, str | None]],
    seats: dict[str, int],
    held: dict[tuple[str, dt.date, str | None], int],
    busy: set[tuple[str, dt.date]],
) -> int:
    """The counters' answer to each request, without booking: how many would be free."""
    free = 0
    for member, centre, day, unit, _time in requests:
        if held.get((centre, day, unit), 0) < seats[centre] and (member, day) not in busy:
            free += 1
    return free


def floor_bill(
    stints: list[tuple[str, str, dt.date, dt.date | None]],
    fees: dict[str, Decimal],
    start: dt.date,
    end: dt.date,
) -> list[tuple[str, Decimal]]:
    """A loop multiplying each member's fee by the months billed (one)."""
    months = 1
    lines = []
    for member, tier, paid_from, left in stints:
        if paid_from <= start and (left is None or left >= end):
            lines.append((member, fees[tier] * months))
    return lines


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance, as the library measures it."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def floor_find(
    points: list[tuple[str, float, float]], lat: float, lon: float, within_km: float
) -> list[tuple[float, str]]:
    """A linear scan of distances: measure every centre, keep the near ones, sort them."""
    found = []
    for centre_id, clat, clon in points:
        distance = haversine_km(lat, lon, clat, clon)
        if distance <= within_km:
            found.append((distance, centre_id))
    found.sort()
    return found


# -- import time ----------------------------------------------------------------------------

_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def import_microseconds(statement: str) -> int:
    """What ``statement`` imports costs, by ``python -X importtime``: top-level modules only.

    Modules the interpreter imports before running anything (``site``, encodings) are left
    out: they are what ``python -c pass`` imports too.
    """
    startup = _top_level(
        subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "pass"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
    )
    lines = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    return sum(cost for name, cost in _top_level(lines).items() if name not in startup)


def _top_level(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for line in text.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and not match.group(3):
            found[match.group(4)] = int(match.group(2))
    return found


# -- the run --------------------------------------------------------------------------------


class Run:
    """One run of the benchmark at a scale; :meth:`figures` does everything."""

    def __init__(
        self,
        scale: float,
        bookings_factor: float,
        repeat: int,
        seed: int,
        pydantic: bool,
        workdir: Path,
        say: Callable[[str], None],
    ) -> None:
        self.scale = scale
        self.bookings_factor = bookings_factor
        self.repeat = repeat
        self.seed = seed
        self.pydantic = pydantic
        self.workdir = workdir
        self.say = say
        self.figures: list[Figure] = []
        self.facts: dict[str, Any] = {}

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        ratio = f", {figure.ratio:.2f}x {figure.baseline_name}" if figure.ratio else ""
        self.say(f"  {figure.name}: {_show_time(figure.seconds, figure.count)}{ratio}")

    def run(self) -> None:
        size = scenario.sizes(self.scale, self.bookings_factor)
        self.facts["sizes"] = size
        self.say(f"building the scenario at scale {self.scale} ({size})")
        started = time.perf_counter()
        document = scenario.build(self.scale, self.seed)
        path = self.workdir / "national.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        self.facts["file_bytes"] = path.stat().st_size
        self.facts["build_seconds"] = time.perf_counter() - started
        self.say(f"  file: {self.facts['file_bytes'] / 1e6:.1f} MB")
        network = self.loading(path)
        del document
        document = json.loads(path.read_text(encoding="utf-8"))
        network = self.booking(network, document)
        self.availability(network, document)
        self.billing(network, document)
        self.funding(network)
        self.occupancy(network)
        self.finder(network, document)
        self.memory(network)
        self.imports()

    def loading(self, path: Path) -> tc.Network:
        self.say("loading the network file")
        floor, _floor_worst, _ = best_of(
            self.repeat, lambda: json.loads(path.read_text(encoding="utf-8"))
        )
        best, worst, network = best_of(self.repeat, lambda: tc.load_network(path))
        self.add(
            Figure(
                "load and validate the network file (json.loads floor)",
                best,
                baseline=floor,
                baseline_name="json.loads",
                target=5.0,
                spread=(best, worst),
            )
        )
        if self.pydantic:
            from benchmarks.pydantic_models import NetworkFile

            model, _model_worst, _ = best_of(
                self.repeat, lambda: NetworkFile.model_validate_json(path.read_bytes())
            )
            self.add(
                Figure(
                    "load and validate the network file (pydantic v2)",
                    best,
                    baseline=model,
                    baseline_name="pydantic",
                    target=1.0,
                    spread=(best, worst),
                    note=f"pydantic: {model:.3f} s",
                )
            )
        self.facts["json_loads_seconds"] = floor
        self.facts["loaded_bookings"] = len(network.bookings)
        return network

    def booking(self, network: tc.Network, document: dict[str, Any]) -> tc.Network:
        size = self.facts["sizes"]
        rng = random.Random(self.seed + 1)
        requests = list(scenario.requests(rng, size["requests"], document))
        seats = {centre.id: centre.seats_on(scenario.YEAR_DAYS[0]) or 1 for centre in network}
        self.say(f"booking {len(requests):,} requests")
        floor, _, (held, busy) = best_of(self.repeat, lambda: floor_book(requests, seats))
        refused: dict[str, int] = {}
        tenth = len(requests) // 10
        snapshot = network
        gc.collect()
        start = time.perf_counter()
        for position, (member, centre, day, unit, span) in enumerate(requests):
            if position == tenth:
                snapshot = network
            try:
                network = network.book(member, centre, day, unit, time=span)
            except tc.RuleViolation as error:
                name = type(error).__name__
                refused[name] = refused.get(name, 0) + 1
        seconds = time.perf_counter() - start
        self.facts["refused"] = refused
        self.facts["ledger_bookings"] = len(network.bookings)
        self.add(
            Figure(
                "book every request (Network.book)",
                seconds,
                count=len(requests),
                baseline=floor,
                baseline_name="dict of counters",
                note=f"{len(network.bookings):,} bookings held; refused: {refused}",
            )
        )
        # A check on a sample of requests, against the whole ledger and against the ledger
        # as it stood after a tenth of the requests.
        sample = requests[:: max(1, len(requests) // 100_000)]
        check_floor, _, _ = best_of(self.repeat, lambda: floor_check(sample, seats, held, busy))

        def checks(on: tc.Network) -> int:
            found = 0
            for member, centre, day, unit, span in sample:
                if on.check_booking(member, centre, day, unit, time=span) is None:
                    found += 1
            return found

        best, worst, _ = best_of(self.repeat, lambda: checks(network))
        self.add(
            Figure(
                "check a booking (Network.check_booking)",
                best,
                count=len(sample),
                baseline=check_floor,
                baseline_name="dict of counters",
                target=5.0,
                spread=(best, worst),
                note=f"ledger of {len(network.bookings):,} bookings",
            )
        )
        early, _early_worst, _ = best_of(self.repeat, lambda: checks(snapshot))
        self.add(
            Figure(
                "check a booking: full ledger against a smaller one",
                best,
                count=len(sample),
                baseline=early,
                baseline_name="smaller ledger",
                target=1.2 if len(network.bookings) >= 5 * len(snapshot.bookings) else None,
                note=f"{len(network.bookings):,} against {len(snapshot.bookings):,} bookings",
            )
        )
        return network

    def availability(self, network: tc.Network, document: dict[str, Any]) -> None:
        rng = random.Random(self.seed + 2)
        ids = [centre["id"] for centre in document["centres"]]
        queries = [
            (rng.choice(ids), rng.choice(scenario.YEAR_DAYS), rng.choice(("morning", "day")))
            for _ in range(min(100_000, max(1_000, len(ids) * 10)))
        ]
        best, worst, _ = best_of(
            self.repeat, lambda: [network.free_seats(c, d, u) for c, d, u in queries]
        )
        self.add(
            Figure(
                "availability: free seats of a centre, day and unit",
                best,
                count=len(queries),
                spread=(best, worst),
            )
        )

    def billing(self, network: tc.Network, document: dict[str, Any]) -> None:
        start, end = dt.date(scenario.YEAR, 3, 1), dt.date(scenario.YEAR, 4, 1)
        fees = {slug: Decimal(fee) for slug, fee in scenario.TIERS}
        stints = []
        for stint in network.memberships:
            paid_from = tc.free_until(network, stint.member) or start
            stints.append((stint.member, stint.tier_on(start) or stint.tier, paid_from, stint.left))
        floor, _, _ = best_of(self.repeat, lambda: floor_bill(stints, fees, start, end))
        best, worst, bill = best_of(self.repeat, lambda: tc.bill_month(network, start.year, 3))
        self.add(
            Figure(
                f"bill a month of {len(network.members):,} members (bill_month)",
                best,
                count=len(network.members),
                baseline=floor,
                baseline_name="fee x months loop",
                target=10.0,
                spread=(best, worst),
                note=f"{len(bill.lines):,} lines, {bill.total}",
            )
        )

    def funding(self, network: tc.Network) -> None:
        best, worst, _ = best_of(
            # It bills the year's twelve months several times: once is long enough.
            1 if self.scale >= 0.5 else min(self.repeat, 2),
            lambda: tc.funding_balance(network, scenario.YEAR),
        )
        self.add(
            Figure(
                f"a year's funding report (funding_balance {scenario.YEAR})",
                best,
                spread=(best, worst),
                note="bills the year's twelve months, among the rest",
            )
        )

    def occupancy(self, network: tc.Network) -> None:
        start, end = dt.date(scenario.YEAR, 3, 1), dt.date(scenario.YEAR, 4, 1)
        best, worst, result = best_of(self.repeat, lambda: tc.occupancy(network, start, end))
        self.add(
            Figure(
                "a month's occupancy (occupancy)",
                best,
                spread=(best, worst),
                note=f"{result.bookings:,} bookings, rate {result.rate}",
            )
        )

    def finder(self, network: tc.Network, document: dict[str, Any]) -> None:
        rng = random.Random(self.seed + 3)
        centres = network.centres
        points = [(c.id, c.location.lat, c.location.lon) for c in centres]
        queries = []
        for _ in range(200):
            _, lat, lon = rng.choice(points)
            queries.append(
                tc.Point(lat=lat + rng.uniform(-0.2, 0.2), lon=lon + rng.uniform(-0.2, 0.2))
            )
        build, _, finder = best_of(1, lambda: tc.CentreFinder.of(centres))
        radius = 25.0
        floor, _, expected = best_of(
            self.repeat, lambda: [floor_find(points, p.lat, p.lon, radius) for p in queries]
        )
        best, worst, found = best_of(
            self.repeat, lambda: [finder.near(p, within_km=radius) for p in queries]
        )
        reference = [scan(centres, p, within_km=radius) for p in queries]
        identical = found == reference and all(
            [item.centre.id for item in got] == [cid for _, cid in want]
            for got, want in zip(found, expected, strict=True)
        )
        if not identical:
            raise SystemExit("the finder's results differ from the brute-force scan")
        self.add(
            Figure(
                f"finder: centres within {radius:g} km, {len(centres):,} centres",
                best,
                count=len(queries),
                baseline=floor,
                baseline_name="linear scan",
                target=0.1,
                spread=(best, worst),
                note=f"identical to the scan on every query; index built in {build:.3f} s",
            )
        )

    def memory(self, network: tc.Network) -> None:
        # The ledger as loading builds it, from the file's records, measured alone.
        # At most two million: ten times the requests would hold more than memory allows
        # to copy here, and the cost of a booking does not depend on how many there are.
        records = [
            {
                "member": b.member,
                "centre": b.centre,
                "day": b.day.isoformat(),
                "time": str(b.time),
                **({"unit": b.unit} if b.unit else {}),
            }
            for b in itertools.islice(network.bookings, 2_000_000)
        ]
        text = json.dumps(records)
        del records, network
        raw = json.loads(text)
        del text
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        ledger = _read_ledger(raw)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        per = (after - before) / max(1, len(ledger))
        self.facts["bytes_per_booking"] = per
        self.say(f"  memory: {per:.0f} bytes per stored booking ({len(ledger):,} bookings)")
        self.figures.append(
            Figure(
                "memory per stored booking (tracemalloc)",
                per,
                baseline=200.0,
                baseline_name="200 bytes",
                target=1.0,
                unit="bytes",
                note=f"a ledger of {len(ledger):,} bookings read from records",
            )
        )

    def imports(self) -> None:
        runs = max(5, self.repeat * 2)
        ours = min(import_microseconds("import telecentre_core") for _ in range(runs))
        theirs = min(import_microseconds("import attrs, cattrs, pendulum") for _ in range(runs))
        self.add(
            Figure(
                "import telecentre_core (python -X importtime)",
                ours / 1e6,
                baseline=theirs / 1e6,
                baseline_name="import attrs, cattrs, pendulum",
                target=1.3,
            )
        )


def _read_ledger(records: list[dict[str, Any]]) -> tc.Ledger:
    """The ledger of ``records`` (a file's bookings), read as the loader reads them."""
    from telecentre_core.io import _converter

    converter = _converter("json")
    return tc.Ledger(converter.structure(record, tc.Booking) for record in records)


def machine() -> str:
    """The machine the benchmark ran on, in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the end"
    return (
        f"{cpu}, {os.cpu_count()} CPUs{memory}{load}; Python {platform.python_version()}"
        f" on {platform.system()} {platform.release()}"
    )


def table(run: Run) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| operation | time | baseline | ratio | target | met | best-worst |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in run.figures:
        if figure.unit == "bytes":
            shown = f"{figure.seconds:.0f} bytes"
            base = "200 bytes"
        else:
            shown = _show_time(figure.seconds, figure.count)
            base = (
                f"{figure.baseline_name}: {_show_time(figure.baseline, figure.count)}"
                if figure.baseline is not None
                else ""
            )
        ratio = f"{figure.ratio:.2f}x" if figure.ratio is not None else ""
        target = f"≤ {figure.target:g}x" if figure.target is not None else ""
        if figure.target == 0.1:
            target = "≥ 10x faster"
        met = {True: "yes", False: "**no**", None: ""}[figure.met]
        spread = (
            f"{figure.spread[0]:.3g}-{figure.spread[1]:.3g} s"
            if figure.spread and figure.unit == "s"
            else ""
        )
        lines.append(
            f"| {figure.name} | {shown} | {base} | {ratio} | {target} | {met} | {spread} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; the table goes to standard output, progress to standard error."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.national",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="1.0: 15,000 centres, 200,000 members, 2M requests (default)",
    )
    parser.add_argument("--quick", action="store_true", help="scale 0.01, as CI runs it")
    parser.add_argument(
        "--bookings-factor",
        type=float,
        default=1.0,
        help="multiply the booking requests (10: ten times as many)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (best kept)")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--without-pydantic",
        action="store_true",
        help="skip the pydantic baseline (when pydantic is not installed)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target with a figure is not met"
    )
    args = parser.parse_args(argv)
    scale = 0.01 if args.quick else args.scale

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="telecentre-bench.") as folder:
        run = Run(
            scale,
            args.bookings_factor,
            args.repeat,
            args.seed,
            not args.without_pydantic,
            Path(folder),
            say,
        )
        run.run()
    print(
        f"Scale {scale:g}, booking requests x{args.bookings_factor:g}: {run.facts['sizes']}; "
        f"file {run.facts['file_bytes'] / 1e6:.1f} MB with {run.facts['loaded_bookings']:,} "
        f"bookings; {run.facts['ledger_bookings']:,} bookings held after the requests."
    )
    print(f"Machine: {machine()}.")
    print()
    print(table(run))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "scale": scale,
                    "bookings_factor": args.bookings_factor,
                    "machine": machine(),
                    "facts": run.facts,
                    "figures": [figure.as_dict() for figure in run.figures],
                },
                indent=2,
                default=str,
            )
        )
    missed = [figure.name for figure in run.figures if figure.met is False]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
