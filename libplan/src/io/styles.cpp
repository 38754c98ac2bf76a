// QML documents in the form QGIS 3.22 saves them (QgsMapLayer::exportNamedStyle with the Symbology
// category): renderer-v2 with its symbols, each symbol layer's properties as an <Option type="Map">.
#include "plan/styles.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace plan {

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);  // round-trips: a class bound equals the field's value
  return buf;
}

// A legend number: whole numbers and numbers from 100 up without decimals, others with one.
std::string short_number(double v) {
  char buf[64];
  if (std::fabs(v - std::round(v)) < 1e-9 || std::fabs(v) >= 100)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string color(Rgba c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," +
         std::to_string(c.a);
}

std::string option(const std::string& name, const std::string& value) {
  return "          <Option name=\"" + name + "\" type=\"QString\" value=\"" + xml_escape(value) + "\"/>\n";
}

const char* symbol_type(GeometryKind kind) {
  switch (kind) {
    case GeometryKind::Point:
      return "marker";
    case GeometryKind::Line:
      return "line";
    case GeometryKind::Polygon:
      return "fill";
  }
  return "fill";
}

const char* geometry_type_code(GeometryKind kind) {  // QgsWkbTypes::GeometryType
  switch (kind) {
    case GeometryKind::Point:
      return "0";
    case GeometryKind::Line:
      return "1";
    case GeometryKind::Polygon:
      return "2";
  }
  return "2";
}

// One <symbol> named `name` (its index in the renderer's <symbols>).
std::string symbol(GeometryKind kind, const std::string& name, Rgba fill, Rgba outline, bool filled = true) {
  std::string s = "      <symbol alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\" name=\"" + name +
                  "\" type=\"" + symbol_type(kind) + "\">\n";
  s += "        <data_defined_properties>\n"
       "          <Option type=\"Map\">\n"
       "            <Option name=\"name\" type=\"QString\" value=\"\"/>\n"
       "            <Option name=\"properties\"/>\n"
       "            <Option name=\"type\" type=\"QString\" value=\"collection\"/>\n"
       "          </Option>\n"
       "        </data_defined_properties>\n";
  switch (kind) {
    case GeometryKind::Point:
      s += "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
      s += "          <Option type=\"Map\">\n";
      s += option("angle", "0") + option("color", color(fill)) + option("horizontal_anchor_point", "1") +
           option("joinstyle", "bevel") + option("name", "circle") + option("offset", "0,0") +
           option("offset_unit", "MM") + option("outline_color", color(outline)) +
           option("outline_style", "solid") + option("outline_width", "0.2") +
           option("outline_width_unit", "MM") + option("scale_method", "diameter") + option("size", "2") +
           option("size_unit", "MM") + option("vertical_anchor_point", "1");
      break;
    case GeometryKind::Line:
      s += "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
      s += "          <Option type=\"Map\">\n";
      s += option("capstyle", "square") + option("joinstyle", "bevel") + option("line_color", color(fill)) +
           option("line_style", "solid") + option("line_width", "0.6") + option("line_width_unit", "MM") +
           option("offset", "0") + option("offset_unit", "MM");
      break;
    case GeometryKind::Polygon:
      s += "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
      s += "          <Option type=\"Map\">\n";
      s += option("color", color(fill)) + option("joinstyle", "bevel") + option("offset", "0,0") +
           option("offset_unit", "MM") + option("outline_color", color(outline)) +
           option("outline_style", "solid") + option("outline_width", "0.4") +
           option("outline_width_unit", "MM") + option("style", filled ? "solid" : "no");
      break;
  }
  s += "          </Option>\n        </layer>\n      </symbol>\n";
  return s;
}

std::string document(GeometryKind kind, const std::string& renderer) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis styleCategories=\"Symbology\" version=\"3.22.16-Białowieża\">\n" +
         renderer +
         "  <blendMode>0</blendMode>\n"
         "  <featureBlendMode>0</featureBlendMode>\n"
         "  <layerGeometryType>" +
         geometry_type_code(kind) + "</layerGeometryType>\n</qgis>\n";
}

Rgba darker(Rgba c) {
  return {static_cast<std::uint8_t>(c.r * 6 / 10), static_cast<std::uint8_t>(c.g * 6 / 10),
          static_cast<std::uint8_t>(c.b * 6 / 10), 255};
}

