// Errors raised by libplan. Every failure the library can detect in its input is a plan::DataError that
// names where it happened (file, layer, feature) and what is wrong; misuse of the API (a negative radius,
// an unknown option) is a plan::UsageError. The library never prints: front ends catch and report.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace plan {

// Where in the input a problem was found. Empty parts are left out of the message.
struct Location {
  std::string file;
  std::string layer;
  std::optional<std::int64_t> feature_id;
  std::string field;

  // "file.gpkg, layer 'stops', feature 17, field 'pop'"
  std::string describe() const;
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The data is unreadable or breaks a rule (missing file, no CRS, wrong geometry type, non-numeric field).
class DataError : public Error {
 public:
  DataError(Location where, const std::string& problem);
  explicit DataError(const std::string& problem) : Error(problem) {}
  const Location& where() const { return where_; }
  const std::string& problem() const { return problem_; }

 private:
  Location where_;
  std::string problem_;
};

// The caller asked for something meaningless (negative radius, unknown format, output over an input).
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace plan
