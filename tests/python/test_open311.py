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
    with omilcrm.open(path, today=dt.date(2026, 11, 23), create=True) as db:
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


# ---- Photos kept with a request ------------------------------------------------------------


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG image, grey pixels, written by hand (zlib and the PNG chunks)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_photo_kept_with_a_request_reads_as_its_media_url(db, office, acme):
    import omilcrm

    req = db.requests.open(employer=acme, category="street_lights", note="poste caído")
    image = png()
    photo = db.requests.attach_photo(req, image, content_type="image/png")
    assert isinstance(photo, omilcrm.RequestPhoto)
    assert (photo.request_id, photo.content_type, photo.size) == (req.id, "image/png", len(image))
    assert [p.uuid for p in db.requests.photos(req)] == [photo.uuid]
    kept, data = db.requests.photo(office, photo.uuid)
    assert data == image and kept.uuid == photo.uuid
    assert db.requests.photo(office, "no-such-photo") is None
    assert "photo added" in db.requests.history(req)[-1].note

    base = "https://omil.concon.cl/open311/v2/media"
    (item,) = db.open311.request(office, req.uuid, media_base=base).json()
    assert item["media_url"] == f"{base}/{photo.uuid}"
    (listed,) = db.open311.requests(office, media_base=base).json()
    assert listed["media_url"] == f"{base}/{photo.uuid}"
    # Without a base nobody can say where the photo is served.
    assert db.open311.request(office, req.uuid).json()[0]["media_url"] is None

    # What is not an image of the type it claims is refused, naming what is wrong; nothing is kept.
    with pytest.raises(omilcrm.ValidationError) as e:
        db.requests.attach_photo(req, b"<html>hola</html>")  # sent as image/jpeg, the default
    assert e.value.field == "photo"
    with pytest.raises(omilcrm.ValidationError) as e:
        db.requests.attach_photo(req, image, content_type="image/gif")
    assert e.value.field == "content_type"
    with pytest.raises(omilcrm.ValidationError) as e:
        db.requests.attach_photo(req, b"\xff\xd8\xff" + bytes(5 << 20))
    assert e.value.field == "photo" and "5 MiB" in str(e.value)
    assert len(db.requests.photos(req)) == 1


def test_a_served_requests_media_url_gives_back_the_photo_uploaded(tmp_path):
    """A 311 client reads a request's media_url from the live server and fetches the same bytes."""
    import urllib.error
    import urllib.request

    import omilcrm

    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path, today=dt.date(2026, 11, 23), create=True) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        gestora = db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager")
        req = db.requests.open(office=office, category="street_lights", address="Av. Borgoño 22100")
        _, secret = db.access.create(staff=gestora)
        other = db.offices.add(name="OMIL Quintero", commune="quintero")
        boss = db.staff.add(office=other, name="Rosa Pinto", role="territorial_manager")
        _, theirs = db.access.create(staff=boss)
    image = png(3, 2)

    def call(url, data=None, headers=None, method=None):
        request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=20) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    with omilcrm.serve(path, today=dt.date(2026, 11, 23)) as server:
        target = f"{server.url}/v1/requests/{req.id}/photos"
        # Another office's key finds no such request; a web page is no photo.
        status, _, _ = call(target, image, {"Authorization": f"Bearer {theirs}", "Content-Type": "image/png"})
        assert status == 404
        status, _, body = call(
            target, b"<html></html>", {"Authorization": f"Bearer {secret}", "Content-Type": "image/png"}
        )
        assert status == 422 and json.loads(body)["error"]["field"] == "photo"

        status, _, body = call(target, image, {"Authorization": f"Bearer {secret}", "Content-Type": "image/png"})
        assert status == 201, body
        uploaded = json.loads(body)
        assert (uploaded["content_type"], uploaded["size"]) == ("image/png", len(image))

        # What a 311 client does: read the request, then follow its media_url.
        key = {"Authorization": f"Bearer {secret}"}  # the requests, and their photos, need a key to read
        status, _, body = call(f"{server.url}/open311/v2/requests/{req.uuid}.json?jurisdiction_id=05103", None, key)
        assert status == 200
        media_url = json.loads(body)[0]["media_url"]
        assert media_url == f"{server.url}/open311/v2/media/{uploaded['uuid']}"
        assert call(media_url)[0] == 403
        status, headers, served = call(media_url, None, key)
        assert status == 200
        assert served == image
        assert headers["Content-Type"] == "image/png"
        # The XML says the same address.
        _, _, xml = call(f"{server.url}/open311/v2/requests/{req.uuid}.xml?jurisdiction_id=05103", None, key)
        assert f"<media_url>{media_url}</media_url>" in xml.decode()
        status, _, body = call(f"{server.url}/open311/v2/media/{uploaded['uuid']}?jurisdiction_id=05105")
        assert status == 404 and json.loads(body)[0]["code"] == 404
