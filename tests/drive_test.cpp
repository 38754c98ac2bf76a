// Driving networks: one-way streets, class speeds and maxspeed, fastest paths with their lengths, checked
// against hand-computed answers and a plain Dijkstra on a graph with every point as its own node.
#include "plan/drive.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <queue>

#include "plan/error.hpp"
#include "plan/isochrone.hpp"
#include "plan/network.hpp"
#include "plan/reach.hpp"
#include "plan/synthetic.hpp"

namespace {

// A road layer as a GeoPackage would give it: columns highway, oneway, junction, maxspeed.
struct Road {
  plan::LineString line;
  std::string highway, oneway, junction, maxspeed;
};

plan::Layer road_layer(const std::vector<Road>& roads) {
  plan::Layer l;
  l.name = "roads";
  l.kind = plan::GeometryKind::Line;
  l.fields = {{"highway"}, {"oneway"}, {"junction"}, {"maxspeed"}};
  std::int64_t id = 1;
  for (const Road& r : roads)
    l.features.push_back({id++, plan::Geometry::line(r.line), {r.highway, r.oneway, r.junction, r.maxspeed}});
  return l;
}

plan::SnapPoint on_edge(const plan::Network& g, std::uint32_t e, double along_m) {
  plan::SnapPoint s;
  s.snapped = true;
  s.edge = e;
  s.along_m = along_m;
  s.snap_m = 0;
  s.at = g.point_on_edge(e, along_m);
  return s;
}

plan::SnapPoint snap(const plan::Network& g, plan::XY p) { return plan::SnapIndex(g).nearest(p, 50); }

//   D(0,100) ◄──── C(100,100)
//      │              ▲          every side one-way, anticlockwise, 100 m at 36 km/h (10 m/s):
//      ▼              │          A→B takes 10 s, B→A goes round: 30 s, 300 m.
//   A(0,0) ────► B(100,0)
plan::Layer one_way_ring(const std::string& highway = "residential") {
  return road_layer({{{{0, 0}, {100, 0}}, highway, "yes", "", "36"},
                     {{{100, 0}, {100, 100}}, highway, "yes", "", "36"},
                     {{{100, 100}, {0, 100}}, highway, "yes", "", "36"},
                     {{{0, 100}, {0, 0}}, highway, "yes", "", "36"}});
}

}  // namespace

TEST(Drive, OneWayRingIsDirectOneWayAndGoesRoundOnTheWayBack) {
  plan::DriveNetworkReport r;
  const plan::Network g = plan::drive_network_from_layer(one_way_ring(), &r);
  EXPECT_EQ(g.mode(), plan::TravelMode::Drive);
  EXPECT_EQ(g.summary().arcs, 4u);
  EXPECT_EQ(g.summary().oneway_edges, 4u);
  EXPECT_EQ(r.oneway_lines, 4u);
  EXPECT_EQ(r.maxspeed_used, 4u);
  plan::ReachWorkspace ws;
  const auto ab = plan::nearest_facilities(g, {snap(g, {0, 0})}, {snap(g, {100, 0})}, ws);
  EXPECT_NEAR(ab.cost[0], 10, 1e-9);
  EXPECT_NEAR(ab.distance_m[0], 100, 1e-9);
  const auto ba = plan::nearest_facilities(g, {snap(g, {100, 0})}, {snap(g, {0, 0})}, ws);
  EXPECT_NEAR(ba.cost[0], 30, 1e-9);
  EXPECT_NEAR(ba.distance_m[0], 300, 1e-9);
}

TEST(Drive, ComponentsAreStronglyConnected) {
  // The one-way ring and a one-way street leaving it at B towards E(200,0): E is reached from the ring
  // but leads nowhere, so it is a component of its own; walking, all five nodes are one piece.
  plan::Layer l = one_way_ring();
  l.features.push_back({9,
                        plan::Geometry::line({{100, 0}, {200, 0}}),
                        {std::string("residential"), std::string("yes"), std::string(), std::string()}});
  const plan::Network g = plan::drive_network_from_layer(l);
  EXPECT_EQ(g.summary().components, 2u);
  EXPECT_EQ(g.summary().largest_component_nodes, 4u);
  EXPECT_EQ(plan::network_from_layer(l).summary().components, 1u);
  // Snapped to the largest component only, a point near E lands on the ring (side B→C), not on the dead end.
  const plan::SnapIndex main_only(g, 0, true);
  const plan::SnapPoint s = main_only.nearest({190, 5}, 250);
  ASSERT_TRUE(s.snapped);
  EXPECT_NEAR(s.at.x, 100, 1e-9);
  EXPECT_NEAR(s.at.y, 5, 1e-9);
  EXPECT_NEAR(plan::SnapIndex(g).nearest({190, 5}, 250).at.x, 190, 1e-9);
}

