// The Isochrones panel's logic: thresholds typed as minutes, result layers graded from near to far, and one
// run from a street layer to polygons, checked against areas worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <variant>

#include "isochrones.hpp"
#include "plan/error.hpp"

using viewer::Rgba;

namespace {

plan::Polygon square(double cx, double cy, double side) {
  const double h = side / 2;
  return {{{cx - h, cy - h}, {cx + h, cy - h}, {cx + h, cy + h}, {cx - h, cy + h}, {cx - h, cy - h}}, {}};
}

plan::Isochrone iso(double threshold_m, plan::Polygon p, std::uint32_t origin = plan::kNoIndex) {
  plan::Isochrone i;
  i.origin = origin;
  i.threshold = threshold_m;
  i.area_m2 = plan::area_m2(p);
  i.polygon = {std::move(p)};
  return i;
}

double real(const plan::Value& v) { return std::get<double>(v); }

// The area of a circle as GEOS draws it with `q` segments per quadrant (vertices on the circle).
double drawn_circle_m2(double r, int q) { return 2 * q * r * r * std::sin(std::numbers::pi / (2 * q)); }

}  // namespace

TEST(IsochronePanel, BareNumbersAreMinutesAtTheWalkingSpeed) {
  const auto t = viewer::parse_walk_thresholds("5, 10, 15", 4);
  ASSERT_EQ(t.size(), 3u);
  // 4 km/h is 66.67 m a minute.
  EXPECT_DOUBLE_EQ(t[0].minutes, 5);
  EXPECT_NEAR(t[0].threshold_m, 1000.0 / 3, 1e-9);
  EXPECT_NEAR(t[1].threshold_m, 2000.0 / 3, 1e-9);
  EXPECT_NEAR(t[2].threshold_m, 1000, 1e-9);
  EXPECT_NEAR(viewer::parse_walk_thresholds("10", 5)[0].threshold_m, 5000.0 / 6, 1e-9);
}

TEST(IsochronePanel, ThresholdsComeBackSortedWithoutRepeatsAndUnitsAreKept) {
  const auto t = viewer::parse_walk_thresholds("15 5;10,  5min 800m 1.2km", 4);
  ASSERT_EQ(t.size(), 5u);
  const double minutes[] = {5, 10, 12, 15, 18};  // 800 m and 1.2 km at 66.67 m a minute: 12 and 18 min
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(t[i].minutes, minutes[i], 1e-9) << i;
  EXPECT_DOUBLE_EQ(t[2].threshold_m, 800);
  EXPECT_EQ(viewer::format_minutes(viewer::parse_walk_thresholds("15, 7.5", 4)), "7.5, 15");
}

TEST(IsochronePanel, BadThresholdsAreRefusedNamingTheItem) {
  for (const char* bad : {"", " , ;", "five", "0", "5, -5", "10 parsecs", "5,,x"})
    EXPECT_THROW(viewer::parse_walk_thresholds(bad, 4), plan::UsageError) << "'" << bad << "'";
  EXPECT_THROW(viewer::parse_walk_thresholds("5", 0), plan::UsageError);
  try {
    viewer::parse_walk_thresholds("5, 10x", 4);
    FAIL();
  } catch (const plan::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("10x"), std::string::npos) << e.what();
  }
}

TEST(IsochronePanel, ColoursRunFromDeepBlueNearToPaleGreenFar) {
  // The ramp's three stops, semi-transparent fills, strokes at three quarters of the colour.
  EXPECT_EQ(viewer::isochrone_fill(0, 3), (Rgba{37, 52, 148, 100}));
  EXPECT_EQ(viewer::isochrone_fill(1, 3), (Rgba{44, 127, 184, 100}));
  EXPECT_EQ(viewer::isochrone_fill(2, 3), (Rgba{127, 205, 187, 100}));
  EXPECT_EQ(viewer::isochrone_stroke(0, 3), (Rgba{28, 39, 111, 255}));
  // Five thresholds: the second is halfway between the first two stops (40.5, 89.5, 166 rounded).
  EXPECT_EQ(viewer::isochrone_fill(1, 5), (Rgba{41, 90, 166, 100}));
  // A single threshold takes the nearest colour.
  EXPECT_EQ(viewer::isochrone_fill(0, 1), viewer::isochrone_fill(0, 3));
}

