// plan roads: road network density of an area, and the grade connections of key towns.
#include "plan/roads.hpp"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "plan/error.hpp"
#include "road_output.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(density: the road network density (道路网密度, GB/T 51328-2018) of the area (its polygons dissolved): the
length of 快速路, 主干路, 次干路 and 支路 inside it, clipped exactly, over its area, in km/km². Classes come
from OSM highway tags (motorway, trunk → 快速路; primary → 主干路; secondary, tertiary → 次干路; residential,
unclassified, living_street → 支路; ramps, service roads, tracks and paths are not counted;
highway:CN:urban wins when present), or from --class-field F, whose values are class names (快速路/
expressway, 主干路/arterial, 次干路/collector, 支路/local) or are mapped with --class-map 'A=快速路,B=主干路'.
--uniform-class 支路 counts every line as that class (a layer without classes, e.g. a synthetic grid).
A one-way line of 快速路, 主干路 or 次干路 (oneway=yes/-1, implied on motorways; not roundabouts) is one
carriageway of a divided road drawn twice, and counts half (--no-halving counts it whole).

connect: whether every key town (tier 3) is joined to the central city (tier 1) and to its county seat
(tier 2 of its county, else the central city) along roads of --min-grade or better (JTG B01-2014 grades:
高速公路 0, 一级 I, 二级 II, 三级 III, 四级 IV). OSM highway tags give motorway 0, trunk I, primary and
secondary II, tertiary III, unclassified/residential IV (highway:CN wins when present); or --class-field F
with grade names or --grade-map 'G=一级公路,S=二级公路'. Settlements snap to the nearest such road within
--max-snap metres. Tiers are numbers 1–3 or the kinds central_city, county_seat, key_town.
An OSM file as --roads reads its `lines` layer unless --roads-layer says otherwise.
)";

// The options of `plan roads density` or `connect`; both for `plan roads --help` (sub empty).
void declare_options(Args& args, const std::string& sub) {
  const bool density = sub != "connect", connect = sub != "density";
  args.add_input("roads", "the road layer (an OSM file: its `lines` layer)");
  if (density) args.add_input("area", "(density) the area whose density is measured (polygons, dissolved)");
  if (connect) {
    args.add_input("settlements", "(connect) the settlements (points) with name, tier and county");
    args.add_option("name-field", "F", "(connect) the settlements' name field (default name_zh, else name)");
    args.add_option("tier-field", "F", "(connect) the settlements' tier field (default tier)");
    args.add_option("county-field", "F", "(connect) the settlements' county field (default county)");
    args.add_option("min-grade", "GRADE", "(connect) the lowest grade that joins (default II, 二级公路)");
    add_max_snap_option(args, 1000);
  }
  add_road_class_options(args, density, connect);
  if (density) args.add_flag("no-halving", "(density) count one-way lines of divided roads whole");
  add_crs_options(args);
  add_lonlat_offset_options(args);
  add_json_option(args);
  add_timings_option(args);
}

int tier_of(const std::string& v) {
  if (v == "1" || v == "central_city") return 1;
  if (v == "2" || v == "county_seat") return 2;
  if (v == "3" || v == "key_town") return 3;
  return 0;
}

