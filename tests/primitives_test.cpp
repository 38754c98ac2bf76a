// Geometry primitives (plan/primitives.hpp): hand-computed cases, then random inputs cross-checked against
// independent references (the winding number by summed angles for point in ring, dense sampling of the
// segment for point-to-segment distance).
#include "plan/primitives.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace {

// Winding number of the closed ring around p by summing the signed angles its edges subtend at p: a
// different method from the crossing count, exact up to rounding away from the boundary.
int winding_number(const plan::Ring& ring, plan::XY p) {
  double total = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const plan::XY a = ring[i], b = ring[(i + 1) % ring.size()];
    total += std::atan2((a.x - p.x) * (b.y - p.y) - (a.y - p.y) * (b.x - p.x),
                        (a.x - p.x) * (b.x - p.x) + (a.y - p.y) * (b.y - p.y));
  }
  return static_cast<int>(std::lround(total / (2 * std::numbers::pi)));
}

// A simple star-shaped polygon around (cx, cy): vertices at increasing angles, random radii.
plan::Ring random_star(std::mt19937_64& rng, double cx, double cy, int n) {
  std::uniform_real_distribution<double> radius(20, 100);
  plan::Ring r;
  for (int k = 0; k < n; ++k) {
    const double a = 2 * std::numbers::pi * k / n;
    const double rad = radius(rng);
    r.push_back({cx + rad * std::cos(a), cy + rad * std::sin(a)});
  }
  r.push_back(r.front());
  return r;
}

// Distance from p to the nearest boundary point, for skipping points too close to call.
double distance_to_ring(const plan::Ring& ring, plan::XY p) {
  double best = INFINITY;
  for (std::size_t i = 1; i < ring.size(); ++i)
    best = std::min(best, plan::distance_to_segment_m(p, ring[i - 1], ring[i]));
  return best;
}

}  // namespace

TEST(Primitives, RingContainsTheInsideOfASquareAndNotTheOutside) {
  const plan::Ring square = plan::rectangle(0, 0, 10, 10).outer;
  EXPECT_TRUE(plan::ring_contains(square, {5, 5}));
  EXPECT_TRUE(plan::ring_contains(square, {0.001, 9.999}));
  EXPECT_FALSE(plan::ring_contains(square, {-0.001, 5}));
  EXPECT_FALSE(plan::ring_contains(square, {5, 10.5}));
  EXPECT_FALSE(plan::ring_contains(square, {20, 5}));
}

TEST(Primitives, RingContainsDoesNotDependOnClosingOrOrientation) {
  const plan::Ring closed = {{0, 0}, {4, 0}, {0, 4}, {0, 0}};
  const plan::Ring open = {{0, 0}, {4, 0}, {0, 4}};
  const plan::Ring clockwise = {{0, 0}, {0, 4}, {4, 0}, {0, 0}};
  for (const plan::XY p : {plan::XY{1, 1}, plan::XY{1.9, 1.9}, plan::XY{2.1, 2.1}, plan::XY{-1, 1}}) {
    const bool want = p.x > 0 && p.y > 0 && p.x + p.y < 4;
    EXPECT_EQ(plan::ring_contains(closed, p), want) << p.x << "," << p.y;
    EXPECT_EQ(plan::ring_contains(open, p), want) << p.x << "," << p.y;
    EXPECT_EQ(plan::ring_contains(clockwise, p), want) << p.x << "," << p.y;
  }
}

TEST(Primitives, DegenerateRingsContainNothing) {
  EXPECT_FALSE(plan::ring_contains({}, {0, 0}));
  EXPECT_FALSE(plan::ring_contains({{0, 0}}, {0, 0}));
  EXPECT_FALSE(plan::ring_contains({{-1, -1}, {1, 1}}, {0, 0}));
  EXPECT_FALSE(plan::ring_contains({{-1, -1}, {1, 1}, {-1, -1}}, {0, 0}));
}

