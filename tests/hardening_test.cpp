// Regression tests for what the fuzzers (fuzz/) found, each named after the shape of the input that broke
// the code. The fuzz inputs themselves are kept in fuzz/corpus/<target>/ so the fuzzers replay them.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>

#include "access/street_buffer.hpp"
#include "plan/coverage.hpp"
#include "plan/error.hpp"
#include "plan/indicators.hpp"
#include "plan/io.hpp"
#include "plan/network.hpp"
#include "plan/reach.hpp"
#include "test_support.hpp"

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

plan::CoverageInput one_stop_in_square(plan::XY stop) {
  plan::CoverageInput in;
  in.stops = {stop};
  in.area = {plan::rectangle(-1000, -1000, 1000, 1000)};
  return in;
}

}  // namespace

TEST(Hardening, StopWithNaNCoordinateIsRefusedNotCountedAsUncovered) {
  // Unchecked, the NaN stop covered nothing and the area came back 0 % covered, a plausible figure.
  EXPECT_THROW(plan::compute_coverage(one_stop_in_square({kNaN, 0}), {}), plan::UsageError);
  EXPECT_THROW(plan::compute_coverage(one_stop_in_square({0, std::numeric_limits<double>::infinity()}), {}),
               plan::UsageError);
}

TEST(Hardening, AreaVertexAt1e15IsRefused) {
  // Found by fuzz_coverage: a study area reaching 1e15 m with a small radius made the disk union's edge
  // walk cast 3.6e9 pieces into an int (undefined behaviour) and would then walk them all.
  plan::CoverageInput in = one_stop_in_square({0, 0});
  in.area = {plan::rectangle(-1000, -1000, 1e15, 1000)};
  plan::CoverageOptions opt;
  opt.radius_m = 0.01;
  try {
    plan::compute_coverage(in, opt);
    FAIL() << "a 1e15 m coordinate was measured";
  } catch (const plan::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("study-area polygon 0"), std::string::npos) << e.what();
  }
}

TEST(Hardening, StudyAreaFarLargerThanTheStopsExtentStillMeasuresExactly) {
  // The same edge walk, on a legal but lopsided input: a 2 × 10⁸ m wide area around one 1 m circle. The
  // covered area is the whole disk, π m², whatever the area's size.
  plan::CoverageInput in = one_stop_in_square({0, 0});
  in.area = {plan::rectangle(-1e8, -1, 1e8, 1e8)};
  plan::CoverageOptions opt;
  opt.radius_m = 1;
  const plan::CoverageResult r = plan::compute_coverage(in, opt);
  EXPECT_NEAR(r.covered_m2, std::numbers::pi, 1e-6);
}

TEST(Hardening, NetworkLineWithVertexAt1e15IsRefusedNamingTheFeature) {
  // Found by fuzz_network: such a line built, and the isochrone's capsule union then cast 1e19 into int64.
  plan::NetworkBuilder b;
  try {
    b.add_line({{0, 0}, {1e15, 0}}, 42);
    FAIL() << "a 1e15 m vertex was accepted";
  } catch (const plan::DataError& e) {
    EXPECT_EQ(e.where().feature_id, 42);
  }
  EXPECT_THROW(b.add_line({{0, 0}, {kNaN, 0}}, 43), plan::DataError);
}

TEST(Hardening, CapsuleUnionAtTheLargestAcceptedCoordinateMeasuresTheCapsule) {
  // Found by fuzz_network: at 1e15 m the union's cell numbers overflowed int64. Inputs now stop at
  // ±kMaxCoordinate_m (1e9 m), where a 1 km segment's capsule of half-width 1 m must still come out right:
  // between the rectangle (2000 m²) and the rectangle plus the round ends (2000 + π m²).
  plan::access::CapsuleUnion u(1, 8);
  const double x = plan::kMaxCoordinate_m;
  u.add({{{x - 1000, x}, {x, x}}});
  const auto polygons = u.polygons();
  ASSERT_TRUE(polygons.has_value());
  const double a = plan::area_m2(*polygons);
  EXPECT_GT(a, 2000 - 1e-3);
  EXPECT_LT(a, 2000 + std::numbers::pi);
}

