"""The HTTP API's benchmark: `omilcrm serve` beside Datasette, over the region scale's database.

    .venv/bin/python bench/http/run.py [--seconds 20] [--duration 300] [--rounds 2] [--update-docs]

(scripts/bench.sh http builds bench_scale and the omilcrm program optimised in build-bench/ and
runs this.) Steps:

1. The region scale's database (generated once by `bench_scale generate`, as the scale benchmark
   does, and reused), copied to a scratch file that the benchmark may write to.
2. A coordinator's token for the head of the office the scale benchmark asks about
   (`omilcrm token create --staff ID`).
3. Rounds of reads, the sides alternating: `omilcrm serve --threads 2` (one employer, the due
   list, the employers listing page 1), then Datasette (`datasette serve`, immutable mode `-i`,
   then its default mutable mode) serving the same office's employers, 50 rows a page, as JSON.
   Each is `wrk -t2 -c4 --latency` for --seconds after a warm-up of --warmup seconds.
4. Writes: POST /v1/interactions, the same settings.
5. Memory: a mixed run of --duration seconds (the four requests in turn) while this script reads
   the server's resident memory (VmRSS) every 10 s.
6. bench/results/http.md and .csv, with the machine; optionally the section in
   docs/performance.md.

wrk and the servers share the machine's cores: on 2 cores, the 2 wrk threads take CPU from the
server, alike for every side. Requests per second and latency are wall-clock measures; the CPU
the server process spent per request (user + system, from /proc/PID/stat) is in the table too.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import pathlib
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCALE = "region"
TARGET_LISTING = 5.0  # omilcrm at least 5x Datasette's requests per second on the listing
TARGET_DUE_P99_MS = 20.0  # p99 of the due list under 20 ms
FLAT_GROWTH = 0.10  # memory: the last sample at most 10% above the first after warm-up
MEMORY_WARMUP_S = 60  # memory samples before this are the warm-up
CSV_FIELDS = [
    "round",
    "side",
    "request",
    "path",
    "connections",
    "threads",
    "seconds",
    "requests",
    "rps",
    "p50_ms",
    "p90_ms",
    "p99_ms",
    "max_ms",
    "errors",
    "server_cpu_ms_per_request",
    "server_rss_mb",
]


def load_scale_module():
    spec = importlib.util.spec_from_file_location("bench_scale_run", REPO / "bench" / "scale" / "run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


scale = load_scale_module()


# ---- The database ----------------------------------------------------------------------------


def region_database(bench_scale: str, data: pathlib.Path, seed: int) -> tuple[pathlib.Path, dict]:
    """The region scale's file, generated as bench/scale/run.py does when it is not there yet."""
    db = data / f"{SCALE}-s{seed}.omilcrm"
    gen_json = pathlib.Path(str(db) + ".generate.json")
    if not (db.exists() and gen_json.exists() and pathlib.Path(str(db) + ".params").exists()):
        if not os.access(bench_scale, os.X_OK):
            raise SystemExit(f"{bench_scale} not found: build it (scripts/bench.sh http does) or pass --bench-scale")
        data.mkdir(parents=True, exist_ok=True)
        print("== generating the region database (once; about 2 to 10 minutes)", flush=True)
        gen, wall, rss = scale.run_measured(
            [bench_scale, "generate", "--scale", SCALE, "--seed", str(seed), "--out", str(db)], "generate"
        )
        gen.update({"wall_seconds": wall, "peak_rss_kb_child": rss})
        gen_json.write_text(json.dumps(gen, indent=1))
    return db, json.loads(gen_json.read_text())


def read_params(db: pathlib.Path) -> dict[str, str]:
    """FILE.params: the office and the day the scale benchmark's queries ask about."""
    out = {}
    for line in pathlib.Path(str(db) + ".params").read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def scratch_copy(src: pathlib.Path, dst: pathlib.Path) -> None:
    """A copy the benchmark may write to, its write-ahead log checkpointed into the file (Datasette's
    immutable mode reads the file alone)."""
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(dst) + suffix).unlink(missing_ok=True)
    con = sqlite3.connect(src)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    shutil.copyfile(src, dst)
    checkpoint(dst)


