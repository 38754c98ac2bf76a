// plan elderly-care --target/--count: where new elderly-care centres of one size bring the most communities
// up to the floor-area standard (plan::propose_floor_area_sites), with candidates every --spacing along
// the network, printed and in --json.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "plan/proposals.hpp"

namespace cli {

// Declares --target, --count, --centre-m2 and --spacing.
void add_care_site_options(Args& args);

struct CareSiteRequest {
  plan::ProposalOptions options;
  double centre_m2 = 350;  // GB 50180-2018's smallest day-care centre
  double spacing_m = 200;
};

// The request when --target or --count is given (nullopt otherwise); UsageError naming a bad option.
std::optional<CareSiteRequest> care_site_request(const Args& args);

struct CareSites {
  plan::FloorAreaSiteResult result;
  std::size_t candidates = 0;
  std::vector<plan::XY> lonlat;  // of each proposal, WGS84
};

// Proposes centres on the candidates every request.spacing_m along the network's edges.
CareSites propose_care_sites(const plan::Network& network, const plan::SnapIndex& index, double max_snap_m,
                             plan::FloorAreaSiteInput input, const CareSiteRequest& request,
                             const std::string& crs);

nlohmann::ordered_json care_sites_json(const CareSites& sites, const CareSiteRequest& request);
void print_care_sites(const CareSites& sites, const CareSiteRequest& request);

}  // namespace cli
