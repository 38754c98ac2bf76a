// Outputs that open styled in QGIS: the layer_styles table of every GeoPackage the writer and the commands
// write, in the schema QGIS 3.22 creates (QgsOgrUtils::saveStyle), and readers that look past it.
#include "plan/styles.hpp"

#include <cpl_minixml.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "plan/error.hpp"
#include "plan/io.hpp"
#include "test_support.hpp"

using test_support::run_plan;
using test_support::TempDir;

namespace {

struct StyleRow {
  std::string table, geometry_column, name, qml, sld, description, update_time;
  int use_as_default = -1;
};

// Rows of `sql` from the SQLite database at `path`, every column as text ("" for NULL).
std::vector<std::vector<std::string>> query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK) << path;
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> guard(db, sqlite3_close);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::vector<std::vector<std::string>> rows;
  if (!stmt) return rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const unsigned char* t = sqlite3_column_text(stmt, c);
      row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  return rows;
}

std::map<std::string, StyleRow> styles_of(const std::string& gpkg) {
  std::map<std::string, StyleRow> out;
  for (const auto& r :
       query(gpkg,
             "SELECT f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, "
             "description, update_time, f_table_catalog, f_table_schema FROM layer_styles")) {
    EXPECT_EQ(r[8], "");
    EXPECT_EQ(r[9], "");
    EXPECT_EQ(out.count(r[0]), 0u) << "two styles for " << r[0];
    out[r[0]] = {r[0], r[1], r[2], r[3], r[4], r[6], r[7], std::atoi(r[5].c_str())};
  }
  return out;
}

// The renderer of a QML document: its type, attribute and class bounds (graduated) or values (categorized).
struct Renderer {
  std::string type, attr;
  std::vector<double> lower, upper;
  std::vector<std::string> values;
  std::string geometry_type;
};

Renderer parse_qml(const std::string& qml) {
  std::unique_ptr<CPLXMLNode, decltype(&CPLDestroyXMLNode)> root(CPLParseXMLString(qml.c_str()),
                                                                 CPLDestroyXMLNode);
  Renderer r;
  EXPECT_TRUE(root) << "the QML does not parse as XML:\n" << qml;
  if (!root) return r;
  const CPLXMLNode* qgis = CPLSearchXMLNode(root.get(), "=qgis");
  EXPECT_TRUE(qgis);
  if (!qgis) return r;
  EXPECT_STREQ(CPLGetXMLValue(qgis, "styleCategories", ""), "Symbology");
  r.geometry_type = CPLGetXMLValue(qgis, "layerGeometryType", "");
  const CPLXMLNode* renderer = CPLGetXMLNode(qgis, "renderer-v2");
  EXPECT_TRUE(renderer);
  if (!renderer) return r;
  r.type = CPLGetXMLValue(renderer, "type", "");
  r.attr = CPLGetXMLValue(renderer, "attr", "");
  std::size_t classes = 0;
  if (const CPLXMLNode* ranges = CPLGetXMLNode(renderer, "ranges"))
    for (const CPLXMLNode* n = ranges->psChild; n; n = n->psNext)
      if (n->eType == CXT_Element) {
        r.lower.push_back(std::atof(CPLGetXMLValue(n, "lower", "nan")));
        r.upper.push_back(std::atof(CPLGetXMLValue(n, "upper", "nan")));
        EXPECT_EQ(std::atoi(CPLGetXMLValue(n, "symbol", "-1")), static_cast<int>(classes++));
      }
  if (const CPLXMLNode* categories = CPLGetXMLNode(renderer, "categories"))
    for (const CPLXMLNode* n = categories->psChild; n; n = n->psNext)
      if (n->eType == CXT_Element) {
        r.values.push_back(CPLGetXMLValue(n, "value", ""));
        EXPECT_EQ(std::atoi(CPLGetXMLValue(n, "symbol", "-1")), static_cast<int>(classes++));
      }
  // One symbol per class (one for a single-symbol renderer), named by its index.
  std::size_t symbols = 0;
  if (const CPLXMLNode* s = CPLGetXMLNode(renderer, "symbols"))
    for (const CPLXMLNode* n = s->psChild; n; n = n->psNext)
      if (n->eType == CXT_Element) {
        EXPECT_EQ(std::string(CPLGetXMLValue(n, "name", "")), std::to_string(symbols));
        ++symbols;
      }
  EXPECT_EQ(symbols, std::max<std::size_t>(classes, 1));
  return r;
}

