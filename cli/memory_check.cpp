#include "memory_check.hpp"

#include <algorithm>
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

namespace {

// The counts as the message and --timings give them: "101,000 point features, 20,396 network edges".
std::string describe(const plan::MemoryCounts& counts) {
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
  return what;
}

// --max-memory as given: the limit in bytes (none for "off"), or throws UsageError for a bad size.
struct Limit {
  bool off = false;
  bool by_default = false;  // no --max-memory: the memory available now
  std::optional<std::uint64_t> bytes;
  std::string source;
};

Limit parse_limit(const Args& args) {
  Limit l;
  const std::optional<std::string> option = args.get("max-memory");
  l.off = option && *option == "off";
  if (option && !l.off) {
    l.bytes = plan::parse_size(*option, "--max-memory");
    l.source = "--max-memory " + *option;
  }
  if (!option) {
    l.by_default = true;
    l.bytes = plan::mem_available_bytes();  // none when /proc/meminfo cannot tell: no default limit
    l.source = "the memory available now (MemAvailable in /proc/meminfo)";
  }
  return l;
}

// Notes the estimate for --timings, prints it there, and throws UsageError when it exceeds the limit.
// `scope` goes before the counts in the message, `split` says how to make the run smaller.
void enforce(const Limit& limit, const plan::MemoryCounts& counts, const std::string& scope,
             const std::string& split) {
  const std::uint64_t estimate = plan::estimate_peak_bytes(counts);
  note_memory_estimate(estimate);
  const std::string what = scope + describe(counts);
  if (timings_enabled())
    std::fprintf(stderr, "memory estimate: %s -> %.0f MB; limit %s\n", what.c_str(),
                 static_cast<double>(estimate) / (1024.0 * 1024),
                 limit.bytes ? (plan::format_size(*limit.bytes) + ", " + limit.source).c_str() : "none");
  if (limit.off || !limit.bytes || estimate <= *limit.bytes) return;

  throw plan::UsageError(
      "not started: the run is estimated to need " + plan::format_size(estimate) + " of memory (" + what +
      "), more than the limit of " + plan::format_size(*limit.bytes) + " (" + limit.source + "). " + split +
      ", or give --max-memory SIZE to allow more (e.g. "
      "--max-memory " +
      std::to_string(estimate / (1024ull * 1024 * 1024) + 1) + "G) or --max-memory off to skip this check");
}

void prepare() {
  Phase startup("start-up");
  plan::prepare_io();  // GDAL's drivers, as the first read would
}

// Adds one whole input's count to `counts` (lines: by their edges).
void add_whole(plan::MemoryCounts& counts, const plan::SourceCount& c, bool lines) {
  if (!c.opened) return;  // reading it will say why
  if (!c.counted) {
    (c.osm ? counts.osm_file_bytes : counts.text_file_bytes) += c.file_bytes;
    return;
  }
  (lines ? counts.network_edges : counts.point_features) += lines ? c.edges : c.features;
}

}  // namespace

void check_memory(const Args& args, const std::set<std::string>& inputs) {
  const Limit limit = parse_limit(args);
  if (limit.off || !limit.bytes) return;  // nothing to check against
  prepare();
  Phase phase("estimate");
  // Counts every input with `count` (plan::count_source or its bound); nullopt when one cannot be bounded.
  auto tally = [&](auto&& count) -> std::optional<plan::MemoryCounts> {
    plan::MemoryCounts counts;
    for (const std::string& name : inputs) {
      const std::optional<std::string> path = args.get(name);
      if (!path) continue;
      const bool lines = name == "network" || name == "streets";
      const std::optional<plan::SourceCount> c = count(*path, args.get(name + "-layer").value_or(""), lines);
      if (!c) return std::nullopt;
      add_whole(counts, *c, lines);
      if (c->opened && c->counted && name == "homes" && args.get("out")) counts.homes_written += c->features;
    }
    return counts;
  };
  // With the default limit (the memory available), inputs whose sizes on disk bound the run within it are
  // not opened to be counted: that costs 0.03-0.04 s of a run of a few tenths, for a check that cannot
  // fail. A limit given with --max-memory is checked against the counts, which are closer.
  if (limit.by_default) {
    const auto bound = tally([](const std::string& path, const std::string&, bool lines) {
      return plan::bound_source_by_size(path, lines);
    });
    if (bound && plan::estimate_peak_bytes(*bound) <= *limit.bytes) {
      phase.stop();
      if (timings_enabled())
        std::fprintf(stderr, "memory estimate: at most %.0f MB by the inputs' sizes on disk; limit %s, %s\n",
                     static_cast<double>(plan::estimate_peak_bytes(*bound)) / (1024.0 * 1024),
                     plan::format_size(*limit.bytes).c_str(), limit.source.c_str());
      return;
    }
  }
  const plan::MemoryCounts counts = *tally([](const std::string& path, const std::string& layer, bool lines) {
    return std::optional<plan::SourceCount>(plan::count_source(path, layer, lines));
  });
  phase.stop();
  enforce(limit, counts, "", "Split the region (plan tile)");
}

