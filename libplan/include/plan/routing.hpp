// Shortest paths on a Network: the routing primitives that reach, life circles, isochrones and network
// coverage are built from. One multi-source Dijkstra search (shortest_from) fills a reusable workspace with
// each node's least cost, path length and nearest source; path_to then finishes the path to any snapped
// point from its edge's two ends and the sources on its own edge.
//
// Costs are in the network's cost unit (Network::cost_unit(): metres walking, seconds driving); lengths
// are metres. A source snapped mid-edge starts at the ends of its edge that may be travelled to from it,
// at its offset along the edge, as OSRM seeds a search from a point between two nodes.
//
//   plan::ReachWorkspace ws;
//   plan::shortest_from(net, snapped_sources, ws);
//   const plan::EdgeSources same = plan::sources_by_edge(snapped_sources);
//   plan::PathTo p = plan::path_to(net, ws, same, snapped_point);   // p.cost, p.length_m, p.source
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "plan/network.hpp"

namespace plan {

inline constexpr double kUnreached = std::numeric_limits<double>::infinity();

// Reusable state of shortest-path searches: sized to the network on first use and reset in time
// proportional to what the previous search touched, so many searches on one network allocate nothing.
struct ReachWorkspace {
  std::vector<double> cost;            // per node, in the network's cost unit; kUnreached where not reached
  std::vector<double> length_m;        // per node: length of the least-cost path, metres; empty after a
                                       // walking search from cost 0, where the length is the cost
  std::vector<std::uint32_t> source;   // per node: index of the nearest source, kNoIndex where not reached
  std::vector<std::uint32_t> touched;  // nodes whose entries are set
  std::vector<std::pair<double, std::uint32_t>> heap;
};

// Multi-source Dijkstra on arc costs (network.cost_unit(): metres walking, seconds driving) from snapped
// sources (unsnapped ones are ignored), each starting at cost start_cost[i] (empty: all zero; the start
// cost adds to the cost, not to the length). A source mid-edge starts at each end of its edge that may be
// travelled to from it. Nodes whose cost exceeds `limit` may stay unreached. Afterwards ws.cost,
// ws.length_m and ws.source give, per node, the least cost, the length of that path (metres; ws.cost
// when ws.length_m is empty) and the source it comes from. Throws UsageError when start_cost has the wrong
// size or a negative entry.
void shortest_from(const Network& network, const std::vector<SnapPoint>& sources, ReachWorkspace& ws,
                   double limit = kUnreached, const std::vector<double>& start_cost = {});

// The snapped sources listed by edge, so that a point can find the sources on its own edge, which reach
// it straight along the edge without passing a node.
struct EdgeSources {
  std::vector<std::uint32_t> edge, source;  // sorted by edge; source indexes the sources given
  std::vector<double> along_m;
};
EdgeSources sources_by_edge(const std::vector<SnapPoint>& sources);

// The least-cost path from the sources of the last shortest_from() run (started at cost 0) to a snapped
// point: its cost (network.cost_unit()), its length (metres) and its source. Found from the run's node
// costs and the sources on the point's own edge (`same_edge`, that is sources_by_edge of the run's
// sources), in the directions the edge may be travelled. All unreached (kUnreached, kNoIndex) when the
// point is unsnapped or not reached. Equal costs go to the lower source index.
struct PathTo {
  double cost = kUnreached;
  double length_m = kUnreached;
  std::uint32_t source = kNoIndex;
};
PathTo path_to(const Network& network, const ReachWorkspace& ws, const EdgeSources& same_edge,
               const SnapPoint& point);

}  // namespace plan
