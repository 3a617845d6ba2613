#!/usr/bin/env bash
# Builds drydock. Usage: scripts/build.sh [release|test|bench|fuzz]
#   release (default): optimised, into build/release
#   test: AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors, into build/test
#   fuzz: the libFuzzer targets (fuzz/), with clang, into build/fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
case "$kind" in
  release) flags=(-DCMAKE_BUILD_TYPE=Release -DDRYDOCK_TESTS=OFF) ;;
  test) flags=(-DCMAKE_BUILD_TYPE=Debug -DDRYDOCK_SANITIZE=ON -DDRYDOCK_TESTS=ON) ;;
  bench) flags=(-DCMAKE_BUILD_TYPE=Release -DDRYDOCK_TESTS=OFF -DDRYDOCK_BENCH=ON) ;;
  fuzz) flags=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DDRYDOCK_TESTS=OFF
               -DDRYDOCK_FUZZ=ON) ;;
  *) echo "usage: scripts/build.sh [release|test|bench|fuzz]" >&2; exit 2 ;;
esac
cmake -S . -B "build/$kind" "${flags[@]}" >/dev/null
cmake --build "build/$kind" -j "$(nproc)"
