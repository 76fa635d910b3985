#!/usr/bin/env bash
# Sets everything up (first run only), then runs the Concón demo on an office database file.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >&2
build/examples/concon_demo build/concon-demo.omilcrm
# Ignacio Cortés (staff 5) is the territorial manager who took over Verónica's portfolio.
cat <<'HINT'

The office front end in a browser (docs/web-front-end.md), on the demo's file:
  build/apps/omilcrm/omilcrm --db build/concon-demo.omilcrm token create --staff 5
  build/apps/omilcrm/omilcrm --db build/concon-demo.omilcrm serve --static examples/web
then open http://127.0.0.1:8080/ and paste the token.
HINT
