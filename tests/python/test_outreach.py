"""Events and outreach material from Python: attendance left in the interaction log, vacancies
captured at an event, showings of the office's material and the catastro."""

import datetime as dt
import json

import omilcrm
import pytest

D = dt.date
VIDEO = "0b8f7a52-3c1d-4e5f-9a6b-7c8d9e0f1a2b"


def test_events_log_attendance(db, office, gestora):
    acme = db.employers.add(rut="76.086.428-5", name="Acme SpA", office=office)
    ev = db.events.add(
        office=office, title="Encuentro empresarial", on=D(2026, 11, 12), kind="business_meeting", by=gestora
    )
    db.events.invite(ev, [acme])
    guest = db.events.attend(ev, acme)
    assert guest.attended and guest.interaction_id is not None
    assert db.interactions.get(guest.interaction_id).kind == "event"
    db.vacancies.capture(
        employer=acme, title="Peoneta", occupation="9333", interaction=guest.interaction_id, on=D(2026, 11, 12)
    )
    table = db.events.table(office).to_pandas()
    assert (table.loc[0, "invited"], table.loc[0, "attended"], table.loc[0, "vacancies"]) == (1, 1, 1)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.events.add(office=office, title="X", on=D(2026, 1, 1), kind="party")
    assert e.value.field == "kind"


def test_showings_and_the_catastro_of_one_office(db, office, gestora):
    acme = db.employers.add(rut="76.086.428-5", name="Acme SpA", office=office)
    video = db.outreach.add_asset(name="Video institucional", kind="video", uuid=VIDEO)
    assert db.outreach.add_asset(name="Otro nombre", kind="video", uuid=VIDEO).id == video.id
    db.outreach.record(
        asset=video, office=office, on=D(2026, 5, 4), setting="company_meeting", audience_size=5, employers=[acme]
    )
    db.outreach.record(
        asset=video, office=office, on=D(2026, 6, 10), setting="job_fair", audience="mixed", audience_size=120
    )
    assert [s.on for s in db.outreach.showings(start=D(2026, 1, 1), end=D(2026, 12, 31))] == [
        D(2026, 5, 4),
        D(2026, 6, 10),
    ]
    [row] = db.outreach.catastro(video, year=2026).to_pandas().to_dict("records")
    assert (row["office"], row["showings"], row["company_meeting"], row["job_fair"]) == ("OMIL Concón", 2, 1, 1)
    assert (row["audience"], row["employers_present"]) == (125, 1)
    assert db.outreach.offices_without_showings(video, year=2026) == []
    with pytest.raises(omilcrm.ValidationError) as e:
        db.outreach.record(asset=video, office=office, on=D(2026, 6, 1), setting="other", audience_size=-1)
    assert e.value.field == "audience_size"


def test_the_protocol_lists_events_without_the_video(db, office, gestora, tmp_path):
    from test_cli import run

    video = db.outreach.add_asset(name="Video institucional", kind="video", uuid=VIDEO)
    shown = db.events.add(office=office, title="Encuentro Gulmué", on=D(2026, 5, 4), by=gestora)
    missed = db.events.add(office=office, title="Desayuno empresarial", on=D(2026, 6, 2), kind="business_breakfast")
    db.outreach.record(
        asset=video, office=office, on=D(2026, 5, 4), setting="business_meeting", audience_size=30, event=shown
    )
    assert [e.id for e in db.outreach.events_without_showing(video, office, year=2026)] == [missed.id]
    assert db.outreach.events_without_showing(video, office, year=2025) == []
    with pytest.raises(omilcrm.NotFound):
        db.outreach.events_without_showing(999, office, year=2026)

    path = tmp_path / "concon.omilcrm"
    file = omilcrm.open(str(path), create=True, today=D(2026, 11, 23))
    here = file.offices.add(name="OMIL Concón", commune="concon")
    asset = file.outreach.add_asset(name="Video institucional", kind="video", uuid=VIDEO)
    file.events.add(office=here, title="Feria laboral", on=D(2026, 9, 10), kind="job_fair")
    file.close()
    rows = json.loads(run("protocol", "--asset", asset.id, "--year", "2026", "--json", db=path, check=0).stdout)
    assert [(r["title"], r["on"]) for r in rows] == [("Feria laboral", "2026-09-10")]
    assert "--asset" in run("protocol", db=path, check=1).stderr
