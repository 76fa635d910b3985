"""The strongest baselines of the scale benchmark: the queries computed by DuckDB and by polars,
either reading the SQLite file inside the clock (DuckDB's SQLite scanner; polars reading the
tables through ADBC's SQLite driver into Arrow) or on tables loaded into memory first, outside the
clock (what an analyst who keeps a notebook open has).

Used by baselines.py (`duckdb_file`, `duckdb_mem`, `polars_file`, `polars_mem`); each side gives
the same canonical lines as bench_scale and pandas, so run.py compares the answers.

DuckDB's SQLite scanner is not downloaded (`INSTALL sqlite` needs the network): it comes from the
`duckdb-ext-sqlite` package on PyPI (requirements-dev.txt), a wheel holding the extension for one
DuckDB version under `duckdb_ext/extensions/v<version>/<platform>/`, which DuckDB is pointed at as
its extension directory.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import pathlib

OPEN_STATES = ("received", "routed", "in_progress", "reopened")
# Chile's national holidays as the library counts them (fixed by law, moved to a Monday, one-off:
# libomilcrm/data/holidays lists only the one-off ones), which run.py writes next to the database:
# static data an analyst would keep in a file. baselines.py points this at it.
HOLIDAYS_CSV = pathlib.Path("holidays_cl.csv")

# The tables (and columns) each query reads; the same for every side, so the preloaded sides hold
# what the file sides read.
TABLES = {
    "due": {
        "employer": "id, office_id, owner_id, segment, legal_name, status",
        "employer_owner": "employer_id, from_date",
        "cadence_policy": "id, office_id, scope, cluster_id, employer_id, segment, interval_days, kinds, name, track, "
        "retired_at",
        "cluster_member": "cluster_id, employer_id, joined, left_on",
        "interaction": "id, office_id, employer_id, on_date, kind, deleted_at",
        "interaction_attendance": "interaction_id, employer_id, attended",
        "staff": "id, name",
    },
    "deadline": {
        "service_request": "office_id, department_id, category, status, received_on, due_on, resolved_on",
        "office_holiday": "office_id, on_date",
        "department": "id, name",
    },
    "funnel": {
        "vacancy": "office_id, captured_on, positions",
        "referral": "office_id, referred_on, interviewed_on",
        "placement": "office_id, start_on, referral_id",
    },
    "frame": {
        "interaction": "id, uuid, office_id, on_date, at_minute, kind, employer_id, cluster_id, staff_id, direction, "
        "summary, outcome, next_step, revision, deleted_at",
        "interaction_attendance": "interaction_id, employer_id, attended",
        "employer": "id, legal_name",
        "staff": "id, name",
        "cluster": "id, name",
    },
}
GROUP = {"due_office": "due", "due_all": "due", "plan_day": "due", "deadline": "deadline", "funnel": "funnel"}


def national_holidays() -> list[dt.date]:
    import csv

    with HOLIDAYS_CSV.open() as f:
        return sorted({dt.date.fromisoformat(r["date"]) for r in csv.DictReader(f)})


def s(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        return str(int(x))
    return str(x)


def real(x, decimals: int) -> str:
    return "" if x is None or x != x else f"{x:.{decimals}f}"


def day_text(x) -> str:
    return "" if x is None else (x.isoformat() if isinstance(x, dt.date) else str(x))


# ---- Canonical lines (as bench_scale and baselines.py write them) ------------------------------


def due_lines(rows, with_office: bool) -> list[str]:
    """rows: office_id, employer, owner_id, owner, legal_name, last_contact, due, overdue,
    interval_days, scope, policy."""
    out = []
    for r in rows:
        line = "|".join([s(r[1]), s(r[2]), r[3], r[4], day_text(r[5]), day_text(r[6]), s(r[7]), s(r[8]), r[9], r[10]])
        out.append(f"{r[0]}|{line}" if with_office else line)
    return out


def deadline_lines(rows) -> list[str]:
    """rows: dep (0 for triage), department, category, received, resolved, on_time, open, overdue,
    median."""
    out = []
    for r in rows:
        dep, name, category, received, resolved, on_time, open_, overdue, median = r
        share = on_time / resolved if resolved else None
        out.append(
            "|".join(
                [
                    s(dep) if dep else "",
                    name if dep else "(triage)",
                    category,
                    s(received),
                    s(resolved),
                    s(on_time),
                    s(open_),
                    s(overdue),
                    real(share, 9),
                    real(median, 1),
                ]
            )
        )
    return out


def funnel_lines(rows) -> list[str]:
    """rows: month, vacancies, positions, referrals, interviews, hires, referred."""
    out = []
    for m, vac, pos, refs, interviews, hires, referred in rows:
        rate = referred / refs if refs else None
        out.append(
            "|".join([day_text(m), s(vac), s(pos), s(refs), s(interviews), s(hires), s(referred), real(rate, 9)])
        )
    return out


def answer(name: str, p: dict, rows) -> dict:
    if name == "due_office":
        return {"lines": due_lines(rows, False)}
    if name == "due_all":
        return {"lines": due_lines(rows, True)}
    if name == "plan_day":
        staff = int(p["staff_id"])
        return {"lines": None, "candidates": [str(x) for x in sorted(int(r[1]) for r in rows if r[2] == staff)]}
    if name == "deadline":
        return {"lines": deadline_lines(rows)}
    return {"lines": funnel_lines(rows)}


# ---- DuckDB --------------------------------------------------------------------------------------


def due_sql(office: bool) -> str:
    """The due list in DuckDB's SQL: $office (the office; none for every office), $day, $within days ahead."""
    f = "office_id = $office AND " if office else ""
    fe = "e.office_id = $office AND " if office else ""
    return f"""
WITH pol AS (
 SELECT id AS policy_id, office_id, scope, cluster_id, employer_id AS pol_employer, segment AS pol_segment,
  interval_days, kinds, name AS policy_name,
  CASE scope WHEN 'employer' THEN 3 WHEN 'segment' THEN 2 WHEN 'cluster' THEN 1 ELSE 0 END AS rnk
 FROM cadence_policy WHERE {f}track = 'contact' AND retired_at IS NULL),
emp AS (
 SELECT e.id, e.office_id, e.owner_id, e.segment, e.legal_name, o.added
 FROM employer e JOIN (SELECT employer_id, min(from_date) AS added FROM employer_owner GROUP BY employer_id) o
  ON o.employer_id = e.id
 WHERE {fe}e.status <> 'inactive' AND o.added <= $day),
mem AS (SELECT cluster_id, employer_id FROM cluster_member
 WHERE joined <= $day AND (left_on IS NULL OR $day < left_on)),
cand AS (
 SELECT e.id, e.office_id, e.owner_id, e.legal_name, e.added, p.policy_id, p.scope, p.interval_days, p.kinds,
  p.policy_name, p.rnk
 FROM emp e JOIN pol p ON p.office_id = e.office_id AND p.scope = 'office'
 UNION ALL
 SELECT e.id, e.office_id, e.owner_id, e.legal_name, e.added, p.policy_id, p.scope, p.interval_days, p.kinds,
  p.policy_name, p.rnk
 FROM emp e JOIN pol p ON p.office_id = e.office_id AND p.scope = 'employer' AND p.pol_employer = e.id
 UNION ALL
 SELECT e.id, e.office_id, e.owner_id, e.legal_name, e.added, p.policy_id, p.scope, p.interval_days, p.kinds,
  p.policy_name, p.rnk
 FROM emp e JOIN pol p ON p.office_id = e.office_id AND p.scope = 'segment' AND p.pol_segment <> ''
  AND p.pol_segment = e.segment
 UNION ALL
 SELECT e.id, e.office_id, e.owner_id, e.legal_name, e.added, p.policy_id, p.scope, p.interval_days, p.kinds,
  p.policy_name, p.rnk
 FROM emp e JOIN mem m ON m.employer_id = e.id
  JOIN pol p ON p.office_id = e.office_id AND p.scope = 'cluster' AND p.cluster_id = m.cluster_id),
best AS (
 SELECT * FROM cand QUALIFY row_number() OVER (PARTITION BY id ORDER BY rnk DESC,
  CASE WHEN rnk = 1 THEN interval_days ELSE 0 END, CASE WHEN rnk = 1 THEN policy_id ELSE -policy_id END) = 1),
contacts AS (
 SELECT employer_id, on_date, kind FROM interaction
 WHERE {f}deleted_at IS NULL AND on_date <= $day AND employer_id IS NOT NULL
 UNION ALL
 SELECT a.employer_id, i.on_date, i.kind FROM interaction_attendance a JOIN interaction i ON i.id = a.interaction_id
 WHERE {"i." + f if office else ""}a.attended = 1 AND i.deleted_at IS NULL AND i.on_date <= $day),
last AS (
 SELECT b.id, max(c.on_date) AS last_contact FROM best b JOIN contacts c ON c.employer_id = b.id
 WHERE b.kinds = '' OR contains(',' || b.kinds || ',', ',' || c.kind || ',') GROUP BY b.id),
dated AS (
 SELECT b.*, l.last_contact,
  coalesce(CAST(l.last_contact AS DATE) + CAST(b.interval_days AS INTEGER), CAST(b.added AS DATE)) AS due_on
 FROM best b LEFT JOIN last l ON l.id = b.id)
SELECT d.office_id, d.id, d.owner_id, s.name, d.legal_name, d.last_contact, d.due_on,
 CAST($day AS DATE) - d.due_on AS overdue, d.interval_days, d.scope, d.policy_name
FROM dated d JOIN staff s ON s.id = d.owner_id
WHERE CAST($day AS DATE) - d.due_on >= -$within
ORDER BY d.office_id, overdue DESC, d.last_contact IS NULL DESC, d.id
"""


