"""The example front end, through Flask's test client, on the reference network."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from telecentre_web import create_app
from telecentre_web.repository import NetworkRepository

import telecentre_core as tc

# Murat had six seats in 2012; four members hold its morning on this Monday, in the
# reference bookings (illustrative). The tests clear the day first to start from known seats.
DAY = dt.date(2012, 6, 4)


def _cleared(network: tc.Network) -> tc.Network:
    for booking in network.bookings.between(DAY, DAY + dt.timedelta(days=1)):
        network = network.cancel_booking(booking)
    return network


@pytest.fixture
def repository() -> NetworkRepository:
    return NetworkRepository(_cleared(tc.datasets.cybercantal()))


@pytest.fixture
def client(repository: NetworkRepository) -> FlaskClient:
    return create_app(repository).test_client()


def _book(client: FlaskClient, member: str, **fields: str) -> tuple[int, str]:
    data = {"member": member, "centre": "murat", "day": DAY.isoformat(), "unit": "morning"}
    response = client.post("/book", data={**data, **fields})
    return response.status_code, response.get_data(as_text=True)


class TestFinder:
    def test_the_centres_near_a_commune_are_listed_nearest_first(self, client: FlaskClient) -> None:
        page = client.get("/find?near=Murat&within=25&day=2012-06-04").get_data(as_text=True)
        assert page.index("Télécentre de Murat") < page.index("Télécentre d&#39;Allanche")
        assert page.index("Télécentre d&#39;Allanche") < page.index("Télécentre de Saint-Flour")
        assert "Télécentre d&#39;Aurillac" not in page.split("<h2>")[-1]

    def test_a_point_and_a_specialisation_narrow_the_search(self, client: FlaskClient) -> None:
        response = client.get("/find?near=45.03,3.09&specialisation=sante-travail&day=2012-06-04")
        results = response.get_data(as_text=True).split("<h2>")[-1]
        assert response.status_code == 200
        assert "Chaudes-Aigues" in results
        assert "Saint-Flour</td>" not in results

    def test_a_centre_without_a_free_seat_is_left_out(
        self, client: FlaskClient, repository: NetworkRepository
    ) -> None:
        for member in ["m01", "m02", "m03", "m25", "m08", "m10"]:
            assert _book(client, member)[0] == 303
        query = "/find?near=Murat&within=1&day=2012-06-04&free=on&unit="
        assert "Télécentre de Murat</td>" not in client.get(query + "morning").get_data(
            as_text=True
        )
        assert "Télécentre de Murat</td>" in client.get(query + "afternoon").get_data(as_text=True)
        assert repository.current().free_seats("murat", DAY, "morning") == 0

    def test_an_unknown_commune_is_said_next_to_the_form(self, client: FlaskClient) -> None:
        response = client.get("/find?near=Muratt")
        assert response.status_code == 400
        assert "did you mean &#39;Murat&#39;?" in response.get_data(as_text=True)
        assert 'name="near"' in response.get_data(as_text=True)


class TestBooking:
    def test_a_booking_accepted_leads_to_the_day_of_the_centre(
        self, client: FlaskClient, repository: NetworkRepository
    ) -> None:
        status, _ = _book(client, "m01")
        assert status == 303
        assert [booking.member for booking in repository.current().bookings_at("murat", DAY)] == [
            "m01"
        ]
        page = client.get("/centres/murat/2012-06-04").get_data(as_text=True)
        assert "m01" in page
        assert "morning 5" in page

    def test_a_refusal_shows_the_rule_its_message_and_its_facts(self, client: FlaskClient) -> None:
        for member in ["m01", "m02", "m03", "m25", "m08", "m10"]:
            _book(client, member)
        status, page = _book(client, "m05")
        assert status == 409
        assert "Refused: capacity" in page
        assert "no seat left at &#39;murat&#39; on 2012-06-04 at 09:00" in page
        assert "<th>seats_left</th><td>0</td>" in page
        assert "<th>at</th><td>09:00</td>" in page

    def test_a_refused_booking_changes_nothing(
        self, client: FlaskClient, repository: NetworkRepository
    ) -> None:
        _book(client, "m01")
        before = repository.current()
        status, page = _book(client, "m01", unit="day", centre="allanche")
        assert status == 409
        assert "Refused: " in page
        assert "<th>other_centre_id</th><td>murat</td>" in page
        assert repository.current() is before

    def test_a_closed_day_names_its_reason(self, client: FlaskClient) -> None:
        status, page = _book(client, "m01", day="2012-05-28")  # Whit Monday
        assert status == 409
        assert "<th>reason</th><td>public-holiday</td>" in page

    def test_a_bad_date_is_a_bad_request(self, client: FlaskClient) -> None:
        status, page = _book(client, "m01", day="2012-02-30")
        assert status == 400
        assert "day: must be a date, YYYY-MM-DD" in page

    def test_two_requests_for_the_last_seat_cannot_both_win(
        self, repository: NetworkRepository
    ) -> None:
        for member in ["m01", "m02", "m03", "m25", "m08"]:
            repository.change(lambda network, who=member: network.book(who, "murat", DAY, "day"))
        outcomes: list[str] = []
        start = threading.Barrier(2)

        def book(member: str) -> None:
            start.wait()
            try:
                repository.change(lambda network: network.book(member, "murat", DAY, "day"))
                outcomes.append("booked")
            except tc.OverCapacity:
                outcomes.append("refused")

        threads = [threading.Thread(target=book, args=(member,)) for member in ["m10", "m05"]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["booked", "refused"]
        assert len(repository.current().bookings_at("murat", DAY)) == 6


class TestBill:
    def test_a_members_bill_for_a_month(self, client: FlaskClient) -> None:
        page = client.get("/bill?member=m01&month=2012-02").get_data(as_text=True)
        assert "2012-02-01 to 2012-02-29" in page
        assert "100.00 €" in page

    def test_an_unknown_member_is_not_found(self, client: FlaskClient) -> None:
        response = client.get("/bill?member=zz&month=2012-02")
        assert response.status_code == 404
        assert "no member &#39;zz&#39; in the network" in response.get_data(as_text=True)

    def test_a_bad_month_is_a_bad_request(self, client: FlaskClient) -> None:
        assert client.get("/bill?member=m01&month=2012-13").status_code == 400


class TestTheNetworkFile:
    def test_the_app_serves_the_file_the_environment_names_and_writes_changes_back(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "network.toml"
        tc.dump_network(_cleared(tc.datasets.cybercantal()), path)
        monkeypatch.setenv("TELECENTRE_NETWORK", str(path))
        client = create_app().test_client()
        assert _book(client, "m01")[0] == 303
        saved = tc.load_network(path)
        assert [booking.member for booking in saved.bookings_at("murat", DAY)] == ["m01"]
        assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind

    def test_without_the_variable_it_serves_the_reference_network(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("TELECENTRE_NETWORK", raising=False)
        page = create_app().test_client().get("/").get_data(as_text=True)
        assert "Cybercantal, Cantal (15)" in page
