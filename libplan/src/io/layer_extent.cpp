// The extent of a source's layer without reading its features, for laying tiles over a region.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "io/gdal_util.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/tiling.hpp"

namespace plan {

namespace {

struct OpenLayer {
  GDALDatasetUniquePtr ds;
  OGRLayer* layer = nullptr;
  std::unique_ptr<OGRSpatialReference> srs;
  OGREnvelope env;
};

OpenLayer open_layer(const TileSource& s) {
  io::ensure_gdal_registered();
  io::QuietGdalErrors quiet;
  Location where{s.path, s.layer, {}, {}};
  OpenLayer o;
  o.ds.reset(GDALDataset::Open(s.path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!o.ds) throw DataError(where, io::last_gdal_error("cannot be opened as a vector dataset"));
  if (s.layer.empty()) {
    const std::vector<OGRLayer*> layers = io::feature_layers(*o.ds);
    o.layer = layers.size() == 1 ? layers.front() : nullptr;
  } else {
    o.layer = o.ds->GetLayerByName(s.layer.c_str());
  }
  if (!o.layer)
    throw DataError(where, s.layer.empty() ? "has several layers; choose one by name" : "no such layer");
  const OGRSpatialReference* declared = o.layer->GetSpatialRef();
  if (!declared) throw DataError(where, "has no coordinate reference system");
  o.srs = std::make_unique<OGRSpatialReference>(*declared);
  o.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!s.where.empty() && o.layer->SetAttributeFilter(s.where.c_str()) != OGRERR_NONE)
    throw UsageError(where.describe() + ": invalid attribute filter \"" + s.where + "\"");
  if (o.layer->GetExtent(&o.env, TRUE) != OGRERR_NONE)
    throw DataError(where, "cannot compute the layer's extent");
  return o;
}

Extent transformed(const OpenLayer& o, const std::string& crs, const TileSource& s) {
  auto dst = io::make_srs(crs);
  if (!dst) throw UsageError("unknown CRS '" + crs + "'");
  if (o.srs->IsSame(dst.get())) return {o.env.MinX, o.env.MinY, o.env.MaxX, o.env.MaxY};
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(o.srs.get(), dst.get()));
  Extent e;
  if (!ct || !ct->TransformBounds(o.env.MinX, o.env.MinY, o.env.MaxX, o.env.MaxY, &e.min_x, &e.min_y,
                                  &e.max_x, &e.max_y, 21))
    throw DataError(Location{s.path, s.layer, {}, {}}, "cannot transform the layer's extent to " + crs);
  return e;
}

}  // namespace

Extent source_extent(const TileSource& source, const std::string& crs) {
  const OpenLayer o = open_layer(source);
  return transformed(o, crs, source);
}

std::string source_utm_crs(const TileSource& source) {
  const OpenLayer o = open_layer(source);
  const Extent e = transformed(o, "EPSG:4326", source);
  return utm_crs_for((e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2);
}

}  // namespace plan
