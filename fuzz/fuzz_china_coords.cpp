// GCJ-02 / BD-09 conversions on any pair of doubles: no trap, no endless iteration, a finite answer for a
// finite lon/lat, and inside China the round trip lands back within a millimetre.
#include <cmath>
#include <cstring>

#include "fuzz_support.hpp"
#include "plan/china_coords.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  plan::XY p;
  if (in.ConsumeBool()) {
    p = {in.ConsumeFloatingPoint<double>(), in.ConsumeFloatingPoint<double>()};
  } else {  // lon/lat in and around China, where the offsets apply
    p = {in.ConsumeFloatingPointInRange<double>(60, 150), in.ConsumeFloatingPointInRange<double>(-10, 70)};
  }
  const bool lonlat = std::abs(p.x) <= 180 && std::abs(p.y) <= 90;
  for (plan::LonLatOffset o :
       {plan::LonLatOffset::None, plan::LonLatOffset::Gcj02, plan::LonLatOffset::Bd09}) {
    const plan::XY w = plan::wgs84_from(o, p);
    if (lonlat) FUZZ_CHECK(fuzz::finite(w));
  }
  const plan::XY g = plan::gcj02_from_wgs84(p), b = plan::bd09_from_gcj02(g);
  (void)plan::gcj02_from_bd09(b);
  if (lonlat && p.x > 73 && p.x < 135 && p.y > 4 && p.y < 53) {
    const plan::XY back = plan::wgs84_from_gcj02(g);
    FUZZ_CHECK(std::abs(back.x - p.x) < 1e-8 && std::abs(back.y - p.y) < 1e-8);  // 1e-8° ≈ 1 mm
  }
  return 0;
}
