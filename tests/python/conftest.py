import contextlib
import datetime as dt
import pathlib
import sqlite3

import omilcrm
import pytest

TODAY = dt.date(2026, 11, 23)
MIGRATIONS = pathlib.Path(__file__).resolve().parents[2] / "libomilcrm" / "src" / "store" / "migrations"


def old_office_file(path, version):
    """An office file as omilcrm at schema `version` wrote it (its migrations, run in turn as the
    library runs them), with an office, its territorial manager and an employer; the file is in
    rollback-journal mode."""

    def migration(n):
        return (MIGRATIONS / f"{n:04d}.sql").read_text(encoding="utf-8")

    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as con:
        con.executescript(migration(1))
        con.executescript(
            "INSERT INTO office (id, uuid, created_at, updated_at, name, commune_code) VALUES "
            "(1, '6f1c1f52-9d0e-4b7a-8f00-000000000001', 1773154800000000, 1773154800000000, 'OMIL Concón', '05103');"
            "INSERT INTO staff (id, uuid, created_at, updated_at, office_id, name, role, started) VALUES "
            "(7, '6f1c1f52-9d0e-4b7a-8f00-000000000007', 1773154800000000, 1773154800000000, 1, 'Bruno Soto', "
            "'territorial_manager', '2026-01-05');"
            "INSERT INTO employer (id, uuid, created_at, updated_at, office_id, rut, legal_name, commune_code, "
            "owner_id) VALUES (42, '6f1c1f52-9d0e-4b7a-8f00-000000000042', 1773154800000000, 1773154800000000, 1, "
            "'760864285', 'Logística Gulmué SpA', '05103', 7);"
        )
        for n in range(2, version + 1):
            con.executescript(migration(n))
        con.execute(f"PRAGMA application_id = {0x4F4D494C}")
        con.execute(f"PRAGMA user_version = {version}")
    return pathlib.Path(path)


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
