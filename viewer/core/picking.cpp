#include "picking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plan/primitives.hpp"

namespace viewer {

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
          d = std::min(d, plan::distance_to_segment_m(at, line[i - 1], line[i]));
      if (d <= tolerance_m && (!best || d < best->distance_m)) best = Pick{l, f, d};
      for (const plan::Polygon& poly : g.polygons) {
        if (!plan::polygon_contains(poly, at)) continue;
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
