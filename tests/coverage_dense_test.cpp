// The exact union-of-disks area where disks overlap heavily (a city centre's stops: most circles buried in
// their neighbours), against answers found independently: closed forms for chains of disks, and an exact
// slab decomposition that integrates the union's width row by row in closed form.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

#include "access/deep_cells.hpp"
#include "access/street_buffer.hpp"
#include "geom/geos.hpp"
#include "plan/coverage.hpp"
#include "plan/synthetic.hpp"

namespace {

constexpr double kPi = std::numbers::pi;

double lens_area(double r, double d) {
  return 2 * r * r * std::acos(d / (2 * r)) - d / 2 * std::sqrt(4 * r * r - d * d);
}

// ∫ √(r² − t²) dt from 0 to t, |t| ≤ r.
double half_chord_integral(double r, double t) {
  t = std::clamp(t, -r, r);
  return 0.5 * (t * std::sqrt(std::max(0.0, r * r - t * t)) + r * r * std::asin(t / r));
}

// Exact area of (⋃ disks) ∩ [x0, x1] × [y0, y1] by horizontal slabs: between consecutive breakpoints (disk
// tops and bottoms, pairwise circle crossings, circles crossing the box's sides) the union's row is a fixed
// set of intervals whose ends are each one circle's left or right side or a box side, and each such side
// integrates in closed form. O(n³ log n): for small cases only.
double slab_reference_area(const std::vector<plan::XY>& c, double r, double x0, double y0, double x1,
                           double y1) {
  std::vector<double> ys{y0, y1};
  for (std::size_t i = 0; i < c.size(); ++i) {
    ys.push_back(c[i].y - r);
    ys.push_back(c[i].y + r);
    for (double xs : {x0, x1})
      if (std::abs(xs - c[i].x) < r) {
        const double h = std::sqrt(r * r - (xs - c[i].x) * (xs - c[i].x));
        ys.push_back(c[i].y - h);
        ys.push_back(c[i].y + h);
      }
    for (std::size_t j = i + 1; j < c.size(); ++j) {
      const double dx = c[j].x - c[i].x, dy = c[j].y - c[i].y, d = std::hypot(dx, dy);
      if (d == 0 || d >= 2 * r) continue;
      const double h = std::sqrt(r * r - d * d / 4);
      ys.push_back(c[i].y + dy / 2 + h * dx / d);
      ys.push_back(c[i].y + dy / 2 - h * dx / d);
    }
  }
  std::sort(ys.begin(), ys.end());
  // One end of a row interval: circle k's left (side −1) or right (+1) boundary, or a box side (k = −1).
  struct End {
    double x;
    int k, side;
  };
  double area = 0;
  for (std::size_t s = 0; s + 1 < ys.size(); ++s) {
    const double ya = std::max(ys[s], y0), yb = std::min(ys[s + 1], y1);
    if (!(yb > ya)) continue;
    const double ym = (ya + yb) / 2;
    std::vector<std::pair<End, End>> row;
    for (std::size_t k = 0; k < c.size(); ++k) {
      const double t = ym - c[k].y;
      if (std::abs(t) >= r) continue;
      const double w = std::sqrt(r * r - t * t);
      row.push_back({{c[k].x - w, static_cast<int>(k), -1}, {c[k].x + w, static_cast<int>(k), 1}});
    }
    std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first.x < b.first.x; });
    auto integral = [&](const End& e) {  // ∫ x(y) dy over the slab for this end
      if (e.k < 0) return e.x * (yb - ya);
      const plan::XY ck = c[static_cast<std::size_t>(e.k)];
      return ck.x * (yb - ya) +
             e.side * (half_chord_integral(r, yb - ck.y) - half_chord_integral(r, ya - ck.y));
    };
    auto add_interval = [&](End a, End b) {
      if (a.x < x0) a = {x0, -1, 0};
      if (b.x > x1) b = {x1, -1, 0};
      if (b.x > a.x) area += integral(b) - integral(a);
    };
    std::size_t i = 0;
    while (i < row.size()) {
      End start = row[i].first, end = row[i].second;
      for (++i; i < row.size() && row[i].first.x <= end.x; ++i)
        if (row[i].second.x > end.x) end = row[i].second;
      add_interval(start, end);
    }
  }
  return area;
}

