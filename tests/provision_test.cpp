// Provision per 1,000 residents (indicators 15 and 17) and park area per person (9): hand counts on small
// cases, and the demonstration city's figures against sums taken straight from its files.
#include "plan/provision.hpp"

#include <gtest/gtest.h>

#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/layer.hpp"
#include "plan/plan.hpp"
#include "plan/report.hpp"

namespace {

plan::MultiPolygon square(double x0, double y0, double x1, double y1) {
  return {plan::rectangle(x0, y0, x1, y1)};
}

const plan::IndicatorRow& row_of(const plan::Report& r, int id) {
  for (const plan::IndicatorRow& row : r.rows)
    if (row.indicator.id == id) return row;
  throw std::runtime_error("no row " + std::to_string(id));
}

}  // namespace

TEST(Provision, CapacityIsSummedPerAreaAndDividedByItsResidents) {
  // A = [0,1000]², B = [1000,2000]×[0,1000], C far away with nobody living there.
  const std::vector<plan::XY> points = {{100, 100}, {500, 500}, {1500, 500}, {3000, 3000}, {1200, 200}};
  const std::vector<double> capacity = {5, 3, 10, 7, 0};
  const auto rows = plan::provision_per_1000(points, capacity,
                                             {{"A", square(0, 0, 1000, 1000), 4000},
                                              {"B", square(1000, 0, 2000, 1000), 2000},
                                              {"C", square(5000, 5000, 6000, 6000), 0}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].facilities, 2u);
  EXPECT_DOUBLE_EQ(rows[0].capacity, 8);
  EXPECT_DOUBLE_EQ(*rows[0].per_1000, 2.0);  // 8 / 4000 × 1000
  EXPECT_EQ(rows[1].facilities, 1u);         // the point with capacity 0 is not a facility of B
  EXPECT_DOUBLE_EQ(*rows[1].per_1000, 5.0);  // 10 / 2000 × 1000
  EXPECT_FALSE(rows[2].per_1000.has_value());
  EXPECT_THROW(plan::provision_per_1000(points, {1, 2}, {}), plan::UsageError);
  EXPECT_THROW(plan::provision_per_1000({{0, 0}}, {-1}, {}), plan::UsageError);
}

TEST(Provision, BlocksArePeopledByTheShareOfTheirAreaInEachArea) {
  // A block of 1000 people straddling A and B half and half, another wholly in B.
  const std::vector<plan::PopulationPolygon> blocks = {{plan::rectangle(500, 0, 1500, 1000), 1000},
                                                       {plan::rectangle(1200, 200, 1400, 400), 300}};
  const auto people =
      plan::apportion_population(blocks, {square(0, 0, 1000, 1000), square(1000, 0, 2000, 1000)});
  EXPECT_NEAR(people[0], 500, 1e-6);
  EXPECT_NEAR(people[1], 800, 1e-6);
}

TEST(Provision, DemonstrationCityFiguresEqualSumsOverItsFiles) {
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  plan::ReportOptions o;
  o.year = 2025;
  const plan::Report r = plan::build_report(heze, {}, o);
  plan::ReadOptions ro;
  ro.target_crs = heze.crs;
  ro.assume_crs = "EPSG:4326";
  const std::string demo = PLAN_SOURCE_DIR "/data/heze/demo/";
  const plan::Layer facilities = plan::read_layer(demo + "facilities.geojson", ro);
  const plan::Layer blocks = plan::read_layer(demo + "population.geojson", ro);
  double people = 0, physicians = 0, places = 0;
  for (double p : plan::population_field(blocks, "population")) people += p;
  for (double p : plan::population_field(facilities, "physicians")) physicians += p;
  for (double p : plan::population_field(facilities, "childcare_places")) places += p;
  // Every facility and block of the generated city lies inside its outline, so the whole-file sums are the
  // central city's.
  const plan::IndicatorRow& doctors = row_of(r, 15);
  ASSERT_TRUE(doctors.value.has_value());
  EXPECT_TRUE(doctors.value->synthetic);
  EXPECT_NEAR(doctors.value->value, 1000 * physicians / people, 1e-6);
  EXPECT_NE(doctors.value->method.find("by county"), std::string::npos);
  const plan::IndicatorRow& nursery = row_of(r, 17);
  ASSERT_TRUE(nursery.value.has_value());
  EXPECT_NEAR(nursery.value->value, 1000 * places / people, 1e-6);
  // Plausible for a Chinese prefecture city's centre (Heze 2021: 2.76 physicians, 1.6 places, 13.2 m² of
  // park).
  EXPECT_GT(doctors.value->value, 2.5);
  EXPECT_LT(doctors.value->value, 5);
  EXPECT_GT(nursery.value->value, 1);
  EXPECT_LT(nursery.value->value, 4.5);
  const plan::IndicatorRow& parks = row_of(r, 9);
  ASSERT_TRUE(parks.value.has_value());
  EXPECT_GT(parks.value->value, 10);
  EXPECT_LT(parks.value->value, 16);
}
