// Temporary ("partial") outputs: removed when the process is interrupted, and left-overs of dead processes
// removed by a later run. Writers name their temporary dataset ".<stem>.partial-<pid><ext>" beside the
// target (GDAL may add sidecars such as "-journal" or a Shapefile's .dbf).
#pragma once

#include <filesystem>
#include <string>

namespace plan::io {

// While alive, the files "<dir>/<temp_stem><ext>" (with the sidecars SQLite and Shapefiles add) are removed
// if the process receives SIGINT or SIGTERM; the signal then takes its default action (the process ends
// with it). The handlers are installed on first use, only where the signal still has its default action, so
// a program's own handler is never replaced. Up to 16 guards at once (from any threads); beyond that, or
// for a path longer than 1000 bytes, the guard does nothing.
class PartialFileGuard {
 public:
  PartialFileGuard(const std::filesystem::path& dir, const std::string& temp_stem,
                   const std::string& extension);
  ~PartialFileGuard();
  PartialFileGuard(const PartialFileGuard&) = delete;
  PartialFileGuard& operator=(const PartialFileGuard&) = delete;

 private:
  int slot_ = -1;
};

// Removes from `dir` the partial files of `output_stem` ("." + output_stem + ".partial-<pid>…") whose
// process no longer exists (killed with SIGKILL, or by a power cut). Files of living processes and of other
// outputs are left alone. Returns how many files were removed; errors are ignored (best effort).
std::size_t remove_stale_partials(const std::filesystem::path& dir, const std::string& output_stem);

}  // namespace plan::io
