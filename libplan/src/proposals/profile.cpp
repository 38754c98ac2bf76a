// Life-circle proposals: (candidate, category) additions chosen greedily to complete the most homes' life
// circles, every pair's gain exact at every step (see plan/proposals.hpp for the method and its bounds).
//
// Each candidate's catchment is found once, at the largest threshold of the profile, with the distances;
// a category's catchment is its part within the category's threshold. A reverse index (home → candidates
// reaching it) tells which pairs an addition changes: those whose catchment holds a home that gained the
// added category, for that category, and for a home left missing one category, for that one.
#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

#include "plan/error.hpp"
#include "plan/proposals.hpp"
#include "plan/reach.hpp"
#include "proposals/common.hpp"
#include "proposals/lazy_greedy.hpp"

namespace plan {

namespace {

// What adding one (candidate, category) pair would do now.
struct PairGain {
  std::size_t homes = 0;  // homes it completes
  double people = 0;
  std::size_t pairs = 0;  // (home, category) pairs it satisfies
  double pair_people = 0;
};

void check_profile_input(const ProfileProposalInput& input, const LifeCircleProfile& profile,
                         const ProposalOptions& options) {
  if (!input.network) throw UsageError("facility proposals need a network");
  if (input.network->mode() != TravelMode::Walk)
    throw UsageError("facility proposals measure walking distance (GB 50180-2018): give a walking network");
  if (profile.categories.empty()) throw UsageError("the life-circle profile has no categories");
  if (profile.categories.size() > 64)
    throw UsageError("a life-circle profile for proposals has at most 64 categories");
  for (const LifeCircleCategory& c : profile.categories)
    if (!(c.max_distance_m > 0) || !std::isfinite(c.max_distance_m))
      throw UsageError("category '" + c.name + "' needs a positive distance");
  proposals::check_choice(options);
  if (input.facility_category.size() != input.facilities.size())
    throw UsageError("one category value per existing facility expected");
  proposals::check_homes_and_candidates(input.homes.size(), input.population, options,
                                        input.candidates.size());
}

// The choice's state and steps.
class ProfileGreedy {
 public:
  ProfileGreedy(const ProfileProposalInput& input, const LifeCircleProfile& profile,
                const ProposalOptions& options, proposals::Progress& report, ProfileProposalResult& out)
      : in_(input),
        profile_(profile),
        options_(options),
        report_(report),
        out_(out),
        k_(profile.categories.size()),
        by_homes_(options.objective == ProposalObjective::Area) {}

  void run() {
    measure_existing();
    report_(0.05);
    double dmax = 0;
    for (const LifeCircleCategory& c : profile_.categories) dmax = std::max(dmax, c.max_distance_m);
    catch_ = proposals::network_catchments(*in_.network, in_.candidates, in_.homes, dmax, true, report_, 0.05,
                                           0.7);
    select_snapped();
    index_by_home();
    first_gains();
    choose();
    bounds();
  }

 private:
  double weight(std::size_t h) const { return out_.has_population ? in_.population[h] : 1.0; }
  double objective_weight(std::size_t h) const { return by_homes_ ? 1.0 : in_.population[h]; }
  double within(std::size_t k) const { return profile_.categories[k].max_distance_m; }
  double value() const { return by_homes_ ? static_cast<double>(complete_homes_) : complete_people_; }
  double total() const { return by_homes_ ? static_cast<double>(out_.homes) : out_.population_total; }
  bool reached() const {
    return options_.target_ratio && total() > 0 && value() >= (*options_.target_ratio - 1e-9) * total();
  }

