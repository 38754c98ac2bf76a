// plan reach: every home's nearest facility along the walking network (or fastest by car with --mode drive),
// and the share within a threshold.
#include "plan/reach.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <variant>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "output_fields.hpp"
#include "plan/analysis.hpp"
#include "plan/error.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(Every home's nearest facility along the street network (one multi-source shortest-path pass), its
walking distance and time, and the share of homes (and people) within the threshold (default 15min,
i.e. 1000 m at 4 km/h). Homes and facilities snap to the nearest point of the nearest street; those
farther than --max-snap metres are reported as unreachable. An OSM file (.osm, .pbf) as --network gives
its walkable highways; as --facilities its `points` and `multipolygons` layers (a school may be mapped
as a node or as its grounds, which count by their centroid), where --category-field may name any OSM
key (e.g. amenity). With --category-field, each category also gets its own figures and fields.
--X-layer A,B reads several layers of one source together (the same --X-where applies to each).
--out writes layer 'homes': the input homes with facility_id, distance_m, minutes, covered, snap_m
(and facility_layer when the facilities come from several layers).
--largest-component snaps points only to the largest connected piece of the network.
--X-where SQL keeps the features of input X that pass an OGR SQL attribute filter; --gcj02 X,Y (or
--bd09) shifts inputs holding Amap/Tencent (GCJ-02) or Baidu (BD-09) lon/lat back to WGS84.

--mode drive: the fastest facility by car instead. The network keeps the roads cars use (by highway
class and access tags, read from columns or OSM other_tags), one-way streets only in their direction
(oneway, roundabouts, motorways), at the class's speed unless a readable maxspeed tag says otherwise.
--within is then a time (default 30min; a distance is an error) and --speed-kmh does not apply;
distance_m is the length of the fastest path and minutes its driving time (free flow, no signals).
)";

void declare_options(Args& args) {
  args.add_input("facilities",
                 "the facilities (points or polygons; an OSM file gives points and multipolygons)");
  args.add_option("category-field", "F", "the facilities' field (or OSM key) that holds their category");
  args.add_option("category", "C[,C2...]",
                  "with --category-field: only these categories, each with its own figures");
  args.add_input("homes", "the homes (points, or polygons counted by their centroid)");
  args.add_option("population-field", "F", "the homes' numeric field of people");
  args.add_option("within", "15min|1000m",
                  "the threshold: a time at --speed-kmh or a distance (default 15min; driving 30min)");
  add_mode_option(args);
  add_network_command_options(args, "write layer 'homes' with each home's nearest facility");
}

// What the command line asks for, checked before any file is read.
struct Settings {
  TravelOptions travel;
  double threshold = 0;  // in the network's cost unit: metres walking, seconds driving
  std::optional<std::string> out_path;
};

Settings read_settings(const Args& args) {
  Settings s;
  s.travel = travel_options(args);
  const bool drive = s.travel.drive();
  const std::string within = args.get("within").value_or(drive ? "30min" : "15min");
  s.threshold =
      drive ? plan::parse_time_threshold_s(within) : plan::parse_threshold_m(within, s.travel.speed_kmh);
  if (args.get("category") && !args.get("category-field"))
    throw plan::UsageError("--category needs --category-field naming the field that holds it");
  args.require("network"), args.require("facilities"), args.require("homes");
  s.out_path = args.get("out");
  return s;
}

struct ReachInputs {
  explicit ReachInputs(const Args& args) : inputs(args, {"network", "facilities", "homes"}) {}
  Inputs inputs;
  NetworkInput net;
  Places facilities, homes;
  std::vector<double> population;
  std::vector<std::string> category, categories;  // each facility's category; the ones asked for
};

