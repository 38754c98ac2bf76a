// The headless screenshot: plan-viewer --screenshot under xvfb-run with Mesa's software GL, checked pixel
// by pixel where known features project.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "isochrones.hpp"
#include "plan/io.hpp"
#include "scene.hpp"
#include "view.hpp"
#include "viewer_run.hpp"

namespace fs = std::filesystem;

namespace {
using viewer_test::have_xvfb_run;
using viewer_test::read_text;

int run_viewer(const std::string& args, const fs::path& log) {
  return viewer_test::run_viewer(PLAN_VIEWER, args, log, 200, 500);
}

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgba;
  const unsigned char* at(int x, int y) const { return &rgba[(std::size_t(y) * w + x) * 4]; }
};

Image load_png(const std::string& path) {
  Image img;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &img.w, &img.h, &channels, 4);
  if (data) {
    img.rgba.assign(data, data + std::size_t(img.w) * img.h * 4);
    stbi_image_free(data);
  }
  return img;
}

// A core area around Heze's centre and the central city inside it, off-centre; no names, so no label
// covers the pixels the test reads.
const char* kPlan = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"kind":"core","status":"existing"},
  "geometry":{"type":"Polygon","coordinates":[[[115.40,35.18],[115.56,35.18],[115.56,35.28],[115.40,35.28],[115.40,35.18]]]}}]})";
const char* kTowns = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"kind":"central_city","tier":1},"geometry":{"type":"Point","coordinates":[115.44,35.25]}}]})";

// One straight east-west street 6 km long around (kStreetX, kStreetY) in UTM 50N, written as lon/lat
// GeoJSON (so that it is straight in the CRS the viewer measures in) with the given properties. Returns
// the --isochrone-at text of an origin 10 m north of its middle.
constexpr double kStreetX = 450000, kStreetY = 3900000;
std::string write_straight_street(const fs::path& file, const std::string& properties_json) {
  const std::vector<plan::XY> ll = plan::transform_points(
      {{kStreetX - 3000, kStreetY}, {kStreetX + 3000, kStreetY}, {kStreetX, kStreetY + 10}}, "EPSG:32650",
      "EPSG:4326");
  char buf[600];
  std::snprintf(buf, sizeof buf,
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":%s,)"
                R"("geometry":{"type":"LineString","coordinates":[[%.10f,%.10f],[%.10f,%.10f]]}}]})",
                properties_json.c_str(), ll[0].x, ll[0].y, ll[1].x, ll[1].y);
  std::ofstream(file) << buf;
  std::snprintf(buf, sizeof buf, "%.10f,%.10f", ll[2].x, ll[2].y);
  return buf;
}

}  // namespace

TEST(Screenshot, RendersTheCoreAndTheCentralCityWhereTheyProject) {
  if (!have_xvfb_run())
    GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb xauth): screenshot not tested";
  const fs::path d = fs::temp_directory_path() / ("viewer_shot_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  std::ofstream(d / "core.geojson") << kPlan;
  std::ofstream(d / "settlements.geojson") << kTowns;
  const fs::path png = d / "shot.png";
  const std::string args = "--screenshot '" + png.string() + "' --size 800x500 --fit core '" +
                           (d / "core.geojson").string() + "' '" + (d / "settlements.geojson").string() + "'";
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");

  const Image img = load_png(png.string());
  ASSERT_EQ(img.w, 800);
  ASSERT_EQ(img.h, 500);

  // Not blank: a map has many colours.
  std::set<std::uint32_t> colours;
  for (std::size_t i = 0; i < img.rgba.size(); i += 4 * 7)
    colours.insert(img.rgba[i] | img.rgba[i + 1] << 8 | img.rgba[i + 2] << 16);
  EXPECT_GT(colours.size(), 20u);

  // Where the features project: the same reading and fit the viewer does.
  const viewer::LoadResult r =
      viewer::load_sources({(d / "core.geojson").string(), (d / "settlements.geojson").string()}, "");
  ASSERT_EQ(r.layers.size(), 2u);
  viewer::MapView view;
  view.width_px = 800;
  view.height_px = 500;
  view.fit(r.layers[0].bbox);

  // The core's fill, rgba(220, 60, 50, 110) over the paper colour (247, 246, 241), inside the polygon.
  const plan::XY inside = plan::transform_points({{115.52, 35.20}}, "EPSG:4326", r.crs).front();
  const viewer::ScreenXY c = view.to_screen(inside);
  const unsigned char* p = img.at(int(c.x), int(c.y));
  EXPECT_NEAR(p[0], 236, 4);
  EXPECT_NEAR(p[1], 166, 4);
  EXPECT_NEAR(p[2], 159, 4);

  // The central city's star, dark red (150, 0, 20), at its own pixel.
  const plan::XY town = plan::transform_points({{115.44, 35.25}}, "EPSG:4326", r.crs).front();
  const viewer::ScreenXY t = view.to_screen(town);
  const unsigned char* q = img.at(int(t.x), int(t.y));
  EXPECT_NEAR(q[0], 150, 6);
  EXPECT_NEAR(q[1], 0, 6);
  EXPECT_NEAR(q[2], 20, 6);

  // Outside the core, the paper colour.
  const unsigned char* o = img.at(5, 250);
  EXPECT_NEAR(o[0], 247, 3);
  EXPECT_NEAR(o[1], 246, 3);
  fs::remove_all(d);
}

