// plan check: schema validation and the structure questions a reviewer asks of a plan.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "parse_only.hpp"
#include "plan/checks.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/osm.hpp"
#include "plan/plan.hpp"
#include "plan/roads.hpp"
#include "road_output.hpp"

namespace cli {

namespace {

const char* kFooter = R"(PLAN is a plan folder (GeoJSON layers with plan.json) or one GeoPackage.

Validates a plan (a folder of GeoJSON layers with plan.json, or one GeoPackage) against the plan schema
and answers the structure questions of a review:
  - settlements per tier and per county against the plan's formula (Heze: 1+7+22+N);
  - which axis each town lies on (within --axis-tolerance metres of the axis line) and whether it is in
    the development belt, with distances;
  - settlements, hubs, corridors, core and belt that enter an ecological barrier or patch, with the
    length (lines) or area (polygons) inside;
  - lengths of the blue and green networks and areas of the barriers and patches, also within the city;
  - each county's function guidance in the plan's words (boundaries field guidance; Heze: 专栏3) with
    its county seat, and counties left without any;
  - with --roads, the plan's road targets (plan.json road_targets): the road network density of the
    central city (--area; by default the demonstration city's central_city layer, which is SYNTHETIC)
    against its target (Heze: 8 km/km², plan text line 316), and every key town joined to the central city
    and its county seat by roads of at least the target grade (Heze: 二级公路, line 317); see
    `plan roads --help` for the road classes, grades and options. Without --roads the road checks are
    listed as needing a road layer.
Schema problems are printed naming file, layer, feature and field. Exit code 1 when there are schema
errors, 0 otherwise (warnings do not fail).
)";

using json = nlohmann::ordered_json;

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Pads to a display width: CJK characters take two terminal columns, so byte counts misalign tables.
std::string pad(const std::string& s, std::size_t width) {
  std::size_t cols = 0;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cols += len >= 3 ? 2 : 1;
    i += len;
  }
  return cols >= width ? s + " " : s + std::string(width - cols, ' ');
}

const char* tier_name(int tier) {
  switch (tier) {
    case 1:
      return "central city";
    case 2:
      return "county seats";
    case 3:
      return "key towns";
    default:
      return "other towns";
  }
}

// Each county's guidance in the plan's words, with the seat it concerns; nothing when the plan gives none.
void print_guidance(const std::vector<plan::CountyGuidance>& guidance) {
  const auto given = std::count_if(guidance.begin(), guidance.end(),
                                   [](const plan::CountyGuidance& g) { return !g.guidance.empty(); });
  if (given == 0) return;
  std::printf("\nCounty guidance: %ld of %zu counties and districts\n", static_cast<long>(given),
              guidance.size());
  for (const plan::CountyGuidance& g : guidance) {
    if (g.guidance.empty()) {
      std::printf("  %s %s —\n", pad(g.county, 8).c_str(), pad(g.seat.empty() ? "—" : g.seat, 10).c_str());
      continue;
    }
    std::printf("  %s %s %s\n  %s %s (%s)\n", pad(g.county, 8).c_str(),
                pad(g.seat.empty() ? "—" : g.seat, 10).c_str(), g.guidance.c_str(), pad("", 8).c_str(),
                pad("", 10).c_str(), g.source.c_str());
  }
}

void declare_options(Args& args) {
  args.add_positionals("PLAN", "the plan: a folder of GeoJSON layers with plan.json, or one GeoPackage");
  args.add_number("axis-tolerance", "M", "a town within M metres of an axis line lies on it (default 5000)",
                  Range::NonNegative);
  args.add_option("crs", "EPSG:N", "the CRS to measure the plan in (default: the plan's own)");
  add_json_option(args);
  add_road_check_options(args);
  add_timings_option(args);
}

// The --json document: the library's, with the road checks' figures when they ran.
json check_json(const plan::Plan& p, const plan::LoadReport& report, const plan::PlanCheck& c,
                const plan::CheckOptions& options, const RoadChecks& roads) {
  const plan::RoadTargets& rt = p.meta.road_targets;
  json j = json::parse(plan::render_check_json(p, report, c, options.axis_tolerance_m));
  if (roads.ran) {  // the library's document says what the road checks need; here they ran
    json rj;
    rj["status"] = "checked";
    rj["roads"] = roads.roads;
    json dj = {{"target_km_per_km2", rt.density_km_per_km2 ? json(*rt.density_km_per_km2) : json(nullptr)},
               {"source", rt.density_source}};
    if (roads.density) {
      dj["area"] = roads.area;
      dj["area_synthetic"] = roads.area_synthetic;
      dj["met"] = roads.density->density_km_per_km2 >= *rt.density_km_per_km2;
      dj["measured"] = density_json(*roads.density);
    }
    rj["density"] = dj;
    json gj = {{"min_grade", rt.min_grade ? json(*rt.min_grade) : json(nullptr)},
               {"source", rt.grade_source}};
    if (!roads.grades_need.empty()) gj["status"] = "no data", gj["needs"] = roads.grades_need;
    if (roads.grades) {
      gj["met"] = roads.grades->connected == roads.grades->towns.size();
      gj["measured"] = connections_json(*roads.grades);
    }
    rj["grade_connection"] = gj;
    j["roads"] = rj;
  }
  return j;
}

void print_schema_and_settlements(const plan::Plan& p, const plan::LoadReport& report,
                                  const plan::PlanCheck& c) {
  std::printf("Plan check: %s\n  %s, CRS %s\n", p.meta.name_zh.c_str(), p.source.c_str(), p.crs.c_str());
  std::printf("\nSchema: %zu error(s), %zu warning(s)\n", report.errors(), report.warnings());
  for (const plan::SchemaIssue& i : report.issues) std::printf("  %s\n", i.describe().c_str());
  for (const std::string& w : report.read_warnings) std::printf("  warning (repaired): %s\n", w.c_str());

  std::printf("\nSettlements against %s\n", c.formula.c_str());
  for (const plan::TierCount& t : c.tiers) {
    std::string expected = t.expected ? std::to_string(*t.expected) : "N";
    const char* mark = !t.expected ? "" : static_cast<int>(t.count) == *t.expected ? "  ok" : "  MISMATCH";
    std::printf("  tier %d %-13s %3zu  (plan: %s)%s\n", t.tier, tier_name(t.tier), t.count, expected.c_str(),
                mark);
  }
  std::printf("\n  %s %6s %6s %6s %6s\n", pad("county", 10).c_str(), "tier1", "tier2", "tier3", "tier4");
  for (const plan::CountyTally& t : c.counties)
    std::printf("  %s %6zu %6zu %6zu %6zu\n", pad(t.county, 10).c_str(), t.per_tier[0], t.per_tier[1],
                t.per_tier[2], t.per_tier[3]);
}

void print_axes_and_belt(const plan::PlanCheck& c, const plan::CheckOptions& options) {
  std::printf("\nAxes and belt (on an axis = within %.1f km of its line)\n", options.axis_tolerance_m / 1000);
  for (const plan::SettlementPlacement& s : c.settlements) {
    std::string on;
    for (const std::string& a : s.on_axes) on += (on.empty() ? "" : ", ") + a;
    std::printf("  %s tier %d  %s nearest %s %6.1f km  %s %s%s\n", pad(s.name_zh, 10).c_str(), s.tier,
                pad(s.county, 8).c_str(), pad(s.nearest_axis, 14).c_str(), s.axis_distance_m / 1000,
                pad(on.empty() ? "on no axis" : "on " + on, 18).c_str(),
                s.in_belt ? "in belt" : ("belt " + fmt("%.1f km", s.belt_distance_m / 1000)).c_str(),
                s.in_core ? ", in core" : "");
  }
}

void print_intrusions(const plan::PlanCheck& c) {
  std::printf("\nIntrusions into barriers and patches: %zu\n", c.intrusions.size());
  for (const plan::Intrusion& i : c.intrusions) {
    std::string amount = i.geometry == plan::GeometryKind::Line ? fmt("%.1f km inside", i.overlap_m / 1000)
                         : i.geometry == plan::GeometryKind::Polygon
                             ? fmt("%.2f km² inside", i.overlap_m2 / 1e6)
                             : "inside";
    std::printf("  %-8s %s %-18s %-11s -> %-8s %s %s\n", plan::to_string(i.status),
                pad(i.name_zh, 16).c_str(), i.kind.c_str(), i.layer.c_str(), i.protected_layer.c_str(),
                pad(i.protected_name, 26).c_str(), amount.c_str());
  }
}

void print_networks_and_areas(const plan::PlanCheck& c) {
  auto print_lengths = [&](const char* title, const std::vector<plan::NetworkLength>& v) {
    double total = 0, inside = 0;
    for (const plan::NetworkLength& n : v) total += n.length_m, inside += n.length_in_city_m;
    std::printf("\n%s: %zu lines, %.1f km (%.1f km within the city outline)\n", title, v.size(), total / 1000,
                inside / 1000);
    for (const plan::NetworkLength& n : v)
      std::printf("  %s %-15s %7.1f km  (%.1f km within)\n", pad(n.name_zh, 24).c_str(), n.kind.c_str(),
                  n.length_m / 1000, n.length_in_city_m / 1000);
  };
  print_lengths("Blue network", c.blue);
  print_lengths("Green network", c.green);
  auto print_areas = [&](const char* title, const std::vector<plan::AreaFigure>& v) {
    double total = 0, inside = 0;
    for (const plan::AreaFigure& a : v) total += a.area_m2, inside += a.area_in_city_m2;
    std::printf("\n%s: %zu, %.1f km² (%.1f km² within the city outline)\n", title, v.size(), total / 1e6,
                inside / 1e6);
    for (const plan::AreaFigure& a : v)
      std::printf("  %s %-13s %8.2f km²  (%.2f km² within)\n", pad(a.name_zh, 26).c_str(), a.kind.c_str(),
                  a.area_m2 / 1e6, a.area_in_city_m2 / 1e6);
  };
  print_areas("Barriers", c.barriers);
  print_areas("Patches", c.patches);
  if (!c.has_city_outline)
    std::printf("\n(no boundary of kind 'city': the 'within' figures equal the totals)\n");
}

void print_road_checks(const plan::Plan& p, const RoadChecks& roads) {
  const plan::RoadTargets& rt = p.meta.road_targets;
  const std::string roads_needed = plan::kRoadChecksNeed;
  std::printf("\nRoad checks\n");
  if (!roads.ran) {
    if (rt.density_km_per_km2)
      std::printf("  density target    %g km/km² (%s): %s\n", *rt.density_km_per_km2,
                  rt.density_source.c_str(), roads_needed.c_str());
    if (rt.min_grade)
      std::printf("  grade target      key towns by %s or better (%s): %s\n",
                  grade_name(*rt.min_grade).c_str(), rt.grade_source.c_str(), roads_needed.c_str());
    if (!rt.density_km_per_km2 && !rt.min_grade)
      std::printf("  the plan sets no road targets (road_targets)\n");
  } else {
    std::printf("  roads             %s\n", roads.roads.c_str());
    if (roads.density) {
      std::printf("  density target    %g km/km² (%s)\n", *rt.density_km_per_km2, rt.density_source.c_str());
      std::printf("  outline           %s%s\n", roads.area.c_str(),
                  roads.area_synthetic ? " (SYNTHETIC demonstration central city)" : "");
      print_density(*roads.density);
      std::printf("  %s\n", roads.density->density_km_per_km2 >= *rt.density_km_per_km2 ? "met" : "NOT MET");
    }
    if (!roads.grades_need.empty())
      std::printf("  grade target      %s or better (%s): needs %s\n", grade_name(*rt.min_grade).c_str(),
                  rt.grade_source.c_str(), roads.grades_need.c_str());
    if (roads.grades) {
      std::printf("  grade target      %s or better (%s)\n", grade_name(*rt.min_grade).c_str(),
                  rt.grade_source.c_str());
      print_connections(*roads.grades);
    }
  }
}

}  // namespace

