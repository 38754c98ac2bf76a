#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "io/gdal_util.hpp"
#include "io/gpkg_rtree.hpp"
#include "io/partial_files.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"

namespace plan {

namespace fs = std::filesystem;

namespace {

struct Format {
  const char* extension;
  const char* driver;
  bool many_layers;
};

constexpr Format kFormats[] = {
    {".gpkg", "GPKG", true},     {".sqlite", "SQLite", true},   {".geojson", "GeoJSON", false},
    {".json", "GeoJSON", false}, {".fgb", "FlatGeobuf", false}, {".shp", "ESRI Shapefile", false},
    {".gml", "GML", true},       {".kml", "KML", true},         {".csv", "CSV", false},
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

const Format& format_for(const fs::path& path, const std::string& driver) {
  for (const Format& f : kFormats) {
    if (!driver.empty() ? driver == f.driver : lower(path.extension().string()) == f.extension) return f;
  }
  if (!driver.empty()) {
    static Format custom;
    custom = {"", nullptr, true};
    return custom;
  }
  throw UsageError("cannot tell the output format of '" + path.string() +
                   "' from its extension; use .gpkg, .geojson, .fgb, .shp, .sqlite, .gml, .kml or .csv");
}

OGRwkbGeometryType layer_type(const Layer& layer) {
  bool single = true;
  for (const Feature& f : layer.features) {
    const std::size_t parts = f.geometry.points.size() + f.geometry.lines.size() + f.geometry.polygons.size();
    single = single && parts <= 1;
  }
  switch (layer.kind) {
    case GeometryKind::Point:
      return single ? wkbPoint : wkbMultiPoint;
    case GeometryKind::Line:
      return single ? wkbLineString : wkbMultiLineString;
    case GeometryKind::Polygon:
      return single ? wkbPolygon : wkbMultiPolygon;
  }
  return wkbUnknown;
}

OGRLinearRing* to_ogr_ring(const Ring& ring) {
  auto* r = new OGRLinearRing();
  for (const XY& p : ring) r->addPoint(p.x, p.y);
  r->closeRings();
  return r;
}

OGRPolygon* to_ogr_polygon(const Polygon& p) {
  auto* poly = new OGRPolygon();
  poly->addRingDirectly(to_ogr_ring(p.outer));
  for (const Ring& h : p.holes) poly->addRingDirectly(to_ogr_ring(h));
  return poly;
}

OGRLineString* to_ogr_line(const LineString& l) {
  auto* line = new OGRLineString();
  for (const XY& p : l) line->addPoint(p.x, p.y);
  return line;
}

std::unique_ptr<OGRGeometry> to_ogr(const Geometry& g, OGRwkbGeometryType type) {
  const bool multi = OGR_GT_IsSubClassOf(type, wkbGeometryCollection);
  switch (g.kind) {
    case GeometryKind::Point: {
      if (!multi) return std::make_unique<OGRPoint>(g.points.at(0).x, g.points.at(0).y);
      auto m = std::make_unique<OGRMultiPoint>();
      for (const XY& p : g.points) m->addGeometryDirectly(new OGRPoint(p.x, p.y));
      return m;
    }
    case GeometryKind::Line: {
      if (!multi) return std::unique_ptr<OGRGeometry>(to_ogr_line(g.lines.at(0)));
      auto m = std::make_unique<OGRMultiLineString>();
      for (const LineString& l : g.lines) m->addGeometryDirectly(to_ogr_line(l));
      return m;
    }
    case GeometryKind::Polygon: {
      if (!multi) return std::unique_ptr<OGRGeometry>(to_ogr_polygon(g.polygons.at(0)));
      auto m = std::make_unique<OGRMultiPolygon>();
      for (const Polygon& p : g.polygons) m->addGeometryDirectly(to_ogr_polygon(p));
      return m;
    }
  }
  return nullptr;
}

OGRFieldType ogr_field_type(FieldType t) {
  switch (t) {
    case FieldType::Integer:
      return OFTInteger64;
    case FieldType::Real:
      return OFTReal;
    case FieldType::String:
      return OFTString;
  }
  return OFTString;
}

// A GeoPackage layer written without GDAL's row-by-row index, whose index is built in bulk once the
// dataset is closed (see io/gpkg_rtree.hpp).
struct DeferredIndex {
  std::string table, column;
  std::vector<io::BoxEntry> boxes;
};

io::BoxEntry box_of(std::int64_t fid, const Geometry& g) {
  io::BoxEntry b{fid, HUGE_VAL, -HUGE_VAL, HUGE_VAL, -HUGE_VAL};
  auto add = [&](const XY& p) {
    b.min_x = std::min(b.min_x, p.x), b.max_x = std::max(b.max_x, p.x);
    b.min_y = std::min(b.min_y, p.y), b.max_y = std::max(b.max_y, p.y);
  };
  for (const XY& p : g.points) add(p);
  for (const LineString& l : g.lines)
    for (const XY& p : l) add(p);
  for (const Polygon& poly : g.polygons)
    for (const XY& p : poly.outer) add(p);  // holes lie inside the outer ring
  return b;
}

void write_one(GDALDataset& ds, const Layer& layer, const std::string& path,
               std::vector<DeferredIndex>& deferred) {
  const Location where{path, layer.name, {}, {}};
  auto srs = io::make_srs(layer.crs);
  const OGRwkbGeometryType type = layer_type(layer);
  // Shapefiles default to a Latin-1 code page, which would mangle Chinese names.
  CPLStringList layer_options;
  if (std::string(ds.GetDriverName()) == "ESRI Shapefile") layer_options.SetNameValue("ENCODING", "UTF-8");
  DeferredIndex* index = nullptr;
  if (std::string(ds.GetDriverName()) == "GPKG" && !io::plain_ogr()) {
    layer_options.SetNameValue("SPATIAL_INDEX", "NO");
    deferred.push_back({layer.name, "", {}});
    index = &deferred.back();
    index->boxes.reserve(layer.features.size());
  }
  OGRLayer* out = ds.CreateLayer(layer.name.c_str(), srs.get(), type, layer_options.List());
  if (!out) throw DataError(where, io::last_gdal_error("cannot create the layer"));
  if (index) index->table = out->GetName(), index->column = out->GetGeometryColumn();
  for (const Field& field : layer.fields) {
    OGRFieldDefn defn(field.name.c_str(), ogr_field_type(field.type));
    if (out->CreateField(&defn) != OGRERR_NONE)
      throw DataError(Location{path, layer.name, {}, field.name},
                      io::last_gdal_error("cannot create the field"));
  }
  const bool transaction = out->StartTransaction() == OGRERR_NONE;
  OGRFeatureDefn* defn = out->GetLayerDefn();
  for (const Feature& f : layer.features) {
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(defn));
    for (std::size_t i = 0; i < layer.fields.size() && i < f.values.size(); ++i) {
      io::set_field(*feature, static_cast<int>(i), f.values[i]);
    }
    if (!f.geometry.empty()) feature->SetGeometryDirectly(to_ogr(f.geometry, type).release());
    if (out->CreateFeature(feature.get()) != OGRERR_NONE)
      throw DataError(Location{path, layer.name, f.id, {}}, io::last_gdal_error("cannot write the feature"));
    if (index && !f.geometry.empty()) index->boxes.push_back(box_of(feature->GetFID(), f.geometry));
  }
  if (transaction && out->CommitTransaction() != OGRERR_NONE)
    throw DataError(where, io::last_gdal_error("cannot commit the layer"));
}

// The layer_styles table as QGIS creates it when a style is saved into a GeoPackage (QgsOgrUtils::saveStyle:
// an OGR attribute table with FID "id", so that gpkg_contents lists it as 'attributes'), one row per
// styled layer, each its layer's default style.
void write_styles(GDALDataset& ds, const std::vector<LayerStyle>& styles, const std::string& path) {
  const Location where{path, "layer_styles", {}, {}};
  CPLStringList options;
  options.SetNameValue("FID", "id");
  OGRLayer* table = ds.CreateLayer("layer_styles", nullptr, wkbNone, options.List());
  if (!table) throw DataError(where, io::last_gdal_error("cannot create the table"));
  struct Column {
    const char* name;
    OGRFieldType type;
    int width;
  };
  constexpr Column kColumns[] = {{"f_table_catalog", OFTString, 256},
                                 {"f_table_schema", OFTString, 256},
                                 {"f_table_name", OFTString, 256},
                                 {"f_geometry_column", OFTString, 256},
                                 {"styleName", OFTString, 30},
                                 {"styleQML", OFTString, 0},
                                 {"styleSLD", OFTString, 0},
                                 {"useAsDefault", OFTInteger, 0},
                                 {"description", OFTString, 0},
                                 {"owner", OFTString, 30},
                                 {"ui", OFTString, 30},
                                 {"update_time", OFTDateTime, 0}};
  for (const Column& c : kColumns) {
    OGRFieldDefn defn(c.name, c.type);
    if (c.width) defn.SetWidth(c.width);
    if (c.type == OFTInteger) defn.SetSubType(OFSTBoolean);
    if (c.type == OFTDateTime) defn.SetDefault("CURRENT_TIMESTAMP");
    if (table->CreateField(&defn) != OGRERR_NONE)
      throw DataError(Location{path, "layer_styles", {}, c.name},
                      io::last_gdal_error("cannot create the field"));
  }
  OGRFeatureDefn* defn = table->GetLayerDefn();
  for (const LayerStyle& style : styles) {
    OGRLayer* styled = ds.GetLayerByName(style.layer.c_str());
    if (!styled)
      throw UsageError("a style names layer '" + style.layer + "', which the output does not hold");
    OGRFeatureUniquePtr row(OGRFeature::CreateFeature(defn));
    row->SetField("f_table_catalog", "");
    row->SetField("f_table_schema", "");
    row->SetField("f_table_name", styled->GetName());
    row->SetField("f_geometry_column", styled->GetGeometryColumn());
    row->SetField("styleName", (style.name.empty() ? style.layer : style.name).c_str());
    row->SetField("styleQML", style.qml.c_str());
    row->SetField("styleSLD", "");
    row->SetField("useAsDefault", 1);
    row->SetField("description", style.description.c_str());
    row->SetField("owner", "");
    if (table->CreateFeature(row.get()) != OGRERR_NONE)
      throw DataError(Location{path, "layer_styles", {}, {}},
                      io::last_gdal_error("cannot write the style of layer '" + style.layer + "'"));
  }
}

// All files of a dataset written under `stem` (a Shapefile has sidecars .shx, .dbf, .prj, .cpg).
std::vector<fs::path> files_with_stem(const fs::path& dir, const std::string& stem) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().stem().string() == stem) found.push_back(entry.path());
  return found;
}

