// Stop and facility proposals: claimed figures against independent recomputations, the lazy greedy
// against a plain greedy by brute force, the (1 − 1/e) guarantee and the upper bound against the brute-force
// optimum, and the refusals.
#include "plan/proposals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <numbers>
#include <numeric>
#include <optional>

#include "network_fixtures.hpp"
#include "plan/error.hpp"
#include "plan/reach.hpp"
#include "plan/synthetic.hpp"

namespace {

constexpr double kPi = std::numbers::pi;

double lens_area(double r, double d) {
  return 2 * r * r * std::acos(d / (2 * r)) - d / 2 * std::sqrt(4 * r * r - d * d);
}

// A 4 km × 3 km area with a hole (a 1.2 km² lake as an exclusion) in UTM-like coordinates.
plan::StopProposalInput random_city(unsigned seed, int stops, int candidates) {
  plan::StopProposalInput in;
  const double e = 500000, n = 3900000;
  in.area = {plan::rectangle(e, n, e + 4000, n + 3000)};
  in.exclusions = {plan::rectangle(e + 1500, n + 1000, e + 2700, n + 2000)};
  plan::SeededRandom rng(seed);
  for (int i = 0; i < stops; ++i) in.stops.push_back({rng.uniform(e, e + 4000), rng.uniform(n, n + 3000)});
  for (int i = 0; i < candidates; ++i)
    in.candidates.push_back({rng.uniform(e - 300, e + 4300), rng.uniform(n - 300, n + 3300)});
  return in;
}

plan::CoverageResult measure(const plan::StopProposalInput& in, const std::vector<plan::XY>& extra,
                             double r = 500) {
  plan::CoverageInput ci;
  ci.stops = in.stops;
  ci.stops.insert(ci.stops.end(), extra.begin(), extra.end());
  ci.area = in.area;
  ci.exclusions = in.exclusions;
  ci.population_polygons = in.population_polygons;
  ci.population_points = in.population_points;
  plan::CoverageOptions o;
  o.radius_m = r;
  return plan::compute_coverage(ci, o);
}

plan::CoverageOptions radius(double r) {
  plan::CoverageOptions o;
  o.radius_m = r;
  return o;
}

plan::ProposalOptions count(std::size_t k) {
  plan::ProposalOptions o;
  o.count = k;
  return o;
}

}  // namespace

TEST(StopProposals, OneDiskInsideTheAreaGainsPiRSquared) {
  plan::StopProposalInput in;
  in.area = {plan::rectangle(-2000, -2000, 2000, 2000)};
  in.candidates = {{0, 0}};
  const auto r = plan::propose_stops(in, radius(500), count(1));
  ASSERT_EQ(r.proposals.size(), 1u);
  EXPECT_NEAR(r.proposals[0].gain_m2, kPi * 500 * 500, 1e-6);
  EXPECT_NEAR(r.proposals[0].area_ratio, kPi * 500 * 500 / 16e6, 1e-12);
}

TEST(StopProposals, GainOfASiteOverlappingAStopIsTheDiskMinusTheLens) {
  plan::StopProposalInput in;
  in.area = {plan::rectangle(-3000, -3000, 3000, 3000)};
  in.stops = {{0, 0}};
  in.candidates = {{600, 0}, {300, 0}};
  const auto r = plan::propose_stops(in, radius(500), count(2));
  ASSERT_EQ(r.proposals.size(), 2u);
  EXPECT_EQ(r.proposals[0].candidate, 0u);  // farther from the stop: less overlap
  EXPECT_NEAR(r.proposals[0].gain_m2, kPi * 250000 - lens_area(500, 600), 1e-6);
  // The second site overlaps both: what it adds is what the three-disk union gains, by the analytic areas
  // being unavailable for three disks, checked against the measure instead.
  const double before = plan::disk_union_area({{0, 0}, {600, 0}}, 500);
  const double after = plan::disk_union_area({{0, 0}, {600, 0}, {300, 0}}, 500);
  EXPECT_NEAR(r.proposals[1].gain_m2, after - before, 1e-6);
}

TEST(StopProposals, CumulativeCoverageEqualsAFreshMeasurementAfterEverySite) {
  for (unsigned seed : {1u, 2u, 3u, 11u}) {
    plan::StopProposalInput in = random_city(seed, 15, 60);
    in.population_polygons = {{plan::rectangle(500000, 3900000, 501000, 3901500), 3000},
                              {plan::rectangle(502500, 3901500, 504200, 3902600), 5000}};
    in.population_points = {{{500100, 3902900}, 40}, {{503900, 3900100}, 70}, {{501600, 3900500}, 25}};
    // 700 m: circles that cross the area's edge near their own clipping box (the box keeps a margin).
    const double R = seed == 11 ? 700 : 500;
    const auto r = plan::propose_stops(in, radius(R), count(12));
    ASSERT_GE(r.proposals.size(), 8u);  // fewer when the rest adds nothing
    std::vector<plan::XY> added;
    double previous = measure(in, {}, R).covered_m2, previous_people = measure(in, {}, R).population_covered;
    EXPECT_NEAR(r.initial_covered_m2, previous, 1e-9 * r.area_m2);
    for (const plan::StopProposal& p : r.proposals) {
      added.push_back(p.position);
      const plan::CoverageResult m = measure(in, added, R);
      EXPECT_NEAR(p.covered_m2, m.covered_m2, 1e-9 * m.area_m2)
          << "seed " << seed << " rank " << added.size();
      EXPECT_NEAR(p.area_ratio, m.area_ratio, 1e-9);
      EXPECT_NEAR(p.gain_m2, m.covered_m2 - previous, 1e-9 * m.area_m2);
      EXPECT_NEAR(p.population_covered, m.population_covered, 1e-9 * m.population_total);
      EXPECT_NEAR(p.gain_population, m.population_covered - previous_people, 1e-9 * m.population_total);
      ASSERT_TRUE(p.population_ratio.has_value());
      EXPECT_NEAR(*p.population_ratio, *m.population_ratio, 1e-9);
      previous = m.covered_m2;
      previous_people = m.population_covered;
    }
  }
}