  // The categories each home lacks with the existing facilities, as plan::compute_life_circles finds them.
  void measure_existing() {
    const LifeCircleResult lc = compute_life_circles(*in_.network, in_.facilities, in_.facility_category,
                                                     in_.homes, in_.population, profile_);
    const std::size_t n = in_.homes.size();
    out_.profile = profile_;
    out_.homes = n;
    out_.has_population = !in_.population.empty();
    if (out_.has_population)
      for (double p : in_.population) out_.population_total += p;
    lacking_.assign(n, 0);
    covered_weight_.assign(k_, 0);
    for (std::size_t k = 0; k < k_; ++k) {
      out_.existing_per_category.push_back(lc.categories[k].facilities);
      std::size_t covered = 0;
      for (std::size_t h = 0; h < n; ++h) {
        if (lc.categories[k].covered[h]) {
          ++covered;
          covered_weight_[k] += objective_weight(h);
        } else {
          lacking_[h] |= std::uint64_t(1) << k;
        }
      }
      out_.covered_per_category.push_back(covered);
    }
    for (std::size_t h = 0; h < n; ++h)
      if (!lacking_[h]) {
        ++out_.initial_complete_homes;
        if (out_.has_population) out_.initial_complete_population += in_.population[h];
      }
    complete_homes_ = out_.initial_complete_homes;
    complete_people_ = out_.initial_complete_population;
    lacking_at_start_ = lacking_;
  }

  void select_snapped() {
    for (std::uint32_t c = 0; c < in_.candidates.size(); ++c) {
      if (in_.candidates[c].snapped)
        ids_.push_back(c);
      else
        out_.candidates_unsnapped.push_back(c);
    }
    out_.candidates_considered = ids_.size();
    if (ids_.empty())
      throw DataError("none of the " + std::to_string(in_.candidates.size()) +
                      " candidate sites lies within the snap distance of a street");
  }

  // The reverse of the catchments (CSR): the candidates within the largest threshold of each home, with
  // their distances; and which categories some candidate can bring to each home.
  void index_by_home() {
    const std::size_t n = in_.homes.size();
    rev_start_.assign(n + 1, 0);
    for (std::uint32_t h : catch_.homes) ++rev_start_[h + 1];
    for (std::size_t h = 0; h < n; ++h) rev_start_[h + 1] += rev_start_[h];
    rev_candidate_.resize(catch_.homes.size());
    rev_cost_.resize(catch_.homes.size());
    std::vector<std::uint64_t> fill(rev_start_.begin(), rev_start_.end() - 1);
    reachable_.assign(n, 0);
    for (std::uint32_t c = 0; c < in_.candidates.size(); ++c)
      for (std::uint64_t i = catch_.start[c]; i < catch_.start[c + 1]; ++i) {
        const std::uint32_t h = catch_.homes[i];
        rev_candidate_[fill[h]] = c;
        rev_cost_[fill[h]++] = catch_.cost[i];
        for (std::size_t k = 0; k < k_; ++k)
          if (catch_.cost[i] <= within(k)) reachable_[h] |= std::uint64_t(1) << k;
      }
  }

  PairGain eval(std::uint32_t c, std::size_t k) {
    ++out_.gain_evaluations;
    PairGain g;
    const std::uint64_t bit = std::uint64_t(1) << k;
    for (std::uint64_t i = catch_.start[c]; i < catch_.start[c + 1]; ++i) {
      const std::uint32_t h = catch_.homes[i];
      if (!(lacking_[h] & bit) || !(catch_.cost[i] <= within(k))) continue;
      ++g.pairs;
      g.pair_people += objective_weight(h);
      if (lacking_[h] == bit) {
        ++g.homes;
        if (out_.has_population) g.people += in_.population[h];
      }
    }
    return g;
  }
  double primary(const PairGain& g) const { return by_homes_ ? static_cast<double>(g.homes) : g.people; }
  double secondary(const PairGain& g) const {
    return by_homes_ ? static_cast<double>(g.pairs) : g.pair_people;
  }

  void first_gains() {
    gains_.assign(in_.candidates.size() * k_, PairGain{});
    stamp_.assign(gains_.size(), 0);
    first_.assign(k_, {});
    for (std::size_t i = 0; i < ids_.size(); ++i) {
      const std::uint32_t c = ids_[i];
      for (std::size_t k = 0; k < k_; ++k) {
        gains_[c * k_ + k] = eval(c, k);
        first_[k].push_back(secondary(gains_[c * k_ + k]));
      }
      report_(0.7 + 0.1 * double(i + 1) / double(ids_.size()));
    }
    for (std::vector<double>& f : first_) std::sort(f.begin(), f.end(), std::greater<>());
  }

