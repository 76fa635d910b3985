"""Many people, one file: several processes and threads writing one office file at once, the
error boundary, damaged and hostile files and input. Each case failed before the write lock was
taken at the start of every write (BEGIN IMMEDIATE) and SQLite's errors were mapped in one place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pathlib
import sqlite3
import subprocess
import sys
import threading
import time

import omilcrm
import pytest

TODAY = dt.date(2026, 11, 23)
WORKER = pathlib.Path(__file__).with_name("reliability_worker.py")


def run_workers(scenario: str, path: pathlib.Path, workers: int, rounds: int) -> list[dict]:
    """Starts `workers` processes that begin writing together; their JSON reports."""
    start_at = time.time() + 1.0
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), scenario, str(path), str(w), str(rounds), str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports


def office_file(tmp_path: pathlib.Path) -> tuple[pathlib.Path, omilcrm.Database]:
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(path, today=TODAY, create=True)
    office = db.offices.add(name="OMIL Concón", commune="concon")
    db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2022, 4, 1))
    db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office)
    return path, db


def test_four_writers_updating_fields_of_one_employer_lose_nothing(tmp_path):
    path, db = office_file(tmp_path)
    rounds = 120
    reports = run_workers("fields", path, 4, rounds)
    assert [r["errors"] for r in reports] == [{}] * 4
    employer = db.employers.find_by_rut("76.086.428-5")
    # Each writer's last value is there: none overwrote another's field with a stale copy.
    for w, field in enumerate(["sector", "address", "notes", "segment"]):
        assert getattr(employer, field) == f"w{w}-{rounds - 1}"
    # The change log is a chain: each entry's old value is the previous entry's new value.
    log = db.employers.changes(employer).to_pandas()
    assert len(log) == 4 * rounds
    for field, entries in log.groupby("field", sort=False):
        olds, news = list(entries["old_value"]), list(entries["new_value"])
        assert olds[0] == ""
        assert olds[1:] == news[:-1], field


def test_vacancies_are_never_filled_past_their_positions(tmp_path):
    path, db = office_file(tmp_path)
    office = db.offices.list()[0]
    employer = db.employers.find_by_rut("76.086.428-5")
    vacancies = [
        db.vacancies.capture(employer=employer, title=f"Operario {i}", occupation="9333", positions=1 + i % 3, on=TODAY)
        for i in range(12)
    ]
    seekers: dict[str, list[int]] = {}
    n = 0
    for w in range(4):
        seekers[str(w)] = []
        for _ in range(15):
            n += 1
            s = db.seekers.add(
                office=office,
                rut=str(omilcrm.Rut.from_body(10_000_000 + n)),
                name=f"W{w} seeker {n}",
                commune="concon",
                consent_on=TODAY,
                consent_scope=["intermediation"],
            )
            seekers[str(w)].append(s.id)
    (tmp_path / "concon.omilcrm.json").write_text(json.dumps({"seekers": seekers}))
    reports = run_workers("placements", path, 4, 0)
    assert [r["errors"] for r in reports] == [{}] * 4
    placed = sum(r["done"] for r in reports)
    positions = sum(v.positions for v in vacancies)
    assert placed == positions  # 60 seekers for 24 positions: every position filled, none twice
    for v in vacancies:
        assert len(db.placements.for_vacancy(v)) <= v.positions, v


def test_request_history_always_starts_where_the_last_event_ended(tmp_path):
    path, db = office_file(tmp_path)
    employer = db.employers.find_by_rut("76.086.428-5")
    requests = [
        db.requests.open(
            employer=employer, category="street_lights", note=f"poste {i}", address=f"Calle Los Aromos {i}, Concón"
        )
        for i in range(5)
    ]
    reports = run_workers("transitions", path, 4, 80)
    assert [r["errors"] for r in reports] == [{}] * 4
    assert sum(r["done"] for r in reports) > 40
    for r in requests:
        moves = [e for e in db.requests.history(r) if e.kind == "transition"]
        for before, after in zip(moves, moves[1:], strict=False):  # pairs of consecutive moves
            assert after.from_status == before.to_status
        assert db.requests.get(r).status == (moves[-1].to_status if moves else "routed")


def test_a_vacancy_is_cancelled_once(tmp_path):
    path, db = office_file(tmp_path)
    employer = db.employers.find_by_rut("76.086.428-5")
    for i in range(20):
        db.vacancies.capture(employer=employer, title=f"Operario {i}", occupation="9333", positions=1, on=TODAY)
    reports = run_workers("cancel", path, 4, 0)
    assert [r["errors"] for r in reports] == [{}] * 4
    assert sum(r["done"] for r in reports) == 20


def test_transactions_that_read_first_wait_for_the_lock_instead_of_failing(tmp_path):
    path, db = office_file(tmp_path)
    reports = run_workers("transactions", path, 4, 60)
    assert [r["errors"] for r in reports] == [{}] * 4
    assert sum(r["done"] for r in reports) == 240
    assert len(db.employers.changes(db.employers.find_by_rut("76.086.428-5")).to_pandas()) == 240


def test_processes_opening_a_new_file_at_once_all_succeed(tmp_path):
    for trial in range(3):
        path = tmp_path / f"new-{trial}.omilcrm"
        reports = run_workers("first_open", path, 4, 0)
        assert [r["errors"] for r in reports] == [{}] * 4
        assert len(omilcrm.open(path).offices.list()) == 4


def test_one_database_per_thread_waits_without_holding_the_gil(tmp_path):
    path, db = office_file(tmp_path)
    db.close()
    errors: list[Exception] = []
    holding = threading.Event()

    def holder():
        mine = omilcrm.open(path, today=TODAY)
        with mine.transaction():
            mine.employers.update(mine.employers.find_by_rut("76.086.428-5"), notes="holder")
            holding.set()
            time.sleep(0.5)  # Python code in the lock holder: needs the GIL back to finish

    def writer(i):
        mine = omilcrm.open(path, today=TODAY)
        holding.wait()
        try:
            mine.employers.update(mine.employers.find_by_rut("76.086.428-5"), sector=f"writer {i}")
        except Exception as e:  # noqa: BLE001 - collected for the assertion
            errors.append(e)

    threads = [threading.Thread(target=holder)] + [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert time.monotonic() - started < 4  # not the 5-second busy timeout
    assert omilcrm.open(path).employers.find_by_rut("76.086.428-5").notes == "holder"


def test_a_database_refuses_other_threads_clearly(tmp_path):
    path, db = office_file(tmp_path)
    caught: list[Exception] = []

    def other():
        try:
            db.employers.find_by_rut("76.086.428-5")
        except omilcrm.Error as e:
            caught.append(e)

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert len(caught) == 1 and "thread" in str(caught[0])
    # Still usable by its own thread.
    assert db.employers.find_by_rut("76.086.428-5") is not None
    shared = omilcrm.open(path, check_same_thread=False)
    seen = []
    t = threading.Thread(target=lambda: seen.append(shared.employers.find_by_rut("76.086.428-5").legal_name))
    t.start()
    t.join()
    assert seen == ["Logística Gulmué SpA"]


# ---- crashes ------------------------------------------------------------------------------


def test_kill_9_mid_transaction_loses_no_commit_and_leaves_no_half_batch(tmp_path):
    import random
    import signal

    path, db = office_file(tmp_path)
    office = db.offices.list()[0]
    db.close()
    rng = random.Random(21719)
    kills = int(os.environ.get("OMILCRM_KILLS", "200"))
    landed = -1  # the last batch a writer said was committed
    for _ in range(kills):
        p = subprocess.Popen(
            [sys.executable, str(WORKER), "batches", str(path), "0", "0", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
        time.sleep(rng.uniform(0.0, 0.08))
        p.send_signal(signal.SIGKILL)
        out, _ = p.communicate(timeout=30)
        reported = [int(line) for line in out.split()]
        landed = max([landed, *reported])
        with contextlib.closing(sqlite3.connect(path)) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            count = con.execute("SELECT count(*) FROM employer").fetchone()[0] - 1  # less the first one
        assert count % 25 == 0  # all of a batch or none of it
        assert count // 25 >= landed + 1  # every batch reported committed is there
    reopened = omilcrm.open(path, today=TODAY)
    assert reopened.employers.count(office) == count + 1
    assert landed > 0  # the writers did get work done between kills


def test_kill_9_mid_import_leaves_all_or_nothing(tmp_path):
    import random
    import signal

    cli = pathlib.Path(__file__).resolve().parents[2] / "build" / "apps" / "omilcrm" / "omilcrm"
    path, db = office_file(tmp_path)
    db.close()
    rng = random.Random(19628)
    before = 1
    for i in range(int(os.environ.get("OMILCRM_IMPORT_KILLS", "40"))):
        sheet = tmp_path / f"empresas-{i}.csv"
        rows = [f"{omilcrm.Rut.from_body(30_000_000 + i * 2000 + k)};Empresa {i}-{k};Concón" for k in range(2000)]
        sheet.write_text("RUT;Razón Social;Comuna\n" + "\n".join(rows) + "\n", encoding="utf-8")
        p = subprocess.Popen(
            [str(cli), "--db", str(path), "import", "employers", str(sheet)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.0, 0.25))
        p.send_signal(signal.SIGKILL)
        _, err = p.communicate(timeout=30)
        with contextlib.closing(sqlite3.connect(path)) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            count = con.execute("SELECT count(*) FROM employer").fetchone()[0]
        assert count in (before, before + 2000), err
        before = count


# ---- the error boundary ----------------------------------------------------------------------


@contextlib.contextmanager
def write_locked(path: pathlib.Path):
    """Another connection holding the file's write lock."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        con.execute("ROLLBACK")
        con.close()


