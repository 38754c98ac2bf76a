// The Suggest tab headless: plan-viewer --edit --suggest-stops|--suggest-facilities --accept-proposals
// --screenshot under xvfb-run, on a rectangle whose coverage before and after is known by hand and on homes
// along one straight street whose reach is counted by hand, with the proposals drawn where they project and
// labelled with their rank.
#include <gtest/gtest.h>
#include <stb_image.h>
#include <sys/wait.h>
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

// A GeoJSON file of point features at UTM 50N metres relative to (kE, kN), each with its own properties.
void write_points(const fs::path& file, const std::vector<plan::XY>& metres,
                  const std::vector<std::string>& properties) {
  std::vector<plan::XY> utm;
  for (const plan::XY& p : metres) utm.push_back({kE + p.x, kN + p.y});
  const std::vector<plan::XY> ll = plan::transform_points(utm, "EPSG:32650", "EPSG:4326");
  std::ofstream out(file);
  out << R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < ll.size(); ++i) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "[%.10f,%.10f]", ll[i].x, ll[i].y);
    out << (i ? "," : "") << R"({"type":"Feature","properties":)" << properties[i]
        << R"(,"geometry":{"type":"Point","coordinates":)" << buf << "}}";
  }
  out << "]}";
}

// `n` points every `step` metres east from (x0, 0).
std::vector<plan::XY> row(double x0, int n, double step) {
  std::vector<plan::XY> out;
  for (int i = 0; i < n; ++i) out.push_back({x0 + i * step, 0});
  return out;
}

// The street of the facility test below with one elderly-care home at x = 0 and four groups of homes; the
// homes carry `population` when `people` gives it per group (C, A, B, D).
void write_street_case(const fs::path& d, const std::vector<int>& people) {
  write_geojson(d / "streets.geojson", "LineString", {{0, 0}, {6050, 0}});
  std::vector<plan::XY> homes;
  std::vector<std::string> properties;
  const std::vector<std::vector<plan::XY>> groups = {row(500, 4, 10), row(2010, 10, 10), row(3850, 6, 10),
                                                     row(5600, 3, 10)};
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (const plan::XY& p : groups[g]) {
      homes.push_back(p);
      properties.push_back(people.empty() ? "{}" : "{\"population\":" + std::to_string(people[g]) + "}");
    }
  write_points(d / "homes.geojson", homes, properties);
  std::ofstream out(d / "facilities.geojson");
  const std::vector<plan::XY> ll =
      plan::transform_points({{kE, kN}, {kE + 3000, kN}}, "EPSG:32650", "EPSG:4326");
  out << R"({"type":"FeatureCollection","features":[)";
  const std::pair<const char*, int> sites[] = {
      {"elderly_care", 0}, {"middle_school", 1}, {"health_centre", 1}, {"culture_sports", 1}};
  for (std::size_t i = 0; i < 4; ++i) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  R"(%s{"type":"Feature","properties":{"category":"%s"},"geometry":{"type":"Point",)"
                  R"("coordinates":[%.10f,%.10f]}})",
                  i ? "," : "", sites[i].first, ll[sites[i].second].x, ll[sites[i].second].y);
    out << buf;
  }
  out << "]}";
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

