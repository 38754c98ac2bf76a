// The corridor time model: rides at design speed between access points, transfers, feeder legs; the
// plan's corridor speeds read and checked; the commuting and intercity circles on it.
#include "plan/corridors.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "plan/error.hpp"
#include "plan/plan.hpp"
#include "plan/report.hpp"
#include "test_support.hpp"

namespace {

// The toy network, metres:
//
//        I2 (100000, 60000)
//        |
//        |  E: expressway, 120 km/h (its class's speed), interchanges I1 (500 m north of B) and I2
//        |
//   A ---+--- C --------- B    R: railway (0,0)–(100000,0), 200 km/h, stations A, B (and C at 50 km
//                              when a test adds it)
//
// Feeder legs at 60 km/h × detour 1.2 = 1.2 min per straight-line km; a change of line 10 min, and I1 is
// within the 1000 m transfer radius of B.
std::vector<plan::CorridorLine> toy_lines(std::optional<double> railway_speed = {}) {
  return {{1, "R", "railway", railway_speed, {{0, 0}, {100000, 0}}},
          {2, "E", "expressway", {}, {{100000, 0}, {100000, 60000}}}};
}

std::vector<plan::AccessPoint> toy_access(bool with_c = false) {
  std::vector<plan::AccessPoint> a = {{"A", {0, 0}, {"railway"}},
                                      {"B", {100000, 0}, {"railway"}},
                                      {"I1", {100000, 500}, {"expressway"}},
                                      {"I2", {100000, 60000}, {"expressway"}}};
  if (with_c) a.push_back({"C", {50000, 0}, {"railway"}});
  return a;
}

plan::CorridorOptions toy_options() {
  plan::CorridorOptions o;
  o.class_speed_kmh = {{"railway", 200}, {"expressway", 120}};
  o.feeder_speed_kmh = 60;
  o.detour_factor = 1.2;
  o.transfer_min = 10;
  o.transfer_radius_m = 1000;
  return o;
}

}  // namespace

// A to B: 100 km at 200 km/h = 30 min, on R, no feeder (A and B are the stations).
TEST(CorridorModel, OneLineIsItsLengthOverItsDesignSpeed) {
  const plan::CorridorModel m(toy_lines(), toy_access(), toy_options());
  const plan::CorridorTrip t = m.trips({0, 0}, {{100000, 0}})[0];
  EXPECT_NEAR(t.minutes, 30, 1e-9);
  EXPECT_NEAR(t.ride_min, 30, 1e-9);
  EXPECT_EQ(t.lines, std::vector<std::string>{"R"});
  EXPECT_EQ(t.board_at, "A");
  EXPECT_EQ(t.alight_at, "B");
}

// A to I2: R 30 min, change at B/I1 10 min, E from I1 (along 500 m) to I2 (along 60000 m): 59.5 km at
// 120 km/h = 29.75 min; 69.75 min in all. By feeder road alone: √(100² + 60²) km × 1.2 = 139.94 min.
TEST(CorridorModel, ATransferBetweenNearbyAccessPointsCostsTheTransferTime) {
  const plan::CorridorModel m(toy_lines(), toy_access(), toy_options());
  const plan::CorridorTrip t = m.trips({0, 0}, {{100000, 60000}})[0];
  EXPECT_NEAR(t.minutes, 69.75, 1e-9);
  EXPECT_NEAR(t.ride_min, 59.75, 1e-9);
  EXPECT_NEAR(t.transfer_min, 10, 1e-9);
  EXPECT_EQ(t.lines, (std::vector<std::string>{"R", "E"}));
  EXPECT_EQ(t.alight_at, "I2");
  // Without the transfer radius B and I1 are two places: no way onto E from R, so the feeder road wins.
  plan::CorridorOptions o = toy_options();
  o.transfer_radius_m = 100;
  const plan::CorridorTrip apart =
      plan::CorridorModel(toy_lines(), toy_access(), o).trips({0, 0}, {{100000, 60000}})[0];
  // Best now: R to B (30), feeder B → I1 is not a line change, so: feeder from origin to I1 = 100.00125 km ×
  // 1.2 = 120.0015 min + E 29.75 = 149.75; R to B then feeder to I2: 30 + 60 × 1.2 = 102 min. The latter.
  EXPECT_NEAR(apart.minutes, 102, 1e-9);
  EXPECT_EQ(apart.lines, std::vector<std::string>{"R"});
}

