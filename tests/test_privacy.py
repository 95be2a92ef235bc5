"""Forgetting a member: personal data erased, every record and every figure kept."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core import (
    Breakdown,
    DuplicateRecord,
    InvalidValue,
    Member,
    MemberForgotten,
    MemberKind,
    Network,
    UnknownReference,
    bill_month,
    funding_balance,
    occupancy,
    programme_figures,
)
from telecentre_core.cli import main
from telecentre_core.datasets import cybercantal
from telecentre_core.testing import networks

REFERENCE = cybercantal()
YEARS = range(2006, 2013)


def forget_all(network: Network, ids: Iterable[str]) -> tuple[Network, dict[str, str]]:
    """``network`` with ``ids`` forgotten one by one, and each id's pseudonym."""
    renamed: dict[str, str] = {}
    for member_id in ids:
        position = [member.id for member in network.members].index(member_id)
        network = network.forget_member(member_id)
        renamed[member_id] = network.members[position].id
    return network, renamed


def personal_values(network: Network, ids: Iterable[str]) -> set[str]:
    """Every personal value of the members ``ids``: id, name, e-mail, phone and notes."""
    values: set[str] = set()
    for member_id in ids:
        member = network.member(member_id)
        values.update(
            value
            for value in (member.id, member.name, member.email, member.phone, member.notes)
            if value
        )
    return values


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


# -- the member forgotten -----------------------------------------------------------------


def test_a_forgotten_member_keeps_only_what_bills_and_statistics_need() -> None:
    network = REFERENCE.forget_member("m25")
    member = network.members[24]
    assert member == Member(
        id="forgotten-1",
        name="forgotten-1",
        kind=MemberKind.SALARIED,
        employer="groupe-a",
        forgotten=True,
    )
    with pytest.raises(UnknownReference):
        network.member("m25")


def test_pseudonyms_are_numbered_in_the_order_members_are_forgotten() -> None:
    network, renamed = forget_all(REFERENCE, ["m07", "m03", "m30"])
    assert renamed == {"m07": "forgotten-1", "m03": "forgotten-2", "m30": "forgotten-3"}
    assert [member.id for member in network.members][:7] == [
        "m01",
        "m02",
        "forgotten-2",
        "m04",
        "m05",
        "m06",
        "forgotten-1",
    ]


def test_the_default_pseudonym_skips_an_id_already_taken() -> None:
    taken = REFERENCE.add_member(Member(id="forgotten-1", name="F", kind=MemberKind.NOMADIC))
    assert taken.forget_member("m01").members[0].id == "forgotten-2"


def test_a_pseudonym_may_be_chosen_or_the_opaque_id_kept() -> None:
    assert REFERENCE.forget_member("m01", pseudonym="ancien-42").members[0].id == "ancien-42"
    kept = REFERENCE.forget_member("m01", pseudonym="m01").members[0]
    assert (kept.id, kept.name, kept.email, kept.notes, kept.forgotten) == (
        "m01",
        "m01",
        None,
        "",
        True,
    )
    assert kept.forgotten


def test_a_pseudonym_used_by_another_member_is_refused_and_changes_nothing() -> None:
    with pytest.raises(DuplicateRecord) as caught:
        REFERENCE.forget_member("m01", pseudonym="m02")
    assert (caught.value.collection, caught.value.identity, caught.value.key) == (
        "members",
        "m02",
        1,
    )
    assert REFERENCE.member("m01").name == "Membre 01 (illustratif)"


def test_a_pseudonym_that_is_not_a_slug_is_refused() -> None:
    with pytest.raises(InvalidValue, match="id"):
        REFERENCE.forget_member("m01", pseudonym="Anne Dupont")


def test_an_unknown_member_cannot_be_forgotten() -> None:
    with pytest.raises(UnknownReference):
        REFERENCE.forget_member("nobody")


def test_a_forgotten_member_holds_no_e_mail_phone_or_notes() -> None:
    for field, value in [("email", "a@b.fr"), ("phone", "04 71 00 00 00"), ("notes", "x")]:
        with pytest.raises(InvalidValue, match=field):
            Member(id="f", name="f", kind=MemberKind.NOMADIC, forgotten=True, **{field: value})


def test_every_record_names_the_pseudonym_instead() -> None:
    # m25 is a salaried teleworker under an agreement, with bookings and registrations.
    before = REFERENCE
    after = before.forget_member("m25")
    assert any("m25" in agreement.employees for agreement in before.agreements)
    assert any("forgotten-1" in agreement.employees for agreement in after.agreements)
    assert after.memberships_of("forgotten-1") == tuple(
        attrs.evolve(stint, member="forgotten-1") for stint in before.memberships_of("m25")
    )
    assert after.bookings_of("forgotten-1") == tuple(
        attrs.evolve(booking, member="forgotten-1") for booking in before.bookings_of("m25")
    )
    assert len(after.bookings_of("forgotten-1")) > 0
    registered = [item for item in before.programme.registrations if item.member == "m25"]
    assert [
        attrs.evolve(item, member="m25")
        for item in after.programme.registrations
        if item.member == "forgotten-1"
    ] == registered
    assert after.bookings_of("m25") == ()


