// What the viewer shows: layers read through plan::read_layer into one metric CRS, with their display
// state. Loading is plain library work, so it runs on a worker thread and is unit tested without GL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/layer.hpp"
#include "style.hpp"
#include "view.hpp"

namespace viewer {

struct MapLayer {
  plan::Layer data;
  std::vector<FeatureStyle> styles;  // one per feature, from the style rules
  BBox bbox;
  bool visible = true;
  float opacity = 1.0f;
  std::optional<Rgba> colour;  // user override of every feature's colour
  bool labels = true;
  int rank = 0;              // default drawing order
  std::size_t segments = 0;  // line segments, for the layer panel
  std::string source_crs;    // the CRS of the file it was read from (plan::ReadReport); empty: computed
};

// Styles and bounds of a freshly read layer.
MapLayer make_map_layer(plan::Layer layer);

struct LoadResult {
  std::vector<MapLayer> layers;
  std::vector<std::string> errors;    // one message per source or layer that failed, naming it
  std::vector<std::string> warnings;  // repairs, skips
  std::string crs;                    // the metric CRS everything was read into
};

// The files a path stands for: a directory gives its vector files (GeoJSON, GeoPackage, Shapefile,
// FlatGeobuf, OSM, KML, GML), sorted; when it has none, those of its immediate subdirectories. A file is
// itself.
std::vector<std::string> expand_source(const std::string& path);

// Reads every layer of every source into `crs` (empty: the UTM zone of the first layer read). A source
// that mixes geometry kinds in one layer gives one layer per kind ("facts (points)", "facts (lines)").
// OSM's relation layer is left out. Never throws for bad input: failures go to LoadResult::errors.
LoadResult load_sources(const std::vector<std::string>& paths, const std::string& crs);

// The default plan folder when none is given: data/heze under the current directory, else under the
// source tree the viewer was built from.
std::string default_plan_path(const std::string& source_dir);

}  // namespace viewer
