"""Reports over vacancies and placements from Python, on a year computed by hand."""

import datetime as dt

import omilcrm
import pandas as pd
import pytest
from conftest import seeker_row

D = dt.date


def test_reports_on_a_hand_computed_year(db, office, acme, beta):
    # v1 Acme (park) 03-10 visit 2 positions, v2 Beta 03-20 email 1, v3 Acme 04-02 cluster meeting 1
    v1 = db.vacancies.capture(
        employer=acme, title="A", occupation="9333", positions=2, channel="visit", on=D(2026, 3, 10)
    )
    v2 = db.vacancies.capture(employer=beta, title="B", occupation="9333", channel="email", on=D(2026, 3, 20))
    v3 = db.vacancies.capture(employer=acme, title="C", occupation="9333", channel="cluster_meeting", on=D(2026, 4, 2))
    s = db.seekers.add_many([seeker_row(office, i) for i in range(4)])
    for seeker, vac, on in [
        (s[0], v1, D(2026, 3, 11)),
        (s[1], v1, D(2026, 3, 12)),
        (s[2], v2, D(2026, 3, 21)),
        (s[3], v3, D(2026, 4, 3)),
    ]:
        db.referrals.refer(seeker=seeker, vacancy=vac, on=on)
    starts = [
        (s[0], v1, D(2026, 3, 20)),
        (s[2], v2, D(2026, 3, 25)),
        (s[1], v1, D(2026, 4, 1)),
        (s[3], v3, D(2026, 4, 10)),
    ]
    p = [db.placements.record(seeker=a, vacancy=b, start_on=c, recorded_on=c) for a, b, c in starts]
    db.placements.follow_up(p[0], day=90, employed=True, on=D(2026, 6, 18))
    db.placements.follow_up(p[1], day=30, employed=False, on=D(2026, 4, 24))

    funnel = db.reports.funnel(office, start=D(2026, 3, 1), end=D(2026, 4, 30)).to_pandas()
    assert list(funnel["vacancies"]) == [2, 1]
    assert list(funnel["positions"]) == [3, 1]
    assert list(funnel["referrals"]) == [3, 1]
    assert list(funnel["hires"]) == [2, 2]
    assert funnel["month"].iloc[0] == pd.Timestamp("2026-03-01")

    ttf = db.reports.time_to_fill(office, year=2026).to_pandas()
    assert list(ttf["days_to_fill"]) == [22, 5, 8]

    share = db.reports.cluster_share(office, year=2026).to_pandas().set_index("cluster")
    assert share.loc["Parque Industrial Gulmué", "placements"] == 3
    assert share.loc["Parque Industrial Gulmué", "share"] == pytest.approx(0.75)
    assert share.loc["(no cluster)", "share"] == pytest.approx(0.25)

    channels = db.reports.placements_by_channel(office, year=2026).to_pandas().set_index("channel")
    assert channels.loc["visit", "placements"] == 2 and channels.loc["event", "placements"] == 0

    retention = db.reports.retention(office, start=D(2026, 3, 1), end=D(2026, 3, 31), as_of=D(2026, 7, 15)).to_pandas()
    assert retention.loc[0, "checked_90"] == 2 and retention.loc[0, "employed_90"] == 1
    assert retention.loc[0, "retention_90"] == pytest.approx(0.5)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.reports.funnel(office)
    assert e.value.field == "start"
