// Isochrone polygons and the network variant of stop coverage.
#include "plan/isochrone.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "geom/geos.hpp"
#include "network_fixtures.hpp"
#include "plan/error.hpp"

namespace {

using network_fixtures::add_grid;

// The area of a circle as GEOS draws it with `q` segments per quadrant (vertices on the circle).
double drawn_circle_m2(double r, int q) { return 2 * q * r * r * std::sin(std::numbers::pi / (2 * q)); }

void bounds(const plan::MultiPolygon& mp, double& x0, double& x1, double& y0, double& y1) {
  x0 = y0 = 1e300, x1 = y1 = -1e300;
  for (const auto& p : mp)
    for (const auto& v : p.outer)
      x0 = std::min(x0, v.x), x1 = std::max(x1, v.x), y0 = std::min(y0, v.y), y1 = std::max(y1, v.y);
}

}  // namespace

TEST(Isochrone, ReachedPartIsCutAtTheExactPoint) {
  // One straight street, origin in the middle: 300 m each way, widened by 50 m with round ends.
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {500, 0}, {2000, 0}});
  const plan::Network g = b.build();
  const plan::SnapIndex index(g);
  plan::IsochroneOptions o;
  o.thresholds = {300};
  const auto iso = plan::compute_isochrones(g, plan::snap_points(index, {{1000, 0}}, 250), o);
  ASSERT_EQ(iso.size(), 1u);
  EXPECT_EQ(iso[0].origin, plan::kNoIndex);
  double x0, x1, y0, y1;
  bounds(iso[0].polygon, x0, x1, y0, y1);
  EXPECT_NEAR(x0, 650, 1e-6);
  EXPECT_NEAR(x1, 1350, 1e-6);
  EXPECT_NEAR(y1, 50, 1e-6);
  EXPECT_NEAR(iso[0].area_m2, 600 * 100 + drawn_circle_m2(50, 8), 1e-3);
}

TEST(Isochrone, LargerThresholdContainsTheSmallerOne) {
  plan::NetworkBuilder b;
  add_grid(b, 13, 100);
  b.add_line({{0, 0}, {-300, -170}, {-620, -150}});  // an odd diagonal street as well
  const plan::Network g = b.build();
  const plan::SnapIndex index(g);
  plan::IsochroneOptions o;
  o.thresholds = {1000, 500, 250};  // any order
  const auto iso = plan::compute_isochrones(g, plan::snap_points(index, {{630, 610}, {130, 20}}, 250), o);
  ASSERT_EQ(iso.size(), 3u);
  EXPECT_EQ(iso[0].threshold, 250);
  EXPECT_EQ(iso[2].threshold, 1000);
  for (int k = 0; k + 1 < 3; ++k) {
    const double outside = plan::area_m2(plan::geom::difference(iso[k].polygon, iso[k + 1].polygon));
    EXPECT_LT(outside, 1e-6 * iso[k].area_m2)
        << iso[k].threshold << " m sticks out of " << iso[k + 1].threshold;
    EXPECT_LT(iso[k].area_m2, iso[k + 1].area_m2);
  }
}

TEST(Isochrone, UnreachableEnclosedBlockStaysAHole) {
  // A 3 × 3 grid of 400 m: the middle block is enclosed by reached streets. 50 m of half-width on its
  // four sides leaves a 300 m × 300 m hole.
  plan::NetworkBuilder b;
  add_grid(b, 4, 400);
  const plan::Network g = b.build();
  const plan::SnapIndex index(g);
  plan::IsochroneOptions o;
  o.thresholds = {3000};
  const auto iso = plan::compute_isochrones(g, plan::snap_points(index, {{0, 0}}, 250), o);
  ASSERT_EQ(iso.size(), 1u);
  ASSERT_EQ(iso[0].polygon.size(), 1u);
  const auto& holes = iso[0].polygon[0].holes;
  ASSERT_EQ(holes.size(), 9u) << "each of the nine blocks is a hole";
  for (const auto& h : holes) EXPECT_NEAR(std::abs(plan::signed_area_m2(h)), 300 * 300, 1e-6);
}

