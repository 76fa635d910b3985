"""The interaction log as an analyst uses it: visits with contacts, commitments and follow-ups,
cluster meetings with attendance, corrections and removal, the interactions table, hand-overs
and loading history in bulk.

Every expected value below is worked out by hand in the comments next to it.
"""

import datetime as dt

import omilcrm
import pandas as pd
import pytest

D = dt.date


def rut(n):
    return str(omilcrm.Rut.from_body(76_000_000 + n))


# ---- The interaction log -------------------------------------------------------------------


def test_a_visit_with_contacts_commitments_and_follow_ups(db, office, gestora):
    envases = db.employers.add(office=office, rut="76.086.428-5", name="Envases del Pacífico SpA")
    ana = db.contacts.add(employer=envases, name="Ana Rojas", role="Jefa de RR.HH.")
    luis = db.contacts.add(employer=envases, name="Luis Pérez", role="Gerente de planta")

    visit = db.interactions.log(
        employer=envases,
        kind="visit",
        by=gestora,
        on=D(2026, 11, 18),
        at="10:30",
        contacts=[ana, luis.id],
        summary="Necesitan 5 operarios para enero",
        outcome="vacantes captadas",
        next_step="enviar CVs",
        commitments=[{"description": "Enviar 5 CVs de operarios", "due": D(2026, 11, 27)}],
        follow_ups=[{"description": "Llamar a Ana por la entrevista", "due": D(2026, 11, 25)}],
    )

    assert visit.kind == "visit"
    assert visit.on == D(2026, 11, 18)
    assert visit.at == "10:30"
    assert visit.staff_id == gestora.id
    assert visit.employer_id == envases.id
    assert visit.cluster_id is None
    assert sorted(visit.contacts) == [ana.id, luis.id]
    assert visit.direction == "outbound"
    assert (visit.summary, visit.outcome, visit.next_step) == (
        "Necesitan 5 operarios para enero",
        "vacantes captadas",
        "enviar CVs",
    )
    assert visit.revision == 1 and not visit.deleted

    again = db.interactions.get(visit.id)
    assert (again.at, again.on, sorted(again.contacts)) == ("10:30", D(2026, 11, 18), [ana.id, luis.id])
    assert [i.id for i in db.interactions.of_employer(envases)] == [visit.id]

    [promise] = db.commitments.open(office=office)
    assert promise.description == "Enviar 5 CVs de operarios"
    assert promise.due == D(2026, 11, 27)
    assert promise.status == "open"
    assert promise.interaction_id == visit.id
    assert promise.employer_id == envases.id
    assert promise.owner_id == gestora.id  # the employer's owner

    [task] = db.follow_ups.open(office=office)
    assert task.description == "Llamar a Ana por la entrevista"
    assert task.due == D(2026, 11, 25)
    assert task.interaction_id == visit.id
    assert task.employer_id == envases.id
    assert task.owner_id == gestora.id  # the person who made the visit
    assert task.done_on is None


def test_cluster_meeting_records_attendance_and_counts_only_for_attendees(db, office, gestora, park):
    a = db.employers.add(rut=rut(1), name="Alfa", cluster=park, joined=D(2023, 1, 1))
    b = db.employers.add(rut=rut(2), name="Beta", cluster=park, joined=D(2023, 1, 1))
    c = db.employers.add(rut=rut(3), name="Gamma", cluster=park, joined=D(2023, 1, 1))
    db.cadence.add_policy(office=office, interval_days=30, name="Contacto mensual")

    meeting = db.interactions.log_cluster_meeting(
        cluster=park,
        by=gestora,
        on=D(2026, 11, 5),
        at="09:00",
        attended=[a, b.id],
        summary="Reunión mensual del parque",
    )
    assert meeting.kind == "cluster_meeting"
    assert meeting.cluster_id == park.id and meeting.employer_id is None
    assert sorted(meeting.attended) == [a.id, b.id]
    assert meeting.absent == [c.id]

    att = db.clusters.attendance(park).to_pandas()
    assert list(att["employer_id"]) == [a.id, b.id, c.id]
    assert list(att["attended"]) == [True, True, False]
    assert list(att["date"]) == [pd.Timestamp("2026-11-05")] * 3

    # Only the attendees have the meeting in their history.
    assert [i.id for i in db.interactions.of_employer(a)] == [meeting.id]
    assert db.interactions.of_employer(c) == []

    # On 2026-12-10: Gamma was never contacted, so it is due since it was added (today,
    # 2026-11-23): 17 days overdue. Alfa and Beta: 2026-11-05 + 30 = 2026-12-05, 5 days.
    due = db.cadence.due(office=office, on=D(2026, 12, 10))
    assert [(d.employer_id, d.last_contact, d.due, d.days_overdue) for d in due] == [
        (c.id, None, D(2026, 11, 23), 17),
        (a.id, D(2026, 11, 5), D(2026, 12, 5), 5),
        (b.id, D(2026, 11, 5), D(2026, 12, 5), 5),
    ]
    assert {d.policy_name for d in due} == {"Contacto mensual"}


