// The street network: building the CSR graph, snapping, and reading OpenStreetMap.
#include "plan/network.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/osm.hpp"
#include "plan/primitives.hpp"
#include "plan/reach.hpp"
#include "plan/synthetic.hpp"

namespace {

const std::string kTinyOsm = PLAN_SOURCE_DIR "/tests/data/tiny_walk.osm";

double length_m(const std::vector<plan::XY>& pts) {
  double s = 0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i)
    s += std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
  return s;
}

}  // namespace

TEST(Network, LinesMeetOnlyAtSharedVertices) {
  // A cross whose arms share the centre vertex, and a bridge that crosses the cross without a vertex.
  plan::NetworkBuilder b;
  b.add_line({{-100, 0}, {0, 0}, {100, 0}}, 1);
  b.add_line({{0, -100}, {0, 0}, {0, 100}}, 2);
  b.add_line({{-50, -50}, {50, 50}}, 3);
  const plan::Network g = b.build();
  EXPECT_EQ(g.node_count(), 7u);
  EXPECT_EQ(g.edge_count(), 5u);
  EXPECT_EQ(g.summary().components, 2u);
  EXPECT_EQ(g.summary().largest_component_nodes, 5u);
  EXPECT_NEAR(g.summary().total_km, (400 + 100 * std::sqrt(2.0)) / 1000, 1e-12);
  // The centre node has four arcs, each edge gives one arc each way.
  std::uint32_t centre = plan::kNoIndex;
  for (std::uint32_t n = 0; n < g.node_count(); ++n)
    if (g.node(n) == plan::XY{0, 0}) centre = n;
  ASSERT_NE(centre, plan::kNoIndex);
  EXPECT_EQ(g.first_arc(centre + 1) - g.first_arc(centre), 4u);
  EXPECT_EQ(g.edge_feature(4), 3);
}

TEST(Network, ZeroLengthSegmentsAreSkipped) {
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {0, 0}, {10, 0}, {10, 0}});
  const plan::Network g = b.build();
  EXPECT_EQ(g.edge_count(), 1u);
  EXPECT_DOUBLE_EQ(g.edge_length_m(0), 10);
}

TEST(Network, PointLayerIsRefusedWithItsName) {
  plan::Layer l;
  l.name = "stops";
  l.source = "stops.gpkg";
  l.kind = plan::GeometryKind::Point;
  l.features.push_back({1, plan::Geometry::point({0, 0}), {}});
  try {
    plan::network_from_layer(l);
    FAIL() << "expected a DataError";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("stops"), std::string::npos) << e.what();
  }
}

TEST(Snap, NearestPointOnNearestEdgeMatchesBruteForce) {
  plan::SyntheticCityOptions o;
  o.radius_m = 1500;
  o.street_segment_m = 40;
  const plan::SyntheticCity city = plan::generate_city(o);
  plan::NetworkBuilder b;
  for (const auto& s : city.streets) b.add_line(s);
  const plan::Network g = b.build();
  const plan::SnapIndex index(g);
  plan::SeededRandom rng(7);
  for (int k = 0; k < 500; ++k) {
    const plan::XY p{rng.uniform(-2200, 2200), rng.uniform(-2200, 2200)};
    double best = plan::kUnreached;
    for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
      const plan::XY a = g.node(g.edge_from(e)), c = g.node(g.edge_to(e));
      const double dx = c.x - a.x, dy = c.y - a.y;
      const double t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
      best = std::min(best, std::hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
    }
    const plan::SnapPoint s = index.nearest(p, 250);
    if (best <= 250) {
      ASSERT_TRUE(s.snapped) << p.x << "," << p.y;
      EXPECT_NEAR(s.snap_m, best, 1e-9);
      EXPECT_NEAR(std::hypot(s.at.x - p.x, s.at.y - p.y), best, 1e-9);
      const plan::XY on = g.point_on_edge(s.edge, s.along_m);
      EXPECT_NEAR(on.x, s.at.x, 1e-6);
      EXPECT_NEAR(on.y, s.at.y, 1e-6);
    } else {
      EXPECT_FALSE(s.snapped) << "snapped at " << s.snap_m << " m, beyond 250 m";
    }
  }
}