  // The best pair now: most completed, then most pairs satisfied, then lower candidate and category.
  std::optional<std::size_t> best_pair() const {
    std::optional<std::size_t> best;
    for (std::uint32_t c : ids_)
      for (std::size_t k = 0; k < k_; ++k) {
        const PairGain& g = gains_[c * k_ + k];
        if (!(secondary(g) > 0)) continue;
        if (!best) {
          best = c * k_ + k;
          continue;
        }
        const PairGain& b = gains_[*best];
        if (primary(g) > primary(b) || (primary(g) == primary(b) && secondary(g) > secondary(b)))
          best = c * k_ + k;
      }
    return best;
  }

  // Adds pair (c, k): the homes of its catchment lacking k gain it; the pairs whose gains that changes are
  // recomputed.
  void commit(std::uint32_t c, std::size_t k) {
    ++round_;
    const std::uint64_t bit = std::uint64_t(1) << k;
    std::vector<std::size_t> dirty;
    auto mark = [&](std::uint32_t c2, std::size_t k2) {
      const std::size_t p = c2 * k_ + k2;
      if (stamp_[p] != round_) stamp_[p] = round_, dirty.push_back(p);
    };
    for (std::uint64_t i = catch_.start[c]; i < catch_.start[c + 1]; ++i) {
      const std::uint32_t h = catch_.homes[i];
      if (!(lacking_[h] & bit) || !(catch_.cost[i] <= within(k))) continue;
      lacking_[h] &= ~bit;
      if (!lacking_[h]) {
        ++complete_homes_;
        if (out_.has_population) complete_people_ += in_.population[h];
      }
      const bool one_left = std::popcount(lacking_[h]) == 1;
      const std::size_t left = one_left ? static_cast<std::size_t>(std::countr_zero(lacking_[h])) : 0;
      for (std::uint64_t j = rev_start_[h]; j < rev_start_[h + 1]; ++j) {
        if (rev_cost_[j] <= within(k)) mark(rev_candidate_[j], k);
        if (one_left && rev_cost_[j] <= within(left)) mark(rev_candidate_[j], left);
      }
    }
    std::sort(dirty.begin(), dirty.end());
    for (std::size_t p : dirty) gains_[p] = eval(static_cast<std::uint32_t>(p / k_), p % k_);
  }

  void choose() {
    out_.target_reached = reached();
    const double start = value();
    while (!out_.target_reached && (!options_.count || out_.proposals.size() < *options_.count)) {
      const std::optional<std::size_t> best = best_pair();
      if (!best) break;  // no pair satisfies anything more
      const PairGain g = gains_[*best];
      const auto c = static_cast<std::uint32_t>(*best / k_);
      const std::size_t k = *best % k_;
      commit(c, k);
      ProfileProposal p;
      p.candidate = c;
      p.category = k;
      p.gain_homes = g.homes;
      p.gain_population = g.people;
      p.gain_pairs = g.pairs;
      p.complete_homes = complete_homes_;
      p.complete_population = complete_people_;
      p.homes_ratio = out_.homes ? static_cast<double>(complete_homes_) / static_cast<double>(out_.homes) : 0;
      if (out_.has_population)
        p.population_ratio = out_.population_total > 0 ? complete_people_ / out_.population_total : 0.0;
      out_.proposals.push_back(p);
      out_.target_reached = reached();
      double done = 0;  // of the choice
      if (options_.count) done = double(out_.proposals.size()) / double(*options_.count);
      if (options_.target_ratio && total() > 0) {
        const double goal = *options_.target_ratio * total();
        if (goal > start) done = std::max(done, (value() - start) / (goal - start));
      }
      report_(0.8 + 0.2 * std::min(1.0, done));
    }
    report_(1);
  }

  // Bound (a) of proposals.hpp for k additions.
  double completable_with(std::size_t k) const {
    double v =
        by_homes_ ? static_cast<double>(out_.initial_complete_homes) : out_.initial_complete_population;
    for (std::size_t h = 0; h < in_.homes.size(); ++h) {
      const std::uint64_t l = lacking_at_start_[h];
      if (l && static_cast<std::size_t>(std::popcount(l)) <= k && !(l & ~reachable_[h]))
        v += objective_weight(h);
    }
    return v;
  }
  // Bound (b): the category with the least reach after k more of its facilities at best.
  double category_bound(std::size_t k) const {
    double b = total();
    for (std::size_t cat = 0; cat < k_; ++cat) {
      double v = covered_weight_[cat];
      for (std::size_t i = 0; i < std::min(k, first_[cat].size()); ++i) v += first_[cat][i];
      b = std::min(b, v);
    }
    return b;
  }

