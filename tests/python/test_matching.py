"""Matching from Python: the stored seekers and vacancies, and the pure engine on own data."""

import datetime as dt

import omilcrm
import pytest
from conftest import seeker_row

D = dt.date


def test_matching_ranks_and_explains(db, office, acme):
    vac = db.vacancies.capture(
        employer=acme, title="Bodega", occupation="9333", skills=["grua horquilla"], on=D(2026, 11, 20)
    )
    exact = db.seekers.add(**seeker_row(office, 1, experience={"9333": 24}, skills=["Grúa horquilla"]))
    near = db.seekers.add(**seeker_row(office, 2, commune="Viña del Mar", experience={"9334": 6}))
    matches = db.matching.seekers_for(vac)
    assert [m.seeker_id for m in matches] == [exact.id, near.id]
    assert matches[0].score == pytest.approx(1.0)
    # 0.35*0.75 + 0.10 + 0 + 0.10 + 0.15*0.6 + 0.10 + 0.05 (hand-computed, default weights)
    assert matches[1].score == pytest.approx(0.7025)
    assert "9333" in matches[1].explain()
    only_skills = db.matching.seekers_for(
        vac,
        weights={
            "skills": 1.0,
            "occupation": 0,
            "experience": 0,
            "licences": 0,
            "distance": 0,
            "availability": 0,
            "education": 0,
        },
    )
    assert [m.score for m in only_skills] == [1.0, 0.0]
    with pytest.raises(omilcrm.ValidationError):
        db.matching.seekers_for(vac, weights={"salary": 1.0})
    df = omilcrm.Matching.table(matches).to_pandas()
    assert list(df["rank"]) == [1, 2] and "distance_why" in df.columns
    assert db.matching.vacancies_for(near)[0].vacancy_id == vac.id


def test_the_pure_engine_on_an_analysts_own_data():
    vacancy = {"occupation": "9333", "commune": "05103", "skills": ["Grúa horquilla"], "starts": D(2026, 12, 1)}
    seekers = [
        {"id": 7, "commune": "05109", "experience": {"9334": 6}},
        {"id": 3, "commune": "05103", "experience": [("9333", 24)], "skills": ["grua horquilla"]},
        {"id": 5, "commune": "13101", "experience": {"9333": 24}, "skills": ["grúa horquilla"]},
    ]
    ranked = omilcrm.rank_seekers(vacancy, seekers, n=2)
    assert [m.seeker_id for m in ranked] == [3, 5]
    assert ranked[1].score == pytest.approx(0.85)  # all but distance: another region
    one = omilcrm.explain_match(vacancy, seekers[0])
    assert one.score == pytest.approx(0.7025)
    assert {f.name for f in one.factors} >= {"occupation", "distance", "skills"}
    with pytest.raises(omilcrm.ValidationError) as e:
        omilcrm.rank_seekers(vacancy, [{"id": 1, "comune": "05103"}])
    assert e.value.field == "seekers[0].comune"
