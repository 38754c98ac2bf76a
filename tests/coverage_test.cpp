// Stop coverage against areas known in closed form: πr², the lens of two circles, a circular segment.
#include "plan/coverage.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "geom/geos.hpp"
#include "plan/error.hpp"
#include "plan/synthetic.hpp"

namespace {

constexpr double kPi = std::numbers::pi;

// Area of the intersection of two circles of radius r whose centres are d apart.
double lens_area(double r, double d) {
  return 2 * r * r * std::acos(d / (2 * r)) - d / 2 * std::sqrt(4 * r * r - d * d);
}

// Area of the circular segment cut from a circle of radius r by a chord at distance h from the centre.
double segment_area(double r, double h) { return r * r * std::acos(h / r) - h * std::sqrt(r * r - h * h); }

plan::CoverageInput square_with(std::vector<plan::XY> stops, double half = 2000) {
  plan::CoverageInput in;
  in.area = {plan::rectangle(-half, -half, half, half)};
  in.stops = std::move(stops);
  return in;
}

// Reference: circles as 4·per_quadrant-gons unioned by GEOS, corrected for the polygon's known deficit
// (a regular n-gon inscribed in a circle has area (n/2)·r²·sin(2π/n)). Good to ~1e-6 relative for smooth
// unions; used only as an independent cross-check.
double geos_reference_area(const std::vector<plan::XY>& stops, double r, const plan::MultiPolygon& area) {
  std::vector<plan::Polygon> disks;
  const int n = 4 * 512;
  for (const plan::XY& c : stops) disks.push_back(plan::circle_polygon(c, r, n));
  return plan::area_m2(plan::geom::intersection(plan::geom::union_all(disks), area));
}

}  // namespace

TEST(Coverage, OneDiskInsideASquareCoversPiRSquared) {
  const auto r = plan::compute_coverage(square_with({{0, 0}}), {});
  EXPECT_NEAR(r.covered_m2, kPi * 500 * 500, 1e-6);
  EXPECT_NEAR(r.area_ratio, kPi * 500 * 500 / (4000.0 * 4000.0), 1e-12);
  EXPECT_EQ(r.stops_used, 1u);
}

TEST(Coverage, TwoOverlappingDisksCountTheLensOnce) {
  for (double d : {10.0, 300.0, 600.0, 999.0}) {
    const auto r = plan::compute_coverage(square_with({{0, 0}, {d, 0}}), {});
    EXPECT_NEAR(r.covered_m2, 2 * kPi * 500 * 500 - lens_area(500, d), 1e-6) << "centres " << d << " m apart";
  }
}

TEST(Coverage, DisjointDisksAddUp) {
  const auto r = plan::compute_coverage(square_with({{-1000, 0}, {1000, 0}, {0, 1200}}), {});
  EXPECT_NEAR(r.covered_m2, 3 * kPi * 500 * 500, 1e-6);
}

TEST(Coverage, DuplicateStopsCountOnce) {
  const auto r = plan::compute_coverage(square_with({{0, 0}, {0, 0}, {0, 1e-9}}), {});
  EXPECT_NEAR(r.covered_m2, kPi * 500 * 500, 1e-6);
  EXPECT_EQ(r.stops_used, 2u);  // two distinct positions, though one disk's worth of area
}

TEST(Coverage, DiskCutByTheAreaEdgeLosesTheCircularSegment) {
  // The square's right edge is at x = 2000; a stop at x = 1800 has its disk cut by a chord 200 m away.
  const auto r = plan::compute_coverage(square_with({{1800, 0}}), {});
  EXPECT_NEAR(r.covered_m2, kPi * 500 * 500 - segment_area(500, 200), 1e-6);
  // A stop outside the area, 300 m beyond the edge: only its segment reaches in.
  const auto outside = plan::compute_coverage(square_with({{2300, 0}}), {});
  EXPECT_NEAR(outside.covered_m2, segment_area(500, 300), 1e-6);
}

TEST(Coverage, DiskInACornerKeepsAQuarter) {
  const auto r = plan::compute_coverage(square_with({{2000, 2000}}), {});
  EXPECT_NEAR(r.covered_m2, kPi * 500 * 500 / 4, 1e-6);
}

TEST(Coverage, HoleInTheAreaIsNotCovered) {
  plan::CoverageInput in = square_with({{0, 0}});
  in.area[0].holes.push_back({{-100, -100}, {-100, 100}, {100, 100}, {100, -100}, {-100, -100}});
  const auto r = plan::compute_coverage(in, {});
  EXPECT_NEAR(r.area_m2, 4000.0 * 4000.0 - 200.0 * 200.0, 1e-6);
  EXPECT_NEAR(r.covered_m2, kPi * 500 * 500 - 200.0 * 200.0, 1e-6);
}

