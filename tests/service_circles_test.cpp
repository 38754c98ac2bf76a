// The plan's service circles: read and validated from plan.json, each quoting the text it comes from.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plan/plan.hpp"
#include "test_support.hpp"

namespace {

const plan::ServiceCircle* circle(const plan::Plan& p, const std::string& id) {
  for (const plan::ServiceCircle& c : p.meta.service_circles)
    if (c.id == id) return &c;
  return nullptr;
}

// A plan folder holding only the boundaries and a plan.json with the given circles; the DataError's text,
// or "no error".
std::string load_error(const std::string& circles) {
  test_support::TempDir dir;
  std::filesystem::copy_file(PLAN_SOURCE_DIR "/data/heze/boundaries.geojson", dir.file("boundaries.geojson"));
  test_support::write_text(dir.file("plan.json"), R"({"name_zh":"x","service_circles":)" + circles + "}");
  try {
    plan::load_plan(dir.path().string(), {});
  } catch (const plan::DataError& e) {
    return e.what();
  }
  return "no error";
}

// One good walking circle, with `field` replaced by `value` (JSON text) when given.
std::string walking_circle(const std::string& field = {}, const std::string& value = {}) {
  nlohmann::ordered_json c = nlohmann::ordered_json::parse(R"({
    "id": "culture", "name_zh": "15—20分钟城乡公共文体服务圈", "mode": "walk",
    "threshold": {"minutes": 15, "minutes_max": 20, "walk_m": 1000, "walk_m_max": 1333.3},
    "reach": {"categories": ["culture_sports"]}, "counted": "homes", "target": null,
    "lines": [420], "source": "plan text line 420: ..."})");
  if (!field.empty()) {
    const auto dot = field.find('.');
    if (dot == std::string::npos)
      c[field] = nlohmann::ordered_json::parse(value);
    else
      c[field.substr(0, dot)][field.substr(dot + 1)] = nlohmann::ordered_json::parse(value);
  }
  return "[" + c.dump() + "]";
}

}  // namespace

TEST(ServiceCircles, HezePlanNamesTheSevenCirclesOfItsText) {
  const plan::Plan p = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  ASSERT_EQ(p.meta.service_circles.size(), 7u);

  const plan::ServiceCircle* ten = circle(p, "convenience_10min");
  ASSERT_NE(ten, nullptr);
  EXPECT_EQ(ten->mode, plan::CircleMode::Walk);
  EXPECT_EQ(ten->minutes, 10);
  EXPECT_NEAR(ten->walk_m, 10 * 4000.0 / 60, 1e-9);  // 10 minutes at 4 km/h
  EXPECT_EQ(ten->lines, (std::vector<int>{337, 494}));

  const plan::ServiceCircle* culture = circle(p, "culture_sports_15_20min");
  ASSERT_NE(culture, nullptr);
  EXPECT_EQ(culture->minutes, 15);
  ASSERT_TRUE(culture->minutes_max.has_value());
  EXPECT_EQ(*culture->minutes_max, 20);
  EXPECT_NEAR(culture->walk_m, 1000, 1e-9);  // GB 50180's 15-minute circle is 1000 m at the same speed
  ASSERT_TRUE(culture->walk_m_max.has_value());
  EXPECT_NEAR(*culture->walk_m_max, 20 * 4000.0 / 60, 1e-9);
  EXPECT_EQ(culture->categories, std::vector<std::string>{"culture_sports"});

  const plan::ServiceCircle* rural = circle(p, "rural_treatment_30min");
  ASSERT_NE(rural, nullptr);
  EXPECT_EQ(rural->mode, plan::CircleMode::Drive);
  EXPECT_EQ(rural->minutes, 30);
  EXPECT_FALSE(rural->reach_every);  // the nearest hospital or sub-centre
  EXPECT_EQ(rural->counted, "rural_residents");

  const plan::ServiceCircle* commute = circle(p, "commute_30min");
  ASSERT_NE(commute, nullptr);
  EXPECT_EQ(commute->mode, plan::CircleMode::Corridor);
  EXPECT_EQ(commute->settlement_kinds, std::vector<std::string>{"central_city"});

  const plan::ServiceCircle* one = circle(p, "intercity_1h");
  const plan::ServiceCircle* two = circle(p, "intercity_2h");
  const plan::ServiceCircle* three = circle(p, "intercity_3h");
  ASSERT_TRUE(one && two && three);
  EXPECT_EQ(one->cities, (std::vector<std::string>{"济南", "郑州", "徐州"}));
  EXPECT_EQ(two->cities.size(), 9u);
  EXPECT_EQ(three->cities.size(), 5u);
  EXPECT_EQ(one->minutes, 60);
  EXPECT_EQ(two->minutes, 120);
  EXPECT_EQ(three->minutes, 180);

  for (const plan::ServiceCircle& c : p.meta.service_circles) {
    EXPECT_FALSE(c.target_share_pct.has_value()) << c.id << ": the text sets no share for any circle";
    EXPECT_FALSE(c.source.empty()) << c.id;
  }
}

