"""Employers classified by economic activity: CIIU4.CL 2012, shipped with its source."""

import collections
import json
import pathlib

import omilcrm
import pytest
from test_cli import run

DATA = pathlib.Path(__file__).resolve().parents[2] / "libomilcrm" / "data" / "ciiu4cl"


def test_the_whole_classification_ships_with_its_source():
    per_level = collections.Counter(a.level for a in omilcrm.ciiu_activities())
    assert per_level == {1: 21, 2: 89, 3: 238, 4: 419, 5: 486}
    assert "INE" in (DATA / "SOURCE.md").read_text(encoding="utf-8")
    # Each division's codes below it carry its section.
    for a in omilcrm.ciiu_activities(level=5):
        assert omilcrm.ciiu_activity(a.code[:2]).section == a.section
    assert omilcrm.ciiu_activity(" h ").code == "H"


def test_an_employer_takes_a_code_or_its_sii_code(db, office, gestora):
    e = db.employers.add(rut="76.231.455-K", name="Transportes Concón Ltda.", office=office, activity="492300")
    assert e.activity == "49230"
    assert db.employers.get(e).activity == "49230"
    e = db.employers.update(e, activity="H")
    assert e.activity == "H"
    assert list(db.employers.changes(e).to_pandas()["field"]) == ["activity"]
    assert db.employers.update(e, activity="").activity == ""


def test_a_bad_code_names_the_field_and_changes_nothing(db, office, gestora):
    e = db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office, activity="52100")
    with pytest.raises(omilcrm.ValidationError) as bad:
        db.employers.update(e, activity="1110", notes="no debe quedar")
    assert (bad.value.field, bad.value.value) == ("activity", "1110")
    assert "did you mean 01110" in str(bad.value)
    assert (db.employers.get(e).activity, db.employers.get(e).notes) == ("52100", "")
    with pytest.raises(omilcrm.ValidationError):
        db.employers.add(rut="96.511.460-2", name="Envases", office=office, activity="logística")
    assert db.employers.count(office) == 1


def test_the_import_reads_an_activity_column_and_the_table_groups_by_section(db, office, gestora):
    sheet = (
        "RUT;Razón Social;Rubro;Código actividad\r\n"
        "76.086.428-5;Logística Gulmué SpA;Logística;521001\r\n"
        "96511460-2;Envases del Pacífico S.A.;Envases;222000\r\n"
        "76.231.455-K;Transportes Concón Ltda.;Transporte;49230\r\n"
    )
    report = db.imports.employers(office, sheet.encode())
    assert report.created == 3
    table = db.employers.table(office).to_pandas()
    assert dict(zip(table["legal_name"], table["activity"], strict=True)) == {
        "Logística Gulmué SpA": "52100",
        "Envases del Pacífico S.A.": "22200",
        "Transportes Concón Ltda.": "49230",
    }
    assert table.groupby("activity_section").size().to_dict() == {"C": 1, "H": 2}
    bad = db.imports.employers(office, sheet.replace("222000", "1110").encode(), dry_run=True)
    [problem] = bad.problems
    assert (problem.value, "did you mean 01110" in problem.why) == ("1110", True)


def test_the_job_posting_is_in_spanish_with_the_employers_industry(db, office, gestora):
    e = db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office, activity="52100")
    vacancy = db.vacancies.capture(employer=e, title="Peoneta", occupation="9333", on=db.today())
    posting = json.loads(db.vacancies.job_posting(vacancy))
    assert posting["occupationalCategory"]["name"] == "Peones de carga"
    assert posting["industry"] == "Almacenamiento y depósito"
    assert omilcrm.isco_occupation("9333").label_es == "Peones de carga"
    assert all(o.label_es for o in omilcrm.isco_occupations())


def test_search_finds_activities_by_the_words_people_use():
    assert [a.code for a in omilcrm.ciiu_search("TRANSPORTE de carga por carretera", limit=2)] == ["49230", "4923"]
    assert omilcrm.ciiu_search("fabricacion calzado")[0].code == "15200"
    assert omilcrm.ciiu_search("") == []


def test_the_command_line_imports_and_exports_the_activity(tmp_path):
    db = tmp_path / "concon.omilcrm"
    run("init", "--office", "OMIL Concón", "--commune", "Concón", "--manager", "Verónica Olguín", db=db, check=0)
    sheet = tmp_path / "empresas.csv"
    sheet.write_text("RUT;Razón Social;CIIU\r\n76.086.428-5;Logística Gulmué SpA;521001\r\n", encoding="utf-8")
    run("import", "employers", sheet, db=db, check=0)
    [row] = json.loads(run("employers", "--json", db=db, check=0).stdout)
    assert (row["activity"], row["activity_section"]) == ("52100", "H")
    header = run("export", "employers", db=db, check=0).stdout.splitlines()[0].split(",")
    assert "activity" in header


def test_the_command_line_looks_activities_up_without_a_database():
    found = json.loads(run("activities", "transporte", "carga", "carretera", "--json", check=0).stdout)
    assert [r["code"] for r in found][:2] == ["49230", "4923"]
    [section] = json.loads(run("activities", "H", "--json", check=0).stdout)  # a letter is a code, not a word
    assert (section["code"], section["label"]) == ("H", "Transporte y almacenamiento")
    [sii] = json.loads(run("activities", "492300", "--json", check=0).stdout)
    assert (sii["code"], sii["section"]) == ("49230", "H")
    sections = run("activities", "--level", "1", "--csv", check=0).stdout.splitlines()
    assert sections[0] == "code,level,label,section" and len(sections) == 22
    bad = run("activities", "1110", check=2)
    assert "did you mean 01110" in bad.stderr
