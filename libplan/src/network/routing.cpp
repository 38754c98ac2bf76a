#include "plan/routing.hpp"

#include <algorithm>
#include <cmath>

#include "plan/error.hpp"

namespace plan {

namespace {

struct HeapLess {
  bool operator()(const std::pair<double, std::uint32_t>& a,
                  const std::pair<double, std::uint32_t>& b) const {
    return a.first > b.first;  // min-heap
  }
};

void reset(ReachWorkspace& ws, std::size_t nodes, bool track_length) {
  if (ws.cost.size() != nodes) {
    ws.cost.assign(nodes, kUnreached);
    ws.source.assign(nodes, kNoIndex);
    ws.length_m.clear();
  } else {
    for (std::uint32_t n : ws.touched) ws.cost[n] = kUnreached, ws.source[n] = kNoIndex;
    if (!ws.length_m.empty())
      for (std::uint32_t n : ws.touched) ws.length_m[n] = kUnreached;
  }
  ws.touched.clear();
  if (!track_length)
    ws.length_m.clear();
  else if (ws.length_m.size() != nodes)
    ws.length_m.assign(nodes, kUnreached);
  ws.heap.clear();
}

// The search itself; kLength: also keep each node's path length (not needed when it equals the cost).
template <bool kLength>
void search(const Network& g, const std::vector<SnapPoint>& sources, ReachWorkspace& ws, double limit,
            const std::vector<double>& start_cost) {
  auto relax = [&](std::uint32_t n, double c, double len, std::uint32_t src) {
    if (c < ws.cost[n]) {
      if (ws.cost[n] == kUnreached) ws.touched.push_back(n);
      ws.cost[n] = c;
      if constexpr (kLength) ws.length_m[n] = len;
      ws.source[n] = src;
      ws.heap.emplace_back(c, n);
      std::push_heap(ws.heap.begin(), ws.heap.end(), HeapLess{});
    }
  };
  for (std::uint32_t i = 0; i < sources.size(); ++i) {
    const SnapPoint& s = sources[i];
    if (!s.snapped) continue;
    const double c0 = start_cost.empty() ? 0 : start_cost[i];
    if (!(c0 >= 0)) throw UsageError("shortest_from: start costs must not be negative");
    // Walking: metres per cost is exactly 1, so the costs are the offsets bit for bit.
    const double per = g.edge_metres_per_cost(s.edge);
    const double back_m = s.along_m, ahead_m = std::max(0.0, g.edge_length_m(s.edge) - s.along_m);
    // A source at an end of its edge stands on that node, whatever the edge's direction.
    if (g.edge_backward(s.edge) || back_m == 0) relax(g.edge_from(s.edge), c0 + back_m / per, back_m, i);
    if (g.edge_forward(s.edge) || ahead_m == 0) relax(g.edge_to(s.edge), c0 + ahead_m / per, ahead_m, i);
  }
  // Lazy deletion: a node may sit in the heap several times; only the entry matching its cost counts.
  while (!ws.heap.empty()) {
    std::pop_heap(ws.heap.begin(), ws.heap.end(), HeapLess{});
    const auto [c, n] = ws.heap.back();
    ws.heap.pop_back();
    if (c > ws.cost[n]) continue;
    if (c > limit) break;
    const std::uint32_t src = ws.source[n];
    if constexpr (kLength) {
      const double len = ws.length_m[n];
      for (std::uint32_t a = g.first_arc(n), end = g.first_arc(n + 1); a < end; ++a)
        relax(g.arc_head(a), c + g.arc_cost(a), len + g.arc_length_m(a), src);
    } else {
      for (std::uint32_t a = g.first_arc(n), end = g.first_arc(n + 1); a < end; ++a)
        relax(g.arc_head(a), c + g.arc_cost(a), 0, src);
    }
  }
}

}  // namespace

void shortest_from(const Network& g, const std::vector<SnapPoint>& sources, ReachWorkspace& ws, double limit,
                   const std::vector<double>& start_cost) {
  if (!start_cost.empty() && start_cost.size() != sources.size())
    throw UsageError("shortest_from: one start cost per source expected");
  // Walking from cost 0, every path's length is its cost: the lengths need no array of their own (which
  // costs a quarter of the search's time).
  const bool track_length = g.mode() != TravelMode::Walk || !start_cost.empty();
  reset(ws, g.node_count(), track_length);
  if (track_length)
    search<true>(g, sources, ws, limit, start_cost);
  else
    search<false>(g, sources, ws, limit, start_cost);
}

EdgeSources sources_by_edge(const std::vector<SnapPoint>& sources) {
  std::vector<std::uint32_t> order;
  for (std::uint32_t i = 0; i < sources.size(); ++i)
    if (sources[i].snapped) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    return sources[a].edge != sources[b].edge ? sources[a].edge < sources[b].edge : a < b;
  });
  EdgeSources out;
  for (std::uint32_t i : order) {
    out.edge.push_back(sources[i].edge);
    out.source.push_back(i);
    out.along_m.push_back(sources[i].along_m);
  }
  return out;
}

PathTo path_to(const Network& g, const ReachWorkspace& ws, const EdgeSources& same_edge, const SnapPoint& p) {
  PathTo best;
  if (!p.snapped) return best;
  const std::uint32_t e = p.edge, u = g.edge_from(e), v = g.edge_to(e);
  // Walking needs neither the edge's speed nor its directions (1 and both) nor a division: this runs once
  // per home, and those reads and divisions were a tenth of a reach pass.
  const bool walk = g.mode() == TravelMode::Walk;
  const double per = walk ? 1.0 : g.edge_metres_per_cost(e);
  const bool forward = walk || g.edge_forward(e), backward = walk || g.edge_backward(e);
  auto cost_of = [&](double metres) { return walk ? metres : metres / per; };
  auto offer = [&](double c, double len, std::uint32_t s) {
    if (c < best.cost || (c == best.cost && s < best.source)) best = {c, len, s};
  };
  // Into the edge from its start (forward) or from its end (backward), where the edge allows it.
  const double ahead_m = std::max(0.0, g.edge_length_m(e) - p.along_m);
  // A point at an end of its edge stands on that node, whatever the edge's direction.
  const std::vector<double>& length_m = ws.length_m.empty() ? ws.cost : ws.length_m;
  if ((forward || p.along_m == 0) && ws.cost[u] < kUnreached)
    offer(ws.cost[u] + cost_of(p.along_m), length_m[u] + p.along_m, ws.source[u]);
  if ((backward || ahead_m == 0) && ws.cost[v] < kUnreached)
    offer(ws.cost[v] + cost_of(ahead_m), length_m[v] + ahead_m, ws.source[v]);
  // A source on the same edge reaches the point directly along the edge, without passing a node: from
  // behind when the edge runs forward, from ahead when it runs backward.
  auto it = std::lower_bound(same_edge.edge.begin(), same_edge.edge.end(), e);
  for (auto k = static_cast<std::size_t>(it - same_edge.edge.begin());
       k < same_edge.edge.size() && same_edge.edge[k] == e; ++k) {
    const double a = same_edge.along_m[k];
    if ((a <= p.along_m && forward) || (a >= p.along_m && backward)) {
      const double d = std::abs(a - p.along_m);
      offer(cost_of(d), d, same_edge.source[k]);
    }
  }
  return best;
}

}  // namespace plan