ReachInputs read_inputs(const Args& args, const Settings& s) {
  ReachInputs in(args);
  // The homes' other fields matter only to --out, which keeps them; the facilities' never do.
  if (!s.out_path) in.inputs.only_fields("homes", {args.get("population-field")});
  in.inputs.only_fields("facilities", {args.get("category-field")});
  // The homes, the largest input, are read on a second thread beside the network and the facilities.
  in.inputs.fix_crs(args, "network");
  Aside<Places> homes =
      in.inputs.read_aside<Places>([&args](Inputs& i) { return read_places(args, i, "homes"); });
  in.net = read_network(args, in.inputs, s.travel.mode);
  in.facilities = read_places(args, in.inputs, "facilities");
  in.homes = homes.get();  // its layer moves into the output
  if (const auto pf = args.get("population-field"))
    in.population = plan::population_field(in.homes.layer, *pf);
  // Which facilities count, and their categories.
  if (const auto cf = args.get("category-field")) {
    in.category = plan::text_values(in.facilities.layer, *cf);
    if (const auto c = args.get("category")) in.categories = split_list(*c);
  }
  return in;
}

struct Outcome {
  plan::ReachRun run;
  std::vector<std::int64_t> unsnapped_facilities, unsnapped_homes;
};

Outcome compute(const Args& args, const Settings& s, const ReachInputs& in) {
  Phase compute("compute");  // snapping happens inside compute_reach, so its time is counted here
  Progress progress("reach");
  Outcome o;
  o.run =
      plan::compute_reach(in.net.network, in.facilities.at, in.category, in.categories, in.homes.at,
                          in.population, s.threshold, s.travel.max_snap_m, args.flag("largest-component"));
  progress(1.0);
  const std::vector<std::size_t>& used = o.run.used;
  if (used.empty())
    throw plan::DataError(
        plan::Location{in.facilities.layer.source,
                       in.facilities.layer.name,
                       {},
                       args.get("category-field").value_or("")},
        "no facilities" + std::string(args.get("category") ? " of category " + *args.get("category") : ""));
  for (std::size_t k = 0; k < used.size(); ++k)
    if (!o.run.facility_snaps[k].snapped)
      o.unsnapped_facilities.push_back(in.facilities.layer.features[used[k]].id);
  for (std::size_t i = 0; i < o.run.home_snaps.size(); ++i)
    if (!o.run.home_snaps[i].snapped) o.unsnapped_homes.push_back(in.homes.layer.features[i].id);
  return o;
}

// Minutes of a path: walking, its length at the walking speed; driving, its time.
double minutes(const Settings& s, double length_m, double cost) {
  return s.travel.drive() ? cost / 60 : length_m / (s.travel.speed_kmh * 1000 / 60);
}

// A column of `n` values, all null until set.
plan::Column column(std::string name, plan::FieldType type, std::size_t n) {
  plan::Column c{{std::move(name), type}, {}, {}, {}, std::vector<bool>(n, false)};
  if (type == plan::FieldType::Integer) c.integers.resize(n);
  if (type == plan::FieldType::Real) c.reals.resize(n);
  if (type == plan::FieldType::String) c.strings.resize(n);
  return c;
}

