// Network reach: shortest walking distances from facilities to homes, thresholds and life circles.
#include "plan/reach.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "network_fixtures.hpp"
#include "plan/error.hpp"
#include "plan/network.hpp"
#include "plan/synthetic.hpp"

namespace {

using network_fixtures::add_grid;

struct Fixture {
  plan::Network g;
  std::vector<plan::SnapPoint> snap(const std::vector<plan::XY>& pts, double max_snap = 250) const {
    return plan::snap_points(plan::SnapIndex(g), pts, max_snap);
  }
};

}  // namespace

TEST(Reach, GridDistancesAreManhattanDistances) {
  //  (0,400) ┼───┼───┼───┼───┼
  //          │   │   │   │   │     5 × 5 streets, 100 m apart: every shortest path between two
  //          ┼───┼───┼───┼───┼     crossings is the Manhattan distance, known by hand.
  //  (0,0)   F───┼───┼───┼───┼
  plan::NetworkBuilder b;
  add_grid(b, 5, 100);
  Fixture f{b.build()};
  const auto fac = f.snap({{0, 0}});
  const std::vector<plan::XY> homes = {{0, 0}, {300, 200}, {400, 400}, {100, 0}, {250, 10}};
  plan::ReachWorkspace ws;
  const auto r = plan::nearest_facilities(f.g, fac, f.snap(homes), ws);
  EXPECT_DOUBLE_EQ(r.distance_m[0], 0);
  EXPECT_DOUBLE_EQ(r.distance_m[1], 500);
  EXPECT_DOUBLE_EQ(r.distance_m[2], 800);
  EXPECT_DOUBLE_EQ(r.distance_m[3], 100);
  EXPECT_DOUBLE_EQ(r.distance_m[4], 250) << "a home 10 m off a street is measured from its snapped position";
  for (auto id : r.facility) EXPECT_EQ(id, 0u);
}

TEST(Reach, EachHomeGetsItsNearestOfSeveralFacilities) {
  plan::NetworkBuilder b;
  add_grid(b, 5, 100);
  Fixture f{b.build()};
  const auto fac = f.snap({{0, 0}, {400, 400}});
  plan::ReachWorkspace ws;
  const auto r = plan::nearest_facilities(f.g, fac, f.snap({{100, 100}, {300, 400}, {200, 200}}), ws);
  EXPECT_EQ(r.facility[0], 0u);
  EXPECT_DOUBLE_EQ(r.distance_m[0], 200);
  EXPECT_EQ(r.facility[1], 1u);
  EXPECT_DOUBLE_EQ(r.distance_m[1], 100);
  EXPECT_DOUBLE_EQ(r.distance_m[2], 400) << "equidistant: either facility, 400 m";
  EXPECT_EQ(r.facility[2], 0u) << "ties go to the lower facility index";
}

TEST(Reach, HomesAcrossTheRiverGoThroughTheBridge) {
  //  west bank (x 0..400)   river   east bank (x 600..1000)
  //    ┼───┼───┼───┼───┼  ~~~~~~~~  ┼───┼───┼───┼───┼
  //    F   ...         ┼════════════┼  (bridge at y = 200)       H at (600, 400)
  //  A footbridge crosses the west bank streets at y = 350 without sharing a vertex: not a shortcut.
  plan::NetworkBuilder b;
  add_grid(b, 5, 100, {0, 0});
  add_grid(b, 5, 100, {600, 0});
  b.add_line({{400, 200}, {600, 200}});
  b.add_line({{-50, 350}, {1050, 350}});
  Fixture f{b.build()};
  EXPECT_EQ(f.g.summary().components, 2u);
  const auto fac = f.snap({{0, 400}});
  plan::ReachWorkspace ws;
  const auto r = plan::nearest_facilities(f.g, fac, f.snap({{600, 400}, {1000, 0}, {400, 400}}), ws);
  EXPECT_DOUBLE_EQ(r.distance_m[0], 400 + 200 + 200 + 200);  // along y=400, down to the bridge, over, up
  EXPECT_DOUBLE_EQ(r.distance_m[1], 400 + 200 + 200 + 400 + 200);
  EXPECT_DOUBLE_EQ(r.distance_m[2], 400);
}

