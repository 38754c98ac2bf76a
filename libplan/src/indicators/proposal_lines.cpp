// The report's sentences on closing the gaps of indicators 11, 14 and 16: how many greedy additions reach the
// plan's targets, on the plan's demonstration data.
#include <algorithm>

#include "indicators/demo_data.hpp"
#include "indicators/format.hpp"
#include "plan/io.hpp"
#include "plan/osm.hpp"
#include "plan/plan.hpp"
#include "plan/proposals.hpp"
#include "plan/reach.hpp"

namespace plan {

namespace {

using indicators::DemoData;
using indicators::find_computed;
using indicators::fixed;

// The plan's 2025 and 2035 targets of an indicator as shares (0..1) with their text, when they are
// "at least" targets.
std::vector<std::pair<int, std::pair<double, std::string>>> share_targets(const Indicator& ind) {
  std::vector<std::pair<int, std::pair<double, std::string>>> out;
  for (auto [year, t] : {std::pair{2025, ind.target_2025}, std::pair{2035, ind.target_2035}}) {
    if (!t || (t->comparator != Comparator::AtLeast && t->comparator != Comparator::Greater)) continue;
    out.push_back({year, {std::min(1.0, t->value / 100), t->text}});
  }
  return out;
}

// "12 for 2025 (≥90 %), 37 for 2035 (100 %)" from the cumulative shares after each addition.
std::string counts_for(const std::vector<std::pair<int, std::pair<double, std::string>>>& targets,
                       double initial, const std::vector<double>& cumulative) {
  std::string s;
  for (const auto& [year, t] : targets) {
    const double share = t.first;  // a plain variable: clang 14 cannot capture a structured binding
    const std::string& text = t.second;
    std::string n;
    if (initial >= share - 1e-9) {
      n = "0 (already met)";
    } else {
      const auto it =
          std::find_if(cumulative.begin(), cumulative.end(), [&](double v) { return v >= share - 1e-9; });
      n = it == cumulative.end() ? "not reachable from these candidates"
                                 : std::to_string(it - cumulative.begin() + 1);
    }
    s += (s.empty() ? "" : ", ") + n + " for " + std::to_string(year) + " (" + text + " %)";
  }
  return s;
}

// Indicator 11: how many stops, chosen greedily along the demo streets, reach each target.
void add_stop_line(const Plan& plan, const DemoData& demo, const Layer& streets,
                   std::vector<std::string>& out) {
  if (const Indicator* ind = find_computed(plan, "stop_coverage");
      ind && demo.has("bus_stops") && demo.has("central_city")) {
    const auto targets = share_targets(*ind);
    if (!targets.empty()) {
      StopProposalInput in;
      in.stops = all_points(demo.read("bus_stops", GeometryKind::Point));
      in.area = all_polygons(demo.read("central_city", GeometryKind::Polygon));
      if (demo.has("exclusions")) {
        const MultiPolygon ex = all_polygons(demo.read("exclusions", GeometryKind::Polygon));
        in.exclusions.assign(ex.begin(), ex.end());
      }
      std::vector<LineString> lines;
      for (const Feature& f : streets.features)
        lines.insert(lines.end(), f.geometry.lines.begin(), f.geometry.lines.end());
      in.candidates = points_along(lines, 100);
      ProposalOptions o;
      for (const auto& t : targets) o.target_ratio = std::max(o.target_ratio.value_or(0), t.second.first);
      const StopProposalResult r = propose_stops(in, CoverageOptions{}, o);
      std::vector<double> cumulative;
      for (const StopProposal& p : r.proposals) cumulative.push_back(p.area_ratio);
      out.push_back("indicator " + std::to_string(ind->id) +
                    " (stop coverage, SYNTHETIC demonstration city): new stops " +
                    "needed, chosen greedily among " + std::to_string(r.candidates_considered) +
                    " sites every 100 m along the streets (plan suggest-stops), from " +
                    fixed(100 * r.initial_area_ratio, 1) +
                    " % now: " + counts_for(targets, r.initial_area_ratio, cumulative) +
                    "; greedy is within 1 − 1/e of the best coverage for its count");
    }
  }
}

// Indicator 14: per 15-minute service, how many facilities chosen greedily reach each target.
void add_facility_line(const Plan& plan, const DemoData& demo, const Network& net, const SnapIndex& index,
                       std::vector<std::string>& out) {
  if (const Indicator* ind = find_computed(plan, "life_circle_coverage");
      ind && demo.has("facilities") && demo.has("homes")) {
    const auto targets = share_targets(*ind);
    if (!targets.empty()) {
      const Layer facilities = demo.read("facilities", GeometryKind::Point);
      const Layer homes = demo.read("homes", GeometryKind::Point);
      const std::vector<std::string> category = text_values(facilities, "category");
      const std::vector<XY> facility_xy = all_points(facilities);
      FacilityProposalInput in;
      in.network = &net;
      in.homes = snap_points(index, all_points(homes), kDefaultMaxSnapM);
      in.population = population_field(homes, "population");
      in.candidates = snap_points(index, points_along_network(net, 200), kDefaultMaxSnapM);
      ProposalOptions o;
      o.objective = ProposalObjective::Population;
      for (const auto& t : targets) o.target_ratio = std::max(o.target_ratio.value_or(0), t.second.first);
      std::string parts;
      for (const LifeCircleCategory& c : gb50180_profile().categories) {
        if (c.circle != "15-minute") continue;
        std::vector<XY> existing;
        for (std::size_t i = 0; i < facility_xy.size(); ++i)
          if (std::find(c.match.begin(), c.match.end(), category[i]) != c.match.end() ||
              (c.match.empty() && category[i] == c.name))
            existing.push_back(facility_xy[i]);
        in.facilities = snap_points(index, existing, kDefaultMaxSnapM);
        const FacilityProposalResult r = propose_facilities(in, c.max_distance_m, o);
        std::vector<double> cumulative;
        for (const FacilityProposal& p : r.proposals) cumulative.push_back(p.population_ratio.value_or(0));
        const double initial = r.population_total > 0 ? r.initial_covered_population / r.population_total : 0;
        parts += (parts.empty() ? "" : "; ") + c.name + " " + counts_for(targets, initial, cumulative);
      }
      out.push_back(
          "indicator " + std::to_string(ind->id) +
          " (15-minute life circle, SYNTHETIC demonstration city): " +
          "new facilities each 15-minute service needs for its own share of residents within 1000 m "
          "walking, " +
          "chosen greedily among sites every 200 m along the streets (plan suggest-facilities): " + parts +
          ". A life circle is complete only when every service is within reach, so at 100 % these additions "
          "together complete it; below 100 % they are necessary, not sufficient");
    }
  }
}

// Indicator 16: how many 350 m² elderly-care centres, chosen greedily, bring the communities up to the
// floor-area standard.
void add_elderly_care_line(const Plan& plan, const DemoData& demo, const Network& net, const SnapIndex& index,
                           std::vector<std::string>& out) {
  const Indicator* ind = find_computed(plan, "elderly_care_to_standard");
  if (!ind || !demo.has("communities") || !demo.has("elderly_care")) return;
  const auto targets = share_targets(*ind);
  if (targets.empty()) return;
  const Layer communities = demo.read("communities", GeometryKind::Polygon);
  const Layer centres = demo.read("elderly_care", GeometryKind::Point);
  FloorAreaSiteInput in;
  in.communities = snap_points(index, representative_points(communities), kDefaultMaxSnapM);
  in.households = population_field(communities, "households");
  in.facilities = snap_points(index, all_points(centres), kDefaultMaxSnapM);
  in.floor_area_m2 = population_field(centres, "floor_area_m2");
  in.candidates = snap_points(index, points_along_network(net, 200), kDefaultMaxSnapM);
  ProposalOptions o;
  for (const auto& t : targets) o.target_ratio = std::max(o.target_ratio.value_or(0), t.second.first);
  const FloorAreaSiteResult r = propose_floor_area_sites(net, in, o);
  std::vector<double> cumulative;
  for (const FloorAreaSite& p : r.proposals) cumulative.push_back(p.meeting_ratio);
  out.push_back(
      "indicator " + std::to_string(ind->id) +
      " (community elderly care, SYNTHETIC demonstration city): new centres of " +
      fixed(in.site_floor_area_m2, 0) + " m² (GB 50180-2018's smallest day-care centre) needed, " +
      "chosen greedily among sites every 200 m along the streets (plan elderly-care --target), from " +
      fixed(100 * r.initial.meeting_ratio, 1) +
      " % of communities now: " + counts_for(targets, r.initial.meeting_ratio, cumulative) +
      "; each step takes the site that completes the most communities, with no guarantee of the "
      "fewest sites");
}

}  // namespace

std::vector<std::string> proposal_report_lines(const Plan& plan) {
  std::vector<std::string> out;
  const DemoData demo(plan);
  if (!demo.has("streets")) return out;
  const Layer streets = demo.read("streets", GeometryKind::Line);
  add_stop_line(plan, demo, streets, out);
  // One walking network for the facility and centre proposals.
  const Network net = network_from_layer(streets);
  const SnapIndex index(net);
  add_facility_line(plan, demo, net, index, out);
  add_elderly_care_line(plan, demo, net, index, out);
  return out;
}

}  // namespace plan
