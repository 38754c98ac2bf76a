// The viewer's state and the functions that draw it: one struct for what is shown, one function per panel.
// The shell (app.cpp) owns the layers and the jobs; map/ draws the canvas; panels/ holds one file per panel.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../core/labels.hpp"
#include "../core/mesh.hpp"
#include "../core/picking.hpp"
#include "../core/scene.hpp"
#include "../core/view.hpp"
#include "jobs.hpp"
#include "map/renderer.hpp"
#include "panels/coverage.hpp"
#include "panels/edit.hpp"
#include "panels/elderly_care.hpp"
#include "panels/indicators.hpp"
#include "panels/isochrones.hpp"
#include "panels/lifecircle.hpp"
#include "panels/suggest.hpp"
#include "plan/network.hpp"

namespace viewer {

struct LayerSlot {
  MapLayer layer;
  GpuMesh gpu;
  bool dirty = true;                    // mesh must be rebuilt and uploaded (new layer, style edited)
  std::optional<LayerMesh> ready_mesh;  // built by the loader thread, waiting for upload
  std::size_t fill_triangles = 0;
};

// The map as last drawn, kept in a texture while the user drags: a pan is a pure translation, so the
// frame is a copy of this image shifted by the drag instead of a redraw of every vertex (software GL
// takes ~50 ms for 100k segments; a copy takes a few).
struct MapCache {
  GLuint fbo = 0, colour = 0;
  int width = 0, height = 0;
  MapView view;                 // the view it was drawn for
  std::uint64_t signature = 0;  // what was drawn (layers, visibility, opacity, colours)
  bool valid = false;
};

// What the loader thread hands over: layers, and their meshes already built (triangulating a city's
// buildings takes most of a second, which must not freeze the window).
struct LoadedScene {
  LoadResult result;
  std::vector<LayerMesh> meshes;  // one per result.layers entry
  plan::XY origin;                // the meshes are relative to it
  double mesh_ms = 0;
};

struct AppState {
  std::vector<std::unique_ptr<LayerSlot>> layers;  // drawing order: front() is drawn first (bottom)
  std::string crs;                                 // the scene's metric CRS, set by the first load
  plan::XY origin;                                 // meshes are relative to this point
  bool origin_set = false;
  MapView view;
  Renderer renderer;
  MapCache cache;
  double mesh_build_ms = 0;  // time spent triangulating and building vertex arrays, for --benchmark
  std::size_t mesh_triangles = 0;
  bool use_cache = true;  // idle frames reuse the last image, drags shift it; off for screenshots

  std::vector<std::string> pending_sources;  // waiting for the loader (command line, drag-and-drop)
  Job<LoadedScene> loader;
  std::vector<std::string> messages;  // errors and warnings shown in the window
  bool fit_after_load = true;
  std::string fit_layer;                 // --fit: the layer to fit to after the first load
  std::vector<std::string> only_layers;  // --layers: show only these

  // Interaction.
  bool dragging = false;
  ImVec2 press_pos{0, 0};
  ImVec2 drag_last{0, 0};
  std::optional<Pick> selection;  // layer index counts from the top of the drawn order
  const LayerSlot* selected_slot = nullptr;
  plan::XY cursor_world;
  std::optional<plan::XY> cursor_lonlat;
  plan::XY lonlat_for{1e300, 1e300};

  // Fonts: CJK glyphs are built from the strings present, so new layers may need a rebuild.
  ImVector<ImWchar> glyph_ranges;
  ImFont* label_font = nullptr;
  ImFont* large_label_font = nullptr;
  bool fonts_dirty = true;
  std::string font_path;

  // Panels.
  bool show_panels = true;  // false in screenshots: map, legend and scale bar only
  std::string select_tab;   // "coverage" | "isochrones" | "suggest" | "elderly_care" | "indicators": the
                            // Analysis tab in front
  // GLFW key codes pressed since the last frame (ImGui 1.86 misses a press and a release that fall
  // between two frames).
  std::vector<int> key_presses;
  std::string save_png_request;  // F12 or the Layers panel's button: written after this frame is drawn
  CoveragePanel coverage;
  IsochronesPanel isochrones;
  SuggestPanel suggest;
  LifeCirclePanel lifecircle;
  ElderlyCarePanel elderly_care;
  EditPanel edit;
  // The networks last built (by the Isochrones tab), one per travel mode (walk, drive), and the
  // line layers they came from.
  std::string network_layer[2];
  std::shared_ptr<const plan::Network> network[2];
#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
  IndicatorsPanel indicators;
#endif
  std::string title;
};

// Files are queued or being read.
inline bool loading(const AppState& app) { return app.loader.running() || !app.pending_sources.empty(); }
// Queues files for the loader (run by poll_jobs on a worker thread).
void add_sources(AppState& app, const std::vector<std::string>& paths);
// Takes finished work: loaded layers join the map, each panel takes its results (which become layers).
void poll_jobs(AppState& app);
// The layer of that name, or null.
LayerSlot* find_layer(AppState& app, const std::string& name);
// Inserts a layer at its default rank among the others (stable: equal ranks keep their load order).
LayerSlot* insert_layer(AppState& app, MapLayer layer);
// Removes the layer of that name (and the selection when it was on it); no-op when there is none.
void remove_layer(AppState& app, const std::string& name);
// A street layer by its name (streets, roads, OSM "lines"; the last loaded), or empty.
std::string default_street_layer(const AppState& app);
// The network of this mode last built from this line layer, or null; building one takes a while for a city.
std::shared_ptr<const plan::Network> cached_network(const AppState& app, const std::string& layer,
                                                    plan::TravelMode mode = plan::TravelMode::Walk);
// Keeps `network` as the one of its mode (network->mode()); null does nothing.
void remember_network(AppState& app, const std::string& layer, std::shared_ptr<const plan::Network> network);
// Rebuilds meshes of layers marked dirty and uploads them.
void upload_dirty(AppState& app);
// Rebuilds the font atlas when the strings on the map have changed; call outside a frame.
void rebuild_fonts_if_needed(AppState& app);
// Mouse handling on the canvas: pan, zoom, identify.
void handle_map_input(AppState& app);
// GL drawing of all visible layers, bottom first, into the bound framebuffer. With the cache on, an idle
// frame copies the last image and a drag shifts it, redrawn when the drag has moved it by a third of the
// canvas; any change of layers, zoom or size redraws.
void draw_map(AppState& app, int fb_width, int fb_height);
// Frees the map cache's GL objects.
void release_cache(AppState& app);
// ImGui over the map: labels, selection, markers, scale bar, north arrow, legend, status line, title.
void draw_overlays(AppState& app);
// The windows: Layers, Identify, Analysis (panels/).
void draw_panels(AppState& app);
// Fits the view to one layer (by name), or to all visible layers when the name is empty or unknown.
void fit_to(AppState& app, const std::string& layer_name);

}  // namespace viewer
