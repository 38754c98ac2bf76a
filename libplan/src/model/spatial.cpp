#include "model/spatial.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "geom/geos.hpp"
#include "plan/error.hpp"
#include "plan/primitives.hpp"

namespace plan {

std::string layer_file(const std::string& plan_source, const std::string& layer) {
  if (std::filesystem::is_directory(plan_source))
    return (std::filesystem::path(plan_source) / (layer + ".geojson")).string();
  return plan_source;
}

namespace spatial {

namespace {

double ring_distance(const Ring& ring, XY p) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < ring.size(); ++i)
    best = std::min(best, distance_to_segment_m(p, ring[i - 1], ring[i]));
  return best;
}

}  // namespace

bool contains(const MultiPolygon& polygons, XY p) { return polygons_contain(polygons, p); }

double distance_to_polygons(const MultiPolygon& polygons, XY p) {
  if (contains(polygons, p)) return 0;
  double best = std::numeric_limits<double>::infinity();
  for (const Polygon& poly : polygons) {
    best = std::min(best, ring_distance(poly.outer, p));
    for (const Ring& h : poly.holes) best = std::min(best, ring_distance(h, p));
  }
  return best;
}

double distance_to_lines(const std::vector<LineString>& lines, XY p) {
  double best = std::numeric_limits<double>::infinity();
  for (const LineString& l : lines) {
    if (l.size() == 1) best = std::min(best, std::hypot(p.x - l[0].x, p.y - l[0].y));
    for (std::size_t i = 1; i < l.size(); ++i)
      best = std::min(best, distance_to_segment_m(p, l[i - 1], l[i]));
  }
  return best;
}

double length_m(const std::vector<LineString>& lines) {
  double total = 0;
  for (const LineString& l : lines)
    for (std::size_t i = 1; i < l.size(); ++i) total += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
  return total;
}

double length_within_m(const std::vector<LineString>& lines, const MultiPolygon& polygons) {
  if (lines.empty() || polygons.empty()) return 0;
  geom::GeosContext& ctx = geom::thread_context();
  Geometry g{GeometryKind::Line, {}, lines, {}};
  geom::GeomPtr a = geom::to_geos(ctx, g);
  geom::GeomPtr b = geom::to_geos(ctx, polygons);
  geom::GeomPtr cut = geom::own(ctx, GEOSIntersection_r(ctx.handle(), a.get(), b.get()), "line ∩ polygon");
  double length = 0;
  if (!GEOSLength_r(ctx.handle(), cut.get(), &length))
    throw Error("GEOS could not measure a length: " + ctx.last_error());
  return length;
}

double overlap_area_m2(const MultiPolygon& a, const MultiPolygon& b) {
  if (a.empty() || b.empty()) return 0;
  return area_m2(geom::intersection(a, b));
}

MultiPolygon dissolve(const MultiPolygon& polygons) {
  return geom::union_all(std::vector<Polygon>(polygons.begin(), polygons.end()));
}

}  // namespace spatial
}  // namespace plan