// A town 1 km beside R, half way, may not board mid-line: it pays its feeder leg to a station. To B:
// feeder to A is √(50² + 1²) km × 1.2 = 60.012 min, then 30 min on R; or feeder to B directly, 60.012 min.
// With a station C at 50 km it boards there: 1.2 min + 25 km at 200 km/h (15 min) = 16.2 min.
TEST(CorridorModel, LinesAreEnteredOnlyAtAccessPoints) {
  const double feeder_to_a = std::hypot(50000.0, 1000.0) / 1000 * 1.2;  // 60.012 min
  plan::CorridorOptions o = toy_options();
  o.feeder_only_allowed = false;
  const plan::CorridorTrip t =
      plan::CorridorModel(toy_lines(), toy_access(), o).trips({50000, 1000}, {{100000, 0}})[0];
  EXPECT_NEAR(t.minutes, feeder_to_a, 1e-9);  // through B's access point without riding
  EXPECT_TRUE(t.lines.empty());
  const plan::CorridorTrip c =
      plan::CorridorModel(toy_lines(), toy_access(true), o).trips({50000, 1000}, {{100000, 0}})[0];
  EXPECT_NEAR(c.minutes, 1.2 + 15, 1e-9);
  EXPECT_EQ(c.board_at, "C");
  EXPECT_EQ(c.lines, std::vector<std::string>{"R"});
  EXPECT_NEAR(c.feeder_in_min, 1.2, 1e-9);
}

