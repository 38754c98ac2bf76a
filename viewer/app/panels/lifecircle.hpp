// Life-circle readout: the share of homes (and people) whose 15-minute life circle is complete, every
// GB 50180-2018 15-minute category (middle school, community health centre, elderly care, culture and
// sports) within its distance along the streets, by plan::compute_life_circles on a worker thread. It runs
// on the facilities layer (the edited one while editing it), the homes and the street layer's walking
// network, and re-runs after each edit of the facilities, as coverage does for the stops.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "jobs.hpp"
#include "plan/reach.hpp"

namespace viewer {

struct AppState;

struct LifeCircleOutput {
  plan::LifeCircleResult result;
  std::size_t facilities = 0;  // facilities read (of any category)
  std::string facilities_layer, network_layer;
  std::shared_ptr<const plan::Network> network;  // kept for the next run
};

struct LifeCirclePanel {
  std::string facilities;  // empty: the edited layer (with the category field) or 'facilities'
  std::string homes;       // empty: 'homes'
  std::string network;     // empty: the street layer
  std::string category_field = "category";      // on the facilities
  std::string population_field = "population";  // on the homes, used when present
  bool requested = false;  // the facilities changed while a run was going: run again when it ends
  Job<LifeCircleOutput> job;
  std::optional<LifeCircleOutput> result;
  std::string error;
  double seconds = 0;
};

// The facilities layer the readout measures (empty when there is none).
std::string life_circle_facilities(AppState& app);
// Starts a run (or asks for one after the current run). Returns false with a reason when an input is
// missing.
bool start_life_circles(AppState& app, std::string* why);
// Takes a finished run; starts a requested one.
void poll_life_circles(AppState& app);
// The readout and its Compute button (in the Suggest tab).
void life_circle_readout(AppState& app);

}  // namespace viewer
