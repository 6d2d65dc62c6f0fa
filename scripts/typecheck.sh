#!/usr/bin/env bash
# Type-checks sources (via the build graph) and every package's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b packages/server packages/sdk
for t in packages/*/test/tsconfig.json; do npx tsc -p "$t"; done
npx tsc -p examples/tsconfig.json
