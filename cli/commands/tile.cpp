// plan tile: reach, life circles or stop coverage computed tile by tile (plan/tiling.hpp), each tile
// reading only its part of the sources (with the proven halo). It runs all tiles or the ones named, and is
// what each task of the distributed run (python -m libplan.distributed) executes on a worker.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "coverage_output.hpp"
#include "memory_check.hpp"
#include "parse_only.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/reach.hpp"
#include "plan/tiling.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(MEASURE is reach, lifecircle or coverage; `plan tile MEASURE --help` lists that measure's options only.
(reach, lifecircle) take --network and --facilities, (coverage) --stops, --area and --exclusions.

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

// The options of `plan tile MEASURE`; without a measure, those of all (for `plan tile --help`).
void declare_options(Args& args, std::optional<plan::TileMeasure> measure) {
  const bool coverage = !measure || *measure == plan::TileMeasure::Coverage;
  const bool network = !measure || *measure != plan::TileMeasure::Coverage;
  args.add_input("homes", "the homes (points); each belongs to exactly one tile");
  args.add_option("population-field", "F", "the homes' numeric field of people");
  args.add_option("tiles", "DS", "the tiles: polygons such as counties (or --tile-size)");
  args.add_option("tiles-layer", "L", "the layer of --tiles (default: its first)");
  args.add_option("tiles-id", "FIELD", "the field of --tiles that names each tile (default: its feature id)");
  args.add_option("tile-size", "20km", "a square grid of this size from the lower-left corner of the homes");
  args.add_option("tile-id", "ID[,ID...]", "run only these tiles (default: all)");
  args.add_flag("list-tiles", "print the tiles as JSON (id, extent, halo, CRS) and compute nothing");
  args.add_option("crs", "EPSG:N", "the CRS of every tile (default: the UTM zone of the homes' centre)");
  args.add_option("out", "OUT.gpkg",
                  "write layer 'homes': the owned homes with the measure's fields and `tile`");
  add_overwrite_option(args);
  add_json_option(args);
  add_max_memory_option(args);
  add_timings_option(args);
  if (coverage) {
    add_coverage_options(args);
  }
  if (network) {
    args.add_input("network", "(reach, lifecircle) the street network (any OGR line layer, or an OSM file)");
    args.add_input("facilities", "(reach, lifecircle) the facilities");
    args.add_option("category-field", "F", "(reach, lifecircle) the facilities' category field");
    add_speed_option(args);
    add_max_snap_option(args, plan::kDefaultMaxSnapM);
  }
  if (!measure || *measure == plan::TileMeasure::Reach) {
    args.add_option("category", "C[,C2...]", "(reach) with --category-field: only these categories");
    args.add_option("within", "1000m|15min", "(reach) the threshold (default 15min)");
  }
  if (!measure || *measure == plan::TileMeasure::LifeCircle)
    args.add_option("profile", "gb50180|FILE.json",
                    "(lifecircle) the categories and distances (default gb50180)");
}

plan::TileSource source(const Args& args, const std::string& name) {
  return {args.get(name).value_or(""), args.get(name + "-layer").value_or(""),
          args.get(name + "-where").value_or("")};
}

std::optional<plan::TileMeasure> measure_named(const std::string& measure) {
  if (measure == "reach") return plan::TileMeasure::Reach;
  if (measure == "lifecircle") return plan::TileMeasure::LifeCircle;
  if (measure == "coverage") return plan::TileMeasure::Coverage;
  return std::nullopt;
}

