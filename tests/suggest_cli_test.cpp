// `plan suggest-stops` and `plan suggest-facilities` as a user runs them: analytic gains, exit codes, one
// clear line on stderr, outputs that never replace anything.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>

#include "plan/io.hpp"
#include "test_support.hpp"

using test_support::run_plan;
using test_support::TempDir;

namespace {

constexpr double kDisk = std::numbers::pi * 500 * 500;

plan::Layer points(const std::string& name, const std::vector<plan::XY>& xy) {
  plan::Layer l;
  l.name = name;
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Point;
  for (std::size_t i = 0; i < xy.size(); ++i)
    l.features.push_back({static_cast<std::int64_t>(i + 1), plan::Geometry::point(xy[i]), {}});
  return l;
}

// A 6 km × 6 km square, one stop at its centre; candidates: two far from everything (gain πR² each), one
// overlapping the stop, and one 3 km outside the square.
struct Fixture {
  TempDir dir;
  std::string area, stops, candidates, outside;
  static constexpr double e = 500000, n = 3900000;

  Fixture() {
    plan::Layer a;
    a.name = "area";
    a.crs = "EPSG:32650";
    a.kind = plan::GeometryKind::Polygon;
    a.features.push_back(
        {1, plan::Geometry::polygon(plan::rectangle(e - 3000, n - 3000, e + 3000, n + 3000)), {}});
    area = dir.file("area.gpkg");
    plan::write_layers(area, {a}, {});
    stops = dir.file("stops.gpkg");
    plan::write_layers(stops, {points("stops", {{e, n}})}, {});
    candidates = dir.file("candidates.gpkg");
    plan::write_layers(
        candidates,
        {points("candidates", {{e + 300, n}, {e - 2000, n - 2000}, {e + 2000, n + 2000}, {e + 6000, n}})},
        {});
    outside = dir.file("outside.gpkg");
    plan::write_layers(outside, {points("outside", {{e + 9000, n}, {e, n - 9000}})}, {});
  }
  std::string base() const {
    return "suggest-stops --stops " + stops + " --area " + area + " --candidates " + candidates;
  }
};

}  // namespace

TEST(SuggestStopsCli, JsonListsTheSitesInOrderWithAnalyticGains) {
  Fixture f;
  const auto r = run_plan(f.base() + " --count 2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["area_m2"].get<double>(), 36e6, 1e-6);
  EXPECT_NEAR(j["initial_covered_m2"].get<double>(), kDisk, 1e-6);
  ASSERT_EQ(j["proposals"].size(), 2u);
  EXPECT_EQ(j["proposals"][0]["candidate"], 1);  // ties between the two free disks go to the first listed
  EXPECT_EQ(j["proposals"][1]["candidate"], 2);
  EXPECT_NEAR(j["proposals"][0]["gain_m2"].get<double>(), kDisk, 1e-6);
  EXPECT_NEAR(j["proposals"][1]["covered_m2"].get<double>(), 3 * kDisk, 1e-6);
  EXPECT_NEAR(j["proposals"][1]["area_ratio"].get<double>(), 3 * kDisk / 36e6, 1e-12);
  EXPECT_EQ(j["candidates_outside"], nlohmann::json::array({3}));
  // Two free disks are the best any two sites can add: the bound may not fall below it.
  EXPECT_GE(j["upper_bound"].get<double>(), 3 * kDisk - 1e-6);
}

TEST(SuggestStopsCli, WritesTheRankedProposalsAndRefusesToClobber) {
  Fixture f;
  const std::string out = f.dir.file("proposals.gpkg");
  ASSERT_EQ(run_plan(f.base() + " --count 3 --out " + out).exit_code, 0);
  plan::ReadOptions ro;
  ro.layer = "proposals";
  const plan::Layer l = plan::read_layer(out, ro);
  ASSERT_EQ(l.features.size(), 3u);
  const auto rank = l.field_index("rank");
  ASSERT_TRUE(rank.has_value());
  EXPECT_EQ(std::get<std::int64_t>(l.features[0].values[*rank]), 1);
  const auto size = std::filesystem::file_size(out);
  const auto again = run_plan(f.base() + " --count 1 --out " + out);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("exists"), std::string::npos) << again.err;
  EXPECT_EQ(std::filesystem::file_size(out), size);
}

TEST(SuggestStopsCli, UnreachableTargetExitsThreeAndSaysHowCloseTheCandidatesGet) {
  Fixture f;
  const auto r = run_plan(f.base() + " --target 100%");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("cannot reach the target of 100.00 %"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("NOT reachable"), std::string::npos) << r.out;
}

