"""The scale benchmark: runs every measurement beside its baseline and writes the table.

    .venv/bin/python bench/scale/run.py --scale office [--seed 42] [--bin build-bench/bench/bench_scale]

(scripts/bench.sh SCALE builds bench_scale and runs this.) Steps:

1. The database of the scale (generated once per scale and seed by `bench_scale generate`, then
   reused) and a check that the library and the hand-written SQL give equal answers.
2. Bulk load: `bench_scale load --sink lib` and `--sink raw` into scratch files, alternated,
   rows per second per table; both must write the same number of rows to every table.
3. Each query in its own process: the library (C++), hand-written SQL on raw SQLite (C++), and
   the analyst's Python (sqlite3 + pandas); the answers' digests must agree.
4. The interactions listing into pandas, pyarrow and polars through the omilcrm package, against
   pandas.read_sql, connectorx.read_sql (into Arrow) and polars.read_database of the same columns,
   and the floor: a bare C++ loop stepping the same rows out of SQLite into column vectors
   (`bench_scale frame`).
5. bench/results/<scale>.md and .csv, with the machine; the growth from one scale to the next
   when the results of other scales are there; optionally the table in docs/performance.md.

Times are the median of the repeats inside the processes of a measurement, in CPU time of each
process (user + system): the machine may be shared, and CPU time does not count the time others
hold the CPU. The library, the SQL and pandas run in alternation, several rounds of one process
each (--rounds), so that a machine whose speed drifts over minutes slows all sides alike.
Wall-clock medians are in the CSV too. Peak memory is the high-water mark of the child
program's resident memory (VmHWM, which the child reports; os.wait4's ru_maxrss would add what
this process held when it forked the child).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import pathlib
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
TARGET_LOAD = 0.9  # library rows/s at least 0.9x the raw loader's
TARGET_SQL = 1.5  # other queries: library time at most 1.5x the best baseline reading the file
# The due lists, plan, deadline report and funnel (STRONG_QUERIES): at least 2x as fast as the best
# baseline reading the file, and ahead of DuckDB and polars on tables already in memory.
TARGET_STRONG = 0.5
TARGET_FRAME = 5.0  # DataFrame path at least 5x faster than pandas.read_sql
TARGET_FLOOR = 1.25  # the listing into pyarrow or polars at most 1.25x the bare C++ loop
# The listing's sides: (label, what runs). The library's Python sides and the baselines run in
# baselines.py; the floor and the library's C++ side in bench_scale frame.
FRAME_SIDES = {
    "floor": ("floor", "bare C++ loop: sqlite3_step into column vectors (no sort, no Python)"),
    "cpp": ("library, C++", "Interactions::table + to_arrow_stream, each batch read"),
    "lib_arrow": ("library → pyarrow", "pa.concat_tables([db.interactions.table(o).to_arrow() ...])"),
    "lib_polars": ("library → polars", "pl.concat([db.interactions.table(o).to_polars() ...])"),
    "lib": ("library → pandas", "pd.concat([db.interactions.table(o).to_pandas() ...])"),
    "connectorx": ("connectorx", 'connectorx.read_sql(uri, ordered sql, return_type="arrow")'),
    "adbc": ("ADBC", "adbc_driver_sqlite cursor.execute(ordered sql).fetch_arrow_table()"),
    "pandas_arrow": ("pandas on ADBC", "ADBC fetch_arrow_table(ordered sql).to_pandas()"),
    "polars": ("polars.read_database", "polars.read_database(ordered sql, sqlite3 connection)"),
    "read_sql": ("pandas.read_sql", "pandas.read_sql(sql, sqlite3 connection)"),
    "duckdb_file": ("DuckDB, SQLite scanner", "the listing's SQL in DuckDB on the attached file, fetch_arrow_table()"),
    "duckdb_mem": ("DuckDB, tables in memory", "the same SQL on the tables copied into DuckDB first (not timed)"),
    "polars_mem": ("polars, tables in memory", "joins, concat and sort in polars on the tables read first (not timed)"),
}
FRAME_PY = [
    "lib",
    "lib_arrow",
    "lib_polars",
    "read_sql",
    "pandas_arrow",
    "connectorx",
    "adbc",
    "polars",
    "duckdb_file",
    "duckdb_mem",
    "polars_mem",
]
# The baselines that read the file inside the clock, and those into pandas.
FRAME_FILE = ["read_sql", "pandas_arrow", "connectorx", "adbc", "polars", "duckdb_file"]
FRAME_PANDAS = ["read_sql", "pandas_arrow"]
# The queries' sides: (label, what runs). lib and sql in bench_scale, the others in baselines.py.
QUERY_SIDES = {
    "lib": ("library", "the library's call (C++)"),
    "sql": ("hand-written SQL", "raw SQLite C API, prepared statements (C++)"),
    "pandas": ("pandas.read_sql", "sqlite3 + pandas.read_sql of the tables, computed in pandas"),
    "pandas_arrow": ("pandas on ADBC", "the same pandas code, the tables read through ADBC into Arrow"),
    "polars_file": ("polars, from the file", "the tables read through ADBC into polars, computed in polars"),
    "duckdb_file": ("DuckDB, SQLite scanner", "the query in DuckDB's SQL on the attached SQLite file"),
    "duckdb_mem": ("DuckDB, tables in memory", "the same SQL on the tables copied into DuckDB first (not timed)"),
    "polars_mem": ("polars, tables in memory", "the same polars code on the tables read first (not timed)"),
}
QUERY_STRONG = ["pandas_arrow", "polars_file", "duckdb_file", "duckdb_mem", "polars_mem"]
QUERY_FILE = ["sql", "pandas", "pandas_arrow", "polars_file", "duckdb_file"]
STRONG_QUERIES = {"due_office", "due_all", "plan_day", "deadline", "funnel"}
REPEATS = {"office": 7, "region": 5, "nation": 3}
ROUNDS = {"office": 3, "region": 2, "nation": 1}
LOAD_RUNS = {"office": 5, "region": 1, "nation": 1}
TABLES = ["employers", "seekers", "interactions", "requests", "vacancies"]


# ---- Running children ------------------------------------------------------------------------


def run_child(cmd: list[str], label: str) -> dict:
    """Runs a command that prints one JSON document and returns it."""
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{label} failed (exit {proc.returncode})")
    return json.loads(proc.stdout)


def run_measured(cmd: list[str], label: str) -> tuple[dict, float, int]:
    """Runs a command that prints one JSON document; returns it, the wall time and the peak RSS
    (KiB) of the child's program. The child reports its VmHWM (the high-water mark of its own
    memory); os.wait4's ru_maxrss is kept as a fallback, but on Linux it also counts what this
    Python process held when it forked the child (ru_maxrss survives exec)."""
    print(f"  {label}: {' '.join(shlex.quote(c) for c in cmd)}", flush=True)
    out_r, out_w = os.pipe()
    err_path = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / f"bench_scale_{os.getpid()}.err"
    t0 = time.perf_counter()
    with open(err_path, "w") as err_file:
        pid = os.fork()
        if pid == 0:  # child
            os.close(out_r)
            os.dup2(out_w, 1)
            os.dup2(err_file.fileno(), 2)
            try:
                os.execvp(cmd[0], cmd)
            finally:
                os._exit(127)
    os.close(out_w)
    chunks = []
    with os.fdopen(out_r) as f:
        for chunk in iter(lambda: f.read(65536), ""):
            chunks.append(chunk)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    err = err_path.read_text()
    err_path.unlink(missing_ok=True)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.stderr.write(err)
        raise SystemExit(f"{label} failed (exit {code})")
    out = json.loads("".join(chunks))
    return out, wall, out.get("peak_rss_kb") or usage.ru_maxrss


# ---- Machine ---------------------------------------------------------------------------------


def alternate(cmds: dict[str, list[str]], rounds: int, name: str, problems: list[str]) -> dict[str, dict]:
    """Runs each side's command once per round, the sides in turn, and pools what they report:
    every repeat's times, the first call of each process (first_times, first_cpu_times), the
    highest peak memory. A side whose answer changes from one round to the next is a problem."""
    res: dict[str, dict] = {}
    for r in range(rounds):
        for impl, cmd in cmds.items():
            out, _, rss = run_measured(cmd, f"{name} {impl}" + (f" (round {r + 1} of {rounds})" if rounds > 1 else ""))
            out["rss"] = rss
            if impl not in res:
                res[impl] = out
                for key in ("times", "cpu_times"):
                    out["first_" + key] = [out[key][0]]
                continue
            pooled = res[impl]
            if (out.get("rows"), out.get("digest")) != (pooled.get("rows"), pooled.get("digest")):
                problems.append(f"{name}: {impl} gave another answer in round {r + 1}")
            for key in ("times", "cpu_times"):
                pooled[key] = pooled[key] + out[key]
                pooled["first_" + key].append(out[key][0])
            pooled["rss"] = max(pooled["rss"], rss)
    return res


def tool_versions() -> str:
    """The versions of the baselines' packages, as installed."""
    from importlib import metadata

    out = []
    for name in ("pyarrow", "polars", "duckdb", "duckdb-ext-sqlite", "connectorx", "adbc-driver-sqlite"):
        try:
            out.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} (missing)")
    return ", ".join(out)


