// The Elderly care tab headless: plan-viewer --elderly-care --screenshot under xvfb-run, on one straight
// street with three residential communities and one elderly-care centre whose floor area is shared by hand,
// and on a facilities layer without a floor-area field.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "plan/io.hpp"
#include "viewer_run.hpp"

namespace fs = std::filesystem;

namespace {

using viewer_test::have_xvfb_run;
using viewer_test::read_text;

int run_viewer(const std::string& args, const fs::path& log) {
  return viewer_test::run_viewer(PLAN_VIEWER, args, log, 1000, 200);
}

constexpr double kE = 450000, kN = 3900000;  // UTM 50N, near Heze

// "[lon,lat]" of a point given in UTM 50N metres relative to (kE, kN).
std::string lonlat(double x, double y) {
  const plan::XY p = plan::transform_points({{kE + x, kN + y}}, "EPSG:32650", "EPSG:4326")[0];
  char buf[64];
  std::snprintf(buf, sizeof buf, "[%.10f,%.10f]", p.x, p.y);
  return buf;
}

// A feature collection of the given features (each already a GeoJSON Feature).
void write_collection(const fs::path& file, const std::vector<std::string>& features) {
  std::ofstream out(file);
  out << R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) out << (i ? "," : "") << features[i];
  out << "]}";
}

std::string point(double x, double y, const std::string& properties) {
  return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":{"type":"Point","coordinates":)" +
         lonlat(x, y) + "}}";
}

// A 40 m square community north of the street centred on (x, 40), so that it stands at (x, 40) and snaps
// to the street at x.
std::string community(double x, int households) {
  const std::string ring = lonlat(x - 20, 20) + "," + lonlat(x + 20, 20) + "," + lonlat(x + 20, 60) + "," +
                           lonlat(x - 20, 60) + "," + lonlat(x - 20, 20);
  return R"({"type":"Feature","properties":{"households":)" + std::to_string(households) +
         R"(},"geometry":{"type":"Polygon","coordinates":[[)" + ring + "]]}}";
}

void write_case(const fs::path& d, const std::string& facility_properties) {
  fs::create_directories(d);
  write_collection(d / "streets.geojson", {R"({"type":"Feature","properties":{},"geometry":{"type":)"
                                           R"("LineString","coordinates":[)" +
                                           lonlat(0, 0) + "," + lonlat(1000, 0) + "]}}"});
  // A needs 200 m² (1000 households), B 100 m² (500), C 20 m² (100).
  write_collection(d / "communities.geojson",
                   {community(100, 1000), community(300, 500), community(900, 100)});
  write_collection(d / "elderly_care.geojson", {point(200, 0, facility_properties)});
}

}  // namespace

// The centre at x = 200 is 100 m along the street from A and B and 700 m from C: its 330 m² go to A and B
// by households, 220 m² to A (needs 200) and 110 m² to B (needs 100); C has nothing within 300 m.
TEST(ElderlyCareScreenshot, ACentresFloorAreaIsSharedByHouseholdsAmongTheCommunitiesItReaches) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb xauth): not tested";
  const fs::path d = fs::temp_directory_path() / ("viewer_elderly_care_" + std::to_string(::getpid()));
  write_case(d, R"({"floor_area_m2":330})");
  const std::string args =
      "'" + (d / "streets.geojson").string() + "' '" + (d / "communities.geojson").string() + "' '" +
      (d / "elderly_care.geojson").string() + "' --elderly-care --panels --size 800x600 --screenshot '" +
      (d / "shot.png").string() + "'";
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");
  const std::string log = read_text(d / "log.txt");
  EXPECT_NE(log.find("elderly care: 2 of 3 communities meet the standard (66.67 %) with 1 facilities"),
            std::string::npos)
      << log;
  EXPECT_TRUE(fs::exists(d / "shot.png"));

  // 299 m² share out as 199.3 m² to A and 99.7 m² to B: both just short.
  write_case(d, R"({"floor_area_m2":299})");
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");
  EXPECT_NE(read_text(d / "log.txt").find("elderly care: 0 of 3 communities meet the standard (0.00 %)"),
            std::string::npos)
      << read_text(d / "log.txt");
  fs::remove_all(d);
}

TEST(ElderlyCareScreenshot, AFacilitiesLayerWithoutFloorAreasIsReportedNotMeasured) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb xauth): not tested";
  const fs::path d =
      fs::temp_directory_path() / ("viewer_elderly_care_nofield_" + std::to_string(::getpid()));
  write_case(d, R"({"beds":20})");
  const std::string args = "'" + (d / "streets.geojson").string() + "' '" +
                           (d / "communities.geojson").string() + "' '" +
                           (d / "elderly_care.geojson").string() +
                           "' --elderly-care --size 800x600 --screenshot '" + (d / "shot.png").string() + "'";
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");
  const std::string log = read_text(d / "log.txt");
  EXPECT_NE(log.find("--elderly-care: layer 'elderly_care' has no field 'floor_area_m2'"), std::string::npos)
      << log;
  EXPECT_EQ(log.find("communities meet the standard"), std::string::npos) << log;
  fs::remove_all(d);
}
