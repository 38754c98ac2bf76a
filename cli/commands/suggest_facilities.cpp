// plan suggest-facilities: where new facilities of one category bring the most homes within walking reach.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "args.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "output_fields.hpp"
#include "plan/error.hpp"
#include "plan/proposals.hpp"
#include "plan/reach.hpp"
#include "suggest_common.hpp"
#include "suggest_profile.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(Proposes sites for new facilities of one category among the candidates (given points, or points every
--spacing metres along the walking network) so that the most homes (or with --maximise population the
most people) come within --within along the streets, as `plan reach` measures it; existing facilities
of the category (--facilities with --category-field, default 'category') count as already there.
--within defaults to the category's GB 50180-2018 distance (e.g. elderly_care 1000 m, primary_school
500 m, kindergarten 300 m). Greedy with lazy evaluation over exact network catchments: prints the sites
in order with the homes and people each adds and the cumulative share, how many the --target needs (or
how close all candidates get), the method's guarantee and an upper bound for that many sites.
--out writes layer 'proposals' (points: rank, gain_homes, gain_population, homes_ratio, population_ratio).
Exit codes: 0 done, 1 data error, 2 usage error, 3 the candidates cannot reach the target.

--profile instead of --category chooses (site, category) pairs, each a new facility of one category of the
life-circle profile (the GB 50180-2018 15-, 10- or 5-minute circle, all of gb50180, or a profile file as
`plan lifecircle` reads it; each category within its own distance, no --within), to complete the most
homes' life circles (or people's, --maximise population): the target and the shares are of homes whose
every category is within reach. Greedy on the homes each addition completes, ties (and additions that
complete none) going to the most (home, category) pairs newly satisfied; completion is not submodular,
so no constant-factor guarantee holds; the upper bound counts the homes missing at most k categories.
--out's layer 'proposals' then has gain_pairs too.
)";

void declare_options(Args& args) {
  args.add_input("homes", "the homes (points, or polygons counted by their centroid)");
  args.add_option("population-field", "F", "the homes' numeric field of people");
  args.add_option("maximise", "homes|population",
                  "what the sites should bring within reach most (default homes)");
  args.add_option("category", "C", "the category of the new facilities (e.g. elderly_care)");
  args.add_option(
      "profile", "15min|10min|5min|gb50180|FILE.json",
      "instead of --category: new facilities of the profile's categories, to complete life circles");
  args.add_input("facilities", "the existing facilities (those of --category count as already there)");
  args.add_option("category-field", "F",
                  "the facilities' field that holds their category (default category)");
  args.add_input("candidates", "the candidate sites (points)");
  args.add_option("spacing", "200m",
                  "without --candidates: candidate sites every this far along the network");
  args.add_option("within", "1000m",
                  "the walking threshold (default: the category's GB 50180-2018 distance)");
  add_proposal_options(args);
  add_network_command_options(args, "write layer 'proposals' (points, ranked)");
}

// The threshold: --within, else the GB 50180-2018 distance of the category.
double within_metres(const Args& args, const std::string& category, double speed_kmh) {
  double within_m = 0;
  if (const auto w = args.get("within")) {
    within_m = plan::parse_threshold_m(*w, speed_kmh);
  } else {
    for (const plan::LifeCircleCategory& c : plan::gb50180_profile().categories)
      if (c.name == category) within_m = c.max_distance_m;
    if (within_m <= 0)
      throw plan::UsageError("category '" + category + "' is not a GB 50180-2018 category: give --within");
  }
  return within_m;
}

// The existing facilities of the category (none without --facilities).
std::vector<plan::XY> existing_of(const Args& args, Inputs& inputs, const std::string& category) {
  std::vector<plan::XY> existing;
  if (args.get("facilities")) {
    const Places facilities = read_places(args, inputs, "facilities");
    const std::string field = args.get("category-field").value_or("category");
    const std::vector<std::string> values = plan::text_values(facilities.layer, field);
    for (std::size_t i = 0; i < facilities.at.size(); ++i)
      if (values[i] == category) existing.push_back(facilities.at[i]);
  }

  return existing;
}

// The candidate sites: given, or every `spacing_m` along the network's edges; `from` says which.
std::vector<plan::XY> candidate_sites(const Args& args, Inputs& inputs, const plan::Network& network,
                                      double spacing_m, std::string& from) {
  std::vector<plan::XY> candidates;
  if (args.get("candidates")) {
    const Places c = read_places(args, inputs, "candidates");
    candidates = c.at;
    if (candidates.empty())
      throw plan::DataError(plan::Location{c.layer.source, c.layer.name, {}, {}}, "has no candidate sites");
    from = c.layer.source;
  } else {
    candidates = plan::points_along_network(network, spacing_m);
    char buf[64];
    std::snprintf(buf, sizeof buf, "every %g m along the network", spacing_m);
    from = buf;
  }

  return candidates;
}

