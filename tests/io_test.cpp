// Reading any OGR source into one metric CRS, and writing results safely.
#include "plan/io.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "plan/error.hpp"
#include "test_support.hpp"

using test_support::TempDir;
using test_support::write_text;

namespace {

const char* kSquareLonLat = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","id":1,"properties":{"name":"a"},"geometry":{"type":"Polygon","coordinates":
  [[[115.47,35.23],[115.48,35.23],[115.48,35.24],[115.47,35.24],[115.47,35.23]]]}}]})";

}  // namespace

TEST(ReadLayer, LonLatIsReprojectedIntoTheUtmZoneOfItsCentre) {
  TempDir dir;
  const auto path = write_text(dir.file("a.geojson"), kSquareLonLat);
  plan::Layer layer = plan::read_layer(path, {});
  EXPECT_EQ(layer.crs, "EPSG:32650");  // 115.475°E lies in UTM zone 50 (114°E–120°E)
  ASSERT_EQ(layer.features.size(), 1u);
  // 0.01° × 0.01° at 35.235°N: about 1110.9 m × 909.6 m (≈ 1.0106 km²), a figure any GIS agrees with to 0.5
  // %.
  EXPECT_NEAR(plan::area_m2(layer.features[0].geometry.polygons), 1.0106e6, 0.005e6);
  EXPECT_EQ(std::get<std::string>(layer.features[0].values.at(0)), "a");
}

TEST(ReadLayer, ExplicitTargetCrsIsUsed) {
  TempDir dir;
  const auto path = write_text(dir.file("a.geojson"), kSquareLonLat);
  plan::ReadOptions o;
  o.target_crs = "EPSG:4547";  // CGCS2000 / 3-degree Gauss-Kruger CM 114E
  EXPECT_EQ(plan::read_layer(path, o).crs, "EPSG:4547");
}

TEST(ReadLayer, UtmZonesFollowLongitudeAndHemisphere) {
  EXPECT_EQ(plan::utm_crs_for(115.5, 35.2), "EPSG:32650");
  EXPECT_EQ(plan::utm_crs_for(-8.6, 41.1), "EPSG:32629");    // Porto
  EXPECT_EQ(plan::utm_crs_for(151.2, -33.9), "EPSG:32756");  // Sydney
  EXPECT_EQ(plan::utm_crs_for(180.0, 0.0), "EPSG:32660");
}

TEST(ReadLayer, MissingFileNamesTheFile) {
  try {
    plan::read_layer("/nonexistent/stops.gpkg", {});
    FAIL() << "expected DataError";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/stops.gpkg"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("no such file"), std::string::npos);
  }
}

TEST(ReadLayer, LayerWithoutCrsNeedsAssumeCrs) {
  TempDir dir;
  const auto csv = write_text(dir.file("stops.csv"),
                              "id,WKT\n1,\"POINT (500000 3900000)\"\n2,\"POINT (500100 3900000)\"\n");
  try {
    plan::read_layer(csv, {});
    FAIL() << "expected DataError";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("--assume-crs"), std::string::npos) << e.what();
  }
  plan::ReadOptions o;
  o.assume_crs = "EPSG:32650";
  const plan::Layer layer = plan::read_layer(csv, o);
  ASSERT_EQ(layer.features.size(), 2u);
  EXPECT_NEAR(layer.features[1].geometry.points[0].x - layer.features[0].geometry.points[0].x, 100, 1e-6);
}

TEST(ReadLayer, WrongGeometryTypeNamesLayerAndTypeFound) {
  TempDir dir;
  const auto path = write_text(dir.file("a.geojson"), kSquareLonLat);
  plan::ReadOptions o;
  o.expect = plan::GeometryKind::Point;
  try {
    plan::read_layer(path, o);
    FAIL() << "expected DataError";
  } catch (const plan::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("layer 'a'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("feature 1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("Polygon"), std::string::npos) << msg;
  }
}

