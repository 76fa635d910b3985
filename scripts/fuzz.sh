#!/usr/bin/env bash
# Coverage-guided fuzzing with clang's libFuzzer, for longer runs than ctest's: builds build-fuzz/
# (OMILCRM_FUZZ and OMILCRM_SANITIZE), then runs each target named (default: csv rut open311) for
# FUZZ_SECONDS (default 300) over a working corpus, build-fuzz/corpus/<target>, that starts from
# tests/fuzz/corpus/<target> and keeps what libFuzzer finds between runs. A failing input is left
# as build-fuzz/crash-*; replay it with build-fuzz/tests/fuzz/fuzz_<target> FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

OMILCRM_SETUP_CLANG=1 scripts/setup.sh
FUZZ_SECONDS=${FUZZ_SECONDS:-300}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv rut open311)
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DOMILCRM_FUZZ=ON -DOMILCRM_SANITIZE=ON \
    -DOMILCRM_APPS=OFF -DOMILCRM_EXAMPLES=OFF -DOMILCRM_INSTALL=OFF >/dev/null
fi
cmake --build build-fuzz -j "${JOBS:-2}" --target "${targets[@]/#/fuzz_}"

for target in "${targets[@]}"; do
  echo "== fuzz_$target, $FUZZ_SECONDS s =="
  corpus=build-fuzz/corpus/$target
  mkdir -p "$corpus"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  build-fuzz/tests/fuzz/fuzz_"$target" "$corpus" -max_total_time="$FUZZ_SECONDS" -max_len=4096 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/ -print_final_stats=1
done
