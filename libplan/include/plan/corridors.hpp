// Travel times over a corridor network: railways and expressways ridden at their design speed, entered and
// left only at access points (stations, interchanges), a change of line costing a stated transfer time, and
// the trips from the origin to its access point and from the last access point to the destination at a
// stated feeder speed along the straight line times a detour factor.
//
// The model (every assumption a named option of CorridorOptions):
//   ride      along a line between two of its access points: the distance along the line / its design
//             speed (the line's own speed when given, else its class's from options.class_speed_kmh);
//   access    an access point serves every line of one of its classes that passes within attach_m; it is
//             placed on the line at the line's nearest point to it;
//   board     the first line: board_min (0 by default: no waiting, no timetable);
//   transfer  a change of line at one access point, or between access points within transfer_radius_m:
//             transfer_min;
//   feeder    origin → first access point and last access point → destination: straight-line distance ×
//             detour_factor at feeder_speed_kmh; with feeder_only_allowed the origin may also reach the
//             destination by feeder road alone, and the faster way counts.
// Design speeds are the top speeds a line is built for: the times are lower bounds of what timetables,
// stops, waiting and congestion give.
//
// The graph is a plan::Network (driving mode, costs in seconds) of schematic nodes: one node per line and
// access point it stops at, joined by ride edges along the line and by boarding edges (transfer_min / 2
// each) to one node per access point; plan::shortest_from searches it from every stop at its feeder time.
//
//   plan::CorridorOptions o;  o.class_speed_kmh = {{"high_speed_railway", 350}};
//   plan::CorridorModel m({{1, "HSR", "high_speed_railway", {}, {{0, 0}, {100000, 0}}}},
//                         {{"A", {0, 0}, {"high_speed_railway"}}, {"B", {100000, 0},
//                         {"high_speed_railway"}}}, o);
//   plan::CorridorTrip t = m.trips({0, 0}, {{100000, 0}})[0];   // t.minutes ≈ 17.1, t.lines {"HSR"}
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plan/geometry.hpp"
#include "plan/network.hpp"
#include "plan/routing.hpp"

namespace plan {

// One corridor line (metres in a projected CRS).
struct CorridorLine {
  std::int64_t id = 0;
  std::string name;
  std::string line_class;           // e.g. railway, high_speed_railway, expressway
  std::optional<double> speed_kmh;  // the line's own design speed; empty: its class's
  LineString line;
};

// A place where travel may enter or leave lines: a station (rail classes) or an interchange (expressway).
struct AccessPoint {
  std::string name;
  XY at;
  std::vector<std::string> classes;  // the line classes it gives access to
};

struct CorridorOptions {
  std::map<std::string, double> class_speed_kmh;  // design speed per line class, km/h
  double attach_m = 3000;    // an access point serves lines of its classes passing within this distance
  double transfer_min = 10;  // a change of line
  double transfer_radius_m = 1000;  // access points this close are one place for changing lines
  double board_min = 0;             // getting onto the first line (waiting, tickets): none by default
  double feeder_speed_kmh = 60;     // to and from the access points (JTG B01-2014 grade II: 80 or 60 km/h)
  double detour_factor = 1.3;       // road distance over straight-line distance on the feeder legs
  bool feeder_only_allowed = true;  // a trip may also go by feeder road alone
};

// One trip, origin to destination, by its fastest way.
struct CorridorTrip {
  double minutes = kUnreached;      // total
  double feeder_in_min = 0;         // origin → first access point (or the whole trip by feeder road)
  double ride_min = 0;              // on the lines
  double transfer_min = 0;          // changes of line and the first boarding
  double feeder_out_min = 0;        // last access point → destination
  std::vector<std::string> lines;   // the lines ridden, in order; empty: by feeder road alone (or, without
                                    // feeder_only_allowed, through one access point without riding)
  std::string board_at, alight_at;  // the first and last access points; empty by feeder road alone
};

// How one line is used by the model.
struct CorridorLineUse {
  std::string name;
  std::string line_class;
  double speed_kmh = 0;
  bool own_speed = false;          // the line's own speed (else its class's)
  std::vector<std::string> stops;  // access points serving it, in order along the line
  double length_km = 0;
};

class CorridorModel {
 public:
  // Builds the graph. Throws UsageError naming the line when its speed (own or class) is missing, not
  // positive or not finite, and for options out of range (speeds not positive, detour below 1, negative
  // times or distances). A line with fewer than two access points is kept but cannot be ridden
  // (CorridorLineUse::stops tells).
  CorridorModel(const std::vector<CorridorLine>& lines, const std::vector<AccessPoint>& access,
                const CorridorOptions& options);

  // The fastest trip from `origin` to each destination (metres, the lines' CRS). One search per call, in
  // a workspace the model keeps: calls on one model must not run concurrently.
  std::vector<CorridorTrip> trips(XY origin, const std::vector<XY>& destinations) const;

  const std::vector<CorridorLineUse>& lines() const { return uses_; }
  const CorridorOptions& options() const { return options_; }

 private:
  struct Stop {
    std::uint32_t node;
    std::uint32_t access;
    std::uint32_t edge;  // a ride edge at the node, for starting a search there
    bool at_edge_start;
  };
  CorridorOptions options_;
  std::vector<AccessPoint> access_;
  std::vector<CorridorLineUse> uses_;
  std::vector<Stop> stops_;                 // every (line, access point) stop that can be ridden from
  std::vector<std::uint32_t> node_access_;  // per node: its access point
  Network graph_;
  mutable ReachWorkspace ws_;
};

}  // namespace plan
