// A routable street network: an immutable graph in compressed sparse row (CSR) form, built once by a
// NetworkBuilder from line features and then queried many times (snapping, shortest paths, isochrones).
//
// Definition followed (../DESIGN.md, "Network reach"): consecutive vertices of a line are an edge; lines
// meet only where they share an identical vertex, so a bridge that crosses a street without a shared
// vertex does not connect to it; an edge's length is its Euclidean length in metres (projected CRS).
//
// Travel modes: a walking network (the default) has two arcs per edge whose cost is the edge's length in
// metres. A driving network has arcs only in the directions a car may take (one-way streets give one arc)
// and their cost is the travel time in seconds at the edge's speed. Searches run on the cost and carry the
// length (metres) of the path they choose alongside.
//
//   plan::NetworkBuilder b;
//   b.add_line({{0, 0}, {100, 0}, {100, 100}});
//   plan::Network net = std::move(b).build();       // 3 nodes, 2 edges, 200 m
//   plan::SnapIndex index(net);
//   plan::SnapPoint s = index.nearest({50, 10}, 250);   // edge 0, along_m 50, snap_m 10
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "plan/geometry.hpp"
#include "plan/layer.hpp"

namespace plan {

inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

// How far a point may lie from the nearest street and still be snapped to it, unless a caller says
// otherwise (--max-snap): about a city block, so that a home set back from its street still counts while a
// point in open country is reported as unreachable (../DESIGN.md, "Network reach").
inline constexpr double kDefaultMaxSnapM = 250;
// The walking speed that turns minutes into metres unless told otherwise (GB 50180-2018's 15-minute circle
// is 1000 m: 4 km/h).
inline constexpr double kDefaultWalkSpeedKmh = 4;

// How the network is travelled, and so what its arc costs mean.
enum class TravelMode {
  Walk,   // both directions of every edge; cost = length in metres
  Drive,  // allowed directions only; cost = time in seconds at the edge's speed
};
const char* to_string(TravelMode mode);  // "walk" or "drive"

// What a car may do on one line (ignored by walking networks): the directions it may drive (forward is
// the line's vertex order) and its speed.
struct RoadRule {
  bool forward = true;
  bool backward = true;
  double speed_kmh = 0;  // > 0 for a driving network
};

// What a network is made of, for reports.
struct NetworkSummary {
  std::size_t nodes = 0;
  std::size_t edges = 0;
  double total_km = 0;
  std::size_t components = 0;  // walking: connected components; driving: strongly connected
  std::size_t largest_component_nodes = 0;
  std::size_t arcs = 0;          // directed arcs: 2 per edge, 1 per one-way edge when driving
  std::size_t oneway_edges = 0;  // edges with a single arc
};

class Network {
 public:
  std::size_t node_count() const { return node_xy_.size(); }
  std::size_t edge_count() const { return edge_from_.size(); }
  XY node(std::uint32_t n) const { return node_xy_[n]; }

  std::uint32_t edge_from(std::uint32_t e) const { return edge_from_[e]; }
  std::uint32_t edge_to(std::uint32_t e) const { return edge_to_[e]; }
  double edge_length_m(std::uint32_t e) const { return edge_length_m_[e]; }
  // The source feature id of the line the edge came from.
  std::int64_t edge_feature(std::uint32_t e) const { return edge_feature_[e]; }
  // Whether edge e may be travelled from edge_from(e) to edge_to(e) (forward) and back (backward).
  bool edge_forward(std::uint32_t e) const { return (edge_dirs_[e] & 1) != 0; }
  bool edge_backward(std::uint32_t e) const { return (edge_dirs_[e] & 2) != 0; }
  // Metres travelled per unit of cost along edge e: 1 on a walking network, the speed in m/s when
  // driving. The cost of `metres` along the edge is metres / edge_metres_per_cost(e).
  double edge_metres_per_cost(std::uint32_t e) const { return edge_metres_per_cost_[e]; }
  // The point `along_m` metres from edge_from(e) towards edge_to(e).
  XY point_on_edge(std::uint32_t e, double along_m) const;

  // Arcs leaving node n are [first_arc(n), first_arc(n + 1)); every edge gives one arc in each direction
  // it may be travelled (walking: both).
  std::uint32_t first_arc(std::uint32_t n) const { return first_arc_[n]; }
  std::uint32_t arc_head(std::uint32_t a) const { return arc_head_[a]; }
  std::uint32_t arc_edge(std::uint32_t a) const { return arc_edge_[a]; }
  double arc_length_m(std::uint32_t a) const { return arc_length_m_[a]; }
  // The cost of travelling arc a: metres when walking, seconds when driving.
  double arc_cost(std::uint32_t a) const { return arc_cost_[a]; }

  TravelMode mode() const { return mode_; }
  // The unit of costs on this network: "m" (walking) or "s" (driving).
  const char* cost_unit() const { return mode_ == TravelMode::Walk ? "m" : "s"; }

  const NetworkSummary& summary() const { return summary_; }
  // Component number of each node (0 .. components − 1, the largest first). Walking: connected pieces;
  // driving: strongly connected pieces, within which every node reaches every other by car.
  std::uint32_t component(std::uint32_t n) const { return component_[n]; }