def machine(bench_bin: str, sqlite_version: str) -> dict:
    def first(path, key):
        try:
            for line in pathlib.Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    os_name = "?"
    try:
        for line in pathlib.Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    compiler = "?"
    cache = pathlib.Path(bench_bin).resolve().parents[1] / "CMakeCache.txt"
    if cache.exists():
        m = re.search(r"^CMAKE_CXX_COMPILER:\w+=(.*)$", cache.read_text(), re.M)
        bt = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", cache.read_text(), re.M)
        if m:
            try:
                compiler = subprocess.run(
                    [m.group(1), "--version"], capture_output=True, text=True
                ).stdout.splitlines()[0]
            except (OSError, IndexError):
                compiler = m.group(1)
            if bt:
                compiler += f", {bt.group(1)} build"
    mem_kb = first("/proc/meminfo", "MemTotal").split()[0]
    import numpy
    import pandas

    commit = (
        subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        or "?"
    )
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "ram_gib": round(int(mem_kb) / 1024 / 1024, 1) if mem_kb.isdigit() else "?",
        "os": f"{os_name}, Linux {platform.release()}",
        "compiler": compiler,
        "sqlite": sqlite_version,
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "tools": tool_versions(),
        "commit": commit + (" (with local changes)" if dirty else ""),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


# ---- Measurements ----------------------------------------------------------------------------


def median(v):
    return statistics.median(v) if v else float("nan")


def fmt_time(s: float) -> str:
    if s != s:
        return "—"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 0.001:
        return f"{s * 1000:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def fmt_rate(r: float) -> str:
    return f"{r / 1000:.0f}k rows/s" if r >= 10000 else f"{r:.0f} rows/s"


def fmt_ratio(r: float) -> str:
    return f"{r:.3f}x" if r < 0.1 else f"{r:.2f}x"