TEST(Hardening, PolygonWithNaNVertexIsAnErrorNamingFileLayerAndFeature) {
  // A GeoPackage stores NaN; before, MakeValid failed with a GEOS message naming nothing.
  test_support::TempDir dir;
  const std::string path = dir.file("nan.gpkg");
  GDALAllRegister();
  {
    GDALDatasetUniquePtr ds(
        GetGDALDriverManager()->GetDriverByName("GPKG")->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(32650);
    OGRLayer* layer = ds->CreateLayer("area", &srs, wkbPolygon, nullptr);
    OGRLinearRing ring;
    for (auto [x, y] : {std::pair{500000.0, 3900000.0},
                        {501000.0, 3900000.0},
                        {kNaN, 3901000.0},
                        {500000.0, 3901000.0},
                        {500000.0, 3900000.0}})
      ring.addPoint(x, y);
    OGRPolygon poly;
    poly.addRing(&ring);
    OGRFeature f(layer->GetLayerDefn());
    f.SetGeometry(&poly);
    ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
  }
  plan::ReadOptions opt;
  opt.target_crs = "EPSG:32650";
  try {
    plan::read_layer(path, opt);
    FAIL() << "a NaN vertex was read";
  } catch (const plan::DataError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().layer, "area");
    EXPECT_EQ(e.where().feature_id, 1);
    EXPECT_NE(e.problem().find("not a finite number"), std::string::npos) << e.what();
  }
}

// A part of a layer read through an extent (a tile and its halo): GeoJSON has no spatial index, so OGR's
// filter tested each feature and left out the stop at an infinite latitude silently (it meets no
// rectangle), and a tiled coverage ran to exit 0 without it. The feature is now refused; a finite point
// outside is still skipped. (GDAL reads a NaN GeoJSON position as an empty point, skipped with a warning.)
TEST(Hardening, GeoJsonStopWithInfiniteCoordinateReadThroughAnExtentIsRefusedNotLeftOut) {
  test_support::TempDir dir;
  const std::string path = test_support::write_text(dir.file("stops.geojson"),
                                                    R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[117.001,36.401]}},
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[118.5,37.0]}},
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[117.0,Infinity]}}]})");
  plan::ReadOptions opt;
  opt.target_crs = "EPSG:32650";
  const std::vector<plan::XY> near = plan::transform_points({{117.001, 36.401}}, "EPSG:4326", "EPSG:32650");
  opt.extent = plan::Extent{near[0].x - 1000, near[0].y - 1000, near[0].x + 1000, near[0].y + 1000};
  try {
    plan::read_layer(path, opt);
    FAIL() << "the stop at an infinite latitude was left out";
  } catch (const plan::DataError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().feature_id, 2);  // GeoJSON feature ids count from 0
    EXPECT_NE(e.problem().find("not a finite number"), std::string::npos) << e.what();
  }
  // Without the NaN stop, the extent keeps the near stop and skips the far one (118.5°E, about 130 km away).
  const std::string finite = test_support::write_text(dir.file("finite.geojson"),
                                                      R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[117.001,36.401]}},
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[118.5,37.0]}}]})");
  const plan::Layer part = plan::read_layer(finite, opt);
  ASSERT_EQ(part.features.size(), 1u);
  EXPECT_EQ(part.features[0].id, 0);
  EXPECT_NEAR(part.features[0].geometry.points[0].x, near[0].x, 1e-6);
}

TEST(Hardening, ValuesCsvWithIdBeyondIntRangeIsAnErrorNamingTheRow) {
  // Found by fuzz_values_csv: id 17717777771 was cast to int (undefined behaviour, a wrong indicator).
  test_support::TempDir dir;
  const std::string path =
      test_support::write_text(dir.file("values.csv"), "id,value,year\n11,92.5,2025\n17717777771,5,\n");
  try {
    plan::read_indicator_values(path);
    FAIL() << "an id beyond int's range was read";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("row 3, field 'id'"), std::string::npos) << e.what();
  }
  test_support::write_text(path, "id,value,year\n11,92.5,1e300\n");
  EXPECT_THROW(plan::read_indicator_values(path), plan::DataError);
  test_support::write_text(path, "id,value,year\n11,92.5,2025.5\n");
  EXPECT_THROW(plan::read_indicator_values(path), plan::DataError);
}

TEST(Hardening, ThresholdOfNearlyTheLargestDoubleInKilometresIsRefusedNotInfinite) {
  // 1e306 km is 1e309 m: infinite, a threshold that reaches everything.
  const std::string km = "1" + std::string(306, '0') + "km";
  EXPECT_THROW(plan::parse_threshold_m(km, 4), plan::UsageError);
  EXPECT_THROW(plan::parse_threshold_m("1" + std::string(306, '0') + "h", 4), plan::UsageError);
}

