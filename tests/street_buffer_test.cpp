// The capsule union behind isochrone polygons, checked against GEOS: the union of the very same buffers
// (GEOSBufferWithStyle of each two-point line, GEOSUnaryUnion), and the finely drawn buffer-union as the
// true shape.
#include "access/street_buffer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numbers>
#include <optional>
#include <string>

#include "geom/geos.hpp"
#include "network_fixtures.hpp"
#include "plan/coverage.hpp"
#include "plan/isochrone.hpp"
#include "plan/osm.hpp"
#include "plan/reach.hpp"
#include "plan/synthetic.hpp"

namespace {

using plan::access::Segment;
using plan::geom::GeomPtr;

double drawn_circle_m2(double r, int q) { return 2 * q * r * r * std::sin(std::numbers::pi / (2 * q)); }

GeomPtr geos_of(const plan::MultiPolygon& mp) {
  return plan::geom::to_geos(plan::geom::thread_context(), mp);
}

bool valid(const plan::MultiPolygon& mp) {
  auto& ctx = plan::geom::thread_context();
  GeomPtr g = geos_of(mp);
  return GEOSisValid_r(ctx.handle(), g.get()) == 1;
}

double area(const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(plan::geom::thread_context().handle(), g, &a);
  return a;
}

double sym_difference_m2(const plan::MultiPolygon& a, const plan::MultiPolygon& b) {
  auto& ctx = plan::geom::thread_context();
  GeomPtr ga = geos_of(a), gb = geos_of(b);
  GeomPtr d = plan::geom::own(ctx, GEOSSymDifference_r(ctx.handle(), ga.get(), gb.get()), "SymDifference");
  return area(d.get());
}

double perimeter_m(const plan::MultiPolygon& mp) {
  double p = 0;
  auto ring = [&](const plan::Ring& r) {
    for (std::size_t i = 0; i + 1 < r.size(); ++i) p += std::hypot(r[i + 1].x - r[i].x, r[i + 1].y - r[i].y);
  };
  for (const auto& poly : mp) {
    ring(poly.outer);
    for (const auto& h : poly.holes) ring(h);
  }
  return p;
}

std::size_t hole_count(const plan::MultiPolygon& mp) {
  std::size_t n = 0;
  for (const auto& p : mp) n += p.holes.size();
  return n;
}

// The reference: GEOS buffers each segment as a two-point line and unions them all.
plan::MultiPolygon geos_union(const std::vector<Segment>& segs, double r, int q) {
  auto& ctx = plan::geom::thread_context();
  GEOSContextHandle_t h = ctx.handle();
  std::vector<GEOSGeometry*> parts;
  for (const Segment& s : segs) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, 2, 2);
    GEOSCoordSeq_setXY_r(h, seq, 0, s.a.x, s.a.y);
    GEOSCoordSeq_setXY_r(h, seq, 1, s.b.x, s.b.y);
    GeomPtr line = plan::geom::own(ctx, GEOSGeom_createLineString_r(h, seq), "LineString");
    parts.push_back(GEOSBufferWithStyle_r(h, line.get(), r, q, GEOSBUF_CAP_ROUND, GEOSBUF_JOIN_ROUND, 5));
  }
  GeomPtr all = plan::geom::own(ctx,
                                GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                            static_cast<unsigned>(parts.size())),
                                "Collection");
  GeomPtr u = plan::geom::own(ctx, GEOSUnaryUnion_r(h, all.get()), "UnaryUnion");
  return plan::geom::polygons_from_geos(ctx, u.get());
}

plan::MultiPolygon capsule_union(const std::vector<Segment>& segs, double r, int q) {
  plan::access::CapsuleUnion u(r, q);
  u.add(segs);
  auto mp = u.polygons();
  EXPECT_TRUE(mp.has_value()) << "the boundary pieces closed into rings";
  return mp ? *mp : plan::MultiPolygon{};
}

