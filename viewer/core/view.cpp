#include "view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace viewer {

void BBox::add(plan::XY p) {
  min_x = std::min(min_x, p.x);
  min_y = std::min(min_y, p.y);
  max_x = std::max(max_x, p.x);
  max_y = std::max(max_y, p.y);
}

void BBox::add(const BBox& b) {
  if (b.empty()) return;
  add(plan::XY{b.min_x, b.min_y});
  add(plan::XY{b.max_x, b.max_y});
}

ScreenXY MapView::to_screen(plan::XY w) const {
  return {(w.x - centre.x) / metres_per_pixel + width_px / 2,
          (centre.y - w.y) / metres_per_pixel + height_px / 2};
}

plan::XY MapView::to_world(ScreenXY s) const {
  return {centre.x + (s.x - width_px / 2) * metres_per_pixel,
          centre.y - (s.y - height_px / 2) * metres_per_pixel};
}

BBox MapView::visible() const {
  const double hw = width_px / 2 * metres_per_pixel, hh = height_px / 2 * metres_per_pixel;
  return {centre.x - hw, centre.y - hh, centre.x + hw, centre.y + hh};
}

void MapView::pan_pixels(double dx_px, double dy_px) {
  centre.x -= dx_px * metres_per_pixel;
  centre.y += dy_px * metres_per_pixel;
}

void MapView::zoom_about(ScreenXY anchor, double factor, double min_mpp, double max_mpp) {
  if (!(factor > 0)) return;
  const plan::XY before = to_world(anchor);
  metres_per_pixel = std::clamp(metres_per_pixel / factor, min_mpp, max_mpp);
  const plan::XY after = to_world(anchor);
  centre.x += before.x - after.x;
  centre.y += before.y - after.y;
}

void MapView::fit(const BBox& box, double margin_px) {
  if (box.empty()) return;
  centre = {(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
  const double usable_w = std::max(1.0, width_px - 2 * margin_px),
               usable_h = std::max(1.0, height_px - 2 * margin_px);
  const double mpp = std::max(box.width() / usable_w, box.height() / usable_h);
  // A single point (or a layer of points on one spot) has no extent: show 1 km around it.
  metres_per_pixel = mpp > 0 ? mpp : 1000.0 / std::max(1.0, std::min(usable_w, usable_h));
}

ScreenXY image_shift_px(const MapView& drawn, const MapView& now) {
  return {(drawn.centre.x - now.centre.x) / now.metres_per_pixel,
          (now.centre.y - drawn.centre.y) / now.metres_per_pixel};
}

double nice_scale_length_m(double metres_per_pixel, double max_px) {
  const double max_m = metres_per_pixel * max_px;
  if (!(max_m > 0)) return 0;
  double base = std::pow(10.0, std::floor(std::log10(max_m)));
  for (double step : {5.0, 2.0, 1.0})
    if (step * base <= max_m) return step * base;
  return base;  // unreachable: base ≤ max_m by construction
}

const char* format_distance(double metres, char* buffer, int size) {
  if (metres >= 1000)
    std::snprintf(buffer, size, "%g km", metres / 1000);
  else
    std::snprintf(buffer, size, "%g m", metres);
  return buffer;
}

}  // namespace viewer
