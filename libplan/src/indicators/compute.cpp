// Indicators filled from the plan's own data, each with its method and data named.
#include <cmath>
#include <filesystem>
#include <sstream>

#include "indicators/format.hpp"
#include "plan/coverage.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"
#include "plan/reach.hpp"
#include "plan/report.hpp"
#include "plan/spatial.hpp"

namespace plan {

namespace fs = std::filesystem;

namespace {

const Indicator* find_computed(const Plan& plan, const std::string& measure) {
  for (const Indicator& i : plan.indicators)
    if (i.computed == measure) return &i;
  return nullptr;
}

using indicators::fixed;

Layer read_demo(const std::string& folder, const std::string& name, const std::string& crs, GeometryKind kind) {
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
  auto demo_has = [&](const char* name) { return !demo.empty() && fs::exists(fs::path(demo) / (std::string(name) + ".geojson")); };

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
      v.method = "plan::compute_coverage: " + r.definition + "; " + std::to_string(r.stops_used) + " stops, " +
                 fixed(r.area_m2 / 1e6, 2) + " km² after exclusions" +
                 (r.population_ratio ? "; people covered " + fixed(100 * *r.population_ratio, 1) + " %" : "");
      v.data = demo_label;
      v.synthetic = true;
      out.push_back(v);
    } else {
      note("indicator " + std::to_string(ind->id) + ": no demo bus_stops/central_city in the plan folder, so stop coverage is not computed");
    }
  }

  if (const Indicator* ind = find_computed(plan, "park_area_per_person")) {
    bool done = false;
    if (demo_has("exclusions") && demo_has("population") && demo_has("central_city")) {
      const Layer ex = read_demo(demo, "exclusions", plan.crs, GeometryKind::Polygon);
      const auto kind = ex.field_index("kind");
      MultiPolygon parks;
      for (const Feature& f : ex.features)
        if (kind && std::holds_alternative<std::string>(f.values[*kind]) && std::get<std::string>(f.values[*kind]) == "park")
          parks.insert(parks.end(), f.geometry.polygons.begin(), f.geometry.polygons.end());
      const Layer pop = read_demo(demo, "population", plan.crs, GeometryKind::Polygon);
      double people = 0;
      for (double p : population_field(pop, "population")) people += p;
      if (!parks.empty() && people > 0) {
        const MultiPolygon area = all_polygons(read_demo(demo, "central_city", plan.crs, GeometryKind::Polygon));
        const double park_m2 = spatial::overlap_area_m2(spatial::dissolve(parks), area);
        IndicatorValue v;
        v.id = ind->id;
        v.value = park_m2 / people;
        v.method = "park polygons (exclusions of kind 'park') inside the central city, " + fixed(park_m2 / 1e6, 2) +
                   " km², over the resident population " + fixed(people, 0);
        v.data = demo_label;
        v.synthetic = true;
        out.push_back(v);
        done = true;
      }
    }
    if (!done) note("indicator " + std::to_string(ind->id) + ": no park polygons with a population in the plan's data");
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
      v.method = "urban residents of the " + std::to_string(towns) + " settlements of tiers 1–3 over the city's population";
      v.data = layer_file(plan.source, "settlements") + ", " + layer_file(plan.source, "boundaries");
      out.push_back(v);
    } else {
      note("indicator " + std::to_string(ind->id) + ": " + std::to_string(with) + " of " + std::to_string(towns) +
           " settlements (tiers 1–3) carry a population" + (total ? "" : " and the city boundary has none") +
           ", so the urbanisation rate is not computed");
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
      for (const LifeCircleCategory& c : fifteen.categories) categories += (categories.empty() ? "" : ", ") + c.name;
      out.push_back(life_circle_indicator(
          s.population_covered_ratio.value_or(s.covered_ratio),
          "plan::compute_life_circles: share of residents whose home reaches every 15-minute life-circle service of "
          "GB 50180-2018 (" + categories + ") within 1000 m walking along the streets; " +
              std::to_string(s.covered) + " of " + std::to_string(s.homes) + " homes (" +
              fixed(100 * s.covered_ratio, 1) + " % of homes)",
          demo_label, true));
      out.back().id = ind->id;
    } else {
      note("indicator " + std::to_string(ind->id) + ": no demo streets/facilities/homes in the plan folder, so the " +
           "15-minute life circle is not computed; supply it with --values");
    }
  }
  return out;
}

}  // namespace plan