TEST(Coverage, ExclusionsLargerThanTheThresholdAreRemoved) {
  plan::CoverageInput in = square_with({{0, 0}});
  in.exclusions.push_back(plan::rectangle(-2000, 1000, 2000, 2000));  // 4 km²: removed
  in.exclusions.push_back(plan::rectangle(-200, -200, 200, 200));     // 0.16 km²: kept
  const auto r = plan::compute_coverage(in, {});
  EXPECT_EQ(r.exclusions_removed, 1u);
  EXPECT_NEAR(r.excluded_m2, 4e6, 1e-3);
  EXPECT_NEAR(r.area_m2, 16e6 - 4e6, 1e-3);
  EXPECT_NEAR(r.covered_m2, kPi * 500 * 500, 1e-6);  // the small park stays in, covered

  plan::CoverageOptions all;
  all.exclusion_min_area_m2 = 0;  // every exclusion counts
  const auto r2 = plan::compute_coverage(in, all);
  EXPECT_EQ(r2.exclusions_removed, 2u);
  EXPECT_NEAR(r2.covered_m2, kPi * 500 * 500 - 400.0 * 400.0, 1e-6);
}

TEST(Coverage, ExclusionCuttingADiskRemovesItsSegment) {
  plan::CoverageInput in = square_with({{0, 0}});
  in.exclusions.push_back(plan::rectangle(-2000, 300, 2000, 2000));  // chord 300 m above the stop
  const auto r = plan::compute_coverage(in, {});
  EXPECT_NEAR(r.covered_m2, kPi * 500 * 500 - segment_area(500, 300), 1e-6);
}

TEST(Coverage, PopulationPolygonsAreApportionedByCoveredArea) {
  plan::CoverageInput in = square_with({{0, 0}});
  in.population_polygons.push_back({plan::rectangle(-100, -100, 100, 100), 300});    // inside the disk
  in.population_polygons.push_back({plan::rectangle(1000, 1000, 1500, 1500), 700});  // far outside
  // A 2 m strip from the stop to x = 1000: the circle's edge crosses it at x ≈ 500, so about half is covered.
  in.population_polygons.push_back({plan::rectangle(0, -1, 1000, 1), 1000});
  const auto r = plan::compute_coverage(in, {});
  // ∫₋₁¹ √(r² − y²) dy = √(r² − 1) + r²·asin(1/r): the strip's area inside the circle, ≈ 1000 of its 2000 m².
  const double strip_covered_m2 = std::sqrt(500.0 * 500 - 1) + 500.0 * 500 * std::asin(1 / 500.0);
  EXPECT_NEAR(r.population_total, 2000, 1e-6);
  EXPECT_NEAR(r.population_covered, 300 + 1000 * strip_covered_m2 / 2000, 1e-6);
  ASSERT_TRUE(r.population_ratio);
  EXPECT_NEAR(*r.population_ratio, (300 + 500) / 2000.0, 1e-4);
}

TEST(Coverage, PopulationOutsideTheStudyAreaIsNotCounted) {
  plan::CoverageInput in = square_with({{1900, 0}});
  // Half of this block lies beyond the area's edge at x = 2000: half its people count.
  in.population_polygons.push_back({plan::rectangle(1900, -10, 2100, 10), 400});
  const auto r = plan::compute_coverage(in, {});
  EXPECT_NEAR(r.population_total, 200, 1e-9);
  EXPECT_NEAR(r.population_covered, 200, 1e-9);
}

TEST(Coverage, PopulationPointsCountWhenWithinTheRadius) {
  plan::CoverageInput in = square_with({{0, 0}});
  in.population_points = {{{0, 499}, 10}, {{0, 501}, 20}, {{3000, 0}, 1000}};  // the last is outside the area
  const auto r = plan::compute_coverage(in, {});
  EXPECT_DOUBLE_EQ(r.population_total, 30);
  EXPECT_DOUBLE_EQ(r.population_covered, 10);
  EXPECT_NEAR(*r.population_ratio, 1.0 / 3, 1e-12);
}

TEST(Coverage, NoPopulationGivesNoRatio) {
  const auto r = plan::compute_coverage(square_with({{0, 0}}), {});
  EXPECT_FALSE(r.population_ratio);
}

TEST(Coverage, NonPositiveRadiusIsAUsageError) {
  plan::CoverageOptions o;
  o.radius_m = -5;
  EXPECT_THROW(plan::compute_coverage(square_with({{0, 0}}), o), plan::UsageError);
  o.radius_m = 0;
  EXPECT_THROW(plan::compute_coverage(square_with({{0, 0}}), o), plan::UsageError);
}

TEST(Coverage, WorksAtUtmMagnitudesWithoutLosingPrecision) {
  const double e = 500000, n = 3900000;  // Heze in EPSG:32650
  plan::CoverageInput in;
  in.area = {plan::rectangle(e - 2000, n - 2000, e + 2000, n + 2000)};
  in.stops = {{e, n}, {e + 300, n}};
  const auto r = plan::compute_coverage(in, {});
  EXPECT_NEAR(r.covered_m2, 2 * kPi * 500 * 500 - lens_area(500, 300), 1e-4);
}

