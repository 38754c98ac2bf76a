// Point layers read through GDAL's Arrow stream against the same layers read feature by feature (plain
// OGR): the same features in the same order, coordinates bit for bit, the same field values and nulls,
// the same skipped features and the same errors naming the feature, on GeoPackage, FlatGeobuf, GeoJSON
// and Shapefile. The WKB decoder is checked against OGR's own parser.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "io/arrow_points.hpp"
#include "io/gdal_util.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "test_support.hpp"

namespace {

using test_support::TempDir;

// How a test reads: through the stream where read_layer takes it, feature by feature with every other
// fast path kept (batched reprojection), or plain OGR (no fast path at all).
enum class Mode { Streamed, FeatureByFeature, PlainOgr };

class ModeScope {
 public:
  explicit ModeScope(Mode m) {
    plan::io::set_streamed_reading(m == Mode::Streamed);
    plan::io::set_plain_ogr(m == Mode::PlainOgr);
  }
  ~ModeScope() {
    plan::io::set_streamed_reading(true);
    plan::io::set_plain_ogr(false);
  }
};

const char* driver_for(const std::string& ext) {
  return ext == ".gpkg"      ? "GPKG"
         : ext == ".fgb"     ? "FlatGeobuf"
         : ext == ".geojson" ? "GeoJSON"
                             : "ESRI Shapefile";
}

const char* const kNanPoint = "POINT (115 NaN)";

// Writes `wkts` (one feature each, "" for no geometry) as layer "homes" in lon/lat, with FIDs 1, 2, 3
// and then a gap (10, 11, ...) where the format keeps FIDs, and fields of every type read: int32, int64,
// real, text (Chinese too), boolean, each null on some features.
std::string write_points(const TempDir& dir, const std::string& ext, const std::vector<std::string>& wkts,
                         OGRwkbGeometryType type = wkbPoint) {
  GDALAllRegister();
  const std::string path = dir.file("homes" + ext);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_for(ext));
  GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  OGRLayer* layer = ds->CreateLayer("homes", &wgs84, type, nullptr);
  OGRFieldDefn pop("pop", OFTInteger), big("big", OFTInteger64), area("area", OFTReal),
      name("name", OFTString), flag("flag", OFTInteger);
  flag.SetSubType(OFSTBoolean);
  for (OGRFieldDefn* f : {&pop, &big, &area, &name, &flag}) EXPECT_EQ(layer->CreateField(f), OGRERR_NONE);
  for (std::size_t i = 0; i < wkts.size(); ++i) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetFID(static_cast<GIntBig>(i < 3 ? i + 1 : i + 7));
    if (i % 4 != 1) f->SetField("pop", static_cast<int>(i * 3));
    f->SetField("big", static_cast<GIntBig>(5000000000LL + static_cast<long long>(i)));
    if (i % 3 != 2) f->SetField("area", 0.1 * static_cast<double>(i) + 1e-9);
    if (i % 5 != 3) f->SetField("name", ((i % 2 ? "住宅 " : "home ") + std::to_string(i)).c_str());
    f->SetField("flag", static_cast<int>(i % 2));
    if (wkts[i] == kNanPoint) {  // from WKB: WKT has no NaN, and OGRPoint(x, NaN) is an empty point
      unsigned char wkb[21] = {1, 1, 0, 0, 0};
      const double xy[2] = {115, std::numeric_limits<double>::quiet_NaN()};
      std::memcpy(wkb + 5, xy, 16);
      OGRGeometry* g = nullptr;
      EXPECT_EQ(OGRGeometryFactory::createFromWkb(wkb, nullptr, &g, sizeof wkb), OGRERR_NONE);
      f->SetGeometryDirectly(g);
    } else if (!wkts[i].empty()) {
      OGRGeometry* g = nullptr;
      EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkts[i].c_str(), nullptr, &g), OGRERR_NONE) << wkts[i];
      f->SetGeometryDirectly(g);
    }
    EXPECT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
  }
  return path;
}

