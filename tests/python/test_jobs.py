"""Vacancies, job seekers, referrals, placements, programmes, matching and reports from Python."""

import datetime as dt
import json

import pandas as pd
import pytest

import omilcrm

D = dt.date


@pytest.fixture
def acme(db, office, park, gestora):
    return db.employers.add(rut="76.086.428-5", name="Acme SpA", cluster=park,
                            joined=D(2026, 1, 1), since=D(2026, 1, 1),
                            address="Camino Concón-Quintero km 3")


@pytest.fixture
def beta(db, office, gestora):
    return db.employers.add(rut="96.511.460-2", name="Beta Ltda", office=office,
                            commune="Viña del Mar", since=D(2026, 1, 1))


@pytest.fixture
def psychologist(db, office):
    return db.staff.add(office=office, name="Carla Díaz", role="labor_psychologist",
                        started=D(2026, 1, 5))


def seeker_row(office, n, name=None, **extra):
    row = dict(office=office, rut=str(omilcrm.Rut.from_body(15000000 + n)),
               name=name or f"Persona {n}", commune="Concón", consent_on=D(2026, 1, 10),
               consent_scope=["intermediation", "programmes"], registered_on=D(2026, 1, 10))
    row.update(extra)
    return row


def test_capture_defaults_and_errors(db, office, acme, gestora):
    vac = db.vacancies.capture(employer=acme, title="Operario de bodega", positions=3,
                               occupation="9333", licences=["clase b"], skills=["Grúa Horquilla"],
                               wage_min=550_000, wage_max=650_000, by=gestora, on=D(2026, 11, 20))
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


def test_a_capture_or_consent_dated_after_today_is_refused(db, office, acme):
    for day in (D(2026, 11, 24), D(9999, 12, 15)):
        with pytest.raises(omilcrm.ValidationError) as e:
            db.vacancies.capture(employer=acme, title="Operario", occupation="9333", on=day)
        assert (e.value.field, e.value.value) == ("on", day.isoformat())
    with pytest.raises(omilcrm.ValidationError) as e:
        db.vacancies.capture_many([dict(employer=acme, title="A", occupation="9333"),
                                   dict(employer=acme, title="B", occupation="9333", on=D(2027, 1, 4))])
    assert e.value.field == "rows[1].on"
    assert db.vacancies.list(office) == []

    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.add(**seeker_row(office, 1, consent_on=D(2026, 12, 1), registered_on=None))
    assert (e.value.field, e.value.value) == ("consent_on", "2026-12-01")
    ana = db.seekers.add(**seeker_row(office, 2))
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.renew_consent(ana, on=D(2026, 12, 1), scope=["intermediation"])
    assert e.value.field == "on" and "in the future" in str(e.value)
    assert db.seekers.get(ana).consent_on == D(2026, 1, 10)


def test_status_follows_from_placements_and_cancellation(db, office, acme):
    vac = db.vacancies.capture(employer=acme, title="Grúa", occupation="8344", positions=2,
                               on=D(2026, 11, 2))
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
    assert omilcrm.vacancy_status(positions=2, placed=0, valid_through=D(2026, 1, 31),
                                  on=D(2026, 2, 1)) == "expired"


def test_job_posting_is_valid_json_ld(db, office, acme):
    vac = db.vacancies.capture(employer=acme, title="Operario de bodega", occupation="9333",
                               positions=3, wage_min=550_000, wage_max=650_000,
                               employment_type="part_time", on=D(2026, 11, 20))
    posting = json.loads(db.vacancies.job_posting(vac))
    assert posting["@type"] == "JobPosting"
    assert posting["employmentType"] == "PART_TIME"
    assert posting["hiringOrganization"]["taxID"] == "76.086.428-5"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Concón"
    assert posting["baseSalary"]["currency"] == "CLP"
    assert posting["baseSalary"]["value"]["minValue"] == 550_000
    assert posting["occupationalCategory"]["codeValue"] == "9333"
    assert posting["totalJobOpenings"] == 3
    assert posting["validThrough"] == "2026-12-20"


