// The fast reading and writing paths against plain OGR: the same layers written both ways must read back
// field for field and vertex for vertex the same, on every output format; a GeoPackage's bulk-built index
// must be one SQLite and GDAL accept and must answer spatial queries as a brute-force scan does.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "io/gdal_util.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/osm.hpp"
#include "test_support.hpp"

namespace {

using test_support::TempDir;

// A grid of n × n points (lon/lat around Heze) with integer, real, text (Chinese) and null fields.
plan::Layer point_layer(int n) {
  plan::Layer l;
  l.name = "homes";
  l.crs = "EPSG:4326";
  l.kind = plan::GeometryKind::Point;
  l.fields = {{"population", plan::FieldType::Integer},
              {"area_m2", plan::FieldType::Real},
              {"name", plan::FieldType::String}};
  for (int i = 0; i < n * n; ++i) {
    plan::Feature f;
    f.id = i + 1;
    f.geometry = plan::Geometry::point({115.4 + (i % n) * 0.001, 35.2 + (i / n) * 0.001});
    f.values = {std::int64_t{i % 7}, i % 5 ? plan::Value{i * 0.25} : plan::Value{},
                std::string("住宅 ") + std::to_string(i)};
    l.features.push_back(std::move(f));
  }
  return l;
}

plan::Layer polygon_layer() {
  plan::Layer l;
  l.name = "blocks";
  l.crs = "EPSG:4326";
  l.kind = plan::GeometryKind::Polygon;
  l.fields = {{"kind", plan::FieldType::String}};
  for (int i = 0; i < 30; ++i) {
    const double x = 115.4 + i * 0.01, y = 35.2;
    plan::Polygon p{{{x, y}, {x + 0.008, y}, {x + 0.008, y + 0.008}, {x, y + 0.008}, {x, y}},
                    {{{x + 0.002, y + 0.002},
                      {x + 0.002, y + 0.004},
                      {x + 0.004, y + 0.004},
                      {x + 0.004, y + 0.002},
                      {x + 0.002, y + 0.002}}}};
    l.features.push_back({i + 1, plan::Geometry::polygon(p), {std::string(i % 2 ? "park" : "water")}});
  }
  return l;
}

void expect_same(const plan::Layer& a, const plan::Layer& b) {
  ASSERT_EQ(a.fields.size(), b.fields.size());
  for (std::size_t k = 0; k < a.fields.size(); ++k) EXPECT_EQ(a.fields[k].name, b.fields[k].name);
  ASSERT_EQ(a.features.size(), b.features.size());
  for (std::size_t i = 0; i < a.features.size(); ++i) {
    EXPECT_EQ(a.features[i].values, b.features[i].values) << "feature " << i;
    EXPECT_EQ(a.features[i].geometry.points, b.features[i].geometry.points) << "feature " << i;
    ASSERT_EQ(a.features[i].geometry.polygons.size(), b.features[i].geometry.polygons.size());
    for (std::size_t p = 0; p < a.features[i].geometry.polygons.size(); ++p) {
      EXPECT_EQ(a.features[i].geometry.polygons[p].outer, b.features[i].geometry.polygons[p].outer);
      EXPECT_EQ(a.features[i].geometry.polygons[p].holes, b.features[i].geometry.polygons[p].holes);
    }
  }
}

plan::Layer read_back(const std::string& path) {
  plan::ReadOptions o;
  o.target_crs = "EPSG:32650";
  return plan::read_layer(path, o);
}

class PlainOgr {
 public:
  PlainOgr() { plan::io::set_plain_ogr(true); }
  ~PlainOgr() { plan::io::set_plain_ogr(false); }
};

}  // namespace

TEST(FastPaths, EveryFormatReadsBackAsPlainOgrWroteIt) {
  TempDir dir;
  const plan::Layer points = point_layer(40), blocks = polygon_layer();
  for (const char* ext : {".gpkg", ".geojson", ".fgb", ".shp", ".sqlite"}) {
    for (const plan::Layer* layer : {&points, &blocks}) {
      const std::string fast = dir.file("fast-" + layer->name + ext),
                        plain = dir.file("plain-" + layer->name + ext);
      plan::write_layers(fast, {*layer}, {});
      {
        PlainOgr off;
        plan::write_layers(plain, {*layer}, {});
      }
      SCOPED_TRACE(std::string(ext) + " " + layer->name);
      plan::Layer plain_read;  // written and read back by plain OGR (reprojected feature by feature)
      {
        PlainOgr off;
        plain_read = read_back(plain);
      }
      expect_same(read_back(fast), plain_read);
    }
  }
}