void check_tile_memory(const Args& args, const plan::TileJob& job, const std::vector<plan::Tile>& tiles) {
  const Limit limit = parse_limit(args);
  if (limit.off || !limit.bytes || tiles.empty()) return;
  prepare();
  Phase phase("estimate");
  const double halo_m = plan::job_halo_m(job);
  std::vector<plan::Extent> owned, read;
  for (const plan::Tile& t : tiles) {
    owned.push_back(t.extent);
    read.push_back(plan::with_halo(t.extent, halo_m));
  }
  // Per tile, what it reads (its extent with the halo); sources without a cheap count by their whole size.
  std::vector<plan::MemoryCounts> per_tile(tiles.size());
  plan::MemoryCounts all_tiles;  // what stays held across tiles: the owned homes, written at the end
  struct Input {
    const plan::TileSource* source;
    bool lines;
  };
  for (const Input in : {Input{&job.homes, false}, Input{&job.facilities, false}, Input{&job.stops, false},
                         Input{&job.network, true}}) {
    const plan::TileSource& s = *in.source;
    if (s.path.empty()) continue;
    const plan::SourceCount whole = plan::count_source(s.path, s.layer, in.lines);
    const auto within = plan::count_features_within(s.path, s.layer, read, job.crs);
    const double edges_per_line =
        whole.features ? static_cast<double>(whole.edges) / static_cast<double>(whole.features) : 0;
    for (std::size_t i = 0; i < tiles.size(); ++i) {
      if (!within) {
        add_whole(per_tile[i], whole, in.lines);
      } else if (in.lines) {
        per_tile[i].network_edges +=
            static_cast<std::uint64_t>(static_cast<double>((*within)[i]) * edges_per_line);
      } else {
        per_tile[i].point_features += (*within)[i];
      }
    }
    if (in.source == &job.homes && whole.opened && whole.counted) {
      // The homes the tiles own (each once; a tile's extent may take a few of its neighbour's), at most all.
      std::uint64_t homes = 0;
      if (const auto o = plan::count_features_within(s.path, s.layer, owned, job.crs))
        for (const std::uint64_t n : *o) homes += n;
      else
        homes = whole.features;
      homes = std::min(homes, whole.features);
      all_tiles.point_features += homes;
      all_tiles.homes_written += homes;
    }
  }
  std::size_t largest = 0;
  for (std::size_t i = 1; i < tiles.size(); ++i)
    if (plan::estimate_peak_bytes(per_tile[i]) > plan::estimate_peak_bytes(per_tile[largest])) largest = i;
  plan::MemoryCounts counts = per_tile[largest];
  counts.point_features += all_tiles.point_features;
  counts.homes_written += all_tiles.homes_written;
  phase.stop();
  enforce(limit, counts,
          "tiles run one at a time; the largest, " + tiles[largest].id + ", reads " +
              describe(per_tile[largest]) + " with its halo; with the " + thousands(all_tiles.homes_written) +
              " homes of the " + thousands(tiles.size()) + " tiles kept until written: ",
          "Run fewer tiles at a time (--tile-id) or smaller ones (--tile-size, --tiles)");
}

}  // namespace cli
