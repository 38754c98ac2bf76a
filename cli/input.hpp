// Reading the command line's input datasets: one CRS for all of them, warnings to stderr.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "args.hpp"
#include "plan/io.hpp"

namespace cli {

class Inputs {
 public:
  // Takes --crs, --assume-crs, --gcj02 NAMES and --bd09 NAMES (inputs whose lon/lat come from Chinese
  // web maps, e.g. --gcj02 stops,area) from the arguments. The first layer read fixes the CRS of the rest
  // (the UTM zone of its centre unless --crs is given).
  // `known` lists the command's input names, so that a misspelt name in --gcj02/--bd09 is an error.
  // With `known`, the run's memory is then estimated from them and checked (check_memory: --max-memory).
  explicit Inputs(const Args& args, const std::set<std::string>& known = {});

  // Reads --<name> (with --<name>-layer and --<name>-where when given), expecting the given kind
  // (nullopt: any kind). A non-empty `layer_name` is read instead of --<name>-layer.
  plan::Layer read(const Args& args, const std::string& name, std::optional<plan::GeometryKind> kind,
                   const std::string& layer_name = "");

  // Reads only these attribute fields of input `name` (plan::ReadOptions::fields), for a command that uses
  // no others; an empty optional in `field` stands for a field the user did not name.
  void only_fields(const std::string& name, const std::vector<std::optional<std::string>>& fields);

  const std::string& crs() const { return crs_; }
  // Every path read so far: outputs must never replace one of them.
  const std::vector<std::string>& paths() const { return paths_; }

 private:
  std::string crs_;
  std::string assume_crs_;
  std::set<std::string> gcj02_, bd09_;
  std::vector<std::string> paths_;
  std::map<std::string, std::vector<std::string>> fields_;
};

// Prints "warning: ..." lines for what reading repaired or skipped.
void print_report(const std::string& what, const plan::ReadReport& report);

// The same message GDAL gives for all --out handling: inputs may never be replaced.
plan::WriteOptions write_options(const Args& args, const Inputs& inputs);

// plan::write_layers with write_options(args, inputs) and the layers' QGIS styles (stored when the output is
// a GeoPackage), timed as the "write" phase of --timings.
void write_output(const std::string& path, const std::vector<plan::Layer>& layers, const Args& args,
                  const Inputs& inputs, std::vector<plan::LayerStyle> styles = {});

}  // namespace cli