std::vector<plan::XY> cluster(std::uint64_t seed, int n, double spread) {
  plan::SeededRandom rng(seed);
  std::vector<plan::XY> out;
  for (int i = 0; i < n; ++i) {
    // Denser towards the middle, as stops are in a city centre.
    const double rad = spread * rng.uniform() * rng.uniform(), t = rng.uniform(0, 2 * kPi);
    out.push_back({rad * std::cos(t), rad * std::sin(t)});
  }
  return out;
}

}  // namespace

TEST(DenseCoverage, TheSlabReferenceReproducesTheLensFormula) {
  const double ref = slab_reference_area({{0, 0}, {300, 0}}, 500, -1e4, -1e4, 1e4, 1e4);
  EXPECT_NEAR(ref, 2 * kPi * 250000 - lens_area(500, 300), 1e-6);
}

TEST(DenseCoverage, ManyCopiesOfOneDiskCoverOneDisk) {
  std::vector<plan::XY> same(500, plan::XY{1234.5, -678.25});
  EXPECT_NEAR(plan::disk_union_area(same, 500), kPi * 250000, 1e-6);
}

TEST(DenseCoverage, AChainOfNearlyCoincidentDisksAddsOneCrescentPerDisk) {
  // Collinear centres: disk k meets the union of the earlier ones only where it meets disk k − 1 (any point
  // within r of c_k and c_{k−2} is within r of c_{k−1}, which lies between them), so each disk adds its area
  // less one lens.
  for (double spacing : {0.01, 1.0, 37.0, 499.0}) {
    std::vector<plan::XY> chain;
    for (int k = 0; k < 300; ++k) chain.push_back({k * spacing, 0.5 * k * spacing});
    const double step = std::hypot(spacing, 0.5 * spacing);
    const double expected = kPi * 250000 + 299 * (kPi * 250000 - lens_area(500, step));
    EXPECT_NEAR(plan::disk_union_area(chain, 500), expected, expected * 1e-12 + 1e-6)
        << "spacing " << spacing;
  }
}

TEST(DenseCoverage, ADiskInsideARingOfDisksAddsOnlyWhatTheRingLeavesOpen) {
  // Twelve disks on a circle of radius 700 m leave a hole around the middle; a disk at the middle fills it
  // and more, its circle partly buried and partly not. A second middle disk 1 m away changes little.
  std::vector<plan::XY> ring;
  for (int i = 0; i < 12; ++i)
    ring.push_back({700 * std::cos(2 * kPi * i / 12), 700 * std::sin(2 * kPi * i / 12)});
  for (const std::vector<plan::XY>& extra :
       {std::vector<plan::XY>{}, std::vector<plan::XY>{{0, 0}}, std::vector<plan::XY>{{0, 0}, {1, 0}}}) {
    std::vector<plan::XY> all = ring;
    all.insert(all.end(), extra.begin(), extra.end());
    const double ref = slab_reference_area(all, 500, -2e3, -2e3, 2e3, 2e3);
    EXPECT_NEAR(plan::disk_union_area(all, 500), ref, ref * 1e-10) << extra.size() << " middle disks";
  }
}

TEST(DenseCoverage, DenseClustersMatchTheSlabDecomposition) {
  // Most circles here are buried: hundreds of disks within a few hundred metres of each other.
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const std::vector<plan::XY> stops = cluster(seed, 150, 1500);
    const double ref = slab_reference_area(stops, 500, -1e4, -1e4, 1e4, 1e4);
    EXPECT_NEAR(plan::disk_union_area(stops, 500), ref, ref * 1e-10) << "seed " << seed;
  }
}

TEST(DenseCoverage, DenseClustersClippedToARectangleMatchTheSlabDecomposition) {
  for (std::uint64_t seed : {4u, 5u}) {
    const std::vector<plan::XY> stops = cluster(seed, 120, 1800);
    const double x0 = -700, y0 = -1100, x1 = 900, y1 = 450;
    const double ref = slab_reference_area(stops, 500, x0, y0, x1, y1);
    const double ours = plan::disk_union_area_within(stops, 500, {plan::rectangle(x0, y0, x1, y1)});
    EXPECT_NEAR(ours, ref, ref * 1e-10) << "seed " << seed;
  }
}

