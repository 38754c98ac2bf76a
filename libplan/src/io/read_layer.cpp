#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include "geom/geos.hpp"
#include "io/arrow_points.hpp"
#include "io/gdal_util.hpp"
#include "plan/china_coords.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"

namespace plan {

namespace {

using io::QuietGdalErrors;

std::optional<GeometryKind> kind_of(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPoint:
    case wkbMultiPoint:
      return GeometryKind::Point;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return GeometryKind::Line;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbTriangle:
    case wkbPolyhedralSurface:
    case wkbTIN:
      return GeometryKind::Polygon;
    default:
      return std::nullopt;
  }
}

std::vector<XY> points_of(const OGRSimpleCurve& curve) {
  std::vector<XY> pts(curve.getNumPoints());
  for (int i = 0; i < curve.getNumPoints(); ++i) pts[i] = {curve.getX(i), curve.getY(i)};
  return pts;
}

void append_parts(const OGRGeometry& g, Geometry& out) {
  switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
      const auto& p = *g.toPoint();
      out.points.push_back({p.getX(), p.getY()});
      break;
    }
    case wkbLineString:
      out.lines.push_back(points_of(*g.toLineString()));
      break;
    case wkbPolygon: {
      const auto& poly = *g.toPolygon();
      Polygon p;
      if (poly.getExteriorRing()) p.outer = points_of(*poly.getExteriorRing());
      for (int i = 0; i < poly.getNumInteriorRings(); ++i)
        p.holes.push_back(points_of(*poly.getInteriorRing(i)));
      out.polygons.push_back(std::move(p));
      break;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
      const auto& coll = *g.toGeometryCollection();
      for (int i = 0; i < coll.getNumGeometries(); ++i) append_parts(*coll.getGeometryRef(i), out);
      break;
    }
    default: {
      // Curves, surfaces and TINs: their straight-segment approximation.
      std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
      if (linear && wkbFlatten(linear->getGeometryType()) != wkbFlatten(g.getGeometryType()))
        append_parts(*linear, out);
    }
  }
}

template <class F>
void for_each_vertex(Geometry& g, F&& f) {
  for (XY& p : g.points) f(p);
  for (LineString& l : g.lines)
    for (XY& p : l) f(p);
  for (Polygon& poly : g.polygons) {
    for (XY& p : poly.outer) f(p);
    for (Ring& h : poly.holes)
      for (XY& p : h) f(p);
  }
}

// Reprojects every vertex of a feature in one batch call.
bool transform_in_place(Geometry& g, OGRCoordinateTransformation& ct) {
  std::vector<double> xs, ys;
  for_each_vertex(g, [&](XY& p) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  });
  if (xs.empty()) return true;
  std::vector<int> ok(xs.size());
  if (!ct.Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data())) return false;
  if (std::find(ok.begin(), ok.end(), 0) != ok.end()) return false;
  std::size_t i = 0;
  for_each_vertex(g, [&](XY& p) {
    p = {xs[i], ys[i]};
    ++i;
  });
  return true;
}

// Reprojects the vertices of all features in batches; a batch that fails is redone feature by feature so
// that the error names the feature.
void transform_batched(Layer& layer, OGRCoordinateTransformation& ct, Location where) {
  constexpr std::size_t kBatch = 65536;
  std::vector<double> xs, ys;
  std::vector<int> ok;
  std::size_t first = 0;  // first feature of the current batch
  auto flush = [&](std::size_t end) {
    if (xs.empty()) return;
    ok.assign(xs.size(), 0);
    const bool done = ct.Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data()) &&
                      std::find(ok.begin(), ok.end(), 0) == ok.end();
    if (!done) {
      for (std::size_t i = first; i < end; ++i) {
        where.feature_id = layer.features[i].id;
        if (!transform_in_place(layer.features[i].geometry, ct))
          throw DataError(where, "cannot transform to " + layer.crs + ": " +
                                     io::last_gdal_error("coordinates out of range"));
      }
    } else {
      std::size_t k = 0;
      for (std::size_t i = first; i < end; ++i)
        for_each_vertex(layer.features[i].geometry, [&](XY& p) { p = {xs[k], ys[k]}, ++k; });
    }
    xs.clear(), ys.clear();
    first = end;
  };
  for (std::size_t i = 0; i < layer.features.size(); ++i) {
    for_each_vertex(layer.features[i].geometry, [&](XY& p) { xs.push_back(p.x), ys.push_back(p.y); });
    if (xs.size() >= kBatch) flush(i + 1);
  }
  flush(layer.features.size());
}

