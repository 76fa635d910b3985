"""Vacancies from Python: capture (one by one and in bulk), status, JobPosting."""

import datetime as dt
import json

import omilcrm
import pytest
from conftest import seeker_row

D = dt.date


def test_capture_defaults_and_errors(db, office, acme, gestora):
    vac = db.vacancies.capture(
        employer=acme,
        title="Operario de bodega",
        positions=3,
        occupation="9333",
        licences=["clase b"],
        skills=["Grúa Horquilla"],
        wage_min=550_000,
        wage_max=650_000,
        by=gestora,
        on=D(2026, 11, 20),
    )
    assert vac.commune == "05103" and vac.address == "Camino Concón-Quintero km 3"
    assert vac.licences == ["B"] and vac.skills == ["grua horquilla"]
    assert vac.valid_through == D(2026, 12, 20)
    assert vac.status == "open" and vac.channel == "other"
    with pytest.raises(omilcrm.ValidationError) as e:
        db.vacancies.capture(employer=acme, title="X", occupation="9999")
    assert e.value.field == "occupation" and e.value.value == "9999"
    with pytest.raises(omilcrm.ValidationError) as e:
        db.vacancies.capture(employer=acme, title="X", occupation="9333", employment_type="forever")
    assert e.value.field == "employment_type"
    assert len(db.vacancies.list(office)) == 1


def test_a_capture_dated_after_today_is_refused(db, office, acme):
    for day in (D(2026, 11, 24), D(9999, 12, 15)):
        with pytest.raises(omilcrm.ValidationError) as e:
            db.vacancies.capture(employer=acme, title="Operario", occupation="9333", on=day)
        assert (e.value.field, e.value.value) == ("on", day.isoformat())
    with pytest.raises(omilcrm.ValidationError) as e:
        db.vacancies.capture_many(
            [
                dict(employer=acme, title="A", occupation="9333"),
                dict(employer=acme, title="B", occupation="9333", on=D(2027, 1, 4)),
            ]
        )
    assert e.value.field == "rows[1].on"
    assert db.vacancies.list(office) == []


def test_status_follows_from_placements_and_cancellation(db, office, acme):
    vac = db.vacancies.capture(employer=acme, title="Grúa", occupation="8344", positions=2, on=D(2026, 11, 2))
    ids = db.seekers.add_many([seeker_row(office, i) for i in range(3)])
    db.placements.record(seeker=ids[0], vacancy=vac, start_on=D(2026, 11, 9))
    assert db.vacancies.get(vac).status == "partially_filled"
    db.placements.record(seeker=ids[1], vacancy=vac, start_on=D(2026, 11, 16))
    filled = db.vacancies.get(vac)
    assert (filled.status, filled.placed, filled.filled_on) == ("filled", 2, D(2026, 11, 16))
    with pytest.raises(omilcrm.Conflict):
        db.placements.record(seeker=ids[2], vacancy=vac, start_on=D(2026, 11, 17))
    other = db.vacancies.capture(employer=acme, title="Bodega", occupation="9333", on=D(2026, 11, 2))
    assert db.vacancies.cancel(other, reason="hiring frozen").status == "cancelled"
    assert omilcrm.vacancy_status(positions=2, placed=0, valid_through=D(2026, 1, 31), on=D(2026, 2, 1)) == "expired"


def test_job_posting_is_valid_json_ld(db, office, acme):
    vac = db.vacancies.capture(
        employer=acme,
        title="Operario de bodega",
        occupation="9333",
        positions=3,
        wage_min=550_000,
        wage_max=650_000,
        employment_type="part_time",
        on=D(2026, 11, 20),
    )
    posting = json.loads(db.vacancies.job_posting(vac))
    assert posting["@type"] == "JobPosting"
    assert posting["employmentType"] == "PART_TIME"
    assert posting["hiringOrganization"]["taxID"] == "76.086.428-5"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Concón"
    assert posting["baseSalary"]["currency"] == "CLP"
    assert posting["baseSalary"]["value"]["minValue"] == 550_000
    assert posting["occupationalCategory"]["codeValue"] == "9333"
    assert posting["totalJobOpenings"] == 3
    assert posting["validThrough"] == "2026-12-20T23:59:59-03:00"  # the end of the day in Chile (summer)


def test_capture_many_captures_each_row_as_capture_does(db, office, acme, beta, gestora):
    rows = [
        dict(
            employer=acme,
            title="Operario de bodega",
            occupation="9333",
            positions=3,
            licences=["clase b"],
            skills=["Grúa Horquilla"],
            wage_min=550_000,
            wage_max=650_000,
            by=gestora,
            on=D(2026, 11, 20),
        ),
        dict(
            employer=beta.id,
            title="Cajero",
            occupation="5230",
            employment_type="part_time",
            shift="night",
            valid_through=D(2027, 1, 31),
        ),
    ]
    ids = db.vacancies.capture_many(rows)
    bulk = [db.vacancies.get(i) for i in ids]
    assert bulk[0].commune == "05103" and bulk[0].licences == ["B"] and bulk[0].skills == ["grua horquilla"]
    assert bulk[0].valid_through == D(2026, 12, 20)
    assert (bulk[1].commune, bulk[1].captured_on, bulk[1].channel) == (beta.commune, D(2026, 11, 23), "other")
    single = [db.vacancies.capture(**row) for row in rows]
    fields = [
        "office_id",
        "employer_id",
        "title",
        "occupation",
        "positions",
        "employment_type",
        "shift",
        "wage_min",
        "wage_max",
        "commune",
        "address",
        "licences",
        "skills",
        "channel",
        "captured_by",
        "captured_on",
        "valid_through",
        "status",
    ]
    for b, s in zip(bulk, single, strict=True):
        assert [getattr(b, f) for f in fields] == [getattr(s, f) for f in fields]


def test_capture_many_refuses_a_bad_row_and_captures_nothing(db, office, acme):
    good = dict(employer=acme, title="Operario", occupation="9333")
    for bad, field in [
        (dict(good, occupation="9999"), "rows[1].occupation"),
        (dict(good, positions="tres"), "rows[1].positions"),
        (dict(good, wage_min=700_000, wage_max=600_000), "rows[1].wage_max"),
        (dict(good, salary=1), "rows[1].salary"),
        ({"employer": acme, "title": "Operario"}, "rows[1].occupation"),
    ]:
        with pytest.raises(omilcrm.ValidationError) as info:
            db.vacancies.capture_many([good, bad])
        assert info.value.field == field
    assert db.vacancies.list(office) == []
    assert db.vacancies.capture_many([]) == []


def test_a_record_read_twice_is_equal_and_hashes_alike(db, office, acme):
    """Stored records are equal by identity (uuid), whatever was read when: usable in sets and
    as dict keys, as employers and offices always were."""
    v = db.vacancies.capture(employer=acme, title="Bodeguero", occupation="9333")
    again = db.vacancies.get(v)
    other = db.vacancies.capture(employer=acme, title="Grúa", occupation="8344")
    assert v == again and v is not again
    assert v != other
    assert len({v, again, other}) == 2
    assert {v: "first"}[again] == "first"
