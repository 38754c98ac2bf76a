// The `plan check --json` document, shared by the command and the Python package.
#include "model/check_json.hpp"

#include <nlohmann/json.hpp>

#include "plan/checks.hpp"

namespace plan {

nlohmann::ordered_json county_guidance_json(const std::vector<CountyGuidance>& guidance) {
  using json = nlohmann::ordered_json;
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json out = json::array();
  for (const CountyGuidance& g : guidance)
    out.push_back({{"county", g.county},
                   {"kind", g.kind},
                   {"seat", text_or_null(g.seat)},
                   {"guidance", text_or_null(g.guidance)},
                   {"source", text_or_null(g.source)}});
  return out;
}

namespace {

using json = nlohmann::ordered_json;

json schema_json(const LoadReport& load) {
  json issues = json::array();
  for (const SchemaIssue& i : load.issues) {
    json x;
    x["severity"] = i.severity == Severity::Error ? "error" : "warning";
    x["file"] = i.where.file;
    x["layer"] = i.where.layer;
    x["feature"] = i.where.feature_id ? json(*i.where.feature_id) : json(nullptr);
    x["field"] = i.where.field;
    x["problem"] = i.problem;
    issues.push_back(x);
  }
  return {{"errors", load.errors()}, {"warnings", load.warnings()}, {"issues", issues}};
}

json tiers_json(const std::vector<TierCount>& tiers) {
  json out = json::array();
  for (const TierCount& t : tiers)
    out.push_back(
        {{"tier", t.tier}, {"count", t.count}, {"expected", t.expected ? json(*t.expected) : json(nullptr)}});
  return out;
}

json counties_json(const std::vector<CountyTally>& counties) {
  json out = json::array();
  for (const CountyTally& t : counties)
    out.push_back({{"county", t.county},
                   {"tier1", t.per_tier[0]},
                   {"tier2", t.per_tier[1]},
                   {"tier3", t.per_tier[2]},
                   {"tier4", t.per_tier[3]}});
  return out;
}

json placements_json(const std::vector<SettlementPlacement>& settlements) {
  json out = json::array();
  for (const SettlementPlacement& s : settlements)
    out.push_back({{"name_zh", s.name_zh},
                   {"tier", s.tier},
                   {"county", s.county},
                   {"nearest_axis", s.nearest_axis},
                   {"axis_distance_m", s.axis_distance_m},
                   {"on_axes", s.on_axes},
                   {"in_belt", s.in_belt},
                   {"belt_distance_m", s.belt_distance_m},
                   {"in_core", s.in_core}});
  return out;
}

json intrusions_json(const std::vector<Intrusion>& intrusions) {
  json out = json::array();
  for (const Intrusion& i : intrusions)
    out.push_back({{"layer", i.layer},
                   {"name_zh", i.name_zh},
                   {"kind", i.kind},
                   {"status", to_string(i.status)},
                   {"into_layer", i.protected_layer},
                   {"into", i.protected_name},
                   {"geometry", to_string(i.geometry)},
                   {"overlap_m", i.overlap_m},
                   {"overlap_m2", i.overlap_m2}});
  return out;
}

json lengths_json(const std::vector<NetworkLength>& lines) {
  json a = json::array();
  double total = 0, inside = 0;
  for (const NetworkLength& n : lines) {
    a.push_back({{"name_zh", n.name_zh},
                 {"kind", n.kind},
                 {"length_m", n.length_m},
                 {"length_in_city_m", n.length_in_city_m}});
    total += n.length_m, inside += n.length_in_city_m;
  }
  return json{{"total_m", total}, {"total_in_city_m", inside}, {"lines", a}};
}

json areas_json(const std::vector<AreaFigure>& areas) {
  json a = json::array();
  for (const AreaFigure& f : areas)
    a.push_back({{"name_zh", f.name_zh},
                 {"kind", f.kind},
                 {"area_m2", f.area_m2},
                 {"area_in_city_m2", f.area_in_city_m2}});
  return a;
}

// The plan's road targets, unmeasured: `plan check --roads` replaces this with the measured figures.
json unmeasured_roads_json(const RoadTargets& rt) {
  return {{"status", "no data"},
          {"needs", kRoadChecksNeed},
          {"density",
           {{"target_km_per_km2", rt.density_km_per_km2 ? json(*rt.density_km_per_km2) : json(nullptr)},
            {"source", rt.density_source}}},
          {"grade_connection",
           {{"min_grade", rt.min_grade ? json(*rt.min_grade) : json(nullptr)}, {"source", rt.grade_source}}}};
}

}  // namespace

std::string render_check_json(const Plan& plan, const LoadReport& load, const PlanCheck& check,
                              double axis_tolerance_m) {
  json j;
  j["plan"] = {{"name_zh", plan.meta.name_zh}, {"source", plan.source}, {"crs", plan.crs}};
  j["schema"] = schema_json(load);
  j["formula"] = check.formula;
  j["tiers"] = tiers_json(check.tiers);
  j["counties"] = counties_json(check.counties);
  j["county_guidance"] = county_guidance_json(check.guidance);
  j["axis_tolerance_m"] = axis_tolerance_m;
  j["settlements"] = placements_json(check.settlements);
  j["intrusions"] = intrusions_json(check.intrusions);
  j["blue_network"] = lengths_json(check.blue);
  j["green_network"] = lengths_json(check.green);
  j["barriers"] = areas_json(check.barriers);
  j["patches"] = areas_json(check.patches);
  j["roads"] = unmeasured_roads_json(plan.meta.road_targets);
  j["findings"] = check.findings;
  return j.dump(2);
}

}  // namespace plan
