#include "plan/geometry.hpp"

#include <cmath>
#include <numbers>

namespace plan {

const char* to_string(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Point:
      return "point";
    case GeometryKind::Line:
      return "line";
    case GeometryKind::Polygon:
      return "polygon";
  }
  return "?";
}

double signed_area_m2(const Ring& ring) {
  if (ring.size() < 3) return 0;
  // Shoelace with coordinates taken relative to the first vertex, so large projected coordinates
  // (UTM northings of millions of metres) do not cost precision.
  const XY o = ring.front();
  double twice = 0;
  for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
    const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
    const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
    twice += ax * by - bx * ay;
  }
  return twice / 2;
}

double area_m2(const Polygon& polygon) {
  double a = std::abs(signed_area_m2(polygon.outer));
  for (const Ring& h : polygon.holes) a -= std::abs(signed_area_m2(h));
  return a;
}

double area_m2(const MultiPolygon& polygons) {
  double a = 0;
  for (const Polygon& p : polygons) a += area_m2(p);
  return a;
}

Polygon circle_polygon(XY centre, double radius_m, int segments) {
  Polygon p;
  for (int i = 0; i < segments; ++i) {
    const double t = 2 * std::numbers::pi * i / segments;
    p.outer.push_back({centre.x + radius_m * std::cos(t), centre.y + radius_m * std::sin(t)});
  }
  p.outer.push_back(p.outer.front());
  return p;
}

Polygon rectangle(double min_x, double min_y, double max_x, double max_y) {
  return {{{min_x, min_y}, {max_x, min_y}, {max_x, max_y}, {min_x, max_y}, {min_x, min_y}}, {}};
}

}  // namespace plan
