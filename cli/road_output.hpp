// The road checks' figures as JSON and as text, shared by `plan roads` and `plan check --roads`.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "plan/plan.hpp"
#include "plan/roads.hpp"

namespace cli {

// "A=快速路,B=主干路" → {{"A","快速路"},{"B","主干路"}}. Throws UsageError naming `option` for an item
// without '='.
std::map<std::string, std::string> parse_value_map(const std::string& text, const std::string& option);

// The definitions printed with the figures (and in --json), naming their standards.
extern const char* kDensityDefinition;
extern const char* kGradeDefinition;

nlohmann::ordered_json density_json(const plan::RoadDensity& d);
nlohmann::ordered_json connections_json(const plan::GradeConnections& g);
void print_density(const plan::RoadDensity& d);
void print_connections(const plan::GradeConnections& g);

// "二级" for 2 and so on; "高速" for 0.
std::string grade_name(int grade);

// The plan's road targets checked on a road layer: nullopt members when the plan sets no such target.
struct RoadChecks {
  bool ran = false;
  std::string roads, area;
  bool area_synthetic = false;
  std::optional<plan::RoadDensity> density;
  std::optional<plan::GradeConnections> grades;
  std::string grades_need;  // why the grade check did not run on this layer
};

// The road checks' options, parsed and checked before anything is read.
struct RoadCheckArgs {
  std::map<std::string, std::string> class_map, grade_map;
  std::optional<plan::UrbanRoadClass> uniform_class;
  double max_snap_m = 1000;
};
RoadCheckArgs road_check_args(const Args& args);

// The road checks of `plan check --roads` and `plan report --roads`: the plan's road targets measured on the
// road layer the options name (--roads, --roads-layer, --roads-where, --area, --area-layer, --class-field,
// --class-map, --grade-map, --uniform-class, --max-snap, --assume-crs). Findings below a target are added
// to `findings`. Not run (ran == false) without --roads.
RoadChecks run_road_checks(const Args& args, const RoadCheckArgs& road_args, const plan::Plan& p,
                           std::vector<std::string>& findings);

// Declares the options run_road_checks reads (--roads ... --assume-crs above), for plan check and report.
void add_road_check_options(Args& args);

// --class-field F, and for density --class-map and --uniform-class, for grades --grade-map.
void add_road_class_options(Args& args, bool density, bool grades);

// " (plan text line 316)" from a target's source "plan text line 316: ..."; "" without one.
std::string where_from(const std::string& source);

}  // namespace cli
