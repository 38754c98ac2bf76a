// plan-viewer: a map viewer for plans and for the results of libplan's measures.
//
//   plan-viewer [PATH...]            a plan folder, GeoPackage or any OGR files (default: data/heze)
//   plan-viewer --screenshot OUT.png [--size 1600x1000] [--layers a,b] [--fit LAYER] [PATH...]
//   plan-viewer --isochrone-at LON,LAT [--isochrone-within 5,10,15] [--isochrone-mode drive] [PATH...]
//   plan-viewer --edit bus_stops [--suggest-stops K [--accept-proposals N]] [--tab suggest] [PATH...]
//   plan-viewer --edit facilities --suggest-facilities K [--suggest-category elderly_care] [PATH...]
//   plan-viewer --benchmark-frames N [--benchmark-roads SEGMENTS] [--size WxH] [PATH...]
#include "gl.hpp"  // first: GL prototypes before anything includes GL/gl.h
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb/stb_image_write.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app.hpp"
#include "plan/io.hpp"
#include "plan/reach.hpp"
#include "plan/synthetic.hpp"

#ifndef PLAN_SOURCE_DIR
#define PLAN_SOURCE_DIR "."
#endif

namespace {

const char* kDescription = "plan-viewer: shows a plan's layers and the results of libplan's measures.";
const char* kFooter = R"(
PATH is a plan folder (its GeoJSON/GeoPackage layers), a GeoPackage, or any file OGR reads (.geojson,
.shp, .osm.pbf, ...). Without a PATH it opens data/heze (the built-in Heze plan). Files dropped on the
window are added. Everything is reprojected into one metric CRS (UTM of the first layer's centre).

Mouse: drag to pan, wheel to zoom about the cursor, click a feature to see its attributes. F: fit all.
Edit mode (the Edit window or --edit LAYER): click adds a point, drag moves one, Delete removes the
selected one, Ctrl+Z / Ctrl+Y undo and redo; Save writes a new GeoPackage, never the file read.)";

// GB 50180-2018's 5-, 10- and 15-minute life circles as walking distances: --reach-origin's thresholds.
constexpr const char* kReachThresholds = "300m,500m,1000m";

struct Options {
  std::vector<std::string> paths;
  std::string screenshot;
  int width = 1600, height = 1000;
  std::vector<std::string> layers;
  std::string fit;
  std::string title;
  bool panels = false;
  std::string tab;
  double coverage_radius_m = 0;
  bool elderly_care = false;
  std::optional<plan::XY> reach_origin_lonlat;
  std::vector<plan::XY> isochrone_at_lonlat;
  std::string isochrone_within;
  double isochrone_speed_kmh = 4;
  bool isochrone_speed_given = false;
  plan::TravelMode isochrone_mode = plan::TravelMode::Walk;
  bool isochrone_per_origin = false;
  std::string edit;
  int suggest_stops = 0;
  int suggest_facilities = 0;
  std::string suggest_category = "elderly_care";
  int accept_proposals = 0;
  int benchmark_frames = 0;
  long benchmark_roads = 0;
  double benchmark_zoom = 1;
  bool benchmark_phases = false;
  bool benchmark_drag = false;
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "plan-viewer: %s\n(see plan-viewer --help)\n", message.c_str());
  std::exit(2);
}

// A number written whole (CLI11's own conversion: "500abc" is not a number) that is > 0, or ≥ 0.
CLI::Validator number_check(bool zero_allowed) {
  return CLI::Validator(
      [zero_allowed](std::string& v) {
        double x = 0;
        if (CLI::detail::lexical_cast(v, x) && (zero_allowed ? x >= 0 : x > 0)) return std::string();
        return std::string(zero_allowed ? "wants a number ≥ 0" : "wants a positive number") + ", got '" + v +
               "'";
      },
      zero_allowed ? "≥ 0" : "> 0");
}

// "LON,LAT" in degrees, or nullopt.
std::optional<plan::XY> parse_lonlat(const std::string& text) {
  plan::XY p;
  char rest = 0;
  if (std::sscanf(text.c_str(), "%lf,%lf%c", &p.x, &p.y, &rest) != 2 || !(std::abs(p.x) <= 180) ||
      !(std::abs(p.y) <= 90))
    return std::nullopt;
  return p;
}

// What CLI11 reads as text, turned into Options by check_options.
struct RawOptions {
  std::string size, reach_origin, mode = "walk";
  std::vector<std::string> isochrone_at;
  CLI::Option* speed = nullptr;  // whether --isochrone-speed was given
};