# $office office, $from from, $to to, $last the calendar's last day (the later of the period's end and today).
DEADLINE_SQL = f"""
WITH cal AS (
 SELECT CAST(d AS DATE) AS d
 FROM generate_series(CAST($from AS DATE) - INTERVAL 1 DAY, CAST($last AS DATE), INTERVAL 1 DAY) t(d)),
flags AS (
 SELECT d, CASE WHEN dayofweek(d) IN (0, 6) OR d IN (SELECT d FROM holiday)
  OR d IN (SELECT CAST(on_date AS DATE) FROM office_holiday WHERE office_id = $office) THEN 0 ELSE 1 END AS bd
 FROM cal),
bday AS (SELECT d, sum(bd) OVER (ORDER BY d) AS n, sum(bd) OVER (ORDER BY d) - bd AS n_prev FROM flags),
r AS (
 SELECT coalesce(department_id, 0) AS dep, category, status, received_on, due_on, resolved_on FROM service_request
 WHERE office_id = $office AND received_on BETWEEN $from AND $to AND status NOT IN ('duplicate', 'rejected')),
d AS (
 SELECT r.*, CASE WHEN r.resolved_on IS NOT NULL THEN greatest(0, b1.n - b0.n_prev - 1) END AS days
 FROM r LEFT JOIN bday b0 ON b0.d = CAST(r.received_on AS DATE)
  LEFT JOIN bday b1 ON b1.d = CAST(r.resolved_on AS DATE))
SELECT d.dep, dp.name, d.category, count(*), count(d.resolved_on),
 count(*) FILTER (WHERE d.resolved_on IS NOT NULL AND d.due_on IS NOT NULL AND d.resolved_on <= d.due_on),
 count(*) FILTER (WHERE d.resolved_on IS NULL AND d.status IN {OPEN_STATES}),
 count(*) FILTER (WHERE d.resolved_on IS NULL AND d.status IN {OPEN_STATES} AND d.due_on IS NOT NULL
  AND d.due_on < $to),
 median(CAST(d.days AS DOUBLE))
FROM d LEFT JOIN department dp ON dp.id = d.dep
GROUP BY d.dep, dp.name, d.category ORDER BY d.dep, d.category
"""

