"""Department check-ins as the office uses them: scheduled when a request is routed, before its
deadline by the office's calendar; scheduled and done by hand; a reminder does one; the lists of
the day and of those overdue, from Python, the command line and the HTTP API. Today is Monday
23 November 2026; a tree pruning request received today is due Tuesday 15 December."""

import datetime as dt
import json
import os
import pathlib
import subprocess
import urllib.error
import urllib.request

import omilcrm
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("OMILCRM_CLI", ROOT / "build" / "apps" / "omilcrm" / "omilcrm"))
TODAY = dt.date(2026, 11, 23)


def scene(db):
    office = db.offices.add(name="OMIL Concón", commune="concon")
    bruno = db.staff.add(
        office=office,
        name="Bruno Soto",
        role="territorial_manager",
        email="bruno@concon.cl",
        started=dt.date(2026, 1, 5),
    )
    acme = db.employers.add(rut="76.086.428-5", name="Acme SpA", office=office, owner=bruno)
    return office, bruno, acme


def pruning(db, acme, by=None):
    return db.requests.open(
        category="tree_pruning",
        employer=acme,
        description="Ramas sobre el cableado",
        address="Av. Borgoño 22100",
        attributes={"trees": 2},
        by=by,
    )


def test_a_routed_request_has_a_check_in_before_its_deadline(db):
    office, bruno, acme = scene(db)
    request = pruning(db, acme)
    assert request.due_on == dt.date(2026, 12, 15)
    (checkin,) = db.checkins.of_request(request)
    aseo = db.departments.by_code(office, "aseo")
    assert isinstance(checkin, omilcrm.CheckIn)
    assert (checkin.department_id, checkin.due_on, checkin.staff_id) == (aseo.id, dt.date(2026, 12, 11), bruno.id)
    assert (checkin.origin, checkin.state) == ("scheduled", "open")
    assert db.checkins.days_before(office) == 2
    assert [c.id for c in db.checkins.due(office, on=dt.date(2026, 12, 11))] == [checkin.id]
    assert db.checkins.due(office, on=dt.date(2026, 12, 11), department=db.departments.by_code(office, "obras")) == []
    assert [c.id for c in db.checkins.overdue(office, on=dt.date(2026, 12, 14), staff=bruno)] == [checkin.id]


def test_the_office_chooses_how_many_business_days_before(db):
    office, _, acme = scene(db)
    db.checkins.set_days_before(office, 5)
    request = pruning(db, acme)
    # 14, 11, 10, 9 and (8 December is a holiday) 7 December.
    assert db.checkins.of_request(request)[0].due_on == dt.date(2026, 12, 7)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.checkins.set_days_before(office, 61)
    assert (e.value.field, e.value.value) == ("days_before", "61")
    assert db.checkins.days_before(office) == 5


def test_scheduled_by_hand_done_by_a_reminder_closed_with_the_request(db):
    office, bruno, acme = scene(db)
    request = pruning(db, acme)
    extra = db.checkins.schedule(request, on=dt.date(2026, 11, 26), by=bruno, note="preguntar por el camión")
    assert (extra.origin, extra.note) == ("by_hand", "preguntar por el camión")
    # A reminder to the department does the earliest open check-in.
    db.requests.reminded(request, "Aseo va el jueves", by=bruno)
    assert db.checkins.get(extra).state == "done"
    assert db.checkins.get(extra).outcome == "Aseo va el jueves"
    done = db.checkins.done(db.checkins.of_request(request)[1], by=bruno, outcome="podado")
    assert (done.state, done.done_on) == ("done", TODAY)
    with pytest.raises(omilcrm.Conflict):
        db.checkins.done(done, by=bruno)
    again = db.checkins.schedule(request, on=dt.date(2026, 12, 1))
    db.requests.transition(request, "resolved", by=bruno)
    assert db.checkins.get(again).state == "closed"
    assert db.checkins.get(again).outcome == "la solicitud está resuelta"


def test_bad_input_names_the_field_and_changes_nothing(db):
    office, bruno, acme = scene(db)
    request = pruning(db, acme)
    before = db.checkins.of_request(request)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.checkins.schedule(request, on=dt.date(2026, 11, 20))
    assert (e.value.field, e.value.value) == ("on", "2026-11-20")
    triage = db.requests.open(category="other", office=office, description="Consulta")
    with pytest.raises(omilcrm.ValidationError) as e:
        db.checkins.schedule(triage, on=TODAY)
    assert e.value.field == "request"
    assert db.checkins.of_request(request) == before
    with pytest.raises(omilcrm.NotFound):
        db.checkins.get(999)


