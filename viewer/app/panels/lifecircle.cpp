#include "panels/lifecircle.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "app.hpp"
#include "plan/error.hpp"
#include "plan/osm.hpp"

namespace viewer {
namespace {

// GB 50180-2018's 15-minute circle: the categories of that circle.
plan::LifeCircleProfile fifteen_minutes() {
  plan::LifeCircleProfile p = plan::gb50180_profile();
  std::erase_if(p.categories, [](const plan::LifeCircleCategory& c) { return c.circle != "15-minute"; });
  return p;
}

}  // namespace

std::string life_circle_facilities(AppState& app) {
  const LifeCirclePanel& lp = app.lifecircle;
  if (!lp.facilities.empty()) return lp.facilities;
  if (editing(app) && app.edit.session->layer().field_index(lp.category_field)) return app.edit.layer;
  return find_layer(app, "facilities") ? "facilities" : "";
}

bool start_life_circles(AppState& app, std::string* why) {
  LifeCirclePanel& lp = app.lifecircle;
  const std::string fac_name = life_circle_facilities(app);
  const std::string homes_name = lp.homes.empty() ? std::string("homes") : lp.homes;
  const std::string net_name = lp.network.empty() ? default_street_layer(app) : lp.network;
  const LayerSlot* fac = find_layer(app, fac_name);
  const LayerSlot* homes = find_layer(app, homes_name);
  const LayerSlot* lines = find_layer(app, net_name);
  if (!fac || fac->layer.data.kind != plan::GeometryKind::Point ||
      !fac->layer.data.field_index(lp.category_field)) {
    *why = "needs a facilities layer with a '" + lp.category_field + "' field";
    return false;
  }
  if (!homes || homes->layer.data.kind != plan::GeometryKind::Point) {
    *why = "needs a points layer 'homes'";
    return false;
  }
  if (!lines || lines->layer.data.kind != plan::GeometryKind::Line) {
    *why = "needs a street layer";
    return false;
  }
  if (lp.job.running()) {
    lp.requested = true;
    return true;
  }
  lp.requested = false;
  // One point per feature: the category is a feature's.
  std::vector<plan::XY> fac_xy;
  std::vector<std::string> categories;
  const std::vector<std::string> values = plan::text_values(fac->layer.data, lp.category_field);
  for (std::size_t i = 0; i < fac->layer.data.features.size(); ++i)
    for (const plan::XY& p : fac->layer.data.features[i].geometry.points) {
      fac_xy.push_back(p);
      categories.push_back(values[i]);
    }
  std::vector<plan::XY> home_xy = plan::all_points(homes->layer.data);
  std::vector<double> population;
  if (home_xy.size() == homes->layer.data.features.size() &&
      homes->layer.data.field_index(lp.population_field)) {
    try {
      population = plan::population_field(homes->layer.data, lp.population_field);
    } catch (const plan::Error& e) {  // not numbers: say so in the tab
      *why = e.what();
      return false;
    }
  }
  std::shared_ptr<const plan::Network> network = cached_network(app, net_name, plan::TravelMode::Walk);
  std::shared_ptr<const plan::Layer> line_data =
      network ? nullptr : std::make_shared<plan::Layer>(lines->layer.data);
  lp.error.clear();
  lp.job.start("life circles", [network, line_data, fac_xy = std::move(fac_xy),
                                categories = std::move(categories), home_xy = std::move(home_xy),
                                population = std::move(population), fac_name, net_name]() mutable {
    LifeCircleOutput out;
    if (!network) network = std::make_shared<const plan::Network>(plan::network_from_layer(*line_data));
    out.network = network;
    out.facilities = fac_xy.size();
    out.facilities_layer = fac_name;
    out.network_layer = net_name;
    const plan::SnapIndex index(*network);
    out.result = plan::compute_life_circles(
        *network, plan::snap_points(index, fac_xy, plan::kDefaultMaxSnapM), categories,
        plan::snap_points(index, home_xy, plan::kDefaultMaxSnapM), population, fifteen_minutes());
    return out;
  });
  return true;
}

void poll_life_circles(AppState& app) {
  LifeCirclePanel& lp = app.lifecircle;
  try {
    if (std::optional<LifeCircleOutput> r = lp.job.take()) {
      lp.seconds = lp.job.seconds();
      remember_network(app, r->network_layer, r->network);
      lp.result = std::move(r);
    }
  } catch (const std::exception& e) {
    lp.error = e.what();
  }
  if (lp.requested && !lp.job.running()) {
    std::string why;
    if (!start_life_circles(app, &why)) lp.error = why;
  }
}

void life_circle_readout(AppState& app) {
  LifeCirclePanel& lp = app.lifecircle;
  if (lp.result) {
    const plan::ReachShares& s = lp.result->result.complete_shares;
    ImGui::Text("15-minute life circle complete: %zu of %zu homes, %.2f %%", s.covered, s.homes,
                s.covered_ratio * 100);
    if (s.population_covered_ratio) {
      ImGui::SameLine();
      ImGui::TextDisabled("(people %.2f %%)", *s.population_covered_ratio * 100);
    }
    if (ImGui::TreeNode("lifecircle", "by category · %zu facilities in %s · %.2f s", lp.result->facilities,
                        lp.result->facilities_layer.c_str(), lp.seconds)) {
      for (const plan::CategoryReach& c : lp.result->result.categories)
        ImGui::TextDisabled("%s ≤ %.0f m: %.2f %% of homes", c.category.name.c_str(),
                            c.category.max_distance_m, c.shares.covered_ratio * 100);
      ImGui::TreePop();
    }
  } else {
    ImGui::TextUnformatted("15-minute life circle (GB 50180-2018)");
  }
  if (lp.job.running()) {
    ImGui::TextDisabled("measuring… %.1f s", lp.job.seconds());
  } else if (!lp.result && ImGui::SmallButton("Measure")) {
    std::string why;
    if (!start_life_circles(app, &why)) lp.error = why;
  }
  if (!lp.error.empty()) ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s", lp.error.c_str());
}

}  // namespace viewer
