"""Service requests through Python: routing, triage, life cycle, deadlines and reports (Open311 is
test_open311.py)."""

import datetime as dt

import omilcrm
import pytest

D = dt.date


@pytest.fixture
def acme(db, office, gestora):
    return db.employers.add(
        office=office,
        rut="76.086.428-5",
        name="Acme SpA",
        address="Av. Industrial 455, Concón",
        latitude=-32.94,
        longitude=-71.47,
    )


def test_a_request_is_routed_by_the_first_matching_rule(db, office, gestora, acme):
    req = db.requests.open(
        employer=acme, category="tree_pruning", note="árboles sobre el cable", attributes={"trees": 3}, by=gestora
    )
    aseo = db.departments.by_code(office, "aseo")
    assert (req.status, req.department_id) == ("routed", aseo.id)
    assert req.routing_rule_id is not None
    # Received Monday 2026-11-23; 15 business days, 8 December is a holiday: 2026-12-15.
    assert req.due_on == D(2026, 12, 15)
    assert [e.to_status for e in db.requests.history(req)] == ["received", "routed"]
    assert req.address == "Av. Industrial 455, Concón"  # the employer's premises


def test_nothing_is_lost_a_request_no_rule_matches_waits_in_triage(db, office, gestora, acme):
    req = db.requests.open(employer=acme, category="other", note="consulta por patentes")
    assert req.in_triage and req.status == "received"
    assert [r.id for r in db.requests.list(office, triage_only=True)] == [req.id]
    df = db.requests.table(office).to_pandas()
    assert df.loc[0, "department"] == "(triage)"
    dideco = db.departments.by_code(office, "dideco")
    routed = db.requests.reroute(req, department=dideco, by=gestora, note="lo ve DIDECO")
    assert (routed.status, routed.department_id) == ("routed", dideco.id)
    assert db.requests.list(office, triage_only=True) == []


def test_invalid_transition_is_refused_and_changes_nothing(db, office, gestora, acme):
    req = db.requests.open(employer=acme, category="street_lights", note="poste apagado")
    req = db.requests.transition(req, "resolved", by=gestora, note="reparado", visible_to_employer=True)
    req = db.requests.transition(req, "closed", by=gestora)
    before = db.requests.history(req)
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.transition(req, "in_progress", by=gestora)
    assert info.value.field == "status"
    assert "closed" in str(info.value) and "in_progress" in str(info.value)
    assert db.requests.get(req).status == "closed"
    assert len(db.requests.history(req)) == len(before)
    assert db.requests.transition(req, "reopened", by=gestora).status == "reopened"


def test_bad_request_names_the_field_and_writes_nothing(db, office, gestora, acme):
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.open(employer=acme, category="flying_cars")
    assert info.value.field == "category"
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.open(employer=acme, category="tree_pruning", note="sin cantidad")
    assert info.value.field == "trees"
    assert db.requests.list(office, open_only=False) == []


def test_waiting_on_the_employer_pauses_the_clock(db, office, gestora, acme):
    req = db.requests.open(employer=acme, category="street_lights", received_on=D(2026, 11, 2))
    assert req.due_on == D(2026, 11, 9)  # 5 business days from Monday 2 November
    req = db.requests.pause(req, on=D(2026, 11, 4), note="esperando foto del poste")
    assert req.due_on is None
    req = db.requests.resume(req, on=D(2026, 11, 9))
    assert req.due_on == D(2026, 11, 12)  # 4, 5 and 6 November were paused: 3 business days later


def test_changes_are_dated_in_order_and_duplicates_do_not_circle(db, office, gestora, acme):
    req = db.requests.open(employer=acme, category="street_lights", received_on=D(2026, 11, 2))
    req = db.requests.transition(req, "in_progress", on=D(2026, 11, 5))
    for call in (
        lambda: db.requests.transition(req, "resolved", on=D(2026, 11, 4)),
        lambda: db.requests.transition(req, "resolved", on=D(2026, 11, 24)),
        lambda: db.requests.pause(req, on=D(2026, 11, 3)),
        lambda: db.requests.pause(req, on=D(2026, 12, 1)),
    ):
        with pytest.raises(omilcrm.ValidationError) as info:
            call()
        assert info.value.field == "on"
    db.requests.pause(req, on=D(2026, 11, 10))
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.resume(req, on=D(2026, 11, 30))
    assert (info.value.field, info.value.value) == ("on", "2026-11-30")
    assert db.requests.get(req).status == "in_progress"

    a = db.requests.open(employer=acme, category="street_lights", note="poste apagado")
    b = db.requests.open(employer=acme, category="street_lights", note="el mismo poste")
    db.requests.mark_duplicate(a, original=b)
    with pytest.raises(omilcrm.Conflict):
        db.requests.mark_duplicate(b, original=a)
    assert db.requests.get(b).status == "routed"


