// Points scattered along the streets of a synthetic city, as the benchmarks place homes and facilities.
#pragma once

#include <cmath>

#include "plan/synthetic.hpp"

namespace bench {

// A point at a uniform position along a random street (its end-to-end segment), pushed up to max_off
// metres to either side of it.
inline plan::XY near_street(const plan::SyntheticCity& c, plan::SeededRandom& rng, double max_off) {
  const plan::LineString& st = c.streets[rng.next() % c.streets.size()];
  const plan::XY a = st.front(), b = st.back();
  const double t = rng.uniform(), len = std::hypot(b.x - a.x, b.y - a.y),
               off = rng.uniform(-max_off, max_off);
  return {a.x + t * (b.x - a.x) - off * (b.y - a.y) / len, a.y + t * (b.y - a.y) + off * (b.x - a.x) / len};
}

}  // namespace bench