bool same_file(const fs::path& a, const std::string& b) {
  std::error_code ec;
  if (fs::equivalent(a, b, ec)) return true;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

// The style a one-layer file carries beside it as `<stem>.qml`, which QGIS loads as the layer's default
// style when it opens the file (Shapefile, GeoJSON, FlatGeobuf, CSV); null when there is none.
const LayerStyle* sidecar_style(const Format& format, const std::vector<Layer>& layers,
                                const std::vector<LayerStyle>& styles) {
  if (format.many_layers || layers.size() != 1) return nullptr;
  for (const LayerStyle& s : styles)
    if (s.layer == layers[0].name) return &s;
  return nullptr;
}

void write_text(const fs::path& file, const std::string& text, const std::string& output) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw DataError(Location{output, {}, {}, {}}, "cannot write the style file " + file.string());
}

}  // namespace

void write_layers(const std::string& path_string, const std::vector<Layer>& layers,
                  const WriteOptions& options) {
  io::ensure_gdal_registered();
  io::QuietGdalErrors quiet;
  const fs::path path = fs::absolute(path_string);
  const Format& format = format_for(path, options.format);
  const std::string driver_name = format.driver ? format.driver : options.format;

  for (const std::string& input : options.inputs)
    if (same_file(path, input))
      throw UsageError("refusing to write the output over the input '" + input + "'");
  if (fs::exists(path) && !options.overwrite)
    throw UsageError("output '" + path_string + "' already exists; pass --overwrite to replace it");
  if (!format.many_layers && layers.size() > 1) {
    std::string names;
    for (const Layer& l : layers) names += (names.empty() ? "" : ", ") + l.name;
    throw UsageError("format " + driver_name + " holds one layer but this output has " +
                     std::to_string(layers.size()) + " (" + names + "); write a .gpkg instead");
  }
  if (!fs::is_directory(path.parent_path()))
    throw UsageError("output folder '" + path.parent_path().string() + "' does not exist");
  for (const LayerStyle& style : options.styles)
    if (std::none_of(layers.begin(), layers.end(), [&](const Layer& l) { return l.name == style.layer; }))
      throw UsageError("a style names layer '" + style.layer + "', which the output does not hold");
  const LayerStyle* sidecar = driver_name == "GPKG" ? nullptr : sidecar_style(format, layers, options.styles);
  const fs::path sidecar_path = path.parent_path() / (path.stem().string() + ".qml");
  if (sidecar && fs::exists(sidecar_path) && !options.overwrite)
    throw UsageError("the output's style file '" + sidecar_path.string() +
                     "' already exists; pass --overwrite to replace it");

  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (!driver) throw UsageError("GDAL has no driver '" + driver_name + "'");

  // Written beside the target and renamed into place, so a failure never leaves a half-written output.
  const std::string temp_stem = "." + path.stem().string() + ".partial-" + std::to_string(::getpid());
  const fs::path temp = path.parent_path() / (temp_stem + path.extension().string());
  auto discard = [&] {
    std::error_code ec;
    for (const fs::path& p : files_with_stem(path.parent_path(), temp_stem)) fs::remove_all(p, ec);
  };
  io::remove_stale_partials(path.parent_path(), path.stem().string());
  const io::PartialFileGuard on_signal(path.parent_path(), temp_stem, path.extension().string());
  std::vector<DeferredIndex> deferred;
  try {
    {
      // The temporary file is renamed into place only when complete, so SQLite need not sync it.
      CPLConfigOptionSetter unsynced("OGR_SQLITE_SYNCHRONOUS", "OFF", true);
      GDALDatasetUniquePtr ds(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds)
        throw DataError(Location{path_string, {}, {}, {}}, io::last_gdal_error("cannot create the output"));
      for (const Layer& layer : layers) write_one(*ds, layer, path_string, deferred);
      if (driver_name == "GPKG" && !options.styles.empty()) write_styles(*ds, options.styles, path_string);
      CPLErrorReset();
      ds.reset();  // closing flushes; GDAL 3.6 reports a failed flush only through its error state
      if (CPLGetLastErrorType() >= CE_Failure)
        throw DataError(Location{path_string, {}, {}, {}}, io::last_gdal_error("cannot finish the output"));
      for (DeferredIndex& d : deferred)
        io::build_gpkg_rtree(temp.string(), d.table, d.column, std::move(d.boxes));
      // Named like the temporary dataset, so that it moves into place with it.
      if (sidecar) write_text(path.parent_path() / (temp_stem + ".qml"), sidecar->qml, path_string);
    }
    for (const fs::path& part : files_with_stem(path.parent_path(), temp_stem)) {
      const fs::path final_part = path.parent_path() / (path.stem().string() + part.extension().string());
      fs::rename(part, final_part);
    }
  } catch (...) {
    discard();
    throw;
  }
}

}  // namespace plan