// What to open and how the map looks.
void add_view_options(CLI::App& cli, Options& o, RawOptions& raw) {
  cli.add_option("PATH", o.paths, "a plan folder, GeoPackage or any file OGR reads (default: data/heze)");
  cli.add_option("--screenshot", o.screenshot,
                 "render one frame without a visible window, write it as PNG and exit")
      ->type_name("OUT.png");
  cli.add_option("--size", raw.size, "canvas size in pixels (default 1600x1000)")->type_name("WxH");
  cli.add_option("--layers", o.layers, "show only these layers (others stay in the layer panel, hidden)")
      ->delimiter(',')
      ->type_name("a,b,...");
  cli.add_option("--fit", o.fit, "fit the view to this layer (default: all visible layers)")
      ->type_name("LAYER");
  cli.add_option("--title", o.title, "a title drawn at the top of the map")->type_name("TEXT");
  cli.add_flag("--panels", o.panels, "with --screenshot: draw the layer and analysis panels too");
  cli.add_option("--tab", o.tab, "bring this Analysis tab to the front")
      ->check(CLI::IsMember({"coverage", "isochrones", "suggest", "elderly_care", "indicators", "reach"}))
      ->type_name("NAME");
}

// The analysis tabs: isochrones, coverage, editing and suggestions, run once the data is loaded.
void add_analysis_options(CLI::App& cli, Options& o, RawOptions& raw) {
  cli.add_option("--isochrone-at", raw.isochrone_at,
                 "place an origin of the Isochrones tab here and compute isochrones once the data is loaded "
                 "(repeat for several origins)")
      ->type_name("LON,LAT")
      ->allow_extra_args(false);
  cli.add_option(
         "--isochrone-within", o.isochrone_within,
         "the Isochrones tab's thresholds: minutes, e.g. 5,10,15 (the default), or distances such as 800m")
      ->type_name("LIST");
  raw.speed = cli.add_option("--isochrone-speed", o.isochrone_speed_kmh, "walking speed in km/h (default 4)")
                  ->check(number_check(false))
                  ->type_name("KMH");
  cli.add_option("--isochrone-mode", raw.mode,
                 "walk (the default) or drive: driving minutes over the road layer's drivable roads")
      ->check(CLI::IsMember({"walk", "drive"}))
      ->type_name("MODE");
  cli.add_flag("--isochrone-per-origin", o.isochrone_per_origin,
               "one polygon per origin instead of one merged area");
  cli.add_option("--reach-origin", raw.reach_origin,
                 "the Isochrones tab from this point at 300m,500m,1000m (unless --isochrone-within), keeping "
                 "the view")
      ->type_name("LON,LAT");
  cli.add_option("--coverage", o.coverage_radius_m,
                 "with --screenshot: run stop coverage at radius R m first (layers picked by name)")
      ->check(number_check(false))
      ->type_name("R");
  cli.add_flag(
      "--elderly-care", o.elderly_care,
      "with --screenshot: measure the elderly-care standard (indicator 16) on the layers communities, "
      "elderly_care and the streets first");
  cli.add_option("--edit", o.edit, "start in edit mode on this point layer (e.g. bus_stops)")
      ->type_name("LAYER");
  cli.add_option("--suggest-stops", o.suggest_stops,
                 "run the Suggest tab for K new stops once the data is loaded (candidates every 100 m along "
                 "the street layer; area, exclusions and radius of the Coverage tab)")
      ->check(number_check(false))
      ->type_name("K");
  cli.add_option("--suggest-facilities", o.suggest_facilities,
                 "run the Suggest tab for K new facilities of --suggest-category once the data is loaded "
                 "(homes layer 'homes', facilities layer 'facilities' or the edited one, candidates every "
                 "200 m along the street layer's network)")
      ->check(number_check(false))
      ->type_name("K");
  cli.add_option("--suggest-category", o.suggest_category,
                 "with --suggest-facilities: the GB 50180-2018 category (default elderly_care; its distance "
                 "is the threshold)")
      ->type_name("NAME");
  cli.add_option("--accept-proposals", o.accept_proposals,
                 "with --suggest-stops or --suggest-facilities: accept the top N proposals into the edited "
                 "layer")
      ->check(number_check(false))
      ->type_name("N");
}

