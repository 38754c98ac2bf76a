#include "picking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace viewer {

double distance_to_segment(plan::XY p, plan::XY a, plan::XY b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

namespace {
bool ring_crossings_odd(const plan::Ring& r, plan::XY p) {
  bool inside = false;
  for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
    const plan::XY a = r[i], b = r[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
}  // namespace

bool polygon_contains(const plan::Polygon& polygon, plan::XY p) {
  if (polygon.outer.size() < 3 || !ring_crossings_odd(polygon.outer, p)) return false;
  for (const plan::Ring& h : polygon.holes)
    if (h.size() >= 3 && ring_crossings_odd(h, p)) return false;
  return true;
}

std::optional<Pick> pick(const std::vector<const plan::Layer*>& top_first, plan::XY at, double tolerance_m) {
  for (std::size_t l = 0; l < top_first.size(); ++l) {
    const plan::Layer& layer = *top_first[l];
    std::optional<Pick> best;
    double best_area = std::numeric_limits<double>::infinity();
    for (std::size_t f = 0; f < layer.features.size(); ++f) {
      const plan::Geometry& g = layer.features[f].geometry;
      double d = std::numeric_limits<double>::infinity();
      for (const plan::XY& p : g.points) d = std::min(d, std::hypot(p.x - at.x, p.y - at.y));
      for (const plan::LineString& line : g.lines)
        for (std::size_t i = 1; i < line.size(); ++i)
          d = std::min(d, distance_to_segment(at, line[i - 1], line[i]));
      if (d <= tolerance_m && (!best || d < best->distance_m)) best = Pick{l, f, d};
      for (const plan::Polygon& poly : g.polygons) {
        if (!polygon_contains(poly, at)) continue;
        const double a = plan::area_m2(poly);
        if (!best || (best->distance_m == 0 && a < best_area)) {
          best = Pick{l, f, 0};
          best_area = a;
        }
      }
    }
    if (best) return best;
  }
  return std::nullopt;
}

}  // namespace viewer
