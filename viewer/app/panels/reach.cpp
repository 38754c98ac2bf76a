#include "panels/reach.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include "app.hpp"
#include "panels/widgets.hpp"

namespace viewer {

#ifdef PLAN_VIEWER_HAS_NETWORK
namespace {

// A street layer by its name, when none is picked yet.
void default_reach_inputs(AppState& app) {
  ReachPanel& rp = app.reach;
  if (rp.streets.empty()) rp.streets = default_street_layer(app);
}

}  // namespace

bool start_reach(AppState& app, std::string* why) {
  ReachPanel& rp = app.reach;
  default_reach_inputs(app);
  LayerSlot* streets = find_layer(app, rp.streets);
  if (!streets || streets->layer.data.kind != plan::GeometryKind::Line) {
    *why = "pick a street (line) layer";
    return false;
  }
  std::vector<plan::XY> origins;
  if (LayerSlot* f = rp.facilities.empty() ? nullptr : find_layer(app, rp.facilities))
    origins = plan::all_points(f->layer.data);
  else if (rp.clicked)
    origins.push_back(*rp.clicked);
  if (origins.empty()) {
    *why = "click \"Pick origin\" and then the map, or pick a facility layer";
    return false;
  }
  if (rp.job.running()) {
    *why = "a run is still going";
    return false;
  }
  plan::IsochroneOptions options;
  for (float t : rp.thresholds_m)
    if (t > 0) options.thresholds.push_back(t);
  options.half_width_m = rp.half_width_m;
  // The network is built once per street layer and reused while the layer stays the same (also by the
  // Isochrones tab).
  std::shared_ptr<const plan::Network> network = cached_network(app, rp.streets);
  std::shared_ptr<const plan::Layer> lines =
      network ? nullptr : std::make_shared<plan::Layer>(streets->layer.data);
  auto progress = rp.progress;
  progress->store(0);
  const std::string layer_name = rp.streets;
  rp.job.start("isochrones", [=]() {
    ReachOutput out;
    out.network = network ? network : std::make_shared<const plan::Network>(plan::network_from_layer(*lines));
    out.network_layer = layer_name;
    plan::SnapIndex index(*out.network);
    std::vector<plan::SnapPoint> snapped;
    for (const plan::XY& p : origins) {
      plan::SnapPoint s = index.nearest(p, 250);
      if (s.snapped) snapped.push_back(s);
    }
    out.origins = origins.size();
    out.unsnapped = origins.size() - snapped.size();
    if (!snapped.empty())
      out.isochrones = plan::compute_isochrones(*out.network, snapped, options,
                                                [progress](double f) { progress->store(f); });
    return out;
  });
  return true;
}

void poll_reach(AppState& app) {
  ReachPanel& rp = app.reach;
  try {
    if (std::optional<ReachOutput> r = rp.job.take()) {
      rp.seconds = rp.job.seconds();
      rp.error.clear();
      rp.network = r->network;
      rp.network_layer = r->network_layer;
      remember_network(app, r->network_layer, r->network);
      plan::Layer l;
      l.name = "isochrones";
      l.crs = app.crs;
      l.kind = plan::GeometryKind::Polygon;
      l.fields = {{"kind", plan::FieldType::String},
                  {"threshold_m", plan::FieldType::Real},
                  {"area_km2", plan::FieldType::Real}};
      // Largest first, so the smaller (nested) ones are drawn on top.
      std::vector<const plan::Isochrone*> order;
      for (const auto& iso : r->isochrones) order.push_back(&iso);
      std::stable_sort(order.begin(), order.end(),
                       [](auto* a, auto* b) { return a->threshold > b->threshold; });
      for (const plan::Isochrone* iso : order) {
        plan::Feature f{std::int64_t(l.features.size()), plan::Geometry::multipolygon(iso->polygon), {}};
        f.values = {std::string("isochrone_") + std::to_string(int(std::lround(iso->threshold))),
                    iso->threshold, iso->area_m2 / 1e6};
        if (!iso->polygon.empty()) l.features.push_back(std::move(f));
      }
      remove_layer(app, "isochrones");
      insert_layer(app, make_map_layer(std::move(l)));
      rp.result = std::move(r);
    }
  } catch (const std::exception& e) {
    rp.error = e.what();
    rp.result.reset();
  }
}

bool reach_map_click(AppState& app, plan::XY world) {
  if (!app.reach.picking) return false;
  app.reach.picking = false;
  app.reach.clicked = world;
  app.reach.facilities.clear();
  std::string why;
  if (!start_reach(app, &why)) app.reach.error = why;
  return true;
}

void reach_tab(AppState& app) {
  ReachPanel& rp = app.reach;
  default_reach_inputs(app);
  name_combo(app, "streets", &rp.streets, plan::GeometryKind::Line, nullptr);
  name_combo(app, "origins", &rp.facilities, plan::GeometryKind::Point, "(clicked point)");
  ImGui::InputFloat3("thresholds (m)", rp.thresholds_m, "%.0f");
  ImGui::SliderFloat("half-width (m)", &rp.half_width_m, 10, 150, "%.0f m");
  if (ImGui::Button(rp.picking ? "Click the map…" : "Pick origin")) rp.picking = !rp.picking;
  ImGui::SameLine();
  if (ImGui::Button("Run")) {
    std::string why;
    rp.error = start_reach(app, &why) ? "" : why;
  }
  if (rp.job.running()) {
    ImGui::ProgressBar(float(rp.progress->load()), {-1, 0}, "computing isochrones…");
    ImGui::Text("%.1f s", rp.job.seconds());
  }
  if (!rp.error.empty()) ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", rp.error.c_str());
  if (rp.result) {
    ImGui::Separator();
    ImGui::Text("%zu origins, %zu not within 250 m of a street · %.2f s", rp.result->origins,
                rp.result->unsnapped, rp.seconds);
    for (const plan::Isochrone& iso : rp.result->isochrones)
      ImGui::Text("≤ %.0f m walking: %.2f km²", iso.threshold, iso.area_m2 / 1e6);
    if (rp.network) {
      const plan::NetworkSummary& n = rp.network->summary();
      ImGui::TextDisabled("network: %zu nodes, %zu edges, %.1f km, connected parts: %zu", n.nodes, n.edges,
                          n.total_km, n.components);
    }
  }
}

void draw_reach_origin(AppState& app, ImDrawList* dl) {
  if (app.reach.clicked) {
    const ScreenXY o = app.view.to_screen(*app.reach.clicked);
    dl->AddCircleFilled({float(o.x), float(o.y)}, 6, IM_COL32(20, 20, 20, 255));
    dl->AddCircle({float(o.x), float(o.y)}, 6, IM_COL32(255, 255, 255, 255), 16, 2);
  }
}

#else
bool start_reach(AppState&, std::string* why) {
  *why = "this build has no network library";
  return false;
}
void poll_reach(AppState&) {}
bool reach_map_click(AppState&, plan::XY) { return false; }
void reach_tab(AppState&) {
  ImGui::TextWrapped(
      "Network reach and isochrones (15-minute life circles) need the walking-network library "
      "(plan/isochrone.hpp), which is not in this build.");
}
void draw_reach_origin(AppState&, ImDrawList*) {}
#endif

}  // namespace viewer