// Valid polygons come back oriented (outer CCW, holes CW); invalid ones are repaired with MakeValid.
MultiPolygon checked_polygons(const MultiPolygon& in, const Location& where, bool repair,
                              ReadReport* report) {
  geom::GeosContext& ctx = geom::thread_context();
  geom::GeomPtr g = geom::to_geos(ctx, in);
  const char valid = GEOSisValid_r(ctx.handle(), g.get());
  if (valid == 1) return geom::polygons_from_geos(ctx, g.get());
  char* reason_c = GEOSisValidReason_r(ctx.handle(), g.get());
  std::string reason = reason_c ? reason_c : "invalid";
  GEOSFree_r(ctx.handle(), reason_c);
  if (!repair) throw DataError(where, "invalid polygon (" + reason + ")");
  geom::GeomPtr fixed = geom::own(ctx, GEOSMakeValid_r(ctx.handle(), g.get()), "MakeValid");
  if (report)
    report->warnings.push_back(where.describe() + ": invalid polygon (" + reason +
                               ") repaired with MakeValid");
  return geom::polygons_from_geos(ctx, fixed.get());
}

Value value_of(OGRFeature& f, int i, FieldType type) {
  if (!f.IsFieldSetAndNotNull(i)) return std::monostate{};
  switch (type) {
    case FieldType::Integer:
      return static_cast<std::int64_t>(f.GetFieldAsInteger64(i));
    case FieldType::Real:
      return f.GetFieldAsDouble(i);
    case FieldType::String:
      return std::string(f.GetFieldAsString(i));
  }
  return std::monostate{};
}

FieldType field_type_of(OGRFieldType t) {
  switch (t) {
    case OFTInteger:
    case OFTInteger64:
      return FieldType::Integer;
    case OFTReal:
      return FieldType::Real;
    default:
      return FieldType::String;
  }
}

OGRLayer* choose_layer(GDALDataset& ds, const std::string& source, const std::string& name) {
  if (!name.empty()) {
    OGRLayer* l = ds.GetLayerByName(name.c_str());
    if (!l) {
      std::string names;
      for (auto* each : ds.GetLayers()) names += (names.empty() ? "" : ", ") + std::string(each->GetName());
      throw DataError(Location{source, name, {}, {}}, "no such layer (layers: " + names + ")");
    }
    return l;
  }
  const std::vector<OGRLayer*> layers = io::feature_layers(ds);
  if (layers.size() == 1) return layers.front();
  if (layers.empty()) throw DataError(Location{source, {}, {}, {}}, "contains no vector layer");
  std::string names;
  for (auto* each : layers) names += (names.empty() ? "" : ", ") + std::string(each->GetName());
  throw DataError(Location{source, {}, {}, {}}, "has several layers (" + names + "); choose one by name");
}

// The UTM zone of an extent's centre, found by projecting the centre to WGS84.
std::string centre_utm_crs(const OGREnvelope& env, const OGRSpatialReference& srs, const Location& where) {
  auto wgs84 = io::make_srs("EPSG:4326");
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&srs, wgs84.get()));
  double x = (env.MinX + env.MaxX) / 2, y = (env.MinY + env.MaxY) / 2;
  if (!ct || !ct->Transform(1, &x, &y))
    throw DataError(where, "cannot find the longitude/latitude of the layer's centre");
  return utm_crs_for(x, y);
}