TEST(Drive, WalkingIgnoresOneWayTags) {
  const plan::Network g = plan::network_from_layer(one_way_ring());
  EXPECT_EQ(g.mode(), plan::TravelMode::Walk);
  EXPECT_EQ(g.summary().arcs, 8u);
  EXPECT_EQ(g.summary().oneway_edges, 0u);
  plan::ReachWorkspace ws;
  const auto ba = plan::nearest_facilities(g, {snap(g, {100, 0})}, {snap(g, {0, 0})}, ws);
  EXPECT_DOUBLE_EQ(ba.distance_m[0], 100);
  EXPECT_DOUBLE_EQ(ba.cost[0], 100) << "a walking cost is the distance in metres";
}

TEST(Drive, TheLongerFasterRoadWinsAndItsLengthIsTheDistance) {
  //              X(500, 489.9)
  //     primary ╱     ╲ primary       700 + 700 m at 60 km/h: 84 s
  //  S(0,0) ───────────── T(1000,0)   1000 m residential at 30 km/h: 120 s
  const double h = std::sqrt(700.0 * 700.0 - 500.0 * 500.0);
  const plan::Network g =
      plan::drive_network_from_layer(road_layer({{{{0, 0}, {1000, 0}}, "residential", "", "", ""},
                                                 {{{0, 0}, {500, h}}, "primary", "", "", ""},
                                                 {{{500, h}, {1000, 0}}, "primary", "", "", ""}}));
  plan::ReachWorkspace ws;
  const auto r = plan::nearest_facilities(g, {snap(g, {0, 0})}, {snap(g, {1000, 0})}, ws);
  EXPECT_NEAR(r.cost[0], 1400 / (60 / 3.6), 1e-9);
  EXPECT_NEAR(r.distance_m[0], 1400, 1e-9) << "the length of the fastest path, not the shortest distance";
  // Walking, the same roads give the straight road.
  const auto w = plan::nearest_facilities(
      plan::network_from_layer(road_layer({{{{0, 0}, {1000, 0}}, "residential", "", "", ""},
                                           {{{0, 0}, {500, h}}, "primary", "", "", ""},
                                           {{{500, h}, {1000, 0}}, "primary", "", "", ""}})),
      {on_edge(g, 0, 0)}, {on_edge(g, 0, 1000)}, ws);
  EXPECT_DOUBLE_EQ(w.distance_m[0], 1000);
}

TEST(Drive, ClassSpeedsAndMaxspeedSetTheTime) {
  // One 1000 m road per case; the time from one end to the other is 1000 m / speed.
  struct Case {
    std::string highway, maxspeed;
    double speed_kmh;
  };
  const std::vector<Case> cases = {{"motorway", "", 100},
                                   {"trunk", "", 80},
                                   {"primary", "", 60},
                                   {"secondary", "", 50},
                                   {"tertiary", "", 40},
                                   {"residential", "", 30},
                                   {"unclassified", "", 30},
                                   {"living_street", "", 10},
                                   {"primary_link", "", 40},
                                   {"secondary", "80", 80},
                                   {"secondary", "50 mph", 50 * 1.609344},
                                   {"residential", "20 km/h", 20},
                                   {"secondary", "CN:urban", 50},
                                   {"tertiary", "none", 40}};
  for (const Case& c : cases) {
    plan::DriveNetworkReport r;
    const plan::Network g = plan::drive_network_from_layer(
        road_layer({{{{0, 0}, {1000, 0}}, c.highway, "no", "", c.maxspeed}}), &r);
    ASSERT_EQ(g.edge_count(), 1u) << c.highway;
    plan::ReachWorkspace ws;
    const auto t = plan::nearest_facilities(g, {on_edge(g, 0, 0)}, {on_edge(g, 0, 1000)}, ws);
    EXPECT_NEAR(t.cost[0], 1000 / (c.speed_kmh / 3.6), 1e-9) << c.highway << " " << c.maxspeed;
    const bool readable = c.maxspeed == "80" || c.maxspeed == "50 mph" || c.maxspeed == "20 km/h";
    EXPECT_EQ(r.maxspeed_used, readable ? 1u : 0u) << c.maxspeed;
    EXPECT_EQ(r.maxspeed_ignored, !c.maxspeed.empty() && !readable ? 1u : 0u) << c.maxspeed;
  }
  EXPECT_EQ(plan::parse_maxspeed_kmh("60").value_or(0), 60);
  EXPECT_NEAR(plan::parse_maxspeed_kmh("30mph").value_or(0), 48.28032, 1e-9);
  EXPECT_FALSE(plan::parse_maxspeed_kmh("60;80"));
  EXPECT_FALSE(plan::parse_maxspeed_kmh("signals"));
  EXPECT_FALSE(plan::parse_maxspeed_kmh("0"));
  EXPECT_FALSE(plan::parse_maxspeed_kmh("60 furlongs"));
}

