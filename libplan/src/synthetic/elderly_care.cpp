// Residential communities and community elderly-care facilities of the synthetic city (indicator 16).
#include <algorithm>
#include <cmath>

#include "geom/geos.hpp"
#include "plan/primitives.hpp"
#include "plan/synthetic.hpp"

namespace plan {

namespace {

// Below this a quarter is a remnant clipped by the city's edge, not a residential community.
constexpr double kMinHouseholds = 50;

// The block's four quarters, each with its share of the block's households.
void add_quarters(const PopulationPolygon& block, std::vector<SyntheticCommunity>& out) {
  const double whole = area_m2(block.polygon);
  if (!(whole > 0) || block.polygon.outer.empty()) return;
  double x0 = block.polygon.outer[0].x, x1 = x0, y0 = block.polygon.outer[0].y, y1 = y0;
  for (const XY& p : block.polygon.outer)
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  const double mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
  const Polygon quarters[] = {rectangle(x0, y0, mx, my), rectangle(mx, y0, x1, my), rectangle(x0, my, mx, y1),
                              rectangle(mx, my, x1, y1)};
  for (const Polygon& q : quarters)
    for (const Polygon& part : geom::intersection({block.polygon}, {q})) {
      const double households =
          std::round(block.population * area_m2(part) / whole / kPersonsPerHousehold2020);
      if (households >= kMinHouseholds) out.push_back({part, households});
    }
}

// The point of the nearest street to p.
XY nearest_street_point(const std::vector<LineString>& streets, XY p) {
  XY best = p;
  double best_d = INFINITY;
  for (const LineString& st : streets)
    for (std::size_t i = 1; i < st.size(); ++i) {
      const XY a = st[i - 1], b = st[i];
      const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0;
      const XY q{a.x + t * dx, a.y + t * dy};
      const double d = std::hypot(p.x - q.x, p.y - q.y);
      if (d < best_d) best_d = d, best = q;
    }
  return best;
}

}  // namespace

SyntheticElderlyCareCity generate_elderly_care(const SyntheticCity& city, std::uint64_t seed) {
  SeededRandom rng(seed ^ 0x7e1dc4a5e0f00d17ULL);
  SyntheticElderlyCareCity out;
  for (const PopulationPolygon& block : city.blocks) add_quarters(block, out.communities);
  double r_max = 1;
  for (const XY& p : city.area.outer) r_max = std::max(r_max, std::hypot(p.x, p.y));
  for (const SyntheticCommunity& c : out.communities) {
    const Polygon& shape = c.area;
    double x0 = shape.outer[0].x, x1 = x0, y0 = shape.outer[0].y, y1 = y0;
    for (const XY& p : shape.outer)
      x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    // Communities built since the 2020 regulation (more of them towards the edge) have their facility;
    // older central ones often do not.
    const double rel = std::hypot((x0 + x1) / 2, (y0 + y1) / 2) / r_max;
    const bool built = rng.uniform() < 0.22 + 0.3 * rel;
    const double floor_area_m2 = std::round(rng.uniform(350, 750));
    XY inside{rng.uniform(x0, x1), rng.uniform(y0, y1)};
    for (int tries = 0; tries < 50 && !polygon_contains(shape, inside); ++tries)
      inside = {rng.uniform(x0, x1), rng.uniform(y0, y1)};
    const double off = rng.uniform(5, 40);
    if (!built || city.streets.empty()) continue;
    const XY on = nearest_street_point(city.streets, inside);
    const double d = std::hypot(inside.x - on.x, inside.y - on.y);
    const XY towards = d > 0 ? XY{(inside.x - on.x) / d, (inside.y - on.y) / d} : XY{0, 1};
    out.facilities.push_back({{on.x + off * towards.x, on.y + off * towards.y}, floor_area_m2});
  }
  return out;
}

}  // namespace plan
