"""Visit planning and the office calendar as an analyst uses them: a day's plan within every
company's visiting hours, on foot and by bus or with a vehicle, plans kept and superseded, and the
calendar as iCalendar in summer and winter time.

Every expected value below is worked out by hand in the comments next to it.
"""

import datetime as dt
import math

import omilcrm
import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

D = dt.date
UTC = dt.UTC

# The office of Concón and places around it (decimal degrees).
OFFICE_AT = (-32.9236, -71.5197)
SANTIAGO = (-33.4372, -70.6506)  # ~100 km away: out of reach for a day on foot and by bus


def rut(n):
    return str(omilcrm.Rut.from_body(76_000_000 + n))


def travel_minutes(a, b, kmh, detour=1.3):
    """Haversine (R = 6371.0088 km) times the detour factor, at kmh, rounded up."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    km = 2 * 6371.0088 * math.asin(math.sqrt(h)) * detour
    return math.ceil(km / kmh * 60 - 1e-9), km


@pytest.fixture
def geo_office(db):
    return db.offices.add(
        name="OMIL Concón", commune="concon", address="Santa Laura 567", latitude=OFFICE_AT[0], longitude=OFFICE_AT[1]
    )


@pytest.fixture
def veronica(db, geo_office):
    return db.staff.add(office=geo_office, name="Verónica Olguín", role="territorial_manager", started=D(2022, 4, 1))


# ---- Visit planning ------------------------------------------------------------------------

TUESDAY = D(2026, 11, 24)


@pytest.fixture
def concon(db, geo_office, veronica):
    """Employers around the office, with their visiting hours."""

    def add(n, name, at, hours, address=""):
        return db.employers.add(
            office=geo_office,
            rut=rut(n),
            name=name,
            latitude=at[0],
            longitude=at[1],
            visiting_hours=hours,
            address=address,
        )

    return {
        "envases": add(
            70, "Envases del Pacífico", (-32.941, -71.468), "mon-fri 10:00-12:30", "Camino Concón-Quillota km 3"
        ),
        "logistica": add(71, "Logística Gulmué", (-32.946, -71.474), "mon-thu 14:30-17:00"),
        "panaderia": add(72, "Panadería Higuerillas", (-32.935, -71.535), "sat 09:00-13:00"),
        "santiago": add(73, "Casa matriz Santiago", SANTIAGO, "mon-fri 09:00-18:00"),
        # Three neighbours of the office that all receive only from 09:30 to 10:30.
        "n1": add(74, "Ferretería Costa", (-32.9250, -71.5180), "mon-fri 09:30-10:30"),
        "n2": add(75, "Farmacia Concón", (-32.9260, -71.5200), "mon-fri 09:30-10:30"),
        "n3": add(76, "Constructora Borde", (-32.9220, -71.5160), "mon-fri 09:30-10:30"),
    }


def location(db, employer_id):
    e = db.employers.get(employer_id)
    return (e.latitude, e.longitude)


def check_feasible(db, plan, *, on, start_minute=540, kmh=12.0):
    """Every stop inside one of its windows, after the travel from the previous point."""
    weekday = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][on.weekday()]
    prev_depart, prev_at = start_minute, OFFICE_AT
    for s in plan.stops:
        windows = [w for w in db.employers.get(s.employer_id).visiting_hours if w.open_on(weekday)]
        assert any(w.start_minute <= s.start_minute and s.depart_minute <= w.end_minute for w in windows), s
        assert s.start_minute >= s.arrive_minute
        minutes, km = travel_minutes(prev_at, location(db, s.employer_id), kmh)
        assert s.travel_minutes == minutes
        assert s.travel_km == pytest.approx(km, rel=1e-6)
        assert s.arrive_minute >= prev_depart + s.travel_minutes
        prev_depart, prev_at = s.depart_minute, location(db, s.employer_id)


def test_a_day_on_foot_and_by_bus(db, veronica, concon):
    plan = db.planner.plan_day(staff=veronica, on=TUESDAY, candidates=list(concon.values()))
    check_feasible(db, plan, on=TUESDAY)

    visited = [s.employer_id for s in plan.stops]
    why = {lo.employer_id: lo.reason for lo in plan.left_out}
    assert sorted(visited + list(why)) == sorted(e.id for e in concon.values())
    assert concon["envases"].id in visited
    assert why[concon["panaderia"].id] == "window_closed"  # Saturdays only
    assert why[concon["santiago"].id] == "out_of_reach"  # ~100 km at 12 km/h
    # The working day is 09:00-15:00: Logística's 14:30-17:00 window cannot hold 45 minutes
    # and the trip back before 15:00.
    assert why[concon["logistica"].id] == "out_of_reach"
    # One 45-minute visit fits in 09:30-10:30; the other two neighbours did not fit with it.
    neighbours = [concon[k].id for k in ("n1", "n2", "n3")]
    assert sum(n in visited for n in neighbours) == 1
    assert sorted(why[n] for n in neighbours if n not in visited) == ["day_full", "day_full"]
    details = {lo.employer_id: lo.detail for lo in plan.left_out}
    assert "sat" in details[concon["panaderia"].id] or "tue" in details[concon["panaderia"].id]

    # Envases, alone or not: opens at 10:00, so the visit runs 10:00-10:45 at the latest start.
    [env] = [s for s in plan.stops if s.employer_id == concon["envases"].id]
    assert env.depart_minute - env.start_minute == 45


def test_must_visit_is_visited_and_the_plan_is_deterministic(db, veronica, concon):
    n3 = concon["n3"]
    kwargs = dict(staff=veronica, on=TUESDAY, candidates=list(concon.values()), must_visit=[n3])
    plan = db.planner.plan_day(**kwargs)
    check_feasible(db, plan, on=TUESDAY)
    visited = [s.employer_id for s in plan.stops]
    assert n3.id in visited
    why = {lo.employer_id: lo.reason for lo in plan.left_out}
    assert why[concon["n1"].id] == why[concon["n2"].id] == "day_full"

    again = db.planner.plan_day(**kwargs)
    shuffled = db.planner.plan_day(**{**kwargs, "candidates": list(reversed(list(concon.values())))})

    def key(p):
        return (
            [(s.employer_id, s.arrive_minute, s.start_minute, s.depart_minute, s.travel_minutes) for s in p.stops],
            [(lo.employer_id, lo.reason, lo.detail) for lo in p.left_out],
            p.end_minute,
            p.travel_minutes,
            round(p.travel_km, 9),
        )

    assert key(plan) == key(again) == key(shuffled)


def test_a_vehicle_reaches_more_on_a_spread_out_day(db, geo_office, veronica):
    spots = [(-32.90, -71.45), (-32.96, -71.55), (-32.88, -71.52), (-32.99, -71.47), (-32.95, -71.42), (-32.86, -71.48)]
    es = [
        db.employers.add(
            office=geo_office,
            rut=rut(80 + i),
            name=f"Empresa {i}",
            latitude=a,
            longitude=b,
            visiting_hours="mon-fri 09:00-18:00",
        )
        for i, (a, b) in enumerate(spots)
    ]
    on_foot = db.planner.plan_day(staff=veronica, on=TUESDAY, candidates=es, max_hours=4)
    by_car = db.planner.plan_day(staff=veronica, on=TUESDAY, candidates=es, max_hours=4, vehicle=True)
    check_feasible(db, on_foot, on=TUESDAY, kmh=12.0)
    check_feasible(db, by_car, on=TUESDAY, kmh=30.0)
    assert len(by_car.stops) > len(on_foot.stops)
    # Back at the office within the 4 hours (09:00-13:00).
    assert on_foot.end_minute <= 13 * 60 and by_car.end_minute <= 13 * 60
    assert {lo.reason for lo in on_foot.left_out} == {"day_full"}


def test_plan_table_save_and_supersede(db, geo_office, veronica, concon):
    plan = db.planner.plan_day(staff=veronica, on=TUESDAY, candidates=[concon["envases"], concon["n1"]])
    assert [s.employer_id for s in plan.stops] == [concon["n1"].id, concon["envases"].id]

    df = db.planner.table(plan).to_pandas()
    assert list(df.columns) == [
        "order",
        "employer_id",
        "employer",
        "address",
        "arrive",
        "start",
        "depart",
        "travel_minutes",
        "travel_km",
        "visiting_hours",
    ]
    assert list(df["order"]) == [1, 2]
    assert list(df["employer"]) == ["Ferretería Costa", "Envases del Pacífico"]
    assert df["address"].iloc[1] == "Camino Concón-Quillota km 3"
    assert list(df["visiting_hours"]) == ["mon-fri 09:30-10:30", "mon-fri 10:00-12:30"]

    def hhmm(m):
        return f"{m // 60:02d}:{m % 60:02d}"

    assert list(df["start"]) == [hhmm(s.start_minute) for s in plan.stops]
    assert list(df["depart"]) == [hhmm(s.depart_minute) for s in plan.stops]
    assert list(df["arrive"]) == [hhmm(s.arrive_minute) for s in plan.stops]
    assert list(df["travel_minutes"]) == [s.travel_minutes for s in plan.stops]
    # Ferretería opens at 09:30: 09:30-10:15; then to Envases (its own travel), 45 minutes there.
    assert (plan.stops[0].start_minute, plan.stops[0].depart_minute) == (570, 615)

    saved = db.planner.save(plan, staff=veronica, on=TUESDAY)
    assert [(v.employer_id, v.day, v.staff_id) for v in saved] == [
        (concon["n1"].id, TUESDAY, veronica.id),
        (concon["envases"].id, TUESDAY, veronica.id),
    ]
    planned = db.planner.planned(office=geo_office, start=TUESDAY, end=TUESDAY)
    assert [(v.employer_id, v.start, v.end) for v in planned] == [
        (s.employer_id, hhmm(s.start_minute), hhmm(s.depart_minute)) for s in plan.stops
    ]

    # Plans change: the new plan for the day replaces the old one.
    other = db.planner.plan_day(staff=veronica, on=TUESDAY, candidates=[concon["n2"]])
    db.planner.save(other, staff=veronica, on=TUESDAY)
    planned = db.planner.planned(office=geo_office, start=TUESDAY, end=TUESDAY, staff=veronica)
    assert [v.employer_id for v in planned] == [concon["n2"].id]
    assert db.planner.planned(office=geo_office, start=D(2026, 11, 25), end=D(2026, 11, 30)) == []


# ---- The office calendar -------------------------------------------------------------------


def events_of(ics):
    cal = Calendar.from_ical(ics)
    return cal, {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def check_wire_format(ics):
    assert ics.endswith("\r\n")
    lines = ics.split("\r\n")[:-1]
    assert "\n" not in "".join(lines) and "\r" not in "".join(lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines), max(lines, key=len)


def test_calendar_in_november(db, geo_office, veronica, concon):
    db.clusters.add(
        office=geo_office,
        name="Parque Industrial Gulmué",
        kind="industrial_park",
        meets=omilcrm.Recurrence.monthly(week=1, weekday="thu"),
    )
    envases = concon["envases"]
    plan = db.planner.plan_day(staff=veronica, on=TUESDAY, candidates=[envases])
    [stop] = plan.stops
    assert (stop.start_minute, stop.depart_minute) == (600, 645)  # waits for 10:00
    db.planner.save(plan, staff=veronica, on=TUESDAY)
    long_text = (
        "Enviar nómina de 12 candidatos certificados en operación de grúa horquilla, "
        "con evaluación psicolaboral y antecedentes al día, para la planta de Concón"
    )
    promise = db.commitments.add(employer=envases, description=long_text, due=D(2026, 12, 9))
    kept = db.commitments.add(employer=envases, description="Difundir vacante", due=D(2026, 12, 10))
    db.commitments.keep(kept)

    ics = db.calendar.ics(office=geo_office, start=D(2026, 11, 23), end=D(2027, 1, 31))
    check_wire_format(ics)
    cal, events = events_of(ics)

    [tz] = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "America/Santiago"
    # From the tz database: summer time (UTC-3) since 6 September 2026, no change up to February.
    assert "BEGIN:DAYLIGHT\r\nDTSTART:20260906T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0300\r\n" in ics

    visits = [ev for ev in events.values() if str(ev["SUMMARY"]).startswith("Visita")]
    [visit] = visits
    start, end = visit["DTSTART"].dt, visit["DTEND"].dt
    assert isinstance(start, dt.datetime) and start.tzinfo is not None
    assert visit["DTSTART"].params["TZID"] == "America/Santiago"
    assert (start.hour, start.minute) == (10, 0)
    assert start.astimezone(UTC) == dt.datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # summer: UTC-3
    assert end.astimezone(UTC) == dt.datetime(2026, 11, 24, 13, 45, tzinfo=UTC)
    assert "Envases del Pacífico" in str(visit["SUMMARY"])

    # The park meets on first Thursdays: one all-day event from Dec 3 that repeats monthly.
    [meeting] = [
        ev for ev in events.values() if "Gulmué" in str(ev["SUMMARY"]) and not str(ev["SUMMARY"]).startswith("Visita")
    ]
    assert meeting["DTSTART"].dt == D(2026, 12, 3) and type(meeting["DTSTART"].dt) is dt.date
    assert meeting["DTEND"].dt - meeting["DTSTART"].dt == dt.timedelta(days=1)
    assert meeting["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1TH"
    rule = rrulestr(meeting["RRULE"].to_ical().decode(), dtstart=dt.datetime(2026, 12, 3))
    assert [d.date() for d in rule[:2]] == [D(2026, 12, 3), D(2027, 1, 7)]

    # The open commitment on its due date (long text folded and unfolded intact); not the kept one.
    promised = [ev for ev in events.values() if long_text in str(ev["SUMMARY"])]
    assert len(promised) == 1 and promised[0]["DTSTART"].dt == D(2026, 12, 9)
    assert type(promised[0]["DTSTART"].dt) is dt.date
    assert not any("Difundir vacante" in str(ev["SUMMARY"]) for ev in events.values())
    assert len(events) == 1 + 1 + 1

    # UIDs: unique and the same in a second export.
    raw_uids = [line[4:] for line in ics.split("\r\n") if line.startswith("UID:")]
    assert len(raw_uids) == len(set(raw_uids)) == 3
    _, events2 = events_of(db.calendar.ics(office=geo_office, start=D(2026, 11, 23), end=D(2027, 1, 31)))
    assert set(events2) == set(events)
    assert promise.uuid in "".join(events)


def test_the_vtimezone_agrees_with_the_tz_database(db, office, gestora):
    """Each exported STANDARD/DAYLIGHT is a change zoneinfo knows, at that instant, with those offsets."""
    from zoneinfo import ZoneInfo

    acme = db.employers.add(rut="76.086.428-5", name="Acme", office=office)
    db.commitments.add(employer=acme, description="Primera", due=D(2026, 12, 1))
    db.commitments.add(employer=acme, description="Última", due=D(2030, 12, 1))
    cal = Calendar.from_ical(db.calendar.ics(office=office, start=D(2026, 11, 1), end=D(2030, 12, 31)))
    [tz] = cal.walk("VTIMEZONE")
    santiago = ZoneInfo("America/Santiago")
    changes = []
    for sub in tz.subcomponents:
        before, after = sub["TZOFFSETFROM"].td, sub["TZOFFSETTO"].td
        local = sub["DTSTART"].dt.replace(tzinfo=None)  # the wall time on the clock before the change
        instant = (local - before).replace(tzinfo=UTC)
        minute = dt.timedelta(minutes=1)
        assert (instant - minute).astimezone(santiago).utcoffset() == before, (sub.name, local)
        assert (instant + minute).astimezone(santiago).utcoffset() == after, (sub.name, local)
        assert sub.name == ("DAYLIGHT" if after == dt.timedelta(hours=-3) else "STANDARD")
        changes.append(instant)
    # The change in force before the first event (summer time from 6 September 2026), then
    # Chile's changes up to the last one: first Sundays of April and September, 2027 to 2030.
    assert sorted(changes)[:2] == [dt.datetime(2026, 9, 6, 4, 0, tzinfo=UTC), dt.datetime(2027, 4, 4, 3, 0, tzinfo=UTC)]
    assert len(changes) == 1 + 8


def test_visits_around_the_april_change():
    db = omilcrm.open(":memory:", today=D(2027, 3, 29))
    office = db.offices.add(name="OMIL Concón", commune="concon", latitude=OFFICE_AT[0], longitude=OFFICE_AT[1])
    veronica = db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=D(2022, 4, 1))
    envases = db.employers.add(
        office=office,
        rut=rut(91),
        name="Envases del Pacífico",
        latitude=-32.941,
        longitude=-71.468,
        visiting_hours="mon-sat 10:00-12:30",
    )
    saturday, monday = D(2027, 4, 3), D(2027, 4, 5)  # clocks go back in the night to Sunday 4th
    for day in (saturday, monday):
        db.planner.save(db.planner.plan_day(staff=veronica, on=day, candidates=[envases]), staff=veronica, on=day)
    ics = db.calendar.ics(office=office, start=D(2027, 4, 1), end=D(2027, 4, 30))
    check_wire_format(ics)
    _, events = events_of(ics)
    starts = sorted(ev["DTSTART"].dt.astimezone(UTC) for ev in events.values())
    assert starts == [
        dt.datetime(2027, 4, 3, 13, 0, tzinfo=UTC),  # 10:00 at UTC-3
        dt.datetime(2027, 4, 5, 14, 0, tzinfo=UTC),
    ]  # 10:00 at UTC-4


def test_calendar_in_winter_is_utc_minus_four():
    db = omilcrm.open(":memory:", today=D(2027, 7, 1))
    office = db.offices.add(name="OMIL Concón", commune="concon", latitude=OFFICE_AT[0], longitude=OFFICE_AT[1])
    veronica = db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=D(2022, 4, 1))
    envases = db.employers.add(
        office=office,
        rut=rut(90),
        name="Envases del Pacífico",
        latitude=-32.941,
        longitude=-71.468,
        visiting_hours="mon-fri 10:00-12:30",
    )
    db.clusters.add(
        office=office,
        name="Parque Industrial Gulmué",
        kind="industrial_park",
        meets=omilcrm.Recurrence.monthly(week=1, weekday="thu"),
    )
    monday = D(2027, 7, 5)
    plan = db.planner.plan_day(staff=veronica, on=monday, candidates=[envases])
    assert [(s.start_minute, s.depart_minute) for s in plan.stops] == [(600, 645)]
    db.planner.save(plan, staff=veronica, on=monday)

    ics = db.calendar.ics(office=office, start=D(2027, 7, 1), end=D(2027, 7, 31))
    check_wire_format(ics)
    _, events = events_of(ics)
    [visit] = [ev for ev in events.values() if str(ev["SUMMARY"]).startswith("Visita")]
    assert visit["DTSTART"].dt.astimezone(UTC) == dt.datetime(2027, 7, 5, 14, 0, tzinfo=UTC)
    assert visit["DTEND"].dt.astimezone(UTC) == dt.datetime(2027, 7, 5, 14, 45, tzinfo=UTC)
    # July 1st 2027 is the first Thursday.
    [meeting] = [ev for ev in events.values() if not str(ev["SUMMARY"]).startswith("Visita")]
    assert meeting["DTSTART"].dt == D(2027, 7, 1)