TEST(Coverage, PolygonsMatchTheMeasuredAreas) {
  plan::CoverageInput in = square_with({{0, 0}, {700, 0}, {1900, 1900}});
  plan::CoverageOptions o;
  o.want_polygons = true;
  const auto r = plan::compute_coverage(in, o);
  // The output circles are 128-gons: their area falls short of the true circles by < 0.05 %.
  EXPECT_NEAR(plan::area_m2(r.covered), r.covered_m2, r.covered_m2 * 5e-4);
  EXPECT_NEAR(plan::area_m2(r.covered) + plan::area_m2(r.gaps), r.area_m2, 1e-3);
}

TEST(DiskUnionArea, MatchesAFineGeosUnionOnRandomCities) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    plan::SeededRandom rng(seed);
    std::vector<plan::XY> stops;
    for (int i = 0; i < 60; ++i) stops.push_back({rng.uniform(-3000, 3000), rng.uniform(-3000, 3000)});
    plan::Polygon star;
    for (int i = 0; i < 40; ++i) {
      const double t = 2 * kPi * i / 40, rad = rng.uniform(1500, 3200);
      star.outer.push_back({rad * std::cos(t), rad * std::sin(t)});
    }
    star.outer.push_back(star.outer.front());
    const plan::MultiPolygon area{star};
    const double ours = plan::disk_union_area_within(stops, 400, area);
    const double reference = geos_reference_area(stops, 400, area);
    // 2048-gons fall short of circles by ~1.6e-6 relative; ours must sit just above the reference.
    EXPECT_NEAR(ours, reference, reference * 5e-6) << "seed " << seed;
    EXPECT_GE(ours, reference) << "seed " << seed;
  }
}

TEST(DiskUnionArea, WithoutARegionEqualsInclusionExclusionForTwoDisks) {
  EXPECT_NEAR(plan::disk_union_area({{0, 0}, {250, 0}}, 200), 2 * kPi * 40000 - lens_area(200, 250), 1e-6);
  EXPECT_DOUBLE_EQ(plan::disk_union_area({}, 200), 0);
}

TEST(DiskUnionArea, ADiskSwallowedByItsNeighboursAddsNothing) {
  // Eight neighbours 100 m from the centre: every point of the central circle lies within 410 m of one
  // of them, so the central disk adds no area although no single neighbour contains it.
  std::vector<plan::XY> ring;
  for (int i = 0; i < 8; ++i)
    ring.push_back({100 * std::cos(2 * kPi * i / 8), 100 * std::sin(2 * kPi * i / 8)});
  std::vector<plan::XY> with_centre = ring;
  with_centre.push_back({0, 0});
  EXPECT_NEAR(plan::disk_union_area(with_centre, 500), plan::disk_union_area(ring, 500), 1e-6);
}

TEST(Coverage, TheHeaderExampleGivesTheDocumentedRatio) {
  plan::CoverageInput in;
  in.stops = {{0, 0}, {600, 0}};
  in.area = {plan::rectangle(-1000, -1000, 1000, 1000)};
  const plan::CoverageResult r = plan::compute_coverage(in, {});
  // Two 500 m disks overlapping in a lens, the second cut by the square's edge at x = 1000 (chord 400 m
  // from its centre): (2πr² − lens − segment) / 4 km².
  const double expected = (2 * kPi * 500 * 500 - lens_area(500, 600) - segment_area(500, 400)) / 4e6;
  EXPECT_NEAR(r.area_ratio, expected, 1e-12);
  EXPECT_NEAR(r.area_ratio, 0.33, 0.005);
}

TEST(DiskUnionArea, DegenerateGridsOfStopsMatchTheReference) {
  // Tangent circles (spacing 2R), four circles through one point (spacing R·√2), and area edges running
  // through stop centres and through the circles' common points.
  for (double spacing : {1000.0, 500 * std::sqrt(2.0), 500.0}) {
    std::vector<plan::XY> stops;
    for (int j = 0; j < 5; ++j)
      for (int i = 0; i < 5; ++i) stops.push_back({i * spacing, j * spacing});
    const plan::MultiPolygon area{plan::rectangle(0, 0, 2 * spacing + spacing / 2, 4 * spacing)};
    const double ours = plan::disk_union_area_within(stops, 500, area);
    const double reference = geos_reference_area(stops, 500, area);
    EXPECT_NEAR(ours, reference, reference * 5e-6) << "spacing " << spacing;
  }
  // Tangent circles only touch: their union is the plain sum.
  EXPECT_NEAR(plan::disk_union_area({{0, 0}, {1000, 0}, {2000, 0}}, 500), 3 * kPi * 250000, 1e-6);
}
