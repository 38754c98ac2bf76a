// Saving and loading: folder → GeoPackage → folder keeps every feature, field and coordinate.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "plan/plan.hpp"
#include "plan_test_util.hpp"

using plan_test::TempDir;

namespace {

// Largest distance between corresponding vertices of two geometries, or infinity when their shapes differ.
double max_vertex_gap_m(const plan::Geometry& a, const plan::Geometry& b) {
  std::vector<plan::XY> pa, pb;
  auto flatten = [](const plan::Geometry& g, std::vector<plan::XY>& out) {
    out.insert(out.end(), g.points.begin(), g.points.end());
    for (const auto& l : g.lines) out.insert(out.end(), l.begin(), l.end());
    for (const auto& p : g.polygons) {
      out.insert(out.end(), p.outer.begin(), p.outer.end());
      for (const auto& h : p.holes) out.insert(out.end(), h.begin(), h.end());
    }
  };
  flatten(a, pa);
  flatten(b, pb);
  if (a.kind != b.kind || pa.size() != pb.size()) return INFINITY;
  double gap = 0;
  for (std::size_t i = 0; i < pa.size(); ++i)
    gap = std::max(gap, std::hypot(pa[i].x - pb[i].x, pa[i].y - pb[i].y));
  return gap;
}

void expect_same_layers(const plan::Plan& a, const plan::Plan& b) {
  const std::vector<plan::Layer> la = plan::plan_layers(a), lb = plan::plan_layers(b, a.crs);
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t i = 0; i < la.size(); ++i) {
    SCOPED_TRACE(la[i].name);
    ASSERT_EQ(la[i].features.size(), lb[i].features.size());
    for (std::size_t f = 0; f < la[i].features.size(); ++f) {
      EXPECT_EQ(la[i].features[f].values, lb[i].features[f].values) << "feature " << f;
      EXPECT_LT(max_vertex_gap_m(la[i].features[f].geometry, lb[i].features[f].geometry), 1e-3)
          << "feature " << f;
    }
  }
}

}  // namespace

TEST(PlanRoundTrip, FolderToGeoPackageToFolderKeepsEverything) {
  const plan::Plan original = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  TempDir dir("roundtrip");
  const std::string gpkg = dir / "heze.gpkg";
  plan::save_plan(original, gpkg, {});
  const plan::Plan from_gpkg = plan::load_plan(gpkg, {});
  EXPECT_EQ(from_gpkg.crs, original.crs);
  expect_same_layers(original, from_gpkg);
  EXPECT_EQ(from_gpkg.meta.json, original.meta.json);
  ASSERT_EQ(from_gpkg.indicators.size(), original.indicators.size());
  for (std::size_t i = 0; i < original.indicators.size(); ++i) {
    EXPECT_EQ(from_gpkg.indicators[i].id, original.indicators[i].id);
    EXPECT_EQ(from_gpkg.indicators[i].name_zh, original.indicators[i].name_zh);
    EXPECT_EQ(from_gpkg.indicators[i].target_2035.has_value(),
              original.indicators[i].target_2035.has_value());
  }

  const std::string folder = dir / "heze-again";
  plan::save_plan(from_gpkg, folder, {});
  const plan::Plan from_folder = plan::load_plan(folder, {});
  expect_same_layers(original, from_folder);
  EXPECT_EQ(from_folder.meta.json, original.meta.json);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(folder) / "settlements.geojson"));
}

TEST(PlanRoundTrip, SavingRefusesToClobberOrToReplaceTheInput) {
  const plan::Plan heze = plan::load_plan(PLAN_SOURCE_DIR "/data/heze", {});
  TempDir dir("clobber");
  const std::string gpkg = dir / "heze.gpkg";
  plan::save_plan(heze, gpkg, {});
  EXPECT_THROW(plan::save_plan(heze, gpkg, {}), plan::UsageError);
  plan::WriteOptions overwrite;
  overwrite.overwrite = true;
  EXPECT_NO_THROW(plan::save_plan(heze, gpkg, overwrite));
  EXPECT_THROW(plan::save_plan(heze, PLAN_SOURCE_DIR "/data/heze", overwrite), plan::UsageError);
  // No temporary files are left behind.
  std::size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    entries += e.path().filename().string()[0] != '.';
  EXPECT_EQ(entries, 1u);
}
