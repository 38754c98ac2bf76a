// Road checks: road network density against hand-computed lengths, and grade connections against
// hand-worked paths and a brute-force shortest path on small graphs.
#include "plan/roads.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "plan/error.hpp"
#include "plan/plan.hpp"
#include "test_support.hpp"

namespace {

// A road layer with fields highway, oneway, junction (OSM style) or any fields given.
struct Road {
  plan::LineString line;
  std::vector<std::string> values;
};

plan::Layer roads(const std::vector<std::string>& fields, const std::vector<Road>& list) {
  plan::Layer l;
  l.name = "roads";
  l.source = "roads.gpkg";
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Line;
  for (const std::string& f : fields) l.fields.push_back({f, plan::FieldType::String});
  std::int64_t id = 0;
  for (const Road& r : list) {
    plan::Feature f;
    f.id = ++id;
    f.geometry = plan::Geometry::line(r.line);
    for (const std::string& v : r.values) f.values.push_back(v.empty() ? plan::Value{} : plan::Value{v});
    l.features.push_back(std::move(f));
  }
  return l;
}

plan::Layer square_area(double side_m) {
  plan::Layer l;
  l.name = "central_city";
  l.source = "area.gpkg";
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Polygon;
  plan::Feature f;
  f.id = 1;
  f.geometry = plan::Geometry::polygon(plan::rectangle(0, 0, side_m, side_m));
  l.features.push_back(f);
  return l;
}

// A 1 km × 1 km area crossed by 5 north–south and 5 east–west streets 200 m apart (at 100, 300 … 900 m):
// 10 km of street on 1 km². The streets at 500 m are a primary (主干路) and a secondary (次干路); the rest
// residential (支路).
std::vector<Road> grid() {
  std::vector<Road> out;
  for (double c = 100; c < 1000; c += 200) {
    out.push_back({{{c, 0}, {c, 1000}}, {c == 500 ? "primary" : "residential", "", ""}});
    out.push_back({{{0, c}, {1000, c}}, {c == 500 ? "secondary" : "residential", "", ""}});
  }
  return out;
}

const std::vector<std::string> kOsmFields{"highway", "oneway", "junction"};

}  // namespace

TEST(RoadDensity, SquareGridIsTenKilometresPerSquareKilometre) {
  const plan::RoadDensity d = plan::road_network_density(roads(kOsmFields, grid()), square_area(1000), {});
  EXPECT_NEAR(d.area_km2, 1.0, 1e-12);
  EXPECT_NEAR(d.total_km, 10.0, 1e-9);
  EXPECT_NEAR(d.density_km_per_km2, 10.0, 1e-9);
  EXPECT_NEAR(d.class_km[0], 0.0, 1e-12);
  EXPECT_NEAR(d.class_km[1], 1.0, 1e-9);  // the primary
  EXPECT_NEAR(d.class_km[2], 1.0, 1e-9);  // the secondary
  EXPECT_NEAR(d.class_km[3], 8.0, 1e-9);
  EXPECT_EQ(d.lines_counted, 10u);
}

