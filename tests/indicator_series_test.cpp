// Observed series of indicator values: the values file's rules, on-track from the latest observation,
// the series in JSON and the progress chart, each against figures worked out by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "plan/error.hpp"
#include "plan/indicators.hpp"
#include "plan/report.hpp"
#include "test_support.hpp"

namespace {

std::string error_of(const std::string& csv_text, const plan::ValuesRules& rules) {
  test_support::TempDir dir;
  const std::string path = test_support::write_text(dir.file("values.csv"), csv_text);
  try {
    plan::read_indicator_values(path, rules);
  } catch (const plan::DataError& e) {
    const std::string m = e.what();
    return m.substr(m.find("values.csv"));
  }
  return "(accepted)";
}

plan::ValuesRules heze_rules() {
  plan::ValuesRules r;
  for (int id = 1; id <= 22; ++id) r.known_ids.push_back(id);
  return r;
}

const plan::IndicatorRow& row_of(const plan::Report& r, int id) {
  for (const plan::IndicatorRow& row : r.rows)
    if (row.indicator.id == id) return row;
  throw std::runtime_error("no row " + std::to_string(id));
}

}  // namespace

TEST(IndicatorValues, EachBadRowIsNamedByFileRowAndField) {
  const plan::ValuesRules rules = heze_rules();
  EXPECT_EQ(error_of("id,year,value,source\n9,2022,13.3,s\n23,2022,5,s\n", rules),
            "values.csv, row 3, field 'id': the plan has no indicator 23");
  EXPECT_EQ(error_of("id,year,value\n9,2022,13.3\n9,2023,thirteen\n", rules),
            "values.csv, row 3, field 'value': 'thirteen' is not a number");
  EXPECT_EQ(error_of("id,year,value\n9,2020,13.1\n", rules),
            "values.csv, row 2, field 'year': 2020 is outside the plan period 2021–2035");
  EXPECT_EQ(error_of("id,year,value\n9,2036,13.6\n", rules),
            "values.csv, row 2, field 'year': 2036 is outside the plan period 2021–2035");
  EXPECT_EQ(error_of("id,year,value\n9,2022.5,13.6\n", rules),
            "values.csv, row 2, field 'year': '2022.5' is not a year");
  EXPECT_EQ(error_of("id,year,value\n9,2022,13.3\n12,2022,30\n\n9,2022,13.4\n", rules),
            "values.csv, row 5, field 'year': indicator 9 for 2022 is already given in row 2");
  EXPECT_EQ(error_of("id,value\n9,13.3\n9,13.4\n", rules),
            "values.csv, row 3, field 'year': indicator 9 without a year is already given in row 2");
  EXPECT_EQ(error_of("id,value\n9,13.3\n", rules), "(accepted)");
  EXPECT_EQ(error_of("id,year\n9,2022\n", rules),
            "values.csv, row 1, field 'value': no 'value' column in the header");
}

TEST(IndicatorValues, SpreadsheetExportsReadAsTheirCells) {
  // A BOM, CRLF line ends, a quoted source holding a comma, a doubled quote and a line break: the record
  // with the line break is still one row, so the error below names the row a spreadsheet shows.
  test_support::TempDir dir;
  const std::string path = test_support::write_text(dir.file("values.csv"),
                                                    "\xEF\xBB\xBFid,year,value,source\r\n"
                                                    "9,2022,13.3,\"Heze statistical yearbook, 2023\"\r\n"
                                                    "12,2022,30,\"bureau \"\"A\"\"\nannex 2\"\r\n");
  const std::vector<plan::IndicatorValue> values = plan::read_indicator_values(path, heze_rules());
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(values[0].id, 9);
  EXPECT_EQ(values[0].year, 2022);
  EXPECT_DOUBLE_EQ(values[0].value, 13.3);
  EXPECT_EQ(values[0].data, "Heze statistical yearbook, 2023");
  EXPECT_EQ(values[1].data, "bureau \"A\"\nannex 2");

  EXPECT_EQ(error_of("id,year,value,source\n9,2022,13.3,\"two\nlines\"\n9,2022,1,s\n", heze_rules()),
            "values.csv, row 3, field 'year': indicator 9 for 2022 is already given in row 2");
}