// Colours from green through yellow to red (ColorBrewer RdYlGn, reversed), `n` of them evenly spaced.
std::vector<Rgba> green_to_red(std::size_t n, std::uint8_t alpha) {
  static const Rgba ramp[] = {{26, 150, 65, 255},
                              {166, 217, 106, 255},
                              {255, 255, 191, 255},
                              {253, 174, 97, 255},
                              {215, 25, 28, 255}};
  std::vector<Rgba> out;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = n == 1 ? 0 : 4.0 * static_cast<double>(i) / static_cast<double>(n - 1);
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(t), 3);
    const double f = t - static_cast<double>(k);
    auto mix = [&](std::uint8_t a, std::uint8_t b) {
      return static_cast<std::uint8_t>(std::lround(a + (b - a) * f));
    };
    out.push_back(
        {mix(ramp[k].r, ramp[k + 1].r), mix(ramp[k].g, ramp[k + 1].g), mix(ramp[k].b, ramp[k + 1].b), alpha});
  }
  return out;
}

std::vector<double> sorted_positive(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !(x > 0) || !std::isfinite(x); }),
          v.end());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

std::string single_symbol_qml(GeometryKind kind, Rgba color, Rgba outline) {
  return document(
      kind,
      "  <renderer-v2 enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\" symbollevels=\"0\" "
      "type=\"singleSymbol\">\n    <symbols>\n" +
          symbol(kind, "0", color, outline, color.a > 0) +
          "    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n");
}

std::string graduated_qml(GeometryKind kind, const std::string& field, const std::vector<StyleRange>& ranges,
                          bool draw_largest_first) {
  std::string r = "  <renderer-v2 attr=\"" + xml_escape(field) + "\" enableorderby=\"" +
                  (draw_largest_first ? "1" : "0") +
                  "\" forceraster=\"0\" graduatedMethod=\"GraduatedColor\" referencescale=\"-1\" "
                  "symbollevels=\"0\" type=\"graduatedSymbol\">\n    <ranges>\n";
  for (std::size_t i = 0; i < ranges.size(); ++i)
    r += "      <range label=\"" + xml_escape(ranges[i].label) + "\" lower=\"" + number(ranges[i].lower) +
         "\" render=\"true\" symbol=\"" + std::to_string(i) + "\" upper=\"" + number(ranges[i].upper) +
         "\"/>\n";
  r += "    </ranges>\n    <symbols>\n";
  for (std::size_t i = 0; i < ranges.size(); ++i)
    r += symbol(kind, std::to_string(i), ranges[i].color, darker(ranges[i].color));
  r += "    </symbols>\n";
  r += "    <classificationMethod id=\"Manual\">\n"
       "      <symmetricMode astride=\"0\" enabled=\"0\" symmetrypoint=\"0\"/>\n"
       "      <labelFormat format=\"%1 - %2\" labelprecision=\"0\" trimtrailingzeroes=\"1\"/>\n"
       "      <parameters>\n        <Option/>\n      </parameters>\n"
       "      <extraInformation/>\n"
       "    </classificationMethod>\n";
  if (draw_largest_first)
    r += "    <orderby>\n      <orderByClause asc=\"0\" nullsFirst=\"0\">&quot;" + xml_escape(field) +
         "&quot;</orderByClause>\n    </orderby>\n";
  r += "    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
  return document(kind, r);
}

std::string categorized_qml(GeometryKind kind, const std::string& field,
                            const std::vector<StyleCategory>& categories) {
  std::string r = "  <renderer-v2 attr=\"" + xml_escape(field) +
                  "\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\" symbollevels=\"0\" "
                  "type=\"categorizedSymbol\">\n    <categories>\n";
  for (std::size_t i = 0; i < categories.size(); ++i)
    r += "      <category label=\"" + xml_escape(categories[i].label) + "\" render=\"true\" symbol=\"" +
         std::to_string(i) + "\" value=\"" + xml_escape(categories[i].value) + "\"/>\n";
  r += "    </categories>\n    <symbols>\n";
  for (std::size_t i = 0; i < categories.size(); ++i)
    r += symbol(kind, std::to_string(i), categories[i].color, darker(categories[i].color));
  r += "    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
  return document(kind, r);
}

