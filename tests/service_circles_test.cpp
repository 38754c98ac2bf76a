// The plan's service circles: read and validated from plan.json, each quoting the text it comes from.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "plan/network.hpp"
#include "plan/osm.hpp"
#include "plan/plan.hpp"
#include "plan/reach.hpp"
#include "plan/report.hpp"
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

// A layer of points at (x, 0) in metres, with a string field `category` (when given) and a numeric
// `population` (when given).
plan::Layer points(const std::vector<double>& xs, const std::vector<std::string>& category = {},
                   const std::vector<double>& population = {}) {
  plan::Layer l;
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Point;
  if (!category.empty()) l.fields.push_back({"category", plan::FieldType::String});
  if (!population.empty()) l.fields.push_back({"population", plan::FieldType::Real});
  for (std::size_t i = 0; i < xs.size(); ++i) {
    plan::Feature f;
    f.id = static_cast<std::int64_t>(i);
    f.geometry = plan::Geometry::point({xs[i], 0});
    if (!category.empty()) f.values.push_back(category[i]);
    if (!population.empty()) f.values.push_back(population[i]);
    l.features.push_back(f);
  }
  return l;
}

// One straight street (or road with highway/maxspeed tags) along y = 0 from x = 0 to x = length_m.
plan::Layer street(double length_m, const std::string& highway = {}, const std::string& maxspeed = {}) {
  plan::Layer l;
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Line;
  plan::Feature f;
  f.geometry = plan::Geometry::line({{0, 0}, {length_m / 2, 0}, {length_m, 0}});
  if (!highway.empty()) {
    l.fields = {{"highway", plan::FieldType::String}, {"maxspeed", plan::FieldType::String}};
    f.values = {highway, maxspeed};
  }
  l.features.push_back(f);
  return l;
}

// The plan's 30-minute rural treatment circle: by car to the nearest county hospital or sub-centre.
plan::ServiceCircle rural_drive_circle() {
  plan::ServiceCircle c;
  c.id = "rural";
  c.mode = plan::CircleMode::Drive;
  c.minutes = 30;
  c.categories = {"county_hospital", "medical_sub_centre"};
  c.reach_every = false;
  c.counted = "rural_residents";
  return c;
}

// GeoJSON text along 115.5°E from 35°N: a point `km` kilometres north with its properties, a primary road
// signed 60 km/h running `km` kilometres north, and a collection of features.
constexpr double kDegreesPerKm = 1 / 110.95;  // of latitude near 35°N

std::string point_north(double km, const std::string& props) {
  return R"({"type":"Feature","properties":)" + props +
         R"(,"geometry":{"type":"Point","coordinates":[115.5,)" + std::to_string(35.0 + km * kDegreesPerKm) +
         "]}}";
}

std::string road_north(double km) {
  return R"({"type":"Feature","properties":{"highway":"primary","maxspeed":"60"},"geometry":)"
         R"({"type":"LineString","coordinates":[[115.5,35.0],[115.5,)" +
         std::to_string(35.0 + km * kDegreesPerKm) + "]]}}";
}

