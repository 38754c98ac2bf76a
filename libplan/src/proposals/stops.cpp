// Stop proposals: the lazy greedy choice over exact union-of-disks gains.
//
// The gain of a candidate c given the stops S is area(D(c) ∩ A − ⋃ D(S)). Only the stops N within 2R of
// c can meet D(c), and D(c) lies in the square B of side 2R around c, so
//   gain = area(⋃ D(N ∪ {c}) ∩ A ∩ B) − area(⋃ D(N) ∩ A ∩ B),
// two exact union areas over a handful of disks and a small clipped piece of the study area, instead of a
// recomputation of the whole union per candidate. Population polygons work the same way with their own
// pieces and densities; population points count once, when the first site within R is added.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>

#include "access/point_grid.hpp"
#include "geom/geos.hpp"
#include "plan/error.hpp"
#include "plan/proposals.hpp"
#include "proposals/common.hpp"
#include "proposals/lazy_greedy.hpp"

namespace plan {

namespace {

// Stops (existing and chosen) in cells of side 2R, growing as sites are added.
class StopCells {
 public:
  StopCells(double cell_m, const access::Box& box) : cell_(cell_m), x0_(box.x0), y0_(box.y0) {
    nx_ = static_cast<int>((box.x1 - box.x0) / cell_) + 1;
    ny_ = static_cast<int>((box.y1 - box.y0) / cell_) + 1;
    cells_.resize(static_cast<std::size_t>(nx_) * ny_);
  }
  void add(XY p) {
    const int c = col(p.x), r = row(p.y);
    if (c < 0 || r < 0 || c >= nx_ || r >= ny_) return;  // too far from the area to matter
    cells_[static_cast<std::size_t>(r) * nx_ + c].push_back(p);
  }
  // The stops within `radius` of p, appended to out.
  void near(XY p, double radius, std::vector<XY>& out) const {
    const int c0 = std::max(0, col(p.x - radius)), c1 = std::min(nx_ - 1, col(p.x + radius));
    const int r0 = std::max(0, row(p.y - radius)), r1 = std::min(ny_ - 1, row(p.y + radius));
    const double r2 = radius * radius;
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c)
        for (const XY& q : cells_[static_cast<std::size_t>(r) * nx_ + c]) {
          const double dx = q.x - p.x, dy = q.y - p.y;
          if (dx * dx + dy * dy < r2) out.push_back(q);
        }
  }

 private:
  int col(double x) const { return static_cast<int>(std::floor((x - x0_) / cell_)); }
  int row(double y) const { return static_cast<int>(std::floor((y - y0_) / cell_)); }
  double cell_, x0_, y0_;
  int nx_ = 1, ny_ = 1;
  std::vector<std::vector<XY>> cells_;
};

struct Piece {
  MultiPolygon region;  // a part of the study area (or of a population polygon) inside the candidate's box
  double density;       // people per m² (1 for the area piece)
};

struct Site {
  Piece area;
  std::vector<Piece> people;          // population polygon parts
  std::vector<std::uint32_t> points;  // population points within R
};

// Part of `region` within the box; the whole box when the region contains it (the common case inside a
// city, and no overlay is needed).
MultiPolygon clip_to_box(geom::GeosContext& ctx, const GEOSPreparedGeometry* prepared,
                         const MultiPolygon& region, const access::Box& box) {
  const Polygon rect = rectangle(box.x0, box.y0, box.x1, box.y1);
  geom::GeomPtr g = geom::to_geos(ctx, rect);
  if (GEOSPreparedContains_r(ctx.handle(), prepared, g.get()) == 1) return {rect};
  if (GEOSPreparedIntersects_r(ctx.handle(), prepared, g.get()) != 1) return {};
  return geom::intersection(region, {rect});
}

access::Box box_around(XY c, double r) { return {c.x - r, c.y - r, c.x + r, c.y + r}; }

}  // namespace

