// The network commands end to end: plan reach, lifecircle, isochrone and coverage --metric network.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace {

const std::string kDemo = PLAN_SOURCE_DIR "/data/heze/demo";
const std::string kTinyOsm = PLAN_SOURCE_DIR "/tests/data/tiny_walk.osm";

struct CliRun {
  int code;
  std::string out;
};

CliRun plan_cli(const std::string& args) {
  const auto tmp =
      std::filesystem::temp_directory_path() / ("plan_net_cli_" + std::to_string(::getpid()) + ".txt");
  const std::string cmd = std::string(PLAN_CLI) + " " + args + " > " + tmp.string() + " 2>/dev/null";
  const int status = std::system(cmd.c_str());
  std::ifstream f(tmp);
  std::stringstream s;
  s << f.rdbuf();
  std::filesystem::remove(tmp);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, s.str()};
}

std::string demo_reach_args() {
  return "--network " + kDemo + "/streets.geojson --facilities " + kDemo + "/facilities.geojson --homes " +
         kDemo + "/homes.geojson";
}

}  // namespace

TEST(ReachCli, JsonCarriesTheRequiredKeysAndConsistentCounts) {
  const CliRun r =
      plan_cli("reach " + demo_reach_args() +
               " --category-field category --category primary_school --population-field population "
               "--within 500m --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"homes", "reachable", "unreachable", "covered", "covered_ratio",
                          "population_covered_ratio", "threshold_m"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["homes"].get<int>(), j["reachable"].get<int>() + j["unreachable"].get<int>());
  EXPECT_LE(j["covered"].get<int>(), j["reachable"].get<int>());
  EXPECT_DOUBLE_EQ(j["threshold_m"].get<double>(), 500);
  EXPECT_NEAR(j["covered_ratio"].get<double>(), j["covered"].get<double>() / j["homes"].get<double>(), 1e-12);
  EXPECT_FALSE(j["population_covered_ratio"].is_null());
}

TEST(ReachCli, WithoutPopulationTheRatioIsNull) {
  const CliRun r = plan_cli("reach " + demo_reach_args() + " --json");
  ASSERT_EQ(r.code, 0);
  EXPECT_TRUE(nlohmann::json::parse(r.out)["population_covered_ratio"].is_null());
}

TEST(ReachCli, UsageErrorsExitWithTwoAndDataErrorsWithOne) {
  EXPECT_EQ(plan_cli("reach " + demo_reach_args() + " --within soon").code, 2);
  EXPECT_EQ(plan_cli("reach " + demo_reach_args() + " --bogus 1").code, 2);
  EXPECT_EQ(plan_cli("reach --network /nonexistent/streets.gpkg --facilities x --homes y").code, 1);
  EXPECT_EQ(plan_cli("reach " + demo_reach_args() + " --population-field no_such_field").code, 1);
}

