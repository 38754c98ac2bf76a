// The plan's service circles measured on walking and driving networks, or what each one needs.
#include <algorithm>

#include "indicators/demo_data.hpp"
#include "indicators/format.hpp"
#include "plan/analysis.hpp"
#include "plan/drive.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"
#include "plan/reach.hpp"
#include "plan/report.hpp"

namespace plan {

namespace {

using indicators::fixed;

std::string listed(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::string minutes_text(const ServiceCircle& c) {
  return fixed(c.minutes, 0) + (c.minutes_max ? "–" + fixed(*c.minutes_max, 0) : "") + " min";
}

// Every facility's category from `field` (a column or an OSM key), renamed where `names` says so.
std::vector<std::string> categories_of(const Layer& facilities, const std::string& field,
                                       const std::map<std::string, std::string>& names) {
  std::vector<std::string> out = text_values(facilities, field);
  for (std::string& c : out)
    if (auto it = names.find(c); it != names.end()) c = it->second;
  return out;
}

bool has_text_field(const Layer& layer, const std::string& field) {
  return layer.field_index(field) || layer.field_index("other_tags");
}

// The categories of `wanted` that no facility carries.
std::vector<std::string> missing_categories(const Layer& facilities, const std::vector<std::string>& wanted,
                                            const std::string& field = "category",
                                            const std::map<std::string, std::string>& names = {}) {
  if (!has_text_field(facilities, field)) return wanted;
  const std::vector<std::string> have = categories_of(facilities, field, names);
  std::vector<std::string> missing;
  for (const std::string& w : wanted)
    if (std::find(have.begin(), have.end(), w) == have.end()) missing.push_back(w);
  return missing;
}

std::vector<double> people_of(const Layer& points, bool* weighted, const std::string& field = "population") {
  *weighted = points.field_index(field).has_value();
  return *weighted ? population_field(points, field) : std::vector<double>{};
}

// Shares within each threshold from every point's cost (metres or seconds) to what it must reach.
// limit_max ≤ 0: no upper end.
void fill_shares(CircleResult& r, const std::vector<double>& cost, double limit, double limit_max,
                 const std::vector<double>& people) {
  std::vector<char> in(cost.size()), in_max(cost.size());
  for (std::size_t i = 0; i < cost.size(); ++i) {
    in[i] = cost[i] <= limit;
    in_max[i] = cost[i] <= limit_max;
  }
  const ReachShares s = reach_shares(cost, in, people);
  r.counted = s.homes;
  r.covered = s.covered;
  r.share = s.population_covered_ratio.value_or(s.covered_ratio);
  if (limit_max > 0) {
    const ReachShares m = reach_shares(cost, in_max, people);
    r.covered_max = m.covered;
    r.share_max = m.population_covered_ratio.value_or(m.covered_ratio);
  }
}

void walk(CircleResult& r, const CircleInputs& in) {
  const ServiceCircle& c = r.circle;
  std::vector<std::string> needs;
  if (in.streets.features.empty()) needs.push_back("street lines (a walking network)");
  if (in.homes.features.empty()) needs.push_back("home points (optional population field)");
  if (in.facilities.features.empty()) {
    needs.push_back("facility points with a category field of " + listed(c.categories));
  } else {
    const std::vector<std::string> missing = missing_categories(in.facilities, c.categories);
    if (c.reach_every ? !missing.empty() : missing.size() == c.categories.size())
      needs.push_back("facility points of category " + listed(missing) + " (the facilities given have none)");
  }
  if (!needs.empty()) {
    r.needs = listed(needs);
    return;
  }
  // Every category its own life-circle category (completeness is then "each one within reach"), or one
  // category matching all of them (the nearest of any).
  LifeCircleProfile profile;
  profile.name = c.id;
  const double limit = c.walk_m_max.value_or(c.walk_m);
  if (c.reach_every)
    for (const std::string& cat : c.categories) profile.categories.push_back({cat, c.id, limit, {}});
  else
    profile.categories.push_back({c.id, c.id, limit, c.categories});
  const Network net = network_from_layer(in.streets);
  const SnapIndex index(net);
  bool weighted = false;
  const std::vector<double> people = people_of(in.homes, &weighted);
  const LifeCircleResult lc =
      compute_life_circles(net, snap_points(index, all_points(in.facilities), kDefaultMaxSnapM),
                           text_values(in.facilities, "category"),
                           snap_points(index, all_points(in.homes), kDefaultMaxSnapM), people, profile);
  // A home's walk to its circle: the farthest of its categories' nearest facilities.
  std::vector<double> worst(in.homes.features.size(), 0);
  for (const CategoryReach& cr : lc.categories)
    for (std::size_t h = 0; h < worst.size(); ++h) worst[h] = std::max(worst[h], cr.nearest.distance_m[h]);
  fill_shares(r, worst, c.walk_m, c.walk_m_max.value_or(0), people);
  r.population_weighted = weighted;
  r.method =
      "plan::compute_life_circles: share of " + std::string(weighted ? "residents" : "homes") +
      " whose home reaches " +
      (c.categories.size() == 1 ? ""
       : c.reach_every          ? "each of "
                                : "the nearest of ") +
      listed(c.categories) + " within " + fixed(c.walk_m, 0) + " m" +
      (c.walk_m_max ? " (and " + fixed(*c.walk_m_max, 0) + " m)" : "") + " walking along the streets (" +
      minutes_text(c) + " at " + fixed(c.walk_speed_kmh, 0) + " km/h); homes and facilities farther than " +
      fixed(kDefaultMaxSnapM, 0) + " m from a street are not reached; " + std::to_string(r.covered) + " of " +
      std::to_string(r.counted) + " homes within " + fixed(c.minutes, 0) + " min" +
      (c.minutes_max ? ", " + std::to_string(r.covered_max) + " within " + fixed(*c.minutes_max, 0) + " min"
                     : "");
  r.data = in.walk_data;
  r.synthetic = in.walk_synthetic;
}

void drive(CircleResult& r, const CircleInputs& in) {
  const ServiceCircle& c = r.circle;
  std::vector<std::string> needs;
  if (in.roads.features.empty()) needs.push_back("road lines with OSM highway classes (a driving network)");
  const std::string& field = in.drive_category_field;
  if (in.drive_facilities.features.empty())
    needs.push_back("facility points with a category field of " + listed(c.categories));
  else if (missing_categories(in.drive_facilities, c.categories, field, in.drive_category_names).size() ==
           c.categories.size())
    needs.push_back("facility points of category " + listed(c.categories) +
                    " (the facilities given have none" + (field == "category" ? "" : " in " + field) + ")");
  if (in.residents.features.empty())
    needs.push_back((c.counted_zh.empty() ? c.counted : c.counted_zh + " (" + c.counted + ")") +
                    " as points (optional population field)");
  if (!needs.empty()) {
    r.needs = listed(needs);
    return;
  }
  DriveNetworkReport report;
  const Network net = drive_network_from_layer(in.roads, &report);
  const SnapIndex index(net);
  const std::vector<std::string> category =
      categories_of(in.drive_facilities, field, in.drive_category_names);
  const std::vector<XY> all = place_locations(in.drive_facilities);  // hospital grounds count by centroid
  std::vector<XY> targets;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (std::find(c.categories.begin(), c.categories.end(), category[i]) != c.categories.end())
      targets.push_back(all[i]);
  std::vector<SnapPoint> snapped = snap_points(index, targets, kDefaultMaxSnapM);
  std::erase_if(snapped, [](const SnapPoint& s) { return !s.snapped; });
  ReachWorkspace ws;
  const NearestFacilities n = nearest_facilities(
      net, snapped, snap_points(index, place_locations(in.residents), kDefaultMaxSnapM), ws);
  bool weighted = false;
  const std::vector<double> people = people_of(in.residents, &weighted, in.residents_population_field);
  fill_shares(r, n.cost, c.minutes * 60, c.minutes_max.value_or(0) * 60, people);
  r.population_weighted = weighted;
  r.method =
      "plan::nearest_facilities on plan::drive_network_from_layer (free-flow speeds by road class or "
      "maxspeed, one-way rules): share of " +
      std::string(weighted ? "residents" : "resident points") + " whose fastest drive to " +
      listed(c.categories) + " takes at most " + minutes_text(c) + "; " + std::to_string(snapped.size()) +
      " of " + std::to_string(targets.size()) + " facilities on the network, " + std::to_string(report.kept) +
      " drivable road lines; " + std::to_string(r.covered) + " of " + std::to_string(r.counted) + " points";
  r.data = in.drive_data;
  r.synthetic = in.drive_synthetic;
}

}  // namespace

CircleInputs demo_circle_inputs(const Plan& plan) {
  CircleInputs in;
  const indicators::DemoData demo(plan);
  if (demo.empty()) return in;
  in.streets = demo.read_if_present("streets", GeometryKind::Line);
  in.facilities = demo.read_if_present("facilities", GeometryKind::Point);
  in.homes = demo.read_if_present("homes", GeometryKind::Point);
  in.walk_data = demo.label();
  in.walk_synthetic = true;
  in.roads = demo.read_if_present("roads", GeometryKind::Line);
  in.drive_facilities = demo.read_if_present("drive_facilities", GeometryKind::Point);
  in.residents = demo.read_if_present("rural_residents", GeometryKind::Point);
  in.drive_data = in.walk_data;
  in.drive_synthetic = true;
  return in;
}

CircleResult evaluate_circle(const ServiceCircle& circle, const CircleInputs& in) {
  CircleResult r;
  r.circle = circle;
  switch (circle.mode) {
    case CircleMode::Walk:
      walk(r, in);
      break;
    case CircleMode::Drive:
      drive(r, in);
      break;
    case CircleMode::Corridor:
      r.needs =
          "travel times over the corridors (a corridor time model: design speed per line class, stations "
          "and interchanges, access time; not in the library yet) and " +
          std::string(circle.cities.empty()
                          ? "the " + (circle.counted_zh.empty() ? circle.counted : circle.counted_zh) +
                                " as points"
                          : "the named cities as points");
      break;
  }
  return r;
}

std::vector<CircleResult> evaluate_circles(const Plan& plan, const CircleInputs& in) {
  std::vector<CircleResult> out;
  for (const ServiceCircle& c : plan.meta.service_circles) out.push_back(evaluate_circle(c, in));
  return out;
}

}  // namespace plan
