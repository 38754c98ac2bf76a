#include "road_output.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "common_options.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/osm.hpp"

namespace cli {

const char* kDensityDefinition =
    "road network density (道路网密度, GB/T 51328-2018): length of the 快速路, 主干路, 次干路 and 支路 "
    "inside the "
    "area over the area, km/km²; lines clipped exactly to the area; a one-way carriageway of a divided "
    "快速路/主干路/次干路 counts half, so that the road counts once";
const char* kGradeDefinition =
    "grade connection (JTG B01-2014 highway grades): each key town joined to the central city and to its "
    "county seat by a path along roads of the minimum grade or better, settlements snapped to the nearest "
    "such road within max_snap_m";

std::map<std::string, std::string> parse_value_map(const std::string& text, const std::string& option) {
  std::map<std::string, std::string> out;
  for (const std::string& item : split_list(text)) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw plan::UsageError("--" + option + " takes VALUE=CLASS items separated by commas, not '" + item +
                             "'");
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

std::string grade_name(int grade) { return plan::highway_grade_name(grade); }

nlohmann::ordered_json density_json(const plan::RoadDensity& d) {
  nlohmann::ordered_json classes = nlohmann::ordered_json::array();
  for (std::size_t c = 0; c < plan::kUrbanRoadClasses; ++c) {
    const auto cls = static_cast<plan::UrbanRoadClass>(c);
    classes.push_back(
        {{"class", plan::to_string(cls)}, {"name_zh", plan::name_zh(cls)}, {"km", d.class_km[c]}});
  }
  return {{"definition", kDensityDefinition},
          {"area_km2", d.area_km2},
          {"total_km", d.total_km},
          {"density_km_per_km2", d.density_km_per_km2},
          {"classes", classes},
          {"divided_carriageway_km", d.divided_carriageway_km},
          {"lines", d.lines},
          {"lines_counted", d.lines_counted},
          {"lines_not_counted", d.lines_not_counted},
          {"not_counted_values", d.not_counted_values}};
}

nlohmann::ordered_json connections_json(const plan::GradeConnections& g) {
  auto link = [](const plan::GradeLink& l) {
    return nlohmann::ordered_json{
        {"target", l.target},
        {"connected", l.connected},
        {"length_m", l.connected ? nlohmann::ordered_json(l.length_m) : nlohmann::ordered_json(nullptr)},
        {"town_snap_m", std::isfinite(l.town_snap_m) ? nlohmann::ordered_json(l.town_snap_m) : nullptr},
        {"target_snap_m", std::isfinite(l.target_snap_m) ? nlohmann::ordered_json(l.target_snap_m) : nullptr},
        {"gap",
         l.connected ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(plan::to_string(l.gap))}};
  };
  nlohmann::ordered_json towns = nlohmann::ordered_json::array();
  for (const plan::TownConnection& t : g.towns)
    towns.push_back({{"id", t.id},
                     {"name", t.name},
                     {"county", t.county},
                     {"connected", t.connected()},
                     {"to_central", link(t.to_central)},
                     {"to_seat", link(t.to_seat)}});
  return {{"definition", kGradeDefinition},
          {"min_grade", g.min_grade},
          {"min_grade_zh", grade_name(g.min_grade)},
          {"max_snap_m", g.max_snap_m},
          {"lines", g.lines},
          {"lines_kept", g.lines_kept},
          {"kept_km", g.kept_km},
          {"key_towns", g.towns.size()},
          {"connected", g.connected},
          {"towns", towns}};
}

void print_density(const plan::RoadDensity& d) {
  std::printf("  area              %.3f km²\n", d.area_km2);
  std::printf("  roads counted     %.3f km (%zu lines; %zu lines of no counted class)\n", d.total_km,
              d.lines_counted, d.lines_not_counted);
  for (std::size_t c = 0; c < plan::kUrbanRoadClasses; ++c) {
    const auto cls = static_cast<plan::UrbanRoadClass>(c);
    std::printf("    %s %-10s %9.3f km\n", plan::name_zh(cls), plan::to_string(cls), d.class_km[c]);
  }
  if (d.divided_carriageway_km > 0)
    std::printf("  divided roads     %.3f km of one-way carriageways counted half\n",
                d.divided_carriageway_km);
  std::printf("  density           %.2f km/km²\n", d.density_km_per_km2);
}

void print_connections(const plan::GradeConnections& g) {
  std::printf("  roads of %s or better  %zu of %zu lines, %.1f km\n", grade_name(g.min_grade).c_str(),
              g.lines_kept, g.lines, g.kept_km);
  std::printf("  key towns joined  %zu of %zu (to the central city and to the county seat)\n", g.connected,
              g.towns.size());
  auto describe = [&](const plan::GradeLink& l) {
    char buf[160];
    if (l.connected)
      std::snprintf(buf, sizeof buf, "%s %.1f km", l.target.c_str(), l.length_m / 1000);
    else if (l.gap == plan::ConnectionGap::TownTooFar)
      std::snprintf(buf, sizeof buf, "%s: GAP, town %.0f m from the nearest such road (max %.0f)",
                    l.target.c_str(), l.town_snap_m, g.max_snap_m);
    else if (l.gap == plan::ConnectionGap::TargetTooFar)
      std::snprintf(buf, sizeof buf, "%s: GAP, target %.0f m from the nearest such road (max %.0f)",
                    l.target.c_str(), l.target_snap_m, g.max_snap_m);
    else
      std::snprintf(buf, sizeof buf, "%s: GAP, %s", l.target.empty() ? "-" : l.target.c_str(),
                    plan::to_string(l.gap));
    return std::string(buf);
  };
  for (const plan::TownConnection& t : g.towns)
    std::printf("    %-4s %s (%s): central %s; seat %s\n", t.connected() ? "ok" : "FAIL", t.name.c_str(),
                t.county.c_str(), describe(t.to_central).c_str(), describe(t.to_seat).c_str());
}

void add_road_class_options(Args& args, bool density, bool grades) {
  args.add_option("class-field", "F",
                  "the roads' field holding their class or grade (default: OSM highway tags)");
  if (density) {
    args.add_option("class-map", "V=CLASS,...",
                    "with --class-field: its values as urban road classes, e.g. 'A=快速路,B=主干路'");
    args.add_option("uniform-class", "C",
                    "count every line as this urban road class (e.g. 支路 for a layer without classes)");
  }
  if (grades)
    args.add_option("grade-map", "V=GRADE,...",
                    "with --class-field: its values as highway grades, e.g. 'G=一级公路,S=二级公路'");
}

void add_road_check_options(Args& args) {
  args.add_input("roads", "the road layer of the road checks (an OSM file: its `lines` layer)");
  args.add_option("area", "DS", "the outline of the density check (default: the plan's central_city layer)");
  args.add_option("area-layer", "L", "the layer of --area (default: its first)");
  add_road_class_options(args, true, true);
  add_max_snap_option(args, 1000);
  add_assume_crs_option(args);
}

std::string where_from(const std::string& source) {
  return source.empty() ? "" : " (" + source.substr(0, source.find(':')) + ")";
}

RoadCheckArgs road_check_args(const Args& args) {
  RoadCheckArgs r;
  if (const auto m = args.get("class-map")) r.class_map = parse_value_map(*m, "class-map");
  if (const auto u = args.get("uniform-class")) r.uniform_class = plan::parse_urban_road_class(*u);
  if (const auto m = args.get("grade-map")) r.grade_map = parse_value_map(*m, "grade-map");
  r.max_snap_m = args.number("max-snap", 1000);
  return r;
}

RoadChecks run_road_checks(const Args& args, const RoadCheckArgs& road_args, const plan::Plan& p,
                           std::vector<std::string>& findings) {
  RoadChecks r;
  const auto roads_path = args.get("roads");
  if (!roads_path) return r;
  r.ran = true;
  r.roads = *roads_path;
  const plan::RoadTargets& t = p.meta.road_targets;
  plan::ReadOptions ro;
  ro.target_crs = p.crs;
  ro.assume_crs = args.get("assume-crs").value_or("");
  ro.layer = args.get("roads-layer").value_or(plan::is_osm_source(*roads_path) ? "lines" : "");
  ro.where = args.get("roads-where").value_or("");
  ro.expect = plan::GeometryKind::Line;
  const plan::Layer roads = plan::read_layer(*roads_path, ro);
  const std::string class_field = args.get("class-field").value_or("");
  if (t.density_km_per_km2) {
    std::string area = args.get("area").value_or("");
    if (area.empty()) {
      const std::string demo = p.demo_path();
      const std::string file =
          demo.empty() ? "" : (std::filesystem::path(demo) / "central_city.geojson").string();
      if (file.empty() || !std::filesystem::exists(file))
        throw plan::UsageError("the density check needs the central city's outline: give it with --area");
      area = file, r.area_synthetic = true;
    }
    r.area = area;
    plan::ReadOptions ao;
    ao.target_crs = p.crs;
    ao.assume_crs = ro.assume_crs;
    ao.layer = args.get("area-layer").value_or("");
    const plan::Layer outline = plan::read_layer(area, ao);
    plan::RoadDensityOptions o;
    o.class_field = class_field;
    o.class_map = road_args.class_map;
    o.uniform_class = road_args.uniform_class;
    r.density = plan::road_network_density(roads, outline, o);
    if (r.density->density_km_per_km2 < *t.density_km_per_km2) {
      char buf[256];
      std::snprintf(buf, sizeof buf,
                    "road network density of the %scentral city is %.2f km/km², below the plan's %g km/km²",
                    r.area_synthetic ? "SYNTHETIC demonstration " : "", r.density->density_km_per_km2,
                    *t.density_km_per_km2);
      findings.push_back(buf + where_from(t.density_source));
    }
  }
  if (t.min_grade && args.get("uniform-class")) {
    r.grades_need =
        "highway grades: --uniform-class gives none; give a road layer with OSM highway tags, or "
        "--class-field with --grade-map";
  } else if (t.min_grade) {
    std::vector<plan::RoadSettlement> s;
    for (const plan::Settlement& x : p.settlements)
      if (!x.geometry.points.empty()) s.push_back({x.id, x.name_zh, x.tier, x.county, x.geometry.points[0]});
    plan::GradeOptions o;
    o.min_grade = *t.min_grade;
    o.class_field = class_field;
    o.grade_map = road_args.grade_map;
    o.max_snap_m = road_args.max_snap_m;
    r.grades = plan::check_grade_connections(roads, s, o);
    std::string failed;
    std::size_t n = 0;
    for (const plan::TownConnection& c : r.grades->towns)
      if (!c.connected()) failed += (n++ ? ", " : "") + c.name;
    if (n)
      findings.push_back(std::to_string(n) + " of " + std::to_string(r.grades->towns.size()) +
                         " key towns are not joined to the central city and their county seat by a " +
                         grade_name(*t.min_grade) + " or better on this road layer" +
                         where_from(t.grade_source) + ": " + failed);
  }
  return r;
}

}  // namespace cli
