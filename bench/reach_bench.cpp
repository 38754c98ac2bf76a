// Network reach on a generated city of about 2,000 km of streets (≈100k edges), 1,000 facilities and
// 200,000 homes: graph build, snapping, the reach pass and isochrones, each beside a plain textbook method
// run in the same process (GEOS STRtree nearest for snapping; a binary-heap Dijkstra per home over an
// adjacency dict, networkx style, for reach).
//
// Targets (2-core machine): reach for 200k homes < 100 ms after build; snapping 200k points < 200 ms;
// isochrones for 1,000 origins × 3 thresholds < 2 s (per origin and merged), each beside the GEOS
// buffer-and-union peer. The same streets as a driving network (classes and one-way streets assigned in
// the bench, as the generator draws no classes): build and reach by car.
#include <benchmark/benchmark.h>
#include <geos_c.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <queue>
#include <string>
#include <unordered_map>

#include "near_street.hpp"
#include "plan/isochrone.hpp"
#include "plan/network.hpp"
#include "plan/reach.hpp"
#include "plan/synthetic.hpp"

namespace {

struct World {
  plan::SyntheticCity city;
  std::vector<plan::XY> facilities, homes;
  plan::Network network;
  std::unique_ptr<plan::SnapIndex> index;
  std::vector<plan::SnapPoint> fsnap, hsnap;
};

using bench::near_street;

World& world() {
  // Built in place once (the snap index points into the network, so the world never moves).
  static World* made = [] {
    auto* pw = new World;
    World& w = *pw;
    plan::SyntheticCityOptions o;
    o.radius_m = 8900;
    o.street_segment_m = 20;
    o.stops = 0;
    o.seed = 2035;
    w.city = plan::generate_city(o);
    plan::SeededRandom rng(11);
    for (int i = 0; i < 1000; ++i) w.facilities.push_back(near_street(w.city, rng, 40));
    for (int i = 0; i < 200000; ++i) w.homes.push_back(near_street(w.city, rng, 80));
    plan::NetworkBuilder b;
    for (const auto& s : w.city.streets) b.add_line(s);
    w.network = b.build();
    w.index = std::make_unique<plan::SnapIndex>(w.network);
    w.fsnap = plan::snap_points(*w.index, w.facilities, 250);
    w.hsnap = plan::snap_points(*w.index, w.homes, 250);
    const auto& s = w.network.summary();
    std::printf("city: %.0f km of streets, %zu nodes, %zu edges, %zu components; %zu facilities, %zu homes\n",
                s.total_km, s.nodes, s.edges, s.components, w.facilities.size(), w.homes.size());
    return pw;
  }();
  return *made;
}

void BM_GraphBuild(benchmark::State& state) {
  World& w = world();
  for (auto _ : state) {
    plan::NetworkBuilder b;
    for (const auto& s : w.city.streets) b.add_line(s);
    benchmark::DoNotOptimize(b.build());
  }
}

void BM_SnapIndexBuild(benchmark::State& state) {
  World& w = world();
  for (auto _ : state) benchmark::DoNotOptimize(plan::SnapIndex(w.network));
}

void BM_Snap200kHomes_Grid(benchmark::State& state) {
  World& w = world();
  for (auto _ : state) benchmark::DoNotOptimize(plan::snap_points(*w.index, w.homes, 250));
  state.counters["points"] = static_cast<double>(w.homes.size());
}

// Peer: GEOS STRtree of the edges as two-point lines, GEOSSTRtree_nearest_r per point (what a GEOS/PostGIS
// user would write). Measured on a 20k sample and scaled to 200k.
void BM_Snap200kHomes_GeosStrtreePeer(benchmark::State& state) {
  World& w = world();
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSSTRtree* tree = GEOSSTRtree_create_r(h, 10);
  std::vector<GEOSGeometry*> lines;
  for (std::uint32_t e = 0; e < w.network.edge_count(); ++e) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, 2, 2);
    const plan::XY a = w.network.node(w.network.edge_from(e)), b = w.network.node(w.network.edge_to(e));
    GEOSCoordSeq_setXY_r(h, seq, 0, a.x, a.y);
    GEOSCoordSeq_setXY_r(h, seq, 1, b.x, b.y);
    lines.push_back(GEOSGeom_createLineString_r(h, seq));
    GEOSSTRtree_insert_r(h, tree, lines.back(), lines.back());
  }
  const std::size_t sample = 20000;
  std::vector<GEOSGeometry*> pts;
  for (std::size_t i = 0; i < sample; ++i)
    pts.push_back(GEOSGeom_createPointFromXY_r(h, w.homes[i].x, w.homes[i].y));
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    double sum = 0;
    for (GEOSGeometry* p : pts) {
      const GEOSGeometry* nearest = GEOSSTRtree_nearest_r(h, tree, p);
      double d = 0;
      GEOSDistance_r(h, p, nearest, &d);
      sum += d;
    }
    benchmark::DoNotOptimize(sum);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.SetIterationTime(s * static_cast<double>(w.homes.size()) / sample);
  }
  for (auto* p : pts) GEOSGeom_destroy_r(h, p);
  GEOSSTRtree_destroy_r(h, tree);
  for (auto* l : lines) GEOSGeom_destroy_r(h, l);
  GEOS_finish_r(h);
  state.counters["sampled"] = static_cast<double>(sample);
}

