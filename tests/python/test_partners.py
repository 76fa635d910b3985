"""Partner institutions through Python and the command line: the registry, partners at events and
showings, the people from outside at interactions, the report per kind, and consent to appear in
outreach material."""

import datetime as dt
import json

import omilcrm
import pytest
from test_cli import run

D = dt.date


@pytest.fixture
def sence(db, office):
    return db.partners.add(
        office=office,
        name="SENCE Dirección Regional de Valparaíso",
        kind="public_service",
        contact_name="Marcela Fuentes",
        email="MFuentes@sence.cl",
    )


def test_the_registry_of_partners(db, office, sence):
    assert isinstance(sence, omilcrm.Partner)
    assert (sence.kind, sence.email) == ("public_service", "mfuentes@sence.cl")
    assert "kind='public_service'" in repr(sence)
    utfsm = db.partners.add(office=office, name="Universidad Técnica Federico Santa María", kind="university")
    assert [p.name for p in db.partners.list(office)] == [sence.name, utfsm.name]
    assert [p.id for p in db.partners.list(office, kind="university")] == [utfsm.id]
    changed = db.partners.update(utfsm, contact_name="Vinculación con el Medio", commune="Valparaíso")
    assert (changed.contact_name, changed.commune) == ("Vinculación con el Medio", "05101")
    assert db.partners.get(utfsm.id).to_dict()["contact_name"] == "Vinculación con el Medio"
    with pytest.raises(omilcrm.ValidationError) as e:
        db.partners.add(office=office, name="OTEC", kind="otec")
    assert e.value.field == "kind"
    with pytest.raises(omilcrm.ValidationError) as e:
        db.partners.update(utfsm, email="sin arroba")
    assert (e.value.field, e.value.value) == ("email", "sin arroba")
    with pytest.raises(omilcrm.Conflict):
        db.partners.add(office=office, name=sence.name, kind="other")
    assert len(db.partners.list(office)) == 2
    assert db.partners.get(utfsm).email == ""


def test_partners_at_events_and_showings(db, office, gestora, sence):
    utfsm = db.partners.add(office=office, name="UTFSM", kind="university")
    fair = db.events.add(
        office=office, title="Feria laboral Concón", on=D(2026, 10, 15), kind="job_fair", partner_hosts=[utfsm]
    )
    assert fair.partner_hosts == [utfsm.id]
    db.events.invite_partners(fair, [sence])
    came = db.events.partner_attended(fair, sence, attendees=2)
    assert isinstance(came, omilcrm.EventPartner)
    assert (came.invited, came.attended, came.attendees) == (True, True, 2)
    assert [(p.partner_id, p.co_host) for p in db.events.partners(fair)] == [(sence.id, False), (utfsm.id, True)]
    assert [e.id for e in db.partners.events(sence)] == [fair.id]
    video = db.outreach.add_asset(name="Video institucional", kind="video")
    shown = db.outreach.record(
        asset=video,
        office=office,
        on=D(2026, 10, 15),
        setting="job_fair",
        event=fair,
        audience="mixed",
        audience_size=80,
        partners=[sence, utfsm],
    )
    assert shown.partners == sorted([sence.id, utfsm.id])
    other = db.offices.add(name="OMIL Viña del Mar", commune="Viña del Mar")
    ips = db.partners.add(office=other, name="IPS Viña", kind="public_service")
    with pytest.raises(omilcrm.ValidationError) as e:
        db.events.invite_partners(fair, [sence, ips])
    assert e.value.field == "partners[1]"
    assert len(db.events.partners(fair)) == 2


def test_people_from_outside_at_interactions(db, office, gestora, park, acme, sence):
    obras = db.departments.by_code(office, "obras")
    visit = db.interactions.log(
        employer=acme,
        kind="visit",
        by=gestora,
        on=D(2026, 11, 10),
        participants=[
            {"name": "Marcela Fuentes", "role": "Encargada regional", "partner": sence},
            {"name": "Jorge Vera", "role": "Director de Obras", "department": obras},
            omilcrm.NewParticipant(name="Pedro Lillo", organisation="Carabineros"),
        ],
    )
    assert [p.name for p in visit.participants] == ["Marcela Fuentes", "Jorge Vera", "Pedro Lillo"]
    assert isinstance(visit.participants[0], omilcrm.Participant)
    assert visit.participants[1].department_id == obras.id
    meeting = db.interactions.log_cluster_meeting(
        cluster=park,
        by=gestora,
        on=D(2026, 11, 12),
        attended=[acme],
        participants=[{"name": "Marcela Fuentes", "partner": sence}],
    )
    assert [i.id for i in db.partners.interactions(sence)] == [meeting.id, visit.id]
    assert [i.id for i in db.interactions.with_participants(office, department=obras)] == [visit.id]
    assert len(db.interactions.with_participants(office, name="MARCELA")) == 2
    table = db.interactions.participants(office, partner=sence).to_pandas()
    assert list(table["partner"]) == [sence.name, sence.name]
    with pytest.raises(omilcrm.ValidationError) as e:
        db.interactions.log(employer=acme, kind="visit", by=gestora, participants=[{"name": "Nadie"}])
    assert (e.value.field, e.value.value) == ("participants[0]", "Nadie")
    with pytest.raises(omilcrm.ValidationError) as e:
        db.interactions.log(employer=acme, kind="visit", by=gestora, participants=[{"role": "x", "organisation": "y"}])
    assert e.value.field == "participants[0].name"
    assert len(db.interactions.of_employer(acme)) == 2


