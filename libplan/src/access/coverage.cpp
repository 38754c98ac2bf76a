#include "plan/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "access/deep_cells.hpp"
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

// Whether p lies inside the ring (crossing number; p is not expected on the ring).
bool ring_contains(const Ring& ring, XY p) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const XY a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

// A point just inside a ring, next to the middle of its longest edge: inside the region the ring bounds
// and outside any island within it (islands do not touch the ring).
XY point_just_inside(const Ring& ring) {
  std::size_t longest = 0;
  double len2 = -1;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const double dx = ring[i + 1].x - ring[i].x, dy = ring[i + 1].y - ring[i].y;
    if (dx * dx + dy * dy > len2) len2 = dx * dx + dy * dy, longest = i;
  }
  const XY a = ring[longest], b = ring[longest + 1];
  // Counter-clockwise rings enclose what lies to the left of their edges, clockwise ones to the right.
  const double side = signed_area_m2(ring) > 0 ? 1e-3 : -1e-3;
  return {(a.x + b.x) / 2 - side * (b.y - a.y), (a.y + b.y) / 2 + side * (b.x - a.x)};
}

// The union of all the polygons, given the union of those not buried (`kept`) and the buried centres.
// Buried polygons add no boundary, so each hole of `kept` is either wholly covered by them (filled) or
// wholly open (a hole of the whole union): one point decides. A point of a filled hole lies within the
// inscribed circle of a buried polygon (outside those circles the buried polygons lie in deep cells, each
// inside the inscribed circle of another polygon, which cannot be a kept one there). Filling a hole merges
// the polygons inside it into the polygon around it, with their open holes.
MultiPolygon fill_buried_holes(const MultiPolygon& kept, const std::vector<XY>& buried, double r_inside) {
  if (buried.empty()) return kept;
  const access::PointGrid grid(buried, r_inside);
  auto covered = [&](XY p) {
    bool hit = false;
    grid.for_each_within(p, r_inside, [&](std::uint32_t) { hit = true; });
    return hit;
  };
  struct Hole {
    std::size_t owner, index;
    Box box;
    double area;
    bool filled;
  };
  std::vector<Hole> holes;
  for (std::size_t p = 0; p < kept.size(); ++p)
    for (std::size_t h = 0; h < kept[p].holes.size(); ++h) {
      const Ring& ring = kept[p].holes[h];
      holes.push_back(
          {p, h, Box::of(ring), std::abs(signed_area_m2(ring)), covered(point_just_inside(ring))});
    }
  // The polygon each polygon merges into: itself, or (through a filled hole) the one around it.
  std::vector<std::size_t> parent(kept.size());
  for (std::size_t p = 0; p < kept.size(); ++p) {
    parent[p] = p;
    const XY v = kept[p].outer.front();
    const Hole* innermost = nullptr;
    for (const Hole& h : holes)
      if (h.owner != p && v.x >= h.box.x0 && v.x <= h.box.x1 && v.y >= h.box.y0 && v.y <= h.box.y1 &&
          (!innermost || h.area < innermost->area) && ring_contains(kept[h.owner].holes[h.index], v))
        innermost = &h;
    if (innermost && innermost->filled) parent[p] = innermost->owner;
  }
  auto root = [&](std::size_t p) {
    for (std::size_t steps = 0; parent[p] != p && steps < parent.size(); ++steps) p = parent[p];
    return p;
  };
  MultiPolygon out(kept.size());
  for (std::size_t p = 0; p < kept.size(); ++p)
    if (root(p) == p) out[p].outer = kept[p].outer;
  for (const Hole& h : holes)
    if (!h.filled) out[root(h.owner)].holes.push_back(kept[h.owner].holes[h.index]);
  std::erase_if(out, [](const Polygon& p) { return p.outer.empty(); });
  return out;
}

// The covered area as polygons: circles (as regular polygons) unioned and clipped. For display and export
// only; the measured areas come from the exact computation. The circles are the capsules of zero-length
// segments, so the capsule union merges them without GEOS's overlay of thousands of polygons; GEOS only
// clips the result (and unites the circles itself should the capsule union give up on degenerate input).
// Polygons buried in their neighbours (access::DeepCells) are left out of the capsule union and only fill
// the holes they cover.
MultiPolygon covered_polygons(const std::vector<XY>& centres, double r, int per_quadrant,
                              const MultiPolygon& area) {
  const Box box = Box::of(area);
  std::vector<XY> near;
  for (const XY& c : centres)
    if (box.near(c, r)) near.push_back(c);
  if (near.empty()) return {};
  if (per_quadrant <= 64) {  // the capsule union draws circles of up to 256 segments
    const double inscribed = std::cos(std::numbers::pi / (4 * per_quadrant));
    const access::DeepCells deep(near, r, inscribed);
    std::vector<access::Segment> kept;
    std::vector<XY> buried;
    for (const XY& c : near)
      if (deep.buried(c))
        buried.push_back(c);
      else
        kept.push_back({c, c});
    access::CapsuleUnion disks(r, per_quadrant);
    disks.add(kept);
    if (std::optional<MultiPolygon> merged = disks.polygons())
      return geom::intersection(fill_buried_holes(*merged, buried, r * inscribed), area);
  }
  std::vector<Polygon> circles;
  for (const XY& c : near) circles.push_back(circle_polygon(c, r, 4 * per_quadrant));
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