// Streets of a random town, in UTM-sized coordinates: wandering curved streets of 20 m steps (tiny turns
// at most joins), straight streets crossing them without shared vertices (bridges), dead ends, repeated
// and overlapping collinear segments, and streets exactly two half-widths apart (buffers that touch).
std::vector<Segment> random_town(std::uint64_t seed, double r) {
  plan::SeededRandom rng(seed);
  const plan::XY o{500000, 3900000};
  std::vector<Segment> segs;
  for (int s = 0; s < 12; ++s) {
    plan::XY p{o.x + rng.uniform(0, 1500), o.y + rng.uniform(0, 1500)};
    double heading = rng.uniform(0, 2 * std::numbers::pi);
    const int steps = 10 + static_cast<int>(rng.next() % 60);
    for (int i = 0; i < steps; ++i) {
      heading +=
          rng.uniform() < 0.3 ? rng.uniform(-0.05, 0.05) : (rng.uniform() < 0.1 ? rng.uniform(-1.5, 1.5) : 0);
      const plan::XY q{p.x + 20 * std::cos(heading), p.y + 20 * std::sin(heading)};
      segs.push_back({p, q});
      p = q;
    }
  }
  for (int s = 0; s < 8; ++s) {
    const plan::XY a{o.x + rng.uniform(0, 1500), o.y + rng.uniform(0, 1500)};
    const plan::XY b{a.x + rng.uniform(-600, 600), a.y + rng.uniform(-600, 600)};
    segs.push_back({a, b});
  }
  // A street grid with 2r between streets, split at every crossing.
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 4; ++j) {
      const plan::XY g{o.x + 2000, o.y + 200};
      segs.push_back({{g.x + j * 2 * r, g.y + i * 2 * r}, {g.x + (j + 1) * 2 * r, g.y + i * 2 * r}});
      segs.push_back({{g.x + i * 2 * r, g.y + j * 2 * r}, {g.x + i * 2 * r, g.y + (j + 1) * 2 * r}});
    }
  const std::size_t n = segs.size();
  for (std::size_t k = 0; k < n; k += 37) segs.push_back(segs[k]);                 // the same street twice
  for (std::size_t k = 5; k < n; k += 41) segs.push_back({segs[k].b, segs[k].a});  // and reversed
  const Segment& s = segs[n - 1];
  segs.push_back(
      {{(s.a.x + s.b.x) / 2, (s.a.y + s.b.y) / 2}, {2 * s.b.x - s.a.x, 2 * s.b.y - s.a.y}});  // overlapping
  return segs;
}

}  // namespace

TEST(CapsuleUnion, OneSegmentIsARectangleWithTwoHalfPolygonEnds) {
  const double r = 50;
  const plan::MultiPolygon mp = capsule_union({{{100, 200}, {400, 600}}}, r, 8);
  ASSERT_EQ(mp.size(), 1u);
  EXPECT_TRUE(mp[0].holes.empty());
  EXPECT_NEAR(plan::area_m2(mp), 500 * 2 * r + drawn_circle_m2(r, 8), 1e-6);
  EXPECT_TRUE(valid(mp));
}

TEST(CapsuleUnion, ZeroLengthSegmentIsTheDrawnCircle) {
  const plan::MultiPolygon mp = capsule_union({{{10, 10}, {10, 10}}}, 30, 4);
  ASSERT_EQ(mp.size(), 1u);
  EXPECT_NEAR(plan::area_m2(mp), drawn_circle_m2(30, 4), 1e-6);
}

TEST(CapsuleUnion, SameShapeAsGeosUnionOfTheSameBuffersOnRandomTowns) {
  // Both draw each segment's buffer identically, so the unions may differ by rounding only.
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const double r = seed % 2 ? 50 : 35;
    const int q = seed % 3 ? 8 : 3;
    const std::vector<Segment> segs = random_town(seed, r);
    const plan::MultiPolygon ours = capsule_union(segs, r, q), geos = geos_union(segs, r, q);
    ASSERT_FALSE(ours.empty());
    EXPECT_TRUE(valid(ours)) << "seed " << seed;
    const double a = plan::area_m2(geos);
    EXPECT_NEAR(plan::area_m2(ours), a, 1e-9 * a) << "seed " << seed;
    EXPECT_LT(sym_difference_m2(ours, geos), 1e-7 * a) << "seed " << seed;
    EXPECT_EQ(ours.size(), geos.size()) << "seed " << seed;
    EXPECT_EQ(hole_count(ours), hole_count(geos)) << "seed " << seed;
  }
}

TEST(CapsuleUnion, LaterBatchesOnlyGrowTheUnion) {
  const std::vector<Segment> segs = random_town(7, 50);
  plan::access::CapsuleUnion u(50, 8);
  plan::MultiPolygon before;
  for (std::size_t from = 0; from < segs.size(); from += 150) {
    u.add(std::vector<Segment>(segs.begin() + static_cast<long>(from),
                               segs.begin() + static_cast<long>(std::min(segs.size(), from + 150))));
    const auto now = u.polygons();
    ASSERT_TRUE(now.has_value());
    EXPECT_TRUE(valid(*now));
    if (!before.empty()) {
      const double outside = plan::area_m2(plan::geom::difference(before, *now));
      EXPECT_LT(outside, 1e-9 * plan::area_m2(before)) << "after " << from << " segments";
    }
    before = *now;
  }
  const double a = plan::area_m2(geos_union(segs, 50, 8));
  EXPECT_LT(sym_difference_m2(before, geos_union(segs, 50, 8)), 1e-7 * a) << "batches give the union of all";
}

