#!/usr/bin/env bash
# Sets everything up (first run only), then runs every test: C++ (ctest, with the fuzz targets),
# Python (pytest), and the C++ tests and fuzz targets again under ASan and UBSan (sanitize.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "== C++ tests (ctest) =="
ctest --test-dir build --output-on-failure -j2
if [ -f pyproject.toml ]; then
  echo "== Python package (pip install .) =="
  .venv/bin/python -m pip install -q --no-build-isolation .
  echo "== Python tests (pytest) =="
  .venv/bin/python -m pytest tests/python
fi
echo "== C++ tests and fuzz targets under AddressSanitizer and UBSan (build-asan) =="
scripts/sanitize.sh
