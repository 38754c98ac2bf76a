#include "plan/analysis.hpp"

#include <algorithm>
#include <set>

#include "plan/error.hpp"

namespace plan {

namespace {

XY centroid(const MultiPolygon& parts) {
  const Polygon* big = &parts.front();
  for (const Polygon& p : parts)
    if (area_m2(p) > area_m2(*big)) big = &p;
  double a = 0, cx = 0, cy = 0;
  const Ring& r = big->outer;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    const double c = r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
    a += c, cx += (r[i].x + r[i + 1].x) * c, cy += (r[i].y + r[i + 1].y) * c;
  }
  if (a == 0) return r.front();
  return {cx / (3 * a), cy / (3 * a)};
}

}  // namespace

std::vector<XY> place_locations(const Layer& layer) {
  if (layer.kind == GeometryKind::Line)
    throw DataError(Location{layer.source, layer.name, {}, {}}, "must be points or polygons, found lines");
  std::vector<XY> at;
  at.reserve(layer.features.size());
  for (const Feature& f : layer.features)
    at.push_back(layer.kind == GeometryKind::Point ? f.geometry.points.front()
                                                   : centroid(f.geometry.polygons));
  return at;
}

Places places(std::vector<Layer> parts) {
  if (parts.empty()) throw UsageError("places: no layer given");
  Places p;
  if (parts.size() == 1) {
    p.at = place_locations(parts.front());
    p.layer = std::move(parts.front());
    return p;
  }
  p.several_layers = true;
  p.layer.source = parts.front().source;
  p.layer.crs = parts.front().crs;
  p.layer.kind = GeometryKind::Point;
  for (const Layer& part : parts) {
    p.layer.name += (p.layer.name.empty() ? "" : "+") + part.name;
    for (const Field& f : part.fields)
      if (!p.layer.field_index(f.name)) p.layer.fields.push_back(f);
  }
  if (p.layer.field_index("source_layer"))
    throw DataError(Location{p.layer.source, p.layer.name, {}, "source_layer"},
                    "already has a field source_layer, which reading several layers adds");
  p.layer.fields.push_back({"source_layer", FieldType::String});
  const std::size_t width = p.layer.fields.size();
  for (Layer& part : parts) {
    const std::vector<XY> at = place_locations(part);
    std::vector<std::size_t> column;
    for (const Field& f : part.fields) column.push_back(*p.layer.field_index(f.name));
    for (std::size_t i = 0; i < part.features.size(); ++i) {
      Feature f;
      f.id = part.features[i].id;
      f.geometry.kind = GeometryKind::Point;
      f.geometry.points = {at[i]};
      f.values.resize(width);
      for (std::size_t k = 0; k < column.size(); ++k)
        f.values[column[k]] = std::move(part.features[i].values[k]);
      f.values[width - 1] = part.name;
      p.layer.features.push_back(std::move(f));
      p.at.push_back(at[i]);
    }
  }
  return p;
}

StreetNetwork street_network(Layer lines, TravelMode mode) {
  StreetNetwork out;
  const Location where{lines.source, lines.name, {}, {}};
  if (mode == TravelMode::Drive) {
    out.network = drive_network_from_layer(lines, &out.drive_report);
    if (out.network.edge_count() == 0) throw DataError(where, "has no drivable road lines");
    return out;
  }
  out.osm = is_osm_source(lines.source) && lines.name == "lines";
  if (out.osm) lines = walkable_osm_lines(std::move(lines), &out.osm_report);
  out.network = network_from_layer(lines);
  if (out.network.edge_count() == 0) throw DataError(where, "has no usable street lines");
  return out;
}

ReachRun compute_reach(const Network& network, const std::vector<XY>& facilities,
                       const std::vector<std::string>& facility_category,
                       const std::vector<std::string>& categories, const std::vector<XY>& homes,
                       const std::vector<double>& population, double threshold, double max_snap_m,
                       bool largest_component_only) {
  if (!facility_category.empty() && facility_category.size() != facilities.size())
    throw UsageError("compute_reach: " + std::to_string(facility_category.size()) + " categories for " +
                     std::to_string(facilities.size()) + " facilities");
  if (!population.empty() && population.size() != homes.size())
    throw UsageError("compute_reach: " + std::to_string(population.size()) + " head counts for " +
                     std::to_string(homes.size()) + " homes");
  std::vector<std::string> wanted = categories;
  if (!facility_category.empty() && wanted.empty()) {
    std::set<std::string> all(facility_category.begin(), facility_category.end());
    all.erase("");
    wanted.assign(all.begin(), all.end());
  }
  ReachRun r;
  std::vector<XY> used_at;
  for (std::size_t i = 0; i < facilities.size(); ++i)
    if (facility_category.empty() ||
        std::find(wanted.begin(), wanted.end(), facility_category[i]) != wanted.end()) {
      r.used.push_back(i);
      used_at.push_back(facilities[i]);
    }
  if (r.used.empty()) return r;

  const SnapIndex index(network, 0, largest_component_only);
  r.facility_snaps = snap_points(index, used_at, max_snap_m);
  r.home_snaps = snap_points(index, homes, max_snap_m);
  ReachWorkspace ws;
  r.nearest = nearest_facilities(network, r.facility_snaps, r.home_snaps, ws);
  r.covered.resize(homes.size());
  for (std::size_t i = 0; i < homes.size(); ++i) r.covered[i] = r.nearest.cost[i] <= threshold;
  r.shares = reach_shares(r.nearest.distance_m, r.covered, population);
  if (facility_category.empty() || wanted.size() < 2) return r;
  for (const std::string& c : wanted) {
    CategoryRun pc;
    pc.name = c;
    std::vector<SnapPoint> mine;
    for (std::size_t k = 0; k < r.used.size(); ++k)
      if (facility_category[r.used[k]] == c) mine.push_back(r.facility_snaps[k]), ++pc.facilities;
    pc.nearest = nearest_facilities(network, mine, r.home_snaps, ws);
    pc.covered.resize(homes.size());
    for (std::size_t i = 0; i < homes.size(); ++i) pc.covered[i] = pc.nearest.cost[i] <= threshold;
    pc.shares = reach_shares(pc.nearest.distance_m, pc.covered, population);
    r.categories.push_back(std::move(pc));
  }
  return r;
}

void add_population(const Layer& pop, const std::string& field, CoverageInput& in) {
  const std::vector<double> values = population_field(pop, field);
  for (std::size_t i = 0; i < pop.features.size(); ++i) {
    const Feature& f = pop.features[i];
    const double share = values[i];
    if (pop.kind == GeometryKind::Polygon) {
      const double total = area_m2(f.geometry.polygons);
      for (const Polygon& p : f.geometry.polygons)
        in.population_polygons.push_back({p, total > 0 ? share * area_m2(p) / total : 0});
    } else if (pop.kind == GeometryKind::Point) {
      for (const XY& p : f.geometry.points)
        in.population_points.push_back({p, share / static_cast<double>(f.geometry.points.size())});
    } else {
      throw DataError(Location{pop.source, pop.name, {}, {}},
                      "population must be polygons or points, found lines");
    }
  }
}

}  // namespace plan
