"""The Python side of the scale benchmark: what an analyst would otherwise write, and the listing
of interactions through the omilcrm package (into pandas, pyarrow and polars) against the tools an
analyst would read the same columns with.

The queries (due lists, plan of a day, deadline report, funnel; matching in pandas only):

- `pandas`: sqlite3 + pandas.read_sql of the tables, the computation in pandas;
- `pandas_arrow`: the same pandas code on tables read through ADBC's SQLite driver into Arrow
  (`fetch_arrow_table().to_pandas()`: no Python object per cell; pandas 3 keeps text in Arrow);
- `duckdb_file`, `duckdb_mem`: the query in DuckDB's SQL, on the SQLite file through DuckDB's
  SQLite scanner, or on the tables copied into DuckDB first (outside the clock);
- `polars_file`, `polars_mem`: the query in polars, the tables read through ADBC into Arrow on
  each call, or once before the clock starts (columnar.py).

Run by run.py, one measurement per process so that its peak memory is its own:

    python baselines.py pandas|pandas_arrow|duckdb_file|duckdb_mem|polars_file|polars_mem NAME --db FILE
    python baselines.py frame SIDE --db FILE [--repeat 3]     (SIDE: one of FRAME below)

Each prints one JSON line: times (seconds), rows, and the answer's digest (the same canonical
lines and FNV-1a hash as bench_scale, so the answers are compared, not only timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import resource
import sqlite3
import sys
import time

import numpy as np
import pandas as pd

REPO = pathlib.Path(__file__).resolve().parents[2]
HOLIDAYS_CSV = pathlib.Path("holidays_cl.csv")  # next to the database, as columnar.HOLIDAYS_CSV
OPEN_STATES = ("received", "routed", "in_progress", "reopened")
EDUCATION = ["none", "primary", "secondary", "technical_secondary", "technical", "university", "postgraduate"]
WEIGHTS = (0.35, 0.10, 0.15, 0.10, 0.15, 0.10, 0.05)  # matching::Weights defaults


# ---- Shared with bench_scale -------------------------------------------------------------------


def digest(lines: list[str]) -> str:
    """FNV-1a 64 of the lines joined by newlines (common.cpp's digest)."""
    h = 14695981039346656037
    data = "\n".join(lines).encode("utf-8")
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def peak_rss_kb() -> int:
    """VmHWM: the high-water mark of this program's memory (ru_maxrss would include what the
    parent held when it forked this process)."""
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def read_params(db: str) -> dict[str, str]:
    out = {}
    for line in pathlib.Path(db + ".params").read_text().splitlines():
        key, _, value = line.partition("=")
        out[key] = value
    return out


def s(x) -> str:
    """An integer or text field; '' for missing."""
    if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA or x is pd.NaT:
        return ""
    if isinstance(x, (float, np.floating)):
        return str(int(x))
    return str(x)


def real(x, decimals: int) -> str:
    if x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x)):
        return ""
    return f"{x:.{decimals}f}"


class ReadSql:
    """pandas.read_sql on a sqlite3 connection: each cell a Python object on the way."""

    def __init__(self, db: str):
        self.conn = sqlite3.connect(db)

    def read(self, sql: str, params=()) -> pd.DataFrame:
        return pd.read_sql(sql, self.conn, params=params)


class ReadArrow:
    """ADBC's SQLite driver into an Arrow table, then pandas (text stays in Arrow)."""

    def __init__(self, db: str):
        import adbc_driver_sqlite.dbapi as adbc

        self.conn = adbc.connect(db)

    def read(self, sql: str, params=()) -> pd.DataFrame:
        with self.conn.cursor() as cur:
            # Column types from every row, not the first 1,024 (where a column may have no value).
            cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": "1000000000"})
            cur.execute(sql, tuple(params) if params else None)
            table = cur.fetch_arrow_table()
        # A column with no value at all comes out as integers (the driver infers types from the
        # values); as text it compares with text as read_sql's None does.
        for i, field in enumerate(table.schema):
            if table.num_rows and table.column(i).null_count == table.num_rows and field.type != "string":
                table = table.set_column(i, field.name, table.column(i).cast("string"))
        return table.to_pandas()


