// A plan: its spatial content as typed layers, its metadata and its indicator table.
//
// On disk a plan is a folder with one GeoJSON file per layer (WGS84 lon/lat, file name = layer name) and
// plan.json (metadata and indicators), or one GeoPackage with the same layer names and plan.json kept as
// dataset metadata. In memory every geometry is in one metric CRS (Plan::crs).
//
//   plan::LoadReport report;
//   plan::Plan heze = plan::load_plan("data/heze", {}, &report);   // throws on a schema error
//   for (const plan::Settlement& s : heze.settlements) ...          // s.geometry.points[0] in metres
//   plan::save_plan(heze, "heze.gpkg", {});
//
// The layers (every feature has name_zh, name_pinyin, kind, status "existing"|"planned", source):
//   boundaries    polygon  city, district, county                  population, area_km2, guidance,
//   guidance_source
//   core          polygon  core
//   belt          polygon  belt
//   axes          line     axis                                    from_zh, to_zh
//   poles         point    pole                                    county
//   barriers      polygon  barrier
//   blue_network  line     river, canal
//   green_network line     green_corridor                          width_m
//   patches       polygon  forest_farm, wetland_park, forest_park, scenic_area
//   corridors     line     railway, high_speed_railway, expressway
//   hubs          point    airport, station, port
//   settlements   point    central_city, county_seat, key_town, town   tier (1..4), county, guidance,
//   population
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/error.hpp"
#include "plan/geometry.hpp"
#include "plan/indicators.hpp"
#include "plan/io.hpp"
#include "plan/layer.hpp"

namespace plan {

enum class ElementStatus { Existing, Planned };
const char* to_string(ElementStatus status);  // "existing" / "planned"

// What every plan feature carries.
struct PlanElement {
  std::int64_t id = 0;  // the feature id in its layer, so messages can name it
  std::string name_zh;
  std::string name_pinyin;
  std::string kind;
  ElementStatus status = ElementStatus::Existing;
  std::string source;
  Geometry geometry;  // metres in Plan::crs
};

struct Boundary : PlanElement {
  std::optional<double> population;
  std::optional<double> area_km2;  // the official area, not the area of the schematic outline
  std::string guidance;  // the plan's function guidance for the county (Heze: 专栏3 县城功能引导)
  std::string guidance_source;  // where in the text it stands
};

struct Axis : PlanElement {
  std::string from_zh;
  std::string to_zh;
};

struct Pole : PlanElement {
  std::string county;
};

struct GreenCorridor : PlanElement {
  std::optional<double> width_m;
};

struct Settlement : PlanElement {
  int tier = 0;  // 1 central city, 2 county seat, 3 key town, 4 other town ("1+7+22+N")
  std::string county;
  std::string guidance;              // the plan's guidance text for the town; empty when not available
  std::optional<double> population;  // urban residents, when known (feeds the urbanisation rate)
};

// The plan's road targets (plan.json `road_targets`), each with the place in the text it comes from; checked
// by plan::road_network_density and plan::check_grade_connections (plan/roads.hpp) on a road layer.
struct RoadTargets {
  std::optional<double> density_km_per_km2;  // 道路网密度 of the central city, at least this
  std::string density_source;
  std::optional<int> min_grade;  // key towns joined to the central city and their county seat by roads of
                                 // this JTG B01-2014 grade or better (0 高速公路 … 4 四级公路)
  std::string grade_source;
};

// One service circle the plan names (plan.json `service_circles`): who must reach what within how many
// minutes, by which mode, with the place in the text it comes from. Evaluated by plan::evaluate_circles
// (plan/report.hpp) when its inputs exist.
enum class CircleMode { Walk, Drive, Corridor };
const char* to_string(CircleMode mode);  // "walk" / "drive" / "corridor"

struct ServiceCircle {
  std::string id;  // unique within the plan, e.g. "culture_sports_15_20min"
  std::string name_zh;
  std::string name_en;
  CircleMode mode = CircleMode::Walk;
  double minutes = 0;                         // the threshold; for a range ("15—20分钟") its lower end
  std::optional<double> minutes_max;          // the upper end of a range
  double walk_speed_kmh = 0;                  // walking circles: the speed turning minutes into metres
  double walk_m = 0;                          // walking circles: minutes at walk_speed_kmh, in metres
  std::optional<double> walk_m_max;           // walking circles: minutes_max in metres
  std::vector<std::string> categories;        // facility categories to reach (walk, drive)
  std::vector<std::string> cities;            // named cities to reach (corridor circles between cities)
  std::vector<std::string> settlement_kinds;  // plan settlements to reach (kind, e.g. central_city)
  bool reach_every = true;  // every category within the threshold (a life circle), or any one of them
  std::string reach_note;   // what the text names to reach, in its words
  std::string counted;      // whose share is counted: homes, rural_residents, towns, origin
  std::string counted_zh;   // the same in the text's words
  std::optional<double> target_share_pct;  // absent when the text sets no share
  std::optional<int> target_year;
  std::vector<int> lines;  // lines of the plan text naming the circle
  std::string source;      // "plan text line 420: ..." quoting the text
  std::string note;        // what the text leaves open (no share, no mode, an open list)
};

struct PlanMeta {
  std::string name_zh;
  std::string name_en;
  std::string document;
  int base_year = 2021;
  int near_year = 2025;
  int far_year = 2035;
  std::string settlement_formula;      // "1+7+22+N"
  std::vector<int> expected_per_tier;  // expected counts of tiers 1, 2, 3 (tier 4 is open: "N")
  std::string demo_folder;             // relative to the plan, holding the SYNTHETIC demonstration city
  RoadTargets road_targets;
  std::vector<ServiceCircle> service_circles;
  std::string json;  // plan.json as read, written back unchanged by save_plan
};

struct Plan {
  std::string source;  // the folder or GeoPackage it was loaded from
  std::string crs;     // the metric CRS of every geometry, "EPSG:32650" for Heze
  PlanMeta meta;
  std::vector<Indicator> indicators;