TEST(Primitives, APointInAHoleIsOutsideAndTheSetContainsWhatAnyPartContains) {
  plan::Polygon p = plan::rectangle(0, 0, 10, 10);
  p.holes.push_back(plan::rectangle(4, 4, 6, 6).outer);
  EXPECT_TRUE(plan::polygon_contains(p, {2, 2}));
  EXPECT_FALSE(plan::polygon_contains(p, {5, 5}));
  const plan::MultiPolygon set = {p, plan::rectangle(20, 0, 30, 10)};
  EXPECT_TRUE(plan::polygons_contain(set, {25, 5}));
  EXPECT_FALSE(plan::polygons_contain(set, {15, 5}));
  EXPECT_FALSE(plan::polygons_contain(set, {5, 5}));
  EXPECT_FALSE(plan::polygons_contain({}, {5, 5}));
}

TEST(Primitives, RingContainsAgreesWithTheWindingNumberOnRandomStars) {
  std::mt19937_64 rng(20261201);
  std::uniform_real_distribution<double> coord(-1000, 1000), offset(-120, 120);
  int checked = 0, inside = 0;
  for (int poly = 0; poly < 200; ++poly) {
    const double cx = coord(rng), cy = coord(rng);
    const plan::Ring ring = random_star(rng, cx, cy, 3 + static_cast<int>(rng() % 30));
    for (int k = 0; k < 200; ++k) {
      const plan::XY p{cx + offset(rng), cy + offset(rng)};
      if (distance_to_ring(ring, p) < 1e-6) continue;  // on the boundary either answer is allowed
      const bool want = winding_number(ring, p) != 0;
      ASSERT_EQ(plan::ring_contains(ring, p), want) << "polygon " << poly << " point " << p.x << "," << p.y;
      ++checked, inside += want;
    }
  }
  EXPECT_GT(checked, 39000);
  EXPECT_GT(inside, 5000);  // both answers exercised
  EXPECT_LT(inside, checked - 5000);
}

TEST(Primitives, DistanceToASegmentIsPerpendicularInsideAndToTheNearerEndOutside) {
  EXPECT_DOUBLE_EQ(plan::distance_to_segment_m({5, 3}, {0, 0}, {10, 0}), 3);
  EXPECT_DOUBLE_EQ(plan::distance_to_segment_m({13, 4}, {0, 0}, {10, 0}), 5);
  EXPECT_DOUBLE_EQ(plan::distance_to_segment_m({-3, -4}, {0, 0}, {10, 0}), 5);
  EXPECT_DOUBLE_EQ(plan::distance_to_segment_m({3, 4}, {0, 0}, {0, 0}), 5);
  EXPECT_DOUBLE_EQ(plan::closest_on_segment_t({5, 3}, {0, 0}, {10, 0}), 0.5);
  EXPECT_DOUBLE_EQ(plan::closest_on_segment_t({-5, 3}, {0, 0}, {10, 0}), 0);
  EXPECT_DOUBLE_EQ(plan::closest_on_segment_t({15, 3}, {0, 0}, {10, 0}), 1);
  // A diagonal: (0, 2) is √2 from the line y = x, its foot (1, 1) halfway along (0, 0)–(2, 2).
  EXPECT_NEAR(plan::distance_to_segment_m({0, 2}, {0, 0}, {2, 2}), std::sqrt(2.0), 1e-12);
}

TEST(Primitives, DistanceToASegmentAgreesWithDenseSamplingOnRandomInputs) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> coord(-100, 100);
  constexpr int kSamples = 20000;
  for (int k = 0; k < 2000; ++k) {
    const plan::XY a{coord(rng), coord(rng)}, b{coord(rng), coord(rng)}, p{coord(rng), coord(rng)};
    double sampled = INFINITY;
    for (int s = 0; s <= kSamples; ++s) {
      const double t = static_cast<double>(s) / kSamples;
      sampled = std::min(sampled, std::hypot(p.x - (a.x + t * (b.x - a.x)), p.y - (a.y + t * (b.y - a.y))));
    }
    const double d = plan::distance_to_segment_m(p, a, b);
    // The exact distance is never larger than a sample's, and a sample lies within half a step of the foot.
    const double step = std::hypot(b.x - a.x, b.y - a.y) / kSamples;
    ASSERT_LE(d, sampled + 1e-9);
    ASSERT_GE(d, sampled - step / 2 - 1e-9);
  }
}
