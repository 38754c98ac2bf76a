// Proposals that close coverage gaps: where the next stops (indicator 11) and the next community
// facilities (indicator 14) should go, in order, with what each one adds.
//
// Method (../DESIGN.md, "Proposals"): a maximum-coverage choice among candidate sites, made greedily with
// lazy re-evaluation. Coverage is monotone and submodular in the set of sites (a site's gain never grows as
// others are added), so
//   - lazy evaluation (Minoux 1978; "CELF", Leskovec et al. 2007) picks exactly the sites the plain greedy
//     picks: a candidate's last computed gain bounds its current gain from above, so only the candidate on
//     top of the queue needs re-computing;
//   - the coverage the first k proposals add is at least (1 − 1/e) ≈ 63.2 % of what the best k candidates
//     could add (Nemhauser, Wolsey & Fisher 1978);
//   - for any set S the best k candidates add at most the sum of the k largest gains over S (Leskovec et al.
//     2007's online bound), which gives a data-dependent upper bound on the best possible coverage.
// Gains are exact: for stops the area of the new part of the union of disks (the same exact boundary
// integral as plan::compute_coverage, evaluated on the disks near the candidate only), for facilities the
// homes newly within the threshold along the network (the same shortest paths as plan::nearest_facilities).
// The last proposal's cumulative figure therefore equals a fresh measurement of existing plus proposed sites.
// Ties go to the candidate listed first.
//
//   plan::StopProposalInput in;
//   in.stops = {{0, 0}};
//   in.candidates = {{600, 0}, {0, 600}, {300, 0}};
//   in.area = {plan::rectangle(-1000, -1000, 1000, 1000)};
//   plan::ProposalOptions o;
//   o.count = 2;
//   plan::StopProposalResult r = plan::propose_stops(in, o);   // r.proposals[0].candidate == 0 (ties: first)
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "plan/coverage.hpp"
#include "plan/error.hpp"
#include "plan/network.hpp"
#include "plan/provision.hpp"
#include "plan/reach.hpp"

