// Indicator targets and statuses, each comparator against values worked out by hand.
#include "plan/indicators.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "plan/report.hpp"
#include "plan_test_util.hpp"
#include "test_support.hpp"

namespace {

plan::Indicator indicator(std::optional<double> baseline, const std::string& t2025, const std::string& t2035,
                          bool higher = true) {
  plan::Indicator i;
  i.id = 1;
  i.baseline_2021 = baseline;
  i.higher_is_better = higher;
  i.target_2025 = plan::parse_target(t2025, higher);
  i.target_2035 = plan::parse_target(t2035, higher);
  return i;
}

plan::IndicatorStatus status(const plan::Indicator& i, std::optional<double> v, int year) {
  return plan::assess(i, v, year).status;
}

}  // namespace

TEST(Targets, ParseEveryComparatorOfThePlanTable) {
  EXPECT_EQ(plan::parse_target("≥90", true).comparator, plan::Comparator::AtLeast);
  EXPECT_EQ(plan::parse_target(">5", true).comparator, plan::Comparator::Greater);
  const plan::Target less = plan::parse_target("<5.5", false);
  EXPECT_EQ(less.comparator, plan::Comparator::Less);
  EXPECT_DOUBLE_EQ(less.value, 5.5);
  EXPECT_EQ(plan::parse_target("≤3", true).comparator, plan::Comparator::AtMost);
  EXPECT_EQ(plan::parse_target("-", true).comparator, plan::Comparator::None);
  EXPECT_EQ(plan::parse_target("100", true).comparator,
            plan::Comparator::AtLeast);  // bare: direction from the indicator
  EXPECT_EQ(plan::parse_target("100", false).comparator, plan::Comparator::AtMost);
  EXPECT_THROW(plan::parse_target("about 5", true), plan::UsageError);
}

TEST(IndicatorStatus, AtLeastIsMetOnTheTargetItself) {
  const plan::Indicator i = indicator(70, "≥90", "100");
  EXPECT_EQ(status(i, 90, 2025), plan::IndicatorStatus::Met);
  EXPECT_EQ(status(i, 89.9, 2025), plan::IndicatorStatus::Behind);  // in 2025 the line has reached 90
}

TEST(IndicatorStatus, OnTrackMeansOnOrBeyondTheLineFromTheBaseline) {
  // 70 in 2021 to 90 in 2025: the line passes 80 in 2023.
  const plan::Indicator i = indicator(70, "≥90", "100");
  const plan::Assessment a = plan::assess(i, 80, 2023);
  EXPECT_EQ(a.status, plan::IndicatorStatus::OnTrack);
  EXPECT_DOUBLE_EQ(*a.expected_now, 80);
  EXPECT_EQ(status(i, 79.9, 2023), plan::IndicatorStatus::Behind);
}

TEST(IndicatorStatus, StrictGreaterIsNotMetByEquality) {
  const plan::Indicator i = indicator(3, ">5", "-");
  EXPECT_EQ(status(i, 5.01, 2025), plan::IndicatorStatus::Met);
  EXPECT_NE(status(i, 5, 2025), plan::IndicatorStatus::Met);  // equal is not greater
  // 3 in 2021 to 5 in 2025: the line passes 4 in 2023.
  EXPECT_EQ(status(i, 4, 2023), plan::IndicatorStatus::OnTrack);
  EXPECT_EQ(status(i, 3.9, 2023), plan::IndicatorStatus::Behind);
}

TEST(IndicatorStatus, LessThanCountsDownwards) {
  // 7 in 2021 to <5.5 in 2025: the line passes 6.25 in 2023; lower is better.
  const plan::Indicator i = indicator(7, "<5.5", "<4", false);
  EXPECT_EQ(status(i, 5.4, 2023), plan::IndicatorStatus::Met);
  EXPECT_NE(status(i, 5.5, 2025), plan::IndicatorStatus::Met);  // equal is not below
  EXPECT_EQ(status(i, 6.0, 2023), plan::IndicatorStatus::OnTrack);
  EXPECT_EQ(status(i, 6.5, 2023), plan::IndicatorStatus::Behind);
}

TEST(IndicatorStatus, AtMostIsMetOnTheTargetItself) {
  const plan::Indicator i = indicator(10, "≤8", "≤6", false);
  EXPECT_EQ(status(i, 8, 2025), plan::IndicatorStatus::Met);
  EXPECT_EQ(status(i, 8.1, 2025), plan::IndicatorStatus::Behind);
}

TEST(IndicatorStatus, DashMeansTheNextHorizonsTargetApplies) {
  // No 2025 target: in 2023 the value is judged against the line from 50 (2021) to 64 (2035): 52 in 2023.
  const plan::Indicator i = indicator(50, "-", "≥64");
  const plan::Assessment a = plan::assess(i, 52, 2023);
  EXPECT_EQ(a.target_year, 2035);
  EXPECT_EQ(a.status, plan::IndicatorStatus::OnTrack);
  EXPECT_DOUBLE_EQ(*a.expected_now, 52);
  EXPECT_EQ(status(i, 51.9, 2023), plan::IndicatorStatus::Behind);
}

TEST(IndicatorStatus, DashOnBothHorizonsMeansNoTarget) {
  const plan::Indicator i = indicator(50, "-", "-");
  EXPECT_EQ(status(i, 60, 2025), plan::IndicatorStatus::NoTarget);
}

TEST(IndicatorStatus, NoValueIsNoDataWhateverTheTarget) {
  EXPECT_EQ(status(indicator(70, "≥90", "100"), std::nullopt, 2025), plan::IndicatorStatus::NoData);
}

