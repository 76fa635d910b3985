"""The gradual approach and reciprocity through Python and the command line: each employer's stage
with the day of each step, the funnel by cluster, what employers received beside what they gave."""

import datetime as dt
import json

import omilcrm
import pytest
from test_cli import run


def _resolve(db, employer, by, received, resolved):
    r = db.requests.open(
        category="street_lights",
        employer=employer,
        by=by,
        description="Luminaria",
        address="Camino Concón-Quintero km 3",
        received_on=received,
    )
    return db.requests.transition(r, "resolved", by=by, on=resolved)


@pytest.fixture
def history(db, office, gestora, acme, beta):
    """Acme: visited 02-01, served 02-10, a vacancy 03-10, a hire 03-20. Beta: a call 02-05, served
    03-05. Gamma (the park): never contacted."""
    gamma = db.employers.add(rut="77.777.777-7", name="Gamma Ltda", office=office)
    db.interactions.log(employer=acme, kind="visit", by=gestora, on=dt.date(2026, 2, 1))
    db.interactions.log(employer=beta, kind="phone_call", by=gestora, on=dt.date(2026, 2, 5))
    _resolve(db, acme, gestora, dt.date(2026, 2, 2), dt.date(2026, 2, 10))
    _resolve(db, beta, gestora, dt.date(2026, 3, 2), dt.date(2026, 3, 5))
    vacancy = db.vacancies.capture(
        employer=acme, title="Peoneta", occupation="9333", positions=2, channel="visit", on=dt.date(2026, 3, 10)
    )
    seeker = db.seekers.add(
        office=office,
        rut=str(omilcrm.Rut.from_body(15111222)),
        name="Ana Pérez",
        commune="Concón",
        consent_on=dt.date(2026, 1, 5),
        consent_scope=["intermediation"],
        registered_on=dt.date(2026, 1, 5),
    )
    db.placements.record(
        seeker=seeker, vacancy=vacancy, start_on=dt.date(2026, 3, 20), by=gestora, recorded_on=dt.date(2026, 3, 20)
    )
    return acme, beta, gamma


def test_a_stage_follows_the_history_with_the_day_of_each_step(db, office, history):
    acme, beta, gamma = history
    s = db.relationships.stage(acme)
    assert isinstance(s, omilcrm.EmployerStage)
    assert (s.stage, s.since) == ("hiring", dt.date(2026, 3, 20))
    assert (s.first_contact, s.first_served, s.first_vacancy, s.first_hire) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 10),
        dt.date(2026, 3, 10),
        dt.date(2026, 3, 20),
    )
    assert db.relationships.stage(acme.id, as_of=dt.date(2026, 2, 9)).stage == "contacted"
    g = db.relationships.stage(gamma)
    assert (g.stage, g.since, g.first_contact) == ("prospect", None, None)
    assert "stage='prospect'" in repr(g)

    frame = db.relationships.stages(office).to_pandas()
    assert list(frame.columns) == [
        "employer_id",
        "employer",
        "stage",
        "since",
        "first_contact",
        "first_served",
        "first_vacancy",
        "first_hire",
    ]
    assert frame["employer"].tolist() == ["Acme SpA", "Beta Ltda", "Gamma Ltda"]
    assert frame["stage"].tolist() == ["hiring", "served", "prospect"]
    assert frame["first_vacancy"].isna().tolist() == [False, True, True]
    assert frame.attrs["as_of"] == "2026-11-23"
    with pytest.raises(omilcrm.NotFound):
        db.relationships.stage(9999)


def test_the_funnel_counts_employers_by_stage_per_cluster(db, office, park, history):
    funnel = db.relationships.funnel(office).to_pandas().set_index("cluster")
    assert funnel.index.tolist() == ["Parque Industrial Gulmué", "(no cluster)", "(office)"]
    assert funnel.loc["Parque Industrial Gulmué", "hiring"] == 1
    assert funnel.loc["(no cluster)", ["employers", "served", "prospect"]].tolist() == [2, 1, 1]
    assert funnel.loc["(office)", "employers"] == 3
    before = db.relationships.funnel(office, as_of=dt.date(2026, 1, 31)).to_pandas()
    assert before["prospect"].tolist()[-1] == 3


def test_reciprocity_marks_who_is_served_and_gives_nothing_back(db, office, history):
    acme, beta, _ = history
    r = db.relationships.reciprocity(office, year=2026).to_pandas().set_index("employer_id")
    assert r.index.tolist() == [acme.id, beta.id]
    counts = ["requests", "resolved", "resolved_on_time", "vacancies", "positions", "hires"]
    # Acme's request was due 02-09 (five business days) and resolved 02-10: late.
    assert r.loc[acme.id, counts].tolist() == [1, 1, 0, 1, 2, 1]
    assert r.loc[beta.id, "resolved_on_time"] == 1
    assert not r.loc[acme.id, "served_only"]
    assert r.loc[beta.id, "served_only"]
    by_cluster = db.relationships.cluster_reciprocity(office, start=dt.date(2026, 2, 1), end=dt.date(2026, 3, 31))
    rows = by_cluster.to_pandas()
    assert rows["month"].astype(str).tolist() == ["2026-02-01", "2026-03-01"]
    assert rows["resolved"].tolist() == [1, 0] and rows["hires"].tolist() == [0, 1]
    with pytest.raises(omilcrm.ValidationError) as e:
        db.relationships.reciprocity(office, start=dt.date(2026, 4, 1), end=dt.date(2026, 3, 1))
    assert e.value.field == "end"


