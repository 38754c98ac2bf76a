// The memory check of the heavy commands: before reading, their inputs are counted (plan::count_source),
// the run's peak memory estimated (plan::estimate_peak_bytes) and compared with --max-memory SIZE, or,
// without it, with the memory the machine has available (MemAvailable). A run estimated beyond the limit
// stops with UsageError (exit 2) before reading anything; --max-memory off skips the check. With the default
// limit the inputs are first bounded by their sizes on disk (plan::bound_source_by_size), and counted only
// when that bound does not fit.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "args.hpp"
#include "plan/tiling.hpp"

namespace cli {

// `inputs` are the command's input names (--network, --homes, ...): "network" and "streets" are counted
// by their edges, the others by their features; homes are counted again as written rows when --out is
// given. Notes the estimate for --timings.
void check_memory(const Args& args, const std::set<std::string>& inputs);

// The same for plan tile, whose tiles run one after another: the estimate is the largest tile's (the
// features each input has within the tile's extent widened by the job's halo, counted through the
// sources' spatial index; the network's edges from its edges per line), plus the owned homes of every
// tile run, which are kept until they are written together at the end.
void check_tile_memory(const Args& args, const plan::TileJob& job, const std::vector<plan::Tile>& tiles);

}  // namespace cli