def test_the_report_per_kind(db, office, gestora, acme, sence):
    fair = db.events.add(office=office, title="Feria", on=D(2026, 10, 15))
    db.events.partner_attended(fair, sence)
    db.interactions.log(
        employer=acme, kind="visit", by=gestora, on=D(2026, 11, 2), participants=[{"name": "Marcela", "partner": sence}]
    )
    report = db.partners.report(office, year=2026).to_pandas().set_index("kind")
    assert list(report.index) == [
        "university",
        "training_body",
        "public_service",
        "business_association",
        "other",
        "total",
    ]
    assert report.loc["public_service", "events_attended"] == 1
    assert report.loc["total", "interactions"] == 1
    activity = db.partners.activity(office, year=2026).to_pandas()
    assert list(activity["name"]) == [sence.name]


def test_consent_to_appear_in_the_material(db, office, gestora, psychologist):
    from conftest import seeker_row

    camila = db.seekers.add(**seeker_row(office, 1, "Camila Reyes", consent_scope=["intermediation", "image"]))
    pablo = db.seekers.add(**seeker_row(office, 2, "Pablo Muñoz"))
    video = db.outreach.add_asset(name="Video regional", kind="video", produced_by="SENCE")
    shown = db.outreach.add_appearance(video, seeker=camila)
    assert isinstance(shown, omilcrm.AssetAppearance)
    assert (shown.scope, shown.seeker_id, shown.lapsed) == ("image", camila.id, False)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.outreach.add_appearance(video, seeker=pablo)
    assert (e.value.field, e.value.value) == ("seeker", str(pablo.id))
    with pytest.raises(omilcrm.ValidationError) as e:
        db.outreach.add_appearance(video, staff=gestora)
    assert e.value.field == "consent_on"
    db.outreach.add_appearance(video, staff=gestora, consent_on=D(2026, 3, 2))
    assert len(db.outreach.appearances(video)) == 2

    db.seekers.renew_consent(camila, on=D(2026, 11, 23), scope=["intermediation"])
    (lapsed,) = db.outreach.lapsed_appearances(office=office)
    assert (lapsed.id, lapsed.lapsed) == (shown.id, True)
    assert "does not cover image" in lapsed.lapse
    with pytest.raises(omilcrm.ValidationError) as e:
        db.outreach.record(asset=video, office=office, on=D(2026, 11, 20), setting="company_meeting")
    assert e.value.field == "asset"
    assert db.outreach.showings(year=2026) == []
    db.outreach.remove_appearance(shown)
    assert db.outreach.lapsed_appearances() == []
    db.outreach.record(asset=video, office=office, on=D(2026, 11, 20), setting="company_meeting")


# ---- The command line ----------------------------------------------------------------------


@pytest.fixture
def office_file(tmp_path):
    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(str(path), create=True) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        gestora = db.staff.add(
            office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1)
        )
        logi = db.employers.add(rut="76.086.428-5", legal_name="Logística Gulmué SpA", office=office)
        today = omilcrm.today()
        camila = db.seekers.add(
            office=office,
            rut=str(omilcrm.Rut.from_body(17456789)),
            name="Camila Reyes",
            commune="Concón",
            consent_on=today - dt.timedelta(days=30),
            consent_scope=["intermediation", "image"],
        )
        video = db.outreach.add_asset(name="Video institucional", kind="video")
        fair = db.events.add(office=office, title="Feria laboral", on=today - dt.timedelta(days=2))
        ids = dict(gestora=gestora.id, logi=logi.id, camila=camila.id, video=video.id, fair=fair.id)
    return path, ids


def snapshot(path):
    with omilcrm.open(str(path)) as db:
        office = db.offices.list()[0]
        return [
            [p.to_dict() for p in db.partners.list(office)],
            db.interactions.table(office).to_pandas().to_json(date_format="iso"),
            db.interactions.participants(office).to_pandas().to_json(date_format="iso"),
            [[g.to_dict() for g in db.events.partners(e)] for e in db.events.list(office)],
            [a.to_dict() for x in db.outreach.assets() for a in db.outreach.appearances(x)],
        ]


