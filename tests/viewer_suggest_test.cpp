// The Suggest tab headless: plan-viewer --edit --suggest-stops --accept-proposals --screenshot under
// xvfb-run, on a rectangle whose coverage before and after is known by hand, with the proposals drawn
// where they project and labelled with their rank.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include "plan/io.hpp"
#include "plan/proposals.hpp"
#include "scene.hpp"
#include "view.hpp"
#include "viewer_run.hpp"

namespace fs = std::filesystem;

namespace {

using viewer_test::have_xvfb_run;
using viewer_test::read_text;

int run_viewer(const std::string& args, const fs::path& log) {
  return viewer_test::run_viewer(PLAN_VIEWER, args, log, 700, 300);
}

constexpr double kE = 450000, kN = 3900000;  // UTM 50N, near Heze

// A GeoJSON file of one geometry given in UTM 50N metres relative to (kE, kN), written as lon/lat.
void write_geojson(const fs::path& file, const std::string& type, const std::vector<plan::XY>& metres) {
  std::vector<plan::XY> utm;
  for (const plan::XY& p : metres) utm.push_back({kE + p.x, kN + p.y});
  const std::vector<plan::XY> ll = plan::transform_points(utm, "EPSG:32650", "EPSG:4326");
  std::string coords;
  for (const plan::XY& p : ll) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s[%.10f,%.10f]", coords.empty() ? "" : ",", p.x, p.y);
    coords += buf;
  }
  if (type == "LineString") coords = "[" + coords + "]";
  if (type == "Polygon") coords = "[[" + coords + "]]";
  std::ofstream(file) << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                      << R"("geometry":{"type":")" << type << R"(","coordinates":)" << coords << "}}]}";
}

}  // namespace

TEST(SuggestScreenshot, TwoProposalsOnARectangleAddTwoFullDisksAndShowTheirRanks) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb xauth): not tested";
  const fs::path d = fs::temp_directory_path() / ("viewer_suggest_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  // A 4 km × 1 km area, one stop whose 500 m disk fits at its west end, one street along the middle.
  // Every candidate from 1.5 km east of the stop on adds a whole disk, π·500² m², and the second one is
  // 1 km on from the first: coverage goes from π·500²/4 km² = 19.63 % to 3·π·500²/4 km² = 58.90 %.
  write_geojson(d / "central_city.geojson", "Polygon", {{0, 0}, {4000, 0}, {4000, 1000}, {0, 1000}, {0, 0}});
  write_geojson(d / "bus_stops.geojson", "Point", {{500, 500}});
  write_geojson(d / "streets.geojson", "LineString", {{0, 500}, {4000, 500}});
  const fs::path png = d / "shot.png";
  std::string args = "--screenshot '" + png.string() +
                     "' --size 800x500 --fit central_city --coverage 500 --edit bus_stops "
                     "--suggest-stops 2 --accept-proposals 2 --tab suggest";
  for (const char* f : {"central_city", "bus_stops", "streets"})
    args += " '" + (d / f).string() + ".geojson'";
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");
  const std::string log = read_text(d / "log.txt");
  EXPECT_NE(log.find("coverage 19.63 % at 500 m"), std::string::npos) << log;
  EXPECT_NE(log.find("suggest: 1 stops cover 19.63 %; 41 candidates; 2 proposals"), std::string::npos) << log;
  const double disk = std::numbers::pi * 500 * 500;
  char want[64];
  std::snprintf(want, sizeof want, "#1 gain %.1f m², cumulative 39.27 %%", disk);
  EXPECT_NE(log.find(want), std::string::npos) << want << "\n" << log;
  std::snprintf(want, sizeof want, "#2 gain %.1f m², cumulative 58.90 %%", disk);
  EXPECT_NE(log.find(want), std::string::npos) << want << "\n" << log;
  EXPECT_NE(log.find("coverage with the top 2 accepted: 58.90 %"), std::string::npos) << log;

  // The proposals where the library puts them, drawn as magenta diamonds with a label to their right.
  const viewer::LoadResult r =
      viewer::load_sources({(d / "central_city.geojson").string(), (d / "bus_stops.geojson").string(),
                            (d / "streets.geojson").string()},
                           "");
  ASSERT_EQ(r.layers.size(), 3u);
  plan::StopProposalInput in;
  for (const viewer::MapLayer& l : r.layers) {
    if (l.data.name == "central_city") in.area = plan::all_polygons(l.data);
    if (l.data.name == "bus_stops") in.stops = plan::all_points(l.data);
    if (l.data.name == "streets")
      for (const plan::Feature& f : l.data.features)
        in.candidates = plan::points_along(f.geometry.lines, 100);
  }
  plan::CoverageOptions co;
  co.radius_m = 500;
  plan::ProposalOptions po;
  po.count = 2;
  const plan::StopProposalResult expected = plan::propose_stops(in, co, po);
  ASSERT_EQ(expected.proposals.size(), 2u);
  viewer::MapView view;
  view.width_px = 800;
  view.height_px = 500;
  view.fit(r.layers[0].bbox);
  int img_w = 0, img_h = 0, channels = 0;
  unsigned char* img = stbi_load(png.string().c_str(), &img_w, &img_h, &channels, 4);
  ASSERT_TRUE(img);
  ASSERT_EQ(img_w, 800);
  auto px = [&](int x, int y) { return img + (std::size_t(y) * img_w + x) * 4; };
  for (const plan::StopProposal& p : expected.proposals) {
    EXPECT_NEAR(p.gain_m2, disk, 1e-3);
    const viewer::ScreenXY s = view.to_screen(p.position);
    const unsigned char* c = px(int(s.x), int(s.y));
    EXPECT_NEAR(c[0], 225, 12) << "proposal at " << s.x << "," << s.y;
    EXPECT_NEAR(c[1], 60, 12);
    EXPECT_NEAR(c[2], 150, 12);
    // The rank label's dark magenta text (150, 20, 100) right of the symbol.
    int text_pixels = 0;
    for (int y = int(s.y) - 9; y <= int(s.y) + 9; ++y)
      for (int x = int(s.x) + 9; x <= int(s.x) + 80; ++x) {
        const unsigned char* t = px(x, y);
        text_pixels += std::abs(t[0] - 150) < 40 && t[1] < 70 && std::abs(t[2] - 100) < 40;
      }
    EXPECT_GT(text_pixels, 10) << "no label beside the proposal at " << s.x << "," << s.y;
  }
  // (lon/lat and back moves the corners by a few micrometres: the area is 4 km² to within 1e-8)
  EXPECT_NEAR(expected.proposals.back().area_ratio, 3 * disk / 4e6, 1e-6);
  stbi_image_free(img);
  if (!HasFailure()) fs::remove_all(d);
}
