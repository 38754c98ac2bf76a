// Exact tiling: a region cut into tiles (given polygons such as counties, or a square grid), each computed
// from its inputs read with a halo, so that every home's result equals the whole-region run's. Each home
// belongs to exactly one tile, so the tiles' homes together are the input homes, each once.
//
// Which results are exact under tiling (../README.md, "Scale-out"):
// - Reach within a walking threshold T, and life circles (each category within its own distance):
//   exact, with a halo of T + 3 × max_snap (proof at reach_halo_m). A distance beyond the threshold is not
//   exact (a tile may not see the facility a home would find farther away), so tiled outputs report
//   distances up to the threshold only; "the nearest facility, however far" cannot be tiled exactly.
// - Straight-line stop coverage within R, per home (within R of a stop or not): exact with a halo of R.
//   The covered and study areas of the tiles add up to the whole region's (the tiles partition the plane),
//   equal up to rounding in the last digits, not bit for bit.
// - Not tileable: --largest-component (which piece is largest depends on the whole network) and driving
//   times (a time threshold bounds no distance without a top speed); the tiled runs refuse both.
//
//   std::vector<plan::Tile> tiles = plan::grid_tiles(region, 20'000);
//   plan::TileJob job;  job.measure = plan::TileMeasure::Reach;  ...
//   for (const plan::Tile& t : tiles) plan::TileResult r = plan::run_tile(job, t);   // any order, any
//   machine
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/geometry.hpp"
#include "plan/io.hpp"
#include "plan/layer.hpp"
#include "plan/reach.hpp"