TEST(DenseCoverage, ALatticeFinerThanTheRadiusCoversItsHullAndRim) {
  // A 40 × 40 lattice 25 m apart: every interior circle is buried. Compared with the slab decomposition on
  // a subset that has the same boundary: the lattice's outermost rows and columns (the inner disks add no
  // area, so both must agree to rounding).
  std::vector<plan::XY> lattice, rim;
  for (int j = 0; j < 40; ++j)
    for (int i = 0; i < 40; ++i) {
      lattice.push_back({i * 25.0, j * 25.0});
      if (i == 0 || j == 0 || i == 39 || j == 39) rim.push_back({i * 25.0, j * 25.0});
    }
  const double ref = slab_reference_area(rim, 500, -1e4, -1e4, 1e4, 1e4);
  EXPECT_NEAR(plan::disk_union_area(lattice, 500), ref, ref * 1e-10);
}

namespace {

// The covered polygons of plan coverage --out for these stops in a square 4 km wide.
plan::CoverageResult with_polygons(const std::vector<plan::XY>& stops) {
  plan::CoverageInput in;
  in.stops = stops;
  in.area = {plan::rectangle(-2000, -2000, 2000, 2000)};
  plan::CoverageOptions o;
  o.want_polygons = true;
  return plan::compute_coverage(in, o);
}

std::vector<plan::XY> ring_of(int n, double radius) {
  std::vector<plan::XY> out;
  for (int i = 0; i < n; ++i)
    out.push_back({radius * std::cos(2 * kPi * i / n), radius * std::sin(2 * kPi * i / n)});
  return out;
}

std::size_t hole_count(const plan::MultiPolygon& m) {
  std::size_t n = 0;
  for (const plan::Polygon& p : m) n += p.holes.size();
  return n;
}

}  // namespace

TEST(DenseCoveragePolygons, AHoleFilledOnlyByABuriedDiskStaysFilled) {
  // 24 disks 600 m from the middle leave a hole of radius ~100 m; a disk at the middle fills it, though
  // its circle lies wholly inside the ring's disks.
  std::vector<plan::XY> stops = ring_of(24, 600);
  stops.push_back({0, 0});
  const plan::CoverageResult r = with_polygons(stops);
  EXPECT_EQ(hole_count(r.covered), 0u);
  EXPECT_NEAR(plan::area_m2(r.covered), r.covered_m2, r.covered_m2 * 5e-4);
  EXPECT_NEAR(plan::area_m2(r.covered) + plan::area_m2(r.gaps), r.area_m2, 1e-3);
}

TEST(DenseCoveragePolygons, AnOpenHoleStaysOpen) {
  // Without the middle disk the hole (radius ~100 m, ~3 ha) is part of the gaps.
  const plan::CoverageResult r = with_polygons(ring_of(24, 600));
  EXPECT_EQ(hole_count(r.covered), 1u);
  EXPECT_NEAR(plan::area_m2(r.covered), r.covered_m2, r.covered_m2 * 5e-4);
  EXPECT_NEAR(plan::area_m2(r.covered) + plan::area_m2(r.gaps), r.area_m2, 1e-3);
}

TEST(DenseCoveragePolygons, AnIslandInsideAFilledHoleJoinsThePolygonAroundIt) {
  // An inner ring (an annulus from ~100 m to ~1,100 m, its hole open) inside an outer ring (from ~1,500 m):
  // the middle rings fill the gap between them, their circles buried in each other and in the two rings.
  // The covered area is one annulus with the inner ring's hole.
  std::vector<plan::XY> stops = ring_of(24, 600);
  for (double radius : {1150.0, 1300.0, 1450.0})
    for (const plan::XY& p : ring_of(72, radius)) stops.push_back(p);
  for (const plan::XY& p : ring_of(96, 2000)) stops.push_back(p);
  plan::CoverageInput in;
  in.stops = stops;
  in.area = {plan::rectangle(-3000, -3000, 3000, 3000)};
  plan::CoverageOptions o;
  o.want_polygons = true;
  const plan::CoverageResult r = plan::compute_coverage(in, o);
  EXPECT_EQ(r.covered.size(), 1u);
  EXPECT_EQ(hole_count(r.covered), 1u);
  EXPECT_NEAR(plan::area_m2(r.covered), r.covered_m2, r.covered_m2 * 5e-4);
}

