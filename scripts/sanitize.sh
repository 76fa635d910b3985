#!/usr/bin/env bash
# The C++ tests and the fuzz targets built with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ (OMILCRM_SANITIZE): any memory error, leak or undefined behaviour fails the run.
# FUZZ_SECONDS (default 20) is how long each fuzz target mutates inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS=${FUZZ_SECONDS:-20}
WERROR=OFF
[ "${CI:-}" = "true" ] && WERROR=ON
if [ ! -f build-asan/build.ninja ]; then
  # Debug: the quickest to compile, and the suite still runs in about 20 s.
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DOMILCRM_SANITIZE=ON -DOMILCRM_WARNINGS_AS_ERRORS=$WERROR \
    -DOMILCRM_APPS=OFF -DOMILCRM_EXAMPLES=OFF -DOMILCRM_INSTALL=OFF >/dev/null
fi
cmake --build build-asan -j "${JOBS:-2}" --target omilcrm_tests omilcrm_fuzz

# LeakSanitizer needs to stop the process's threads with ptrace; it can on CI's machines.
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== C++ tests under ASan and UBSan =="
build-asan/tests/omilcrm_tests
echo "== Fuzz targets under ASan and UBSan (${FUZZ_SECONDS} s each) =="
for target in csv rut open311; do
  build-asan/tests/fuzz/omilcrm_fuzz "$target" --corpus "tests/fuzz/corpus/$target" \
    --seconds "$FUZZ_SECONDS" --crash-dir build-asan
done