void add_benchmark_options(CLI::App& cli, Options& o) {
  cli.add_option("--benchmark-frames", o.benchmark_frames,
                 "draw N frames while panning, print the mean frame time")
      ->check(number_check(false))
      ->type_name("N");
  cli.add_option("--benchmark-roads", o.benchmark_roads,
                 "with --benchmark-frames: add a synthetic road network")
      ->check(number_check(true))
      ->type_name("N");
  cli.add_flag("--benchmark-phases", o.benchmark_phases,
               "with --benchmark-frames: time UI, map and ImGui apart");
  cli.add_flag("--benchmark-drag", o.benchmark_drag, "with --benchmark-frames: pan as a mouse drag does");
  cli.add_option("--benchmark-zoom", o.benchmark_zoom, "with --benchmark-frames: zoom in by F after fitting")
      ->check(number_check(false))
      ->type_name("F");
}

// The checks CLI11 cannot make: formats, option pairs, categories and threshold lists.
void check_options(Options& o, const RawOptions& raw) {
  if (!raw.size.empty() && (std::sscanf(raw.size.c_str(), "%dx%d", &o.width, &o.height) != 2 ||
                            o.width < 64 || o.height < 64 || o.width > 16384 || o.height > 16384))
    usage_error("--size wants WIDTHxHEIGHT, e.g. 1600x1000, got '" + raw.size + "'");
  std::erase(o.layers, std::string());
  for (const std::string& v : raw.isochrone_at) {
    const std::optional<plan::XY> p = parse_lonlat(v);
    if (!p) usage_error("--isochrone-at wants LON,LAT in degrees, e.g. 115.475,35.235, got '" + v + "'");
    o.isochrone_at_lonlat.push_back(*p);
  }
  if (!raw.reach_origin.empty()) {
    o.reach_origin_lonlat = parse_lonlat(raw.reach_origin);
    if (!o.reach_origin_lonlat) usage_error("--reach-origin wants LON,LAT, got '" + raw.reach_origin + "'");
  }
  if (o.isochrone_within.size() >= sizeof(viewer::IsochronesPanel::thresholds))
    usage_error("--isochrone-within: list too long");
  o.isochrone_mode = raw.mode == "drive" ? plan::TravelMode::Drive : plan::TravelMode::Walk;
  o.isochrone_speed_given = raw.speed->count() > 0;
  if (o.paths.empty()) o.paths.push_back(viewer::default_plan_path(PLAN_SOURCE_DIR));
  if (o.suggest_stops > 0 && o.suggest_facilities > 0)
    usage_error("give --suggest-stops or --suggest-facilities, not both");
  const int suggesting = std::max(o.suggest_stops, o.suggest_facilities);
  const char* suggest_option = o.suggest_facilities > 0 ? "--suggest-facilities" : "--suggest-stops";
  if (o.accept_proposals > 0 && suggesting == 0)
    usage_error("--accept-proposals needs --suggest-stops K or --suggest-facilities K");
  if (o.accept_proposals > suggesting)
    usage_error("--accept-proposals " + std::to_string(o.accept_proposals) + " is more than the " +
                std::to_string(suggesting) + " proposals " + suggest_option + " asks for");
  if (!viewer::suggest_category_index(o.suggest_category)) {
    std::string names;
    for (const plan::LifeCircleCategory& c : plan::gb50180_profile().categories)
      names += (names.empty() ? "" : ", ") + c.name;
    usage_error("--suggest-category '" + o.suggest_category + "' is not a GB 50180-2018 category (" + names +
                ")");
  }
  if (o.isochrone_mode == plan::TravelMode::Drive && o.isochrone_speed_given)
    usage_error(
        "--isochrone-speed is the walking speed; with --isochrone-mode drive speeds come from the roads");
  if (!o.isochrone_within.empty()) {
    try {  // refuse a bad list here rather than in a panel the user may not see
      viewer::parse_thresholds(o.isochrone_within, o.isochrone_mode == plan::TravelMode::Drive
                                                       ? viewer::driving()
                                                       : viewer::walking(o.isochrone_speed_kmh));
    } catch (const std::exception& e) {
      usage_error(std::string("--isochrone-within: ") + e.what());
    }
  }
}

// The options, their help and their checks, declared once (CLI11). Numbers are checked whole: `--coverage
// 500abc` is refused, where atof read 500.
Options parse(int argc, char** argv) {
  Options o;
  CLI::App cli{kDescription, "plan-viewer"};
  cli.footer(kFooter);
  cli.get_formatter()->column_width(26);
  RawOptions raw;
  add_view_options(cli, o, raw);
  add_analysis_options(cli, o, raw);
  add_benchmark_options(cli, o);
  // CLI11 2.1 converts values before it looks for --help: look first, so that help works beside a wrong
  // value.
  for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i)
    if (!std::strcmp(argv[i], "-h") || !std::strcmp(argv[i], "--help")) {
      std::fputs(cli.help().c_str(), stdout);
      std::exit(0);
    }
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    usage_error(e.what());
  }

  check_options(o, raw);
  return o;
}

