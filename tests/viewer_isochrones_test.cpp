// The Isochrones panel's logic: thresholds typed as minutes, result layers graded from near to far, and one
// run from a street layer to polygons, checked against areas worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <variant>

#include "isochrones.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"

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
  EXPECT_NEAR(t[0].threshold, 1000.0 / 3, 1e-9);
  EXPECT_NEAR(t[1].threshold, 2000.0 / 3, 1e-9);
  EXPECT_NEAR(t[2].threshold, 1000, 1e-9);
  EXPECT_NEAR(viewer::parse_walk_thresholds("10", 5)[0].threshold, 5000.0 / 6, 1e-9);
}

TEST(IsochronePanel, ThresholdsComeBackSortedWithoutRepeatsAndUnitsAreKept) {
  const auto t = viewer::parse_walk_thresholds("15 5;10,  5min 800m 1.2km", 4);
  ASSERT_EQ(t.size(), 5u);
  const double minutes[] = {5, 10, 12, 15, 18};  // 800 m and 1.2 km at 66.67 m a minute: 12 and 18 min
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(t[i].minutes, minutes[i], 1e-9) << i;
  EXPECT_DOUBLE_EQ(t[2].threshold, 800);
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
  const auto layers = viewer::isochrone_layers(result, viewer::walking(4), "EPSG:32650");
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
  const auto rows = viewer::summarise_isochrones(result, viewer::walking(4));
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
  const auto layers = viewer::isochrone_layers(r, viewer::walking(4), "EPSG:32650", {101, 202});
  ASSERT_EQ(layers.size(), 2u);
  ASSERT_EQ(layers[0].data.features.size(), 1u) << "an empty polygon gives no feature";
  EXPECT_EQ(std::get<std::int64_t>(layers[0].data.features[0].values[0]), 101);
  ASSERT_EQ(layers[1].data.features.size(), 2u);
  EXPECT_EQ(std::get<std::int64_t>(layers[1].data.features[0].values[0]), 101);
  EXPECT_EQ(std::get<std::int64_t>(layers[1].data.features[1].values[0]), 202);
  const auto rows = viewer::summarise_isochrones(r, viewer::walking(4));
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

TEST(IsochronePanel, DrivingMinutesAreSixtySecondsWhateverTheWalkingSpeed) {
  const auto t = viewer::parse_drive_thresholds("15, 5 90s; 0.5h 10min");
  ASSERT_EQ(t.size(), 5u);
  const double minutes[] = {1.5, 5, 10, 15, 30}, seconds[] = {90, 300, 600, 900, 1800};
  for (std::size_t i = 0; i < t.size(); ++i) {
    EXPECT_NEAR(t[i].minutes, minutes[i], 1e-9) << i;
    EXPECT_NEAR(t[i].threshold, seconds[i], 1e-9) << i;
  }
  EXPECT_DOUBLE_EQ(viewer::driving().minutes(450), 7.5);
  EXPECT_DOUBLE_EQ(viewer::walking(6).minutes(450), 4.5);  // 100 m a minute
  // parse_thresholds follows the mode: the same "10" is 600 s driving, 666.7 m walking at 4 km/h.
  EXPECT_DOUBLE_EQ(viewer::parse_thresholds("10", viewer::driving())[0].threshold, 600);
  EXPECT_NEAR(viewer::parse_thresholds("10", viewer::walking(4))[0].threshold, 2000.0 / 3, 1e-9);
  // Driving thresholds are times: a distance is refused, naming the item.
  for (const char* bad : {"", "800m", "5, 1.2km", "ten"})
    EXPECT_THROW(viewer::parse_drive_thresholds(bad), plan::UsageError) << "'" << bad << "'";
  try {
    viewer::parse_drive_thresholds("5, 800m");
    FAIL();
  } catch (const plan::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("800m"), std::string::npos) << e.what();
  }
}

TEST(IsochronePanel, DrivingLayersAreNamedAndFieldedInSeconds) {
  plan::Isochrone a = iso(300, square(0, 0, 200)), b = iso(600, square(0, 0, 400));
  const auto layers = viewer::isochrone_layers({b, a}, viewer::driving(), "EPSG:32650");
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].data.name, "drive_isochrone_5min");
  EXPECT_EQ(layers[1].data.name, "drive_isochrone_10min");
  EXPECT_EQ(layers[0].data.fields[2].name, "threshold_s");
  EXPECT_NEAR(real(layers[1].data.features[0].values[1]), 10, 1e-12);
  EXPECT_NEAR(real(layers[1].data.features[0].values[2]), 600, 1e-12);
  const auto legend = viewer::legend_entries(layers[0].data, layers[0].styles);
  ASSERT_EQ(legend.size(), 1u);
  EXPECT_NE(legend[0].text.find("驾车"), std::string::npos) << legend[0].text;
  const auto rows = viewer::summarise_isochrones({a, b}, viewer::driving());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows[0].minutes, 5);
  EXPECT_DOUBLE_EQ(rows[1].threshold, 600);
}