def checkpoint(db: pathlib.Path) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def query_one(db: pathlib.Path, sql: str, *args):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, args).fetchone()
    finally:
        con.close()


# ---- Servers ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                r.read()
                return
        except OSError as e:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer within {timeout:.0f} s") from e
            time.sleep(0.2)


class Server:
    """A server process: started, waited for, measured (RSS, CPU time) and stopped."""

    def __init__(self, name: str, cmd: list[str], url: str, health: str, log: pathlib.Path):
        self.name, self.cmd, self.url = name, cmd, url
        print(f"  start {name}: {' '.join(cmd)}", flush=True)
        self.log = open(log, "w")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.log)
        wait_http(url + health)

    def rss_kb(self) -> int:
        for line in pathlib.Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def cpu_seconds(self) -> float:
        fields = pathlib.Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def start_omilcrm(a, db: pathlib.Path, scratch: pathlib.Path) -> Server:
    port = free_port()
    return Server(
        "omilcrm",
        [
            a.omilcrm,
            "serve",
            "--db",
            str(db),
            "--listen",
            f"127.0.0.1:{port}",
            "--threads",
            str(a.server_threads),
            "--access-log",
            "/dev/null",
        ],
        f"http://127.0.0.1:{port}",
        "/health",
        scratch / "omilcrm.log",
    )


def start_datasette(a, db: pathlib.Path, scratch: pathlib.Path, immutable: bool) -> Server:
    port = free_port()
    cmd = [a.datasette, "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["-i", str(db)] if immutable else [str(db)]
    return Server(
        "datasette -i" if immutable else "datasette",
        cmd,
        f"http://127.0.0.1:{port}",
        "/-/versions.json",
        scratch / "datasette.log",
    )


# ---- wrk -------------------------------------------------------------------------------------

LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def lua_string(s: str) -> str:
    return json.dumps(s)  # a JSON string is a valid Lua string literal for ASCII text


def lua_script(path: pathlib.Path, token: str | None, requests: list[tuple[str, str, str | None]]) -> pathlib.Path:
    """A wrk script sending `requests` (method, path, JSON body or None) in turn, each thread from its
    own place in the list, with the token and the JSON content type."""
    items = ",\n".join(
        "  {" + f"{lua_string(m)}, {lua_string(p)}, " + (lua_string(b) if b is not None else "nil") + "}"
        for m, p, b in requests
    )
    auth = f'wrk.headers["Authorization"] = {lua_string("Bearer " + token)}\n' if token else ""
    path.write_text(
        f"local reqs = {{\n{items}\n}}\n"
        "local i = 0\n" + auth + 'wrk.headers["Content-Type"] = "application/json"\n'
        "request = function()\n"
        "  i = i + 1\n"
        "  local r = reqs[(i % #reqs) + 1]\n"
        "  return wrk.format(r[1], r[2], nil, r[3])\n"
        "end\n" + LUA_DONE
    )
    return path


def run_wrk(a, url: str, script: pathlib.Path, seconds: float, server: Server | None = None) -> dict:
    cmd = [
        a.wrk,
        f"-t{a.wrk_threads}",
        f"-c{a.connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    cpu0 = server.cpu_seconds() if server else 0.0
    proc = subprocess.run(cmd, capture_output=True, text=True)
    cpu1 = server.cpu_seconds() if server else 0.0
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"wrk failed (exit {proc.returncode})")
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("WRK ")), None)
    if line is None:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit("wrk printed no summary")
    out = json.loads(line[4:])
    out["rps"] = out["requests"] / (out["duration_us"] / 1e6)
    out["server_cpu_s"] = cpu1 - cpu0
    return out