// What the run chose and from what, for the layer, the JSON and the table.
struct FacilityRun {
  std::string crs, category, maximise, candidates_from;
  double within_m = 0;
  std::size_t existing = 0;
  std::vector<plan::XY> candidates, sites, lonlat;
};

plan::Layer proposals_layer(const FacilityRun& run, const plan::FacilityProposalResult& r) {
  plan::Layer layer;
  layer.name = "proposals";
  layer.crs = run.crs;
  layer.kind = plan::GeometryKind::Point;
  layer.fields = {{"rank", plan::FieldType::Integer},         {"candidate", plan::FieldType::Integer},
                  {"category", plan::FieldType::String},      {"gain_homes", plan::FieldType::Integer},
                  {"gain_population", plan::FieldType::Real}, {"homes_ratio", plan::FieldType::Real},
                  {"population_ratio", plan::FieldType::Real}};
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::FacilityProposal& p = r.proposals[i];
    plan::Feature f;
    f.id = static_cast<std::int64_t>(i + 1);
    f.geometry = plan::Geometry::point(run.sites[i]);
    f.values = {static_cast<std::int64_t>(i + 1),
                static_cast<std::int64_t>(p.candidate),
                run.category,
                static_cast<std::int64_t>(p.gain_homes),
                p.gain_population,
                p.homes_ratio,
                p.population_ratio ? plan::Value(*p.population_ratio) : plan::Value()};
    layer.features.push_back(std::move(f));
  }
  return layer;
}

nlohmann::ordered_json result_json(const FacilityRun& run, const plan::FacilityProposalResult& r,
                                   const plan::ProposalOptions& options, const NetworkInput& net,
                                   double total, double initial_ratio) {
  nlohmann::ordered_json j;
  j["method"] = plan::proposal_guarantee();
  j["crs"] = run.crs;
  j["category"] = run.category;
  j["within_m"] = run.within_m;
  j["maximise"] = run.maximise;
  j["network"] = network_json(net);
  j["existing_facilities"] = run.existing;
  j["candidates"] = run.candidates.size();
  j["candidates_considered"] = r.candidates_considered;
  j["candidates_unsnapped"] = r.candidates_unsnapped.size();
  j["homes"] = r.homes;
  j["population_total"] =
      r.has_population ? nlohmann::ordered_json(r.population_total) : nlohmann::ordered_json();
  j["initial_covered_homes"] = r.initial_covered_homes;
  j["initial_covered_population"] =
      r.has_population ? nlohmann::ordered_json(r.initial_covered_population) : nlohmann::ordered_json();
  j["initial_ratio"] = initial_ratio;
  add_proposal_summary(j, options, r.target_reached, r.min_sites_needed, r.upper_bound, total,
                       r.gain_evaluations);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::FacilityProposal& p = r.proposals[i];
    list.push_back({{"rank", i + 1},
                    {"candidate", p.candidate},
                    {"x", run.sites[i].x},
                    {"y", run.sites[i].y},
                    {"lon", run.lonlat[i].x},
                    {"lat", run.lonlat[i].y},
                    {"gain_homes", p.gain_homes},
                    {"gain_population",
                     r.has_population ? nlohmann::ordered_json(p.gain_population) : nlohmann::ordered_json()},
                    {"covered_homes", p.covered_homes},
                    {"homes_ratio", p.homes_ratio},
                    {"population_ratio", optional_number(p.population_ratio)}});
  }
  j["proposals"] = list;
  return j;
}