# ---- Due list --------------------------------------------------------------------------------


def due_frame(conn, day: str, office: int | None, within: int = 0) -> pd.DataFrame:
    """The due list as an analyst computes it: every table read into pandas, the most specific
    policy per employer, the last qualifying contact, due date and days overdue."""
    where, params = ("WHERE office_id = ?", (office,)) if office is not None else ("", ())
    emp = conn.read(
        f"SELECT id, office_id, owner_id, segment, legal_name, trade_name, status, latitude, longitude "
        f"FROM employer {where}",
        params,
    )
    emp = emp[emp.status != "inactive"]
    owners = conn.read("SELECT employer_id, from_date FROM employer_owner")
    added = owners.groupby("employer_id").from_date.min().rename("added")
    emp = emp.merge(added, left_on="id", right_index=True)
    emp = emp[emp.added <= day]
    pol = conn.read(f"SELECT * FROM cadence_policy {where}", params)
    pol = pol[(pol.track == "contact") & pol.retired_at.isna()]
    pol = pol.assign(rnk=pol.scope.map({"office": 0, "cluster": 1, "segment": 2, "employer": 3}))
    members = conn.read("SELECT cluster_id, employer_id, joined, left_on FROM cluster_member")
    members = members[(members.joined <= day) & (members.left_on.isna() | (members.left_on > day))]

    e = emp[["id", "office_id", "segment"]]
    cols = ["employer", "policy_id", "rnk", "interval_days", "kinds", "name", "scope"]
    parts = []
    p = e.merge(pol[pol.scope == "office"], on="office_id")
    parts.append(p.rename(columns={"id_x": "employer", "id_y": "policy_id"})[cols])
    p = e.merge(pol[pol.scope == "employer"], left_on="id", right_on="employer_id")
    parts.append(p.rename(columns={"id_x": "employer", "id_y": "policy_id"})[cols])
    p = e[e.segment != ""].merge(pol[pol.scope == "segment"], on="segment")
    parts.append(p.rename(columns={"id_x": "employer", "id_y": "policy_id"})[cols])
    p = e.merge(members, left_on="id", right_on="employer_id").merge(pol[pol.scope == "cluster"], on="cluster_id")
    parts.append(p.rename(columns={"id_x": "employer", "id_y": "policy_id"})[cols])
    cand = pd.concat(parts, ignore_index=True)
    # Most specific scope; among clusters the shortest interval then the oldest policy; otherwise
    # the newest policy.
    cluster = cand.rnk == 1
    cand = cand.assign(
        k1=np.where(cluster, cand.interval_days, 0), k2=np.where(cluster, cand.policy_id, -cand.policy_id)
    )
    best = cand.sort_values(["employer", "rnk", "k1", "k2"], ascending=[True, False, True, True])
    best = best.drop_duplicates("employer")

    inter = conn.read(f"SELECT id, employer_id, cluster_id, on_date, kind, deleted_at FROM interaction {where}", params)
    inter = inter[inter.deleted_at.isna() & (inter.on_date <= day)]
    own = inter[inter.employer_id.notna()][["employer_id", "on_date", "kind"]]
    att = conn.read("SELECT interaction_id, employer_id, attended FROM interaction_attendance")
    att = att[att.attended == 1].merge(
        inter[inter.cluster_id.notna()], left_on="interaction_id", right_on="id", suffixes=("", "_i")
    )[["employer_id", "on_date", "kind"]]
    contacts = pd.concat([own, att], ignore_index=True)
    contacts["employer_id"] = contacts.employer_id.astype("int64")
    kinds = best[["employer", "kinds"]].assign(k=best.kinds.str.split(",")).explode("k")
    m = kinds.merge(contacts, left_on="employer", right_on="employer_id")
    m = m[(m.kinds == "") | (m.k == m.kind)]
    last = m.groupby("employer").on_date.max().rename("last_contact")

    d = best.merge(last, left_on="employer", right_index=True, how="left")
    d = d.merge(emp, left_on="employer", right_on="id")
    last_dt = pd.to_datetime(d.last_contact)
    due = (last_dt + pd.to_timedelta(d.interval_days, unit="D")).fillna(pd.to_datetime(d.added))
    d["due"] = due.dt.strftime("%Y-%m-%d")
    d["overdue"] = (pd.Timestamp(day) - due).dt.days
    d = d[d.overdue >= -within]
    staff = conn.read("SELECT id AS owner_id, name AS owner FROM staff")
    d = d.merge(staff, on="owner_id")
    d = d.assign(never=d.last_contact.isna())
    return d.sort_values(["office_id", "overdue", "never", "employer"], ascending=[True, False, False, True])


