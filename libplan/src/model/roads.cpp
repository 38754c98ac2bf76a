// Road checks: road network density (GB/T 51328-2018) and grade connections (JTG B01-2014).
#include "plan/roads.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "geom/geos.hpp"
#include "plan/error.hpp"
#include "plan/network.hpp"
#include "plan/osm.hpp"
#include "plan/routing.hpp"

namespace plan {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// The values of `field` (column or OSM other_tags), or all empty when the layer has neither: for the
// optional tags (oneway, junction, highway:CN) that a plain road layer may lack.
std::vector<std::string> optional_values(const Layer& layer, const std::string& field) {
  if (!layer.field_index(field) && !layer.field_index("other_tags"))
    return std::vector<std::string>(layer.features.size());
  return text_values(layer, field);
}

void require_lines(const Layer& roads) {
  if (roads.kind != GeometryKind::Line)
    throw DataError(Location{roads.source, roads.name, {}, {}},
                    std::string("holds ") + to_string(roads.kind) + "s, not road lines");
}

// The field a classification reads: class_field when given, else `highway` (a column or OSM other_tags);
// a missing one is a DataError naming the field.
std::vector<std::string> class_values(const Layer& roads, const std::string& class_field) {
  const std::string field = class_field.empty() ? "highway" : class_field;
  if (!roads.field_index(field) && (!class_field.empty() || !roads.field_index("other_tags"))) {
    std::string names;
    for (const Field& f : roads.fields) names += (names.empty() ? "" : ", ") + f.name;
    throw DataError(
        Location{roads.source, roads.name, {}, field},
        "no such field (fields: " + names + ")" +
            (class_field.empty() ? "; name the field holding the road class with a class field" : ""));
  }
  return text_values(roads, field);
}

bool is_oneway(const std::string& highway, const std::string& oneway, const std::string& junction) {
  const std::string o = lower(oneway), j = lower(junction);
  if (j == "roundabout" || j == "circular") return false;  // one-way by nature, not half a divided road
  if (o == "yes" || o == "true" || o == "1" || o == "-1" || o == "reverse") return true;
  if (o == "no" || o == "false" || o == "0") return false;
  return highway == "motorway";  // OSM's implied oneway
}

double line_length_m(const LineString& l) {
  double total = 0;
  for (std::size_t i = 1; i < l.size(); ++i) total += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
  return total;
}

}  // namespace

const char* to_string(UrbanRoadClass c) {
  switch (c) {
    case UrbanRoadClass::Expressway:
      return "expressway";
    case UrbanRoadClass::Arterial:
      return "arterial";
    case UrbanRoadClass::Collector:
      return "collector";
    case UrbanRoadClass::Local:
      return "local";
    default:
      return "not counted";
  }
}

const char* name_zh(UrbanRoadClass c) {
  switch (c) {
    case UrbanRoadClass::Expressway:
      return "快速路";
    case UrbanRoadClass::Arterial:
      return "主干路";
    case UrbanRoadClass::Collector:
      return "次干路";
    case UrbanRoadClass::Local:
      return "支路";
    default:
      return "不计";
  }
}

UrbanRoadClass osm_urban_road_class(const std::string& highway, const std::string& cn_urban) {
  const std::string cn = lower(cn_urban);
  if (cn == "expressway") return UrbanRoadClass::Expressway;
  if (cn == "arterial") return UrbanRoadClass::Arterial;
  if (cn == "secondary") return UrbanRoadClass::Collector;
  if (cn == "branch") return UrbanRoadClass::Local;
  if (highway == "motorway" || highway == "trunk") return UrbanRoadClass::Expressway;
  if (highway == "primary") return UrbanRoadClass::Arterial;
  if (highway == "secondary" || highway == "tertiary") return UrbanRoadClass::Collector;
  if (highway == "residential" || highway == "unclassified" || highway == "living_street")
    return UrbanRoadClass::Local;
  return UrbanRoadClass::NotCounted;
}

