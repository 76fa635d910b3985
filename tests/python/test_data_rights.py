"""Job seekers' rights under Ley 21.719 from Python: the register and its deadlines, the access
answer, a portable copy moved to another office's file, erasure down to the file's bytes,
blocking, retention."""

import datetime as dt
import json
import sqlite3

import omilcrm
import pytest
from conftest import TODAY, seeker_row

D = dt.date


def referred(db, acme, beta, gestora, office):
    s = db.seekers.add(
        **seeker_row(office, 1, "Rosa Fuentes Aravena", email="rosa.fuentes@correo.cl", phone="9 8123 4567")
    )
    for employer, day in ((acme, D(2026, 3, 5)), (beta, D(2026, 3, 6))):
        v = db.vacancies.capture(employer=employer, title="Operaria", occupation="9333", on=D(2026, 3, 1))
        db.referrals.refer(seeker=s, vacancy=v, by=gestora, on=day)
    return s


def test_a_request_has_its_deadline_and_shows_when_overdue(db, office, gestora):
    s = db.seekers.add(**seeker_row(office, 1))
    r = db.data_rights.receive(
        seeker=s, kind="access", verified_by=gestora, verification="cédula presentada", received_on=D(2026, 10, 1)
    )
    assert r.due_on == D(2026, 10, 31)
    assert [x.id for x in db.data_rights.overdue(office, TODAY)] == [r.id]
    with pytest.raises(omilcrm.ValidationError) as e:
        db.data_rights.receive(seeker=s, kind="access", verified_by=gestora, verification=" ")
    assert e.value.field == "verification"
    with pytest.raises(omilcrm.ValidationError) as e:
        db.data_rights.receive(seeker=s, kind="forget me", verified_by=gestora, verification="cédula")
    assert e.value.field == "kind"
    answered = db.data_rights.answer(r, answer="Entregada la respuesta de acceso", by=gestora)
    assert answered.status == "answered"
    assert db.data_rights.overdue(office, TODAY) == []
    report = db.data_rights.report(office, D(2026, 10, 1), TODAY).to_pandas()
    assert report.set_index("kind").loc["access", "answered_late"] == 1


def test_the_access_answer_names_every_employer_that_received_the_profile(db, office, gestora, acme, beta):
    s = referred(db, acme, beta, gestora, office)
    a = db.data_rights.access(s, by=gestora)
    employers = [(r.name, r.on) for r in a.recipients if r.kind == "employer"]
    assert employers == [("Acme SpA", D(2026, 3, 5)), ("Beta Ltda", D(2026, 3, 6))]
    assert a.seeker.email == "rosa.fuentes@correo.cl"
    html = a.document()
    assert "Acme SpA" in html and "Beta Ltda" in html
    assert json.loads(a.to_json())["recipients"][0]["rut"] == "76.086.428-5"


def test_a_portable_copy_moves_to_another_office_file(db, office, gestora, acme, beta):
    s = referred(db, acme, beta, gestora, office)
    copy = db.data_rights.portable_json(s, by=gestora)
    assert json.loads(copy)["format"] == "omilcrm.portable/1"
    other = omilcrm.open(":memory:", today=TODAY)
    valpo = other.offices.add(name="OMIL Valparaíso", commune="valparaiso")
    luis = other.staff.add(office=valpo, name="Luis Vera", role="head", started=D(2026, 1, 5))
    moved = other.data_rights.import_portable(valpo, copy, by=luis)
    there = other.seekers.personal(moved, purpose="data_subject_request: portabilidad", by=luis)
    here = db.seekers.personal(s, purpose="data_subject_request: portabilidad", by=gestora)
    for field in ("rut", "name", "phone", "email", "commune", "education", "consent_scope", "consent_on"):
        assert getattr(there, field) == getattr(here, field), field
    rows = db.data_rights.portable_table(s, by=gestora).to_pandas()
    assert set(rows.columns) == {"section", "field", "value"}


def test_erasure_leaves_no_byte_of_the_person_and_the_figures_stay(tmp_path):
    path = str(tmp_path / "concon.omilcrm")
    with omilcrm.open(path, today=TODAY, create=True) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        gestora = db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=D(2022, 4, 1))
        acme = db.employers.add(rut="76.086.428-5", name="Acme SpA", office=office, since=D(2026, 1, 1))
        beta = db.employers.add(rut="96.511.460-2", name="Beta Ltda", office=office, since=D(2026, 1, 1))
        s = referred(db, acme, beta, gestora, office)
        before = db.reports.funnel(office, start=D(2026, 1, 1), end=TODAY).to_pandas()
        outcome = db.data_rights.erase(s, by=gestora)
        assert outcome.erased
        after = db.reports.funnel(office, start=D(2026, 1, 1), end=TODAY).to_pandas()
        assert before.equals(after)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("VACUUM")
    con.close()
    with open(path, "rb") as f:
        raw = f.read()
    for needle in (
        "Rosa Fuentes Aravena",
        "rosa.fuentes@correo.cl",
        "+56981234567",
        str(omilcrm.Rut.from_body(15000001)),
    ):
        assert needle.encode() not in raw, needle


def test_a_blocked_seeker_is_not_referred_until_the_block_ends(db, office, gestora, acme):
    s = db.seekers.add(**seeker_row(office, 1))
    v = db.vacancies.capture(employer=acme, title="Operario", occupation="9333", on=D(2026, 11, 20))
    block = db.data_rights.restrict(
        s, kind="blocking", reason="Rectificación en curso", by=gestora, start=D(2026, 11, 20)
    )
    assert db.data_rights.restricted(s, TODAY)
    assert [m.seeker_id for m in db.matching.seekers_for(v)] == []
    with pytest.raises(omilcrm.Conflict):
        db.referrals.refer(seeker=s, vacancy=v, by=gestora)
    db.data_rights.lift(block, end=D(2026, 11, 22), by=gestora)
    assert [m.seeker_id for m in db.matching.seekers_for(v)] == [s.id]
    assert db.referrals.refer(seeker=s, vacancy=v, by=gestora).seeker_id == s.id


def test_retention_dry_run_then_apply(db, office, gestora):
    old = db.seekers.add(**seeker_row(office, 1, registered_on=D(2022, 3, 1), consent_on=D(2022, 3, 1)))
    db.seekers.add(**seeker_row(office, 2))
    db.data_rights.set_retention(office, 3)
    [item] = db.data_rights.expired(office, TODAY)
    assert item.seeker_id == old.id and item.expired_on == D(2025, 3, 1)
    assert db.seekers.personal(old, purpose="data_subject_request: verificar", by=gestora).name == "Persona 1"
    db.data_rights.apply_retention(office, TODAY, by=gestora)
    assert db.seekers.personal(old, purpose="data_subject_request: verificar", by=gestora).name == ""
    assert db.data_rights.expired(office, TODAY) == []
