"""A small web front end on telecentre-core: the finder, a booking form, a member's bill.

Run it from ``examples/web`` (see its README)::

    TELECENTRE_NETWORK=network.toml flask --app telecentre_web run

Without ``TELECENTRE_NETWORK`` it serves the reference network, the Cantal's Cybercantal,
in memory. The library does the work (rules, search, billing, errors); this module only
reads forms, calls the library and renders what it returns. See docs/embedding.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from typing import Any, Literal, overload

from flask import Flask, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

import telecentre_core as tc
from telecentre_core.billing import member_charges
from telecentre_core.cget import locate_commune
from telecentre_core.dates import today

from .repository import NetworkRepository

__all__ = ["create_app", "facts"]

#: The environment variable naming the network file the app serves.
NETWORK_VARIABLE = "TELECENTRE_NETWORK"


def create_app(repository: NetworkRepository | None = None) -> Flask:
    """The Flask app serving ``repository`` (default: the file named by the environment)."""
    app = Flask(__name__)
    if repository is None:
        repository = NetworkRepository.load(os.environ.get(NETWORK_VARIABLE) or None)
    app.extensions["telecentre"] = repository
    app.jinja_env.globals["facts"] = facts

    @app.get("/")
    def index() -> str:
        network = repository.current()
        return render_template("index.html", network=network, today=today(network.timezone))

    @app.get("/find")
    def find() -> str | tuple[str, int]:
        network = repository.current()
        form = request.args
        day = _date("day", form.get("day")) or today(network.timezone)
        page = functools.partial(render_template, "find.html", network=network, form=form, day=day)
        if not form.get("near"):
            return page(located=None, found=None, problem=None)
        unit = form.get("unit") or None
        try:
            located = locate_commune(form["near"], network)
            found = network.find(
                located.point,
                within_km=_kilometres(form.get("within")),
                specialisation=form.get("specialisation") or None,
                on=day,
                available=(
                    (lambda centre: network.free_seats(centre.id, day, unit) > 0)
                    if form.get("free") == "on"
                    else None
                ),
            )
        except tc.TelecentreError as problem:
            # A commune no one knows, a negative radius: said next to the form.
            return page(located=None, found=None, problem=problem), 400
        return page(located=located, found=found, problem=None)

    @app.route("/book", methods=["GET", "POST"])
    def book() -> str | tuple[str, int] | Response:
        network = repository.current()
        form = request.form if request.method == "POST" else request.args
        if request.method == "GET":
            return render_template("book.html", network=network, form=form, refusal=None)
        member, centre = form.get("member", ""), form.get("centre", "")
        day = _date("day", form.get("day"), required=True)
        unit, time = form.get("unit") or None, form.get("time") or None
        try:
            repository.change(lambda current: current.book(member, centre, day, unit, time=time))
        except tc.RuleViolation as refusal:
            page = render_template("book.html", network=network, form=form, refusal=refusal)
            return page, 409
        return redirect(url_for("day", centre_id=centre, day=day.isoformat()), code=303)

    @app.get("/centres/<centre_id>/<day>")
    def day(centre_id: str, day: str) -> str:
        network = repository.current()
        on = _date("day", day, required=True)
        centre = network.centre(centre_id)
        units = network.policy.units
        free = {unit.slug: network.free_seats(centre_id, on, unit.slug) for unit in units}
        return render_template(
            "day.html",
            network=network,
            centre=centre,
            day=on,
            opening=network.opening_on(centre_id, on),
            bookings=network.bookings_at(centre_id, on),
            free=free,
        )

    @app.get("/bill")
    def bill() -> str:
        network = repository.current()
        member_id, month = request.args.get("member", ""), request.args.get("month", "")
        year, number = _month(month)
        member = network.member(member_id)
        charges = member_charges(network, member_id, year, number)
        total = sum((charge.amount for charge in charges), tc.Money.zero())
        return render_template(
            "bill.html",
            network=network,
            member=member,
            month=month,
            charges=charges,
            total=total,
            one_day=dt.timedelta(days=1),
        )

    @app.errorhandler(tc.TelecentreError)
    def refused(error: tc.TelecentreError) -> tuple[str, int]:
        # A lookup that found nothing is a 404; any other error of the library is the
        # request's fault (a bad date, an unknown commune): 400. Never a 500.
        # A change made on a network that moved on is a conflict: 409.
        status = 404 if isinstance(error, LookupError) else 400
        if isinstance(error, tc.StaleVersion):
            status = 409
        return render_template("error.html", error=error, facts=facts(error)), status

    return app


def facts(error: Exception) -> dict[str, Any]:
    """The structured facts an error of the library carries, by name, for a page or JSON.

    Every library error keeps its facts as attributes (``OverCapacity.seats_left``,
    ``SpecialisationConflict.holders``); a rule violation also names its ``rule``.
    """
    found = {name: value for name, value in vars(error).items() if not name.startswith("_")}
    rule = getattr(error, "rule", None)
    return {"rule": rule, **found} if rule is not None else found


@overload
def _date(field: str, text: str | None, *, required: Literal[True]) -> dt.date: ...
@overload
def _date(field: str, text: str | None, *, required: bool = False) -> dt.date | None: ...
def _date(field: str, text: str | None, *, required: bool = False) -> dt.date | None:
    """``text`` as a date, None when empty; a bad date is the library's InvalidValue."""
    if not text and not required:
        return None
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        raise tc.InvalidValue(field, text, "must be a date, YYYY-MM-DD") from None


def _month(text: str) -> tuple[int, int]:
    """``YYYY-MM`` as (year, month), or the library's InvalidValue."""
    try:
        first = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise tc.InvalidValue("month", text, "must be a month, YYYY-MM") from None
    return first.year, first.month


def _kilometres(text: str | None) -> float | None:
    """``text`` as a number of kilometres, None when empty; the finder checks the range."""
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise tc.InvalidValue("within", text, "must be a number of kilometres") from None
