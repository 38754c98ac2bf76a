// What-if editing of a point layer (stops, facilities, proposals): add, select, move, delete, undo and redo
// on a copy of the layer, driven by the same pointer actions as the map canvas sends (press, drag,
// release, in world coordinates with a tolerance of a few pixels in metres). Plain data, no GL, so the
// tests drive it as a user's clicks do. The original file is never touched: save_edits writes a new one.
//
//   viewer::EditSession s(stops_layer);
//   s.press({100, 0}, 6 * view.metres_per_pixel);   // on a stop: selects and grabs it
//   s.drag_to({200, 50});                           // the stop follows the cursor
//   s.release();                                    // one Move command: undo() puts it back
//   s.add({500, 500});                              // a click on empty map adds a stop there
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plan/coverage.hpp"
#include "plan/layer.hpp"
#include "view.hpp"

namespace viewer {

struct EditCommand {
  enum class Kind { Add, Move, Delete };
  Kind kind = Kind::Add;
  std::uint64_t serial = 0;             // which edit this is (for the dirty flag)
  std::vector<plan::Feature> features;  // Add: the features appended (at the end); Delete: the one removed
  std::size_t index = 0;                // Move, Delete: the feature's index
  plan::XY from, to;                    // Move: the feature's first point before and after
};

class EditSession {
 public:
  // Edits a copy of `layer`, which must hold points (throws plan::UsageError otherwise).
  explicit EditSession(plan::Layer layer);

  const plan::Layer& layer() const { return layer_; }
  // Every point of every feature, in feature order (what coverage counts as the stops).
  std::vector<plan::XY> points() const;

  // The feature nearest to `at` with a point within `tolerance_m` metres (the cursor's few pixels times
  // the view's metres per pixel); on equal distances the later feature, which is drawn on top.
  std::optional<std::size_t> hit(plan::XY at, double tolerance_m) const;
  // The same at a screen position, within `tolerance_px` pixels at the view's zoom.
  std::optional<std::size_t> hit(const MapView& view, ScreenXY at, double tolerance_px) const;

  // Adds one point feature at `at` (new id: one more than the largest; every attribute empty) and selects
  // it. Returns its index.
  std::size_t add(plan::XY at);
  // Adds several features as one command (one undo removes them all), e.g. accepted proposals. Returns the
  // index of the first; selects nothing. `values` sets those fields of the new features (e.g. a facility's
  // category); names the layer lacks are ignored, the other fields stay empty.
  std::size_t add_all(const std::vector<plan::XY>& at,
                      const std::vector<std::pair<std::string, plan::Value>>& values = {});
  // Moves feature `index` so that its first point is at `to` (the other points of a multipoint keep their
  // offsets). False for an index out of range or no movement.
  bool move(std::size_t index, plan::XY to);
  // Deletes feature `index`; false when out of range.
  bool remove(std::size_t index);
  bool remove_selected();

  // Pointer actions. press: on a point (within tolerance_m) selects and grabs it and returns true;
  // elsewhere clears the selection and returns false. drag_to: the grabbed feature follows the cursor,
  // keeping the offset between cursor and point it had at the press (no command until release).
  // release: ends the grab; a grab that moved the feature becomes one Move command (returns true).
  bool press(plan::XY at, double tolerance_m);
  void drag_to(plan::XY at);
  bool release();
  bool grabbing() const { return grabbed_.has_value(); }

  std::optional<std::size_t> selected() const { return selected_; }
  void select(std::optional<std::size_t> index);

  bool can_undo() const { return !done_.empty(); }
  bool can_redo() const { return !undone_.empty(); }
  bool undo();
  bool redo();
  std::size_t undo_depth() const { return done_.size(); }

  // The layer differs from what was last saved (or, before any save, from the original): undoing back to
  // it makes the session clean again.
  bool dirty() const { return top_serial() != saved_serial_; }
  void mark_saved() { saved_serial_ = top_serial(); }
  // Grows on every change of the features (edits, undo, redo, each drag step), for callers that redraw or
  // recompute when it changes.
  std::uint64_t revision() const { return revision_; }

 private:
  void apply(const EditCommand& c, bool forward);
  void push(EditCommand c);
  std::uint64_t top_serial() const { return done_.empty() ? 0 : done_.back().serial; }
  void set_first_point(std::size_t index, plan::XY to);

  plan::Layer layer_;
  std::vector<EditCommand> done_, undone_;
  std::uint64_t next_serial_ = 1, saved_serial_ = 0, revision_ = 0;
  std::int64_t next_id_ = 0;
  std::optional<std::size_t> selected_;
  std::optional<std::size_t> grabbed_;
  plan::XY grab_from_;    // the grabbed feature's first point at the press
  plan::XY grab_offset_;  // that point minus the cursor at the press
};

// Stop coverage of the session's points: `base` with its stops replaced by them, measured by
// plan::compute_coverage (the same numbers the Coverage tab shows for the edited layer).
plan::CoverageResult coverage_with(const EditSession& session, plan::CoverageInput base,
                                   const plan::CoverageOptions& options);

// Writes the edited layer to `path` through plan::write_layers (a GeoPackage for .gpkg): atomically, in
// `crs` (the CRS of the file the layer was read from, MapLayer::source_crs: the points are reprojected back
// from the session's metric CRS; empty: the session's CRS), never over any of `inputs` (the files the scene
// was read from), and over an existing file only when `overwrite`. Marks the session saved. Throws
// plan::UsageError or plan::DataError.
void save_edits(EditSession& session, const std::string& path, const std::vector<std::string>& inputs,
                bool overwrite, const std::string& crs = {});

}  // namespace viewer
