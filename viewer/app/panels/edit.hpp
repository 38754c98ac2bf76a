// Edit window: what-if editing of one point layer (stops, facilities, proposals) on the map. Left click
// adds a point, a drag moves one, a selected point goes with Delete, Ctrl+Z / Ctrl+Y undo and redo; the
// edits live in a viewer::EditSession (core/edit.hpp) whose state is copied into the map layer after each
// change, so the Coverage tab (and the Isochrones tab when its origins are this layer) recompute on it.
// Save writes the edited layer to a new GeoPackage; the file it was read from is never changed.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <string>

#include "../../core/edit.hpp"

namespace viewer {

struct AppState;

struct EditPanel {
  std::string layer;                     // the edited layer's name; empty: not editing
  std::unique_ptr<EditSession> session;  // set while editing
  std::uint64_t shown_revision = 0;      // the session revision last copied into the map layer
  std::uint64_t measured_revision = 0;   // the revision the slower results (isochrones) last ran on
  bool grabbed = false;                  // the mouse press in progress holds a point
  char save_path[512] = "";
  bool confirm_overwrite = false;  // the save path exists: the next Save replaces it
  std::string message;
  std::string startup_layer;  // --edit: edited once the first load is in
};

// Starts editing the point layer of that name (a running session on another layer ends, keeping its
// edits on the map). Returns false with a reason.
bool start_edit(AppState& app, const std::string& layer, std::string* why);
// Ends edit mode; the edited features stay on the map.
void stop_edit(AppState& app);
bool editing(const AppState& app);

// The canvas's pointer in edit mode (world coordinates). edit_press returns true when it grabbed a point
// (the drag then moves it instead of panning); edit_click adds a point where a click fell on empty map.
bool edit_press(AppState& app, plan::XY world);
void edit_drag(AppState& app, plan::XY world);
void edit_release(AppState& app);
void edit_click(AppState& app, plan::XY world);
// Delete / Backspace removes the selection, Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes (GLFW key codes).
void edit_key(AppState& app, int key, bool ctrl, bool shift);

// Once per frame: copies a changed session into its map layer and re-runs the results that use it.
void sync_edits(AppState& app);
// The window, and the selection ring on the map.
void edit_window(AppState& app);
void draw_edit_overlay(AppState& app, ImDrawList* dl);

}  // namespace viewer
