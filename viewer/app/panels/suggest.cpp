#include "panels/suggest.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <functional>
#include <set>
#include <utility>

#include "app.hpp"
#include "panels/widgets.hpp"
#include "plan/osm.hpp"
#include "plan/reach.hpp"

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

plan::Layer facility_proposals_layer(const SuggestOutput& out, const std::string& crs) {
  plan::Layer l;
  l.name = "proposals";
  l.crs = crs;
  l.kind = plan::GeometryKind::Point;
  l.fields = {{"rank", plan::FieldType::Integer},
              {"category", plan::FieldType::String},
              {"gain_homes", plan::FieldType::Integer},
              {"gain_population", plan::FieldType::Real},
              {"homes_ratio", plan::FieldType::Real}};
  const plan::FacilityProposalResult& r = out.facilities;
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::FacilityProposal& p = r.proposals[i];
    l.features.push_back({std::int64_t(i + 1),
                          plan::Geometry::point(out.sites[i]),
                          {plan::Value(std::int64_t(i + 1)), plan::Value(out.category),
                           plan::Value(std::int64_t(p.gain_homes)), plan::Value(p.gain_population),
                           plan::Value(p.homes_ratio)}});
  }
  return l;
}

// The facilities the proposals add to: the edited layer while editing one with the category field, else a
// layer named 'facilities'.
std::string default_facilities(AppState& app) {
  if (editing(app) && app.edit.session->layer().field_index(app.suggest.category_field))
    return app.edit.layer;
  return find_layer(app, "facilities") ? "facilities" : "";
}

const std::vector<plan::LifeCircleCategory>& categories() {
  static const std::vector<plan::LifeCircleCategory> c = plan::gb50180_profile().categories;
  return c;
}

// The positions of the edited layer's points, to tell accepted proposals.
std::set<std::pair<double, double>> edited_positions(const AppState& app) {
  std::set<std::pair<double, double>> out;
  if (editing(app))
    for (const plan::XY& p : app.edit.session->points()) out.insert({p.x, p.y});
  return out;
}

}  // namespace

std::optional<int> suggest_category_index(const std::string& name) {
  for (std::size_t i = 0; i < categories().size(); ++i)
    if (categories()[i].name == name) return int(i);
  return std::nullopt;
}