// The UTM zone of the layer's extent centre.
std::string default_metric_crs(OGRLayer& layer, const OGRSpatialReference& srs, const Location& where) {
  OGREnvelope env;
  if (layer.GetExtent(&env, TRUE) != OGRERR_NONE) {
    // Some drivers cannot report an extent (OSM XML without <bounds>): scan the geometries instead.
    bool any = false;
    layer.ResetReading();
    for (auto& f : layer) {
      const OGRGeometry* g = f->GetGeometryRef();
      if (!g || g->IsEmpty()) continue;
      OGREnvelope e;
      g->getEnvelope(&e);
      if (any)
        env.Merge(e);
      else
        env = e;
      any = true;
    }
    layer.ResetReading();
    if (!any) throw DataError(where, "cannot compute the layer's extent");
  }
  return centre_utm_crs(env, srs, where);
}

// The CRS the features are in: the one they declare (longitude first), else options.assume_crs, else an
// error saying how to name one.
std::unique_ptr<OGRSpatialReference> source_crs(const OGRSpatialReference* declared,
                                                const ReadOptions& options, const Location& where) {
  std::unique_ptr<OGRSpatialReference> src;
  if (declared) {
    src = std::make_unique<OGRSpatialReference>(*declared);
    src->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  } else if (!options.assume_crs.empty()) {
    src = io::make_srs(options.assume_crs);
    if (!src) throw UsageError("unknown CRS '" + options.assume_crs + "'");
  } else {
    throw DataError(where,
                    "has no coordinate reference system; say which one it uses with --assume-crs EPSG:N "
                    "(EPSG:4326 for longitude/latitude)");
  }
  return src;
}

// The transformation from a layer's CRS into the metric CRS `crs` (null when they are the same), after the
// checks every reader makes: a known, projected target, and GCJ-02/BD-09 offsets only on lon/lat input.
std::unique_ptr<OGRCoordinateTransformation> to_metric_crs(const OGRSpatialReference& src,
                                                           const std::string& crs, LonLatOffset offset,
                                                           const Location& where) {
  auto dst = io::make_srs(crs);
  if (!dst) throw UsageError("unknown CRS '" + crs + "'");
  if (dst->IsGeographic())
    throw UsageError("CRS " + crs + " is geographic (degrees); measurements need a projected CRS in metres");
  if (offset != LonLatOffset::None && !src.IsGeographic())
    throw UsageError(where.describe() +
                     ": GCJ-02/BD-09 offsets apply to longitude/latitude, but the layer's CRS is projected");
  std::unique_ptr<OGRCoordinateTransformation> ct;
  if (!src.IsSame(dst.get())) {
    ct.reset(OGRCreateCoordinateTransformation(&src, dst.get()));
    if (!ct)
      throw DataError(where, "cannot transform to " + crs + ": " + io::last_gdal_error("no transformation"));
  }
  return ct;
}

// GDAL reads a gzip-compressed file only through /vsigzip/ (OSM extracts are often shipped as .osm.gz).
std::string gdal_path(const std::string& source) {
  const bool gz = source.size() > 3 && (source.compare(source.size() - 3, 3, ".gz") == 0 ||
                                        source.compare(source.size() - 3, 3, ".GZ") == 0);
  return gz && source.rfind("/vsi", 0) != 0 ? "/vsigzip/" + source : source;
}

}  // namespace

std::string utm_crs_for(double lon_deg, double lat_deg) {
  // Clamped as a double, so that a longitude far out of range (or NaN: zone 1) never overflows the cast.
  const double z = std::floor((lon_deg + 180.0) / 6.0) + 1;
  const int zone = z >= 60 ? 60 : z >= 1 ? static_cast<int>(z) : 1;
  return std::string("EPSG:") + (lat_deg >= 0 ? "326" : "327") + (zone < 10 ? "0" : "") +
         std::to_string(zone);
}

void prepare_io() { io::ensure_gdal_registered(); }

std::optional<std::string> stored_metric_crs(const std::string& source, const ReadOptions& options) {
  if (!options.target_crs.empty()) return options.target_crs;
  io::ensure_gdal_registered();
  QuietGdalErrors quiet;
  GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_path(source).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) return std::nullopt;
  try {
    OGRLayer* layer = choose_layer(*ds, source, options.layer);
    const Location where{source, layer->GetName(), {}, {}};
    const std::unique_ptr<OGRSpatialReference> src = source_crs(layer->GetSpatialRef(), options, where);
    // Not forced: a driver then answers only from the extent it stores, the one read_layer's forced call
    // returns too.
    OGREnvelope env;
    if (layer->GetExtent(&env, FALSE) != OGRERR_NONE) return std::nullopt;
    return centre_utm_crs(env, *src, where);
  } catch (const Error&) {
    return std::nullopt;  // read_layer will say why
  }
}

