// A GeoPackage spatial index (the gpkg_rtree_index extension) built in bulk after the rows are written.
//
// GDAL 3.6 fills a GeoPackage's R*Tree row by row through triggers, which costs about five times the
// writing of the rows themselves (200,000 points: ~2.6 s CPU against ~0.6 s). Here the rows are written
// without an index and the tree is then packed in one pass (entries sorted along a Hilbert curve, nodes
// filled, built bottom-up) straight into SQLite's R*Tree tables, followed by the same triggers and
// gpkg_extensions row that GDAL writes, so later edits keep the index current. `rtreecheck()` and GDAL's
// `HasSpatialIndex()` accept the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "io/sqlite_connection.hpp"

namespace plan::io {

struct BoxEntry {
  std::int64_t fid;
  double min_x, max_x, min_y, max_y;
};

// The tree's leaf cells, the costly part of packing it (a Hilbert key per box and a sort): each box rounded
// outwards to SQLite's floats, in Hilbert order of the boxes' centres (neighbours on the curve are neighbours
// on the map), and each fid's place among them in fid order, for the _rowid table. Touches no database, so it
// can run on another thread while the rows are inserted.
struct RtreeLeaves {
  struct Cell {
    std::int64_t id;  // a row's fid in a leaf, a child's node number above
    float box[4];     // min x, max x, min y, max y
  };
  std::vector<Cell> cells;
  std::vector<std::pair<std::int64_t, std::size_t>> by_fid;  // (fid, index in cells), ascending fid
};
RtreeLeaves order_rtree_leaves(const std::vector<BoxEntry>& entries);

// Creates rtree_<table>_<column> in the GeoPackage open in `db` (closed by GDAL, written without an index)
// holding `leaves`, inside the caller's transaction. Throws DataError naming the file and table on failure.
void build_gpkg_rtree(const Connection& db, const std::string& table, const std::string& column,
                      RtreeLeaves leaves);

}  // namespace plan::io
