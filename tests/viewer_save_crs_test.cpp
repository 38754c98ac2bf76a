// Edits saved in the source layer's CRS: read in EPSG:4326, edited in the scene's UTM zone, written back in
// EPSG:4326, and read back through GDAL as stored (its own file: GDAL's headers beside the other edit tests
// make GCC 12 see a variant as maybe uninitialised).
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "edit.hpp"
#include "plan/io.hpp"
#include "scene.hpp"

namespace fs = std::filesystem;
using viewer::EditSession;

namespace {

std::string read_bytes(const fs::path& p) {
  std::stringstream s;
  s << std::ifstream(p, std::ios::binary).rdbuf();
  return s.str();
}

}  // namespace

// A layer read from EPSG:4326 is edited in the scene's UTM zone and saved back in EPSG:4326: the untouched
// point, the moved one and the added one are where they were given in degrees (to 1e-9°, about 0.1 mm).
TEST(EditSession, SavedEditsAreInTheSourceLayersCrs) {
  const fs::path dir = fs::temp_directory_path() / ("viewer_save_crs_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path original = dir / "stops.geojson";
  std::ofstream(original) << R"({"type":"FeatureCollection","features":[)"
                          << R"({"type":"Feature","properties":{"name":"a"},)"
                          << R"("geometry":{"type":"Point","coordinates":[115.4748,35.2341]}},)"
                          << R"({"type":"Feature","properties":{"name":"b"},)"
                          << R"("geometry":{"type":"Point","coordinates":[115.48,35.24]}}]})";
  const std::string before = read_bytes(original);
  const viewer::LoadResult loaded = viewer::load_sources({original.string()}, "");
  ASSERT_EQ(loaded.layers.size(), 1u);
  const viewer::MapLayer& layer = loaded.layers[0];
  EXPECT_EQ(layer.source_crs, "EPSG:4326");
  EXPECT_EQ(layer.data.crs, "EPSG:32650");

  EditSession s(layer.data);
  // The canvas sends metric positions: those of two places given in degrees.
  const std::vector<plan::XY> at =
      plan::transform_points({{115.49, 35.25}, {115.47, 35.23}}, "EPSG:4326", layer.data.crs);
  ASSERT_TRUE(s.move(1, at[0]));
  s.add(at[1]);
  const fs::path out = dir / "edited.gpkg";
  viewer::save_edits(s, out.string(), {}, false, layer.source_crs);
  EXPECT_EQ(read_bytes(original), before);
  EXPECT_EQ(s.layer().crs, "EPSG:32650");  // the session itself stays in the scene's CRS

  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* saved = ds->GetLayer(0);
  ASSERT_NE(saved, nullptr);
  ASSERT_NE(saved->GetSpatialRef(), nullptr);
  EXPECT_STREQ(saved->GetSpatialRef()->GetAuthorityName(nullptr), "EPSG");
  EXPECT_STREQ(saved->GetSpatialRef()->GetAuthorityCode(nullptr), "4326");
  const plan::XY want[] = {{115.4748, 35.2341}, {115.49, 35.25}, {115.47, 35.23}};
  std::size_t i = 0;
  for (const auto& f : *saved) {
    ASSERT_LT(i, 3u);
    const OGRGeometry* g = f->GetGeometryRef();
    ASSERT_NE(g, nullptr);
    ASSERT_EQ(wkbFlatten(g->getGeometryType()), wkbPoint);
    const OGRPoint* p = g->toPoint();
    EXPECT_NEAR(p->getX(), want[i].x, 1e-9) << "feature " << i;  // longitude first, as GeoPackage stores it
    EXPECT_NEAR(p->getY(), want[i].y, 1e-9) << "feature " << i;
    ++i;
  }
  EXPECT_EQ(i, 3u);
  if (!HasFailure()) fs::remove_all(dir);
}