TEST(RoadDensity, LinesAreClippedExactlyAtTheAreaEdge) {
  std::vector<Road> r{
      {{{-500, 500}, {1500, 500}}, {"primary", "", ""}},              // 2 km long, 1 km inside
      {{{-1000, -1000}, {2000, 2000}}, {"tertiary", "", ""}},         // the diagonal: √2 km inside
      {{{2000, 0}, {3000, 0}}, {"residential", "", ""}},              // outside
      {{{500, 500}, {500, 1200}}, {"residential", "", ""}},           // 0.5 km inside
      {{{-100, 200}, {100, 200}, {100, 1300}}, {"trunk", "no", ""}},  // 0.1 + 0.8 km inside
  };
  const plan::RoadDensity d = plan::road_network_density(roads(kOsmFields, r), square_area(1000), {});
  EXPECT_NEAR(d.class_km[0], 0.9, 1e-9);
  EXPECT_NEAR(d.class_km[1], 1.0, 1e-9);
  EXPECT_NEAR(d.class_km[2], std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(d.class_km[3], 0.5, 1e-9);
  EXPECT_NEAR(d.total_km, 0.9 + 1.0 + std::sqrt(2.0) + 0.5, 1e-9);
  EXPECT_EQ(d.lines_counted, 4u);  // the line outside has no length inside
}

TEST(RoadDensity, DividedRoadsDrawnAsTwoCarriagewaysCountOnce) {
  std::vector<Road> r{
      {{{0, 400}, {1000, 400}}, {"trunk", "yes", ""}},  // eastbound carriageway
      {{{1000, 420}, {0, 420}}, {"trunk", "yes", ""}},  // westbound carriageway
      {{{0, 600}, {1000, 600}}, {"motorway", "", ""}},  // implied one-way
      {{{1000, 620}, {0, 620}}, {"motorway", "", ""}},
      {{{200, 0}, {200, 1000}}, {"residential", "yes", ""}},         // a one-way side street counts whole
      {{{800, 0}, {800, 1000}}, {"primary", "-1", ""}},              // one carriageway of a divided arterial
      {{{900, 0}, {900, 300}}, {"secondary", "yes", "roundabout"}},  // a roundabout counts whole
      {{{100, 0}, {100, 1000}}, {"secondary", "no", ""}},
  };
  const plan::RoadDensity d = plan::road_network_density(roads(kOsmFields, r), square_area(1000), {});
  EXPECT_NEAR(d.class_km[0], 2.0, 1e-9);  // 4 carriageways of 1 km, halved
  EXPECT_NEAR(d.class_km[1], 0.5, 1e-9);
  EXPECT_NEAR(d.class_km[2], 1.3, 1e-9);
  EXPECT_NEAR(d.class_km[3], 1.0, 1e-9);
  EXPECT_NEAR(d.divided_carriageway_km, 5.0, 1e-9);
  plan::RoadDensityOptions whole;
  whole.halve_divided = false;
  EXPECT_NEAR(plan::road_network_density(roads(kOsmFields, r), square_area(1000), whole).total_km, 7.3, 1e-9);
}

TEST(RoadDensity, ClassFieldIsReadThroughTheMapping) {
  std::vector<Road> r{
      {{{100, 0}, {100, 1000}}, {"A"}},
      {{{300, 0}, {300, 1000}}, {"B"}},
      {{{500, 0}, {500, 1000}}, {"C"}},
      {{{700, 0}, {700, 1000}}, {"X"}},
  };
  plan::RoadDensityOptions o;
  o.class_field = "grade";
  o.class_map = {{"A", "快速路"}, {"B", "arterial"}, {"C", "支路"}};
  const plan::RoadDensity d = plan::road_network_density(roads({"grade"}, r), square_area(2000), o);
  EXPECT_NEAR(d.area_km2, 4.0, 1e-12);
  EXPECT_NEAR(d.total_km, 3.0, 1e-9);
  EXPECT_NEAR(d.density_km_per_km2, 0.75, 1e-9);
  EXPECT_EQ(d.lines_not_counted, 1u);
  EXPECT_EQ(d.not_counted_values.at("X"), 1u);
  // Without a mapping the values must be class names themselves.
  std::vector<Road> named{{{{100, 0}, {100, 1000}}, {"主干路"}}, {{{300, 0}, {300, 1000}}, {"Local"}}};
  o.class_map.clear();
  const plan::RoadDensity n = plan::road_network_density(roads({"grade"}, named), square_area(1000), o);
  EXPECT_NEAR(n.class_km[1], 1.0, 1e-9);
  EXPECT_NEAR(n.class_km[3], 1.0, 1e-9);
  o.class_map = {{"A", "boulevard"}};
  EXPECT_THROW(plan::road_network_density(roads({"grade"}, r), square_area(1000), o), plan::UsageError);
}

TEST(RoadDensity, MissingClassFieldNamesFileLayerAndField) {
  plan::RoadDensityOptions o;
  o.class_field = "dengji";
  try {
    plan::road_network_density(roads(kOsmFields, grid()), square_area(1000), o);
    FAIL() << "expected a DataError";
  } catch (const plan::DataError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("roads.gpkg"), std::string::npos) << m;
    EXPECT_NE(m.find("'roads'"), std::string::npos) << m;
    EXPECT_NE(m.find("dengji"), std::string::npos) << m;
  }
  // No class field and no highway tags either.
  EXPECT_THROW(
      plan::road_network_density(roads({"name"}, {{{{0, 0}, {1, 1}}, {"x"}}}), square_area(1000), {}),
      plan::DataError);
}

