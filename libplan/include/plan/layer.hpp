// A layer: features of one geometry kind with their attributes, all in one CRS.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "plan/geometry.hpp"

namespace plan {

// An attribute value. monostate is SQL NULL.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

enum class FieldType { Integer, Real, String };

struct Field {
  std::string name;
  FieldType type = FieldType::String;
};

struct Feature {
  std::int64_t id = 0;  // the source's feature id (FID), kept so messages and outputs can name it
  Geometry geometry;
  std::vector<Value> values;  // one per Layer::fields entry
};

struct Layer {
  std::string name;
  std::string source;  // the file or connection string it was read from; empty for computed layers
  std::string crs;     // "EPSG:32650" style authority code of the coordinates
  GeometryKind kind = GeometryKind::Point;
  std::vector<Field> fields;
  std::vector<Feature> features;

  // Index of the field called `name`, or nullopt.
  std::optional<std::size_t> field_index(const std::string& name) const;
};

// One field's values for every feature of a layer, held as a column: results computed per feature (a
// distance, a flag) written beside the layer's own fields (plan::OutputLayer) without widening each
// feature's values. The vector of field.type holds one value per feature; the other two stay empty.
struct Column {
  Field field;
  std::vector<std::int64_t> integers;  // FieldType::Integer
  std::vector<double> reals;           // FieldType::Real
  std::vector<std::string> strings;    // FieldType::String
  std::vector<bool> present;           // empty: every value present; else false where the value is null

  bool is_null(std::size_t feature) const { return !present.empty() && !present[feature]; }
  // The value of `feature` as a layer value (monostate when null).
  Value value(std::size_t feature) const;
};

// The values of a numeric field, one per feature. Text that parses fully as a number is accepted (CSV
// sources type everything as text). Throws DataError naming layer, feature and field for a missing field,
// a null or a non-numeric value.
std::vector<double> numeric_field(const Layer& layer, const std::string& field);

// numeric_field for head counts: also a DataError naming the feature for a negative value.
std::vector<double> population_field(const Layer& layer, const std::string& field);

// All points of a point layer, multipoints flattened.
std::vector<XY> all_points(const Layer& layer);
// All polygons of a polygon layer, multipolygons flattened.
MultiPolygon all_polygons(const Layer& layer);

}  // namespace plan