namespace {

// Isochrones by both methods, and by GEOS drawn finely (64 segments a quadrant) as the true shape: ours
// must be valid, and differ from the true shape by no more than the sag of the drawn arcs
// (r·(1 − cos(π/4q)), the most an inscribed polygon falls short of its circle) along the boundary.
void compare_with_geos(const plan::Network& g, const std::vector<plan::XY>& at,
                       std::vector<double> thresholds, const char* what) {
  const plan::SnapIndex index(g);
  const auto origins = plan::snap_points(index, at, 250);
  plan::IsochroneOptions o;
  o.thresholds = std::move(thresholds);
  for (bool per_origin : {false, true}) {
    o.per_origin = per_origin;
    o.method = plan::IsochroneMethod::CapsuleUnion;
    o.quadrant_segments = 8;
    const auto ours = plan::compute_isochrones(g, origins, o);
    o.method = plan::IsochroneMethod::GeosBufferUnion;
    const auto peer = plan::compute_isochrones(g, origins, o);
    o.quadrant_segments = 64;
    const auto fine = plan::compute_isochrones(g, origins, o);
    ASSERT_EQ(ours.size(), peer.size());
    ASSERT_EQ(ours.size(), fine.size());
    const double sag = o.half_width_m * (1 - std::cos(std::numbers::pi / 32));
    for (std::size_t i = 0; i < ours.size(); ++i) {
      SCOPED_TRACE(std::string(what) + (per_origin ? ", per origin" : ", merged") + ", threshold " +
                   std::to_string(ours[i].threshold));
      EXPECT_TRUE(valid(ours[i].polygon));
      EXPECT_EQ(hole_count(ours[i].polygon), hole_count(peer[i].polygon));
      const double bound = sag * perimeter_m(fine[i].polygon);
      EXPECT_LT(sym_difference_m2(ours[i].polygon, fine[i].polygon), bound);
      EXPECT_LT(std::abs(ours[i].area_m2 - fine[i].area_m2), bound);
      EXPECT_LT(sym_difference_m2(ours[i].polygon, peer[i].polygon), bound);
      if (i + 1 < ours.size() && ours[i + 1].origin == ours[i].origin) {
        const double outside = plan::area_m2(plan::geom::difference(ours[i].polygon, ours[i + 1].polygon));
        EXPECT_LT(outside, 1e-9 * ours[i].area_m2) << "a larger threshold covers the smaller";
      }
    }
  }
}

}  // namespace

TEST(CapsuleUnion, IsochronesMatchGeosOnAGridWithHoles) {
  plan::NetworkBuilder b;
  network_fixtures::add_grid(b, 7, 250, {300000, 4000000});
  compare_with_geos(b.build(), {{300010, 4000000}, {301490, 4001500}}, {400, 900, 1600}, "grid");
}

TEST(CapsuleUnion, IsochronesMatchGeosAcrossARiverWithOneBridge) {
  // Two banks of 100 m grids (their buffers touch), a bridge at the south end, and a footbridge that
  // crosses everything without a shared vertex.
  plan::NetworkBuilder b;
  network_fixtures::add_grid(b, 5, 100, {0, 0});
  network_fixtures::add_grid(b, 5, 100, {600, 0});
  b.add_line({{400, 0}, {600, 0}});
  b.add_line({{-50, 350}, {1050, 350}});
  compare_with_geos(b.build(), {{0, 400}, {1000, 100}}, {300, 700, 1100}, "river");
}

TEST(CapsuleUnion, IsochronesMatchGeosOnARandomTown) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    plan::SyntheticCityOptions so;
    so.radius_m = 1500;
    so.street_segment_m = 20;
    so.stops = 0;
    so.seed = seed;
    const plan::SyntheticCity city = plan::generate_city(so);
    plan::NetworkBuilder b;
    for (const auto& s : city.streets) b.add_line(s);
    std::vector<plan::XY> at;
    plan::SeededRandom rng(seed);
    for (int i = 0; i < 3; ++i) at.push_back({rng.uniform(-1000, 1000), rng.uniform(-1000, 1000)});
    compare_with_geos(b.build(), at, {333, 667, 1000}, "synthetic city");
  }
}

