#!/usr/bin/env bash
# The main job: installs what is missing, builds drydock, and runs the conformance suite against
# the embedded simulator, writing reports into reports/. Extra arguments go to `drydock check`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release
exec build/release/drydock check "$@"