TEST(Screenshot, AnUnreadableInputIsAnErrorNotACrash) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed: screenshot not tested";
  const fs::path d = fs::temp_directory_path() / ("viewer_bad_" + std::to_string(::getpid()));
  fs::create_directories(d);
  std::ofstream(d / "bad.geojson") << "{ not json";
  const int status = run_viewer(
      "--screenshot '" + (d / "x.png").string() + "' '" + (d / "bad.geojson").string() + "'", d / "log.txt");
  const std::string log = read_text(d / "log.txt");
  // The message is in the Layers panel of the picture, and the run succeeds: a bad file is not a crash.
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << log;
  EXPECT_NE(log.find("plan-viewer: error: " + (d / "bad.geojson").string()), std::string::npos) << log;
  EXPECT_TRUE(fs::exists(d / "x.png"));
  fs::remove_all(d);
}

TEST(Screenshot, IsochronesAtStartupDrawNestedBandsAlongTheStreet) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed: screenshot not tested";
  const fs::path d = fs::temp_directory_path() / ("viewer_iso_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  const double xm = kStreetX, y = kStreetY;
  const std::string origin = write_straight_street(d / "streets.geojson", "{}");
  const fs::path png = d / "shot.png";
  const std::string args = "--screenshot '" + png.string() +
                           "' --size 800x500 --fit isochrone_15min --isochrone-at " + origin + " '" +
                           (d / "streets.geojson").string() + "'";
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");
  const std::string log = read_text(d / "log.txt");
  // 5, 10, 15 min at 4 km/h: 333, 667, 1000 m each way, 100 m wide, plus the round ends (a circle of 50 m
  // drawn with 8 segments a quadrant, 7,804 m²): 0.074, 0.141, 0.208 km².
  EXPECT_NE(log.find("isochrone 5 min (333 m): 0.074 km²"), std::string::npos) << log;
  EXPECT_NE(log.find("isochrone 10 min (667 m): 0.141 km²"), std::string::npos) << log;
  EXPECT_NE(log.find("isochrone 15 min (1000 m): 0.208 km²"), std::string::npos) << log;

  const Image img = load_png(png.string());
  ASSERT_EQ(img.w, 800);
  viewer::MapView view;
  view.width_px = 800;
  view.height_px = 500;
  viewer::BBox box;  // the 15-minute band
  box.add(plan::XY{xm - 1050, y - 50});
  box.add(plan::XY{xm + 1050, y + 50});
  view.fit(box);
  // The fills, semi-transparent, over the paper colour: one layer, two, three.
  auto blend = [](std::array<double, 3> c, viewer::Rgba f) {
    const double a = f.a / 255.0;
    return std::array<double, 3>{c[0] * (1 - a) + f.r * a, c[1] * (1 - a) + f.g * a,
                                 c[2] * (1 - a) + f.b * a};
  };
  std::array<double, 3> expected{247, 246, 241};
  const double along_m[] = {850, 500, 150};  // inside 15 min only, 10 min (and 15), all three
  for (int k = 0; k < 3; ++k) {
    expected = blend(expected, viewer::isochrone_fill(2 - k, 3));
    const viewer::ScreenXY s = view.to_screen({xm + along_m[k], y - 25});
    const unsigned char* p = img.at(int(s.x), int(s.y));
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(p[c], expected[c], 4) << along_m[k] << " m along, channel " << c;
  }
  // Off the street by more than the half-width: nothing reached.
  const viewer::ScreenXY off = view.to_screen({xm, y - 150});
  EXPECT_NEAR(img.at(int(off.x), int(off.y))[0], 247, 3);
  fs::remove_all(d);
}

TEST(Screenshot, DriveModeAtStartupGoesOneWayAlongAOneWayRoad) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed: screenshot not tested";
  const fs::path d = fs::temp_directory_path() / ("viewer_drive_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  // A 6 km one-way primary road (60 km/h: 1 km a minute) drawn west to east; the origin 10 m north of
  // its middle.
  const std::string origin =
      write_straight_street(d / "roads.geojson", R"({"highway":"primary","oneway":"yes"})");
  const fs::path png = d / "shot.png";
  const std::string args = "--screenshot '" + png.string() + "' --size 800x500 --isochrone-mode drive " +
                           "--isochrone-within 1 --isochrone-at " + origin + " '" +
                           (d / "roads.geojson").string() + "'";
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");
  const std::string log = read_text(d / "log.txt");
  // 1 km east only, 100 m wide, with round ends (a drawn 50 m circle, 7,804 m²): 0.108 km².
  EXPECT_NE(log.find("drive isochrone 1 min (60 s): 0.108 km²"), std::string::npos) << log;

  // The demonstration city's streets have no road classes: drive mode says so and computes nothing.
  const std::string demo = PLAN_SOURCE_DIR "/data/heze/demo/streets.geojson";
  if (!fs::exists(demo)) GTEST_SKIP() << demo << " is absent";
  ASSERT_EQ(run_viewer("--screenshot '" + png.string() + "' --size 400x300 --isochrone-mode drive " +
                           "--isochrone-at 115.462,35.238 '" + demo + "'",
                       d / "log2.txt"),
            0)
      << read_text(d / "log2.txt");
  const std::string log2 = read_text(d / "log2.txt");
  EXPECT_NE(log2.find("no highway field"), std::string::npos) << log2;
  EXPECT_EQ(log2.find("drive isochrone"), std::string::npos) << log2;
  fs::remove_all(d);
}
