// Facilities read from several layers of one source at once: OSM maps a school as a node or as its
// grounds, in two layers with different columns.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "plan/layer.hpp"
#include "plan/osm.hpp"
#include "test_support.hpp"

namespace {

const std::string kSchools = PLAN_SOURCE_DIR "/tests/data/tiny_schools.osm";

// Metres east-west per degree of longitude at latitude 50 (spherical, R = 6371 km): the fixture's
// distances by hand, good to the ~0.5 % a UTM projection differs by there.
double metres_of_longitude(double degrees) {
  return degrees * 6371000.0 * M_PI / 180 * std::cos(50.0 * M_PI / 180);
}

std::string reach_args(const std::string& extra) {
  return "reach --network " + kSchools + " --facilities " + kSchools +
         " --category-field amenity --category school" + " --homes " + kSchools +
         " --homes-layer multipolygons --homes-where \"building IS NOT NULL\"" + " --within 100m --json " +
         extra;
}

}  // namespace

TEST(FacilityLayers, AnOsmSourceGivesSchoolsMappedAsNodesAndAsGrounds) {
  test_support::TempDir dir;
  const std::string out = dir.file("homes.geojson");
  const auto r = test_support::run_plan(reach_args("--out " + out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["facilities"], 2) << "the node and the grounds";
  EXPECT_EQ(j["covered"], 1);

  const auto written = nlohmann::json::parse(test_support::read_text(out));
  ASSERT_EQ(written["features"].size(), 1u);
  const auto& home = written["features"][0]["properties"];
  EXPECT_EQ(home["facility_id"], 201) << "the grounds' way id";
  EXPECT_EQ(home["facility_layer"], "multipolygons");
  EXPECT_NEAR(home["distance_m"].get<double>(), metres_of_longitude(0.00025), 0.5);
}

TEST(FacilityLayers, NamingOneLayerReadsOnlyThatOne) {
  const auto r = test_support::run_plan(reach_args("--facilities-layer points"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["facilities"], 1);
  EXPECT_EQ(j["covered"], 0) << "the school node is ~286 m away";

  const auto both = test_support::run_plan(reach_args("--facilities-layer points,multipolygons"));
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_EQ(nlohmann::json::parse(both.out)["facilities"], 2);
}

TEST(FacilityLayers, AMissingLayerInTheListIsAnErrorNamingIt) {
  const auto r = test_support::run_plan(reach_args("--facilities-layer points,campuses"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("campuses"), std::string::npos) << r.err;
}

TEST(FacilityLayers, TextValuesFallBackToOtherTagsWhereTheColumnIsNull) {
  plan::Layer layer;
  layer.fields = {{"amenity", plan::FieldType::String}, {"other_tags", plan::FieldType::String}};
  auto feature = [](plan::Value amenity, plan::Value tags) {
    plan::Feature f;
    f.values = {std::move(amenity), std::move(tags)};
    return f;
  };
  layer.features = {feature(std::string("school"), std::string("\"amenity\"=>\"clinic\"")),
                    feature({}, std::string("\"amenity\"=>\"school\",\"name\"=>\"A \\\"B\\\"\"")),
                    feature({}, {})};
  const auto v = plan::text_values(layer, "amenity");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], "school") << "the column wins when it has a value";
  EXPECT_EQ(v[1], "school");
  EXPECT_EQ(v[2], "");
  EXPECT_EQ(plan::text_values(layer, "name")[1], "A \"B\"");
}
