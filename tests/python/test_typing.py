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


def test_mypy_strict_accepts_every_docs_snippet(tmp_path):
    """Each docs page's ```python blocks, joined as test_docs.py runs them, pass `mypy --strict`."""
    from test_docs import PAGES, python_blocks

    scripts = []
    for page in PAGES:
        blocks = python_blocks(page)
        if not blocks:
            continue
        # Pad each block to its line in the page, so mypy's line numbers are the Markdown file's.
        source, at = "", 1
        for line, code in blocks:
            source += "\n" * (line - at) + code
            at = line + code.count("\n")
        script = tmp_path / f"docs_{page.stem.replace('-', '_')}.py"  # not json.py: stdlib names
        script.write_text(source, encoding="utf-8")
        scripts.append(str(script))
    assert scripts
    # One run over every page; each file is its own module, as each page is its own namespace.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--scripts-are-modules", *scripts],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    report = result.stdout.replace(str(tmp_path) + "/docs_", "docs/") + result.stderr
    assert result.returncode == 0 and not result.stderr, report
