// Suggest tab: where the next stops should go. Runs plan::propose_stops (greedy maximum coverage, exact
// gains: plan/proposals.hpp) on a worker thread with progress and cancel, on the current stops (the edited
// layer while editing), the Coverage tab's area, exclusions and radius, and candidates every `spacing`
// metres along a street layer (or a points layer). The ranked proposals join the map as layer
// `proposals`, labelled with rank and gain; accepted ones go into the edited layer as one undoable edit.
#pragma once

#include <imgui.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "jobs.hpp"
#include "plan/proposals.hpp"

namespace viewer {

struct AppState;

struct SuggestOutput {
  plan::StopProposalResult result;
  std::size_t candidates = 0;  // candidate sites given to the choice
  std::size_t stops = 0;       // existing stops
  std::string stops_layer;     // what the proposals were computed for
};

struct SuggestPanel {
  std::string stops, area, exclusions;  // empty: the edited layer / the Coverage tab's choices
  std::string streets;                  // candidates every spacing_m along it (empty: the street layer)
  std::string candidates;               // a points layer of candidate sites instead of the streets
  float spacing_m = 100;
  int count = 10;
  bool by_target = false;  // choose until target_pct is covered instead of `count` sites
  float target_pct = 100;
  int accept_count = 10;
  Job<SuggestOutput> job;
  std::shared_ptr<std::atomic<double>> progress = std::make_shared<std::atomic<double>>(0.0);
  std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
  std::optional<SuggestOutput> result;
  std::string error;
  double seconds = 0;
  int startup_count = 0;   // --suggest-stops: run once the first load is in
  int startup_accept = 0;  // --accept-proposals: accepted when that run ends
};

// Starts a run with the tab's inputs. Returns false with a reason when an input is missing.
bool start_suggest(AppState& app, std::string* why);
// Takes a finished run: its proposals replace the `proposals` layer.
void poll_suggest(AppState& app);
// Adds proposals first … first+n−1 (ranks from 1 at 0) that are not in the edited layer yet, as one edit;
// starts editing the stops layer the proposals were computed for when nothing is being edited. Returns
// how many were added.
std::size_t accept_proposals(AppState& app, std::size_t first, std::size_t n);
// The tab's contents inside the Analysis window.
void suggest_tab(AppState& app);
// Rank and gain beside each proposal on the map; accepted ones ringed.
void draw_proposals(AppState& app, ImDrawList* dl);

}  // namespace viewer