def test_seekers_need_consent_and_bulk_is_all_or_nothing(db, office):
    s = db.seekers.add(**seeker_row(office, 1, "Pedro Pérez", experience={"9333": 24, "8322": 12},
                                    shifts=["night", "day"], phone="9 8765 4321"))
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
    vac = db.vacancies.capture(employer=acme, title="Bodega", occupation="9333", positions=2,
                               on=D(2026, 11, 2))
    db.referrals.refer(seeker=pedro, vacancy=vac, by=gestora)
    db.placements.record(seeker=pedro, vacancy=vac, start_on=D(2026, 11, 9))
    frames = [
        db.seekers.table(office), db.vacancies.table(office), db.referrals.table(office),
        db.placements.table(office), db.employers.table(office),
        db.reports.funnel(office, year=2026), db.reports.cluster_share(office, year=2026),
        db.reports.retention(office, year=2026), db.reports.time_to_fill(office, year=2026),
        db.reports.placements_by_channel(office, year=2026),
        omilcrm.Matching.table(db.matching.vacancies_for(pedro)),
    ]
    for t in frames:
        text = t.to_pandas().to_csv()
        for secret in ("Pedro", "María", pedro.rut, "pedro@example.cl"):
            assert secret not in text
    df = db.seekers.export_personal(office, fields=["name", "email"],
                                    purpose="CVs for Acme SpA", by=gestora).to_pandas()
    assert list(df["name"]) == ["Pedro Pérez"]            # María did not consent to intermediation
    assert df.attrs["contains_personal_data"] == "name,email"
    assert df.attrs["purpose"] == "CVs for Acme SpA"
    log = db.seekers.exports(office).to_pandas()
    assert log.loc[0, "fields"] == "name,email" and log.loc[0, "rows"] == 1
    with pytest.raises(omilcrm.ValidationError):
        db.seekers.export_personal(office, fields=[], purpose="x")


def test_referral_stages_and_placement(db, office, acme, gestora, psychologist):
    vac = db.vacancies.capture(employer=acme, title="Bodega", occupation="9333", on=D(2026, 9, 1))
    s = db.seekers.add(**seeker_row(office, 1))
    r = db.referrals.refer(seeker=s, vacancy=vac, by=gestora, on=D(2026, 9, 2))
    db.referrals.advance(r, "interview", by=gestora, on=D(2026, 9, 4))
    with pytest.raises(omilcrm.ValidationError) as e:
        db.referrals.evaluate(r, result="suitable", by=gestora)
    assert e.value.field == "by"
    db.referrals.evaluate(r, result="suitable", by=psychologist, on=D(2026, 9, 7))
    p = db.placements.record(seeker=s, vacancy=vac, start_on=D(2026, 9, 10),
                             recorded_on=D(2026, 9, 9), by=gestora)
    assert p.referral_id == r.id
    assert db.referrals.get(r).stage == "hired"
    history = db.referrals.history(r)
    assert [h.to_stage for h in history] == ["referred", "interview", "evaluation", "hired"]
    assert history[2].result == "suitable"
    with pytest.raises(omilcrm.Conflict):
        db.referrals.advance(r, "withdrew")
    with pytest.raises(omilcrm.ValidationError) as e:   # day 30 of the job is 10 October
        db.placements.follow_up(p, day=30, employed=True, on=D(2026, 9, 13))
    assert (e.value.field, e.value.value) == ("on", "2026-09-13")
    db.placements.follow_up(p, day=30, employed=True, on=D(2026, 10, 10))
    assert [c.day for c in db.placements.checks_due(office, on=D(2027, 2, 10))] == [90]


def test_programmes(db, office, acme):
    assert [p.code for p in db.programmes.list(office)][:2] == ["capacitacion", "subsidio_empleo_joven"]
    s = db.seekers.add(**seeker_row(office, 1))
    offer = db.programmes.offer(office=office, programme="bono_trabajo_mujer", seeker=s,
                                on=D(2026, 10, 1))
    db.programmes.record_outcome(offer, "accepted", on=D(2026, 10, 3))
    assert db.programmes.record_outcome(offer, "enrolled", on=D(2026, 10, 9)).outcome == "enrolled"
    with pytest.raises(omilcrm.ValidationError):
        db.programmes.offer(office=office, programme="impulsa_personas", seeker=s)
    df = db.programmes.table(office).to_pandas()
    assert df.loc[0, "programme"] == "bono_trabajo_mujer" and df.loc[0, "enrolled"] == 1


