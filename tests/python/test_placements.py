"""Placements from Python: the 30- and 90-day follow-ups."""

import datetime as dt

import omilcrm
import pytest
from conftest import seeker_row

D = dt.date


def test_placements_are_followed_up_at_30_and_90_days(db, office, acme, gestora):
    vac = db.vacancies.capture(employer=acme, title="Bodega", occupation="9333", on=D(2026, 9, 1))
    s = db.seekers.add(**seeker_row(office, 1))
    p = db.placements.record(seeker=s, vacancy=vac, start_on=D(2026, 9, 10), recorded_on=D(2026, 9, 9), by=gestora)
    with pytest.raises(omilcrm.ValidationError) as e:  # day 30 of the job is 10 October
        db.placements.follow_up(p, day=30, employed=True, on=D(2026, 9, 13))
    assert (e.value.field, e.value.value) == ("on", "2026-09-13")
    db.placements.follow_up(p, day=30, employed=True, on=D(2026, 10, 10))
    assert [c.day for c in db.placements.checks_due(office, on=D(2027, 2, 10))] == [90]