# $office office, $from from, $to to.
FUNNEL_SQL = """
WITH months AS (
 SELECT CAST(m AS DATE) AS m
 FROM generate_series(CAST(date_trunc('month', CAST($from AS DATE)) AS TIMESTAMP), CAST($to AS TIMESTAMP),
  INTERVAL 1 MONTH) t(m)),
v AS (
 SELECT date_trunc('month', CAST(captured_on AS DATE)) AS m, count(*) AS vacancies, sum(positions) AS positions
 FROM vacancy WHERE office_id = $office AND captured_on BETWEEN $from AND $to GROUP BY 1),
r AS (
 SELECT date_trunc('month', CAST(referred_on AS DATE)) AS m, count(*) AS referrals FROM referral
 WHERE office_id = $office AND referred_on BETWEEN $from AND $to GROUP BY 1),
i AS (
 SELECT date_trunc('month', CAST(interviewed_on AS DATE)) AS m, count(*) AS interviews FROM referral
 WHERE office_id = $office AND interviewed_on BETWEEN $from AND $to GROUP BY 1),
p AS (
 SELECT date_trunc('month', CAST(start_on AS DATE)) AS m, count(*) AS hires, count(referral_id) AS referred
 FROM placement WHERE office_id = $office AND start_on BETWEEN $from AND $to GROUP BY 1)
SELECT months.m, coalesce(v.vacancies, 0), coalesce(v.positions, 0), coalesce(r.referrals, 0),
 coalesce(i.interviews, 0), coalesce(p.hires, 0), coalesce(p.referred, 0)
FROM months LEFT JOIN v USING (m) LEFT JOIN r USING (m) LEFT JOIN i USING (m) LEFT JOIN p USING (m)
ORDER BY months.m
"""

