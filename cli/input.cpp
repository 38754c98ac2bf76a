#include "input.hpp"

#include <iostream>

namespace cli {

Inputs::Inputs(const Args& args) : crs_(args.get("crs").value_or("")), assume_crs_(args.get("assume-crs").value_or("")) {}

plan::Layer Inputs::read(const Args& args, const std::string& name, std::optional<plan::GeometryKind> kind) {
  plan::ReadOptions options;
  options.layer = args.get(name + "-layer").value_or("");
  options.where = args.get(name + "-where").value_or("");
  options.target_crs = crs_;
  options.assume_crs = assume_crs_;
  options.expect = kind;
  plan::ReadReport report;
  const std::string path = args.require(name);
  plan::Layer layer = plan::read_layer(path, options, &report);
  print_report(path, report);
  if (crs_.empty()) crs_ = layer.crs;
  paths_.push_back(path);
  return layer;
}

void print_report(const std::string& what, const plan::ReadReport& report) {
  for (const std::string& w : report.warnings) std::cerr << "warning: " << w << "\n";
  if (report.skipped_empty)
    std::cerr << "warning: " << what << ": skipped " << report.skipped_empty << " feature(s) with no geometry\n";
}

plan::WriteOptions write_options(const Args& args, const Inputs& inputs) {
  plan::WriteOptions w;
  w.overwrite = args.flag("overwrite");
  w.inputs = inputs.paths();
  return w;
}

}  // namespace cli