std::string proposal_guarantee() {
  return "greedy maximum coverage with lazy evaluation: coverage is submodular (a site's gain never grows as "
         "others are added), so the sites added by the first k proposals cover at least 1 - 1/e (63.2 %) of "
         "what "
         "the best k candidate sites could add (Nemhauser, Wolsey & Fisher 1978); the upper bound is "
         "Leskovec "
         "et al.'s (2007): current coverage plus the k largest current gains";
}

namespace {

void check_stop_input(const StopProposalInput& input, const CoverageOptions& coverage,
                      const ProposalOptions& options) {
  const double r = coverage.radius_m;
  if (!(r > 0) || !std::isfinite(r)) throw UsageError("radius must be a positive number of metres");
  proposals::check_choice(options);
  const bool has_population = !input.population_polygons.empty() || !input.population_points.empty();
  if (options.objective == ProposalObjective::Population && !has_population)
    throw UsageError("a population objective needs population polygons or points");
  if (input.candidates.empty()) throw DataError("there are no candidate sites to choose from");
}

// The initial state, measured as plan coverage measures it.
void measure_existing(const StopProposalInput& input, const CoverageOptions& coverage,
                      StopProposalResult& out) {
  CoverageInput ci;
  ci.stops = input.stops;
  ci.area = input.area;
  ci.exclusions = input.exclusions;
  ci.population_polygons = input.population_polygons;
  ci.population_points = input.population_points;
  CoverageOptions co = coverage;
  co.want_polygons = false;
  const CoverageResult initial = compute_coverage(ci, co);
  out.radius_m = coverage.radius_m;
  out.area_m2 = initial.area_m2;
  out.initial_covered_m2 = initial.covered_m2;
  out.initial_area_ratio = initial.area_ratio;
  out.has_population = initial.has_population;
  out.population_total = initial.population_total;
  out.initial_population_covered = initial.population_covered;
}

// A population polygon's part inside the study area, with its density and box.
struct Part {
  MultiPolygon region;
  geom::GeomPtr geom;
  geom::PreparedPtr prepared;
  access::Box box;
  double density;
};

// What the gains are measured on: the study area (prepared), the population polygons' parts in it (indexed
// by their boxes' centres), the population points in it and which of them the chosen stops cover.
struct StopScene {
  MultiPolygon study;
  geom::GeomPtr study_geom;
  geom::PreparedPtr study_prepared;
  std::vector<Part> parts;
  std::vector<XY> part_centres;  // for a grid over the parts' boxes: parts indexed by box centre
  double part_half = 0;          // half the largest side of a part's box
  std::optional<access::PointGrid> part_grid;  // over part_centres (it keeps a pointer to them)
  std::vector<std::uint32_t> point_ids;        // into the input's population points
  std::vector<XY> point_xy;
  std::vector<char> point_covered;
  std::optional<access::PointGrid> point_grid;  // over point_xy
};

void add_population_parts(const StopProposalInput& input, double r, StopScene& scene) {
  geom::GeosContext& ctx = geom::thread_context();
  for (const PopulationPolygon& pp : input.population_polygons) {
    const double own_m2 = area_m2(pp.polygon);
    if (own_m2 <= 0 || pp.population <= 0) continue;
    MultiPolygon part = geom::intersection({pp.polygon}, scene.study);
    if (part.empty()) continue;
    geom::GeomPtr g = geom::to_geos(ctx, part);
    geom::PreparedPtr p = geom::prepare(ctx, g.get());
    const access::Box b = access::Box::of(part);
    scene.parts.push_back({std::move(part), std::move(g), std::move(p), b, pp.population / own_m2});
  }
  for (const Part& p : scene.parts) {
    scene.part_centres.push_back(p.box.centre());
    scene.part_half = std::max({scene.part_half, (p.box.x1 - p.box.x0) / 2, (p.box.y1 - p.box.y0) / 2});
  }
  scene.part_grid.emplace(scene.part_centres, std::max(2 * r, 1.0));
}

// Population points inside the study area, and which the existing stops already cover.
void add_population_points(const StopProposalInput& input, double r, StopScene& scene) {
  geom::GeosContext& ctx = geom::thread_context();
  for (std::uint32_t i = 0; i < input.population_points.size(); ++i) {
    const PopulationPoint& pp = input.population_points[i];
    geom::GeomPtr g =
        geom::own(ctx, GEOSGeom_createPointFromXY_r(ctx.handle(), pp.position.x, pp.position.y), "point");
    if (GEOSPreparedIntersects_r(ctx.handle(), scene.study_prepared.get(), g.get()) != 1) continue;
    scene.point_ids.push_back(i);
    scene.point_xy.push_back(pp.position);
  }
  scene.point_covered.assign(scene.point_xy.size(), 0);
  scene.point_grid.emplace(scene.point_xy, std::max(r, 1.0));
  if (!input.stops.empty()) {
    const access::PointGrid stop_grid(input.stops, std::max(r, 1.0));
    for (std::uint32_t k = 0; k < scene.point_xy.size(); ++k)
      stop_grid.for_each_within(scene.point_xy[k], r, [&](std::uint32_t) { scene.point_covered[k] = 1; });
  }
}

// Built in place: its grids point into its own vectors.
void build_stop_scene(const StopProposalInput& input, const CoverageOptions& coverage, StopScene& scene) {
  scene.study = study_area(input.area, input.exclusions, coverage.exclusion_min_area_m2);
  geom::GeosContext& ctx = geom::thread_context();
  scene.study_geom = geom::to_geos(ctx, scene.study);
  scene.study_prepared = geom::prepare(ctx, scene.study_geom.get());
  add_population_parts(input, coverage.radius_m, scene);
  add_population_points(input, coverage.radius_m, scene);
}

// Each candidate's local pieces; candidates whose disk misses the study area are set aside (listed in the
// result). Returns the others; DataError when there are none. Progress to 30 %.
std::vector<std::uint32_t> candidate_sites(const StopProposalInput& input, double r, const StopScene& scene,
                                           std::vector<Site>& sites, proposals::Progress& report,
                                           StopProposalResult& out) {
  geom::GeosContext& ctx = geom::thread_context();
  sites.assign(input.candidates.size(), Site{});
  std::vector<std::uint32_t> ids;
  for (std::uint32_t c = 0; c < input.candidates.size(); ++c) {
    report(0.3 * c / double(input.candidates.size()));
    const XY p = input.candidates[c];
    // A margin keeps the box edges off the circle: a tangent edge is an ill-conditioned crossing.
    const access::Box box = box_around(p, r * 1.01 + 1);
    Site& s = sites[c];
    s.area = {clip_to_box(ctx, scene.study_prepared.get(), scene.study, box), 1.0};
    if (s.area.region.empty() || disk_union_area_within({p}, r, s.area.region) <= 0) {
      out.candidates_outside.push_back(c);
      s.area.region.clear();
      continue;
    }
    ids.push_back(c);
    const double half = scene.part_half;
    scene.part_grid->for_each_in_box(
        p.x - r - half, p.y - r - half, p.x + r + half, p.y + r + half, [&](std::uint32_t k) {
          const Part& part = scene.parts[k];
          if (part.box.x0 > box.x1 || part.box.x1 < box.x0 || part.box.y0 > box.y1 || part.box.y1 < box.y0)
            return;
          MultiPolygon piece = clip_to_box(ctx, part.prepared.get(), part.region, box);
          if (!piece.empty()) s.people.push_back({std::move(piece), part.density});
        });
    scene.point_grid->for_each_within(p, r, [&](std::uint32_t k) { s.points.push_back(k); });
  }
  out.candidates_considered = ids.size();
  if (ids.empty())
    throw DataError("none of the " + std::to_string(input.candidates.size()) +
                    " candidate sites lies within " + std::to_string(static_cast<long long>(std::lround(r))) +
                    " m of the study area");
  return ids;
}

// The exact gain of a candidate over the stops so far (existing and chosen): see the top of this file.
class StopGain {
 public:
  StopGain(const StopProposalInput& input, double r, const std::vector<Site>& sites, const StopScene& scene,
           ProposalObjective objective)
      : input_(input),
        r_(r),
        sites_(sites),
        scene_(scene),
        objective_(objective),
        cells_(2 * r, stops_box(scene.study, r)) {
    for (const XY& s : input.stops) cells_.add(s);
  }
  void add(XY stop) { cells_.add(stop); }
  proposals::Gain operator()(std::uint32_t c) {
    const XY p = input_.candidates[c];
    const Site& s = sites_[c];
    near_.clear();
    cells_.near(p, 2 * r_, near_);
    proposals::Gain g;
    auto piece_gain = [&](const MultiPolygon& region) {
      const double before = near_.empty() ? 0 : disk_union_area_within(near_, r_, region);
      near_.push_back(p);
      const double after = disk_union_area_within(near_, r_, region);
      near_.pop_back();
      return std::max(0.0, after - before);
    };
    g.area = piece_gain(s.area.region);
    for (const Piece& piece : s.people) g.people += piece.density * piece_gain(piece.region);
    for (std::uint32_t k : s.points)
      if (!scene_.point_covered[k]) g.people += input_.population_points[scene_.point_ids[k]].population;
    g.key = objective_ == ProposalObjective::Area ? g.area : g.people;
    return g;
  }