def test_attendance_is_judged_against_the_members_of_that_day(db, office, gestora, park):
    a = db.employers.add(rut=rut(4), name="Alfa", cluster=park, joined=D(2023, 1, 1))
    b = db.employers.add(rut=rut(5), name="Beta", cluster=park, joined=D(2023, 1, 1))
    gone = db.employers.add(rut=rut(6), name="Se fue", cluster=park, joined=D(2023, 1, 1))
    newcomer = db.employers.add(rut=rut(7), name="Recién llegada", cluster=park, joined=D(2026, 11, 10))
    outsider = db.employers.add(office=office, rut=rut(8), name="Fuera del parque")
    db.clusters.remove_member(park, gone, left=D(2026, 11, 1))

    # Members on 11-05: Alfa and Beta only (one left on 11-01, the other joined on 11-10).
    meeting = db.interactions.log_cluster_meeting(cluster=park, by=gestora, on=D(2026, 11, 5), attended=[a])
    assert meeting.attended == [a.id]
    assert meeting.absent == [b.id]
    assert newcomer.id not in meeting.absent and gone.id not in meeting.absent

    with pytest.raises(omilcrm.ValidationError) as info:
        db.interactions.log_cluster_meeting(cluster=park, by=gestora, on=D(2026, 11, 5), attended=[outsider])
    assert info.value.field == "attended"
    assert len(db.clusters.attendance(park)) == 2  # only the first meeting's two rows

    someone_else = db.contacts.add(employer=outsider, name="Marcela")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.interactions.log(employer=a, kind="visit", by=gestora, contacts=[someone_else])
    assert info.value.field == "contacts"
    assert [i.id for i in db.interactions.of_employer(a)] == [meeting.id]


def test_correction_keeps_the_previous_version(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(10), name="Maestranza Concón")
    call = db.interactions.log(
        employer=e,
        kind="phone_call",
        by=gestora,
        on=D(2026, 11, 12),
        summary="Llamó por subsidio",
        outcome="interesado",
    )
    fixed = db.interactions.correct(
        call,
        reason="fue una visita, no una llamada",
        kind="visit",
        at="11:15",
        summary="Visita por Subsidio al Empleo Joven",
    )
    assert fixed.id == call.id
    assert (fixed.kind, fixed.at, fixed.summary, fixed.outcome) == (
        "visit",
        "11:15",
        "Visita por Subsidio al Empleo Joven",
        "interesado",
    )  # outcome untouched
    assert fixed.revision == 2
    [before] = db.interactions.revisions(call)
    assert (before.revision, before.kind, before.at, before.summary, before.outcome, before.reason) == (
        1,
        "phone_call",
        None,
        "Llamó por subsidio",
        "interesado",
        "fue una visita, no una llamada",
    )
    assert before.interaction_id == call.id
    assert db.interactions.get(call).kind == "visit"