TEST(Drive, DirectionsFollowOnewayRoundaboutsAndMotorways) {
  auto dirs = [](const std::string& hw, const std::string& oneway, const std::string& junction) {
    const plan::RoadRule r = plan::osm_road_directions(hw, oneway, junction);
    return std::string(r.forward ? "F" : "") + (r.backward ? "B" : "");
  };
  EXPECT_EQ(dirs("residential", "", ""), "FB");
  EXPECT_EQ(dirs("residential", "yes", ""), "F");
  EXPECT_EQ(dirs("residential", "true", ""), "F");
  EXPECT_EQ(dirs("residential", "1", ""), "F");
  EXPECT_EQ(dirs("residential", "-1", ""), "B");
  EXPECT_EQ(dirs("residential", "reverse", ""), "B");
  EXPECT_EQ(dirs("tertiary", "", "roundabout"), "F");
  EXPECT_EQ(dirs("tertiary", "", "circular"), "F");
  EXPECT_EQ(dirs("motorway", "", ""), "F");
  EXPECT_EQ(dirs("motorway", "no", ""), "FB");
  EXPECT_EQ(dirs("motorway_link", "", ""), "FB");
}

TEST(Drive, CarsKeepToRoadsTheyMayUse) {
  using Tags = std::map<std::string, std::string>;
  for (const char* hw : {"motorway", "trunk", "primary", "secondary", "tertiary", "unclassified",
                         "residential", "living_street", "service", "motorway_link", "road"})
    EXPECT_TRUE(plan::osm_drivable(hw, {})) << hw;
  for (const char* hw : {"footway", "path", "steps", "cycleway", "pedestrian", "track", "bridleway",
                         "construction", "proposed", "platform", "corridor", ""})
    EXPECT_FALSE(plan::osm_drivable(hw, {})) << hw;
  EXPECT_FALSE(plan::osm_drivable("residential", Tags{{"access", "private"}}));
  EXPECT_FALSE(plan::osm_drivable("residential", Tags{{"access", "no"}}));
  EXPECT_TRUE(plan::osm_drivable("residential", Tags{{"access", "no"}, {"motor_vehicle", "yes"}}));
  EXPECT_TRUE(plan::osm_drivable("residential", Tags{{"access", "destination"}}));
  EXPECT_FALSE(plan::osm_drivable("primary", Tags{{"motor_vehicle", "no"}}));
  EXPECT_FALSE(plan::osm_drivable("primary", Tags{{"motorcar", "no"}}));
  for (const char* s : {"parking_aisle", "driveway", "private", "parking"})
    EXPECT_FALSE(plan::osm_drivable("service", Tags{{"service", s}})) << s;
  EXPECT_FALSE(plan::osm_drivable("residential", Tags{{"area", "yes"}}));
  EXPECT_FALSE(plan::osm_drivable("primary", Tags{{"oneway", "reversible"}}));
}

