// The Isochrones panel's logic without GL: walking-time thresholds from the text the user types, and map
// layers from plan::compute_isochrones results, one per threshold, graded in colour from near to far.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "plan/isochrone.hpp"
#include "plan/network.hpp"
#include "scene.hpp"
#include "style.hpp"

namespace viewer {

struct WalkThreshold {
  double minutes = 0;      // walking time at the speed it was parsed with
  double threshold_m = 0;  // the same as a network distance
};

// Thresholds from a list such as "5, 10, 15" (commas or spaces between items). A bare number is minutes;
// an item with a unit (800m, 1.2km, 90s, 15min, 1h) is read by plan::parse_threshold_m. Returned in
// increasing order, duplicates (within 1 cm) removed. Throws plan::UsageError naming the item for
// anything else, for a list with no item, and for speed_kmh ≤ 0.
std::vector<WalkThreshold> parse_walk_thresholds(const std::string& text, double speed_kmh);

// The thresholds as minutes, for the panel's text field: "5, 10, 15".
std::string format_minutes(const std::vector<WalkThreshold>& thresholds);

// Colours of the rank-th smallest of `count` thresholds: a sequential ramp from deep blue (nearest) through
// blue-green to pale green (farthest). Fills are semi-transparent so nested polygons show through each
// other and the streets; strokes are opaque. rank < count.
Rgba isochrone_fill(std::size_t rank, std::size_t count);
Rgba isochrone_stroke(std::size_t rank, std::size_t count);

// The name of a threshold's result layer: "isochrone_5min", "isochrone_7.5min".
std::string isochrone_layer_name(double minutes);

// Map layers of a compute_isochrones result: one polygon layer per distinct threshold, in increasing
// threshold order, named by isochrone_layer_name; one feature per origin (per-origin results) or one merged
// feature, with fields origin (the id in origin_ids, null when merged), minutes, threshold_m, area_km2.
// Styles are graded by isochrone_fill/stroke with a legend entry per threshold; ranks decrease with the
// threshold so that smaller polygons draw on top of the larger ones they sit in. Empty polygons (nothing
// reached) give no feature. `origin_ids` maps Isochrone::origin to an id (shorter: the index + 1).
std::vector<MapLayer> isochrone_layers(const std::vector<plan::Isochrone>& isochrones, double speed_kmh,
                                       const std::string& crs,
                                       const std::vector<std::int64_t>& origin_ids = {});

// One row per distinct threshold, increasing: the merged area, or with per-origin results the areas of the
// origins' own polygons (which may overlap, so they are not summed into a covered area).
struct IsochroneSummary {
  double minutes = 0, threshold_m = 0;
  std::size_t polygons = 0;  // non-empty polygons: 1 merged, else one per reached origin
  double area_m2 = 0;        // merged: the area; per origin: the mean of the polygons' areas
  double min_area_m2 = 0, max_area_m2 = 0;
};
std::vector<IsochroneSummary> summarise_isochrones(const std::vector<plan::Isochrone>& isochrones,
                                                   double speed_kmh);

// One run of the panel, as the worker thread does it: the walking network of a line layer (built once,
// then reused), the origins snapped to it, plan::compute_isochrones.
struct IsochroneRequest {
  std::vector<plan::XY> origins;          // in the network's CRS
  std::vector<std::int64_t> origin_ids;   // one per origin (shorter: index + 1)
  std::vector<WalkThreshold> thresholds;  // from parse_walk_thresholds
  double speed_kmh = 4;
  double half_width_m = 50;
  double max_snap_m = 250;  // an origin farther than this from every street is not used
  bool per_origin = false;
};

struct IsochroneRun {
  std::shared_ptr<const plan::Network> network;
  std::vector<plan::Isochrone> isochrones;  // Isochrone::origin indexes request.origins
  std::vector<std::int64_t> unsnapped_ids;  // origins beyond max_snap_m of the network
};

// Computes the isochrones of `request` over `network`, or over the network of `lines` when `network` is
// null. Throws plan::UsageError without origins or thresholds, plan::DataError when no origin lies within
// max_snap_m of a street, and what plan::compute_isochrones throws. `progress` gets the fraction done.
IsochroneRun run_isochrones(std::shared_ptr<const plan::Network> network, const plan::Layer* lines,
                            const IsochroneRequest& request,
                            const std::function<void(double)>& progress = {});

}  // namespace viewer
