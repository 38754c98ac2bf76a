// Small pieces every command's output needs: JSON numbers that may be missing, safe output field names.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace cli {

// A number, or JSON null.
inline nlohmann::ordered_json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

// A category name made safe as part of an output field name (Shapefile and GeoPackage alike): letters,
// digits and '_' kept, anything else becomes '_'.
inline std::string field_safe(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  return out;
}

}  // namespace cli
