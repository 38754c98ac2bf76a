// plan elderly-care: whether each residential community has the community elderly-care floor area of the
// standard (Shandong: 20 m² per 100 households) within walking reach (300 m), indicator 16 of the Heze plan.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "args.hpp"
#include "care_sites.hpp"
#include "commands.hpp"
#include "common_options.hpp"
#include "input.hpp"
#include "network_input.hpp"
#include "output_fields.hpp"
#include "plan/error.hpp"
#include "plan/provision.hpp"
#include "plan/reach.hpp"
#include "suggest_common.hpp"
#include "timings.hpp"

namespace cli {

namespace {

const char* kFooter =
    R"(社区养老服务设施配建达标率: the share of residential communities (居住区/小区) that have the community
elderly-care floor area the standard asks for within walking reach. Defaults are Shandong's:
《山东省养老服务条例》 (2020, in force 2020-05-01) and the 2022 管理办法 of the provincial civil affairs,
natural resources and housing departments ask for at least 20 m² of floor area per 100 households
(每一百户不低于二十平方米), and allow several small residential areas to be served jointly
(统筹配置); GB 50180-2018 puts the day-care centre for the elderly (老年人日间照料中心) in the five-minute
life circle, 300 m walking. Other provinces differ (Anhui 2022: 30 m² for new areas, 20 m² for existing
ones): set --m2-per-100-households and --within.
Each community stands at a point: a point feature's own, a polygon's point on surface. Communities and
facilities snap to the nearest street; those farther than --max-snap metres count as not meeting the
standard (communities) or serve nobody (facilities). A facility serves every community within --within
along the streets (between snapped positions; snap legs not added) and its floor area is shared among
them by households, so no square metre counts twice. A community meets the standard when its shares add
up to --m2-per-100-households × households / 100.
--target 100% (or --count K) proposes new centres of --centre-m2 m² (default 350, GB 50180-2018's smallest
day-care centre) on sites every --spacing (200m) along the streets: each step the site that brings the
most communities up to the standard (then removes the most shortfall), its area shared as every centre's
is; no guarantee of the fewest sites. Exit code 3 when the candidates cannot reach the target.
--out writes layer 'communities': the input communities with households, required_m2, available_m2,
facilities_within, meets and snap_m (input fields of those names are replaced).
--X-where SQL keeps the features of input X that pass an OGR SQL attribute filter; --gcj02 X,Y (or
--bd09) shifts inputs holding Amap/Tencent (GCJ-02) or Baidu (BD-09) lon/lat back to WGS84.
)";

const char* const kOutputFields[] = {"households",        "required_m2", "available_m2",
                                     "facilities_within", "meets",       "snap_m"};

void declare_options(Args& args) {
  args.add_input("communities", "the residential communities (polygons or points) with a households field");
  args.add_option("households-field", "F",
                  "the communities' numeric field of households (default households)");
  args.add_input("facilities", "the community elderly-care facilities (points or polygons)");
  args.add_option("floor-area-field", "F",
                  "the facilities' numeric field of floor area in m² (default floor_area_m2)");
  args.add_number("m2-per-100-households", "M2",
                  "floor area required per 100 households (default 20, Shandong)", Range::Positive);
  args.add_option("within", "300m|5min",
                  "the walking distance a facility serves (default 300m, GB 50180-2018's 5-minute circle)");
  add_care_site_options(args);
  add_network_command_options(args,
                              "write layer 'communities' with each community's floor area and whether "
                              "it meets the standard");
}

struct Settings {
  TravelOptions travel;
  plan::FloorAreaStandard standard;
  std::string households_field, floor_area_field;
  std::optional<std::string> out_path;
  std::optional<CareSiteRequest> sites;  // --target / --count: propose new centres
};

Settings read_settings(const Args& args) {
  Settings s;
  s.travel = travel_options(args);  // no --mode: the service distance is walked
  s.standard.m2_per_100_households = args.number("m2-per-100-households", 20);
  s.standard.within_m = plan::parse_threshold_m(args.get("within").value_or("300m"), s.travel.speed_kmh);
  s.households_field = args.get("households-field").value_or("households");
  s.floor_area_field = args.get("floor-area-field").value_or("floor_area_m2");
  args.require("network"), args.require("communities"), args.require("facilities");
  s.out_path = args.get("out");
  s.sites = care_site_request(args);
  return s;
}

// A numeric field of non-negative numbers, else a DataError naming file, layer, feature and field.
std::vector<double> non_negative_field(const plan::Layer& layer, const std::string& field,
                                       const std::string& what) {
  std::vector<double> values = plan::numeric_field(layer, field);
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] < 0)
      throw plan::DataError(plan::Location{layer.source, layer.name, layer.features[i].id, field},
                            what + " is negative (" + std::to_string(values[i]) + ")");
  return values;
}

