#include <gtest/gtest.h>

#include "plan/geometry.hpp"

TEST(Geometry, RectangleAreaIsWidthTimesHeight) {
  EXPECT_DOUBLE_EQ(plan::area_m2(plan::rectangle(0, 0, 30, 20)), 600);
}
