// Grid cells lying wholly inside some disk of a set of equal disks: a cheap certificate that a circle is
// buried in the union of the other disks, so that its arcs need not be computed.
//
// A cell is deep when its farthest corner is closer than r·(1 − 1e-7) to some centre, so every point of it
// lies strictly inside that disk, by a margin far above rounding. A circle is buried when every cell that
// may meet it is deep: every point of the circle then lies strictly inside another disk (a cell meeting
// circle i holds a point at distance ≥ r from c_i, so its own disk cannot make it deep), and the circle
// has no uncovered arc. Dense stop sets (a city centre) bury most circles; only those near the union's
// boundary remain to be swept.
//
// The same holds for regular polygons inscribed in the circles (the output's circles): their boundary lies
// between r·cos(π/n) and r from the centre, so with `inscribed = cos(π/n)` a cell is deep when inside
// r·cos(π/n) of a centre and a polygon is buried when the cells meeting that annulus are all deep.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "access/point_grid.hpp"
#include "plan/geometry.hpp"

namespace plan::access {

class DeepCells {
 public:
  // `cell_fraction`: the cell side as a fraction of r (smaller finds more buried circles, costs more).
  // `inscribed`: 1 for circles, cos(π/n) for n-gons inscribed in them.
  DeepCells(const std::vector<XY>& centres, double r, double inscribed = 1, double cell_fraction = 0.25)
      : r_(r), inner_(r * inscribed) {
    const Box b = Box::of(centres);
    if (b.empty() || !(r > 0)) return;
    // A margin of one cell beyond the disks, and at most ~4M cells however far apart the centres are.
    const double w = b.x1 - b.x0 + 2 * r, h = b.y1 - b.y0 + 2 * r;
    cell_ = std::max({r * cell_fraction, w / 2048, h / 2048});
    x0_ = b.x0 - r - cell_;
    y0_ = b.y0 - r - cell_;
    nx_ = static_cast<int>(w / cell_) + 3;
    ny_ = static_cast<int>(h / cell_) + 3;
    deep_.assign(static_cast<std::size_t>(nx_) * ny_, 0);
    const double deep = inner_ * (1 - 1e-7);
    for (const XY& c : centres) mark_deep(c, deep);
  }

  // True when every point of the circle (or polygon) around c lies strictly inside another disk (polygon)
  // of the set. c must be one of the centres the grid was built from.
  bool buried(XY c) const {
    if (deep_.empty()) return false;
    // Cells that may meet the boundary (nearest point within r, farthest corner beyond the inner radius),
    // generously.
    const double lo = inner_ * (1 - 1e-9), hi = r_ * (1 + 1e-9), lo2 = lo * lo, hi2 = hi * hi;
    bool all_deep = true;
    for_each_cell(c, [&](int ix, int iy, double cx0, double cy0) {
      if (!all_deep || deep_[index(ix, iy)]) return;
      const double nx = std::max({cx0 - c.x, c.x - (cx0 + cell_), 0.0});
      const double ny = std::max({cy0 - c.y, c.y - (cy0 + cell_), 0.0});
      const double fx = std::max(std::abs(cx0 - c.x), std::abs(cx0 + cell_ - c.x));
      const double fy = std::max(std::abs(cy0 - c.y), std::abs(cy0 + cell_ - c.y));
      if (nx * nx + ny * ny <= hi2 && fx * fx + fy * fy >= lo2) all_deep = false;
    });
    return all_deep;
  }

 private:
  std::size_t index(int ix, int iy) const { return static_cast<std::size_t>(iy) * nx_ + ix; }

  // Marks the cells whose farthest corner is closer than `deep` to c, row by row: the row's farther edge
  // gives the half-width of the span, whose end cells are then checked exactly (rounding can only leave a
  // deep cell unmarked, which costs a sweep, never marks one that is not).
  void mark_deep(XY c, double deep) {
    const int iy0 = std::clamp(static_cast<int>((c.y - deep - y0_) / cell_), 0, ny_ - 1);
    const int iy1 = std::clamp(static_cast<int>((c.y + deep - y0_) / cell_), 0, ny_ - 1);
    const double deep2 = deep * deep;
    for (int iy = iy0; iy <= iy1; ++iy) {
      const double cy0 = y0_ + iy * cell_;
      const double fy = std::max(std::abs(cy0 - c.y), std::abs(cy0 + cell_ - c.y));
      if (fy >= deep) continue;
      const double w = std::sqrt(deep2 - fy * fy);
      int ix0 = std::max(0, static_cast<int>(std::ceil((c.x - w - x0_) / cell_)));
      int ix1 = std::min(nx_ - 1, static_cast<int>(std::floor((c.x + w - x0_) / cell_)) - 1);
      auto inside = [&](int ix) {
        const double cx0 = x0_ + ix * cell_;
        const double fx = std::max(std::abs(cx0 - c.x), std::abs(cx0 + cell_ - c.x));
        return fx * fx + fy * fy < deep2;
      };
      while (ix0 <= ix1 && !inside(ix0)) ++ix0;
      while (ix1 >= ix0 && !inside(ix1)) --ix1;
      if (ix0 <= ix1) std::fill(deep_.begin() + index(ix0, iy), deep_.begin() + index(ix1, iy) + 1, 1);
    }
  }

  // Calls f(ix, iy, x0, y0) for the cells overlapping the disk's bounding box (x0, y0: the cell's corner).
  template <class F>
  void for_each_cell(XY c, F&& f) const {
    const int ix0 = std::clamp(static_cast<int>((c.x - r_ - x0_) / cell_), 0, nx_ - 1);
    const int ix1 = std::clamp(static_cast<int>((c.x + r_ - x0_) / cell_), 0, nx_ - 1);
    const int iy0 = std::clamp(static_cast<int>((c.y - r_ - y0_) / cell_), 0, ny_ - 1);
    const int iy1 = std::clamp(static_cast<int>((c.y + r_ - y0_) / cell_), 0, ny_ - 1);
    for (int iy = iy0; iy <= iy1; ++iy)
      for (int ix = ix0; ix <= ix1; ++ix) f(ix, iy, x0_ + ix * cell_, y0_ + iy * cell_);
  }

  double r_ = 0, inner_ = 0, cell_ = 1, x0_ = 0, y0_ = 0;
  int nx_ = 0, ny_ = 0;
  std::vector<std::uint8_t> deep_;
};

}  // namespace plan::access