namespace {

// The streets of an OSM extract in its UTM zone, or nothing when the shared data are absent.
std::optional<plan::Network> osm_network(const std::string& file) {
  const std::string path = PLAN_SOURCE_DIR "/../shared/data/osm/" + file;
  if (!std::ifstream(path)) return std::nullopt;
  const plan::Layer lines = plan::read_osm_walk_lines(path, {});
  plan::NetworkBuilder b;
  for (const auto& f : lines.features)
    for (const auto& l : f.geometry.lines) b.add_line(l);
  return b.build();
}

}  // namespace

TEST(CapsuleUnion, RealStreetsGiveValidRingsThatMatchGeos) {
  // Real streets bring what generated ones lack: nearly straight joins, very short and very long edges,
  // stubs doubling back, crossings without a shared vertex, duplicated ways. The reached parts of walks from
  // a few nodes, all thresholds of each walk in turn, against GEOS's union of the very same buffers.
  for (const char* file :
       {"monaco.osm.pbf", "shenzhen-futian-network.osm", "porto.osm.pbf", "andorra.osm.pbf"}) {
    const auto g = osm_network(file);
    if (!g) GTEST_SKIP() << "../shared/data/osm/" << file << " is absent";
    const plan::SnapIndex index(*g, 0, true);
    plan::SeededRandom rng(5);
    plan::ReachWorkspace ws;
    for (int walk = 0; walk < 2; ++walk) {
      const plan::XY at = g->node(static_cast<std::uint32_t>(rng.next() % g->node_count()));
      const auto origins = plan::snap_points(index, {at}, 250);
      plan::shortest_from(*g, origins, ws, 1500);
      const plan::EdgeSources same = plan::sources_by_edge(origins);
      plan::access::CapsuleUnion ours(50, 8);
      std::vector<Segment> all;
      std::size_t done = 0;
      for (double t : {500.0, 1000.0, 1500.0}) {
        for (const auto& line : plan::reached_parts(*g, ws, same, t))
          for (std::size_t k = 0; k + 1 < line.size(); ++k) all.push_back({line[k], line[k + 1]});
        // reached_parts gives everything within t; the union only needs what is new, but repeats are harmless
        ours.add(std::vector<Segment>(all.begin() + static_cast<long>(done), all.end()));
        done = all.size();
        SCOPED_TRACE(std::string(file) + ", walk " + std::to_string(walk) + ", " + std::to_string(t) + " m");
        const auto mp = ours.polygons();
        ASSERT_TRUE(mp.has_value()) << "the boundary closed into rings";
        EXPECT_TRUE(valid(*mp));
        const plan::MultiPolygon geos = geos_union(all, 50, 8);
        const double a = plan::area_m2(geos);
        // Segments shorter than 2e-4·r that end where a longer one does are left out: each may take at
        // most its length times the buffer's width (2r) with it.
        std::size_t tiny = 0;
        for (const Segment& s : all) tiny += std::hypot(s.b.x - s.a.x, s.b.y - s.a.y) < 2e-4 * 50;
        const double bound = 1e-7 * a + static_cast<double>(tiny) * 2e-4 * 50 * 2 * 50;
        EXPECT_NEAR(plan::area_m2(*mp), a, bound);
        EXPECT_LT(sym_difference_m2(*mp, geos), bound);
      }
    }
  }
}

TEST(CapsuleUnion, CoveredPolygonsOfStopCoverageMatchGeosUnionOfTheCircles) {
  // compute_coverage draws its covered polygons as the capsule union of zero-length segments: the same
  // 128-gons GEOS would unite, here with stops repeated and stops exactly 2R apart (circles touching).
  plan::SeededRandom rng(3);
  plan::CoverageInput in;
  for (int i = 0; i < 400; ++i) in.stops.push_back({rng.uniform(0, 8000), rng.uniform(0, 8000)});
  in.stops.push_back(in.stops[7]);
  in.stops.push_back({9000, 9000});
  in.stops.push_back({10000, 9000});
  in.area = {plan::rectangle(-200, -200, 10300, 9600)};
  plan::CoverageOptions o;
  o.want_polygons = true;
  const plan::CoverageResult r = plan::compute_coverage(in, o);
  std::vector<plan::Polygon> circles;
  for (const auto& s : in.stops)
    circles.push_back(plan::circle_polygon(s, o.radius_m, 4 * o.polygon_segments_per_quadrant));
  const plan::MultiPolygon geos = plan::geom::intersection(plan::geom::union_all(circles), in.area);
  const double a = plan::area_m2(geos);
  EXPECT_TRUE(valid(r.covered));
  EXPECT_NEAR(plan::area_m2(r.covered), a, 1e-9 * a);
  EXPECT_LT(sym_difference_m2(r.covered, geos), 1e-7 * a);
  EXPECT_EQ(hole_count(r.covered), hole_count(geos));
}
