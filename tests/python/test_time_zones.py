"""Chile's time zones from the tz database: each commune's zone, the offsets against Python's
zoneinfo for 2000-2040, and an office's today, Open311 times and calendar in its zone."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import omilcrm
import pytest
from omilcrm import territory, zones

UTC = dt.UTC
ZONES = ["America/Santiago", "America/Punta_Arenas", "America/Coyhaique", "Pacific/Easter"]


def test_each_commune_has_its_zone():
    assert territory.time_zone("Punta Arenas") == "America/Punta_Arenas"
    assert territory.time_zone("Coyhaique") == "America/Coyhaique"
    assert territory.time_zone("Isla de Pascua") == "Pacific/Easter"
    assert territory.time_zone("05103") == "America/Santiago"
    by_zone: dict[str, int] = {}
    for c in territory.communes():
        z = territory.time_zone(c.code)
        by_zone[z] = by_zone.get(z, 0) + 1
        expected = (
            "Pacific/Easter"
            if c.code == "05201"
            else "America/Punta_Arenas"
            if c.region_code == "12"
            else "America/Coyhaique"
            if c.region_code == "11"
            else "America/Santiago"
        )
        assert z == expected, c
    assert by_zone == {
        "America/Santiago": 324,
        "America/Punta_Arenas": 11,
        "America/Coyhaique": 10,
        "Pacific/Easter": 1,
    }
    with pytest.raises(omilcrm.ValidationError):
        territory.time_zone("Atlantis")


@pytest.mark.parametrize("zone", ZONES)
def test_offsets_agree_with_zoneinfo_2000_to_2040(zone):
    """Every 6 hours from 2000 to 2040, and a minute either side of every change zoneinfo knows."""
    info = ZoneInfo(zone)
    start = dt.datetime(2000, 1, 1, tzinfo=UTC)
    step = dt.timedelta(hours=6)
    instants = [start + i * step for i in range(int((dt.datetime(2041, 1, 1, tzinfo=UTC) - start) / step))]
    minute = dt.timedelta(minutes=1)
    expected = [int(t.astimezone(info).utcoffset().total_seconds()) // 60 for t in instants]
    # Around each change between two samples: find the minute of the change by bisection.
    extra, extra_expected = [], []
    for (a, b), (oa, ob) in zip(itertools.pairwise(instants), itertools.pairwise(expected), strict=True):
        if oa == ob:
            continue
        lo, hi = a, b
        while hi - lo > minute:
            mid = (lo + (hi - lo) / 2).replace(second=0, microsecond=0)
            if int(mid.astimezone(info).utcoffset().total_seconds()) // 60 == oa:
                lo = mid
            else:
                hi = mid
        extra += [lo, hi]
        extra_expected += [oa, ob]
    assert len(extra) > 2 * 40 if zone in ("America/Santiago", "Pacific/Easter") else len(extra) >= 2
    instants += extra
    expected += extra_expected
    got = [omilcrm.zones.utc_offset_minutes(zone, t) for t in instants]
    wrong = [(t, e, g) for t, e, g in zip(instants, expected, got, strict=True) if e != g]
    assert not wrong, wrong[:5]
    assert len(instants) > 59_000


def test_a_punta_arenas_visit_is_at_ten_there():
    # 10:00 on 7 July 2026 in Punta Arenas is 13:00Z; with Santiago's rule it would be 14:00Z.
    assert zones.utc_offset_minutes("America/Punta_Arenas", dt.datetime(2026, 7, 7, 13, tzinfo=UTC)) == -180
    assert zones.local_datetime("America/Punta_Arenas", dt.datetime(2026, 7, 7, 13, tzinfo=UTC)) == (
        "2026-07-07T10:00:00-03:00"
    )
    assert zones.database_version() >= "2025b"  # America/Coyhaique is in 2025b
    with pytest.raises(omilcrm.ValidationError):
        zones.utc_offset_minutes("America/Concon", dt.datetime(2026, 7, 7, tzinfo=UTC))


def test_an_office_today_and_calendar_in_its_zone():
    db = omilcrm.open(":memory:", today=dt.date(2026, 7, 7))
    pa = db.offices.add(name="OMIL Punta Arenas", commune="Punta Arenas")
    assert pa.time_zone == "America/Punta_Arenas"
    assert db.today(office=pa) == db.today() == dt.date(2026, 7, 7)
    assert omilcrm.today(commune="Punta Arenas") in {omilcrm.today(), omilcrm.today() + dt.timedelta(days=1)}
    head = db.staff.add(office=pa, name="Rosa Díaz", role="head", started=dt.date(2026, 1, 5))
    acme = db.employers.add(rut="76.086.428-5", name="Frigorífico Austral", office=pa)
    db.commitments.add(employer=acme, description="Enviar CV", due=dt.date(2026, 7, 20))
    ics = db.calendar.ics(office=pa, start=dt.date(2026, 7, 1), end=dt.date(2026, 7, 31))
    assert "X-WR-TIMEZONE:America/Punta_Arenas\r\n" in ics
    assert "TZID:America/Punta_Arenas\r\n" in ics
    assert "TZOFFSETTO:-0400" not in ics
    assert head.office_id == pa.id
