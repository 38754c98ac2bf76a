// Label placement: no overlaps, priorities respected, nothing off the canvas.
#include <gtest/gtest.h>

#include "labels.hpp"
#include "plan/synthetic.hpp"

using viewer::LabelCandidate;

TEST(Labels, ALabelGoesRightOfItsPointWhenThereIsRoom) {
  const auto placed = viewer::place_labels({{{100, 100}, 40, 16, 5, 1, false}}, 800, 600);
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_GT(placed[0].box.x0, 100 + 5);
  EXPECT_DOUBLE_EQ(placed[0].box.y0 + 8, 100);  // vertically centred on the point
}

TEST(Labels, ALabelAtTheRightEdgeMovesToTheLeft) {
  const auto placed = viewer::place_labels({{{790, 100}, 40, 16, 5, 1, false}}, 800, 600);
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_LT(placed[0].box.x1, 790);
}

TEST(Labels, TheHigherPriorityKeepsTheContestedPlace) {
  // Two centred labels on the same spot: only one fits, and it is the important one.
  std::vector<LabelCandidate> c = {{{200, 200}, 60, 16, 0, 10, true}, {{205, 200}, 60, 16, 0, 90, true}};
  const auto placed = viewer::place_labels(c, 800, 600);
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].candidate, 1u);
}

TEST(Labels, ObstaclesSuchAsOtherSymbolsAreAvoided) {
  // A symbol right of the point blocks the first choice.
  const auto placed =
      viewer::place_labels({{{100, 100}, 40, 16, 5, 1, false}}, 800, 600, {{110, 90, 130, 110}});
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_LT(placed[0].box.x1, 100);
}

TEST(Labels, ManyRandomLabelsNeverOverlapAndStayOnTheCanvas) {
  plan::SeededRandom rng(7);
  std::vector<LabelCandidate> c;
  for (int i = 0; i < 400; ++i)
    c.push_back({{rng.uniform(0, 800), rng.uniform(0, 600)},
                 rng.uniform(20, 90),
                 16,
                 rng.uniform(0, 8),
                 int(rng.uniform(0, 100)),
                 rng.uniform() < 0.3});
  const auto placed = viewer::place_labels(c, 800, 600);
  EXPECT_GT(placed.size(), 40u);  // dense, but far from empty
  EXPECT_LT(placed.size(), c.size());
  for (std::size_t i = 0; i < placed.size(); ++i) {
    const viewer::Rect& a = placed[i].box;
    EXPECT_GE(a.x0, 0);
    EXPECT_GE(a.y0, 0);
    EXPECT_LE(a.x1, 800);
    EXPECT_LE(a.y1, 600);
    for (std::size_t j = i + 1; j < placed.size(); ++j)
      EXPECT_FALSE(a.overlaps(placed[j].box)) << i << " " << j;
  }
}

TEST(Labels, APartedRoadIsLabelledOnceNotOncePerPart) {
  // Three parts of one named road far apart, and another road: two labels.
  std::vector<LabelCandidate> c = {{{100, 100}, 60, 16, 0, 5, true, 42},
                                   {{400, 300}, 60, 16, 0, 5, true, 42},
                                   {{700, 500}, 60, 16, 0, 5, true, 42},
                                   {{100, 500}, 60, 16, 0, 5, true, 7}};
  const auto placed = viewer::place_labels(c, 800, 600);
  ASSERT_EQ(placed.size(), 2u);
  EXPECT_EQ(placed[0].candidate, 0u);
  EXPECT_EQ(placed[1].candidate, 3u);
}
