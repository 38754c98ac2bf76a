// plan coverage --metric network: the network variant of stop coverage beside the straight-line figure.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "coverage_output.hpp"
#include "network_input.hpp"
#include "plan/error.hpp"
#include "plan/isochrone.hpp"
#include "timings.hpp"

namespace cli {

int report_network_coverage(const Args& args, Inputs& inputs, const plan::CoverageInput& in,
                            const plan::CoverageOptions& options, const plan::CoverageResult& r) {
  const double half_width = args.number("half-width", 50);
  if (!(half_width > 0)) throw plan::UsageError("--half-width must be positive");
  const double max_snap = travel_options(args).max_snap_m;
  const NetworkInput net = read_network(args, inputs);
  plan::NetworkCoverageResult n;
  {
    Phase compute("compute");
    Progress progress("network");
    n = plan::compute_network_coverage(net.network, in, options, half_width, max_snap);
    progress(1.0);
  }
  const double penalty = r.covered_m2 > 0 ? n.covered_m2 / r.covered_m2 : 0;
  const auto out_path = args.get("out");
  if (out_path) {
    write_output(
        *out_path,
        {polygons_layer("covered", inputs.crs(), r.covered), polygons_layer("gaps", inputs.crs(), r.gaps),
         polygons_layer("network_covered", inputs.crs(), n.covered)},
        args, inputs,
        {plan::coverage_style("covered", plan::CoverageClass::Covered),
         plan::coverage_style("gaps", plan::CoverageClass::Gap),
         plan::coverage_style("network_covered", plan::CoverageClass::NetworkCovered)});
  }
  if (args.flag("json")) {
    nlohmann::ordered_json j = coverage_json(r, inputs.crs());
    j["metric"] = "network";
    j["network_definition"] = n.definition;
    j["half_width_m"] = n.half_width_m;
    j["stops_off_network"] = n.stops_unsnapped.size();
    j["network_covered_m2"] = n.covered_m2;
    j["network_area_ratio"] = n.area_ratio;
    j["network_population_ratio"] = optional_number(n.population_ratio);
    j["detour_penalty"] = penalty;
    if (out_path) j["out"] = *out_path;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("Stop coverage, %.0f m: straight-line circles and walking along the network (CRS %s)\n",
              r.radius_m, inputs.crs().c_str());
  print_network(net);
  std::printf("  stops used        %zu (%zu beyond %.0f m of a street)\n", r.stops_used,
              n.stops_unsnapped.size(), max_snap);
  std::printf("  study area        %.3f km²\n", r.area_m2 / 1e6);
  std::printf("  straight-line     %.3f km², area ratio %.2f %%", r.covered_m2 / 1e6, 100 * r.area_ratio);
  if (r.population_ratio) std::printf(", population ratio %.2f %%", 100 * *r.population_ratio);
  std::printf("\n  network           %.3f km², area ratio %.2f %%", n.covered_m2 / 1e6, 100 * n.area_ratio);
  if (n.population_ratio) std::printf(", population ratio %.2f %%", 100 * *n.population_ratio);
  std::printf(" (streets widened by %.0f m)\n", n.half_width_m);
  std::printf("  detour penalty    %.3f (network / straight-line covered area)\n", penalty);
  if (out_path)
    std::printf("  wrote             %s (layers covered, gaps, network_covered)\n", out_path->c_str());
  return 0;
}

}  // namespace cli
