// Coverage tab: stop coverage (plan::compute_coverage, straight-line radius) of an area on a worker
// thread, re-run when an input changes; the covered and gap polygons join the map as layers.
#pragma once

#include <optional>
#include <string>

#include "jobs.hpp"
#include "plan/coverage.hpp"

namespace viewer {

struct AppState;

struct CoveragePanel {
  // Layer names, not indices: layers are inserted (results) and reordered while a panel is open.
  std::string stops, area, exclusions;  // empty: none
  float radius_m = 500;
  bool auto_run = true;
  bool requested = false;  // inputs changed while a run was going: run again when it ends
  Job<plan::CoverageResult> job;
  std::optional<plan::CoverageResult> result;
  std::string error;
  double seconds = 0;
};

// Starts a coverage run with the panel's inputs (picking defaults by layer name when unset).
void start_coverage(AppState& app);
// Takes a finished run: its polygons replace the previous coverage layers.
void poll_coverage(AppState& app);
// The tab's contents inside the Analysis window.
void coverage_tab(AppState& app);

}  // namespace viewer