 private:
  // Stops that can matter: within 3R of the study area's box (a candidate lies within R of it, and its
  // neighbours within 2R of the candidate).
  static access::Box stops_box(const MultiPolygon& study, double r) {
    const access::Box b = access::Box::of(study);
    return {b.x0 - 3 * r, b.y0 - 3 * r, b.x1 + 3 * r, b.y1 + 3 * r};
  }
  const StopProposalInput& input_;
  const double r_;
  const std::vector<Site>& sites_;
  const StopScene& scene_;
  const ProposalObjective objective_;
  StopCells cells_;
  std::vector<XY> near_;
};

// The lazy greedy over the candidates' exact gains: fills the proposals, the target's state and the bounds.
// Progress from 30 % (first gains to 70 %, the choice to 100 %).
void choose_stops(const StopProposalInput& input, const ProposalOptions& options, double r,
                  const std::vector<Site>& sites, const std::vector<std::uint32_t>& ids, StopScene& scene,
                  proposals::Progress& report, StopProposalResult& out) {
  StopGain eval(input, r, sites, scene, options.objective);
  const bool by_area = options.objective == ProposalObjective::Area;
  const double total = by_area ? out.area_m2 : out.population_total;
  double covered_m2 = out.initial_covered_m2, covered_people = out.initial_population_covered;
  auto value = [&] { return by_area ? covered_m2 : covered_people; };
  auto reached = [&] {
    return options.target_ratio && total > 0 && value() >= (*options.target_ratio - 1e-9) * total;
  };
  auto commit = [&](std::uint32_t c, const proposals::Gain& g) {
    // g is the site's gain over the sites chosen so far (computed in this round).
    eval.add(input.candidates[c]);
    for (std::uint32_t k : sites[c].points) scene.point_covered[k] = 1;
    covered_m2 += g.area;
    covered_people += g.people;
    StopProposal sp;
    sp.candidate = c;
    sp.position = input.candidates[c];
    sp.gain_m2 = g.area;
    sp.gain_population = g.people;
    sp.covered_m2 = covered_m2;
    sp.area_ratio = out.area_m2 > 0 ? covered_m2 / out.area_m2 : 0;
    if (out.has_population) {
      sp.population_covered = covered_people;
      sp.population_ratio = out.population_total > 0 ? covered_people / out.population_total : 0.0;
    }
    out.proposals.push_back(sp);
    return reached();
  };
  const double start = by_area ? out.initial_covered_m2 : out.initial_population_covered;
  auto tick = [&](std::size_t initial, std::size_t steps) {
    if (initial < ids.size()) return report(0.3 + 0.4 * double(initial) / double(ids.size()));
    double done = 0;  // of the choice
    if (options.count) done = double(steps) / double(*options.count);
    if (options.target_ratio && total > 0) {
      const double goal = *options.target_ratio * total;
      if (goal > start) done = std::max(done, (value() - start) / (goal - start));
    }
    report(0.7 + 0.3 * std::min(1.0, done));
  };
  out.target_reached = reached();
  // Minimum gain worth a site: the rounding of the exact areas is far below a square centimetre.
  const double min_gain = by_area ? 1e-4 : 1e-9;
  proposals::GreedyRun run;
  if (!out.target_reached) {
    run = proposals::lazy_greedy(ids, eval, commit, value, options.count, min_gain, tick);
    out.target_reached = reached();
  }
  report(1);
  out.gain_evaluations = run.evaluations;
  out.upper_bound = out.target_reached && out.proposals.empty() ? value() : run.upper_bound;
  if (total > 0) out.upper_bound = std::min(out.upper_bound, total);  // nothing covers more than everything
  if (options.target_ratio)
    out.min_sites_needed =
        proposals::min_sites_for(start, (*options.target_ratio - 1e-9) * total, run.initial_keys_desc);
}

}  // namespace

