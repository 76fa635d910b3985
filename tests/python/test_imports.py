"""Reading offices' spreadsheets and importing employers from them."""

import datetime as dt

import omilcrm
import pytest

TODAY = dt.date(2026, 11, 23)

SHEET = (
    "RUT;Razón Social;Comuna;Contacto;Correo;Teléfono\r\n"
    "76.086.428-5;Logística Gulmué SpA;Concón;Carolina Fuentes;cfuentes@logigulmue.cl;9 8765 4321\r\n"
    "\r\n"
    "96511460-2;Envases del Pacífico S.A.;Concón;;;\r\n"
    "76.231.455-0;Transportes Concón Ltda.;Concón;;;\r\n"
)


def test_read_csv_detects_latin1_and_semicolons(tmp_path):
    path = tmp_path / "empresas.csv"
    path.write_bytes(SHEET.encode("cp1252"))
    doc = omilcrm.read_csv(path)
    assert (doc.encoding, doc.delimiter, len(doc)) == ("windows-1252", ";", 3)
    assert doc.header[1] == "Razón Social" and doc.lines == [2, 4, 5]


def test_import_employers(db, office, gestora, tmp_path):
    path = tmp_path / "empresas.csv"
    path.write_bytes(SHEET.encode("cp1252"))
    dry = db.imports.employers(office, path, dry_run=True)
    assert not dry.written and db.employers.count(office) == 0
    [problem] = dry.problems
    assert (problem.line, problem.column, problem.value) == (5, "RUT", "76.231.455-0")
    strict = db.imports.employers(office, path)
    assert not strict.written and db.employers.count(office) == 0
    report = db.imports.employers(office, path, skip_invalid=True)
    assert (report.created, report.written) == (2, True)
    rejected = tmp_path / "rechazadas.csv"
    rejected.write_text(report.rejected_csv, encoding="utf-8")
    assert omilcrm.read_csv(rejected).header[-1] == "problem"
    again = db.imports.employers(office, path, skip_invalid=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    logi = db.employers.find_by_rut("76.086.428-5")
    assert db.contacts.primary(logi).phone == "+56987654321"
    moved = db.imports.employers(
        office, SHEET.replace("Concón;Carolina", "Quintero;Carolina").encode(), skip_invalid=True
    )
    assert moved.updated == 1
    exported = db.imports.export_employers(office).to_pandas()
    assert list(exported.columns[:3]) == ["rut", "legal_name", "trade_name"]
    assert list(exported["rut"]) == ["76.086.428-5", "96.511.460-2"]
    log = db.employers.changes(logi).to_pandas()
    assert list(log["field"]) == ["commune"] and log.loc[0, "old_value"] == "05103"


def test_import_contacts(db, office, gestora):
    db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office)
    sheet = "RUT,Nombre,Cargo,Correo\n76086428-5,Pedro Soto,Supervisor,psoto@logi.cl\n"
    report = db.imports.contacts(office, sheet.encode())
    assert (report.created, report.written) == (1, True)
    assert db.imports.contacts(office, sheet.encode()).unchanged == 1
    [pedro] = db.contacts.list(db.employers.find_by_rut("76.086.428-5"))
    assert db.contacts.update(pedro, role="Jefe de bodega").role == "Jefe de bodega"


VACANCIES = (
    "RUT;Cargo;Código ISCO;Vacantes;Jornada;Turno;Renta mínima;Fecha captación;Vigencia\r\n"
    "76.086.428-5;Operario de bodega;9333;3;Jornada completa;Rotativo;$550.000;05-03-2026;30-04-2026\r\n"
    "76.086.428-5;Chofer;8332;1;Completa;Diurno;abc;2026-03-10;\r\n"
)


def test_every_kind_has_an_import_and_an_export(db, office, gestora, park):
    assert omilcrm.Imports.kinds() == [
        "employers",
        "contacts",
        "memberships",
        "interactions",
        "requests",
        "vacancies",
        "seekers",
    ]
    db.imports.employers(office, SHEET.encode("cp1252"), skip_invalid=True)
    report = db.imports.vacancies(office, VACANCIES.encode("cp1252"), skip_invalid=True)
    assert report.created == 1
    [problem] = report.problems
    assert (problem.line, problem.column, problem.value) == (3, "Renta mínima", "abc")
    assert db.imports.run("vacancies", office, VACANCIES.encode("cp1252"), skip_invalid=True).unchanged == 1
    frame = db.imports.export("vacancies", office).to_pandas()
    assert frame.loc[0, "wage_min"] == "550000" and frame.loc[0, "shift"] == "rotating"
    seekers = (
        "RUT,Nombre,Comuna,Fecha consentimiento,Alcance consentimiento\n"
        "12.345.678-5,María Pérez,Concón,01-03-2026,intermediation\n"
    )
    assert db.imports.seekers(office, seekers.encode()).created == 1
    with pytest.raises(omilcrm.ValidationError) as refused:
        db.imports.export("seekers", office)
    assert refused.value.field == "personal"
    register = db.imports.export("seekers", office, personal=True, purpose="register_transfer: traspaso", staff=gestora)
    assert register.to_pandas().loc[0, "name"] == "María Pérez"
    assert db.seekers.exports(office).to_pandas().loc[0, "purpose"] == "register_transfer: traspaso"


def test_xlsx_in_and_out(db, office, gestora, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    db.imports.employers(office, SHEET.encode("cp1252"), skip_invalid=True)
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["RUT", "Cargo", "Código ISCO", "Vacantes", "Fecha captación", "Vigencia"])
    ws.append([None])  # a blank row, as sheets have
    # Excel keeps dates as dates and counts as numbers: they read as the import expects.
    ws.append(["76.086.428-5", "Operario de bodega", "9333", 3, dt.datetime(2026, 3, 5), dt.date(2026, 4, 30)])
    ws.append(["76.086.428-5", "Soldador", 7212, 1, dt.datetime(2026, 3, 9), "no es fecha"])
    path = tmp_path / "vacantes.xlsx"
    book.save(path)
    dry = db.imports.vacancies(office, path, dry_run=True)
    [problem] = dry.problems
    assert (problem.line, problem.column, problem.value) == (4, "Vigencia", "no es fecha")
    report = db.imports.vacancies(office, path, skip_invalid=True)
    assert report.created == 1
    [bodega] = db.vacancies.list(office)
    assert (bodega.positions, bodega.valid_through) == (3, dt.date(2026, 4, 30))
    # Export to .xlsx, import into another office file, export again: the same rows.
    out = tmp_path / "export.xlsx"
    omilcrm.write_xlsx(db.imports.export("vacancies", office), out)
    other = omilcrm.open(":memory:", today=TODAY)
    o2 = other.offices.add(name="OMIL Concón", commune="concon")
    other.staff.add(office=o2, name="Gestora", role="territorial_manager")
    assert other.imports.employers(o2, SHEET.encode("cp1252"), skip_invalid=True).created == 2
    assert other.imports.vacancies(o2, out).created == 1
    again = tmp_path / "again.xlsx"
    omilcrm.write_xlsx(other.imports.export("vacancies", o2), again)
    assert omilcrm.read_xlsx(again).rows == omilcrm.read_xlsx(out).rows
    assert omilcrm.read_xlsx(out).header[:3] == ["rut", "title", "occupation"]