TEST(RoadDensity, AreaWithoutPolygonsIsAnErrorNamingItsLayer) {
  plan::Layer lines = roads(kOsmFields, grid());
  lines.name = "central_city";
  lines.source = "city.geojson";
  try {
    plan::road_network_density(roads(kOsmFields, grid()), lines, {});
    FAIL() << "expected a DataError";
  } catch (const plan::DataError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("city.geojson"), std::string::npos) << m;
    EXPECT_NE(m.find("central_city"), std::string::npos) << m;
    EXPECT_NE(m.find("polygon"), std::string::npos) << m;
  }
  plan::Layer empty = square_area(1000);
  empty.features.clear();
  EXPECT_THROW(plan::road_network_density(roads(kOsmFields, grid()), empty, {}), plan::DataError);
  EXPECT_THROW(plan::road_network_density(square_area(10), square_area(1000), {}), plan::DataError);
}

// ---- grade connections -----------------------------------------------------------------------------

namespace {

// C (central city, 0,0) ── primary, 10 km ── S (county seat, 10000,0), with a vertex at (5000,0).
// T (key town, 5000,5000) on a short secondary stub, joined to (5000,0) by a 5 km road of `link_class`.
//
//            T ─── stub (secondary)
//            │  link_class
//   C ───────┴─────── S
std::vector<Road> town_roads(const std::string& link_class) {
  return {{{{0, 0}, {5000, 0}, {10000, 0}}, {"primary", "", ""}},
          {{{4900, 5000}, {5000, 5000}, {5100, 5000}}, {"secondary", "", ""}},
          {{{5000, 5000}, {5000, 0}}, {link_class, "", ""}}};
}

std::vector<plan::RoadSettlement> town_settlements() {
  return {{1, "C", 1, "district", {0, 0}},
          {2, "S", 2, "county", {10000, 0}},
          {3, "T", 3, "county", {5000, 5000}}};
}

}  // namespace

TEST(GradeConnections, TownReachableOnlyThroughATertiaryRoadFails) {
  const plan::GradeConnections g =
      plan::check_grade_connections(roads(kOsmFields, town_roads("tertiary")), town_settlements(), {});
  ASSERT_EQ(g.towns.size(), 1u);
  const plan::TownConnection& t = g.towns[0];
  EXPECT_EQ(t.name, "T");
  EXPECT_FALSE(t.to_central.connected);
  EXPECT_EQ(t.to_central.gap, plan::ConnectionGap::NoPath);
  EXPECT_EQ(t.to_seat.target, "S");
  EXPECT_EQ(t.to_seat.gap, plan::ConnectionGap::NoPath);
  EXPECT_EQ(g.connected, 0u);
  EXPECT_EQ(g.lines_kept, 2u);

  // The same road as a secondary (二级) joins it: 5 km up, then 5 km either way.
  const plan::GradeConnections ok =
      plan::check_grade_connections(roads(kOsmFields, town_roads("secondary")), town_settlements(), {});
  EXPECT_TRUE(ok.towns[0].connected());
  EXPECT_NEAR(ok.towns[0].to_central.length_m, 10000, 1e-6);
  EXPECT_NEAR(ok.towns[0].to_seat.length_m, 10000, 1e-6);
  EXPECT_EQ(ok.connected, 1u);
  // Requiring grade I keeps only a trunk from T down to (5000,0): T lies on it, but the central city is
  // 5 km from it.
  plan::GradeOptions grade1;
  grade1.min_grade = 1;
  const plan::GradeConnections g1 =
      plan::check_grade_connections(roads(kOsmFields, town_roads("trunk")), town_settlements(), grade1);
  EXPECT_EQ(g1.towns[0].to_central.gap, plan::ConnectionGap::TargetTooFar);
  EXPECT_NEAR(g1.towns[0].to_central.town_snap_m, 0, 1e-9);
  EXPECT_NEAR(g1.towns[0].to_central.target_snap_m, 5000, 1e-9);
}

