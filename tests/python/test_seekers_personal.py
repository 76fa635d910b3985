"""A job seeker's personal data is kept as given: what add() and add_many() receive is what
personal() reads back."""

import datetime as dt

import omilcrm


def _row(office, body, **extra):
    row = dict(
        office=office,
        rut=str(omilcrm.Rut.from_body(body)),
        name="Pedro Pérez",
        commune="Concón",
        consent_on=dt.date(2026, 1, 10),
        consent_scope=["intermediation"],
        registered_on=dt.date(2026, 1, 10),
    )
    row.update(extra)
    return row


def test_birth_date_is_stored(db, office, gestora):
    s = db.seekers.add(**_row(office, 15000001, birth_date=dt.date(1990, 5, 17), address="Borgoño 21000"))
    back = db.seekers.personal(s, purpose="checking the registration", by=gestora)
    assert back.birth_date == dt.date(1990, 5, 17)
    assert back.address == "Borgoño 21000"

    [sid] = db.seekers.add_many([_row(office, 15000002, birth_date=dt.date(1985, 2, 1))])
    assert db.seekers.personal(sid, purpose="checking the registration", by=gestora).birth_date == dt.date(1985, 2, 1)