struct CareInputs {
  explicit CareInputs(const Args& args) : inputs(args, {"network", "communities", "facilities"}) {}
  Inputs inputs;
  NetworkInput net;
  plan::Layer communities;
  std::vector<plan::XY> community_at;
  Places facilities;
  std::vector<double> households, floor_area_m2;
};

CareInputs read_inputs(const Args& args, const Settings& s) {
  CareInputs in(args);
  // The communities' other fields matter only to --out, which keeps them; the facilities' never do.
  if (!s.out_path) in.inputs.only_fields("communities", {s.households_field});
  in.inputs.only_fields("facilities", {s.floor_area_field});
  in.net = read_network(args, in.inputs);
  in.communities = in.inputs.read(args, "communities", std::nullopt);
  in.community_at = plan::representative_points(in.communities);
  in.facilities = read_places(args, in.inputs, "facilities");
  in.households = non_negative_field(in.communities, s.households_field, "the number of households");
  in.floor_area_m2 = non_negative_field(in.facilities.layer, s.floor_area_field, "the floor area");
  return in;
}

struct Outcome {
  std::vector<plan::SnapPoint> community_snaps;
  plan::FloorAreaResult result;
  std::vector<std::int64_t> unsnapped_communities, unsnapped_facilities;
  std::optional<CareSites> sites;
};

Outcome compute(const Args& args, const Settings& s, const CareInputs& in) {
  Outcome o;
  Phase snap("snap");
  const plan::SnapIndex index(in.net.network, 0, args.flag("largest-component"));
  const std::vector<plan::SnapPoint> facility_snaps =
      plan::snap_points(index, in.facilities.at, s.travel.max_snap_m);
  o.community_snaps = plan::snap_points(index, in.community_at, s.travel.max_snap_m);
  snap.stop();
  Phase compute("compute");
  o.result = plan::floor_area_standard(in.net.network, o.community_snaps, in.households, facility_snaps,
                                       in.floor_area_m2, s.standard);
  if (s.sites)
    o.sites = propose_care_sites(
        in.net.network, index, s.travel.max_snap_m,
        {o.community_snaps, in.households, facility_snaps, in.floor_area_m2, {}, 0, s.standard}, *s.sites,
        in.inputs.crs());
  compute.stop();
  for (std::size_t i = 0; i < o.community_snaps.size(); ++i)
    if (!o.community_snaps[i].snapped) o.unsnapped_communities.push_back(in.communities.features[i].id);
  for (std::size_t i = 0; i < facility_snaps.size(); ++i)
    if (!facility_snaps[i].snapped) o.unsnapped_facilities.push_back(in.facilities.layer.features[i].id);
  return o;
}

// The communities with their floor area and verdict (layer 'communities' of --out).
plan::Layer communities_layer(CareInputs& in, const Outcome& o) {
  plan::Layer out = std::move(in.communities);
  out.name = "communities";
  for (const char* name : kOutputFields)
    if (const auto k = out.field_index(name)) {
      out.fields.erase(out.fields.begin() + static_cast<std::ptrdiff_t>(*k));
      for (plan::Feature& f : out.features)
        f.values.erase(f.values.begin() + static_cast<std::ptrdiff_t>(*k));
    }
  out.fields.push_back({"households", plan::FieldType::Real});
  out.fields.push_back({"required_m2", plan::FieldType::Real});
  out.fields.push_back({"available_m2", plan::FieldType::Real});
  out.fields.push_back({"facilities_within", plan::FieldType::Integer});
  out.fields.push_back({"meets", plan::FieldType::Integer});
  out.fields.push_back({"snap_m", plan::FieldType::Real});
  for (std::size_t i = 0; i < out.features.size(); ++i) {
    const plan::CommunityProvision& c = o.result.communities[i];
    // Filled by index into a resized row: GCC 12 warns falsely on push_back of this variant.
    auto& v = out.features[i].values;
    const std::size_t k = v.size();
    v.resize(k + 6);
    v[k] = c.households, v[k + 1] = c.required_m2, v[k + 2] = c.available_m2;
    v[k + 3] = static_cast<std::int64_t>(c.facilities_within);
    v[k + 4] = static_cast<std::int64_t>(c.meets);
    if (o.community_snaps[i].snapped) v[k + 5] = o.community_snaps[i].snap_m;
  }
  return out;
}

