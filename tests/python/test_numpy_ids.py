"""A NumPy integer is an id in every repository: each method of each repository that takes one
record (or its id) and nothing else required is called with the id as an int and as numpy.int64,
on two identical offices, and must answer alike."""

from __future__ import annotations

import datetime as dt

import numpy as np
import omilcrm
import pytest
from omilcrm import _arguments

TODAY = dt.date(2026, 11, 23)


def scene() -> tuple[omilcrm.Database, dict[str, object]]:
    """An office with one record of each common kind, the same every time."""
    db = omilcrm.open(":memory:", today=TODAY)
    office = db.offices.add(name="OMIL Concón", commune="concon")
    staff = db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2026, 1, 5))
    cluster = db.clusters.add(
        office=office,
        name="Parque Industrial Gulmué",
        kind="industrial_park",
        meets=omilcrm.Recurrence.monthly(week=1, weekday="thu"),
    )
    employer = db.employers.add(
        rut="76.086.428-5", name="Acme SpA", cluster=cluster, joined=dt.date(2026, 1, 1), since=dt.date(2026, 1, 1)
    )
    contact = db.contacts.add(employer=employer, name="Marta Pérez", email="marta@acme.cl")
    interaction = db.interactions.log(employer=employer, kind="visit", by=staff, on=dt.date(2026, 11, 20))
    vacancy = db.vacancies.capture(
        employer=employer, title="Operario de bodega", occupation="9333", on=dt.date(2026, 11, 2)
    )
    records = {
        "Office": office,
        "StaffMember": staff,
        "Cluster": cluster,
        "Employer": employer,
        "Contact": contact,
        "Interaction": interaction,
        "Vacancy": vacancy,
    }
    return db, records


def calls() -> list[tuple[str, str, str, str]]:
    """(repository, method, argument, record type) for every method whose one required argument
    is a record of a kind the scene has, or its id."""
    db, records = scene()
    found = []
    for repo in sorted(n for n in dir(omilcrm.Database) if isinstance(getattr(omilcrm.Database, n), property)):
        target = getattr(db, repo)
        if not type(target).__module__.startswith("omilcrm"):
            continue
        for name in sorted(vars(type(target))):
            if name.startswith("_"):
                continue
            doc = getattr(getattr(type(target), name), "__doc__", None)
            for params in _arguments._signatures(doc)[:1]:
                required = [p for p in params if p.name != "self" and not p.has_default]
                if len(required) != 1:
                    continue
                m = required[0].annotation
                kind = m.removeprefix("typing.SupportsIndex | omilcrm._core.").split(" ")[0]
                if m.startswith("typing.SupportsIndex | omilcrm._core.") and kind in records:
                    found.append((repo, name, required[0].name, kind))
    return found


CALLS = calls()


def outcome(f, *args, **kwargs) -> str:
    try:
        result = f(*args, **kwargs)
    except omilcrm.Error as e:
        return f"{type(e).__name__}: {e}"
    if hasattr(result, "num_rows"):
        return f"Table {result.num_rows} x {len(result.columns)}"
    if isinstance(result, list):
        return f"list of {len(result)}"
    return type(result).__name__


def test_the_calls_cover_the_repositories():
    assert len({repo for repo, *_ in CALLS}) >= 15
    assert len(CALLS) >= 60


@pytest.mark.parametrize(("repo", "method", "argument", "kind"), CALLS, ids=[f"{r}.{m}" for r, m, *_ in CALLS])
def test_a_numpy_id_works_as_an_int_does(repo, method, argument, kind):
    db_int, rec_int = scene()
    db_np, rec_np = scene()
    as_int = outcome(getattr(getattr(db_int, repo), method), **{argument: int(rec_int[kind].id)})
    as_numpy = outcome(getattr(getattr(db_np, repo), method), **{argument: np.int64(rec_np[kind].id)})
    assert as_numpy == as_int
