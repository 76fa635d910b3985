"""Progress bars for the long calls' `progress=True` (tqdm's when installed, else a line on stderr)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable


def bar(what: str) -> Callable[[int, int], None]:
    """A progress(done, total) callback that draws a bar labelled `what`.

    tqdm's notebook-aware bar (tqdm.auto) when tqdm is installed; otherwise one line on stderr,
    rewritten at most ten times a second.
    """
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _TextBar(what)
    state: dict[str, tqdm] = {}

    def report(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = tqdm(total=total, desc=what, unit=" rows")
        b = state["bar"]
        b.update(done - b.n)
        if done >= total:
            b.close()

    return report


class _TextBar:
    def __init__(self, what: str) -> None:
        self.what = what
        self.shown = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.shown < 0.1:
            return
        self.shown = now
        width = 30
        filled = width * done // total if total else width
        sys.stderr.write(f"\r{self.what}: [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
