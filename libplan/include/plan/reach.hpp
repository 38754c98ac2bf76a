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

namespace plan {

inline constexpr double kUnreached = std::numeric_limits<double>::infinity();

// Reusable state of shortest-path searches: sized to the network on first use and reset in time
// proportional to what the previous search touched, so many searches on one network allocate nothing.
struct ReachWorkspace {
  std::vector<double> cost_m;           // per node; kUnreached where not reached
  std::vector<std::uint32_t> source;    // per node: index of the nearest source, kNoIndex where not reached
  std::vector<std::uint32_t> touched;   // nodes whose entries are set
  std::vector<std::pair<double, std::uint32_t>> heap;
};

// Multi-source Dijkstra from snapped sources (unsnapped ones are ignored), each starting at cost
// start_cost_m[i] (empty: all zero). Nodes whose distance exceeds limit_m may stay unreached. Afterwards
// ws.cost_m and ws.source give, per node, the shortest distance (metres) and the nearest source.
// Throws UsageError when start_cost_m has the wrong size or a negative entry.
void shortest_from(const Network& network, const std::vector<SnapPoint>& sources, ReachWorkspace& ws,
                   double limit_m = kUnreached, const std::vector<double>& start_cost_m = {});

// The snapped sources listed by edge, so that a point can find the sources on its own edge, which reach
// it straight along the edge without passing a node.
struct EdgeSources {
  std::vector<std::uint32_t> edge, source;  // sorted by edge; source indexes the sources given
  std::vector<double> along_m;
};
EdgeSources sources_by_edge(const std::vector<SnapPoint>& sources);

// Distance (metres) from the sources of the last shortest_from() run (started at cost 0) to a snapped
// point, from the run's node costs and the sources on the point's own edge (`same_edge`, that is
// sources_by_edge of the run's sources). Returns {distance, source index}; {kUnreached, kNoIndex} when
// the point is unsnapped or not reached.
std::pair<double, std::uint32_t> distance_to(const Network& network, const ReachWorkspace& ws,
                                             const EdgeSources& same_edge, const std::vector<SnapPoint>& sources,
                                             const SnapPoint& point);

struct NearestFacilities {
  std::vector<double> distance_m;         // per home; kUnreached: unsnapped home or no path
  std::vector<std::uint32_t> facility;    // per home: index into the facilities given, kNoIndex when none
};

// The nearest facility of every home along the network (one multi-source pass).
NearestFacilities nearest_facilities(const Network& network, const std::vector<SnapPoint>& facilities,
                                     const std::vector<SnapPoint>& homes, ReachWorkspace& ws);

// A threshold such as "1000m", "1.2km", "15min", "900s" or a bare number of metres, as metres; a time
// converts with the walking speed. Throws UsageError for anything else or a non-positive value.
double parse_threshold_m(const std::string& text, double speed_kmh);

// Shares of homes (and people) covered.
struct ReachShares {
  std::size_t homes = 0;
  std::size_t reachable = 0;   // with a finite distance
  std::size_t covered = 0;
  double covered_ratio = 0;    // covered / homes (0 without homes)
  std::optional<double> population_total, population_covered, population_covered_ratio;
};
// `population` empty: no population figures. Throws UsageError when sizes differ.
ReachShares reach_shares(const std::vector<double>& distance_m, const std::vector<char>& covered,
                         const std::vector<double>& population);

// One category of a life-circle profile.
struct LifeCircleCategory {
  std::string name;                 // e.g. "primary_school"
  std::string circle;               // e.g. "10-minute"
  double max_distance_m = 0;
  std::vector<std::string> match;   // values of the category field that count; empty: the name itself
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
LifeCircleProfile profile_from_json(const std::string& text, const std::string& file, double speed_kmh = 4);

struct CategoryReach {
  LifeCircleCategory category;
  std::size_t facilities = 0;               // facilities of this category
  std::vector<std::uint32_t> unsnapped;     // indices (into all facilities) beyond max snap
  NearestFacilities nearest;                // facility indices are into all facilities
  std::vector<char> covered;                // per home
  ReachShares shares;
};

struct LifeCircleResult {
  std::vector<CategoryReach> categories;
  std::vector<char> complete;               // per home: every category covered
  ReachShares complete_shares;
};

// Per category of the profile: the nearest facility whose category value is in the category's match list,
// and completeness. `facility_category` has one value per facility (empty string: none).
// Throws UsageError when sizes differ.
LifeCircleResult compute_life_circles(const Network& network, const std::vector<SnapPoint>& facilities,
                                      const std::vector<std::string>& facility_category,
                                      const std::vector<SnapPoint>& homes, const std::vector<double>& population,
                                      const LifeCircleProfile& profile);

}  // namespace plan
