// Network reach: for every home, the nearest facility along the street network, its distance and time,
// and whether it lies within a threshold; life-circle completeness over several categories.
//
// Definition followed (../DESIGN.md, "Network reach"; GB 50180-2018 for the life circles): homes and
// facilities snap to the nearest point of the nearest edge (farther than max_snap_m: unreachable, reported,
// never dropped); the distance between two points is the shortest path between their snapped positions
// (the straight snap legs are reported separately, not added). One multi-source Dijkstra pass, each
// facility seeded at its own start cost (a facility snapped mid-edge starts at both edge ends with its
// offsets), gives every home its nearest facility.
//
// On a driving network (plan/drive.hpp) "nearest" means fastest: the search runs on travel time in
// seconds, only along the directions cars may take (a point mid-way along a one-way street is reached from
// the street's upstream end only), and reports the length in metres of the fastest path beside its time.
//
//   plan::ReachWorkspace ws;
//   plan::NearestFacilities r = plan::nearest_facilities(net, snapped_facilities, snapped_homes, ws);
//   // r.distance_m[i], r.facility[i] for home i
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plan/network.hpp"
#include "plan/routing.hpp"

namespace plan {

struct NearestFacilities {
  std::vector<double> distance_m;       // per home: length of the least-cost path; kUnreached: none
  std::vector<double> cost;             // per home: its cost (metres walking, seconds driving)
  std::vector<std::uint32_t> facility;  // per home: index into the facilities given, kNoIndex when none
};

// The nearest (walking) or fastest (driving) facility of every home along the network (one multi-source
// pass).
NearestFacilities nearest_facilities(const Network& network, const std::vector<SnapPoint>& facilities,
                                     const std::vector<SnapPoint>& homes, ReachWorkspace& ws);

// A threshold such as "1000m", "1.2km", "15min", "900s" or a bare number of metres, as metres; a time
// converts with the walking speed. Throws UsageError for anything else or a non-positive value.
double parse_threshold_m(const std::string& text, double speed_kmh);

// A time threshold such as "30min", "900s" or "1h", as seconds (driving). Throws UsageError for a
// distance (saying that driving thresholds are times), a bare number, or a non-positive value.
double parse_time_threshold_s(const std::string& text);

// Shares of homes (and people) covered.
struct ReachShares {
  std::size_t homes = 0;
  std::size_t reachable = 0;  // with a finite distance
  std::size_t covered = 0;
  double covered_ratio = 0;  // covered / homes (0 without homes)
  std::optional<double> population_total, population_covered, population_covered_ratio;
};
// `population` empty: no population figures. Throws UsageError when sizes differ.
ReachShares reach_shares(const std::vector<double>& distance_m, const std::vector<char>& covered,
                         const std::vector<double>& population);

// One category of a life-circle profile.
struct LifeCircleCategory {
  std::string name;    // e.g. "primary_school"
  std::string circle;  // e.g. "10-minute"
  double max_distance_m = 0;
  std::vector<std::string> match;  // values of the category field that count; empty: the name itself
};

struct LifeCircleProfile {
  std::string name;
  std::string source;
  std::vector<LifeCircleCategory> categories;
};

// GB 50180-2018 "Standard for urban residential area planning and design": 15-minute circle (middle school,
// community health centre, elderly care, culture/sports ≤ 1000 m), 10-minute (primary school, market
// ≤ 500 m), 5-minute (kindergarten, health station, daily shop ≤ 300 m).
LifeCircleProfile gb50180_profile();

// A profile from JSON text:
//   {"name": "...", "source": "...", "categories": [
//     {"name": "primary_school", "circle": "10-minute", "within": "500m", "match": ["primary_school"]}]}
// "within" takes parse_threshold_m text (times convert at speed_kmh) or "max_distance_m" a number.
// Throws DataError naming `file` for malformed JSON or a bad entry.
LifeCircleProfile profile_from_json(const std::string& text, const std::string& file,
                                    double speed_kmh = kDefaultWalkSpeedKmh);

struct CategoryReach {
  LifeCircleCategory category;
  std::size_t facilities = 0;            // facilities of this category
  std::vector<std::uint32_t> unsnapped;  // indices (into all facilities) beyond max snap
  NearestFacilities nearest;             // facility indices are into all facilities
  std::vector<char> covered;             // per home
  ReachShares shares;
};

struct LifeCircleResult {
  std::vector<CategoryReach> categories;
  std::vector<char> complete;  // per home: every category covered
  ReachShares complete_shares;
};

// Per category of the profile: the nearest facility whose category value is in the category's match list,
// and completeness. `facility_category` has one value per facility (empty string: none).
// Throws UsageError when sizes differ or the network is not a walking network (GB 50180-2018 measures
// life circles by walking distance).
LifeCircleResult compute_life_circles(const Network& network, const std::vector<SnapPoint>& facilities,
                                      const std::vector<std::string>& facility_category,
                                      const std::vector<SnapPoint>& homes,
                                      const std::vector<double>& population,
                                      const LifeCircleProfile& profile);

}  // namespace plan