// A line's own speed wins over its class's: R at 100 km/h takes 60 min from A to B.
TEST(CorridorModel, ALinesOwnSpeedOverridesItsClass) {
  const plan::CorridorModel m(toy_lines(100), toy_access(), toy_options());
  EXPECT_NEAR(m.trips({0, 0}, {{100000, 0}})[0].minutes, 60, 1e-9);
  ASSERT_EQ(m.lines().size(), 2u);
  EXPECT_TRUE(m.lines()[0].own_speed);
  EXPECT_EQ(m.lines()[0].speed_kmh, 100);
  EXPECT_FALSE(m.lines()[1].own_speed);
  EXPECT_EQ(m.lines()[1].speed_kmh, 120);
  EXPECT_EQ(m.lines()[0].stops, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(m.lines()[1].stops, (std::vector<std::string>{"I1", "I2"}));
  EXPECT_NEAR(m.lines()[0].length_km, 100, 1e-9);
}

// Bad speeds are refused, naming the line or class; so are options out of range.
TEST(CorridorModel, BadSpeedsAreRefusedNamingTheLine) {
  auto message = [](const std::vector<plan::CorridorLine>& lines,
                    const plan::CorridorOptions& o) -> std::string {
    try {
      plan::CorridorModel m(lines, toy_access(), o);
    } catch (const plan::UsageError& e) {
      return e.what();
    }
    return "no error";
  };
  plan::CorridorOptions o = toy_options();
  EXPECT_NE(message(toy_lines(-5), o).find("line 'R' (feature 1): design speed"), std::string::npos);
  o.class_speed_kmh.erase("expressway");
  EXPECT_NE(message(toy_lines(), o).find("line 'E' (feature 2): class 'expressway' has no design speed"),
            std::string::npos);
  o = toy_options();
  o.class_speed_kmh["railway"] = 0;
  EXPECT_NE(message(toy_lines(), o).find("class 'railway'"), std::string::npos);
  o = toy_options();
  o.detour_factor = 0.9;
  EXPECT_NE(message(toy_lines(), o).find("detour_factor"), std::string::npos);
  o = toy_options();
  o.feeder_speed_kmh = -1;
  EXPECT_NE(message(toy_lines(), o).find("feeder_speed_kmh"), std::string::npos);
}

namespace {

// A plan folder with the boundaries and a plan.json holding `speeds` as corridor_speeds; the DataError's
// text, or "no error".
std::string speeds_error(const std::string& speeds) {
  test_support::TempDir dir;
  std::filesystem::copy_file(PLAN_SOURCE_DIR "/data/heze/boundaries.geojson", dir.file("boundaries.geojson"));
  test_support::write_text(dir.file("plan.json"), R"({"name_zh":"x","corridor_speeds":)" + speeds + "}");
  try {
    plan::load_plan(dir.path().string(), {});
  } catch (const plan::DataError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(CorridorSpeeds, BadSpeedDataIsRefusedNamingFileAndField) {
  const std::string good = R"({"classes": {"expressway": {"speed_kmh": 120, "source": "JTG B01-2014"},
      "railway": {"speed_kmh": null, "source": "none found"}},
      "lines": [{"name_zh": "京九铁路", "speed_kmh": 160, "source": "line document"}]})";
  EXPECT_EQ(speeds_error(good), "no error");
  const std::string negative =
      speeds_error(R"({"classes": {"expressway": {"speed_kmh": -120, "source": "s"}}})");
  EXPECT_NE(negative.find("plan.json"), std::string::npos) << negative;
  EXPECT_NE(negative.find("classes.expressway.speed_kmh"), std::string::npos) << negative;
  EXPECT_NE(negative.find("-120"), std::string::npos) << negative;
  const std::string missing = speeds_error(R"({"classes": {"expressway": {"source": "s"}}})");
  EXPECT_NE(missing.find("classes.expressway.speed_kmh"), std::string::npos) << missing;
  EXPECT_NE(missing.find("is missing"), std::string::npos) << missing;
  const std::string unknown = speeds_error(R"({"classes": {"maglev": {"speed_kmh": 430, "source": "s"}}})");
  EXPECT_NE(unknown.find("classes.maglev"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("unknown corridor class 'maglev'"), std::string::npos) << unknown;
  const std::string no_source = speeds_error(R"({"classes": {"expressway": {"speed_kmh": 120}}})");
  EXPECT_NE(no_source.find("classes.expressway.source"), std::string::npos) << no_source;
  const std::string line_null =
      speeds_error(R"({"lines": [{"name_zh": "京九铁路", "speed_kmh": null, "source": "s"}]})");
  EXPECT_NE(line_null.find("lines[0].speed_kmh"), std::string::npos) << line_null;
  const std::string twice = speeds_error(
      R"({"lines": [{"name_zh": "a", "speed_kmh": 1, "source": "s"}, {"name_zh": "a", "speed_kmh": 2, "source": "s"}]})");
  EXPECT_NE(twice.find("lines[1].name_zh"), std::string::npos) << twice;
}

// The commuting circle on the toy network: the central city at A, county seats at B (30 min: within, the
// threshold counts) and at I2 (69.75 min: beyond); one of two.
TEST(CorridorCircles, CommutingCircleCountsTheCountySeatsWithinTheMinutes) {
  plan::ServiceCircle c;
  c.id = "commute";
  c.mode = plan::CircleMode::Corridor;
  c.minutes = 30;
  c.settlement_kinds = {"central_city"};
  c.counted = "town_groups";
  plan::CircleInputs in;
  in.corridors.lines = toy_lines();
  in.corridors.access = toy_access();
  in.corridors.options = toy_options();
  in.corridors.places = {{"City", "central_city", {0, 0}},
                         {"East", "county_seat", {100000, 0}},
                         {"North", "county_seat", {100000, 60000}},
                         {"Town", "key_town", {50000, 0}}};
  const plan::CircleResult r = plan::evaluate_circle(c, in);
  ASSERT_TRUE(r.share.has_value()) << r.needs;
  EXPECT_EQ(r.counted, 2u);
  EXPECT_EQ(r.covered, 1u);
  EXPECT_DOUBLE_EQ(*r.share, 0.5);
  ASSERT_EQ(r.details.size(), 2u);
  EXPECT_EQ(r.details[0].name, "East");
  EXPECT_NEAR(r.details[0].minutes, 30, 1e-9);
  EXPECT_TRUE(r.details[0].within);
  EXPECT_NEAR(r.details[1].minutes, 69.75, 1e-9);
  EXPECT_FALSE(r.details[1].within);
  EXPECT_NE(r.details[1].how.find("R, E"), std::string::npos) << r.details[1].how;
  EXPECT_NE(r.method.find("schematic"), std::string::npos);

  // An intercity circle without the cities' points: no data, naming the input.
  c.cities = {"济南"};
  const plan::CircleResult none = plan::evaluate_circle(c, in);
  EXPECT_FALSE(none.share.has_value());
  EXPECT_NE(none.needs.find("cities.geojson"), std::string::npos) << none.needs;
  // With them: timed. 济南 at I2: 69.75 min, within 60? no.
  in.corridors.cities = {{"济南", "city", {100000, 60000}}};
  in.corridors.cities_source = "cities.geojson";
  c.minutes = 60;
  const plan::CircleResult city = plan::evaluate_circle(c, in);
  ASSERT_TRUE(city.share.has_value()) << city.needs;
  EXPECT_EQ(city.covered, 0u);
  EXPECT_NE(city.method.find("beyond Heze"), std::string::npos);
}

// Heze: the plan's corridor speeds load, every corridor gets a speed, and the commuting circle is measured
// over the seven county seats; the intercity circles name the cities input they need.
TEST(CorridorCircles, HezeCommutingCircleIsMeasuredOnThePlansCorridors) {
  const plan::Plan p = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  ASSERT_EQ(p.meta.corridor_speeds.classes.size(), 3u);
  EXPECT_EQ(p.meta.corridor_speeds.lines.size(), 5u);
  const plan::CorridorInputs in = plan::plan_corridor_inputs(p);
  EXPECT_EQ(in.lines.size(), p.corridors.size());
  EXPECT_TRUE(in.left_out.empty());
  const plan::Report r = plan::build_report(p, {}, plan::ReportOptions{});
  for (const plan::CircleResult& c : r.circles) {
    if (c.circle.id == "commute_30min") {
      ASSERT_TRUE(c.share.has_value()) << c.needs;
      EXPECT_EQ(c.counted, 7u);
      EXPECT_EQ(c.details.size(), 7u);
    } else if (c.circle.mode == plan::CircleMode::Corridor) {
      EXPECT_FALSE(c.share.has_value());
      EXPECT_NE(c.needs.find("cities.geojson"), std::string::npos) << c.needs;
    }
  }
  const auto j = nlohmann::json::parse(plan::render_json(r));
  for (const auto& c : j["service_circles"]) {
    if (c["id"] == "commute_30min") {
      EXPECT_EQ(c["places"].size(), 7u);
    }
  }
}

// cities.geojson in the plan's folder feeds the intercity circles. A fixture point (not Jinan's location)
// named 济南 at the coordinates of 菏泽东站 (115.557, 35.185): the fastest way there is the feeder road,
// as the station is the trip's end; only 济南 of the three named cities is given, so one is counted and the
// other two are named as missing.
TEST(CorridorCircles, IntercityCirclesReadTheCitiesFromThePlanFolder) {
  test_support::TempDir dir;
  for (const auto& f : std::filesystem::directory_iterator(PLAN_SOURCE_DIR "/data/heze"))
    if (f.is_regular_file()) std::filesystem::copy_file(f.path(), dir.path() / f.path().filename());
  test_support::write_text(dir.file("cities.geojson"), R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {"name_zh": "济南"},
       "geometry": {"type": "Point", "coordinates": [115.557, 35.185]}}]})");
  const plan::Plan p = plan::load_plan(dir.path().string(), {});
  const plan::CorridorInputs in = plan::plan_corridor_inputs(p);
  ASSERT_EQ(in.cities.size(), 1u);
  plan::CircleInputs ci;
  ci.corridors = in;
  for (const plan::ServiceCircle& c : p.meta.service_circles) {
    if (c.id != "intercity_1h") continue;
    const plan::CircleResult r = plan::evaluate_circle(c, ci);
    ASSERT_TRUE(r.share.has_value()) << r.needs;
    EXPECT_EQ(r.counted, 1u);
    EXPECT_EQ(r.covered, 1u);
    ASSERT_EQ(r.details.size(), 1u);
    // Straight-line metres from the central city to the point, × 1.3 at 60 km/h.
    {
      plan::XY from{}, to{};
      for (const auto& s : in.places)
        if (s.kind == "central_city") from = s.at;
      to = in.cities[0].at;
      EXPECT_NEAR(r.details[0].minutes, std::hypot(to.x - from.x, to.y - from.y) * 1.3 / 1000, 1e-9);
    }
    EXPECT_NE(r.method.find("郑州, 徐州"), std::string::npos) << r.method;
    EXPECT_NE(r.method.find("beyond Heze"), std::string::npos) << r.method;
  }
}