def refused(path, *args, field, value, code=2):
    before = snapshot(path)
    done = run(*args, db=path)
    assert done.returncode == code, done.stderr
    assert field in done.stderr and value in done.stderr, done.stderr
    assert snapshot(path) == before
    return done


def test_the_partners_commands(office_file):
    path, ids = office_file
    added = run(
        "partners",
        "add",
        "--name",
        "SENCE Valparaíso",
        "--kind",
        "public_service",
        "--email",
        "region@sence.cl",
        db=path,
        check=0,
    )
    assert "SENCE Valparaíso, public_service" in added.stdout
    sence = int(added.stdout.split()[1].rstrip(":"))
    rows = json.loads(run("partners", "--json", db=path, check=0).stdout)
    assert [r["name"] for r in rows] == ["SENCE Valparaíso"]
    assert "Marcela" in run("partners", "update", sence, "--contact-name", "Marcela", db=path, check=0).stdout
    refused(path, "partners", "add", "--name", "OTEC", "--kind", "otec", field="kind", value='"otec"')
    refused(
        path, "partners", "add", "--name", "OTEC", "--kind", "training_body", "--email", "x@", field="email", value="x@"
    )
    refused(
        path,
        "partners",
        "add",
        "--name",
        "SENCE Valparaíso",
        "--kind",
        "other",
        field="SENCE Valparaíso",
        value="already",
    )

    logged = run(
        "log",
        ids["logi"],
        "--kind",
        "visit",
        "--by",
        ids["gestora"],
        "--participant",
        f"Marcela Fuentes;Encargada regional;partner={sence}",
        "--participant",
        "Jorge Vera;Director de Obras;department=obras",
        "--participant",
        "Pedro Lillo;;organisation=Carabineros",
        db=path,
        check=0,
    )
    assert "participant: Marcela Fuentes, Encargada regional (SENCE Valparaíso)" in logged.stdout
    assert "participant: Jorge Vera, Director de Obras (Dirección de Obras Municipales)" in logged.stdout
    assert "participant: Pedro Lillo (Carabineros)" in logged.stdout
    refused(
        path,
        "log",
        ids["logi"],
        "--kind",
        "visit",
        "--by",
        ids["gestora"],
        "--participant",
        "Nadie;;",
        field="participants[0]",
        value="Nadie;;",
    )
    refused(
        path,
        "log",
        ids["logi"],
        "--kind",
        "visit",
        "--by",
        ids["gestora"],
        "--participant",
        "Jorge;;department=bomberos",
        field="participants[0].department",
        value='"bomberos"',
    )
    people = json.loads(run("partners", "participants", "--partner", sence, "--json", db=path, check=0).stdout)
    assert [p["name"] for p in people] == ["Marcela Fuentes"]

    run("partners", "invite", ids["fair"], sence, db=path, check=0)
    assert (
        "with 3 people" in run("partners", "attended", ids["fair"], sence, "--attendees", "3", db=path, check=0).stdout
    )
    refused(path, "partners", "attended", ids["fair"], sence, "--attendees", "tres", field="attendees", value="tres")
    shown = run("partners", "show", sence, db=path, check=0).stdout
    assert "Feria laboral (attended)" in shown and "interaction" in shown
    report = json.loads(run("partners", "report", "--json", db=path, check=0).stdout)
    assert report[-1]["kind"] == "total" and report[-1]["events_attended"] == 1
    by_partner = json.loads(run("partners", "report", "--by-partner", "--json", db=path, check=0).stdout)
    assert by_partner[0]["interactions"] == 1


def test_the_events_commands(office_file):
    path, ids = office_file
    added = run("partners", "add", "--name", "Universidad de Valparaíso", "--kind", "university", db=path, check=0)
    uv = int(added.stdout.split()[1].rstrip(":"))
    later = (omilcrm.today() + dt.timedelta(days=10)).isoformat()
    made = run(
        "events",
        "add",
        "--title",
        "Feria laboral de verano",
        "--on",
        later,
        "--kind",
        "job_fair",
        "--place",
        "Aula magna",
        "--partner-host",
        uv,
        "--by",
        ids["gestora"],
        db=path,
        check=0,
    )
    assert f"on {later}: Feria laboral de verano, job_fair" in made.stdout
    event = int(made.stdout.split()[1])
    listed = json.loads(run("events", "--json", db=path, check=0).stdout)
    assert [e["title"] for e in listed] == ["Feria laboral", "Feria laboral de verano"]
    shown = run("events", "show", event, db=path, check=0).stdout
    assert "place: Aula magna" in shown and "partner: Universidad de Valparaíso (co-host)" in shown

    assert "1 employer(s) invited" in run("events", "invite", ids["fair"], ids["logi"], db=path, check=0).stdout
    came = run("events", "attended", ids["fair"], ids["logi"], "--by", ids["gestora"], db=path, check=0).stdout
    assert f"employer {ids['logi']} attended event {ids['fair']} (interaction " in came
    assert "employer: Logística Gulmué SpA (attended)" in run("events", "show", ids["fair"], db=path, check=0).stdout
    refused(path, "events", "add", "--title", "Feria", "--on", later, "--kind", "feria", field="kind", value='"feria"')
    refused(path, "events", "add", "--title", "Feria", "--on", "mañana", field="on", value="mañana")
    refused(
        path, "events", "add", "--title", "Feria", "--on", later, "--partner-host", "999", field="partner", value="999"
    )


