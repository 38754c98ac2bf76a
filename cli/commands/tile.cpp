// plan tile: reach, life circles or stop coverage computed tile by tile (plan/tiling.hpp), each tile
// reading only its part of the sources (with the proven halo). It runs all tiles or the ones named, and is
// what each task of the distributed run (python -m libplan.distributed) executes on a worker.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "memory_check.hpp"
#include "parse_only.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/reach.hpp"
#include "plan/tiling.hpp"

namespace cli {

namespace {

const char* kHelp =
    R"(usage: plan tile reach|lifecircle|coverage --homes DS [--homes-layer L] [--homes-where SQL]
                 [--population-field F]
                 (reach, lifecircle) --network DS [--network-layer L] --facilities DS [--facilities-layer L]
                 [--category-field F] [--category C[,C2...]] [--within 1000m|15min] [--speed-kmh 4]
                 [--max-snap 250] [--profile gb50180|FILE.json]
                 (coverage) --stops DS [--stops-layer L] [--area DS [--area-layer L]]
                 [--exclusions DS [--exclusions-layer L]] [--radius 500] [--exclusion-min-area 1000000]
                 --tiles DS [--tiles-layer L] [--tiles-id FIELD] | --tile-size 20km
                 [--crs EPSG:N] [--tile-id ID[,ID...]] [--list-tiles] --out OUT.gpkg [--overwrite] [--json]
                 [--max-memory SIZE]

Splits the region into tiles (the polygons of --tiles, e.g. counties, or a square grid of --tile-size
laid from the lower-left corner of the homes' extent) and computes each tile from its inputs read
through a spatial filter with a halo wide enough that every home's result equals the whole-region run:
reach and life circles within T: T + 3 x max snap; coverage within R: R. Each home belongs to exactly one
tile (half-open edges). Distances beyond the threshold are left null: only results within a threshold
are exact under tiling. --out writes layer `homes` (the owned homes with their fields, the measure's
fields and `tile`) for the tiles run (--tile-id: only those). --list-tiles prints the tiles as JSON
(id, extent, halo, CRS) and computes nothing. Every tile uses one CRS: --crs, or the UTM zone of the
homes' centre. Walking only; --largest-component and driving cannot be tiled exactly.
--max-memory SIZE (2G, 512MiB, ...) stops the run before it computes or writes anything when its peak
memory, estimated from the features of the largest tile with its halo (tiles run one at a time) and the
homes of every tile run (kept until written), is above SIZE; by default the limit is the memory available
now (MemAvailable); --max-memory off skips the check. --timings prints the estimate beside the peak.
)";

plan::TileSource source(const Args& args, const std::string& name) {
  return {args.get(name).value_or(""), args.get(name + "-layer").value_or(""),
          args.get(name + "-where").value_or("")};
}

}  // namespace

int run_tile(const Arguments& argv) {
  if (argv.empty() || argv[0] == "--help") {
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? 2 : 0;
  }
  plan::TileJob job;
  const std::string measure = argv[0];
  if (measure == "reach")
    job.measure = plan::TileMeasure::Reach;
  else if (measure == "lifecircle")
    job.measure = plan::TileMeasure::LifeCircle;
  else if (measure == "coverage")
    job.measure = plan::TileMeasure::Coverage;
  else
    throw plan::UsageError("unknown measure '" + measure + "' (reach, lifecircle or coverage)");
  std::set<std::string> options = {"homes", "homes-layer", "homes-where", "population-field",
                                   "tiles", "tiles-layer", "tiles-id",    "tile-size",
                                   "crs",   "tile-id",     "out",         "max-memory"};
  if (job.measure == plan::TileMeasure::Coverage) {
    for (const char* o :
         {"stops", "stops-layer", "stops-where", "area", "area-layer", "area-where", "exclusions",
          "exclusions-layer", "exclusions-where", "radius", "exclusion-min-area"})
      options.insert(o);
  } else {
    for (const char* o : {"network", "network-layer", "network-where", "facilities", "facilities-layer",
                          "facilities-where", "category-field", "speed-kmh", "max-snap"})
      options.insert(o);
    if (job.measure == plan::TileMeasure::Reach)
      options.insert({"category", "within"});
    else
      options.insert("profile");
  }
  const Args args(Arguments(argv.begin() + 1, argv.end()), options,
                  {"overwrite", "json", "list-tiles", "help"});
  if (args.flag("help")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (!args.positional().empty())
    throw plan::UsageError("unexpected argument '" + args.positional()[0] + "'");
  job.homes = source(args, "homes");
  args.require("homes");
  job.population_field = args.get("population-field").value_or("");
  if (args.get("tiles") && args.get("tile-size"))
    throw plan::UsageError("give --tiles or --tile-size, not both");
  if (!args.get("tiles") && !args.get("tile-size"))
    throw plan::UsageError("give the tiles: --tiles POLYGONS or --tile-size 20km");
  std::optional<double> tile_size_m;
  if (const auto s = args.get("tile-size")) tile_size_m = plan::parse_threshold_m(*s, 4);
  if (job.measure == plan::TileMeasure::Coverage) {
    args.require("stops");
    job.stops = source(args, "stops");
    job.area = source(args, "area");
    job.exclusions = source(args, "exclusions");
    job.radius_m = args.number("radius", 500);
    job.exclusion_min_area_m2 = args.number("exclusion-min-area", 1e6);
    if (!(job.radius_m > 0)) throw plan::UsageError("--radius must be positive");
  } else {
    args.require("network"), args.require("facilities");
    job.network = source(args, "network");
    job.facilities = source(args, "facilities");
    job.category_field = args.get("category-field").value_or("");
    const double speed_kmh = args.number("speed-kmh", 4);
    job.max_snap_m = args.number("max-snap", 250);
    if (!(job.max_snap_m >= 0)) throw plan::UsageError("--max-snap must not be negative");
    if (job.measure == plan::TileMeasure::Reach) {
      job.threshold_m = plan::parse_threshold_m(args.get("within").value_or("15min"), speed_kmh);
      if (const auto c = args.get("category")) {
        if (job.category_field.empty()) throw plan::UsageError("--category needs --category-field");
        job.categories = split_list(*c);
      }
    } else {
      if (job.category_field.empty()) job.category_field = "category";
      const std::string profile = args.get("profile").value_or("gb50180");
      if (profile == "gb50180") {
        job.profile = plan::gb50180_profile();
      } else {
        before_io();
        std::ifstream file(profile);
        if (!file)
          throw plan::DataError(plan::Location{profile, {}, {}, {}},
                                "cannot read the profile (or use --profile gb50180)");
        std::stringstream text;
        text << file.rdbuf();
        job.profile = plan::profile_from_json(text.str(), profile, speed_kmh);
      }
    }
  }
  job.crs = args.get("crs").value_or("");
  before_io();
  if (job.crs.empty()) job.crs = plan::source_utm_crs(job.homes);

  std::vector<plan::Tile> tiles;
  if (const auto t = args.get("tiles")) {
    plan::ReadOptions o;
    o.layer = args.get("tiles-layer").value_or("");
    o.target_crs = job.crs;
    o.expect = plan::GeometryKind::Polygon;
    tiles = plan::polygon_tiles(plan::read_layer(*t, o), args.get("tiles-id").value_or(""));
  } else {
    tiles = plan::grid_tiles(plan::source_extent(job.homes, job.crs), *tile_size_m);
  }
  const double halo_m = plan::job_halo_m(job);

  if (args.flag("list-tiles")) {
    nlohmann::ordered_json j;
    j["measure"] = measure;
    j["crs"] = job.crs;
    j["halo_m"] = halo_m;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const plan::Tile& t : tiles)
      list.push_back(
          {{"id", t.id}, {"extent", {t.extent.min_x, t.extent.min_y, t.extent.max_x, t.extent.max_y}}});
    j["tiles"] = list;
    std::cout << j.dump(1) << "\n";
    return 0;
  }

  if (const auto ids = args.get("tile-id")) {
    std::vector<plan::Tile> chosen;
    for (const std::string& id : split_list(*ids)) {
      auto it = std::find_if(tiles.begin(), tiles.end(), [&](const plan::Tile& t) { return t.id == id; });
      if (it == tiles.end()) throw plan::UsageError("no tile '" + id + "'");
      chosen.push_back(*it);
    }
    tiles = std::move(chosen);
  }
  const std::string out = args.require("out");
  check_tile_memory(args, job, tiles);
  plan::Layer merged;
  plan::TileTotals totals;
  nlohmann::ordered_json per_tile = nlohmann::ordered_json::array();
  for (const plan::Tile& t : tiles) {
    plan::TileResult r = plan::run_tile(job, t);
    totals.add(r.totals);
    per_tile.push_back({{"id", t.id},
                        {"homes", r.totals.homes},
                        {"homes_read", r.totals.homes_read},
                        {"covered", r.totals.covered},
                        {"network_lines_read", r.totals.network_lines_read},
                        {"facilities_read", r.totals.facilities_read},
                        {"stops_read", r.totals.stops_read}});
    if (merged.fields.empty()) {
      merged.name = r.homes.name;
      merged.crs = r.homes.crs;
      merged.kind = plan::GeometryKind::Point;
      merged.fields = r.homes.fields;
    }
    for (plan::Feature& f : r.homes.features) merged.features.push_back(std::move(f));
  }
  if (merged.fields.empty()) throw plan::UsageError("no tile to run");
  plan::WriteOptions w;
  w.overwrite = args.flag("overwrite");
  for (const plan::TileSource* s :
       {&job.homes, &job.network, &job.facilities, &job.stops, &job.area, &job.exclusions})
    if (!s->path.empty()) w.inputs.push_back(s->path);
  plan::write_layers(out, {merged}, w);

  if (args.flag("json")) {
    nlohmann::ordered_json j;
    j["measure"] = measure;
    j["crs"] = job.crs;
    j["halo_m"] = halo_m;
    j["homes"] = totals.homes;
    j["reachable"] = totals.reachable;
    j["covered"] = totals.covered;
    j["population_total"] = totals.population_total;
    j["population_covered"] = totals.population_covered;
    if (job.measure == plan::TileMeasure::Coverage && !job.area.path.empty()) {
      j["area_m2"] = totals.area_m2;
      j["covered_m2"] = totals.covered_m2;
    }
    j["homes_read"] = totals.homes_read;
    j["network_lines_read"] = totals.network_lines_read;
    j["facilities_read"] = totals.facilities_read;
    j["stops_read"] = totals.stops_read;
    j["tiles"] = per_tile;
    j["out"] = out;
    std::cout << j.dump(1) << "\n";
    return 0;
  }
  std::printf("%s over %zu tiles (halo %.0f m, CRS %s): %zu homes, %zu covered (%.2f %%)\n", measure.c_str(),
              tiles.size(), halo_m, job.crs.c_str(), totals.homes, totals.covered,
              totals.homes ? 100.0 * totals.covered / totals.homes : 0.0);
  std::printf("  wrote %s (layer homes)\n", out.c_str());
  return 0;
}

}  // namespace cli
