// Reading any OGR source into a metric CRS, and writing results to any OGR target.
//
//   plan::ReadOptions opts;                       // UTM zone of the data's centre
//   plan::ReadReport report;
//   plan::Layer area = plan::read_layer("city.gpkg", opts, &report);
//   opts.target_crs = area.crs;                   // read the rest in the same CRS
//   plan::Layer stops = plan::read_layer("stops.geojson", opts, &report);
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "plan/china_coords.hpp"
#include "plan/layer.hpp"
#include "plan/styles.hpp"

namespace plan {

// An axis-aligned rectangle, [min_x, max_x] × [min_y, max_y] in the CRS's units.
struct Extent {
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
  friend bool operator==(const Extent&, const Extent&) = default;
};

struct ReadOptions {
  std::string layer;       // layer name; empty: the only layer (an error when there are several)
  std::string target_crs;  // "EPSG:N"; empty: the UTM zone of the layer's centre
  std::string assume_crs;  // CRS for sources that declare none; empty: such a source is an error
  std::string where;       // OGR SQL attribute filter, e.g. "highway = 'bus_stop'"; empty: all features
  LonLatOffset offset = LonLatOffset::None;  // the source's lon/lat are GCJ-02 or BD-09 (Chinese web maps)
  std::optional<GeometryKind> expect;        // a geometry of another kind is an error naming the type found
  bool repair_invalid = true;                // invalid polygons go through GEOS MakeValid, with a warning
  // Sources that mix points, lines and polygons in one layer (GeoJSON allows it) are an error by default;
  // with this set, features of another kind than `expect` (or than the first one found) are skipped and
  // counted in ReadReport::skipped_other_kind, so a caller can read such a source once per kind.
  bool skip_other_kinds = false;
  // Only features whose geometry meets this rectangle (in target_crs, which must then be given), through
  // OGR's spatial filter, so that an indexed source (GeoPackage, FlatGeobuf, PostGIS) reads only that part.
  // The filter is the rectangle's bounds in the source's CRS (edges densified, widened by 10 m): it may
  // keep a few features beyond the rectangle, never drop one that meets it.
  std::optional<Extent> extent;
  // Only these attribute fields, in the layer's order (OGR skips the others: SetIgnoredFields, a third
  // less time for a GeoPackage of points with three fields); nullopt: every field. A name the layer lacks is
  // left out, but then `other_tags` is kept, where OSM keeps most keys (plan::text_values reads them).
  // With `where` every field is read: a driver may test the filter on the fields it has read.
  std::optional<std::vector<std::string>> fields;
};

// What reading did besides returning features: repairs and skips, each naming the feature.
struct ReadReport {
  std::vector<std::string> warnings;
  std::size_t skipped_empty = 0;       // null or empty geometries
  std::size_t skipped_other_kind = 0;  // with ReadOptions::skip_other_kinds: features of another kind
  // The CRS the source's coordinates are in (declared, or ReadOptions::assume_crs): "EPSG:N" when it has an
  // authority code, else its WKT. For writing edited features back in the source's own CRS.
  std::string source_crs;
};

// Opens `source` (a path, /vsi path or connection string such as "PG:dbname=x"), picks the layer and
// returns its features reprojected into the target CRS. Throws DataError naming file, layer and feature.
// Point layers of GeoPackage and FlatGeobuf (without `where` or `extent`) are read in batches through GDAL's
// Arrow stream, with the same features, values and errors as reading them one by one, in about half the time.
Layer read_layer(const std::string& source, const ReadOptions& options, ReadReport* report = nullptr);

// Features held in memory by another GIS tool (a GeoPandas frame, a QGIS layer) instead of in a file.
struct FeatureTable {
  std::string name = "features";  // the layer name that messages and the returned Layer carry
  std::string crs;  // their CRS: "EPSG:N", WKT or PROJ text; empty: none (ReadOptions::assume_crs)
  std::vector<std::string> wkb;  // one geometry per feature as (ISO or extended) WKB; "" for none
  std::vector<XY> points;        // instead of wkb, one point per feature
  std::vector<std::int64_t>
      ids;  // feature ids, named in messages and kept as Feature::id; empty: 0, 1, 2 ...
  std::vector<Field> fields;
  std::vector<std::vector<Value>> columns;  // columns[field][feature]
};

// read_layer for features in memory: the same CRS choice (the UTM zone of their centre unless
// options.target_crs), reprojection, GCJ-02/BD-09 shift, attribute filter, kind check and polygon repair,
// so that a table holding a file's features gives the same Layer as reading the file. Throws DataError
// naming table.name and the feature id, UsageError for inconsistent sizes or an unknown CRS.
Layer read_features(const FeatureTable& table, const ReadOptions& options, ReadReport* report = nullptr);

// Points held in memory (FeatureTable::points, without WKB, fields or filter) as read_features reads them,
// kept as coordinates instead of one Feature each: the same CRS choice, GCJ-02/BD-09 shift, reprojection
// and messages, at no cost per point beyond its coordinates (NumPy homes from Python). read_features
// calls it for such tables. Throws UsageError for a table it does not take (empty, WKB, fields, a filter).
struct PointArray {
  std::string crs;     // the metric CRS chosen (options.target_crs when given)
  std::vector<XY> at;  // one per point, in that CRS
};
PointArray read_point_array(const FeatureTable& table, const ReadOptions& options);

// Registers the file formats now rather than on the first read or write (a caller may time it or do it
// ahead of time). Idempotent and thread-safe.
void prepare_io();

// The CRS read_layer(source, options) reads into, found without reading a feature: options.target_crs when
// given, else the UTM zone of the centre of the extent the layer stores (GeoPackage, FlatGeobuf and Shapefile
// store one; an OSM file with bounds too). Nullopt when the source stores none, or cannot be read as the
// options say (read_layer then says why). Lets a caller fix the CRS before reading several sources at once.
std::optional<std::string> stored_metric_crs(const std::string& source, const ReadOptions& options);

// The layer names of a source, in order. Throws DataError when it cannot be opened.
std::vector<std::string> list_layers(const std::string& source);

// "EPSG:326zz" (north) or "EPSG:327zz" (south): the UTM zone containing lon/lat (degrees); a longitude
// beyond ±180° takes the nearest zone (1 or 60), a NaN one zone 1.
std::string utm_crs_for(double lon_deg, double lat_deg);

// Transforms points between two CRS given as "EPSG:N" (or any definition OGR understands), in traditional
// GIS axis order (x = easting/longitude). Throws UsageError for an unknown CRS.
std::vector<XY> transform_points(const std::vector<XY>& points, const std::string& from_crs,
                                 const std::string& to_crs);

struct WriteOptions {
  bool overwrite = false;           // replace an existing output
  std::vector<std::string> inputs;  // paths the output must never replace
  std::string format;               // OGR driver name; empty: chosen from the extension
  // QGIS styles of the layers (LayerStyle::layer names a layer of the output, else UsageError). A GeoPackage
  // output stores them in its layer_styles table as QGIS does, each as its layer's default style; a one-layer
  // format (GeoJSON, FlatGeobuf, Shapefile, CSV) gets its layer's style as a sidecar `<stem>.qml`, which QGIS
  // loads when it opens the file; other many-layer formats ignore them.
  std::vector<LayerStyle> styles;
};

// Writes the layers into one dataset at `path`, atomically: everything goes to a temporary file next to
// `path`, which is renamed into place only when complete. Refuses an existing file unless
// options.overwrite, and refuses any path that is one of options.inputs. Throws UsageError or DataError.
void write_layers(const std::string& path, const std::vector<Layer>& layers, const WriteOptions& options);

// A layer to write with computed columns after its own fields: feature i gets value i of each column.
struct OutputLayer {
  const Layer* layer = nullptr;  // not owned; must outlive the write
  std::vector<Column> columns;   // each with one value per feature of *layer (else UsageError)
};

// write_layers for layers with columns: the same output as a copy of each layer whose features carry the
// columns' values after their own (null for a field of the layer a feature holds no value for), without
// building that copy.
void write_layers(const std::string& path, const std::vector<OutputLayer>& layers,
                  const WriteOptions& options);

}  // namespace plan
