"""The analysts' notebook (examples/notebooks/analyst.ipynb) runs end to end, as an analyst runs
it after scripts/demo.sh, and shows what it says: the demo's office file opened, a table and a
chart for each question, and the figures the library's reports give.

The notebook runs in a real Jupyter kernel (ipykernel, driven by nbclient) on a file the demo
program writes into a temporary folder. Its charts use matplotlib's inline backend, which draws
with Agg: no display is needed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")
pytest.importorskip("matplotlib")

import omilcrm  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "notebooks" / "analyst.ipynb"
DEMO = ROOT / "build" / "examples" / "concon_demo"
# The cells a test looks at, by their tag.
CHARTS = ["cadencia", "plazos", "embudo", "parque", "llenado"]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The office file scripts/demo.sh writes, written by the same program into a temporary folder."""
    if not DEMO.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{DEMO} is missing: scripts/setup.sh builds it")
        pytest.skip(f"{DEMO} is not built (scripts/setup.sh builds it)")
    path = tmp_path_factory.mktemp("demo") / "concon-demo.omilcrm"
    subprocess.run([str(DEMO), str(path)], check=True, capture_output=True, timeout=300)
    return path


@pytest.fixture(scope="module")
def executed(demo_file, tmp_path_factory):
    """The notebook after nbclient ran every cell, in a folder of its own."""
    home = tmp_path_factory.mktemp("jupyter")
    # The kernel is this interpreter, whatever kernels the user has installed: JUPYTER_PATH comes
    # first in Jupyter's search path. Jupyter's and IPython's own files stay in the temporary folder.
    spec = home / "share" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    env = {
        "JUPYTER_PATH": str(home / "share"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "IPYTHONDIR": str(home / "ipython"),
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "OMILCRM_DEMO": str(demo_file),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        workdir = tmp_path_factory.mktemp("notebook")
        client = nbclient.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
        )
        client.execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def _cell(nb, tag):
    found = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(found) == 1, f"one cell tagged {tag!r}, found {len(found)}"
    return found[0]


def _stdout(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def test_the_stored_notebook_has_no_outputs():
    """It is kept without outputs: the figures come from running it, never from a stale copy."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_every_cell_runs_without_an_error(executed):
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, "\n".join(f"{e.ename}: {e.evalue}" for e in errors)
    assert all(c.execution_count for c in executed.cells if c.cell_type == "code")


@pytest.mark.parametrize("tag", CHARTS)
def test_each_question_has_a_table_and_a_chart(executed, tag):
    outputs = _cell(executed, tag).outputs
    tables = [o for o in outputs if o.output_type == "display_data" and "<table" in o.data.get("text/html", "")]
    charts = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.data]
    assert tables, f"cell {tag!r} shows no pandas table"
    assert len(charts) == 1, f"cell {tag!r} draws {len(charts)} charts"
    assert len(charts[0].data["image/png"]) > 5000  # a base64 PNG with something drawn in it


def test_the_parks_share_is_the_reports_figure(executed, demo_file):
    printed = re.search(
        r"Participación del parque en las colocaciones del período: ([0-9.]+)", _stdout(_cell(executed, "parque"))
    )
    assert printed, _stdout(_cell(executed, "parque"))
    share = float(printed.group(1))
    assert 0 < share < 1
    with omilcrm.open(demo_file, today=dt.date(2026, 11, 23)) as db:
        office = db.offices.list()[0]
        report = db.reports.cluster_share(office, start=dt.date(2025, 11, 1), end=dt.date(2026, 10, 31))
        rows = report.to_pandas().set_index("cluster")
    assert share == pytest.approx(rows.loc["Parque Industrial Gulmué", "share"], abs=5e-5)


def test_the_funnel_narrows_and_matches_the_report(executed, demo_file):
    text = _stdout(_cell(executed, "embudo"))
    stages = dict(re.findall(r"^(\w+)\s+(\d+)$", text, flags=re.M))
    assert list(stages) == ["vacantes", "puestos", "derivaciones", "entrevistas", "contrataciones"], text
    with omilcrm.open(demo_file, today=dt.date(2026, 11, 23)) as db:
        office = db.offices.list()[0]
        funnel = db.reports.funnel(office, start=dt.date(2025, 11, 1), end=dt.date(2026, 10, 31)).to_pandas()
    assert int(stages["vacantes"]) == funnel["vacancies"].sum() > 0
    assert int(stages["contrataciones"]) == funnel["hires"].sum() > 0
    assert int(stages["derivaciones"]) >= int(stages["entrevistas"]) >= 0
