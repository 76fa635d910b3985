#!/usr/bin/env bash
# Formats the tree: C++ with clang-format (.clang-format) and Python with ruff (pyproject.toml).
#   scripts/format.sh           rewrite the files in place
#   scripts/format.sh --check   change nothing; exit 1 and list the files that are not formatted
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = --check ] && check=1

command -v clang-format >/dev/null || { echo "format.sh: clang-format is missing (scripts/setup.sh installs it)" >&2; exit 1; }
[ -x .venv/bin/python ] || { echo "format.sh: .venv is missing (scripts/setup.sh makes it)" >&2; exit 1; }

mapfile -t cxx < <(git ls-files '*.cpp' '*.hpp' '*.h' | grep -v '^tests/fuzz/corpus/')
mapfile -t py < <(git ls-files '*.py')
if [ $check = 1 ]; then
  status=0
  clang-format --dry-run -Werror "${cxx[@]}" 2>/dev/null || { clang-format --dry-run "${cxx[@]}" 2>&1 | grep -o '^[^:]*' | sort -u; status=1; }
  .venv/bin/python -m ruff format --check "${py[@]}" || status=1
  .venv/bin/python -m ruff check "${py[@]}" || status=1
  exit $status
fi
clang-format -i "${cxx[@]}"
.venv/bin/python -m ruff format "${py[@]}"
.venv/bin/python -m ruff check --fix "${py[@]}"
