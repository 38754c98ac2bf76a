// The options many commands share, each declared by one function so that it is spelt and described the
// same way everywhere. The values are read where they are used (Inputs, write_output, check_memory, ...).
#pragma once

#include <string>
#include <vector>

#include "args.hpp"

namespace cli {

// --crs EPSG:N (the CRS everything is measured in) and --assume-crs EPSG:N (for inputs without one).
void add_crs_options(Args& args);
// --assume-crs alone.
void add_assume_crs_option(Args& args);
// --gcj02 NAMES and --bd09 NAMES: inputs holding Chinese web-map lon/lat.
void add_lonlat_offset_options(Args& args);
// --out OUT (what it writes: `writes`), --overwrite, and --json unless `json` is false.
void add_output_options(Args& args, const std::string& writes, bool json = true);
// --overwrite alone, for the commands whose --out is not a layer.
void add_overwrite_option(Args& args);
// --json alone, for the commands that write nothing.
void add_json_option(Args& args);
// --max-memory SIZE.
void add_max_memory_option(Args& args);
// --timings (main() takes it before the command runs; declared so that every help lists it).
void add_timings_option(Args& args);
// --speed-kmh KMH, the walking speed.
void add_speed_option(Args& args);
// --max-snap M: how far a point may lie from the network (default `max_snap_m` metres).
void add_max_snap_option(Args& args, double max_snap_m);
// --mode walk|drive.
void add_mode_option(Args& args);
// --largest-component.
void add_largest_component_option(Args& args);

// The description of a command for its --help: its line in `plan --help`.
std::string command_description(const std::string& name);

// The shared prose of the --max-memory option, for the footers of the commands that take it.
extern const char* const kMaxMemoryHelp;
// The shared prose of --X-where, --gcj02 and --bd09.
extern const char* const kInputFilterHelp;

}  // namespace cli