def test_catalogue_changes_do_not_move_received_requests(db, office, gestora, acme):
    req = db.requests.open(employer=acme, category="street_lights", received_on=D(2026, 11, 2))
    db.catalogue.set_deadline(office=office, code="street_lights", business_days=20)
    req = db.requests.pause(req, on=D(2026, 11, 4))
    req = db.requests.resume(req, on=D(2026, 11, 5))
    assert req.deadline_days == 5
    assert req.due_on == D(2026, 11, 10)  # one paused business day


def test_a_retired_department_receives_nothing_new(db, office, gestora, acme):
    aseo = db.departments.by_code(office, "aseo")
    db.departments.update(aseo, active=False)
    req = db.requests.open(employer=acme, category="garbage_removal", note="microbasural")
    assert req.in_triage


def test_overdue_and_near_deadline(db, office, gestora, acme):
    late = db.requests.open(employer=acme, category="security_patrol", received_on=D(2026, 11, 2))
    soon = db.requests.open(employer=acme, category="security_patrol", received_on=D(2026, 11, 20))
    assert [r.id for r in db.requests.overdue(office)] == [late.id]
    assert [r.id for r in db.requests.near_deadline(office, business_days=3)] == [soon.id]
    # One department's lists: the patrol's department has both, the lights' none.
    seguridad = db.departments.by_code(office, "seguridad")
    lights = db.requests.open(
        employer=acme, category="street_lights", description="Luminaria", received_on=D(2026, 11, 2)
    )
    assert lights.department_id != seguridad.id
    assert [r.id for r in db.requests.overdue(office, department=seguridad)] == [late.id]
    assert [r.id for r in db.requests.overdue(office, department=lights.department_id)] == [lights.id]
    assert db.requests.near_deadline(office, business_days=3, department=lights.department_id) == []


def test_reports_open_by_department_and_deadline_compliance(db, office, gestora, acme):
    seguridad = db.departments.by_code(office, "seguridad")
    # security_patrol has 3 business days. Received Mon 2 Nov: due Thu 5 Nov.
    on_time = db.requests.open(employer=acme, category="security_patrol", received_on=D(2026, 11, 2))
    db.requests.transition(on_time, "resolved", on=D(2026, 11, 5))  # 3 business days, on time
    late = db.requests.open(employer=acme, category="security_patrol", received_on=D(2026, 11, 2))
    db.requests.transition(late, "resolved", on=D(2026, 11, 10))  # 6 business days, late
    still_open = db.requests.open(employer=acme, category="security_patrol", received_on=D(2026, 11, 9))
    dup = db.requests.open(employer=acme, category="security_patrol", received_on=D(2026, 11, 9))
    db.requests.mark_duplicate(dup, original=still_open)

    open_df = db.requests.open_by_department(office, on=D(2026, 11, 23)).to_pandas()
    row = open_df[open_df.department_id == seguridad.id].iloc[0]
    # One open request (the duplicate is closed): received 9 Nov, 14 days old, due 12 Nov: overdue.
    assert (row.open, row.overdue, row.oldest_age_days) == (1, 1, 14)

    comp = db.requests.deadline_compliance(office, start=D(2026, 11, 1), end=D(2026, 11, 23)).to_pandas()
    (row,) = comp[comp.category == "security_patrol"].itertuples()
    assert (row.received, row.resolved, row.resolved_on_time, row.open, row.open_overdue) == (3, 2, 1, 1, 1)
    assert row.on_time_share == 0.5
    assert row.median_business_days_to_resolve == 4.5  # median of 3 and 6

    history = db.requests.table(office, employer=acme).to_pandas()
    assert len(history) == 4 and set(history.status) == {"resolved", "routed", "duplicate"}

    # The rest of the year has not come: its deadlines are not missed yet. Judged up to today.
    year = db.requests.deadline_compliance(office, start=D(2026, 11, 1), end=D(2026, 12, 31)).to_pandas()
    assert year.attrs["judged_to"] == "2026-11-23"
    assert year["open_overdue"].sum() == open_df["overdue"].sum() == 1
    soon = db.requests.open(employer=acme, category="security_patrol")  # due Thursday 26
    year = db.requests.deadline_compliance(office, start=D(2026, 11, 1), end=D(2026, 12, 31)).to_pandas()
    (row,) = year[year.category == "security_patrol"].itertuples()
    assert (row.open, row.open_overdue) == (2, 1)
    assert soon.due_on == D(2026, 11, 26)


