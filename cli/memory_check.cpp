#include "memory_check.hpp"

#include <cstdio>
#include <optional>
#include <string>

#include "args.hpp"
#include "plan/error.hpp"
#include "plan/io.hpp"
#include "plan/memory.hpp"
#include "timings.hpp"

namespace cli {

namespace {

std::string thousands(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

}  // namespace

void check_memory(const Args& args, const std::set<std::string>& inputs) {
  const std::optional<std::string> option = args.get("max-memory");
  const bool off = option && *option == "off";
  std::optional<std::uint64_t> limit;
  std::string limit_source;
  if (option && !off) {
    limit = plan::parse_size(*option, "--max-memory");
    limit_source = "--max-memory " + *option;
  }

  {
    Phase startup("start-up");
    plan::prepare_io();  // GDAL's drivers, as the first read would
  }
  Phase phase("estimate");
  plan::MemoryCounts counts;
  for (const std::string& name : inputs) {
    const std::optional<std::string> path = args.get(name);
    if (!path) continue;
    const bool lines = name == "network" || name == "streets";
    const plan::SourceCount c = plan::count_source(*path, args.get(name + "-layer").value_or(""), lines);
    if (!c.opened) continue;  // reading it will say why
    if (!c.counted) {
      (c.osm ? counts.osm_file_bytes : counts.text_file_bytes) += c.file_bytes;
      continue;
    }
    if (lines) {
      counts.network_edges += c.edges;
    } else {
      counts.point_features += c.features;
      if (name == "homes" && args.get("out")) counts.homes_written += c.features;
    }
  }
  const std::uint64_t estimate = plan::estimate_peak_bytes(counts);
  note_memory_estimate(estimate);
  phase.stop();

  std::string what;
  auto add = [&](std::uint64_t n, const char* label) {
    if (n == 0) return;
    what += (what.empty() ? "" : ", ") + thousands(n) + " " + label;
  };
  add(counts.point_features, "point features");
  add(counts.network_edges, "network edges");
  add(counts.homes_written, "homes written");
  if (counts.text_file_bytes)
    what += (what.empty() ? "" : ", ") + plan::format_size(counts.text_file_bytes) + " of text files";
  if (counts.osm_file_bytes)
    what += (what.empty() ? "" : ", ") + plan::format_size(counts.osm_file_bytes) + " of OSM files";

  if (!option) {
    limit = plan::mem_available_bytes();  // none when /proc/meminfo cannot tell: no default limit
    limit_source = "the memory available now (MemAvailable in /proc/meminfo)";
  }
  if (timings_enabled())
    std::fprintf(stderr, "memory estimate: %s -> %.0f MB; limit %s\n", what.c_str(),
                 static_cast<double>(estimate) / (1024.0 * 1024),
                 limit ? (plan::format_size(*limit) + ", " + limit_source).c_str() : "none");
  if (!limit || estimate <= *limit) return;

  throw plan::UsageError(
      "not started: the run is estimated to need " + plan::format_size(estimate) + " of memory (" + what +
      "), more than the limit of " + plan::format_size(*limit) + " (" + limit_source +
      "). Split the region (plan tile), or give --max-memory SIZE to allow more (e.g. "
      "--max-memory " +
      std::to_string(estimate / (1024ull * 1024 * 1024) + 1) + "G) or --max-memory off to skip this check");
}

}  // namespace cli
