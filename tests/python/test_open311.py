"""Open311 GeoReport v2 through Python: services, service definitions, reading requests and
filing them, with the spec's fields, types and error shape."""

import datetime as dt
import json

import pytest


@pytest.fixture
def acme(db, office, gestora):
    return db.employers.add(
        office=office,
        rut="76.086.428-5",
        name="Acme SpA",
        address="Av. Industrial 455, Concón",
        latitude=-32.94,
        longitude=-71.47,
    )


def test_open311_services_have_the_spec_fields(db, office):
    answer = db.open311.services(office)
    assert answer.status == 200
    services = answer.json()
    assert {s["service_code"] for s in services} >= {"tree_pruning", "street_lights", "other"}
    for s in services:
        assert set(s) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
        assert isinstance(s["metadata"], bool) and s["type"] in {"realtime", "batch", "blackbox"}
        assert s["keywords"] is None or isinstance(s["keywords"], str)  # absent: null, never ""
    tree = db.open311.service_definition(office, "tree_pruning").json()
    assert [a["code"] for a in tree["attributes"]] == ["trees"]


def test_open311_requests_have_the_spec_fields_and_types(db, office, gestora, acme):
    req = db.requests.open(employer=acme, category="street_lights", note="luminaria apagada")
    db.requests.add_note(req, "La cuadrilla va el jueves", visible_to_employer=True)
    db.requests.add_note(req, "interno: sin stock", visible_to_employer=False)
    (item,) = db.open311.requests(office).json()
    assert set(item) == {
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    }
    assert item["service_request_id"] == req.uuid
    assert item["status"] == "open"
    assert item["status_notes"] == "La cuadrilla va el jueves"
    assert item["agency_responsible"].startswith("Dirección de Operaciones")
    assert isinstance(item["lat"], float) and isinstance(item["long"], float)
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        parsed = dt.datetime.fromisoformat(item[key])
        assert parsed.utcoffset() in {dt.timedelta(hours=-3), dt.timedelta(hours=-4)}
    assert dt.datetime.fromisoformat(item["expected_datetime"]).date() == req.due_on


def test_open311_post_creates_a_routed_request_or_answers_with_the_error_shape(db, office):
    created = db.open311.create(
        office,
        {
            "service_code": "garbage_removal",
            "lat": "-32.93",
            "long": "-71.52",
            "description": "escombros en la berma",
            "email": "Vecino@Mail.cl",
            "first_name": "Ana",
            "last_name": "Pérez",
            "phone": "9 8765 4321",
        },
    )
    assert created.status == 201
    (receipt,) = created.json()
    assert set(receipt) == {"service_request_id", "service_notice", "account_id"}
    (stored,) = db.requests.list(office)
    assert stored.uuid == receipt["service_request_id"] and stored.status == "routed"
    bad = db.open311.create(office, {"service_code": "garbage_removal"})
    assert bad.status == 400
    assert json.loads(bad.body) == [{"code": 400, "description": bad.json()[0]["description"]}]
    assert "location" in bad.json()[0]["description"]
    unknown = db.open311.create(office, {"service_code": "x", "address_string": "Calle 1"})
    assert unknown.status == 404 and "service_code x" in unknown.json()[0]["description"]
    assert len(db.requests.list(office)) == 1


def test_open311_requesters_are_kept(db, office):
    db.open311.create(
        office,
        {
            "service_code": "street_lights",
            "address_string": "Calle 1",
            "first_name": "Ana",
            "last_name": "Pérez",
            "email": "ana@mail.cl",
        },
    )
    (posted,) = [r for r in db.requests.list(office) if r.requester_name]
    assert (posted.requester_name, posted.requester_email) == ("Ana Pérez", "ana@mail.cl")


def test_open311_http_reads_need_a_key_unless_public(tmp_path):
    """Through omilcrm.serve(): the services are public, the requests need a key that may read them,
    unless the server is started with open311_public=True (a public 311 map)."""
    import urllib.error
    import urllib.request

    import omilcrm

    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path, today=dt.date(2026, 11, 23)) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        _, key = db.access.create(office=office, role="integrator", resources=["requests"])

    def status(url):
        try:
            with urllib.request.urlopen(url) as r:
                return r.status
        except urllib.error.HTTPError as e:
            assert json.loads(e.read())[0]["code"] == e.code
            return e.code

    with omilcrm.serve(path) as server:
        assert status(server.url + "/open311/v2/services.json") == 200
        assert status(server.url + "/open311/v2/requests.json") == 403
        assert status(server.url + f"/open311/v2/requests.json?api_key={key}") == 200
    with omilcrm.serve(path, open311_public=True) as server:
        assert status(server.url + "/open311/v2/requests.json") == 200
