"""The `omilcrm` console script: runs the command line program installed with the package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def program() -> Path:
    """Where the package's omilcrm program is."""
    name = "omilcrm.exe" if os.name == "nt" else "omilcrm"
    return Path(__file__).resolve().parent / "bin" / name


def main() -> int:
    exe = program()
    if not exe.exists():
        print(f"omilcrm: the command line program is missing from the package ({exe})", file=sys.stderr)
        return 3
    if os.name == "posix":
        os.execv(str(exe), [str(exe), *sys.argv[1:]])
    return subprocess.call([str(exe), *sys.argv[1:]])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
