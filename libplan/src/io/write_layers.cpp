#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>

#include "io/gdal_util.hpp"
#include "io/gpkg_rows.hpp"
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

// A GeoPackage layer finished once GDAL has closed the dataset (see io/gpkg_rows.hpp and io/gpkg_rtree.hpp):
// its rows inserted straight into SQLite when `direct`, else already written by OGR with their boxes here;
// then its index packed in bulk. A direct layer's index leaves are ordered on a second core from the start,
// while GDAL creates the file and the rows go in (SQLite writes on one thread).
struct DeferredGpkg {
  const OutputLayer* layer = nullptr;
  io::GpkgTable table;
  bool direct = false;
  std::vector<io::BoxEntry> boxes;
  std::future<io::RtreeLeaves> leaves;
};

void set_column(OGRFeature& feature, int index, const Column& c, std::size_t i) {
  if (c.is_null(i)) {
    feature.SetFieldNull(index);
    return;
  }
  switch (c.field.type) {
    case FieldType::Integer:
      feature.SetField(index, static_cast<GIntBig>(c.integers[i]));
      break;
    case FieldType::Real:
      feature.SetField(index, c.reals[i]);
      break;
    case FieldType::String:
      feature.SetField(index, c.strings[i].c_str());
      break;
  }
}

// Sets the feature's geometry; a point layer's feature keeps its OGRPoint from row to row.
void set_geometry(OGRFeature& feature, const Geometry& g, OGRwkbGeometryType type) {
  if (g.empty()) {
    feature.SetGeometryDirectly(nullptr);
    return;
  }
  OGRGeometry* held = feature.GetGeometryRef();
  if (type == wkbPoint && g.kind == GeometryKind::Point && held &&
      wkbFlatten(held->getGeometryType()) == wkbPoint) {
    auto* point = static_cast<OGRPoint*>(held);
    point->setX(g.points.at(0).x);
    point->setY(g.points.at(0).y);
    return;
  }
  feature.SetGeometryDirectly(to_ogr(g, type).release());
}

// The rows through OGR: one OGRFeature filled again for every row (a fresh one each with plain OGR).
void write_rows(OGRLayer& out, const OutputLayer& o, OGRwkbGeometryType type, const std::string& path,
                DeferredGpkg* index) {
  const Layer& layer = *o.layer;
  const bool reuse = !io::plain_ogr();
  const int own = static_cast<int>(layer.fields.size());
  OGRFeatureDefn* defn = out.GetLayerDefn();
  OGRFeatureUniquePtr feature;
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    const Feature& f = layer.features[i];
    if (!reuse || !feature) feature.reset(OGRFeature::CreateFeature(defn));
    feature->SetFID(OGRNullFID);
    for (int k = 0; k < own; ++k) {
      const auto ku = static_cast<std::size_t>(k);
      if (ku < f.values.size())
        io::set_field(*feature, k, f.values[ku]);
      else if (!o.columns.empty())
        feature->SetFieldNull(k);  // the columns follow the layer's fields, which it holds as null
      else if (reuse)
        feature->UnsetField(k);  // as a fresh feature leaves it
    }
    for (std::size_t c = 0; c < o.columns.size(); ++c)
      set_column(*feature, own + static_cast<int>(c), o.columns[c], i);
    set_geometry(*feature, f.geometry, type);
    if (out.CreateFeature(feature.get()) != OGRERR_NONE)
      throw DataError(Location{path, layer.name, f.id, {}}, io::last_gdal_error("cannot write the feature"));
    if (index && !f.geometry.empty()) index->boxes.push_back(io::box_of(feature->GetFID(), f.geometry));
  }
}

void write_one(GDALDataset& ds, const OutputLayer& o, const std::string& path,
               std::vector<DeferredGpkg>& deferred) {
  const Layer& layer = *o.layer;
  const Location where{path, layer.name, {}, {}};
  auto srs = io::make_srs(layer.crs);
  const OGRwkbGeometryType type = layer_type(layer);
  // Shapefiles default to a Latin-1 code page, which would mangle Chinese names.
  CPLStringList layer_options;
  if (std::string(ds.GetDriverName()) == "ESRI Shapefile") layer_options.SetNameValue("ENCODING", "UTF-8");
  DeferredGpkg* gpkg = nullptr;
  if (std::string(ds.GetDriverName()) == "GPKG" && !io::plain_ogr()) {
    layer_options.SetNameValue("SPATIAL_INDEX", "NO");
    deferred.push_back({&o, {}, io::rows_bind_directly(o), {}, {}});
    gpkg = &deferred.back();
    if (gpkg->direct)
      gpkg->leaves =
          std::async(std::launch::async, [&o] { return io::order_rtree_leaves(io::row_boxes(o)); });
    else
      gpkg->boxes.reserve(layer.features.size());
  }
  OGRLayer* out = ds.CreateLayer(layer.name.c_str(), srs.get(), type, layer_options.List());
  if (!out) throw DataError(where, io::last_gdal_error("cannot create the layer"));
  std::vector<Field> fields = layer.fields;
  for (const Column& c : o.columns) fields.push_back(c.field);
  for (const Field& field : fields) {
    OGRFieldDefn defn(field.name.c_str(), ogr_field_type(field.type));
    if (out->CreateField(&defn) != OGRERR_NONE)
      throw DataError(Location{path, layer.name, {}, field.name},
                      io::last_gdal_error("cannot create the field"));
  }
  if (gpkg) {
    io::GpkgTable& t = gpkg->table;
    t.table = out->GetName(), t.fid_column = out->GetFIDColumn(),
    t.geometry_column = out->GetGeometryColumn();
    t.multi = OGR_GT_IsSubClassOf(type, wkbGeometryCollection);
    OGRFeatureDefn* defn = out->GetLayerDefn();
    for (int k = 0; k < defn->GetFieldCount(); ++k)
      t.field_columns.emplace_back(defn->GetFieldDefn(k)->GetNameRef());
    if (gpkg->direct) return;  // the rows go in once GDAL has closed the file
  }
  const bool transaction = out->StartTransaction() == OGRERR_NONE;
  write_rows(*out, o, type, path, gpkg);
  if (transaction && out->CommitTransaction() != OGRERR_NONE)
    throw DataError(where, io::last_gdal_error("cannot commit the layer"));
}