void print_result(const FacilityRun& run, const plan::FacilityProposalResult& r,
                  const plan::ProposalOptions& options, const NetworkInput& net, double max_snap_m,
                  double total, double final_ratio) {
  const bool by_homes = options.objective == plan::ProposalObjective::Area;
  std::printf("Facility proposals: %s within %.0f m walking (CRS %s)\n", run.category.c_str(), run.within_m,
              run.crs.c_str());
  print_network(net);
  std::printf(
      "  homes             %zu, %zu within reach of the %zu existing (%.2f %%)", r.homes,
      r.initial_covered_homes, run.existing,
      r.homes ? 100.0 * static_cast<double>(r.initial_covered_homes) / static_cast<double>(r.homes) : 0.0);
  if (r.has_population)
    std::printf("; %.0f of %.0f people", r.initial_covered_population, r.population_total);
  std::printf("\n  candidates        %zu from %s", run.candidates.size(), run.candidates_from.c_str());
  if (!r.candidates_unsnapped.empty())
    std::printf("; %zu beyond %.0f m of a street, never chosen", r.candidates_unsnapped.size(), max_snap_m);
  std::printf("\n  maximising        %s\n", by_homes ? "covered homes" : "covered people");
  if (!r.proposals.empty()) {
    std::printf("\n  %4s  %11s %11s  %10s  %9s", "rank", "lon", "lat", "gain homes", "cumul. %");
    if (r.has_population) std::printf("  %10s  %9s", "gain pop.", "pop. %");
    std::printf("\n");
    for (std::size_t i = 0; i < r.proposals.size(); ++i) {
      const plan::FacilityProposal& p = r.proposals[i];
      std::printf("  %4zu  %11.6f %11.6f  %10zu  %9.4f", i + 1, run.lonlat[i].x, run.lonlat[i].y,
                  p.gain_homes, 100 * p.homes_ratio);
      if (r.has_population)
        std::printf("  %10.1f  %9.4f", p.gain_population, 100 * p.population_ratio.value_or(0));
      std::printf("\n");
    }
    std::printf("\n");
  }
  print_proposal_summary(options, r.target_reached, r.proposals.size(), r.min_sites_needed, r.upper_bound,
                         total, by_homes ? "homes" : "people", 1.0, final_ratio, r.gain_evaluations,
                         r.candidates_considered);
}

// --profile: every category of the profile, the existing facilities of all of them.
int run_profile(const Args& args, Inputs& inputs, const NetworkInput& net, const Places& homes,
                const std::vector<double>& population, const plan::ProposalOptions& options,
                const std::string& maximise, double spacing_m, const plan::LifeCircleProfile& profile) {
  const TravelOptions travel = travel_options(args);
  ProfileRun run;
  run.crs = inputs.crs();
  run.maximise = maximise;
  run.max_snap_m = travel.max_snap_m;
  run.out = args.get("out");
  run.write = write_options(args, inputs);
  run.json = args.flag("json");
  const std::vector<plan::XY> candidates =
      candidate_sites(args, inputs, net.network, spacing_m, run.candidates_from);
  run.candidates = candidates.size();
  const plan::SnapIndex index(net.network, 0, args.flag("largest-component"));
  plan::ProfileProposalInput in;
  in.network = &net.network;
  if (args.get("facilities")) {
    const Places facilities = read_places(args, inputs, "facilities");
    in.facilities = plan::snap_points(index, facilities.at, travel.max_snap_m);
    in.facility_category =
        plan::text_values(facilities.layer, args.get("category-field").value_or("category"));
  }
  in.candidates = plan::snap_points(index, candidates, travel.max_snap_m);
  in.homes = plan::snap_points(index, homes.at, travel.max_snap_m);
  in.population = population;
  const plan::ProfileProposalResult r = plan::propose_profile_facilities(in, profile, options);
  for (const plan::ProfileProposal& p : r.proposals) run.sites.push_back(candidates[p.candidate]);
  run.lonlat = plan::transform_points(run.sites, run.crs, "EPSG:4326");
  return report_profile_proposals(run, r, options, net);
}

}  // namespace

// The command's choices, checked before anything is read.
struct FacilitySettings {
  TravelOptions travel;
  plan::ProposalOptions options;
  std::string category, maximise;
  double within_m = 0, spacing_m = 0;
  std::optional<std::string> out_path;
  std::optional<plan::LifeCircleProfile> profile;  // --profile: whole life circles instead of one category
};

FacilitySettings settings_of(Args& args) {
  FacilitySettings s;
  s.travel = travel_options(args);
  if (s.travel.drive())
    throw plan::UsageError("suggest-facilities measures walking reach (GB 50180-2018): drop --mode drive");
  s.options = proposal_options(args);
  const auto profile_name = args.get("profile");
  if (profile_name && (args.get("category") || args.get("within")))
    throw plan::UsageError("--profile gives each category its own distance: drop --category and --within");
  s.category = profile_name ? std::string() : args.require("category");
  s.within_m = profile_name ? 0 : within_metres(args, s.category, s.travel.speed_kmh);
  s.maximise = args.get("maximise").value_or("homes");
  if (s.maximise != "homes" && s.maximise != "population")
    throw plan::UsageError("--maximise must be homes or population");
  if (s.maximise == "population") {
    if (!args.get("population-field"))
      throw plan::UsageError("--maximise population needs --population-field");
    s.options.objective = plan::ProposalObjective::Population;
  }
  if (args.get("candidates") && args.get("spacing"))
    throw plan::UsageError("give either --candidates or --spacing, not both");
  args.require("network"), args.require("homes");
  s.out_path = args.get("out");
  s.spacing_m = parse_metres(args.get("spacing").value_or("200m"), "--spacing");
  // Before the inputs, as plan lifecircle reads it.
  if (profile_name) s.profile = proposal_profile(*profile_name, s.travel.speed_kmh);
  return s;
}