TEST(Hardening, SelfTouchingUnclosedStudyAreaRingIsRefusedNotMeasuredAbove100Percent) {
  // Found by fuzz_coverage: a ring that returns to its start mid-way and is never closed, under a 400 km
  // radius, gave an area ratio above 1 (the exact integral and the shoelace area disagree on it).
  plan::CoverageInput in;
  in.stops = {{-110, -1000}, {0, -460}};
  in.area = {plan::Polygon{{{-460, -460}, {-460, -460}, {0, -990}, {-460, -460}, {-460, 40}, {40, 40}}, {}}};
  plan::CoverageOptions opt;
  opt.radius_m = 407843;
  EXPECT_THROW(plan::compute_coverage(in, opt), plan::UsageError);
  // A bow tie, closed: self-intersecting.
  in.area = {plan::Polygon{{{0, 0}, {100, 100}, {100, 0}, {0, 100}, {0, 0}}, {}}};
  try {
    plan::compute_coverage(in, opt);
    FAIL() << "a bow tie was measured";
  } catch (const plan::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("study-area polygon 0 is not a valid polygon"), std::string::npos)
        << e.what();
  }
  // The same square, valid, is measured: one stop's 407 km circle covers all of it.
  in.area = {plan::rectangle(0, 0, 100, 100)};
  EXPECT_DOUBLE_EQ(plan::compute_coverage(in, opt).area_ratio, 1.0);
}

// An .osm.pbf cut at half its size: GDAL's OSM reader stops at the broken block with an error of its own;
// reading it must fail naming the file and layer, not return the first half as if it were the whole.
TEST(TruncatedPbf, IsAnErrorNotAPartialRead) {
  const std::string data = test_support::shared_data_dir();
  const std::string pbf = data + "/osm/porto.osm.pbf";
  if (data.empty() || !std::filesystem::exists(pbf))
    GTEST_SKIP() << "../shared/data/osm/porto.osm.pbf is absent: truncated extract not tested";
  const test_support::TempDir dir;
  const std::string whole = test_support::read_text(pbf);
  const std::string cut = dir.file("half.osm.pbf");
  test_support::write_text(cut, whole.substr(0, whole.size() / 2));
  plan::ReadOptions o;
  o.layer = "lines";
  EXPECT_GT(plan::read_layer(pbf, o).features.size(), 0u);  // the whole file reads
  try {
    plan::read_layer(cut, o);
    ADD_FAILURE() << "the truncated file was read";
  } catch (const plan::DataError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("half.osm.pbf"), std::string::npos) << m;
    EXPECT_NE(m.find("'lines'"), std::string::npos) << m;
    EXPECT_NE(m.find("damaged or ends early"), std::string::npos) << m;
  }
}

// --- Found by fuzz_cli (command-line arguments), kept in fuzz/corpus/cli/ --------------------------------

TEST(HardeningCli, ReportYearBeyondIntRangeIsAUsageErrorNotAnOverflow) {
  // 10129999999999 was cast to int before its range was checked (undefined behaviour).
  const std::string heze = std::string(PLAN_SOURCE_DIR) + "/data/heze";
  const auto r = test_support::run_plan("report " + heze + " --year 10129999999999");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--year must be a year such as 2025"), std::string::npos) << r.err;
}

TEST(HardeningCli, DemoDataLongitudeFarBeyond180IsAUsageErrorAndCreatesNoFolder) {
  // 114005999999999955 reached utm_crs_for, whose zone overflowed int.
  test_support::TempDir dir;
  const std::string out = dir.file("city");
  const auto r = test_support::run_plan("demo-data " + out + " --lon 114005999999999955");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--lon must be within ±180"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));  // the folder was created before the options were checked
  EXPECT_EQ(test_support::run_plan("demo-data " + out + " --lat -89").exit_code, 2);
}

TEST(HardeningCli, DemoDataNegativeOrHugeSeedIsAUsageError) {
  // Cast to uint64 unchecked (undefined behaviour for -1e300 or 1e300).
  test_support::TempDir dir;
  for (const char* seed : {"-1", "-1e300", "1e300", "2.5"}) {
    const auto r = test_support::run_plan("demo-data " + dir.file("city") + " --seed " + seed);
    EXPECT_EQ(r.exit_code, 2) << seed << ": " << r.err;
    EXPECT_NE(r.err.find("--seed must be a whole number from 0 to 2^53"), std::string::npos) << r.err;
  }
}

TEST(HardeningCli, UtmZoneOfALongitudeFarOutOfRangeIsTheNearestZone) {
  EXPECT_EQ(plan::utm_crs_for(1.9e16, 10), "EPSG:32660");
  EXPECT_EQ(plan::utm_crs_for(-1e300, -10), "EPSG:32701");
  EXPECT_EQ(plan::utm_crs_for(std::numeric_limits<double>::quiet_NaN(), 10), "EPSG:32601");
  EXPECT_EQ(plan::utm_crs_for(115.47, 35.2), "EPSG:32650");  // (115.47 + 180) / 6 = 49.2: zone 50
}
