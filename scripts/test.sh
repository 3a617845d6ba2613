#!/usr/bin/env bash
# Installs what is missing, builds the sanitized test build and the fuzz build, and runs every test
# through CTest (unit and integration tests, the spec linter, each fuzz target for a few seconds,
# the storage tests against a Swift it starts on loopback, and the index state tests against a
# PostgreSQL it starts likewise). CTest's last lines are the summary CI reads.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh test
scripts/build.sh fuzz
cd build/test
# The servers the tests need are started by CTest fixtures (cmake/servers.cmake); here a test that
# finds its server missing fails rather than skips.
export DRYDOCK_REQUIRE_SERVERS=1
ctest --output-on-failure -j "$(nproc)" --timeout 600 "$@"
