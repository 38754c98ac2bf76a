#include "plan/tiling.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "access/point_grid.hpp"
#include "geom/geos.hpp"
#include "plan/coverage.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/osm.hpp"

namespace plan {

namespace {

Extent extent_of(const MultiPolygon& polygons) {
  Extent e{INFINITY, INFINITY, -INFINITY, -INFINITY};
  for (const Polygon& p : polygons)
    for (const XY& v : p.outer)
      e.min_x = std::min(e.min_x, v.x), e.min_y = std::min(e.min_y, v.y), e.max_x = std::max(e.max_x, v.x),
      e.max_y = std::max(e.max_y, v.y);
  return e;
}

bool finite_non_negative(double v) { return std::isfinite(v) && v >= 0; }

// Crossings of the ray from p towards +x with the ring, each edge evaluated from its lower end so that two
// rings sharing the edge (in opposite directions) decide it identically.
int crossings(const Ring& ring, XY p) {
  int n = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    XY a = ring[i], b = ring[i + 1];
    if ((a.y > p.y) == (b.y > p.y)) continue;
    if (a.y > b.y) std::swap(a, b);
    const double x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
    if (p.x < x) ++n;
  }
  return n;
}

}  // namespace

std::vector<Tile> grid_tiles(const Extent& region, double size_m) {
  if (!(size_m > 0) || !std::isfinite(size_m))
    throw UsageError("the tile size must be a positive number of metres");
  if (!(region.max_x >= region.min_x) || !(region.max_y >= region.min_y))
    throw UsageError("the region's extent is empty");
  // floor + 1, so that a point on the region's upper or right edge still has a tile.
  const double nx = std::floor((region.max_x - region.min_x) / size_m) + 1;
  const double ny = std::floor((region.max_y - region.min_y) / size_m) + 1;
  if (nx * ny > 1e7) throw UsageError("more than 10 million tiles: choose a larger tile size");
  std::vector<Tile> tiles;
  const XY origin{region.min_x, region.min_y};
  for (std::int64_t r = 0; r < static_cast<std::int64_t>(ny); ++r)
    for (std::int64_t c = 0; c < static_cast<std::int64_t>(nx); ++c) {
      Tile t;
      t.id = "r" + std::to_string(r) + "c" + std::to_string(c);
      t.extent = {origin.x + c * size_m, origin.y + r * size_m, origin.x + (c + 1) * size_m,
                  origin.y + (r + 1) * size_m};
      t.grid_origin = origin;
      t.grid_size_m = size_m;
      t.row = r, t.column = c;
      tiles.push_back(std::move(t));
    }
  return tiles;
}

std::vector<Tile> polygon_tiles(const Layer& polygons, const std::string& id_field) {
  if (polygons.kind != GeometryKind::Polygon)
    throw DataError(Location{polygons.source, polygons.name, {}, {}},
                    std::string("tiles must be polygons, found ") + to_string(polygons.kind));
  std::optional<std::size_t> field;
  if (!id_field.empty()) {
    field = polygons.field_index(id_field);
    if (!field) throw DataError(Location{polygons.source, polygons.name, {}, id_field}, "no such field");
  }
  std::vector<Tile> tiles;
  std::set<std::string> seen;
  for (const Feature& f : polygons.features) {
    Tile t;
    if (field) {
      const Value& v = f.values[*field];
      if (const auto* s = std::get_if<std::string>(&v))
        t.id = *s;
      else if (const auto* i = std::get_if<std::int64_t>(&v))
        t.id = std::to_string(*i);
      else if (const auto* d = std::get_if<double>(&v))
        t.id = std::to_string(*d);
      else
        throw DataError(Location{polygons.source, polygons.name, f.id, id_field},
                        "a tile needs an id, found null");
    } else {
      t.id = std::to_string(f.id);
    }
    if (!seen.insert(t.id).second)
      throw DataError(Location{polygons.source, polygons.name, f.id, id_field},
                      "tile id '" + t.id + "' is repeated");
    t.polygon = f.geometry.polygons;
    t.extent = extent_of(t.polygon);
    tiles.push_back(std::move(t));
  }
  return tiles;
}

