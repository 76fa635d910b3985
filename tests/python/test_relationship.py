"""The relationship engine as an analyst uses it: the interaction log, commitments and
follow-ups and contact cadence (the day's visit plan and the office calendar are test_planning.py).

Every expected value below is worked out by hand in the comments next to it.
"""

import datetime as dt

import pandas as pd
import pytest

import omilcrm

D = dt.date


def rut(n):
    return str(omilcrm.Rut.from_body(76_000_000 + n))


# ---- The interaction log -------------------------------------------------------------------

def test_a_visit_with_contacts_commitments_and_follow_ups(db, office, gestora):
    envases = db.employers.add(office=office, rut="76.086.428-5", name="Envases del Pacífico SpA")
    ana = db.contacts.add(employer=envases, name="Ana Rojas", role="Jefa de RR.HH.")
    luis = db.contacts.add(employer=envases, name="Luis Pérez", role="Gerente de planta")

    visit = db.interactions.log(
        employer=envases, kind="visit", by=gestora, on=D(2026, 11, 18), at="10:30",
        contacts=[ana, luis.id], summary="Necesitan 5 operarios para enero",
        outcome="vacantes captadas", next_step="enviar CVs",
        commitments=[{"description": "Enviar 5 CVs de operarios", "due": D(2026, 11, 27)}],
        follow_ups=[{"description": "Llamar a Ana por la entrevista", "due": D(2026, 11, 25)}])

    assert visit.kind == "visit"
    assert visit.on == D(2026, 11, 18)
    assert visit.at == "10:30"
    assert visit.staff_id == gestora.id
    assert visit.employer_id == envases.id
    assert visit.cluster_id is None
    assert sorted(visit.contacts) == [ana.id, luis.id]
    assert visit.direction == "outbound"
    assert (visit.summary, visit.outcome, visit.next_step) == (
        "Necesitan 5 operarios para enero", "vacantes captadas", "enviar CVs")
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
        cluster=park, by=gestora, on=D(2026, 11, 5), at="09:00", attended=[a, b.id],
        summary="Reunión mensual del parque")
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
    meeting = db.interactions.log_cluster_meeting(cluster=park, by=gestora, on=D(2026, 11, 5),
                                                  attended=[a])
    assert meeting.attended == [a.id]
    assert meeting.absent == [b.id]
    assert newcomer.id not in meeting.absent and gone.id not in meeting.absent

    with pytest.raises(omilcrm.ValidationError) as info:
        db.interactions.log_cluster_meeting(cluster=park, by=gestora, on=D(2026, 11, 5),
                                            attended=[outsider])
    assert info.value.field == "attended"
    assert len(db.clusters.attendance(park)) == 2  # only the first meeting's two rows

    someone_else = db.contacts.add(employer=outsider, name="Marcela")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.interactions.log(employer=a, kind="visit", by=gestora, contacts=[someone_else])
    assert info.value.field == "contacts"
    assert [i.id for i in db.interactions.of_employer(a)] == [meeting.id]


def test_correction_keeps_the_previous_version(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(10), name="Maestranza Concón")
    call = db.interactions.log(employer=e, kind="phone_call", by=gestora, on=D(2026, 11, 12),
                               summary="Llamó por subsidio", outcome="interesado")
    fixed = db.interactions.correct(call, reason="fue una visita, no una llamada", kind="visit",
                                    at="11:15", summary="Visita por Subsidio al Empleo Joven")
    assert fixed.id == call.id
    assert (fixed.kind, fixed.at, fixed.summary, fixed.outcome) == (
        "visit", "11:15", "Visita por Subsidio al Empleo Joven", "interesado")  # outcome untouched
    assert fixed.revision == 2
    [before] = db.interactions.revisions(call)
    assert (before.revision, before.kind, before.at, before.summary, before.outcome, before.reason) == (
        1, "phone_call", None, "Llamó por subsidio", "interesado", "fue una visita, no una llamada")
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


