// plan suggest-stops: where new stops close the coverage gap, in order, with what each one adds.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "coverage_output.hpp"
#include "input.hpp"
#include "output_fields.hpp"
#include "plan/error.hpp"
#include "plan/proposals.hpp"
#include "population_input.hpp"
#include "suggest_common.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(Proposes new stop sites among the candidates (given points, or points every --spacing metres along the
streets, since stops stand on streets) to raise the straight-line coverage of `plan coverage`: the
covered area (or with --maximise population the covered people), greedily with lazy evaluation over the
exact union of circles. Prints the sites in order with each one's gain and the cumulative ratio, how
many sites the --target needs (or how close all candidates get), the greedy method's guarantee and an
upper bound on the best coverage possible with that many sites. --out writes layer 'proposals' (points:
rank, gain_m2, gain_population, covered_m2, area_ratio, population_ratio).
Exit codes: 0 done, 1 data error, 2 usage error, 3 the candidates cannot reach the target (the
proposals that get closest are still printed and written).
)";

void declare_options(Args& args) {
  add_coverage_options(args);
  add_population_options(args);
  args.add_option("maximise", "area|population", "what the sites should cover most (default area)");
  args.add_input("candidates", "the candidate sites (points)");
  args.add_input("streets", "candidate sites every --spacing along these streets (instead of --candidates)");
  args.add_option("spacing", "100m", "with --streets: the distance between candidate sites (default 100m)");
  add_proposal_options(args);
  add_crs_options(args);
  add_lonlat_offset_options(args);
  add_output_options(args, "write layer 'proposals' (points, ranked)");
  add_max_memory_option(args);
  add_timings_option(args);
}

// The study area, stops, exclusions, population and candidate sites (given, or every `spacing_m` along the
// streets); `candidates_from` says where the candidates came from.
plan::StopProposalInput read_inputs(const Args& args, Inputs& inputs, double spacing_m,
                                    std::string& candidates_from) {
  plan::StopProposalInput in;
  const plan::Layer area = inputs.read(args, "area", plan::GeometryKind::Polygon);
  if (area.features.empty())
    throw plan::DataError(plan::Location{area.source, area.name, {}, {}}, "has no area polygons");
  in.area = plan::all_polygons(area);
  const plan::Layer stops = inputs.read(args, "stops", plan::GeometryKind::Point);
  in.stops = plan::all_points(stops);  // an empty stop layer is a city with no stops yet
  if (args.get("exclusions")) {
    const plan::MultiPolygon ex =
        plan::all_polygons(inputs.read(args, "exclusions", plan::GeometryKind::Polygon));
    in.exclusions.assign(ex.begin(), ex.end());
  }
  plan::CoverageInput population;
  read_population(args, inputs, population);
  in.population_polygons = std::move(population.population_polygons);
  in.population_points = std::move(population.population_points);

  if (args.get("candidates")) {
    const plan::Layer c = inputs.read(args, "candidates", plan::GeometryKind::Point);
    in.candidates = plan::all_points(c);
    if (in.candidates.empty())
      throw plan::DataError(plan::Location{c.source, c.name, {}, {}}, "has no candidate sites");
    candidates_from = c.source + " (layer " + c.name + ")";
  } else {
    const plan::Layer streets = inputs.read(args, "streets", plan::GeometryKind::Line);
    std::vector<plan::LineString> lines;
    for (const plan::Feature& f : streets.features)
      lines.insert(lines.end(), f.geometry.lines.begin(), f.geometry.lines.end());
    in.candidates = plan::points_along(lines, spacing_m);
    if (in.candidates.empty())
      throw plan::DataError(plan::Location{streets.source, streets.name, {}, {}},
                            "has no streets to place candidates on");
    char buf[64];
    std::snprintf(buf, sizeof buf, "every %g m along ", spacing_m);
    candidates_from = buf + streets.source + " (layer " + streets.name + ")";
  }

  return in;
}

