// Cartographic rules: settlement tiers, corridors by type, planned features dashed, stable drawing order.
#include <gtest/gtest.h>

#include "style.hpp"

using plan::GeometryKind;
using viewer::style_for;
using viewer::StyleKey;
using viewer::Symbol;

namespace {
bool reddish(viewer::Rgba c) { return c.r > 150 && c.r > c.g + 40 && c.r > c.b + 40; }
bool bluish(viewer::Rgba c) { return c.b > c.r + 60; }
bool greenish(viewer::Rgba c) { return c.g > c.r && c.g > c.b; }
}  // namespace

TEST(Style, SettlementTiersGetSymbolsThatShrinkDownTheHierarchy) {
  float last = 1e9f;
  int last_priority = 1 << 30;
  for (int tier = 1; tier <= 4; ++tier) {
    const auto s = style_for({"settlements", GeometryKind::Point, "", "existing", tier});
    EXPECT_LT(s.symbol_size_px, last) << "tier " << tier;
    EXPECT_LT(s.label_priority, last_priority) << "tier " << tier;
    last = s.symbol_size_px;
    last_priority = s.label_priority;
  }
  EXPECT_EQ(style_for({"settlements", GeometryKind::Point, "central_city", "", 1}).symbol, Symbol::Star);
  EXPECT_EQ(style_for({"settlements", GeometryKind::Point, "county_seat", "", 2}).symbol,
            Symbol::DoubleCircle);
}

TEST(Style, HubsAreTellApartByType) {
  const auto airport = style_for({"hubs", GeometryKind::Point, "airport", "", 0});
  const auto station = style_for({"hubs", GeometryKind::Point, "station", "", 0});
  const auto port = style_for({"hubs", GeometryKind::Point, "port", "", 0});
  EXPECT_NE(airport.symbol, station.symbol);
  EXPECT_NE(station.symbol, port.symbol);
}

TEST(Style, StructureIsRedAndEcologyGreenOrBlue) {
  EXPECT_TRUE(reddish(style_for({"core", GeometryKind::Polygon, "core", "", 0}).stroke));
  EXPECT_TRUE(reddish(style_for({"axes", GeometryKind::Line, "axis", "", 0}).stroke));
  EXPECT_TRUE(bluish(style_for({"blue_network", GeometryKind::Line, "river", "", 0}).stroke));
  EXPECT_TRUE(bluish(style_for({"blue_network", GeometryKind::Line, "canal", "", 0}).stroke));
  EXPECT_TRUE(greenish(style_for({"green_network", GeometryKind::Line, "green_corridor", "", 0}).stroke));
  EXPECT_TRUE(greenish(style_for({"patches", GeometryKind::Polygon, "forest_park", "", 0}).fill));
}

TEST(Style, CorridorsDifferByTypeAndHighSpeedRailIsWiderThanRail) {
  const auto rail = style_for({"corridors", GeometryKind::Line, "railway", "", 0});
  const auto hsr = style_for({"corridors", GeometryKind::Line, "high_speed_railway", "", 0});
  const auto expressway = style_for({"corridors", GeometryKind::Line, "expressway", "", 0});
  EXPECT_FALSE(rail.stroke == hsr.stroke);
  EXPECT_FALSE(hsr.stroke == expressway.stroke);
  EXPECT_GT(hsr.stroke_width_px, rail.stroke_width_px);
}

TEST(Style, PlannedLinesAndAreasAreDashedExistingOnesAreNot) {
  EXPECT_TRUE(style_for({"corridors", GeometryKind::Line, "railway", "planned", 0}).dashed);
  EXPECT_FALSE(style_for({"corridors", GeometryKind::Line, "railway", "existing", 0}).dashed);
  EXPECT_TRUE(style_for({"facts", GeometryKind::Line, "hsr_planned", "", 0}).dashed);
  EXPECT_TRUE(style_for({"core", GeometryKind::Polygon, "core", "planned", 0}).dashed);
  // The legend tells planned from existing.
  EXPECT_NE(style_for({"corridors", GeometryKind::Line, "railway", "planned", 0}).legend,
            style_for({"corridors", GeometryKind::Line, "railway", "existing", 0}).legend);
}

TEST(Style, UnknownLayersGetAStableColourAndTheirNameInTheLegend) {
  const auto a = style_for({"my_roads", GeometryKind::Line, "", "", 0});
  const auto b = style_for({"my_roads", GeometryKind::Line, "", "", 0});
  EXPECT_TRUE(a.stroke == b.stroke);
  EXPECT_EQ(a.legend, "my_roads");
  EXPECT_EQ(a.label_priority, 0);
}

TEST(Style, PolygonsDrawUnderLinesUnderPoints) {
  EXPECT_LT(viewer::layer_rank("patches", GeometryKind::Polygon),
            viewer::layer_rank("corridors", GeometryKind::Line));
  EXPECT_LT(viewer::layer_rank("anything", GeometryKind::Polygon),
            viewer::layer_rank("streets", GeometryKind::Line));
  EXPECT_LT(viewer::layer_rank("corridors", GeometryKind::Line),
            viewer::layer_rank("hubs", GeometryKind::Point));
  EXPECT_LT(viewer::layer_rank("boundaries", GeometryKind::Polygon),
            viewer::layer_rank("core", GeometryKind::Polygon));
  EXPECT_LT(viewer::layer_rank("hubs", GeometryKind::Point),
            viewer::layer_rank("settlements", GeometryKind::Point));
}

TEST(Style, KeyReadsKindStatusAndTierFromTheFields) {
  plan::Layer l;
  l.name = "settlements";
  l.kind = GeometryKind::Point;
  l.fields = {{"name_zh", plan::FieldType::String},
              {"kind", plan::FieldType::String},
              {"status", plan::FieldType::String},
              {"tier", plan::FieldType::Integer}};
  l.features.push_back(
      {1,
       plan::Geometry::point({0, 0}),
       {std::string("郓城"), std::string("county_seat"), std::string("existing"), std::int64_t(2)}});
  const StyleKey k = viewer::style_key(l, 0);
  EXPECT_EQ(k.kind, "county_seat");
  EXPECT_EQ(k.status, "existing");
  EXPECT_EQ(k.tier, 2);
  EXPECT_EQ(viewer::label_text(l, 0), "郓城");
}

TEST(Style, NestedIsochronesGoFromDarkNearToLightFarWithTheirThresholdInTheLegend) {
  const auto near = style_for({"isochrones", GeometryKind::Polygon, "isochrone_300", "", 0});
  const auto mid = style_for({"isochrones", GeometryKind::Polygon, "isochrone_500", "", 0});
  const auto far = style_for({"isochrones", GeometryKind::Polygon, "isochrone_1000", "", 0});
  EXPECT_FALSE(near.fill == mid.fill);
  EXPECT_FALSE(mid.fill == far.fill);
  EXPECT_GT(near.fill.a, far.fill.a);  // the inner ring stays visible on top of the outer
  EXPECT_NE(far.legend.find("1000 m"), std::string::npos) << far.legend;
}
