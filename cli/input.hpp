// Reading the command line's input datasets: one CRS for all of them, warnings to stderr.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "plan/io.hpp"

namespace cli {

class Inputs {
 public:
  // Takes --crs and --assume-crs from the arguments. The first layer read fixes the CRS of the rest
  // (the UTM zone of its centre unless --crs is given).
  explicit Inputs(const Args& args);

  // Reads --<name> (with --<name>-layer and --<name>-where when given), expecting the given kind
  // (nullopt: any kind).
  plan::Layer read(const Args& args, const std::string& name, std::optional<plan::GeometryKind> kind);

  const std::string& crs() const { return crs_; }
  // Every path read so far: outputs must never replace one of them.
  const std::vector<std::string>& paths() const { return paths_; }

 private:
  std::string crs_;
  std::string assume_crs_;
  std::vector<std::string> paths_;
};

// Prints "warning: ..." lines for what reading repaired or skipped.
void print_report(const std::string& what, const plan::ReadReport& report);

// The same message GDAL gives for all --out handling: inputs may never be replaced.
plan::WriteOptions write_options(const Args& args, const Inputs& inputs);

}  // namespace cli