// The grid search only decides which edges to look at, so it must give bit for bit what a scan of every
// edge gives, ties (the lower edge id) included: on a square grid of streets, points halfway between two
// parallel streets or on a crossing are equally near several edges. Small cells make the search skip
// many cells; points outside the network's extent start beyond the grid.
TEST(Snap, GridSearchEqualsFullScanBitForBit) {
  plan::NetworkBuilder b;
  for (int i = 0; i <= 12; ++i) {
    b.add_line({{0, 100.0 * i}, {1200, 100.0 * i}});
    b.add_line({{100.0 * i, 0}, {100.0 * i, 1200}});
  }
  b.add_line({{3, 7}, {1190, 1170}});  // a diagonal, crossing cells at odd places
  const plan::Network g = b.build();
  auto scan = [&](plan::XY p, double max_snap_m) {
    plan::SnapPoint best;
    double best_d2 = max_snap_m * max_snap_m, best_t = 0;
    for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
      const plan::XY a = g.node(g.edge_from(e)), c = g.node(g.edge_to(e));
      const double t = plan::closest_on_segment_t(p, a, c);
      const double qx = a.x + t * (c.x - a.x), qy = a.y + t * (c.y - a.y);
      const double d2 = (qx - p.x) * (qx - p.x) + (qy - p.y) * (qy - p.y);
      if (d2 < best_d2 || (d2 == best_d2 && !best.snapped)) {
        best_d2 = d2, best_t = t;
        best.snapped = true, best.edge = e, best.at = {qx, qy};
      }
    }
    if (best.snapped) best.snap_m = std::sqrt(best_d2), best.along_m = best_t * g.edge_length_m(best.edge);
    return best;
  };
  plan::SeededRandom rng(3);
  std::vector<plan::XY> points;
  for (int i = 0; i <= 48; ++i)
    for (int j = 0; j <= 48; ++j) points.push_back({25.0 * i - 0.5, 25.0 * j});  // on the quarter lines
  for (int k = 0; k < 3000; ++k) points.push_back({rng.uniform(-400, 1600), rng.uniform(-400, 1600)});
  for (double cell_m : {0.0, 7.0, 33.0, 250.0}) {
    const plan::SnapIndex index(g, cell_m);
    for (double max_snap_m : {60.0, 250.0})
      for (const plan::XY& p : points) {
        const plan::SnapPoint want = scan(p, max_snap_m), got = index.nearest(p, max_snap_m);
        ASSERT_EQ(got.snapped, want.snapped) << p.x << "," << p.y << " cell " << cell_m;
        if (!want.snapped) continue;
        ASSERT_EQ(got.edge, want.edge) << p.x << "," << p.y << " cell " << cell_m;
        ASSERT_EQ(got.snap_m, want.snap_m);
        ASSERT_EQ(got.along_m, want.along_m);
        ASSERT_EQ(got.at.x, want.at.x);
        ASSERT_EQ(got.at.y, want.at.y);
      }
  }
}

TEST(Snap, PointBeyondMaxSnapIsReportedNotDropped) {
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {100, 0}});
  const plan::Network g = b.build();
  const plan::SnapIndex index(g);
  const auto s = plan::snap_points(index, {{50, 10}, {50, 300}, {50, 250}}, 250);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_TRUE(s[0].snapped);
  EXPECT_DOUBLE_EQ(s[0].along_m, 50);
  EXPECT_DOUBLE_EQ(s[0].snap_m, 10);
  EXPECT_FALSE(s[1].snapped);
  EXPECT_TRUE(std::isinf(s[1].snap_m));
  EXPECT_TRUE(s[2].snapped) << "exactly at max snap counts as snapped";
}

TEST(Snap, LargestComponentOnlySkipsIsolatedPieces) {
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {100, 0}, {200, 0}});
  b.add_line({{50, 20}, {150, 20}});  // an isolated footway right beside the street
  const plan::Network g = b.build();
  const plan::SnapIndex all(g), main(g, 0, true);
  EXPECT_EQ(all.nearest({100, 15}, 250).edge, 2u);
  const plan::SnapPoint s = main.nearest({100, 15}, 250);
  EXPECT_EQ(g.component(g.edge_from(s.edge)), 0u);
  EXPECT_DOUBLE_EQ(s.snap_m, 15);
}

TEST(Osm, OtherTagsAreParsedWithEscapes) {
  const auto t =
      plan::parse_osm_other_tags(R"("access"=>"private","name:en"=>"A \"quoted\" road","foot"=>"yes")");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.at("access"), "private");
  EXPECT_EQ(t.at("name:en"), "A \"quoted\" road");
  EXPECT_EQ(t.at("foot"), "yes");
}

TEST(Osm, WalkingRuleFollowsHighwayAccessAndFootTags) {
  EXPECT_TRUE(plan::osm_walkable("residential", {}));
  EXPECT_FALSE(plan::osm_walkable("motorway", {}));
  EXPECT_FALSE(plan::osm_walkable("service", {{"access", "private"}}));
  EXPECT_TRUE(plan::osm_walkable("service", {{"access", "private"}, {"foot", "yes"}}));
  EXPECT_FALSE(plan::osm_walkable("footway", {{"foot", "no"}}));
  EXPECT_FALSE(plan::osm_walkable("", {}));
  EXPECT_TRUE(plan::osm_walkable("trunk", {}));
  EXPECT_FALSE(plan::osm_walkable("trunk", {{"motorroad", "yes"}}));
}

