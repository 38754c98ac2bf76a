// What-if editing: the viewer core's EditSession driven with the actions a user's clicks make (press, drag,
// release, add, delete, undo, redo), checked against hand-computed coordinates, distances and areas.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include "edit.hpp"
#include "plan/coverage.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"

namespace fs = std::filesystem;
using viewer::EditSession;

namespace {

plan::Layer points_layer(const std::vector<plan::XY>& pts) {
  plan::Layer l;
  l.name = "bus_stops";
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Point;
  l.fields = {{"name", plan::FieldType::String}};
  for (std::size_t i = 0; i < pts.size(); ++i)
    l.features.push_back({std::int64_t(10 + i),
                          plan::Geometry::point(pts[i]),
                          {plan::Value(std::string("s") + char('A' + i))}});
  return l;
}

void expect_points(const EditSession& s, const std::vector<plan::XY>& want) {
  const std::vector<plan::XY> got = s.points();
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_DOUBLE_EQ(got[i].x, want[i].x) << "point " << i;
    EXPECT_DOUBLE_EQ(got[i].y, want[i].y) << "point " << i;
  }
}

struct TempDir {
  fs::path path;
  explicit TempDir(const char* name)
      : path(fs::temp_directory_path() /
             (std::string("viewer_edit_") + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string read_bytes(const fs::path& p) {
  std::stringstream s;
  s << std::ifstream(p, std::ios::binary).rdbuf();
  return s.str();
}

}  // namespace

TEST(EditSession, OnlyPointLayersCanBeEdited) {
  plan::Layer lines;
  lines.name = "streets";
  lines.kind = plan::GeometryKind::Line;
  EXPECT_THROW(EditSession{lines}, plan::UsageError);
}

TEST(EditSession, AddMoveDeleteUndoRedoGiveTheKnownCoordinates) {
  EditSession s(points_layer({{0, 0}, {100, 0}}));
  EXPECT_FALSE(s.can_undo());
  EXPECT_EQ(s.add({500, 500}), 2u);
  EXPECT_EQ(s.selected(), std::optional<std::size_t>(2));
  EXPECT_EQ(s.layer().features[2].id, 12);  // one more than the largest id (10, 11)
  ASSERT_EQ(s.layer().features[2].values.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(s.layer().features[2].values[0]));
  EXPECT_TRUE(s.move(0, {10, 20}));
  EXPECT_TRUE(s.remove(1));
  expect_points(s, {{10, 20}, {500, 500}});
  EXPECT_EQ(s.selected(), std::optional<std::size_t>(1));  // the added stop, now one place earlier

  ASSERT_TRUE(s.undo());  // the deletion: the stop is back at its place with its attributes
  expect_points(s, {{10, 20}, {100, 0}, {500, 500}});
  EXPECT_EQ(std::get<std::string>(s.layer().features[1].values[0]), "sB");
  EXPECT_EQ(s.layer().features[1].id, 11);
  ASSERT_TRUE(s.undo());  // the move
  expect_points(s, {{0, 0}, {100, 0}, {500, 500}});
  ASSERT_TRUE(s.undo());  // the addition
  expect_points(s, {{0, 0}, {100, 0}});
  EXPECT_FALSE(s.selected());
  EXPECT_FALSE(s.undo());

  ASSERT_TRUE(s.redo());
  ASSERT_TRUE(s.redo());
  expect_points(s, {{10, 20}, {100, 0}, {500, 500}});
  EXPECT_TRUE(s.can_redo());
  s.add({-50, 7});  // a new edit drops what was undone
  EXPECT_FALSE(s.can_redo());
  expect_points(s, {{10, 20}, {100, 0}, {500, 500}, {-50, 7}});
  EXPECT_EQ(s.undo_depth(), 3u);
}

TEST(EditSession, ADragMovesThePointWithTheCursorAndIsOneUndo) {
  EditSession s(points_layer({{0, 0}, {100, 0}}));
  // Pressed 2 m east and 1 m north of the stop at (100, 0), within a tolerance of 6 m.
  ASSERT_TRUE(s.press({102, 1}, 6));
  EXPECT_EQ(s.selected(), std::optional<std::size_t>(1));
  s.drag_to({150, 1});
  expect_points(s, {{0, 0}, {148, 0}});  // live, keeping the grab offset (−2, −1)
  s.drag_to({202, 51});
  expect_points(s, {{0, 0}, {200, 50}});
  EXPECT_TRUE(s.release());
  EXPECT_EQ(s.undo_depth(), 1u);
  ASSERT_TRUE(s.undo());
  expect_points(s, {{0, 0}, {100, 0}});
  ASSERT_TRUE(s.redo());
  expect_points(s, {{0, 0}, {200, 50}});

  // A press and release without movement selects and makes no command.
  ASSERT_TRUE(s.press({0, 3}, 6));
  EXPECT_FALSE(s.release());
  EXPECT_EQ(s.undo_depth(), 1u);
  EXPECT_EQ(s.selected(), std::optional<std::size_t>(0));
  // A press on empty map grabs nothing and clears the selection.
  EXPECT_FALSE(s.press({50, 50}, 6));
  EXPECT_FALSE(s.selected());
  s.drag_to({60, 60});
  EXPECT_FALSE(s.release());
  expect_points(s, {{0, 0}, {200, 50}});
}

TEST(EditSession, HitTestingIsWithinPixelsAtTheCurrentZoom) {
  EditSession s(points_layer({{0, 0}, {30, 0}}));
  viewer::MapView v;
  v.centre = {0, 0};
  v.metres_per_pixel = 2;
  v.width_px = 1000;
  v.height_px = 800;  // (0, 0) is at pixel (500, 400); (30, 0) at (515, 400)
  EXPECT_EQ(s.hit(v, {505, 400}, 6), std::optional<std::size_t>(0));  // 5 px = 10 m from the first
  EXPECT_EQ(s.hit(v, {500, 406}, 6), std::optional<std::size_t>(0));  // exactly 6 px
  EXPECT_FALSE(s.hit(v, {500, 407}, 6));                              // 7 px
  EXPECT_EQ(s.hit(v, {504, 403}, 6), std::optional<std::size_t>(0));  // 5 px diagonally (3-4-5)
  EXPECT_FALSE(s.hit(v, {495, 395}, 6));                              // √50 = 7.07 px
  // Within 10 px of both: the nearer one.
  EXPECT_EQ(s.hit(v, {509, 400}, 10),
            std::optional<std::size_t>(1));  // 6 px from the second, 9 from the first
  EXPECT_EQ(s.hit(v, {507, 400}, 10),
            std::optional<std::size_t>(0));  // 7 px from the first, 8 from the second
  // Zoomed out to 10 m per pixel the same 6 px reach 60 m.
  v.metres_per_pixel = 10;
  EXPECT_EQ(s.hit({0, 55}, 6 * v.metres_per_pixel), std::optional<std::size_t>(0));
  EXPECT_FALSE(s.hit({0, 61}, 6 * v.metres_per_pixel));
  // On equal distances the later feature (drawn on top) wins.
  EXPECT_EQ(s.hit({15, 0}, 20), std::optional<std::size_t>(1));
}

TEST(EditSession, TheDirtyFlagFollowsUndoAndSave) {
  EditSession s(points_layer({{0, 0}}));
  EXPECT_FALSE(s.dirty());
  s.add({1, 1});
  EXPECT_TRUE(s.dirty());
  s.undo();
  EXPECT_FALSE(s.dirty());  // back to the original
  s.redo();
  EXPECT_TRUE(s.dirty());
  s.mark_saved();
  EXPECT_FALSE(s.dirty());
  s.undo();
  EXPECT_TRUE(s.dirty());  // differs from what was saved
  s.redo();
  EXPECT_FALSE(s.dirty());
  s.undo();
  s.add({2, 2});  // another edit in place of the saved one
  EXPECT_TRUE(s.dirty());
  const std::uint64_t r = s.revision();
  s.press({2, 2}, 1);
  s.drag_to({3, 3});
  EXPECT_GT(s.revision(), r);  // each drag step counts, so the map redraws while dragging
}

TEST(EditSession, DeletingTheSelectionAndAcceptingSeveralAtOnce) {
  EditSession s(points_layer({{0, 0}, {100, 0}, {200, 0}}));
  EXPECT_FALSE(s.remove_selected());
  s.press({100, 0}, 1);
  s.release();
  ASSERT_TRUE(s.remove_selected());
  expect_points(s, {{0, 0}, {200, 0}});
  EXPECT_FALSE(s.selected());
  EXPECT_EQ(s.add_all({{300, 0}, {400, 0}, {500, 0}}), 2u);
  expect_points(s, {{0, 0}, {200, 0}, {300, 0}, {400, 0}, {500, 0}});
  ASSERT_TRUE(s.undo());  // one undo takes all three back
  expect_points(s, {{0, 0}, {200, 0}});
  EXPECT_FALSE(s.remove(7));
  EXPECT_FALSE(s.move(7, {1, 1}));
}

TEST(EditSession, AcceptedSitesCarryTheGivenFieldValuesAndLeaveTheRestEmpty) {
  plan::Layer l = points_layer({{0, 0}});
  l.fields.push_back({"category", plan::FieldType::String});
  l.features[0].values.push_back(plan::Value(std::string("market")));
  EditSession s(l);
  s.add_all({{100, 0}, {200, 0}},
            {{"category", plan::Value(std::string("elderly_care"))}, {"absent", plan::Value(1.0)}});
  ASSERT_EQ(s.layer().features.size(), 3u);
  for (std::size_t f : {1u, 2u}) {
    ASSERT_EQ(s.layer().features[f].values.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(s.layer().features[f].values[0]));  // name: empty
    EXPECT_EQ(std::get<std::string>(s.layer().features[f].values[1]), "elderly_care");
  }
  EXPECT_EQ(std::get<std::string>(s.layer().features[0].values[1]), "market");
}

TEST(EditSession, LiveCoverageEqualsARecomputationOnTheEditedStops) {
  // A 4 km × 2 km area, 500 m disks well inside it: each covers π·500² of 8 km².
  const double r = 500, disk = std::numbers::pi * r * r, area = 4000.0 * 2000.0;
  EditSession s(points_layer({{1000, 1000}}));
  plan::CoverageInput base;
  base.area = {plan::rectangle(0, 0, 4000, 2000)};
  plan::CoverageOptions o;
  o.radius_m = r;
  EXPECT_NEAR(viewer::coverage_with(s, base, o).area_ratio, disk / area, 1e-9);

  // A click on empty map at (3000, 1000) adds a stop; the coverage doubles.
  ASSERT_FALSE(s.press({3000, 1000}, 12));
  s.add({3000, 1000});
  const plan::CoverageResult live = viewer::coverage_with(s, base, o);
  plan::CoverageInput independent = base;
  independent.stops = {{1000, 1000}, {3000, 1000}};
  EXPECT_NEAR(live.area_ratio, plan::compute_coverage(independent, o).area_ratio, 1e-12);
  EXPECT_NEAR(live.area_ratio, 2 * disk / area, 1e-9);

  // Dragged to 500 m from the first: the lens 2r²·acos(d/2r) − (d/2)·√(4r² − d²) is counted once.
  ASSERT_TRUE(s.press({3000, 1000}, 12));
  s.drag_to({1500, 1000});
  s.release();
  const double d = 500, lens = 2 * r * r * std::acos(d / (2 * r)) - d / 2 * std::sqrt(4 * r * r - d * d);
  EXPECT_NEAR(viewer::coverage_with(s, base, o).covered_m2, 2 * disk - lens, 1e-6);
  independent.stops = {{1000, 1000}, {1500, 1000}};
  EXPECT_NEAR(viewer::coverage_with(s, base, o).area_ratio, plan::compute_coverage(independent, o).area_ratio,
              1e-12);
  // Undone twice: the single stop again.
  s.undo();
  s.undo();
  EXPECT_NEAR(viewer::coverage_with(s, base, o).area_ratio, disk / area, 1e-9);
}

TEST(EditSession, SavingWritesAGeoPackageAndNeverTouchesTheOriginal) {
  TempDir dir("save");
  const fs::path original = dir.path / "stops.geojson";
  std::ofstream(original) << R"({"type":"FeatureCollection","features":[]})";
  const std::string before = read_bytes(original);
  plan::Layer l = points_layer({{500000, 3900000}, {500100, 3900000}});
  l.source = original.string();
  EditSession s(l);
  s.move(1, {500250, 3900040});
  s.add({499900, 3899950});
  ASSERT_TRUE(s.dirty());

  // Never over the layer's own file nor over another input, even when overwriting is confirmed.
  EXPECT_THROW(viewer::save_edits(s, original.string(), {}, true), plan::UsageError);
  const fs::path other = dir.path / "area.geojson";
  std::ofstream(other) << "{}";
  EXPECT_THROW(viewer::save_edits(s, other.string(), {other.string()}, true), plan::UsageError);
  EXPECT_TRUE(s.dirty());

  const fs::path out = dir.path / "edited.gpkg";
  viewer::save_edits(s, out.string(), {other.string()}, false);
  EXPECT_FALSE(s.dirty());
  EXPECT_EQ(read_bytes(original), before);
  plan::ReadOptions ro;
  ro.target_crs = "EPSG:32650";
  const plan::Layer back = plan::read_layer(out.string(), ro);
  EXPECT_EQ(back.name, "bus_stops");
  const std::vector<plan::XY> p = plan::all_points(back);
  ASSERT_EQ(p.size(), 3u);
  const plan::XY want[] = {{500000, 3900000}, {500250, 3900040}, {499900, 3899950}};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(p[i].x, want[i].x, 1e-6);
    EXPECT_NEAR(p[i].y, want[i].y, 1e-6);
  }

  // An existing output only when confirmed.
  s.undo();
  EXPECT_THROW(viewer::save_edits(s, out.string(), {}, false), plan::UsageError);
  EXPECT_TRUE(s.dirty());
  viewer::save_edits(s, out.string(), {}, true);
  EXPECT_EQ(plan::all_points(plan::read_layer(out.string(), ro)).size(), 2u);
  // Nothing but the inputs and the output is left in the folder (no partial files).
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path)) ++files;
  EXPECT_EQ(files, 3u);
}