def test_duplicates_go_through_mark_duplicate(db, office, gestora, acme):
    first = db.requests.open(employer=acme, category="street_lights", note="poste apagado")
    second = db.requests.open(employer=acme, category="street_lights", note="el mismo poste")
    with pytest.raises(omilcrm.ValidationError, match="mark_duplicate"):
        db.requests.transition(second, "duplicate")
    assert db.requests.mark_duplicate(second, original=first).duplicate_of == first.id


def test_open_many_routes_and_dates_each_row_as_open_does(db, office, gestora, acme):
    rows = [
        dict(employer=acme, category="tree_pruning", note="ramas sobre el cable", attributes={"trees": 3}, by=gestora),
        dict(
            office=office,
            category="other",
            description="consulta por patentes",
            address="Av. Borgoño 100",
            received_on=D(2026, 11, 20),
            email="Vecino@Example.CL",
        ),
        dict(employer=acme.id, category="security_patrol", received_on=D(2026, 9, 17)),
    ]
    bulk = [db.requests.get(i) for i in db.requests.open_many(rows)]
    # Received Monday 2026-11-23: 15 business days over 8 December; triage; 3 business days over
    # Fiestas Patrias (18-19 September).
    assert [r.due_on for r in bulk] == [D(2026, 12, 15), D(2026, 12, 4), D(2026, 9, 23)]
    assert [r.status for r in bulk] == ["routed", "received", "routed"]
    assert bulk[0].address == "Av. Industrial 455, Concón" and bulk[1].in_triage
    assert bulk[1].requester_email == "vecino@example.cl"
    # The same rows through open(): the same requests and histories.
    single = [db.requests.open(**row) for row in rows]
    fields = [
        "office_id",
        "employer_id",
        "category",
        "description",
        "address",
        "latitude",
        "attributes",
        "status",
        "department_id",
        "routing_rule_id",
        "received_on",
        "due_on",
        "requester_email",
    ]
    for b, s in zip(bulk, single, strict=True):
        assert [getattr(b, f) for f in fields] == [getattr(s, f) for f in fields]
        assert [(e.kind, e.to_status, e.note, e.staff_id) for e in db.requests.history(b)] == [
            (e.kind, e.to_status, e.note, e.staff_id) for e in db.requests.history(s)
        ]


def test_open_many_refuses_a_bad_row_and_opens_nothing(db, office, gestora, acme):
    rows = [
        dict(employer=acme, category="street_lights", note="poste apagado"),
        dict(employer=acme, category="flying_cars"),
        dict(employer=acme, category="street_lights"),
    ]
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.open_many(rows)
    assert (info.value.field, info.value.value) == ("rows[1].category", "flying_cars")
    rows[1] = dict(employer=acme, category="tree_pruning")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.open_many(rows)
    assert info.value.field == "rows[1].trees"
    rows[1] = dict(employer=acme, category="street_lights", received_on=D(2026, 11, 24))
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.open_many(rows)
    assert info.value.field == "rows[1].received_on"
    rows[1] = dict(note="sin categoría")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.open_many(rows)
    assert info.value.field == "rows[1].category"
    assert db.requests.list(office, open_only=False) == []
    assert db.requests.open_many([]) == []


