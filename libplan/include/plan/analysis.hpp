// The steps every front end (the `plan` command, the Python package, the QGIS provider) takes from read
// layers to a measure, kept here once so that their figures agree to the last digit: where a feature
// stands as a place, which street network a line layer gives, and reach with per-category figures.
//
//   plan::StreetNetwork net = plan::street_network(lines, plan::TravelMode::Walk);
//   plan::Places homes = plan::places({plan::read_layer("homes.gpkg", opts)});
//   plan::ReachRun r = plan::compute_reach(net.network, facilities.at, {}, {}, homes.at, {}, 1000, {});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/coverage.hpp"
#include "plan/drive.hpp"
#include "plan/layer.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"
#include "plan/reach.hpp"

namespace plan {

// A feature's place: a point feature's first point, a polygon feature's centroid of its largest part
// (buildings or blocks standing for homes). Throws DataError naming the layer for a line layer.
std::vector<XY> place_locations(const Layer& layer);

// Places of one layer, or of several layers of one source stacked into one point layer.
struct Places {
  Layer layer;         // stacked: each feature's point, the union of the layers' fields + source_layer
  std::vector<XY> at;  // one place per feature of `layer`
  bool several_layers = false;
};
// One layer: its features as they are, with their places. Several (e.g. OSM's points and multipolygons,
// since a school is mapped as a node or as its grounds): one point layer whose features keep their own
// fields (null where a layer lacks one) and gain `source_layer`. Throws DataError for an empty list, a
// line layer, or a layer that already has a field source_layer when several are stacked.
Places places(std::vector<Layer> layers);

// The network a line layer gives for a travel mode. Walking: an OSM `lines` layer (Layer::source an OSM
// file) keeps its walkable ways (plan::walkable_osm_lines), any other layer is taken whole. Driving: the
// roads cars use, by their highway/oneway/maxspeed tags (plan::drive_network_from_layer). Throws
// DataError naming the layer when no usable line is left.
struct StreetNetwork {
  Network network;
  bool osm = false;                 // walking network filtered by OSM rules
  OsmNetworkReport osm_report;      // walking networks from OSM
  DriveNetworkReport drive_report;  // driving networks
};
StreetNetwork street_network(Layer lines, TravelMode mode);

// Reach of one category of facilities.
struct CategoryRun {
  std::string name;
  std::size_t facilities = 0;
  NearestFacilities
      nearest;  // facility indices are into this category's facilities (of ReachRun::used, in order)
  std::vector<char> covered;  // per home
  ReachShares shares;
};

struct ReachRun {
  std::vector<std::size_t> used;          // indices of the facilities that count (of the categories asked)
  std::vector<SnapPoint> facility_snaps;  // per used facility
  std::vector<SnapPoint> home_snaps;      // per home
  NearestFacilities nearest;              // per home, facility indices into `used`
  std::vector<char> covered;              // per home: nearest.cost <= threshold
  ReachShares shares;
  std::vector<CategoryRun> categories;  // per category when more than one category is asked
};

// Every home's nearest (walking) or fastest (driving) facility and the share within `threshold` (in the
// network's cost unit: metres walking, seconds driving). `facility_category` holds one value per
// facility, or is empty when every facility counts; `categories` lists the values that count (empty: all
// non-empty values); with more than one, each also gets its own figures. Points farther than max_snap_m
// from a street stay unsnapped (unreachable); with largest_component_only they snap only to the largest
// piece of the network. `population` is empty or one head count per home. Throws UsageError for sizes
// that differ or a negative max_snap_m; ReachRun::used is empty when no facility counts.
ReachRun compute_reach(const Network& network, const std::vector<XY>& facilities,
                       const std::vector<std::string>& facility_category,
                       const std::vector<std::string>& categories, const std::vector<XY>& homes,
                       const std::vector<double>& population, double threshold, double max_snap_m,
                       bool largest_component_only = false);

// Adds a population layer to a coverage input: polygons spread their `field` head count evenly over
// their area (a multipolygon's people over its parts by area), points count where they stand (a
// multipoint's people split evenly). Throws DataError naming layer, feature and field for a missing,
// non-numeric or negative value, or for a line layer.
void add_population(const Layer& layer, const std::string& field, CoverageInput& input);

}  // namespace plan