def test_matching_ranks_and_explains(db, office, acme):
    vac = db.vacancies.capture(employer=acme, title="Bodega", occupation="9333",
                               skills=["grua horquilla"], on=D(2026, 11, 20))
    exact = db.seekers.add(**seeker_row(office, 1, experience={"9333": 24},
                                        skills=["Grúa horquilla"]))
    near = db.seekers.add(**seeker_row(office, 2, commune="Viña del Mar",
                                       experience={"9334": 6}))
    matches = db.matching.seekers_for(vac)
    assert [m.seeker_id for m in matches] == [exact.id, near.id]
    assert matches[0].score == pytest.approx(1.0)
    # 0.35*0.75 + 0.10 + 0 + 0.10 + 0.15*0.6 + 0.10 + 0.05 (hand-computed, default weights)
    assert matches[1].score == pytest.approx(0.7025)
    assert "9333" in matches[1].explain()
    only_skills = db.matching.seekers_for(vac, weights={"skills": 1.0, "occupation": 0,
                                                        "experience": 0, "licences": 0,
                                                        "distance": 0, "availability": 0,
                                                        "education": 0})
    assert [m.score for m in only_skills] == [1.0, 0.0]
    with pytest.raises(omilcrm.ValidationError):
        db.matching.seekers_for(vac, weights={"salary": 1.0})
    df = omilcrm.Matching.table(matches).to_pandas()
    assert list(df["rank"]) == [1, 2] and "distance_why" in df.columns
    assert db.matching.vacancies_for(near)[0].vacancy_id == vac.id


def test_reports_on_a_hand_computed_year(db, office, acme, beta):
    # v1 Acme (park) 03-10 visit 2 positions, v2 Beta 03-20 email 1, v3 Acme 04-02 cluster meeting 1
    v1 = db.vacancies.capture(employer=acme, title="A", occupation="9333", positions=2,
                              channel="visit", on=D(2026, 3, 10))
    v2 = db.vacancies.capture(employer=beta, title="B", occupation="9333", channel="email",
                              on=D(2026, 3, 20))
    v3 = db.vacancies.capture(employer=acme, title="C", occupation="9333",
                              channel="cluster_meeting", on=D(2026, 4, 2))
    s = db.seekers.add_many([seeker_row(office, i) for i in range(4)])
    for seeker, vac, on in [(s[0], v1, D(2026, 3, 11)), (s[1], v1, D(2026, 3, 12)),
                            (s[2], v2, D(2026, 3, 21)), (s[3], v3, D(2026, 4, 3))]:
        db.referrals.refer(seeker=seeker, vacancy=vac, on=on)
    starts = [(s[0], v1, D(2026, 3, 20)), (s[2], v2, D(2026, 3, 25)), (s[1], v1, D(2026, 4, 1)),
              (s[3], v3, D(2026, 4, 10))]
    p = [db.placements.record(seeker=a, vacancy=b, start_on=c, recorded_on=c) for a, b, c in starts]
    db.placements.follow_up(p[0], day=90, employed=True, on=D(2026, 6, 18))
    db.placements.follow_up(p[1], day=30, employed=False, on=D(2026, 4, 24))

    funnel = db.reports.funnel(office, start=D(2026, 3, 1), end=D(2026, 4, 30)).to_pandas()
    assert list(funnel["vacancies"]) == [2, 1]
    assert list(funnel["positions"]) == [3, 1]
    assert list(funnel["referrals"]) == [3, 1]
    assert list(funnel["hires"]) == [2, 2]
    assert funnel["month"].iloc[0] == pd.Timestamp("2026-03-01")

    ttf = db.reports.time_to_fill(office, year=2026).to_pandas()
    assert list(ttf["days_to_fill"]) == [22, 5, 8]

    share = db.reports.cluster_share(office, year=2026).to_pandas().set_index("cluster")
    assert share.loc["Parque Industrial Gulmué", "placements"] == 3
    assert share.loc["Parque Industrial Gulmué", "share"] == pytest.approx(0.75)
    assert share.loc["(no cluster)", "share"] == pytest.approx(0.25)

    channels = db.reports.placements_by_channel(office, year=2026).to_pandas().set_index("channel")
    assert channels.loc["visit", "placements"] == 2 and channels.loc["event", "placements"] == 0

    retention = db.reports.retention(office, start=D(2026, 3, 1), end=D(2026, 3, 31),
                                     as_of=D(2026, 7, 15)).to_pandas()
    assert retention.loc[0, "checked_90"] == 2 and retention.loc[0, "employed_90"] == 1
    assert retention.loc[0, "retention_90"] == pytest.approx(0.5)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.reports.funnel(office)
    assert e.value.field == "start"