# The interactions listing of offices 1..$last, in the listing's order (as FRAME_SQL in baselines.py).
FRAME_SQL = """
WITH r AS (
 SELECT i.office_id, i.id, i.uuid, i.on_date, i.at_minute, i.kind, i.employer_id, i.cluster_id, i.staff_id,
  i.direction, 1 AS attended, i.summary, i.outcome, i.next_step, i.revision
 FROM interaction i WHERE i.office_id <= $last AND i.deleted_at IS NULL AND i.employer_id IS NOT NULL
 UNION ALL
 SELECT i.office_id, i.id, i.uuid, i.on_date, i.at_minute, i.kind, a.employer_id, i.cluster_id, i.staff_id,
  i.direction, a.attended, i.summary, i.outcome, i.next_step, i.revision
 FROM interaction i JOIN interaction_attendance a ON a.interaction_id = i.id
 WHERE i.office_id <= $last AND i.deleted_at IS NULL)
SELECT r.id, r.uuid, CAST(r.on_date AS DATE) AS date,
 CASE WHEN r.at_minute IS NULL THEN NULL ELSE printf('%02d:%02d', r.at_minute // 60, r.at_minute % 60) END AS time,
 r.kind, r.employer_id, e.legal_name AS employer, r.cluster_id, c.name AS cluster, r.staff_id, st.name AS staff,
 r.direction, r.attended, r.summary, r.outcome, r.next_step, r.revision
FROM r JOIN employer e ON e.id = r.employer_id JOIN staff st ON st.id = r.staff_id
 LEFT JOIN cluster c ON c.id = r.cluster_id
ORDER BY r.office_id, r.on_date, coalesce(r.at_minute, -1), r.id, r.employer_id
"""