TEST(Drive, AHomeMidwayOnAOneWayEdgeIsReachedFromUpstreamOnly) {
  //  D(0,100) ─── C(100,100)     A→B one-way (10 m/s); B–C–D–A two-way, also 10 m/s.
  //     │             │          Home H at 30 m along A→B. F1 at 60 m (downstream of H) must drive on to
  //  A(0,0) ─H─F2─F1► B(100,0)   B, round by C and D to A, then 30 m: 40 + 300 + 30 = 370 m, 37 s.
  //                              F2 at 10 m (upstream) reaches H straight along the edge: 20 m, 2 s.
  const plan::Network g = plan::drive_network_from_layer(
      road_layer({{{{0, 0}, {100, 0}}, "residential", "yes", "", "36"},
                  {{{100, 0}, {100, 100}, {0, 100}, {0, 0}}, "residential", "", "", "36"}}));
  const plan::SnapPoint home = on_edge(g, 0, 30), f1 = on_edge(g, 0, 60), f2 = on_edge(g, 0, 10);
  plan::ReachWorkspace ws;
  const auto only_downstream = plan::nearest_facilities(g, {f1}, {home}, ws);
  EXPECT_NEAR(only_downstream.cost[0], 37, 1e-9);
  EXPECT_NEAR(only_downstream.distance_m[0], 370, 1e-9);
  const auto both = plan::nearest_facilities(g, {f1, f2}, {home}, ws);
  EXPECT_NEAR(both.cost[0], 2, 1e-9);
  EXPECT_NEAR(both.distance_m[0], 20, 1e-9);
  EXPECT_EQ(both.facility[0], 1u);
  // A facility standing on node A (the start of the one-way edge, or the end of D→A) reaches H directly.
  const auto at_node = plan::nearest_facilities(g, {snap(g, {0, 0})}, {home}, ws);
  EXPECT_NEAR(at_node.cost[0], 3, 1e-9);
  // Walking, F1 reaches H back along the edge: 30 m.
  const plan::Network walk = plan::network_from_layer(
      road_layer({{{{0, 0}, {100, 0}}, "residential", "yes", "", ""},
                  {{{100, 0}, {100, 100}, {0, 100}, {0, 0}}, "residential", "", "", ""}}));
  EXPECT_DOUBLE_EQ(
      plan::nearest_facilities(walk, {on_edge(walk, 0, 60)}, {on_edge(walk, 0, 30)}, ws).distance_m[0], 30);
  // The same workspace, back on the driving network, still gives path lengths of their own.
  EXPECT_NEAR(plan::nearest_facilities(g, {f1}, {home}, ws).distance_m[0], 370, 1e-9);
}

TEST(Drive, ReachedStreetsFollowTheOneWayDirection) {
  const plan::Network g = plan::drive_network_from_layer(one_way_ring());
  auto total_m = [](const std::vector<plan::LineString>& lines) {
    double m = 0;
    for (const auto& l : lines)
      for (std::size_t i = 1; i < l.size(); ++i) m += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
    return m;
  };
  plan::ReachWorkspace ws;
  // From A within 15 s: all of A→B (10 s) and 50 m of B→C; nothing of D→A, which leads into A.
  const std::vector<plan::SnapPoint> at_a = {snap(g, {0, 0})};
  plan::shortest_from(g, at_a, ws, 15);
  EXPECT_NEAR(total_m(plan::reached_parts(g, ws, plan::sources_by_edge(at_a), 15)), 150, 1e-9);
  // From mid-way along A→B within 3 s, searched no farther: 30 m downstream, none upstream, although the
  // upstream node A is not reached at all.
  const std::vector<plan::SnapPoint> mid = {on_edge(g, 0, 50)};
  plan::shortest_from(g, mid, ws, 3);
  const auto parts = plan::reached_parts(g, ws, plan::sources_by_edge(mid), 3);
  EXPECT_NEAR(total_m(parts), 30, 1e-9);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_NEAR(std::min(parts[0].front().x, parts[0].back().x), 50, 1e-9);
  EXPECT_NEAR(std::max(parts[0].front().x, parts[0].back().x), 80, 1e-9);
}