TEST(SuggestScreenshot,
     FacilityProposalsOnAStraightStreetReachTheHomesCountedByHandAndCompleteTheirLifeCircles) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb xauth): not tested";
  const fs::path d = fs::temp_directory_path() / ("viewer_suggest_fac_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  // One 6.05 km street along y = 0; homes on it in four groups; elderly care (1000 m) at x = 0 reaches group
  // C (4 homes at 500-530 m). Candidates every 200 m and the street's end: 32. Only a site at 3000 m reaches
  // both A (10 homes at 2010-2100 m: 900-990 m away) and B (6 homes at 3850-3900 m: 850-900 m away): 16
  // homes; a site at 2800 m misses B (1050 m), one at 3200 m misses A (1190 m). Then only group D (3 homes at
  // 5600-5620 m) is left, 3 homes for any site from 4800 m on. Homes reached: 4 of 23 (17.39 %), 20 (86.96
  // %), 23 (100 %).
  write_street_case(d, {});
  // The other 15-minute categories (middle school, health centre, culture and sports) stand at 3000 m, so
  // the life circle is complete for no home until elderly care comes within 1000 m of groups A and B:
  // 16 of 23 homes (69.57 %) once the first proposal is accepted; D (2.6 km from 3000 m) stays incomplete.
  const fs::path png = d / "shot.png";
  std::string args = "--screenshot '" + png.string() +
                     "' --size 800x300 --fit streets --edit facilities --suggest-facilities 2 "
                     "--suggest-category elderly_care --accept-proposals 2 --tab suggest";
  for (const char* f : {"streets", "homes", "facilities"}) args += " '" + (d / f).string() + ".geojson'";
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");
  const std::string log = read_text(d / "log.txt");
  EXPECT_NE(log.find("suggest: 1 elderly_care within 1000 m reach 4 of 23 homes (17.39 %); 32 candidates; "
                     "2 proposals"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("#1 gain 16 homes, cumulative 20 (86.96 %)"), std::string::npos) << log;
  EXPECT_NE(log.find("#2 gain 3 homes, cumulative 23 (100.00 %)"), std::string::npos) << log;
  EXPECT_NE(log.find("accepted 2 into facilities: 6 features"), std::string::npos) << log;
  EXPECT_NE(log.find("15-minute life circle complete for 16 of 23 homes (69.57 %) with 6 facilities"),
            std::string::npos)
      << log;
  // The first proposal is the site at 3000 m; the second one of those from 4800 m on.
  const viewer::LoadResult r = viewer::load_sources(
      {(d / "streets.geojson").string(), (d / "homes.geojson").string(), (d / "facilities.geojson").string()},
      "");
  ASSERT_EQ(r.layers.size(), 3u);
  std::vector<plan::XY> street;
  viewer::BBox box;
  for (const viewer::MapLayer& l : r.layers)
    if (l.data.name == "streets") street = l.data.features.at(0).geometry.lines.at(0), box = l.bbox;
  ASSERT_EQ(street.size(), 2u);
  const double ux = (street[1].x - street[0].x) / 6050, uy = (street[1].y - street[0].y) / 6050;
  viewer::MapView view;
  view.width_px = 800;
  view.height_px = 300;
  view.fit(box);
  int img_w = 0, img_h = 0, channels = 0;
  unsigned char* img = stbi_load(png.string().c_str(), &img_w, &img_h, &channels, 4);
  ASSERT_TRUE(img);
  ASSERT_EQ(img_w, 800);
  auto px = [&](int x, int y) { return img + (std::size_t(y) * img_w + x) * 4; };
  // The accepted site at 3000 m is ringed in green (20, 150, 60) and labelled in dark magenta on its right.
  const viewer::ScreenXY s = view.to_screen({street[0].x + 3000 * ux, street[0].y + 3000 * uy});
  int ring = 0, text = 0;
  for (int y = int(s.y) - 13; y <= int(s.y) + 13; ++y)
    for (int x = int(s.x) - 13; x <= int(s.x) + 13; ++x) {
      const unsigned char* c = px(x, y);
      ring += std::abs(c[0] - 20) < 30 && std::abs(c[1] - 150) < 30 && std::abs(c[2] - 60) < 30;
    }
  for (int y = int(s.y) - 9; y <= int(s.y) + 9; ++y)
    for (int x = int(s.x) + 9; x <= int(s.x) + 100; ++x) {
      const unsigned char* t = px(x, y);
      text += std::abs(t[0] - 150) < 40 && t[1] < 70 && std::abs(t[2] - 100) < 40;
    }
  EXPECT_GT(ring, 20) << "no accepted ring at " << s.x << "," << s.y;
  EXPECT_GT(text, 10) << "no label beside the proposal at " << s.x << "," << s.y;
  stbi_image_free(img);
  if (!HasFailure()) fs::remove_all(d);
}

// The same street with people: 1 in each home of C, A and B, 100 in each of D's 3 homes (320 in all; C's 4
// reached). By homes the site at 3000 m comes first (16 homes); by people a site from 4620 m (D within
// 1000 m) to 4850 m (B too) does: the one at 4800 m reaches B and D, 9 homes and 306 people, then any site
// reaching A adds its 10. The viewer maximises people because the homes have the field.
TEST(SuggestScreenshot, FacilityProposalsMaximisePeopleWhenTheHomesHaveAPopulation) {
  if (!have_xvfb_run()) GTEST_SKIP() << "xvfb-run is not installed (apt-get install xvfb xauth): not tested";
  const fs::path d = fs::temp_directory_path() / ("viewer_suggest_pop_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  write_street_case(d, {1, 1, 1, 100});
  std::string args = "--screenshot '" + (d / "shot.png").string() +
                     "' --size 800x300 --fit streets --edit facilities --suggest-facilities 2 "
                     "--suggest-category elderly_care --tab suggest";
  for (const char* f : {"streets", "homes", "facilities"}) args += " '" + (d / f).string() + ".geojson'";
  ASSERT_EQ(run_viewer(args, d / "log.txt"), 0) << read_text(d / "log.txt");
  const std::string log = read_text(d / "log.txt");
  EXPECT_NE(log.find("maximising people: 4 of 320 reached (1.25 %)"), std::string::npos) << log;
  EXPECT_NE(log.find("#1 gain 9 homes, cumulative 13 (56.52 %); 306 people, cumulative 310 (96.88 %)"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("#2 gain 10 homes, cumulative 23 (100.00 %); 10 people, cumulative 320 (100.00 %)"),
            std::string::npos)
      << log;
  if (!HasFailure()) fs::remove_all(d);
}

TEST(SuggestOptions, AnUnknownCategoryOrMoreAcceptedThanProposedIsAUsageError) {
  // The options are checked before any window opens: no display needed.
  const fs::path log = fs::temp_directory_path() / ("viewer_suggest_opts_" + std::to_string(::getpid()));
  auto run = [&](const std::string& args) {
    const int status = std::system(
        ("'" + std::string(PLAN_VIEWER) + "' " + args + " > '" + log.string() + "' 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(run("--suggest-facilities 2 --suggest-category hospital"), 2);
  EXPECT_NE(
      read_text(log).find("--suggest-category 'hospital' is not a GB 50180-2018 category (middle_school,"),
      std::string::npos)
      << read_text(log);
  EXPECT_EQ(run("--suggest-facilities 2 --accept-proposals 3"), 2);
  EXPECT_NE(
      read_text(log).find("--accept-proposals 3 is more than the 2 proposals --suggest-facilities asks for"),
      std::string::npos)
      << read_text(log);
  EXPECT_EQ(run("--suggest-facilities 2 --suggest-stops 2"), 2);
  EXPECT_NE(read_text(log).find("give --suggest-stops or --suggest-facilities, not both"), std::string::npos)
      << read_text(log);
  fs::remove(log);
}
