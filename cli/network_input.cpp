#include "network_input.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "common_options.hpp"
#include "plan/error.hpp"
#include "timings.hpp"

namespace cli {

void apply_osm_layer_defaults(Args& args, const std::vector<std::string>& line_options,
                              const std::vector<std::string>& point_options,
                              const std::vector<std::string>& place_options) {
  auto add = [&](const std::string& name, const char* layer) {
    const auto v = args.get(name);
    if (v && plan::is_osm_source(*v) && !args.get(name + "-layer")) args.set_default(name + "-layer", layer);
  };
  for (const auto& n : line_options) add(n, "lines");
  for (const auto& n : point_options) add(n, "points");
  for (const auto& n : place_options) add(n, "points,multipolygons");
}

plan::TravelMode travel_mode(const Args& args) {
  const std::string mode = args.get("mode").value_or("walk");
  if (mode == "walk") return plan::TravelMode::Walk;
  if (mode == "drive") return plan::TravelMode::Drive;
  throw plan::UsageError("--mode must be walk or drive, not '" + mode + "'");
}

TravelOptions travel_options(const Args& args) {
  TravelOptions t;
  t.mode = travel_mode(args);
  if (t.drive() && args.get("speed-kmh"))
    throw plan::UsageError(
        "--speed-kmh is the walking speed; with --mode drive speeds come from the road "
        "classes and maxspeed tags");
  t.speed_kmh = args.number("speed-kmh", 4);
  if (!(t.speed_kmh > 0)) throw plan::UsageError("--speed-kmh must be positive");
  t.max_snap_m = args.number("max-snap", plan::kDefaultMaxSnapM);
  if (!(t.max_snap_m >= 0)) throw plan::UsageError("--max-snap must not be negative");
  return t;
}

void add_network_command_options(Args& args, const std::string& writes) {
  args.add_input("network", "the street network: any OGR line layer, or an OSM file (.osm, .pbf)");
  add_speed_option(args);
  add_max_snap_option(args, plan::kDefaultMaxSnapM);
  add_largest_component_option(args);
  add_crs_options(args);
  add_lonlat_offset_options(args);
  add_output_options(args, writes);
  add_max_memory_option(args);
  add_timings_option(args);
}

NetworkInput read_network(const Args& args, Inputs& inputs, plan::TravelMode mode) {
  NetworkInput in;
  in.source = args.require("network");
  plan::Layer lines = inputs.read(args, "network", plan::GeometryKind::Line);
  Phase phase("build");
  plan::StreetNetwork net = plan::street_network(std::move(lines), mode);
  in.network = std::move(net.network);
  in.osm = net.osm;
  in.osm_report = net.osm_report;
  in.drive_report = net.drive_report;
  return in;
}

Places read_places(const Args& args, Inputs& inputs, const std::string& name) {
  std::vector<std::string> layers;
  for (const std::string& l : split_list(args.get(name + "-layer").value_or("")))
    if (!l.empty()) layers.push_back(l);
  std::vector<plan::Layer> parts;
  if (layers.size() > 1)
    for (const std::string& l : layers) parts.push_back(inputs.read(args, name, std::nullopt, l));
  else
    parts.push_back(inputs.read(args, name, std::nullopt));
  return plan::places(std::move(parts));
}

nlohmann::ordered_json network_json(const NetworkInput& in) {
  const plan::NetworkSummary& s = in.network.summary();
  nlohmann::ordered_json network = {
      {"nodes", s.nodes}, {"edges", s.edges}, {"total_km", s.total_km}, {"components", s.components}};
  if (in.network.mode() != plan::TravelMode::Drive) return network;
  const plan::DriveNetworkReport& d = in.drive_report;
  network["arcs"] = s.arcs;
  network["oneway_edges"] = s.oneway_edges;
  network["lines_read"] = d.lines;
  network["lines_drivable"] = d.kept;
  network["lines_closed_to_cars"] = d.not_drivable;
  network["oneway_lines"] = d.oneway_lines;
  network["maxspeed_used"] = d.maxspeed_used;
  network["maxspeed_ignored"] = d.maxspeed_ignored;
  return network;
}

void print_network(const NetworkInput& in) {
  const plan::NetworkSummary& s = in.network.summary();
  std::printf(
      "  network           %zu nodes, %zu edges, %.1f km, %zu %sconnected component(s) (largest %zu nodes)\n",
      s.nodes, s.edges, s.total_km, s.components,
      in.network.mode() == plan::TravelMode::Drive ? "strongly " : "", s.largest_component_nodes);
  if (in.network.mode() == plan::TravelMode::Drive) {
    const plan::DriveNetworkReport& r = in.drive_report;
    std::printf("  road lines        %zu read, %zu drivable kept, %zu not highways, %zu closed to cars\n",
                r.lines, r.kept, r.not_highway, r.not_drivable);
    std::printf(
        "  driving           %zu arcs, %zu one-way (%zu one-way lines); maxspeed tags: %zu used, %zu "
        "ignored (class speed used instead)\n",
        s.arcs, s.oneway_edges, r.oneway_lines, r.maxspeed_used, r.maxspeed_ignored);
    if (!r.maxspeed_ignored_values.empty()) {
      std::printf("  ignored maxspeed ");
      for (const std::string& v : r.maxspeed_ignored_values) std::printf(" \"%s\"", v.c_str());
      std::printf("\n");
    }
    return;
  }
  if (in.osm)
    std::printf("  OSM lines         %zu read, %zu walkable kept, %zu not highways, %zu closed to walkers\n",
                in.osm_report.lines, in.osm_report.kept, in.osm_report.not_highway,
                in.osm_report.not_walkable);
}

Progress::Progress(std::string label) : label_(std::move(label)), tty_(isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() {
  if (tty_ && last_ >= 0) std::fputc('\n', stderr);
}

void Progress::operator()(double fraction) {
  if (!tty_) return;
  const int pct = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100);
  if (pct == last_) return;
  last_ = pct;
  const int bar = pct * 30 / 100;
  std::fprintf(stderr, "\r%-12s [%.*s%*s] %3d%%", label_.c_str(), bar, "##############################",
               30 - bar, "", pct);
  std::fflush(stderr);
}

}  // namespace cli
