import datetime as dt

import pytest

import omilcrm


TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def db():
    return omilcrm.open(":memory:", today=TODAY)


@pytest.fixture
def office(db):
    return db.offices.add(name="OMIL Concón", commune="concon")


@pytest.fixture
def gestora(db, office):
    return db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager",
                        started=dt.date(2022, 4, 1))


@pytest.fixture
def park(db, office):
    return db.clusters.add(office=office, name="Parque Industrial Gulmué", kind="industrial_park",
                           meets=omilcrm.Recurrence.monthly(week=1, weekday="thu"))