def due_lines(d: pd.DataFrame, with_office: bool) -> list[str]:
    out = []
    for r in d.itertuples(index=False):
        line = "|".join(
            [
                s(r.employer),
                s(r.owner_id),
                r.owner,
                r.legal_name,
                s(r.last_contact),
                r.due,
                s(r.overdue),
                s(r.interval_days),
                r.scope,
                r.name,
            ]
        )
        out.append(f"{r.office_id}|{line}" if with_office else line)
    return out


def due_office(conn, p):
    return {"lines": due_lines(due_frame(conn, p["today"], int(p["office_id"])), False)}


def due_all(conn, p):
    return {"lines": due_lines(due_frame(conn, p["today"], None), True)}


def plan_day(conn, p):
    """Only the candidates: the staff member's employers due within a week. Ordering visits
    within visiting hours is the library's planner; pandas has nothing like it."""
    d = due_frame(conn, p["today"], int(p["office_id"]), within=7)
    ids = sorted(int(x) for x in d[d.owner_id == int(p["staff_id"])].employer)
    return {"lines": None, "candidates": [str(x) for x in ids]}


# ---- Deadline report -------------------------------------------------------------------------


def deadline(conn, p):
    office, start, end = int(p["office_id"]), p["report_from"], p["report_to"]
    req = conn.read("SELECT * FROM service_request WHERE office_id = ?", (office,))
    req = req[(req.received_on >= start) & (req.received_on <= end) & ~req.status.isin(["duplicate", "rejected"])]
    national = pd.read_csv(HOLIDAYS_CSV).date
    local = conn.read("SELECT on_date FROM office_holiday WHERE office_id = ?", (office,)).on_date
    holidays = np.array(sorted(set(national) | set(local)), dtype="datetime64[D]")
    received = req.received_on.to_numpy(dtype="datetime64[D]")
    resolved = req.resolved_on.fillna("1970-01-01").to_numpy(dtype="datetime64[D]")
    effective = np.busday_offset(received, 0, roll="forward", holidays=holidays)
    days = np.busday_count(effective + 1, resolved + 1, holidays=holidays)
    req = req.assign(
        dep=req.department_id.fillna(0).astype("int64"),
        is_resolved=req.resolved_on.notna(),
        days=np.where(req.resolved_on.notna(), np.maximum(days, 0), np.nan),
    )
    is_open = ~req.is_resolved & req.status.isin(OPEN_STATES)
    req = req.assign(
        on_time=req.is_resolved & req.due_on.notna() & (req.resolved_on <= req.due_on),
        is_open=is_open,
        overdue=is_open & req.due_on.notna() & (req.due_on < end),
    )
    g = req.groupby(["dep", "category"])
    t = pd.DataFrame(
        {
            "received": g.size(),
            "resolved": g.is_resolved.sum(),
            "on_time": g.on_time.sum(),
            "open": g.is_open.sum(),
            "overdue": g.overdue.sum(),
            "median": g.days.median(),
        }
    ).reset_index()
    names = conn.read("SELECT id AS dep, name FROM department")
    t = t.merge(names, on="dep", how="left").sort_values(["dep", "category"])
    lines = []
    for r in t.itertuples(index=False):
        share = r.on_time / r.resolved if r.resolved else None
        lines.append(
            "|".join(
                [
                    s(r.dep) if r.dep else "",
                    r.name if r.dep else "(triage)",
                    r.category,
                    s(r.received),
                    s(r.resolved),
                    s(r.on_time),
                    s(r.open),
                    s(r.overdue),
                    real(share, 9),
                    real(r.median, 1),
                ]
            )
        )
    return {"lines": lines}


