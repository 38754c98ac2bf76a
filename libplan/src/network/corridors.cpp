#include "plan/corridors.hpp"

#include <algorithm>
#include <cmath>

#include "plan/error.hpp"
#include "plan/primitives.hpp"

namespace plan {

namespace {

constexpr std::int64_t kBoardEdge = -1;   // stop node ↔ its access point's node
constexpr std::int64_t kNearbyEdge = -2;  // access point ↔ access point within transfer_radius_m
constexpr double kSameCostS = 1e-6;       // costs this close are one path's (rounding in the search)

double km_per_h_to_m_per_s(double kmh) { return kmh / 3.6; }

// Where p falls along `line`: the distance from its start to the nearest point, and p's distance to it.
struct Along {
  double along_m = 0;
  double off_m = kUnreached;
};
Along locate(const LineString& line, XY p) {
  Along best;
  double start_m = 0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const XY a = line[i], b = line[i + 1];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const double t = closest_on_segment_t(p, a, b);
    const double off = std::hypot(p.x - (a.x + t * (b.x - a.x)), p.y - (a.y + t * (b.y - a.y)));
    if (off < best.off_m) best = {start_m + t * len, off};
    start_m += len;
  }
  return best;
}

double length_m(const LineString& line) {
  double m = 0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i)
    m += std::hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
  return m;
}

void check_options(const CorridorOptions& o) {
  auto positive = [](double v, const char* name) {
    if (!(v > 0) || !std::isfinite(v))
      throw UsageError(std::string("corridor model: ") + name + " must be a positive number");
  };
  auto not_negative = [](double v, const char* name) {
    if (!(v >= 0) || !std::isfinite(v))
      throw UsageError(std::string("corridor model: ") + name + " must not be negative");
  };
  positive(o.feeder_speed_kmh, "feeder_speed_kmh");
  if (!(o.detour_factor >= 1) || !std::isfinite(o.detour_factor))
    throw UsageError("corridor model: detour_factor must be at least 1 (road over straight-line distance)");
  not_negative(o.attach_m, "attach_m");
  not_negative(o.transfer_min, "transfer_min");
  not_negative(o.transfer_radius_m, "transfer_radius_m");
  not_negative(o.board_min, "board_min");
  for (const auto& [cls, v] : o.class_speed_kmh)
    if (!(v > 0) || !std::isfinite(v))
      throw UsageError("corridor model: class '" + cls + "': design speed must be a positive number of km/h");
}

}  // namespace

CorridorModel::CorridorModel(const std::vector<CorridorLine>& lines, const std::vector<AccessPoint>& access,
                             const CorridorOptions& options)
    : options_(options), access_(access) {
  check_options(options_);
  NetworkBuilder b(TravelMode::Drive);
  // One node per access point, for boarding and changing lines.
  for (const AccessPoint& a : access_) {
    b.add_node(a.at);
    node_access_.push_back(static_cast<std::uint32_t>(node_access_.size()));
  }
  const double half_transfer_s = options_.transfer_min * 60 / 2;
  for (std::uint32_t l = 0; l < lines.size(); ++l) {
    const CorridorLine& line = lines[l];
    const std::string label =
        "corridor model: line '" + line.name + "' (feature " + std::to_string(line.id) + ")";
    double speed = 0;
    bool own = false;
    if (line.speed_kmh) {
      speed = *line.speed_kmh, own = true;
    } else if (auto it = options_.class_speed_kmh.find(line.line_class);
               it != options_.class_speed_kmh.end()) {
      speed = it->second;
    } else {
      throw UsageError(label + ": class '" + line.line_class +
                       "' has no design speed and the line gives none");
    }
    if (!(speed > 0) || !std::isfinite(speed))
      throw UsageError(label + ": design speed must be a positive number of km/h");
    CorridorLineUse use{line.name, line.line_class, speed, own, {}, length_m(line.line) / 1000};
    // The access points serving the line, in order along it.
    std::vector<std::pair<double, std::uint32_t>> at;
    for (std::uint32_t k = 0; k < access_.size(); ++k) {
      const auto& cls = access_[k].classes;
      if (std::find(cls.begin(), cls.end(), line.line_class) == cls.end()) continue;
      const Along p = locate(line.line, access_[k].at);
      if (p.off_m <= options_.attach_m) at.emplace_back(p.along_m, k);
    }
    std::sort(at.begin(), at.end());
    for (const auto& stop : at) use.stops.push_back(access_[stop.second].name);
    uses_.push_back(use);
    if (at.size() < 2) continue;
    const double mps = km_per_h_to_m_per_s(speed);
    std::vector<std::uint32_t> nodes;
    for (const auto& stop : at) {
      nodes.push_back(b.add_node(access_[stop.second].at));
      node_access_.push_back(stop.second);
      b.add_edge(nodes.back(), stop.second, 0, half_transfer_s, kBoardEdge);
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (i + 1 < nodes.size()) {
        const double m = at[i + 1].first - at[i].first;
        b.add_edge(nodes[i], nodes[i + 1], m, m / mps, static_cast<std::int64_t>(l));
      }
      stops_.push_back({nodes[i], at[i].second, kNoIndex, i + 1 < nodes.size()});
    }
  }
  // Access points close enough to change lines between them.
  for (std::uint32_t i = 0; i < access_.size(); ++i)
    for (std::uint32_t j = i + 1; j < access_.size(); ++j) {
      const double d = std::hypot(access_[i].at.x - access_[j].at.x, access_[i].at.y - access_[j].at.y);
      if (d <= options_.transfer_radius_m) b.add_edge(i, j, d, 0, kNearbyEdge);
    }
  graph_ = b.build();
  // A ride edge at each stop, to start searches from the stop's node.
  for (Stop& s : stops_)
    for (std::uint32_t a = graph_.first_arc(s.node); a < graph_.first_arc(s.node + 1); ++a) {
      const std::uint32_t e = graph_.arc_edge(a);
      if (graph_.edge_feature(e) < 0) continue;
      if ((graph_.edge_from(e) == s.node) == s.at_edge_start) {
        s.edge = e;
        break;
      }
    }
}

