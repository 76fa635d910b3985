"""The command line's office commands (staff, clusters, log, requests open and transition,
vacancies capture and posting, outreach and catastro, programmes, match), run as a user would
against a file made through the Python package."""

import datetime as dt
import json

import omilcrm
import pytest
from test_cli import run

# The program runs on the real clock: the file is made on the same day, with dates around it.
TODAY = omilcrm.today()


def day(offset: int) -> str:
    """TODAY + offset days, as the program takes a date."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def rut(body: int) -> str:
    return str(omilcrm.Rut.from_body(body))


@pytest.fixture
def office(tmp_path):
    """A file with an office, its manager (staff 1), a park with one member, two employers (one with
    a contact), an open vacancy, two seekers with consent and a video; the ids, by name."""
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(str(path), create=True)
    office = db.offices.add(name="OMIL Concón", commune="concon")
    gestora = db.staff.add(
        office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1)
    )
    park = db.clusters.add(office=office, name="Parque Industrial Gulmué", kind="industrial_park")
    logi = db.employers.add(
        rut="76.086.428-5", legal_name="Logística Gulmué SpA", cluster=park, joined=dt.date(2023, 3, 1)
    )
    envases = db.employers.add(rut="96.512.340-7", legal_name="Envases del Pacífico S.A.", office=office)
    carolina = db.contacts.add(employer=logi, name="Carolina Fuentes", email="cf@logi.cl")
    grua = db.vacancies.capture(
        employer=logi,
        title="Operador de grúa horquilla",
        occupation="8344",
        positions=2,
        licences=["D"],
        by=gestora,
        on=TODAY - dt.timedelta(days=13),
    )
    consent = dict(office=office, consent_on=TODAY - dt.timedelta(days=21), consent_scope=["intermediation"])
    seekers = db.seekers.add_many(
        [
            dict(consent, rut=rut(17456789), name="Ana Muñoz Tapia", commune="Concón", experience={"8344": 30}),
            dict(consent, rut=rut(18234567), name="Bastián Rojas Pérez", commune="Santiago"),
        ]
    )
    video = db.outreach.add_asset(name="Video institucional OMIL", kind="video")
    ids = dict(
        office=office.id,
        gestora=gestora.id,
        park=park.id,
        logi=logi.id,
        envases=envases.id,
        carolina=carolina.id,
        grua=grua.id,
        ana=seekers[0],
        bastian=seekers[1],
        video=video.id,
    )
    db.close()
    return path, ids


def snapshot(path):
    """Every table the commands below write to, to see that a refused command changed nothing."""
    with omilcrm.open(str(path)) as db:
        office = db.offices.list()[0]
        return [
            db.staff.table(office).to_pandas().to_json(date_format="iso"),
            [
                (c.id, c.name, [(m.employer_id, m.joined, m.left) for m in db.clusters.memberships(c)])
                for c in db.clusters.list(office)
            ],
            db.interactions.table(office).to_pandas().to_json(date_format="iso"),
            [(c.id, c.due) for c in db.commitments.open(office=office)],
            [(r.id, r.status, r.resolved_on) for r in db.requests.list(office, open_only=False)],
            db.vacancies.table(office).to_pandas().to_json(date_format="iso"),
            db.programmes.table(office).to_pandas().to_json(date_format="iso"),
            [(x.id, x.name) for x in db.outreach.assets()],
            len(db.outreach.showings(start=dt.date(2000, 1, 1), end=dt.date(2100, 1, 1))),
        ]


def refused(path, *args, field, value, code=2):
    """The command fails with `code`, its message names the field and the value, and the file is
    as it was."""
    before = snapshot(path)
    done = run(*args, db=path)
    assert done.returncode == code, done.stderr
    assert field in done.stderr and value in done.stderr, done.stderr
    assert snapshot(path) == before
    return done


def test_contacts_of_one_employer(office):
    path, ids = office
    rows = json.loads(run("contacts", "--employer", ids["logi"], "--json", db=path, check=0).stdout)
    assert [r["name"] for r in rows] == ["Carolina Fuentes"]
    assert json.loads(run("contacts", "--employer", ids["envases"], "--json", db=path, check=0).stdout) == []
    assert len(json.loads(run("contacts", "--json", db=path, check=0).stdout)) == 1  # the listing as before
    refused(path, "contacts", "--employer", "x", field="employer", value='"x"')


def test_contacts_found_by_name_email_or_employer(office):
    path, ids = office

    def found(text: str) -> list[str]:
        return [r["name"] for r in json.loads(run("contacts", "--search", text, "--json", db=path, check=0).stdout)]

    assert found("carolina") == ["Carolina Fuentes"]
    assert found("CF@LOGI") == ["Carolina Fuentes"]
    assert found("logistica gulmue") == ["Carolina Fuentes"]  # by the employer's name
    assert found("envases") == []
    csv = run("contacts", "--search", "fuentes", "--csv", db=path, check=0).stdout
    assert csv.splitlines()[0].startswith("id,uuid,employer_id,employer_rut,employer,name")
    done = run("contacts", "--search", "x", "--employer", ids["logi"], db=path, check=None)
    assert done.returncode == 1 and "unknown option --search" in done.stderr, done.stderr  # one or the other


def test_staff_listed_added_and_leaving(office):
    path, ids = office
    added = run(
        "staff",
        "add",
        "--name",
        "Marcela Rojas",
        "--role",
        "administrative",
        "--started",
        "2026-01-05",
        db=path,
        check=0,
    )
    assert "Marcela Rojas, administrative, from 2026-01-05" in added.stdout
    marcela = int(added.stdout.split()[2].rstrip(":"))
    left = run("staff", "leave", marcela, "--on", "2026-11-01", db=path, check=0)
    assert "left on 2026-11-01" in left.stdout
    everyone = json.loads(run("staff", "--json", db=path, check=0).stdout)
    assert [s["name"] for s in everyone] == ["Verónica Olguín", "Marcela Rojas"]
    active = json.loads(run("staff", "--active-on", "2026-11-20", "--json", db=path, check=0).stdout)
    assert [s["id"] for s in active] == [ids["gestora"]]
    earlier = json.loads(run("staff", "--active-on", "2026-10-31", "--json", db=path, check=0).stdout)
    assert [s["id"] for s in earlier] == [ids["gestora"], marcela]
    refused(path, "staff", "add", "--name", "Pedro", "--role", "chief", field="role", value='"chief"')
    refused(path, "staff", "--active-on", "2026-02-30", field="active-on", value="2026-02-30")
    assert run("staff", "add", "--role", "other", db=path).returncode == 1  # --name missing


def test_clusters_members_join_and_leave(office):
    path, ids = office
    listed = json.loads(run("clusters", "--json", db=path, check=0).stdout)
    assert [(c["id"], c["name"], c["kind"], c["members"]) for c in listed] == [
        (ids["park"], "Parque Industrial Gulmué", "industrial_park", 1)
    ]
    added = run("clusters", "add", "--name", "Cámara de Comercio", "--kind", "chamber_of_commerce", db=path, check=0)
    camara = int(added.stdout.split()[1].rstrip(":"))
    joined = run("clusters", "join", camara, ids["envases"], "--on", "2026-06-01", db=path, check=0)
    assert f"employer {ids['envases']} in cluster {camara} (Cámara de Comercio) from 2026-06-01" in joined.stdout
    run("clusters", "leave", camara, ids["envases"], "--on", "2026-11-01", db=path, check=0)
    on = json.loads(run("clusters", "members", camara, "--on", "2026-07-01", "--json", db=path, check=0).stdout)
    assert [e["id"] for e in on] == [ids["envases"]]
    assert json.loads(run("clusters", "members", camara, "--json", db=path, check=0).stdout) == []
    periods = json.loads(run("clusters", "members", camara, "--all", "--json", db=path, check=0).stdout)
    assert [(p["joined"], p["left"]) for p in periods] == [("2026-06-01", "2026-11-01")]
    refused(path, "clusters", "add", "--name", "X", "--kind", "mall", field="kind", value='"mall"')
    refused(path, "clusters", "join", ids["park"], ids["logi"], field="already a member", value="Logística")


def test_log_an_interaction_with_commitments_and_follow_ups(office):
    path, ids = office
    done = run(
        "log",
        ids["logi"],
        "--kind",
        "visit",
        "--by",
        ids["gestora"],
        "--on",
        day(-3),
        "--at",
        "10:30",
        "--contact",
        ids["carolina"],
        "--summary",
        "Visita a la planta",
        "--outcome",
        "Dos vacantes",
        "--commitment",
        f"Enviar perfiles de operadores@{day(4)}",
        "--commitment",
        f"Gestionar poda frente a la planta@{day(11)}",
        "--follow-up",
        f"Llamar a Carolina@{day(2)}",
        db=path,
        check=0,
    )
    lines = done.stdout.splitlines()
    assert lines[0].endswith(
        f"visit with employer {ids['logi']} on {day(-3)} at 10:30 by staff member {ids['gestora']}"
    )
    assert lines[1].endswith(f"Enviar perfiles de operadores, due {day(4)}, staff member {ids['gestora']}")
    assert lines[2].endswith(f"Gestionar poda frente a la planta, due {day(11)}, staff member {ids['gestora']}")
    assert lines[3].startswith("follow-up ") and f"Llamar a Carolina, due {day(2)}" in lines[3]
    assert len(lines) == 4
    with omilcrm.open(str(path)) as db:
        assert len(db.commitments.open(office=ids["office"], employer=ids["logi"])) == 2
    refused(
        path,
        "log",
        ids["logi"],
        "--kind",
        "visit",
        "--by",
        ids["gestora"],
        "--commitment",
        "Enviar@2026-13-01",
        field="commitments[0].due",
        value="2026-13-01",
    )
    refused(
        path,
        "log",
        ids["logi"],
        "--kind",
        "visit",
        "--by",
        ids["gestora"],
        "--commitment",
        "sin fecha",
        field="commitment",
        value="sin fecha",
    )
    refused(path, "log", ids["logi"], "--kind", "fax", "--by", ids["gestora"], field="kind", value='"fax"')
    refused(
        path, "log", ids["logi"], "--kind", "visit", "--by", ids["gestora"], "--at", "25:00", field="at", value="25:00"
    )


def test_a_request_is_opened_routed_and_moved_on(office):
    path, ids = office
    done = run(
        "requests",
        "open",
        ids["logi"],
        "--category",
        "tree_pruning",
        "--description",
        "Árbol sobre la vía",
        "--address",
        "Av. Industrial 450",
        "--attributes",
        "trees=2",
        "--by",
        ids["gestora"],
        db=path,
        check=0,
    )
    assert f"tree_pruning, received {day(0)}, routed to Dirección de Aseo y Ornato (aseo), due " in done.stdout
    assert done.stdout.endswith(" (15 business days)\n")
    request = int(done.stdout.split()[1].rstrip(":"))
    moved = run(
        "requests",
        "transition",
        request,
        "in_progress",
        "--by",
        ids["gestora"],
        "--note",
        "En terreno",
        db=path,
        check=0,
    )
    assert moved.stdout.startswith(f"request {request}: in_progress")
    resolved = run("requests", "transition", request, "resolved", "--by", ids["gestora"], db=path, check=0)
    assert f", resolved {day(0)}" in resolved.stdout
    refused(
        path,
        "requests",
        "open",
        ids["logi"],
        "--category",
        "potholes_everywhere",
        "--address",
        "Calle 1",
        field="category",
        value="potholes_everywhere",
    )
    refused(
        path,
        "requests",
        "open",
        ids["logi"],
        "--category",
        "tree_pruning",
        field="address",
        value="needs an address or coordinates",
    )
    refused(
        path,
        "requests",
        "open",
        ids["logi"],
        "--category",
        "tree_pruning",
        "--latitude",
        "norte",
        "--longitude",
        "-71.5",
        field="latitude",
        value="norte",
    )
    refused(path, "requests", "transition", request, "lost", "--by", ids["gestora"], field="status", value='"lost"')


def test_a_vacancy_is_captured_and_posted_for_job_boards(office):
    path, ids = office
    done = run(
        "vacancies",
        "capture",
        ids["envases"],
        "--title",
        "Conductor de camión",
        "--occupation",
        "8332",
        "--positions",
        "3",
        "--channel",
        "visit",
        "--by",
        ids["gestora"],
        "--on",
        day(-3),
        "--licences",
        "A4,A5",
        "--skills",
        "carga,descarga",
        db=path,
        check=0,
    )
    assert "Conductor de camión (ISCO 8332) at employer" in done.stdout
    assert f"3 positions, open, captured {day(-3)} (visit), valid through {day(27)}" in done.stdout
    vacancy = int(done.stdout.split()[1].rstrip(":"))
    posting = json.loads(run("vacancies", "posting", vacancy, db=path, check=0).stdout)
    assert posting["@type"] == "JobPosting" and posting["title"] == "Conductor de camión"
    assert posting["totalJobOpenings"] == 3 and posting["occupationalCategory"]["codeValue"] == "8332"
    assert "Ana" not in json.dumps(posting)
    refused(
        path,
        "vacancies",
        "capture",
        ids["envases"],
        "--title",
        "X",
        "--occupation",
        "1",
        field="occupation",
        value='"1"',
    )
    refused(
        path,
        "vacancies",
        "capture",
        ids["envases"],
        "--title",
        "X",
        "--occupation",
        "8332",
        "--positions",
        "tres",
        field="positions",
        value="tres",
    )
    refused(path, "vacancies", "posting", 999, field="vacancy", value="999")


def test_outreach_showing_and_the_catastro(office):
    path, ids = office
    assets = json.loads(run("outreach", "assets", "--json", db=path, check=0).stdout)
    assert [a["name"] for a in assets] == ["Video institucional OMIL"]
    done = run(
        "outreach",
        "show",
        "--asset",
        ids["video"],
        "--on",
        day(-5),
        "--setting",
        "job_fair",
        "--audience",
        "mixed",
        "--audience-size",
        "40",
        "--employer",
        ids["logi"],
        "--by",
        ids["gestora"],
        db=path,
        check=0,
    )
    assert f"of Video institucional OMIL on {day(-5)}: job_fair, 40 mixed" in done.stdout
    period = ("--from", day(-30), "--to", day(0))
    rows = json.loads(run("catastro", "--asset", ids["video"], *period, "--json", db=path, check=0).stdout)
    assert [
        (r["office"], r["showings"], r["job_fair"], r["audience"], r["employers_present"], r["last_shown"])
        for r in rows
    ] == [("OMIL Concón", 1, 1, 40, 1, day(-5))]
    provinces = json.loads(
        run("catastro", "provinces", "--asset", ids["video"], *period, "--json", db=path, check=0).stdout
    )
    assert [(p["province"], p["offices_showing"], p["showings"], p["audience"]) for p in provinces] == [
        ("Valparaíso", 1, 1, 40)
    ]
    added = run("outreach", "add", "--name", "Afiche", "--kind", "banner", db=path, check=0)
    assert added.stdout.endswith(": Afiche, banner\n")
    refused(path, "outreach", "show", "--asset", ids["video"], "--setting", "cinema", field="setting", value='"cinema"')
    refused(
        path,
        "outreach",
        "show",
        "--asset",
        ids["video"],
        "--setting",
        "job_fair",
        "--audience-size",
        "-5",
        field="audience_size",
        value="-5",
    )
    refused(
        path,
        "catastro",
        "--asset",
        ids["video"],
        "--from",
        "2026-01-01",
        "--to",
        "2026-1-32",
        field="to",
        value="2026-1-32",
    )
    refused(path, "outreach", "add", "--name", "Radio", "--kind", "jingle", field="kind", value='"jingle"')


def test_programmes_offered_and_their_uptake(office):
    path, ids = office
    codes = [p["code"] for p in json.loads(run("programmes", "list", "--json", db=path, check=0).stdout)]
    assert "subsidio_empleo_joven" in codes
    done = run(
        "programmes",
        "offer",
        "subsidio_empleo_joven",
        "--employer",
        ids["logi"],
        "--by",
        ids["gestora"],
        "--on",
        day(-3),
        db=path,
        check=0,
    )
    assert f"subsidio_empleo_joven to employer {ids['logi']}, offered {day(-3)}, offered" in done.stdout
    offer = int(done.stdout.split()[1].rstrip(":"))
    accepted = run("programmes", "outcome", offer, "accepted", "--on", day(-1), db=path, check=0)
    assert f"accepted on {day(-1)}" in accepted.stdout
    history = json.loads(run("programmes", "history", offer, "--json", db=path, check=0).stdout)
    assert [h["outcome"] for h in history] == ["offered", "accepted"]
    uptake = json.loads(run("programmes", "--json", db=path, check=0).stdout)
    assert [(r["programme"], r["offers"], r["accepted"]) for r in uptake if r["offers"]] == [
        ("subsidio_empleo_joven", 1, 1)
    ]
    refused(
        path,
        "programmes",
        "offer",
        "no_such_programme",
        "--employer",
        ids["logi"],
        field="programme",
        value="no_such_programme",
    )
    refused(path, "programmes", "outcome", offer, "maybe", field="outcome", value='"maybe"')


def test_match_ranks_seekers_by_id_without_their_personal_data(office):
    path, ids = office
    done = run("match", ids["grua"], "--limit", "5", "--json", db=path, check=0)
    rows = json.loads(done.stdout)
    assert [r["seeker_id"] for r in rows] == [ids["ana"], ids["bastian"]]
    assert rows[0]["score"] > rows[1]["score"]
    for personal in ("Ana", "Muñoz", "Bastián", rut(17456789)):
        assert personal not in done.stdout
    table = run("match", ids["grua"], db=path, check=0).stdout
    assert "Ana" not in table and "occupation" in table
    for_ana = json.loads(run("match", "--seeker", ids["ana"], "--json", db=path, check=0).stdout)
    assert [r["vacancy_id"] for r in for_ana] == [ids["grua"]]
    refused(path, "match", ids["grua"], "--limit", "zero", field="limit", value="zero")
    refused(path, "match", "999", field="vacancy", value="999")


def test_help_lists_the_office_commands():
    listed = run("--help", check=0).stdout
    for command in ("staff", "clusters", "log", "match", "programmes", "outreach", "catastro"):
        assert f"\n  {command} " in listed
        assert run(command, "--help", check=0).stdout.startswith(f"omilcrm {command}")
