"""Long calls from Python: progress callbacks and bars, and Ctrl-C that stops promptly and rolls
the whole call back."""

import signal
import subprocess
import sys
import textwrap
import time

import omilcrm
import pytest


def _rows(office, n, start=70_000_000):
    return [{"rut": str(omilcrm.Rut.from_body(start + i)), "name": f"Empresa {i}", "office": office} for i in range(n)]


def test_progress_is_told_from_start_to_end(db, office, gestora):
    seen = []
    ids = db.employers.add_many(_rows(office, 2000), progress=lambda done, total: seen.append((done, total)))
    assert len(ids) == 2000
    assert seen[0] == (0, 2000)
    assert seen[-1] == (2000, 2000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert 20 <= len(seen) <= 102  # about every 1%, not every row


def test_an_exception_in_the_progress_callback_stops_the_call_and_writes_nothing(db, office, gestora):
    class Enough(Exception):
        pass

    def stop_halfway(done, total):
        if done >= total // 2:
            raise Enough

    with pytest.raises(Enough):
        db.employers.add_many(_rows(office, 1000), progress=stop_halfway)
    assert db.employers.count(office) == 0


def test_progress_true_draws_a_bar(db, office, gestora, capsys):
    db.employers.add_many(_rows(office, 300), progress=True)
    err = capsys.readouterr().err
    assert "employers" in err
    assert "300" in err


def test_a_wrong_progress_is_a_validation_error(db, office, gestora):
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add_many(_rows(office, 3), progress="yes")
    assert info.value.field == "progress"
    assert db.employers.count(office) == 0


def test_every_bulk_call_and_import_takes_progress(db, office, gestora, acme):
    seen = []
    db.interactions.log_many(
        [{"employer": acme, "kind": "phone_call", "by": gestora, "on": "2026-11-20"}] * 3,
        progress=lambda d, t: seen.append(d),
    )
    assert seen[-1] == 3
    seen.clear()
    csv = "RUT,Razón Social\n77.777.777-7,Nueva SpA\n".encode()
    db.imports.employers(office, csv, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (1, 1)


CTRL_C = textwrap.dedent(
    """
    import sys, time
    import omilcrm

    path = sys.argv[1]
    db = omilcrm.open(path, create=True)
    office = db.offices.add(name="OMIL Concón", commune="concon")
    db.staff.add(office=office, name="Ana", role="territorial_manager")
    db.employers.add(rut="76.086.428-5", name="Antes SpA", office=office)
    db.close()
    before = open(path, "rb").read()
    db = omilcrm.open(path)
    rows = [{"rut": str(omilcrm.Rut.from_body(70_000_000 + i)), "name": f"E{i}", "office": office.id}
            for i in range(200_000)]
    print("ready", flush=True)
    try:
        db.employers.add_many(rows)
        print("finished", time.time())
    except KeyboardInterrupt:
        print("interrupted", time.time())
    print("count", db.employers.count(office.id))
    db.close()
    print("same", open(path, "rb").read() == before)
    """
)


@pytest.mark.parametrize("after", [0.05, 0.5])
def test_ctrl_c_stops_add_many_promptly_and_leaves_the_file_as_before(tmp_path, after):
    # Ctrl-C as a terminal or Jupyter's Interrupt sends it: SIGINT from outside the process,
    # 0.05 s into the call (the rows being converted) or 0.5 s (being written).
    child = subprocess.Popen(
        [sys.executable, "-c", CTRL_C, str(tmp_path / "office.omilcrm")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "ready"
    time.sleep(after)
    sent = time.time()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    lines = dict(line.split(" ", 1) for line in out.splitlines())
    assert "interrupted" in lines, out
    assert float(lines["interrupted"]) - sent < 0.5  # stopped within half a second of Ctrl-C
    assert lines["count"] == "1"  # the employer added before; none of the batch
    assert lines["same"] == "True"
