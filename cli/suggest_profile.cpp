#include "suggest_profile.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "output_fields.hpp"
#include "parse_only.hpp"
#include "plan/error.hpp"
#include "plan/styles.hpp"
#include "suggest_common.hpp"

namespace cli {

namespace {

plan::Layer proposals_layer(const ProfileRun& run, const plan::ProfileProposalResult& r) {
  plan::Layer layer;
  layer.name = "proposals";
  layer.crs = run.crs;
  layer.kind = plan::GeometryKind::Point;
  layer.fields = {{"rank", plan::FieldType::Integer},         {"candidate", plan::FieldType::Integer},
                  {"category", plan::FieldType::String},      {"gain_homes", plan::FieldType::Integer},
                  {"gain_population", plan::FieldType::Real}, {"gain_pairs", plan::FieldType::Integer},
                  {"homes_ratio", plan::FieldType::Real},     {"population_ratio", plan::FieldType::Real}};
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::ProfileProposal& p = r.proposals[i];
    plan::Feature f;
    f.id = static_cast<std::int64_t>(i + 1);
    f.geometry = plan::Geometry::point(run.sites[i]);
    f.values = {static_cast<std::int64_t>(i + 1),
                static_cast<std::int64_t>(p.candidate),
                r.profile.categories[p.category].name,
                static_cast<std::int64_t>(p.gain_homes),
                p.gain_population,
                static_cast<std::int64_t>(p.gain_pairs),
                p.homes_ratio,
                p.population_ratio ? plan::Value(*p.population_ratio) : plan::Value()};
    layer.features.push_back(std::move(f));
  }
  return layer;
}

nlohmann::ordered_json result_json(const ProfileRun& run, const plan::ProfileProposalResult& r,
                                   const plan::ProposalOptions& options, const NetworkInput& net,
                                   double total, double initial_ratio) {
  using json = nlohmann::ordered_json;
  json j;
  j["method"] = plan::profile_proposal_guarantee();
  j["crs"] = run.crs;
  j["profile"] = r.profile.name;
  json categories = json::array();
  for (std::size_t k = 0; k < r.profile.categories.size(); ++k)
    categories.push_back({{"name", r.profile.categories[k].name},
                          {"circle", r.profile.categories[k].circle},
                          {"within_m", r.profile.categories[k].max_distance_m},
                          {"existing_facilities", r.existing_per_category[k]},
                          {"covered_homes", r.covered_per_category[k]}});
  j["categories"] = categories;
  j["maximise"] = run.maximise;
  j["network"] = network_json(net);
  j["candidates"] = run.candidates;
  j["candidates_considered"] = r.candidates_considered;
  j["candidates_unsnapped"] = r.candidates_unsnapped.size();
  j["homes"] = r.homes;
  j["population_total"] = r.has_population ? json(r.population_total) : json();
  j["initial_complete_homes"] = r.initial_complete_homes;
  j["initial_complete_population"] = r.has_population ? json(r.initial_complete_population) : json();
  j["initial_ratio"] = initial_ratio;
  add_proposal_summary(j, options, r.target_reached, r.min_sites_needed, r.upper_bound, total,
                       r.gain_evaluations);
  json list = json::array();
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::ProfileProposal& p = r.proposals[i];
    list.push_back({{"rank", i + 1},
                    {"candidate", p.candidate},
                    {"category", r.profile.categories[p.category].name},
                    {"x", run.sites[i].x},
                    {"y", run.sites[i].y},
                    {"lon", run.lonlat[i].x},
                    {"lat", run.lonlat[i].y},
                    {"gain_homes", p.gain_homes},
                    {"gain_population", r.has_population ? json(p.gain_population) : json()},
                    {"gain_pairs", p.gain_pairs},
                    {"complete_homes", p.complete_homes},
                    {"homes_ratio", p.homes_ratio},
                    {"population_ratio", optional_number(p.population_ratio)}});
  }
  j["proposals"] = list;
  return j;
}

void print_summary(const plan::ProfileProposalResult& r, const plan::ProposalOptions& options, double total,
                   double final_ratio, const char* unit) {
  const std::size_t sites = r.proposals.size();
  if (options.target_ratio) {
    if (r.target_reached) {
      std::printf("  target            %.2f %% reached with %zu new facilities", 100 * *options.target_ratio,
                  sites);
      if (sites > 0) std::printf(" (no choice of fewer than %zu can reach it)", r.min_sites_needed);
      std::printf("\n");
    } else {
      std::printf(
          "  target            %.2f %% NOT reachable: all usable candidates together complete %.4f %% "
          "(%zu facilities)\n",
          100 * *options.target_ratio, 100 * final_ratio, sites);
    }
  } else {
    std::printf("  proposed          %zu new facilities, life circles complete %.4f %%\n", sites,
                100 * final_ratio);
  }
  if (sites > 0)
    std::printf("  upper bound       no %zu facilities can complete more than %.0f %s (%.4f %%)\n", sites,
                r.upper_bound, unit, total > 0 ? 100 * r.upper_bound / total : 0.0);
  std::printf("  method            %s\n", plan::profile_proposal_guarantee().c_str());
  std::printf("  work              %zu exact gain evaluations for %zu candidates x %zu categories\n",
              r.gain_evaluations, r.candidates_considered, r.profile.categories.size());
}