def duckdb_connect(db_path: str, memory: bool, group: str):
    """A DuckDB connection that sees the SQLite file's tables (attached, read through the SQLite
    scanner) or, with memory, copies of the tables the query reads (their columns as the query
    reads them) made now, before the clock starts; the national holidays as a table either way
    (static data, as the hand-written SQL keeps them in a temporary table)."""
    import duckdb

    spec = importlib.util.find_spec("duckdb_ext")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("DuckDB's SQLite scanner is missing: pip install -r requirements-dev.txt (duckdb-ext-sqlite)")
    ext_dir = pathlib.Path(list(spec.submodule_search_locations)[0]) / "extensions"
    con = duckdb.connect(config={"extension_directory": str(ext_dir), "autoinstall_known_extensions": False})
    con.execute("LOAD sqlite")
    con.execute(f"ATTACH '{db_path}' AS sq (TYPE sqlite, READ_ONLY)")
    con.execute("CREATE TABLE memory.main.holiday(d DATE)")
    con.executemany("INSERT INTO memory.main.holiday VALUES (?)", [(d,) for d in national_holidays()])
    if memory:
        for table, cols in TABLES[group].items():
            con.execute(f"CREATE TABLE memory.main.{table} AS SELECT {cols} FROM sq.{table}")
        con.execute("DETACH sq")
        con.execute("USE memory")
    else:
        # The SQLite tables by their own names, the holiday table beside them.
        for table in TABLES[group]:
            con.execute(f"CREATE VIEW memory.main.{table} AS SELECT * FROM sq.{table}")
    return con


def duckdb_side(name: str, db_path: str, p: dict, memory: bool):
    """A function computing the query in DuckDB, on the file or on tables in memory."""
    con = duckdb_connect(db_path, memory, GROUP[name])
    office = int(p["office_id"])
    if name in ("due_office", "due_all", "plan_day"):
        sql = due_sql(name != "due_all")
        args = {"day": p["today"], "within": 7 if name == "plan_day" else 0}
        if name != "due_all":
            args["office"] = office
    elif name == "deadline":
        sql = DEADLINE_SQL
        args = {"office": office, "from": p["report_from"], "to": p["report_to"]}
        args["last"] = max(p["report_to"], p["today"])
    elif name == "funnel":
        sql, args = FUNNEL_SQL, {"office": office, "from": p["funnel_from"], "to": p["funnel_to"]}
    else:
        raise SystemExit(f"no DuckDB side for {name}")
    return lambda: answer(name, p, con.execute(sql, args).fetchall())


def duckdb_frame(db_path: str, last: int, memory: bool):
    """The listing into a pyarrow Table by DuckDB (the file through the SQLite scanner, or the
    tables loaded into DuckDB first)."""
    con = duckdb_connect(db_path, memory, "frame")
    return lambda: con.execute(FRAME_SQL, {"last": last}).fetch_arrow_table()


# ---- polars --------------------------------------------------------------------------------------


