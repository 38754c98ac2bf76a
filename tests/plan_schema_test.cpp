// Schema validation: every broken rule names the file, layer, feature and field.
#include <gtest/gtest.h>

#include <algorithm>

#include "plan/plan.hpp"
#include "plan_test_util.hpp"

using plan_test::TempDir;
using plan_test::town;
using plan_test::write_file;

namespace {

std::string first_error_message(const std::string& folder) {
  try {
    plan::load_plan(folder, {});
  } catch (const plan::DataError& e) {
    return e.what();
  }
  return "";
}

bool has_issue(const plan::LoadReport& r, plan::Severity s, const std::string& text) {
  return std::any_of(r.issues.begin(), r.issues.end(), [&](const plan::SchemaIssue& i) {
    return i.severity == s && i.describe().find(text) != std::string::npos;
  });
}

}  // namespace

TEST(PlanSchema, UnknownKindIsAnErrorNamingFileFeatureAndField) {
  TempDir dir("schema-kind");
  write_file(dir / "boundaries.geojson", plan_test::two_counties());
  write_file(
      dir / "settlements.geojson",
      plan_test::collection("settlements", town(1, "甲城", "county_seat", 2, "甲县", 115.4, 35.1) + "," +
                                               town(2, "某村", "village", 4, "甲县", 115.45, 35.1)));
  const std::string message = first_error_message(dir.path().string());
  EXPECT_NE(message.find("settlements.geojson"), std::string::npos) << message;
  EXPECT_NE(message.find("feature 2"), std::string::npos) << message;
  EXPECT_NE(message.find("field 'kind'"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown kind 'village'"), std::string::npos) << message;
}

TEST(PlanSchema, MissingNameIsAnErrorAndTheFeatureIsLeftOut) {
  TempDir dir("schema-name");
  write_file(dir / "boundaries.geojson", plan_test::two_counties());
  write_file(dir / "hubs.geojson", plan_test::collection("hubs", R"(
{"type":"Feature","id":7,"properties":{"name_zh":"","kind":"station","status":"existing","source":"t"},
 "geometry":{"type":"Point","coordinates":[115.4,35.1]}})"));
  const std::string message = first_error_message(dir.path().string());
  EXPECT_NE(message.find("hubs.geojson, layer 'hubs', feature 7, field 'name_zh': missing name"),
            std::string::npos)
      << message;

  plan::LoadOptions lenient;
  lenient.strict = false;
  plan::LoadReport report;
  const plan::Plan p = plan::load_plan(dir.path().string(), lenient, &report);
  EXPECT_EQ(report.errors(), 1u);
  EXPECT_TRUE(p.hubs.empty());
  EXPECT_EQ(p.boundaries.size(), 2u);
}

TEST(PlanSchema, WrongGeometryTypeIsAnErrorNamingTheFeature) {
  TempDir dir("schema-geom");
  write_file(dir / "boundaries.geojson", plan_test::two_counties());
  write_file(dir / "hubs.geojson", plan_test::collection("hubs", R"(
{"type":"Feature","id":3,"properties":{"name_zh":"站","kind":"station","status":"existing","source":"t"},
 "geometry":{"type":"LineString","coordinates":[[115.4,35.1],[115.5,35.1]]}})"));
  const std::string message = first_error_message(dir.path().string());
  EXPECT_NE(message.find("hubs.geojson"), std::string::npos) << message;
  EXPECT_NE(message.find("feature 3"), std::string::npos) << message;
  EXPECT_NE(message.find("field 'geometry'"), std::string::npos) << message;
  EXPECT_NE(message.find("Line String"), std::string::npos) << message;
}

TEST(PlanSchema, StatusAndTierOutsideTheirValuesAreErrors) {
  TempDir dir("schema-tier");
  write_file(dir / "boundaries.geojson", plan_test::two_counties());
  std::string bad_tier = town(1, "甲城", "county_seat", 7, "甲县", 115.4, 35.1);
  std::string bad_status = town(2, "乙城", "county_seat", 2, "乙县", 115.6, 35.1);
  bad_status.replace(bad_status.find("\"existing\""), 10, "\"proposed\"");
  write_file(dir / "settlements.geojson", plan_test::collection("settlements", bad_tier + "," + bad_status));
  plan::LoadOptions lenient;
  lenient.strict = false;
  plan::LoadReport report;
  plan::load_plan(dir.path().string(), lenient, &report);
  EXPECT_TRUE(has_issue(report, plan::Severity::Error, "feature 1, field 'tier': '甲城': tier must be 1..4"));
  EXPECT_TRUE(has_issue(report, plan::Severity::Error,
                        "feature 2, field 'status': '乙城': unknown status 'proposed'"));
}

TEST(PlanSchema, TownOutsideEveryCountyIsAWarningWithTheNearestCounty) {
  TempDir dir("schema-outside");
  write_file(dir / "boundaries.geojson", plan_test::two_counties());
  write_file(dir / "settlements.geojson",
             plan_test::collection("settlements", town(1, "远镇", "key_town", 3, "乙县", 115.9, 35.1) + "," +
                                                      town(2, "错镇", "key_town", 3, "甲县", 115.6, 35.1)));
  plan::LoadReport report;
  const plan::Plan p = plan::load_plan(dir.path().string(), {}, &report);  // warnings do not throw
  EXPECT_EQ(p.settlements.size(), 2u);
  EXPECT_TRUE(has_issue(report, plan::Severity::Warning,
                        "feature 1, field 'geometry': '远镇' lies outside every county (nearest: 乙县"));
  EXPECT_TRUE(has_issue(report, plan::Severity::Warning,
                        "feature 2, field 'county': '错镇' lies in 乙县, but its county field says 甲县"));
}

TEST(PlanSchema, MissingLayersAreWarningsNotErrors) {
  TempDir dir("schema-missing");
  write_file(dir / "boundaries.geojson", plan_test::two_counties());
  plan::LoadReport report;
  plan::load_plan(dir.path().string(), {}, &report);
  EXPECT_EQ(report.errors(), 0u);
  EXPECT_TRUE(has_issue(report, plan::Severity::Warning, "layer missing: the plan has no axes"));
  EXPECT_TRUE(has_issue(report, plan::Severity::Warning, "no plan.json"));
}

TEST(PlanSchema, AFileUnderAnUnknownLayerNameIsAWarning) {
  TempDir dir("schema-unknown-layer");
  write_file(dir / "boundaries.geojson", plan_test::two_counties());
  write_file(dir / "settlement.geojson",
             plan_test::collection("settlement", town(1, "甲城", "county_seat", 2, "甲县", 115.4, 35.1)));
  plan::LoadReport report;
  plan::load_plan(dir.path().string(), {}, &report);
  EXPECT_TRUE(
      has_issue(report, plan::Severity::Warning, "settlement.geojson: not a layer of the plan schema"));
}

TEST(PlanSchema, BrokenPlanJsonNamesTheIndicatorAndField) {
  TempDir dir("schema-json");
  write_file(dir / "boundaries.geojson", plan_test::two_counties());
  write_file(dir / "plan.json", R"({"name_zh":"x","indicators":[{"id":4,"target_2025":"about 5"}]})");
  const std::string message = first_error_message(dir.path().string());
  EXPECT_NE(message.find("plan.json, layer 'indicators', feature 4, field 'target_2025'"), std::string::npos)
      << message;
}

TEST(HezePlan, HoldsTheFormulaAndEveryTownInItsCounty) {
  plan::LoadReport report;
  const plan::Plan p = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {}, &report);
  EXPECT_EQ(report.errors(), 0u);
  for (const plan::SchemaIssue& i : report.issues) ADD_FAILURE() << i.describe();
  EXPECT_EQ(p.crs, "EPSG:32650");
  EXPECT_EQ(p.boundaries.size(), 10u);  // the city and its 9 districts and counties
  EXPECT_EQ(p.axes.size(), 5u);
  EXPECT_EQ(p.poles.size(), 6u);
  EXPECT_EQ(p.barriers.size(), 2u);
  EXPECT_EQ(p.indicators.size(), 22u);
  int per_tier[5] = {0, 0, 0, 0, 0};
  for (const plan::Settlement& s : p.settlements) ++per_tier[s.tier];
  EXPECT_EQ(per_tier[1], 1);
  EXPECT_EQ(per_tier[2], 7);
  EXPECT_EQ(per_tier[3], 22);
}
