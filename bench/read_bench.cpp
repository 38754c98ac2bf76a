// Reading 200,000 homes (points in lon/lat with a population, a block name and a floor area, as
// bench/make_city writes them) into EPSG:32650, reading only the population: plan::read_layer through
// GDAL's Arrow stream against the same read feature by feature (the incumbent), per format.
// GDAL's own loops beside them show what the format costs without libplan: GetNextFeature and the stream.
//
//   build/bench/read_bench [--benchmark_filter=Gpkg]
#include <benchmark/benchmark.h>
#include <gdal_priv.h>
#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "io/arrow_points.hpp"
#include "plan/io.hpp"
#include "plan/synthetic.hpp"

namespace {

constexpr int kHomes = 200000;

// The homes written once per format into a temporary folder, removed at exit.
struct Files {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "plan_read_bench";
  Files() {
    std::filesystem::create_directories(dir);
    plan::Layer homes;
    homes.name = "homes";
    homes.crs = "EPSG:4326";
    homes.fields = {{"population", plan::FieldType::Integer},
                    {"block", plan::FieldType::String},
                    {"floor_area_m2", plan::FieldType::Real}};
    plan::SeededRandom rng(11);
    for (int i = 0; i < kHomes; ++i)
      homes.features.push_back(
          {i + 1,
           plan::Geometry::point({rng.uniform(115.38, 115.57), rng.uniform(35.15, 35.31)}),
           {std::int64_t{1 + i % 6}, "B" + std::to_string(i / 40), 40 + 100 * rng.uniform()}});
    plan::WriteOptions w;
    w.overwrite = true;
    for (const char* ext : {"gpkg", "fgb", "geojson", "shp"}) plan::write_layers(path(ext), {homes}, w);
  }
  ~Files() { std::filesystem::remove_all(dir); }
  std::string path(const std::string& ext) const { return (dir / ("homes." + ext)).string(); }
};

const Files& files() {
  static const Files f;
  return f;
}

const char* kExt[] = {"gpkg", "fgb", "geojson", "shp"};

void read_with_plan(benchmark::State& state, bool streamed) {
  const std::string path = files().path(kExt[state.range(0)]);
  plan::ReadOptions o;
  o.target_crs = "EPSG:32650";
  o.fields = std::vector<std::string>{"population"};
  plan::io::set_streamed_reading(streamed);
  for (auto _ : state) {
    const plan::Layer l = plan::read_layer(path, o);
    if (l.features.size() != kHomes) state.SkipWithError("wrong count");
  }
  plan::io::set_streamed_reading(true);
  state.SetLabel(kExt[state.range(0)]);
}

void BM_PlanReadStreamed(benchmark::State& state) { read_with_plan(state, true); }
// The same read with the stream turned off (every other fast path, batched reprojection, kept).
void BM_PlanReadFeatureByFeature(benchmark::State& state) { read_with_plan(state, false); }

OGRLayer* open_homes(GDALDatasetUniquePtr& ds, const std::string& path) {
  ds.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  OGRLayer* layer = ds->GetLayer(0);
  const char* ignored[] = {"block", "floor_area_m2", "floor_area", nullptr};
  layer->SetIgnoredFields(ignored);
  return layer;
}

// GDAL alone: each point's x, y and population through GetNextFeature.
void BM_GdalGetNextFeature(benchmark::State& state) {
  const std::string path = files().path(kExt[state.range(0)]);
  plan::prepare_io();
  for (auto _ : state) {
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = open_homes(ds, path);
    double sum = 0;
    for (auto& f : *layer) {
      const OGRPoint* p = f->GetGeometryRef()->toPoint();
      sum += p->getX() + p->getY() + static_cast<double>(f->GetFieldAsInteger64(0));
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetLabel(kExt[state.range(0)]);
}

// GDAL alone: the same through the Arrow stream, WKB read in place.
void BM_GdalArrowStream(benchmark::State& state) {
  const std::string path = files().path(kExt[state.range(0)]);
  plan::prepare_io();
  for (auto _ : state) {
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = open_homes(ds, path);
    ArrowArrayStream stream;
    if (!layer->GetArrowStream(&stream, nullptr)) state.SkipWithError("no stream");
    ArrowSchema schema;
    stream.get_schema(&stream, &schema);
    double sum = 0;
    for (;;) {
      ArrowArray batch;
      if (stream.get_next(&stream, &batch) != 0 || !batch.release) break;
      const ArrowArray& geom = *batch.children[batch.n_children - 1];
      const auto* offsets = static_cast<const std::int32_t*>(geom.buffers[1]);
      const auto* wkb = static_cast<const std::uint8_t*>(geom.buffers[2]);
      const auto* population = static_cast<const std::int64_t*>(batch.children[1]->buffers[1]);
      for (std::int64_t i = 0; i < batch.length; ++i) {
        double xy[2];
        std::memcpy(xy, wkb + offsets[i] + 5, 16);
        sum += xy[0] + xy[1] + static_cast<double>(population[i]);
      }
      batch.release(&batch);
    }
    schema.release(&schema);
    stream.release(&stream);
    benchmark::DoNotOptimize(sum);
  }
  state.SetLabel(kExt[state.range(0)]);
}

BENCHMARK(BM_PlanReadStreamed)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanReadFeatureByFeature)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GdalGetNextFeature)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GdalArrowStream)->DenseRange(0, 1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
