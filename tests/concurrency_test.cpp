// The library's public functions called from several threads at once, on shared inputs (one Network, one
// SnapIndex, one CoverageInput) and on separate ones: every thread must get exactly the single-threaded
// answer. Run under ThreadSanitizer by scripts/tsan.sh, which also reports any data race.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>
#include <thread>

#include "plan/coverage.hpp"
#include "plan/io.hpp"
#include "plan/isochrone.hpp"
#include "plan/network.hpp"
#include "plan/plan.hpp"
#include "plan/proposals.hpp"
#include "plan/reach.hpp"

namespace {

constexpr int kThreads = 4;

// Runs f(t) on kThreads threads at once.
void on_threads(const std::function<void(int)>& f) {
  std::vector<std::thread> pool;
  for (int t = 0; t < kThreads; ++t) pool.emplace_back(f, t);
  for (std::thread& th : pool) th.join();
}

// A 12 × 12 street grid, 100 m blocks.
plan::Network grid_network() {
  plan::NetworkBuilder b;
  for (int i = 0; i <= 12; ++i) {
    b.add_line({{0, 100.0 * i}, {1200, 100.0 * i}}, i);
    b.add_line({{100.0 * i, 0}, {100.0 * i, 1200}}, 100 + i);
  }
  return b.build();
}

std::vector<plan::XY> scattered(int n, double seed) {
  std::vector<plan::XY> pts;
  for (int i = 0; i < n; ++i)
    pts.push_back({std::fmod(37.3 * i + seed, 1200.0), std::fmod(91.7 * i + 3 * seed, 1200.0)});
  return pts;
}

}  // namespace

TEST(Concurrency, CoverageOnSharedInputGivesTheSameAnswerOnEveryThread) {
  plan::CoverageInput in;
  in.stops = scattered(60, 5);
  in.area = {plan::rectangle(0, 0, 1200, 1200)};
  in.exclusions = {plan::rectangle(100, 100, 300, 300)};
  plan::CoverageOptions opt;
  opt.radius_m = 150;
  opt.exclusion_min_area_m2 = 0;
  opt.want_polygons = true;  // GEOS through the per-thread context
  const plan::CoverageResult ref = plan::compute_coverage(in, opt);
  std::vector<plan::CoverageResult> got(kThreads);
  on_threads([&](int t) { got[t] = plan::compute_coverage(in, opt); });
  for (const auto& r : got) {
    EXPECT_EQ(r.covered_m2, ref.covered_m2);
    EXPECT_EQ(r.area_m2, ref.area_m2);
    EXPECT_EQ(plan::area_m2(r.gaps), plan::area_m2(ref.gaps));
  }
}

TEST(Concurrency, ReachOnASharedNetworkWithOneWorkspacePerThread) {
  const plan::Network net = grid_network();
  const plan::SnapIndex index(net);
  const auto facilities = plan::snap_points(index, scattered(8, 11), 250);
  std::vector<std::vector<plan::SnapPoint>> homes;
  for (int t = 0; t < kThreads; ++t) homes.push_back(plan::snap_points(index, scattered(300, 17 + t), 250));
  std::vector<plan::NearestFacilities> ref(kThreads), got(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    plan::ReachWorkspace ws;
    ref[t] = plan::nearest_facilities(net, facilities, homes[t], ws);
  }
  on_threads([&](int t) {
    plan::ReachWorkspace ws;  // workspaces are per thread; the network and the index are shared
    const auto again = plan::snap_points(index, scattered(300, 17 + t), 250);
    got[t] = plan::nearest_facilities(net, facilities, again, ws);
  });
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(got[t].distance_m, ref[t].distance_m);
    EXPECT_EQ(got[t].facility, ref[t].facility);
  }
}

TEST(Concurrency, IsochronesOnASharedNetworkFromSeveralThreads) {
  const plan::Network net = grid_network();
  const plan::SnapIndex index(net);
  const auto origins = plan::snap_points(index, scattered(6, 3), 250);
  plan::IsochroneOptions opt;
  opt.thresholds = {200, 400};
  opt.per_origin = true;
  opt.threads = 2;  // its own worker threads inside each call, too
  const auto ref = plan::compute_isochrones(net, origins, opt);
  std::vector<std::vector<plan::Isochrone>> got(kThreads);
  on_threads([&](int t) { got[t] = plan::compute_isochrones(net, origins, opt); });
  for (const auto& g : got) {
    ASSERT_EQ(g.size(), ref.size());
    for (std::size_t i = 0; i < g.size(); ++i) EXPECT_EQ(g[i].area_m2, ref[i].area_m2);
  }
}

