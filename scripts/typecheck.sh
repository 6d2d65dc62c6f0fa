#!/usr/bin/env bash
# Type-checks sources (via the build graph), every package's tests, and the web UI (its own DOM/JSX config).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b packages/server packages/sdk
for t in packages/*/test/tsconfig.json; do npx tsc -p "$t"; done
npx tsc -p examples/tsconfig.json
npx tsc -p packages/ui
npx tsc -p packages/ui/scripts
