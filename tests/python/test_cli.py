"""The omilcrm command line, run as a user would (the program built in build/)."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

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
    done = subprocess.run([str(script), "--db", str(tmp_path / "x.omilcrm"), "init", "--office", "OMIL Lebu",
                           "--commune", "Lebu"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "OMIL Lebu" in done.stdout


def test_usage_and_help():
    assert run().returncode == 1
    assert "usage: omilcrm" in run("--help", check=0).stdout
    assert "import employers|contacts FILE" in run("import", "--help", check=0).stdout
    bad = run("frobnicate", db="x.omilcrm", check=1)
    assert "unknown command 'frobnicate'" in bad.stderr
    assert "no database" in run("employers", check=1).stderr


def test_init_import_list_export(tmp_path):
    db = tmp_path / "concon.omilcrm"
    run("init", "--office", "OMIL Concón", "--commune", "Concón", "--manager", "Verónica Olguín",
        db=db, check=0)
    assert "already exists" in run("init", "--office", "X", "--commune", "concon", db=db, check=2).stderr
    sheet = tmp_path / "empresas.csv"
    sheet.write_bytes(SHEET.encode("cp1252"))
    dry = run("import", "employers", sheet, "--dry-run", db=db, check=2)
    assert "empresas.csv:5: RUT \"76.231.455-0\" check digit should be K" in dry.stderr
    assert "nothing written" in dry.stdout
    assert json.loads(run("employers", "--json", db=db, check=0).stdout) == []
    rejected = tmp_path / "rechazadas.csv"
    run("import", "employers", sheet, "--skip-invalid", "--rejected", rejected, db=db, check=2)
    assert rejected.read_text(encoding="utf-8").splitlines()[0].endswith(";problem")
    again = run("import", "employers", sheet, "--skip-invalid", db=db, check=2)
    assert "0 new, 0 updated, 2 unchanged" in again.stdout
    rows = json.loads(run("employers", "--json", db=db, check=0).stdout)
    assert [r["rut"] for r in rows] == ["96.511.460-2", "76.086.428-5"]   # by legal name
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
    assert "schema version" in run("migrate", db=db, check=0).stdout
    assert "does not exist" in run("employers", db=tmp_path / "missing.omilcrm", check=3).stderr