// A plain greedy: every round, every candidate's gain from two full measurements.
std::vector<std::size_t> brute_force_greedy(const plan::StopProposalInput& in, std::size_t k,
                                            bool by_people) {
  std::vector<std::size_t> chosen;
  std::vector<plan::XY> added;
  for (std::size_t round = 0; round < k; ++round) {
    const plan::CoverageResult base = measure(in, added);
    double best = 0;
    std::size_t best_c = SIZE_MAX;
    for (std::size_t c = 0; c < in.candidates.size(); ++c) {
      if (std::find(chosen.begin(), chosen.end(), c) != chosen.end()) continue;
      std::vector<plan::XY> with = added;
      with.push_back(in.candidates[c]);
      const plan::CoverageResult m = measure(in, with);
      const double gain =
          by_people ? m.population_covered - base.population_covered : m.covered_m2 - base.covered_m2;
      if (gain > best + 1e-6) best = gain, best_c = c;
    }
    if (best_c == SIZE_MAX) break;
    chosen.push_back(best_c);
    added.push_back(in.candidates[best_c]);
  }
  return chosen;
}

TEST(StopProposals, LazyGreedyChoosesWhatAPlainGreedyChooses) {
  for (unsigned seed : {4u, 5u, 6u, 7u}) {
    const plan::StopProposalInput in = random_city(seed, 10, 25);
    const auto r = plan::propose_stops(in, radius(500), count(8));
    const std::vector<std::size_t> expected = brute_force_greedy(in, 8, false);
    ASSERT_EQ(r.proposals.size(), expected.size()) << "seed " << seed;
    for (std::size_t i = 0; i < expected.size(); ++i)
      EXPECT_EQ(r.proposals[i].candidate, expected[i]) << "seed " << seed << " rank " << i + 1;
    // Lazy evaluation saves work: fewer gains computed than a plain greedy's candidates × rounds.
    EXPECT_LT(r.gain_evaluations, 25u * 8u);
  }
}

TEST(StopProposals, PopulationObjectiveChoosesWhatAPlainGreedyChooses) {
  plan::StopProposalInput in = random_city(8, 6, 25);
  plan::SeededRandom rng(9);
  for (int i = 0; i < 40; ++i)
    in.population_points.push_back(
        {{rng.uniform(500000, 504000), rng.uniform(3900000, 3903000)}, rng.uniform(1, 100)});
  in.population_polygons = {{plan::rectangle(500200, 3900200, 501200, 3901000), 4000}};
  plan::ProposalOptions o = count(6);
  o.objective = plan::ProposalObjective::Population;
  const auto r = plan::propose_stops(in, radius(400), o);
  // The brute force measures at 500 m: build it at the same radius instead.
  std::vector<std::size_t> chosen;
  std::vector<plan::XY> added;
  for (int round = 0; round < 6; ++round) {
    const double base = measure(in, added, 400).population_covered;
    double best = 0;
    std::size_t best_c = SIZE_MAX;
    for (std::size_t c = 0; c < in.candidates.size(); ++c) {
      std::vector<plan::XY> with = added;
      with.push_back(in.candidates[c]);
      const double gain = measure(in, with, 400).population_covered - base;
      if (gain > best + 1e-6) best = gain, best_c = c;
    }
    if (best_c == SIZE_MAX) break;
    chosen.push_back(best_c);
    added.push_back(in.candidates[best_c]);
  }
  ASSERT_EQ(r.proposals.size(), chosen.size());
  for (std::size_t i = 0; i < chosen.size(); ++i)
    EXPECT_EQ(r.proposals[i].candidate, chosen[i]) << "rank " << i + 1;
}

TEST(StopProposals, GreedyIsWithinOneMinusOneOverEOfTheBruteForceOptimumAndTheBoundHolds) {
  for (unsigned seed : {10u, 11u, 12u}) {
    const plan::StopProposalInput in = random_city(seed, 4, 12);
    const std::size_t k = 3;
    const auto r = plan::propose_stops(in, radius(700), count(k));
    ASSERT_EQ(r.proposals.size(), k);
    const double start = measure(in, {}, 700).covered_m2;
    double best = 0;
    const std::size_t n = in.candidates.size();
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = a + 1; b < n; ++b)
        for (std::size_t c = b + 1; c < n; ++c)
          best = std::max(
              best, measure(in, {in.candidates[a], in.candidates[b], in.candidates[c]}, 700).covered_m2);
    const double greedy_gain = r.proposals.back().covered_m2 - start;
    const double tol = 1e-9 * r.area_m2;  // the same union summed in another order
    EXPECT_GE(greedy_gain, (1 - 1 / std::numbers::e) * (best - start) - tol) << "seed " << seed;
    EXPECT_LE(r.proposals.back().covered_m2, best + tol);
    EXPECT_GE(r.upper_bound, best - tol) << "seed " << seed;
  }
}

