// Elderly-care tab (indicator 16, 社区养老服务设施配建达标率): whether each residential community has the
// community elderly-care floor area the standard asks for within walking reach (Shandong: 20 m² per 100
// households within GB 50180-2018's five-minute circle, 300 m), by plan::floor_area_standard on a worker
// thread. It runs on the communities layer, the elderly-care facilities (the edited layer while editing
// it) and the street layer's walking network; the communities that fall short become the map layer
// elderly_care_short. It re-runs after each edit of the facilities, so a planner can add or move a centre
// and see the rate change.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "jobs.hpp"
#include "plan/provision.hpp"

namespace viewer {

struct AppState;

struct ElderlyCareOutput {
  plan::FloorAreaResult result;
  plan::Layer short_of_standard;  // the communities that do not meet it, with their figures
  std::size_t facilities = 0;
  std::string communities_layer, facilities_layer, network_layer;
  std::shared_ptr<const plan::Network> network;  // kept for the next run
};

struct ElderlyCarePanel {
  std::string communities;  // empty: 'communities'
  std::string facilities;   // empty: the edited layer (with the floor-area field) or 'elderly_care'
  std::string network;      // empty: the street layer
  std::string households_field = "households";
  std::string floor_area_field = "floor_area_m2";
  float m2_per_100_households = 20;  // Shandong's; other provinces ask for 30 on new areas
  float within_m = 300;              // GB 50180-2018's five-minute circle
  bool requested = false;            // the inputs changed while a run was going: run again when it ends
  Job<ElderlyCareOutput> job;
  std::optional<ElderlyCareOutput> result;
  std::string error;
  double seconds = 0;
};

// The tab's explanation of the measure (its Chinese terms join the font atlas).
extern const char* const kElderlyCareExplanation;

// The facilities layer the tab measures (empty when there is none).
std::string elderly_care_facilities(AppState& app);
// Starts a run (or asks for one after the current run). Returns false with a reason when an input is
// missing or its fields are not numbers.
bool start_elderly_care(AppState& app, std::string* why);
// Takes a finished run (its shortfall becomes the layer elderly_care_short); starts a requested one.
void poll_elderly_care(AppState& app);
// The tab's contents inside the Analysis window.
void elderly_care_tab(AppState& app);

}  // namespace viewer