# ---- Matching --------------------------------------------------------------------------------


def matching(conn, p):
    vacancy_id, day = int(p["vacancy_id"]), p["today"]
    v = conn.read("SELECT * FROM vacancy WHERE id = ?", (vacancy_id,)).iloc[0]
    seekers = conn.read("SELECT * FROM job_seeker WHERE office_id = ?", (int(v.office_id),))
    exp = conn.read(
        "SELECT e.seeker_id, e.occupation, e.months FROM seeker_experience e "
        "JOIN job_seeker s ON s.id = e.seeker_id WHERE s.office_id = ?",
        (int(v.office_id),),
    )
    taken = set(conn.read("SELECT seeker_id FROM referral WHERE vacancy_id = ?", (vacancy_id,)).seeker_id)
    taken |= set(conn.read("SELECT seeker_id FROM placement WHERE vacancy_id = ?", (vacancy_id,)).seeker_id)
    sk = seekers[
        (seekers.active == 1)
        & ("," + seekers.consent_scope + ",").str.contains(",intermediation,", regex=False)
        & ~seekers.id.isin(taken)
    ].copy()

    occ = v.occupation
    lv = np.select(
        [
            exp.occupation == occ,
            exp.occupation.str[:3] == occ[:3],
            exp.occupation.str[:2] == occ[:2],
            exp.occupation.str[:1] == occ[:1],
        ],
        [4, 3, 2, 1],
        0,
    )
    exp = exp.assign(lv=lv, close=np.where(lv >= 3, exp.months.clip(lower=0), 0))
    per = exp.groupby("seeker_id").agg(lv=("lv", "max"), months=("close", "sum"))
    sk = sk.merge(per, left_on="id", right_index=True, how="left").fillna({"lv": 0, "months": 0})

    def unique(text):
        out = []
        for x in (text or "").split(","):
            if x and x not in out:
                out.append(x)
        return out

    def share(column, wanted):
        if not wanted:
            return np.ones(len(sk))
        padded = "," + sk[column] + ","
        have = sum(padded.str.contains("," + k + ",", regex=False).astype("int64") for k in wanted)
        return have.to_numpy(dtype="float64") / float(len(wanted))

    asked = int(v.experience_months)
    f_occ = sk.lv.to_numpy(dtype="float64") * 0.25
    f_exp = np.ones(len(sk)) if asked <= 0 else np.minimum(1.0, sk.months.to_numpy(dtype="float64") / float(asked))
    f_sk = share("skills", unique(v.skills))
    f_lic = share("licences", unique(v.licences))
    c = v.commune
    f_dist = np.select(
        [sk.commune == c, sk.commune.str[:3] == c[:3], sk.commune.str[:2] == c[:2]], [1.0, 0.6, 0.3], 0.0
    )
    shifts = "," + sk.shifts + ","
    shift_ok = (
        (v["shift"] == "flexible")
        | (sk.shifts == "")
        | shifts.str.contains(",flexible,", regex=False)
        | shifts.str.contains("," + v["shift"] + ",", regex=False)
    )
    starts = max(v.captured_on, day)
    date_ok = sk.available_from.isna() | (sk.available_from <= starts)
    f_av = np.where(shift_ok, 0.5, 0.0) + np.where(date_ok, 0.5, 0.0)
    level = {name: i for i, name in enumerate(EDUCATION)}
    f_edu = np.where(sk.education.map(level) >= level[v.education], 1.0, 0.0)
    w = WEIGHTS
    total = ((w[0] + w[1]) + (w[2] + w[3])) + ((w[4] + w[5]) + w[6])
    score = (
        ((w[0] * f_occ + w[1] * f_exp) + (w[2] * f_sk + w[3] * f_lic)) + ((w[4] * f_dist + w[5] * f_av) + w[6] * f_edu)
    ) / total
    ranked = pd.DataFrame({"id": sk.id.to_numpy(), "key": np.floor(score * 1e9 + 0.5).astype("int64")})
    top = ranked.sort_values(["key", "id"], ascending=[False, True]).head(20)
    return {"lines": [f"{r.id}|{r.key}" for r in top.itertuples(index=False)]}


