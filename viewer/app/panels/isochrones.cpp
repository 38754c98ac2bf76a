#include "panels/isochrones.hpp"

#include <cstdio>
#include <exception>
#include <utility>

#include "app.hpp"
#include "panels/widgets.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"

namespace viewer {

bool start_isochrones(AppState& app, std::string* why) {
  IsochronesPanel& ip = app.isochrones;
  if (ip.network.empty()) ip.network = default_street_layer(app);
  const LayerSlot* lines = find_layer(app, ip.network);
  if (!lines || lines->layer.data.kind != plan::GeometryKind::Line) {
    *why = "pick a network (line) layer";
    return false;
  }
  const Pace pace = ip.mode == plan::TravelMode::Drive ? driving() : walking(ip.speed_kmh);
  if (ip.mode == plan::TravelMode::Drive)
    if (std::string problem = drive_network_problem(lines->layer.data); !problem.empty()) {
      *why = std::move(problem);
      return false;
    }
  IsochroneRequest req;
  if (!ip.origins_layer.empty()) {
    const LayerSlot* points = find_layer(app, ip.origins_layer);
    if (!points) {
      *why = "the origins layer '" + ip.origins_layer + "' is not loaded";
      return false;
    }
    for (const plan::Feature& f : points->layer.data.features)
      for (const plan::XY& p : f.geometry.points) {
        req.origins.push_back(p);
        req.origin_ids.push_back(f.id);
      }
  } else {
    req.origins = ip.placed;
  }
  if (req.origins.empty()) {
    *why = "place origins on the map (\"Place origins\", then click) or pick a points layer";
    return false;
  }
  try {
    req.thresholds = parse_thresholds(ip.thresholds, pace);
  } catch (const plan::Error& e) {
    *why = e.what();
    return false;
  }
  if (ip.job.running()) {
    ip.requested = true;
    why->clear();
    return true;
  }
  ip.requested = false;
  req.pace = pace;
  req.half_width_m = ip.half_width_m;
  req.per_origin = ip.per_origin;
  // The network is built once per line layer and mode and kept for the next run.
  std::shared_ptr<const plan::Network> network = cached_network(app, ip.network, ip.mode);
  std::shared_ptr<const plan::Layer> data =
      network ? nullptr : std::make_shared<plan::Layer>(lines->layer.data);
  auto progress = ip.progress;
  progress->store(0);
  const std::string layer_name = ip.network, crs = app.crs;
  const plan::XY origin = app.origin;
  ip.job.start("isochrones", [=, req = std::move(req)]() {
    IsochronesOutput out;
    out.run = run_isochrones(network, data.get(), req, [progress](double f) { progress->store(f); });
    out.network_layer = layer_name;
    out.pace = req.pace;
    out.origins = req.origins.size();
    out.rows = summarise_isochrones(out.run.isochrones, req.pace);
    out.layers = isochrone_layers(out.run.isochrones, req.pace, crs, req.origin_ids);
    out.mesh_origin = origin;
    for (const MapLayer& l : out.layers)
      out.meshes.push_back(build_mesh(l.data, l.styles, origin, 1.0f, l.colour));
    return out;
  });
  return true;
}

void poll_isochrones(AppState& app) {
  IsochronesPanel& ip = app.isochrones;
  // --isochrone-at: the points are given in lon/lat and placed once the scene has its CRS.
  if (!ip.startup_lonlat.empty() && !app.crs.empty() && !app.loader.running() &&
      app.pending_sources.empty()) {
    try {
      ip.placed = plan::transform_points(ip.startup_lonlat, "EPSG:4326", app.crs);
      ip.origins_layer.clear();
      std::string why;
      if (!start_isochrones(app, &why)) ip.error = why;
    } catch (const std::exception& e) {
      ip.error = e.what();
    }
    ip.startup_lonlat.clear();
  }
  try {
    if (std::optional<IsochronesOutput> r = ip.job.take()) {
      ip.seconds = ip.job.seconds();
      ip.error.clear();
      remember_network(app, r->network_layer, r->run.network);
      if (ip.fit_when_done && !r->layers.empty()) {
        // The farthest threshold's area with as much again around it, so the streets around show too.
        BBox box = r->layers.back().bbox;
        if (!box.empty()) {
          const double dx = box.width() / 2, dy = box.height() / 2;
          box.add(plan::XY{box.min_x - dx, box.min_y - dy});
          box.add(plan::XY{box.max_x + dx, box.max_y + dy});
          app.view.fit(box);
        }
      }
      for (const std::string& name : ip.layer_names) remove_layer(app, name);
      ip.layer_names.clear();
      for (std::size_t i = r->layers.size(); i-- > 0;) {  // farthest first: the nearest ends up on top
        ip.layer_names.push_back(r->layers[i].data.name);
        LayerSlot* slot = insert_layer(app, std::move(r->layers[i]));
        // Meshes built against another origin (the first load had not finished) are rebuilt on upload.
        if (r->mesh_origin == app.origin) slot->ready_mesh = std::move(r->meshes[i]);
      }
      ip.fit_when_done = false;
      r->layers.clear();
      r->meshes.clear();
      ip.result = std::move(r);
    }
  } catch (const std::exception& e) {
    ip.error = e.what();
    ip.fit_when_done = false;
  }
  if (ip.requested && !ip.job.running()) {
    ip.requested = false;  // a start that fails must not be retried every frame
    std::string why;
    if (!start_isochrones(app, &why)) ip.error = why;
  }
}

bool isochrones_map_click(AppState& app, plan::XY world) {
  IsochronesPanel& ip = app.isochrones;
  if (!ip.placing) return false;
  ip.placed.push_back(world);
  ip.origins_layer.clear();  // placing origins means using them
  return true;
}

namespace {

// One polygon per origin (the run kept origins apart) or one merged area per threshold.
bool one_per_origin(const IsochronesOutput& r) {
  return !r.run.isochrones.empty() && r.run.isochrones.front().origin != plan::kNoIndex;
}

// Walk or drive, and the line layer; returns why driving cannot run on that layer ("" when it can).
std::string mode_and_network(AppState& app) {
  IsochronesPanel& ip = app.isochrones;
  if (ip.network.empty()) ip.network = default_street_layer(app);
  const bool drive = ip.mode == plan::TravelMode::Drive;
  if (ImGui::RadioButton("walk", !drive)) ip.mode = plan::TravelMode::Walk;
  ImGui::SameLine();
  if (ImGui::RadioButton("drive", drive)) ip.mode = plan::TravelMode::Drive;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "driving times over the road layer's drivable roads: speeds from maxspeed or the road\n"
        "class (free flow, no signals or congestion), one-way streets one way");
  name_combo(app, "network", &ip.network, plan::GeometryKind::Line, nullptr);
  std::string problem;  // drive mode on lines without road classes: said here, before any Compute
  if (ip.mode == plan::TravelMode::Drive)
    if (const LayerSlot* lines = find_layer(app, ip.network))
      problem = drive_network_problem(lines->layer.data);
  if (!problem.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({0.75f, 0.35f, 0.0f, 1}, "no driving here: %s", problem.c_str());
    ImGui::PopTextWrapPos();
  }
  return problem;
}

// A point layer as origins, or points placed by clicking the map.
void origin_controls(AppState& app) {
  IsochronesPanel& ip = app.isochrones;
  name_combo(app, "origins", &ip.origins_layer, plan::GeometryKind::Point, "(points placed on the map)");
  if (!ip.origins_layer.empty()) ip.placing = false;  // clicks identify again
  if (!ip.origins_layer.empty()) return;
  if (ImGui::Button(ip.placing ? "Stop placing" : "Place origins")) ip.placing = !ip.placing;
  ImGui::SameLine();
  if (ImGui::Button("Undo") && !ip.placed.empty()) ip.placed.pop_back();
  ImGui::SameLine();
  if (ImGui::Button("Clear")) ip.placed.clear();
  ImGui::SameLine();
  if (ip.placing)
    ImGui::TextColored({0.1f, 0.3f, 0.7f, 1}, "click the map: %zu placed", ip.placed.size());
  else
    ImGui::TextDisabled("%zu placed", ip.placed.size());
}

// Thresholds, speed, band width and merging; Compute, its progress and its error.
void run_controls(AppState& app, const std::string& problem) {
  IsochronesPanel& ip = app.isochrones;
  const bool drive = ip.mode == plan::TravelMode::Drive;
  ImGui::InputText("minutes", ip.thresholds, sizeof ip.thresholds);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(drive ? "driving times, e.g. 5, 10, 15; with a unit: 90s, 0.5h"
                            : "walking times, e.g. 5, 10, 15; distances with a unit also work: 800m, 1.2km");
  ImGui::SetNextItemWidth(120);
  ImGui::BeginDisabled(drive);  // driving speeds come from the roads
  ImGui::InputFloat(drive ? "speed: by road class" : "speed (km/h)", &ip.speed_kmh, 0.5f, 1.0f, "%.1f");
  ImGui::EndDisabled();
  ImGui::SliderFloat("half-width (m)", &ip.half_width_m, 10, 150, "%.0f m");
  ImGui::Checkbox("one polygon per origin", &ip.per_origin);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("off: one merged area per threshold for all origins");
  if (ImGui::Button("Compute")) {
    std::string why;
    ip.error = start_isochrones(app, &why) ? "" : why;
  }
  if (ip.job.running()) {
    // Merged runs report only at the end, so the elapsed time shows that work goes on.
    char text[64];
    std::snprintf(text, sizeof text, "computing… %.1f s%s", ip.job.seconds(),
                  ip.requested ? ", again after" : "");
    ImGui::SameLine();
    ImGui::ProgressBar(float(ip.progress->load()), {-1, 0}, text);
  }
  if (!ip.error.empty() && ip.error != problem) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", ip.error.c_str());
    ImGui::PopTextWrapPos();
  }
}