TEST(IsochronePanel, ThreeNestedSquaresGiveThreeLayersFromNearToFar) {
  // Squares of 200, 400 and 600 m for 5, 10 and 15 minutes, handed over in no particular order.
  const std::vector<plan::Isochrone> result = {
      iso(1000, square(0, 0, 600)), iso(1000.0 / 3, square(0, 0, 200)), iso(2000.0 / 3, square(0, 0, 400))};
  const auto layers = viewer::isochrone_layers(result, 4, "EPSG:32650");
  ASSERT_EQ(layers.size(), 3u);
  const char* names[] = {"isochrone_5min", "isochrone_10min", "isochrone_15min"};
  const double area_km2[] = {0.04, 0.16, 0.36}, minutes[] = {5, 10, 15}, side[] = {200, 400, 600};
  for (int i = 0; i < 3; ++i) {
    const viewer::MapLayer& m = layers[i];
    EXPECT_EQ(m.data.name, names[i]);
    EXPECT_EQ(m.data.crs, "EPSG:32650");
    EXPECT_EQ(m.data.kind, plan::GeometryKind::Polygon);
    ASSERT_EQ(m.data.features.size(), 1u);
    const plan::Feature& f = m.data.features[0];
    EXPECT_TRUE(std::holds_alternative<std::monostate>(f.values[0])) << "merged: no origin";
    EXPECT_NEAR(real(f.values[1]), minutes[i], 1e-9);
    EXPECT_NEAR(real(f.values[3]), area_km2[i], 1e-12);
    EXPECT_DOUBLE_EQ(m.bbox.max_x - m.bbox.min_x, side[i]);
    ASSERT_EQ(m.styles.size(), 1u);
    EXPECT_EQ(m.styles[0].fill, viewer::isochrone_fill(i, 3));
    EXPECT_EQ(m.styles[0].stroke, viewer::isochrone_stroke(i, 3));
    EXPECT_LT(m.styles[0].fill.a, 255) << "nested polygons must show through each other";
    const auto legend = viewer::legend_entries(m.data, m.styles);
    ASSERT_EQ(legend.size(), 1u);
    EXPECT_NE(legend[0].text.find(std::to_string(int(minutes[i])) + " min"), std::string::npos)
        << legend[0].text;
    if (i > 0) {
      EXPECT_LT(m.rank, layers[i - 1].rank) << "the nearer polygon draws on top of the farther";
    }
  }
  const auto rows = viewer::summarise_isochrones(result, 4);
  ASSERT_EQ(rows.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(rows[i].minutes, minutes[i], 1e-9);
    EXPECT_NEAR(rows[i].area_m2, area_km2[i] * 1e6, 1e-6);
    EXPECT_EQ(rows[i].polygons, 1u);
  }
}

TEST(IsochronePanel, PerOriginResultsKeepOneFeaturePerOriginWithItsId) {
  // Two origins 1 km apart, 5 and 10 minutes; the second reaches nothing at 5 minutes.
  std::vector<plan::Isochrone> r = {
      iso(1000.0 / 3, square(0, 0, 100), 0), iso(2000.0 / 3, square(0, 0, 300), 0),
      iso(1000.0 / 3, square(1000, 0, 100), 1), iso(2000.0 / 3, square(1000, 0, 100), 1)};
  r[2].polygon.clear();
  r[2].area_m2 = 0;
  const auto layers = viewer::isochrone_layers(r, 4, "EPSG:32650", {101, 202});
  ASSERT_EQ(layers.size(), 2u);
  ASSERT_EQ(layers[0].data.features.size(), 1u) << "an empty polygon gives no feature";
  EXPECT_EQ(std::get<std::int64_t>(layers[0].data.features[0].values[0]), 101);
  ASSERT_EQ(layers[1].data.features.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(layers[1].data.features[0].values[0]), 101);
  EXPECT_EQ(std::get<std::int64_t>(layers[1].data.features[1].values[0]), 202);
  const auto rows = viewer::summarise_isochrones(r, 4);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].polygons, 1u);
  EXPECT_NEAR(rows[0].area_m2, 1e4, 1e-6);
  EXPECT_EQ(rows[1].polygons, 2u);
  EXPECT_NEAR(rows[1].area_m2, (9e4 + 1e4) / 2, 1e-6) << "the mean of the origins' own areas";
  EXPECT_NEAR(rows[1].min_area_m2, 1e4, 1e-6);
  EXPECT_NEAR(rows[1].max_area_m2, 9e4, 1e-6);
}

TEST(IsochronePanel, AWalkAlongOneStreetCoversAStadiumAndAFarOriginIsReported) {
  // One straight 2 km street; from its middle, 5 minutes at 4 km/h reach 333 m each way: a 667 m band
  // 100 m wide (half-width 50 m) with round ends.
  plan::Layer streets;
  streets.name = "streets";
  streets.kind = plan::GeometryKind::Line;
  streets.features.push_back({1, plan::Geometry::line({{0, 0}, {500, 0}, {2000, 0}}), {}});
  viewer::IsochroneRequest req;
  req.origins = {{1000, 10}, {1000, 900}};
  req.origin_ids = {7, 8};
  req.thresholds = viewer::parse_walk_thresholds("5", 4);
  const viewer::IsochroneRun run = viewer::run_isochrones(nullptr, &streets, req);
  ASSERT_TRUE(run.network);
  EXPECT_EQ(run.unsnapped_ids, std::vector<std::int64_t>{8});
  ASSERT_EQ(run.isochrones.size(), 1u);
  EXPECT_NEAR(run.isochrones[0].area_m2, 2000.0 / 3 * 100 + drawn_circle_m2(50, 8), 1e-3);
  // The network is reused for the next run, per origin this time.
  req.per_origin = true;
  const viewer::IsochroneRun again = viewer::run_isochrones(run.network, nullptr, req);
  EXPECT_EQ(again.network, run.network);
  std::size_t reached = 0;
  for (const plan::Isochrone& i : again.isochrones) {
    if (i.polygon.empty()) continue;  // the far origin is skipped
    ++reached;
    EXPECT_EQ(i.origin, 0u);
    EXPECT_NEAR(i.area_m2, run.isochrones[0].area_m2, 1e-6);
  }
  EXPECT_EQ(reached, 1u);
  req.origins = {{1000, 900}};
  EXPECT_THROW(viewer::run_isochrones(run.network, nullptr, req), plan::DataError);
}
