// A uniform grid over points, for "which points lie near here" queries in metric coordinates: each point
// listed once, in the cell it falls in (compressed rows: a start offset per cell into one index array).
// The library's grid for things that are indexed by one point each: stops and disk centres (coverage),
// capsules by the centres of their boxes (street_buffer.cpp, whose queries widen their box by the largest
// half-extent). Two other grids stay apart on purpose: SnapIndex copies each edge into every cell it
// crosses and searches rings of cells outward for the nearest one, and CapsuleUnion::polygons() hashes
// its end points into sparse cells a few micrometres wide, too fine for a dense grid over the extent.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "plan/geometry.hpp"

namespace plan::access {

// An axis-aligned bounding box; empty until a point is added.
struct Box {
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;

  void add(XY p) {
    x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  }
  bool empty() const { return !(x0 <= x1); }
  XY centre() const { return {(x0 + x1) / 2, (y0 + y1) / 2}; }
  // True when a disk of radius r around p may reach into the box (box test, conservative).
  bool near(XY p, double r) const { return p.x + r > x0 && p.x - r < x1 && p.y + r > y0 && p.y - r < y1; }

  static Box of(const std::vector<XY>& points) {
    Box b;
    for (const XY& p : points) b.add(p);
    return b;
  }
  // The box of the outer rings (holes lie inside them).
  static Box of(const MultiPolygon& polygons) {
    Box b;
    for (const Polygon& p : polygons)
      for (const XY& v : p.outer) b.add(v);
    return b;
  }
};

class PointGrid {
 public:
  // A grid over the points' own bounding box.
  PointGrid(const std::vector<XY>& points, double cell_m) : PointGrid(points, cell_m, Box::of(points)) {}
  PointGrid(const std::vector<XY>& points, double cell_m, const Box& b)
      : PointGrid(points, cell_m, b.empty() ? 0 : b.x0, b.empty() ? 0 : b.y0, b.empty() ? 0 : b.x1,
                  b.empty() ? 0 : b.y1) {}

  // `cell_m` is the preferred cell size; it grows when the extent would need more than ~4M cells.
  PointGrid(const std::vector<XY>& points, double cell_m, double min_x, double min_y, double max_x,
            double max_y)
      : points_(&points) {
    min_x_ = min_x;
    min_y_ = min_y;
    const double w = std::max(max_x - min_x, 1e-9), h = std::max(max_y - min_y, 1e-9);
    cell_ = std::max({cell_m, w / 2048, h / 2048, 1e-9});
    nx_ = static_cast<int>(w / cell_) + 1;
    ny_ = static_cast<int>(h / cell_) + 1;
    std::vector<std::uint32_t> counts(static_cast<std::size_t>(nx_) * ny_ + 1, 0);
    for (const XY& p : points) ++counts[cell_of(p) + 1];
    for (std::size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
    start_ = counts;
    items_.resize(points.size());
    for (std::uint32_t i = 0; i < points.size(); ++i) items_[counts[cell_of(points[i])]++] = i;
  }

  double cell_size() const { return cell_; }
  int column(double x) const { return std::clamp(static_cast<int>((x - min_x_) / cell_), 0, nx_ - 1); }
  int row(double y) const { return std::clamp(static_cast<int>((y - min_y_) / cell_), 0, ny_ - 1); }

  // Calls f(first, last) for every cell overlapping the box, row by row: the cell's point indices, in
  // ascending order, are [first, last).
  template <class F>
  void for_each_cell_in_box(double x0, double y0, double x1, double y1, F&& f) const {
    const int c0 = column(x0), c1 = column(x1), r0 = row(y0), r1 = row(y1);
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) {
        const std::size_t cell = static_cast<std::size_t>(r) * nx_ + c;
        f(items_.data() + start_[cell], items_.data() + start_[cell + 1]);
      }
  }

  // Calls f(index) for every point in the cells overlapping the box; callers filter by exact distance.
  template <class F>
  void for_each_in_box(double x0, double y0, double x1, double y1, F&& f) const {
    for_each_cell_in_box(x0, y0, x1, y1, [&](const std::uint32_t* first, const std::uint32_t* last) {
      for (; first != last; ++first) f(*first);
    });
  }

  // Calls f(index) for every point within `radius` of p.
  template <class F>
  void for_each_within(XY p, double radius, F&& f) const {
    const double r2 = radius * radius;
    for_each_in_box(p.x - radius, p.y - radius, p.x + radius, p.y + radius, [&](std::uint32_t i) {
      const double dx = (*points_)[i].x - p.x, dy = (*points_)[i].y - p.y;
      if (dx * dx + dy * dy <= r2) f(i);
    });
  }

 private:
  std::size_t cell_of(XY p) const { return static_cast<std::size_t>(row(p.y)) * nx_ + column(p.x); }

  const std::vector<XY>* points_;
  double min_x_ = 0, min_y_ = 0, cell_ = 1;
  int nx_ = 1, ny_ = 1;
  std::vector<std::uint32_t> start_;
  std::vector<std::uint32_t> items_;
};

}  // namespace plan::access
