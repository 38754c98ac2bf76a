// Indicators filled from the plan's own data, each with its method and data named.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <tuple>

#include "indicators/format.hpp"
#include "model/spatial.hpp"
#include "plan/coverage.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"
#include "plan/provision.hpp"
#include "plan/reach.hpp"
#include "plan/report.hpp"

namespace plan {

namespace fs = std::filesystem;

namespace {

const Indicator* find_computed(const Plan& plan, const std::string& measure) {
  for (const Indicator& i : plan.indicators)
    if (i.computed == measure) return &i;
  return nullptr;
}

using indicators::fixed;

Layer read_demo(const std::string& folder, const std::string& name, const std::string& crs,
                GeometryKind kind) {
  ReadOptions o;
  o.target_crs = crs;
  o.assume_crs = "EPSG:4326";
  o.expect = kind;
  return read_layer((fs::path(folder) / (name + ".geojson")).string(), o);
}

}  // namespace

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

std::vector<IndicatorValue> compute_indicators(const Plan& plan, std::vector<std::string>* notes) {
  std::vector<IndicatorValue> out;
  auto note = [&](const std::string& s) {
    if (notes) notes->push_back(s);
  };
  const std::string demo = plan.demo_path();
  const std::string demo_label = demo.empty() ? "" : demo + " (SYNTHETIC demonstration city, not surveyed)";
  auto demo_has = [&](const char* name) {
    return !demo.empty() && fs::exists(fs::path(demo) / (std::string(name) + ".geojson"));
  };

  if (const Indicator* ind = find_computed(plan, "stop_coverage")) {
    if (demo_has("bus_stops") && demo_has("central_city")) {
      CoverageInput in;
      in.stops = all_points(read_demo(demo, "bus_stops", plan.crs, GeometryKind::Point));
      in.area = all_polygons(read_demo(demo, "central_city", plan.crs, GeometryKind::Polygon));
      if (demo_has("exclusions")) {
        const MultiPolygon ex = all_polygons(read_demo(demo, "exclusions", plan.crs, GeometryKind::Polygon));
        in.exclusions.assign(ex.begin(), ex.end());
      }
      if (demo_has("population")) {
        const Layer pop = read_demo(demo, "population", plan.crs, GeometryKind::Polygon);
        const std::vector<double> people = population_field(pop, "population");
        for (std::size_t i = 0; i < pop.features.size(); ++i) {
          const double total = area_m2(pop.features[i].geometry.polygons);
          for (const Polygon& p : pop.features[i].geometry.polygons)
            in.population_polygons.push_back({p, total > 0 ? people[i] * area_m2(p) / total : 0});
        }
      }
      const CoverageResult r = compute_coverage(in, CoverageOptions{});
      IndicatorValue v;
      v.id = ind->id;
      v.value = 100 * r.area_ratio;
      v.method = "plan::compute_coverage: " + r.definition + "; " + std::to_string(r.stops_used) +
                 " stops, " + fixed(r.area_m2 / 1e6, 2) + " km² after exclusions" +
                 (r.population_ratio ? "; people covered " + fixed(100 * *r.population_ratio, 1) + " %" : "");
      v.data = demo_label;
      v.synthetic = true;
      out.push_back(v);
    } else {
      note("indicator " + std::to_string(ind->id) +
           ": no demo bus_stops/central_city in the plan folder, so stop coverage is not computed");
    }
  }

  if (const Indicator* ind = find_computed(plan, "park_area_per_person")) {
    bool done = false;
    if ((demo_has("exclusions") || demo_has("parks")) && demo_has("population") && demo_has("central_city")) {
      // 公园绿地 (CJJ/T 85-2017 class G1; GB/T 50280): parks and green space open to the public. The demo
      // keeps two parks among the coverage exclusions (kind 'park') and the rest in its own `parks` layer.
      MultiPolygon parks;
      std::size_t pieces = 0;
      for (const char* name : {"exclusions", "parks"}) {
        if (!demo_has(name)) continue;
        const Layer l = read_demo(demo, name, plan.crs, GeometryKind::Polygon);
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
      const Layer pop = read_demo(demo, "population", plan.crs, GeometryKind::Polygon);
      double people = 0;
      for (double p : population_field(pop, "population")) people += p;
      if (!parks.empty() && people > 0) {
        const MultiPolygon area =
            all_polygons(read_demo(demo, "central_city", plan.crs, GeometryKind::Polygon));
        const double park_m2 = spatial::overlap_area_m2(spatial::dissolve(parks), area);
        IndicatorValue v;
        v.id = ind->id;
        v.value = park_m2 / people;
        v.method =
            "park_area_per_person: 公园绿地 (CJJ/T 85-2017 class G1, GB/T 50280) inside the central city "
            "over its "
            "resident population: " +
            std::to_string(pieces) +
            " park polygons (exclusions of kind 'park' and the "
            "parks layer), dissolved, " +
            fixed(park_m2 / 1e6, 2) + " km², over " + fixed(people, 0) + " residents";
        v.data = demo_label;
        v.synthetic = true;
        out.push_back(v);
        done = true;
      }
    }
    if (!done)
      note("indicator " + std::to_string(ind->id) +
           ": no park polygons with a population in the plan's data");
  }

  // 15 and 17: a capacity field on the facility points per 1,000 residents, for the central city and for
  // each county or district of the plan that holds residents of the demonstration city.
  for (const auto& [measure, field, what] :
       {std::tuple{"physicians_per_1000", "physicians",
                   "执业（助理）医师 (practising and assistant physicians)"},
        std::tuple{"childcare_places_per_1000", "childcare_places", "托位 for children under 3"}}) {
    const Indicator* ind = find_computed(plan, measure);
    if (!ind) continue;
    const Layer facilities =
        demo_has("facilities") ? read_demo(demo, "facilities", plan.crs, GeometryKind::Point) : Layer{};
    if (!facilities.field_index(field) || !demo_has("population") || !demo_has("central_city")) {
      note("indicator " + std::to_string(ind->id) + ": needs facility points with a '" + std::string(field) +
           "' field, population blocks and the central city in the demo folder; not computed");
      continue;
    }
    const std::vector<double> capacity = population_field(facilities, field);
    const Layer pop = read_demo(demo, "population", plan.crs, GeometryKind::Polygon);
    const std::vector<double> people = population_field(pop, "population");
    std::vector<PopulationPolygon> blocks;
    for (std::size_t i = 0; i < pop.features.size(); ++i) {
      const double whole = area_m2(pop.features[i].geometry.polygons);
      for (const Polygon& p : pop.features[i].geometry.polygons)
        blocks.push_back({p, whole > 0 ? people[i] * area_m2(p) / whole : 0});
    }
    std::vector<ProvisionArea> areas{
        {"中心城区 (central city)",
         all_polygons(read_demo(demo, "central_city", plan.crs, GeometryKind::Polygon)), 0}};
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
    if (!rows[0].per_1000) continue;
    std::vector<const Provision*> counties;
    for (std::size_t k = 1; k < rows.size(); ++k)
      if (rows[k].population >= 1) counties.push_back(&rows[k]);
    std::sort(counties.begin(), counties.end(),
              [](const Provision* a, const Provision* b) { return a->per_1000 < b->per_1000; });
    std::string by_county;
    for (const Provision* c : counties)
      by_county += (by_county.empty() ? "" : "; ") + c->name + " " + fixed(*c->per_1000, 2) + " (" +
                   fixed(c->capacity, 0) + " over " + fixed(c->population, 0) + ")";
    IndicatorValue v;
    v.id = ind->id;
    v.value = *rows[0].per_1000;
    v.method = std::string("plan::provision_per_1000: the '") + field + "' field (" + what + ") of the " +
               std::to_string(rows[0].facilities) + " facility points inside the central city, " +
               fixed(rows[0].capacity, 0) + ", per 1,000 of its " + fixed(rows[0].population, 0) +
               " residents; by county, weakest first: " + (by_county.empty() ? "none" : by_county);
    v.data = demo_label;
    v.synthetic = true;
    out.push_back(v);
  }

  if (const Indicator* ind = find_computed(plan, "urbanisation_rate")) {
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
    if (towns > 0 && with == towns && total && *total > 0) {
      IndicatorValue v;
      v.id = ind->id;
      v.value = 100 * urban / *total;
      v.method = "urban residents of the " + std::to_string(towns) +
                 " settlements of tiers 1–3 over the city's population";
      v.data = layer_file(plan.source, "settlements") + ", " + layer_file(plan.source, "boundaries");
      out.push_back(v);
    } else {
      note("indicator " + std::to_string(ind->id) + ": " + std::to_string(with) + " of " +
           std::to_string(towns) + " settlements (tiers 1–3) carry a population" +
           (total ? "" : " and the city boundary has none") + ", so the urbanisation rate is not computed");
    }
  }

  if (const Indicator* ind = find_computed(plan, "life_circle_coverage")) {
    if (demo_has("streets") && demo_has("facilities") && demo_has("homes")) {
      // GB 50180-2018's 15-minute circle: every one of its categories within 1000 m walking of the home.
      LifeCircleProfile fifteen = gb50180_profile();
      std::erase_if(fifteen.categories, [](const LifeCircleCategory& c) { return c.circle != "15-minute"; });
      const Network net = network_from_layer(read_demo(demo, "streets", plan.crs, GeometryKind::Line));
      const Layer facilities = read_demo(demo, "facilities", plan.crs, GeometryKind::Point);
      const Layer homes = read_demo(demo, "homes", plan.crs, GeometryKind::Point);
      const SnapIndex index(net);
      const double max_snap_m = kDefaultMaxSnapM;
      const LifeCircleResult r = compute_life_circles(
          net, snap_points(index, all_points(facilities), max_snap_m), text_values(facilities, "category"),
          snap_points(index, all_points(homes), max_snap_m), population_field(homes, "population"), fifteen);
      const ReachShares& s = r.complete_shares;
      std::string categories;
      for (const LifeCircleCategory& c : fifteen.categories)
        categories += (categories.empty() ? "" : ", ") + c.name;
      out.push_back(life_circle_indicator(s.population_covered_ratio.value_or(s.covered_ratio),
                                          "plan::compute_life_circles: share of residents whose home reaches "
                                          "every 15-minute life-circle service of "
                                          "GB 50180-2018 (" +
                                              categories + ") within 1000 m walking along the streets; " +
                                              std::to_string(s.covered) + " of " + std::to_string(s.homes) +
                                              " homes (" + fixed(100 * s.covered_ratio, 1) + " % of homes)",
                                          demo_label, true));
      out.back().id = ind->id;
    } else {
      note("indicator " + std::to_string(ind->id) +
           ": no demo streets/facilities/homes in the plan folder, so the " +
           "15-minute life circle is not computed; supply it with --values");
    }
  }
  return out;
}

}  // namespace plan