std::string find_cjk_font() {
  for (const char* p :
       {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"})
    if (std::filesystem::exists(p)) return p;
  return {};
}

// An offscreen target of exactly the requested size: the window may be hidden or larger than the
// (virtual) screen, and reading the default framebuffer of such a window is undefined.
struct Offscreen {
  GLuint fbo = 0, colour = 0;
  bool create(int w, int h) {
    glGenFramebuffers(1, &fbo);
    glGenRenderbuffers(1, &colour);
    glBindRenderbuffer(GL_RENDERBUFFER, colour);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
    return glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  }
  ~Offscreen() {
    if (fbo) glDeleteFramebuffers(1, &fbo);
    if (colour) glDeleteRenderbuffers(1, &colour);
  }
};

viewer::AppState* g_app = nullptr;

void on_drop(GLFWwindow*, int count, const char** paths) {
  if (!g_app) return;
  std::vector<std::string> v(paths, paths + count);
  viewer::add_sources(*g_app, v);
}

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);  // ImGui's own handling first
  if (g_app && action == GLFW_PRESS) g_app->key_presses.push_back(key);
}

void on_glfw_error(int code, const char* text) {
  std::fprintf(stderr, "plan-viewer: GLFW error %d: %s\n", code, text);
}

// One frame: jobs, fonts, UI, map, ImGui, at a canvas of width × height (offscreen: the target's size).
// Where a frame's time goes, for --benchmark-frames: CPU for the UI and labels, then the GL map and the
// ImGui draw, each up to glFinish (software GL rasterises on the CPU, so that is where time goes).
struct FrameTimes {
  double ui_ms = 0, map_ms = 0, imgui_ms = 0;
};

double ms_since(std::chrono::steady_clock::time_point& t) {
  const auto now = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - t).count();
  t = now;
  return ms;
}

void frame(viewer::AppState& app, int width, int height, int fb_width, int fb_height, bool interactive,
           FrameTimes* times = nullptr) {
  auto t = std::chrono::steady_clock::now();
  app.view.width_px = width;  // first: a load finished in poll_jobs fits the view to this canvas
  app.view.height_px = height;
  viewer::poll_jobs(app);
  viewer::upload_dirty(app);
  viewer::rebuild_fonts_if_needed(app);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(float(width), float(height));
  io.DisplayFramebufferScale = ImVec2(float(fb_width) / float(width), float(fb_height) / float(height));
  ImGui::NewFrame();
  if (interactive) viewer::handle_map_input(app);
  viewer::draw_overlays(app);
  if (app.show_panels) viewer::draw_panels(app);
  ImGui::Render();
  if (times) times->ui_ms += ms_since(t);

  viewer::draw_map(app, fb_width, fb_height);
  if (times) {
    glFinish();
    times->map_ms += ms_since(t);
  }
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (times) {
    glFinish();
    times->imgui_ms += ms_since(t);
  }
}

