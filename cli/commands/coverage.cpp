// plan coverage: the share of an area within R metres (straight line) of transit stops.
#include "plan/coverage.hpp"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "coverage_output.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "plan/error.hpp"
#include "population_input.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(Share of the study area (and of its people) within RADIUS metres, straight line, of a stop: the
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
)";

void declare_options(Args& args) {
  add_coverage_options(args);
  add_population_options(args);
  args.add_option("metric", "straight-line|network", "straight-line (the default), or also along --network");
  args.add_input("network", "with --metric network: the street network (any OGR line layer, or an OSM file)");
  args.add_number("half-width", "M",
                  "with --metric network: reached streets are widened by M metres (default 50)",
                  Range::Positive);
  add_max_snap_option(args, plan::kDefaultMaxSnapM);
  add_crs_options(args);
  add_lonlat_offset_options(args);
  add_output_options(args, "write layers 'covered' and 'gaps' (and 'network_covered')");
  add_max_memory_option(args);
  add_timings_option(args);
}

struct Settings {
  plan::CoverageOptions options;
  std::optional<std::string> out_path;
  bool network = false;  // --metric network
};

Settings read_settings(const Args& args) {
  Settings s;
  s.options.radius_m = args.number("radius", 500);
  if (!(s.options.radius_m > 0)) throw plan::UsageError("--radius must be a positive number of metres");
  s.options.exclusion_min_area_m2 = args.number("exclusion-min-area", 1e6);
  if (s.options.exclusion_min_area_m2 < 0)
    throw plan::UsageError("--exclusion-min-area must not be negative");
  if (args.get("population") && !args.get("population-field"))
    throw plan::UsageError("--population needs --population-field naming its numeric field");
  args.require("stops");
  args.require("area");
  s.out_path = args.get("out");
  s.options.want_polygons = s.out_path.has_value();
  const std::string metric = args.get("metric").value_or("straight-line");
  if (metric != "straight-line" && metric != "network")
    throw plan::UsageError("--metric must be straight-line or network");
  s.network = metric == "network";
  if (s.network) args.require("network");
  return s;
}

// Reads the area, the stops, the exclusions and the population (the network is read later, by
// report_network_coverage).
plan::CoverageInput read_inputs(const Args& args, Inputs& inputs) {
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
  return in;
}

void print_coverage(const plan::CoverageResult& r, const Inputs& inputs,
                    const std::optional<std::string>& out_path) {
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
}

}  // namespace

int run_coverage(const Arguments& argv) {
  Args args("plan coverage", command_description("coverage"), std::string(kFooter) + "\n" + kMaxMemoryHelp);
  declare_options(args);
  if (!args.parse(argv)) return 0;
  apply_osm_layer_defaults(args, {"network"}, {});
  const Settings s = read_settings(args);
  Inputs inputs(args, {"stops", "area", "exclusions", "population", "network"});
  const plan::CoverageInput in = read_inputs(args, inputs);

  Phase compute("compute");
  const plan::CoverageResult r = plan::compute_coverage(in, s.options);
  compute.stop();
  if (s.network) return report_network_coverage(args, inputs, in, s.options, r);

  if (s.out_path) {
    write_output(
        *s.out_path,
        {polygons_layer("covered", inputs.crs(), r.covered), polygons_layer("gaps", inputs.crs(), r.gaps)},
        args, inputs,
        {plan::coverage_style("covered", plan::CoverageClass::Covered),
         plan::coverage_style("gaps", plan::CoverageClass::Gap)});
  }
  if (args.flag("json")) {
    nlohmann::ordered_json j = coverage_json(r, inputs.crs());
    if (s.out_path) j["out"] = *s.out_path;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  print_coverage(r, inputs, s.out_path);
  return 0;
}

}  // namespace cli
