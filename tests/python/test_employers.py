import datetime as dt

import omilcrm
import pandas as pd
import pytest


def test_add_employer_like_the_north_star(db, office, gestora, park):
    acme = db.employers.add(rut="76.086.428-5", name="Acme SpA", cluster=park, visiting_hours=["mon-fri 09:00-12:00"])
    assert acme.legal_name == "Acme SpA"
    assert acme.office_id == office.id
    assert acme.owner_id == gestora.id  # the territorial manager owns new employers by default
    assert acme.commune == "05103"
    assert [str(w) for w in acme.visiting_hours] == ["mon-fri 09:00-12:00"]
    assert db.clusters.members(park) == [acme.id]
    assert len(acme.uuid) == 36
    assert acme.created_at.tzinfo is not None
    assert "76.086.428-5" in repr(acme)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"rut": "76.086.428-4", "name": "Bad RUT"}, "rut"),
        ({"rut": "76.086.428-5", "name": "X", "commune": "Atlantis"}, "commune"),
        ({"rut": "76.086.428-5"}, "legal_name"),
        ({"rut": "76.086.428-5", "name": "X", "latitude": 123.0, "longitude": 0.0}, "latitude"),
        ({"rut": "76.086.428-5", "name": "X", "visiting_hours": "someday"}, "visiting_hours"),
        ({"rut": "76.086.428-5", "name": "X", "status": "sleeping"}, "status"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(db, office, gestora, kwargs, field):
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add(office=office, **kwargs)
    assert info.value.field == field
    assert db.employers.count(office) == 0


def test_duplicate_rut_in_any_format_is_a_conflict(db, office, gestora):
    db.employers.add(office=office, rut="76.086.428-5", name="Acme SpA")
    with pytest.raises(omilcrm.Conflict, match="76.086.428-5"):
        db.employers.add(office=office, rut="760864285", name="Acme again")
    assert db.employers.count(office) == 1
    # the database keeps working after a refused insert
    db.employers.add(office=office, rut="96.512.340-7", name="EnvaPac")
    assert db.employers.count(office) == 2


def test_owner_of_another_office_is_refused(db, office, gestora):
    other = db.offices.add(name="OMIL Quintero", commune="Quintero")
    stranger = db.staff.add(office=other, name="Pedro", role="head")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add(office=office, rut="76.086.428-5", name="Acme", owner=stranger)
    assert info.value.field == "owner"


def test_not_found_is_a_key_error(db):
    with pytest.raises(KeyError):
        db.employers.get(42)
    with pytest.raises(omilcrm.NotFound, match="employer 42 not found"):
        db.employers.get(42)


@pytest.mark.parametrize("huge", [2**63, 2**64, -(2**63) - 1])
def test_an_id_past_64_bits_is_not_found_or_names_the_argument(db, office, gestora, huge):
    with pytest.raises(omilcrm.NotFound, match=f"employer {huge} not found"):
        db.employers.get(huge)
    with pytest.raises(omilcrm.NotFound, match=f"staff member {huge} not found"):
        db.staff.get(huge)
    with pytest.raises(omilcrm.NotFound, match=f"office {huge} not found"):
        db.employers.table(huge)
    # Inside rows and lists the error names where the value was.
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add_many([{"rut": "76.086.428-5", "legal_name": "Acme", "office": huge}])
    assert info.value.field == "rows[0].office"
    acme = db.employers.add(office=office, rut="76.086.428-5", legal_name="Acme")
    nested = [
        (lambda: db.interactions.log(employer=acme, kind="visit", by=gestora, contacts=[huge]), "contacts[0]"),
        (lambda: db.interactions.log(employer=acme, kind="visit", by=gestora, at=huge), "at"),
        (
            lambda: db.interactions.log(
                employer=acme,
                kind="visit",
                by=gestora,
                commitments=[{"description": "x", "due": dt.date(2026, 12, 1), "owner": huge}],
            ),
            "commitments[0].owner",
        ),
        (lambda: db.planner.plan_day(staff=gestora, candidates=[huge], start=(-32.93, -71.52)), "candidates[0]"),
        (
            lambda: db.vacancies.capture_many(
                [{"employer": acme, "title": "x", "occupation": "9333", "positions": huge}]
            ),
            "rows[0].positions",
        ),
        (
            lambda: db.seekers.add(
                office=office,
                rut="11.111.111-1",
                name="Ana",
                commune="concon",
                consent_on=dt.date(2026, 1, 10),
                consent_scope=["intermediation"],
                experience={"9333": huge},
            ),
            "experience",
        ),
        (lambda: omilcrm.rank_seekers({"occupation": "9333"}, [{"id": huge}]), "seekers[0].id"),
    ]
    for call, field in nested:
        with pytest.raises(omilcrm.ValidationError) as info:
            call()
        assert info.value.field == field
    assert db.interactions.table(office).to_pandas().empty


@pytest.mark.parametrize("unknown", [999, -1])
def test_an_office_that_does_not_exist_is_not_found_rather_than_empty(db, office, unknown):
    calls = [
        lambda: db.employers.table(unknown),
        lambda: db.employers.list(unknown),
        lambda: db.employers.search(unknown, "gulmue"),
        lambda: db.vacancies.list(unknown),
        lambda: db.requests.open_by_department(unknown),
        lambda: db.reports.funnel(unknown, year=2026),
        lambda: db.placements.checks_due(unknown),
    ]
    for call in calls:
        with pytest.raises(omilcrm.NotFound, match=f"office {unknown} not found"):
            call()
    assert db.employers.table(office).to_pandas().empty  # an office with nothing yet: empty


def test_add_many_is_all_or_nothing(db, office, gestora):
    rows = [
        {"rut": str(omilcrm.Rut.from_body(70_000_000 + i)), "legal_name": f"Empresa {i}", "office": office}
        for i in range(2000)
    ]
    ids = db.employers.add_many(rows)
    assert len(ids) == 2000
    assert db.employers.count(office) == 2000

    bad = [
        {"rut": str(omilcrm.Rut.from_body(80_000_000 + i)), "legal_name": f"Otra {i}", "office": office}
        for i in range(100)
    ]
    bad[57]["rut"] = "80.000.057-1"
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add_many(bad)
    assert info.value.field == "rows[57].rut"
    assert db.employers.count(office) == 2000

    dup = [
        {"rut": "96.512.340-7", "legal_name": "A", "office": office},
        {"rut": "96512340-7", "legal_name": "B", "office": office},
    ]
    with pytest.raises(omilcrm.Conflict, match="rows\\[1\\]"):
        db.employers.add_many(dup)
    assert db.employers.count(office) == 2000


def test_update_search_and_find(db, office, gestora):
    e = db.employers.add(office=office, rut="76.086.428-5", legal_name="Logística Gulmué SpA", trade_name="LogiGulmué")
    e = db.employers.update(e, status="active", sector="Logística")
    assert (e.status, e.sector, e.legal_name) == ("active", "Logística", "Logística Gulmué SpA")
    assert [x.id for x in db.employers.search(office, "logistica")] == [e.id]
    assert db.employers.find_by_rut("76086428-5").id == e.id
    assert db.employers.find_by_rut("96.512.340-7") is None


def test_contacts_phone_and_primary(db, office, gestora):
    e = db.employers.add(office=office, rut="76.086.428-5", name="Acme")
    a = db.contacts.add(employer=e, name="Carolina", phone="9 8765 4321", primary=True)
    b = db.contacts.add(employer=e, name="Rodrigo", email="R@ACME.CL", primary=True)
    assert a.phone == "+56987654321"
    assert db.contacts.primary(e).id == b.id
    assert not db.contacts.get(a).primary
    assert db.contacts.make_primary(a).primary
    assert db.contacts.get(b).email == "r@acme.cl"
    with pytest.raises(omilcrm.ValidationError) as info:
        db.contacts.add(employer=e, name="X", phone="123")
    assert info.value.field == "phone"
    assert len(db.contacts.list(e)) == 2


def test_contacts_search_by_name_phone_email_or_employer(db, office, gestora):
    logi = db.employers.add(
        office=office, rut="76.086.428-5", legal_name="Logística Gulmué SpA", trade_name="Gulmué Cargo"
    )
    envases = db.employers.add(office=office, rut="96.512.340-7", legal_name="Envases del Pacífico S.A.")
    db.contacts.add(employer=logi, name="María José Pérez", email="mjperez@gulmue.cl", phone="9 8765 4321")
    db.contacts.add(employer=envases, name="Jorge Ñúñez", role="Jefe de turno")

    def names(text: str) -> list[str]:
        return list(db.contacts.search(office, text).to_pandas()["name"])

    assert names("maria") == ["María José Pérez"]
    assert names("8765 43") == ["María José Pérez"]
    assert names("MJPEREZ@") == ["María José Pérez"]
    assert names("nunez") == ["Jorge Ñúñez"]
    assert names("turno") == ["Jorge Ñúñez"]
    assert names("cargo") == ["María José Pérez"]  # the employer's trade name
    assert names("pacifico") == ["Jorge Ñúñez"]
    assert names("%") == []
    assert len(names("")) == 2
    found = db.contacts.search(office, "jorge").to_pandas()
    assert list(found.columns) == list(db.contacts.table(office).to_pandas().columns)
    assert found.loc[0, "employer"] == "Envases del Pacífico S.A."


def test_tables_become_dataframes(db, office, gestora, park):
    db.employers.add(rut="76.086.428-5", name="Acme", cluster=park, latitude=-32.94, longitude=-71.47)
    db.employers.add(office=office, rut="96.512.340-7", name="EnvaPac", size="large")
    df = db.employers.table(office).to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df["rut"]) == ["76.086.428-5", "96.512.340-7"]
    assert df["latitude"].isna().tolist() == [False, True]
    assert df.loc[0, "clusters"] == "Parque Industrial Gulmué"
    assert str(df["created_at"].dt.tz) == "UTC"
    staff = db.staff.table(office).to_pandas()
    assert staff.loc[0, "started"] == pd.Timestamp("2022-04-01")
    assert pd.isna(staff.loc[0, "left"])
    assert "rut" in db.employers.table(office).to_csv().splitlines()[0]


def test_references_take_records_of_the_right_kind_or_ids(db, office, gestora):
    with pytest.raises(TypeError):
        db.employers.add(rut="76.086.428-5", name="Acme", office=gestora)  # a person, not an office
    assert db.employers.add(rut="76.086.428-5", name="Acme", office=office.id).office_id == office.id
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add_many([{"rut": "96.512.340-7", "name": "B", "office": gestora}])
    assert info.value.field == "rows[0].office"