std::vector<std::string> list_layers(const std::string& source) {
  io::ensure_gdal_registered();
  QuietGdalErrors quiet;
  GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_path(source).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds)
    throw DataError(Location{source, {}, {}, {}},
                    io::last_gdal_error("cannot be opened as a vector dataset"));
  std::vector<std::string> names;
  for (auto* l : io::feature_layers(*ds)) names.push_back(l->GetName());
  return names;
}

namespace {

// Whether every vertex of g is a finite number and its bounding box misses `rect` (a geometry with a NaN or
// infinite vertex is never outside: it is kept, to be refused by the coordinate check).
bool outside(Geometry& g, const Extent& rect) {
  Extent box{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
             -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  bool finite = true;
  for_each_vertex(g, [&](XY& p) {
    finite = finite && std::isfinite(p.x) && std::isfinite(p.y);
    box.min_x = std::min(box.min_x, p.x), box.max_x = std::max(box.max_x, p.x);
    box.min_y = std::min(box.min_y, p.y), box.max_y = std::max(box.max_y, p.y);
  });
  return finite && (box.max_x < rect.min_x || box.min_x > rect.max_x || box.max_y < rect.min_y ||
                    box.min_y > rect.max_y);
}

// The indices of the fields to read (ReadOptions::fields); OGR is told to skip the others.
std::vector<int> kept_fields(OGRLayer& layer, const ReadOptions& options) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  std::vector<int> kept;
  if (!options.fields || !options.where.empty()) {
    for (int i = 0; i < defn->GetFieldCount(); ++i) kept.push_back(i);
    return kept;
  }
  const std::vector<std::string>& wanted = *options.fields;
  bool missing = false;
  for (const std::string& name : wanted) missing = missing || defn->GetFieldIndex(name.c_str()) < 0;
  // A wanted field that is neither a column nor possibly an OSM key in other_tags is an error the caller
  // will report: every field is read, so that its message lists the layer's real fields.
  if (missing && defn->GetFieldIndex("other_tags") < 0) {
    for (int i = 0; i < defn->GetFieldCount(); ++i) kept.push_back(i);
    return kept;
  }
  std::vector<const char*> ignored;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const char* name = defn->GetFieldDefn(i)->GetNameRef();
    const bool keep = std::find(wanted.begin(), wanted.end(), name) != wanted.end() ||
                      (missing && std::strcmp(name, "other_tags") == 0);
    if (keep)
      kept.push_back(i);
    else
      ignored.push_back(name);
  }
  ignored.push_back(nullptr);
  if (layer.SetIgnoredFields(ignored.data()) != OGRERR_NONE) {  // a driver that cannot skip reads them all
    kept.clear();
    for (int i = 0; i < defn->GetFieldCount(); ++i) kept.push_back(i);
  }
  return kept;
}

// ReadOptions::extent as a filter: OGR's spatial filter on a source with a spatial index (the rectangle in
// the source's CRS, widened), else the rectangle returned, for the caller to test each feature against.
std::optional<Extent> extent_filter(OGRLayer& layer, const ReadOptions& options,
                                    OGRCoordinateTransformation* ct, const Location& where) {
  if (!options.extent) return std::nullopt;
  if (options.target_crs.empty())
    throw UsageError("reading a part of a layer (an extent) needs the target CRS");
  const Extent& e = *options.extent;
  const double margin_m = 10;
  double x0 = e.min_x - margin_m, y0 = e.min_y - margin_m, x1 = e.max_x + margin_m, y1 = e.max_y + margin_m;
  if (ct) {
    std::unique_ptr<OGRCoordinateTransformation> back(ct->GetInverse());
    double bx0, by0, bx1, by1;
    if (!back || !back->TransformBounds(x0, y0, x1, y1, &bx0, &by0, &bx1, &by1, 21))
      throw DataError(
          where, "cannot transform the extent to the layer's CRS: " + io::last_gdal_error("out of range"));
    x0 = bx0, y0 = by0, x1 = bx1, y1 = by1;
  }
  if (options.offset != LonLatOffset::None) {
    // GCJ-02/BD-09 positions lie within about 1 km of WGS84 ones: widen by 0.02° rather than model it.
    x0 -= 0.02, y0 -= 0.02, x1 += 0.02, y1 += 0.02;
  }
  // Sources without a spatial index (GeoJSON, CSV, ...) test every feature anyway: test it here instead,
  // after reading its coordinates, so that a NaN or infinite one is refused below (OGR's filter would
  // leave such a feature out silently: it meets no rectangle).
  if (layer.TestCapability(OLCFastSpatialFilter))
    layer.SetSpatialFilterRect(x0, y0, x1, y1);
  else
    return Extent{x0, y0, x1, y1};
  return std::nullopt;
}