TEST(StopProposals, TargetOfAllTheAreaIsReachedAndNoFewerSitesCouldReachIt) {
  plan::StopProposalInput in;
  in.area = {plan::rectangle(0, 0, 3000, 2000)};
  in.stops = {{500, 500}};
  for (double x = 0; x <= 3000; x += 250)
    for (double y = 0; y <= 2000; y += 250) in.candidates.push_back({x, y});
  plan::ProposalOptions o;
  o.target_ratio = 1.0;
  const auto r = plan::propose_stops(in, radius(500), o);
  ASSERT_TRUE(r.target_reached);
  ASSERT_FALSE(r.proposals.empty());
  EXPECT_GE(r.proposals.back().area_ratio, 1 - 1e-9);
  std::vector<plan::XY> added;
  for (const auto& p : r.proposals) added.push_back(p.position);
  EXPECT_NEAR(measure(in, added).area_ratio, 1.0, 1e-9);
  // Area over the largest disk area: a lower bound that holds for any choice.
  EXPECT_GE(r.min_sites_needed, static_cast<std::size_t>(std::ceil((6e6 - kPi * 250000) / (kPi * 250000))));
  EXPECT_LE(r.min_sites_needed, r.proposals.size());
  // One site fewer does not reach the target.
  EXPECT_LT(r.proposals[r.proposals.size() - 2].area_ratio, 1 - 1e-9);
}

TEST(StopProposals, UnreachableTargetStopsAtWhatAllCandidatesTogetherCover) {
  plan::StopProposalInput in;
  in.area = {plan::rectangle(0, 0, 4000, 4000)};
  in.candidates = {{500, 500}, {900, 500}, {500, 900}, {3000, 3000}};
  plan::ProposalOptions o;
  o.target_ratio = 1.0;
  const auto r = plan::propose_stops(in, radius(500), o);
  EXPECT_FALSE(r.target_reached);
  EXPECT_EQ(r.min_sites_needed, 0u);
  ASSERT_EQ(r.proposals.size(), 4u);
  EXPECT_NEAR(r.proposals.back().covered_m2, measure(in, in.candidates).covered_m2, 1e-6);
}

TEST(StopProposals, TargetAlreadyMetProposesNothing) {
  plan::StopProposalInput in;
  in.area = {plan::rectangle(0, 0, 100, 100)};
  in.stops = {{50, 50}};
  in.candidates = {{10, 10}};
  plan::ProposalOptions o;
  o.target_ratio = 0.9;
  const auto r = plan::propose_stops(in, radius(500), o);
  EXPECT_TRUE(r.target_reached);
  EXPECT_TRUE(r.proposals.empty());
}

TEST(StopProposals, CandidatesBeyondTheRadiusOfTheAreaAreSetAsideAndAllOfThemIsAnError) {
  plan::StopProposalInput in;
  in.area = {plan::rectangle(0, 0, 1000, 1000)};
  in.candidates = {{5000, 5000}, {500, 500}, {1499, 500}, {1000 + 500 * 0.7072, 1000 + 500 * 0.7072}};
  const auto r = plan::propose_stops(in, radius(500), count(5));
  EXPECT_EQ(r.candidates_outside, (std::vector<std::size_t>{0, 3}));
  EXPECT_EQ(r.candidates_considered, 2u);
  in.candidates = {{5000, 5000}, {-600, 0}};
  try {
    plan::propose_stops(in, radius(500), count(1));
    FAIL() << "expected a DataError";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("none of the 2 candidate sites lies within 500 m of the study area"),
              std::string::npos)
        << e.what();
  }
}

TEST(StopProposals, ProgressRisesToOneAndLeavesTheChoiceUnchanged) {
  const plan::StopProposalInput in = random_city(11, 10, 40);
  const auto plain = plan::propose_stops(in, radius(500), count(6));
  plan::ProposalOptions o = count(6);
  std::vector<double> seen;
  o.progress = [&](double f) { seen.push_back(f); };
  std::atomic<bool> cancel{false};
  o.cancel = &cancel;
  const auto watched = plan::propose_stops(in, radius(500), o);
  ASSERT_EQ(watched.proposals.size(), plain.proposals.size());
  for (std::size_t i = 0; i < plain.proposals.size(); ++i) {
    EXPECT_EQ(watched.proposals[i].candidate, plain.proposals[i].candidate);
    EXPECT_EQ(watched.proposals[i].covered_m2, plain.proposals[i].covered_m2);
  }
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen.front(), 0.0);
  EXPECT_EQ(seen.back(), 1.0);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST(StopProposals, ACancelledRunStopsWithProposalCancelled) {
  const plan::StopProposalInput in = random_city(12, 10, 40);
  plan::ProposalOptions o = count(6);
  std::atomic<bool> cancel{false};
  o.cancel = &cancel;
  int calls = 0;
  o.progress = [&](double f) {
    if (f > 0.5) cancel = true;  // the user presses Cancel while the first gains are computed
    ++calls;
  };
  EXPECT_THROW(plan::propose_stops(in, radius(500), o), plan::ProposalCancelled);
  EXPECT_GT(calls, 0);
  cancel = true;  // set before the start: nothing runs
  calls = 0;
  EXPECT_THROW(plan::propose_stops(in, radius(500), o), plan::ProposalCancelled);
  EXPECT_EQ(calls, 0);
}