int run_density(const Args& args) {
  args.require("roads"), args.require("area");
  if (args.get("class-map") && !args.get("class-field"))
    throw plan::UsageError("--class-map needs --class-field naming the field it maps");
  plan::RoadDensityOptions o;
  o.class_field = args.get("class-field").value_or("");
  if (const auto m = args.get("class-map")) o.class_map = parse_value_map(*m, "class-map");
  if (const auto u = args.get("uniform-class")) {
    if (args.get("class-field")) throw plan::UsageError("give --class-field or --uniform-class, not both");
    o.uniform_class = plan::parse_urban_road_class(*u);
  }
  o.halve_divided = !args.flag("no-halving");
  Inputs inputs(args, {"roads", "area"});
  const plan::Layer area = inputs.read(args, "area", std::nullopt);
  const plan::Layer roads = inputs.read(args, "roads", plan::GeometryKind::Line);
  const plan::RoadDensity d = plan::road_network_density(roads, area, o);
  if (args.flag("json")) {
    nlohmann::ordered_json j = density_json(d);
    j["crs"] = inputs.crs();
    j["roads"] = roads.source;
    j["area"] = area.source;
    j["class_field"] = o.uniform_class         ? "every line " + std::string(plan::name_zh(*o.uniform_class))
                       : o.class_field.empty() ? "highway (OSM)"
                                               : o.class_field;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("Road network density (GB/T 51328-2018 道路网密度) (CRS %s)\n", inputs.crs().c_str());
  print_density(d);
  return 0;
}

int run_connect(const Args& args) {
  args.require("roads"), args.require("settlements");
  if (args.get("grade-map") && !args.get("class-field"))
    throw plan::UsageError("--grade-map needs --class-field naming the field it maps");
  plan::GradeOptions o;
  o.class_field = args.get("class-field").value_or("");
  if (const auto m = args.get("grade-map")) o.grade_map = parse_value_map(*m, "grade-map");
  if (const auto g = args.get("min-grade")) {
    o.min_grade = plan::parse_highway_grade(*g);
    if (o.min_grade > 4) throw plan::UsageError("--min-grade must be a grade 高速公路/0 … 四级公路/IV");
  }
  o.max_snap_m = args.number("max-snap", 1000);
  Inputs inputs(args, {"roads", "settlements"});
  const plan::Layer places = inputs.read(args, "settlements", plan::GeometryKind::Point);
  const plan::Layer roads = inputs.read(args, "roads", plan::GeometryKind::Line);
  std::string name_field = args.get("name-field").value_or("");
  if (name_field.empty()) name_field = places.field_index("name_zh") ? "name_zh" : "name";
  const std::string tier_field = args.get("tier-field").value_or("tier");
  const std::string county_field = args.get("county-field").value_or("county");
  const std::vector<std::string> names = plan::text_values(places, name_field);
  const std::vector<std::string> tiers = plan::text_values(places, tier_field);
  const std::vector<std::string> counties = plan::text_values(places, county_field);
  std::vector<plan::RoadSettlement> s;
  for (std::size_t i = 0; i < places.features.size(); ++i) {
    const plan::Feature& f = places.features[i];
    if (f.geometry.points.empty()) continue;
    s.push_back({f.id, names[i], tier_of(tiers[i]), counties[i], f.geometry.points[0]});
  }
  const plan::GradeConnections g = plan::check_grade_connections(roads, s, o);
  if (args.flag("json")) {
    nlohmann::ordered_json j = connections_json(g);
    j["crs"] = inputs.crs();
    j["roads"] = roads.source;
    j["settlements"] = places.source;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("Key towns joined by roads of %s or better (JTG B01-2014) (CRS %s)\n",
              grade_name(g.min_grade).c_str(), inputs.crs().c_str());
  print_connections(g);
  return 0;
}

}  // namespace

int run_roads(const Arguments& raw) {
  const std::string sub = raw.empty() ? "" : raw[0];
  if (sub != "density" && sub != "connect") {
    Args all("plan roads density|connect", command_description("roads"), kFooter);
    declare_options(all, "");
    if (raw.empty() || sub == "--help" || sub == "-h") {
      std::fputs(all.help().c_str(), raw.empty() ? stderr : stdout);
      return raw.empty() ? 2 : 0;
    }
    throw plan::UsageError("unknown 'plan roads' command '" + sub + "': use density or connect (see --help)");
  }
  Args args("plan roads " + sub, command_description("roads"), kFooter);
  declare_options(args, sub);
  if (!args.parse(Arguments(raw.begin() + 1, raw.end()))) return 0;
  if (sub == "density") {
    apply_osm_layer_defaults(args, {"roads"}, {});
    return run_density(args);
  }
  apply_osm_layer_defaults(args, {"roads"}, {"settlements"});
  return run_connect(args);
}

}  // namespace cli
