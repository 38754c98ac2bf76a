// Indicators panel: the plan's indicator table with targets and status for a chosen year, from
// plan::load_plan and plan::build_report on a worker thread. Compiled only when the plan model is part of
// the build (plan/report.hpp present); otherwise the Analysis panel says what is missing.
#pragma once

#if __has_include("plan/report.hpp")
#define PLAN_VIEWER_HAS_PLAN_MODEL 1
#include <optional>
#include <string>

#include "jobs.hpp"
#include "plan/report.hpp"
#endif

#include <string>
#include <vector>

namespace viewer {

struct AppState;

#ifdef PLAN_VIEWER_HAS_PLAN_MODEL
struct IndicatorsPanel {
  std::string plan_path;  // the first opened folder that is a plan (has plan.json)
  int year = 2025;
  bool use_coverage = true;  // judge the stop-coverage indicator by the Coverage panel's last result
  bool requested = false;    // inputs changed while a run was going
  Job<plan::Report> job;
  std::optional<plan::Report> report;
  std::string error;
};
#endif

// Starts building the indicator report of the opened plan (no-op without the plan model or a plan).
void start_indicators(AppState& app);
// Takes a finished report; starts the next one when inputs changed meanwhile.
void poll_indicators(AppState& app);
// Sources given to the viewer: the first that is a plan folder (has plan.json) is the plan to assess.
void indicators_sources_added(AppState& app, const std::vector<std::string>& paths);
// The tab's contents inside the Analysis window.
void indicators_tab(AppState& app);

}  // namespace viewer
