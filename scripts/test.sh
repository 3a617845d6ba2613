#!/usr/bin/env bash
# Installs what is missing, builds the sanitized test build, and runs every test through CTest
# (unit and integration tests, and the spec linter). CTest's last lines are the summary CI reads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh test
cd build/test
ctest --output-on-failure -j "$(nproc)" --timeout 600 "$@"
