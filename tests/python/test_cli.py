"""The omilcrm command line, run as a user would (the program built in build/)."""

import datetime as dt
import json
import os
import pathlib
import subprocess
import sys

import omilcrm

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("OMILCRM_CLI", ROOT / "build" / "apps" / "omilcrm" / "omilcrm"))

SHEET = (
    "RUT;Razón Social;Comuna;Horario de atención;Contacto;Correo\r\n"
    "76.086.428-5;Logística Gulmué SpA;Concón;lun-vie 09:00-12:00;Carolina Fuentes;cf@logi.cl\r\n"
    "\r\n"
    "96511460-2;Envases del Pacífico S.A.;concon;;;\r\n"
    "76.231.455-0;Transportes Concón Ltda.;Concón;;;\r\n"
)


def run(*args, db=None, check=None):
    env = dict(os.environ)
    if db is not None:
        env["OMILCRM_DB"] = str(db)
    done = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, env=env)
    if check is not None:
        assert done.returncode == check, done.stderr
    return done


def test_the_program_is_built():
    assert CLI.exists(), f"build the command line first: {CLI}"


def test_the_package_installs_the_console_script(tmp_path):
    script = pathlib.Path(sys.executable).with_name("omilcrm")
    assert script.exists(), "pip install . puts the omilcrm console script next to python"
    done = subprocess.run(
        [str(script), "--db", str(tmp_path / "x.omilcrm"), "init", "--office", "OMIL Lebu", "--commune", "Lebu"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "OMIL Lebu" in done.stdout


def test_usage_and_help():
    assert run().returncode == 1
    assert "usage: omilcrm" in run("--help", check=0).stdout
    assert "import KIND FILE" in run("import", "--help", check=0).stdout
    bad = run("frobnicate", db="x.omilcrm", check=1)
    assert "unknown command 'frobnicate'" in bad.stderr
    assert "no database" in run("employers", check=1).stderr


def test_init_import_list_export(tmp_path):
    db = tmp_path / "concon.omilcrm"
    run("init", "--office", "OMIL Concón", "--commune", "Concón", "--manager", "Verónica Olguín", db=db, check=0)
    assert "already exists" in run("init", "--office", "X", "--commune", "concon", db=db, check=2).stderr
    sheet = tmp_path / "empresas.csv"
    sheet.write_bytes(SHEET.encode("cp1252"))
    dry = run("import", "employers", sheet, "--dry-run", db=db, check=2)
    assert 'empresas.csv:5: RUT "76.231.455-0" check digit should be K' in dry.stderr
    assert "nothing written" in dry.stdout
    assert json.loads(run("employers", "--json", db=db, check=0).stdout) == []
    rejected = tmp_path / "rechazadas.csv"
    run("import", "employers", sheet, "--skip-invalid", "--rejected", rejected, db=db, check=2)
    assert rejected.read_text(encoding="utf-8").splitlines()[0].endswith(";problem")
    again = run("import", "employers", sheet, "--skip-invalid", db=db, check=2)
    assert "0 new, 0 updated, 2 unchanged" in again.stdout
    rows = json.loads(run("employers", "--json", db=db, check=0).stdout)
    assert [r["rut"] for r in rows] == ["96.511.460-2", "76.086.428-5"]  # by legal name
    found = json.loads(run("employers", "--search", "gulmue", "--json", db=db, check=0).stdout)
    assert [r["legal_name"] for r in found] == ["Logística Gulmué SpA"]
    csv_text = run("export", "employers", db=db, check=0).stdout
    assert csv_text.splitlines()[0].startswith("rut,legal_name,trade_name")
    # Round trip: export, import into a new file, export again: identical.
    exported = tmp_path / "export.csv"
    exported.write_text(csv_text, encoding="utf-8")
    copy = tmp_path / "copia.omilcrm"
    run("init", "--office", "OMIL Concón", "--commune", "Concón", "--manager", "Gestora", db=copy, check=0)
    run("import", "employers", exported, db=copy, check=0)
    assert run("export", "employers", db=copy, check=0).stdout == csv_text
    assert "Carolina Fuentes" in run("contacts", db=db, check=0).stdout
    assert run("report", "funnel", "--year", "2026", "--csv", db=db, check=0).stdout.startswith("month,")
    assert run("calendar", db=db, check=0).stdout.startswith("BEGIN:VCALENDAR")
    assert "already current; nothing to do" in run("migrate", db=db, check=0).stdout
    assert "no office database at" in run("employers", db=tmp_path / "missing.omilcrm", check=3).stderr


def test_only_init_creates_a_file_every_other_command_refuses_a_missing_one(tmp_path):
    typo = tmp_path / "conocn.omilcrm"
    for command in (["employers"], ["report", "funnel"], ["due"], ["migrate"], ["token", "list"], ["audit"]):
        done = run(*command, db=typo, check=3)
        assert done.stderr == (
            f'omilcrm: no office database at "{typo}": no such file '
            f"(create it with `omilcrm init {typo} --office NAME --commune COMMUNE`)\n"
        ), command
    assert list(tmp_path.iterdir()) == []
    # init takes the file as its argument too, and never touches one that exists.
    made = run("init", typo, "--office", "OMIL Concón", "--commune", "Concón", check=0)
    assert made.stdout.startswith(f"created {typo}: OMIL Concón")
    assert "already exists" in run("init", typo, "--office", "X", "--commune", "concon", check=2).stderr
    two = run("--db", typo, "init", tmp_path / "b.omilcrm", "--office", "X", "--commune", "concon", check=1)
    assert "two files" in two.stderr
    assert json.loads(run("employers", "--json", db=typo, check=0).stdout) == []
    empty = tmp_path / "vacio.omilcrm"
    empty.touch()
    assert "the file is empty" in run("employers", db=empty, check=3).stderr


def test_an_older_file_is_refused_until_migrate_upgrades_it_after_a_backup(tmp_path):
    from conftest import old_office_file

    path = old_office_file(tmp_path / "concon.omilcrm", 11)
    latest = omilcrm.Database.latest_schema_version
    before = path.read_bytes()
    refused = run("employers", db=path, check=3)
    assert refused.stderr == (
        f'omilcrm: "{path}" has schema version 11, older than the {latest} this omilcrm reads; '
        f"upgrade it with `omilcrm migrate {path}`, which first writes a backup, {path}.v11.bak\n"
    )
    assert path.read_bytes() == before
    done = run("migrate", path, check=0)
    assert done.stdout == (
        f"{path}: upgraded from schema version 11 to {latest}; the file as it was is kept in {path}.v11.bak\n"
    )
    backup = tmp_path / "concon.omilcrm.v11.bak"
    assert [r["legal_name"] for r in json.loads(run("employers", "--json", db=path, check=0).stdout)] == [
        "Logística Gulmué SpA"
    ]
    # The backup is the old file: the old version for this omilcrm too, and its rows.
    assert "has schema version 11" in run("employers", db=backup, check=3).stderr
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(backup)) as con:
        assert con.execute("PRAGMA user_version").fetchone() == (11,)
        assert con.execute("SELECT count(*) FROM employer").fetchone() == (1,)
    assert "already current" in run("migrate", db=path, check=0).stdout
    assert sorted(p.name for p in tmp_path.iterdir() if "omilcrm" in p.name) == [
        "concon.omilcrm",
        "concon.omilcrm.v11.bak",
    ]


def test_a_newer_file_is_refused_by_every_command_naming_both_versions(tmp_path):
    import contextlib
    import sqlite3

    path = tmp_path / "concon.omilcrm"
    run("init", path, "--office", "OMIL Concón", "--commune", "Concón", check=0)
    latest = omilcrm.Database.latest_schema_version
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute(f"PRAGMA user_version = {latest + 2}")
    before = path.read_bytes()
    message = (
        f'omilcrm: "{path}" was written by a newer omilcrm: schema {latest + 2}, this omilcrm reads up to {latest}; '
        "open it with a newer omilcrm (nothing was changed)\n"
    )
    assert run("migrate", path, check=3).stderr == message
    assert run("employers", db=path, check=3).stderr == message
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


SHEETS = {
    "memberships": "RUT;Parque;Fecha ingreso\r\n76.086.428-5;Parque Industrial Gulmué;05-01-2026\r\n",
    "interactions": (
        "RUT;Fecha;Hora;Tipo;Contacto;Resumen;Resultado\r\n"
        "76.086.428-5;10-03-2026;09:30;Visita;Carolina Fuentes;Visita de diagnóstico;Dos vacantes\r\n"
        "96.511.460-2;12-03-2026;;Llamada;;Confirmar vacantes;\r\n"
    ),
    "requests": (
        "RUT;Categoría;Descripción;Dirección;Atributos;Fecha recepción;Estado;Fecha estado\r\n"
        "76.086.428-5;Poda de árboles;Ramas sobre cables;Los Aromos 120;trees=3;02-03-2026;Resuelta;20-03-2026\r\n"
        "76.086.428-5;street_lights;Poste apagado;Los Aromos 120;;2026-04-01;;\r\n"
    ),
    "vacancies": (
        "RUT;Cargo;Código ISCO;Vacantes;Jornada;Turno;Renta mínima;Fecha captación;Vigencia\r\n"
        "76.086.428-5;Operario de bodega;9333;3;Jornada completa;Rotativo;$550.000;05-03-2026;30-12-2030\r\n"
        "96.511.460-2;Soldador;7212;1;Completa;Diurno;700000;2026-03-10;\r\n"
    ),
    "seekers": (
        "RUT;Nombre;Comuna;Teléfono;Correo;Escolaridad;Experiencia;Fecha consentimiento;Alcance consentimiento\r\n"
        "12.345.678-5;María Pérez;Concón;9 1234 5678;maria@example.cl;Media completa;9333:24;01-03-2026;"
        "intermediation\r\n"
    ),
}


def office_file(tmp_path, name):
    """An office file with the park's two employers and the park itself, made with the program."""
    import omilcrm

    db = tmp_path / name
    run(
        "init",
        "--office",
        "OMIL Concón",
        "--commune",
        "Concón",
        "--latitude",
        "-32.9235",
        "--longitude",
        "-71.5189",
        "--manager",
        "Verónica Olguín",
        "--since",
        "2025-06-02",
        db=db,
        check=0,
    )
    sheet = tmp_path / "empresas.csv"
    sheet.write_bytes(SHEET.encode("cp1252"))
    run("import", "employers", sheet, "--skip-invalid", db=db, check=2)
    with omilcrm.open(db) as d:  # clusters are set up through the library, not the program
        d.clusters.add(office=d.offices.list()[0], name="Parque Industrial Gulmué", kind="industrial_park")
    return db


def test_json_output_keeps_every_digit_and_is_the_librarys(tmp_path):
    import omilcrm

    db = tmp_path / "concon.omilcrm"
    with omilcrm.open(db, create=True) as d:
        office = d.offices.add(name="OMIL Concón", commune="concon")
        d.staff.add(office=office, name="Verónica Olguín", role="territorial_manager")
        acme = d.employers.add(
            office=office, rut="76.086.428-5", name="Acme SpA", latitude=-32.93456789012345, longitude=-71.5 + 1e-13
        )
        table_json = d.employers.table(office).to_json()
    (row,) = json.loads(run("employers", "--json", db=db, check=0).stdout)
    # A Real column: the exact double the package reads, not a rounded print of it.
    assert row["latitude"] == acme.latitude == -32.93456789012345
    assert row["longitude"] == acme.longitude == -71.5 + 1e-13
    # The same JSON as the package's (and the HTTP API's): dates ISO, null for none.
    assert [row] == json.loads(table_json)
    assert row["trade_name"] == "" and row["created_at"].endswith("Z")


def test_every_kind_imports_and_round_trips(tmp_path):
    db = office_file(tmp_path, "concon.omilcrm")
    for kind, text in SHEETS.items():
        sheet = tmp_path / f"{kind}.csv"
        sheet.write_bytes(text.encode("cp1252"))
        done = run("import", kind, sheet, db=db, check=0)
        assert "nothing written" not in done.stdout
        again = run("import", kind, sheet, db=db, check=0)
        assert " 0 new, 0 updated" in again.stdout, (kind, again.stdout)
    # Personal data only when asked for, with a purpose; the export is logged.
    refused = run("export", "seekers", db=db, check=2)
    assert "personal" in refused.stderr
    assert "purpose" in run("export", "seekers", "--personal", db=db, check=2).stderr
    assert (
        "staff"
        in run("export", "seekers", "--personal", "--purpose", "register_transfer: traspaso", db=db, check=2).stderr
    )
    # The purpose is one of the closed list (docs/seekers.md), not free text.
    free_text = run("export", "seekers", "--personal", "--purpose", "traspaso", "--staff", "1", db=db, check=2)
    assert "register_transfer" in free_text.stderr
    copy = office_file(tmp_path, "copia.omilcrm")
    for kind in ["employers", "contacts", "memberships", "interactions", "requests", "vacancies", "seekers"]:
        args = ["--personal", "--purpose", "register_transfer: traspaso", "--staff", "1"] if kind == "seekers" else []
        first = tmp_path / f"export-{kind}.csv"
        run("export", kind, *args, "-o", first, db=db, check=0)
        run("import", kind, first, db=copy, check=0)
        second = run("export", kind, *args, db=copy, check=0).stdout
        assert second == first.read_text(encoding="utf-8"), kind
        assert len(second.splitlines()) >= 2, kind
    # Headers the import does not know, mapped by a file.
    odd = tmp_path / "raro.csv"
    odd.write_text("Rut Empleador;Empresa Nombre\n77.123.987-0;Maderas Gulmué Ltda.\n", encoding="utf-8")
    assert "has no column for rut" in run("import", "employers", odd, db=db, check=2).stderr
    mapping = tmp_path / "columnas.txt"
    mapping.write_text(
        "# columnas de la planilla antigua\nRut Empleador=rut\nEmpresa Nombre=legal_name\n", encoding="utf-8"
    )
    assert "1 new" in run("import", "employers", odd, "--mapping", mapping, db=db, check=0).stdout
    as_json = json.loads(run("export", "vacancies", "--json", db=db, check=0).stdout)
    assert {v["title"] for v in as_json} == {"Operario de bodega", "Soldador"}


def test_listings_and_reports_run(tmp_path):
    db = office_file(tmp_path, "concon.omilcrm")
    for kind in ["interactions", "requests", "vacancies"]:
        sheet = tmp_path / f"{kind}.csv"
        sheet.write_text(SHEETS[kind], encoding="utf-8")
        run("import", kind, sheet, db=db, check=0)
    import omilcrm

    with omilcrm.open(db) as d:  # the contact cadence is set up through the library
        d.cadence.add_policy(office=d.offices.list()[0], interval_days=30, name="Contacto mensual")
    due = json.loads(run("due", "--json", db=db, check=0).stdout)
    assert due and all(row["days_overdue"] > 0 for row in due)  # last contacts were in March
    assert "days_overdue" in run("due", db=db, check=0).stdout.splitlines()[0]
    # The program runs on the real clock, and the employers were imported today: plan tomorrow.
    tomorrow = (omilcrm.today() + dt.timedelta(days=1)).isoformat()
    plan = run("plan", "--staff", "1", "--on", tomorrow, db=db, check=0)
    # The employers have no coordinates: the plan says so for each one it leaves out.
    assert "left out: employer" in plan.stderr
    assert "plan --staff ID" in run("plan", "--help", check=0).stdout
    assert "missing --staff" in run("plan", db=db, check=1).stderr
    open_requests = json.loads(run("requests", "--json", db=db, check=0).stdout)
    assert [r["category"] for r in open_requests] == ["street_lights"]
    overdue = json.loads(run("requests", "--overdue", "--json", db=db, check=0).stdout)
    assert [r["category"] for r in overdue] == ["street_lights"]  # 5 business days from 1 April
    assert len(json.loads(run("requests", "--all", "--json", db=db, check=0).stdout)) == 2
    assert [v["title"] for v in json.loads(run("vacancies", "--open", "--json", db=db, check=0).stdout)] == [
        "Operario de bodega"
    ]  # the welder's vacancy expired 30 days after capture
    for name in ["funnel", "cluster-share", "time-to-fill", "channels", "retention", "requests", "compliance"]:
        assert run("report", name, "--year", "2026", "--csv", db=db, check=0).stdout, name
    assert "unknown report" in run("report", "nonsense", db=db, check=1).stderr
    assert run("--version", check=0).stdout.startswith("omilcrm ")


def test_region_consolidates_office_files(tmp_path):
    region = tmp_path / "biobio.omilcrm"
    offices = []
    for commune in ["Lebu", "Arauco"]:
        f = tmp_path / f"{commune.lower()}.omilcrm"
        run("init", "--office", f"OMIL {commune}", "--commune", commune, "--manager", "Gestor", db=f, check=0)
        sheet = tmp_path / "e.csv"
        sheet.write_text(
            "RUT;Razón Social;Comuna\n76.086.428-5;Forestal del Sur SpA;" + commune + "\n", encoding="utf-8"
        )
        run("import", "employers", sheet, db=f, check=0)
        offices.append(f)
    assert (
        "Biobío"
        in run(
            "region", "init", "--region", "08", "--name", "Dirección Regional SENCE Biobío", db=region, check=0
        ).stdout
    )
    for commune in ["Lebu", "Arauco"]:
        run("region", "register", commune, db=region, check=0)
    stranger = tmp_path / "concon.omilcrm"
    run("init", "--office", "OMIL Concón", "--commune", "Concón", db=stranger, check=0)
    done = run("region", "consolidate", *offices, stranger, db=region, check=2)
    assert "OMIL Lebu" in done.stdout and "OMIL Arauco" in done.stdout
    assert "concon.omilcrm: refused, nothing written" in done.stderr
    report = json.loads(run("region", "report", "offices", "--year", "2026", "--json", db=region, check=0).stdout)
    assert sorted(r["employers"] for r in report if r["employers"]) == [1, 1]
    provinces = run("region", "report", "provinces", "--csv", db=region, check=0).stdout
    assert provinces.startswith("province")
    assert "region init --region CODE" in run("region", "--help", check=0).stdout


def test_tokens_are_issued_once_listed_revoked_and_audited(tmp_path):
    db = tmp_path / "concon.omilcrm"
    run("init", "--office", "OMIL Concón", "--commune", "Concón", "--manager", "Verónica Olguín", db=db, check=0)
    made = run("token", "create", "--db", db, "--staff", "1", "--expires", "30", check=0)  # --db after the command
    secret = made.stdout.strip()
    assert secret.startswith("omil_") and len(secret) == 48 and made.stdout.count("\n") == 1
    assert "token 1: Verónica Olguín, staff, office 1" in made.stderr
    assert "cannot be shown again" in made.stderr
    with omilcrm.open(db) as opened:
        me = opened.access.authenticate(secret)
        assert (me.staff_id, me.role, me.office_id) == (1, "staff", 1)

    key = run("token", "create", "--role", "integrator", "--office", "1", "--resources", "vacancies, calendar", db=db)
    assert key.returncode == 0, key.stderr
    assert "only vacancies, calendar, read-only" in key.stderr
    refused = run("token", "create", "--role", "integrator", db=db, check=2)
    assert "office" in refused.stderr and "integrator" in refused.stderr
    assert "expires" in run("token", "create", "--staff", "1", "--expires", "soon", db=db, check=2).stderr
    assert run("token", "create", "--staff", "1", "--write", "--read-only", db=db, check=1).returncode == 1
    assert run("token", "frobnicate", db=db, check=1).returncode == 1

    listed = run("token", "list", "--json", db=db, check=0).stdout
    assert secret not in listed
    rows = json.loads(listed)
    assert [(r["id"], r["role"], r["staff"], r["status"]) for r in rows] == [
        (1, "staff", "Verónica Olguín", "active"),
        (2, "integrator", None, "active"),
    ]
    assert "is revoked since" in run("token", "revoke", "1", db=db, check=0).stdout
    assert "was already revoked" in run("token", "revoke", "1", db=db, check=0).stdout
    assert "token" in run("token", "revoke", "99", db=db, check=2).stderr
    assert json.loads(run("token", "list", "--json", db=db, check=0).stdout)[0]["status"] == "revoked"

    audit = json.loads(run("audit", "--json", db=db, check=0).stdout)
    assert [(a["actor"], a["action"], a["resource"], a["record_id"]) for a in audit] == [
        ("cli", "create", "tokens", 1),
        ("cli", "create", "tokens", 2),
        ("cli", "revoke", "tokens", 1),
    ]
    assert (
        "(none)" in run("audit", "--office", "1", "--from", "2000-01-01", "--to", "2000-12-31", db=db, check=0).stdout
    )
    assert "token create --staff ID" in run("token", "--help", check=0).stdout


def test_rights_and_retention_from_the_command_line(tmp_path):
    """The register of a person's requests, the access answer, blocking, erasure and the retention
    rule as an office runs them from a shell or cron (docs/personal-data.md)."""
    import datetime as dt

    import omilcrm

    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path, create=True) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        jefa = db.staff.add(office=office, name="Jefa OMIL", role="head", started=dt.date(2020, 1, 2))
        old = omilcrm.today() - dt.timedelta(days=5 * 366)
        marta = db.seekers.add(
            office=office,
            rut="15.000.004-1",
            name="Marta Antigua",
            commune="Concón",
            registered_on=old,
            consent_on=old,
            consent_scope=["intermediation"],
        )
        ana = db.seekers.add(
            office=office,
            rut="15.000.003-3",
            name="Ana Pérez",
            commune="Concón",
            consent_on=omilcrm.today(),
            consent_scope=["intermediation"],
        )
        ids = (jefa.id, marta.id, ana.id)
    jefa, marta, ana = ids

    got = run(
        "rights",
        "receive",
        "--seeker",
        ana,
        "--kind",
        "access",
        "--verified-by",
        jefa,
        "--verification",
        "cédula a la vista",
        db=path,
        check=0,
    )
    listed = json.loads(run("rights", "list", "--json", db=path, check=0).stdout)
    assert [(r["seeker_id"], r["kind"], r["status"]) for r in listed] == [(ana, "access", "received")], got.stdout
    html = tmp_path / "acceso.html"
    run("rights", "access", ana, "--by", jefa, "-o", html, db=path, check=0)
    assert "Ana Pérez" in html.read_text(encoding="utf-8")
    # Her portable copy, imported by another office running the library.
    copy = tmp_path / "ana.json"
    run("rights", "portable", ana, "--by", jefa, "-o", copy, db=path, check=0)
    other = tmp_path / "quintero.omilcrm"
    with omilcrm.open(other, create=True) as db:
        quintero = db.offices.add(name="OMIL Quintero", commune="quintero")
        luis = db.staff.add(office=quintero, name="Luis Rojas", role="head", started=dt.date(2021, 3, 1)).id
    imported = run("rights", "import", copy, "--by", luis, db=other, check=0)
    assert "registered from the portable copy" in imported.stdout
    with omilcrm.open(other) as db:
        there = db.seekers.find_by_rut(
            db.offices.list()[0], "15.000.003-3", purpose="data_subject_request: portabilidad", by=luis
        )
        assert (there.name, there.rut) == ("Ana Pérez", "15.000.003-3")

    run("rights", "block", ana, "--reason", "Pidió rectificar", "--by", jefa, db=path, check=0)
    with omilcrm.open(path) as db:
        assert db.data_rights.restricted(ana, omilcrm.today())

    # Retention: a dry run lists Marta and changes nothing; --apply (a flag, before --by) erases her.
    run("retention", "--set", "3", db=path, check=0)
    dry = json.loads(run("retention", "--json", db=path, check=0).stdout)
    assert [r["seeker_id"] for r in dry] == [marta]
    applied = run("retention", "--apply", "--by", jefa, "--json", db=path, check=0)
    assert [r["seeker_id"] for r in json.loads(applied.stdout)] == [marta]
    assert json.loads(run("retention", "--json", db=path, check=0).stdout) == []
    run("retention", "--off", db=path, check=0)
    with omilcrm.open(path) as db:
        assert db.data_rights.retention(db.offices.list()[0]) is None
        left = db.seekers.personal(marta, purpose="data_subject_request: verificar", by=jefa)
        assert left.name == ""


