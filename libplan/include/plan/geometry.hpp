// Plain geometry types of the public API. Coordinates are metres in a projected CRS unless a function
// says otherwise; no GEOS or GDAL type appears in a public header.
#pragma once

#include <vector>

namespace plan {

struct XY {
  double x = 0;
  double y = 0;
  friend bool operator==(const XY&, const XY&) = default;
};

// A closed ring: the first vertex is repeated at the end. Outer rings run counter-clockwise and holes
// clockwise once a geometry has been through the library (readers normalise the orientation).
using Ring = std::vector<XY>;

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

using MultiPolygon = std::vector<Polygon>;
using LineString = std::vector<XY>;

enum class GeometryKind { Point, Line, Polygon };

// A feature's geometry, flattened to one of three kinds. Multi-geometries keep all parts; a layer holds
// one kind only.
struct Geometry {
  GeometryKind kind = GeometryKind::Point;
  std::vector<XY> points;         // kind == Point: one or more points
  std::vector<LineString> lines;  // kind == Line: one or more line strings
  MultiPolygon polygons;          // kind == Polygon: one or more polygons

  static Geometry point(XY p) { return {GeometryKind::Point, {p}, {}, {}}; }
  static Geometry line(LineString l) { return {GeometryKind::Line, {}, {std::move(l)}, {}}; }
  static Geometry polygon(Polygon p) { return {GeometryKind::Polygon, {}, {}, {std::move(p)}}; }
  static Geometry multipolygon(MultiPolygon mp) { return {GeometryKind::Polygon, {}, {}, std::move(mp)}; }
  bool empty() const { return points.empty() && lines.empty() && polygons.empty(); }
};

const char* to_string(GeometryKind kind);

// Signed area of a ring by the shoelace formula (positive when counter-clockwise), in CRS units squared.
double signed_area_m2(const Ring& ring);
// Area of a polygon (outer minus holes) and of a multipolygon, assuming valid, non-overlapping parts.
double area_m2(const Polygon& polygon);
double area_m2(const MultiPolygon& polygons);

// The largest coordinate magnitude the library measures with: 10⁹ m is 25 times the Earth's circumference, so
// anything beyond it (or NaN, or infinite) is not a position in a metric CRS but broken data, and is refused
// with an error naming the feature rather than measured into a wrong figure.
inline constexpr double kMaxCoordinate_m = 1e9;
// True when both coordinates are finite and within ±kMaxCoordinate_m.
inline bool usable_coordinate(XY p) {
  return p.x >= -kMaxCoordinate_m && p.x <= kMaxCoordinate_m && p.y >= -kMaxCoordinate_m &&
         p.y <= kMaxCoordinate_m;
}

// A regular polygon with `segments` vertices inscribed in the circle (centre, radius): a test and display
// helper, never used to measure coverage.
Polygon circle_polygon(XY centre, double radius_m, int segments);
// Axis-aligned rectangle, counter-clockwise.
Polygon rectangle(double min_x, double min_y, double max_x, double max_y);

}  // namespace plan
