#!/usr/bin/env bash
# Builds the Debian packages from a configured build directory (default build/default):
#
#   BUILD_DIR/packages/feedback-kiosk_<version>_<arch>.deb, feedback-collector_<version>_<arch>.deb
#
# and, for deploy/package-test.sh's upgrade check, "the next release" in build/upgrade-next: the
# same source with version <version>+next1 and one extra schema migration
# (FEEDBACK_UPGRADE_TEST_MIGRATION). That second build compiles through ccache with the first
# build's objects, so it costs little more than linking.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}

cmake --build "$build" --target package
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
cmake -S . -B build/upgrade-next -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFEEDBACK_BUILD_TESTS=OFF \
  -DFEEDBACK_PACKAGE_VERSION="${version}+next1" -DFEEDBACK_UPGRADE_TEST_MIGRATION=ON >/dev/null
cmake --build build/upgrade-next --target package
ls -l "$build"/packages/*.deb build/upgrade-next/packages/*.deb