TEST(ReadLayer, InvalidPolygonIsRepairedWithAWarningNamingTheFeature) {
  TempDir dir;
  // A bow tie over the extent of kSquareLonLat: MakeValid splits it into two triangles whose areas add up
  // to half the square's.
  const auto path = write_text(dir.file("bowtie.geojson"), R"({"type":"FeatureCollection","features":[
   {"type":"Feature","id":7,"properties":{},"geometry":{"type":"Polygon","coordinates":
    [[[115.47,35.23],[115.48,35.24],[115.48,35.23],[115.47,35.24],[115.47,35.23]]]}}]})");
  plan::ReadReport report;
  const plan::Layer layer = plan::read_layer(path, {}, &report);
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].find("feature 7"), std::string::npos) << report.warnings[0];
  EXPECT_NE(report.warnings[0].find("MakeValid"), std::string::npos) << report.warnings[0];
  const double square = plan::area_m2(
      plan::read_layer(write_text(dir.file("sq.geojson"), kSquareLonLat), {}).features[0].geometry.polygons);
  EXPECT_NEAR(plan::area_m2(layer.features[0].geometry.polygons), square / 2, square * 1e-3);
  EXPECT_EQ(layer.features[0].geometry.polygons.size(), 2u);
}

TEST(ReadLayer, NullGeometriesAreSkippedAndCounted) {
  TempDir dir;
  const auto path = write_text(dir.file("p.geojson"), R"({"type":"FeatureCollection","features":[
   {"type":"Feature","properties":{},"geometry":null},
   {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[115.47,35.23]}},
   {"type":"Feature","properties":{},"geometry":null}]})");
  plan::ReadReport report;
  const plan::Layer layer = plan::read_layer(path, {}, &report);
  EXPECT_EQ(layer.features.size(), 1u);
  EXPECT_EQ(report.skipped_empty, 2u);
}

TEST(ReadLayer, SeveralLayersNeedANameAndUnknownNamesListTheChoices) {
  TempDir dir;
  plan::Layer a;
  a.name = "stops";
  a.crs = "EPSG:32650";
  a.features.push_back({1, plan::Geometry::point({500000, 3900000}), {}});
  plan::Layer b = a;
  b.name = "depots";
  const auto gpkg = dir.file("two.gpkg");
  plan::write_layers(gpkg, {a, b}, {});
  EXPECT_THROW(plan::read_layer(gpkg, {}), plan::DataError);
  plan::ReadOptions o;
  o.layer = "nope";
  try {
    plan::read_layer(gpkg, o);
    FAIL();
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("stops, depots"), std::string::npos) << e.what();
  }
  o.layer = "depots";
  EXPECT_EQ(plan::read_layer(gpkg, o).name, "depots");
  EXPECT_EQ(plan::list_layers(gpkg), (std::vector<std::string>{"stops", "depots"}));
}

TEST(NumericField, NonNumericTextNamesFeatureAndField) {
  plan::Layer l;
  l.name = "blocks";
  l.source = "blocks.gpkg";
  l.fields = {{"pop", plan::FieldType::String}};
  l.features.push_back({3, plan::Geometry::point({0, 0}), {std::string("12.5")}});
  l.features.push_back({4, plan::Geometry::point({0, 0}), {std::string("many")}});
  try {
    plan::numeric_field(l, "pop");
    FAIL();
  } catch (const plan::DataError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("blocks.gpkg"), std::string::npos) << msg;
    EXPECT_NE(msg.find("feature 4"), std::string::npos) << msg;
    EXPECT_NE(msg.find("'pop'"), std::string::npos) << msg;
  }
  l.features.pop_back();
  EXPECT_EQ(plan::numeric_field(l, "pop"), std::vector<double>{12.5});
}

TEST(WriteLayers, RefusesAnExistingFileUnlessOverwrite) {
  TempDir dir;
  const auto out = write_text(dir.file("out.gpkg"), "precious");
  plan::Layer l;
  l.name = "x";
  l.crs = "EPSG:32650";
  l.features.push_back({1, plan::Geometry::point({1, 2}), {}});
  EXPECT_THROW(plan::write_layers(out, {l}, {}), plan::UsageError);
  EXPECT_EQ(test_support::read_text(out), "precious");
  plan::WriteOptions o;
  o.overwrite = true;
  plan::write_layers(out, {l}, o);
  EXPECT_EQ(plan::list_layers(out), std::vector<std::string>{"x"});
}