  void bounds() {
    const std::size_t n = out_.proposals.size();
    out_.upper_bound = std::min({completable_with(n), category_bound(n), total()});
    if (!options_.target_ratio) return;
    const double goal = (*options_.target_ratio - 1e-9) * total();
    if (completable_with(0) >= goal) return;  // met before any addition
    std::size_t by_homes = 0;
    for (std::size_t k = 1; k <= k_ && !by_homes; ++k)
      if (completable_with(k) >= goal) by_homes = k;
    std::size_t by_category = 0;
    for (std::size_t cat = 0; cat < k_ && by_homes; ++cat) {
      if (covered_weight_[cat] >= goal) continue;
      const std::size_t m = proposals::min_sites_for(covered_weight_[cat], goal, first_[cat]);
      if (m == 0) return;  // this category cannot reach the target: no choice can
      by_category += m;
    }
    if (by_homes) out_.min_sites_needed = std::max(by_homes, by_category);
  }

  const ProfileProposalInput& in_;
  const LifeCircleProfile& profile_;
  const ProposalOptions& options_;
  proposals::Progress& report_;
  ProfileProposalResult& out_;
  const std::size_t k_;
  const bool by_homes_;
  std::vector<std::uint64_t> lacking_, lacking_at_start_, reachable_;
  std::vector<double> covered_weight_;
  proposals::Catchments catch_;
  std::vector<std::uint32_t> ids_;
  std::vector<std::uint64_t> rev_start_;
  std::vector<std::uint32_t> rev_candidate_;
  std::vector<double> rev_cost_;
  std::vector<PairGain> gains_;
  std::vector<std::uint32_t> stamp_;
  std::uint32_t round_ = 0;
  std::vector<std::vector<double>> first_;  // per category: every candidate's first gain, largest first
  std::size_t complete_homes_ = 0;
  double complete_people_ = 0;
};

}  // namespace

ProfileProposalResult propose_profile_facilities(const ProfileProposalInput& input,
                                                 const LifeCircleProfile& profile,
                                                 const ProposalOptions& options) {
  check_profile_input(input, profile, options);
  // Progress: the existing facilities' reach (to 5 %), the catchments (to 70 %), the first gains (to 80 %),
  // the choice (to 100 %).
  proposals::Progress report(options);
  report(0);
  ProfileProposalResult out;
  ProfileGreedy(input, profile, options, report, out).run();
  return out;
}

std::string profile_proposal_guarantee() {
  return "greedy on life circles completed: each step adds the (site, category) facility that completes the "
         "most homes' (or people's) life circles now, ties and steps that complete none going to the one "
         "that "
         "newly satisfies the most (home, category) pairs; every gain is exact at every step. Completion is "
         "not submodular (a home missing two categories needs two additions), so no constant-factor "
         "guarantee "
         "holds for it; the pairs count is submodular (greedy on it alone would reach 1 - 1/e of the best), "
         "but here it only breaks ties. The upper bound: homes complete now plus those missing at most k "
         "categories that candidates can reach, and no more than any one category can reach with k additions";
}

std::optional<LifeCircleProfile> named_life_circle_profile(const std::string& name) {
  if (name == "gb50180") return gb50180_profile();
  std::string circle;
  for (const char* minutes : {"15", "10", "5"})
    if (name == std::string(minutes) + "min" || name == std::string(minutes) + "-minute")
      circle = std::string(minutes) + "-minute";
  if (circle.empty()) return std::nullopt;
  LifeCircleProfile p = gb50180_profile();
  p.name = "gb50180 " + circle;
  std::erase_if(p.categories, [&](const LifeCircleCategory& c) { return c.circle != circle; });
  return p;
}

}  // namespace plan
