// plan lifecircle: per-category and complete life-circle shares (GB 50180-2018) along the walking network.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "output_fields.hpp"
#include "parse_only.hpp"
#include "plan/error.hpp"
#include "plan/reach.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kHelp =
    R"(usage: plan lifecircle --network DS [--network-layer L] --facilities DS [--facilities-layer L]
                       [--category-field category] --homes DS [--homes-layer L] [--population-field F]
                       [--profile gb50180|FILE.json] [--speed-kmh 4] [--max-snap 250]
                       [--largest-component]
                       [--crs EPSG:N] [--assume-crs EPSG:N] [--out OUT] [--overwrite] [--json]
                       [--max-memory SIZE]

Life-circle completeness along the street network. The default profile follows GB 50180-2018:
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

--max-memory SIZE (2G, 512MiB, ...) stops the run before it reads anything when its peak memory, estimated
from the inputs' feature and edge counts, is larger (exit 2); without it the limit is the memory available
now (MemAvailable); --max-memory off skips the check. --timings prints the estimate beside the peak.
)";

}  // namespace

int run_lifecircle(const Arguments& raw) {
  const Args args(
      with_osm_layer_defaults(raw, {"network"}, {"homes"}, {"facilities"}),
      network_command_options({"facilities", "facilities-layer", "facilities-where", "category-field",
                               "homes", "homes-layer", "homes-where", "population-field", "profile"}),
      network_command_flags({}));
  if (args.flag("help")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (!args.positional().empty())
    throw plan::UsageError("unexpected argument '" + args.positional()[0] + "'");
  const TravelOptions travel = travel_options(args);  // no --mode: life circles are walking distances
  const double speed_kmh = travel.speed_kmh, max_snap = travel.max_snap_m;
  const std::string profile_name = args.get("profile").value_or("gb50180");
  plan::LifeCircleProfile profile;
  if (profile_name == "gb50180") {
    profile = plan::gb50180_profile();
  } else {
    before_io();
    std::ifstream file(profile_name);
    if (!file)
      throw plan::DataError(plan::Location{profile_name, {}, {}, {}},
                            "cannot read the profile (or use --profile gb50180)");
    std::stringstream text;
    text << file.rdbuf();
    profile = plan::profile_from_json(text.str(), profile_name, speed_kmh);
  }
  args.require("network"), args.require("facilities"), args.require("homes");
  const auto out_path = args.get("out");

  Inputs inputs(args, {"network", "facilities", "homes"});
  const NetworkInput net = read_network(args, inputs);
  const Places facilities = read_places(args, inputs, "facilities");
  const Places homes = read_places(args, inputs, "homes");
  const std::vector<std::string> category =
      plan::text_values(facilities.layer, args.get("category-field").value_or("category"));
  std::vector<double> population;
  if (const auto pf = args.get("population-field")) population = plan::population_field(homes.layer, *pf);

  Phase snap("snap");
  Progress progress("snapping");
  const plan::SnapIndex index(net.network, 0, args.flag("largest-component"));
  const std::vector<plan::SnapPoint> fsnap = plan::snap_points(index, facilities.at, max_snap);
  progress(0.5);
  const std::vector<plan::SnapPoint> hsnap = plan::snap_points(index, homes.at, max_snap);
  progress(1.0);
  snap.stop();
  Phase compute("compute");
  const plan::LifeCircleResult r =
      plan::compute_life_circles(net.network, fsnap, category, hsnap, population, profile);
  compute.stop();
  std::vector<std::int64_t> unsnapped_homes;
  for (std::size_t i = 0; i < hsnap.size(); ++i)
    if (!hsnap[i].snapped) unsnapped_homes.push_back(homes.layer.features[i].id);

  if (out_path) {
    plan::Layer out = homes.layer;
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
      if (hsnap[i].snapped) v[k + 1] = hsnap[i].snap_m;
    }
    write_output(*out_path, {out}, args, inputs, {plan::completeness_style("homes")});
  }

  if (args.flag("json")) {
    nlohmann::ordered_json j;
    j["profile"] = profile.name;
    j["definition"] = profile.source.empty() ? "life circles along the street network" : profile.source;
    j["crs"] = inputs.crs();
    j["network"] = network_json(net);
    j["homes"] = r.complete_shares.homes;
    j["unreachable_ids"] = unsnapped_homes;
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
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("Life circles, profile %s (CRS %s)\n", profile.name.c_str(), inputs.crs().c_str());
  print_network(net);
  std::printf("  homes             %zu (%zu beyond %.0f m of a street)\n", r.complete_shares.homes,
              unsnapped_homes.size(), max_snap);
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
  return 0;
}

}  // namespace cli
