// Reach / isochrone panel: walking-network isochrones from a clicked point or a facility layer, computed
// by plan::compute_isochrones on a worker thread. Compiled only when the network library is part of the
// build (plan/isochrone.hpp present); otherwise the Analysis panel shows what is missing.
#pragma once

#if __has_include("plan/isochrone.hpp")
#define PLAN_VIEWER_HAS_NETWORK 1
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jobs.hpp"
#include "plan/isochrone.hpp"
#include "plan/network.hpp"
#endif

#include <imgui.h>

#include <string>

#include "plan/geometry.hpp"

namespace viewer {

struct AppState;

#ifdef PLAN_VIEWER_HAS_NETWORK
struct ReachOutput {
  std::shared_ptr<const plan::Network> network;  // kept for the next run on the same streets
  std::string network_layer;
  std::vector<plan::Isochrone> isochrones;
  std::size_t origins = 0, unsnapped = 0;
};

struct ReachPanel {
  std::string streets, facilities;  // layer names; facilities empty: the clicked point
  std::optional<plan::XY> clicked;
  bool picking = false;                      // the next click on the map sets the origin
  float thresholds_m[3] = {300, 500, 1000};  // GB 50180-2018 life circles by walking distance
  float half_width_m = 50;
  Job<ReachOutput> job;
  std::shared_ptr<std::atomic<double>> progress = std::make_shared<std::atomic<double>>(0.0);
  std::shared_ptr<const plan::Network> network;
  std::string network_layer;
  std::optional<ReachOutput> result;
  std::string error;
  double seconds = 0;
};
#endif

// Starts an isochrone run from the clicked point or the facility layer (no-op without the network library).
// Returns false with a reason when the inputs are missing.
bool start_reach(AppState& app, std::string* why);
// Takes a finished run: its polygons replace the previous "isochrones" layer.
void poll_reach(AppState& app);
// A click on the map while the tab waits for an origin: sets it and starts a run. Returns false when the
// tab was not waiting (the click then identifies a feature).
bool reach_map_click(AppState& app, plan::XY world);
// The tab's contents inside the Analysis window.
void reach_tab(AppState& app);
// The clicked origin on the map.
void draw_reach_origin(AppState& app, ImDrawList* dl);

}  // namespace viewer