def test_a_locked_file_is_storage_busy_and_changes_nothing(tmp_path):
    path, db = office_file(tmp_path)
    db.close()
    db = omilcrm.open(path, today=TODAY, timeout=0.3)
    employer = db.employers.find_by_rut("76.086.428-5")
    with write_locked(path):
        started = time.monotonic()
        with pytest.raises(omilcrm.StorageBusy, match="in use by another connection") as e:
            db.employers.update(employer, sector="Logística")
        assert 0.25 < time.monotonic() - started < 3
        assert isinstance(e.value, omilcrm.StorageError)
        with pytest.raises(omilcrm.StorageBusy):
            db.employers.add_many([{"rut": "96.512.340-7", "name": "Envases", "office": employer.office_id}])
        with pytest.raises(omilcrm.StorageBusy):
            with db.transaction():
                pass
        # Reading goes on beside the writer.
        assert db.employers.get(employer).sector == ""
    assert db.employers.update(employer, sector="Logística").sector == "Logística"


def test_a_csv_import_on_a_locked_file_is_a_storage_error_not_rejected_rows(tmp_path):
    path, db = office_file(tmp_path)
    db.close()
    db = omilcrm.open(path, today=TODAY, timeout=0.2)
    office = db.offices.list()[0]
    csv = "RUT;Razón Social\n96.512.340-7;Envases del Pacífico S.A.\n".encode()
    with write_locked(path), pytest.raises(omilcrm.StorageBusy):
        db.imports.employers(office, csv)