void BM_Reach200kHomes(benchmark::State& state) {
  World& w = world();
  plan::ReachWorkspace ws;
  std::size_t covered = 0;
  for (auto _ : state) {
    const plan::NearestFacilities r = plan::nearest_facilities(w.network, w.fsnap, w.hsnap, ws);
    covered = 0;
    for (double d : r.distance_m) covered += d <= 1000;
    benchmark::DoNotOptimize(covered);
  }
  state.counters["covered_share"] = static_cast<double>(covered) / static_cast<double>(w.homes.size());
}

// Peer: the textbook method. An adjacency dict (node → list of (neighbour, length)) as networkx keeps it,
// and for each home a binary-heap Dijkstra that stops at the first facility node it settles. Homes and
// facilities sit on their nearest graph node (a simplification in the peer's favour). Timed on a sample of
// homes and scaled to 200k.
void BM_Reach200kHomes_TextbookPeer(benchmark::State& state) {
  World& w = world();
  const plan::Network& g = w.network;
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, double>>> adj;
  for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
    adj[g.edge_from(e)].push_back({g.edge_to(e), g.edge_length_m(e)});
    adj[g.edge_to(e)].push_back({g.edge_from(e), g.edge_length_m(e)});
  }
  std::unordered_map<std::uint32_t, bool> is_facility;
  auto nearest_node = [&](const plan::SnapPoint& s) {
    return s.along_m < g.edge_length_m(s.edge) / 2 ? g.edge_from(s.edge) : g.edge_to(s.edge);
  };
  for (const auto& f : w.fsnap)
    if (f.snapped) is_facility[nearest_node(f)] = true;
  const std::size_t sample = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    double total = 0;
    for (std::size_t i = 0; i < sample; ++i) {
      const std::uint32_t start = nearest_node(w.hsnap[i * (w.homes.size() / sample)]);
      std::unordered_map<std::uint32_t, double> dist{{start, 0}};
      std::priority_queue<std::pair<double, std::uint32_t>, std::vector<std::pair<double, std::uint32_t>>,
                          std::greater<>>
          heap;
      heap.push({0, start});
      while (!heap.empty()) {
        const auto [d, u] = heap.top();
        heap.pop();
        if (d > dist[u]) continue;
        if (is_facility.count(u)) {
          total += d;
          break;
        }
        for (const auto& [v, len] : adj[u]) {
          auto it = dist.find(v);
          if (it == dist.end() || d + len < it->second) {
            dist[v] = d + len;
            heap.push({d + len, v});
          }
        }
      }
    }
    benchmark::DoNotOptimize(total);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.SetIterationTime(s * static_cast<double>(w.homes.size()) / static_cast<double>(sample));
  }
  state.counters["sampled"] = static_cast<double>(sample);
}

// The generated streets carry no classes: a fixed draw gives each street a class (10 % primary at 60 km/h,
// 20 % secondary 50, 20 % tertiary 40, the rest residential 30) and makes 10 % of them one-way, half
// each way. Same geometry and edge order as the walking network, so its snapped points serve unchanged.
std::vector<plan::RoadRule> bench_road_rules(std::size_t streets) {
  plan::SeededRandom rng(7);
  std::vector<plan::RoadRule> rules(streets);
  for (plan::RoadRule& r : rules) {
    const double c = rng.uniform(), d = rng.uniform();
    r.speed_kmh = c < 0.1 ? 60 : c < 0.3 ? 50 : c < 0.5 ? 40 : 30;
    if (d < 0.05)
      r.backward = false;
    else if (d < 0.1)
      r.forward = false;
  }
  return rules;
}

plan::Network build_drive_network(const World& w, const std::vector<plan::RoadRule>& rules) {
  plan::NetworkBuilder b(plan::TravelMode::Drive);
  for (std::size_t i = 0; i < w.city.streets.size(); ++i) b.add_line(w.city.streets[i], 0, rules[i]);
  return b.build();
}

void BM_DriveGraphBuild(benchmark::State& state) {
  World& w = world();
  const auto rules = bench_road_rules(w.city.streets.size());
  for (auto _ : state) benchmark::DoNotOptimize(build_drive_network(w, rules));
}