namespace plan {

struct Tile {
  std::string id;        // grid: "r{row}c{column}" from the region's lower left; polygons: the id field
  Extent extent;         // the tile's bounding box (metres, the job's CRS)
  MultiPolygon polygon;  // polygon tiles: the polygon; grid tiles: empty (the square is the extent)
  // Grid tiles: the grid's origin and cell size, from which ownership is decided (see tile_owns).
  XY grid_origin;
  double grid_size_m = 0;
  std::int64_t row = 0, column = 0;
};

// A square grid of size_m covering `region` from its lower-left corner: tile (row, column) is
// [x0 + column·size, x0 + (column+1)·size) × [y0 + row·size, …), rows and columns enough that every point
// of the closed region has its tile. Throws UsageError for a non-positive size, an empty region or more
// than 10 million tiles.
std::vector<Tile> grid_tiles(const Extent& region, double size_m);

// One tile per feature of a polygon layer (e.g. counties), named by `id_field` (empty: the feature id).
// The polygons should partition the region (neighbours sharing their edges vertex for vertex); homes
// outside every polygon belong to no tile and are counted by the callers, never silently lost.
// Throws DataError naming the layer and feature for a non-polygon layer or a repeated id.
std::vector<Tile> polygon_tiles(const Layer& polygons, const std::string& id_field = "");

// Whether the tile owns point p (the half-open rule, so that a point on an edge shared by two tiles
// belongs to exactly one). Grid tiles: floor((p − origin) / size) is the tile's (column, row), so the
// lower and left edges belong to the tile, the upper and right ones to the next. Polygon tiles: the
// crossing-number test with half-open edges (an edge counts when one end lies strictly above p's y and
// the other at or below it, and p lies strictly left of where it crosses), computed from the edge's
// lower end so that both polygons that share an edge find the same crossing: a point on a shared edge
// belongs to the polygon on the edge's right-hand (+x) side, a shared vertex to exactly one polygon.
bool tile_owns(const Tile& tile, XY p);

// The extent widened by halo_m on every side.
Extent with_halo(const Extent& extent, double halo_m);

// The halo that makes reach and life circles within threshold_m exact, with points snapping up to
// max_snap_m: threshold_m + 3 × max_snap_m, for every input (network, facilities, homes).
//
// Why (S = max_snap_m, T = threshold_m, d(x) = distance from x to the tile):
// 1. A home h of the tile snaps to its nearest street within S: that street meets the disk (h, S), inside
//    the halo, so the tile sees it and h snaps where it does in the whole region.
// 2. A path of length ≤ T from h's snapped point h' (d(h') ≤ S) never leaves d ≤ T + S: every edge it
//    uses is read, and the tile's network is a part of the whole one (the same lines, meeting at the same
//    vertices), so no path is shorter in the tile and every path ≤ T is there.
// 3. A facility f whose snapped point f' ends such a path has d(f') ≤ T + S, and so d(f) ≤ T + 2S: it is
//    read. Its nearest street lies within S of it (d ≤ T + 3S): read, so f snaps as in the whole region.
// 4. Why facilities' snapping matters: a facility the tile reads but whose nearest street it does not
//    see would snap to another street up to S away and could offer homes a path that does not exist in
//    the whole region. With the halo T + 3S, a facility with d(f) ≤ T + 2S snaps exactly (3), and one
//    with d(f) > T + 2S snaps (wrongly or not) to a point with d > T + S, which no path ≤ T from a home
//    reaches. A halo of T + S (the path alone) is not enough: tests/tiling_test.cpp builds the case.
// Throws UsageError for a negative or non-finite argument.
double reach_halo_m(double threshold_m, double max_snap_m);

// The halo for straight-line stop coverage within radius_m: radius_m (a stop farther from the tile covers
// nothing in it). Throws UsageError for a negative or non-finite radius.
double coverage_halo_m(double radius_m);

enum class TileMeasure { Reach, LifeCircle, Coverage };
const char* to_string(TileMeasure measure);  // "reach", "lifecircle", "coverage"

// Where one input comes from: any OGR source, a layer of it and an OGR SQL attribute filter.
struct TileSource {
  std::string path;
  std::string layer;
  std::string where;
};

// The same for every tile of a job: it travels to the workers as it is.
struct TileJob {
  TileMeasure measure = TileMeasure::Reach;
  std::string crs;               // "EPSG:N", the metric CRS of every tile (never a tile's own UTM zone)
  TileSource homes;              // points; their fields are kept in the output
  std::string population_field;  // optional, on the homes
  // Reach and life circles:
  TileSource network;                   // walking lines
  TileSource facilities;                // points
  std::string category_field;           // reach: optional; life circles: required
  std::vector<std::string> categories;  // reach: the categories that count (empty: every facility)
  double threshold_m = 1000;            // reach
  double max_snap_m = kDefaultMaxSnapM;
  LifeCircleProfile profile;  // life circles (plan::gb50180_profile() by default in front ends)
  // Coverage:
  TileSource stops;       // points
  TileSource area;        // optional study-area polygons (for the area figures)
  TileSource exclusions;  // optional
  double radius_m = 500;
  double exclusion_min_area_m2 = 1e6;
  // < 0: the proven halo (job_halo_m). Only for experiments that show what a smaller halo gets wrong.
  double halo_override_m = -1;
};

// The extent of a source's layer in `crs` (metres), from the layer's own extent (no feature is read when
// the driver stores it, as GeoPackage and FlatGeobuf do), its edges densified: what a client needs to lay
// a grid over a region without reading it. Throws DataError naming the source and layer.
Extent source_extent(const TileSource& source, const std::string& crs);

// The UTM zone of the centre of a source's layer ("EPSG:326zz"): the one CRS of a job by default.
std::string source_utm_crs(const TileSource& source);

// The halo of a job: reach_halo_m or coverage_halo_m of its thresholds (life circles: the largest
// category distance).
double job_halo_m(const TileJob& job);

// Sums over one tile (or, added up, over the region).
struct TileTotals {
  std::size_t homes = 0;      // homes the tile owns
  std::size_t reachable = 0;  // reach / life circles: snapped within max_snap_m
  std::size_t covered = 0;    // reach: within the threshold; life circles: complete; coverage: within R
  double population_total = 0, population_covered = 0;
  double area_m2 = 0,
         covered_m2 = 0;  // coverage with a study area: (area − exclusions) ∩ tile, and its covered part
  // What was read around the tile, to measure the halo's cost: features read / features owned or used.
  std::size_t homes_read = 0, network_lines_read = 0, facilities_read = 0, stops_read = 0;
  void add(const TileTotals& other);
};

struct TileResult {
  std::string tile_id;
  Layer homes;  // the owned homes: input fields, the measure's fields, `home_id` (the source's feature
                // id) and `tile` (see run_tile)
  TileTotals totals;
};

// Reads the tile's inputs (each through ReadOptions::extent = the tile's extent widened by job_halo_m),
// computes the measure for the homes the tile owns and returns them with their results:
// - reach: facility_id (the nearest facility's feature id) and distance_m (both null beyond threshold_m
//   or when unreachable), covered (0/1), snap_m (null when the home is farther than max_snap_m from a
//   street);
// - life circles: `<category>_m` (null beyond the category's distance), `<category>_covered`, complete,
//   snap_m;
// - coverage: stop_m (straight line to the nearest stop, null beyond radius_m), covered.
// Then home_id (the home's feature id in its source) and tile (the tile's id). Homes come in feature-id
// order. Throws DataError naming the source, layer, feature and the tile (in the
// message) for bad data, UsageError for a job that cannot be tiled (driving network, empty CRS).
TileResult run_tile(const TileJob& job, const Tile& tile);

}  // namespace plan