StopProposalResult propose_stops(const StopProposalInput& input, const CoverageOptions& coverage,
                                 const ProposalOptions& options) {
  check_stop_input(input, coverage, options);
  // Progress: preparing the candidates' pieces (to 30 %), their first gains (to 70 %), the choice (to 100 %).
  proposals::Progress report(options);
  report(0);
  StopProposalResult out;
  measure_existing(input, coverage, out);
  StopScene scene;
  build_stop_scene(input, coverage, scene);
  std::vector<Site> sites;
  const std::vector<std::uint32_t> ids = candidate_sites(input, coverage.radius_m, scene, sites, report, out);
  choose_stops(input, options, coverage.radius_m, sites, ids, scene, report, out);
  return out;
}

std::vector<XY> points_along_network(const Network& network, double spacing_m) {
  std::vector<LineString> edges;
  edges.reserve(network.edge_count());
  for (std::uint32_t e = 0; e < network.edge_count(); ++e)
    edges.push_back({network.node(network.edge_from(e)), network.node(network.edge_to(e))});
  return points_along(edges, spacing_m);
}

std::vector<XY> points_along(const std::vector<LineString>& lines, double spacing_m) {
  if (!(spacing_m > 0) || !std::isfinite(spacing_m))
    throw UsageError("spacing must be a positive number of metres");
  std::vector<XY> out;
  for (const LineString& line : lines) {
    if (line.empty()) continue;
    double to_next = 0;  // distance along the line to the next point
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
      const XY a = line[i], b = line[i + 1];
      const double len = std::hypot(b.x - a.x, b.y - a.y);
      if (len == 0) continue;
      double t = to_next;
      while (t <= len) {
        out.push_back({a.x + (b.x - a.x) * t / len, a.y + (b.y - a.y) * t / len});
        t += spacing_m;
      }
      to_next = t - len;
    }
    if (to_next < spacing_m - 1e-9 || line.size() == 1) out.push_back(line.back());
  }
  // Drop repeats (lines sharing end points, a point landing on a vertex twice).
  std::vector<XY> unique;
  if (out.empty()) return unique;
  const access::PointGrid grid(out, std::max(spacing_m, 1.0));
  std::vector<char> dropped(out.size(), 0);
  for (std::uint32_t i = 0; i < out.size(); ++i) {
    if (dropped[i]) continue;
    unique.push_back(out[i]);
    grid.for_each_within(out[i], 1e-6, [&](std::uint32_t j) {
      if (j > i) dropped[j] = 1;
    });
  }
  return unique;
}

}  // namespace plan