// The proposals as a point layer, rank first.
plan::Layer proposals_layer(const plan::StopProposalResult& r, const std::string& crs) {
  plan::Layer layer;
  layer.name = "proposals";
  layer.crs = crs;
  layer.kind = plan::GeometryKind::Point;
  layer.fields = {{"rank", plan::FieldType::Integer},         {"candidate", plan::FieldType::Integer},
                  {"gain_m2", plan::FieldType::Real},         {"gain_population", plan::FieldType::Real},
                  {"covered_m2", plan::FieldType::Real},      {"area_ratio", plan::FieldType::Real},
                  {"population_ratio", plan::FieldType::Real}};
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::StopProposal& p = r.proposals[i];
    plan::Feature f;
    f.id = static_cast<std::int64_t>(i + 1);
    f.geometry = plan::Geometry::point(p.position);
    f.values = {static_cast<std::int64_t>(i + 1),
                static_cast<std::int64_t>(p.candidate),
                p.gain_m2,
                p.gain_population,
                p.covered_m2,
                p.area_ratio,
                p.population_ratio ? plan::Value(*p.population_ratio) : plan::Value()};
    layer.features.push_back(std::move(f));
  }
  return layer;
}

nlohmann::ordered_json result_json(const plan::StopProposalResult& r, const plan::ProposalOptions& options,
                                   const std::string& crs, const std::string& maximise,
                                   std::size_t candidates, const std::vector<plan::XY>& lonlat,
                                   double total) {
  nlohmann::ordered_json j;
  j["method"] = plan::proposal_guarantee();
  j["crs"] = crs;
  j["radius_m"] = r.radius_m;
  j["maximise"] = maximise;
  j["candidates"] = candidates;
  j["candidates_considered"] = r.candidates_considered;
  j["candidates_outside"] = r.candidates_outside;
  j["area_m2"] = r.area_m2;
  j["initial_covered_m2"] = r.initial_covered_m2;
  j["initial_area_ratio"] = r.initial_area_ratio;
  j["population_total"] =
      r.has_population ? nlohmann::ordered_json(r.population_total) : nlohmann::ordered_json();
  j["initial_population_covered"] =
      r.has_population ? nlohmann::ordered_json(r.initial_population_covered) : nlohmann::ordered_json();
  add_proposal_summary(j, options, r.target_reached, r.min_sites_needed, r.upper_bound, total,
                       r.gain_evaluations);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::StopProposal& p = r.proposals[i];
    list.push_back({{"rank", i + 1},
                    {"candidate", p.candidate},
                    {"x", p.position.x},
                    {"y", p.position.y},
                    {"lon", lonlat[i].x},
                    {"lat", lonlat[i].y},
                    {"gain_m2", p.gain_m2},
                    {"gain_population",
                     r.has_population ? nlohmann::ordered_json(p.gain_population) : nlohmann::ordered_json()},
                    {"covered_m2", p.covered_m2},
                    {"area_ratio", p.area_ratio},
                    {"population_ratio", optional_number(p.population_ratio)}});
  }
  j["proposals"] = list;
  return j;
}

void print_result(const plan::StopProposalResult& r, const plan::ProposalOptions& options,
                  const std::string& crs, std::size_t stops, std::size_t candidates,
                  const std::string& candidates_from, const std::vector<plan::XY>& lonlat, double total,
                  double final_ratio) {
  const bool by_area = options.objective == plan::ProposalObjective::Area;
  std::printf("Stop proposals, %.0f m straight-line circles (CRS %s)\n", r.radius_m, crs.c_str());
  std::printf("  study area        %.3f km²\n", r.area_m2 / 1e6);
  std::printf("  existing stops    %zu, covering %.3f km², %.2f %%", stops, r.initial_covered_m2 / 1e6,
              100 * r.initial_area_ratio);
  if (r.has_population)
    std::printf(", %.0f of %.0f people (%.2f %%)", r.initial_population_covered, r.population_total,
                r.population_total > 0 ? 100 * r.initial_population_covered / r.population_total : 0.0);
  std::printf("\n  candidates        %zu from %s", candidates, candidates_from.c_str());
  if (!r.candidates_outside.empty())
    std::printf("; %zu farther than %.0f m from the study area, never chosen", r.candidates_outside.size(),
                r.radius_m);
  std::printf("\n  maximising        %s\n", by_area ? "covered area" : "covered people");
  if (!r.proposals.empty()) {
    std::printf("\n  %4s  %11s %11s  %12s  %9s", "rank", "lon", "lat", "gain m²", "cumul. %");
    if (r.has_population) std::printf("  %10s  %9s", "gain pop.", "pop. %");
    std::printf("\n");
    for (std::size_t i = 0; i < r.proposals.size(); ++i) {
      const plan::StopProposal& p = r.proposals[i];
      std::printf("  %4zu  %11.6f %11.6f  %12.1f  %9.4f", i + 1, lonlat[i].x, lonlat[i].y, p.gain_m2,
                  100 * p.area_ratio);
      if (r.has_population)
        std::printf("  %10.1f  %9.4f", p.gain_population, 100 * p.population_ratio.value_or(0));
      std::printf("\n");
    }
    std::printf("\n");
  }
  print_proposal_summary(options, r.target_reached, r.proposals.size(), r.min_sites_needed, r.upper_bound,
                         total, by_area ? "km²" : "people", by_area ? 1e-6 : 1.0, final_ratio,
                         r.gain_evaluations, r.candidates_considered);
}

}  // namespace

