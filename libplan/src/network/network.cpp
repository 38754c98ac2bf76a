#include "plan/network.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>

#include "plan/error.hpp"
#include "plan/primitives.hpp"
#include "util/parallel_for.hpp"

namespace plan {

const char* to_string(TravelMode mode) { return mode == TravelMode::Walk ? "walk" : "drive"; }

XY Network::point_on_edge(std::uint32_t e, double along_m) const {
  const XY a = node_xy_[edge_from_[e]], b = node_xy_[edge_to_[e]];
  const double len = edge_length_m_[e];
  const double t = len > 0 ? std::clamp(along_m / len, 0.0, 1.0) : 0.0;
  return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
}

namespace {

// Strongly connected components of the arcs (Tarjan's algorithm with an explicit stack, as street
// networks are deep enough to overflow recursion), each node labelled by the lowest node of its component.
std::vector<std::uint32_t> strong_components(const Network& g) {
  const auto n = static_cast<std::uint32_t>(g.node_count());
  std::vector<std::uint32_t> index(n, kNoIndex), low(n, 0), label(n, kNoIndex), stack;
  std::vector<char> on_stack(n, 0);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> calls;  // node, next arc to follow
  std::uint32_t counter = 0;
  auto enter = [&](std::uint32_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = 1;
    calls.push_back({v, g.first_arc(v)});
  };
  for (std::uint32_t s = 0; s < n; ++s) {
    if (index[s] != kNoIndex) continue;
    enter(s);
    while (!calls.empty()) {
      const std::uint32_t v = calls.back().first, a = calls.back().second;
      if (a < g.first_arc(v + 1)) {
        ++calls.back().second;
        const std::uint32_t w = g.arc_head(a);
        if (index[w] == kNoIndex)
          enter(w);
        else if (on_stack[w])
          low[v] = std::min(low[v], index[w]);
        continue;
      }
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[v]);
      if (low[v] != index[v]) continue;
      const auto first = std::find(stack.rbegin(), stack.rend(), v).base() - 1;
      const std::uint32_t lowest = *std::min_element(first, stack.end());
      for (auto it = first; it != stack.end(); ++it) label[*it] = lowest, on_stack[*it] = 0;
      stack.erase(first, stack.end());
    }
  }
  return label;
}

// Component labels of the nodes, each the lowest node of its component. Walking: connected pieces
// (union-find over edges, whose roots are the lowest nodes). Driving: strongly connected pieces, in which
// every node reaches every other by car, so that a point snapped to the largest one can reach and be
// reached from all others there (a one-way street leaving an extract is a piece of its own).
std::vector<std::uint32_t> component_labels(const Network& g) {
  if (g.mode() != TravelMode::Walk) return strong_components(g);
  const auto n = static_cast<std::uint32_t>(g.node_count());
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
    const std::uint32_t a = find(g.edge_from(e)), b = find(g.edge_to(e));
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<std::uint32_t> label(n);
  for (std::uint32_t i = 0; i < n; ++i) label[i] = find(i);
  return label;
}

// Components numbered by size, the largest first (ties: the lower lowest node first).
struct ComponentNumbers {
  std::vector<std::uint32_t> of_node;
  std::size_t count = 0;
  std::size_t largest_nodes = 0;
};
ComponentNumbers number_components(const std::vector<std::uint32_t>& label) {
  const auto n = static_cast<std::uint32_t>(label.size());
  std::vector<std::uint32_t> size(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) ++size[label[i]];
  std::vector<std::uint32_t> roots;
  for (std::uint32_t i = 0; i < n; ++i)
    if (label[i] == i) roots.push_back(i);
  std::stable_sort(roots.begin(), roots.end(), [&](auto a, auto b) { return size[a] > size[b]; });
  std::vector<std::uint32_t> number(n, 0);
  for (std::uint32_t k = 0; k < roots.size(); ++k) number[roots[k]] = k;
  ComponentNumbers c;
  c.of_node.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) c.of_node[i] = number[label[i]];
  c.count = roots.size();
  c.largest_nodes = roots.empty() ? 0 : size[roots[0]];
  return c;
}

}  // namespace

std::uint32_t NetworkBuilder::node_for(XY p) {
  // +0.0 and −0.0 are the same place.
  const Key k{std::bit_cast<std::uint64_t>(p.x + 0.0), std::bit_cast<std::uint64_t>(p.y + 0.0)};
  auto [it, inserted] = ids_.try_emplace(k, static_cast<std::uint32_t>(xy_.size()));
  if (inserted) xy_.push_back(p);
  return it->second;
}

