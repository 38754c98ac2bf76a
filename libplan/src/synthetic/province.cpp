#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "plan/error.hpp"
#include "plan/synthetic.hpp"
#include "plan/synthetic_province.hpp"

namespace plan {

namespace {

constexpr double kPi = std::numbers::pi;

// A star-shaped outline: radius at angle t with a few smooth lobes, fixed by the seed.
struct Outline {
  XY c;
  double base = 0;
  double amp[3] = {0, 0, 0}, phase[3] = {0, 0, 0};
  double at(double t) const {
    return base * (1 + amp[0] * std::sin(2 * t + phase[0]) + amp[1] * std::sin(3 * t + phase[1]) +
                   amp[2] * std::sin(5 * t + phase[2]));
  }
  double reach() const { return base * (1 + amp[0] + amp[1] + amp[2]); }
  bool contains(XY p) const {
    const double dx = p.x - c.x, dy = p.y - c.y;
    return std::hypot(dx, dy) < at(std::atan2(dy, dx));
  }
};

// Homes per 1000 homes (about 30,000 people) of each GB 50180-2018 category: wider circles have fewer,
// larger facilities.
const std::pair<const char*, double> kFacilityRates[] = {
    {"middle_school", 0.4},  {"health_centre", 0.3},  {"elderly_care", 0.6},
    {"culture_sports", 0.5}, {"primary_school", 1.0}, {"market", 1.0},
    {"kindergarten", 2.5},   {"health_station", 2.0}, {"daily_shop", 5.0}};

std::size_t stochastic_round(double x, SeededRandom& rng) {
  const double f = std::floor(x);
  return static_cast<std::size_t>(f) + (rng.uniform() < x - f ? 1 : 0);
}

// A road between two settlement nodes, bent gently, with a vertex about every 800 m.
LineString road_between(XY a, XY b, double bend_sign) {
  const double len = std::hypot(b.x - a.x, b.y - a.y);
  const int pieces = std::max(1, static_cast<int>(std::ceil(len / 800)));
  const double nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len, bend = 0.03 * len * bend_sign;
  LineString line{a};
  for (int k = 1; k < pieces; ++k) {
    const double t = static_cast<double>(k) / pieces, off = bend * std::sin(kPi * t);
    line.push_back({a.x + t * (b.x - a.x) + off * nx, a.y + t * (b.y - a.y) + off * ny});
  }
  line.push_back(b);
  return line;
}

// Each settlement's grid of streets, where country roads attach, and where its streets are in p.streets.
struct StreetGrids {
  std::vector<std::size_t> first_street;  // settlement k's streets are [first_street[k], first_street[k+1])
  std::vector<std::vector<XY>> joints;    // street-grid nodes, where roads attach
};

// Centres by rejection: inside the region, clear of the others.
// Sizes fall off like a rank-size rule (`radius`); settlement k gets tier 1 if first, then by radius.
std::vector<Outline> place_settlements(const std::vector<double>& radius, double half, double s,
                                       SeededRandom& rng, SyntheticProvince& p) {
  std::vector<Outline> outlines;
  for (std::size_t k = 0; k < radius.size(); ++k) {
    Outline ol;
    ol.base = radius[k];
    ol.amp[0] = rng.uniform(0.05, 0.12), ol.amp[1] = rng.uniform(0.04, 0.1),
    ol.amp[2] = rng.uniform(0.02, 0.05);
    for (double& ph : ol.phase) ph = rng.uniform(0, 2 * kPi);
    const double margin = std::min(half * 0.9, ol.reach() + s);
    for (int attempt = 0; attempt < 2000; ++attempt) {
      ol.c = {rng.uniform(-half + margin, half - margin), rng.uniform(-half + margin, half - margin)};
      bool clear = true;
      for (const Outline& other : outlines)
        if (std::hypot(ol.c.x - other.c.x, ol.c.y - other.c.y) < 1.2 * (ol.reach() + other.reach()) + 2 * s) {
          clear = false;
          break;
        }
      if (clear) break;  // after 2000 attempts the last position stays: a settlement may touch another
    }
    outlines.push_back(ol);
    ProvinceSettlement st;
    char name[32];
    std::snprintf(name, sizeof name, "S%04zu", k + 1);
    st.name = name;
    st.tier = k == 0 ? 1 : radius[k] >= 3000 ? 2 : radius[k] >= 1500 ? 3 : 4;
    st.centre = ol.c;
    for (int i = 0; i < 64; ++i) {
      const double t = 2 * kPi * i / 64, r = ol.at(t);
      st.outline.outer.push_back({ol.c.x + r * std::cos(t), ol.c.y + r * std::sin(t)});
    }
    st.outline.outer.push_back(st.outline.outer.front());
    p.settlements.push_back(std::move(st));
  }
  return outlines;
}

// Each settlement's jittered street grid, as two-vertex streets sharing their end vertices.
StreetGrids lay_streets(const std::vector<Outline>& outlines, double s, SeededRandom& rng,
                        SyntheticProvince& p) {
  std::vector<std::size_t> first_street(outlines.size() + 1, 0);
  std::vector<std::vector<XY>> joints(outlines.size());
  for (std::size_t k = 0; k < outlines.size(); ++k) {
    first_street[k] = p.streets.size();
    const Outline& ol = outlines[k];
    const int n = static_cast<int>(std::ceil(ol.reach() / s));
    const int w = 2 * n + 1;
    std::vector<XY> node(static_cast<std::size_t>(w) * w);
    for (int j = -n; j <= n; ++j)
      for (int i = -n; i <= n; ++i)
        node[(j + n) * w + (i + n)] = {ol.c.x + i * s + rng.uniform(-0.15, 0.15) * s,
                                       ol.c.y + j * s + rng.uniform(-0.15, 0.15) * s};
    auto at = [&](int i, int j) { return node[(j + n) * w + (i + n)]; };
    for (int j = -n; j <= n; ++j)
      for (int i = -n; i <= n; ++i) {
        const XY a = at(i, j);
        if (!ol.contains(a)) continue;
        bool joined = false;
        if (i < n && ol.contains(at(i + 1, j)))
          p.streets.push_back({{a, at(i + 1, j)}, false}), joined = true;
        if (j < n && ol.contains(at(i, j + 1)))
          p.streets.push_back({{a, at(i, j + 1)}, false}), joined = true;
        if (joined || (i > -n && ol.contains(at(i - 1, j))) || (j > -n && ol.contains(at(i, j - 1))))
          joints[k].push_back(a);
      }
    if (joints[k].empty()) joints[k].push_back(at(0, 0));
  }
  first_street[outlines.size()] = p.streets.size();
  return {first_street, joints};
}

// Country roads: a minimum spanning tree over the centres (so every settlement is joined) plus each
// settlement's second-nearest neighbour (so there are loops), each from the facing street node.
void join_settlements(const std::vector<Outline>& outlines, const StreetGrids& grids, SeededRandom& rng,
                      SyntheticProvince& p) {
  const std::size_t m = outlines.size();
  auto dist = [&](std::size_t a, std::size_t b) {
    return std::hypot(outlines[a].c.x - outlines[b].c.x, outlines[a].c.y - outlines[b].c.y);
  };
  std::vector<std::pair<std::size_t, std::size_t>> links;
  {
    std::vector<double> best(m, INFINITY);
    std::vector<std::size_t> from(m, 0);
    std::vector<char> in(m, 0);
    if (m > 0) best[0] = 0;
    for (std::size_t step = 0; step < m; ++step) {
      std::size_t u = m;
      for (std::size_t v = 0; v < m; ++v)
        if (!in[v] && (u == m || best[v] < best[u])) u = v;
      in[u] = 1;
      if (step > 0) links.push_back({std::min(u, from[u]), std::max(u, from[u])});
      for (std::size_t v = 0; v < m; ++v)
        if (!in[v] && dist(u, v) < best[v]) best[v] = dist(u, v), from[v] = u;
    }
    for (std::size_t a = 0; a < m && m > 2; ++a) {
      std::size_t n1 = m, n2 = m;
      for (std::size_t b = 0; b < m; ++b) {
        if (b == a) continue;
        if (n1 == m || dist(a, b) < dist(a, n1))
          n2 = n1, n1 = b;
        else if (n2 == m || dist(a, b) < dist(a, n2))
          n2 = b;
      }
      links.push_back({std::min(a, n2), std::max(a, n2)});
    }
    std::sort(links.begin(), links.end());
    links.erase(std::unique(links.begin(), links.end()), links.end());
  }
  auto facing = [&](std::size_t k, XY towards) {
    XY best = grids.joints[k][0];
    double d = INFINITY;
    for (const XY& q : grids.joints[k])
      if (const double e = std::hypot(q.x - towards.x, q.y - towards.y); e < d) d = e, best = q;
    return best;
  };
  for (const auto& [a, b] : links)
    p.streets.push_back(
        {road_between(facing(a, outlines[b].c), facing(b, outlines[a].c), rng.uniform() < 0.5 ? -1 : 1),
         true});
}

// Homes: settlements share the urban homes by area, denser towards each centre; 2 % lie in the country.
// Returns the urban homes of each settlement.
std::vector<std::size_t> place_homes(const std::vector<Outline>& outlines, const std::vector<double>& area,
                                     std::size_t urban_homes, std::size_t rural_homes, double half,
                                     SeededRandom& rng, SyntheticProvince& p) {
  const std::size_t m = outlines.size();
  double area_total = 0;
  for (std::size_t k = 0; k < m; ++k) area_total += area[k];
  std::vector<std::size_t> homes_in(m, 0);
  std::size_t assigned = 0;
  for (std::size_t k = 0; k < m; ++k) {
    homes_in[k] = k + 1 == m
                      ? urban_homes - assigned
                      : std::min(urban_homes - assigned,
                                 static_cast<std::size_t>(std::llround(urban_homes * area[k] / area_total)));
    assigned += homes_in[k];
  }
  p.homes.reserve(urban_homes + rural_homes);
  for (std::size_t k = 0; k < m; ++k) {
    const Outline& ol = outlines[k];
    const double r = ol.reach();
    for (std::size_t placed = 0; placed < homes_in[k];) {
      const XY q{ol.c.x + rng.uniform(-r, r), ol.c.y + rng.uniform(-r, r)};
      if (!ol.contains(q)) continue;
      const double rel = std::hypot(q.x - ol.c.x, q.y - ol.c.y) / ol.base;
      if (rng.uniform() >= 0.35 + 0.65 * std::exp(-1.5 * rel * rel)) continue;
      const double people = rng.uniform(8, 60) * (1 + 1.5 * std::exp(-2 * rel * rel));
      p.homes.push_back({q, static_cast<std::int64_t>(std::llround(people))});
      ++placed;
    }
  }
  for (std::size_t i = 0; i < rural_homes; ++i)
    p.homes.push_back({{rng.uniform(-half, half), rng.uniform(-half, half)},
                       static_cast<std::int64_t>(std::llround(rng.uniform(2, 8)))});
  return homes_in;
}

// Facilities and stops near each settlement's own streets, in proportion to its homes and area.
void place_facilities_and_stops(const StreetGrids& grids, const std::vector<double>& area,
                                const std::vector<std::size_t>& homes_in, SeededRandom& rng,
                                SyntheticProvince& p) {
  for (std::size_t k = 0; k + 1 < grids.first_street.size(); ++k) {
    const std::size_t lo = grids.first_street[k], n = grids.first_street[k + 1] - lo;
    if (n == 0) continue;
    auto near_street = [&](double off_lo, double off_hi) {
      const LineString& st = p.streets[lo + rng.next() % n].line;
      const XY a = st.front(), b = st.back();
      const double t = rng.uniform(), len = std::hypot(b.x - a.x, b.y - a.y);
      const double off = rng.uniform(off_lo, off_hi) * (rng.uniform() < 0.5 ? -1 : 1);
      return XY{a.x + t * (b.x - a.x) - off * (b.y - a.y) / len,
                a.y + t * (b.y - a.y) + off * (b.x - a.x) / len};
    };
    for (const auto& [category, rate] : kFacilityRates) {
      const std::size_t count = stochastic_round(rate * static_cast<double>(homes_in[k]) / 1000, rng);
      for (std::size_t f = 0; f < count; ++f) p.facilities.push_back({near_street(5, 40), category});
    }
    const std::size_t stops = std::max<std::size_t>(1, stochastic_round(area[k] / 0.2e6, rng));
    for (std::size_t f = 0; f < stops; ++f) p.stops.push_back(near_street(0, 0));
  }
}

// Counties: a grid of jittered quadrilaterals whose sides bend at a shared, jittered midpoint, so that
// neighbours share every vertex and together cover the region exactly.
void draw_counties(double side, double county_size_m, SeededRandom& rng, SyntheticProvince& p) {
  const double half = side / 2;
  const int nc = std::max(1, static_cast<int>(std::lround(side / county_size_m)));
  const double cell = side / nc;
  std::vector<XY> corner(static_cast<std::size_t>(nc + 1) * (nc + 1));
  auto cidx = [&](int i, int j) { return static_cast<std::size_t>(j) * (nc + 1) + i; };
  for (int j = 0; j <= nc; ++j)
    for (int i = 0; i <= nc; ++i) {
      const bool edge_x = i == 0 || i == nc, edge_y = j == 0 || j == nc;
      const double jx = edge_x ? 0 : rng.uniform(-0.2, 0.2) * cell,
                   jy = edge_y ? 0 : rng.uniform(-0.2, 0.2) * cell;
      corner[cidx(i, j)] = {-half + i * cell + jx, -half + j * cell + jy};
    }
  // Midpoint of the side between two corners: bent sideways unless it lies on the region's border.
  auto midpoint = [&](std::size_t a, std::size_t b, bool border) {
    const XY u = corner[a], v = corner[b];
    const XY mid{(u.x + v.x) / 2, (u.y + v.y) / 2};
    if (border) return mid;
    const double len = std::hypot(v.x - u.x, v.y - u.y), off = rng.uniform(-0.12, 0.12) * len;
    return XY{mid.x - off * (v.y - u.y) / len, mid.y + off * (v.x - u.x) / len};
  };
  std::vector<XY> hmid(static_cast<std::size_t>(nc) * (nc + 1)), vmid(static_cast<std::size_t>(nc + 1) * nc);
  for (int j = 0; j <= nc; ++j)
    for (int i = 0; i < nc; ++i) hmid[j * nc + i] = midpoint(cidx(i, j), cidx(i + 1, j), j == 0 || j == nc);
  for (int j = 0; j < nc; ++j)
    for (int i = 0; i <= nc; ++i)
      vmid[j * (nc + 1) + i] = midpoint(cidx(i, j), cidx(i, j + 1), i == 0 || i == nc);
  for (int j = 0; j < nc; ++j)
    for (int i = 0; i < nc; ++i) {
      ProvinceCounty c;
      char code[32];
      std::snprintf(code, sizeof code, "C%02d-%02d", j + 1, i + 1);
      c.code = code;
      c.polygon.outer = {corner[cidx(i, j)],         hmid[j * nc + i],           corner[cidx(i + 1, j)],
                         vmid[j * (nc + 1) + i + 1], corner[cidx(i + 1, j + 1)], hmid[(j + 1) * nc + i],
                         corner[cidx(i, j + 1)],     vmid[j * (nc + 1) + i],     corner[cidx(i, j)]};
      p.counties.push_back(std::move(c));
    }
}

}  // namespace

SyntheticProvince generate_province(const SyntheticProvinceOptions& o) {
  if (o.homes == 0) throw UsageError("a province needs at least one home");
  if (!(o.homes_per_km2 > 0) || !(o.built_up_share > 0) || o.built_up_share > 0.5 ||
      !(o.street_spacing_m > 0) || !(o.county_size_m > 0))
    throw UsageError("province sizes must be positive (and the built-up share at most 0.5)");
  SeededRandom rng(o.seed ^ 0x9e0f1ce5ULL);
  SyntheticProvince p;

  const std::size_t rural_homes = o.homes / 50;
  const std::size_t urban_homes = o.homes - rural_homes;
  const double built_m2 = std::max(1.0, static_cast<double>(urban_homes)) / o.homes_per_km2 * 1e6;
  const double side = std::sqrt(built_m2 / o.built_up_share), half = side / 2;
  p.region = rectangle(-half, -half, half, half);

  // Settlement sizes fall off like a rank-size rule: the first (the prefecture city) holds about 15 % of
  // the built-up area, the rest are county cities and towns down to a few street blocks.
  const double s = o.street_spacing_m;
  const double r_min = 2.5 * s, r0 = std::max(r_min, std::sqrt(0.15 * built_m2 / kPi));
  std::vector<double> radius;
  for (double total = 0; total < built_m2;) {
    const double r = std::max(r_min, r0 * std::pow(static_cast<double>(radius.size() + 1), -0.55));
    radius.push_back(r);
    total += kPi * r * r;
  }

  const std::vector<Outline> outlines = place_settlements(radius, half, s, rng, p);
  const StreetGrids grids = lay_streets(outlines, s, rng, p);
  join_settlements(outlines, grids, rng, p);
  std::vector<double> area(outlines.size());
  for (std::size_t k = 0; k < outlines.size(); ++k) area[k] = area_m2(p.settlements[k].outline);
  const std::vector<std::size_t> homes_in =
      place_homes(outlines, area, urban_homes, rural_homes, half, rng, p);
  place_facilities_and_stops(grids, area, homes_in, rng, p);
  draw_counties(side, o.county_size_m, rng, p);
  return p;
}

}  // namespace plan
