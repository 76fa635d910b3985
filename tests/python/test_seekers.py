"""Job seekers from Python: consent, bulk registration and personal data."""

import datetime as dt

import omilcrm
import pytest
from conftest import seeker_row

D = dt.date


def test_a_consent_dated_after_today_is_refused(db, office):
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.add(**seeker_row(office, 1, consent_on=D(2026, 12, 1), registered_on=None))
    assert (e.value.field, e.value.value) == ("consent_on", "2026-12-01")
    ana = db.seekers.add(**seeker_row(office, 2))
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.renew_consent(ana, on=D(2026, 12, 1), scope=["intermediation"])
    assert e.value.field == "on" and "in the future" in str(e.value)
    assert db.seekers.get(ana).consent_on == D(2026, 1, 10)


def test_seekers_need_consent_and_bulk_is_all_or_nothing(db, office):
    s = db.seekers.add(
        **seeker_row(
            office, 1, "Pedro Pérez", experience={"9333": 24, "8322": 12}, shifts=["night", "day"], phone="9 8765 4321"
        )
    )
    assert s.experience == [("9333", 24), ("8322", 12)]
    assert s.shifts == ["day", "night"] and s.phone == "+56987654321"
    assert "Pedro" not in repr(s) and s.rut not in repr(s)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.add(**seeker_row(office, 2, consent_scope=[]))
    assert e.value.field == "consent_scope"
    rows = [seeker_row(office, i) for i in range(10, 13)]
    rows[1]["licences"] = ["Z"]
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.add_many(rows)
    assert e.value.field == "rows[1].licences"
    rows[1]["unknown"] = 1
    del rows[1]["licences"]
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.add_many(rows)
    assert e.value.field == "rows[1].unknown"
    assert db.seekers.count(office) == 1


def test_personal_data_leaves_only_through_the_export(db, office, acme, gestora):
    pedro = db.seekers.add(**seeker_row(office, 1, "Pedro Pérez", email="pedro@example.cl"))
    db.seekers.add(**seeker_row(office, 2, "María Soto", consent_scope=["statistics"]))
    vac = db.vacancies.capture(employer=acme, title="Bodega", occupation="9333", positions=2, on=D(2026, 11, 2))
    db.referrals.refer(seeker=pedro, vacancy=vac, by=gestora)
    db.placements.record(seeker=pedro, vacancy=vac, start_on=D(2026, 11, 9))
    frames = [
        db.seekers.table(office),
        db.vacancies.table(office),
        db.referrals.table(office),
        db.placements.table(office),
        db.employers.table(office),
        db.reports.funnel(office, year=2026),
        db.reports.cluster_share(office, year=2026),
        db.reports.retention(office, year=2026),
        db.reports.time_to_fill(office, year=2026),
        db.reports.placements_by_channel(office, year=2026),
        omilcrm.Matching.table(db.matching.vacancies_for(pedro)),
    ]
    for t in frames:
        text = t.to_pandas().to_csv()
        for secret in ("Pedro", "María", pedro.rut, "pedro@example.cl"):
            assert secret not in text
    df = db.seekers.export_personal(
        office, fields=["name", "email"], purpose="intermediation: CVs for Acme SpA", by=gestora
    ).to_pandas()
    assert list(df["name"]) == ["Pedro Pérez"]  # María did not consent to intermediation
    assert df.attrs["contains_personal_data"] == "name,email"
    assert df.attrs["purpose"] == "intermediation: CVs for Acme SpA"
    log = db.seekers.exports(office).to_pandas()
    assert log.loc[0, "fields"] == "name,email" and log.loc[0, "rows"] == 1
    with pytest.raises(omilcrm.ValidationError):
        db.seekers.export_personal(office, fields=[], purpose="intermediation")
