import datetime as dt

import omilcrm
import pytest

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def db():
    return omilcrm.open(":memory:", today=TODAY)


@pytest.fixture
def office(db):
    return db.offices.add(name="OMIL Concón", commune="concon")


@pytest.fixture
def gestora(db, office):
    return db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1))


@pytest.fixture
def park(db, office):
    return db.clusters.add(
        office=office,
        name="Parque Industrial Gulmué",
        kind="industrial_park",
        meets=omilcrm.Recurrence.monthly(week=1, weekday="thu"),
    )


# The scene of the vacancy, seeker, referral, placement, programme, matching and report tests.


@pytest.fixture
def acme(db, office, park, gestora):
    return db.employers.add(
        rut="76.086.428-5",
        name="Acme SpA",
        cluster=park,
        joined=dt.date(2026, 1, 1),
        since=dt.date(2026, 1, 1),
        address="Camino Concón-Quintero km 3",
    )


@pytest.fixture
def beta(db, office, gestora):
    return db.employers.add(
        rut="96.511.460-2", name="Beta Ltda", office=office, commune="Viña del Mar", since=dt.date(2026, 1, 1)
    )


@pytest.fixture
def psychologist(db, office):
    return db.staff.add(office=office, name="Carla Díaz", role="labor_psychologist", started=dt.date(2026, 1, 5))


def seeker_row(office, n, name=None, **extra):
    row = dict(
        office=office,
        rut=str(omilcrm.Rut.from_body(15000000 + n)),
        name=name or f"Persona {n}",
        commune="Concón",
        consent_on=dt.date(2026, 1, 10),
        consent_scope=["intermediation", "programmes"],
        registered_on=dt.date(2026, 1, 10),
    )
    row.update(extra)
    return row