// Points around Heze with full-precision coordinates (so that a lost bit would show).
std::vector<std::string> some_points(int n) {
  std::vector<std::string> wkts;
  char buf[128];
  for (int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "POINT (%.17g %.17g)", 115.4 + i * 0.0012345678901234567,
                  35.2 + std::sqrt(i) * 0.001);
    wkts.push_back(buf);
  }
  return wkts;
}

struct Read {
  plan::Layer layer;
  plan::ReadReport report;
};

Read read(const std::string& path, const plan::ReadOptions& o, Mode mode) {
  ModeScope scope(mode);
  Read r;
  r.layer = plan::read_layer(path, o, &r.report);
  return r;
}

void expect_same(const Read& a, const Read& b) {
  EXPECT_EQ(a.layer.crs, b.layer.crs);
  EXPECT_EQ(a.layer.kind, b.layer.kind);
  EXPECT_EQ(a.layer.name, b.layer.name);
  ASSERT_EQ(a.layer.fields.size(), b.layer.fields.size());
  for (std::size_t k = 0; k < a.layer.fields.size(); ++k) {
    EXPECT_EQ(a.layer.fields[k].name, b.layer.fields[k].name);
    EXPECT_EQ(a.layer.fields[k].type, b.layer.fields[k].type);
  }
  ASSERT_EQ(a.layer.features.size(), b.layer.features.size());
  for (std::size_t i = 0; i < a.layer.features.size(); ++i) {
    const plan::Feature &fa = a.layer.features[i], &fb = b.layer.features[i];
    EXPECT_EQ(fa.id, fb.id) << "feature " << i;
    EXPECT_EQ(fa.values, fb.values) << "feature " << i;
    ASSERT_EQ(fa.geometry.points.size(), fb.geometry.points.size()) << "feature " << i;
    for (std::size_t p = 0; p < fa.geometry.points.size(); ++p) {  // bit for bit
      EXPECT_EQ(std::memcmp(&fa.geometry.points[p], &fb.geometry.points[p], sizeof(plan::XY)), 0)
          << "feature " << i;
    }
  }
  EXPECT_EQ(a.report.skipped_empty, b.report.skipped_empty);
  EXPECT_EQ(a.report.source_crs, b.report.source_crs);
  EXPECT_EQ(a.report.warnings, b.report.warnings);
}

// The DataError message a read throws, or "" when it throws none.
std::string error_of(const std::string& path, const plan::ReadOptions& o, Mode mode) {
  try {
    read(path, o, mode);
  } catch (const plan::DataError& e) {
    return e.what();
  }
  return "";
}

// Whether GDAL's Arrow stream is what read_layer reads this file's layer through.
bool streamed(const std::string& path) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  return plan::io::read_points_streamed(*ds->GetLayer(0), {}, {}).has_value();
}

const char* kFormats[] = {".gpkg", ".fgb", ".geojson", ".shp"};

}  // namespace

TEST(ArrowRead, EveryFormatGivesWhatFeatureByFeatureReadingGives) {
  std::vector<std::string> wkts = some_points(300);
  wkts[7] = "";              // no geometry
  wkts[12] = "POINT EMPTY";  // empty
  for (const char* ext : kFormats) {
    SCOPED_TRACE(ext);
    TempDir dir;
    const std::string path = write_points(dir, ext, wkts);
    std::vector<plan::ReadOptions> cases(5);
    cases[1].target_crs = "EPSG:32650";
    cases[2].fields = std::vector<std::string>{"pop"};
    cases[3].fields = std::vector<std::string>{"name", "area", "no_such_field"};
    cases[3].target_crs = "EPSG:32650";
    cases[4].offset = plan::LonLatOffset::Gcj02;
    cases[4].expect = plan::GeometryKind::Point;
    for (std::size_t c = 0; c < cases.size(); ++c) {
      SCOPED_TRACE("options " + std::to_string(c));
      const Read fast = read(path, cases[c], Mode::Streamed);
      expect_same(fast, read(path, cases[c], Mode::FeatureByFeature));
      expect_same(fast, read(path, cases[c], Mode::PlainOgr));
      EXPECT_GE(fast.layer.features.size(), 290u);
    }
  }
}