def test_removal_hides_but_never_erases(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(11), name="Logística Gulmué")
    db.cadence.add_policy(office=office, interval_days=30)
    first = db.interactions.log(employer=e, kind="visit", by=gestora, on=D(2026, 10, 1))
    dup = db.interactions.log(employer=e, kind="visit", by=gestora, on=D(2026, 11, 20))
    # With both: last contact 2026-11-20, due 2026-12-20, not due on 2026-12-01.
    assert db.cadence.due(office=office, on=D(2026, 12, 1)) == []
    assert len(db.interactions.table(office)) == 2
    # Compliance over 11-23 (added) .. 11-30: contacted 11-20, due 12-20: complied.
    week = dict(office=office, start=D(2026, 11, 23), end=D(2026, 11, 30))
    assert db.cadence.compliance(**week).to_pandas()["complied"].iloc[0] == 1

    gone = db.interactions.remove(dup, reason="registrada dos veces")
    assert gone.deleted

    assert [i.id for i in db.interactions.of_employer(e)] == [first.id]
    assert list(db.interactions.table(office).to_pandas()["id"]) == [first.id]
    # The due list forgets it: last contact 2026-10-01, due 2026-10-31, 31 days overdue on 12-01.
    [item] = db.cadence.due(office=office, on=D(2026, 12, 1))
    assert (item.last_contact, item.due, item.days_overdue) == (D(2026, 10, 1), D(2026, 10, 31), 31)

    # ... and so does compliance: judged by 10-01 alone, late since 10-31.
    assert db.cadence.compliance(**week).to_pandas()["complied"].iloc[0] == 0

    kept = db.interactions.get(dup.id)
    assert kept.deleted is True
    assert kept.on == D(2026, 11, 20)


@pytest.mark.parametrize(
    "bad, field",
    [
        (dict(kind="coffee"), "kind"),
        (dict(kind="visit", at="25:00"), "at"),
        (
            dict(
                kind="visit",
                commitments=[
                    {"description": "Enviar CVs", "due": D(2026, 11, 30)},
                    {"description": "Charla de apresto"},
                ],
            ),
            "commitments[1].due",
        ),
    ],
)
def test_bad_input_is_refused_and_leaves_nothing_behind(db, office, gestora, bad, field):
    e = db.employers.add(office=office, rut=rut(12), name="Panadería Higuerillas")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.interactions.log(
            employer=e,
            by=gestora,
            on=D(2026, 11, 20),
            follow_ups=[{"description": "Llamar", "due": D(2026, 11, 25)}],
            **bad,
        )
    assert info.value.field == field
    assert db.interactions.of_employer(e) == []
    assert len(db.interactions.table(office)) == 0
    assert db.commitments.open(office=office) == []
    assert db.follow_ups.open(office=office) == []


def test_interaction_table_one_row_per_interaction_and_employer(db, office, gestora, park):
    a = db.employers.add(rut=rut(20), name="Alfa", cluster=park, joined=D(2024, 1, 1))
    b = db.employers.add(rut=rut(21), name="Beta", cluster=park, joined=D(2024, 1, 1))
    c = db.employers.add(rut=rut(22), name="Gamma", cluster=park, joined=D(2024, 1, 1))
    solo = db.employers.add(office=office, rut=rut(23), name="Delta")
    ana = db.contacts.add(employer=solo, name="Ana")
    luis = db.contacts.add(employer=solo, name="Luis")
    visit = db.interactions.log(
        employer=solo, kind="visit", by=gestora, on=D(2026, 11, 2), at="15:00", contacts=[ana, luis]
    )
    meeting = db.interactions.log_cluster_meeting(cluster=park, by=gestora, on=D(2026, 11, 5), attended=[a, c])

    df = db.interactions.table(office).to_pandas()
    # The visit with two people is one row; the meeting of three members is three rows.
    assert len(df) == 4
    rows = df.sort_values(["id", "employer_id"])
    assert list(zip(rows["id"], rows["employer_id"], strict=True)) == [
        (visit.id, solo.id),
        (meeting.id, a.id),
        (meeting.id, b.id),
        (meeting.id, c.id),
    ]
    m = df[df["id"] == meeting.id].set_index("employer_id")
    assert m.loc[a.id, "attended"] and not m.loc[b.id, "attended"] and m.loc[c.id, "attended"]
    assert set(m["kind"]) == {"cluster_meeting"}
    assert set(m["cluster_id"]) == {park.id}
    v = df[df["id"] == visit.id].iloc[0]
    assert v["kind"] == "visit" and v["time"] == "15:00" and v["employer"] == "Delta"
    assert pd.isna(v["cluster_id"])
    assert v["staff"] == "Verónica Olguín"
    assert str(df["date"].dtype).startswith("datetime64")
    assert df["date"].min() == pd.Timestamp("2026-11-02")


# ---- Commitments and follow-ups ------------------------------------------------------------