TEST(StopProposals, RefusesNoCandidatesACountOfZeroAndATargetAboveOne) {
  plan::StopProposalInput in;
  in.area = {plan::rectangle(0, 0, 1000, 1000)};
  EXPECT_THROW(plan::propose_stops(in, radius(500), count(1)), plan::DataError);
  in.candidates = {{500, 500}};
  EXPECT_THROW(plan::propose_stops(in, radius(500), count(0)), plan::UsageError);
  plan::ProposalOptions o;
  o.target_ratio = 1.5;
  EXPECT_THROW(plan::propose_stops(in, radius(500), o), plan::UsageError);
  o.target_ratio = 0;
  EXPECT_THROW(plan::propose_stops(in, radius(500), o), plan::UsageError);
  EXPECT_THROW(plan::propose_stops(in, radius(-1), count(1)), plan::UsageError);
  o = count(1);
  o.objective = plan::ProposalObjective::Population;
  EXPECT_THROW(plan::propose_stops(in, radius(500), o), plan::UsageError);
}

TEST(PointsAlong, EverySpacingFromTheStartAndTheEndOnce) {
  const auto pts = plan::points_along({{{0, 0}, {250, 0}}, {{250, 0}, {250, 200}}}, 100);
  // First line: 0, 100, 200, 250; second line: its start repeats the first's end, then 100, 200 (= end).
  const std::vector<plan::XY> expected{{0, 0}, {100, 0}, {200, 0}, {250, 0}, {250, 100}, {250, 200}};
  ASSERT_EQ(pts.size(), expected.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    EXPECT_NEAR(pts[i].x, expected[i].x, 1e-9);
    EXPECT_NEAR(pts[i].y, expected[i].y, 1e-9);
  }
  // Across vertices: 150 m then 150 m at 100 m spacing gives 0, 100, 200, 300 (end).
  EXPECT_EQ(plan::points_along({{{0, 0}, {150, 0}, {150, 150}}}, 100).size(), 4u);
  EXPECT_THROW(plan::points_along({}, 0), plan::UsageError);
}

// ---- Facilities
// --------------------------------------------------------------------------------------------

namespace {

struct GridCase {
  plan::Network net;
  std::vector<plan::XY> homes_xy, candidates_xy, facilities_xy;
  std::vector<double> population;
};

// A 9 × 9 grid of 100 m blocks, homes on random streets, candidates at random street points.
GridCase grid_case(unsigned seed, int homes, int candidates, int facilities) {
  plan::NetworkBuilder b;
  network_fixtures::add_grid(b, 9, 100);
  GridCase g{b.build(), {}, {}, {}, {}};
  plan::SeededRandom rng(seed);
  auto street_point = [&] {
    const double t = rng.uniform(0, 800);
    const double s = std::floor(rng.uniform(0, 9)) * 100;
    return rng.uniform(0, 1) < 0.5 ? plan::XY{t, s + rng.uniform(-20, 20)}
                                   : plan::XY{s + rng.uniform(-20, 20), t};
  };
  for (int i = 0; i < homes; ++i)
    g.homes_xy.push_back(street_point()), g.population.push_back(std::floor(rng.uniform(1, 50)));
  for (int i = 0; i < candidates; ++i) g.candidates_xy.push_back(street_point());
  for (int i = 0; i < facilities; ++i) g.facilities_xy.push_back(street_point());
  return g;
}

plan::FacilityProposalInput snap(const GridCase& g, const plan::SnapIndex& index) {
  plan::FacilityProposalInput in;
  in.network = &g.net;
  in.homes = plan::snap_points(index, g.homes_xy, 250);
  in.candidates = plan::snap_points(index, g.candidates_xy, 250);
  in.facilities = plan::snap_points(index, g.facilities_xy, 250);
  in.population = g.population;
  return in;
}

// Homes within `within` of any of the sites, by plan::nearest_facilities.
std::pair<std::size_t, double> measured(const plan::FacilityProposalInput& in,
                                        std::vector<plan::SnapPoint> sites, double within) {
  sites.insert(sites.end(), in.facilities.begin(), in.facilities.end());
  plan::ReachWorkspace ws;
  const plan::NearestFacilities nf = plan::nearest_facilities(*in.network, sites, in.homes, ws);
  std::pair<std::size_t, double> out{0, 0};
  for (std::size_t h = 0; h < in.homes.size(); ++h)
    if (nf.cost[h] <= within) ++out.first, out.second += in.population[h];
  return out;
}

}  // namespace

TEST(FacilityProposals, CumulativeHomesEqualAFreshReachPassAfterEverySite) {
  for (unsigned seed : {1u, 2u}) {
    const GridCase g = grid_case(seed, 300, 40, 2);
    const plan::SnapIndex index(g.net);
    const plan::FacilityProposalInput in = snap(g, index);
    plan::ProposalOptions o;
    o.target_ratio = 1.0;
    const auto r = plan::propose_facilities(in, 250, o);
    ASSERT_FALSE(r.proposals.empty());
    EXPECT_EQ(r.initial_covered_homes, measured(in, {}, 250).first);
    std::vector<plan::SnapPoint> added;
    std::size_t previous = r.initial_covered_homes;
    for (const plan::FacilityProposal& p : r.proposals) {
      added.push_back(in.candidates[p.candidate]);
      const auto m = measured(in, added, 250);
      EXPECT_EQ(p.covered_homes, m.first) << "seed " << seed << " rank " << added.size();
      EXPECT_EQ(p.gain_homes, m.first - previous);
      EXPECT_NEAR(p.covered_population, m.second, 1e-9);
      previous = m.first;
    }
    // Either every home is reached, or no candidate reaches the rest.
    if (!r.target_reached) {
      std::vector<plan::SnapPoint> all = in.candidates;
      EXPECT_EQ(r.proposals.back().covered_homes, measured(in, all, 250).first);
    }
  }
}

