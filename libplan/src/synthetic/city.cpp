#include <cmath>
#include <numbers>

#include "geom/geos.hpp"
#include "plan/synthetic.hpp"

namespace plan {

std::uint64_t SeededRandom::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

double SeededRandom::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
double SeededRandom::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

namespace {

// Radius of the star-shaped area at angle t: a few smooth lobes, fixed by the seed.
struct Outline {
  double base;
  double amp[3], phase[3];
  double at(double t) const {
    return base * (1 + amp[0] * std::sin(2 * t + phase[0]) + amp[1] * std::sin(3 * t + phase[1]) +
                   amp[2] * std::sin(5 * t + phase[2]));
  }
  bool contains(XY p) const { return std::hypot(p.x, p.y) < at(std::atan2(p.y, p.x)); }
};

// A roundish blob of 48 vertices, its radius wobbling by 12 %.
Polygon blob(XY c, double radius) {
  Polygon p;
  for (int i = 0; i < 48; ++i) {
    const double t = 2 * std::numbers::pi * i / 48;
    const double r = radius * (1 + 0.12 * std::sin(3 * t + c.x));
    p.outer.push_back({c.x + r * std::cos(t), c.y + r * std::sin(t)});
  }
  p.outer.push_back(p.outer.front());
  return p;
}

Polygon trace_outline(const Outline& outline) {
  Polygon area;
  const int vertices = 96;
  for (int i = 0; i < vertices; ++i) {
    const double t = 2 * std::numbers::pi * i / vertices;
    const double r = outline.at(t);
    area.outer.push_back({r * std::cos(t), r * std::sin(t)});
  }
  area.outer.push_back(area.outer.front());
  return area;
}

// Jittered street grid: every node moves a little, so streets are not perfectly straight.
std::vector<LineString> lay_streets(const Outline& outline, const SyntheticCityOptions& o,
                                    SeededRandom& rng) {
  std::vector<LineString> streets;
  const double s = o.street_spacing_m;
  const int n = static_cast<int>(std::ceil(o.radius_m * 1.3 / s));
  const int side = 2 * n + 1;
  std::vector<XY> node(static_cast<std::size_t>(side) * side);
  for (int j = -n; j <= n; ++j)
    for (int i = -n; i <= n; ++i)
      node[(j + n) * side + (i + n)] = {i * s + rng.uniform(-0.15, 0.15) * s,
                                        j * s + rng.uniform(-0.15, 0.15) * s};
  auto at = [&](int i, int j) { return node[(j + n) * side + (i + n)]; };
  for (int j = -n; j <= n; ++j)
    for (int i = -n; i <= n; ++i) {
      const XY a = at(i, j);
      if (!outline.contains(a)) continue;
      if (i < n && outline.contains(at(i + 1, j))) streets.push_back({a, at(i + 1, j)});
      if (j < n && outline.contains(at(i, j + 1))) streets.push_back({a, at(i, j + 1)});
    }
  return streets;
}

// Stops on streets, denser near the centre: a street is picked with weight falling off with distance.
std::vector<XY> place_stops(const std::vector<LineString>& streets, const SyntheticCityOptions& o,
                            SeededRandom& rng) {
  std::vector<XY> stops;
  while (stops.size() < o.stops && !streets.empty()) {
    const LineString& st = streets[rng.next() % streets.size()];
    const double t = rng.uniform();
    const XY p{st[0].x + t * (st[1].x - st[0].x), st[0].y + t * (st[1].y - st[0].y)};
    const double rel = std::hypot(p.x, p.y) / o.radius_m;
    if (rng.uniform() < std::exp(-1.6 * rel * rel)) stops.push_back(p);
  }
  return stops;
}

// Population blocks of 500 m, clipped to the area, about 20,000 people/km² at the centre.
std::vector<PopulationPolygon> population_blocks(const Outline& outline, const Polygon& city_area,
                                                 const SyntheticCityOptions& o, SeededRandom& rng) {
  std::vector<PopulationPolygon> blocks;
  const double b = 500;
  const int nb = static_cast<int>(std::ceil(o.radius_m * 1.3 / b));
  const MultiPolygon area{city_area};
  for (int j = -nb; j < nb; ++j)
    for (int i = -nb; i < nb; ++i) {
      const Polygon cell = rectangle(i * b, j * b, (i + 1) * b, (j + 1) * b);
      const XY c{(i + 0.5) * b, (j + 0.5) * b};
      if (std::hypot(c.x, c.y) > outline.at(std::atan2(c.y, c.x)) + b) continue;
      for (const Polygon& part : geom::intersection({cell}, area)) {
        const double rel = std::hypot(c.x, c.y) / o.radius_m;
        const double density_per_km2 = 20000 * std::exp(-1.2 * rel * rel) * rng.uniform(0.7, 1.3);
        blocks.push_back({part, std::round(density_per_km2 * area_m2(part) / 1e6)});
      }
    }
  return blocks;
}

// Parks (公园绿地): comprehensive parks, then one community park per 1 km cell, kept off the lake. They draw
// from their own random stream, so that the rest of the city does not move when they change.
std::vector<Polygon> lay_parks(const Outline& outline, const SyntheticCityOptions& o, XY lake,
                               double lake_radius_m) {
  SeededRandom park_rng(o.seed ^ 0x9a4c5e11d2f3b7a1ULL);
  const double k = o.radius_m / 6000;
  std::vector<Polygon> parks;
  parks.push_back(blob({0.05 * o.radius_m, -0.55 * o.radius_m}, 500 * k));
  parks.push_back(blob({-0.6 * o.radius_m, -0.2 * o.radius_m}, 500 * k));
  parks.push_back(blob({0.55 * o.radius_m, 0.35 * o.radius_m}, 500 * k));
  parks.push_back(blob({-0.15 * o.radius_m, 0.05 * o.radius_m}, 400 * k));
  const double cell_m = 1000;
  const int nc = static_cast<int>(std::ceil(o.radius_m * 1.3 / cell_m));
  for (int j = -nc; j < nc; ++j)
    for (int i = -nc; i < nc; ++i) {
      const XY c{(i + park_rng.uniform(0.25, 0.75)) * cell_m, (j + park_rng.uniform(0.25, 0.75)) * cell_m};
      const double area_m2_target = park_rng.uniform(70000, 220000);
      const bool keep = park_rng.uniform() < 0.9;
      const double r = std::sqrt(area_m2_target / std::numbers::pi);
      if (!keep || std::hypot(c.x, c.y) + r > outline.at(std::atan2(c.y, c.x))) continue;
      if (std::hypot(c.x - lake.x, c.y - lake.y) < lake_radius_m * 1.15 + r) continue;
      parks.push_back(blob(c, r));
    }
  return parks;
}

// Bends every street a little, with a vertex about every `segment_m` (no random draws, so the rest of the
// city stays as without bending).
void bend_streets(std::vector<LineString>& streets, double segment_m) {
  for (LineString& st : streets) {
    const XY a = st.front(), b = st.back();
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const int pieces = std::max(1, static_cast<int>(std::ceil(len / segment_m)));
    const double nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len, bend = 0.02 * len;
    LineString bent{a};
    for (int k = 1; k < pieces; ++k) {
      const double t = static_cast<double>(k) / pieces, off = bend * std::sin(std::numbers::pi * t);
      bent.push_back({a.x + t * (b.x - a.x) + off * nx, a.y + t * (b.y - a.y) + off * ny});
    }
    bent.push_back(b);
    st = std::move(bent);
  }
}

}  // namespace

SyntheticCity generate_city(const SyntheticCityOptions& o) {
  SeededRandom rng(o.seed);
  SyntheticCity city;
  Outline outline{o.radius_m,
                  {rng.uniform(0.05, 0.12), rng.uniform(0.04, 0.1), rng.uniform(0.02, 0.05)},
                  {rng.uniform(0, 6.28), rng.uniform(0, 6.28), rng.uniform(0, 6.28)}};
  city.area = trace_outline(outline);
  city.streets = lay_streets(outline, o, rng);
  city.stops = place_stops(city.streets, o, rng);

  // Exclusions: a lake of ~1.8 km², a park of ~1.2 km² and a small park of ~0.3 km² (kept by the 1 km² rule).
  const double k = o.radius_m / 6000;
  const XY lake{-0.35 * o.radius_m, 0.3 * o.radius_m};
  city.exclusions.push_back(blob(lake, 760 * k));
  city.exclusions.push_back(blob({0.4 * o.radius_m, -0.25 * o.radius_m}, 620 * k));
  city.exclusions.push_back(blob({0.1 * o.radius_m, 0.45 * o.radius_m}, 310 * k));

  city.blocks = population_blocks(outline, city.area, o, rng);
  city.parks = lay_parks(outline, o, lake, 760 * k);
  if (o.street_segment_m > 0) bend_streets(city.streets, o.street_segment_m);
  return city;
}

}  // namespace plan