@pytest.mark.parametrize("bad, field", [
    (dict(kind="coffee"), "kind"),
    (dict(kind="visit", at="25:00"), "at"),
    (dict(kind="visit", commitments=[{"description": "Enviar CVs", "due": D(2026, 11, 30)},
                                     {"description": "Charla de apresto"}]), "commitments[1].due"),
])
def test_bad_input_is_refused_and_leaves_nothing_behind(db, office, gestora, bad, field):
    e = db.employers.add(office=office, rut=rut(12), name="Panadería Higuerillas")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.interactions.log(employer=e, by=gestora, on=D(2026, 11, 20),
                            follow_ups=[{"description": "Llamar", "due": D(2026, 11, 25)}], **bad)
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
    visit = db.interactions.log(employer=solo, kind="visit", by=gestora, on=D(2026, 11, 2),
                                at="15:00", contacts=[ana, luis])
    meeting = db.interactions.log_cluster_meeting(cluster=park, by=gestora, on=D(2026, 11, 5),
                                                  attended=[a, c])

    df = db.interactions.table(office).to_pandas()
    # The visit with two people is one row; the meeting of three members is three rows.
    assert len(df) == 4
    rows = df.sort_values(["id", "employer_id"])
    assert list(zip(rows["id"], rows["employer_id"])) == [
        (visit.id, solo.id), (meeting.id, a.id), (meeting.id, b.id), (meeting.id, c.id)]
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


# ---- Cadence -------------------------------------------------------------------------------

def test_most_specific_policy_wins_and_most_overdue_comes_first(db, office, gestora, park):
    plain = db.employers.add(office=office, rut=rut(30), name="Plain")
    member = db.employers.add(rut=rut(31), name="Member", cluster=park, joined=D(2024, 1, 1))
    key = db.employers.add(rut=rut(32), name="Key", cluster=park, joined=D(2024, 1, 1),
                           segment="key_account")
    special = db.employers.add(rut=rut(33), name="Special", cluster=park, joined=D(2024, 1, 1),
                               segment="key_account")
    never = db.employers.add(office=office, rut=rut(34), name="Never")

    # Added most specific first: precedence is by scope, not by order of creation.
    p_emp = db.cadence.add_policy(office=office, interval_days=3, scope="employer", employer=special,
                                  name="Seguimiento cercano")
    p_seg = db.cadence.add_policy(office=office, interval_days=7, scope="segment",
                                  segment="key_account", name="Cuentas clave")
    p_clu = db.cadence.add_policy(office=office, interval_days=14, scope="cluster", cluster=park,
                                  name="Parque")
    p_off = db.cadence.add_policy(office=office, interval_days=30, name="Oficina")
    assert {p.id for p in db.cadence.policies(office)} == {p_emp.id, p_seg.id, p_clu.id, p_off.id}

    for e in (plain, member, key, special):
        db.interactions.log(employer=e, kind="phone_call", by=gestora, on=D(2026, 11, 16))

    # On 2026-11-30, last contact 2026-11-16 for all but Never:
    #   Special 16 + 3  = 11-19 -> 11 days;  Key 16 + 7 = 11-23 -> 7;  Member 16 + 14 = 11-30 -> 0
    #   Plain   16 + 30 = 12-16 -> not due;  Never: due since added (11-23) -> 7, before Key.
    due = db.cadence.due(office=office, on=D(2026, 11, 30))
    assert [(d.employer_id, d.scope, d.interval_days, d.due, d.days_overdue) for d in due] == [
        (special.id, "employer", 3, D(2026, 11, 19), 11),
        (never.id, "office", 30, D(2026, 11, 23), 7),
        (key.id, "segment", 7, D(2026, 11, 23), 7),
        (member.id, "cluster", 14, D(2026, 11, 30), 0),
    ]
    assert [d.policy_id for d in due] == [p_emp.id, p_off.id, p_seg.id, p_clu.id]
    assert [d.policy_name for d in due] == ["Seguimiento cercano", "Oficina", "Cuentas clave", "Parque"]
    assert due[0].last_contact == D(2026, 11, 16) and due[1].last_contact is None
    assert {d.owner_id for d in due} == {gestora.id}

    # Looking 16 days ahead adds Plain with 16 days left.
    ahead = db.cadence.due(office=office, on=D(2026, 11, 30), within_days=16)
    assert [(d.employer_id, d.days_overdue) for d in ahead][-1] == (plain.id, -16)


