// Reading the command line's input datasets: one CRS for all of them, warnings to stderr.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "args.hpp"
#include "plan/io.hpp"
#include "timings.hpp"

namespace cli {

template <class T>
class Aside;

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

  // Fixes the CRS now from input `name`, the one the command reads first, as reading it would
  // (plan::stored_metric_crs), so that other inputs can be read at the same time as it (read_aside). Leaves
  // it to that read when the source stores no extent (or cannot be read: the read then says why).
  void fix_crs(const Args& args, const std::string& name);

  // Runs read(inputs), reads of other inputs (e.g. read_places), on a second thread when the CRS is fixed,
  // to overlap with the reads made before Aside::get; otherwise in get(), on this thread. Either way get()
  // returns its result or throws its error, printing its warnings and noting its paths then: the run's
  // output and its first error stay those of reading the inputs one after another, in the order of get().
  template <class T>
  Aside<T> read_aside(std::function<T(Inputs&)> read);

  const std::string& crs() const { return crs_; }
  // Every path read so far: outputs must never replace one of them.
  const std::vector<std::string>& paths() const { return paths_; }

 private:
  template <class T>
  friend class Aside;

  // What a read prints and notes once it is done (at once, or in Aside::get for a read aside).
  void done(const std::string& path, const plan::ReadReport& report);
  void merge(Inputs& aside);

  std::string crs_;
  std::string assume_crs_;
  std::set<std::string> gcj02_, bd09_;
  std::vector<std::string> paths_;
  std::map<std::string, std::vector<std::string>> fields_;
  bool aside_ = false;  // reading on a second thread: reads go to `pending_`, untimed
  std::vector<std::pair<std::string, plan::ReadReport>> pending_;
};

// A read started by Inputs::read_aside. Destroying it unfinished waits for its thread.
template <class T>
class Aside {
 public:
  // Waits for the read ("read" time in --timings), then returns its result or throws its error.
  T get() {
    if (!copy_) return result_.get();
    {
      Phase wait("read");
      result_.wait();
    }
    owner_->merge(*copy_);
    return result_.get();
  }

 private:
  friend class Inputs;
  Inputs* owner_ = nullptr;
  std::shared_ptr<Inputs> copy_;  // the reading thread's Inputs; null when read in get()
  std::future<T> result_;
};

template <class T>
Aside<T> Inputs::read_aside(std::function<T(Inputs&)> read) {
  Aside<T> a;
  a.owner_ = this;
  if (crs_.empty()) {
    a.result_ = std::async(std::launch::deferred, [this, read] { return read(*this); });
    return a;
  }
  {
    Phase startup("start-up");
    plan::prepare_io();
  }
  a.copy_ = std::make_shared<Inputs>(*this);
  a.copy_->aside_ = true;
  a.copy_->paths_.clear();
  a.result_ = std::async(std::launch::async, [copy = a.copy_, read] { return read(*copy); });
  return a;
}

// Prints "warning: ..." lines for what reading repaired or skipped.
void print_report(const std::string& what, const plan::ReadReport& report);

// The same message GDAL gives for all --out handling: inputs may never be replaced.
plan::WriteOptions write_options(const Args& args, const Inputs& inputs);

// plan::write_layers with write_options(args, inputs) and the layers' QGIS styles (stored when the output is
// a GeoPackage), timed as the "write" phase of --timings.
void write_output(const std::string& path, const std::vector<plan::Layer>& layers, const Args& args,
                  const Inputs& inputs, std::vector<plan::LayerStyle> styles = {});

}  // namespace cli