class PolarsTables:
    """The tables a query reads, as polars DataFrames: read from the file on each call (ADBC's
    SQLite driver into Arrow, the office's rows only where a table has an office), or once, whole,
    before the clock starts (memory)."""

    def __init__(self, db_path: str, group: str, memory: bool, office: int | None):
        import adbc_driver_sqlite.dbapi as adbc

        self.conn = adbc.connect(db_path)
        self.group, self.memory, self.office = group, memory, office
        self.schemas = {t: self.declared(t) for t in TABLES[group]}
        self.kept = self.read_all(None) if memory else None

    def declared(self, table: str):
        """The columns' declared types as Arrow types (the driver infers them from the values, and
        a column with no value yet would come out as integers)."""
        import pyarrow as pa

        kinds = {"INTEGER": pa.int64(), "REAL": pa.float64(), "TEXT": pa.string()}
        with self.conn.cursor() as cur:
            cur.execute(f"SELECT name, type FROM pragma_table_info('{table}')")
            types = {name: kinds.get(kind.upper(), pa.string()) for name, kind in cur.fetchall()}
        return pa.schema([(name, types[name]) for name in TABLES[self.group][table].split(", ")])

    def read(self, table: str, office: int | None):
        import polars as pl

        cols = TABLES[self.group][table]
        sql = f"SELECT {cols} FROM {table}"
        if office is not None and "office_id" in cols.split(", ") and table != "office_holiday":
            sql += f" WHERE office_id = {int(office)}"
        with self.conn.cursor() as cur:
            # Types from every row (the driver otherwise takes them from the first 1,024 rows,
            # where a column such as deleted_at may have no value yet).
            cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": "1000000000"})
            cur.execute(sql)
            return pl.from_arrow(cur.fetch_arrow_table().cast(self.schemas[table]))

    def read_all(self, office: int | None) -> dict:
        return {t: self.read(t, office) for t in TABLES[self.group]}

    def get(self) -> dict:
        return self.kept if self.memory else self.read_all(self.office)


def polars_due(t: dict, day: str, office: int | None, within: int):
    import polars as pl

    c = pl.col
    pol = t["cadence_policy"].filter((c("track") == "contact") & c("retired_at").is_null())
    emp = t["employer"].filter(c("status") != "inactive")
    if office is not None:
        pol = pol.filter(c("office_id") == office)
        emp = emp.filter(c("office_id") == office)
    pol = pol.select(
        c("id").alias("policy_id"),
        "office_id",
        "scope",
        "cluster_id",
        c("employer_id").alias("pol_employer"),
        c("segment").alias("pol_segment"),
        "interval_days",
        "kinds",
        c("name").alias("policy_name"),
        c("scope").replace_strict({"employer": 3, "segment": 2, "cluster": 1}, default=0).alias("rnk"),
    )
    added = t["employer_owner"].group_by("employer_id").agg(c("from_date").min().alias("added"))
    emp = emp.join(added, left_on="id", right_on="employer_id").filter(c("added") <= day)
    emp = emp.select("id", "office_id", "owner_id", "segment", "legal_name", "added")
    mem = t["cluster_member"].filter((c("joined") <= day) & (c("left_on").is_null() | (c("left_on") > day)))
    cols = ["id", "office_id", "owner_id", "legal_name", "added", "policy_id", "scope", "interval_days", "kinds"]
    cols += ["policy_name", "rnk"]
    parts = [
        emp.join(pol.filter(c("scope") == "office"), on="office_id").select(cols),
        emp.join(
            pol.filter(c("scope") == "employer"), left_on=["id", "office_id"], right_on=["pol_employer", "office_id"]
        ).select(cols),
        emp.filter(c("segment") != "")
        .join(
            pol.filter(c("scope") == "segment"), left_on=["segment", "office_id"], right_on=["pol_segment", "office_id"]
        )
        .select(cols),
        emp.join(mem, left_on="id", right_on="employer_id")
        .join(pol.filter(c("scope") == "cluster"), on=["cluster_id", "office_id"])
        .select(cols),
    ]
    cand = pl.concat(parts)
    cluster = c("rnk") == 1
    best = (
        cand.with_columns(
            k1=pl.when(cluster).then(c("interval_days")).otherwise(0),
            k2=pl.when(cluster).then(c("policy_id")).otherwise(-c("policy_id")),
        )
        .sort(["id", "rnk", "k1", "k2"], descending=[False, True, False, False])
        .unique("id", keep="first", maintain_order=True)
    )
    inter = t["interaction"].filter(c("deleted_at").is_null() & (c("on_date") <= day))
    if office is not None:
        inter = inter.filter(c("office_id") == office)
    own = inter.filter(c("employer_id").is_not_null()).select("employer_id", "on_date", "kind")
    att = (
        t["interaction_attendance"]
        .filter(c("attended") == 1)
        .join(inter.select("id", "on_date", "kind"), left_on="interaction_id", right_on="id")
        .select("employer_id", "on_date", "kind")
    )
    contacts = pl.concat([own, att])
    kinds = best.select("id", "kinds").with_columns(k=c("kinds").str.split(",")).explode("k")
    m = kinds.join(contacts, left_on="id", right_on="employer_id").filter((c("kinds") == "") | (c("k") == c("kind")))
    last = m.group_by("id").agg(c("on_date").max().alias("last_contact"))
    d = best.join(last, on="id", how="left")
    due = pl.coalesce(c("last_contact").str.to_date() + pl.duration(days=c("interval_days")), c("added").str.to_date())
    today = dt.date.fromisoformat(day)
    d = d.with_columns(due=due).with_columns(overdue=(pl.lit(today) - c("due")).dt.total_days())
    d = d.filter(c("overdue") >= -within)
    d = d.join(t["staff"].select(c("id").alias("owner_id"), c("name").alias("owner")), on="owner_id")
    d = d.with_columns(never=c("last_contact").is_null())
    d = d.sort(["office_id", "overdue", "never", "id"], descending=[False, True, True, False])
    return d.select(
        "office_id",
        "id",
        "owner_id",
        "owner",
        "legal_name",
        "last_contact",
        "due",
        "overdue",
        "interval_days",
        "scope",
        "policy_name",
    ).rows()