TEST(Drive, ThresholdsAreTimes) {
  EXPECT_DOUBLE_EQ(plan::parse_time_threshold_s("30min"), 1800);
  EXPECT_DOUBLE_EQ(plan::parse_time_threshold_s("90s"), 90);
  EXPECT_DOUBLE_EQ(plan::parse_time_threshold_s("0.5h"), 1800);
  for (const char* bad : {"1000m", "2km", "1000", "soon", "0min"}) {
    try {
      plan::parse_time_threshold_s(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const plan::UsageError& e) {
      if (std::string(bad).find('m') != std::string::npos && std::string(bad) != "0min") {
        EXPECT_NE(std::string(e.what()).find("times"), std::string::npos) << e.what();
      }
    }
  }
}

TEST(Drive, LayersWithoutRoadClassesAreRefused) {
  plan::Layer l;
  l.name = "streets";
  l.source = "streets.gpkg";
  l.kind = plan::GeometryKind::Line;
  l.features.push_back({7, plan::Geometry::line({{0, 0}, {10, 0}}), {}});
  try {
    plan::drive_network_from_layer(l);
    ADD_FAILURE() << "accepted a layer without highway";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("highway"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("streets.gpkg"), std::string::npos) << e.what();
  }
  // The walking rule needs no classes, and life circles refuse a driving network.
  EXPECT_EQ(plan::network_from_layer(l).edge_count(), 1u);
  const plan::Network g = plan::drive_network_from_layer(one_way_ring());
  EXPECT_THROW(plan::compute_life_circles(g, {}, {}, {}, {}, plan::gb50180_profile()), plan::UsageError);
}

// A textbook Dijkstra on a graph where every facility and home is a node of its own (its edge split
// there), from a virtual source joined to every facility at cost 0.
namespace {

// A random directed street grid: n×n jittered nodes, each grid link kept with probability 0.8, one-way
// forward, one-way backward or two-way, at a random speed.
struct RandomDriveGrid {
  struct Edge {
    int u, v;
    bool fwd, bwd;
    double speed_kmh;
  };
  int n = 0;
  std::vector<plan::XY> xy;
  std::vector<Edge> edges;
  plan::Network network;
};

RandomDriveGrid random_drive_grid(plan::SeededRandom& rng) {
  RandomDriveGrid grid;
  const int n = grid.n = 4 + static_cast<int>(rng.next() % 4);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      grid.xy.push_back({i * 100 + rng.uniform(-30, 30), j * 100 + rng.uniform(-30, 30)});
  plan::NetworkBuilder b(plan::TravelMode::Drive);
  auto maybe_edge = [&](int u, int v) {
    if (rng.uniform() < 0.2) return;
    const double d = rng.uniform();
    RandomDriveGrid::Edge e{u, v, d < 0.75, d >= 0.5, rng.uniform(10, 100)};
    grid.edges.push_back(e);
    b.add_line({grid.xy[u], grid.xy[v]}, static_cast<std::int64_t>(grid.edges.size()),
               {e.fwd, e.bwd, e.speed_kmh});
  };
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      if (i + 1 < n) maybe_edge(j * n + i, j * n + i + 1);
      if (j + 1 < n) maybe_edge(j * n + i, (j + 1) * n + i);
    }
  if (!grid.edges.empty()) grid.network = b.build();
  return grid;
}

// Points on random edges; some exactly at an end, several per edge.
std::vector<plan::SnapPoint> random_edge_points(const RandomDriveGrid& grid, plan::SeededRandom& rng,
                                                int count) {
  const plan::Network& g = grid.network;
  std::vector<plan::SnapPoint> pts;
  for (int k = 0; k < count; ++k) {
    const auto e = static_cast<std::uint32_t>(rng.next() % grid.edges.size());
    const double len = g.edge_length_m(e), r = rng.uniform();
    pts.push_back(on_edge(g, e, r < 0.1 ? 0 : r < 0.2 ? len : rng.uniform(0, len)));
  }
  return pts;
}

// The reference: every edge cut at its points in order (grid nodes, then one node per facility, then one
// per home), and a plain Dijkstra from the facilities. Per home: fastest time and that path's length.
struct ReferenceReach {
  std::vector<double> cost, length;
};

ReferenceReach split_graph_dijkstra(const RandomDriveGrid& grid,
                                    const std::vector<plan::SnapPoint>& facilities,
                                    const std::vector<plan::SnapPoint>& homes) {
  const int point_base = grid.n * grid.n, home_base = point_base + static_cast<int>(facilities.size());
  const int nodes = home_base + static_cast<int>(homes.size());
  struct Arc {
    int to;
    double cost, len;
  };
  std::vector<std::vector<Arc>> adj(nodes);
  for (std::uint32_t e = 0; e < grid.edges.size(); ++e) {
    const RandomDriveGrid::Edge& edge = grid.edges[e];
    std::vector<std::pair<double, int>> stops = {{0, edge.u}, {grid.network.edge_length_m(e), edge.v}};
    for (std::size_t k = 0; k < facilities.size(); ++k)
      if (facilities[k].edge == e) stops.push_back({facilities[k].along_m, point_base + static_cast<int>(k)});
    for (std::size_t k = 0; k < homes.size(); ++k)
      if (homes[k].edge == e) stops.push_back({homes[k].along_m, home_base + static_cast<int>(k)});
    std::stable_sort(stops.begin(), stops.end(), [](auto& a, auto& c) { return a.first < c.first; });
    const double mps = edge.speed_kmh / 3.6;
    for (std::size_t k = 0; k + 1 < stops.size(); ++k) {
      const double len = stops[k + 1].first - stops[k].first;
      // Two stops at the same place are one place, whatever the edge's direction.
      if (edge.fwd || len == 0) adj[stops[k].second].push_back({stops[k + 1].second, len / mps, len});
      if (edge.bwd || len == 0) adj[stops[k + 1].second].push_back({stops[k].second, len / mps, len});
    }
  }
  std::vector<double> cost(nodes, plan::kUnreached), len(nodes, plan::kUnreached);
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> pq;
  for (std::size_t k = 0; k < facilities.size(); ++k) {
    cost[point_base + k] = 0, len[point_base + k] = 0;
    pq.push({0, point_base + static_cast<int>(k)});
  }
  while (!pq.empty()) {
    const auto [c, x] = pq.top();
    pq.pop();
    if (c > cost[x]) continue;
    for (const Arc& a : adj[x])
      if (c + a.cost < cost[a.to]) {
        cost[a.to] = c + a.cost, len[a.to] = len[x] + a.len;
        pq.push({cost[a.to], a.to});
      }
  }
  return {std::vector<double>(cost.begin() + home_base, cost.end()),
          std::vector<double>(len.begin() + home_base, len.end())};
}

// Components: two nodes share one exactly when each reaches the other (breadth-first over the arcs); the
// first is the largest.
void expect_strong_components(const plan::Network& g, int round) {
  std::vector<std::vector<char>> reaches(g.node_count(), std::vector<char>(g.node_count(), 0));
  for (std::uint32_t s = 0; s < g.node_count(); ++s) {
    std::vector<std::uint32_t> todo = {s};
    reaches[s][s] = 1;
    while (!todo.empty()) {
      const std::uint32_t x = todo.back();
      todo.pop_back();
      for (std::uint32_t a = g.first_arc(x); a < g.first_arc(x + 1); ++a)
        if (!reaches[s][g.arc_head(a)]) reaches[s][g.arc_head(a)] = 1, todo.push_back(g.arc_head(a));
    }
  }
  std::vector<std::size_t> size(g.summary().components, 0);
  for (std::uint32_t x = 0; x < g.node_count(); ++x) {
    ++size[g.component(x)];
    for (std::uint32_t y = 0; y < g.node_count(); ++y)
      EXPECT_EQ(g.component(x) == g.component(y), reaches[x][y] && reaches[y][x]) << "round " << round;
  }
  EXPECT_EQ(size[0], *std::max_element(size.begin(), size.end()));
  EXPECT_EQ(size[0], g.summary().largest_component_nodes);
}

}  // namespace

