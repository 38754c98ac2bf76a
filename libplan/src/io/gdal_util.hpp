// Shared GDAL plumbing for readers and writers.
#pragma once

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>
#include <vector>

#include "plan/layer.hpp"

namespace plan::io {

// Registers GDAL's drivers once per process.
void ensure_gdal_registered();

// Silences GDAL's own printing for a scope; the library reports through exceptions instead.
class QuietGdalErrors {
 public:
  QuietGdalErrors() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

// The fast reading and writing paths (bulk GeoPackage index, batched reprojection, ...) are on unless a test
// turns them off to compare their output with plain OGR's.
void set_plain_ogr(bool plain);
bool plain_ogr();

// GDAL's last error message, or `fallback` when it has none.
std::string last_gdal_error(const std::string& fallback);

// A spatial reference from "EPSG:N", WKT or a PROJ string, in longitude-first axis order. Null on failure.
std::unique_ptr<OGRSpatialReference> make_srs(const std::string& definition);

// "EPSG:N" when the SRS has an EPSG code, else its WKT.
std::string crs_code(const OGRSpatialReference& srs);

// Sets field `index` of an OGR feature to a layer value (monostate: null).
void set_field(OGRFeature& feature, int index, const Value& value);

// The dataset's layers of features, without the tables GIS tools keep beside them (QGIS's layer_styles,
// which write_layers adds to a GeoPackage): what a reader chooses from and lists.
std::vector<OGRLayer*> feature_layers(GDALDataset& ds);

}  // namespace plan::io
