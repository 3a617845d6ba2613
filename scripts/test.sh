#!/usr/bin/env bash
# Installs what is missing, builds the sanitized test build and the fuzz build, and runs every test
# through CTest (unit and integration tests, the spec linter, and each fuzz target for a few
# seconds). CTest's last lines are the summary CI reads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh test
scripts/build.sh fuzz
cd build/test
ctest --output-on-failure -j "$(nproc)" --timeout 600 "$@"
