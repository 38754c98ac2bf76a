// `plan COMMAND --timings`: where a run's wall time goes, by phase (start-up, read, build, snap, compute,
// write, other), printed as one line on stderr when the command ends.
#pragma once

#include <cstdint>
#include <cstdio>

namespace cli {

// Turns the report on (main does this when --timings is given) and notes the time main was entered.
void enable_timings();
bool timings_enabled();

// The run's estimated peak memory (cli::check_memory), printed beside the measured peak.
void note_memory_estimate(std::uint64_t bytes);

// Prints "timings: start-up 0.012 s, read ... ; total ... s; peak memory N MB (estimated M MB)" to `to`
// when enabled; estimate is the time taken counting the inputs for the memory estimate.
// start-up is the time from the process's creation (loading the program and its shared libraries, static
// initialisation; the kernel reports it in 10 ms ticks) to main, plus GDAL's driver registration;
// other is whatever ran in main outside the named phases (argument parsing, printing the result).
void print_timings(std::FILE* to);

// Adds the wall time of its scope to one phase. Scopes nest: an inner phase's time is taken out of the
// outer one, so every second is counted once. Use on the main thread only.
class Phase {
 public:
  explicit Phase(const char* name);
  ~Phase() { stop(); }
  // Ends the phase before the scope does (for phases that produce values used after them).
  void stop();
  Phase(const Phase&) = delete;
  Phase& operator=(const Phase&) = delete;

 private:
  const char* outer_;
  bool open_ = true;
};

}  // namespace cli
