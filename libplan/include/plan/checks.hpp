// Structure checks: the questions a reviewer asks of a plan's map.
//
//   plan::PlanCheck c = plan::check_plan(heze, {});
//   c.tiers        towns per tier against "1+7+22+N"        c.counties   towns per county and tier
//   c.settlements  which axis each town lies on, and whether it is in the belt (distances in metres)
//   c.intrusions   settlements, hubs, corridors and planned zones that enter a barrier or patch
//   c.blue / c.green / c.barriers   network lengths and barrier areas, also within the city outline
//   c.guidance     each county's function guidance (Heze: 专栏3) and the county seat it concerns
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/plan.hpp"

namespace plan {

struct CheckOptions {
  // A town within this distance of an axis line counts as lying on it: axes are drawn seat to seat, so a
  // town a few kilometres off the line still sits on the corridor the axis stands for.
  double axis_tolerance_m = 5000;
};

struct TierCount {
  int tier = 0;
  std::size_t count = 0;
  std::optional<int> expected;  // from the plan's formula; nullopt for tier 4 ("N")
};

struct CountyTally {
  std::string county;
  std::size_t per_tier[4] = {0, 0, 0, 0};  // tiers 1..4
};

struct SettlementPlacement {
  std::string name_zh;
  int tier = 0;
  std::string county;
  std::string nearest_axis;          // empty when the plan has no axes
  double axis_distance_m = 0;        // to the nearest axis line
  std::vector<std::string> on_axes;  // every axis within the tolerance
  bool in_belt = false;
  double belt_distance_m = 0;  // 0 inside the belt
  bool in_core = false;
};

struct Intrusion {
  std::string layer;  // the intruding feature's layer: settlements, hubs, corridors, core, belt
  std::string name_zh;
  std::string kind;
  ElementStatus status = ElementStatus::Existing;
  std::string protected_layer;  // barriers or patches
  std::string protected_name;
  GeometryKind geometry = GeometryKind::Point;
  double overlap_m2 = 0;  // polygons: the area inside the protected polygon
  double overlap_m = 0;   // lines: the length inside it
  // points: inside (overlap fields 0)
};

struct NetworkLength {
  std::string name_zh;
  std::string kind;
  double length_m = 0;
  double length_in_city_m = 0;  // the part inside the city outline (boundaries of kind "city")
};

struct AreaFigure {
  std::string name_zh;
  std::string kind;
  double area_m2 = 0;
  double area_in_city_m2 = 0;
};

// The plan's guidance for one county, as its boundary carries it, with the county's seat.
struct CountyGuidance {
  std::string county;  // the boundary's name_zh, e.g. 东明县
  std::string kind;    // county or district
  std::string guidance;
  std::string source;  // where in the text it stands
  std::string seat;    // the county's tier-2 settlement; empty when the plan has none
};

struct PlanCheck {
  std::string formula;  // "1+7+22+N"
  std::vector<TierCount> tiers;
  std::vector<CountyTally> counties;
  std::vector<SettlementPlacement> settlements;  // tiers 2–4, in the plan's order
  std::vector<Intrusion> intrusions;
  std::vector<NetworkLength> blue;
  std::vector<NetworkLength> green;
  std::vector<AreaFigure> barriers;
  std::vector<AreaFigure> patches;
  std::vector<CountyGuidance> guidance;  // every county and district boundary, in the plan's order
  bool has_city_outline = false;         // false: the *_in_city figures equal the totals
  std::vector<std::string> findings;     // one sentence per thing a reviewer should look at
};

// Runs every check. Measurements are in the plan's metric CRS. Throws plan::Error only when GEOS fails.
PlanCheck check_plan(const Plan& plan, const CheckOptions& options);

// What the road checks (plan/roads.hpp) need that a plan alone does not have.
inline constexpr const char* kRoadChecksNeed =
    "needs a road layer: give --roads (OSM highway tags, or --class-field with --class-map/--grade-map)";

// The `plan check --json` document (UTF-8, stable key order, indented by 2): the plan's name, source and
// CRS, the schema issues of `load` (each naming file, layer, feature and field), then every figure of
// `check`, with the axis tolerance it was run with. Its `roads` object holds the plan's road targets with
// status "no data" and kRoadChecksNeed: the road checks need a road layer, which `plan check --roads` adds.
std::string render_check_json(const Plan& plan, const LoadReport& load, const PlanCheck& check,
                              double axis_tolerance_m);

// The plan's internal contradictions on targets: each entry of plan.json's `stated_targets` (a target the
// text sets outside its indicator table, e.g. in an action table: {"indicator": 11, "year": 2025,
// "target": "100", "source": "专栏17 …, plan text line 518"}) whose comparator or value differs from the
// indicator table's target for the same year gives one sentence naming both. check_plan adds them to its
// findings. Never throws; entries it cannot read are skipped.
std::vector<std::string> target_contradictions(const Plan& plan);

}  // namespace plan