std::vector<CorridorTrip> CorridorModel::trips(XY origin, const std::vector<XY>& destinations) const {
  const double feeder_mps = km_per_h_to_m_per_s(options_.feeder_speed_kmh);
  auto feeder_s = [&](XY a, XY b) {
    return std::hypot(a.x - b.x, a.y - b.y) * options_.detour_factor / feeder_mps;
  };
  // Every stop a source, starting at the feeder time to its access point plus the first boarding.
  std::vector<SnapPoint> sources;
  std::vector<double> start_s;
  for (const Stop& s : stops_) {
    SnapPoint p;
    p.snapped = true;
    p.edge = s.edge;
    p.along_m = s.at_edge_start ? 0 : graph_.edge_length_m(s.edge);
    p.at = graph_.node(s.node);
    sources.push_back(p);
    start_s.push_back(feeder_s(origin, access_[s.access].at) + options_.board_min * 60);
  }
  shortest_from(graph_, sources, ws_, kUnreached, start_s);
  std::vector<double> start_of_node(graph_.node_count(), kUnreached);
  for (std::size_t i = 0; i < stops_.size(); ++i) start_of_node[stops_[i].node] = start_s[i];

  std::vector<CorridorTrip> out;
  for (const XY d : destinations) {
    CorridorTrip t;
    if (options_.feeder_only_allowed) {
      t.feeder_in_min = feeder_s(origin, d) / 60;
      t.minutes = t.feeder_in_min;
    }
    // The best stop to leave the lines at.
    std::uint32_t best = kNoIndex;
    double best_s = kUnreached, out_s = 0;
    for (const Stop& s : stops_) {
      const double c = ws_.cost[s.node];
      if (c == kUnreached) continue;
      const double egress = feeder_s(access_[s.access].at, d);
      if (c + egress < best_s) best_s = c + egress, best = s.node, out_s = egress;
    }
    if (best == kNoIndex || !(best_s / 60 < t.minutes)) {
      out.push_back(t);
      continue;
    }
    // Back from the last stop along arcs whose costs add up, to the stop the trip started at.
    CorridorTrip r;
    r.minutes = best_s / 60;
    r.feeder_out_min = out_s / 60;
    r.alight_at = access_[node_access_[best]].name;
    std::uint32_t v = best;
    std::vector<char> seen(graph_.node_count(), 0);
    double ride_s = 0, transfer_s = 0;
    while (std::abs(ws_.cost[v] - start_of_node[v]) > kSameCostS) {
      seen[v] = 1;
      std::uint32_t from = kNoIndex, via = kNoIndex;
      for (std::uint32_t a = graph_.first_arc(v); a < graph_.first_arc(v + 1); ++a) {
        const std::uint32_t u = graph_.arc_head(a);
        if (!seen[u] && std::abs(ws_.cost[u] + graph_.arc_cost(a) - ws_.cost[v]) <= kSameCostS) {
          from = u, via = a;
          break;
        }
      }
      if (from == kNoIndex) break;  // not expected: every reached node has such an arc
      const std::int64_t f = graph_.edge_feature(graph_.arc_edge(via));
      if (f >= 0) {
        ride_s += graph_.arc_cost(via);
        const std::string& name = uses_[static_cast<std::size_t>(f)].name;
        if (r.lines.empty() || r.lines.front() != name) r.lines.insert(r.lines.begin(), name);
      } else {
        transfer_s += graph_.arc_cost(via);
      }
      v = from;
    }
    r.board_at = access_[node_access_[v]].name;
    r.feeder_in_min = (start_of_node[v] - options_.board_min * 60) / 60;
    r.ride_min = ride_s / 60;
    r.transfer_min = transfer_s / 60 + options_.board_min;
    out.push_back(r);
  }
  return out;
}

}  // namespace plan
