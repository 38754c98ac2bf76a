// The plan's demonstration data: the GeoJSON layers (WGS84) in its demo/ folder that the computed
// indicators, the service circles and the report's proposal lines measure, read into the plan's CRS.
#pragma once

#include <string>
#include <vector>

#include "plan/coverage.hpp"
#include "plan/io.hpp"
#include "plan/plan.hpp"

namespace plan::indicators {

class DemoData {
 public:
  explicit DemoData(const Plan& plan);

  bool empty() const { return folder_.empty(); }
  // Whether the folder holds <name>.geojson.
  bool has(const std::string& name) const;
  // The layer, every feature of kind `kind` (else a DataError naming the file and feature).
  Layer read(const std::string& name, GeometryKind kind) const;
  // The layer, or an empty one when the folder does not hold it.
  Layer read_if_present(const std::string& name, GeometryKind kind) const;
  // The `population` blocks, each polygon part with its share of the block's people by area.
  std::vector<PopulationPolygon> population_blocks() const;
  // What every value computed from it names as its data: the folder, labelled SYNTHETIC.
  const std::string& label() const { return label_; }

 private:
  std::string folder_, crs_, label_;
};

// The plan's indicator that `measure` ("stop_coverage", ...) computes, or null.
const Indicator* find_computed(const Plan& plan, const std::string& measure);

}  // namespace plan::indicators
