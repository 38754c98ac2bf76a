// Reading --population for the straight-line coverage measures (plan coverage, plan suggest-stops).
#pragma once

#include "args.hpp"
#include "input.hpp"
#include "plan/coverage.hpp"

namespace cli {

// Reads --population with --population-field into the input's population polygons (a multipolygon's
// people spread over its parts in proportion to their area) or points (a multipoint's people shared
// equally). Does nothing without --population. Throws UsageError without --population-field, DataError
// for a line layer or a bad field value.
// Declares --population DS (with --population-layer, --population-where) and --population-field F.
void add_population_options(Args& args);

void read_population(const Args& args, Inputs& inputs, plan::CoverageInput& in);

}  // namespace cli
