// Stop coverage over generated degenerate geometry: NaN and infinite coordinates, ±1e15, empty and
// one-point rings, repeated points, collapsed and self-touching rings, holes outside their shells.
// Either a UsageError/DataError, or figures that are finite and consistent (0 ≤ ratio ≤ 1); a
// non-finite input must never come back as a number.
#include <cmath>

#include "fuzz_support.hpp"
#include "plan/coverage.hpp"
#include "plan/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const bool allow_nonfinite = in.ConsumeBool();
  plan::CoverageInput input;
  bool finite = true;
  const int stops = in.ConsumeIntegralInRange<int>(0, 8);
  for (int i = 0; i < stops; ++i) {
    input.stops.push_back(fuzz::point(in, allow_nonfinite));
    finite = finite && fuzz::finite(input.stops.back());
  }
  const int parts = in.ConsumeIntegralInRange<int>(0, 3);
  for (int i = 0; i < parts; ++i) {
    input.area.push_back(fuzz::polygon(in, allow_nonfinite));
    finite = finite && fuzz::all_finite(input.area.back());
  }
  if (in.ConsumeBool()) {
    input.exclusions.push_back(fuzz::polygon(in, allow_nonfinite));
    finite = finite && fuzz::all_finite(input.exclusions.back());
  }
  if (in.ConsumeBool()) {
    input.population_points.push_back(
        {fuzz::point(in, allow_nonfinite), in.ConsumeFloatingPointInRange<double>(0, 1e6)});
    finite = finite && fuzz::finite(input.population_points.back().position);
  }
  plan::CoverageOptions options;
  options.radius_m = in.ConsumeBool() ? 500 : in.ConsumeFloatingPointInRange<double>(0.001, 1e6);
  options.exclusion_min_area_m2 = in.ConsumeBool() ? 0 : 1e6;
  options.want_polygons = in.ConsumeBool();
  options.polygon_segments_per_quadrant = in.ConsumeIntegralInRange<int>(1, 8);
  try {
    const plan::CoverageResult r = plan::compute_coverage(input, options);
    FUZZ_CHECK(finite);  // a NaN or infinite coordinate must be refused, not measured
    FUZZ_CHECK(std::isfinite(r.area_m2) && std::isfinite(r.covered_m2) && std::isfinite(r.area_ratio));
    FUZZ_CHECK(r.area_ratio >= -1e-9 && r.area_ratio <= 1 + 1e-6);
  } catch (const plan::Error&) {
  }
  return 0;
}
