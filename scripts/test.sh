#!/usr/bin/env bash
# Installs what is missing, builds and runs the whole test suite.
# Usage: scripts/test.sh [--sanitize]   (--sanitize: a separate build with -fsanitize=address,undefined)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
if [[ "${1:-}" == "--sanitize" ]]; then
  build=$root/build-sanitize
  "$root/scripts/build.sh" "$build" -DPLAN_SANITIZE=ON -DPLAN_BUILD_BENCH=OFF
  export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$root/tests/lsan.supp
else
  build=$root/build
  # The benchmarks are built here (not run) so that they keep compiling; warnings fail this build.
  "$root/scripts/build.sh" "$build" -DPLAN_BUILD_BENCH=ON -DPLAN_WERROR=ON
fi
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
