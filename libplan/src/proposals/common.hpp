// What the stop, facility and life-circle proposals share: the progress and cancel reporting, the checks of
// the choice's options, and the candidates' network catchments.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "plan/network.hpp"
#include "plan/proposals.hpp"

namespace plan::proposals {

// Reports the fraction done to ProposalOptions::progress (at most every 0.2 % of the work, and at the end)
// and throws ProposalCancelled once ProposalOptions::cancel is set. For the calling thread only.
class Progress {
 public:
  explicit Progress(const ProposalOptions& options) : options_(options) {}
  bool cancelled() const { return options_.cancel && options_.cancel->load(std::memory_order_relaxed); }
  void operator()(double fraction) {
    if (cancelled()) throw ProposalCancelled();
    if (options_.progress && (fraction - reported_ >= 0.002 || fraction >= 1)) {
      reported_ = fraction;
      options_.progress(std::min(1.0, fraction));
    }
  }

 private:
  const ProposalOptions& options_;
  double reported_ = -1;
};

// UsageError for a count of 0 or a target outside (0, 1].
void check_choice(const ProposalOptions& options);

// What every facility choice needs of its homes and candidates: one non-negative, finite population per
// home when there are any (and some when the objective is population; UsageError otherwise), and at least
// one candidate (DataError).
void check_homes_and_candidates(std::size_t homes, const std::vector<double>& population,
                                const ProposalOptions& options, std::size_t candidates);

// Every candidate's catchment (CSR): homes[start[c] .. start[c + 1]) are the homes whose shortest path from
// candidate c is at most within_m (as plan::nearest_facilities measures it), in the order the search
// finds them; cost holds their distances when asked for (else it stays empty). An unsnapped candidate has
// none. The searches run on all cores; progress goes from `from` to `to` on the calling thread, which
// throws ProposalCancelled when a cancel (or the first error of any thread) ends the run.
struct Catchments {
  std::vector<std::uint64_t> start;
  std::vector<std::uint32_t> homes;
  std::vector<double> cost;
};
Catchments network_catchments(const Network& net, const std::vector<SnapPoint>& candidates,
                              const std::vector<SnapPoint>& homes, double within_m, bool with_cost,
                              Progress& progress, double from, double to);

}  // namespace plan::proposals
