// Stop coverage: the share of an area (and of its people) within a radius of transit stops.
//
// Definition followed (the national transit-metropolis indicator, used by the Heze plan as indicator 11
// "中心城区公交站点500米覆盖率"): merge straight-line circles of radius R around all stops, overlaps counted
// once, and divide by the area after removing exclusion polygons (water, parks, schools, military land)
// larger than a threshold (1 km² each by default):
//
//   area_ratio = area(⋃ disk(stop, R) ∩ (area − exclusions)) / area(area − exclusions)
//
// Areas of the union of disks are computed exactly (boundary integral over circular arcs and polygon
// edges), not from buffer polygons.
//
//   plan::CoverageInput in;
//   in.stops = {{0, 0}, {600, 0}};
//   in.area = {plan::rectangle(-1000, -1000, 1000, 1000)};
//   plan::CoverageResult r = plan::compute_coverage(in, {});   // r.area_ratio ≈ 0.33
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/geometry.hpp"

namespace plan {

struct PopulationPolygon {
  Polygon polygon;
  double population = 0;
};

struct PopulationPoint {
  XY position;
  double population = 0;
};

struct CoverageInput {
  std::vector<XY> stops;            // metres, same CRS as everything else
  MultiPolygon area;                // the study area, e.g. the central-city built-up area
  std::vector<Polygon> exclusions;  // candidates; only those larger than exclusion_min_area_m2 count
  std::vector<PopulationPolygon> population_polygons;  // people spread evenly over each polygon
  std::vector<PopulationPoint> population_points;      // people at points
};

struct CoverageOptions {
  double radius_m = 500;
  double exclusion_min_area_m2 = 1e6;      // the official method removes only exclusions larger than 1 km²
  bool want_polygons = false;              // also build the covered and gap polygons (slower; for output)
  int polygon_segments_per_quadrant = 32;  // smoothness of the output circles; does not affect the areas
};

struct CoverageResult {
  std::string definition;  // a sentence naming the method the figures follow
  double radius_m = 0;
  std::size_t stops_used = 0;  // distinct stop positions
  std::size_t exclusions_removed = 0;
  double area_m2 = 0;      // area − exclusions, the denominator
  double excluded_m2 = 0;  // area removed by exclusions
  double covered_m2 = 0;
  double area_ratio = 0;  // covered_m2 / area_m2, 0 when area_m2 is 0
  bool has_population = false;
  double population_total = 0;
  double population_covered = 0;
  std::optional<double> population_ratio;  // nullopt without population input
  MultiPolygon covered;                    // filled when options.want_polygons
  MultiPolygon gaps;
};

// The area the transit-metropolis method measures: the study area less the exclusion polygons larger than
// `exclusion_min_area_m2` (smaller ones stay). `removed`, when given, receives how many were taken out.
MultiPolygon study_area(const MultiPolygon& area, const std::vector<Polygon>& exclusions,
                        double exclusion_min_area_m2, std::size_t* removed = nullptr);

// Computes stop coverage. Throws UsageError for a radius ≤ 0 or a negative population.
CoverageResult compute_coverage(const CoverageInput& input, const CoverageOptions& options);

// Exact area of (⋃ disk(c, radius)) ∩ region, region a valid multipolygon. The building block of
// compute_coverage, exposed for other measures.
double disk_union_area_within(const std::vector<XY>& centres, double radius_m, const MultiPolygon& region);

// Exact area of the union of disks, with no clipping region.
double disk_union_area(const std::vector<XY>& centres, double radius_m);

}  // namespace plan
