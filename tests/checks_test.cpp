// Structure checks against hand-worked geometry: towns on axes, intrusions into barriers, counts.
#include "plan/checks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "model/spatial.hpp"
#include "plan/io.hpp"
#include "plan_test_util.hpp"

namespace {

template <class T>
T element(const std::string& name, const std::string& kind, plan::Geometry g,
          plan::ElementStatus status = plan::ElementStatus::Existing) {
  T e;
  e.name_zh = name;
  e.kind = kind;
  e.status = status;
  e.geometry = std::move(g);
  return e;
}

plan::Settlement settlement(const std::string& name, int tier, plan::XY p) {
  plan::Settlement s = element<plan::Settlement>(name,
                                                 tier == 1   ? "central_city"
                                                 : tier == 2 ? "county_seat"
                                                             : "key_town",
                                                 plan::Geometry::point(p));
  s.tier = tier;
  s.county = "甲县";
  return s;
}

const plan::SettlementPlacement* placement(const plan::PlanCheck& c, const std::string& name) {
  for (const auto& s : c.settlements)
    if (s.name_zh == name) return &s;
  return nullptr;
}

}  // namespace

TEST(Checks, TownBesideAnAxisLiesOnItAtTheHandKnownDistance) {
  // Axis along the x axis from (0,0) to (10 km, 0). A town 3 km along and 4 km off it is 4 km away; a town
  // beyond the end at (12 km, 4 km) is √(2² + 4²) km = 4.4721 km from the end point; one at 6 km off is off.
  plan::Plan p;
  p.axes.push_back(element<plan::Axis>("甲轴", "axis", plan::Geometry::line({{0, 0}, {10000, 0}})));
  p.settlements = {settlement("中心", 1, {0, 0}), settlement("近镇", 3, {3000, 4000}),
                   settlement("端镇", 3, {12000, 4000}), settlement("远镇", 3, {5000, -6000})};
  const plan::PlanCheck c = plan::check_plan(p, plan::CheckOptions{});
  ASSERT_EQ(c.settlements.size(), 3u);  // the central city is the axis origin, not a placement
  EXPECT_NEAR(placement(c, "近镇")->axis_distance_m, 4000, 1e-9);
  EXPECT_EQ(placement(c, "近镇")->on_axes, std::vector<std::string>{"甲轴"});
  EXPECT_NEAR(placement(c, "端镇")->axis_distance_m, std::sqrt(2000.0 * 2000 + 4000.0 * 4000), 1e-9);
  EXPECT_FALSE(placement(c, "端镇")->on_axes.empty());
  EXPECT_NEAR(placement(c, "远镇")->axis_distance_m, 6000, 1e-9);
  EXPECT_TRUE(placement(c, "远镇")->on_axes.empty());
}

TEST(Checks, TownInsideTheBeltHasDistanceZeroAndOutsideTheDistanceToItsEdge) {
  plan::Plan p;
  p.belt.push_back(element<plan::PlanElement>(
      "带", "belt", plan::Geometry::polygon(plan::rectangle(0, -1000, 10000, 1000))));
  p.settlements = {settlement("内镇", 3, {5000, 500}), settlement("外镇", 3, {5000, 4000})};
  const plan::PlanCheck c = plan::check_plan(p, plan::CheckOptions{});
  EXPECT_TRUE(placement(c, "内镇")->in_belt);
  EXPECT_EQ(placement(c, "内镇")->belt_distance_m, 0);
  EXPECT_FALSE(placement(c, "外镇")->in_belt);
  EXPECT_NEAR(placement(c, "外镇")->belt_distance_m, 3000, 1e-9);
}

TEST(Checks, IntrusionsReportTheHandKnownOverlapAreaAndLength) {
  // Barrier: the square (0,0)–(1000,1000). A planned zone (500,500)–(1500,2000) overlaps a 500 m × 500 m
  // corner = 250,000 m². A railway along y = 500 from x = −500 to 1500 runs 1000 m inside. A town at
  // (100,100) is inside; one at (2000,2000) is not.
  plan::Plan p;
  p.barriers.push_back(element<plan::PlanElement>(
      "屏障", "barrier", plan::Geometry::polygon(plan::rectangle(0, 0, 1000, 1000))));
  p.core.push_back(element<plan::PlanElement>("新区", "core",
                                              plan::Geometry::polygon(plan::rectangle(500, 500, 1500, 2000)),
                                              plan::ElementStatus::Planned));
  p.corridors.push_back(element<plan::PlanElement>(
      "铁路", "railway", plan::Geometry::line({{-500, 500}, {1500, 500}}), plan::ElementStatus::Planned));
  p.settlements = {settlement("内镇", 3, {100, 100}), settlement("外镇", 3, {2000, 2000})};
  const plan::PlanCheck c = plan::check_plan(p, plan::CheckOptions{});
  ASSERT_EQ(c.intrusions.size(), 3u);
  auto find = [&](const std::string& name) {
    return std::find_if(c.intrusions.begin(), c.intrusions.end(),
                        [&](const plan::Intrusion& i) { return i.name_zh == name; });
  };
  ASSERT_NE(find("新区"), c.intrusions.end());
  EXPECT_NEAR(find("新区")->overlap_m2, 250000, 1e-6);
  ASSERT_NE(find("铁路"), c.intrusions.end());
  EXPECT_NEAR(find("铁路")->overlap_m, 1000, 1e-9);
  ASSERT_NE(find("内镇"), c.intrusions.end());
  EXPECT_EQ(find("外镇"), c.intrusions.end());
  // The planned railway is a finding; the planned zone's overlap is reported but zones are judged by
  // planners.
  EXPECT_TRUE(std::any_of(c.findings.begin(), c.findings.end(),
                          [](const std::string& f) { return f.find("铁路") != std::string::npos; }));
}

