"""Staff workload and promises kept through Python and the command line."""

import datetime as dt
import json

import omilcrm
import pytest
from test_cli import run


@pytest.fixture
def desk(db, office, gestora):
    """Verónica owns Logística (visited 10-01 under a 30-day policy: overdue on 11-23) and Envases
    (visited 11-20). Commitments: 11-10 open (overdue), 11-30 open, 11-05 kept 11-04."""
    pablo = db.staff.add(office=office, name="Pablo Reyes", role="territorial_manager", started=dt.date(2025, 3, 1))
    db.cadence.add_policy(office=office, interval_days=30)
    logi = db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office, owner=gestora)
    envases = db.employers.add(rut="96.512.340-7", name="Envases del Pacífico S.A.", office=office, owner=gestora)
    db.interactions.log(
        employer=logi,
        kind="visit",
        by=gestora,
        on=dt.date(2026, 10, 1),
        commitments=[
            {"description": "Enviar CV", "due": dt.date(2026, 11, 10)},
            {"description": "Charla", "due": dt.date(2026, 11, 30)},
            {"description": "Cotizar", "due": dt.date(2026, 11, 5)},
        ],
    )
    db.interactions.log(employer=envases, kind="visit", by=gestora, on=dt.date(2026, 11, 20))
    cotizar = next(c for c in db.commitments.open(office=office) if c.description == "Cotizar")
    db.commitments.keep(cotizar, on=dt.date(2026, 11, 4))
    return pablo, logi, envases


def test_each_staff_members_load(db, office, gestora, desk):
    pablo, _, _ = desk
    load = db.workload.staff(office).to_pandas().set_index("staff_id")
    assert load.loc[gestora.id, ["employers", "due_contacts", "overdue_contacts"]].tolist() == [2, 1, 1]
    assert load.loc[gestora.id, ["open_commitments", "overdue_commitments"]].tolist() == [2, 1]
    assert load.loc[pablo.id, ["employers", "open_commitments"]].tolist() == [0, 0]
    assert load.attrs["day"] == "2026-11-23"
    db.portfolio.hand_over(gestora, pablo)
    after = db.workload.staff(office).to_pandas().set_index("staff_id")
    assert after.loc[pablo.id, ["employers", "open_commitments", "due_contacts"]].tolist() == [2, 2, 1]
    # A staff member who left is not listed on a day after it.
    db.staff.leave(gestora, on=dt.date(2026, 11, 23))
    assert gestora.id not in db.workload.staff(office, on=dt.date(2026, 11, 24)).to_pandas()["staff_id"].tolist()


def test_promises_kept_on_time(db, office, gestora, desk):
    p = db.workload.promises(office, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30)).to_pandas()
    assert p["staff"].tolist() == ["Verónica Olguín", "(office)"]
    mine = p.iloc[0]
    assert (mine["due"], mine["kept_on_time"], mine["open_overdue"], mine["open"]) == (3, 1, 1, 1)
    assert mine["kept_on_time_share"] == 0.5
    assert p["staff_id"].isna().tolist() == [False, True]
    assert p.attrs["judged_to"] == "2026-11-23"
    nothing = db.workload.promises(office, year=2025).to_pandas()
    assert nothing["due"].tolist() == [0] and nothing["kept_on_time_share"].isna().all()
    with pytest.raises(omilcrm.ValidationError) as e:
        db.workload.promises(office, start=dt.date(2026, 12, 1), end=dt.date(2026, 11, 1))
    assert e.value.field == "end"


def test_the_command_line_shows_workload_and_promises(tmp_path):
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(str(path), create=True, today=dt.date(2026, 11, 23))
    office = db.offices.add(name="OMIL Concón", commune="concon")
    vero = db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1))
    logi = db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office, owner=vero)
    db.interactions.log(
        employer=logi,
        kind="visit",
        by=vero,
        on=dt.date(2026, 10, 1),
        commitments=[{"description": "Enviar CV", "due": dt.date(2026, 10, 10)}],
    )
    db.close()
    [me] = json.loads(run("workload", "--on", "2026-11-23", "--json", db=path, check=0).stdout)
    assert (me["staff"], me["employers"], me["overdue_commitments"]) == ("Verónica Olguín", 1, 1)
    rows = json.loads(run("promises", "--year", "2026", "--json", db=path, check=0).stdout)
    assert [(r["staff"], r["due"], r["open_overdue"]) for r in rows] == [
        ("Verónica Olguín", 1, 1),
        ("(office)", 1, 1),
    ]
    assert "kept on time" in run("promises", "--help", db=path, check=0).stdout
