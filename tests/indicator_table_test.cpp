// The built-in Heze plan's indicator table (plan.json) against 专栏1 as transcribed in the reference data.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "plan/checks.hpp"
#include "plan/indicators.hpp"
#include "plan/io.hpp"
#include "plan/layer.hpp"
#include "plan/plan.hpp"

namespace {

const std::string kTable = PLAN_SOURCE_DIR "/../shared/data/heze/indicators.csv";

std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream s(line);
  std::string cell;
  while (std::getline(s, cell, ',')) cells.push_back(cell);
  return cells;
}

const plan::Indicator* find(const plan::Plan& p, int id) {
  for (const plan::Indicator& i : p.indicators)
    if (i.id == id) return &i;
  return nullptr;
}

}  // namespace

TEST(HezeIndicatorTable, AgreesWithThePlansTableRowByRow) {
  if (!std::filesystem::exists(kTable)) GTEST_SKIP() << "reference table absent: " << kTable;
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  ASSERT_EQ(heze.indicators.size(), 22u);
  std::ifstream in(kTable);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line, "id,group,name_zh,unit,baseline_2021,target_2025,target_2035");
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> c = split_commas(line);
    ASSERT_EQ(c.size(), 7u) << line;
    const int id = std::stoi(c[0]);
    SCOPED_TRACE("indicator " + c[0]);
    const plan::Indicator* ind = find(heze, id);
    ASSERT_NE(ind, nullptr);
    EXPECT_EQ(ind->group, c[1]);
    EXPECT_EQ(ind->name_zh, c[2]);
    EXPECT_EQ(ind->unit, c[3]);
    if (c[4] == "-") {
      EXPECT_FALSE(ind->baseline_2021.has_value());
    } else {
      ASSERT_TRUE(ind->baseline_2021.has_value());
      EXPECT_DOUBLE_EQ(*ind->baseline_2021, std::stod(c[4]));
    }
    ASSERT_TRUE(ind->target_2025 && ind->target_2035);
    EXPECT_EQ(ind->target_2025->text, c[5]);
    EXPECT_EQ(ind->target_2035->text, c[6]);
    // The value parsed from the text is the printed number, whatever comparator stands before it.
    for (const auto& [target, cell] :
         {std::pair{*ind->target_2025, c[5]}, std::pair{*ind->target_2035, c[6]}}) {
      if (cell == "-") {
        EXPECT_EQ(target.comparator, plan::Comparator::None);
      } else {
        const std::string digits = cell.find_first_of("<>") == 0 ? cell.substr(1) : cell;
        EXPECT_DOUBLE_EQ(target.value, std::stod(digits));
      }
    }
    EXPECT_FALSE(ind->name_en.empty());
    EXPECT_TRUE(ind->verified_name && ind->verified_targets);
    ++rows;
  }
  EXPECT_EQ(rows, 22);
}

TEST(HezeIndicatorTable, ComparatorsAndBetterDirectionsAreTheTables) {
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  ASSERT_EQ(heze.indicators.size(), 22u);
  // 城乡居民收入比 (20) and 城镇调查失业率 (21) are better when lower; every other row when higher.
  for (const plan::Indicator& i : heze.indicators)
    EXPECT_EQ(i.higher_is_better, i.id != 20 && i.id != 21) << "indicator " << i.id;
  const plan::Indicator& stations = *find(heze, 1);  // 0.5 → 2 → ">5" (万个)
  EXPECT_EQ(stations.target_2025->comparator, plan::Comparator::AtLeast);
  EXPECT_EQ(stations.target_2035->comparator, plan::Comparator::Greater);
  EXPECT_FALSE(plan::satisfies(5.0, *stations.target_2035));  // strictly more than 5
  const plan::Indicator& income = *find(heze, 20);            // 1.89 → 1.86 → 1.8, lower is better
  EXPECT_EQ(income.target_2025->comparator, plan::Comparator::AtMost);
  EXPECT_TRUE(plan::satisfies(1.86, *income.target_2025));
  const plan::Indicator& jobless = *find(heze, 21);  // "<5.5" in 2025, "-" in 2035
  EXPECT_EQ(jobless.target_2025->comparator, plan::Comparator::Less);
  EXPECT_EQ(jobless.target_2035->comparator, plan::Comparator::None);
  // 2.8 % in 2021 judged in 2030: the 2025 target still applies, as the table sets none for 2035.
  EXPECT_EQ(plan::assess(jobless, 3.1, 2030).status, plan::IndicatorStatus::Met);
  EXPECT_EQ(plan::assess(jobless, 6.0, 2030).status, plan::IndicatorStatus::Behind);
}

