// Helpers shared by the fuzz targets: degenerate geometry drawn from the fuzzer's bytes, and a trap for
// results that are wrong rather than refused.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <vector>

#include "plan/geometry.hpp"

namespace fuzz {

// A finding that is not a crash: a wrong number presented as right. Aborts so libFuzzer keeps the input.
#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

// A coordinate: mostly small integers on a 10 m grid (so that rings touch, repeat and collapse), sometimes
// one of the values that break geometry code: NaN, ±inf, ±1e15, the largest double, subnormals.
inline double coordinate(FuzzedDataProvider& in, bool allow_nonfinite) {
  const int pick = in.ConsumeIntegralInRange<int>(0, 15);
  switch (pick) {
    case 0:
      return allow_nonfinite ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    case 1:
      return allow_nonfinite ? std::numeric_limits<double>::infinity() : 1e15;
    case 2:
      return allow_nonfinite ? -std::numeric_limits<double>::infinity() : -1e15;
    case 3:
      return in.ConsumeBool() ? 1e15 : -1e15;
    case 4:
      return std::numeric_limits<double>::denorm_min();
    case 5:
      return in.ConsumeFloatingPointInRange<double>(-2000, 2000);
    default:
      return 10.0 * in.ConsumeIntegralInRange<int>(-100, 100);
  }
}

inline plan::XY point(FuzzedDataProvider& in, bool allow_nonfinite) {
  return {coordinate(in, allow_nonfinite), coordinate(in, allow_nonfinite)};
}

// A ring of 0..12 vertices, closed or not, with repeated points, sometimes collapsed to a line.
inline plan::Ring ring(FuzzedDataProvider& in, bool allow_nonfinite) {
  plan::Ring r;
  const int n = in.ConsumeIntegralInRange<int>(0, 12);
  for (int i = 0; i < n; ++i) {
    if (!r.empty() && in.ConsumeIntegralInRange<int>(0, 5) == 0)
      r.push_back(r.back());  // repeated point
    else
      r.push_back(point(in, allow_nonfinite));
  }
  if (!r.empty() && in.ConsumeBool()) r.push_back(r.front());
  return r;
}

inline plan::Polygon polygon(FuzzedDataProvider& in, bool allow_nonfinite) {
  plan::Polygon p;
  p.outer = ring(in, allow_nonfinite);
  const int holes = in.ConsumeIntegralInRange<int>(0, 2);
  for (int i = 0; i < holes; ++i) p.holes.push_back(ring(in, allow_nonfinite));
  return p;
}

inline bool finite(const plan::XY& p) { return std::isfinite(p.x) && std::isfinite(p.y); }

inline bool all_finite(const std::vector<plan::XY>& pts) {
  for (const auto& p : pts)
    if (!finite(p)) return false;
  return true;
}

inline bool all_finite(const plan::Polygon& p) {
  if (!all_finite(p.outer)) return false;
  for (const auto& h : p.holes)
    if (!all_finite(h)) return false;
  return true;
}

}  // namespace fuzz
