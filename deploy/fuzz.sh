#!/usr/bin/env bash
# Fuzzes the sync protocol's decoders (tests/fuzz/fuzz_decode.cpp) for a fixed time and fails
# on any crash, sanitizer report, leak, timeout or broken round-trip property.
#
#   deploy/fuzz.sh            30 seconds
#   deploy/fuzz.sh 300        five minutes
#
# Why a script of its own: libFuzzer needs clang, and the rest of the build uses g++; so this
# configures a separate tree, build/fuzz, with clang and -fsanitize=fuzzer-no-link,address,
# undefined for everything it compiles (the decoder is instrumented, not only the harness), and
# builds only fuzz_decode. The seeds in tests/data/fuzz-corpus are read, never written: inputs
# the fuzzer finds go to build/fuzz/corpus, and a crashing input to build/fuzz/artifacts/.
# Exits non-zero when anything is found (libFuzzer's own exit status).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$#" -gt 1 ]; then
  echo "usage: deploy/fuzz.sh [SECONDS]" >&2
  exit 2
fi

deploy/install-deps.sh

build=build/fuzz
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DFEEDBACK_FUZZ=ON -DFEEDBACK_BUILD_UI=OFF
cmake --build "$build" --target fuzz_decode

mkdir -p "$build/corpus" "$build/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
echo "fuzz: running fuzz_decode for ${seconds} s"
"$build/tests/fuzz_decode" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict=tests/fuzz/protocol.dict -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/" \
  "$build/corpus" tests/data/fuzz-corpus
echo "fuzz: no crash in ${seconds} s"