plan::Layer square(const std::string& name) {
  plan::Layer l;
  l.name = name;
  l.crs = "EPSG:32650";
  l.kind = plan::GeometryKind::Polygon;
  l.fields = {{"area_m2", plan::FieldType::Real}};
  l.features.push_back(
      {1, plan::Geometry::polygon(plan::rectangle(500000, 3900000, 500100, 3900100)), {1e4}});
  return l;
}

const std::string kDemo = std::string(PLAN_SOURCE_DIR) + "/data/heze/demo/";

}  // namespace

TEST(LayerStyles, GeoPackageHoldsOneDefaultStylePerLayerInQgisSchema) {
  TempDir dir;
  const std::string out = dir.file("out.gpkg");
  plan::WriteOptions w;
  w.styles = {plan::coverage_style("covered", plan::CoverageClass::Covered),
              plan::coverage_style("gaps", plan::CoverageClass::Gap)};
  plan::write_layers(out, {square("covered"), square("gaps")}, w);

  // The columns QGIS 3.22 creates, in its order, after the FID column "id".
  std::vector<std::string> columns;
  for (const auto& r : query(out, "PRAGMA table_info(layer_styles)")) columns.push_back(r[1]);
  EXPECT_EQ(columns, (std::vector<std::string>{"id", "f_table_catalog", "f_table_schema", "f_table_name",
                                               "f_geometry_column", "styleName", "styleQML", "styleSLD",
                                               "useAsDefault", "description", "owner", "ui", "update_time"}));
  const auto contents = query(out, "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'");
  ASSERT_EQ(contents.size(), 1u);
  EXPECT_EQ(contents[0][0], "attributes");

  const auto styles = styles_of(out);
  ASSERT_EQ(styles.size(), 2u);
  for (const char* layer : {"covered", "gaps"}) {
    const StyleRow& s = styles.at(layer);
    EXPECT_EQ(s.geometry_column, "geom");
    EXPECT_EQ(s.use_as_default, 1);
    EXPECT_FALSE(s.update_time.empty()) << "update_time takes its CURRENT_TIMESTAMP default";
    EXPECT_EQ(s.sld, "");
    const Renderer r = parse_qml(s.qml);
    EXPECT_EQ(r.type, "singleSymbol");
    EXPECT_EQ(r.geometry_type, "2");
  }
  EXPECT_EQ(styles.at("covered").name, "covered");
}

TEST(LayerStyles, ReadersLookPastTheStyleTable) {
  TempDir dir;
  const std::string out = dir.file("one.gpkg");
  plan::WriteOptions w;
  w.styles = {plan::coverage_style("covered", plan::CoverageClass::Covered)};
  plan::write_layers(out, {square("covered")}, w);
  EXPECT_EQ(plan::list_layers(out), std::vector<std::string>{"covered"});
  // The only layer of features is chosen without a name, as before the style table was added.
  plan::ReadOptions o;
  const plan::Layer back = plan::read_layer(out, o);
  EXPECT_EQ(back.name, "covered");
  ASSERT_EQ(back.features.size(), 1u);

  const std::string two = dir.file("two.gpkg");
  w.styles.push_back(plan::coverage_style("gaps", plan::CoverageClass::Gap));
  plan::write_layers(two, {square("covered"), square("gaps")}, w);
  try {
    plan::read_layer(two, o);
    FAIL() << "two layers need a name";
  } catch (const plan::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("has several layers (covered, gaps)"), std::string::npos)
        << e.what();
  }
}

