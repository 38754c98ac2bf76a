// The application shell: the list of layers, the jobs that feed it (loading, and each panel's measure),
// mesh uploads, and the windows drawn each frame. The map canvas is in map/, each panel in panels/.
#include "app.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "panels/panels.hpp"

namespace viewer {

LayerSlot* find_layer(AppState& app, const std::string& name) {
  for (auto& s : app.layers)
    if (s->layer.data.name == name) return s.get();
  return nullptr;
}

void remove_layer(AppState& app, const std::string& name) {
  for (auto it = app.layers.begin(); it != app.layers.end(); ++it)
    if ((*it)->layer.data.name == name) {
      if (app.selected_slot == it->get()) {
        app.selected_slot = nullptr;
        app.selection.reset();
      }
      app.renderer.release((*it)->gpu);
      app.layers.erase(it);
      return;
    }
}

LayerSlot* insert_layer(AppState& app, MapLayer layer) {
  auto slot = std::make_unique<LayerSlot>();
  slot->layer = std::move(layer);
  auto at = std::find_if(app.layers.begin(), app.layers.end(),
                         [&](const auto& s) { return s->layer.rank > slot->layer.rank; });
  LayerSlot* inserted = slot.get();
  app.layers.insert(at, std::move(slot));
  return inserted;
}

std::string default_street_layer(const AppState& app) {
  std::string name;
  for (auto& s : app.layers) {
    const std::string& n = s->layer.data.name;
    if (s->layer.data.kind == plan::GeometryKind::Line &&
        (n.find("street") != std::string::npos || n.find("road") != std::string::npos || n == "lines"))
      name = n;
  }
  return name;
}

std::shared_ptr<const plan::Network> cached_network(const AppState& app, const std::string& layer,
                                                    plan::TravelMode mode) {
  const int m = mode == plan::TravelMode::Drive ? 1 : 0;
  return app.network_layer[m] == layer ? app.network[m] : nullptr;
}

void remember_network(AppState& app, const std::string& layer, std::shared_ptr<const plan::Network> network) {
  if (!network) return;
  const int m = network->mode() == plan::TravelMode::Drive ? 1 : 0;
  app.network_layer[m] = layer;
  app.network[m] = std::move(network);
}

void add_sources(AppState& app, const std::vector<std::string>& paths) {
  app.pending_sources.insert(app.pending_sources.end(), paths.begin(), paths.end());
  indicators_sources_added(app, paths);
}

void fit_to(AppState& app, const std::string& layer_name) {
  BBox box;
  if (LayerSlot* s = layer_name.empty() ? nullptr : find_layer(app, layer_name)) box = s->layer.bbox;
  if (box.empty())
    for (auto& s : app.layers)
      if (s->layer.visible) box.add(s->layer.bbox);
  app.view.fit(box);
}

void poll_jobs(AppState& app) {
  // Loader: one job at a time, so every load after the first reads into the first one's CRS.
  if (!app.loader.running() && !app.pending_sources.empty()) {
    std::vector<std::string> paths;
    paths.swap(app.pending_sources);
    const std::string crs = app.crs;
    const std::optional<plan::XY> origin =
        app.origin_set ? std::optional<plan::XY>(app.origin) : std::nullopt;
    app.loader.start("loading", [paths, crs, origin]() {
      LoadedScene scene;
      scene.result = load_sources(paths, crs);
      BBox all;
      for (const MapLayer& l : scene.result.layers) all.add(l.bbox);
      scene.origin = origin        ? *origin
                     : all.empty() ? plan::XY{}
                                   : plan::XY{(all.min_x + all.max_x) / 2, (all.min_y + all.max_y) / 2};
      const auto t0 = std::chrono::steady_clock::now();
      for (const MapLayer& l : scene.result.layers)
        scene.meshes.push_back(build_mesh(l.data, l.styles, scene.origin, 1.0f, l.colour));
      scene.mesh_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      return scene;
    });
  }
  try {
    if (std::optional<LoadedScene> scene = app.loader.take()) {
      LoadResult* r = &scene->result;
      if (!app.origin_set && !r->layers.empty()) {
        app.origin = scene->origin;
        app.origin_set = true;
      }
      app.mesh_build_ms += scene->mesh_ms;
      if (app.crs.empty()) app.crs = r->crs;
      for (std::string& e : r->errors) app.messages.push_back("error: " + e);
      for (std::string& w : r->warnings) app.messages.push_back("warning: " + w);
      for (std::size_t i = 0; i < r->layers.size(); ++i) {
        MapLayer& l = r->layers[i];
        if (!app.only_layers.empty())
          l.visible =
              std::find(app.only_layers.begin(), app.only_layers.end(), l.data.name) != app.only_layers.end();
        // A second file with a layer of the same name gets a suffix, so panels can tell them apart.
        std::string base = l.data.name;
        for (int n = 2; find_layer(app, l.data.name); ++n) l.data.name = base + " " + std::to_string(n);
        LayerSlot* slot = insert_layer(app, std::move(l));
        // Meshes built against another origin (a load that raced the first) are rebuilt on upload.
        if (scene->origin == app.origin) slot->ready_mesh = std::move(scene->meshes[i]);
      }
      app.fonts_dirty = true;
      if (app.fit_after_load) {
        fit_to(app, app.fit_layer);
        app.fit_after_load = false;
      }
    }
  } catch (const std::exception& e) {
    app.messages.push_back(std::string("error: ") + e.what());
  }

  poll_isochrones(app);
  poll_indicators(app);
  poll_coverage(app);
  poll_suggest(app);
  poll_life_circles(app);
  poll_elderly_care(app);
  sync_edits(app);
}

void upload_dirty(AppState& app) {
  for (auto& s : app.layers) {
    if (!s->dirty) continue;
    LayerMesh mesh;
    if (s->ready_mesh) {
      mesh = std::move(*s->ready_mesh);
      s->ready_mesh.reset();
    } else {
      const auto t0 = std::chrono::steady_clock::now();
      mesh = build_mesh(s->layer.data, s->layer.styles, app.origin, 1.0f, s->layer.colour);
      app.mesh_build_ms +=
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
    app.mesh_triangles += mesh.triangles;
    s->fill_triangles = mesh.triangles;
    app.renderer.upload(s->gpu, mesh);
    s->dirty = false;
    app.cache.valid = false;  // the buffers may be reused, so the drawn-state signature cannot tell
  }
}

void draw_panels(AppState& app) {
  layer_panel(app);
  identify_panel(app);
  analysis_panel(app);
  edit_window(app);
}

}  // namespace viewer