TEST(HezeIndicatorTable, CheckReportsTheStopCoverageContradictionOfTheActionTable) {
  // 专栏1 sets 90 % stop coverage for 2025 (row 11); the action table 专栏17 (plan text line 518) sets 100 %.
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  const std::vector<std::string> found = plan::target_contradictions(heze);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(
      found[0].find(
          "indicator 11 中心城区公交站点500米覆盖率 to 100 % for 2025, the indicator table (专栏1) to 90 %"),
      std::string::npos)
      << found[0];
  const plan::PlanCheck c = plan::check_plan(heze, {});
  EXPECT_NE(std::find(c.findings.begin(), c.findings.end(), found[0]), c.findings.end());

  // A stated target equal to the table's is no contradiction; "≥90" and "90" are the same target.
  plan::Plan p;
  plan::Indicator i;
  i.id = 11;
  i.target_2025 = plan::parse_target("90", true);
  p.indicators = {i};
  p.meta.json = R"({"stated_targets":[{"indicator":11,"year":2025,"target":"≥90","source":"x"}]})";
  EXPECT_TRUE(plan::target_contradictions(p).empty());
  p.meta.json = R"({"stated_targets":[{"indicator":11,"year":2025,"target":">90","source":"x"}]})";
  EXPECT_EQ(plan::target_contradictions(p).size(), 1u);  // strictly more than 90 is another target
}

TEST(HezeCountyGuidance, EachCountyCarriesItsRowOf专栏3) {
  const std::string text_path = PLAN_SOURCE_DIR "/../shared/data/heze/plan_text_zh.txt";
  if (!std::filesystem::exists(text_path)) GTEST_SKIP() << "plan text absent: " << text_path;
  // Lines 286–292 of the published text, with the PDF extraction's spaces removed.
  std::ifstream in(text_path);
  std::string line, table;
  for (int n = 1; std::getline(in, line); ++n)
    if (n >= 286 && n <= 292) table += line + "\n";
  std::erase_if(table, [](char c) { return c == ' '; });
  plan::ReadOptions o;
  o.assume_crs = "EPSG:4326";
  const plan::Layer b = plan::read_layer(PLAN_SOURCE_DIR "/data/heze/boundaries.geojson", o);
  const auto name = b.field_index("name_zh"), guidance = b.field_index("guidance");
  ASSERT_TRUE(name && guidance);
  int with = 0;
  for (const plan::Feature& f : b.features) {
    const std::string n = std::get<std::string>(f.values[*name]);
    if (!std::holds_alternative<std::string>(f.values[*guidance])) {
      EXPECT_TRUE(n == "菏泽市" || n == "牡丹区" || n == "定陶区")
          << n;  // the city and the central city's districts
      continue;
    }
    const std::string g = std::get<std::string>(f.values[*guidance]);
    const std::string seat = n.size() > 6 ? n.substr(0, n.size() - 3) : n;  // 东明县 → 东明; 曹县 stays
    EXPECT_NE(table.find(seat + "|" + g + "|"), std::string::npos) << n << ": " << g;
    ++with;
  }
  EXPECT_EQ(with, 7);
}
