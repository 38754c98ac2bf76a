// Structure checks of a plan: towns by tier and county, towns on axes and in the belt, intrusions into
// the ecological barriers and patches, network lengths and barrier areas.
#include "plan/checks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/spatial.hpp"
#include "plan/error.hpp"

namespace plan {

namespace {

std::string km(double m) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(1);
  s << m / 1000 << " km";
  return s.str();
}

std::string km2(double m2) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(2);
  s << m2 / 1e6 << " km²";
  return s.str();
}

MultiPolygon polygons_of(const std::vector<PlanElement>& elements) {
  MultiPolygon all;
  for (const PlanElement& e : elements)
    all.insert(all.end(), e.geometry.polygons.begin(), e.geometry.polygons.end());
  return all;
}

}  // namespace

namespace {

// Settlements per tier against the formula ("1+7+22+N"), and per county in the boundaries' order.
void count_tiers(const Plan& plan, PlanCheck& c) {
  std::vector<int> expected = plan.meta.expected_per_tier;
  if (expected.empty()) expected = {1, 7, 22};
  for (int tier = 1; tier <= 4; ++tier) {
    TierCount t;
    t.tier = tier;
    t.count = std::count_if(plan.settlements.begin(), plan.settlements.end(),
                            [&](const Settlement& s) { return s.tier == tier; });
    if (tier <= static_cast<int>(expected.size())) t.expected = expected[tier - 1];
    c.tiers.push_back(t);
    if (t.expected && static_cast<int>(t.count) != *t.expected)
      c.findings.push_back("tier " + std::to_string(tier) + " has " + std::to_string(t.count) +
                           " settlements; the plan's " + c.formula + " expects " +
                           std::to_string(*t.expected));
  }
  std::vector<std::string> county_order;
  for (const Boundary& b : plan.boundaries)
    if (b.kind != "city") county_order.push_back(b.name_zh);
  std::map<std::string, CountyTally> tally;
  for (const Settlement& s : plan.settlements) {
    CountyTally& t = tally[s.county];
    t.county = s.county;
    if (s.tier >= 1 && s.tier <= 4) ++t.per_tier[s.tier - 1];
    if (std::find(county_order.begin(), county_order.end(), s.county) == county_order.end())
      county_order.push_back(s.county);
  }
  for (const std::string& name : county_order) {
    auto it = tally.find(name);
    CountyTally t = it != tally.end() ? it->second : CountyTally{name, {0, 0, 0, 0}};
    c.counties.push_back(t);
  }
}

// Each town's nearest axis, the axes it lies on and its distance to the belt; the key towns' summary.
void place_settlements(const Plan& plan, const CheckOptions& options, PlanCheck& c) {
  const MultiPolygon belt = polygons_of(plan.belt);
  const MultiPolygon core = polygons_of(plan.core);
  for (const Settlement& s : plan.settlements) {
    if (s.tier == 1 || s.geometry.points.empty()) continue;
    const XY p = s.geometry.points.front();
    SettlementPlacement sp;
    sp.name_zh = s.name_zh;
    sp.tier = s.tier;
    sp.county = s.county;
    double best = -1;
    for (const Axis& a : plan.axes) {
      const double d = spatial::distance_to_lines(a.geometry.lines, p);
      if (best < 0 || d < best) best = d, sp.nearest_axis = a.name_zh;
      if (d <= options.axis_tolerance_m) sp.on_axes.push_back(a.name_zh);
    }
    sp.axis_distance_m = std::max(best, 0.0);
    if (!belt.empty()) {
      sp.belt_distance_m = spatial::distance_to_polygons(belt, p);
      sp.in_belt = sp.belt_distance_m == 0;
    }
    sp.in_core = !core.empty() && spatial::contains(core, p);
    c.settlements.push_back(sp);
  }
  if (!plan.axes.empty() || !belt.empty()) {
    std::size_t towns = 0, on_axis = 0, in_belt = 0, neither = 0;
    for (const SettlementPlacement& sp : c.settlements) {
      if (sp.tier != 3) continue;
      ++towns;
      on_axis += !sp.on_axes.empty();
      in_belt += sp.in_belt;
      neither += sp.on_axes.empty() && !sp.in_belt;
    }
    if (towns)
      c.findings.push_back("key towns: " + std::to_string(on_axis) + " of " + std::to_string(towns) +
                           " on an axis (within " + km(options.axis_tolerance_m) + "), " +
                           std::to_string(in_belt) + " in the belt, " + std::to_string(neither) +
                           " on neither");
  }
  for (const SettlementPlacement& sp : c.settlements)
    if (sp.tier == 2 && sp.on_axes.empty() && !sp.in_belt && !plan.axes.empty())
      c.findings.push_back("county seat " + sp.name_zh +
                           " lies on no axis and outside the belt (nearest axis " + sp.nearest_axis + ", " +
                           km(sp.axis_distance_m) + ")");
}

// Settlements, hubs, corridors, core and belt that enter an ecological barrier or patch, and by how much.
void find_intrusions(const Plan& plan, PlanCheck& c) {
  struct Protected {
    const char* layer;
    const PlanElement* e;
  };
  std::vector<Protected> protect;
  for (const PlanElement& b : plan.barriers) protect.push_back({"barriers", &b});
  for (const PlanElement& p : plan.patches) protect.push_back({"patches", &p});
  auto check = [&](const char* layer, const PlanElement& e) {
    for (const Protected& pr : protect) {
      const MultiPolygon& zone = pr.e->geometry.polygons;
      Intrusion in;
      in.layer = layer;
      in.name_zh = e.name_zh;
      in.kind = e.kind;
      in.status = e.status;
      in.protected_layer = pr.layer;
      in.protected_name = pr.e->name_zh;
      in.geometry = e.geometry.kind;
      bool hit = false;
      switch (e.geometry.kind) {
        case GeometryKind::Point:
          for (const XY& p : e.geometry.points) hit = hit || spatial::contains(zone, p);
          break;
        case GeometryKind::Line:
          in.overlap_m = spatial::length_within_m(e.geometry.lines, zone);
          hit = in.overlap_m > 0;
          break;
        case GeometryKind::Polygon:
          in.overlap_m2 = spatial::overlap_area_m2(e.geometry.polygons, zone);
          hit = in.overlap_m2 > 0;
          break;
      }
      if (hit) c.intrusions.push_back(in);
    }
  };
  for (const Settlement& s : plan.settlements) check("settlements", s);
  for (const PlanElement& h : plan.hubs) check("hubs", h);
  for (const PlanElement& k : plan.corridors) check("corridors", k);
  for (const PlanElement& k : plan.core) check("core", k);
  for (const PlanElement& k : plan.belt) check("belt", k);
  for (const Intrusion& in : c.intrusions)
    if (in.status == ElementStatus::Planned && in.layer != "core" && in.layer != "belt") {
      std::string amount = in.geometry == GeometryKind::Line      ? km(in.overlap_m) + " inside"
                           : in.geometry == GeometryKind::Polygon ? km2(in.overlap_m2) + " inside"
                                                                  : "inside";
      c.findings.push_back("planned " + in.kind + " " + in.name_zh + " enters " + in.protected_name + " (" +
                           amount + ")");
    }
}

// Blue and green network lengths and barrier and patch areas, in all and inside the city outline, and the
// counts the plan's 两屏 and 五轴 name.
void measure_networks(const Plan& plan, PlanCheck& c) {
  MultiPolygon city;
  for (const Boundary& b : plan.boundaries)
    if (b.kind == "city") city.insert(city.end(), b.geometry.polygons.begin(), b.geometry.polygons.end());
  c.has_city_outline = !city.empty();
  auto lengths = [&](const auto& elements, std::vector<NetworkLength>& out) {
    for (const auto& e : elements) {
      NetworkLength n{e.name_zh, e.kind, spatial::length_m(e.geometry.lines), 0};
      n.length_in_city_m = c.has_city_outline ? spatial::length_within_m(e.geometry.lines, city) : n.length_m;
      out.push_back(n);
    }
  };
  lengths(plan.blue_network, c.blue);
  lengths(plan.green_network, c.green);
  auto areas = [&](const std::vector<PlanElement>& elements, std::vector<AreaFigure>& out) {
    for (const PlanElement& e : elements) {
      AreaFigure a{e.name_zh, e.kind, area_m2(e.geometry.polygons), 0};
      a.area_in_city_m2 =
          c.has_city_outline ? spatial::overlap_area_m2(e.geometry.polygons, city) : a.area_m2;
      out.push_back(a);
    }
  };
  areas(plan.barriers, c.barriers);
  areas(plan.patches, c.patches);
  if (plan.barriers.size() != 2)
    c.findings.push_back("the plan's 两屏 expects 2 barriers; the data has " +
                         std::to_string(plan.barriers.size()));
  if (plan.axes.size() != 5)
    c.findings.push_back("the plan's 五轴 expects 5 axes; the data has " + std::to_string(plan.axes.size()));
}

// Each county's and district's guidance with its seat. When the plan gives guidance at all, a county without
// any, or guidance for a county that has no seat, is a finding: the guidance is written for the seat.
void read_guidance(const Plan& plan, PlanCheck& c) {
  bool any = false;
  for (const Boundary& b : plan.boundaries) {
    if (b.kind == "city") continue;
    CountyGuidance g{b.name_zh, b.kind, b.guidance, b.guidance_source, ""};
    for (const Settlement& s : plan.settlements)
      if (s.tier == 2 && s.county == b.name_zh) g.seat = s.name_zh;
    any = any || !g.guidance.empty();
    c.guidance.push_back(g);
  }
  if (!any) return;
  for (const CountyGuidance& g : c.guidance) {
    if (g.kind == "county" && g.guidance.empty())
      c.findings.push_back("county " + g.county + " has no function guidance, while other counties have");
    if (!g.guidance.empty() && g.seat.empty())
      c.findings.push_back("the guidance for " + g.county +
                           " concerns its county seat, which the plan's "
                           "settlements do not hold");
  }
}

}  // namespace