// A NaN, infinite or absurd coordinate (a broken WKT, a GeoPackage written by a buggy tool) would
// otherwise drop out of a measure silently; name the feature instead.
void check_coordinates(Geometry& g, const Location& where, const std::string& crs) {
  for_each_vertex(g, [&](XY& p) {
    if (!usable_coordinate(p))
      throw DataError(where, "coordinate (" + std::to_string(p.x) + ", " + std::to_string(p.y) + ") in " +
                                 crs + " is not a finite number within ±1e9 m");
  });
}

// What read_opened has set up for reading a layer's features.
struct ReadSetup {
  OGRCoordinateTransformation* ct = nullptr;  // null when the source is in the target CRS
  std::optional<Extent> own_filter;           // the rectangle in the source's CRS, tested here
  std::vector<int> kept;                      // the OGR indices of the fields read
};

// Reads the features one OGRFeature at a time into `out`; returns the kind found (nullopt: none).
std::optional<GeometryKind> read_one_by_one(OGRLayer& layer, Layer& out, const ReadSetup& setup,
                                            Location where, const ReadOptions& options, ReadReport* report) {
  std::optional<GeometryKind> kind = options.expect;
  layer.ResetReading();
  for (auto& feature : layer) {
    where.feature_id = feature->GetFID();
    OGRGeometry* g = feature->GetGeometryRef();
    if (!g || g->IsEmpty()) {
      if (report) ++report->skipped_empty;
      continue;
    }
    std::optional<GeometryKind> found = kind_of(g->getGeometryType());
    if (!found && wkbFlatten(g->getGeometryType()) == wkbGeometryCollection) found = kind;  // filtered below
    if (!found)
      throw DataError(
          where, std::string("unsupported geometry type ") + OGRGeometryTypeToName(g->getGeometryType()));
    if (!kind) kind = found;
    if (*found != *kind && options.skip_other_kinds) {
      if (report) ++report->skipped_other_kind;
      continue;
    }
    if (*found != *kind)
      throw DataError(where, std::string("expected ") + to_string(*kind) + " geometries, found " +
                                 OGRGeometryTypeToName(g->getGeometryType()));

    Feature f;
    f.id = feature->GetFID();
    append_parts(*g, f.geometry);
    f.geometry.kind = *kind;
    if (setup.own_filter && outside(f.geometry, *setup.own_filter)) continue;
    if (options.offset != LonLatOffset::None)
      for_each_vertex(f.geometry, [&](XY& p) { p = wgs84_from(options.offset, p); });
    // Points and lines are reprojected afterwards in large batches (one PROJ call per 64k vertices instead
    // of one per feature); polygons here, because their validity is checked in the target CRS.
    const bool batch = setup.ct && *kind != GeometryKind::Polygon && !io::plain_ogr();
    if (setup.ct && !batch && !transform_in_place(f.geometry, *setup.ct))
      throw DataError(
          where, "cannot transform to " + out.crs + ": " + io::last_gdal_error("coordinates out of range"));
    check_coordinates(f.geometry, where, out.crs);
    if (*kind == GeometryKind::Polygon)
      f.geometry.polygons = checked_polygons(f.geometry.polygons, where, options.repair_invalid, report);
    if (f.geometry.empty()) {
      if (report) ++report->skipped_empty;
      continue;
    }
    f.values.reserve(setup.kept.size());
    for (std::size_t k = 0; k < setup.kept.size(); ++k)
      f.values.push_back(value_of(*feature, setup.kept[k], out.fields[k].type));
    out.features.push_back(std::move(f));
  }
  return kind;
}