TEST(WriteLayers, NeverWritesOverAnInputEvenWithOverwrite) {
  TempDir dir;
  const auto in = write_text(dir.file("in.geojson"), kSquareLonLat);
  plan::WriteOptions o;
  o.overwrite = true;
  o.inputs = {dir.path().string() + "/./in.geojson"};
  plan::Layer l;
  l.name = "x";
  l.crs = "EPSG:32650";
  EXPECT_THROW(plan::write_layers(in, {l}, o), plan::UsageError);
  EXPECT_EQ(test_support::read_text(in), kSquareLonLat);
}

TEST(WriteLayers, AFailedWriteLeavesNoFileBehind) {
  TempDir dir;
  plan::Layer a;
  a.name = "a";
  a.crs = "EPSG:32650";
  a.kind = plan::GeometryKind::Polygon;
  // A feature the writer cannot express (a polygon feature with an empty ring list) fails mid-way.
  a.features.push_back({1, plan::Geometry::polygon(plan::rectangle(0, 0, 1, 1)), {}});
  a.features.push_back({2, plan::Geometry::point({0, 0}), {}});
  a.features.back().geometry.kind = plan::GeometryKind::Polygon;  // kind says polygon, holds no polygon
  EXPECT_ANY_THROW(plan::write_layers(dir.file("out.gpkg"), {a}, {}));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "partial output left in " << dir.path();
}

TEST(WriteLayers, SingleLayerFormatsRefuseSeveralLayers) {
  TempDir dir;
  plan::Layer a;
  a.name = "covered";
  a.crs = "EPSG:32650";
  plan::Layer b = a;
  b.name = "gaps";
  EXPECT_THROW(plan::write_layers(dir.file("out.geojson"), {a, b}, {}), plan::UsageError);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(WriteLayers, RoundTripKeepsGeometryFieldsAndCrs) {
  TempDir dir;
  plan::Layer l;
  l.name = "blocks";
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Polygon;
  l.fields = {
      {"pop", plan::FieldType::Integer}, {"share", plan::FieldType::Real}, {"name", plan::FieldType::String}};
  plan::Polygon p = plan::rectangle(500000, 3900000, 500100, 3900050);
  p.holes.push_back(
      {{500010, 3900010}, {500010, 3900020}, {500020, 3900020}, {500020, 3900010}, {500010, 3900010}});
  l.features.push_back({1, plan::Geometry::polygon(p), {std::int64_t{42}, 0.5, std::string("中心")}});
  l.features.push_back({2,
                        plan::Geometry::polygon(plan::rectangle(500200, 3900000, 500300, 3900100)),
                        {std::monostate{}, 1.5, std::string("b")}});
  for (const char* ext : {".gpkg", ".fgb", ".shp", ".geojson"}) {
    const auto out = dir.file(std::string("blocks") + ext);
    plan::write_layers(out, {l}, {});
    plan::ReadOptions o;
    o.target_crs = "EPSG:32650";
    const plan::Layer back = plan::read_layer(out, o);
    ASSERT_EQ(back.features.size(), 2u) << ext;
    // FlatGeobuf stores features in spatial-index order: find the first one by its name.
    const std::size_t name = *back.field_index("name");
    const auto& first = std::get<std::string>(back.features[0].values.at(name)) == "中心" ? back.features[0]
                                                                                          : back.features[1];
    EXPECT_EQ(std::get<std::string>(first.values.at(name)), "中心") << ext;
    EXPECT_NEAR(plan::area_m2(first.geometry.polygons), 100.0 * 50 - 100, 1e-3) << ext;
    EXPECT_EQ(std::get<std::int64_t>(first.values.at(*back.field_index("pop"))), 42) << ext;
  }
}

TEST(NumericField, NegativePopulationNamesTheFeature) {
  plan::Layer l;
  l.name = "homes";
  l.source = "homes.gpkg";
  l.fields = {{"pop", plan::FieldType::Integer}};
  l.features.push_back({1, plan::Geometry::point({0, 0}), {std::int64_t{3}}});
  l.features.push_back({2, plan::Geometry::point({0, 0}), {std::int64_t{-1}}});
  EXPECT_EQ(plan::numeric_field(l, "pop"), (std::vector<double>{3, -1}));  // a plain number may be negative
  try {
    plan::population_field(l, "pop");
    FAIL();
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("feature 2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("negative"), std::string::npos) << e.what();
  }
}