TEST(Checks, NetworkLengthsAndBarrierAreasAreAlsoGivenWithinTheCity) {
  // City: 0..10 km square. A river from (−5 km, 5 km) to (15 km, 5 km) is 20 km long, 10 km inside.
  // A barrier (8..12 km) × (0..10 km) is 40 km², half of it inside.
  plan::Plan p;
  plan::Boundary city =
      element<plan::Boundary>("市", "city", plan::Geometry::polygon(plan::rectangle(0, 0, 10000, 10000)));
  p.boundaries.push_back(city);
  p.blue_network.push_back(
      element<plan::PlanElement>("河", "river", plan::Geometry::line({{-5000, 5000}, {15000, 5000}})));
  p.barriers.push_back(element<plan::PlanElement>(
      "屏障", "barrier", plan::Geometry::polygon(plan::rectangle(8000, 0, 12000, 10000))));
  const plan::PlanCheck c = plan::check_plan(p, plan::CheckOptions{});
  ASSERT_EQ(c.blue.size(), 1u);
  EXPECT_NEAR(c.blue[0].length_m, 20000, 1e-9);
  EXPECT_NEAR(c.blue[0].length_in_city_m, 10000, 1e-6);
  ASSERT_EQ(c.barriers.size(), 1u);
  EXPECT_NEAR(c.barriers[0].area_m2, 40e6, 1e-3);
  EXPECT_NEAR(c.barriers[0].area_in_city_m2, 20e6, 1e-3);
}

TEST(Checks, TierCountsAreComparedWithThePlansFormula) {
  plan::Plan p;
  p.meta.settlement_formula = "1+7+22+N";
  p.meta.expected_per_tier = {1, 7, 22};
  p.settlements = {settlement("中心", 1, {0, 0}), settlement("甲城", 2, {1, 1}),
                   settlement("乙镇", 3, {2, 2})};
  const plan::PlanCheck c = plan::check_plan(p, plan::CheckOptions{});
  ASSERT_EQ(c.tiers.size(), 4u);
  EXPECT_EQ(c.tiers[1].count, 1u);
  EXPECT_EQ(*c.tiers[1].expected, 7);
  EXPECT_FALSE(c.tiers[3].expected.has_value());
  EXPECT_TRUE(std::any_of(c.findings.begin(), c.findings.end(), [](const std::string& f) {
    return f.find("tier 2 has 1 settlements") != std::string::npos;
  }));
}

