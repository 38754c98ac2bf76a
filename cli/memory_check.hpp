// The memory check of the heavy commands: before reading, their inputs are counted (plan::count_source),
// the run's peak memory estimated (plan::estimate_peak_bytes) and compared with --max-memory SIZE, or,
// without it, with the memory the machine has available (MemAvailable). A run estimated beyond the limit
// stops with UsageError (exit 2) before reading anything; --max-memory off skips the check.
#pragma once

#include <set>
#include <string>

#include "args.hpp"

namespace cli {

// `inputs` are the command's input names (--network, --homes, ...): "network" and "streets" are counted
// by their edges, the others by their features; homes are counted again as written rows when --out is
// given. Notes the estimate for --timings.
void check_memory(const Args& args, const std::set<std::string>& inputs);

}  // namespace cli