def test_commitments_and_follow_ups_through_a_hand_over(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(60), name="Envases")
    late = db.commitments.add(employer=e, description="Enviar CVs", due=D(2026, 11, 20))
    soon = db.commitments.add(employer=e, description="Taller de apresto", due=D(2026, 11, 30))
    done = db.commitments.add(employer=e, description="Difundir vacante", due=D(2026, 11, 10))
    dropped = db.commitments.add(employer=e, description="Curso SENCE de grúa", due=D(2026, 12, 15))

    # Today (11-23): 'late' (11-20) and 'done' (11-10) are past due.
    assert sorted(c.id for c in db.commitments.overdue(office=office)) == sorted([late.id, done.id])

    kept = db.commitments.keep(done, on=D(2026, 11, 9))
    assert (kept.status, kept.closed_on) == ("kept", D(2026, 11, 9))

    with pytest.raises(omilcrm.ValidationError) as info:
        db.commitments.cancel(dropped, reason="")
    assert info.value.field == "reason"
    assert db.commitments.get(dropped).status == "open"
    cancelled = db.commitments.cancel(dropped, reason="SENCE no abrió el curso este año")
    assert (cancelled.status, cancelled.reason, cancelled.closed_on) == (
        "cancelled",
        "SENCE no abrió el curso este año",
        D(2026, 11, 23),
    )

    assert sorted(c.id for c in db.commitments.open(office=office)) == [late.id, soon.id]
    # On 11-23 only 'late' is overdue; on 12-01 'soon' too.
    assert [c.id for c in db.commitments.overdue(office=office, on=D(2026, 11, 23))] == [late.id]
    assert sorted(c.id for c in db.commitments.overdue(office=office, on=D(2026, 12, 1))) == [late.id, soon.id]
    assert late.overdue_on(D(2026, 11, 21)) and not late.overdue_on(D(2026, 11, 20))

    call = db.follow_ups.add(
        office=office, description="Llamar a RR.HH.", due=D(2026, 11, 20), owner=gestora, employer=e
    )
    cvs = db.follow_ups.add(office=office, description="Revisar CVs", due=D(2026, 11, 26), owner=gestora)
    assert sorted(f.id for f in db.follow_ups.overdue(office=office)) == [call.id]
    finished = db.follow_ups.done(call, on=D(2026, 11, 22))
    assert finished.done_on == D(2026, 11, 22)
    assert [f.id for f in db.follow_ups.open(office=office)] == [cvs.id]
    assert db.follow_ups.overdue(office=office, on=D(2026, 11, 26)) == []
    assert [f.id for f in db.follow_ups.overdue(office=office, on=D(2026, 11, 27))] == [cvs.id]

    # Verónica leaves; Ignacio takes over everything still open, in one step.
    ignacio = db.staff.add(office=office, name="Ignacio Soto", role="territorial_manager", started=D(2026, 11, 2))
    db.staff.leave(gestora, on=D(2026, 11, 23))
    assert db.portfolio.hand_over(gestora, ignacio, on=D(2026, 11, 23)) == 1
    assert db.commitments.open(office=office, staff=gestora) == []
    assert sorted(c.id for c in db.commitments.open(office=office, staff=ignacio)) == [late.id, soon.id]
    assert db.commitments.get(done).owner_id == gestora.id  # closed ones keep their history
    assert db.commitments.get(dropped).owner_id == gestora.id
    assert db.follow_ups.open(office=office, staff=gestora) == []
    assert [f.id for f in db.follow_ups.open(office=office, staff=ignacio)] == [cvs.id]
    assert db.follow_ups.get(call).owner_id == gestora.id


# ---- Loading history in bulk ----------------------------------------------------------------


def _history(employer, contact, staff):
    return [
        dict(
            employer=employer,
            kind="visit",
            by=staff,
            on=D(2026, 10, 5),
            at="10:30",
            contacts=[contact],
            summary="  Primera visita ",
            outcome="2 vacantes",
            commitments=[{"description": "Enviar CVs", "due": D(2026, 10, 12)}],
        ),
        dict(
            employer=employer.id,
            kind="phone_call",
            by=staff.id,
            on=D(2026, 11, 2),
            direction="inbound",
            follow_ups=[{"description": "Llamar de vuelta", "due": D(2026, 11, 9)}],
        ),
        dict(employer=employer, kind="email", by=staff, summary="Bases del curso SENCE"),  # on: today
    ]