// A line speed whose name no corridor carries is a misspelling: the load warns, naming plan.json and the
// name; the Heze plan has none.
TEST(CorridorSpeeds, ALineSpeedNamingNoCorridorIsWarnedAbout) {
  plan::LoadReport heze;
  plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {}, &heze);
  for (const plan::SchemaIssue& i : heze.issues) EXPECT_NE(i.where.layer, "corridor_speeds") << i.describe();
  test_support::TempDir dir;
  for (const auto& f : std::filesystem::directory_iterator(PLAN_SOURCE_DIR "/data/heze"))
    if (f.is_regular_file()) std::filesystem::copy_file(f.path(), dir.path() / f.path().filename());
  auto j = nlohmann::ordered_json::parse(test_support::read_text(dir.file("plan.json")));
  j["corridor_speeds"]["lines"][0]["name_zh"] = "鲁南高速";
  test_support::write_text(dir.file("plan.json"), j.dump());
  plan::LoadReport report;
  plan::load_plan(dir.path().string(), {}, &report);
  bool warned = false;
  for (const plan::SchemaIssue& i : report.issues)
    if (i.where.layer == "corridor_speeds") {
      warned = true;
      EXPECT_EQ(i.severity, plan::Severity::Warning);
      EXPECT_NE(i.describe().find("plan.json"), std::string::npos) << i.describe();
      EXPECT_NE(i.describe().find("line '鲁南高速' names no feature of the corridors layer"),
                std::string::npos)
          << i.describe();
    }
  EXPECT_TRUE(warned);
}
