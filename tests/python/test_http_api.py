"""The HTTP API driven as an integrator drives it: the real server (omilcrm.serve() and the
`omilcrm serve` program) on a temporary database, called over HTTP. Two offices that never see
each other's records, ETags that lose no edit, no acknowledged write lost to kill -9, the OpenAPI
document checked by a validator, schemathesis against the live server, and every status the API
promises, each provoked over the wire."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import pathlib
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

import omilcrm
import pytest
from omilcrm._cli import program

TODAY = dt.date(2026, 11, 23)
D = dt.date
# The program the package installs, unless told otherwise (as test_server.py finds it).
CLI = pathlib.Path(os.environ.get("OMILCRM_CLI", program()))


# ---- the scene: offices with a few records of every kind ---------------------------------


@dataclass
class Office:
    """One office of the file, the ids of its records and its tokens' secrets."""

    id: int
    staff: int = 0  # the territorial manager
    head: int = 0
    psychologist: int = 0
    employers: list[int] = field(default_factory=list)
    requests: list[int] = field(default_factory=list)
    seekers: list[int] = field(default_factory=list)
    vacancies: list[int] = field(default_factory=list)
    token: str = ""  # the territorial manager's (role staff)
    coordinator: str = ""  # the head's
    psychologist_token: str = ""
    reader: str = ""  # an integrator's read-only key to employers


def seeker(office, n: int, name: str, commune: str) -> dict:
    return dict(
        office=office,
        rut=str(omilcrm.Rut.from_body(15_000_000 + n)),
        name=name,
        commune=commune,
        consent_on=D(2026, 1, 10),
        consent_scope=["intermediation", "programmes"],
        registered_on=D(2026, 1, 10),
        phone="+56 9 8765 43" + f"{n:02d}",
    )


def seed_office(db, name: str, commune: str, n: int) -> Office:
    """An office with three records of each kind (staff, employers, contacts, clusters,
    interactions with commitments, requests, seekers, vacancies, referrals, placements, events,
    programme offers, showings) and tokens for its staff."""
    office = db.offices.add(name=name, commune=commune)
    head = db.staff.add(office=office, name=f"Jefa {name}", role="head", started=D(2024, 3, 1))
    gestora = db.staff.add(office=office, name=f"Gestora {name}", role="territorial_manager", started=D(2022, 4, 1))
    psy = db.staff.add(office=office, name=f"Psicóloga {name}", role="labor_psychologist", started=D(2025, 1, 6))
    o = Office(id=office.id, staff=gestora.id, head=head.id, psychologist=psy.id)
    park = db.clusters.add(
        office=office,
        name=f"Parque Industrial {name}",
        kind="industrial_park",
        meets=omilcrm.Recurrence.monthly(week=1, weekday="thu"),
    )
    for i in range(3):
        e = db.employers.add(
            rut=str(omilcrm.Rut.from_body(76_000_000 + 100 * n + i)),
            legal_name=f"Empresa {name} {i + 1} SpA",
            office=office,
            address=f"Calle {i + 1} 100, {name}",
            owner=gestora,
            status="active",
        )
        o.employers.append(e.id)
        db.contacts.add(employer=e, name=f"Contacto {i + 1}", email=f"c{i + 1}@empresa{n}.cl", primary=True)
        db.clusters.add_member(park, e, joined=D(2026, 1, 5))
        db.interactions.log(
            employer=e,
            kind="visit",
            by=gestora,
            on=D(2026, 11, 2 + i),
            at="10:30",
            summary="Visita",
            commitments=[{"description": "Enviar perfiles", "due": D(2026, 11, 27 + i)}],
        )
        with db.access.act_as(staff=gestora):
            req = db.requests.open(
                office=office,
                category="tree_pruning",
                employer=e,
                address=f"Calle {i + 1} 100",
                attributes={"trees": 2},
                by=gestora,
            )
        o.requests.append(req.id)
        s = db.seekers.add(**seeker(office, 10 * n + i, f"Persona {name} {i + 1}", name))
        o.seekers.append(s.id)
        v = db.vacancies.capture(employer=e, title=f"Operario {i + 1}", occupation="9333", on=D(2026, 10, 1))
        o.vacancies.append(v.id)
        db.referrals.refer(seeker=s, vacancy=v, by=gestora, on=D(2026, 10, 5))
    db.placements.record(seeker=o.seekers[0], vacancy=o.vacancies[0], start_on=D(2026, 10, 20), by=gestora)
    for i in range(3):
        ev = db.events.add(office=office, title=f"Encuentro {i + 1}", on=D(2026, 11, 10 + i), by=gestora)
        db.events.invite(ev, o.employers)
        db.programmes.offer(office=office, programme="capacitacion", employer=o.employers[i], by=gestora)
    asset = db.outreach.add_asset(name="Video institucional", kind="video", uuid="0b8f7a52-3c1d-4e5f-9a6b-7c8d9e0f1a2b")
    for i in range(3):
        db.outreach.record(asset=asset, office=office, on=D(2026, 5, 4 + i), setting="company_meeting", by=gestora)
    o.token = db.access.create(staff=gestora)[1]
    o.coordinator = db.access.create(staff=head)[1]
    o.psychologist_token = db.access.create(staff=psy)[1]
    o.reader = db.access.create(office=office, role="integrator", name="Bolsa", resources=["employers"])[1]
    return o


