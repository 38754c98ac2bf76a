// Suggest tab: where the next stops or the next community facilities should go.
//  - Stops: plan::propose_stops (greedy maximum coverage, exact gains: plan/proposals.hpp) on the current
//    stops (the edited layer while editing), the Coverage tab's area, exclusions and radius, and candidates
//    every `spacing` metres along a street layer (or a points layer).
//  - Facilities: plan::propose_facilities (the same greedy choice over walking catchments, as `plan
//    suggest-facilities`) for one GB 50180-2018 category: the facilities layer's points of that category
//    (the edited layer while editing it) count as there, homes within the threshold along the street
//    network count as reached, candidates every `facility_spacing` metres along the network's edges (or a
//    points layer). When the homes have the population field the choice maximises the people reached (as
//    `plan suggest-facilities --maximise population`), unless the tab is told to count homes.
// Both run on a worker thread with progress and cancel. The ranked proposals join the map as layer
// `proposals`, labelled with rank and gain; accepted ones go into the edited layer as one undoable edit
// (facilities with their category).
#pragma once

#include <imgui.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jobs.hpp"
#include "plan/proposals.hpp"

namespace viewer {

struct AppState;

enum class SuggestKind { Stops, Facilities };

struct SuggestOutput {
  SuggestKind kind = SuggestKind::Stops;
  plan::StopProposalResult result;          // stops
  plan::FacilityProposalResult facilities;  // facilities
  std::vector<plan::XY> sites;              // the proposals' positions in rank order (either kind)
  std::size_t candidates = 0;               // candidate sites given to the choice
  std::size_t stops = 0;                    // existing stops, or existing facilities of the category
  std::string stops_layer;                  // what the proposals were computed for (accepted ones go there)
  std::string category, category_field;     // facilities
  std::string network_layer;                // facilities: the walking network's line layer
  bool by_people = false;                   // facilities: maximised people (the homes' population field)
  std::shared_ptr<const plan::Network> network;  // and the network, kept for the next run
};

struct SuggestPanel {
  SuggestKind kind = SuggestKind::Stops;
  std::string stops, area, exclusions;  // empty: the edited layer / the Coverage tab's choices
  std::string streets;                  // candidates every spacing_m along it (empty: the street layer)
  std::string candidates;               // a points layer of candidate sites instead of the streets
  float spacing_m = 100;
  // Facilities.
  std::string facilities;  // points layer (empty: the edited layer with the category field, or 'facilities')
  std::string category_field = "category";      // its field naming each facility's category
  std::string homes;                            // points layer (empty: 'homes')
  std::string population_field = "population";  // on the homes, used when present
  bool by_people = true;           // with that field: maximise the people reached (else the homes)
  int category = 0;                // index into plan::gb50180_profile().categories
  float within_m = 0;              // 0: the category's GB 50180-2018 distance
  float facility_spacing_m = 200;  // candidates along the network's edges
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
  int startup_count = 0;   // --suggest-stops / --suggest-facilities: run once the first load is in
  int startup_accept = 0;  // --accept-proposals: accepted when that run ends
};

// The GB 50180-2018 category names, in the tab's order; the index of `name` among them, or nullopt.
std::optional<int> suggest_category_index(const std::string& name);
// Starts a run with the tab's inputs. Returns false with a reason when an input is missing.
bool start_suggest(AppState& app, std::string* why);
// Takes a finished run: its proposals replace the `proposals` layer.
void poll_suggest(AppState& app);
// Adds proposals first … first+n−1 (ranks from 1 at 0) that are not in the edited layer yet, as one edit
// (facilities with their category in the category field); starts editing the layer the proposals were
// computed for when nothing is being edited. Returns how many were added.
std::size_t accept_proposals(AppState& app, std::size_t first, std::size_t n);
// The tab's contents inside the Analysis window.
void suggest_tab(AppState& app);
// Rank and gain beside each proposal on the map; accepted ones ringed.
void draw_proposals(AppState& app, ImDrawList* dl);

}  // namespace viewer