TEST(Concurrency, PlanLoadingFromSeveralThreads) {
  const plan::Plan ref = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  std::vector<std::size_t> settlements(kThreads), indicators(kThreads);
  on_threads([&](int t) {
    const plan::Plan p = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
    settlements[t] = p.settlements.size();
    indicators[t] = p.indicators.size();
  });
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(settlements[t], ref.settlements.size());
    EXPECT_EQ(indicators[t], ref.indicators.size());
  }
}

// A facility proposal run finds its catchments on several threads; a cancel from another thread (a viewer's
// Cancel button) mid-run ends it with ProposalCancelled, and a run beside it on the same network is
// unaffected. The progress callback waits for the cancel, so the cancel always lands mid-run.
TEST(Concurrency, FacilityProposalsCancelledFromAnotherThreadMidRun) {
  const plan::Network net = grid_network();
  const plan::SnapIndex index(net);
  plan::FacilityProposalInput in;
  in.network = &net;
  in.homes = plan::snap_points(index, scattered(600, 5), 250);
  in.candidates = plan::snap_points(index, scattered(400, 23), 250);
  plan::ProposalOptions plain;
  plain.count = 5;
  const plan::FacilityProposalResult ref = plan::propose_facilities(in, 300, plain);

  std::atomic<bool> cancel{false}, asked{false};
  plan::ProposalOptions o = plain;
  o.cancel = &cancel;
  o.progress = [&](double f) {
    if (f > 0.1 && f < 1 && !asked) {  // mid-run: as a rule while the catchments are found
      asked = true;
      while (!cancel) std::this_thread::yield();
    }
  };
  std::thread button([&] {
    while (!asked) std::this_thread::yield();
    cancel = true;
  });
  plan::FacilityProposalResult beside;
  std::thread other([&] { beside = plan::propose_facilities(in, 300, plain); });
  EXPECT_THROW(plan::propose_facilities(in, 300, o), plan::ProposalCancelled);
  button.join();
  other.join();
  ASSERT_EQ(beside.proposals.size(), ref.proposals.size());
  for (std::size_t i = 0; i < ref.proposals.size(); ++i) {
    EXPECT_EQ(beside.proposals[i].candidate, ref.proposals[i].candidate);
    EXPECT_EQ(beside.proposals[i].covered_homes, ref.proposals[i].covered_homes);
  }
}

