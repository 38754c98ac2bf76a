// The map view transform: screen ↔ world, pan, zoom about the cursor, fit, scale bar.
#include "view.hpp"

#include <gtest/gtest.h>

using viewer::BBox;
using viewer::MapView;

namespace {
MapView view_800x600(plan::XY centre, double mpp) {
  MapView v;
  v.centre = centre;
  v.metres_per_pixel = mpp;
  v.width_px = 800;
  v.height_px = 600;
  return v;
}
}  // namespace

TEST(MapView, CanvasCentreShowsTheViewCentreAndNorthIsUp) {
  const MapView v = view_800x600({500000, 3900000}, 10);
  const auto c = v.to_screen({500000, 3900000});
  EXPECT_DOUBLE_EQ(c.x, 400);
  EXPECT_DOUBLE_EQ(c.y, 300);
  // 1 km east and 1 km north: 100 px right and 100 px up (screen y grows downwards).
  const auto ne = v.to_screen({501000, 3901000});
  EXPECT_DOUBLE_EQ(ne.x, 500);
  EXPECT_DOUBLE_EQ(ne.y, 200);
}

TEST(MapView, ScreenToWorldInvertsWorldToScreen) {
  const MapView v = view_800x600({123456.5, 3456789.25}, 3.7);
  for (plan::XY w : {plan::XY{123000, 3456000}, plan::XY{124999.9, 3457001.1}}) {
    const plan::XY back = v.to_world(v.to_screen(w));
    EXPECT_NEAR(back.x, w.x, 1e-6);
    EXPECT_NEAR(back.y, w.y, 1e-6);
  }
}

TEST(MapView, ZoomKeepsThePointUnderTheCursorFixed) {
  MapView v = view_800x600({0, 0}, 10);
  const viewer::ScreenXY cursor{650, 120};
  const plan::XY before = v.to_world(cursor);
  v.zoom_about(cursor, 2.0);
  EXPECT_DOUBLE_EQ(v.metres_per_pixel, 5);
  const plan::XY after = v.to_world(cursor);
  EXPECT_NEAR(after.x, before.x, 1e-9);
  EXPECT_NEAR(after.y, before.y, 1e-9);
}

TEST(MapView, ZoomStaysWithinItsLimits) {
  MapView v = view_800x600({0, 0}, 1);
  v.zoom_about({400, 300}, 1000, 0.5, 100);
  EXPECT_DOUBLE_EQ(v.metres_per_pixel, 0.5);
  v.zoom_about({400, 300}, 1e-6, 0.5, 100);
  EXPECT_DOUBLE_EQ(v.metres_per_pixel, 100);
}

TEST(MapView, DraggingMovesTheGrabbedPointWithTheCursor) {
  MapView v = view_800x600({1000, 2000}, 2);
  const viewer::ScreenXY grab{100, 100};
  const plan::XY grabbed = v.to_world(grab);
  v.pan_pixels(30, -20);
  const auto now = v.to_screen(grabbed);
  EXPECT_NEAR(now.x, 130, 1e-9);
  EXPECT_NEAR(now.y, 80, 1e-9);
}

TEST(MapView, FitShowsTheWholeBoxCentredWithItsMargin) {
  MapView v = view_800x600({0, 0}, 1);
  const BBox box{1000, 5000, 21000, 10000};  // 20 km × 5 km: the width decides
  v.fit(box, 50);
  EXPECT_DOUBLE_EQ(v.centre.x, 11000);
  EXPECT_DOUBLE_EQ(v.centre.y, 7500);
  EXPECT_DOUBLE_EQ(v.metres_per_pixel, 20000.0 / 700);
  const auto lo = v.to_screen({box.min_x, box.min_y}), hi = v.to_screen({box.max_x, box.max_y});
  EXPECT_NEAR(lo.x, 50, 1e-9);
  EXPECT_NEAR(hi.x, 750, 1e-9);
  EXPECT_GT(hi.y, 0);
  EXPECT_LT(lo.y, 600);
}

TEST(MapView, FitOnASinglePointKeepsAUsableScale) {
  MapView v = view_800x600({0, 0}, 1);
  BBox box;
  box.add(plan::XY{5, 7});
  v.fit(box);
  EXPECT_DOUBLE_EQ(v.centre.x, 5);
  EXPECT_GT(v.metres_per_pixel, 0);
}

TEST(ScaleBar, LengthIsOneTwoOrFiveTimesAPowerOfTenAndFits) {
  EXPECT_DOUBLE_EQ(viewer::nice_scale_length_m(10, 160), 1000);    // 1600 m available → 1 km
  EXPECT_DOUBLE_EQ(viewer::nice_scale_length_m(15.9, 160), 2000);  // 2544 m → 2 km
  EXPECT_DOUBLE_EQ(viewer::nice_scale_length_m(489, 160), 50000);  // 78 km → 50 km
  EXPECT_DOUBLE_EQ(viewer::nice_scale_length_m(0.1, 160), 10);     // 16 m → 10 m
  char buf[32];
  EXPECT_STREQ(viewer::format_distance(500, buf, sizeof buf), "500 m");
  EXPECT_STREQ(viewer::format_distance(2000, buf, sizeof buf), "2 km");
}

TEST(MapView, AShiftedImageOfTheOldViewShowsTheNewOne) {
  MapView drawn = view_800x600({500000, 3900000}, 12.5);
  MapView now = drawn;
  now.pan_pixels(37, -21);  // a drag right and up
  const viewer::ScreenXY shift = viewer::image_shift_px(drawn, now);
  EXPECT_NEAR(shift.x, 37, 1e-9);
  EXPECT_NEAR(shift.y, -21, 1e-9);
  for (plan::XY w : {plan::XY{499000, 3901000}, plan::XY{503000, 3898000}}) {
    const auto before = drawn.to_screen(w), after = now.to_screen(w);
    EXPECT_NEAR(after.x, before.x + shift.x, 1e-9);
    EXPECT_NEAR(after.y, before.y + shift.y, 1e-9);
  }
}