void NetworkBuilder::add_line(const LineString& line, std::int64_t feature_id, const RoadRule& rule) {
  std::uint8_t dirs = 3;
  double speed_mps = 1;
  if (mode_ == TravelMode::Drive) {
    if (!(rule.speed_kmh > 0) || !std::isfinite(rule.speed_kmh))
      throw UsageError("feature " + std::to_string(feature_id) +
                       ": a driving network needs a positive speed");
    if (!rule.forward && !rule.backward)
      throw UsageError("feature " + std::to_string(feature_id) +
                       ": a road must allow at least one direction");
    dirs = static_cast<std::uint8_t>((rule.forward ? 1 : 0) | (rule.backward ? 2 : 0));
    speed_mps = rule.speed_kmh / 3.6;
  }
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == line[i + 1]) continue;
    if (!usable_coordinate(line[i]) || !usable_coordinate(line[i + 1]))
      throw DataError(
          Location{{}, {}, feature_id, {}},
          "line has a coordinate that is not a finite number within ±1e9 m (NaN, infinite or far beyond "
          "any metric CRS)");
    from_.push_back(node_for(line[i]));
    to_.push_back(node_for(line[i + 1]));
    feature_.push_back(feature_id);
    dirs_.push_back(dirs);
    speed_mps_.push_back(speed_mps);
    stated_length_m_.push_back(std::numeric_limits<double>::quiet_NaN());
    stated_cost_.push_back(std::numeric_limits<double>::quiet_NaN());
  }
}

std::uint32_t NetworkBuilder::add_node(XY at) {
  xy_.push_back(at);
  return static_cast<std::uint32_t>(xy_.size() - 1);
}

void NetworkBuilder::add_edge(std::uint32_t from, std::uint32_t to, double length_m, double cost,
                              std::int64_t feature_id) {
  if (from >= xy_.size() || to >= xy_.size())
    throw UsageError("add_edge: node " + std::to_string(std::max(from, to)) + " was not added");
  if (!(length_m >= 0) || !std::isfinite(length_m) || !(cost >= 0) || !std::isfinite(cost))
    throw UsageError("add_edge: feature " + std::to_string(feature_id) +
                     ": length and cost must be finite and not negative");
  if (mode_ == TravelMode::Walk && cost != length_m)
    throw UsageError("add_edge: on a walking network an edge's cost is its length");
  from_.push_back(from);
  to_.push_back(to);
  feature_.push_back(feature_id);
  dirs_.push_back(3);
  // Metres per unit of cost, for a search that starts part-way along the edge; infinite for an edge that
  // costs nothing, so that a part of it costs nothing too.
  speed_mps_.push_back(cost > 0 ? length_m / cost : std::numeric_limits<double>::infinity());
  stated_length_m_.push_back(length_m);
  stated_cost_.push_back(cost);
}

void NetworkBuilder::add_layer(const Layer& lines) {
  if (lines.kind != GeometryKind::Line && !lines.features.empty())
    throw DataError(Location{lines.source, lines.name, {}, {}},
                    std::string("a network needs line features, found ") + to_string(lines.kind));
  for (const Feature& f : lines.features)
    for (const LineString& l : f.geometry.lines) add_line(l, f.id);
}

double NetworkBuilder::measure_edges(Network& g, const std::vector<double>& stated_length_m) {
  const std::size_t m = g.edge_from_.size();
  g.edge_length_m_.resize(m);
  double total_m = 0;
  for (std::size_t e = 0; e < m; ++e) {
    const XY a = g.node_xy_[g.edge_from_[e]], b = g.node_xy_[g.edge_to_[e]];
    g.edge_length_m_[e] =
        std::isnan(stated_length_m[e]) ? std::hypot(b.x - a.x, b.y - a.y) : stated_length_m[e];
    total_m += g.edge_length_m_[e];
  }
  return total_m;
}

std::size_t NetworkBuilder::link_arcs(Network& g, const std::vector<double>& stated_cost) {
  // CSR: count arcs per node, prefix sums, then fill. Walking: the metres per cost are exactly 1, so an
  // arc's cost is its length bit for bit.
  const std::size_t n = g.node_xy_.size(), m = g.edge_from_.size();
  auto fwd = [&](std::size_t e) { return (g.edge_dirs_[e] & 1) != 0; };
  auto bwd = [&](std::size_t e) { return (g.edge_dirs_[e] & 2) != 0; };
  g.first_arc_.assign(n + 1, 0);
  std::size_t arcs = 0, oneway = 0;
  for (std::size_t e = 0; e < m; ++e) {
    if (fwd(e)) ++g.first_arc_[g.edge_from_[e] + 1], ++arcs;
    if (bwd(e)) ++g.first_arc_[g.edge_to_[e] + 1], ++arcs;
    if (fwd(e) != bwd(e)) ++oneway;
  }
  for (std::size_t i = 0; i < n; ++i) g.first_arc_[i + 1] += g.first_arc_[i];
  std::vector<std::uint32_t> fill(g.first_arc_.begin(), g.first_arc_.end() - 1);
  g.arc_head_.resize(arcs);
  g.arc_edge_.resize(arcs);
  g.arc_length_m_.resize(arcs);
  g.arc_cost_.resize(arcs);
  for (std::uint32_t e = 0; e < m; ++e) {
    const std::uint32_t u = g.edge_from_[e], v = g.edge_to_[e];
    const double len = g.edge_length_m_[e];
    const double cost = std::isnan(stated_cost[e]) ? len / g.edge_metres_per_cost_[e] : stated_cost[e];
    if (fwd(e)) {
      const std::uint32_t a = fill[u]++;
      g.arc_head_[a] = v, g.arc_edge_[a] = e, g.arc_length_m_[a] = len, g.arc_cost_[a] = cost;
    }
    if (bwd(e)) {
      const std::uint32_t a = fill[v]++;
      g.arc_head_[a] = u, g.arc_edge_[a] = e, g.arc_length_m_[a] = len, g.arc_cost_[a] = cost;
    }
  }
  return oneway;
}