def test_a_photo_is_kept_with_a_request_from_the_command_line(tmp_path):
    db = office_file(tmp_path, "concon.omilcrm")
    with omilcrm.open(db) as d:
        office = d.offices.list()[0]
        req = d.requests.open(office=office, category="street_lights", address="Av. Borgoño 22100")
    photo = tmp_path / "poste.JPG"
    photo.write_bytes(bytes.fromhex("ffd8ffe000104a46494600") + bytes(100))
    done = run("requests", "photo", req.id, photo, db=db, check=0)
    assert f"kept with request {req.id}" in done.stdout and "image/jpeg, 111 bytes" in done.stdout
    # The type comes from the extension, and the bytes must be of that type.
    wrong = tmp_path / "poste.png"
    wrong.write_bytes(photo.read_bytes())
    assert "not a PNG image" in run("requests", "photo", req.id, wrong, db=db, check=2).stderr
    text = tmp_path / "poste.txt"
    text.write_text("hola")
    assert "content_type" in run("requests", "photo", req.id, text, db=db, check=2).stderr
    assert "usage: omilcrm requests photo ID FILE" in run("requests", "photo", req.id, db=db, check=1).stderr
    assert run("requests", "photo", 999, photo, db=db, check=2).stderr
    with omilcrm.open(db) as d:
        (kept,) = d.requests.photos(req)
        assert d.requests.photo(office, kept.uuid)[1] == photo.read_bytes()