TEST(Drive, RandomDirectedGraphsMatchAPlainDijkstra) {
  plan::SeededRandom rng(77);
  for (int round = 0; round < 40; ++round) {
    const RandomDriveGrid grid = random_drive_grid(rng);
    if (grid.edges.empty()) continue;
    const plan::Network& g = grid.network;
    ASSERT_EQ(g.edge_count(), grid.edges.size());
    const auto facilities = random_edge_points(grid, rng, 1 + static_cast<int>(rng.next() % 4));
    const auto homes = random_edge_points(grid, rng, 25);
    const ReferenceReach want = split_graph_dijkstra(grid, facilities, homes);
    expect_strong_components(g, round);

    plan::ReachWorkspace ws;
    const auto r = plan::nearest_facilities(g, facilities, homes, ws);
    for (std::size_t k = 0; k < homes.size(); ++k) {
      if (want.cost[k] == plan::kUnreached) {
        EXPECT_EQ(r.cost[k], plan::kUnreached) << "round " << round << " home " << k;
        continue;
      }
      EXPECT_NEAR(r.cost[k], want.cost[k], 1e-9 * (1 + want.cost[k])) << "round " << round << " home " << k;
      EXPECT_NEAR(r.distance_m[k], want.length[k], 1e-6 * (1 + want.cost[k]))
          << "round " << round << " home " << k;
    }
  }
}