std::string collection(const std::string& features) {
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

plan::ServiceCircle walk_circle(double minutes, std::optional<double> minutes_max,
                                std::vector<std::string> cats, bool every) {
  plan::ServiceCircle c;
  c.id = "test";
  c.name_zh = "测试圈";
  c.mode = plan::CircleMode::Walk;
  c.minutes = minutes;
  c.minutes_max = minutes_max;
  c.walk_speed_kmh = 4;
  c.walk_m = minutes * 4000 / 60;
  if (minutes_max) c.walk_m_max = *minutes_max * 4000 / 60;
  c.categories = std::move(cats);
  c.reach_every = every;
  c.counted = "homes";
  return c;
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
      std::string quote =
          rest.substr(colon + 2, next == std::string::npos ? std::string::npos : next - colon - 2);
      rest = next == std::string::npos ? "" : rest.substr(next + 2);
      for (std::size_t at = 0;;) {
        const std::size_t cut = quote.find("……", at);
        const std::string part = quote.substr(at, cut == std::string::npos ? std::string::npos : cut - at);
        EXPECT_NE(text[n].find(part), std::string::npos)
            << c.id << ": line " << n << " lacks '" << part << "'";
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
    EXPECT_NE(e.find("field '" + c.expect_field + "'"), std::string::npos)
        << c.field << " " << c.value << ": " << e;
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

// ---- measuring ------------------------------------------------------------------------------------------

// A 2 km street with a culture and sports centre at x = 0 and homes at 500, 900, 1200 and 1500 m along it:
// 15 minutes at 4 km/h is 1000 m (the homes at 500 and 900), 20 minutes 1333.3 m (also the one at 1200).
TEST(ServiceCircles, WalkingRangeCountsHomesWithinEachEnd) {
  plan::CircleInputs in;
  in.streets = street(2000);
  in.facilities = points({0, 2000}, {"culture_sports", "market"});
  in.homes = points({500, 900, 1200, 1500});
  in.walk_data = "test street";
  const plan::CircleResult r = plan::evaluate_circle(walk_circle(15, 20, {"culture_sports"}, true), in);
  ASSERT_TRUE(r.share.has_value()) << r.needs;
  EXPECT_EQ(r.counted, 4u);
  EXPECT_EQ(r.covered, 2u);
  EXPECT_DOUBLE_EQ(*r.share, 0.5);
  ASSERT_TRUE(r.share_max.has_value());
  EXPECT_EQ(r.covered_max, 3u);
  EXPECT_DOUBLE_EQ(*r.share_max, 0.75);
  EXPECT_FALSE(r.population_weighted);
  EXPECT_EQ(r.data, "test street");

  // With 1, 2, 3 and 4 residents the shares are of people: 3 of 10 and 6 of 10.
  in.homes = points({500, 900, 1200, 1500}, {}, {1, 2, 3, 4});
  const plan::CircleResult people = plan::evaluate_circle(walk_circle(15, 20, {"culture_sports"}, true), in);
  ASSERT_TRUE(people.share && people.share_max);
  EXPECT_TRUE(people.population_weighted);
  EXPECT_DOUBLE_EQ(*people.share, 0.3);
  EXPECT_DOUBLE_EQ(*people.share_max, 0.6);
}

// Two facilities at the ends of a 2 km street, homes at 500, 1000 and 1500 m. Every one of them within
// 1000 m: only the home at 1000 m. The nearest of them within 666.7 m (10 minutes): the homes at 500 and
// 1500 m.
TEST(ServiceCircles, EveryCategoryOrTheNearestOfThem) {
  plan::CircleInputs in;
  in.streets = street(2000);
  in.facilities = points({0, 2000}, {"culture_sports", "smart_fitness"});
  in.homes = points({500, 1000, 1500});
  const plan::CircleResult every =
      plan::evaluate_circle(walk_circle(15, std::nullopt, {"culture_sports", "smart_fitness"}, true), in);
  ASSERT_TRUE(every.share.has_value()) << every.needs;
  EXPECT_EQ(every.covered, 1u);
  EXPECT_FALSE(every.share_max.has_value());
  const plan::CircleResult any =
      plan::evaluate_circle(walk_circle(10, std::nullopt, {"culture_sports", "smart_fitness"}, false), in);
  ASSERT_TRUE(any.share.has_value()) << any.needs;
  EXPECT_EQ(any.covered, 2u);
  EXPECT_NEAR(*any.share, 2.0 / 3, 1e-12);
}

TEST(ServiceCircles, MissingInputsAreNamedNotGuessed) {
  plan::CircleInputs in;
  in.streets = street(2000);
  in.facilities = points({0}, {"culture_sports"});
  in.homes = points({500});
  // Every category is needed, and no facility is a smart_fitness one.
  const plan::CircleResult every =
      plan::evaluate_circle(walk_circle(15, std::nullopt, {"culture_sports", "smart_fitness"}, true), in);
  EXPECT_FALSE(every.share.has_value());
  EXPECT_NE(every.needs.find("smart_fitness"), std::string::npos) << every.needs;
  EXPECT_EQ(every.needs.find("culture_sports"), std::string::npos) << every.needs;
  // The nearest of them is enough: measured.
  EXPECT_TRUE(
      plan::evaluate_circle(walk_circle(15, std::nullopt, {"culture_sports", "smart_fitness"}, false), in)
          .share);
  // No streets.
  in.streets = plan::Layer{};
  const plan::CircleResult none =
      plan::evaluate_circle(walk_circle(15, std::nullopt, {"culture_sports"}, true), in);
  EXPECT_FALSE(none.share.has_value());
  EXPECT_NE(none.needs.find("street lines"), std::string::npos) << none.needs;

  plan::ServiceCircle corridor;
  corridor.id = "intercity";
  corridor.mode = plan::CircleMode::Corridor;
  corridor.minutes = 60;
  corridor.cities = {"济南", "郑州"};
  const plan::CircleResult c = plan::evaluate_circle(corridor, in);
  EXPECT_FALSE(c.share.has_value());
  EXPECT_NE(c.needs.find("corridor"), std::string::npos) << c.needs;
  EXPECT_NE(c.needs.find("named cities"), std::string::npos) << c.needs;
}

// A 40 km primary road signed 60 km/h (1 km a minute) with a county hospital at x = 0: villages at 25 km
// (25 minutes) and 35 km (35 minutes). Within 30 minutes: one of two, or 100 of 400 residents.
TEST(ServiceCircles, DrivingCircleTimesTheFastestRoute) {
  const plan::ServiceCircle c = rural_drive_circle();
  plan::CircleInputs in;
  in.roads = street(40000, "primary", "60");
  in.drive_facilities = points({0, 40000}, {"county_hospital", "pharmacy"});
  in.residents = points({25000, 35000}, {}, {100, 300});
  const plan::CircleResult r = plan::evaluate_circle(c, in);
  ASSERT_TRUE(r.share.has_value()) << r.needs;
  EXPECT_EQ(r.counted, 2u);
  EXPECT_EQ(r.covered, 1u);
  EXPECT_TRUE(r.population_weighted);
  EXPECT_DOUBLE_EQ(*r.share, 0.25);
  // Without roads: no data, naming them.
  in.roads = plan::Layer{};
  const plan::CircleResult none = plan::evaluate_circle(c, in);
  EXPECT_FALSE(none.share.has_value());
  EXPECT_NE(none.needs.find("road lines"), std::string::npos) << none.needs;
}

// The Heze report: every circle appears, the culture and sports circle is measured on the demonstration
// city (SYNTHETIC) and agrees with the same measure run by hand; the others say what they need.
TEST(ServiceCircles, HezeReportShowsEveryCircleAndTheRoadTargets) {
  const plan::Plan p = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  plan::ReportOptions o;
  const plan::Report r = plan::build_report(p, {}, o);
  ASSERT_EQ(r.circles.size(), 7u);
  const plan::CircleInputs demo = plan::demo_circle_inputs(p);
  for (const plan::CircleResult& c : r.circles) {
    if (c.circle.id == "culture_sports_15_20min") {
      ASSERT_TRUE(c.share && c.share_max) << c.needs;
      EXPECT_TRUE(c.synthetic);
      EXPECT_LE(*c.share, *c.share_max);
      // The same homes through compute_life_circles with one category at 1000 m, by hand.
      plan::LifeCircleProfile profile;
      profile.categories = {{"culture_sports", "15-minute", 1000, {}}};
      const plan::Network net = plan::network_from_layer(demo.streets);
      const plan::SnapIndex index(net);
      const plan::LifeCircleResult lc = plan::compute_life_circles(
          net, plan::snap_points(index, plan::all_points(demo.facilities), plan::kDefaultMaxSnapM),
          plan::text_values(demo.facilities, "category"),
          plan::snap_points(index, plan::all_points(demo.homes), plan::kDefaultMaxSnapM),
          plan::population_field(demo.homes, "population"), profile);
      EXPECT_NEAR(*c.share, *lc.complete_shares.population_covered_ratio, 1e-12);
    } else if (c.circle.id == "commute_30min") {
      EXPECT_TRUE(c.share.has_value()) << c.needs;  // the corridor time model (corridors_test.cpp)
    } else {
      EXPECT_FALSE(c.share.has_value()) << c.circle.id;
      EXPECT_FALSE(c.needs.empty()) << c.circle.id;
    }
  }
  const std::string md = plan::render_markdown(r);
  EXPECT_NE(md.find("## Service circles"), std::string::npos);
  EXPECT_NE(md.find("smart_parcel_locker"), std::string::npos);  // what the 10-minute circle needs
  EXPECT_NE(md.find("## Road targets"), std::string::npos);
  EXPECT_NE(md.find("needs a roads layer (`plan report --roads`, as for `plan check --roads`)"),
            std::string::npos);
  const std::string html = plan::render_html(r, p);
  EXPECT_NE(html.find("<h2>Service circles</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h2>Road targets</h2>"), std::string::npos);
  const auto j = nlohmann::json::parse(plan::render_json(r));
  ASSERT_EQ(j["service_circles"].size(), 7u);
  EXPECT_EQ(j["service_circles"][1]["id"], "culture_sports_15_20min");
  EXPECT_EQ(j["service_circles"][1]["status"], "measured");
  EXPECT_TRUE(j["service_circles"][1]["synthetic"].get<bool>());
  EXPECT_EQ(j["service_circles"][2]["status"], "no data");
  EXPECT_EQ(j["road_targets"]["density"]["status"], "no data");
  EXPECT_EQ(j["road_targets"]["density"]["target_km_per_km2"], 8);

  // A measured road density replaces "no data".
  plan::RoadDensity d;
  d.area_km2 = 10;
  d.total_km = 70;
  d.density_km_per_km2 = 7;
  o.road_density = d;
  o.roads_data = "roads.gpkg";
  o.circle_inputs = plan::CircleInputs{};
  const auto measured = nlohmann::json::parse(plan::render_json(plan::build_report(p, {}, o)));
  EXPECT_EQ(measured["road_targets"]["density"]["status"], "below");
  EXPECT_EQ(measured["road_targets"]["density"]["measured_km_per_km2"], 7);
  EXPECT_EQ(measured["road_targets"]["grade_connection"]["status"], "no data");
}

// `plan report --roads` measures the road targets as `plan check --roads` does: the demonstration streets as
// one class give 893.476 km over 113.930 km² (7.84 km/km², below 8); a layer without highway grades leaves
// the grade check as no data, saying why.
TEST(ServiceCircles, ReportWithRoadsShowsTheMeasuredDensity) {
  const auto r =
      test_support::run_plan(std::string("report ") + PLAN_SOURCE_DIR + "/data/heze --format json --roads " +
                             PLAN_SOURCE_DIR + "/data/heze/demo/streets.geojson --uniform-class 支路");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& d = j["road_targets"]["density"];
  EXPECT_EQ(d["status"], "below");
  EXPECT_NEAR(d["total_km"].get<double>(), 893.476, 0.001);
  EXPECT_NEAR(d["area_km2"].get<double>(), 113.930, 0.001);
  EXPECT_NEAR(d["measured_km_per_km2"].get<double>(), 893.476 / 113.930, 1e-4);
  const auto& g = j["road_targets"]["grade_connection"];
  EXPECT_EQ(g["status"], "no data");
  EXPECT_NE(g["needs"].get<std::string>().find("uniform-class"), std::string::npos) << g["needs"];
}

// A plan whose demo folder holds roads, hospitals and rural residents: the driving circle runs from the
// report's circle definition. A 40 km primary road (60 km/h) due north along 115.5°E, a county hospital at
// its south end, villages about 25 km (in 30 minutes) and 35 km (not) up the road.
TEST(ServiceCircles, DemoFolderWithRoadsRunsTheDrivingCircle) {
  test_support::TempDir dir;
  std::filesystem::copy_file(PLAN_SOURCE_DIR "/data/heze/boundaries.geojson", dir.file("boundaries.geojson"));
  test_support::write_text(dir.file("plan.json"),
                           R"({"name_zh":"x","demo":{"folder":"demo"},"service_circles":[
    {"id":"rural","name_zh":"农村地区30分钟重点疾病救治服务圈","mode":"drive","threshold":{"minutes":30},
     "reach":{"categories":["county_hospital","medical_sub_centre"],"match":"any"},"counted":"rural_residents",
     "lines":[389],"source":"plan text line 389: ..."}]})");
  std::filesystem::create_directory(dir.file("demo"));
  test_support::write_text(dir.file("demo/roads.geojson"), collection(road_north(40)));
  test_support::write_text(dir.file("demo/drive_facilities.geojson"),
                           collection(point_north(0, R"({"category":"county_hospital"})")));
  test_support::write_text(
      dir.file("demo/rural_residents.geojson"),
      collection(point_north(25, R"({"population":100})") + "," + point_north(35, R"({"population":300})")));
  const plan::Plan p = plan::load_plan(dir.path().string(), {});
  const plan::Report r = plan::build_report(p, {}, plan::ReportOptions{});
  ASSERT_EQ(r.circles.size(), 1u);
  ASSERT_TRUE(r.circles[0].share.has_value()) << r.circles[0].needs;
  EXPECT_EQ(r.circles[0].counted, 2u);
  EXPECT_EQ(r.circles[0].covered, 1u);
  EXPECT_DOUBLE_EQ(*r.circles[0].share, 0.25);  // 100 of 400 residents
  EXPECT_TRUE(r.circles[0].synthetic);
}

// The same road and villages, with facilities as OSM gives them: amenity in a column (hospital, clinic) and
// the hospital mapped as its grounds, a 200 m square around x = 0 that counts by its centroid. Without a
// rename no facility is a county hospital; hospital=county_hospital makes it one. Residents' heads sit in
// `pop`.
TEST(ServiceCircles, DrivingCircleRenamesAnOsmKeyAndTakesGroundsByCentroid) {
  const plan::ServiceCircle c = rural_drive_circle();
  plan::CircleInputs in;
  in.roads = street(40000, "primary", "60");
  plan::Layer grounds;
  grounds.crs = "EPSG:32650";
  grounds.kind = plan::GeometryKind::Polygon;
  grounds.fields = {{"amenity", plan::FieldType::String}};
  for (const auto& [x, amenity] :
       std::vector<std::pair<double, std::string>>{{0, "hospital"}, {40000, "clinic"}}) {
    plan::Feature f;
    f.geometry.kind = plan::GeometryKind::Polygon;
    plan::Polygon square;
    square.outer = {{x - 100, -100}, {x + 100, -100}, {x + 100, 100}, {x - 100, 100}, {x - 100, -100}};
    f.geometry.polygons = {square};
    f.values = {amenity};
    grounds.features.push_back(f);
  }
  in.drive_facilities = grounds;
  in.residents = points({25000, 35000});
  in.residents.fields = {{"pop", plan::FieldType::Real}};
  in.residents.features[0].values = {100.0};
  in.residents.features[1].values = {300.0};
  in.drive_category_field = "amenity";
  in.residents_population_field = "pop";

  const plan::CircleResult unnamed = plan::evaluate_circle(c, in);
  EXPECT_FALSE(unnamed.share.has_value());
  EXPECT_NE(unnamed.needs.find("have none in amenity"), std::string::npos) << unnamed.needs;

  in.drive_category_names = {{"hospital", "county_hospital"}};
  const plan::CircleResult r = plan::evaluate_circle(c, in);
  ASSERT_TRUE(r.share.has_value()) << r.needs;
  EXPECT_EQ(r.covered, 1u);
  EXPECT_TRUE(r.population_weighted);
  EXPECT_DOUBLE_EQ(*r.share, 0.25);  // 100 of 400 people: the village 25 km from the hospital's centroid

  // The clinic at the far end becomes a sub-centre too: both villages are then within 30 minutes.
  in.drive_category_names["clinic"] = "medical_sub_centre";
  EXPECT_DOUBLE_EQ(*plan::evaluate_circle(c, in).share, 1.0);
}

// `plan report --drive-…`: the driving circle of the plan's definition runs on layers the user names, in
// their own UTM zone (here 115.5°E, as the plan's), and the inputs must come together.
TEST(ServiceCircles, ReportMeasuresTheDrivingCircleOnGivenLayers) {
  test_support::TempDir dir;
  const std::string roads = test_support::write_text(dir.file("roads.geojson"), collection(road_north(40)));
  const std::string hospitals = test_support::write_text(
      dir.file("hospitals.geojson"), collection(point_north(0, R"({"amenity":"hospital"})")));
  const std::string villages = test_support::write_text(
      dir.file("villages.geojson"),
      collection(point_north(25, R"({"pop":100})") + "," + point_north(35, R"({"pop":300})")));
  const std::string drive = " --drive-roads " + roads + " --drive-facilities " + hospitals +
                            " --drive-category-field amenity --drive-category-map hospital=county_hospital"
                            " --drive-residents " +
                            villages + " --drive-population-field pop";
  const auto r =
      test_support::run_plan("report " PLAN_SOURCE_DIR "/data/heze --year 2025 --format json" + drive);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& c : j["service_circles"])
    if (c["id"] == "rural_treatment_30min") {
      found = true;
      ASSERT_TRUE(c["share_pct"].is_number()) << c.dump();
      EXPECT_DOUBLE_EQ(c["share_pct"].get<double>(), 25.0);
      EXPECT_NE(c["data"].get<std::string>().find("hospitals.geojson"), std::string::npos) << c["data"];
    }
  EXPECT_TRUE(found);

  const auto alone = test_support::run_plan("report " PLAN_SOURCE_DIR "/data/heze --drive-roads " + roads);
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.err.find("--drive-facilities is missing"), std::string::npos) << alone.err;
  const auto bad_map = test_support::run_plan("report " PLAN_SOURCE_DIR "/data/heze" + drive +
                                              "x --drive-category-map hospital");
  EXPECT_EQ(bad_map.exit_code, 2);
}
