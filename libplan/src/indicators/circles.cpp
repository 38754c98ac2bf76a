// The plan's service circles measured on walking and driving networks, or what each one needs.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "indicators/demo_data.hpp"
#include "indicators/format.hpp"
#include "plan/analysis.hpp"
#include "plan/corridors.hpp"
#include "plan/drive.hpp"
#include "plan/io.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"
#include "plan/primitives.hpp"
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

// ---- corridor circles

const char* kCorridorSchematic =
    "the corridors are schematic alignments between the towns they serve, the stations are placed from the "
    "text and the expressway interchanges are schematic (confidence low in their source fields); the times "
    "are design-speed times and leave out waiting, timetables, stops, congestion and the real road network "
    "to the stations";

std::string trip_how(const CorridorTrip& t) {
  if (t.lines.empty()) return "feeder road only (" + fixed(t.feeder_in_min, 0) + " min)";
  std::string s = fixed(t.feeder_in_min, 0) + " min to " + t.board_at + ", " + listed(t.lines) + " " +
                  fixed(t.ride_min, 0) + " min";
  if (t.transfer_min > 0) s += ", changes " + fixed(t.transfer_min, 0) + " min";
  return s + ", " + fixed(t.feeder_out_min, 0) + " min from " + t.alight_at;
}

std::string model_terms(const CorridorInputs& in) {
  const CorridorOptions& o = in.options;
  std::string speeds;
  for (const CorridorLine& l : in.lines)
    speeds += (speeds.empty() ? "" : ", ") + l.name + " " +
              fixed(l.speed_kmh ? *l.speed_kmh : o.class_speed_kmh.at(l.line_class), 0);
  return "design speeds (km/h, plan.json corridor_speeds) " + speeds + "; entered and left only at " +
         std::to_string(in.access.size()) + " access points (stations within " + fixed(o.attach_m / 1000, 0) +
         " km of a line, schematic interchanges); feeder legs at " + fixed(o.feeder_speed_kmh, 0) +
         " km/h × detour " + fixed(o.detour_factor, 1) + "; change of line " + fixed(o.transfer_min, 0) +
         " min" + (in.left_out.empty() ? "" : "; left out: " + listed(in.left_out));
}

void corridor(CircleResult& r, const CorridorInputs& ci) {
  const ServiceCircle& c = r.circle;
  std::vector<std::string> needs;
  if (ci.empty()) needs.push_back("corridor lines with design speeds (plan.json corridor_speeds)");
  const CorridorInputs::Place* origin = nullptr;
  for (const CorridorInputs::Place& p : ci.places)
    if (p.kind == "central_city" && !origin) origin = &p;
  if (!origin) needs.push_back("the central city (a settlement of kind central_city)");
  // Whom the circle counts: the county seats for the commuting circle, the named cities otherwise.
  std::vector<const CorridorInputs::Place*> counted;
  std::vector<std::string> missing_cities;
  if (c.cities.empty()) {
    for (const CorridorInputs::Place& p : ci.places)
      if (p.kind == "county_seat") counted.push_back(&p);
    if (counted.empty()) needs.push_back("county seats (settlements of kind county_seat)");
  } else {
    for (const std::string& name : c.cities) {
      const auto it = std::find_if(ci.cities.begin(), ci.cities.end(),
                                   [&](const CorridorInputs::Place& p) { return p.name == name; });
      if (it == ci.cities.end())
        missing_cities.push_back(name);
      else
        counted.push_back(&*it);
    }
    if (ci.cities.empty())
      needs.push_back(
          "the named cities as points: cities.geojson in the plan's folder (points with name_zh " +
          listed(c.cities) + "; the plan's data holds none of them, and no corridor beyond Heze either)");
    else if (counted.empty())
      needs.push_back("points named " + listed(c.cities) + " in " + ci.cities_source);
  }
  if (!needs.empty()) {
    r.needs = listed(needs);
    return;
  }
  const CorridorModel model(ci.lines, ci.access, ci.options);
  std::vector<XY> to;
  for (const CorridorInputs::Place* p : counted) to.push_back(p->at);
  const std::vector<CorridorTrip> trips = model.trips(origin->at, to);
  std::vector<double> cost;
  for (std::size_t i = 0; i < trips.size(); ++i) {
    cost.push_back(trips[i].minutes);
    r.details.push_back(
        {counted[i]->name, trips[i].minutes, trips[i].minutes <= c.minutes, trip_how(trips[i])});
  }
  fill_shares(r, cost, c.minutes, c.minutes_max.value_or(0), {});
  std::vector<std::string> unridden;
  for (const CorridorLineUse& u : model.lines())
    if (u.stops.size() < 2)
      unridden.push_back(u.name +
                         (u.stops.empty() ? " (no access point" : " (one access point, " + u.stops[0]) + ")");
  r.method =
      "plan::CorridorModel: fastest trip from " + origin->name + " to each " +
      (c.cities.empty()
           ? std::string("county seat (standing for the town groups, which the text does not list)")
           : std::string("named city")) +
      " over the plan's corridors (planned lines included), within " + fixed(c.minutes, 0) +
      " min: " + std::to_string(r.covered) + " of " + std::to_string(r.counted) + "; " + model_terms(ci) +
      (unridden.empty() ? std::string() : "; not ridden, fewer than two access points: " + listed(unridden)) +
      "; a place far from every access point pays a long feeder leg; the model is symmetric, so the "
      "times hold both ways; " +
      kCorridorSchematic;
  if (!c.cities.empty())
    r.method +=
        "; the corridors beyond Heze are not in the plan's data, so a trip leaves the network at its "
        "last access point in Heze and runs on by feeder road: an upper bound" +
        (missing_cities.empty() ? std::string()
                                : "; not in " + ci.cities_source + ": " + listed(missing_cities));
  r.data = ci.data + (c.cities.empty() ? "" : "; cities: " + ci.cities_source);
}

}  // namespace

