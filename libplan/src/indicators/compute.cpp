// Indicators filled from the plan's own data, each with its method and data named.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

#include "indicators/demo_data.hpp"
#include "indicators/format.hpp"
#include "model/spatial.hpp"
#include "plan/coverage.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"
#include "plan/provision.hpp"
#include "plan/reach.hpp"
#include "plan/report.hpp"

namespace plan {

IndicatorValue life_circle_indicator(double covered_share, const std::string& method, const std::string& data,
                                     bool synthetic) {
  if (!(covered_share >= 0 && covered_share <= 1))
    throw UsageError("a life-circle coverage share must lie in 0..1, not " + std::to_string(covered_share));
  IndicatorValue v;
  v.id = 14;
  v.value = 100 * covered_share;
  v.method = method;
  v.data = data;
  v.synthetic = synthetic;
  return v;
}

namespace {

using indicators::DemoData;
using indicators::find_computed;
using indicators::fixed;

// Why an indicator is not computed, for the report's notes.
using Notes = std::vector<std::string>;

std::string not_computed(const Indicator& ind, const std::string& why) {
  return "indicator " + std::to_string(ind.id) + ": " + why;
}

IndicatorValue synthetic_value(const Indicator& ind, double value, std::string method, const DemoData& demo) {
  IndicatorValue v;
  v.id = ind.id;
  v.value = value;
  v.method = std::move(method);
  v.data = demo.label();
  v.synthetic = true;
  return v;
}

// 11: stop coverage of the demonstration city's central city.
std::optional<IndicatorValue> stop_coverage(const Indicator& ind, const DemoData& demo, Notes& notes) {
  if (!demo.has("bus_stops") || !demo.has("central_city")) {
    notes.push_back(not_computed(
        ind, "no demo bus_stops/central_city in the plan folder, so stop coverage is not computed"));
    return std::nullopt;
  }
  CoverageInput in;
  in.stops = all_points(demo.read("bus_stops", GeometryKind::Point));
  in.area = all_polygons(demo.read("central_city", GeometryKind::Polygon));
  if (demo.has("exclusions")) {
    const MultiPolygon ex = all_polygons(demo.read("exclusions", GeometryKind::Polygon));
    in.exclusions.assign(ex.begin(), ex.end());
  }
  if (demo.has("population")) in.population_polygons = demo.population_blocks();
  const CoverageResult r = compute_coverage(in, CoverageOptions{});
  return synthetic_value(
      ind, 100 * r.area_ratio,
      "plan::compute_coverage: " + r.definition + "; " + std::to_string(r.stops_used) + " stops, " +
          fixed(r.area_m2 / 1e6, 2) + " km² after exclusions" +
          (r.population_ratio ? "; people covered " + fixed(100 * *r.population_ratio, 1) + " %" : ""),
      demo);
}

// 9: 公园绿地 (CJJ/T 85-2017 class G1; GB/T 50280), parks and green space open to the public, inside the
// central city over its residents. The demo keeps two parks among the coverage exclusions (kind 'park') and
// the rest in its own `parks` layer.
std::optional<IndicatorValue> park_area_per_person(const Indicator& ind, const DemoData& demo, Notes& notes) {
  auto missing = [&] {
    notes.push_back(not_computed(ind, "no park polygons with a population in the plan's data"));
    return std::nullopt;
  };
  if (!(demo.has("exclusions") || demo.has("parks")) || !demo.has("population") || !demo.has("central_city"))
    return missing();
  MultiPolygon parks;
  std::size_t pieces = 0;
  for (const char* name : {"exclusions", "parks"}) {
    if (!demo.has(name)) continue;
    const Layer l = demo.read(name, GeometryKind::Polygon);
    const auto kind = l.field_index("kind");
    for (const Feature& f : l.features) {
      const std::string k = kind && std::holds_alternative<std::string>(f.values[*kind])
                                ? std::get<std::string>(f.values[*kind])
                                : "";
      if (std::string(name) == "exclusions" ? k != "park" : k == "water") continue;
      parks.insert(parks.end(), f.geometry.polygons.begin(), f.geometry.polygons.end());
      ++pieces;
    }
  }
  double people = 0;
  for (double p : population_field(demo.read("population", GeometryKind::Polygon), "population")) people += p;
  if (parks.empty() || !(people > 0)) return missing();
  const MultiPolygon area = all_polygons(demo.read("central_city", GeometryKind::Polygon));
  const double park_m2 = spatial::overlap_area_m2(spatial::dissolve(parks), area);
  return synthetic_value(
      ind, park_m2 / people,
      "park_area_per_person: 公园绿地 (CJJ/T 85-2017 class G1, GB/T 50280) inside the central city "
      "over its resident population: " +
          std::to_string(pieces) +
          " park polygons (exclusions of kind 'park' and the parks layer), dissolved, " +
          fixed(park_m2 / 1e6, 2) + " km², over " + fixed(people, 0) + " residents",
      demo);
}

// 15 and 17: a capacity field on the facility points per 1,000 residents, for the central city and for
// each county or district of the plan that holds residents of the demonstration city.
std::optional<IndicatorValue> capacity_per_1000(const Indicator& ind, const Plan& plan, const DemoData& demo,
                                                const std::string& field, const std::string& what,
                                                Notes& notes) {
  const Layer facilities = demo.read_if_present("facilities", GeometryKind::Point);
  if (!facilities.field_index(field) || !demo.has("population") || !demo.has("central_city")) {
    notes.push_back(
        not_computed(ind, "needs facility points with a '" + field +
                              "' field, population blocks and the central city in the demo folder; "
                              "not computed"));
    return std::nullopt;
  }
  const std::vector<double> capacity = population_field(facilities, field);
  const std::vector<PopulationPolygon> blocks = demo.population_blocks();
  std::vector<ProvisionArea> areas{
      {"中心城区 (central city)", all_polygons(demo.read("central_city", GeometryKind::Polygon)), 0}};
  for (const Boundary& b : plan.boundaries)
    if (b.kind != "city") areas.push_back({b.name_zh, b.geometry.polygons, 0});
  std::vector<MultiPolygon> shapes;
  for (const ProvisionArea& a : areas) shapes.push_back(a.area);
  const std::vector<double> residents = apportion_population(blocks, shapes);
  for (std::size_t k = 0; k < areas.size(); ++k) areas[k].population = residents[k];
  // The central city and the counties overlap, and a point counts for the first area containing it: two
  // calls.
  std::vector<Provision> rows = provision_per_1000(all_points(facilities), capacity, {areas[0]});
  const std::vector<Provision> by_area =
      provision_per_1000(all_points(facilities), capacity, {areas.begin() + 1, areas.end()});
  rows.insert(rows.end(), by_area.begin(), by_area.end());
  if (!rows[0].per_1000) return std::nullopt;
  std::vector<const Provision*> counties;
  for (std::size_t k = 1; k < rows.size(); ++k)
    if (rows[k].population >= 1) counties.push_back(&rows[k]);
  std::sort(counties.begin(), counties.end(),
            [](const Provision* a, const Provision* b) { return a->per_1000 < b->per_1000; });
  std::string by_county;
  for (const Provision* c : counties)
    by_county += (by_county.empty() ? "" : "; ") + c->name + " " + fixed(*c->per_1000, 2) + " (" +
                 fixed(c->capacity, 0) + " over " + fixed(c->population, 0) + ")";
  return synthetic_value(
      ind, *rows[0].per_1000,
      "plan::provision_per_1000: the '" + field + "' field (" + what + ") of the " +
          std::to_string(rows[0].facilities) + " facility points inside the central city, " +
          fixed(rows[0].capacity, 0) + ", per 1,000 of its " + fixed(rows[0].population, 0) +
          " residents; by county, weakest first: " + (by_county.empty() ? "none" : by_county),
      demo);
}

// 19: urban residents (settlements of tiers 1-3) over the city's population, from the plan's own layers.
std::optional<IndicatorValue> urbanisation_rate(const Indicator& ind, const Plan& plan, Notes& notes) {
  double urban = 0;
  std::size_t with = 0, towns = 0;
  for (const Settlement& s : plan.settlements) {
    if (s.tier < 1 || s.tier > 3) continue;
    ++towns;
    if (s.population) urban += *s.population, ++with;
  }
  std::optional<double> total;
  for (const Boundary& b : plan.boundaries)
    if (b.kind == "city" && b.population) total = *b.population;
  if (towns == 0 || with != towns || !total || !(*total > 0)) {
    notes.push_back(not_computed(ind, std::to_string(with) + " of " + std::to_string(towns) +
                                          " settlements (tiers 1–3) carry a population" +
                                          (total ? "" : " and the city boundary has none") +
                                          ", so the urbanisation rate is not computed"));
    return std::nullopt;
  }
  IndicatorValue v;
  v.id = ind.id;
  v.value = 100 * urban / *total;
  v.method = "urban residents of the " + std::to_string(towns) +
             " settlements of tiers 1–3 over the city's population";
  v.data = layer_file(plan.source, "settlements") + ", " + layer_file(plan.source, "boundaries");
  return v;
}

// 14: GB 50180-2018's 15-minute circle: every one of its categories within 1000 m walking of the home.
std::optional<IndicatorValue> life_circle_coverage(const Indicator& ind, const DemoData& demo, Notes& notes) {
  if (!demo.has("streets") || !demo.has("facilities") || !demo.has("homes")) {
    notes.push_back(not_computed(ind,
                                 "no demo streets/facilities/homes in the plan folder, so the "
                                 "15-minute life circle is not computed; supply it with --values"));
    return std::nullopt;
  }
  LifeCircleProfile fifteen = gb50180_profile();
  std::erase_if(fifteen.categories, [](const LifeCircleCategory& c) { return c.circle != "15-minute"; });
  const Network net = network_from_layer(demo.read("streets", GeometryKind::Line));
  const Layer facilities = demo.read("facilities", GeometryKind::Point);
  const Layer homes = demo.read("homes", GeometryKind::Point);
  const SnapIndex index(net);
  const double max_snap_m = kDefaultMaxSnapM;
  const LifeCircleResult r = compute_life_circles(
      net, snap_points(index, all_points(facilities), max_snap_m), text_values(facilities, "category"),
      snap_points(index, all_points(homes), max_snap_m), population_field(homes, "population"), fifteen);
  const ReachShares& s = r.complete_shares;
  std::string categories;
  for (const LifeCircleCategory& c : fifteen.categories)
    categories += (categories.empty() ? "" : ", ") + c.name;
  IndicatorValue v = life_circle_indicator(s.population_covered_ratio.value_or(s.covered_ratio),
                                           "plan::compute_life_circles: share of residents whose home "
                                           "reaches every 15-minute life-circle service of "
                                           "GB 50180-2018 (" +
                                               categories + ") within 1000 m walking along the streets; " +
                                               std::to_string(s.covered) + " of " + std::to_string(s.homes) +
                                               " homes (" + fixed(100 * s.covered_ratio, 1) + " % of homes)",
                                           demo.label(), true);
  v.id = ind.id;
  return v;
}

// 16: 社区养老服务设施配建达标率, the share of residential communities with the community elderly-care floor
// area of Shandong's standard within the five-minute walk (plan::floor_area_standard).
std::optional<IndicatorValue> elderly_care_to_standard(const Indicator& ind, const DemoData& demo,
                                                       Notes& notes) {
  if (!demo.has("streets") || !demo.has("communities") || !demo.has("elderly_care")) {
    notes.push_back(not_computed(
        ind,
        "no demo streets/communities/elderly_care in the plan folder (communities with a 'households' "
        "field, elderly-care points with 'floor_area_m2'), so the share of communities with the "
        "elderly-care floor area of the standard is not computed; supply it with --values"));
    return std::nullopt;
  }
  const Network net = network_from_layer(demo.read("streets", GeometryKind::Line));
  const Layer communities = demo.read("communities", GeometryKind::Polygon);
  const Layer facilities = demo.read("elderly_care", GeometryKind::Point);
  const SnapIndex index(net);
  const FloorAreaStandard standard;
  const FloorAreaResult r =
      floor_area_standard(net, snap_points(index, representative_points(communities), kDefaultMaxSnapM),
                          population_field(communities, "households"),
                          snap_points(index, all_points(facilities), kDefaultMaxSnapM),
                          population_field(facilities, "floor_area_m2"), standard);
  return synthetic_value(
      ind, 100 * r.meeting_ratio,
      "plan::floor_area_standard: residential communities whose community elderly-care floor area within " +
          fixed(standard.within_m, 0) +
          " m walking along the streets (GB 50180-2018's five-minute circle; each facility's area shared "
          "among the communities it serves by households, the 统筹配置 of 《山东省养老服务条例》) reaches " +
          fixed(standard.m2_per_100_households, 0) +
          " m² per 100 households (《山东省养老服务条例》 2020, restated by "
          "《山东省城镇居住区社区养老服务设施"
          "规划、建设、移交和使用管理办法》 2022); " +
          std::to_string(r.meeting) + " of " + std::to_string(r.communities.size()) + " communities (" +
          (r.households_meeting_ratio ? fixed(100 * *r.households_meeting_ratio, 1) : std::string("-")) +
          " % of " + fixed(r.households, 0) + " households), " + std::to_string(r.unsnapped) + " beyond " +
          fixed(kDefaultMaxSnapM, 0) + " m of a street counted as not meeting; " + fixed(r.required_m2, 0) +
          " m² required, " + fixed(r.floor_area_m2, 0) + " m² in " +
          std::to_string(facilities.features.size()) + " facilities, " + fixed(r.allocated_m2, 0) +
          " m² of it within reach of a community",
      demo);
}

}  // namespace

std::vector<IndicatorValue> compute_indicators(const Plan& plan, std::vector<std::string>* notes) {
  const DemoData demo(plan);
  Notes why_not;
  std::vector<IndicatorValue> out;
  auto add = [&](std::optional<IndicatorValue> v) {
    if (v) out.push_back(std::move(*v));
  };
  if (const Indicator* ind = find_computed(plan, "stop_coverage")) add(stop_coverage(*ind, demo, why_not));
  if (const Indicator* ind = find_computed(plan, "park_area_per_person"))
    add(park_area_per_person(*ind, demo, why_not));
  if (const Indicator* ind = find_computed(plan, "physicians_per_1000"))
    add(capacity_per_1000(*ind, plan, demo, "physicians",
                          "执业（助理）医师 (practising and assistant physicians)", why_not));
  if (const Indicator* ind = find_computed(plan, "childcare_places_per_1000"))
    add(capacity_per_1000(*ind, plan, demo, "childcare_places", "托位 for children under 3", why_not));
  if (const Indicator* ind = find_computed(plan, "elderly_care_to_standard"))
    add(elderly_care_to_standard(*ind, demo, why_not));
  if (const Indicator* ind = find_computed(plan, "urbanisation_rate"))
    add(urbanisation_rate(*ind, plan, why_not));
  if (const Indicator* ind = find_computed(plan, "life_circle_coverage"))
    add(life_circle_coverage(*ind, demo, why_not));
  if (notes) notes->insert(notes->end(), why_not.begin(), why_not.end());
  return out;
}

}  // namespace plan