def polars_deadline(t: dict, p: dict):
    import polars as pl

    c = pl.col
    office, start, end = int(p["office_id"]), p["report_from"], p["report_to"]
    req = t["service_request"].filter(
        (c("office_id") == office)
        & (c("received_on") >= start)
        & (c("received_on") <= end)
        & ~c("status").is_in(["duplicate", "rejected"])
    )
    local = t["office_holiday"].filter(c("office_id") == office)["on_date"].str.to_date().to_list()
    holidays = sorted(set(national_holidays()) | set(local))
    received = c("received_on").str.to_date()
    resolved = c("resolved_on").str.to_date()
    effective = received.dt.add_business_days(0, roll="forward", holidays=holidays)
    days = pl.business_day_count(
        effective + pl.duration(days=1), resolved + pl.duration(days=1), holidays=holidays
    ).clip(lower_bound=0)
    is_resolved = c("resolved_on").is_not_null()
    is_open = ~is_resolved & c("status").is_in(list(OPEN_STATES))
    req = req.with_columns(
        dep=c("department_id").fill_null(0),
        days=pl.when(is_resolved).then(days),
        is_resolved=is_resolved,
        on_time=is_resolved & c("due_on").is_not_null() & (c("resolved_on") <= c("due_on")),
        is_open=is_open,
        overdue=is_open & c("due_on").is_not_null() & (c("due_on") < end),
    )
    g = req.group_by(["dep", "category"]).agg(
        pl.len().alias("received"),
        c("is_resolved").sum().alias("resolved"),
        c("on_time").sum().alias("on_time"),
        c("is_open").sum().alias("open"),
        c("overdue").sum().alias("overdue"),
        c("days").median().alias("median"),
    )
    names = t["department"].select(c("id").alias("dep"), "name")
    g = g.join(names, on="dep", how="left").sort(["dep", "category"])
    return g.select("dep", "name", "category", "received", "resolved", "on_time", "open", "overdue", "median").rows()