def two_offices(path: pathlib.Path) -> tuple[Office, Office]:
    with omilcrm.open(path, today=TODAY, create=True) as db:
        return seed_office(db, "Concón", "concon", 1), seed_office(db, "Quintero", "quintero", 2)


# ---- an HTTP client -------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def call(
    url: str,
    method: str = "GET",
    token: str = "",
    body=None,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
) -> Reply:
    """One request; `body` is sent as JSON, `raw` as it is."""
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {token}"
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return Reply(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as e:
        with e:
            return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


def ids(reply: Reply) -> set[int]:
    """The ids of a listing (a page or an array)."""
    body = reply.json
    return {row["id"] for row in (body["items"] if isinstance(body, dict) else body)}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Concón and Quintero in one file, served by omilcrm.serve() on a free port."""
    path = tmp_path_factory.mktemp("site") / "valparaiso.omilcrm"
    concon, quintero = two_offices(path)
    with omilcrm.serve(path, port=0, threads=2, today=TODAY) as server:
        yield path, server.url, concon, quintero


def snapshot(path: pathlib.Path, office: int) -> dict:
    """Everything of an office a write could have touched."""
    with omilcrm.open(path, today=TODAY, read_only=True) as db:
        return {
            "employers": [e.to_dict() for e in db.employers.list(office)],
            "requests": [r.to_dict() for r in db.requests.list(office, open_only=False)],
            "seekers": db.seekers.table(office).to_pandas().to_dict("records"),
            "vacancies": [v.to_dict() for v in db.vacancies.list(office)],
            "interactions": [i.to_dict() for e in db.employers.list(office) for i in db.interactions.of_employer(e)],
            "referrals": db.referrals.table(office).to_pandas().to_dict("records"),
            "audit": len(db.access.audit(office)),
        }


# ---- 1. two offices on one server never see each other -----------------------------------


def test_an_office_sees_only_its_own_records(site):
    path, url, concon, quintero = site
    for me, other in ((concon, quintero), (quintero, concon)):
        # Listings show only the caller's office's records.
        assert ids(call(f"{url}/v1/employers?limit=1000", token=me.token)) >= set(me.employers)
        assert not ids(call(f"{url}/v1/employers?limit=1000", token=me.token)) & set(other.employers)
        assert not ids(call(f"{url}/v1/employers?q=Empresa&limit=1000", token=me.token)) & set(other.employers)
        assert set(me.requests) <= ids(call(f"{url}/v1/requests?all=true&limit=1000", token=me.token))
        assert not ids(call(f"{url}/v1/requests?all=true&limit=1000", token=me.token)) & set(other.requests)
        assert set(me.seekers) <= ids(call(f"{url}/v1/seekers?limit=1000", token=me.token))
        assert not ids(call(f"{url}/v1/seekers?limit=1000", token=me.token)) & set(other.seekers)
        assert not ids(call(f"{url}/v1/vacancies?limit=1000", token=me.token)) & set(other.vacancies)
        # The other's records do not exist for the caller: 404, as for an id never used, not 403.
        for kind, own, theirs in (
            ("employers", me.employers, other.employers),
            ("requests", me.requests, other.requests),
            ("seekers", me.seekers, other.seekers),
            ("vacancies", me.vacancies, other.vacancies),
        ):
            assert call(f"{url}/v1/{kind}/{own[0]}", token=me.token).status == 200
            for theirs_id in theirs:
                reply = call(f"{url}/v1/{kind}/{theirs_id}", token=me.token)
                assert reply.status == 404, (kind, theirs_id, reply.body)
                assert reply.body == call(f"{url}/v1/{kind}/99999999", token=me.token).body
            assert call(f"{url}/v1/{kind}/{theirs[0]}", token=me.coordinator).status == 404
        assert call(f"{url}/v1/employers/{other.employers[0]}/contacts", token=me.token).status == 404
        assert call(f"{url}/v1/requests/{other.requests[0]}/history", token=me.token).status == 404
        assert call(f"{url}/v1/offices/{other.id}", token=me.token).status == 404


def test_writes_naming_another_offices_records_are_refused_and_change_nothing(site):
    path, url, concon, quintero = site
    before = {o.id: snapshot(path, o.id) for o in (concon, quintero)}
    theirs = quintero
    refused = [
        ("/v1/interactions", {"employer": theirs.employers[0], "kind": "visit", "by": concon.staff}, "employer"),
        ("/v1/interactions", {"employer": concon.employers[0], "kind": "visit", "by": theirs.staff}, "by"),
        ("/v1/vacancies", {"employer": theirs.employers[0], "title": "Peoneta", "occupation": "9333"}, "employer"),
        ("/v1/requests", {"category": "tree_pruning", "employer": theirs.employers[0], "address": "X 1"}, "employer"),
        ("/v1/referrals", {"seeker": theirs.seekers[1], "vacancy": concon.vacancies[1]}, "seeker"),
        ("/v1/referrals", {"seeker": concon.seekers[1], "vacancy": theirs.vacancies[1]}, "vacancy"),
        (
            "/v1/placements",
            {"seeker": theirs.seekers[2], "vacancy": theirs.vacancies[2], "start_on": "2026-12-01"},
            None,
        ),
        ("/v1/employers", {"rut": "77.261.280-K", "legal_name": "Otra", "office": theirs.id}, "office"),
        ("/v1/programme-offers", {"programme": "capacitacion", "seeker": theirs.seekers[0]}, "seeker"),
    ]
    for target, body, field_name in refused:
        reply = call(url + target, "POST", concon.token, body)
        assert reply.status == 422, (target, body, reply.body)
        if field_name:
            assert reply.json["error"]["field"] == field_name, (target, reply.body)
    # The other's records named in the URL do not exist for the caller.
    assert call(f"{url}/v1/employers/{theirs.employers[0]}", "PATCH", concon.token, {"notes": "x"}).status == 404
    assert (
        call(f"{url}/v1/seekers/{theirs.seekers[0]}", "PATCH", concon.token, {"phone": "+56 9 1111 1111"}).status == 404
    )
    assert call(f"{url}/v1/requests/{theirs.requests[0]}/notes", "POST", concon.token, {"note": "x"}).status == 404
    assert call(f"{url}/v1/employers/{theirs.employers[0]}/contacts", "POST", concon.token, {"name": "X"}).status == 404
    assert {o.id: snapshot(path, o.id) for o in (concon, quintero)} == before


# ---- 2. a stale If-Match loses nothing -----------------------------------------------------


def test_a_stale_if_match_loses_no_edit(site):
    path, url, concon, _ = site
    employer = f"{url}/v1/employers/{concon.employers[1]}"
    # Two people read the same version of the record.
    first, second = call(employer, token=concon.token), call(employer, token=concon.coordinator)
    etag = first.header("ETag")
    assert etag and second.header("ETag") == etag
    ok = call(employer, "PATCH", concon.token, {"notes": "Prefiere correo"}, {"If-Match": etag})
    assert ok.status == 200 and ok.header("ETag") != etag
    stale = call(employer, "PATCH", concon.coordinator, {"notes": "Llamar martes"}, {"If-Match": etag})
    assert stale.status == 412
    assert ok.header("ETag") in stale.json["error"]["message"]
    now = call(employer, token=concon.coordinator)
    assert now.json["notes"] == "Prefiere correo"  # the first edit stands
    assert now.header("ETag") == ok.header("ETag")
    retry = call(employer, "PATCH", concon.coordinator, {"notes": "Llamar martes"}, {"If-Match": now.header("ETag")})
    assert retry.status == 200 and retry.json["notes"] == "Llamar martes"
    changes = call(f"{employer}/changes", token=concon.token).json["items"]
    notes = [(c["new_value"], c["actor"]) for c in changes if c["field"] == "notes"]
    assert notes == [("Prefiere correo", f"staff:{concon.staff}"), ("Llamar martes", f"staff:{concon.head}")]


# ---- 3. kill -9 of the server loses no acknowledged write ----------------------------------


def serve_program(path: pathlib.Path, *options: str) -> tuple[subprocess.Popen, str]:
    """`omilcrm serve` on a free port: the process and its URL, once it listens."""
    proc = subprocess.Popen(
        [str(CLI), "serve", "--db", str(path), "--listen", "127.0.0.1:0", "--access-log", os.devnull, *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stderr.readline()
    found = re.search(r"on (http://127\.0\.0\.1:\d+)$", line.strip())
    assert found, line
    return proc, found.group(1)


def test_kill_9_of_the_server_loses_no_acknowledged_write(tmp_path):
    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path, today=TODAY, create=True) as db:
        concon = seed_office(db, "Concón", "concon", 1)
    proc, url = serve_program(path, "--threads", "4")
    acknowledged: list[tuple[str, int, dict]] = []  # (kind, id, what was sent)
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n: int) -> None:
        rng = random.Random(n)
        i = 0
        while not stop.is_set():
            i += 1
            if rng.random() < 0.5:
                kind, body = (
                    "employers",
                    {
                        "rut": str(omilcrm.Rut.from_body(30_000_000 + 100_000 * n + i)),
                        "legal_name": f"Empresa {n}-{i}",
                        "notes": f"escrita por el cliente {n}",
                    },
                )
            else:
                kind, body = (
                    "interactions",
                    {
                        "employer": rng.choice(concon.employers),
                        "kind": "phone_call",
                        "by": concon.staff,
                        "on": "2026-11-20",
                        "summary": f"Llamada {n}-{i}",
                    },
                )
            try:
                reply = call(f"{url}/v1/{kind}", "POST", concon.token, body)
            except (OSError, http.client.HTTPException):
                return  # the server is gone: what was not answered was not promised
            assert reply.status == 201, reply.body
            with lock:
                acknowledged.append((kind, reply.json["id"], body))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < 200 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)  # mid-stream: requests are in flight
    proc.wait(timeout=20)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    proc.stderr.close()
    assert len(acknowledged) >= 200

    with contextlib.closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with omilcrm.open(path, today=TODAY) as db:
        for kind, record_id, sent in acknowledged:
            if kind == "employers":
                e = db.employers.get(record_id)
                assert (str(e.rut), e.legal_name, e.notes) == (sent["rut"], sent["legal_name"], sent["notes"])
            else:
                i = db.interactions.get(record_id)
                assert (i.employer_id, i.staff_id, i.summary, i.on) == (
                    sent["employer"],
                    sent["by"],
                    sent["summary"],
                    D(2026, 11, 20),
                )


# ---- 4. the OpenAPI document -----------------------------------------------------------------


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, op in item.items():
            yield path, method.upper(), op


def test_the_openapi_document_is_valid_and_generated_from_the_routes(site, tmp_path):
    from openapi_spec_validator import validate

    path, url, concon, _ = site
    reply = call(url + "/openapi.json")
    assert reply.status == 200 and reply.header("Content-Type") == "application/json"
    document = reply.json
    validate(document)  # OpenAPI 3.1, with its JSON Schema dialect
    assert document["info"]["version"] == omilcrm.__version__
    seen = set()
    for p, method, op in operations(document):
        assert op["operationId"] not in seen, op["operationId"]
        seen.add(op["operationId"])
        assert op["responses"], (method, p)
        assert any(code.startswith("2") for code in op["responses"]), (method, p)
        for code, answer in op["responses"].items():
            assert answer["description"], (method, p, code)
    assert len(seen) > 80

    # The document is written by the server from its routes, not read from a file: the program
    # serves the same one for another file, and every operation it names is dispatched.
    other = tmp_path / "otra.omilcrm"
    with omilcrm.open(other, create=True) as db:
        db.offices.add(name="OMIL Puchuncaví", commune="puchuncavi")
    proc, other_url = serve_program(other)
    try:
        assert call(other_url + "/openapi.json").body == reply.body
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0
        proc.stderr.close()
    unknown = call(url + "/v1/nothing-here", token=concon.coordinator)
    for p, method, op in operations(document):
        target = url + p.replace("{id}", "999999")  # no record: nothing is changed
        answer = call(
            target, method, "" if "security" in op else concon.coordinator, raw=b"{" if method != "GET" else None
        )
        assert answer.status != 405, (method, p)
        assert answer.body != unknown.body, (method, p)  # not the router's "no such resource"


# ---- 5. schemathesis against the live server ------------------------------------------------


def test_schemathesis_finds_no_server_error_and_no_response_off_its_schema(tmp_path):
    """Every operation with generated requests, positive and negative: no 5xx, every response
    in its declared status, content type and schema. Seeded, so a run is repeatable."""
    path = tmp_path / "valparaiso.omilcrm"
    concon, _ = two_offices(path)  # ids 1 to 3 of each kind are Concón's
    examples = os.environ.get("OMILCRM_SCHEMATHESIS_EXAMPLES", "25")
    with omilcrm.serve(path, port=0, threads=2, today=TODAY) as server:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "run",
                f"{server.url}/openapi.json",
                "--header",
                f"Authorization: Bearer {concon.coordinator}",
                "--checks",
                "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                examples,
                "--seed",
                "21719",
                "--generation-database",
                "none",
                "--workers",
                "2",
                "--continue-on-failure",
                "--request-timeout",
                "20",
                # Revoking its own token would leave the rest of the run at 401 (tested below).
                "--exclude-operation-id",
                "revokeToken",
                "--no-color",
                "--output-sanitize",
                "false",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
    # Every operation of the document was tested but the one left out.
    selected = re.search(r"Selected: (\d+)/(\d+)", run.stdout)
    tested = re.search(r"Tested: (\d+)", run.stdout)
    assert selected and tested, run.stdout[-5000:]
    assert int(tested.group(1)) == int(selected.group(1)) == int(selected.group(2)) - 1, run.stdout[-5000:]


def validator(document: dict, schema: dict):
    import jsonschema

    return jsonschema.Draft202012Validator({**schema, "components": document["components"]})


def check_against_document(document: dict, method: str, path: str, reply: Reply) -> None:
    """The reply is one its operation declares: status, content type and body schema."""
    op = document["paths"][path][method.lower()]
    declared = op["responses"].get(str(reply.status))
    assert declared, (method, path, reply.status, reply.body[:300])
    for content_type, media in declared.get("content", {}).items():
        assert reply.header("Content-Type").startswith(content_type), (method, path, reply.headers)
        if content_type.endswith("json"):
            errors = [e.message for e in validator(document, media["schema"]).iter_errors(reply.json)]
            assert not errors, (method, path, reply.status, errors[:3], reply.body[:300])


def test_every_read_of_a_real_record_matches_its_schema(site):
    """Generated ids rarely land on a record; this reads ids 1 to 3 of every kind."""
    path, url, concon, _ = site
    document = call(url + "/openapi.json").json
    read = 0
    for p, method, _ in operations(document):
        if method != "GET":
            continue
        for i in (1, 2, 3) if "{id}" in p else (None,):
            reply = call(url + p.replace("{id}", str(i)), token=concon.coordinator)
            check_against_document(document, method, p, reply)
            read += reply.status == 200
    assert read > 60


def test_each_write_takes_a_body_with_only_its_required_fields(site):
    """The smallest body each write's schema allows is taken: what the document leaves out (an
    office, an employer in the URL, a day) the API fills in."""
    path, url, concon, _ = site
    document = call(url + "/openapi.json").json
    with omilcrm.open(path, today=TODAY) as db:
        extra = db.seekers.add(**seeker(concon.id, 99, "Persona Extra", "Concón"))
        vacancy = db.vacancies.capture(employer=concon.employers[2], title="Bodeguero", occupation="9333")
        cluster = db.clusters.add(office=concon.id, name="Cámara de Comercio", kind="chamber_of_commerce")
        commitment = db.commitments.open(office=concon.id)[0]
        contact = db.contacts.add(employer=concon.employers[2], name="Pedro Soto")
        waiting = db.requests.open(office=concon.id, category="street_lights", address="Av. Borgoño 22102")
        event = db.events.list(concon.id)[0]
    bodies = {
        ("POST", "/v1/staff"): {"name": "Rodrigo Soto", "role": "administrative"},
        ("POST", "/v1/employers"): {"rut": "77.261.280-K", "legal_name": "Transportes Concón Ltda."},
        ("PATCH", f"/v1/employers/{concon.employers[2]}"): {},
        ("POST", f"/v1/employers/{concon.employers[2]}/contacts"): {"name": "Pedro Pérez"},
        ("POST", "/v1/interactions"): {"employer": concon.employers[2], "kind": "phone_call", "by": concon.staff},
        ("POST", f"/v1/commitments/{commitment.id}/keep"): {},
        ("POST", "/v1/requests"): {"category": "street_lights", "address": "Av. Borgoño 22100"},
        ("POST", f"/v1/requests/{concon.requests[2]}/notes"): {"note": "Llamó la empresa"},
        ("POST", f"/v1/requests/{concon.requests[2]}/transition"): {"status": "in_progress"},
        ("POST", f"/v1/requests/{waiting.id}/pause"): {"note": "Faltan fotos"},
        ("POST", f"/v1/requests/{waiting.id}/resume"): {},
        ("POST", f"/v1/requests/{waiting.id}/duplicate"): {"original": concon.requests[2]},
        ("PATCH", f"/v1/contacts/{contact.id}"): {},
        ("POST", f"/v1/contacts/{contact.id}/primary"): {},
        ("POST", f"/v1/events/{event.id}/guests"): {"employers": [concon.employers[2]]},
        ("POST", f"/v1/events/{event.id}/attendance"): {"employer": concon.employers[2]},
        ("POST", "/v1/seekers"): {
            "rut": str(omilcrm.Rut.from_body(16_000_001)),
            "name": "Marta Díaz",
            "commune": "Concón",
            "consent_on": "2026-11-20",
            "consent_scope": ["intermediation"],
        },
        ("PATCH", f"/v1/seekers/{extra.id}"): {},
        ("POST", f"/v1/seekers/{extra.id}/personal"): {"purpose": "intermediation: derivación a vacante"},
        ("POST", "/v1/vacancies"): {"employer": concon.employers[2], "title": "Peoneta", "occupation": "9333"},
        ("POST", f"/v1/vacancies/{vacancy.id}/extend"): {"valid_through": "2027-03-01"},
        ("POST", "/v1/referrals"): {"seeker": extra.id, "vacancy": vacancy.id},
        ("POST", "/v1/clusters"): {"name": "Asociación de Comerciantes"},
        ("POST", f"/v1/clusters/{cluster.id}/members"): {"employer": concon.employers[2]},
        ("POST", f"/v1/clusters/{cluster.id}/meetings"): {},
        ("POST", "/v1/programme-offers"): {"programme": "capacitacion", "employer": concon.employers[2]},
        ("POST", "/v1/events"): {"title": "Feria laboral", "on": "2026-12-10"},
        ("POST", "/v1/outreach/showings"): {"asset": 1, "on": "2026-11-20", "setting": "job_fair"},
        ("POST", f"/v1/vacancies/{vacancy.id}/cancel"): {"reason": "la empresa la retiró"},
    }
    templates = {(m, p): re.compile("^" + re.sub(r"\{id\}", r"\\d+", p) + "$") for p, m, _ in operations(document)}
    refused = []
    for (method, target), body in bodies.items():
        (template,) = [p for (m, p), rx in templates.items() if m == method and rx.match(target)]
        reply = call(url + target, method, concon.coordinator, body)
        if not 200 <= reply.status < 300:
            refused.append((method, target, reply.status, reply.json["error"]["message"]))
            continue
        check_against_document(document, method, template, reply)
        if "on" not in body and isinstance(reply.json, dict) and "on" in reply.json:
            assert reply.json["on"] == TODAY.isoformat(), (method, target, reply.json["on"])
    assert not refused


# ---- 6. every status the API promises, over HTTP -----------------------------------------


def test_every_status_the_api_promises_shows_up(site, tmp_path):
    path, url, concon, quintero = site
    employers = f"{url}/v1/employers"
    seen = {}
    seen[200] = call(employers, token=concon.token)
    seen[201] = call(employers, "POST", concon.token, {"rut": "96.511.460-2", "legal_name": "Beta Ltda"})
    seen[400] = call(employers, "POST", concon.token, raw=b"{not json", headers={"Content-Type": "application/json"})
    seen[401] = call(employers, token="omil_not-a-token")
    seen[403] = call(employers, "POST", concon.reader, {"rut": "77.261.280-K"})
    seen[404] = call(f"{employers}/{quintero.employers[0]}", token=concon.token)
    seen[405] = call(employers, "DELETE", concon.token)
    seen[409] = call(employers, "POST", concon.token, {"rut": "96.511.460-2", "legal_name": "Beta otra vez"})
    seen[415] = call(employers, "POST", concon.token, raw=b"rut=1", headers={"Content-Type": "text/plain"})
    seen[422] = call(employers, "POST", concon.token, {"rut": "77.261.280-1", "legal_name": "X"})
    assert seen[201].status == 201, seen[201].body
    record = f"{employers}/{seen[201].json['id']}"
    etag = call(record, token=concon.token).header("ETag")
    assert call(record, "PATCH", concon.token, {"notes": "uno"}, {"If-Match": etag}).status == 200
    seen[412] = call(record, "PATCH", concon.token, {"notes": "dos"}, {"If-Match": etag})
    assert seen[401].header("WWW-Authenticate") == "Bearer"
    assert seen[405].header("Allow") == "GET, POST"
    assert seen[422].json["error"]["field"] == "rut"

    # 413: a body over the limit is refused before it is sent (Expect: 100-continue).
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(
            b"POST /v1/employers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Authorization: Bearer {concon.token}\r\nContent-Length: {2 << 20}\r\n".encode()
            + b"Expect: 100-continue\r\n\r\n"
        )
        head = s.recv(65536).decode()
    assert head.startswith("HTTP/1.1 413 "), head
    assert json.loads(head.split("\r\n\r\n", 1)[1])["error"]["status"] == 413
    seen[413] = Reply(413, {}, b"")

    # 503: the file is locked by another writer beyond the server's wait; nothing is written.
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        seen[503] = call(employers, "POST", concon.token, {"rut": "77.261.280-K", "legal_name": "Gamma"})
        other.execute("ROLLBACK")
    assert seen[503].header("Retry-After") == "1"
    assert call(f"{employers}?q=Gamma", token=concon.token).json["total"] == 0

    document = call(url + "/openapi.json").json
    for status, reply in seen.items():
        assert reply.status == status, (status, reply.body)
        if status in (401, 405, 413):
            continue  # answered before a route is chosen
        assert reply.json["error"]["status"] == status if status >= 400 else reply.json
        method = {200: "GET", 404: "GET", 412: "PATCH"}.get(status, "POST")
        template = "/v1/employers/{id}" if status in (404, 412) else "/v1/employers"
        check_against_document(document, method, template, reply)
    assert sorted(seen) == [200, 201, 400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 503]
