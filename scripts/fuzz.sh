#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang-14 (-fsanitize=fuzzer,address,undefined) in build-fuzz/
# and runs each for a bounded time from its seed corpus (fuzz/corpus/<target>, copied; the repository's
# corpus is not changed). Fails on any crash, leak, timeout or sanitizer report and keeps the input in
# build-fuzz/artifacts/.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET=25] [TARGET ...]
# PLAN_FUZZ_SEED=N fixes libFuzzer's seed (CI does, so that a commit's run explores the same inputs each
# time); unset, each run draws a new seed and explores further.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PLAN_FUZZ_BUILD:-$root/build-fuzz}
seconds=${1:-25}
shift || true
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CXX=clang++-14 cmake -S "$root/fuzz" -B "$build" -G Ninja "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$(nproc)"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for t in "$root"/fuzz/fuzz_*.cpp; do targets+=("$(basename "$t" .cpp)"); done
fi
mkdir -p "$build/artifacts"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions=$root/tests/lsan.supp
failed=()
printf '%-20s %12s %8s %s\n' target executions seconds result
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  work=$build/corpus/$name
  mkdir -p "$work"
  cp -n "$root/fuzz/corpus/$name"/* "$work/" 2>/dev/null || true
  log=$build/$t.log
  start=$(date +%s)
  if "$build/$t" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
       -artifact_prefix="$build/artifacts/$t-" -print_final_stats=1 -seed="${PLAN_FUZZ_SEED:-0}" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log)"
    failed+=("$t")
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  printf '%-20s %12s %8s %s\n' "$t" "$runs" "$(( $(date +%s) - start ))" "$result"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  for t in "${failed[@]}"; do echo "=== $t"; grep -A25 -E 'ERROR|FUZZ_CHECK|runtime error|uncaught|terminate' "$build/$t.log" | head -40; done
  exit 1
fi