TEST(Osm, AGzipCompressedFileReadsLikeThePlainOne) {
  const auto dir = std::filesystem::temp_directory_path() / ("plan_gz_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string gz = (dir / "tiny_walk.osm.gz").string();
  ASSERT_EQ(std::system(("gzip -c '" + kTinyOsm + "' > '" + gz + "'").c_str()), 0);
  plan::OsmNetworkReport plain_report, gz_report;
  const plan::Network plain =
      plan::network_from_layer(plan::read_osm_walk_lines(kTinyOsm, {}, nullptr, &plain_report));
  const plan::Network packed =
      plan::network_from_layer(plan::read_osm_walk_lines(gz, {}, nullptr, &gz_report));
  std::filesystem::remove_all(dir);
  EXPECT_EQ(gz_report.lines, plain_report.lines);
  EXPECT_EQ(gz_report.kept, plain_report.kept);
  EXPECT_EQ(packed.edge_count(), plain.edge_count());
  EXPECT_DOUBLE_EQ(packed.summary().total_km, plain.summary().total_km);
}

TEST(Osm, TinyFileIsParsedEndToEnd) {
  plan::OsmNetworkReport r;
  const plan::Layer lines = plan::read_osm_walk_lines(kTinyOsm, {}, nullptr, &r);
  EXPECT_EQ(lines.crs, "EPSG:32632");
  EXPECT_EQ(r.lines, 8u);
  EXPECT_EQ(r.kept, 4u);          // residential, footway, footbridge, private residential with foot=yes
  EXPECT_EQ(r.not_walkable, 3u);  // motorway, access=private service, foot=no footway
  EXPECT_EQ(r.not_highway, 1u);   // the river
  const plan::Network g = plan::network_from_layer(lines);
  EXPECT_EQ(g.node_count(), 7u);
  EXPECT_EQ(g.edge_count(), 5u);
  EXPECT_EQ(g.summary().components, 2u) << "the footbridge shares no node with the street below it";
  // Expected length from the node coordinates, projected independently of the reader.
  const std::string crs = lines.crs;
  auto proj = [&](std::vector<plan::XY> lonlat) { return plan::transform_points(lonlat, "EPSG:4326", crs); };
  const double expected = length_m(proj({{10.0, 50.0}, {10.001, 50.0}, {10.002, 50.0}, {10.003, 50.0}})) +
                          length_m(proj({{10.0015, 50.0005}, {10.0015, 49.9995}})) +
                          length_m(proj({{10.002, 50.001}, {10.002, 50.0}}));
  EXPECT_NEAR(g.summary().total_km * 1000, expected, 1e-6);

  // The school reaches the clinic along the street: 300 m of street minus what the snaps cut off.
  plan::ReadOptions po;
  po.layer = "points";
  po.target_crs = crs;
  const plan::Layer points = plan::read_layer(kTinyOsm, po);
  const std::vector<std::string> amenity = plan::text_values(points, "amenity");
  ASSERT_EQ(amenity.size(), 2u);
  EXPECT_EQ(amenity[0], "school");
  EXPECT_EQ(amenity[1], "clinic");
  const plan::SnapIndex index(g);
  const auto snapped = plan::snap_points(index, plan::all_points(points), 250);
  ASSERT_TRUE(snapped[0].snapped && snapped[1].snapped);
  plan::ReachWorkspace ws;
  const auto near = plan::nearest_facilities(g, {snapped[0]}, {snapped[1]}, ws);
  const double street = length_m(proj({{10.0, 50.0}, {10.001, 50.0}, {10.002, 50.0}, {10.003, 50.0}}));
  EXPECT_NEAR(near.distance_m[0], street, 1.0) << "the school and clinic sit 11 m off the street's two ends";
}

TEST(Osm, RealExtractsBuildNetworksWhoseDistancesRespectTheStraightLine) {
  const std::filesystem::path dir = PLAN_SOURCE_DIR "/../shared/data/osm";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no real OSM extracts at " << dir;
  int tried = 0;
  for (const char* name : {"porto.osm.pbf", "monaco.osm.pbf", "singapore-bayfront.osm.pbf"}) {
    const std::filesystem::path path = dir / name;
    if (!std::filesystem::exists(path)) continue;
    ++tried;
    plan::OsmNetworkReport r;
    const plan::Network g =
        plan::network_from_layer(plan::read_osm_walk_lines(path.string(), {}, nullptr, &r));
    SCOPED_TRACE(name);
    EXPECT_GT(r.kept, 100u);
    EXPECT_GT(g.edge_count(), r.kept);
    EXPECT_GT(g.summary().largest_component_nodes * 2, g.node_count())
        << "most of a city is one connected piece";
    // Shortest paths can never be shorter than the straight line between the snapped positions.
    const plan::SnapIndex index(g);
    plan::SeededRandom rng(3);
    std::vector<plan::XY> pts;
    for (int i = 0; i < 200; ++i)
      pts.push_back(g.node(static_cast<std::uint32_t>(rng.next() % g.node_count())));
    const auto snapped = plan::snap_points(index, pts, 250);
    plan::ReachWorkspace ws;
    const auto near = plan::nearest_facilities(g, {snapped[0]}, snapped, ws);
    std::size_t finite = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (near.distance_m[i] == plan::kUnreached) continue;
      ++finite;
      EXPECT_GE(near.distance_m[i] + 1e-6,
                std::hypot(snapped[i].at.x - snapped[0].at.x, snapped[i].at.y - snapped[0].at.y));
    }
    EXPECT_GT(finite, 50u);
  }
  if (!tried) GTEST_SKIP() << "none of the expected extracts in " << dir;
}