// Two sources read at once, as plan reach reads its homes beside its network: a GeoPackage of points
// (read through its Arrow stream) and one of lines, each as read alone, in the CRS the lines' stored
// extent gives (plan::stored_metric_crs, the one reading them without a target chooses).
TEST(Concurrency, ReadingTwoSourcesAtOnce) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("plan_concurrency_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  plan::Layer homes{"homes", "", "EPSG:4326", plan::GeometryKind::Point, {{"n", plan::FieldType::Integer}},
                    {}};
  plan::Layer streets{"streets", "", "EPSG:4326", plan::GeometryKind::Line, {}, {}};
  for (int i = 0; i < 20000; ++i) {
    plan::Feature f;
    f.id = i + 1;
    f.geometry.kind = plan::GeometryKind::Point;
    f.geometry.points = {{117.0 + (i % 200) * 1e-4, 36.4 + (i / 200) * 1e-4}};
    f.values = {std::int64_t{i}};
    homes.features.push_back(f);
  }
  for (int i = 0; i < 2000; ++i) {
    plan::Feature f;
    f.id = i + 1;
    f.geometry.kind = plan::GeometryKind::Line;
    f.geometry.lines = {{{117.0 + i * 1e-5, 36.4}, {117.0 + i * 1e-5, 36.42}}};
    streets.features.push_back(f);
  }
  const std::string homes_path = (dir / "homes.gpkg").string(),
                    streets_path = (dir / "streets.gpkg").string();
  plan::write_layers(homes_path, {homes}, {});
  plan::write_layers(streets_path, {streets}, {});

  const plan::Layer streets_ref = plan::read_layer(streets_path, {});
  ASSERT_EQ(plan::stored_metric_crs(streets_path, {}), streets_ref.crs);
  plan::ReadOptions in_crs;
  in_crs.target_crs = streets_ref.crs;
  const plan::Layer homes_ref = plan::read_layer(homes_path, in_crs);
  plan::Layer homes_got, streets_got;
  std::thread aside([&] { homes_got = plan::read_layer(homes_path, in_crs); });
  streets_got = plan::read_layer(streets_path, in_crs);
  aside.join();
  std::filesystem::remove_all(dir);
  ASSERT_EQ(homes_got.features.size(), homes_ref.features.size());
  for (std::size_t i = 0; i < homes_ref.features.size(); ++i) {
    EXPECT_EQ(homes_got.features[i].id, homes_ref.features[i].id);
    EXPECT_EQ(homes_got.features[i].geometry.points[0].x, homes_ref.features[i].geometry.points[0].x);
    EXPECT_EQ(homes_got.features[i].geometry.points[0].y, homes_ref.features[i].geometry.points[0].y);
  }
  ASSERT_EQ(streets_got.features.size(), streets_ref.features.size());
  for (std::size_t i = 0; i < streets_ref.features.size(); ++i)
    EXPECT_EQ(streets_got.features[i].geometry.lines, streets_ref.features[i].geometry.lines);
}

// Two GeoPackages written at once, each write ordering its spatial index on a thread of its own while its
// rows go in: both indexes pass SQLite's own rtreecheck, hold every point, and answer a window query with
// the points a scan finds.
TEST(Concurrency, WritingTwoGeoPackagesAtOnce) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("plan_concurrency_w_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::vector<plan::Layer> layers;
  for (int l = 0; l < 2; ++l) {
    plan::Layer homes{"homes", "", "EPSG:32650", plan::GeometryKind::Point, {}, {}};
    for (const plan::XY& p : scattered(20000, 1.5 + l)) {
      plan::Feature f;
      f.geometry.kind = plan::GeometryKind::Point;
      f.geometry.points = {p};
      homes.features.push_back(f);
    }
    layers.push_back(std::move(homes));
  }
  std::vector<std::string> paths{(dir / "a.gpkg").string(), (dir / "b.gpkg").string()};
  std::thread aside([&] { plan::write_layers(paths[1], {layers[1]}, {}); });
  plan::write_layers(paths[0], {layers[0]}, {});
  aside.join();

  const double x0 = 301.3717, x1 = 499.7123, y0 = 700.1361, y1 = 800.5939;  // the query window
  const std::string window_sql =
      "SELECT rtreecheck('rtree_homes_geom'), (SELECT count(*) FROM "
      "rtree_homes_geom), (SELECT count(*) FROM rtree_homes_geom WHERE maxx >= " +
      std::to_string(x0) + " AND minx <= " + std::to_string(x1) + " AND maxy >= " + std::to_string(y0) +
      " AND miny <= " + std::to_string(y1) + ")";
  for (int l = 0; l < 2; ++l) {
    SCOPED_TRACE(paths[l]);
    std::size_t in_window = 0;
    for (const plan::Feature& f : layers[l].features) {
      const plan::XY p = f.geometry.points[0];
      // None so near an edge that the index's float boxes (rounded outwards, ~6e-5 here) could cross it.
      for (double edge : {p.x - x0, p.x - x1, p.y - y0, p.y - y1}) ASSERT_GT(std::abs(edge), 1e-3);
      in_window += p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
    }
    ASSERT_GT(in_window, 0u);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(paths[l].c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, window_sql.c_str(), -1, &s, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "ok");
    EXPECT_EQ(sqlite3_column_int(s, 1), 20000);
    EXPECT_EQ(static_cast<std::size_t>(sqlite3_column_int(s, 2)), in_window);
    sqlite3_finalize(s);
    sqlite3_close(db);
  }
  std::filesystem::remove_all(dir);
}