namespace {

// A 1 km one-way residential street (30 km/h: 500 m a minute) drawn west to east in two segments.
plan::Layer one_way_street() {
  plan::Layer l;
  l.name = "roads";
  l.kind = plan::GeometryKind::Line;
  l.fields = {{"highway", plan::FieldType::String}, {"oneway", plan::FieldType::String}};
  l.features.push_back({1,
                        plan::Geometry::line({{0, 0}, {500, 0}, {1000, 0}}),
                        {std::string("residential"), std::string("yes")}});
  return l;
}

}  // namespace

TEST(IsochronePanel, ADriveFromTheDownstreamEndOfAOneWayStreetReachesNothingUpstream) {
  const plan::Layer roads = one_way_street();
  viewer::IsochroneRequest req;
  req.pace = viewer::driving();
  req.thresholds = viewer::parse_drive_thresholds("1, 2");  // 500 m and 1 km at 30 km/h
  req.origins = {{0, 10}};                                  // the upstream end
  const viewer::IsochroneRun up = viewer::run_isochrones(nullptr, &roads, req);
  ASSERT_TRUE(up.network);
  EXPECT_EQ(up.network->mode(), plan::TravelMode::Drive);
  ASSERT_EQ(up.isochrones.size(), 2u);
  // From the upstream end: 500 m, then the whole kilometre, 100 m wide with round ends.
  EXPECT_NEAR(up.isochrones[0].threshold, 60, 1e-9);
  EXPECT_NEAR(up.isochrones[0].area_m2, 500 * 100 + drawn_circle_m2(50, 8), 1e-3);
  EXPECT_NEAR(up.isochrones[1].area_m2, 1000 * 100 + drawn_circle_m2(50, 8), 1e-3);

  // From the downstream end, the same network: no street is reached, so nothing farther than the
  // half-width from the end point is covered.
  req.origins = {{1000, 10}};
  const viewer::IsochroneRun down = viewer::run_isochrones(up.network, nullptr, req);
  EXPECT_EQ(down.network, up.network) << "the driving network is reused";
  for (const plan::Isochrone& i : down.isochrones) {
    EXPECT_LE(i.area_m2, drawn_circle_m2(50, 8) + 1e-6) << i.threshold;
    for (const plan::Polygon& p : i.polygon)
      for (const plan::XY& v : p.outer) EXPECT_GE(v.x, 1000 - 50 - 1e-6) << i.threshold;
  }

  // Walking the same street from the downstream end goes back along it: 2 min at 4 km/h = 133 m.
  viewer::IsochroneRequest walk = req;
  walk.pace = viewer::walking(4);
  walk.thresholds = viewer::parse_walk_thresholds("2", 4);
  const viewer::IsochroneRun w = viewer::run_isochrones(nullptr, &roads, walk);
  EXPECT_EQ(w.network->mode(), plan::TravelMode::Walk);
  EXPECT_NEAR(w.isochrones[0].area_m2, 400.0 / 3 * 100 + drawn_circle_m2(50, 8), 1e-3);
  // A network of the other mode is refused rather than read in the wrong unit.
  EXPECT_THROW(viewer::run_isochrones(w.network, nullptr, req), plan::UsageError);
}

TEST(IsochronePanel, DriveModeNeedsRoadClassesAndSaysSo) {
  plan::Layer plain;
  plain.name = "streets";
  plain.kind = plan::GeometryKind::Line;
  plain.fields = {{"note", plan::FieldType::String}};
  plain.features.push_back({1, plan::Geometry::line({{0, 0}, {1000, 0}}), {std::string("demo")}});
  const std::string why = viewer::drive_network_problem(plain);
  EXPECT_NE(why.find("no highway field"), std::string::npos) << why;
  EXPECT_NE(why.find("'streets'"), std::string::npos) << why;
  EXPECT_EQ(viewer::drive_network_problem(one_way_street()), "");
  viewer::IsochroneRequest req;
  req.pace = viewer::driving();
  req.thresholds = viewer::parse_drive_thresholds("5");
  req.origins = {{500, 0}};
  EXPECT_THROW(viewer::run_isochrones(nullptr, &plain, req), plan::DataError);
  // Roads with classes none of which cars use give no network either.
  plan::Layer paths = one_way_street();
  paths.features[0].values[0] = std::string("footway");
  EXPECT_THROW(viewer::run_isochrones(nullptr, &paths, req), plan::DataError);

  // The demonstration city's streets carry no classes (only a note), so drive mode is not offered there.
  const std::filesystem::path demo = PLAN_SOURCE_DIR "/data/heze/demo/streets.geojson";
  if (!std::filesystem::exists(demo)) GTEST_SKIP() << demo << " is absent: demonstration streets not checked";
  plan::ReadOptions o;
  o.target_crs = "EPSG:32650";
  const plan::Layer streets = plan::read_layer(demo.string(), o);
  EXPECT_NE(viewer::drive_network_problem(streets).find("no highway field"), std::string::npos);
}
