// Geometry primitives on plain coordinates: point in ring, point in polygon, point to segment. The one
// home of these tests for the library, the CLI and the viewer; inline because they sit in inner loops
// (picking, snapping, hole assignment).
//
//   plan::ring_contains(plan::rectangle(0, 0, 2, 2).outer, {1, 1});           // true
//   plan::distance_to_segment_m({1, 1}, {0, 0}, {2, 0});                    // 1
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "plan/geometry.hpp"

namespace plan {

// Even-odd (crossing-number) test: true when a ray from p towards +x crosses the ring's edges an odd number
// of times. The ring may be closed (first vertex repeated) or not; the edge from the last vertex back to
// the first is tested either way, and a repeated vertex adds a zero-length edge that crosses nothing. A
// ring of fewer than three distinct vertices contains nothing. Points exactly on the boundary may go
// either way (W. Randolph Franklin's PNPOLY rule: half-open in y, strict in x).
inline bool ring_contains(const Ring& ring, XY p) {
  bool in = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const XY a = ring[i], b = ring[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}

// True when p lies inside the outer ring and inside none of the holes (a point in a hole is outside).
inline bool polygon_contains(const Polygon& polygon, XY p) {
  if (!ring_contains(polygon.outer, p)) return false;
  for (const Ring& h : polygon.holes)
    if (ring_contains(h, p)) return false;
  return true;
}

// True when some polygon of the set contains p.
inline bool polygons_contain(const MultiPolygon& polygons, XY p) {
  return std::any_of(polygons.begin(), polygons.end(),
                     [&](const Polygon& poly) { return polygon_contains(poly, p); });
}

// The parameter t in [0, 1] of the point of segment ab nearest to p (a + t·(b − a)); 0 when a == b.
inline double closest_on_segment_t(XY p, XY a, XY b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  const double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  return std::clamp(t, 0.0, 1.0);
}

// Euclidean distance from p to the segment ab (to a when a == b), in the coordinates' unit (metres in a
// projected CRS).
inline double distance_to_segment_m(XY p, XY a, XY b) {
  const double t = closest_on_segment_t(p, a, b);
  return std::hypot(p.x - (a.x + t * (b.x - a.x)), p.y - (a.y + t * (b.y - a.y)));
}

}  // namespace plan