# ---- Funnel ----------------------------------------------------------------------------------


def funnel(conn, p):
    office, start, end = int(p["office_id"]), p["funnel_from"], p["funnel_to"]
    month = lambda col: pd.to_datetime(col).dt.to_period("M")  # noqa: E731
    vac = conn.read("SELECT captured_on, positions FROM vacancy WHERE office_id = ?", (office,))
    vac = vac[(vac.captured_on >= start) & (vac.captured_on <= end)]
    ref = conn.read("SELECT referred_on, interviewed_on FROM referral WHERE office_id = ?", (office,))
    first = ref.interviewed_on.dropna()
    first = first[(first >= start) & (first <= end)]
    ref = ref[(ref.referred_on >= start) & (ref.referred_on <= end)]
    pl = conn.read("SELECT start_on, referral_id FROM placement WHERE office_id = ?", (office,))
    pl = pl[(pl.start_on >= start) & (pl.start_on <= end)]
    months = pd.period_range(pd.Period(start, "M"), pd.Period(end, "M"), freq="M")
    t = pd.DataFrame(index=months)
    t["vacancies"] = vac.groupby(month(vac.captured_on)).size()
    t["positions"] = vac.groupby(month(vac.captured_on)).positions.sum()
    t["referrals"] = ref.groupby(month(ref.referred_on)).size()
    t["interviews"] = first.groupby(month(first)).size()
    t["hires"] = pl.groupby(month(pl.start_on)).size()
    t["referred"] = pl[pl.referral_id.notna()].groupby(month(pl.start_on)).size()
    t = t.fillna(0).astype("int64")
    lines = []
    for m, r in t.iterrows():
        rate = r.referred / r.referrals if r.referrals else None
        lines.append(
            "|".join(
                [
                    m.start_time.strftime("%Y-%m-%d"),
                    s(r.vacancies),
                    s(r.positions),
                    s(r.referrals),
                    s(r.interviews),
                    s(r.hires),
                    s(r.referred),
                    real(rate, 9),
                ]
            )
        )
    return {"lines": lines}


def noop(conn, p):
    return {"lines": []}


PANDAS = {
    "noop": noop,
    "due_office": due_office,
    "due_all": due_all,
    "plan_day": plan_day,
    "deadline": deadline,
    "matching": matching,
    "funnel": funnel,
}


# ---- The DataFrame listing of interactions ---------------------------------------------------

FRAME_ROWS = 1_000_000  # about a million rows: the first offices (by id) until they hold that many


def frame_offices(db_path: str) -> int:
    """How many offices (ids 1..n) the listing covers: at most all, and no more than needed to
    reach FRAME_ROWS interactions."""
    conn = sqlite3.connect(db_path)
    total, n = 0, 0
    for office, count in conn.execute(
        "SELECT office_id, count(*) FROM interaction GROUP BY office_id ORDER BY office_id"
    ):
        total, n = total + count, office
        if total >= FRAME_ROWS:
            break
    conn.close()
    return n


