#include "style.hpp"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <variant>

namespace viewer {
namespace {

using plan::GeometryKind;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string text_value(const plan::Layer& layer, std::size_t feature, const char* field) {
  auto i = layer.field_index(field);
  if (!i) return {};
  const plan::Value& v = layer.features[feature].values[*i];
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return {};
}

FeatureStyle line(Rgba colour, float width, const char* legend, int label = 0) {
  FeatureStyle s;
  s.stroke = colour;
  s.stroke_width_px = width;
  s.legend = legend;
  s.label_priority = label;
  return s;
}

FeatureStyle area(Rgba fill, Rgba stroke, float width, const char* legend, int label = 0) {
  FeatureStyle s;
  s.fill = fill;
  s.stroke = stroke;
  s.stroke_width_px = width;
  s.legend = legend;
  s.label_priority = label;
  return s;
}

FeatureStyle point(Rgba fill, Symbol symbol, float size, const char* legend, int label) {
  FeatureStyle s;
  s.fill = fill;
  s.stroke = {255, 255, 255, 255};
  s.symbol = symbol;
  s.symbol_size_px = size;
  s.legend = legend;
  s.label_priority = label;
  return s;
}

constexpr Rgba kRed{200, 30, 30, 255};
constexpr Rgba kDarkRed{150, 0, 20, 255};
constexpr Rgba kOrange{235, 120, 20, 255};
constexpr Rgba kRiver{40, 120, 200, 255};
constexpr Rgba kCanal{70, 160, 220, 255};
constexpr Rgba kGreen{60, 150, 60, 255};
constexpr Rgba kRail{50, 50, 50, 255};
constexpr Rgba kHsr{120, 40, 140, 255};
constexpr Rgba kExpressway{225, 110, 0, 255};
constexpr Rgba kRoad{190, 140, 60, 255};

// Rules keyed on the kind value, which the schema makes distinctive across layers.
std::optional<FeatureStyle> by_kind(const StyleKey& k) {
  const std::string& kind = k.kind;
  if (k.geometry == GeometryKind::Point) {
    if (kind == "central_city" || k.tier == 1) return point(kDarkRed, Symbol::Star, 22, "中心城市", 100);
    if (kind == "county_seat" || kind == "seat" || k.tier == 2)
      return point(kRed, Symbol::DoubleCircle, 13, "县城", 80);
    if (kind == "key_town" || k.tier == 3) return point(kOrange, Symbol::Circle, 9, "重点镇", 50);
    if (kind == "town" || k.tier == 4) return point({230, 150, 120, 255}, Symbol::Circle, 6, "一般镇", 20);
    if (kind == "pole") return point(kRed, Symbol::Diamond, 16, "增长极", 90);
    if (kind == "airport") return point({20, 90, 170, 255}, Symbol::Triangle, 16, "机场", 70);
    if (kind == "station") return point(kRail, Symbol::Square, 11, "火车站", 60);
    if (kind == "port") return point({20, 120, 180, 255}, Symbol::Diamond, 12, "港口", 55);
    if (kind == "eco_patch" || kind == "forest_park" || kind == "wetland_park" || kind == "scenic_area" ||
        kind == "forest_farm")
      return point(kGreen, Symbol::Circle, 10, "生态斑块", 30);
    if (kind == "dev_zone" || kind == "new_area")
      return point({140, 60, 160, 255}, Symbol::Square, 10, "园区/新区", 40);
    return std::nullopt;
  }
  if (k.geometry == GeometryKind::Line) {
    if (kind == "river") return line(kRiver, 2.5f, "河流", 25);
    if (kind == "river_old_course") return line({110, 170, 215, 255}, 2.0f, "故道", 20);
    if (kind == "canal") return line(kCanal, 2.0f, "运河", 20);
    if (kind == "green_corridor") return line({80, 170, 70, 200}, 5.0f, "生态廊道", 10);
    if (kind == "axis") return line({220, 40, 40, 200}, 6.0f, "发展轴", 0);
    if (kind == "high_speed_railway" || kind == "hsr" || kind == "hsr_planned")
      return line(kHsr, 3.5f, "高速铁路", 15);
    if (kind == "railway" || kind == "railway_planned" || kind == "rail")
      return line(kRail, 2.5f, "铁路", 10);
    if (kind == "expressway" || kind == "motorway" || kind == "motorway_link")
      return line(kExpressway, 3.5f, "高速公路", 10);
    if (kind == "national_road" || kind == "trunk" || kind == "trunk_link")
      return line(kRoad, 2.5f, "国道/干线", 5);
    if (kind == "primary" || kind == "primary_link") return line({200, 160, 90, 255}, 2.0f, "主干路", 3);
    if (kind == "secondary" || kind == "tertiary") return line({170, 160, 140, 255}, 1.5f, "次干路", 2);
    if (kind == "residential" || kind == "unclassified" || kind == "living_street" || kind == "service" ||
        kind == "road" || kind == "secondary_link" || kind == "tertiary_link")
      return line({185, 185, 185, 255}, 1.0f, "支路", 0);
    if (kind == "footway" || kind == "path" || kind == "pedestrian" || kind == "cycleway" ||
        kind == "steps" || kind == "track" || kind == "bridleway")
      return line({200, 190, 170, 255}, 1.0f, "步行道", 0);
    if (kind == "stream" || kind == "drain" || kind == "ditch") return line(kCanal, 1.0f, "水系", 0);
    return std::nullopt;
  }
  // Polygons.
  if (kind.rfind("isochrone_", 0) == 0) {
    // Walking isochrones, nested: the GB 50180-2018 life circles (300 / 500 / 1000 m) from near to far.
    const double t = std::atof(kind.c_str() + 10);
    const int i = t <= 300 ? 0 : t <= 500 ? 1 : t <= 1000 ? 2 : 3;
    static constexpr Rgba fills[] = {
        {0, 120, 80, 120}, {90, 170, 60, 100}, {240, 180, 40, 90}, {230, 110, 50, 80}};
    static constexpr Rgba strokes[] = {
        {0, 90, 60, 255}, {60, 130, 40, 255}, {190, 130, 20, 255}, {180, 70, 30, 255}};
    FeatureStyle s = area(fills[i], strokes[i], 1.2f, "", 0);
    s.legend = "步行等时圈 ≤ " + std::to_string(int(std::lround(t))) + " m";
    return s;
  }
  if (kind == "city") return area({250, 245, 230, 90}, {90, 60, 110, 255}, 2.5f, "市界", 0);
  if (kind == "district" || kind == "county")
    return area({0, 0, 0, 0}, {120, 100, 140, 255}, 1.2f, "区县界", 10);
  if (kind == "core") return area({220, 60, 50, 110}, kRed, 2.0f, "核心区", 60);
  if (kind == "belt") return area({240, 150, 80, 70}, kOrange, 1.5f, "城镇带", 0);
  if (kind == "barrier") return area({150, 120, 90, 90}, {120, 90, 60, 255}, 1.0f, "生态屏障", 0);
  if (kind == "forest_farm") return area({70, 140, 60, 150}, {40, 100, 40, 255}, 1.0f, "林场", 25);
  if (kind == "wetland_park") return area({80, 170, 170, 150}, {30, 120, 130, 255}, 1.0f, "湿地公园", 25);
  if (kind == "forest_park") return area({90, 170, 80, 150}, {40, 110, 40, 255}, 1.0f, "森林公园", 25);
  if (kind == "scenic_area") return area({170, 200, 90, 150}, {100, 140, 40, 255}, 1.0f, "风景区", 25);
  if (kind == "water") return area({150, 195, 235, 200}, kRiver, 1.0f, "水域", 0);
  if (kind == "park") return area({160, 210, 140, 200}, kGreen, 1.0f, "公园", 0);
  return std::nullopt;
}

// Rules keyed on the layer name, for layers whose features carry no distinctive kind.
std::optional<FeatureStyle> by_layer(const StyleKey& k) {
  const std::string& n = k.layer;
  if (n == "central_city") return area({235, 120, 110, 45}, kRed, 2.0f, "中心城区", 0);
  if (n == "exclusions") return area({150, 195, 235, 200}, kRiver, 1.0f, "扣除用地", 0);
  // Outline only: a fill over the whole city would cost a full-screen blend per frame on software GL.
  if (n == "population") return area({0, 0, 0, 0}, {190, 170, 210, 255}, 0.6f, "人口街区", 0);
  if (n == "streets") return line({150, 150, 150, 255}, 1.0f, "道路", 0);
  if (n == "bus_stops") return point({0, 110, 180, 255}, Symbol::Circle, 5, "公交站点", 0);
  // Proposed sites (the Suggest tab): the ranks and gains are drawn beside them by the tab.
  if (n == "proposals") return point({225, 60, 150, 255}, Symbol::Diamond, 11, "建议新增站点", 0);
  if (n == "blue_network") return line(kRiver, 2.5f, "水系", 20);
  if (n == "green_network") return line({80, 170, 70, 200}, 5.0f, "生态廊道", 10);
  if (n == "coverage_covered") return area({40, 170, 120, 90}, {20, 130, 90, 255}, 1.0f, "覆盖范围", 0);
  // Residential communities and the elderly-care standard (the Elderly care tab).
  if (n == "communities") return area({0, 0, 0, 0}, {150, 120, 60, 255}, 0.8f, "居住社区", 0);
  if (n == "elderly_care_short")
    return area({230, 60, 60, 110}, {190, 30, 30, 255}, 1.2f, "养老服务设施未达标社区", 0);
  if (n == "elderly_care") return point({200, 110, 30, 255}, Symbol::Square, 7, "社区养老服务设施", 0);
  if (n == "coverage_gaps") return area({230, 60, 60, 110}, {190, 30, 30, 255}, 1.0f, "覆盖空白", 0);
  if (n == "boundaries") return area({0, 0, 0, 0}, {120, 100, 140, 255}, 1.2f, "行政界线", 10);
  return std::nullopt;
}

}  // namespace

Rgba generic_colour(const std::string& layer_name) {
  static constexpr Rgba palette[] = {{31, 119, 180, 255},  {255, 127, 14, 255},  {44, 160, 44, 255},
                                     {214, 39, 40, 255},   {148, 103, 189, 255}, {140, 86, 75, 255},
                                     {227, 119, 194, 255}, {127, 127, 127, 255}, {188, 189, 34, 255},
                                     {23, 190, 207, 255}};
  return palette[std::hash<std::string>{}(layer_name) % std::size(palette)];
}

FeatureStyle style_for(const StyleKey& key) {
  std::optional<FeatureStyle> s = by_kind(key);
  if (!s) s = by_layer(key);
  if (!s) {
    const Rgba c = generic_colour(key.layer);
    switch (key.geometry) {
      case GeometryKind::Point:
        s = point(c, Symbol::Circle, 6, "", 0);
        break;
      case GeometryKind::Line:
        s = line(c, 1.2f, "");
        break;
      case GeometryKind::Polygon:
        s = area(c.with_alpha(70), c, 1.0f, "");
        break;
    }
    s->legend = key.layer;
  }
  // Planned features are drawn dashed (lines and outlines); points keep their symbol.
  const bool planned = key.status == "planned" || ends_with(key.kind, "_planned");
  if (planned && key.geometry != GeometryKind::Point) {
    s->dashed = true;
    s->legend += "（规划）";
  }
  s->large_label = s->label_priority >= 80;
  return *s;
}

StyleKey style_key(const plan::Layer& layer, std::size_t feature) {
  StyleKey k;
  k.layer = layer.name;
  k.geometry = layer.kind;
  for (const char* field : {"kind", "highway", "waterway", "railway"}) {
    k.kind = text_value(layer, feature, field);
    if (!k.kind.empty()) break;
  }
  k.status = text_value(layer, feature, "status");
  if (auto i = layer.field_index("tier")) {
    const plan::Value& v = layer.features[feature].values[*i];
    if (auto* n = std::get_if<std::int64_t>(&v))
      k.tier = static_cast<int>(*n);
    else if (auto* d = std::get_if<double>(&v))
      k.tier = static_cast<int>(*d);
    else if (auto* s = std::get_if<std::string>(&v))
      k.tier = std::atoi(s->c_str());
  }
  return k;
}

std::string label_text(const plan::Layer& layer, std::size_t feature) {
  for (const char* field : {"name_zh", "name", "NAME", "Name"}) {
    std::string s = text_value(layer, feature, field);
    if (!s.empty()) return s;
  }
  return {};
}

int layer_rank(const std::string& n, plan::GeometryKind geometry) {
  const int base = geometry == GeometryKind::Polygon ? 0 : geometry == GeometryKind::Line ? 100 : 200;
  static const char* order[] = {"boundaries",  "population",       "central_city",  "barriers",
                                "belt",        "patches",          "exclusions",    "core",
                                "communities", "coverage_covered", "coverage_gaps", "elderly_care_short",
                                "streets",     "green_network",    "blue_network",  "corridors",
                                "axes",        "bus_stops",        "elderly_care",  "hubs",
                                "poles",       "settlements",      "proposals"};
  for (int i = 0; i < int(std::size(order)); ++i)
    if (n == order[i]) return base + 10 + i;
  return base + 50;
}

std::vector<LegendEntry> legend_entries(const plan::Layer& layer, const std::vector<FeatureStyle>& styles) {
  std::vector<LegendEntry> out;
  for (const FeatureStyle& s : styles) {
    bool seen = false;
    for (const LegendEntry& e : out) seen = seen || e.text == s.legend;
    if (!seen) out.push_back({s.legend, layer.kind, s});
  }
  return out;
}

}  // namespace viewer
