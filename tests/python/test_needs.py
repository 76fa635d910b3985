"""Needs as neighbours through Python and the command line: a diagnosis, the requests that answer
it, dropping one, the report, and the refusals."""

import datetime as dt
import json

import omilcrm
import pytest
from test_cli import run

D = dt.date


def test_a_diagnosis_answered_by_requests(db, office, gestora, acme):
    visit = db.interactions.log(employer=acme, kind="visit", by=gestora, on=D(2026, 3, 2))
    luz, poda, paradero = db.needs.diagnose(
        [
            {"employer": acme, "category": "street_lights", "on": D(2026, 3, 2), "interaction": visit},
            {
                "employer": acme,
                "category": "tree_pruning",
                "description": "Álamos sobre el cierre",
                "on": D(2026, 3, 2),
            },
            {"employer": acme, "description": "Paradero frente al acceso", "on": D(2026, 3, 2)},
        ]
    )
    assert isinstance(luz, omilcrm.EmployerNeed)
    assert (luz.status, luz.interaction_id, poda.description) == ("open", visit.id, "Álamos sobre el cierre")
    assert "status='open'" in repr(luz)

    request = db.requests.open(
        category="street_lights",
        employer=acme,
        by=gestora,
        description="Poste",
        address="Camino Concón-Quintero km 3",
        received_on=D(2026, 3, 3),
    )
    assert db.needs.answer(luz, request).status == "answered"
    db.requests.transition(request, "resolved", by=gestora, on=D(2026, 3, 6))
    assert db.needs.get(luz.id).status == "served"
    dropped = db.needs.drop(paradero, reason="Es de la empresa de buses", on=D(2026, 3, 10))
    assert (dropped.status, dropped.dropped_on) == ("dropped", D(2026, 3, 10))

    assert [n.id for n in db.needs.list(office, pending_only=True)] == [poda.id]
    assert [n.id for n in db.needs.of(acme)] == [luz.id, poda.id, paradero.id]
    report = db.needs.report(office, year=2026).to_pandas().set_index("name")
    assert report.loc["(all)", ["raised", "answered", "served", "dropped", "open"]].tolist() == [3, 1, 1, 1, 1]
    assert report.loc["(all)", "served_share"] == pytest.approx(1 / 3)
    assert "(other)" in report.index
    table = db.needs.table(office).to_pandas()
    assert table["status"].tolist() == ["served", "open", "dropped"]
    assert table["request_status"].tolist()[0] == "resolved"


def test_refusals_name_the_field_and_write_nothing(db, office, gestora, acme, beta):
    with pytest.raises(omilcrm.ValidationError) as e:
        db.needs.add(employer=acme, category="fuegos_artificiales")
    assert e.value.field == "category" and "tree_pruning" in str(e.value)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.needs.add(employer=acme)
    assert e.value.field == "description"
    with pytest.raises(omilcrm.ValidationError):
        db.needs.diagnose([{"employer": acme, "category": "garbage_removal"}, {"employer": acme, "category": "x"}])
    assert db.needs.list(office) == []
    need = db.needs.add(employer=acme, category="garbage_removal")
    other = db.requests.open(
        category="street_lights", employer=beta, by=gestora, description="Poste", address="Av. Valparaíso 100"
    )
    with pytest.raises(omilcrm.ValidationError) as e:
        db.needs.answer(need, other)
    assert e.value.field == "request"
    with pytest.raises(omilcrm.ValidationError) as e:
        db.needs.drop(need, reason=" ")
    assert e.value.field == "reason"
    assert db.needs.get(need).status == "open"


def test_the_command_line_adds_answers_and_reports_needs(tmp_path):
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(str(path), create=True, today=D(2026, 11, 23))
    office = db.offices.add(name="OMIL Concón", commune="concon")
    db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=D(2022, 4, 1))
    logi = db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office)
    request = db.requests.open(
        category="street_lights", employer=logi, description="Poste", address="Camino Concón-Quintero km 2"
    )
    db.close()
    added = run("needs", "add", logi.id, "--category", "street_lights", "--on", "2026-11-20", db=path, check=0)
    assert "need 1 of employer" in added.stdout and "(open)" in added.stdout
    run("needs", "add", logi.id, "--description", "Paradero", db=path, check=0)
    assert "(answered)" in run("needs", "answer", "1", request.id, db=path, check=0).stdout
    assert "(dropped)" in run("needs", "drop", "2", "--reason", "No corresponde", db=path, check=0).stdout
    rows = json.loads(run("needs", "--json", db=path, check=0).stdout)
    assert [(r["id"], r["status"]) for r in rows] == [(1, "answered"), (2, "dropped")]
    assert [r["id"] for r in json.loads(run("needs", "--pending", "--json", db=path, check=0).stdout)] == [1]
    report = json.loads(run("needs", "report", "--year", "2026", "--json", db=path, check=0).stdout)
    assert report[-1]["raised"] == 2
    bad = run("needs", "add", logi.id, "--category", "fuegos", db=path, check=2)
    assert "category" in bad.stderr and "fuegos" in bad.stderr
