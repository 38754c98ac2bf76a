// Stop coverage, side by side: GEOS buffer + union (what QGIS "Buffer + Dissolve" and PostGIS
// ST_Union(ST_Buffer()) do) against libplan's exact union-of-disks area, on the same input:
// 3,000 stops spread over a 400 km² city area, R = 500 m.
#include <benchmark/benchmark.h>
#include <geos_c.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

#include "geom/geos.hpp"
#include "plan/coverage.hpp"
#include "plan/synthetic.hpp"

namespace {

constexpr double kRadius = 500;
constexpr int kQuadrantSegments = 32;

struct Input {
  std::vector<plan::XY> stops;
  plan::MultiPolygon area;
};

const Input& input() {
  static const Input in = [] {
    Input in;
    const double e = 480000, n = 3890000, side = 20000;  // 20 km × 20 km in EPSG:32650
    in.area = {plan::rectangle(e, n, e + side, n + side)};
    plan::SeededRandom rng(11);
    for (int i = 0; i < 3000; ++i) in.stops.push_back({rng.uniform(e, e + side), rng.uniform(n, n + side)});
    return in;
  }();
  return in;
}

double geos_buffer_union_area(const Input& in) {
  plan::geom::GeosContext& ctx = plan::geom::thread_context();
  GEOSContextHandle_t h = ctx.handle();
  std::vector<GEOSGeometry*> buffers;
  buffers.reserve(in.stops.size());
  for (const plan::XY& s : in.stops) {
    plan::geom::GeomPtr pt = plan::geom::own(ctx, GEOSGeom_createPointFromXY_r(h, s.x, s.y), "point");
    buffers.push_back(GEOSBuffer_r(h, pt.get(), kRadius, kQuadrantSegments));
  }
  plan::geom::GeomPtr all =
      plan::geom::own(ctx,
                      GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, buffers.data(),
                                                  static_cast<unsigned>(buffers.size())),
                      "collection");
  plan::geom::GeomPtr merged = plan::geom::own(ctx, GEOSUnaryUnion_r(h, all.get()), "union");
  plan::geom::GeomPtr area = plan::geom::to_geos(ctx, in.area);
  plan::geom::GeomPtr clipped =
      plan::geom::own(ctx, GEOSIntersection_r(h, merged.get(), area.get()), "intersection");
  double a = 0;
  GEOSArea_r(h, clipped.get(), &a);
  return a;
}

double exact_area(const Input& in) { return plan::disk_union_area_within(in.stops, kRadius, in.area); }

void BM_GeosBufferUnion(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(geos_buffer_union_area(input()));
}
BENCHMARK(BM_GeosBufferUnion)->Unit(benchmark::kMillisecond);

void BM_ExactDiskUnion(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(exact_area(input()));
}
BENCHMARK(BM_ExactDiskUnion)->Unit(benchmark::kMillisecond);

// The covered and gap polygons for output (plan coverage --out): the circles merged by the capsule union,
// then clipped to the area by GEOS; the peer for the same polygons is BM_GeosBufferUnion above.
void BM_CoverageWithCoveredAndGapPolygons(benchmark::State& state) {
  plan::CoverageInput in;
  in.stops = input().stops;
  in.area = input().area;
  plan::CoverageOptions o;
  o.want_polygons = true;
  o.polygon_segments_per_quadrant = kQuadrantSegments;
  double covered = 0;
  for (auto _ : state) covered = plan::area_m2(plan::compute_coverage(in, o).covered);
  state.counters["covered_polygons_km2"] = covered / 1e6;
  state.counters["geos_km2"] = geos_buffer_union_area(input()) / 1e6;
}
BENCHMARK(BM_CoverageWithCoveredAndGapPolygons)->Unit(benchmark::kMillisecond);

// The 12,000 stops of bench/make_city (the whole-command benchmark's `plan coverage`): placed on the streets
// and dense at the centre, so most circles are buried in their neighbours. Metres around (0, 0).
const Input& dense_city() {
  static const Input in = [] {
    plan::SyntheticCityOptions o;  // as make_city
    o.radius_m = 8900;
    o.street_segment_m = 20;
    o.stops = 12000;
    o.seed = 2035;
    const plan::SyntheticCity city = plan::generate_city(o);
    return Input{city.stops, {city.area}};
  }();
  return in;
}

