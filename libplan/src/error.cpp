#include "plan/error.hpp"

namespace plan {

std::string Location::describe() const {
  std::string s;
  auto add = [&s](const std::string& part) {
    if (!s.empty()) s += ", ";
    s += part;
  };
  if (!file.empty()) add(file);
  if (!layer.empty()) add("layer '" + layer + "'");
  if (feature_id) add("feature " + std::to_string(*feature_id));
  if (!field.empty()) add("field '" + field + "'");
  return s;
}

DataError::DataError(Location where, const std::string& problem)
    : Error(where.describe().empty() ? problem : where.describe() + ": " + problem),
      where_(std::move(where)),
      problem_(problem) {}

}  // namespace plan