CorridorInputs plan_corridor_inputs(const Plan& plan, double interchange_reach_m) {
  CorridorInputs in;
  const CorridorSpeeds& speeds = plan.meta.corridor_speeds;
  for (const CorridorSpeed& s : speeds.classes)
    if (s.speed_kmh) in.options.class_speed_kmh[s.key] = *s.speed_kmh;
  std::vector<const PlanElement*> expressways;
  for (const PlanElement& e : plan.corridors) {
    std::optional<double> own;
    for (const CorridorSpeed& s : speeds.lines)
      if (s.key == e.name_zh) own = s.speed_kmh;
    if (!own && !in.options.class_speed_kmh.count(e.kind)) {
      in.left_out.push_back(e.name_zh + " (no design speed for it or its class " + e.kind + ")");
      continue;
    }
    for (const LineString& l : e.geometry.lines) in.lines.push_back({e.id, e.name_zh, e.kind, own, l});
    if (e.kind == "expressway") expressways.push_back(&e);
  }
  for (const PlanElement& h : plan.hubs)
    if (h.kind == "station")
      for (const XY p : h.geometry.points)
        in.access.push_back({h.name_zh, p, {"railway", "high_speed_railway"}});
  for (const Settlement& s : plan.settlements) {
    if (s.tier < 1 || s.tier > 3 || s.geometry.points.empty()) continue;
    const XY at = s.geometry.points[0];
    in.places.push_back({s.name_zh, s.kind, at});
    for (const PlanElement* e : expressways)
      for (const LineString& l : e->geometry.lines) {
        XY best;
        double best_m = kUnreached;
        for (std::size_t i = 0; i + 1 < l.size(); ++i) {
          const double t = closest_on_segment_t(at, l[i], l[i + 1]);
          const XY q{l[i].x + t * (l[i + 1].x - l[i].x), l[i].y + t * (l[i + 1].y - l[i].y)};
          const double d = std::hypot(q.x - at.x, q.y - at.y);
          if (d < best_m) best_m = d, best = q;
        }
        if (best_m <= interchange_reach_m)
          in.access.push_back(
              {e->name_zh + " interchange for " + s.name_zh + " (schematic)", best, {"expressway"}});
      }
  }
  in.data = "the plan's corridors (" + std::to_string(in.lines.size()) + " lines), stations (hubs) and " +
            "schematic expressway interchanges at the nearest point to each town within " +
            fixed(interchange_reach_m / 1000, 0) + " km";
  namespace fs = std::filesystem;
  if (!plan.source.empty() && fs::is_directory(plan.source) &&
      fs::exists(fs::path(plan.source) / "cities.geojson")) {
    ReadOptions o;
    o.target_crs = plan.crs;
    o.assume_crs = "EPSG:4326";
    o.expect = GeometryKind::Point;
    const std::string file = (fs::path(plan.source) / "cities.geojson").string();
    const Layer cities = read_layer(file, o);
    const std::vector<std::string> names = text_values(cities, "name_zh");
    for (std::size_t i = 0; i < cities.features.size(); ++i)
      if (!cities.features[i].geometry.points.empty())
        in.cities.push_back({names[i], "city", cities.features[i].geometry.points[0]});
    in.cities_source = file;
  }
  return in;
}

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
      corridor(r, in.corridors);
      break;
  }
  return r;
}

std::vector<CircleResult> evaluate_circles(const Plan& plan, const CircleInputs& in) {
  std::vector<CircleResult> out;
  // The corridor circles run on the plan's own corridors unless the caller gave others.
  const bool from_plan = in.corridors.empty() && in.corridors.places.empty();
  const CorridorInputs own = from_plan ? plan_corridor_inputs(plan) : CorridorInputs{};
  for (const ServiceCircle& c : plan.meta.service_circles) {
    if (from_plan && c.mode == CircleMode::Corridor) {
      CircleResult r;
      r.circle = c;
      corridor(r, own);
      out.push_back(std::move(r));
    } else {
      out.push_back(evaluate_circle(c, in));
    }
  }
  return out;
}

}  // namespace plan
