// The map view: which part of the metric plane the canvas shows. Plain maths, no GL, so it is unit tested.
// World coordinates are metres in the scene's projected CRS (x east, y north); screen coordinates are
// pixels from the canvas's top-left corner (x right, y down).
#pragma once

#include <limits>

#include "plan/geometry.hpp"

namespace viewer {

struct BBox {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const { return min_x > max_x || min_y > max_y; }
  void add(plan::XY p);
  void add(const BBox& b);
  bool contains(plan::XY p) const { return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y; }
  bool intersects(const BBox& b) const {
    return !(b.min_x > max_x || b.max_x < min_x || b.min_y > max_y || b.max_y < min_y);
  }
  BBox expanded(double margin) const {
    return {min_x - margin, min_y - margin, max_x + margin, max_y + margin};
  }
  double width() const { return max_x - min_x; }
  double height() const { return max_y - min_y; }
};

struct ScreenXY {
  double x = 0;
  double y = 0;
};

struct MapView {
  plan::XY centre;               // world point at the canvas centre
  double metres_per_pixel = 10;  // zoom; larger shows more
  double width_px = 1280;
  double height_px = 800;

  ScreenXY to_screen(plan::XY world) const;
  plan::XY to_world(ScreenXY screen) const;
  // The world rectangle the canvas shows.
  BBox visible() const;
  // Moves the map with the mouse: a drag of (dx, dy) pixels keeps the grabbed point under the cursor.
  void pan_pixels(double dx_px, double dy_px);
  // Multiplies the zoom by `factor` (> 1 zooms in) keeping the world point under `anchor` fixed.
  // The scale stays within [min, max] metres per pixel.
  void zoom_about(ScreenXY anchor, double factor, double min_mpp = 0.01, double max_mpp = 1e6);
  // Centres `box` and picks the scale that shows it whole with `margin_px` free on every side.
  // An empty or degenerate box (a single point) keeps a sensible scale.
  void fit(const BBox& box, double margin_px = 24);
};

// How far, in screen pixels (x right, y down), an image drawn for `drawn` must be shifted to show `now`:
// every world point's screen position in `now` is its position in `drawn` plus the shift. Only a pan is
// a shift; the caller checks that both views have the same scale and size.
ScreenXY image_shift_px(const MapView& drawn, const MapView& now);

// A scale-bar length of 1, 2 or 5 × 10^n metres that is at most `max_px` pixels long at this zoom.
double nice_scale_length_m(double metres_per_pixel, double max_px);
// "500 m", "2 km", "1.5 km".
const char* format_distance(double metres, char* buffer, int size);

}  // namespace viewer
