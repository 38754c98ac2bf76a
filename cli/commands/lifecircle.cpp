// plan lifecircle: per-category and complete life-circle shares (GB 50180-2018) along the walking network.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "output_fields.hpp"
#include "parse_only.hpp"
#include "plan/error.hpp"
#include "plan/reach.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(Life-circle completeness along the street network. The default profile follows GB 50180-2018:
15-minute circle (middle_school, health_centre, elderly_care, culture_sports within 1000 m), 10-minute
(primary_school, market within 500 m), 5-minute (kindergarten, health_station, daily_shop within 300 m),
matched against the facilities' --category-field (default `category`). A home is complete when every
category is within its own distance. Life circles are always measured walking (GB 50180-2018 defines
them by walking distance), so there is no --mode drive here; use `plan reach --mode drive` for travel
times by car (e.g. 30 minutes to a hospital). A profile is a JSON file:
  {"name": "...", "categories": [{"name": "primary_school", "circle": "10-minute", "within": "500m",
                                  "match": ["school"]}]}
An OSM file as --facilities gives its `points` and `multipolygons` layers together; --X-layer A,B reads
several layers of any source together (the same --X-where applies to each).
--out writes layer 'homes': the input homes with <category>_m, <category>_covered, complete, snap_m.
--largest-component snaps points only to the largest connected piece of the network.
--X-where SQL keeps the features of input X that pass an OGR SQL attribute filter; --gcj02 X,Y (or
--bd09) shifts inputs holding Amap/Tencent (GCJ-02) or Baidu (BD-09) lon/lat back to WGS84.
)";

void declare_options(Args& args) {
  args.add_input("facilities",
                 "the facilities (points or polygons; an OSM file gives points and multipolygons)");
  args.add_option("category-field", "F",
                  "the facilities' field that holds their category (default category)");
  args.add_input("homes", "the homes (points, or polygons counted by their centroid)");
  args.add_option("population-field", "F", "the homes' numeric field of people");
  args.add_option("profile", "gb50180|FILE.json", "the categories and their distances (default gb50180)");
  add_network_command_options(args, "write layer 'homes' with each category's distance and coverage");
}

// The life-circle profile of --profile: GB 50180-2018 or a JSON file (read here: the command's first file).
plan::LifeCircleProfile read_profile(const Args& args, double speed_kmh) {
  const std::string profile_name = args.get("profile").value_or("gb50180");
  if (profile_name == "gb50180") return plan::gb50180_profile();
  before_io();
  std::ifstream file(profile_name);
  if (!file)
    throw plan::DataError(plan::Location{profile_name, {}, {}, {}},
                          "cannot read the profile (or use --profile gb50180)");
  std::stringstream text;
  text << file.rdbuf();
  return plan::profile_from_json(text.str(), profile_name, speed_kmh);
}

struct LifeInputs {
  explicit LifeInputs(const Args& args) : inputs(args, {"network", "facilities", "homes"}) {}
  Inputs inputs;
  NetworkInput net;
  Places facilities, homes;
  std::vector<std::string> category;  // each facility's
  std::vector<double> population;
};

LifeInputs read_inputs(const Args& args) {
  LifeInputs in(args);
  // The homes' other fields matter only to --out, which keeps them; the facilities' never do.
  if (!args.get("out")) in.inputs.only_fields("homes", {args.get("population-field")});
  in.inputs.only_fields("facilities", {args.get("category-field").value_or("category")});
  // The homes, the largest input, are read on a second thread beside the network and the facilities.
  in.inputs.fix_crs(args, "network");
  Aside<Places> homes =
      in.inputs.read_aside<Places>([&args](Inputs& i) { return read_places(args, i, "homes"); });
  in.net = read_network(args, in.inputs);
  in.facilities = read_places(args, in.inputs, "facilities");
  in.homes = homes.get();
  in.category = plan::text_values(in.facilities.layer, args.get("category-field").value_or("category"));
  if (const auto pf = args.get("population-field"))
    in.population = plan::population_field(in.homes.layer, *pf);
  return in;
}

struct Outcome {
  std::vector<plan::SnapPoint> home_snaps;
  plan::LifeCircleResult result;
  std::vector<std::int64_t> unsnapped_homes;
};

Outcome compute(const Args& args, const LifeInputs& in, const plan::LifeCircleProfile& profile,
                double max_snap) {
  Outcome o;
  Phase snap("snap");
  Progress progress("snapping");
  const plan::SnapIndex index(in.net.network, 0, args.flag("largest-component"));
  const std::vector<plan::SnapPoint> fsnap = plan::snap_points(index, in.facilities.at, max_snap);
  progress(0.5);
  o.home_snaps = plan::snap_points(index, in.homes.at, max_snap);
  progress(1.0);
  snap.stop();
  Phase compute("compute");
  o.result =
      plan::compute_life_circles(in.net.network, fsnap, in.category, o.home_snaps, in.population, profile);
  compute.stop();
  for (std::size_t i = 0; i < o.home_snaps.size(); ++i)
    if (!o.home_snaps[i].snapped) o.unsnapped_homes.push_back(in.homes.layer.features[i].id);
  return o;
}