namespace {

// The run's count or target, progress and cancel, from the tab.
plan::ProposalOptions proposal_options(SuggestPanel& sp) {
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
  return po;
}

// The points of the facilities layer whose category field holds `category`: the existing facilities the
// proposals start from (none when the layer or the field is missing).
std::vector<plan::XY> existing_of(AppState& app, const std::string& layer, const std::string& field,
                                  const std::string& category) {
  std::vector<plan::XY> existing;
  const LayerSlot* f = find_layer(app, layer);
  if (!f || f->layer.data.kind != plan::GeometryKind::Point || !f->layer.data.field_index(field))
    return existing;
  const plan::Layer& data = f->layer.data;
  const std::vector<std::string> values = plan::text_values(data, field);
  for (std::size_t i = 0; i < data.features.size(); ++i)
    if (values[i] == category)
      existing.insert(existing.end(), data.features[i].geometry.points.begin(),
                      data.features[i].geometry.points.end());
  return existing;
}

// The homes' population when they have one point each and the field: false, with why, when it holds
// something else than numbers (said in the tab).
bool population_of(const plan::Layer& homes, std::size_t points, const std::string& field,
                   std::vector<double>& population, std::string* why) {
  if (points != homes.features.size() || !homes.field_index(field)) return true;
  try {
    population = plan::population_field(homes, field);
  } catch (const plan::Error& e) {
    *why = e.what();
    return false;
  }
  return true;
}

bool start_facilities(AppState& app, std::string* why) {
  SuggestPanel& sp = app.suggest;
  const std::string net_name = sp.streets.empty() ? default_street_layer(app) : sp.streets;
  const std::string homes_name = sp.homes.empty() ? std::string("homes") : sp.homes;
  const std::string fac_name = sp.facilities.empty() ? default_facilities(app) : sp.facilities;
  const LayerSlot* lines = find_layer(app, net_name);
  if (!lines || lines->layer.data.kind != plan::GeometryKind::Line) {
    *why = "pick a street layer (the walking network)";
    return false;
  }
  const LayerSlot* homes = find_layer(app, homes_name);
  if (!homes || homes->layer.data.kind != plan::GeometryKind::Point) {
    *why = "pick a points layer of homes";
    return false;
  }
  if (sp.job.running()) {
    *why = "a run is in progress";
    return false;
  }
  const plan::LifeCircleCategory& category =
      categories()[std::size_t(std::clamp(sp.category, 0, int(categories().size()) - 1))];
  std::vector<plan::XY> existing = existing_of(app, fac_name, sp.category_field, category.name);
  std::vector<plan::XY> candidates;
  if (const LayerSlot* c = find_layer(app, sp.candidates);
      c && c->layer.data.kind == plan::GeometryKind::Point)
    candidates = plan::all_points(c->layer.data);
  std::vector<plan::XY> home_xy = plan::all_points(homes->layer.data);
  std::vector<double> population;
  if (!population_of(homes->layer.data, home_xy.size(), sp.population_field, population, why)) return false;
  std::shared_ptr<const plan::Network> network = cached_network(app, net_name, plan::TravelMode::Walk);
  std::shared_ptr<const plan::Layer> line_data =
      network ? nullptr : std::make_shared<plan::Layer>(lines->layer.data);
  const double within_m = sp.within_m > 0 ? double(sp.within_m) : category.max_distance_m;
  const double spacing_m = sp.facility_spacing_m;
  plan::ProposalOptions po = proposal_options(sp);
  SuggestOutput head;
  head.by_people = sp.by_people && !population.empty();
  if (head.by_people) po.objective = plan::ProposalObjective::Population;
  head.kind = SuggestKind::Facilities;
  head.stops = existing.size();
  head.stops_layer = fac_name;
  head.category = category.name;
  head.category_field = sp.category_field;
  head.network_layer = net_name;
  sp.job.start("suggest", [head = std::move(head), network, line_data, existing = std::move(existing),
                           candidates = std::move(candidates), home_xy = std::move(home_xy),
                           population = std::move(population), within_m, spacing_m, po]() mutable {
    SuggestOutput out = std::move(head);
    if (!network) network = std::make_shared<const plan::Network>(plan::network_from_layer(*line_data));
    out.network = network;
    const plan::Network& net = *network;
    // Every spacing along the network's edges, as plan suggest-facilities.
    if (candidates.empty()) candidates = plan::points_along_network(net, spacing_m);
    const plan::SnapIndex index(net);
    plan::FacilityProposalInput in;
    in.network = &net;
    in.facilities = plan::snap_points(index, existing, plan::kDefaultMaxSnapM);
    in.candidates = plan::snap_points(index, candidates, plan::kDefaultMaxSnapM);
    in.homes = plan::snap_points(index, home_xy, plan::kDefaultMaxSnapM);
    in.population = std::move(population);
    out.candidates = candidates.size();
    out.facilities = plan::propose_facilities(in, within_m, po);
    for (const plan::FacilityProposal& p : out.facilities.proposals)
      out.sites.push_back(candidates[p.candidate]);
    return out;
  });
  return true;
}

bool start_stops(AppState& app, std::string* why) {
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
  const plan::ProposalOptions po = proposal_options(sp);
  const double spacing = sp.spacing_m;
  sp.job.start("suggest",
               [in = std::move(in), lines = std::move(lines), co, po, spacing, stops_name]() mutable {
                 if (!lines.empty()) in.candidates = plan::points_along(lines, spacing);
                 SuggestOutput out;
                 out.candidates = in.candidates.size();
                 out.stops = in.stops.size();
                 out.stops_layer = stops_name;
                 out.result = plan::propose_stops(in, co, po);
                 for (const plan::StopProposal& p : out.result.proposals) out.sites.push_back(p.position);
                 return out;
               });
  return true;
}

}  // namespace

