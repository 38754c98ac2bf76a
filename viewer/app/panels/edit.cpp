#include "panels/edit.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <utility>

#include "app.hpp"
#include "panels/widgets.hpp"

namespace viewer {
namespace {

constexpr float kEditPickPx = 8;

// Every file the scene was read from: a save never replaces one of them.
std::vector<std::string> scene_inputs(const AppState& app) {
  std::vector<std::string> inputs;
  for (const auto& s : app.layers)
    if (!s->layer.data.source.empty()) inputs.push_back(s->layer.data.source);
  return inputs;
}

std::string default_save_path(const std::string& layer) {
  std::string base = layer;
  for (char& c : base)
    if (c == ' ' || c == '/' || c == '(' || c == ')') c = '_';
  return base + "_edited.gpkg";
}

}  // namespace

bool editing(const AppState& app) { return app.edit.session != nullptr; }

bool start_edit(AppState& app, const std::string& layer, std::string* why) {
  LayerSlot* slot = find_layer(app, layer);
  if (!slot) {
    *why = "no layer '" + layer + "' is loaded";
    return false;
  }
  if (slot->layer.data.kind != plan::GeometryKind::Point) {
    *why = "layer '" + layer + "' holds no points: only point layers can be edited";
    return false;
  }
  EditPanel& ep = app.edit;
  if (editing(app) && ep.layer == layer) return true;
  stop_edit(app);
  ep.session = std::make_unique<EditSession>(slot->layer.data);
  ep.layer = layer;
  ep.shown_revision = ep.measured_revision = ep.session->revision();
  ep.grabbed = false;
  ep.confirm_overwrite = false;
  ep.message.clear();
  std::snprintf(ep.save_path, sizeof ep.save_path, "%s", default_save_path(layer).c_str());
  if (life_circle_facilities(app) == layer) {  // the readout before the first edit
    std::string why;
    start_life_circles(app, &why);  // without homes or streets there is nothing to read out
  }
  if (elderly_care_facilities(app) == layer) {
    std::string why;
    start_elderly_care(app, &why);  // without communities or streets there is nothing to read out
  }
  // Selection and identify work on other layers; in edit mode the edited layer's own selection shows.
  app.selection.reset();
  app.selected_slot = nullptr;
  return true;
}

void stop_edit(AppState& app) {
  app.edit.session.reset();
  app.edit.layer.clear();
  app.edit.grabbed = false;
}

bool edit_press(AppState& app, plan::XY world) {
  if (!editing(app)) return false;
  app.edit.grabbed = app.edit.session->press(world, kEditPickPx * app.view.metres_per_pixel);
  return app.edit.grabbed;
}

void edit_drag(AppState& app, plan::XY world) {
  if (editing(app) && app.edit.grabbed) app.edit.session->drag_to(world);
}

void edit_release(AppState& app) {
  if (!editing(app) || !app.edit.grabbed) return;
  app.edit.session->release();
  app.edit.grabbed = false;
}

void edit_click(AppState& app, plan::XY world) {
  if (editing(app)) app.edit.session->add(world);
}

void edit_key(AppState& app, int key, bool ctrl, bool shift) {
  if (!editing(app)) return;
  EditSession& s = *app.edit.session;
  if (key == 261 /* GLFW_KEY_DELETE */ || key == 259 /* GLFW_KEY_BACKSPACE */) s.remove_selected();
  if (ctrl && key == 'Z' && !shift) s.undo();
  if (ctrl && (key == 'Y' || (key == 'Z' && shift))) s.redo();
}

void sync_edits(AppState& app) {
  EditPanel& ep = app.edit;
  if (!ep.startup_layer.empty() && !loading(app) && !app.layers.empty()) {
    std::string why;
    if (!start_edit(app, ep.startup_layer, &why)) ep.message = "error: --edit: " + why;
    ep.startup_layer.clear();
  }
  if (!editing(app)) return;
  LayerSlot* slot = find_layer(app, ep.layer);
  if (!slot) {  // the layer went away (a reload): nothing left to edit
    stop_edit(app);
    return;
  }
  const std::uint64_t rev = ep.session->revision();
  if (rev != ep.shown_revision) {
    ep.shown_revision = rev;
    MapLayer edited = make_map_layer(ep.session->layer());
    MapLayer& L = slot->layer;
    edited.visible = L.visible;
    edited.opacity = L.opacity;
    edited.colour = L.colour;
    edited.labels = L.labels;
    edited.rank = L.rank;
    edited.source_crs = L.source_crs;
    L = std::move(edited);
    slot->dirty = true;
    slot->ready_mesh.reset();
    ep.confirm_overwrite = false;
    // Coverage takes tens of milliseconds: it follows every change, drag steps included (a run in progress
    // is followed by one more with the latest stops; the tab shows the last result meanwhile).
    if (app.coverage.stops == ep.layer) start_coverage(app);
    // Life circles take a multi-source search per category: they follow every change too.
    if (life_circle_facilities(app) == ep.layer) {
      std::string why;
      if (!start_life_circles(app, &why)) app.lifecircle.error = why;
    }
    // The elderly-care standard is one search per facility of 300 m: it follows every change as well.
    if (elderly_care_facilities(app) == ep.layer) {
      std::string why;
      if (!start_elderly_care(app, &why)) app.elderly_care.error = why;
    }
  }
  // Isochrones from every point of the layer take seconds: they re-run once a change is complete.
  if (!ep.grabbed && rev != ep.measured_revision) {
    ep.measured_revision = rev;
    IsochronesPanel& ip = app.isochrones;
    if (ip.origins_layer == ep.layer && (ip.result || ip.job.running())) {
      std::string why;
      if (!start_isochrones(app, &why) && !why.empty()) ip.error = why;
    }
  }
}

namespace {

// Undo, redo and delete; the counts, the selected point and, for the stops of the Coverage tab, its live
// figure.
void session_tools(AppState& app, EditSession& s) {
  const EditPanel& ep = app.edit;
  ImGui::TextWrapped("click: add · drag a point: move · Delete: remove the selected · Ctrl+Z / Ctrl+Y");
  ImGui::BeginDisabled(!s.can_undo());
  if (ImGui::Button("Undo")) s.undo();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.can_redo());
  if (ImGui::Button("Redo")) s.redo();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.selected());
  if (ImGui::Button("Delete")) s.remove_selected();
  ImGui::EndDisabled();
  ImGui::Text("%zu points · %zu edits%s", s.layer().features.size(), s.undo_depth(),
              s.dirty() ? " · unsaved" : "");
  if (s.selected()) {
    const plan::Feature& f = s.layer().features[*s.selected()];
    ImGui::Text("selected: feature %lld at %.1f, %.1f", static_cast<long long>(f.id),
                f.geometry.points.front().x, f.geometry.points.front().y);
  }
  const CoveragePanel& cp = app.coverage;
  if (cp.stops == ep.layer) {
    ImGui::Separator();
    if (cp.result)
      ImGui::Text("coverage %.2f %%%s", cp.result->area_ratio * 100, cp.job.running() ? " (updating…)" : "");
    else
      ImGui::TextDisabled(cp.job.running() ? "coverage: computing…" : "coverage: run it in the Coverage tab");
  }
}