// The result as JSON or text, and the exit code (3 when the target is out of reach).
int report_result(const Args& args, const FacilityRun& run, const plan::FacilityProposalResult& r,
                  const FacilitySettings& s, const NetworkInput& net) {
  const plan::ProposalOptions& options = s.options;
  const auto& out_path = s.out_path;
  const TravelOptions& travel = s.travel;
  const bool by_homes = options.objective == plan::ProposalObjective::Area;
  const double total = by_homes ? static_cast<double>(r.homes) : r.population_total;
  const double initial_ratio =
      total > 0
          ? (by_homes ? static_cast<double>(r.initial_covered_homes) : r.initial_covered_population) / total
          : 0;
  const double final_ratio =
      r.proposals.empty()
          ? initial_ratio
          : (by_homes ? r.proposals.back().homes_ratio : r.proposals.back().population_ratio.value_or(0));
  if (args.flag("json")) {
    nlohmann::ordered_json j = result_json(run, r, options, net, total, initial_ratio);
    if (out_path) j["out"] = *out_path;
    std::cout << j.dump(2) << "\n";
  } else {
    print_result(run, r, options, net, travel.max_snap_m, total, final_ratio);
    if (out_path) std::printf("  wrote             %s (layer proposals)\n", out_path->c_str());
  }
  return unreached_target_exit("plan suggest-facilities", options, r.target_reached, r.candidates_considered,
                               final_ratio, r.proposals.size(), "reach", "", "facilities");
}

int run_suggest_facilities(const Arguments& raw) {
  Args args("plan suggest-facilities", command_description("suggest-facilities"),
            std::string(kFooter) + "\n" + kMaxMemoryHelp);
  declare_options(args);
  if (!args.parse(raw)) return 0;
  apply_osm_layer_defaults(args, {"network"}, {"homes", "candidates"}, {"facilities"});
  const FacilitySettings s = settings_of(args);
  const plan::ProposalOptions& options = s.options;
  const TravelOptions& travel = s.travel;
  Inputs inputs(args, {"network", "facilities", "homes", "candidates"});
  inputs.fix_crs(args, "network");  // the homes are read on a second thread beside the network
  Aside<Places> homes_read =
      inputs.read_aside<Places>([&args](Inputs& i) { return read_places(args, i, "homes"); });
  const NetworkInput net = read_network(args, inputs, plan::TravelMode::Walk);
  const Places homes = homes_read.get();
  if (homes.at.empty())
    throw plan::DataError(plan::Location{homes.layer.source, homes.layer.name, {}, {}}, "has no homes");
  std::vector<double> population;
  if (const auto pf = args.get("population-field")) population = plan::population_field(homes.layer, *pf);

  if (s.profile)
    return run_profile(args, inputs, net, homes, population, options, s.maximise, s.spacing_m, *s.profile);
  const std::vector<plan::XY> existing = existing_of(args, inputs, s.category);
  std::string candidates_from;
  const std::vector<plan::XY> candidates =
      candidate_sites(args, inputs, net.network, s.spacing_m, candidates_from);

  const plan::SnapIndex index(net.network, 0, args.flag("largest-component"));
  plan::FacilityProposalInput in;
  in.network = &net.network;
  in.facilities = plan::snap_points(index, existing, travel.max_snap_m);
  in.candidates = plan::snap_points(index, candidates, travel.max_snap_m);
  in.homes = plan::snap_points(index, homes.at, travel.max_snap_m);
  in.population = population;
  const plan::FacilityProposalResult r = plan::propose_facilities(in, s.within_m, options);

  FacilityRun run{inputs.crs(), s.category, s.maximise, candidates_from, s.within_m, existing.size(),
                  candidates,   {},         {}};
  for (const plan::FacilityProposal& p : r.proposals) run.sites.push_back(candidates[p.candidate]);
  run.lonlat = plan::transform_points(run.sites, run.crs, "EPSG:4326");
  if (s.out_path) {
    const plan::Layer layer = proposals_layer(run, r);
    plan::WriteOptions w = write_options(args, inputs);
    w.styles = {plan::ranked_style("proposals", "rank", r.proposals.size())};
    plan::write_layers(*s.out_path, {layer}, w);
  }

  return report_result(args, run, r, s, net);
}

}  // namespace cli