FRAME_SQL = """
WITH rows AS (
 SELECT i.office_id, i.id, i.uuid, i.on_date, i.at_minute, i.kind, i.employer_id, i.cluster_id, i.staff_id,
  i.direction, 1 AS attended, i.summary, i.outcome, i.next_step, i.revision
 FROM interaction i WHERE i.office_id <= ? AND i.deleted_at IS NULL AND i.employer_id IS NOT NULL
 UNION ALL
 SELECT i.office_id, i.id, i.uuid, i.on_date, i.at_minute, i.kind, a.employer_id, i.cluster_id, i.staff_id,
  i.direction, a.attended, i.summary, i.outcome, i.next_step, i.revision
 FROM interaction i JOIN interaction_attendance a ON a.interaction_id = i.id
 WHERE i.office_id <= ? AND i.deleted_at IS NULL)
SELECT r.id, r.uuid, r.on_date AS date,
 CASE WHEN r.at_minute IS NULL THEN NULL ELSE printf('%02d:%02d', r.at_minute / 60, r.at_minute % 60) END AS time,
 r.kind, r.employer_id, e.legal_name AS employer, r.cluster_id, c.name AS cluster, r.staff_id, st.name AS staff,
 r.direction, r.attended, r.summary, r.outcome, r.next_step, r.revision
FROM rows r JOIN employer e ON e.id = r.employer_id JOIN staff st ON st.id = r.staff_id
 LEFT JOIN cluster c ON c.id = r.cluster_id
ORDER BY r.office_id, r.on_date, coalesce(r.at_minute, -1), r.id, r.employer_id
"""


# The same rows in the same order, for the tools that run SQLite's own plan (connectorx, ADBC,
# polars.read_database, pandas on ADBC): each arm of the UNION ALL joined on its own and ordered
# by the office index (office_id, on_date, at_minute; a null time sorts first, as -1 would), so
# SQLite merges two ordered streams instead of sorting every row in a temporary B-tree.
FRAME_SQL_ORDERED = """
SELECT id, uuid, date, time, kind, employer_id, employer, cluster_id, cluster, staff_id, staff, direction, attended,
 summary, outcome, next_step, revision FROM (
 SELECT i.office_id AS o, i.on_date AS date, i.at_minute AS m, i.id, i.uuid,
  CASE WHEN i.at_minute IS NULL THEN NULL ELSE printf('%02d:%02d', i.at_minute / 60, i.at_minute % 60) END AS time,
  i.kind, i.employer_id, e.legal_name AS employer, i.cluster_id, c.name AS cluster, i.staff_id, st.name AS staff,
  i.direction, 1 AS attended, i.summary, i.outcome, i.next_step, i.revision
 FROM interaction i JOIN employer e ON e.id = i.employer_id JOIN staff st ON st.id = i.staff_id
  LEFT JOIN cluster c ON c.id = i.cluster_id
 WHERE i.office_id <= ?1 AND i.deleted_at IS NULL
 UNION ALL
 SELECT i.office_id, i.on_date, i.at_minute, i.id, i.uuid,
  CASE WHEN i.at_minute IS NULL THEN NULL ELSE printf('%02d:%02d', i.at_minute / 60, i.at_minute % 60) END,
  i.kind, a.employer_id, e.legal_name, i.cluster_id, c.name, i.staff_id, st.name,
  i.direction, a.attended, i.summary, i.outcome, i.next_step, i.revision
 FROM interaction i JOIN interaction_attendance a ON a.interaction_id = i.id JOIN employer e ON e.id = a.employer_id
  JOIN staff st ON st.id = i.staff_id LEFT JOIN cluster c ON c.id = i.cluster_id
 WHERE i.office_id <= ?1 AND i.deleted_at IS NULL
 ORDER BY 1, 2, 3, 4, 8)
"""


def frame_checksums(ids, emp) -> tuple[str, str]:
    """Checksums of the (id, employer_id) columns, vectorised: order-sensitive (each row's term
    times its position) and order-insensitive (the terms' sum, as bench_scale frame gives it)."""
    ids = np.asarray(ids, dtype="int64").astype("uint64")
    emp = np.asarray(emp, dtype="int64").astype("uint64")
    pos = np.arange(1, len(ids) + 1, dtype="uint64")
    with np.errstate(over="ignore"):
        term = ids * np.uint64(1000003) + emp
        ordered = (term * pos).sum(dtype="uint64")
        unordered = term.sum(dtype="uint64")
    return f"{int(ordered):016x}", f"{int(unordered):016x}"


