"""The regional view from Python: consolidating office files (twice is once, refused imports
change nothing, newer files update), the reports per office and province, the catastro across
the region and the territorial balance."""

import datetime as dt
import shutil
import sqlite3

import omilcrm
import pytest

D = dt.date
VIDEO = "0b8f7a52-3c1d-4e5f-9a6b-7c8d9e0f1a2b"


JUNE_1 = D(2026, 6, 1)


def office_file(path, name, commune, showings, today=JUNE_1):
    db = omilcrm.open(path, today=today, create=True)
    office = db.offices.add(name=name, commune=commune)
    staff = db.staff.add(office=office, name="Gestora", role="territorial_manager", started=D(2026, 1, 5))
    acme = db.employers.add(rut="76.086.428-5", name="Supermercados del Sur SpA", office=office, since=D(2026, 1, 5))
    db.interactions.log(employer=acme, kind="visit", by=staff, on=D(2026, 3, 2), summary="Visita")
    vac = db.vacancies.capture(employer=acme, title="Reponedor", occupation="5223", positions=2, on=D(2026, 3, 4))
    seeker = db.seekers.add(
        office=office,
        rut="12.345.678-5",
        name="Persona",
        commune=commune,
        consent_on=D(2026, 3, 1),
        consent_scope=["intermediation"],
        registered_on=D(2026, 3, 1),
    )
    db.placements.record(seeker=seeker, vacancy=vac, start_on=D(2026, 3, 16), recorded_on=D(2026, 3, 12))
    video = db.outreach.add_asset(name="Video institucional", kind="video", uuid=VIDEO)
    for i in range(showings):
        db.outreach.record(
            asset=video,
            office=office,
            on=D(2026, 4, 1 + i),
            setting="job_fair" if i % 2 else "company_meeting",
            audience_size=10 * (i + 1),
            employers=[acme],
        )
    db.close()
    return path


@pytest.fixture
def files(tmp_path):
    return {
        "concepcion": office_file(tmp_path / "concepcion.omilcrm", "OMIL Concepción", "Concepción", 3),
        "lebu": office_file(tmp_path / "lebu.omilcrm", "OMIL Lebu", "Lebu", 1),
        "los_angeles": office_file(tmp_path / "los_angeles.omilcrm", "OMIL Los Ángeles", "Los Ángeles", 0),
    }


@pytest.fixture
def region(tmp_path):
    db = omilcrm.open(tmp_path / "biobio.omilcrm", today=D(2026, 11, 23), create=True)
    db.regional.setup(region="Biobío", name="Dirección Regional SENCE Biobío")
    for commune in ("Concepción", "Lebu", "Los Ángeles", "Coronel"):
        db.regional.register_office(commune)
    return db


def counts(path):
    with sqlite3.connect(path) as raw:
        tables = [
            r[0] for r in raw.execute("SELECT name FROM sqlite_schema WHERE type='table' AND name <> 'office_import'")
        ]
        return {t: raw.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_consolidating_twice_equals_once(files, region, tmp_path):
    for path in files.values():
        region.regional.import_office(path)
    once = counts(tmp_path / "biobio.omilcrm")
    again = [region.regional.import_office(path) for path in files.values()]
    assert [r.inserted for r in again] == [0, 0, 0]
    assert counts(tmp_path / "biobio.omilcrm") == once
    assert once["employer"] == 3 and once["seeker_personal"] == 0 and once["outreach_asset"] == 1
    assert len(region.regional.imports().to_pandas()) == 6


def test_refused_imports_change_nothing(files, region, tmp_path):
    region.regional.import_office(files["concepcion"])
    before = counts(tmp_path / "biobio.omilcrm")
    concon = office_file(tmp_path / "concon.omilcrm", "OMIL Concón", "Concón", 1)
    with pytest.raises(omilcrm.Conflict, match="outside region 08"):
        region.regional.import_office(concon)
    talcahuano = office_file(tmp_path / "talca.omilcrm", "OMIL Talcahuano", "Talcahuano", 1)
    with pytest.raises(omilcrm.Conflict, match="has not registered"):
        region.regional.import_office(talcahuano)
    copy = office_file(tmp_path / "copia.omilcrm", "OMIL Concepción 2", "Concepción", 1)
    with pytest.raises(omilcrm.Conflict, match="another UUID"):
        region.regional.import_office(copy)
    with pytest.raises(omilcrm.StorageError, match="does not exist"):
        region.regional.import_office(tmp_path / "missing.omilcrm")
    with region.transaction():
        with pytest.raises(omilcrm.Conflict, match="outside any transaction"):
            region.regional.import_office(files["lebu"])
    assert counts(tmp_path / "biobio.omilcrm") == before


def test_a_newer_file_updates_and_an_older_one_is_refused(files, region, tmp_path):
    older = shutil.copy(files["lebu"], tmp_path / "lebu-old.omilcrm")
    region.regional.import_office(files["lebu"])
    db = omilcrm.open(files["lebu"], today=D(2026, 7, 1))
    office = db.offices.list()[0]
    video = db.outreach.assets()[0]
    db.outreach.record(
        asset=video,
        office=office,
        on=D(2026, 6, 30),
        setting="sence_activity",
        audience="job_seekers",
        audience_size=25,
    )
    db.close()
    result = region.regional.import_office(files["lebu"])
    assert result.inserted == 1
    with pytest.raises(omilcrm.Conflict, match="older"):
        region.regional.import_office(older)
    assert len(region.outreach.showings(year=2026)) == 2


def test_regional_reports_and_catastro(files, region):
    for path in files.values():
        region.regional.import_office(path)
    region.regional.add_representative(province="Arauco", name="Jorge Mella")
    offices = region.regional.offices_report(year=2026).to_pandas().set_index("office")
    assert offices.loc["OMIL Concepción", "showings"] == 3
    assert offices.loc["OMIL Coronel", "employers"] == 0
    assert offices.loc["OMIL Lebu", "placements"] == 1
    provinces = region.regional.provinces_report(year=2026).to_pandas()
    assert list(provinces["province"]) == ["Concepción", "Arauco", "Biobío"]
    assert list(provinces["offices"]) == [2, 1, 1]
    # placements 1/3 each vs offices 1/2, 1/4, 1/4 -> 1 - (1/6 + 1/12 + 1/12) / 2
    assert float(provinces.attrs["placements_balance"]) == pytest.approx(5 / 6, abs=1e-5)
    video = region.outreach.assets()[0]
    catastro = region.outreach.catastro(video, year=2026).to_pandas().set_index("office")
    assert catastro.loc["OMIL Concepción", "company_meeting"] == 2
    assert catastro.loc["OMIL Concepción", "job_fair"] == 1
    assert catastro.loc["OMIL Concepción", "audience"] == 60
    unused = region.outreach.offices_without_showings(video, year=2026)
    assert [o.name for o in unused] == ["OMIL Los Ángeles", "OMIL Coronel"]
    assert omilcrm.territorial_balance([0, 0], [1, 1]) is None