bool tile_owns(const Tile& tile, XY p) {
  if (tile.polygon.empty()) {
    return std::floor((p.x - tile.grid_origin.x) / tile.grid_size_m) == static_cast<double>(tile.column) &&
           std::floor((p.y - tile.grid_origin.y) / tile.grid_size_m) == static_cast<double>(tile.row);
  }
  if (p.x < tile.extent.min_x || p.x > tile.extent.max_x || p.y < tile.extent.min_y ||
      p.y > tile.extent.max_y)
    return false;
  int n = 0;
  for (const Polygon& poly : tile.polygon) {
    n += crossings(poly.outer, p);
    for (const Ring& h : poly.holes) n += crossings(h, p);
  }
  return n % 2 == 1;
}

Extent with_halo(const Extent& e, double halo_m) {
  return {e.min_x - halo_m, e.min_y - halo_m, e.max_x + halo_m, e.max_y + halo_m};
}

double reach_halo_m(double threshold_m, double max_snap_m) {
  if (!finite_non_negative(threshold_m) || !finite_non_negative(max_snap_m))
    throw UsageError("the threshold and the maximum snap distance must be finite and not negative");
  return threshold_m + 3 * max_snap_m;
}

double coverage_halo_m(double radius_m) {
  if (!finite_non_negative(radius_m)) throw UsageError("the radius must be finite and not negative");
  return radius_m;
}

const char* to_string(TileMeasure m) {
  switch (m) {
    case TileMeasure::Reach:
      return "reach";
    case TileMeasure::LifeCircle:
      return "lifecircle";
    case TileMeasure::Coverage:
      return "coverage";
  }
  return "?";
}

double job_halo_m(const TileJob& job) {
  if (job.halo_override_m >= 0) return job.halo_override_m;
  switch (job.measure) {
    case TileMeasure::Reach:
      return reach_halo_m(job.threshold_m, job.max_snap_m);
    case TileMeasure::LifeCircle: {
      double t = 0;
      for (const LifeCircleCategory& c : job.profile.categories) t = std::max(t, c.max_distance_m);
      return reach_halo_m(t, job.max_snap_m);
    }
    case TileMeasure::Coverage:
      return coverage_halo_m(job.radius_m);
  }
  return 0;
}

void TileTotals::add(const TileTotals& o) {
  homes += o.homes, reachable += o.reachable, covered += o.covered;
  population_total += o.population_total, population_covered += o.population_covered;
  area_m2 += o.area_m2, covered_m2 += o.covered_m2;
  homes_read += o.homes_read, network_lines_read += o.network_lines_read;
  facilities_read += o.facilities_read, stops_read += o.stops_read;
}