TEST(FacilityProposals, LazyGreedyChoosesWhatAPlainGreedyChooses) {
  const GridCase g = grid_case(3, 200, 30, 1);
  const plan::SnapIndex index(g.net);
  const plan::FacilityProposalInput in = snap(g, index);
  for (auto objective : {plan::ProposalObjective::Area, plan::ProposalObjective::Population}) {
    plan::ProposalOptions o = count(5);
    o.objective = objective;
    const auto r = plan::propose_facilities(in, 200, o);
    std::vector<plan::SnapPoint> added;
    std::vector<std::size_t> chosen;
    for (int round = 0; round < 5; ++round) {
      const auto base = measured(in, added, 200);
      double best = 0;
      std::size_t best_c = SIZE_MAX;
      for (std::size_t c = 0; c < in.candidates.size(); ++c) {
        std::vector<plan::SnapPoint> with = added;
        with.push_back(in.candidates[c]);
        const auto m = measured(in, with, 200);
        const double gain = objective == plan::ProposalObjective::Area ? double(m.first) - double(base.first)
                                                                       : m.second - base.second;
        if (gain > best) best = gain, best_c = c;
      }
      if (best_c == SIZE_MAX) break;
      chosen.push_back(best_c);
      added.push_back(in.candidates[best_c]);
    }
    ASSERT_EQ(r.proposals.size(), chosen.size());
    for (std::size_t i = 0; i < chosen.size(); ++i)
      EXPECT_EQ(r.proposals[i].candidate, chosen[i]) << "rank " << i + 1;
  }
}

TEST(FacilityProposals, GreedyIsWithinOneMinusOneOverEOfTheBruteForceOptimumAndTheBoundHolds) {
  const GridCase g = grid_case(5, 150, 12, 0);
  const plan::SnapIndex index(g.net);
  const plan::FacilityProposalInput in = snap(g, index);
  const auto r = plan::propose_facilities(in, 200, count(3));
  ASSERT_EQ(r.proposals.size(), 3u);
  std::size_t best = 0;
  const std::size_t n = in.candidates.size();
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b)
      for (std::size_t c = b + 1; c < n; ++c)
        best =
            std::max(best, measured(in, {in.candidates[a], in.candidates[b], in.candidates[c]}, 200).first);
  EXPECT_GE(static_cast<double>(r.proposals.back().covered_homes),
            (1 - 1 / std::numbers::e) * static_cast<double>(best));
  EXPECT_LE(r.proposals.back().covered_homes, best);
  EXPECT_GE(r.upper_bound, static_cast<double>(best));
}

TEST(FacilityProposals, RefusesBadInput) {
  const GridCase g = grid_case(6, 20, 3, 0);
  const plan::SnapIndex index(g.net);
  plan::FacilityProposalInput in = snap(g, index);
  EXPECT_THROW(plan::propose_facilities(in, 200, count(0)), plan::UsageError);
  EXPECT_THROW(plan::propose_facilities(in, 0, count(1)), plan::UsageError);
  in.candidates = plan::snap_points(index, {{5000, 5000}}, 250);
  EXPECT_THROW(plan::propose_facilities(in, 200, count(1)), plan::DataError);
  in.candidates.clear();
  EXPECT_THROW(plan::propose_facilities(in, 200, count(1)), plan::DataError);
  in.network = nullptr;
  EXPECT_THROW(plan::propose_facilities(in, 200, count(1)), plan::UsageError);
}

TEST(FacilityProposals, ProgressRisesToOneAndLeavesTheChoiceUnchanged) {
  const GridCase g = grid_case(7, 400, 300, 1);
  const plan::SnapIndex index(g.net);
  const plan::FacilityProposalInput in = snap(g, index);
  for (auto objective : {plan::ProposalObjective::Area, plan::ProposalObjective::Population}) {
    plan::ProposalOptions plain_o = count(8);
    plain_o.objective = objective;
    const auto plain = plan::propose_facilities(in, 200, plain_o);
    plan::ProposalOptions o = plain_o;
    std::vector<double> seen;
    o.progress = [&](double f) { seen.push_back(f); };
    std::atomic<bool> cancel{false};
    o.cancel = &cancel;
    const auto watched = plan::propose_facilities(in, 200, o);
    ASSERT_EQ(watched.proposals.size(), plain.proposals.size());
    for (std::size_t i = 0; i < plain.proposals.size(); ++i) {
      EXPECT_EQ(watched.proposals[i].candidate, plain.proposals[i].candidate);
      EXPECT_EQ(watched.proposals[i].covered_homes, plain.proposals[i].covered_homes);
      EXPECT_EQ(watched.proposals[i].covered_population, plain.proposals[i].covered_population);
    }
    EXPECT_EQ(watched.upper_bound, plain.upper_bound);
    EXPECT_EQ(watched.gain_evaluations, plain.gain_evaluations);
    // Reported while the 300 catchments are found (before 75 %), and once per chosen site at least.
    ASSERT_GE(seen.size(), 10u);
    EXPECT_EQ(seen.front(), 0.0);
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_GE(std::count_if(seen.begin(), seen.end(), [](double f) { return f > 0.05 && f < 0.75; }), 5);
    // After each of the first 7 picks (the 8th ends the run at 1): 0.85 + 0.15·k/8.
    for (int k = 1; k < 8; ++k)
      EXPECT_EQ(std::count_if(seen.begin(), seen.end(),
                              [&](double f) { return std::abs(f - (0.85 + 0.15 * k / 8)) < 1e-12; }),
                1)
          << "pick " << k;
    EXPECT_LE(seen.size(), 502u);  // at most every 0.2 %, plus the start and the end
  }
}

