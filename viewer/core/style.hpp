// Cartographic rules: how a feature is drawn, from its layer name, geometry kind and the fields kind,
// status and tier of the plan-folder schema. Plain data, no GL, so the rules are unit tested.
//
// The palette follows Chinese planning-map conventions: urban structure (core, axes, poles, settlements)
// in reds, ecology in greens and blues, transport corridors by type, planned features dashed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/layer.hpp"

namespace viewer {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
  std::uint32_t packed() const {  // little-endian RGBA8, the layout GL reads as GL_UNSIGNED_BYTE × 4
    return std::uint32_t(r) | std::uint32_t(g) << 8 | std::uint32_t(b) << 16 | std::uint32_t(a) << 24;
  }
  Rgba with_alpha(std::uint8_t alpha) const { return {r, g, b, alpha}; }
};

enum class Symbol { Circle, Square, Triangle, Diamond, Star, DoubleCircle };

struct FeatureStyle {
  Rgba fill{0, 0, 0, 0};         // polygons: area colour; points: symbol colour
  Rgba stroke{60, 60, 60, 255};  // outlines and lines
  float stroke_width_px = 1;
  bool dashed = false;  // planned features
  Symbol symbol = Symbol::Circle;
  float symbol_size_px = 6;
  int label_priority = 0;  // 0: no label; larger labels win placement
  bool large_label = false;
  std::string legend;  // the legend entry this style belongs to
};

// What the rules look at for one feature.
struct StyleKey {
  std::string layer;  // layer name, e.g. "settlements"
  plan::GeometryKind geometry = plan::GeometryKind::Point;
  std::string kind;    // the kind field (or OSM highway/waterway/railway), empty when absent
  std::string status;  // "existing" | "planned" | empty
  int tier = 0;        // settlements: 1..4; 0 when absent
};

FeatureStyle style_for(const StyleKey& key);

// The StyleKey of a feature: reads kind (falling back to highway, waterway, railway), status and tier.
StyleKey style_key(const plan::Layer& layer, std::size_t feature);

// The text a feature is labelled with: name_zh, else name, else empty.
std::string label_text(const plan::Layer& layer, std::size_t feature);

// Drawing order of a layer: lower draws first (underneath). Polygons under lines under points; within a
// geometry kind, wide context layers (boundaries) under specific ones (core, poles).
int layer_rank(const std::string& layer_name, plan::GeometryKind geometry);

// A distinct default colour for a layer the rules do not know, stable for a given name.
Rgba generic_colour(const std::string& layer_name);

// One entry per distinct legend text among the features of the layer, in first-seen order.
struct LegendEntry {
  std::string text;
  plan::GeometryKind geometry;
  FeatureStyle style;
};
std::vector<LegendEntry> legend_entries(const plan::Layer& layer, const std::vector<FeatureStyle>& styles);

}  // namespace viewer
