"""Clusters through Python: membership periods, the representative, meeting rhythms and dates."""

import datetime as dt

import omilcrm
import pytest


def test_membership_over_time_and_representative(db, office, gestora, park):
    a = db.employers.add(rut="76.086.428-5", name="A", cluster=park, joined=dt.date(2023, 3, 1))
    b = db.employers.add(rut="96.512.340-7", name="B", cluster=park, joined=dt.date(2024, 1, 10))
    assert db.clusters.members(park, as_of=dt.date(2023, 12, 31)) == [a.id]
    rep = db.contacts.add(employer=b, name="Rodrigo Saavedra")
    park2 = db.clusters.set_representative(park, rep)
    assert park2.representative_id == rep.id

    db.clusters.remove_member(park, b, left=dt.date(2026, 9, 1))
    assert db.clusters.members(park, as_of=dt.date(2026, 8, 31)) == [a.id, b.id]
    assert db.clusters.members(park, as_of=dt.date(2026, 9, 1)) == [a.id]
    assert db.clusters.get(park).representative_id is None  # their company left
    assert [m.left for m in db.clusters.memberships(park)] == [None, dt.date(2026, 9, 1)]

    outsider = db.employers.add(office=office, rut="76.231.455-K", name="C")
    someone = db.contacts.add(employer=outsider, name="Marcela")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.clusters.set_representative(park, someone)
    assert info.value.field == "representative"
    with pytest.raises(omilcrm.Conflict):
        db.clusters.add_member(park, a, joined=dt.date(2025, 1, 1))


def test_meetings_from_the_rhythm(db, park):
    assert db.clusters.meetings(park, dt.date(2026, 11, 23), dt.date(2027, 2, 28)) == [
        dt.date(2026, 12, 3),
        dt.date(2027, 1, 7),
        dt.date(2027, 2, 4),
    ]


def test_upcoming_meetings_a_new_rhythm_and_clusters_of(db, office, gestora, park):
    camara = db.clusters.add(office=office, name="Cámara de Comercio de Concón", kind="chamber_of_commerce")
    assert camara.meets is None
    assert db.clusters.meetings(camara, dt.date(2026, 11, 1), dt.date(2026, 12, 31)) == []
    every_other_tuesday = omilcrm.Recurrence.weekly("tue", interval=2, anchor=dt.date(2026, 11, 24))
    camara = db.clusters.set_meets(camara, every_other_tuesday)
    assert camara.meets == every_other_tuesday
    assert db.clusters.upcoming(office, start=dt.date(2026, 11, 23), days=14) == [
        (camara.id, dt.date(2026, 11, 24)),
        (park.id, dt.date(2026, 12, 3)),
    ]

    acme = db.employers.add(rut="76.086.428-5", name="Acme SpA", cluster=park, joined=dt.date(2024, 5, 1))
    db.clusters.add_member(camara, acme, joined=dt.date(2026, 6, 1))
    assert db.clusters.clusters_of(acme, as_of=dt.date(2026, 1, 1)) == [park.id]
    assert sorted(db.clusters.clusters_of(acme)) == sorted([park.id, camara.id])
    assert [c.name for c in db.clusters.list(office)] == [
        "Cámara de Comercio de Concón",
        "Parque Industrial Gulmué",
    ]  # by name
