// The lazy greedy choice (Minoux 1978; CELF, Leskovec et al. 2007) shared by the stop and facility
// proposals, with the online upper bound of Leskovec et al.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <numeric>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

namespace plan::proposals {

// A candidate's gain: `key` is what the choice maximises, `area` and `people` are carried for reports.
struct Gain {
  double key = 0;
  double area = 0;
  double people = 0;
};

struct GreedyStep {
  std::uint32_t candidate;
  Gain gain;
};

struct GreedyRun {
  std::vector<GreedyStep> steps;
  std::vector<double> initial_keys_desc;  // every candidate's first gain, largest first
  double upper_bound = 0;                 // on the best objective value with steps.size() sites
  std::size_t evaluations = 0;
};

// Candidates `ids` with gains eval(c) (which must not grow as sites are committed: submodularity);
// commit(c, gain) adds a site (gain: its gain over the sites before it) and returns true when the run should
// stop (target met). Stops after max_count sites, or when no gain exceeds min_gain. value() is the current
// objective value, for the bound. Ties go to the lower candidate id, as in a plain greedy scan.
// tick(initial, chosen) is called after every gain evaluation with the number of first gains computed and
// of sites chosen so far (for progress; it may throw to stop the run).
template <class Eval, class Commit, class Value, class Tick>
GreedyRun lazy_greedy(const std::vector<std::uint32_t>& ids, Eval&& eval, Commit&& commit, Value&& value,
                      std::optional<std::size_t> max_count, double min_gain, Tick&& tick) {
  struct Entry {
    Gain gain;
    std::uint32_t candidate;
    std::uint32_t round;  // the number of sites chosen when the gain was computed
  };
  auto lower = [](const Entry& l, const Entry& r) {  // priority: larger key, then lower id
    return l.gain.key < r.gain.key || (l.gain.key == r.gain.key && l.candidate > r.candidate);
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(lower)> queue(lower);
  GreedyRun run;
  // The latest known gain of each candidate: an upper bound on its current gain.
  std::vector<double> known(ids.size(), 0);
  std::vector<std::uint32_t> slot_of;  // candidate id → position in ids
  std::uint32_t max_id = 0;
  for (std::uint32_t c : ids) max_id = std::max(max_id, c);
  slot_of.assign(ids.empty() ? 0 : max_id + 1, 0);
  for (std::uint32_t k = 0; k < ids.size(); ++k) {
    const std::uint32_t c = ids[k];
    slot_of[c] = k;
    const Gain g = eval(c);
    ++run.evaluations;
    known[k] = std::max(0.0, g.key);
    queue.push({g, c, 0});
    tick(std::size_t(k) + 1, std::size_t(0));
  }
  run.initial_keys_desc = known;
  std::sort(run.initial_keys_desc.begin(), run.initial_keys_desc.end(), std::greater<>());

  auto top_sum = [&](std::size_t k) {
    if (k == 0) return 0.0;
    std::vector<double> v = known;
    k = std::min(k, v.size());
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k - 1), v.end(), std::greater<>());
    return std::accumulate(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
  };
  // The bound for the final count is only known at the end without a count; with one, every step's
  // bound is taken (the smallest is the best).
  const double start_value = value();
  std::optional<double> best_bound;
  auto consider_bound = [&](std::size_t k) {
    const double b = value() + top_sum(k);
    if (!best_bound || b < *best_bound) best_bound = b;
  };
  if (max_count) consider_bound(*max_count);

  std::uint32_t round = 0;
  while (!queue.empty() && (!max_count || run.steps.size() < *max_count)) {
    Entry top = queue.top();
    queue.pop();
    if (top.round != round) {
      top.gain = eval(top.candidate);
      top.round = round;
      ++run.evaluations;
      known[slot_of[top.candidate]] = std::max(0.0, top.gain.key);
      queue.push(top);
      tick(ids.size(), run.steps.size());
      continue;
    }
    if (!(top.gain.key > min_gain)) break;  // nothing left adds anything
    run.steps.push_back({top.candidate, top.gain});
    known[slot_of[top.candidate]] = 0;
    ++round;
    const bool done = commit(top.candidate, top.gain);
    if (max_count && run.steps.size() < *max_count) consider_bound(*max_count);
    if (done) break;
  }
  const std::size_t k = run.steps.size();
  // The bound from the start (every gain exact) and from the final set.
  double initial = start_value;
  for (std::size_t i = 0; i < std::min(k, run.initial_keys_desc.size()); ++i)
    initial += run.initial_keys_desc[i];
  run.upper_bound = std::min(initial, value() + top_sum(k));
  if (max_count && k == *max_count && best_bound) run.upper_bound = std::min(run.upper_bound, *best_bound);
  return run;
}

template <class Eval, class Commit, class Value>
GreedyRun lazy_greedy(const std::vector<std::uint32_t>& ids, Eval&& eval, Commit&& commit, Value&& value,
                      std::optional<std::size_t> max_count, double min_gain) {
  return lazy_greedy(ids, std::forward<Eval>(eval), std::forward<Commit>(commit), std::forward<Value>(value),
                     max_count, min_gain, [](std::size_t, std::size_t) {});
}

// The fewest sites whose initial gains could lift `start` to `goal` (a lower bound on the sites any choice
// needs); 0 when all of them together cannot.
inline std::size_t min_sites_for(double start, double goal, const std::vector<double>& initial_keys_desc) {
  double v = start;
  if (v >= goal) return 0;
  for (std::size_t i = 0; i < initial_keys_desc.size(); ++i) {
    v += initial_keys_desc[i];
    if (v >= goal) return i + 1;
  }
  return 0;
}

}  // namespace plan::proposals