TEST(Reach, FacilityOnANodeAndOneMidEdge) {
  //  A───B───C   street along y = 0, nodes every 100 m; facility F sits 30 m into edge B–C (x = 130).
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {100, 0}, {200, 0}, {300, 0}});
  Fixture f{b.build()};
  plan::ReachWorkspace ws;
  const auto mid = f.snap({{130, 5}});
  ASSERT_TRUE(mid[0].snapped);
  EXPECT_DOUBLE_EQ(mid[0].along_m, 30);
  const auto r =
      plan::nearest_facilities(f.g, mid, f.snap({{0, 0}, {200, 0}, {180, 0}, {110, 0}, {300, 0}}), ws);
  EXPECT_DOUBLE_EQ(r.distance_m[0], 130);
  EXPECT_DOUBLE_EQ(r.distance_m[1], 70);
  EXPECT_DOUBLE_EQ(r.distance_m[2], 50) << "same edge: straight along it, not via a node";
  EXPECT_DOUBLE_EQ(r.distance_m[3], 20) << "same edge, before the facility";
  EXPECT_DOUBLE_EQ(r.distance_m[4], 170);
  const auto node = f.snap({{100, 0}});
  const auto r2 = plan::nearest_facilities(f.g, node, f.snap({{0, 0}, {300, 0}}), ws);
  EXPECT_DOUBLE_EQ(r2.distance_m[0], 100);
  EXPECT_DOUBLE_EQ(r2.distance_m[1], 200);
}

TEST(Reach, HomeBeyondMaxSnapHasNoDistanceAndIsNotCovered) {
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {100, 0}});
  b.add_line({{1000, 0}, {1100, 0}});  // a piece no facility reaches
  Fixture f{b.build()};
  plan::ReachWorkspace ws;
  const auto homes = f.snap({{50, 400}, {1050, 0}, {50, 0}});
  const auto r = plan::nearest_facilities(f.g, f.snap({{0, 0}}), homes, ws);
  EXPECT_FALSE(homes[0].snapped);
  EXPECT_EQ(r.distance_m[0], plan::kUnreached);
  EXPECT_EQ(r.facility[0], plan::kNoIndex);
  EXPECT_EQ(r.distance_m[1], plan::kUnreached) << "snapped, but on a piece of network no facility reaches";
  std::vector<char> covered;
  for (double d : r.distance_m) covered.push_back(d <= 1000);
  const auto s = plan::reach_shares(r.distance_m, covered, {10, 20, 30});
  EXPECT_EQ(s.homes, 3u);
  EXPECT_EQ(s.reachable, 1u);
  EXPECT_EQ(s.covered, 1u);
  EXPECT_DOUBLE_EQ(*s.population_covered_ratio, 0.5);
}

TEST(Reach, ThresholdsReadAsDistancesOrWalkingTimes) {
  EXPECT_DOUBLE_EQ(plan::parse_threshold_m("1000m", 4), 1000);
  EXPECT_DOUBLE_EQ(plan::parse_threshold_m("1.5km", 4), 1500);
  EXPECT_DOUBLE_EQ(plan::parse_threshold_m("800", 4), 800);
  EXPECT_NEAR(plan::parse_threshold_m("15min", 4), 1000, 1e-9);  // 4 km/h for a quarter hour
  EXPECT_NEAR(plan::parse_threshold_m("10min", 6), 1000, 1e-9);
  EXPECT_NEAR(plan::parse_threshold_m("90s", 4), 100, 1e-9);
  EXPECT_THROW(plan::parse_threshold_m("15 minutes", 4), plan::UsageError);
  EXPECT_THROW(plan::parse_threshold_m("-5m", 4), plan::UsageError);
  EXPECT_THROW(plan::parse_threshold_m("0m", 4), plan::UsageError);
  EXPECT_THROW(plan::parse_threshold_m("", 4), plan::UsageError);
}

namespace {

using Segment = std::pair<plan::XY, plan::XY>;

// Where a point snaps by brute force over the segment list: the segment, the fraction along it and the
// distance; seg −1 beyond max_snap_m.
struct RefSnap {
  int seg = -1;
  double t = 0, d = 1e300;
};

RefSnap brute_force_snap(const std::vector<Segment>& segs, plan::XY p, double max_snap_m) {
  RefSnap best;
  for (int s = 0; s < static_cast<int>(segs.size()); ++s) {
    const auto [a, c] = segs[s];
    const double dx = c.x - a.x, dy = c.y - a.y;
    const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
    const double d = std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y);
    if (d < best.d) best = {s, t, d};
  }
  if (best.d > max_snap_m) best.seg = -1;
  return best;
}

