// OpenStreetMap input through GDAL's OSM driver (.osm XML, .osm.pbf, gzip via /vsigzip/): the walkable
// street lines, and tag values that the default driver configuration keeps inside `other_tags`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "plan/io.hpp"
#include "plan/layer.hpp"

namespace plan {

// True for a path GDAL would open with its OSM driver: *.osm, *.pbf, *.osm.gz/.bz2 (and /vsigzip/ of one).
bool is_osm_source(const std::string& path);

// The key → value pairs of an `other_tags` field (HSTORE text: "k"=>"v","k2"=>"v2", with \" escapes).
std::map<std::string, std::string> parse_osm_other_tags(const std::string& text);

// Walking rule (as OSMnx's walk network): highway=* of a class people walk on (not motorways, construction,
// proposed, platforms, raceways ...), not motorroad=yes, not access=private/no unless foot=yes/designated/
// permissive, and not foot=no.
bool osm_walkable(const std::string& highway, const std::map<std::string, std::string>& other_tags);

struct OsmNetworkReport {
  std::size_t lines = 0;  // features of the `lines` layer
  std::size_t kept = 0;
  std::size_t not_highway = 0;   // waterways, railways, barriers ...
  std::size_t not_walkable = 0;  // highway classes closed to walkers, or access/foot tags forbid walking
};

// Keeps the walkable lines of a layer read from an OSM file's `lines` layer (fields highway, other_tags).
// Throws DataError naming the layer when it has no highway field.
Layer walkable_osm_lines(Layer lines, OsmNetworkReport* osm_report = nullptr);

// The walkable street lines of an OSM file (layer `lines`), in the metric CRS of `options` (layer and
// expect are overridden). Throws DataError as read_layer does.
Layer read_osm_walk_lines(const std::string& source, const ReadOptions& options, ReadReport* report = nullptr,
                          OsmNetworkReport* osm_report = nullptr);

// The text of `field` for every feature: the column when the layer has one and the feature's value is not
// null, else the key of the same name inside an `other_tags` column (OSM), else "". Throws DataError naming
// the layer when neither column exists.
std::vector<std::string> text_values(const Layer& layer, const std::string& field);

}  // namespace plan
