// Reading a point layer through OGR's Arrow stream (OGR_L_GetArrowStream, GDAL 3.6, RFC 86): whole batches
// of WKB and field arrays instead of one OGRFeature and one OGRPoint per point.
//
// GDAL 3.6 streams GeoPackage and FlatGeobuf layers with their own batch readers, which skip the OGRFeature
// step; every other driver gets the generic stream, which builds the OGRFeatures anyway and then copies them
// into arrays. Measured on 200,000 GeoPackage points with one of three fields read (bench/read_bench):
// the GeoPackage and FlatGeobuf streams take about half the time of feature-by-feature reading, the generic
// stream on GeoJSON and Shapefile slightly more. So only layers with a driver's own stream
// (OLCFastGetArrowStream) are read this way.
#pragma once

#include <ogrsf_frmts.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "plan/layer.hpp"

namespace plan::io {

// What the stream gave: one Feature per point or multipoint (its id, raw source coordinates, the values of
// the kept fields), in the layer's order, and the count of null or empty geometries left out.
struct StreamedPoints {
  std::vector<Feature> features;
  std::size_t skipped_empty = 0;
};

// Reads `layer` (no attribute or spatial filter set) through its Arrow stream when the driver has a fast
// one and the layer declares points or multipoints. `kept` are the OGR field indices to read, `types` the
// plan type of each (as the per-feature reader converts them).
//
// Returns nullopt whenever the stream holds something only the per-feature reader handles, or handles
// with a message naming the feature: another geometry kind, an empty part in a multipoint, curved or
// EWKB-with-SRID geometries, a field type other than integer, real or text, a stream error. The caller
// then reads the layer feature by feature, which gives the same features, or the error naming the
// feature. The layer is left reset for that reading.
std::optional<StreamedPoints> read_points_streamed(OGRLayer& layer, const std::vector<int>& kept,
                                                   const std::vector<FieldType>& types);

// On by default. Tests turn it off to compare with feature-by-feature reading, all else the same
// (io::set_plain_ogr turns off every fast path, this one included).
void set_streamed_reading(bool on);

// The WKB of one geometry, when it is a point or a multipoint of non-empty points (2D, Z, M or ZM, ISO
// or extended type codes, either byte order): its x/y appended to `out`. Empty: a point whose x and y
// are NaN (how WKB writes POINT EMPTY) or a multipoint of none. Other: anything else, or truncated WKB.
enum class WkbPoints { Points, Empty, Other };
WkbPoints points_from_wkb(const std::uint8_t* wkb, std::size_t size, std::vector<XY>& out);

}  // namespace plan::io
