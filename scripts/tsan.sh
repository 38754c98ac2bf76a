#!/usr/bin/env bash
# ThreadSanitizer stage: builds only the library (no CLI, viewer or benchmarks) with -fsanitize=thread in
# build-tsan/, then the concurrency tests (tests/concurrency_test.cpp) against it, and runs them. Any data
# race report fails the stage.
# Usage: scripts/tsan.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PLAN_TSAN_BUILD:-$root/build-tsan}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DPLAN_BUILD_TESTS=OFF -DPLAN_BUILD_VIEWER=OFF -DPLAN_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" >/dev/null  # line tables are all a report needs
# The library file itself: the target "plan" would also name the executable build/plan (the whole CLI).
cmake --build "$build" -j "$(nproc)" --target libplan/libplan.a
cxx=(g++)
command -v ccache >/dev/null && cxx=(ccache g++)
"${cxx[@]}" -std=c++20 -O1 -g1 -fsanitize=thread -fno-omit-frame-pointer -DPLAN_SOURCE_DIR="\"$root\"" \
  -I"$root/libplan/include" -I"$root/libplan/src" -I/usr/include/gdal \
  "$root/tests/concurrency_test.cpp" -o "$build/concurrency_tests" \
  "$build/libplan/libplan.a" -lgtest -lgtest_main -lgdal -lgeos_c -lproj -lsqlite3 -lpthread
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp" "$build/concurrency_tests"
