"""Chile's holidays and business days against independent references: the `holidays` package for
2024-2040, national and regional, with every difference explained; numpy.busday_count on 20,000
random pairs, given the same holidays."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import omilcrm
import pytest

holidays = pytest.importorskip("holidays")

START, END = dt.date(2024, 1, 1), dt.date(2040, 12, 31)

# Days the library knows that the `holidays` package does not, each with its reason.
EXPLAINED_ONLY_OURS = {
    # Election days are holidays by Ley 18.700; the package does not list these.
    dt.date(2024, 10, 27): "regional and municipal elections",
    dt.date(2024, 11, 24): "second round of regional governors",
    dt.date(2025, 11, 16): "presidential and parliamentary elections",
    dt.date(2025, 12, 14): "presidential second round",
}
# Days the package lists that the library does not, each with its reason.
EXPLAINED_ONLY_THEIRS: dict[dt.date, str] = {}


def office_holidays(commune: str) -> set[dt.date]:
    db = omilcrm.open(":memory:", today=dt.date(2026, 11, 23), create=True)
    office = db.offices.add(name=f"OMIL {commune}", commune=commune)
    return set(db.requests.holidays(office, START, END).to_pandas().date.dt.date)


def test_national_holidays_2024_to_2040_agree_with_the_holidays_package():
    ours = office_holidays("Concón")
    theirs = set(holidays.country_holidays("CL", years=range(START.year, END.year + 1)))
    only_ours = {d: EXPLAINED_ONLY_OURS.get(d, "unexplained") for d in sorted(ours - theirs)}
    only_theirs = {d: EXPLAINED_ONLY_THEIRS.get(d, "unexplained") for d in sorted(theirs - ours)}
    assert only_ours == EXPLAINED_ONLY_OURS
    assert only_theirs == EXPLAINED_ONLY_THEIRS
    assert len(ours & theirs) > 16 * 17  # every year's holidays, not a handful


@pytest.mark.parametrize(("commune", "subdiv"), [("Arica", "AP"), ("Chillán", "NB")])
def test_regional_holidays_agree_with_the_holidays_package(commune, subdiv):
    national = office_holidays("Concón")
    regional = office_holidays(commune) - national
    theirs = set(holidays.country_holidays("CL", subdiv=subdiv, years=range(START.year, END.year + 1)))
    theirs -= set(holidays.country_holidays("CL", years=range(START.year, END.year + 1)))
    assert regional == theirs
    assert len(regional) == END.year - START.year + 1  # one a year


def test_business_days_is_numpy_busday_count_of_the_rolled_start_plus_one():
    db = omilcrm.open(":memory:", today=dt.date(2026, 11, 23), create=True)
    office = db.offices.add(name="OMIL Concón", commune="concon")
    db.requests.add_holiday(office=office, on=dt.date(2026, 12, 14), name="Feriado comunal")
    table = db.requests.holidays(office, dt.date(2023, 1, 1), dt.date(2031, 12, 31)).to_pandas()
    days = np.array(table.date.values.astype("datetime64[D]"))
    rng = random.Random(20261206)
    first = dt.date(2024, 1, 1).toordinal()
    starts = [dt.date.fromordinal(first + rng.randrange(2500)) for _ in range(20_000)]
    ends = [s + dt.timedelta(days=rng.randrange(-40, 200)) for s in starts]
    ours = db.requests.business_days(office, starts, ends)
    s = np.array(starts, dtype="datetime64[D]")
    e = np.array(ends, dtype="datetime64[D]")
    rolled = np.busday_offset(s, 0, roll="forward", holidays=days)
    forward = np.maximum(np.busday_count(rolled + 1, e + 1, holidays=days), 0)
    rolled_back = np.busday_offset(e, 0, roll="forward", holidays=days)
    backward = -np.maximum(np.busday_count(rolled_back + 1, s + 1, holidays=days), 0)
    expected = np.where(e >= s, forward, backward)
    assert (ours == expected).all(), np.flatnonzero(ours != expected)[:5]
    # One by one as well (the scalar path).
    for i in range(0, 20_000, 997):
        assert db.requests.business_days(office, starts[i], ends[i]) == expected[i]
    # Deadlines and counts agree: the n-th business day after a start is n business days after it.
    for start in starts[:300]:
        n = rng.randrange(0, 30)
        assert db.requests.business_days(office, start, db.requests.add_business_days(office, start, n)) == n
