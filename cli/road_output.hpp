// The road checks' figures as JSON and as text, shared by `plan roads` and `plan check --roads`.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "args.hpp"
#include "plan/roads.hpp"

namespace cli {

// "A=快速路,B=主干路" → {{"A","快速路"},{"B","主干路"}}. Throws UsageError naming `option` for an item
// without '='.
std::map<std::string, std::string> parse_value_map(const std::string& text, const std::string& option);

// The definitions printed with the figures (and in --json), naming their standards.
extern const char* kDensityDefinition;
extern const char* kGradeDefinition;

nlohmann::ordered_json density_json(const plan::RoadDensity& d);
nlohmann::ordered_json connections_json(const plan::GradeConnections& g);
void print_density(const plan::RoadDensity& d);
void print_connections(const plan::GradeConnections& g);

// "二级" for 2 and so on; "高速" for 0.
std::string grade_name(int grade);

}  // namespace cli