// Each home's walking distance to its nearest facility: the segments split at every snapped point (vertex
// nodes by coordinate, then one node per point) and an O(n²) Dijkstra; 1e300 for a home not reached.
std::vector<double> split_graph_distances(const std::vector<Segment>& segs,
                                          const std::vector<RefSnap>& facilities,
                                          const std::vector<RefSnap>& homes) {
  std::map<std::pair<double, double>, int> id;
  std::vector<std::vector<std::pair<int, double>>> adj;
  auto node = [&](plan::XY p) {
    auto [it, fresh] = id.try_emplace({p.x, p.y}, static_cast<int>(adj.size()));
    if (fresh) adj.emplace_back();
    return it->second;
  };
  std::vector<std::vector<std::pair<double, int>>> splits(segs.size());
  auto split_node = [&](const RefSnap& s) {
    if (s.seg < 0) return -1;
    const int n = static_cast<int>(adj.size());
    adj.emplace_back();
    splits[s.seg].push_back({s.t, n});
    return n;
  };
  for (auto& [a, c] : segs) node(a), node(c);
  std::vector<int> fnode, hnode;
  for (auto& s : facilities) fnode.push_back(split_node(s));
  for (auto& s : homes) hnode.push_back(split_node(s));
  for (std::size_t s = 0; s < segs.size(); ++s) {
    auto [a, c] = segs[s];
    const double len = std::hypot(c.x - a.x, c.y - a.y);
    std::vector<std::pair<double, int>> chain = {{0.0, node(a)}};
    auto mids = splits[s];
    std::sort(mids.begin(), mids.end());
    chain.insert(chain.end(), mids.begin(), mids.end());
    chain.push_back({1.0, node(c)});
    for (std::size_t k = 0; k + 1 < chain.size(); ++k) {
      const double w = (chain[k + 1].first - chain[k].first) * len;
      adj[chain[k].second].push_back({chain[k + 1].second, w});
      adj[chain[k + 1].second].push_back({chain[k].second, w});
    }
  }
  std::vector<double> dist(adj.size(), 1e300);
  std::vector<bool> done(adj.size(), false);
  for (int n : fnode)
    if (n >= 0) dist[n] = 0;
  for (std::size_t it = 0; it < adj.size(); ++it) {
    int u = -1;
    for (std::size_t v = 0; v < adj.size(); ++v)
      if (!done[v] && (u < 0 || dist[v] < dist[u])) u = static_cast<int>(v);
    if (u < 0 || dist[u] >= 1e300) break;
    done[u] = true;
    for (auto [v, w] : adj[u]) dist[v] = std::min(dist[v], dist[u] + w);
  }
  std::vector<double> out;
  for (int n : hnode) out.push_back(n < 0 ? 1e300 : dist[n]);
  return out;
}

}  // namespace

TEST(Reach, EqualsAPlainDijkstraOnRandomGraphs) {
  // Random lines over a few shared vertices, random facilities and homes; the reference splits the
  // segments at brute-force snapped positions and runs an O(n²) Dijkstra on the split graph.
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    plan::SeededRandom rng(seed);
    std::vector<plan::XY> verts;
    for (int i = 0; i < 25; ++i)
      verts.push_back({std::round(rng.uniform(0, 1000)), std::round(rng.uniform(0, 1000))});
    std::vector<Segment> segs;
    plan::NetworkBuilder b;
    for (int k = 0; k < 40; ++k) {
      const plan::XY a = verts[rng.next() % verts.size()], c = verts[rng.next() % verts.size()];
      if (a == c) continue;
      b.add_line({a, c});
      segs.push_back({a, c});
    }
    const plan::Network g = b.build();
    std::vector<plan::XY> fac_pts, home_pts;
    for (int i = 0; i < 4; ++i) fac_pts.push_back({rng.uniform(0, 1000), rng.uniform(0, 1000)});
    for (int i = 0; i < 30; ++i) home_pts.push_back({rng.uniform(0, 1000), rng.uniform(0, 1000)});
    const double max_snap = 150;
    std::vector<RefSnap> rf, rh;
    for (auto p : fac_pts) rf.push_back(brute_force_snap(segs, p, max_snap));
    for (auto p : home_pts) rh.push_back(brute_force_snap(segs, p, max_snap));
    const std::vector<double> want = split_graph_distances(segs, rf, rh);

    const plan::SnapIndex index(g);
    plan::ReachWorkspace ws;
    const auto r = plan::nearest_facilities(g, plan::snap_points(index, fac_pts, max_snap),
                                            plan::snap_points(index, home_pts, max_snap), ws);
    for (std::size_t i = 0; i < home_pts.size(); ++i) {
      SCOPED_TRACE("seed " + std::to_string(seed) + " home " + std::to_string(i));
      if (want[i] >= 1e300) {
        EXPECT_EQ(r.distance_m[i], plan::kUnreached);
      } else {
        EXPECT_NEAR(r.distance_m[i], want[i], 1e-6);
      }
    }
  }
}

