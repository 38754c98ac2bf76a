// QGIS styles for the layers libplan writes, so that an output GeoPackage opens as a readable map.
//
// Each style is a QML document as QGIS 3.22 writes it (a <qgis> element holding one renderer-v2). The
// writer stores them in the GeoPackage's layer_styles table, the table QGIS itself creates when a style is
// saved "in the database", one row per layer with useAsDefault = 1; QGIS loads that style when the layer is
// opened.
//
//   plan::WriteOptions w;
//   w.styles = {plan::coverage_style("covered", plan::CoverageClass::Covered),
//               plan::coverage_style("gaps", plan::CoverageClass::Gap)};
//   plan::write_layers("coverage.gpkg", {covered, gaps}, w);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "plan/geometry.hpp"

namespace plan {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
};

// The style of one layer: what write_layers stores in layer_styles (f_table_name = layer,
// styleName = name, description, styleQML = qml).
struct LayerStyle {
  std::string layer;
  std::string name;
  std::string description;
  std::string qml;
};

// One class of a graduated renderer: features whose field value v has lower <= v <= upper (QGIS's own
// rule: a value on a break belongs to the lower class).
struct StyleRange {
  double lower = 0, upper = 0;
  std::string label;
  Rgba color;
};

// One class of a categorized renderer: features whose field equals `value` (compared as text by QGIS).
struct StyleCategory {
  std::string value;
  std::string label;
  Rgba color;
};

// The QML of one symbol for every feature (fill with outline, line or circle marker by `kind`).
std::string single_symbol_qml(GeometryKind kind, Rgba color, Rgba outline);

// The QML of a graduated renderer on a numeric field. With `draw_largest_first`, features are drawn in
// descending order of the field, so nested bands (isochrones) show the small ones on top.
std::string graduated_qml(GeometryKind kind, const std::string& field, const std::vector<StyleRange>& ranges,
                          bool draw_largest_first = false);

// The QML of a categorized renderer on a field.
std::string categorized_qml(GeometryKind kind, const std::string& field,
                            const std::vector<StyleCategory>& categories);

// The styles of libplan's outputs.
enum class CoverageClass { Covered, Gap, NetworkCovered };

// Stop coverage: covered areas green, gaps red, the network-covered area blue (outline only).
LayerStyle coverage_style(const std::string& layer, CoverageClass which);

// Isochrones graded from green (nearest) to red (farthest), one band per threshold, graduated on `field`
// (threshold_m or threshold_s) whose values are `thresholds`; `unit_label` for the legend ("m" or "min"),
// `label_scale` converting a threshold into that unit (1 for metres, 1/60 for seconds to minutes).
LayerStyle isochrone_style(const std::string& layer, const std::string& field, std::vector<double> thresholds,
                           const std::string& unit_label, double label_scale);

// Homes coloured by distance class: graduated on `field` with classes bounded by `breaks` (sorted,
// positive; e.g. the GB 50180 circles 300, 500, 1000 m and the reach threshold), green to red, and a grey
// class beyond the last break. `unit_label` names the field's unit in the legend ("m" or "min").
LayerStyle distance_class_style(const std::string& layer, const std::string& field,
                                std::vector<double> breaks, const std::string& unit_label);

// The homes of a reach output: walking, distance classes on distance_m bounded by the GB 50180 life-circle
// distances (300, 500, 1000 m) and the threshold (metres); driving, classes on minutes at a third, two
// thirds and all of the threshold (seconds).
LayerStyle reach_style(const std::string& layer, bool drive, double threshold);

// Life-circle completeness: homes with every service of the profile within reach green, others red
// (categorized on `field`, 1 or 0).
LayerStyle completeness_style(const std::string& layer, const std::string& field = "complete");

// Proposals ranked: graduated on `field` (1 = best) in up to five classes from dark to light, for
// `count` proposals.
LayerStyle ranked_style(const std::string& layer, const std::string& field, std::size_t count);

}  // namespace plan