 private:
  friend class NetworkBuilder;
  std::vector<XY> node_xy_;
  std::vector<std::uint32_t> edge_from_, edge_to_;
  std::vector<double> edge_length_m_;
  std::vector<std::int64_t> edge_feature_;
  std::vector<std::uint8_t> edge_dirs_;  // bit 0: forward, bit 1: backward
  std::vector<double> edge_metres_per_cost_;
  std::vector<std::uint32_t> first_arc_, arc_head_, arc_edge_;
  std::vector<double> arc_length_m_, arc_cost_;
  std::vector<std::uint32_t> component_;
  NetworkSummary summary_;
  TravelMode mode_ = TravelMode::Walk;
};

class NetworkBuilder {
 public:
  explicit NetworkBuilder(TravelMode mode = TravelMode::Walk) : mode_(mode) {}

  // Adds every pair of consecutive vertices of `line` as an edge. A vertex identical (bit for bit after
  // reading) to one already added becomes the same node. Zero-length segments are skipped. `rule` counts
  // only for a driving network: throws UsageError there when rule.speed_kmh is not positive and finite or
  // neither direction is allowed.
  void add_line(const LineString& line, std::int64_t feature_id = 0, const RoadRule& rule = {});
  // Adds every line of a line layer. Throws DataError naming the layer when it holds points or polygons.
  void add_layer(const Layer& lines);
  // Schematic graphs that are not drawn lines (a corridor model's rides, boardings and transfers,
  // plan/corridors.hpp): add_node gives a node of its own at `at` that no line vertex or other node merges
  // with; add_edge joins two such nodes in both directions with a stated length (metres, ≥ 0) and a
  // stated cost in the network's cost unit (≥ 0) instead of the Euclidean length and length / speed.
  // Throws UsageError for an unknown node, a negative or non-finite length or cost, or a cost other than
  // the length on a walking network. Such edges are
  // meant to be searched from their ends, not snapped to.
  std::uint32_t add_node(XY at);
  void add_edge(std::uint32_t from, std::uint32_t to, double length_m, double cost,
                std::int64_t feature_id = 0);
  // Freezes what was added into a Network (CSR arrays, components). The builder is left empty.
  Network build();

 private:
  struct Key {
    std::uint64_t x, y;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const { return k.x * 0x9e3779b97f4a7c15ULL ^ (k.y + (k.y << 17)); }
  };
  std::uint32_t node_for(XY p);
  // Steps of build(): each edge's length (returns the total, metres); the arcs in CSR order (returns the
  // number of one-way edges).
  static double measure_edges(Network& g, const std::vector<double>& stated_length_m);
  static std::size_t link_arcs(Network& g, const std::vector<double>& stated_cost);
  TravelMode mode_;
  std::unordered_map<Key, std::uint32_t, KeyHash> ids_;
  std::vector<XY> xy_;
  std::vector<std::uint32_t> from_, to_;
  std::vector<std::int64_t> feature_;
  std::vector<std::uint8_t> dirs_;
  std::vector<double> speed_mps_;
  std::vector<double> stated_length_m_, stated_cost_;  // NaN: measured from the nodes, length / speed
};

// A walking network from a line layer (metres): shorthand for NetworkBuilder::add_layer + build. Driving
// networks need road classes: see plan/drive.hpp.
Network network_from_layer(const Layer& lines);

// A point's position on the network: the nearest point of the nearest edge.
struct SnapPoint {
  bool snapped = false;  // false: no edge within the maximum snap distance
  std::uint32_t edge = kNoIndex;
  double along_m = 0;                                       // from edge_from(edge) to the snapped position
  double snap_m = std::numeric_limits<double>::infinity();  // straight distance from the point, metres
  XY at;                                                    // the snapped position
};

// A uniform grid over the network's edges for nearest-edge queries. Keeps a pointer to the network,
// which must outlive it.
class SnapIndex {
 public:
  // cell_m ≤ 0 picks a cell size from the mean edge length and the extent. With largest_component_only,
  // only edges with both ends in the largest component are candidates (OSM extracts carry small pieces cut
  // off at the extract's edge or behind gates, where a point would otherwise snap and reach nothing).
  explicit SnapIndex(const Network& network, double cell_m = 0, bool largest_component_only = false);

  // The nearest point on the nearest edge within max_snap_m (ties: the lower edge id), or an unsnapped
  // SnapPoint. Throws UsageError for a negative max_snap_m.
  SnapPoint nearest(XY p, double max_snap_m) const;

  double cell_size_m() const { return cell_; }

 private:
  const Network* net_;
  double min_x_ = 0, min_y_ = 0, cell_ = 1;
  double slack_ = 0;  // metres a cell's rectangle is widened by when ruling it out
  int nx_ = 1, ny_ = 1;
  // Each cell's edge ids. Ids alone, not the ends' coordinates copied in: a tenth of the memory, which
  // a large index spends more time first touching than its queries save by reading it in order.
  std::vector<std::uint32_t> start_;
  std::vector<std::uint32_t> items_;
};

// Snaps every point (see SnapIndex::nearest); unsnapped ones keep snapped == false. Large batches run on
// all cores. Throws UsageError for a negative max_snap_m.
std::vector<SnapPoint> snap_points(const SnapIndex& index, const std::vector<XY>& points, double max_snap_m);

}  // namespace plan
