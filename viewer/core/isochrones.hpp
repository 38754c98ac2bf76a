// The Isochrones panel's logic without GL: walking- or driving-time thresholds from the text the user types,
// and map layers from plan::compute_isochrones results, one per threshold, graded in colour from near to far.
// Walking networks cost metres (minutes convert at the walking speed); driving networks cost seconds
// (plan/drive.hpp), so a driving minute is always 60 of them.
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

// How network costs read as minutes: walking at walk_speed_kmh (costs in metres), or driving (costs in
// seconds; the speeds come from the road classes).
struct Pace {
  plan::TravelMode mode = plan::TravelMode::Walk;
  double walk_speed_kmh = 4;
  double minutes(double cost) const;  // a network cost (metres walking, seconds driving) as minutes
};
inline Pace walking(double speed_kmh) { return {plan::TravelMode::Walk, speed_kmh}; }
inline Pace driving() { return {plan::TravelMode::Drive, 0}; }

struct Threshold {
  double minutes = 0;    // travel time (walking: at the speed it was parsed with)
  double threshold = 0;  // the same as a network cost: metres walking, seconds driving
};

// Thresholds from a list such as "5, 10, 15" (commas or spaces between items). A bare number is minutes;
// an item with a unit (800m, 1.2km, 90s, 15min, 1h) is read by plan::parse_threshold_m. Returned in
// increasing order, duplicates (within 1 cm) removed. Throws plan::UsageError naming the item for
// anything else, for a list with no item, and for speed_kmh ≤ 0.
std::vector<Threshold> parse_walk_thresholds(const std::string& text, double speed_kmh);

// Driving thresholds from the same kind of list: a bare number is minutes, an item with a time unit (90s,
// 15min, 1h) is read by plan::parse_time_threshold_s; `threshold` is in seconds. Sorted, duplicates (within
// 0.01 s) removed. Throws plan::UsageError naming the item for a distance (driving thresholds are times),
// anything else unreadable, and for a list with no item.
std::vector<Threshold> parse_drive_thresholds(const std::string& text);

// parse_walk_thresholds or parse_drive_thresholds, by pace.mode.
std::vector<Threshold> parse_thresholds(const std::string& text, const Pace& pace);

// Why a driving network cannot be built from `lines`, or "" when it can: drive mode needs road classes, a
// highway field (a column, or an OSM other_tags column as GDAL's OSM driver reads it). Lines without one
// (the demonstration city's streets, say) would give no network, so the panel says so before computing.
std::string drive_network_problem(const plan::Layer& lines);

// The thresholds as minutes, for the panel's text field: "5, 10, 15".
std::string format_minutes(const std::vector<Threshold>& thresholds);

// Colours of the rank-th smallest of `count` thresholds: a sequential ramp from deep blue (nearest) through
// blue-green to pale green (farthest). Fills are semi-transparent so nested polygons show through each
// other and the streets; strokes are opaque. rank < count.
Rgba isochrone_fill(std::size_t rank, std::size_t count);
Rgba isochrone_stroke(std::size_t rank, std::size_t count);

// The name of a threshold's result layer: "isochrone_5min", "isochrone_7.5min" walking;
// "drive_isochrone_15min" driving.
std::string isochrone_layer_name(double minutes, plan::TravelMode mode = plan::TravelMode::Walk);

// Map layers of a compute_isochrones result: one polygon layer per distinct threshold, in increasing
// threshold order, named by isochrone_layer_name; one feature per origin (per-origin results) or one merged
// feature, with fields origin (the id in origin_ids, null when merged), minutes, threshold_m (walking) or
// threshold_s (driving), area_km2.
// Styles are graded by isochrone_fill/stroke with a legend entry per threshold; ranks decrease with the
// threshold so that smaller polygons draw on top of the larger ones they sit in. Empty polygons (nothing
// reached) give no feature. `origin_ids` maps Isochrone::origin to an id (shorter: the index + 1).
std::vector<MapLayer> isochrone_layers(const std::vector<plan::Isochrone>& isochrones, const Pace& pace,
                                       const std::string& crs,
                                       const std::vector<std::int64_t>& origin_ids = {});

// One row per distinct threshold, increasing: the merged area, or with per-origin results the areas of the
// origins' own polygons (which may overlap, so they are not summed into a covered area).
struct IsochroneSummary {
  double minutes = 0, threshold = 0;  // threshold: the network cost (metres walking, seconds driving)
  std::size_t polygons = 0;           // non-empty polygons: 1 merged, else one per reached origin
  double area_m2 = 0;                 // merged: the area; per origin: the mean of the polygons' areas
  double min_area_m2 = 0, max_area_m2 = 0;
};
std::vector<IsochroneSummary> summarise_isochrones(const std::vector<plan::Isochrone>& isochrones,
                                                   const Pace& pace);

// One run of the panel, as the worker thread does it: the walking or driving network of a line layer (built
// once per layer and mode, then reused), the origins snapped to it, plan::compute_isochrones.
struct IsochroneRequest {
  std::vector<plan::XY> origins;         // in the network's CRS
  std::vector<std::int64_t> origin_ids;  // one per origin (shorter: index + 1)
  std::vector<Threshold> thresholds;     // from parse_thresholds with `pace`
  Pace pace;                             // the mode of the network to build or use
  double half_width_m = 50;
  double max_snap_m = plan::kDefaultMaxSnapM;  // an origin farther than this from every street is not used
  bool per_origin = false;
};

struct IsochroneRun {
  std::shared_ptr<const plan::Network> network;
  std::vector<plan::Isochrone> isochrones;  // Isochrone::origin indexes request.origins
  std::vector<std::int64_t> unsnapped_ids;  // origins beyond max_snap_m of the network
};

// Computes the isochrones of `request` over `network`, or over the network of `lines` when `network` is
// null (plan::network_from_layer walking, plan::drive_network_from_layer driving). Throws plan::UsageError
// without origins or thresholds, or for a network of another mode than request.pace.mode; plan::DataError
// when `lines` cannot give a driving network (drive_network_problem) or holds no drivable line, when no
// origin lies within max_snap_m of a street, and what plan::compute_isochrones throws. `progress` gets the
// fraction done.
IsochroneRun run_isochrones(std::shared_ptr<const plan::Network> network, const plan::Layer* lines,
                            const IsochroneRequest& request,
                            const std::function<void(double)>& progress = {});

}  // namespace viewer