def test_business_days_count_whole_columns_as_deadlines_do(db, office):
    import numpy as np
    import pandas as pd

    db.requests.add_holiday(office=office, on=D(2026, 12, 14), name="Aniversario comunal")
    # By hand: Fri 4 Dec .. Thu 10 Dec skips Tue 8 (Inmaculada Concepción): 7, 9, 10.
    assert db.requests.business_days(office, D(2026, 12, 4), D(2026, 12, 10)) == 3
    assert db.requests.add_business_days(office, D(2026, 12, 4), 3) == D(2026, 12, 10)
    # Received Saturday 12 Dec, Monday 14 the commune's holiday: counts from Tuesday 15.
    assert db.requests.business_days(office, "2026-12-12", "2026-12-18") == 3
    assert db.requests.business_days(office, D(2026, 12, 18), D(2026, 12, 1)) == -11  # end before start

    # Every pair of a year of days, as columns, equals the one-at-a-time count.
    starts = [D(2026, 11, 1) + dt.timedelta(days=k) for k in range(0, 60)]
    ends = [s + dt.timedelta(days=(k * 7) % 45 - 3) for k, s in enumerate(starts)]
    one_by_one = [db.requests.business_days(office, s, e) for s, e in zip(starts, ends, strict=True)]
    as_lists = db.requests.business_days(office, starts, ends)
    assert isinstance(as_lists, np.ndarray) and as_lists.dtype == np.int64
    assert list(as_lists) == one_by_one
    frame = pd.DataFrame({"start": pd.to_datetime(starts), "end": pd.to_datetime(ends)})
    assert list(db.requests.business_days(office, frame.start, frame.end)) == one_by_one
    assert list(db.requests.business_days(office, frame.start.to_numpy(), frame.end.dt.date)) == one_by_one
    # One side may be a single date.
    assert list(db.requests.business_days(office, D(2026, 12, 4), [D(2026, 12, 10), D(2026, 12, 16)])) == [3, 6]
    assert len(db.requests.business_days(office, [], D(2026, 12, 10))) == 0

    with pytest.raises(omilcrm.ValidationError, match=r"end\[1\]"):
        db.requests.business_days(office, frame.start[:2], pd.Series([pd.Timestamp("2026-12-10"), pd.NaT]))
    with pytest.raises(omilcrm.ValidationError, match=r"start\[0\]"):
        db.requests.business_days(office, [None], [D(2026, 12, 10)])
    with pytest.raises(omilcrm.ValidationError, match=r"end\[1\]"):
        db.requests.business_days(office, D(2026, 12, 4), ["2026-12-10", "10/12/2026"])
    with pytest.raises(omilcrm.ValidationError, match=r"start\[0\].*not a date"):
        db.requests.business_days(office, [42], [D(2026, 12, 10)])
    with pytest.raises(omilcrm.ValidationError, match="as many as start"):
        db.requests.business_days(office, starts, ends[:3])

    holidays = db.requests.holidays(office, D(2026, 12, 1), D(2026, 12, 31)).to_pandas()
    assert list(holidays.name) == ["Inmaculada Concepción", "Aniversario comunal", "Navidad"]
    assert list(holidays.local) == [False, True, False]


def test_the_command_line_lists_one_departments_overdue_and_near_requests(tmp_path):
    import json

    from test_cli import run

    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(str(path), create=True, today=D(2026, 11, 23))
    office = db.offices.add(name="OMIL Concón", commune="concon")
    db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=D(2022, 4, 1))
    acme = db.employers.add(rut="76.086.428-5", name="Acme SpA", office=office)
    late = db.requests.open(employer=acme, category="security_patrol", received_on=D(2026, 11, 2))
    lights = db.requests.open(
        employer=acme,
        category="street_lights",
        description="Luminaria",
        address="Camino Concón-Quintero km 2",
        received_on=D(2026, 11, 2),
    )
    lights_code = db.departments.get(lights.department_id).code
    db.close()

    def ids(*args):
        return [r["id"] for r in json.loads(run("requests", *args, "--json", db=path, check=0).stdout)]

    assert ids("--overdue", "--on", "2026-11-23") == [late.id, lights.id]
    assert ids("--overdue", "--on", "2026-11-23", "--department", "seguridad") == [late.id]
    assert ids("--overdue", "--on", "2026-11-23", "--department", lights_code) == [lights.id]
    assert ids("--department", str(lights.department_id)) == [lights.id]
    assert ids("--near", "3", "--on", "2026-11-03", "--department", "seguridad") == [late.id]
    bad = run("requests", "--department", "bomberos", db=path, check=2)
    assert "department" in bad.stderr and "bomberos" in bad.stderr
