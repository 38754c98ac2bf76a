// plan reach: every home's nearest facility along the walking network (or fastest by car with --mode drive),
// and the share within a threshold.
#include "plan/reach.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "args.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "output_fields.hpp"
#include "plan/analysis.hpp"
#include "plan/error.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kHelp =
    R"(usage: plan reach --network DS [--network-layer L] --facilities DS [--facilities-layer L]
                  [--category-field F [--category C[,C2...]]] --homes DS [--homes-layer L]
                  [--population-field F] [--within 15min|1000m] [--speed-kmh 4] [--max-snap 250]
                  [--mode walk|drive] [--largest-component]
                  [--crs EPSG:N] [--assume-crs EPSG:N] [--out OUT] [--overwrite] [--json] [--max-memory SIZE]

Every home's nearest facility along the street network (one multi-source shortest-path pass), its
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

--max-memory SIZE (2G, 512MiB, ...) stops the run before it reads anything when its peak memory, estimated
from the inputs' feature and edge counts, is larger (exit 2); without it the limit is the memory available
now (MemAvailable); --max-memory off skips the check. --timings prints the estimate beside the peak.
)";

}  // namespace

int run_reach(const Arguments& raw) {
  const Args args(with_osm_layer_defaults(raw, {"network"}, {"homes"}, {"facilities"}),
                  network_command_options({"facilities", "facilities-layer", "facilities-where",
                                           "category-field", "category", "homes", "homes-layer",
                                           "homes-where", "population-field", "within", "mode"}),
                  network_command_flags({}));
  if (args.flag("help")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (!args.positional().empty())
    throw plan::UsageError("unexpected argument '" + args.positional()[0] + "'");
  const TravelOptions travel = travel_options(args);
  const plan::TravelMode mode = travel.mode;
  const bool drive = travel.drive();
  const double speed_kmh = travel.speed_kmh, max_snap = travel.max_snap_m;
  const std::string within = args.get("within").value_or(drive ? "30min" : "15min");
  // In the network's cost unit: metres walking, seconds driving.
  const double threshold =
      drive ? plan::parse_time_threshold_s(within) : plan::parse_threshold_m(within, speed_kmh);
  if (args.get("category") && !args.get("category-field"))
    throw plan::UsageError("--category needs --category-field naming the field that holds it");
  args.require("network"), args.require("facilities"), args.require("homes");
  const auto out_path = args.get("out");

  Inputs inputs(args, {"network", "facilities", "homes"});
  const NetworkInput net = read_network(args, inputs, mode);
  const Places facilities = read_places(args, inputs, "facilities");
  Places homes = read_places(args, inputs, "homes");  // its layer moves into the output
  std::vector<double> population;
  if (const auto pf = args.get("population-field")) population = plan::population_field(homes.layer, *pf);

  // Which facilities count, and their categories.
  std::vector<std::string> category, categories;
  if (const auto cf = args.get("category-field")) {
    category = plan::text_values(facilities.layer, *cf);
    if (const auto c = args.get("category")) categories = split_list(*c);
  }
  Phase compute("compute");  // snapping happens inside compute_reach, so its time is counted here
  Progress progress("reach");
  plan::ReachRun run = plan::compute_reach(net.network, facilities.at, category, categories, homes.at,
                                           population, threshold, max_snap, args.flag("largest-component"));
  progress(1.0);
  const std::vector<std::size_t>& used = run.used;
  if (used.empty())
    throw plan::DataError(
        plan::Location{
            facilities.layer.source, facilities.layer.name, {}, args.get("category-field").value_or("")},
        "no facilities" + std::string(args.get("category") ? " of category " + *args.get("category") : ""));
  const std::vector<plan::SnapPoint>& fsnap = run.facility_snaps;
  const std::vector<plan::SnapPoint>& hsnap = run.home_snaps;
  const plan::NearestFacilities& all = run.nearest;
  const std::vector<char>& covered = run.covered;
  const plan::ReachShares& shares = run.shares;
  const std::vector<plan::CategoryRun>& per = run.categories;
  std::vector<std::int64_t> unsnapped_facilities, unsnapped_homes;
  for (std::size_t k = 0; k < used.size(); ++k)
    if (!fsnap[k].snapped) unsnapped_facilities.push_back(facilities.layer.features[used[k]].id);
  for (std::size_t i = 0; i < hsnap.size(); ++i)
    if (!hsnap[i].snapped) unsnapped_homes.push_back(homes.layer.features[i].id);
  compute.stop();
  const double speed_m_per_min = speed_kmh * 1000 / 60;
  // Minutes of a path: walking, its length at the walking speed; driving, its time.
  auto minutes = [&](double length_m, double cost) { return drive ? cost / 60 : length_m / speed_m_per_min; };

  if (out_path) {
    plan::Layer out = std::move(homes.layer);  // not used after this: no copy of 200k features
    out.name = "homes";
    out.fields.push_back({"facility_id", plan::FieldType::Integer});
    out.fields.push_back({"distance_m", plan::FieldType::Real});
    out.fields.push_back({"minutes", plan::FieldType::Real});
    out.fields.push_back({"covered", plan::FieldType::Integer});
    out.fields.push_back({"snap_m", plan::FieldType::Real});
    if (facilities.several_layers) out.fields.push_back({"facility_layer", plan::FieldType::String});
    const std::size_t per_fields = drive ? 3 : 2;
    for (const plan::CategoryRun& pc : per) {
      out.fields.push_back({field_safe(pc.name) + "_m", plan::FieldType::Real});
      if (drive) out.fields.push_back({field_safe(pc.name) + "_min", plan::FieldType::Real});
      out.fields.push_back({field_safe(pc.name) + "_covered", plan::FieldType::Integer});
    }
    for (std::size_t i = 0; i < out.features.size(); ++i) {
      // Filled by index into a resized row (nulls stay monostate): GCC 12 warns falsely on push_back here.
      auto& v = out.features[i].values;
      std::size_t k = v.size();
      const std::size_t own = facilities.several_layers ? 6 : 5;
      v.resize(k + own + per_fields * per.size());
      const std::uint32_t f = all.facility[i];
      if (f != plan::kNoIndex) v[k] = facilities.layer.features[used[f]].id;
      if (all.distance_m[i] < plan::kUnreached)
        v[k + 1] = all.distance_m[i], v[k + 2] = minutes(all.distance_m[i], all.cost[i]);
      v[k + 3] = static_cast<std::int64_t>(covered[i]);
      if (hsnap[i].snapped) v[k + 4] = hsnap[i].snap_m;
      if (facilities.several_layers && f != plan::kNoIndex)
        v[k + 5] = facilities.layer.features[used[f]].values.back();
      k += own;
      for (const plan::CategoryRun& pc : per) {
        if (pc.nearest.distance_m[i] < plan::kUnreached) {
          v[k] = pc.nearest.distance_m[i];
          if (drive) v[k + 1] = pc.nearest.cost[i] / 60;
        }
        v[k + per_fields - 1] = static_cast<std::int64_t>(pc.covered[i]);
        k += per_fields;
      }
    }
    write_output(*out_path, {out}, args, inputs, {plan::reach_style("homes", drive, threshold)});
  }

  if (args.flag("json")) {
    nlohmann::ordered_json j;
    j["definition"] =
        drive ? "network reach by car: fastest path along the drivable roads (one-way streets in their "
                "direction, class speeds or maxspeed, free flow) between snapped positions (snap legs not "
                "added); covered when the fastest facility is within threshold_s"
              : "network reach: shortest walking path along the street network between snapped positions "
                "(snap legs not added); covered when the nearest facility is within threshold_m";
    j["mode"] = plan::to_string(mode);
    j["crs"] = inputs.crs();
    j["network"] = network_json(net);
    j["facilities"] = used.size();
    j["facilities_unreachable_ids"] = unsnapped_facilities;
    j["homes"] = shares.homes;
    j["reachable"] = shares.reachable;
    j["unreachable"] = shares.homes - shares.reachable;
    j["unreachable_ids"] = unsnapped_homes;  // beyond max snap; others have no path to a facility
    j["covered"] = shares.covered;
    j["covered_ratio"] = shares.covered_ratio;
    j["population_total"] = optional_number(shares.population_total);
    j["population_covered"] = optional_number(shares.population_covered);
    j["population_covered_ratio"] = optional_number(shares.population_covered_ratio);
    if (drive) {
      j["threshold_s"] = threshold;
      j["threshold_min"] = threshold / 60;
    } else {
      j["threshold_m"] = threshold;
      j["threshold_min"] = threshold / speed_m_per_min;
      j["speed_kmh"] = speed_kmh;
    }
    j["max_snap_m"] = max_snap;
    if (!per.empty()) {
      nlohmann::ordered_json cats = nlohmann::ordered_json::array();
      for (const plan::CategoryRun& pc : per)
        cats.push_back({{"category", pc.name},
                        {"facilities", pc.facilities},
                        {"reachable", pc.shares.reachable},
                        {"covered", pc.shares.covered},
                        {"covered_ratio", pc.shares.covered_ratio},
                        {"population_covered_ratio", optional_number(pc.shares.population_covered_ratio)}});
      j["categories"] = cats;
    }
    if (out_path) j["out"] = *out_path;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  if (drive)
    std::printf("Network reach by car within %.1f min (fastest path, free flow) (CRS %s)\n", threshold / 60,
                inputs.crs().c_str());
  else
    std::printf("Network reach within %.0f m (%.1f min at %.1f km/h) (CRS %s)\n", threshold,
                threshold / speed_m_per_min, speed_kmh, inputs.crs().c_str());
  print_network(net);
  std::printf("  facilities        %zu (%zu beyond %.0f m of a street)\n", used.size(),
              unsnapped_facilities.size(), max_snap);
  std::printf("  homes             %zu, %zu reachable, %zu unreachable (%zu beyond %.0f m of a street)\n",
              shares.homes, shares.reachable, shares.homes - shares.reachable, unsnapped_homes.size(),
              max_snap);
  std::printf("  covered           %zu homes, %.2f %%\n", shares.covered, 100 * shares.covered_ratio);
  if (shares.population_covered_ratio)
    std::printf("  population        %.2f %% (%.0f of %.0f people)\n", 100 * *shares.population_covered_ratio,
                *shares.population_covered, *shares.population_total);
  for (const plan::CategoryRun& pc : per)
    std::printf("  %-17s %3zu facilities, %.2f %% of homes covered\n", pc.name.c_str(), pc.facilities,
                100 * pc.shares.covered_ratio);
  if (!unsnapped_homes.empty()) {
    std::printf("  unreachable ids  ");
    for (std::size_t i = 0; i < unsnapped_homes.size() && i < 20; ++i)
      std::printf(" %lld", static_cast<long long>(unsnapped_homes[i]));
    std::printf(unsnapped_homes.size() > 20 ? " ... (all in --json)\n" : "\n");
  }
  if (out_path) std::printf("  wrote             %s (layer homes)\n", out_path->c_str());
  return 0;
}

}  // namespace cli
