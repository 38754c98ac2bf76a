#include "indicators/demo_data.hpp"

#include <filesystem>

#include "plan/layer.hpp"

namespace plan::indicators {

namespace fs = std::filesystem;

DemoData::DemoData(const Plan& plan) : folder_(plan.demo_path()), crs_(plan.crs) {
  if (!folder_.empty()) label_ = folder_ + " (SYNTHETIC demonstration city, not surveyed)";
}

bool DemoData::has(const std::string& name) const {
  return !folder_.empty() && fs::exists(fs::path(folder_) / (name + ".geojson"));
}

Layer DemoData::read(const std::string& name, GeometryKind kind) const {
  ReadOptions o;
  o.target_crs = crs_;
  o.assume_crs = "EPSG:4326";
  o.expect = kind;
  return read_layer((fs::path(folder_) / (name + ".geojson")).string(), o);
}

Layer DemoData::read_if_present(const std::string& name, GeometryKind kind) const {
  return has(name) ? read(name, kind) : Layer{};
}

std::vector<PopulationPolygon> DemoData::population_blocks() const {
  const Layer pop = read("population", GeometryKind::Polygon);
  const std::vector<double> people = population_field(pop, "population");
  std::vector<PopulationPolygon> blocks;
  for (std::size_t i = 0; i < pop.features.size(); ++i) {
    const double whole = area_m2(pop.features[i].geometry.polygons);
    for (const Polygon& p : pop.features[i].geometry.polygons)
      blocks.push_back({p, whole > 0 ? people[i] * area_m2(p) / whole : 0});
  }
  return blocks;
}

const Indicator* find_computed(const Plan& plan, const std::string& measure) {
  for (const Indicator& i : plan.indicators)
    if (i.computed == measure) return &i;
  return nullptr;
}

}  // namespace plan::indicators