def test_log_many_logs_what_log_would(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(40), name="Maestranza Concón")
    ana = db.contacts.add(employer=e, name="Ana Rojas")
    ids = db.interactions.log_many(iter(_history(e, ana, gestora)))  # any iterable of dicts
    assert ids == [i.id for i in reversed(db.interactions.of_employer(e))]
    first = db.interactions.get(ids[0])
    assert (first.at, first.contacts, first.summary) == ("10:30", [ana.id], "Primera visita")
    assert db.interactions.get(ids[1]).direction == "inbound"
    assert db.interactions.get(ids[2]).on == D(2026, 11, 23)
    assert [c.interaction_id for c in db.commitments.open(office=office)] == [ids[0]]
    assert [f.interaction_id for f in db.follow_ups.open(office=office)] == [ids[1]]

    # The same rows through log(), one by one, in a second file: the same table.
    other = omilcrm.open(":memory:", today=D(2026, 11, 23))
    o_office = other.offices.add(name="OMIL Concón", commune="concon")
    o_staff = other.staff.add(
        office=o_office, name="Verónica Olguín", role="territorial_manager", started=D(2022, 4, 1)
    )
    o_e = other.employers.add(office=o_office, rut=rut(40), name="Maestranza Concón")
    o_ana = other.contacts.add(employer=o_e, name="Ana Rojas")
    singles = [other.interactions.log(**row).id for row in _history(o_e, o_ana, o_staff)]
    assert singles == ids
    mine = db.interactions.table(office).to_pandas().drop(columns=["uuid"])
    theirs = other.interactions.table(o_office).to_pandas().drop(columns=["uuid"])
    pd.testing.assert_frame_equal(mine, theirs)


def test_a_big_listing_keeps_every_text_cell_past_the_shared_strings(db, office, gestora):
    # 6,000 contacts with their own summaries (more than the 4,096 distinct texts to_pandas
    # shares) and few distinct kinds and names: each cell comes back as logged, in order.
    firms = [db.employers.add(office=office, rut=rut(60 + k), name=f"Empresa {k}") for k in range(3)]
    kinds = ["visit", "phone_call", "email"]
    rows = [
        dict(
            employer=firms[k % 3],
            kind=kinds[k % 3],
            by=gestora,
            on=D(2026, 1, 1) + dt.timedelta(days=k % 300),
            at=f"{8 + k % 9:02d}:{k % 60:02d}",
            summary=f"Contacto número {k} — ñandú",
            outcome="" if k % 2 else "ok",
        )
        for k in range(6000)
    ]
    ids = db.interactions.log_many(rows)
    frame = db.interactions.table(office).to_pandas()
    assert len(frame) == 6000
    by_id = frame.set_index("id")
    for k in (0, 1, 4095, 4096, 4097, 5999):
        row = by_id.loc[ids[k]]
        assert row["summary"] == f"Contacto número {k} — ñandú"
        assert (row["kind"], row["employer"], row["outcome"]) == (
            kinds[k % 3],
            f"Empresa {k % 3}",
            "" if k % 2 else "ok",
        )
        assert row["time"] == f"{8 + k % 9:02d}:{k % 60:02d}"
    assert sorted(frame["summary"]) == sorted(r["summary"] for r in rows)
    assert set(frame["kind"]) == set(kinds)
    # by day, then time, then interaction
    keys = list(zip(frame["date"], frame["time"], frame["id"], strict=True))
    assert keys == sorted(keys)


def test_log_many_refuses_a_bad_row_and_logs_nothing(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(41), name="Panadería Higuerillas")
    good = dict(employer=e, kind="visit", by=gestora, on=D(2026, 11, 2))
    for bad, field in [
        (dict(good, on=D(2026, 12, 1)), "rows[1].on"),
        (dict(good, kind="coffee"), "rows[1].kind"),
        (dict(good, place="bodega"), "rows[1].place"),
        ({"employer": e, "kind": "visit"}, "rows[1].by"),
        (dict(good, employer=9999), "rows[1].employer"),
        (dict(good, commitments=[{"description": "CVs"}]), "rows[1].commitments[0].due"),
    ]:
        with pytest.raises(omilcrm.ValidationError) as info:
            db.interactions.log_many([good, bad, good])
        assert info.value.field == field
    assert info.value.value == ""
    assert db.interactions.of_employer(e) == []
    assert db.commitments.open(office=office) == []
    assert db.interactions.log_many([]) == []
    assert len(db.interactions.table(office)) == 0