TEST(FacilityProposals, ACancelledRunStopsWithProposalCancelled) {
  const GridCase g = grid_case(8, 400, 300, 1);
  const plan::SnapIndex index(g.net);
  const plan::FacilityProposalInput in = snap(g, index);
  for (double when : {0.3, 0.8, 0.9}) {  // while the catchments, the first gains, the choice are computed
    plan::ProposalOptions o = count(8);
    std::atomic<bool> cancel{false};
    o.cancel = &cancel;
    double last = 0;
    o.progress = [&](double f) {
      if (f > when) cancel = true;  // the user presses Cancel
      last = f;
    };
    EXPECT_THROW(plan::propose_facilities(in, 200, o), plan::ProposalCancelled) << when;
    EXPECT_GT(last, when);
    EXPECT_LT(last, 1.0);  // never reached the end
  }
  plan::ProposalOptions o = count(8);
  std::atomic<bool> cancel{true};  // set before the start: nothing runs
  o.cancel = &cancel;
  int calls = 0;
  o.progress = [&](double) { ++calls; };
  EXPECT_THROW(plan::propose_facilities(in, 200, o), plan::ProposalCancelled);
  EXPECT_EQ(calls, 0);
}

// ---- Life circles: all the categories of a profile
// -----------------------------------------------------------------

namespace {

plan::LifeCircleProfile two_categories(double a_m, double b_m) {
  plan::LifeCircleProfile p;
  p.name = "test";
  p.categories = {{"a", "test", a_m, {}}, {"b", "test", b_m, {}}};
  return p;
}

// Homes complete (and people) with the existing facilities plus `added` (candidate, category) pairs, by
// plan::compute_life_circles: the independent measurement.
struct Completion {
  std::size_t homes = 0;
  double people = 0;
  std::size_t pairs = 0;  // (home, category) pairs satisfied
  double pair_people = 0;
};
Completion completion(const plan::ProfileProposalInput& in, const plan::LifeCircleProfile& profile,
                      const std::vector<std::pair<std::size_t, std::size_t>>& added) {
  std::vector<plan::SnapPoint> f = in.facilities;
  std::vector<std::string> cat = in.facility_category;
  for (const auto& [c, k] : added) f.push_back(in.candidates[c]), cat.push_back(profile.categories[k].name);
  const plan::LifeCircleResult lc =
      plan::compute_life_circles(*in.network, f, cat, in.homes, in.population, profile);
  Completion out;
  for (std::size_t h = 0; h < in.homes.size(); ++h) {
    const double w = in.population.empty() ? 1.0 : in.population[h];
    if (lc.complete[h]) ++out.homes, out.people += w;
    for (const plan::CategoryReach& c : lc.categories)
      if (c.covered[h]) ++out.pairs, out.pair_people += w;
  }
  return out;
}

// A plain greedy by brute force, every gain measured afresh: most homes (people) completed, then most pairs
// satisfied, then the lower candidate and category.
std::vector<std::pair<std::size_t, std::size_t>> brute_force_greedy(const plan::ProfileProposalInput& in,
                                                                    const plan::LifeCircleProfile& profile,
                                                                    std::size_t count, bool by_homes) {
  std::vector<std::pair<std::size_t, std::size_t>> chosen;
  for (std::size_t round = 0; round < count; ++round) {
    const Completion base = completion(in, profile, chosen);
    double best_done = 0, best_pairs = 0;
    std::optional<std::pair<std::size_t, std::size_t>> best;
    for (std::size_t c = 0; c < in.candidates.size(); ++c)
      for (std::size_t k = 0; k < profile.categories.size(); ++k) {
        auto with = chosen;
        with.push_back({c, k});
        const Completion m = completion(in, profile, with);
        const double done = by_homes ? double(m.homes) - double(base.homes) : m.people - base.people;
        const double pairs =
            by_homes ? double(m.pairs) - double(base.pairs) : m.pair_people - base.pair_people;
        if (!(pairs > 0)) continue;
        if (!best || done > best_done || (done == best_done && pairs > best_pairs))
          best = {c, k}, best_done = done, best_pairs = pairs;
      }
    if (!best) break;
    chosen.push_back(*best);
  }
  return chosen;
}

plan::ProfileProposalInput snap_profile(const GridCase& g, const plan::SnapIndex& index) {
  plan::ProfileProposalInput in;
  in.network = &g.net;
  in.homes = plan::snap_points(index, g.homes_xy, 250);
  in.candidates = plan::snap_points(index, g.candidates_xy, 250);
  in.facilities = plan::snap_points(index, g.facilities_xy, 250);
  for (std::size_t i = 0; i < in.facilities.size(); ++i) in.facility_category.push_back(i % 2 ? "b" : "a");
  in.population = g.population;
  return in;
}

}  // namespace