// The measure's own options into `job`: stops and radius, or network, facilities and threshold or profile.
void read_measure_options(const Args& args, plan::TileJob& job) {
  if (job.measure == plan::TileMeasure::Coverage) {
    args.require("stops");
    job.stops = source(args, "stops");
    job.area = source(args, "area");
    job.exclusions = source(args, "exclusions");
    job.radius_m = args.number("radius", 500);
    job.exclusion_min_area_m2 = args.number("exclusion-min-area", 1e6);
    if (!(job.radius_m > 0)) throw plan::UsageError("--radius must be positive");
    return;
  }
  args.require("network"), args.require("facilities");
  job.network = source(args, "network");
  job.facilities = source(args, "facilities");
  job.category_field = args.get("category-field").value_or("");
  const double speed_kmh = args.number("speed-kmh", plan::kDefaultWalkSpeedKmh);
  job.max_snap_m = args.number("max-snap", plan::kDefaultMaxSnapM);
  if (!(job.max_snap_m >= 0)) throw plan::UsageError("--max-snap must not be negative");
  if (job.measure == plan::TileMeasure::Reach) {
    job.threshold_m = plan::parse_threshold_m(args.get("within").value_or("15min"), speed_kmh);
    if (const auto c = args.get("category")) {
      if (job.category_field.empty()) throw plan::UsageError("--category needs --category-field");
      job.categories = split_list(*c);
    }
    return;
  }
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

// The tiles: the polygons of --tiles, or a grid of --tile-size over the homes' extent.
std::vector<plan::Tile> make_tiles(const Args& args, const plan::TileJob& job,
                                   std::optional<double> tile_size_m) {
  if (const auto t = args.get("tiles")) {
    plan::ReadOptions o;
    o.layer = args.get("tiles-layer").value_or("");
    o.target_crs = job.crs;
    o.expect = plan::GeometryKind::Polygon;
    return plan::polygon_tiles(plan::read_layer(*t, o), args.get("tiles-id").value_or(""));
  }
  return plan::grid_tiles(plan::source_extent(job.homes, job.crs), *tile_size_m);
}

void print_tile_list(const std::string& measure, const plan::TileJob& job, double halo_m,
                     const std::vector<plan::Tile>& tiles) {
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
}

// The tiles of --tile-id, in its order (all without it).
std::vector<plan::Tile> chosen_tiles(const Args& args, std::vector<plan::Tile> tiles) {
  const auto ids = args.get("tile-id");
  if (!ids) return tiles;
  std::vector<plan::Tile> chosen;
  for (const std::string& id : split_list(*ids)) {
    auto it = std::find_if(tiles.begin(), tiles.end(), [&](const plan::Tile& t) { return t.id == id; });
    if (it == tiles.end()) throw plan::UsageError("no tile '" + id + "'");
    chosen.push_back(*it);
  }
  return chosen;
}

struct TileRuns {
  plan::Layer merged;  // the homes of every tile run, with their fields
  plan::TileTotals totals;
  nlohmann::ordered_json per_tile = nlohmann::ordered_json::array();
};

TileRuns run_tiles(const plan::TileJob& job, const std::vector<plan::Tile>& tiles) {
  TileRuns runs;
  for (const plan::Tile& t : tiles) {
    plan::TileResult r = plan::run_tile(job, t);
    runs.totals.add(r.totals);
    runs.per_tile.push_back({{"id", t.id},
                             {"homes", r.totals.homes},
                             {"homes_read", r.totals.homes_read},
                             {"covered", r.totals.covered},
                             {"network_lines_read", r.totals.network_lines_read},
                             {"facilities_read", r.totals.facilities_read},
                             {"stops_read", r.totals.stops_read}});
    if (runs.merged.fields.empty()) {
      runs.merged.name = r.homes.name;
      runs.merged.crs = r.homes.crs;
      runs.merged.kind = plan::GeometryKind::Point;
      runs.merged.fields = r.homes.fields;
    }
    for (plan::Feature& f : r.homes.features) runs.merged.features.push_back(std::move(f));
  }
  if (runs.merged.fields.empty()) throw plan::UsageError("no tile to run");
  return runs;
}

void write_tiles(const Args& args, const plan::TileJob& job, const std::string& out,
                 const plan::Layer& merged) {
  plan::WriteOptions w;
  w.overwrite = args.flag("overwrite");
  for (const plan::TileSource* s :
       {&job.homes, &job.network, &job.facilities, &job.stops, &job.area, &job.exclusions})
    if (!s->path.empty()) w.inputs.push_back(s->path);
  plan::write_layers(out, {merged}, w);
}

void print_tile_runs(const std::string& measure, const plan::TileJob& job, double halo_m,
                     std::size_t tile_count, const TileRuns& runs, const std::string& out, bool json) {
  const plan::TileTotals& totals = runs.totals;
  if (json) {
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
    j["tiles"] = runs.per_tile;
    j["out"] = out;
    std::cout << j.dump(1) << "\n";
    return;
  }
  std::printf("%s over %zu tiles (halo %.0f m, CRS %s): %zu homes, %zu covered (%.2f %%)\n", measure.c_str(),
              tile_count, halo_m, job.crs.c_str(), totals.homes, totals.covered,
              totals.homes ? 100.0 * totals.covered / totals.homes : 0.0);
  std::printf("  wrote %s (layer homes)\n", out.c_str());
}

}  // namespace

int run_tile(const Arguments& argv) {
  const std::optional<plan::TileMeasure> named = argv.empty() ? std::nullopt : measure_named(argv[0]);
  if (!named) {
    Args all("plan tile MEASURE", command_description("tile"), kFooter);
    declare_options(all, std::nullopt);
    if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
      std::fputs(all.help().c_str(), argv.empty() ? stderr : stdout);
      return argv.empty() ? 2 : 0;
    }
    throw plan::UsageError("unknown measure '" + argv[0] + "' (reach, lifecircle or coverage)");
  }
  const std::string measure = argv[0];
  Args args("plan tile " + measure, command_description("tile"), kFooter);
  declare_options(args, named);
  if (!args.parse(Arguments(argv.begin() + 1, argv.end()))) return 0;

  // Options, checked before any file is read.
  plan::TileJob job;
  job.measure = *named;
  job.homes = source(args, "homes");
  args.require("homes");
  job.population_field = args.get("population-field").value_or("");
  if (args.get("tiles") && args.get("tile-size"))
    throw plan::UsageError("give --tiles or --tile-size, not both");
  if (!args.get("tiles") && !args.get("tile-size"))
    throw plan::UsageError("give the tiles: --tiles POLYGONS or --tile-size 20km");
  std::optional<double> tile_size_m;
  if (const auto s = args.get("tile-size")) tile_size_m = plan::parse_threshold_m(*s, 4);
  read_measure_options(args, job);
  job.crs = args.get("crs").value_or("");
  before_io();

  // The tiles (the first reads).
  if (job.crs.empty()) job.crs = plan::source_utm_crs(job.homes);
  std::vector<plan::Tile> tiles = make_tiles(args, job, tile_size_m);
  const double halo_m = plan::job_halo_m(job);
  if (args.flag("list-tiles")) {
    print_tile_list(measure, job, halo_m, tiles);
    return 0;
  }
  tiles = chosen_tiles(args, std::move(tiles));
  const std::string out = args.require("out");
  check_tile_memory(args, job, tiles);

  const TileRuns runs = run_tiles(job, tiles);
  write_tiles(args, job, out, runs.merged);
  print_tile_runs(measure, job, halo_m, tiles.size(), runs, out, args.flag("json"));
  return 0;
}

}  // namespace cli
