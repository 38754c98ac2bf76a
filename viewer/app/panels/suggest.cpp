#include "panels/suggest.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <set>
#include <utility>

#include "app.hpp"
#include "panels/widgets.hpp"

namespace viewer {
namespace {

// The stops the proposals are for: the edited layer while editing, else the Coverage tab's stops.
std::string default_stops(AppState& app) {
  if (editing(app)) return app.edit.layer;
  if (app.coverage.stops.empty()) {
    for (auto& l : app.layers)
      if (l->layer.data.kind == plan::GeometryKind::Point &&
          l->layer.data.name.find("stop") != std::string::npos)
        return l->layer.data.name;
  }
  return app.coverage.stops;
}

plan::Layer proposals_layer(const plan::StopProposalResult& r, const std::string& crs) {
  plan::Layer l;
  l.name = "proposals";
  l.crs = crs;
  l.kind = plan::GeometryKind::Point;
  l.fields = {{"rank", plan::FieldType::Integer},
              {"gain_m2", plan::FieldType::Real},
              {"coverage", plan::FieldType::Real}};
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::StopProposal& p = r.proposals[i];
    l.features.push_back(
        {std::int64_t(i + 1),
         plan::Geometry::point(p.position),
         {plan::Value(std::int64_t(i + 1)), plan::Value(p.gain_m2), plan::Value(p.area_ratio)}});
  }
  return l;
}

// The positions of the edited layer's points, to tell accepted proposals.
std::set<std::pair<double, double>> edited_positions(const AppState& app) {
  std::set<std::pair<double, double>> out;
  if (editing(app))
    for (const plan::XY& p : app.edit.session->points()) out.insert({p.x, p.y});
  return out;
}

}  // namespace

bool start_suggest(AppState& app, std::string* why) {
  SuggestPanel& sp = app.suggest;
  CoveragePanel& cp = app.coverage;
  if (cp.area.empty()) start_coverage(app);  // no-op without inputs; picks the tab's default layers
  const std::string stops_name = sp.stops.empty() ? default_stops(app) : sp.stops;
  const std::string area_name = sp.area.empty() ? cp.area : sp.area;
  const std::string excl_name = sp.exclusions.empty() ? cp.exclusions : sp.exclusions;
  const std::string streets_name = sp.streets.empty() ? default_street_layer(app) : sp.streets;
  const LayerSlot* area = find_layer(app, area_name);
  if (!area || area->layer.data.kind != plan::GeometryKind::Polygon) {
    *why = "pick a study area (the Coverage tab's area layer)";
    return false;
  }
  plan::StopProposalInput in;
  if (const LayerSlot* stops = find_layer(app, stops_name)) in.stops = plan::all_points(stops->layer.data);
  in.area = plan::all_polygons(area->layer.data);
  if (const LayerSlot* ex = find_layer(app, excl_name)) {
    plan::MultiPolygon mp = plan::all_polygons(ex->layer.data);
    in.exclusions.assign(mp.begin(), mp.end());
  }
  std::vector<plan::LineString> lines;
  if (const LayerSlot* c = find_layer(app, sp.candidates);
      c && c->layer.data.kind == plan::GeometryKind::Point) {
    in.candidates = plan::all_points(c->layer.data);
  } else if (const LayerSlot* st = find_layer(app, streets_name);
             st && st->layer.data.kind == plan::GeometryKind::Line) {
    for (const plan::Feature& f : st->layer.data.features)
      lines.insert(lines.end(), f.geometry.lines.begin(), f.geometry.lines.end());
  } else {
    *why = "pick a street layer (candidates every spacing metres) or a points layer of candidates";
    return false;
  }
  if (sp.job.running()) {
    *why = "a run is in progress";
    return false;
  }
  plan::CoverageOptions co;
  co.radius_m = cp.radius_m;
  plan::ProposalOptions po;
  if (sp.by_target)
    po.target_ratio = std::clamp(double(sp.target_pct), 0.01, 100.0) / 100;
  else
    po.count = std::size_t(std::max(1, sp.count));
  sp.progress->store(0);
  sp.cancel->store(false);
  po.progress = [progress = sp.progress](double f) { progress->store(f); };
  po.cancel = sp.cancel.get();  // the panel outlives the job: wait_and_release waits for it
  sp.error.clear();
  const double spacing = sp.spacing_m;
  sp.job.start("suggest",
               [in = std::move(in), lines = std::move(lines), co, po, spacing, stops_name]() mutable {
                 if (!lines.empty()) in.candidates = plan::points_along(lines, spacing);
                 SuggestOutput out;
                 out.candidates = in.candidates.size();
                 out.stops = in.stops.size();
                 out.stops_layer = stops_name;
                 out.result = plan::propose_stops(in, co, po);
                 return out;
               });
  return true;
}

void poll_suggest(AppState& app) {
  SuggestPanel& sp = app.suggest;
  if (sp.startup_count > 0 && !loading(app) && !app.layers.empty() && !sp.job.running()) {
    std::string why;
    if (!start_suggest(app, &why)) sp.error = why;
    sp.startup_count = 0;
  }
  try {
    if (std::optional<SuggestOutput> r = sp.job.take()) {
      sp.seconds = sp.job.seconds();
      remove_layer(app, "proposals");
      insert_layer(app, make_map_layer(proposals_layer(r->result, app.crs)));
      sp.result = std::move(r);
      app.fonts_dirty = true;
      if (sp.startup_accept > 0) {
        accept_proposals(app, 0, std::size_t(sp.startup_accept));
        sp.startup_accept = 0;
        sync_edits(app);
      }
    }
  } catch (const plan::ProposalCancelled&) {
    sp.error = "cancelled";
  } catch (const std::exception& e) {
    sp.error = e.what();
  }
}

