// `plan coverage` as a user runs it: exit codes, one clear line on stderr, JSON on stdout, safe outputs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <numbers>

#include "plan/io.hpp"
#include "test_support.hpp"

using test_support::run_plan;
using test_support::TempDir;
using test_support::write_text;

namespace {

// A 4 km × 4 km square and stops in EPSG:32650 (Heze), written as GeoPackages.
struct Fixture {
  TempDir dir;
  std::string area, stops, blocks;

  Fixture() {
    const double e = 500000, n = 3900000;
    plan::Layer a;
    a.name = "area";
    a.crs = "EPSG:32650";
    a.kind = plan::GeometryKind::Polygon;
    a.features.push_back(
        {1, plan::Geometry::polygon(plan::rectangle(e - 2000, n - 2000, e + 2000, n + 2000)), {}});
    area = dir.file("area.gpkg");
    plan::write_layers(area, {a}, {});

    plan::Layer s;
    s.name = "stops";
    s.crs = "EPSG:32650";
    s.features.push_back({1, plan::Geometry::point({e, n}), {}});
    s.features.push_back({2, plan::Geometry::point({e + 600, n}), {}});
    stops = dir.file("stops.gpkg");
    plan::write_layers(stops, {s}, {});

    plan::Layer b;
    b.name = "blocks";
    b.crs = "EPSG:32650";
    b.kind = plan::GeometryKind::Polygon;
    b.fields = {{"pop", plan::FieldType::String}};
    b.features.push_back(
        {1, plan::Geometry::polygon(plan::rectangle(e - 50, n - 50, e + 50, n + 50)), {std::string("100")}});
    b.features.push_back({2,
                          plan::Geometry::polygon(plan::rectangle(e + 1500, n + 1500, e + 1600, n + 1600)),
                          {std::string("300")}});
    blocks = dir.file("blocks.gpkg");
    plan::write_layers(blocks, {b}, {});
  }
  std::string base() const { return "coverage --stops " + stops + " --area " + area; }
};

double lens_area(double r, double d) {
  return 2 * r * r * std::acos(d / (2 * r)) - d / 2 * std::sqrt(4 * r * r - d * d);
}

}  // namespace