bool start_suggest(AppState& app, std::string* why) {
  return app.suggest.kind == SuggestKind::Facilities ? start_facilities(app, why) : start_stops(app, why);
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
      MapLayer layer =
          make_map_layer(r->kind == SuggestKind::Facilities ? facility_proposals_layer(*r, app.crs)
                                                            : proposals_layer(r->result, app.crs));
      if (r->kind == SuggestKind::Facilities)
        for (FeatureStyle& st : layer.styles) st.legend = "建议新增设施";  // proposed facilities
      insert_layer(app, std::move(layer));
      if (r->network) remember_network(app, r->network_layer, r->network);
      sp.result = std::move(r);
      app.fonts_dirty = true;
      if (sp.result->kind == SuggestKind::Facilities && !app.lifecircle.result &&
          !app.lifecircle.job.running()) {
        std::string why;
        start_life_circles(app, &why);  // the readout beside the proposals, when homes and streets are there
      }
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
  const std::vector<plan::XY>& sites = sp.result->sites;
  for (std::size_t i = first; i < std::min(sites.size(), first + n); ++i)
    if (!have.count({sites[i].x, sites[i].y})) add.push_back(sites[i]);
  std::vector<std::pair<std::string, plan::Value>> values;
  if (sp.result->kind == SuggestKind::Facilities)
    values.push_back({sp.result->category_field, plan::Value(sp.result->category)});
  if (!add.empty()) app.edit.session->add_all(add, values);
  return add.size();
}

