// plan::read_point_array: points in memory read as coordinates, exactly as read_features reads them into a
// Layer (the Python package hands NumPy homes this way).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "plan/error.hpp"
#include "plan/io.hpp"

namespace {

plan::FeatureTable lonlat_points() {
  plan::FeatureTable t;
  t.name = "homes";
  t.crs = "EPSG:4326";
  t.points = {{115.4748, 35.2341}, {115.48, 35.24}, {115.46, 35.22}};
  return t;
}

void expect_same_as_layer(const plan::FeatureTable& t, const plan::ReadOptions& o) {
  const plan::PointArray a = plan::read_point_array(t, o);
  const plan::Layer l = plan::read_features(t, o);
  EXPECT_EQ(a.crs, l.crs);
  ASSERT_EQ(a.at.size(), l.features.size());
  for (std::size_t i = 0; i < a.at.size(); ++i) {
    ASSERT_EQ(l.features[i].geometry.points.size(), 1u);
    EXPECT_EQ(a.at[i].x, l.features[i].geometry.points[0].x) << i;  // bit for bit: the same code path
    EXPECT_EQ(a.at[i].y, l.features[i].geometry.points[0].y) << i;
  }
}

}  // namespace

TEST(PointArray, ChoosesTheUtmZoneOfTheCentreAsReadFeaturesDoes) {
  const plan::FeatureTable t = lonlat_points();
  const plan::PointArray a = plan::read_point_array(t, {});
  EXPECT_EQ(a.crs, "EPSG:32650");  // 115.47° E: zone floor((115.47 + 180) / 6) + 1 = 50, north
  // Heze lies about 500 km east of zone 50's central meridian (117° E) × cos(35°): easting ≈ 360 km.
  EXPECT_NEAR(a.at[0].x, 361000, 3000);
  EXPECT_NEAR(a.at[0].y, 3900000, 10000);
  expect_same_as_layer(t, {});
}

TEST(PointArray, KeepsPointsAlreadyInTheTargetCrsAndShiftsGcj02) {
  plan::FeatureTable t;
  t.name = "homes";
  t.crs = "EPSG:32650";
  t.points = {{361234.5, 3900123.25}, {362000.125, 3901000.5}};
  plan::ReadOptions o;
  o.target_crs = "EPSG:32650";
  const plan::PointArray a = plan::read_point_array(t, o);
  EXPECT_EQ(a.at[0].x, 361234.5);
  EXPECT_EQ(a.at[1].y, 3901000.5);

  plan::ReadOptions shifted;
  shifted.offset = plan::LonLatOffset::Gcj02;
  shifted.target_crs = "EPSG:32650";
  expect_same_as_layer(lonlat_points(), shifted);
  // The GCJ-02 shift around Heze is a few hundred metres.
  const double moved = plan::read_point_array(lonlat_points(), shifted).at[0].x -
                       plan::read_point_array(lonlat_points(), o).at[0].x;
  EXPECT_GT(std::abs(moved), 50);
  EXPECT_LT(std::abs(moved), 1000);
}

TEST(PointArray, NeedsACrsAndPointsAndRefusesWhatItDoesNotTake) {
  plan::FeatureTable t = lonlat_points();
  t.crs.clear();
  EXPECT_THROW(plan::read_point_array(t, {}), plan::DataError);  // no CRS, no assume_crs
  plan::ReadOptions assume;
  assume.assume_crs = "EPSG:4326";
  EXPECT_EQ(plan::read_point_array(t, assume).crs, "EPSG:32650");

  plan::ReadOptions polygons;
  polygons.expect = plan::GeometryKind::Polygon;
  try {
    plan::read_point_array(lonlat_points(), polygons);
    FAIL() << "a point table read as polygons must fail";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("expected polygon geometries, found Point"), std::string::npos)
        << e.what();
  }

  plan::FeatureTable empty = lonlat_points();
  empty.points.clear();
  EXPECT_THROW(plan::read_point_array(empty, {}), plan::UsageError);
  plan::FeatureTable with_field = lonlat_points();
  with_field.fields = {{"population", plan::FieldType::Real}};
  with_field.columns = {{1.0, 2.0, 3.0}};
  EXPECT_THROW(plan::read_point_array(with_field, {}), plan::UsageError);
  plan::FeatureTable bad_ids = lonlat_points();
  bad_ids.ids = {7};
  EXPECT_THROW(plan::read_point_array(bad_ids, {}), plan::UsageError);
  plan::FeatureTable bad_crs = lonlat_points();
  bad_crs.crs = "EPSG:999999";
  EXPECT_THROW(plan::read_point_array(bad_crs, {}), plan::UsageError);
}
