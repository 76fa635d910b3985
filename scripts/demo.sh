#!/usr/bin/env bash
# Sets everything up (first run only), then runs the Concón demo on an office database file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
exec build/examples/concon_demo build/concon-demo.omilcrm