// One street along the x axis, categories a and b within 150 m, an existing a at 0:
//
//   a(existing)                                  candidates c0 at 50, c1 at 600
//   h0 ── h1 ──────────────── h2 ── h3 ── h4     homes at 0, 100, 500, 600, 700
//
// h0 and h1 lack b only; h2, h3, h4 lack both. (c0, b) completes h0 and h1 (2 homes, 2 pairs); (c1, a) and
// (c1, b) each satisfy 3 pairs and complete nobody. Greedy: (c0, b) first (2 completed beats 0 despite 3
// pairs), then (c1, a) (a tie at 0 completed and 3 pairs: the earlier category), then (c1, b) completing
// h2–h4. After two additions greedy has 2 complete homes where (c1, a) + (c1, b) would have 3: completion is
// not submodular and greedy is not optimal. Bounds for k = 1: homes missing ≤ 1 category give 2, and b can
// reach at most 0 + 3; so 2. With a 100 % target: homes need 2 additions at least, categories a and b need
// 1 and 2 (b's first gains 3, 2): at least 3 additions, which greedy uses.
TEST(ProfileProposals, HandWorkedStreetCompletesTheNearHomesFirst) {
  plan::NetworkBuilder b;
  b.add_line({{-100, 0}, {1000, 0}});
  const plan::Network net = b.build();
  const plan::SnapIndex index(net);
  plan::ProfileProposalInput in;
  in.network = &net;
  in.facilities = plan::snap_points(index, {{0, 0}}, 50);
  in.facility_category = {"a"};
  in.homes = plan::snap_points(index, {{0, 5}, {100, 5}, {500, 5}, {600, 5}, {700, 5}}, 50);
  in.candidates = plan::snap_points(index, {{50, 0}, {600, 0}}, 50);
  const plan::LifeCircleProfile profile = two_categories(150, 150);

  plan::ProposalOptions o;
  o.target_ratio = 1.0;
  const auto r = plan::propose_profile_facilities(in, profile, o);
  EXPECT_EQ(r.initial_complete_homes, 0u);
  EXPECT_EQ(r.covered_per_category, (std::vector<std::size_t>{2, 0}));
  EXPECT_EQ(r.existing_per_category, (std::vector<std::size_t>{1, 0}));
  ASSERT_EQ(r.proposals.size(), 3u);
  EXPECT_EQ(std::make_pair(r.proposals[0].candidate, r.proposals[0].category), std::make_pair(0ul, 1ul));
  EXPECT_EQ(std::make_pair(r.proposals[1].candidate, r.proposals[1].category), std::make_pair(1ul, 0ul));
  EXPECT_EQ(std::make_pair(r.proposals[2].candidate, r.proposals[2].category), std::make_pair(1ul, 1ul));
  EXPECT_EQ(r.proposals[0].gain_homes, 2u);
  EXPECT_EQ(r.proposals[0].gain_pairs, 2u);
  EXPECT_EQ(r.proposals[1].gain_homes, 0u);
  EXPECT_EQ(r.proposals[1].gain_pairs, 3u);
  EXPECT_EQ(r.proposals[2].gain_homes, 3u);
  EXPECT_EQ(r.proposals[2].complete_homes, 5u);
  EXPECT_DOUBLE_EQ(r.proposals[0].homes_ratio, 0.4);
  EXPECT_TRUE(r.target_reached);
  EXPECT_EQ(r.min_sites_needed, 3u);
  EXPECT_EQ(r.upper_bound, 5.0);

  const auto one = plan::propose_profile_facilities(in, profile, count(1));
  ASSERT_EQ(one.proposals.size(), 1u);
  EXPECT_EQ(one.upper_bound, 2.0);
  const auto two = plan::propose_profile_facilities(in, profile, count(2));
  EXPECT_EQ(two.proposals.back().complete_homes, 2u);
  EXPECT_EQ(completion(in, profile, {{1, 0}, {1, 1}}).homes, 3u);  // the better pair of additions
  EXPECT_GE(two.upper_bound, 3.0);
}

// Two categories, and three (a home then passes from three missing to two, and from two to one).
TEST(ProfileProposals, GreedyEqualsABruteForceGreedyAndEveryFigureAFreshMeasurement) {
  plan::LifeCircleProfile three = two_categories(150, 250);
  three.categories.push_back({"c", "test", 200, {}});
  for (unsigned seed : {11u, 12u, 13u, 14u})
    for (const plan::LifeCircleProfile& profile : {two_categories(150, 250), three}) {
      const GridCase g = grid_case(seed, 120, 10, 3);
      const plan::SnapIndex index(g.net);
      const plan::ProfileProposalInput in = snap_profile(g, index);
      for (bool by_homes : {true, false}) {
        plan::ProposalOptions o = count(6);
        if (!by_homes) o.objective = plan::ProposalObjective::Population;
        const auto r = plan::propose_profile_facilities(in, profile, o);
        const auto expected = brute_force_greedy(in, profile, 6, by_homes);
        ASSERT_EQ(r.proposals.size(), expected.size()) << seed;
        std::vector<std::pair<std::size_t, std::size_t>> added;
        Completion before = completion(in, profile, added);
        EXPECT_EQ(r.initial_complete_homes, before.homes);
        for (std::size_t i = 0; i < expected.size(); ++i) {
          const plan::ProfileProposal& p = r.proposals[i];
          EXPECT_EQ(std::make_pair(p.candidate, p.category), expected[i])
              << "seed " << seed << " rank " << i + 1;
          added.push_back({p.candidate, p.category});
          const Completion now = completion(in, profile, added);
          EXPECT_EQ(p.complete_homes, now.homes);
          EXPECT_EQ(p.gain_homes, now.homes - before.homes);
          EXPECT_EQ(p.gain_pairs, now.pairs - before.pairs);
          EXPECT_NEAR(p.complete_population, now.people, 1e-9);
          EXPECT_NEAR(p.gain_population, now.people - before.people, 1e-9);
          before = now;
        }
      }
    }
}

