// Road checks of a plan: the road network density of an area (km of road per km²) and whether towns are
// joined by roads of at least a given highway grade.
//
// Road network density (道路网密度), GB/T 51328-2018 《城市综合交通体系规划标准》: the length of the urban
// roads of the four classes the standard grades, 快速路 (expressway), 主干路 (arterial), 次干路 (collector)
// and 支路 (local street), inside the area, over the area, in km/km². Counted once per road: a divided road
// drawn as two one-way carriageways counts half of each (see RoadClassRules). Roads of other kinds (ramps,
// service roads, tracks, paths) are not counted.
//
// Highway grades, JTG B01-2014 《公路工程技术标准》 §3.1: 高速公路 (expressway, grade 0 here), 一级, 二级,
// 三级 and 四级公路 (grades 1–4). "At least grade II" means grade 0, 1 or 2.
//
//   plan::RoadDensity d = plan::road_network_density(roads, central_city, {});
//   d.total_km / d.area_km2 == d.density_km_per_km2; d.class_km[0] is the 快速路 length
//   plan::GradeConnections g = plan::check_grade_connections(roads, towns, {});
//   g.towns[i].to_central.connected, .length_m, .gap
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plan/geometry.hpp"
#include "plan/layer.hpp"

namespace plan {

// ---- urban road classes and road network density ----------------------------------------------------

enum class UrbanRoadClass { Expressway = 0, Arterial = 1, Collector = 2, Local = 3, NotCounted = 4 };
inline constexpr std::size_t kUrbanRoadClasses = 4;  // the counted ones
const char* to_string(UrbanRoadClass c);             // "expressway", "arterial", "collector", "local", ...
const char* name_zh(UrbanRoadClass c);  // "快速路", "主干路", "次干路", "支路", "不计"

// The urban class of an OSM highway value: motorway, trunk → 快速路; primary → 主干路; secondary, tertiary →
// 次干路; residential, unclassified, living_street → 支路; everything else (the *_link ramps, service,
// track, footway, cycleway, construction ...) is not counted. An explicit highway:CN:urban tag
// (expressway|arterial|secondary|branch, the OSM wiki's Key:highway:CN) wins over highway when given.
UrbanRoadClass osm_urban_road_class(const std::string& highway, const std::string& cn_urban = "");

// A class name as a user writes it: 快速路/expressway, 主干路/arterial, 次干路/collector/secondary,
// 支路/local/branch (case-insensitive for the Latin ones). Throws UsageError for anything else.
UrbanRoadClass parse_urban_road_class(const std::string& name);

struct RoadDensityOptions {
  // Empty: OSM tags (a `highway` column or other_tags, osm_urban_road_class). Otherwise the field holding
  // each road's class, read through class_map (field value → class name for parse_urban_road_class); with
  // an empty class_map the values themselves must be class names. Values not mapped are not counted.
  std::string class_field;
  std::map<std::string, std::string> class_map;
  // Every line is of this class, whatever its fields (for a layer without classes, such as the synthetic
  // city's street grid); class_field and class_map are then not read.
  std::optional<UrbanRoadClass> uniform_class;
  // Divided roads: a line of class 快速路, 主干路 or 次干路 that is one-way (oneway=yes|true|1|-1, or OSM's
  // implied oneway of highway=motorway) and not a roundabout is one carriageway of a divided road, drawn
  // twice in OSM; it counts half its length so that the road counts once. One-way 支路 count whole (a one-way
  // side street is a road of its own). Read from an `oneway` column or other_tags when the layer has one.
  bool halve_divided = true;
};

struct RoadDensity {
  double area_km2 = 0;
  double total_km = 0;  // counted length inside the area, divided roads halved
  double density_km_per_km2 = 0;
  std::array<double, kUrbanRoadClasses> class_km{};  // by UrbanRoadClass, halving applied
  double divided_carriageway_km = 0;  // one-way carriageways inside the area before halving (counted half)
  std::size_t lines = 0;              // features read
  std::size_t lines_counted = 0;      // of a counted class with some length inside the area
  std::size_t lines_not_counted = 0;  // of no counted class
  std::map<std::string, std::size_t> not_counted_values;  // class values not counted, with how many lines
};

// The road network density of `roads` (a line layer) inside `area` (the polygons of a polygon layer,
// dissolved), both in the same metric CRS. Lines are clipped exactly to the area with GEOS. Throws
// DataError naming the file and layer when `roads` holds no lines or `area` no polygons, naming the field
// when options.class_field (or, for OSM tags, `highway`) is missing; UsageError for a class_map entry
// that names no class.
RoadDensity road_network_density(const Layer& roads, const Layer& area, const RoadDensityOptions& options);

// ---- highway grades and the grade connection check ---------------------------------------------------

inline constexpr int kNoGrade = 9;  // a road of no highway grade (paths, service roads, ...)

// The JTG B01-2014 grade assumed for an OSM highway value (no tag states the grade itself in most of
// China): motorway → 0 (高速公路); trunk → 1 (national roads, 国道: 一级 or better in most places);
// primary, secondary → 2 (provincial 省道 and county 县道 trunk roads, built to 二级 at least); tertiary →
// 3; unclassified, residential, living_street → 4; the *_link ramps take their road's grade; anything else
// kNoGrade. An explicit highway:CN tag (0–4, the OSM wiki's Key:highway:CN) wins when given.
int osm_highway_grade(const std::string& highway, const std::string& cn_grade = "");

// A grade as a user writes it: 高速公路/expressway/0, 一级公路/一级/I/1, 二级公路/二级/II/2, 三级 …/III/3,
// 四级 …/IV/4. Throws UsageError for anything else.
int parse_highway_grade(const std::string& name);
// The grade's name: "高速公路", "一级公路" … "四级公路"; "无等级" for anything else (kNoGrade).
std::string highway_grade_name(int grade);

// A place to be joined: tier 1 the central city, 2 a county seat, 3 a key town (others are ignored).
struct RoadSettlement {
  std::int64_t id = 0;
  std::string name;
  int tier = 0;
  std::string county;
  XY at;  // same metric CRS as the roads
};

struct GradeOptions {
  int min_grade = 2;  // at least grade II: grades 0..min_grade count
  // Empty: OSM tags (highway, highway:CN). Otherwise the field holding each road's grade, read through
  // grade_map (value → grade name for parse_highway_grade); with an empty map the values are grade names.
  std::string class_field;
  std::map<std::string, std::string> grade_map;
  // How far a settlement's point may be from the nearest road of the grade: a town's point stands for its
  // centre, and the grade-II road that serves it may pass at the edge of the built-up area.
  double max_snap_m = 1000;
};

enum class ConnectionGap { None, NoTarget, TownTooFar, TargetTooFar, NoPath };
const char* to_string(ConnectionGap gap);  // "none", "no target", "town too far", "target too far", ...

struct GradeLink {
  std::string target;  // the central city or the county seat, by name; empty when there is none
  bool connected = false;
  double length_m = 0;  // along the roads of the grade, between the snapped points (snap legs not added)
  double town_snap_m = 0;
  double target_snap_m = 0;
  ConnectionGap gap = ConnectionGap::None;
};

struct TownConnection {
  std::int64_t id = 0;
  std::string name;
  std::string county;
  GradeLink to_central;
  GradeLink to_seat;  // the county seat of the town's county; the central city where it is the seat
  bool connected() const { return to_central.connected && to_seat.connected; }
};

struct GradeConnections {
  int min_grade = 2;
  double max_snap_m = 0;
  std::size_t lines = 0;       // features read
  std::size_t lines_kept = 0;  // of the grade or better
  double kept_km = 0;
  std::vector<TownConnection> towns;  // the key towns (tier 3), in input order
  std::size_t connected = 0;          // towns joined to both
};

// Joins every key town (tier 3) to the central city (tier 1) and to its county's seat (tier 2 of the same
// county; the central city when the county has no seat of its own, as for the districts it stands in)
// along roads of grade min_grade or better: the roads so graded become a network (plan::NetworkBuilder,
// both directions, lengths in metres; roads meet where they share a vertex), each settlement snaps to its
// nearest road within max_snap_m (plan::SnapIndex), and the shortest path (plan::shortest_from) gives the
// length. Throws DataError naming file, layer and field for a roads layer without lines or without the
// class field; UsageError for a bad grade name or negative max_snap_m.
GradeConnections check_grade_connections(const Layer& roads, const std::vector<RoadSettlement>& settlements,
                                         const GradeOptions& options);

}  // namespace plan