std::size_t accept_proposals(AppState& app, std::size_t first, std::size_t n) {
  SuggestPanel& sp = app.suggest;
  if (!sp.result) return 0;
  if (!editing(app)) {
    std::string why;
    if (!start_edit(app, sp.result->stops_layer, &why)) {
      sp.error = why;
      return 0;
    }
  }
  const std::set<std::pair<double, double>> have = edited_positions(app);
  std::vector<plan::XY> add;
  const auto& props = sp.result->result.proposals;
  for (std::size_t i = first; i < std::min(props.size(), first + n); ++i)
    if (!have.count({props[i].position.x, props[i].position.y})) add.push_back(props[i].position);
  if (!add.empty()) app.edit.session->add_all(add);
  return add.size();
}

void suggest_tab(AppState& app) {
  SuggestPanel& sp = app.suggest;
  ImGui::TextWrapped("New stops that add the most covered area, chosen greedily with exact gains on the %s.",
                     editing(app) ? "edited layer" : "stops layer");
  if (sp.stops.empty()) ImGui::TextDisabled("stops: %s", default_stops(app).c_str());
  name_combo(app, "stops", &sp.stops, plan::GeometryKind::Point, "(edited / Coverage tab's)");
  name_combo(app, "streets", &sp.streets, plan::GeometryKind::Line, "(street layer)");
  name_combo(app, "candidates", &sp.candidates, plan::GeometryKind::Point, "(every spacing along streets)");
  ImGui::SliderFloat("spacing (m)", &sp.spacing_m, 20, 500, "%.0f m");
  ImGui::Checkbox("to a target", &sp.by_target);
  ImGui::SameLine();
  if (sp.by_target) {
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat("target %", &sp.target_pct, 50, 100, "%.1f %%");
  } else {
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("sites", &sp.count);
    sp.count = std::clamp(sp.count, 1, 10000);
  }
  ImGui::Text("radius %.0f m, area and exclusions from the Coverage tab", app.coverage.radius_m);
  if (sp.job.running()) {
    char label[64];
    std::snprintf(label, sizeof label, "%.0f %% · %.1f s", sp.progress->load() * 100, sp.job.seconds());
    ImGui::ProgressBar(float(sp.progress->load()), {-90, 0}, label);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) sp.cancel->store(true);
  } else if (ImGui::Button("Suggest")) {
    std::string why;
    if (!start_suggest(app, &why)) sp.error = why;
  }
  if (!sp.error.empty()) ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", sp.error.c_str());
  if (!sp.result) return;
  const SuggestOutput& out = *sp.result;
  const plan::StopProposalResult& r = out.result;
  ImGui::Separator();
  ImGui::Text("%zu stops cover %.2f %% · %zu candidates · %.2f s", out.stops, r.initial_area_ratio * 100,
              out.candidates, sp.seconds);
  if (!r.proposals.empty())
    ImGui::Text("%zu proposals reach %.2f %% (best possible ≤ %.2f %%)", r.proposals.size(),
                r.proposals.back().area_ratio * 100, r.area_m2 > 0 ? r.upper_bound / r.area_m2 * 100 : 0.0);
  ImGui::SetNextItemWidth(100);
  ImGui::InputInt("##acceptn", &sp.accept_count);
  sp.accept_count = std::clamp(sp.accept_count, 1, int(std::max<std::size_t>(1, r.proposals.size())));
  ImGui::SameLine();
  if (ImGui::Button("Accept top N")) accept_proposals(app, 0, std::size_t(sp.accept_count));
  const std::set<std::pair<double, double>> have = edited_positions(app);
  if (ImGui::BeginTable("proposals", 4,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
                        {0, 220})) {
    ImGui::TableSetupColumn("rank");
    ImGui::TableSetupColumn("gain m²");
    ImGui::TableSetupColumn("cumul. %");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < r.proposals.size(); ++i) {
      const plan::StopProposal& p = r.proposals[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%zu", i + 1);
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", p.gain_m2);
      ImGui::TableNextColumn();
      ImGui::Text("%.2f", p.area_ratio * 100);
      ImGui::TableNextColumn();
      if (have.count({p.position.x, p.position.y})) {
        ImGui::TextDisabled("accepted");
      } else {
        ImGui::PushID(int(i));
        if (ImGui::SmallButton("accept")) accept_proposals(app, i, 1);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
}

void draw_proposals(AppState& app, ImDrawList* dl) {
  const SuggestPanel& sp = app.suggest;
  const LayerSlot* slot = find_layer(app, "proposals");
  if (!sp.result || !slot || !slot->layer.visible) return;
  const std::set<std::pair<double, double>> have = edited_positions(app);
  const BBox visible = app.view.visible();
  ImFont* font = app.label_font ? app.label_font : ImGui::GetFont();
  const auto& props = sp.result->result.proposals;
  // Labels for the first 100 only: beyond that they cover the map.
  for (std::size_t i = 0; i < std::min<std::size_t>(props.size(), 100); ++i) {
    const plan::StopProposal& p = props[i];
    if (!visible.contains(p.position)) continue;
    const ScreenXY q = app.view.to_screen(p.position);
    const ImVec2 at{float(q.x), float(q.y)};
    if (have.count({p.position.x, p.position.y})) dl->AddCircle(at, 11, IM_COL32(20, 150, 60, 255), 20, 2.5f);
    char text[48];
    std::snprintf(text, sizeof text, "#%zu %.2f km²", i + 1, p.gain_m2 / 1e6);
    draw_halo_text(dl, font, font->FontSize, {at.x + 9, at.y - font->FontSize / 2},
                   IM_COL32(150, 20, 100, 255), text);
  }
}

}  // namespace viewer
