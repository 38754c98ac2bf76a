// Reading from PostGIS through a GDAL connection string. Needs a server: scripts/start-postgis.sh starts
// one and prints the connection string to export as PLAN_TEST_PG.
#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <numbers>

#include "plan/io.hpp"
#include "test_support.hpp"

namespace {

std::string connection() {
  const char* pg = std::getenv("PLAN_TEST_PG");
  return pg ? pg : "";
}

void execute(GDALDataset& ds, const std::string& sql) {
  OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result) ds.ReleaseResultSet(result);
}

}  // namespace

TEST(PostGis, CoverageReadsStopsAndAreaFromAConnectionString) {
  const std::string pg = connection();
  if (pg.empty())
    GTEST_SKIP() << "PLAN_TEST_PG is not set (scripts/start-postgis.sh starts a server and prints it)";
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(pg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  ASSERT_TRUE(ds) << "cannot connect to " << pg;
  execute(*ds, "DROP TABLE IF EXISTS plan_stops; DROP TABLE IF EXISTS plan_area");
  execute(*ds, "CREATE TABLE plan_stops (id serial PRIMARY KEY, geom geometry(Point, 32650))");
  execute(*ds, "CREATE TABLE plan_area (id serial PRIMARY KEY, geom geometry(Polygon, 32650))");
  execute(*ds,
          "INSERT INTO plan_stops (geom) VALUES (ST_SetSRID(ST_MakePoint(500000, 3900000), 32650)),"
          " (ST_SetSRID(ST_MakePoint(503000, 3900000), 32650))");
  execute(*ds,
          "INSERT INTO plan_area (geom) VALUES (ST_MakeEnvelope(498000, 3898000, 502000, 3902000, 32650))");
  ds.reset();

  plan::ReadOptions o;
  o.layer = "plan_area";
  const plan::Layer area = plan::read_layer(pg, o);
  EXPECT_EQ(area.crs, "EPSG:32650");
  EXPECT_NEAR(plan::area_m2(plan::all_polygons(area)), 16e6, 1e-6);

  // One stop inside, one 1 km beyond the area's edge (its disk misses the area): πR² covered.
  const auto r =
      test_support::run_plan("coverage --json --stops '" + pg + "' --stops-layer plan_stops --area '" + pg +
                             "' --area-layer plan_area");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["covered_m2"].get<double>(), std::numbers::pi * 250000, 1e-3);
}
