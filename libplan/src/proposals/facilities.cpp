// Facility proposals: the lazy greedy choice over network catchments.
//
// A candidate's catchment is the set of homes within the threshold along the streets (see
// proposals::network_catchments). The gain of a candidate is the homes (or people) of its catchment that no
// facility reaches yet.
#include <algorithm>
#include <cmath>
#include <string>

#include "plan/error.hpp"
#include "plan/proposals.hpp"
#include "plan/reach.hpp"
#include "proposals/common.hpp"
#include "proposals/lazy_greedy.hpp"

namespace plan {

namespace {

// UsageError or DataError for what propose_facilities refuses (see proposals.hpp), in this order.
void check_facility_input(const FacilityProposalInput& input, double within_m,
                          const ProposalOptions& options) {
  if (!input.network) throw UsageError("facility proposals need a network");
  if (input.network->mode() != TravelMode::Walk)
    throw UsageError("facility proposals measure walking distance (GB 50180-2018): give a walking network");
  if (!(within_m > 0) || !std::isfinite(within_m))
    throw UsageError("the threshold must be a positive distance");
  proposals::check_choice(options);
  proposals::check_homes_and_candidates(input.homes.size(), input.population, options,
                                        input.candidates.size());
}

// The homes the existing facilities reach, as plan::nearest_facilities measures them; fills the result's
// totals and initial figures.
std::vector<char> initially_covered(const FacilityProposalInput& input, double within_m,
                                    FacilityProposalResult& out) {
  const std::size_t n_homes = input.homes.size();
  const bool has_population = !input.population.empty();
  out.within_m = within_m;
  out.homes = n_homes;
  out.has_population = has_population;
  if (has_population)
    for (double p : input.population) out.population_total += p;
  std::vector<char> covered(n_homes, 0);
  if (!input.facilities.empty()) {
    ReachWorkspace ws;
    const NearestFacilities nf = nearest_facilities(*input.network, input.facilities, input.homes, ws);
    for (std::size_t h = 0; h < n_homes; ++h)
      if (nf.cost[h] <= within_m) covered[h] = 1;
  }
  for (std::size_t h = 0; h < n_homes; ++h)
    if (covered[h]) {
      ++out.initial_covered_homes;
      if (has_population) out.initial_covered_population += input.population[h];
    }
  return covered;
}

// The snapped candidates (the others are listed in the result); DataError when none is.
std::vector<std::uint32_t> snapped_candidates(const std::vector<SnapPoint>& candidates,
                                              std::vector<std::size_t>& unsnapped) {
  std::vector<std::uint32_t> ids;
  for (std::uint32_t c = 0; c < candidates.size(); ++c) {
    if (candidates[c].snapped)
      ids.push_back(c);
    else
      unsnapped.push_back(c);
  }
  if (ids.empty())
    throw DataError("none of the " + std::to_string(candidates.size()) +
                    " candidate sites lies within the snap distance of a street");
  return ids;
}

// The lazy greedy over the catchments, from the homes in `covered`: fills the proposals, the target's state
// and the bounds.
void choose_facilities(const FacilityProposalInput& input, const ProposalOptions& options,
                       const proposals::Catchments& catchments, const std::vector<std::uint32_t>& ids,
                       std::vector<char>& covered, proposals::Progress& report, FacilityProposalResult& out) {
  const std::size_t n_homes = input.homes.size();
  const bool has_population = out.has_population;
  const bool by_homes = options.objective == ProposalObjective::Area;
  auto eval = [&](std::uint32_t c) {
    proposals::Gain g;
    for (std::uint64_t k = catchments.start[c]; k < catchments.start[c + 1]; ++k) {
      const std::uint32_t h = catchments.homes[k];
      if (covered[h]) continue;
      g.area += 1;
      if (has_population) g.people += input.population[h];
    }
    g.key = by_homes ? g.area : g.people;
    return g;
  };
  std::size_t covered_homes = out.initial_covered_homes;
  double covered_people = out.initial_covered_population;
  const double total = by_homes ? static_cast<double>(n_homes) : out.population_total;
  auto value = [&] { return by_homes ? static_cast<double>(covered_homes) : covered_people; };
  auto reached = [&] {
    return options.target_ratio && total > 0 && value() >= (*options.target_ratio - 1e-9) * total;
  };
  auto commit = [&](std::uint32_t c, const proposals::Gain& g) {
    for (std::uint64_t k = catchments.start[c]; k < catchments.start[c + 1]; ++k)
      covered[catchments.homes[k]] = 1;
    covered_homes += static_cast<std::size_t>(g.area);
    covered_people += g.people;
    FacilityProposal fp;
    fp.candidate = c;
    fp.gain_homes = static_cast<std::size_t>(g.area);
    fp.gain_population = g.people;
    fp.covered_homes = covered_homes;
    fp.covered_population = covered_people;
    fp.homes_ratio = n_homes ? static_cast<double>(covered_homes) / static_cast<double>(n_homes) : 0;
    if (has_population)
      fp.population_ratio = out.population_total > 0 ? covered_people / out.population_total : 0.0;
    out.proposals.push_back(fp);
    return reached();
  };
  const double start = by_homes ? double(out.initial_covered_homes) : out.initial_covered_population;
  auto tick = [&](std::size_t initial, std::size_t steps) {
    if (initial < ids.size()) return report(0.75 + 0.1 * double(initial) / double(ids.size()));
    double done = 0;  // of the choice
    if (options.count) done = double(steps) / double(*options.count);
    if (options.target_ratio && total > 0) {
      const double goal = *options.target_ratio * total;
      if (goal > start) done = std::max(done, (value() - start) / (goal - start));
    }
    report(0.85 + 0.15 * std::min(1.0, done));
  };
  out.target_reached = reached();
  proposals::GreedyRun run;
  if (!out.target_reached) {
    run = proposals::lazy_greedy(ids, eval, commit, value, options.count, 0.0, tick);
    out.target_reached = reached();
  }
  report(1);
  out.gain_evaluations = run.evaluations;
  out.upper_bound = run.evaluations == 0 ? value() : run.upper_bound;
  if (total > 0) out.upper_bound = std::min(out.upper_bound, total);  // nothing covers more than everything
  if (options.target_ratio)
    out.min_sites_needed =
        proposals::min_sites_for(start, (*options.target_ratio - 1e-9) * total, run.initial_keys_desc);
}

}  // namespace

FacilityProposalResult propose_facilities(const FacilityProposalInput& input, double within_m,
                                          const ProposalOptions& options) {
  check_facility_input(input, within_m, options);
  // Progress: the existing facilities' reach (to 5 %), the candidates' catchments (to 75 %), their first
  // gains (to 85 %), the choice (to 100 %). Reported on the calling thread only.
  proposals::Progress report(options);
  report(0);
  FacilityProposalResult out;
  std::vector<char> covered = initially_covered(input, within_m, out);
  report(0.05);
  const proposals::Catchments catchments = proposals::network_catchments(
      *input.network, input.candidates, input.homes, within_m, false, report, 0.05, 0.75);
  const std::vector<std::uint32_t> ids = snapped_candidates(input.candidates, out.candidates_unsnapped);
  out.candidates_considered = ids.size();
  choose_facilities(input, options, catchments, ids, covered, report, out);
  return out;
}

}  // namespace plan