TEST(CoverageCli, JsonReportsTheExactCoveredArea) {
  Fixture f;
  const auto r = run_plan(f.base() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const double expected = 2 * std::numbers::pi * 250000 - lens_area(500, 600);
  EXPECT_NEAR(j["covered_m2"].get<double>(), expected, 1e-3);
  EXPECT_NEAR(j["area_ratio"].get<double>(), expected / 16e6, 1e-9);
  EXPECT_EQ(j["radius_m"].get<double>(), 500);
  EXPECT_EQ(j["crs"], "EPSG:32650");
  EXPECT_EQ(j["stops_used"], 2);
  EXPECT_EQ(j["area_m2"].get<double>(), 16e6);
  EXPECT_EQ(j["excluded_m2"].get<double>(), 0);
  EXPECT_TRUE(j["population_ratio"].is_null());
  EXPECT_TRUE(j["population_total"].is_null());
  EXPECT_NE(j["definition"].get<std::string>().find("transit-metropolis"), std::string::npos);
}

TEST(CoverageCli, PopulationFromATextFieldThatHoldsNumbers) {
  Fixture f;
  const auto r = run_plan(f.base() + " --population " + f.blocks + " --population-field pop --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_DOUBLE_EQ(j["population_total"].get<double>(), 400);
  EXPECT_DOUBLE_EQ(j["population_covered"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(j["population_ratio"].get<double>(), 0.25);
}

TEST(CoverageCli, HumanSummaryByDefault) {
  Fixture f;
  const auto r = run_plan(f.base());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("area ratio"), std::string::npos) << r.out;
}

TEST(CoverageCli, MissingFileIsADataErrorNamingIt) {
  Fixture f;
  const auto r = run_plan("coverage --stops " + f.dir.file("nope.gpkg") + " --area " + f.area);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nope.gpkg"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(CoverageCli, EmptyStopsLayerIsADataError) {
  Fixture f;
  const auto empty = write_text(f.dir.file("empty.geojson"), R"({"type":"FeatureCollection","features":[]})");
  const auto r = run_plan("coverage --stops " + empty + " --area " + f.area);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("empty.geojson"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no stops"), std::string::npos) << r.err;
}

TEST(CoverageCli, NonNumericPopulationNamesFeatureAndField) {
  Fixture f;
  plan::Layer b;
  b.name = "blocks";
  b.crs = "EPSG:32650";
  b.kind = plan::GeometryKind::Polygon;
  b.fields = {{"pop", plan::FieldType::String}};
  b.features.push_back(
      {1, plan::Geometry::polygon(plan::rectangle(500000, 3900000, 500010, 3900010)), {std::string("12")}});
  b.features.push_back(
      {2, plan::Geometry::polygon(plan::rectangle(500020, 3900000, 500030, 3900010)), {std::string("lots")}});
  const auto bad = f.dir.file("bad.gpkg");
  plan::write_layers(bad, {b}, {});
  const auto r = run_plan(f.base() + " --population " + bad + " --population-field pop");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("feature 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'pop'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("lots"), std::string::npos) << r.err;
}

TEST(CoverageCli, NegativeRadiusIsAUsageError) {
  Fixture f;
  const auto r = run_plan(f.base() + " --radius -500");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--radius"), std::string::npos) << r.err;
  EXPECT_EQ(run_plan(f.base() + " --radius abc").exit_code, 2);
  EXPECT_EQ(run_plan(f.base() + " --bogus").exit_code, 2);
  EXPECT_EQ(run_plan("coverage --area " + f.area).exit_code, 2);  // no --stops
}

TEST(CoverageCli, StopsThatArePolygonsAreRejectedNamingTheType) {
  Fixture f;
  const auto r = run_plan("coverage --stops " + f.area + " --area " + f.area);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("layer 'area'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Polygon"), std::string::npos) << r.err;
}

TEST(CoverageCli, ExistingOutputIsKeptWithoutOverwrite) {
  Fixture f;
  const auto out = write_text(f.dir.file("result.gpkg"), "earlier result");
  const auto r = run_plan(f.base() + " --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--overwrite"), std::string::npos) << r.err;
  EXPECT_EQ(test_support::read_text(out), "earlier result");

  const auto again = run_plan(f.base() + " --out " + out + " --overwrite");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(plan::list_layers(out), (std::vector<std::string>{"covered", "gaps"}));
}

TEST(CoverageCli, OutputNeverReplacesAnInput) {
  Fixture f;
  const auto before = test_support::read_text(f.area);
  const auto r = run_plan(f.base() + " --out " + f.area + " --overwrite");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(test_support::read_text(f.area), before);
}

TEST(CoverageCli, OutputLayersHoldTheCoveredAndGapAreas) {
  Fixture f;
  const auto out = f.dir.file("cov.gpkg");
  ASSERT_EQ(run_plan(f.base() + " --out " + out).exit_code, 0);
  plan::ReadOptions o;
  o.target_crs = "EPSG:32650";
  o.layer = "covered";
  const double covered = plan::area_m2(plan::all_polygons(plan::read_layer(out, o)));
  o.layer = "gaps";
  const double gaps = plan::area_m2(plan::all_polygons(plan::read_layer(out, o)));
  const double exact = 2 * std::numbers::pi * 250000 - lens_area(500, 600);
  EXPECT_NEAR(covered, exact, exact * 5e-4);  // polygons are for display: 128-gons
  EXPECT_NEAR(covered + gaps, 16e6, 1);
}

TEST(CoverageCli, LonLatAndUtmInputsGiveTheSameRatio) {
  // The same stops and area once in UTM and once in WGS84: reprojection must not change the answer.
  TempDir dir;
  const double e = 500000, n = 3900000;
  std::vector<plan::XY> ring;
  for (int i = 0; i < 64; ++i) {  // a dense outline, so straight edges in either CRS describe one shape
    const double t = 2 * std::numbers::pi * i / 64;
    ring.push_back({e + 3000 * std::cos(t) * (1 + 0.2 * std::sin(3 * t)), n + 2500 * std::sin(t)});
  }
  ring.push_back(ring.front());
  std::vector<plan::XY> stops;
  for (int i = 0; i < 40; ++i) stops.push_back({e - 2500 + 137.0 * i, n - 1800 + 91.0 * ((i * 7) % 40)});

  auto write = [&](const std::string& path, const std::string& crs, auto convert) {
    plan::Layer a;
    a.name = "area";
    a.crs = crs;
    a.kind = plan::GeometryKind::Polygon;
    a.features.push_back({1, plan::Geometry::polygon({convert(ring), {}}), {}});
    plan::Layer s;
    s.name = "stops";
    s.crs = crs;
    const auto pts = convert(stops);
    for (std::size_t i = 0; i < pts.size(); ++i)
      s.features.push_back({static_cast<std::int64_t>(i + 1), plan::Geometry::point(pts[i]), {}});
    plan::write_layers(path + "-area.geojson", {a}, {});
    plan::write_layers(path + "-stops.geojson", {s}, {});
  };
  write(dir.file("utm"), "EPSG:32650", [](const std::vector<plan::XY>& p) { return p; });
  write(dir.file("ll"), "EPSG:4326",
        [](const std::vector<plan::XY>& p) { return plan::transform_points(p, "EPSG:32650", "EPSG:4326"); });

  const auto utm = run_plan("coverage --json --stops " + dir.file("utm-stops.geojson") + " --area " +
                            dir.file("utm-area.geojson"));
  const auto ll = run_plan("coverage --json --stops " + dir.file("ll-stops.geojson") + " --area " +
                           dir.file("ll-area.geojson"));
  ASSERT_EQ(utm.exit_code, 0) << utm.err;
  ASSERT_EQ(ll.exit_code, 0) << ll.err;
  const double a = nlohmann::json::parse(utm.out)["area_ratio"],
               b = nlohmann::json::parse(ll.out)["area_ratio"];
  EXPECT_EQ(nlohmann::json::parse(ll.out)["crs"], "EPSG:32650");
  EXPECT_GT(a, 0.3);
  EXPECT_NEAR(b, a, a * 5e-4);
}

TEST(CoverageCli, CrsWithoutDefinitionAsksForAssumeCrs) {
  TempDir dir;
  const auto stops = write_text(dir.file("stops.csv"), "id,WKT\n1,\"POINT (500000 3900000)\"\n");
  const auto area = write_text(dir.file("area.csv"),
                               "id,WKT\n1,\"POLYGON ((499000 3899000,501000 3899000,501000 3901000,499000 "
                               "3901000,499000 3899000))\"\n");
  const auto r = run_plan("coverage --stops " + stops + " --area " + area);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--assume-crs"), std::string::npos) << r.err;
  const auto ok =
      run_plan("coverage --json --stops " + stops + " --area " + area + " --assume-crs EPSG:32650");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NEAR(nlohmann::json::parse(ok.out)["covered_m2"].get<double>(), std::numbers::pi * 250000, 1e-3);
}

TEST(CoverageCli, InvalidAreaIsRepairedWithAWarning) {
  TempDir dir;
  const auto stops = write_text(dir.file("stops.csv"), "id,WKT\n1,\"POINT (500000 3900000)\"\n");
  // A bow tie: two triangles meeting at (500000, 3900000), each 1 km² after repair.
  const auto area = write_text(dir.file("area.csv"),
                               "id,WKT\n1,\"POLYGON ((499000 3899000,501000 3901000,501000 3899000,499000 "
                               "3901000,499000 3899000))\"\n");
  const auto r = run_plan("coverage --json --assume-crs EPSG:32650 --stops " + stops + " --area " + area);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("layer 'area', feature 1"), std::string::npos)
      << r.err;  // CSV feature ids are row numbers
  EXPECT_NEAR(nlohmann::json::parse(r.out)["area_m2"].get<double>(), 2e6, 1e-3);
}

TEST(CoverageCli, UnknownCommandAndNoArgumentsAreUsageErrors) {
  EXPECT_EQ(run_plan("").exit_code, 2);
  EXPECT_EQ(run_plan("frobnicate").exit_code, 2);
  EXPECT_EQ(run_plan("coverage --help").exit_code, 0);
}