def frame_columns(frame) -> tuple:
    """The id and employer_id columns as numpy arrays, of a pandas or polars DataFrame or a
    pyarrow Table."""
    if isinstance(frame, pd.DataFrame):
        return frame["id"].to_numpy(dtype="int64"), frame["employer_id"].to_numpy(dtype="int64")
    return frame["id"].to_numpy(), frame["employer_id"].to_numpy()


def frame_lib(db_path: str, p):
    import omilcrm

    db = omilcrm.open(db_path, today=dt.date.fromisoformat(p["today"]))

    last = frame_offices(db_path)

    def run():
        offices = [o.id for o in sorted(db.offices.list(), key=lambda o: o.id) if o.id <= last]
        frames = [db.interactions.table(o).to_pandas() for o in offices]
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    return run


def frame_lib_arrow(db_path: str, p):
    """The listing of every office into one pyarrow Table (its offices' batches as chunks)."""
    import omilcrm
    import pyarrow as pa

    db = omilcrm.open(db_path, today=dt.date.fromisoformat(p["today"]))
    last = frame_offices(db_path)

    def run():
        offices = [o.id for o in sorted(db.offices.list(), key=lambda o: o.id) if o.id <= last]
        return pa.concat_tables([db.interactions.table(o).to_arrow() for o in offices])

    return run


def frame_lib_polars(db_path: str, p):
    """The listing of every office into one polars DataFrame (its offices' frames as chunks)."""
    import omilcrm
    import polars as pl

    db = omilcrm.open(db_path, today=dt.date.fromisoformat(p["today"]))
    last = frame_offices(db_path)

    def run():
        offices = [o.id for o in sorted(db.offices.list(), key=lambda o: o.id) if o.id <= last]
        frames = [db.interactions.table(o).to_polars() for o in offices]
        return frames[0] if len(frames) == 1 else pl.concat(frames, rechunk=False)

    return run


def frame_read_sql(db_path: str, p):
    last = frame_offices(db_path)
    conn = sqlite3.connect(db_path)
    return lambda: pd.read_sql(FRAME_SQL, conn, params=(last, last))


def frame_sql_connectorx(db_path: str) -> str:
    """FRAME_SQL_ORDERED for connectorx: its parameter written in (connectorx takes none), and the
    time as the stored minutes rather than formatted as HH:MM, because connectorx's SQLite reader
    takes a computed column's type from its first value, and the first row's time is null
    ("Cannot infer type from null for SQLite"). Formatting is work connectorx is spared."""
    last = frame_offices(db_path)
    sql = FRAME_SQL_ORDERED.replace("?1", str(int(last)))
    time = "CASE WHEN i.at_minute IS NULL THEN NULL ELSE printf('%02d:%02d', i.at_minute / 60, i.at_minute % 60) END"
    return sql.replace(time + " AS time", "i.at_minute AS time").replace(time, "i.at_minute")


def frame_connectorx(db_path: str, p):
    """connectorx (Rust, rusqlite) straight into a pyarrow Table."""
    import connectorx as cx

    sql, uri = frame_sql_connectorx(db_path), "sqlite://" + str(pathlib.Path(db_path).resolve())
    return lambda: cx.read_sql(uri, sql, return_type="arrow")


def adbc_cursor(db_path: str):
    import adbc_driver_sqlite.dbapi as adbc

    conn = adbc.connect(db_path)
    cur = conn.cursor()
    # Column types from every row (the driver otherwise takes them from the first 1,024 rows, and
    # the first rows have no time or cluster).
    cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": "1000000000"})
    return conn, cur


def frame_adbc(db_path: str, p):
    """ADBC's SQLite driver (C, the SQLite C API into Arrow arrays) into a pyarrow Table."""
    last = frame_offices(db_path)
    conn, cur = adbc_cursor(db_path)

    def run():
        cur.execute(FRAME_SQL_ORDERED, (last,))
        return cur.fetch_arrow_table()

    run.keep = conn  # the connection lives as long as the function
    return run


def frame_pandas_arrow(db_path: str, p):
    """pandas on ADBC: the Arrow table into pandas (text stays in Arrow, pandas 3's str)."""
    fetch = frame_adbc(db_path, p)
    return lambda: fetch().to_pandas()


