#include "care_sites.hpp"

#include <cstdio>

#include "plan/io.hpp"
#include "suggest_common.hpp"

namespace cli {

void add_care_site_options(Args& args) {
  add_proposal_options(args);
  args.add_number("centre-m2", "M2",
                  "with --target/--count: the floor area of each new centre (default 350, GB 50180-2018's "
                  "smallest day-care centre)",
                  Range::Positive);
  args.add_option("spacing", "200m",
                  "with --target/--count: the distance between candidate sites along the streets (default "
                  "200m)");
}

std::optional<CareSiteRequest> care_site_request(const Args& args) {
  if (!args.get("target") && !args.get("count")) {
    for (const char* only : {"centre-m2", "spacing"})
      if (args.get(only))
        throw plan::UsageError(std::string("--") + only +
                               " needs --target or --count (the centres to propose)");
    return std::nullopt;
  }
  CareSiteRequest r;
  r.options = proposal_options(args);
  r.centre_m2 = args.number("centre-m2", 350);
  r.spacing_m = parse_metres(args.get("spacing").value_or("200m"), "--spacing");
  if (!(r.spacing_m > 0)) throw plan::UsageError("--spacing must be a positive distance");
  return r;
}

CareSites propose_care_sites(const plan::Network& network, const plan::SnapIndex& index, double max_snap_m,
                             plan::FloorAreaSiteInput input, const CareSiteRequest& request,
                             const std::string& crs) {
  const std::vector<plan::XY> sites = plan::points_along_network(network, request.spacing_m);
  input.candidates = plan::snap_points(index, sites, max_snap_m);
  input.site_floor_area_m2 = request.centre_m2;
  CareSites out;
  out.candidates = sites.size();
  out.result = plan::propose_floor_area_sites(network, input, request.options);
  std::vector<plan::XY> chosen;
  for (const plan::FloorAreaSite& s : out.result.proposals) chosen.push_back(sites[s.candidate]);
  out.lonlat = plan::transform_points(chosen, crs, "EPSG:4326");
  return out;
}

nlohmann::ordered_json care_sites_json(const CareSites& sites, const CareSiteRequest& request) {
  nlohmann::ordered_json j;
  j["centre_m2"] = request.centre_m2;
  j["spacing_m"] = request.spacing_m;
  j["candidates"] = sites.candidates;
  j["target_ratio"] = request.options.target_ratio ? nlohmann::ordered_json(*request.options.target_ratio)
                                                   : nlohmann::ordered_json();
  j["count"] =
      request.options.count ? nlohmann::ordered_json(*request.options.count) : nlohmann::ordered_json();
  j["target_reached"] = sites.result.target_reached;
  j["sites"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < sites.result.proposals.size(); ++i) {
    const plan::FloorAreaSite& p = sites.result.proposals[i];
    j["sites"].push_back({{"rank", i + 1},
                          {"lon", sites.lonlat[i].x},
                          {"lat", sites.lonlat[i].y},
                          {"newly_meeting", p.newly_meeting},
                          {"shortfall_removed_m2", p.shortfall_removed_m2},
                          {"meeting", p.meeting},
                          {"meeting_ratio", p.meeting_ratio}});
  }
  return j;
}

void print_care_sites(const CareSites& sites, const CareSiteRequest& request) {
  const plan::FloorAreaSiteResult& r = sites.result;
  std::printf("  candidates        %zu every %.0f m along the streets (%zu beyond the snap distance)\n",
              sites.candidates, request.spacing_m, r.candidates_unsnapped);
  std::printf("  rank         lon         lat  newly met  shortfall m²  meeting %%\n");
  for (std::size_t i = 0; i < r.proposals.size(); ++i) {
    const plan::FloorAreaSite& p = r.proposals[i];
    std::printf("  %4zu  %11.6f %11.6f  %9zu  %12.1f  %9.4f\n", i + 1, sites.lonlat[i].x, sites.lonlat[i].y,
                p.newly_meeting, p.shortfall_removed_m2, 100 * p.meeting_ratio);
  }
  const double final_ratio = r.proposals.empty() ? r.initial.meeting_ratio : r.proposals.back().meeting_ratio;
  if (request.options.target_ratio)
    std::printf("  target            %.2f %% %s with %zu new centre(s) of %.0f m²\n",
                100 * *request.options.target_ratio, r.target_reached ? "reached" : "not reached",
                r.proposals.size(), request.centre_m2);
  std::printf("  after             %.2f %% of communities meet the standard\n", 100 * final_ratio);
  std::printf(
      "  method            greedy: each step the site that completes the most communities (then removes\n"
      "                    the most shortfall); no guarantee of the fewest sites\n");
}

}  // namespace cli