def test_a_member_that_left_stops_inheriting_the_cluster_policy_the_day_it_left(db, office, gestora, park):
    e = db.employers.add(rut=rut(40), name="Se fue", cluster=park, joined=D(2024, 1, 1))
    db.cadence.add_policy(office=office, interval_days=30)
    db.cadence.add_policy(office=office, interval_days=14, scope="cluster", cluster=park)
    db.interactions.log(employer=e, kind="visit", by=gestora, on=D(2026, 11, 16))
    db.clusters.remove_member(park, e, left=D(2026, 12, 1))

    # The day before it leaves: the park's 14 days, due 11-16 + 14 = 11-30, 0 days overdue.
    [d] = db.cadence.due(office=office, on=D(2026, 11, 30))
    assert (d.scope, d.interval_days, d.due, d.days_overdue) == ("cluster", 14, D(2026, 11, 30), 0)
    # From the day it left: the office's 30 days, due 12-16, so not due on 12-01 (15 days left).
    assert db.cadence.due(office=office, on=D(2026, 12, 1)) == []
    [d] = db.cadence.due(office=office, on=D(2026, 12, 1), within_days=15)
    assert (d.scope, d.interval_days, d.due, d.days_overdue) == ("office", 30, D(2026, 12, 16), -15)


def test_a_visit_track_ignores_phone_calls(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(41), name="Envases")
    db.cadence.add_policy(office=office, interval_days=30)
    pv = db.cadence.add_policy(office=office, interval_days=60, track="visit", kinds=["visit"],
                               name="Visita presencial")
    assert pv.kinds == ["visit"] and pv.track == "visit"
    db.interactions.log(employer=e, kind="visit", by=gestora, on=D(2026, 9, 1))
    db.interactions.log(employer=e, kind="phone_call", by=gestora, on=D(2026, 11, 10))

    # Contact track: the call counts, 11-10 + 30 = 12-10, not due on 11-23.
    assert db.cadence.due(office=office, on=D(2026, 11, 23)) == []
    # Visit track: only the visit, 09-01 + 60 = 10-31, 23 days overdue on 11-23.
    [d] = db.cadence.due(office=office, on=D(2026, 11, 23), track="visit")
    assert (d.last_contact, d.due, d.days_overdue, d.policy_name) == (
        D(2026, 9, 1), D(2026, 10, 31), 23, "Visita presencial")


@pytest.mark.parametrize("call, field", [
    (lambda db, office, staff: db.cadence.due(office=office, within_days=-5), "within_days"),
    (lambda db, office, staff: db.cadence.due_table(office=office, within_days=-1), "within_days"),
    (lambda db, office, staff: db.clusters.upcoming(office, days=-7), "days"),
    (lambda db, office, staff: db.planner.plan_day(staff=staff, within_days=-3, start=(-32.93, -71.52)),
     "within_days"),
    (lambda db, office, staff: db.planner.plan_day(staff=staff, visit_minutes=-45, start=(-32.93, -71.52)),
     "visit_minutes"),
])
def test_negative_day_and_minute_counts_are_refused(db, office, gestora, call, field):
    with pytest.raises(omilcrm.ValidationError) as info:
        call(db, office, gestora)
    assert info.value.field == field


