#include "common_options.hpp"

#include "commands.hpp"

namespace cli {

const char* const kMaxMemoryHelp =
    R"(--max-memory SIZE (2G, 512MiB, ...) stops the run before it reads anything when its peak memory, estimated
from the inputs' feature and edge counts, is larger (exit 2); without it the limit is the memory available
now (MemAvailable); --max-memory off skips the check. --timings prints the estimate beside the peak.
)";

const char* const kInputFilterHelp =
    R"(--X-where SQL keeps the features of input X that pass an OGR SQL attribute filter; --gcj02 X,Y (or
--bd09) shifts inputs holding Amap/Tencent (GCJ-02) or Baidu (BD-09) lon/lat back to WGS84.
)";

void add_crs_options(Args& args) {
  args.add_option("crs", "EPSG:N",
                  "the CRS to measure in (default: the UTM zone of the first input's centre)");
  add_assume_crs_option(args);
}

void add_assume_crs_option(Args& args) {
  args.add_option("assume-crs", "EPSG:N", "the CRS of inputs that declare none");
}

void add_lonlat_offset_options(Args& args) {
  args.add_option("gcj02", "NAMES",
                  "inputs (e.g. stops,area) holding Amap/Tencent GCJ-02 lon/lat, shifted back to WGS84");
  args.add_option("bd09", "NAMES", "inputs holding Baidu BD-09 lon/lat, shifted back to WGS84");
}

void add_output_options(Args& args, const std::string& writes, bool json) {
  args.add_option("out", "OUT", writes + " (GeoPackage, or any OGR format by extension)");
  add_overwrite_option(args);
  if (json) add_json_option(args);
}

void add_overwrite_option(Args& args) {
  args.add_flag("overwrite", "replace OUT when it exists (never an input)");
}

void add_json_option(Args& args) { args.add_flag("json", "print the results as JSON"); }

void add_max_memory_option(Args& args) {
  args.add_option("max-memory", "SIZE",
                  "stop before reading when the estimated peak memory is above SIZE (2G, 512MiB, ...; off: "
                  "no check; default: the memory available now)");
}

void add_timings_option(Args& args) {
  args.add_flag("timings",
                "print where the run's time went (start-up, read, build, snap, compute, write) on stderr");
}

void add_speed_option(Args& args) {
  args.add_number("speed-kmh", "KMH", "walking speed in km/h (default 4)", Range::Positive);
}

void add_max_snap_option(Args& args, double max_snap_m) {
  args.add_number("max-snap", "M",
                  "points farther than M metres from the network are left out (default " +
                      std::to_string(static_cast<long long>(max_snap_m)) + ")",
                  Range::NonNegative);
}

void add_mode_option(Args& args) {
  args.add_option("mode", "walk|drive", "walk (the default) or drive: by car over the roads cars use");
}

void add_largest_component_option(Args& args) {
  args.add_flag("largest-component", "snap points only to the largest connected piece of the network");
}

std::string command_description(const std::string& name) {
  for (const Command& c : commands())
    if (name == c.name) return "plan " + name + ": " + c.summary;
  return "plan " + name;
}

}  // namespace cli