def test_forgetting_a_nomad_renames_their_passes() -> None:
    after = REFERENCE.forget_member("m28")
    assert len(after.pass_uses_of("forgotten-1")) == len(REFERENCE.pass_uses_of("m28")) > 0
    assert after.pass_uses_of("m28") == ()


# -- nothing new about a forgotten member ---------------------------------------------------


FORGOTTEN = REFERENCE.forget_member("m25")
LATER = dt.date(2013, 3, 5)

REFUSED: list[tuple[str, Callable[[Network], object]]] = [
    ("forget again", lambda n: n.forget_member("forgotten-1")),
    ("join", lambda n: n.join("forgotten-1", dt.date(2030, 1, 7), "murat", "standard")),
    ("change tier", lambda n: n.change_tier("forgotten-1", LATER, "essentiel")),
    ("pass", lambda n: n.use_pass("forgotten-1", tc.PassKind.DAY, LATER, "murat")),
    ("book", lambda n: n.book("forgotten-1", "murat", LATER, "morning")),
    ("check a booking", lambda n: n.check_booking("forgotten-1", "murat", LATER, "morning")),
    (
        "agreement",
        lambda n: n.sign_agreement(
            tc.Agreement(
                company="groupe-a", employees=["forgotten-1"], tier="standard", since=LATER
            )
        ),
    ),
    (
        "register",
        lambda n: n.register(n.programme.activities[-1].id, "forgotten-1", dt.date(2011, 1, 3)),
    ),
    (
        "attendance",
        lambda n: n.record_attendance(n.programme.activities[0].id, "forgotten-1", True),
    ),
]


@pytest.mark.parametrize(("name", "change"), REFUSED, ids=[name for name, _ in REFUSED])
def test_nothing_new_is_recorded_about_a_forgotten_member(
    name: str, change: Callable[[Network], object]
) -> None:
    with pytest.raises(MemberForgotten) as caught:
        change(FORGOTTEN)
    assert caught.value.member_id == "forgotten-1"
    assert caught.value.rule == "forgotten-member"
    assert "a person who comes back joins as a new member" in str(caught.value)


def test_a_forgotten_member_can_still_leave_and_cancel() -> None:
    stint = FORGOTTEN.memberships_of("forgotten-1")[-1]
    assert stint.left is None
    booking = FORGOTTEN.bookings_of("forgotten-1")[-1]
    network = FORGOTTEN.cancel_booking(booking)
    network = network.leave("forgotten-1", booking.day)
    assert network.memberships_of("forgotten-1")[-1].left == booking.day


# -- figures unchanged --------------------------------------------------------------------


def _bill_figures(network: Network, renamed: Mapping[str, str]) -> list[object]:
    figures: list[object] = []
    for year in YEARS:
        for month in range(1, 13):
            bill = bill_month(network, year, month)
            by_member = {renamed.get(key, key): value for key, value in bill.by_member().items()}
            figures.append((bill.total, bill.by_reason(), by_member))
    return figures


