#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs the whole test suite.
#
#   deploy/test.sh            release-with-debug-info build, every test but the benchmarks
#   deploy/test.sh --asan     the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   deploy/test.sh --bench    also run the benchmarks (ctest -L benchmark), which print figures
#
# The default run also fuzzes the sync protocol's decoders for 30 s (deploy/fuzz.sh, clang's
# libFuzzer), before the test suite so that ctest's summary is the last thing printed, and builds
# the Debian packages (deploy/build-packages.sh) that the package test installs in a clean
# Debian 12 root (deploy/package-test.sh).
#
# Exits non-zero when any step or any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=default
bench=0
for arg in "$@"; do
  case "$arg" in
    --asan) preset=asan ;;
    --bench) bench=1 ;;
    *) echo "usage: deploy/test.sh [--asan] [--bench]" >&2; exit 2 ;;
  esac
done

deploy/install-deps.sh
if [ "$preset" = default ]; then
  # The package test's clean Debian root is fetched while the CPU compiles (it waits on the
  # network); the test itself waits for it.
  mkdir -p build/default
  deploy/package-test.sh --prepare build/default >build/default/package-root-prepare.log 2>&1 &
  deploy/fuzz.sh 30
fi
cmake --preset "$preset"
cmake --build --preset "$preset"
if [ "$preset" = default ]; then
  deploy/build-packages.sh build/default
fi
ctest --preset "$preset" -j "$(nproc)"
if [ "$bench" = 1 ]; then
  ctest --test-dir "build/$preset" -L benchmark --output-on-failure -V
fi
