#include "labels.hpp"

#include <algorithm>
#include <numeric>
#include <unordered_set>

namespace viewer {

std::vector<PlacedLabel> place_labels(const std::vector<LabelCandidate>& candidates, double canvas_w,
                                      double canvas_h, const std::vector<Rect>& obstacles) {
  std::vector<std::size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return candidates[a].priority > candidates[b].priority;
  });

  std::vector<PlacedLabel> placed;
  std::unordered_set<std::uint64_t> groups_done;
  auto free = [&](const Rect& r) {
    if (r.x0 < 0 || r.y0 < 0 || r.x1 > canvas_w || r.y1 > canvas_h) return false;
    for (const PlacedLabel& p : placed)
      if (p.box.overlaps(r)) return false;
    for (const Rect& o : obstacles)
      if (o.overlaps(r)) return false;
    return true;
  };

  for (std::size_t i : order) {
    const LabelCandidate& c = candidates[i];
    if (c.group != 0 && groups_done.count(c.group)) continue;
    const double w = c.width_px, h = c.height_px, ax = c.anchor.x, ay = c.anchor.y, g = c.gap_px + 2;
    std::vector<Rect> tries;
    if (c.centred) {
      tries.push_back({ax - w / 2, ay - h / 2, ax + w / 2, ay + h / 2});
    } else {
      tries = {{ax + g, ay - h / 2, ax + g + w, ay + h / 2},  // right
               {ax - g - w, ay - h / 2, ax - g, ay + h / 2},  // left
               {ax - w / 2, ay - g - h, ax + w / 2, ay - g},  // above
               {ax - w / 2, ay + g, ax + w / 2, ay + g + h},  // below
               {ax + g * 0.7, ay - g * 0.7 - h, ax + g * 0.7 + w, ay - g * 0.7},
               {ax + g * 0.7, ay + g * 0.7, ax + g * 0.7 + w, ay + g * 0.7 + h},
               {ax - g * 0.7 - w, ay - g * 0.7 - h, ax - g * 0.7, ay - g * 0.7},
               {ax - g * 0.7 - w, ay + g * 0.7, ax - g * 0.7, ay + g * 0.7 + h}};
    }
    for (const Rect& r : tries)
      if (free(r)) {
        placed.push_back({i, r});
        if (c.group != 0) groups_done.insert(c.group);
        break;
      }
  }
  return placed;
}

}  // namespace viewer