def test_duplicates_are_listed_merged_and_the_merge_undone(tmp_path):
    db = tmp_path / "concon.omilcrm"
    run("init", "--office", "OMIL Concón", "--commune", "Concón", "--manager", "Verónica Olguín", db=db, check=0)
    sheet = tmp_path / "empresas.csv"
    sheet.write_text(
        "RUT,Razón Social,Teléfono,Contacto\n"
        "76.086.428-5,Logística Gulmué SpA,9 8765 4321,Carolina Fuentes\n"
        "77.111.222-6,LOGISTICA GULMUE S.P.A.,+56987654321,C. Fuentes\n"
        "96.512.340-7,Envases del Pacífico S.A.,,\n",
        encoding="utf-8",
    )
    imported = run("import", "employers", sheet, db=db, check=0)
    assert "empresas.csv:3: likely duplicate of employer 1 (same_name, same_phone" in imported.stdout
    [pair] = json.loads(run("duplicates", "--json", db=db, check=0).stdout)
    assert (pair["employer_id"], pair["other_id"], pair["reasons"]) == (1, 2, "same_name, same_phone")
    assert run("duplicates", "--csv", db=db, check=0).stdout.startswith("employer_id,employer_rut,")
    assert json.loads(run("duplicates", "--min-score", "0.99", "--json", db=db, check=0).stdout) == []
    assert "min-score" in run("duplicates", "--min-score", "alto", db=db, check=2).stderr

    assert "needs --by" in run("merge", "1", "2", db=db, check=1).stderr
    assert "cannot be merged with itself" in run("merge", "1", "1", "--by", "1", db=db, check=2).stderr
    merged = run("merge", "1", "2", "--by", "1", db=db, check=0)
    assert "merged employer 2 (LOGISTICA GULMUE S.P.A.) into employer 1 (Logística Gulmué SpA)" in merged.stdout
    assert [r["id"] for r in json.loads(run("employers", "--json", db=db, check=0).stdout)] == [3, 1]
    assert "already merged" in run("merge", "3", "2", "--by", "1", db=db, check=2).stderr
    [m] = json.loads(run("merge", "--list", "--json", db=db, check=0).stdout)
    assert (m["kept_id"], m["absorbed_id"], m["undone_at"]) == (1, 2, None)
    assert "undid merge 1" in run("merge", "--undo", "1", "--by", "1", db=db, check=0).stdout
    assert len(json.loads(run("employers", "--json", db=db, check=0).stdout)) == 3
    assert "already undone" in run("merge", "--undo", "1", "--by", "1", db=db, check=2).stderr