# ---- Measurements ----------------------------------------------------------------------------


def measure(a, server: Server, side: str, name: str, url_path: str, script: pathlib.Path, rnd: int, rows, problems):
    run_wrk(a, server.url + url_path, script, a.warmup, server)
    r = run_wrk(a, server.url + url_path, script, a.seconds, server)
    row = {
        "round": rnd,
        "side": side,
        "request": name,
        "path": url_path,
        "connections": a.connections,
        "threads": a.wrk_threads,
        "seconds": a.seconds,
        "requests": r["requests"],
        "rps": round(r["rps"], 1),
        "p50_ms": r["p50_us"] / 1000,
        "p90_ms": r["p90_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
        "max_ms": r["max_us"] / 1000,
        "errors": r["status_errors"] + r["socket_errors"],
        "server_cpu_ms_per_request": round(1000 * r["server_cpu_s"] / max(r["requests"], 1), 3),
        "server_rss_mb": round(server.rss_kb() / 1024, 1),
    }
    rows.append(row)
    print(
        f"    {side:13} {name:28} {row['rps']:9.0f} req/s  p50 {row['p50_ms']:7.2f} ms  p99 {row['p99_ms']:7.2f} ms"
        f"  cpu {row['server_cpu_ms_per_request']:.3f} ms/req  errors {row['errors']}",
        flush=True,
    )
    if row["errors"]:
        problems.append(f"{side} {name} (round {rnd}): {row['errors']} errors (non-2xx answers or socket errors)")
    return row


def check_call(url: str, token: str | None, body: str | None = None) -> tuple[int, dict]:
    """One request before a measurement, to see that it is answered as expected."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if body is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=body.encode() if body is not None else None, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def memory_run(a, server: Server, script: pathlib.Path) -> tuple[list[tuple[float, int]], dict]:
    """The mixed run: wrk for --duration seconds while the server's VmRSS is read every 10 s."""
    cmd = [
        a.wrk,
        f"-t{a.wrk_threads}",
        f"-c{a.connections}",
        f"-d{a.duration:g}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        server.url,
    ]
    print(f"  memory: {a.duration:g} s of the four requests in turn, VmRSS every {a.sample_every:g} s", flush=True)
    samples = [(0.0, server.rss_kb())]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    next_t = a.sample_every
    while proc.poll() is None:
        time.sleep(max(0.0, t0 + next_t - time.monotonic()))
        if proc.poll() is not None:
            break
        samples.append((round(time.monotonic() - t0, 1), server.rss_kb()))
        next_t += a.sample_every
    stdout, stderr = proc.communicate()
    samples.append((round(time.monotonic() - t0, 1), server.rss_kb()))
    line = next((ln for ln in stdout.splitlines() if ln.startswith("WRK ")), None)
    if proc.returncode != 0 or line is None:
        sys.stderr.write(stdout + stderr)
        raise SystemExit("wrk (memory run) failed")
    out = json.loads(line[4:])
    out["rps"] = out["requests"] / (out["duration_us"] / 1e6)
    return samples, out


def slope_mb_per_min(samples: list[tuple[float, int]]) -> float:
    if len(samples) < 3:
        return float("nan")
    xs = [t / 60 for t, _ in samples]
    ys = [kb / 1024 for _, kb in samples]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else float("nan")


# ---- Results ---------------------------------------------------------------------------------


def pooled(rows: list[dict], side: str, request: str) -> dict | None:
    """The rounds of one side and request: medians of req/s and of each percentile."""
    rs = [r for r in rows if r["side"] == side and r["request"] == request]
    if not rs:
        return None
    out = dict(rs[0])
    for k in ("rps", "p50_ms", "p90_ms", "p99_ms", "server_cpu_ms_per_request"):
        out[k] = statistics.median(r[k] for r in rs)
    out["max_ms"] = max(r["max_ms"] for r in rs)
    out["requests"] = sum(r["requests"] for r in rs)
    out["errors"] = sum(r["errors"] for r in rs)
    out["server_rss_mb"] = max(r["server_rss_mb"] for r in rs)
    out["rounds"] = len(rs)
    return out


def fmt_ms(ms: float) -> str:
    return f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms"


def write_results(a, mach, gen, params, rows, samples, mixed, problems, datasette_version, targets):
    results = pathlib.Path(a.results)
    results.mkdir(parents=True, exist_ok=True)
    with (results / "http.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=CSV_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)
        for t, kb in samples:
            w.writerow({"side": "omilcrm", "request": "memory", "seconds": t, "server_rss_mb": round(kb / 1024, 1)})
    order = [
        ("omilcrm", "get_employer", "One employer"),
        ("omilcrm", "due", "The office's due list, page 1"),
        ("omilcrm", "list_employers", "Employers listing, page 1 of 50"),
        ("datasette -i", "list_employers", "Employers listing, page 1 of 50"),
        ("datasette", "list_employers", "Employers listing, page 1 of 50"),
        ("omilcrm", "create_interaction", "Create an interaction (POST)"),
    ]
    table = [
        "| Server | Request | Requests/s | p50 | p90 | p99 | Max | Server CPU per request | Server RSS |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for side, req, title in order:
        p = pooled(rows, side, req)
        if p is None:
            continue
        table.append(
            f"| {side} | {title} (`{p['path']}`) | {p['rps']:,.0f} | {fmt_ms(p['p50_ms'])} | {fmt_ms(p['p90_ms'])} | "
            f"{fmt_ms(p['p99_ms'])} | {fmt_ms(p['max_ms'])} | {p['server_cpu_ms_per_request']:.2f} ms | "
            f"{p['server_rss_mb']:.0f} MB |"
        )
    counts = ", ".join(
        f"{gen['tables'].get(t, 0):,} {label}"
        for t, label in [("office", "offices"), ("employer", "employers"), ("interaction", "interactions")]
    )
    tg = [
        "| Target | Measured | Met |",
        "|---|---|---|",
    ]
    for t in targets:
        tg.append(f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else 'NO'} |")
    mem = [
        f"Memory over the mixed run ({a.duration:g} s, the four omilcrm requests in turn, "
        f"{mixed['rps']:,.0f} requests/s, {mixed['status_errors'] + mixed['socket_errors']} errors): "
        f"VmRSS {samples[0][1] / 1024:.0f} MB before it, "
        f"{samples[1][1] / 1024:.0f} MB at {samples[1][0]:.0f} s, "
        f"{samples[-1][1] / 1024:.0f} MB at the end, at most {max(kb for _, kb in samples) / 1024:.0f} MB; "
        f"after the first {MEMORY_WARMUP_S} s it grew by "
        f"{targets[-1]['growth_mb']:+.1f} MB ({targets[-1]['slope']:+.2f} MB a minute by least squares). "
        f"Samples every {a.sample_every:g} s (MB): " + ", ".join(f"{kb / 1024:.0f}" for _, kb in samples) + ".\n"
    ]
    md = [
        "# HTTP API benchmark\n",
        f"Data: the region scale's database ({counts}; file {gen['file_bytes'] / 1e6:,.0f} MB), a copy of it. "
        f"Office {params['office_id']} (the one the scale benchmark asks about), the due list on "
        f"{params['today']}, a coordinator's token of its head (staff {params['staff_id']}).\n",
        f"Machine: {mach['cpu']}, {mach['cores']} cores, {mach['ram_gib']} GiB RAM; {mach['os']}; "
        f"{mach['compiler']}; SQLite {mach['sqlite']}; Python {mach['python']}, Datasette {datasette_version}, "
        f"{mach['wrk']}. Commit {mach['commit']}, {mach['date']}, load average at the start "
        f"{mach['load_average']}.\n",
        f"Each line: `wrk -t{a.wrk_threads} -c{a.connections} -d{a.seconds:g}s --latency` on loopback after a "
        f"{a.warmup:g} s warm-up, {a.rounds} round{'s' if a.rounds > 1 else ''} with the servers taking turns "
        "(the median of the rounds; Max is the highest). wrk and the server share the machine's cores. "
        f"omilcrm: `omilcrm serve --threads {a.server_threads} --access-log /dev/null`, the Release build "
        f"of build-bench/. Datasette: `datasette serve -i FILE` (immutable: no locking, counts cached) and "
        "`datasette serve FILE` (as a file being written), the same office's employers "
        "(`?office_id=N`), 50 a page, JSON objects with the filtered count, facet suggestions off "
        "(`_nosuggest=1`). Server CPU per request: the server process's user + system time over the "
        "run divided by its requests.\n",
        "\n".join(table) + "\n",
        "\n".join(tg) + "\n",
        "".join(mem),
    ]
    if problems:
        md += ["\n## Problems\n", "".join(f"- {p}\n" for p in problems)]
    md += ["\nReproduce: `scripts/bench.sh http` (see docs/performance.md).\n"]
    text = "\n".join(md)
    (results / "http.md").write_text(text)
    print(f"\nwrote {results / 'http.md'} and .csv\n")
    print("\n".join(table) + "\n\n" + "\n".join(tg))
    if a.update_docs:
        scale.update_docs("http", text)


# ---- Main ------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--omilcrm", default=str(REPO / "build-bench" / "apps" / "omilcrm" / "omilcrm"))
    ap.add_argument("--bench-scale", default=str(REPO / "build-bench" / "bench" / "bench_scale"))
    ap.add_argument("--datasette", default=str(pathlib.Path(sys.executable).parent / "datasette"))
    ap.add_argument("--wrk", default=shutil.which("wrk") or "wrk")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data-dir", default=str(REPO / "build-bench" / "data"))
    ap.add_argument("--results", default=str(REPO / "bench" / "results"))
    ap.add_argument("--seconds", type=float, default=20, help="seconds of wrk per measurement (default 20)")
    ap.add_argument("--warmup", type=float, default=5, help="seconds of wrk before each measurement (default 5)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of the reads, the servers taking turns")
    ap.add_argument("--duration", type=float, default=300, help="seconds of the mixed run for memory (default 300)")
    ap.add_argument("--sample-every", type=float, default=10, help="seconds between memory samples (default 10)")
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--server-threads", type=int, default=2)
    ap.add_argument("--only", help="comma-separated: omilcrm,datasette,post,memory (default all)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch copy and the scripts")
    ap.add_argument("--update-docs", action="store_true", help="put the results into docs/performance.md")
    a = ap.parse_args()
    only = set(a.only.split(",")) if a.only else {"omilcrm", "datasette", "post", "memory"}

    for prog, what in [(a.omilcrm, "the omilcrm program"), (a.wrk, "wrk")]:
        if not (os.access(prog, os.X_OK) or shutil.which(prog)):
            raise SystemExit(f"{prog} not found: {what} (scripts/bench.sh http builds and installs what it needs)")
    if "datasette" in only and not os.access(a.datasette, os.X_OK):
        raise SystemExit(f"{a.datasette} not found: pip install -r bench/http/requirements.txt")

    src, gen = region_database(a.bench_scale, pathlib.Path(a.data_dir), a.seed)
    params = read_params(src)
    office, today = int(params["office_id"]), params["today"]
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="omilcrm-http-", dir=a.data_dir))
    db = scratch / "http.omilcrm"
    print(f"== copying {src} to {db}", flush=True)
    scratch_copy(src, db)

    # The office's head, a coordinator's token, employers to ask about.
    head = query_one(
        db,
        "SELECT id FROM staff WHERE office_id = ? AND left_on IS NULL ORDER BY role <> 'head', id LIMIT 1",
        office,
    )
    if not head:
        raise SystemExit(f"office {office} has no staff")
    staff = head[0]
    params["staff_id"] = str(staff)
    tok = subprocess.run(
        [a.omilcrm, "token", "create", "--db", str(db), "--staff", str(staff), "--role", "coordinator"],
        capture_output=True,
        text=True,
    )
    if tok.returncode != 0:
        sys.stderr.write(tok.stderr)
        raise SystemExit("omilcrm token create failed")
    token = tok.stdout.strip().splitlines()[-1].strip()
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    employers = [r[0] for r in con.execute("SELECT id FROM employer WHERE office_id = ? ORDER BY id", (office,))]
    con.close()
    checkpoint(db)
    print(f"== office {office}: {len(employers)} employers; head {staff}; day {today}", flush=True)

    dv = subprocess.run([a.datasette, "--version"], capture_output=True, text=True).stdout.split()
    datasette_version = dv[-1] if dv else "?"
    mach = scale.machine(a.bench_scale, sqlite3.sqlite_version)
    mach["wrk"] = (subprocess.run([a.wrk, "-v"], capture_output=True, text=True).stdout.split(" [")[0] or "wrk").strip()
    print(
        f"== {mach['cpu']}, {mach['cores']} cores, load average {mach['load_average']}; "
        f"wrk -t{a.wrk_threads} -c{a.connections}, {a.seconds:g} s each, {a.rounds} rounds",
        flush=True,
    )

    pick = employers[:: max(1, len(employers) // 64)][:64]  # spread over the office
    reads = {
        "get_employer": (f"/v1/employers/{pick[0]}", [("GET", f"/v1/employers/{e}", None) for e in pick]),
        "due": (f"/v1/due?on={today}", [("GET", f"/v1/due?on={today}", None)]),
        "list_employers": ("/v1/employers?limit=50", [("GET", "/v1/employers?limit=50", None)]),
    }
    ds_path = f"/{db.stem}/employer.json?office_id={office}&_size=50&_shape=objects&_nosuggest=1"

    def interaction(e: int, k: int) -> tuple[str, str, str]:
        body = {
            "employer": e,
            "kind": "phone_call",
            "by": staff,
            "on": today,
            "summary": f"Llamada de seguimiento {k}",
        }
        return ("POST", "/v1/interactions", json.dumps(body, ensure_ascii=True))

    writes = [interaction(e, k) for k, e in enumerate(pick)]
    scripts = {name: lua_script(scratch / f"{name}.lua", token, reqs) for name, (_, reqs) in reads.items()}
    scripts["create_interaction"] = lua_script(scratch / "create_interaction.lua", token, writes)
    # The mixed run: one employer, the due list, the listing and a POST in turn, the employers varying.
    mixed = []
    for k in range(len(pick)):
        mixed += [reads["get_employer"][1][k], reads["due"][1][0], reads["list_employers"][1][0], writes[k]]
    scripts["mixed"] = lua_script(scratch / "mixed.lua", token, mixed)
    scripts["datasette"] = lua_script(scratch / "datasette.lua", None, [("GET", ds_path, None)])

    rows: list[dict] = []
    problems: list[str] = []
    for rnd in range(1, a.rounds + 1):
        print(f"== round {rnd} of {a.rounds}", flush=True)
        if "omilcrm" in only:
            srv = start_omilcrm(a, db, scratch)
            try:
                for name, (path, _) in reads.items():
                    status, body = check_call(srv.url + path, token)
                    if status != 200:
                        problems.append(f"omilcrm {name}: {status} {body}")
                first = check_call(srv.url + reads["list_employers"][0], token)[1]
                if first.get("total") != len(employers) or [r["id"] for r in first.get("items", [])] != employers[:50]:
                    problems.append(f"omilcrm listing: total {first.get('total')}, expected {len(employers)}")
                for name, (path, _) in reads.items():
                    measure(a, srv, "omilcrm", name, path, scripts[name], rnd, rows, problems)
            finally:
                srv.stop()
        if "datasette" in only:
            checkpoint(db)
            for immutable in (True, False):
                srv = start_datasette(a, db, scratch, immutable)
                try:
                    page = check_call(srv.url + ds_path, None)[1]
                    ids = [r["id"] for r in page.get("rows", [])]
                    if ids != employers[:50] or page.get("filtered_table_rows_count") != len(employers):
                        problems.append(f"{srv.name}: another page than omilcrm's ({ids[:3]}...)")
                    measure(a, srv, srv.name, "list_employers", ds_path, scripts["datasette"], rnd, rows, problems)
                finally:
                    srv.stop()

    samples: list[tuple[float, int]] = []
    mixed: dict = {}
    if "post" in only or "memory" in only:
        print("== writes and memory", flush=True)
        srv = start_omilcrm(a, db, scratch)
        try:
            status, body = check_call(srv.url + "/v1/interactions", token, writes[0][2])
            if status != 201:
                problems.append(f"omilcrm create_interaction: {status} {body}")
            if "post" in only:
                measure(
                    a,
                    srv,
                    "omilcrm",
                    "create_interaction",
                    "/v1/interactions",
                    scripts["create_interaction"],
                    1,
                    rows,
                    problems,
                )
            if "memory" in only:
                samples, mixed = memory_run(a, srv, scripts["mixed"])
                if mixed["status_errors"] + mixed["socket_errors"]:
                    problems.append(f"memory run: {mixed['status_errors'] + mixed['socket_errors']} errors")
        finally:
            srv.stop()

    # Targets.
    targets = []
    om, ds = pooled(rows, "omilcrm", "list_employers"), pooled(rows, "datasette -i", "list_employers")
    ds2 = pooled(rows, "datasette", "list_employers")
    if om and ds:
        best = max(ds["rps"], ds2["rps"] if ds2 else 0)
        targets.append(
            {
                "target": f"Employers listing: at least {TARGET_LISTING:g}x Datasette's requests per second",
                "measured": f"{om['rps'] / best:.1f}x ({om['rps']:,.0f} against {best:,.0f}, Datasette's better mode)",
                "met": om["rps"] >= TARGET_LISTING * best,
            }
        )
    due = pooled(rows, "omilcrm", "due")
    if due:
        targets.append(
            {
                "target": f"Due list: p99 under {TARGET_DUE_P99_MS:g} ms, {a.connections} clients, "
                f"{mach['cores']} cores",
                "measured": f"p99 {fmt_ms(due['p99_ms'])} (p50 {fmt_ms(due['p50_ms'])})",
                "met": due["p99_ms"] < TARGET_DUE_P99_MS,
            }
        )
    if samples:
        after = [s for s in samples if s[0] >= MEMORY_WARMUP_S] or samples
        growth = (after[-1][1] - after[0][1]) / 1024
        slope = slope_mb_per_min(after)
        flat = after[-1][1] <= after[0][1] * (1 + FLAT_GROWTH)
        targets.append(
            {
                "target": f"Memory flat over {a.duration:g} s (after {MEMORY_WARMUP_S} s, the last sample at most "
                f"{FLAT_GROWTH:.0%} above the first)",
                "measured": f"{after[0][1] / 1024:.0f} MB at {after[0][0]:.0f} s, {after[-1][1] / 1024:.0f} MB at "
                f"{after[-1][0]:.0f} s, at most {max(kb for _, kb in samples) / 1024:.0f} MB",
                "met": flat,
                "growth_mb": growth,
                "slope": slope,
            }
        )
    if samples and mixed:
        write_results(a, mach, gen, params, rows, samples, mixed, problems, datasette_version, targets)
    else:
        for r in rows:
            print(r)
    if not a.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