UrbanRoadClass parse_urban_road_class(const std::string& name) {
  const std::string n = lower(trim(name));
  if (n == "快速路" || n == "expressway") return UrbanRoadClass::Expressway;
  if (n == "主干路" || n == "arterial") return UrbanRoadClass::Arterial;
  if (n == "次干路" || n == "collector" || n == "secondary") return UrbanRoadClass::Collector;
  if (n == "支路" || n == "local" || n == "branch") return UrbanRoadClass::Local;
  if (n == "-" || n == "none" || n == "不计") return UrbanRoadClass::NotCounted;
  throw UsageError("'" + name +
                   "' is not an urban road class (快速路/expressway, 主干路/arterial, 次干路/collector, "
                   "支路/local, or none)");
}

namespace {

// A road's class (urban class or highway grade) from its field value: through the user's map when one is
// given, else read as a class name, a value that names none being `none`; OSM tags decide before this.
template <typename Class, typename Parse>
Class mapped_or_parsed(const std::string& value, const std::map<std::string, Class>& mapped, Parse parse,
                       Class none) {
  if (!mapped.empty()) {
    const auto it = mapped.find(value);
    return it != mapped.end() ? it->second : none;
  }
  try {
    return parse(value);
  } catch (const UsageError&) {
    return none;
  }
}

}  // namespace

RoadDensity road_network_density(const Layer& roads, const Layer& area, const RoadDensityOptions& options) {
  require_lines(roads);
  const MultiPolygon polygons = area.kind == GeometryKind::Polygon ? all_polygons(area) : MultiPolygon{};
  if (polygons.empty())
    throw DataError(Location{area.source, area.name, {}, {}},
                    area.kind == GeometryKind::Polygon
                        ? "holds no polygons: the area must be a polygon (e.g. the central city's outline)"
                        : std::string("holds ") + to_string(area.kind) +
                              "s: the area must be a polygon (e.g. the central city's outline)");
  std::map<std::string, UrbanRoadClass> mapped;
  for (const auto& [value, cls] : options.class_map) mapped[value] = parse_urban_road_class(cls);

  // Each line's class.
  const bool uniform = options.uniform_class.has_value();
  const std::vector<std::string> values =
      uniform ? std::vector<std::string>(roads.features.size()) : class_values(roads, options.class_field);
  const bool osm = !uniform && options.class_field.empty();
  const std::vector<std::string> cn =
      osm ? optional_values(roads, "highway:CN:urban") : std::vector<std::string>{};
  const std::vector<std::string> oneway = optional_values(roads, "oneway");
  const std::vector<std::string> junction = optional_values(roads, "junction");

  RoadDensity d;
  d.lines = roads.features.size();
  const MultiPolygon dissolved = geom::union_all(polygons);
  d.area_km2 = area_m2(dissolved) / 1e6;
  geom::GeosContext& ctx = geom::thread_context();
  const geom::GeomPtr clip = geom::to_geos(ctx, dissolved);
  const geom::PreparedPtr prepared = geom::prepare(ctx, clip.get());
  const GEOSContextHandle_t h = ctx.handle();

  for (std::size_t i = 0; i < roads.features.size(); ++i) {
    const Feature& f = roads.features[i];
    UrbanRoadClass cls = UrbanRoadClass::NotCounted;
    if (uniform) {
      cls = *options.uniform_class;
    } else if (osm) {
      cls = osm_urban_road_class(values[i], cn[i]);
    } else {
      cls = mapped_or_parsed(values[i], mapped, parse_urban_road_class, UrbanRoadClass::NotCounted);
    }
    if (cls == UrbanRoadClass::NotCounted) {
      ++d.lines_not_counted;
      ++d.not_counted_values[values[i].empty() ? "(empty)" : values[i]];
      continue;
    }
    if (f.geometry.lines.empty()) continue;
    // Exact clipping: the whole length when the area contains the line, nothing when they do not meet,
    // else the length of the GEOS intersection.
    const geom::GeomPtr line = geom::to_geos(ctx, f.geometry);
    double inside_m = 0;
    if (GEOSPreparedContains_r(h, prepared.get(), line.get()) == 1) {
      for (const LineString& l : f.geometry.lines) inside_m += line_length_m(l);
    } else if (GEOSPreparedIntersects_r(h, prepared.get(), line.get()) == 1) {
      const geom::GeomPtr cut = geom::own(ctx, GEOSIntersection_r(h, line.get(), clip.get()), "road ∩ area");
      if (!GEOSLength_r(h, cut.get(), &inside_m))
        throw Error("GEOS could not measure a length: " + ctx.last_error());
    }
    if (inside_m <= 0) continue;
    ++d.lines_counted;
    const bool divided = options.halve_divided && cls != UrbanRoadClass::Local &&
                         is_oneway(osm ? values[i] : std::string(), oneway[i], junction[i]);
    if (divided) d.divided_carriageway_km += inside_m / 1000;
    d.class_km[static_cast<std::size_t>(cls)] += (divided ? 0.5 : 1.0) * inside_m / 1000;
  }
  for (double km : d.class_km) d.total_km += km;
  d.density_km_per_km2 = d.area_km2 > 0 ? d.total_km / d.area_km2 : 0;
  return d;
}