def test_isco_lookups():
    assert omilcrm.isco_occupation("9333").label == "Freight handlers"
    assert [o.code for o in omilcrm.isco_path("9333")] == ["9", "93", "933", "9333"]
    assert len(omilcrm.isco_occupations(level=4)) == 436
    with pytest.raises(omilcrm.ValidationError) as e:
        omilcrm.isco_occupation("12a")
    assert e.value.field == "occupation"


def test_the_pure_engine_on_an_analysts_own_data():
    vacancy = {"occupation": "9333", "commune": "05103", "skills": ["Grúa horquilla"],
               "starts": D(2026, 12, 1)}
    seekers = [
        {"id": 7, "commune": "05109", "experience": {"9334": 6}},
        {"id": 3, "commune": "05103", "experience": [("9333", 24)], "skills": ["grua horquilla"]},
        {"id": 5, "commune": "13101", "experience": {"9333": 24}, "skills": ["grúa horquilla"]},
    ]
    ranked = omilcrm.rank_seekers(vacancy, seekers, n=2)
    assert [m.seeker_id for m in ranked] == [3, 5]
    assert ranked[1].score == pytest.approx(0.85)   # all but distance: another region
    one = omilcrm.explain_match(vacancy, seekers[0])
    assert one.score == pytest.approx(0.7025)
    assert {f.name for f in one.factors} >= {"occupation", "distance", "skills"}
    with pytest.raises(omilcrm.ValidationError) as e:
        omilcrm.rank_seekers(vacancy, [{"id": 1, "comune": "05103"}])
    assert e.value.field == "seekers[0].comune"


def test_capture_many_captures_each_row_as_capture_does(db, office, acme, beta, gestora):
    rows = [dict(employer=acme, title="Operario de bodega", occupation="9333", positions=3,
                 licences=["clase b"], skills=["Grúa Horquilla"], wage_min=550_000, wage_max=650_000,
                 by=gestora, on=D(2026, 11, 20)),
            dict(employer=beta.id, title="Cajero", occupation="5230", employment_type="part_time",
                 shift="night", valid_through=D(2027, 1, 31))]
    ids = db.vacancies.capture_many(rows)
    bulk = [db.vacancies.get(i) for i in ids]
    assert bulk[0].commune == "05103" and bulk[0].licences == ["B"] and bulk[0].skills == ["grua horquilla"]
    assert bulk[0].valid_through == D(2026, 12, 20)
    assert (bulk[1].commune, bulk[1].captured_on, bulk[1].channel) == (beta.commune, D(2026, 11, 23), "other")
    single = [db.vacancies.capture(**row) for row in rows]
    fields = ["office_id", "employer_id", "title", "occupation", "positions", "employment_type", "shift",
              "wage_min", "wage_max", "commune", "address", "licences", "skills", "channel", "captured_by",
              "captured_on", "valid_through", "status"]
    for b, s in zip(bulk, single):
        assert [getattr(b, f) for f in fields] == [getattr(s, f) for f in fields]


def test_capture_many_refuses_a_bad_row_and_captures_nothing(db, office, acme):
    good = dict(employer=acme, title="Operario", occupation="9333")
    for bad, field in [(dict(good, occupation="9999"), "rows[1].occupation"),
                       (dict(good, positions="tres"), "rows[1].positions"),
                       (dict(good, wage_min=700_000, wage_max=600_000), "rows[1].wage_max"),
                       (dict(good, salary=1), "rows[1].salary"),
                       ({"employer": acme, "title": "Operario"}, "rows[1].occupation")]:
        with pytest.raises(omilcrm.ValidationError) as info:
            db.vacancies.capture_many([good, bad])
        assert info.value.field == field
    assert db.vacancies.list(office) == []
    assert db.vacancies.capture_many([]) == []