// One row per threshold: its colour, time and distance, and area (mean and range with one per origin).
void result_table(const IsochronesOutput& r) {
  const bool per_origin = one_per_origin(r);
  if (ImGui::BeginTable(
          "isochrone areas", per_origin ? 5 : 4,
          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("");
    const bool drove = r.pace.mode == plan::TravelMode::Drive;
    ImGui::TableSetupColumn(drove ? "drive" : "walk");
    ImGui::TableSetupColumn(drove ? "time" : "distance");
    if (per_origin) {
      ImGui::TableSetupColumn("mean km²");
      ImGui::TableSetupColumn("min – max km²");
    } else {
      ImGui::TableSetupColumn("area km²");
    }
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
      const IsochroneSummary& row = r.rows[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float h = ImGui::GetTextLineHeight();
      ImGui::GetWindowDrawList()->AddRectFilled({p.x, p.y + 2}, {p.x + 22, p.y + h - 2},
                                                im(isochrone_fill(i, r.rows.size()).with_alpha(200)));
      ImGui::Dummy({22, h});
      ImGui::TableNextColumn();
      ImGui::Text("≤ %.4g min", row.minutes);
      ImGui::TableNextColumn();
      ImGui::Text(drove ? "%.0f s" : "%.0f m", row.threshold);
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", row.area_m2 / 1e6);
      if (per_origin) {
        ImGui::TableNextColumn();
        ImGui::Text("%.3f – %.3f", row.min_area_m2 / 1e6, row.max_area_m2 / 1e6);
      }
    }
    ImGui::EndTable();
  }
}

// Origins counted, time taken, zoom, origins left out, and the network used.
void result_footer(AppState& app, const IsochronesOutput& r) {
  const IsochronesPanel& ip = app.isochrones;
  const bool per_origin = one_per_origin(r);
  ImGui::Text("%zu origins%s · %.2f s", r.origins, per_origin ? ", one polygon each" : ", merged",
              ip.seconds);
  if (!ip.layer_names.empty()) {
    ImGui::SameLine();
    if (ImGui::SmallButton("zoom to"))  // the farthest threshold's layer holds all the others
      if (const LayerSlot* s = find_layer(app, ip.layer_names.front())) app.view.fit(s->layer.bbox);
  }
  if (!r.run.unsnapped_ids.empty())
    ImGui::TextColored({0.7f, 0.4f, 0.0f, 1}, "%zu origins beyond %.0f m of a street were left out",
                       r.run.unsnapped_ids.size(), plan::kDefaultMaxSnapM);
  if (r.run.network) {
    const plan::NetworkSummary& n = r.run.network->summary();
    ImGui::TextDisabled("network %s (%s): %zu nodes, %zu edges, %.1f km", r.network_layer.c_str(),
                        plan::to_string(r.run.network->mode()), n.nodes, n.edges, n.total_km);
  }
}

}  // namespace