// The output path and Save (Replace when it exists), written in the source layer's CRS.
void save_controls(AppState& app, EditSession& s) {
  EditPanel& ep = app.edit;
  ImGui::Separator();
  ImGui::SetNextItemWidth(230);
  if (ImGui::InputText("##path", ep.save_path, sizeof ep.save_path)) ep.confirm_overwrite = false;
  ImGui::SameLine();
  if (ImGui::Button(ep.confirm_overwrite ? "Replace" : "Save")) {
    try {
      const bool exists = std::filesystem::exists(ep.save_path);
      if (exists && !ep.confirm_overwrite) {
        ep.confirm_overwrite = true;
        ep.message = std::string(ep.save_path) + " exists: press Replace to overwrite it";
      } else {
        const LayerSlot* slot = find_layer(app, ep.layer);
        const std::string crs =
            slot && !slot->layer.source_crs.empty() ? slot->layer.source_crs : s.layer().crs;
        save_edits(s, ep.save_path, scene_inputs(app), ep.confirm_overwrite, crs);
        ep.message = "saved " + std::string(ep.save_path) + " (" + std::to_string(s.layer().features.size()) +
                     " points, layer " + s.layer().name + ", " +
                     (crs.size() < 40 ? crs : "the source's CRS") + ")";
        ep.confirm_overwrite = false;
      }
    } catch (const std::exception& e) {
      ep.message = std::string("error: ") + e.what();
      ep.confirm_overwrite = false;
    }
  }
}

}  // namespace

void edit_window(AppState& app) {
  EditPanel& ep = app.edit;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->WorkPos.x + 10, vp->WorkPos.y + vp->WorkSize.y - 270}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({330, 0}, ImGuiCond_FirstUseEver);
  ImGui::Begin("编辑 Edit");
  std::string chosen = ep.layer;
  if (name_combo(app, "layer", &chosen, plan::GeometryKind::Point, nullptr) && chosen != ep.layer) {
    std::string why;
    if (!start_edit(app, chosen, &why)) ep.message = "error: " + why;
  }
  bool on = editing(app);
  if (ImGui::Checkbox("edit mode", &on)) {
    if (!on) {
      stop_edit(app);
    } else {
      std::string name = ep.layer.empty() ? app.coverage.stops : ep.layer, why;
      if (name.empty())
        for (auto& s : app.layers)
          if (s->layer.data.kind == plan::GeometryKind::Point) name = s->layer.data.name;
      if (!start_edit(app, name, &why)) ep.message = "error: " + why;
    }
  }
  if (!editing(app)) {
    ImGui::TextDisabled("pick a point layer to edit");
    if (!ep.message.empty()) ImGui::TextWrapped("%s", ep.message.c_str());
    ImGui::End();
    return;
  }
  EditSession& s = *ep.session;
  session_tools(app, s);
  save_controls(app, s);
  if (!ep.message.empty()) ImGui::TextWrapped("%s", ep.message.c_str());
  ImGui::End();
}

void draw_edit_overlay(AppState& app, ImDrawList* dl) {
  if (!editing(app)) return;
  const EditSession& s = *app.edit.session;
  if (!s.selected()) return;
  for (const plan::XY& p : s.layer().features[*s.selected()].geometry.points) {
    const ScreenXY q = app.view.to_screen(p);
    dl->AddCircle({float(q.x), float(q.y)}, 10, IM_COL32(255, 140, 0, 255), 24, 3.0f);
  }
}

}  // namespace viewer