void BM_DriveReach200kHomes(benchmark::State& state) {
  World& w = world();
  const plan::Network g = build_drive_network(w, bench_road_rules(w.city.streets.size()));
  plan::ReachWorkspace ws;
  std::size_t covered = 0, reachable = 0;
  double metres = 0;
  for (auto _ : state) {
    const plan::NearestFacilities r = plan::nearest_facilities(g, w.fsnap, w.hsnap, ws);
    covered = reachable = 0;
    metres = 0;
    for (std::size_t i = 0; i < r.cost.size(); ++i) {
      covered += r.cost[i] <= 60;  // 1 minute by car
      if (r.cost[i] < plan::kUnreached) ++reachable, metres += r.distance_m[i];
    }
    benchmark::DoNotOptimize(covered);
  }
  state.counters["covered_share_1min"] = static_cast<double>(covered) / static_cast<double>(w.homes.size());
  state.counters["reachable_share"] = static_cast<double>(reachable) / static_cast<double>(w.homes.size());
  state.counters["mean_m"] = reachable ? metres / static_cast<double>(reachable) : 0;
  state.counters["oneway_edges"] = static_cast<double>(g.summary().oneway_edges);
  state.counters["strong_components"] = static_cast<double>(g.summary().components);
}

double process_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// Seconds the GEOS peer took for each isochrone benchmark, so ours can print the ratio.
std::unordered_map<std::string, double> peer_seconds;

// Ours (capsule union) or the peer (GEOS buffer of each chained reached line + GEOSUnaryUnion, what QGIS
// "buffer + dissolve" and PostGIS ST_Union(ST_Buffer()) do), on the same origins and thresholds.
void isochrones(benchmark::State& state, bool per_origin, plan::IsochroneMethod method) {
  World& w = world();
  const std::size_t n = per_origin ? static_cast<std::size_t>(state.range(0)) : w.fsnap.size();
  std::vector<plan::SnapPoint> origins(w.fsnap.begin(), w.fsnap.begin() + n);
  plan::IsochroneOptions o;
  o.thresholds = {1000.0 / 3, 2000.0 / 3, 1000};  // 5, 10 and 15 minutes at 4 km/h
  o.per_origin = per_origin;
  o.method = method;
  double area = 0, seconds = 0;
  std::size_t vertices = 0;
  double cpu = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = process_cpu_s();
    const auto iso = plan::compute_isochrones(w.network, origins, o);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu = process_cpu_s() - c0;
    area = 0, vertices = 0;
    for (const auto& i : iso) {
      if (i.threshold != o.thresholds.back()) continue;
      area += i.area_m2;
      for (const auto& p : i.polygon) {
        vertices += p.outer.size();
        for (const auto& h : p.holes) vertices += h.size();
      }
    }
  }
  const std::string key = per_origin ? "per_origin" : "merged";
  if (method == plan::IsochroneMethod::GeosBufferUnion)
    peer_seconds[key] = seconds;
  else if (peer_seconds.count(key))
    state.counters["x_faster_than_geos"] = peer_seconds[key] / seconds;
  state.counters["origins"] = static_cast<double>(n);
  state.counters["cpu_s_all_threads"] = cpu;      // the machine is shared: wall time alone says little
  state.counters["area_km2_15min"] = area / 1e6;  // summed over origins with per_origin
  state.counters["vertices_15min"] = static_cast<double>(vertices);
}

void BM_Isochrones_PerOrigin_3Thresholds_GeosPeer(benchmark::State& state) {
  isochrones(state, true, plan::IsochroneMethod::GeosBufferUnion);
}
void BM_Isochrones_PerOrigin_3Thresholds(benchmark::State& state) {
  isochrones(state, true, plan::IsochroneMethod::CapsuleUnion);
}
void BM_Isochrones_Merged1000Origins_3Thresholds_GeosPeer(benchmark::State& state) {
  isochrones(state, false, plan::IsochroneMethod::GeosBufferUnion);
}
void BM_Isochrones_Merged1000Origins_3Thresholds(benchmark::State& state) {
  isochrones(state, false, plan::IsochroneMethod::CapsuleUnion);
}

}  // namespace

BENCHMARK(BM_GraphBuild)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SnapIndexBuild)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Snap200kHomes_Grid)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Snap200kHomes_GeosStrtreePeer)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Reach200kHomes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Reach200kHomes_TextbookPeer)
    ->Arg(200)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DriveGraphBuild)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DriveReach200kHomes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Isochrones_PerOrigin_3Thresholds_GeosPeer)
    ->Arg(1000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Isochrones_PerOrigin_3Thresholds)->Arg(1000)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Isochrones_Merged1000Origins_3Thresholds_GeosPeer)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Isochrones_Merged1000Origins_3Thresholds)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