PlanCheck check_plan(const Plan& plan, const CheckOptions& options) {
  PlanCheck c;
  c.formula = plan.meta.settlement_formula.empty() ? "1+7+22+N" : plan.meta.settlement_formula;
  count_tiers(plan, c);
  place_settlements(plan, options, c);
  find_intrusions(plan, c);
  measure_networks(plan, c);
  read_guidance(plan, c);
  for (const std::string& f : target_contradictions(plan)) c.findings.push_back(f);
  return c;
}

std::vector<std::string> target_contradictions(const Plan& plan) {
  // plan.json's `stated_targets`: targets the text sets outside the indicator table (action tables), each
  // {"indicator", "year", "target", "source"}; they are compared with the table's target for that year.
  std::vector<std::string> out;
  nlohmann::json j = nlohmann::json::parse(plan.meta.json, nullptr, false);
  if (!j.is_object() || !j.contains("stated_targets") || !j["stated_targets"].is_array()) return out;
  for (const nlohmann::json& st : j["stated_targets"]) {
    const int id = st.value("indicator", 0), year = st.value("year", 0);
    const std::string text = st.value("target", ""), source = st.value("source", "");
    const auto ind = std::find_if(plan.indicators.begin(), plan.indicators.end(),
                                  [&](const Indicator& i) { return i.id == id; });
    if (ind == plan.indicators.end() || (year != 2025 && year != 2035) || text.empty()) continue;
    const std::optional<Target>& table = year == 2025 ? ind->target_2025 : ind->target_2035;
    if (!table) continue;
    Target stated;
    try {
      stated = parse_target(text, ind->higher_is_better);
    } catch (const UsageError&) {
      continue;
    }
    if (stated.comparator == table->comparator && stated.value == table->value) continue;
    out.push_back("internal contradiction: " + source + " sets indicator " + std::to_string(id) + " " +
                  ind->name_zh + " to " + text + (ind->unit == "%" ? " %" : " " + ind->unit) + " for " +
                  std::to_string(year) + ", the indicator table (专栏1) to " + table->text +
                  (ind->unit == "%" ? " %" : " " + ind->unit));
  }
  return out;
}

}  // namespace plan
