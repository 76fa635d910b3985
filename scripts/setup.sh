#!/usr/bin/env bash
# Idempotent set-up: system packages (Debian), a Python virtual environment in .venv, and the
# C++ build in build/. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang: ctest's docs.cpp.clang compiles the documentation's C++ with it as well as with g++;
# clang-format: ctest's format.check (scripts/format.sh --check; Debian 12's is version 14).
# chromium, chromium-driver: tests/python/test_web_front_end.py drives the front end in them.
# libcurl4-openssl-dev: the outbox delivers mail by SMTP through libcurl (docs/notifications.md).
APT_PACKAGES=(g++ clang clang-format cmake ninja-build ccache pkg-config libboost1.81-dev
              libboost-json1.81-dev libboost-url1.81-dev libsodium-dev libsqlite3-dev
              libsqlitecpp-dev libhowardhinnant-date-dev tzdata catch2 chromium chromium-driver
              libcurl4-openssl-dev)
# scripts/fuzz.sh also needs clang's libFuzzer runtime; nothing else does, so only on request.
if [ "${OMILCRM_SETUP_CLANG:-}" = 1 ]; then
  APT_PACKAGES+=(libclang-rt-14-dev)
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    echo "setup: installing ${missing[*]}"
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing; run:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements-installed
if [ ! -f "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ]; then
  echo "setup: installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-dev.txt
  touch "$stamp"
fi

BUILD_TYPE=${OMILCRM_BUILD_TYPE:-RelWithDebInfo}
WERROR=OFF
[ "${CI:-}" = "true" ] && WERROR=ON
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DOMILCRM_WARNINGS_AS_ERRORS=$WERROR >/dev/null
fi
cmake --build build