// The homes with each category's distance and coverage, complete and snap_m (layer 'homes' of --out).
plan::Layer homes_layer(const LifeInputs& in, const Outcome& o) {
  const plan::LifeCircleResult& r = o.result;
  plan::Layer out = in.homes.layer;
  out.name = "homes";
  for (const plan::CategoryReach& c : r.categories) {
    out.fields.push_back({field_safe(c.category.name) + "_m", plan::FieldType::Real});
    out.fields.push_back({field_safe(c.category.name) + "_covered", plan::FieldType::Integer});
  }
  out.fields.push_back({"complete", plan::FieldType::Integer});
  out.fields.push_back({"snap_m", plan::FieldType::Real});
  for (std::size_t i = 0; i < out.features.size(); ++i) {
    // Filled by index into a resized row: GCC 12 warns falsely on push_back of this variant.
    auto& v = out.features[i].values;
    std::size_t k = v.size();
    v.resize(k + 2 * r.categories.size() + 2);
    for (const plan::CategoryReach& c : r.categories) {
      const double d = c.nearest.distance_m[i];
      if (d < plan::kUnreached) v[k] = d;
      v[k + 1] = static_cast<std::int64_t>(c.covered[i]);
      k += 2;
    }
    v[k] = static_cast<std::int64_t>(r.complete[i]);
    if (o.home_snaps[i].snapped) v[k + 1] = o.home_snaps[i].snap_m;
  }
  return out;
}

nlohmann::ordered_json life_json(const plan::LifeCircleProfile& profile, const LifeInputs& in,
                                 const Outcome& o, const std::optional<std::string>& out_path) {
  const plan::LifeCircleResult& r = o.result;
  nlohmann::ordered_json j;
  j["profile"] = profile.name;
  j["definition"] = profile.source.empty() ? "life circles along the street network" : profile.source;
  j["crs"] = in.inputs.crs();
  j["network"] = network_json(in.net);
  j["homes"] = r.complete_shares.homes;
  j["unreachable_ids"] = o.unsnapped_homes;
  nlohmann::ordered_json cats = nlohmann::ordered_json::array();
  for (const plan::CategoryReach& c : r.categories)
    cats.push_back({{"category", c.category.name},
                    {"circle", c.category.circle},
                    {"threshold_m", c.category.max_distance_m},
                    {"facilities", c.facilities},
                    {"facilities_unreachable", c.unsnapped.size()},
                    {"reachable", c.shares.reachable},
                    {"covered", c.shares.covered},
                    {"covered_ratio", c.shares.covered_ratio},
                    {"population_covered_ratio", optional_number(c.shares.population_covered_ratio)}});
  j["categories"] = cats;
  j["complete"] = r.complete_shares.covered;
  j["complete_ratio"] = r.complete_shares.covered_ratio;
  j["population_total"] = optional_number(r.complete_shares.population_total);
  j["population_complete_ratio"] = optional_number(r.complete_shares.population_covered_ratio);
  if (out_path) j["out"] = *out_path;
  return j;
}

void print_life(const plan::LifeCircleProfile& profile, const LifeInputs& in, const Outcome& o,
                double max_snap, const std::optional<std::string>& out_path) {
  const plan::LifeCircleResult& r = o.result;
  std::printf("Life circles, profile %s (CRS %s)\n", profile.name.c_str(), in.inputs.crs().c_str());
  print_network(in.net);
  std::printf("  homes             %zu (%zu beyond %.0f m of a street)\n", r.complete_shares.homes,
              o.unsnapped_homes.size(), max_snap);
  std::printf("  %-16s %-10s %7s %10s %8s %8s\n", "category", "circle", "within", "facilities", "homes",
              "people");
  for (const plan::CategoryReach& c : r.categories) {
    std::printf("  %-16s %-10s %6.0fm %10zu %7.2f%%", c.category.name.c_str(), c.category.circle.c_str(),
                c.category.max_distance_m, c.facilities, 100 * c.shares.covered_ratio);
    if (c.shares.population_covered_ratio) std::printf(" %7.2f%%", 100 * *c.shares.population_covered_ratio);
    std::printf("\n");
  }
  std::printf("  complete (every category)               %7.2f%%", 100 * r.complete_shares.covered_ratio);
  if (r.complete_shares.population_covered_ratio)
    std::printf(" %7.2f%%", 100 * *r.complete_shares.population_covered_ratio);
  std::printf("\n");
  if (out_path) std::printf("  wrote             %s (layer homes)\n", out_path->c_str());
}

}  // namespace

int run_lifecircle(const Arguments& argv) {
  Args args("plan lifecircle", command_description("lifecircle"),
            std::string(kFooter) + "\n" + kMaxMemoryHelp);
  declare_options(args);
  if (!args.parse(argv)) return 0;
  apply_osm_layer_defaults(args, {"network"}, {"homes"}, {"facilities"});
  const TravelOptions travel = travel_options(args);  // no --mode: life circles are walking distances
  const plan::LifeCircleProfile profile = read_profile(args, travel.speed_kmh);
  args.require("network"), args.require("facilities"), args.require("homes");
  const auto out_path = args.get("out");

  const LifeInputs in = read_inputs(args);
  const Outcome outcome = compute(args, in, profile, travel.max_snap_m);
  if (out_path) {
    const plan::Layer out = homes_layer(in, outcome);
    write_output(*out_path, {out}, args, in.inputs, {plan::completeness_style("homes")});
  }
  if (args.flag("json"))
    std::cout << life_json(profile, in, outcome, out_path).dump(2) << "\n";
  else
    print_life(profile, in, outcome, travel.max_snap_m, out_path);
  return 0;
}

}  // namespace cli
