// Isochrones tab: walking-time isochrones (5, 10, 15 min at 4 km/h by default) or driving-time ones (minutes
// at the road classes' speeds, one-way streets one way: plan/drive.hpp) from points placed on the map or
// from a points layer, over a line layer's walking or driving network, by plan::compute_isochrones on a
// worker thread. The result joins the map as one layer per threshold, nested and graded from near to far
// (viewer/core/isochrones.hpp), with the areas in the tab.
#pragma once

#include <imgui.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../../core/isochrones.hpp"
#include "../../core/mesh.hpp"
#include "jobs.hpp"

namespace viewer {

struct AppState;

// What the worker hands over: the run, and its layers with their meshes already built (per-origin results
// can hold thousands of polygons, which must not be triangulated on the UI thread).
struct IsochronesOutput {
  IsochroneRun run;
  std::string network_layer;
  Pace pace;
  std::size_t origins = 0;
  std::vector<IsochroneSummary> rows;
  std::vector<MapLayer> layers;   // increasing threshold
  std::vector<LayerMesh> meshes;  // one per layer, relative to mesh_origin
  plan::XY mesh_origin;
};

struct IsochronesPanel {
  std::string network;                   // line layer name
  std::string origins_layer;             // points layer name; empty: the points placed on the map
  std::vector<plan::XY> placed;          // scene CRS
  std::vector<plan::XY> startup_lonlat;  // --isochrone-at: placed and computed once the first load is in
  bool placing = false;                  // clicks on the map place origins
  plan::TravelMode mode = plan::TravelMode::Walk;
  char thresholds[96] = "5, 10, 15";  // minutes (walking: or distances with a unit), parse_thresholds
  float speed_kmh = 4;                // walking only
  float half_width_m = 50;
  bool per_origin = false;
  bool requested = false;      // Compute pressed while a run was going: run again when it ends
  bool fit_when_done = false;  // zoom to the next result (the --isochrone-at run)
  Job<IsochronesOutput> job;
  std::shared_ptr<std::atomic<double>> progress = std::make_shared<std::atomic<double>>(0.0);
  std::optional<IsochronesOutput> result;  // its layers are on the map (moved out), the rest stays
  std::vector<std::string> layer_names;    // the result layers on the map
  std::string error;
  double seconds = 0;
};

// Starts a run with the tab's inputs. Returns false with a reason when an input is missing or wrong.
bool start_isochrones(AppState& app, std::string* why);
// Takes a finished run (its layers replace the previous ones); starts the --isochrone-at run once the
// first load is in, and a requested one when the last has ended.
void poll_isochrones(AppState& app);
// A click on the map while the tab is placing origins: adds one. Returns false when it is not placing.
bool isochrones_map_click(AppState& app, plan::XY world);
// The tab's contents inside the Analysis window.
void isochrones_tab(AppState& app);
// The placed origins, numbered, on the map.
void draw_isochrone_origins(AppState& app, ImDrawList* dl);

}  // namespace viewer