void BM_ExactDiskUnionDenseCity(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(exact_area(dense_city()));
  state.counters["covered_km2"] = exact_area(dense_city()) / 1e6;
}
BENCHMARK(BM_ExactDiskUnionDenseCity)->Unit(benchmark::kMillisecond);

void BM_CoveragePolygonsDenseCity(benchmark::State& state) {
  plan::CoverageInput in;
  in.stops = dense_city().stops;
  in.area = dense_city().area;
  plan::CoverageOptions o;
  o.want_polygons = true;
  double covered = 0;
  for (auto _ : state) covered = plan::area_m2(plan::compute_coverage(in, o).covered);
  state.counters["covered_polygons_km2"] = covered / 1e6;
}
BENCHMARK(BM_CoveragePolygonsDenseCity)->Unit(benchmark::kMillisecond);

// Scaling: a whole county-level city's stops (30,000 over 4,000 km²) and a sparse case (300 over 400 km²).
void BM_ExactDiskUnionScaling(benchmark::State& state) {
  const int stops = static_cast<int>(state.range(0));
  const double side = std::sqrt(static_cast<double>(state.range(1))) * 1000;
  Input in;
  in.area = {plan::rectangle(0, 0, side, side)};
  plan::SeededRandom rng(5);
  for (int i = 0; i < stops; ++i) in.stops.push_back({rng.uniform(0, side), rng.uniform(0, side)});
  for (auto _ : state) benchmark::DoNotOptimize(exact_area(in));
  state.counters["stops"] = stops;
  state.counters["km2"] = static_cast<double>(state.range(1));
}
BENCHMARK(BM_ExactDiskUnionScaling)->Args({300, 400})->Args({30000, 4000})->Unit(benchmark::kMillisecond);

void BM_ComputeCoverageWithPopulation(benchmark::State& state) {
  plan::CoverageInput in;
  in.stops = input().stops;
  in.area = input().area;
  const plan::XY o = input().area[0].outer[0];
  for (int j = 0; j < 40; ++j)
    for (int i = 0; i < 40; ++i)
      in.population_polygons.push_back(
          {plan::rectangle(o.x + i * 500, o.y + j * 500, o.x + (i + 1) * 500, o.y + (j + 1) * 500), 1000});
  for (auto _ : state) benchmark::DoNotOptimize(plan::compute_coverage(in, {}));
}
BENCHMARK(BM_ComputeCoverageWithPopulation)->Unit(benchmark::kMillisecond);

template <class F>
double median_ms(F&& f, int runs) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(f());
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

void print_side_by_side() {
  const Input& in = input();
  const double geos_area = geos_buffer_union_area(in), ours = exact_area(in);
  const double geos_ms = median_ms([&] { return geos_buffer_union_area(in); }, 5);
  const double ours_ms = median_ms([&] { return exact_area(in); }, 21);
  // A regular 128-gon inscribed in a circle holds sin(2π/128)·128/(2π) of its area: the buffer method's
  // expected shortfall where circles do not overlap.
  const double n = 4 * kQuadrantSegments;
  const double polygon_deficit = 1 - std::sin(2 * std::numbers::pi / n) * n / (2 * std::numbers::pi);
  std::printf("\nStop coverage side by side: %zu stops, %.0f km² area, R = %.0f m\n", in.stops.size(), 400.0,
              kRadius);
  std::printf("  %-44s %10.1f ms   covered %.1f m²\n", "GEOS buffer(32/quadrant) + UnaryUnion + clip",
              geos_ms, geos_area);
  std::printf("  %-44s %10.2f ms   covered %.1f m²\n", "libplan exact union of disks", ours_ms, ours);
  std::printf(
      "  speed-up: %.0fx; buffer method area is %.4f %% below exact (one isolated 128-gon: %.4f %%)\n",
      geos_ms / ours_ms, 100 * (ours - geos_area) / ours, 100 * polygon_deficit);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  print_side_by_side();
  return 0;
}
