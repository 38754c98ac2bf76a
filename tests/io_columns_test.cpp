// Writing layers with computed columns (plan::OutputLayer), and a GeoPackage's rows inserted straight into
// SQLite: the output must be the one plain OGR writes for a copy of the layer whose features carry the
// columns' values, byte for byte where the format allows (every GeoPackage row, geometry blob and metadata
// row; whole GeoJSON, FlatGeobuf and Shapefile files), field for field and vertex for vertex otherwise.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "io/gdal_util.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "test_support.hpp"

namespace {

using test_support::TempDir;

class PlainOgr {
 public:
  PlainOgr() { plan::io::set_plain_ogr(true); }
  ~PlainOgr() { plan::io::set_plain_ogr(false); }
};

// Homes around Heze (lon/lat) with integer, real (some null), Chinese text fields; one feature with fewer
// values than fields and one without geometry.
plan::Layer homes(int n) {
  plan::Layer l;
  l.name = "homes";
  l.crs = "EPSG:4326";
  l.kind = plan::GeometryKind::Point;
  l.fields = {{"population", plan::FieldType::Integer},
              {"area_m2", plan::FieldType::Real},
              {"name", plan::FieldType::String}};
  for (int i = 0; i < n; ++i) {
    plan::Feature f;
    f.id = 100 + i;
    f.geometry = plan::Geometry::point({115.4 + (i % 13) * 0.0013, 35.2 + (i / 13) * 0.0011});
    f.values = {std::int64_t{i % 7}, i % 5 ? plan::Value{i * 0.25} : plan::Value{},
                std::string("住宅 ") + std::to_string(i)};
    l.features.push_back(std::move(f));
  }
  l.features[3].values.resize(1);  // fields beyond the values stay unset
  l.features[5].geometry = {};     // no geometry: a null geom
  return l;
}

// Polygons with holes (rings given open and closed), multipolygons and lines in their own layers.
plan::Layer blocks(bool multi) {
  plan::Layer l;
  l.name = multi ? "districts" : "blocks";
  l.crs = "EPSG:4326";
  l.kind = plan::GeometryKind::Polygon;
  l.fields = {{"kind", plan::FieldType::String}};
  for (int i = 0; i < 12; ++i) {
    const double x = 115.4 + i * 0.01, y = 35.2;
    plan::Polygon p{{{x, y}, {x + 0.008, y}, {x + 0.008, y + 0.008}, {x, y + 0.008}},  // left open
                    {{{x + 0.002, y + 0.002},
                      {x + 0.002, y + 0.004},
                      {x + 0.004, y + 0.004},
                      {x + 0.004, y + 0.002},
                      {x + 0.002, y + 0.002}}}};
    plan::Geometry g = plan::Geometry::polygon(p);
    if (multi) {
      plan::Polygon q{{{x, y + 0.01}, {x + 0.003, y + 0.01}, {x, y + 0.013}, {x, y + 0.01}}, {}};
      g.polygons.push_back(q);
    }
    l.features.push_back({i + 1, g, {std::string(i % 2 ? "park" : "water")}});
  }
  return l;
}

plan::Layer streets() {
  plan::Layer l;
  l.name = "streets";
  l.crs = "EPSG:4326";
  l.kind = plan::GeometryKind::Line;
  l.fields = {{"highway", plan::FieldType::String}};
  for (int i = 0; i < 9; ++i) {
    const double x = 115.4 + i * 0.003;
    l.features.push_back({i + 1,
                          plan::Geometry::line({{x, 35.2}, {x + 0.001, 35.201}, {x + 0.002 * i, 35.21}}),
                          {std::string("residential")}});
  }
  return l;
}

// Columns of every type with nulls, one value per feature.
std::vector<plan::Column> columns(std::size_t n) {
  plan::Column id{{"facility_id", plan::FieldType::Integer}, {}, {}, {}, {}};
  plan::Column dist{{"distance_m", plan::FieldType::Real}, {}, {}, {}, {}};
  plan::Column layer{{"facility_layer", plan::FieldType::String}, {}, {}, {}, {}};
  for (std::size_t i = 0; i < n; ++i) {
    id.integers.push_back(static_cast<std::int64_t>(i * 31 % 17));
    id.present.push_back(i % 4 != 1);
    dist.reals.push_back(i * 12.375 + 0.1);
    dist.present.push_back(i % 3 != 2);
    layer.strings.push_back(i % 2 ? "学校" : "points");
  }
  return {id, dist, layer};
}

// The layer as a plain copy whose features carry the columns' values after their own.
plan::Layer materialised(const plan::OutputLayer& o) {
  plan::Layer l = *o.layer;
  for (const plan::Column& c : o.columns) l.fields.push_back(c.field);
  for (std::size_t i = 0; i < l.features.size(); ++i) {
    l.features[i].values.resize(o.layer->fields.size());
    for (const plan::Column& c : o.columns) l.features[i].values.push_back(c.value(i));
  }
  return l;
}

std::string bytes_of(const std::string& path) { return test_support::read_text(path); }

// Every row of a query as text, each value tagged with its SQLite type (blobs in hex).
std::vector<std::string> rows(sqlite3* db, const std::string& sql) {
  std::vector<std::string> out;
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK)
      << sql << ": " << sqlite3_errmsg(db);
  if (!s) return out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int k = 0; k < sqlite3_column_count(s); ++k) {
      row += "|" + std::to_string(sqlite3_column_type(s, k)) + ":";
      if (sqlite3_column_type(s, k) == SQLITE_BLOB) {
        const auto* b = static_cast<const unsigned char*>(sqlite3_column_blob(s, k));
        for (int j = 0; j < sqlite3_column_bytes(s, k); ++j) {
          char hex[3];
          std::snprintf(hex, sizeof hex, "%02x", b[j]);
          row += hex;
        }
      } else if (sqlite3_column_type(s, k) != SQLITE_NULL) {
        row += reinterpret_cast<const char*>(sqlite3_column_text(s, k));
      }
    }
    out.push_back(row);
  }
  sqlite3_finalize(s);
  return out;
}