// Every quotation in a circle's source stands on the line it names (the PDF's spaces kept), and every named
// city is on one of the circle's lines.
TEST(ServiceCircles, EveryQuotationStandsOnTheLineItNames) {
  const std::string data = test_support::shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "../shared/data is absent: no plan text to check against";
  std::ifstream in(data + "/heze/plan_text_zh.txt");
  std::vector<std::string> text(1);  // text[n] is line n
  for (std::string line; std::getline(in, line);) text.push_back(line);
  const plan::Plan p = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  for (const plan::ServiceCircle& c : p.meta.service_circles) {
    // "plan text line 337: A……B; line 494 (专栏): C" → (337, A), (337, B), (494, C)
    std::string rest = c.source.substr(c.source.find("line "));
    std::size_t quotes = 0;
    while (rest.rfind("line ", 0) == 0) {
      const int n = std::stoi(rest.substr(5));
      ASSERT_LT(static_cast<std::size_t>(n), text.size()) << c.id;
      const std::size_t colon = rest.find(": ");
      const std::size_t next = rest.find("; line ");
      std::string quote = rest.substr(colon + 2, next == std::string::npos ? std::string::npos : next - colon - 2);
      rest = next == std::string::npos ? "" : rest.substr(next + 2);
      for (std::size_t at = 0;;) {
        const std::size_t cut = quote.find("……", at);
        const std::string part = quote.substr(at, cut == std::string::npos ? std::string::npos : cut - at);
        EXPECT_NE(text[n].find(part), std::string::npos) << c.id << ": line " << n << " lacks '" << part << "'";
        ++quotes;
        if (cut == std::string::npos) break;
        at = cut + std::string("……").size();
      }
    }
    EXPECT_GT(quotes, 0u) << c.id;
    for (const std::string& city : c.cities) {
      bool found = false;
      for (int n : c.lines) found = found || text[n].find(city) != std::string::npos;
      EXPECT_TRUE(found) << c.id << ": " << city << " is on none of its lines";
    }
  }
}

TEST(ServiceCircles, AGoodDefinitionLoads) { EXPECT_EQ(load_error(walking_circle()), "no error"); }

TEST(ServiceCircles, BadDefinitionsNameTheFileCircleAndField) {
  struct Case {
    std::string field, value, expect_field;
  };
  const std::vector<Case> cases = {
      {"mode", R"("bus")", "mode"},
      {"threshold.minutes", "-5", "threshold.minutes"},
      {"threshold.minutes", R"("15min")", "threshold.minutes"},
      {"threshold.minutes_max", "10", "threshold.minutes_max"},  // below minutes
      {"threshold.walk_m", "1200", "threshold.walk_m"},          // 15 min at 4 km/h is 1000 m
      {"reach", R"({"categories": []})", "reach.categories"},
      {"reach", R"({"categories": ["a"], "match": "most"})", "reach.match"},
      {"reach", R"({"cities": ["济南"]})", "reach.categories"},  // a walking circle reaches facilities
      {"counted", R"("")", "counted"},
      {"target", R"({"share_pct": 120, "year": 2025})", "target.share_pct"},
      {"target", R"({"share_pct": 90, "year": 2050})", "target.year"},
      {"lines", "[]", "lines"},
      {"source", R"("")", "source"},
  };
  for (const Case& c : cases) {
    const std::string e = load_error(walking_circle(c.field, c.value));
    EXPECT_NE(e.find("plan.json"), std::string::npos) << c.field << " " << c.value << ": " << e;
    EXPECT_NE(e.find("circle 'culture'"), std::string::npos) << c.field << " " << c.value << ": " << e;
    EXPECT_NE(e.find("field '" + c.expect_field + "'"), std::string::npos) << c.field << " " << c.value << ": " << e;
  }
  EXPECT_NE(load_error("{}").find("service_circles"), std::string::npos);
  const std::string twice = load_error("[" + walking_circle().substr(1, walking_circle().size() - 2) + "," +
                                       walking_circle().substr(1, walking_circle().size() - 2) + "]");
  EXPECT_NE(twice.find("used twice"), std::string::npos) << twice;
  // A driving circle is timed: it has no walking distance.
  nlohmann::json drive = nlohmann::json::parse(walking_circle())[0];
  drive["mode"] = "drive";
  const std::string d = load_error("[" + drive.dump() + "]");
  EXPECT_NE(d.find("only a walking circle"), std::string::npos) << d;
}