namespace {

void stops_inputs(AppState& app) {
  SuggestPanel& sp = app.suggest;
  ImGui::TextWrapped("New stops that add the most covered area, chosen greedily with exact gains on the %s.",
                     editing(app) ? "edited layer" : "stops layer");
  if (sp.stops.empty()) ImGui::TextDisabled("stops: %s", default_stops(app).c_str());
  name_combo(app, "stops", &sp.stops, plan::GeometryKind::Point, "(edited / Coverage tab's)");
  name_combo(app, "streets", &sp.streets, plan::GeometryKind::Line, "(street layer)");
  name_combo(app, "candidates", &sp.candidates, plan::GeometryKind::Point, "(every spacing along streets)");
  ImGui::SliderFloat("spacing (m)", &sp.spacing_m, 20, 500, "%.0f m");
}

void facilities_inputs(AppState& app) {
  SuggestPanel& sp = app.suggest;
  ImGui::TextWrapped(
      "New facilities of one GB 50180-2018 category that bring the most homes (or people, with a population "
      "field) within walking reach, chosen greedily over exact network catchments%s.",
      editing(app) ? " (the edited layer's facilities count as there)" : "");
  const plan::LifeCircleCategory& c =
      categories()[std::size_t(std::clamp(sp.category, 0, int(categories().size()) - 1))];
  if (ImGui::BeginCombo("category", c.name.c_str())) {
    for (std::size_t i = 0; i < categories().size(); ++i) {
      const plan::LifeCircleCategory& k = categories()[i];
      char item[96];
      std::snprintf(item, sizeof item, "%s (%s, %.0f m)", k.name.c_str(), k.circle.c_str(), k.max_distance_m);
      if (ImGui::Selectable(item, int(i) == sp.category)) sp.category = int(i);
    }
    ImGui::EndCombo();
  }
  ImGui::SliderFloat("within (m)", &sp.within_m, 0, 2000, sp.within_m > 0 ? "%.0f m" : "category's");
  if (sp.facilities.empty()) ImGui::TextDisabled("facilities: %s", default_facilities(app).c_str());
  name_combo(app, "facilities", &sp.facilities, plan::GeometryKind::Point, "(edited / 'facilities')");
  name_combo(app, "homes", &sp.homes, plan::GeometryKind::Point, "('homes')");
  name_combo(app, "network", &sp.streets, plan::GeometryKind::Line, "(street layer)");
  name_combo(app, "candidates", &sp.candidates, plan::GeometryKind::Point, "(every spacing along network)");
  ImGui::SliderFloat("spacing (m)", &sp.facility_spacing_m, 20, 1000, "%.0f m");
  const LayerSlot* homes = find_layer(app, sp.homes.empty() ? "homes" : sp.homes);
  if (homes && homes->layer.data.field_index(sp.population_field)) {
    char label[96];
    std::snprintf(label, sizeof label, "maximise people ('%s' of the homes)", sp.population_field.c_str());
    ImGui::Checkbox(label, &sp.by_people);
  } else {
    ImGui::TextDisabled("maximising homes (no '%s' field on the homes)", sp.population_field.c_str());
  }
}

void stops_result(SuggestPanel& sp, const std::set<std::pair<double, double>>& have,
                  const std::function<void(std::size_t)>& accept) {
  const SuggestOutput& out = *sp.result;
  const plan::StopProposalResult& r = out.result;
  ImGui::Text("%zu stops cover %.2f %% · %zu candidates · %.2f s", out.stops, r.initial_area_ratio * 100,
              out.candidates, sp.seconds);
  if (!r.proposals.empty())
    ImGui::Text("%zu proposals reach %.2f %% (best possible ≤ %.2f %%)", r.proposals.size(),
                r.proposals.back().area_ratio * 100, r.area_m2 > 0 ? r.upper_bound / r.area_m2 * 100 : 0.0);
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
        if (ImGui::SmallButton("accept")) accept(i);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
}

void facilities_result(SuggestPanel& sp, const std::set<std::pair<double, double>>& have,
                       const std::function<void(std::size_t)>& accept) {
  const SuggestOutput& out = *sp.result;
  const plan::FacilityProposalResult& r = out.facilities;
  const double homes = double(std::max<std::size_t>(1, r.homes));
  ImGui::Text("%s within %.0f m: %zu existing reach %.2f %% of %zu homes · %zu candidates · %.2f s",
              out.category.c_str(), r.within_m, out.stops, double(r.initial_covered_homes) / homes * 100,
              r.homes, out.candidates, sp.seconds);
  if (out.by_people) {
    const double people = std::max(1.0, r.population_total);
    ImGui::Text("maximising people: %.0f of %.0f (%.2f %%) reached before", r.initial_covered_population,
                r.population_total, r.initial_covered_population / people * 100);
    if (!r.proposals.empty())
      ImGui::Text("%zu proposals reach %.2f %% of people (best possible ≤ %.2f %%), %.2f %% of homes",
                  r.proposals.size(), r.proposals.back().population_ratio.value_or(0) * 100,
                  r.upper_bound / people * 100, r.proposals.back().homes_ratio * 100);
  } else if (!r.proposals.empty()) {
    ImGui::Text("%zu proposals reach %.2f %% (best possible ≤ %.2f %%)", r.proposals.size(),
                r.proposals.back().homes_ratio * 100, r.upper_bound / homes * 100);
  }
  const int columns = r.has_population ? 6 : 4;
  if (ImGui::BeginTable("proposals", columns,
                        ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH,
                        {0, 220})) {
    ImGui::TableSetupColumn("rank");
    ImGui::TableSetupColumn("gain homes");
    if (r.has_population) ImGui::TableSetupColumn("gain people");
    ImGui::TableSetupColumn("homes %");
    if (r.has_population) ImGui::TableSetupColumn("people %");
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < r.proposals.size(); ++i) {
      const plan::FacilityProposal& p = r.proposals[i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%zu", i + 1);
      ImGui::TableNextColumn();
      ImGui::Text("%zu", p.gain_homes);
      if (r.has_population) {
        ImGui::TableNextColumn();
        ImGui::Text("%.0f", p.gain_population);
      }
      ImGui::TableNextColumn();
      ImGui::Text("%.2f", p.homes_ratio * 100);
      if (r.has_population) {
        ImGui::TableNextColumn();
        ImGui::Text("%.2f", p.population_ratio.value_or(0) * 100);
      }
      ImGui::TableNextColumn();
      if (have.count({out.sites[i].x, out.sites[i].y})) {
        ImGui::TextDisabled("accepted");
      } else {
        ImGui::PushID(int(i));
        if (ImGui::SmallButton("accept")) accept(i);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
}

}  // namespace

void suggest_tab(AppState& app) {
  SuggestPanel& sp = app.suggest;
  int kind = sp.kind == SuggestKind::Facilities ? 1 : 0;
  ImGui::RadioButton("stops", &kind, 0);
  ImGui::SameLine();
  ImGui::RadioButton("facilities", &kind, 1);
  sp.kind = kind == 1 ? SuggestKind::Facilities : SuggestKind::Stops;
  if (sp.kind == SuggestKind::Facilities)
    facilities_inputs(app);
  else
    stops_inputs(app);
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
  if (sp.kind == SuggestKind::Stops)
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
  if (sp.kind == SuggestKind::Facilities) {
    ImGui::Separator();
    life_circle_readout(app);
  }
  if (!sp.result) return;
  ImGui::Separator();
  ImGui::SetNextItemWidth(100);
  ImGui::InputInt("##acceptn", &sp.accept_count);
  sp.accept_count = std::clamp(sp.accept_count, 1, int(std::max<std::size_t>(1, sp.result->sites.size())));
  ImGui::SameLine();
  if (ImGui::Button("Accept top N")) accept_proposals(app, 0, std::size_t(sp.accept_count));
  ImGui::SameLine();
  ImGui::TextDisabled("into %s", sp.result->stops_layer.c_str());
  const std::set<std::pair<double, double>> have = edited_positions(app);
  const auto accept = [&app](std::size_t i) { accept_proposals(app, i, 1); };
  if (sp.result->kind == SuggestKind::Facilities)
    facilities_result(sp, have, accept);
  else
    stops_result(sp, have, accept);
}

void draw_proposals(AppState& app, ImDrawList* dl) {
  const SuggestPanel& sp = app.suggest;
  const LayerSlot* slot = find_layer(app, "proposals");
  if (!sp.result || !slot || !slot->layer.visible) return;
  const std::set<std::pair<double, double>> have = edited_positions(app);
  const BBox visible = app.view.visible();
  ImFont* font = app.label_font ? app.label_font : ImGui::GetFont();
  const SuggestOutput& out = *sp.result;
  // Labels for the first 100 only: beyond that they cover the map.
  for (std::size_t i = 0; i < std::min<std::size_t>(out.sites.size(), 100); ++i) {
    const plan::XY p = out.sites[i];
    if (!visible.contains(p)) continue;
    const ScreenXY q = app.view.to_screen(p);
    const ImVec2 at{float(q.x), float(q.y)};
    if (have.count({p.x, p.y})) dl->AddCircle(at, 11, IM_COL32(20, 150, 60, 255), 20, 2.5f);
    char text[48];
    if (out.kind == SuggestKind::Facilities && out.by_people)
      std::snprintf(text, sizeof text, "#%zu +%.0f people", i + 1,
                    out.facilities.proposals[i].gain_population);
    else if (out.kind == SuggestKind::Facilities)
      std::snprintf(text, sizeof text, "#%zu +%zu homes", i + 1, out.facilities.proposals[i].gain_homes);
    else
      std::snprintf(text, sizeof text, "#%zu %.2f km²", i + 1, out.result.proposals[i].gain_m2 / 1e6);
    draw_halo_text(dl, font, font->FontSize, {at.x + 9, at.y - font->FontSize / 2},
                   IM_COL32(150, 20, 100, 255), text);
  }
}

}  // namespace viewer