struct Db {
  explicit Db(const std::string& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  }
  ~Db() { sqlite3_close(db); }
  sqlite3* db = nullptr;
};

plan::Layer read_back(const std::string& path, const std::string& layer) {
  plan::ReadOptions o;
  o.layer = layer;
  o.target_crs = "EPSG:32650";
  return plan::read_layer(path, o);
}

}  // namespace

TEST(WriteColumns, GeoPackageRowsAreTheBytesPlainOgrWritesForTheMaterialisedCopy) {
  TempDir dir;
  const plan::Layer h = homes(300), b = blocks(false), d = blocks(true), s = streets();
  plan::Layer odd = homes(20);  // a real field holding an integer: bound through OGR, which converts it
  odd.name = "odd";
  odd.features[2].values[1] = std::int64_t{7};
  std::vector<plan::OutputLayer> out{{&h, columns(h.features.size())},
                                     {&b, {}},
                                     {&d, columns(d.features.size())},
                                     {&s, columns(s.features.size())},
                                     {&odd, columns(odd.features.size())}};
  std::vector<plan::Layer> copies;
  for (const plan::OutputLayer& o : out) copies.push_back(materialised(o));
  const std::string fast = dir.file("fast.gpkg"), plain = dir.file("plain.gpkg");
  plan::write_layers(fast, out, {});
  {
    PlainOgr off;
    plan::write_layers(plain, copies, {});
  }
  Db f(fast), p(plain);
  for (const plan::Layer& l : copies) {
    SCOPED_TRACE(l.name);
    const std::string table = "\"" + l.name + "\"";
    const std::vector<std::string> expected = rows(p.db, "SELECT * FROM " + table + " ORDER BY fid");
    ASSERT_EQ(expected.size(), l.features.size());
    EXPECT_EQ(rows(f.db, "SELECT * FROM " + table + " ORDER BY fid"), expected);
    for (const char* meta : {"SELECT table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id "
                             "FROM gpkg_contents WHERE table_name = ?",
                             "SELECT * FROM gpkg_ogr_contents WHERE table_name = ?",
                             "SELECT * FROM gpkg_geometry_columns WHERE table_name = ?",
                             "SELECT * FROM sqlite_sequence WHERE name = ?",
                             "SELECT * FROM gpkg_extensions WHERE table_name = ?",
                             "SELECT name FROM sqlite_master WHERE tbl_name = ? ORDER BY name",
                             "SELECT sql FROM sqlite_master WHERE name = ?"}) {
      std::string sql = meta;
      sql.replace(sql.find('?'), 1, "'" + l.name + "'");
      EXPECT_EQ(rows(f.db, sql), rows(p.db, sql)) << sql;
    }
    // GDAL's own feature count triggers come back after the rows went in.
    EXPECT_EQ(
        rows(f.db, "SELECT sql FROM sqlite_master WHERE name LIKE 'trigger_%_feature_count_" + l.name + "'"),
        rows(p.db, "SELECT sql FROM sqlite_master WHERE name LIKE 'trigger_%_feature_count_" + l.name + "'"));
    EXPECT_EQ(rows(f.db, "SELECT rtreecheck('rtree_" + l.name + "_geom')"),
              std::vector<std::string>{"|3:ok"});
    EXPECT_EQ(rows(f.db, "SELECT id, minx, maxx, miny, maxy FROM rtree_" + l.name + "_geom ORDER BY id"),
              rows(p.db, "SELECT id, minx, maxx, miny, maxy FROM rtree_" + l.name + "_geom ORDER BY id"));
  }
  EXPECT_EQ(rows(f.db, "PRAGMA integrity_check"), std::vector<std::string>{"|3:ok"});

  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(fast.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* has = ds->ExecuteSQL("SELECT HasSpatialIndex('homes', 'geom')", nullptr, "SQLITE");
  ASSERT_TRUE(has);
  EXPECT_EQ(OGRFeatureUniquePtr(has->GetNextFeature())->GetFieldAsInteger(0), 1);
  ds->ReleaseResultSet(has);
  OGRLayer* homes_layer = ds->GetLayerByName("homes");
  EXPECT_EQ(homes_layer->GetFeatureCount(FALSE), 300);
  double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL;
  for (const plan::Feature& home : h.features)
    for (const plan::XY& p : home.geometry.points)
      x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  // gpkg_contents holds the points' exact extent (%.17g prints a double SQLite parses back exactly).
  char sql[256];
  std::snprintf(
      sql, sizeof sql,
      "SELECT min_x = %.17g AND max_x = %.17g AND min_y = %.17g AND max_y = %.17g FROM gpkg_contents "
      "WHERE table_name = 'homes'",
      x0, x1, y0, y1);
  EXPECT_EQ(rows(f.db, sql), std::vector<std::string>{"|1:1"});
}

TEST(WriteColumns, EveryFormatIsTheFilePlainOgrWritesForTheMaterialisedCopy) {
  TempDir dir;
  const plan::Layer h = homes(200), d = blocks(true);
  for (const plan::Layer* layer : {&h, &d}) {
    const plan::OutputLayer o{layer, columns(layer->features.size())};
    const plan::Layer copy = materialised(o);
    for (const std::string ext : {".geojson", ".fgb", ".shp", ".sqlite", ".gpkg"}) {
      SCOPED_TRACE(layer->name + ext);
      const std::filesystem::path fast_dir = dir.path() / ("fast-" + layer->name + ext.substr(1)),
                                  plain_dir = dir.path() / ("plain-" + layer->name + ext.substr(1));
      std::filesystem::create_directories(fast_dir), std::filesystem::create_directories(plain_dir);
      const std::string fast = (fast_dir / ("out" + ext)).string(),
                        plain = (plain_dir / ("out" + ext)).string();
      plan::write_layers(fast, std::vector<plan::OutputLayer>{o}, {});
      {
        PlainOgr off;
        plan::write_layers(plain, {copy}, {});
      }
      if (ext == ".geojson" || ext == ".fgb" || ext == ".shp") {
        for (const char* part : {".geojson", ".fgb", ".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
          const std::filesystem::path a = fast_dir / (std::string("out") + part);
          if (!std::filesystem::exists(a) &&
              !std::filesystem::exists(plain_dir / (std::string("out") + part)))
            continue;
          EXPECT_EQ(bytes_of(a.string()), bytes_of((plain_dir / (std::string("out") + part)).string()))
              << part;
        }
      }
      plan::Layer expected;
      {
        PlainOgr off;
        expected = read_back(plain, "");
      }
      const plan::Layer got = read_back(fast, "");
      ASSERT_EQ(got.fields.size(), expected.fields.size());
      ASSERT_EQ(got.features.size(), expected.features.size());
      for (std::size_t i = 0; i < got.features.size(); ++i) {
        EXPECT_EQ(got.features[i].values, expected.features[i].values) << i;
        EXPECT_EQ(got.features[i].geometry.points, expected.features[i].geometry.points) << i;
        ASSERT_EQ(got.features[i].geometry.polygons.size(), expected.features[i].geometry.polygons.size());
        for (std::size_t k = 0; k < got.features[i].geometry.polygons.size(); ++k) {
          EXPECT_EQ(got.features[i].geometry.polygons[k].outer,
                    expected.features[i].geometry.polygons[k].outer);
          EXPECT_EQ(got.features[i].geometry.polygons[k].holes,
                    expected.features[i].geometry.polygons[k].holes);
        }
      }
    }
  }
}

TEST(WriteColumns, AColumnOfAnotherLengthThanTheLayerIsRefused) {
  TempDir dir;
  const plan::Layer h = homes(10);
  std::vector<plan::Column> c = columns(9);
  EXPECT_THROW(plan::write_layers(dir.file("x.gpkg"), std::vector<plan::OutputLayer>{{&h, c}}, {}),
               plan::UsageError);
  c = columns(10);
  c[0].present.pop_back();
  EXPECT_THROW(plan::write_layers(dir.file("x.gpkg"), std::vector<plan::OutputLayer>{{&h, c}}, {}),
               plan::UsageError);
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.gpkg")));
}
