"""Referrals from Python: stages, the evaluation and the placement that closes them."""

import datetime as dt

import omilcrm
import pytest
from conftest import seeker_row

D = dt.date


def test_referral_stages_and_placement(db, office, acme, gestora, psychologist):
    vac = db.vacancies.capture(employer=acme, title="Bodega", occupation="9333", on=D(2026, 9, 1))
    s = db.seekers.add(**seeker_row(office, 1))
    r = db.referrals.refer(seeker=s, vacancy=vac, by=gestora, on=D(2026, 9, 2))
    db.referrals.advance(r, "interview", by=gestora, on=D(2026, 9, 4))
    with pytest.raises(omilcrm.ValidationError) as e:
        db.referrals.evaluate(r, result="suitable", by=gestora)
    assert e.value.field == "by"
    db.referrals.evaluate(r, result="suitable", by=psychologist, on=D(2026, 9, 7))
    p = db.placements.record(seeker=s, vacancy=vac, start_on=D(2026, 9, 10), recorded_on=D(2026, 9, 9), by=gestora)
    assert p.referral_id == r.id
    assert db.referrals.get(r).stage == "hired"
    history = db.referrals.history(r)
    assert [h.to_stage for h in history] == ["referred", "interview", "evaluation", "hired"]
    assert history[2].result == "suitable"
    with pytest.raises(omilcrm.Conflict):
        db.referrals.advance(r, "withdrew")
