"""The portfolio through Python: every employer has an owner, ownership is kept as history, and a
person's portfolio is handed over in one step."""

import datetime as dt

import omilcrm
import pytest


def test_hand_over_keeps_history(db, office, gestora):
    es = [
        db.employers.add(office=office, rut=str(omilcrm.Rut.from_body(76_000_000 + i)), name=f"E{i}") for i in range(5)
    ]
    nuevo = db.staff.add(office=office, name="Ignacio", role="territorial_manager", started=dt.date(2026, 11, 2))
    db.staff.leave(gestora, on=dt.date(2026, 11, 23))
    assert db.portfolio.hand_over(gestora, nuevo, on=dt.date(2026, 11, 23)) == 5
    assert db.portfolio.employers_of(gestora) == []
    assert sorted(db.portfolio.employers_of(nuevo)) == [e.id for e in es]
    history = db.portfolio.history(es[0])
    assert [(h.staff_id, h.end) for h in history] == [(gestora.id, dt.date(2026, 11, 23)), (nuevo.id, None)]
    assert db.employers.get(es[0]).owner_id == nuevo.id
    with pytest.raises(omilcrm.ValidationError):
        # nobody can take over employers from a person who is no longer at the office
        db.portfolio.assign(es[0], gestora)


def test_the_default_owner_and_assign(db, office, gestora):
    head = db.staff.add(office=office, name="Patricio Leiva", role="head", started=dt.date(2021, 3, 1))
    acme = db.employers.add(office=office, rut="76.086.428-5", name="Acme SpA", since=dt.date(2026, 1, 5))
    assert acme.owner_id == gestora.id  # the territorial manager, else the head
    owned = db.portfolio.assign(acme, head, on=dt.date(2026, 11, 2), reason="cliente grande")
    assert (owned.staff_id, owned.start, owned.end, owned.reason) == (
        head.id,
        dt.date(2026, 11, 2),
        None,
        "cliente grande",
    )
    history = db.portfolio.history(acme)
    assert [(h.staff_id, h.start, h.end) for h in history] == [
        (gestora.id, dt.date(2026, 1, 5), dt.date(2026, 11, 2)),
        (head.id, dt.date(2026, 11, 2), None),
    ]
    assert db.portfolio.employers_of(head) == [acme.id] and db.portfolio.employers_of(gestora) == []

    elsewhere = db.offices.add(name="OMIL Quintero", commune="quintero")
    stranger = db.staff.add(office=elsewhere, name="Diego Vera", role="head")
    with pytest.raises(omilcrm.ValidationError):
        db.portfolio.assign(acme, stranger)  # not of the employer's office
    assert db.employers.get(acme).owner_id == head.id
