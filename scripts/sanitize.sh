#!/usr/bin/env bash
# The sanitizer stage of CI: builds the engine, the CLI and their tests with Clang,
# AddressSanitizer and UndefinedBehaviorSanitizer (plus the libFuzzer targets in tests/fuzz) in a
# separate build folder, then runs the engine tests, the hostile-input corpus and short
# deterministic fuzz runs there. Every sanitizer report is fatal.
#
#   scripts/sanitize.sh [--build-dir DIR] [--no-test] [extra CTest arguments...]
#
# Needs the Debian packages of scripts/setup.sh (clang-16, libclang-rt-16-dev among them); run
# scripts/setup.sh --no-build first on a fresh machine (CI's scripts/test.sh already did).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build-asan
run_tests=1
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift ;;
    --no-test) run_tests=0 ;;
    *) ctest_args+=("$1") ;;
  esac
  shift
done

# RelWithDebInfo: -O2 keeps the LibTorch-heavy engine tests fast enough under ASan (Debug is
# several times slower), -g gives the reports file and line.
# Clang 16 (Debian 12: clang-16, libclang-rt-16-dev): core/ captures structured bindings in
# lambdas, which Clang 14 and 15 reject in C++17 mode. SAN_CC/SAN_CXX name another Clang.
cc="${SAN_CC:-clang-16}"
cxx="${SAN_CXX:-clang++-16}"
echo "== configuring ($build_dir: $cxx, address;undefined, fuzz targets)"
CC="$cc" CXX="$cxx" cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLRC_SANITIZE="address;undefined" -DLRC_FUZZ=ON \
  -DLRC_BUILD_UI=OFF -DLRC_BUILD_BENCH=OFF -DLRC_BUILD_TESTS=ON >/dev/null
echo "== building ($build_dir)"
cmake --build "$build_dir" --parallel "$(nproc)"
[ "$run_tests" -eq 1 ] || exit 0

# Every report stops the process with a failing exit code. LeakSanitizer is off: LibTorch and
# OpenMP keep thread pools and allocator caches alive until exit, which LSan reports as leaks
# in every test, drowning real findings.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# run_corpus: no address-space limit (ASan reserves terabytes), times x10, memory not checked.
export LRC_HOSTILE_SANITIZED=1

# Symbolized stack traces (file:line) come from the LLVM that matches the compiler (llvm-16).
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  sym="$(command -v "llvm-symbolizer-${cxx##*-}" || command -v llvm-symbolizer || true)"
  [ -z "$sym" ] || export ASAN_SYMBOLIZER_PATH="$sym" UBSAN_SYMBOLIZER_PATH="$sym"
fi

cd "$build_dir"
echo "== sanitizer tests (labels engine, hostile, fuzz)"
ctest --output-on-failure --parallel "$(nproc)" -L 'engine|hostile|fuzz' "${ctest_args[@]}"
