// The candidates' network catchments: one search per candidate bounded at the threshold
// (plan::shortest_from) and plan::path_to for the homes on the edges it touched, the same distances
// plan::nearest_facilities gives.
#include "proposals/common.hpp"

#include <cmath>

#include "plan/error.hpp"
#include "plan/reach.hpp"
#include "util/parallel_for.hpp"

namespace plan::proposals {

namespace {

// Homes by edge (CSR), so a search finds the homes along the edges it reached.
struct HomesByEdge {
  std::vector<std::uint32_t> start, list;
};

HomesByEdge homes_by_edge(const Network& net, const std::vector<SnapPoint>& homes) {
  HomesByEdge h;
  h.start.assign(net.edge_count() + 1, 0);
  for (const SnapPoint& s : homes)
    if (s.snapped) ++h.start[s.edge + 1];
  for (std::size_t e = 0; e < net.edge_count(); ++e) h.start[e + 1] += h.start[e];
  h.list.resize(h.start.back());
  std::vector<std::uint32_t> fill(h.start.begin(), h.start.end() - 1);
  for (std::uint32_t i = 0; i < homes.size(); ++i)
    if (homes[i].snapped) h.list[fill[homes[i].edge]++] = i;
  return h;
}

// One candidate's catchment: the homes on the edges its bounded search reached that lie within the
// threshold. `edge_seen` (one stamp per edge, the thread's own) keeps an edge from being visited twice.
void catchment_of(const Network& net, const SnapPoint& s, std::uint32_t c, const HomesByEdge& by_edge,
                  const std::vector<SnapPoint>& homes, double within_m, ReachWorkspace& ws,
                  std::vector<std::uint32_t>& edge_seen, std::vector<std::uint32_t>& list,
                  std::vector<double>* cost) {
  const std::vector<SnapPoint> one{s};
  shortest_from(net, one, ws, within_m);
  const EdgeSources same = sources_by_edge(one);
  auto visit_edge = [&](std::uint32_t e) {
    if (edge_seen[e] == c) return;
    edge_seen[e] = c;
    for (std::uint32_t k = by_edge.start[e]; k < by_edge.start[e + 1]; ++k) {
      const std::uint32_t h = by_edge.list[k];  // each home lies on one edge: seen once per candidate
      const double d = path_to(net, ws, same, homes[h]).cost;
      if (d <= within_m) {
        list.push_back(h);
        if (cost) cost->push_back(d);
      }
    }
  };
  visit_edge(s.edge);
  for (std::uint32_t n : ws.touched) {
    if (!(ws.cost[n] <= within_m)) continue;
    for (std::uint32_t a = net.first_arc(n), end = net.first_arc(n + 1); a < end; ++a)
      visit_edge(net.arc_edge(a));
  }
}

}  // namespace

void check_choice(const ProposalOptions& options) {
  if (options.count && *options.count == 0)
    throw UsageError("the number of sites to propose must be at least 1");
  if (options.target_ratio && !(*options.target_ratio > 0 && *options.target_ratio <= 1))
    throw UsageError("the target must be a share above 0 and at most 100 %");
}

void check_homes_and_candidates(std::size_t homes, const std::vector<double>& population,
                                const ProposalOptions& options, std::size_t candidates) {
  const bool has_population = !population.empty();
  if (has_population && population.size() != homes)
    throw UsageError("one population value per home expected");
  if (options.objective == ProposalObjective::Population && !has_population)
    throw UsageError("a population objective needs a population per home");
  for (double p : population)
    if (!(p >= 0) || !std::isfinite(p)) throw UsageError("population must be a non-negative number");
  if (candidates == 0) throw DataError("there are no candidate sites to choose from");
}

Catchments network_catchments(const Network& net, const std::vector<SnapPoint>& candidates,
                              const std::vector<SnapPoint>& homes, double within_m, bool with_cost,
                              Progress& progress, double from, double to) {
  const HomesByEdge by_edge = homes_by_edge(net, homes);
  // The searches are independent, so they run on all cores, each thread with its own workspace, taking the
  // next candidate as it finishes one. The calling thread reports progress and watches for a cancel; the
  // others stop at their next candidate when it (or any error) ends the run.
  const std::size_t n = candidates.size();
  std::vector<std::vector<std::uint32_t>> lists(n);
  std::vector<std::vector<double>> costs(with_cost ? n : 0);
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  auto work = [&](bool reporting) {
    ReachWorkspace ws;
    std::vector<std::uint32_t> edge_seen(net.edge_count(), UINT32_MAX);
    for (;;) {
      if (reporting)
        progress(from + (to - from) * double(done.load(std::memory_order_relaxed)) / double(n));
      else if (progress.cancelled())
        return;
      if (stop.load(std::memory_order_relaxed)) return;
      const std::size_t ci = next.fetch_add(1, std::memory_order_relaxed);
      if (ci >= n) return;
      const auto c = static_cast<std::uint32_t>(ci);
      if (candidates[c].snapped)
        catchment_of(net, candidates[c], c, by_edge, homes, within_m, ws, edge_seen, lists[c],
                     with_cost ? &costs[c] : nullptr);
      done.fetch_add(1, std::memory_order_relaxed);
    }
  };
  const auto threads = static_cast<unsigned>(
      std::clamp<std::size_t>(util::thread_count(), 1, std::max<std::size_t>(1, n / 64)));
  // Part 0, on the calling thread, reports progress; the first error of any part stops the others early.
  util::parallel_parts(threads, [&](unsigned part) {
    try {
      work(part == 0);
    } catch (...) {
      stop = true;
      throw;
    }
  });
  progress(to);  // a cancel that only the other threads saw ends the run here
  // Flattened (CSR) for the greedy.
  Catchments out;
  out.start.assign(n + 1, 0);
  for (std::size_t c = 0; c < n; ++c) {
    out.homes.insert(out.homes.end(), lists[c].begin(), lists[c].end());
    std::vector<std::uint32_t>().swap(lists[c]);
    if (with_cost) {
      out.cost.insert(out.cost.end(), costs[c].begin(), costs[c].end());
      std::vector<double>().swap(costs[c]);
    }
    out.start[c + 1] = out.homes.size();
  }
  return out;
}

}  // namespace plan::proposals