// Reads a point layer through its Arrow stream (io/arrow_points.hpp) when that is faster and gives the
// same features: without filters, which the per-feature reader applies; false when it was not read so.
// The steps after reading mirror read_one_by_one's for points reprojected in batches.
bool read_streamed(OGRLayer& layer, Layer& out, const ReadSetup& setup, Location where,
                   const ReadOptions& options, ReadReport* report) {
  if (io::plain_ogr() || !options.where.empty() || options.extent ||
      (options.expect && *options.expect != GeometryKind::Point))
    return false;
  std::vector<FieldType> types;
  for (const Field& f : out.fields) types.push_back(f.type);
  std::optional<io::StreamedPoints> read = io::read_points_streamed(layer, setup.kept, types);
  if (!read) return false;
  for (Feature& f : read->features) {
    if (options.offset != LonLatOffset::None)
      for (XY& p : f.geometry.points) p = wgs84_from(options.offset, p);
    where.feature_id = f.id;
    check_coordinates(f.geometry, where, out.crs);
  }
  if (report) report->skipped_empty += read->skipped_empty;
  out.features = std::move(read->features);
  return true;
}

// The part of reading shared by files and in-memory tables: CRS, reprojection, filters and checks.
Layer read_opened(OGRLayer& layer, const std::string& source, Location where, const ReadOptions& options,
                  ReadReport* report) {
  const std::unique_ptr<OGRSpatialReference> src = source_crs(layer.GetSpatialRef(), options, where);
  if (report) report->source_crs = io::crs_code(*src);

  Layer out;
  out.name = layer.GetName();
  out.source = source;
  out.crs = options.target_crs.empty() ? default_metric_crs(layer, *src, where) : options.target_crs;
  const std::unique_ptr<OGRCoordinateTransformation> ct = to_metric_crs(*src, out.crs, options.offset, where);

  ReadSetup setup;
  setup.ct = ct.get();
  setup.own_filter = extent_filter(layer, options, ct.get(), where);
  setup.kept = kept_fields(layer, options);
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (int i : setup.kept)
    out.fields.push_back(
        {defn->GetFieldDefn(i)->GetNameRef(), field_type_of(defn->GetFieldDefn(i)->GetType())});

  if (!options.where.empty() && layer.SetAttributeFilter(options.where.c_str()) != OGRERR_NONE)
    throw UsageError(where.describe() + ": invalid attribute filter \"" + options.where +
                     "\": " + io::last_gdal_error("syntax error"));

  std::optional<GeometryKind> kind = GeometryKind::Point;
  if (!read_streamed(layer, out, setup, where, options, report))
    kind = read_one_by_one(layer, out, setup, where, options, report);
  if (ct && kind && *kind != GeometryKind::Polygon && !io::plain_ogr()) transform_batched(out, *ct, where);
  out.kind = kind.value_or(GeometryKind::Point);
  return out;
}

}  // namespace

Layer read_layer(const std::string& source, const ReadOptions& options, ReadReport* report) {
  io::ensure_gdal_registered();
  QuietGdalErrors quiet;
  Location where{source, options.layer, {}, {}};

  const bool looks_like_file = source.find(':') == std::string::npos && source.rfind("/vsi", 0) != 0;
  if (looks_like_file && !std::filesystem::exists(source)) throw DataError(where, "no such file");
  GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_path(source).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!ds) throw DataError(where, io::last_gdal_error("cannot be opened as a vector dataset"));

  OGRLayer* layer = choose_layer(*ds, source, options.layer);
  where.layer = layer->GetName();
  CPLErrorReset();
  Layer out = read_opened(*layer, source, where, options, report);
  // GDAL's OSM reader stops at a damaged or truncated block with an error, not an exception: what was read
  // before it would pass for the whole file.
  if (CPLGetLastErrorType() == CE_Failure && ds->GetDriver() &&
      std::string(ds->GetDriver()->GetDescription()) == "OSM")
    throw DataError(where, "the file is damaged or ends early (" + io::last_gdal_error("a parsing error") +
                               "); nothing was read from it");
  return out;
}

