#!/usr/bin/env bash
# Benchmarks the simulator beside nginx serving the same bytes, in one run, on loopback only:
# installs what is missing (the build's packages, nginx, wrk, openssl), builds the release binary,
# then runs bench/run.sh, which prints the figures. Options go to bench/run.sh (--help lists them;
# --layer-size 1G by default). Exits 1 only when something broke; a missed goal is reported.
#   scripts/bench.sh --object-stores [OPTIONS]  runs bench/object-stores.sh instead: drydock on S3
#   and Swift beside the store's own throughput, two nodes beside one (--layer-size 256M by default)
#   scripts/bench.sh --proxy [OPTIONS]  runs bench/proxy.sh instead: drydock proxy beside nginx as
#   a reverse proxy in front of one drydock serve (--layer-size 1G by default)
set -euo pipefail
cd "$(dirname "$0")/.."

script=bench/run.sh
args=()
for arg in "$@"; do
  case "$arg" in
    --object-stores) script=bench/object-stores.sh ;;
    --proxy) script=bench/proxy.sh ;;
    *) args+=("$arg") ;;
  esac
done
for arg in "${args[@]}"; do
  case "$arg" in -h | --help) exec "$script" --help ;; esac
done

scripts/install-deps.sh nginx wrk openssl curl
# The Debian package starts an nginx service on port 80; the benchmark runs its own and never
# touches that one.

scripts/build.sh release
exec "$script" --drydock build/release/drydock "${args[@]}"