TEST(LifeCircle, DefaultProfileFollowsGB50180) {
  const plan::LifeCircleProfile p = plan::gb50180_profile();
  ASSERT_EQ(p.categories.size(), 9u);
  std::map<std::string, double> within;
  for (const auto& c : p.categories) within[c.name] = c.max_distance_m;
  EXPECT_EQ(within["middle_school"], 1000);
  EXPECT_EQ(within["health_centre"], 1000);
  EXPECT_EQ(within["elderly_care"], 1000);
  EXPECT_EQ(within["culture_sports"], 1000);
  EXPECT_EQ(within["primary_school"], 500);
  EXPECT_EQ(within["market"], 500);
  EXPECT_EQ(within["kindergarten"], 300);
  EXPECT_EQ(within["health_station"], 300);
  EXPECT_EQ(within["daily_shop"], 300);
}

TEST(LifeCircle, HomeIsCompleteOnlyWhenEveryCategoryIsWithinItsOwnDistance) {
  //  street y = 0 from x = 0 to 2000; a school at 0, a shop at 1000; homes at 200, 900 and 1500.
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {500, 0}, {1000, 0}, {1500, 0}, {2000, 0}});
  Fixture f{b.build()};
  const auto fac = f.snap({{0, 0}, {1000, 0}});
  const auto homes = f.snap({{200, 0}, {900, 0}, {1500, 0}});
  plan::LifeCircleProfile p;
  p.categories = {{"school", "10-minute", 500, {"school", "primary"}}, {"shop", "5-minute", 300, {}}};
  const auto r = plan::compute_life_circles(f.g, fac, {"primary", "shop"}, homes, {100, 50, 10}, p);
  ASSERT_EQ(r.categories.size(), 2u);
  EXPECT_EQ(r.categories[0].covered, (std::vector<char>{1, 0, 0}));  // school within 500 m
  EXPECT_EQ(r.categories[1].covered, (std::vector<char>{0, 1, 0}));  // shop within 300 m
  EXPECT_EQ(r.complete, (std::vector<char>{0, 0, 0}));
  EXPECT_DOUBLE_EQ(r.categories[0].nearest.distance_m[2], 1500);
  EXPECT_DOUBLE_EQ(*r.categories[0].shares.population_covered_ratio, 100.0 / 160);
  p.categories[1].max_distance_m = 800;
  const auto r2 = plan::compute_life_circles(f.g, fac, {"primary", "shop"}, homes, {100, 50, 10}, p);
  EXPECT_EQ(r2.complete, (std::vector<char>{1, 0, 0}));
  EXPECT_EQ(r2.complete_shares.covered, 1u);
  EXPECT_DOUBLE_EQ(*r2.complete_shares.population_covered_ratio, 100.0 / 160);
}

TEST(LifeCircle, ProfileJsonIsReadAndBadEntriesNamed) {
  const auto p = plan::profile_from_json(
      R"({"name": "osm", "categories": [{"name": "school", "circle": "15-minute", "within": "15min",
          "match": ["school", "college"]}, {"name": "shop", "max_distance_m": 300}]})",
      "osm.json", 4);
  ASSERT_EQ(p.categories.size(), 2u);
  EXPECT_NEAR(p.categories[0].max_distance_m, 1000, 1e-9);
  EXPECT_EQ(p.categories[0].match, (std::vector<std::string>{"school", "college"}));
  EXPECT_EQ(p.categories[1].max_distance_m, 300);
  try {
    plan::profile_from_json(R"({"categories": [{"name": "x", "within": "soon"}]})", "bad.json");
    FAIL() << "expected a DataError";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("category 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(plan::profile_from_json("{", "broken.json"), plan::DataError);
  EXPECT_THROW(plan::profile_from_json(R"({"categories": []})", "empty.json"), plan::DataError);
}
