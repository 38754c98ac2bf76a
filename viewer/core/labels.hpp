// Label placement: greedy, by priority, no two labels overlapping. Plain geometry in screen pixels; the
// caller measures the text (ImGui::CalcTextSize) and draws what is placed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "view.hpp"

namespace viewer {

struct Rect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // screen pixels, x0 < x1, y0 < y1
  bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct LabelCandidate {
  ScreenXY anchor;      // the feature's position on screen
  double width_px = 0;  // text size
  double height_px = 0;
  double gap_px = 0;        // clearance from the anchor (the symbol's radius); 0 for a centred label
  int priority = 0;         // higher is placed first
  bool centred = false;     // true: only centred on the anchor (areas, lines); false: around a point symbol
  std::uint64_t group = 0;  // candidates of one non-zero group (the parts of one named road) place one label
};

struct PlacedLabel {
  std::size_t candidate = 0;  // index into the candidates
  Rect box;
};

// Places labels in priority order (ties keep the given order). A point label tries the positions
// right, left, above, below, then the four diagonals; the first that stays inside the canvas and overlaps
// no placed label and no obstacle (e.g. the point symbols themselves) wins; a label with no free
// position is left out. Of the candidates sharing a non-zero group, only the first placed is kept.
std::vector<PlacedLabel> place_labels(const std::vector<LabelCandidate>& candidates, double canvas_w,
                                      double canvas_h, const std::vector<Rect>& obstacles = {});

}  // namespace viewer
