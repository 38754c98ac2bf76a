// A GeoPackage layer's rows written straight into its SQLite table, after GDAL has created the table and its
// metadata and closed the file: one prepared INSERT in the caller's transaction instead of an OGRFeature
// and GDAL's binding per row (200,000 points: ~0.1 s against ~0.6 s).
//
// The rows are those GDAL writes, byte for byte: fid 1, 2, ... in order, the geometry as a GeoPackage blob
// (GeoPackage 1.3 §2.1.3: "GP", version 0, flags, srs_id, an envelope for all but points, then ISO WKB,
// little-endian as GDAL writes on this machine), the values bound by their field's type. The layer's
// feature count (gpkg_ogr_contents, whose triggers are set aside meanwhile) and extent (gpkg_contents) are
// updated as GDAL would at closing.
#pragma once

#include <string>
#include <vector>

#include "io/gpkg_rtree.hpp"
#include "io/sqlite_connection.hpp"
#include "plan/io.hpp"

namespace plan::io {

struct GpkgTable {
  std::string table, fid_column, geometry_column;
  std::vector<std::string> field_columns;  // the layer's fields, then its columns, as GDAL named them
  bool multi = false;                      // the geometry column's type is a multi type
};

// The bounding box of all a geometry's points: its blob's envelope and its entry in the index.
BoxEntry box_of(std::int64_t fid, const Geometry& g);

// True when every value can be bound as GDAL binds it without converting it: each value of the field's
// type (or null), text valid UTF-8 (GDAL would replace the rest). Other layers go through OGR.
bool rows_bind_directly(const OutputLayer& layer);

// The boxes of the rows insert_gpkg_rows writes (feature i as fid i + 1; none for an empty geometry), for the
// spatial index: known before the rows are written, so that the index can be ordered meanwhile.
std::vector<BoxEntry> row_boxes(const OutputLayer& layer);

// Inserts every feature of `layer` into `table` (created by GDAL, still empty). Throws DataError naming
// file, table and feature on failure.
void insert_gpkg_rows(const Connection& db, const GpkgTable& table, const OutputLayer& layer);

}  // namespace plan::io