def test_due_table_columns_and_types(db, office, gestora):
    called = db.employers.add(office=office, rut=rut(42), name="Llamada")
    never = db.employers.add(office=office, rut=rut(43), name="Nunca")
    db.cadence.add_policy(office=office, interval_days=30, name="Mensual")
    db.interactions.log(employer=called, kind="email", by=gestora, on=D(2026, 10, 1))

    df = db.cadence.due_table(office=office, on=D(2026, 11, 30)).to_pandas()
    assert list(df.columns) == ["employer_id", "rut", "employer", "owner_id", "owner", "last_contact",
                                "due", "days_overdue", "interval_days", "policy_scope", "policy"]
    assert str(df["last_contact"].dtype).startswith("datetime64")
    assert str(df["due"].dtype).startswith("datetime64")
    assert pd.api.types.is_integer_dtype(df["days_overdue"])
    assert pd.api.types.is_integer_dtype(df["employer_id"])
    # Called: 10-01 + 30 = 10-31, 30 days overdue. Never: due since 11-23, 7 days.
    assert list(df["employer_id"]) == [called.id, never.id]
    assert list(df["days_overdue"]) == [30, 7]
    assert df["due"].tolist() == [pd.Timestamp("2026-10-31"), pd.Timestamp("2026-11-23")]
    assert df["last_contact"].iloc[0] == pd.Timestamp("2026-10-01")
    assert pd.isna(df["last_contact"].iloc[1])
    assert list(df["rut"]) == [str(called.rut), str(never.rut)]
    assert list(df["owner"]) == ["Verónica Olguín"] * 2
    assert list(df["policy_scope"]) == ["office"] * 2 and list(df["policy"]) == ["Mensual"] * 2