void isochrones_tab(AppState& app) {
  const std::string problem = mode_and_network(app);
  origin_controls(app);
  run_controls(app, problem);
  const IsochronesPanel& ip = app.isochrones;
  if (!ip.result) return;
  ImGui::Separator();
  result_table(*ip.result);
  result_footer(app, *ip.result);
}

void draw_isochrone_origins(AppState& app, ImDrawList* dl) {
  const IsochronesPanel& ip = app.isochrones;
  if (!ip.origins_layer.empty()) return;  // the layer's own symbols show them
  char n[24];
  for (std::size_t i = 0; i < ip.placed.size(); ++i) {
    const ScreenXY s = app.view.to_screen(ip.placed[i]);
    const ImVec2 c{float(s.x), float(s.y)};
    dl->AddCircleFilled(c, 7, IM_COL32(37, 52, 148, 255), 16);
    dl->AddCircle(c, 7, IM_COL32(255, 255, 255, 255), 16, 2);
    if (ip.placed.size() > 1 && ip.placed.size() <= 99) {
      std::snprintf(n, sizeof n, "%zu", i + 1);
      // The number in a white tag: readable over the blue fills and the streets alike.
      const ImVec2 size = ImGui::CalcTextSize(n), at{c.x + 8, c.y - 8 - size.y};
      dl->AddRectFilled({at.x - 3, at.y - 1}, {at.x + size.x + 3, at.y + size.y + 1},
                        IM_COL32(255, 255, 255, 235), 3);
      dl->AddRect({at.x - 3, at.y - 1}, {at.x + size.x + 3, at.y + size.y + 1}, IM_COL32(37, 52, 148, 255),
                  3);
      dl->AddText(at, IM_COL32(37, 52, 148, 255), n);
    }
  }
}

}  // namespace viewer
