// Driving networks: which roads cars use, in which directions, and how fast, from OSM-style tags.
//
// Tags come through plan::text_values, so an OSM file's `lines` layer (highway column, the rest inside
// other_tags) and a GeoPackage/Shapefile road layer with highway, oneway, maxspeed ... columns read alike.
//
//   plan::DriveNetworkReport r;
//   plan::Network net = plan::drive_network_from_layer(lines, &r);   // arc costs in seconds
//   plan::ReachWorkspace ws;
//   plan::NearestFacilities f = plan::nearest_facilities(net, hospitals, homes, ws);  // f.cost: seconds
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plan/layer.hpp"
#include "plan/network.hpp"

namespace plan {

// Free-flow speed (km/h) of a road class without a usable maxspeed tag; 0 for a class cars do not use.
// The table (and why) is in drive.cpp.
double default_speed_kmh(const std::string& highway);

// A maxspeed tag value in km/h: "60", "60 km/h", "50 mph", "50mph", "10 knots". std::nullopt for anything
// else (zone codes such as "CN:urban", "none", "signals", lists such as "60;80") and for values ≤ 0 or
// above 300 km/h.
std::optional<double> parse_maxspeed_kmh(const std::string& text);

// Drivable rule, after OSMnx's "drive_service" network filter: highway=* of a class cars use (motorway
// down to residential, living_street, service, road; not footway, path, steps, cycleway, pedestrian,
// track, bridleway, construction, proposed, platform ...), not area=yes, not service=parking_aisle|
// driveway|parking|private|alley|emergency_access, not access=private/no (unless motor_vehicle or
// motorcar allows it), not motor_vehicle=no or motorcar=no, not oneway=reversible/alternating (closed in
// an unknown direction half of the time, as OSRM's car profile treats them). `tags` holds the other keys.
bool osm_drivable(const std::string& highway, const std::map<std::string, std::string>& tags);

// The directions a car may drive along a line (forward: the line's vertex order): oneway=yes/true/1
// forward only, oneway=-1/reverse backward only, oneway=no/false/0 both; without an oneway tag,
// junction=roundabout/circular and highway=motorway are one-way forward (OSM's implied oneway).
RoadRule osm_road_directions(const std::string& highway, const std::string& oneway,
                             const std::string& junction);

struct DriveNetworkReport {
  std::size_t lines = 0;             // features read
  std::size_t kept = 0;              // drivable lines in the network
  std::size_t not_highway = 0;       // no highway value (waterways, railways ...)
  std::size_t not_drivable = 0;      // classes or tags closed to cars
  std::size_t oneway_lines = 0;      // kept lines drivable in one direction only
  std::size_t maxspeed_used = 0;     // kept lines whose maxspeed tag set the speed
  std::size_t maxspeed_ignored = 0;  // kept lines with an unreadable maxspeed (class speed used)
  std::vector<std::string> maxspeed_ignored_values;  // the distinct unreadable values, at most 10
};

// A driving network (TravelMode::Drive, arc costs in seconds) from a line layer in a metric CRS: the
// drivable lines (osm_drivable), their directions (osm_road_directions) and speeds (a readable maxspeed,
// else default_speed_kmh of the class). Tags are read with text_values: highway is required (a column or
// an OSM other_tags column); oneway, junction, maxspeed, access, motor_vehicle, motorcar, service and area
// count when present. Throws DataError naming the layer when it holds no lines or has no highway field.
Network drive_network_from_layer(const Layer& lines, DriveNetworkReport* report = nullptr);

}  // namespace plan