TEST(Isochrone, NothingIsReachedAcrossTheRiverWithoutACrossing) {
  // West and east banks with a single bridge at the south end: from the west bank's north-west corner the
  // bridge is 800 m away, so 700 m leaves no area east of the river.
  plan::NetworkBuilder b;
  add_grid(b, 5, 100, {0, 0});
  add_grid(b, 5, 100, {600, 0});
  b.add_line({{400, 0}, {600, 0}});
  b.add_line({{-50, 350}, {1050, 350}});  // footbridge over everything, no shared vertex
  const plan::Network g = b.build();
  const plan::SnapIndex index(g);
  plan::IsochroneOptions o;
  o.thresholds = {700, 1100};
  const auto iso = plan::compute_isochrones(g, plan::snap_points(index, {{0, 400}}, 250), o);
  double x0, x1, y0, y1;
  bounds(iso[0].polygon, x0, x1, y0, y1);
  EXPECT_LE(x1, 450 + 1e-6) << "700 m does not reach the bridge 800 m away";
  bounds(iso[1].polygon, x0, x1, y0, y1);
  EXPECT_NEAR(x1, 600 + 100 + 50, 1e-6) << "1100 m crosses the bridge at 1000 m and goes 100 m further";
}

TEST(Isochrone, ManyOriginsMergeOrStaySeparatePerOrigin) {
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {5000, 0}});
  const plan::Network g = b.build();
  const plan::SnapIndex index(g);
  const auto origins = plan::snap_points(index, {{1000, 0}, {4000, 0}, {9000, 9000}}, 250);
  plan::IsochroneOptions o;
  o.thresholds = {200, 400};
  const auto merged = plan::compute_isochrones(g, origins, o);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].polygon.size(), 2u);  // two separate pieces, one polygon each
  o.per_origin = true;
  o.threads = 2;
  const auto per = plan::compute_isochrones(g, origins, o);
  ASSERT_EQ(per.size(), 4u) << "the unsnapped third origin has no isochrone";
  EXPECT_EQ(per[0].origin, 0u);
  EXPECT_EQ(per[2].origin, 1u);
  EXPECT_EQ(per[0].polygon.size(), 1u);
  EXPECT_NEAR(per[0].area_m2 + per[2].area_m2, merged[0].area_m2, 1e-6);
  EXPECT_NEAR(per[1].area_m2, 800 * 100 + drawn_circle_m2(50, 8), 1e-3);
}

TEST(Isochrone, BadThresholdsAreRefused) {
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {100, 0}});
  const plan::Network g = b.build();
  plan::IsochroneOptions o;
  EXPECT_THROW(plan::compute_isochrones(g, {}, o), plan::UsageError);
  o.thresholds = {-5};
  EXPECT_THROW(plan::compute_isochrones(g, {}, o), plan::UsageError);
}

TEST(NetworkCoverage, CorridorAlongTheOnlyStreetAndPopulationByArea) {
  // A 1000 × 1000 area crossed by one street along y = 500; a stop in the middle; radius 300 m walking.
  // Covered: the 600 m of street around the stop widened by 50 m with round ends.
  plan::NetworkBuilder b;
  b.add_line({{0, 500}, {1000, 500}});
  const plan::Network g = b.build();
  plan::CoverageInput in;
  in.stops = {{500, 510}};
  in.area = {plan::rectangle(0, 0, 1000, 1000)};
  in.population_polygons = {{plan::rectangle(0, 450, 1000, 550), 1000},
                            {plan::rectangle(0, 0, 1000, 400), 500}};
  plan::CoverageOptions o;
  o.radius_m = 300;
  const auto r = plan::compute_network_coverage(g, in, o, 50, 250);
  EXPECT_EQ(r.stops_used, 1u);
  EXPECT_DOUBLE_EQ(r.area_m2, 1e6);
  EXPECT_NEAR(r.covered_m2, 600 * 100 + drawn_circle_m2(50, 8), 1e-3);
  EXPECT_NEAR(r.area_ratio, r.covered_m2 / 1e6, 1e-12);
  // The first block is the corridor's own strip: it holds 600 m of its 1000 m plus the round ends.
  EXPECT_NEAR(*r.population_covered, 1000 * (600 * 100 + drawn_circle_m2(50, 8)) / 1e5, 1e-3);
  EXPECT_NEAR(*r.population_ratio, *r.population_covered / 1500, 1e-12);
}

TEST(NetworkCoverage, RefusesADrivingNetworkWhoseCostsAreSeconds) {
  plan::NetworkBuilder b(plan::TravelMode::Drive);
  b.add_line({{0, 500}, {1000, 500}}, 1, {true, true, 36});
  const plan::Network g = b.build();
  plan::CoverageInput in;
  in.stops = {{500, 510}};
  in.area = {plan::rectangle(0, 0, 1000, 1000)};
  plan::CoverageOptions o;
  o.radius_m = 300;
  EXPECT_THROW(plan::compute_network_coverage(g, in, o, 50, 250), plan::UsageError);
}