int run_check(const Arguments& argv) {
  Args args("plan check", command_description("check"), kFooter);
  declare_options(args);
  if (!args.parse(argv)) return 0;
  if (args.positional().size() != 1)
    throw plan::UsageError("give one PLAN (a folder or .gpkg); see plan check --help");
  const std::string path = args.positional()[0];
  plan::CheckOptions options;
  options.axis_tolerance_m = args.number("axis-tolerance", 5000);
  if (!(options.axis_tolerance_m >= 0))
    throw plan::UsageError("--axis-tolerance must be a distance in metres ≥ 0");
  const RoadCheckArgs road_args = road_check_args(args);
  plan::LoadOptions lo;
  lo.strict = false;
  lo.crs = args.get("crs").value_or("");

  before_io();
  plan::LoadReport report;
  const plan::Plan p = plan::load_plan(path, lo, &report);
  plan::PlanCheck c = plan::check_plan(p, options);
  const RoadChecks roads = run_road_checks(args, road_args, p, c.findings);
  const int exit_code = report.errors() ? 1 : 0;

  if (args.flag("json")) {
    std::cout << check_json(p, report, c, options, roads).dump(2) << "\n";
    return exit_code;
  }
  print_schema_and_settlements(p, report, c);
  print_axes_and_belt(c, options);
  print_intrusions(c);
  print_networks_and_areas(c);
  print_guidance(c.guidance);
  print_road_checks(p, roads);
  std::printf("\nFindings: %zu\n", c.findings.size());
  for (const std::string& f : c.findings) std::printf("  - %s\n", f.c_str());
  return exit_code;
}

}  // namespace cli
