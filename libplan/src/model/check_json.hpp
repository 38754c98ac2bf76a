// Parts of the `plan check --json` document that the report's JSON repeats, written once.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "plan/checks.hpp"

namespace plan {

// [{county, kind, seat, guidance, source}, …]; seat and guidance are null when absent.
nlohmann::ordered_json county_guidance_json(const std::vector<CountyGuidance>& guidance);

}  // namespace plan
