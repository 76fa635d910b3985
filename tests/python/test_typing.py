"""The shipped type stubs let mypy check an analyst's script."""

import pathlib
import subprocess
import sys

EXAMPLE = """
import datetime
import omilcrm

db = omilcrm.open(":memory:", today=datetime.date(2026, 11, 23))
office: omilcrm.Office = db.offices.add(name="OMIL Concón", commune="concon")
db.staff.add(office=office, name="Ana", role="territorial_manager")
e: omilcrm.Employer = db.employers.add(rut="76.086.428-5", name="Acme", office=office)
rut: omilcrm.Rut = e.rut
started: datetime.date = db.staff.list(office)[0].started
n: int = db.employers.count(office)
"""

BROKEN = EXAMPLE + "\nwrong: str = db.employers.count(office)\n"


def _mypy(tmp_path: pathlib.Path, source: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "analysis.py"
    script.write_text(source)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--ignore-missing-imports", str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_mypy_accepts_a_correct_script(tmp_path):
    result = _mypy(tmp_path, EXAMPLE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_catches_a_wrong_type(tmp_path):
    result = _mypy(tmp_path, BROKEN)
    assert result.returncode == 1
    assert "Incompatible types in assignment" in result.stdout
