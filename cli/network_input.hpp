// Inputs shared by the network commands (reach, lifecircle, isochrone, coverage --metric network).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "plan/analysis.hpp"
#include "plan/coverage.hpp"
#include "plan/drive.hpp"
#include "plan/layer.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"

namespace cli {

// OSM files hold several layers: unless the user names one, streets come from `lines`, points from
// `points`, and places that may be mapped either way (a school is a node or a campus outline) from both
// `points` and `multipolygons`. Sets those defaults of --X-layer in the parsed `args`.
void apply_osm_layer_defaults(Args& args, const std::vector<std::string>& line_options,
                              const std::vector<std::string>& point_options,
                              const std::vector<std::string>& place_options = {});

struct NetworkInput {
  plan::Network network;
  std::string source;
  bool osm = false;
  plan::OsmNetworkReport osm_report;
  plan::DriveNetworkReport drive_report;  // driving networks only
};

// --mode walk|drive of the commands that offer it (walk when absent). Throws UsageError for other values.
plan::TravelMode travel_mode(const Args& args);

// What every network command reads the same way: --mode (walk|drive), --speed-kmh (walking only, default
// 4 km/h) and --max-snap (default 250 m). Throws UsageError for a bad value or a walking speed with drive.
struct TravelOptions {
  plan::TravelMode mode = plan::TravelMode::Walk;
  double speed_kmh = 4;
  double max_snap_m = plan::kDefaultMaxSnapM;
  bool drive() const { return mode == plan::TravelMode::Drive; }
};
TravelOptions travel_options(const Args& args);

// Declares the options that every network command takes besides its own: the --network input, the
// walking options (--speed-kmh, --max-snap), --largest-component, CRS and Chinese lon/lat handling,
// --out (which writes `writes`), --overwrite, --json, --max-memory and --timings.
void add_network_command_options(Args& args, const std::string& writes);

// Reads --network and builds the graph. Walking: an OSM file is filtered to walkable ways, any other line
// layer is taken whole. Driving: any layer is filtered to drivable roads by its highway/oneway/maxspeed ...
// tags (columns or OSM other_tags), see plan::drive_network_from_layer.
NetworkInput read_network(const Args& args, Inputs& inputs, plan::TravelMode mode = plan::TravelMode::Walk);

// One location per feature (plan::places): a point feature's first point, or a polygon feature's centroid
// (of its largest part), so buildings or blocks can stand for homes.
using Places = plan::Places;
// Reads --<name>. A comma-separated --<name>-layer (e.g. "points,multipolygons") reads each layer with the
// same --<name>-where and stacks them into one point layer: each feature becomes its location, keeps its
// own fields (the union of all layers' fields, null where a layer lacks one) and gains `source_layer`.
Places read_places(const Args& args, Inputs& inputs, const std::string& name);

// The --json "network" object: nodes, edges, total_km, components, and for a driving network its counts
// (arcs, one-way edges, lines kept and closed to cars, maxspeed tags used and ignored).
nlohmann::ordered_json network_json(const NetworkInput& in);

// "  network  12,345 nodes, ..." lines for the text report (driving: arcs, one-way edges, maxspeed tags).
void print_network(const NetworkInput& in);

// plan coverage --metric network: computes the network variant next to the straight-line result `straight`
// and prints or writes both.
int report_network_coverage(const Args& args, Inputs& inputs, const plan::CoverageInput& in,
                            const plan::CoverageOptions& options, const plan::CoverageResult& straight);

// A progress bar on stderr, drawn only when stderr is a terminal; call with the fraction done.
class Progress {
 public:
  explicit Progress(std::string label);
  ~Progress();
  void operator()(double fraction);
  std::function<void(double)> callback() {
    return [this](double f) { (*this)(f); };
  }

 private:
  std::string label_;
  bool tty_;
  int last_ = -1;
};

}  // namespace cli