// The homes with their reach fields (layer 'homes' of --out): the homes' own layer with the results as
// columns beside it, so that no row of values is built per home.
plan::OutputLayer homes_output(const Settings& s, ReachInputs& in, const Outcome& o) {
  const bool drive = s.travel.drive();
  const Places& facilities = in.facilities;
  const std::vector<std::size_t>& used = o.run.used;
  const plan::NearestFacilities& all = o.run.nearest;
  const std::size_t n = in.homes.layer.features.size();
  in.homes.layer.name = "homes";
  plan::OutputLayer out{&in.homes.layer, {}};
  std::vector<plan::Column>& c = out.columns;
  c.push_back(column("facility_id", plan::FieldType::Integer, n));
  c.push_back(column("distance_m", plan::FieldType::Real, n));
  c.push_back(column("minutes", plan::FieldType::Real, n));
  c.push_back(column("covered", plan::FieldType::Integer, n));
  c.back().present.clear();  // never null
  c.push_back(column("snap_m", plan::FieldType::Real, n));
  if (facilities.several_layers) c.push_back(column("facility_layer", plan::FieldType::String, n));
  plan::Column &facility = c[0], &distance = c[1], &minutes_column = c[2], &covered = c[3], &snap = c[4];
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t f = all.facility[i];
    if (f != plan::kNoIndex)
      facility.integers[i] = facilities.layer.features[used[f]].id, facility.present[i] = true;
    if (all.distance_m[i] < plan::kUnreached) {
      distance.reals[i] = all.distance_m[i], distance.present[i] = true;
      minutes_column.reals[i] = minutes(s, all.distance_m[i], all.cost[i]), minutes_column.present[i] = true;
    }
    covered.integers[i] = o.run.covered[i];
    if (o.run.home_snaps[i].snapped) snap.reals[i] = o.run.home_snaps[i].snap_m, snap.present[i] = true;
    if (facilities.several_layers && f != plan::kNoIndex)
      if (const auto* name = std::get_if<std::string>(&facilities.layer.features[used[f]].values.back()))
        c[5].strings[i] = *name, c[5].present[i] = true;
  }
  for (const plan::CategoryRun& pc : o.run.categories) {
    plan::Column m = column(field_safe(pc.name) + "_m", plan::FieldType::Real, n);
    plan::Column min = column(field_safe(pc.name) + "_min", plan::FieldType::Real, n);
    plan::Column cov = column(field_safe(pc.name) + "_covered", plan::FieldType::Integer, n);
    cov.present.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (pc.nearest.distance_m[i] < plan::kUnreached) {
        m.reals[i] = pc.nearest.distance_m[i], m.present[i] = true;
        if (drive) min.reals[i] = pc.nearest.cost[i] / 60, min.present[i] = true;
      }
      cov.integers[i] = pc.covered[i];
    }
    c.push_back(std::move(m));
    if (drive) c.push_back(std::move(min));
    c.push_back(std::move(cov));
  }
  return out;
}

