#include "road_output.hpp"

#include <cmath>
#include <cstdio>

#include "plan/error.hpp"

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

}  // namespace cli