Network NetworkBuilder::build() {
  if (from_.size() >= kNoIndex / 2) throw UsageError("network too large: more than 2^31 edges");
  Network g;
  g.node_xy_ = std::move(xy_);
  g.edge_from_ = std::move(from_);
  g.edge_to_ = std::move(to_);
  g.edge_feature_ = std::move(feature_);
  g.edge_dirs_ = std::move(dirs_);
  g.edge_metres_per_cost_ = std::move(speed_mps_);
  g.mode_ = mode_;
  const double total_m = measure_edges(g, stated_length_m_);
  const std::size_t oneway = link_arcs(g, stated_cost_);
  ComponentNumbers components = number_components(component_labels(g));
  g.component_ = std::move(components.of_node);
  g.summary_ = {g.node_count(),           g.edge_count(),     total_m / 1000, components.count,
                components.largest_nodes, g.arc_head_.size(), oneway};
  ids_.clear();
  xy_.clear();
  from_.clear(), to_.clear(), feature_.clear(), dirs_.clear(), speed_mps_.clear();
  stated_length_m_.clear(), stated_cost_.clear();
  return g;
}

Network network_from_layer(const Layer& lines) {
  NetworkBuilder b;
  b.add_layer(lines);
  return b.build();
}

SnapIndex::SnapIndex(const Network& network, double cell_m, bool largest_component_only) : net_(&network) {
  const std::size_t n = network.node_count(), m = network.edge_count();
  if (n == 0) return;
  double x0 = network.node(0).x, x1 = x0, y0 = network.node(0).y, y1 = y0, total = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const XY p = network.node(i);
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  }
  for (std::uint32_t e = 0; e < m; ++e) total += network.edge_length_m(e);
  min_x_ = x0, min_y_ = y0;
  // Far above the rounding of a cell's corner (a few units in the last place of the coordinates).
  slack_ = 1e-9 * std::max({1.0, std::abs(x0), std::abs(x1), std::abs(y0), std::abs(y1)});
  const double w = std::max(x1 - x0, 1e-9), h = std::max(y1 - y0, 1e-9);
  // About two mean edge lengths per cell keeps both the copies per edge and the edges per cell small.
  if (!(cell_m > 0)) cell_m = m ? std::max(2 * total / static_cast<double>(m), 1.0) : 1.0;
  cell_ = std::max({cell_m, w / 4096, h / 4096});
  nx_ = static_cast<int>(w / cell_) + 1;
  ny_ = static_cast<int>(h / cell_) + 1;
  auto col = [&](double x) { return std::clamp(static_cast<int>((x - min_x_) / cell_), 0, nx_ - 1); };
  auto row = [&](double y) { return std::clamp(static_cast<int>((y - min_y_) / cell_), 0, ny_ - 1); };
  std::vector<std::uint32_t> count(static_cast<std::size_t>(nx_) * ny_ + 1, 0);
  auto each_cell = [&](std::uint32_t e, auto&& f) {
    const XY a = network.node(network.edge_from(e)), b = network.node(network.edge_to(e));
    const int c0 = col(std::min(a.x, b.x)), c1 = col(std::max(a.x, b.x));
    const int r0 = row(std::min(a.y, b.y)), r1 = row(std::max(a.y, b.y));
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) f(static_cast<std::size_t>(r) * nx_ + c);
  };
  auto wanted = [&](std::uint32_t e) {
    return !largest_component_only ||
           (network.component(network.edge_from(e)) == 0 && network.component(network.edge_to(e)) == 0);
  };
  for (std::uint32_t e = 0; e < m; ++e)
    if (wanted(e)) each_cell(e, [&](std::size_t cell) { ++count[cell + 1]; });
  for (std::size_t i = 1; i < count.size(); ++i) count[i] += count[i - 1];
  start_ = count;
  items_.resize(count.back());
  for (std::uint32_t e = 0; e < m; ++e)
    if (wanted(e)) each_cell(e, [&](std::size_t cell) { items_[count[cell]++] = e; });
}

