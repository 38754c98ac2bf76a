#include "panels/elderly_care.hpp"

#include <exception>
#include <utility>
#include <vector>

#include "app.hpp"
#include "panels/widgets.hpp"
#include "plan/error.hpp"

namespace viewer {

const char* const kElderlyCareExplanation =
    "社区养老服务设施配建达标率 (indicator 16): a community meets the standard when the elderly-care floor "
    "area within reach, each facility's shared among the communities it serves by households, is at least "
    "the area per 100 households. Shandong: 20 m² (《山东省养老服务条例》, 2020); GB 50180-2018: 300 m. "
    "Communities short of it are drawn in red.";

namespace {

constexpr const char* kShortLayer = "elderly_care_short";

// The communities without the floor area they need, each with its households, the area it needs and the
// area it has, for Identify.
plan::Layer short_of_standard(const plan::Layer& communities, const plan::FloorAreaResult& r) {
  plan::Layer out;
  out.name = kShortLayer;
  out.crs = communities.crs;
  out.kind = communities.kind;
  out.fields = {{"households", plan::FieldType::Real},
                {"required_m2", plan::FieldType::Real},
                {"available_m2", plan::FieldType::Real},
                {"facilities_within", plan::FieldType::Integer}};
  for (std::size_t i = 0; i < communities.features.size(); ++i) {
    const plan::CommunityProvision& c = r.communities[i];
    if (c.meets) continue;
    plan::Feature f = communities.features[i];
    f.values = {c.households, c.required_m2, c.available_m2, std::int64_t(c.facilities_within)};
    out.features.push_back(std::move(f));
  }
  return out;
}

// The numbers of a field, or a reason in `why`.
bool numbers(const plan::Layer& layer, const std::string& field, std::vector<double>* out, std::string* why) {
  if (!layer.field_index(field)) {
    *why = "layer '" + layer.name + "' has no field '" + field + "'";
    return false;
  }
  try {
    *out = plan::numeric_field(layer, field);
  } catch (const plan::Error& e) {  // not numbers: say so in the tab
    *why = e.what();
    return false;
  }
  return true;
}

}  // namespace

std::string elderly_care_facilities(AppState& app) {
  const ElderlyCarePanel& ep = app.elderly_care;
  if (!ep.facilities.empty()) return ep.facilities;
  if (editing(app) && app.edit.session->layer().field_index(ep.floor_area_field)) return app.edit.layer;
  return find_layer(app, "elderly_care") ? "elderly_care" : "";
}

bool start_elderly_care(AppState& app, std::string* why) {
  ElderlyCarePanel& ep = app.elderly_care;
  const std::string com_name = ep.communities.empty() ? std::string("communities") : ep.communities;
  const std::string fac_name = elderly_care_facilities(app);
  const std::string net_name = ep.network.empty() ? default_street_layer(app) : ep.network;
  const LayerSlot* com = find_layer(app, com_name);
  const LayerSlot* fac = find_layer(app, fac_name);
  const LayerSlot* lines = find_layer(app, net_name);
  if (!com || com->layer.data.kind == plan::GeometryKind::Line) {
    *why = "needs a layer 'communities' (polygons or points) with a '" + ep.households_field + "' field";
    return false;
  }
  if (!fac || fac->layer.data.kind != plan::GeometryKind::Point) {
    *why = "needs a points layer 'elderly_care' with a '" + ep.floor_area_field + "' field";
    return false;
  }
  if (!lines || lines->layer.data.kind != plan::GeometryKind::Line) {
    *why = "needs a street layer";
    return false;
  }
  if (ep.job.running()) {
    ep.requested = true;
    return true;
  }
  ep.requested = false;
  std::vector<double> households, floor_area;
  if (!numbers(com->layer.data, ep.households_field, &households, why) ||
      !numbers(fac->layer.data, ep.floor_area_field, &floor_area, why))
    return false;
  // One point per facility feature: the floor area is the feature's.
  std::vector<plan::XY> fac_xy;
  std::vector<double> fac_area;
  for (std::size_t i = 0; i < fac->layer.data.features.size(); ++i)
    for (const plan::XY& p : fac->layer.data.features[i].geometry.points) {
      fac_xy.push_back(p);
      fac_area.push_back(floor_area[i]);
    }
  auto communities = std::make_shared<const plan::Layer>(com->layer.data);
  std::shared_ptr<const plan::Network> network = cached_network(app, net_name, plan::TravelMode::Walk);
  std::shared_ptr<const plan::Layer> line_data =
      network ? nullptr : std::make_shared<plan::Layer>(lines->layer.data);
  plan::FloorAreaStandard standard;
  standard.m2_per_100_households = ep.m2_per_100_households;
  standard.within_m = ep.within_m;
  ep.error.clear();
  ep.job.start("elderly care", [network, line_data, communities, households = std::move(households),
                                fac_xy = std::move(fac_xy), fac_area = std::move(fac_area), standard,
                                com_name, fac_name, net_name]() mutable {
    ElderlyCareOutput out;
    if (!network) network = std::make_shared<const plan::Network>(plan::network_from_layer(*line_data));
    out.network = network;
    out.facilities = fac_xy.size();
    out.communities_layer = com_name;
    out.facilities_layer = fac_name;
    out.network_layer = net_name;
    const plan::SnapIndex index(*network);
    out.result = plan::floor_area_standard(
        *network, plan::snap_points(index, plan::representative_points(*communities), plan::kDefaultMaxSnapM),
        households, plan::snap_points(index, fac_xy, plan::kDefaultMaxSnapM), fac_area, standard);
    out.short_of_standard = short_of_standard(*communities, out.result);
    return out;
  });
  return true;
}

void poll_elderly_care(AppState& app) {
  ElderlyCarePanel& ep = app.elderly_care;
  try {
    if (std::optional<ElderlyCareOutput> r = ep.job.take()) {
      ep.seconds = ep.job.seconds();
      remember_network(app, r->network_layer, r->network);
      remove_layer(app, kShortLayer);
      insert_layer(app, make_map_layer(std::move(r->short_of_standard)));
      ep.result = std::move(r);
    }
  } catch (const std::exception& e) {
    ep.error = e.what();
    ep.result.reset();
  }
  if (ep.requested && !ep.job.running()) {
    std::string why;
    if (!start_elderly_care(app, &why)) ep.error = why;
  }
}

void elderly_care_tab(AppState& app) {
  ElderlyCarePanel& ep = app.elderly_care;
  bool changed = false;
  changed |= name_combo(app, "communities", &ep.communities, plan::GeometryKind::Polygon, "(communities)");
  changed |= name_combo(app, "facilities", &ep.facilities, plan::GeometryKind::Point, "(elderly_care)");
  changed |= ImGui::SliderFloat("m² per 100 households", &ep.m2_per_100_households, 5, 60, "%.0f m²");
  changed |= ImGui::SliderFloat("within (m)", &ep.within_m, 100, 1000, "%.0f m");
  const bool run = ImGui::Button("Measure");
  if (run || (changed && ep.result)) {
    std::string why;
    if (!start_elderly_care(app, &why)) ep.error = why;
  }
  if (ep.job.running()) ImGui::TextDisabled("measuring… %.1f s", ep.job.seconds());
  if (!ep.error.empty()) ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", ep.error.c_str());
  if (ep.result) {
    const plan::FloorAreaResult& r = ep.result->result;
    ImGui::Separator();
    ImGui::Text("meet the standard  %zu of %zu communities, %.2f %%", r.meeting, r.communities.size(),
                r.meeting_ratio * 100);
    if (r.households_meeting_ratio)
      ImGui::Text("households         %.0f of %.0f, %.2f %%", r.households_meeting, r.households,
                  *r.households_meeting_ratio * 100);
    ImGui::Text("floor area needed  %.0f m²", r.required_m2);
    ImGui::Text("floor area built   %.0f m², %.0f m² of it within reach", r.floor_area_m2, r.allocated_m2);
    ImGui::TextDisabled("%zu facilities in %s · %zu communities not snapped · %.2f s", ep.result->facilities,
                        ep.result->facilities_layer.c_str(), r.unsnapped, ep.seconds);
  }
  ImGui::TextWrapped("%s", kElderlyCareExplanation);
}

}  // namespace viewer
