"""Reading offices' spreadsheets and importing employers from them."""

import omilcrm

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
    moved = db.imports.employers(office, SHEET.replace("Concón;Carolina", "Quintero;Carolina").encode(),
                                 skip_invalid=True)
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