// ---- grade connections ----------------------------------------------------------------------------

int osm_highway_grade(const std::string& highway, const std::string& cn_grade) {
  const std::string cn = trim(cn_grade);
  if (cn.size() == 1 && cn[0] >= '0' && cn[0] <= '4') return cn[0] - '0';
  std::string base = highway;
  if (base.size() > 5 && base.compare(base.size() - 5, 5, "_link") == 0) base.resize(base.size() - 5);
  if (base == "motorway") return 0;
  if (base == "trunk") return 1;
  if (base == "primary" || base == "secondary") return 2;
  if (base == "tertiary") return 3;
  if (base == "unclassified" || base == "residential" || base == "living_street") return 4;
  return kNoGrade;
}

std::string highway_grade_name(int grade) {
  static const char* names[] = {"高速公路", "一级公路", "二级公路", "三级公路", "四级公路"};
  return grade >= 0 && grade <= 4 ? names[grade] : "无等级";
}

int parse_highway_grade(const std::string& name) {
  const std::string n = lower(trim(name));
  if (n == "高速公路" || n == "高速" || n == "expressway" || n == "motorway" || n == "0") return 0;
  if (n == "一级公路" || n == "一级" || n == "i" || n == "1") return 1;
  if (n == "二级公路" || n == "二级" || n == "ii" || n == "2") return 2;
  if (n == "三级公路" || n == "三级" || n == "iii" || n == "3") return 3;
  if (n == "四级公路" || n == "四级" || n == "iv" || n == "4") return 4;
  if (n == "-" || n == "none" || n == "等外") return kNoGrade;
  throw UsageError(
      "'" + name +
      "' is not a highway grade (高速公路/expressway/0, 一级公路/I/1, 二级公路/II/2, 三级公路/III/3, "
      "四级公路/IV/4, or none)");
}

const char* to_string(ConnectionGap gap) {
  switch (gap) {
    case ConnectionGap::None:
      return "none";
    case ConnectionGap::NoTarget:
      return "no target";
    case ConnectionGap::TownTooFar:
      return "town too far from a road of the grade";
    case ConnectionGap::TargetTooFar:
      return "target too far from a road of the grade";
    default:
      return "no path";
  }
}