namespace {

Layer read_part(const TileSource& s, const std::string& crs, const Extent& extent, GeometryKind kind) {
  ReadOptions o;
  o.layer = s.layer;
  o.where = s.where;
  o.target_crs = crs;
  o.expect = kind;
  o.extent = extent;
  Layer l = read_layer(s.path, o);
  // Feature-id order, as a whole-layer read gives it: ties (equal distances, equidistant streets) then
  // break the same way in every tile and in the whole region.
  std::stable_sort(l.features.begin(), l.features.end(),
                   [](const Feature& a, const Feature& b) { return a.id < b.id; });
  return l;
}

XY first_point(const Feature& f) { return f.geometry.points.front(); }

// The owned homes of the tile, with their positions and people.
struct Homes {
  Layer layer;
  std::vector<XY> at;
  std::vector<double> population;
};

Homes owned_homes(const TileJob& job, const Tile& tile, TileTotals& totals) {
  Homes h;
  h.layer = read_part(job.homes, job.crs, tile.extent, GeometryKind::Point);
  totals.homes_read = h.layer.features.size();
  std::vector<Feature> kept;
  for (Feature& f : h.layer.features)
    if (tile_owns(tile, first_point(f))) kept.push_back(std::move(f));
  h.layer.features = std::move(kept);
  for (const Feature& f : h.layer.features) h.at.push_back(first_point(f));
  if (!job.population_field.empty()) h.population = population_field(h.layer, job.population_field);
  totals.homes = h.at.size();
  for (double p : h.population) totals.population_total += p;
  return h;
}

// The value if it is within the limit, else null: distances beyond the threshold are not exact in tiles.
Value within(double v, double limit) { return v <= limit ? Value{v} : Value{}; }

TileResult reach_like(const TileJob& job, const Tile& tile) {
  TileResult out;
  out.tile_id = tile.id;
  TileTotals& tt = out.totals;
  Homes homes = owned_homes(job, tile, tt);
  const Extent ext = with_halo(tile.extent, job_halo_m(job));
  const Layer lines = read_part(job.network, job.crs, ext, GeometryKind::Line);
  const Layer fac = read_part(job.facilities, job.crs, ext, GeometryKind::Point);
  tt.network_lines_read = lines.features.size();
  tt.facilities_read = fac.features.size();
  const Network net = network_from_layer(lines);
  const SnapIndex index(net);
  std::vector<XY> fat;
  for (const Feature& f : fac.features) fat.push_back(first_point(f));
  const std::vector<SnapPoint> hsnap = snap_points(index, homes.at, job.max_snap_m);
  for (const SnapPoint& s : hsnap) tt.reachable += s.snapped;

  Layer& o = out.homes = std::move(homes.layer);
  o.name = "homes";
  const std::size_t base = o.fields.size();
  if (job.measure == TileMeasure::Reach) {
    std::vector<std::string> category(fat.size());
    if (!job.category_field.empty()) category = text_values(fac, job.category_field);
    std::vector<SnapPoint> fsnap;
    std::vector<std::int64_t> fid;
    const std::vector<SnapPoint> all = snap_points(index, fat, job.max_snap_m);
    for (std::size_t i = 0; i < fat.size(); ++i)
      if (job.categories.empty() ||
          std::find(job.categories.begin(), job.categories.end(), category[i]) != job.categories.end())
        fsnap.push_back(all[i]), fid.push_back(fac.features[i].id);
    ReachWorkspace ws;
    const NearestFacilities near = nearest_facilities(net, fsnap, hsnap, ws);
    for (const char* f : {"facility_id", "distance_m", "covered", "snap_m"})
      o.fields.push_back({f, std::string(f) == "distance_m" || std::string(f) == "snap_m"
                                 ? FieldType::Real
                                 : FieldType::Integer});
    for (std::size_t i = 0; i < o.features.size(); ++i) {
      auto& v = o.features[i].values;
      v.resize(base + 4);
      const bool covered = near.distance_m[i] <= job.threshold_m;
      if (covered) {
        v[base] = fid[near.facility[i]];
        v[base + 1] = near.distance_m[i];
        tt.covered += 1;
        if (!homes.population.empty()) tt.population_covered += homes.population[i];
      }
      v[base + 2] = static_cast<std::int64_t>(covered);
      if (hsnap[i].snapped) v[base + 3] = hsnap[i].snap_m;
    }
  } else {
    if (job.category_field.empty()) throw UsageError("life circles need the facilities' category field");
    const std::vector<std::string> category = text_values(fac, job.category_field);
    const std::vector<SnapPoint> fsnap = snap_points(index, fat, job.max_snap_m);
    const LifeCircleResult lc =
        compute_life_circles(net, fsnap, category, hsnap, homes.population, job.profile);
    for (const CategoryReach& c : lc.categories) {
      o.fields.push_back({c.category.name + "_m", FieldType::Real});
      o.fields.push_back({c.category.name + "_covered", FieldType::Integer});
    }
    o.fields.push_back({"complete", FieldType::Integer});
    o.fields.push_back({"snap_m", FieldType::Real});
    for (std::size_t i = 0; i < o.features.size(); ++i) {
      auto& v = o.features[i].values;
      v.resize(base + 2 * lc.categories.size() + 2);
      std::size_t k = base;
      for (const CategoryReach& c : lc.categories) {
        v[k++] = within(c.nearest.distance_m[i], c.category.max_distance_m);
        v[k++] = static_cast<std::int64_t>(c.covered[i]);
      }
      v[k++] = static_cast<std::int64_t>(lc.complete[i]);
      if (hsnap[i].snapped) v[k] = hsnap[i].snap_m;
      if (lc.complete[i]) {
        tt.covered += 1;
        if (!homes.population.empty()) tt.population_covered += homes.population[i];
      }
    }
  }
  return out;
}

TileResult coverage(const TileJob& job, const Tile& tile) {
  TileResult out;
  out.tile_id = tile.id;
  TileTotals& tt = out.totals;
  Homes homes = owned_homes(job, tile, tt);
  const Layer stops =
      read_part(job.stops, job.crs, with_halo(tile.extent, job_halo_m(job)), GeometryKind::Point);
  tt.stops_read = stops.features.size();
  const std::vector<XY> stop_at = all_points(stops);
  const access::PointGrid grid(stop_at, std::max(job.radius_m, 1.0));
  Layer& o = out.homes = std::move(homes.layer);
  o.name = "homes";
  const std::size_t base = o.fields.size();
  o.fields.push_back({"stop_m", FieldType::Real});
  o.fields.push_back({"covered", FieldType::Integer});
  for (std::size_t i = 0; i < o.features.size(); ++i) {
    double best = INFINITY;
    const XY p = homes.at[i];
    grid.for_each_within(p, job.radius_m, [&](std::uint32_t k) {
      best = std::min(best, std::hypot(stop_at[k].x - p.x, stop_at[k].y - p.y));
    });
    auto& v = o.features[i].values;
    v.resize(base + 2);
    const bool covered = best <= job.radius_m;
    v[base] = within(best, job.radius_m);
    v[base + 1] = static_cast<std::int64_t>(covered);
    if (covered) {
      tt.reachable += 1;  // for coverage: within R of a stop, the same as covered
      tt.covered += 1;
      if (!homes.population.empty()) tt.population_covered += homes.population[i];
    }
  }
  if (!job.area.path.empty()) {
    // The study area's share inside the tile: the tiles partition the plane, so these add up.
    const MultiPolygon tile_shape = tile.polygon.empty()
                                        ? MultiPolygon{rectangle(tile.extent.min_x, tile.extent.min_y,
                                                                 tile.extent.max_x, tile.extent.max_y)}
                                        : tile.polygon;
    CoverageInput in;
    in.stops = stop_at;
    in.area = geom::intersection(
        all_polygons(read_part(job.area, job.crs, tile.extent, GeometryKind::Polygon)), tile_shape);
    if (!job.exclusions.path.empty())
      in.exclusions = all_polygons(read_part(job.exclusions, job.crs, tile.extent, GeometryKind::Polygon));
    if (!in.area.empty()) {
      CoverageOptions co;
      co.radius_m = job.radius_m;
      co.exclusion_min_area_m2 = job.exclusion_min_area_m2;
      const CoverageResult r = compute_coverage(in, co);
      tt.area_m2 = r.area_m2;
      tt.covered_m2 = r.covered_m2;
    }
  }
  return out;
}

}  // namespace

TileResult run_tile(const TileJob& job, const Tile& tile) {
  if (job.crs.empty()) throw UsageError("a tiled job needs one metric CRS for every tile");
  try {
    TileResult r = job.measure == TileMeasure::Coverage ? coverage(job, tile) : reach_like(job, tile);
    // The source's feature id as a field, since outputs get their own ids: the key to join results back.
    r.homes.fields.push_back({"home_id", FieldType::Integer});
    r.homes.fields.push_back({"tile", FieldType::String});
    for (Feature& f : r.homes.features) {
      // Filled by index into a resized row: GCC 12 warns falsely on push_back of a variant here.
      const std::size_t k = f.values.size();
      f.values.resize(k + 2);
      f.values[k] = f.id;
      f.values[k + 1] = tile.id;
    }
    return r;
  } catch (const DataError& e) {
    if (e.where().file.empty()) throw DataError("tile " + tile.id + ": " + e.what());
    throw DataError(e.where(), "tile " + tile.id + ": " + e.problem());
  }
}

}  // namespace plan
