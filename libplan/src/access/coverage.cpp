#include "plan/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "access/point_grid.hpp"
#include "access/street_buffer.hpp"
#include "geom/geos.hpp"
#include "plan/error.hpp"

namespace plan {

namespace {

using access::Box;

std::vector<XY> centres_near(const std::vector<XY>& centres, const Box& box, double r) {
  std::vector<XY> out;
  for (const XY& c : centres)
    if (box.near(c, r)) out.push_back(c);
  return out;
}

std::size_t count_distinct(std::vector<XY> pts) {
  std::sort(pts.begin(), pts.end(), [](XY a, XY b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  return static_cast<std::size_t>(std::unique(pts.begin(), pts.end()) - pts.begin());
}

// The covered area as polygons: circles (as regular polygons) unioned and clipped. For display and export
// only; the measured areas come from the exact computation. The circles are the capsules of zero-length
// segments, so the capsule union merges them without GEOS's overlay of thousands of polygons; GEOS only
// clips the result (and unites the circles itself should the capsule union give up on degenerate input).
MultiPolygon covered_polygons(const std::vector<XY>& centres, double r, int per_quadrant,
                              const MultiPolygon& area) {
  const Box box = Box::of(area);
  std::vector<access::Segment> points;
  for (const XY& c : centres)
    if (box.near(c, r)) points.push_back({c, c});
  if (points.empty()) return {};
  if (per_quadrant <= 64) {  // the capsule union draws circles of up to 256 segments
    access::CapsuleUnion disks(r, per_quadrant);
    disks.add(points);
    if (std::optional<MultiPolygon> merged = disks.polygons()) return geom::intersection(*merged, area);
  }
  std::vector<Polygon> circles;
  for (const access::Segment& p : points) circles.push_back(circle_polygon(p.a, r, 4 * per_quadrant));
  return geom::intersection(geom::union_all(circles), area);
}

// Refuses NaN, infinite and absurdly large coordinates: unchecked, a NaN stop measures as uncovered and a NaN
// vertex drops out of an area, so broken data would come back as a plausible percentage.
void check_coordinates(const std::vector<XY>& points, const char* what, std::size_t index) {
  for (const XY& p : points)
    if (!usable_coordinate(p))
      throw UsageError(std::string(what) + " " + std::to_string(index) +
                       " has a coordinate that is not a finite number within ±1e9 m (" + std::to_string(p.x) +
                       ", " + std::to_string(p.y) + ")");
}

void check_coordinates(const Polygon& polygon, const char* what, std::size_t index) {
  check_coordinates(polygon.outer, what, index);
  for (const Ring& h : polygon.holes) check_coordinates(h, what, index);
}

// Refuses polygons that are not valid (unclosed or too short rings, self-intersections, holes outside their
// shell): the exact area integral and the shoelace denominator disagree on them, which gave ratios above 1.
// read_layer repairs such polygons (MakeValid) before they get here.
void check_valid(const Polygon& polygon, const char* what, std::size_t index) {
  auto refuse = [&](const std::string& why) {
    throw UsageError(std::string(what) + " " + std::to_string(index) + " is not a valid polygon (" + why +
                     ")");
  };
  auto ring_ok = [](const Ring& r) { return r.size() >= 4 && r.front() == r.back(); };
  if (!ring_ok(polygon.outer)) refuse("its outer ring is not closed or has fewer than 4 vertices");
  for (const Ring& h : polygon.holes)
    if (!ring_ok(h)) refuse("a hole is not closed or has fewer than 4 vertices");
  geom::GeosContext& ctx = geom::thread_context();
  geom::GeomPtr g = geom::to_geos(ctx, polygon);
  if (GEOSisValid_r(ctx.handle(), g.get()) == 1) return;
  char* reason = GEOSisValidReason_r(ctx.handle(), g.get());
  const std::string why = reason ? reason : "invalid";
  GEOSFree_r(ctx.handle(), reason);
  refuse(why);
}

// Every coordinate finite and within range, every polygon valid: refused with the input's kind and index.
void check_inputs(const CoverageInput& input) {
  for (std::size_t i = 0; i < input.stops.size(); ++i) check_coordinates({input.stops[i]}, "stop", i);
  for (std::size_t i = 0; i < input.area.size(); ++i) {
    check_coordinates(input.area[i], "study-area polygon", i);
    check_valid(input.area[i], "study-area polygon", i);
  }
  for (std::size_t i = 0; i < input.exclusions.size(); ++i) {
    check_coordinates(input.exclusions[i], "exclusion", i);
    check_valid(input.exclusions[i], "exclusion", i);
  }
  for (std::size_t i = 0; i < input.population_polygons.size(); ++i) {
    check_coordinates(input.population_polygons[i].polygon, "population polygon", i);
    check_valid(input.population_polygons[i].polygon, "population polygon", i);
  }
  for (std::size_t i = 0; i < input.population_points.size(); ++i)
    check_coordinates({input.population_points[i].position}, "population point", i);
}

// Population: polygons spread their people evenly over their own area; the part inside the study area
// counts towards the total, the part inside it and within reach towards the covered figure. Points count
// whole, inside the study area, covered when within r of a stop.
void count_population(const CoverageInput& input, const MultiPolygon& study, double r, CoverageResult& out) {
  for (const PopulationPolygon& pp : input.population_polygons) {
    if (pp.population < 0 || !std::isfinite(pp.population))
      throw UsageError("population must be a non-negative number");
    out.has_population = true;
    const double own_m2 = area_m2(pp.polygon);
    if (own_m2 <= 0 || pp.population == 0) continue;
    const MultiPolygon part = geom::intersection({pp.polygon}, study);
    if (part.empty()) continue;
    const double density = pp.population / own_m2;
    out.population_total += density * area_m2(part);
    out.population_covered +=
        density * disk_union_area_within(centres_near(input.stops, Box::of(part), r), r, part);
  }
  if (!input.population_points.empty()) {
    out.has_population = true;
    geom::GeosContext& ctx = geom::thread_context();
    geom::GeomPtr study_geom = geom::to_geos(ctx, study);
    geom::PreparedPtr prepared = geom::prepare(ctx, study_geom.get());
    std::optional<access::PointGrid> grid;
    if (!input.stops.empty()) grid.emplace(input.stops, 2 * r);
    for (const PopulationPoint& pp : input.population_points) {
      if (pp.population < 0 || !std::isfinite(pp.population))
        throw UsageError("population must be a non-negative number");
      geom::GeomPtr pt =
          geom::own(ctx, GEOSGeom_createPointFromXY_r(ctx.handle(), pp.position.x, pp.position.y), "point");
      if (GEOSPreparedIntersects_r(ctx.handle(), prepared.get(), pt.get()) != 1) continue;
      out.population_total += pp.population;
      bool reached = false;
      if (grid) grid->for_each_within(pp.position, r, [&](std::uint32_t) { reached = true; });
      if (reached) out.population_covered += pp.population;
    }
  }
}

}  // namespace

MultiPolygon study_area(const MultiPolygon& area, const std::vector<Polygon>& exclusions,
                        double exclusion_min_area_m2, std::size_t* removed_count) {
  std::vector<Polygon> removed;
  for (const Polygon& e : exclusions)
    if (area_m2(e) > exclusion_min_area_m2) removed.push_back(e);
  if (removed_count) *removed_count = removed.size();
  return removed.empty() ? area : geom::difference(area, geom::union_all(removed));
}

CoverageResult compute_coverage(const CoverageInput& input, const CoverageOptions& options) {
  if (!(options.radius_m > 0) || !std::isfinite(options.radius_m))
    throw UsageError("radius must be a positive number of metres, got " + std::to_string(options.radius_m));
  if (options.exclusion_min_area_m2 < 0) throw UsageError("exclusion minimum area must not be negative");
  const double r = options.radius_m;
  check_inputs(input);

  CoverageResult out;
  out.radius_m = r;
  out.definition =
      "area-based straight-line coverage (national transit-metropolis indicator): area of the union of " +
      std::to_string(static_cast<int>(std::lround(r))) +
      " m circles around stops within the study area, after removing exclusion polygons larger than " +
      std::to_string(options.exclusion_min_area_m2 / 1e6).substr(0, 4) + " km², divided by that area";
  out.stops_used = count_distinct(input.stops);

  const double gross_m2 = area_m2(input.area);
  const MultiPolygon study =
      study_area(input.area, input.exclusions, options.exclusion_min_area_m2, &out.exclusions_removed);
  out.area_m2 = area_m2(study);
  out.excluded_m2 = std::max(0.0, gross_m2 - out.area_m2);

  out.covered_m2 = disk_union_area_within(input.stops, r, study);
  out.area_ratio = out.area_m2 > 0 ? out.covered_m2 / out.area_m2 : 0;

  count_population(input, study, r, out);
  if (out.has_population)
    out.population_ratio = out.population_total > 0 ? out.population_covered / out.population_total : 0.0;

  if (options.want_polygons) {
    out.covered = covered_polygons(input.stops, r, options.polygon_segments_per_quadrant, study);
    out.gaps = geom::difference(study, out.covered);
  }
  return out;
}

}  // namespace plan
