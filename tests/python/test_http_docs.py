"""docs/http-api.md's shell examples run as written: curl against a live server.

The page's first Python block makes concon.omilcrm (an office, its coordinator, an employer); then
the server is started on it and every ```bash block runs, in page order, in one bash process
(`set -euo pipefail`: a `curl --fail-with-body` that gets an error fails the test), with
OMILCRM_URL set to the server and the `omilcrm` program on PATH. A `# status: N` line in a block
says that one of the block's commands prints the status N at the end of its output
(curl -w ' %{http_code}')."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import omilcrm
import pytest
from omilcrm._cli import program

PAGE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "http-api.md"
PYTHON = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
BASH = re.compile(r"^```bash[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
STATUS = re.compile(r"^# status: (\d{3})$", re.M)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_examples_run_against_a_live_server(tmp_path, monkeypatch):
    text = PAGE.read_text(encoding="utf-8")
    blocks = BASH.findall(text)
    assert len(blocks) >= 5, "the page shows curl examples"
    monkeypatch.chdir(tmp_path)
    exec(compile(PYTHON.search(text).group(1), str(PAGE), "exec"), {"__name__": "docs"})  # noqa: S102

    script = ["set -euo pipefail"]
    for i, block in enumerate(blocks):
        script += [f"echo; echo '@@ block {i}'", block]
    env = dict(os.environ)
    env["PATH"] = f"{pathlib.Path(program()).parent}{os.pathsep}{env['PATH']}"
    with omilcrm.serve("concon.omilcrm") as server:
        env["OMILCRM_URL"] = server.url
        run = subprocess.run(
            ["bash", "-c", "\n".join(script)], env=env, capture_output=True, text=True, timeout=120, check=False
        )
    assert run.returncode == 0, f"{run.stdout}\n{run.stderr}"
    outputs = re.split(r"^@@ block \d+\n", run.stdout, flags=re.M)[1:]
    assert len(outputs) == len(blocks)
    for block, output in zip(blocks, outputs, strict=True):
        for status in STATUS.findall(block):
            assert re.search(rf" {status}$", output, re.M), f"expected a {status} from:\n{block}\ngot:\n{output}"
