// Resource limits: the peak memory of a run estimated from cheap counts taken before the heavy read
// (feature counts, network edges), the memory the machine has free, and sizes as people write them.
//
// The model is linear: a base (the program, GDAL, GEOS and PROJ loaded, their caches) plus bytes per point
// feature read (homes, facilities, stops, origins), per home written with --out, and per network edge
// (one edge per pair of consecutive vertices of a line, not per line feature: an OSM way or a bent street
// holds many). Its constants are measured by bench/memory.py on generated cities (README, "Resource
// limits"). Inputs whose count is not cheap (GeoJSON, CSV, OSM files: counting them means parsing them)
// are estimated from their size on disk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/io.hpp"

namespace plan {

// "2G", "512MiB", "1.5GB", "300m", "1048576" (bytes): K/M/G/T with or without "B" or "iB", case-insensitive,
// all binary (1K = 1024 bytes, as free(1) and /proc/meminfo count). Throws UsageError naming `what` for
// anything else (negative, NaN, an unknown suffix, beyond 2^63 bytes).
std::uint64_t parse_size(const std::string& text, const std::string& what = "size");

// "950 MB", "2.3 GB", "12 kB": binary units (1 GB = 1024 MB) with at most one decimal, as --timings prints.
std::string format_size(std::uint64_t bytes);

// MemAvailable of /proc/meminfo in bytes (what can be allocated without swapping), nullopt when the file
// or the line is missing or unreadable.
std::optional<std::uint64_t> mem_available_bytes(const std::string& meminfo_path = "/proc/meminfo");
// The same from the text of a meminfo file.
std::optional<std::uint64_t> parse_mem_available(const std::string& meminfo_text);

// The peak resident set size of this process so far, in bytes (getrusage).
std::uint64_t peak_rss_bytes();

// What a run will hold, counted before reading.
struct MemoryCounts {
  std::uint64_t point_features = 0;  // homes, facilities, stops, origins, candidates (points or polygons)
  std::uint64_t homes_written = 0;   // rows of an --out home layer
  std::uint64_t network_edges = 0;   // consecutive vertex pairs of the network's lines
  // Inputs without a cheap count, by their size on disk.
  std::uint64_t text_file_bytes = 0;  // GeoJSON, CSV, GML, KML, ...
  std::uint64_t osm_file_bytes = 0;   // .osm.pbf, .osm
};

// The measured constants (bench/memory.py; README "Resource limits").
struct MemoryModel {
  double base_bytes = 64.0 * 1024 * 1024;  // program, GDAL, GEOS, PROJ, jemalloc's huge pages
  double bytes_per_point = 216;            // a point feature read (with a few fields), snapped and measured
  double bytes_per_home_out = 279;         // added per home when the homes layer is written (--out)
  double bytes_per_edge = 267;             // a network edge: line read, graph arcs, snapping index
  // Inputs counted from their size on disk: memory per byte of file.
  double bytes_per_text_byte = 3;  // GeoJSON, CSV, GML, KML (measured 1.9 on GeoJSON)
  double bytes_per_osm_byte = 75;  // .osm.pbf, per input naming the file (measured 36-73 on 6 extracts)
};

const MemoryModel& default_memory_model();

// The estimated peak of a run with these counts.
std::uint64_t estimate_peak_bytes(const MemoryCounts& counts,
                                  const MemoryModel& model = default_memory_model());

// What counting one input found.
struct SourceCount {
  bool opened = false;           // false: the source could not be opened (reading it will say why)
  bool counted = false;          // features (and edges) counted; false: sized from the file instead
  std::uint64_t features = 0;    // counted features of the chosen layers
  std::uint64_t edges = 0;       // with count_edges: consecutive vertex pairs (sampled, see below)
  std::uint64_t file_bytes = 0;  // the file's size (0 when not a plain file)
  bool osm = false;              // an OSM file (sized by its own constant)
};

// Counts the features of `layers` (comma-separated; empty: every layer) of `source` without reading their
// attributes, where the format can do so cheaply (GeoPackage, FlatGeobuf, Shapefile, SQLite, PostGIS: the
// count is stored or indexed). With count_edges, counts the vertices of line geometries as well: of every
// feature up to 100,000, beyond that of the first 100,000 scaled to the feature count. Formats without a
// cheap count (GeoJSON, CSV, OSM, ...) are not opened: counted stays false and file_bytes holds the size.
// Never throws for a source that cannot be opened or a layer that is missing (the read reports those).
SourceCount count_source(const std::string& source, const std::string& layers, bool count_edges);

// An upper bound on what count_source would find in `source`, from its size on disk alone, for the
// run that need not count because even this bound fits. No format that count_source counts stores a
// point in fewer than 16 bytes (two doubles) or a line vertex in fewer than 8 (SpatiaLite's compressed
// lines keep 4-byte float offsets), so a file of B bytes holds at most B/16 point features, B/8 edges;
// sources without a cheap count get count_source's own sizing. nullopt where the size bounds nothing: not
// a plain file (PostGIS, a directory), compressed (Parquet, Arrow, .zip, .gz), or not there.
std::optional<SourceCount> bound_source_by_size(const std::string& source, bool count_edges);

// For each extent (metres, in `crs`), the number of features of `layers` (comma-separated; empty: every
// layer) of `source` whose geometry meets it, before attribute filters: what a tiled run reads for one tile
// with its halo. The count goes through OGR's spatial filter, which the cheap formats of count_source
// answer from their spatial index (GeoPackage's R-tree, FlatGeobuf's packed tree, PostGIS's GiST); each
// extent is widened by 10 m and its bounds taken in the layer's CRS, as ReadOptions::extent does, so a
// count may include a few features beyond it, never miss one. nullopt when the format has no cheap count,
// the source cannot be opened, a named layer is missing or has no CRS the extents can be transformed to:
// the caller then counts the whole source. Never throws.
std::optional<std::vector<std::uint64_t>> count_features_within(const std::string& source,
                                                                const std::string& layers,
                                                                const std::vector<Extent>& extents,
                                                                const std::string& crs);

}  // namespace plan