TEST(GradeConnections, TownFarFromAnyRoadAndSeatOfTheCentralCity) {
  std::vector<plan::RoadSettlement> s = town_settlements();
  s.push_back({4, "U", 3, "district", {0, 3000}});  // 3 km from the nearest road; its seat is C
  plan::GradeOptions o;
  o.max_snap_m = 500;
  const plan::GradeConnections g =
      plan::check_grade_connections(roads(kOsmFields, town_roads("secondary")), s, o);
  ASSERT_EQ(g.towns.size(), 2u);
  const plan::TownConnection& u = g.towns[1];
  EXPECT_EQ(u.to_seat.target, "C");
  EXPECT_EQ(u.to_central.gap, plan::ConnectionGap::TownTooFar);
  EXPECT_NEAR(u.to_central.town_snap_m, 3000, 1e-9);
}

TEST(GradeConnections, ClassFieldWithGradeMapping) {
  std::vector<Road> r{{{{0, 0}, {5000, 0}, {10000, 0}}, {"G"}},
                      {{{4900, 5000}, {5000, 5000}, {5100, 5000}}, {"X"}},
                      {{{5000, 5000}, {5000, 0}}, {"X"}}};
  plan::GradeOptions o;
  o.class_field = "jsdj";
  o.grade_map = {{"G", "一级公路"}, {"X", "二级"}};
  EXPECT_TRUE(plan::check_grade_connections(roads({"jsdj"}, r), town_settlements(), o).towns[0].connected());
  o.grade_map["X"] = "三级公路";
  EXPECT_FALSE(plan::check_grade_connections(roads({"jsdj"}, r), town_settlements(), o).towns[0].connected());
  o.class_field = "dengji";
  EXPECT_THROW(plan::check_grade_connections(roads({"jsdj"}, r), town_settlements(), o), plan::DataError);
}

// Brute force: random grids with random grades; each town's path length along roads of grade ≤ II equals
// Floyd–Warshall over the same edges.
TEST(GradeConnections, PathLengthsMatchFloydWarshallOnRandomGrids) {
  const char* classes[] = {"motorway", "trunk", "primary", "secondary", "tertiary", "residential"};
  std::mt19937 rng(20261202);
  std::size_t joined = 0, apart = 0;  // links found and not found over all trials: both must occur
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 5;
    std::vector<plan::XY> node;
    std::uniform_real_distribution<double> jitter(-150, 150);
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) node.push_back({i * 1000 + jitter(rng), j * 1000 + jitter(rng)});
    const std::size_t V = node.size();
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> dist(V * V, inf);
    for (std::size_t v = 0; v < V; ++v) dist[v * V + v] = 0;
    std::vector<Road> r;
    auto edge = [&](std::size_t a, std::size_t b) {
      const std::size_t c = rng() % 6;
      if (rng() % 5 == 0) return;  // some streets missing
      r.push_back({{node[a], node[b]}, {classes[c], "", ""}});
      if (c <= 3) {  // motorway .. secondary: grade II or better
        const double len = std::hypot(node[a].x - node[b].x, node[a].y - node[b].y);
        dist[a * V + b] = std::min(dist[a * V + b], len);
        dist[b * V + a] = dist[a * V + b];
      }
    };
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        if (i + 1 < n) edge(j * n + i, j * n + i + 1);
        if (j + 1 < n) edge(j * n + i, (j + 1) * n + i);
      }
    for (std::size_t k = 0; k < V; ++k)
      for (std::size_t a = 0; a < V; ++a)
        for (std::size_t b = 0; b < V; ++b)
          dist[a * V + b] = std::min(dist[a * V + b], dist[a * V + k] + dist[k * V + b]);
    // Settlements on nodes: central city at node 0, the seat of county "k" at the last node.
    std::vector<plan::RoadSettlement> s{{0, "C", 1, "d", node[0]}, {1, "S", 2, "k", node[V - 1]}};
    for (std::size_t t = 5; t < V - 1; t += 3)
      s.push_back({static_cast<std::int64_t>(t), "T", 3, "k", node[t]});
    plan::GradeOptions o;
    o.max_snap_m = 1e-6;  // only a road of the grade through the node itself
    const plan::GradeConnections g = plan::check_grade_connections(roads(kOsmFields, r), s, o);
    ASSERT_EQ(g.towns.size(), s.size() - 2);
    for (std::size_t k = 0; k < g.towns.size(); ++k) {
      const std::size_t t = static_cast<std::size_t>(g.towns[k].id);
      const double to_c = dist[t * V + 0], to_s = dist[t * V + V - 1];
      const plan::GradeLink& lc = g.towns[k].to_central;
      const plan::GradeLink& ls = g.towns[k].to_seat;
      if (lc.gap == plan::ConnectionGap::TownTooFar || lc.gap == plan::ConnectionGap::TargetTooFar) {
        // A node no road of the grade passes through: brute force has no finite path from it either
        // unless it is the same node.
        EXPECT_TRUE(std::isinf(to_c)) << "trial " << trial << " town " << t;
        continue;
      }
      EXPECT_EQ(lc.connected, std::isfinite(to_c)) << "trial " << trial << " town " << t;
      ++(lc.connected ? joined : apart);
      if (lc.connected) {
        EXPECT_NEAR(lc.length_m, to_c, 1e-6);
      }
      if (ls.gap == plan::ConnectionGap::TargetTooFar) {
        EXPECT_TRUE(std::isinf(to_s));
        continue;
      }
      EXPECT_EQ(ls.connected, std::isfinite(to_s)) << "trial " << trial << " town " << t;
      if (ls.connected) {
        EXPECT_NEAR(ls.length_m, to_s, 1e-6);
      }
    }
  }
  EXPECT_GT(joined, 10u);
  EXPECT_GT(apart, 0u);
}

