// The network path over generated degenerate lines: building (repeated and zero-length segments, one-point
// lines, NaN/inf/1e15 vertices), snapping, the multi-source reach pass and isochrones by the capsule union
// (the GEOS buffer union beside it on small inputs).
#include <cmath>

#include "fuzz_support.hpp"
#include "plan/error.hpp"
#include "plan/isochrone.hpp"
#include "plan/network.hpp"
#include "plan/reach.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const bool allow_nonfinite = in.ConsumeBool();
  plan::NetworkBuilder builder;
  const int lines = in.ConsumeIntegralInRange<int>(0, 6);
  try {
    for (int i = 0; i < lines; ++i) builder.add_line(fuzz::ring(in, allow_nonfinite), i);
  } catch (const plan::Error&) {
    return 0;  // refused input: fine
  }
  const plan::Network net = builder.build();
  for (std::uint32_t e = 0; e < net.edge_count(); ++e)
    FUZZ_CHECK(std::isfinite(net.edge_length_m(e)) && net.edge_length_m(e) > 0);
  const plan::SnapIndex index(net, 0, in.ConsumeBool());
  std::vector<plan::XY> pts;
  const int n = in.ConsumeIntegralInRange<int>(0, 6);
  for (int i = 0; i < n; ++i) pts.push_back(fuzz::point(in, allow_nonfinite));
  const std::vector<plan::SnapPoint> snapped = plan::snap_points(index, pts, 250);
  for (std::size_t i = 0; i < snapped.size(); ++i) {
    if (!snapped[i].snapped) continue;
    FUZZ_CHECK(fuzz::finite(pts[i]) && snapped[i].snap_m <= 250 && fuzz::finite(snapped[i].at));
    FUZZ_CHECK(snapped[i].along_m >= 0 &&
               snapped[i].along_m <= net.edge_length_m(snapped[i].edge) * (1 + 1e-12));
  }
  plan::ReachWorkspace ws;
  const std::size_t half = snapped.size() / 2;
  const std::vector<plan::SnapPoint> facilities(snapped.begin(), snapped.begin() + half),
      homes(snapped.begin() + half, snapped.end());
  const plan::NearestFacilities nf = plan::nearest_facilities(net, facilities, homes, ws);
  for (double d : nf.distance_m) FUZZ_CHECK(d >= 0);
  plan::IsochroneOptions options;
  options.thresholds = {in.ConsumeFloatingPointInRange<double>(1, 3000),
                        in.ConsumeFloatingPointInRange<double>(1, 3000)};
  options.half_width_m = in.ConsumeFloatingPointInRange<double>(0.5, 200);
  options.per_origin = in.ConsumeBool();
  options.quadrant_segments = in.ConsumeIntegralInRange<int>(1, 16);
  options.threads = 1;
  options.method = in.ConsumeIntegralInRange<int>(0, 3) == 0 ? plan::IsochroneMethod::GeosBufferUnion
                                                             : plan::IsochroneMethod::CapsuleUnion;
  try {
    for (const plan::Isochrone& iso : plan::compute_isochrones(net, snapped, options)) {
      FUZZ_CHECK(std::isfinite(iso.area_m2) && iso.area_m2 >= 0);
    }
  } catch (const plan::Error&) {
  }
  return 0;
}
