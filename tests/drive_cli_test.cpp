// plan reach / isochrone --mode drive end to end on a hand-written OSM file (tests/data/tiny_drive.osm,
// whose header comment draws the roads and works out the answers) and on a shared OSM extract.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "plan/io.hpp"
#include "plan/layer.hpp"
#include "test_support.hpp"

namespace {

using test_support::run_plan;

const std::string kTiny = PLAN_SOURCE_DIR "/tests/data/tiny_drive.osm";

std::string tiny_reach_args() {
  return "reach --network " + kTiny + " --facilities " + kTiny +
         " --category-field amenity --category hospital" + " --homes " + kTiny +
         " --homes-where \"name LIKE 'home%'\"";
}

// The --out homes layer as name → (distance_m, minutes); unreached homes are absent.
std::map<std::string, std::pair<double, double>> homes_out(const std::string& path) {
  const plan::Layer l = plan::read_layer(path, {});
  const auto name = l.field_index("name"), d = l.field_index("distance_m"), m = l.field_index("minutes");
  std::map<std::string, std::pair<double, double>> out;
  for (const plan::Feature& f : l.features)
    if (const auto* dv = std::get_if<double>(&f.values[*d]))
      out[std::get<std::string>(f.values[*name])] = {*dv, std::get<double>(f.values[*m])};
  return out;
}

// UTM zone 32 lengths at 50°N, 10°E (scale 0.99966): 0.001° of longitude 71.67 m, of latitude 111.19 m.
constexpr double kLon = 71.67, kLat = 111.19;

}  // namespace

TEST(DriveCli, TinyOsmFileByCarFollowsOneWaysSpeedsAndAccess) {
  test_support::TempDir dir;
  const std::string out = dir.file("homes.geojson");
  const auto r = run_plan(tiny_reach_args() + " --mode drive --within 40s --json --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["mode"], "drive");
  EXPECT_DOUBLE_EQ(j["threshold_s"].get<double>(), 40);
  EXPECT_FALSE(j.contains("speed_kmh"));
  const auto& n = j["network"];
  EXPECT_EQ(n["lines_drivable"], 3) << "residential, roundabout, spur";
  EXPECT_EQ(n["lines_closed_to_cars"], 2) << "the footway and the private service road";
  EXPECT_EQ(n["oneway_lines"], 2) << "oneway=yes and the roundabout";
  EXPECT_EQ(n["oneway_edges"], 4);
  EXPECT_EQ(n["arcs"], 6);
  EXPECT_EQ(n["maxspeed_used"], 2);
  EXPECT_EQ(n["maxspeed_ignored"], 1) << "CN:urban";
  EXPECT_EQ(j["homes"], 4);
  EXPECT_EQ(j["reachable"], 2);
  EXPECT_EQ(j["unreachable_ids"], nlohmann::json::array({32, 33})) << "beyond 250 m of any road cars use";
  EXPECT_EQ(j["covered"], 1) << "only home 4 within 40 s";

  const auto homes = homes_out(out);
  ASSERT_EQ(homes.size(), 2u);
  // Home 1 lies 2/5 of n1→n2 behind the hospital: on round the roundabout, all at 10 m/s.
  const double h1_m = 1 * kLon + kLat + 2 * kLon + kLat + 0.4 * kLon;
  EXPECT_NEAR(homes.at("home 1").first, h1_m, 0.5);
  EXPECT_NEAR(homes.at("home 1").second, h1_m / 10 / 60, 0.001);
  // Home 4: to n3 at 10 m/s, then half the spur at its class speed, 30 km/h.
  const double h4_s = (kLon + kLat) / 10 + 0.5 * kLat / (30 / 3.6);
  EXPECT_NEAR(homes.at("home 4").first, kLon + kLat + 0.5 * kLat, 0.5);
  EXPECT_NEAR(homes.at("home 4").second * 60, h4_s, 0.05);
}

TEST(DriveCli, WalkingTheSameFileGoesStraightBack) {
  test_support::TempDir dir;
  const std::string out = dir.file("homes.geojson");
  const auto r = run_plan(tiny_reach_args() + " --json --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["mode"], "walk");
  const auto homes = homes_out(out);
  EXPECT_NEAR(homes.at("home 1").first, 0.6 * kLon, 0.5) << "walkers ignore oneway";
  EXPECT_TRUE(homes.count("home 2")) << "walkers use the footway";
}

TEST(DriveCli, DistanceThresholdsAndAWalkingSpeedAreUsageErrors) {
  auto r = run_plan(tiny_reach_args() + " --mode drive --within 1000m");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("times"), std::string::npos) << r.err;
  r = run_plan(tiny_reach_args() + " --mode drive --speed-kmh 5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("walking"), std::string::npos) << r.err;
  EXPECT_EQ(run_plan(tiny_reach_args() + " --mode bike").exit_code, 2);
  EXPECT_EQ(
      run_plan("isochrone --network " + kTiny + " --at 10.001,49.99998 --mode drive --within 500m").exit_code,
      2);
  EXPECT_EQ(run_plan("lifecircle --network " + kTiny + " --facilities " + kTiny + " --homes " + kTiny +
                     " --mode drive")
                .exit_code,
            2)
      << "life circles are walking only";
}

TEST(DriveCli, IsochroneByCarDoesNotReachUpstream) {
  // From the hospital within 10 s at 10 m/s: 71.67 m on to n2 and 28.33 m up n2→n3, none back towards
  // n1. Buffered by 5 m with round caps and join: 2·5·100 + π·25 + 25·π/4 − 25 = 1073 m² (a little less
  // with GEOS's polygonal arcs); reaching upstream would add about 500 m² per 50 m.
  const auto r = run_plan("isochrone --network " + kTiny +
                          " --at 10.001,49.99998 --mode drive --within 10s,40s --half-width 5 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["mode"], "drive");
  EXPECT_EQ(j["network"]["oneway_edges"], 4);
  const auto& iso = j["isochrones"];
  ASSERT_EQ(iso.size(), 2u);
  EXPECT_DOUBLE_EQ(iso[0]["threshold_s"].get<double>(), 10);
  EXPECT_NEAR(iso[0]["minutes"].get<double>(), 10.0 / 60, 1e-12);
  EXPECT_NEAR(iso[0]["area_m2"].get<double>(), 1073, 15);
  EXPECT_GT(iso[1]["area_m2"].get<double>(), iso[0]["area_m2"].get<double>());
}

TEST(DriveCli, RealExtractHospitalsByCar) {
  const std::string data = test_support::shared_data_dir();
  if (data.empty()) GTEST_SKIP() << "../shared/data is absent: no OSM extract to drive on";
  const std::string p = data + "/osm/porto.osm.pbf";
  const auto r =
      run_plan("reach --mode drive --network " + p + " --facilities " + p +
               " --facilities-layer multipolygons --category-field amenity --category hospital --homes " + p +
               " --homes-layer points --largest-component --within 30min --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["network"]["oneway_edges"].get<int>(), 0);
  EXPECT_LT(j["network"]["arcs"].get<int>(), 2 * j["network"]["edges"].get<int>());
  EXPECT_GT(j["reachable"].get<int>(), 0);
  // Porto's extract is a few km across: every reachable place is within 30 minutes by car.
  EXPECT_EQ(j["covered"], j["reachable"]);
}