// ---- the command line -------------------------------------------------------------------------------

namespace {

// The 1 km square at (500000, 3900000) in UTM 50N and the 200 m street grid of grid() over it, as GeoJSON
// files in EPSG:32650.
std::string crs_member() {
  return R"("crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}},)";
}

void write_grid_files(const test_support::TempDir& dir) {
  std::string roads = R"({"type": "FeatureCollection", )" + crs_member() + R"( "features": [)";
  bool first = true;
  for (const Road& r : grid()) {
    char buf[400];
    std::snprintf(
        buf, sizeof buf,
        R"(%s{"type": "Feature", "properties": {"highway": "%s", "dengji": "%s"}, "geometry": {"type": )"
        R"("LineString", "coordinates": [[%.1f, %.1f], [%.1f, %.1f]]}})",
        first ? "" : ",", r.values[0].c_str(), r.values[0] == "residential" ? "L" : "A", 500000 + r.line[0].x,
        3900000 + r.line[0].y, 500000 + r.line[1].x, 3900000 + r.line[1].y);
    roads += buf;
    first = false;
  }
  test_support::write_text(dir.file("roads.geojson"), roads + "]}");
  test_support::write_text(
      dir.file("area.geojson"),
      R"({"type": "FeatureCollection", )" + crs_member() +
          R"( "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", )"
          R"("coordinates": [[[500000, 3900000], [501000, 3900000], [501000, 3901000], )"
          R"([500000, 3901000], [500000, 3900000]]]}}]})");
}

}  // namespace