TEST(DenseCoveragePolygons, DenseClustersMatchTheMeasuredArea) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const plan::CoverageResult r = with_polygons(cluster(seed, 400, 2500));
    EXPECT_NEAR(plan::area_m2(r.covered), r.covered_m2, r.covered_m2 * 5e-4) << "seed " << seed;
    EXPECT_NEAR(plan::area_m2(r.covered) + plan::area_m2(r.gaps), r.area_m2, 1e-3) << "seed " << seed;
  }
}

TEST(DeepCells, ACircleCalledBuriedHasEveryPointInsideAnotherDisk) {
  // Brute force: 720 points on each circle the grid calls buried, each within r of another centre. Both for
  // exact circles and for the 128-gons' inscribed circles (the polygon output's test).
  for (double inscribed : {1.0, std::cos(kPi / 128)}) {
    const std::vector<plan::XY> stops = cluster(7, 600, 2500);
    const double r = 500;
    const plan::access::DeepCells deep(stops, r, inscribed);
    std::size_t buried = 0;
    for (std::size_t i = 0; i < stops.size(); ++i) {
      if (!deep.buried(stops[i])) continue;
      ++buried;
      for (int k = 0; k < 720; ++k) {
        const double t = 2 * kPi * k / 720;
        for (double rad : {r * inscribed, r}) {
          const plan::XY p{stops[i].x + rad * std::cos(t), stops[i].y + rad * std::sin(t)};
          bool inside_another = false;
          for (std::size_t j = 0; j < stops.size() && !inside_another; ++j)
            inside_another = j != i && std::hypot(p.x - stops[j].x, p.y - stops[j].y) < r * inscribed;
          ASSERT_TRUE(inside_another) << "stop " << i << " angle " << t;
        }
      }
    }
    // Most of a cluster this dense is buried, so the check above is not vacuous.
    EXPECT_GT(buried, stops.size() / 2) << "inscribed " << inscribed;
  }
}

TEST(DenseCoveragePolygons, EqualTheCapsuleUnionOfEveryCircleOnRingsWithHolesFilledAndOpen) {
  // Rings of disks leave holes; some rings get a middle disk (buried in the ring, filling the hole), some
  // not. The fast path (buried circles left out, holes filled) must give the polygons that the capsule
  // union of every circle gives, clipped the same way.
  plan::SeededRandom rng(9);
  std::vector<plan::XY> stops;
  for (int k = 0; k < 12; ++k) {
    const plan::XY c{rng.uniform(-6000, 6000), rng.uniform(-6000, 6000)};
    const double radius = rng.uniform(560, 640);
    for (const plan::XY& p : ring_of(24, radius)) stops.push_back({c.x + p.x, c.y + p.y});
    if (k % 2 == 0) stops.push_back(c);
  }
  for (const plan::XY& p : cluster(11, 300, 3000)) stops.push_back(p);
  plan::CoverageInput in;
  in.stops = stops;
  in.area = {plan::rectangle(-6500, -6500, 6500, 6500)};
  plan::CoverageOptions o;
  o.want_polygons = true;
  const plan::CoverageResult r = plan::compute_coverage(in, o);

  plan::access::CapsuleUnion every(500, o.polygon_segments_per_quadrant);
  std::vector<plan::access::Segment> points;
  for (const plan::XY& s : stops) points.push_back({s, s});
  every.add(points);
  const std::optional<plan::MultiPolygon> all = every.polygons();
  ASSERT_TRUE(all);
  const plan::MultiPolygon reference = plan::geom::intersection(*all, in.area);
  const double apart = plan::area_m2(plan::geom::difference(r.covered, reference)) +
                       plan::area_m2(plan::geom::difference(reference, r.covered));
  EXPECT_LT(apart, 1e-6 * plan::area_m2(reference));
  EXPECT_EQ(hole_count(r.covered), hole_count(reference));
  EXPECT_GE(hole_count(r.covered), 4u);  // the open rings' holes at least
}
