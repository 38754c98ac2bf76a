// Writing `plan reach --out`'s layer, side by side: 200,000 homes (three fields of their own) with five
// result columns, through libplan's path (columns beside the layer; GeoPackage rows inserted straight into
// SQLite, index packed in bulk; other formats through one reused OGRFeature) against plain OGR writing a
// copy whose features carry all eight values (one OGRFeature and geometry per row, GDAL's own index).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "plan/io.hpp"
#include "plan/synthetic.hpp"

namespace plan::io {
void set_plain_ogr(bool plain);  // io/gdal_util.hpp, which needs GDAL's headers
}

namespace {

constexpr int kHomes = 200000;

struct Input {
  plan::Layer homes;
  std::vector<plan::Column> columns;
  plan::Layer materialised;  // what the incumbent writes
};

const Input& input() {
  static const Input in = [] {
    Input in;
    plan::Layer& l = in.homes;
    l.name = "homes";
    l.crs = "EPSG:32650";
    l.fields = {{"population", plan::FieldType::Integer},
                {"block", plan::FieldType::String},
                {"floor_area_m2", plan::FieldType::Real}};
    plan::SeededRandom rng(5);
    const auto n = static_cast<std::size_t>(kHomes);
    plan::Column id{{"facility_id", plan::FieldType::Integer}, std::vector<std::int64_t>(n), {}, {}, {}};
    plan::Column dist{{"distance_m", plan::FieldType::Real}, {}, std::vector<double>(n), {}, {}};
    plan::Column minutes{{"minutes", plan::FieldType::Real}, {}, std::vector<double>(n), {}, {}};
    plan::Column covered{{"covered", plan::FieldType::Integer}, std::vector<std::int64_t>(n), {}, {}, {}};
    plan::Column snap{{"snap_m", plan::FieldType::Real}, {}, std::vector<double>(n), {}, {}};
    for (std::size_t i = 0; i < n; ++i) {
      l.features.push_back(
          {static_cast<std::int64_t>(i + 1),
           plan::Geometry::point({rng.uniform(480000, 500000), rng.uniform(3890000, 3910000)}),
           {static_cast<std::int64_t>(1 + i % 6), "B" + std::to_string(i / 40), 40 + 100 * rng.uniform()}});
      id.integers[i] = static_cast<std::int64_t>(i % 1000);
      dist.reals[i] = rng.uniform(0, 3000), minutes.reals[i] = dist.reals[i] / 66.7;
      covered.integers[i] = dist.reals[i] <= 1000;
      snap.reals[i] = rng.uniform(0, 80);
    }
    in.columns = {id, dist, minutes, covered, snap};
    in.materialised = l;
    for (const plan::Column& c : in.columns) in.materialised.fields.push_back(c.field);
    for (std::size_t i = 0; i < n; ++i)
      for (const plan::Column& c : in.columns) in.materialised.features[i].values.push_back(c.value(i));
    return in;
  }();
  return in;
}

std::string out_path(const std::string& ext) {
  return (std::filesystem::temp_directory_path() / ("plan-write-bench" + ext)).string();
}

void write_columns(benchmark::State& state, const std::string& ext) {
  const Input& in = input();
  plan::WriteOptions w;
  w.overwrite = true;
  for (auto _ : state)
    plan::write_layers(out_path(ext), std::vector<plan::OutputLayer>{{&in.homes, in.columns}}, w);
  std::filesystem::remove(out_path(ext));
}

void write_plain_ogr(benchmark::State& state, const std::string& ext) {
  const Input& in = input();
  plan::WriteOptions w;
  w.overwrite = true;
  plan::io::set_plain_ogr(true);
  for (auto _ : state) plan::write_layers(out_path(ext), {in.materialised}, w);
  plan::io::set_plain_ogr(false);
  std::filesystem::remove(out_path(ext));
}

void BM_WriteGpkg_Columns(benchmark::State& s) { write_columns(s, ".gpkg"); }
void BM_WriteGpkg_PlainOgr(benchmark::State& s) { write_plain_ogr(s, ".gpkg"); }
void BM_WriteFgb_Columns(benchmark::State& s) { write_columns(s, ".fgb"); }
void BM_WriteFgb_PlainOgr(benchmark::State& s) { write_plain_ogr(s, ".fgb"); }

}  // namespace

BENCHMARK(BM_WriteGpkg_Columns)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_WriteGpkg_PlainOgr)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_WriteFgb_Columns)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_WriteFgb_PlainOgr)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_MAIN();