void print_result(const ProfileRun& run, const plan::ProfileProposalResult& r,
                  const plan::ProposalOptions& options, const NetworkInput& net, double total,
                  double final_ratio) {
  const bool by_homes = options.objective == plan::ProposalObjective::Area;
  std::printf("Life-circle proposals: profile %s, %zu categories (CRS %s)\n", r.profile.name.c_str(),
              r.profile.categories.size(), run.crs.c_str());
  print_network(net);
  for (std::size_t k = 0; k < r.profile.categories.size(); ++k) {
    const plan::LifeCircleCategory& c = r.profile.categories[k];
    std::printf("  %-17s %zu existing within %.0f m of %zu homes (%.2f %%)\n", c.name.c_str(),
                r.existing_per_category[k], c.max_distance_m, r.covered_per_category[k],
                r.homes ? 100.0 * double(r.covered_per_category[k]) / double(r.homes) : 0.0);
  }
  std::printf("  homes             %zu, %zu with a complete life circle (%.2f %%)", r.homes,
              r.initial_complete_homes,
              r.homes ? 100.0 * double(r.initial_complete_homes) / double(r.homes) : 0.0);
  if (r.has_population)
    std::printf("; %.0f of %.0f people", r.initial_complete_population, r.population_total);
  std::printf("\n  candidates        %zu from %s", run.candidates, run.candidates_from.c_str());
  if (!r.candidates_unsnapped.empty())
    std::printf("; %zu beyond %.0f m of a street, never chosen", r.candidates_unsnapped.size(),
                run.max_snap_m);
  std::printf("\n  maximising        %s\n", by_homes ? "homes completed" : "people completed");
  if (!r.proposals.empty()) {
    std::printf("\n  %4s  %11s %11s  %-16s %10s %8s  %9s", "rank", "lon", "lat", "category", "completed",
                "pairs", "cumul. %");
    if (r.has_population) std::printf("  %10s  %9s", "gain pop.", "pop. %");
    std::printf("\n");
    for (std::size_t i = 0; i < r.proposals.size(); ++i) {
      const plan::ProfileProposal& p = r.proposals[i];
      std::printf("  %4zu  %11.6f %11.6f  %-16s %10zu %8zu  %9.4f", i + 1, run.lonlat[i].x, run.lonlat[i].y,
                  r.profile.categories[p.category].name.c_str(), p.gain_homes, p.gain_pairs,
                  100 * p.homes_ratio);
      if (r.has_population)
        std::printf("  %10.1f  %9.4f", p.gain_population, 100 * p.population_ratio.value_or(0));
      std::printf("\n");
    }
    std::printf("\n");
  }
  print_summary(r, options, total, final_ratio, by_homes ? "homes" : "people");
}

}  // namespace

plan::LifeCircleProfile proposal_profile(const std::string& name, double speed_kmh) {
  if (std::optional<plan::LifeCircleProfile> p = plan::named_life_circle_profile(name)) return *p;
  before_io();
  std::ifstream file(name);
  if (!file)
    throw plan::DataError(plan::Location{name, {}, {}, {}},
                          "cannot read the profile (or use --profile 15min, 10min, 5min or gb50180)");
  std::stringstream text;
  text << file.rdbuf();
  return plan::profile_from_json(text.str(), name, speed_kmh);
}

int report_profile_proposals(const ProfileRun& run, const plan::ProfileProposalResult& r,
                             const plan::ProposalOptions& options, const NetworkInput& net) {
  if (run.out) {
    plan::WriteOptions w = run.write;
    w.styles = {plan::ranked_style("proposals", "rank", r.proposals.size())};
    plan::write_layers(*run.out, {proposals_layer(run, r)}, w);
  }
  const bool by_homes = options.objective == plan::ProposalObjective::Area;
  const double total = by_homes ? static_cast<double>(r.homes) : r.population_total;
  const double initial_ratio =
      total > 0
          ? (by_homes ? static_cast<double>(r.initial_complete_homes) : r.initial_complete_population) / total
          : 0;
  const double final_ratio =
      r.proposals.empty()
          ? initial_ratio
          : (by_homes ? r.proposals.back().homes_ratio : r.proposals.back().population_ratio.value_or(0));
  if (run.json) {
    nlohmann::ordered_json j = result_json(run, r, options, net, total, initial_ratio);
    if (run.out) j["out"] = *run.out;
    std::cout << j.dump(2) << "\n";
  } else {
    print_result(run, r, options, net, total, final_ratio);
    if (run.out) std::printf("  wrote             %s (layer proposals)\n", run.out->c_str());
  }
  return unreached_target_exit("plan suggest-facilities", options, r.target_reached, r.candidates_considered,
                               final_ratio, r.proposals.size(), "complete", " of life circles", "facilities");
}

}  // namespace cli