namespace plan {

// What the greedy choice maximises.
enum class ProposalObjective {
  Area,        // stops: covered area (m²); facilities: covered homes
  Population,  // the people covered (needs population input)
};

struct ProposalOptions {
  // Stop when the covered share of the objective reaches this (0 < target_ratio ≤ 1; reached when within
  // 1e-9 of it, so that floating-point rounding does not ask for one more site at 100 %).
  std::optional<double> target_ratio;
  // Propose at most this many sites (≥ 1). With neither target nor count, proposals continue until no
  // candidate adds anything.
  std::optional<std::size_t> count;
  ProposalObjective objective = ProposalObjective::Area;
  // Optional, for interactive callers (a viewer's worker thread); propose_stops and propose_facilities
  // honour them. `progress` is called now and then (at most every 0.2 % of the work, and at the end), on
  // the calling thread, with the fraction done (0 to 1, never decreasing; the preparation of the candidates
  // — for facilities their catchments — their first gains, then the choice: sites chosen of `count`, or
  // coverage gained of what the target needs). When `cancel` becomes true the run stops within one gain
  // evaluation (for facilities, one catchment search per thread) by throwing ProposalCancelled.
  std::function<void(double)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

// Thrown by propose_stops and propose_facilities when ProposalOptions::cancel was set.
class ProposalCancelled : public Error {
 public:
  ProposalCancelled() : Error("proposals cancelled") {}
};

// The text stating the method and its guarantee, for reports.
std::string proposal_guarantee();

// ---- Stops ------------------------------------------------------------------------------------------------

struct StopProposalInput {
  std::vector<XY> stops;                               // existing stops (may be empty)
  std::vector<XY> candidates;                          // possible new sites, same CRS (metres)
  MultiPolygon area;                                   // study area
  std::vector<Polygon> exclusions;                     // as in CoverageInput
  std::vector<PopulationPolygon> population_polygons;  // as in CoverageInput
  std::vector<PopulationPoint> population_points;
};

struct StopProposal {
  std::size_t candidate = 0;  // index into StopProposalInput::candidates
  XY position;
  double gain_m2 = 0;             // area this site adds to what is covered before it
  double gain_population = 0;     // people it adds (0 without population)
  double covered_m2 = 0;          // cumulative, existing stops plus proposals 1..this one
  double area_ratio = 0;          // covered_m2 / area_m2
  double population_covered = 0;  // cumulative
  std::optional<double> population_ratio;
};

struct StopProposalResult {
  double radius_m = 0;
  double area_m2 = 0;             // study area after exclusions (the denominator)
  double initial_covered_m2 = 0;  // existing stops only
  double initial_area_ratio = 0;
  bool has_population = false;
  double population_total = 0;
  double initial_population_covered = 0;
  std::vector<StopProposal> proposals;  // in the order chosen
  std::size_t candidates_considered = 0;
  std::vector<std::size_t> candidates_outside;  // candidates whose disk misses the study area (never chosen)
  bool target_reached = false;                  // the target (if any) is met after the proposals
  // With a target that the candidates cannot reach: the proposals continue while any candidate adds
  // something, so the last cumulative ratio is what all candidates together reach.
  // Upper bound on the best possible objective value (m² or people) with proposals.size() new sites.
  double upper_bound = 0;
  // With a target: no choice of fewer sites can reach it (a lower bound from the initial gains); 0 when
  // even all candidates cannot.
  std::size_t min_sites_needed = 0;
  std::size_t gain_evaluations = 0;  // exact gain computations (the lazy greedy's work)
};

// Chooses stops among the candidates greedily (see the top of this header). Throws UsageError for a radius
// ≤ 0, a count of 0, a target outside (0, 1], or a population objective without population input; throws
// DataError when there are no candidates or none of them lies within the radius of the study area.
StopProposalResult propose_stops(const StopProposalInput& input, const CoverageOptions& coverage,
                                 const ProposalOptions& options);

// Candidate sites every spacing_m metres along lines (each line from its start, its end included): stops
// stand on streets. Points closer than 1e-6 m to an earlier one are left out. Throws UsageError for
// spacing_m ≤ 0.
std::vector<XY> points_along(const std::vector<LineString>& lines, double spacing_m);
// points_along on every edge of a network, each a two-point line (so sites fall on the streets a network
// keeps, its nodes included): the candidates of the facility and centre proposals.
std::vector<XY> points_along_network(const Network& network, double spacing_m);

// ---- Facilities -------------------------------------------------------------------------------------------

struct FacilityProposalInput {
  const Network* network = nullptr;   // a walking network
  std::vector<SnapPoint> facilities;  // existing facilities of the category (unsnapped ones reach nothing)
  std::vector<SnapPoint> candidates;  // possible new sites
  std::vector<SnapPoint> homes;
  std::vector<double> population;  // per home; empty: every home counts one
};

struct FacilityProposal {
  std::size_t candidate = 0;   // index into FacilityProposalInput::candidates
  std::size_t gain_homes = 0;  // homes newly within the threshold
  double gain_population = 0;
  std::size_t covered_homes = 0;  // cumulative
  double covered_population = 0;
  double homes_ratio = 0;  // covered_homes / homes
  std::optional<double> population_ratio;
};

struct FacilityProposalResult {
  double within_m = 0;
  std::size_t homes = 0;
  double population_total = 0;
  bool has_population = false;
  std::size_t initial_covered_homes = 0;
  double initial_covered_population = 0;
  std::vector<FacilityProposal> proposals;
  std::size_t candidates_considered = 0;
  std::vector<std::size_t> candidates_unsnapped;  // beyond the snap distance: never chosen
  bool target_reached = false;
  double upper_bound = 0;  // homes or people, as the objective
  std::size_t min_sites_needed = 0;
  std::size_t gain_evaluations = 0;
};

// Chooses facilities among the candidates greedily: a candidate's catchment is the homes whose shortest
// path from it is at most within_m (as plan::nearest_facilities measures it); a home counts as covered when
// an existing or proposed facility reaches it. Throws UsageError for a missing or driving network,
// within_m ≤ 0, a count of 0, a target outside (0, 1], a population of the wrong size or a population
// objective without population; DataError when there are no candidates or none is snapped.
FacilityProposalResult propose_facilities(const FacilityProposalInput& input, double within_m,
                                          const ProposalOptions& options);

// ---- Life circles: all the categories of a profile ----------------------------------------------------
//
// Each proposal is a (candidate site, category) pair: a new facility of that category at that site. A home's
// life circle is complete when every category of the profile has a facility within the category's
// threshold along the streets (plan::compute_life_circles). Completion is NOT submodular: a home missing two
// categories is completed only by the second of two additions, so an addition's gain can grow as others
// are made, and no constant-factor guarantee holds for a greedy choice (nor lazy evaluation). The method:
//   - each step takes the pair that completes the most homes (or people) now; among equal ones (and when no
//     pair completes any home) the pair that newly satisfies the most (home, category) pairs (weighted by
//     people when maximising people); then the lower candidate, then the earlier category;
//   - every pair's gain is exact at every step (gains are recomputed for the pairs whose catchment holds a
//     home that the last addition changed), so the choice is the plain greedy's;
//   - the count of (home, category) pairs satisfied is submodular, and a greedy on it alone would add at
//     least 1 − 1/e of what the best k pairs add; here it only breaks ties, so that guarantee is not claimed;
//   - the upper bound on the homes (people) any k additions can complete is the smaller of (a) those
//     complete now plus the homes missing at most k categories, each of them reachable by some candidate,
//     and (b) for every category, the homes having it now plus the k largest first gains of that category
//     (a complete home has every category; the category's coverage is submodular);
//   - with a target, the lower bound on the additions is the larger of (a) the fewest k for which bound (a)
//     reaches the target and (b) the sum over categories of the fewest additions of that category whose first
//     gains lift its coverage to the target.

struct ProfileProposalInput {
  const Network* network = nullptr;            // a walking network
  std::vector<SnapPoint> facilities;           // existing facilities of any category
  std::vector<std::string> facility_category;  // one per facility, matched as compute_life_circles does
  std::vector<SnapPoint> candidates;           // possible sites, for any category
  std::vector<SnapPoint> homes;
  std::vector<double> population;  // per home; empty: every home counts one
};

struct ProfileProposal {
  std::size_t candidate = 0;   // index into ProfileProposalInput::candidates
  std::size_t category = 0;    // index into the profile's categories
  std::size_t gain_homes = 0;  // homes whose life circle this addition completes
  double gain_population = 0;
  std::size_t gain_pairs = 0;      // (home, category) pairs newly satisfied
  std::size_t complete_homes = 0;  // cumulative
  double complete_population = 0;
  double homes_ratio = 0;  // complete_homes / homes
  std::optional<double> population_ratio;
};

struct ProfileProposalResult {
  LifeCircleProfile profile;
  std::size_t homes = 0;
  double population_total = 0;
  bool has_population = false;
  std::size_t initial_complete_homes = 0;
  double initial_complete_population = 0;
  std::vector<std::size_t> existing_per_category;  // existing facilities of each category
  std::vector<std::size_t> covered_per_category;   // homes each category reaches before the proposals
  std::vector<ProfileProposal> proposals;
  std::size_t candidates_considered = 0;
  std::vector<std::size_t> candidates_unsnapped;
  bool target_reached = false;
  double upper_bound = 0;            // homes or people completed by any proposals.size() additions
  std::size_t min_sites_needed = 0;  // with a target: no fewer additions can reach it; 0 when none can
  std::size_t gain_evaluations = 0;  // exact (candidate, category) gain computations
};

// Chooses additions among the candidates × the profile's categories (see above) until the target, the
// count, or no pair satisfies anything more. Throws UsageError for a missing or driving network, a profile
// without categories or with more than 64, a threshold ≤ 0, a count of 0, a target outside (0, 1], sizes
// that differ, or a population objective without population; DataError when there are no candidates or
// none is snapped.
ProfileProposalResult propose_profile_facilities(const ProfileProposalInput& input,
                                                 const LifeCircleProfile& profile,
                                                 const ProposalOptions& options);

// The text stating the profile method and what it guarantees (and does not), for reports.
std::string profile_proposal_guarantee();

// A life-circle profile by name: "gb50180" (every GB 50180-2018 category, as plan lifecircle uses) or one
// of its circles, "15min" / "15-minute", "10min" / "10-minute", "5min" / "5-minute" (named e.g.
// "gb50180 15-minute"). Empty for any other name (a caller may read it as a profile file).
std::optional<LifeCircleProfile> named_life_circle_profile(const std::string& name);

// Where new community centres of one size close the shortfall of a floor-area standard (indicator 16,
// community elderly care; plan::floor_area_standard). Each step picks the candidate that brings the most
// communities up to the standard (ties: the most square metres of shortfall removed, then the candidate
// listed first). A new centre's floor area is shared among the communities within reach of it by
// households, as floor_area_standard shares every centre, so the last proposal's cumulative figures equal
// a fresh measurement of the existing and proposed centres together. The count of communities met is not
// submodular in the sites (a community that one site brings close to the standard may be completed by the
// next), so after each pick every candidate that reaches a community it changed is evaluated again, and no
// (1 − 1/e) guarantee applies; the shortfall removed is what keeps the choice moving when no single site
// completes a community.
struct FloorAreaSiteInput {
  std::vector<SnapPoint> communities;  // snapped to the walking network
  std::vector<double> households;
  std::vector<SnapPoint> facilities;  // the existing centres
  std::vector<double> floor_area_m2;
  std::vector<SnapPoint> candidates;
  double site_floor_area_m2 = 350;  // GB 50180-2018's smallest day-care centre (350–750 m²)
  FloorAreaStandard standard;
};

struct FloorAreaSite {
  std::size_t candidate = 0;        // index into the candidates
  std::size_t newly_meeting = 0;    // communities this site brings up to the standard
  double shortfall_removed_m2 = 0;  // of the communities still short before it
  std::size_t meeting = 0;          // communities meeting it with this and the earlier proposals
  double meeting_ratio = 0;         // meeting over all communities
};

struct FloorAreaSiteResult {
  FloorAreaResult initial;  // the existing centres alone
  std::vector<FloorAreaSite> proposals;
  std::size_t candidates_unsnapped = 0;
  bool target_reached = false;
};

// Chooses centres until options.target_ratio of the communities meet the standard, options.count sites,
// or no candidate adds anything. Only the Area objective applies (communities are counted). Throws
// UsageError as floor_area_standard does, for a site area that is not positive and finite, a count of 0 or
// a target outside (0, 1]; DataError when there are no candidates.
FloorAreaSiteResult propose_floor_area_sites(const Network& network, const FloorAreaSiteInput& input,
                                             const ProposalOptions& options);

}  // namespace plan

namespace plan {

struct Plan;

// For the indicator report: one sentence each for indicators 11 (stop coverage), 14 (15-minute life
// circle) and 16 (community elderly care) saying how many additions the greedy proposals need to reach the
// plan's 2025 and 2035 targets, computed on the plan's demonstration data (candidates every 100 m along
// its streets for stops, every 200 m along its network for facilities and centres). Empty when the plan has
// no such indicators or data. Throws DataError for unreadable demonstration files.
std::vector<std::string> proposal_report_lines(const Plan& plan);

}  // namespace plan
