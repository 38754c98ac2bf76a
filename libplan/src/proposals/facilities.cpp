// Facility proposals: the lazy greedy choice over network catchments.
//
// A candidate's catchment is the set of homes within the threshold along the streets, found by one
// search from the candidate bounded at the threshold (plan::shortest_from) and plan::path_to for the homes
// on the edges it touched: the same distances plan::nearest_facilities gives. The gain of a candidate is
// the homes (or people) of its catchment that no facility reaches yet.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <string>
#include <thread>

#include "plan/error.hpp"
#include "plan/proposals.hpp"
#include "plan/reach.hpp"
#include "proposals/lazy_greedy.hpp"

namespace plan {

FacilityProposalResult propose_facilities(const FacilityProposalInput& input, double within_m,
                                          const ProposalOptions& options) {
  if (!input.network) throw UsageError("facility proposals need a network");
  const Network& net = *input.network;
  if (net.mode() != TravelMode::Walk)
    throw UsageError("facility proposals measure walking distance (GB 50180-2018): give a walking network");
  if (!(within_m > 0) || !std::isfinite(within_m))
    throw UsageError("the threshold must be a positive distance");
  if (options.count && *options.count == 0)
    throw UsageError("the number of sites to propose must be at least 1");
  if (options.target_ratio && !(*options.target_ratio > 0 && *options.target_ratio <= 1))
    throw UsageError("the target must be a share above 0 and at most 100 %");
  const bool has_population = !input.population.empty();
  if (has_population && input.population.size() != input.homes.size())
    throw UsageError("one population value per home expected");
  if (options.objective == ProposalObjective::Population && !has_population)
    throw UsageError("a population objective needs a population per home");
  for (double p : input.population)
    if (!(p >= 0) || !std::isfinite(p)) throw UsageError("population must be a non-negative number");
  if (input.candidates.empty()) throw DataError("there are no candidate sites to choose from");

  const std::size_t n_homes = input.homes.size();
  auto weight = [&](std::size_t h) { return has_population ? input.population[h] : 1.0; };

  // Progress: the existing facilities' reach (to 5 %), the candidates' catchments (to 75 %), their first
  // gains (to 85 %), the choice (to 100 %). Reported on the calling thread only.
  double reported = -1;
  auto cancelled = [&] { return options.cancel && options.cancel->load(std::memory_order_relaxed); };
  auto report = [&](double fraction) {
    if (cancelled()) throw ProposalCancelled();
    if (options.progress && (fraction - reported >= 0.002 || fraction >= 1)) {
      reported = fraction;
      options.progress(std::min(1.0, fraction));
    }
  };
  report(0);

  FacilityProposalResult out;
  out.within_m = within_m;
  out.homes = n_homes;
  out.has_population = has_population;
  for (std::size_t h = 0; h < n_homes; ++h) out.population_total += weight(h);
  if (!has_population) out.population_total = 0;

  // Homes covered by the existing facilities, as plan::nearest_facilities measures them.
  ReachWorkspace ws;
  std::vector<char> covered(n_homes, 0);
  if (!input.facilities.empty()) {
    const NearestFacilities nf = nearest_facilities(net, input.facilities, input.homes, ws);
    for (std::size_t h = 0; h < n_homes; ++h)
      if (nf.cost[h] <= within_m) covered[h] = 1;
  }
  report(0.05);
  for (std::size_t h = 0; h < n_homes; ++h)
    if (covered[h]) {
      ++out.initial_covered_homes;
      if (has_population) out.initial_covered_population += input.population[h];
    }

  // Homes by edge (CSR), so a search finds the homes along the edges it reached.
  std::vector<std::uint32_t> home_start(net.edge_count() + 1, 0), home_list;
  for (const SnapPoint& s : input.homes)
    if (s.snapped) ++home_start[s.edge + 1];
  for (std::size_t e = 0; e < net.edge_count(); ++e) home_start[e + 1] += home_start[e];
  home_list.resize(home_start.back());
  {
    std::vector<std::uint32_t> fill(home_start.begin(), home_start.end() - 1);
    for (std::uint32_t h = 0; h < n_homes; ++h)
      if (input.homes[h].snapped) home_list[fill[input.homes[h].edge]++] = h;
  }

  // Catchments: the homes within the threshold of each candidate, one bounded search each; the searches
  // are independent, so they run on all cores, each thread with its own workspace, taking the next
  // candidate as it finishes one. The calling thread reports progress and watches for a cancel; the others
  // stop at their next candidate when it (or any error) ends the run.
  const std::size_t n_candidates = input.candidates.size();
  std::vector<std::vector<std::uint32_t>> catchment(n_candidates);
  std::atomic<std::size_t> next_candidate{0}, done_candidates{0};
  std::atomic<bool> stop{false};
  auto catchments_from = [&](bool reporting) {
    ReachWorkspace tws;
    std::vector<std::uint32_t> edge_seen(net.edge_count(), UINT32_MAX);
    for (;;) {
      if (reporting)
        report(0.05 + 0.7 * double(done_candidates.load(std::memory_order_relaxed)) / double(n_candidates));
      else if (cancelled())
        return;
      if (stop.load(std::memory_order_relaxed)) return;
      const std::size_t ci = next_candidate.fetch_add(1, std::memory_order_relaxed);
      if (ci >= n_candidates) return;
      const auto c = static_cast<std::uint32_t>(ci);
      const SnapPoint& s = input.candidates[c];
      if (s.snapped) {
        const std::vector<SnapPoint> one{s};
        shortest_from(net, one, tws, within_m);
        const EdgeSources same = sources_by_edge(one);
        std::vector<std::uint32_t>& list = catchment[c];
        auto visit_edge = [&](std::uint32_t e) {
          if (edge_seen[e] == c) return;
          edge_seen[e] = c;
          for (std::uint32_t k = home_start[e]; k < home_start[e + 1]; ++k) {
            const std::uint32_t h = home_list[k];  // each home lies on one edge: seen once per candidate
            if (path_to(net, tws, same, input.homes[h]).cost <= within_m) list.push_back(h);
          }
        };
        visit_edge(s.edge);
        for (std::uint32_t n : tws.touched) {
          if (!(tws.cost[n] <= within_m)) continue;
          for (std::uint32_t a = net.first_arc(n), end = net.first_arc(n + 1); a < end; ++a)
            visit_edge(net.arc_edge(a));
        }
      }
      done_candidates.fetch_add(1, std::memory_order_relaxed);
    }
  };
  const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1,
                                                      std::max<std::size_t>(1, n_candidates / 64));
  {
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> errors(threads);
    for (std::size_t t = 1; t < threads; ++t)
      pool.emplace_back([&, t] {
        try {
          catchments_from(false);
        } catch (...) {
          errors[t] = std::current_exception();
          stop = true;
        }
      });
    try {
      catchments_from(true);
    } catch (...) {
      errors[0] = std::current_exception();
      stop = true;
    }
    for (std::thread& th : pool) th.join();
    for (const std::exception_ptr& e : errors)
      if (e) std::rethrow_exception(e);
  }
  report(0.75);  // a cancel that only the other threads saw ends the run here
  // Flattened (CSR) for the greedy.
  std::vector<std::uint32_t> ids;
  std::vector<std::uint64_t> catch_start(n_candidates + 1, 0);
  std::vector<std::uint32_t> catch_list;
  for (std::uint32_t c = 0; c < n_candidates; ++c) {
    if (input.candidates[c].snapped)
      ids.push_back(c);
    else
      out.candidates_unsnapped.push_back(c);
    catch_list.insert(catch_list.end(), catchment[c].begin(), catchment[c].end());
    std::vector<std::uint32_t>().swap(catchment[c]);
    catch_start[c + 1] = catch_list.size();
  }
  out.candidates_considered = ids.size();
  if (ids.empty())
    throw DataError("none of the " + std::to_string(input.candidates.size()) +
                    " candidate sites lies within the snap distance of a street");