SnapPoint SnapIndex::nearest(XY p, double max_snap_m) const {
  if (!(max_snap_m >= 0)) throw UsageError("the maximum snap distance must not be negative");
  SnapPoint best;
  if (net_->edge_count() == 0 || !std::isfinite(p.x) || !std::isfinite(p.y)) return best;
  double best_d2 = max_snap_m * max_snap_m;
  // Clamped so that a point very far away cannot overflow the cell arithmetic.
  const int pc = static_cast<int>(std::clamp(std::floor((p.x - min_x_) / cell_), -1e8, 1e8));
  const int pr = static_cast<int>(std::clamp(std::floor((p.y - min_y_) / cell_), -1e8, 1e8));
  double best_t = 0;
  auto consider = [&](std::uint32_t edge) {
    const XY a = net_->node(net_->edge_from(edge)), b = net_->node(net_->edge_to(edge));
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double t = closest_on_segment_t(p, a, b);
    const double qx = a.x + t * dx, qy = a.y + t * dy;
    const double d2 = (qx - p.x) * (qx - p.x) + (qy - p.y) * (qy - p.y);
    if (d2 < best_d2 || (d2 == best_d2 && (!best.snapped || edge < best.edge))) {
      best_d2 = d2;
      best.snapped = true;
      best.edge = edge;
      best_t = t;
      best.at = {qx, qy};
    }
  };
  // Rings of cells around the point's cell: after ring k every edge not yet seen is farther than k cells
  // minus the point's offset inside its cell, so the search stops once the best is closer than that.
  const double off_x = std::max(0.0, std::min(p.x - min_x_ - pc * cell_, (pc + 1) * cell_ - (p.x - min_x_)));
  const double off_y = std::max(0.0, std::min(p.y - min_y_ - pr * cell_, (pr + 1) * cell_ - (p.y - min_y_)));
  const double inner = std::min(off_x, off_y);
  const int max_ring = std::max(std::abs(pc) + nx_, std::abs(pr) + ny_) + 1;
  // A cell whose rectangle is farther than the best so far holds no nearer edge: an edge's nearest point
  // lies in one of the cells it is filed under. The slack keeps rounding in the rectangle's corners from
  // skipping an equally near edge (ties go to the lower id, so every one must be seen).
  auto gap = [&](double v, double lo) { return std::max({0.0, lo - v, v - (lo + cell_)}); };
  auto too_far = [&](int r, int c) {
    const double gx = std::max(0.0, gap(p.x, min_x_ + c * cell_) - slack_);
    const double gy = std::max(0.0, gap(p.y, min_y_ + r * cell_) - slack_);
    return gx * gx + gy * gy > best_d2;
  };
  for (int k = 0; k <= max_ring; ++k) {
    // Distance from p to any cell at Chebyshev ring k (k ≥ 1) is at least inner + (k − 1) cells.
    if (k > 0) {
      const double bound = inner + (k - 1) * cell_;
      if (bound * bound > best_d2) break;
    }
    const int r0 = pr - k, r1 = pr + k, c0 = pc - k, c1 = pc + k;
    for (int r = std::max(r0, 0); r <= std::min(r1, ny_ - 1); ++r) {
      const bool edge_row = (r == r0 || r == r1);
      for (int c = std::max(c0, 0); c <= std::min(c1, nx_ - 1); ++c) {
        if (!edge_row && c != c0 && c != c1) {
          c = c1 - 1;  // skip the interior, already searched
          continue;
        }
        const std::size_t cell = static_cast<std::size_t>(r) * nx_ + c;
        if (start_[cell] == start_[cell + 1] || too_far(r, c)) continue;
        for (std::uint32_t i = start_[cell]; i < start_[cell + 1]; ++i) consider(items_[i]);
      }
    }
    if (r0 <= 0 && c0 <= 0 && r1 >= ny_ - 1 && c1 >= nx_ - 1) break;  // the whole grid is searched
  }
  if (best.snapped) {
    best.snap_m = std::sqrt(best_d2);
    best.along_m = best_t * net_->edge_length_m(best.edge);
  }
  return best;
}

std::vector<SnapPoint> snap_points(const SnapIndex& index, const std::vector<XY>& points, double max_snap_m) {
  if (!(max_snap_m >= 0)) throw UsageError("the maximum snap distance must not be negative");
  std::vector<SnapPoint> out(points.size());
  // Queries are independent and read-only, so large batches are shared among the cores.
  const unsigned threads = points.size() < 20000 ? 1u : util::thread_count();
  util::parallel_for(points.size(), threads, [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) out[i] = index.nearest(points[i], max_snap_m);
  });
  return out;
}

}  // namespace plan