TEST(ArrowRead, OnlyGeoPackageAndFlatGeobufAreStreamed) {
  // GDAL 3.6's own batch readers; the generic stream of other drivers measured slower than reading
  // feature by feature (bench/read_bench).
  for (const char* ext : kFormats) {
    TempDir dir;
    const std::string path = write_points(dir, ext, some_points(10));
    const bool own_stream = std::string(ext) == ".gpkg" || std::string(ext) == ".fgb";
    EXPECT_EQ(streamed(path), own_stream) << ext;
  }
  TempDir dir;  // not a point layer
  EXPECT_FALSE(streamed(write_points(dir, ".gpkg", {"LINESTRING (115 35, 115.1 35.1)"}, wkbLineString)));
}

TEST(ArrowRead, MultipointsAndThreeDimensionsGiveTheSameFeatures) {
  struct Case {
    OGRwkbGeometryType type;
    std::vector<std::string> wkts;
    std::size_t points;  // in all, once read
  };
  const std::vector<Case> cases = {
      {wkbMultiPoint,
       {"MULTIPOINT ((115.1 35.1), (115.2 35.2))", "MULTIPOINT ((115.3 35.3))", "MULTIPOINT ((115.4 35.4))"},
       4},
      {wkbPoint25D, {"POINT Z (115.1 35.1 7)", "POINT Z (115.2 35.2 -3.5)"}, 2},
  };
  for (const char* ext : {".gpkg", ".fgb"}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(std::string(ext) + " " + OGRGeometryTypeToName(c.type));
      TempDir dir;
      const std::string path = write_points(dir, ext, c.wkts, c.type);
      EXPECT_TRUE(streamed(path));
      plan::ReadOptions o;
      o.target_crs = "EPSG:32650";
      const Read fast = read(path, o, Mode::Streamed);
      expect_same(fast, read(path, o, Mode::FeatureByFeature));
      expect_same(fast, read(path, o, Mode::PlainOgr));
      EXPECT_EQ(plan::all_points(fast.layer).size(), c.points);
    }
  }
}

TEST(ArrowRead, BadGeometriesFailWithTheSameMessageNamingTheFeature) {
  struct Case {
    std::string bad;       // the WKT of feature 10 (the fourth: FIDs 1, 2, 3, 10, 11 ...)
    std::string expected;  // part of the message
  };
  const std::vector<Case> cases = {
      {"LINESTRING (115 35, 115.1 35.1)", "expected point geometries, found Line String"},
      {kNanPoint, "is not a finite number"},
      {"POINT (1e12 35)", "is not a finite number"},
  };
  for (const char* ext : {".gpkg", ".fgb", ".geojson"}) {
    for (const Case& c : cases) {
      SCOPED_TRACE(std::string(ext) + " " + c.bad);
      if (std::string(ext) != ".gpkg" && c.bad.rfind("LINESTRING", 0) == 0) continue;  // typed layers
      // JSON has no NaN, and FlatGeobuf's writer leaves such a point out of its indexed file.
      if (std::string(ext) != ".gpkg" && c.bad == kNanPoint) continue;
      std::vector<std::string> wkts = some_points(20);
      wkts[3] = c.bad;
      TempDir dir;
      const std::string path = write_points(dir, ext, wkts);
      plan::ReadOptions o;
      o.expect = plan::GeometryKind::Point;
      // Against feature-by-feature reading with the same batched reprojection: plain OGR reprojects
      // feature by feature before checking, so it names PROJ's error for 1e12 instead.
      const std::string fast = error_of(path, o, Mode::Streamed);
      EXPECT_EQ(fast, error_of(path, o, Mode::FeatureByFeature));
      EXPECT_NE(fast.find(c.expected), std::string::npos) << fast;
      EXPECT_NE(fast.find("layer 'homes'"), std::string::npos) << fast;
      EXPECT_NE(fast.find("homes" + std::string(ext)), std::string::npos) << fast;
      if (std::string(ext) == ".gpkg") {
        EXPECT_NE(fast.find("feature 10"), std::string::npos) << fast;
      }
    }
  }
}

