// plan::propose_floor_area_sites on a straight street worked by hand: which new centres bring communities
// up to the floor-area standard, in what order, and that the proposals measure afterwards as promised.
#include <gtest/gtest.h>

#include "plan/error.hpp"
#include "plan/proposals.hpp"

namespace {

// One street along y = 0 from x = 0 to 2000 m; every point below stands on it.
plan::Network street() {
  plan::NetworkBuilder b;
  b.add_line({{0, 0}, {2000, 0}});
  return b.build();
}

std::vector<plan::SnapPoint> on_street(const plan::Network& net, const std::vector<double>& xs) {
  std::vector<plan::XY> at;
  for (double x : xs) at.push_back({x, 0});
  return plan::snap_points(plan::SnapIndex(net), at, 10);
}

}  // namespace

// Communities A (x = 100, 1000 households: needs 200 m²), B (600, 500: 100 m²), C (1500, 100: 20 m²). The
// existing 100 m² centre at 0 reaches A alone. Candidates: 350 (reaches A and B, 250 m each), 1500 (C),
// 700 (B). A 350 m² centre at 350 gives A 233.3 m² (1000 of 1500 households) and B 116.7 m²: both met;
// then the site at C meets C; the site at 700 adds nothing once B is met.
TEST(FloorAreaSites, TheSiteThatCompletesMostCommunitiesComesFirstAndTheResultMeasuresAsPromised) {
  const plan::Network net = street();
  plan::FloorAreaSiteInput in;
  in.communities = on_street(net, {100, 600, 1500});
  in.households = {1000, 500, 100};
  in.facilities = on_street(net, {0});
  in.floor_area_m2 = {100};
  in.candidates = on_street(net, {350, 1500, 700});
  plan::ProposalOptions o;
  o.target_ratio = 1.0;
  const plan::FloorAreaSiteResult r = plan::propose_floor_area_sites(net, in, o);
  EXPECT_EQ(r.initial.meeting, 0u);
  EXPECT_NEAR(r.initial.communities[0].available_m2, 100, 1e-9);
  ASSERT_EQ(r.proposals.size(), 2u);
  EXPECT_TRUE(r.target_reached);
  EXPECT_EQ(r.proposals[0].candidate, 0u);
  EXPECT_EQ(r.proposals[0].newly_meeting, 2u);
  EXPECT_NEAR(r.proposals[0].shortfall_removed_m2, 100 + 100, 1e-9);  // each capped at what it lacked
  EXPECT_NEAR(r.proposals[0].meeting_ratio, 2.0 / 3, 1e-12);
  EXPECT_EQ(r.proposals[1].candidate, 1u);
  EXPECT_EQ(r.proposals[1].newly_meeting, 1u);
  EXPECT_NEAR(r.proposals[1].shortfall_removed_m2, 20, 1e-9);
  EXPECT_EQ(r.proposals[1].meeting, 3u);

  // A fresh measurement with the proposed centres built gives the same verdicts.
  plan::FloorAreaSiteInput built = in;
  for (const plan::FloorAreaSite& s : r.proposals) {
    built.facilities.push_back(in.candidates[s.candidate]);
    built.floor_area_m2.push_back(in.site_floor_area_m2);
  }
  const plan::FloorAreaResult after = plan::floor_area_standard(net, built.communities, built.households,
                                                                built.facilities, built.floor_area_m2);
  EXPECT_EQ(after.meeting, 3u);
  EXPECT_NEAR(after.communities[0].available_m2, 100 + 350.0 * 1000 / 1500, 1e-9);
}

// One community of 5000 households needs 1000 m²; each of three candidates reaches it alone. No single
// 350 m² site completes it, so the shortfall removed drives the choice: 350, 350, then the last 300.
TEST(FloorAreaSites, ShortfallRemovedKeepsTheChoiceMovingUntilACommunityIsComplete) {
  const plan::Network net = street();
  plan::FloorAreaSiteInput in;
  in.communities = on_street(net, {1000});
  in.households = {5000};
  in.candidates = on_street(net, {900, 1000, 1100});
  plan::ProposalOptions o;
  o.target_ratio = 1.0;
  const plan::FloorAreaSiteResult r = plan::propose_floor_area_sites(net, in, o);
  ASSERT_EQ(r.proposals.size(), 3u);
  EXPECT_EQ(r.proposals[0].candidate, 0u);  // equal gains: the first listed
  EXPECT_EQ(r.proposals[1].candidate, 1u);
  EXPECT_EQ(r.proposals[2].candidate, 2u);
  EXPECT_EQ(r.proposals[0].newly_meeting, 0u);
  EXPECT_NEAR(r.proposals[0].shortfall_removed_m2, 350, 1e-9);
  EXPECT_NEAR(r.proposals[1].shortfall_removed_m2, 350, 1e-9);
  EXPECT_EQ(r.proposals[2].newly_meeting, 1u);
  EXPECT_NEAR(r.proposals[2].shortfall_removed_m2, 300, 1e-9);
  EXPECT_TRUE(r.target_reached);

  // Two candidates cannot do it: the choice stops when nothing more is added, short of the target.
  in.candidates = on_street(net, {900, 1100});
  const plan::FloorAreaSiteResult short_of = plan::propose_floor_area_sites(net, in, o);
  EXPECT_EQ(short_of.proposals.size(), 2u);
  EXPECT_FALSE(short_of.target_reached);
}

TEST(FloorAreaSites, ACountStopsTheChoiceAndBadOptionsAreRefused) {
  const plan::Network net = street();
  plan::FloorAreaSiteInput in;
  in.communities = on_street(net, {100, 1500});
  in.households = {100, 100};
  in.candidates = on_street(net, {100, 1500});
  plan::ProposalOptions o;
  o.count = 1;
  EXPECT_EQ(plan::propose_floor_area_sites(net, in, o).proposals.size(), 1u);
  o.count = 0;
  EXPECT_THROW(plan::propose_floor_area_sites(net, in, o), plan::UsageError);
  o.count.reset();
  in.site_floor_area_m2 = 0;
  EXPECT_THROW(plan::propose_floor_area_sites(net, in, o), plan::UsageError);
  in.site_floor_area_m2 = 350;
  in.candidates.clear();
  EXPECT_THROW(plan::propose_floor_area_sites(net, in, o), plan::DataError);
}