TEST(RoadsCli, DensityOfTheGridIsTen) {
  test_support::TempDir dir;
  write_grid_files(dir);
  const auto r = test_support::run_plan("roads density --roads " + dir.file("roads.geojson") + " --area " +
                                        dir.file("area.geojson") + " --crs EPSG:32650 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["density_km_per_km2"].get<double>(), 10.0, 1e-6);
  EXPECT_NEAR(j["area_km2"].get<double>(), 1.0, 1e-9);
  // A class field with a mapping: A → 主干路 counts, L is not mapped.
  const auto m = test_support::run_plan("roads density --roads " + dir.file("roads.geojson") + " --area " +
                                        dir.file("area.geojson") +
                                        " --crs EPSG:32650 --class-field dengji --class-map A=主干路 --json");
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_NEAR(nlohmann::json::parse(m.out)["total_km"].get<double>(), 2.0, 1e-6);
}

TEST(RoadsCli, MissingClassFieldAndLineAreaAreDataErrors) {
  test_support::TempDir dir;
  write_grid_files(dir);
  const auto r = test_support::run_plan("roads density --roads " + dir.file("roads.geojson") + " --area " +
                                        dir.file("area.geojson") + " --class-field jsdj");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("roads.geojson"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'jsdj'"), std::string::npos) << r.err;
  const auto a = test_support::run_plan("roads density --roads " + dir.file("roads.geojson") + " --area " +
                                        dir.file("roads.geojson"));
  EXPECT_EQ(a.exit_code, 1);
  EXPECT_NE(a.err.find("must be a polygon"), std::string::npos) << a.err;
  const auto u =
      test_support::run_plan("roads density --roads " + dir.file("roads.geojson") + " --area " +
                             dir.file("area.geojson") + " --class-field dengji --class-map A=avenue");
  EXPECT_EQ(u.exit_code, 2);
}

TEST(RoadsCli, PlanCheckSaysTheRoadChecksNeedARoadLayer) {
  const auto r = test_support::run_plan(std::string("check ") + PLAN_SOURCE_DIR + "/data/heze --json");
  ASSERT_NE(r.out.find("{"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["roads"]["status"], "no data");
  EXPECT_NE(j["roads"]["needs"].get<std::string>().find("--roads"), std::string::npos);
  EXPECT_EQ(j["roads"]["density"]["target_km_per_km2"], 8);
  EXPECT_EQ(j["roads"]["grade_connection"]["min_grade"], 2);
  EXPECT_NE(j["roads"]["density"]["source"].get<std::string>().find("line 316"), std::string::npos);
}

TEST(RoadsCli, PlanCheckMeasuresTheDemonstrationCity) {
  const std::string heze = std::string(PLAN_SOURCE_DIR) + "/data/heze";
  const auto r = test_support::run_plan("check " + heze + " --roads " + heze +
                                        "/demo/streets.geojson --uniform-class 支路 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["roads"]["status"], "checked");
  EXPECT_TRUE(j["roads"]["density"]["area_synthetic"].get<bool>());
  const double density = j["roads"]["density"]["measured"]["density_km_per_km2"].get<double>();
  EXPECT_GT(density, 5);  // a street grid about 250 m apart: about 8 km/km²
  EXPECT_LT(density, 11);
  EXPECT_EQ(j["roads"]["density"]["met"].get<bool>(), density >= 8);
  // --uniform-class gives no highway grades: the grade check says what it needs.
  EXPECT_EQ(j["roads"]["grade_connection"]["status"], "no data");
}

TEST(RoadsCli, LiechtensteinMunicipalitiesOnGradeTwoRoads) {
  const std::string data = test_support::shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "../shared/data is absent: no Liechtenstein extract to read";
  const auto r =
      test_support::run_plan("roads connect --roads " + data + "/osm/liechtenstein.osm.pbf --settlements " +
                             PLAN_SOURCE_DIR + "/tests/data/liechtenstein_municipalities.geojson --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["towns"].size(), 9u);
  for (const auto& t : j["towns"])
    for (const char* k : {"to_central", "to_seat"})
      if (t[k]["connected"].get<bool>()) {
        EXPECT_GT(t[k]["length_m"].get<double>(), 0) << t["name"];
      }
}

// ---- the plan's road targets ------------------------------------------------------------------------

TEST(RoadTargets, HezePlanCarriesBothTargetsWithTheirLines) {
  const plan::Plan p = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  ASSERT_TRUE(p.meta.road_targets.density_km_per_km2.has_value());
  EXPECT_EQ(*p.meta.road_targets.density_km_per_km2, 8);
  EXPECT_NE(p.meta.road_targets.density_source.find("line 316"), std::string::npos);
  ASSERT_TRUE(p.meta.road_targets.min_grade.has_value());
  EXPECT_EQ(*p.meta.road_targets.min_grade, 2);
  EXPECT_NE(p.meta.road_targets.grade_source.find("line 317"), std::string::npos);
}

TEST(RoadTargets, BadTargetsInPlanJsonNameTheField) {
  test_support::TempDir dir;
  std::filesystem::copy_file(PLAN_SOURCE_DIR "/data/heze/boundaries.geojson", dir.file("boundaries.geojson"));
  auto message = [&](const std::string& targets) {
    test_support::write_text(dir.file("plan.json"), R"({"name_zh":"x","road_targets":)" + targets + "}");
    try {
      plan::load_plan(dir.path().string(), {});
    } catch (const plan::DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string d = message(R"({"density":{"target_km_per_km2":-8}})");
  EXPECT_NE(d.find("plan.json"), std::string::npos) << d;
  EXPECT_NE(d.find("density.target_km_per_km2"), std::string::npos) << d;
  const std::string g = message(R"({"grade_connection":{"min_grade":"II"}})");
  EXPECT_NE(g.find("grade_connection.min_grade"), std::string::npos) << g;
  EXPECT_NE(message(R"({"grade_connection":{"min_grade":7}})").find("min_grade"), std::string::npos);
  EXPECT_NE(message(R"([8])").find("road_targets"), std::string::npos);
}
