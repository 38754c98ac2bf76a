// Meshes: triangulated fills keep the polygon's area (holes stay empty); lines become screen-width quads.
#include <gtest/gtest.h>

#include <cmath>

#include "mesh.hpp"

namespace {
double triangles_area(const std::vector<plan::XY>& t) {
  double a = 0;
  for (std::size_t i = 0; i + 2 < t.size(); i += 3)
    a += std::abs((t[i + 1].x - t[i].x) * (t[i + 2].y - t[i].y) -
                  (t[i + 2].x - t[i].x) * (t[i + 1].y - t[i].y)) /
         2;
  return a;
}
}  // namespace

TEST(Triangulation, ASquareWithASquareHoleKeepsItsArea) {
  plan::Polygon p = plan::rectangle(0, 0, 10, 10);
  p.holes.push_back(plan::rectangle(4, 4, 6, 6).outer);
  const auto tris = viewer::triangulate(p);
  ASSERT_EQ(tris.size() % 3, 0u);
  EXPECT_NEAR(triangles_area(tris), 96.0, 1e-9);
  // No triangle covers the hole's centre.
  for (std::size_t i = 0; i < tris.size(); i += 3) {
    const plan::XY c{(tris[i].x + tris[i + 1].x + tris[i + 2].x) / 3,
                     (tris[i].y + tris[i + 1].y + tris[i + 2].y) / 3};
    EXPECT_FALSE(c.x > 4 && c.x < 6 && c.y > 4 && c.y < 6);
  }
}

TEST(Triangulation, AConcaveCircleApproximationKeepsItsArea) {
  // A star-shaped (concave) polygon: ear cases that a fan triangulation would get wrong.
  plan::Polygon p;
  for (int i = 0; i <= 40; ++i) {
    const double a = 2 * M_PI * (i % 40) / 40, r = i % 2 ? 400 : 1000;
    p.outer.push_back({500000 + r * std::cos(a), 3900000 + r * std::sin(a)});
  }
  EXPECT_NEAR(triangles_area(viewer::triangulate(p)), plan::area_m2(p), plan::area_m2(p) * 1e-9);
}

TEST(Triangulation, ASelfIntersectingBowTieIsRepairedNotDropped) {
  plan::Polygon p;
  p.outer = {{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}};  // two triangles of 25 m² meeting at (5, 5)
  EXPECT_NEAR(triangles_area(viewer::triangulate(p)), 50.0, 1e-9);
}

TEST(Mesh, EachLineSegmentIsTwoTrianglesRelativeToTheOrigin) {
  plan::Layer l;
  l.name = "streets";
  l.kind = plan::GeometryKind::Line;
  l.features.push_back({1, plan::Geometry::line({{1000, 2000}, {1100, 2000}, {1100, 2100}}), {}});
  viewer::FeatureStyle s;
  s.stroke_width_px = 4;
  const auto mesh = viewer::build_mesh(l, {s}, {1000, 2000}, 1.0f, std::nullopt);
  EXPECT_EQ(mesh.segments, 2u);
  ASSERT_EQ(mesh.lines.size(), 12u);
  EXPECT_FLOAT_EQ(mesh.lines[0].x, 0);
  EXPECT_FLOAT_EQ(mesh.lines[0].y, 0);
  EXPECT_FLOAT_EQ(mesh.lines[0].half_width_px, 2);
  // Distance along the line runs on across vertices, so dashes continue round corners.
  EXPECT_FLOAT_EQ(mesh.lines.back().along_m, 200);
}

TEST(Mesh, OpacityAndColourOverrideApplyToEveryVertex) {
  plan::Layer l;
  l.name = "core";
  l.kind = plan::GeometryKind::Polygon;
  l.features.push_back({1, plan::Geometry::polygon(plan::rectangle(0, 0, 10, 10)), {}});
  viewer::FeatureStyle s;
  s.fill = {200, 0, 0, 200};
  s.stroke = {0, 0, 0, 255};
  const auto mesh = viewer::build_mesh(l, {s}, {0, 0}, 0.5f, viewer::Rgba{0, 0, 255, 255});
  ASSERT_FALSE(mesh.fills.empty());
  EXPECT_EQ(mesh.fills[0].rgba, (viewer::Rgba{0, 0, 255, 100}).packed());
  EXPECT_EQ(mesh.thin_lines.size(), 4u * 2u);  // the 1 px outline: 4 hairline segments
  EXPECT_TRUE(mesh.lines.empty());
}

TEST(Mesh, HairlinesTakeTwoVerticesPerSegmentWideLinesSix) {
  plan::Layer l;
  l.name = "roads";
  l.kind = plan::GeometryKind::Line;
  l.features.push_back({1, plan::Geometry::line({{0, 0}, {10, 0}, {10, 10}}), {}});
  viewer::FeatureStyle thin, wide;
  thin.stroke_width_px = viewer::kHairlineMaxPx;
  wide.stroke_width_px = viewer::kHairlineMaxPx + 0.5f;
  const auto a = viewer::build_mesh(l, {thin}, {0, 0}, 1.0f, std::nullopt);
  EXPECT_EQ(a.thin_lines.size(), 4u);
  EXPECT_TRUE(a.lines.empty());
  const auto b = viewer::build_mesh(l, {wide}, {0, 0}, 1.0f, std::nullopt);
  EXPECT_EQ(b.lines.size(), 12u);
  EXPECT_TRUE(b.thin_lines.empty());
}
