#include <cmath>

#include "plan/primitives.hpp"
#include "plan/synthetic.hpp"

namespace plan {

SyntheticServices generate_services(const SyntheticCity& city, const SyntheticServicesOptions& o) {
  SeededRandom rng(o.seed ^ 0x5e7c1ce5ULL);
  SyntheticServices out;
  // Counts for a city of about a million people: fewer, larger facilities for the wider circles.
  const std::pair<const char*, int> counts[] = {
      {"middle_school", 70},  {"health_centre", 45},   {"elderly_care", 80},
      {"culture_sports", 60}, {"primary_school", 150}, {"market", 120},
      {"kindergarten", 300},  {"health_station", 250}, {"daily_shop", 600}};
  double r_max = 1;
  for (const XY& p : city.area.outer) r_max = std::max(r_max, std::hypot(p.x, p.y));
  for (const auto& [category, count] : counts) {
    const auto want = static_cast<std::size_t>(std::lround(count * o.facility_scale));
    std::size_t placed = 0;
    while (placed < want && !city.streets.empty()) {
      const LineString& st = city.streets[rng.next() % city.streets.size()];
      const XY a = st.front(), b = st.back();
      const double t = rng.uniform(), len = std::hypot(b.x - a.x, b.y - a.y);
      const double off = rng.uniform(5, 40) * (rng.uniform() < 0.5 ? -1 : 1);
      const XY p{a.x + t * (b.x - a.x) - off * (b.y - a.y) / len,
                 a.y + t * (b.y - a.y) + off * (b.x - a.x) / len};
      const double rel = std::hypot(p.x, p.y) / r_max;
      if (rng.uniform() >= std::exp(-1.2 * rel * rel)) continue;
      out.facilities.push_back({p, category});
      ++placed;
    }
  }
  // Hospitals and capacities from a stream of their own, so the facilities above and the homes below are
  // the same as before they were added.
  SeededRandom cap_rng(o.seed ^ 0xc4a9b17e0f3d2a55ULL);
  for (std::size_t placed = 0; placed < 8 && !city.streets.empty();) {
    const LineString& st = city.streets[cap_rng.next() % city.streets.size()];
    const XY a = st.front(), b = st.back();
    const double t = cap_rng.uniform(), len = std::hypot(b.x - a.x, b.y - a.y);
    const XY p{a.x + t * (b.x - a.x) - 30 * (b.y - a.y) / len,
               a.y + t * (b.y - a.y) + 30 * (b.x - a.x) / len};
    if (std::hypot(p.x, p.y) > 0.6 * r_max) continue;  // general hospitals stand in the inner city
    out.facilities.push_back({p, "hospital"});
    ++placed;
  }
  for (SyntheticFacility& f : out.facilities) {
    if (f.category == "hospital")
      f.physicians = std::round(cap_rng.uniform(150, 700));
    else if (f.category == "health_centre")
      f.physicians = std::round(cap_rng.uniform(8, 20));
    else if (f.category == "health_station")
      f.physicians = std::round(cap_rng.uniform(1, 3));
    else if (f.category == "kindergarten")
      f.childcare_places = std::round(cap_rng.uniform(0, 22));
  }
  for (const PopulationPolygon& block : city.blocks) {
    if (block.polygon.outer.size() < 4 || o.homes_per_block == 0) continue;
    double x0 = block.polygon.outer[0].x, x1 = x0, y0 = block.polygon.outer[0].y, y1 = y0;
    for (const XY& p : block.polygon.outer)
      x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    std::vector<XY> at;
    for (int tries = 0; at.size() < o.homes_per_block && tries < 200; ++tries) {
      const XY p{rng.uniform(x0, x1), rng.uniform(y0, y1)};
      if (polygon_contains(block.polygon, p)) at.push_back(p);
    }
    // People split as evenly as whole numbers allow, so the homes add up to the block.
    const auto people = static_cast<long long>(std::llround(block.population));
    for (std::size_t k = 0; k < at.size(); ++k) {
      const long long share =
          people / static_cast<long long>(at.size()) +
          (static_cast<long long>(k) < people % static_cast<long long>(at.size()) ? 1 : 0);
      out.homes.push_back({at[k], static_cast<double>(share)});
    }
  }
  return out;
}

}  // namespace plan
