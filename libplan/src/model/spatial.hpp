// Small planar measurements on plain geometry (metres), used by the plan checks and the schema rules.
#pragma once

#include <string>
#include <vector>

#include "plan/geometry.hpp"

namespace plan {

// The file a plan layer lives in: <folder>/<layer>.geojson for a plan folder, the GeoPackage itself
// otherwise.
std::string layer_file(const std::string& plan_source, const std::string& layer);

namespace spatial {

// Point in polygon (even–odd over outer rings and holes); a point on an edge may go either way.
bool contains(const MultiPolygon& polygons, XY p);
// 0 inside, else the distance to the nearest edge.
double distance_to_polygons(const MultiPolygon& polygons, XY p);
double distance_to_lines(const std::vector<LineString>& lines, XY p);
double length_m(const std::vector<LineString>& lines);
// Length of the lines inside the polygons (GEOS intersection).
double length_within_m(const std::vector<LineString>& lines, const MultiPolygon& polygons);
// Area of the intersection of two polygon sets (GEOS overlay).
double overlap_area_m2(const MultiPolygon& a, const MultiPolygon& b);
// Union of polygons into valid non-overlapping parts (GEOS).
MultiPolygon dissolve(const MultiPolygon& polygons);

}  // namespace spatial
}  // namespace plan
