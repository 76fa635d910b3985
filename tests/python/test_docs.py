"""The documentation's Python snippets must run as written.

Every ```python block of each docs/*.md page is executed, in page order, in one namespace per
page, inside a temporary working directory (so database files land there). A failing block
reports the page and the Markdown line where the error happened.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(DOCS.glob("*.md"))
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """(first line number in the page, code) for each ```python block."""
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in FENCE.finditer(text)]


def test_docs_exist() -> None:
    names = {p.name for p in PAGES}
    assert {"index.md", "getting-started-cpp.md", "getting-started-python.md", "domain-model.md", "storage.md"} <= names
    assert sum(len(python_blocks(p)) for p in PAGES) > 0


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_snippets_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs.{page.stem}"}
    try:
        for line, code in python_blocks(page):
            # Pad with blank lines so tracebacks show the line number in the .md file.
            source = "\n" * (line - 1) + code
            exec(compile(source, str(page), "exec"), namespace)  # noqa: S102
    finally:
        namespace.clear()
        gc.collect()  # close the pages' databases before the temporary folder is left
