#include "network_input.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "plan/error.hpp"
#include "timings.hpp"

namespace cli {

Arguments with_osm_layer_defaults(const Arguments& argv, const std::vector<std::string>& line_options,
                                  const std::vector<std::string>& point_options,
                                  const std::vector<std::string>& place_options) {
  Arguments out = argv;
  auto value_of = [&](const std::string& name) -> std::optional<std::string> {
    for (std::size_t i = 0; i < argv.size(); ++i) {
      if (argv[i] == "--" + name && i + 1 < argv.size()) return argv[i + 1];
      if (argv[i].rfind("--" + name + "=", 0) == 0) return argv[i].substr(name.size() + 3);
    }
    return std::nullopt;
  };
  auto add = [&](const std::string& name, const char* layer) {
    const auto v = value_of(name);
    if (v && plan::is_osm_source(*v) && !value_of(name + "-layer")) {
      out.push_back("--" + name + "-layer");
      out.push_back(layer);
    }
  };
  for (const auto& n : line_options) add(n, "lines");
  for (const auto& n : point_options) add(n, "points");
  for (const auto& n : place_options) add(n, "points,multipolygons");
  return out;
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

std::set<std::string> network_command_options(std::set<std::string> own) {
  own.insert({"network", "network-layer", "network-where", "speed-kmh", "max-snap", "crs", "assume-crs",
              "gcj02", "bd09", "out", "max-memory"});
  return own;
}

std::set<std::string> network_command_flags(std::set<std::string> own) {
  own.insert({"overwrite", "json", "help", "largest-component"});
  return own;
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
