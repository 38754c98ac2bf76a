// GCJ-02 / BD-09, the offset longitude/latitude of Chinese web maps.
#include "plan/china_coords.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "plan/io.hpp"
#include "test_support.hpp"

TEST(ChinaCoords, MatchesPublishedConversionsOfAnotherImplementation) {
  // Reference values from the gcoord library's unit tests (to 1e-5 degrees, about a metre).
  const plan::XY wgs = plan::wgs84_from_gcj02({123, 45});
  EXPECT_NEAR(wgs.x, 122.99395597, 1e-5);
  EXPECT_NEAR(wgs.y, 44.99804071, 1e-5);
  const plan::XY bd = plan::bd09_from_gcj02({123, 45});
  EXPECT_NEAR(bd.x, 123.00636499, 1e-5);
  EXPECT_NEAR(bd.y, 45.00636899, 1e-5);
}

TEST(ChinaCoords, InversesRoundTripToAMillimetre) {
  for (plan::XY p :
       {plan::XY{115.47, 35.23}, plan::XY{120.15, 30.27}, plan::XY{87.6, 43.8}, plan::XY{126.6, 45.7}}) {
    const plan::XY back = plan::wgs84_from_gcj02(plan::gcj02_from_wgs84(p));
    EXPECT_NEAR(back.x, p.x, 1e-8);
    EXPECT_NEAR(back.y, p.y, 1e-8);
    const plan::XY bd = plan::gcj02_from_bd09(plan::bd09_from_gcj02(p));
    EXPECT_NEAR(bd.x, p.x, 1e-5);  // the published BD-09 pair is only approximately inverse (~1 m)
    EXPECT_NEAR(bd.y, p.y, 1e-5);
  }
}

TEST(ChinaCoords, OffsetAroundHezeIsAFewHundredMetres) {
  const plan::XY wgs{115.4748, 35.2341};
  const auto pts = plan::transform_points({wgs, plan::gcj02_from_wgs84(wgs)}, "EPSG:4326", "EPSG:32650");
  const double shift_m = std::hypot(pts[1].x - pts[0].x, pts[1].y - pts[0].y);
  EXPECT_GT(shift_m, 300);
  EXPECT_LT(shift_m, 700);
}

TEST(ChinaCoords, OutsideChinaNothingMoves) {
  const plan::XY porto{-8.61, 41.15};
  EXPECT_EQ(plan::gcj02_from_wgs84(porto), porto);
  EXPECT_EQ(plan::wgs84_from_gcj02(porto), porto);
}

TEST(ChinaCoords, ReadingWithTheGcj02OffsetMovesFeaturesBack) {
  test_support::TempDir dir;
  const plan::XY wgs{115.4748, 35.2341}, gcj = plan::gcj02_from_wgs84(wgs);
  const auto path = test_support::write_text(
      dir.file("amap.geojson"), R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
       "geometry":{"type":"Point","coordinates":[)" +
                                    std::to_string(gcj.x) + "," + std::to_string(gcj.y) + "]}}]}");
  plan::ReadOptions o;
  o.target_crs = "EPSG:32650";
  o.offset = plan::LonLatOffset::Gcj02;
  const plan::XY got = plan::read_layer(path, o).features.at(0).geometry.points.at(0);
  const plan::XY want = plan::transform_points({wgs}, "EPSG:4326", "EPSG:32650")[0];
  EXPECT_NEAR(got.x, want.x, 0.1);  // std::to_string keeps 6 decimals: ~0.1 m
  EXPECT_NEAR(got.y, want.y, 0.1);
}

TEST(ChinaCoords, CoverageCliAcceptsGcj02InputsByName) {
  const std::string data = test_support::shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "../shared/data is absent: no Hangzhou bus stops to read";
  const std::string stops = data + "/china/hangzhou_busstops.geojson";
  // The stops' own convex hull is not at hand; use a 4 km square around West Lake's east shore instead.
  test_support::TempDir dir;
  const auto area =
      test_support::write_text(dir.file("area.geojson"), R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":
     [[[120.15,30.24],[120.19,30.24],[120.19,30.28],[120.15,30.28],[120.15,30.24]]]}}]})");
  const auto plain = test_support::run_plan("coverage --json --stops " + stops + " --area " + area);
  const auto shifted =
      test_support::run_plan("coverage --json --gcj02 stops --stops " + stops + " --area " + area);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(shifted.exit_code, 0) << shifted.err;
  const double a = nlohmann::json::parse(plain.out)["covered_m2"],
               b = nlohmann::json::parse(shifted.out)["covered_m2"];
  EXPECT_GT(a, 1e6);
  EXPECT_NE(a, b);  // moving 1,830 stops by ~500 m changes what the square holds
  EXPECT_EQ(test_support::run_plan("coverage --gcj02 stop --stops " + stops + " --area " + area).exit_code,
            2);
}