def frame_polars(db_path: str, p):
    """polars.read_database on a sqlite3 connection (its documented way to read SQLite)."""
    import polars as pl

    last = frame_offices(db_path)
    conn = sqlite3.connect(db_path)
    # infer_schema_length=None: the types from every row (the first hundred have no cluster).
    return lambda: pl.read_database(
        FRAME_SQL_ORDERED, conn, execute_options={"parameters": (last,)}, infer_schema_length=None
    )


def frame_duckdb_file(db_path: str, p):
    from columnar import duckdb_frame

    return duckdb_frame(db_path, frame_offices(db_path), memory=False)


def frame_duckdb_mem(db_path: str, p):
    from columnar import duckdb_frame

    return duckdb_frame(db_path, frame_offices(db_path), memory=True)


def frame_polars_mem(db_path: str, p):
    from columnar import polars_frame

    return polars_frame(db_path, frame_offices(db_path))


FRAME = {
    "lib": frame_lib,
    "lib_arrow": frame_lib_arrow,
    "lib_polars": frame_lib_polars,
    "read_sql": frame_read_sql,
    "pandas_arrow": frame_pandas_arrow,
    "connectorx": frame_connectorx,
    "adbc": frame_adbc,
    "polars": frame_polars,
    "duckdb_file": frame_duckdb_file,
    "duckdb_mem": frame_duckdb_mem,
    "polars_mem": frame_polars_mem,
}
QUERY_SIDES = ["pandas", "pandas_arrow", "duckdb_file", "duckdb_mem", "polars_file", "polars_mem"]


def query_side(kind: str, name: str, db: str, p: dict):
    """A function computing query NAME on side KIND, with what it keeps between calls set up."""
    if kind in ("pandas", "pandas_arrow"):
        fn = PANDAS[name]
        conn = ReadSql(db) if kind == "pandas" else ReadArrow(db)
        return lambda: fn(conn, p)
    import columnar

    if name == "noop":
        return lambda: {"lines": []}
    if kind.startswith("duckdb"):
        return columnar.duckdb_side(name, db, p, memory=kind == "duckdb_mem")
    return columnar.polars_side(name, db, p, memory=kind == "polars_mem")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=QUERY_SIDES + ["frame"])
    ap.add_argument("name")
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    p = read_params(a.db)
    global HOLIDAYS_CSV
    import columnar

    HOLIDAYS_CSV = columnar.HOLIDAYS_CSV = pathlib.Path(a.db).resolve().parent / "holidays_cl.csv"
    times, cpu, out = [], [], {}
    if a.kind != "frame":
        fn = query_side(a.kind, a.name, a.db, p)
        for _ in range(a.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            res = fn()
            cpu.append(time.process_time() - c0)
            times.append(time.perf_counter() - t0)
        lines, cands = res.get("lines"), res.get("candidates")
        out = {
            "rows": len(lines) if lines is not None else len(cands),
            "digest": digest(lines) if lines is not None else None,
            "candidates": len(cands) if cands is not None else None,
            "candidates_digest": digest(cands) if cands is not None else None,
        }
        if lines is not None and os.environ.get("OMILCRM_BENCH_LINES"):
            pathlib.Path(os.environ["OMILCRM_BENCH_LINES"]).write_text("\n".join(lines) + "\n")
    else:
        run = FRAME[a.name](a.db, p)
        for _ in range(a.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            df = run()
            cpu.append(time.process_time() - c0)
            times.append(time.perf_counter() - t0)
            rows, ncols = len(df), len(df.columns) if not hasattr(df, "num_columns") else df.num_columns
            check, unordered = frame_checksums(*frame_columns(df))
            del df
        out = {
            "rows": rows,
            "digest": check,
            "sum_digest": unordered,
            "columns": ncols,
            "offices": frame_offices(a.db),
        }
    out.update({"query": a.name, "impl": a.kind, "times": times, "cpu_times": cpu, "peak_rss_kb": peak_rss_kb()})
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