namespace {

// Bare points without attributes or filter as coordinates, which need none of OGR's feature machinery
// (200,000 homes pass in milliseconds instead of seconds): the same CRS choice (the UTM zone of the
// points' extent centre), GCJ-02/BD-09 shift and reprojection, point by point as read_opened does.
PointArray project_points(const FeatureTable& table, const OGRSpatialReference* declared,
                          const ReadOptions& options) {
  const Location where{{}, table.name, {}, {}};
  const std::unique_ptr<OGRSpatialReference> src = source_crs(declared, options, where);
  if (options.expect && *options.expect != GeometryKind::Point)
    throw DataError(Location{{}, table.name, table.ids.empty() ? 0 : table.ids[0], {}},
                    std::string("expected ") + to_string(*options.expect) + " geometries, found Point");
  PointArray out;
  if (options.target_crs.empty()) {
    double min_x = table.points[0].x, max_x = min_x, min_y = table.points[0].y, max_y = min_y;
    for (const XY& p : table.points)
      min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x), min_y = std::min(min_y, p.y),
      max_y = std::max(max_y, p.y);
    auto wgs84 = io::make_srs("EPSG:4326");
    std::unique_ptr<OGRCoordinateTransformation> ct(
        OGRCreateCoordinateTransformation(src.get(), wgs84.get()));
    double x = (min_x + max_x) / 2, y = (min_y + max_y) / 2;
    if (!ct || !ct->Transform(1, &x, &y))
      throw DataError(where, "cannot find the longitude/latitude of the layer's centre");
    out.crs = utm_crs_for(x, y);
  } else {
    out.crs = options.target_crs;
  }
  const std::unique_ptr<OGRCoordinateTransformation> ct = to_metric_crs(*src, out.crs, options.offset, where);
  out.at = table.points;
  for (std::size_t i = 0; i < out.at.size(); ++i) {
    XY& p = out.at[i];
    if (options.offset != LonLatOffset::None) p = wgs84_from(options.offset, p);
    if (ct && !ct->Transform(1, &p.x, &p.y))
      throw DataError(
          Location{{}, table.name, table.ids.empty() ? static_cast<std::int64_t>(i) : table.ids[i], {}},
          "cannot transform to " + out.crs + ": " + io::last_gdal_error("coordinates out of range"));
  }
  return out;
}

// The same points as a Layer, one point feature each.
Layer read_points(const FeatureTable& table, const OGRSpatialReference* declared,
                  const ReadOptions& options) {
  PointArray points = project_points(table, declared, options);
  Layer out;
  out.name = table.name;
  out.kind = GeometryKind::Point;
  out.crs = std::move(points.crs);
  out.features.resize(points.at.size());
  for (std::size_t i = 0; i < points.at.size(); ++i) {
    Feature& f = out.features[i];
    f.id = table.ids.empty() ? static_cast<std::int64_t>(i) : table.ids[i];
    f.geometry = Geometry::point(points.at[i]);
  }
  return out;
}

// The declared CRS of features in memory; null when they declare none.
std::unique_ptr<OGRSpatialReference> table_crs(const FeatureTable& table) {
  if (table.crs.empty()) return nullptr;
  std::unique_ptr<OGRSpatialReference> srs = io::make_srs(table.crs);
  if (!srs) throw UsageError("unknown CRS '" + table.crs + "'");
  return srs;
}

}  // namespace

