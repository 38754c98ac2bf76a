#include "panels/coverage.hpp"

#include <exception>
#include <utility>

#include "app.hpp"
#include "panels/widgets.hpp"

namespace viewer {
namespace {

// Sensible first picks: layers named like the demo's inputs.
void default_coverage_inputs(AppState& app) {
  CoveragePanel& cp = app.coverage;
  for (auto& l : app.layers) {
    const std::string& n = l->layer.data.name;
    const plan::GeometryKind k = l->layer.data.kind;
    if (cp.stops.empty() && k == plan::GeometryKind::Point && n.find("stop") != std::string::npos)
      cp.stops = n;
    if (cp.area.empty() && k == plan::GeometryKind::Polygon && n == "central_city") cp.area = n;
    if (cp.exclusions.empty() && k == plan::GeometryKind::Polygon && n == "exclusions") cp.exclusions = n;
  }
}

}  // namespace

void start_coverage(AppState& app) {
  CoveragePanel& cp = app.coverage;
  if (cp.stops.empty() || cp.area.empty()) default_coverage_inputs(app);
  const LayerSlot* stops = find_layer(app, cp.stops);
  const LayerSlot* area = find_layer(app, cp.area);
  if (!stops || !area) return;
  if (cp.job.running()) {
    cp.requested = true;
    return;
  }
  cp.requested = false;
  plan::CoverageInput in;
  in.stops = plan::all_points(stops->layer.data);
  in.area = plan::all_polygons(area->layer.data);
  if (const LayerSlot* ex = find_layer(app, cp.exclusions)) {
    plan::MultiPolygon mp = plan::all_polygons(ex->layer.data);
    in.exclusions.assign(mp.begin(), mp.end());
  }
  plan::CoverageOptions options;
  options.radius_m = cp.radius_m;
  options.want_polygons = true;
  options.polygon_segments_per_quadrant = 16;
  cp.job.start("coverage", [in = std::move(in), options]() { return plan::compute_coverage(in, options); });
}

void poll_coverage(AppState& app) {
  CoveragePanel& cp = app.coverage;
  try {
    if (std::optional<plan::CoverageResult> r = cp.job.take()) {
      cp.seconds = cp.job.seconds();
      cp.error.clear();
      for (const char* name : {"coverage_covered", "coverage_gaps"}) {
        plan::Layer l;
        l.name = name;
        l.crs = app.crs;
        l.kind = plan::GeometryKind::Polygon;
        const plan::MultiPolygon& parts = std::string(name) == "coverage_covered" ? r->covered : r->gaps;
        for (const plan::Polygon& p : parts)
          l.features.push_back({std::int64_t(l.features.size()), plan::Geometry::polygon(p), {}});
        remove_layer(app, name);
        insert_layer(app, make_map_layer(std::move(l)));
      }
      cp.result = std::move(r);
      if (cp.requested) start_coverage(app);
#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
      if (app.indicators.use_coverage) app.indicators.requested = true;
#endif
    }
  } catch (const std::exception& e) {
    cp.error = e.what();
    cp.result.reset();
  }
}

void coverage_tab(AppState& app) {
  CoveragePanel& cp = app.coverage;
  if (cp.stops.empty() && cp.area.empty()) default_coverage_inputs(app);
  bool changed = false;
  changed |= name_combo(app, "stops", &cp.stops, plan::GeometryKind::Point, nullptr);
  changed |= name_combo(app, "area", &cp.area, plan::GeometryKind::Polygon, nullptr);
  changed |= name_combo(app, "exclusions", &cp.exclusions, plan::GeometryKind::Polygon, "(none)");
  changed |= ImGui::SliderFloat("radius (m)", &cp.radius_m, 100, 2000, "%.0f m");
  ImGui::Checkbox("run on change", &cp.auto_run);
  ImGui::SameLine();
  const bool run = ImGui::Button("Run");
  try {
    if (run || (changed && cp.auto_run)) start_coverage(app);
  } catch (const std::exception& e) {
    cp.error = e.what();
  }
  if (cp.job.running()) {
    // The library gives no progress for one coverage run, so this is a busy indicator with the time.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float t = float(cp.job.seconds());
    dl->PathArcTo({p.x + 9, p.y + 9}, 7, t * 8, t * 8 + 4.5f, 16);
    dl->PathStroke(IM_COL32(40, 120, 200, 255), 0, 2.5f);
    ImGui::Dummy({20, 18});
    ImGui::SameLine();
    ImGui::Text("computing… %.1f s", t);
  }
  if (!cp.error.empty()) ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", cp.error.c_str());
  if (cp.result) {
    const plan::CoverageResult& r = *cp.result;
    ImGui::Separator();
    ImGui::Text("coverage  %.2f %%", r.area_ratio * 100);
    ImGui::Text("covered   %.2f km² of %.2f km²", r.covered_m2 / 1e6, r.area_m2 / 1e6);
    ImGui::Text("stops %zu · exclusions removed %zu · %.2f s", r.stops_used, r.exclusions_removed,
                cp.seconds);
    ImGui::TextWrapped("%s", r.definition.c_str());
  }
}

}  // namespace viewer
