#!/usr/bin/env bash
# Sets everything up (first run only), builds the benchmarks optimised in build-bench/ and runs the
# scale benchmark at one scale, writing bench/results/<scale>.md and .csv and the table in
# docs/performance.md:
#
#   scripts/bench.sh [office|region|nation] [options of bench/scale/run.py]
#   scripts/bench.sh http [options of bench/http/run.py]
#
# office takes a few minutes, region about 15 (two of them generating the data, once: the database
# is kept in build-bench/data/ and reused), nation 35 minutes and 9 GB of disk to generate, then
# 10 minutes of queries with --skip-load (each side of its bulk-load comparison takes 25-45 more).
# http benchmarks the HTTP API (omilcrm serve) beside Datasette on the region database, with wrk
# (installed from Debian if missing) and Datasette (bench/http/requirements.txt, into .venv): about
# 15 minutes, 5 of them the memory run (--duration), plus generating the region data once.
# OMILCRM_BENCH_NO_INSTALL=1 uses the omilcrm package already in .venv as it is;
# CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${1:-office}
[ $# -gt 0 ] && shift
case "$SCALE" in
  office|region|nation|http) ;;
  *) echo "usage: scripts/bench.sh [office|region|nation|http] [run.py options]" >&2; exit 2 ;;
esac

scripts/setup.sh >&2

# The Python package (for the DataFrame measurement), installed as scripts/test.sh does when it
# is missing or older than the library's sources.
if [ "$SCALE" != http ] && [ "${OMILCRM_BENCH_NO_INSTALL:-}" != 1 ]; then
  installed=$(.venv/bin/python -c 'import omilcrm; print(omilcrm.__file__)' 2>/dev/null || true)
  if [ -z "$installed" ] || [ -n "$(find libomilcrm bindings pyproject.toml -newer "$installed" -print -quit)" ]; then
    echo "bench: installing the omilcrm package into .venv" >&2
    .venv/bin/python -m pip install -q --no-build-isolation .
  fi
fi

if [ ! -f build-bench/build.ninja ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DOMILCRM_BENCH=ON "${launcher[@]}" \
    -DOMILCRM_TESTS=OFF -DOMILCRM_EXAMPLES=OFF -DOMILCRM_APPS=OFF >/dev/null
fi

if [ "$SCALE" = http ]; then
  # wrk from Debian, as scripts/setup.sh installs packages; Datasette into .venv.
  if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    else
      echo "bench: wrk is missing; run: sudo apt-get install -y wrk" >&2
      exit 1
    fi
  fi
  stamp=.venv/.bench-http-installed
  if [ ! -f "$stamp" ] || [ bench/http/requirements.txt -nt "$stamp" ]; then
    echo "bench: installing Datasette into .venv" >&2
    .venv/bin/python -m pip install -q -r bench/http/requirements.txt
    touch "$stamp"
  fi
  # The omilcrm program, optimised like bench_scale (build-bench is configured without the apps).
  grep -q '^OMILCRM_APPS:BOOL=ON' build-bench/CMakeCache.txt || cmake build-bench -DOMILCRM_APPS=ON >/dev/null
  cmake --build build-bench --target bench_scale omilcrm_cli --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-2}"
  exec .venv/bin/python bench/http/run.py --omilcrm build-bench/apps/omilcrm/omilcrm \
    --bench-scale build-bench/bench/bench_scale --update-docs "$@"
fi

cmake --build build-bench --target bench_scale --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-2}"

exec .venv/bin/python bench/scale/run.py --scale "$SCALE" --bin build-bench/bench/bench_scale --update-docs "$@"