TEST(ProfileProposals, BruteForceOptimumIsAtLeastGreedyAndTheBoundsHold) {
  for (unsigned seed : {21u, 22u, 23u, 24u}) {
    const GridCase g = grid_case(seed, 100, 7, 2);
    const plan::SnapIndex index(g.net);
    const plan::ProfileProposalInput in = snap_profile(g, index);
    const plan::LifeCircleProfile profile = two_categories(200, 150);
    const std::size_t pairs = in.candidates.size() * 2;
    for (std::size_t k = 1; k <= 3; ++k) {
      const auto r = plan::propose_profile_facilities(in, profile, count(k));
      // The best k additions by brute force over every set of k pairs.
      std::size_t best = completion(in, profile, {}).homes;
      std::vector<std::size_t> pick(k);
      std::function<void(std::size_t, std::size_t)> all = [&](std::size_t from, std::size_t depth) {
        if (depth == k) {
          std::vector<std::pair<std::size_t, std::size_t>> added;
          for (std::size_t p : pick) added.push_back({p / 2, p % 2});
          best = std::max(best, completion(in, profile, added).homes);
          return;
        }
        for (std::size_t p = from; p < pairs; ++p) pick[depth] = p, all(p + 1, depth + 1);
      };
      all(0, 0);
      const std::size_t greedy =
          r.proposals.empty() ? r.initial_complete_homes : r.proposals.back().complete_homes;
      EXPECT_GE(best, greedy) << "seed " << seed << " k " << k;
      if (r.proposals.size() == k) {
        EXPECT_GE(r.upper_bound, double(best)) << "seed " << seed << " k " << k;
      }
    }
    // With a target: no set of fewer additions than the stated minimum reaches what greedy reached.
    plan::ProposalOptions o;
    o.target_ratio = 0.6;
    const auto t = plan::propose_profile_facilities(in, profile, o);
    if (t.target_reached && t.min_sites_needed > 1) {
      const std::size_t m = t.min_sites_needed - 1;
      const double goal = (0.6 - 1e-9) * double(in.homes.size());
      std::vector<std::size_t> pick(m);
      std::function<void(std::size_t, std::size_t)> all = [&](std::size_t from, std::size_t depth) {
        if (depth == m) {
          std::vector<std::pair<std::size_t, std::size_t>> added;
          for (std::size_t p : pick) added.push_back({p / 2, p % 2});
          EXPECT_LT(double(completion(in, profile, added).homes), goal) << "seed " << seed;
          return;
        }
        for (std::size_t p = from; p < pairs; ++p) pick[depth] = p, all(p + 1, depth + 1);
      };
      if (m <= 3) all(0, 0);
    }
  }
}

TEST(ProfileProposals, NamedProfilesAreTheGb50180Circles) {
  const auto fifteen = plan::named_life_circle_profile("15min");
  ASSERT_TRUE(fifteen);
  EXPECT_EQ(fifteen->name, "gb50180 15-minute");
  ASSERT_EQ(fifteen->categories.size(), 4u);
  for (const auto& c : fifteen->categories) EXPECT_EQ(c.max_distance_m, 1000);
  EXPECT_EQ(plan::named_life_circle_profile("10-minute")->categories.size(), 2u);
  EXPECT_EQ(plan::named_life_circle_profile("5min")->categories.size(), 3u);
  EXPECT_EQ(plan::named_life_circle_profile("gb50180")->categories.size(), 9u);
  EXPECT_FALSE(plan::named_life_circle_profile("20min"));
  EXPECT_FALSE(plan::named_life_circle_profile("profile.json"));
}

TEST(ProfileProposals, RefusesBadInputAndHonoursCancel) {
  const GridCase g = grid_case(31, 50, 5, 2);
  const plan::SnapIndex index(g.net);
  plan::ProfileProposalInput in = snap_profile(g, index);
  const plan::LifeCircleProfile profile = two_categories(150, 250);
  EXPECT_THROW(plan::propose_profile_facilities(in, profile, count(0)), plan::UsageError);
  EXPECT_THROW(plan::propose_profile_facilities(in, plan::LifeCircleProfile{}, count(1)), plan::UsageError);
  EXPECT_THROW(plan::propose_profile_facilities(in, two_categories(0, 100), count(1)), plan::UsageError);
  plan::ProposalOptions cancelled = count(3);
  std::atomic<bool> cancel{true};
  cancelled.cancel = &cancel;
  EXPECT_THROW(plan::propose_profile_facilities(in, profile, cancelled), plan::ProposalCancelled);
  in.facility_category.pop_back();
  EXPECT_THROW(plan::propose_profile_facilities(in, profile, count(1)), plan::UsageError);
  in = snap_profile(g, index);
  in.candidates = plan::snap_points(index, {{5000, 5000}}, 250);
  EXPECT_THROW(plan::propose_profile_facilities(in, profile, count(1)), plan::DataError);
  in.candidates.clear();
  EXPECT_THROW(plan::propose_profile_facilities(in, profile, count(1)), plan::DataError);
}
