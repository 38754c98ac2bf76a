// What both variants of `plan coverage` (straight-line and network) write and print in common.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "args.hpp"
#include "output_fields.hpp"
#include "plan/coverage.hpp"
#include "plan/layer.hpp"

namespace cli {

// Declares the inputs and figures of straight-line stop coverage: --stops, --area, --exclusions (each with
// -layer and -where), --exclusion-min-area and --radius.
void add_coverage_options(Args& args);

// A polygon layer with an area_m2 field, one feature per polygon.
plan::Layer polygons_layer(const std::string& name, const std::string& crs,
                           const plan::MultiPolygon& polygons);

// The straight-line figures as the --json object: definition, radius_m, crs, stops_used, area_m2,
// excluded_m2, covered_m2, area_ratio and the population figures (null without population).
nlohmann::ordered_json coverage_json(const plan::CoverageResult& r, const std::string& crs);

}  // namespace cli
