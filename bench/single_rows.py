"""Single-row writes inside one transaction, from Python: the library against sqlite3.

N `db.interactions.log()` and N `db.employers.add()` calls inside one `db.transaction()`, against
Python's `sqlite3` module executing the same rows' INSERTs (its statement cache prepares each once)
in one transaction, on copies of the same file, in one run with the sides alternating. What an
integrator or an analyst writing rows one at a time sees; bench/single_rows.cpp is the same
comparison in C++, against SQLite's C API.

    .venv/bin/python bench/single_rows.py [--rows 20000] [--runs 5] [--folder /tmp]

The starting file: an office, its head and territorial manager, 200 employers, made by the library
(WAL, synchronous NORMAL, as the library leaves it). The sqlite3 side writes what the library
writes for each call: an interaction row; an employer row and its first ownership period
(employer_owner). It runs with sqlite3's defaults (foreign keys off) and again with foreign keys on
(the library's setting). Each side runs in its own process, so one's memory and caches do not
help the other. Printed: the median rows per second over the runs, of CPU time (the process's,
steadier on a shared machine) and of wall time, and the library's share of sqlite3's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

EMPLOYERS = 200
SUMMARY = "Visita a la planta; dos vacantes de operario"
OUTCOME = "Enviar perfiles"


def seed(path: Path) -> dict:
    import omilcrm

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = omilcrm.open(str(path), create=True)
    office = db.offices.add(name="OMIL Concón", commune="concon")
    db.staff.add(office=office, name="Ana Rojas", role="head", started=dt.date(2020, 1, 6))
    manager = db.staff.add(office=office, name="Bruno Soto", role="territorial_manager", started=dt.date(2020, 1, 6))
    rows = [{"office": office.id, "rut": rut(76_000_000 + i), "name": f"Empresa {i}"} for i in range(EMPLOYERS)]
    employers = db.employers.add_many(rows)
    db.close()
    return {"office": office.id, "manager": manager.id, "employers": [int(e) for e in employers]}


def rut(body: int) -> str:
    """A valid RUT for a number (module 11 check digit)."""
    total, factor = 0, 2
    for d in reversed(str(body)):
        total += int(d) * factor
        factor = 2 if factor == 7 else factor + 1
    check = 11 - total % 11
    return f"{body}-{'0' if check == 11 else 'K' if check == 10 else check}"


def interaction(s: dict, i: int) -> dict:
    return {
        "kind": "phone_call" if i % 3 == 0 else "visit",
        "on": dt.date(2024, 1, 1) + dt.timedelta(days=i % 600),
        "at": f"{(540 + i % 480) // 60:02d}:{(540 + i % 480) % 60:02d}",
        "minute": 540 + i % 480,
        "employer": s["employers"][i % EMPLOYERS],
    }


def employer(i: int) -> dict:
    return {
        "rut": rut(77_000_000 + i),
        "name": f"Comercial {i} SpA",
        "sector": "Comercio",
        "address": f"Av. Borgoño {1000 + i}",
    }


def library(path: Path, s: dict, n: int, what: str) -> tuple[float, float]:
    import omilcrm

    db = omilcrm.open(str(path))
    wall, cpu = time.perf_counter(), time.process_time()
    with db.transaction():
        if what == "interactions":
            log = db.interactions.log
            for i in range(n):
                r = interaction(s, i)
                log(
                    employer=r["employer"],
                    kind=r["kind"],
                    by=s["manager"],
                    on=r["on"],
                    at=r["at"],
                    summary=SUMMARY,
                    outcome=OUTCOME,
                )
        else:
            add = db.employers.add
            for i in range(n):
                e = employer(i)
                add(rut=e["rut"], legal_name=e["name"], office=s["office"], sector=e["sector"], address=e["address"])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    db.close()
    return n / cpu, n / wall


def raw(path: Path, s: dict, n: int, what: str, foreign_keys: bool) -> tuple[float, float]:
    con = sqlite3.connect(str(path), isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = NORMAL")
    if foreign_keys:
        con.execute("PRAGMA foreign_keys = ON")
    wall, cpu = time.perf_counter(), time.process_time()
    con.execute("BEGIN IMMEDIATE")
    if what == "interactions":
        sql = (
            "INSERT INTO interaction (uuid, created_at, updated_at, office_id, kind, on_date, at_minute, staff_id, "
            "employer_id, cluster_id, direction, summary, outcome, next_step) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        )
        for i in range(n):
            r = interaction(s, i)
            now = time.time_ns() // 1000
            con.execute(
                sql,
                (
                    str(uuid.uuid4()),
                    now,
                    now,
                    s["office"],
                    r["kind"],
                    r["on"].isoformat(),
                    r["minute"],
                    s["manager"],
                    r["employer"],
                    None,
                    "outbound",
                    SUMMARY,
                    OUTCOME,
                    "",
                ),
            )
    else:
        ins = (
            "INSERT INTO employer (uuid, created_at, updated_at, office_id, rut, legal_name, trade_name, sector, "
            "size, address, commune_code, latitude, longitude, visiting_hours, status, notes, owner_id, segment) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        )
        owner = (
            "INSERT INTO employer_owner (uuid, created_at, updated_at, employer_id, staff_id, from_date, reason, "
            "actor) VALUES (?,?,?,?,?,?,?,?)"
        )
        today = dt.date.today().isoformat()
        for i in range(n):
            e = employer(i)
            now = time.time_ns() // 1000
            body, _, check = e["rut"].partition("-")
            cur = con.execute(
                ins,
                (
                    str(uuid.uuid4()),
                    now,
                    now,
                    s["office"],
                    body + check,
                    e["name"],
                    "",
                    e["sector"],
                    "unknown",
                    e["address"],
                    "05103",
                    None,
                    None,
                    "",
                    "prospect",
                    "",
                    s["manager"],
                    "",
                ),
            )
            con.execute(
                owner,
                (str(uuid.uuid4()), now, now, cur.lastrowid, s["manager"], today, "first owner", None),
            )
    con.execute("COMMIT")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    con.close()
    return n / cpu, n / wall


def child(a) -> None:
    s = json.loads(Path(a.seed + ".json").read_text())
    path = Path(a.folder) / f"single-rows-{a.side}.omilcrm"
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(a.seed, path)
    if a.side == "library":
        cpu, wall = library(path, s, a.rows, a.what)
    else:
        cpu, wall = raw(path, s, a.rows, a.what, a.side == "sqlite3+fk")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    print(json.dumps({"cpu": cpu, "wall": wall}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--folder", default="/tmp")
    ap.add_argument("--side", help=argparse.SUPPRESS)
    ap.add_argument("--what", help=argparse.SUPPRESS)
    ap.add_argument("--seed", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.side:
        child(a)
        return
    seed_path = Path(a.folder) / "single-rows-seed.omilcrm"
    Path(str(seed_path) + ".json").write_text(json.dumps(seed(seed_path)))
    sides = ("library", "sqlite3", "sqlite3+fk")
    for what in ("interactions", "employers"):
        got: dict[str, list[tuple[float, float]]] = {k: [] for k in sides}
        for _ in range(a.runs):
            for side in sides:
                out = subprocess.run(
                    [sys.executable, __file__, "--side", side, "--what", what, "--seed", str(seed_path)]
                    + ["--rows", str(a.rows), "--folder", a.folder],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                r = json.loads(out.stdout)
                got[side].append((r["cpu"], r["wall"]))
        cpu = {k: statistics.median(c for c, _ in v) for k, v in got.items()}
        wall = {k: statistics.median(w for _, w in v) for k, v in got.items()}
        print(
            f"{what}, {a.rows} rows x {a.runs} runs, rows/s (CPU | wall): "
            + "; ".join(f"{k} {cpu[k]:,.0f} | {wall[k]:,.0f}" for k in sides)
            + f"; library / sqlite3 {cpu['library'] / cpu['sqlite3']:.2f}x | {wall['library'] / wall['sqlite3']:.2f}x"
            + f", / sqlite3 with foreign keys {cpu['library'] / cpu['sqlite3+fk']:.2f}x"
            + f" | {wall['library'] / wall['sqlite3+fk']:.2f}x",
            flush=True,
        )
    for suffix in ("", "-wal", "-shm", ".json"):
        Path(str(seed_path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
