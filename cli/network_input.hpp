// Inputs shared by the network commands (reach, lifecircle, isochrone, coverage --metric network).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "plan/coverage.hpp"
#include "plan/layer.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"

namespace cli {

// OSM files hold several layers: unless the user names one, streets come from `lines` and points of
// interest from `points`. Returns the arguments with those defaults added.
Arguments with_osm_layer_defaults(const Arguments& argv, const std::vector<std::string>& line_options,
                                  const std::vector<std::string>& point_options);

struct NetworkInput {
  plan::Network network;
  std::string source;
  bool osm = false;
  plan::OsmNetworkReport osm_report;
};

// Reads --network (filtered to walkable ways when it is an OSM file) and builds the graph.
NetworkInput read_network(const Args& args, Inputs& inputs);

// One location per feature: a point feature's first point, or a polygon feature's centroid (of its
// largest part), so buildings or blocks can stand for homes.
struct Places {
  plan::Layer layer;
  std::vector<plan::XY> at;
};
Places read_places(const Args& args, Inputs& inputs, const std::string& name);

// "1 network: 12,345 nodes, ..." lines for the text report.
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
  std::function<void(double)> callback() { return [this](double f) { (*this)(f); }; }

 private:
  std::string label_;
  bool tty_;
  int last_ = -1;
};

}  // namespace cli
