// Identify: which feature is under the cursor. Plain geometry, no GL.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "plan/layer.hpp"

namespace viewer {

struct Pick {
  std::size_t layer = 0;    // index into the layers given, 0 = the top-most
  std::size_t feature = 0;  // index into that layer's features
  double distance_m = 0;    // 0 inside a polygon
};

// The feature under `at`: layers are searched top-most first and the first layer with a hit wins; within
// it the nearest point or line within `tolerance_m` (the cursor's few pixels in metres), else the polygon
// containing `at` (plan::polygon_contains: a point in a hole is outside; the smallest one when several
// overlap, so a district wins over the city around it).
std::optional<Pick> pick(const std::vector<const plan::Layer*>& top_first, plan::XY at, double tolerance_m);

}  // namespace viewer
