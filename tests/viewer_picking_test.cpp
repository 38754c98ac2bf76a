// Identify: which feature a click hits.
#include <gtest/gtest.h>

#include "picking.hpp"

using plan::Geometry;
using plan::GeometryKind;

namespace {
plan::Layer layer(const char* name, GeometryKind kind, std::vector<Geometry> geometries) {
  plan::Layer l;
  l.name = name;
  l.kind = kind;
  for (auto& g : geometries) l.features.push_back({std::int64_t(l.features.size()), std::move(g), {}});
  return l;
}
}  // namespace

TEST(Picking, TheTopLayerWinsOverLayersBelow) {
  const plan::Layer area =
      layer("area", GeometryKind::Polygon, {Geometry::polygon(plan::rectangle(0, 0, 100, 100))});
  const plan::Layer towns = layer("towns", GeometryKind::Point, {Geometry::point({50, 50})});
  auto hit = viewer::pick({&towns, &area}, {52, 51}, 5);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->layer, 0u);
  // Away from the town, the click falls through to the area.
  hit = viewer::pick({&towns, &area}, {20, 20}, 5);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->layer, 1u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 0);
}

TEST(Picking, TheNearestLineWithinTheToleranceIsPicked) {
  const plan::Layer roads = layer("roads", GeometryKind::Line,
                                  {Geometry::line({{0, 0}, {100, 0}}), Geometry::line({{0, 10}, {100, 10}})});
  auto hit = viewer::pick({&roads}, {50, 7}, 5);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->feature, 1u);
  EXPECT_DOUBLE_EQ(hit->distance_m, 3);
  EXPECT_FALSE(viewer::pick({&roads}, {50, 30}, 5));
}

TEST(Picking, TheSmallestOfOverlappingPolygonsIsPicked) {
  const plan::Layer b = layer("boundaries", GeometryKind::Polygon,
                              {Geometry::polygon(plan::rectangle(0, 0, 100, 100)),
                               Geometry::polygon(plan::rectangle(10, 10, 30, 30))});
  auto hit = viewer::pick({&b}, {20, 20}, 1);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->feature, 1u);
  hit = viewer::pick({&b}, {80, 80}, 1);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->feature, 0u);
}