// A large run's inputs and results are left to the operating system at exit: freeing millions of features
// and their vectors one by one takes about as long as writing them. Held from a static, so that leak
// checkers see them as still reachable.
template <class T>
void keep_until_exit(T&& value) {
  static auto* kept = new std::vector<std::shared_ptr<void>>;
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

nlohmann::ordered_json reach_json(const Settings& s, const ReachInputs& in, const Outcome& o) {
  const bool drive = s.travel.drive();
  const plan::ReachShares& shares = o.run.shares;
  nlohmann::ordered_json j;
  j["definition"] =
      drive ? "network reach by car: fastest path along the drivable roads (one-way streets in their "
              "direction, class speeds or maxspeed, free flow) between snapped positions (snap legs not "
              "added); covered when the fastest facility is within threshold_s"
            : "network reach: shortest walking path along the street network between snapped positions "
              "(snap legs not added); covered when the nearest facility is within threshold_m";
  j["mode"] = plan::to_string(s.travel.mode);
  j["crs"] = in.inputs.crs();
  j["network"] = network_json(in.net);
  j["facilities"] = o.run.used.size();
  j["facilities_unreachable_ids"] = o.unsnapped_facilities;
  j["homes"] = shares.homes;
  j["reachable"] = shares.reachable;
  j["unreachable"] = shares.homes - shares.reachable;
  j["unreachable_ids"] = o.unsnapped_homes;  // beyond max snap; others have no path to a facility
  j["covered"] = shares.covered;
  j["covered_ratio"] = shares.covered_ratio;
  j["population_total"] = optional_number(shares.population_total);
  j["population_covered"] = optional_number(shares.population_covered);
  j["population_covered_ratio"] = optional_number(shares.population_covered_ratio);
  if (drive) {
    j["threshold_s"] = s.threshold;
    j["threshold_min"] = s.threshold / 60;
  } else {
    j["threshold_m"] = s.threshold;
    j["threshold_min"] = s.threshold / (s.travel.speed_kmh * 1000 / 60);
    j["speed_kmh"] = s.travel.speed_kmh;
  }
  j["max_snap_m"] = s.travel.max_snap_m;
  if (!o.run.categories.empty()) {
    nlohmann::ordered_json cats = nlohmann::ordered_json::array();
    for (const plan::CategoryRun& pc : o.run.categories)
      cats.push_back({{"category", pc.name},
                      {"facilities", pc.facilities},
                      {"reachable", pc.shares.reachable},
                      {"covered", pc.shares.covered},
                      {"covered_ratio", pc.shares.covered_ratio},
                      {"population_covered_ratio", optional_number(pc.shares.population_covered_ratio)}});
    j["categories"] = cats;
  }
  if (s.out_path) j["out"] = *s.out_path;
  return j;
}

void print_reach(const Settings& s, const ReachInputs& in, const Outcome& o) {
  const double threshold = s.threshold, speed_kmh = s.travel.speed_kmh, max_snap = s.travel.max_snap_m;
  const plan::ReachShares& shares = o.run.shares;
  if (s.travel.drive())
    std::printf("Network reach by car within %.1f min (fastest path, free flow) (CRS %s)\n", threshold / 60,
                in.inputs.crs().c_str());
  else
    std::printf("Network reach within %.0f m (%.1f min at %.1f km/h) (CRS %s)\n", threshold,
                threshold / (speed_kmh * 1000 / 60), speed_kmh, in.inputs.crs().c_str());
  print_network(in.net);
  std::printf("  facilities        %zu (%zu beyond %.0f m of a street)\n", o.run.used.size(),
              o.unsnapped_facilities.size(), max_snap);
  std::printf("  homes             %zu, %zu reachable, %zu unreachable (%zu beyond %.0f m of a street)\n",
              shares.homes, shares.reachable, shares.homes - shares.reachable, o.unsnapped_homes.size(),
              max_snap);
  std::printf("  covered           %zu homes, %.2f %%\n", shares.covered, 100 * shares.covered_ratio);
  if (shares.population_covered_ratio)
    std::printf("  population        %.2f %% (%.0f of %.0f people)\n", 100 * *shares.population_covered_ratio,
                *shares.population_covered, *shares.population_total);
  for (const plan::CategoryRun& pc : o.run.categories)
    std::printf("  %-17s %3zu facilities, %.2f %% of homes covered\n", pc.name.c_str(), pc.facilities,
                100 * pc.shares.covered_ratio);
  const std::vector<std::int64_t>& unsnapped_homes = o.unsnapped_homes;
  if (!unsnapped_homes.empty()) {
    std::printf("  unreachable ids  ");
    for (std::size_t i = 0; i < unsnapped_homes.size() && i < 20; ++i)
      std::printf(" %lld", static_cast<long long>(unsnapped_homes[i]));
    std::printf(unsnapped_homes.size() > 20 ? " ... (all in --json)\n" : "\n");
  }
  if (s.out_path) std::printf("  wrote             %s (layer homes)\n", s.out_path->c_str());
}

}  // namespace

int run_reach(const Arguments& argv) {
  Args args("plan reach", command_description("reach"), std::string(kFooter) + "\n" + kMaxMemoryHelp);
  declare_options(args);
  if (!args.parse(argv)) return 0;
  apply_osm_layer_defaults(args, {"network"}, {"homes"}, {"facilities"});
  const Settings settings = read_settings(args);
  ReachInputs in = read_inputs(args, settings);
  Outcome outcome = compute(args, settings, in);
  const bool json = args.flag("json");
  nlohmann::ordered_json j;
  if (json) j = reach_json(settings, in, outcome);
  if (settings.out_path) {
    std::vector<plan::OutputLayer> out{homes_output(settings, in, outcome)};
    Phase phase("write");
    plan::WriteOptions w = write_options(args, in.inputs);
    w.styles = {plan::reach_style("homes", settings.travel.drive(), settings.threshold)};
    plan::write_layers(*settings.out_path, out, w);
  }
  if (json)
    std::cout << j.dump(2) << "\n";
  else
    print_reach(settings, in, outcome);
  keep_until_exit(std::move(in));
  keep_until_exit(std::move(outcome));
  return 0;
}

}  // namespace cli