TEST(IndicatorSeries, TheLatestObservationDecidesOnTrackOrBehind) {
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  test_support::TempDir dir;
  // 12 城市再生水利用率: 25 % in 2021 → 50 % in 2025, so the line climbs 6.25 points a year: 43.75 in 2024.
  // 19 常住人口城镇化率: 51.9 → 57, 1.275 a year: 55.725 in 2024.
  // 21 城镇调查失业率: "<5.5" in 2025, lower is better.
  const std::string csv =
      test_support::write_text(dir.file("series.csv"),
                               "id,year,value,source\n"
                               "12,2024,44,bureau\n12,2022,31,bureau\n12,2023,37,bureau\n"
                               "19,2022,53.0,bureau\n19,2023,54.5,bureau\n19,2024,55.5,bureau\n"
                               "21,2024,3.0,bureau\n"
                               "18,2026,40,bureau\n");
  plan::ReportOptions o;
  o.year = 2025;
  o.compute = false;
  const plan::Report r = plan::build_report(heze, plan::read_indicator_values(csv, heze_rules()), o);

  const plan::IndicatorRow& water = row_of(r, 12);
  ASSERT_EQ(water.series.size(), 3u);
  EXPECT_EQ(water.series[0].year, 2022);  // sorted by year
  EXPECT_EQ(water.series[2].year, 2024);
  EXPECT_DOUBLE_EQ(water.value->value, 44);
  EXPECT_EQ(water.assessment.status, plan::IndicatorStatus::OnTrack);
  EXPECT_DOUBLE_EQ(*water.assessment.expected_now, 43.75);

  const plan::IndicatorRow& urban = row_of(r, 19);
  EXPECT_DOUBLE_EQ(urban.value->value, 55.5);
  EXPECT_EQ(urban.assessment.status, plan::IndicatorStatus::Behind);  // 55.5 < 55.725
  EXPECT_NEAR(*urban.assessment.expected_now, 55.725, 1e-12);

  EXPECT_EQ(row_of(r, 21).assessment.status, plan::IndicatorStatus::Met);

  // A 2026 observation is kept in the series but not judged in a 2025 report.
  const plan::IndicatorRow& training = row_of(r, 18);
  EXPECT_EQ(training.series.size(), 1u);
  EXPECT_FALSE(training.value.has_value());
  EXPECT_EQ(training.assessment.status, plan::IndicatorStatus::NoData);

  const nlohmann::json j = nlohmann::json::parse(plan::render_json(r));
  const nlohmann::json& w = j["indicators"][11];
  ASSERT_EQ(w["id"], 12);
  ASSERT_EQ(w["series"].size(), 3u);
  EXPECT_EQ(w["series"][1]["year"], 2023);
  EXPECT_EQ(w["series"][1]["value"], 37);
  EXPECT_EQ(w["series"][1]["source"], "bureau");
  EXPECT_EQ(w["current"]["year"], 2024);
  EXPECT_EQ(w["status"], "on track");
}

TEST(IndicatorSeries, ChartDrawsThePlannedLineAndTheObservationsWhereTheyBelong) {
  plan::IndicatorRow row;
  row.indicator.id = 7;
  row.indicator.baseline_2021 = 50;
  row.indicator.target_2025 = plan::parse_target("60", true);
  row.indicator.target_2035 = plan::parse_target("70", true);
  plan::IndicatorValue v;
  v.id = 7, v.year = 2023, v.value = 55;
  row.series = {v};
  // 170 × 64 px; the plot spans x 30..164 for 2021..2035 and y 6..50 for 72.4..47.6 (50..70 padded by 12 %).
  // 2025 → 30 + 4/14 × 134 = 68.3; 60 → 6 + 12.4/24.8 × 44 = 28.0; 2023 → 49.1; 55 → 36.9.
  const std::string svg = plan::progress_chart_svg(row, 2025, 170, 64);
  EXPECT_NE(svg.find("points=\"30.0,45.7 68.3,28.0 164.0,10.3\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("class=\"observation\" cx=\"49.1\" cy=\"36.9\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("class=\"now\" x1=\"68.3\""), std::string::npos) << svg;

  // '-' for 2025: the line runs straight from the baseline to 2035; nothing at all to draw gives no chart.
  row.indicator.target_2025 = plan::parse_target("-", true);
  EXPECT_NE(plan::progress_chart_svg(row, 2025, 170, 64).find("points=\"30.0,45.7 164.0,10.3\""),
            std::string::npos);
  plan::IndicatorRow empty;
  empty.indicator.target_2025 = plan::parse_target("-", true);
  empty.indicator.target_2035 = plan::parse_target("90", true);
  EXPECT_EQ(plan::progress_chart_svg(empty, 2025, 170, 64), "");
}

TEST(IndicatorSeries, CliRefusesABadValuesFileAndWritesNothing) {
  test_support::TempDir dir;
  const std::string bad =
      test_support::write_text(dir.file("bad.csv"), "id,year,value\n9,2022,13.3\n9,2040,13.4\n");
  const std::string out = dir.file("report.html");
  const auto run =
      test_support::run_plan("report " PLAN_SOURCE_DIR "/data/heze --values " + bad + " --out " + out);
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("bad.csv, row 3, field 'year': 2040 is outside the plan period 2021–2035"),
            std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(IndicatorSeries, TheTemplateListsEveryIndicatorAndReadsBackEmpty) {
  test_support::TempDir dir;
  const std::string path = dir.file("template.csv");
  const auto run = test_support::run_plan("report " PLAN_SOURCE_DIR "/data/heze --values-template " + path);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string text = test_support::read_text(path);
  EXPECT_EQ(text.rfind("id,name_zh,unit,year,value,source,method,note\n1,投运5G基站数量,万个,,,,,\n", 0), 0u)
      << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 23);
  EXPECT_TRUE(plan::read_indicator_values(path, heze_rules()).empty());
  // Refuses to overwrite without --overwrite.
  EXPECT_NE(
      test_support::run_plan("report " PLAN_SOURCE_DIR "/data/heze --values-template " + path).exit_code, 0);
}

TEST(IndicatorSeries, ThePlansRulesAreItsIndicatorsAndPeriodAndTheFormatIsChecked) {
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  const plan::ValuesRules rules = plan::values_rules(heze);
  EXPECT_EQ(rules.known_ids, heze_rules().known_ids);  // the 22 indicators of 专栏1
  EXPECT_EQ(rules.first_year, 2021);
  EXPECT_EQ(rules.last_year, 2035);
  plan::ReportOptions o;
  o.year = 2025;
  o.compute = false;
  const plan::Report r = plan::build_report(heze, {}, o);
  EXPECT_EQ(plan::render_report(r, heze, "md"), plan::render_markdown(r));
  EXPECT_EQ(plan::render_report(r, heze, "json"), plan::render_json(r));
  EXPECT_THROW(plan::render_report(r, heze, "pdf"), plan::UsageError);
}