def polars_funnel(t: dict, p: dict):
    import polars as pl

    c = pl.col
    office, start, end = int(p["office_id"]), p["funnel_from"], p["funnel_to"]

    def month(col):
        return c(col).str.to_date().dt.truncate("1mo").alias("m")

    def within(col):
        return (c(col) >= start) & (c(col) <= end)

    vac = t["vacancy"].filter((c("office_id") == office) & within("captured_on"))
    ref_all = t["referral"].filter(c("office_id") == office)
    ref = ref_all.filter(within("referred_on"))
    first = ref_all.filter(within("interviewed_on")).select(c("interviewed_on").alias("first"))
    pl_ = t["placement"].filter((c("office_id") == office) & within("start_on"))
    months = pl.DataFrame(
        {"m": pl.date_range(dt.date.fromisoformat(start).replace(day=1), dt.date.fromisoformat(end), "1mo", eager=True)}
    )
    out = (
        months.join(
            vac.group_by(month("captured_on")).agg(pl.len().alias("vacancies"), c("positions").sum()),
            on="m",
            how="left",
        )
        .join(ref.group_by(month("referred_on")).agg(pl.len().alias("referrals")), on="m", how="left")
        .join(first.group_by(month("first")).agg(pl.len().alias("interviews")), on="m", how="left")
        .join(
            pl_.group_by(month("start_on")).agg(pl.len().alias("hires"), c("referral_id").count().alias("referred")),
            on="m",
            how="left",
        )
        .fill_null(0)
        .sort("m")
    )
    return out.select("m", "vacancies", "positions", "referrals", "interviews", "hires", "referred").rows()


def polars_side(name: str, db_path: str, p: dict, memory: bool):
    office = int(p["office_id"])
    tables = PolarsTables(db_path, GROUP[name], memory, None if name == "due_all" else office)

    def run():
        t = tables.get()
        if name == "due_office":
            rows = polars_due(t, p["today"], office, 0)
        elif name == "due_all":
            rows = polars_due(t, p["today"], None, 0)
        elif name == "plan_day":
            rows = polars_due(t, p["today"], office, 7)
        elif name == "deadline":
            rows = polars_deadline(t, p)
        elif name == "funnel":
            rows = polars_funnel(t, p)
        else:
            raise SystemExit(f"no polars side for {name}")
        return answer(name, p, rows)

    return run


def polars_frame(db_path: str, last: int):
    """The listing computed by polars on the tables loaded first."""
    import polars as pl

    c = pl.col
    t = PolarsTables(db_path, "frame", True, None).kept

    def run():
        inter = t["interaction"].filter((c("office_id") <= last) & c("deleted_at").is_null())
        cols = ["office_id", "id", "uuid", "on_date", "at_minute", "kind", "employer_id", "cluster_id", "staff_id"]
        cols += ["direction", "attended", "summary", "outcome", "next_step", "revision"]
        own = inter.filter(c("employer_id").is_not_null()).with_columns(attended=pl.lit(1, pl.Int64)).select(cols)
        met = (
            inter.drop("employer_id")
            .join(t["interaction_attendance"], left_on="id", right_on="interaction_id")
            .with_columns(c("attended").cast(pl.Int64))
            .select(cols)
        )
        r = pl.concat([own, met])
        r = r.join(t["employer"].select("id", c("legal_name").alias("employer")), left_on="employer_id", right_on="id")
        r = r.join(t["staff"].select("id", c("name").alias("staff")), left_on="staff_id", right_on="id")
        clusters = t["cluster"].select("id", c("name").alias("cluster"))
        r = r.join(clusters, left_on="cluster_id", right_on="id", how="left")
        r = r.sort(
            ["office_id", "on_date", pl.col("at_minute").fill_null(-1), "id", "employer_id"], maintain_order=False
        )
        m = c("at_minute")
        hhmm = pl.format("{}:{}", (m // 60).cast(pl.String).str.zfill(2), (m % 60).cast(pl.String).str.zfill(2))
        return r.select(
            "id",
            "uuid",
            c("on_date").str.to_date().alias("date"),
            pl.when(m.is_null()).then(None).otherwise(hhmm).alias("time"),
            "kind",
            "employer_id",
            "employer",
            "cluster_id",
            "cluster",
            "staff_id",
            "staff",
            "direction",
            "attended",
            "summary",
            "outcome",
            "next_step",
            "revision",
        )

    return run