int run_suggest_stops(const Arguments& argv) {
  Args args("plan suggest-stops", command_description("suggest-stops"),
            std::string(kFooter) + "\n" + kMaxMemoryHelp);
  declare_options(args);
  if (!args.parse(argv)) return 0;
  plan::CoverageOptions coverage;
  coverage.radius_m = args.number("radius", 500);
  if (!(coverage.radius_m > 0)) throw plan::UsageError("--radius must be a positive number of metres");
  coverage.exclusion_min_area_m2 = args.number("exclusion-min-area", 1e6);
  if (coverage.exclusion_min_area_m2 < 0) throw plan::UsageError("--exclusion-min-area must not be negative");
  plan::ProposalOptions options = proposal_options(args);
  const std::string maximise = args.get("maximise").value_or("area");
  if (maximise != "area" && maximise != "population")
    throw plan::UsageError("--maximise must be area or population");
  if (maximise == "population") {
    if (!args.get("population")) throw plan::UsageError("--maximise population needs --population");
    options.objective = plan::ProposalObjective::Population;
  }
  if (args.get("candidates") && args.get("streets"))
    throw plan::UsageError("give either --candidates or --streets, not both");
  if (!args.get("candidates") && !args.get("streets"))
    throw plan::UsageError(
        "give the candidate sites: --candidates DS (points) or --streets DS [--spacing 100m]");
  if (args.get("spacing") && !args.get("streets")) throw plan::UsageError("--spacing goes with --streets");
  args.require("stops");
  args.require("area");
  const auto out_path = args.get("out");
  const double spacing_m = parse_metres(args.get("spacing").value_or("100m"), "--spacing");

  Inputs inputs(args, {"stops", "area", "exclusions", "population", "candidates", "streets"});
  std::string candidates_from;
  const plan::StopProposalInput in = read_inputs(args, inputs, spacing_m, candidates_from);

  const plan::StopProposalResult r = plan::propose_stops(in, coverage, options);
  std::vector<plan::XY> sites;
  for (const plan::StopProposal& p : r.proposals) sites.push_back(p.position);
  const std::vector<plan::XY> lonlat = plan::transform_points(sites, inputs.crs(), "EPSG:4326");

  if (out_path) {
    const plan::Layer layer = proposals_layer(r, inputs.crs());
    plan::WriteOptions w = write_options(args, inputs);
    w.styles = {plan::ranked_style("proposals", "rank", r.proposals.size())};
    plan::write_layers(*out_path, {layer}, w);
  }

  const double final_ratio = r.proposals.empty() ? r.initial_area_ratio : r.proposals.back().area_ratio;
  const bool by_area = options.objective == plan::ProposalObjective::Area;
  const double total = by_area ? r.area_m2 : r.population_total;
  if (args.flag("json")) {
    nlohmann::ordered_json j =
        result_json(r, options, inputs.crs(), maximise, in.candidates.size(), lonlat, total);
    if (out_path) j["out"] = *out_path;
    std::cout << j.dump(2) << "\n";
  } else {
    print_result(r, options, inputs.crs(), in.stops.size(), in.candidates.size(), candidates_from, lonlat,
                 total, final_ratio);
    if (out_path) std::printf("  wrote             %s (layer proposals)\n", out_path->c_str());
  }
  const double got = r.proposals.empty()
                         ? (by_area ? r.initial_area_ratio : 0)
                         : (by_area ? final_ratio : r.proposals.back().population_ratio.value_or(0));
  return unreached_target_exit("plan suggest-stops", options, r.target_reached, r.candidates_considered, got,
                               r.proposals.size(), "reach", "", "stops");
}

}  // namespace cli
