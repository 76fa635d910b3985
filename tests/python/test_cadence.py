"""Contact cadence as an analyst uses it: the most specific policy, tracks, the due list and its
table, compliance over a period, and what `since` and leaving a cluster change.

Every expected value below is worked out by hand in the comments next to it.
"""

import datetime as dt

import omilcrm
import pandas as pd
import pytest

D = dt.date


def rut(n):
    return str(omilcrm.Rut.from_body(76_000_000 + n))


def test_most_specific_policy_wins_and_most_overdue_comes_first(db, office, gestora, park):
    plain = db.employers.add(office=office, rut=rut(30), name="Plain")
    member = db.employers.add(rut=rut(31), name="Member", cluster=park, joined=D(2024, 1, 1))
    key = db.employers.add(rut=rut(32), name="Key", cluster=park, joined=D(2024, 1, 1), segment="key_account")
    special = db.employers.add(rut=rut(33), name="Special", cluster=park, joined=D(2024, 1, 1), segment="key_account")
    never = db.employers.add(office=office, rut=rut(34), name="Never")

    # Added most specific first: precedence is by scope, not by order of creation.
    p_emp = db.cadence.add_policy(
        office=office, interval_days=3, scope="employer", employer=special, name="Seguimiento cercano"
    )
    p_seg = db.cadence.add_policy(
        office=office, interval_days=7, scope="segment", segment="key_account", name="Cuentas clave"
    )
    p_clu = db.cadence.add_policy(office=office, interval_days=14, scope="cluster", cluster=park, name="Parque")
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
    pv = db.cadence.add_policy(
        office=office, interval_days=60, track="visit", kinds=["visit"], name="Visita presencial"
    )
    assert pv.kinds == ["visit"] and pv.track == "visit"
    db.interactions.log(employer=e, kind="visit", by=gestora, on=D(2026, 9, 1))
    db.interactions.log(employer=e, kind="phone_call", by=gestora, on=D(2026, 11, 10))

    # Contact track: the call counts, 11-10 + 30 = 12-10, not due on 11-23.
    assert db.cadence.due(office=office, on=D(2026, 11, 23)) == []
    # Visit track: only the visit, 09-01 + 60 = 10-31, 23 days overdue on 11-23.
    [d] = db.cadence.due(office=office, on=D(2026, 11, 23), track="visit")
    assert (d.last_contact, d.due, d.days_overdue, d.policy_name) == (
        D(2026, 9, 1),
        D(2026, 10, 31),
        23,
        "Visita presencial",
    )


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda db, office, staff: db.cadence.due(office=office, within_days=-5), "within_days"),
        (lambda db, office, staff: db.cadence.due_table(office=office, within_days=-1), "within_days"),
        (lambda db, office, staff: db.clusters.upcoming(office, days=-7), "days"),
        (
            lambda db, office, staff: db.planner.plan_day(staff=staff, within_days=-3, start=(-32.93, -71.52)),
            "within_days",
        ),
        (
            lambda db, office, staff: db.planner.plan_day(staff=staff, visit_minutes=-45, start=(-32.93, -71.52)),
            "visit_minutes",
        ),
    ],
)
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
    assert list(df.columns) == [
        "employer_id",
        "rut",
        "employer",
        "owner_id",
        "owner",
        "last_contact",
        "due",
        "days_overdue",
        "interval_days",
        "policy_scope",
        "policy",
    ]
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
    with omilcrm.open(path, today=D(2026, 8, 1), create=True) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        gestora = db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=D(2022, 4, 1))
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
        contact(e2, D(2026, 8, 5), D(2026, 9, 20))  # due 09-04, late from 09-05
        # e3: never contacted; first contact due 08-01 + 30 = 08-31, late from 09-01
        contact(e4, D(2026, 8, 2), D(2026, 9, 1), D(2026, 10, 1))  # each on its due day: fine
        contact(e5, D(2026, 8, 2), D(2026, 9, 2), D(2026, 10, 2))  # one day late on 09-02

        df = db.cadence.compliance(office=office, start=D(2026, 9, 1), end=D(2026, 10, 31)).to_pandas()
        assert list(df.columns) == ["group", "group_id", "name", "employers", "complied", "share"]
        got = {(r.group, r.group_id): (r.employers, r.complied, r.share) for r in df.itertuples()}
        assert got == {
            ("office", office): (5, 2, pytest.approx(0.4)),  # e1, e4
            ("staff", gestora): (5, 2, pytest.approx(0.4)),
            ("cluster", park): (2, 1, pytest.approx(0.5)),  # e1 yes, e2 no
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


def test_since_dates_an_employer_brought_over_from_older_records(db, office, gestora):
    # The office has worked with this company since January; it was never contacted since then.
    old = db.employers.add(office=office, rut="76.086.428-5", name="Antigua SpA", since=dt.date(2026, 1, 1))
    db.cadence.add_policy(office=office, interval_days=30)
    (item,) = db.cadence.due(office=office, on=dt.date(2026, 11, 23))
    assert (item.employer_id, item.due, item.days_overdue) == (old.id, dt.date(2026, 1, 1), 326)
    assert db.portfolio.history(old)[0].start == dt.date(2026, 1, 1)
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add(office=office, rut="96.512.340-7", name="Futura", since=dt.date(2027, 1, 1))
    assert info.value.field == "since"
    assert db.employers.count(office) == 1