bool write_png(const std::string& path, int w, int h) {
  std::vector<unsigned char> pixels(std::size_t(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL rows run bottom-up, PNG rows top-down; the map is opaque, so alpha is forced to 255.
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < h; ++y)
    std::memcpy(&flipped[std::size_t(y) * w * 4], &pixels[std::size_t(h - 1 - y) * w * 4],
                std::size_t(w) * 4);
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  // Write beside the target and rename, so a failed run never leaves half a PNG.
  const std::string tmp = path + ".tmp.png";
  if (!stbi_write_png(tmp.c_str(), w, h, 4, flipped.data(), w * 4)) return false;
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

// A synthetic road network of about `segments` segments centred on the scene, for the frame-time measure.
void add_benchmark_roads(viewer::AppState& app, long segments) {
  plan::SyntheticCityOptions o;
  o.street_spacing_m = 250;
  // The demo city (radius 6 km, 250 m spacing) has about 3,500 segments; segments grow with the area.
  o.radius_m = 6000 * std::sqrt(double(segments) / 3500.0);
  o.stops = 10;
  plan::SyntheticCity city = plan::generate_city(o);
  plan::Layer roads;
  roads.name = "benchmark_roads";
  roads.crs = app.crs;
  roads.kind = plan::GeometryKind::Line;
  for (plan::LineString& l : city.streets) {
    for (plan::XY& p : l) p = {p.x + app.origin.x, p.y + app.origin.y};
    roads.features.push_back({std::int64_t(roads.features.size()), plan::Geometry::line(std::move(l)), {}});
  }
  viewer::MapLayer m = viewer::make_map_layer(std::move(roads));
  std::printf("benchmark roads: %zu segments\n", m.segments);
  auto slot = std::make_unique<viewer::LayerSlot>();
  slot->layer = std::move(m);
  app.layers.insert(app.layers.begin(), std::move(slot));
}

// GLFW, an OpenGL 3.3 core window (hidden for a screenshot) and Dear ImGui on it; nullptr, after saying
// why on stderr, when there is no display or no OpenGL 3.3.
GLFWwindow* open_window(const Options& opt) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "plan-viewer: cannot initialise GLFW (no display? try xvfb-run -a)\n");
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  if (!opt.screenshot.empty()) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(opt.width, opt.height, "plan-viewer", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "plan-viewer: cannot create an OpenGL 3.3 window\n");
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(opt.benchmark_frames > 0 ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // panels start where the code puts them; no stray imgui.ini files
  ImGui::StyleColorsLight();
  ImGui::GetStyle().WindowRounding = 4;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  // Device objects now, so that the CJK font rebuild before the first frame replaces the font texture
  // instead of being followed by the backend creating a second one.
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  return window;
}

void close_window(GLFWwindow* window) {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
}

// The app's state as the options set it before anything is loaded.
void configure(viewer::AppState& app, const Options& opt) {
  const bool headless = !opt.screenshot.empty();
  app.font_path = find_cjk_font();
  app.only_layers = opt.layers;
  app.fit_layer = opt.fit;
  app.title = opt.title;
  app.show_panels = !headless || opt.panels;
  app.use_cache = !headless;  // a screenshot is drawn once: straight into its target
  app.select_tab = opt.tab == "reach" ? "isochrones" : opt.tab;  // the Reach tab is now the Isochrones tab
  viewer::IsochronesPanel& ip = app.isochrones;
  ip.startup_lonlat = opt.isochrone_at_lonlat;
  if (opt.reach_origin_lonlat) ip.startup_lonlat.push_back(*opt.reach_origin_lonlat);
  // --reach-origin keeps its life-circle distances unless the thresholds are given.
  const std::string within = opt.isochrone_within.empty() && opt.reach_origin_lonlat
                                 ? std::string(kReachThresholds)
                                 : opt.isochrone_within;
  if (!within.empty()) std::snprintf(ip.thresholds, sizeof ip.thresholds, "%s", within.c_str());
  ip.speed_kmh = float(opt.isochrone_speed_kmh);
  ip.mode = opt.isochrone_mode;
  ip.per_origin = opt.isochrone_per_origin;
  // A frame benchmark keeps its own view, and so does --reach-origin, as its tab did.
  ip.fit_when_done = !opt.isochrone_at_lonlat.empty() && opt.fit.empty() && opt.benchmark_frames == 0;
  if (!ip.startup_lonlat.empty() && opt.tab.empty()) app.select_tab = "isochrones";
  app.edit.startup_layer = opt.edit;
  const int suggesting = std::max(opt.suggest_stops, opt.suggest_facilities);
  app.suggest.startup_count = suggesting;
  app.suggest.startup_accept = opt.accept_proposals;
  if (opt.suggest_facilities > 0) {
    app.suggest.kind = viewer::SuggestKind::Facilities;
    app.suggest.category = viewer::suggest_category_index(opt.suggest_category).value_or(0);
  }
  if (suggesting > 0) {
    app.suggest.count = suggesting;
    if (opt.tab.empty()) app.select_tab = "suggest";
  }
  if (opt.elderly_care && opt.tab.empty()) app.select_tab = "elderly_care";
  app.view.width_px = opt.width;
  app.view.height_px = opt.height;
}

void load_all(viewer::AppState& app) {
  viewer::poll_jobs(app);
  app.loader.wait();
  viewer::poll_jobs(app);
}

// --coverage R: stop coverage at R metres, waited for.
void startup_coverage(viewer::AppState& app, double radius_m) {
  app.coverage.radius_m = float(radius_m);
  viewer::start_coverage(app);
  if (!app.coverage.job.running()) app.messages.push_back("error: --coverage: no stops or area layer found");
  app.coverage.job.wait();
  viewer::poll_jobs(app);
  if (!app.coverage.error.empty()) app.messages.push_back("error: coverage: " + app.coverage.error);
  if (app.coverage.result)
    std::printf("coverage %.2f %% at %.0f m (%.2f s)\n", app.coverage.result->area_ratio * 100,
                app.coverage.result->radius_m, app.coverage.seconds);
}

// --elderly-care: the elderly-care standard on the loaded layers, waited for.
void startup_elderly_care(viewer::AppState& app) {
  viewer::ElderlyCarePanel& ep = app.elderly_care;
  std::string why;
  if (!viewer::start_elderly_care(app, &why)) app.messages.push_back("error: --elderly-care: " + why);
  ep.job.wait();
  viewer::poll_jobs(app);
  if (!ep.error.empty()) app.messages.push_back("error: elderly care: " + ep.error);
  if (ep.result) {
    const plan::FloorAreaResult& r = ep.result->result;
    std::printf(
        "elderly care: %zu of %zu communities meet the standard (%.2f %%) with %zu facilities (%.2f s)\n",
        r.meeting, r.communities.size(), r.meeting_ratio * 100, ep.result->facilities, ep.seconds);
  }
}

// --edit / --suggest-stops / --suggest-facilities / --accept-proposals: edit mode, the Suggest run and the
// accepted proposals' coverage, waited for.
void startup_suggest(viewer::AppState& app, int accepting) {
  viewer::SuggestPanel& sp = app.suggest;
  viewer::poll_jobs(app);  // starts the run (when an earlier poll has not)
  sp.job.wait();
  viewer::poll_jobs(app);  // takes the proposals (and accepts the first ones)
  if (!sp.error.empty()) app.messages.push_back("error: suggest: " + sp.error);
  if (!app.edit.message.empty()) app.messages.push_back(app.edit.message);
  if (!sp.result) return;
  if (sp.result->kind == viewer::SuggestKind::Facilities) {
    const plan::FacilityProposalResult& r = sp.result->facilities;
    const double homes = double(std::max<std::size_t>(1, r.homes));
    std::printf(
        "suggest: %zu %s within %.0f m reach %zu of %zu homes (%.2f %%); %zu candidates; %zu proposals "
        "(%.2f s)\n",
        sp.result->stops, sp.result->category.c_str(), r.within_m, r.initial_covered_homes, r.homes,
        double(r.initial_covered_homes) / homes * 100, sp.result->candidates, r.proposals.size(), sp.seconds);
    if (sp.result->by_people)
      std::printf("maximising people: %.0f of %.0f reached (%.2f %%)\n", r.initial_covered_population,
                  r.population_total,
                  r.population_total > 0 ? r.initial_covered_population / r.population_total * 100 : 0.0);
    for (std::size_t i = 0; i < r.proposals.size(); ++i) {
      std::printf("  #%zu gain %zu homes, cumulative %zu (%.2f %%)", i + 1, r.proposals[i].gain_homes,
                  r.proposals[i].covered_homes, r.proposals[i].homes_ratio * 100);
      if (sp.result->by_people)
        std::printf("; %.0f people, cumulative %.0f (%.2f %%)", r.proposals[i].gain_population,
                    r.proposals[i].covered_population, r.proposals[i].population_ratio.value_or(0) * 100);
      std::printf("\n");
    }
    if (accepting > 0 && app.edit.session)
      std::printf("accepted %d into %s: %zu features\n", accepting, app.edit.layer.c_str(),
                  app.edit.session->layer().features.size());
    viewer::LifeCirclePanel& lp = app.lifecircle;
    for (int i = 0; i < 2; ++i) {  // the run going, then the one the accepted sites asked for
      lp.job.wait();
      viewer::poll_jobs(app);
    }
    if (!lp.error.empty()) app.messages.push_back("error: life circles: " + lp.error);
    if (lp.result) {
      const plan::ReachShares& s = lp.result->result.complete_shares;
      std::printf("15-minute life circle complete for %zu of %zu homes (%.2f %%) with %zu facilities\n",
                  s.covered, s.homes, s.covered_ratio * 100, lp.result->facilities);
    }
    return;
  }
  const plan::StopProposalResult& r = sp.result->result;
  std::printf("suggest: %zu stops cover %.2f %%; %zu candidates; %zu proposals (%.2f s)\n", sp.result->stops,
              r.initial_area_ratio * 100, sp.result->candidates, r.proposals.size(), sp.seconds);
  for (std::size_t i = 0; i < r.proposals.size(); ++i)
    std::printf("  #%zu gain %.1f m², cumulative %.2f %%\n", i + 1, r.proposals[i].gain_m2,
                r.proposals[i].area_ratio * 100);
  if (accepting > 0 && app.coverage.stops == app.edit.layer) {
    app.coverage.job.wait();  // the run the accepted stops started (after any that was going)
    viewer::poll_jobs(app);
    app.coverage.job.wait();
    viewer::poll_jobs(app);
    if (app.coverage.result)
      std::printf("coverage with the top %d accepted: %.2f %%\n", accepting,
                  app.coverage.result->area_ratio * 100);
  }
}

// --isochrone-at / --reach-origin: the Isochrones tab's run from the startup origins, waited for.
void startup_isochrones(viewer::AppState& app, const Options& opt) {
  viewer::IsochronesPanel& ip = app.isochrones;
  viewer::poll_jobs(app);  // places the origins and starts the run
  ip.job.wait();
  viewer::poll_jobs(app);
  if (!ip.error.empty()) app.messages.push_back("error: isochrones: " + ip.error);
  if (ip.result)
    for (const viewer::IsochroneSummary& row : ip.result->rows)
      std::printf("%s isochrone %.4g min (%.0f %s): %.3f km²%s (%.2f s)\n",
                  plan::to_string(ip.result->pace.mode), row.minutes, row.threshold,
                  ip.result->pace.mode == plan::TravelMode::Drive ? "s" : "m", row.area_m2 / 1e6,
                  row.polygons > 1 ? " per origin (mean)" : "", ip.seconds);
  if (!opt.fit.empty()) viewer::fit_to(app, opt.fit);  // --fit may name a result layer
}

// The indicator report of an opened plan, judged again when the coverage result arrived after it started.
void startup_indicators([[maybe_unused]] viewer::AppState& app) {
#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
  viewer::poll_jobs(app);  // starts the indicator report of an opened plan
  app.indicators.job.wait();
  viewer::poll_jobs(app);
  if (app.indicators.requested) {
    viewer::poll_jobs(app);
    app.indicators.job.wait();
    viewer::poll_jobs(app);
  }
  if (!app.indicators.error.empty()) app.messages.push_back("error: indicators: " + app.indicators.error);
#endif
}

// Draws a few frames into an offscreen target of the requested size (ImGui sizes auto-resizing windows,
// the legend, on the first one) and writes the last as PNG. Returns the exit status.
int draw_screenshot(viewer::AppState& app, const Options& opt) {
  Offscreen target;
  if (!target.create(opt.width, opt.height)) {
    std::fprintf(stderr, "plan-viewer: cannot create an offscreen framebuffer\n");
    return 1;
  }
  for (int i = 0; i < 3; ++i) frame(app, opt.width, opt.height, opt.width, opt.height, false);
  glFinish();
  int status = 0;
  if (!write_png(opt.screenshot, opt.width, opt.height)) {
    std::fprintf(stderr, "plan-viewer: cannot write %s\n", opt.screenshot.c_str());
    status = 1;
  } else {
    std::printf("wrote %s (%dx%d, %zu layers)\n", opt.screenshot.c_str(), opt.width, opt.height,
                app.layers.size());
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return status;
}

// --screenshot: loads synchronously, runs the analyses the options ask for, draws once and writes the PNG.
int run_screenshot(viewer::AppState& app, const Options& opt) {
  load_all(app);
  if (opt.coverage_radius_m > 0) startup_coverage(app, opt.coverage_radius_m);
  // (the options, not the tab's startup list: loading takes that list into the tab's origins)
  if (!opt.isochrone_at_lonlat.empty() || opt.reach_origin_lonlat) startup_isochrones(app, opt);
  if (!opt.edit.empty() || opt.suggest_stops > 0 || opt.suggest_facilities > 0)
    startup_suggest(app, opt.accept_proposals);
  if (opt.elderly_care) startup_elderly_care(app);
  startup_indicators(app);
  for (const std::string& m : app.messages) std::fprintf(stderr, "plan-viewer: %s\n", m.c_str());
  // Files that could not be loaded are messages in the Layers panel, drawn like any other picture; only a
  // run that loaded nothing and has nothing to say fails.
  if (app.layers.empty() && app.messages.empty()) {
    std::fprintf(stderr, "plan-viewer: nothing to draw\n");
    return 1;
  }
  return draw_screenshot(app, opt);
}

// --benchmark-frames N: pans the map N frames after a warm-up and prints the frame times.
int run_benchmark(viewer::AppState& app, GLFWwindow* window, const Options& opt) {
  load_all(app);
  if (opt.benchmark_roads > 0) add_benchmark_roads(app, opt.benchmark_roads);
  viewer::fit_to(app, "");
  app.view.zoom_about({opt.width / 2.0, opt.height / 2.0}, opt.benchmark_zoom);
  for (int i = 0; i < 3; ++i) {  // warm-up: uploads, font atlas, shader compilation in the driver
    frame(app, opt.width, opt.height, opt.width, opt.height, false);
    glfwSwapBuffers(window);
  }
  app.dragging = opt.benchmark_drag;
  std::vector<double> ms;
  FrameTimes times;
  std::size_t segments = 0;
  for (auto& s : app.layers) segments += s->layer.visible ? s->layer.segments : 0;
  for (int i = 0; i < opt.benchmark_frames; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    glfwPollEvents();
    app.view.pan_pixels(3, 1);  // a pan every frame, as a user drags the map
    frame(app, opt.width, opt.height, opt.width, opt.height, false, opt.benchmark_phases ? &times : nullptr);
    glfwSwapBuffers(window);
    glFinish();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double v : ms) sum += v;
  const double mean = sum / double(ms.size());
  std::printf(
      "frames %d at %dx%d, %zu layers, %zu segments: mean %.2f ms (%.1f fps), median %.2f ms, p95 %.2f "
      "ms\n",
      opt.benchmark_frames, opt.width, opt.height, app.layers.size(), segments, mean, 1000.0 / mean,
      ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]);
  const double n = opt.benchmark_frames;
  if (opt.benchmark_phases)
    std::printf("per frame: ui+labels %.2f ms, map %.2f ms, imgui %.2f ms, swap %.2f ms\n", times.ui_ms / n,
                times.map_ms / n, times.imgui_ms / n,
                mean - (times.ui_ms + times.map_ms + times.imgui_ms) / n);
  std::printf("meshes: %zu fill triangles, built in %.1f ms (GEOS constrained Delaunay + line quads)\n",
              app.mesh_triangles, app.mesh_build_ms);
  std::printf("font atlas %dx%d, %d glyph ranges\n", ImGui::GetIO().Fonts->TexWidth,
              ImGui::GetIO().Fonts->TexHeight, app.glyph_ranges.Size / 2);
  std::printf("renderer: %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
  return 0;
}

// The window's frame loop until it is closed: sleeps while minimised, writes a requested PNG after the
// frame it shows.
int run_interactive(viewer::AppState& app, GLFWwindow* window) {
  while (!glfwWindowShouldClose(window)) {
    glfwPollEvents();
    if (glfwGetWindowAttrib(window, GLFW_ICONIFIED)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    int w = 0, h = 0;
    glfwGetWindowSize(window, &w, &h);
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window, &fw, &fh);
    if (w <= 0 || h <= 0) continue;
    frame(app, w, h, fw, fh, true);
    if (!app.save_png_request.empty()) {
      glReadBuffer(GL_BACK);
      const bool ok = write_png(app.save_png_request, fw, fh);
      app.messages.push_back((ok ? "saved " : "error: cannot write ") + app.save_png_request);
      app.save_png_request.clear();
    }
    glfwSwapBuffers(window);
  }
  return 0;
}

// Waits for every worker (none may outlive the state it writes into), then frees the GL objects.
void wait_and_release(viewer::AppState& app) {
  app.loader.wait();
  app.coverage.job.wait();
  app.isochrones.job.wait();
  app.suggest.cancel->store(true);
  app.suggest.job.wait();
  app.lifecircle.job.wait();
#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
  app.indicators.job.wait();
#endif
  for (auto& s : app.layers) app.renderer.release(s->gpu);
  viewer::release_cache(app);
  app.renderer.shutdown();
}

// One of three modes: a screenshot, a frame benchmark, or the interactive window.
int run(const Options& opt) {
  GLFWwindow* window = open_window(opt);
  if (!window) return 1;
  int status = 0;
  {
    viewer::AppState app;
    g_app = &app;
    glfwSetDropCallback(window, on_drop);
    glfwSetKeyCallback(window, on_key);  // replaces ImGui's callback, which on_key calls
    configure(app, opt);
    std::string error;
    if (!app.renderer.init(&error)) {
      std::fprintf(stderr, "plan-viewer: %s\n", error.c_str());
      status = 1;
    }
    if (app.font_path.empty())
      app.messages.push_back("warning: no CJK font found (install fonts-wqy-microhei)");
    viewer::add_sources(app, opt.paths);
    if (status == 0) {
      if (!opt.screenshot.empty())
        status = run_screenshot(app, opt);
      else if (opt.benchmark_frames > 0)
        status = run_benchmark(app, window, opt);
      else
        status = run_interactive(app, window);
    }
    wait_and_release(app);
    g_app = nullptr;
  }
  close_window(window);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse(argc, argv);
  try {
    return run(opt);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "plan-viewer: %s\n", e.what());
    return 1;
  }
}