TEST(SuggestStopsCli, BadInputsGiveClearMessagesAndExitCodes) {
  Fixture f;
  auto r = run_plan(f.base() + " --count 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--count must be a whole number of sites, at least 1"), std::string::npos) << r.err;
  r = run_plan(f.base());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--target"), std::string::npos) << r.err;
  r = run_plan(f.base() + " --target 120%");
  EXPECT_EQ(r.exit_code, 2);
  r = run_plan("suggest-stops --stops " + f.stops + " --area " + f.area + " --count 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("candidate sites"), std::string::npos) << r.err;
  r = run_plan("suggest-stops --stops " + f.stops + " --area " + f.area + " --candidates " + f.outside +
               " --count 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("none of the 2 candidate sites lies within 500 m of the study area"),
            std::string::npos)
      << r.err;
  const std::string empty = f.dir.file("empty.gpkg");
  plan::write_layers(empty, {points("empty", {})}, {});
  r = run_plan("suggest-stops --stops " + f.stops + " --area " + f.area + " --candidates " + empty +
               " --count 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("has no candidate sites"), std::string::npos) << r.err;
}

TEST(SuggestStopsCli, CandidatesAlongStreetsOnTheDemonstrationCity) {
  const std::string d = std::string(PLAN_SOURCE_DIR) + "/data/heze/demo/";
  const auto r =
      run_plan("suggest-stops --stops " + d + "bus_stops.geojson --area " + d +
               "central_city.geojson --streets " + d + "streets.geojson --spacing 200m --count 5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["proposals"].size(), 5u);
  double previous = j["initial_covered_m2"].get<double>();
  for (const auto& p : j["proposals"]) {
    EXPECT_NEAR(p["covered_m2"].get<double>() - previous, p["gain_m2"].get<double>(), 1e-6);
    previous = p["covered_m2"].get<double>();
  }
  // Gains never grow along the greedy order (submodularity).
  for (std::size_t i = 1; i < 5; ++i)
    EXPECT_LE(j["proposals"][i]["gain_m2"].get<double>(),
              j["proposals"][i - 1]["gain_m2"].get<double>() + 1e-6);
}

TEST(SuggestFacilitiesCli, DemonstrationCityElderlyCareWithinTheStandardDistance) {
  const std::string d = std::string(PLAN_SOURCE_DIR) + "/data/heze/demo/";
  const auto r = run_plan("suggest-facilities --network " + d + "streets.geojson --homes " + d +
                          "homes.geojson --population-field population --facilities " + d +
                          "facilities.geojson --category elderly_care --spacing 300m --count 4 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["within_m"].get<double>(), 1000);  // GB 50180-2018: elderly care in the 15-minute circle
  ASSERT_LE(j["proposals"].size(), 4u);
  std::size_t covered = j["initial_covered_homes"].get<std::size_t>();
  for (const auto& p : j["proposals"]) {
    covered += p["gain_homes"].get<std::size_t>();
    EXPECT_EQ(p["covered_homes"].get<std::size_t>(), covered);
  }
  const auto bad = run_plan("suggest-facilities --network " + d + "streets.geojson --homes " + d +
                            "homes.geojson --category nothing_like_this --count 1");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("not a GB 50180-2018 category: give --within"), std::string::npos) << bad.err;
}

// --profile 15min: the starting share is plan lifecircle's with the four 15-minute categories; each
// proposal names its category and the cumulative homes add up; a profile with --category or --within is a
// usage error, an unknown profile name a data error naming it.
TEST(SuggestFacilitiesCli, ProfileCompletesFifteenMinuteLifeCirclesFromWhatLifecircleMeasures) {
  const std::string d = std::string(PLAN_SOURCE_DIR) + "/data/heze/demo/";
  const std::string common = "suggest-facilities --network " + d + "streets.geojson --homes " + d +
                             "homes.geojson --population-field population --facilities " + d +
                             "facilities.geojson ";
  const auto r = run_plan(common + "--profile 15min --spacing 300m --count 4 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["profile"], "gb50180 15-minute");
  ASSERT_EQ(j["categories"].size(), 4u);
  // The same four categories as a profile file: plan lifecircle's complete homes are the starting point, and
  // suggest-facilities reads the file as it does.
  namespace fs = std::filesystem;
  const fs::path file = fs::temp_directory_path() / ("fifteen_" + std::to_string(::getpid()) + ".json");
  std::ofstream(file)
      << R"({"name": "fifteen", "categories": [)"
      << R"({"name": "middle_school", "within": "1000m"}, {"name": "health_centre", "within": "1000m"},)"
      << R"({"name": "elderly_care", "within": "1000m"}, {"name": "culture_sports", "within": "1000m"}]})";
  const auto lc =
      run_plan("lifecircle --network " + d + "streets.geojson --homes " + d + "homes.geojson --facilities " +
               d + "facilities.geojson --profile " + file.string() + " --json");
  ASSERT_EQ(lc.exit_code, 0) << lc.err;
  const auto l = nlohmann::json::parse(lc.out);
  EXPECT_EQ(j["initial_complete_homes"], l["complete"]);
  for (std::size_t k = 0; k < 4; ++k)
    EXPECT_EQ(j["categories"][k]["covered_homes"], l["categories"][k]["covered"]);
  const auto from_file = run_plan(common + "--profile " + file.string() + " --spacing 300m --count 4 --json");
  fs::remove(file);
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  const auto f = nlohmann::json::parse(from_file.out);
  EXPECT_EQ(f["profile"], "fifteen");
  EXPECT_EQ(f["proposals"], j["proposals"]);  // the same categories and distances: the same choice
  ASSERT_EQ(j["proposals"].size(), 4u);
  std::size_t homes = j["initial_complete_homes"].get<std::size_t>();
  EXPECT_EQ(homes, 379u);
  for (const auto& p : j["proposals"]) {
    homes += p["gain_homes"].get<std::size_t>();
    EXPECT_EQ(p["complete_homes"].get<std::size_t>(), homes);
    EXPECT_TRUE(p["category"] == "middle_school" || p["category"] == "health_centre" ||
                p["category"] == "elderly_care" || p["category"] == "culture_sports");
  }
  const auto both = run_plan(common + "--profile 15min --category elderly_care --count 1");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("drop --category and --within"), std::string::npos) << both.err;
  const auto unknown = run_plan(common + "--profile 20min --count 1");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("20min: cannot read the profile"), std::string::npos) << unknown.err;
}