TEST(FastPaths, GeoPackageIndexIsValidAndAnswersLikeABruteForceScan) {
  TempDir dir;
  const std::string path = dir.file("homes.gpkg");
  const plan::Layer points = point_layer(60);  // 3,600 points: a tree three levels deep (51 cells a node)
  plan::write_layers(path, {points, polygon_layer()}, {});

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  for (const char* rtree : {"rtree_homes_geom", "rtree_blocks_geom"}) {
    sqlite3_stmt* s = nullptr;
    const std::string sql =
        std::string("SELECT rtreecheck('") + rtree + "'), (SELECT count(*) FROM " + rtree + ")";
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "ok") << rtree;
    EXPECT_EQ(sqlite3_column_int(s, 1), std::string(rtree) == "rtree_homes_geom" ? 3600 : 30);
    sqlite3_finalize(s);
  }
  sqlite3_close(db);

  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  ASSERT_TRUE(ds);
  OGRLayer* has = ds->ExecuteSQL("SELECT HasSpatialIndex('homes', 'geom')", nullptr, "SQLITE");
  ASSERT_TRUE(has);
  EXPECT_EQ(OGRFeatureUniquePtr(has->GetNextFeature())->GetFieldAsInteger(0), 1);
  ds->ReleaseResultSet(has);

  // A window query through the index against counting the same window by hand.
  const double x0 = 115.4105, x1 = 115.4305, y0 = 35.2155, y1 = 35.2405;
  std::size_t expected = 0;
  for (const plan::Feature& f : points.features) {
    const plan::XY p = f.geometry.points[0];
    expected += p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1;
  }
  ASSERT_GT(expected, 0u);
  OGRLayer* homes = ds->GetLayerByName("homes");
  homes->SetSpatialFilterRect(x0, y0, x1, y1);
  EXPECT_EQ(static_cast<std::size_t>(homes->GetFeatureCount(TRUE)), expected);

  // The triggers keep the index current when the file is edited later (as QGIS would).
  homes->SetSpatialFilter(nullptr);
  OGRFeatureUniquePtr added(OGRFeature::CreateFeature(homes->GetLayerDefn()));
  OGRPoint far_away(116.0, 36.0);
  added->SetGeometry(&far_away);
  ASSERT_EQ(homes->CreateFeature(added.get()), OGRERR_NONE);
  homes->SetSpatialFilterRect(115.99, 35.99, 116.01, 36.01);
  EXPECT_EQ(homes->GetFeatureCount(TRUE), 1);
}

// Reading only some fields: in every format, exactly those columns with the values a full read gives, in
// the layer's order; a `where` filter reads them all; a name the layer lacks keeps OSM's other_tags.
TEST(FastPaths, ReadingOnlyTheNamedFieldsGivesTheirValues) {
  TempDir dir;
  const plan::Layer homes = point_layer(12);
  for (const std::string ext : {"gpkg", "geojson", "fgb", "shp"}) {
    SCOPED_TRACE(ext);
    const std::string path = dir.file("homes." + ext);
    plan::write_layers(path, {homes}, {});
    const plan::Layer all = read_back(path);
    plan::ReadOptions o;
    o.target_crs = "EPSG:32650";
    o.fields = std::vector<std::string>{"name", "population"};
    const plan::Layer some = plan::read_layer(path, o);
    ASSERT_EQ(some.fields.size(), 2u);
    EXPECT_EQ(some.fields[0].name, "population");  // the layer's order, not the list's
    EXPECT_EQ(some.fields[1].name, "name");
    ASSERT_EQ(some.features.size(), all.features.size());
    const auto pop = *all.field_index("population"), name = *all.field_index("name");
    for (std::size_t i = 0; i < all.features.size(); ++i) {
      ASSERT_EQ(some.features[i].values.size(), 2u);
      EXPECT_EQ(some.features[i].values[0], all.features[i].values[pop]) << i;
      EXPECT_EQ(some.features[i].values[1], all.features[i].values[name]) << i;
      EXPECT_EQ(some.features[i].geometry.points, all.features[i].geometry.points) << i;
    }
    o.fields = std::vector<std::string>{};
    EXPECT_TRUE(plan::read_layer(path, o).fields.empty());
    // A name the layer lacks (and no other_tags to find it in): every field is read, so that the error
    // the caller gives lists them.
    o.fields = std::vector<std::string>{"households"};
    const plan::Layer lacking = plan::read_layer(path, o);
    EXPECT_EQ(lacking.fields.size(), all.fields.size());
    try {
      plan::numeric_field(lacking, "households");
      ADD_FAILURE() << "no error for a missing field";
    } catch (const plan::DataError& e) {
      EXPECT_NE(std::string(e.what()).find("population"), std::string::npos) << e.what();
    }
    o.fields = std::vector<std::string>{};
    o.where = "population = 3";
    const plan::Layer filtered = plan::read_layer(path, o);
    EXPECT_EQ(filtered.fields.size(), all.fields.size());
    EXPECT_EQ(filtered.features.size(), 144u / 7 + (144 % 7 > 3 ? 1 : 0));  // i % 7 == 3 for i < 144
  }
  const std::string data = test_support::shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "../shared/data is absent: no OSM file for the other_tags case";
  plan::ReadOptions o;
  o.layer = "points";
  o.fields = std::vector<std::string>{"amenity"};  // inside other_tags on OSM points
  const plan::Layer points = plan::read_layer(data + "/osm/porto.osm.pbf", o);
  ASSERT_EQ(points.fields.size(), 1u);
  EXPECT_EQ(points.fields[0].name, "other_tags");
  const std::vector<std::string> amenity = plan::text_values(points, "amenity");
  EXPECT_EQ(std::count(amenity.begin(), amenity.end(), "hospital"), 1);  // Porto: 1 node, 9 grounds
}
