// plan coverage: the share of an area within R metres (straight line) of transit stops.
#include "plan/coverage.hpp"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "coverage_output.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "plan/error.hpp"
#include "population_input.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kHelp =
    R"(usage: plan coverage --stops DS [--stops-layer L] [--stops-where SQL] --area DS [--area-layer L]
                     [--exclusions DS [--exclusions-layer L]] [--exclusion-min-area M2]
                     [--radius 500] [--population DS --population-field F [--population-layer L]]
                     [--metric straight-line|network --network DS [--network-layer L] [--half-width 50]
                     [--max-snap 250]]
                     [--crs EPSG:N] [--assume-crs EPSG:N] [--gcj02 NAMES] [--bd09 NAMES]
                     [--out OUT] [--overwrite] [--json] [--max-memory SIZE]

Share of the study area (and of its people) within RADIUS metres, straight line, of a stop: the
national transit-metropolis definition used by the Heze plan's indicator 11. Exclusion polygons
(water, parks, schools, military land) larger than --exclusion-min-area (default 1000000 m²) are
removed from the area first. DS is any GDAL/OGR source; --X-layer picks a layer and --X-where an OGR SQL
attribute filter (e.g. --stops-where "highway = 'bus_stop'" on an OpenStreetMap points layer).
--gcj02 stops,area (or --bd09) says which inputs hold Amap/Tencent (GCJ-02) or Baidu (BD-09)
longitude/latitude, which are shifted back to WGS84 before measuring (~500 m around Heze).
--out writes layers 'covered' and 'gaps' (GeoPackage, or any OGR format by extension).
--metric network also counts the area within RADIUS metres walking along --network from a stop (reached
streets widened by --half-width metres) and reports it beside the straight-line figure, with their
ratio (the detour penalty); --out then adds layer 'network_covered'.

--max-memory SIZE (2G, 512MiB, ...) stops the run before it reads anything when its peak memory, estimated
from the inputs' feature and edge counts, is larger (exit 2); without it the limit is the memory available
now (MemAvailable); --max-memory off skips the check. --timings prints the estimate beside the peak.
)";

}  // namespace

int run_coverage(const Arguments& argv) {
  const Args args(with_osm_layer_defaults(argv, {"network"}, {}),
                  {"stops",
                   "stops-layer",
                   "stops-where",
                   "area",
                   "area-layer",
                   "area-where",
                   "exclusions",
                   "exclusions-layer",
                   "exclusions-where",
                   "exclusion-min-area",
                   "radius",
                   "population",
                   "population-layer",
                   "population-where",
                   "population-field",
                   "crs",
                   "assume-crs",
                   "gcj02",
                   "bd09",
                   "out",
                   "metric",
                   "network",
                   "network-layer",
                   "network-where",
                   "half-width",
                   "max-snap",
                   "max-memory"},
                  {"overwrite", "json", "help"});
  if (args.flag("help")) {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (!args.positional().empty())
    throw plan::UsageError("unexpected argument '" + args.positional()[0] + "'");
  plan::CoverageOptions options;
  options.radius_m = args.number("radius", 500);
  if (!(options.radius_m > 0)) throw plan::UsageError("--radius must be a positive number of metres");
  options.exclusion_min_area_m2 = args.number("exclusion-min-area", 1e6);
  if (options.exclusion_min_area_m2 < 0) throw plan::UsageError("--exclusion-min-area must not be negative");
  if (args.get("population") && !args.get("population-field"))
    throw plan::UsageError("--population needs --population-field naming its numeric field");
  args.require("stops");
  args.require("area");
  const auto out_path = args.get("out");
  options.want_polygons = out_path.has_value();

  const std::string metric = args.get("metric").value_or("straight-line");
  if (metric != "straight-line" && metric != "network")
    throw plan::UsageError("--metric must be straight-line or network");
  if (metric == "network") args.require("network");

  Inputs inputs(args, {"stops", "area", "exclusions", "population", "network"});
  plan::CoverageInput in;
  const plan::Layer area = inputs.read(args, "area", plan::GeometryKind::Polygon);
  if (area.features.empty())
    throw plan::DataError(plan::Location{area.source, area.name, {}, {}}, "has no area polygons");
  in.area = plan::all_polygons(area);
  const plan::Layer stops = inputs.read(args, "stops", plan::GeometryKind::Point);
  if (stops.features.empty())
    throw plan::DataError(plan::Location{stops.source, stops.name, {}, {}}, "has no stops");
  in.stops = plan::all_points(stops);
  if (args.get("exclusions")) {
    const plan::MultiPolygon ex =
        plan::all_polygons(inputs.read(args, "exclusions", plan::GeometryKind::Polygon));
    in.exclusions.assign(ex.begin(), ex.end());
  }
  read_population(args, inputs, in);

  Phase compute("compute");
  const plan::CoverageResult r = plan::compute_coverage(in, options);
  compute.stop();
  if (metric == "network") return report_network_coverage(args, inputs, in, options, r);

  if (out_path) {
    write_output(
        *out_path,
        {polygons_layer("covered", inputs.crs(), r.covered), polygons_layer("gaps", inputs.crs(), r.gaps)},
        args, inputs,
        {plan::coverage_style("covered", plan::CoverageClass::Covered),
         plan::coverage_style("gaps", plan::CoverageClass::Gap)});
  }

  if (args.flag("json")) {
    nlohmann::ordered_json j = coverage_json(r, inputs.crs());
    if (out_path) j["out"] = *out_path;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("Stop coverage, %.0f m straight-line circles (CRS %s)\n", r.radius_m, inputs.crs().c_str());
  std::printf("  stops used        %zu\n", r.stops_used);
  std::printf("  study area        %.3f km²", r.area_m2 / 1e6);
  if (r.exclusions_removed)
    std::printf(" (after removing %.3f km² in %zu exclusion polygon(s))", r.excluded_m2 / 1e6,
                r.exclusions_removed);
  std::printf("\n  covered           %.3f km²\n", r.covered_m2 / 1e6);
  std::printf("  area ratio        %.2f %%\n", 100 * r.area_ratio);
  if (r.population_ratio)
    std::printf("  population ratio  %.2f %% (%.0f of %.0f people)\n", 100 * *r.population_ratio,
                r.population_covered, r.population_total);
  if (out_path) std::printf("  wrote             %s (layers covered, gaps)\n", out_path->c_str());
  return 0;
}

}  // namespace cli