def test_compliance_for_a_hand_computed_period(tmp_path):
    path = str(tmp_path / "concon.omilcrm")
    # August 1st: the office takes on five employers (two of them in the park).
    with omilcrm.open(path, today=D(2026, 8, 1)) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        gestora = db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager",
                               started=D(2022, 4, 1))
        park = db.clusters.add(office=office, name="Parque Industrial Gulmué", kind="industrial_park")
        e1 = db.employers.add(rut=rut(51), name="E1", cluster=park)
        e2 = db.employers.add(rut=rut(52), name="E2", cluster=park)
        e3 = db.employers.add(office=office, rut=rut(53), name="E3")
        e4 = db.employers.add(office=office, rut=rut(54), name="E4")
        e5 = db.employers.add(office=office, rut=rut(55), name="E5")
        db.cadence.add_policy(office=office, interval_days=30)
        ids = office.id, gestora.id, park.id, e1.id, e2.id, e3.id, e4.id, e5.id

    office, gestora, park, e1, e2, e3, e4, e5 = ids
    with omilcrm.open(path, today=D(2026, 11, 23)) as db:
        def contact(e, *days):
            for day in days:
                db.interactions.log(employer=e, kind="phone_call", by=gestora, on=day)

        contact(e1, D(2026, 8, 20), D(2026, 9, 15), D(2026, 10, 10))  # never more than 30 days
        contact(e2, D(2026, 8, 5), D(2026, 9, 20))                    # due 09-04, late from 09-05
        # e3: never contacted; first contact due 08-01 + 30 = 08-31, late from 09-01
        contact(e4, D(2026, 8, 2), D(2026, 9, 1), D(2026, 10, 1))     # each on its due day: fine
        contact(e5, D(2026, 8, 2), D(2026, 9, 2), D(2026, 10, 2))     # one day late on 09-02

        df = db.cadence.compliance(office=office, start=D(2026, 9, 1), end=D(2026, 10, 31)).to_pandas()
        assert list(df.columns) == ["group", "group_id", "name", "employers", "complied", "share"]
        got = {(r.group, r.group_id): (r.employers, r.complied, r.share) for r in df.itertuples()}
        assert got == {
            ("office", office): (5, 2, pytest.approx(0.4)),   # e1, e4
            ("staff", gestora): (5, 2, pytest.approx(0.4)),
            ("cluster", park): (2, 1, pytest.approx(0.5)),    # e1 yes, e2 no
        }
        assert df.attrs["judged_to"] == "2026-10-31"

        # Through the end of the year, asked on 23 November: e1 (last 10-10, due 11-09) and e4
        # (last 10-01, due 10-31) are late by today; nothing is judged after it. Were December
        # judged, it would read (5, 0) whatever happens next.
        rest = db.cadence.compliance(office=office, start=D(2026, 10, 1), end=D(2026, 12, 31)).to_pandas()
        assert rest.attrs["judged_to"] == "2026-11-23"
        contact(e1, D(2026, 11, 9))
        contact(e4, D(2026, 10, 31))
        rest = db.cadence.compliance(office=office, start=D(2026, 10, 1), end=D(2026, 12, 31)).to_pandas()
        assert rest.set_index("group").loc["office", ["employers", "complied"]].tolist() == [5, 2]
        later = db.cadence.compliance(office=office, start=D(2026, 12, 1), end=D(2026, 12, 31)).to_pandas()
        assert later.attrs["judged_to"] == "" and later.employers.tolist() == [0]


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
        "cancelled", "SENCE no abrió el curso este año", D(2026, 11, 23))

    assert sorted(c.id for c in db.commitments.open(office=office)) == [late.id, soon.id]
    # On 11-23 only 'late' is overdue; on 12-01 'soon' too.
    assert [c.id for c in db.commitments.overdue(office=office, on=D(2026, 11, 23))] == [late.id]
    assert sorted(c.id for c in db.commitments.overdue(office=office, on=D(2026, 12, 1))) == [late.id, soon.id]
    assert late.overdue_on(D(2026, 11, 21)) and not late.overdue_on(D(2026, 11, 20))

    call = db.follow_ups.add(office=office, description="Llamar a RR.HH.", due=D(2026, 11, 20),
                             owner=gestora, employer=e)
    cvs = db.follow_ups.add(office=office, description="Revisar CVs", due=D(2026, 11, 26), owner=gestora)
    assert sorted(f.id for f in db.follow_ups.overdue(office=office)) == [call.id]
    finished = db.follow_ups.done(call, on=D(2026, 11, 22))
    assert finished.done_on == D(2026, 11, 22)
    assert [f.id for f in db.follow_ups.open(office=office)] == [cvs.id]
    assert db.follow_ups.overdue(office=office, on=D(2026, 11, 26)) == []
    assert [f.id for f in db.follow_ups.overdue(office=office, on=D(2026, 11, 27))] == [cvs.id]

    # Verónica leaves; Ignacio takes over everything still open, in one step.
    ignacio = db.staff.add(office=office, name="Ignacio Soto", role="territorial_manager",
                           started=D(2026, 11, 2))
    db.staff.leave(gestora, on=D(2026, 11, 23))
    assert db.portfolio.hand_over(gestora, ignacio, on=D(2026, 11, 23)) == 1
    assert db.commitments.open(office=office, staff=gestora) == []
    assert sorted(c.id for c in db.commitments.open(office=office, staff=ignacio)) == [late.id, soon.id]
    assert db.commitments.get(done).owner_id == gestora.id       # closed ones keep their history
    assert db.commitments.get(dropped).owner_id == gestora.id
    assert db.follow_ups.open(office=office, staff=gestora) == []
    assert [f.id for f in db.follow_ups.open(office=office, staff=ignacio)] == [cvs.id]
    assert db.follow_ups.get(call).owner_id == gestora.id