TEST(IndicatorStatus, WithoutABaselineAMissIsBehind) {
  const plan::Indicator i = indicator(std::nullopt, "90", "100");
  EXPECT_EQ(status(i, 85, 2023), plan::IndicatorStatus::Behind);
  EXPECT_EQ(status(i, 92.4, 2025), plan::IndicatorStatus::Met);
  EXPECT_EQ(status(i, 95, 2030), plan::IndicatorStatus::Behind);  // after 2025 the 2035 target of 100 applies
}

TEST(IndicatorValues, CsvErrorsNameTheRowAndColumn) {
  plan_test::TempDir dir("csv");
  plan_test::write_file(dir / "ok.csv", "id,value,method\n11,93.5,\"survey, 2024\"\n14,,\n");
  const auto values = plan::read_indicator_values(dir / "ok.csv");
  ASSERT_EQ(values.size(), 1u);  // the empty value is skipped
  EXPECT_EQ(values[0].id, 11);
  EXPECT_DOUBLE_EQ(values[0].value, 93.5);
  EXPECT_EQ(values[0].method, "survey, 2024");

  plan_test::write_file(dir / "bad.csv", "id,value\n11,93.5\n9,twelve\n");
  try {
    plan::read_indicator_values(dir / "bad.csv");
    FAIL() << "a non-numeric value must be refused";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv, row 3, field 'value': 'twelve' is not a number"),
              std::string::npos)
        << e.what();
  }
}

TEST(IndicatorValues, LifeCircleHookStoresAPercentageWithItsMethod) {
  const plan::IndicatorValue v =
      plan::life_circle_indicator(0.85, "network reach, 1000 m", "homes.gpkg", false);
  EXPECT_EQ(v.id, 14);
  EXPECT_DOUBLE_EQ(v.value, 85);
  EXPECT_EQ(v.method, "network reach, 1000 m");
  EXPECT_THROW(plan::life_circle_indicator(1.2, "", "", false), plan::UsageError);
}

TEST(IndicatorReport, HezeStopCoverageComesFromTheSyntheticDemoAndSaysSo) {
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  plan::ReportOptions o;
  o.year = 2025;
  const plan::Report r = plan::build_report(heze, {}, o);
  ASSERT_EQ(r.rows.size(), 22u);
  const plan::IndicatorRow& stop = r.rows[10];
  ASSERT_EQ(stop.indicator.id, 11);
  ASSERT_TRUE(stop.value.has_value());
  EXPECT_TRUE(stop.value->synthetic);
  EXPECT_NE(stop.value->data.find("SYNTHETIC"), std::string::npos);
  EXPECT_GT(stop.value->value, 0);
  EXPECT_LE(stop.value->value, 100);
  EXPECT_TRUE(r.uses_synthetic);
  EXPECT_NE(plan::render_html(r, heze).find("SYNTHETIC"), std::string::npos);

  // A supplied value replaces the computed one and loses the synthetic label.
  plan::IndicatorValue real;
  real.id = 11;
  real.value = 70;
  real.method = "survey";
  const plan::Report r2 = plan::build_report(heze, {real}, o);
  EXPECT_DOUBLE_EQ(r2.rows[10].value->value, 70);
  EXPECT_FALSE(r2.rows[10].value->synthetic);
  EXPECT_EQ(r2.rows[10].assessment.status, plan::IndicatorStatus::Behind);
}

TEST(IndicatorReport, AValueIsJudgedForTheYearItDescribes) {
  // 70 in 2021 to 90 in 2025: a value of 80 measured in 2023 is on the line; judged as a 2025 value it is
  // behind.
  plan::Plan p;
  p.indicators = {indicator(70, "≥90", "100")};
  plan::IndicatorValue survey;
  survey.id = 1;
  survey.value = 80;
  survey.year = 2023;
  plan::ReportOptions o;
  o.year = 2025;
  o.compute = false;
  EXPECT_EQ(plan::build_report(p, {survey}, o).rows.at(0).assessment.status, plan::IndicatorStatus::OnTrack);
  survey.year = 0;
  EXPECT_EQ(plan::build_report(p, {survey}, o).rows.at(0).assessment.status, plan::IndicatorStatus::Behind);
}

TEST(IndicatorReport, HezeLifeCircleCoverageMatchesTheLifecircleCommand) {
  // Indicator 14 from the report equals `plan lifecircle` run by hand with only the 15-minute categories of
  // GB 50180-2018 (each within 1000 m): two paths through the program that must agree.
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  plan::ReportOptions o;
  o.year = 2025;
  const plan::Report r = plan::build_report(heze, {}, o);
  const plan::IndicatorRow& row = r.rows[13];
  ASSERT_EQ(row.indicator.id, 14);
  ASSERT_TRUE(row.value.has_value());
  EXPECT_TRUE(row.value->synthetic);

  test_support::TempDir dir;
  const std::string profile =
      test_support::write_text(dir.file("fifteen.json"), R"({"name": "15-minute", "categories": [
    {"name": "middle_school", "circle": "15-minute", "within": "1000m"},
    {"name": "health_centre", "circle": "15-minute", "within": "1000m"},
    {"name": "elderly_care", "circle": "15-minute", "within": "1000m"},
    {"name": "culture_sports", "circle": "15-minute", "within": "1000m"}]})");
  const std::string demo = PLAN_SOURCE_DIR "/data/heze/demo/";
  const auto run =
      test_support::run_plan("lifecircle --json --network " + demo + "streets.geojson --facilities " + demo +
                             "facilities.geojson --homes " + demo +
                             "homes.geojson --population-field population --profile " + profile);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const double share = nlohmann::json::parse(run.out)["population_complete_ratio"];
  EXPECT_NEAR(row.value->value, 100 * share, 1e-9);
  EXPECT_GT(share, 0);
  EXPECT_LT(share, 1);
}