TEST(ReachCli, OutWritesHomesAndRefusesToClobber) {
  const auto dir = std::filesystem::temp_directory_path() / ("plan_net_out_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string out = (dir / "reach.gpkg").string();
  ASSERT_EQ(plan_cli("reach " + demo_reach_args() + " --out " + out).code, 0);
  ASSERT_TRUE(std::filesystem::exists(out));
  const auto size = std::filesystem::file_size(out);
  EXPECT_NE(plan_cli("reach " + demo_reach_args() + " --out " + out).code, 0)
      << "must not overwrite silently";
  EXPECT_EQ(std::filesystem::file_size(out), size);
  EXPECT_EQ(plan_cli("reach " + demo_reach_args() + " --out " + out + " --overwrite").code, 0);
  EXPECT_NE(plan_cli("reach " + demo_reach_args() + " --out " + kDemo + "/homes.geojson --overwrite").code, 0)
      << "an input is never replaced";
  std::filesystem::remove_all(dir);
}

TEST(LifecircleCli, ReportsEveryProfileCategoryAndCompleteShare) {
  const CliRun r = plan_cli("lifecircle " + demo_reach_args() + " --population-field population --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["categories"].size(), 9u);
  double min_ratio = 1;
  for (const auto& c : j["categories"]) {
    EXPECT_GT(c["facilities"].get<int>(), 0) << c["category"];
    min_ratio = std::min(min_ratio, c["covered_ratio"].get<double>());
  }
  EXPECT_LE(j["complete_ratio"].get<double>(), min_ratio) << "complete needs every category";
}

TEST(IsochroneCli, OsmFileGivesNestedPolygons) {
  const CliRun r =
      plan_cli("isochrone --network " + kTinyOsm + " --at 10.001,50.0 --within 100m,200m --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["isochrones"].size(), 2u);
  EXPECT_LT(j["isochrones"][0]["area_m2"].get<double>(), j["isochrones"][1]["area_m2"].get<double>());
  EXPECT_EQ(plan_cli("isochrone --network " + kTinyOsm + " --within 100m").code, 2) << "needs --from or --at";
}

TEST(CoverageCli, NetworkMetricReportsBothFiguresAndTheirRatio) {
  const CliRun r =
      plan_cli("coverage --stops " + kDemo + "/bus_stops.geojson --area " + kDemo +
               "/central_city.geojson --metric network --network " + kDemo + "/streets.geojson --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["network_covered_m2"].get<double>(), 0);
  EXPECT_LT(j["network_covered_m2"].get<double>(), j["covered_m2"].get<double>());
  EXPECT_NEAR(j["detour_penalty"].get<double>(),
              j["network_covered_m2"].get<double>() / j["covered_m2"].get<double>(), 1e-12);
  EXPECT_EQ(plan_cli("coverage --stops " + kDemo + "/bus_stops.geojson --area " + kDemo +
                     "/central_city.geojson --metric network")
                .code,
            2)
      << "--metric network needs --network";
}

TEST(ReachCli, OsmFacilitiesAreFoundByAnOtherTagsKey) {
  // The school and the clinic of the tiny OSM file: amenity is inside other_tags, not a column.
  const CliRun r =
      plan_cli("reach --network " + kTinyOsm + " --facilities " + kTinyOsm +
               " --category-field amenity --category school --homes " + kTinyOsm + " --within 100m --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["facilities"].get<int>(), 1);
  EXPECT_EQ(j["homes"].get<int>(), 2);
  EXPECT_EQ(j["covered"].get<int>(), 1) << "the school itself is covered; the clinic is ~215 m away";
  EXPECT_EQ(plan_cli("reach --network " + kTinyOsm + " --facilities " + kTinyOsm +
                     " --category-field amenity --category library --homes " + kTinyOsm)
                .code,
            1)
      << "no facility of that category is a data error";
}

TEST(LifecircleCli, ProfileFileIsUsedAndABrokenOneIsNamed) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("plan_net_profile_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string good = (dir / "two.json").string(), bad = (dir / "bad.json").string();
  std::ofstream(good) << R"({"name": "two", "categories": [
      {"name": "schools", "within": "10min", "match": ["primary_school", "middle_school"]},
      {"name": "shops", "within": "300m", "match": ["daily_shop"]}]})";
  std::ofstream(bad) << R"({"categories": [{"name": "x"}]})";
  const CliRun r = plan_cli("lifecircle " + demo_reach_args() + " --profile " + good + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["categories"].size(), 2u);
  EXPECT_NEAR(j["categories"][0]["threshold_m"].get<double>(), 2000.0 / 3, 1e-9);
  EXPECT_EQ(plan_cli("lifecircle " + demo_reach_args() + " --profile " + bad).code, 1);
  std::filesystem::remove_all(dir);
}

TEST(ReachCli, AnAttributeFilterOnFacilitiesEqualsChoosingTheirCategory) {
  // Two ways to ask for primary schools only: --category on the category field, or an OGR SQL filter on the
  // facilities layer. The figures must agree.
  const CliRun by_category =
      plan_cli("reach " + demo_reach_args() +
               " --category-field category --category primary_school --within 500m --json");
  const CliRun by_filter =
      plan_cli("reach " + demo_reach_args() +
               " --facilities-where \"category = 'primary_school'\" --within 500m --json");
  ASSERT_EQ(by_category.code, 0);
  ASSERT_EQ(by_filter.code, 0);
  const auto a = nlohmann::json::parse(by_category.out), b = nlohmann::json::parse(by_filter.out);
  EXPECT_EQ(a["covered"], b["covered"]);
  EXPECT_EQ(a["reachable"], b["reachable"]);
  EXPECT_GT(b["covered"].get<int>(), 0);
  EXPECT_LT(b["covered"].get<int>(), b["homes"].get<int>());
  EXPECT_EQ(plan_cli("reach " + demo_reach_args() + " --gcj02 shops --json").code, 2);  // not an input name
}
