// plan suggest-facilities --profile: the life-circle profile it names, and its proposals printed, written
// and as JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "network_input.hpp"
#include "plan/io.hpp"
#include "plan/proposals.hpp"
#include "plan/reach.hpp"

namespace cli {

// "gb50180", a GB 50180-2018 circle ("15min", "10min", "5min", or "15-minute" ...) or a profile JSON file
// as plan lifecircle reads it. Throws DataError naming the file when it cannot be read or parsed.
plan::LifeCircleProfile proposal_profile(const std::string& name, double speed_kmh);

// What a profile run chose from and where its outputs go.
struct ProfileRun {
  std::string crs, maximise, candidates_from;
  std::size_t candidates = 0;
  std::vector<plan::XY> sites, lonlat;  // per proposal, in the CRS and in EPSG:4326
  double max_snap_m = 0;
  std::optional<std::string> out;  // --out
  plan::WriteOptions write;        // for --out
  bool json = false;
};

// Writes --out (layer 'proposals'), prints the table or the JSON document, and returns the exit code
// (3 when the target cannot be reached, after saying so on stderr).
int report_profile_proposals(const ProfileRun& run, const plan::ProfileProposalResult& r,
                             const plan::ProposalOptions& options, const NetworkInput& net);

}  // namespace cli
