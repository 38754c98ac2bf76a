#include "input.hpp"

#include <iostream>
#include <set>

#include "memory_check.hpp"
#include "parse_only.hpp"
#include "plan/error.hpp"
#include "timings.hpp"

namespace cli {

namespace {

std::set<std::string> split_names(const std::optional<std::string>& list) {
  std::set<std::string> names;
  if (!list) return names;
  for (const std::string& name : split_list(*list))
    if (!name.empty()) names.insert(name);
  return names;
}

}  // namespace

Inputs::Inputs(const Args& args, const std::set<std::string>& known)
    : crs_(args.get("crs").value_or("")),
      assume_crs_(args.get("assume-crs").value_or("")),
      gcj02_(split_names(args.get("gcj02"))),
      bd09_(split_names(args.get("bd09"))) {
  if (known.empty()) return;
  for (const auto* names : {&gcj02_, &bd09_})
    for (const std::string& name : *names)
      if (!known.count(name))
        throw plan::UsageError("--gcj02/--bd09: '" + name + "' is not an input of this command");
  before_io();
  check_memory(args, known);
}

plan::Layer Inputs::read(const Args& args, const std::string& name, std::optional<plan::GeometryKind> kind,
                         const std::string& layer_name) {
  plan::ReadOptions options;
  options.layer = layer_name.empty() ? args.get(name + "-layer").value_or("") : layer_name;
  options.where = args.get(name + "-where").value_or("");
  options.target_crs = crs_;
  options.assume_crs = assume_crs_;
  options.expect = kind;
  if (auto it = fields_.find(name); it != fields_.end()) options.fields = it->second;
  if (gcj02_.count(name)) options.offset = plan::LonLatOffset::Gcj02;
  if (bd09_.count(name)) options.offset = plan::LonLatOffset::Bd09;
  const std::string path = args.require(name);
  plan::ReadReport report;
  if (aside_) {  // on a second thread, where phases are not timed; prepared by read_aside
    plan::Layer layer = plan::read_layer(path, options, &report);
    pending_.emplace_back(path, std::move(report));
    return layer;
  }
  {
    Phase startup("start-up");
    plan::prepare_io();
  }
  Phase phase("read");
  plan::Layer layer = plan::read_layer(path, options, &report);
  if (crs_.empty()) crs_ = layer.crs;
  done(path, report);
  return layer;
}

void Inputs::fix_crs(const Args& args, const std::string& name) {
  if (!crs_.empty()) return;
  {
    Phase startup("start-up");
    plan::prepare_io();
  }
  Phase phase("read");
  plan::ReadOptions options;
  options.layer = args.get(name + "-layer").value_or("");
  options.assume_crs = assume_crs_;
  crs_ = plan::stored_metric_crs(args.require(name), options).value_or("");
}

void Inputs::done(const std::string& path, const plan::ReadReport& report) {
  print_report(path, report);
  paths_.push_back(path);
}

void Inputs::merge(Inputs& aside) {
  for (const auto& [path, report] : aside.pending_) done(path, report);
  aside.pending_.clear();
}

void Inputs::only_fields(const std::string& name, const std::vector<std::optional<std::string>>& fields) {
  std::vector<std::string>& kept = fields_[name];
  for (const auto& f : fields)
    if (f) kept.push_back(*f);
}

void print_report(const std::string& what, const plan::ReadReport& report) {
  for (const std::string& w : report.warnings) std::cerr << "warning: " << w << "\n";
  if (report.skipped_empty)
    std::cerr << "warning: " << what << ": skipped " << report.skipped_empty
              << " feature(s) with no geometry\n";
}

plan::WriteOptions write_options(const Args& args, const Inputs& inputs) {
  plan::WriteOptions w;
  w.overwrite = args.flag("overwrite");
  w.inputs = inputs.paths();
  return w;
}

void write_output(const std::string& path, const std::vector<plan::Layer>& layers, const Args& args,
                  const Inputs& inputs, std::vector<plan::LayerStyle> styles) {
  Phase phase("write");
  plan::WriteOptions w = write_options(args, inputs);
  w.styles = std::move(styles);
  plan::write_layers(path, layers, w);
}

}  // namespace cli
