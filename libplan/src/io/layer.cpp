#include "plan/layer.hpp"

#include <cmath>
#include <cstdlib>

#include "plan/error.hpp"

namespace plan {

std::optional<std::size_t> Layer::field_index(const std::string& name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return i;
  return std::nullopt;
}

std::vector<double> numeric_field(const Layer& layer, const std::string& field) {
  const auto idx = layer.field_index(field);
  if (!idx) {
    std::string names;
    for (const Field& f : layer.fields) names += (names.empty() ? "" : ", ") + f.name;
    throw DataError(Location{layer.source, layer.name, {}, field}, "no such field (fields: " + names + ")");
  }
  std::vector<double> out;
  out.reserve(layer.features.size());
  for (const Feature& f : layer.features) {
    const Location where{layer.source, layer.name, f.id, field};
    const Value& v = f.values.at(*idx);
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
      out.push_back(static_cast<double>(*i));
    } else if (const auto* d = std::get_if<double>(&v)) {
      out.push_back(*d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      char* end = nullptr;
      const double x = std::strtod(s->c_str(), &end);
      if (s->empty() || end != s->c_str() + s->size() || !std::isfinite(x))
        throw DataError(where, "value '" + *s + "' is not a number");
      out.push_back(x);
    } else {
      throw DataError(where, "has no value (null); a numeric value is required");
    }
  }
  return out;
}

std::vector<double> population_field(const Layer& layer, const std::string& field) {
  std::vector<double> values = numeric_field(layer, field);
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] < 0)
      throw DataError(Location{layer.source, layer.name, layer.features[i].id, field},
                      "population is negative");
  return values;
}

std::vector<XY> all_points(const Layer& layer) {
  std::vector<XY> out;
  for (const Feature& f : layer.features)
    out.insert(out.end(), f.geometry.points.begin(), f.geometry.points.end());
  return out;
}

MultiPolygon all_polygons(const Layer& layer) {
  MultiPolygon out;
  for (const Feature& f : layer.features)
    out.insert(out.end(), f.geometry.polygons.begin(), f.geometry.polygons.end());
  return out;
}

}  // namespace plan
