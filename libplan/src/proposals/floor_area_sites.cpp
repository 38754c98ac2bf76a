// Floor-area site proposals: where new centres of one size bring the most communities up to a floor-area
// standard (indicator 16). Plain greedy with targeted re-evaluation: the objective is not submodular, so
// the lazy queue of the coverage proposals would not pick what the plain greedy picks.
#include <cmath>
#include <cstdint>

#include "plan/proposals.hpp"
#include "proposals/common.hpp"

namespace plan {

namespace {

// A relative tolerance, as floor_area_standard's, so that an area shared exactly to the standard counts.
bool enough(double available_m2, double required_m2) { return available_m2 >= required_m2 * (1 - 1e-9); }

struct Gain {
  std::size_t newly_meeting = 0;
  double shortfall_removed_m2 = 0;
  bool better_than(const Gain& o) const {
    return newly_meeting != o.newly_meeting ? newly_meeting > o.newly_meeting
                                            : shortfall_removed_m2 > o.shortfall_removed_m2;
  }
  bool any() const { return newly_meeting > 0 || shortfall_removed_m2 > 0; }
};

// The state of the choice: every community's floor area and verdict, and what each candidate would add.
class SiteChoice {
 public:
  SiteChoice(const FloorAreaSiteInput& in, const FloorAreaResult& initial, proposals::Catchments reach)
      : in_(in), reach_(std::move(reach)), served_(in.candidates.size(), 0.0) {
    for (const CommunityProvision& c : initial.communities) {
      available_.push_back(c.available_m2);
      required_.push_back(c.required_m2);
      meets_.push_back(c.meets);
      meeting_ += c.meets;
    }
    reached_by_.resize(in.communities.size());
    for (std::size_t c = 0; c < in.candidates.size(); ++c)
      for (std::uint64_t k = reach_.start[c]; k < reach_.start[c + 1]; ++k) {
        served_[c] += in.households[reach_.homes[k]];
        reached_by_[reach_.homes[k]].push_back(static_cast<std::uint32_t>(c));
      }
    gains_.resize(in.candidates.size());
    chosen_.assign(in.candidates.size(), 0);
    for (std::size_t c = 0; c < gains_.size(); ++c) gains_[c] = evaluate(c);
  }

  std::size_t meeting() const { return meeting_; }

  // The candidate with the largest gain (ties: the first), or nullopt when none adds anything.
  std::optional<std::size_t> best() const {
    std::optional<std::size_t> b;
    for (std::size_t c = 0; c < gains_.size(); ++c)
      if (!chosen_[c] && gains_[c].any() && (!b || gains_[c].better_than(gains_[*b]))) b = c;
    return b;
  }

  // Builds a centre at candidate c: shares its area, then re-evaluates the candidates that reach a
  // community it changed.
  FloorAreaSite choose(std::size_t c) {
    FloorAreaSite site{c, gains_[c].newly_meeting, gains_[c].shortfall_removed_m2, 0, 0};
    chosen_[c] = 1;
    std::vector<char> stale(gains_.size(), 0);
    for (std::uint64_t k = reach_.start[c]; k < reach_.start[c + 1]; ++k) {
      const std::uint32_t i = reach_.homes[k];
      const bool was_short = !meets_[i];
      available_[i] += share(c, i);
      if (was_short && enough(available_[i], required_[i])) meets_[i] = 1, ++meeting_;
      if (was_short)
        for (std::uint32_t other : reached_by_[i]) stale[other] = 1;
    }
    for (std::size_t o = 0; o < gains_.size(); ++o)
      if (stale[o] && !chosen_[o]) gains_[o] = evaluate(o);
    site.meeting = meeting_;
    return site;
  }

 private:
  double share(std::size_t c, std::uint32_t i) const {
    return served_[c] > 0 ? in_.site_floor_area_m2 * in_.households[i] / served_[c] : 0;
  }

  Gain evaluate(std::size_t c) const {
    Gain g;
    for (std::uint64_t k = reach_.start[c]; k < reach_.start[c + 1]; ++k) {
      const std::uint32_t i = reach_.homes[k];
      if (meets_[i]) continue;
      const double add = share(c, i);
      g.shortfall_removed_m2 += std::min(add, required_[i] - available_[i]);
      g.newly_meeting += enough(available_[i] + add, required_[i]);
    }
    return g;
  }

  const FloorAreaSiteInput& in_;
  proposals::Catchments reach_;
  std::vector<double> served_;                          // households within reach of each candidate
  std::vector<std::vector<std::uint32_t>> reached_by_;  // per community: the candidates that reach it
  std::vector<double> available_, required_;
  std::vector<char> meets_, chosen_;
  std::vector<Gain> gains_;
  std::size_t meeting_ = 0;
};

}  // namespace

FloorAreaSiteResult propose_floor_area_sites(const Network& network, const FloorAreaSiteInput& in,
                                             const ProposalOptions& options) {
  proposals::check_choice(options);
  if (!(in.site_floor_area_m2 > 0) || !std::isfinite(in.site_floor_area_m2))
    throw UsageError("the floor area of a new centre must be a positive number of m², not " +
                     std::to_string(in.site_floor_area_m2));
  FloorAreaSiteResult r;
  r.initial = floor_area_standard(network, in.communities, in.households, in.facilities, in.floor_area_m2,
                                  in.standard);
  if (in.candidates.empty()) throw DataError("there are no candidate sites to choose from");
  for (const SnapPoint& c : in.candidates) r.candidates_unsnapped += !c.snapped;
  proposals::Progress progress(options);
  SiteChoice choice(in, r.initial,
                    proposals::network_catchments(network, in.candidates, in.communities,
                                                  in.standard.within_m, false, progress, 0, 0.5));
  const double n = double(in.communities.size());
  auto reached = [&] {
    return options.target_ratio && n > 0 && choice.meeting() / n >= *options.target_ratio - 1e-9;
  };
  while (!reached() && (!options.count || r.proposals.size() < *options.count)) {
    const std::optional<std::size_t> c = choice.best();
    if (!c) break;
    FloorAreaSite site = choice.choose(*c);
    site.meeting_ratio = double(site.meeting) / n;
    r.proposals.push_back(site);
    if (options.count) progress(0.5 + 0.5 * double(r.proposals.size()) / double(*options.count));
  }
  r.target_reached = reached();
  progress(1);
  return r;
}

}  // namespace plan
