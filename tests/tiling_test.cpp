// Exact tiling: ownership rules, the halo, and tiled results equal to the whole-region run home by home on
// a generated province.
#include "plan/tiling.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "plan/coverage.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/osm.hpp"
#include "plan/reach.hpp"
#include "plan/synthetic.hpp"
#include "plan/synthetic_province.hpp"
#include "test_support.hpp"

namespace {

using plan::Extent;
using plan::Tile;
using plan::XY;

int owners(const std::vector<Tile>& tiles, XY p) {
  int n = 0;
  for (const Tile& t : tiles) n += plan::tile_owns(t, p);
  return n;
}

TEST(Tiling, GridEdgesAndCornersBelongToExactlyOneTile) {
  const std::vector<Tile> tiles = plan::grid_tiles({-1000, -1000, 1000, 1000}, 500);
  ASSERT_EQ(tiles.size(), 25u);  // 4 columns, plus one so that x = 1000 has a tile
  for (double x = -1000; x <= 1000; x += 250)
    for (double y = -1000; y <= 1000; y += 250) EXPECT_EQ(owners(tiles, {x, y}), 1) << x << "," << y;
  // The lower-left corner of a tile is its own; the upper-right one the next tile's.
  const Tile& t = tiles[0];
  EXPECT_TRUE(plan::tile_owns(t, {-1000, -1000}));
  EXPECT_FALSE(plan::tile_owns(t, {-500, -1000}));
  EXPECT_FALSE(plan::tile_owns(t, {-1000, -500}));
  EXPECT_TRUE(plan::tile_owns(t, {std::nextafter(-500.0, -1e9), std::nextafter(-500.0, -1e9)}));
}

TEST(Tiling, CountyPolygonsGiveEveryPointOneOwnerAlsoOnSharedEdgesAndVertices) {
  plan::SyntheticProvinceOptions o;
  o.homes = 2000;
  o.county_size_m = 2000;
  const plan::SyntheticProvince p = plan::generate_province(o);
  plan::Layer counties;
  counties.kind = plan::GeometryKind::Polygon;
  counties.fields = {{"code", plan::FieldType::String}};
  for (std::size_t i = 0; i < p.counties.size(); ++i)
    counties.features.push_back({static_cast<std::int64_t>(i + 1),
                                 plan::Geometry::polygon(p.counties[i].polygon),
                                 {p.counties[i].code}});
  const std::vector<Tile> tiles = plan::polygon_tiles(counties, "code");
  ASSERT_GE(tiles.size(), 9u);
  EXPECT_EQ(tiles[0].id, p.counties[0].code);
  // Every interior vertex and a point on every interior edge (exactly on it where the edge is axis-parallel
  // or not; either way one owner), and random points.
  const double half = p.region.outer[2].x;
  int checked = 0;
  for (const plan::ProvinceCounty& c : p.counties)
    for (std::size_t i = 0; i + 1 < c.polygon.outer.size(); ++i) {
      const XY a = c.polygon.outer[i], b = c.polygon.outer[i + 1];
      for (const XY q : {a, XY{(a.x + b.x) / 2, (a.y + b.y) / 2},
                         XY{a.x + 0.25 * (b.x - a.x), a.y + 0.25 * (b.y - a.y)}}) {
        if (std::abs(q.x) >= half || std::abs(q.y) >= half) continue;  // the region's own border
        EXPECT_EQ(owners(tiles, q), 1) << q.x << "," << q.y;
        ++checked;
      }
    }
  EXPECT_GT(checked, 50);
  plan::SeededRandom rng(7);
  for (int i = 0; i < 2000; ++i) {
    const XY q{rng.uniform(-half, half), rng.uniform(-half, half)};
    EXPECT_EQ(owners(tiles, q), 1) << q.x << "," << q.y;
  }
}

TEST(Tiling, HoleOfAPolygonTileIsNotOwned) {
  plan::Polygon ring = plan::rectangle(0, 0, 100, 100);
  plan::Ring hole = plan::rectangle(40, 40, 60, 60).outer;
  std::reverse(hole.begin(), hole.end());
  ring.holes.push_back(hole);
  plan::Layer l;
  l.kind = plan::GeometryKind::Polygon;
  l.features.push_back({5, plan::Geometry::polygon(ring), {}});
  const std::vector<Tile> tiles = plan::polygon_tiles(l);
  ASSERT_EQ(tiles.size(), 1u);
  EXPECT_EQ(tiles[0].id, "5");
  EXPECT_TRUE(plan::tile_owns(tiles[0], {10, 10}));
  EXPECT_FALSE(plan::tile_owns(tiles[0], {50, 50}));
  EXPECT_FALSE(plan::tile_owns(tiles[0], {150, 50}));
}

TEST(Tiling, HaloIsThresholdPlusThreeSnapsAndCoverageRadius) {
  EXPECT_DOUBLE_EQ(plan::reach_halo_m(1000, 250), 1750);
  EXPECT_DOUBLE_EQ(plan::coverage_halo_m(500), 500);
  EXPECT_THROW(plan::reach_halo_m(-1, 250), plan::UsageError);
  EXPECT_THROW(plan::grid_tiles({0, 0, 1, 1}, 0), plan::UsageError);
}

plan::Layer points_layer(const std::string& name, std::vector<XY> at, std::vector<plan::Field> fields = {},
                         std::vector<std::vector<plan::Value>> values = {}) {
  plan::Layer l;
  l.name = name;
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Point;
  l.fields = fields;
  for (std::size_t i = 0; i < at.size(); ++i)
    l.features.push_back({static_cast<std::int64_t>(i + 1), plan::Geometry::point(at[i]),
                          values.empty() ? std::vector<plan::Value>{} : values[i]});
  return l;
}

plan::Layer lines_layer(std::vector<plan::LineString> lines) {
  plan::Layer l;
  l.name = "streets";
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Line;
  for (std::size_t i = 0; i < lines.size(); ++i)
    l.features.push_back({static_cast<std::int64_t>(i + 1), plan::Geometry::line(lines[i]), {}});
  return l;
}

// The case that makes the facilities' snapping part of the halo (tile [0, 1000)², T = 1000, S = 250,
// coordinates metres east/north of 500000,4000000 in UTM 50N):
//
//   home (999,520)  A: (0,500) ───────────── (1999,500)      g (2240,500)   │ B: x = 2300
//        tile │ ←— 1000 m along A —→ A's end  ←— 241 m —→ g  ←— 60 m —→      │ (not joined to A)
//
// In the whole region g snaps to B (60 m), which does not join A: the home reaches nothing. A halo of
// T + S = 1250 m reads g but not B, so g snaps to A's end (241 m ≤ 250 m) and the home is "covered" at
// exactly 1000 m. The proven halo T + 3S = 1750 m reads B and agrees with the whole region.
TEST(Tiling, HaloOfThresholdPlusSnapAloneLetsAFacilitySnapToTheWrongStreet) {
  test_support::TempDir dir;
  const XY o{500000, 4000000};
  auto at = [&](double x, double y) { return XY{o.x + x, o.y + y}; };
  const std::string path = dir.file("case.gpkg");
  plan::write_layers(path,
                     {lines_layer({{at(0, 500), at(1999, 500)}, {at(2300, 0), at(2300, 1000)}}),
                      points_layer("facilities", {at(2240, 500)}), points_layer("homes", {at(999, 520)})},
                     {});
  plan::TileJob job;
  job.crs = "EPSG:32650";
  job.network = {path, "streets", ""};
  job.facilities = {path, "facilities", ""};
  job.homes = {path, "homes", ""};
  job.threshold_m = 1000;
  job.max_snap_m = 250;
  const Tile tile = plan::grid_tiles({o.x, o.y, o.x + 999, o.y + 999}, 1000).at(0);

  const plan::TileResult proven = plan::run_tile(job, tile);
  ASSERT_EQ(proven.homes.features.size(), 1u);
  EXPECT_EQ(proven.totals.covered, 0u);
  EXPECT_EQ(proven.totals.network_lines_read, 2u);

  job.halo_override_m = job.threshold_m + job.max_snap_m;
  const plan::TileResult naive = plan::run_tile(job, tile);
  EXPECT_EQ(naive.totals.network_lines_read, 1u);
  EXPECT_EQ(naive.totals.facilities_read, 1u);
  EXPECT_EQ(naive.totals.covered, 1u);  // wrong: the whole region has no path
}

// --- A generated province, tiled three ways, against the whole-region computation ---------------------

struct Province {
  test_support::TempDir dir;
  std::string path;
  std::string crs;
  Province() {
    path = dir.file("province.gpkg");
    const auto r = test_support::run_plan(
        "demo-data --province --homes 12000 --homes-per-km2 600 --county-size 6km --out " + path);
    if (r.exit_code != 0) ADD_FAILURE() << r.err;
    crs = plan::source_utm_crs({path, "homes", ""});
  }
  plan::Layer read(const std::string& layer) const {
    plan::ReadOptions o;
    o.layer = layer;
    o.target_crs = crs;
    return plan::read_layer(path, o);
  }
};

const Province& province() {
  static const Province p;
  return p;
}

std::vector<std::vector<Tile>> tilings(const Province& p) {
  const Extent region = plan::source_extent({p.path, "homes", ""}, p.crs);
  plan::ReadOptions o;
  o.layer = "counties";
  o.target_crs = p.crs;
  return {plan::grid_tiles(region, 3000), plan::grid_tiles(region, 7000),
          plan::polygon_tiles(plan::read_layer(p.path, o), "code")};
}

// Every home of the province, once, across the tiles; keyed by feature id.
std::map<std::int64_t, std::vector<plan::Value>> merged(const plan::TileJob& job,
                                                        const std::vector<Tile>& tiles,
                                                        std::vector<plan::Field>* fields,
                                                        plan::TileTotals* totals) {
  std::map<std::int64_t, std::vector<plan::Value>> rows;
  for (const Tile& t : tiles) {
    const plan::TileResult r = plan::run_tile(job, t);
    *fields = r.homes.fields;
    totals->add(r.totals);
    for (const plan::Feature& f : r.homes.features) {
      const bool fresh = rows.emplace(f.id, f.values).second;
      EXPECT_TRUE(fresh) << "home " << f.id << " in two tiles";
    }
  }
  return rows;
}

const plan::Value& field(const std::vector<plan::Field>& fields, const std::vector<plan::Value>& row,
                         const std::string& name) {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return row.at(i);
  throw std::runtime_error("no field " + name);
}

plan::Value capped(double v, double limit) { return v <= limit ? plan::Value{v} : plan::Value{}; }

TEST(Tiling, TiledReachEqualsTheWholeRegionHomeByHome) {
  const Province& p = province();
  const plan::Layer homes = p.read("homes"), streets = p.read("streets"), fac = p.read("facilities");
  ASSERT_EQ(homes.features.size(), 12000u);
  // The whole region, as `plan reach` computes it: every street, every primary school.
  const plan::Network net = plan::network_from_layer(streets);
  const plan::SnapIndex index(net);
  const std::vector<std::string> cat = plan::text_values(fac, "category");
  std::vector<XY> fat;
  std::vector<std::int64_t> fid;
  for (std::size_t i = 0; i < fac.features.size(); ++i)
    if (cat[i] == "primary_school")
      fat.push_back(fac.features[i].geometry.points[0]), fid.push_back(fac.features[i].id);
  ASSERT_GT(fat.size(), 5u);
  const auto hsnap = plan::snap_points(index, plan::all_points(homes), 250);
  plan::ReachWorkspace ws;
  const plan::NearestFacilities whole =
      plan::nearest_facilities(net, plan::snap_points(index, fat, 250), hsnap, ws);

  plan::TileJob job;
  job.crs = p.crs;
  job.network = {p.path, "streets", ""};
  job.facilities = {p.path, "facilities", ""};
  job.homes = {p.path, "homes", ""};
  job.category_field = "category";
  job.categories = {"primary_school"};
  job.population_field = "population";
  job.threshold_m = 800;
  std::size_t covered = 0, unsnapped = 0;
  for (std::size_t i = 0; i < hsnap.size(); ++i)
    covered += whole.distance_m[i] <= 800, unsnapped += !hsnap[i].snapped;
  ASSERT_GT(covered, 1000u);
  ASSERT_LT(covered, homes.features.size() - 1000);  // some homes beyond the threshold, so the cap is tested
  ASSERT_GT(unsnapped, 50u);                         // country homes beyond the snap distance

  for (const std::vector<Tile>& tiles : tilings(p)) {
    std::vector<plan::Field> fields;
    plan::TileTotals totals;
    const auto rows = merged(job, tiles, &fields, &totals);
    ASSERT_EQ(rows.size(), homes.features.size());
    EXPECT_EQ(totals.homes, homes.features.size());
    EXPECT_EQ(totals.covered, covered);
    for (std::size_t i = 0; i < homes.features.size(); ++i) {
      const auto& row = rows.at(homes.features[i].id);
      const double d = whole.distance_m[i];
      EXPECT_EQ(field(fields, row, "distance_m"), capped(d, 800)) << "home " << homes.features[i].id;
      EXPECT_EQ(field(fields, row, "facility_id"),
                d <= 800 ? plan::Value{fid[whole.facility[i]]} : plan::Value{});
      EXPECT_EQ(field(fields, row, "snap_m"),
                hsnap[i].snapped ? plan::Value{hsnap[i].snap_m} : plan::Value{});
      EXPECT_EQ(field(fields, row, "population"),
                homes.features[i].values[homes.field_index("population").value()]);
    }
  }
}

TEST(Tiling, TiledLifeCirclesEqualTheWholeRegionHomeByHome) {
  const Province& p = province();
  const plan::Layer homes = p.read("homes"), streets = p.read("streets"), fac = p.read("facilities");
  const plan::Network net = plan::network_from_layer(streets);
  const plan::SnapIndex index(net);
  const plan::LifeCircleProfile profile = plan::gb50180_profile();
  const auto hsnap = plan::snap_points(index, plan::all_points(homes), 250);
  const plan::LifeCircleResult whole = plan::compute_life_circles(
      net, plan::snap_points(index, plan::all_points(fac), 250), plan::text_values(fac, "category"), hsnap,
      plan::population_field(homes, "population"), profile);
  std::size_t covered_any = 0;  // homes × categories within the category's distance
  for (const plan::CategoryReach& c : whole.categories) covered_any += c.shares.covered;
  ASSERT_GT(covered_any, 5000u);

  plan::TileJob job;
  job.measure = plan::TileMeasure::LifeCircle;
  job.crs = p.crs;
  job.network = {p.path, "streets", ""};
  job.facilities = {p.path, "facilities", ""};
  job.homes = {p.path, "homes", ""};
  job.category_field = "category";
  job.population_field = "population";
  job.profile = profile;
  EXPECT_DOUBLE_EQ(plan::job_halo_m(job), 1000 + 3 * 250);
  const std::vector<Tile> tiles = tilings(p)[0];
  std::vector<plan::Field> fields;
  plan::TileTotals totals;
  const auto rows = merged(job, tiles, &fields, &totals);
  ASSERT_EQ(rows.size(), homes.features.size());
  EXPECT_EQ(totals.covered, whole.complete_shares.covered);
  EXPECT_DOUBLE_EQ(totals.population_covered, whole.complete_shares.population_covered.value());
  std::size_t tiled_any = 0;
  for (const auto& [id, row] : rows)
    for (const plan::CategoryReach& c : whole.categories)
      tiled_any += std::get<std::int64_t>(field(fields, row, c.category.name + "_covered"));
  EXPECT_EQ(tiled_any, covered_any);
  for (std::size_t i = 0; i < homes.features.size(); ++i) {
    const auto& row = rows.at(homes.features[i].id);
    for (const plan::CategoryReach& c : whole.categories)
      ASSERT_EQ(field(fields, row, c.category.name + "_m"),
                capped(c.nearest.distance_m[i], c.category.max_distance_m))
          << "home " << homes.features[i].id << " " << c.category.name;
    EXPECT_EQ(field(fields, row, "complete"), plan::Value{static_cast<std::int64_t>(whole.complete[i])});
  }
}

TEST(Tiling, TiledStopCoverageEqualsTheWholeRegionHomeByHomeAndInArea) {
  const Province& p = province();
  const plan::Layer homes = p.read("homes"), stops = p.read("bus_stops"), area = p.read("settlements");
  const std::vector<XY> s = plan::all_points(stops);
  plan::TileJob job;
  job.measure = plan::TileMeasure::Coverage;
  job.crs = p.crs;
  job.homes = {p.path, "homes", ""};
  job.stops = {p.path, "bus_stops", ""};
  job.area = {p.path, "settlements", ""};
  job.radius_m = 300;
  plan::CoverageInput in;
  in.stops = s;
  in.area = plan::all_polygons(area);
  plan::CoverageOptions co;
  co.radius_m = 300;
  const plan::CoverageResult whole = plan::compute_coverage(in, co);
  for (const std::vector<Tile>& tiles : tilings(p)) {
    std::vector<plan::Field> fields;
    plan::TileTotals totals;
    const auto rows = merged(job, tiles, &fields, &totals);
    ASSERT_EQ(rows.size(), homes.features.size());
    for (std::size_t i = 0; i < homes.features.size(); ++i) {
      const XY h = homes.features[i].geometry.points[0];
      double best = INFINITY;  // brute force over every stop of the region
      for (const XY& q : s) best = std::min(best, std::hypot(q.x - h.x, q.y - h.y));
      ASSERT_EQ(field(fields, rows.at(homes.features[i].id), "stop_m"), capped(best, 300))
          << homes.features[i].id;
    }
    EXPECT_NEAR(totals.area_m2, whole.area_m2, 1e-9 * whole.area_m2);
    EXPECT_NEAR(totals.covered_m2, whole.covered_m2, 1e-9 * whole.area_m2);
  }
}

TEST(Tiling, BadFeatureNamesTheTileAndTheFeatureAndOtherTilesStillRun) {
  test_support::TempDir dir;
  const XY o{500000, 4000000};
  const std::string path = dir.file("bad.gpkg");
  plan::write_layers(
      path,
      {lines_layer({{o, {o.x + 3000, o.y}}}), points_layer("facilities", {{o.x + 100, o.y + 10}}),
       points_layer("homes", {{o.x + 200, o.y + 5}, {o.x + 2500, o.y + 5}},
                    {{"population", plan::FieldType::String}}, {{std::string("12")}, {std::string("many")}})},
      {});
  plan::TileJob job;
  job.crs = "EPSG:32650";
  job.network = {path, "streets", ""};
  job.facilities = {path, "facilities", ""};
  job.homes = {path, "homes", ""};
  job.population_field = "population";
  const std::vector<Tile> tiles = plan::grid_tiles({o.x, o.y, o.x + 2999, o.y + 999}, 2000);
  ASSERT_EQ(tiles.size(), 2u);
  const plan::TileResult good = plan::run_tile(job, tiles[0]);
  EXPECT_EQ(good.totals.covered, 1u);
  try {
    plan::run_tile(job, tiles[1]);
    FAIL() << "expected a DataError";
  } catch (const plan::DataError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("tile r0c1"), std::string::npos) << m;
    EXPECT_NE(m.find("feature 2"), std::string::npos) << m;
    EXPECT_NE(m.find("population"), std::string::npos) << m;
  }
}

}  // namespace