// The rows of the layers GDAL created but left empty, and every layer's spatial index, in one transaction on
// the closed (temporary, so unsynced) file.
void finish_gpkg(const std::string& file, const std::string& shown_as, std::vector<DeferredGpkg>& deferred) {
  io::Connection db(file, shown_as);
  db.exec("PRAGMA synchronous=OFF");
  db.exec("BEGIN");
  for (DeferredGpkg& d : deferred) {
    db.set_table(d.table.table);
    if (d.direct) io::insert_gpkg_rows(db, d.table, *d.layer);
    io::RtreeLeaves leaves = d.direct ? d.leaves.get() : io::order_rtree_leaves(d.boxes);
    io::build_gpkg_rtree(db, d.table.table, d.table.geometry_column, std::move(leaves));
  }
  db.exec("COMMIT");
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
const LayerStyle* sidecar_style(const Format& format, const std::vector<OutputLayer>& layers,
                                const std::vector<LayerStyle>& styles) {
  if (format.many_layers || layers.size() != 1) return nullptr;
  for (const LayerStyle& s : styles)
    if (s.layer == layers[0].layer->name) return &s;
  return nullptr;
}

void write_text(const fs::path& file, const std::string& text, const std::string& output) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw DataError(Location{output, {}, {}, {}}, "cannot write the style file " + file.string());
}

void check_columns(const std::vector<OutputLayer>& layers) {
  for (const OutputLayer& o : layers) {
    if (!o.layer) throw UsageError("an output layer without its layer");
    const std::size_t n = o.layer->features.size();
    for (const Column& c : o.columns) {
      const std::size_t held = c.field.type == FieldType::Integer ? c.integers.size()
                               : c.field.type == FieldType::Real  ? c.reals.size()
                                                                  : c.strings.size();
      if (held != n || (!c.present.empty() && c.present.size() != n))
        throw UsageError("column '" + c.field.name + "' of layer '" + o.layer->name + "' holds " +
                         std::to_string(held) + " values for " + std::to_string(n) + " features");
    }
  }
}

}  // namespace

Value Column::value(std::size_t feature) const {
  if (is_null(feature)) return {};
  switch (field.type) {
    case FieldType::Integer:
      return integers.at(feature);
    case FieldType::Real:
      return reals.at(feature);
    case FieldType::String:
      return strings.at(feature);
  }
  return {};
}

void write_layers(const std::string& path, const std::vector<Layer>& layers, const WriteOptions& options) {
  std::vector<OutputLayer> outputs;
  outputs.reserve(layers.size());
  for (const Layer& l : layers) outputs.push_back({&l, {}});
  write_layers(path, outputs, options);
}

void write_layers(const std::string& path_string, const std::vector<OutputLayer>& layers,
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
    for (const OutputLayer& l : layers) names += (names.empty() ? "" : ", ") + l.layer->name;
    throw UsageError("format " + driver_name + " holds one layer but this output has " +
                     std::to_string(layers.size()) + " (" + names + "); write a .gpkg instead");
  }
  if (!fs::is_directory(path.parent_path()))
    throw UsageError("output folder '" + path.parent_path().string() + "' does not exist");
  for (const LayerStyle& style : options.styles)
    if (std::none_of(layers.begin(), layers.end(),
                     [&](const OutputLayer& l) { return l.layer->name == style.layer; }))
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
  check_columns(layers);
  std::vector<DeferredGpkg> deferred;
  deferred.reserve(layers.size());  // write_one keeps pointers into it
  try {
    {
      // The temporary file is renamed into place only when complete, so SQLite need not sync it.
      CPLConfigOptionSetter unsynced("OGR_SQLITE_SYNCHRONOUS", "OFF", true);
      GDALDatasetUniquePtr ds(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds)
        throw DataError(Location{path_string, {}, {}, {}}, io::last_gdal_error("cannot create the output"));
      for (const OutputLayer& layer : layers) write_one(*ds, layer, path_string, deferred);
      if (driver_name == "GPKG" && !options.styles.empty()) write_styles(*ds, options.styles, path_string);
      CPLErrorReset();
      ds.reset();  // closing flushes; GDAL 3.6 reports a failed flush only through its error state
      if (CPLGetLastErrorType() >= CE_Failure)
        throw DataError(Location{path_string, {}, {}, {}}, io::last_gdal_error("cannot finish the output"));
      if (!deferred.empty()) finish_gpkg(temp.string(), path_string, deferred);
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
