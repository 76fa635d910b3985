"""Offices and their staff through Python: adding an office (commune by code or name, contact
details normalised, coordinates together, defaults seeded), staff roles, leaving, listings."""

import datetime as dt

import omilcrm
import pytest

D = dt.date


def test_an_office_by_commune_name_or_code_with_its_details_normalised(db):
    office = db.offices.add(
        name="  OMIL Concón ",
        commune="CONCÓN",
        email="OMIL@Concon.CL",
        phone="(32) 212 3456",
        latitude=-32.9236,
        longitude=-71.5197,
    )
    assert (office.name, office.commune, office.commune_name) == ("OMIL Concón", "05103", "Concón")
    assert (office.email, office.phone) == ("omil@concon.cl", "+56322123456")
    assert (office.latitude, office.longitude) == (-32.9236, -71.5197)
    assert db.offices.add(name="OMIL Quintero", commune="05107").commune_name == "Quintero"
    assert [o.name for o in db.offices.list()] == ["OMIL Concón", "OMIL Quintero"]
    assert db.offices.get(office.id) == office


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(name="", commune="concon"), "name"),
        (dict(name="OMIL", commune="Atlántida"), "commune"),
        (dict(name="OMIL", commune="concon", latitude=-32.9), "longitude"),
        (dict(name="OMIL", commune="concon", latitude=-95.0, longitude=-71.5), "latitude"),
        (dict(name="OMIL", commune="concon", email="no es correo"), "email"),
    ],
)
def test_a_bad_office_names_the_field_and_adds_nothing(db, kwargs, field):
    with pytest.raises(omilcrm.ValidationError) as info:
        db.offices.add(**kwargs)
    assert info.value.field == field
    assert db.offices.list() == []


def test_an_office_comes_with_the_municipality_s_defaults(db, office):
    assert {d.code for d in db.departments.list(office)} >= {"aseo", "seguridad", "obras"}
    assert "tree_pruning" in {c.code for c in db.catalogue.list(office)}
    assert db.routing.list(office) and db.programmes.list(office)


def test_offices_table(db, office):
    table = db.offices.table().to_pandas()
    assert list(table.columns) == ["id", "uuid", "name", "commune_code", "commune", "address", "email", "phone"]
    assert table.iloc[0]["commune"] == "Concón"


def test_staff_roles_start_today_by_default_and_leave(db, office):
    head = db.staff.add(office=office, name="Patricio Leiva", role="head", started=D(2021, 3, 1))
    nuevo = db.staff.add(office=office, name="Ignacio Cortés", role="territorial_manager")
    assert (nuevo.role, nuevo.started, nuevo.left) == ("territorial_manager", D(2026, 11, 23), None)
    with pytest.raises(omilcrm.ValidationError) as info:
        db.staff.add(office=office, name="X", role="alcalde")
    assert info.value.field == "role"

    left = db.staff.leave(head, on=D(2026, 12, 1))
    assert left.left == D(2026, 12, 1)
    assert head.active_on(D(2026, 11, 30)) and not left.active_on(D(2026, 12, 1))
    assert [s.id for s in db.staff.list(office, active_on=D(2026, 12, 1))] == [nuevo.id]
    assert [s.id for s in db.staff.list(office)] == [head.id, nuevo.id]
    with pytest.raises(omilcrm.ValidationError) as info:
        db.staff.leave(nuevo, on=D(2026, 11, 23))  # not after the day they started
    assert info.value.field == "left"


def test_staff_table_and_unknown_records(db, office, gestora):
    table = db.staff.table(office).to_pandas()
    assert list(table.columns) == ["id", "uuid", "name", "role", "email", "phone", "started", "left"]
    assert table.iloc[0]["name"] == "Verónica Olguín"
    with pytest.raises(omilcrm.NotFound):
        db.staff.get(9999)
    with pytest.raises(omilcrm.NotFound):
        db.staff.list(9999)
    with pytest.raises(omilcrm.NotFound):
        db.offices.get(9999)