nlohmann::ordered_json care_json(const Settings& s, const CareInputs& in, const Outcome& o) {
  const plan::FloorAreaResult& r = o.result;
  nlohmann::ordered_json j;
  j["definition"] =
      "社区养老服务设施配建达标率: communities whose shares of the facility floor area within within_m "
      "walking (shared among the communities each facility serves, by households) reach "
      "m2_per_100_households × households / 100, over all communities";
  j["crs"] = in.inputs.crs();
  j["network"] = network_json(in.net);
  j["m2_per_100_households"] = s.standard.m2_per_100_households;
  j["within_m"] = s.standard.within_m;
  j["max_snap_m"] = s.travel.max_snap_m;
  j["communities"] = r.communities.size();
  j["meeting"] = r.meeting;
  j["meeting_ratio"] = r.meeting_ratio;
  j["unsnapped"] = r.unsnapped;
  j["unsnapped_ids"] = o.unsnapped_communities;
  j["households"] = r.households;
  j["households_meeting"] = r.households_meeting;
  j["households_meeting_ratio"] = optional_number(r.households_meeting_ratio);
  j["required_m2"] = r.required_m2;
  j["facilities"] = in.facilities.at.size();
  j["facilities_unsnapped_ids"] = o.unsnapped_facilities;
  j["floor_area_m2"] = r.floor_area_m2;
  j["allocated_m2"] = r.allocated_m2;
  if (o.sites) j["proposals"] = care_sites_json(*o.sites, *s.sites);
  if (s.out_path) j["out"] = *s.out_path;
  return j;
}

void print_care(const Settings& s, const CareInputs& in, const Outcome& o) {
  const plan::FloorAreaResult& r = o.result;
  std::printf(
      "Community elderly-care floor area, %.0f m² per 100 households within %.0f m walking (CRS %s)\n",
      s.standard.m2_per_100_households, s.standard.within_m, in.inputs.crs().c_str());
  print_network(in.net);
  std::printf("  communities       %zu (%zu beyond %.0f m of a street, counted as not meeting)\n",
              r.communities.size(), r.unsnapped, s.travel.max_snap_m);
  std::printf("  facilities        %zu (%zu beyond %.0f m of a street)\n", in.facilities.at.size(),
              r.facilities_unsnapped, s.travel.max_snap_m);
  std::printf("  meeting           %zu communities, %.2f %%\n", r.meeting, 100 * r.meeting_ratio);
  if (r.households_meeting_ratio)
    std::printf("  households        %.2f %% (%.0f of %.0f)\n", 100 * *r.households_meeting_ratio,
                r.households_meeting, r.households);
  std::printf(
      "  floor area        %.0f m² required, %.0f m² in the facilities, %.0f m² within reach of a "
      "community\n",
      r.required_m2, r.floor_area_m2, r.allocated_m2);
  if (o.sites) print_care_sites(*o.sites, *s.sites);
  if (s.out_path) std::printf("  wrote             %s (layer communities)\n", s.out_path->c_str());
}

}  // namespace

int run_elderly_care(const Arguments& argv) {
  Args args("plan elderly-care", command_description("elderly-care"),
            std::string(kFooter) + "\n" + kMaxMemoryHelp);
  declare_options(args);
  if (!args.parse(argv)) return 0;
  const Settings settings = read_settings(args);
  CareInputs in = read_inputs(args, settings);
  const Outcome outcome = compute(args, settings, in);
  const bool json = args.flag("json");
  nlohmann::ordered_json j;
  if (json) j = care_json(settings, in, outcome);  // before communities_layer takes the communities
  if (settings.out_path) write_output(*settings.out_path, {communities_layer(in, outcome)}, args, in.inputs);
  if (json)
    std::cout << j.dump(2) << "\n";
  else
    print_care(settings, in, outcome);
  if (!outcome.sites) return 0;
  const plan::FloorAreaSiteResult& r = outcome.sites->result;
  return unreached_target_exit(
      "plan elderly-care", settings.sites->options, r.target_reached,
      outcome.sites->candidates - r.candidates_unsnapped,
      r.proposals.empty() ? r.initial.meeting_ratio : r.proposals.back().meeting_ratio, r.proposals.size(),
      "bring", " of communities up to the standard", "centres");
}

}  // namespace cli