namespace {

// The roads of the minimum grade or better as one network (walking mode: both directions, cost = length in
// metres); `out` counts the lines and kilometres kept.
Network grade_network(const Layer& roads, const GradeOptions& options, GradeConnections& out) {
  std::map<std::string, int> mapped;
  for (const auto& [value, grade] : options.grade_map) mapped[value] = parse_highway_grade(grade);
  const std::vector<std::string> values = class_values(roads, options.class_field);
  const bool osm = options.class_field.empty();
  const std::vector<std::string> cn = osm ? optional_values(roads, "highway:CN") : std::vector<std::string>{};
  NetworkBuilder builder;
  for (std::size_t i = 0; i < roads.features.size(); ++i) {
    const int grade = osm ? osm_highway_grade(values[i], cn[i])
                          : mapped_or_parsed(values[i], mapped, parse_highway_grade, kNoGrade);
    if (grade > options.min_grade) continue;
    ++out.lines_kept;
    for (const LineString& l : roads.features[i].geometry.lines) {
      builder.add_line(l, roads.features[i].id);
      out.kept_km += line_length_m(l) / 1000;
    }
  }
  return builder.build();
}

// Every settlement of tiers 1-3 snapped to the network (an empty network snaps nothing), with the distance
// to its nearest road of the grade, also when that is beyond the snap distance (for the report).
struct SnappedSettlements {
  std::vector<SnapPoint> snaps;
  std::vector<double> nearest_m;
};

SnappedSettlements snap_settlements(const Network& net, const std::vector<RoadSettlement>& settlements,
                                    double max_snap_m) {
  SnappedSettlements s{std::vector<SnapPoint>(settlements.size()),
                       std::vector<double>(settlements.size(), kUnreached)};
  if (net.edge_count() == 0) return s;
  const SnapIndex index(net);
  for (std::size_t i = 0; i < settlements.size(); ++i) {
    if (settlements[i].tier < 1 || settlements[i].tier > 3) continue;
    s.snaps[i] = index.nearest(settlements[i].at, max_snap_m);
    s.nearest_m[i] = s.snaps[i].snapped ? s.snaps[i].snap_m : index.nearest(settlements[i].at, 1e12).snap_m;
  }
  return s;
}

// Town `t` joined to settlement `target` (settlements.size(): there is none), with `ws` holding the
// shortest paths from the town.
GradeLink link_to(const Network& net, const std::vector<RoadSettlement>& settlements,
                  const SnappedSettlements& snapped, std::size_t t, std::size_t target,
                  const ReachWorkspace& ws, const EdgeSources& same) {
  GradeLink l;
  l.town_snap_m = snapped.nearest_m[t];
  if (target == settlements.size()) {
    l.gap = ConnectionGap::NoTarget;
    return l;
  }
  l.target = settlements[target].name;
  l.target_snap_m = snapped.nearest_m[target];
  if (!snapped.snaps[t].snapped) {
    l.gap = ConnectionGap::TownTooFar;
  } else if (!snapped.snaps[target].snapped) {
    l.gap = ConnectionGap::TargetTooFar;
  } else {
    const PathTo p = path_to(net, ws, same, snapped.snaps[target]);
    if (p.length_m < kUnreached)
      l.connected = true, l.length_m = p.length_m;
    else
      l.gap = ConnectionGap::NoPath;
  }
  return l;
}

}  // namespace

GradeConnections check_grade_connections(const Layer& roads, const std::vector<RoadSettlement>& settlements,
                                         const GradeOptions& options) {
  require_lines(roads);
  if (!(options.max_snap_m >= 0)) throw UsageError("the maximum snap distance must be ≥ 0 metres");
  GradeConnections out;
  out.min_grade = options.min_grade;
  out.max_snap_m = options.max_snap_m;
  out.lines = roads.features.size();
  const Network net = grade_network(roads, options, out);
  const SnappedSettlements snapped = snap_settlements(net, settlements, options.max_snap_m);

  std::size_t central = settlements.size();
  for (std::size_t i = 0; i < settlements.size() && central == settlements.size(); ++i)
    if (settlements[i].tier == 1) central = i;
  auto seat_of = [&](const std::string& county) {
    for (std::size_t i = 0; i < settlements.size(); ++i)
      if (settlements[i].tier == 2 && settlements[i].county == county) return i;
    return central;  // a district of the central city (or a county without a seat): the central city
  };

  ReachWorkspace ws;
  for (std::size_t t = 0; t < settlements.size(); ++t) {
    const RoadSettlement& town = settlements[t];
    if (town.tier != 3) continue;
    TownConnection c;
    c.id = town.id, c.name = town.name, c.county = town.county;
    const std::vector<SnapPoint> source{snapped.snaps[t]};
    if (snapped.snaps[t].snapped) shortest_from(net, source, ws);
    const EdgeSources same = sources_by_edge(source);
    c.to_central = link_to(net, settlements, snapped, t, central, ws, same);
    c.to_seat = link_to(net, settlements, snapped, t, seat_of(town.county), ws, same);
    if (c.connected()) ++out.connected;
    out.towns.push_back(std::move(c));
  }
  return out;
}

}  // namespace plan