TEST(LayerStyles, OneLayerFormatsCarryTheirStyleBesideThemAsQml) {
  TempDir dir;
  plan::WriteOptions w;
  const plan::LayerStyle covered = plan::coverage_style("covered", plan::CoverageClass::Covered);
  w.styles = {covered};
  for (const char* name : {"out.geojson", "out.shp", "out.fgb"}) {
    const std::string path = dir.file(name);
    plan::write_layers(path, {square("covered")}, w);
    EXPECT_EQ(plan::list_layers(path).size(), 1u) << name;
    const std::string qml = dir.file("out.qml");
    ASSERT_TRUE(std::filesystem::exists(qml)) << name;
    std::ifstream in(qml, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, covered.qml) << name;
    EXPECT_EQ(parse_qml(text).type, "singleSymbol");
    std::filesystem::remove(qml);
  }
  // Nothing beside a GeoPackage (its style is inside), nor for a layer without a style.
  plan::write_layers(dir.file("inside.gpkg"), {square("covered")}, w);
  EXPECT_FALSE(std::filesystem::exists(dir.file("inside.qml")));
  plan::write_layers(dir.file("plain.geojson"), {square("covered")}, plan::WriteOptions{});
  EXPECT_FALSE(std::filesystem::exists(dir.file("plain.qml")));
  // Nothing partial is left beside the outputs.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << entry.path();
}

TEST(LayerStyles, AnExistingStyleFileIsKeptWithoutOverwrite) {
  TempDir dir;
  const std::string mine = test_support::write_text(dir.file("out.qml"), "<qgis>my own style</qgis>");
  plan::WriteOptions w;
  w.styles = {plan::coverage_style("covered", plan::CoverageClass::Covered)};
  EXPECT_THROW(plan::write_layers(dir.file("out.geojson"), {square("covered")}, w), plan::UsageError);
  EXPECT_FALSE(std::filesystem::exists(dir.file("out.geojson")));
  std::ifstream in(mine);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "<qgis>my own style</qgis>");
  w.overwrite = true;
  plan::write_layers(dir.file("out.geojson"), {square("covered")}, w);
  std::ifstream again(mine);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(again), {}), w.styles[0].qml);
}

TEST(LayerStyles, AStyleMustNameALayerOfTheOutput) {
  TempDir dir;
  plan::WriteOptions w;
  w.styles = {plan::coverage_style("elsewhere", plan::CoverageClass::Gap)};
  EXPECT_THROW(plan::write_layers(dir.file("bad.gpkg"), {square("covered")}, w), plan::UsageError);
  EXPECT_FALSE(std::filesystem::exists(dir.file("bad.gpkg")));
  EXPECT_THROW(plan::write_layers(dir.file("bad.geojson"), {square("covered")}, w), plan::UsageError);
  EXPECT_FALSE(std::filesystem::exists(dir.file("bad.geojson")));
}

TEST(LayerStyles, ClassBreaksFollowTheThresholds) {
  Renderer iso = parse_qml(plan::isochrone_style("isochrones", "threshold_m", {1500, 500, 1000}, "m", 1).qml);
  EXPECT_EQ(iso.type, "graduatedSymbol");
  EXPECT_EQ(iso.attr, "threshold_m");
  EXPECT_EQ(iso.lower, (std::vector<double>{0, 500, 1000}));
  EXPECT_EQ(iso.upper, (std::vector<double>{500, 1000, 1500}));

  // 10 and 20 minutes at 4 km/h: the bounds are the field's very values, so no band loses its own features.
  const double ten = 10 * 4000.0 / 60, twenty = 20 * 4000.0 / 60;
  Renderer minutes = parse_qml(plan::isochrone_style("isochrones", "threshold_m", {ten, twenty}, "m", 1).qml);
  EXPECT_EQ(minutes.upper, (std::vector<double>{ten, twenty}));

  // Walking reach within 1200 m: the GB 50180 circles, the threshold, then everything beyond.
  Renderer walk = parse_qml(plan::reach_style("homes", false, 1200).qml);
  EXPECT_EQ(walk.attr, "distance_m");
  EXPECT_EQ(walk.geometry_type, "0");
  EXPECT_EQ(walk.lower, (std::vector<double>{0, 300, 500, 1000, 1200}));
  EXPECT_EQ(walk.upper, (std::vector<double>{300, 500, 1000, 1200, 1e12}));
  // The default 15 minutes at 4 km/h is 1000 m: no empty class.
  EXPECT_EQ(parse_qml(plan::reach_style("homes", false, 1000).qml).upper.size(), 4u);
  // Driving within 30 min: classes on minutes at 10, 20, 30.
  Renderer drive = parse_qml(plan::reach_style("homes", true, 1800).qml);
  EXPECT_EQ(drive.attr, "minutes");
  EXPECT_EQ(drive.upper, (std::vector<double>{10, 20, 30, 1e12}));

  Renderer complete = parse_qml(plan::completeness_style("homes").qml);
  EXPECT_EQ(complete.type, "categorizedSymbol");
  EXPECT_EQ(complete.values, (std::vector<std::string>{"1", "0"}));

  // 12 proposals in five classes covering ranks 1..12 once each; 2 proposals in two classes.
  Renderer ranked = parse_qml(plan::ranked_style("proposals", "rank", 12).qml);
  ASSERT_EQ(ranked.lower.size(), 5u);
  EXPECT_EQ(ranked.lower.front(), 0.5);
  EXPECT_EQ(ranked.upper.back(), 12.5);
  for (std::size_t i = 1; i < ranked.lower.size(); ++i) EXPECT_EQ(ranked.lower[i], ranked.upper[i - 1]);
  EXPECT_EQ(parse_qml(plan::ranked_style("proposals", "rank", 2).qml).upper, (std::vector<double>{1.5, 2.5}));
}