Layer read_features(const FeatureTable& table, const ReadOptions& options, ReadReport* report) {
  io::ensure_gdal_registered();
  QuietGdalErrors quiet;
  const std::size_t n = table.points.empty() ? table.wkb.size() : table.points.size();
  if (!table.points.empty() && !table.wkb.empty())
    throw UsageError(table.name + ": give either points or WKB, not both");
  if (!table.ids.empty() && table.ids.size() != n)
    throw UsageError(table.name + ": " + std::to_string(table.ids.size()) + " ids for " + std::to_string(n) +
                     " features");
  if (table.columns.size() != table.fields.size())
    throw UsageError(table.name + ": one column per field is needed");
  for (std::size_t c = 0; c < table.columns.size(); ++c)
    if (table.columns[c].size() != n)
      throw UsageError(table.name + ": column '" + table.fields[c].name + "' has " +
                       std::to_string(table.columns[c].size()) + " values for " + std::to_string(n) +
                       " features");
  Location where{{}, table.name, {}, {}};
  const std::unique_ptr<OGRSpatialReference> srs = table_crs(table);
  if (!table.points.empty() && options.where.empty() && table.fields.empty())
    return read_points(table, srs.get(), options);
  // An in-memory OGR layer, so that these features go through exactly the steps a file's features do.
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("Memory");
  if (!mem) throw UsageError("GDAL has no Memory driver");
  GDALDatasetUniquePtr ds(mem->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = ds ? ds->CreateLayer(table.name.c_str(), srs.get(), wkbUnknown, nullptr) : nullptr;
  if (!layer) throw DataError(where, io::last_gdal_error("cannot hold the features in memory"));
  for (const Field& f : table.fields) {
    OGRFieldDefn defn(f.name.c_str(), f.type == FieldType::Integer ? OFTInteger64
                                      : f.type == FieldType::Real  ? OFTReal
                                                                   : OFTString);
    if (layer->CreateField(&defn) != OGRERR_NONE)
      throw DataError(Location{{}, table.name, {}, f.name}, io::last_gdal_error("cannot create the field"));
  }
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t id = table.ids.empty() ? static_cast<std::int64_t>(i) : table.ids[i];
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(defn));
    feature->SetFID(id);
    if (!table.points.empty()) {
      feature->SetGeometryDirectly(new OGRPoint(table.points[i].x, table.points[i].y));
    } else if (!table.wkb[i].empty()) {
      OGRGeometry* g = nullptr;
      if (OGRGeometryFactory::createFromWkb(table.wkb[i].data(), nullptr, &g, table.wkb[i].size()) !=
          OGRERR_NONE)
        throw DataError(Location{{}, table.name, id, {}}, "unreadable geometry (not WKB)");
      feature->SetGeometryDirectly(g);
    }
    for (std::size_t c = 0; c < table.fields.size(); ++c) {
      io::set_field(*feature, static_cast<int>(c), table.columns[c][i]);
    }
    if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
      throw DataError(Location{{}, table.name, id, {}},
                      io::last_gdal_error("cannot hold the feature in memory"));
  }
  return read_opened(*layer, {}, where, options, report);
}

PointArray read_point_array(const FeatureTable& table, const ReadOptions& options) {
  io::ensure_gdal_registered();
  QuietGdalErrors quiet;
  if (table.points.empty() || !table.wkb.empty() || !table.fields.empty() || !options.where.empty())
    throw UsageError(table.name + ": read_point_array takes points without WKB, fields or filter (" +
                     "read_features reads the rest)");
  if (!table.ids.empty() && table.ids.size() != table.points.size())
    throw UsageError(table.name + ": " + std::to_string(table.ids.size()) + " ids for " +
                     std::to_string(table.points.size()) + " features");
  const std::unique_ptr<OGRSpatialReference> srs = table_crs(table);
  return project_points(table, srs.get(), options);
}

std::vector<XY> transform_points(const std::vector<XY>& points, const std::string& from_crs,
                                 const std::string& to_crs) {
  io::ensure_gdal_registered();
  QuietGdalErrors quiet;
  auto from = io::make_srs(from_crs), to = io::make_srs(to_crs);
  if (!from) throw UsageError("unknown CRS '" + from_crs + "'");
  if (!to) throw UsageError("unknown CRS '" + to_crs + "'");
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(from.get(), to.get()));
  if (!ct) throw UsageError("no transformation from " + from_crs + " to " + to_crs);
  std::vector<XY> out = points;
  for (XY& p : out)
    if (!ct->Transform(1, &p.x, &p.y)) throw UsageError("cannot transform a point to " + to_crs);
  return out;
}

}  // namespace plan