def test_the_appearance_commands(office_file):
    path, ids = office_file
    done = run("outreach", "appear", "--asset", ids["video"], "--seeker", ids["camila"], db=path, check=0)
    assert f"seeker {ids['camila']}, image" in done.stdout
    refused(
        path,
        "outreach",
        "appear",
        "--asset",
        ids["video"],
        "--seeker",
        ids["camila"],
        "--scope",
        "testimonial",
        field="seeker",
        value=str(ids["camila"]),
    )
    refused(
        path, "outreach", "appear", "--asset", ids["video"], "--staff", ids["gestora"], field="consent_on", value=""
    )
    assert json.loads(run("outreach", "lapsed", "--json", db=path, check=0).stdout) == []
    with omilcrm.open(str(path)) as db:
        db.seekers.renew_consent(ids["camila"], on=omilcrm.today(), scope=["intermediation"])
    lapsed = json.loads(run("outreach", "lapsed", "--json", db=path, check=0).stdout)
    assert [a["seeker_id"] for a in lapsed] == [ids["camila"]]
    refused(
        path,
        "outreach",
        "show",
        "--asset",
        ids["video"],
        "--setting",
        "job_fair",
        field="asset",
        value=str(ids["video"]),
    )
    run("outreach", "remove-appearance", lapsed[0]["id"], db=path, check=0)
    run("outreach", "show", "--asset", ids["video"], "--setting", "job_fair", db=path, check=0)


def test_the_region_consolidates_partners_participants_and_appearances(tmp_path):
    """Each office's partners, the people from outside at its interactions, the partners at its
    events and showings and who appears in the region's video reach the regional file, once."""
    video_uuid = "0b8f7a52-3c1d-4e5f-9a6b-7c8d9e0f1a2b"
    files = []
    for name, commune in [("OMIL Concón", "concon"), ("OMIL Quintero", "quintero")]:
        path = tmp_path / f"{commune}.omilcrm"
        with omilcrm.open(str(path), create=True, today=D(2026, 11, 23)) as db:
            office = db.offices.add(name=name, commune=commune)
            gestora = db.staff.add(office=office, name="G", role="territorial_manager", started=D(2022, 1, 1))
            employer = db.employers.add(rut="76.086.428-5", legal_name="Logística SpA", office=office)
            sence = db.partners.add(office=office, name="SENCE Valparaíso", kind="public_service")
            db.interactions.log(
                employer=employer,
                kind="visit",
                by=gestora,
                on=D(2026, 11, 2),
                participants=[{"name": "Marcela Fuentes", "partner": sence}],
            )
            fair = db.events.add(office=office, title="Feria", on=D(2026, 10, 1), partner_hosts=[sence])
            video = db.outreach.add_asset(name="Video regional", kind="video", uuid=video_uuid)
            db.outreach.record(
                asset=video, office=office, on=D(2026, 10, 1), setting="job_fair", event=fair, partners=[sence]
            )
            seeker = db.seekers.add(
                office=office,
                rut="17.456.789-1",
                name="Camila",
                commune=commune,
                consent_on=D(2026, 1, 1),
                consent_scope=["image"],
            )
            db.outreach.add_appearance(video, seeker=seeker)
        files.append(path)
    with omilcrm.open(str(tmp_path / "region.omilcrm"), create=True, today=D(2026, 11, 23)) as region:
        region.regional.setup(region="05", name="Dirección Regional de Valparaíso")
        for commune in ["concon", "quintero"]:
            region.regional.register_office(commune)
        for _ in range(2):  # importing again changes nothing
            for path in files:
                region.regional.import_office(str(path))
        for office in region.offices.list():
            (sence,) = region.partners.list(office)
            assert len(region.partners.interactions(sence)) == 1
            (fair,) = region.events.list(office)
            assert [(p.partner_id, p.co_host) for p in region.events.partners(fair)] == [(sence.id, True)]
            assert [s.partners for s in region.outreach.showings(year=2026, office=office)] == [[sence.id]]
        (video,) = region.outreach.assets()
        assert len(region.outreach.appearances(video)) == 2