def test_the_check_ins_table(db):
    office, _, acme = scene(db)
    pruning(db, acme)
    (row,) = db.checkins.table(office, on=dt.date(2026, 12, 14)).to_dicts()
    assert list(row)[:4] == ["id", "due_on", "days_overdue", "request"]
    assert (row["due_on"], row["days_overdue"], row["department"]) == (
        dt.date(2026, 12, 11),
        3,
        "Dirección de Aseo y Ornato",
    )
    assert (row["staff"], row["employer"], row["origin"]) == ("Bruno Soto", "Acme SpA", "scheduled")


def run(*args, check=0):
    done = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True)
    assert done.returncode == check, done.stderr
    return done


def test_the_command_line_lists_schedules_and_does_check_ins(tmp_path):
    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path, create=True) as db:
        office, bruno, acme = scene(db)
        request = pruning(db, acme)
        today = db.today(office)
        due = db.checkins.of_request(request)[0].due_on
    listed = run("--db", path, "checkins", "--on", due.isoformat(), "--csv").stdout
    assert listed.splitlines()[0].startswith("id,due_on,days_overdue,request,category,department,staff,employer")
    assert "Dirección de Aseo y Ornato,Bruno Soto,Acme SpA" in listed
    assert (
        run("--db", path, "checkins", "--on", due.isoformat(), "--department", "obras", "--csv").stdout.count("\n") == 1
    )
    out = run("--db", path, "checkins", "schedule", request.id, "--on", today.isoformat(), "--by", bruno.id).stdout
    assert out.startswith("check-in ") and f"request {request.id} with Dirección de Aseo y Ornato on {today}" in out
    checkin = int(out.split()[1].rstrip(":"))
    assert run("--db", path, "checkins", "done", checkin, "--outcome", "va el jueves").stdout.startswith(
        f"check-in {checkin}: done"
    )
    assert run("--db", path, "checkins", "days-before", "3").stdout == "3 business days before the deadline\n"
    bad = run("--db", path, "checkins", "schedule", request.id, "--on", "2020-01-01", check=2)
    assert "on" in bad.stderr and "2020-01-01" in bad.stderr


def call(url, token, data=None):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    if data is not None:
        request.data = json.dumps(data).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        with e:
            return e.code, json.loads(e.read())


def test_the_http_api_lists_schedules_and_does_check_ins_of_the_callers_office(tmp_path):
    path = tmp_path / "two.omilcrm"
    with omilcrm.open(path, create=True, today=TODAY) as db:
        office, bruno, acme = scene(db)
        request = pruning(db, acme)
        _, token = db.access.create(staff=bruno)
        other = db.offices.add(name="OMIL Quintero", commune="quintero")
        carla = db.staff.add(office=other, name="Carla", role="territorial_manager", started=dt.date(2026, 1, 5))
        _, stranger = db.access.create(staff=carla)
    with omilcrm.serve(path, port=0, threads=2, today=TODAY) as server:
        base = server.url
        status, page = call(f"{base}/v1/checkins?on=2026-12-11", token)
        assert status == 200 and page["total"] == 1
        assert page["items"][0]["request_id"] == request.id
        assert page["items"][0]["due_on"] == "2026-12-11"
        # Another office sees none of them.
        assert call(f"{base}/v1/checkins?on=2026-12-11", stranger)[1]["total"] == 0
        assert call(f"{base}/v1/requests/{request.id}/checkins", stranger)[0] == 404
        status, made = call(f"{base}/v1/requests/{request.id}/checkins", token, {"on": "2026-11-25", "note": "camión"})
        assert status == 201 and (made["origin"], made["staff_id"]) == ("by_hand", bruno.id)
        status, body = call(f"{base}/v1/requests/{request.id}/checkins", token, {"on": "2026-11-20"})
        assert status == 422 and body["error"]["field"] == "on"
        status, done = call(f"{base}/v1/checkins/{made['id']}/done", token, {"outcome": "va el jueves"})
        assert status == 200 and done["state"] == "done"
        status, listed = call(f"{base}/v1/requests/{request.id}/checkins", token)
        assert status == 200 and [c["origin"] for c in listed] == ["by_hand", "scheduled"]