  std::vector<Boundary> boundaries;
  std::vector<PlanElement> core;
  std::vector<PlanElement> belt;
  std::vector<Axis> axes;
  std::vector<Pole> poles;
  std::vector<PlanElement> barriers;
  std::vector<PlanElement> blue_network;
  std::vector<GreenCorridor> green_network;
  std::vector<PlanElement> patches;
  std::vector<PlanElement> corridors;
  std::vector<PlanElement> hubs;
  std::vector<Settlement> settlements;

  // The folder of the demonstration city (meta.demo_folder resolved against a plan folder), empty when
  // the plan is a GeoPackage or has none.
  std::string demo_path() const;
};

// One layer of the schema: its name, geometry kind, allowed `kind` values and extra fields.
struct LayerSchema {
  std::string name;
  GeometryKind geometry = GeometryKind::Point;
  std::vector<std::string> kinds;
  std::vector<std::string> extra_fields;
};
const std::vector<LayerSchema>& plan_schema();

enum class Severity { Error, Warning };

// A broken schema rule, naming the file, layer, feature and field.
struct SchemaIssue {
  Severity severity = Severity::Error;
  Location where;
  std::string problem;
  std::string describe()
      const;  // "error: data/heze/hubs.geojson, layer 'hubs', feature 3, field 'kind': ..."
};

struct LoadOptions {
  std::string crs;     // metric CRS for the plan; empty: the UTM zone of the boundaries' centre
  bool strict = true;  // throw DataError on the first schema error instead of only reporting it
};

struct LoadReport {
  std::vector<SchemaIssue> issues;         // schema errors and warnings, in file order
  std::vector<std::string> read_warnings;  // what the readers repaired or skipped
  std::size_t errors() const;
  std::size_t warnings() const;
};

// Loads a plan folder or GeoPackage. A missing layer is a warning; a wrong geometry type, a missing
// name_zh, an unknown kind or status, a tier outside 1..4 are errors; a settlement outside every county
// (or in another county than its `county` field says) is a warning. With options.strict the first error
// is thrown as DataError (its message says how many more there are); otherwise errors are only reported
// and the offending features left out. Throws DataError for unreadable files or a broken plan.json.
Plan load_plan(const std::string& path, const LoadOptions& options, LoadReport* report = nullptr);

// The rules that need more than one feature (settlements in their county, tiers matching kinds, pole
// counties that exist), run by load_plan and available for plans built in code.
std::vector<SchemaIssue> validate_plan(const Plan& plan);

// The plan as plain layers with the schema's fields, in `crs` (empty: Plan::crs), in schema order.
std::vector<Layer> plan_layers(const Plan& plan, const std::string& crs = {});

// Saves a plan as a GeoPackage (path ending in .gpkg) or as a folder of GeoJSON files in WGS84 plus
// plan.json. Atomic and no-clobber like write_layers: an existing output is refused unless
// options.overwrite, a path in options.inputs (or the plan's own source) is refused always. The demo
// folder is not copied. Throws UsageError or DataError.
void save_plan(const Plan& plan, const std::string& path, const WriteOptions& options);

}  // namespace plan
