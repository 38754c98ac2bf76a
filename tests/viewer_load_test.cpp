// Loading: any OGR source into one metric CRS, mixed-geometry files split, bad files reported not thrown.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "scene.hpp"

namespace fs = std::filesystem;

namespace {
fs::path temp_dir(const char* name) {
  fs::path d =
      fs::temp_directory_path() / (std::string("viewer_load_") + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

const char* kMixed = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"name_zh":"菏泽","kind":"central_city"},"geometry":{"type":"Point","coordinates":[115.48,35.23]}},
 {"type":"Feature","properties":{"name_zh":"黄河","kind":"river"},"geometry":{"type":"LineString","coordinates":[[115.0,35.5],[115.5,35.6]]}},
 {"type":"Feature","properties":{"name_zh":"郓城","kind":"county_seat"},"geometry":{"type":"Point","coordinates":[115.94,35.60]}}]})";
}  // namespace

TEST(Loading, AFileMixingPointsAndLinesGivesOneLayerPerKind) {
  const fs::path d = temp_dir("mixed");
  write(d / "facts.geojson", kMixed);
  const viewer::LoadResult r = viewer::load_sources({(d / "facts.geojson").string()}, "");
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  ASSERT_EQ(r.layers.size(), 2u);
  EXPECT_EQ(r.layers[0].data.name, "facts (points)");
  EXPECT_EQ(r.layers[0].data.features.size(), 2u);
  EXPECT_EQ(r.layers[1].data.name, "facts (lines)");
  EXPECT_EQ(r.layers[1].data.features.size(), 1u);
  EXPECT_EQ(r.crs, "EPSG:32650");  // UTM zone 50 N holds Heze (115.5° E)
  EXPECT_EQ(r.layers[1].data.crs, r.crs);
  fs::remove_all(d);
}

TEST(Loading, AFolderGivesItsLayersAndABadFileAMessageNotACrash) {
  const fs::path d = temp_dir("folder");
  write(d / "a.geojson", kMixed);
  write(d / "broken.geojson", "{ this is not json");
  write(d / "plan.json", "{}");
  const viewer::LoadResult r = viewer::load_sources({d.string(), (d / "missing.gpkg").string()}, "");
  EXPECT_EQ(r.layers.size(), 2u);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_NE(r.errors[0].find("broken.geojson"), std::string::npos) << r.errors[0];
  EXPECT_NE(r.errors[1].find("missing.gpkg"), std::string::npos) << r.errors[1];
  fs::remove_all(d);
}

TEST(Loading, AFolderWithoutLayersFallsBackToItsSubfolders) {
  const fs::path d = temp_dir("nested");
  fs::create_directories(d / "demo");
  write(d / "demo" / "x.geojson", kMixed);
  EXPECT_EQ(viewer::expand_source(d.string()).size(), 1u);
  fs::remove_all(d);
}

TEST(Loading, LayersReadLaterJoinTheFirstLayersCrs) {
  const fs::path d = temp_dir("crs");
  write(d / "a.geojson", kMixed);
  const viewer::LoadResult r = viewer::load_sources({(d / "a.geojson").string()}, "EPSG:32651");
  ASSERT_FALSE(r.layers.empty());
  EXPECT_EQ(r.layers[0].data.crs, "EPSG:32651");
  fs::remove_all(d);
}

TEST(Loading, TheDemoCityLoadsWithPlausibleExtent) {
  const std::string demo = PLAN_SOURCE_DIR "/data/heze/demo";
  if (!fs::exists(demo)) GTEST_SKIP() << demo << " is absent";
  const viewer::LoadResult r = viewer::load_sources({demo}, "");
  EXPECT_TRUE(r.errors.empty());
  viewer::BBox all;
  for (const auto& l : r.layers) all.add(l.bbox);
  // The synthetic central city is about 12 km across.
  EXPECT_GT(all.width(), 8000);
  EXPECT_LT(all.width(), 20000);
}

TEST(Loading, ThousandsOfGenericPointsGetSmallSymbolsAndNoLabels) {
  plan::Layer many;
  many.name = "osm_points";
  many.kind = plan::GeometryKind::Point;
  for (int i = 0; i < 2500; ++i) many.features.push_back({i, plan::Geometry::point({double(i), 0}), {}});
  const viewer::MapLayer m = viewer::make_map_layer(many);
  EXPECT_LE(m.styles.front().symbol_size_px, 4.0f);
  for (const auto& s : m.styles) EXPECT_EQ(s.label_priority, 0);

  plan::Layer few = many;
  few.features.resize(30);
  const viewer::MapLayer f = viewer::make_map_layer(few);
  EXPECT_GT(f.styles.front().symbol_size_px, 4.0f);
  EXPECT_EQ(f.bbox.width(), 29);
}