  const bool by_homes = options.objective == ProposalObjective::Area;
  auto eval = [&](std::uint32_t c) {
    proposals::Gain g;
    for (std::uint64_t k = catch_start[c]; k < catch_start[c + 1]; ++k) {
      const std::uint32_t h = catch_list[k];
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
  out.target_reached = reached();

  proposals::GreedyRun run;
  if (!out.target_reached) {
    run = proposals::lazy_greedy(
        ids, eval,
        [&](std::uint32_t c, const proposals::Gain& g) {
          for (std::uint64_t k = catch_start[c]; k < catch_start[c + 1]; ++k) covered[catch_list[k]] = 1;
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
        },
        value, options.count, 0.0,
        [&](std::size_t initial, std::size_t steps) {
          if (initial < ids.size()) return report(0.75 + 0.1 * double(initial) / double(ids.size()));
          double done = 0;  // of the choice
          if (options.count) done = double(steps) / double(*options.count);
          if (options.target_ratio && total > 0) {
            const double start =
                by_homes ? double(out.initial_covered_homes) : out.initial_covered_population;
            const double goal = *options.target_ratio * total;
            if (goal > start) done = std::max(done, (value() - start) / (goal - start));
          }
          report(0.85 + 0.15 * std::min(1.0, done));
        });
    out.target_reached = reached();
  }
  report(1);
  out.gain_evaluations = run.evaluations;
  out.upper_bound = run.evaluations == 0 ? value() : run.upper_bound;
  if (total > 0) out.upper_bound = std::min(out.upper_bound, total);  // nothing covers more than everything
  if (options.target_ratio)
    out.min_sites_needed = proposals::min_sites_for(
        by_homes ? static_cast<double>(out.initial_covered_homes) : out.initial_covered_population,
        (*options.target_ratio - 1e-9) * total, run.initial_keys_desc);
  return out;
}

}  // namespace plan