def fmt_mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB" if kb and kb > 0 else "—"


def best_columns(t: dict, res: dict, best: str, lib: str, labels: dict | None = None) -> dict:
    """The columns beside the old ones: the best baseline reading the file, and DuckDB and polars
    on tables loaded into memory first, each with the library's time divided by theirs."""
    labels = labels or QUERY_SIDES
    out = {
        "best": f"{fmt_time(t[best])} ({labels[best][0]})",
        "best_ratio": fmt_ratio(t[lib] / t[best]),
        "best_side": best,
        "best_value": t[best],
    }
    for side in ("duckdb_mem", "polars_mem"):
        key = side.replace("_mem", "")
        if side in t:
            out[f"mem_{key}"] = fmt_time(t[side])
            out[f"mem_{key}_ratio"] = fmt_ratio(t[lib] / t[side])
            out[f"mem_{key}_value"] = t[side]
            out[f"mem_{key}_rss_kb"] = res[side]["rss"]
        else:
            out[f"mem_{key}"] = out[f"mem_{key}_ratio"] = "—"
    return out


def write_holidays(path: pathlib.Path) -> None:
    """Chile's national holidays 2024-2027 as the library counts them, for the Python baselines."""
    import omilcrm

    db = omilcrm.open(":memory:")
    office = db.offices.add(name="Feriados", commune="santiago")
    t = db.requests.holidays(office, dt.date(2024, 1, 1), dt.date(2027, 12, 31)).to_pandas()
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["date", "name"])
        for day, name in zip(t["date"], t["name"], strict=True):
            w.writerow([day.strftime("%Y-%m-%d"), name])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="office", choices=["office", "region", "nation"])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--bin", default=str(REPO / "build-bench" / "bench" / "bench_scale"))
    ap.add_argument("--data-dir", default=str(REPO / "build-bench" / "data"))
    ap.add_argument("--results", default=str(REPO / "bench" / "results"))
    ap.add_argument("--repeat", type=int, help="repeats per measurement (default by scale)")
    ap.add_argument("--rounds", type=int, help="alternating rounds of processes per query (default by scale)")
    ap.add_argument("--load-runs", type=int, help="bulk loads per sink (default by scale)")
    ap.add_argument("--clock", default="cpu", choices=["cpu", "wall"], help="which time the ratios use")
    ap.add_argument("--regenerate", action="store_true", help="generate the database again even if cached")
    ap.add_argument("--skip-load", action="store_true", help="skip the bulk-load comparison")
    ap.add_argument("--only", help="comma-separated measurements to run (names as in the CSV)")
    ap.add_argument("--update-docs", action="store_true", help="put the table into docs/performance.md")
    a = ap.parse_args()

    bench = a.bin
    if not os.access(bench, os.X_OK):
        raise SystemExit(f"{bench} not found: build it (scripts/bench.sh does) or pass --bin")
    py = sys.executable
    baselines = str(HERE / "baselines.py")
    data = pathlib.Path(a.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    repeat = a.repeat or REPEATS[a.scale]
    load_runs = a.load_runs or LOAD_RUNS[a.scale]
    rounds = a.rounds or ROUNDS[a.scale]
    only = set(a.only.split(",")) if a.only else None
    tkey = "cpu_times" if a.clock == "cpu" else "times"
    info = run_child([bench, "list"], "queries")
    mach = machine(bench, info["sqlite"])
    print(
        f"== {a.scale} scale, seed {a.seed}, {rounds} rounds of {repeat} repeats, {a.clock} time; {mach['cpu']}, "
        f"{mach['cores']} cores, load average {mach['load_average']}",
        flush=True,
    )

    # 1. The database.
    db = data / f"{a.scale}-s{a.seed}.omilcrm"
    gen_json = pathlib.Path(str(db) + ".generate.json")
    if a.regenerate or not (db.exists() and gen_json.exists() and pathlib.Path(str(db) + ".params").exists()):
        print("== generating the database (once per scale and seed)", flush=True)
        gen, wall, rss = run_measured(
            [bench, "generate", "--scale", a.scale, "--seed", str(a.seed), "--out", str(db)], "generate"
        )
        gen.update({"wall_seconds": wall, "peak_rss_kb_child": rss})
        gen_json.write_text(json.dumps(gen, indent=1))
    gen = json.loads(gen_json.read_text())
    write_holidays(data / "holidays_cl.csv")
    print("== checking that the library and the hand-written SQL agree", flush=True)
    chk = subprocess.run([bench, "check", "--db", str(db)], capture_output=True, text=True)
    print(chk.stdout, end="")
    if chk.returncode != 0:
        sys.stderr.write(chk.stderr)
        raise SystemExit("the library and the SQL baselines disagree: see above")

    rows: list[dict] = []
    problems: list[str] = []

    def want(name):
        return only is None or name in only

    # 2. Bulk load.
    if not a.skip_load and want("bulk_load"):
        print("== bulk load: library bulk API against the raw SQLite loader", flush=True)
        runs = {"lib": [], "raw": []}
        for i in range(load_runs):
            for sink in ("raw", "lib"):
                scratch = data / f"scratch-{a.scale}-{sink}.omilcrm"
                out, wall, rss = run_measured(
                    [bench, "load", "--sink", sink, "--scale", a.scale, "--seed", str(a.seed), "--out", str(scratch)],
                    f"load {sink} #{i + 1}",
                )
                out["rss"] = rss
                runs[sink].append(out)
                for suffix in ("", "-wal", "-shm", ".params"):
                    pathlib.Path(str(scratch) + suffix).unlink(missing_ok=True)
        if runs["lib"][0]["tables"] != runs["raw"][0]["tables"]:
            problems.append(
                "bulk load: the library and the raw loader wrote different row counts: "
                f"{runs['lib'][0]['tables']} vs {runs['raw'][0]['tables']}"
            )
        secs_key = "cpu_seconds" if a.clock == "cpu" else "seconds"
        close_key = "close_cpu_seconds" if a.clock == "cpu" else "close_seconds"
        for t in TABLES + ["all"]:
            rate = {}
            for sink in ("lib", "raw"):
                per_run = []
                for out in runs[sink]:
                    if t == "all":  # every table, and closing (the checkpoint of what the WAL holds)
                        n = sum(out["load"][x]["rows"] for x in TABLES)
                        secs = sum(out["load"][x][secs_key] for x in TABLES) + out[close_key]
                    else:
                        n, secs = out["load"][t]["rows"], out["load"][t][secs_key]
                    per_run.append(n / secs if secs > 0 else float("nan"))
                rate[sink] = median(per_run)
            n_rows = (
                runs["lib"][0]["load"][t]["rows"]
                if t != "all"
                else sum(runs["lib"][0]["load"][x]["rows"] for x in TABLES)
            )
            ratio = rate["lib"] / rate["raw"]
            rows.append(
                {
                    "measurement": f"bulk_load.{t}",
                    "title": f"Bulk load: {t}" + (" (rows/s)" if t == "all" else ""),
                    "library": fmt_rate(rate["lib"]),
                    "baseline": fmt_rate(rate["raw"]),
                    "ratio": f"{ratio:.2f}x",
                    "pandas": "—",
                    "pandas_ratio": "—",
                    "rss_lib": fmt_mb(max(o["rss"] for o in runs["lib"])) if t == "all" else "",
                    "rss_sql": fmt_mb(max(o["rss"] for o in runs["raw"])) if t == "all" else "",
                    "rss_pandas": "",
                    "rows": n_rows,
                    "target": f"≥ {TARGET_LOAD}x raw",
                    "met": "yes" if ratio >= TARGET_LOAD else "NO",
                    "lib_value": rate["lib"],
                    "sql_value": rate["raw"],
                    "pandas_value": "",
                    "how": runs["lib"][0]["load"][t]["how"] if t != "all" else "",
                    "lib_wal_mb": round(max(o["wal_bytes_before_close"] for o in runs["lib"]) / 1e6),
                    "raw_wal_mb": round(max(o["wal_bytes_before_close"] for o in runs["raw"]) / 1e6),
                    "lib_rss_kb": max(o["rss"] for o in runs["lib"]),
                    "sql_rss_kb": max(o["rss"] for o in runs["raw"]),
                    "pandas_rss_kb": "",
                }
            )

    # 3. Queries.
    print("== queries: library, hand-written SQL, Python + pandas", flush=True)
    base = {}
    for impl in ("lib", "sql"):
        out, _, rss = run_measured(
            [bench, "query", "noop", "--db", str(db), "--impl", impl, "--repeat", "1"], f"noop {impl}"
        )
        base[impl] = rss
    out, _, rss = run_measured([py, baselines, "pandas", "noop", "--db", str(db), "--repeat", "1"], "noop pandas")
    base["pandas"] = rss
    sides_detail: list[dict] = []
    for q in info["queries"]:
        name = q["name"]
        if name == "noop" or not want(name):
            continue
        py_repeat = str(max(3, repeat // 2))
        cmds = {
            "lib": [bench, "query", name, "--db", str(db), "--impl", "lib", "--repeat", str(repeat)],
            "sql": [bench, "query", name, "--db", str(db), "--impl", "sql", "--repeat", str(repeat)],
            "pandas": [py, baselines, "pandas", name, "--db", str(db), "--repeat", py_repeat],
        }
        if name in STRONG_QUERIES:
            for side in QUERY_STRONG:
                cmds[side] = [py, baselines, side, name, "--db", str(db), "--repeat", py_repeat]
        res = alternate(cmds, rounds, name, problems)
        # Every side's answer must be the library's.
        for side in res:
            if side == "lib":
                continue
            if name == "plan_day" and side != "sql":
                if res[side]["candidates_digest"] != res["lib"]["candidates_digest"]:
                    problems.append(f"{name}: {QUERY_SIDES[side][0]} picked other candidates than the library")
            elif res[side]["digest"] != res["lib"]["digest"]:
                problems.append(f"{name}: {QUERY_SIDES[side][0]} and library answers differ")
        t = {k: median(v[tkey]) for k, v in res.items()}
        ratio_sql = t["lib"] / t["sql"]
        ratio_pd = t["pandas"] / t["lib"]
        file_sides = [k for k in QUERY_FILE if k in t]
        best = min(file_sides, key=lambda k: t[k])
        ratio_best = t["lib"] / t[best]
        strong = name in STRONG_QUERIES
        if strong:
            in_memory = [k for k in ("duckdb_mem", "polars_mem") if k in t]
            met = ratio_best <= TARGET_STRONG and all(t["lib"] < t[k] for k in in_memory)
            target = f"≤ {TARGET_STRONG}x the best from the file, ahead of DuckDB and polars in memory"
        else:
            met = ratio_best <= TARGET_SQL
            target = f"≤ {TARGET_SQL}x the best from the file"
        title = q["title"] + (" (Python sides: candidates only)" if name == "plan_day" else "")
        row = {
            "measurement": name,
            "title": title,
            "library": fmt_time(t["lib"]),
            "baseline": fmt_time(t["sql"]),
            "ratio": fmt_ratio(ratio_sql),
            "pandas": fmt_time(t["pandas"]),
            "pandas_ratio": f"{ratio_pd:.1f}x",
            "rss_lib": fmt_mb(res["lib"]["rss"]),
            "rss_sql": fmt_mb(res["sql"]["rss"]),
            "rss_pandas": fmt_mb(res["pandas"]["rss"]),
            "rows": res["lib"]["rows"],
            "target": target,
            "met": "yes" if met else "NO",
            "lib_value": t["lib"],
            "sql_value": t["sql"],
            "pandas_value": t["pandas"],
            "lib_wall": median(res["lib"]["times"]),
            "sql_wall": median(res["sql"]["times"]),
            "pandas_wall": median(res["pandas"]["times"]),
            "lib_rss_kb": res["lib"]["rss"],
            "sql_rss_kb": res["sql"]["rss"],
            "pandas_rss_kb": res["pandas"]["rss"],
        }
        row.update(best_columns(t, res, best, "lib"))
        rows.append(row)
        if len(res) > 3:
            sides_detail.append(
                {
                    "title": title,
                    "sides": {k: (t[k], res[k]["rss"]) for k in res},
                    "library": "lib",
                }
            )
        if name == "matching":
            # The library keeps the office's seekers prepared between calls; a one-off call pays
            # for preparing them. The first call of each process (median over the rounds), beside
            # the SQL's first call.
            first = {k: median(res[k]["first_" + tkey]) for k in ("lib", "sql", "pandas")}
            r1, r2 = first["lib"] / first["sql"], first["pandas"] / first["lib"]
            best1 = min(("sql", "pandas"), key=lambda k: first[k])
            rows.append(
                {
                    "measurement": "matching.first_call",
                    "title": q["title"] + ", first call of a process",
                    "library": fmt_time(first["lib"]),
                    "baseline": fmt_time(first["sql"]),
                    "ratio": fmt_ratio(r1),
                    "pandas": fmt_time(first["pandas"]),
                    "pandas_ratio": f"{r2:.1f}x",
                    "rss_lib": "",
                    "rss_sql": "",
                    "rss_pandas": "",
                    "rows": res["lib"]["rows"],
                    "target": f"≤ {TARGET_SQL}x the best from the file",
                    "met": "yes" if first["lib"] / first[best1] <= TARGET_SQL else "NO",
                    **best_columns(first, res, best1, "lib"),
                    "lib_value": first["lib"],
                    "sql_value": first["sql"],
                    "pandas_value": first["pandas"],
                    "lib_rss_kb": "",
                    "sql_rss_kb": "",
                    "pandas_rss_kb": "",
                }
            )

    # 4. The interactions listing into pandas, pyarrow and polars, beside the Python tools an
    # analyst would read it with and the floor (a bare C++ loop out of SQLite into columns).
    frame_detail: list[dict] = []
    if want("frame"):
        print("== interactions into pandas, pyarrow and polars", flush=True)
        frame_repeat = str(max(3, repeat // 2))
        sys.path.insert(0, str(HERE))
        from baselines import frame_offices  # the offices whose rows make about a million

        offices = frame_offices(str(db))
        cmds = {impl: [py, baselines, "frame", impl, "--db", str(db), "--repeat", frame_repeat] for impl in FRAME_PY}
        for impl in ("floor", "cpp"):
            cmds[impl] = [
                bench,
                "frame",
                "--db",
                str(db),
                "--offices",
                str(offices),
                "--impl",
                "lib" if impl == "cpp" else impl,
                "--repeat",
                frame_repeat,
            ]
        res = alternate(cmds, rounds, "frame", problems)
        n_rows = res["floor"]["rows"]
        for impl, out in res.items():
            if out["rows"] != n_rows or out["sum_digest"] != res["floor"]["sum_digest"]:
                problems.append(f"frame: {impl} read other rows than the floor ({out['rows']} rows)")
            if impl in FRAME_PY and out["digest"] != res["read_sql"]["digest"]:
                problems.append(f"frame: {FRAME_SIDES[impl][0]} gives the rows in another order than pandas.read_sql")
        t = {k: median(v[tkey]) for k, v in res.items()}
        floor = t["floor"]
        best_file = min(FRAME_FILE, key=lambda k: t[k])
        best_pandas = min(FRAME_PANDAS, key=lambda k: t[k])
        for impl, (label, what) in FRAME_SIDES.items():
            frame_detail.append(
                {
                    "side": label,
                    "what": what,
                    "time": t[impl],
                    "wall": median(res[impl]["times"]),
                    "floor_ratio": t[impl] / floor,
                    "rss_kb": res[impl]["rss"],
                }
            )
        size = f"{n_rows:,} rows of {offices} office{'s' if offices > 1 else ''}"
        # pandas: the library against pandas.read_sql, as before, and against the best way into
        # pandas from the file.
        ratio = t["read_sql"] / t["lib"]
        r_best = t["lib"] / t[best_pandas]
        row = {
            "measurement": "frame",
            "title": f"Interactions into a DataFrame ({size})",
            "library": fmt_time(t["lib"]),
            "baseline": fmt_time(floor),
            "ratio": fmt_ratio(t["lib"] / floor),
            "pandas": fmt_time(t["read_sql"]) + " (read_sql)",
            "pandas_ratio": f"{ratio:.1f}x",
            "rss_lib": fmt_mb(res["lib"]["rss"]),
            "rss_sql": fmt_mb(res["floor"]["rss"]),
            "rss_pandas": fmt_mb(res["read_sql"]["rss"]),
            "rows": n_rows,
            "target": f"≤ {TARGET_FLOOR}x floor, ≥ {TARGET_FRAME:g}x pandas.read_sql, "
            "ahead of the best into pandas from the file",
            "met": "yes" if t["lib"] / floor <= TARGET_FLOOR and ratio >= TARGET_FRAME and r_best < 1 else "NO",
            "lib_value": t["lib"],
            "sql_value": floor,
            "pandas_value": t["read_sql"],
            "lib_wall": median(res["lib"]["times"]),
            "sql_wall": median(res["floor"]["times"]),
            "pandas_wall": median(res["read_sql"]["times"]),
            "lib_rss_kb": res["lib"]["rss"],
            "sql_rss_kb": res["floor"]["rss"],
            "pandas_rss_kb": res["read_sql"]["rss"],
        }
        row.update(best_columns(t, res, best_pandas, "lib", FRAME_SIDES))
        rows.append(row)
        # pyarrow and polars: against the floor, and ahead of every baseline reading the file (the
        # fastest of them is shown).
        for impl, name, into in (
            ("lib_arrow", "frame.arrow", "a pyarrow Table"),
            ("lib_polars", "frame.polars", "a polars DataFrame"),
        ):
            r_floor = t[impl] / floor
            r_py = t[best_file] / t[impl]
            row = {
                "measurement": name,
                "title": f"Interactions into {into} ({size})",
                "library": fmt_time(t[impl]),
                "baseline": fmt_time(floor) + " (floor)",
                "ratio": fmt_ratio(r_floor),
                "pandas": fmt_time(t["read_sql"]) + " (read_sql)",
                "pandas_ratio": f"{t['read_sql'] / t[impl]:.1f}x",
                "rss_lib": fmt_mb(res[impl]["rss"]),
                "rss_sql": fmt_mb(res["floor"]["rss"]),
                "rss_pandas": fmt_mb(res["read_sql"]["rss"]),
                "rows": n_rows,
                "target": f"≤ {TARGET_FLOOR}x floor, ahead of the best from the file",
                "met": "yes" if r_floor <= TARGET_FLOOR and r_py > 1 else "NO",
                "lib_value": t[impl],
                "sql_value": floor,
                "pandas_value": t["read_sql"],
                "lib_wall": median(res[impl]["times"]),
                "sql_wall": median(res["floor"]["times"]),
                "pandas_wall": median(res["read_sql"]["times"]),
                "lib_rss_kb": res[impl]["rss"],
                "sql_rss_kb": res["floor"]["rss"],
                "pandas_rss_kb": res["read_sql"]["rss"],
            }
            row.update(best_columns(t, res, best_file, impl, FRAME_SIDES))
            rows.append(row)

    rows.append(
        {
            "measurement": "data.file",
            "title": "Database file",
            "library": f"{gen['file_bytes'] / 1e6:,.0f} MB",
            "baseline": "",
            "ratio": "",
            "pandas": "",
            "pandas_ratio": "",
            "rss_lib": "",
            "rss_sql": "",
            "rss_pandas": "",
            "rows": sum(gen["tables"].values()),
            "target": "",
            "met": "",
            "lib_value": gen["file_bytes"],
            "sql_value": "",
            "pandas_value": "",
            "lib_rss_kb": "",
            "sql_rss_kb": "",
            "pandas_rss_kb": "",
        }
    )
    write_results(a, mach, gen, rows, problems, base, repeat, rounds, load_runs, frame_detail, sides_detail)
    if problems:
        print("\nPROBLEMS:\n  " + "\n  ".join(problems))
        return 1
    return 0


# ---- Output ----------------------------------------------------------------------------------

CSV_FIELDS = [
    "scale",
    "measurement",
    "title",
    "library",
    "baseline",
    "ratio",
    "pandas",
    "pandas_ratio",
    "rss_lib",
    "rss_sql",
    "rss_pandas",
    "rows",
    "target",
    "met",
    "lib_value",
    "sql_value",
    "pandas_value",
    "lib_wall",
    "sql_wall",
    "pandas_wall",
    "lib_rss_kb",
    "sql_rss_kb",
    "pandas_rss_kb",
    "how",
    "lib_wal_mb",
    "raw_wal_mb",
    "best",
    "best_ratio",
    "best_side",
    "best_value",
    "mem_duckdb",
    "mem_duckdb_ratio",
    "mem_duckdb_value",
    "mem_duckdb_rss_kb",
    "mem_polars",
    "mem_polars_ratio",
    "mem_polars_value",
    "mem_polars_rss_kb",
]


def merge_previous(path: pathlib.Path, rows: list[dict]) -> list[dict]:
    """With --only, the other measurements of the scale's last results are kept."""
    if not path.exists():
        return rows
    with path.open() as f:
        old = [dict(r) for r in csv.DictReader(f)]
    new = {r["measurement"]: r for r in rows}
    out = []
    for r in old:
        r.pop("scale", None)
        r["rows"] = int(r["rows"]) if r["rows"] else 0
        out.append(new.pop(r["measurement"], r))
    return out + list(new.values())


def merge_previous_details(path: pathlib.Path, sides: list[dict], frame: list[dict]) -> tuple[list, list]:
    """With --only, the every-side sections keep the measurements this run did not repeat (from
    the scale's last details file); a measurement run again replaces its old entries."""
    if not path.exists():
        return sides, frame
    old = json.loads(path.read_text())
    new = {d["title"]: d for d in sides}
    kept_sides = [new.pop(d["title"], d) for d in old.get("sides", [])] + list(new.values())
    for d in kept_sides:  # JSON keeps the (time, memory) pairs as lists
        d["sides"] = {k: tuple(v) for k, v in d["sides"].items()}
    return kept_sides, frame or old.get("frame", [])


def table_md(rows: list[dict]) -> str:
    head = (
        "| Measurement | Library | Raw SQL | Library ÷ SQL | Python + pandas | pandas ÷ library | "
        "Best from the file | Library ÷ best | DuckDB, in memory | Library ÷ DuckDB | polars, in memory | "
        "Library ÷ polars | Peak memory (library / SQL / pandas) | Rows in answer | Target | Met |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|\n"
    )
    body = ""
    for r in rows:
        if r["measurement"].startswith("data."):
            continue
        mem = " / ".join(x for x in (r["rss_lib"], r["rss_sql"], r["rss_pandas"]) if x) or "—"
        extra = " | ".join(
            r.get(k) or "—" for k in ("best", "best_ratio", "mem_duckdb", "mem_duckdb_ratio", "mem_polars")
        )
        body += (
            f"| {r['title']} | {r['library']} | {r['baseline']} | {r['ratio']} | {r['pandas']} | "
            f"{r['pandas_ratio']} | {extra} | {r.get('mem_polars_ratio') or '—'} | {mem} | {r['rows']:,} | "
            f"{r['target']} | {r['met']} |\n"
        )
    return head + body


def sides_md(detail: list[dict]) -> str:
    """Every side of every query: CPU time, the library's time divided by it, peak memory."""
    order = ["lib", "sql", "pandas", "pandas_arrow", "polars_file", "duckdb_file", "duckdb_mem", "polars_mem"]
    head = "| Measurement | " + " | ".join(QUERY_SIDES[k][0] for k in order) + " |\n|---|" + "---:|" * len(order) + "\n"
    body = ""
    for d in detail:
        lib = d["sides"][d["library"]][0]
        cells = []
        for k in order:
            if k not in d["sides"]:
                cells.append("—")
                continue
            secs, rss = d["sides"][k]
            ratio = "" if k == "lib" else f" ({fmt_ratio(lib / secs)})"
            cells.append(f"{fmt_time(secs)}{ratio}, {fmt_mb(rss)}")
        body += f"| {d['title']} | " + " | ".join(cells) + " |\n"
    return head + body


def growth_md(results_dir: pathlib.Path) -> str:
    """Time and memory from one scale to the next, from the CSVs present."""
    by_scale = {}
    for scale in ("office", "region", "nation"):
        path = results_dir / f"{scale}.csv"
        if path.exists():
            with path.open() as f:
                by_scale[scale] = {r["measurement"]: r for r in csv.DictReader(f)}
    if len(by_scale) < 2:
        return ""
    scales = list(by_scale)
    sizes = [by_scale[s].get("data.file") for s in scales]
    out = ""
    if all(sizes):
        out = (
            "The database: "
            + ", ".join(f"{s} {sizes[i]['library']} ({int(sizes[i]['rows']):,} rows)" for i, s in enumerate(scales))
            + f", {float(sizes[-1]['lib_value']) / float(sizes[0]['lib_value']):.0f}x from the first to the last.\n\n"
        )
    out += (
        "| Measurement | "
        + " | ".join(f"{s}: time, memory, rows" for s in scales)
        + " | Time growth | Memory growth | Answer growth |\n|---|"
        + "---|" * (len(scales) + 3)
        + "\n"
    )
    for name, first in by_scale[scales[0]].items():
        if (name.startswith("bulk_load.") and name != "bulk_load.all") or name.startswith("data."):
            continue
        cells, vals = [], []
        for s in scales:
            r = by_scale[s].get(name)
            if not r:
                cells.append("—")
                vals.append(None)
                continue
            cells.append(
                f"{r['library']}, {fmt_mb(int(r['lib_rss_kb'])) if r['lib_rss_kb'] else '—'}, {int(r['rows']):,}"
            )
            vals.append(r)
        a, b = vals[0], vals[-1]
        if not a or not b:
            continue
        try:
            tg = float(b["lib_value"]) / float(a["lib_value"])
            if name.startswith("bulk_load"):
                tg = (int(b["rows"]) / float(b["lib_value"])) / (int(a["rows"]) / float(a["lib_value"]))
            mg = int(b["lib_rss_kb"]) / int(a["lib_rss_kb"]) if a["lib_rss_kb"] and b["lib_rss_kb"] else float("nan")
            ag = int(b["rows"]) / max(1, int(a["rows"]))
        except (ValueError, ZeroDivisionError):
            continue
        mgs = "—" if mg != mg else f"{mg:.1f}x"
        out += f"| {first['title']} | " + " | ".join(cells) + f" | {tg:.1f}x | {mgs} | {ag:.1f}x |\n"
    return out


def frame_md(detail: list[dict]) -> str:
    head = "| Side | What runs | CPU time | Wall time | ÷ floor | Peak memory |\n|---|---|---:|---:|---:|---:|\n"
    return head + "".join(
        f"| {d['side']} | `{d['what']}` | {fmt_time(d['time'])} | {fmt_time(d['wall'])} | "
        f"{fmt_ratio(d['floor_ratio'])} | {fmt_mb(d['rss_kb'])} |\n"
        for d in detail
    )


def write_results(a, mach, gen, rows, problems, base, repeat, rounds, load_runs, frame_detail=None, sides_detail=None):
    results = pathlib.Path(a.results)
    results.mkdir(parents=True, exist_ok=True)
    if a.only:
        rows = merge_previous(results / f"{a.scale}.csv", rows)
        sides_detail, frame_detail = merge_previous_details(
            results / f"{a.scale}.details.json", sides_detail or [], frame_detail or []
        )
    (results / f"{a.scale}.details.json").write_text(
        json.dumps({"sides": sides_detail or [], "frame": frame_detail or []}, indent=1) + "\n"
    )
    with (results / f"{a.scale}.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({"scale": a.scale, **r})
    tables = gen["tables"]
    counts = ", ".join(
        f"{tables.get(t, 0):,} {label if tables.get(t, 0) != 1 else label[:-1]}"
        for t, label in [
            ("office", "offices"),
            ("employer", "employers"),
            ("interaction", "interactions"),
            ("service_request", "service requests"),
            ("vacancy", "vacancies"),
            ("job_seeker", "job seekers"),
            ("referral", "referrals"),
            ("placement", "placements"),
        ]
    )
    md = [
        f"# Scale benchmark: {a.scale}\n",
        f"Data: {counts} (seed {a.seed}; file {gen['file_bytes'] / 1e6:,.0f} MB, generated in "
        f"{gen['total_seconds']:.0f} s).\n",
        f"Machine: {mach['cpu']}, {mach['cores']} cores, {mach['ram_gib']} GiB RAM; {mach['os']}; {mach['compiler']}; "
        f"SQLite {mach['sqlite']}; Python {mach['python']}, pandas {mach['pandas']}, numpy {mach['numpy']}, "
        f"{mach['tools']}. "
        f"Commit {mach['commit']}, {mach['date']}, load average at the start {mach['load_average']}.\n",
        f"Times: median of {rounds} round{'s' if rounds > 1 else ''} of {repeat} runs inside one process per "
        f"side, the sides alternating ({a.clock} time of the process; the first call of a process is the median "
        f"of the rounds' first calls); bulk load: median of {load_runs} load{'s' if load_runs > 1 else ''} per "
        "side, rows per second of the table's own rows (side rows such as ownership periods, request events or "
        "personal data are written by both sides alike). Peak memory: high-water mark of the measuring "
        "program's resident memory, VmHWM (a program that only opens the database: library "
        f"{fmt_mb(base['lib'])}, SQL {fmt_mb(base['sql'])}, pandas {fmt_mb(base['pandas'])}).\n",
        table_md(rows),
    ]

    total = [r for r in rows if r["measurement"] == "bulk_load.all"]
    if total:
        how = {r["measurement"].split(".")[1]: r["how"] for r in rows if r["measurement"].startswith("bulk_load.")}
        wal = ""
        if str(total[0].get("lib_wal_mb", "")) != "":
            wal = (
                f": {int(total[0]['lib_wal_mb']):,} MB after the library's load, "
                f"{int(total[0]['raw_wal_mb']):,} MB after the raw loader's"
            )
        md.append(
            "Bulk load: the library wrote through "
            + ", ".join(f"{how[t]} ({t})" for t in TABLES if t in how)
            + '. "All" counts every table and closing the file, which checkpoints what the write-ahead '
            f"log still holds{wal}.\n"
        )
    if sides_detail:
        md += [
            "\n## The queries, every side\n",
            "Each side's time (the library's time divided by it in brackets: below 1 the library is "
            "faster) and peak memory, in the same run; every side's answer is compared with the "
            "library's. " + "; ".join(f"{QUERY_SIDES[k][0]}: {QUERY_SIDES[k][1]}" for k in QUERY_SIDES) + ".\n",
            sides_md(sides_detail),
        ]
    if frame_detail:
        md += [
            "\n## The interactions listing, every side\n",
            "The same rows (an interaction per row, a cluster meeting per attending member) into each "
            "tool, in the same run. Every side returns them in the listing's order but the floor, which "
            "appends the meetings' rows unsorted; every side's rows and checksum are compared with the "
            "floor's, and the Python sides' order with pandas.read_sql's. The sides marked \"in memory\" "
            "had the tables loaded before the clock started; the others read the file.\n",
            frame_md(frame_detail),
        ]
    grow = growth_md(results)
    if grow:
        md += [
            "\n## From one scale to the next\n",
            "Library time, peak memory and rows in the answer at each scale "
            "measured so far; growth from the smallest to the largest.\n",
            grow,
        ]
    if problems:
        md += ["\n## Problems\n", "".join(f"- {p}\n" for p in problems)]
    md += ["\nReproduce: `scripts/bench.sh " + a.scale + "` (see docs/performance.md).\n"]
    text = "\n".join(md)
    (results / f"{a.scale}.md").write_text(text)
    print(f"\nwrote {results / (a.scale + '.md')} and .csv\n")
    print(table_md(rows))
    if a.update_docs:
        update_docs(a.scale, text)


def update_docs(scale: str, text: str):
    doc = REPO / "docs" / "performance.md"
    if not doc.exists():
        return
    body = doc.read_text()
    begin, end = f"<!-- results:{scale}:begin -->", f"<!-- results:{scale}:end -->"
    if begin not in body or end not in body:
        return
    inner = text.split("\n", 1)[1].replace("\n# ", "\n### ").replace("\n## ", "\n#### ")
    new = body[: body.index(begin) + len(begin)] + "\n" + inner.strip() + "\n" + body[body.index(end) :]
    doc.write_text(new)
    print(f"updated {doc}")


if __name__ == "__main__":
    sys.exit(main())