def test_the_command_line_lists_stages_funnel_and_reciprocity(tmp_path):
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(str(path), create=True, today=dt.date(2026, 11, 23))
    office = db.offices.add(name="OMIL Concón", commune="concon")
    gestora = db.staff.add(
        office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1)
    )
    logi = db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office)
    db.employers.add(rut="96.512.340-7", name="Envases del Pacífico S.A.", office=office)
    db.interactions.log(employer=logi, kind="visit", by=gestora, on=dt.date(2026, 3, 2))
    _resolve(db, logi, gestora, dt.date(2026, 3, 2), dt.date(2026, 3, 9))
    db.close()

    stages = json.loads(run("stages", "--on", "2026-06-01", "--json", db=path, check=0).stdout)
    assert [(s["employer"], s["stage"], s["since"]) for s in stages] == [
        ("Envases del Pacífico S.A.", "prospect", None),
        ("Logística Gulmué SpA", "served", "2026-03-09"),
    ]
    funnel = json.loads(run("stages", "--funnel", "--on", "2026-06-01", "--json", db=path, check=0).stdout)
    assert funnel[-1]["cluster"] == "(office)" and funnel[-1]["served"] == 1
    before = json.loads(run("stages", "--on", "2026-03-05", "--json", db=path, check=0).stdout)
    assert before[1]["stage"] == "contacted"
    recip = json.loads(run("reciprocity", "--year", "2026", "--json", db=path, check=0).stdout)
    assert [(r["employer"], r["resolved"], r["served_only"]) for r in recip] == [("Logística Gulmué SpA", 1, True)]
    assert run("reciprocity", "--clusters", "--csv", db=path, check=0).stdout.startswith("month,cluster_id,")
    assert "--on" in run("stages", "--help", db=path, check=0).stdout
    assert "end" in run("reciprocity", "--from", "2026-05-01", "--to", "2026-04-01", db=path, check=2).stderr


def test_the_report_back_to_whoever_referred_employers(db, office, history):
    acme, beta, gamma = history
    db.employers.update(acme, lead_source="mayors_office", lead_detail="Gabinete del alcalde")
    db.employers.update(beta, lead_source="walk_in")
    assert db.employers.get(acme.id).lead_source == "mayors_office"
    nueva = db.employers.add(
        rut="77.261.280-K", name="Nueva SpA", office=office, lead_source="employer_referral", lead_detail="Acme SpA"
    )
    assert (nueva.lead_source, nueva.lead_detail) == ("employer_referral", "Acme SpA")
    with pytest.raises(omilcrm.ValidationError) as e:
        db.employers.add(rut="78.000.111-9", name="Otra", office=office, lead_source="rumour")
    assert e.value.field == "lead_source"

    mayor = db.relationships.leads(office, source="mayors_office").to_pandas()
    assert mayor["first_contact"].astype(str).tolist() == ["2026-02-01"]
    assert mayor.drop(columns=["since", "first_contact"]).to_dict("records")[0] | {
        "since": None,
        "first_contact": None,
    } == {
        "employer_id": acme.id,
        "employer": "Acme SpA",
        "lead_source": "mayors_office",
        "lead_detail": "Gabinete del alcalde",
        "stage": "hiring",
        "since": None,
        "first_contact": None,
        "resolved": 1,
        "vacancies": 1,
        "positions": 2,
        "hires": 1,
    }
    known = db.relationships.leads(office).to_pandas()
    assert known["employer"].tolist() == ["Acme SpA", "Beta Ltda", "Nueva SpA"]
    assert gamma.id not in known["employer_id"].tolist()
    table = db.employers.table(office).to_pandas().set_index("id")
    assert table.loc[beta.id, "lead_source"] == "walk_in"

    # The import reads it, in the names or under a Spanish header.
    sheet = b"RUT,Razon Social,Origen,Referido por\n79.000.222-9,Panaderia La Espiga,fair,Feria de Concon\n"
    report = db.imports.run("employers", office, sheet)
    assert report.created == 1
    espiga = db.employers.find_by_rut("79.000.222-9")
    assert (espiga.lead_source, espiga.lead_detail) == ("fair", "Feria de Concon")


def test_the_command_line_lists_leads(tmp_path):
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(str(path), create=True, today=dt.date(2026, 11, 23))
    office = db.offices.add(name="OMIL Concón", commune="concon")
    db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1))
    db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office, lead_source="mayors_office")
    db.employers.add(rut="96.512.340-7", name="Envases del Pacífico S.A.", office=office, lead_source="fair")
    db.close()
    rows = json.loads(run("leads", "--source", "fair", "--json", db=path, check=0).stdout)
    assert [(r["employer"], r["stage"]) for r in rows] == [("Envases del Pacífico S.A.", "prospect")]
    assert len(json.loads(run("leads", "--json", db=path, check=0).stdout)) == 2
    bad = run("leads", "--source", "rumour", db=path, check=2)
    assert "source" in bad.stderr and "rumour" in bad.stderr