def test_since_dates_an_employer_brought_over_from_older_records(db, office, gestora):
    # The office has worked with this company since January; it was never contacted since then.
    old = db.employers.add(office=office, rut="76.086.428-5", name="Antigua SpA",
                           since=dt.date(2026, 1, 1))
    db.cadence.add_policy(office=office, interval_days=30)
    (item,) = db.cadence.due(office=office, on=dt.date(2026, 11, 23))
    assert (item.employer_id, item.due, item.days_overdue) == (old.id, dt.date(2026, 1, 1), 326)
    assert db.portfolio.history(old)[0].start == dt.date(2026, 1, 1)
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add(office=office, rut="96.512.340-7", name="Futura", since=dt.date(2027, 1, 1))
    assert info.value.field == "since"
    assert db.employers.count(office) == 1


# ---- Loading history in bulk ----------------------------------------------------------------

def _history(employer, contact, staff):
    return [
        dict(employer=employer, kind="visit", by=staff, on=D(2026, 10, 5), at="10:30", contacts=[contact],
             summary="  Primera visita ", outcome="2 vacantes",
             commitments=[{"description": "Enviar CVs", "due": D(2026, 10, 12)}]),
        dict(employer=employer.id, kind="phone_call", by=staff.id, on=D(2026, 11, 2), direction="inbound",
             follow_ups=[{"description": "Llamar de vuelta", "due": D(2026, 11, 9)}]),
        dict(employer=employer, kind="email", by=staff, summary="Bases del curso SENCE"),  # on: today
    ]


def test_log_many_logs_what_log_would(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(40), name="Maestranza Concón")
    ana = db.contacts.add(employer=e, name="Ana Rojas")
    ids = db.interactions.log_many(iter(_history(e, ana, gestora)))   # any iterable of dicts
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
    o_staff = other.staff.add(office=o_office, name="Verónica Olguín", role="territorial_manager",
                              started=D(2022, 4, 1))
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
    rows = [dict(employer=firms[k % 3], kind=kinds[k % 3], by=gestora, on=D(2026, 1, 1) + dt.timedelta(days=k % 300),
                 at=f"{8 + k % 9:02d}:{k % 60:02d}", summary=f"Contacto número {k} — ñandú", outcome="" if k % 2 else "ok")
            for k in range(6000)]
    ids = db.interactions.log_many(rows)
    frame = db.interactions.table(office).to_pandas()
    assert len(frame) == 6000
    by_id = frame.set_index("id")
    for k in (0, 1, 4095, 4096, 4097, 5999):
        row = by_id.loc[ids[k]]
        assert row["summary"] == f"Contacto número {k} — ñandú"
        assert (row["kind"], row["employer"], row["outcome"]) == (kinds[k % 3], f"Empresa {k % 3}", "" if k % 2 else "ok")
        assert row["time"] == f"{8 + k % 9:02d}:{k % 60:02d}"
    assert sorted(frame["summary"]) == sorted(r["summary"] for r in rows)
    assert set(frame["kind"]) == set(kinds)
    # by day, then time, then interaction
    keys = list(zip(frame["date"], frame["time"], frame["id"]))
    assert keys == sorted(keys)


def test_log_many_refuses_a_bad_row_and_logs_nothing(db, office, gestora):
    e = db.employers.add(office=office, rut=rut(41), name="Panadería Higuerillas")
    good = dict(employer=e, kind="visit", by=gestora, on=D(2026, 11, 2))
    for bad, field in [(dict(good, on=D(2026, 12, 1)), "rows[1].on"),
                       (dict(good, kind="coffee"), "rows[1].kind"),
                       (dict(good, place="bodega"), "rows[1].place"),
                       ({"employer": e, "kind": "visit"}, "rows[1].by"),
                       (dict(good, employer=9999), "rows[1].employer"),
                       (dict(good, commitments=[{"description": "CVs"}]), "rows[1].commitments[0].due")]:
        with pytest.raises(omilcrm.ValidationError) as info:
            db.interactions.log_many([good, bad, good])
        assert info.value.field == field
    assert info.value.value == ""
    assert db.interactions.of_employer(e) == []
    assert db.commitments.open(office=office) == []
    assert db.interactions.log_many([]) == []
    assert len(db.interactions.table(office)) == 0
