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

std::string render_check_json(const Plan& plan, const LoadReport& load, const PlanCheck& check,
                              double axis_tolerance_m) {
  using json = nlohmann::ordered_json;
  json j;
  j["plan"] = {{"name_zh", plan.meta.name_zh}, {"source", plan.source}, {"crs", plan.crs}};
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
  j["schema"] = {{"errors", load.errors()}, {"warnings", load.warnings()}, {"issues", issues}};
  j["formula"] = check.formula;
  json tiers = json::array();
  for (const TierCount& t : check.tiers)
    tiers.push_back(
        {{"tier", t.tier}, {"count", t.count}, {"expected", t.expected ? json(*t.expected) : json(nullptr)}});
  j["tiers"] = tiers;
  json counties = json::array();
  for (const CountyTally& t : check.counties)
    counties.push_back({{"county", t.county},
                        {"tier1", t.per_tier[0]},
                        {"tier2", t.per_tier[1]},
                        {"tier3", t.per_tier[2]},
                        {"tier4", t.per_tier[3]}});
  j["counties"] = counties;
  j["county_guidance"] = county_guidance_json(check.guidance);
  j["axis_tolerance_m"] = axis_tolerance_m;
  json placements = json::array();
  for (const SettlementPlacement& s : check.settlements)
    placements.push_back({{"name_zh", s.name_zh},
                          {"tier", s.tier},
                          {"county", s.county},
                          {"nearest_axis", s.nearest_axis},
                          {"axis_distance_m", s.axis_distance_m},
                          {"on_axes", s.on_axes},
                          {"in_belt", s.in_belt},
                          {"belt_distance_m", s.belt_distance_m},
                          {"in_core", s.in_core}});
  j["settlements"] = placements;
  json intrusions = json::array();
  for (const Intrusion& i : check.intrusions)
    intrusions.push_back({{"layer", i.layer},
                          {"name_zh", i.name_zh},
                          {"kind", i.kind},
                          {"status", to_string(i.status)},
                          {"into_layer", i.protected_layer},
                          {"into", i.protected_name},
                          {"geometry", to_string(i.geometry)},
                          {"overlap_m", i.overlap_m},
                          {"overlap_m2", i.overlap_m2}});
  j["intrusions"] = intrusions;
  auto lengths = [](const std::vector<NetworkLength>& v) {
    json a = json::array();
    double total = 0, inside = 0;
    for (const NetworkLength& n : v) {
      a.push_back({{"name_zh", n.name_zh},
                   {"kind", n.kind},
                   {"length_m", n.length_m},
                   {"length_in_city_m", n.length_in_city_m}});
      total += n.length_m, inside += n.length_in_city_m;
    }
    return json{{"total_m", total}, {"total_in_city_m", inside}, {"lines", a}};
  };
  j["blue_network"] = lengths(check.blue);
  j["green_network"] = lengths(check.green);
  auto areas = [](const std::vector<AreaFigure>& v) {
    json a = json::array();
    for (const AreaFigure& f : v)
      a.push_back({{"name_zh", f.name_zh},
                   {"kind", f.kind},
                   {"area_m2", f.area_m2},
                   {"area_in_city_m2", f.area_in_city_m2}});
    return a;
  };
  j["barriers"] = areas(check.barriers);
  j["patches"] = areas(check.patches);
  const RoadTargets& rt = plan.meta.road_targets;
  j["roads"] = {
      {"status", "no data"},
      {"needs", kRoadChecksNeed},
      {"density",
       {{"target_km_per_km2", rt.density_km_per_km2 ? json(*rt.density_km_per_km2) : json(nullptr)},
        {"source", rt.density_source}}},
      {"grade_connection",
       {{"min_grade", rt.min_grade ? json(*rt.min_grade) : json(nullptr)}, {"source", rt.grade_source}}}};
  j["findings"] = check.findings;
  return j.dump(2);
}

}  // namespace plan