def test_command_line_on_a_locked_file_exits_3(tmp_path):
    path, db = office_file(tmp_path)
    db.close()
    csv = tmp_path / "empresas.csv"
    csv.write_text("RUT;Razón Social\n96.512.340-7;Envases del Pacífico S.A.\n", encoding="utf-8")
    env = dict(os.environ, OMILCRM_DB=str(path))
    with write_locked(path):
        r = subprocess.run(
            [sys.executable, "-m", "omilcrm._cli", "import", "employers", str(csv)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert r.returncode == 3, r.stderr
    assert "in use by another connection" in r.stderr
    assert "terminate called" not in r.stderr


# ---- files that crashed or got damaged -------------------------------------------------------


@pytest.mark.parametrize("version", [-1, -9, -2147483648])
def test_a_negative_schema_version_is_refused_not_a_crash(tmp_path, version):
    path = tmp_path / "odd.omilcrm"
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute(f"PRAGMA user_version = {version}")
    with pytest.raises(omilcrm.StorageError, match="not an omilcrm database"):
        omilcrm.open(path)
    r = subprocess.run(
        [sys.executable, "-m", "omilcrm._cli", "--db", str(path), "employers"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 3, r.stderr


def test_a_foreign_file_that_claims_our_version_is_refused_untouched(tmp_path):
    path = tmp_path / "foreign.db"
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("CREATE TABLE notes (text TEXT)")
        con.execute("PRAGMA user_version = 9")
        con.commit()
    before = path.read_bytes()
    with pytest.raises(omilcrm.StorageError, match="not an omilcrm database"):
        omilcrm.open(path)
    assert path.read_bytes() == before
    with contextlib.closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_read_only_mode_reads_and_refuses_writes(tmp_path):
    path, db = office_file(tmp_path)
    db.close()
    before = path.read_bytes()
    ro = omilcrm.open(path, read_only=True)
    assert ro.read_only
    assert [e.legal_name for e in ro.employers.list(ro.offices.list()[0])] == ["Logística Gulmué SpA"]
    with pytest.raises(omilcrm.StorageReadOnly, match="read-only"):
        ro.offices.add(name="OMIL Quintero", commune="quintero")
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes any file whatever its mode")
def test_a_file_without_write_permission_opens_read_only(tmp_path):
    path, db = office_file(tmp_path)
    db.close()
    path.chmod(0o444)
    ro = omilcrm.open(path)
    assert ro.read_only
    assert len(ro.employers.list(ro.offices.list()[0])) == 1
    with pytest.raises(omilcrm.StorageReadOnly):
        ro.offices.add(name="OMIL Quintero", commune="quintero")


def test_paths_that_are_not_files_are_refused(tmp_path):
    with pytest.raises(omilcrm.ValidationError, match="path"):
        omilcrm.open("")
    with pytest.raises(omilcrm.ValidationError, match="NUL"):
        omilcrm.open(str(tmp_path / "a\0b.omilcrm"))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(omilcrm.StorageError, match="no such file"):
        omilcrm.open(tmp_path / "typo.omilcrm")
    assert list(tmp_path.iterdir()) == []


# ---- input that got in and broke reads -------------------------------------------------------

BAD_UTF8 = [b"Log\xedstica", b"\xed\xa0\x80 surrogate", b"\xf4\x90\x80\x80 past U+10FFFF", b"over\xc0\xaflong"]


@pytest.mark.parametrize("bad", BAD_UTF8)
def test_invalid_utf8_is_refused_at_every_way_in(db, office, gestora, bad):
    acme = db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.employers.add(rut="96.512.340-7", name=bad, office=office)
    assert e.value.field == "legal_name" and "UTF-8" in str(e.value)
    str(e.value).encode("utf-8")  # the message itself is clean text
    with pytest.raises(omilcrm.ValidationError, match="sector"):
        db.employers.update(acme, sector=bad)
    with pytest.raises(omilcrm.ValidationError, match="name"):
        db.contacts.add(employer=acme, name=bad)
    with pytest.raises(omilcrm.ValidationError, match="name"):
        db.seekers.add(
            office=office,
            rut="12.345.678-5",
            name=bad,
            commune="concon",
            consent_on=TODAY,
            consent_scope=["intermediation"],
        )
    # Declared UTF-8, a cell that is not: the whole file is refused, naming the encoding.
    with pytest.raises(omilcrm.ValidationError, match="UTF-8"):
        omilcrm.read_csv(b"RUT;Raz\xc3\xb3n Social\n96.512.340-7;" + bad + b"\n", encoding="utf-8")
    assert db.employers.count(office) == 1
    assert db.employers.get(acme).sector == ""
    db.imports.export("employers", office)  # every read still decodes


def test_nul_and_oversized_text_are_refused(db, office, gestora):
    with pytest.raises(omilcrm.ValidationError, match="NUL"):
        db.employers.add(rut="96.512.340-7", name="Envases\0", office=office)
    with pytest.raises(omilcrm.ValidationError, match="bytes long"):
        db.employers.add(rut="96.512.340-7", name="x" * (2 << 20), office=office)
    assert db.employers.count(office) == 0


def test_hostile_csv_stays_small_in_memory():
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # A header of 1,000 columns and 40,000 short rows: 80 KiB that once grew to gigabytes.
    wide = (";".join(f"c{i}" for i in range(1000)) + "\n" + "x\n" * 40_000).encode()
    doc = omilcrm.read_csv(wide)
    assert len(doc) == 40_000
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 200
    with pytest.raises(omilcrm.ValidationError, match="columns"):
        omilcrm.read_csv((";" * 30_000 + "\n" + "x\n" * 10).encode())
    with pytest.raises(omilcrm.ValidationError, match="MiB"):
        omilcrm.read_csv(b"a\n" + b"x" * (2 << 20) + b"\n")


def test_a_device_that_never_ends_is_refused(tmp_path):
    with pytest.raises(omilcrm.ValidationError, match="not a regular file"):
        omilcrm.read_csv("/dev/zero")
    path, db = office_file(tmp_path)
    db.close()
    r = subprocess.run(
        [sys.executable, "-m", "omilcrm._cli", "--db", str(path), "import", "employers", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "not a regular file" in r.stderr


def test_command_line_tables_escape_control_characters(tmp_path):
    path, db = office_file(tmp_path)
    office = db.offices.list()[0]
    db.employers.add(rut="96.512.340-7", name="Envases\x1b[2J\r\nFALSO", office=office)
    db.close()
    r = subprocess.run(
        [sys.executable, "-m", "omilcrm._cli", "--db", str(path), "employers"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\r" not in r.stdout
    assert "Envases\\x1b[2J\\r\\nFALSO" in r.stdout
    j = subprocess.run(
        [sys.executable, "-m", "omilcrm._cli", "--db", str(path), "employers", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Envases\x1b[2J\r\nFALSO" in {e["legal_name"] for e in json.loads(j.stdout)}
