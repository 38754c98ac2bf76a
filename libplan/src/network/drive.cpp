#include "plan/drive.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <set>

#include "plan/error.hpp"
#include "plan/osm.hpp"

namespace plan {

namespace {

std::string lower_trimmed(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  std::string out = s.substr(a, b - a);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

double default_speed_kmh(const std::string& highway) {
  // Free-flow speeds by class for Chinese cities. OSM's China tagging maps 高速公路/城市快速路 to motorway
  // or trunk, 主干路 to primary, 次干路 to secondary, 支路 to tertiary and below; CJJ 37-2012 (城市道路工程
  // 设计规范) gives their design speeds: 快速路 60–100, 主干路 40–60, 次干路 30–50, 支路 20–40 km/h, and
  // expressways are posted at 100–120. We take the upper design speed of urban roads (motorway 100, trunk
  // 80, primary 60, secondary 50, tertiary 40) and 30 for minor and residential streets (the common urban
  // limit); ramps (*_link) run a class slower; living streets at walking pace plus (10); service roads 20.
  // These are free-flow times, without signals or congestion, so real peak-hour times are longer.
  static const std::map<std::string, double> kSpeed = {
      {"motorway", 100}, {"motorway_link", 60}, {"trunk", 80},        {"trunk_link", 50},
      {"primary", 60},   {"primary_link", 40},  {"secondary", 50},    {"secondary_link", 40},
      {"tertiary", 40},  {"tertiary_link", 30}, {"unclassified", 30}, {"residential", 30},
      {"road", 30},      {"living_street", 10}, {"service", 20}};
  const auto it = kSpeed.find(highway);
  return it == kSpeed.end() ? 0 : it->second;
}

std::optional<double> parse_maxspeed_kmh(const std::string& text) {
  const std::string s = lower_trimmed(text);
  std::size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  const std::string number = s.substr(0, i);
  char* end = nullptr;
  const double v = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size()) return std::nullopt;
  std::size_t j = i;
  while (j < s.size() && s[j] == ' ') ++j;
  const std::string unit = s.substr(j);
  double kmh;
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph")
    kmh = v;
  else if (unit == "mph")
    kmh = v * 1.609344;
  else if (unit == "knots")
    kmh = v * 1.852;
  else
    return std::nullopt;
  if (!(kmh > 0) || kmh > 300) return std::nullopt;
  return kmh;
}

bool osm_drivable(const std::string& highway, const std::map<std::string, std::string>& tags) {
  if (!(default_speed_kmh(highway) > 0)) return false;
  auto tag = [&](const char* k) {
    auto it = tags.find(k);
    return it == tags.end() ? std::string() : lower_trimmed(it->second);
  };
  const std::string motor_vehicle = tag("motor_vehicle"), motorcar = tag("motorcar");
  if (motor_vehicle == "no" || motorcar == "no") return false;
  auto allows = [](const std::string& v) {
    return v == "yes" || v == "designated" || v == "permissive" || v == "destination";
  };
  const std::string access = tag("access");
  if ((access == "private" || access == "no") && !allows(motor_vehicle) && !allows(motorcar)) return false;
  if (tag("area") == "yes") return false;
  static const std::set<std::string> kNoService = {"parking_aisle", "driveway", "parking",
                                                   "private",       "alley",    "emergency_access"};
  if (highway == "service" && kNoService.count(tag("service"))) return false;
  const std::string oneway = tag("oneway");
  if (oneway == "reversible" || oneway == "alternating") return false;
  return true;
}

RoadRule osm_road_directions(const std::string& highway, const std::string& oneway_tag,
                             const std::string& junction_tag) {
  const std::string oneway = lower_trimmed(oneway_tag), junction = lower_trimmed(junction_tag);
  RoadRule r;
  if (oneway == "yes" || oneway == "true" || oneway == "1") {
    r.backward = false;
  } else if (oneway == "-1" || oneway == "reverse") {
    r.forward = false;
  } else if (oneway == "no" || oneway == "false" || oneway == "0") {
    // explicitly two-way, even on a roundabout or motorway
  } else if (junction == "roundabout" || junction == "circular" || highway == "motorway") {
    r.backward = false;
  }
  return r;
}

Network drive_network_from_layer(const Layer& lines, DriveNetworkReport* report) {
  const Location where{lines.source, lines.name, {}, {}};
  if (lines.kind != GeometryKind::Line && !lines.features.empty())
    throw DataError(where, std::string("a network needs line features, found ") + to_string(lines.kind));
  const bool other_tags = lines.field_index("other_tags").has_value();
  if (!lines.features.empty() && !lines.field_index("highway") && !other_tags)
    throw DataError(
        Location{lines.source, lines.name, {}, "highway"},
        "a driving network needs road classes: a highway field (a column, or an OSM other_tags column)");
  // Every key as a column when the layer has one, else from other_tags, else empty.
  auto values = [&](const char* key) {
    if (lines.field_index(key) || other_tags) return text_values(lines, key);
    return std::vector<std::string>(lines.features.size());
  };
  const auto highway = values("highway"), oneway = values("oneway"), junction = values("junction"),
             maxspeed = values("maxspeed");
  const char* kRuleKeys[] = {"access", "motor_vehicle", "motorcar", "service", "area"};
  std::vector<std::vector<std::string>> rule_values;
  for (const char* k : kRuleKeys) rule_values.push_back(values(k));

  DriveNetworkReport r;
  r.lines = lines.features.size();
  NetworkBuilder b(TravelMode::Drive);
  for (std::size_t i = 0; i < lines.features.size(); ++i) {
    const std::string hw = lower_trimmed(highway[i]);
    if (hw.empty()) {
      ++r.not_highway;
      continue;
    }
    std::map<std::string, std::string> tags;
    for (std::size_t k = 0; k < std::size(kRuleKeys); ++k)
      if (!rule_values[k][i].empty()) tags[kRuleKeys[k]] = rule_values[k][i];
    if (!oneway[i].empty()) tags["oneway"] = oneway[i];
    if (!osm_drivable(hw, tags)) {
      ++r.not_drivable;
      continue;
    }
    RoadRule rule = osm_road_directions(hw, oneway[i], junction[i]);
    rule.speed_kmh = default_speed_kmh(hw);
    if (!maxspeed[i].empty()) {
      if (const auto v = parse_maxspeed_kmh(maxspeed[i])) {
        rule.speed_kmh = *v;
        ++r.maxspeed_used;
      } else {
        ++r.maxspeed_ignored;
        auto& seen = r.maxspeed_ignored_values;
        if (seen.size() < 10 && std::find(seen.begin(), seen.end(), maxspeed[i]) == seen.end())
          seen.push_back(maxspeed[i]);
      }
    }
    if (rule.forward != rule.backward) ++r.oneway_lines;
    ++r.kept;
    const Feature& f = lines.features[i];
    for (const LineString& l : f.geometry.lines) b.add_line(l, f.id, rule);
  }
  if (report) *report = r;
  return b.build();
}

}  // namespace plan