TEST(ArrowRead, WkbPointsDecodeAsOgrParsesThem) {
  const std::vector<std::string> wkts = {
      "POINT (115.123456789012345 35.987654321098765)",
      "POINT Z (1 2 3)",
      "POINT M (4 5 6)",
      "POINT ZM (7 8 9 10)",
      "MULTIPOINT ((1 2), (3 4), (5 6))",
      "MULTIPOINT ZM ((1 2 3 4), (5 6 7 8))",
  };
  for (const std::string& wkt : wkts) {
    OGRGeometry* g = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE);
    std::unique_ptr<OGRGeometry> owned(g);
    std::vector<plan::XY> expected;
    if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
      expected.push_back({g->toPoint()->getX(), g->toPoint()->getY()});
    } else {
      for (const OGRPoint* p : *g->toMultiPoint()) expected.push_back({p->getX(), p->getY()});
    }
    for (OGRwkbByteOrder order : {wkbNDR, wkbXDR}) {
      for (OGRwkbVariant variant : {wkbVariantIso, wkbVariantOldOgc}) {
        if (variant == wkbVariantOldOgc && g->IsMeasured()) continue;  // M has no extended code
        std::vector<unsigned char> wkb(g->WkbSize());
        ASSERT_EQ(g->exportToWkb(order, wkb.data(), variant), OGRERR_NONE);
        std::vector<plan::XY> got;
        EXPECT_EQ(plan::io::points_from_wkb(wkb.data(), wkb.size(), got), plan::io::WkbPoints::Points) << wkt;
        EXPECT_EQ(got, expected) << wkt << " byte order " << order << " variant " << variant;
        // Cut short anywhere: never read beyond the end.
        for (std::size_t cut = 0; cut < wkb.size(); ++cut) {
          std::vector<plan::XY> none;
          EXPECT_EQ(plan::io::points_from_wkb(wkb.data(), cut, none), plan::io::WkbPoints::Other) << wkt;
          EXPECT_TRUE(none.empty());
        }
      }
    }
  }
}

TEST(ArrowRead, WkbEmptyAndOtherGeometriesAreToldApart) {
  auto decode = [](const std::string& wkt) {
    OGRGeometry* g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g), OGRERR_NONE) << wkt;
    std::unique_ptr<OGRGeometry> owned(g);
    std::vector<unsigned char> wkb(g->WkbSize());
    g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    std::vector<plan::XY> out;
    return plan::io::points_from_wkb(wkb.data(), wkb.size(), out);
  };
  using plan::io::WkbPoints;
  EXPECT_EQ(decode("POINT EMPTY"), WkbPoints::Empty);  // written as NaN, NaN
  EXPECT_EQ(decode("MULTIPOINT EMPTY"), WkbPoints::Empty);
  EXPECT_EQ(decode("MULTIPOINT ((1 2), EMPTY)"), WkbPoints::Other);  // left to OGR
  EXPECT_EQ(decode("LINESTRING (1 2, 3 4)"), WkbPoints::Other);
  EXPECT_EQ(decode("GEOMETRYCOLLECTION (POINT (1 2))"), WkbPoints::Other);
  // EWKB with an SRID (PostGIS's): not what OGR's streams give, so not taken.
  const unsigned char ewkb[] = {1, 1, 0,    0,    0x20, 0xE6, 0x10, 0, 0, 0, 0, 0,   0,
                                0, 0, 0xF0, 0x3F, 0,    0,    0,    0, 0, 0, 0, 0x40};
  std::vector<plan::XY> out;
  EXPECT_EQ(plan::io::points_from_wkb(ewkb, sizeof ewkb, out), WkbPoints::Other);
  // A point with one NaN coordinate is not empty: it is read, to be refused by the coordinate check.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  unsigned char one_nan[21] = {1, 1, 0, 0, 0};
  const double xy[2] = {1.0, nan};
  std::memcpy(one_nan + 5, xy, 16);
  EXPECT_EQ(plan::io::points_from_wkb(one_nan, sizeof one_nan, out), WkbPoints::Points);
}
