// The plan schema and the rules that need more than one feature.
#include <algorithm>
#include <map>
#include <set>

#include "model/spatial.hpp"
#include "plan/plan.hpp"

namespace plan {

const char* to_string(ElementStatus status) {
  return status == ElementStatus::Planned ? "planned" : "existing";
}

const char* to_string(CircleMode mode) {
  switch (mode) {
    case CircleMode::Walk:
      return "walk";
    case CircleMode::Drive:
      return "drive";
    case CircleMode::Corridor:
      return "corridor";
  }
  return "";
}

const std::vector<LayerSchema>& plan_schema() {
  static const std::vector<LayerSchema> schema = {
      {"boundaries",
       GeometryKind::Polygon,
       {"city", "district", "county"},
       {"population", "area_km2", "guidance", "guidance_source"}},
      {"core", GeometryKind::Polygon, {"core"}, {}},
      {"belt", GeometryKind::Polygon, {"belt"}, {}},
      {"axes", GeometryKind::Line, {"axis"}, {"from_zh", "to_zh"}},
      {"poles", GeometryKind::Point, {"pole"}, {"county"}},
      {"barriers", GeometryKind::Polygon, {"barrier"}, {}},
      {"blue_network", GeometryKind::Line, {"river", "canal"}, {}},
      {"green_network", GeometryKind::Line, {"green_corridor"}, {"width_m"}},
      {"patches", GeometryKind::Polygon, {"forest_farm", "wetland_park", "forest_park", "scenic_area"}, {}},
      {"corridors", GeometryKind::Line, {"railway", "high_speed_railway", "expressway"}, {}},
      {"hubs", GeometryKind::Point, {"airport", "station", "port"}, {}},
      {"settlements",
       GeometryKind::Point,
       {"central_city", "county_seat", "key_town", "town"},
       {"tier", "county", "guidance", "population"}},
  };
  return schema;
}

std::string SchemaIssue::describe() const {
  const std::string place = where.describe();
  return std::string(severity == Severity::Error ? "error: " : "warning: ") +
         (place.empty() ? "" : place + ": ") + problem;
}

std::size_t LoadReport::errors() const {
  std::size_t n = 0;
  for (const SchemaIssue& i : issues) n += i.severity == Severity::Error;
  return n;
}

std::size_t LoadReport::warnings() const { return issues.size() - errors(); }

namespace {

int tier_of_kind(const std::string& kind) {
  if (kind == "central_city") return 1;
  if (kind == "county_seat") return 2;
  if (kind == "key_town") return 3;
  if (kind == "town") return 4;
  return 0;
}

}  // namespace

std::vector<SchemaIssue> validate_plan(const Plan& plan) {
  std::vector<SchemaIssue> issues;
  auto where = [&](const std::string& layer, std::int64_t id, const std::string& field) {
    return Location{layer_file(plan.source, layer), layer, id, field};
  };

  std::vector<const Boundary*> counties;
  std::set<std::string> county_names;
  for (const Boundary& b : plan.boundaries) {
    if (b.kind == "county" || b.kind == "district") {
      counties.push_back(&b);
      county_names.insert(b.name_zh);
    }
  }

  for (const Settlement& s : plan.settlements) {
    const int expected_tier = tier_of_kind(s.kind);
    if (expected_tier && s.tier != expected_tier)
      issues.push_back({Severity::Warning, where("settlements", s.id, "tier"),
                        "'" + s.name_zh + "' is a " + s.kind + " but has tier " + std::to_string(s.tier) +
                            " (a " + s.kind + " is tier " + std::to_string(expected_tier) + ")"});
    if (counties.empty() || s.geometry.points.empty()) continue;
    const XY p = s.geometry.points.front();
    std::vector<std::string> inside;
    for (const Boundary* c : counties)
      if (spatial::contains(c->geometry.polygons, p)) inside.push_back(c->name_zh);
    if (inside.empty()) {
      double best = -1;
      std::string nearest;
      for (const Boundary* c : counties) {
        const double d = spatial::distance_to_polygons(c->geometry.polygons, p);
        if (best < 0 || d < best) best = d, nearest = c->name_zh;
      }
      issues.push_back({Severity::Warning, where("settlements", s.id, "geometry"),
                        "'" + s.name_zh + "' lies outside every county (nearest: " + nearest + ", " +
                            std::to_string(static_cast<long>(best)) + " m away)"});
    } else if (!county_names.count(s.county)) {
      issues.push_back({Severity::Warning, where("settlements", s.id, "county"),
                        "'" + s.name_zh + "' names county '" + s.county +
                            "', which is not in boundaries (it lies in " + inside.front() + ")"});
    } else if (std::find(inside.begin(), inside.end(), s.county) == inside.end()) {
      issues.push_back(
          {Severity::Warning, where("settlements", s.id, "county"),
           "'" + s.name_zh + "' lies in " + inside.front() + ", but its county field says " + s.county});
    }
  }

  for (const Pole& p : plan.poles)
    if (!counties.empty() && !p.county.empty() && !county_names.count(p.county))
      issues.push_back(
          {Severity::Warning, where("poles", p.id, "county"),
           "pole '" + p.name_zh + "' names county '" + p.county + "', which is not in boundaries"});

  // The same name twice in a layer is almost always a digitizing slip.
  auto duplicates = [&](const std::string& layer, const auto& elements) {
    std::map<std::string, std::int64_t> seen;
    for (const auto& e : elements) {
      auto [it, fresh] = seen.emplace(e.name_zh, e.id);
      if (!fresh)
        issues.push_back({Severity::Warning, where(layer, e.id, "name_zh"),
                          "'" + e.name_zh + "' also names feature " + std::to_string(it->second)});
    }
  };
  duplicates("boundaries", plan.boundaries);
  duplicates("settlements", plan.settlements);
  duplicates("hubs", plan.hubs);
  duplicates("corridors", plan.corridors);
  return issues;
}

}  // namespace plan