// Guidance is read per county with the county's seat; when a plan gives some, a county without any and
// guidance for a county without a seat are findings. A plan with none gets no finding.
TEST(Checks, CountyGuidanceNamesItsSeatAndTheCountiesLeftWithout) {
  plan::Plan p;
  auto county = [](const std::string& name, const std::string& kind, const std::string& guidance) {
    plan::Boundary b = element<plan::Boundary>(name, kind, plan::Geometry{});
    b.guidance = guidance;
    b.guidance_source = guidance.empty() ? "" : "专栏3";
    return b;
  };
  p.boundaries = {county("全市", "city", ""), county("城区", "district", ""),
                  county("甲县", "county", "强县"), county("乙县", "county", ""),
                  county("丙县", "county", "名城")};
  p.settlements = {settlement("甲城", 2, {0, 0})};  // its county is 甲县
  const plan::PlanCheck c = plan::check_plan(p, plan::CheckOptions{});
  ASSERT_EQ(c.guidance.size(), 4u);  // every county and district; not the city
  EXPECT_EQ(c.guidance[1].county, "甲县");
  EXPECT_EQ(c.guidance[1].seat, "甲城");
  EXPECT_EQ(c.guidance[1].guidance, "强县");
  EXPECT_EQ(c.guidance[1].source, "专栏3");
  EXPECT_TRUE(c.guidance[2].guidance.empty());
  auto found = [&](const std::string& text) {
    return std::any_of(c.findings.begin(), c.findings.end(),
                       [&](const std::string& f) { return f.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(found("county 乙县 has no function guidance"));
  EXPECT_TRUE(found("guidance for 丙县 concerns its county seat"));
  EXPECT_FALSE(found("城区"));  // a district needs none

  for (plan::Boundary& b : p.boundaries) b.guidance.clear();
  const plan::PlanCheck none = plan::check_plan(p, plan::CheckOptions{});
  EXPECT_FALSE(std::any_of(none.findings.begin(), none.findings.end(),
                           [](const std::string& f) { return f.find("guidance") != std::string::npos; }));
}

// The built-in plan: the seven county seats of 专栏3 each with their county's guidance, shown by `plan check`
// (text and JSON) and by the report (Markdown, HTML, JSON).
TEST(HezeData, CountyGuidanceIsShownByCheckAndReport) {
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  const plan::PlanCheck c = plan::check_plan(heze, plan::CheckOptions{});
  int with = 0;
  for (const plan::CountyGuidance& g : c.guidance) {
    if (g.guidance.empty()) continue;
    ++with;
    EXPECT_FALSE(g.seat.empty()) << g.county;
    EXPECT_NE(g.source.find("专栏3"), std::string::npos) << g.source;
  }
  EXPECT_EQ(with, 7);
  const std::string cli = PLAN_CLI, dir = PLAN_SOURCE_DIR "/data/heze";
  plan_test::TempDir tmp("guidance");
  for (const std::string& run :
       {" check " + dir, " check " + dir + " --json", " report " + dir + " --year 2025",
        " report " + dir + " --year 2025 --format html", " report " + dir + " --year 2025 --format json"}) {
    const std::string out = tmp / "out.txt";
    ASSERT_EQ(std::system((cli + run + " > " + out + " 2>/dev/null").c_str()), 0) << run;
    std::ifstream in(out);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("水浒文化旅游名城"), std::string::npos) << run;  // 郓城's guidance, 专栏3
    EXPECT_NE(text.find("郓城县"), std::string::npos) << run;
  }
}

TEST(HezeData, SchematicCountiesAgreeWithTheReferenceOutlines) {
  const std::string reference = PLAN_SOURCE_DIR "/../shared/data/heze/boundaries_datav.geojson";
  if (!std::filesystem::exists(reference)) GTEST_SKIP() << "reference data absent: " << reference;
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  plan::ReadOptions o;
  o.target_crs = heze.crs;
  const plan::Layer ref = plan::read_layer(reference, o);
  const auto name = ref.field_index("name_zh");
  ASSERT_TRUE(name.has_value());
  for (const plan::Boundary& b : heze.boundaries) {
    const plan::Feature* match = nullptr;
    for (const plan::Feature& f : ref.features)
      if (std::get<std::string>(f.values[*name]) == b.name_zh) match = &f;
    ASSERT_NE(match, nullptr) << b.name_zh;
    const double ours = plan::area_m2(b.geometry.polygons), theirs = plan::area_m2(match->geometry.polygons);
    // A schematic outline of tens of vertices keeps each county's area within 5 %.
    EXPECT_NEAR(ours / theirs, 1.0, 0.05) << b.name_zh;
  }
  // Every town lies in its own county by the reference outlines too.
  for (const plan::Settlement& s : heze.settlements) {
    const plan::Feature* county = nullptr;
    for (const plan::Feature& f : ref.features)
      if (std::get<std::string>(f.values[*name]) == s.county) county = &f;
    ASSERT_NE(county, nullptr) << s.county;
    EXPECT_TRUE(plan::spatial::contains(county->geometry.polygons, s.geometry.points.at(0)))
        << s.name_zh << " in " << s.county;
  }
}

TEST(PlanCli, CheckSucceedsOnHezeAndReportRefusesToClobber) {
  plan_test::TempDir dir("cli");
  const std::string cli = PLAN_CLI;
  const std::string heze = PLAN_SOURCE_DIR "/data/heze";
  EXPECT_EQ(std::system((cli + " check " + heze + " --json > " + (dir / "check.json")).c_str()), 0);
  const std::string out = dir / "report.html";
  EXPECT_EQ(std::system((cli + " report " + heze + " --year 2025 --out " + out + " > /dev/null").c_str()), 0);
  EXPECT_TRUE(std::filesystem::exists(out));
  const int again = std::system((cli + " report " + heze + " --out " + out + " > /dev/null 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(again), 2);
  const int bad = std::system((cli + " report " + heze + " --format pdf > /dev/null 2>&1").c_str());
  EXPECT_EQ(WEXITSTATUS(bad), 2);
}
