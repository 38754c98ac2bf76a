#include "coverage_output.hpp"

namespace cli {

void add_coverage_options(Args& args) {
  args.add_input("stops", "the transit stops (points)");
  args.add_input("area", "the study area (polygons)");
  args.add_input("exclusions", "land removed from the area first: water, parks, schools, military land");
  args.add_number("exclusion-min-area", "M2",
                  "only exclusion polygons larger than this count (default 1000000 m²)", Range::NonNegative);
  args.add_number("radius", "R", "the radius around a stop in metres (default 500)", Range::Positive);
}

plan::Layer polygons_layer(const std::string& name, const std::string& crs,
                           const plan::MultiPolygon& polygons) {
  plan::Layer layer;
  layer.name = name;
  layer.crs = crs;
  layer.kind = plan::GeometryKind::Polygon;
  layer.fields = {{"area_m2", plan::FieldType::Real}};
  std::int64_t id = 1;
  for (const plan::Polygon& p : polygons)
    layer.features.push_back({id++, plan::Geometry::polygon(p), {plan::area_m2(p)}});
  return layer;
}

nlohmann::ordered_json coverage_json(const plan::CoverageResult& r, const std::string& crs) {
  nlohmann::ordered_json j;
  j["definition"] = r.definition;
  j["metric"] = "straight-line";
  j["radius_m"] = r.radius_m;
  j["crs"] = crs;
  j["stops_used"] = r.stops_used;
  j["exclusions_removed"] = r.exclusions_removed;
  j["area_m2"] = r.area_m2;
  j["excluded_m2"] = r.excluded_m2;
  j["covered_m2"] = r.covered_m2;
  j["area_ratio"] = r.area_ratio;
  j["population_total"] = r.has_population ? nlohmann::ordered_json(r.population_total) : nullptr;
  j["population_covered"] = r.has_population ? nlohmann::ordered_json(r.population_covered) : nullptr;
  j["population_ratio"] = optional_number(r.population_ratio);
  return j;
}

}  // namespace cli