TEST(LayerStyles, LabelsAndFieldNamesAreEscaped) {
  const std::string qml = plan::categorized_qml(plan::GeometryKind::Point, "a\"<b>&",
                                                {{"x'y", "<less> & \"more\"", {1, 2, 3, 255}}});
  const Renderer r = parse_qml(qml);
  EXPECT_EQ(r.attr, "a\"<b>&");
  EXPECT_EQ(r.values, std::vector<std::string>{"x'y"});
}

TEST(LayerStyles, EveryCommandOutputOpensStyled) {
  TempDir dir;
  const std::string streets = kDemo + "streets.geojson", homes = kDemo + "homes.geojson",
                    facilities = kDemo + "facilities.geojson";
  struct Case {
    std::string args;
    std::map<std::string, std::string> renderer;  // layer -> renderer type
  };
  const std::vector<Case> cases = {
      {"coverage --stops " + kDemo + "bus_stops.geojson --area " + kDemo + "central_city.geojson",
       {{"covered", "singleSymbol"}, {"gaps", "singleSymbol"}}},
      {"coverage --metric network --network " + streets + " --stops " + kDemo + "bus_stops.geojson --area " +
           kDemo + "central_city.geojson",
       {{"covered", "singleSymbol"}, {"gaps", "singleSymbol"}, {"network_covered", "singleSymbol"}}},
      {"isochrone --network " + streets + " --at 115.4953,35.2388 --within 500m,1000m,1500m",
       {{"isochrones", "graduatedSymbol"}}},
      {"reach --network " + streets + " --facilities " + facilities + " --homes " + homes,
       {{"homes", "graduatedSymbol"}}},
      {"lifecircle --network " + streets + " --facilities " + facilities + " --homes " + homes,
       {{"homes", "categorizedSymbol"}}},
      {"suggest-stops --stops " + kDemo + "bus_stops.geojson --area " + kDemo +
           "central_city.geojson --streets " + streets + " --spacing 300m --count 3",
       {{"proposals", "graduatedSymbol"}}},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string out = dir.file("out" + std::to_string(n++) + ".gpkg");
    const auto r = run_plan(c.args + " --out " + out);
    ASSERT_EQ(r.exit_code, 0) << c.args << "\n" << r.err;
    const auto styles = styles_of(out);
    ASSERT_EQ(styles.size(), c.renderer.size()) << c.args;
    for (const auto& [layer, type] : c.renderer) {
      ASSERT_EQ(styles.count(layer), 1u) << c.args << ": no style for " << layer;
      EXPECT_EQ(styles.at(layer).use_as_default, 1);
      const Renderer rr = parse_qml(styles.at(layer).qml);
      EXPECT_EQ(rr.type, type) << c.args << " " << layer;
      if (layer == "isochrones") {
        EXPECT_EQ(rr.attr, "threshold_m");
        EXPECT_EQ(rr.upper, (std::vector<double>{500, 1000, 1500}));
      }
      if (layer == "homes" && type == "graduatedSymbol") {
        EXPECT_EQ(rr.upper, (std::vector<double>{300, 500, 1000, 1e12}));  // within 15 min at 4 km/h
      }
    }
    // The output goes back in as an input: the style table is not a layer to choose.
    EXPECT_EQ(plan::list_layers(out).size(), c.renderer.size()) << c.args;
  }
}