LayerStyle coverage_style(const std::string& layer, CoverageClass which) {
  switch (which) {
    case CoverageClass::Covered:
      return {layer, "covered", "areas within reach of a stop",
              single_symbol_qml(GeometryKind::Polygon, {26, 150, 65, 140}, {26, 110, 50, 255})};
    case CoverageClass::Gap:
      return {layer, "gaps", "areas of the study area beyond reach of every stop",
              single_symbol_qml(GeometryKind::Polygon, {215, 25, 28, 140}, {160, 20, 20, 255})};
    case CoverageClass::NetworkCovered:
      return {layer, "network covered", "areas within reach of a stop along the network",
              single_symbol_qml(GeometryKind::Polygon, {0, 0, 0, 0}, {33, 102, 172, 255})};
  }
  return {};
}

LayerStyle isochrone_style(const std::string& layer, const std::string& field, std::vector<double> thresholds,
                           const std::string& unit_label, double label_scale) {
  thresholds = sorted_positive(std::move(thresholds));
  const std::vector<Rgba> colors = green_to_red(thresholds.size(), 150);
  std::vector<StyleRange> ranges;
  double lower = 0;
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    ranges.push_back({lower, thresholds[i],
                      "≤ " + short_number(thresholds[i] * label_scale) + " " + unit_label, colors[i]});
    lower = thresholds[i];
  }
  return {layer, "isochrone bands", "isochrones graded by threshold, nearest green",
          graduated_qml(GeometryKind::Polygon, field, ranges, true)};
}

LayerStyle distance_class_style(const std::string& layer, const std::string& field,
                                std::vector<double> breaks, const std::string& unit_label) {
  breaks = sorted_positive(std::move(breaks));
  const std::vector<Rgba> colors = green_to_red(breaks.size(), 255);
  std::vector<StyleRange> ranges;
  double lower = 0;
  for (std::size_t i = 0; i < breaks.size(); ++i) {
    const std::string label = i == 0
                                  ? "≤ " + short_number(breaks[i]) + " " + unit_label
                                  : short_number(lower) + " – " + short_number(breaks[i]) + " " + unit_label;
    ranges.push_back({lower, breaks[i], label, colors[i]});
    lower = breaks[i];
  }
  ranges.push_back({lower, 1e12, "> " + short_number(lower) + " " + unit_label, {150, 150, 150, 255}});
  return {layer, "distance classes", "homes coloured by distance class",
          graduated_qml(GeometryKind::Point, field, ranges)};
}

LayerStyle reach_style(const std::string& layer, bool drive, double threshold) {
  if (drive) {
    const double minutes = threshold / 60;
    return distance_class_style(layer, "minutes", {minutes / 3, 2 * minutes / 3, minutes}, "min");
  }
  return distance_class_style(layer, "distance_m", {300, 500, 1000, threshold}, "m");
}

LayerStyle completeness_style(const std::string& layer, const std::string& field) {
  return {layer, "life-circle completeness", "homes with every service of the life circle within reach",
          categorized_qml(GeometryKind::Point, field,
                          {{"1", "every service within reach", {26, 150, 65, 255}},
                           {"0", "some service out of reach", {215, 25, 28, 255}}})};
}

LayerStyle ranked_style(const std::string& layer, const std::string& field, std::size_t count) {
  const std::size_t classes = std::clamp<std::size_t>(count, 1, 5);
  static const Rgba purples[] = {{63, 0, 125, 255},
                                 {106, 81, 163, 255},
                                 {128, 125, 186, 255},
                                 {158, 154, 200, 255},
                                 {203, 201, 226, 255}};
  std::vector<StyleRange> ranges;
  std::size_t first = 1;
  for (std::size_t c = 0; c < classes; ++c) {
    // Ranks first..last, the classes as even as whole ranks allow.
    const std::size_t last =
        std::max<std::size_t>(first, (c + 1) * std::max<std::size_t>(count, 1) / classes);
    const std::string label = first == last ? "rank " + std::to_string(first)
                                            : "ranks " + std::to_string(first) + "–" + std::to_string(last);
    ranges.push_back({first - 0.5, last + 0.5, label, purples[c * 5 / classes]});
    first = last + 1;
  }
  return {layer, "ranked", "proposals ranked, the first darkest",
          graduated_qml(GeometryKind::Point, field, ranges)};
}

}  // namespace plan