def _occupancy_figures(network: Network, renamed: Mapping[str, str]) -> list[object]:
    figures: list[object] = []
    for year in (2011, 2012):
        for month in range(1, 13):
            start = dt.date(year, month, 1)
            end = dt.date(year + month // 12, month % 12 + 1, 1)
            found = occupancy(network, start, end)
            users = sorted(renamed.get(user, user) for user in found.regular_users)
            figures.append((found.centres, found.by_kind, users, found.bookings))
    return figures


def _figures(network: Network, renamed: Mapping[str, str]) -> dict[str, object]:
    return {
        "bills": _bill_figures(network, renamed),
        "funding": [funding_balance(network, year) for year in YEARS],
        "occupancy": _occupancy_figures(network, renamed),
        "programme": [programme_figures(network, by=by) for by in (None, *Breakdown)],
        "bookings by centre": Counter(booking.centre for booking in network.bookings),
        "bookings by day": Counter(booking.day for booking in network.bookings),
    }


@pytest.fixture(scope="module")
def everyone_forgotten() -> tuple[Network, dict[str, str]]:
    return forget_all(REFERENCE, [member.id for member in REFERENCE.members])


def test_forgetting_every_member_of_the_reference_network_leaves_every_figure_unchanged(
    everyone_forgotten: tuple[Network, dict[str, str]],
) -> None:
    network, renamed = everyone_forgotten
    assert all(member.forgotten for member in network.members)
    before = _figures(REFERENCE, renamed)
    assert _figures(network, {}) == before
    assert sum(bill[0].amount for bill in before["bills"]) > 0  # type: ignore[attr-defined]
    assert sum(before["bookings by centre"].values()) == len(REFERENCE.bookings)  # type: ignore[attr-defined]


def test_a_forgotten_network_has_no_trace_of_anyone_in_its_file(
    everyone_forgotten: tuple[Network, dict[str, str]],
) -> None:
    network, _ = everyone_forgotten
    personal = personal_values(REFERENCE, [member.id for member in REFERENCE.members])
    for format in ("json", "toml"):
        text = tc.dumps_network(network, format=format)  # type: ignore[arg-type]
        document = tc.io.to_document(network, format)  # type: ignore[arg-type]
        assert personal.isdisjoint(strings_in(json.loads(json.dumps(document, default=str))))
        assert "@" not in text
        assert "Membre" not in text


@pytest.mark.parametrize("format", ["toml", "json"])
def test_a_forgotten_network_round_trips_through_a_file(
    everyone_forgotten: tuple[Network, dict[str, str]], format: str
) -> None:
    network, _ = everyone_forgotten
    text = tc.dumps_network(network, format=format)  # type: ignore[arg-type]
    again = tc.loads_network(text, format=format)  # type: ignore[arg-type]
    assert again == network
    assert again.version == network.version == len(REFERENCE.members)
    assert all(member.forgotten for member in again.members)


def test_forgotten_is_written_only_for_forgotten_members() -> None:
    document = tc.io.to_document(REFERENCE.forget_member("m02"), "json")
    assert [member.get("forgotten") for member in document["members"][:3]] == [
        None,
        True,
        None,
    ]


def test_a_file_with_a_forgotten_member_holding_an_e_mail_is_refused() -> None:
    document = json.loads(tc.dumps_network(REFERENCE.forget_member("m01"), format="json"))
    document["members"][0]["email"] = "anne@example.org"
    with pytest.raises(tc.NetworkFileError) as caught:
        tc.loads_network(json.dumps(document), format="json")
    assert [problem.path for problem in caught.value.problems] == ["members[0].email"]


# -- the exports ------------------------------------------------------------------------

EXPORTS = [
    ["members", "--as-of", "2012-06-01"],
    ["bill", "--month", "2012-06"],
    ["occupancy", "--month", "2012-06"],
    ["funding", "--year", "2011"],
    ["activities"],
]


@pytest.mark.parametrize("command", EXPORTS, ids=[command[0] for command in EXPORTS])
def test_the_json_exports_of_a_forgotten_network_hold_no_personal_data(
    everyone_forgotten: tuple[Network, dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    network, _ = everyone_forgotten
    path = tmp_path / "forgotten.json"
    tc.dump_network(network, path)
    assert main([command[0], str(path), *command[1:], "--json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    personal = personal_values(REFERENCE, [member.id for member in REFERENCE.members])
    assert personal.isdisjoint(strings_in(exported))
    # The same export of the reference network does name people, except the statistics
    # (occupancy counts its regular users, funding and activities count people).
    assert main([*command, "--json"]) == 0
    before = set(strings_in(json.loads(capsys.readouterr().out)))
    assert bool(personal & before) == (command[0] in {"members", "bill"})


# -- any network ------------------------------------------------------------------------


def _member_references(document: dict[str, Any]) -> Iterator[str]:
    """Every member id a network file holds: members and the records naming them."""
    yield from (member["id"] for member in document.get("members", []))
    for key in ("memberships", "pass_uses", "bookings"):
        yield from (record["member"] for record in document.get(key, []))
    for agreement in document.get("agreements", []):
        yield from agreement["employees"]
    programme = document.get("programme", {})
    for key in ("registrations", "attendance"):
        yield from (record["member"] for record in programme.get(key, []))


@settings(max_examples=40)
@given(data=st.data(), network=networks(max_centres=3, max_members=4, programme=True))
def test_forgetting_any_members_of_any_network_keeps_its_records_and_figures(
    data: st.DataObject, network: Network
) -> None:
    ids = [member.id for member in network.members]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]))
    forgotten, renamed = forget_all(network, chosen)

    def rename(member_id: str) -> str:
        return renamed.get(member_id, member_id)

    assert [member.forgotten for member in forgotten.members] == [
        member.id in renamed for member in network.members
    ]
    assert forgotten.memberships == tuple(
        attrs.evolve(stint, member=rename(stint.member)) for stint in network.memberships
    )
    assert forgotten.pass_uses == tuple(
        attrs.evolve(use, member=rename(use.member)) for use in network.pass_uses
    )
    assert sorted(forgotten.bookings, key=tc.Booking.sort_key) == sorted(
        (attrs.evolve(booking, member=rename(booking.member)) for booking in network.bookings),
        key=tc.Booking.sort_key,
    )
    days = sorted({stint.joined for stint in network.memberships})[:3]
    for day in days:
        before = bill_month(network, day.year, day.month)
        after = bill_month(forgotten, day.year, day.month)
        assert after.total == before.total
        assert after.by_member() == {
            rename(key): value for key, value in before.by_member().items()
        }
    assert programme_figures(forgotten) == programme_figures(network)
    document = tc.io.to_document(forgotten, "json")
    assert set(_member_references(document)).isdisjoint(set(chosen) - set(renamed.values()))
    for member in document.get("members", []):
        if member.get("forgotten"):
            assert member["name"] == member["id"]
            assert not {"email", "phone"} & set(member)
            assert member["notes"] == ""
    for format in ("toml", "json"):
        text = tc.dumps_network(forgotten, format=format)  # type: ignore[arg-type]
        assert tc.loads_network(text, format=format) == forgotten  # type: ignore[arg-type]
