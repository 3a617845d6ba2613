#!/usr/bin/env bash
# Builds drydock. Usage: scripts/build.sh [release|test|bench|fuzz]
#   release (default): optimised, into build/release
#   test: AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors, into build/test
#   fuzz: the libFuzzer targets (fuzz/), with clang, into build/fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
# Every kind compiles each target's sources in batches (CMake's unity build): json.hpp, httplib.h
# and GoogleTest are then parsed once per batch rather than once per source, so names local to a
# file must be unique within its target. The debug kinds keep line tables only (-g1), which is
# what a sanitizer's or a fuzzer's stack trace prints; the test build links with gold (5.0 s a
# test binary against 6.7 s with the default linker).
debug=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1)
case "$kind" in
  release) flags=(-DCMAKE_BUILD_TYPE=Release -DDRYDOCK_TESTS=OFF) ;;
  test) flags=("${debug[@]}" -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=gold -DDRYDOCK_SANITIZE=ON
               -DDRYDOCK_TESTS=ON) ;;
  bench) flags=(-DCMAKE_BUILD_TYPE=Release -DDRYDOCK_TESTS=OFF -DDRYDOCK_BENCH=ON) ;;
  fuzz) flags=("${debug[@]}" -DCMAKE_CXX_COMPILER=clang++ -DDRYDOCK_TESTS=OFF -DDRYDOCK_FUZZ=ON) ;;
  *) echo "usage: scripts/build.sh [release|test|bench|fuzz]" >&2; exit 2 ;;
esac
cmake -S . -B "build/$kind" -DCMAKE_UNITY_BUILD=ON "${flags[@]}" >/dev/null
cmake --build "build/$kind" -j "$(nproc)"
